"""History made readable: who changed what and when, as field / before / after.

django-simple-history records every save and delete on every model, whichever
path made it. This module turns those records into entries a desk editor can
read, and keeps a form's save of a record with its many-to-many fields to ONE
history entry.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet

EMPTY = "—"
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


# Text fields with at least this many words on both sides are shown as one inline word diff.
WORD_DIFF_MIN_WORDS = 8


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: its value before and after a change."""

    field: str
    before: str
    after: str

    @property
    def word_diff(self) -> list[tuple[str, str]]:
        """The change as (kind, text) runs, kind "same", "del" or "ins"; empty for short values."""
        before, after = self.before.split(" "), self.after.split(" ")
        if EMPTY in (self.before, self.after) or min(len(before), len(after)) < WORD_DIFF_MIN_WORDS:
            return []
        runs: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                runs.append(("same", " ".join(before[a1:a2])))
                continue
            if a2 > a1:
                runs.append(("del", " ".join(before[a1:a2])))
            if b2 > b1:
                runs.append(("ins", " ".join(after[b1:b2])))
        return runs


@dataclass
class Entry:
    """One change to one record: when, by whom, what, and the fields that changed."""

    when: datetime
    who: str
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class _Ref:
    """A value pointing at rows of another model, resolved to labels in bulk."""

    model: type[models.Model]
    ids: tuple[Any, ...]


def save_m2m_into_last_entry(instance: models.Model, save_m2m: Callable[[], None]) -> None:
    """Save many-to-many fields into the history entry the last save made.

    simple-history writes an entry of its own for every many-to-many add and
    remove; a form that saves a claim with its tags is one change, so it gets
    one entry. Call right after saving `instance`.
    """
    instance.skip_history_when_saving = True
    try:
        save_m2m()
    finally:
        del instance.skip_history_when_saving
    record = instance.history.order_by("-history_date", "-history_id").first()
    if record is None:
        return
    for m2m_field in record._history_m2m_fields:
        history_model = getattr(type(record), m2m_field.name).model
        through = m2m_field.remote_field.through
        rows = through.objects.filter(**{m2m_field.m2m_field_name(): instance})
        fields = through._meta.concrete_fields
        history_model.objects.filter(history=record).delete()
        history_model.objects.bulk_create(
            [
                history_model(
                    history=record, **{f.attname: getattr(row, f.attname) for f in fields}
                )
                for row in rows
            ]
        )


def _diff_fields(record: models.Model) -> list[models.Field]:
    return [
        f
        for f in record.tracked_fields
        if f.editable and not f.primary_key and f.name not in {"slug", "position"}
    ]


def _raw(record: models.Model, f: models.Field) -> Any:
    value = getattr(record, f.attname)
    if f.is_relation and value is not None:
        return _Ref(f.related_model, (value,))
    if f.choices and value is not None:
        return dict(f.flatchoices).get(value, value)
    return value


class _Reader:
    """Builds entries from records, fetching many-to-many snapshots and labels in bulk."""

    def __init__(self, records: list[models.Model]) -> None:
        self.records = records
        self.m2m = self._load_m2m()

    def _load_m2m(self) -> dict[tuple[type, int, str], _Ref]:
        """The related ids each record's many-to-many fields held: one query per field."""
        by_model: dict[type, list[models.Model]] = defaultdict(list)
        for record in self.records:
            by_model[type(record)].append(record)
        snapshots: dict[tuple[type, int, str], _Ref] = {}
        for model, records in by_model.items():
            for m2m_field in records[0]._history_m2m_fields:
                history_model = getattr(model, m2m_field.name).model
                target = m2m_field.m2m_reverse_field_name()
                held: dict[int, list[Any]] = defaultdict(list)
                rows = history_model.objects.filter(
                    history_id__in=[r.history_id for r in records]
                ).values_list("history_id", f"{target}_id")
                for history_id, target_id in rows:
                    held[history_id].append(target_id)
                for record in records:
                    ids = tuple(sorted(held.get(record.history_id, ())))
                    snapshots[model, record.history_id, m2m_field.name] = _Ref(
                        m2m_field.related_model, ids
                    )
        return snapshots

    def values(self, record: models.Model) -> dict[str, tuple[str, Any]]:
        """Field name → (label, raw value) for every field shown in a diff."""
        values = {f.name: (str(f.verbose_name), _raw(record, f)) for f in _diff_fields(record)}
        for m2m_field in record._history_m2m_fields:
            ref = self.m2m[type(record), record.history_id, m2m_field.name]
            values[m2m_field.name] = (str(m2m_field.verbose_name), ref)
        return values

    @staticmethod
    def labels(refs: Iterable[_Ref]) -> dict[tuple[type, Any], str]:
        """Labels for every referenced row: one query per referenced model."""
        wanted: dict[type, set[Any]] = defaultdict(set)
        for ref in refs:
            wanted[ref.model].update(ref.ids)
        labels = {}
        for model, ids in wanted.items():
            for pk, obj in model._default_manager.in_bulk(list(ids)).items():
                labels[model, pk] = str(obj)
        return labels


def _show(value: Any, labels: dict[tuple[type, Any], str]) -> str:
    if isinstance(value, _Ref):
        shown = [labels.get((value.model, pk), f"(deleted #{pk})") for pk in value.ids]
        return ", ".join(sorted(shown)) or EMPTY
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}"
    return str(value)


def readable_history(
    *record_sets: tuple[QuerySet, Callable[[Any], str]],
) -> list[Entry]:
    """Entries for the records in each (history queryset, subject label) pair, newest first.

    Each record is compared with the previous record of the same object, so
    the entry lists only what that change did. The number of queries depends
    on the number of record sets, never on the number of records.
    """
    records: list[models.Model] = []
    subject_of: dict[type, Callable[[Any], str]] = {}
    for queryset, subject in record_sets:
        rows = list(queryset.select_related("history_user").order_by("history_date", "history_id"))
        records.extend(rows)
        subject_of[queryset.model] = subject
    reader = _Reader(records)

    raw_entries = []
    previous: dict[tuple[type, Any], dict[str, tuple[str, Any]]] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        key = (type(record), record.id)
        values = reader.values(record)
        before = previous.get(key)
        if record.history_type == "+" or before is None:
            changed = [
                (label, None, value) for label, value in values.values() if _has_value(value)
            ]
        elif record.history_type == "-":
            changed = []
        else:
            changed = [
                (label, before[name][1], value)
                for name, (label, value) in values.items()
                if before.get(name, (None, None))[1] != value
            ]
        previous[key] = values
        raw_entries.append((record, changed))

    refs = [v for _, changed in raw_entries for _, a, b in changed for v in (a, b)]
    labels = reader.labels(v for v in refs if isinstance(v, _Ref))
    entries = [
        Entry(
            when=record.history_date,
            who=(
                (record.history_user.get_full_name() or record.history_user.get_username())
                if record.history_user
                else "system"
            ),
            action=ACTIONS.get(record.history_type, record.history_type),
            subject=subject_of[type(record)](record),
            changes=[
                FieldChange(label.capitalize(), _show(a, labels), _show(b, labels))
                for label, a, b in changed
            ],
        )
        for record, changed in raw_entries
    ]
    entries.reverse()
    return entries


def changed_since(
    obj: models.Model, version: int, *children: tuple[QuerySet, Callable[[Any], str]]
) -> list[Entry]:
    """Entries for `obj` and its child rows made after `obj`'s `version` was saved."""
    start = (
        obj.history.filter(version=version)
        .order_by("-history_date", "-history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    label = obj._meta.verbose_name.capitalize()
    entries = readable_history((obj.history.all(), lambda r: label), *children)
    return [e for e in entries if start is None or e.when > start]


def _has_value(value: Any) -> bool:
    if isinstance(value, _Ref):
        return bool(value.ids)
    return value not in (None, "")
