"""API endpoints of the intake app, spliced into /api/v1/ by publication.api.urls."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
