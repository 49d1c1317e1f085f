"""`make load`: the app under gunicorn on PostgreSQL, driven from a second process on loopback.

1. (Re)creates the database (default `claims_load`), migrates it, loads the demo case and a
   generated archive (`manage.py generate_archive` when the project has it, otherwise
   bench/published_sample.py's claims through `manage.py import`), an editor with an API token and
   a pool of draft claims for the editor to save.
2. Starts gunicorn with production settings (DEBUG off) on 127.0.0.1 only.
3. Runs `--users` threads for `--seconds`, each picking requests from a realistic mix:
   public list and claim pages, API lists (following cursor pages) and details, search,
   exports (JSON Lines and CSV, some revalidated with If-None-Match), and editor saves
   (GET the draft for its ETag, then PATCH with If-Match). A 412 on a save is another
   thread having saved the same draft first: the correct answer to a genuine race.
   Meanwhile one reviewer publishes a correction to one of a few "hot" claims every
   `--correct-every` seconds, and readers read those claims often: each read checks that
   it shows at least the last correction confirmed before the read started (a stale read
   otherwise, counted apart from errors).
4. Prints requests per second, latency percentiles, errors and stale reads, writes them to
   bench/load-results.json, stops gunicorn and exits non-zero if there was an error or a
   stale read.
5. Does all this twice on the same database (`--cache both`, the default): without a cache
   (CACHE_URL=dummy://) and with the shared Redis cache (redis://127.0.0.1:6379/5, flushed
   first), and prints the two side by side.

The driver is a small threaded httpx script rather than locust: the If-Match saves are two
dependent requests with an expected 412, it needs no gevent stack beside the app's own
dependencies, and every number it prints is computed in the ~50 lines below `Stats`.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER_LOG = ROOT / "bench" / "load-server.log"

SETUP = """
import json
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from annotations.models import ContextNote
from claims.models import Claim

editor, _ = User.objects.get_or_create(username="load-editor")
editor.groups.add(Group.objects.get(name="editor"))
token, _ = Token.objects.get_or_create(user=editor)
reviewer, _ = User.objects.get_or_create(username="load-reviewer")
reviewer.groups.add(Group.objects.get(name="reviewer"))
reviewer_token, _ = Token.objects.get_or_create(user=reviewer)
hot = Claim.objects.filter(status__in=["published", "corrected"]).order_by("slug")[:{hot}]
model = Claim.objects.published().select_related("speaker", "source").first()
drafts = []
for n in range({drafts}):
    claim, _ = Claim.objects.get_or_create(
        slug=f"load-draft-{{n:03d}}",
        defaults=dict(
            speaker=model.speaker, source=model.source, said_on=model.said_on,
            said_on_precision=model.said_on_precision, text=model.text,
            summary=f"Draft {{n}} being edited under load", created_by=editor,
        ),
    )
    drafts.append(claim.slug)
print(json.dumps({{
    "token": token.key,
    "reviewer_token": reviewer_token.key,
    "hot": [claim.slug for claim in hot],
    "drafts": drafts,
    "claims": list(Claim.objects.published().values_list("slug", flat=True)),
    "notes": list(ContextNote.objects.published().values_list("slug", flat=True)),
    "speakers": sorted(set(Claim.objects.published().values_list("speaker__slug", flat=True))),
}}))
"""


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the report."""
    print(f"[load] {message}", file=sys.stderr, flush=True)


def manage(*args: str, env: dict[str, str], capture: bool = False) -> str:
    """Run a management command against the load database; fail loudly if it fails."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout or ""


def recreate_database(url: str) -> None:
    """Drop and create the load database, through the server's `postgres` database."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL is not reachable at {admin_url}: {error}\n"
            "Start it (pg_ctlcluster <version> main start) or set LOAD_DATABASE_URL."
        ) from error


def app_environment(args: argparse.Namespace) -> dict[str, str]:
    """Production settings (DEBUG off) on loopback, with plain HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CACHE_URL", "REDIS_URL", "DEBUG"))
    }
    base = f"http://127.0.0.1:{args.port}/"
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "PUBLIC_BASE_URL": base,
            "PUBLISHER_URL": base,
            "LOG_LEVEL": "ERROR",  # 4xx answers (a 412 race, a 404) are not news here
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def prepare(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Database with the demo, an archive, an editor with a token and drafts to save."""
    log(f"recreating {urlsplit(args.database_url).path.lstrip('/')} and migrating")
    recreate_database(args.database_url)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    manage("load_demo", env=env)
    commands = manage("help", "--commands", env=env, capture=True).split()
    if "generate_archive" in commands:
        log(f"generating an archive of {args.claims} claims (generate_archive)")
        manage("generate_archive", "--claims", str(args.claims), "--no-progress", env=env)
    else:
        from bench.published_sample import write_jsonl

        log(f"importing a generated archive of {args.claims} claims (bench/published_sample.py)")
        with tempfile.TemporaryDirectory() as directory:
            archive = write_jsonl(Path(directory) / "archive.jsonl", args.claims)
            manage("import", str(archive), env=env)
    setup = SETUP.format(drafts=args.drafts, hot=args.hot)
    output = manage("shell", "-c", setup, env=env, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def start_gunicorn(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1 and wait until it serves the public list."""
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    log(f"starting gunicorn: {' '.join(command[1:])}; its log: {SERVER_LOG.relative_to(ROOT)}")
    with SERVER_LOG.open("w") as server_log:
        server = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{args.port}/claims/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 seconds")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM the gunicorn master (its workers follow), SIGKILL if it lingers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the driver --------------------------------------------------------------------------


@dataclass
class Stats:
    """Latencies by step, answers by status, and what counts as an error."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    races: int = 0
    stale: int = 0
    checked: int = 0
    corrections: int = 0
    # The number of the last correction of each hot claim whose POST has answered 200.
    confirmed: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, step: str, status: int | str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies[step].append(seconds)
            self.statuses[status] += 1
            if not ok:
                self.errors[f"{step}: {status}"] += 1


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile of `values`."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


class User:
    """One simulated client: a reader most of the time, sometimes an editor saving a draft."""

    def __init__(self, base: str, data: dict[str, Any], stats: Stats, seed: int) -> None:
        self.client = httpx.Client(base_url=base, timeout=30)
        self.data, self.stats, self.random = data, stats, random.Random(seed)
        self.export_etags: dict[str, str] = {}
        self.auth = {"Authorization": f"Token {data['token']}"}

    def get(self, step: str, url: str, expect=(200,), **kwargs: Any) -> httpx.Response | None:
        return self.call(step, "GET", url, expect, **kwargs)

    def call(self, step: str, method: str, url: str, expect, **kwargs: Any):
        start = time.perf_counter()
        try:
            response = self.client.request(method, url, **kwargs)
            response.read()
        except httpx.HTTPError as error:
            self.stats.record(step, type(error).__name__, time.perf_counter() - start, False)
            return None
        ok = response.status_code in expect
        self.stats.record(step, response.status_code, time.perf_counter() - start, ok)
        return response

    def claim(self) -> str:
        return self.random.choice(self.data["claims"])

    # Each step is one thing a reader, a partner or an editor does.
    def public_list(self) -> None:
        response = self.get("public list", "/claims/")
        older = OLDER.search(response.text) if response is not None else None
        if older and self.random.random() < 0.5:  # "Older" claims, as a reader pages down
            self.get("public list, older page", "/claims/" + html.unescape(older.group(1)))

    def public_claim(self) -> None:
        self.get("public claim page", f"/claims/{self.claim()}/")

    def public_search(self) -> None:
        word = self.random.choice(["docket", "ICE", "claim 4", "assault", "7,000,000"])
        self.get("public search", "/claims/", params={"q": word})

    def api_list(self) -> None:
        response = self.get("API claim list", "/api/v1/claims/", params={"page_size": 50})
        for _ in range(self.random.randint(0, 2)):  # follow cursor pages, as a partner would
            if response is None or not response.json().get("next"):
                break
            response = self.get("API claim list (cursor page)", response.json()["next"])

    def api_detail(self) -> None:
        self.get("API claim detail", f"/api/v1/claims/{self.claim()}/")

    def hot_read(self) -> None:
        """Read a claim being corrected; it must show every correction confirmed before."""
        slug = self.random.choice(self.data["hot"])
        page = self.random.choice([f"/claims/{slug}/", f"/api/v1/claims/{slug}/"])
        with self.stats.lock:
            expected = self.stats.confirmed.get(slug, 0)
        step = "hot claim (page or API detail)"
        response = self.get(step, page)
        if response is None or response.status_code != 200:
            return
        seen = max((int(n) for n in CORRECTION.findall(response.text)), default=0)
        with self.stats.lock:
            self.stats.checked += 1
            if seen < expected:
                self.stats.stale += 1

    def api_notes(self) -> None:
        if self.random.random() < 0.5:
            self.get("API note list", "/api/v1/notes/")
        else:
            note = self.random.choice(self.data["notes"])
            self.get("API note detail", f"/api/v1/notes/{note}/")

    def api_search(self) -> None:
        word = self.random.choice(["docket", "assault", "generated", "removed"])
        speaker = self.random.choice(self.data["speakers"])
        self.get("API search", "/api/v1/claims/", params={"search": word})
        self.get("API filter by speaker", "/api/v1/claims/", params={"speaker": speaker})

    def export(self) -> None:
        name = self.random.choice(["export.jsonl", "export.csv"])
        etag = self.export_etags.get(name)
        if etag and self.random.random() < 0.5:  # a partner polling for changes
            headers = {"If-None-Match": etag}
            self.get(f"{name} revalidated", f"/api/v1/{name}", (200, 304), headers=headers)
            return
        response = self.get(name, f"/api/v1/{name}")
        if response is not None and response.status_code == 200:
            self.export_etags[name] = response.headers["ETag"]

    def editor_save(self) -> None:
        slug = self.random.choice(self.data["drafts"])
        url = f"/api/v1/claims/{slug}/"
        read = self.get("editor: read draft", url, headers=self.auth)
        if read is None or read.status_code != 200:
            return
        summary = f"Draft {slug[-3:]} saved at {time.time():.6f}"[:75]
        headers = {**self.auth, "If-Match": read.headers["ETag"]}
        saved = self.call(
            "editor: save draft (If-Match)",
            "PATCH",
            url,
            (200, 412),
            json={"summary": summary},
            headers=headers,
        )
        if saved is not None and saved.status_code == 412:
            with self.stats.lock:
                self.stats.races += 1

    MIX = [
        (public_list, 14),
        (public_claim, 24),
        (public_search, 6),
        (hot_read, 20),
        (api_list, 14),
        (api_detail, 16),
        (api_notes, 6),
        (api_search, 6),
        (export, 3),
        (editor_save, 11),
    ]

    def run(self, until: float) -> None:
        steps = [step for step, _ in self.MIX]
        weights = [weight for _, weight in self.MIX]
        while time.monotonic() < until:
            self.random.choices(steps, weights)[0](self)
        self.client.close()


CORRECTION = re.compile(r"Load correction #(\d+)")
OLDER = re.compile(r'<a href="(\?[^"]*older=[^"]+)" rel="next"')


def correct(base: str, data: dict[str, Any], stats: Stats, until: float, every: float) -> None:
    """One reviewer publishing a numbered correction to a hot claim every `every` seconds."""
    client = httpx.Client(base_url=base, timeout=30)
    auth = {"Authorization": f"Token {data['reviewer_token']}"}
    number = 0
    while time.monotonic() < until:
        number += 1
        slug = data["hot"][number % len(data["hot"])]
        start = time.perf_counter()
        try:
            response = client.post(
                f"/api/v1/claims/{slug}/correct/",
                json={"text": f"Load correction #{number}"},
                headers=auth,
            )
        except httpx.HTTPError as error:
            stats.record("reviewer: correct", type(error).__name__, 0.0, False)
            continue
        ok = response.status_code == 200
        stats.record("reviewer: correct", response.status_code, time.perf_counter() - start, ok)
        if ok:
            with stats.lock:
                stats.confirmed[slug] = number
                stats.corrections += 1
        time.sleep(every)
    client.close()


def drive(args: argparse.Namespace, data: dict[str, Any]) -> dict[str, Any]:
    """Run the simulated clients until the time is up; the figures of the run."""
    stats = Stats()
    base = f"http://127.0.0.1:{args.port}"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    log(f"driving {args.users} users for {args.seconds} s (load average before: {load})")
    start = time.monotonic()
    until = start + args.seconds
    users = [User(base, data, stats, seed=args.seed + n) for n in range(args.users)]
    threads = [threading.Thread(target=user.run, args=(until,)) for user in users]
    threads.append(
        threading.Thread(target=correct, args=(base, data, stats, until, args.correct_every))
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    everything = [value for values in stats.latencies.values() for value in values]
    server_errors = sum(
        count for status, count in stats.statuses.items() if str(status).startswith("5")
    )
    return {
        "load_average_before": load,
        "seconds": round(elapsed, 1),
        "requests": len(everything),
        "requests_per_second": round(len(everything) / elapsed, 1),
        "latency_ms": summary(everything),
        "by_step": {
            step: {"requests": len(values), **summary(values)}
            for step, values in sorted(stats.latencies.items())
        },
        "statuses": {str(status): n for status, n in sorted(stats.statuses.items(), key=str)},
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        "server_errors_5xx": server_errors,
        "save_races_412": stats.races,
        "corrections_published": stats.corrections,
        "hot_reads_checked": stats.checked,
        "stale_reads": stats.stale,
    }


def summary(values: list[float]) -> dict[str, float]:
    """Latency percentiles in milliseconds."""
    ms = [value * 1000 for value in values]
    return {
        "p50": round(percentile(ms, 50), 1),
        "p90": round(percentile(ms, 90), 1),
        "p95": round(percentile(ms, 95), 1),
        "p99": round(percentile(ms, 99), 1),
        "max": round(max(ms, default=0), 1),
        "mean": round(statistics.fmean(ms), 1) if ms else 0.0,
    }


def versions(database_url: str) -> dict[str, str]:
    """What ran: Python, Django, gunicorn, psycopg, httpx and the PostgreSQL server."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    names = ("django", "djangorestframework", "gunicorn", "psycopg", "httpx")
    return {"python": platform.python_version(), "postgresql": server} | {
        name: metadata.version(name) for name in names
    }


def report(result: dict[str, Any]) -> None:
    """Print the figures of a run: totals, then a line per step."""
    lat = result["latency_ms"]
    print(
        f"\n{result['requests']} requests in {result['seconds']} s: "
        f"{result['requests_per_second']} requests/s; latency ms p50 {lat['p50']}, "
        f"p90 {lat['p90']}, p95 {lat['p95']}, p99 {lat['p99']}, max {lat['max']}"
    )
    print(
        f"errors: {result['errors']}, 5xx: {result['server_errors_5xx']}, "
        f"412 on saves (genuine races, correct): {result['save_races_412']}; "
        f"corrections published: {result['corrections_published']}, stale reads: "
        f"{result['stale_reads']} of {result['hot_reads_checked']} checked\n"
    )
    print(f"{'step':<34}{'requests':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    for step, row in result["by_step"].items():
        print(
            f"{step:<34}{row['requests']:>9}{row['p50']:>8}{row['p95']:>8}"
            f"{row['p99']:>8}{row['max']:>8}"
        )
    if result["error_kinds"]:
        print("\nerrors by kind:", json.dumps(result["error_kinds"], indent=2))


def main() -> int:
    """Set up, serve, drive, report; exit 1 if any request went wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=8, help="Concurrent simulated clients.")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--claims", type=int, default=300, help="Generated archive size.")
    parser.add_argument("--drafts", type=int, default=20, help="Drafts the editors save.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/claims_load"
        ),
    )
    parser.add_argument("--hot", type=int, default=5, help="Claims the reviewer corrects.")
    parser.add_argument(
        "--correct-every", type=float, default=1.0, help="Seconds between corrections."
    )
    parser.add_argument(
        "--cache",
        choices=["both", "none", "redis"],
        default="both",
        help="Run without a cache, with Redis database 5, or both (default).",
    )
    parser.add_argument("--output", default=str(ROOT / "bench" / "load-results.json"))
    args = parser.parse_args()
    if not urlsplit(args.database_url).scheme.startswith("postgres"):
        raise SystemExit("make load runs on PostgreSQL: LOAD_DATABASE_URL must be postgres://…")

    env = app_environment(args)
    data = prepare(args, env)
    modes = ["none", "redis"] if args.cache == "both" else [args.cache]
    runs = {}
    for mode in modes:
        log(f"run with cache: {mode} ({CACHES[mode]})")
        if mode == "redis":
            flush_redis(CACHES[mode])
        server = start_gunicorn(args, {**env, "CACHE_URL": CACHES[mode]})
        try:
            result = drive(args, data)
        finally:
            stop(server)
        result["setup"] = {
            "cache": CACHES[mode],
            "users": args.users,
            "gunicorn": f"{args.workers} {args.worker_class} workers x {args.threads} threads",
            "claims_published": len(data["claims"]),
            "hot_claims": len(data["hot"]),
            "drafts": len(data["drafts"]),
            "cpus": os.cpu_count(),
            "machine": platform.platform(),
            "versions": versions(args.database_url),
        }
        print(f"\n=== cache: {mode} ===")
        report(result)
        runs[mode] = result
    if len(runs) == 2:
        compare(runs["none"], runs["redis"])
    Path(args.output).write_text(json.dumps(runs, indent=2) + "\n")
    log(f"results written to {args.output}")
    failed = any(run["errors"] or run["stale_reads"] for run in runs.values())
    return 1 if failed else 0


CACHES = {"none": "dummy://", "redis": "redis://127.0.0.1:6379/5"}


def flush_redis(url: str) -> None:
    """Empty the load test's own Redis database, so the cached run starts cold."""
    import redis

    redis.Redis.from_url(url).flushdb()


def compare(without: dict[str, Any], cached: dict[str, Any]) -> None:
    """The two runs side by side."""
    print("\n=== without cache vs with the Redis cache ===")
    rows = [
        ("requests/s", "requests_per_second"),
        ("errors", "errors"),
        ("stale reads", "stale_reads"),
        ("corrections published", "corrections_published"),
    ]
    for label, key in rows:
        print(f"{label:<24}{without[key]:>12}{cached[key]:>12}")
    for p in ("p50", "p95", "p99"):
        print(f"latency {p} ms{'':<11}{without['latency_ms'][p]:>12}{cached['latency_ms'][p]:>12}")
    ratio = cached["requests_per_second"] / max(without["requests_per_second"], 0.1)
    print(f"throughput with cache: {ratio:.1f}× the run without")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
