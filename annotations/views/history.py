"""History pages: every change to a claim or a note and to the rows that hang off it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Citation, ContextNote, Correction, NoteFigure, Verdict
from annotations.views.access import get_note_for
from claims.history import readable_history
from claims.models import Anchor, Claim, ClaimRelation
from claims.views.access import desk_required, get_claim_for, paginate
from claims.views.claims import figure_history

PER_PAGE = 50


def _note_ids_ever_on(claim: Claim) -> Any:
    """Ids of the notes that were attached to `claim` at any point of their history."""
    attachments = ContextNote.history.model.claims.model
    return attachments.objects.filter(claim_id=claim.pk).values("contextnote_id")


@desk_required
def claim_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what on a claim: its fields, figures, relations, verdict, notes, corrections."""
    claim, _ = get_claim_for(request.user, slug)
    entries = readable_history(
        (claim.history.all(), lambda r: "Claim"),
        figure_history(claim),
        (
            ClaimRelation.history.filter(Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)),
            lambda r: f"Relation ({r.get_kind_display()})",
        ),
        (Verdict.history.filter(claim_id=claim.pk), lambda r: "Verdict"),
        (
            ContextNote.history.filter(id__in=_note_ids_ever_on(claim)),
            lambda r: f"Note “{r.title}”",
        ),
        (Correction.history.filter(claim_id=claim.pk), lambda r: r.get_kind_display()),
        # Anchor moves and orphanings say which revision of the source caused them.
        (
            Anchor.history.filter(claim_id=claim.pk),
            lambda r: (
                f"Anchor ({r.history_change_reason})" if r.history_change_reason else "Anchor"
            ),
        ),
    )
    context = {"obj": claim, "page": paginate(request, entries, PER_PAGE), "kind": "claim"}
    return render(request, "desk/history.html", context)


@desk_required
def note_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Who changed what on a note: its fields, attached claims, citations, figures, corrections."""
    note, _ = get_note_for(request.user, slug)
    entries = readable_history(
        (note.history.all(), lambda r: "Note"),
        (Citation.history.filter(note_id=note.pk), lambda r: f"Citation “{r.title}”"),
        (NoteFigure.history.filter(note_id=note.pk), lambda r: f"Figure “{r.counts}”"),
        (Correction.history.filter(note_id=note.pk), lambda r: r.get_kind_display()),
    )
    context = {"obj": note, "page": paginate(request, entries, PER_PAGE), "kind": "note"}
    return render(request, "desk/history.html", context)
