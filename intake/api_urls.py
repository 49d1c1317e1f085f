"""API endpoints of the intake app, spliced into /api/v1/ by publication.api.urls."""

from __future__ import annotations

from django.urls import URLPattern, path

from intake.api import MatchView

urlpatterns: list[URLPattern] = [
    path("match/", MatchView.as_view(), name="match"),
]
