"""Citations attached to and detached from a note: one study cited by several notes."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Citation, ContextNote
from publication.api import base
from publication.api.serializers import NoteSerializer
from publication.api.strict import StrictTypes


class AttachCitationSerializer(StrictTypes, serializers.Serializer):
    """The citation (by id) this note cites too."""

    citation = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


CITATION_ID = OpenApiParameter("citation_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class NoteCitationsMixin:
    """Routes of NoteViewSet that attach an existing citation to a note, or detach it."""

    def editable_note(self, request: Request) -> ContextNote:
        note = self.get_object()
        base.require_perm(request.user, "annotations.change_citation", "You cannot cite.")
        if not note.is_editable:
            raise base.refuse(
                f"The note “{note}” is {note.get_status_display().lower()}: its citations "
                "change through a correction of the note."
            )
        return note

    @extend_schema(
        summary="Cite an existing citation in this note too (editors)",
        request=AttachCitationSerializer,
        responses={200: NoteSerializer, **base.WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="citations")
    def attach_citation(self, request: Request, slug: str) -> Response:
        """Attach a citation entered on another note, so it is entered and corrected once."""
        note = self.editable_note(request)
        serializer = AttachCitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        citation = Citation.objects.filter(pk=serializer.validated_data["citation"]).first()
        if citation is None:
            raise exceptions.ValidationError({"citation": ["There is no such citation."]})
        if citation.note_id != note.pk:
            citation.shared_with.add(note)
        return self.answer(note)

    @extend_schema(
        summary="Stop citing a citation in this note (editors)",
        parameters=[CITATION_ID],
        request=None,
        responses={200: NoteSerializer, **base.WRITE_ERRORS},
    )
    @action(detail=True, methods=["delete"], url_path="citations/<int:citation_id>")
    def detach_citation(self, request: Request, slug: str, citation_id: int) -> Response:
        """Detach a citation; one no other note cites is deleted with it."""
        note = self.editable_note(request)
        key = int(citation_id)
        citation = (
            Citation.objects.filter(pk=key).prefetch_related("shared_with").first()
            if key < 2**63
            else None
        )
        cited_by = citation.cited_by() if citation else []
        if note not in cited_by:
            raise exceptions.NotFound("This note does not cite that citation.")
        with transaction.atomic():
            if citation.note_id != note.pk:
                citation.shared_with.remove(note)
            elif len(cited_by) > 1:
                # The note it was entered on lets go: the next note citing it keeps it.
                heir = cited_by[1]
                citation.shared_with.remove(heir)
                citation.note = heir
                citation.save()
            else:
                citation.delete()
        return self.answer(note)
