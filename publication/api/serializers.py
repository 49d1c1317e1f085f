"""Input serializers for writes and the output shapes of lists and non-claim resources.

A claim's detail is not here: it is the published JSON (publication.shape).
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urljoin

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.models import Citation, ContextNote, NoteFigure
from claims.models import MAX_TAGS, Anchor, Claim, FigureBase, Source, SourceRevision, Speaker
from publication.api.base import full_clean
from publication.api.strict import StrictTypes, dates_with_precision
from publication.documents import base_url
from publication.shape import claim_path, figure_key, number


class OptionalURLField(serializers.URLField):
    """A URL that may be left empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


class CleanModelSerializer(StrictTypes, serializers.ModelSerializer):
    """Runs the model's own validation (fields, constraints, uniqueness) before any save."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        dates_with_precision(self)
        attrs = super().validate(attrs)
        many = {f.name for f in self.Meta.model._meta.many_to_many}
        concrete = {f.name for f in self.Meta.model._meta.concrete_fields}
        candidate = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            if name in concrete:  # not many-to-many or nested rows (figures)
                setattr(candidate, name, value)
        exclude = [*many, *([] if getattr(candidate, "slug", "x") else ["slug"])]
        full_clean(candidate, exclude=exclude)
        return attrs


class SpeakerSerializer(CleanModelSerializer):
    """A speaker, read and written; a new name that exists already answers 409 with a hint."""

    same_as = OptionalURLField(source="same_as_url", max_length=200)
    distinct = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Create the speaker although one with the same name exists (another person).",
    )

    class Meta:
        model = Speaker
        fields = ["slug", "name", "kind", "role", "affiliation", "same_as", "distinct"]
        extra_kwargs = {"slug": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        distinct = attrs.pop("distinct", False)
        attrs = super().validate(attrs)
        if self.instance is None and not distinct:
            hint = Speaker(name=attrs.get("name", "")).same_name_hint()
            if hint:
                raise serializers.ValidationError({"name": [hint]}, code="same_name")
        return attrs


class SourceSerializer(CleanModelSerializer):
    """A source document, read and written; `author` names a speaker by slug."""

    author = serializers.SlugRelatedField(
        slug_field="slug", queryset=Speaker.objects.all(), required=False, allow_null=True
    )
    url = OptionalURLField()

    class Meta:
        model = Source
        fields = [
            "slug",
            "kind",
            "title",
            "publisher",
            "author",
            "url",
            "date",
            "date_precision",
            "full_text",
            "text_public",
        ]
        extra_kwargs = {
            "slug": {"required": False},
            "full_text": {
                "trim_whitespace": False,
                "help_text": "The current text. A change makes a new revision and re-anchors "
                "the source's claims. Empty for readers unless text_public is on.",
            },
        }

    def to_representation(self, source: Source) -> dict[str, Any]:
        data = super().to_representation(source)
        if not (source.text_public or self.context.get("staff")):
            data["full_text"] = ""  # copyrighted: readers get the quotes, not the document
        return data


class AnchorChangeSerializer(serializers.Serializer):
    """An anchor a new revision moved or orphaned."""

    claim = serializers.CharField(source="claim.slug")
    state = serializers.ChoiceField(choices=Anchor.State.choices)
    how = serializers.ChoiceField(choices=Anchor.How.choices)
    exact = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class AnchorChangesSerializer(serializers.Serializer):
    moved = AnchorChangeSerializer(many=True)
    orphaned = AnchorChangeSerializer(many=True)


class RevisedSourceSerializer(SourceSerializer):
    """A source after a write: the revision it made (null when the text did not change)."""

    revision = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="The new revision's number."
    )
    anchors = AnchorChangesSerializer(read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "revision", "anchors"]


class RevisionSerializer(serializers.ModelSerializer):
    """One revision of a source's text, without the text."""

    created_by = serializers.SerializerMethodField(help_text="Username; shown to newsroom staff.")
    length = serializers.IntegerField(source="text_length", help_text="In code points.")

    class Meta:
        model = SourceRevision
        fields = ["number", "created_at", "created_by", "origin", "length"]

    def get_created_by(self, revision: SourceRevision) -> str | None:
        user = revision.created_by
        return user.username if user and self.context.get("staff") else None


class RevisionTextSerializer(RevisionSerializer):
    """One revision with its text."""

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "text"]


class TextUploadSerializer(StrictTypes, serializers.Serializer):
    file = serializers.FileField(help_text="A PDF, a saved web page (.html) or plain UTF-8 text.")


class AnchorInputSerializer(StrictTypes, serializers.Serializer):
    """A span of the claim's source's current text: by exact words, by positions, or both."""

    exact = serializers.CharField(required=False, trim_whitespace=False, max_length=10_000)
    prefix = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=1000, default=""
    )
    suffix = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=1000, default=""
    )
    start = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1, help_text="In Unicode code points."
    )
    end = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "exact" not in attrs and not ("start" in attrs and "end" in attrs):
            raise serializers.ValidationError(
                {"exact": ["Give the exact words, or start and end."]}
            )
        return attrs


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["slug", "name"]


class ClaimListSerializer(serializers.ModelSerializer):
    """One line of the claim list; the detail carries everything else."""

    url = serializers.SerializerMethodField()
    speaker = SpeakerRefSerializer(read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    verdict = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "slug",
            "url",
            "summary",
            "status",
            "speaker",
            "source",
            "said_on",
            "said_on_precision",
            "tags",
            "verdict",
            "created_at",
            "published_at",
            "corrected_at",
        ]

    def get_url(self, claim: Claim) -> str:
        return urljoin(base_url(), claim_path(claim.slug))

    def get_verdict(self, claim: Claim) -> str | None:
        verdict = getattr(claim, "verdict", None)
        return verdict.rating.label if verdict else None


# A claim has at most a few dozen figures; a bound on n keeps a huge ordinal from
# reaching the database as an out-of-range offset.
FIGURE_KEY = r"^[-a-zA-Z0-9_]+#[1-9][0-9]{0,3}$"
FIGURE_KEY_MESSAGE = 'Name a figure as "<claim slug>#<n>", n from 1 to 9999.'


class FigureInputSerializer(StrictTypes, serializers.Serializer):
    """A figure as written with its claim; `part_of` names the denominator like "docket-size#1"."""

    value = serializers.DecimalField(max_digits=24, decimal_places=6)
    qualifier = serializers.ChoiceField(choices=FigureBase.Qualifier.choices, default="exact")
    counts = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    as_of = serializers.DateField(required=False, allow_null=True, default=None)
    period = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    part_of = serializers.RegexField(
        FIGURE_KEY,
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": FIGURE_KEY_MESSAGE},
        help_text='The denominator, as "<claim slug>#<n>" (its n-th figure, 1 to 9999).',
    )


class ClaimWriteSerializer(StrictTypes, serializers.ModelSerializer):
    """What an editor writes for a claim; figures, when given, replace the claim's figures."""

    speaker = serializers.SlugRelatedField(slug_field="slug", queryset=Speaker.objects.all())
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all())
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=MAX_TAGS,
        help_text=f"Tag names, at most {MAX_TAGS}.",
    )
    figures = FigureInputSerializer(many=True, required=False)
    anchor = AnchorInputSerializer(
        required=False,
        allow_null=True,
        help_text="Anchor the claim in its source's current text (null removes the anchor). "
        "A verbatim claim takes the anchored words as its text.",
    )

    class Meta:
        model = Claim
        fields = [
            "slug",
            "speaker",
            "speaker_role",
            "source",
            "said_on",
            "said_on_precision",
            "text",
            "text_kind",
            "summary",
            "tags",
            "figures",
            "anchor",
        ]
        extra_kwargs = {
            "slug": {"required": False},
            "text": {"required": False, "help_text": "Taken from the anchor when verbatim."},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        dates_with_precision(self)
        return super().validate(attrs)


class ReasonSerializer(StrictTypes, serializers.Serializer):
    reason = serializers.CharField(help_text="Shown to the author (reject) or readers (retract).")


class CorrectionInputSerializer(StrictTypes, serializers.Serializer):
    text = serializers.CharField(help_text="What changed, shown to readers with its date.")


class CitationSerializer(CleanModelSerializer):
    """A citation, read and written; `note` names the note it was entered on by slug.

    `shared_with` names the other notes citing the same study: it is entered once, and
    a correction to it reaches every one of them.
    """

    note = serializers.SlugRelatedField(slug_field="slug", queryset=ContextNote.objects.all())
    shared_with = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=ContextNote.objects.all(), required=False
    )
    url = OptionalURLField()
    archived_url = OptionalURLField()

    class Meta:
        model = Citation
        fields = [
            "id",
            "note",
            "shared_with",
            "title",
            "url",
            "publisher",
            "published_on",
            "archived_url",
            "excerpt",
            "accessed_on",
            "position",
        ]


class NoteFigureSerializer(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    part_of = serializers.SerializerMethodField()
    share = serializers.SerializerMethodField()

    class Meta:
        model = NoteFigure
        fields = ["value", "qualifier", "counts", "unit", "as_of", "period", "part_of", "share"]

    def get_value(self, figure: NoteFigure) -> str:
        return number(figure.value)

    def get_part_of(self, figure: NoteFigure) -> str | None:
        whole = figure.part_of
        if whole is None or not (whole.claim.is_public or self.context.get("staff")):
            return None
        ordinal = [f.pk for f in whole.claim.figures.all()].index(whole.pk) + 1
        return figure_key(whole.claim.slug, ordinal)

    def get_share(self, figure: NoteFigure) -> float | None:
        if self.get_part_of(figure) is None:
            return None
        share = figure.share
        return None if share is None else round(float(share), 6)


class NoteSerializer(serializers.ModelSerializer):
    """A context note as staff and readers see it through the API."""

    claims = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    citations = serializers.SerializerMethodField()
    figures = NoteFigureSerializer(many=True, read_only=True)

    class Meta:
        model = ContextNote
        fields = [
            "slug",
            "kind",
            "title",
            "body",
            "status",
            "claims",
            "citations",
            "figures",
            "created_at",
            "submitted_at",
            "published_at",
            "corrected_at",
            "rejection_reason",
            "retraction_reason",
            "version",
        ]

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, note: ContextNote) -> list[dict[str, Any]]:
        """The note's own citations, then those it shares with other notes."""
        cited = [*note.citations.all(), *note.shared_citations.all()]
        return CitationSerializer(cited, many=True).data


class NoteListSerializer(serializers.ModelSerializer):
    claims = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = ContextNote
        fields = ["slug", "kind", "title", "status", "claims", "created_at", "published_at"]


class NoteWriteSerializer(CleanModelSerializer):
    """What an editor writes for a note: `claims` names the claims it qualifies by slug.

    `figures`, when given, replace the note's figures; a figure's `part_of` names a
    claim's figure as its denominator, "<claim slug>#<n>".
    """

    claims = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Claim.objects.all(), required=False
    )
    figures = FigureInputSerializer(many=True, required=False)

    class Meta:
        model = ContextNote
        fields = ["slug", "kind", "title", "body", "claims", "figures"]
        extra_kwargs = {"slug": {"required": False}}
