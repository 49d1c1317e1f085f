"""Desk forms for speakers, sources, claims, their figures and relations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from claims import dates
from claims.anchoring import AnchorError
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

# One style for every date typed on the desk: ISO, in a text box. A browser's date
# picker would drop a mistyped value ("2024-13-45") instead of showing it back with
# its error, and cannot take a month or a year alone.
DATE_WIDGET = forms.DateInput(
    format="%Y-%m-%d",
    attrs={"placeholder": "YYYY-MM-DD", "inputmode": "numeric", "size": 12, "autocomplete": "off"},
)


class PartialDateField(forms.DateField):
    """A date typed "2024-03-05", or "2024-03" / "2024" for a month or a year (its first day)."""

    widget = DATE_WIDGET
    default_error_messages = {"invalid": f"Enter a date as {dates.INPUT_HINT}."}

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and dates.typed_precision(value):
            day = dates.parse_partial(value)
            if day is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return day
        return super().to_python(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class DatePrecisionMixin:
    """Keeps a date and its precision consistent, so the database constraint never trips.

    A date typed as a month ("2024-03") or a year ("2024") has that precision; any
    other date without a precision is taken as exact to the day; no date means the
    precision is unknown, whatever was picked. A saved date is shown as it was typed.
    """

    date_pairs: tuple[tuple[str, str], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for date_field, precision_field in self.date_pairs:
            self.fields[date_field].help_text = f"As {dates.INPUT_HINT}."
            day = getattr(self.instance, date_field, None)
            precision = getattr(self.instance, precision_field, dates.DAY)
            if day is not None and date_field not in self.initial:
                self.initial[date_field] = dates.as_typed(day, precision)
            elif isinstance(self.initial.get(date_field), dt.date):
                precision = self.initial.get(precision_field, dates.DAY)
                self.initial[date_field] = dates.as_typed(self.initial[date_field], precision)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for date_field, precision_field in self.date_pairs:
            if date_field not in cleaned or precision_field not in cleaned:
                continue
            typed = self.data.get(self.add_prefix(date_field), "") if self.is_bound else ""
            shape = dates.typed_precision(typed)
            if cleaned[date_field] is None:
                cleaned[precision_field] = DatePrecision.UNKNOWN
            elif shape is not None:
                if cleaned[precision_field] in (DatePrecision.UNKNOWN, DatePrecision.DAY, shape):
                    cleaned[precision_field] = shape
                else:
                    self.add_error(
                        date_field,
                        f"“{typed.strip()}” is a {shape}, but the precision says "
                        f"{cleaned[precision_field]}: type the {cleaned[precision_field]} "
                        f"({dates.INPUT_HINT}) or change the precision.",
                    )
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
            "text_public",
        ]
        widgets = {"full_text": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"date": PartialDateField}
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
        field_classes = {"said_on": PartialDateField}
        widgets = {
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


@dataclass(frozen=True)
class RowRef:
    """A denominator named by its row in the same formset (0-based), saved or not yet."""

    index: int


class DenominatorField(forms.ChoiceField):
    """A figure's denominator: a saved figure, or another row of the same form by position.

    The choices are given as lists (not a queryset) so a formset reads them once for
    all its rows. A saved figure of the rows' own claim is offered as its row, and a
    posted id of one is read as that row.
    """

    default_error_messages = {
        "invalid_choice": "Pick a denominator from the list: %(value)s is not one of them.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[("", "—")], **kwargs)
        self.figures: dict[str, Figure] = {}
        self.rows: dict[int, str] = {}
        self.row_of: dict[int, int] = {}  # a saved figure's id → its row
        self.own_row: int | None = None

    def offer(
        self,
        figures: list[Figure],
        *,
        rows: dict[int, str] | None = None,
        row_of: dict[int, int] | None = None,
        own_row: int | None = None,
    ) -> None:
        """Offer these saved figures and the rows (index → label) other than `own_row`."""
        self.own_row = own_row
        self.rows = {i: label for i, label in (rows or {}).items() if i != own_row}
        self.row_of = row_of or {}
        self.figures = {str(f.pk): f for f in figures}
        others = [
            (str(f.pk), self.label_from_instance(f)) for f in figures if f.pk not in self.row_of
        ]
        choices: list[Any] = [("", "—")]
        if self.rows or self.row_of:
            in_form = [(f"row-{i}", label) for i, label in self.rows.items()]
            choices.append(("In this form", in_form))
            if others:
                choices.append(("Of related claims", others))
        else:
            choices += others
        self.choices = choices

    def label_from_instance(self, obj: Figure) -> str:
        return f"{obj} (in “{obj.claim.summary}”)"

    def key(self, value: Any) -> str:
        """One spelling per denominator, so a saved figure and its row compare equal."""
        if isinstance(value, RowRef):
            return f"row-{value.index}"
        if isinstance(value, Figure):
            value = value.pk
        if value in (None, ""):
            return ""
        text = str(value)
        if text.isdigit() and int(text) in self.row_of:
            return f"row-{self.row_of[int(text)]}"
        return text

    def prepare_value(self, value: Any) -> str:
        return self.key(value)

    def to_python(self, value: Any) -> Figure | RowRef | None:
        key = self.key(value)
        if key == "":
            return None
        if key == f"row-{self.own_row}":
            raise ValidationError("A figure cannot be its own denominator.", code="own")
        if key.startswith("row-") and key[4:].isdigit() and int(key[4:]) in self.rows:
            return RowRef(int(key[4:]))
        if key in self.figures:
            return self.figures[key]
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # to_python already kept to the offered choices

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.key(initial) != self.key(data)


class CommaDecimalField(forms.DecimalField):
    """A number typed as it is read: "20,000" is accepted as well as "20000"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 14})

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.replace(",", "").replace("\u00a0", "").replace(" ", "")
        return super().to_python(value)


class GroupedDecimalField(CommaDecimalField):
    """A number shown as readers write it ("662,566", not "662566.000000"); commas accepted."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():,f}"
        return value


class FigureForm(forms.ModelForm):
    """One figure; its denominator is offered by the formset (DenominatorField.offer)."""

    part_of = DenominatorField(
        required=False,
        label="Part of (denominator)",
        help_text="The whole this number is a share of: another figure of this claim (by its "
        "number in this form) or one of a related claim.",
    )

    class Meta:
        model = Figure
        fields = ["qualifier", "value", "unit", "counts", "as_of", "period", "part_of"]
        widgets = {"as_of": DATE_WIDGET}
        labels = {"as_of": "As of", "counts": "What it counts"}
        # "20,000" may be typed as it is read.
        field_classes = {"value": CommaDecimalField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.part_of_row: int | None = None
        if self.instance.pk and self.instance.value is not None:
            # Show 662566, not the stored 662566.000000. A Decimal, not a string, so an
            # untouched row still compares equal and is not saved again.
            self.initial["value"] = Decimal(f"{self.instance.value.normalize():f}")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        whole = cleaned.get("part_of")
        if isinstance(whole, RowRef):
            # Another row: it may not be saved yet; the formset links the two on save.
            self.part_of_row = whole.index
            cleaned["part_of"] = None
        return cleaned


class PositionedFormSet(forms.BaseInlineFormSet):
    """A record's child rows in order: new ones go after the existing ones."""

    def save(self, commit: bool = True) -> list[Any]:
        saved = super().save(commit=False)
        positions = [form.instance.position for form in self.forms if form.instance.pk]
        next_position = max(positions, default=-1) + 1
        for row in saved:
            if row.pk is None:
                row.position = next_position
                next_position += 1
        if commit:
            for row in self.deleted_objects:
                row.delete()
            for row in self.save_order(saved):
                row.save()
        return saved

    def save_order(self, saved: list[Any]) -> list[Any]:
        """The order in which the changed rows are written."""
        return saved


def denominator_loop(wholes: dict[int, int], start: int) -> list[int] | None:
    """The rows from `start` round to itself when following denominators, or None."""
    path, step = [start], wholes.get(start)
    while step is not None:
        if step in path:
            return [*path[path.index(step) :], step] if step == start else None
        path.append(step)
        step = wholes.get(step)
    return None


class BaseFigureFormSet(PositionedFormSet):
    """A claim's figures; a figure's denominator may be another row, saved in the same submit.

    `denominators` are the saved figures offered (denominator_choices): the claim's own
    are offered as their rows, the others (related claims') by name.
    """

    noun = "Figure"

    def __init__(self, *args: Any, denominators: QuerySet[Figure] | None = None, **kwargs: Any):
        self.denominators = list(denominators) if denominators is not None else []
        super().__init__(*args, **kwargs)

    @cached_property
    def row_labels(self) -> dict[int, str]:
        """Each row by its number, with what it reads when known: "Figure 2: 20,000 homes"."""
        existing = list(self.get_queryset()) if self.instance.pk else []
        labels = {}
        for i in range(self.total_form_count()):
            text = ""
            if self.is_bound:
                typed = [
                    self.data.get(f"{self.add_prefix(i)}-{name}", "").strip()
                    for name in ("qualifier", "value", "counts")
                ]
                text = row_reading(*typed)
            elif i < len(existing):
                text = str(existing[i])
            labels[i] = f"{self.noun} {i + 1}" + (f": {text}" if text else "")
        return labels

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        existing = list(self.get_queryset()) if self.instance.pk else []
        form.fields["part_of"].offer(
            self.denominators,
            rows=self.row_labels,
            row_of={figure.pk: i for i, figure in enumerate(existing)},
            own_row=index,
        )
        # desk-forms.js keeps the row choices and their labels in step with the rows.
        form.fields["part_of"].widget.attrs["data-denominator-rows"] = self.prefix

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
        wholes = self.row_wholes()
        for i in sorted(wholes):
            loop = denominator_loop(wholes, i)
            if loop:
                path = " → ".join(f"{self.noun} {n + 1}" for n in loop)
                self.forms[i].add_error(
                    "part_of", f"These denominators go round in a circle: {path}."
                )

    def kept(self, form: forms.Form) -> bool:
        """Whether the row is saved: filled in (or existing) and not removed."""
        if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
            return False
        return form.instance.pk is not None or form.has_changed()

    def row_wholes(self) -> dict[int, int]:
        """Row → the row it is a part of, for the kept rows; a field error on a bad one."""
        wholes: dict[int, int] = {}
        for i, form in enumerate(self.forms):
            j = form.part_of_row
            if j is None or not self.kept(form):
                continue
            whole = self.forms[j] if j < len(self.forms) else None
            if whole is None or not self.kept(whole):
                form.add_error(
                    "part_of",
                    f"{self.noun} {j + 1} is empty or being removed: fill it in, keep it, "
                    "or pick another denominator.",
                )
            elif whole.cleaned_data.get("value") == 0:
                form.add_error("part_of", Figure.ZERO_DENOMINATOR)
            else:
                wholes[i] = j
        return wholes

    def save(self, commit: bool = True) -> list[Figure]:
        for form in self.forms:
            if form.part_of_row is not None and self.kept(form):
                form.instance.part_of = self.forms[form.part_of_row].instance
        return super().save(commit=commit)

    def save_order(self, saved: list[Figure]) -> list[Figure]:
        """Denominators before their parts, so a new part points at a saved whole."""
        row = {id(form.instance): i for i, form in enumerate(self.forms)}
        wholes = {i: f.part_of_row for i, f in enumerate(self.forms) if f.part_of_row is not None}

        def depth(figure: Figure) -> int:
            steps, i = 0, row.get(id(figure))
            while i in wholes and steps <= len(wholes):
                steps, i = steps + 1, wholes[i]
            return steps

        return sorted(saved, key=depth, reverse=False) if wholes else saved


def row_reading(qualifier: str, value: str, counts: str) -> str:
    """A row's figure as typed, the way its label reads: "nearly 7,000,000 people"."""
    if not value and not counts:
        return ""
    words = (
        ""
        if qualifier in ("", Figure.Qualifier.EXACT)
        else dict(Figure.Qualifier.choices).get(qualifier, "")
    )
    return " ".join(part for part in (words, value, counts) if part)


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


class AnchorForm(forms.Form):
    """Where a claim's words are in its source's current text: the words, context, position."""

    exact = forms.CharField(
        label="Exact words",
        widget=forms.Textarea(attrs={"rows": 2}),
        strip=False,
        help_text="Copied exactly from the source text.",
    )
    # Text areas, not inputs: context often holds line breaks, which an input drops.
    prefix = forms.CharField(
        label="Words just before (optional)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text="Only needed when the same words occur more than once.",
    )
    suffix = forms.CharField(
        label="Words just after (optional)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    start = forms.IntegerField(
        label="Position (optional)",
        required=False,
        min_value=0,
        help_text="Characters from the start of the text, counted in code points.",
    )

    def __init__(self, *args: Any, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # On a new claim the anchor is optional; re-anchoring needs the words.
        self.fields["exact"].required = not optional

    def span(self) -> dict[str, Any]:
        """The cleaned input as the keyword arguments of Claim.place_anchor."""
        data = self.cleaned_data
        if not data.get("exact"):
            return {}
        span: dict[str, Any] = {"exact": data["exact"]}
        for key in ("prefix", "suffix"):
            # The prefix and suffix only need to touch the quote: trimming them keeps
            # them from asking for more text than the source has at its edges.
            if data.get(key):
                span[key] = data[key][-32:] if key == "prefix" else data[key][:32]
        if data.get("start") is not None:
            span["start"] = data["start"]
        return span

    def place(self, claim: Claim) -> bool:
        """Find the span in the claim's source (Claim.place_anchor); False with errors if not.

        The words at the given position are taken as they are; a position the
        browser counted differently (line ends, say) falls back to the words and
        their context before the input is refused.
        """
        span = self.span()
        if "start" in span:
            # The words at a position need no context; the context is the fallback.
            try:
                claim.place_anchor(exact=span["exact"], start=span.pop("start"))
                return True
            except AnchorError:
                pass
        try:
            claim.place_anchor(**span)
        except AnchorError as error:
            self.add_error(error.field if error.field in self.fields else "exact", error.message)
            return False
        return True


class TextUploadForm(forms.Form):
    """A PDF, saved web page or text file whose text becomes the source's new revision."""

    file = forms.FileField(
        label="File", help_text="A PDF, a saved web page (.html) or plain text (.txt)."
    )


class RevisionDiffForm(forms.Form):
    """Two revision numbers of a source's text to compare."""

    before = forms.IntegerField(label="From revision", min_value=1)
    after = forms.IntegerField(label="To revision", min_value=1)
