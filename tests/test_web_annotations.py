"""/api/v1/annotations/: published notes and verdicts as W3C Web Annotations, page by page."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import SourceRevision
from claims.workflow import Status
from publication import webannotation
from tests.factories import (
    ClaimFactory,
    NoteFactory,
    PublishedClaimFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
TEXT = "Opening words. The docket holds nearly 7 million people. Closing words."
DOCKET = "The docket holds nearly 7 million people"
MOTIVATIONS = {"commenting", "describing", "assessing"}


def body(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == PROFILE
    return json.loads(response.content)


def check_annotation(item: dict) -> None:
    """The keys and types the Web Annotation model requires of an Annotation."""
    assert {"id", "type", "target", "body", "motivation"} <= set(item)
    assert item["type"] == "Annotation"
    assert item["motivation"] in MOTIVATIONS
    assert item["id"].startswith("http")
    targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
    assert targets
    for target in targets:
        if isinstance(target, dict):
            assert target["type"] == "SpecificResource" and target["source"].startswith("http")
            types = [s["type"] for s in target["selector"]]
            assert types == ["TextQuoteSelector", "TextPositionSelector"]
        else:
            assert target.startswith("http")
    for part in item["body"]:
        assert part["type"] == "TextualBody" and isinstance(part["value"], str)


@pytest.fixture
def published():
    source = SourceFactory(slug="statement")
    source.revise(text=TEXT, by=None, origin=SourceRevision.Origin.PASTED)
    anchored = PublishedClaimFactory(source=source, text=DOCKET, slug="docket")
    anchored.anchor_to(exact=DOCKET)
    loose = PublishedClaimFactory(slug="loose")
    draft = ClaimFactory(slug="draft")
    note = NoteFactory(status=Status.PUBLISHED, slug="forty-years", kind="timeframe")
    note.claims.set([anchored, loose, draft])
    NoteFactory(status=Status.DRAFT, slug="draft-note").claims.set([anchored])
    VerdictFactory(claim=anchored)
    VerdictFactory(claim=draft)
    return anchored


def test_the_collection_says_how_many_and_where_the_pages_are(api, published):
    data = body(api.get("/api/v1/annotations/"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == 2  # the published note and the verdict on the published claim
    assert data["first"].endswith("/api/v1/annotations/?page=1")
    assert data["last"] == data["first"]


def test_a_page_holds_the_published_note_and_verdict_with_their_targets(api, published):
    data = body(api.get("/api/v1/annotations/?page=1"))
    assert data["type"] == "AnnotationPage"
    assert data["partOf"]["total"] == 2 and "next" not in data
    note, verdict = data["items"]
    for item in data["items"]:
        check_annotation(item)
    assert note["motivation"] == "commenting"
    assert note["body"][0]["value"] == "These figures go back **40 years**."
    assert note["body"][0]["format"] == "text/markdown"
    assert note["body"][0]["id"].endswith("/api/v1/notes/forty-years/")
    span, page = note["target"]  # the draft claim is not a target
    assert span["source"].endswith("/sources/statement/")
    assert span["selector"][0] == {
        "type": "TextQuoteSelector",
        "exact": DOCKET,
        "prefix": "Opening words. ",
        "suffix": ". Closing words.",
    }
    assert span["selector"][1] == {"type": "TextPositionSelector", "start": 15, "end": 55}
    assert page.endswith("/claims/loose/")
    assert verdict["motivation"] == "assessing"
    assert verdict["body"][0]["value"] == "Missing context"
    assert verdict["body"][1]["value"] == "Needs the docket's size to be read correctly."
    assert verdict["target"]["selector"][0]["exact"] == DOCKET


def test_each_annotation_is_dereferenceable_at_its_id(api, published):
    for item in body(api.get("/api/v1/annotations/?page=1"))["items"]:
        one = body(api.get(urlparse(item["id"]).path))
        assert one == {"@context": webannotation.CONTEXT, **item}


def test_drafts_and_unknown_keys_are_not_found(api, published):
    for key in ("note-draft-note", "verdict-draft", "note-nothing", "other-docket", "x"):
        assert api.get(f"/api/v1/annotations/{key}/").status_code == 404, key


def test_bad_and_missing_pages(api, published):
    response = api.get("/api/v1/annotations/?page=abc")
    assert response.status_code == 400 and "page" in response.json()
    assert api.get("/api/v1/annotations/?page=0").status_code == 400
    assert api.get("/api/v1/annotations/?page=²").status_code == 400
    assert api.get("/api/v1/annotations/?page=2").status_code == 404


def test_pages_link_to_each_other_and_cost_the_same_queries(api, settings):
    for _ in range(60):
        claim = PublishedClaimFactory()
        NoteFactory(status=Status.PUBLISHED).claims.set([claim])
        VerdictFactory(claim=claim)
    data = body(api.get("/api/v1/annotations/"))
    assert data["total"] == 120 and data["last"].endswith("?page=3")
    first = body(api.get("/api/v1/annotations/?page=1"))
    second = body(api.get("/api/v1/annotations/?page=2"))
    assert first["next"].endswith("?page=2") and second["prev"].endswith("?page=1")
    kinds = [i["motivation"] for i in second["items"]]
    assert kinds == ["commenting"] * 10 + ["assessing"] * 40  # notes, then verdicts
    assert len({i["id"] for i in first["items"] + second["items"]}) == 100
    with CaptureQueriesContext(connection) as page_one:
        api.get("/api/v1/annotations/?page=1")
    with CaptureQueriesContext(connection) as page_two:
        api.get("/api/v1/annotations/?page=2")
    assert len(page_one) <= 6 and len(page_two) <= 6


def test_demo_notes_and_verdicts_are_annotations(api):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    data = body(api.get("/api/v1/annotations/?page=1"))
    assert data["partOf"]["total"] == 10  # six notes, four verdicts
    for item in data["items"]:
        check_annotation(item)
    assert {i["motivation"] for i in data["items"]} == {"commenting", "describing", "assessing"}


def test_the_collection_is_read_only(client, editor, published):
    client.force_login(editor)
    assert client.post("/api/v1/annotations/", {}).status_code == 405
    assert client.delete("/api/v1/annotations/note-forty-years/").status_code == 405
