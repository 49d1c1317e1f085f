"""`analyse(text)`: sentences with their figures and check-worthiness, for the API and desk."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from intake import figures as figure_finder
from intake import sentences, worthiness
from intake.figures import Figure
from intake.numbers import plain


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text: offsets into the original text, score, and figures in it."""

    start: int
    end: int
    text: str
    checkworthy: float
    figures: list[Figure] = field(default_factory=list)


def analyse(text: str) -> list[Sentence]:
    """Split `text` into sentences, find each one's figures and score it; offsets are code
    points into `text` itself, in text order."""
    result = []
    for span in sentences.split(text):
        found = [
            replace(f, start=f.start + span.start, end=f.end + span.start)
            for f in figure_finder.find(span.text)
        ]
        result.append(
            Sentence(
                start=span.start,
                end=span.end,
                text=span.text,
                checkworthy=worthiness.score(span.text, len(found)),
                figures=found,
            )
        )
    return result


def ranked(found: list[Sentence]) -> list[Sentence]:
    """The most check-worthy first; ties keep text order."""
    return sorted(found, key=lambda sentence: (-sentence.checkworthy, sentence.start))


def as_json(found: list[Sentence]) -> dict[str, Any]:
    """The API's JSON body for `found` (built directly: a serializer per figure is slow)."""
    return {
        "sentences": [
            {
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "checkworthy": sentence.checkworthy,
                "figures": [
                    {
                        "start": figure.start,
                        "end": figure.end,
                        "text": figure.text,
                        "value": plain(figure.value),
                        "qualifier": figure.qualifier,
                        "unit": figure.unit,
                        "counts": figure.counts,
                        "as_of": figure.as_of.isoformat() if figure.as_of else None,
                        "period": figure.period,
                    }
                    for figure in sentence.figures
                ],
            }
            for sentence in found
        ]
    }
