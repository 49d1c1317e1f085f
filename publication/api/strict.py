"""JSON types as the OpenAPI document declares them, and nothing looser.

DRF's fields coerce: a CharField takes 5 and stores "5", a BooleanField takes 0 and
"yes", a ListField iterates over a dict's keys, an IntegerField takes "7". A client that
sends those has a bug the schema would have told it about, and a 400 naming the field
says so where silent coercion would store something it did not mean.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, SlugRelatedField

LIST = (
    serializers.ListField,
    serializers.ListSerializer,
    ManyRelatedField,
    serializers.MultipleChoiceField,
)
TEXT = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,  # a string in the schema, so no binary rounding on the way
    SlugRelatedField,
)


def expected(field: serializers.Field) -> tuple[tuple[type, ...], str] | None:
    """The JSON types a field's declared schema allows, and how to say it; None for any."""
    if isinstance(field, serializers.BooleanField):
        return (bool,), "true or false"
    if isinstance(field, LIST):
        return (list,), "a list"
    if isinstance(field, (serializers.Serializer, serializers.DictField)):
        return (dict,), "an object"
    if isinstance(field, (serializers.IntegerField, PrimaryKeyRelatedField)):
        return (int,), "a whole number"
    if isinstance(field, serializers.FloatField):
        return (int, float), "a number"
    if isinstance(field, TEXT):
        return (str,), "a string"
    return None


# A web address as the API takes it, and as the OpenAPI document declares it: http or
# https, a host of ASCII labels with a top-level domain (at most 253 characters), an
# optional port, and no spaces or control characters. Django's URL validator alone lets
# control characters through in the path and query.
WEB_ADDRESS = (
    r"^https?://(?=[^/?#:]{1,253}(?:[/?#:]|$))"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?::[0-9]{1,5})?(?:[/?#][^\s\x00-\x1f\x7f-\x9f]*)?$"
)
IS_WEB_ADDRESS = re.compile(WEB_ADDRESS)


def mistyped(field: serializers.Field, value: Any) -> str | None:
    """Why a value is not of the field's declared JSON type, or None when it is."""
    allowed = expected(field)
    if value is None or allowed is None:
        return None
    types, said = allowed
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        return f"Expected {said}, not {type(value).__name__}."
    if isinstance(field, SlugRelatedField) and value == "":
        return "Expected a slug, or null for none."  # DRF would read "" as null
    if isinstance(field, serializers.URLField) and value and not IS_WEB_ADDRESS.fullmatch(value):
        return "Enter a web address: http:// or https://, then a host such as example.org."
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if isinstance(field, LIST) and isinstance(child, serializers.Field):
        for item in value:
            if item is None and not child.allow_null:
                return "This list may not hold null."
            problem = mistyped(child, item)
            if problem:
                return f"Each item: {problem[0].lower()}{problem[1:]}"
    return None


def checked(fields: dict[str, serializers.Field], data: Any) -> tuple[Any, dict[str, list[str]]]:
    """The body with whole numbers written as 7.0 read as 7, and a message for each field
    whose value is not of its declared JSON type (null aside)."""
    if not isinstance(data, dict):
        return data, {}
    data, errors = dict(data), {}
    for name, field in fields.items():
        if field.read_only or field.field_name not in data:
            continue
        value = data[field.field_name]
        allowed = expected(field)
        if isinstance(value, float) and value.is_integer() and allowed and int in allowed[0]:
            data[field.field_name] = value = int(value)  # JSON does not tell 7.0 from 7
        problem = mistyped(field, value)
        if problem:
            errors[name] = [problem]
    return data, errors


class StrictTypes:
    # Serializer mixin: a value of another JSON type than declared answers 400 by field.
    # (A comment, not a docstring: the schema would show it as each serializer's description.)

    def to_internal_value(self, data: Any) -> Any:
        data, errors = checked(self.fields, data)
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


# A date and its precision are read together (month precision is the first day of the
# month): given alone, one would be paired with the other's stored value.
DATE_PAIRS = {"said_on": "said_on_precision", "date": "date_precision"}


def dates_with_precision(serializer: serializers.Serializer) -> None:
    """400 when a body has a date without its precision, or a precision without its date."""
    data = getattr(serializer, "initial_data", None)
    if not isinstance(data, dict):
        return
    for date, precision in DATE_PAIRS.items():
        if date in serializer.fields and (date in data) != (precision in data):
            raise serializers.ValidationError(
                {"non_field_errors": [f"Send {date} and {precision} together."]}
            )
