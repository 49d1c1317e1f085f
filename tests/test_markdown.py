"""Note bodies are Markdown rendered without anything that could run in a reader's browser."""

from __future__ import annotations

import pytest

from annotations.markdown import render_markdown


def test_markdown_formatting_is_kept():
    html = render_markdown(
        "These figures go back **40 years**; see [the letter](https://example.org/l)."
    )
    assert "<strong>40 years</strong>" in html
    assert 'href="https://example.org/l"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    "hostile, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ("<svg onload=alert(1)>", "onload"),
    ],
)
def test_hostile_markdown_is_neutralised(hostile, forbidden):
    assert forbidden not in render_markdown(hostile).lower()
