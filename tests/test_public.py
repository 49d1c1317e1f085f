"""Public pages show published claims only; a draft's URL answers 404 to visitors."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims.workflow import Status
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_visitors_see_published_claims_and_not_drafts(client):
    published = ClaimFactory(status=Status.PUBLISHED, summary="Published words")
    draft = ClaimFactory(status=Status.DRAFT, summary="Draft words")
    listing = client.get("/claims/").content.decode()
    assert "Published words" in listing and "Draft words" not in listing
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_retracted_claim_stays_visible_marked_retracted(client):
    claim = ClaimFactory(status=Status.RETRACTED, retraction_reason="The letter was misread.")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Retracted: The letter was misread." in page


def test_demo_claim_page_shows_the_share_of_the_docket(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get("/claims/ndd-criminal-histories/").content.decode()
    assert "9.47 % of nearly 7,000,000" in page
    assert "These figures accumulate over four decades or more" in page
