"""Filters for the API lists (django-filter), and the one claim search."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend, SearchFilter

from annotations.models import Citation, ContextNote, NoteKind
from annotations.search import search_claims
from claims.models import Claim, Source, Speaker
from claims.workflow import Status
from publication.api.parsers import text_problem


def search_text(request, param: str = "search") -> str:
    """The ?search= text; a NUL character or lone surrogate answers 400 naming the parameter."""
    text = request.query_params.get(param, "")
    if message := text_problem(text):
        raise exceptions.ValidationError({param: [message]})
    return text


class ClaimSearch(BaseFilterBackend):
    """?search= on claims goes through annotations.search.search_claims, like every claim search."""

    def filter_queryset(self, request, queryset, view):
        return search_claims(queryset, search_text(request))

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "search",
                "required": False,
                "in": "query",
                "description": "Words in the claim, its summary, its speaker or a published note.",
                "schema": {"type": "string"},
            }
        ]


class DeskSearch(SearchFilter):
    """DRF's ?search=, with bad text refused by parameter name rather than as a bare list."""

    def get_search_terms(self, request) -> list[str]:
        search_text(request, self.search_param)
        return super().get_search_terms(request)


# Filters whose values have a type (a date, a choice, a number): an empty value is a
# mistake, not "no filter", and a repeated one is one too many unless it is a list.
TYPED = (
    filters.ChoiceFilter,
    filters.MultipleChoiceFilter,
    filters.DateFilter,
    filters.RangeFilter,
    filters.NumberFilter,
    filters.BooleanFilter,
)
EMPTY = "This parameter is empty: leave it out, or give a value."
REPEATED = "Give this parameter once."


def parameter_names(name: str, field) -> list[str]:
    """The query parameters a filter's form field reads (`said_on_after`, `said_on_before`)."""
    widget = field.widget
    if hasattr(widget, "suffixes"):
        return [widget.suffixed(name, suffix) for suffix in widget.suffixes]
    return [name]


class StrictFilterSet(filters.FilterSet):
    """A FilterSet that refuses typed parameters given empty, and scalars given twice.

    django-filter reads `?updated_at_before=` as no filter and the last of
    `?kind=a&kind=b`; a client that sent either meant something else, so it gets a 400
    naming the parameter rather than a list filtered otherwise than it asked.
    """

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, filter_ in self.filters.items():
            field = self.form.fields[name]
            for key in parameter_names(name, field):
                values = self.data.getlist(key) if hasattr(self.data, "getlist") else []
                if len(values) > 1 and not isinstance(filter_, filters.MultipleChoiceFilter):
                    self.form.errors[key] = self.form.error_class([REPEATED])
                elif isinstance(filter_, TYPED) and "" in values:
                    self.form.errors[key] = self.form.error_class([EMPTY])
        return valid and not self.form.errors


class ClaimFilter(StrictFilterSet):
    speaker = filters.CharFilter(field_name="speaker__slug", help_text="Speaker slug.")
    source = filters.CharFilter(field_name="source__slug", help_text="Source slug.")
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    tag = filters.CharFilter(field_name="tags__slug", help_text="Tag slug.")
    said_on = filters.DateFromToRangeFilter(help_text="said_on_after / said_on_before (dates).")
    published_at = filters.DateFromToRangeFilter(
        help_text="published_at_after / published_at_before (dates, inclusive)."
    )
    updated_at = filters.DateFromToRangeFilter()

    class Meta:
        model = Claim
        fields = ["speaker", "source", "status", "tag", "said_on", "published_at", "updated_at"]


class NoteFilter(StrictFilterSet):
    kind = filters.MultipleChoiceFilter(choices=NoteKind.choices)
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    claim = filters.CharFilter(field_name="claims__slug", help_text="Slug of a claim it qualifies.")
    published_at = filters.DateFromToRangeFilter()
    updated_at = filters.DateFromToRangeFilter()

    class Meta:
        model = ContextNote
        fields = ["kind", "status", "claim", "published_at", "updated_at"]


class CitationFilter(StrictFilterSet):
    note = filters.CharFilter(
        method="cited_by", help_text="Slug of a note citing it (entered on it or shared with it)."
    )
    published_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Citation
        fields = ["note", "published_on"]

    def cited_by(self, queryset, name: str, value: str):
        return queryset.filter(Q(note__slug=value) | Q(shared_with__slug=value)).distinct()


class SpeakerFilter(StrictFilterSet):
    class Meta:
        model = Speaker
        fields = ["kind"]


class SourceFilter(StrictFilterSet):
    author = filters.CharFilter(field_name="author__slug", help_text="Speaker slug.")
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Source
        fields = ["kind", "author", "date"]
