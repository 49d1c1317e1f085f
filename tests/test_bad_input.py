"""Bad input and what it gets: each hostile input of the README's table, as a request.

The property-based run (test_api_fuzz.py) throws generated input at every operation; this
file pins the answer to each kind of bad input a newsroom engineer might ask about, and is
the source of the README's "Bad input and what it gets" table.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations.models import Citation, ContextNote
from claims.models import Claim, Source, Speaker
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

NUL = "Null characters are not allowed."
SURROGATE = "Surrogate characters are not allowed."


@pytest.fixture
def refs(db):
    speaker = SpeakerFactory(slug="lechleitner")
    source = SourceFactory(slug="letter", author=speaker)
    note = NoteFactory(slug="draft-note")
    return {"speaker": speaker, "source": source, "note": note}


@pytest.fixture
def as_editor(api, editor):
    api.force_login(editor)
    return api


def claim_payload(**extra):
    return {
        "speaker": "lechleitner",
        "source": "letter",
        "said_on": "2024-09-25",
        "said_on_precision": "day",
        "text": "As of July 21, there were 662,566 noncitizens with criminal histories.",
        "summary": "662,566 noncitizens with criminal histories",
        "tags": ["immigration"],
        "figures": [{"value": "662566", "counts": "noncitizens", "unit": "people"}],
        **extra,
    }


def with_nul(payload: dict, path: str) -> dict:
    """`payload` with "a\\x00b" at the dotted `path` ("figures.0.counts", "tags.0")."""
    payload = json.loads(json.dumps(payload))
    *parents, last = path.split(".")
    target = payload
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = "a\x00b"
    else:
        target[last] = "a\x00b"
    return payload


NOTE = {"kind": "scale", "title": "Out of 7 million", "body": "About 9.5 %.", "claims": []}
SPEAKER = {"name": "Tony Gonzales", "role": "Representative", "affiliation": "Republican"}
SOURCE = {"title": "A statement", "publisher": "House", "full_text": "Words.", "author": None}
CITATION = {"note": "draft-note", "title": "A study", "publisher": "A journal", "excerpt": "…"}

# Every text field the API writes, and every field naming another record by its slug.
TEXT_FIELDS = [
    ("/api/v1/claims/", claim_payload(), field)
    for field in (
        "slug",
        "speaker",
        "source",
        "text",
        "summary",
        "tags.0",
        "figures.0.counts",
        "figures.0.unit",
        "figures.0.period",
        "figures.0.value",
    )
] + [
    ("/api/v1/notes/", NOTE, "slug"),
    ("/api/v1/notes/", NOTE, "title"),
    ("/api/v1/notes/", NOTE, "body"),
    ("/api/v1/notes/", {**NOTE, "claims": ["x"]}, "claims.0"),
    ("/api/v1/speakers/", SPEAKER, "name"),
    ("/api/v1/speakers/", SPEAKER, "role"),
    ("/api/v1/speakers/", SPEAKER, "affiliation"),
    ("/api/v1/speakers/", SPEAKER, "same_as"),
    ("/api/v1/sources/", SOURCE, "title"),
    ("/api/v1/sources/", SOURCE, "publisher"),
    ("/api/v1/sources/", SOURCE, "full_text"),
    ("/api/v1/sources/", SOURCE, "author"),
    ("/api/v1/citations/", CITATION, "note"),
    ("/api/v1/citations/", CITATION, "title"),
    ("/api/v1/citations/", CITATION, "publisher"),
    ("/api/v1/citations/", CITATION, "excerpt"),
]


@pytest.mark.parametrize(
    ("url", "payload", "field"), TEXT_FIELDS, ids=[f"{u[8:-1]}-{f}" for u, _, f in TEXT_FIELDS]
)
def test_a_nul_byte_in_any_text_field_answers_400_naming_the_field(
    as_editor, refs, url, payload, field
):
    before = [m.objects.count() for m in (Claim, ContextNote, Speaker, Source)]
    response = as_editor.post(url, with_nul(payload, field), format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {field: [NUL]}
    assert [m.objects.count() for m in (Claim, ContextNote, Speaker, Source)] == before


def test_form_and_multipart_bodies_answer_415_and_change_nothing(client, editor, refs):
    """Records are written as JSON only (the file upload aside): a form body is refused
    whole, with the reason, before any field of it is read."""
    token = Token.objects.create(user=editor).key
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    form = client.post(
        "/api/v1/speakers/",
        "name=a%00b",
        content_type="application/x-www-form-urlencoded",
        **auth,
    )
    assert form.status_code == 415 and "Unsupported media type" in form.json()["detail"]
    multipart = client.post("/api/v1/citations/", {"note": "draft-note\x00", "title": "T"}, **auth)
    assert multipart.status_code == 415
    assert Speaker.objects.count() == 1 and not Citation.objects.exists()


def test_nul_bytes_in_workflow_steps_and_updates_answer_400(as_editor, reviewer, refs):
    claim = ClaimFactory(slug="draft", speaker=refs["speaker"], source=refs["source"])
    etag = as_editor.get("/api/v1/claims/draft/")["ETag"]
    response = as_editor.patch(
        "/api/v1/claims/draft/", {"summary": "a\x00b"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400 and response.json() == {"summary": [NUL]}
    as_editor.force_login(reviewer)
    claim.status = Status.PUBLISHED
    claim.save()
    for step, field in (("correct", "text"), ("retract", "reason")):
        response = as_editor.post(f"/api/v1/claims/draft/{step}/", {field: "x\x00"}, format="json")
        assert response.status_code == 400 and response.json() == {field: [NUL]}
    assert Claim.objects.get(slug="draft").status == Status.PUBLISHED


def test_a_lone_surrogate_answers_400_naming_the_field(as_editor, refs):
    body = json.dumps(claim_payload()).replace('"662,566 noncitizens', '"\\ud800 noncitizens')
    response = as_editor.post("/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"summary": [SURROGATE]}


def test_an_oversized_json_body_answers_413_with_the_limit(client, editor, refs, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2621440  # the production default
    client.force_login(editor)  # a plain client: the validating one would read the body itself
    payload = json.dumps(claim_payload(text="z" * 3_000_000))
    response = client.post("/api/v1/claims/", payload, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "Request too large. This server accepts at most 2.5 MB of form data or content.\n"
    )
    assert not Claim.objects.exists()


def test_a_long_text_within_the_limit_is_kept_whole(as_editor, refs):
    text = "Long." * 240_000  # 1.2 MB of statement
    response = as_editor.post("/api/v1/claims/", claim_payload(text=text), format="json")
    assert response.status_code == 201
    assert Claim.objects.get().text == text


def figures(**figure) -> dict:
    return claim_payload(figures=[{"value": "1", "counts": "x", **figure}])


# (what is sent, the body, expected status, the field the answer names)
BAD_BODIES = [
    ("summary too long", claim_payload(summary="x" * 100_000), 400, "summary"),
    ("boolean for a text", claim_payload(summary=True), 400, "summary"),
    ("object for a text", claim_payload(summary={"en": "x"}), 400, "summary"),
    ("text for a list", claim_payload(tags="immigration"), 400, "tags"),
    ("object for a list", claim_payload(figures={"value": "1"}), 400, "figures"),
    ("null for a required field", claim_payload(text=None), 400, "text"),
    ("impossible date", claim_payload(said_on="2024-02-30"), 400, "said_on"),
    ("date in words", claim_payload(said_on="yesterday"), 400, "said_on"),
    ("year 0", claim_payload(said_on="0000-01-01"), 400, "said_on"),
    ("enormous figure", figures(value="1e30"), 400, "figures"),
    ("figure not a number", figures(value="lots"), 400, "figures"),
    ("unknown qualifier", figures(qualifier="circa"), 400, "figures"),
    ("list instead of object", [claim_payload()], 400, "non_field_errors"),
    ("number instead of object", 7, 400, "non_field_errors"),
]


@pytest.mark.parametrize(("what", "payload", "code", "key"), BAD_BODIES, ids=lambda v: str(v))
def test_bad_claim_bodies_answer_400_by_field(as_editor, refs, what, payload, code, key):
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == code, (what, response.content)
    assert key in response.json(), (what, response.json())
    assert not Claim.objects.exists()


RAW_BODIES = [
    ("malformed JSON", '{"summary": ', "application/json", 400, "JSON parse error"),
    ("NaN", '{"figures": [{"value": NaN}]}', "application/json", 400, "JSON parse error"),
    ("wrong content type", "summary=x", "text/plain", 415, "Unsupported media type"),
    ("multipart", "x", "multipart/form-data", 415, "Unsupported media type"),
]


@pytest.mark.parametrize(("what", "body", "ctype", "code", "words"), RAW_BODIES, ids=lambda v: v)
def test_unreadable_bodies_answer_4xx_with_a_reason(
    as_editor, refs, what, body, ctype, code, words
):
    response = as_editor.generic("POST", "/api/v1/claims/", body, content_type=ctype)
    assert response.status_code == code, (what, response.content)
    assert words in response.json()["detail"]


def test_values_of_another_json_type_answer_400_by_field(as_editor, refs):
    """A number for a text, a string for a flag, a number in a list of slugs: the client
    has a bug the schema would have told it about, and nothing is stored."""
    cases = [
        ("/api/v1/claims/", claim_payload(summary=662566), "summary"),
        ("/api/v1/claims/", claim_payload(tags="budget"), "tags"),
        ("/api/v1/claims/", claim_payload(speaker=""), "speaker"),
        ("/api/v1/speakers/", {"name": "A", "distinct": "yes"}, "distinct"),
        ("/api/v1/notes/", {"kind": "scale", "title": "T", "body": "B", "claims": [0]}, "claims"),
        ("/api/v1/workflow/", {"step": "submit", "notes": [0]}, "notes"),
        ("/api/v1/speakers/", {"name": "A", "same_as": "https://a.example/?\u0003"}, "same_as"),
        ("/api/v1/speakers/", {"name": "A", "same_as": "https://" + "a." * 130 + "org"}, "same_as"),
    ]
    for url, payload, field in cases:
        response = as_editor.post(url, payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json(), (payload, response.json())
    assert not Claim.objects.exists() and Speaker.objects.count() == 1
    # JSON does not tell 7.0 from 7: a whole number written with a point is a whole number.
    citation = as_editor.post("/api/v1/citations/", {**CITATION, "position": 2.0}, format="json")
    assert citation.status_code == 201 and citation.json()["position"] == 2


def test_unknown_fields_are_ignored(as_editor, refs):
    payload = claim_payload(colour="red", status="published", version=99)
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert Claim.objects.get().version == 1


def test_unicode_is_stored_and_returned_intact(as_editor, refs):
    summary = "Ünïcödé 😀 عربى 中文 e\u0301 — 75 characters at most"
    response = as_editor.post("/api/v1/claims/", claim_payload(summary=summary), format="json")
    assert response.status_code == 201
    assert response.json()["summary"] == summary
    slug = response.json()["slug"]
    assert as_editor.get(f"/api/v1/claims/{slug}/").json()["summary"] == summary


def test_negative_and_enormous_numbers(as_editor, refs):
    negative = claim_payload(figures=[{"value": "-1200.5", "counts": "fewer people"}])
    response = as_editor.post("/api/v1/claims/", negative, format="json")
    assert response.status_code == 201 and response.json()["figures"][0]["value"] == "-1200.5"
    position = {**CITATION, "position": -1}
    assert "position" in as_editor.post("/api/v1/citations/", position, format="json").json()
    huge = {**CITATION, "position": 10**30}
    assert "position" in as_editor.post("/api/v1/citations/", huge, format="json").json()
    assert as_editor.get(f"/api/v1/citations/{10**30}/").status_code == 404
    # A page size outside 1–200 is refused, as the schema says, rather than quietly changed.
    for size in (10**30, -5, 0, 201, "ten"):
        page = as_editor.get(f"/api/v1/claims/?page_size={size}")
        assert page.status_code == 400 and "page_size" in page.json(), size
    assert as_editor.get("/api/v1/claims/?page_size=200").status_code == 200


BAD_QUERIES = [
    ("/api/v1/claims/?search=%00", 400, {"search": [NUL]}),
    ("/api/v1/notes/?search=%00", 400, {"search": [NUL]}),
    ("/api/v1/speakers/?search=%00", 400, {"search": [NUL]}),
    ("/api/v1/claims/?speaker=a%00", 400, {"speaker": [NUL]}),
    ("/api/v1/claims/?status=nope", 400, "status"),
    ("/api/v1/claims/?said_on_after=yesterday", 400, "said_on"),
    ("/api/v1/claims/?cursor=abc", 404, {"detail": "Invalid cursor"}),
    ("/api/v1/claims/?ordering=%00", 200, None),
]


@pytest.mark.parametrize(("url", "code", "expected"), BAD_QUERIES, ids=lambda v: str(v))
def test_bad_query_parameters_answer_400_by_parameter(api, url, code, expected):
    response = api.get(url)
    assert response.status_code == code, response.content
    if isinstance(expected, dict):
        assert response.json() == expected
    elif expected:
        assert any(key.startswith(expected) for key in response.json()), response.json()


def forged_cursor(position: str) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


@pytest.mark.parametrize(
    ("url", "position"),
    [
        ("/api/v1/claims/", "not a date"),
        ("/api/v1/claims/?ordering=slug", "a\x00b"),
        ("/api/v1/citations/", str(10**30)),
        ("/api/v1/speakers/?ordering=name", "x" * 500),
    ],
)
def test_a_forged_cursor_answers_404_invalid_cursor(api, url, position):
    glue = "&" if "?" in url else "?"
    response = api.get(f"{url}{glue}cursor={forged_cursor(position)}")
    assert response.status_code == 404 and response.json() == {"detail": "Invalid cursor"}


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/a%20b/", "/api/v1/claims/a%2Fb/", "/api/v1/citations/x/", "/api/v1/x"]
)
def test_addresses_that_name_nothing_answer_a_json_404(path):
    for method in ("get", "post", "delete"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": "Not found."}


def test_public_list_ignores_nul_bytes_in_its_search(client):
    ClaimFactory(status=Status.PUBLISHED, summary="Docket figures")
    assert client.get("/claims/?q=Dock%00et").status_code == 200
    assert client.get("/claims/?speaker=%00").status_code == 200


def test_headers_if_match_and_token(api, editor, refs):
    ClaimFactory(slug="draft", speaker=refs["speaker"], source=refs["source"])
    bad_token = api.get("/api/v1/claims/", HTTP_AUTHORIZATION="Token nope")
    assert bad_token.status_code == 403 and bad_token.json() == {"detail": "Invalid token."}
    api.force_login(editor)
    change = {"summary": "Changed"}
    assert api.patch("/api/v1/claims/draft/", change, format="json").status_code == 428
    stale = api.patch("/api/v1/claims/draft/", change, format="json", HTTP_IF_MATCH='"nope"')
    assert stale.status_code == 412 and stale.json()["current"]["summary"] != "Changed"
