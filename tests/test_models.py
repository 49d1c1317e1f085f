"""Database constraints: each rule the desk relies on is refused by the database itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from annotations.models import Correction, Rating, RatingScale
from claims.models import Claim, ClaimRelation, Figure
from tests.factories import (
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    RelationFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def refused(fn) -> None:
    # PostgreSQL reports an over-long varchar as DataError; both mean "refused".
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        fn()


def test_summary_longer_than_75_characters_is_refused():
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(summary="x" * 75)  # the limit itself is fine
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(summary="x" * 76))


def test_summary_limit_gives_a_field_message_before_reaching_the_database():
    claim = ClaimFactory.build(speaker=SpeakerFactory(), source=SourceFactory(), summary="x" * 76)
    with pytest.raises(ValidationError) as err:
        claim.full_clean()
    assert "summary" in err.value.message_dict


def test_empty_summary_and_empty_text_are_refused():
    claim = ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(summary=""))
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(text=""))


def test_claim_slugs_are_unique_and_stable():
    first = ClaimFactory(summary="Same words")
    second = ClaimFactory(summary="Same words")
    assert first.slug == "same-words"
    assert second.slug == "same-words-2"
    first.summary = "Other words"
    first.save()
    first.refresh_from_db()
    assert first.slug == "same-words"
    refused(lambda: Claim.objects.filter(pk=second.pk).update(slug="same-words"))


def test_date_without_precision_and_precision_without_date_are_refused():
    claim = ClaimFactory()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(said_on_precision="unknown"))
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(said_on=None))
    Claim.objects.filter(pk=claim.pk).update(said_on=None, said_on_precision="unknown")
    source = SourceFactory()
    refused(lambda: type(source).objects.filter(pk=source.pk).update(date=None))


def test_figure_cannot_be_its_own_denominator():
    figure = FigureFactory()
    refused(lambda: Figure.objects.filter(pk=figure.pk).update(part_of=figure))


def test_figure_denominator_gives_the_share():
    docket = FigureFactory(value=Decimal("7000000"), qualifier="nearly", counts="on the docket")
    part = FigureFactory(value=Decimal("662566"), part_of=docket)
    assert round(part.share_percent, 1) == Decimal("9.5")
    assert FigureFactory(part_of=None).share is None
    zero = FigureFactory(value=Decimal("0"))
    assert FigureFactory(part_of=zero).share is None


def test_figure_must_say_what_it_counts():
    figure = FigureFactory()
    refused(lambda: Figure.objects.filter(pk=figure.pk).update(counts=""))


def test_relation_cannot_point_a_claim_at_itself():
    claim = ClaimFactory()
    refused(lambda: ClaimRelation.objects.create(from_claim=claim, to_claim=claim, kind="repeats"))


def test_the_same_relation_cannot_be_recorded_twice():
    relation = RelationFactory()
    refused(
        lambda: ClaimRelation.objects.create(
            from_claim=relation.from_claim, to_claim=relation.to_claim, kind=relation.kind
        )
    )


def test_deleting_a_speaker_or_source_with_claims_is_refused():
    from django.db.models import ProtectedError

    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.speaker.delete()
    with pytest.raises(ProtectedError):
        claim.source.delete()


def test_correction_concerns_exactly_one_claim_or_note():
    claim, note = ClaimFactory(), NoteFactory()
    refused(lambda: Correction.objects.create(text="Fixed a figure."))
    refused(lambda: Correction.objects.create(claim=claim, note=note, text="Fixed a figure."))
    refused(lambda: Correction.objects.create(claim=claim, text=""))


def test_only_one_default_rating_scale():
    assert RatingScale.objects.filter(is_default=True).count() == 1
    refused(lambda: RatingScale.objects.create(name="Other", slug="other", is_default=True))


def test_ratings_are_unique_per_scale_and_start_at_one():
    scale = RatingScale.objects.get(is_default=True)
    refused(lambda: Rating.objects.create(scale=scale, label="Again", value=1))
    refused(lambda: Rating.objects.create(scale=scale, label="False", value=9))
    refused(lambda: Rating.objects.create(scale=scale, label="Zero", value=0))


def test_default_scale_runs_from_false_to_accurate():
    labels = list(
        Rating.objects.filter(scale__is_default=True)
        .order_by("value")
        .values_list("label", "value")
    )
    assert labels == [
        ("False", 1),
        ("Misleading", 2),
        ("Missing context", 3),
        ("Mostly accurate", 4),
        ("Accurate", 5),
    ]


def test_note_needs_a_title_and_a_body():
    note = NoteFactory()
    refused(lambda: type(note).objects.filter(pk=note.pk).update(title=""))
    refused(lambda: type(note).objects.filter(pk=note.pk).update(body=""))


def test_month_precision_date_reads_back_as_stored():
    source = SourceFactory(date=dt.date(2024, 9, 1), date_precision="month")
    source.refresh_from_db()
    assert (source.date, source.date_precision) == (dt.date(2024, 9, 1), "month")
