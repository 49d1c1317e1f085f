"""schemathesis hooks for .ci/api-contract: valid requests name records that exist.

A schema says what a well-formed body is; it cannot say which speaker, source, note or
citation exists. A valid body naming a speaker "0" is refused with 400 ("Object with
slug=0 does not exist."), which schemathesis would count as valid data rejected. So each
*positive* case has its references (and only those still of the right type) replaced by
slugs and ids read from the running server at start. Negative cases are sent as generated,
so what makes them invalid is left as it is.
"""

from __future__ import annotations

import json
import os
import random
import urllib.request
import zlib
from typing import Any

import schemathesis

BASE = os.environ["API_CONTRACT_URL"].rstrip("/")
TOKEN = os.environ.get("API_CONTRACT_TOKEN", "")


def get(path: str) -> Any:
    request = urllib.request.Request(f"{BASE}{path}")
    if TOKEN:
        request.add_header("Authorization", f"Token {TOKEN}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def read(path: str, key: str) -> list[Any]:
    return [row[key] for row in get(f"{path}?page_size=200")["results"]]


def quotable(slug: str) -> str | None:
    """Words found once in the source's current text, to anchor a claim on; None if it
    has no text (or its text is not readable with these credentials)."""
    try:
        revisions = get(f"/api/v1/sources/{slug}/revisions/")["results"]
        if not revisions:
            return None
        text = get(f"/api/v1/sources/{slug}/revisions/{revisions[0]['number']}/")["text"]
    except OSError:
        return None
    for length in range(40, len(text) + 1, 20):
        words = text[:length]
        if words.strip() == words and text.count(words) == 1:
            return words
    return None


EXISTING = {
    "speakers": read("/api/v1/speakers/", "slug"),
    "sources": read("/api/v1/sources/", "slug"),
    "claims": read("/api/v1/claims/", "slug"),
    "notes": read("/api/v1/notes/", "slug"),
    "citations": read("/api/v1/citations/", "id"),
}
# Figures a new figure can name as its denominator, as "<claim slug>#<n>".
FIGURES = [
    f"{slug}#{n}"
    for slug in EXISTING["claims"]
    for n in range(1, len(get(f"/api/v1/claims/{slug}/").get("figures") or []) + 1)
]
QUOTES = {slug: quote for slug in EXISTING["sources"] if (quote := quotable(slug))}
# Which list a body field names, by field.
NAMES = {
    "speaker": "speakers",
    "author": "speakers",
    "source": "sources",
    "note": "notes",
    "other": "claims",
    "citation": "citations",
}
LISTS = {"claims": "claims", "notes": "notes", "shared_with": "notes"}


def same_type(value: Any, example: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(example, int):  # JSON does not tell 7.0 from 7
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    return isinstance(value, type(example))


def aimed(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        for field, kind in NAMES.items():
            if field in value and same_type(value[field], EXISTING[kind][0]):
                value[field] = rng.choice(EXISTING[kind])
        if isinstance(value.get("anchor"), dict) and QUOTES:
            # An anchor names words of its source's text: one that has text, and words
            # found there once.
            value["source"] = rng.choice(sorted(QUOTES))
            value["anchor"] = {"exact": QUOTES[value["source"]]}
        for field, kind in LISTS.items():
            if isinstance(value.get(field), list) and value[field]:
                value[field] = rng.sample(EXISTING[kind], min(len(value[field]), 3))
        for figure in value.get("figures") or []:
            if isinstance(figure, dict) and isinstance(figure.get("part_of"), str):
                figure["part_of"] = rng.choice(FIGURES)
    return value


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    rng = random.Random(zlib.crc32(repr((case.method, case.path, case.body)).encode()))
    case.body = aimed(case.body, rng)
    return case
