"""Benchmark of claim search: median time of search_claims plus its first page, per query.

Run against a database of its own (it generates a synthetic archive there if
the database has no claims yet):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench \\
        .venv/bin/python -m bench.search --claims 100000

The functions are reusable by a wider benchmark: `prepare(claims)` makes sure
the archive is there, `run()` returns one row per query, `environment()` the
versions and sizes, `table()` formats rows for printing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

PAGE_SIZE = 25  # what the public list shows per page
GIN_INDEXES = {
    "claims_claim_search_vector": "claim words",
    "annotations_contextnote_search_vector": "note words",
    "claims_speaker_name_trgm": "speaker trigrams",
}


def setup_django() -> None:
    """Configure Django for a script; DEBUG only so settings load without a SECRET_KEY."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django
    from django.conf import settings

    django.setup()
    # Query logging (on with DEBUG) would be measured too.
    settings.DEBUG = False


@dataclass
class Row:
    """One query's result: what was searched, how many claims matched, and timings in ms."""

    query: str
    matches: int
    page_median_ms: float
    page_p90_ms: float
    count_median_ms: float
    gin_indexes: str


def prepare(claims: int, *, seed: int = 1) -> int:
    """Generate `claims` claims if the database has none; return its number of published claims."""
    from django.db import connection

    from annotations.synthetic import generate_archive
    from claims.models import Claim

    if not Claim.objects.exists():
        generate_archive(claims=claims, seed=seed)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return Claim.objects.published().count()


def typical_queries() -> list[str]:
    """Queries a desk types: topic words, a phrase, a speaker's name and a misspelled one."""
    from django.db.models import Count

    from claims.models import Speaker

    speaker = (
        Speaker.objects.filter(kind=Speaker.Kind.PERSON)
        .annotate(n=Count("claims"))
        .order_by("-n", "pk")
        .first()
    )
    queries = ["docket", "convicted criminals", "tariffs", '"border encounters"']
    if speaker is not None:
        last = speaker.name.split()[-1]
        # Two letters swapped, as in "Lechlietner" for "Lechleitner".
        typo = last[:-4] + last[-3] + last[-4] + last[-2:] if len(last) > 5 else last[::-1]
        queries += [speaker.name, typo]
    return queries


def searched(query: str):
    """The queryset the public list evaluates for `query`, ordered by relevance."""
    from annotations.search import search_claims
    from claims.models import Claim

    claims = Claim.objects.published().with_related().order_by("-published_at", "-pk")
    return search_claims(claims, query).order_by("-rank", "-published_at", "-pk")


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(query: str, *, repeat: int = 50, warmup: int = 5) -> Row:
    """Time the first page (with its prefetches) and the count of one query, after a warm-up."""
    from django.db import connection

    queryset = searched(query)

    def first_page() -> None:
        list(queryset.all()[:PAGE_SIZE])

    def count() -> None:
        queryset.all().count()

    timed(first_page, warmup)
    timed(count, warmup)
    pages = timed(first_page, repeat)
    counts = timed(count, repeat)
    used = ""
    if connection.vendor == "postgresql":
        plan = queryset[:PAGE_SIZE].explain()
        used = ", ".join(label for index, label in GIN_INDEXES.items() if index in plan)
    return Row(
        query=query,
        matches=queryset.count(),
        page_median_ms=round(statistics.median(pages), 1),
        page_p90_ms=round(statistics.quantiles(pages, n=10)[-1], 1),
        count_median_ms=round(statistics.median(counts), 1),
        gin_indexes=used or "none",
    )


def run(
    claims: int, *, queries: Sequence[str] | None = None, repeat: int = 50, seed: int = 1
) -> list[Row]:
    """Prepare an archive of `claims` claims and measure every query; one Row per query."""
    prepare(claims, seed=seed)
    return [measure(query, repeat=repeat) for query in (queries or typical_queries())]


def environment() -> list[tuple[str, str]]:
    """What the numbers were measured on: versions, CPUs and the archive's size."""
    import django
    import psycopg
    from django.db import connection

    from annotations.models import ContextNote
    from claims.models import Claim

    server = connection.vendor
    if server == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = f"PostgreSQL {cursor.fetchone()[0]}"
    return [
        ("database", server),
        ("python", platform.python_version()),
        ("django", django.get_version()),
        ("psycopg", psycopg.__version__),
        ("cpus", str(os.cpu_count())),
        ("load average", " ".join(f"{x:.2f}" for x in os.getloadavg())),
        ("claims (N)", f"{Claim.objects.count():,}"),
        ("context notes", f"{ContextNote.objects.count():,}"),
    ]


def table(rows: Iterable[Row]) -> str:
    """Rows as a plain-text table."""
    rows = [asdict(row) for row in rows]
    if not rows:
        return ""
    headers = list(rows[0])
    widths = {h: max(len(h), *(len(str(r[h])) for r in rows)) for h in headers}
    lines = [" | ".join(h.ljust(widths[h]) for h in headers)]
    lines.append("-+-".join("-" * widths[h] for h in headers))
    lines += [" | ".join(str(r[h]).ljust(widths[h]) for h in headers) for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: prepare the archive, measure, print the environment and a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="archive size N if generated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query")
    parser.add_argument("queries", nargs="*", help="queries (default: a typical set)")
    args = parser.parse_args(argv)
    setup_django()
    rows = run(args.claims, queries=args.queries or None, repeat=args.repeat, seed=args.seed)
    for name, value in environment():
        print(f"{name:>14}: {value}")
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
