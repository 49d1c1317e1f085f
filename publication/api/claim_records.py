"""A claim's own records through the API: its verdict (reviewers) and its relations (editors).

Both are routes under /api/v1/claims/<slug>/, mixed into ClaimViewSet. Each write keeps the
desk's rules: the role, the workflow (a published claim's verdict changes by a correction,
its relations not at all), model validation as a 400 by field, and a version checked with
If-Match so no save overwrites another silently.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import services
from annotations.models import Rating, RatingScale, Verdict
from claims.models import Claim, ClaimRelation
from claims.workflow import NotPermitted, StaleEdit, TransitionError, Versioned
from publication.api import base
from publication.api.strict import StrictTypes


def record_etag(kind: str, key: Any, obj: Versioned) -> str:
    """A weak ETag from a versioned record's version."""
    return f'W/"{kind}-{key}-v{obj.version}"'


# --- serializers -----------------------------------------------------------


class VerdictSerializer(serializers.ModelSerializer):
    """A claim's verdict as the API shows it."""

    claim = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    scale = serializers.SlugRelatedField(source="rating.scale", slug_field="slug", read_only=True)
    rating = serializers.CharField(source="rating.label", read_only=True)
    rating_value = serializers.IntegerField(source="rating.value", read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "claim",
            "scale",
            "rating",
            "rating_value",
            "explanation",
            "version",
            "updated_at",
        ]


class VerdictInputSerializer(StrictTypes, serializers.Serializer):
    """A verdict as a reviewer writes it: a label of the claim's scale and an explanation."""

    rating = serializers.CharField(
        max_length=60, help_text="A label of the claim's rating scale, e.g. “Misleading”."
    )
    explanation = serializers.CharField(help_text="Why this rating, in a few sentences.")
    correction = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="Required when the claim is published: the dated correction readers see.",
    )


class RelationSerializer(serializers.ModelSerializer):
    """A typed link from this claim to another, as the API shows it."""

    claim = serializers.SlugRelatedField(source="from_claim", slug_field="slug", read_only=True)
    other = serializers.SlugRelatedField(source="to_claim", slug_field="slug", read_only=True)

    class Meta:
        model = ClaimRelation
        fields = ["id", "claim", "kind", "other", "note", "version"]


class RelationInputSerializer(StrictTypes, serializers.Serializer):
    """This claim `kind` the `other` claim (named by slug), with an optional note."""

    kind = serializers.ChoiceField(choices=ClaimRelation.Kind.choices)
    other = serializers.SlugField(max_length=80, help_text="The other claim's slug.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


VERDICT = OpenApiResponse(VerdictSerializer, description="The claim's verdict.")
RELATION_ID = OpenApiParameter("relation_id", OpenApiTypes.INT, OpenApiParameter.PATH)
IF_MATCH_WHEN_ONE_EXISTS = OpenApiParameter(
    "If-Match",
    {"type": "string", "minLength": 1},
    OpenApiParameter.HEADER,
    required=False,
    description="Required when the claim already has a verdict: the ETag read from a GET.",
)


def _stale(serializer_class: Any, current: Any, etag: str) -> base.PreconditionFailed:
    return base.PreconditionFailed(serializer_class(current).data, etag)


class ClaimRecordsMixin:
    """Verdict and relation routes of ClaimViewSet."""

    # --- verdict -------------------------------------------------------

    def verdict_of(self, claim: Claim) -> Verdict | None:
        return Verdict.objects.select_related("rating__scale", "claim").filter(claim=claim).first()

    def verdict_answer(self, verdict: Verdict, code: int = status.HTTP_200_OK) -> Response:
        etag = record_etag("verdict", verdict.claim.slug, verdict)
        return Response(VerdictSerializer(verdict).data, status=code, headers={"ETag": etag})

    @extend_schema(
        methods=["GET"],
        summary="The claim's verdict",
        responses={200: VERDICT, 404: base.ERROR},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Give or change the claim's verdict (reviewers)",
        parameters=[IF_MATCH_WHEN_ONE_EXISTS],
        request=VerdictInputSerializer,
        responses={200: VERDICT, 201: VERDICT, **base.UPDATE_ERRORS},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove the verdict of a claim not yet published (reviewers)",
        parameters=[base.IF_MATCH],
        responses={204: None, **base.UPDATE_ERRORS},
    )
    @action(detail=True, methods=["get", "put", "delete"])
    def verdict(self, request: Request, slug: str) -> Response:
        """A claim's verdict: a rating of its scale with a short explanation."""
        claim = self.get_object()
        verdict = self.verdict_of(claim)
        if request.method == "GET":
            if verdict is None:
                raise exceptions.NotFound("This claim has no verdict.")
            return self.verdict_answer(verdict)
        if request.method == "DELETE":
            return self.delete_verdict(request, claim, verdict)
        return self.put_verdict(request, claim, verdict)

    def put_verdict(self, request: Request, claim: Claim, verdict: Verdict | None) -> Response:
        perm = "annotations.change_verdict" if verdict else "annotations.add_verdict"
        base.require_perm(request.user, perm, "Only reviewers give verdicts.")
        if claim.is_public:
            try:
                claim.check_correct(by=request.user)
            except NotPermitted as error:
                raise exceptions.PermissionDenied(str(error)) from error
            except TransitionError as error:
                raise base.refuse("A retracted claim keeps the verdict it had.") from error
        if verdict is not None:
            etag = record_etag("verdict", claim.slug, verdict)
            base.check_if_match(request, etag, lambda: VerdictSerializer(verdict).data)
        serializer = VerdictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if claim.is_public and not data.get("correction", "").strip():
            raise exceptions.ValidationError(
                {"correction": ["The claim is published: say what changed, for readers."]}
            )
        scale = verdict.rating.scale if verdict else RatingScale.objects.filter(is_default=True)
        scale = scale if isinstance(scale, RatingScale) else scale.first()
        rating = Rating.objects.filter(scale=scale, label__iexact=data["rating"].strip()).first()
        if rating is None:
            labels = ", ".join(Rating.objects.filter(scale=scale).values_list("label", flat=True))
            raise exceptions.ValidationError(
                {"rating": [f"“{data['rating']}” is not a rating of this scale: one of {labels}."]}
            )
        created = verdict is None
        expected = None if created else verdict.version
        verdict = verdict or Verdict(claim=claim, created_by=request.user)
        verdict.rating, verdict.explanation = rating, data["explanation"]
        base.full_clean(verdict, exclude=["claim"])
        try:
            with transaction.atomic():
                if created:
                    verdict.save()
                else:
                    verdict.save_checked(expected_version=expected)
                if claim.is_public:
                    services.correct(obj=claim, by=request.user, text=data["correction"])
        except StaleEdit as error:
            current = self.verdict_of(claim)
            raise _stale(
                VerdictSerializer, current, record_etag("verdict", claim.slug, current)
            ) from error
        except TransitionError as error:
            raise base.refuse(error) from error
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return self.verdict_answer(self.verdict_of(claim), code)

    def delete_verdict(self, request: Request, claim: Claim, verdict: Verdict | None) -> Response:
        base.require_perm(
            request.user, "annotations.delete_verdict", "Only reviewers remove verdicts."
        )
        if verdict is None:
            raise exceptions.NotFound("This claim has no verdict.")
        if claim.is_public:
            raise base.refuse("A published verdict changes by a correction, not by deletion.")
        etag = record_etag("verdict", claim.slug, verdict)
        base.check_if_match(request, etag, lambda: VerdictSerializer(verdict).data)
        try:
            verdict.delete_checked(expected_version=verdict.version)
        except StaleEdit as error:
            current = self.verdict_of(claim)
            raise _stale(
                VerdictSerializer, current, record_etag("verdict", claim.slug, current)
            ) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- relations -----------------------------------------------------

    def relations_of(self, claim: Claim) -> Any:
        return ClaimRelation.objects.filter(from_claim=claim).select_related(
            "from_claim", "to_claim"
        )

    def require_editable(self, claim: Claim) -> None:
        if not claim.is_editable:
            raise base.refuse(
                f"This claim is {claim.get_status_display().lower()}: its relations change "
                "only while it is a draft or in review."
            )

    @extend_schema(
        methods=["GET"],
        summary="The claim's relations to other claims",
        responses={200: RelationSerializer(many=True), 404: base.ERROR},
    )
    @extend_schema(
        methods=["POST"],
        summary="Relate this claim to another one (editors)",
        request=RelationInputSerializer,
        responses={201: RelationSerializer, **base.WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def relations(self, request: Request, slug: str) -> Response:
        """This claim responds to, disputes, contextualises… other claims."""
        claim = self.get_object()
        if request.method == "GET":
            visible = Claim.objects.visible_to(request.user)
            rows = self.relations_of(claim).filter(to_claim__in=visible)
            return Response(RelationSerializer(rows, many=True).data)
        base.require_perm(request.user, "claims.add_claimrelation", "You cannot relate claims.")
        self.require_editable(claim)
        serializer = RelationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        other = Claim.objects.visible_to(request.user).filter(slug=data["other"]).first()
        if other is None:
            raise exceptions.ValidationError({"other": [f"There is no claim “{data['other']}”."]})
        relation = ClaimRelation(
            from_claim=claim, to_claim=other, kind=data["kind"], note=data["note"]
        )
        base.full_clean(relation)
        relation.save()
        etag = record_etag("relation", relation.pk, relation)
        data = RelationSerializer(relation).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag})

    @extend_schema(
        summary="Remove one of the claim's relations (editors)",
        parameters=[RELATION_ID, base.IF_MATCH],
        request=None,
        responses={204: None, **base.UPDATE_ERRORS},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path="relations/<int:relation_id>",
        url_name="relation-detail",
    )
    def relation(self, request: Request, slug: str, relation_id: str) -> Response:
        """Remove a relation while the claim is a draft or in review."""
        claim = self.get_object()
        base.require_perm(
            request.user, "claims.delete_claimrelation", "You cannot remove relations."
        )
        # An id beyond the database's integer range names nothing (and must not reach it).
        key = int(relation_id)
        relation = self.relations_of(claim).filter(pk=key).first() if key < 2**63 else None
        if relation is None:
            raise exceptions.NotFound("This claim has no such relation.")
        # The If-Match header first (428 without it, 412 when stale), then the claim's state.
        etag = record_etag("relation", relation.pk, relation)
        base.check_if_match(request, etag, lambda: RelationSerializer(relation).data)
        self.require_editable(claim)
        try:
            relation.delete_checked(expected_version=relation.version)
        except StaleEdit as error:
            etag = record_etag("relation", relation.pk, error.current)
            raise _stale(RelationSerializer, error.current, etag) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
