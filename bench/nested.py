"""The common way to export with DRF: nested ModelSerializers over prefetched model instances.

Written here as a newsroom team would write it first: one serializer per
model, nested as the published JSON nests them, the obvious select_related /
prefetch_related so the query count stays fixed, QuerySet.iterator() in chunks,
and DRF's JSONRenderer for each line. Its documents carry the same fields as
the published JSON (the figure keys use the denominator's position, which is
simpler than the real ordinal). It is what the project's export is compared to;
the app never uses it.
"""

from __future__ import annotations

import os
import time
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import islice

from django.conf import settings
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from annotations.models import Citation, ContextNote, Correction, NoteFigure, Verdict
from claims.models import Claim, ClaimRelation, Figure, Source, Speaker, Tag


class SpeakerSerializer(serializers.ModelSerializer):
    same_as = serializers.CharField(source="same_as_url")

    class Meta:
        model = Speaker
        fields = ["slug", "name", "kind", "role", "affiliation", "same_as"]


class SourceSerializer(serializers.ModelSerializer):
    author = SpeakerSerializer(allow_null=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "kind",
            "title",
            "publisher",
            "url",
            "date",
            "date_precision",
            "full_text",
            "author",
        ]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class WholeSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()
    label = serializers.CharField(source="__str__")

    class Meta:
        model = Figure
        fields = ["key", "value", "qualifier", "counts", "unit", "label"]

    def get_key(self, figure: Figure) -> str:
        return f"{figure.claim.slug}#{figure.position + 1}"


class FigureSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__")
    part_of = WholeSerializer(allow_null=True)
    share = serializers.SerializerMethodField()

    class Meta:
        model = Figure
        fields = ["value", "qualifier", "counts", "unit", "as_of", "period", "label", "part_of"]
        fields += ["share"]

    def get_share(self, figure) -> float | None:
        share = figure.share
        if share is None:
            return None
        return float(share.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))


class NoteFigureSerializer(FigureSerializer):
    class Meta(FigureSerializer.Meta):
        model = NoteFigure


class CitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citation
        fields = [
            "title",
            "url",
            "publisher",
            "published_on",
            "archived_url",
            "excerpt",
            "accessed_on",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    date = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Correction
        fields = ["kind", "text", "date"]


WORKFLOW = [
    "status",
    "created_at",
    "submitted_at",
    "published_at",
    "corrected_at",
    "retraction_reason",
]


class NoteSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    citations = CitationSerializer(many=True)
    figures = NoteFigureSerializer(many=True)
    corrections = CorrectionSerializer(many=True)

    class Meta:
        model = ContextNote
        fields = ["slug", "kind", "kind_label", "title", "body", *WORKFLOW]
        fields += ["citations", "figures", "corrections"]


class RelatedClaimSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Claim
        fields = ["slug", "summary", "url"]


class OutgoingSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display")
    claim = RelatedClaimSerializer(source="to_claim")

    class Meta:
        model = ClaimRelation
        fields = ["kind", "label", "note", "claim"]


class IncomingSerializer(OutgoingSerializer):
    claim = RelatedClaimSerializer(source="from_claim")


class VerdictSerializer(serializers.ModelSerializer):
    rating = serializers.SerializerMethodField()
    scale = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = ["rating", "scale", "explanation"]

    def get_rating(self, verdict: Verdict) -> dict:
        return {"label": verdict.rating.label, "value": verdict.rating.value}

    def get_scale(self, verdict: Verdict) -> dict:
        scale = verdict.rating.scale
        values = [rating.value for rating in scale.ratings.all()]
        return {"slug": scale.slug, "name": scale.name, "worst": min(values), "best": max(values)}


class ClaimSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url")
    speaker = SpeakerSerializer()
    source = SourceSerializer()
    tags = TagSerializer(many=True)
    figures = FigureSerializer(many=True)
    notes = NoteSerializer(many=True, source="public_notes")
    relations_out = OutgoingSerializer(many=True, source="public_out")
    relations_in = IncomingSerializer(many=True, source="public_in")
    verdict = VerdictSerializer(allow_null=True)
    corrections = CorrectionSerializer(many=True)

    class Meta:
        model = Claim
        fields = ["slug", "url", "summary", "text", "text_kind", "said_on", "said_on_precision"]
        fields += [*WORKFLOW, "speaker", "source", "tags", "figures", "notes"]
        fields += ["relations_out", "relations_in", "verdict", "corrections"]


def claims_with_everything():
    """Published claims by slug, with the obvious select_related and prefetch_related."""
    public = Claim.objects.published()
    with_whole = ["part_of__claim"]
    return (
        public.order_by("slug")
        .select_related("speaker", "source__author", "verdict__rating__scale")
        .prefetch_related(
            "tags",
            Prefetch("figures", Figure.objects.select_related(*with_whole).order_by("position")),
            Prefetch(
                "notes",
                ContextNote.objects.published()
                .order_by("slug")
                .prefetch_related(
                    "citations",
                    Prefetch("figures", NoteFigure.objects.select_related(*with_whole)),
                    "corrections",
                ),
                to_attr="public_notes",
            ),
            Prefetch(
                "relations_out",
                ClaimRelation.objects.filter(to_claim__in=public).select_related("to_claim"),
                to_attr="public_out",
            ),
            Prefetch(
                "relations_in",
                ClaimRelation.objects.filter(from_claim__in=public).select_related("from_claim"),
                to_attr="public_in",
            ),
            "corrections",
            "verdict__rating__scale__ratings",
        )
    )


def batched(items, size: int):
    """Lists of `size` items (itertools.batched arrived in Python 3.12)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_nested(*, limit: int | None = None, chunk_size: int = 1000) -> tuple[float, int, int]:
    """Write the first `limit` published claims (all by default) as JSON Lines to /dev/null.

    Returns (seconds, claims, bytes).
    """
    renderer = JSONRenderer()
    claims = claims_with_everything()
    if limit is not None:
        claims = claims[:limit]
    count = size = 0
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        # One list serializer per chunk: DRF builds the nested fields once per serializer.
        for chunk in batched(claims.iterator(chunk_size=chunk_size), chunk_size):
            for document in ClaimSerializer(chunk, many=True).data:
                line = renderer.render(document) + b"\n"
                sink.write(line)
                count += 1
                size += len(line)
    assert settings.DEBUG is False, "query logging would be measured too"
    return time.perf_counter() - started, count, size
