"""Filters for the API lists (django-filter), and the one claim search."""

from __future__ import annotations

import django_filters as filters
from rest_framework.filters import BaseFilterBackend

from annotations.models import Citation, ContextNote, NoteKind
from annotations.search import search_claims
from claims.models import Claim, Source, Speaker
from claims.workflow import Status


class ClaimSearch(BaseFilterBackend):
    """?search= on claims goes through annotations.search.search_claims, like every claim search."""

    def filter_queryset(self, request, queryset, view):
        return search_claims(queryset, request.query_params.get("search", ""))

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


class ClaimFilter(filters.FilterSet):
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


class NoteFilter(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(choices=NoteKind.choices)
    status = filters.MultipleChoiceFilter(choices=Status.choices)
    claim = filters.CharFilter(field_name="claims__slug", help_text="Slug of a claim it qualifies.")
    published_at = filters.DateFromToRangeFilter()
    updated_at = filters.DateFromToRangeFilter()

    class Meta:
        model = ContextNote
        fields = ["kind", "status", "claim", "published_at", "updated_at"]


class CitationFilter(filters.FilterSet):
    note = filters.CharFilter(field_name="note__slug", help_text="Slug of the note.")
    published_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Citation
        fields = ["note", "published_on"]


class SpeakerFilter(filters.FilterSet):
    class Meta:
        model = Speaker
        fields = ["kind"]


class SourceFilter(filters.FilterSet):
    author = filters.CharFilter(field_name="author__slug", help_text="Speaker slug.")
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Source
        fields = ["kind", "author", "date"]
