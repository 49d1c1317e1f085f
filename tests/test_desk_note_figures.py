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


def denominators(client: Client, *claims, note: ContextNote | None = None):
    params = {"claims": [c.pk for c in claims], **({"note": note.slug} if note else {})}
    return client.get("/desk/denominators/", params)


def test_the_form_asks_for_the_figures_of_the_claims_ticked_without_saving(ed, docket):
    claim, whole = docket
    other = ClaimFactory(summary="Removals rose")
    share = FigureFactory(claim=other, value=271484, counts="removals")
    answer = denominators(ed, claim, other).json()
    labels = [choice["label"] for choice in answer["choices"]]
    assert labels == [
        "7,000,000 people on the docket (in “662,566 on a docket of nearly 7 million”)",
        "662,566 with criminal histories (in “662,566 on a docket of nearly 7 million”)",
        "271,484 removals (in “Removals rose”)",
    ]
    assert answer["choices"][0]["value"] == str(whole.pk)
    assert [c["value"] for c in denominators(ed, other).json()["choices"]] == [str(share.pk)]
    assert denominators(ed).json() == {"choices": []}
    # The note form says where to ask.
    page = ed.get("/desk/notes/new/").content.decode()
    assert 'data-denominators-url="/desk/denominators/"' in page
    assert "data-denominator-figures" in page


def test_a_notes_current_denominators_stay_offered_when_its_claim_is_unticked(ed, docket):
    claim, whole = docket
    note = NoteFactory(title="Out of 7 million")
    note.claims.add(claim)
    NoteFigure.objects.create(note=note, value=13099, counts="convictions", part_of=whole)
    page = ed.get(f"/desk/notes/{note.slug}/edit/").content.decode()
    assert f'data-denominators-url="/desk/denominators/?note={note.slug}"' in page
    assert [c["value"] for c in denominators(ed, note=note).json()["choices"]] == [str(whole.pk)]


@pytest.mark.parametrize(
    "params", [{"claims": ["x", "-1", "9" * 40, ""]}, {"claims": "1", "note": "no-such-note"}]
)
def test_odd_questions_get_an_empty_answer_or_a_404_never_a_500(ed, docket, params):
    response = ed.get("/desk/denominators/", params)
    if "note" in params:
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and response.json() == {"choices": []}


def test_only_the_desk_may_ask_for_denominators(client, docket, editor, reviewer, admin_user):
    claim, _ = docket
    assert denominators(client, claim).status_code == 302  # anonymous: to the login page
    for user in (editor, reviewer, admin_user):
        client.force_login(user)
        assert len(denominators(client, claim).json()["choices"]) == 2


def test_an_outsider_may_not_ask_for_denominators(client, docket, outsider):
    client.force_login(outsider)
    assert denominators(client, docket[0]).status_code == 403


def test_asking_takes_as_many_queries_for_many_claims_as_for_one(ed, docket):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claims = ClaimFactory.create_batch(20)
    for claim in claims:
        FigureFactory.create_batch(2, claim=claim)
    counts = []
    for ticked in (claims[:1], claims):
        with CaptureQueriesContext(connection) as queries:
            assert denominators(ed, *ticked).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
