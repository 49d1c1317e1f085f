"""What news sites expect: share tags and image, embed, oEmbed, feeds, sitemap, robots."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from annotations import services
from claims.models import Claim, Tag
from claims.workflow import Status
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

BASE = "https://facts.example.org"


@pytest.fixture
def demo(db, settings) -> None:
    settings.PUBLIC_BASE_URL = f"{BASE}/"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def meta(page: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    assert match, f"no {key} meta tag"
    return match.group(1)


def count_queries(client, url: str) -> int:
    """Queries of building the response (the cache emptied first: a hit costs none)."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- Open Graph, Twitter, canonical ------------------------------------------------------


def test_claim_page_has_open_graph_and_twitter_tags_on_the_public_address(client, demo):
    page = client.get("/claims/murder-13099/").content.decode()
    assert f'<link rel="canonical" href="{BASE}/claims/murder-13099/">' in page
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == f"{BASE}/claims/murder-13099/"
    assert meta(page, "og:title").startswith("Trump: 13,099 immigrants with murder convictions")
    assert meta(page, "og:description").startswith("Verdict: Missing context.")
    assert meta(page, "og:image") == f"{BASE}/claims/murder-13099/card.png"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "article:published_time")


@pytest.mark.parametrize("url", ["/claims/", "/speakers/trump/"])
def test_list_and_speaker_pages_have_share_tags_and_announce_their_feeds(client, demo, url):
    page = client.get(url).content.decode()
    assert meta(page, "og:url") == f"{BASE}{url}"
    assert meta(page, "og:image").startswith(BASE)
    assert meta(page, "twitter:card") == "summary_large_image"
    assert re.search(rf'<link rel="alternate" type="application/atom\+xml"[^>]*href="{BASE}/', page)


# --- the share image -------------------------------------------------------------------


def test_share_image_is_a_1200_by_630_png_for_published_claims_only(client, demo):
    response = client.get("/claims/murder-13099/card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    # The verdict badge is drawn in the rating's colour at the bottom left.
    assert image.getpixel((80, 630 - 64 - 30)) == (0x6B, 0x4F, 0x00)
    draft = ClaimFactory(status=Status.DRAFT)
    assert client.get(f"/claims/{draft.slug}/card.png").status_code == 404


def test_share_image_of_a_claim_without_verdict_is_drawn(client):
    claim = ClaimFactory(status=Status.PUBLISHED, text="word " * 400)
    response = client.get(f"/claims/{claim.slug}/card.png")
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


# --- the embeddable card and oEmbed ------------------------------------------------------


def test_embed_is_a_small_frameable_card(client, demo):
    response = client.get("/claims/murder-13099/embed/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "X-Frame-Options" not in response  # meant to be framed by other sites
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert '<strong class="verdict-label">Missing context</strong>' in page
    assert f'<link rel="canonical" href="{BASE}/claims/murder-13099/">' in page
    assert "<script" not in page
    # The rest of the site still refuses to be framed.
    claim_page = client.get("/claims/murder-13099/")
    assert claim_page["X-Frame-Options"] == "DENY"


def test_claim_page_announces_its_oembed(client, demo):
    page = client.get("/claims/murder-13099/").content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page)
    assert link.group(1) == (
        f"{BASE}/oembed/?url=https%3A%2F%2Ffacts.example.org%2Fclaims%2Fmurder-13099%2F"
        "&amp;format=json"
    )


def test_oembed_answers_rich_json_per_the_spec(client, demo):
    url = f"{BASE}/claims/murder-13099/"
    response = client.get("/oembed/", {"url": url, "format": "json", "maxwidth": "400"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["width"] == 400 and data["height"] == 360
    assert data["provider_url"] == f"{BASE}/"
    assert data["author_name"] == "Donald Trump"
    assert data["thumbnail_url"] == f"{BASE}/claims/murder-13099/card.png"
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)
    assert data["html"].startswith(f'<iframe src="{BASE}/claims/murder-13099/embed/"')
    assert 'width="400"' in data["html"]
    assert data["title"].startswith("Trump: 13,099")


def test_oembed_refuses_what_it_cannot_answer(client, demo):
    ok = f"{BASE}/claims/murder-13099/"
    assert client.get("/oembed/", {"url": ok, "format": "xml"}).status_code == 501
    assert (
        client.get(
            "/oembed/", {"url": "https://elsewhere.example/claims/murder-13099/"}
        ).status_code
        == 404
    )
    assert client.get("/oembed/", {"url": f"{BASE}/claims/no-such-claim/"}).status_code == 404
    draft = ClaimFactory(status=Status.DRAFT)
    assert client.get("/oembed/", {"url": f"{BASE}/claims/{draft.slug}/"}).status_code == 404
    missing = client.get("/oembed/")
    assert missing.status_code == 400 and "url" in missing.json()
    bad = client.get("/oembed/", {"url": ok, "maxwidth": "wide", "maxheight": "-1"})
    assert bad.status_code == 400 and set(bad.json()) == {"maxwidth", "maxheight"}


# --- feeds -----------------------------------------------------------------------------


def test_atom_and_rss_feeds_of_new_and_corrected_fact_checks_parse(client, demo, reviewer):
    corrected = Claim.objects.get(slug="docket-size")
    services.correct(obj=corrected, by=reviewer, text="Nearly 7 million, not 7 million.")
    for url, version in [("/claims/feed.atom", "atom10"), ("/claims/feed.rss", "rss20")]:
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert len(feed.entries) == 16
        first = feed.entries[0]  # the correction is the newest news
        assert first.title.startswith("Corrected: U.S. Department of Homeland Security")
        assert first.link == f"{BASE}/claims/docket-size/"
    atom = feedparser.parse(client.get("/claims/feed.atom").content)
    murder = next(e for e in atom.entries if e.link.endswith("/murder-13099/"))
    assert murder.summary.startswith("Verdict: Missing context.")
    assert {t.term for t in murder.tags} >= {"immigration"}


def test_feeds_per_speaker_and_per_tag(client, demo):
    speaker = feedparser.parse(client.get("/speakers/trump/feed.atom").content)
    assert not speaker.bozo and speaker.feed.title == "Fact-checks of Donald Trump"
    assert len(speaker.entries) == 2
    tag = Tag.objects.get(slug="immigration")
    tagged = feedparser.parse(client.get("/tags/immigration/feed.rss").content)
    assert not tagged.bozo and len(tagged.entries) == tag.claims.published().count()
    assert client.get("/speakers/nobody/feed.atom").status_code == 404
    assert client.get("/tags/nothing/feed.atom").status_code == 404


def test_feeds_leave_drafts_out(client):
    ClaimFactory(status=Status.DRAFT, summary="A draft nobody may see")
    feed = feedparser.parse(client.get("/claims/feed.atom").content)
    assert feed.entries == [] and not feed.bozo


# --- sitemap and robots ----------------------------------------------------------------


def test_sitemap_lists_every_published_claim_on_the_public_address(client, demo):
    ClaimFactory(status=Status.DRAFT, slug="a-draft")
    response = client.get("/sitemap.xml")
    tree = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.findall("s:url/s:loc", ns)}
    expected = {
        f"{BASE}/claims/{slug}/"
        for slug in Claim.objects.published().values_list("slug", flat=True)
    }
    assert expected <= locations
    assert f"{BASE}/claims/a-draft/" not in locations
    assert f"{BASE}/speakers/trump/" in locations


def test_robots_txt_keeps_crawlers_out_of_the_desk_and_points_at_the_sitemap(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /desk/" in text and "Disallow: /admin/" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text


def test_sharing_endpoints_query_counts_do_not_grow_with_rows(client):
    speaker = SpeakerFactory(slug="many")
    tag = Tag.objects.create(name="crime")

    def add(n: int) -> None:
        for _ in range(n):
            ClaimFactory(status=Status.PUBLISHED, speaker=speaker).tags.add(tag)

    add(5)
    first = Claim.objects.published().first()
    urls = [
        "/claims/feed.atom",
        "/speakers/many/feed.rss",
        "/tags/crime/feed.atom",
        "/sitemap.xml",
        f"/claims/{first.slug}/embed/",
        f"/claims/{first.slug}/card.png",
        f"/oembed/?url=http://testserver/claims/{first.slug}/",
    ]
    few = [count_queries(client, url) for url in urls]
    add(40)
    assert few == [count_queries(client, url) for url in urls]
