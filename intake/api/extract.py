"""POST /api/v1/extract/: a text's sentences, check-worthiness and figures, for the desk."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Figure as FigureModel
from intake.analysis import analyse, as_json
from intake.api import MAX_TEXT_BYTES, StrictText

DESK_PERMISSION = "claims.view_claim"  # every newsroom group has it; outsiders do not
TOO_MUCH_TEXT = (
    "The text is over 1 MB (UTF-8); send a long transcript in parts of at most 1 MB each."
)


class NewsroomOnly(permissions.BasePermission):
    """Editors, reviewers and admins; anonymous visitors and outsiders get a 403."""

    message = "Extraction is for the newsroom's editors and reviewers."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(DESK_PERMISSION))


class ExtractRequest(serializers.Serializer):
    text = StrictText(
        trim_whitespace=False,
        help_text="Plain text: a transcript, an article, a letter (at most 1 MB as UTF-8).",
    )

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("The text is empty.")
        return value


class ExtractedFigure(serializers.Serializer):
    start = serializers.IntegerField(help_text="Code-point offset into the text sent.")
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="The words of the figure, qualifier included.")
    value = serializers.CharField(help_text='A plain decimal: "4100000", "2.5", "-0.3".')
    qualifier = serializers.ChoiceField(choices=FigureModel.Qualifier.choices)
    unit = serializers.CharField(help_text='"%", an ISO 4217 code such as "USD", or "".')
    counts = serializers.CharField(help_text="The noun phrase the number quantifies, or ''.")
    as_of = serializers.DateField(allow_null=True, help_text="The date the number held.")
    period = serializers.CharField(help_text='The period it covers ("fiscal year 2024"), or "".')


class ExtractedSentence(serializers.Serializer):
    start = serializers.IntegerField(help_text="Code-point offset into the text sent.")
    end = serializers.IntegerField()
    text = serializers.CharField()
    checkworthy = serializers.FloatField(min_value=0, max_value=1)
    figures = ExtractedFigure(many=True)


class ExtractResponse(serializers.Serializer):
    sentences = ExtractedSentence(many=True, help_text="In text order.")


ERROR = {"$ref": "#/components/schemas/Error"}


class TextTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = TOO_MUCH_TEXT
    default_code = "too_large"


class Extract(APIView):
    """Sentences with check-worthiness and figures (value, qualifier, unit, counts, when)."""

    permission_classes = [NewsroomOnly]

    @extend_schema(
        summary="Find the sentences worth checking and the figures in a text",
        request=ExtractRequest,
        responses={
            200: ExtractResponse,
            400: OpenApiResponse(ERROR, description="`text` is missing, empty or not a string."),
            403: OpenApiResponse(ERROR, description="Not an editor, reviewer or admin."),
            (413, "application/json"): OpenApiResponse(ERROR, description="The text is over 1 MB."),
            (413, "text/plain"): OpenApiResponse(
                {"type": "string"}, description="The whole body is over the server's limit."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        incoming = ExtractRequest(data=request.data)
        incoming.is_valid(raise_exception=True)
        text = incoming.validated_data["text"]
        if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            raise TextTooLarge()
        return Response(as_json(analyse(text)))
