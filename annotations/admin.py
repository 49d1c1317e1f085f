"""Admin panel for context notes, citations, note figures, rating scales, verdicts, corrections."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from annotations.models import (
    Citation,
    ContextNote,
    Correction,
    NoteFigure,
    Rating,
    RatingScale,
    Verdict,
)
from claims.admin import (
    FIGURE_FIELD_OVERRIDES,
    FIGURE_FIELDS,
    ClaimAdmin,
    GuardedDeleteMixin,
    StaleCheckedForm,
    VersionedAdminMixin,
)


class CitationInline(admin.StackedInline):
    model = Citation
    form = StaleCheckedForm
    # Shared with other notes on the citation's own page, where it is picked by search.
    exclude = ["shared_with"]
    extra = 0


class NoteFigureInline(admin.TabularInline):
    model = NoteFigure
    form = StaleCheckedForm
    extra = 0
    formfield_overrides = FIGURE_FIELD_OVERRIDES
    fields = [*FIGURE_FIELDS, "seen_version"]
    autocomplete_fields = ["part_of"]


@admin.register(ContextNote)
class ContextNoteAdmin(GuardedDeleteMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    form = StaleCheckedForm
    list_display = ["title", "kind", "status", "created_by", "updated_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    search_fields = ["title", "body", "slug"]
    autocomplete_fields = ["claims"]
    raw_id_fields = ["created_by", "approved_by"]
    readonly_fields = ["version", "created_at", "updated_at", "published_at", "corrected_at"]
    inlines = [CitationInline, NoteFigureInline]


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    form = StaleCheckedForm
    list_display = ["title", "publisher", "published_on", "note"]
    list_select_related = ["note"]
    search_fields = ["title", "publisher", "url", "note__title"]
    autocomplete_fields = ["note", "shared_with"]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_default"]
    search_fields = ["name"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["label", "value", "scale"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label"]


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    form = StaleCheckedForm
    list_display = ["claim", "rating", "updated_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "rating"]
    search_fields = ["claim__summary", "explanation"]
    autocomplete_fields = ["claim", "rating"]
    raw_id_fields = ["created_by"]


@admin.register(Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["claim", "note", "created_by"]
    search_fields = ["text", "claim__summary", "note__title"]
    autocomplete_fields = ["claim", "note"]
    raw_id_fields = ["created_by"]


class NoteOnClaimInline(admin.TabularInline):
    """The notes attached to a claim, with links to edit them."""

    model = ContextNote.claims.through
    extra = 0
    autocomplete_fields = ["contextnote"]
    verbose_name = "context note"
    verbose_name_plural = "context notes attached to this claim"
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "contextnote":
            field.label = "Context note"  # not the through table's "contextnote"
        return field

    def get_queryset(self, request):
        # Each row is titled with its note (NoteLink.__str__), read in the same query.
        return super().get_queryset(request).select_related("contextnote")


class VerdictInline(admin.StackedInline):
    model = Verdict
    extra = 0
    autocomplete_fields = ["rating"]
    raw_id_fields = ["created_by"]


# annotations depends on claims, never the reverse: the claim page gains its
# notes and verdict from here rather than by claims/admin.py importing us.
ClaimAdmin.inlines = [*ClaimAdmin.inlines, VerdictInline, NoteOnClaimInline]
