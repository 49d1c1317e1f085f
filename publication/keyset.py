"""Keyset ("newer"/"older") pages: a deep page costs what the first one does.

A cursor holds the ordering values of the last (or first) row shown; the next
page is the rows after it in the same order, found through the index instead
of counting past every earlier row as OFFSET does.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OrderBy, Q, QuerySet


@dataclass
class Page:
    """The ids on a page and the cursors of the pages around it (None at either end)."""

    ids: list[int]
    newer: str | None
    older: str | None


def encode(values: list[Any]) -> str:
    """A cursor for a row with these ordering values (datetimes as ISO text)."""
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor: str | None, fields: list[str]) -> list[Any] | None:
    """The ordering values in `cursor`, or None when it is missing or not one we wrote."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(fields):
            return None
        parsed = []
        for field, value in zip(fields, values, strict=True):
            if field == "published_at":
                value = None if value is None else dt.datetime.fromisoformat(value)
                if value is not None and value.tzinfo is None:
                    return None
            elif field == "pk":
                if not isinstance(value, int) or isinstance(value, bool):
                    return None
            elif not isinstance(value, int | float) or isinstance(value, bool):
                return None
            parsed.append(value)
        return parsed
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError):
        return None


def _after(field: str, value: Any, *, older: bool) -> Q:
    """`field` strictly past `value` in descending order with NULLs first."""
    if older:
        return Q(**{f"{field}__isnull": False}) if value is None else Q(**{f"{field}__lt": value})
    if value is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__gt": value}) | Q(**{f"{field}__isnull": True})


def _equal(field: str, value: Any) -> Q:
    return Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})


def beyond(fields: list[str], values: list[Any], *, older: bool) -> Q:
    """Rows after `values` in descending order of `fields` (before them when not `older`)."""
    condition = _after(fields[-1], values[-1], older=older)
    for field, value in zip(reversed(fields[:-1]), reversed(values[:-1]), strict=True):
        condition = _after(field, value, older=older) | (_equal(field, value) & condition)
    if older and values[0] is not None:
        # The first field alone as a range lets the index start at the cursor.
        condition &= Q(**{f"{fields[0]}__lte": values[0]})
    return condition


def ordering(fields: list[str], *, descending: bool) -> list[OrderBy]:
    """ORDER BY `fields`, descending or ascending, as pages and their indexes read them."""
    # NULLs first when descending, as PostgreSQL's indexes on "-published_at" hold them.
    if descending:
        return [F(field).desc(nulls_first=True) for field in fields]
    return [F(field).asc(nulls_last=True) for field in fields]


@dataclass(frozen=True)
class Window:
    """Where the next page lies: the rows past `cursor` (older, or newer), `size` of them.

    For a query that can narrow what it reads to one page's worth near the
    cursor (see annotations.search.search_claims); `page` does the paging.
    """

    cursor: list[Any] | None
    older: bool
    size: int


def window(fields: list[str], *, size: int, older: str | None, newer: str | None) -> Window:
    """The window `page(rows, fields, size=size, older=older, newer=newer)` will read."""
    before = decode(newer, fields)
    if before is not None:
        return Window(before, older=False, size=size + 1)
    return Window(decode(older, fields), older=True, size=size + 1)


def older_rows(rows: QuerySet, fields: list[str], after: list[Any] | None, *, size: int):
    """The ordering values of up to `size` rows after the cursor values `after`, newest first."""
    if after is not None:
        rows = rows.filter(beyond(fields, after, older=True))
    return rows.order_by(*ordering(fields, descending=True)).values_list(*fields)[:size]


def page(
    rows: QuerySet, fields: list[str], *, size: int, older: str | None, newer: str | None
) -> Page:
    """One page of `rows` in descending order of `fields`, after `older` or before `newer`."""
    after, before = decode(older, fields), decode(newer, fields)
    if before is not None:
        found = list(
            rows.filter(beyond(fields, before, older=False))
            .order_by(*ordering(fields, descending=False))
            .values_list(*fields)[: size + 1]
        )
        more_newer = len(found) > size
        found = list(reversed(found[:size]))
        more_older = True
    else:
        found = list(older_rows(rows, fields, after, size=size + 1))
        more_older = len(found) > size
        found = found[:size]
        more_newer = after is not None
    return Page(
        ids=[row[-1] for row in found],
        newer=encode(list(found[0])) if found and more_newer else None,
        older=encode(list(found[-1])) if found and more_older else None,
    )
