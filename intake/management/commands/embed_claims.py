"""Embed every claim whose matching embedding is missing or out of date."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Embed every claim with no current embedding for repeated-claim matching (after a "
        "restore from a database dump, a bulk insert, or a model change). Saves through the "
        "desk, API, import and generate_archive embed their claims already."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from intake.embeddings import catch_up

        started = time.perf_counter()
        written = catch_up()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Embedded {written:,} claims in {elapsed:.1f} s."))
