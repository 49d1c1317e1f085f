"""Workflow steps that write in both apps: corrections and retractions with their public entry."""

from __future__ import annotations

from django.db import transaction

from annotations.models import ContextNote, Correction
from claims.models import Claim
from claims.workflow import TransitionError


def _target(obj: Claim | ContextNote) -> dict[str, Claim | ContextNote]:
    return {"claim": obj} if isinstance(obj, Claim) else {"note": obj}


@transaction.atomic
def correct(
    *, obj: Claim | ContextNote, by, text: str, expected_version: int | None = None
) -> Correction:
    """Mark published content corrected and publish the dated correction entry.

    Changes already made to `obj`'s fields are saved with it; with
    `expected_version` a correction based on a stale read raises StaleEdit.
    """
    obj.check_correct(by=by)
    if not text.strip():
        raise TransitionError("A correction needs a text, shown to readers with its date.")
    obj.mark_corrected(by=by, expected_version=expected_version)
    return Correction.objects.create(
        **_target(obj), kind=Correction.Kind.CORRECTION, text=text.strip(), created_by=by
    )


@transaction.atomic
def retract(
    *, obj: Claim | ContextNote, by, reason: str, expected_version: int | None = None
) -> Correction:
    """Retract published content; it stays public, marked retracted, with the reason logged."""
    obj.retract(by=by, reason=reason, expected_version=expected_version)
    return Correction.objects.create(
        **_target(obj), kind=Correction.Kind.RETRACTION, text=obj.retraction_reason, created_by=by
    )
