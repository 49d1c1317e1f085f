"""/api/v1/export.{json,jsonl,csv} and /api/v1/claimreview.json: everything published."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from publication import cache, exports, spool
from publication.claimreview import claim_reviews

NOT_MODIFIED = OpenApiResponse(description="Nothing changed since the ETag or date you sent.")


class ConditionalExport(APIView):
    """Streams an export; If-None-Match / If-Modified-Since answer 304 when nothing changed."""

    permission_classes = [AllowAny]
    # Public data: no session, so no CSRF or cookies are involved and CORS may expose it.
    authentication_classes: list[Any] = []
    name = ""
    content_type = ""

    def stream(self):
        raise NotImplementedError

    def validators(self) -> tuple[str, int | None]:
        changed = exports.last_change()
        last_modified = int(changed.timestamp()) if changed else None
        return exports.etag(self.name, changed), last_modified

    def get(self, request: Request) -> HttpResponseBase:
        # Read from the history tables once per change of the published set, so a
        # revalidation (304) costs no query.
        etag, last_modified = cache.export_validators(self.name, self.validators)
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = self.body(etag)
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response

    def body(self, etag: str) -> StreamingHttpResponse:
        """The export, read from where this version is kept, else streamed from the database.

        A small export is kept whole in the shared cache, a larger one on this
        machine's disk (publication.spool), so the next downloads of the same
        version cost no query; the first streams while it is being kept.
        """
        key = cache.export_body_key(self.name, etag)
        whole = django_cache.get(key)
        if whole is not None:
            return StreamingHttpResponse(iter([whole]), content_type=self.content_type)
        on_disk = spool.kept(self.name, etag)
        if on_disk is not None:
            chunks, size = on_disk
            response = StreamingHttpResponse(chunks, content_type=self.content_type)
            response["Content-Length"] = str(size)
            return response
        limit = settings.EXPORT_CACHE_MAX_BYTES
        pieces = cache.streamed_and_kept(self.stream(), key, limit=limit)
        pieces = spool.kept_while_streamed(pieces, self.name, etag)
        return StreamingHttpResponse(pieces, content_type=self.content_type)


def text_response(media: str, description: str) -> dict[Any, Any]:
    return {
        (200, media): OpenApiResponse({"type": "string"}, description=description),
        (304, media): NOT_MODIFIED,
    }


class ExportJSON(ConditionalExport):
    name = "export.json"
    content_type = exports.FORMATS["json"]

    def stream(self):
        return exports.export("json")

    @extend_schema(
        summary="Everything published, as one JSON document",
        responses={
            (200, "application/json"): OpenApiResponse(
                {"$ref": "#/components/schemas/PublishedExport"},
                description="Every published claim in the published JSON, ordered by slug.",
            ),
            (304, "application/json"): NOT_MODIFIED,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ExportJSONLines(ConditionalExport):
    name = "export.jsonl"
    content_type = exports.FORMATS["jsonl"]

    def stream(self):
        return exports.export("jsonl")

    @extend_schema(
        summary="Everything published, one claim per line (JSON Lines)",
        responses=text_response(
            "application/jsonl", "One claim in the published JSON per line, ordered by slug."
        ),
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ExportCSV(ConditionalExport):
    name = "export.csv"
    content_type = exports.FORMATS["csv"]

    def stream(self):
        return exports.export("csv")

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any):
        # A download, never shown inline: a browser must not render it as a page.
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response

    @extend_schema(
        summary="Everything published, one row per claim (CSV)",
        responses=text_response(
            "text/csv",
            "A header row, then one row per claim; figures and note titles are joined by ' | '.",
        ),
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ClaimReviews(ConditionalExport):
    name = "claimreview.json"
    content_type = "application/json"

    def stream(self):
        first = True
        yield "["
        for review in claim_reviews(exports.published_documents()):
            yield ("" if first else ",") + "\n" + exports.dumps(review)
            first = False
        yield "\n]\n"

    @extend_schema(
        summary="The schema.org ClaimReview of every published claim with a verdict",
        responses={
            (200, "application/json"): OpenApiResponse(
                {"type": "array", "items": {"$ref": "#/components/schemas/ClaimReview"}},
                description="ClaimReview JSON-LD objects, ordered by claim slug.",
            ),
            (304, "application/json"): NOT_MODIFIED,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)
