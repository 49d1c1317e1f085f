"""`python -m bench` (and `make bench`): the export and request benchmark; see bench/run.py."""

from bench.run import main

main()
