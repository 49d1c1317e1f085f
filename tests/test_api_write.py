"""API writes: roles and workflow, field-level 400s, If-Match (412/428), token auth, history."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from annotations.models import Citation, ContextNote, Correction
from claims.models import Claim, Source, Speaker
from claims.workflow import Status
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs():
    speaker = SpeakerFactory(slug="lechleitner")
    return {"speaker": speaker, "source": SourceFactory(slug="letter", author=speaker)}


def claim_payload(**extra):
    return {
        "speaker": "lechleitner",
        "source": "letter",
        "said_on": "2024-09-25",
        "said_on_precision": "day",
        "text": "As of July 21, there were 662,566 noncitizens with criminal histories.",
        "summary": "662,566 noncitizens with criminal histories",
        "tags": ["immigration"],
        **extra,
    }


def login(api, request, persona):
    if persona:
        api.force_login(request.getfixturevalue(persona))
    return api


# --- creating -----------------------------------------------------------------------------


CREATE_DENIED = [(None, 403), ("outsider", 403)]
CREATE_ALLOWED = ["editor", "reviewer", "admin_user"]


@pytest.mark.parametrize(("persona", "code"), CREATE_DENIED)
def test_anonymous_and_outsiders_cannot_write(api, request, refs, persona, code):
    login(api, request, persona)
    note = NoteFactory(slug="draft-note")
    assert api.post("/api/v1/claims/", claim_payload(), format="json").status_code == code
    assert (
        api.post("/api/v1/notes/", {"kind": "scale", "title": "T", "body": "B"}).status_code == code
    )
    assert api.post("/api/v1/speakers/", {"name": "Someone"}).status_code == code
    assert api.post("/api/v1/sources/", {"title": "A letter"}).status_code == code
    citation = {"note": note.slug, "title": "A study"}
    assert api.post("/api/v1/citations/", citation).status_code == code
    assert not Claim.objects.exists() and not Citation.objects.exists()


@pytest.mark.parametrize("persona", CREATE_ALLOWED)
def test_newsroom_staff_create_drafts_as_their_author(api, request, refs, persona):
    user = request.getfixturevalue(persona)
    api.force_login(user)
    figures = [
        {"value": "7000000", "qualifier": "nearly", "counts": "people on the docket"},
        {"value": "662566", "counts": "with criminal histories", "part_of": "docket#1"},
    ]
    response = api.post(
        "/api/v1/claims/", claim_payload(slug="docket", figures=figures), format="json"
    )
    assert response.status_code == 201, response.json()
    document = response.json()
    assert document["status"] == "draft"
    assert document["figures"][1]["share"] == pytest.approx(0.094652)
    assert [t["name"] for t in document["tags"]] == ["immigration"]
    assert Claim.objects.get(slug="docket").created_by == user
    assert response["Location"].endswith("/api/v1/claims/docket/")

    note = api.post(
        "/api/v1/notes/",
        {
            "kind": "scale",
            "title": "Out of 7 million",
            "body": "About **9.5 %**.",
            "claims": ["docket"],
        },
        format="json",
    )
    assert note.status_code == 201, note.json()
    assert ContextNote.objects.get(slug=note.json()["slug"]).created_by == user
    citation = api.post("/api/v1/citations/", {"note": note.json()["slug"], "title": "DHS"})
    assert citation.status_code == 201, citation.json()
    assert (
        api.post("/api/v1/speakers/", {"name": "Tony Gonzales"}).json()["slug"] == "tony-gonzales"
    )
    assert api.post("/api/v1/sources/", {"title": "A statement"}).status_code == 201


def test_bad_claim_input_answers_400_by_field(api, editor, refs):
    api.force_login(editor)
    cases = [
        ({"summary": "x" * 76}, "summary"),
        ({"summary": ""}, "summary"),
        ({"speaker": "nobody"}, "speaker"),
        ({"said_on": "25/09/2024"}, "said_on"),
        ({"said_on_precision": "unknown"}, "non_field_errors"),  # a date with unknown precision
        ({"text_kind": "rumour"}, "text_kind"),
        ({"figures": [{"value": "lots", "counts": "people"}]}, "figures"),
        ({"figures": [{"value": "1", "counts": ""}]}, "figures"),
        ({"figures": [{"value": "1", "counts": "x", "part_of": "nowhere#3"}]}, "figures"),
        (
            {"figures": [{"value": "1", "counts": "x", "part_of": "dup#1"}], "slug": "dup"},
            "figures",
        ),
    ]
    for change, field in cases:
        response = api.post("/api/v1/claims/", claim_payload(**change), format="json")
        assert response.status_code == 400, (change, response.content)
        assert field in response.json(), (change, response.json())
    # A slug another claim has is not a malformed request but a conflict with what is stored.
    ClaimFactory(slug="taken")
    response = api.post("/api/v1/claims/", claim_payload(slug="taken"), format="json")
    assert response.status_code == 409, response.content
    assert "slug" in response.json() and response.json()["detail"]
    assert Claim.objects.count() == 1


def test_bad_input_to_other_resources_answers_400_by_field(api, editor):
    api.force_login(editor)
    published = NoteFactory(status=Status.PUBLISHED, slug="published-note")
    cases = [
        ("/api/v1/notes/", {"kind": "gossip", "title": "T", "body": "B"}, "kind"),
        ("/api/v1/notes/", {"kind": "scale", "title": "", "body": "B"}, "title"),
        ("/api/v1/notes/", {"kind": "scale", "title": "T", "body": "B", "claims": ["x"]}, "claims"),
        ("/api/v1/speakers/", {"name": ""}, "name"),
        ("/api/v1/speakers/", {"name": "A", "same_as": "not a url"}, "same_as"),
        ("/api/v1/sources/", {"title": "T", "date": "2024-09-25"}, "non_field_errors"),
        ("/api/v1/sources/", {"title": "T", "author": "nobody"}, "author"),
        ("/api/v1/citations/", {"note": "nope", "title": "T"}, "note"),
        ("/api/v1/citations/", {"note": "published-note", "title": ""}, "title"),
        ("/api/v1/citations/", {"note": "published-note", "title": "T", "url": "x"}, "url"),
    ]
    for url, payload, field in cases:
        response = api.post(url, payload, format="json")
        assert response.status_code == 400, (url, payload, response.content)
        assert field in response.json(), (url, payload, response.json())
    # A published note's citations change through a correction of the note.
    response = api.post("/api/v1/citations/", {"note": published.slug, "title": "New study"})
    assert response.status_code == 409 and "correction" in response.json()["detail"]


# --- updating: If-Match -------------------------------------------------------------------


def detail_url(obj) -> str:
    if isinstance(obj, Citation):
        return f"/api/v1/citations/{obj.pk}/"
    path = {Claim: "claims", ContextNote: "notes", Speaker: "speakers", Source: "sources"}
    return f"/api/v1/{path[type(obj)]}/{obj.slug}/"


def resources(refs):
    note = NoteFactory()
    return [
        (ClaimFactory(speaker=refs["speaker"], source=refs["source"]), {"summary": "Changed"}),
        (note, {"title": "Changed"}),
        (CitationFactory(note=note), {"title": "Changed"}),
        (refs["speaker"], {"role": "Changed"}),
        (refs["source"], {"publisher": "Changed"}),
    ]


def test_updates_need_the_current_etag(api, editor, refs):
    api.force_login(editor)
    for obj, change in resources(refs):
        url = detail_url(obj)
        etag = api.get(url)["ETag"]
        missing = api.patch(url, change, format="json")
        assert missing.status_code == 428, url
        ok = api.patch(url, change, format="json", HTTP_IF_MATCH=etag)
        assert ok.status_code == 200, (url, ok.content)
        assert ok["ETag"] != etag
        stale = api.patch(url, {**change}, format="json", HTTP_IF_MATCH=etag)
        assert stale.status_code == 412, url
        assert stale.json()["etag"] == ok["ETag"]
        assert "Changed" in str(stale.json()["current"])


def test_put_replaces_a_draft_claim_and_its_figures(api, editor, refs):
    api.force_login(editor)
    claim = ClaimFactory(speaker=refs["speaker"], source=refs["source"], slug="docket")
    FigureFactory(claim=claim)
    FigureFactory(claim=claim, position=1)
    etag = api.get("/api/v1/claims/docket/")["ETag"]
    payload = claim_payload(figures=[{"value": "9.5", "unit": "%", "counts": "of the docket"}])
    response = api.put("/api/v1/claims/docket/", payload, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert [f["value"] for f in response.json()["figures"]] == ["9.5"]
    assert claim.figures.count() == 1


def test_published_claims_are_not_edited_in_place(api, reviewer):
    api.force_login(reviewer)
    claim = ClaimFactory(status=Status.PUBLISHED)
    etag = api.get(detail_url(claim))["ETag"]
    response = api.patch(detail_url(claim), {"summary": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 409 and "correct" in response.json()["detail"]


@pytest.mark.parametrize(("persona", "code"), [(None, 403), ("outsider", 403)])
def test_updates_and_deletes_are_refused_to_non_staff(api, request, refs, persona, code):
    login(api, request, persona)
    for obj, change in resources(refs):
        response = api.patch(detail_url(obj), change, format="json", HTTP_IF_MATCH="*")
        assert response.status_code == code, detail_url(obj)
    assert api.delete(detail_url(ClaimFactory())).status_code == code


def test_drafts_can_be_deleted_published_content_cannot(api, editor):
    api.force_login(editor)
    draft, published = ClaimFactory(), ClaimFactory(status=Status.PUBLISHED)
    assert api.delete(detail_url(draft)).status_code == 204
    response = api.delete(detail_url(published))
    assert response.status_code == 409 and "retract" in response.json()["detail"]
    assert Claim.objects.filter(pk=published.pk).exists()


# --- workflow -----------------------------------------------------------------------------


def test_claim_workflow_through_the_api(api, editor, reviewer, other_reviewer):
    claim = ClaimFactory(created_by=editor, slug="docket")
    url = "/api/v1/claims/docket"
    api.force_login(editor)
    assert api.post(f"{url}/submit/").json()["status"] == "in_review"
    assert api.post(f"{url}/approve/").status_code == 403  # editors do not approve
    api.force_login(reviewer)
    assert api.post(f"{url}/reject/", {}).status_code == 400  # a reason is required
    rejected = api.post(f"{url}/reject/", {"reason": "Add the as-of date."})
    assert rejected.status_code == 200 and rejected.json()["status"] == "draft"
    claim.refresh_from_db()
    assert claim.rejection_reason == "Add the as-of date."
    assert api.post(f"{url}/approve/").status_code == 409  # drafts are not approved
    api.force_login(editor)
    api.post(f"{url}/submit/")
    api.force_login(reviewer)
    published = api.post(f"{url}/approve/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    corrected = api.post(f"{url}/correct/", {"text": "The as-of date is July 21."})
    assert corrected.json()["status"] == "corrected"
    assert corrected.json()["corrections"][0]["text"] == "The as-of date is July 21."
    api.force_login(other_reviewer)
    retracted = api.post(f"{url}/retract/", {"reason": "The letter was misread."})
    assert retracted.json()["status"] == "retracted"
    assert Correction.objects.filter(claim=claim).count() == 2
    api.logout()
    assert api.get(f"{url}/").json()["retraction_reason"] == "The letter was misread."


def test_nobody_approves_their_own_work_through_the_api(api, reviewer):
    ClaimFactory(created_by=reviewer, status=Status.IN_REVIEW, slug="own")
    NoteFactory(created_by=reviewer, status=Status.IN_REVIEW, slug="own-note")
    api.force_login(reviewer)
    assert api.post("/api/v1/claims/own/approve/").status_code == 403
    assert api.post("/api/v1/notes/own-note/approve/").status_code == 403
    assert Claim.objects.get(slug="own").status == Status.IN_REVIEW


@pytest.mark.parametrize("step", ["submit", "approve", "reject", "correct", "retract"])
@pytest.mark.parametrize(("persona", "code"), [(None, 403), ("outsider", 403)])
def test_workflow_steps_are_refused_to_non_staff(api, request, step, persona, code):
    login(api, request, persona)
    ClaimFactory(status=Status.PUBLISHED, slug="c")
    NoteFactory(status=Status.PUBLISHED, slug="n")
    data = {"reason": "r", "text": "t"}
    assert api.post(f"/api/v1/claims/c/{step}/", data).status_code == code
    assert api.post(f"/api/v1/notes/n/{step}/", data).status_code == code


@pytest.mark.parametrize("step", ["approve", "reject", "correct", "retract"])
def test_review_steps_are_refused_to_editors(api, editor, other_editor, step):
    ClaimFactory(status=Status.IN_REVIEW, slug="c", created_by=other_editor)
    api.force_login(editor)
    response = api.post(f"/api/v1/claims/c/{step}/", {"reason": "r", "text": "t"})
    assert response.status_code == 403 and "reviewers" in response.json()["detail"]


def test_note_workflow_and_corrections(api, editor, reviewer):
    note = NoteFactory(created_by=editor, slug="years")
    api.force_login(editor)
    assert api.post("/api/v1/notes/years/submit/").json()["status"] == "in_review"
    api.force_login(reviewer)
    assert api.post("/api/v1/notes/years/approve/").json()["status"] == "published"
    assert api.post("/api/v1/notes/years/correct/", {"text": " "}).status_code == 400
    api.post("/api/v1/notes/years/correct/", {"text": "Four decades, not three."})
    note.refresh_from_db()
    assert note.status == Status.CORRECTED and note.corrections.count() == 1


# --- token auth, CSRF and history ---------------------------------------------------------


def test_token_authenticated_write_records_its_author_in_history(api, editor, refs):
    from django.core.management import call_command

    call_command("drf_create_token", editor.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    token = Token.objects.get(user=editor)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/claims/", claim_payload(slug="by-token"), format="json")
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(slug="by-token")
    assert claim.created_by == editor
    assert {h.history_user for h in claim.history.all()} == {editor}
    before = claim.history.count()

    etag = response["ETag"]
    api.patch("/api/v1/claims/by-token/", {"summary": "Edited"}, format="json", HTTP_IF_MATCH=etag)
    assert claim.history.count() == before + 1  # one change, one entry
    latest = claim.history.first()
    assert (latest.history_type, latest.summary, latest.history_user) == ("~", "Edited", editor)


def test_session_writes_need_the_csrf_token(editor, refs):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/api/v1/claims/", claim_payload(), format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
