"""Import claims in the published JSON (json or jsonl); all records are checked before any write."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from publication.importer import ImportFailed, import_records, read_records


class Command(BaseCommand):
    help = (
        "Import a json or jsonl file in the published shape. Every record is validated first; "
        "one bad record aborts the import and nothing is written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="An export.json or export.jsonl file.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            count = import_records(records=read_records(file))
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except ImportFailed as failure:
            for line in failure.errors:
                self.stderr.write(line)
            raise CommandError(
                f"Nothing was imported: {len(failure.errors)} problem(s) listed above."
            ) from failure
        self.stdout.write(self.style.SUCCESS(f"Imported {count} claims from {file}."))
