"""The API reads: anonymous clients see published content only, staff see drafts too.

Every response here goes through the `api` client, which checks it against /api/schema/.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.workflow import Status
from tests.api_support import annotated_claims
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    NoteFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """One published and one draft of everything."""
    public = ClaimFactory(status=Status.PUBLISHED, slug="public-claim")
    draft = ClaimFactory(status=Status.DRAFT, slug="draft-claim")
    public_note = NoteFactory(status=Status.PUBLISHED, slug="public-note")
    draft_note = NoteFactory(status=Status.DRAFT, slug="draft-note")
    public_note.claims.add(public, draft)
    draft_note.claims.add(public)
    return {
        "claim": (public, draft),
        "note": (public_note, draft_note),
        "citation": (CitationFactory(note=public_note), CitationFactory(note=draft_note)),
        "speaker": (public.speaker, draft.speaker),
        "source": (public.source, draft.source),
    }


def slugs(response, key: str = "slug") -> set:
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


ENDPOINTS = [
    ("claims", "claim", "slug"),
    ("notes", "note", "slug"),
    ("citations", "citation", "id"),
    ("speakers", "speaker", "slug"),
    ("sources", "source", "slug"),
]


@pytest.mark.parametrize(("path", "kind", "key"), ENDPOINTS)
def test_anonymous_clients_read_published_content_only(api, world, path, kind, key):
    public, draft = world[kind]
    listed = slugs(api.get(f"/api/v1/{path}/"), key)
    assert getattr(public, key if key != "id" else "pk") in listed
    assert getattr(draft, key if key != "id" else "pk") not in listed
    assert api.get(f"/api/v1/{path}/{getattr(public, key)}/").status_code == 200
    assert api.get(f"/api/v1/{path}/{getattr(draft, key)}/").status_code == 404


@pytest.mark.parametrize(("path", "kind", "key"), ENDPOINTS)
@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user"])
def test_newsroom_staff_read_drafts(api, world, request, persona, path, kind, key):
    api.force_login(request.getfixturevalue(persona))
    public, draft = world[kind]
    listed = slugs(api.get(f"/api/v1/{path}/"), key)
    assert {getattr(public, key), getattr(draft, key)} <= listed
    assert api.get(f"/api/v1/{path}/{getattr(draft, key)}/").status_code == 200


@pytest.mark.parametrize(("path", "kind", "key"), ENDPOINTS)
def test_logged_in_outsiders_read_like_anonymous_clients(api, world, outsider, path, kind, key):
    api.force_login(outsider)
    public, draft = world[kind]
    assert api.get(f"/api/v1/{path}/{getattr(draft, key)}/").status_code == 404
    assert api.get(f"/api/v1/{path}/{getattr(public, key)}/").status_code == 200


def test_published_detail_hides_draft_notes_from_anonymous_and_shows_them_to_staff(
    api, world, editor
):
    anonymous = api.get("/api/v1/claims/public-claim/").json()
    assert [n["slug"] for n in anonymous["notes"]] == ["public-note"]
    api.force_login(editor)
    staff = api.get("/api/v1/claims/public-claim/").json()
    assert [n["slug"] for n in staff["notes"]] == ["draft-note", "public-note"]
    # A published note lists only the published claims it qualifies, for anonymous readers.
    api.logout()
    assert api.get("/api/v1/notes/public-note/").json()["claims"] == ["public-claim"]


def test_detail_is_the_published_json_with_an_etag(api, world):
    response = api.get("/api/v1/claims/public-claim/")
    document = response.json()
    assert document["schema_version"] == 1
    assert document["slug"] == "public-claim"
    # The version (what If-Match compares) and a digest of what the reader was shown.
    version = world["claim"][0].version
    assert re.fullmatch(rf'W/"claim-public-claim-v{version}-[0-9a-f]{{12}}"', response["ETag"])


def test_claim_filters_search_and_ordering(api):
    lech = SpeakerFactory(slug="lechleitner", name="Patrick J. Lechleitner")
    early = ClaimFactory(
        status=Status.PUBLISHED, speaker=lech, slug="b-early", said_on="2024-07-01"
    )
    late = ClaimFactory(status=Status.PUBLISHED, slug="a-late", summary="Nearly 7 million")
    late.tags.create(name="immigration")
    NoteFactory(status=Status.PUBLISHED, body="spans four decades").claims.add(early)
    ClaimFactory(status=Status.RETRACTED, slug="c-retracted")

    assert slugs(api.get("/api/v1/claims/?speaker=lechleitner")) == {"b-early"}
    assert slugs(api.get("/api/v1/claims/?tag=immigration")) == {"a-late"}
    assert slugs(api.get("/api/v1/claims/?status=retracted")) == {"c-retracted"}
    assert slugs(api.get("/api/v1/claims/?search=four decades")) == {"b-early"}
    assert slugs(api.get("/api/v1/claims/?search=7 million")) == {"a-late"}
    assert slugs(api.get("/api/v1/claims/?said_on_before=2024-08-01")) == {"b-early"}
    assert "b-early" not in slugs(api.get("/api/v1/claims/?said_on_after=2024-08-01"))
    ordered = api.get("/api/v1/claims/?ordering=slug").json()["results"]
    assert [c["slug"] for c in ordered] == ["a-late", "b-early", "c-retracted"]


def test_note_filters_by_kind_claim_and_search(api):
    claim = ClaimFactory(status=Status.PUBLISHED, slug="docket")
    NoteFactory(status=Status.PUBLISHED, slug="years", kind="timeframe").claims.add(claim)
    NoteFactory(status=Status.PUBLISHED, slug="size", kind="scale", title="Out of 7 million")
    assert slugs(api.get("/api/v1/notes/?kind=scale")) == {"size"}
    assert slugs(api.get("/api/v1/notes/?claim=docket")) == {"years"}
    assert slugs(api.get("/api/v1/notes/?search=7 million")) == {"size"}


def test_cursor_pagination_walks_every_claim_once(api):
    for n in range(7):
        ClaimFactory(status=Status.PUBLISHED, slug=f"claim-{n}")
    seen, url = [], "/api/v1/claims/?page_size=3"
    while url:
        page = api.get(url).json()
        seen += [c["slug"] for c in page["results"]]
        url = page["next"]
        assert url is None or "cursor=" in url
    assert sorted(seen) == [f"claim-{n}" for n in range(7)]


def test_sources_and_speakers_filter(api):
    speaker = SpeakerFactory(slug="dhs", kind="organization")
    source = SourceFactory(slug="dhs-statement", author=speaker)
    ClaimFactory(status=Status.PUBLISHED, speaker=speaker, source=source)
    ClaimFactory(status=Status.PUBLISHED)
    assert slugs(api.get("/api/v1/speakers/?kind=organization")) == {"dhs"}
    assert slugs(api.get("/api/v1/sources/?author=dhs")) == {"dhs-statement"}


def test_public_endpoints_allow_any_origin_without_credentials(api, world):
    response = api.get("/api/v1/claims/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def count_queries(client, url: str) -> int:
    """Queries of building the response (the cache emptied first: a hit costs none)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries)


URLS = [
    "/api/v1/claims/?page_size=200",
    "/api/v1/notes/?page_size=200",
    "/api/v1/citations/?page_size=200",
    "/api/v1/speakers/?page_size=200",
    "/api/v1/sources/?page_size=200",
    # docket-total ends up with 200 notes and 200 relations, and is the denominator of 400 figures.
    "/api/v1/claims/docket-total/",
    "/api/v1/notes/note-0000/",
]


def test_list_and_detail_query_counts_do_not_grow_from_10_to_200_claims(api, editor):
    """Anonymous and editor, lists and details, on one set of rows (building 200 annotated
    claims is what this test spends its time on)."""
    from annotations.models import Citation
    from claims.models import Claim

    annotated_claims(10)
    claim = Claim.objects.get(slug="claim-0000")
    details = [
        f"/api/v1/citations/{Citation.objects.filter(note__slug='note-0000').get().pk}/",
        f"/api/v1/speakers/{claim.speaker.slug}/",
        f"/api/v1/sources/{claim.source.slug}/",
    ]

    def spent() -> dict[tuple[str, str], int]:
        api.logout()
        counts = {("anonymous", url): count_queries(api, url) for url in URLS + details}
        api.force_login(editor)
        counts |= {("editor", url): count_queries(api, url) for url in URLS}
        return counts

    few = spent()
    annotated_claims(190, start=10)
    assert len(api.get("/api/v1/claims/?page_size=200").json()["results"]) == 200
    assert spent() == few


def test_api_links_use_the_public_address_whatever_host_was_asked(api, settings):
    settings.PUBLIC_BASE_URL = "https://facts.example.org/"
    for n in range(3):
        ClaimFactory(status=Status.PUBLISHED, slug=f"claim-{n}")
    page = api.get("/api/v1/claims/?page_size=2").json()
    assert page["next"].startswith("https://facts.example.org/api/v1/claims/?cursor=")
    assert page["results"][0]["url"].startswith("https://facts.example.org/claims/")


@pytest.mark.parametrize("persona", [None, "editor"])
def test_a_claims_relations_and_verdict_cost_the_same_queries_for_3_and_60_relations(
    api, request, persona
):
    from claims.models import Claim, ClaimRelation

    if persona:
        api.force_login(request.getfixturevalue(persona))
    claims = annotated_claims(61)
    hub = claims[0]

    def relate(others: list[Claim]) -> None:
        ClaimRelation.objects.bulk_create(
            ClaimRelation(from_claim=hub, to_claim=other, kind="responds_to") for other in others
        )

    urls = [f"/api/v1/claims/{hub.slug}/relations/", f"/api/v1/claims/{hub.slug}/verdict/"]
    relate(claims[1:3])  # with the one annotated_claims made: 3
    few = {url: count_queries(api, url) for url in urls}
    relate(claims[3:60])
    assert len(api.get(urls[0]).json()) == 60
    assert {url: count_queries(api, url) for url in urls} == few
