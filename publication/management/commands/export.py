"""Write everything published to a file: JSON, JSON Lines or CSV, as the API serves it."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from publication import exports
from publication.documents import published_claims


class Command(BaseCommand):
    help = "Export every published claim (json, jsonl or csv), byte for byte as /api/v1/export.*"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=sorted(exports.FORMATS), default="json")
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")

    def handle(self, *args: Any, format: str, output: str, **options: Any) -> None:
        records = exports.records(format)
        # A progress bar only when someone is watching a terminal.
        show = sys.stderr.isatty() and output != "-"
        records = tqdm(
            records,
            total=published_claims().count() if show else None,
            disable=not show,
            unit="claim",
            file=sys.stderr,
        )
        counter = _Counter(records)
        with contextlib.ExitStack() as stack:

            def write(piece: str) -> None:
                self.stdout.write(piece, ending="")

            if output != "-":
                try:
                    target = stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
                except OSError as error:
                    raise CommandError(f"Cannot write {output}: {error.strerror}") from error
                write = target.write
            for piece in exports.write(format, counter):
                write(piece)
        if output != "-":
            self.stderr.write(f"Wrote {counter.count} claims to {output}.")


class _Counter:
    """Counts the claims as the renderer consumes them."""

    def __init__(self, records) -> None:
        self.records, self.count = records, 0

    def __iter__(self):
        for record in self.records:
            self.count += 1
            yield record
