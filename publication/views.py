"""Public pages: the list of published claims and one page per claim."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe

from annotations.search import search_claims
from claims.models import Claim, Speaker
from publication import keyset
from publication.cache import cached_view
from publication.claimreview import claim_review, json_ld
from publication.documents import documents_by_key

# The demo's verdicts say so in their first words; pages repeat it where readers look.
ILLUSTRATIVE_PREFIX = "Illustrative verdict for the demo"


PAGE_SIZE = 25


@cached_view()
def claim_list(request: HttpRequest) -> HttpResponse:
    """Published claims, newest first; search and filter by speaker; "newer"/"older" pages."""
    # PostgreSQL cannot compare text holding a NUL character; no slug or word contains one.
    query = request.GET.get("q", "").replace("\x00", "")
    speaker = request.GET.get("speaker", "").replace("\x00", "")
    claims = Claim.objects.published()
    claims = search_claims(claims, query)
    if speaker:
        claims = claims.filter(speaker__slug=speaker)
    # Most relevant first when searching; rank is 0 for every row otherwise.
    ordering = ["rank", "published_at", "pk"] if query.strip() else ["published_at", "pk"]
    # Rank and sort the matches by id alone, then read the page's 25 claims with what
    # they show: sorting thousands of matches joined to their speakers and sources
    # costs more than the extra query.
    page = keyset.page(
        claims,
        ordering,
        size=PAGE_SIZE,
        older=request.GET.get("older"),
        newer=request.GET.get("newer"),
    )
    shown = Claim.objects.published().with_related().select_related("verdict__rating")
    shown = shown.in_bulk(page.ids)
    # A claim unpublished between the two queries is left out rather than failing the page.
    claims_shown = [shown[pk] for pk in page.ids if pk in shown]
    # EXISTS probes each speaker's claims by index; a join with DISTINCT read every claim.
    published = Claim.objects.published().filter(speaker=OuterRef("pk"))
    speakers = Speaker.objects.filter(Exists(published))
    for claim in claims_shown:
        verdict = getattr(claim, "verdict", None)
        claim.illustrative = bool(verdict and verdict.explanation.startswith(ILLUSTRATIVE_PREFIX))
    illustrative = any(claim.illustrative for claim in claims_shown)
    filters = {name: value for name, value in (("q", query), ("speaker", speaker)) if value}
    return render(
        request,
        "public/claim_list.html",
        {
            "claims": claims_shown,
            "newer_url": page.newer and "?" + urlencode({**filters, "newer": page.newer}),
            "older_url": page.older and "?" + urlencode({**filters, "older": page.older}),
            "query": query,
            "speaker": speaker,
            "speaker_options": speaker_options(speakers, selected=speaker),
            "illustrative": illustrative,
        },
    )


def speaker_options(speakers: QuerySet, *, selected: str) -> SafeString:
    """The <option>s of the speaker filter, one per speaker with a published claim.

    Built here rather than in a template loop (or with format_html per option):
    a desk has hundreds of speakers, and either took longer than the rest of
    the page. html.escape is what Django's escape filter applies.
    """
    options = (
        f'<option value="{escape(slug)}"{" selected" if slug == selected else ""}>'
        f"{escape(name)}</option>"
        for slug, name in speakers.values_list("slug", "name")
    )
    return mark_safe("".join(options))  # every value escaped just above


@cached_view(claim_kwarg="slug")
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published claim, drawn from its published JSON; drafts answer 404."""
    documents = documents_by_key(slugs=[slug])
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
