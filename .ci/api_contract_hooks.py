"""schemathesis hooks for .ci/api-contract: valid requests name records that exist.

A schema says what a well-formed body is; it cannot say which speaker, source, note or
citation exists. A valid body naming a speaker "0" is refused with 400 ("Object with
slug=0 does not exist."), which schemathesis would count as valid data rejected. So each
*positive* case has its references (and only those still of the right type) replaced by
slugs and ids read from the running server at start. Negative cases are sent as generated,
so what makes them invalid is left as it is. Positive updates (PUT, PATCH) are aimed at
drafts created at start, with the ETag each has when the request is sent, so that they
reach validation and saving rather than a 404 or a 412.
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
    if DRAFTS:
        aimed_at_a_draft(case)
    return case


# --- updates that reach the code behind If-Match ------------------------------------------
# A generated slug names nothing (404) and a generated If-Match is stale (412), so without
# this no update would reach validation and saving. Positive updates are aimed at drafts
# this run creates, with the ETag each has when the case is sent.


def send(method: str, path: str, body: dict) -> Any:
    request = urllib.request.Request(f"{BASE}{path}", data=json.dumps(body).encode(), method=method)
    request.add_header("Authorization", f"Token {TOKEN}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def drafts() -> dict[str, str]:
    """A draft of each editable kind, by the collection its address starts with."""
    if not TOKEN:
        return {}
    speaker = send("POST", "/api/v1/speakers/", {"name": "Contract Run Speaker", "distinct": True})
    source = send("POST", "/api/v1/sources/", {"title": "Contract run source"})
    claim = send(
        "POST",
        "/api/v1/claims/",
        {
            "speaker": speaker["slug"],
            "source": source["slug"],
            "text": "There were 12 of them.",
            "summary": "Twelve of them",
        },
    )
    note = send(
        "POST",
        "/api/v1/notes/",
        {"kind": "timeframe", "title": "Contract run note", "body": "Since 2020."},
    )
    citation = send("POST", "/api/v1/citations/", {"note": note["slug"], "title": "A study"})
    return {
        "speakers": speaker["slug"],
        "sources": source["slug"],
        "claims": claim["slug"],
        "notes": note["slug"],
        "citations": str(citation["id"]),
    }


DRAFTS = drafts()


def etag(path: str) -> str | None:
    request = urllib.request.Request(f"{BASE}{path}")
    request.add_header("Authorization", f"Token {TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("ETag")
    except OSError:
        return None


def draft_collection(case) -> str | None:
    """The collection of a positive update aimed at this run's draft, or None."""
    parts = case.operation.path.strip("/").split("/")  # api, v1, <collection>, {key}
    if case.method.upper() not in ("PUT", "PATCH") or len(parts) != 4:
        return None
    return parts[2] if parts[2] in DRAFTS else None


def aimed_at_a_draft(case) -> None:
    collection = draft_collection(case)
    key = case.operation.path.strip("/").split("/")[-1].strip("{}")
    if collection and case.path_parameters and key in case.path_parameters:
        case.path_parameters[key] = DRAFTS[collection]


@schemathesis.hook
def before_call(context, case, **kwargs):
    """The draft's ETag as it is when the update is sent (an earlier case may have saved it)."""
    collection = draft_collection(case)
    meta = case.meta
    if collection and meta is not None and meta.generation.mode.is_positive:
        current = etag(f"/api/v1/{collection}/{DRAFTS[collection]}/")
        if current:
            case.headers = {**(case.headers or {}), "If-Match": current}
