"""Desk screens for one claim: its page, the create and edit forms, its workflow steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import AnchorForm, ClaimForm, FigureFormSet, RelationForm, denominator_choices
from claims.history import save_m2m_into_last_entry
from claims.marking import anchored_marks, marked_text
from claims.models import Anchor, Claim, ClaimRelation, Figure, Source
from claims.views.access import desk_required, get_claim_for, require_perm
from claims.views.editing import EditSpec, edit_loop
from claims.views.workflow import reason_step, simple_step


def detail_url(claim: Claim) -> str:
    """The claim's desk page."""
    return reverse("desk:claim-detail", kwargs={"slug": claim.slug})


@desk_required
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A claim with its figures and their shares, relations, notes, verdict and corrections."""
    claim, may_edit = get_claim_for(request.user, slug)
    prefetch_related_objects(
        [claim],
        "tags",
        Prefetch("figures", queryset=Figure.objects.select_related("part_of__claim")),
        Prefetch("relations_out", queryset=ClaimRelation.objects.select_related("to_claim")),
        Prefetch("relations_in", queryset=ClaimRelation.objects.select_related("from_claim")),
        # Reverse relations from annotations, named here so claims never imports it.
        "notes__created_by",
        "notes__citations",
        "notes__shared_citations",
        "corrections__created_by",
    )
    user = request.user
    may_relate = may_edit and user.has_perm("claims.add_claimrelation")
    context = {
        "claim": claim,
        "may_edit": may_edit,
        "actions": claim.available_transitions(user),
        "may_relate": may_relate,
        "may_unrelate": may_edit and user.has_perm("claims.delete_claimrelation"),
        "relation_form": RelationForm(from_claim=claim) if may_relate else None,
        "may_add_note": user.has_perm("annotations.add_contextnote"),
        "may_judge": user.has_perm("annotations.change_verdict") and claim.status != "retracted",
    }
    return render(request, "desk/claim_detail.html", context)


@desk_required
def claim_create(request: HttpRequest) -> HttpResponse:
    """A new claim, with its figures, as a draft by the current user."""
    require_perm(request.user, "claims.add_claim", "You cannot create claims.")
    return _claim_form(request, Claim(created_by=request.user), creating=True)


@desk_required
def claim_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a draft or a claim in review; a published one goes to its correction form."""
    claim, may_edit = get_claim_for(request.user, slug)
    if not may_edit and "correct" in claim.available_transitions(request.user):
        return redirect("desk:claim-correct", slug=claim.slug)
    claim, _ = get_claim_for(request.user, slug, for_edit=True)
    return _claim_form(request, claim, creating=False)


def claim_forms(data: QueryDict | None, claim: Claim) -> tuple[ClaimForm, Any]:
    """The claim form and its figures formset, bound to `data` when there is some."""
    form = ClaimForm(data, instance=claim)
    figures = FigureFormSet(
        data,
        instance=claim,
        prefix="figures",
        denominators=denominator_choices(claim),
    )
    return form, figures


def save_claim_forms(
    form: ClaimForm,
    figures: Any,
    *,
    creating: bool,
    save: Callable[[Claim, int], None] | None = None,
) -> Claim:
    """Save a valid claim form and its figures as one change; StaleEdit if someone saved first.

    `save` replaces the plain version-checked save (a correction saves
    through annotations.services.correct).
    """
    with transaction.atomic():
        claim = form.save(commit=False)
        if creating:
            claim.save()
        elif save is not None:
            save(claim, form.cleaned_data["version"])
        else:
            claim.save_checked(expected_version=form.cleaned_data["version"])
        save_m2m_into_last_entry(claim, form.save_m2m)
        figures.instance = claim
        figures.save()
    return claim


def figure_history(claim: Claim) -> tuple[Any, Any]:
    """The history of a claim's figures, for readable_history."""
    return (Figure.history.filter(claim_id=claim.pk), lambda r: f"Figure “{r.counts}”")


CLAIM_EDIT = EditSpec(
    build=lambda data, claim: claim_forms(data, claim),
    save=lambda form, figures, **kw: save_claim_forms(form, figures, **kw),
    child_history=lambda claim: [figure_history(claim)],
    children_name="figures",
    template="desk/claim_form.html",
)


def from_source(request: HttpRequest, claim: Claim) -> tuple[dict[str, Any], AnchorForm | None]:
    """A new claim's initial values from `?source=` and the anchor form (GET or POST).

    Starting from words in a source prefills them as the verbatim text, the
    source's author as speaker and its date as the date said.
    """
    data = request.POST if request.method == "POST" else request.GET
    initial: dict[str, Any] = {}
    # PostgreSQL refuses a NUL in a compared string; no slug holds one.
    slug = request.GET.get("source", "").replace("\x00", "")
    source = Source.objects.filter(slug=slug).first()
    if source is not None:
        initial = {"source": source.pk, "speaker": source.author_id, "said_on": source.date}
        initial["said_on_precision"] = source.date_precision
    anchor_form = AnchorForm(
        data if "anchor-exact" in data else None, prefix="anchor", optional=True
    )
    if request.method == "GET" and anchor_form.is_bound and anchor_form.is_valid():
        exact = anchor_form.cleaned_data["exact"]
        initial |= {"text": exact, "text_kind": Claim.TextKind.VERBATIM}
    return initial, anchor_form


def _claim_form(request: HttpRequest, claim: Claim, *, creating: bool) -> HttpResponse:
    initial, anchor_form = from_source(request, claim) if creating else ({}, None)
    anchoring = anchor_form is not None and anchor_form.is_bound

    def build(data: QueryDict | None, current: Claim) -> tuple[ClaimForm, Any]:
        if data is not None and anchoring and not data.get("text", "").strip():
            # A verbatim claim takes its anchored words: they need not be typed twice.
            data = data.copy()
            data["text"] = data.get("anchor-exact", "")
        form, figures = claim_forms(data, current)
        form.initial.update(initial)
        return form, figures

    def placed(form: ClaimForm) -> bool:
        """The anchor's words are in the chosen source (a field error on the anchor if not)."""
        if not anchoring:
            return True
        if not anchor_form.is_valid():
            return False
        return not anchor_form.span() or anchor_form.place(form.instance)

    def keep(saved: Claim) -> None:
        if anchoring and anchor_form.span():
            saved.keep_anchor()

    def done(saved: Claim) -> HttpResponse:
        messages.success(request, f"{'Created' if creating else 'Saved'} “{saved}”.")
        return redirect(detail_url(saved))

    context = {"claim": claim, "creating": creating, "anchor_form": anchor_form}
    return edit_loop(
        request,
        claim,
        spec=replace(CLAIM_EDIT, build=build),
        done=done,
        context=context,
        creating=creating,
        check=placed,
        after_save=keep,
    )


@desk_required
def claim_anchor(request: HttpRequest, slug: str) -> HttpResponse:
    """Anchor a claim (again) on words of its source's current text, typed or selected.

    A published verbatim claim may only be anchored on its own words: they
    change through a correction, never as a side effect of re-anchoring.
    """
    claim, _ = get_claim_for(request.user, slug)
    require_perm(request.user, "claims.change_claim", "You cannot anchor claims.")
    anchor = Anchor.objects.filter(claim=claim).first()
    source = claim.source
    if request.method == "POST":
        form = AnchorForm(request.POST)
        before = claim.text
        if form.is_valid() and form.place(claim):
            revision, _ = claim._placed
            if claim.text != before and not claim.is_editable:
                form.add_error(
                    "exact",
                    f"This claim is {claim.get_status_display().lower()}: anchor it on its own "
                    "words, or correct its text first.",
                )
            else:
                with transaction.atomic():
                    if claim.text != before:
                        claim.save(update_fields=["text"])
                    claim.keep_anchor()
                messages.success(request, f"Anchored “{claim}” on revision {revision.number}.")
                return redirect(detail_url(claim))
        status = 400
    else:
        initial = {"exact": anchor.exact} if anchor else {"exact": claim.text}
        form = AnchorForm(initial=initial)
        status = 200
    others = list(
        Anchor.objects.filter(claim__source_id=source.pk)
        .exclude(claim=claim)
        .select_related("claim")
    )
    context = {
        "claim": claim,
        "anchor": anchor,
        "source": source,
        "form": form,
        "marked_text": marked_text(source.full_text, anchored_marks(others, "desk:claim-detail")),
    }
    return render(request, "desk/claim_anchor.html", context, status=status)


@desk_required
@require_POST
def claim_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a draft claim to review."""
    claim, _ = get_claim_for(request.user, slug)
    return simple_step(request, claim, "submit", detail_url(claim))


@desk_required
@require_POST
def claim_approve(request: HttpRequest, slug: str) -> HttpResponse:
    """Approve and publish a claim in review (never one's own)."""
    claim, _ = get_claim_for(request.user, slug)
    return simple_step(request, claim, "approve", detail_url(claim))


@desk_required
def claim_reject(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a claim in review back to its author with a reason they will see."""
    claim, _ = get_claim_for(request.user, slug)
    return reason_step(
        request,
        claim,
        "reject",
        detail_url(claim),
        lambda reason: claim.reject(by=request.user, reason=reason),
        "The author sees this reason on their dashboard and on the claim.",
    )
