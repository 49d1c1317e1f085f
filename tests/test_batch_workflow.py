"""Many claims and notes submitted or approved in one request: all or nothing, each as if alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import ContextNote
from claims.models import Claim
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/workflow/"


def statuses() -> dict[str, str]:
    return {
        **{c.slug: c.status for c in Claim.objects.all()},
        **{n.slug: n.status for n in ContextNote.objects.all()},
    }


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 200), ("reviewer", 200), ("admin_user", 200)],
)
def test_submitting_many_needs_a_newsroom_role(api, request, persona, code):
    ClaimFactory(slug="a")
    NoteFactory(slug="n")
    if persona:
        api.force_login(request.getfixturevalue(persona))
    response = api.post(URL, {"step": "submit", "claims": ["a"], "notes": ["n"]})
    assert response.status_code == code, response.content
    expected = Status.IN_REVIEW if code == 200 else Status.DRAFT
    assert statuses() == {"a": expected, "n": expected}


def test_a_claims_draft_notes_are_submitted_with_it(api, editor):
    claim = ClaimFactory(slug="a")
    note = NoteFactory(slug="n")
    note.claims.add(claim)
    NoteFactory(slug="unrelated")
    api.force_login(editor)
    response = api.post(URL, {"step": "submit", "claims": ["a"], "with_notes": True})
    assert response.status_code == 200
    assert [(i["kind"], i["slug"]) for i in response.json()["items"]] == [
        ("claim", "a"),
        ("note", "n"),
    ]
    assert statuses() == {"a": "in_review", "n": "in_review", "unrelated": "draft"}


def test_approving_many_is_all_or_nothing_with_every_problem_listed(api, editor, reviewer):
    ClaimFactory(slug="ok", created_by=editor, status=Status.IN_REVIEW)
    ClaimFactory(slug="draft", created_by=editor)
    NoteFactory(slug="own", created_by=reviewer, status=Status.IN_REVIEW)
    api.force_login(reviewer)
    body = {"step": "approve", "claims": ["ok", "draft", "missing"], "notes": ["own"]}
    response = api.post(URL, body)
    # Approving your own note is a matter of role (403), as it would be alone.
    assert response.status_code == 403
    problems = {(p["kind"], p["slug"]): p["detail"] for p in response.json()["problems"]}
    assert problems == {
        ("claim", "draft"): "Cannot approve a claim that is draft.",
        ("claim", "missing"): "No claim “missing”.",
        ("note", "own"): "You cannot approve your own work; another reviewer must.",
    }
    assert statuses() == {"ok": "in_review", "draft": "draft", "own": "in_review"}
    state_only = api.post(URL, {"step": "approve", "claims": ["ok", "draft"]})
    assert state_only.status_code == 409
    assert Claim.objects.get(slug="ok").status == Status.IN_REVIEW


def test_a_reviewer_approves_many_and_they_are_published(api, editor, reviewer):
    for n in range(3):
        ClaimFactory(slug=f"c{n}", created_by=editor, status=Status.IN_REVIEW)
    NoteFactory(slug="n", created_by=editor, status=Status.IN_REVIEW)
    api.force_login(reviewer)
    response = api.post(URL, {"step": "approve", "claims": ["c0", "c1", "c2"], "notes": ["n"]})
    assert response.status_code == 200
    assert set(statuses().values()) == {"published"}
    claim = Claim.objects.get(slug="c0")
    assert claim.approved_by == reviewer
    assert claim.history.first().history_user == reviewer
    editor_try = api.post(URL, {"step": "approve", "claims": ["c0"]})
    assert editor_try.status_code == 409  # already published


def test_editors_cannot_approve_in_a_batch(api, editor, other_editor):
    ClaimFactory(slug="c", created_by=other_editor, status=Status.IN_REVIEW)
    api.force_login(editor)
    response = api.post(URL, {"step": "approve", "claims": ["c"]})
    assert response.status_code == 403
    assert Claim.objects.get().status == Status.IN_REVIEW


@pytest.mark.parametrize(
    "body",
    [
        {"step": "publish", "claims": ["a"]},
        {"step": "submit"},
        {"step": "submit", "claims": "a"},
        {"step": "submit", "claims": ["a b"]},
        {"step": "submit", "claims": [f"c{n}" for n in range(201)]},
    ],
)
def test_bad_batches_answer_400_by_field(api, editor, body):
    api.force_login(editor)
    response = api.post(URL, body)
    assert response.status_code == 400 and set(response.json()) <= {"step", "claims"}


def test_the_batch_looks_items_up_in_a_constant_number_of_queries(api, editor):
    api.force_login(editor)

    def queries(count: int, prefix: str) -> list[str]:
        slugs = [ClaimFactory(slug=f"{prefix}{n}").slug for n in range(count)]
        with CaptureQueriesContext(connection) as run:
            assert api.post(URL, {"step": "submit", "claims": slugs}).status_code == 200
        return [q["sql"] for q in run.captured_queries]

    one, three, five = queries(1, "a"), queries(3, "b"), queries(5, "c")
    # Each item costs only its own step (its row, its history entry, the touch of its
    # matching embedding that tells the index its new status), the same for all;
    # finding and locking the items is one query whatever their number.
    per_item = (len(three) - len(one)) // 2
    assert len(five) - len(three) == len(three) - len(one) == 2 * per_item
    assert per_item <= 4, three


# --- the desk -------------------------------------------------------------------------------


def test_a_reviewer_ticks_several_in_review_and_approves_them(client, editor, reviewer):
    ClaimFactory(slug="c1", created_by=editor, status=Status.IN_REVIEW, summary="First one")
    ClaimFactory(slug="c2", created_by=editor, status=Status.IN_REVIEW)
    NoteFactory(slug="n1", created_by=editor, status=Status.IN_REVIEW)
    client.force_login(reviewer)
    page = client.get("/desk/").content.decode()
    assert 'name="claims" value="c1"' in page and 'name="notes" value="n1"' in page
    assert "Approve selected" in page
    response = client.post("/desk/approve/", {"claims": ["c1", "c2"], "notes": ["n1"]}, follow=True)
    assert "Approved and published 3 items." in response.content.decode()
    assert set(statuses().values()) == {"published"}


def test_the_desk_batch_is_all_or_nothing_and_names_the_problem(client, editor, reviewer):
    ClaimFactory(slug="ok", created_by=editor, status=Status.IN_REVIEW)
    ClaimFactory(slug="mine", created_by=reviewer, status=Status.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post("/desk/approve/", {"claims": ["ok", "mine"]}, follow=True)
    page = response.content.decode()
    assert "Nothing was approved" in page and "“mine”: You cannot approve your own work" in page
    assert statuses() == {"ok": "in_review", "mine": "in_review"}


@pytest.mark.parametrize(("persona", "code"), [(None, 302), ("outsider", 403), ("editor", 302)])
def test_only_reviewers_approve_on_the_desk(client, request, editor, persona, code):
    ClaimFactory(slug="c", created_by=editor, status=Status.IN_REVIEW)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.post("/desk/approve/", {"claims": ["c"]})
    assert response.status_code == code
    assert Claim.objects.get().status == Status.IN_REVIEW
