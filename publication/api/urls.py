"""URLs of the REST API, included at /api/v1/."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import SimpleRouter

from intake.api_urls import urlpatterns as intake_urls
from publication.api.claims import ClaimViewSet
from publication.api.exports import ClaimReviews, ExportCSV, ExportJSON, ExportJSONLines
from publication.api.notes import NoteViewSet
from publication.api.resources import CitationViewSet, SpeakerViewSet
from publication.api.root import ApiRoot
from publication.api.sources import SourceViewSet
from publication.api.webannotations import AnnotationCollection, AnnotationDetail
from publication.api.workflow import BatchWorkflow

router = SimpleRouter(use_regex_path=False)
router.register("claims", ClaimViewSet, basename="claim")
router.register("notes", NoteViewSet, basename="note")
router.register("citations", CitationViewSet, basename="citation")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("sources", SourceViewSet, basename="source")

app_name = "api"


@csrf_exempt
def not_found(request: HttpRequest, **kwargs: str) -> JsonResponse:
    """A JSON 404 for any other address under /api/v1/, not the site's HTML page."""
    # Reached by slugs the URL converters refuse ("a b", "a/b") and ids that are not numbers.
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("", ApiRoot.as_view(), name="root"),
    path("export.json", ExportJSON.as_view(), name="export-json"),
    path("export.jsonl", ExportJSONLines.as_view(), name="export-jsonl"),
    path("export.csv", ExportCSV.as_view(), name="export-csv"),
    path("claimreview.json", ClaimReviews.as_view(), name="claimreview"),
    path("workflow/", BatchWorkflow.as_view(), name="workflow"),
    path("annotations/", AnnotationCollection.as_view(), name="annotations"),
    path("annotations/<slug:key>/", AnnotationDetail.as_view(), name="annotation"),
    *intake_urls,
    *router.urls,
    re_path(r"^", not_found),
]
