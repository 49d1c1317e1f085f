"""The numbers a context note brings, on the desk note form, with their denominators."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from annotations.models import ContextNote, NoteFigure
from tests.desk import note_data
from tests.factories import ClaimFactory, FigureFactory, NoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def docket():
    """A claim with two figures: the docket and the part with criminal histories."""
    claim = ClaimFactory(summary="662,566 on a docket of nearly 7 million")
    whole = FigureFactory(claim=claim, value=7000000, counts="people on the docket")
    FigureFactory(claim=claim, value=662566, counts="with criminal histories")
    return claim, whole


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_a_new_note_from_a_claim_offers_that_claims_figures(ed, docket):
    claim, _ = docket
    page = ed.get(f"/desk/notes/new/?claim={claim.slug}").content.decode()
    assert options(page, "figures-0-part_of") == [
        "—",
        "7,000,000 people on the docket (in “662,566 on a docket of nearly 7 million”)",
        "662,566 with criminal histories (in “662,566 on a docket of nearly 7 million”)",
    ]


def test_a_note_is_created_with_a_figure_that_is_part_of_a_claims_figure(ed, editor, docket):
    claim, whole = docket
    payload = note_data(
        title="Out of nearly 7 million",
        body="About 9.5 %.",
        claims=[claim.pk],
        figures=[
            {"value": "13,099", "counts": "with homicide convictions", "part_of": whole.pk},
            {"value": "2", "counts": "sources checked"},
        ],
    )
    response = ed.post("/desk/notes/new/", payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    note = ContextNote.objects.get()
    first, second = note.figures.all()
    assert (first.value, first.part_of, first.position) == (13099, whole, 0)
    assert (second.part_of, second.position) == (None, 1)
    assert [r.history_user for r in NoteFigure.history.filter(note_id=note.pk)] == [editor] * 2
    page = ed.get(f"/desk/notes/{note.slug}/").content.decode()
    assert "0.19%" in page


def test_a_figure_is_added_edited_and_its_denominator_changed_on_edit(ed, editor, docket):
    claim, whole = docket
    note = NoteFactory(created_by=editor)
    note.claims.add(claim)
    figure = NoteFigure.objects.create(note=note, value=10, counts="first", part_of=whole)
    other = claim.figures.exclude(pk=whole.pk).get()
    page = ed.get(f"/desk/notes/{note.slug}/edit/").content.decode()
    assert f'<option value="{whole.pk}" selected>' in page
    payload = note_data(note, figures=[{"value": "5", "counts": "second"}])
    payload["figures-0-part_of"] = other.pk
    payload["figures-0-value"] = "12"
    assert ed.post(f"/desk/notes/{note.slug}/edit/", payload).status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.part_of) == (12, other)
    assert list(note.figures.values_list("counts", "position")) == [("first", 0), ("second", 1)]
    history = ed.get(f"/desk/notes/{note.slug}/history/").content.decode()
    assert "Figure “second”" in history and "ed" in history


def test_a_denominator_must_be_a_figure_of_an_attached_claim(ed, docket):
    _, whole = docket
    elsewhere = ClaimFactory()
    payload = note_data(
        title="T",
        body="B",
        claims=[elsewhere.pk],
        figures=[{"value": "1", "counts": "c", "part_of": whole.pk}],
    )
    response = ed.post("/desk/notes/new/", payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pick a figure of a claim this note is attached to" in page
    assert '<a href="#id_figures-0-part_of">Figure 1, part of (denominator)</a>' in page
    assert not ContextNote.objects.exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"value": "1", "counts": "c", "part_of": "zero"}, "part_of", "cannot be zero"),
        ({"value": "many", "counts": "c"}, "value", "Enter a number."),
        ({"value": "1", "counts": ""}, "counts", "This field is required."),
        ({"value": "1", "counts": "c", "as_of": "2024-13-45"}, "as_of", "Enter a valid date."),
    ],
)
def test_bad_figures_are_field_errors_never_a_500(ed, row, field, message):
    claim = ClaimFactory()
    zero = FigureFactory(claim=claim, value=0, counts="nothing")
    if row.get("part_of") == "zero":
        row = {**row, "part_of": zero.pk}
    payload = note_data(title="T", body="B", claims=[claim.pk], figures=[row])
    response = ed.post("/desk/notes/new/", payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'href="#id_figures-0-{field}"' in page
    assert not NoteFigure.objects.exists()


def test_a_stale_save_of_a_notes_figures_is_refused_with_the_other_values(db, editor, docket):
    claim, _ = docket
    note = NoteFactory(created_by=editor, title="Opened by both")
    note.claims.add(claim)
    NoteFigure.objects.create(note=note, value=10, counts="convictions")
    url = f"/desk/notes/{note.slug}/edit/"
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(editor)
    mine = note_data(note)
    mine["figures-0-value"] = "11"
    theirs = note_data(note, title="Second title")
    theirs["figures-0-value"] = "99"
    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "Figure “convictions”</strong> changed by" in page
    assert 'value="99"' in page  # their input is kept
    assert note.figures.get().value == 11
