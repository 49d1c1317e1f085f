"""The intake app's API endpoints: /api/v1/extract/ and /api/v1/match/."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

# The most text one request may send, as UTF-8; more answers 413 with a message.
MAX_TEXT_BYTES = 1_000_000


class StrictText(serializers.CharField):
    """Text only: numbers, lists and objects are refused rather than turned into text."""

    default_error_messages = {"not_text": "Send the text as a JSON string."}
    # Its views refuse white space alone; the schema says so (publication/api/openapi.py).
    refuses_blank = True

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)
