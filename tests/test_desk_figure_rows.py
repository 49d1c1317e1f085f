"""A claim's figure is part of another figure typed in the same form, saved in one submit."""

from __future__ import annotations

import re

import pytest

from claims.models import Claim, Figure
from tests.desk import claim_data
from tests.factories import ClaimFactory, FigureFactory
from tests.test_desk_claims import new_claim_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


def households(**first) -> dict:
    """5,000 of 20,000 households: figure 1 is part of figure 2, both new."""
    rows = [
        {"value": "5,000", "counts": "households evicted", "part_of": "row-1", **first},
        {"value": "20,000", "counts": "households"},
    ]
    return new_claim_payload(summary="5,000 of 20,000 households") | {
        k: v for k, v in claim_data(figures=rows).items() if k.startswith("figures-")
    }


def options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_new_claim_form_offers_the_other_rows_by_number(ed):
    page = ed.get("/desk/claims/new/").content.decode()
    assert options(page, "figures-0-part_of") == [("", "—"), ("row-1", "Figure 2")]
    assert options(page, "figures-1-part_of") == [("", "—"), ("row-0", "Figure 1")]
    assert "once the claim is saved" not in page


def test_figure_1_is_part_of_figure_2_in_one_submit(ed, editor):
    response = ed.post("/desk/claims/new/", households())
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get()
    part, whole = claim.figures.order_by("position")
    assert (part.value, whole.value) == (5000, 20000)
    assert (part.position, whole.position) == (0, 1)
    assert part.part_of == whole and whole.part_of is None
    # Each figure saved once, with its author: no save-then-link second entry.
    assert [r.history_user for r in Figure.history.filter(id=part.pk)] == [editor]
    page = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert "25.00%" in page


def test_a_row_label_reads_what_was_typed_when_the_form_comes_back(ed):
    payload = households()
    payload["summary"] = ""  # an error elsewhere: the form is shown again
    page = ed.post("/desk/claims/new/", payload).content.decode()
    assert ("row-1", "Figure 2: 20,000 households") in options(page, "figures-0-part_of")
    assert 'value="row-1" selected' in page


def test_a_circle_of_denominators_is_refused_on_the_field(ed):
    payload = households()
    payload["figures-1-part_of"] = "row-0"
    response = ed.post("/desk/claims/new/", payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "These denominators go round in a circle: Figure 1 → Figure 2 → Figure 1." in page
    assert '<a href="#id_figures-0-part_of">Figure 1, part of (denominator)</a>' in page
    assert not Claim.objects.exists() and not Figure.objects.exists()


def test_a_figure_cannot_be_its_own_denominator(ed):
    payload = households(part_of="row-0")
    response = ed.post("/desk/claims/new/", payload)
    assert response.status_code == 400
    assert "A figure cannot be its own denominator." in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"figures-1-value": "", "figures-1-counts": ""}, "Figure 2 is empty or being removed"),
        ({"figures-1-value": "0"}, "A denominator cannot be zero"),
        ({"figures-0-part_of": "row-7"}, "Pick a denominator from the list"),
        ({"figures-0-part_of": "99999"}, "Pick a denominator from the list"),
    ],
)
def test_a_bad_row_reference_is_a_field_error_not_a_500(ed, change, message):
    payload = households() | change
    response = ed.post("/desk/claims/new/", payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_on_edit_saved_figures_are_rows_and_a_new_row_can_be_the_whole(ed, editor):
    claim = ClaimFactory(created_by=editor)
    part = FigureFactory(claim=claim, value=5000, counts="households evicted")
    page = ed.get(f"/desk/claims/{claim.slug}/edit/").content.decode()
    assert ("row-1", "Figure 2") in options(page, "figures-0-part_of")
    assert options(page, "figures-1-part_of")[1] == ("row-0", "Figure 1: 5,000 households evicted")
    payload = claim_data(claim, figures=[{"value": "20000", "counts": "households"}])
    payload["figures-0-part_of"] = "row-1"
    assert ed.post(f"/desk/claims/{claim.slug}/edit/", payload).status_code == 302
    part.refresh_from_db()
    assert part.part_of.value == 20000 and part.part_of.claim == claim
    # Untouched, the link reads as its row and saving again changes nothing.
    claim.refresh_from_db()
    again = claim_data(claim)
    assert again["figures-0-part_of"] == part.part_of_id
    version = claim.figures.get(pk=part.pk).version
    assert ed.post(f"/desk/claims/{claim.slug}/edit/", again).status_code == 302
    assert claim.figures.get(pk=part.pk).version == version
