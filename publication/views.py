"""Public pages: the list of published claims and one page per claim."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.search import search_claims
from claims.models import Claim, Speaker
from publication.claimreview import claim_review, json_ld
from publication.documents import claim_documents

# The demo's verdicts say so in their first words; pages repeat it where readers look.
ILLUSTRATIVE_PREFIX = "Illustrative verdict for the demo"


def claim_list(request: HttpRequest) -> HttpResponse:
    """Published claims, newest first; search and filter by speaker."""
    # PostgreSQL cannot compare text holding a NUL character; no slug or word contains one.
    query = request.GET.get("q", "").replace("\x00", "")
    speaker = request.GET.get("speaker", "").replace("\x00", "")
    claims = (
        Claim.objects.published()
        .with_related()
        .select_related("verdict__rating")
        .order_by("-published_at", "-pk")
    )
    claims = search_claims(claims, query)
    if speaker:
        claims = claims.filter(speaker__slug=speaker)
    if query.strip():
        claims = claims.order_by("-rank", "-published_at", "-pk")  # most relevant first
    page = Paginator(claims, 25).get_page(request.GET.get("page"))
    speakers = Speaker.objects.filter(claims__in=Claim.objects.published()).distinct()
    for claim in page:
        verdict = getattr(claim, "verdict", None)
        claim.illustrative = bool(verdict and verdict.explanation.startswith(ILLUSTRATIVE_PREFIX))
    illustrative = any(claim.illustrative for claim in page)
    return render(
        request,
        "public/claim_list.html",
        {
            "page": page,
            "query": query,
            "speaker": speaker,
            "speakers": speakers.only("slug", "name"),
            "illustrative": illustrative,
        },
    )


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published claim, drawn from its published JSON; drafts answer 404."""
    documents = claim_documents(Claim.objects.published().filter(slug=slug))
    if not documents:
        raise Http404("No published claim here.")
    document = documents[0]
    review = claim_review(document)
    verdict = document["verdict"]
    context = {
        "claim": document,
        "claim_review": json_ld(review) if review else None,
        "illustrative": bool(verdict and verdict["explanation"].startswith(ILLUSTRATIVE_PREFIX)),
        "outgoing": [r for r in document["relations"] if r["direction"] == "outgoing"],
        "incoming": [r for r in document["relations"] if r["direction"] == "incoming"],
    }
    return render(request, "public/claim_detail.html", context)
