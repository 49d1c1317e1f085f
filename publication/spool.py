"""Whole exports kept on local disk, one file per export and version.

An export too large for the shared cache (EXPORT_CACHE_MAX_BYTES) is written to
EXPORT_SPOOL_DIR while its first download streams it from the database. The
next downloads of the same version (the same ETag) read that file: their first
bytes, and all the others, cost no query. A new version replaces the file when
its own first download completes; an interrupted download leaves nothing
behind. Each app machine keeps its own files; an empty EXPORT_SPOOL_DIR turns
this off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections, router

from claims.models import Claim

CHUNK_BYTES = 256 * 1024


def path_for(name: str, etag: str) -> Path | None:
    """Where version `etag` of export `name` is kept, or None when keeping is off.

    The database is part of the name: two databases can reach the same ETag.
    """
    root = settings.EXPORT_SPOOL_DIR
    if not root:
        return None
    db = connections[router.db_for_read(Claim)].settings_dict
    where = "|".join(str(db.get(part) or "") for part in ("ENGINE", "HOST", "PORT", "NAME"))
    return Path(root) / f"{name}.{_digest(where, 12)}.{_digest(etag, 20)}"


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def kept(name: str, etag: str) -> tuple[Iterator[bytes], int] | None:
    """The kept export's bytes and size, or None when this version is not on disk."""
    path = path_for(name, etag)
    if path is None:
        return None
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return None
    return _read(file), os.fstat(file.fileno()).st_size


def _read(file) -> Iterator[bytes]:
    with file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


def kept_while_streamed(pieces: Iterator[str], name: str, etag: str) -> Iterator[str]:
    """Yield `pieces`, writing them to the version's file, which appears only once complete."""
    path = path_for(name, etag)
    if path is None:
        yield from pieces
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".part")
    complete = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            for piece in pieces:
                out.write(piece)
                yield piece
        os.replace(partial, path)
        complete = True
        _remove_other_versions(path)
    finally:
        if not complete:
            Path(partial).unlink(missing_ok=True)


def _remove_other_versions(current: Path) -> None:
    """Older versions of this export from this database (a reader still holding one keeps it)."""
    name, database, _ = current.name.rsplit(".", 2)
    for other in current.parent.glob(f"{name}.{database}.*"):
        if other != current and not other.name.endswith(".part"):
            other.unlink(missing_ok=True)
