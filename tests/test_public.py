"""Public pages show published claims only; a draft's URL answers 404 to visitors."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims.workflow import Status
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_visitors_see_published_claims_and_not_drafts(client):
    published = ClaimFactory(status=Status.PUBLISHED, summary="Published words")
    draft = ClaimFactory(status=Status.DRAFT, summary="Draft words")
    listing = client.get("/claims/").content.decode()
    assert "Published words" in listing and "Draft words" not in listing
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_retracted_claim_stays_visible_marked_retracted(client):
    claim = ClaimFactory(status=Status.RETRACTED, retraction_reason="The letter was misread.")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Retracted: The letter was misread." in page


def test_demo_claim_page_shows_the_share_of_the_docket(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/claims/ndd-criminal-histories/").content.decode()
    assert '<strong class="share-percent">9.47%</strong>' in page
    assert "662,566 of nearly 7,000,000 people" in page
    assert "These figures accumulate over four decades or more" in page


def test_list_filters_by_speaker_and_says_demo_verdicts_are_illustrative(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/claims/?speaker=trump").content.decode()
    assert "13,099 immigrants with murder convictions" in page
    assert "ICE may not release" not in page
    assert '<label for="speaker">Speaker</label>' in page
    assert "illustrative" in page


def test_claim_page_shows_share_bar_notes_citations_verdict_and_relations(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/claims/murder-13099/").content.decode()
    assert '<rect class="part" x="0" y="0" width="0.19" height="6">' in page
    assert "13,099 of nearly 7,000,000 people" in page
    assert '<strong class="share-percent">0.19%</strong>' in page
    assert '<strong class="verdict-label">Missing context</strong>' in page
    assert "this verdict is illustrative" in page
    assert "Latin Times report on ICE" in page  # a citation of a note
    assert "The non-detained docket lists nearly 7 million people not held by ICE" in page
    assert "contextualises this claim" in page
    assert "<script>" not in page  # readable without JavaScript; nothing runs
    for landmark in ("<main", "<nav", "<header", "<footer", "<article"):
        assert landmark in page


def test_corrections_log_is_public(client, reviewer):
    from annotations import services

    claim = ClaimFactory(status=Status.PUBLISHED)
    services.correct(obj=claim, by=reviewer, text="The as-of date is July 21.")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Correction: The as-of date is July 21." in page
    assert "Corrected on" in page


def test_public_pages_query_counts_do_not_grow_from_10_to_200_claims(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.api_support import annotated_claims

    def count(url: str) -> int:
        cache.clear()  # what building the page costs; a cached page costs no query
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/claims/", "/claims/?q=claim", "/claims/docket-total/", "/claims/claim-0000/"]
    annotated_claims(10)
    few = [count(url) for url in urls]
    annotated_claims(190, start=10)
    assert few == [count(url) for url in urls]


def test_speaker_filter_offers_speakers_of_published_claims_only_with_names_escaped(client):
    from tests.factories import SpeakerFactory

    odd = SpeakerFactory(name='Ann <b>"Bold"</b> & Co', slug="ann")
    ClaimFactory(status=Status.PUBLISHED, speaker=odd, summary="What Ann said")
    ClaimFactory(status=Status.DRAFT, speaker=SpeakerFactory(name="Drafty", slug="drafty"))
    page = client.get("/claims/?speaker=ann").content.decode()
    assert (
        '<option value="ann" selected>Ann &lt;b&gt;&quot;Bold&quot;&lt;/b&gt; &amp; Co</option>'
        in page
    )
    assert "Drafty" not in page and "What Ann said" in page


def _links(page: str) -> dict[str, str]:
    import html
    import re

    return {
        rel: html.unescape(href)
        for href, rel in re.findall(r'<a href="(\?[^"]+)" rel="(prev|next)"', page)
    }


def _summaries(page: str) -> list[str]:
    import re

    return re.findall(r'<a href="/claims/[^"]+/">(Paged claim \d+)</a>', page)


def test_the_public_list_pages_by_newer_and_older_links(client):
    import datetime as dt

    from tests.factories import PublishedClaimFactory

    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for n in range(60):
        # Pairs share a publication time, so ties are broken by id across pages too.
        PublishedClaimFactory(
            summary=f"Paged claim {n}", published_at=start + dt.timedelta(hours=n // 2)
        )
    seen, url, pages = [], "/claims/", []
    while url:
        page = client.get(url).content.decode()
        pages.append(page)
        seen += _summaries(page)
        url = "/claims/" + _links(page)["next"] if "next" in _links(page) else None
    expected = [f"Paged claim {n}" for n in sorted(range(60), key=lambda n: (-(n // 2), -n))]
    assert [s for s in seen if s.startswith("Paged")] == expected
    assert len(pages) == 3 and "prev" not in _links(pages[0])
    # Back from the last page to the first through the "Newer" links.
    back = client.get("/claims/" + _links(pages[-1])["prev"]).content.decode()
    assert _summaries(back) == _summaries(pages[1])
    first = client.get("/claims/" + _links(back)["prev"]).content.decode()
    assert _summaries(first) == _summaries(pages[0]) and "prev" not in _links(first)


def test_newer_and_older_links_keep_the_search_and_the_speaker(client):
    from tests.factories import PublishedClaimFactory, SpeakerFactory

    ann = SpeakerFactory(slug="ann", name="Ann")
    for n in range(30):
        PublishedClaimFactory(speaker=ann, summary=f"Paged claim {n}", text="The docket grows.")
    PublishedClaimFactory(summary="Paged claim 99", text="The docket grows.")
    page = client.get("/claims/", {"q": "docket", "speaker": "ann"}).content.decode()
    older = _links(page)["next"]
    assert "q=docket" in older and "speaker=ann" in older
    rest = client.get("/claims/" + older).content.decode()
    assert len(_summaries(page)) + len(_summaries(rest)) == 30
    assert "Paged claim 99" not in page + rest


def test_a_deep_page_takes_as_many_queries_as_the_first(client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PublishedClaimFactory

    PublishedClaimFactory.create_batch(80)
    url, counts = "/claims/", []
    while url:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        links = _links(page)
        url = "/claims/" + links["next"] if "next" in links else None
    assert len(counts) == 4 and len(set(counts)) == 1


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJ4IiwgMV0", "WzEsIDIsIDNd", "\x00"])
def test_a_cursor_we_did_not_write_shows_the_first_page(client, cursor):
    from tests.factories import PublishedClaimFactory

    PublishedClaimFactory(summary="Only claim")
    for name in ("older", "newer"):
        response = client.get("/claims/", {name: cursor})
        assert response.status_code == 200
        assert "Only claim" in response.content.decode()
