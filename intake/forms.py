"""Desk forms of the intake: paste or upload a text, confirm a sentence's figures, repeats."""

from __future__ import annotations

from typing import Any

from django import forms

from claims.forms import DATE_WIDGET
from claims.models import SUMMARY_MAX_LENGTH, Claim, Figure, Speaker
from intake.api import MAX_TEXT_BYTES
from intake.services import FigureInput


class PasteForm(forms.Form):
    """A text pasted, or a plain-text file uploaded, to become the source's current text."""

    text = forms.CharField(
        required=False,
        strip=False,  # offsets into the text must stay where the editor's characters are
        widget=forms.Textarea(attrs={"rows": 12}),
        label="Paste the text",
    )
    file = forms.FileField(
        required=False, label="Or upload a plain-text file (.txt, UTF-8)", allow_empty_file=False
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\x00", "")
        if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            raise forms.ValidationError(f"The text is over {MAX_TEXT_BYTES:,} bytes.")
        return text

    def clean_file(self) -> str | None:
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        if upload.size > MAX_TEXT_BYTES:
            raise forms.ValidationError(f"The file is over {MAX_TEXT_BYTES:,} bytes.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text.") from None
        if "\x00" in text:
            raise forms.ValidationError("The file is not plain text.")
        return text.replace("\r\n", "\n")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            self.add_error("text", "Paste a text or choose a file.")
        return cleaned

    @property
    def content(self) -> tuple[str, str]:
        """The text to keep and where it came from (SourceRevision.Origin)."""
        if self.cleaned_data.get("file"):
            return self.cleaned_data["file"], "text"
        return self.cleaned_data["text"], "pasted"


class SentenceClaimForm(forms.Form):
    """Who said the sentence and the claim's short summary; the words are the sentence's."""

    speaker = forms.ModelChoiceField(queryset=Speaker.objects.order_by("name"))
    summary = forms.CharField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text=f"At most {SUMMARY_MAX_LENGTH} characters, as readers will see it.",
    )


class RepeatForm(forms.Form):
    """Record a sentence as a repeat of a published claim."""

    checked = forms.ModelChoiceField(queryset=Claim.objects.published(), widget=forms.HiddenInput)
    speaker = forms.ModelChoiceField(queryset=Speaker.objects.order_by("name"))


class SentenceFigureForm(forms.Form):
    """One figure found in the sentence, to confirm, correct or leave out."""

    keep = forms.BooleanField(required=False, initial=True, label="Keep this figure")
    qualifier = forms.ChoiceField(choices=Figure.Qualifier.choices, initial="exact")
    value = forms.DecimalField(max_digits=24, decimal_places=6, required=False)
    unit = forms.CharField(max_length=40, required=False)
    counts = forms.CharField(max_length=300, required=False, label="What it counts")
    as_of = forms.DateField(required=False, label="As of", widget=DATE_WIDGET)
    period = forms.CharField(max_length=100, required=False)
    part_of = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Part of (denominator)",
        help_text="The whole this number is a share of, among the figures of this sentence.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("keep"):
            return cleaned
        if cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", "Give the number, or untick “Keep this figure”.")
        if not (cleaned.get("counts") or "").strip() and "counts" not in self.errors:
            self.add_error("counts", "Say what the number counts.")
        return cleaned


class BaseSentenceFigureFormSet(forms.BaseFormSet):
    """The sentence's figures; a denominator must be another kept figure, without loops."""

    def __init__(self, *args: Any, labels: list[str], **kwargs: Any) -> None:
        self.labels = labels
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {}

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form = super()._construct_form(i, **kwargs)
        form.fields["part_of"].choices = [("", "—")] + [
            (str(n), f"Figure {n + 1}: {label}") for n, label in enumerate(self.labels) if n != i
        ]
        return form

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = {i for i, form in enumerate(self.forms) if form.cleaned_data.get("keep")}
        for i in kept:
            form = self.forms[i]
            whole = form.cleaned_data.get("part_of")
            if whole is None:
                continue
            if whole not in kept:
                form.add_error("part_of", "The denominator must be a figure you keep.")
                continue
            seen, step = {i}, whole
            while step is not None and step in kept:
                if step in seen:
                    form.add_error("part_of", "These denominators go round in a circle.")
                    break
                seen.add(step)
                step = self.forms[step].cleaned_data.get("part_of")

    def figures(self) -> list[FigureInput]:
        """The kept figures, denominators pointing at their place among the kept ones."""
        kept = [i for i, form in enumerate(self.forms) if form.cleaned_data.get("keep")]
        place = {row: n for n, row in enumerate(kept)}
        result = []
        for row in kept:
            data = self.forms[row].cleaned_data
            result.append(
                FigureInput(
                    value=data["value"],
                    counts=data["counts"].strip(),
                    qualifier=data["qualifier"],
                    unit=data["unit"],
                    as_of=data["as_of"],
                    period=data["period"],
                    part_of=place.get(data["part_of"]) if data["part_of"] is not None else None,
                )
            )
        return result


SentenceFigureFormSet = forms.formset_factory(
    SentenceFigureForm, formset=BaseSentenceFigureFormSet, extra=0, max_num=200
)
