"""Typed relations between claims, added and removed from the claim's desk page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from claims.forms import RelationForm
from claims.models import ClaimRelation
from claims.views.access import desk_required, get_claim_for, require_perm
from claims.views.claims import detail_url


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
    """Remove a relation from a claim that is still a draft or in review."""
    require_perm(request.user, "claims.delete_claimrelation", "You cannot remove relations.")
    relation = get_object_or_404(ClaimRelation.objects.select_related("from_claim"), pk=pk)
    claim = relation.from_claim
    if not claim.is_editable:
        raise PermissionDenied(f"“{claim}” is published: its relations change by a correction.")
    relation.delete()
    messages.success(request, "Removed the relation.")
    return redirect(detail_url(claim))
