"""Every page type carries a Content-Security-Policy without inline scripts, and obeys it."""

from __future__ import annotations

import re

import pytest

from claims.workflow import Status
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# A <script> element without src= (inline code), or an inline event handler attribute.
# JSON-LD blocks are data the browser never runs, so the policy does not apply to them.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>|\son[a-z]+\s*=",
    re.IGNORECASE,
)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in directives}


def assert_protected(response) -> None:
    assert policy(response) == EXPECTED
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    if response["Content-Type"].startswith("text/html"):
        assert not INLINE_SCRIPT.findall(response.content.decode()), "inline script the CSP blocks"


@pytest.fixture
def claim():
    return ClaimFactory(status=Status.PUBLISHED)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/claims/", 200),
        ("/claims/?q=docket", 200),
        ("/accounts/login/", 200),
        ("/accounts/password_reset/", 200),
        ("/accounts/password_reset/done/", 200),
        ("/claims/no-such-claim/", 404),
        ("/no-such-page/", 404),
    ],
)
def test_public_pages(client, claim, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_protected(response)


def test_claim_page(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert_protected(response)


def test_claim_page_with_claimreview_json_ld(client, claim):
    VerdictFactory(claim=claim)
    response = client.get(claim.get_absolute_url())
    assert b'type="application/ld+json"' in response.content
    assert_protected(response)


@pytest.mark.parametrize(
    "url",
    [
        "/api/schema/",
        "/api/v1/claims/",
        "/api/v1/export.json",
        "/api/v1/export.csv",
        "/api/v1/claimreview.json",
    ],
)
def test_api_pages(client, claim, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_protected(response)


def test_api_docs_keep_scripts_strict(client):
    """Swagger UI needs inline styles and data: icons; its scripts stay 'self' only."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert not INLINE_SCRIPT.findall(response.content.decode())


def test_admin_pages(client, admin_user, claim):
    client.force_login(admin_user)
    for url in [
        "/admin/",
        "/admin/claims/claim/",
        "/admin/claims/claim/?q=x",
        "/admin/claims/claim/add/",
        f"/admin/claims/claim/{claim.pk}/change/",
        f"/admin/claims/claim/{claim.pk}/history/",
        "/admin/auth/user/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/axes/accessattempt/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_protected(response)


def test_admin_login_and_logged_out_pages(client, editor):
    assert_protected(client.get("/admin/login/"))
    client.force_login(editor)
    response = client.post("/accounts/logout/")
    assert response.status_code == 200
    assert_protected(response)


def test_form_error_page(client):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert_protected(response)
