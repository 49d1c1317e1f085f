"""Desk screens of the intake app, mounted under /desk/ in the "desk" namespace."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
