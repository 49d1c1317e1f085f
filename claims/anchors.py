"""Source texts kept as numbered revisions, and claims anchored to spans of them.

The models are imported by claims.models (so Django finds them there); the
behaviour they need is here, beside them: revising a source's text re-anchors
every claim of the source in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.anchoring import CONTEXT, AnchorError, Selector, locate, reanchor

if TYPE_CHECKING:
    from claims.models import Claim, Source


class SourceRevision(models.Model):
    """One version of a source's full text, numbered 1..n per source; the newest is current."""

    class Origin(models.TextChoices):
        INITIAL = "initial", "Text from before revisions were kept"
        PASTED = "pasted", "Pasted on the desk"
        API = "api", "Sent through the API"
        PDF = "pdf", "Extracted from a PDF"
        HTML = "html", "Extracted from a saved web page"
        TEXT = "text", "Read from a text file"
        IMPORT = "import", "Imported from an export"
        ADMIN = "admin", "Edited in the admin"
        DEMO = "demo", "Demo data"

    source = models.ForeignKey("claims.Source", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "number"], name="claims_sourcerevision_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="claims_sourcerevision_number_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} (revision {self.number})"

    @property
    def length(self) -> int:
        """The text's length in code points."""
        return len(self.text)


class Anchor(models.Model):
    """Where a claim was said: W3C quote and position selectors on one revision of its source."""

    class State(models.TextChoices):
        ANCHORED = "anchored", "Anchored"
        ORPHANED = "orphaned", "Orphaned (not found in the current text)"

    class How(models.TextChoices):
        MARKED = "marked", "Marked by the desk"
        POSITION = "position", "Same words at the same place"
        CONTEXT = "context", "Same words in the same context"
        FUZZY = "fuzzy", "Similar words with the same numbers"
        IMPORTED = "imported", "Imported from an export"

    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="anchor")
    # A number, not a link: an import restores anchors whose source text the file lacks.
    revision_number = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=CONTEXT, blank=True)
    suffix = models.CharField(max_length=CONTEXT, blank=True)
    start = models.PositiveIntegerField(help_text="In Unicode code points from the text's start.")
    end = models.PositiveIntegerField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.ANCHORED)
    how = models.CharField(
        max_length=8, choices=How.choices, default=How.MARKED, help_text="How it was last placed."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claims_anchor_not_empty"),
            models.CheckConstraint(
                condition=Exact(Length("exact"), F("end") - F("start")),
                name="claims_anchor_exact_fits_positions",
                violation_error_message="The exact words must be as long as start–end.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} @ {self.start}–{self.end}"

    @property
    def selector(self) -> Selector:
        """The stored selectors as the anchoring functions take them."""
        return Selector(self.exact, self.prefix, self.suffix, self.start, self.end)

    def place(self, selector: Selector, *, revision: int, how: str) -> None:
        """Put the anchor on `selector` of revision `revision` (not saved)."""
        self.exact, self.prefix, self.suffix = selector.exact, selector.prefix, selector.suffix
        self.start, self.end = selector.start, selector.end
        self.revision_number, self.how, self.state = revision, how, self.State.ANCHORED


@dataclass
class Revised:
    """What a new revision of a source's text did: the revision and the anchors it touched."""

    revision: SourceRevision | None
    moved: list[Anchor] = field(default_factory=list)
    orphaned: list[Anchor] = field(default_factory=list)


def current_revision(source: Source) -> SourceRevision | None:
    """The source's newest revision; its text before revisions were kept becomes revision 1."""
    revision = source.revisions.order_by("-number").first()
    if revision is None and source.full_text:
        revision = SourceRevision.objects.create(
            source=source, number=1, text=source.full_text, origin=SourceRevision.Origin.INITIAL
        )
    return revision


def revise(source: Source, *, text: str, by: Any, origin: str) -> Revised:
    """Make `text` the source's new current revision and re-anchor its claims, atomically."""
    from claims.models import Source

    with transaction.atomic():
        locked = Source.objects.select_for_update().get(pk=source.pk)
        previous = current_revision(locked)
        if previous is not None and previous.text == text:
            return Revised(None)
        if previous is None and not text:
            return Revised(None)
        revision = SourceRevision.objects.create(
            source=locked,
            number=(previous.number + 1) if previous else 1,
            text=text,
            origin=origin,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        source.full_text = locked.full_text = text
        locked.save(update_fields=["full_text", "updated_at"])
        source.updated_at = locked.updated_at
        result = Revised(revision)
        reanchor_all(locked, revision, result)
        return result


PLACED_FIELDS = ("revision_number", "exact", "prefix", "suffix", "start", "end", "state", "how")


def reanchor_all(source: Source, revision: SourceRevision, result: Revised) -> None:
    """Place every anchor of the source's claims in `revision`, recording moves and orphans."""
    anchors = list(Anchor.objects.filter(claim__source=source).select_related("claim"))
    changed: list[Anchor] = []
    for anchor in anchors:
        placement = reanchor(anchor.selector, revision.text)
        if placement.selector is None:
            if anchor.state == Anchor.State.ANCHORED:
                anchor.state = Anchor.State.ORPHANED
                anchor._change_reason = f"Orphaned by revision {revision.number}"
                result.orphaned.append(anchor)
                changed.append(anchor)
            continue
        moved = placement.selector != anchor.selector or anchor.state == Anchor.State.ORPHANED
        anchor.place(placement.selector, revision=revision.number, how=placement.how)
        if moved:
            anchor._change_reason = f"Moved by revision {revision.number} ({placement.how})"
            result.moved.append(anchor)
        changed.append(anchor)
    now = timezone.now()
    still = [a.pk for a in changed if not hasattr(a, "_change_reason")]
    Anchor.objects.filter(pk__in=still).update(revision_number=revision.number, updated_at=now)
    moved = [a for a in changed if hasattr(a, "_change_reason")]
    # One UPDATE by primary key per moved anchor: a bulk_update's CASE costs rows × batch
    # to evaluate and measured slower on both databases (bench/anchoring.py).
    for anchor in moved:
        anchor.updated_at = now
        values = {name: getattr(anchor, name) for name in PLACED_FIELDS}
        Anchor.objects.filter(pk=anchor.pk).update(**values, updated_at=now)
    Anchor.history.bulk_history_create(
        moved,
        update=True,
        default_date=now,
        default_user=revision.created_by,
    )


def place_anchor(
    claim: Claim,
    *,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
) -> tuple[SourceRevision, Selector]:
    """Find the span in the claim's source's current text (AnchorError when it cannot)."""
    revision = current_revision(claim.source)
    if revision is None or not revision.text:
        raise AnchorError("anchor", "The claim's source has no text to anchor in.")
    selector = locate(
        revision.text, exact=exact, prefix=prefix, suffix=suffix, start=start, end=end
    )
    return revision, selector


def keep_anchor(claim: Claim, revision: SourceRevision, selector: Selector) -> Anchor:
    """Write the claim's anchor (created or moved) on `selector` of `revision`."""
    anchor = Anchor.objects.filter(claim=claim).first() or Anchor(claim=claim)
    anchor.place(selector, revision=revision.number, how=Anchor.How.MARKED)
    anchor._change_reason = f"Marked on revision {revision.number}"
    anchor.save()
    return anchor
