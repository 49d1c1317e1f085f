"""Puts the published JSON's schema files into the OpenAPI document, so both stay one."""

from __future__ import annotations

import copy
import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from publication.api.strict import WEB_ADDRESS
from publication.importer import schema

CLAIM_REVIEW = {
    "type": "object",
    "description": "schema.org ClaimReview (JSON-LD) of a published claim with a verdict.",
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "author",
        "datePublished",
        "reviewRating",
        "itemReviewed",
    ],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "url": {"type": "string", "format": "uri"},
        "claimReviewed": {"type": "string", "maxLength": 75},
        "author": {"type": "object", "required": ["@type", "name", "url"]},
        "datePublished": {"type": "string", "format": "date"},
        "dateModified": {"type": "string", "format": "date"},
        "reviewRating": {
            "type": "object",
            "required": ["@type", "alternateName"],
            "properties": {
                "@type": {"const": "Rating"},
                "alternateName": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "ratingExplanation": {"type": "string"},
            },
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type", "author", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "author": {"type": "object", "required": ["@type", "name"]},
                "datePublished": {"type": "string"},
                "appearance": {"type": "object", "required": ["@type", "name"]},
            },
        },
    },
}


def component_name(prefix: str, name: str) -> str:
    return prefix + name[:1].upper() + name[1:]


def as_components(document: dict[str, Any], prefix: str) -> dict[str, dict[str, Any]]:
    """A JSON Schema file as OpenAPI 3.1 components: its $defs become `<prefix><Name>`."""

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and value.startswith("#/$defs/"):
                    name = component_name(prefix, value.removeprefix("#/$defs/"))
                    out[key] = f"#/components/schemas/{name}"
                elif key == "$ref" and value == "claim.v1.json":
                    out[key] = "#/components/schemas/PublishedClaim"
                else:
                    out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    document = copy.deepcopy(document)
    definitions = document.pop("$defs", {})
    for key in ("$schema", "$id"):
        document.pop(key, None)
    components = {prefix: rewrite(document)}
    for name, definition in definitions.items():
        components[component_name(prefix, name)] = rewrite(definition)
    return components


EMPTY_STRING = {"type": "string", "maxLength": 0}


def blank_is_any_of(node: Any) -> None:
    """'A URL or empty': validators that accept '' as a URI would make `oneOf` match twice."""
    if isinstance(node, dict):
        if EMPTY_STRING in node.get("oneOf", []):
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            blank_is_any_of(value)
    elif isinstance(node, list):
        for value in node:
            blank_is_any_of(value)


ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}},
    "description": 'Problems by field (`{"summary": ["…"]}`), or a `detail` message.',
}
TOO_LARGE = {
    "description": "The body is over DATA_UPLOAD_MAX_MEMORY_SIZE; a one-line explanation.",
    "content": {"text/plain": {"schema": {"type": "string"}}},
}


def error(description: str) -> dict[str, Any]:
    """An OpenAPI response whose JSON body is the shared Error schema."""
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def add_error_responses(result: dict[str, Any]) -> None:
    """Document the errors every operation can answer, from what the operation accepts.

    DRF and the app answer these whatever the view: 403 for a token that is not valid,
    400 for bad filter values, 404 for a cursor or address that names nothing, 413 and 415
    for a body too large or of a type the API does not read.
    """
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation["responses"]
            if method in ("get", "head") and {} not in operation.get("security", [{}]):
                # Every read is open to anonymous clients (they see published content).
                operation["security"].append({})
            names = {p["name"]: p for p in operation.get("parameters", [])}
            if any("tokenAuth" in option for option in operation.get("security", [])):
                responses.setdefault("403", error("Not allowed, or the token is not valid."))
            if "cursor" in names:
                responses.setdefault("400", error("A filter value is not valid."))
                responses.setdefault("404", error("The cursor is not valid."))
            if any(p["in"] == "path" for p in names.values()):
                responses.setdefault("404", error("Nothing with this name is visible to you."))
            if "requestBody" in operation:
                responses.setdefault("400", error("Problems by field."))
                responses.setdefault("413", TOO_LARGE)
                responses.setdefault("415", error("The body's type is not one the API reads."))


# Lists and details served through publication.cache: they answer If-None-Match and
# If-Modified-Since with 304.
CACHED_PATHS = re.compile(r"^/api/v1/(claims|notes|citations|speakers|sources)/(\{[a-z_]+\}/)?$")
NOT_MODIFIED = {"description": "Nothing changed since the ETag or date you sent."}


def add_not_modified(result: dict[str, Any]) -> None:
    """Document the 304 of every cached list and detail."""
    for path, operations in result.get("paths", {}).items():
        if CACHED_PATHS.match(path) and "get" in operations:
            operations["get"]["responses"].setdefault("304", NOT_MODIFIED)


# Request bodies with a date and its precision (publication.api.strict.DATE_PAIRS).
DATED = {
    "ClaimWriteRequest": ("said_on", "said_on_precision"),
    "PatchedClaimWriteRequest": ("said_on", "said_on_precision"),
    "SourceRequest": ("date", "date_precision"),
    "PatchedSourceRequest": ("date", "date_precision"),
}


def date_with_precision(date: str, precision: str) -> list[dict[str, Any]]:
    """A date and its precision, sent together: none, or a date that starts its period."""
    days = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}-01$", "year": r"^\d{4}-01-01$"}
    return [
        {"not": {"anyOf": [{"required": [date]}, {"required": [precision]}]}},
        {
            "required": [date, precision],
            "properties": {date: {"type": "null"}, precision: {"const": "unknown"}},
        },
        *(
            {
                "required": [date, precision],
                "properties": {
                    date: {"type": "string", "pattern": days[p]},
                    precision: {"const": p},
                },
            }
            for p in days
        ),
    ]


# A new claim has its words: typed in `text`, or taken from the source by `anchor` when
# it is verbatim (a paraphrase is in the desk's words).
TEXT_OR_ANCHOR = [
    {"required": ["text"]},
    {
        "required": ["anchor"],
        "properties": {"anchor": {"type": "object"}, "text_kind": {"enum": ["verbatim"]}},
    },
]
# What the fields accept, where the format alone says less: a decimal has a digit, and a
# web address is http(s) with a host and a top-level domain (strict.WEB_ADDRESS).
DECIMAL = r"^-?(?:[0-9]{1,18}(?:\.[0-9]{0,6})?|\.[0-9]{1,6})$"


def tighten_strings(node: Any, request: bool) -> None:
    """Give decimal and URL strings of a request body the patterns the server checks.

    A web address is declared by its pattern, not as `format: uri`: RFC 3986 refuses the
    accented letters a page's address may hold, which the server takes (and which stored
    records, entered on the desk, show).
    """
    if isinstance(node, dict):
        if node.get("format") == "decimal" and "pattern" in node and request:
            node["pattern"] = DECIMAL
        elif node.get("format") == "uri":
            del node["format"]
            if request:
                node["pattern"] = WEB_ADDRESS
        for value in node.values():
            tighten_strings(value, request)
    elif isinstance(node, list):
        for value in node:
            tighten_strings(value, request)


def add_published_json_components(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the claim and export schema files as components."""
    blank_is_any_of(result)
    add_error_responses(result)
    add_not_modified(result)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(as_components(schema("claim.v1.json"), "PublishedClaim"))
    schemas.update(as_components(schema("export.v1.json"), "PublishedExport"))
    for name, (date, precision) in DATED.items():
        if name in schemas:
            schemas[name]["anyOf"] = date_with_precision(date, precision)
    for name, component in schemas.items():
        if not name.startswith("Published"):
            tighten_strings(component, request=name.endswith("Request"))
    created = result["paths"].get("/api/v1/claims/", {}).get("post", {})
    for media in created.get("requestBody", {}).get("content", {}).values():
        media["schema"] = {"allOf": [media["schema"], {"anyOf": TEXT_OR_ANCHOR}]}
    if "AnchorInputRequest" in schemas:
        # The exact words, or both positions (a 400 otherwise).
        schemas["AnchorInputRequest"]["anyOf"] = [
            {"required": ["exact"]},
            {"required": ["start", "end"]},
        ]
    if "BatchInputRequest" in schemas:
        # A batch names at least one claim or note (a 400 otherwise).
        schemas["BatchInputRequest"]["anyOf"] = [
            {"required": [field], "properties": {field: {"minItems": 1}}}
            for field in ("claims", "notes")
        ]
    schemas["ClaimReview"] = CLAIM_REVIEW
    schemas["Error"] = ERROR_SCHEMA
    return result


# A text field trims white space, then refuses what is left blank: the request must hold a
# character that is not white space (Python's str.strip() also takes \x1c-\x1f and \x85).
NOT_BLANK = r"[^\s\x1c-\x1f\x85]"
# Django's slug validators.
SLUG = r"^[-a-zA-Z0-9_]+$"
SLUG_UNICODE = r"^[-\w]+$"


class Schema(AutoSchema):
    """drf-spectacular's schema, with the slugs' characters and what a text field refuses
    as blank declared too."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        result = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.SlugField) and "pattern" not in result:
            result["pattern"] = SLUG_UNICODE if field.allow_unicode else SLUG
        elif (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and (field.trim_whitespace or getattr(field, "refuses_blank", False))
            and not field.allow_blank
            and result.get("type") == "string"
            and not {"pattern", "format", "enum"} & result.keys()
        ):
            result["pattern"] = NOT_BLANK
        return result
