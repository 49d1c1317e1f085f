"""Test support for the API: a client that checks every response against the OpenAPI schema,
and a builder of fully annotated published claims for query-count tests."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

from django.contrib.auth.models import User
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from annotations.models import Citation, Correction, NoteFigure, Rating, Verdict
from claims.models import Claim, ClaimRelation, Figure, Tag
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory


@cache
def openapi_document() -> dict:
    """The OpenAPI document the project serves at /api/schema/, as plain JSON."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def _text(data: bytes, **params) -> str:
    return data.decode("utf-8")


def _json(data: bytes, **params) -> object:
    return json.loads(data)


@cache
def openapi() -> OpenAPI:
    """The schema as an openapi-core validator; CSV and JSON Lines bodies are checked as text."""
    config = Config(
        extra_media_type_deserializers={
            "text/csv": _text,
            "application/jsonl": _text,
            # W3C Web Annotations: JSON-LD, checked against its schema like any JSON body.
            "application/ld+json": _json,
        }
    )
    return OpenAPI.from_dict(openapi_document(), config=config)


class ValidatingClient(APIClient):
    """An API test client that fails the test when a response does not match the schema."""

    validated = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # JSON bodies stay readable after the view, so the request can be matched too.
        self.default_format = "json"

    def request(self, **kwargs):
        response = super().request(**kwargs)
        request = response.wsgi_request
        if request.path.startswith("/api/v1/"):
            openapi().validate_response(
                DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response)
            )
            ValidatingClient.validated += 1
        return response

    def as_user(self, user: User | None) -> ValidatingClient:
        if user is not None:
            self.force_login(user)
        return self


def annotated_claims(count: int, start: int = 0) -> list[Claim]:
    """`count` published claims, each with everything the published JSON can carry.

    All of them relate to, and take their denominator from, one claim "docket-total".
    """
    rating = Rating.objects.get(scale__is_default=True, value=3)
    tag = Tag.objects.get_or_create(name="immigration")[0]
    whole = Claim.objects.filter(slug="docket-total").first() or ClaimFactory(
        status=Status.PUBLISHED, slug="docket-total", summary="Docket total"
    )
    docket = whole.figures.first() or Figure.objects.create(
        claim=whole, value=Decimal("7000000"), counts="on the docket"
    )
    claims = []
    for n in range(start, start + count):
        claim = ClaimFactory(status=Status.PUBLISHED, slug=f"claim-{n:04d}")
        claim.tags.add(tag)
        Figure.objects.create(claim=claim, value=Decimal(n + 1), counts="people", part_of=docket)
        Figure.objects.create(claim=claim, value=Decimal("2.5"), counts="years", position=1)
        note = NoteFactory(status=Status.PUBLISHED, slug=f"note-{n:04d}")
        note.claims.add(claim, whole)
        Citation.objects.create(note=note, title=f"Study {n}", url="https://example.org/s")
        NoteFigure.objects.create(note=note, value=Decimal(10), counts="held", part_of=docket)
        ClaimRelation.objects.create(from_claim=claim, to_claim=whole, kind="contextualises")
        Verdict.objects.create(claim=claim, rating=rating, explanation="Needs the docket size.")
        Correction.objects.create(claim=claim, text="Date fixed.")
        claims.append(claim)
    return claims


ANCHORED_TEXT = (
    'Préambule — «\u00a0citation\u00a0» 🧾 "quoted" and \\ backslash.\n\n'
    "The docket now holds nearly 7 million people, the letter says. "
    "مرحبا بالعالم: 500 ألف طالب. "
    "Beds stayed at 41,500 throughout the year.\n"
)


def anchored_claims() -> list[Claim]:
    """Published claims anchored in awkward texts: moved, orphaned, on public and private texts."""
    from claims.models import Source

    public = Source.objects.create(slug="anchored-public", title="A public text")
    private = Source.objects.create(slug="anchored-private", title="A copyrighted text")
    Source.objects.filter(pk=public.pk).update(text_public=True)
    public.refresh_from_db()
    claims = []
    for source in (public, private):
        source.revise(text=ANCHORED_TEXT, by=None, origin="api")
        for n, exact in enumerate(("nearly 7 million people", "500 ألف طالب", "41,500")):
            claim = ClaimFactory(
                slug=f"{source.slug}-{n}",
                source=source,
                status=Status.PUBLISHED,
                text=exact,
            )
            claim.anchor_to(exact=exact)
            claims.append(claim)
    # A new revision: one anchor moves, one is orphaned (its words are gone).
    for source in (public, private):
        source.revise(
            text="A new first line 🎉.\n" + ANCHORED_TEXT.replace("41,500", "forty thousand"),
            by=None,
            origin="pasted",
        )
    return claims
