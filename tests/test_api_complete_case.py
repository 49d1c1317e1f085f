"""A whole second case entered through the API alone, as a newsroom would, then read as published.

A post with several figures, notes with denominators, one study cited by two notes,
relations, verdicts, and one batch to submit and one to approve: no desk or admin step.
"""

from __future__ import annotations

import json

import pytest

from tests.api_support import ValidatingClient

pytestmark = pytest.mark.django_db


def client_for(user) -> ValidatingClient:
    """A client for `user` whose every answer is checked against the OpenAPI schema."""
    client = ValidatingClient()
    client.force_authenticate(user)
    return client


def ok(response, code: int = 201):
    assert response.status_code == code, response.content
    return response


def test_a_complete_case_through_the_api(api, editor, reviewer):
    ed, rev = client_for(editor), client_for(reviewer)
    ok(ed.post("/api/v1/speakers/", {"name": "Jane Minister", "role": "Senator"}))
    ok(ed.post("/api/v1/sources/", {"title": "A post", "kind": "post", "slug": "the-post"}))
    figures = [
        {"value": "2000000", "qualifier": "more_than", "counts": "people arrested"},
        {"value": "300000", "counts": "people charged", "part_of": "arrests#1"},
    ]
    ok(
        ed.post(
            "/api/v1/claims/",
            {
                "slug": "arrests",
                "speaker": "jane-minister",
                "speaker_role": "Minister of the Interior",
                "source": "the-post",
                "said_on": "2024-03-01",
                "said_on_precision": "month",
                "text": "More than 2 million arrested, 300,000 charged.",
                "summary": "More than 2 million arrested, 300,000 charged",
                "tags": ["crime"],
                "figures": figures,
            },
        )
    )
    ok(
        ed.post(
            "/api/v1/claims/",
            {
                "slug": "charges",
                "speaker": "jane-minister",
                "source": "the-post",
                "text": "300,000 were charged.",
                "summary": "300,000 were charged",
                "figures": [{"value": "300000", "counts": "people charged"}],
            },
        )
    )
    ok(ed.post("/api/v1/claims/charges/relations/", {"kind": "repeats", "other": "arrests"}))
    note = {
        "slug": "convictions",
        "kind": "scale",
        "title": "Few were convicted",
        "body": "About one in ten of those charged.",
        "claims": ["arrests", "charges"],
        "figures": [{"value": "30000", "counts": "people convicted", "part_of": "arrests#2"}],
    }
    ok(ed.post("/api/v1/notes/", note))
    ok(
        ed.post(
            "/api/v1/notes/",
            {
                "slug": "decades",
                "kind": "timeframe",
                "title": "Over decades",
                "body": "Since 1990.",
                "claims": ["arrests"],
            },
        )
    )
    study = ok(
        ed.post("/api/v1/citations/", {"note": "convictions", "title": "Court statistics 2023"})
    ).json()
    ok(ed.post("/api/v1/notes/decades/citations/", {"citation": study["id"]}), 200)
    verdict = {
        "rating": "Missing context",
        "explanation": "Few of the charges led to a conviction.",
    }
    ok(rev.put("/api/v1/claims/arrests/verdict/", verdict))
    ok(rev.put("/api/v1/claims/charges/verdict/", {**verdict, "rating": "Mostly accurate"}))

    submitted = ok(
        ed.post(
            "/api/v1/workflow/",
            {"step": "submit", "claims": ["arrests", "charges"], "with_notes": True},
        ),
        200,
    ).json()
    assert len(submitted["items"]) == 4
    approved = ok(
        rev.post(
            "/api/v1/workflow/",
            {
                "step": "approve",
                "claims": ["arrests", "charges"],
                "notes": ["convictions", "decades"],
            },
        ),
        200,
    ).json()
    assert {i["status"] for i in approved["items"]} == {"published"}

    # An anonymous reader now sees the whole case, in the published JSON.
    document = ok(api.get("/api/v1/claims/arrests/"), 200).json()
    assert document["status"] == "published"
    assert document["speaker_role"] == "Minister of the Interior"
    assert document["speaker"]["role"] == "Senator"
    assert [(f["key"], f["share"]) for f in document["figures"]] == [
        ("arrests#1", None),
        ("arrests#2", 0.15),
    ]
    notes = {n["slug"]: n for n in document["notes"]}
    assert notes["convictions"]["figures"][0]["part_of"]["key"] == "arrests#2"
    assert notes["convictions"]["figures"][0]["share"] == 0.1
    assert [c["title"] for c in notes["convictions"]["citations"]] == ["Court statistics 2023"]
    assert [c["title"] for c in notes["decades"]["citations"]] == ["Court statistics 2023"]
    assert document["relations"] == [
        {
            "direction": "incoming",
            "kind": "repeats",
            "label": "repeats",
            "note": "",
            "claim": {
                "slug": "charges",
                "summary": "300,000 were charged",
                "url": document["url"].replace("arrests", "charges"),
            },
        }
    ]
    assert document["verdict"]["rating"] == {"label": "Missing context", "value": 3}
    reviews = api.get("/api/v1/claimreview.json")
    by_url = {r["url"]: r for r in json.loads(b"".join(reviews.streaming_content))}
    author = by_url[document["url"]]["itemReviewed"]["author"]
    assert author["jobTitle"] == "Minister of the Interior"
