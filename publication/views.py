"""Public pages: the list of published claims and one page per claim."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from annotations.models import ContextNote
from annotations.search import search_claims
from claims.models import Claim, Figure


def claim_list(request: HttpRequest) -> HttpResponse:
    """Published claims, newest first."""
    query = request.GET.get("q", "")
    claims = Claim.objects.published().with_related().order_by("-published_at", "-pk")
    claims = search_claims(claims, query)
    if query.strip():
        claims = claims.order_by("-rank", "-published_at", "-pk")  # most relevant first
    page = Paginator(claims, 25).get_page(request.GET.get("page"))
    return render(request, "public/claim_list.html", {"page": page, "query": query})


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published claim with its figures, notes and verdict; drafts answer 404."""
    claims = (
        Claim.objects.published()
        .select_related("speaker", "source", "verdict__rating__scale")
        .prefetch_related(
            "tags",
            Prefetch("figures", queryset=Figure.objects.select_related("part_of")),
            Prefetch(
                "notes",
                queryset=ContextNote.objects.published().prefetch_related("citations"),
            ),
        )
    )
    claim = get_object_or_404(claims, slug=slug)
    return render(request, "public/claim_detail.html", {"claim": claim})
