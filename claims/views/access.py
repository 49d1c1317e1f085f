"""Who may use the desk and what they may do with a claim, asked the same way by every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from claims.models import Claim, Source, Speaker

PER_PAGE = 25
DESK_PERMISSION = "claims.view_claim"  # every newsroom group has it; outsiders do not


def desk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; logged-in outsiders get a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(DESK_PERMISSION):
            raise PermissionDenied("The desk is for the newsroom's editors and reviewers.")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def require_perm(user: Any, perm: str, message: str) -> None:
    """Raise a 403 with `message` unless `user` has `perm`."""
    if not user.has_perm(perm):
        raise PermissionDenied(message)


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The requested page of `queryset`; a bad page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def get_claim_for(user: Any, slug: str, *, for_edit: bool = False) -> tuple[Claim, bool]:
    """The claim `slug` for the desk, and whether `user` may edit it in place.

    Published, corrected and retracted claims are never edited in place: they
    go through a correction or a retraction. With `for_edit`, a user who may
    not edit gets a 403 saying why.
    """
    claim = get_object_or_404(
        Claim.objects.select_related("speaker", "source", "created_by", "approved_by"),
        slug=slug,
    )
    may_edit = claim.is_editable and user.has_perm("claims.change_claim")
    if for_edit and not may_edit:
        if not claim.is_editable:
            raise PermissionDenied(
                f"“{claim}” is {claim.get_status_display().lower()}: it is not edited in "
                "place. A reviewer corrects or retracts it."
            )
        raise PermissionDenied("You cannot edit claims.")
    return claim, may_edit


def get_source_for(user: Any, slug: str, *, for_edit: bool = False) -> tuple[Source, bool]:
    """The source `slug`, and whether `user` may edit it."""
    source = get_object_or_404(Source.objects.select_related("author"), slug=slug)
    may_edit = user.has_perm("claims.change_source")
    if for_edit and not may_edit:
        raise PermissionDenied("You cannot edit sources.")
    return source, may_edit


def get_speaker_for(user: Any, slug: str, *, for_edit: bool = False) -> tuple[Speaker, bool]:
    """The speaker `slug`, and whether `user` may edit it."""
    speaker = get_object_or_404(Speaker, slug=slug)
    may_edit = user.has_perm("claims.change_speaker")
    if for_edit and not may_edit:
        raise PermissionDenied("You cannot edit speakers.")
    return speaker, may_edit
