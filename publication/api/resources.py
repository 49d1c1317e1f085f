"""/api/v1/speakers/, /citations/ (and what /sources/ shares): resources with content ETags."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import filters, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Citation, ContextNote
from claims.models import Claim, Speaker
from publication.api import base
from publication.api.filters import CitationFilter, DeskSearch, SpeakerFilter
from publication.api.serializers import CitationSerializer, SpeakerSerializer
from publication.cache import CachedReads


def documented(name: str, serializer: Any, *, delete: bool = False, written: Any = None) -> Any:
    """The OpenAPI description of a resource; `written` is what writes answer, if not the same."""
    written = written or serializer
    views = {
        "list": extend_schema(summary=f"{name.capitalize()}s"),
        "retrieve": extend_schema(
            summary=f"One {name}", responses={200: serializer, 404: base.ERROR}
        ),
        "create": extend_schema(
            summary=f"Create a {name}", responses={201: written, **base.WRITE_ERRORS}
        ),
        "update": extend_schema(
            summary=f"Replace a {name}",
            parameters=[base.IF_MATCH],
            responses={200: written, **base.UPDATE_ERRORS},
        ),
        "partial_update": extend_schema(
            summary=f"Change fields of a {name}",
            parameters=[base.IF_MATCH],
            responses={200: written, **base.UPDATE_ERRORS},
        ),
    }
    if delete:
        views["destroy"] = extend_schema(
            summary=f"Delete a {name}", responses={204: None, **base.WRITE_ERRORS}
        )
    return extend_schema_view(**views)


class ContentETagViewSet(
    CachedReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Rows without a version: the ETag is a digest of the representation the client saw."""

    permission_classes = [base.DeskPermissions]
    filter_backends = [DjangoFilterBackend, DeskSearch, filters.OrderingFilter]
    kind = ""

    def etag(self, data: dict[str, Any]) -> str:
        return base.content_etag(self.kind, data.get(self.lookup_field) or data.get("id"), data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": self.etag(data)})

    def check_writable(self, obj: Any, data: dict[str, Any]) -> None:
        """Hook: refuse a write that the workflow forbids (400)."""

    def perform_create(self, serializer) -> None:
        self.check_writable(None, serializer.validated_data)
        serializer.save()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        response["ETag"] = self.etag(response.data)
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        current = self.get_serializer(obj).data
        base.check_if_match(request, self.etag(current), lambda: current)
        serializer = self.get_serializer(obj, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        self.check_writable(obj, serializer.validated_data)
        with transaction.atomic():
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            now = self.get_serializer(locked).data
            if self.etag(now) != self.etag(current):
                raise base.PreconditionFailed(now, self.etag(now))
            self.perform_update(serializer)
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": self.etag(data)})


def staff(request: Request, model: type) -> bool:
    return base.can_see_drafts(request.user, model)


class DeleteUnusedMixin(mixins.DestroyModelMixin):
    """DELETE removes a record nothing refers to; one that claims or sources use answers 400."""

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        base.delete_draft(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@documented("speaker", SpeakerSerializer, delete=True)
class SpeakerViewSet(DeleteUnusedMixin, ContentETagViewSet):
    """People and organisations whose statements the desk checks."""

    kind = "speaker"
    lookup_field = "slug"
    lookup_value_converter = "slug"
    serializer_class = SpeakerSerializer
    pagination_class = base.BySlug
    filterset_class = SpeakerFilter
    search_fields = ["name", "role", "affiliation"]
    ordering_fields = ["slug", "name"]
    queryset = Speaker.objects.none()

    def get_queryset(self):
        if staff(self.request, Speaker):
            return Speaker.objects.all()
        published = Claim.objects.published()
        return Speaker.objects.filter(
            Exists(published.filter(speaker=OuterRef("pk")))
            | Exists(published.filter(source__author=OuterRef("pk")))
        )


@documented("citation", CitationSerializer, delete=True)
class CitationViewSet(mixins.DestroyModelMixin, ContentETagViewSet):
    """Evidence behind context notes. Written while their note is a draft or in review."""

    kind = "citation"
    lookup_value_converter = "int"
    lookup_url_kwarg = "id"
    serializer_class = CitationSerializer
    pagination_class = base.ById
    filterset_class = CitationFilter
    search_fields = ["title", "publisher", "excerpt"]
    # Cursor pages need a non-null ordering: citations without a date would break page links.
    ordering_fields = ["id"]
    queryset = Citation.objects.none()

    def get_queryset(self):
        notes = ContextNote.objects.visible_to(self.request.user)
        citations = Citation.objects.select_related("note").prefetch_related("shared_with")
        if staff(self.request, ContextNote):
            return citations
        return citations.filter(note__in=notes)

    def check_writable(self, obj: Citation | None, data: dict[str, Any]) -> None:
        # A citation shared by a published note changes only through that note's correction.
        notes = {obj.note, *obj.shared_with.all()} if obj else set()
        notes |= {data.get("note"), *data.get("shared_with", [])}
        for note in sorted(notes - {None}, key=lambda n: n.pk):
            if not note.is_editable:
                raise base.refuse(
                    f"The note “{note}” is {note.get_status_display().lower()}: its citations "
                    "change through a correction of the note."
                )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        citation = self.get_object()
        self.check_writable(citation, {})
        citation.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
