"""URLs of the REST API, included at /api/v1/."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from publication.api.claims import ClaimViewSet
from publication.api.exports import ClaimReviews, ExportCSV, ExportJSON, ExportJSONLines
from publication.api.notes import NoteViewSet
from publication.api.resources import CitationViewSet, SourceViewSet, SpeakerViewSet

router = SimpleRouter(use_regex_path=False)
router.register("claims", ClaimViewSet, basename="claim")
router.register("notes", NoteViewSet, basename="note")
router.register("citations", CitationViewSet, basename="citation")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("sources", SourceViewSet, basename="source")

app_name = "api"

urlpatterns = [
    path("export.json", ExportJSON.as_view(), name="export-json"),
    path("export.jsonl", ExportJSONLines.as_view(), name="export-jsonl"),
    path("export.csv", ExportCSV.as_view(), name="export-csv"),
    path("claimreview.json", ClaimReviews.as_view(), name="claimreview"),
    *router.urls,
]
