"""`make eval`: precision, recall and F1 of figure extraction on the labelled sentences.

A figure is right when its value and its qualifier are both right. Among figures whose
value is right, it also reports how often the unit is right, and how well "counts" overlaps
the editor's words (token F1: lowercased words, function words left out, averaged).
The labelled set (figures.txt beside this file) is scored in two halves: dev (tuned on)
and test (only scored).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from intake.figures import find

DATA = Path(__file__).with_name("figures.txt")
TARGET_F1 = 0.95
LEAVE_OUT = {"a", "an", "the", "of", "in", "on", "to", "for", "with", "and", "by", "at", "s"}


@dataclass(frozen=True)
class Expected:
    """One figure as the editor recorded it."""

    value: Decimal
    qualifier: str
    unit: str
    counts: str


@dataclass
class Example:
    """A labelled sentence."""

    domain: str
    text: str
    figures: list[Expected] = field(default_factory=list)


def load(path: Path = DATA) -> list[Example]:
    """The labelled sentences, in file order."""
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, rest = line.partition(" ")
        if kind == "S":
            domain, _, text = rest.partition(" | ")
            examples.append(Example(domain.strip(), text.strip()))
        elif kind == "F":
            value, qualifier, unit, counts = (part.strip() for part in rest.split("|"))
            examples[-1].figures.append(Expected(Decimal(value), qualifier, unit, counts))
        else:
            raise ValueError(f"{path.name}:{number}: a line starts with S or F")
    return examples


def words(text: str) -> list[str]:
    """Lowercased content words, for the token overlap of "counts"."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in LEAVE_OUT]


def token_f1(found: str, expected: str) -> float:
    """Token F1 between two phrases (1.0 when both are empty)."""
    a, b = words(found), words(expected)
    if not a and not b:
        return 1.0
    common = sum(min(a.count(w), b.count(w)) for w in set(a))
    if not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    """Counts behind the reported numbers."""

    found: int = 0
    expected: int = 0
    right: int = 0
    value_right: int = 0
    unit_right: int = 0
    counts_f1: float = 0.0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        unit = self.unit_right / self.value_right if self.value_right else 1.0
        counts = self.counts_f1 / self.value_right if self.value_right else 1.0
        return (
            f"{name:<5} sentences figures {self.expected:>3} found {self.found:>3}  "
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"unit accuracy {unit:.3f}  counts token-F1 {counts:.3f}"
        )


def score(examples: list[Example]) -> Score:
    """Compare the extractor with the labels, sentence by sentence."""
    result = Score()
    for example in examples:
        found = find(example.text)
        result.found += len(found)
        result.expected += len(example.figures)
        unmatched = list(found)
        for expected in example.figures:
            same_value = [f for f in unmatched if f.value == expected.value]
            if not same_value:
                result.mistakes.append(f"missed {expected.value} in: {example.text}")
                continue
            figure = next((f for f in same_value if f.qualifier == expected.qualifier), None)
            if figure is None:
                figure = same_value[0]
                result.mistakes.append(
                    f"qualifier {figure.qualifier} for {expected.qualifier} in: {example.text}"
                )
            else:
                result.right += 1
            unmatched.remove(figure)
            result.value_right += 1
            result.unit_right += figure.unit == expected.unit
            if figure.unit != expected.unit:
                result.mistakes.append(
                    f"unit {figure.unit!r} for {expected.unit!r} in: {example.text}"
                )
            result.counts_f1 += token_f1(figure.counts, expected.counts)
        for figure in unmatched:
            result.mistakes.append(f"extra {figure.text!r} ({figure.value}) in: {example.text}")
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the scores of both halves; 1 when the test half is under the target F1."""
    argv = sys.argv[1:] if argv is None else argv
    examples = load()
    dev, test = examples[0::2], examples[1::2]
    print(f"Figure extraction: {len(examples)} labelled sentences ({DATA.name})")
    print("A figure is right when value and qualifier are right; unit and counts are scored")
    print("on figures whose value is right (counts: token F1 over content words).")
    scores = {"dev": score(dev), "test": score(test), "all": score(examples)}
    for name, result in scores.items():
        print(result.line(name))
    if "--mistakes" in argv:
        # Only the dev half's: the test half is scored, never looked into while tuning.
        for mistake in scores["dev"].mistakes:
            print("  ", mistake)
    ok = scores["test"].f1 >= TARGET_F1
    print(f"target F1 >= {TARGET_F1} on the test half: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
