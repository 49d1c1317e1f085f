"""The desk's claim screens: create and edit with figures, shares, relations, list filters."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Claim, ClaimRelation, Tag
from claims.workflow import Status
from tests.desk import claim_data
from tests.factories import (
    ClaimFactory,
    FigureFactory,
    RelationFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


def new_claim_payload(extra_rows=(), **overrides):
    speaker, source = SpeakerFactory(), SourceFactory()
    fields = {
        "speaker": speaker.pk,
        "source": source.pk,
        "text": "There were 662,566 of them on a docket of nearly 7 million.",
        "summary": "662,566 on a docket of nearly 7 million",
        **overrides,
    }
    figures = [
        {"value": "7000000", "qualifier": "nearly", "counts": "people on the docket"},
        {"value": "662566", "counts": "noncitizens with criminal histories"},
        *extra_rows,
    ]
    return claim_data(figures=figures, **fields)


def test_editor_creates_a_draft_claim_with_two_figures(ed, editor):
    response = ed.post("/desk/claims/new/", new_claim_payload())
    claim = Claim.objects.get(summary="662,566 on a docket of nearly 7 million")
    assert response.status_code == 302
    assert response["Location"] == f"/desk/claims/{claim.slug}/"
    assert (claim.status, claim.created_by) == (Status.DRAFT, editor)
    assert [(str(f.value.normalize()), f.position) for f in claim.figures.all()] == [
        ("7E+6", 0),
        ("662566", 1),
    ]
    page = ed.get(response["Location"]).content.decode()
    assert "nearly 7,000,000 people on the docket" in page
    assert "662,566 noncitizens with criminal histories" in page


def test_empty_figure_rows_are_skipped(ed):
    payload = new_claim_payload(extra_rows=[{}])  # a third row, left as the browser shows it
    assert ed.post("/desk/claims/new/", payload).status_code == 302
    assert Claim.objects.get().figures.count() == 2


def test_bad_input_answers_400_with_field_messages_and_saves_nothing(ed):
    payload = new_claim_payload(summary="x" * 76, text="")
    payload["figures-0-value"] = "many"
    response = ed.post("/desk/claims/new/", payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 75 characters (it has 76)." in page
    assert "This field is required." in page
    assert "Enter a number." in page
    assert 'aria-invalid="true"' in page
    assert not Claim.objects.exists()


def test_a_date_without_precision_is_exact_to_the_day_and_no_date_is_unknown(ed):
    ed.post("/desk/claims/new/", new_claim_payload(said_on_precision="unknown"))
    assert Claim.objects.get().said_on_precision == "day"
    Claim.objects.all().delete()
    ed.post("/desk/claims/new/", new_claim_payload(said_on="", said_on_precision="month"))
    assert Claim.objects.get().said_on_precision == "unknown"


def test_setting_a_denominator_shows_the_share_on_the_claim_page(ed, editor):
    claim = ClaimFactory(created_by=editor)
    whole = FigureFactory(claim=claim, value=7000000, counts="people on the docket")
    part = FigureFactory(claim=claim, value=662566, counts="with criminal histories")
    payload = claim_data(claim)
    payload["figures-1-part_of"] = whole.pk
    response = ed.post(f"/desk/claims/{claim.slug}/edit/", payload)
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.part_of == whole
    page = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    # The same drawing as the public page: both numbers, the percentage, a bar.
    assert '<strong class="share-percent">9.47%</strong>' in page
    assert "662,566 of 7,000,000 people on the docket" in page
    assert '<rect class="part" x="0" y="0" width="9.47" height="6">' in page


def test_a_related_claims_figure_can_be_the_denominator(ed, editor):
    docket = ClaimFactory(status=Status.PUBLISHED)
    whole = FigureFactory(claim=docket, value=7000000, counts="people on the docket")
    claim = ClaimFactory(created_by=editor)
    FigureFactory(claim=claim, value=13099, counts="with murder convictions")
    RelationFactory(from_claim=docket, to_claim=claim, kind="contextualises")
    payload = claim_data(claim)
    payload["figures-0-part_of"] = whole.pk
    assert ed.post(f"/desk/claims/{claim.slug}/edit/", payload).status_code == 302
    page = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert '<strong class="share-percent">0.19%</strong>' in page
    assert "13,099 of 7,000,000 people on the docket" in page
    assert "about 1 in 534" in page  # too thin a sliver to see: said in words too
    assert f'href="/desk/claims/{docket.slug}/"' in page


def test_a_figure_that_is_a_denominator_cannot_be_removed(ed, editor):
    claim = ClaimFactory(created_by=editor)
    whole = FigureFactory(claim=claim, value=100)
    FigureFactory(claim=claim, value=10, part_of=whole)
    payload = claim_data(claim)
    payload["figures-0-DELETE"] = "on"
    response = ed.post(f"/desk/claims/{claim.slug}/edit/", payload)
    assert response.status_code == 400
    assert "is the denominator of another figure" in response.content.decode()
    assert claim.figures.count() == 2


def test_removing_a_figure(ed, editor):
    claim = ClaimFactory(created_by=editor)
    FigureFactory(claim=claim, value=100)
    FigureFactory(claim=claim, value=10, counts="to remove")
    payload = claim_data(claim)
    payload["figures-1-DELETE"] = "on"
    assert ed.post(f"/desk/claims/{claim.slug}/edit/", payload).status_code == 302
    assert list(claim.figures.values_list("counts", flat=True)) == [
        "noncitizens with criminal histories"
    ]


def test_relations_are_added_and_removed_from_the_claim_page(ed, editor):
    claim, other = ClaimFactory(created_by=editor), ClaimFactory(summary="The docket size")
    url = f"/desk/claims/{claim.slug}/relations/"
    response = ed.post(url, {"kind": "disputes", "to_claim": other.pk, "note": ""})
    assert response.status_code == 302
    page = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "This claim disputes" in page and "The docket size" in page
    again = ed.post(url, {"kind": "disputes", "to_claim": other.pk})
    assert again.status_code == 400
    assert "already related this way" in again.content.decode()
    relation = ClaimRelation.objects.get()
    remove = f"/desk/relations/{relation.pk}/delete/"
    assert f'name="version" value="{relation.version}"' in page
    assert ed.post(remove, {"version": relation.version}).status_code == 302
    assert not ClaimRelation.objects.exists()
    gone = ed.post(remove, {"version": relation.version}, follow=True)
    assert "That relation was already removed." in gone.content.decode()


def test_removing_a_relation_someone_changed_meanwhile_is_refused(ed, editor):
    claim, other = ClaimFactory(created_by=editor), ClaimFactory(summary="The docket size")
    relation = ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="disputes")
    seen = relation.version
    relation.note = "Same figures, other year"
    relation.save()  # another editor, after our page was loaded
    remove = f"/desk/relations/{relation.pk}/delete/"
    response = ed.post(remove, {"version": seen})
    assert response.status_code == 409
    assert "Same figures, other year" in response.content.decode()
    assert ClaimRelation.objects.filter(pk=relation.pk).exists()
    # Without a version nothing is removed either: the page asks to confirm.
    assert ed.post(remove).status_code == 400
    assert ClaimRelation.objects.filter(pk=relation.pk).exists()
    # Confirming from that page removes what was shown.
    assert ed.post(remove, {"version": relation.version}).status_code == 302
    assert not ClaimRelation.objects.exists()


def test_a_claim_cannot_be_related_to_itself(ed, editor):
    claim = ClaimFactory(created_by=editor)
    response = ed.post(
        f"/desk/claims/{claim.slug}/relations/", {"kind": "repeats", "to_claim": claim.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_claim_list_filters_by_speaker_status_tag_date_and_search(ed, editor):
    trump = SpeakerFactory(name="Donald Trump")
    tag = Tag.objects.create(name="crime")
    a = ClaimFactory(summary="Alpha claim", speaker=trump, said_on=dt.date(2024, 7, 1))
    a.tags.add(tag)
    ClaimFactory(summary="Beta claim", status=Status.PUBLISHED, said_on=dt.date(2024, 9, 25))
    ClaimFactory(summary="Gamma claim", created_by=editor, text="The docket holds 7 million.")

    def shown(query: str) -> set[str]:
        page = ed.get(f"/desk/claims/?{query}").content.decode()
        return {s for s in ("Alpha claim", "Beta claim", "Gamma claim") if s in page}

    assert shown("") == {"Alpha claim", "Beta claim", "Gamma claim"}
    assert shown(f"speaker={trump.slug}") == {"Alpha claim"}
    assert shown("status=published") == {"Beta claim"}
    assert shown("tag=crime") == {"Alpha claim"}
    assert shown("said_from=2024-09-01") == {"Beta claim", "Gamma claim"}
    assert shown("said_to=2024-08-01") == {"Alpha claim"}
    assert shown("q=docket+holds") == {"Gamma claim"}
    assert shown("mine=on") == {"Gamma claim"}
    assert shown("said_from=not-a-date") == {"Alpha claim", "Beta claim", "Gamma claim"}


def test_claim_list_is_paginated_and_keeps_the_filters(ed):
    ClaimFactory.create_batch(30, status=Status.DRAFT)
    page1 = ed.get("/desk/claims/?status=draft").content.decode()
    assert "30 claims" in page1 and "Page 1 of 2" in page1
    assert "?status=draft&amp;page=2" in page1
    assert "Page 2 of 2" in ed.get("/desk/claims/?status=draft&page=2").content.decode()


def test_htmx_asks_for_the_results_only(ed):
    ClaimFactory(summary="Alpha claim")
    response = ed.get("/desk/claims/?q=Alpha", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Alpha claim" in page and "<html" not in page


def test_speakers_and_sources_are_created_and_edited(ed):
    response = ed.post(
        "/desk/speakers/new/", {"name": "Tony Gonzales", "kind": "person", "role": "Rep."}
    )
    assert response.status_code == 302
    speaker = SpeakerFactory._meta.model.objects.get(name="Tony Gonzales")
    response = ed.post(
        f"/desk/speakers/{speaker.slug}/edit/",
        {"name": "Tony Gonzales", "kind": "person", "role": "U.S. Representative"},
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.role == "U.S. Representative"

    source_data = {
        "kind": "statement",
        "title": "Public statement by Rep. Gonzales",
        "author": speaker.pk,
        "date": "2024-09-27",
        "date_precision": "day",
    }
    response = ed.post("/desk/sources/new/", source_data)
    source = SourceFactory._meta.model.objects.get(title="Public statement by Rep. Gonzales")
    assert response["Location"] == f"/desk/sources/{source.slug}/"
    response = ed.post(f"/desk/sources/{source.slug}/edit/", {**source_data, "publisher": "Office"})
    assert response.status_code == 302
    page = ed.get(f"/desk/sources/{source.slug}/").content.decode()
    assert "Office" in page and "27 September 2024" in page
    assert "Tony Gonzales" in ed.get("/desk/speakers/").content.decode()
    assert (
        "Public statement by Rep. Gonzales" in ed.get("/desk/sources/?q=gonzales").content.decode()
    )


def test_source_form_errors_are_field_level(ed):
    response = ed.post("/desk/sources/new/", {"kind": "letter", "title": "", "url": "nope"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and "Enter a valid URL." in page


def test_htmx_history_restore_gets_the_whole_page(ed):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = ed.get("/desk/claims/", headers=headers)
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_edit_form_shows_figures_as_written_not_as_stored(ed, editor):
    claim = ClaimFactory(created_by=editor)
    FigureFactory(claim=claim, value=7_000_000)
    FigureFactory(claim=claim, value="0.19")
    page = ed.get(f"/desk/claims/{claim.slug}/edit/").content.decode()
    assert 'value="7000000"' in page and 'value="0.19"' in page
    assert "000000." not in page and ".190000" not in page
