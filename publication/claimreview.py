"""schema.org ClaimReview JSON-LD, built from a claim's published JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from claims.workflow import PUBLIC_STATUSES

SCHEMA_TYPES = {"person": "Person", "organization": "Organization"}


def _date(value: str | None) -> str | None:
    return value[:10] if value else None


def _said_on(document: dict[str, Any]) -> str | None:
    """schema.org dates may be partial: give only what the precision says is known."""
    value, precision = document["said_on"], document["said_on_precision"]
    if not value:
        return None
    return {"day": value, "month": value[:7], "year": value[:4]}.get(precision)


def _author(speaker: dict[str, Any]) -> dict[str, Any]:
    author: dict[str, Any] = {"@type": SCHEMA_TYPES[speaker["kind"]], "name": speaker["name"]}
    if speaker["role"]:
        # jobTitle belongs to Person; for an organisation the role says who spoke for it.
        author["jobTitle" if speaker["kind"] == "person" else "description"] = speaker["role"]
    if speaker["affiliation"] and speaker["kind"] == "person":
        author["affiliation"] = {"@type": "Organization", "name": speaker["affiliation"]}
    if speaker["same_as"]:
        author["sameAs"] = speaker["same_as"]
    return author


def _appearance(source: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source["title"]}
    if source["url"]:
        work["url"] = source["url"]
    date = source["date"]
    if date and source["date_precision"] != "unknown":
        work["datePublished"] = {
            "day": date,
            "month": date[:7],
            "year": date[:4],
        }[source["date_precision"]]
    if source["publisher"]:
        work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    if source["author"]:
        work["author"] = _author(source["author"])
    return work


def claim_review(document: dict[str, Any]) -> dict[str, Any] | None:
    """The ClaimReview of a published claim with a verdict; None for any other claim."""
    verdict = document["verdict"]
    if verdict is None or document["status"] not in PUBLIC_STATUSES:
        return None
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict["rating"]["label"],
        "ratingExplanation": verdict["explanation"],
    }
    if isinstance(verdict["rating"]["value"], int):
        rating |= {
            "ratingValue": verdict["rating"]["value"],
            "bestRating": verdict["scale"]["best"],
            "worstRating": verdict["scale"]["worst"],
        }
    # The role when this was said, not the speaker's role today.
    speaker = {
        **document["speaker"],
        "role": document.get("speaker_role") or document["speaker"]["role"],
    }
    item: dict[str, Any] = {"@type": "Claim", "author": _author(speaker)}
    said_on = _said_on(document)
    if said_on:
        item["datePublished"] = said_on
    item["appearance"] = _appearance(document["source"])
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": document["url"],
        "claimReviewed": document["summary"][:75],
        "author": {
            "@type": "Organization",
            "name": settings.PUBLISHER_NAME,
            "url": settings.PUBLISHER_URL,
        },
        "datePublished": _date(document["published_at"] or document["created_at"]),
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if document["corrected_at"]:
        review["dateModified"] = _date(document["corrected_at"])
    return review


def claim_reviews(documents: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The ClaimReview of each document that has one."""
    for document in documents:
        review = claim_review(document)
        if review is not None:
            yield review


def json_ld(review: dict[str, Any]) -> SafeString:
    """JSON-LD safe to embed in a <script type="application/ld+json"> element."""
    text = json.dumps(review, ensure_ascii=False)
    # "</script>" or "<!--" inside a quoted claim must not end the element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # escaped just above
