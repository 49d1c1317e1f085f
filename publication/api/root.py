"""GET /api/v1/: the API's front door, listing every endpoint with its methods."""

from __future__ import annotations

from functools import cache
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def endpoints() -> list[dict[str, Any]]:
    """Every /api/v1/ path of the OpenAPI document with its methods and what each does."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listed = []
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/") or path == "/api/v1/":
            continue
        listed.append(
            {
                "path": path,
                "methods": {
                    method.upper(): operations[method].get("summary", "")
                    for method in METHODS
                    if method in operations
                },
            }
        )
    return listed


ROOT = {
    "type": "object",
    "required": ["schema", "docs", "endpoints"],
    "properties": {
        "schema": {"type": "string", "description": "The OpenAPI 3 document."},
        "docs": {"type": "string", "description": "Interactive documentation."},
        "endpoints": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "methods"],
                "properties": {
                    "path": {"type": "string"},
                    "methods": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "Each method with what it does.",
                    },
                },
            },
        },
    },
}


class ApiRoot(APIView):
    """The list of endpoints, read from the same OpenAPI document the API serves."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Every endpoint of the API with its methods",
        responses={200: OpenApiResponse(ROOT, description="Where everything is.")},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "schema": request.build_absolute_uri("/api/schema/"),
                "docs": request.build_absolute_uri("/api/docs/"),
                "endpoints": endpoints(),
            }
        )
