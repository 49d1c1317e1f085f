"""Workflow on the desk: submit, approve, reject with a reason, correct, retract; clear refusals."""

from __future__ import annotations

import pytest

from annotations.models import Correction
from claims.models import Claim
from claims.workflow import Status
from tests.desk import claim_data, note_data
from tests.factories import ClaimFactory, FigureFactory, NoteFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_submit_reject_with_reason_fix_resubmit_approve(client, editor, reviewer):
    claim = ClaimFactory(created_by=editor)
    url = f"/desk/claims/{claim.slug}/"
    login(client, editor)
    response = client.post(url + "submit/", follow=True)
    assert "Sent “" in messages_of(response)[0]
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW

    login(client, reviewer)
    assert client.get(url + "reject/").status_code == 200
    response = client.post(url + "reject/", {"reason": "Give the as-of date of figure 1."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (
        Status.DRAFT,
        "Give the as-of date of figure 1.",
    )

    login(client, editor)
    dashboard = client.get("/desk/").content.decode()
    assert "Sent back: Give the as-of date of figure 1." in dashboard
    assert "Give the as-of date of figure 1." in client.get(url).content.decode()
    assert client.post(url + "edit/", claim_data(claim, summary="Fixed summary")).status_code == 302
    client.post(url + "submit/")
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (Status.IN_REVIEW, "")

    login(client, reviewer)
    assert "Fixed summary" in client.get("/desk/").content.decode()  # waiting for my review
    response = client.post(url + "approve/", follow=True)
    assert messages_of(response) == ["Approved and published “Fixed summary”."]
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (Status.PUBLISHED, reviewer)
    assert client.logout() is None
    assert client.get(f"/claims/{claim.slug}/").status_code == 200


def test_a_reviewer_cannot_approve_their_own_work(client, reviewer):
    claim = ClaimFactory(created_by=reviewer, status=Status.IN_REVIEW)
    response = login(client, reviewer).post(f"/desk/claims/{claim.slug}/approve/")
    assert response.status_code == 403
    assert "You cannot approve your own work" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW
    page = client.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "Approve and publish" not in page
    assert "Another reviewer must approve it." in page


def test_a_step_at_the_wrong_moment_is_a_message_not_an_error(client, editor, reviewer):
    claim = ClaimFactory(created_by=editor)  # a draft
    response = login(client, reviewer).post(f"/desk/claims/{claim.slug}/approve/", follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Cannot approve a claim that is draft."]
    response = client.get(f"/desk/claims/{claim.slug}/retract/", follow=True)
    assert messages_of(response) == ["Cannot retract a claim that is draft."]
    login(client, editor).post(f"/desk/claims/{claim.slug}/submit/", follow=True)
    response = client.post(f"/desk/claims/{claim.slug}/submit/", follow=True)  # double click
    assert messages_of(response) == ["Cannot submit a claim that is in review."]


def test_a_rejection_needs_a_reason(client, editor, reviewer):
    claim = ClaimFactory(created_by=editor, status=Status.IN_REVIEW)
    response = login(client, reviewer).post(f"/desk/claims/{claim.slug}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW


def test_a_published_claim_is_corrected_not_edited(client, editor, reviewer):
    claim = ClaimFactory(created_by=editor, status=Status.PUBLISHED, summary="Old summary")
    FigureFactory(claim=claim)
    edit = f"/desk/claims/{claim.slug}/edit/"
    response = login(client, editor).get(edit)
    assert response.status_code == 403
    assert "it is not edited in place" in response.content.decode()
    login(client, reviewer)
    assert client.get(edit)["Location"] == f"/desk/claims/{claim.slug}/correct/"

    payload = claim_data(claim, summary="New summary")
    response = client.post(f"/desk/claims/{claim.slug}/correct/", payload)
    assert response.status_code == 400  # the correction text is missing
    assert "Correction, as readers will see it" in response.content.decode()
    payload["correction"] = "The summary misquoted the letter."
    response = client.post(f"/desk/claims/{claim.slug}/correct/", payload)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.summary) == (Status.CORRECTED, "New summary")
    correction = Correction.objects.get(claim=claim)
    assert (correction.kind, correction.text) == ("correction", "The summary misquoted the letter.")
    page = client.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "The summary misquoted the letter." in page
    assert correction.created_at.strftime("%-d %B %Y") in page
    # One history entry carries both the new text and the new status.
    latest = claim.history.first()
    assert (latest.summary, latest.status, latest.history_user) == (
        "New summary",
        Status.CORRECTED,
        reviewer,
    )
    assert claim.history.count() == 2


def test_retraction_keeps_the_claim_visible_with_its_reason(client, editor, reviewer):
    claim = ClaimFactory(created_by=editor, status=Status.PUBLISHED)
    url = f"/desk/claims/{claim.slug}/retract/"
    assert login(client, editor).post(url, {"reason": "Misread."}).status_code == 403
    login(client, reviewer)
    assert client.post(url, {"reason": " "}).status_code == 400
    assert client.post(url, {"reason": "The letter was misread."}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.RETRACTED
    assert Correction.objects.get(claim=claim).kind == "retraction"
    client.logout()
    public = client.get(f"/claims/{claim.slug}/")
    assert "Retracted: The letter was misread." in public.content.decode()


def test_note_workflow_mirrors_the_claims(client, editor, reviewer):
    claim = ClaimFactory()
    note = NoteFactory(created_by=editor)
    note.claims.add(claim)
    url = f"/desk/notes/{note.slug}/"
    login(client, editor).post(url + "submit/")
    login(client, reviewer).post(url + "reject/", {"reason": "Cite the DHS statement."})
    note.refresh_from_db()
    assert (note.status, note.rejection_reason) == (Status.DRAFT, "Cite the DHS statement.")
    login(client, editor)
    assert "Cite the DHS statement." in client.get("/desk/").content.decode()
    client.post(url + "submit/")
    login(client, reviewer).post(url + "approve/")
    note.refresh_from_db()
    assert note.status == Status.PUBLISHED
    assert client.get(url + "edit/")["Location"] == url + "correct/"
    payload = note_data(note, body="Corrected body.", correction="The body named the wrong year.")
    assert client.post(url + "correct/", payload).status_code == 302
    note.refresh_from_db()
    assert (note.status, note.body) == (Status.CORRECTED, "Corrected body.")
    assert client.post(url + "retract/", {"reason": "Superseded."}).status_code == 302
    note.refresh_from_db()
    assert note.status == Status.RETRACTED
    assert list(note.corrections.values_list("kind", flat=True).order_by("created_at")) == [
        "correction",
        "retraction",
    ]


def test_dashboard_counts_and_links(client, editor, other_editor, reviewer):
    ClaimFactory.create_batch(3, created_by=editor)
    ClaimFactory.create_batch(2, created_by=other_editor, status=Status.IN_REVIEW)
    ClaimFactory(created_by=reviewer, status=Status.IN_REVIEW)
    NoteFactory(created_by=editor)
    page = login(client, editor).get("/desk/").content.decode()
    assert "My drafts" in page and "Waiting for my review" not in page
    assert 'href="/desk/claims/?status=draft&amp;mine=on">Claims <span class="count">(3)' in page
    assert 'href="/desk/notes/?status=draft&amp;mine=on">Notes <span class="count">(1)' in page
    page = login(client, reviewer).get("/desk/").content.decode()
    # Only other people's work waits for this reviewer: two claims, not their own.
    review = page.split("Waiting for my review")[1].split("</section>")[0]
    assert 'Claims <span class="count">(2)' in review


def test_login_lands_on_the_dashboard(client, editor):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": "ed", "password": PASSWORD})
    assert response["Location"] == "/desk/"
    assert "My drafts" in client.get("/desk/").content.decode()


def test_claims_and_notes_show_each_other(client, editor):
    claim = ClaimFactory(created_by=editor)
    note = NoteFactory(created_by=editor, title="Forty years", body="Figures go back **40 years**.")
    note.claims.add(claim)
    page = login(client, editor).get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "Forty years" in page and "<strong>40 years</strong>" in page
    assert claim.summary in client.get(f"/desk/notes/{note.slug}/").content.decode()
    assert Claim.objects.count() == 1
