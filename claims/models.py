"""Speakers, sources, claims, the figures in them and the relations between claims."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from claims.workflow import Reviewable, ReviewableQuerySet, Status, Versioned

SUMMARY_MAX_LENGTH = 75  # ClaimReview's claimReviewed should stay this short.
# A claim is about a few topics; thousands of tags make every list and export unreadable.
MAX_TAGS = 20


class DatePrecision(models.TextChoices):
    """How much of a date is known. Month and year precision store the first day."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


def date_precision_constraint(date_field: str, precision_field: str) -> models.CheckConstraint:
    """A date is empty exactly when its precision is unknown."""
    return models.CheckConstraint(
        condition=Q(**{f"{date_field}__isnull": True, precision_field: DatePrecision.UNKNOWN})
        | (Q(**{f"{date_field}__isnull": False}) & ~Q(**{precision_field: DatePrecision.UNKNOWN})),
        name=f"%(app_label)s_%(class)s_{date_field}_matches_precision",
        violation_error_message="Give a date with its precision, or leave both unknown.",
    )


class FieldCheckConstraint(models.CheckConstraint):
    """A check constraint whose error names one field, so forms and the API show it there."""

    def __init__(self, *, field: str, **kwargs: Any) -> None:
        self.field = field
        super().__init__(**kwargs)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "field": self.field}

    def validate(self, model: Any, instance: models.Model, exclude: Any = None, using: Any = None):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            raise ValidationError({self.field: error.error_list}) from error


DATE_START_MESSAGE = (
    "A date with precision “month” is the first day of its month, one with precision "
    "“year” is 1 January: enter it so, or choose precision “day”."
)


def date_start_constraint(date_field: str, precision_field: str) -> FieldCheckConstraint:
    """Month precision stores the first day of the month, year precision 1 January."""
    return FieldCheckConstraint(
        field=date_field,
        condition=(~Q(**{precision_field: DatePrecision.MONTH}) | Q(**{f"{date_field}__day": 1}))
        & (
            ~Q(**{precision_field: DatePrecision.YEAR})
            | Q(**{f"{date_field}__day": 1, f"{date_field}__month": 1})
        ),
        name=f"%(app_label)s_%(class)s_{date_field}_starts_its_period",
        violation_error_message=DATE_START_MESSAGE,
    )


def check_tag_count(count: int) -> None:
    """Raise a ValidationError on `tags` when a claim would carry more than MAX_TAGS tags."""
    if count > MAX_TAGS:
        raise ValidationError({"tags": [f"A claim carries at most {MAX_TAGS} tags, not {count}."]})


def unique_slug(model: type[models.Model], text: str, max_length: int = 80) -> str:
    """A slug from `text` that no row of `model` uses yet."""
    base = slugify(text)[: max_length - 8].strip("-") or model._meta.model_name
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class Speaker(models.Model):
    """A person or organisation whose statements the desk checks."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        max_length=300, blank=True, help_text="Role or title at the time of the statements."
    )
    affiliation = models.CharField(max_length=200, blank=True, help_text="Party or organisation.")
    same_as_url = models.URLField(
        "same-as link", blank=True, help_text="Wikidata or official page (schema.org sameAs)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="claims_speaker_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name)
        super().save(*args, **kwargs)

    def same_name(self) -> models.QuerySet[Speaker]:
        """Other speakers with this name, whatever its case and spacing: probably the same one."""
        name = " ".join(self.name.split())
        return Speaker.objects.filter(name__iexact=name).exclude(pk=self.pk).order_by("pk")

    def same_name_hint(self) -> str | None:
        """A warning naming the speakers that already carry this name, or None."""
        existing = list(self.same_name()[:5])
        if not existing:
            return None
        named = ", ".join(
            f"“{s.name}” ({s.slug}{', ' + s.role if s.role else ''})" for s in existing
        )
        return (
            f"A speaker with this name exists already: {named}. Use it, and record the role "
            "they had at the time on the claim; or confirm this is another speaker."
        )


class Source(models.Model):
    """Where a statement appeared: a letter, speech, interview, article, post or dataset."""

    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        STATEMENT = "statement", "Statement"
        SPEECH = "speech", "Speech"
        INTERVIEW = "interview", "Interview"
        ARTICLE = "article", "Article"
        POST = "post", "Social media post"
        DATASET = "dataset", "Dataset"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text="Who made the statement or wrote the document, when it is one speaker.",
    )
    url = models.URLField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    full_text = models.TextField(
        blank=True,
        help_text="The source document itself, if available: the newest of its revisions.",
    )
    text_public = models.BooleanField(
        "full text may be shown publicly",
        default=False,
        help_text="Off for copyrighted texts: readers then see only the quotes and their context.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="claims_source_title_not_empty"),
            date_precision_constraint("date", "date_precision"),
            date_start_constraint("date", "date_precision"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Source, self.title)
        super().save(*args, **kwargs)

    def revise(self, *, text: str, by: Any, origin: str) -> Revised:
        """Make `text` the current text as a new revision and re-anchor the claims, atomically.

        The one way a source's text changes (API, desk, admin, import, demo); an
        unchanged text makes no revision.
        """
        return revise(self, text=text, by=by, origin=origin)

    def save_and_revise(self, *, by: Any, origin: str) -> Revised:
        """Save a form's or client's changes: the other fields, then the text as a revision."""
        text = self.full_text
        with transaction.atomic():
            stored = Source.objects.filter(pk=self.pk).values_list("full_text", flat=True)
            self.full_text = (stored.first() or "") if self.pk else ""
            self.save()
            return self.revise(text=text, by=by, origin=origin)

    def current_revision(self) -> SourceRevision | None:
        """The newest revision of the text (None for a source without text)."""
        return current_revision(self)


class Tag(models.Model):
    """A topic label for claims ("immigration", "crime statistics")."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, max_length=60)
        super().save(*args, **kwargs)


class ClaimQuerySet(ReviewableQuerySet):
    def with_related(self) -> ClaimQuerySet:
        """What a list of claims shows, in a constant number of queries."""
        return self.select_related("speaker", "source").prefetch_related("tags")


class Claim(Reviewable):
    """Something a speaker said, as said, with its numbers as figures."""

    class TextKind(models.TextChoices):
        VERBATIM = "verbatim", "Verbatim quote"
        PARAPHRASE = "paraphrase", "Faithful paraphrase"

    slug = models.SlugField(
        max_length=80, unique=True, help_text="Stable public address; never changes once set."
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims")
    speaker_role = models.CharField(
        "speaker's role at the time",
        max_length=300,
        blank=True,
        help_text="The speaker's role or title when this was said (e.g. “Minister of Finance”); "
        "roles change over the years.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    said_on = models.DateField(null=True, blank=True)
    said_on_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    text = models.TextField(help_text="The exact words, or a faithful paraphrase.")
    text_kind = models.CharField(max_length=12, choices=TextKind.choices, default=TextKind.VERBATIM)
    summary = models.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text=f"At most {SUMMARY_MAX_LENGTH} characters (ClaimReview's claimReviewed).",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")

    history = HistoricalRecords(m2m_fields=[tags])

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "-created_at"]
        permissions = [
            ("review_claim", "Can approve, reject, correct and retract claims"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("summary"), SUMMARY_MAX_LENGTH),
                name="claims_claim_summary_max_75",
                violation_error_message=(
                    f"The summary must be at most {SUMMARY_MAX_LENGTH} characters."
                ),
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="claims_claim_summary_not_empty"),
            models.CheckConstraint(condition=~Q(text=""), name="claims_claim_text_not_empty"),
            date_precision_constraint("said_on", "said_on_precision"),
            date_start_constraint("said_on", "said_on_precision"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="claims_claim_status_pub"),
            # The API list pages newest first on created_at (cursor pagination) and the
            # public list on published_at: without these every page sorts the whole table.
            models.Index(fields=["-created_at"], name="claims_claim_created"),
            models.Index(fields=["-published_at", "-id"], name="claims_claim_published_id"),
            # A speaker's page and a search by speaker name read a speaker's newest claims
            # first, whether the speaker has ten or ten thousand.
            models.Index(
                fields=["speaker", "-published_at", "-id"], name="claims_claim_speaker_pub"
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Claim, self.summary)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:claim-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        claim = super().from_db(db, field_names, values)
        # What the text was when read: only an edit of the text is held to the anchor.
        claim._saved_text = claim.__dict__.get("text")  # never loads a deferred text
        return claim

    def clean(self) -> None:
        super().clean()
        if self.text_kind != self.TextKind.VERBATIM or self.pk is None:
            return
        if getattr(self, "_saved_text", None) == self.text or hasattr(self, "_placed"):
            return
        anchor = Anchor.objects.filter(claim=self, state=Anchor.State.ANCHORED).first()
        if anchor is not None and anchor.exact != self.text:
            message = (
                "A verbatim claim anchored in its source keeps the anchored words "
                f"(“{anchor.exact[:80]}”): change the anchor, or make the claim a paraphrase."
            )
            # Code "anchored": the API answers 409, the words being fixed by the stored anchor.
            raise ValidationError({"text": ValidationError(message, code="anchored")})

    def place_anchor(self, **span: Any) -> tuple[SourceRevision, Selector]:
        """Find the span (exact/prefix/suffix/start/end) in the source's current text, unsaved.

        A verbatim claim takes the anchored words as its text. Raises AnchorError.
        """
        revision, selector = place_anchor(self, **span)
        if self.text_kind == self.TextKind.VERBATIM:
            self.text = selector.exact
        self._placed = (revision, selector)
        return revision, selector

    def keep_anchor(self) -> Anchor:
        """Save the anchor found by place_anchor (the claim must be saved)."""
        revision, selector = self._placed
        return keep_anchor(self, revision, selector)

    def anchor_to(self, *, by: Any = None, **span: Any) -> Anchor:
        """Anchor this saved claim to a span of its source's current text (e.g. start/end)."""
        with transaction.atomic():
            before = self.text
            self.place_anchor(**span)
            if self.text != before:
                self.save(update_fields=["text"])
            return self.keep_anchor()

    @property
    def anchor_or_none(self) -> Anchor | None:
        """The claim's anchor, or None when it has none (templates cannot catch DoesNotExist)."""
        try:
            return self.anchor
        except Anchor.DoesNotExist:
            return None

    def remove_anchor(self) -> None:
        """Detach the claim from its source's text (its history keeps the anchor)."""
        Anchor.objects.filter(claim=self).delete()


class FigureBase(Versioned):
    """A number as data: value, qualifier, what it counts, unit and when it held."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exactly"
        ABOUT = "about", "about"
        MORE_THAN = "more_than", "more than"
        LESS_THAN = "less_than", "less than"
        NEARLY = "nearly", "nearly"
        AT_LEAST = "at_least", "at least"
        UP_TO = "up_to", "up to"

    value = models.DecimalField(max_digits=24, decimal_places=6)
    qualifier = models.CharField(max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT)
    counts = models.CharField(
        max_length=300, help_text="What is counted, e.g. “noncitizens with criminal histories”."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="people, %, USD…")
    as_of = models.DateField(null=True, blank=True, help_text="The date the number held.")
    period = models.CharField(
        max_length=100, blank=True, help_text="Or the period it covers, e.g. “fiscal year 2024”."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        qualifier = (
            "" if self.qualifier == self.Qualifier.EXACT else f"{self.get_qualifier_display()} "
        )
        return f"{qualifier}{self.value.normalize():,f} {self.counts}".strip()

    ZERO_DENOMINATOR = "A denominator cannot be zero: no share can be computed from it."

    def clean(self) -> None:
        """Refuse a zero denominator, whichever side of the pair is being saved."""
        super().clean()
        whole = self.part_of if self.part_of_id else None
        if whole is not None and whole.value == 0:
            raise ValidationError({"part_of": [self.ZERO_DENOMINATOR]})
        if self.pk and self.value == 0 and self.has_parts_elsewhere():
            raise ValidationError(
                {"value": ["This figure is the denominator of another one, so it cannot be zero."]}
            )

    def has_parts_elsewhere(self) -> bool:
        """Whether figures outside this claim's own list are a share of this one."""
        return False

    @property
    def share(self) -> Decimal | None:
        """This figure as a fraction of its denominator (`part_of`), computed, never stored."""
        whole = self.part_of
        if whole is None or not whole.value:
            return None
        return self.value / whole.value

    @property
    def share_percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else share * 100


class Figure(FigureBase):
    """A number a speaker used in a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text="The whole this number is a part of (its denominator).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(part_of=F("pk")),
                name="claims_figure_not_own_denominator",
                violation_error_message="A figure cannot be its own denominator.",
            ),
            models.CheckConstraint(condition=~Q(counts=""), name="claims_figure_counts_not_empty"),
        ]

    def has_parts_elsewhere(self) -> bool:
        return self.parts.exclude(claim_id=self.claim_id).exists() or self.note_parts.exists()


class ClaimRelation(Versioned):
    """A typed link from one claim to another."""

    class Kind(models.TextChoices):
        RESPONDS_TO = "responds_to", "responds to"
        DISPUTES = "disputes", "disputes"
        CONTEXTUALISES = "contextualises", "contextualises"
        SAME_DATA = "same_data", "is derived from the same data as"
        PART_OF = "part_of", "is part of"
        REPEATS = "repeats", "repeats"

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_claim", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claims_relation_not_to_itself",
                violation_error_message="A claim cannot be related to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"],
                name="claims_relation_unique",
                violation_error_message="These two claims are already related this way.",
                violation_error_code="unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim} {self.get_kind_display()} {self.to_claim}"


@receiver(m2m_changed, sender=Claim.tags.through)
def refuse_too_many_tags(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any):
    """The last line behind every form and the API: no path gives a claim over MAX_TAGS tags."""
    if action != "pre_add" or not isinstance(instance, Claim) or not pk_set:
        return
    existing = set(instance.tags.values_list("pk", flat=True))
    check_tag_count(len(existing | set(pk_set)))


from claims.anchoring import Selector  # noqa: E402
from claims.anchors import (  # noqa: E402
    Anchor,
    Revised,
    SourceRevision,
    current_revision,
    keep_anchor,
    place_anchor,
    revise,
)

__all__ = [
    "MAX_TAGS",
    "Anchor",
    "Claim",
    "ClaimRelation",
    "DatePrecision",
    "Figure",
    "FigureBase",
    "Source",
    "SourceRevision",
    "Speaker",
    "Status",
    "Tag",
]
