"""Request body parsers that refuse text the database cannot store, before any view sees it.

PostgreSQL refuses NUL characters in text, and no database can store half of a UTF-16
surrogate pair ("\\ud800" is valid JSON but not valid Unicode text). Checking here, once,
for every body the API parses (JSON, forms and multipart) means every text field — and
every slug that names a speaker, source, note or claim — answers a field-level 400
instead of a database error.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import exceptions, parsers

NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = "Surrogate characters are not allowed."


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def bad_text(data: Any, path: str = "") -> dict[str, list[str]]:
    """Every string in a parsed body that cannot be stored, by dotted path ("figures.0.counts")."""
    problems: dict[str, list[str]] = {}

    def note(where: str, message: str) -> None:
        problems.setdefault(where or "non_field_errors", []).append(message)

    def walk(value: Any, where: str) -> None:
        if isinstance(value, str):
            if message := text_problem(value):
                note(where, message)
        elif isinstance(value, (QueryDict, MultiValueDict)):
            for key, items in value.lists():
                walk_key(key, where)
                for item in items:
                    walk(item, join(where, key))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk_key(key, where)
                walk(item, join(where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, join(where, str(index)))

    def walk_key(key: Any, where: str) -> None:
        if isinstance(key, str) and (message := text_problem(key)):
            note(where, f"A field name is not allowed: {message}")

    walk(data, path)
    return problems


def join(path: str, key: str) -> str:
    """A dotted path one level down: "figures" + "0" → "figures.0"."""
    return f"{path}.{key}" if path else key


class CleanTextMixin:
    """Parses as usual, then answers 400 naming each field whose text cannot be stored."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)  # type: ignore[misc]
        data = parsed.data if isinstance(parsed, parsers.DataAndFiles) else parsed
        problems = bad_text(data)
        if problems:
            raise exceptions.ValidationError(problems)
        return parsed


class JSONParser(CleanTextMixin, parsers.JSONParser):
    """JSON bodies without NUL characters or lone surrogates."""


class FormParser(CleanTextMixin, parsers.FormParser):
    """URL-encoded forms without NUL characters."""


class MultiPartParser(CleanTextMixin, parsers.MultiPartParser):
    """Multipart forms whose text fields hold no NUL characters."""
