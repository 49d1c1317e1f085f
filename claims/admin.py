"""Admin panel for speakers, sources, tags, claims and their figures and relations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import models
from django.http import HttpRequest
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from claims.anchoring import AnchorError
from claims.forms import GroupedDecimalField, TagLimitMixin
from claims.models import (
    Anchor,
    Claim,
    ClaimRelation,
    Figure,
    Source,
    SourceRevision,
    Speaker,
    Tag,
)
from claims.workflow import DeletionRefused


class GuardedDeleteMixin:
    """Show the model's refusal to delete published content as a message, not an error page."""

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.is_public:
            # Back to the record with the reason, instead of a confirmation page that
            # could only fail (or a "deleted successfully" that would not be true).
            self.message_user(request, obj.deletion_refused_message(), messages.ERROR)
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Published items are listed as protected, so "delete selected" refuses with the reason."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [obj.deletion_refused_message() for obj in objs if obj.is_public]
        return deleted, counts, perms_needed, [*protected, *refused]

    def delete_model(self, request: HttpRequest, obj) -> None:
        try:
            super().delete_model(request, obj)
        except DeletionRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        try:
            super().delete_queryset(request, queryset)
        except DeletionRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)


class StaleCheckedForm(forms.ModelForm):
    """An admin form that refuses to save over a version it did not show, with the current values.

    The check locks the row (the admin saves in one transaction), so two concurrent saves
    of the same version cannot both pass. After a refusal the form carries the current
    version: saving it again is a deliberate overwrite by someone who has seen the values.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            version = self.instance.version
            if hasattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
                # Reverting to an old entry from the history: it replaces the version the
                # row has now, which is what the admin is shown and checked against.
                current = type(self.instance)._default_manager.filter(pk=self.instance.pk)
                version = current.values_list("version", flat=True).first() or version
            self.fields["seen_version"].initial = version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.instance.pk or self.instance._state.adding:
            return cleaned
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            return cleaned
        seen = cleaned.get("seen_version")
        if seen != current.version:
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = str(current.version)
            raise forms.ValidationError(
                f"“{current}” was changed by someone else (now version {current.version}) "
                f"while you were editing it, so your changes were not saved. Its current "
                f"values: {current_values(self, current)}. Check them, then save again to "
                "replace them with yours.",
                code="stale",
            )
        self.instance.version = current.version
        return cleaned


def current_values(form: forms.ModelForm, current: Any) -> str:
    """The form's fields as they are now in the database, for a stale-save message."""
    shown = []
    for name, field in form.fields.items():
        if name == "seen_version" or name not in {f.name for f in current._meta.fields}:
            continue
        value = getattr(current, name)
        shown.append(f"{field.label or name}: “{value if value not in (None, '') else '—'}”")
    return "; ".join(shown)


class VersionedAdminMixin:
    """Admin saves, history reverts among them, continue the version count.

    A revert starts from an old row whose version is old too; counting on
    from there would hand out a version number again and let a stale desk
    form pass its check.
    """

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if change and obj.pk:
            current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True)
            obj.version = current.first() or obj.version
        super().save_model(request, obj, form, change)


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "affiliation", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "author", "publisher", "date", "date_precision"]
    list_filter = ["kind", "date_precision"]
    list_select_related = ["author"]
    search_fields = ["title", "publisher", "author__name"]
    autocomplete_fields = ["author"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Source, form, change: bool) -> None:
        # The text changes as a new revision, re-anchoring the source's claims.
        obj.save_and_revise(by=request.user, origin=SourceRevision.Origin.ADMIN)


@admin.register(SourceRevision)
class SourceRevisionAdmin(SimpleHistoryAdmin):
    """Revisions are never edited: adding one makes it its source's current text."""

    list_display = ["source", "number", "origin", "created_by", "created_at"]
    list_filter = ["origin"]
    list_select_related = ["source", "created_by"]
    search_fields = ["source__title"]
    autocomplete_fields = ["source"]
    fields = ["source", "text", "number", "origin", "created_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        extra = ["source", "text"] if obj is not None else []
        return [*extra, "number", "origin", "created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: SourceRevision, form, change: bool) -> None:
        if change:
            return
        source = obj.source
        revised = source.revise(text=obj.text, by=request.user, origin=SourceRevision.Origin.ADMIN)
        obj.pk = (revised.revision or source.current_revision()).pk


class AnchorForm(forms.ModelForm):
    class Meta:
        model = Anchor
        fields = ["claim", "exact", "prefix", "suffix", "start", "end"]

    def clean(self) -> dict:
        data = super().clean()
        claim = data.get("claim")
        if claim is not None and not self.errors:
            span = {k: data.get(k) for k in ("exact", "prefix", "suffix", "start", "end")}
            try:
                claim.place_anchor(**{k: v for k, v in span.items() if v not in (None, "")})
            except AnchorError as error:
                raise forms.ValidationError(error.message) from error
        return data


@admin.register(Anchor)
class AnchorAdmin(SimpleHistoryAdmin):
    """Anchors move with their source's revisions; adding one places it in the current text."""

    form = AnchorForm
    list_display = ["claim", "state", "how", "revision_number", "start", "end", "updated_at"]
    list_filter = ["state", "how"]
    list_select_related = ["claim"]
    search_fields = ["claim__summary", "exact"]
    autocomplete_fields = ["claim"]

    def get_fields(self, request: HttpRequest, obj=None) -> list[str]:
        fields = ["claim", "exact", "prefix", "suffix", "start", "end"]
        return fields if obj is None else [*fields, "revision_number", "state", "how"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: Anchor, form, change: bool) -> None:
        if change:
            return
        claim = form.cleaned_data["claim"]
        # The form's clean placed the anchor on this claim object.
        if claim.text_kind == Claim.TextKind.VERBATIM:
            claim.save(update_fields=["text"])
        obj.pk = claim.keep_anchor().pk


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Numbers as readers write them, and inline rows narrow enough for a 1,280 px screen.
FIGURE_FIELD_OVERRIDES = {
    models.DecimalField: {"form_class": GroupedDecimalField},
    models.CharField: {"widget": forms.TextInput(attrs={"size": 16})},
}
FIGURE_FIELDS = ["position", "qualifier", "value", "unit", "counts", "as_of", "period", "part_of"]


class FigureInline(admin.TabularInline):
    model = Figure
    form = StaleCheckedForm
    fk_name = "claim"
    extra = 0
    formfield_overrides = FIGURE_FIELD_OVERRIDES
    fields = [*FIGURE_FIELDS, "seen_version"]
    autocomplete_fields = ["part_of"]


class RelationInline(admin.TabularInline):
    model = ClaimRelation
    form = StaleCheckedForm
    fk_name = "from_claim"
    extra = 0
    autocomplete_fields = ["to_claim"]
    verbose_name = "relation to another claim"
    verbose_name_plural = "Relations to other claims"
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 30})}}


class ClaimAdminForm(TagLimitMixin, StaleCheckedForm):
    class Meta:
        model = Claim
        exclude: list[str] = []


@admin.register(Claim)
class ClaimAdmin(GuardedDeleteMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    form = ClaimAdminForm
    list_display = ["summary", "speaker", "said_on", "status", "updated_at"]
    list_filter = ["status", "text_kind", "said_on_precision", "speaker", "tags"]
    list_select_related = ["speaker", "source"]
    search_fields = ["summary", "text", "speaker__name", "slug"]
    autocomplete_fields = ["speaker", "source", "tags"]
    date_hierarchy = "said_on"
    readonly_fields = [
        "version",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "corrected_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "speaker",
                    "speaker_role",
                    "source",
                    "said_on",
                    "said_on_precision",
                    "seen_version",
                ]
            },
        ),
        ("Statement", {"fields": ["text", "text_kind", "summary", "tags"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "created_by",
                    "approved_by",
                    "rejection_reason",
                    "retraction_reason",
                    *readonly_fields,
                ]
            },
        ),
    ]
    raw_id_fields = ["created_by", "approved_by"]
    inlines = [FigureInline, RelationInline]


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.DecimalField: {"form_class": GroupedDecimalField}}
    form = StaleCheckedForm
    list_display = ["__str__", "claim", "unit", "as_of", "part_of"]
    list_select_related = ["claim", "part_of"]
    search_fields = ["counts", "claim__summary"]
    autocomplete_fields = ["claim", "part_of"]


@admin.register(ClaimRelation)
class ClaimRelationAdmin(SimpleHistoryAdmin):
    form = StaleCheckedForm
    list_display = ["from_claim", "kind", "to_claim"]
    list_filter = ["kind"]
    list_select_related = ["from_claim", "to_claim"]
    search_fields = ["from_claim__summary", "to_claim__summary"]
    autocomplete_fields = ["from_claim", "to_claim"]
