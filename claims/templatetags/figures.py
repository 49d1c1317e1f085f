"""Template tags drawing figures: one share chart for the desk and the public page."""

from __future__ import annotations

from django import template

from claims.figures import percentage as percentage_text
from claims.figures import reading, to_decimal, with_unit
from claims.figures import share_chart as build_share_chart

register = template.Library()


@register.inclusion_tag("figures/_share.html")
def share_chart(value, whole, qualifier: str, whole_label: str, unit: str = "") -> dict:
    """A labelled bar of a part of a whole, both numbers and the percentage, inset when small."""
    chart = build_share_chart(
        value, whole, qualifier=str(qualifier), whole_label=str(whole_label), unit=unit or ""
    )
    return {"chart": chart}


@register.filter
def percentage(share) -> str:
    """A share (0.0947) as "9.47%"."""
    return percentage_text(to_decimal(share))


@register.filter
def number_with_unit(value, unit: str = "") -> str:
    """A figure's value with its unit: "23%", "$1,200", "662,566 people"."""
    number = to_decimal(value)
    return "" if number is None else with_unit(number, unit or "")


@register.filter
def figure_reading(figure) -> str:
    """A figure (published JSON or model) as it reads, its unit shown: "23% of inmates"."""
    get = figure.get if isinstance(figure, dict) else lambda name: getattr(figure, name, "")
    return reading(get("value"), get("qualifier"), get("counts"), get("unit") or "")
