"""Top-level URLs: the public site, accounts, the admin panel."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from annotations.urls import urlpatterns as annotation_desk_urls
from claims.urls import urlpatterns as claim_desk_urls

admin.site.site_header = "Claims versus context — administration"
admin.site.site_title = "Claims versus context"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="public:claim-list", permanent=False)),
    path("claims/", include("publication.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The editorial desk: both apps' screens under one "desk" namespace.
    path("desk/", include((claim_desk_urls + annotation_desk_urls, "desk"))),
    path("admin/", admin.site.urls),
]
