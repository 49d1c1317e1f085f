"""Exports of everything published, the export and import commands, and the round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import ContextNote
from claims.models import Claim, Speaker
from claims.workflow import Status
from publication import exports
from publication.documents import iter_claim_documents
from publication.importer import validator
from tests.api_support import anchored_claims, annotated_claims
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

DEVNULL = io.StringIO


def load_demo() -> None:
    call_command("load_demo", stdout=DEVNULL())


def body(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response.streaming  # memory bounded by the chunk, not the dataset
    return b"".join(response.streaming_content).decode()


def test_export_json_validates_against_the_json_schema_file(api):
    load_demo()
    ClaimFactory(slug="a-draft")  # never exported
    document = json.loads(body(api.get("/api/v1/export.json")))
    validator("export.v1.json").validate(document)
    claims = document["claims"]
    assert [c["slug"] for c in claims] == sorted(c["slug"] for c in claims)
    assert len(claims) == 16 and "a-draft" not in {c["slug"] for c in claims}
    figure = next(c for c in claims if c["slug"] == "ndd-criminal-histories")["figures"][0]
    assert figure["part_of"]["key"] == "docket-size#1"
    assert figure["share"] == pytest.approx(662566 / 7000000, abs=1e-6)


def test_jsonl_and_csv_hold_the_same_claims(api):
    load_demo()
    lines = body(api.get("/api/v1/export.jsonl")).splitlines()
    documents = [json.loads(line) for line in lines]
    for document in documents:
        validator().validate(document)
    rows = list(csv.DictReader(io.StringIO(body(api.get("/api/v1/export.csv")))))
    assert [r["slug"] for r in rows] == [d["slug"] for d in documents]
    row = next(r for r in rows if r["slug"] == "ndd-criminal-histories")
    assert "9.47 % of nearly 7,000,000" in row["figures"]
    assert "These figures accumulate over four decades or more" in row["note_titles"]
    assert (row["verdict"], row["verdict_value"]) == ("Missing context", "3")


@pytest.mark.parametrize("name", ["export.json", "export.jsonl", "export.csv", "claimreview.json"])
def test_unchanged_exports_answer_304(api, reviewer, name):
    load_demo()
    url = f"/api/v1/{name}"
    first = api.get(url)
    body(first)
    assert first["ETag"] and first["Last-Modified"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    # Any change to published content gives a new ETag.
    from annotations import services

    services.correct(obj=Claim.objects.get(slug="removals"), by=reviewer, text="Fixed a date.")
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    body(changed)


def test_attaching_a_note_changes_the_export_etag(api):
    load_demo()
    etag = api.get("/api/v1/export.json")["ETag"]
    ContextNote.objects.get(slug="studies").claims.add(Claim.objects.get(slug="removals"))
    assert api.get("/api/v1/export.json", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_export_query_counts_do_not_grow_from_10_to_200_claims(api, settings):
    names = ["export.json", "export.jsonl", "export.csv", "claimreview.json"]
    settings.EXPORT_SPOOL_DIR = ""  # what building the export costs, not reading a kept one

    def counts() -> dict[str, int]:
        spent = {}
        for name in names:
            cache.clear()  # what building the export costs; a cached one costs no query
            with CaptureQueriesContext(connection) as queries:
                body(api.get(f"/api/v1/{name}"))
            spent[name] = len(queries)
        return spent

    annotated_claims(10)
    few = counts()
    annotated_claims(190, start=10)
    assert body(api.get("/api/v1/export.jsonl")).count("\n") == 201
    assert counts() == few


def test_exports_read_in_chunks_give_the_same_bytes():
    annotated_claims(25)
    whole = "".join(exports.render_jsonl(iter_claim_documents(chunk_size=1000)))
    chunked = "".join(exports.render_jsonl(iter_claim_documents(chunk_size=4)))
    assert whole == chunked and whole.count("\n") == 26


def test_export_command_writes_what_the_api_serves(api, tmp_path):
    load_demo()
    for fmt in ("json", "jsonl", "csv"):
        target = tmp_path / f"export.{fmt}"
        call_command("export", format=fmt, output=str(target), stderr=DEVNULL())
        assert target.read_bytes() == body(api.get(f"/api/v1/export.{fmt}")).encode()


def export_all(directory: Path) -> dict[str, bytes]:
    files = {}
    for fmt in ("json", "jsonl", "csv"):
        target = directory / f"export.{fmt}"
        call_command("export", format=fmt, output=str(target), stderr=DEVNULL())
        files[fmt] = target.read_bytes()
    return files


def empty_database() -> None:
    """Delete everything the import writes, as a fresh database would be."""
    from annotations.models import Citation, Correction, NoteFigure, Verdict
    from claims.models import ClaimRelation, Figure, Source, Tag

    for model in (Correction, Verdict, NoteFigure, Citation, ClaimRelation):
        model.objects.all().delete()
    ContextNote.objects.update(status=Status.DRAFT)
    ContextNote.objects.all().delete()
    Figure.objects.update(part_of=None)
    Claim.objects.update(status=Status.DRAFT)
    Claim.objects.all().delete()
    for model in (Source, Speaker, Tag):
        model.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_round_trip_export_import_export_is_byte_identical(tmp_path, fmt):
    load_demo()
    annotated_claims(3)
    anchored_claims()
    first = export_all(tmp_path / "first" if (tmp_path / "first").mkdir() is None else tmp_path)
    empty_database()
    assert not Claim.objects.exists()
    source = tmp_path / "first" / f"export.{fmt}"
    call_command("import", str(source), stdout=DEVNULL())
    (tmp_path / "second").mkdir()
    second = export_all(tmp_path / "second")
    assert second == first
    # Anchors come back with their selectors and revision, even where the text was private.
    orphan = Claim.objects.get(slug="anchored-private-2").anchor
    assert (orphan.state, orphan.revision_number, orphan.exact) == ("orphaned", 1, "41,500")
    assert Claim.objects.get(slug="anchored-public-0").anchor.revision_number == 2


def test_an_import_with_one_bad_record_writes_nothing(tmp_path):
    load_demo()
    (tmp_path / "out").mkdir()
    export_all(tmp_path / "out")
    lines = (tmp_path / "out" / "export.jsonl").read_text(encoding="utf-8").splitlines()
    empty_database()
    index = next(n for n, line in enumerate(lines) if json.loads(line)["figures"] and n > 3)
    bad = json.loads(lines[index])
    bad["figures"][0]["value"] = "lots"
    lines[index] = json.dumps(bad)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", str(broken), stdout=DEVNULL(), stderr=errors)
    assert f"line {index + 1} (claim '{bad['slug']}'): figures.0.value" in errors.getvalue()
    assert not Claim.objects.exists() and not Speaker.objects.exists()


def test_import_reports_semantic_problems_by_record_and_field(tmp_path):
    load_demo()
    (tmp_path / "out").mkdir()
    export_all(tmp_path / "out")
    document = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    empty_database()
    claims = document["claims"]
    claims[0]["said_on_precision"] = "unknown"  # a date with an unknown precision
    claims[1]["figures"] = [
        {**claims[1]["figures"][0], "part_of": {**_denominator(), "key": "nope#9"}}
    ]
    claims[2]["slug"] = claims[3]["slug"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=DEVNULL(), stderr=errors)
    report = errors.getvalue()
    assert f"record 1 (claim '{claims[0]['slug']}')" in report
    assert "figures.0.part_of.key: no figure nope#9" in report
    assert "slug: also used by record 3" in report or "slug: also used by record 4" in report
    assert not Claim.objects.exists()


def _denominator() -> dict:
    return {
        "key": "x#1",
        "value": "1",
        "qualifier": "exact",
        "counts": "c",
        "unit": "",
        "label": "1 c",
    }


def test_import_refuses_claims_that_already_exist(tmp_path):
    load_demo()
    (tmp_path / "out").mkdir()
    export_all(tmp_path / "out")
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "out" / "export.json"), stderr=errors)
    assert "a claim with this slug already exists" in errors.getvalue()
    assert Claim.objects.count() == 16


def test_saving_a_draft_keeps_the_export_etag_publishing_changes_it(api, editor, reviewer):
    load_demo()
    claim = Claim.objects.get(slug="removals")
    draft = ClaimFactory(created_by=editor, speaker=claim.speaker, source=claim.source)
    etag = api.get("/api/v1/export.jsonl")["ETag"]
    draft.summary = "Still being written"
    draft.save()
    draft.submit(by=editor)
    assert api.get("/api/v1/export.jsonl", HTTP_IF_NONE_MATCH=etag).status_code == 304
    draft.approve(by=reviewer)
    assert api.get("/api/v1/export.jsonl", HTTP_IF_NONE_MATCH=etag).status_code == 200
