"""The workflow on the models: guarded transitions, two-person rule, versions, no deletion."""

from __future__ import annotations

import pytest

from annotations import services
from claims.models import Claim
from claims.workflow import DeletionRefused, StaleEdit, Status, TransitionError
from tests.factories import ClaimFactory, NoteFactory

pytestmark = pytest.mark.django_db


def test_submit_approve_publishes_with_the_approver_recorded(editor, reviewer):
    claim = ClaimFactory(created_by=editor)
    claim.submit(by=editor)
    assert claim.status == Status.IN_REVIEW
    claim.approve(by=reviewer)
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED
    assert claim.approved_by == reviewer
    assert claim.published_at is not None


def test_nobody_approves_their_own_work(reviewer):
    note = NoteFactory(created_by=reviewer, status=Status.IN_REVIEW)
    with pytest.raises(TransitionError, match="your own work"):
        note.approve(by=reviewer)
    note.refresh_from_db()
    assert note.status == Status.IN_REVIEW


def test_editors_cannot_approve(editor, other_editor):
    claim = ClaimFactory(created_by=other_editor, status=Status.IN_REVIEW)
    with pytest.raises(TransitionError, match="Only reviewers"):
        claim.approve(by=editor)


def test_reject_needs_a_reason_and_returns_to_draft(editor, reviewer):
    claim = ClaimFactory(created_by=editor, status=Status.IN_REVIEW)
    with pytest.raises(TransitionError, match="reason"):
        claim.reject(by=reviewer, reason="  ")
    claim.reject(by=reviewer, reason="Figure 2 has no as-of date.")
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == (Status.DRAFT, "Figure 2 has no as-of date.")


def test_invalid_transitions_say_why(editor, reviewer):
    claim = ClaimFactory(created_by=editor)
    with pytest.raises(TransitionError, match="Cannot approve a claim that is draft"):
        claim.approve(by=reviewer)
    with pytest.raises(TransitionError, match="Cannot retract"):
        claim.retract(by=reviewer, reason="x")


def test_correction_and_retraction_leave_public_entries(editor, reviewer):
    claim = ClaimFactory(created_by=editor, status=Status.PUBLISHED)
    services.correct(obj=claim, by=reviewer, text="The as-of date is July 21, not July 12.")
    assert claim.status == Status.CORRECTED and claim.corrected_at is not None
    services.retract(obj=claim, by=reviewer, reason="The letter was misread.")
    kinds = list(claim.corrections.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["correction", "retraction"]
    assert Claim.objects.published().filter(pk=claim.pk).exists()  # still visible, as retracted


def test_published_content_cannot_be_deleted(reviewer):
    claim = ClaimFactory(status=Status.PUBLISHED)
    with pytest.raises(DeletionRefused):
        claim.delete()
    with pytest.raises(DeletionRefused):
        Claim.objects.filter(pk=claim.pk).delete()
    assert Claim.objects.filter(pk=claim.pk).exists()
    draft = ClaimFactory()
    draft.delete()
    assert not Claim.objects.filter(pk=draft.pk).exists()


def test_stale_save_is_refused_and_the_first_save_survives():
    claim = ClaimFactory(summary="First version")
    mine, theirs = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    theirs.summary = "Their change"
    theirs.save_checked(expected_version=theirs.version)
    mine.summary = "My change"
    with pytest.raises(StaleEdit) as err:
        mine.save_checked(expected_version=mine.version)
    assert err.value.current.summary == "Their change"
    claim.refresh_from_db()
    assert claim.summary == "Their change"


def test_anonymous_sees_only_published(editor):
    from django.contrib.auth.models import AnonymousUser

    ClaimFactory(status=Status.DRAFT)
    published = ClaimFactory(status=Status.PUBLISHED)
    assert list(Claim.objects.visible_to(AnonymousUser())) == [published]
    assert Claim.objects.visible_to(editor).count() == 2
