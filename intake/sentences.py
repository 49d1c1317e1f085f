"""Sentence splitting with offsets into the original text (code points), fast on long texts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pysbd

# pysbd's rules are accurate on abbreviations ("Mr.", "U.S.", "Jan. 5") but slow down
# sharply on long inputs (8 s for 16,000 words in one piece, under 1 s in paragraphs), so
# it is given the text in chunks cut where a sentence surely ends.
CHUNK = 1500
# A sure end: ".", "!" or "?" after a lowercase word of 4+ letters or a digit-free word,
# then space and a capital. "Mr. Smith" or "U.S. Army" never match (short or capitals).
SURE_END = re.compile(r"(?<=[a-z]{4}[.!?])\s+(?=[\"“'‘(]?[A-Z])")
WRAPPED = re.compile(r"(?<=[^.!?:\n])\n(?=[ \t]*[a-z])")
PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-*•]\s)")


@dataclass(frozen=True)
class Span:
    """A sentence: its code-point offsets into the original text, and its words."""

    start: int
    end: int
    text: str


@cache
def _segmenter() -> pysbd.Segmenter:
    # Loaded once per process: the endpoint must not build it per request.
    return pysbd.Segmenter(language="en", clean=False)


def _chunks(text: str) -> list[tuple[int, str]]:
    """Pieces of at most about CHUNK characters, cut between paragraphs or at sure ends."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in PARAGRAPH.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    chunks: list[tuple[int, str]] = []
    for offset, piece in pieces:
        while len(piece) > CHUNK:
            cut = None
            for match in SURE_END.finditer(piece, CHUNK // 2, CHUNK * 2):
                cut = match.end()
                if cut >= CHUNK:
                    break
            if cut is None:
                # No sentence ends at all (a list of numbers, a run of characters): cut at
                # a space, or anywhere, so the splitter never gets a huge piece.
                space = piece.rfind(" ", CHUNK, CHUNK * 2)
                cut = space + 1 if space > 0 else CHUNK * 2
            chunks.append((offset, piece[:cut]))
            offset, piece = offset + cut, piece[cut:]
        chunks.append((offset, piece))
    return chunks


def split(text: str) -> list[Span]:
    """The sentences of `text`, in order, with offsets into `text` itself; blank ones dropped."""
    spans: list[Span] = []
    for offset, chunk in _chunks(text):
        if not chunk.strip():
            continue
        # A line wrapped mid-sentence (PDFs, pasted e-mails) is joined for the splitter;
        # one space for one newline keeps every offset where it was.
        chunk = WRAPPED.sub(" ", chunk)
        position = 0
        for sentence in _segmenter().segment(chunk):
            stripped = sentence.strip()
            if not stripped:
                continue
            # pysbd keeps the characters of the text (clean=False); find each sentence
            # after the previous one so offsets point into the original string.
            found = chunk.find(stripped, position)
            if found < 0:
                continue
            position = found + len(stripped)
            begin, end = offset + found, offset + position
            spans.append(Span(begin, end, text[begin:end]))
    return spans
