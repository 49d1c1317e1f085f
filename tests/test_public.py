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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.api_support import annotated_claims

    def count(url: str) -> int:
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
