"""Search finds claims by their words, summary, speaker and attached published notes."""

from __future__ import annotations

import pytest

from annotations.search import search_claims
from claims.models import Claim
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def found(query: str) -> set[str]:
    return set(search_claims(Claim.objects.all(), query).values_list("summary", flat=True))


def test_search_matches_text_summary_speaker_and_published_notes():
    ClaimFactory(summary="Docket size", text="nearly 7 million people")
    ClaimFactory(summary="Other", speaker=SpeakerFactory(name="Patrick J. Lechleitner"))
    with_note = ClaimFactory(summary="Convictions")
    NoteFactory(body="spans four decades", status=Status.PUBLISHED).claims.add(with_note)
    hidden = ClaimFactory(summary="Hidden")
    NoteFactory(body="draft caveat", status=Status.DRAFT).claims.add(hidden)

    assert found("7 million") == {"Docket size"}
    assert found("docket") == {"Docket size"}
    assert found("lechleitner") == {"Other"}
    assert found("four decades") == {"Convictions"}
    assert found("draft caveat") == set()
    assert len(found("")) == 4
