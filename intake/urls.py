"""Desk screens of the intake app, mounted under /desk/ in the "desk" namespace."""

from __future__ import annotations

from django.urls import URLPattern, path

from intake import views

urlpatterns: list[URLPattern] = [
    path("already-checked/", views.already_checked, name="already-checked"),
    path("sources/<slug:slug>/intake/", views.source_intake, name="source-intake"),
    path(
        "sources/<slug:slug>/already-checked/",
        views.source_already_checked,
        name="source-already-checked",
    ),
    path(
        "intakes/<int:pk>/sentences/<int:number>/claim/",
        views.sentence_claim,
        name="sentence-claim",
    ),
    path(
        "intakes/<int:pk>/sentences/<int:number>/repeat/",
        views.sentence_repeat,
        name="sentence-repeat",
    ),
]
