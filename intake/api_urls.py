"""API endpoints of the intake app, spliced into /api/v1/ by publication.api.urls."""

from __future__ import annotations

from django.urls import URLPattern, path

from intake.api import Extract

urlpatterns: list[URLPattern] = [
    path("extract/", Extract.as_view(), name="extract"),
]
