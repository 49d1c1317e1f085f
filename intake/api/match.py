"""POST /api/v1/match/: which checked claims each sentence of a text repeats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from config.security import RequestSizeLimitMiddleware, client_ip_address
from intake.api import MAX_TEXT_BYTES, StrictText
from intake.matching import SentenceMatches, match_sentences

# The shared error body, defined with the API's other components (publication/api/openapi.py).
ERROR_REF = {"$ref": "#/components/schemas/Error"}


class ClientAddressMixin:
    """Counts requests per client address, as the login lockout reads it behind proxies."""

    def get_ident(self, request: Request) -> str:
        return client_ip_address(request) or "unknown"

    def get_rate(self) -> str:
        # Read at each request, not at import, so the rate follows settings.
        return getattr(settings, self.rate_setting)


class MatchAnonThrottle(ClientAddressMixin, AnonRateThrottle):
    """MATCH_RATE_ANON requests per client address for visitors who are not logged in."""

    scope = "match_anon"
    rate_setting = "MATCH_RATE_ANON"


class MatchUserThrottle(ClientAddressMixin, UserRateThrottle):
    """MATCH_RATE_USER requests per logged-in user."""

    scope = "match_user"
    rate_setting = "MATCH_RATE_USER"


class MatchRequestSerializer(serializers.Serializer):
    text = StrictText(
        trim_whitespace=False,
        help_text="The text to check, up to 1 MB (UTF-8); it is split into sentences.",
    )

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Send some text to check.")
        return value


class FigureComparisonSerializer(serializers.Serializer):
    said = serializers.CharField(help_text="A number said in the sentence, as a decimal.")
    checked = serializers.CharField(
        allow_null=True, help_text="The closest number the claim was checked for, if it has any."
    )
    same = serializers.BooleanField(help_text="Whether the number said is the number checked.")


class MatchSerializer(serializers.Serializer):
    claim = serializers.CharField(help_text="The matched claim's slug.")
    score = serializers.FloatField(min_value=0, max_value=1)
    verdict = serializers.CharField(allow_null=True, help_text="The label of its verdict, if any.")
    figures = FigureComparisonSerializer(many=True)


class SentenceSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the sentence, in code points.")
    end = serializers.IntegerField(help_text="Offset just after the sentence, in code points.")
    text = serializers.CharField()
    matches = MatchSerializer(many=True, help_text="Best first, at most 5.")


class MatchResponseSerializer(serializers.Serializer):
    sentences = SentenceSerializer(many=True)


def decimal_text(value: Decimal | None) -> str | None:
    """A number as plain decimal text: 7600000, not 7.6E+6."""
    return None if value is None else f"{value.normalize():f}"


def as_json(found: list[SentenceMatches]) -> dict[str, Any]:
    """The API shape of match_sentences' answer."""
    return {
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "matches": [
                    {
                        "claim": m.claim.slug,
                        "score": m.score,
                        "verdict": m.verdict,
                        "figures": [
                            {
                                "said": decimal_text(f.said),
                                "checked": decimal_text(f.checked),
                                "same": f.same,
                            }
                            for f in m.figures
                        ],
                    }
                    for m in s.matches
                ],
            }
            for s in found
        ]
    }


class MatchView(APIView):
    """Which checked claims a text repeats, sentence by sentence, with their verdicts."""

    permission_classes = [AllowAny]
    throttle_classes = [MatchAnonThrottle, MatchUserThrottle]

    @extend_schema(
        operation_id="match_text",
        summary="Has this been checked?",
        description=(
            "Splits the text into sentences and returns, for each, the published claims it "
            "repeats (for newsroom staff, also claims in review), best first, at most 5, "
            "only those scoring at or above the desk's threshold (MATCH_THRESHOLD). Each "
            "match compares the numbers said with the numbers checked. Anonymous clients "
            "are limited to MATCH_RATE_ANON requests per address, logged-in users to "
            "MATCH_RATE_USER; over the limit answers 429 with Retry-After."
        ),
        request=MatchRequestSerializer,
        responses={
            200: MatchResponseSerializer,
            400: OpenApiResponse(ERROR_REF, description="Empty text, or text that is not text."),
            429: OpenApiResponse(ERROR_REF, description="Too many requests; see Retry-After."),
        },
        examples=[
            OpenApiExample(
                "A repeated figure",
                value={"text": "Over 450,000 of them are convicted criminals."},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        raw = request.data.get("text") if hasattr(request.data, "get") else None
        if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            return RequestSizeLimitMiddleware.too_large(
                "This endpoint matches at most 1 MB of text per request."
            )
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = match_sentences(serializer.validated_data["text"], user=request.user)
        return Response(as_json(found))
