"""Sentence splitting, check-worthiness and analyse(): plain strings, no database."""

from __future__ import annotations

from intake import worthiness
from intake.analysis import analyse, ranked
from intake.sentences import split


def test_sentences_keep_abbreviations_and_decimals_together():
    text = "Mr. Smith said on Jan. 5 that the U.S. economy grew 2.5% last year. Dr. Jones agreed."
    assert [s.text for s in split(text)] == [
        "Mr. Smith said on Jan. 5 that the U.S. economy grew 2.5% last year.",
        "Dr. Jones agreed.",
    ]


def test_offsets_point_into_the_original_text():
    text = "  Thank you!\n\nWe created 4.1 million jobs.   Inflation is 3.2%. \n"
    for span in split(text):
        assert text[span.start : span.end] == span.text
    assert [s.text for s in split(text)] == [
        "Thank you!",
        "We created 4.1 million jobs.",
        "Inflation is 3.2%.",
    ]


def test_a_line_wrapped_mid_sentence_stays_one_sentence():
    text = "The docket holds nearly 7 million people\nwith pending cases. Next sentence."
    assert [s.text for s in split(text)] == [
        "The docket holds nearly 7 million people\nwith pending cases.",
        "Next sentence.",
    ]


def test_long_texts_are_split_like_short_ones():
    paragraph = "Mr. Smith spoke. The U.S. economy grew 2.5% in 2023. Thank you all!"
    one = [s.text for s in split(paragraph)]
    long_text = " ".join([paragraph] * 300)  # one paragraph of 3,900 words, cut in chunks
    spans = split(long_text)
    assert [s.text for s in spans] == one * 300
    assert all(long_text[s.start : s.end] == s.text for s in spans)


def test_empty_text_has_no_sentences():
    assert split("") == []
    assert split(" \n\n\t") == []


def test_figures_comparisons_and_causes_rank_above_greetings_and_opinion():
    scores = {
        text: worthiness.score(text, figures)
        for text, figures in [
            ("Thank you, thank you so much, it's wonderful to be back in Ohio!", 0),
            ("I believe this is the most important election of our lifetime.", 0),
            ("Immigrants who entered illegally are fueling violent crime.", 0),
            ("Homicides fell by 20% in 2023, the largest drop on record.", 1),
            ("More than 435,000 of them are convicted criminals.", 1),
        ]
    }
    ordered = sorted(scores, key=scores.get)
    assert ordered[:2] == [
        "Thank you, thank you so much, it's wonderful to be back in Ohio!",
        "I believe this is the most important election of our lifetime.",
    ]
    assert (
        scores["Homicides fell by 20% in 2023, the largest drop on record."]
        > scores["Immigrants who entered illegally are fueling violent crime."]
    )
    assert all(0 <= score <= 1 for score in scores.values())


def test_a_causal_claim_scores_above_the_same_words_without_the_cause():
    assert worthiness.score("Crime rose because of the new law.") > worthiness.score(
        "Crime is on our minds with the new law."
    )


def test_questions_score_below_the_statement():
    assert worthiness.score("Did crime rise by 20%?", 1) < worthiness.score("Crime rose by 20%.", 1)


def test_analyse_ranks_the_desk_list_with_the_figures_first():
    text = (
        "Good evening, everybody. We created more than 4.1 million jobs, the most ever. "
        "I love this state."
    )
    found = analyse(text)
    assert ranked(found)[0].text == ("We created more than 4.1 million jobs, the most ever.")
    jobs = found[1].figures[0]
    assert text[jobs.start : jobs.end] == "more than 4.1 million"
    assert (jobs.qualifier, jobs.counts) == ("more_than", "jobs")


def test_text_without_sentence_ends_is_still_cut_into_pieces():
    text = "one two three hundred thousand and " * 200
    spans = split(text)
    assert len(spans) > 1
    assert all(len(s.text) <= 3000 and text[s.start : s.end] == s.text for s in spans)


def test_a_run_of_digits_too_long_for_an_amount_is_not_a_figure():
    found = analyse("Serial " + "9" * 5000 + " and 12 cases.")
    assert [f.value for s in found for f in s.figures] == [12]
