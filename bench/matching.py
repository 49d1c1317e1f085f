"""The matching benchmark (issue 11): latency per sentence and index memory at N claims.

    .venv/bin/python -m bench.matching --sizes 10000,100000     # on its own
    make bench                                                  # with the rest of bench/

For each N it uses its own PostgreSQL database `claims_match_bench_<N>` (the synthetic
archive of `generate_archive --claims N`, made once and reused: bench/archive.py), then
in a fresh process: builds the index (embedding the claims that have no embedding yet,
which only the first run does, then loading the matrix), and times match_sentences on
each sentence of the labelled set (intake/evaluation/matching.json), several rounds.
The baseline measured in the same run is embedding the sentence alone, which every
match has to do. Target: p95 < 100 ms per sentence at 100,000 claims.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PREFIX = "claims_match_bench"
TARGET_P95_MS = 100.0
ROUNDS = 3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(claims: int) -> dict:
    """Run in the benchmark process: build the index, then time matching and the baseline."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from intake import embeddings
    from intake.evaluation.matching import load_items
    from intake.matching import index, match_sentences

    sentences = [item["sentence"] for item in load_items()]
    embeddings.embed(["warm up the model"])
    before_mb = rss_mb()
    started = time.perf_counter()
    written = embeddings.catch_up()
    embedded_s = time.perf_counter() - started
    started = time.perf_counter()
    loaded = index.current_index()
    load_s = time.perf_counter() - started
    after_mb = rss_mb()
    for sentence in sentences[:10]:  # warm-up
        match_sentences(sentence, user=None)
    match_ms, embed_ms, match_cpu_ms, embed_cpu_ms = [], [], [], []
    for _ in range(ROUNDS):
        for sentence in sentences:
            t, c = time.perf_counter(), time.process_time()
            embeddings.embed([sentence])
            embed_ms.append((time.perf_counter() - t) * 1000)
            embed_cpu_ms.append((time.process_time() - c) * 1000)
            t, c = time.perf_counter(), time.process_time()
            match_sentences(sentence, user=None)
            match_ms.append((time.perf_counter() - t) * 1000)
            match_cpu_ms.append((time.process_time() - c) * 1000)
    return {
        "claims": claims,
        "indexed": loaded.size,
        "embedded_now": written,
        "embed_all_s": embedded_s,
        "load_s": load_s,
        "matrix_mb": loaded.nbytes() / 2**20,
        "rss_growth_mb": after_mb - before_mb,
        "sentences": len(match_ms),
        "match_median_ms": statistics.median(match_ms),
        "match_p95_ms": percentile(match_ms, 0.95),
        "embed_median_ms": statistics.median(embed_ms),
        "embed_p95_ms": percentile(embed_ms, 0.95),
        # CPU time of this process: what the matching costs whatever else runs on the machine.
        "match_cpu_median_ms": statistics.median(match_cpu_ms),
        "match_cpu_p95_ms": percentile(match_cpu_ms, 0.95),
        "embed_cpu_median_ms": statistics.median(embed_cpu_ms),
        "load_average": os.getloadavg()[0],
    }


def run(sizes: list[int], *, seed: int = 1, server: str | None = None, say=print) -> str:
    """Prepare each size's database, measure it in a process of its own, return the report."""
    from bench import archive

    rows = []
    for n in sizes:
        db = archive.prepare(
            n, seed=seed, server=server or archive.DEFAULT_SERVER, say=say, prefix=PREFIX
        )
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "matching.json"
            env = {**os.environ, "DATABASE_URL": db.url, "DEBUG": "1"}
            command = [sys.executable, "-m", "bench.matching", "--measure", str(n)]
            command += ["--output", str(output)]
            say(f"  matching: {db.name}")
            subprocess.run(command, cwd=BASE_DIR, env=env, check=True)
            rows.append(json.loads(output.read_text()))
    return render(rows)


def render(rows: list[dict]) -> str:
    """The results as a Markdown table, with the target checked."""
    lines = [
        "### Repeated-claim matching (bench/matching.py)",
        "",
        "| claims | match median | match p95 | CPU median / p95 | baseline: embed median / p95"
        " (CPU median) | index matrices | RSS growth | index load | first-run embedding |"
        " load average |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = "✓" if r["match_p95_ms"] < TARGET_P95_MS else "✗"
        lines.append(
            f"| {r['claims']:,} | {r['match_median_ms']:.1f} ms | {r['match_p95_ms']:.1f} ms"
            f" {target} | {r['match_cpu_median_ms']:.1f} / {r['match_cpu_p95_ms']:.1f} ms"
            f" | {r['embed_median_ms']:.2f} / {r['embed_p95_ms']:.2f} ms"
            f" ({r['embed_cpu_median_ms']:.2f} ms)"
            f" | {r['matrix_mb']:.0f} MB | {r['rss_growth_mb']:.0f} MB | {r['load_s']:.1f} s"
            f" | {r['embedded_now']:,} claims in {r['embed_all_s']:.1f} s"
            f" | {r['load_average']:.1f} |"
        )
    lines += [
        "",
        f"{rows[0]['sentences'] if rows else 0} timed calls of match_sentences per size (the "
        f"labelled sentences, {ROUNDS} rounds, after 10 warm-up calls), including its two "
        f"database queries; target p95 < {TARGET_P95_MS:.0f} ms. 'first-run embedding' is "
        "0 when the embeddings were stored by an earlier run. CPU time is this process's only "
        "(the database's share is in the wall-clock columns); the load average shows how "
        "busy the machine was.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line: `--sizes` to run the benchmark, `--measure N` inside its process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "10000,100000")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        Path(args.output).write_text(json.dumps(measure(args.measure)))
        return
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    print(run(sizes, say=lambda text: print(text, file=sys.stderr, flush=True)))


if __name__ == "__main__":
    main()
