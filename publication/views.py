"""Public pages: the list of published claims, one page per claim, one per source."""

from __future__ import annotations

from html import escape

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe

from annotations.search import search_claims
from claims.marking import anchored_marks, marked_text
from claims.models import Claim, Source, Speaker
from publication.claimreview import claim_review, json_ld
from publication.documents import documents_by_key

# The demo's verdicts say so in their first words; pages repeat it where readers look.
ILLUSTRATIVE_PREFIX = "Illustrative verdict for the demo"


def claim_list(request: HttpRequest) -> HttpResponse:
    """Published claims, newest first; search and filter by speaker."""
    # PostgreSQL cannot compare text holding a NUL character; no slug or word contains one.
    query = request.GET.get("q", "").replace("\x00", "")
    speaker = request.GET.get("speaker", "").replace("\x00", "")
    claims = Claim.objects.published().order_by("-published_at", "-pk")
    claims = search_claims(claims, query)
    if speaker:
        claims = claims.filter(speaker__slug=speaker)
    if query.strip():
        claims = claims.order_by("-rank", "-published_at", "-pk")  # most relevant first
    # Rank and sort the matches by id alone, then read the page's 25 claims with what
    # they show: sorting thousands of matches joined to their speakers and sources
    # costs more than the extra query.
    page = Paginator(claims.values_list("pk", flat=True), 25).get_page(request.GET.get("page"))
    shown = Claim.objects.published().with_related().select_related("verdict__rating")
    shown = shown.in_bulk(page)
    # A claim unpublished between the two queries is left out rather than failing the page.
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    # EXISTS probes each speaker's claims by index; a join with DISTINCT read every claim.
    published = Claim.objects.published().filter(speaker=OuterRef("pk"))
    speakers = Speaker.objects.filter(Exists(published))
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
