"""Two gunicorn workers sharing one Redis: a change is seen on the next read, by every worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.authtoken.models import Token

from claims.workflow import Status
from config.settings import cache_from_url
from tests.conftest import make_user
from tests.factories import ClaimFactory, NoteFactory, PublishedClaimFactory

REDIS = "redis://127.0.0.1:6379/5"  # this feature's own Redis database
ROOT = Path(__file__).resolve().parent.parent


def redis_is_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="gunicorn's workers need a database other processes can open (PostgreSQL)",
    ),
    pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379"),
]


@pytest.fixture
def shared_cache(settings) -> Iterator[None]:
    settings.CACHES = {"default": cache_from_url(REDIS)}
    cache.clear()
    yield
    cache.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(shared_cache) -> Iterator[str]:
    """gunicorn with two workers on the test database and Redis database 5."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": REDIS,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "config.wsgi:application", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/claims/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)


def reads(url: str, times: int = 12, **headers: str) -> list[str]:
    """`times` reads on fresh connections, so both workers answer some of them."""
    return [httpx.get(url, headers=headers, timeout=10).text for _ in range(times)]


def test_a_change_on_one_worker_is_seen_at_once_by_every_worker(server):
    claim = PublishedClaimFactory(slug="viral", summary="Viral claim")
    note = NoteFactory(status=Status.PUBLISHED, title="First context")
    note.claims.add(claim)
    reviewer = make_user("rev-http", "reviewer")
    token = Token.objects.create(user=reviewer).key
    pages = [f"{server}/claims/viral/", f"{server}/api/v1/claims/viral/", f"{server}/claims/"]
    for url in pages:
        assert all("Viral claim" in body for body in reads(url))

    # A correction made through one worker...
    answer = httpx.post(
        f"{server}/api/v1/claims/viral/correct/",
        json={"text": "Corrected through the API"},
        headers={"Authorization": f"Token {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    # ...is on every read after it, whichever worker answers.
    for url in pages[:2]:
        assert all("Corrected through the API" in body for body in reads(url))

    # A change made by another process entirely (this one), through the shared Redis.
    note.title = "Second context"
    note.save()
    for url in pages[:2]:
        assert all("Second context" in body for body in reads(url))
    speaker = claim.speaker
    speaker.name = "Renamed By Another Process"
    speaker.save()
    for url in pages:
        assert all("Renamed By Another Process" in body for body in reads(url))


def test_drafts_are_never_served_from_the_shared_cache(server):
    editor = make_user("ed-http", "editor")
    token = {"Authorization": f"Token {Token.objects.create(user=editor).key}"}
    ClaimFactory(status=Status.DRAFT, slug="secret", summary="Draft words")
    assert all("Draft words" in body for body in reads(f"{server}/api/v1/claims/", **token))
    assert all("Draft words" not in body for body in reads(f"{server}/api/v1/claims/"))
    assert httpx.get(f"{server}/api/v1/claims/secret/").status_code == 404
    assert httpx.get(f"{server}/api/v1/claims/secret/", headers=token).status_code == 200
