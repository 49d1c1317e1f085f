"""Readers see a claim inside its surrounding words, and a source's published claims in its text."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import SourceRevision
from claims.workflow import Status
from tests.factories import ClaimFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Opening words 😀 of the statement, before anything of substance is said. "
    "The docket now holds nearly 7 million people. "
    "Detention capacity stayed at 41,500 beds, the statement adds near its very end."
)
DOCKET = "The docket now holds nearly 7 million people"
BEDS = "Detention capacity stayed at 41,500 beds"


def make_source(public: bool):
    source = SourceFactory(slug="statement", text_public=public, author=SpeakerFactory())
    source.revise(text=TEXT, by=None, origin=SourceRevision.Origin.PASTED)
    return source


def anchored(source, words, factory=PublishedClaimFactory, **extra):
    claim = factory(source=source, speaker=source.author, text=words, **extra)
    claim.anchor_to(exact=words)
    return claim


def test_claim_page_shows_the_quote_in_its_surrounding_words(client):
    source = make_source(public=False)
    claim = anchored(source, DOCKET)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert (
        '<span class="around">… anything of substance is said. </span>'
        f'<mark class="anchor"><strong>{DOCKET}</strong></mark>'
        '<span class="around">. Detention capacity stayed at 4…</span>'
    ) in html
    assert 'href="/sources/statement/"' in html


def test_claim_page_without_anchor_shows_no_context(client):
    claim = PublishedClaimFactory()
    assert "In its context" not in client.get(claim.get_absolute_url()).content.decode()


def test_public_text_is_shown_with_published_claims_marked_and_drafts_left_out(client):
    source = make_source(public=True)
    docket = anchored(source, DOCKET, summary="Nearly 7 million")
    draft = anchored(source, BEDS, factory=ClaimFactory, summary="Secret draft")
    html = client.get("/sources/statement/").content.decode()
    assert (
        f'<mark class="anchor" id="mark-1" title="Claim 1: Nearly 7 million">{DOCKET}</mark>'
        f'<a class="marker" href="/claims/{docket.slug}/" aria-label="Claim 1: Nearly 7 million">'
    ) in html
    assert "the statement adds near its very end" in html  # the whole text
    assert "Secret draft" not in html and draft.slug not in html
    assert html.count('<mark class="anchor"') == 2  # in the text and in the list


def test_a_copyrighted_text_stays_hidden_and_claims_are_listed_in_context(client):
    source = make_source(public=False)
    anchored(source, DOCKET, summary="Nearly 7 million")
    html = client.get("/sources/statement/").content.decode()
    assert "Nearly 7 million" in html
    assert f'<mark class="anchor">{DOCKET}</mark>' in html
    assert "the statement adds near its very end" not in html
    assert "Opening words" not in html
    assert "is not shown here (copyright)" in html


def test_a_source_without_published_claims_is_not_found(client, editor):
    source = make_source(public=True)
    anchored(source, DOCKET, factory=ClaimFactory)
    assert client.get("/sources/statement/").status_code == 404
    assert client.get("/sources/nothing-here/").status_code == 404
    client.force_login(editor)  # the public page shows public content, to staff as well
    assert client.get("/sources/statement/").status_code == 404


def test_unanchored_and_orphaned_published_claims_are_listed(client):
    source = make_source(public=True)
    PublishedClaimFactory(source=source, summary="Said somewhere in it")
    orphan = anchored(source, BEDS, summary="Beds claim")
    source.revise(text=TEXT.replace(BEDS, "Other words"), by=None, origin="pasted")
    html = client.get("/sources/statement/").content.decode()
    assert "Said somewhere in it" in html
    assert "Beds claim" in html and f'href="/claims/{orphan.slug}/"' in html
    assert '<mark class="anchor"' not in html


def test_retracted_claims_say_so(client):
    source = make_source(public=True)
    anchored(source, DOCKET, status=Status.RETRACTED, retraction_reason="Misread.")
    assert "· retracted" in client.get("/sources/statement/").content.decode()


def count(client, url):
    from django.core.cache import cache

    cache.clear()  # what building the page costs; a cached page costs no query
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_claims(client):
    source = make_source(public=True)
    claim = anchored(source, DOCKET)
    PublishedClaimFactory(source=source)
    urls = ["/sources/statement/", claim.get_absolute_url()]
    small = {url: count(client, url) for url in urls}
    anchored(source, BEDS)
    for _ in range(15):
        PublishedClaimFactory(source=source)
    for url in urls:
        assert count(client, url) == small[url], url
