"""The share image of a claim (Open Graph, Twitter): claim, speaker and verdict, drawn with Pillow.

Pillow's built-in scalable font is used so that the image is the same on every
machine and nothing depends on system fonts.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK, MUTED, ACCENT, PAPER = "#1a1a1a", "#4d4d4d", "#0b5394", "#ffffff"
# Worst to best; the label is always written on the badge, so colour is never the only cue.
RATING_COLOURS = {1: "#8a1c1c", 2: "#a34700", 3: "#6b4f00", 4: "#2f6b2f", 5: "#1d5c3a"}


@cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`, the last one cut with "…"."""
    words, result, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font(size)) <= width:
            line = candidate
            continue
        result.append(line)
        line = word
        if len(result) == lines:
            break
    else:
        result.append(line)
        return [r for r in result if r]
    last = result[-1]
    while last and draw.textlength(f"{last}…", font=font(size)) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*result[:-1], f"{last}…"]


def share_image(
    *,
    headline: str,
    speaker: str,
    verdict: str,
    rating: int | None,
    place: str,
    notes: int,
    publisher: str,
    badge: bool = True,
) -> bytes:
    """A 1200×630 PNG: publisher, speaker, the claim, the verdict badge and the note count."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    draw.text((MARGIN, 44), f"{publisher} · Fact-check", font=font(30), fill=ACCENT)
    y = 100
    for line in wrap(draw, speaker, 30, WIDTH - 2 * MARGIN, 1):
        draw.text((MARGIN, y), line, font=font(30), fill=MUTED)
        y += 42
    y += 12
    for line in wrap(draw, headline, 50, WIDTH - 2 * MARGIN, 5):
        draw.text((MARGIN, y), line, font=font(50), fill=INK)
        y += 62
    if badge:
        _badge_and_count(draw, verdict, rating, place, notes)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _badge_and_count(
    draw: ImageDraw.ImageDraw, verdict: str, rating: int | None, place: str, notes: int
) -> None:
    badge = f"Verdict: {verdict}" + (f" ({place})" if place else "") if verdict else "Not rated"
    width = draw.textlength(badge, font=font(40))
    top = HEIGHT - MARGIN - 64
    colour = RATING_COLOURS.get(rating or 0, "#333333")
    draw.rounded_rectangle((MARGIN, top, MARGIN + width + 48, top + 64), radius=10, fill=colour)
    draw.text((MARGIN + 24, top + 10), badge, font=font(40), fill=PAPER)
    count = f"{notes} context note{'s' if notes != 1 else ''}"
    count_width = draw.textlength(count, font=font(32))
    draw.text((WIDTH - MARGIN - count_width, top + 16), count, font=font(32), fill=MUTED)
