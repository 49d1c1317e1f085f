"""Bad input found when a second case was entered: each gets a 400 naming the field, any path."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from claims.models import MAX_TAGS, Claim, Figure, Source, Tag
from tests.factories import ClaimFactory, FigureFactory, SourceFactory, SpeakerFactory
from tests.test_bad_input import claim_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(db):
    speaker = SpeakerFactory(slug="lechleitner")
    return {"speaker": speaker, "source": SourceFactory(slug="letter", author=speaker)}


@pytest.fixture
def as_editor(api, editor):
    api.force_login(editor)
    return api


def test_a_huge_figure_ordinal_answers_400_naming_part_of(as_editor, refs):
    ClaimFactory(slug="docket", speaker=refs["speaker"], source=refs["source"])
    for key in ("docket#99999999999999999999999", "draft#99999999999999999999999"):
        payload = claim_payload(figures=[{"value": "1", "counts": "x", "part_of": key}])
        response = as_editor.post("/api/v1/claims/", payload, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["figures"] == {
            "0": {"part_of": ['Name a figure as "<claim slug>#<n>", n from 1 to 9999.']}
        }
    assert Claim.objects.count() == 1


def test_a_missing_figure_within_bounds_answers_400_naming_part_of(as_editor, refs):
    ClaimFactory(slug="docket", speaker=refs["speaker"], source=refs["source"])
    payload = claim_payload(figures=[{"value": "1", "counts": "x", "part_of": "docket#9999"}])
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["figures"][0] == {"part_of": ["There is no figure docket#9999."]}


@pytest.mark.parametrize(
    ("said_on", "precision"),
    [("2024-09-25", "month"), ("2024-09-01", "year"), ("2024-02-01", "year")],
)
def test_a_date_not_starting_its_period_answers_400_naming_the_date(
    as_editor, refs, said_on, precision
):
    payload = claim_payload(said_on=said_on, said_on_precision=precision)
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["said_on"]
    assert "first day of its month" in response.json()["said_on"][0]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("said_on", "precision"), [("2024-09-01", "month"), ("2024-01-01", "year")]
)
def test_a_date_at_the_start_of_its_period_is_accepted(as_editor, refs, said_on, precision):
    payload = claim_payload(said_on=said_on, said_on_precision=precision)
    assert as_editor.post("/api/v1/claims/", payload, format="json").status_code == 201


def test_a_source_date_must_start_its_period_too(as_editor):
    body = {"title": "A letter", "date": "2024-09-25", "date_precision": "month"}
    response = as_editor.post("/api/v1/sources/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["date"]
    assert not Source.objects.exists()


def test_the_database_refuses_a_date_off_its_period_on_any_path(refs):
    claim = ClaimFactory(speaker=refs["speaker"], source=refs["source"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(
            said_on=dt.date(2024, 9, 25), said_on_precision="month"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=refs["source"].pk).update(
            date=dt.date(2024, 3, 1), date_precision="year"
        )


def test_the_desk_form_names_the_date_and_keeps_the_value(client, editor, refs):
    from tests.test_desk_claims import new_claim_payload

    client.force_login(editor)
    data = new_claim_payload(said_on="2024-09-25", said_on_precision="month")
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert "said_on" in response.context["form"].errors
    assert 'value="2024-09-25"' in response.content.decode()
    assert not Claim.objects.exists()


def test_a_zero_denominator_answers_400_naming_part_of(as_editor, refs):
    figures = [
        {"value": "0", "counts": "people on the docket"},
        {"value": "5", "counts": "with convictions", "part_of": "new-claim#1"},
    ]
    payload = claim_payload(slug="new-claim", figures=figures)
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["figures"] == [
        {},
        {"part_of": ["A denominator cannot be zero: no share can be computed from it."]},
    ]
    assert not Claim.objects.exists()


def test_a_zero_denominator_is_refused_by_model_validation(refs):
    claim = ClaimFactory(speaker=refs["speaker"], source=refs["source"])
    whole = FigureFactory(claim=claim, value=0)
    part = Figure(claim=claim, value=5, counts="some", part_of=whole)
    with pytest.raises(ValidationError) as error:
        part.full_clean()
    assert "part_of" in error.value.message_dict
    other = ClaimFactory(speaker=refs["speaker"], source=refs["source"])
    whole.value = 10
    whole.save()
    FigureFactory(claim=other, value=5, part_of=whole)
    whole.value = 0
    with pytest.raises(ValidationError) as error:
        whole.full_clean()
    assert "value" in error.value.message_dict


def test_too_many_tags_answer_400_naming_tags(as_editor, refs):
    payload = claim_payload(tags=[f"tag {n}" for n in range(3000)])
    response = as_editor.post("/api/v1/claims/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["tags"]
    assert not Claim.objects.exists() and not Tag.objects.exists()
    payload = claim_payload(tags=[f"tag {n}" for n in range(MAX_TAGS)])
    assert as_editor.post("/api/v1/claims/", payload, format="json").status_code == 201


def test_too_many_tags_are_refused_on_every_path(refs):
    claim = ClaimFactory(speaker=refs["speaker"], source=refs["source"])
    tags = [Tag.objects.create(name=f"t{n}") for n in range(MAX_TAGS + 1)]
    with pytest.raises(ValidationError) as error, transaction.atomic():
        claim.tags.set(tags)
    assert "tags" in error.value.message_dict
    assert claim.tags.count() == 0
    claim.tags.set(tags[:MAX_TAGS])
    with pytest.raises(ValidationError), transaction.atomic():
        claim.tags.add(tags[-1])


def test_the_desk_and_admin_forms_name_the_tags(client, editor, admin_user, refs):
    from claims.forms import ClaimForm

    tags = [Tag.objects.create(name=f"t{n}") for n in range(MAX_TAGS + 1)]
    form = ClaimForm(
        data={
            "speaker": refs["speaker"].pk,
            "source": refs["source"].pk,
            "said_on_precision": "unknown",
            "text": "Words.",
            "text_kind": "verbatim",
            "summary": "Words",
            "tags": [t.pk for t in tags],
        }
    )
    assert not form.is_valid() and "tags" in form.errors
    claim = ClaimFactory(speaker=refs["speaker"], source=refs["source"])
    client.force_login(admin_user)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert page.status_code == 200
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and key not in ("tags",)
    }
    data.update(
        {
            "speaker": refs["speaker"].pk,
            "source": refs["source"].pk,
            "tags": [t.pk for t in tags],
            "figures-TOTAL_FORMS": 0,
            "figures-INITIAL_FORMS": 0,
            "relations_out-TOTAL_FORMS": 0,
            "relations_out-INITIAL_FORMS": 0,
        }
    )
    response = client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 200
    assert "tags" in response.context["adminform"].form.errors


def test_import_names_a_date_off_its_period_and_too_many_tags(tmp_path):
    from tests.test_exports import empty_database, export_all, load_demo

    load_demo()
    (tmp_path / "out").mkdir()
    export_all(tmp_path / "out")
    document = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    empty_database()
    claims = document["claims"]
    claims[0]["said_on"], claims[0]["said_on_precision"] = "2024-09-25", "month"
    claims[1]["tags"] = [{"name": f"t{n}", "slug": f"t{n}"} for n in range(MAX_TAGS + 1)]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=errors)
    report = errors.getvalue()
    assert f"(claim '{claims[0]['slug']}'): said_on: A date with precision" in report
    assert f"(claim '{claims[1]['slug']}'): tags: a claim carries at most {MAX_TAGS}" in report
    assert not Claim.objects.exists()
