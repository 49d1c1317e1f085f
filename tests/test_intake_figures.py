"""Figure extraction rules, one by one, on plain strings (no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from intake.figures import find
from intake.numbers import parse_value, plain


def only(sentence: str):
    found = find(sentence)
    assert len(found) == 1, found
    return found[0]


def values(sentence: str) -> list[str]:
    return [plain(f.value) for f in find(sentence)]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The docket holds 662,566 people.", "662566"),
        ("We created 4.1 million jobs.", "4100000"),
        ("Congress approved $850 billion in spending.", "850000000000"),
        ("We spent twelve thousand dollars on ads.", "12000"),
        ("The cut would cost a quarter of a million jobs.", "250000"),
        ("Half a million homes are empty.", "500000"),
        ("Two and a half million people voted early.", "2500000"),
        ("One hundred and fifty nurses joined the strike.", "150"),
        ("The deal is worth £1.2bn to the club.", "1200000000"),
        ("The factory employs 3k workers.", "3000"),
        ("The gang smuggled cocaine worth £30m.", "30000000"),
        ("The deficit is 1.7 trillion dollars.", "1700000000000"),
        ("Inflation was 0.5 per cent.", "0.5"),
        ("Seven candidates entered the race.", "7"),
    ],
)
def test_values_are_plain_decimals(sentence, value):
    assert plain(only(sentence).value) == value


@pytest.mark.parametrize(
    ("sentence", "qualifier", "text"),
    [
        ("More than 435,000 of them are convicted.", "more_than", "More than 435,000"),
        ("The docket holds nearly 7 million people.", "nearly", "nearly 7 million"),
        ("Roughly 2.5 million encounters were recorded.", "about", "Roughly 2.5 million"),
        ("Some 8,000 volunteers helped.", "about", "Some 8,000"),
        ("An estimated 11 million people live here.", "about", "An estimated 11 million"),
        ("Over 70 million Americans voted by mail.", "more_than", "Over 70 million"),
        ("Fewer than 5,000 visas were issued.", "less_than", "Fewer than 5,000"),
        ("Almost 60% of tickets went to sponsors.", "nearly", "Almost 60%"),
        ("At least 12 senators oppose it.", "at_least", "At least 12"),
        ("ICE can hold up to 41,500 people.", "up_to", "up to 41,500"),
        ("As many as 300 officers were deployed.", "up_to", "As many as 300"),
        ("Just under 1,000 people were deported.", "nearly", "Just under 1,000"),
        ("In excess of 500,000 samples were tested.", "more_than", "In excess of 500,000"),
        ("No fewer than 900 schools closed.", "at_least", "No fewer than 900"),
        ("The club's debt exceeds £1 billion.", "more_than", "exceeds £1 billion"),
        ("The agency hired 5,000 or more officers.", "at_least", "5,000 or more"),
        ("The firm has 10,000+ customers.", "at_least", "10,000+"),
        ("About 250,000 teachers left.", "about", "About 250,000"),
        ("The plan aims to limit warming to 1.5C.", "up_to", "1.5C"),
        ("The docket holds 662,566 people.", "exact", "662,566"),
    ],
)
def test_qualifiers_use_the_products_vocabulary(sentence, qualifier, text):
    figure = only(sentence)
    assert (figure.qualifier, figure.text) == (qualifier, text)
    assert sentence[figure.start : figure.end] == figure.text


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("Turnout was 66%.", "%"),
        ("Turnout was 66 per cent.", "%"),
        ("Turnout was 66 percent.", "%"),
        ("The ad cost $1,700.", "USD"),
        ("The ad cost US$1,700.", "USD"),
        ("The ad cost £1,700.", "GBP"),
        ("The ad cost €1,700.", "EUR"),
        ("The outbreak cost ¥2 trillion.", "JPY"),
        ("The ad cost 1,700 euros.", "EUR"),
        ("The ad cost 1,700 dollars.", "USD"),
        ("The ad cost 1,700 pounds.", "GBP"),
        ("The ad cost EUR 1,700.", "EUR"),
        ("The ad reached 1,700 viewers.", ""),
    ],
)
def test_units_are_percent_or_iso_currency_codes(sentence, unit):
    assert only(sentence).unit == unit


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        (
            "There were 662,566 noncitizens with criminal histories on the docket.",
            "noncitizens with criminal histories",
        ),
        (
            "ICE has released 15,811 people convicted of sexual assault.",
            "people convicted of sexual assault",
        ),
        ("Unemployment stands at 3.9%.", "Unemployment"),
        (
            "Coal accounted for 36% of global electricity generation.",
            "global electricity generation",
        ),
        ("Congress approved $850 billion in defence spending.", "defence spending"),
        ("Car thefts have risen to more than 18,000 a year.", "Car thefts a year"),
        ("ICE can hold 41,500 people in fiscal year 2024.", "people"),
    ],
)
def test_counts_is_the_noun_phrase_quantified(sentence, counts):
    assert only(sentence).counts == counts


def test_a_figure_after_up_from_counts_the_same_thing():
    first, second = find("ICE can hold 41,500 people in 2024, up from 34,000 in 2023.")
    assert first.counts == second.counts == "people"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Between 3 and 5 million people crossed.",
            [("3000000", "at_least"), ("5000000", "up_to")],
        ),
        ("Rents will rise 5-7% next year.", [("5", "at_least"), ("7", "up_to")]),
        ("Between 2,000 and 3,000 migrants crossed.", [("2000", "at_least"), ("3000", "up_to")]),
        ("From 300,000 to 412,000 homes were sold.", [("300000", "exact"), ("412000", "exact")]),
        ("Offences rose 7 per cent to 50,500.", [("7", "exact"), ("50500", "exact")]),
    ],
)
def test_ranges_give_a_low_and_a_high_end_but_changes_do_not(sentence, expected):
    assert [(plain(f.value), f.qualifier) for f in find(sentence)] == expected


def test_ranges_share_the_unit_written_once():
    low, high = find("Rents will rise 5-7% next year.")
    assert low.unit == high.unit == "%"


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Nearly 1 in 5 children cannot read well.", "20", "%"),
        ("Four in ten students work part-time.", "40", "%"),
        ("One out of four burglaries is solved.", "25", "%"),
    ],
)
def test_one_in_n_is_a_percentage(sentence, value, unit):
    figure = only(sentence)
    assert (plain(figure.value), figure.unit) == (value, unit)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The sample was cooled to minus 270 degrees.", "-270"),
        ("Inflation was negative 0.5 percent.", "-0.5"),
        ("The firm reported a loss of -€1.2bn.", "-1200000000"),
        ("GDP fell by 0.3% in the quarter.", "0.3"),
    ],
)
def test_negative_numbers_keep_their_sign_and_falls_do_not_invent_one(sentence, value):
    assert plain(only(sentence).value) == value


@pytest.mark.parametrize(
    "sentence",
    [
        "The order was signed in 2021.",  # year
        "The centre opened in 1998.",  # year
        "Obesity rates have tripled since the 1990s.",  # decade
        "The order was signed on January 20, 2021.",  # date
        "The summit opens on 30 November in Dubai.",  # day and month
        "The form is dated 21/07/2024.",  # numeric date
        "The report came out on 2024-07-21.",  # ISO date
        "The season runs 2023/24.",  # season
        "The exam starts at 9 a.m. sharp.",  # time
        "Kick-off is at 7:45 pm on Saturday.",  # time
        "At 3am the results came in.",  # time
        "The suspect, 34, was arrested.",  # age between commas
        "A 74-year-old candidate won.",  # age
        "She is 39 years old.",  # age
        "Patients aged 65 and over go first.",  # age
        "Volunteers aged 18 to 55 were enrolled.",  # ages
        "The mayor turns 60 on Friday.",  # age
        "She finished 3rd in the final.",  # ordinal
        "The 21st century has begun.",  # ordinal
        "The 17th-century manuscript was found.",  # ordinal
        "He served for 15 years in prison.",  # duration
        "The wait averaged 47 minutes.",  # duration
        "The 24-hour strike ended.",  # duration
        "Call 1-800-375-5283 for help.",  # phone
        "Officers can be reached at (202) 555-0143.",  # phone
        "The helpline is 0800 123 4567.",  # phone
        "Call +44 20 7946 0958 today.",  # phone
        "Covid-19 changed everything.",  # name with a number
        "Article 50 was triggered.",  # name with a number
        "The F-35 programme is delayed.",  # name with a number
        "The G7 leaders met.",  # name with a number
        "5G masts were installed.",  # name with a number
        "Visit us at 1600 Pennsylvania Avenue.",  # address
        "Manchester City won 3-1 at Anfield.",  # score
        "It is one of the best.",  # "one" is not a count
        "Children start school at five in England.",  # a number word without a noun
        "Thank you all so much for coming tonight.",  # nothing at all
    ],
)
def test_numbers_that_are_not_figures_are_left_out(sentence):
    assert find(sentence) == []


def test_a_year_that_counts_something_is_a_figure():
    assert values("The hospital has 2000 beds.") == ["2000"]


def test_an_open_ended_span_of_time_is_a_figure():
    # A claim stands on "40 years or more" of records; matching compares that number.
    assert values("It covers people who entered over the past 40 years or more.") == ["40"]
    assert values("The data spans 40+ years of arrivals.") == ["40"]
    assert values("The figures cover the past 40 years and more.") == ["40"]
    assert values("He served for 15 years in prison.") == []


def test_as_of_date_from_the_sentence():
    figure = only("As of July 21, 2024, there were 662,566 people on the docket.")
    assert figure.as_of == datetime.date(2024, 7, 21)


def test_as_of_without_a_year_takes_the_year_of_the_sentence_or_stays_empty():
    assert only("As of July 21, 662,566 people were on the docket.").as_of is None
    figure = only("As of July 21, 662,566 people were on the docket in fiscal year 2024.")
    assert figure.as_of == datetime.date(2024, 7, 21)


@pytest.mark.parametrize(
    ("sentence", "periods"),
    [
        (
            "ICE can hold up to 41,500 people in fiscal year 2024, "
            "up from 34,000 in fiscal year 2023.",
            ["fiscal year 2024", "fiscal year 2023"],
        ),
        (
            "From May 2023 through July 2024, DHS removed 900,000 people.",
            ["From May 2023 through July 2024"],
        ),
        ("Border agents recorded 2.5 million encounters last year.", ["last year"]),
        ("Wages grew 4.5% in the year to June.", ["the year to June"]),
        ("Car thefts rose to 18,000 a year.", [""]),
    ],
)
def test_period_of_each_figure(sentence, periods):
    assert [f.period for f in find(sentence)] == periods


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.1 million", "4100000"),
        ("$850 billion", "850000000000"),
        ("twelve thousand", "12000"),
        ("a quarter of a million", "250000"),
        ("3.2 per cent", "3.2"),
        ("1.2bn", "1200000000"),
        ("-0.3", "-0.3"),
        ("662,566", "662566"),
    ],
)
def test_parse_value_reads_what_an_editor_types(text, value):
    assert plain(parse_value(text)) == value


@pytest.mark.parametrize("text", ["half", "and", "a", "4.1 gazillion", "yesterday", ""])
def test_parse_value_refuses_what_is_not_a_number(text):
    assert parse_value(text) is None


def test_plain_never_writes_an_exponent():
    assert plain(Decimal("2E+1")) == "20"
    assert plain(Decimal("4100000.000")) == "4100000"


def test_of_them_takes_what_they_are_or_the_thing_counted_before():
    assert only("More than 435,000 of them are convicted criminals.").counts == (
        "convicted criminals"
    )
    seats = find("Parliament has 650 seats and the government holds 411 of them.")
    assert [f.counts for f in seats] == ["seats", "seats"]


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("The Met Office recorded 2,000 hours of sunshine.", "2000", ""),
        ("The report found 1 in every 4 children was underweight.", "25", "%"),
        ("A dozen states have banned the practice.", "12", ""),
        ("Spending rose to R$ 1.2 billion.", "1200000000", "BRL"),
        ("The grant is worth € 2.5 million.", "2500000", "EUR"),
    ],
)
def test_amounts_of_time_shares_of_every_n_and_dozens(sentence, value, unit):
    figure = only(sentence)
    assert (plain(figure.value), figure.unit) == (value, unit)
