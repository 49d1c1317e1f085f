"""Text for the synthetic archive: quotes with their figures, summaries, note bodies, citations.

Everything is drawn from one random.Random, so a seed gives the same words.
The result is plain data (dataclasses); builder.py turns it into rows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from annotations.synthetic import vocabulary as v

QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "less_than": "fewer than ",
    "nearly": "nearly ",
    "at_least": "at least ",
    "up_to": "up to ",
}
ROUNDED_QUALIFIERS = ("about", "nearly", "more_than")
EXACT_QUALIFIERS = ("exact", "exact", "more_than", "at_least", "up_to", "less_than")


@dataclass
class FigureDraft:
    """A figure as the speaker used it; `part_of` is the index of its denominator in the claim."""

    value: Decimal
    qualifier: str
    counts: str
    unit: str
    as_of: dt.date | None
    period: str
    part_of: int | None = None


@dataclass
class ClaimDraft:
    """The words, summary and figures of one claim."""

    text: str
    summary: str
    text_kind: str
    figures: list[FigureDraft] = field(default_factory=list)


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def number_words(value: Decimal, unit: str) -> str:
    """How a speaker says a number: 662,566 / 7 million / $4.2 billion."""
    money = unit == "USD"
    for size, word in ((Decimal(10) ** 12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size and value % (Decimal(size) / 10) == 0:
            scaled = (value / size).normalize()
            text = f"{scaled:f} {word}"
            return f"${text}" if money else text
    text = f"{value.normalize():,f}"
    return f"${text}" if money else text


class Writer:
    """Draws claims, notes and citations from the vocabulary with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    # --- small pieces -----------------------------------------------------

    def pick(self, options):
        """One of `options`, drawn from the seeded generator."""
        return options[self.rng.randrange(len(options))]

    def fill(self, template: str, **extra: str) -> str:
        """`template` with {city}, {state}, {party} and `extra` filled in."""
        values = {
            "city": self.pick(v.CITIES),
            "state": self.pick(v.STATES),
            "party": self.pick(v.PARTIES),
        }
        values.update(extra)
        return template.format(**values)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A day from `start` to `end`, both included."""
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def value(self, low: float, high: float, unit: str) -> tuple[Decimal, str]:
        """A value and its qualifier: either exact (662,566) or rounded (nearly 7 million)."""
        raw = self.rng.uniform(low, high)
        if raw >= 1e6 and self.rng.random() < 0.6:
            digits = len(str(int(raw))) - 2
            rounded = Decimal(round(raw / 10**digits)) * 10**digits
            return rounded, self.pick(ROUNDED_QUALIFIERS)
        if unit == "USD":
            return Decimal(round(raw / 1e6)) * 10**6, self.pick(ROUNDED_QUALIFIERS)
        return Decimal(max(1, round(raw))), self.pick(EXACT_QUALIFIERS)

    def when(self, said_on: dt.date) -> tuple[dt.date | None, str, str]:
        """As-of date or period of a figure, and how the speaker says it."""
        roll = self.rng.random()
        if roll < 0.55:
            as_of = said_on - dt.timedelta(days=self.rng.randrange(10, 120))
            return as_of, "", f" as of {v.MONTHS[as_of.month - 1]} {as_of.day}"
        if roll < 0.85:
            year = said_on.year - self.rng.randrange(0, 3)
            period = self.pick(
                (f"fiscal year {year}", f"{year}", f"{year - 4}–{year}", f"since {year - 10}")
            )
            return None, period, f" in {period}" if not period.startswith("since") else f" {period}"
        return None, "", ""

    # --- claims -----------------------------------------------------------

    def claim(self, topic: v.Topic, speaker_name: str, said_on: dt.date) -> ClaimDraft:
        """A quote of 100–400 characters with 0–4 figures, and its summary."""
        rng = self.rng
        wanted = rng.choices((0, 1, 2, 3, 4), weights=(12, 25, 30, 20, 13))[0]
        sentences: list[str] = []
        figures: list[FigureDraft] = []
        last_whole: v.Family | None = None  # the family of the previous figure, if a whole
        while len(figures) < wanted:
            as_of, period, time_words = self.when(said_on)
            if last_whole is not None and rng.random() < 0.45:
                # A share of the previous figure: "More than 435,000 of them are convicted …"
                whole = figures[-1]
                counts, pred, low, high = self.pick(last_whole.parts)
                value = (whole.value * Decimal(rng.uniform(low, high))).quantize(1)
                qualifier = self.pick(EXACT_QUALIFIERS)
                said = f"{QUALIFIER_WORDS[qualifier]}{number_words(value, whole.unit)}"
                sentence = self.pick(
                    (
                        "{Q} of them are {pred}.",
                        "Of those, {q} are {pred}.",
                        "And {q} of them are {pred}.",
                    )
                ).format(Q=said[:1].upper() + said[1:], q=said, pred=pred)
                figure = FigureDraft(
                    value,
                    qualifier,
                    counts,
                    whole.unit,
                    whole.as_of,
                    whole.period,
                    len(figures) - 1,
                )
                last_whole = None
            else:
                family = self.pick(topic.families)
                if rng.random() < 0.4:
                    counts, _pred, share_low, share_high = self.pick(family.parts)
                    low, high = family.low * share_low, family.high * share_high
                    last_whole = None
                else:
                    low, high, counts = family.low, family.high, family.counts
                    last_whole = family
                value, qualifier = self.value(low, high, family.unit)
                said = f"{QUALIFIER_WORDS[qualifier]}{number_words(value, family.unit)}"
                sentence = self.pick(
                    (
                        "There are {q} {c}{t}.",
                        "{Q} {c}{t}, and that number keeps growing.",
                        "Our data show {q} {c}{t}.",
                        "We now have {q} {c}{t}.",
                        "Think about that: {q} {c}{t}.",
                        "The records show {q} {c}{t}.",
                        "{Q} {c}{t}.",
                    )
                ).format(Q=said[:1].upper() + said[1:], q=said, c=counts, t=time_words)
                figure = FigureDraft(value, qualifier, counts, family.unit, as_of, period)
            if len(" ".join([*sentences, sentence])) > 380:
                break
            sentences.append(
                sentence.replace(" dollars ", " ", 1) if figure.unit == "USD" else sentence
            )
            figures.append(figure)
        rhetoric = [*topic.rhetoric, *v.GENERIC_RHETORIC]
        while len(" ".join(sentences)) < 100 or (rng.random() < 0.3 and len(sentences) < 5):
            line = self.pick(rhetoric)
            if len(" ".join([*sentences, line])) > 400:
                break
            sentences.insert(rng.randrange(len(sentences) + 1), line)
        text = " ".join(sentences)
        text_kind = "verbatim"
        if rng.random() < 0.15:
            text_kind = "paraphrase"
            last_name = speaker_name.split()[-1]
            text = shorten(f"{last_name} said that {text[:1].lower()}{text[1:]}", 400)
        return ClaimDraft(text, self.summary(figures, sentences), text_kind, figures)

    def summary(self, figures: list[FigureDraft], sentences: list[str]) -> str:
        """At most 75 characters: the first figure as said, or the first sentence."""
        if figures:
            first = figures[0]
            said = f"{QUALIFIER_WORDS[first.qualifier]}{number_words(first.value, first.unit)}"
            counts = first.counts.removeprefix("dollars ") if first.unit == "USD" else first.counts
            text = f"{said[:1].upper()}{said[1:]} {counts}"
        else:
            text = sentences[0].rstrip(".")
        return shorten(text, 75)

    # --- notes --------------------------------------------------------------

    def note(self, kind: str, topic: v.Topic, claim: ClaimDraft) -> tuple[str, str]:
        """A title and a Markdown body of 300–1,500 characters for a note on `claim`."""
        rng = self.rng
        figure = claim.figures[0] if claim.figures else None
        counts = figure.counts if figure else self.pick(topic.families).counts
        said = number_words(figure.value, figure.unit) if figure else "these"
        family = self.pick(topic.families)
        whole_value, _ = self.value(family.low * 2, family.high * 2, family.unit)
        term = self.pick(topic.terms)
        agency = self.pick(topic.agencies)
        years = rng.randrange(5, 45)
        words = {
            "counts": counts,
            "said": said,
            "term": term,
            "agency": agency,
            "years": str(years),
            "whole": f"{number_words(whole_value, family.unit)} {family.counts}",
            "outlet": self.pick(v.NEWS_OUTLETS),
            "journal": self.pick(v.JOURNALS),
            "year": str(rng.randrange(2008, 2025)),
            "tag": topic.tag,
        }
        title = self.pick(v.NOTE_TITLES[kind]).format(**words)
        paragraphs = [self.pick(v.NOTE_OPENERS[kind]).format(**words)]
        target = rng.randrange(300, 1500)
        pool = rng.sample(v.NOTE_DETAILS, len(v.NOTE_DETAILS))  # each sentence once per note
        while len("\n\n".join(paragraphs)) < target and len(pool) >= 2:
            roll = rng.random()
            if roll < 0.15:
                items = rng.sample(v.NOTE_BULLETS, 3)
                paragraph = "\n".join(f"- {item.format(**words)}" for item in items)
            elif roll < 0.25:
                url = f"https://www.{slugify(words['outlet'])}.example/{words['year']}/{slugify(term)}"
                paragraph = f"See also [{words['outlet']} on {term}]({url})."
            else:
                paragraph = " ".join(pool.pop().format(**words) for _ in range(2))
            if len("\n\n".join([*paragraphs, paragraph])) > 1500:
                break
            paragraphs.append(paragraph)
        return shorten(title, 200), "\n\n".join(paragraphs)

    def citation(self, topic: v.Topic) -> dict:
        """Fields of one citation: a report, study or article with its provenance."""
        rng = self.rng
        roll = rng.random()
        year = rng.randrange(2005, 2026)
        term = self.pick(topic.terms)
        if roll < 0.4:
            publisher = self.pick(topic.agencies)
            title = f"{publisher}: {self.pick(v.REPORT_KINDS)} on {term}, {year}"
        elif roll < 0.7:
            publisher = self.pick(v.JOURNALS)
            title = f"{self.pick(v.STUDY_TITLES).format(term=term, tag=topic.tag).capitalize()}"
        else:
            publisher = self.pick(v.NEWS_OUTLETS)
            title = f"{self.pick(v.ARTICLE_TITLES).format(term=term, tag=topic.tag).capitalize()}"
        published_on = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        url = f"https://www.{slugify(publisher)[:40]}.example/{year}/{slugify(title)[:60]}"
        archived = ""
        if rng.random() < 0.4:
            archived = f"https://web.archive.org/web/{year}0101000000/{url}"
        excerpt = shorten(
            " ".join(
                self.pick(v.NOTE_DETAILS).format(
                    counts=term,
                    said="these",
                    term=term,
                    agency=publisher,
                    years="ten",
                    whole="the total",
                    outlet=publisher,
                    journal=publisher,
                    year=str(year),
                    tag=topic.tag,
                )
                for _ in range(rng.randrange(1, 3))
            ),
            300,
        )
        accessed = published_on + dt.timedelta(days=rng.randrange(0, 400))
        return {
            "title": shorten(title, 300),
            "url": url if rng.random() < 0.9 else "",
            "publisher": publisher,
            "published_on": published_on,
            "archived_url": archived,
            "excerpt": excerpt if rng.random() < 0.8 else "",
            "accessed_on": accessed,
        }
