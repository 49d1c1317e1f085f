"""ClaimReview JSON-LD: one per published claim with a verdict, on its page and in bulk."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.management import call_command

from annotations import demo, services
from claims.models import Claim, Speaker
from claims.workflow import Status
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

WITH_VERDICT = sorted(demo.VERDICTS)


@pytest.fixture
def reviews(api, settings) -> dict[str, dict]:
    settings.PUBLISHER_NAME = "The Desk"
    settings.PUBLISHER_URL = "https://desk.example/"
    settings.PUBLIC_BASE_URL = "https://desk.example/"
    call_command("load_demo", stdout=io.StringIO())
    Speaker.objects.filter(slug="trump").update(same_as_url="https://www.wikidata.org/wiki/Q22686")
    response = api.get("/api/v1/claimreview.json")
    listed = json.loads(b"".join(response.streaming_content))
    return {review["url"].rsplit("/", 2)[-2]: review for review in listed}


def test_every_demo_claim_with_a_verdict_has_one_claim_review(reviews):
    assert sorted(reviews) == WITH_VERDICT


@pytest.mark.parametrize("slug", WITH_VERDICT)
def test_demo_claim_review_has_every_field(reviews, slug):
    claim = Claim.objects.select_related("speaker", "source").get(slug=slug)
    review = reviews[slug]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.summary and len(review["claimReviewed"]) <= 75
    assert review["url"] == f"https://desk.example/claims/{slug}/"
    assert review["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example/",
    }
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert "dateModified" not in review  # never corrected
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "Missing context"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (3, 5, 1)
    assert rating["ratingExplanation"].startswith("Illustrative verdict for the demo")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    author = item["author"]
    assert author["@type"] == "Person"  # all four demo speakers with verdicts are people
    assert author["name"] == claim.speaker.name
    assert author["jobTitle"] == claim.speaker.role
    if slug in ("murder-13099", "violent-crime"):
        assert author["sameAs"] == "https://www.wikidata.org/wiki/Q22686"
    else:
        assert "sameAs" not in author  # not known, so not invented
    precision = claim.said_on_precision
    expected = {"day": claim.said_on.isoformat(), "month": claim.said_on.isoformat()[:7]}
    assert item["datePublished"] == expected[precision]
    appearance = item["appearance"]
    assert appearance["@type"] == "CreativeWork"
    assert appearance["name"] == claim.source.title
    assert appearance["author"]["name"] == claim.speaker.name


def test_a_correction_sets_date_modified(api, reviewer):
    claim = ClaimFactory(status=Status.PUBLISHED, slug="c")
    VerdictFactory(claim=claim)
    services.correct(obj=claim, by=reviewer, text="Fixed.")
    listed = json.loads(b"".join(api.get("/api/v1/claimreview.json").streaming_content))
    claim.refresh_from_db()
    assert listed[0]["dateModified"] == claim.corrected_at.date().isoformat()


def test_organisation_speakers_and_claims_without_verdicts(api):
    org = ClaimFactory(status=Status.PUBLISHED, speaker__kind="organization", slug="org")
    VerdictFactory(claim=org)
    ClaimFactory(status=Status.PUBLISHED, slug="no-verdict")
    VerdictFactory(claim=ClaimFactory(status=Status.DRAFT, slug="draft"))
    listed = json.loads(b"".join(api.get("/api/v1/claimreview.json").streaming_content))
    assert [r["url"].rsplit("/", 2)[-2] for r in listed] == ["org"]
    assert listed[0]["itemReviewed"]["author"]["@type"] == "Organization"


def page_reviews(client, slug: str) -> list[dict]:
    page = client.get(f"/claims/{slug}/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def test_claim_pages_embed_their_claim_review(client, reviews):
    for slug in WITH_VERDICT:
        assert page_reviews(client, slug) == [reviews[slug]]
    assert page_reviews(client, "docket-size") == []


def test_embedded_json_ld_cannot_close_its_script_element(client):
    claim = ClaimFactory(status=Status.PUBLISHED, summary="</script><script>alert(1)</script>")
    VerdictFactory(claim=claim)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert page_reviews(client, claim.slug)[0]["claimReviewed"] == claim.summary
