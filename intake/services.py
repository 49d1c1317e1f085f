"""Actions of the intake desk that write in both apps: recording a repeat of a checked claim."""

from __future__ import annotations

from django.db import transaction

from annotations.models import ContextNote
from claims.models import SUMMARY_MAX_LENGTH, Claim, ClaimRelation, Source, Speaker
from claims.workflow import NotPermitted, Status


@transaction.atomic
def record_repeat(*, checked: Claim, text: str, speaker: Speaker, source: Source, by) -> Claim:
    """A draft claim for `text` that "repeats" `checked`, with its published notes attached.

    The notes are attached, not copied: one note then qualifies both claims, and shows on
    the new claim's public page once that claim is published. Each step is a save, so the
    history records it.
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
        created_by=by,
    )
    ClaimRelation.objects.create(
        from_claim=claim, to_claim=checked, kind=ClaimRelation.Kind.REPEATS
    )
    for note in ContextNote.objects.published().filter(claims=checked):
        # Through the M2M manager, so the note's history records the new claim.
        note.claims.add(claim)
    return claim
