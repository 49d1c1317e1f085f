"""The benchmark of issue 5: exports, API, public page and search at N = 10,000 and 100,000 claims.

    make bench                        # both sizes
    BENCH_SIZES=10000 make bench      # one size
    .venv/bin/python -m bench --sizes 10000,100000 --no-write

For each N it makes sure PostgreSQL (127.0.0.1:5432, user postgres, or
BENCH_SERVER) has the database `claims_bench_<N>` holding the synthetic
archive (generated once, then reused: see bench/archive.py), measures it in a
fresh process (bench/measure.py), prints the environment and the tables, checks
each target, and writes the report into bench/RESULTS.md between its markers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import archive, matching, report
from bench.measure import peak_memory_mb

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = "10000,100000"
# The shared cache as deployed (Redis; database 5 is the benchmark's own), or BENCH_CACHE_URL.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure(db: archive.Archive, *, rounds: int) -> dict:
    """Run bench.measure against the archive in a process of its own and read its results."""
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "results.json"
        env = {**os.environ, "DATABASE_URL": db.url, "DEBUG": "1", "CACHE_URL": CACHE_URL}
        command = [sys.executable, "-m", "bench.measure", "--claims", str(db.claims)]
        command += ["--rounds", str(rounds), "--output", str(output)]
        subprocess.run(command, cwd=BASE_DIR, env=env, check=True)
        return json.loads(output.read_text())


def main(argv: list[str] | None = None) -> None:
    """Command line: prepare each archive, measure it, print and record the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES") or DEFAULT_SIZES,
        help=f"comma-separated archive sizes N (default BENCH_SIZES or {DEFAULT_SIZES})",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_SERVER", archive.DEFAULT_SERVER),
        help="PostgreSQL server URL without a database name",
    )
    parser.add_argument("--no-write", action="store_true", help="don't update bench/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]

    started = time.perf_counter()
    results, notes = [], []
    for n in sizes:
        say(f"N = {n:,}")
        db = archive.prepare(n, seed=args.seed, server=args.server, say=say)
        if db.generated:
            notes.append(f"N = {n:,}: archive generated in this run, {db.seconds / 60:.1f} min")
        else:
            notes.append(f"N = {n:,}: archive reused from an earlier run ({db.name})")
        # Several timings where they are cheap; the best is kept (noise only adds time).
        result = measure(db, rounds=3 if n <= 20_000 else 1)
        say("  peak memory of manage.py export --format jsonl (separate process)")
        mb, seconds = peak_memory_mb(db.url, "export", "--format", "jsonl", "--output", os.devnull)
        baseline_mb, _ = peak_memory_mb(db.url, "check")
        result["memory"] = {"peak_mb": mb, "seconds": seconds, "baseline_mb": baseline_mb}
        results.append(result)
    notes.append(f"whole run: {(time.perf_counter() - started) / 60:.1f} min")

    command = "make bench" + (f" BENCH_SIZES={args.sizes}" if args.sizes != DEFAULT_SIZES else "")
    if args.seed != 1:
        command = f".venv/bin/python -m bench --sizes {args.sizes} --seed {args.seed}"
    text = report.render(results, command=command, notes=notes)
    text += "\n\n" + matching.run(sizes, seed=args.seed, server=args.server, say=say)
    print(text)
    if not args.no_write:
        report.write(text)
        say(f"Written to {report.RESULTS.relative_to(BASE_DIR)}.")
