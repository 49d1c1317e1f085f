"""The public pages as readers see them, on a phone and a desktop, checked with axe-core.

Screenshots of each page are written to test-results/reader/ on every run: they
are what an editor looks at to judge the pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import RESULTS
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
SHOTS = RESULTS / "reader"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def browse(chromium):
    """Open pages at a viewport size; axe-core is injected by the test, never served."""
    contexts = []

    def open_page(viewport: dict[str, int]):
        # bypass_csp lets the test inject axe-core; readers' pages keep their strict policy.
        context = chromium.new_context(viewport=viewport, bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shoot(page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_verdict_badge_is_in_the_first_viewport_of_a_phone(browse, live_server, demo):
    page = browse(PHONE)
    for slug in ("ndd-criminal-histories", "murder-13099", "assault-released"):
        page.goto(f"{live_server.url}/claims/{slug}/")
        badge = page.locator(".claim-card .verdict-badge").bounding_box()
        assert badge is not None
        assert badge["y"] >= 0 and badge["y"] + badge["height"] <= PHONE["height"], slug
        count = page.locator(".claim-card .note-count").bounding_box()
        assert count["y"] + count["height"] <= PHONE["height"], slug
    page.goto(f"{live_server.url}/claims/murder-13099/")
    shoot(page, "claim-390-first-screen", full_page=False)
    shoot(page, "claim-390")


def test_public_pages_look_right_and_pass_axe(browse, live_server, demo):
    base = live_server.url
    page = browse(DESKTOP)
    pages = {
        "claim-1280": "/claims/murder-13099/",
        "claim-share-1280": "/claims/ndd-criminal-histories/",
        "list-1280": "/claims/",
        "list-filtered-1280": "/claims/?verdict=Missing+context",
        "list-empty-1280": "/claims/?q=nothing+matches+this",
        "speaker-1280": "/speakers/lechleitner/",
    }
    found = {}
    for name, path in pages.items():
        page.goto(base + path)
        shoot(page, name)
        found[path] = serious_violations(page)
    phone = browse(PHONE)
    for name, path in {"list-390": "/claims/", "speaker-390": "/speakers/trump/"}.items():
        phone.goto(base + path)
        shoot(phone, name)
        found[path + " (phone)"] = serious_violations(phone)
    embed = browse({"width": 550, "height": 360})
    embed.goto(f"{base}/claims/murder-13099/embed/")
    shoot(embed, "embed-card", full_page=False)
    found["embed"] = serious_violations(embed)
    assert {path: v for path, v in found.items() if v} == {}


def test_share_image_is_saved_for_review(browse, live_server, demo):
    page = browse(DESKTOP)
    response = page.goto(f"{live_server.url}/claims/murder-13099/card.png")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "share-image.png").write_bytes(response.body())


def test_desk_main_screens_pass_axe(browse, live_server, demo, editor):
    base = live_server.url
    page = browse(DESKTOP)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/desk/")
    found = {}
    screens = {
        "desk-dashboard": "/desk/",
        "desk-claims": "/desk/claims/",
        "desk-claim": "/desk/claims/murder-13099/",
        "desk-claim-history": "/desk/claims/murder-13099/history/",
        "desk-notes": "/desk/notes/",
        "desk-note": "/desk/notes/denominator/",
    }
    for name, path in screens.items():
        page.goto(base + path)
        shoot(page, name)
        found[path] = serious_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


def test_admin_claim_page_fits_1280_pixels(browse, live_server, demo, admin_user):
    from claims.models import Claim

    base = live_server.url
    page = browse(DESKTOP)
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/admin/")
    claim = Claim.objects.get(slug="ndd-criminal-histories")
    page.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
    shoot(page, "admin-claim-1280")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert page.get_by_role("heading", name="Relations to other claims").is_visible()
