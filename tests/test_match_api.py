"""POST /api/v1/match/: the contract partners rely on, its limits and who sees what."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.matching import index
from tests.factories import ClaimFactory, PublishedClaimFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/match/"
SAID = "The city's fire brigade answered 48,213 emergency calls about chimney fires."


@pytest.fixture(autouse=True)
def fresh_state():
    index.reset()
    cache.clear()  # the throttle counts requests in the cache
    yield
    index.reset()
    cache.clear()


def published(text: str = SAID, **fields):
    return PublishedClaimFactory(text=text, summary=text[:70], **fields)


def test_the_answer_has_sentences_offsets_scores_verdicts_and_figures(api):
    claim = published()
    text = "Hello there. " + SAID.replace("48,213", "58,000")
    response = api.post(URL, {"text": text}, format="json")
    assert response.status_code == 200
    first, second = response.json()["sentences"]
    assert (first["start"], first["end"], first["matches"]) == (0, 12, [])
    assert text[second["start"] : second["end"]] == second["text"]
    (match,) = second["matches"]
    assert match["claim"] == claim.slug
    assert 0 < match["score"] <= 1
    assert match["verdict"] is None
    assert match["figures"] == [{"said": "58000", "checked": "48213", "same": False}]


def test_offsets_count_code_points_not_utf16_units(api):
    published()
    text = "🙂🙂 Nice. " + SAID
    second = api.post(URL, {"text": text}, format="json").json()["sentences"][1]
    assert second["start"] == text.index("The city")  # Python counts code points


@pytest.mark.parametrize("status", ["draft", "in_review", "retracted"])
def test_anonymous_clients_only_match_published_claims(api, status):
    ClaimFactory(status=status, text=SAID, summary=SAID[:70])
    response = api.post(URL, {"text": SAID}, format="json")
    assert response.json()["sentences"][0]["matches"] == []


@pytest.mark.parametrize(
    ("persona", "sees_review"),
    [("editor", True), ("reviewer", True), ("admin_user", True), ("outsider", False)],
)
def test_claims_in_review_match_for_newsroom_staff_only(api, request, persona, sees_review):
    claim = ClaimFactory(status="in_review", text=SAID, summary=SAID[:70])
    ClaimFactory(status="draft", text=SAID, summary=SAID[:70])
    api.force_authenticate(request.getfixturevalue(persona))
    matches = api.post(URL, {"text": SAID}, format="json").json()["sentences"][0]["matches"]
    assert [m["claim"] for m in matches] == ([claim.slug] if sees_review else [])


@pytest.mark.parametrize(
    "body",
    [{"text": ""}, {"text": "   \n"}, {"text": 5}, {"text": ["a"]}, {"text": None}, {}],
)
def test_empty_or_non_text_input_answers_400_naming_the_field(api, body):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_a_body_that_is_not_an_object_answers_400(api):
    response = api.post(URL, ["text"], format="json")
    assert response.status_code == 400


def test_more_than_one_megabyte_of_text_answers_413(api):
    response = api.post(URL, {"text": "a" * 1_000_001}, format="json")
    assert response.status_code == 413
    assert b"1 MB" in response.content


def test_too_many_requests_answer_429_with_retry_after(api, settings):
    settings.MATCH_RATE_ANON = "2/minute"
    assert api.post(URL, {"text": SAID}, format="json").status_code == 200
    assert api.post(URL, {"text": SAID}, format="json").status_code == 200
    response = api.post(URL, {"text": SAID}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_limit_is_per_client_address_behind_trusted_proxies(api, settings):
    settings.MATCH_RATE_ANON = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert api.post(URL, {"text": SAID}, format="json", **first).status_code == 200
    assert api.post(URL, {"text": SAID}, format="json", **first).status_code == 429
    assert api.post(URL, {"text": SAID}, format="json", **other).status_code == 200


def test_logged_in_users_have_their_own_higher_limit(api, settings, editor):
    settings.MATCH_RATE_ANON = "1/minute"
    settings.MATCH_RATE_USER = "3/minute"
    api.force_authenticate(editor)
    statuses = [api.post(URL, {"text": SAID}, format="json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_query_count_does_not_grow_with_the_number_of_claims(api):
    text = SAID + " About 13,000 immigrants have murder convictions."
    for n in range(5):
        published(f"The harbour counted {1000 + n:,} cruise ship arrivals in summer {n}.")
    api.post(URL, {"text": text}, format="json")  # loads the index
    published()
    api.post(URL, {"text": text}, format="json")
    with CaptureQueriesContext(connection) as small:
        assert api.post(URL, {"text": text}, format="json").status_code == 200
    for n in range(60):
        published(f"The airport handled {20_000 + n:,} flights to island {n} last year.")
    published(SAID.replace("48,213", "48,214"))
    api.post(URL, {"text": text}, format="json")  # the index catches up once
    with CaptureQueriesContext(connection) as large:
        response = api.post(URL, {"text": text}, format="json")
    assert len(response.json()["sentences"][0]["matches"]) == 2
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
