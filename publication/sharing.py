"""Sharing a claim beyond the site: its share image, its embeddable card and oEmbed."""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from publication import reader
from publication.cache import cached_view
from publication.card_image import share_image
from publication.context import site_url
from publication.documents import documents_by_key
from publication.views import claim_card

EMBED_WIDTH, EMBED_HEIGHT = 550, 360
MIN_EMBED_WIDTH, MIN_EMBED_HEIGHT = 240, 200
CARD_CACHE_SECONDS = 3600
CLAIM_PATH = re.compile(r"^/claims/(?P<slug>[-a-zA-Z0-9_]+)/(?:embed/)?$")


def published_card(slug: str) -> dict[str, Any]:
    """The claim card's context for a published claim; 404 for anything else."""
    documents = documents_by_key(slugs=[slug])
    if not documents:
        raise Http404("No published claim here.")
    return claim_card(documents[0])


@require_GET
@cached_view(claim_kwarg="slug")
def card_png(request: HttpRequest, slug: str) -> HttpResponse:
    """The claim's share image for Open Graph and Twitter cards (1200×630 PNG)."""
    card = published_card(slug)
    document, place = card["claim"], card["place"]
    verdict = document["verdict"]
    speaker = document["speaker"]
    png = share_image(
        headline=reader.headline(document, length=200),
        speaker=", ".join(filter(None, [speaker["name"], speaker["role"]])) if speaker else "",
        verdict=verdict["rating"]["label"] if verdict else "",
        rating=verdict["rating"]["value"] if verdict else None,
        place=f"{place['place']} of {len(card['scale'])}" if place else "",
        notes=card["note_count"],
        publisher=settings.PUBLISHER_NAME,
    )
    # Drawn once per version of the claim; readers and crawlers revalidate (publication.cache).
    return HttpResponse(png, content_type="image/png")


# Any site may frame the card: that is what it is for. The rest of the site stays unframeable.
# Partners' readers load it with every article: it is served from the cache, and the
# framing headers are set outside it, on cached answers too.
@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@cached_view(claim_kwarg="slug")
def claim_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """A small card of the claim for an iframe on another site (what oEmbed hands out)."""
    return render(request, "public/embed.html", published_card(slug))


def _dimension(request: HttpRequest, name: str, default: int, minimum: int) -> int | dict:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        return {name: [f"Give a whole number of pixels, at least {minimum}."]}
    return min(default, int(raw))


@require_GET
@cached_view()
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed 1.0 (JSON, type "rich") for a claim's public URL: an iframe of its card."""
    url = request.GET.get("url", "").replace("\x00", "").strip()
    fmt = request.GET.get("format", "json")
    if fmt != "json":
        # The oEmbed spec: a format the provider does not offer answers 501.
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain")
    if not url:
        return JsonResponse({"url": ["Give the URL of a published claim."]}, status=400)
    width = _dimension(request, "maxwidth", EMBED_WIDTH, MIN_EMBED_WIDTH)
    height = _dimension(request, "maxheight", EMBED_HEIGHT, MIN_EMBED_HEIGHT)
    errors = {k: v for d in (width, height) if isinstance(d, dict) for k, v in d.items()}
    if errors:
        return JsonResponse(errors, status=400)
    parts = urlsplit(url)
    ours = {urlsplit(site_url()).netloc, request.get_host()}
    match = CLAIM_PATH.match(parts.path)
    if parts.scheme not in ("http", "https") or parts.netloc not in ours or not match:
        raise Http404("Not the URL of a claim on this site.")
    card = published_card(match["slug"])
    document = card["claim"]
    base = site_url()
    embed_url = f"{base}{reverse('public:claim-embed', args=[document['slug']])}"
    speaker = document["speaker"]
    data = {
        "version": "1.0",
        "type": "rich",
        "title": card["headline"],
        "provider_name": settings.PUBLISHER_NAME,
        "provider_url": f"{base}/",
        "author_name": speaker["name"] if speaker else settings.PUBLISHER_NAME,
        "author_url": (
            f"{base}{reverse('speaker-detail', args=[speaker['slug']])}" if speaker else f"{base}/"
        ),
        "cache_age": CARD_CACHE_SECONDS,
        "width": width,
        "height": height,
        "html": (
            f'<iframe src="{embed_url}" width="{width}" height="{height}" '
            f'title="{escape(card["headline"], quote=True)}" style="border:0;max-width:100%" '
            'loading="lazy"></iframe>'
        ),
        "thumbnail_url": f"{base}{reverse('public:claim-card', args=[document['slug']])}",
        "thumbnail_width": 1200,
        "thumbnail_height": 630,
    }
    return JsonResponse(data)
