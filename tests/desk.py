"""Helpers for the desk tests: form payloads as a browser sends them, and rows in bulk."""

from __future__ import annotations

import importlib
from typing import Any

from annotations.models import ContextNote
from claims.models import Claim, Tag
from claims.workflow import Status
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    SourceFactory,
    SpeakerFactory,
)


def formset_data(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    """A formset payload: management form plus one block of fields per row."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def figure_row(figure=None, **fields: Any) -> dict[str, Any]:
    """One figures-formset row: an existing figure's values, or a new one from `fields`."""
    row: dict[str, Any] = {
        "qualifier": "exact",
        "value": "",
        "unit": "",
        "counts": "",
        "as_of": "",
        "period": "",
        "part_of": "",
    }
    if figure is not None:
        row.update(
            id=figure.pk,
            qualifier=figure.qualifier,
            value=str(figure.value),
            unit=figure.unit,
            counts=figure.counts,
            as_of=figure.as_of.isoformat() if figure.as_of else "",
            period=figure.period,
            part_of=figure.part_of_id or "",
        )
    row.update(fields)
    return row


def claim_data(claim: Claim | None = None, *, figures=None, **fields: Any) -> dict[str, Any]:
    """The claim form as the browser posts it: the claim's current values, then `fields`."""
    if claim is not None:
        data: dict[str, Any] = {
            "version": claim.version,
            "speaker": claim.speaker_id,
            "source": claim.source_id,
            "said_on": claim.said_on.isoformat() if claim.said_on else "",
            "said_on_precision": claim.said_on_precision,
            "text": claim.text,
            "text_kind": claim.text_kind,
            "summary": claim.summary,
            "tags": [t.pk for t in claim.tags.all()],
        }
        existing = [figure_row(f) for f in claim.figures.all()]
    else:
        data = {"said_on_precision": "day", "text_kind": "verbatim", "said_on": "2024-09-25"}
        existing = []
    data.update(fields)
    rows = existing + [figure_row(**row) for row in (figures or [])]
    data.update(formset_data("figures", rows, initial=len(existing)))
    return {k: v for k, v in data.items() if v is not None}


def note_data(
    note: ContextNote | None = None, *, citations=None, figures=None, **fields: Any
) -> dict[str, Any]:
    """The note form as the browser posts it: the note's current values, then `fields`."""
    if note is not None:
        data: dict[str, Any] = {
            "version": note.version,
            "kind": note.kind,
            "title": note.title,
            "body": note.body,
            "claims": [c.pk for c in note.claims.all()],
            "shared_citations": [c.pk for c in note.shared_citations.all()],
        }
        existing = [
            {"id": c.pk, "title": c.title, "url": c.url, "publisher": c.publisher}
            for c in note.citations.all()
        ]
        figures_now = [figure_row(f) for f in note.figures.all()]
    else:
        data = {"kind": "timeframe"}
        existing, figures_now = [], []
    data.update(fields)
    rows = existing + list(citations or [])
    data.update(formset_data("citations", rows, initial=len(existing)))
    figure_rows = figures_now + [figure_row(**row) for row in (figures or [])]
    data.update(formset_data("figures", figure_rows, initial=len(figures_now)))
    return data


def make_desk_rows(n: int, *, author, reviewer) -> None:
    """n claims in every state, each with a figure, tags and a note with a citation."""
    speakers = SpeakerFactory.create_batch(3)
    sources = SourceFactory.create_batch(3)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in ("crime", "immigration")]
    statuses = [Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.CORRECTED]
    for i in range(n):
        status = statuses[i % len(statuses)]
        claim = ClaimFactory(
            speaker=speakers[i % 3],
            source=sources[i % 3],
            status=status,
            created_by=author if i % 2 else reviewer,
            approved_by=reviewer if status in (Status.PUBLISHED, Status.CORRECTED) else None,
            published_at="2024-10-01T00:00:00Z" if i % 4 >= 2 else None,
        )
        claim.tags.set(tags)
        whole = FigureFactory(claim=claim)
        FigureFactory(claim=claim, value=1000, part_of=whole)
        note = NoteFactory(created_by=author if i % 2 else reviewer, status=status)
        note.claims.add(claim)
        CitationFactory(note=note)


def ensure_newsroom_roles() -> None:
    """Recreate the groups and the default rating scale of migration 0002 after a flush.

    Transactional tests (live server, threads) end with a flush that empties
    every table, data migrations included; the next one needs them back.
    """
    from django.apps import apps

    migration = importlib.import_module("annotations.migrations.0002_default_scale_and_roles")
    # The migration toggles models_module on each app config, meant for the
    # historical registry; put the real registry's values back afterwards.
    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        migration.forwards(apps, None)
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]
