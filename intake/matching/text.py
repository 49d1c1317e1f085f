"""Plain functions over text for matching: the words and the numbers said.

Numbers are read by the figure extractor (intake/figures.py) and sentences split by
intake/sentences.py, so the desk, the API and matching agree on both.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from intake import figures

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "said",
        "says",
        "say",
        "says",
        "according",
    ]
)
SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ies", "ied", "ers", "er", "ed")
SUFFIXES += ("es", "s", "al", "ly")


def numbers_in(text: str) -> list[Decimal]:
    """The values of the figures the extractor finds in `text`, in order (years, dates left out)."""
    return list(_numbers(text))


def claim_numbers(summary: str, text: str) -> list[str]:
    """The numbers a claim states, as ClaimEmbedding.numbers stores them."""
    return [str(number) for number in numbers_in(f"{summary} {text}")]


@lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple[Decimal, ...]:
    # A sentence is read twice per match (scoring, then comparing figures); once is enough.
    return tuple(figure.value for figure in figures.find(text))


def rounds_to(said: Decimal, checked: Decimal) -> bool:
    """True when `checked`, rounded as coarsely as `said` was written, is `said`.

    "660,000" is a rounding of 662,566 (same figure); "450,000" is not one of 435,000.
    """
    if said == checked:
        return True
    if said == 0 or checked == 0:
        return False
    said_n = said.normalize()
    # The last significant digit of what was said sets the rounding step.
    exponent = said_n.as_tuple().exponent
    step = Decimal(1).scaleb(exponent)
    rounded = (checked / step).quantize(Decimal(1), rounding="ROUND_HALF_UP") * step
    return rounded == said


def words(text: str) -> list[str]:
    """Content words of `text`, lower-cased and crudely stemmed, without stop words."""
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]
