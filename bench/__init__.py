"""Benchmarks, run by hand against a database of their own (never in the test suite)."""
