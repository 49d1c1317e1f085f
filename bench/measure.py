"""Every measurement of one archive, in a process of its own (started by `python -m bench`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench_10000 \\
        .venv/bin/python -m bench.measure --output results.json

Django is set up against DATABASE_URL with DEBUG off (query logging would be
measured too). The export's peak memory is measured in yet another process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
import warnings
from dataclasses import asdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
NESTED_SAMPLE = 5000  # claims the nested-serializer export writes; its time is scaled to N


def peak_memory_mb(database_url: str, *args: str) -> tuple[float, float]:
    """Peak resident memory (MB) and wall time (s) of `manage.py <args>` in a child process.

    os.wait4 reports the child's own ru_maxrss: everything it held at its
    peak, including what tracemalloc cannot see (libpq's result buffers, the
    interpreter, Django and the apps loaded), which is what a server pays for.
    Linux counts the memory of the process that started the child too (the
    child is a copy of it until it runs Python), so call this from a small
    process: bench.run, which never loads Django, not bench.measure.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",  # as in production: no query log growing with the export
        "SECRET_KEY": "benchmark-only-not-a-secret",
    }
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({status})")
    return usage.ru_maxrss / 1024, seconds  # Linux reports kilobytes


def time_export() -> tuple[float, int]:
    """Seconds to GET /api/v1/export.jsonl and read the whole body; bytes read.

    Each time the first download of its version, streamed from the database: the
    spool (publication/spool.py) is off, or a file kept by an earlier round, or
    an earlier run on an archive with the same ETag, would be timed instead.
    """
    from django.test import Client, override_settings

    client = Client()
    started = time.perf_counter()
    with override_settings(EXPORT_SPOOL_DIR=""):
        response = client.get("/api/v1/export.jsonl")
        assert response.status_code == 200, response.status_code
        size = sum(len(piece) for piece in response.streaming_content)
    return time.perf_counter() - started, size


def search_plan(query: str) -> str:
    """Which GIN indexes PostgreSQL's plan for the public list's search uses."""
    from bench.search import GIN_INDEXES, PAGE_SIZE, searched

    plan = searched(query)[:PAGE_SIZE].explain()
    return ", ".join(label for index, label in GIN_INDEXES.items() if index in plan) or "none"


EXPORTED_TABLES = [
    "claims_claim",
    "claims_speaker",
    "claims_source",
    "claims_tag",
    "claims_claim_tags",
    "claims_figure",
    "claims_claimrelation",
    "annotations_contextnote",
    "annotations_contextnote_claims",
    "annotations_citation",
    "annotations_notefigure",
    "annotations_correction",
    "annotations_verdict",
    "annotations_rating",
    "annotations_ratingscale",
]


def warm_caches() -> None:
    """Read every table the export reads once, as on a server that has been up a while.

    Otherwise whichever of the export and the floor runs first would pay for
    reading the tables from disk.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        for table in EXPORTED_TABLES:
            cursor.execute(f"SELECT count(*), sum(length(t::text)) FROM {table} t")


def environment() -> dict[str, str]:
    """Versions, machine and archive size."""
    import django
    import rest_framework

    from bench.search import environment as search_environment

    info = dict(search_environment())
    info["djangorestframework"] = rest_framework.__version__
    info["django"] = django.get_version()
    info["machine"] = f"{platform.machine()}, {cpu_model()}"
    info["memory"] = f"{total_memory_gb():.1f} GB"
    from django.conf import settings

    cache = settings.CACHES["default"]
    info["cache"] = f"{cache['BACKEND'].rsplit('.', 1)[-1]} {cache.get('LOCATION', '')}".strip()
    return info


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def total_memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


def measure(claims: int, *, rounds: int, say) -> dict:
    """All measurements of the archive in DATABASE_URL; `claims` is its size N."""
    from django.core.cache import cache

    from bench.floor import run_floor
    from bench.nested import run_nested
    from bench.pages import measure_requests, search_queries, use_bench_urls
    from claims.models import Claim

    cache.clear()  # the benchmark's own cache: nothing left from an earlier run
    results: dict = {"claims": claims, "environment": environment()}
    published = Claim.objects.published().count()
    assert published == claims, f"the archive holds {published} published claims, not {claims}"
    use_bench_urls()

    say("  export.jsonl against the PostgreSQL floor, alternately")
    warm_caches()
    exports, floors = [], []
    for _ in range(rounds):
        seconds, size = time_export()
        exports.append(seconds)
        floor_seconds, rows, floor_size = run_floor()
        floors.append(floor_seconds)
        assert rows == claims
    results["export"] = {"seconds": exports, "bytes": size}
    results["floor"] = {"seconds": floors, "bytes": floor_size}

    sample = min(claims, NESTED_SAMPLE)
    say(f"  nested DRF serializers on the first {sample:,} claims")
    seconds, count, size = run_nested(limit=sample)
    results["nested"] = {"seconds": seconds, "claims": count, "bytes": size}

    say("  requests (test client, after warm-up)")
    results["requests"] = [asdict(row) for row in measure_requests()]
    plans = {query: search_plan(query) for _, query in search_queries()}
    results["search_plans"] = plans
    results["search_gin"] = all(used != "none" for used in plans.values())
    results["environment"]["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["peak_rss_this_process_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def main(argv: list[str] | None = None) -> None:
    """Command line: measure the archive in DATABASE_URL and write the results as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, required=True, help="the archive's size N")
    parser.add_argument("--rounds", type=int, default=1, help="export/floor timings (min is kept)")
    parser.add_argument("--output", required=True, help="JSON file for the results")
    args = parser.parse_args(argv)

    from bench.search import setup_django

    # Nobody ran collectstatic for the benchmark; whitenoise would say so on every run.
    warnings.filterwarnings("ignore", message="No directory at")
    setup_django()

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results = measure(args.claims, rounds=args.rounds, say=say)
    Path(args.output).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
