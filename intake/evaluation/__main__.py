"""`make eval`: score figure extraction and repeated-claim matching on their labelled sets."""

from __future__ import annotations

import importlib
import sys

import django

SCORERS = ["intake.evaluation.figures", "intake.evaluation.matching"]


def main() -> int:
    django.setup()
    failed = 0
    for name in SCORERS:
        module = importlib.import_module(name)
        failed |= module.main()
    return failed


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.exit(main())
