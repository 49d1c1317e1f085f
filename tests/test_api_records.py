"""Verdicts and relations through the API: roles, workflow, If-Match, 400 by field, history."""

from __future__ import annotations

import pytest

from annotations.models import ContextNote, Correction, NoteFigure, Rating, Verdict
from claims.models import ClaimRelation, Figure
from claims.workflow import Status
from tests.factories import ClaimFactory, PublishedClaimFactory

pytestmark = pytest.mark.django_db

VERDICT = {"rating": "Misleading", "explanation": "The docket counts decades of cases."}


def login(api, request, persona):
    if persona:
        api.force_login(request.getfixturevalue(persona))
    return api


def give_verdict(claim, label="Missing context", **extra):
    rating = Rating.objects.get(scale__is_default=True, label=label)
    return Verdict.objects.create(claim=claim, rating=rating, explanation="Why.", **extra)


# --- verdicts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 403), ("reviewer", 201), ("admin_user", 201)],
)
def test_only_reviewers_give_a_verdict(api, request, persona, code):
    ClaimFactory(slug="draft")
    login(api, request, persona)
    response = api.put("/api/v1/claims/draft/verdict/", VERDICT, format="json")
    assert response.status_code == code, response.content
    assert Verdict.objects.exists() == (code == 201)


def test_a_reviewer_gives_then_changes_a_verdict_with_if_match(api, reviewer):
    claim = ClaimFactory(slug="draft")
    api.force_login(reviewer)
    given = api.put("/api/v1/claims/draft/verdict/", VERDICT, format="json")
    assert given.status_code == 201
    assert given.json()["rating"] == "Misleading" and given.json()["rating_value"] == 2
    assert given["ETag"] == 'W/"verdict-draft-v1"'
    change = {**VERDICT, "rating": "false"}  # labels are matched whatever their case
    assert api.put("/api/v1/claims/draft/verdict/", change).status_code == 428
    stale = api.put("/api/v1/claims/draft/verdict/", change, HTTP_IF_MATCH='W/"verdict-draft-v0"')
    assert stale.status_code == 412 and stale.json()["current"]["rating"] == "Misleading"
    changed = api.put("/api/v1/claims/draft/verdict/", change, HTTP_IF_MATCH=given["ETag"])
    assert changed.status_code == 200 and changed.json()["rating"] == "False"
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.version == 2
    assert [h.history_user for h in verdict.history.all()] == [reviewer, reviewer]
    read = api.get("/api/v1/claims/draft/verdict/")
    assert read.json()["version"] == 2 and read["ETag"] == changed["ETag"]
    assert api.get("/api/v1/claims/draft/").json()["verdict"]["rating"]["label"] == "False"


def test_a_rating_not_on_the_scale_answers_400_naming_the_rating(api, reviewer):
    ClaimFactory(slug="draft")
    api.force_login(reviewer)
    response = api.put("/api/v1/claims/draft/verdict/", {**VERDICT, "rating": "Pants on fire"})
    assert response.status_code == 400
    assert "one of False, Misleading" in response.json()["rating"][0]
    empty = api.put("/api/v1/claims/draft/verdict/", {"rating": "False", "explanation": ""})
    assert empty.status_code == 400 and list(empty.json()) == ["explanation"]
    assert not Verdict.objects.exists()


def test_a_published_claims_verdict_changes_by_a_public_correction(api, reviewer, other_reviewer):
    claim = PublishedClaimFactory(slug="pub", created_by=other_reviewer)
    api.force_login(reviewer)
    missing = api.put("/api/v1/claims/pub/verdict/", VERDICT)
    assert missing.status_code == 400 and list(missing.json()) == ["correction"]
    response = api.put(
        "/api/v1/claims/pub/verdict/", {**VERDICT, "correction": "We added a verdict."}
    )
    assert response.status_code == 201
    claim.refresh_from_db()
    assert claim.status == Status.CORRECTED
    assert Correction.objects.get(claim=claim).text == "We added a verdict."
    gone = api.delete("/api/v1/claims/pub/verdict/", HTTP_IF_MATCH=response["ETag"])
    assert gone.status_code == 409 and Verdict.objects.filter(claim=claim).exists()


def test_a_retracted_claim_keeps_its_verdict(api, reviewer):
    claim = PublishedClaimFactory(slug="gone", status=Status.RETRACTED)
    verdict = give_verdict(claim)
    api.force_login(reviewer)
    etag = api.get("/api/v1/claims/gone/verdict/")["ETag"]
    response = api.put(
        "/api/v1/claims/gone/verdict/", {**VERDICT, "correction": "x"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 409
    assert Verdict.objects.get(pk=verdict.pk).rating.label == "Missing context"


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 403), ("reviewer", 204), ("admin_user", 204)],
)
def test_only_reviewers_remove_a_draft_claims_verdict(api, request, persona, code):
    give_verdict(ClaimFactory(slug="draft"))
    login(api, request, persona)
    response = api.delete("/api/v1/claims/draft/verdict/", HTTP_IF_MATCH='W/"verdict-draft-v1"')
    assert response.status_code == code
    assert Verdict.objects.exists() == (code != 204)


def test_removing_a_verdict_needs_the_current_etag(api, reviewer):
    verdict = give_verdict(ClaimFactory(slug="draft"))
    verdict.explanation = "Changed by someone else."
    verdict.save()
    api.force_login(reviewer)
    assert api.delete("/api/v1/claims/draft/verdict/").status_code == 428
    stale = api.delete("/api/v1/claims/draft/verdict/", HTTP_IF_MATCH='W/"verdict-draft-v1"')
    assert stale.status_code == 412 and stale.json()["current"]["version"] == 2
    assert Verdict.objects.exists()


def test_anonymous_readers_see_a_published_claims_verdict_only(api):
    give_verdict(PublishedClaimFactory(slug="pub"))
    give_verdict(ClaimFactory(slug="draft"))
    assert api.get("/api/v1/claims/pub/verdict/").json()["rating"] == "Missing context"
    assert api.get("/api/v1/claims/draft/verdict/").status_code == 404
    assert api.get("/api/v1/claims/nope/verdict/").status_code == 404


# --- relations ----------------------------------------------------------------------------

RELATION = {"kind": "disputes", "other": "other"}


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 201), ("reviewer", 201), ("admin_user", 201)],
)
def test_newsroom_staff_relate_a_draft_claim(api, request, persona, code):
    ClaimFactory(slug="draft")
    ClaimFactory(slug="other")
    login(api, request, persona)
    response = api.post("/api/v1/claims/draft/relations/", RELATION)
    assert response.status_code == code, response.content
    if code == 201:
        assert response.json() == {
            "id": ClaimRelation.objects.get().pk,
            "claim": "draft",
            "kind": "disputes",
            "other": "other",
            "note": "",
            "version": 1,
        }
        relation = ClaimRelation.objects.get()
        assert relation.history.get().history_user == request.getfixturevalue(persona)
    else:
        assert not ClaimRelation.objects.exists()


def test_bad_relations_answer_4xx_by_field(api, editor):
    ClaimFactory(slug="draft")
    ClaimFactory(slug="other")
    api.force_login(editor)
    url = "/api/v1/claims/draft/relations/"
    assert list(api.post(url, {**RELATION, "other": "nope"}).json()) == ["other"]
    assert list(api.post(url, {**RELATION, "kind": "likes"}).json()) == ["kind"]
    itself = api.post(url, {**RELATION, "other": "draft"})
    assert itself.status_code == 400 and "itself" in str(itself.json())
    assert api.post(url, RELATION).status_code == 201
    twice = api.post(url, RELATION)  # well formed, but it exists: a conflict
    assert twice.status_code == 409 and "already related" in str(twice.json())
    assert ClaimRelation.objects.count() == 1


def test_a_published_claims_relations_do_not_change(api, editor):
    claim = PublishedClaimFactory(slug="pub")
    other = ClaimFactory(slug="other")
    relation = ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="disputes")
    api.force_login(editor)
    assert api.post("/api/v1/claims/pub/relations/", RELATION).status_code == 409
    url = f"/api/v1/claims/pub/relations/{relation.pk}/"
    assert api.delete(url, HTTP_IF_MATCH="*").status_code == 409
    assert ClaimRelation.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 204), ("reviewer", 204), ("admin_user", 204)],
)
def test_removing_a_relation_needs_a_role_and_the_current_etag(api, request, persona, code):
    relation = ClaimRelation.objects.create(
        from_claim=ClaimFactory(slug="draft"), to_claim=ClaimFactory(slug="o"), kind="repeats"
    )
    login(api, request, persona)
    url = f"/api/v1/claims/draft/relations/{relation.pk}/"
    if code == 204:
        assert api.delete(url).status_code == 428
        relation.note = "Edited meanwhile"
        relation.save()
        stale = api.delete(url, HTTP_IF_MATCH=f'W/"relation-{relation.pk}-v1"')
        assert stale.status_code == 412 and stale.json()["current"]["note"] == "Edited meanwhile"
    response = api.delete(url, HTTP_IF_MATCH=f'W/"relation-{relation.pk}-v2"')
    assert response.status_code in ((code,) if code != 204 else (204,))
    assert ClaimRelation.objects.exists() == (code != 204)


def test_relations_are_listed_and_unknown_ones_answer_404(api, editor):
    claim = ClaimFactory(slug="draft")
    ClaimRelation.objects.create(from_claim=claim, to_claim=ClaimFactory(slug="o"), kind="repeats")
    api.force_login(editor)
    listed = api.get("/api/v1/claims/draft/relations/").json()
    assert [(r["kind"], r["other"]) for r in listed] == [("repeats", "o")]
    for key in ("999", str(10**30)):
        assert api.delete(f"/api/v1/claims/draft/relations/{key}/").status_code == 404


# --- note figures -------------------------------------------------------------------------


def note_with_figures(figures):
    return {"kind": "scale", "title": "Out of 7 million", "body": "9.5 %.", "figures": figures}


def docket_claim():
    claim = ClaimFactory(slug="docket")
    Figure.objects.create(claim=claim, value=7000000, counts="people on the docket", position=0)
    Figure.objects.create(claim=claim, value=662566, counts="with criminal histories", position=1)
    return claim


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 201), ("reviewer", 201), ("admin_user", 201)],
)
def test_a_note_is_written_with_its_figures_and_denominators(api, request, persona, code):
    docket_claim()
    login(api, request, persona)
    figures = [
        {"value": "13000", "counts": "convicted of homicide", "part_of": "docket#2"},
        {"value": "7000000", "qualifier": "nearly", "counts": "on the docket", "unit": "people"},
    ]
    response = api.post("/api/v1/notes/", note_with_figures(figures))
    assert response.status_code == code, response.content
    if code != 201:
        assert not NoteFigure.objects.exists()
        return
    shown = response.json()["figures"]
    assert [(f["value"], f["part_of"], f["share"]) for f in shown] == [
        ("13000", "docket#2", round(13000 / 662566, 6)),
        ("7000000", None, None),
    ]
    note = ContextNote.objects.get()
    figure = note.figures.get(position=0)
    assert figure.history.get().history_user == request.getfixturevalue(persona)


def test_a_notes_figures_are_replaced_under_if_match(api, editor):
    docket_claim()
    api.force_login(editor)
    created = api.post("/api/v1/notes/", note_with_figures([{"value": "1", "counts": "a"}]))
    slug, etag = created.json()["slug"], created["ETag"]
    change = {"figures": [{"value": "2", "counts": "b"}, {"value": "3", "counts": "c"}]}
    assert api.patch(f"/api/v1/notes/{slug}/", change).status_code == 428
    changed = api.patch(f"/api/v1/notes/{slug}/", change, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert [f["counts"] for f in changed.json()["figures"]] == ["b", "c"]
    stale = api.patch(f"/api/v1/notes/{slug}/", {"figures": []}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and len(stale.json()["current"]["figures"]) == 2
    assert NoteFigure.objects.count() == 2


def test_bad_note_figures_answer_400_by_figure(api, editor):
    claim = docket_claim()
    Figure.objects.create(claim=claim, value=0, counts="nobody", position=2)
    api.force_login(editor)
    figures = [
        {"value": "1", "counts": "a", "part_of": "docket#9"},
        {"value": "1", "counts": "b", "part_of": "docket#3"},
        {"value": "lots", "counts": "c"},
        {"value": "1", "counts": "d", "part_of": "docket#99999999999999999999"},
    ]
    response = api.post("/api/v1/notes/", note_with_figures(figures))
    assert response.status_code == 400
    errors = response.json()["figures"]
    assert set(errors) == {"2", "3"}  # the format is checked first, field by field
    response = api.post("/api/v1/notes/", note_with_figures(figures[:2]))
    assert response.json()["figures"] == [
        {"part_of": ["There is no figure docket#9."]},
        {"part_of": ["A denominator cannot be zero: no share can be computed from it."]},
    ]
    assert not ContextNote.objects.exists() and not NoteFigure.objects.exists()
