"""Recording a repeat: a draft claim that "repeats" a checked one and reuses its published notes."""

from __future__ import annotations

import pytest

from annotations.models import ContextNote
from claims.models import Claim, ClaimRelation
from claims.workflow import NotPermitted, Status
from intake.services import record_repeat
from tests.factories import NoteFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

SAID = "Over 450,000 of them are convicted criminals, the senator said."


@pytest.fixture
def checked(other_editor) -> Claim:
    claim = PublishedClaimFactory(text="More than 435,000 of them are convicted criminals.")
    published = NoteFactory(status=Status.PUBLISHED, title="Four decades of records")
    draft = NoteFactory(status=Status.DRAFT, title="Unfinished note")
    published.claims.add(claim)
    draft.claims.add(claim)
    return claim


def repeat(checked: Claim, by) -> Claim:
    return record_repeat(
        checked=checked, text=SAID, speaker=SpeakerFactory(), source=SourceFactory(), by=by
    )


def test_a_repeat_is_a_draft_that_repeats_the_checked_claim_with_its_published_notes(
    checked, editor
):
    claim = repeat(checked, editor)
    assert (claim.status, claim.text, claim.created_by) == (Status.DRAFT, SAID, editor)
    assert ClaimRelation.objects.filter(
        from_claim=claim, to_claim=checked, kind=ClaimRelation.Kind.REPEATS
    ).exists()
    # Attached, not copied: the same note now qualifies both claims.
    assert list(claim.notes.values_list("title", flat=True)) == ["Four decades of records"]
    assert ContextNote.objects.count() == 2
    note = claim.notes.get()
    assert set(note.claims.all()) == {checked, claim}
    # Every step is in the history.
    assert claim.history.count() == 1
    assert note.history.first().claims.filter(claim=claim).exists()
    assert ClaimRelation.history.filter(from_claim_id=claim.pk).count() == 1


def test_once_published_the_note_shows_on_the_new_claims_page_and_lists_both_claims(
    checked, editor, reviewer, client, api
):
    claim = repeat(checked, editor)
    assert client.get(claim.get_absolute_url()).status_code == 404  # a draft is not public
    claim.submit(by=editor)
    claim.approve(by=reviewer)
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert "Four decades of records" in page.content.decode()
    assert "Unfinished note" not in page.content.decode()
    note = claim.notes.get()
    listed = api.get(f"/api/v1/notes/{note.slug}/").json()["claims"]
    assert {checked.slug, claim.slug} <= {c if isinstance(c, str) else c["slug"] for c in listed}


@pytest.mark.parametrize("persona", ["outsider", None])
def test_only_newsroom_staff_record_repeats(checked, request, persona):
    from django.contrib.auth.models import AnonymousUser

    user = request.getfixturevalue(persona) if persona else AnonymousUser()
    with pytest.raises(NotPermitted):
        repeat(checked, user)
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user"])
def test_editors_reviewers_and_admins_record_repeats(checked, request, persona):
    assert repeat(checked, request.getfixturevalue(persona)).status == Status.DRAFT


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.RETRACTED])
def test_only_a_published_claim_can_be_repeated(editor, status):
    claim = PublishedClaimFactory(status=status)
    with pytest.raises(NotPermitted):
        repeat(claim, editor)


def test_a_failure_half_way_leaves_nothing_behind(checked, editor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ClaimRelation.objects, "create", broken)
    with pytest.raises(RuntimeError):
        repeat(checked, editor)
    assert Claim.objects.count() == 1
