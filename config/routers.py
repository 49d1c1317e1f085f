"""Read replica routing: anonymous GET/HEAD requests read from "replica", all else uses "default".

Installed only when DATABASE_REPLICA_URL is set (config/settings.py, "Scaling out").
The rule is deliberately simple: a request may read from the replica when it cannot write
and nobody is logged in, which is the public site and the public API. A logged-in editor
always reads from the primary, so they see their own change on the next page, however far
the replica lags. Code outside a request (management commands, the shell) uses "default",
and so does the body of a streamed response, which is produced after the request is done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# A context variable rather than a thread-local: correct under threads and under ASGI.
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica (when the router is installed)."""
    token = _reads_from_replica.set(True)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


class PrimaryReplicaRouter:
    """Reads inside replica_reads() go to the replica; every write and migration to default."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        """The replica inside replica_reads(), else the primary."""
        return REPLICA if _reads_from_replica.get() else PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        """Always the primary: the replica is read-only."""
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        """Both aliases hold the same data, so objects from either may be related."""
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        """Migrate the primary only; the replica follows it by replication."""
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Lets an anonymous GET/HEAD request read from the replica (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Asking request.user reads the session and the user from the primary, before the
        # flag is set: whether someone is logged in never depends on replication lag.
        if request.method in READ_ONLY_METHODS and not request.user.is_authenticated:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
