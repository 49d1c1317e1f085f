"""Actions of the intake desk that write in both apps: claims made from sentences, repeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from annotations.models import ContextNote
from claims.models import SUMMARY_MAX_LENGTH, Claim, ClaimRelation, Figure, Source, Speaker
from claims.workflow import NotPermitted, Status
from intake.models import Intake, IntakeClaim


@dataclass(frozen=True)
class FigureInput:
    """A figure as the editor confirmed it; `part_of` is the index of its denominator."""

    value: Decimal
    counts: str
    qualifier: str = Figure.Qualifier.EXACT
    unit: str = ""
    as_of: date | None = None
    period: str = ""
    part_of: int | None = None


@transaction.atomic
def record_repeat(
    *,
    checked: Claim,
    text: str,
    speaker: Speaker,
    source: Source,
    by,
    anchor: dict[str, Any] | None = None,
) -> Claim:
    """A draft claim for `text` that "repeats" `checked`, with its published notes attached.

    The notes are attached, not copied: one note then qualifies both claims, and shows on
    the new claim's public page once that claim is published. Each step is a save, so the
    history records it. With `anchor` (start/end, or exact/prefix/suffix), the draft is
    anchored on those words of its source's current text (AnchorError if they are not there).
    """
    if not (by.is_authenticated and by.has_perm("claims.add_claim")):
        raise NotPermitted("You cannot record claims.")
    if not checked.is_public or checked.status == Status.RETRACTED:
        raise NotPermitted("Only a published claim can be repeated.")
    text = text.strip()
    summary = text if len(text) <= SUMMARY_MAX_LENGTH else checked.summary
    claim = Claim.objects.create(
        speaker=speaker,
        source=source,
        text=text,
        text_kind=Claim.TextKind.VERBATIM,
        summary=summary,
        said_on=source.date,
        said_on_precision=source.date_precision,
        created_by=by,
    )
    if anchor is not None:
        claim.anchor_to(by=by, **anchor)
    ClaimRelation.objects.create(
        from_claim=claim, to_claim=checked, kind=ClaimRelation.Kind.REPEATS
    )
    for note in ContextNote.objects.published().filter(claims=checked):
        # Through the M2M manager, so the note's history records the new claim.
        note.claims.add(claim)
    return claim


def sentence_anchor(intake: Intake, number: int) -> dict[str, Any]:
    """Where sentence `number` of `intake` is in its source's current text, for anchor_to.

    By position when the intake's revision is still the current one; otherwise by its
    words, which must then occur once in the current text.
    """
    sentence = intake.sentence(number)
    start, end = sentence["start"], sentence["end"]
    current = intake.revision.source.current_revision()
    if current is not None and current.pk == intake.revision_id:
        return {"start": start, "end": end, "exact": sentence["text"]}
    return {"exact": sentence["text"]}


@transaction.atomic
def claim_from_sentence(
    *,
    intake: Intake,
    number: int,
    speaker: Speaker,
    summary: str,
    figures: list[FigureInput],
    by,
) -> Claim:
    """A draft claim of sentence `number`, anchored on it, with the figures the editor kept."""
    if not (by.is_authenticated and by.has_perm("claims.add_claim")):
        raise NotPermitted("You cannot record claims.")
    source = intake.revision.source
    sentence = intake.sentence(number)
    claim = Claim.objects.create(
        speaker=speaker,
        source=source,
        text=sentence["text"],
        text_kind=Claim.TextKind.VERBATIM,
        summary=summary,
        said_on=source.date,
        said_on_precision=source.date_precision,
        created_by=by,
    )
    claim.anchor_to(by=by, **sentence_anchor(intake, number))
    saved = [
        Figure.objects.create(
            claim=claim,
            position=position,
            value=figure.value,
            counts=figure.counts,
            qualifier=figure.qualifier,
            unit=figure.unit,
            as_of=figure.as_of,
            period=figure.period,
        )
        for position, figure in enumerate(figures)
    ]
    for row, figure in zip(saved, figures, strict=True):
        if figure.part_of is not None:
            row.part_of = saved[figure.part_of]
            row.save(update_fields=["part_of"])
    IntakeClaim.objects.create(intake=intake, sentence=number, claim=claim)
    return claim


@transaction.atomic
def repeat_from_sentence(
    *, intake: Intake, number: int, checked: Claim, speaker: Speaker, by
) -> Claim:
    """Record sentence `number` of `intake` as a repeat of `checked`, anchored on the sentence."""
    sentence = intake.sentence(number)
    claim = record_repeat(
        checked=checked,
        text=sentence["text"],
        speaker=speaker,
        source=intake.revision.source,
        by=by,
        anchor=sentence_anchor(intake, number),
    )
    IntakeClaim.objects.create(intake=intake, sentence=number, claim=claim, repeats=True)
    return claim
