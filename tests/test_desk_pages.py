"""Desk pages are ready for a strict Content-Security-Policy and for people using assistive tech."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from claims.models import Claim

pytestmark = pytest.mark.django_db

INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


class Fields(HTMLParser):
    """Form fields of a page and whether each has a label (by `for`, or wrapped in one)."""

    def __init__(self) -> None:
        super().__init__()
        self.label_depth = 0
        self.label_for: set[str] = set()
        self.unwrapped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            self.label_for.add(attr.get("for", ""))
        elif (
            tag in {"input", "select", "textarea"}
            and attr.get("type") != "hidden"
            and not self.label_depth
        ):
            self.unwrapped.append(attr.get("id", attr.get("name", "?")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [field for field in self.unwrapped if field not in self.label_for]


def desk_urls() -> list[str]:
    claim = Claim.objects.get(slug="ndd-criminal-histories")
    return [
        "/desk/",
        "/desk/claims/",
        "/desk/claims/new/",
        f"/desk/claims/{claim.slug}/",
        f"/desk/claims/{claim.slug}/history/",
        f"/desk/claims/{claim.slug}/correct/",
        f"/desk/claims/{claim.slug}/retract/",
        f"/desk/claims/{claim.slug}/verdict/",
        "/desk/notes/",
        "/desk/notes/new/",
        "/desk/notes/forty-years/",
        "/desk/notes/forty-years/correct/",
        "/desk/sources/",
        "/desk/sources/letter/",
        "/desk/sources/letter/edit/",
        "/desk/speakers/",
        "/desk/speakers/new/",
        "/accounts/password_change/",
    ]


def test_desk_pages_have_no_inline_scripts_and_label_every_field(client, reviewer):
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
    client.force_login(reviewer)
    for url in desk_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), url
        assert not INLINE_HANDLER.search(page), url
        assert "hx-on" not in page, url
        assert '<main id="main">' in page and "<h1>" in page, url
        fields = Fields()
        fields.feed(page)
        assert fields.unlabelled() == [], url
        if url.startswith("/desk/"):
            assert '<script src="/static/vendor/htmx/htmx.min.js" defer>' in page, url
