"""The annotator in a real Chromium: a claim from words selected with the mouse, or typed."""

from __future__ import annotations

import pytest

from claims.models import Claim, SourceRevision
from tests.browser.test_journeys import log_in
from tests.factories import SourceFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An emoji before the words: one code point for the server, two UTF-16 units for the browser.
TEXT = (
    "Thanks 😀 for asking, and 👍🏽 again.\n\n"
    "The docket now holds nearly 7 million people. "
    "Detention capacity stayed at 41,500 beds."
)
DOCKET = "The docket now holds nearly 7 million people"
BEDS = "Detention capacity stayed at 41,500 beds"

# Where the words are on screen: the first and last rectangles of a DOM range over them.
WORDS_RECT = """(words) => {
  const root = document.querySelector("[data-annotatable]");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return {x1: first.left + 1, y1: first.top + first.height / 2,
            x2: last.right - 1, y2: last.top + last.height / 2};
  }
  return null;
}"""


@pytest.fixture
def source():
    author = SpeakerFactory(name="Jo Director")
    source = SourceFactory(slug="letter", title="Letter to the editor", author=author)
    source.revise(text=TEXT, by=None, origin=SourceRevision.Origin.PASTED)
    return source


def test_select_words_with_the_mouse_and_make_an_anchored_claim(page, live_server, editor, source):
    base = live_server.url
    log_in(page, base, "ed")
    page.goto(f"{base}/desk/sources/letter/")
    page.screens("source-page")
    box = page.evaluate(WORDS_RECT, DOCKET)
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
    assert page.locator("#id_anchor-exact").input_value() == DOCKET
    page.screens("selected")
    page.get_by_role("button", name="New claim from selection").click()

    page.get_by_role("heading", name="New claim").wait_for()
    assert page.locator("#id_text").input_value() == DOCKET
    assert page.get_by_label("Speaker").locator("option:checked").inner_text() == "Jo Director"
    page.get_by_label("Summary").fill("Nearly 7 million on the docket")
    page.screens("claim-form")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Nearly 7 million on the docket").wait_for()

    claim = Claim.objects.get(summary="Nearly 7 million on the docket")
    assert claim.anchor.exact == DOCKET
    assert claim.anchor.start == TEXT.index(DOCKET)  # code points, past the emoji
    page.goto(f"{base}/desk/sources/letter/")
    mark = page.locator("mark#mark-1")
    assert mark.inner_text() == DOCKET
    marker = page.get_by_role("link", name="Claim 1: Nearly 7 million on the docket")
    assert marker.inner_text() == "1"
    page.screens("highlighted")


def test_keyboard_form_makes_an_anchored_claim_without_a_mouse(page, live_server, editor, source):
    base = live_server.url
    log_in(page, base, "ed")
    page.goto(f"{base}/desk/sources/letter/")
    page.get_by_label("Exact words").fill(BEDS)
    page.get_by_label("Exact words").press("Tab")
    page.get_by_role("button", name="New claim from these words").press("Enter")
    page.get_by_role("heading", name="New claim").wait_for()
    page.get_by_label("Summary").fill("41,500 beds")
    page.get_by_label("Summary").press("Enter")
    page.get_by_role("heading", name="41,500 beds").wait_for()
    claim = Claim.objects.get(summary="41,500 beds")
    assert claim.anchor.start == TEXT.index(BEDS)
    page.goto(f"{base}/desk/sources/letter/")
    assert page.locator("mark#mark-1").inner_text() == BEDS
