"""Repeated failed logins lock account and address out until cool-off or an admin unlocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import RequestFactory

from config.security import client_ip_address
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
LIMIT = 3


@pytest.fixture(autouse=True)
def low_failure_limit(settings) -> None:
    """A small limit keeps these tests short; production reads AXES_FAILURE_LIMIT (default 5)."""
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def attempt(client, username: str, password: str, address: str = "203.0.113.7", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username: str, times: int, address: str = "203.0.113.7", url=LOGIN):
    return [attempt(client, username, "wrong password", address, url) for _ in range(times)]


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_failures_below_the_limit_still_allow_the_right_password(client, editor):
    responses = fail(client, "ed", LIMIT - 1)
    assert all(r.status_code == 200 for r in responses)
    assert "Please enter a correct username and password" in responses[-1].content.decode()
    assert attempt(client, "ed", PASSWORD).status_code == 302
    assert logged_in(client)


def test_account_is_locked_after_the_configured_failures_from_any_address(client, editor):
    *_, last = fail(client, "ed", LIMIT)
    assert last.status_code == 429
    # The right password no longer helps, neither here nor from another address.
    assert attempt(client, "ed", PASSWORD).status_code == 429
    assert attempt(client, "ed", PASSWORD, address="198.51.100.20").status_code == 429
    assert not logged_in(client)


def test_address_is_locked_after_failures_across_accounts(client, editor, reviewer):
    for username in ("alice", "bob", "carol"):
        attempt(client, username, "guess")
    assert attempt(client, "ed", PASSWORD).status_code == 429
    assert not logged_in(client)
    # Someone else, elsewhere, is not affected.
    assert attempt(client, "rev", PASSWORD, address="198.51.100.20").status_code == 302


def test_lockout_page_explains_what_happened_and_what_to_do(client, editor):
    *_, response = fail(client, "ed", LIMIT)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "<h1>Too many failed logins</h1>" in page
    assert 'href="#main">Skip to content' in page  # the site's own page, not a bare 403 text
    assert f"There have been {LIMIT} failed attempts to log in as <strong>ed</strong>" in page
    assert "try again in 30 minutes" in page
    assert 'href="/accounts/password_reset/"' in page


def test_admin_login_is_protected_too(client, admin_user):
    *_, last = fail(client, "boss", LIMIT, url="/admin/login/")
    assert last.status_code == 429
    assert attempt(client, "boss", PASSWORD, url="/admin/login/").status_code == 429


def test_lockout_lifts_after_the_cool_off(client, editor):
    fail(client, "ed", LIMIT)
    assert attempt(client, "ed", PASSWORD).status_code == 429
    # Move the failures back past the cool-off instead of waiting for it.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    assert attempt(client, "ed", PASSWORD).status_code == 302
    assert logged_in(client)


def test_axes_reset_command_unlocks(client, editor, capsys):
    fail(client, "ed", LIMIT)
    call_command("axes_reset_username", "ed")
    assert "attempts removed" in capsys.readouterr().out
    assert attempt(client, "ed", PASSWORD).status_code == 302


def test_an_admin_unlocks_from_the_admin(client, editor, admin_user):
    fail(client, "ed", LIMIT)
    locked = AccessAttempt.objects.get(username="ed")
    admin = type(client)()
    admin.force_login(admin_user)
    changelist = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "203.0.113.7" in changelist
    response = admin.post(f"/admin/axes/accessattempt/{locked.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "ed", PASSWORD).status_code == 302


def test_editors_cannot_see_or_clear_the_attempts(client, editor, reviewer):
    fail(client, "ed", LIMIT)
    client.force_login(reviewer)
    assert client.get("/admin/axes/accessattempt/").status_code in (302, 403)
    assert AccessAttempt.objects.filter(username="ed").exists()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy configured: the header is ignored
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # a forged entry left of the proxy's is ignored
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.2"),  # fewer entries than proxies: not through them
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip_address(request) == expected
