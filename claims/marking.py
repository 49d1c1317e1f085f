"""A source text as HTML with its anchored claims marked, and word-level diffs of revisions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from diff_match_patch import diff_match_patch
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from claims.anchors import Anchor


@dataclass(frozen=True)
class Mark:
    """One claim's span in the text, numbered in text order, with where its marker links."""

    number: int
    start: int
    end: int
    url: str
    label: str
    key: Any = None


def numbered(spans: list[tuple[int, int, str, str, Any]]) -> list[Mark]:
    """Marks for (start, end, url, label, key) spans, numbered 1..n in the order they occur."""
    ordered = sorted(spans, key=lambda span: (span[0], span[1]))
    return [Mark(n, *span) for n, span in enumerate(ordered, 1)]


def marked_text(text: str, marks: list[Mark]) -> SafeString:
    """The text as HTML, each mark's words in a <mark> followed by its numbered link.

    A span overlapping an earlier one is left unmarked (it stays in the list
    of claims): nested highlights cannot be told apart by readers. The text
    nodes outside the markers are exactly the text, so the annotator's
    script can count positions in them.
    """
    parts: list[str] = []
    at = 0
    for mark in marks:
        if mark.start < at or mark.end > len(text):
            continue
        label = escape(f"Claim {mark.number}: {mark.label}")
        parts.append(escape(text[at : mark.start], quote=False))
        parts.append(
            f'<mark class="anchor" id="mark-{mark.number}" title="{label}">'
            f"{escape(text[mark.start : mark.end], quote=False)}</mark>"
            f'<a class="marker" href="{escape(mark.url)}" aria-label="{label}">{mark.number}</a>'
        )
        at = mark.end
    parts.append(escape(text[at:], quote=False))
    return mark_safe("".join(parts))  # every piece of text escaped above


def anchored_marks(anchors: list[Anchor], url_name: str) -> list[Mark]:
    """Marks for the anchored claims, numbered in text order, linking to `url_name`."""
    return numbered(
        [
            (
                a.start,
                a.end,
                reverse(url_name, kwargs={"slug": a.claim.slug}),
                a.claim.summary,
                a,
            )
            for a in anchors
            if a.state == Anchor.State.ANCHORED
        ]
    )


# Words, runs of spaces and single punctuation marks: the units a reader compares.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def word_diff(before: str, after: str) -> SafeString:
    """A readable word-level diff of two texts as HTML with <del> and <ins>.

    diff-match-patch compares characters; each distinct word is first mapped
    to one character (its line-mode trick applied to words), so changes are
    shown as whole words rather than scattered letters.
    """
    vocabulary: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        codes = []
        for token in TOKEN.findall(text):
            if token not in vocabulary:
                words.append(token)
                # Skip the surrogate range, which a Python str can hold but not encode.
                code = len(words) + (0x800 if len(words) >= 0xD800 else 0)
                vocabulary[token] = chr(code)
            codes.append(vocabulary[token])
        return "".join(codes)

    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(encode(before), encode(after), False)
    decode = {code: word for word, code in vocabulary.items()}
    engine.diff_cleanupSemantic(diffs)
    html = []
    for op, codes in diffs:
        chunk = escape("".join(decode[c] for c in codes), quote=False)
        if op == engine.DIFF_INSERT:
            html.append(
                f'<ins><span class="visually-hidden">[added: </span>{chunk}'
                '<span class="visually-hidden">]</span></ins>'
            )
        elif op == engine.DIFF_DELETE:
            html.append(
                f'<del><span class="visually-hidden">[removed: </span>{chunk}'
                '<span class="visually-hidden">]</span></del>'
            )
        else:
            html.append(chunk)
    return mark_safe("".join(html))  # every word escaped above
