"""Plain functions over text for matching: sentences, words and the numbers said.

`numbers_in` is a deliberately small stand-in for the figure extractor; it keeps the
same shape (text in, Decimals out) so the extractor replaces it in one line.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pysbd

SCALES = {
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
NUMBER = re.compile(
    rf"(?P<month>\b(?:{MONTHS})\.?\s+)?"
    r"(?<![\w.,])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?![\d,]*\d)"
    r"(?:\s*-?\s*(?P<scale>thousand|million|billion|trillion|mn|bn|k|m)\b)?",
    re.IGNORECASE,
)
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
    """The numbers said in `text` as values ("7.6 million" → 7600000), years and days left out."""
    found = []
    for m in NUMBER.finditer(text):
        digits = m["int"].replace(",", "")
        scale = (m["scale"] or "").lower()
        if m["month"] and not scale:
            continue  # "July 21" is a date, not a figure
        if not scale and not m["frac"] and "," not in m["int"] and _is_year(text, m, digits):
            continue
        try:
            value = Decimal(digits + (m["frac"] or ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            continue
        if scale in ("m", "k") and not _money_or_count(text, m):
            scale = ""
        found.append(value * SCALES[scale] if scale else value)
    return found


def _is_year(text: str, m: re.Match, digits: str) -> bool:
    value = int(digits)
    return (
        len(digits) == 4 and 1800 <= value <= 2100 and not text[m.end() :].lstrip().startswith("%")
    )


def _money_or_count(text: str, m: re.Match) -> bool:
    # "5m" and "$5k" are amounts; "5 m" after a number could be metres, so only glued forms count.
    return m.group(0)[-2:-1].isdigit()


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


_segmenter = None


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) for each sentence of `text`, offsets in code points."""
    global _segmenter
    if _segmenter is None:
        _segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    spans = []
    for span in _segmenter.segment(text):
        start, end = span.start, span.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end, text[start:end]))
    return spans
