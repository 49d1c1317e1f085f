"""Context notes on the desk: one note on several claims, citations inline; verdicts."""

from __future__ import annotations

import pytest

from annotations.models import Citation, ContextNote, Correction, Rating, Verdict
from claims.workflow import Status
from tests.desk import note_data
from tests.factories import CitationFactory, ClaimFactory, NoteFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


def test_a_note_is_attached_to_two_claims_with_a_citation(ed, editor):
    first, second, third = ClaimFactory.create_batch(3)
    payload = note_data(
        title="The docket holds nearly 7 million people",
        body="So 662,566 is about **9.5 %** of it.",
        kind="scale",
        claims=[first.pk, second.pk],
        citations=[
            {"title": "DHS statement", "url": "https://example.org/dhs", "publisher": "DHS"},
        ],
    )
    response = ed.post("/desk/notes/new/", payload)
    note = ContextNote.objects.get()
    assert response["Location"] == f"/desk/notes/{note.slug}/"
    assert (note.status, note.created_by) == (Status.DRAFT, editor)
    assert set(note.claims.all()) == {first, second}
    assert note.citations.get().title == "DHS statement"
    for claim in (first, second):
        page = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
        assert "The docket holds nearly 7 million people" in page
        assert "<strong>9.5 %</strong>" in page
        assert "DHS statement" in page
    assert "The docket holds" not in ed.get(f"/desk/claims/{third.slug}/").content.decode()


def test_writing_a_note_from_a_claim_preselects_it(ed):
    claim, other = ClaimFactory(summary="A first"), ClaimFactory(summary="B second")
    page = ed.get(f"/desk/notes/new/?claim={claim.slug}").content.decode()
    assert f'name="claims" value="{claim.pk}" id="id_claims_0" checked>' in page
    assert f'name="claims" value="{other.pk}" id="id_claims_1">' in page


def test_citations_are_edited_and_removed_inline(ed, editor):
    note = NoteFactory(created_by=editor)
    keep = CitationFactory(note=note, title="Keep me")
    CitationFactory(note=note, title="Drop me")
    payload = note_data(note)
    payload["citations-0-publisher"] = "Updated publisher"
    payload["citations-1-DELETE"] = "on"
    assert ed.post(f"/desk/notes/{note.slug}/edit/", payload).status_code == 302
    assert list(note.citations.values_list("title", flat=True)) == ["Keep me"]
    keep.refresh_from_db()
    assert keep.publisher == "Updated publisher"


def test_note_errors_are_field_level(ed):
    payload = note_data(
        title="", body="", kind="nonsense", citations=[{"title": "", "url": "not a url"}]
    )
    response = ed.post("/desk/notes/new/", payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice. nonsense is not one of the available choices." in page
    assert "Enter a valid URL." in page
    assert not ContextNote.objects.exists() and not Citation.objects.exists()


def test_note_list_filters(ed, editor):
    NoteFactory(title="Mine draft", created_by=editor)
    NoteFactory(title="Other published", status=Status.PUBLISHED, kind="definition")

    def shown(query: str) -> set[str]:
        page = ed.get(f"/desk/notes/?{query}").content.decode()
        return {t for t in ("Mine draft", "Other published") if t in page}

    assert shown("") == {"Mine draft", "Other published"}
    assert shown("mine=on") == {"Mine draft"}
    assert shown("status=published") == {"Other published"}
    assert shown("kind=definition") == {"Other published"}
    assert shown("q=mine") == {"Mine draft"}


def test_reviewer_gives_a_verdict_on_a_draft(client, reviewer, editor):
    claim = ClaimFactory(created_by=editor)
    rating = Rating.objects.get(scale__is_default=True, label="Missing context")
    client.force_login(editor)
    assert client.get(f"/desk/claims/{claim.slug}/verdict/").status_code == 403
    client.force_login(reviewer)
    response = client.post(f"/desk/claims/{claim.slug}/verdict/", {"rating": rating.pk})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(
        f"/desk/claims/{claim.slug}/verdict/",
        {"rating": rating.pk, "explanation": "Spans four decades."},
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating.label, verdict.created_by) == ("Missing context", reviewer)
    page = client.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "Missing context" in page and "Spans four decades." in page
    assert client.post(f"/desk/claims/{claim.slug}/verdict/delete/").status_code == 302
    assert not Verdict.objects.exists()


def test_changing_a_published_verdict_publishes_a_correction(client, reviewer):
    claim = ClaimFactory(status=Status.PUBLISHED)
    VerdictFactory(claim=claim)
    accurate = Rating.objects.get(scale__is_default=True, label="Mostly accurate")
    client.force_login(reviewer)
    url = f"/desk/claims/{claim.slug}/verdict/"
    # The version the form was opened at, sent back as the browser does.
    data = {"rating": accurate.pk, "explanation": "The docket size is stated.", "version": 1}
    assert client.post(url, data).status_code == 400  # no correction text
    response = client.post(url, {**data, "correction": "Verdict raised to Mostly accurate."})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.CORRECTED
    assert claim.verdict.rating == accurate
    assert Correction.objects.get(claim=claim).text == "Verdict raised to Mostly accurate."
    assert client.post(f"{url}delete/").status_code == 403


def test_three_studies_are_cited_in_one_save_without_javascript(ed):
    page = ed.get("/desk/notes/new/").content.decode()
    # Three blank rows, and the empty row the "Add another citation" button copies.
    assert 'name="citations-TOTAL_FORMS" value="3"' in page
    assert 'name="citations-2-title"' in page and 'name="citations-3-title"' not in page
    assert '<template data-formset-empty><fieldset class="formset-row">' in page
    assert 'name="citations-__prefix__-title"' in page
    assert "data-formset-add hidden>Add another citation</button>" in page
    payload = note_data(
        title="Three studies",
        body="B.",
        citations=[{"title": f"Study {n}", "url": f"https://example.org/{n}"} for n in (1, 2, 3)],
    )
    assert ed.post("/desk/notes/new/", payload).status_code == 302
    note = ContextNote.objects.get()
    assert list(note.citations.values_list("title", "position")) == [
        ("Study 1", 0),
        ("Study 2", 1),
        ("Study 3", 2),
    ]
    edit = ed.get(f"/desk/notes/{note.slug}/edit/").content.decode()
    assert 'name="citations-TOTAL_FORMS" value="4"' in edit  # one blank row more
