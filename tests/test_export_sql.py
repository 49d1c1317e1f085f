"""On PostgreSQL the bulk exports are written by the database: the same bytes as the shape gives.

publication.shape defines the published JSON; publication.pgjson writes it in
SQL for speed. These tests hold the SQL to the shape, claim by claim, on the
demo case and on every formatting edge a newsroom's data can reach.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from annotations.models import Correction, NoteFigure
from claims.models import Claim, ClaimRelation, Figure
from claims.workflow import Status
from publication import exports, pgjson
from publication.claimreview import claim_reviews
from publication.documents import base_url, claim_documents, iter_claim_documents
from tests.api_support import anchored_claims, annotated_claims
from tests.factories import CitationFactory, NoteFactory, PublishedClaimFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the exports are written by the database on PostgreSQL only",
    ),
]


def by_shape() -> list[str]:
    """Each published claim as publication.shape builds it and exports.dumps encodes it."""
    return [exports.dumps(document) for document in iter_claim_documents(chunk_size=7)]


def by_database(chunk_size: int = 3) -> list[str]:
    return list(pgjson.published_json(base_url=base_url(), batch=chunk_size))


def assert_same_documents() -> None:
    expected, written = by_shape(), by_database()
    assert len(written) == len(expected)
    for shaped, sql in zip(expected, written, strict=True):
        assert sql == shaped
    # One claim at a time (the API detail and the public page), for readers and for staff.
    claims = Claim.objects.order_by("slug")
    for public_only in (True, False):
        shown = claims.published() if public_only else claims
        expected = [
            exports.dumps(document) for document in claim_documents(shown, public_only=public_only)
        ]
        ids = list(claims.values_list("pk", flat=True))
        written = pgjson.claims_json(ids=ids, base_url=base_url(), public_only=public_only)
        assert written == expected


def test_the_demo_case_exports_the_same_bytes_as_the_shape():
    call_command("load_demo", stdout=io.StringIO())
    NoteFactory(slug="a-draft-note").claims.add(Claim.objects.get(slug="ndd-criminal-histories"))
    assert_same_documents()


def test_fully_annotated_claims_export_the_same_bytes_in_any_chunk_size():
    annotated_claims(12)
    expected = by_shape()
    for size in (1, 5, 1000):
        assert by_database(size) == expected


def test_anchors_and_private_texts_export_the_same_bytes_as_the_shape():
    anchored_claims()
    states = {doc["slug"]: doc["anchor"]["state"] for doc in iter_claim_documents()}
    assert set(states.values()) == {"anchored", "orphaned"}
    assert_same_documents()


# (figure value, its denominator's value): ties rounded half-even, negative zeros,
# whole numbers, tiny and huge shares, thousands separators.
SHARES = [
    ("662566", "7000000"),
    ("1", "2000000"),  # 0.0000005: a tie, rounded to the even 0.000000
    ("3", "2000000"),  # 0.0000015: a tie, rounded to the even 0.000002
    ("5", "2000000"),
    ("-1", "3000000"),  # rounds to -0.0
    ("0", "-5"),  # -0.0 as well
    ("0", "5"),
    ("7000000", "7000000"),  # 1.0
    ("14", "7"),  # 2.0
    ("1", "1000000"),  # 1e-06
    ("50", "1000000"),  # 5e-05
    ("1", "3"),
    ("2", "3"),
    ("-2", "-3"),
    ("1234567.891", "0.5"),
    ("1000000000000000", "1"),  # 1e15: Python writes it out in full
    ("1234567890123456.5", "1"),
    ("999999999999999999", "1"),  # 1e18: exponent form on both sides
    ("5", "0"),  # no share of nothing
    ("0.000001", "0.000003"),
]


def test_every_kind_of_share_and_label_is_written_as_the_shape_writes_it():
    claim = PublishedClaimFactory(slug="shares")
    note = NoteFactory(status=Status.PUBLISHED, slug="note-shares")
    note.claims.add(claim)
    for n, (part, whole) in enumerate(SHARES):
        denominator = Figure.objects.create(
            claim=claim, value=Decimal(whole), counts="in all", position=2 * n
        )
        Figure.objects.create(
            claim=claim,
            value=Decimal(part),
            counts="of them ",
            qualifier=list(Figure.Qualifier.values)[n % 7],
            part_of=denominator,
            position=2 * n + 1,
        )
        NoteFigure.objects.create(note=note, value=Decimal(part), counts="x", part_of=denominator)
    assert_same_documents()


def test_text_timestamps_and_orderings_are_written_as_the_shape_writes_them():
    awkward = 'Quotes " and \\ backslashes,\ttabs,\nnew lines, \x01 controls, “curly” and 🧾\u2028'
    claim = PublishedClaimFactory(
        slug="awkward",
        summary="Ünïcödé — “summary”",
        text=awkward,
        said_on=None,
        said_on_precision="unknown",
        published_at=dt.datetime(2024, 10, 1, 12, 0, 0, 100000, tzinfo=dt.UTC),
        corrected_at=dt.datetime(
            2024, 10, 2, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=5))
        ),
        retraction_reason="Line one\r\nline two",
    )
    Figure.objects.create(claim=claim, value=Decimal("12.5"), counts="per cent\u00a0", unit="%")
    for slug in ("zeta", "Alpha", "a-b", "ab", "a_b"):
        note = NoteFactory(status=Status.PUBLISHED, slug=slug, body=awkward, title=f"{slug} “t”")
        note.claims.add(claim)
        CitationFactory(note=note, excerpt=awkward, published_on=None)
    NoteFactory(status=Status.DRAFT, slug="hidden-draft").claims.add(claim)
    for n, kind in enumerate(("repeats", "disputes", "responds_to")):
        other = PublishedClaimFactory(slug=f"other-{n}")
        ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind=kind)
        ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind=kind, note=awkward)
    draft = PublishedClaimFactory(slug="soon-a-draft")
    ClaimRelation.objects.create(from_claim=claim, to_claim=draft, kind="disputes")
    Figure.objects.create(
        claim=claim,
        value=Decimal(1),
        counts="x",
        part_of=draft.figures.create(value=Decimal(4), counts="draft whole"),
    )
    Claim.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    Correction.objects.create(claim=claim, text=awkward)
    Correction.objects.create(
        claim=claim,
        kind="retraction",
        text="Withdrawn.",
        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    assert_same_documents()


def test_csv_and_claimreview_on_postgresql_match_the_shape():
    call_command("load_demo", stdout=io.StringIO())
    annotated_claims(3)
    assert "".join(exports.export("csv")) == "".join(exports.render_csv(iter_claim_documents()))
    assert "".join(exports.export("json")) == "".join(exports.render_json(iter_claim_documents()))
    assert list(claim_reviews(exports.published_documents())) == list(
        claim_reviews(iter_claim_documents())
    )
