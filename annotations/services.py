"""Workflow steps that write in both apps: corrections and retractions with their public entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from annotations.models import ContextNote, Correction
from claims.models import Claim
from claims.workflow import NotPermitted, TransitionError


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


# --- one step for many claims and notes ---------------------------------------------------

BATCH_STEPS = ("submit", "approve")


@dataclass
class BatchProblem:
    """Why one item of a batch may not take the step; `forbidden` when it is the role."""

    kind: str
    slug: str
    detail: str
    forbidden: bool = False
    missing: bool = False


class BatchRefused(Exception):
    """At least one item may not take the step; nothing was changed."""

    def __init__(self, problems: list[BatchProblem]) -> None:
        super().__init__("; ".join(f"{p.kind} {p.slug}: {p.detail}" for p in problems))
        self.problems = problems

    @property
    def forbidden(self) -> bool:
        return any(p.forbidden for p in self.problems)

    @property
    def missing(self) -> bool:
        return any(p.missing for p in self.problems)


@transaction.atomic
def batch_step(
    *, step: str, by, claims: Sequence[str], notes: Sequence[str] = (), with_notes: bool = False
) -> list[Claim | ContextNote]:
    """Submit or approve these claims and notes (by slug) all at once, or none of them.

    Each item is checked as if it were alone (role, state, nobody approving their own
    work); one refusal raises BatchRefused listing every problem, and the transaction
    rolls back the steps already taken. `with_notes` adds the claims' draft notes.
    """
    if step not in BATCH_STEPS:
        raise ValueError(step)
    note_slugs = list(dict.fromkeys(notes))
    if with_notes:
        attached = ContextNote.objects.drafts().filter(claims__slug__in=claims).distinct()
        note_slugs += [s for s in attached.values_list("slug", flat=True) if s not in note_slugs]
    found: dict[str, dict[str, Any]] = {
        "claim": {
            c.slug: c
            for c in Claim.objects.visible_to(by).select_for_update().filter(slug__in=claims)
        },
        "note": {
            n.slug: n
            for n in ContextNote.objects.visible_to(by)
            .select_for_update()
            .filter(slug__in=note_slugs)
        },
    }
    done: list[Claim | ContextNote] = []
    problems: list[BatchProblem] = []
    for kind, slugs in (("claim", claims), ("note", note_slugs)):
        for slug in dict.fromkeys(slugs):
            obj = found[kind].get(slug)
            if obj is None:
                problems.append(BatchProblem(kind, slug, f"No {kind} “{slug}”.", missing=True))
                continue
            try:
                getattr(obj, step)(by=by)
            except NotPermitted as error:
                problems.append(BatchProblem(kind, slug, str(error), forbidden=True))
            except TransitionError as error:
                problems.append(BatchProblem(kind, slug, str(error)))
            else:
                done.append(obj)
    if problems:
        raise BatchRefused(problems)
    return done
