"""/api/v1/notes/: context notes, their writes and workflow steps."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Citation, ContextNote, NoteFigure
from claims.models import Claim
from claims.workflow import StaleEdit
from publication.api import base
from publication.api.figures import write_note_figures
from publication.api.filters import DeskSearch, NoteFilter
from publication.api.note_citations import NoteCitationsMixin
from publication.api.serializers import (
    CorrectionInputSerializer,
    NoteListSerializer,
    NoteSerializer,
    NoteWriteSerializer,
    ReasonSerializer,
)
from publication.api.workflow import run_step
from publication.cache import CachedReads
from publication.context import site_url


def step_schema(step: str, request: Any = None) -> Any:
    return base.step_schema("note", step, NoteSerializer, request)


@base.reviewable_schema(
    "note",
    listed="Context notes (published ones for anonymous clients)",
    detail="A context note with its citations and figures",
    document=NoteSerializer,
    write=NoteWriteSerializer,
)
class NoteViewSet(CachedReads, NoteCitationsMixin, viewsets.ModelViewSet):
    """Context notes: what changes how a claim reads. One note may qualify many claims."""

    lookup_field = "slug"
    lookup_value_converter = "slug"
    permission_classes = [base.DeskPermissions]
    pagination_class = base.NewestFirst
    filter_backends = [DjangoFilterBackend, DeskSearch, filters.OrderingFilter]
    filterset_class = NoteFilter
    search_fields = ["title", "body"]
    ordering_fields = ["created_at", "updated_at", "slug"]
    queryset = ContextNote.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        user = self.request.user
        claims = Claim.objects.visible_to(user).only("pk", "slug", "status")
        notes = ContextNote.objects.visible_to(user).prefetch_related(
            Prefetch("claims", queryset=claims)
        )
        if self.action != "list":
            figures = NoteFigure.objects.select_related("part_of__claim").prefetch_related(
                "part_of__claim__figures"
            )
            shared = Citation.objects.select_related("note").prefetch_related("shared_with")
            notes = notes.prefetch_related(
                Prefetch("citations", queryset=shared),
                Prefetch("shared_citations", queryset=shared.order_by("position", "pk")),
                Prefetch("figures", queryset=figures),
            )
        return notes

    def get_serializer_class(self):
        if self.action == "list":
            return NoteListSerializer
        return NoteSerializer if self.request.method in ("GET", "HEAD") else NoteWriteSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "staff": self.staff()}

    def staff(self) -> bool:
        return base.can_see_drafts(self.request.user, ContextNote)

    def answer(self, note: ContextNote, code: int = status.HTTP_200_OK) -> Response:
        note = self.get_queryset().get(pk=note.pk)
        response = Response(NoteSerializer(note, context=self.get_serializer_context()).data, code)
        response["ETag"] = base.version_etag("note", note)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        note = self.get_object()
        response = Response(NoteSerializer(note, context=self.get_serializer_context()).data)
        response["ETag"] = base.version_etag("note", note)
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = NoteWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        figures = serializer.validated_data.pop("figures", None)
        with transaction.atomic():
            note = serializer.save(created_by=request.user)
            if figures is not None:
                write_note_figures(note, figures)
        response = self.answer(note, status.HTTP_201_CREATED)
        response["Location"] = f"{site_url()}/api/v1/notes/{note.slug}/"
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        note = self.get_object()
        etag = base.version_etag("note", note)
        context = self.get_serializer_context()
        base.check_if_match(request, etag, lambda: NoteSerializer(note, context=context).data)
        if not note.is_editable:
            raise base.refuse(
                f"This note is {note.get_status_display().lower()}: published notes change "
                "through corrections (POST …/correct/)."
            )
        serializer = NoteWriteSerializer(
            note, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "slug" in data and data["slug"] != note.slug:
            raise base.exceptions.ValidationError(
                {"slug": ["A note's slug never changes."]}, "fixed"
            )
        claims, figures = data.pop("claims", None), data.pop("figures", None)
        expected = note.version
        for name, value in data.items():
            setattr(note, name, value)
        try:
            with transaction.atomic():
                note.save_checked(expected_version=expected)
                if claims is not None:
                    note.claims.set(claims)
                if figures is not None:
                    write_note_figures(note, figures)
        except StaleEdit as error:
            current = NoteSerializer(error.current, context=context).data
            raise base.PreconditionFailed(
                current, base.version_etag("note", error.current)
            ) from error
        return self.answer(note)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        base.delete_draft(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def step(self, request: Request, name: str, serializer_class: Any = None) -> Response:
        note = self.get_object()
        data: dict[str, Any] = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        try:
            run_step(step=name, obj=note, user=request.user, data=data)
        except StaleEdit as error:
            current = NoteSerializer(error.current, context=self.get_serializer_context()).data
            raise base.ChangedMeanwhile(
                current, base.version_etag("note", error.current)
            ) from error
        return self.answer(note)

    @step_schema("submit")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, slug: str) -> Response:
        """Send a draft note to review (editors)."""
        return self.step(request, "submit")

    @step_schema("approve")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str) -> Response:
        """Approve and publish a note in review (another reviewer than its author)."""
        return self.step(request, "approve")

    @step_schema("reject", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str) -> Response:
        """Send a note in review back to draft with a reason (reviewers)."""
        return self.step(request, "reject", ReasonSerializer)

    @step_schema("correct", CorrectionInputSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, slug: str) -> Response:
        """Mark a published note corrected with a dated public entry (reviewers)."""
        return self.step(request, "correct", CorrectionInputSerializer)

    @step_schema("retract", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, slug: str) -> Response:
        """Retract a published note; it stays visible, marked retracted (reviewers)."""
        return self.step(request, "retract", ReasonSerializer)
