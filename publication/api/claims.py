"""/api/v1/claims/: list, detail (the published JSON), writes and workflow steps."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, filters, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.anchoring import AnchorError
from claims.models import Claim, Figure, Tag
from claims.workflow import StaleEdit
from publication.api import base
from publication.api.claim_records import ClaimRecordsMixin
from publication.api.filters import ClaimFilter, ClaimSearch
from publication.api.serializers import (
    ClaimListSerializer,
    ClaimWriteSerializer,
    CorrectionInputSerializer,
    ReasonSerializer,
)
from publication.api.workflow import run_step
from publication.cache import CachedReads
from publication.context import site_url
from publication.documents import documents_by_key

CLAIM_DOCUMENT = {"$ref": "#/components/schemas/PublishedClaim"}
DOCUMENT = OpenApiResponse(CLAIM_DOCUMENT, description="The claim in the published JSON.")


def step_schema(step: str, request: Any = None) -> Any:
    return base.step_schema("claim", step, DOCUMENT, request)


@base.reviewable_schema(
    "claim",
    listed="Claims (published ones for anonymous clients)",
    detail="A claim with everything attached (the published JSON)",
    document=DOCUMENT,
    write=ClaimWriteSerializer,
)
class ClaimViewSet(CachedReads, ClaimRecordsMixin, viewsets.ModelViewSet):
    """Claims by public figures; drafts are visible to newsroom staff only."""

    per_claim = True  # a detail is cached per claim, the list with the published set

    lookup_field = "slug"
    lookup_value_converter = "slug"
    permission_classes = [base.DeskPermissions]
    pagination_class = base.NewestFirst
    filter_backends = [
        ClaimSearch,
        DjangoFilterBackend,
        filters.OrderingFilter,
    ]
    filterset_class = ClaimFilter
    ordering_fields = ["created_at", "updated_at", "slug"]
    queryset = Claim.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self):
        claims = Claim.objects.visible_to(self.request.user)
        if self.action == "list":
            claims = claims.select_related("speaker", "source", "verdict__rating")
            claims = claims.prefetch_related("tags")
        return claims

    def get_serializer_class(self):
        return ClaimListSerializer if self.action == "list" else ClaimWriteSerializer

    # --- reading -------------------------------------------------------

    def document(self, claim: Claim) -> dict[str, Any]:
        staff = base.can_see_drafts(self.request.user, Claim)
        return documents_by_key(ids=[claim.pk], public_only=not staff)[0]

    def answer(self, claim: Claim, code: int = status.HTTP_200_OK) -> Response:
        response = Response(self.document(claim), status=code)
        response["ETag"] = base.version_etag("claim", claim)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.answer(self.get_object())

    # --- writing -------------------------------------------------------

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ClaimWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tags, figures = data.pop("tags", None), data.pop("figures", None)
        anchor = data.pop("anchor", None)
        with transaction.atomic():
            claim = Claim(created_by=request.user, **data)
            place_anchor(claim, anchor)
            base.full_clean(claim, exclude=["slug"] if not claim.slug else [])
            claim.save()
            self.write_related(claim, tags, figures)
            if anchor:
                claim.keep_anchor()
        response = self.answer(claim, status.HTTP_201_CREATED)
        response["Location"] = f"{site_url()}/api/v1/claims/{claim.slug}/"
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        etag = base.version_etag("claim", claim)
        base.check_if_match(request, etag, lambda: self.document(claim))
        if not claim.is_editable:
            raise base.refuse(
                f"This claim is {claim.get_status_display().lower()}: published claims change "
                "through corrections (POST …/correct/)."
            )
        partial = kwargs.get("partial", False)
        serializer = ClaimWriteSerializer(claim, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tags, figures = data.pop("tags", None), data.pop("figures", None)
        if "slug" in data and data["slug"] != claim.slug:
            raise exceptions.ValidationError({"slug": ["A claim's slug never changes."]}, "fixed")
        anchor = data.pop("anchor", KEEP)
        expected, source_before = claim.version, claim.source_id
        for name, value in data.items():
            setattr(claim, name, value)
        if anchor is KEEP and claim.source_id != source_before and hasattr(claim, "anchor"):
            raise exceptions.ValidationError(
                {
                    "source": [
                        "This claim is anchored in its source's text: give an anchor in the new "
                        "source, or `anchor: null` to remove it."
                    ]
                },
                "anchored",
            )
        if anchor is not KEEP:
            place_anchor(claim, anchor)
        try:
            with transaction.atomic():
                base.full_clean(claim)
                claim.save_checked(expected_version=expected)
                self.write_related(claim, tags, figures)
                if anchor is None:
                    claim.remove_anchor()
                elif anchor is not KEEP:
                    claim.keep_anchor()
        except StaleEdit as error:
            raise base.PreconditionFailed(
                self.document(error.current), base.version_etag("claim", error.current)
            ) from error
        return self.answer(claim)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        base.delete_draft(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def write_related(
        self, claim: Claim, tags: list[str] | None, figures: list[dict[str, Any]] | None
    ) -> None:
        if tags is not None:
            claim.tags.set([Tag.objects.get_or_create(name=name.strip())[0] for name in tags])
        if figures is not None:
            write_figures(claim, figures)

    # --- workflow ------------------------------------------------------

    def step(self, request: Request, name: str, serializer_class: Any = None) -> Response:
        claim = self.get_object()
        data: dict[str, Any] = {}
        if serializer_class is not None:
            serializer = serializer_class(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        try:
            run_step(step=name, obj=claim, user=request.user, data=data)
        except StaleEdit as error:
            raise base.ChangedMeanwhile(
                self.document(error.current), base.version_etag("claim", error.current)
            ) from error
        return self.answer(claim)

    @step_schema("submit")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, slug: str) -> Response:
        """Send a draft to review (editors)."""
        return self.step(request, "submit")

    @step_schema("approve")
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, slug: str) -> Response:
        """Approve and publish a claim in review (another reviewer than its author)."""
        return self.step(request, "approve")

    @step_schema("reject", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str) -> Response:
        """Send a claim in review back to draft with a reason (reviewers)."""
        return self.step(request, "reject", ReasonSerializer)

    @step_schema("correct", CorrectionInputSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, slug: str) -> Response:
        """Mark a published claim corrected and publish the dated correction entry (reviewers)."""
        return self.step(request, "correct", CorrectionInputSerializer)

    @step_schema("retract", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, slug: str) -> Response:
        """Retract a published claim; it stays visible, marked retracted (reviewers)."""
        return self.step(request, "retract", ReasonSerializer)


KEEP = object()  # no `anchor` in the request: the claim keeps the one it has


def place_anchor(claim: Claim, span: dict[str, Any] | None) -> None:
    """Find the anchor's span in the source's current text, or a 400 under `anchor`."""
    if span is None:
        claim._placed = None  # removing the anchor frees the text
        return
    try:
        claim.place_anchor(**span)
    except AnchorError as error:
        raise exceptions.ValidationError({"anchor": {error.field: [error.message]}}) from error


def write_figures(claim: Claim, rows: list[dict[str, Any]]) -> None:
    """Make the claim's figures these rows, in order; errors are reported by figure."""
    existing = list(claim.figures.order_by("position", "pk"))
    figures: list[Figure] = []
    errors: list[dict[str, list[str]]] = []
    for position, row in enumerate(rows):
        figure = existing[position] if position < len(existing) else Figure(claim=claim)
        for name, value in row.items():
            if name != "part_of":
                setattr(figure, name, value)
        figure.position = position
        figure.part_of = None
        try:
            base.full_clean(figure, exclude=["claim", "part_of"])
            errors.append({})
        except exceptions.ValidationError as error:
            errors.append(error.detail)
        figures.append(figure)
    for position, row in enumerate(rows):
        key = row.get("part_of")
        if not key:
            continue
        slug, ordinal = key.rsplit("#", 1)
        if slug == claim.slug:
            whole = figures[int(ordinal) - 1] if int(ordinal) <= len(figures) else None
        else:
            whole = (
                Figure.objects.filter(claim__slug=slug)
                .order_by("position", "pk")[int(ordinal) - 1 : int(ordinal)]
                .first()
            )
        if whole is None:
            errors[position].setdefault("part_of", []).append(f"There is no figure {key}.")
        elif whole is figures[position]:
            errors[position].setdefault("part_of", []).append(
                "A figure cannot be its own denominator."
            )
        elif whole.value == 0:
            errors[position].setdefault("part_of", []).append(Figure.ZERO_DENOMINATOR)
        figures[position].part_of = whole
    if any(errors):
        raise exceptions.ValidationError({"figures": errors})
    for figure in existing[len(rows) :]:
        try:
            figure.delete()
        except ProtectedError as error:
            raise exceptions.ValidationError(
                {"figures": [f"Figure {figure} cannot be removed: {base.PROTECTED}"]}
            ) from error
    for figure in figures:
        whole = figure.part_of
        figure.part_of = None if whole is not None and whole.pk is None else whole
        figure.save()
    # Denominators among the new figures exist only now.
    for figure, row in zip(figures, rows, strict=True):
        if row.get("part_of") and figure.part_of is None:
            slug, ordinal = row["part_of"].rsplit("#", 1)
            figure.part_of = figures[int(ordinal) - 1]
            figure.save()
