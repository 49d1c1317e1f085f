"""Desk forms in Chromium: a denominator picked among the rows being typed, more citation rows."""

from __future__ import annotations

import pytest

from annotations.models import ContextNote
from claims.models import Claim
from tests.browser.test_journeys import log_in
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def script_errors(page) -> list[str]:
    """Script errors and refusals (CSP), collected as the page runs; a 400 page is no error."""
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_figure_1_is_part_of_figure_2_picked_by_its_live_label(page, live_server, editor):
    base, shot = live_server.url, page.screens
    errors = script_errors(page)
    SpeakerFactory(name="A Mayor")
    SourceFactory(title="Council meeting")
    log_in(page, base, "ed")
    page.goto(f"{base}/desk/claims/new/")
    page.get_by_label("Speaker").select_option(label="A Mayor")
    page.get_by_label("Source").select_option(label="Council meeting")
    page.locator("#id_text").fill("We evicted 5,000 of the city's 20,000 households.")
    page.get_by_label("Summary").fill("5,000 of 20,000 households evicted")
    page.locator("#id_figures-0-value").fill("5,000")
    page.locator("#id_figures-0-counts").fill("households evicted")
    page.locator("#id_figures-1-qualifier").select_option(label="nearly")
    page.locator("#id_figures-1-value").fill("20,000")
    page.locator("#id_figures-1-counts").fill("households")
    # The choice of figure 1 reads what was just typed in figure 2, before any save.
    picker = page.locator("#id_figures-0-part_of")
    labels = picker.locator("option").all_inner_texts()
    assert "Figure 2: nearly 20,000 households" in labels, labels
    picker.select_option(label="Figure 2: nearly 20,000 households")
    page.locator("#id_figures-1-value").fill("20,001")
    assert picker.locator("option:checked").inner_text() == "Figure 2: nearly 20,001 households"
    page.locator("#id_figures-1-value").fill("20,000")
    # A mistyped date comes back as typed, with its error, and the picked row stays picked.
    page.get_by_label("Said on").fill("2024-13-45")
    shot("claim-form")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("link", name="Said on").wait_for()
    shot("claim-form-error")
    assert page.get_by_label("Said on").input_value() == "2024-13-45"
    assert picker.locator("option:checked").inner_text() == "Figure 2: nearly 20,000 households"
    page.get_by_label("Said on").fill("2024-03")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="5,000 of 20,000 households evicted").wait_for()
    shot("claim-page")
    assert "25.00%" in page.locator("ul.figures").inner_text()
    claim = Claim.objects.get()
    assert (claim.said_on.isoformat(), claim.said_on_precision) == ("2024-03-01", "month")
    assert "<dd>March 2024</dd>" in page.content()
    part, whole = claim.figures.order_by("position")
    assert part.part_of == whole
    assert not errors, errors


def test_add_another_citation_then_save_four_at_once(page, live_server, editor):
    base, shot = live_server.url, page.screens
    errors = script_errors(page)
    claim = ClaimFactory(summary="The docket holds nearly 7 million people")
    log_in(page, base, "ed")
    page.goto(f"{base}/desk/notes/new/?claim={claim.slug}")
    note = page.get_by_role("group", name="The note")
    note.get_by_label("Kind").select_option(label="Cited study")
    note.get_by_label("Title").fill("Four studies say otherwise")
    note.get_by_label("Body").fill("See the studies below.")
    # Three blank rows are there to start with; the button adds a fourth.
    assert page.locator("#id_citations-TOTAL_FORMS").input_value() == "3"
    for n in range(3):
        page.locator(f"#id_citations-{n}-title").fill(f"Study {n + 1}")
    page.get_by_role("button", name="Add another citation").click()
    assert page.locator("#id_citations-TOTAL_FORMS").input_value() == "4"
    assert page.get_by_role("group", name="Citation 4 (new)").is_visible()
    assert page.locator("#id_citations-3-title").evaluate("e => e === document.activeElement")
    page.locator("#id_citations-3-title").fill("Study 4")
    page.locator("#id_citations-3-url").fill("https://example.org/study-4")
    shot("note-form")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Four studies say otherwise").wait_for()
    shot("note-page")
    note = ContextNote.objects.get()
    assert list(note.citations.values_list("title", "position")) == [
        ("Study 1", 0),
        ("Study 2", 1),
        ("Study 3", 2),
        ("Study 4", 3),
    ]
    assert note.citations.get(title="Study 4").url == "https://example.org/study-4"
    assert not errors, errors


def test_ticking_a_claim_offers_its_figures_as_denominators_before_any_save(
    page, live_server, editor
):
    from annotations.forms import NoteFigureForm
    from tests.factories import FigureFactory

    base, shot = live_server.url, page.screens
    errors = script_errors(page)
    docket = ClaimFactory(summary="The docket holds nearly 7 million people")
    whole = FigureFactory(claim=docket, value=7000000, counts="people on the docket")
    whole.refresh_from_db()  # the value as stored, a Decimal
    ClaimFactory(summary="Removals rose")
    label = NoteFigureForm.base_fields["part_of"].label_from_instance(whole)
    log_in(page, base, "ed")
    page.goto(f"{base}/desk/notes/new/")
    note = page.get_by_role("group", name="The note")
    note.get_by_label("Kind").select_option(label="Scale / denominator")
    note.get_by_label("Title").fill("Out of nearly 7 million")
    note.get_by_label("Body").fill("About 9.5 % of the docket.")
    part_of = page.locator("#id_figures-0-part_of")
    assert part_of.locator("option").all_inner_texts() == ["—"]
    page.get_by_label("The docket holds nearly 7 million people (draft)").check()
    part_of.locator("option", has_text=label).wait_for(state="attached")
    part_of.select_option(label=label)
    page.locator("#id_figures-0-value").fill("662,566")
    page.locator("#id_figures-0-counts").fill("with criminal histories")
    # A row added after the ticking offers it too.
    page.get_by_role("button", name="Add another figure").click()
    assert label in page.locator("#id_figures-2-part_of").locator("option").all_inner_texts()
    # Ticking another claim keeps the figure picked.
    page.get_by_label("Removals rose (draft)").check()
    page.wait_for_load_state("networkidle")
    assert part_of.locator("option:checked").inner_text() == label
    shot("note-form-denominator")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Out of nearly 7 million").wait_for()
    assert ContextNote.objects.get().figures.get().part_of == whole
    assert not errors, errors
