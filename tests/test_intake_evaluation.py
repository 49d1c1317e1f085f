"""The labelled figure set behind `make eval`: its size, its coverage, and the target."""

from __future__ import annotations

from intake.evaluation import figures as evaluation

DOMAINS = {
    "politics",
    "health",
    "economy",
    "crime",
    "climate",
    "sport",
    "immigration",
    "education",
    "housing",
    "science",
}
QUALIFIERS = {"exact", "about", "more_than", "less_than", "nearly", "at_least", "up_to"}


def test_the_labelled_set_is_large_varied_and_uses_the_products_vocabulary():
    examples = evaluation.load()
    assert len(examples) >= 150
    assert {e.domain for e in examples} == DOMAINS
    assert sum(1 for e in examples if not e.figures) >= 40  # sentences with nothing to record
    labels = [f for e in examples for f in e.figures]
    assert {f.qualifier for f in labels} == QUALIFIERS
    assert {"%", "USD", "GBP", "EUR"} <= {f.unit for f in labels}


def test_the_test_half_meets_the_target_f1():
    examples = evaluation.load()
    result = evaluation.score(examples[1::2])
    assert result.f1 >= evaluation.TARGET_F1


def test_token_f1_of_counts():
    assert evaluation.token_f1("people convicted of assault", "people convicted of assault") == 1
    assert evaluation.token_f1("", "people") == 0
    assert evaluation.token_f1("convicted people", "people") == 2 / 3


def test_main_prints_both_halves_and_says_whether_the_target_is_met(capsys):
    assert evaluation.main([]) == 0
    output = capsys.readouterr().out
    assert "dev " in output and "test " in output
    assert "target F1 >= 0.95 on the test half: met" in output
