"""Accounts: log in to the dashboard, log out, change and reset a password by e-mail."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a much longer new passphrase 42"


def test_login_form_lands_on_the_dashboard_and_logout_ends_the_session(client, editor):
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">Username</label>' in page
    assert 'href="/accounts/password_reset/"' in page
    response = client.post(
        "/accounts/login/", {"username": "ed", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/desk/", 302)]
    assert "<h1>Dashboard</h1>" in response.content.decode()
    response = client.post("/accounts/logout/")
    assert "You are logged out" in response.content.decode()
    assert client.get("/desk/")["Location"] == "/accounts/login/?next=/desk/"


def test_a_wrong_password_says_so(client, editor):
    response = client.post("/accounts/login/", {"username": "ed", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_an_outsider_can_log_in_but_not_use_the_desk(client, outsider):
    client.post("/accounts/login/", {"username": "visitor", "password": PASSWORD})
    response = client.get("/desk/")
    assert response.status_code == 403
    assert "The desk is for the newsroom" in response.content.decode()


def test_password_change(client, editor):
    client.force_login(editor)
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)


def test_password_reset_by_email(client, editor):
    response = client.post("/accounts/password_reset/", {"email": "ed@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ed@example.org"]
    assert message.subject == "Your password for the fact-checking desk"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Password set" in response.content.decode()
    assert get_user_model().objects.get(pk=editor.pk).check_password(NEW_PASSWORD)
    assert "This link no longer works" in client.get(link, follow=True).content.decode()


def test_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(
        "/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []
