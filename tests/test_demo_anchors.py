"""The demo's sources hold the words the report quotes, with the quoted claims anchored."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from annotations import demo
from claims.models import Anchor, Claim, Source, SourceRevision

pytestmark = pytest.mark.django_db

QUIET = {"stdout": open("/dev/null", "w")}  # noqa: SIM115


def test_demo_sources_hold_the_quoted_words_and_claims_are_anchored_in_them():
    call_command("load_demo", **QUIET)
    dhs = Source.objects.get(slug="dhs-statement")
    assert "over the past 40 year or more" in dhs.full_text  # the speaker's own typo
    assert dhs.text_public
    assert Source.objects.get(slug="gonzales-statement").text_public
    assert not Source.objects.get(slug="report").text_public
    for key, exact in demo.ANCHORS.items():
        anchor = Anchor.objects.get(claim__slug=key)
        source = anchor.claim.source
        assert anchor.state == Anchor.State.ANCHORED
        assert source.full_text[anchor.start : anchor.end] == exact
    # Every verbatim claim with a text is anchored on exactly its words.
    for claim in Claim.objects.filter(text_kind="verbatim"):
        assert claim.anchor.exact == claim.text


def test_every_anchored_quote_is_kept_as_the_demo_quotes_it():
    for key, exact in demo.ANCHORS.items():
        text = demo.CLAIMS[key]["text"]
        assert exact in text, key
        assert exact in demo.SOURCE_TEXTS[demo.CLAIMS[key]["source"]], key


def test_loading_again_changes_nothing():
    call_command("load_demo", **QUIET)
    before = (SourceRevision.objects.count(), list(Anchor.objects.values()))
    call_command("load_demo", **QUIET)
    assert (SourceRevision.objects.count(), list(Anchor.objects.values())) == before


def test_an_existing_database_gains_the_texts_and_anchors_once():
    call_command("load_demo", **QUIET)
    Anchor.objects.all().delete()
    letter = Source.objects.get(slug="letter")
    # As an older demo left it: a description instead of the quoted words.
    SourceRevision.objects.filter(source=letter).delete()
    Source.objects.filter(pk=letter.pk).update(full_text="An older description.")
    call_command("load_demo", **QUIET)
    letter.refresh_from_db()
    assert letter.full_text == demo.SOURCE_TEXTS["letter"]
    assert letter.revisions.count() == 2
    assert Anchor.objects.count() == len(demo.ANCHORS)
    call_command("load_demo", **QUIET)
    assert letter.revisions.count() == 2


def test_demo_public_source_page_marks_the_statement(client):
    call_command("load_demo", **QUIET)
    html = client.get("/sources/gonzales-statement/").content.decode()
    assert html.count('<a class="marker"') == 2
    assert "Americans deserve to feel safe" in html
    page = client.get("/claims/misinterpreting/").content.decode()
    assert "over the past 40 year or more" in page and 'href="/sources/dhs-statement/"' in page
