"""API endpoints of the intake app, spliced into /api/v1/ by publication.api.urls."""

from __future__ import annotations

from django.urls import URLPattern, path

from intake.api.extract import Extract
from intake.api.match import MatchView

urlpatterns: list[URLPattern] = [
    path("extract/", Extract.as_view(), name="extract"),
    path("match/", MatchView.as_view(), name="match"),
]
