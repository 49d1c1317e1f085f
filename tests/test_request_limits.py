"""An oversized request body answers 413 with a short explanation, not a bare 400."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY

from claims.models import Claim
from claims.workflow import Status
from tests.conftest import PASSWORD
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(autouse=True)
def small_limits(settings) -> None:
    """Small limits so the tests send kilobytes, not megabytes."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20


def assert_too_large(response, what: str) -> None:
    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == f"Request too large. This server accepts at most {what}.\n"
    assert "Content-Security-Policy" in response


def test_login_form_of_normal_size_still_logs_in(client, editor):
    body = urlencode({"username": "ed", "password": PASSWORD})
    assert client.post("/accounts/login/", body, content_type=FORM).status_code == 302


def test_oversized_login_form_answers_413(client, editor):
    body = urlencode({"username": "ed", "password": "x" * 5000})
    assert_too_large(
        client.post("/accounts/login/", body, content_type=FORM), "4.0 KB of form data or content"
    )
    assert SESSION_KEY not in client.session


def test_oversized_multipart_login_form_answers_413(client, editor):
    response = client.post("/accounts/login/", {"username": "ed", "password": "x" * 5000})
    assert_too_large(response, "4.0 KB of form data or content")


def test_login_form_with_too_many_fields_answers_413(client, editor):
    fields = {f"field{i}": "x" for i in range(30)} | {"username": "ed", "password": PASSWORD}
    response = client.post("/accounts/login/", urlencode(fields), content_type=FORM)
    assert_too_large(response, "20 form fields")
    assert SESSION_KEY not in client.session


def test_oversized_admin_form_answers_413_and_changes_nothing(client, admin_user):
    claim = ClaimFactory(status=Status.DRAFT, summary="Before")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/claims/claim/{claim.pk}/change/", {"summary": "After", "text": "y" * 5000}
    )
    assert_too_large(response, "4.0 KB of form data or content")
    assert Claim.objects.get(pk=claim.pk).summary == "Before"


def test_admin_action_with_too_many_fields_answers_413(client, admin_user):
    client.force_login(admin_user)
    fields = [("action", "delete_selected")] + [("_selected_action", str(i)) for i in range(30)]
    response = client.post("/admin/claims/claim/", urlencode(fields), content_type=FORM)
    assert_too_large(response, "20 form fields")


def test_oversized_json_body_answers_413(client):
    body = json.dumps({"text": "z" * 5000})
    response = client.post("/claims/", body, content_type="application/json")
    assert_too_large(response, "4.0 KB of form data or content")
