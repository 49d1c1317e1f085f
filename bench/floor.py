"""The floor for the export: PostgreSQL producing every published claim as JSON in one query.

One SELECT with PostgreSQL's own JSON constructors (json_build_object, json_agg)
builds a document per published claim with the same fields, nesting and order
as the published JSON (labels, shares and dates formatted the way SQL does it
naturally, so a little less work than the real export), and the rows are
streamed to the client through a server-side cursor and discarded. Nothing can
export the same data faster than PostgreSQL hands it over, so the export is
measured against this.
"""

from __future__ import annotations

import time

from publication.pgjson import PUBLIC, choice
from publication.shape import NOTE_KIND_LABELS, QUALIFIER_LABELS, RELATION_LABELS


def _label(alias: str) -> str:
    words = choice(f"{alias}.qualifier", dict(QUALIFIER_LABELS, exact=""), " ")
    return f"{words} || trim_scale({alias}.value) || ' ' || {alias}.counts"


def _workflow(alias: str) -> str:
    return (
        f"'status', {alias}.status, 'created_at', {alias}.created_at,"
        f" 'submitted_at', {alias}.submitted_at, 'published_at', {alias}.published_at,"
        f" 'corrected_at', {alias}.corrected_at, 'retraction_reason', {alias}.retraction_reason"
    )


def _speaker(alias: str) -> str:
    return (
        f"json_build_object('slug', {alias}.slug, 'name', {alias}.name, 'kind', {alias}.kind,"
        f" 'role', {alias}.role, 'affiliation', {alias}.affiliation,"
        f" 'same_as', {alias}.same_as_url)"
    )


def _figure(alias: str, key: str | None) -> str:
    """A figure with its public denominator (`w`, `wc`) and share."""
    ordinal = (
        "(SELECT count(*) FROM claims_figure x WHERE x.claim_id = w.claim_id"
        " AND (x.position, x.id) <= (w.position, w.id))"
    )
    keyed = f"'key', {key}, " if key else ""
    return f"""json_build_object({keyed}'value', trim_scale({alias}.value)::text,
        'qualifier', {alias}.qualifier, 'counts', {alias}.counts, 'unit', {alias}.unit,
        'as_of', {alias}.as_of, 'period', {alias}.period, 'label', {_label(alias)},
        'part_of', CASE WHEN w.id IS NOT NULL THEN json_build_object(
            'key', wc.slug || '#' || {ordinal}, 'value', trim_scale(w.value)::text,
            'qualifier', w.qualifier, 'counts', w.counts, 'unit', w.unit, 'label', {_label("w")})
        END,
        'share', CASE WHEN w.value <> 0 THEN round({alias}.value / w.value, 6)::float8 END)"""


def _whole(part_of: str) -> str:
    return (
        "LEFT JOIN (claims_figure w JOIN claims_claim wc ON wc.id = w.claim_id"
        f" AND wc.status IN {PUBLIC}) ON w.id = {part_of}"
    )


def _corrections(column: str, owner: str) -> str:
    return f"""COALESCE((SELECT json_agg(json_build_object(
            'kind', co.kind, 'text', co.text, 'date', co.created_at) ORDER BY co.created_at, co.id)
        FROM annotations_correction co WHERE co.{column} = {owner}), '[]')"""


FLOOR_QUERY = f"""
SELECT json_build_object(
    'schema_version', 1,
    'slug', c.slug,
    'url', %(url_head)s || c.slug || %(url_tail)s,
    'summary', c.summary, 'text', c.text, 'text_kind', c.text_kind,
    'said_on', c.said_on, 'said_on_precision', c.said_on_precision,
    {_workflow("c")},
    'speaker', {_speaker("sp")},
    'source', json_build_object('slug', so.slug, 'kind', so.kind, 'title', so.title,
        'publisher', so.publisher, 'url', so.url, 'date', so.date,
        'date_precision', so.date_precision, 'full_text', so.full_text,
        'author', CASE WHEN au.id IS NOT NULL THEN {_speaker("au")} END),
    'tags', COALESCE((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name)
            ORDER BY t.slug)
        FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id
        WHERE ct.claim_id = c.id), '[]'),
    'figures', COALESCE((SELECT json_agg({_figure("f", "c.slug || '#' || f.ordinal")}
            ORDER BY f.ordinal)
        FROM (SELECT f.*, row_number() OVER (ORDER BY f.position, f.id) AS ordinal
              FROM claims_figure f WHERE f.claim_id = c.id) f
        {_whole("f.part_of_id")}), '[]'),
    'notes', COALESCE((SELECT json_agg(json_build_object(
            'slug', n.slug, 'kind', n.kind, 'kind_label', {choice("n.kind", NOTE_KIND_LABELS)},
            'title', n.title, 'body', n.body, {_workflow("n")},
            'citations', COALESCE((SELECT json_agg(json_build_object(
                    'title', ci.title, 'url', ci.url, 'publisher', ci.publisher,
                    'published_on', ci.published_on, 'archived_url', ci.archived_url,
                    'excerpt', ci.excerpt, 'accessed_on', ci.accessed_on)
                    ORDER BY ci.position, ci.id)
                FROM annotations_citation ci WHERE ci.note_id = n.id), '[]'),
            'figures', COALESCE((SELECT json_agg({_figure("nf", None)} ORDER BY nf.position, nf.id)
                FROM annotations_notefigure nf {_whole("nf.part_of_id")}
                WHERE nf.note_id = n.id), '[]'),
            'corrections', {_corrections("note_id", "n.id")}
        ) ORDER BY n.slug)
        FROM annotations_contextnote_claims nc
        JOIN annotations_contextnote n ON n.id = nc.contextnote_id
        WHERE nc.claim_id = c.id AND n.status IN {PUBLIC}), '[]'),
    'relations', COALESCE((SELECT json_agg(json_build_object(
            'direction', r.direction, 'kind', r.kind,
            'label', {choice("r.kind", RELATION_LABELS)}, 'note', r.note,
            'claim', json_build_object('slug', r.slug, 'summary', r.summary,
                'url', %(url_head)s || r.slug || %(url_tail)s))
            ORDER BY r.direction <> 'outgoing', r.kind, r.slug)
        FROM (SELECT 'outgoing' AS direction, rel.kind, rel.note, o.slug, o.summary
              FROM claims_claimrelation rel JOIN claims_claim o ON o.id = rel.to_claim_id
              WHERE rel.from_claim_id = c.id AND o.status IN {PUBLIC}
              UNION ALL
              SELECT 'incoming', rel.kind, rel.note, o.slug, o.summary
              FROM claims_claimrelation rel JOIN claims_claim o ON o.id = rel.from_claim_id
              WHERE rel.to_claim_id = c.id AND o.status IN {PUBLIC}) r), '[]'),
    'verdict', CASE WHEN v.id IS NOT NULL THEN json_build_object(
        'rating', json_build_object('label', ra.label, 'value', ra.value),
        'scale', json_build_object('slug', sc.slug, 'name', sc.name,
            'worst', (SELECT min(value) FROM annotations_rating WHERE scale_id = sc.id),
            'best', (SELECT max(value) FROM annotations_rating WHERE scale_id = sc.id)),
        'explanation', v.explanation) END,
    'corrections', {_corrections("claim_id", "c.id")}
)::text
FROM claims_claim c
JOIN claims_speaker sp ON sp.id = c.speaker_id
JOIN claims_source so ON so.id = c.source_id
LEFT JOIN claims_speaker au ON au.id = so.author_id
LEFT JOIN annotations_verdict v ON v.claim_id = c.id
LEFT JOIN annotations_rating ra ON ra.id = v.rating_id
LEFT JOIN annotations_ratingscale sc ON sc.id = ra.scale_id
WHERE c.status IN {PUBLIC}
ORDER BY c.slug
"""


def run_floor(*, batch: int = 1000) -> tuple[float, int, int]:
    """Stream FLOOR_QUERY's rows through a server-side cursor; (seconds, rows, bytes)."""
    from django.db import connection, transaction

    rows = size = 0
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The export turns JIT off too: compiling this query costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
        raw = connection.connection  # psycopg: a named cursor streams in batches
        with raw.cursor(name="export_floor") as cursor:
            cursor.itersize = batch
            cursor.execute(
                FLOOR_QUERY, {"url_head": "https://example.org/claims/", "url_tail": "/"}
            )
            for (document,) in cursor:
                rows += 1
                size += len(document)
    return time.perf_counter() - started, rows, size
