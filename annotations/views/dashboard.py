"""The desk's front page: my drafts, what waits for my review, recent publications and changes."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import services
from annotations.models import ContextNote
from claims.models import Anchor, Claim
from claims.views.access import desk_required
from claims.workflow import Status

SHOWN = 10
PUBLISHED_WITHIN = timedelta(days=30)
CHANGED_WITHIN = timedelta(days=7)


def _section(title: str, claims, notes, *, claims_link: str, notes_link: str, empty: str):
    return {
        "title": title,
        "claims": list(claims[:SHOWN]),
        "claim_count": claims.count(),
        "notes": list(notes[:SHOWN]),
        "note_count": notes.count(),
        "claims_link": claims_link,
        "notes_link": notes_link,
        "empty": empty,
    }


@desk_required
@require_POST
def batch_approve(request: HttpRequest) -> HttpResponse:
    """Approve the claims and notes ticked on the dashboard, all of them or none."""
    claims, notes = request.POST.getlist("claims"), request.POST.getlist("notes")
    if not claims and not notes:
        messages.error(request, "Tick the claims and notes to approve first.")
        return redirect("desk:dashboard")
    try:
        done = services.batch_step(step="approve", by=request.user, claims=claims, notes=notes)
    except services.BatchRefused as refused:
        messages.error(
            request,
            "Nothing was approved: "
            + " ".join(f"“{p.slug}”: {p.detail}" for p in refused.problems),
        )
    else:
        messages.success(request, f"Approved and published {len(done)} items.")
    return redirect("desk:dashboard")


@desk_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where an editor lands after logging in."""
    user = request.user
    now = timezone.now()
    claims = Claim.objects.select_related("speaker", "created_by")
    notes = ContextNote.objects.select_related("created_by")
    sections = [
        _section(
            "My drafts",
            claims.filter(created_by=user, status=Status.DRAFT).order_by("-updated_at"),
            notes.filter(created_by=user, status=Status.DRAFT).order_by("-updated_at"),
            claims_link="?status=draft&mine=on",
            notes_link="?status=draft&mine=on",
            empty="No drafts. Sent-back work shows here with the reviewer's reason.",
        ),
        _section(
            "Mine in review",
            claims.filter(created_by=user, status=Status.IN_REVIEW).order_by("-submitted_at"),
            notes.filter(created_by=user, status=Status.IN_REVIEW).order_by("-submitted_at"),
            claims_link="?status=in_review&mine=on",
            notes_link="?status=in_review&mine=on",
            empty="Nothing of yours is waiting for a reviewer.",
        ),
    ]
    if user.has_perm("claims.review_claim") or user.has_perm("annotations.review_contextnote"):
        sections.insert(
            0,
            _section(
                "Waiting for my review",
                claims.in_review().exclude(created_by=user).order_by("submitted_at"),
                notes.in_review().exclude(created_by=user).order_by("submitted_at"),
                claims_link="?status=in_review",
                notes_link="?status=in_review",
                empty="Nothing waits for your review.",
            )
            | {"approvable": True},
        )
    sections += [
        _section(
            "Recently published",
            claims.published()
            .filter(published_at__gte=now - PUBLISHED_WITHIN)
            .order_by("-published_at"),
            notes.published()
            .filter(published_at__gte=now - PUBLISHED_WITHIN)
            .order_by("-published_at"),
            claims_link="?status=published",
            notes_link="?status=published",
            empty="Nothing published in the last 30 days.",
        ),
        _section(
            "Recently changed",
            claims.filter(updated_at__gte=now - CHANGED_WITHIN).order_by("-updated_at"),
            notes.filter(updated_at__gte=now - CHANGED_WITHIN).order_by("-updated_at"),
            claims_link="",
            notes_link="",
            empty="Nothing changed in the last 7 days.",
        ),
    ]
    # Words that left the text after a revision: a person places them again, nothing guesses.
    orphans = (
        Anchor.objects.filter(state=Anchor.State.ORPHANED)
        .select_related("claim__source")
        .order_by("-updated_at", "-pk")
    )
    context = {
        "sections": sections,
        "orphans": list(orphans[:SHOWN]),
        "orphan_count": orphans.count(),
    }
    return render(request, "desk/dashboard.html", context)
