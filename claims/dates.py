"""Dates known to the day, the month or the year: typed as ISO, read in words, one style everywhere.

Typed: "2024-03-05", or "2024-03" / "2024" for a month or a year (stored as its first
day, see DatePrecision). Read: "5 March 2024", "March 2024", "2024". Plain functions,
used by the desk forms, the desk pages and the public pages alike.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.dateformat import format as date_format

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"
READABLE = {DAY: "j F Y", MONTH: "F Y", YEAR: "Y"}
TYPED = {DAY: "%Y-%m-%d", MONTH: "%Y-%m", YEAR: "%Y"}
SHAPES = [(re.compile(r"\d{4}-\d{1,2}"), MONTH), (re.compile(r"\d{4}"), YEAR)]
INPUT_HINT = "YYYY-MM-DD, or YYYY-MM for a month, YYYY for a year"


def typed_precision(text: str) -> str | None:
    """The precision a typed date's shape says ("2024-03" a month, "2024" a year), or None."""
    text = (text or "").strip()
    for shape, precision in SHAPES:
        if shape.fullmatch(text):
            return precision
    return None


def parse_partial(text: str) -> dt.date | None:
    """The first day of a typed month ("2024-03") or year ("2024"); None for another shape."""
    precision = typed_precision(text)
    if precision is None:
        return None
    try:
        return dt.datetime.strptime(text.strip(), TYPED[precision]).date()
    except ValueError:
        return None


def as_typed(value: dt.date | None, precision: str = DAY) -> str:
    """A date as the desk types it: "2024-03-05", "2024-03", "2024"."""
    if value is None:
        return ""
    return value.strftime(TYPED.get(precision, TYPED[DAY]))


def readable(value: dt.date | str | None, precision: str = DAY) -> str:
    """A date written only as precisely as it is known: "5 March 2024", "March 2024", "2024"."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10]) if value else None
    if value is None or precision == UNKNOWN:
        return "date unknown"
    return date_format(value, READABLE.get(precision, READABLE[DAY]))
