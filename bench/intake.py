"""The desk intake of a 2-hour speech (20,000 words) end to end: analyse + match + save.

    make bench-intake                    # alone, on a throwaway test database
    .venv/bin/python -m bench.intake     # the same (DATABASE_URL picks PostgreSQL)
    (and after `make bench-extract`, and in `make bench`)

The transcript is the extraction benchmark's (bench/extract.py). The demo case is loaded
so matching has published claims to find. Three timings, best of several rounds:
sentence splitting alone (the baseline, as in the extraction benchmark), the analysis
with matching (`intake.desk.analysed`), and the whole desk step (`Source.revise` with
re-anchoring, analysis, matching and saving the Intake), each with its ratio to the
baseline. Target: under 10 s for the whole step.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

TARGET_SECONDS = 10.0
WORDS = 20_000
ROUNDS = 2


def setup_django() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    return connection


def run() -> str:
    """Measure and return the report as Markdown."""
    from bench.extract import best_of, transcript

    connection = setup_django()
    from django.core.management import call_command

    from claims.models import Source
    from intake.desk import analysed, intake_for
    from intake.sentences import split

    try:
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        text = transcript(WORDS)
        analysed("Warm-up: 1,000 people; loads the splitter, the model and the index.")
        baseline = best_of(ROUNDS, lambda: split(text))
        with_matching = best_of(ROUNDS, lambda: analysed(text))
        rounds = []
        for n in range(ROUNDS):
            source = Source.objects.create(title=f"Speech {n}")
            started = time.perf_counter()
            revised = source.revise(text=text, by=None, origin="pasted")
            intake = intake_for(revised.revision, by=None)
            rounds.append(time.perf_counter() - started)
        whole = min(rounds)
        sentences = len(intake.sentences)
        repeats = sum(1 for s in intake.sentences if s["repeats"])
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    ok = whole < TARGET_SECONDS
    lines = [
        "### Desk intake of a 20,000-word transcript (issue 14)",
        "",
        f"{len(text.split()):,} words, {sentences:,} sentences, {repeats} repeating a demo "
        f"claim. Database: {connection.vendor} (test database). Best of {ROUNDS}.",
        "",
        "| step | seconds | × splitting |",
        "|---|---|---|",
    ]
    for name, seconds in [
        ("sentence splitting alone (baseline)", baseline),
        ("analysis + matching", with_matching),
        ("whole step: revise + analysis + matching + save", whole),
    ]:
        lines.append(f"| {name} | {seconds:.2f} | {seconds / baseline:.1f} |")
    lines += [
        "",
        f"- {'PASS' if ok else 'FAIL'}: the whole intake step in {whole:.2f} s "
        f"(target under {TARGET_SECONDS:.0f} s).",
    ]
    return "\n".join(lines)


def main() -> None:
    """Command line: print the intake benchmark."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    print(run())


if __name__ == "__main__":
    main()
