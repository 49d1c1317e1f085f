"""Template filters for context notes."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from annotations.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render a note body's Markdown safely: {{ note.body|markdown }}."""
    return render_markdown(text)
