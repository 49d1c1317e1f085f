"""Corrections and retractions of published claims and notes, each with a public entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from annotations import services
from annotations.forms import CorrectionForm
from annotations.views.access import get_note_for
from annotations.views.notes import citation_history, note_forms, note_url, save_note_forms
from claims.views.access import desk_required, get_claim_for
from claims.views.claims import (
    claim_forms,
    detail_url,
    figure_history,
    posted,
    save_claim_forms,
    stale_context,
)
from claims.views.workflow import DONE, check_or_refuse, reason_step
from claims.workflow import StaleEdit, TransitionError

RETRACT_EXPLAIN = "Readers see the item marked as retracted, with this reason. It is never deleted."


@desk_required
def claim_correct(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a published claim and publish a dated correction saying what changed."""
    claim, _ = get_claim_for(request.user, slug)
    back = detail_url(claim)
    refused = check_or_refuse(request, claim, "correct", back)
    if refused is not None:
        return refused
    form, figures = claim_forms(posted(request), claim)
    correction = CorrectionForm(request.POST or None)
    status, extra = 200, {}
    if request.method == "POST":
        if form.is_valid() and figures.is_valid() and correction.is_valid():
            text = correction.cleaned_data["correction"]

            def save(obj, version):
                services.correct(obj=obj, by=request.user, text=text, expected_version=version)

            try:
                save_claim_forms(form, figures, creating=False, save=save)
            except StaleEdit as stale:
                extra = stale_context(request, stale, figure_history(stale.current))
                form, figures = claim_forms(extra["data"], stale.current)
                correction = CorrectionForm(extra["data"])
                status = 409
            except TransitionError as exc:
                messages.error(request, str(exc))
                return redirect(back)
            else:
                messages.success(request, DONE["correct"].format(obj=claim))
                return redirect(back)
        else:
            status = 400
    context = {
        "form": form,
        "figures": figures,
        "correction": correction,
        "claim": claim,
        "correcting": True,
        **extra,
    }
    return render(request, "desk/claim_form.html", context, status=status)


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
    back = note_url(note)
    refused = check_or_refuse(request, note, "correct", back)
    if refused is not None:
        return refused
    form, citations = note_forms(posted(request), note)
    correction = CorrectionForm(request.POST or None)
    status, extra = 200, {}
    if request.method == "POST":
        if form.is_valid() and citations.is_valid() and correction.is_valid():
            text = correction.cleaned_data["correction"]

            def save(obj, version):
                services.correct(obj=obj, by=request.user, text=text, expected_version=version)

            try:
                save_note_forms(form, citations, creating=False, save=save)
            except StaleEdit as stale:
                extra = stale_context(request, stale, citation_history(stale.current))
                form, citations = note_forms(extra["data"], stale.current)
                correction = CorrectionForm(extra["data"])
                status = 409
            except TransitionError as exc:
                messages.error(request, str(exc))
                return redirect(back)
            else:
                messages.success(request, DONE["correct"].format(obj=note))
                return redirect(back)
        else:
            status = 400
    context = {
        "form": form,
        "citations": citations,
        "correction": correction,
        "note": note,
        "correcting": True,
        **extra,
    }
    return render(request, "desk/note_form.html", context, status=status)


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
