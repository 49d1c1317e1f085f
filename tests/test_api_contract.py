"""The rules the OpenAPI document states, held by the server: what a client reading only the
schema would expect (`.ci/api-contract` checks the same against a running server).

- a request that is well formed but collides with what is stored answers 409, not 400;
- a query parameter is given once, with a value, and a page size is 1 to 200;
- an anchor names its words, or both positions; a verbatim claim may take its text from it;
- a date travels with its precision;
- a slug has a slug's characters; a text of white space alone is blank.
"""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimRelation, Source, Speaker
from tests.api_support import openapi_document
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_editor(api, editor):
    api.force_login(editor)
    return api


def test_relating_two_claims_twice_the_same_way_answers_409(as_editor):
    ClaimFactory(slug="first")
    ClaimFactory(slug="second")
    body = {"kind": "repeats", "other": "second"}
    assert as_editor.post("/api/v1/claims/first/relations/", body).status_code == 201
    again = as_editor.post("/api/v1/claims/first/relations/", body)
    assert again.status_code == 409, again.content
    assert "already related this way" in again.json()["non_field_errors"][0]
    assert again.json()["detail"]
    assert ClaimRelation.objects.count() == 1


def test_a_taken_slug_answers_409_naming_the_field(as_editor):
    SpeakerFactory(slug="osborne", name="George Osborne")
    response = as_editor.post("/api/v1/speakers/", {"slug": "osborne", "name": "Someone Else"})
    assert response.status_code == 409 and "slug" in response.json()
    assert Speaker.objects.count() == 1


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("status=draft&status=", "status"),
        ("updated_at_after=", "updated_at_after"),
        ("speaker=a&speaker=b", "speaker"),
        ("page_size=", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=20&page_size=30", "page_size"),
    ],
)
def test_a_query_parameter_empty_repeated_or_out_of_range_answers_400(as_editor, query, parameter):
    response = as_editor.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_list_parameters_may_repeat(as_editor):
    ClaimFactory(slug="one")
    response = as_editor.get("/api/v1/claims/?status=draft&status=in_review&page_size=200")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["one"]


def test_an_anchor_names_its_words_or_both_positions(as_editor):
    speaker = SpeakerFactory(slug="lechleitner")
    SourceFactory(slug="letter", author=speaker, full_text="There were 662,566 of them.")
    body = {"speaker": "lechleitner", "source": "letter", "summary": "A count"}
    for anchor in ({}, {"start": 11}, {"prefix": "There were "}):
        response = as_editor.post("/api/v1/claims/", {**body, "anchor": anchor})
        assert response.status_code == 400 and "anchor" in response.json(), anchor
    # A paraphrase is in the desk's words: the anchor does not give its text.
    paraphrase = {**body, "anchor": {"exact": "662,566"}, "text_kind": "paraphrase"}
    assert "text" in as_editor.post("/api/v1/claims/", paraphrase).json()
    assert not Claim.objects.exists()
    verbatim = as_editor.post("/api/v1/claims/", {**body, "anchor": {"start": 11, "end": 18}})
    assert verbatim.status_code == 201 and verbatim.json()["text"] == "662,566"


def test_a_date_travels_with_its_precision(as_editor):
    SourceFactory(slug="letter")
    etag = as_editor.get("/api/v1/sources/letter/")["ETag"]
    for change in ({"date": "2024-09-25"}, {"date_precision": "year"}):
        response = as_editor.patch("/api/v1/sources/letter/", change, HTTP_IF_MATCH=etag)
        assert response.status_code == 400 and "non_field_errors" in response.json(), change
    created = as_editor.post("/api/v1/sources/", {"title": "T", "date": "2024-09-25"})
    assert created.status_code == 400 and "non_field_errors" in created.json()
    assert Source.objects.count() == 1


@pytest.mark.parametrize("slug", ["with space", "ünïcode", "a/b", "\u0093"])
def test_a_slug_has_a_slugs_characters(as_editor, slug):
    response = as_editor.post("/api/v1/speakers/", {"slug": slug, "name": "A Name"})
    assert response.status_code == 400 and "slug" in response.json()
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("blank", [" ", "\n\t", "\u001d", "\u0085", "\u3000"])
def test_white_space_alone_is_a_blank_text(as_editor, blank):
    response = as_editor.post("/api/v1/speakers/", {"name": blank})
    assert response.status_code == 400 and "name" in response.json()
    assert not Speaker.objects.exists()


def test_the_schema_declares_what_the_server_refuses():
    schema = openapi_document()["components"]["schemas"]
    speaker = schema["SpeakerRequest"]["properties"]
    assert speaker["slug"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert speaker["name"]["pattern"]  # not white space alone
    same_as = speaker["same_as"]["anyOf"][0]
    assert same_as["pattern"].startswith("^https?://") and "format" not in same_as
    assert schema["AnchorInputRequest"]["anyOf"] == [
        {"required": ["exact"]},
        {"required": ["start", "end"]},
    ]


def test_numbers_of_thousands_of_digits_answer_4xx(as_editor):
    """Python will not read an integer of more than 4,300 digits: not a 500 either way."""
    digits = "9" * 5000
    page = as_editor.get(f"/api/v1/claims/?page_size={digits}")
    assert page.status_code == 400 and "page_size" in page.json()
    assert as_editor.get(f"/api/v1/annotations/?page={digits}").status_code == 404
    assert as_editor.get(f"/api/v1/annotations/?page={'0' * 5000}").status_code == 400


def test_changing_what_the_records_state_fixes_answers_409(as_editor):
    """A slug once set, and the words of a claim anchored in its source, are fixed by what
    is stored: a request to change them is well formed, and collides (409)."""
    speaker = SpeakerFactory(slug="lechleitner")
    SourceFactory(slug="letter", author=speaker, full_text="There were 662,566 of them.")
    SourceFactory(slug="other-letter")
    body = {"speaker": "lechleitner", "source": "letter", "summary": "A count"}
    slug = as_editor.post("/api/v1/claims/", {**body, "anchor": {"exact": "662,566"}}).json()[
        "slug"
    ]
    url = f"/api/v1/claims/{slug}/"
    for change, field in [
        ({"slug": "another"}, "slug"),
        ({"text": "Other words"}, "text"),
        ({"source": "other-letter"}, "source"),
    ]:
        response = as_editor.patch(url, change, HTTP_IF_MATCH=as_editor.get(url)["ETag"])
        assert response.status_code == 409 and field in response.json(), change
    assert Claim.objects.get().text == "662,566"


def test_removing_a_relation_asks_for_if_match_before_the_claims_state(as_editor):
    from tests.factories import PublishedClaimFactory

    published = PublishedClaimFactory(slug="pub")
    relation = ClaimRelation.objects.create(
        from_claim=published, to_claim=ClaimFactory(slug="other"), kind="disputes"
    )
    url = f"/api/v1/claims/pub/relations/{relation.pk}/"
    assert as_editor.delete(url).status_code == 428
    assert as_editor.delete(url, HTTP_IF_MATCH="*").status_code == 409
    assert ClaimRelation.objects.count() == 1
