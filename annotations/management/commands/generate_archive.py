"""Generate a large synthetic published archive for load tests and benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from annotations.synthetic import ArchiveExists, generate_archive


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic PUBLISHED archive: for N claims, about 3N context notes "
        "(each on 1–3 claims), 2N figures, 5N citations, a few hundred speakers, a few thousand "
        "sources, verdicts on 40 % of claims and a few corrections. The same --seed gives the "
        "same data. Rows are bulk-inserted, so NO history entries are recorded (django-simple-"
        "history only sees saves one by one): this is test data, not editorial work. "
        "Meant for a database of its own, never for production."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--claims", type=int, required=True, help="How many claims (N).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar, even on a terminal."
        )

    def handle(self, *args: Any, claims: int, seed: int, no_progress: bool, **options: Any) -> None:
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        if seed < 0:
            raise CommandError("--seed must be 0 or more.")
        started = time.perf_counter()
        try:
            counts = generate_archive(
                claims=claims, seed=seed, progress=False if no_progress else None
            )
        except ArchiveExists as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s: {summary}."))
