"""Placing a quote in a source text and finding it again in a revised text.

Plain functions over strings, no Django. Positions are Python `str` indices,
which are Unicode code points, as the W3C TextPositionSelector counts them.

Re-anchoring follows Hypothesis and the W3C selectors, with one difference:
a fuzzy match is accepted only above MIN_FUZZY_SCORE and only if it says the
same numbers. What cannot be placed is orphaned, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

# Characters of context kept on each side of the quote (TextQuoteSelector prefix/suffix).
CONTEXT = 32

# The least similarity (rapidfuzz ratio, 0..100) between the old quote and the candidate
# words for a fuzzy move. 85 lets through a changed word or re-flowed whitespace in a
# sentence-long quote and refuses a different sentence on the same subject.
MIN_FUZZY_SCORE = 85.0

# The least share of the old prefix and suffix (by characters next to the quote) that
# must still surround an exact quote found elsewhere, when the quote occurs more than once
# or is short.
MIN_CONTEXT_AGREEMENT = 0.5

# A quote that occurs once in the new text and is at least this long is found again even
# if everything around it changed: a sentence this long does not recur by accident.
UNIQUE_QUOTE_LENGTH = 20

# The fuzzy search first looks this far (in code points, beyond the quote's size) on each
# side of the old position, then, if nothing there is good enough, in the whole text.
FUZZY_WINDOW = 2000

NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*(?:\s*(?:%|(?:percent|per cent|hundred|thousand|million|billion|trillion"
    r"|bn|m|k)\b))?",
    re.IGNORECASE,
)


class AnchorError(ValueError):
    """A span that cannot be placed: `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Selector:
    """A span of a text as W3C selectors: quote with context, and code-point positions."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Placement:
    """Where a selector landed in a new text and how; `selector` None means orphaned."""

    selector: Selector | None
    how: str | None  # "position", "context", "fuzzy", or None when orphaned


def describe(text: str, start: int, end: int) -> Selector:
    """The selectors of text[start:end], with CONTEXT code points of context on each side."""
    return Selector(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
    )


def occurrences(text: str, exact: str) -> list[int]:
    """Every start of `exact` in `text`, overlapping ones included."""
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _fits(text: str, at: int, exact: str, prefix: str, suffix: str) -> bool:
    return text.endswith(prefix, 0, at) and text.startswith(suffix, at + len(exact))


def locate(
    text: str,
    *,
    exact: str | None = None,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Selector:
    """The one span of `text` given by positions, by exact quote (with context), or both."""
    if not exact and start is None and end is None:
        raise AnchorError("exact", "Give the exact words, or start and end.")
    if exact is not None and exact == "":
        raise AnchorError("exact", "The exact words cannot be empty.")
    if start is not None or end is not None:
        if start is None:
            raise AnchorError("start", "Give start with end.")
        if end is None:
            if exact is None:
                raise AnchorError("end", "Give end with start, or the exact words.")
            end = start + len(exact)
        if start < 0 or end > len(text) or start >= end:
            raise AnchorError(
                "start",
                f"The span {start}–{end} is not inside the text (0–{len(text)}) or is empty.",
            )
        if exact is not None and text[start:end] != exact:
            found = text[start:end]
            shown = found if len(found) <= 60 else found[:57] + "…"
            raise AnchorError(
                "exact", f"The text at {start}–{end} is “{shown}”, not the exact words given."
            )
        selector = describe(text, start, end)
        if not (selector.prefix.endswith(prefix) and selector.suffix.startswith(suffix)):
            raise AnchorError("prefix", "The prefix or suffix does not match the text there.")
        return selector
    assert exact is not None
    every = occurrences(text, exact)
    if not every:
        raise AnchorError("exact", "These words are not in the source's text.")
    fitting = [at for at in every if _fits(text, at, exact, prefix, suffix)]
    if not fitting:
        raise AnchorError(
            "prefix",
            f"The words occur {len(every)} time{'s' if len(every) > 1 else ''}, "
            "but never with this prefix and suffix.",
        )
    if len(fitting) > 1:
        raise AnchorError(
            "exact",
            f"The words occur {len(fitting)} times; give prefix/suffix or start.",
        )
    return describe(text, fitting[0], fitting[0] + len(exact))


def numbers(text: str) -> list[str]:
    """The numbers a text states, with their magnitude ("7 million", "12%"), spaces folded."""
    return [" ".join(m.group(0).lower().split()) for m in NUMBER.finditer(text)]


def same_numbers(old: str, new: str) -> bool:
    """Whether every number of `old` appears unchanged in `new` (as often)."""
    remaining = numbers(new)
    for value in numbers(old):
        if value not in remaining:
            return False
        remaining.remove(value)
    return True


def _agreement(selector: Selector, text: str, at: int) -> float:
    """The share of the old context still next to the quote found at `at`."""
    size = len(selector.prefix) + len(selector.suffix)
    if size == 0:
        return 1.0
    before, after = text[max(0, at - len(selector.prefix)) : at], text[at + len(selector.exact) :]
    same = 0
    for old, new in zip(reversed(selector.prefix), reversed(before), strict=False):
        if old != new:
            break
        same += 1
    for old, new in zip(selector.suffix, after, strict=False):
        if old != new:
            break
        same += 1
    return same / size


AMBIGUOUS = Placement(None, None)


def _exact(selector: Selector, text: str) -> Placement | None:
    """The quote found word for word; AMBIGUOUS when several places fit equally."""
    every = occurrences(text, selector.exact)
    if not every:
        return None
    scored = sorted(((_agreement(selector, text, at), at) for at in every), reverse=True)
    best_score = scored[0][0]
    best = [at for score, at in scored if score == best_score]
    if selector.start in best:
        at, how = selector.start, "position"
    elif len(best) > 1:
        return AMBIGUOUS  # the same words, equally well surrounded, in several places
    elif best_score >= MIN_CONTEXT_AGREEMENT or (
        len(every) == 1 and len(selector.exact) >= UNIQUE_QUOTE_LENGTH
    ):
        at, how = best[0], "context"
    else:
        return None
    return Placement(describe(text, at, at + len(selector.exact)), how)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span cut inside a word to whole words, then drop surrounding spaces."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_edges(text: str, lo: int, hi: int) -> list[int]:
    """Positions in [lo, hi] where a word starts or ends."""
    lo, hi = max(0, lo), min(len(text), hi)
    return [
        i
        for i in range(lo, hi + 1)
        if i in (0, len(text)) or text[i - 1].isalnum() != text[i].isalnum()
    ]


def _best_bounds(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The word-aligned span near start..end that reads most like `exact`.

    The alignment can stop a word or two short when a word changed; trying the
    word edges close by finds the span a reader would mark.
    """
    reach = max(8, len(exact) // 5)
    starts = _word_edges(text, start - reach, start + reach) or [start]
    ends = _word_edges(text, end - reach, end + reach) or [end]
    best = (fuzz.ratio(exact, text[start:end]), start, end)
    for s in starts:
        for e in ends:
            if e > s:
                best = max(best, (fuzz.ratio(exact, text[s:e]), s, e), key=lambda b: b[0])
    return _snap(text, best[1], best[2])


def _fuzzy_in(selector: Selector, text: str, lo: int, hi: int) -> Placement | None:
    lo, hi = max(0, lo), min(len(text), hi)
    needle = selector.prefix + selector.exact + selector.suffix
    if hi - lo < len(selector.exact):
        return None
    region = fuzz.partial_ratio_alignment(needle, text[lo:hi])
    if region is None or region.score < MIN_FUZZY_SCORE / 2:
        return None
    # Within the region that best resembles the quote with its context, the quote itself.
    span = len(selector.exact)
    around_lo = max(0, lo + region.dest_start - span // 2)
    around_hi = min(len(text), lo + region.dest_end + span // 2)
    found = fuzz.partial_ratio_alignment(selector.exact, text[around_lo:around_hi])
    if found is None:
        return None
    start, end = _best_bounds(
        selector.exact, text, *_snap(text, around_lo + found.dest_start, around_lo + found.dest_end)
    )
    candidate = text[start:end]
    if start >= end or fuzz.ratio(selector.exact, candidate) < MIN_FUZZY_SCORE:
        return None
    if not (same_numbers(selector.exact, candidate) and same_numbers(candidate, selector.exact)):
        return None  # never move a quote onto a sentence that says a different number
    return Placement(describe(text, start, end), "fuzzy")


def reanchor(selector: Selector, new_text: str) -> Placement:
    """Place `selector` in `new_text`: old position, exact words in context, fuzzy, or orphan."""
    placed = _exact(selector, new_text)
    if placed is not None:
        return placed  # found word for word, or orphaned because it fits several places
    margin = FUZZY_WINDOW + len(selector.exact)
    placed = _fuzzy_in(selector, new_text, selector.start - margin, selector.end + margin)
    if placed is None and len(new_text) > 2 * margin:
        placed = _fuzzy_in(selector, new_text, 0, len(new_text))
    return placed or Placement(None, None)
