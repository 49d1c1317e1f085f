"""Labelled sets and scorers for the language features, run by `make eval`."""
