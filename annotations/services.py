"""Workflow steps that write in both apps: corrections and retractions with their public entry."""

from __future__ import annotations

from django.db import transaction

from annotations.models import ContextNote, Correction
from claims.models import Claim
from claims.workflow import TransitionError


def _target(obj: Claim | ContextNote) -> dict[str, Claim | ContextNote]:
    return {"claim": obj} if isinstance(obj, Claim) else {"note": obj}


@transaction.atomic
def correct(*, obj: Claim | ContextNote, by, text: str) -> Correction:
    """Mark published content corrected and publish the dated correction entry."""
    if not text.strip():
        raise TransitionError("A correction needs a text, shown to readers with its date.")
    obj.mark_corrected(by=by)
    return Correction.objects.create(
        **_target(obj), kind=Correction.Kind.CORRECTION, text=text.strip(), created_by=by
    )


@transaction.atomic
def retract(*, obj: Claim | ContextNote, by, reason: str) -> Correction:
    """Retract published content; it stays public, marked retracted, with the reason logged."""
    obj.retract(by=by, reason=reason)
    return Correction.objects.create(
        **_target(obj), kind=Correction.Kind.RETRACTION, text=obj.retraction_reason, created_by=by
    )
