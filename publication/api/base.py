"""What every API resource shares: permissions, conditional requests, clean saves, errors."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import ProtectedError
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.pagination import CursorPagination

from claims.workflow import DeletionRefused, TransitionError
from publication.api.parsers import text_problem
from publication.cache import same_version
from publication.context import site_url


class DeskPermissions(permissions.DjangoModelPermissions):
    """Anyone reads (what they may see is up to the queryset); writes need the model permission."""

    authenticated_users_only = False
    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the ETag you read in an If-Match header, so a newer save is not lost."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    """Someone else saved the record since it was read; the body carries the current values."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"

    def __init__(self, current: Any, etag: str) -> None:
        super().__init__()
        self.detail = {
            "detail": "This record was changed by someone else; here are its current values.",
            "etag": etag,
            "current": current,
        }


class ChangedMeanwhile(PreconditionFailed):
    """A workflow step on a record someone else saved meanwhile; the body carries its values."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Conflict(exceptions.APIException):
    """A write the record's state does not allow now (409), with the model's own message."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def content_etag(kind: str, key: Any, data: Any) -> str:
    """A weak ETag for rows without a version: a digest of what the client was shown."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f'W/"{kind}-{key}-{digest[:16]}"'


def version_etag(kind: str, obj: models.Model) -> str:
    """A weak ETag from a reviewable row's version, bumped by every save."""
    return f'W/"{kind}-{obj.slug}-v{obj.version}"'


def check_if_match(request, current_etag: str, current: Callable[[], Any]) -> None:
    """428 without If-Match, 412 (with the current values) when it names an older version."""
    sent = request.headers.get("If-Match")
    if not sent:
        raise PreconditionRequired()
    tags = [tag.strip() for tag in sent.split(",")]
    # A GET's ETag adds a digest of the content to the version (publication.cache); the
    # version alone decides whether this edit starts from the current row.
    matches = current_etag in tags or current_etag.removeprefix("W/") in tags
    if not (matches or "*" in tags or any(same_version(tag, current_etag) for tag in tags)):
        raise PreconditionFailed(current(), current_etag)


def can_see_drafts(user, model: type[models.Model]) -> bool:
    """Newsroom staff (with the view permission) read drafts; everyone else published items."""
    perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
    return bool(user and user.is_authenticated and user.has_perm(perm))


def require_perm(user, perm: str, message: str) -> None:
    """403 with `message` unless `user` holds `perm`."""
    if not (user.is_authenticated and user.has_perm(perm)):
        raise exceptions.PermissionDenied(message)


def full_clean(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Model validation (fields and constraints) as a 400 with messages by field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except DjangoValidationError as error:
        raise exceptions.ValidationError(_by_field(error)) from error


def _by_field(error: DjangoValidationError) -> dict[str, list[ErrorDetail]]:
    """Messages by field, each with its code (a taken value answers 409, see errors.py)."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": _details(error)}
    return {
        ("non_field_errors" if name == "__all__" else name): _details(DjangoValidationError(errors))
        for name, errors in error.error_dict.items()
    }


def _details(error: DjangoValidationError) -> list[ErrorDetail]:
    return [ErrorDetail(next(iter(item)), code=item.code or "invalid") for item in error.error_list]


def refuse(error: TransitionError | DeletionRefused | str) -> Conflict:
    """A refusal that depends on the record's state (409 Conflict) whose detail is the reason."""
    return Conflict(error if isinstance(error, str) else str(error))


PROTECTED = "It is the denominator of another figure; change that figure first."


def in_use_message(obj: models.Model, error: ProtectedError) -> str:
    """Why `obj` cannot be deleted: what still refers to it, counted by kind."""
    kinds = Counter(type(row)._meta for row in error.protected_objects)
    if all(meta.model_name in ("figure", "notefigure") for meta in kinds):
        return PROTECTED
    used_by = ", ".join(
        f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
        for meta, count in sorted(kinds.items(), key=lambda item: item[0].model_name)
    )
    return f"“{obj}” is used by {used_by}; it cannot be deleted while they refer to it."


def delete_draft(obj: models.Model) -> None:
    """Delete a draft or an unused record; published content and records in use answer 400."""
    try:
        obj.delete()
    except DeletionRefused as error:
        raise refuse(error) from error
    except ProtectedError as error:
        raise refuse(in_use_message(obj, error)) from error


class NewestFirst(CursorPagination):
    """Cursor pagination: stable pages however many rows are added meanwhile."""

    ordering = "-created_at"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        refuse_repeated(request, view)
        self.model = queryset.model
        page = super().paginate_queryset(queryset, request, view)
        # next/previous on the public address, whatever host the request came in on.
        self.base_url = f"{site_url()}{request.get_full_path()}"
        return page

    def get_page_size(self, request) -> int:
        """?page_size=, a whole number from 1 to max_page_size; anything else answers 400."""
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        digits = given.isascii() and given.isdigit() and len(given.lstrip("0")) <= 3
        if not digits or not 1 <= int(given) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(given)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Rows per page, 1 to {self.max_page_size} (default {self.page_size})."
                )
        return parameters

    def decode_cursor(self, request):
        """The cursor, or 404 "Invalid cursor" when its position is not a value of the ordering.

        DRF trusts the position inside a cursor; a forged one would reach the database
        as a bad date or a NUL character and fail there.
        """
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        ordering = self.ordering[0] if isinstance(self.ordering, (list, tuple)) else self.ordering
        field = self.model._meta.get_field(ordering.lstrip("-"))
        try:
            if text_problem(cursor.position):
                raise DjangoValidationError("bad text")
            field.clean(field.to_python(cursor.position), None)
        except DjangoValidationError as error:
            raise exceptions.NotFound(self.invalid_cursor_message) from error
        return cursor

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {
            "type": ["string", "null"],
            "format": "uri",
            "description": "Null on the last page.",
        }
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


def refuse_repeated(request, view) -> None:
    """400 for a query parameter given twice, unless the view's filters read it as a list."""
    filterset = getattr(view, "filterset_class", None)
    lists = {
        name
        for name, filter_ in (filterset.base_filters.items() if filterset else ())
        if isinstance(filter_, django_filters.MultipleChoiceFilter)
    }
    for key, values in request.query_params.lists():
        if len(values) > 1 and key not in lists:
            raise exceptions.ValidationError({key: ["Give this parameter once."]})


class BySlug(NewestFirst):
    ordering = "slug"


class ById(NewestFirst):
    ordering = "id"


ERROR = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": True,
        "properties": {"detail": {"type": "string"}},
    },
    description="Problems by field, or a `detail` message.",
)
STALE = OpenApiResponse(
    response={
        "type": "object",
        "required": ["detail", "etag", "current"],
        "properties": {
            "detail": {"type": "string"},
            "etag": {"type": "string"},
            "current": {"type": "object"},
        },
    },
    description="The If-Match ETag is stale: the record changed since it was read.",
)
CONFLICT = OpenApiResponse(
    response={
        "type": "object",
        "required": ["detail"],
        "additionalProperties": True,
        "properties": {
            "detail": {"type": "string"},
            "etag": {"type": "string"},
            "current": {"type": "object"},
        },
    },
    description=(
        "The record's state does not allow this now (a published record is corrected, "
        "not edited or deleted), with the reason in `detail`; or, for a workflow step, "
        "someone else saved it meanwhile, with its `current` values and `etag`; or a slug "
        "or name is taken by another record, with the field named as for a 400."
    ),
)
WRITE_ERRORS = {400: ERROR, 403: ERROR, 404: ERROR, 409: CONFLICT}
STEP_ERRORS = WRITE_ERRORS
UPDATE_ERRORS = {**WRITE_ERRORS, 412: STALE, 428: ERROR}
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "minLength": 1},
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the version being edited (from a GET).",
)


def reviewable_schema(
    noun: str, *, listed: str, detail: str, document: Any, write: Any
) -> Callable[[type], type]:
    """The OpenAPI declaration of a reviewable resource (claims, notes), made once for each.

    `noun` names one item ("claim", "note"); `document` is the detail's answer, `write`
    the input serializer of its writes.
    """
    return extend_schema_view(
        list=extend_schema(summary=listed),
        retrieve=extend_schema(summary=detail, responses={200: document, 404: ERROR}),
        create=extend_schema(
            summary=f"Create a draft {noun}",
            request=write,
            responses={201: document, **WRITE_ERRORS},
        ),
        update=extend_schema(
            summary=f"Replace a draft {noun}",
            parameters=[IF_MATCH],
            request=write,
            responses={200: document, **UPDATE_ERRORS},
        ),
        partial_update=extend_schema(
            summary=f"Change fields of a draft {noun}",
            parameters=[IF_MATCH],
            request=write,
            responses={200: document, **UPDATE_ERRORS},
        ),
        destroy=extend_schema(
            summary=f"Delete a draft {noun}", responses={204: None, **WRITE_ERRORS}
        ),
    )


def step_schema(noun: str, step: str, document: Any, request: Any = None) -> Any:
    """The OpenAPI declaration of one workflow step on a claim or note."""
    return extend_schema(
        summary=f"{step.capitalize()} the {noun}",
        request=request,
        responses={200: document, **STEP_ERRORS},
    )
