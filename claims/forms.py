"""Desk forms for speakers, sources, claims, their figures and relations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from claims.models import (
    SUMMARY_MAX_LENGTH,
    Claim,
    ClaimRelation,
    DatePrecision,
    Figure,
    Source,
    Speaker,
    Tag,
    check_tag_count,
)
from claims.workflow import Status

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DatePrecisionMixin:
    """Keeps a date and its precision consistent, so the database constraint never trips.

    A date without a precision is taken as exact to the day; no date means the
    precision is unknown, whatever was picked.
    """

    date_pairs: tuple[tuple[str, str], ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for date_field, precision_field in self.date_pairs:
            if date_field not in cleaned or precision_field not in cleaned:
                continue
            if cleaned[date_field] is None:
                cleaned[precision_field] = DatePrecision.UNKNOWN
            elif cleaned[precision_field] == DatePrecision.UNKNOWN:
                cleaned[precision_field] = DatePrecision.DAY
        return cleaned


class VersionedForm(forms.ModelForm):
    """A form for a workflow record that remembers the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version


class TagLimitMixin:
    """Refuses more tags than a claim may carry, on the tags field (desk and admin)."""

    def clean_tags(self) -> Any:
        tags = self.cleaned_data["tags"]
        try:
            check_tag_count(len(tags))
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["tags"]) from error
        return tags


class SpeakerForm(forms.ModelForm):
    distinct = forms.BooleanField(
        required=False,
        label="This is another speaker with the same name",
        help_text="Tick only when a speaker of this name exists and this one is someone else.",
    )

    class Meta:
        model = Speaker
        fields = ["name", "kind", "role", "affiliation", "same_as_url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.same_name: list[Speaker] = []
        if self.instance.pk:
            del self.fields["distinct"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("name") and not cleaned.get("distinct"):
            candidate = Speaker(name=cleaned["name"])
            hint = candidate.same_name_hint()
            if hint:
                # Offered on the page as links, so the desk picks the existing one.
                self.same_name = list(candidate.same_name()[:5])
                self.add_error("name", hint)
        return cleaned


class SourceForm(DatePrecisionMixin, forms.ModelForm):
    date_pairs = (("date", "date_precision"),)

    class Meta:
        model = Source
        fields = [
            "kind",
            "title",
            "publisher",
            "author",
            "url",
            "date",
            "date_precision",
            "full_text",
        ]
        widgets = {"date": DATE_WIDGET, "full_text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"date_precision": "How much of the date is known."}


class ClaimForm(TagLimitMixin, DatePrecisionMixin, VersionedForm):
    date_pairs = (("said_on", "said_on_precision"),)

    class Meta:
        model = Claim
        fields = [
            "speaker",
            "speaker_role",
            "source",
            "said_on",
            "said_on_precision",
            "text",
            "text_kind",
            "summary",
            "tags",
        ]
        widgets = {
            "said_on": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 5}),
            "tags": forms.CheckboxSelectMultiple,
        }
        labels = {
            "said_on": "Said on",
            "said_on_precision": "Precision of that date",
            "speaker_role": "Their role or title when they said it",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.order_by("name")
        # A browser's maxlength cuts a pasted summary short without a word; the count and
        # the server's message say what is too long instead.
        summary = self.fields["summary"].widget.attrs
        summary.pop("maxlength", None)
        summary["data-count-max"] = str(SUMMARY_MAX_LENGTH)


def denominator_choices(claim: Claim | None) -> QuerySet[Figure]:
    """Figures a claim's figure may be a share of: its own, and those of related claims."""
    if claim is None or claim.pk is None:
        return Figure.objects.none()
    return (
        Figure.objects.filter(
            Q(claim=claim)
            | Q(claim__relations_in__from_claim=claim)
            | Q(claim__relations_out__to_claim=claim)
            | Q(parts__claim=claim)
        )
        .select_related("claim")
        .distinct()
        .order_by("claim__summary", "position", "pk")
    )


class DenominatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Figure) -> str:
        return f"{obj} (in “{obj.claim.summary}”)"


class FigureForm(forms.ModelForm):
    part_of = DenominatorField(
        queryset=Figure.objects.none(),
        required=False,
        label="Part of (denominator)",
        help_text="The whole this number is a share of: a figure of this claim or a related one.",
    )

    class Meta:
        model = Figure
        fields = ["qualifier", "value", "unit", "counts", "as_of", "period", "part_of"]
        widgets = {"as_of": DATE_WIDGET}
        labels = {"as_of": "As of", "counts": "What it counts"}

    def __init__(self, *args: Any, denominators: QuerySet[Figure] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.value is not None:
            # Show 662566, not the stored 662566.000000. A Decimal, not a string, so an
            # untouched row still compares equal and is not saved again.
            self.initial["value"] = Decimal(f"{self.instance.value.normalize():f}")
        if denominators is not None:
            if self.instance.pk:
                denominators = denominators.exclude(pk=self.instance.pk)
            self.fields["part_of"].queryset = denominators


class BaseFigureFormSet(forms.BaseInlineFormSet):
    """A claim's figures; new ones go after the existing ones."""

    def clean(self) -> None:
        super().clean()
        # A denominator is protected in the database; say so instead of failing.
        # (Errors on a deleted row would be ignored, so they go on the formset.)
        protected = [
            f"“{form.instance}” is the denominator of another figure; change that one first."
            for form in self.deleted_forms
            if form.instance.pk
            and (form.instance.parts.exists() or form.instance.note_parts.exists())
        ]
        if protected:
            raise forms.ValidationError(protected)

    def save(self, commit: bool = True) -> list[Figure]:
        saved = super().save(commit=False)
        positions = [form.instance.position for form in self.forms if form.instance.pk]
        next_position = max(positions, default=-1) + 1
        for figure in saved:
            if figure.pk is None:
                figure.position = next_position
                next_position += 1
        if commit:
            for figure in self.deleted_objects:
                figure.delete()
            for figure in saved:
                figure.save()
        return saved


FigureFormSet = forms.inlineformset_factory(
    Claim,
    Figure,
    form=FigureForm,
    formset=BaseFigureFormSet,
    fk_name="claim",
    extra=2,
    can_delete=True,
)


class RelationForm(forms.ModelForm):
    class Meta:
        model = ClaimRelation
        fields = ["kind", "to_claim", "note"]
        labels = {"kind": "This claim", "to_claim": "Other claim", "note": "Note (optional)"}

    def __init__(self, *args: Any, from_claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.from_claim = from_claim
        self.fields["to_claim"].queryset = Claim.objects.exclude(pk=from_claim.pk).order_by(
            "summary"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # The unique constraint names from_claim, which is not a form field, so
        # the form would not check it and the database would answer with an error.
        duplicate = ClaimRelation.objects.filter(
            from_claim=self.instance.from_claim,
            to_claim=cleaned.get("to_claim"),
            kind=cleaned.get("kind"),
        )
        if cleaned.get("to_claim") and duplicate.exists():
            self.add_error("to_claim", "These two claims are already related this way.")
        return cleaned


class ReasonForm(forms.Form):
    """A reason the author or the readers will see (rejection, retraction)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ClaimFilterForm(forms.Form):
    """The desk's claim list filters; every field is optional."""

    q = forms.CharField(required=False, label="Search")
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.order_by("name"), required=False, to_field_name="slug"
    )
    status = forms.ChoiceField(required=False)
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.order_by("name"), required=False, to_field_name="slug"
    )
    said_from = forms.DateField(required=False, label="Said from", widget=DATE_WIDGET)
    said_to = forms.DateField(required=False, label="Said until", widget=DATE_WIDGET)
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "any"), *Status.choices]

    def filter(self, claims: QuerySet[Claim], user: Any) -> QuerySet[Claim]:
        """Apply the valid filters (search is left to the caller's one search function)."""
        if not self.is_valid():
            return claims
        data = self.cleaned_data
        if data["speaker"]:
            claims = claims.filter(speaker=data["speaker"])
        if data["status"]:
            claims = claims.filter(status=data["status"])
        if data["tag"]:
            claims = claims.filter(tags=data["tag"])
        if data["said_from"]:
            claims = claims.filter(said_on__gte=data["said_from"])
        if data["said_to"]:
            claims = claims.filter(said_on__lte=data["said_to"])
        if data["mine"]:
            claims = claims.filter(created_by=user)
        return claims
