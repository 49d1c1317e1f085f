"""Plain text out of an uploaded source file: PDF (pypdf), saved web page (trafilatura), text.

The type is decided by the content first (a PDF starts with "%PDF-", a web page
with its doctype or <html>), the file name's extension second; a file whose
name and content disagree is refused rather than read as something it is not.
"""

from __future__ import annotations

import io
import logging

PDF, HTML, TEXT = "pdf", "html", "text"
HTML_EXTENSIONS = {"html", "htm", "xhtml"}
TEXT_EXTENSIONS = {"txt", "text", "md", ""}


class ExtractError(ValueError):
    """The file cannot be read as a source text; the message says why, for the user."""


class UnreadFormat(ExtractError):
    """The file is of a kind that is not read at all (an image, binary data, not UTF-8)."""


def kind_of(data: bytes, filename: str) -> str:
    """PDF, HTML or TEXT, from the content and the extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:1024].lstrip().startswith(b"%pdf-") or data.startswith(b"%PDF-"):
        return PDF
    if extension == "pdf":
        raise ExtractError("This file is named .pdf but is not a PDF.")
    if head.startswith((b"<!doctype html", b"<html")) or (
        extension in HTML_EXTENSIONS and head.startswith(b"<")
    ):
        return HTML
    if extension in HTML_EXTENSIONS:
        raise ExtractError("This file is named like a web page but holds no HTML.")
    if extension not in TEXT_EXTENSIONS:
        raise UnreadFormat(
            f"Files ending in .{extension} are not read: send a PDF, a saved web page "
            "(.html) or plain text (.txt)."
        )
    return TEXT


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text.strip()


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    # pypdf logs every oddity of a damaged file; the answer to the user says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractError("This PDF is encrypted; send a copy without a password.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise ExtractError(f"This PDF cannot be read ({type(error).__name__}).") from error
    return "\n\n".join(page.strip() for page in pages if page.strip())


def _html(data: bytes) -> str:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        text = trafilatura.extract(
            data.decode("utf-8", "replace"),
            include_comments=False,
            include_tables=True,
            favor_recall=True,
        )
    except Exception as error:  # a page too broken for the parser
        raise ExtractError(f"This web page cannot be read ({type(error).__name__}).") from error
    return text or ""


def _text(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadFormat("This is not a text file (it holds binary data).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadFormat(
            "This text file is not UTF-8; save it as UTF-8 and send it again."
        ) from (error)


def extract(data: bytes, filename: str) -> tuple[str, str]:
    """The file's text and its kind (pdf, html, text); ExtractError when there is none."""
    if not data:
        raise ExtractError("The file is empty.")
    kind = kind_of(data, filename)
    text = _clean({PDF: _pdf, HTML: _html, TEXT: _text}[kind](data))
    if not text:
        raise ExtractError(
            "No text was found in this file"
            + (" (a scanned PDF needs OCR first)." if kind == PDF else ".")
        )
    return text, kind
