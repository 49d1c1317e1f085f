"""Corrections and retractions of published claims and notes, each with a public entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from annotations import services
from annotations.forms import CorrectionForm
from annotations.models import ContextNote
from annotations.views.access import get_note_for
from annotations.views.notes import NOTE_EDIT, note_url
from claims.models import Claim
from claims.views.access import desk_required, get_claim_for
from claims.views.claims import CLAIM_EDIT, detail_url
from claims.views.editing import EditSpec, edit_loop
from claims.views.workflow import DONE, check_or_refuse, reason_step

RETRACT_EXPLAIN = "Readers see the item marked as retracted, with this reason. It is never deleted."


def correction_form(
    request: HttpRequest, obj: Claim | ContextNote, spec: EditSpec, back: str, name: str
) -> HttpResponse:
    """The edit loop for a published record: its change saved with a public correction."""
    refused = check_or_refuse(request, obj, "correct", back)
    if refused is not None:
        return refused

    def save(correction: CorrectionForm) -> Callable[[Any, int], None]:
        text = correction.cleaned_data["correction"]
        return lambda item, version: services.correct(
            obj=item, by=request.user, text=text, expected_version=version
        )

    def done(saved: Any) -> HttpResponse:
        messages.success(request, DONE["correct"].format(obj=obj))
        return redirect(back)

    return edit_loop(
        request,
        obj,
        spec=spec,
        done=done,
        context={name: obj, "correcting": True},
        back=back,
        correction=CorrectionForm,
        save=save,
    )


@desk_required
def claim_correct(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a published claim and publish a dated correction saying what changed."""
    claim, _ = get_claim_for(request.user, slug)
    return correction_form(request, claim, CLAIM_EDIT, detail_url(claim), "claim")


@desk_required
def claim_retract(request: HttpRequest, slug: str) -> HttpResponse:
    """Retract a published claim with a public reason; it stays visible, marked retracted."""
    claim, _ = get_claim_for(request.user, slug)
    return reason_step(
        request,
        claim,
        "retract",
        detail_url(claim),
        lambda reason: services.retract(obj=claim, by=request.user, reason=reason),
        RETRACT_EXPLAIN,
    )


@desk_required
def note_correct(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a published note and publish a dated correction saying what changed."""
    note, _ = get_note_for(request.user, slug)
    return correction_form(request, note, NOTE_EDIT, note_url(note), "note")


@desk_required
def note_retract(request: HttpRequest, slug: str) -> HttpResponse:
    """Retract a published note with a public reason; it stays visible, marked retracted."""
    note, _ = get_note_for(request.user, slug)
    return reason_step(
        request,
        note,
        "retract",
        note_url(note),
        lambda reason: services.retract(obj=note, by=request.user, reason=reason),
        RETRACT_EXPLAIN,
    )
