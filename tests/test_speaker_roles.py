"""A claim records the speaker's role when it was said; a speaker entered twice is caught."""

from __future__ import annotations

import pytest

from annotations.models import Rating, Verdict
from claims.models import Claim, Speaker
from publication.claimreview import claim_review
from tests.factories import PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def claim_payload(**extra):
    return {
        "speaker": "osborne",
        "source": "budget",
        "said_on": "2012-03-21",
        "said_on_precision": "day",
        "text": "We will cut the top rate of tax to 45p.",
        "summary": "Top rate of tax cut to 45p",
        **extra,
    }


@pytest.fixture
def osborne(db):
    speaker = SpeakerFactory(slug="osborne", name="George Osborne", role="Editor, Evening Standard")
    SourceFactory(slug="budget", author=speaker)
    return speaker


def test_the_role_at_the_time_is_written_and_published(api, editor, osborne):
    api.force_login(editor)
    payload = claim_payload(slug="top-rate", speaker_role="Chancellor of the Exchequer")
    response = api.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 201, response.content
    document = response.json()
    assert document["speaker_role"] == "Chancellor of the Exchequer"
    assert document["speaker"]["role"] == "Editor, Evening Standard"  # today's role, unchanged
    assert Claim.objects.get().history.get().speaker_role == "Chancellor of the Exchequer"
    too_long = api.post("/api/v1/claims/", claim_payload(speaker_role="x" * 301), format="json")
    assert too_long.status_code == 400 and list(too_long.json()) == ["speaker_role"]


def test_claimreview_names_the_role_at_the_time_as_job_title(api, osborne):
    then = PublishedClaimFactory(
        slug="then", speaker=osborne, speaker_role="Chancellor of the Exchequer"
    )
    later = PublishedClaimFactory(slug="later", speaker=osborne)
    rating = Rating.objects.get(scale__is_default=True, value=2)
    for claim in (then, later):
        Verdict.objects.create(claim=claim, rating=rating, explanation="Why.")
    reviews = {r["url"].rsplit("/", 2)[-2]: r for r in api_reviews(api)}
    assert reviews["then"]["itemReviewed"]["author"]["jobTitle"] == "Chancellor of the Exchequer"
    # Without a role at the time, the speaker's own role stands.
    assert reviews["later"]["itemReviewed"]["author"]["jobTitle"] == "Editor, Evening Standard"
    page = api.get("/api/v1/claims/then/").json()
    assert claim_review(page)["itemReviewed"]["author"]["jobTitle"] == (
        "Chancellor of the Exchequer"
    )


def api_reviews(api) -> list[dict]:
    import json

    response = api.get("/api/v1/claimreview.json")
    return json.loads(b"".join(response.streaming_content))


def test_the_desk_claim_form_records_the_role_at_the_time(client, editor, osborne):
    from tests.test_desk_claims import new_claim_payload

    client.force_login(editor)
    data = new_claim_payload(speaker_role="Leader of the Opposition")
    assert client.post("/desk/claims/new/", data).status_code == 302
    assert Claim.objects.get().speaker_role == "Leader of the Opposition"


def test_the_export_and_import_keep_the_role_at_the_time(tmp_path, osborne):
    import io

    from django.core.management import call_command

    from tests.test_exports import empty_database

    PublishedClaimFactory(slug="then", speaker=osborne, speaker_role="Chancellor")
    output = tmp_path / "export.jsonl"
    call_command("export", format="jsonl", output=str(output), stderr=io.StringIO())
    empty_database()
    call_command("import", str(output), stdout=io.StringIO())
    assert Claim.objects.get(slug="then").speaker_role == "Chancellor"


# --- the same speaker entered twice -------------------------------------------------------


def test_the_api_answers_a_same_name_speaker_with_a_hint(api, editor, osborne):
    api.force_login(editor)
    response = api.post("/api/v1/speakers/", {"name": "george  OSBORNE"}, format="json")
    assert response.status_code == 409  # the request is fine; the name is taken
    (hint,) = response.json()["name"]
    assert "“George Osborne” (osborne, Editor, Evening Standard)" in hint
    assert Speaker.objects.count() == 1
    distinct = api.post(
        "/api/v1/speakers/", {"name": "George Osborne", "distinct": True}, format="json"
    )
    assert distinct.status_code == 201 and "distinct" not in distinct.json()
    assert Speaker.objects.count() == 2


def test_the_desk_warns_and_offers_the_existing_speaker(client, editor, osborne):
    client.force_login(editor)
    response = client.post("/desk/speakers/new/", {"name": "George Osborne", "kind": "person"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A speaker with this name exists already" in page
    assert 'href="/desk/speakers/osborne/edit/"' in page
    assert Speaker.objects.count() == 1
    confirmed = client.post(
        "/desk/speakers/new/", {"name": "George Osborne", "kind": "person", "distinct": "on"}
    )
    assert confirmed.status_code == 302 and Speaker.objects.count() == 2


@pytest.mark.postgres
def test_the_database_writes_the_role_at_the_time_as_the_shape_does(osborne):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the exports are written by the database on PostgreSQL only")
    from tests.test_export_sql import assert_same_documents

    PublishedClaimFactory(slug="then", speaker=osborne, speaker_role="Chancellor «de l'Échiquier»")
    PublishedClaimFactory(slug="later", speaker=osborne)
    assert_same_documents()
