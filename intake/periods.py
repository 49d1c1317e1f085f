"""Dates and periods in a sentence: as-of dates, periods a figure covers, and the spans of
numbers that are dates or years (so the figure finder leaves them out)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTH_NUMBERS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Capitalised only: "may" the verb is not May the month.
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d|2100)"
DATE_PATTERNS = [
    # July 21, 2024 / July 21 / Jan. 5
    rf"\b(?P<m1>{MONTH})\s+(?P<d1>{DAY})\b(?:,?\s+(?P<y1>{YEAR})\b)?",
    # 21 July 2024 / 21st of July / 29 March
    rf"\b(?P<d2>{DAY})\s+(?:of\s+)?(?P<m2>{MONTH})(?:,?\s+(?P<y2>{YEAR})\b)?",
    # 2024-07-21
    r"\b(?P<y3>\d{4})-(?P<m3>\d\d)-(?P<d3>\d\d)\b",
    # 21/07/2024, 7/21/24: numbers as a date, whatever the order
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b",
    # July 2024
    rf"\b{MONTH}\s+{YEAR}\b",
    # 1990s, '90s, 2022-23, 2023/24
    rf"\b{YEAR}s\b|'\d0s\b|\b{YEAR}[-/–](?:\d\d|{YEAR})\b",
]
DATE = re.compile("|".join(f"(?:{p})" for p in DATE_PATTERNS))
AS_OF = re.compile(r"\b(?:[Aa]s\s+(?:of|at)|[Oo]n|[Bb]y|[Uu]ntil|[Tt]hrough)\s+$")
TIME_WORD = r"(?:year|month|week|quarter|decade|season|century|day|fortnight)"
PERIOD_PATTERNS = [
    rf"\b(?:[Ff]iscal|[Ff]inancial|[Cc]alendar|[Ss]chool|[Aa]cademic|[Tt]ax|[Bb]udget)\s+year\s+{YEAR}(?:[-/]\d{{2,4}})?",
    r"\bFY\s?\d{2,4}(?:[-/]\d{2,4})?\b",
    rf"\b[Ff]rom\s+(?:{MONTH}\s+)?{YEAR}\s+(?:through|to|until|till|and)\s+(?:{MONTH}\s+)?{YEAR}\b",
    rf"\b[Ff]rom\s+{MONTH}\s+(?:through|to|until|till)\s+{MONTH}(?:\s+{YEAR})?\b",
    rf"\b[Bb]etween\s+(?:{MONTH}\s+)?{YEAR}\s+and\s+(?:{MONTH}\s+)?{YEAR}\b",
    rf"\bin\s+the\s+(?:year|12\s+months|twelve\s+months|\w+\s+months)\s+to\s+(?:{MONTH})(?:\s+{YEAR})?",
    rf"\b(?:in\s+)?the\s+(?:first|second|third|fourth|last|final)\s+(?:quarter|half)(?:\s+of\s+(?:the\s+year|{YEAR}))?",
    rf"\bQ[1-4]\s+{YEAR}\b",
    rf"\b(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or)\s+the\s+(?:past|last|next|previous)\s+(?:[\w-]+\s+)?{TIME_WORD}s?\b(?:\s+or\s+more)?",
    rf"\b(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Pp]revious)\s+{TIME_WORD}\b",
    rf"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Bb]y|[Tt]hrough)\s+(?:{MONTH}\s+)?{YEAR}(?:[-/–](?:\d\d|{YEAR}))?\b",
    rf"\b(?:[Ii]n|[Dd]uring)\s+{MONTH}\b",
    rf"\b(?:[Ee]very|[Aa]|[Pp]er|[Ee]ach)\s+{TIME_WORD}\b",
]
PERIOD = re.compile("|".join(f"(?:{p})" for p in PERIOD_PATTERNS))
# Rates ("a year") describe what is counted, not when; they are not a period of their own.
RATE = re.compile(rf"^(?:[Ee]very|[Aa]|[Pp]er|[Ee]ach)\s+{TIME_WORD}$")


@dataclass(frozen=True)
class Found:
    """A date or a period inside a sentence: offsets into the sentence and what it says."""

    start: int
    end: int
    text: str
    date: datetime.date | None = None


def dates(sentence: str) -> list[Found]:
    """Every date-like span in `sentence` (full dates, month-day, month-year, decades)."""
    found = []
    year_in_sentence = re.search(rf"\b{YEAR}\b", sentence)
    for match in DATE.finditer(sentence):
        found.append(
            Found(match.start(), match.end(), match.group(), _as_date(match, year_in_sentence))
        )
    return found


def _as_date(match: re.Match[str], year_in_sentence: re.Match[str] | None) -> datetime.date | None:
    """The calendar date a match names; with no year, the year written in the sentence."""
    groups = match.groupdict()
    for index in "123":
        month, day, year = groups.get(f"m{index}"), groups.get(f"d{index}"), groups.get(f"y{index}")
        if month is None or day is None:
            continue
        if not year:
            if year_in_sentence is None:
                return None
            year = year_in_sentence.group()
        month_number = int(month) if month.isdigit() else MONTH_NUMBERS[month[:3].lower()]
        try:
            return datetime.date(int(year), month_number, int(re.sub(r"\D", "", day)))
        except ValueError:
            return None
    return None


def as_of(sentence: str) -> datetime.date | None:
    """The date the sentence's figures hold: "as of July 21, 2024" first, else its one date."""
    candidates = [found for found in dates(sentence) if found.date is not None]
    for found in candidates:
        if AS_OF.search(sentence[: found.start]):
            return found.date
    return candidates[0].date if len(candidates) == 1 else None


def periods(sentence: str) -> list[Found]:
    """Every period phrase in `sentence` ("fiscal year 2024", "last year", "since 2019")."""
    return [
        Found(m.start(), m.end(), m.group())
        for m in PERIOD.finditer(sentence)
        if not RATE.match(m.group())
    ]


def period_for(found: list[Found], start: int, end: int, clause_end: int) -> str:
    """The period that belongs to the figure at start..end: the first one after it in its
    clause, else the nearest one before it, else ""."""
    after = [p for p in found if p.start >= end and p.start <= clause_end]
    if after:
        return _clean(after[0].text)
    before = [p for p in found if p.end <= start]
    if before:
        return _clean(before[-1].text)
    return ""


def _clean(text: str) -> str:
    """ "in fiscal year 2024" and "during 2023" are stored without the preposition."""
    return re.sub(r"^(?:[Ii]n|[Dd]uring|[Oo]ver|[Ff]or)\s+(?=\S)", "", text).strip()
