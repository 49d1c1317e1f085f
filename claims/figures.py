"""How a figure and its share of a whole read and draw: plain values in, words and widths out.

Used by the desk and the public page alike (templates/figures/_share.html), so
a share reads and draws the same wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from claims.models import FigureBase

# Below this share a bar's filled part is too thin to see: draw a magnified inset too.
SMALL_SHARE = Decimal("0.02")
# The inset shows the first slice of the bar; the narrowest slice that leaves room to see.
INSET_WINDOWS = [Decimal(w) for w in ("0.0001", "0.0002", "0.0005", "0.001", "0.002", "0.005")]
INSET_WINDOWS += [Decimal("0.01"), Decimal("0.02"), Decimal("0.05")]
PERCENT_UNITS = ("%", "percent", "per cent")
CURRENCY_PREFIXES = {"USD": "$", "EUR": "€", "GBP": "£", "$": "$", "€": "€", "£": "£"}


def to_decimal(value: object) -> Decimal | None:
    """A figure's value from the published JSON (a string) or the model (a Decimal)."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def grouped(value: Decimal) -> str:
    """A number with thousands separators and no trailing zeros: "662,566", "9.5"."""
    return f"{value.normalize():,f}"


def with_unit(value: Decimal, unit: str) -> str:
    """A number with its unit, the way a reader writes it: "23%", "$1,200", "41,500 people"."""
    text = grouped(value)
    unit = unit.strip()
    if unit in PERCENT_UNITS:
        return f"{text}%"
    if unit in CURRENCY_PREFIXES:
        return f"{CURRENCY_PREFIXES[unit]}{text}"
    return f"{text} {unit}" if unit else text


def percentage(share: Decimal | float | None) -> str:
    """A share as an English-style percentage: "9.47%", "0.19%", "0.0043%" for tiny ones."""
    if share is None:
        return ""
    percent = Decimal(str(share)) * 100
    places = 2
    # More places for a tiny share, so it never reads as "0.00%".
    while percent and round(percent, places) == 0 and places < 8:
        places += 1
    return f"{percent:.{places}f}%"


@dataclass(frozen=True)
class ShareChart:
    """Everything the share template draws for one part of one whole."""

    part: str
    whole: str
    percent: str
    width: str
    small: bool
    inset_window: str
    inset_width: str
    one_in: str
    description: str


def _width(fraction: Decimal) -> str:
    return f"{max(Decimal(0), min(fraction, Decimal(1))) * 100:.2f}"


def share_chart(
    value: object, whole: object, *, qualifier: str, whole_label: str, unit: str = ""
) -> ShareChart | None:
    """The share of `value` in `whole`, with a magnified inset when the part is under 2 %."""
    part_value, whole_value = to_decimal(value), to_decimal(whole)
    if part_value is None or not whole_value:
        return None
    share = part_value / whole_value
    percent = percentage(share)
    small = Decimal(0) < share < SMALL_SHARE
    window = next((w for w in INSET_WINDOWS if share * 4 <= w), INSET_WINDOWS[-1])
    one_in = ""
    if Decimal(0) < share < Decimal("0.5"):
        one_in = f"about 1 in {round(1 / share):,}"
    words = dict(FigureBase.Qualifier.choices).get(qualifier, "")
    words = "" if qualifier == FigureBase.Qualifier.EXACT or not words else f"{words} "
    # "% " and currencies always show; a word unit ("people") is already in the whole's label.
    symbol = (
        unit.strip() if unit.strip() in PERCENT_UNITS or unit.strip() in CURRENCY_PREFIXES else ""
    )
    part = f"{words}{with_unit(part_value, symbol)}"
    description = f"{part} of {whole_label}: {percent}"
    if small:
        description += f", {one_in}"
    return ShareChart(
        part=part,
        whole=whole_label,
        percent=percent,
        width=_width(share),
        small=small,
        inset_window=f"{(window * 100).normalize():f}%",
        inset_width=_width(share / window),
        one_in=one_in,
        description=description,
    )


def reading(value: object, qualifier: str, counts: str, unit: str = "") -> str:
    """How a figure reads with its unit: "nearly 7,000,000 people on…", "23% of inmates"."""
    number = to_decimal(value)
    if number is None:
        return counts
    words = dict(FigureBase.Qualifier.choices).get(qualifier, "")
    words = "" if qualifier == FigureBase.Qualifier.EXACT else f"{words} "
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS or unit in CURRENCY_PREFIXES:
        joiner = " " if counts.startswith("of ") or unit in CURRENCY_PREFIXES else " of "
        return f"{words}{with_unit(number, unit)}{joiner}{counts}".strip()
    return f"{words}{grouped(number)} {counts}".strip()
