"""Editor and reviewer journeys through the desk in a real Chromium, ending on the public page."""

from __future__ import annotations

import re

import pytest

from annotations.models import ContextNote
from claims.models import Claim
from claims.workflow import Status
from tests.conftest import PASSWORD
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Figure 2 is part of figure 1: give it its denominator."


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/desk/")


def log_out(page) -> None:
    page.get_by_role("button", name=re.compile("^Log out")).click()
    page.get_by_role("heading", name="You are logged out").wait_for()


def flash(page) -> str:
    return page.locator(".messages").inner_text()


def test_editor_and_reviewer_take_a_claim_from_draft_to_published(
    page, live_server, editor, reviewer
):
    base = live_server.url
    shot = page.screens
    SpeakerFactory(name="Patrick J. Lechleitner")
    docket = ClaimFactory(summary="The docket holds nearly 7 million people", created_by=editor)

    # The editor logs in and lands on the dashboard.
    log_in(page, base, "ed")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    shot("editor-dashboard")

    # A source...
    page.get_by_role("link", name="New source").click()
    page.get_by_label("Kind").select_option(label="Letter")
    page.get_by_label("Title").fill("Letter from ICE to Rep. Tony Gonzales")
    page.get_by_label("Author").select_option(label="Patrick J. Lechleitner")
    page.locator("#id_date").fill("2024-09-25")
    shot("source-form")
    page.get_by_role("button", name="Create source").click()
    page.get_by_role("heading", name="Letter from ICE to Rep. Tony Gonzales").wait_for()
    shot("source-page")

    # ...and a claim with two figures.
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Claims").click()
    page.get_by_role("link", name="New claim").click()
    page.get_by_label("Speaker").select_option(label="Patrick J. Lechleitner")
    page.get_by_label("Source").select_option(label="Letter from ICE to Rep. Tony Gonzales")
    page.get_by_label("Said on").fill("2024-09-25")
    page.locator("#id_text").fill(
        "As of July 21, there were 662,566 noncitizens with criminal histories on ICE's "
        "non-detained docket. More than 435,000 of them are convicted criminals."
    )
    page.get_by_label("Summary").fill("662,566 with criminal histories, 435,000 convicted")
    page.locator("#id_figures-0-value").fill("662566")
    page.locator("#id_figures-0-counts").fill("noncitizens with criminal histories")
    page.locator("#id_figures-1-qualifier").select_option(label="more than")
    page.locator("#id_figures-1-value").fill("435000")
    page.locator("#id_figures-1-counts").fill("convicted criminals")
    shot("claim-form")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role(
        "heading", name="662,566 with criminal histories, 435,000 convicted"
    ).wait_for()
    figures = page.locator("ul.figures").inner_text()
    assert "662,566 noncitizens with criminal histories" in figures
    assert "more than 435,000 convicted criminals" in figures
    shot("claim-page")
    claim = Claim.objects.get(summary__startswith="662,566")

    # A note on this claim and on the docket claim, with a citation.
    page.get_by_role("link", name="Write a note on this claim").click()
    note = page.get_by_role("group", name="The note")
    note.get_by_label("Kind").select_option(label="Scale / denominator")
    note.get_by_label("Title").fill("Out of a docket of nearly 7 million people")
    note.get_by_label("Body").fill("So 662,566 is about **9.5 %** of the docket.")
    page.get_by_label("The docket holds nearly 7 million people (draft)").check()
    page.locator("#id_citations-0-title").fill("DHS spokesperson statement")
    page.locator("#id_citations-0-publisher").fill("U.S. Department of Homeland Security")
    shot("note-form")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Out of a docket of nearly 7 million people").wait_for()
    attached = page.get_by_role("region", name="Attached to").inner_text()
    assert claim.summary in attached and docket.summary in attached
    shot("note-page")

    # The editor submits the note and the claim.
    page.get_by_role("button", name="Submit for review").click()
    assert "to review" in flash(page)
    page.goto(f"{base}/desk/claims/{claim.slug}/")
    page.get_by_role("button", name="Submit for review").click()
    assert "to review" in flash(page)
    log_out(page)

    # The reviewer rejects the claim with a reason and approves the note.
    log_in(page, base, "rev")
    waiting = page.get_by_role("region", name="Waiting for my review")
    assert claim.summary in waiting.inner_text()
    shot("reviewer-dashboard")
    waiting.get_by_role("link", name=claim.summary).click()
    page.get_by_role("link", name="Reject…").click()
    page.get_by_label("Reason").fill(REASON)
    shot("reject-form")
    page.get_by_role("button", name="Reject").click()
    assert "back to its author" in flash(page)
    page.get_by_role("link", name="Out of a docket of nearly 7 million people").click()
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published" in flash(page)
    log_out(page)

    # The editor sees why, fixes the claim and resubmits.
    log_in(page, base, "ed")
    assert f"Sent back: {REASON}" in page.get_by_role("region", name="My drafts").inner_text()
    page.get_by_role("region", name="My drafts").get_by_role("link", name=claim.summary).click()
    assert REASON in page.locator(".banner.rejection").inner_text()
    page.get_by_role("link", name="Edit").click()
    page.locator("#id_figures-1-part_of").select_option(index=1)
    shot("claim-edit-form")
    page.get_by_role("button", name="Save").click()
    assert (
        "65.65% — more than 435,000 of 662,566 noncitizens with criminal histories"
        in page.locator("ul.figures").inner_text()
    )
    page.get_by_role("button", name="Submit for review").click()
    log_out(page)

    # The reviewer approves; it is published.
    log_in(page, base, "rev")
    page.goto(f"{base}/desk/claims/{claim.slug}/")
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published" in flash(page)
    shot("claim-published")
    log_out(page)
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (Status.PUBLISHED, reviewer)
    assert ContextNote.objects.get().status == Status.PUBLISHED

    # A visitor sees the published claim with its note, and no draft.
    response = page.goto(f"{base}/claims/{claim.slug}/")
    assert response.status == 200
    # The heading says who claimed what, in the speaker's words.
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Lechleitner: As of July 21, there were 662,566 noncitizens")
    assert "Out of a docket of nearly 7 million people" in page.content()
    shot("public-page")
    assert page.goto(f"{base}/claims/{docket.slug}/").status == 404
    assert page.goto(f"{base}/desk/claims/{docket.slug}/").url.startswith(f"{base}/accounts/login/")


def test_claim_list_filters_as_you_type(page, live_server, editor):
    ClaimFactory(summary="Docket of nearly 7 million")
    ClaimFactory(summary="Murder convictions")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server.url, "ed")
    page.goto(f"{live_server.url}/desk/claims/")
    results = page.locator("#results")
    assert "Murder convictions" in results.inner_text()
    page.get_by_label("Search").fill("docket")
    page.wait_for_url(re.compile(r"q=docket"))  # htmx pushed the filtered address
    page.wait_for_function(
        "() => !document.querySelector('#results').innerText.includes('Murder convictions')"
    )
    assert "Docket of nearly 7 million" in results.inner_text()
    page.screens("claim-list-filtered")
    assert errors == []
