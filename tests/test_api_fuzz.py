"""Hostile input: generated requests against every API operation, as an editor and anonymously.

schemathesis reads the OpenAPI document the app serves at /api/schema/ and, for every
operation and method, sends requests built from it: valid ones, and invalid ones (wrong
types, unknown fields, bad dates, NUL bytes, long and non-ASCII strings, negative and huge
numbers, missing or odd headers). Every answer must be a non-5xx that the schema documents
(status, content type, headers and body). The app runs in-process through its WSGI
handler, inside the test's database transaction, so every write is rolled back.

The run is bounded and reproducible: a fixed seed, Hypothesis' derandomised mode, no
example database, and a small number of examples per operation.
"""

from __future__ import annotations

import os
import random
import zlib
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims.workflow import Status
from tests.factories import CitationFactory, ClaimFactory, FigureFactory, NoteFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Fuzzed examples per operation, on top of the coverage phase's boundary values (too long,
# too short, wrong type, NUL byte, missing field…): both personas, every operation, in about
# two minutes on PostgreSQL.
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))  # FUZZ_EXAMPLES=500 for a deep run
SEED = 20240925

SETTINGS = {
    "seed": SEED,
    "suppress-health-check": ["all"],
    "generation": {
        "mode": "all",
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "database": "none",
        "allow-x00": True,
        "no-shrink": True,
    },
    "phases": {"stateful": {"enabled": False}},
}
# Anonymous writes are refused (403) before their body is read: the boundary values of the
# coverage phase would only repeat that, so they are sent to reads only.
ANONYMOUS_SETTINGS = {
    **SETTINGS,
    "operations": [{"exclude-method": "GET", "phases": {"coverage": {"enabled": False}}}],
}


class InProcessApp:
    """The project's WSGI app, run as Django's test client runs it.

    Django closes "old" database connections when a request starts and finishes; inside a
    test transaction that would close the test's own connection, so the handlers are
    unhooked around each request, exactly as django.test.Client does.
    """

    def __init__(self) -> None:
        self.app = get_wsgi_application()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


APP = InProcessApp()
as_editor = schemathesis.openapi.from_wsgi(
    "/api/schema/", APP, config=schemathesis.Config.from_dict(SETTINGS)
)
as_anonymous = schemathesis.openapi.from_wsgi(
    "/api/schema/", APP, config=schemathesis.Config.from_dict(ANONYMOUS_SETTINGS)
)


class World:
    """A few rows in each state, so generated requests reach past the 404 of a random slug."""

    def __init__(self, editor) -> None:
        published = ClaimFactory(status=Status.PUBLISHED, slug="published-claim")
        FigureFactory(claim=published)
        draft = ClaimFactory(status=Status.DRAFT, slug="draft-claim", created_by=editor)
        FigureFactory(claim=draft)
        ClaimFactory(status=Status.IN_REVIEW, slug="claim-in-review", created_by=editor)
        draft_note = NoteFactory(slug="draft-note", created_by=editor)
        draft_note.claims.add(draft)
        published_note = NoteFactory(slug="published-note", status=Status.PUBLISHED)
        published_note.claims.add(published)
        citations = [CitationFactory(note=draft_note), CitationFactory(note=published_note)]
        self.slugs = {
            "claims": ["draft-claim", "published-claim", "claim-in-review"],
            "notes": ["draft-note", "published-note"],
            "speakers": [published.speaker.slug, draft.speaker.slug],
            "sources": [published.source.slug, draft.source.slug],
        }
        self.citations = [c.pk for c in citations]
        self.figure_keys = ["published-claim#1", "draft-claim#1"]

    def aim(self, case: schemathesis.Case) -> None:
        """Half the time, point the request at rows that exist, with an If-Match that matches.

        The choice is drawn from the case itself, so the same case is always aimed the same
        way and a failure reproduces.
        """
        seed = repr((case.method, case.path, case.path_parameters, case.query, case.body))
        rng = random.Random(zlib.crc32(seed.encode("utf-8", "surrogatepass")))
        if rng.random() < 0.5:
            return
        resource = case.path.removeprefix("/api/v1/").split("/")[0]
        params = case.path_parameters or {}
        if "slug" in params and resource in self.slugs:
            params["slug"] = rng.choice(self.slugs[resource])
        if "id" in params:
            params["id"] = rng.choice(self.citations)
        if case.headers and "If-Match" in case.headers:
            case.headers["If-Match"] = "*"
        body = case.body
        if isinstance(body, dict):
            for field, choices in (
                ("speaker", self.slugs["speakers"]),
                ("author", self.slugs["speakers"]),
                ("source", self.slugs["sources"]),
                ("note", self.slugs["notes"]),
            ):
                if field in body:
                    body[field] = rng.choice(choices)
            if isinstance(body.get("claims"), list):
                body["claims"] = rng.sample(self.slugs["claims"], rng.randint(0, 3))
            figures = body.get("figures")
            for figure in figures if isinstance(figures, list) else []:
                if isinstance(figure, dict) and "part_of" in figure:
                    figure["part_of"] = rng.choice(self.figure_keys)


@pytest.fixture
def world(db, editor) -> World:
    return World(editor)


@as_anonymous.parametrize()
def test_anonymous_requests_get_documented_non_5xx_answers(case, world):
    world.aim(case)
    case.call_and_validate(checks=CHECKS)


@as_editor.parametrize()
def test_editor_requests_get_documented_non_5xx_answers(case, world, editor):
    world.aim(case)
    token = Token.objects.get_or_create(user=editor)[0].key
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
