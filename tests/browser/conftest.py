"""A real Chromium for the browser journeys, with screenshots of each screen when one fails."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.desk import ensure_newsroom_roles

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it (setup, checks) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def newsroom_roles(transactional_db) -> None:
    """The groups and rating scale, back after the previous transactional test's flush."""
    ensure_newsroom_roles()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the session (Debian's package; nothing is downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Screens:
    """Screenshots of each main screen, kept in memory and written only if the test fails."""

    def __init__(self, page) -> None:
        self.page = page
        self.shots: list[tuple[str, bytes]] = []

    def __call__(self, name: str) -> None:
        self.shots.append((name, self.page.screenshot(full_page=True)))

    def save(self, test_name: str) -> Path:
        folder = RESULTS / re.sub(r"[^\w.-]+", "_", test_name)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number, (name, png) in enumerate(self.shots, 1):
            (folder / f"{number:02d}-{name}.png").write_bytes(png)
        # The page may be gone; the earlier screens are what matter then.
        with contextlib.suppress(Exception):
            self.page.screenshot(path=str(folder / "99-at-failure.png"), full_page=True)
        return folder


@pytest.fixture
def page(chromium, request):
    """A fresh browser context per test: no cookies shared between journeys."""
    context = chromium.new_context(viewport={"width": 1000, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.screens = Screens(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = page.screens.save(request.node.name)
        print(f"screenshots of each screen: {folder}")
    context.close()
