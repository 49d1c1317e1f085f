"""A synthetic, published archive of claims and context for load tests and benchmarks."""

from __future__ import annotations

from collections import Counter

from annotations.synthetic.builder import ArchiveBuilder, ArchiveExists


def generate_archive(*, claims: int, seed: int = 1, progress: bool | None = None) -> Counter[str]:
    """Write `claims` published claims with notes, figures and citations; same seed, same data."""
    return ArchiveBuilder(claims=claims, seed=seed).build(progress=progress)


__all__ = ["ArchiveExists", "generate_archive"]
