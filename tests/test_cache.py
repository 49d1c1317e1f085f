"""Cached public reads: served without queries, never stale after a change, never to staff."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.models import Citation, NoteFigure, Rating, Verdict
from claims.models import Claim, ClaimRelation, Figure, Tag
from claims.workflow import Status
from publication import cache as published_cache
from publication.cache import export_body_key
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    NoteFactory,
    PublishedClaimFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    """A published claim with a note, a citation, a figure, a verdict and a related claim."""
    claim = PublishedClaimFactory(slug="viral", summary="The viral claim")
    other = PublishedClaimFactory(slug="neighbour", summary="The neighbour says so")
    ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="contextualises")
    note = NoteFactory(status=Status.PUBLISHED, slug="context", title="Context that matters")
    note.claims.add(claim)
    CitationFactory(note=note, title="First study")
    Figure.objects.create(claim=claim, value=Decimal(7), counts="people")
    Verdict.objects.create(
        claim=claim, rating=Rating.objects.get(scale__is_default=True, value=3), explanation="So."
    )
    return {"claim": claim, "other": other, "note": note}


PAGES = ["/claims/viral/", "/api/v1/claims/viral/"]


def read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode("utf-8", "replace")  # a PNG too


def warm(client, *urls: str) -> None:
    """Read each URL twice: the second answer comes from the cache without a query."""
    for url in urls:
        read(client, url)
        with CaptureQueriesContext(connection) as queries:
            read(client, url)
        assert len(queries) == 0, url


def retitle_citation(story):
    citation = Citation.objects.get(note=story["note"])
    citation.title = "Second study, replacing the first"
    citation.save()
    return "Second study, replacing the first"


def edit_note(story):
    note = story["note"]
    note.body = "The docket spans four decades."
    note.save()
    return "The docket spans four decades."


def change_verdict(story):
    verdict = story["claim"].verdict
    verdict.explanation = "Fresh verdict explanation."
    verdict.save()
    return "Fresh verdict explanation."


def rename_speaker(story):
    speaker = story["claim"].speaker
    speaker.name = "Renamed Speaker"
    speaker.save()
    return "Renamed Speaker"


def change_figure(story):
    figure = story["claim"].figures.get()
    figure.counts = "households"
    figure.save()
    return "households"


def add_note_figure(story):
    NoteFigure.objects.create(note=story["note"], value=Decimal(11), counts="detainees")
    return "detainees"


def correct_related_claim(story):
    # The viral claim's page shows its related claim's summary.
    other = Claim.objects.get(pk=story["other"].pk)
    other.summary = "The neighbour corrected"
    other.save()
    return "The neighbour corrected"


def attach_new_note(story):
    note = NoteFactory(status=Status.PUBLISHED, title="A second published note")
    note.claims.add(story["claim"])
    return "A second published note"


def share_citation(story):
    # A study entered on another note, then cited by this claim's note too.
    other = NoteFactory(status=Status.PUBLISHED, title="Another note")
    citation = Citation.objects.create(note=other, title="A study shared by two notes")
    citation.shared_with.add(story["note"])
    return "A study shared by two notes"


def retag(story):
    story["claim"].tags.add(Tag.objects.create(name="fresh-tag"))
    return "fresh-tag"


CHANGES = [
    edit_note,
    retitle_citation,
    change_verdict,
    rename_speaker,
    change_figure,
    add_note_figure,
    correct_related_claim,
    attach_new_note,
    share_citation,
    retag,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_each_kind_of_change_shows_on_the_very_next_read(client, story, change):
    warm(client, *PAGES, "/api/v1/claims/", "/claims/")
    text = change(story)
    for url in PAGES:
        assert text in read(client, url), url


def test_a_correction_and_a_retraction_show_on_the_next_read(client, story, reviewer):
    warm(client, *PAGES, "/claims/")
    services.correct(obj=story["claim"], by=reviewer, text="The date was July 21.")
    for url in PAGES:
        assert "The date was July 21." in read(client, url)
    services.retract(obj=Claim.objects.get(pk=story["claim"].pk), by=reviewer, reason="Misread.")
    assert "Misread." in read(client, "/claims/viral/")
    assert read(client, "/api/v1/claims/viral/").count('"retracted"') >= 1
    assert "Retracted" in read(client, "/claims/")


def test_publishing_a_claim_shows_it_in_the_lists_and_at_its_address(client, story, reviewer):
    warm(client, "/claims/", "/api/v1/claims/", "/api/v1/export.jsonl")
    draft = ClaimFactory(status=Status.IN_REVIEW, slug="fresh", summary="A fresh fact check")
    assert client.get("/claims/fresh/").status_code == 404
    draft.approve(by=reviewer)
    assert "A fresh fact check" in read(client, "/claims/")
    assert "fresh" in read(client, "/api/v1/claims/")
    assert read(client, "/claims/fresh/")
    assert b"A fresh fact check" in b"".join(client.get("/api/v1/export.jsonl").streaming_content)


def test_a_change_leaves_other_claims_pages_cached(client, story):
    lone = PublishedClaimFactory(slug="lone", summary="Unrelated")
    warm(client, "/claims/lone/", "/claims/viral/")
    edit_note(story)
    with CaptureQueriesContext(connection) as queries:
        read(client, "/claims/lone/")
    assert len(queries) == 0
    assert lone.summary in read(client, "/claims/lone/")


def test_saving_drafts_changes_no_generation(client, story):
    draft = ClaimFactory(status=Status.DRAFT, slug="draft", speaker=story["claim"].speaker)
    draft_note = NoteFactory(status=Status.DRAFT)
    names = [published_cache.ALL, published_cache.PUBLISHED, "claim:viral"]
    before = published_cache.generations(names)
    draft.summary = "Still a draft"
    draft.save()
    Figure.objects.create(claim=draft, value=Decimal(3), counts="drafts")
    draft_note.claims.add(draft)
    CitationFactory(note=draft_note)
    draft_note.body = "Edited draft note"
    draft_note.save()
    assert published_cache.generations(names) == before


def test_a_model_without_a_mapping_empties_everything(client, story, monkeypatch):
    monkeypatch.delitem(published_cache.MAPPINGS, "claims.tag")
    warm(client, "/claims/viral/")
    before = published_cache.generations([published_cache.ALL])
    Tag.objects.create(name="unmapped")
    assert published_cache.generations([published_cache.ALL]) != before
    with CaptureQueriesContext(connection) as queries:
        read(client, "/claims/viral/")
    assert len(queries) > 0


@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user", "outsider"])
def test_logged_in_readers_never_get_a_cached_response(client, story, request, persona):
    draft_note = NoteFactory(status=Status.DRAFT, title="Draft note in the works")
    warm(client, "/api/v1/claims/viral/")
    # Attached without a bump (a draft): the anonymous cache still holds the page without it.
    draft_note.claims.add(story["claim"])
    client.force_login(request.getfixturevalue(persona))
    staff = persona != "outsider"
    assert ("Draft note in the works" in read(client, "/api/v1/claims/viral/")) is staff
    # Fresh every time: a change made without any signal is seen at once.
    ClaimFactory(status=Status.DRAFT, slug="work", summary="First words")
    Claim.objects.filter(slug="work").update(summary="Second words")
    if staff:
        assert "Second words" in read(client, "/api/v1/claims/work/")
    response = client.get("/api/v1/claims/viral/")
    assert "private" in response["Cache-Control"]
    client.logout()
    assert "Draft note in the works" not in read(client, "/api/v1/claims/viral/")


def test_a_draft_read_by_an_editor_never_reaches_anonymous_readers(client, editor):
    ClaimFactory(status=Status.DRAFT, slug="secret", summary="Not yet")
    client.force_login(editor)
    assert "Not yet" in read(client, "/api/v1/claims/secret/")
    assert "Not yet" in read(client, "/api/v1/claims/")
    client.logout()
    assert client.get("/api/v1/claims/secret/").status_code == 404
    assert "Not yet" not in read(client, "/api/v1/claims/")
    assert "Not yet" not in read(client, "/claims/")


def test_a_token_client_is_never_served_from_the_cache(client, story, editor):
    from rest_framework.authtoken.models import Token

    warm(client, "/api/v1/claims/")
    ClaimFactory(status=Status.DRAFT, slug="tokened", summary="Token sees drafts")
    auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=editor).key}"}
    assert "tokened" in client.get("/api/v1/claims/", **auth).content.decode()


@pytest.mark.parametrize("url", ["/claims/viral/", "/claims/", "/api/v1/claims/viral/"])
def test_conditional_gets_answer_304_until_something_changes(client, story, url):
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert len(queries) == 0
    rename_speaker(story)
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_api_lists_and_details_answer_304(api, story):
    for url in ["/api/v1/claims/", "/api/v1/notes/", "/api/v1/notes/context/"]:
        etag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_claim_etag_still_guards_edits(api, editor):
    ClaimFactory(status=Status.DRAFT, slug="guarded", created_by=editor)
    api.force_login(editor)
    etag = api.get("/api/v1/claims/guarded/")["ETag"]
    assert re.fullmatch(r'W/"claim-guarded-v1-[0-9a-f]{12}"', etag)
    ok = api.patch("/api/v1/claims/guarded/", {"summary": "A"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200
    stale = api.patch(
        "/api/v1/claims/guarded/", {"summary": "B"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412


def test_cached_answers_keep_security_cors_and_vary_headers(client, story):
    for url, vary in [("/claims/viral/", "Cookie"), ("/api/v1/claims/viral/", "Accept")]:
        warm(client, url)
        hit = client.get(url, HTTP_ORIGIN="https://partner.example")
        assert "default-src 'self'" in hit["Content-Security-Policy"]
        assert hit["X-Frame-Options"] == "DENY"
        assert vary in hit["Vary"]
        assert hit["Cache-Control"] == published_cache.PUBLIC_CACHE_CONTROL
    assert hit["Access-Control-Allow-Origin"] == "*"
    assert hit["Content-Type"] == "application/json"


def test_the_browsable_api_and_json_are_cached_apart(client, story):
    as_json = client.get("/api/v1/claims/viral/", HTTP_ACCEPT="application/json")
    as_html = client.get("/api/v1/claims/viral/", HTTP_ACCEPT="text/html")
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")
    again = client.get("/api/v1/claims/viral/", HTTP_ACCEPT="application/json")
    assert again["Content-Type"] == "application/json"


def test_export_revalidation_and_small_downloads_cost_no_query(api, story):
    first = api.get("/api/v1/export.jsonl")
    body = b"".join(first.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/export.jsonl", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        again = api.get("/api/v1/export.jsonl")
        assert b"".join(again.streaming_content) == body
    assert len(queries) == 0
    rename_speaker(story)
    changed = api.get("/api/v1/export.jsonl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"Renamed Speaker" in b"".join(changed.streaming_content)


def test_a_large_export_is_kept_on_disk_and_replaced_by_the_next_version(api, story, settings):
    settings.EXPORT_CACHE_MAX_BYTES = 100  # too large for the shared cache
    first = api.get("/api/v1/export.jsonl")
    body = b"".join(first.streaming_content)
    assert django_cache.get(export_body_key("export.jsonl", first["ETag"])) is None
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/export.jsonl")
        assert b"".join(again.streaming_content) == body
    assert len(queries) == 0
    assert again["Content-Length"] == str(len(body))
    assert again["ETag"] == first["ETag"]
    spool = Path(settings.EXPORT_SPOOL_DIR)
    assert len(list(spool.iterdir())) == 1
    rename_speaker(story)
    changed = b"".join(api.get("/api/v1/export.jsonl").streaming_content)
    assert b"Renamed Speaker" in changed
    kept = list(spool.iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == changed


# Outside a test transaction: closing a response ends the request, which closes the
# database connection as it does in production, and the next request opens a new one.
@pytest.mark.django_db(transaction=True)
def test_an_interrupted_export_download_keeps_nothing(client, api, story, settings):
    settings.EXPORT_CACHE_MAX_BYTES = 100
    cut = client.get("/api/v1/export.json")
    next(iter(cut.streaming_content))  # the reader goes away after the first bytes
    cut.close()
    assert list(Path(settings.EXPORT_SPOOL_DIR).iterdir()) == []
    whole = json.loads(b"".join(api.get("/api/v1/export.json").streaming_content))
    assert [claim["slug"] for claim in whole["claims"]] == ["neighbour", "viral"]
    assert len(list(Path(settings.EXPORT_SPOOL_DIR).iterdir())) == 1


def test_without_a_spool_folder_a_large_export_is_read_again(api, story, settings):
    settings.EXPORT_CACHE_MAX_BYTES = 100
    settings.EXPORT_SPOOL_DIR = ""
    b"".join(api.get("/api/v1/export.jsonl").streaming_content)
    with CaptureQueriesContext(connection) as queries:
        b"".join(api.get("/api/v1/export.jsonl").streaming_content)
    assert len(queries) > 0


def test_session_cookie_bypasses_the_cache_even_when_anonymous(client, story):
    warm(client, "/claims/viral/")
    client.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as queries:
        read(client, "/claims/viral/")
    assert len(queries) > 0


def test_redis_url_is_an_alias_of_cache_url():
    from tests.test_production_settings import settings_under

    redis = settings_under(["CACHES"], DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/5")
    assert redis["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/5"
    both = settings_under(
        ["CACHES"], DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/5", CACHE_URL="dummy://"
    )
    assert both["CACHES"]["default"]["BACKEND"].endswith("DummyCache")


def test_speaker_name_shows_in_the_list_after_a_rename(client):
    speaker = SpeakerFactory(name="Old Name")
    PublishedClaimFactory(speaker=speaker)
    assert "Old Name" in read(client, "/claims/")
    speaker.name = "New Name"
    speaker.save()
    assert "New Name" in read(client, "/claims/")


def test_without_a_cache_every_read_is_fresh(client, story, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    read(client, "/claims/viral/")
    # Changed without any signal: only a fresh build can show it.
    Claim.objects.filter(pk=story["claim"].pk).update(summary="Changed behind the cache")
    assert "Changed behind the cache" in read(client, "/claims/viral/")
    assert "Changed behind the cache" in read(client, "/api/v1/claims/viral/")


# What readers, partners and crawlers poll besides the claim pages and the API.
POLLED = [
    "/speakers/{speaker}/",
    "/sources/{source}/",
    "/claims/feed.atom",
    "/claims/feed.rss",
    "/speakers/{speaker}/feed.atom",
    "/claims/viral/embed/",
    "/claims/viral/card.png",
    "/oembed/?url=http%3A%2F%2Ftestserver%2Fclaims%2Fviral%2F",
]


@pytest.mark.parametrize("url", POLLED)
def test_polled_pages_are_cached_answer_304_and_show_a_change_on_the_next_read(client, story, url):
    claim = story["claim"]
    url = url.format(speaker=claim.speaker.slug, source=claim.source.slug)
    warm(client, url)
    first = client.get(url)
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 0
    name = rename_speaker(story)
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    if url.endswith(".png"):
        assert again.content != first.content  # the speaker is drawn on the card
    else:
        assert name in again.content.decode()


def test_the_sitemap_is_cached_and_lists_a_claim_published_since(client, story, reviewer):
    warm(client, "/sitemap.xml")
    fresh = ClaimFactory(slug="fresh-claim", status=Status.IN_REVIEW)
    fresh.approve(by=reviewer)
    assert "/claims/fresh-claim/" in read(client, "/sitemap.xml")


def test_a_cached_embed_may_still_be_framed_by_any_site(client, story):
    warm(client, "/claims/viral/embed/")
    hit = client.get("/claims/viral/embed/")
    assert "frame-ancestors *" in hit["Content-Security-Policy"]
    assert "X-Frame-Options" not in hit
    assert hit["Content-Type"].startswith("text/html")
    card = client.get("/claims/viral/card.png")
    assert card["Content-Type"] == "image/png"
    assert card["Cache-Control"] == published_cache.PUBLIC_CACHE_CONTROL
