"""One PostgreSQL database per archive size, generated once and reused while it is intact.

`claims_bench_<N>` (`claims_bench_<N>_s<seed>` for another seed than 1) holds
the synthetic archive of `manage.py generate_archive --claims N --seed S`.
When generation has finished the database gets a comment naming N and the
seed; a later run reuses the database when that comment is there and it still
holds N published claims, and otherwise drops and rebuilds it (it belongs to
the benchmark alone).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass
class Archive:
    """A benchmark database: its URL, size, seed, and whether this run generated it."""

    url: str
    name: str
    claims: int
    seed: int
    generated: bool
    seconds: float


def database_name(claims: int, seed: int, prefix: str = "claims_bench") -> str:
    return f"{prefix}_{claims}" + ("" if seed == 1 else f"_s{seed}")


def marker(claims: int, seed: int) -> str:
    return f"synthetic archive: claims={claims} seed={seed}"


def _admin(server: str) -> psycopg.Connection:
    return psycopg.connect(f"{server}/postgres", autocommit=True)


def _comment(server: str, name: str) -> str | None:
    with _admin(server) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return None if row is None else (row[0] or "")


def _published(url: str) -> int:
    try:
        with psycopg.connect(url) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM claims_claim"
                " WHERE status IN ('published', 'corrected', 'retracted')"
            ).fetchone()
            return count
    except psycopg.errors.UndefinedTable:
        return -1


def manage(url: str, *args: str) -> None:
    """Run a manage.py command against the benchmark database."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare(
    claims: int,
    *,
    seed: int = 1,
    server: str = DEFAULT_SERVER,
    say=print,
    prefix: str = "claims_bench",
) -> Archive:
    """Make sure `<prefix>_<N>` holds the archive of N claims for `seed`, reusing it if so."""
    name = database_name(claims, seed, prefix)
    url = f"{server}/{name}"
    comment = _comment(server, name)
    if comment == marker(claims, seed) and _published(url) == claims:
        manage(url, "migrate", "--noinput", "-v", "0")  # a no-op unless a branch added one
        say(f"{name}: reusing the archive of {claims:,} claims (seed {seed}) generated earlier")
        return Archive(url, name, claims, seed, generated=False, seconds=0.0)
    started = time.perf_counter()
    with _admin(server) as conn:
        if comment is not None:
            say(f"{name}: incomplete or different archive, rebuilding it")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    say(f"{name}: generating {claims:,} claims (seed {seed}); this is done once")
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "generate_archive", "--claims", str(claims), "--seed", str(seed), "--no-progress")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    with _admin(server) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(marker(claims, seed))
            )
        )
    return Archive(url, name, claims, seed, generated=True, seconds=time.perf_counter() - started)
