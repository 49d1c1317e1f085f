"""Figure extraction: every number a desk would record in a sentence, with its qualifier,
unit, what it counts and when. Plain functions over strings, no Django.

Years, dates, times, ages, durations, ordinals, scores, phone numbers and names with a
number in them ("Article 50", "COVID-19") are found first and left out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from intake import counts as counted
from intake import periods
from intake.numbers import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    SCALES,
    parse_digits,
    parse_words,
)

EXACT, ABOUT, MORE_THAN, LESS_THAN = "exact", "about", "more_than", "less_than"
NEARLY, AT_LEAST, UP_TO = "nearly", "at_least", "up_to"


@dataclass(frozen=True)
class Figure:
    """A number found in a sentence; offsets are code points into the text given."""

    start: int
    end: int
    text: str
    value: Decimal
    qualifier: str = EXACT
    unit: str = ""
    counts: str = ""
    as_of: datetime.date | None = None
    period: str = ""


# Words before a number, in the product's qualifier vocabulary (claims.Figure.Qualifier).
QUALIFIERS_BEFORE = {
    ABOUT: "about|around|roughly|approximately|approx\\.|some|an estimated|estimated|circa|"
    "c\\.|~|an approximate|something like|in the region of|on the order of",
    NEARLY: "nearly|almost|close to|just under|just shy of|just below|not quite|approaching",
    MORE_THAN: "more than|over|above|in excess of|upwards of|greater than|north of|"
    "exceeds|exceeded|exceeding|tops|topped|surpassed|surpasses|beyond|higher than",
    LESS_THAN: "less than|fewer than|under|below|lower than|short of|south of",
    AT_LEAST: "at least|no fewer than|no less than|a minimum of|at a minimum",
    UP_TO: "up to|as many as|as much as|a maximum of|at most|no more than|not more than|"
    "a high of|maximum of",
}
_BEFORE = sorted(
    (
        (phrase, qualifier)
        for qualifier, phrases in QUALIFIERS_BEFORE.items()
        for phrase in phrases.split("|")
    ),
    key=lambda item: -len(item[0]),
)
QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\"“,]))(?P<q>" + "|".join(p for p, _ in _BEFORE) + r")\s*$", re.IGNORECASE
)
# "limit warming to 1.5C", "capped at 20,000": a ceiling.
LIMIT_BEFORE = re.compile(
    r"\b(?:limit|cap)(?:s|ed|ping|ing)?\s+(?:[\w'-]+\s+){0,3}?(?:to|at)\s+$", re.IGNORECASE
)
QUALIFIER_OF = {p.replace("\\", "").lower(): q for p, q in _BEFORE}
QUALIFIER_AFTER = re.compile(
    r"^(?:\s*(?P<plus>\+)|\s+or\s+(?P<q>more|above|over|higher|so|thereabouts|fewer|less|under)\b)",
    re.IGNORECASE,
)
AFTER_OF = {"more": AT_LEAST, "above": AT_LEAST, "over": AT_LEAST, "higher": AT_LEAST}
AFTER_OF |= {"so": ABOUT, "thereabouts": ABOUT, "fewer": UP_TO, "less": UP_TO, "under": UP_TO}

SMALL_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
SMALL = rf"(?:(?:{TENS_WORDS})(?:[\s-](?:{SMALL_WORDS}))?|{SMALL_WORDS})"
BIG = r"(?:thousand|million|billion|trillion)"
HUNDREDS = rf"(?:(?:{SMALL}|an?)\s+hundred(?:\s+(?:and\s+)?{SMALL})?|{SMALL})"
WORD_NUMBER = (
    rf"(?:(?:an?|one)\s+quarter\s+of\s+an?\s+{BIG}"
    rf"|half\s+an?\s+{BIG}"
    rf"|an?\s+(?:half\s+|quarter\s+)?{BIG}"
    rf"|{HUNDREDS}\s+and\s+an?\s+half\s+{BIG}"
    rf"|{HUNDREDS}(?:\s+{BIG}(?:,?\s+(?:and\s+)?{HUNDREDS}(?=\s+{BIG}|\b))?)*"
    rf"|an?\s+hundred|an?\s+dozen)"
)
CURRENCY_PREFIX = (
    "(?:"
    + "|".join(re.escape(s) + r"\s?" for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
    + "|(?:"
    + "|".join(sorted(CURRENCY_CODES))
    + r")\s?)"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
SCALE = r"(?:\s?(?:trillion|billion|million|thousand)\b|(?:tn|trn|bn|mn|mln|m|k|b)\b)"
UNIT = (
    r"(?:\s?%|\s?per\s?cent\b|\s?percent\b|\s(?:"
    + "|".join(CURRENCY_WORDS)
    + "|"
    + "|".join(sorted(CURRENCY_CODES))
    + r")\b)"
)
NUMBER = re.compile(
    rf"(?P<sign>(?<![\w.,])[-\u2212](?=[\d$£€¥₹.]))?"
    rf"(?P<cur>{CURRENCY_PREFIX})?"
    rf"(?:(?P<ratio>(?P<ra>\d{{1,2}}|{SMALL})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<rb>\d{{1,3}}|{SMALL})\b(?![.,]\d))"
    rf"|(?P<digits>(?<![\w.,])(?:{DIGITS})(?![\d]|,\d))(?P<scale>{SCALE})?"
    rf"|(?P<words>\b{WORD_NUMBER}\b))"
    # "1.5C", "40°C": a temperature keeps its scale in the figure's words.
    r"(?P<degrees>(?<=\d)(?:\s?°\s?[CF]?|[CF])(?![A-Za-z]))?"
    rf"(?P<unit>{UNIT})?",
    re.IGNORECASE,
)

MAX_DIGITS = 30
WINDOW = 120
# claims.Figure stores 18 digits before the point; a larger "figure" is not an amount.
LARGEST = Decimal(10) ** 18
PHONE = re.compile(
    r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?)?\d{1,5}(?:[\s.-]\d{2,5}){1,4}(?![\w,])"
)
TIME_AFTER = re.compile(r"^(?::\d\d|\s?[ap]\.?m\.?(?!\w)|\s?o'clock|h\d\d)", re.IGNORECASE)
TIME_UNITS = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|century|centuries|yr)s?"
OPEN_ENDED = re.compile(r"^\s*(?:\+|(?:or|and)\s+(?:more|longer|over)\b)", re.IGNORECASE)
DURATION_AFTER = re.compile(rf"^(?:[\s-]+{TIME_UNITS}\b)", re.IGNORECASE)
AGE_BEFORE = re.compile(
    r"(?:\b(?:aged?|ages|turns?|turned|turning)\s+(?:between\s+)?(?:\d+\s*(?:to|and|-|–)\s*)?$)"
    r"|(?:\b(?:people|those|adults|anyone|everyone|men|women|patients|residents|workers|drivers)"
    r"\s+(?:over|under|above|below|older than|younger than)\s+$)",
    re.IGNORECASE,
)
SCORE = re.compile(r"^\d{1,2}[-–]\d{1,2}$")
IDENTIFIER_WORDS = {
    "article",
    "section",
    "title",
    "chapter",
    "proposition",
    "prop",
    "route",
    "highway",
    "interstate",
    "flight",
    "room",
    "no.",
    "number",
    "amendment",
    "rule",
    "clause",
    "level",
    "phase",
    "model",
    "version",
    "windows",
    "apollo",
    "boeing",
    "airbus",
    "covid",
    "bill",
    "resolution",
    "paragraph",
    "page",
    "item",
    "question",
    "point",
    "district",
    "ward",
    "platform",
    "gate",
    "terminal",
    "act",
    "order",
    "executive",
    "category",
    "stage",
    "tier",
    "grade",
    "year",
    "class",
    "form",
    "week",
    "day",
    "match",
    "game",
    "world",
    "ps",
}
STREET = re.compile(
    r"^(?:\s+[A-Z][a-z]+){1,3}\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|"
    r"Way|Place|Square|Court|Terrace|Parkway)\b"
)
PLURAL_NOUN = re.compile(r"^\s+([a-z]{2,}[^su\W]s)\b")  # "2000 beds", not "2020 census"


def _not_a_figure(sentence: str, match: re.Match[str], masked: list[tuple[int, int]]) -> bool:
    """Years, dates, times, ages, durations, ordinals, scores, phones and identifiers."""
    start, end = match.start(), match.end()
    if any(s < end and start < e for s, e in masked):
        return True
    # A window each side: the rules look at a few words, and long texts stay linear.
    window = max(0, start - WINDOW)
    before, after = sentence[window:start], sentence[end : end + WINDOW]
    digits = match.group("digits")
    if digits is not None and len(digits) > MAX_DIGITS:
        return True  # a serial number or a run of digits, not an amount
    plain = (
        digits is not None
        and not match.group("cur")
        and not match.group("unit")
        and not match.group("scale")
    )
    # Glued to letters: COVID-19, F-35, G7, 5G, 21st, 345p, 3am (but 1.5C is a temperature).
    if re.search(r"[A-Za-z]-?$", before) and digits is not None and not match.group("cur"):
        return True
    if after[:1].isalpha() and not re.match(r"^[CF]\b", after):
        return True
    if digits is not None and digits.startswith("0") and len(digits) > 1 and digits[1].isdigit():
        return True  # 0800, 020: phone and codes, never amounts
    if TIME_AFTER.match(after) or re.search(r"\d:$", before):
        return True
    if AGE_BEFORE.search(before) and not match.group("cur"):
        return True
    if re.match(r"^[\s-]+(?:years?|yrs?)[\s-]+old\b", after) or re.match(r"^-year-old", after):
        return True
    duration = DURATION_AFTER.match(after)
    if duration and not (match.group("cur") or match.group("unit")):
        # "15 years", "47 minutes" are durations; "2,000 hours of sunshine" is an amount.
        large = (digits and "," in digits) or match.group("scale")
        rest = after[duration.end() :]
        # "40 years or more" (of records, of arrivals) is a span a claim stands on.
        if not large and not re.match(r"^\s+of\b", rest) and not OPEN_ENDED.match(rest):
            return True
    if plain and "," not in digits and "." not in digits:
        number = int(digits)
        # "The suspect, 34, was arrested": an age between commas.
        if number < 120 and re.search(r"\w,\s$", before) and re.match(r"^,", after):
            return True
        # A year: 1500-2100 on its own, unless it counts something ("2000 beds").
        if 1500 <= number <= 2100 and len(digits) == 4 and not PLURAL_NOUN.match(after):
            return True
        if STREET.match(after):
            return True
        previous = re.search(r"([A-Za-z][\w.]*)\s+$", before)
        if previous:
            word = previous.group(1)
            is_first = window == 0 and not before[: previous.start()].strip()
            named = word.lower() in IDENTIFIER_WORDS or (word[0].isupper() and not is_first)
            # "Article 50", "Boeing 737", "Route 66"; not "ICE 2348" or "Over 300".
            if named and word.lower() not in QUALIFIER_OF and not word.isupper():
                return True
    return False


def _masked(sentence: str) -> list[tuple[int, int]]:
    """Spans that hold numbers which are not figures: dates and phone numbers."""
    spans = [(found.start, found.end) for found in periods.dates(sentence)]
    for match in PHONE.finditer(sentence):
        if sum(c.isdigit() for c in match.group()) >= 7:
            spans.append(match.span())
    # Fractions and day/month: "9/11", "24/7", "1/3"
    for match in re.finditer(r"(?<![\w.,/])\d{1,4}/\d{1,4}(?![\w/])", sentence):
        spans.append(match.span())
    # Scores and short ranges with no unit: "won 3-1", "a 2-0 lead".
    for match in re.finditer(r"(?<![\w.,-])\d{1,2}[-–]\d{1,2}(?![\w%.,-])", sentence):
        rest = sentence[match.end() : match.end() + WINDOW]
        if not re.match(r"^\s*(?:%|per\s?cent|percent|million|billion|[a-z]+s\b)", rest):
            spans.append(match.span())
    return spans


def _value(match: re.Match[str]) -> tuple[Decimal | None, str]:
    """The number a match says, and the unit the number itself implies (ratios are %)."""
    if match.group("ratio"):
        top = parse_digits(match.group("ra")) or parse_words(match.group("ra"))
        bottom = parse_digits(match.group("rb")) or parse_words(match.group("rb"))
        if not top or not bottom or bottom <= top or bottom > 1000:
            return None, ""
        return (top * 100 / bottom).quantize(Decimal("0.01")).normalize(), "%"
    if match.group("digits"):
        value = parse_digits(match.group("digits"))
        scale = (match.group("scale") or "").strip().lower()
        if value is not None and scale:
            value *= SCALES[scale]
        return value, ""
    return parse_words(match.group("words")), ""


def _unit(match: re.Match[str], implied: str) -> str:
    if implied:
        return implied
    currency = (match.group("cur") or "").strip()
    if currency:
        return CURRENCY_SYMBOLS.get(currency, currency.upper())
    unit = (match.group("unit") or "").strip().lower()
    if not unit:
        return ""
    if unit in ("%", "per cent", "percent", "percent"):
        return "%"
    if re.fullmatch(r"per\s?cent", unit):
        return "%"
    return CURRENCY_WORDS.get(unit, unit.upper())


def _word_number_counts(match: re.Match[str], sentence: str) -> bool:
    """A small number in words is a figure only when a noun follows ("seven terms", not
    "at five in England" or "one of them")."""
    words = match.group("words")
    if words is None or match.group("unit") or match.group("cur"):
        return True
    value = parse_words(words)
    if value is None:
        return False
    if re.search(BIG, words, re.IGNORECASE) or re.search("hundred", words, re.IGNORECASE):
        return True
    if value <= 1:
        return False
    following = re.match(r"^\s+([a-z][a-z'-]+)", sentence[match.end() : match.end() + WINDOW])
    return bool(following) and following.group(1) not in counted.STOP


def find(sentence: str) -> list[Figure]:
    """The figures in one sentence, in order; offsets are into `sentence`."""
    masked = _masked(sentence)
    year_dates = periods.as_of(sentence)
    found_periods = periods.periods(sentence)
    raw = []
    for match in NUMBER.finditer(sentence):
        if _not_a_figure(sentence, match, masked) or not _word_number_counts(match, sentence):
            continue
        value, implied = _value(match)
        if value is None or abs(value) >= LARGEST:
            continue
        raw.append((match, value, _unit(match, implied)))

    figures: list[Figure] = []
    for match, value, unit in raw:
        start, end = match.start(), match.end()
        window = max(0, start - WINDOW)
        before = sentence[window:start]
        negative = re.search(r"\b(?:minus|negative)\s+$", before, re.I)
        if match.group("sign") or negative:
            value = -abs(value)
            if negative and not match.group("sign"):
                start = window + negative.start()
        qualifier = EXACT
        found = QUALIFIER_BEFORE.search(before)
        if LIMIT_BEFORE.search(before):
            qualifier = UP_TO
        elif found:
            qualifier = QUALIFIER_OF[found.group("q").lower()]
            start = window + found.start("q")
        after = QUALIFIER_AFTER.match(sentence[end : end + WINDOW])
        if after:
            qualifier = AT_LEAST if after.group("plus") else AFTER_OF[after.group("q").lower()]
            end += after.end()
        figures.append(
            Figure(
                start=start,
                end=end,
                text=sentence[start:end],
                value=value,
                qualifier=qualifier,
                unit=unit,
                counts=counted.phrase(
                    sentence, start, end, unit=unit, floor=figures[-1].end if figures else 0
                )
                or _counts_of_previous(figures, unit),
                as_of=year_dates,
                period=periods.period_for(found_periods, start, end, _clause_end(sentence, end)),
            )
        )
    return _ranges(sentence, figures, raw)


def _counts_of_previous(figures: list[Figure], unit: str) -> str:
    """ "up from 34,000", "from a peak of 9.1 per cent": the same thing as the figure before."""
    for figure in reversed(figures[-3:]):
        if figure.counts:
            return figure.counts
    return ""


def _clause_end(sentence: str, position: int) -> int:
    found = re.search(r"[,;:]\s", sentence[position : position + WINDOW])
    return position + found.start() if found else min(len(sentence), position + WINDOW)


RANGE_BETWEEN = re.compile(r"^\s*(?:and|to|-|–|—)\s*$")


def _ranges(sentence: str, figures: list[Figure], raw: list) -> list[Figure]:
    """ "between 3 and 5 million", "5-7%", "3 to 5 million": the low end at least, the high
    end up to, each taking the scale and unit written only once, on the high end."""
    result = list(figures)
    for index in range(len(figures) - 1):
        low, high = figures[index], figures[index + 1]
        gap = sentence[low.end : high.start]
        # "some 25,000 to 30,000 people": the "some" is in the range's two ends already.
        if not RANGE_BETWEEN.match(gap) or low.qualifier not in (EXACT, ABOUT):
            continue
        if high.qualifier != EXACT:
            continue
        before = sentence[max(0, low.start - WINDOW) : low.start]
        is_between = re.search(r"\bbetween\s+$", before, re.IGNORECASE)
        if gap.strip() == "and" and not is_between:
            continue
        if re.search(r"\b(?:from|by)\s+\S*$", before, re.IGNORECASE) and not is_between:
            continue  # "from 300,000 to 412,000", "up by 7% to 50,500": a change, not a range
        if low.unit and low.unit != high.unit:
            continue
        low_match, high_match = raw[index][0], raw[index + 1][0]
        value = low.value
        scale = (high_match.group("scale") or "").strip().lower()
        if scale and not low_match.group("scale") and low_match.group("digits"):
            value = value * SCALES[scale]
        elif high_match.group("words") and low_match.group("words") is None:
            big = re.search(BIG, high_match.group("words"), re.IGNORECASE)
            if big and low_match.group("digits"):
                value = value * SCALES[big.group().lower()]
        if value >= high.value:
            continue
        result[index] = replace(
            low,
            value=value,
            qualifier=AT_LEAST,
            unit=low.unit or high.unit,
            counts=high.counts or low.counts,
        )
        result[index + 1] = replace(high, qualifier=UP_TO)
    return result
