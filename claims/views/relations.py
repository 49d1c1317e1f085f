"""Typed relations between claims, added and removed from the claim's desk page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from claims.forms import RelationForm
from claims.models import ClaimRelation
from claims.views.access import desk_required, get_claim_for, require_perm
from claims.views.claims import detail_url
from claims.workflow import StaleEdit


@desk_required
@require_POST
def relation_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Relate this claim to another one (this claim responds to, disputes… the other)."""
    require_perm(request.user, "claims.add_claimrelation", "You cannot relate claims.")
    claim, _ = get_claim_for(request.user, slug, for_edit=True)
    form = RelationForm(request.POST, from_claim=claim)
    if form.is_valid():
        relation = form.save()
        messages.success(
            request, f"Added: {claim} {relation.get_kind_display()} {relation.to_claim}."
        )
        return redirect(detail_url(claim))
    return render(request, "desk/relation_form.html", {"claim": claim, "form": form}, status=400)


@desk_required
@require_POST
def relation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a relation from a claim that is still a draft or in review.

    The button carries the version of the relation the editor saw: if someone changed
    it since, nothing is removed and the page says what it is now (409).
    """
    require_perm(request.user, "claims.delete_claimrelation", "You cannot remove relations.")
    relation = ClaimRelation.objects.select_related("from_claim", "to_claim").filter(pk=pk).first()
    if relation is None:
        messages.info(request, "That relation was already removed.")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=False):
            back = "desk:dashboard"
        return redirect(back)
    claim = relation.from_claim
    if not claim.is_editable:
        raise PermissionDenied(f"“{claim}” is published: its relations change by a correction.")
    seen = request.POST.get("version", "")
    if not seen.isdigit():
        # Not from the claim page's button: ask to confirm with what the relation is now.
        context = {"claim": claim, "relation": relation, "stale": False}
        return render(request, "desk/relation_stale.html", context, status=400)
    try:
        relation.delete_checked(expected_version=int(seen))
    except StaleEdit as stale:
        context = {"claim": claim, "relation": stale.current, "stale": True}
        return render(request, "desk/relation_stale.html", context, status=409)
    messages.success(request, "Removed the relation.")
    return redirect(detail_url(claim))
