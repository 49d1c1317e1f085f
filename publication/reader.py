"""How a published claim reads at a glance: headline, numbers in the quote, notes in order.

Plain functions over the published JSON (publication/shape.py), no database,
so the claim page, the embed card and the share image say the same thing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from claims.figures import to_decimal

HEADLINE_LENGTH = 90
# Scale and timeframe change how every number reads, so they come first; then the rest.
NOTE_KIND_ORDER = ["scale", "timeframe", "definition", "missing_context", "cited_study"]
MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s+(thousand|million|billion))?(?![\w,]\d)",
    re.IGNORECASE,
)


def short_name(speaker: dict[str, Any] | None) -> str:
    """How a headline names a speaker: a person's surname, an organisation's name."""
    if not speaker:
        return ""
    name = re.sub(r"\s*\(.*?\)\s*$", "", speaker["name"]).strip()
    if speaker.get("kind") == "person" and " " in name:
        return name.rsplit(" ", 1)[1]
    return name


def shorten(text: str, length: int) -> str:
    """`text` cut at a word boundary to at most `length` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.—-")
    return f"{cut}…"


def headline(document: dict[str, Any], length: int = HEADLINE_LENGTH) -> str:
    """Who claimed what: "Lechleitner: As of July 21, there were 662,566 noncitizens…"."""
    who = short_name(document.get("speaker"))
    words = shorten(document["text"], length - len(who) - 2)
    return f"{who}: {words}" if who else words


def note_order(notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Notes by kind: scale/denominator and timeframe first, then the others, stable within."""
    rank = {kind: n for n, kind in enumerate(NOTE_KIND_ORDER)}
    return sorted(notes, key=lambda note: rank.get(note["kind"], len(rank)))


def without_repeated_excerpts(notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `notes` where an excerpt already quoted higher up the page is left out."""
    seen: set[str] = set()
    result = []
    for note in notes:
        citations = []
        for citation in note["citations"]:
            excerpt = " ".join((citation.get("excerpt") or "").split())
            if excerpt and excerpt.casefold() in seen:
                citation = {**citation, "excerpt": "", "excerpt_repeated": True}
            elif excerpt:
                seen.add(excerpt.casefold())
            citations.append(citation)
        result.append({**note, "citations": citations})
    return result


def _spoken_value(match: re.Match[str]) -> Decimal:
    value = Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
    multiplier = match.group(3)
    return value * MULTIPLIERS[multiplier.lower()] if multiplier else value


def highlight_numbers(text: str, figures: list[dict[str, Any]]) -> SafeString:
    """The quote, escaped, with each number that is a figure marked and linked to it."""
    anchors: dict[Decimal, str] = {}
    for n, figure in enumerate(figures, 1):
        value = to_decimal(figure.get("value"))
        if value is not None:
            anchors.setdefault(value.normalize(), f"figure-{n}")
    parts, last = [], 0
    for match in NUMBER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        words = escape(match.group(0))
        anchor = anchors.get(_spoken_value(match).normalize())
        # Only numbers the desk recorded as figures: "July 21" is a date, not a claim.
        if anchor:
            parts.append(f'<a class="number" href="#{anchor}"><mark>{words}</mark></a>')
        else:
            parts.append(words)
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text escaped above


def scale_steps(ratings: list[tuple[str, int]], current: int) -> list[dict[str, Any]]:
    """The rating scale worst to best with the verdict's step marked, for a labelled scale."""
    return [
        {"label": label, "value": value, "current": value == current, "place": n}
        for n, (label, value) in enumerate(ratings, 1)
    ]


def display_name(first: str | None, last: str | None, username: str | None) -> str:
    """A person as a byline names them: their full name, else their login name."""
    return " ".join(part for part in (first, last) if part) or (username or "")
