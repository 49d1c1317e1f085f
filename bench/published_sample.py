"""A generated archive of published claims, in the published JSON, for load and failure tests.

`documents(count)` yields claims that validate against publication/schema/claim.v1.json
and that `manage.py import` accepts: shared speakers and sources, tags, figures (some a
share of another), a context note with a citation and a figure, relations, verdicts,
corrections and retractions. Everything is derived from the claim's number, so the same
count always gives the same file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BASE_URL = "http://127.0.0.1:8000/"
SPEAKERS = 25
SOURCES = 60
TAGS = ["immigration", "crime statistics", "budget", "health", "elections", "housing"]
RATINGS = [(1, "False"), (2, "Misleading"), (3, "Missing context"), (4, "Mostly accurate")]


def timestamp(day: dt.date, hour: int) -> str:
    """A UTC timestamp as the published JSON writes it."""
    return f"{day.isoformat()}T{hour:02d}:00:00Z"


def speaker(n: int) -> dict[str, Any]:
    """Generated speaker number `n`, the same dict wherever it appears."""
    return {
        "slug": f"generated-speaker-{n:03d}",
        "name": f"Generated Speaker {n}",
        "kind": "organization" if n % 5 == 0 else "person",
        "role": f"Official number {n}",
        "affiliation": ["Party A", "Party B", "Agency C"][n % 3],
        "same_as": "",
    }


def source(n: int) -> dict[str, Any]:
    """Generated source number `n`, written by one of the speakers."""
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n * 5)
    return {
        "slug": f"generated-source-{n:03d}",
        "kind": ["letter", "statement", "speech", "interview", "article"][n % 5],
        "title": f"Generated source document {n}",
        "publisher": f"Publisher {n % 7}",
        "url": f"https://example.org/sources/{n}",
        "date": day.isoformat(),
        "date_precision": "day",
        "full_text": f"The full text of source document {n}. " * 5,
        "author": speaker(n % SPEAKERS),
    }


def figure(slug: str, ordinal: int, value: int, whole: tuple[str, int] | None) -> dict[str, Any]:
    """A claim's figure, optionally a share of `whole` (its claim slug and value)."""
    doc: dict[str, Any] = {
        "key": f"{slug}#{ordinal}",
        "value": str(value),
        "qualifier": "more_than" if value % 3 == 0 else "exact",
        "counts": "people on the docket" if whole is None else "people with a record",
        "unit": "people",
        "as_of": "2024-07-21",
        "period": "",
        "label": f"{value:,} people",
        "part_of": None,
        "share": None,
    }
    if whole is not None:
        whole_slug, whole_value = whole
        doc["part_of"] = {
            "key": f"{whole_slug}#1",
            "value": str(whole_value),
            "qualifier": "exact",
            "counts": "people on the docket",
            "unit": "people",
            "label": f"{whole_value:,} people on the docket",
        }
        doc["share"] = round(value / whole_value, 6)
    return doc


def document(n: int) -> dict[str, Any]:
    """The published JSON of generated claim number `n`."""
    slug = f"generated-claim-{n:06d}"
    day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 300)
    published = timestamp(day + dt.timedelta(days=3), 9 + n % 8)
    status = "retracted" if n % 17 == 0 else "corrected" if n % 7 == 0 else "published"
    corrected = timestamp(day + dt.timedelta(days=10), 15) if status == "corrected" else None
    whole_value = 7_000_000 + n
    corrections = []
    if status == "corrected":
        corrections.append({"kind": "correction", "text": "A date was fixed.", "date": corrected})
    if status == "retracted":
        when = timestamp(day + dt.timedelta(days=12), 11)
        corrections.append({"kind": "retraction", "text": "Misattributed.", "date": when})
    note_slug = f"generated-note-{n:06d}"
    rating_value, rating_label = RATINGS[n % len(RATINGS)]
    return {
        "schema_version": 1,
        "slug": slug,
        "url": f"{BASE_URL}claims/{slug}/",
        "summary": f"Generated claim {n}: {whole_value:,} on the docket",
        "text": f"As of July 21 there were {whole_value:,} people on the docket, claim {n} said.",
        "text_kind": "verbatim" if n % 2 else "paraphrase",
        "said_on": day.isoformat(),
        "said_on_precision": "day",
        "status": status,
        "created_at": timestamp(day, 8),
        "submitted_at": timestamp(day + dt.timedelta(days=1), 10),
        "published_at": published,
        "corrected_at": corrected,
        "updated_at": corrected or published,
        "retraction_reason": "Misattributed." if status == "retracted" else "",
        "speaker": speaker(n % SPEAKERS),
        "source": source(n % SOURCES),
        "tags": [
            {"slug": TAGS[i].replace(" ", "-"), "name": TAGS[i]}
            for i in sorted({n % len(TAGS), (n // 2) % len(TAGS)})
        ],
        "figures": [
            figure(slug, 1, whole_value, None),
            figure(slug, 2, 600_000 + n, (slug, whole_value)),
        ],
        "notes": [
            {
                "slug": note_slug,
                "kind": "scale",
                "kind_label": "Scale / denominator",
                "title": f"What claim {n}'s number is a share of",
                "body": f"The docket holds **{whole_value:,}** people; see the cited study.",
                "status": "published",
                "created_at": timestamp(day, 12),
                "submitted_at": timestamp(day + dt.timedelta(days=1), 12),
                "published_at": published,
                "corrected_at": None,
                "updated_at": published,
                "retraction_reason": "",
                "citations": [
                    {
                        "title": f"A study of the docket, part {n}",
                        "url": f"https://example.org/studies/{n}",
                        "publisher": "A journal",
                        "published_on": "2023-05-01",
                        "archived_url": "",
                        "excerpt": "Most of the docket is not in custody.",
                        "accessed_on": "2024-10-01",
                    }
                ],
                "figures": [],
                "corrections": [],
            }
        ],
        "relations": (
            []
            if n == 0
            else [
                {
                    "direction": "outgoing",
                    "kind": "repeats",
                    "label": "repeats",
                    "note": "",
                    "claim": {
                        "slug": f"generated-claim-{n - 1:06d}",
                        "summary": f"Generated claim {n - 1}",
                        "url": f"{BASE_URL}claims/generated-claim-{n - 1:06d}/",
                    },
                }
            ]
        ),
        "verdict": {
            "rating": {"label": rating_label, "value": rating_value},
            "scale": {"slug": "default", "name": "Default scale", "worst": 1, "best": 5},
            "explanation": "Generated: the number needs the size of the docket beside it.",
        },
        "corrections": corrections,
    }


def documents(count: int) -> Iterator[dict[str, Any]]:
    """`count` generated claims, in order (each relates to the one before it)."""
    for n in range(count):
        yield document(n)


def write_jsonl(path: str | Path, count: int) -> Path:
    """Write `count` generated claims as JSON Lines, ready for `manage.py import`."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as target:
        for doc in documents(count):
            target.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path
