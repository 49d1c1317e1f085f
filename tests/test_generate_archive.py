"""generate_archive builds a realistic, valid, published and reproducible synthetic archive."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from annotations.models import Citation, ContextNote, Correction, NoteFigure, Verdict
from claims.models import Claim, ClaimRelation, Figure, Source, Speaker
from claims.workflow import Status

pytestmark = pytest.mark.django_db

N = 120


def generate(claims: int = N, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("generate_archive", claims=claims, seed=seed, no_progress=True, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """The archive's content by natural keys (slugs), leaving out database ids and save times."""
    claims = []
    for claim in Claim.objects.select_related("speaker", "source", "verdict__rating").order_by(
        "slug"
    ):
        figures = [
            (
                str(f.value),
                f.qualifier,
                f.counts,
                f.unit,
                f.as_of,
                f.period,
                f.position,
                f.part_of.position if f.part_of else None,
            )
            for f in claim.figures.select_related("part_of").order_by("position")
        ]
        verdict = getattr(claim, "verdict", None)
        claims.append(
            (
                claim.slug,
                claim.speaker.slug,
                claim.speaker.name,
                claim.source.slug,
                claim.source.title,
                claim.said_on,
                claim.text,
                claim.summary,
                claim.status,
                claim.published_at,
                claim.created_by.username,
                claim.approved_by.username,
                sorted(claim.tags.values_list("name", flat=True)),
                figures,
                verdict and (verdict.rating.label, verdict.explanation),
                sorted(claim.relations_out.values_list("to_claim__slug", "kind")),
            )
        )
    notes = [
        (
            note.slug,
            note.kind,
            note.title,
            note.body,
            note.status,
            sorted(note.claims.values_list("slug", flat=True)),
            list(
                note.citations.order_by("position").values_list(
                    "title", "url", "publisher", "published_on", "archived_url", "excerpt"
                )
            ),
            list(note.figures.values_list("value", "counts", "part_of__claim__slug")),
        )
        for note in ContextNote.objects.order_by("slug")
    ]
    corrections = sorted(
        Correction.objects.values_list("claim__slug", "note__slug", "text", "created_at"),
        key=repr,
    )
    return {"claims": claims, "notes": notes, "corrections": corrections}


def snapshot_of_fresh_run(seed: int) -> dict[str, list]:
    """Generate into the (empty) test database, read it back, then roll the run back."""
    with transaction.atomic():
        generate(seed=seed)
        data = snapshot()
        transaction.set_rollback(True)
    return data


def test_archive_has_the_shape_of_a_real_desk():
    output = generate()
    notes = ContextNote.objects.count()
    links = ContextNote.claims.through.objects.count()
    per_note = Counter(ContextNote.claims.through.objects.values_list("contextnote", flat=True))

    assert Claim.objects.count() == N
    assert f"{N:,} claims" in output
    assert 2.5 * N <= notes <= 3.5 * N
    assert set(per_note.values()) <= {1, 2, 3} and len(per_note) == notes
    assert 1.4 <= links / notes <= 2.1
    assert 1.5 * N <= Figure.objects.count() <= 2.5 * N
    assert Figure.objects.filter(part_of__isnull=False).exists()
    assert NoteFigure.objects.filter(part_of__isnull=False).exists()
    assert 1.3 <= Citation.objects.count() / notes <= 2.0
    assert 0.3 <= Verdict.objects.count() / N <= 0.5
    assert set(Verdict.objects.values_list("rating__scale__is_default", flat=True)) == {True}
    assert ClaimRelation.objects.exists()
    assert Correction.objects.filter(claim__isnull=False).exists()
    assert Correction.objects.filter(note__isnull=False).exists()
    assert Speaker.objects.count() >= 10 and Source.objects.count() >= 10

    texts = list(Claim.objects.values_list("text", "summary"))
    assert all(100 <= len(text) <= 400 and 0 < len(summary) <= 75 for text, summary in texts)
    bodies = ContextNote.objects.values_list("body", flat=True)
    assert all(300 <= len(body) <= 1500 for body in bodies)


def test_everything_is_published_by_someone_other_than_its_author():
    generate()
    for model in (Claim, ContextNote):
        rows = model.objects.values_list("status", "published_at", "created_by", "approved_by")
        assert {row[0] for row in rows} == {Status.PUBLISHED, Status.CORRECTED}
        assert all(published and author != approver for _, published, author, approver in rows)
    assert ContextNote.objects.published().count() == ContextNote.objects.count()
    assert Claim.objects.published().count() == N


def test_every_generated_row_passes_the_model_validation():
    generate(claims=40)
    for model in (
        Speaker,
        Source,
        Claim,
        Figure,
        ClaimRelation,
        ContextNote,
        Citation,
        NoteFigure,
        Verdict,
        Correction,
    ):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()  # fields, choices, URLs and every Meta.constraints check


def test_same_seed_gives_the_same_archive_and_another_seed_does_not():
    first = snapshot_of_fresh_run(seed=11)
    assert Claim.objects.count() == 0
    second = snapshot_of_fresh_run(seed=11)
    other = snapshot_of_fresh_run(seed=12)

    assert first == second
    assert first["claims"] and first["notes"] and first["corrections"]
    assert other["claims"] != first["claims"]


def test_no_history_is_recorded_for_a_synthetic_archive():
    generate(claims=20)
    assert Claim.history.count() == 0
    assert ContextNote.history.count() == 0


def test_the_same_seed_twice_in_one_database_is_refused_with_a_message():
    generate(claims=20, seed=3)
    with pytest.raises(CommandError, match="seed 3 is already in this database"):
        generate(claims=20, seed=3)
    generate(claims=20, seed=4)
    assert Claim.objects.count() == 40


def test_bad_arguments_are_refused_with_a_message():
    with pytest.raises(CommandError, match="at least 1"):
        generate(claims=0)
    with pytest.raises(CommandError, match="0 or more"):
        generate(seed=-1)
