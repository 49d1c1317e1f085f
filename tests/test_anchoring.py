"""Placing and re-placing quotes in source texts, with strings alone."""

from __future__ import annotations

import pytest

from claims.anchoring import (
    CONTEXT,
    AnchorError,
    Selector,
    describe,
    locate,
    numbers,
    reanchor,
)

LETTER = (
    "Dear colleagues,\n\n"
    "Our office reviewed the records this spring. "
    "The non-detained docket now holds nearly 7 million people, most of them families. "
    "Detention capacity stayed at 41,500 beds throughout the year. "
    "We will report again in the autumn.\n\nSincerely, the Director"
)
QUOTE = "The non-detained docket now holds nearly 7 million people"


def test_positions_and_quote_round_trip() -> None:
    start = LETTER.index(QUOTE)
    by_quote = locate(LETTER, exact=QUOTE)
    by_position = locate(LETTER, start=start, end=start + len(QUOTE))
    assert by_quote == by_position
    assert (by_quote.start, by_quote.end) == (start, start + len(QUOTE))
    assert by_quote.prefix == LETTER[start - CONTEXT : start]
    assert by_quote.suffix == LETTER[start + len(QUOTE) : start + len(QUOTE) + CONTEXT]
    assert locate(LETTER, exact=QUOTE, start=start) == by_quote
    assert LETTER[by_quote.start : by_quote.end] == by_quote.exact


def test_context_is_shorter_at_the_edges() -> None:
    selector = describe(LETTER, 0, 4)
    assert selector.prefix == "" and selector.exact == "Dear"
    end = describe(LETTER, len(LETTER) - 8, len(LETTER))
    assert end.suffix == "" and end.exact == "Director"


@pytest.mark.parametrize(
    "text, exact",
    [
        ("Le ministre a déclaré : « 3 000 élèves » de plus. Fin.", "« 3 000 élèves »"),
        ("Start 🎉🎉 the figure 👍🏽 was 12% of all 🌍 emissions. End", "was 12% of all 🌍"),
        ("قال الوزير إن عدد الطلاب بلغ 500 ألف طالب هذا العام.", "بلغ 500 ألف"),
        ("e\u0301te\u0301 — combining accents count as their own code points", "te\u0301"),
    ],
)
def test_non_ascii_positions_are_code_points(text: str, exact: str) -> None:
    selector = locate(text, exact=exact)
    assert text[selector.start : selector.end] == exact
    assert selector.end - selector.start == len(exact)  # code points, not bytes or UTF-16
    assert locate(text, start=selector.start, end=selector.end) == selector
    moved = reanchor(selector, "A new first line. " + text)
    assert moved.how == "context"
    assert moved.selector.start == selector.start + len("A new first line. ")


def test_emoji_positions_are_not_utf16() -> None:
    text = "🎉 one 🎉 two"
    assert locate(text, exact="two").start == 8  # 10 in UTF-16 code units, 14 in UTF-8 bytes


def test_not_found() -> None:
    with pytest.raises(AnchorError) as error:
        locate(LETTER, exact="nearly 8 million people")
    assert error.value.field == "exact"
    assert "not in the source" in error.value.message


def test_ambiguous_says_how_often_and_what_to_give() -> None:
    text = "Crime fell. Wages rose. Crime fell. Prices rose. Crime fell."
    with pytest.raises(AnchorError) as error:
        locate(text, exact="Crime fell.")
    assert error.value.message == "The words occur 3 times; give prefix/suffix or start."
    assert locate(text, exact="Crime fell.", prefix="Wages rose. ").start == 24
    assert locate(text, exact="Crime fell.", suffix=" Wages").start == 0
    assert locate(text, exact="Crime fell.", start=49).start == 49


def test_context_that_matches_nowhere() -> None:
    text = "Crime fell. Wages rose. Crime fell."
    with pytest.raises(AnchorError) as error:
        locate(text, exact="Crime fell.", prefix="Taxes rose. ")
    assert error.value.field == "prefix"
    assert "occur 2 times" in error.value.message


def test_positions_that_disagree_with_the_quote() -> None:
    start = LETTER.index(QUOTE)
    with pytest.raises(AnchorError) as error:
        locate(LETTER, exact=QUOTE, start=start + 1, end=start + 1 + len(QUOTE))
    assert error.value.field == "exact"
    assert "not the exact words given" in error.value.message


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (10, 10_000), (9, 3)])
def test_positions_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(AnchorError) as error:
        locate(LETTER, start=start, end=end)
    assert error.value.field == "start"


def test_nothing_given() -> None:
    with pytest.raises(AnchorError):
        locate(LETTER)
    with pytest.raises(AnchorError):
        locate(LETTER, exact="")


def selector() -> Selector:
    return locate(LETTER, exact=QUOTE)


def test_unchanged_text_keeps_the_position() -> None:
    placed = reanchor(selector(), LETTER)
    assert placed.how == "position" and placed.selector == selector()


def test_inserted_paragraphs_before_the_quote() -> None:
    new = LETTER.replace(
        "Dear colleagues,\n\n", "Dear colleagues,\n\n" + "A new paragraph.\n\n" * 5
    )
    placed = reanchor(selector(), new)
    assert placed.how == "context"
    assert new[placed.selector.start : placed.selector.end] == QUOTE
    assert placed.selector.start == selector().start + 5 * len("A new paragraph.\n\n")


def test_edit_right_next_to_the_quote() -> None:
    new = LETTER.replace("this spring. ", "this spring, as every year. ")
    new = new.replace("people, most of them families.", "people, many of them children.")
    placed = reanchor(selector(), new)
    assert placed.selector is not None
    assert new[placed.selector.start : placed.selector.end] == QUOTE


def test_whitespace_changes_inside_the_quote() -> None:
    new = LETTER.replace("now holds nearly 7", "now  holds\nnearly 7")
    placed = reanchor(selector(), new)
    assert placed.how == "fuzzy"
    assert new[placed.selector.start : placed.selector.end] == (
        "The non-detained docket now  holds\nnearly 7 million people"
    )


def test_changed_word_moves_fuzzily() -> None:
    new = "Preface added.\n" + LETTER.replace("now holds", "currently holds")
    placed = reanchor(selector(), new)
    assert placed.how == "fuzzy"
    assert (
        placed.selector.exact == "The non-detained docket currently holds nearly 7 million people"
    )


def test_deleted_words_orphan_the_anchor() -> None:
    new = LETTER.replace(QUOTE + ", most of them families. ", "")
    placed = reanchor(selector(), new)
    assert placed.selector is None and placed.how is None


@pytest.mark.parametrize(
    "changed",
    [
        "The non-detained docket now holds nearly 8 million people",
        "The non-detained docket now holds nearly 7 billion people",
        "The non-detained docket now holds nearly 7.5 million people",
    ],
)
def test_decoy_with_another_number_is_never_chosen(changed: str) -> None:
    new = LETTER.replace(QUOTE, changed)
    placed = reanchor(selector(), new)
    assert placed.selector is None


def test_repeated_quote_with_equal_context_is_orphaned_not_guessed() -> None:
    sel = locate("Intro here. x. Crime fell. y.", exact="Crime fell.")
    placed = reanchor(sel, "a. Crime fell. b. Crime fell. c.")
    assert placed.selector is None


def test_numbers_keep_their_magnitude() -> None:
    assert numbers("nearly 7 million and 41,500 beds, 12 % more") == [
        "7 million",
        "41,500",
        "12 %",
    ]
