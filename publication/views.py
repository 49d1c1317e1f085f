"""Public pages: the list of published claims, one page per claim, speakers' and sources' pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse

from annotations.models import Rating
from annotations.search import search_claims
from claims.marking import anchored_marks, marked_text
from claims.models import Claim, Source, Speaker
from publication import keyset, reader
from publication.cache import cached_view
from publication.claimreview import claim_review, json_ld
from publication.context import site_url
from publication.documents import documents_by_key
from publication.filters import ListFilters, filter_options, note_counts

# The demo's verdicts say so in their first words; pages repeat it where readers look.
ILLUSTRATIVE_PREFIX = "Illustrative verdict for the demo"


PAGE_SIZE = 25


@cached_view()
def claim_list(request: HttpRequest) -> HttpResponse:
    """Published claims, newest first; search, filter by speaker, verdict and tag; keyset pages."""
    # PostgreSQL cannot compare text holding a NUL character; no slug or word contains one.
    query = request.GET.get("q", "").replace("\x00", "")
    filters = ListFilters.from_request(request)
    # Most relevant first when searching; rank is 0 for every row otherwise.
    ordering = ["rank", "published_at", "pk"] if query.strip() else ["published_at", "pk"]
    cursors = {"older": request.GET.get("older"), "newer": request.GET.get("newer")}
    # The search reads what this page can show of a busy speaker's claims, not all of them.
    window = keyset.window(ordering, size=PAGE_SIZE, **cursors)
    claims = search_claims(filters.apply(Claim.objects.published()), query, window=window)
    # Rank and sort the matches by id alone, then read the page's 25 claims with what
    # they show: sorting thousands of matches joined to their speakers and sources
    # costs more than the extra query.
    page = keyset.page(claims, ordering, size=PAGE_SIZE, **cursors)
    claims_shown = listed_claims(page.ids)
    illustrative = any(claim.illustrative for claim in claims_shown)
    carried = {**({"q": query} if query else {}), **filters.params()}
    return render(
        request,
        "public/claim_list.html",
        {
            "claims": claims_shown,
            "newer_url": page.newer and "?" + urlencode({**carried, "newer": page.newer}),
            "older_url": page.older and "?" + urlencode({**carried, "older": page.older}),
            "query": query,
            "filters": filters,
            "speaker": filters.speaker,
            **filter_options(filters),
            "illustrative": illustrative,
            "page_title": "Fact-checks",
        },
    )


def listed_claims(ids: list[int]) -> list[Claim]:
    """The published claims with these ids, in this order, with what a list shows of each.

    Speaker, source, tags, verdict, note count and whether the verdict is the
    demo's illustrative one, in a fixed number of queries.
    """
    shown = Claim.objects.published().with_related().select_related("verdict__rating")
    shown = shown.in_bulk(ids)
    # A claim unpublished since its id was read is left out rather than failing the page.
    claims = [shown[pk] for pk in ids if pk in shown]
    counts = note_counts(claim.pk for claim in claims)
    for claim in claims:
        verdict = getattr(claim, "verdict", None)
        claim.illustrative = bool(verdict and verdict.explanation.startswith(ILLUSTRATIVE_PREFIX))
        claim.note_count = counts.get(claim.pk, 0)
    return claims


@cached_view(claim_kwarg="slug")
def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published claim, drawn from its published JSON; drafts answer 404."""
    documents = documents_by_key(slugs=[slug])
    if not documents:
        raise Http404("No published claim here.")
    document = documents[0]
    review = claim_review(document)
    context = {
        **claim_card(document),
        "claim_review": json_ld(review) if review else None,
        "byline": byline(slug),
        "notes": reader.without_repeated_excerpts(reader.note_order(document["notes"])),
        "outgoing": [r for r in document["relations"] if r["direction"] == "outgoing"],
        "incoming": [r for r in document["relations"] if r["direction"] == "incoming"],
    }
    return render(request, "public/claim_detail.html", context)


def claim_card(document: dict[str, Any]) -> dict[str, Any]:
    """What the card at the top of a claim says: headline, quote, verdict on its scale."""
    verdict = document["verdict"]
    explanation = verdict["explanation"] if verdict else ""
    illustrative = explanation.startswith(ILLUSTRATIVE_PREFIX)
    if illustrative:  # the demo's explanations open by saying so; the card says it once
        explanation = explanation.split(". ", 1)[-1]
    steps = []
    if verdict:
        ratings = Rating.objects.filter(scale__slug=verdict["scale"]["slug"]).order_by("value")
        steps = reader.scale_steps(
            list(ratings.values_list("label", "value")), verdict["rating"]["value"]
        )
    return {
        "claim": document,
        "headline": reader.headline(document),
        "quote": reader.highlight_numbers(document["text"], document["figures"]),
        "illustrative": illustrative,
        "explanation": explanation,
        "scale": steps,
        "place": next((step for step in steps if step["current"]), None),
        "note_count": len(document["notes"]),
        "og_description": (
            f"Verdict: {verdict['rating']['label']}. {reader.shorten(explanation, 200)}"
            if verdict
            else reader.shorten(document["summary"], 200)
        ),
    }


def byline(slug: str) -> dict[str, str]:
    """Who wrote and who reviewed a published claim, by display name."""
    people = ("created_by", "approved_by")
    fields = [
        f"{who}__{name}" for who in people for name in ("first_name", "last_name", "username")
    ]
    row = Claim.objects.filter(slug=slug).values_list(*fields).first() or (None,) * 6
    return {"author": reader.display_name(*row[:3]), "reviewer": reader.display_name(*row[3:])}


@cached_view()
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A speaker's checked claims with their verdicts, and how many got each verdict."""
    speaker = get_object_or_404(Speaker, slug=slug)
    claims = Claim.objects.published().filter(speaker=speaker)
    tally = list(
        claims.values("verdict__rating__label", "verdict__rating__value")
        .annotate(n=Count("pk"))
        .order_by(F("verdict__rating__value").asc(nulls_last=True))
    )
    total = sum(row["n"] for row in tally)
    if not total:  # nothing public about them yet
        raise Http404("No published claim by this speaker.")
    ids = claims.order_by("-published_at", "-pk").values_list("pk", flat=True)
    page = Paginator(ids, 25).get_page(request.GET.get("page"))
    page.object_list = listed_claims(list(page.object_list))
    verdicts = [
        {
            "label": row["verdict__rating__label"],
            "value": row["verdict__rating__value"],
            "n": row["n"],
        }
        for row in tally
    ]
    return render(
        request,
        "public/speaker_detail.html",
        {
            "speaker": speaker,
            "page": page,
            "verdicts": verdicts,
            "total": total,
            "page_title": f"Fact-checks of {speaker.name}",
            "og_description": f"{speaker.name}: {total} checked claim{pluralize(total)}.",
            "illustrative": any(claim.illustrative for claim in page),
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: the public pages are for everyone; the desk, admin and logins are not."""
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Allow: /",
        f"Sitemap: {site_url()}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cached_view()
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A source's published claims, marked in its full text when that text may be shown.

    A source without a published claim answers 404, so drafts do not leak
    through the sources they quote.
    """
    source = get_object_or_404(Source.objects.select_related("author"), slug=slug)
    claims = list(
        Claim.objects.published()
        .filter(source=source)
        .select_related("speaker", "anchor")
        .order_by("said_on", "pk")
    )
    if not claims:
        raise Http404("No published claim from this source.")
    anchors = [c.anchor_or_none for c in claims if c.anchor_or_none is not None]
    marks = anchored_marks(anchors, "public:claim-detail")
    text = marked_text(source.full_text, marks) if source.text_public else None
    in_order = {mark.key.claim_id for mark in marks}
    context = {
        "source": source,
        "marked_text": text,
        "marks": marks,
        "unanchored": [c for c in claims if c.pk not in in_order],
    }
    return render(request, "public/source_detail.html", context)
