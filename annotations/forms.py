"""Desk forms for context notes, their citations, verdicts and corrections."""

from __future__ import annotations

from typing import Any

from django import forms

from annotations.models import Citation, ContextNote, Rating, Verdict
from claims.forms import DATE_WIDGET, VersionedForm
from claims.models import Claim


class AttachedClaimsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Claim) -> str:
        return f"{obj.summary} ({obj.get_status_display().lower()})"


class NoteForm(VersionedForm):
    claims = AttachedClaimsField(
        queryset=Claim.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Attached to these claims",
        help_text="One note can qualify many claims.",
    )

    class Meta:
        model = ContextNote
        fields = ["kind", "title", "body", "claims"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"body": "Markdown: **bold**, *italic*, [links](https://…), lists, tables."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = Claim.objects.order_by("summary", "pk")


class BaseCitationFormSet(forms.BaseInlineFormSet):
    """A note's citations; new ones go after the existing ones."""

    def save(self, commit: bool = True) -> list[Citation]:
        saved = super().save(commit=False)
        positions = [form.instance.position for form in self.forms if form.instance.pk]
        next_position = max(positions, default=-1) + 1
        for citation in saved:
            if citation.pk is None:
                citation.position = next_position
                next_position += 1
        if commit:
            for citation in self.deleted_objects:
                citation.delete()
            for citation in saved:
                citation.save()
        return saved


CitationFormSet = forms.inlineformset_factory(
    ContextNote,
    Citation,
    formset=BaseCitationFormSet,
    fields=["title", "url", "publisher", "published_on", "archived_url", "excerpt", "accessed_on"],
    widgets={
        "published_on": DATE_WIDGET,
        "accessed_on": DATE_WIDGET,
        "excerpt": forms.Textarea(attrs={"rows": 2}),
    },
    labels={"url": "URL", "archived_url": "Archived copy (URL)", "published_on": "Published on"},
    extra=1,
    can_delete=True,
)


class CorrectionForm(forms.Form):
    """The public text of a correction."""

    correction = forms.CharField(
        label="Correction, as readers will see it",
        help_text="Published with today's date on the public page.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RatingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Rating) -> str:
        return f"{obj.value} — {obj.label}"


class VerdictForm(VersionedForm):
    rating = RatingField(queryset=Rating.objects.none())
    correction = forms.CharField(
        required=False,
        label="Correction, as readers will see it",
        help_text="The claim is published: changing its verdict publishes a dated correction.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    class Meta:
        model = Verdict
        fields = ["rating", "explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, needs_correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_correction = needs_correction
        scales = {"scale__is_default": True}
        current = self.instance.rating_id if self.instance.pk else None
        self.fields["rating"].queryset = (
            Rating.objects.filter(**scales) | Rating.objects.filter(pk=current)
        ).order_by("scale", "value")
        if needs_correction:
            self.fields["correction"].required = True
        else:
            del self.fields["correction"]
