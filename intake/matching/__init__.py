"""Repeated-claim matching: which checked claims a sentence repeats, and with which numbers.

A sentence is compared with every claim the user may see on three grounds:
- meaning: cosine similarity of wordllama embeddings (the claim's summary or its words,
  whichever is closer), which finds paraphrases and other speakers' wording;
- words: the share of the sentence's content words (weighted by rarity) that the
  claim also uses, which keeps topical neighbours with other specifics apart;
- numbers: whether the claim states a number said in the sentence (exactly, or as a
  rounding of it).
The score is a weighted sum in 0–1; only matches at or above MATCH_THRESHOLD
(settings, environment variable of the same name) are returned, best first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.conf import settings

from claims.models import Claim
from claims.workflow import Status
from intake import embeddings
from intake.matching.index import COARSE_DIM, IN_REVIEW, PUBLIC, Index, current_index
from intake.matching.text import numbers_in, rounds_to, words
from intake.sentences import split

MAX_MATCHES = 5
COARSE_CANDIDATES = 300  # nearest claims on the coarse vectors, compared in full
CANDIDATES = 20  # nearest claims by meaning that are scored on words and numbers too
BATCH = 64  # sentences compared at once (bounds the score matrix's memory)
# Weights of the three grounds, tuned on the dev half of intake/evaluation/matching.json.
WEIGHT_MEANING, WEIGHT_WORDS, WEIGHT_NUMBERS = 0.5, 0.35, 0.25


@dataclass
class FigureComparison:
    """A number said in the sentence beside the closest number the claim was checked for."""

    said: Decimal
    checked: Decimal | None
    same: bool


@dataclass
class ClaimMatch:
    """One checked claim a sentence repeats, with how sure the match is (0–1)."""

    claim: Claim
    score: float
    figures: list[FigureComparison]

    @property
    def verdict(self) -> str | None:
        """The label of the claim's verdict, if it has one."""
        verdict = getattr(self.claim, "verdict", None)
        return verdict.rating.label if verdict is not None else None


@dataclass
class SentenceMatches:
    """A sentence of the text (offsets in code points) and the claims it repeats."""

    start: int
    end: int
    text: str
    matches: list[ClaimMatch] = field(default_factory=list)


def threshold() -> float:
    """The lowest score a match may have to be shown (settings.MATCH_THRESHOLD)."""
    return float(getattr(settings, "MATCH_THRESHOLD", 0.6))


def visible_statuses(user) -> list[str]:
    """Published claims for everyone; claims in review too for staff who may view them."""
    statuses = [Status.PUBLISHED, Status.CORRECTED]
    if user is not None and user.is_authenticated and user.has_perm("claims.view_claim"):
        statuses.append(Status.IN_REVIEW)
    return statuses


def match_sentences(text: str, *, user, limit: int = MAX_MATCHES) -> list[SentenceMatches]:
    """Split `text` into sentences and find, for each, the checked claims it repeats."""
    spans = [(span.start, span.end, span.text) for span in split(text)]
    if not spans:
        return []
    index = current_index()
    min_level = IN_REVIEW if Status.IN_REVIEW in visible_statuses(user) else PUBLIC
    scored = [
        score_sentences(index, [s[2] for s in spans[i : i + BATCH]], min_level)
        for i in range(0, len(spans), BATCH)
    ]
    found = [row for batch in scored for row in batch]
    wanted = {claim_id for row in found for claim_id, _ in row}
    claims = {
        c.pk: c
        for c in Claim.objects.filter(pk__in=wanted, status__in=visible_statuses(user))
        .select_related("verdict__rating")
        .prefetch_related("figures")
    }
    result = []
    for (start, end, sentence), row in zip(spans, found, strict=True):
        said = numbers_in(sentence)
        matches = [
            ClaimMatch(
                claim=claims[cid], score=score, figures=compare(said, checked_numbers(claims[cid]))
            )
            for cid, score in row
            if cid in claims
        ]
        result.append(SentenceMatches(start=start, end=end, text=sentence, matches=matches[:limit]))
    return result


def score_sentences(
    index: Index, batch: list[str], min_level: int
) -> list[list[tuple[int, float]]]:
    """For each sentence, (claim id, score) at or above the threshold, best first."""
    if index.size == 0:
        return [[] for _ in batch]
    vectors = embeddings.embed(batch)
    # Coarse search over every claim, then exact cosine on the nearest few hundred only.
    prefix = vectors[:, :COARSE_DIM] / np.maximum(
        np.linalg.norm(vectors[:, :COARSE_DIM], axis=1, keepdims=True), 1e-6
    )
    rough = prefix @ index.coarse.T
    rough[:, index.levels < min_level] = -2.0
    k = min(COARSE_CANDIDATES, index.size)
    shortlist = np.argpartition(-rough, k - 1, axis=1)[:, :k]
    cutoff = threshold()
    results = []
    for i, sentence in enumerate(batch):
        said = numbers_in(sentence)
        rows = shortlist[i]
        rows = rows[index.levels[rows] >= min_level]  # when fewer than k claims are visible
        meaning = np.maximum(
            index.summaries[rows].astype(np.float32) @ vectors[i],
            index.texts[rows].astype(np.float32) @ vectors[i],
        )
        closeness = dict(zip(rows.tolist(), meaning.tolist(), strict=True))
        nearest = sorted(closeness, key=closeness.__getitem__, reverse=True)[:CANDIDATES]
        rows = set(nearest)
        for number in said:
            rows.update(r for r in index.rows_with(number) if index.levels[r] >= min_level)
        sentence_words = set(words(sentence))
        scored = []
        for row in rows:
            if row not in closeness:  # found through a number it states
                closeness[row] = float(
                    max(
                        index.summaries[row].astype(np.float32) @ vectors[i],
                        index.texts[row].astype(np.float32) @ vectors[i],
                    )
                )
            score = combined(
                meaning=closeness[row],
                words=word_overlap(index, sentence_words, index.words[row]),
                numbers=number_agreement(said, index.numbers[row]),
            )
            if score >= cutoff:
                scored.append((int(index.ids[row]), round(score, 4)))
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        results.append(scored)
    return results


def combined(*, meaning: float, words: float, numbers: float | None) -> float:
    """The match score in 0–1; a sentence without numbers is judged on meaning and words."""
    if numbers is None:
        total = WEIGHT_MEANING + WEIGHT_WORDS
        score = (WEIGHT_MEANING * meaning + WEIGHT_WORDS * words) / total
    else:
        score = WEIGHT_MEANING * meaning + WEIGHT_WORDS * words + WEIGHT_NUMBERS * numbers
    return min(1.0, max(0.0, score))


def word_overlap(index: Index, sentence_words: set[str], claim_text: str) -> float:
    """The rarity-weighted share of the sentence's content words that the claim uses too."""
    if not sentence_words:
        return 0.0
    claim_words = set(words(claim_text))
    total = sum(index.idf(w) for w in sentence_words)
    shared = sum(index.idf(w) for w in sentence_words & claim_words)
    return shared / total if total else 0.0


def number_agreement(said: list[Decimal], checked: list[Decimal]) -> float | None:
    """1 if a number said is one the claim states (or rounds it), 0 if not; None without any."""
    if not said:
        return None
    return 1.0 if any(rounds_to(s, c) for s in said for c in checked) else 0.0


def checked_numbers(claim: Claim) -> list[Decimal]:
    """The numbers a claim was checked for: its figures, or else those in its words."""
    figures = [f.value for f in claim.figures.all()]
    return figures or numbers_in(claim.text)


def compare(said: list[Decimal], checked: list[Decimal]) -> list[FigureComparison]:
    """Each number said beside the claim's closest number, and whether they are the same."""
    comparisons = []
    for value in said:
        if not checked:
            comparisons.append(FigureComparison(said=value, checked=None, same=False))
            continue
        same = [c for c in checked if rounds_to(value, c)]
        closest = same[0] if same else min(checked, key=lambda c: abs(c - value) / max(abs(c), 1))
        comparisons.append(FigureComparison(said=value, checked=closest, same=bool(same)))
    return comparisons
