"""How the API answers a refusal: 400 for a request that is wrong, 409 for one that is right
but collides with what is stored now.

A slug or a speaker's name that is taken is not a mistake in the request: the same body is
accepted once the other record is renamed. Nor is changing what the record's state fixes
(a slug once set, the words of a claim anchored in its source). HTTP's answer to "the
current state of the resource does not allow this" is 409 Conflict; the body still names
the fields, with a `detail` that says what collided.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

# Validation codes that mean "collides with what is stored", not "malformed": taken by
# another record, or fixed by the record's state (a slug once set, anchored words).
CONFLICT_CODES = frozenset({"unique", "unique_together", "same_name", "fixed", "anchored"})
TAKEN = (
    "This collides with what is stored: another record has this value, or the record's "
    "state fixes it."
)


def leaf_codes(codes: Any) -> list[str]:
    """Every code in a ValidationError's nested get_codes() structure."""
    if isinstance(codes, dict):
        return [code for value in codes.values() for code in leaf_codes(value)]
    if isinstance(codes, list):
        return [code for value in codes for code in leaf_codes(value)]
    return [codes]


def is_conflict(error: exceptions.ValidationError) -> bool:
    codes = leaf_codes(error.get_codes())
    return bool(codes) and all(code in CONFLICT_CODES for code in codes)


def exception_handler(exc: Exception, context: dict[str, Any]):
    """DRF's handler, with conflicts answered 409 (fields kept, `detail` added)."""
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.ValidationError)
        and isinstance(response.data, dict)
        and is_conflict(exc)
    ):
        response.status_code = status.HTTP_409_CONFLICT
        response.data = {"detail": TAKEN, **response.data}
    return response
