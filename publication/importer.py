"""Import claims in the published JSON: validate every record first, then write all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from annotations.models import Citation, ContextNote, Correction, NoteFigure, Rating, Verdict
from claims.models import (
    MAX_TAGS,
    Anchor,
    Claim,
    ClaimRelation,
    Figure,
    Source,
    SourceRevision,
    Speaker,
    Tag,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


class ImportFailed(Exception):
    """The file cannot be imported; `errors` name each bad record and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@cache
def schema(name: str = "claim.v1.json") -> dict[str, Any]:
    """A JSON Schema file of the published JSON, parsed."""
    return json.loads((SCHEMA_DIR / name).read_text())


def validator(name: str = "claim.v1.json") -> Draft202012Validator:
    """A validator for a schema file, resolving references between the schema files."""
    registry = Registry().with_resources(
        (schema(n)["$id"].rsplit("/", 1)[0] + "/" + n, Resource.from_contents(schema(n)))
        for n in ("claim.v1.json", "export.v1.json")
    )
    return Draft202012Validator(schema(name), registry=registry, format_checker=FormatChecker())


def read_records(path: str | Path) -> Iterator[tuple[str, Any]]:
    """(where, record) pairs from a .json export (or list of claims) or a .jsonl file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    yield f"line {number}", json.loads(line)
                except json.JSONDecodeError as error:
                    raise ImportFailed([f"line {number}: not valid JSON ({error.msg})"]) from None
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed([f"{path.name}: not valid JSON ({error})"]) from None
    if isinstance(data, dict) and "claims" in data:
        errors = [
            f"{path.name}: {'/'.join(map(str, e.absolute_path)) or 'document'}: {e.message}"
            for e in validator("export.v1.json").iter_errors({**data, "claims": []})
        ]
        if errors:
            raise ImportFailed(errors)
        data = data["claims"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFailed([f"{path.name}: expected an export document, a claim or a list"])
    for number, record in enumerate(data, 1):
        yield f"record {number}", record


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _time(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _workflow(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "status": doc["status"],
        "created_at": _time(doc["created_at"]),
        "submitted_at": _time(doc["submitted_at"]),
        "published_at": _time(doc["published_at"]),
        "corrected_at": _time(doc["corrected_at"]),
        "retraction_reason": doc["retraction_reason"],
    }


def _restore_updated_at(model: type[models.Model], rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Give imported rows the `updated_at` of the file; saving set it to now (auto_now)."""
    for pk, doc in rows:
        if doc.get("updated_at"):  # files exported before it was in the shape lack it
            model.objects.filter(pk=pk).update(updated_at=_time(doc["updated_at"]))


def _speaker_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "slug": doc["slug"],
        "name": doc["name"],
        "kind": doc["kind"],
        "role": doc["role"],
        "affiliation": doc["affiliation"],
        "same_as_url": doc["same_as"],
    }


def _figure_fields(doc: dict[str, Any], position: int) -> dict[str, Any]:
    return {
        "value": Decimal(doc["value"]),
        "qualifier": doc["qualifier"],
        "counts": doc["counts"],
        "unit": doc["unit"],
        "as_of": _date(doc["as_of"]),
        "period": doc["period"],
        "position": position,
    }


# Model field names → names in the published JSON, for error messages.
FIELD_NAMES = {"same_as_url": "same_as", "__all__": ""}


@dataclass
class Plan:
    """Everything a file would write, checked before anything is written."""

    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, dict[str, Any]] = field(default_factory=dict)
    note_claims: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def error(self, where: str, path: str, message: str) -> None:
        self.errors.append(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    def check_model(self, where: str, path: str, obj: models.Model, exclude: list[str]) -> None:
        """Django's own field validation and constraints, reported by field."""
        try:
            obj.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                name = FIELD_NAMES.get(name, name)
                for message in messages:
                    self.error(where, ".".join(p for p in (path, name) if p), message)

    def same(self, where: str, path: str, kind: str, known: dict, key: str, data: Any) -> None:
        if key in known and known[key] != data:
            self.error(where, path, f"{kind} '{key}' differs from an earlier record")
        known.setdefault(key, data)


def plan(records: Iterable[tuple[str, Any]]) -> Plan:
    """Validate every record; the plan lists every problem by record and field."""
    result = Plan()
    check = validator()
    records = list(records)
    slugs_in_file: dict[str, str] = {}
    for where, doc in records:
        errors = sorted(check.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        label = f"{where} (claim '{doc['slug']}')" if _has_slug(doc) else where
        for error in errors:
            result.error(label, ".".join(map(str, error.absolute_path)), error.message)
        if errors:
            continue
        if doc["slug"] in slugs_in_file:
            result.error(label, "slug", f"also used by {slugs_in_file[doc['slug']]}")
            continue
        slugs_in_file[doc["slug"]] = where
        _plan_claim(result, label, doc)

    figures_in_file = {c["doc"]["slug"]: len(c["doc"]["figures"]) for c in result.claims}
    _check_references(result, figures_in_file)
    return result


def _has_slug(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("slug"), str)


def _plan_claim(result: Plan, where: str, doc: dict[str, Any]) -> None:
    if Claim.objects.filter(slug=doc["slug"]).exists():
        result.error(where, "slug", "a claim with this slug already exists")
    speakers = [("speaker", doc["speaker"])]
    if doc["source"]["author"]:
        speakers.append(("source.author", doc["source"]["author"]))
    for path, speaker in speakers:
        result.same(where, path, "speaker", result.speakers, speaker["slug"], speaker)
        result.check_model(where, path, Speaker(**_speaker_fields(speaker)), [])
    source = doc["source"]
    result.same(where, "source", "source", result.sources, source["slug"], source)
    source_fields = {k: v for k, v in source.items() if k != "author"}
    source_fields["date"] = _date(source["date"])
    result.check_model(where, "source", Source(**source_fields), ["author"])
    for n, tag in enumerate(doc["tags"]):
        result.same(where, f"tags.{n}", "tag", result.tags, tag["slug"], tag["name"])
    if len(doc["tags"]) > MAX_TAGS:
        result.error(where, "tags", f"a claim carries at most {MAX_TAGS} tags")

    claim = Claim(slug=doc["slug"], **_claim_fields(doc))
    result.check_model(where, "", claim, ["speaker", "source", "tags"])
    anchor = doc.get("anchor")
    if anchor:
        if anchor["source"] != source["slug"]:
            result.error(where, "anchor.source", "must be the claim's source")
        result.check_model(where, "anchor", Anchor(**_anchor_fields(anchor)), ["claim"])
    for n, figure in enumerate(doc["figures"]):
        result.check_model(where, f"figures.{n}", Figure(**_figure_fields(figure, n)), ["claim"])
    for n, note in enumerate(doc["notes"]):
        path = f"notes.{n}"
        result.same(where, path, "note", result.notes, note["slug"], note)
        result.note_claims.setdefault(note["slug"], []).append(doc["slug"])
        if len(result.note_claims[note["slug"]]) > 1:
            continue
        if ContextNote.objects.filter(slug=note["slug"]).exists():
            result.error(where, f"{path}.slug", "a note with this slug already exists")
        obj = ContextNote(slug=note["slug"], kind=note["kind"], title=note["title"])
        obj.body = note["body"]
        for key, value in _workflow(note).items():
            setattr(obj, key, value)
        result.check_model(where, path, obj, ["claims"])
        for m, citation in enumerate(note["citations"]):
            fields = {**citation, "published_on": _date(citation["published_on"])}
            fields["accessed_on"] = _date(citation["accessed_on"])
            result.check_model(where, f"{path}.citations.{m}", Citation(**fields), ["note"])
        for m, figure in enumerate(note["figures"]):
            obj = NoteFigure(**_figure_fields(figure, m))
            result.check_model(where, f"{path}.figures.{m}", obj, ["note", "part_of"])
    verdict = doc["verdict"]
    if verdict:
        rating = Rating.objects.filter(
            scale__slug=verdict["scale"]["slug"], value=verdict["rating"]["value"]
        ).first()
        if rating is None:
            result.error(
                where,
                "verdict.rating",
                f"the rating scale '{verdict['scale']['slug']}' has no rating "
                f"{verdict['rating']['value']}; create the scale first",
            )
        elif rating.label != verdict["rating"]["label"]:
            result.error(
                where,
                "verdict.rating.label",
                f"rating {rating.value} of this scale is '{rating.label}', "
                f"not '{verdict['rating']['label']}'",
            )
    result.claims.append({"where": where, "doc": doc})


def _claim_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": doc["text"],
        "text_kind": doc["text_kind"],
        "summary": doc["summary"],
        "said_on": _date(doc["said_on"]),
        "said_on_precision": doc["said_on_precision"],
        "speaker_role": doc.get("speaker_role", ""),  # files exported before it lack it
        **_workflow(doc),
    }


def _anchor_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """An anchor as stored: its selectors and revision number travel with it, not the text."""
    quote, position = doc["selector"]
    return {
        "revision_number": doc["revision"],
        "state": doc["state"],
        "how": Anchor.How.IMPORTED,
        "exact": quote["exact"],
        "prefix": quote["prefix"],
        "suffix": quote["suffix"],
        "start": position["start"],
        "end": position["end"],
    }


def _figure_exists(key: str, figures_in_file: dict[str, int]) -> bool:
    slug, ordinal = key.rsplit("#", 1)
    if slug in figures_in_file:
        return int(ordinal) <= figures_in_file[slug]
    return Figure.objects.filter(claim__slug=slug).count() >= int(ordinal)


def _check_references(result: Plan, figures_in_file: dict[str, int]) -> None:
    for entry in result.claims:
        where, doc = entry["where"], entry["doc"]
        for n, figure in enumerate(doc["figures"]):
            part_of = figure["part_of"]
            if part_of and not _figure_exists(part_of["key"], figures_in_file):
                result.error(where, f"figures.{n}.part_of.key", f"no figure {part_of['key']}")
            if part_of and part_of["key"] == f"{doc['slug']}#{n + 1}":
                result.error(where, f"figures.{n}.part_of.key", "a figure cannot be its own part")
        for n, note in enumerate(doc["notes"]):
            for m, figure in enumerate(note["figures"]):
                part_of = figure["part_of"]
                if part_of and not _figure_exists(part_of["key"], figures_in_file):
                    path = f"notes.{n}.figures.{m}.part_of.key"
                    result.error(where, path, f"no figure {part_of['key']}")
        for n, relation in enumerate(doc["relations"]):
            other = relation["claim"]["slug"]
            if relation["direction"] != "outgoing":
                continue
            if other == doc["slug"]:
                result.error(where, f"relations.{n}.claim", "a claim cannot relate to itself")
            elif other not in figures_in_file and not Claim.objects.filter(slug=other).exists():
                result.error(where, f"relations.{n}.claim.slug", f"no claim '{other}'")


def _save(obj: models.Model) -> models.Model:
    obj.save()
    return obj


class Writer:
    """Writes a checked plan; every save goes through the models, so history records it."""

    def __init__(self, result: Plan) -> None:
        self.plan = result
        self.figures: dict[str, Figure] = {}

    def speaker(self, slug: str) -> Speaker:
        existing = Speaker.objects.filter(slug=slug).first()
        return existing or _save(Speaker(**_speaker_fields(self.plan.speakers[slug])))

    def figure(self, key: str) -> Figure:
        if key not in self.figures:
            slug, ordinal = key.rsplit("#", 1)
            figures = Figure.objects.filter(claim__slug=slug).order_by("position", "pk")
            self.figures[key] = figures[int(ordinal) - 1]
        return self.figures[key]

    def write(self) -> int:
        speakers = {slug: self.speaker(slug) for slug in self.plan.speakers}
        sources = {}
        for slug, doc in self.plan.sources.items():
            fields = {k: v for k, v in doc.items() if k != "author"}
            fields["date"] = _date(doc["date"])
            author = speakers[doc["author"]["slug"]] if doc["author"] else None
            existing = Source.objects.filter(slug=slug).first()
            if existing is None:
                # The file carries the text only where it was public.
                text = fields.pop("full_text")
                existing = _save(Source(author=author, text_public=bool(text), **fields))
                existing.revise(text=text, by=None, origin=SourceRevision.Origin.IMPORT)
            sources[slug] = existing
        tags = {
            slug: Tag.objects.filter(slug=slug).first() or _save(Tag(slug=slug, name=name))
            for slug, name in self.plan.tags.items()
        }
        claims: dict[str, Claim] = {}
        for entry in self.plan.claims:
            doc = entry["doc"]
            claim = claims[doc["slug"]] = _save(
                Claim(
                    slug=doc["slug"],
                    speaker=speakers[doc["speaker"]["slug"]],
                    source=sources[doc["source"]["slug"]],
                    **_claim_fields(doc),
                )
            )
            claim.tags.set([tags[t["slug"]] for t in doc["tags"]])
            if doc.get("anchor"):
                _save(Anchor(claim=claim, **_anchor_fields(doc["anchor"])))
            for n, figure in enumerate(doc["figures"]):
                self.figures[f"{claim.slug}#{n + 1}"] = _save(
                    Figure(claim=claim, **_figure_fields(figure, n))
                )
        for entry in self.plan.claims:
            doc = entry["doc"]
            for n, figure in enumerate(doc["figures"]):
                if figure["part_of"]:
                    obj = self.figures[f"{doc['slug']}#{n + 1}"]
                    obj.part_of = self.figure(figure["part_of"]["key"])
                    obj.save()
            for relation in doc["relations"]:
                if relation["direction"] == "outgoing":
                    other = claims.get(relation["claim"]["slug"]) or Claim.objects.get(
                        slug=relation["claim"]["slug"]
                    )
                    ClaimRelation.objects.create(
                        from_claim=claims[doc["slug"]],
                        to_claim=other,
                        kind=relation["kind"],
                        note=relation["note"],
                    )
            if doc["verdict"]:
                Verdict.objects.create(
                    claim=claims[doc["slug"]],
                    rating=Rating.objects.get(
                        scale__slug=doc["verdict"]["scale"]["slug"],
                        value=doc["verdict"]["rating"]["value"],
                    ),
                    explanation=doc["verdict"]["explanation"],
                )
            self.corrections(doc["corrections"], claim=claims[doc["slug"]])
        notes = [
            (self.note(doc, [claims[c] for c in self.plan.note_claims[slug]]).pk, doc)
            for slug, doc in self.plan.notes.items()
        ]
        # Last, so that no later save of a row moves its time on again.
        _restore_updated_at(
            Claim, [(claims[e["doc"]["slug"]].pk, e["doc"]) for e in self.plan.claims]
        )
        _restore_updated_at(ContextNote, notes)
        return len(claims)

    def note(self, doc: dict[str, Any], claims: list[Claim]) -> ContextNote:
        note = ContextNote(slug=doc["slug"], kind=doc["kind"], title=doc["title"], body=doc["body"])
        for key, value in _workflow(doc).items():
            setattr(note, key, value)
        note.save()
        note.claims.set(claims)
        for n, citation in enumerate(doc["citations"]):
            fields = {**citation, "published_on": _date(citation["published_on"])}
            fields["accessed_on"] = _date(citation["accessed_on"])
            Citation.objects.create(note=note, position=n, **fields)
        for n, figure in enumerate(doc["figures"]):
            part_of = self.figure(figure["part_of"]["key"]) if figure["part_of"] else None
            NoteFigure.objects.create(note=note, part_of=part_of, **_figure_fields(figure, n))
        self.corrections(doc["corrections"], note=note)
        return note

    def corrections(self, docs: list[dict[str, Any]], **target: Any) -> None:
        for doc in docs:
            Correction.objects.create(
                kind=doc["kind"], text=doc["text"], created_at=_time(doc["date"]), **target
            )


def import_records(*, records: Iterable[tuple[str, Any]]) -> int:
    """Validate every record, then write them all in one transaction; returns the claim count.

    Raises ImportFailed naming each bad record and field; nothing is written then.
    """
    result = plan(records)
    if result.errors:
        raise ImportFailed(result.errors)
    try:
        with transaction.atomic():
            return Writer(result).write()
    except (IntegrityError, ValidationError) as error:
        raise ImportFailed(
            [f"the database refused the import, nothing was written: {error}"]
        ) from error
