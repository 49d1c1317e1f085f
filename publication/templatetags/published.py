"""Template filters for pages drawn from the published JSON."""

from __future__ import annotations

import datetime as dt

from django import template

from claims.dates import readable

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """A share (0.0947) as a percentage with two decimals ("9.47")."""
    return "" if share is None else f"{share * 100:.2f}"


@register.filter
def bar_width(share: float | None) -> str:
    """A share as the width of a bar out of 100, clamped so a share above 1 still fits."""
    return "0" if share is None else f"{max(0.0, min(share, 1.0)) * 100:.2f}"


@register.filter
def iso(value: str | None) -> dt.date | dt.datetime | None:
    """An ISO date or timestamp string from the published JSON as a date or datetime."""
    if not value:
        return None
    if "T" in value:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt.date.fromisoformat(value)


@register.filter
def with_precision(value: str | None, precision: str) -> str:
    """A date written only as precisely as it is known: "25 September 2024", "July 2024"."""
    return readable(value, precision)
