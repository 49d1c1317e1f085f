"""Reads claims with everything attached as plain rows, a fixed number of queries per batch.

The rows feed `publication.shape.claim_document`, which turns them into the
published JSON. Keeping the reading here and the shaping there lets the shape
stay a pure function (dict in, dict out) whatever produces the rows.

This is the hot path of the bulk exports, so it reads tuples (values_list),
never model instances, and sends a batch's ids to PostgreSQL as one array
parameter: as thousands of separate parameters they cost more to send than the
queries cost to run (see bench/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import In

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
    "text_public",
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
    "speaker_role",
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
NOTE_FIELDS = ("slug", "kind", "title", "body", *REVIEWABLE_FIELDS)
FIGURE_FIELDS = ("value", "qualifier", "counts", "unit", "as_of", "period")
DENOMINATOR_FIELDS = ("value", "qualifier", "counts", "unit")
CITATION_FIELDS = (
    "title",
    "url",
    "publisher",
    "published_on",
    "archived_url",
    "excerpt",
    "accessed_on",
)
VERDICT_FIELDS = (
    ("explanation", "verdict__explanation"),
    ("label", "verdict__rating__label"),
    ("value", "verdict__rating__value"),
    ("scale_id", "verdict__rating__scale_id"),
    ("scale_slug", "verdict__rating__scale__slug"),
    ("scale_name", "verdict__rating__scale__name"),
)
CORRECTION_FIELDS = ("kind", "text", "created_at")
ANCHOR_FIELDS = ("revision_number", "state", "exact", "prefix", "suffix", "start", "end")

# Claims read per batch by the exports. Memory grows with it, time barely
# shrinks beyond it (bench/RESULTS.md).
DEFAULT_CHUNK_SIZE = 1000


class AnyOf(In):
    """`field IN (ids)`, sent to PostgreSQL as `field = ANY(%s)` with one array parameter."""

    def as_postgresql(self, compiler, connection) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def among(field: str, ids: Sequence[int]) -> AnyOf:
    """A filter: `field` is one of `ids`."""
    return AnyOf(F(field), ids)


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


def _figure_rows(queryset: QuerySet, public_only: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """(owner id, figure) with its denominator, which is named by its claim's slug and ordinal."""
    width = len(FIGURE_FIELDS)
    rows = queryset.annotate(
        denominator_ordinal=_ordinal("part_of__claim_id", "part_of__position", "part_of_id")
    ).values_list(
        "owner",
        *FIGURE_FIELDS,
        "part_of_id",
        "part_of__claim__slug",
        "part_of__claim__status",
        "denominator_ordinal",
        *(f"part_of__{f}" for f in DENOMINATOR_FIELDS),
    )
    for row in rows:
        figure = dict(zip(FIGURE_FIELDS, row[1 : 1 + width], strict=True))
        part_of_id, claim_slug, claim_status, ordinal = row[1 + width : 5 + width]
        figure["part_of"] = None
        if part_of_id is not None and (not public_only or claim_status in PUBLIC_STATUSES):
            figure["part_of"] = {
                "claim": claim_slug,
                "ordinal": ordinal,
                **dict(zip(DENOMINATOR_FIELDS, row[5 + width :], strict=True)),
            }
        yield row[0], figure


def _prefixed(prefix: str, fields: Sequence[str]) -> list[str]:
    return [f"{prefix}{field}" for field in fields]


CLAIM_COLUMNS = (
    *CLAIM_FIELDS,
    *_prefixed("speaker__", SPEAKER_FIELDS),
    *_prefixed("source__", SOURCE_FIELDS),
    *_prefixed("source__author__", SPEAKER_FIELDS),
    "verdict__id",
    *(column for _, column in VERDICT_FIELDS),
    "anchor__id",
    *_prefixed("anchor__", ANCHOR_FIELDS),
)


def _slices(*widths: int) -> list[slice]:
    start, slices = 0, []
    for width in widths:
        slices.append(slice(start, start + width))
        start += width
    return slices


(CLAIM_PART, SPEAKER_PART, SOURCE_PART, AUTHOR_PART, VERDICT_PART, ANCHOR_PART) = _slices(
    len(CLAIM_FIELDS),
    len(SPEAKER_FIELDS),
    len(SOURCE_FIELDS),
    len(SPEAKER_FIELDS),
    1 + len(VERDICT_FIELDS),
    1 + len(ANCHOR_FIELDS),
)
VERDICT_KEYS = tuple(key for key, _ in VERDICT_FIELDS)


def _bundle(row: tuple[Any, ...]) -> dict[str, Any]:
    """A claim row (CLAIM_COLUMNS) as the dicts the shape reads; related lists start empty."""
    source = dict(zip(SOURCE_FIELDS, row[SOURCE_PART], strict=True))
    author = row[AUTHOR_PART]
    source["author"] = dict(zip(SPEAKER_FIELDS, author, strict=True)) if author[0] else None
    verdict, anchor = row[VERDICT_PART], row[ANCHOR_PART]
    return {
        "claim": dict(zip(CLAIM_FIELDS, row[CLAIM_PART], strict=True)),
        "speaker": dict(zip(SPEAKER_FIELDS, row[SPEAKER_PART], strict=True)),
        "source": source,
        "tags": [],
        "figures": [],
        "notes": [],
        "relations": [],
        "corrections": [],
        "verdict": dict(zip(VERDICT_KEYS, verdict[1:], strict=True)) if verdict[0] else None,
        "anchor": dict(zip(ANCHOR_FIELDS, anchor[1:], strict=True)) if anchor[0] else None,
    }


def fetch_claims(claims: QuerySet, *, public_only: bool = True) -> list[dict[str, Any]]:
    """Rows for each claim of `claims` (in its order), with everything attached.

    With `public_only`, notes, relations and denominators that are not public
    are left out, so a draft never leaks through a published claim.
    """
    claim_rows = list(claims.values_list(*CLAIM_COLUMNS))
    if not claim_rows:
        return []
    bundles: dict[int, dict[str, Any]] = {row[0]: _bundle(row) for row in claim_rows}
    ids = list(bundles)

    # Scale bounds for ClaimReview's bestRating / worstRating.
    verdicts = [b["verdict"] for b in bundles.values() if b["verdict"]]
    if verdicts:
        bounds = {
            scale_id: (best, worst)
            for scale_id, best, worst in Rating.objects.filter(
                scale_id__in={v["scale_id"] for v in verdicts}
            )
            .values("scale_id")
            .annotate(best=Max("value"), worst=Min("value"))
            .values_list("scale_id", "best", "worst")
        }
        for verdict in verdicts:
            verdict["best"], verdict["worst"] = bounds[verdict["scale_id"]]

    for claim_id, slug, name in (
        Claim.tags.through.objects.filter(among("claim_id", ids))
        .order_by("tag__slug")
        .values_list("claim_id", "tag__slug", "tag__name")
    ):
        bundles[claim_id]["tags"].append({"slug": slug, "name": name})

    figures = (
        Figure.objects.filter(among("claim_id", ids))
        .order_by("claim_id", "position", "pk")
        .annotate(owner=F("claim_id"))
    )
    for claim_id, figure in _figure_rows(figures, public_only):
        bundles[claim_id]["figures"].append(figure)

    _attach_notes(bundles, ids, public_only)
    _attach_relations(bundles, ids, public_only)

    for claim_id, *correction in (
        Correction.objects.filter(among("claim_id", ids))
        .order_by("created_at", "pk")
        .values_list("claim_id", *CORRECTION_FIELDS)
    ):
        bundles[claim_id]["corrections"].append(
            dict(zip(CORRECTION_FIELDS, correction, strict=True))
        )

    return list(bundles.values())


def _attach_notes(bundles: dict[int, dict[str, Any]], ids: list[int], public_only: bool) -> None:
    links = ContextNote.claims.through.objects.filter(among("claim_id", ids))
    if public_only:
        links = links.filter(contextnote__status__in=PUBLIC_STATUSES)
    links = list(links.values_list("claim_id", "contextnote_id"))
    if not links:
        return
    note_ids = list({note_id for _, note_id in links})
    notes: dict[int, dict[str, Any]] = {}
    for note_id, *row in ContextNote.objects.filter(among("id", note_ids)).values_list(
        "id", *NOTE_FIELDS
    ):
        note = dict(zip(NOTE_FIELDS, row, strict=True))
        note["citations"], note["figures"], note["corrections"] = [], [], []
        notes[note_id] = note
    for note_id, *row in (
        Citation.objects.filter(among("note_id", note_ids))
        .order_by("note_id", "position", "pk")
        .values_list("note_id", *CITATION_FIELDS)
    ):
        notes[note_id]["citations"].append(dict(zip(CITATION_FIELDS, row, strict=True)))
    # Citations shared from another note come after the note's own, in the same order.
    for note_id, *row in (
        Citation.shared_with.through.objects.filter(among("contextnote_id", note_ids))
        .order_by("contextnote_id", "citation__position", "citation_id")
        .values_list("contextnote_id", *(f"citation__{name}" for name in CITATION_FIELDS))
    ):
        notes[note_id]["citations"].append(dict(zip(CITATION_FIELDS, row, strict=True)))
    note_figures = (
        NoteFigure.objects.filter(among("note_id", note_ids))
        .order_by("note_id", "position", "pk")
        .annotate(owner=F("note_id"))
    )
    for note_id, figure in _figure_rows(note_figures, public_only):
        notes[note_id]["figures"].append(figure)
    for note_id, *row in (
        Correction.objects.filter(among("note_id", note_ids))
        .order_by("created_at", "pk")
        .values_list("note_id", *CORRECTION_FIELDS)
    ):
        notes[note_id]["corrections"].append(dict(zip(CORRECTION_FIELDS, row, strict=True)))
    touched = set()
    for claim_id, note_id in links:
        bundles[claim_id]["notes"].append(notes[note_id])
        touched.add(claim_id)
    # Sorted here, not by the database, whose collation may order slugs differently.
    for claim_id in touched:
        bundles[claim_id]["notes"].sort(key=lambda note: note["slug"])


def _attach_relations(
    bundles: dict[int, dict[str, Any]], ids: list[int], public_only: bool
) -> None:
    relations = ClaimRelation.objects.filter(
        among("from_claim_id", ids) | among("to_claim_id", ids)
    ).values_list(
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
    touched = set()
    for from_id, to_id, kind, note, *ends in relations:
        claim_ends = {"from": ends[0:3], "to": ends[3:6]}
        for direction, own_id, other in (("outgoing", from_id, "to"), ("incoming", to_id, "from")):
            if own_id not in bundles:
                continue
            slug, summary, status = claim_ends[other]
            if public_only and status not in PUBLIC_STATUSES:
                continue
            bundles[own_id]["relations"].append(
                {
                    "direction": direction,
                    "kind": kind,
                    "note": note,
                    "claim_slug": slug,
                    "claim_summary": summary,
                }
            )
            touched.add(own_id)
    for claim_id in touched:
        bundles[claim_id]["relations"].sort(
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
