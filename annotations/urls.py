"""Desk URLs for the dashboard, the claim list, notes, verdicts, corrections and history.

Mounted together with claims.urls under /desk/ in the "desk" namespace.
"""

from __future__ import annotations

from django.urls import path

from annotations.views import claim_list, corrections, dashboard, history, notes, verdicts

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("approve/", dashboard.batch_approve, name="batch-approve"),
    path("claims/", claim_list.claim_list, name="claim-list"),
    path("claims/<slug:slug>/history/", history.claim_history, name="claim-history"),
    path("claims/<slug:slug>/correct/", corrections.claim_correct, name="claim-correct"),
    path("claims/<slug:slug>/retract/", corrections.claim_retract, name="claim-retract"),
    path("claims/<slug:slug>/verdict/", verdicts.verdict_edit, name="verdict-edit"),
    path("claims/<slug:slug>/verdict/delete/", verdicts.verdict_delete, name="verdict-delete"),
    path("denominators/", notes.note_denominator_choices, name="note-denominators"),
    path("notes/", notes.note_list, name="note-list"),
    path("notes/new/", notes.note_create, name="note-create"),
    path("notes/<slug:slug>/", notes.note_detail, name="note-detail"),
    path("notes/<slug:slug>/edit/", notes.note_edit, name="note-edit"),
    path("notes/<slug:slug>/history/", history.note_history, name="note-history"),
    path("notes/<slug:slug>/submit/", notes.note_submit, name="note-submit"),
    path("notes/<slug:slug>/approve/", notes.note_approve, name="note-approve"),
    path("notes/<slug:slug>/reject/", notes.note_reject, name="note-reject"),
    path("notes/<slug:slug>/correct/", corrections.note_correct, name="note-correct"),
    path("notes/<slug:slug>/retract/", corrections.note_retract, name="note-retract"),
]
