"""Desk forms that help: counted summary, error summary naming the fields, kept input."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from claims.models import Claim
from tests.test_desk_claims import new_claim_payload

pytestmark = pytest.mark.django_db


def test_the_summary_is_counted_not_silently_cut(client, editor):
    client.force_login(editor)
    page = client.get("/desk/claims/new/").content.decode()
    summary = re.search(r'<input[^>]*name="summary"[^>]*>', page).group(0)
    assert 'data-count-max="75"' in summary and "maxlength" not in summary
    assert "js/desk-forms.js" in page and finders.find("js/desk-forms.js")


def test_an_error_summary_names_each_field_and_keeps_the_input(client, editor):
    client.force_login(editor)
    too_long = "x" * 90
    response = client.post("/desk/claims/new/", new_claim_payload(summary=too_long))
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page and 'tabindex="-1"' in page
    assert '<a href="#id_summary">Summary</a>: Ensure this value has at most 75 characters' in page
    assert f'value="{too_long}"' in page  # the bad value stays in the field
    assert not Claim.objects.exists()
