"""The desk's list of claims: search, filters by speaker, status, tag and date, pagination."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from annotations.search import search_claims
from claims.forms import ClaimFilterForm
from claims.models import Claim
from claims.views.access import desk_required, paginate


@desk_required
def claim_list(request: HttpRequest) -> HttpResponse:
    """Every claim in any state, newest change first; htmx asks for the results only."""
    filters = ClaimFilterForm(request.GET)
    claims = (
        Claim.objects.with_related()
        .select_related("created_by")
        .annotate(note_count=Count("notes", distinct=True))
    )
    claims = filters.filter(claims, request.user)
    ordering = ["-updated_at", "-pk"]
    if filters.is_valid() and filters.cleaned_data["q"].strip():
        claims = search_claims(claims, filters.cleaned_data["q"])
        ordering.insert(0, "-rank")  # most relevant first, then most recently changed
    page = paginate(request, claims.order_by(*ordering))
    context = {"filters": filters, "page": page}
    # A history restore (back button) needs the whole page, not the results.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "desk/_claim_results.html" if partial else "desk/claim_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
