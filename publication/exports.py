"""Bulk exports of everything published: one JSON document, JSON Lines, CSV.

Each format is a generator of text pieces over the claims' published JSON,
read in bounded chunks, so memory does not grow with the number of claims.
The HTTP views and `manage.py export` produce the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, router

from claims.models import Claim
from claims.workflow import PUBLIC_STATUSES
from publication import pgjson
from publication.documents import base_url, iter_claim_documents
from publication.fetch import DEFAULT_CHUNK_SIZE
from publication.shape import SCHEMA_VERSION

FORMATS = {
    "json": "application/json",
    "jsonl": "application/jsonl; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}

CSV_COLUMNS = [
    "slug",
    "url",
    "status",
    "summary",
    "text",
    "text_kind",
    "said_on",
    "said_on_precision",
    "speaker",
    "speaker_slug",
    "speaker_role",
    "source",
    "source_slug",
    "source_publisher",
    "source_url",
    "source_date",
    "tags",
    "figures",
    "figure_count",
    "note_titles",
    "note_count",
    "verdict",
    "verdict_value",
    "verdict_explanation",
    "published_at",
    "corrected_at",
    "retraction_reason",
    "corrections",
]
LIST_SEPARATOR = " | "

# Every model the published JSON reads. Their history tables say when any of
# them last changed, whichever path changed it (API, admin, import, shell).
PUBLISHED_MODELS = [
    "claims.Speaker",
    "claims.Source",
    "claims.Tag",
    "claims.Claim",
    "claims.Figure",
    "claims.ClaimRelation",
    "annotations.ContextNote",
    "annotations.Citation",
    "annotations.NoteFigure",
    "annotations.RatingScale",
    "annotations.Rating",
    "annotations.Verdict",
    "annotations.Correction",
]


REVIEWABLE_MODELS = {"claims.Claim", "annotations.ContextNote"}


def dumps(document: dict[str, Any]) -> str:
    """One document as compact, deterministic JSON (keys in the shape's order, UTF-8 text)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def publisher() -> dict[str, str]:
    return {"name": settings.PUBLISHER_NAME, "url": settings.PUBLISHER_URL}


def render_json_text(texts: Iterable[str]) -> Iterator[str]:
    """One JSON document holding every claim, from each claim's encoded published JSON."""
    head = {"schema_version": SCHEMA_VERSION, "publisher": publisher()}
    yield dumps(head)[:-1] + ',"claims":['
    for n, text in enumerate(texts):
        yield ("," if n else "") + "\n" + text
    yield "\n]}\n"


def render_jsonl_text(texts: Iterable[str]) -> Iterator[str]:
    """JSON Lines: one claim's encoded published JSON per line."""
    for text in texts:
        yield text + "\n"


def render_json(documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON document holding every claim, written claim by claim."""
    return render_json_text(map(dumps, documents))


def render_jsonl(documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """JSON Lines: one claim per line."""
    return render_jsonl_text(map(dumps, documents))


def figure_text(figure: dict[str, Any]) -> str:
    """A figure flattened for a spreadsheet cell: label, unit, date and share."""
    text = figure["label"]
    if figure["unit"]:
        text += f" ({figure['unit']})"
    when = figure["as_of"] or figure["period"]
    if when:
        text += f", as of {when}" if figure["as_of"] else f", {when}"
    if figure["share"] is not None:
        text += f" = {figure['share'] * 100:.2f} % of {figure['part_of']['label']}"
    return text


def csv_row(document: dict[str, Any]) -> list[Any]:
    """One claim as one spreadsheet row, in CSV_COLUMNS order."""
    verdict = document["verdict"]
    speaker, source = document["speaker"], document["source"]
    return [
        document["slug"],
        document["url"],
        document["status"],
        document["summary"],
        document["text"],
        document["text_kind"],
        document["said_on"] or "",
        document["said_on_precision"],
        speaker["name"],
        speaker["slug"],
        speaker["role"],
        source["title"],
        source["slug"],
        source["publisher"],
        source["url"],
        source["date"] or "",
        LIST_SEPARATOR.join(tag["name"] for tag in document["tags"]),
        LIST_SEPARATOR.join(figure_text(f) for f in document["figures"]),
        len(document["figures"]),
        LIST_SEPARATOR.join(note["title"] for note in document["notes"]),
        len(document["notes"]),
        verdict["rating"]["label"] if verdict else "",
        verdict["rating"]["value"] if verdict else "",
        verdict["explanation"] if verdict else "",
        document["published_at"] or "",
        document["corrected_at"] or "",
        document["retraction_reason"],
        LIST_SEPARATOR.join(
            f"{c['date'][:10]} {c['kind']}: {c['text']}" for c in document["corrections"]
        ),
    ]


# A spreadsheet runs a cell that starts with one of these as a formula (or, for tab and
# carriage return, after its importer strips them); OWASP's CSV injection guidance.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it shows as text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def render_csv(documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV with a header row and one row per claim, every text cell spreadsheet-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for document in documents:
        writer.writerow([spreadsheet_safe(cell) for cell in csv_row(document)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


RENDERERS = {"json": render_json, "jsonl": render_jsonl, "csv": render_csv}


def render(fmt: str, documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The export in format `fmt` (json, jsonl or csv) of these documents."""
    return RENDERERS[fmt](documents)


def published_json(*, chunk_size: int | None = None) -> Iterator[str]:
    """Each published claim's published JSON, encoded as dumps() does, ordered by slug.

    On PostgreSQL the database writes the JSON (publication.pgjson), several
    times faster than reading rows and shaping them here; elsewhere it is
    shaped by publication.shape and encoded by dumps().
    """
    if connections[router.db_for_read(Claim)].vendor == "postgresql":
        return pgjson.published_json(base_url=base_url(), batch=chunk_size or pgjson.STREAM_BATCH)
    return map(dumps, iter_claim_documents(chunk_size=chunk_size or DEFAULT_CHUNK_SIZE))


def published_documents() -> Iterator[dict[str, Any]]:
    """Each published claim's published JSON as a dict, ordered by slug."""
    if connections[router.db_for_read(Claim)].vendor == "postgresql":
        # Parsing the database's JSON is cheaper than reading and shaping the rows.
        return map(json.loads, published_json())
    return iter_claim_documents()


def records(fmt: str) -> Iterator[Any]:
    """What the export in `fmt` is written from: encoded claims for json/jsonl, dicts for csv."""
    return published_documents() if fmt == "csv" else published_json()


def write(fmt: str, items: Iterable[Any]) -> Iterator[str]:
    """The export in format `fmt`, written from `records(fmt)` (or a wrapper of it)."""
    if fmt == "csv":
        return render_csv(items)
    return {"json": render_json_text, "jsonl": render_jsonl_text}[fmt](items)


def export(fmt: str) -> Iterator[str]:
    """Everything published in `fmt`, as the API serves it and `manage.py export` writes it."""
    return write(fmt, records(fmt))


def last_change() -> dt.datetime | None:
    """When anything the published JSON reads last changed, from the history tables (one query)."""
    quote = connection.ops.quote_name
    selects, params = [], []
    for label in PUBLISHED_MODELS:
        table = quote(apps.get_model(label).history.model._meta.db_table)
        if label in REVIEWABLE_MODELS:
            # An editor saving a draft changes nothing published: without this, every
            # draft save would send partners polling with If-None-Match the whole export.
            marks = ", ".join(["%s"] * len(PUBLIC_STATUSES))
            selects.append(f"SELECT MAX(history_date) AS d FROM {table} WHERE status IN ({marks})")
            params.extend(str(status) for status in PUBLIC_STATUSES)
        else:
            selects.append(f"SELECT MAX(history_date) AS d FROM {table}")
    union = " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(d) FROM ({union}) AS changes", params)
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite hands back text from a UNION
        value = dt.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def etag(name: str, changed: dt.datetime | None) -> str:
    """A validator for an export: changes whenever the data, the publisher or the shape does."""
    parts = [
        name,
        str(SCHEMA_VERSION),
        changed.isoformat() if changed else "empty",
        settings.PUBLISHER_NAME,
        settings.PUBLISHER_URL,
        settings.PUBLIC_BASE_URL,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]
    return f'"{name}-{digest}"'
