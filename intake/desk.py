"""The desk's intake of a text: analyse it once, store the result, read it back for the page."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from claims.models import Claim, SourceRevision
from intake.analysis import analyse, as_json
from intake.matching import ClaimMatch, match_sentences
from intake.models import Intake
from intake.numbers import plain

# The page lists the sentences most worth checking first; the rest stay one click away.
SHOWN_FIRST = 40


def analysed(text: str) -> list[dict[str, Any]]:
    """Each sentence of `text` as stored JSON: offsets, score, figures and published repeats.

    Repeats are found for readers' eyes (published claims only): only a published claim
    can be recorded as repeated, and the stored list must not depend on who pasted it.
    """
    sentences = as_json(analyse(text))["sentences"]
    repeats = {(s.start, s.end): s for s in match_sentences(text, user=None)}
    for sentence in sentences:
        found = repeats.get((sentence["start"], sentence["end"]))
        sentence["repeats"] = [repeat_json(match) for match in (found.matches if found else [])]
    return sentences


def repeat_json(match: ClaimMatch) -> dict[str, Any]:
    """A match as stored and shown: the claim's id, the score and the numbers compared."""
    return {
        "claim": match.claim.pk,
        "score": match.score,
        "figures": [
            {
                "said": plain(c.said),
                "checked": plain(c.checked) if c.checked is not None else None,
                "same": c.same,
            }
            for c in match.figures
        ],
    }


def badges(text: str) -> list[tuple[str, list[tuple[Claim, dict[str, Any]]]]]:
    """The sentences of `text` that repeat a published claim, with their badges' contents."""
    return [
        (found.text, [(match.claim, repeat_json(match)) for match in found.matches])
        for found in match_sentences(text, user=None)
        if found.matches
    ]


def intake_for(revision: SourceRevision, *, by: Any) -> Intake:
    """The revision's saved intake, analysing and saving it first if there is none yet."""
    existing = Intake.objects.filter(revision=revision).first()
    if existing is not None:
        return existing
    began = time.perf_counter()
    sentences = analysed(revision.text)
    try:
        with transaction.atomic():
            return Intake.objects.create(
                revision=revision,
                sentences=sentences,
                created_by=by if getattr(by, "is_authenticated", False) else None,
                seconds=round(time.perf_counter() - began, 3),
            )
    except IntegrityError:
        # Someone sent the same text at the same moment: theirs is the same analysis.
        return Intake.objects.get(revision=revision)


@dataclass
class Row:
    """A sentence as the intake page shows it."""

    number: int
    data: dict[str, Any]
    pieces: list[tuple[str, bool]]
    repeats: list[tuple[Claim, dict[str, Any]]]
    made: list[Any]


def pieces(sentence: dict[str, Any]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is a figure) pieces, for highlighting without markup."""
    text, begin = sentence["text"], sentence["start"]
    out: list[tuple[str, bool]] = []
    position = 0
    for figure in sentence["figures"]:
        start, end = figure["start"] - begin, figure["end"] - begin
        if start < position:  # overlapping figures (a range): keep the first
            continue
        if start > position:
            out.append((text[position:start], False))
        out.append((text[start:end], True))
        position = end
    if position < len(text):
        out.append((text[position:], False))
    return out


def rows(intake: Intake) -> list[Row]:
    """The intake's sentences, most check-worthy first, with their repeats and claims made.

    Two queries whatever the number of sentences: the claims made, and the repeated
    claims with their verdicts.
    """
    made: dict[int, list[Any]] = {}
    for link in intake.made.select_related("claim"):
        made.setdefault(link.sentence, []).append(link)
    wanted = {r["claim"] for s in intake.sentences for r in s.get("repeats", [])}
    claims = {
        c.pk: c for c in Claim.objects.filter(pk__in=wanted).select_related("verdict__rating")
    }
    result = []
    for number, sentence in enumerate(intake.sentences):
        repeats = [
            (claims[r["claim"]], r)
            for r in sentence.get("repeats", [])
            if r["claim"] in claims and claims[r["claim"]].is_public
        ]
        result.append(Row(number, sentence, pieces(sentence), repeats, made.get(number, [])))
    result.sort(key=lambda row: (-row.data["checkworthy"], row.data["start"]))
    return result
