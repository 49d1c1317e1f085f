"""Context notes, their citations and figures, verdicts on rating scales, corrections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models import Claim, Figure, FigureBase, unique_slug
from claims.workflow import Reviewable, ReviewableQuerySet, Versioned


class NoteKind(models.TextChoices):
    TIMEFRAME = "timeframe", "Timeframe caveat"
    SCALE = "scale", "Scale / denominator"
    DEFINITION = "definition", "Definition"
    MISSING_CONTEXT = "missing_context", "Missing context"
    CITED_STUDY = "cited_study", "Cited study"
    CORRECTION = "correction", "Correction"


class ContextNote(Reviewable):
    """What changes how a claim reads; one note may qualify many claims."""

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown. Rendered safely: no HTML, scripts or styles.")
    claims = models.ManyToManyField(Claim, related_name="notes", blank=True)

    history = HistoricalRecords(m2m_fields=[claims])

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "context note"
        permissions = [
            ("review_contextnote", "Can approve, reject, correct and retract context notes"),
        ]
        # The API note list pages newest first on created_at (cursor pagination).
        indexes = [models.Index(fields=["-created_at"], name="annotations_note_created")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="annotations_note_title_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="annotations_note_body_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(ContextNote, self.title)
        super().save(*args, **kwargs)


def _note_link_label(link: models.Model) -> str:
    return str(link.contextnote)


# Rows of the claim–note link (admin inlines, history) read as the note's title rather
# than "ContextNote_claims object (1)".
ContextNote.claims.through.__str__ = _note_link_label


class Citation(Versioned):
    """Evidence behind a note, with its provenance; one study may be cited by several notes.

    `note` is the note it was entered on; `shared_with` the other notes citing it, so a
    study is entered once and a correction to it reaches every note that cites it.
    """

    note = models.ForeignKey(ContextNote, on_delete=models.CASCADE, related_name="citations")
    shared_with = models.ManyToManyField(
        ContextNote,
        blank=True,
        related_name="shared_citations",
        help_text="Other notes that cite the same study or report.",
    )
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(max_length=500, blank=True, help_text="An archived copy.")
    excerpt = models.TextField(blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[shared_with])

    class Meta:
        ordering = ["note", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""), name="annotations_citation_title_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def cited_by(self) -> list[ContextNote]:
        """Every note that cites this: the one it was entered on, then the others."""
        return [self.note, *self.shared_with.order_by("pk")]


class NoteFigure(FigureBase):
    """A number a reviewer brings in a note, optionally as a share of a claim's figure."""

    note = models.ForeignKey(ContextNote, on_delete=models.CASCADE, related_name="figures")
    part_of = models.ForeignKey(
        Figure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="note_parts",
        help_text="The claim figure this number is a part of (its denominator).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(counts=""), name="annotations_notefigure_counts_not_empty"
            ),
        ]


class RatingScale(models.Model):
    """A configurable list of ratings; one scale is the default for new verdicts."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    is_default = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="annotations_one_default_scale",
                violation_error_message="Only one rating scale can be the default.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One step of a scale, worst = lowest value; becomes ClaimReview's reviewRating."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(help_text="1 is the worst rating of the scale.")
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "value"], name="annotations_rating_unique_value"
            ),
            models.UniqueConstraint(
                fields=["scale", "label"], name="annotations_rating_unique_label"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1), name="annotations_rating_value_min_1"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Verdict(Versioned):
    """The desk's rating of one claim, explained."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    explanation = models.TextField(help_text="Why this rating, in a few sentences.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(explanation=""), name="annotations_verdict_explanation_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.claim}"


class Correction(models.Model):
    """A dated public entry recording a change to published content."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    note = models.ForeignKey(
        ContextNote, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What changed, for readers.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(note__isnull=True))
                | (Q(claim__isnull=True) & Q(note__isnull=False)),
                name="annotations_correction_one_target",
                violation_error_message="A correction concerns either a claim or a note.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="annotations_correction_text_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.claim or self.note}"
