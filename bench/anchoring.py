"""Re-anchoring after a revision: 100 and 500 anchors on a 200 kB source (issue 10).

    make bench-anchoring                    # alone, on a throwaway SQLite database
    .venv/bin/python -m bench.anchoring     # the same
    (and as the first part of `make bench`)

The revision is a hard but ordinary one: a new paragraph at the top (every
anchor shifts), one anchored sentence in ten reworded (fuzzy step) and one in
twenty deleted (orphaned after the fuzzy search of the whole text). Two
timings each: the algorithm alone (claims.anchoring.reanchor over every
anchor) and the whole `Source.revise` (revision row, re-anchoring, bulk update
with history) in one transaction on a test database. Target: under 5 s for 500
anchors, and linear: 500 anchors cost about 5 times 100.
"""

from __future__ import annotations

import os
import random
import sys
import time
from typing import Any

TARGET_SECONDS = 5.0
TEXT_SIZE = 200_000
COUNTS = (100, 500)

PLACES = ["district", "county", "ward", "borough", "parish", "township", "region"]
THINGS = ["new homes", "permits", "arrests", "hospital beds", "teachers", "buses"]


def sentence(n: int) -> str:
    """A distinct sentence with numbers, as claims are."""
    place, thing = PLACES[n % len(PLACES)], THINGS[n % len(THINGS)]
    return (
        f"In {place} {n} the council counted {(n * 37) % 997 + 3} {thing} "
        f"and {n * 13 + 7} applications during {2000 + n % 25}."
    )


def filler(rng: random.Random) -> str:
    words = ["the", "report", "said", "that", "officials", "would", "review", "data", "again"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."


def make_text(seed: int = 1) -> tuple[str, list[str]]:
    """A ~200 kB text and 500 distinct anchorable sentences spread over it."""
    rng = random.Random(seed)
    parts, quotes, n = [], [], 0
    size = 0
    per_quote = TEXT_SIZE // max(COUNTS) - 20
    while size < TEXT_SIZE or n < max(COUNTS):
        chunk = []
        while sum(map(len, chunk)) < per_quote - 90:
            chunk.append(filler(rng))
        quote = sentence(n)
        quotes.append(quote)
        chunk.insert(rng.randint(0, len(chunk)), quote)
        paragraph = " ".join(chunk) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph)
        n += 1
    return "".join(parts), quotes[: max(COUNTS)]


def revised(text: str, quotes: list[str]) -> str:
    """The new revision: a paragraph on top, 10% of quotes reworded, 5% deleted."""
    new = "An editor's note added at the top of the page.\n\n" + text
    for n, quote in enumerate(quotes):
        if n % 20 == 7:
            new = new.replace(quote, "")
        elif n % 10 == 3:
            new = new.replace(quote, quote.replace(" the council counted ", " officials counted "))
    return new


def time_algorithm(text: str, new: str, quotes: list[str], count: int) -> tuple[float, dict]:
    from claims.anchoring import locate, reanchor

    selectors = [locate(text, exact=quote) for quote in quotes[:count]]
    started = time.perf_counter()
    hows: dict[str, int] = {}
    for selector in selectors:
        how = reanchor(selector, new).how or "orphaned"
        hows[how] = hows.get(how, 0) + 1
    return time.perf_counter() - started, hows


def time_revise(text: str, new: str, quotes: list[str], count: int) -> tuple[float, dict]:
    from django.db import transaction

    from claims.models import Claim, Source, Speaker

    with transaction.atomic():
        speaker = Speaker.objects.create(name=f"Bench speaker {count}")
        source = Source.objects.create(title=f"Bench source {count}")
        source.revise(text=text, by=None, origin="api")
        for n, quote in enumerate(quotes[:count]):
            claim = Claim.objects.create(
                speaker=speaker, source=source, text=quote, summary=f"Bench claim {count}-{n}"
            )
            claim.anchor_to(exact=quote)
    started = time.perf_counter()
    result = source.revise(text=new, by=None, origin="pasted")
    seconds = time.perf_counter() - started
    return seconds, {"moved": len(result.moved), "orphaned": len(result.orphaned)}


def setup_django() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    return connection


def run() -> str:
    """Measure and return the report as Markdown."""
    text, quotes = make_text()
    new = revised(text, quotes)
    connection = setup_django()
    try:
        rows = {}
        for count in COUNTS:
            pure, hows = time_algorithm(text, new, quotes, count)
            full, result = time_revise(text, new, quotes, count)
            rows[count] = (pure, full, hows, result)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    small, large = rows[COUNTS[0]], rows[COUNTS[1]]
    lines = [
        "### Re-anchoring after a revision (issue 10)",
        "",
        f"Source of {len(text):,} code points; the revision adds a paragraph on top, rewords "
        "one anchored sentence in ten and deletes one in twenty. "
        f"Database: {connection.vendor} (test database).",
        "",
        "| anchors | algorithm alone | whole `Source.revise` | placed by |",
        "|---|---|---|---|",
    ]
    for count, (pure, full, hows, _) in rows.items():
        placed = ", ".join(f"{how} {n}" for how, n in sorted(hows.items()))
        lines.append(f"| {count} | {pure:.3f} s | {full:.3f} s | {placed} |")
    ratio = large[1] / small[1] if small[1] else float("inf")
    pure_ratio = large[0] / small[0] if small[0] else float("inf")
    ok = large[1] < TARGET_SECONDS
    lines += [
        "",
        f"- {'PASS' if ok else 'FAIL'}: 500 anchors re-anchored in {large[1]:.2f} s "
        f"(target under {TARGET_SECONDS:.0f} s).",
        f"- 500 vs 100 anchors: ×{ratio:.2f} for the whole revise, ×{pure_ratio:.2f} for the "
        "algorithm alone (linear would be ×5).",
    ]
    return "\n".join(lines)


def main() -> None:
    """Command line: print the re-anchoring benchmark."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    print(run())


if __name__ == "__main__":
    main()
