"""THE published JSON of a claim, schema version 1, defined once.

`claim_document` turns the rows read by `publication.fetch` into the versioned
dict that the API detail, the exports, the import, the public page and
ClaimReview all use. It is a pure function: plain dicts in, a plain dict out,
no database access, so any source of rows can feed it. The JSON Schema in
publication/schema/claim.v1.json documents the result.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any
from urllib.parse import urljoin

from annotations.models import NoteKind
from claims.models import ClaimRelation, FigureBase

SCHEMA_VERSION = 1

QUALIFIER_LABELS = dict(FigureBase.Qualifier.choices)
NOTE_KIND_LABELS = dict(NoteKind.choices)
RELATION_LABELS = dict(ClaimRelation.Kind.choices)
SHARE_PLACES = Decimal("0.000001")


def claim_path(slug: str) -> str:
    """The public page of a claim, relative to the site."""
    return f"/claims/{slug}/"


def figure_key(claim_slug: str, ordinal: int) -> str:
    """A figure's stable name: its claim's slug and its 1-based place among the claim's figures."""
    return f"{claim_slug}#{ordinal}"


def number(value: Decimal | None) -> str | None:
    """A decimal as plain digits without trailing zeros ("662566", "9.5")."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def timestamp(value: dt.datetime | None) -> str | None:
    """A datetime in UTC, ISO 8601 with a Z."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def figure_label(value: Decimal, qualifier: str, counts: str, unit: str = "") -> str:
    """How a figure reads: "nearly 7,000,000 people on ICE's non-detained docket"."""
    words = "" if qualifier == FigureBase.Qualifier.EXACT else f"{QUALIFIER_LABELS[qualifier]} "
    return f"{words}{value.normalize():,f} {counts}".strip()


def share(value: Decimal, whole: Decimal | None) -> float | None:
    """`value` as a fraction of `whole`, rounded to six places; None without a usable whole."""
    if whole is None or not whole:
        return None
    return float((value / whole).quantize(SHARE_PLACES, rounding=ROUND_HALF_EVEN))


def _figure(row: dict[str, Any], key: str | None) -> dict[str, Any]:
    whole = row["part_of"]
    doc: dict[str, Any] = {}
    if key is not None:
        doc["key"] = key
    doc.update(
        {
            "value": number(row["value"]),
            "qualifier": row["qualifier"],
            "counts": row["counts"],
            "unit": row["unit"],
            "as_of": day(row["as_of"]),
            "period": row["period"],
            "label": figure_label(row["value"], row["qualifier"], row["counts"]),
            "part_of": None,
            "share": None,
        }
    )
    if whole is not None:
        doc["part_of"] = {
            "key": figure_key(whole["claim"], whole["ordinal"]),
            "value": number(whole["value"]),
            "qualifier": whole["qualifier"],
            "counts": whole["counts"],
            "unit": whole["unit"],
            "label": figure_label(whole["value"], whole["qualifier"], whole["counts"]),
        }
        doc["share"] = share(row["value"], whole["value"])
    return doc


def _speaker(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {field: row[field] for field in ("slug", "name", "kind", "role", "affiliation")} | {
        "same_as": row["same_as_url"]
    }


def _source(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "kind": row["kind"],
        "title": row["title"],
        "publisher": row["publisher"],
        "url": row["url"],
        "date": day(row["date"]),
        "date_precision": row["date_precision"],
        # Copyrighted texts stay unpublished; the anchor's quote and context are always public.
        "full_text": row["full_text"] if row["text_public"] else "",
        "author": _speaker(row["author"]),
    }


def _workflow(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": row["status"],
        "created_at": timestamp(row["created_at"]),
        "submitted_at": timestamp(row["submitted_at"]),
        "published_at": timestamp(row["published_at"]),
        "corrected_at": timestamp(row["corrected_at"]),
        "updated_at": timestamp(row["updated_at"]),
        "retraction_reason": row["retraction_reason"],
    }


def _corrections(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"kind": row["kind"], "text": row["text"], "date": timestamp(row["created_at"])}
        for row in rows
    ]


def _note(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "kind": row["kind"],
        "kind_label": NOTE_KIND_LABELS[row["kind"]],
        "title": row["title"],
        "body": row["body"],
        **_workflow(row),
        "citations": [
            {
                "title": c["title"],
                "url": c["url"],
                "publisher": c["publisher"],
                "published_on": day(c["published_on"]),
                "archived_url": c["archived_url"],
                "excerpt": c["excerpt"],
                "accessed_on": day(c["accessed_on"]),
            }
            for c in row["citations"]
        ],
        "figures": [_figure(f, None) for f in row["figures"]],
        "corrections": _corrections(row["corrections"]),
    }


def _anchor(row: dict[str, Any] | None, source: str) -> dict[str, Any] | None:
    """The claim's anchor as W3C selectors on a revision of its source's text."""
    if row is None:
        return None
    return {
        "source": source,
        "revision": row["revision_number"],
        "state": row["state"],
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": row["exact"],
                "prefix": row["prefix"],
                "suffix": row["suffix"],
            },
            {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
        ],
    }


def _verdict(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "rating": {"label": row["label"], "value": row["value"]},
        "scale": {
            "slug": row["scale_slug"],
            "name": row["scale_name"],
            "worst": row["worst"],
            "best": row["best"],
        },
        "explanation": row["explanation"],
    }


def claim_document(bundle: dict[str, Any], *, base_url: str) -> dict[str, Any]:
    """The published JSON (schema version 1) of one claim with everything attached."""
    claim = bundle["claim"]
    slug = claim["slug"]
    return {
        "schema_version": SCHEMA_VERSION,
        "slug": slug,
        "url": urljoin(base_url, claim_path(slug)),
        "summary": claim["summary"],
        "text": claim["text"],
        "text_kind": claim["text_kind"],
        "said_on": day(claim["said_on"]),
        "said_on_precision": claim["said_on_precision"],
        **_workflow(claim),
        "speaker": _speaker(bundle["speaker"]),
        # Added for speaker roles over time: the role when this was said ("" if not recorded).
        "speaker_role": claim["speaker_role"],
        "source": _source(bundle["source"]),
        "anchor": _anchor(bundle.get("anchor"), bundle["source"]["slug"]),
        "tags": [{"slug": t["slug"], "name": t["name"]} for t in bundle["tags"]],
        "figures": [
            _figure(row, figure_key(slug, n)) for n, row in enumerate(bundle["figures"], 1)
        ],
        "notes": [_note(note) for note in bundle["notes"]],
        "relations": [
            {
                "direction": r["direction"],
                "kind": r["kind"],
                "label": RELATION_LABELS[r["kind"]],
                "note": r["note"],
                "claim": {
                    "slug": r["claim_slug"],
                    "summary": r["claim_summary"],
                    "url": urljoin(base_url, claim_path(r["claim_slug"])),
                },
            }
            for r in bundle["relations"]
        ],
        "verdict": _verdict(bundle["verdict"]),
        "corrections": _corrections(bundle["corrections"]),
    }
