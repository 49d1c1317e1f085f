"""Desk screens for context notes: list, page, create and edit with citations, workflow steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations.forms import (
    CitationFormSet,
    NoteFigureForm,
    NoteFigureFormSet,
    NoteForm,
    note_denominators,
)
from annotations.models import Citation, ContextNote, NoteFigure, NoteKind
from annotations.views.access import get_note_for
from claims.history import save_m2m_into_last_entry
from claims.models import Claim
from claims.views.access import desk_required, paginate, require_perm
from claims.views.editing import EditSpec, Formsets, edit_loop
from claims.views.workflow import reason_step, simple_step
from claims.workflow import Status


def note_url(note: ContextNote) -> str:
    """The note's desk page."""
    return reverse("desk:note-detail", kwargs={"slug": note.slug})


def citation_history(note: ContextNote) -> tuple[Any, Any]:
    """The history of a note's citations, for readable_history."""
    return (Citation.history.filter(note_id=note.pk), lambda r: f"Citation “{r.title}”")


def note_figure_history(note: ContextNote) -> tuple[Any, Any]:
    """The history of a note's figures, for readable_history."""
    return (NoteFigure.history.filter(note_id=note.pk), lambda r: f"Figure “{r.counts}”")


@desk_required
def note_list(request: HttpRequest) -> HttpResponse:
    """Context notes in any state, filtered by status, kind, author and title."""
    notes = (
        ContextNote.objects.select_related("created_by")
        .annotate(claim_count=Count("claims", distinct=True))
        .order_by("-updated_at", "-pk")
    )
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    if query:
        notes = notes.filter(Q(title__icontains=query) | Q(body__icontains=query))
    if status in Status.values:
        notes = notes.filter(status=status)
    if kind in NoteKind.values:
        notes = notes.filter(kind=kind)
    if request.GET.get("mine"):
        notes = notes.filter(created_by=request.user)
    context = {
        "page": paginate(request, notes),
        "query": query,
        "status": status,
        "kind": kind,
        "mine": bool(request.GET.get("mine")),
        "statuses": Status.choices,
        "kinds": NoteKind.choices,
    }
    return render(request, "desk/note_list.html", context)


@desk_required
def note_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A note as readers will see it, with the claims it qualifies and its citations."""
    note, may_edit = get_note_for(request.user, slug)
    prefetch_related_objects(
        [note],
        Prefetch("claims", queryset=Claim.objects.select_related("speaker")),
        "citations",
        "shared_citations__note",
        Prefetch("figures", queryset=NoteFigure.objects.select_related("part_of__claim")),
        "corrections__created_by",
    )
    context = {
        "note": note,
        "may_edit": may_edit,
        "actions": note.available_transitions(request.user),
    }
    return render(request, "desk/note_detail.html", context)


@desk_required
def note_create(request: HttpRequest) -> HttpResponse:
    """A new note, attached to one or more claims (?claim=<slug> preselects one)."""
    require_perm(request.user, "annotations.add_contextnote", "You cannot write context notes.")
    note = ContextNote(created_by=request.user)
    initial = {}
    if slug := request.GET.get("claim"):
        initial["claims"] = list(Claim.objects.filter(slug=slug))
    return _note_form(request, note, creating=True, initial=initial)


@desk_required
def note_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a draft note or one in review; a published one goes to its correction form."""
    note, may_edit = get_note_for(request.user, slug)
    if not may_edit and "correct" in note.available_transitions(request.user):
        return redirect("desk:note-correct", slug=note.slug)
    note, _ = get_note_for(request.user, slug, for_edit=True)
    return _note_form(request, note, creating=False)


# More claims than a note is ever attached to; a longer list is cut, not refused.
MAX_TICKED_CLAIMS = 500


@desk_required
def note_denominator_choices(request: HttpRequest) -> JsonResponse:
    """The figures a note's figure may be part of, for the claims ticked on the note form.

    `?claims=<id>` once per ticked claim, `&note=<slug>` when editing (its figures'
    current denominators stay offered). JSON: {"choices": [{"value", "label"}]},
    labelled as the form labels them. The note form asks for it as claims are
    ticked, so a reviewer picks a denominator without saving first.
    """
    ids = attached_claim_ids(request.GET, ContextNote(), None)[:MAX_TICKED_CLAIMS]
    note = ContextNote()
    if slug := request.GET.get("note"):
        note, _ = get_note_for(request.user, slug)
    field = NoteFigureForm.base_fields["part_of"]
    figures = note_denominators(ids, note)
    choices = [{"value": str(f.pk), "label": field.label_from_instance(f)} for f in figures]
    return JsonResponse({"choices": choices})


def attached_claim_ids(data: QueryDict | None, note: ContextNote, initial: dict | None) -> list:
    """The claims the note is attached to in this request: as posted, or as it stands."""
    if data is not None:
        return [int(pk) for pk in data.getlist("claims") if pk.isdigit() and len(pk) < 19]
    if initial and initial.get("claims"):
        return [claim.pk for claim in initial["claims"]]
    return list(note.claims.values_list("pk", flat=True)) if note.pk else []


def note_forms(
    data: QueryDict | None, note: ContextNote, initial: dict | None = None
) -> tuple[NoteForm, Formsets]:
    """The note form, its citations and its figures, bound to `data` when there is some.

    A figure's denominator is one of the figures of the claims ticked on the form.
    """
    form = NoteForm(data, instance=note, initial=initial)
    denominators = note_denominators(attached_claim_ids(data, note, initial), note)
    children = Formsets(
        citations=CitationFormSet(data, instance=note, prefix="citations"),
        figures=NoteFigureFormSet(data, instance=note, prefix="figures", denominators=denominators),
    )
    return form, children


def save_note_forms(
    form: NoteForm,
    children: Formsets,
    *,
    creating: bool,
    save: Callable[[ContextNote, int], None] | None = None,
) -> ContextNote:
    """Save a valid note form, its citations and figures as one change; StaleEdit if overtaken."""
    with transaction.atomic():
        note = form.save(commit=False)
        if creating:
            note.save()
        elif save is not None:
            save(note, form.cleaned_data["version"])
        else:
            note.save_checked(expected_version=form.cleaned_data["version"])
        save_m2m_into_last_entry(note, form.save_m2m)
        form.save_shared_citations(note)
        for formset in children.values():
            formset.instance = note
            formset.save()
    return note


NOTE_EDIT = EditSpec(
    build=lambda data, note: note_forms(data, note),
    save=lambda form, children, **kw: save_note_forms(form, children, **kw),
    child_history=lambda note: [citation_history(note), note_figure_history(note)],
    children_name="children",
    template="desk/note_form.html",
)


def _note_form(
    request: HttpRequest, note: ContextNote, *, creating: bool, initial: dict | None = None
) -> HttpResponse:
    def done(saved: ContextNote) -> HttpResponse:
        messages.success(request, f"{'Created' if creating else 'Saved'} “{saved}”.")
        return redirect(note_url(saved))

    spec = NOTE_EDIT
    if initial:
        spec = replace(NOTE_EDIT, build=lambda data, obj: note_forms(data, obj, initial))
    context = {"note": note, "creating": creating}
    return edit_loop(request, note, spec=spec, done=done, context=context, creating=creating)


@desk_required
@require_POST
def note_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a draft note to review."""
    note, _ = get_note_for(request.user, slug)
    return simple_step(request, note, "submit", note_url(note))


@desk_required
@require_POST
def note_approve(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve and publish a note in review (never one's own)."""
    note, _ = get_note_for(request.user, slug)
    return simple_step(request, note, "approve", note_url(note))


@desk_required
def note_reject(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a note in review back to its author with a reason."""
    note, _ = get_note_for(request.user, slug)
    return reason_step(
        request,
        note,
        "reject",
        note_url(note),
        lambda reason: note.reject(by=request.user, reason=reason),
        "The author sees this reason on their dashboard and on the note.",
    )
