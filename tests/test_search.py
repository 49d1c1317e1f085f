"""Search finds claims by their words, summary, speaker and attached published notes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.search import search_claims
from claims.models import Claim
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory, PublishedClaimFactory, SpeakerFactory

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


def test_results_carry_a_rank_to_order_by():
    ClaimFactory(summary="Docket size")
    ClaimFactory(summary="Other", text="The docket keeps growing.")
    results = list(search_claims(Claim.objects.all(), "docket").order_by("-rank", "pk"))
    assert {claim.summary for claim in results} == {"Docket size", "Other"}
    assert all(isinstance(claim.rank, float) for claim in results)
    assert search_claims(Claim.objects.all(), " ").get(summary="Other").rank == 0


def test_a_search_of_the_public_list_takes_as_many_queries_for_200_matches_as_for_10(client):
    def queries_for_a_search() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/claims/", {"q": "docket"}).status_code == 200
        return len(queries)

    PublishedClaimFactory.create_batch(10, text="The docket keeps growing.")
    with_10 = queries_for_a_search()
    PublishedClaimFactory.create_batch(190, text="The docket keeps growing.")
    assert queries_for_a_search() == with_10


def test_odd_input_in_the_search_box_never_fails(client):
    ClaimFactory(summary="Docket size", status="published")
    for query in ("dock\x00et", "x" * 5000, "'; DROP TABLE claims_claim; --", "%_\\"):
        assert client.get("/claims/", {"q": query}).status_code == 200
    assert found("\x00docket\x00") == {"Docket size"}
