"""Top-level URLs: the public site, accounts, the admin panel."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

admin.site.site_header = "Claims versus context — administration"
admin.site.site_title = "Claims versus context"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="public:claim-list", permanent=False)),
    path("claims/", include("publication.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # --- publication: REST API, OpenAPI schema, interactive docs ---
    path("api/v1/", include("publication.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, not inline, so a strict CSP allows it.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
