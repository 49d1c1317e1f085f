"""Verdicts and relations through the API: roles, workflow, If-Match, 400 by field, history."""

from __future__ import annotations

import pytest

from annotations.models import Correction, Rating, Verdict
from claims.models import ClaimRelation
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
    assert gone.status_code == 400 and Verdict.objects.filter(claim=claim).exists()


def test_a_retracted_claim_keeps_its_verdict(api, reviewer):
    claim = PublishedClaimFactory(slug="gone", status=Status.RETRACTED)
    verdict = give_verdict(claim)
    api.force_login(reviewer)
    etag = api.get("/api/v1/claims/gone/verdict/")["ETag"]
    response = api.put(
        "/api/v1/claims/gone/verdict/", {**VERDICT, "correction": "x"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
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


def test_bad_relations_answer_400_by_field(api, editor):
    ClaimFactory(slug="draft")
    ClaimFactory(slug="other")
    api.force_login(editor)
    url = "/api/v1/claims/draft/relations/"
    assert list(api.post(url, {**RELATION, "other": "nope"}).json()) == ["other"]
    assert list(api.post(url, {**RELATION, "kind": "likes"}).json()) == ["kind"]
    itself = api.post(url, {**RELATION, "other": "draft"})
    assert itself.status_code == 400 and "itself" in str(itself.json())
    assert api.post(url, RELATION).status_code == 201
    twice = api.post(url, RELATION)
    assert twice.status_code == 400 and "already related" in str(twice.json())
    assert ClaimRelation.objects.count() == 1


def test_a_published_claims_relations_do_not_change(api, editor):
    claim = PublishedClaimFactory(slug="pub")
    other = ClaimFactory(slug="other")
    relation = ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="disputes")
    api.force_login(editor)
    assert api.post("/api/v1/claims/pub/relations/", RELATION).status_code == 400
    url = f"/api/v1/claims/pub/relations/{relation.pk}/"
    assert api.delete(url, HTTP_IF_MATCH="*").status_code == 400
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
