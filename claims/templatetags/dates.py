"""Template filter writing a date as precisely as it is known, the same on every page."""

from __future__ import annotations

import datetime as dt

from django import template

from claims.dates import DAY, readable

register = template.Library()


@register.filter
def as_known(value: dt.date | str | None, precision: str = DAY) -> str:
    """A date as "5 March 2024", "March 2024" or "2024" by `precision` (a day by default)."""
    return readable(value, precision or DAY)
