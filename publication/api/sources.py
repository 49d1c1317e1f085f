"""/api/v1/sources/: source documents, their text's revisions, and text from uploaded files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.anchors import Revised
from claims.extract import ExtractError, UnreadFormat, extract
from claims.models import Claim, Source, SourceRevision
from publication.api import base
from publication.api.filters import SourceFilter
from publication.api.parsers import MultiPartParser
from publication.api.resources import ContentETagViewSet, DeleteUnusedMixin, documented, staff
from publication.api.serializers import (
    RevisedSourceSerializer,
    RevisionSerializer,
    RevisionTextSerializer,
    SourceSerializer,
    TextUploadSerializer,
)

TOO_LARGE = {413: base.ERROR}
UNREAD_FORMAT = {415: base.ERROR}


class UnsupportedFile(exceptions.APIException):
    """415: the uploaded file is of a kind the server does not read, named in `file`."""

    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE

    def __init__(self, message: str) -> None:
        super().__init__({"file": [message]})


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def report(source: Source, revised: Revised, context: dict[str, Any]) -> dict[str, Any]:
    """The source after a write, with the revision made and the anchors it moved or orphaned."""
    source.revision = revised.revision.number if revised.revision else None
    source.anchors = {"moved": revised.moved, "orphaned": revised.orphaned}
    return RevisedSourceSerializer(source, context=context).data


class RevisionPages(base.NewestFirst):
    ordering = "-number"


@documented("source", SourceSerializer, delete=True, written=RevisedSourceSerializer)
class SourceViewSet(DeleteUnusedMixin, ContentETagViewSet):
    """Where statements appeared; a change of `full_text` is a new revision and re-anchors."""

    kind = "source"
    lookup_field = "slug"
    lookup_value_converter = "slug"
    serializer_class = SourceSerializer
    pagination_class = base.BySlug
    filterset_class = SourceFilter
    search_fields = ["title", "publisher"]
    ordering_fields = ["slug", "title"]
    queryset = Source.objects.none()

    def get_queryset(self):
        sources = Source.objects.select_related("author")
        if staff(self.request, Source):
            return sources
        return sources.filter(Exists(Claim.objects.published().filter(source=OuterRef("pk"))))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "staff": staff(self.request, Source)}

    def perform_create(self, serializer) -> None:
        text = serializer.validated_data.pop("full_text", "")
        source = serializer.save()
        self.revised = source.revise(
            text=text, by=self.request.user, origin=SourceRevision.Origin.API
        )

    def perform_update(self, serializer) -> None:
        text = serializer.validated_data.pop("full_text", None)
        source = serializer.save()
        self.revised = Revised(None)
        if text is not None:
            self.revised = source.revise(
                text=text, by=self.request.user, origin=SourceRevision.Origin.API
            )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().create(request, *args, **kwargs)
        source = Source.objects.select_related("author").get(slug=response.data["slug"])
        response.data = report(source, self.revised, self.get_serializer_context())
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        source = self.get_object()
        response.data = report(source, self.revised, self.get_serializer_context())
        return response

    # --- the text's revisions ---------------------------------------------

    @extend_schema(
        summary="Revisions of the source's text, newest first",
        responses={200: RevisionSerializer(many=True), 404: base.ERROR},
    )
    @action(detail=True, methods=["get"], pagination_class=RevisionPages, filter_backends=[])
    def revisions(self, request: Request, slug: str) -> Response:
        """Number, date, author, origin and length of each revision of the text."""
        source = self.get_object()
        revisions = (
            source.revisions.select_related("created_by")
            .annotate(text_length=Length("text"))
            .defer("text")
        )
        page = self.paginate_queryset(revisions)
        return self.get_paginated_response(
            RevisionSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="One revision with its text",
        parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH)],
        responses={200: RevisionTextSerializer, 403: base.ERROR, 404: base.ERROR},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="revisions/<int:number>",
        url_name="revision",
        filter_backends=[],
    )
    def revision(self, request: Request, slug: str, number: int) -> Response:
        """The text of revision `number`: for newsroom staff, or anyone when the text is public."""
        source = self.get_object()
        if not (source.text_public or staff(request, Source)):
            raise exceptions.PermissionDenied("This source's text is not public.")
        revision = get_object_or_404(
            source.revisions.select_related("created_by").annotate(text_length=Length("text")),
            number=number,
        )
        return Response(
            RevisionTextSerializer(revision, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Replace the text with the text of an uploaded file (a new revision)",
        request={"multipart/form-data": TextUploadSerializer},
        responses={200: RevisedSourceSerializer, **base.WRITE_ERRORS, **TOO_LARGE, **UNREAD_FORMAT},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser],
        filter_backends=[],
    )
    def text(self, request: Request, slug: str) -> Response:
        """Extract the text of a PDF, saved web page or text file into a new revision."""
        source = self.get_object()
        base.require_perm(request.user, "claims.change_source", "You cannot change sources.")
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Send the file in the field `file`."]})
        limit = settings.SOURCE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise PayloadTooLarge(
                f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes."
            )
        try:
            text, kind = extract(upload.read(), upload.name or "")
        except UnreadFormat as error:
            raise UnsupportedFile(str(error)) from error
        except ExtractError as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        revised = source.revise(text=text, by=request.user, origin=kind)
        return Response(report(source, revised, self.get_serializer_context()))
