"""The public "Has this been checked?" page: a GET form on the claim list, results without JS."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.matching import index
from tests.factories import ClaimFactory, PublishedClaimFactory

pytestmark = pytest.mark.django_db

SAID = "The city's fire brigade answered 48,213 emergency calls about chimney fires."


@pytest.fixture(autouse=True)
def fresh_index():
    index.reset()
    yield
    index.reset()


def published(text: str = SAID):
    return PublishedClaimFactory(text=text, summary=text[:70])


def test_the_claim_list_has_the_form_leading_to_the_results_page(client):
    page = client.get("/claims/").content.decode()
    assert 'action="/claims/checked/"' in page
    assert 'name="q"' in page


def test_matching_published_claims_are_listed_with_the_numbers_compared(client):
    claim = published()
    page = client.get("/claims/checked/", {"q": SAID.replace("48,213", "58,000")})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/claims/{claim.slug}/"' in html
    assert "a different number" in html
    assert "Said 58,000, checked 48,213" in html


@pytest.mark.parametrize("persona", [None, "editor"])
def test_claims_in_review_and_drafts_never_show_on_the_public_page(client, request, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    review = ClaimFactory(status="in_review", text=SAID, summary=SAID[:70])
    draft = ClaimFactory(status="draft", text=SAID, summary=SAID[:70])
    html = client.get("/claims/checked/", {"q": SAID}).content.decode()
    assert review.slug not in html and draft.slug not in html
    assert "None of these sentences repeats a claim we have checked." in html


def test_an_empty_question_shows_the_form_only(client):
    html = client.get("/claims/checked/").content.decode()
    assert "None of these sentences" not in html
    assert 'name="q"' in html


def test_a_very_long_paste_is_cut_and_says_so(client):
    published()
    html = client.get("/claims/checked/", {"q": SAID + " x" * 3000}).content.decode()
    assert "Only the first 5000 characters were checked." in html


def test_query_count_does_not_grow_with_the_number_of_claims(client):
    published()
    q = {"q": SAID + " Another sentence about cruise ships."}
    client.get("/claims/checked/", q)
    with CaptureQueriesContext(connection) as small:
        client.get("/claims/checked/", q)
    for n in range(40):
        published(f"The airport handled {20_000 + n:,} flights to island {n} last year.")
    published(SAID.replace("48,213", "48,214"))
    client.get("/claims/checked/", q)
    with CaptureQueriesContext(connection) as large:
        html = client.get("/claims/checked/", q).content.decode()
    assert html.count("Said 48,213") == 2
    assert len(large) == len(small)
