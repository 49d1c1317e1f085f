"""Reads claims with everything attached as plain rows, a fixed number of queries per batch.

The rows feed `publication.shape.claim_document`, which turns them into the
published JSON. Keeping the reading here and the shaping there lets the shape
stay a pure function (dict in, dict out) whatever produces the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery

from annotations.models import Citation, ContextNote, Correction, NoteFigure, Rating
from claims.models import Claim, ClaimRelation, Figure
from claims.workflow import PUBLIC_STATUSES

SPEAKER_FIELDS = ("slug", "name", "kind", "role", "affiliation", "same_as_url")
SOURCE_FIELDS = (
    "slug",
    "kind",
    "title",
    "publisher",
    "url",
    "date",
    "date_precision",
    "full_text",
)
CLAIM_FIELDS = (
    "id",
    "slug",
    "status",
    "version",
    "text",
    "text_kind",
    "summary",
    "said_on",
    "said_on_precision",
    "created_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "corrected_at",
    "retraction_reason",
)
REVIEWABLE_FIELDS = (
    "status",
    "created_at",
    "submitted_at",
    "published_at",
    "corrected_at",
    "updated_at",
    "retraction_reason",
)
FIGURE_FIELDS = ("value", "qualifier", "counts", "unit", "as_of", "period")
CITATION_FIELDS = (
    "title",
    "url",
    "publisher",
    "published_on",
    "archived_url",
    "excerpt",
    "accessed_on",
)

DEFAULT_CHUNK_SIZE = 500


def _ordinal(claim_ref: str, position_ref: str, pk_ref: str) -> Subquery:
    """1-based place of a figure among its claim's figures (ordered by position, then pk)."""
    before = (
        Figure.objects.filter(claim_id=OuterRef(claim_ref))
        .filter(
            Q(position__lt=OuterRef(position_ref))
            | Q(position=OuterRef(position_ref), pk__lte=OuterRef(pk_ref))
        )
        .order_by()
        .values("claim_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(before)


def _figure_rows(queryset: QuerySet, public_only: bool) -> Iterator[dict[str, Any]]:
    """Figures with their denominator, which is named by its claim's slug and ordinal."""
    rows = queryset.annotate(
        denominator_ordinal=_ordinal("part_of__claim_id", "part_of__position", "part_of_id")
    ).values(
        *FIGURE_FIELDS,
        "owner",
        "part_of_id",
        "part_of__value",
        "part_of__qualifier",
        "part_of__counts",
        "part_of__unit",
        "part_of__claim__slug",
        "part_of__claim__status",
        "denominator_ordinal",
    )
    for row in rows:
        part_of = None
        visible = not public_only or row["part_of__claim__status"] in PUBLIC_STATUSES
        if row["part_of_id"] is not None and visible:
            part_of = {
                "claim": row["part_of__claim__slug"],
                "ordinal": row["denominator_ordinal"],
                "value": row["part_of__value"],
                "qualifier": row["part_of__qualifier"],
                "counts": row["part_of__counts"],
                "unit": row["part_of__unit"],
            }
        figure = {field: row[field] for field in FIGURE_FIELDS}
        figure["part_of"] = part_of
        figure["owner"] = row["owner"]
        yield figure


def fetch_claims(claims: QuerySet, *, public_only: bool = True) -> list[dict[str, Any]]:
    """Rows for each claim of `claims` (in its order), with everything attached.

    With `public_only`, notes, relations and denominators that are not public
    are left out, so a draft never leaks through a published claim.
    """
    claim_rows = list(
        claims.values(
            *CLAIM_FIELDS,
            *(f"speaker__{f}" for f in SPEAKER_FIELDS),
            *(f"source__{f}" for f in SOURCE_FIELDS),
            *(f"source__author__{f}" for f in SPEAKER_FIELDS),
            "verdict__id",
            "verdict__explanation",
            "verdict__rating__label",
            "verdict__rating__value",
            "verdict__rating__scale_id",
            "verdict__rating__scale__slug",
            "verdict__rating__scale__name",
        )
    )
    if not claim_rows:
        return []
    ids = [row["id"] for row in claim_rows]
    bundles: dict[int, dict[str, Any]] = {}
    for row in claim_rows:
        bundles[row["id"]] = {
            "claim": {field: row[field] for field in CLAIM_FIELDS},
            "speaker": {f: row[f"speaker__{f}"] for f in SPEAKER_FIELDS},
            "source": {
                **{f: row[f"source__{f}"] for f in SOURCE_FIELDS},
                "author": (
                    {f: row[f"source__author__{f}"] for f in SPEAKER_FIELDS}
                    if row["source__author__slug"]
                    else None
                ),
            },
            "tags": [],
            "figures": [],
            "notes": [],
            "relations": [],
            "corrections": [],
            "verdict": (
                {
                    "explanation": row["verdict__explanation"],
                    "label": row["verdict__rating__label"],
                    "value": row["verdict__rating__value"],
                    "scale_id": row["verdict__rating__scale_id"],
                    "scale_slug": row["verdict__rating__scale__slug"],
                    "scale_name": row["verdict__rating__scale__name"],
                }
                if row["verdict__id"]
                else None
            ),
        }

    # Scale bounds for ClaimReview's bestRating / worstRating.
    scale_ids = {b["verdict"]["scale_id"] for b in bundles.values() if b["verdict"]}
    if scale_ids:
        bounds = {
            row["scale_id"]: row
            for row in Rating.objects.filter(scale_id__in=scale_ids)
            .values("scale_id")
            .annotate(best=Max("value"), worst=Min("value"))
        }
        for bundle in bundles.values():
            if bundle["verdict"]:
                bound = bounds[bundle["verdict"]["scale_id"]]
                bundle["verdict"]["best"] = bound["best"]
                bundle["verdict"]["worst"] = bound["worst"]

    for row in (
        Claim.tags.through.objects.filter(claim_id__in=ids)
        .values("claim_id", "tag__slug", "tag__name")
        .order_by("tag__slug")
    ):
        bundles[row["claim_id"]]["tags"].append(
            {"slug": row["tag__slug"], "name": row["tag__name"]}
        )

    figures = (
        Figure.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "position", "pk")
        .annotate(owner=F("claim_id"))
    )
    for figure in _figure_rows(figures, public_only):
        bundles[figure.pop("owner")]["figures"].append(figure)

    _attach_notes(bundles, ids, public_only)
    _attach_relations(bundles, ids, public_only)

    for row in (
        Correction.objects.filter(claim_id__in=ids)
        .order_by("created_at", "pk")
        .values("claim_id", "kind", "text", "created_at")
    ):
        bundles[row.pop("claim_id")]["corrections"].append(row)

    return [bundles[row["id"]] for row in claim_rows]


def _attach_notes(bundles: dict[int, dict[str, Any]], ids: list[int], public_only: bool) -> None:
    links = ContextNote.claims.through.objects.filter(claim_id__in=ids)
    if public_only:
        links = links.filter(contextnote__status__in=PUBLIC_STATUSES)
    links = list(links.values_list("claim_id", "contextnote_id"))
    note_ids = {note_id for _, note_id in links}
    if not note_ids:
        return
    notes: dict[int, dict[str, Any]] = {}
    for row in ContextNote.objects.filter(pk__in=note_ids).values(
        "id", "slug", "kind", "title", "body", *REVIEWABLE_FIELDS
    ):
        notes[row["id"]] = {**row, "citations": [], "figures": [], "corrections": []}
    for row in (
        Citation.objects.filter(note_id__in=note_ids)
        .order_by("note_id", "position", "pk")
        .values("note_id", *CITATION_FIELDS)
    ):
        notes[row.pop("note_id")]["citations"].append(row)
    note_figures = (
        NoteFigure.objects.filter(note_id__in=note_ids)
        .order_by("note_id", "position", "pk")
        .annotate(owner=F("note_id"))
    )
    for figure in _figure_rows(note_figures, public_only):
        notes[figure.pop("owner")]["figures"].append(figure)
    for row in (
        Correction.objects.filter(note_id__in=note_ids)
        .order_by("created_at", "pk")
        .values("note_id", "kind", "text", "created_at")
    ):
        notes[row.pop("note_id")]["corrections"].append(row)
    for claim_id, note_id in links:
        bundles[claim_id]["notes"].append(notes[note_id])
    for bundle in bundles.values():
        bundle["notes"].sort(key=lambda note: note["slug"])


def _attach_relations(
    bundles: dict[int, dict[str, Any]], ids: list[int], public_only: bool
) -> None:
    relations = ClaimRelation.objects.filter(Q(from_claim_id__in=ids) | Q(to_claim_id__in=ids))
    rows = relations.values(
        "from_claim_id",
        "to_claim_id",
        "kind",
        "note",
        "from_claim__slug",
        "from_claim__summary",
        "from_claim__status",
        "to_claim__slug",
        "to_claim__summary",
        "to_claim__status",
    )
    for row in rows:
        for direction, own, other in (("outgoing", "from", "to"), ("incoming", "to", "from")):
            if row[f"{own}_claim_id"] not in bundles:
                continue
            if public_only and row[f"{other}_claim__status"] not in PUBLIC_STATUSES:
                continue
            bundles[row[f"{own}_claim_id"]]["relations"].append(
                {
                    "direction": direction,
                    "kind": row["kind"],
                    "note": row["note"],
                    "claim_slug": row[f"{other}_claim__slug"],
                    "claim_summary": row[f"{other}_claim__summary"],
                }
            )
    for bundle in bundles.values():
        bundle["relations"].sort(
            key=lambda r: (r["direction"] != "outgoing", r["kind"], r["claim_slug"])
        )


def iter_claim_chunks(
    claims: QuerySet, *, chunk_size: int = DEFAULT_CHUNK_SIZE, public_only: bool = True
) -> Iterator[list[dict[str, Any]]]:
    """Rows for `claims` ordered by slug, one chunk at a time (keyset pagination on slug).

    Memory stays bounded by the chunk size whatever the number of claims.
    """
    last_slug: str | None = None
    while True:
        page = claims.order_by("slug")
        if last_slug is not None:
            page = page.filter(slug__gt=last_slug)
        chunk = fetch_claims(page[:chunk_size], public_only=public_only)
        if not chunk:
            return
        yield chunk
        if len(chunk) < chunk_size:
            return
        last_slug = chunk[-1]["claim"]["slug"]


def flatten(chunks: Iterable[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """One bundle at a time out of chunks."""
    for chunk in chunks:
        yield from chunk
