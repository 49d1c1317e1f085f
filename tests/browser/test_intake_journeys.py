"""The intake in Chromium: paste a transcript, make a claim of the top sentence, record a repeat."""

from __future__ import annotations

import pytest

from claims.models import Anchor, Claim
from claims.workflow import Status
from intake.matching import index
from tests.browser.test_journeys import flash, log_in, log_out
from tests.factories import NoteFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKED = "The city's fire brigade answered 48,213 emergency calls about chimney fires."
TRANSCRIPT = (
    "Good evening, and thank you all for coming.\n\n"
    "Unemployment fell to 4.1% last year, and 12,000 of the 300,000 new jobs went to "
    "young people.\n\nI love this town. "
    "The fire brigade answered 48,213 emergency calls about chimney fires."
)


@pytest.fixture(autouse=True)
def fresh_index():
    index.reset()
    yield
    index.reset()


def paste_transcript(page, base: str, source) -> None:
    page.goto(f"{base}/desk/sources/{source.slug}/")
    page.get_by_role("link", name="Intake: the text's sentences ranked").click()
    page.get_by_label("Paste the text").fill(TRANSCRIPT)
    page.get_by_role("button", name="Read the text").click()
    assert "Read 4 sentences" in flash(page)


def test_paste_a_transcript_and_make_an_anchored_claim_of_the_top_sentence(
    page, live_server, editor
):
    base, shot = live_server.url, page.screens
    source = SourceFactory(
        title="Mayor's speech", full_text="", author=SpeakerFactory(name="Mayor")
    )
    log_in(page, base, "ed")
    paste_transcript(page, base, source)
    top = page.locator("li.intake-sentence").first
    assert "young people" in top.locator("blockquote").inner_text()
    assert top.locator("mark.figure").all_inner_texts() == ["4.1%", "12,000", "300,000"]
    shot("intake")

    top.get_by_role("link", name="Make a claim of this sentence").click()
    page.get_by_label("Summary").fill("12,000 of 300,000 new jobs went to the young")
    page.locator("#id_figures-0-counts").fill("unemployment rate")
    page.locator("#id_figures-1-counts").fill("new jobs that went to young people")
    page.locator("#id_figures-1-part_of").select_option(label="Figure 3: 300,000")
    page.locator("#id_figures-2-counts").fill("new jobs last year")
    shot("confirm-figures")
    page.get_by_role("button", name="Create the draft claim").click()
    assert "Made the draft claim" in flash(page)

    made = page.locator("li.intake-sentence.made")
    assert "Made claim 12,000 of 300,000 new jobs went to the young" in made.inner_text()
    shot("intake-after")
    claim = Claim.objects.get()
    assert [f.counts for f in claim.figures.order_by("position")] == [
        "unemployment rate",
        "new jobs that went to young people",
        "new jobs last year",
    ]
    assert claim.figures.get(position=1).part_of == claim.figures.get(position=2)
    anchor = Anchor.objects.get(claim=claim)
    assert TRANSCRIPT[anchor.start : anchor.end] == claim.text
    assert anchor.state == Anchor.State.ANCHORED


def test_a_repeat_is_recorded_from_its_badge_and_shows_the_reused_note_once_published(
    page, live_server, editor, reviewer
):
    base, shot = live_server.url, page.screens
    checked = PublishedClaimFactory(text=CHECKED, summary="48,213 chimney-fire calls")
    note = NoteFactory(status=Status.PUBLISHED, title="Chimney fires in context")
    note.claims.add(checked)
    source = SourceFactory(
        title="Mayor's speech", full_text="", author=SpeakerFactory(name="Mayor")
    )

    log_in(page, base, "ed")
    paste_transcript(page, base, source)
    sentence = page.locator("li.intake-sentence", has_text="chimney fires")
    badge = sentence.locator(".already-checked")
    assert "48,213 chimney-fire calls" in badge.inner_text()
    assert "Said 48213 vs checked 48213: same" in badge.inner_text()
    shot("badge")
    badge.get_by_role("link", name="Record as a repeat").click()
    page.get_by_role("button", name="Record the repeat").click()
    assert "as a repeat" in flash(page)
    assert "Recorded as a repeat" in sentence.inner_text()
    repeat = Claim.objects.exclude(pk=checked.pk).get()
    page.goto(f"{base}/desk/claims/{repeat.slug}/")
    page.get_by_role("button", name="Submit for review").click()
    log_out(page)

    log_in(page, base, "rev")
    page.goto(f"{base}/desk/claims/{repeat.slug}/")
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published" in flash(page)
    page.goto(f"{base}/claims/{repeat.slug}/")
    shot("public-page")
    assert "Chimney fires in context" in page.content()
