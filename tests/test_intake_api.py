"""POST /api/v1/extract/: who may call it, what it answers, and how it refuses bad input."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.api import MAX_TEXT_BYTES

pytestmark = pytest.mark.django_db

URL = "/api/v1/extract/"
LETTER = (
    "Thank you for your letter. As of July 21, 2024, there were 662,566 noncitizens with "
    "criminal histories on ICE's non-detained docket. More than 435,000 of them are "
    "convicted criminals."
)


def test_anonymous_visitors_are_refused(api):
    response = api.post(URL, {"text": LETTER})
    assert response.status_code == 403


def test_logged_in_outsiders_are_refused(api, outsider):
    response = api.as_user(outsider).post(URL, {"text": LETTER})
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user"])
def test_newsroom_staff_get_sentences_and_figures(api, request, persona):
    user = request.getfixturevalue(persona)
    response = api.as_user(user).post(URL, {"text": LETTER})
    assert response.status_code == 200
    sentences = response.json()["sentences"]
    assert [s["text"] for s in sentences] == [
        "Thank you for your letter.",
        "As of July 21, 2024, there were 662,566 noncitizens with criminal histories on "
        "ICE's non-detained docket.",
        "More than 435,000 of them are convicted criminals.",
    ]
    for sentence in sentences:
        assert LETTER[sentence["start"] : sentence["end"]] == sentence["text"]
    docket = sentences[1]["figures"]
    assert docket == [
        {
            "start": LETTER.index("662,566"),
            "end": LETTER.index("662,566") + len("662,566"),
            "text": "662,566",
            "value": "662566",
            "qualifier": "exact",
            "unit": "",
            "counts": "noncitizens with criminal histories",
            "as_of": "2024-07-21",
            "period": "",
        }
    ]
    convicted = sentences[2]["figures"][0]
    assert (convicted["text"], convicted["value"], convicted["qualifier"]) == (
        "More than 435,000",
        "435000",
        "more_than",
    )
    # The thanks rank below both sentences with figures.
    assert sentences[0]["checkworthy"] < min(s["checkworthy"] for s in sentences[1:])


def test_offsets_are_code_points_into_the_text_sent(api, editor):
    text = "Café owners 🙂 say: prices rose 12% — “nearly €4bn” in lost sales."
    figures = api.as_user(editor).post(URL, {"text": text}).json()["sentences"][0]["figures"]
    assert [text[f["start"] : f["end"]] for f in figures] == ["12%", "nearly €4bn"]
    assert [(f["value"], f["unit"]) for f in figures] == [("12", "%"), ("4000000000", "EUR")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "This field is required."),
        ({"text": ""}, "This field may not be blank."),
        ({"text": "  \n\t "}, "The text is empty."),
        ({"text": 12}, "Send the text as a JSON string."),
        ({"text": ["a", "b"]}, "Send the text as a JSON string."),
        ({"text": {"a": 1}}, "Send the text as a JSON string."),
        ({"text": None}, "This field may not be null."),
    ],
)
def test_missing_empty_or_non_text_input_is_a_field_level_400(api, editor, body, message):
    response = api.as_user(editor).post(URL, body)
    assert response.status_code == 400
    assert response.json() == {"text": [message]}


def test_a_body_that_is_not_json_is_a_400(api, editor):
    response = api.as_user(editor).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_text_over_one_megabyte_is_a_413_with_a_message(api, editor):
    text = "The docket holds 7 million people. " * (MAX_TEXT_BYTES // 35 + 1)
    assert len(text.encode()) > MAX_TEXT_BYTES
    response = api.as_user(editor).post(URL, {"text": text})
    assert response.status_code == 413
    assert "1 MB" in response.json()["detail"]


def test_text_of_exactly_one_megabyte_is_accepted(api, editor):
    text = ("x" * 99 + "\n") * (MAX_TEXT_BYTES // 100) + "y" * (MAX_TEXT_BYTES % 100)
    assert len(text.encode()) == MAX_TEXT_BYTES
    response = api.as_user(editor).post(URL, {"text": text})
    assert response.status_code == 200


def test_multibyte_text_is_measured_in_utf8_bytes(api, editor):
    # 400,000 characters, but 1.2 MB as UTF-8.
    text = "€" * 400_000
    response = api.as_user(editor).post(URL, {"text": text})
    assert response.status_code == 413


def test_a_body_over_the_servers_limit_is_a_413_too(client, editor, settings):
    # Refused by the server before the view; the schema client cannot re-read such a body.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(editor)
    body = json.dumps({"text": "7 million people. " * 100})
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.content.decode().startswith("Request too large.")


def test_query_count_does_not_grow_with_the_text(api, editor):
    client = api.as_user(editor)
    short = "ICE removed 900,000 people. "
    with CaptureQueriesContext(connection) as small:
        assert client.post(URL, {"text": short}).status_code == 200
    with CaptureQueriesContext(connection) as large:
        response = client.post(URL, {"text": short * 500})
        assert response.status_code == 200
    assert len(response.json()["sentences"]) == 500
    # Only the session and the user's permissions: the text itself never reaches the database.
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_the_endpoint_is_in_the_openapi_schema(api):
    schema = json.loads(api.get("/api/schema/?format=json").content)
    operation = schema["paths"]["/api/v1/extract/"]["post"]
    assert {"200", "400", "403", "413"} <= set(operation["responses"])
