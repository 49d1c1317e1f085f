"""Workflow steps through the API: the model methods and services, with 403 and 400 answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import services
from claims.workflow import Reviewable, TransitionError
from publication.api.base import refuse, require_perm
from publication.api.strict import StrictTypes

STEPS = ("submit", "approve", "reject", "correct", "retract")


def run_step(*, step: str, obj: Reviewable, user, data: dict[str, Any]) -> None:
    """Run one workflow step as `user`: 403 when their role may not, 400 when the state forbids."""
    label = f"{obj._meta.app_label}.%s_{obj._meta.model_name}"
    name = obj._meta.verbose_name
    if step == "submit":
        require_perm(user, label % "change", f"You cannot submit this {name}.")
    else:
        require_perm(user, label % "review", f"Only reviewers can {step} a {name}.")
    if step == "approve" and obj.created_by_id is not None and obj.created_by_id == user.pk:
        raise exceptions.PermissionDenied(
            "You cannot approve your own work; another reviewer must."
        )
    try:
        if step == "submit":
            obj.submit(by=user)
        elif step == "approve":
            obj.approve(by=user)
        elif step == "reject":
            obj.reject(by=user, reason=data["reason"])
        elif step == "correct":
            services.correct(obj=obj, by=user, text=data["text"])
        elif step == "retract":
            services.retract(obj=obj, by=user, reason=data["reason"])
        else:  # pragma: no cover - the URLs only route the steps above
            raise ValueError(step)
    except TransitionError as error:
        raise refuse(error) from error


# --- many items in one request ------------------------------------------------------------

BATCH_STEPS = services.BATCH_STEPS
BATCH_KINDS = [("claim", "claim"), ("note", "note")]


class BatchInputSerializer(StrictTypes, serializers.Serializer):
    """One step for many claims and notes, all or nothing."""

    step = serializers.ChoiceField(choices=BATCH_STEPS)
    claims = serializers.ListField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=200
    )
    notes = serializers.ListField(
        child=serializers.SlugField(max_length=80), required=False, default=list, max_length=200
    )
    with_notes = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Submit: also submit the draft notes attached to these claims.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs["claims"] and not attrs["notes"]:
            raise serializers.ValidationError({"claims": ["Name at least one claim or note."]})
        return attrs


class BatchItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BATCH_KINDS)
    slug = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()


class BatchResultSerializer(serializers.Serializer):
    step = serializers.CharField()
    items = BatchItemSerializer(many=True)


BATCH_REFUSED = {
    "type": "object",
    "additionalProperties": True,
    "description": "Problems by field, or a `detail` and the `problems` of each item refused.",
    "properties": {
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "slug", "detail"],
                "properties": {
                    "kind": {"enum": ["claim", "note"]},
                    "slug": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}


class BatchWorkflow(APIView):
    """POST /api/v1/workflow/: submit or approve many claims and notes in one request."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Submit or approve many claims and notes at once (all or nothing)",
        request=BatchInputSerializer,
        responses={
            200: BatchResultSerializer,
            400: OpenApiResponse(BATCH_REFUSED, description="Nothing was changed: bad input."),
            409: OpenApiResponse(
                BATCH_REFUSED, description="Nothing was changed: some items' state forbids it."
            ),
            403: OpenApiResponse(
                BATCH_REFUSED, description="Your role may not take this step on some items."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Each item is checked as if alone; one refusal and nothing changes."""
        serializer = BatchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        step = data["step"]
        # Someone outside the newsroom is refused outright, not told which items exist.
        for names, perm in (
            ("claims", "claims.change_claim"),
            ("notes", "annotations.change_contextnote"),
        ):
            if data[names]:
                require_perm(request.user, perm, "You cannot take workflow steps.")
        try:
            done = services.batch_step(
                step=step,
                by=request.user,
                claims=data["claims"],
                notes=data["notes"],
                with_notes=data["with_notes"] and step == "submit",
            )
        except services.BatchRefused as refused:
            problems = [
                {"kind": p.kind, "slug": p.slug, "detail": p.detail} for p in refused.problems
            ]
            code = (
                status.HTTP_403_FORBIDDEN
                if refused.forbidden
                else status.HTTP_400_BAD_REQUEST
                if refused.missing
                else status.HTTP_409_CONFLICT
            )
            return Response(
                {
                    "detail": "Nothing was changed: fix or leave out these items and send again.",
                    "problems": problems,
                },
                status=code,
            )
        items = [
            {
                "kind": "claim" if obj._meta.model_name == "claim" else "note",
                "slug": obj.slug,
                "status": obj.status,
                "version": obj.version,
            }
            for obj in done
        ]
        return Response({"step": step, "items": items})
