"""factory_boy factories for the domain models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from annotations.models import Citation, ContextNote, Rating, Verdict
from claims.models import Claim, ClaimRelation, Figure, Source, Speaker


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    role = "Official"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Statement {n}")
    kind = Source.Kind.STATEMENT
    author = factory.SubFactory(SpeakerFactory)
    date = dt.date(2024, 9, 25)
    date_precision = "day"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    speaker = factory.SubFactory(SpeakerFactory)
    source = factory.SubFactory(SourceFactory)
    said_on = dt.date(2024, 9, 25)
    said_on_precision = "day"
    text = factory.Sequence(lambda n: f"There were {n} of them, as of July 21.")
    summary = factory.Sequence(lambda n: f"Claim number {n}")


class PublishedClaimFactory(ClaimFactory):
    status = "published"
    published_at = factory.LazyFunction(lambda: dt.datetime(2024, 10, 1, tzinfo=dt.UTC))


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    claim = factory.SubFactory(ClaimFactory)
    value = Decimal("662566")
    counts = "noncitizens with criminal histories"
    unit = "people"


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimRelation

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    kind = ClaimRelation.Kind.RESPONDS_TO


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContextNote

    kind = "timeframe"
    title = factory.Sequence(lambda n: f"Context note {n}")
    body = "These figures go back **40 years**."


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    note = factory.SubFactory(NoteFactory)
    title = factory.Sequence(lambda n: f"Study {n}")
    publisher = "A journal"


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(scale__is_default=True, value=3))
    explanation = "Needs the docket's size to be read correctly."
