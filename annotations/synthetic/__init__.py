"""A synthetic, published archive of claims and context for load tests and benchmarks."""

from __future__ import annotations

from collections import Counter

from django.dispatch import Signal

from annotations.synthetic.builder import ArchiveBuilder, ArchiveExists

# Sent once an archive is written. Bulk inserts fire no post_save, so apps that keep
# something per claim (the matching index's embeddings) catch up here, not on a reader's
# first request.
archive_generated = Signal()


def generate_archive(*, claims: int, seed: int = 1, progress: bool | None = None) -> Counter[str]:
    """Write `claims` published claims with notes, figures and citations; same seed, same data."""
    counts = ArchiveBuilder(claims=claims, seed=seed).build(progress=progress)
    archive_generated.send(sender=ArchiveBuilder, claims=claims, seed=seed)
    return counts


__all__ = ["ArchiveExists", "archive_generated", "generate_archive"]
