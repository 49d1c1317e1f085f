"""Top-level URLs: the public site, accounts, the admin panel."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from annotations.urls import urlpatterns as annotation_desk_urls
from claims.urls import urlpatterns as claim_desk_urls
from intake.urls import urlpatterns as intake_desk_urls
from publication import views as publication_views

admin.site.site_header = "Claims versus context — administration"
admin.site.site_title = "Claims versus context"

# Swagger UI sets style attributes and draws its icons from data: URLs; only this page
# relaxes styles and images. Its scripts stay under the site-wide policy ('self' only).
api_docs = csp_replace({"style-src": [SELF, "'unsafe-inline'"], "img-src": [SELF, "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="public:claim-list", permanent=False)),
    path("claims/", include("publication.urls")),
    # Speakers' pages, feeds, oEmbed, sitemap.xml and robots.txt.
    path("", include("publication.site_urls")),
    path("sources/<slug:slug>/", publication_views.source_detail, name="source-page"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The editorial desk: both apps' screens under one "desk" namespace.
    path("desk/", include((claim_desk_urls + annotation_desk_urls + intake_desk_urls, "desk"))),
    path("admin/", admin.site.urls),
    # --- publication: REST API, OpenAPI schema, interactive docs ---
    path("api/v1/", include("publication.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file, not inline, so scripts stay strict here too.
    path("api/docs/", api_docs, name="api-docs"),
]
