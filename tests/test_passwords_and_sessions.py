"""Passwords are hashed with Argon2 and at least 12 characters; sessions rotate and expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from config import settings as project_settings
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_password_hashing(settings) -> None:
    """Undo conftest's fast MD5 hashing: these tests are about the real hashers."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def log_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_new_passwords_are_hashed_with_argon2(real_password_hashing, editor):
    editor.set_password("a brand new passphrase")
    editor.save()
    editor.refresh_from_db()
    assert editor.password.startswith("argon2$argon2id$")
    assert editor.check_password("a brand new passphrase")


def test_old_pbkdf2_password_still_logs_in_and_is_upgraded(real_password_hashing, client):
    old_hash = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = User.objects.create(username="veteran", password=old_hash)
    assert log_in(client, "veteran").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Tr0ub4dor&3", "This password is too short. It must contain at least 12 characters."),
        ("password1234", "This password is too common."),
        ("123456789012345", "This password is entirely numeric."),
    ],
)
def test_weak_passwords_are_refused_when_changing_password(client, editor, new_password, message):
    client.force_login(editor)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_twelve_character_password_is_accepted(client, editor):
    client.force_login(editor)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "plum-kettle9",
            "new_password2": "plum-kettle9",
        },
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("plum-kettle9")


def test_login_starts_a_new_session_key(client, editor):
    # A session that existed before login (e.g. planted by an attacker) must not survive it.
    session = client.session
    session["seen_the_list"] = True
    session.save()
    before = session.session_key
    assert log_in(client, "ed").status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.filter(session_key=after).exists()


def test_logout_ends_the_session(client, editor):
    log_in(client, "ed")
    key = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 302


def test_session_lasts_the_configured_inactivity(client, editor):
    assert project_settings.SESSION_COOKIE_AGE == 8 * 60 * 60  # the default, no variable set
    log_in(client, "ed")
    assert client.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date > timezone.now() + timedelta(hours=7)
    assert session.expire_date <= timezone.now() + timedelta(hours=8)


def test_each_request_pushes_the_expiry_back(client, editor):
    log_in(client, "ed")
    key = client.cookies["sessionid"].value
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get("/claims/")
    assert Session.objects.get(session_key=key).expire_date > soon + timedelta(hours=7)


def test_an_expired_session_is_logged_out(client, editor):
    log_in(client, "ed")
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
