"""`python -m bench extract`: extraction time for a 2-hour speech (20,000 words), no database.

The transcript is built from the labelled sentences of intake/evaluation/figures.txt
(shuffled with a fixed seed, in paragraphs of five, with the greetings and asides of a
speech), so it has the density of figures, dates and names of real desk material. It
reports the best of several rounds for: sentence splitting alone (the baseline),
the whole analysis (sentences, figures, check-worthiness), and the analysis plus the
API's JSON body; with each as a ratio to the baseline and the target of 5 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable

from intake.analysis import analyse, as_json
from intake.evaluation.figures import load
from intake.sentences import split

TARGET_SECONDS = 5.0


def transcript(words: int, *, seed: int = 1) -> str:
    """A speech of about `words` words made of the labelled sentences, in paragraphs."""
    pool = [example.text for example in load()]
    pool += ["Thank you.", "Let me say this.", "And you know what?", "Applause."]
    rng = random.Random(seed)
    paragraphs, paragraph, count = [], [], 0
    while count < words:
        sentence = rng.choice(pool)
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) == 5:
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    paragraphs.append(" ".join(paragraph))
    return "\n\n".join(p for p in paragraphs if p)


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The fastest of `rounds` runs, in seconds (noise only ever adds time)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Measure and print; exit 1 when the whole analysis misses the target."""
    parser = argparse.ArgumentParser(prog="python -m bench extract", description=__doc__)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    text = transcript(args.words)
    started = time.perf_counter()
    analyse("Warm-up: 1,000 people, loads the sentence splitter once.")
    warm_up = time.perf_counter() - started
    found = analyse(text)
    figures = sum(len(s.figures) for s in found)
    print(
        f"Transcript: {len(text.split()):,} words, {len(text):,} characters, "
        f"{len(found):,} sentences, {figures:,} figures (first call, loading: {warm_up:.2f} s)"
    )

    baseline = best_of(args.rounds, lambda: split(text))
    whole = best_of(args.rounds, lambda: analyse(text))
    with_json = best_of(args.rounds, lambda: json.dumps(as_json(analyse(text))))
    print(f"{'step':<44}{'seconds':>9}{'x split':>9}")
    for name, seconds in [
        ("sentence splitting alone (baseline)", baseline),
        ("analyse(): sentences, figures, worthiness", whole),
        ("analyse() + the API's JSON body", with_json),
    ]:
        print(f"{name:<44}{seconds:>9.3f}{seconds / baseline:>9.2f}")
    ok = with_json < TARGET_SECONDS
    print(
        f"target: under {TARGET_SECONDS:.0f} s for {args.words:,} words: "
        f"{'met' if ok else 'NOT met'} ({with_json:.2f} s, best of {args.rounds})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
