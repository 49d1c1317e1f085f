"""/api/v1/annotations/: published notes and verdicts as a W3C Web Annotation collection."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from publication import webannotation
from publication.api import base

JSONLD = "application/ld+json"

SELECTORS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": ["TextQuoteSelector", "TextPositionSelector"]}},
    },
}
TARGET = {
    "oneOf": [
        {"type": "string", "format": "uri", "description": "The claim's public page."},
        {
            "type": "object",
            "required": ["type", "source", "selector"],
            "properties": {
                "type": {"const": "SpecificResource"},
                "source": {"type": "string", "format": "uri"},
                "selector": SELECTORS,
            },
        },
    ]
}
ANNOTATION = {
    "type": "object",
    "required": ["id", "type", "motivation", "body", "target"],
    "properties": {
        "@context": {"const": webannotation.CONTEXT},
        "id": {"type": "string", "format": "uri"},
        "type": {"const": "Annotation"},
        "motivation": {"enum": ["commenting", "describing", "assessing"]},
        "created": {"type": ["string", "null"]},
        "modified": {"type": ["string", "null"]},
        "body": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "value"],
                "properties": {"type": {"const": "TextualBody"}, "value": {"type": "string"}},
            },
        },
        "target": {"oneOf": [TARGET, {"type": "array", "items": TARGET, "minItems": 1}]},
    },
}
PAGE = {
    "type": "object",
    "required": ["@context", "id", "type", "partOf", "startIndex", "items"],
    "properties": {
        "@context": {"const": webannotation.CONTEXT},
        "id": {"type": "string", "format": "uri"},
        "type": {"const": "AnnotationPage"},
        "partOf": {
            "type": "object",
            "required": ["id", "total"],
            "properties": {"id": {"type": "string"}, "total": {"type": "integer"}},
        },
        "startIndex": {"type": "integer"},
        "next": {"type": "string", "format": "uri"},
        "prev": {"type": "string", "format": "uri"},
        "items": {"type": "array", "items": ANNOTATION},
    },
}
COLLECTION = {
    "type": "object",
    "required": ["@context", "id", "type", "total", "first", "last"],
    "properties": {
        "@context": {"const": webannotation.CONTEXT},
        "id": {"type": "string", "format": "uri"},
        "type": {"const": "AnnotationCollection"},
        "label": {"type": "string"},
        "total": {"type": "integer"},
        "first": {"type": "string", "format": "uri"},
        "last": {"type": "string", "format": "uri"},
    },
}


def jsonld(data: dict[str, Any]) -> HttpResponse:
    """A JSON-LD response with the Web Annotation profile, as the protocol asks."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type=webannotation.MEDIA_TYPE
    )
    response["Vary"] = "Accept"
    return response


class PublicAnnotations(APIView):
    """Public data for anyone: no session, so no CSRF or cookies are involved."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []


class AnnotationCollection(PublicAnnotations):
    @extend_schema(
        operation_id="annotations_collection",
        summary="Published notes and verdicts as a W3C Web Annotation collection",
        description="Without `page`, the AnnotationCollection (total, first and last pages); "
        "with `page`, one AnnotationPage of up to 50 annotations. Notes come first by slug, "
        "then verdicts by claim slug.",
        parameters=[
            OpenApiParameter(
                "page", {"type": "integer", "minimum": 1}, description="A page number, from 1."
            )
        ],
        responses={
            (200, JSONLD): OpenApiResponse(
                {"oneOf": [COLLECTION, PAGE]}, description="The collection, or one page of it."
            ),
            400: base.ERROR,
            404: base.ERROR,
        },
    )
    def get(self, request: Request) -> HttpResponse:
        base.refuse_repeated(request, self)
        counts = webannotation.total()
        number = request.query_params.get("page")
        if number is None:
            return jsonld(webannotation.collection(counts))
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        # (Python refuses to read more than 4,300 digits: the length is looked at first.)
        if not re.fullmatch(r"[0-9]+", number) or number.strip("0") == "":
            raise exceptions.ValidationError({"page": ["A page number is a whole number from 1."]})
        if len(number.lstrip("0")) > 18 or int(number) > webannotation.page_count(counts):
            raise exceptions.NotFound("There is no such page.")
        return jsonld(webannotation.page(int(number), counts))


class AnnotationDetail(PublicAnnotations):
    @extend_schema(
        operation_id="annotations_one",
        summary="One published note or verdict as a W3C Web Annotation",
        parameters=[
            OpenApiParameter(
                "key",
                str,
                OpenApiParameter.PATH,
                description='"note-<note slug>" or "verdict-<claim slug>".',
            )
        ],
        responses={(200, JSONLD): OpenApiResponse(ANNOTATION), 404: base.ERROR},
    )
    def get(self, request: Request, key: str) -> HttpResponse:
        item = webannotation.one(key)
        if item is None:
            raise exceptions.NotFound("No published annotation here.")
        return jsonld(item)
