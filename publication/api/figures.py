"""A note's figures as written through the API: numbers the reviewer brings, with denominators."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions

from annotations.models import ContextNote, NoteFigure
from claims.models import Figure
from publication.api import base


def figure_by_key(key: str) -> Figure | None:
    """The figure `key` ("<claim slug>#<n>", n from 1) names, or None."""
    slug, ordinal = key.rsplit("#", 1)
    n = int(ordinal)
    return Figure.objects.filter(claim__slug=slug).order_by("position", "pk")[n - 1 : n].first()


def write_note_figures(note: ContextNote, rows: list[dict[str, Any]]) -> None:
    """Make the note's figures these rows, in order; errors are reported by figure.

    A note figure's denominator (`part_of`) is a claim's figure, named "<claim slug>#<n>".
    """
    existing = list(note.figures.order_by("position", "pk"))
    figures: list[NoteFigure] = []
    errors: list[dict[str, Any]] = []
    for position, row in enumerate(rows):
        figure = existing[position] if position < len(existing) else NoteFigure(note=note)
        for name, value in row.items():
            if name != "part_of":
                setattr(figure, name, value)
        figure.position = position
        key = row.get("part_of")
        figure.part_of = figure_by_key(key) if key else None
        problems: dict[str, Any] = {}
        if key and figure.part_of is None:
            problems["part_of"] = [f"There is no figure {key}."]
        try:
            base.full_clean(figure, exclude=["note", *(["part_of"] if problems else [])])
        except exceptions.ValidationError as error:
            problems = {**error.detail, **problems}
        errors.append(problems)
        figures.append(figure)
    if any(errors):
        raise exceptions.ValidationError({"figures": errors})
    for figure in existing[len(rows) :]:
        figure.delete()
    for figure in figures:
        figure.save()
