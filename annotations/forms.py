"""Desk forms for context notes, their citations, verdicts and corrections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from annotations.models import Citation, ContextNote, NoteFigure, Rating, Verdict
from claims.forms import DATE_WIDGET, DenominatorField, FigureForm, PositionedFormSet, VersionedForm
from claims.models import Claim, Figure


class AttachedClaimsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Claim) -> str:
        return f"{obj.summary} ({obj.get_status_display().lower()})"


class SharedCitationField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Citation) -> str:
        publisher = f", {obj.publisher}" if obj.publisher else ""
        return f"{obj.title}{publisher} (entered on “{obj.note.title}”)"


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

    shared_citations = SharedCitationField(
        queryset=Citation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        label="Also cite, as entered on other notes",
        help_text="A study another note already cites: pick it rather than typing it again, "
        "so a correction to it reaches every note that cites it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = Claim.objects.order_by("summary", "pk")
        others = Citation.objects.select_related("note").order_by("title", "pk")
        if self.instance.pk:
            others = others.exclude(note=self.instance)
            self.initial.setdefault(
                "shared_citations", [c.pk for c in self.instance.shared_citations.all()]
            )
        self.fields["shared_citations"].queryset = others

    def save_shared_citations(self, note: ContextNote) -> None:
        """Cite the picked citations of other notes in `note`, and no others (with history)."""
        picked = set(self.cleaned_data.get("shared_citations") or [])
        current = set(note.shared_citations.all()) if note.pk else set()
        for citation in picked - current:
            citation.shared_with.add(note)
        for citation in current - picked:
            citation.shared_with.remove(note)


class BaseCitationFormSet(PositionedFormSet):
    """A note's citations: three blank rows on a new note, one more on an edit.

    An editor citing three studies enters them in one save; with JavaScript the
    form also offers "Add another citation" (desk-forms.js, from `empty_form`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.extra = 3


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


def note_denominators(claim_ids: list[int], note: ContextNote) -> QuerySet[Figure]:
    """Figures a note's figure may be a share of: those of the claims it is attached to.

    Also the denominators its figures have now, so an untouched row stays as it is.
    """
    current = NoteFigure.objects.filter(note_id=note.pk).values("part_of_id") if note.pk else []
    chosen = Q(claim_id__in=claim_ids) | (Q(pk__in=current) if note.pk else Q(pk__in=[]))
    return (
        Figure.objects.filter(chosen)
        .select_related("claim")
        .order_by("claim__summary", "claim_id", "position", "pk")
    )


class NoteFigureForm(FigureForm):
    """A number the reviewer brings; its denominator is a figure of an attached claim."""

    part_of = DenominatorField(
        required=False,
        label="Part of (denominator)",
        help_text="The whole this number is a share of: a figure of a claim this note is "
        "attached to (tick the claim above, then pick its figure).",
        error_messages={
            "invalid_choice": "Pick a figure of a claim this note is attached to: tick its "
            "claim above, then pick the figure."
        },
    )

    class Meta(FigureForm.Meta):
        model = NoteFigure


class BaseNoteFigureFormSet(PositionedFormSet):
    """A note's figures; `denominators` are the figures offered as their wholes."""

    def __init__(self, *args: Any, denominators: QuerySet[Figure] | None = None, **kwargs: Any):
        self.denominators = list(denominators) if denominators is not None else []
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["part_of"].offer(self.denominators)
        # desk-forms.js offers the figures of the claims ticked on the form as they are ticked.
        form.fields["part_of"].widget.attrs["data-denominator-figures"] = ""


NoteFigureFormSet = forms.inlineformset_factory(
    ContextNote,
    NoteFigure,
    form=NoteFigureForm,
    formset=BaseNoteFigureFormSet,
    extra=2,
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
