"""The demo case: ICE's non-detained docket figures, autumn 2024, as reported by Latin Times.

Every fact here comes from that report. Fields the report does not give are
left empty rather than guessed (no URLs, no exact dates where none was given).
Verbatim quotes are kept exactly as written, including the speaker's "40 year".
"""

from __future__ import annotations

from datetime import date

LETTER_AS_OF = date(2024, 7, 21)  # "as of July 21" unless the letter says otherwise

SPEAKERS = {
    "lechleitner": {
        "name": "Patrick J. Lechleitner",
        "kind": "person",
        "role": "Acting Deputy Director, U.S. Immigration and Customs Enforcement (ICE)",
        "affiliation": "U.S. Immigration and Customs Enforcement",
    },
    "gonzales": {
        "name": "Tony Gonzales",
        "kind": "person",
        "role": "U.S. Representative (Republican, Texas)",
        "affiliation": "Republican Party",
    },
    "dhs": {
        "name": "U.S. Department of Homeland Security (spokesperson)",
        "kind": "organization",
        "role": "Statement given to several outlets, among them The Washington Post",
        "affiliation": "U.S. Department of Homeland Security",
    },
    "trump": {
        "name": "Donald Trump",
        "kind": "person",
        "role": "Republican presidential nominee (2024)",
        "affiliation": "Republican Party",
    },
}

SOURCES = {
    "letter": {
        "kind": "letter",
        "title": "Letter from ICE to Rep. Tony Gonzales",
        "publisher": "U.S. Immigration and Customs Enforcement",
        "author": "lechleitner",
        "date": date(2024, 9, 25),
        "date_precision": "day",
    },
    "gonzales-statement": {
        "kind": "statement",
        "title": "Public statement by Rep. Tony Gonzales",
        "author": "gonzales",
        "date": date(2024, 9, 27),
        "date_precision": "day",
    },
    "dhs-statement": {
        "kind": "statement",
        "title": "DHS spokesperson statement to several outlets",
        "publisher": "U.S. Department of Homeland Security",
        "author": "dhs",
        "date": date(2024, 9, 1),
        "date_precision": "month",  # late September 2024; no exact date given
    },
    "rnc": {
        "kind": "speech",
        "title": "Remarks at the Republican National Convention",
        "author": "trump",
        "date": date(2024, 7, 1),
        "date_precision": "month",  # July 2024; no exact date given
    },
    "report": {
        "kind": "article",
        "title": "Latin Times report on ICE's non-detained docket figures",
        "publisher": "Latin Times",
        "date": date(2024, 9, 1),
        "date_precision": "month",  # ran after 27 September 2024; no exact date given
        "text_public": False,  # © 2024 Latin Times
    },
}

# The source texts are only the words the report quotes from each source, exactly as
# quoted; "[…]" stands for what the report leaves out. Nothing else of these texts is known.
SOURCE_TEXTS = {
    "letter": (
        "[…] 'sanctuary' policies can end up shielding dangerous criminals, who often "
        "victimize those same communities […]\n\n"
        "[…] primarily considering risk of flight, national security threat, and threat to "
        "public safety […]"
    ),
    "gonzales-statement": (
        "The data released by ICE is beyond disturbing, and it should be a wake-up call for "
        "the Biden-Harris administration and cities across the country that hide behind "
        "sanctuary policies […]\n\n"
        "It's time for Washington to move past rhetoric and toward results. Americans "
        "deserve to feel safe in their communities."
    ),
    "dhs-statement": (
        "[…] misinterpreting […]\n\n"
        "[…] includes people who entered the country over the past 40 year or more, the vast "
        "majority of whose custody determination was made long before this administration."
    ),
}

# Claims anchored in those texts, on these exact words.
ANCHORS = {
    "sanctuary": (
        "'sanctuary' policies can end up shielding dangerous criminals, who often victimize "
        "those same communities"
    ),
    "no-release-homicide": (
        "primarily considering risk of flight, national security threat, and threat to public "
        "safety"
    ),
    "beyond-disturbing": (
        "The data released by ICE is beyond disturbing, and it should be a wake-up call for "
        "the Biden-Harris administration and cities across the country that hide behind "
        "sanctuary policies"
    ),
    "feel-safe": (
        "It's time for Washington to move past rhetoric and toward results. Americans "
        "deserve to feel safe in their communities."
    ),
    "misinterpreting": (
        "includes people who entered the country over the past 40 year or more, the vast "
        "majority of whose custody determination was made long before this administration."
    ),
}

# Claims say the date of their source. A figure is
# (value, qualifier, counts, unit, as_of, period, denominator as "claim-key:position").
CLAIMS = {
    "ndd-criminal-histories": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "As of July 21, there were 662,566 noncitizens with criminal histories "
            "on ICE's non-detained docket."
        ),
        "summary": "662,566 noncitizens with criminal histories on ICE's non-detained docket",
        "figures": [
            (
                "662566",
                "exact",
                "noncitizens with criminal histories on ICE's non-detained docket",
                "people",
                LETTER_AS_OF,
                "",
                "docket-size:0",
            ),
        ],
    },
    "ndd-convicted": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": "More than 435,000 of them are convicted criminals.",
        "summary": "More than 435,000 on the non-detained docket are convicted criminals",
        "figures": [
            (
                "435000",
                "more_than",
                "convicted criminals on the non-detained docket",
                "people",
                LETTER_AS_OF,
                "",
                "ndd-criminal-histories:0",
            ),
        ],
    },
    "ndd-pending": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": "226,847 of them have pending criminal charges.",
        "summary": "226,847 on the non-detained docket have pending criminal charges",
        "figures": [
            (
                "226847",
                "exact",
                "people with pending criminal charges on the non-detained docket",
                "people",
                LETTER_AS_OF,
                "",
                "ndd-criminal-histories:0",
            ),
        ],
    },
    "assault-released": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "62,231 individuals with criminal convictions for assault have been released by "
            "ICE as they await immigration proceedings; ICE is waiting on 42,915 cases with "
            "pending assault charges."
        ),
        "summary": "ICE released 62,231 people convicted of assault pending proceedings",
        "figures": [
            (
                "62231",
                "exact",
                "people convicted of assault released by ICE pending proceedings",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
            (
                "42915",
                "exact",
                "cases with pending assault charges",
                "cases",
                LETTER_AS_OF,
                "",
                None,
            ),
        ],
    },
    "assault-detained": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "ICE is currently holding 2,348 people convicted of assault and 1,498 with "
            "pending assault charges."
        ),
        "summary": "ICE holds 2,348 people convicted of assault and 1,498 charged",
        "figures": [
            (
                "2348",
                "exact",
                "people convicted of assault held by ICE",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
            (
                "1498",
                "exact",
                "people with pending assault charges held by ICE",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
        ],
    },
    "other-convictions": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "ICE has released 15,811 people convicted of sexual assault, 56,533 convicted of "
            "drug possession and 2,521 convicted of kidnapping."
        ),
        "summary": "ICE released 15,811 convicted of sexual assault, 2,521 of kidnapping",
        "figures": [
            (
                "15811",
                "exact",
                "people convicted of sexual assault released by ICE",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
            (
                "56533",
                "exact",
                "people convicted of drug possession released by ICE",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
            (
                "2521",
                "exact",
                "people convicted of kidnapping released by ICE",
                "people",
                LETTER_AS_OF,
                "",
                None,
            ),
        ],
    },
    "sanctuary": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "verbatim",
        "text": (
            "'sanctuary' policies can end up shielding dangerous criminals, who often victimize "
            "those same communities"
        ),
        "summary": "'Sanctuary' policies can shield dangerous criminals",
        "figures": [],
    },
    "no-release-homicide": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "The agency is not allowed to release certain individuals, including those "
            'convicted of homicide; other cases are decided case by case, "primarily '
            "considering risk of flight, national security threat, and threat to public "
            'safety"'
        ),
        "summary": "ICE may not release people convicted of homicide",
        "figures": [],
    },
    "removals": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": "From May 2023 through July 2024, DHS removed or returned 900,000 individuals.",
        "summary": "DHS removed or returned 900,000 people from May 2023 to July 2024",
        "figures": [
            (
                "900000",
                "exact",
                "individuals removed or returned by DHS",
                "people",
                None,
                "May 2023 – July 2024",
                None,
            ),
        ],
    },
    "detention-capacity": {
        "speaker": "lechleitner",
        "source": "letter",
        "text_kind": "paraphrase",
        "text": (
            "ICE can hold up to 41,500 people in fiscal year 2024, up from 34,000 in fiscal "
            "year 2023."
        ),
        "summary": "ICE can hold up to 41,500 people in FY2024, up from 34,000 in FY2023",
        "figures": [
            (
                "41500",
                "up_to",
                "people ICE can hold in detention",
                "people",
                None,
                "fiscal year 2024",
                None,
            ),
            (
                "34000",
                "up_to",
                "people ICE could hold in detention",
                "people",
                None,
                "fiscal year 2023",
                None,
            ),
        ],
    },
    "beyond-disturbing": {
        "speaker": "gonzales",
        "source": "gonzales-statement",
        "text_kind": "verbatim",
        "text": (
            "The data released by ICE is beyond disturbing, and it should be a wake-up call for "
            "the Biden-Harris administration and cities across the country that hide behind "
            "sanctuary policies"
        ),
        "summary": "ICE data is 'beyond disturbing', a wake-up call on sanctuary policies",
        "figures": [],
    },
    "feel-safe": {
        "speaker": "gonzales",
        "source": "gonzales-statement",
        "text_kind": "verbatim",
        "text": (
            "It's time for Washington to move past rhetoric and toward results. Americans "
            "deserve to feel safe in their communities."
        ),
        "summary": "Americans deserve to feel safe in their communities",
        "figures": [],
    },
    "murder-13099": {
        "speaker": "trump",
        "source": "rnc",
        "text_kind": "paraphrase",
        "text": (
            "13,099 immigrants with murder convictions (figure cited by Trump and his allies "
            "from the ICE data, at the Republican National Convention and in later remarks)"
        ),
        "summary": "13,099 immigrants with murder convictions",
        "figures": [
            (
                "13099",
                "exact",
                "immigrants with murder convictions on the non-detained docket",
                "people",
                None,
                "",
                "docket-size:0",
            ),
        ],
    },
    "violent-crime": {
        "speaker": "trump",
        "source": "rnc",
        "text_kind": "paraphrase",
        "text": "Immigrants who entered the country illegally are fueling violent crime.",
        "summary": "Immigrants who entered illegally are fueling violent crime",
        "figures": [],
    },
    "misinterpreting": {
        "speaker": "dhs",
        "source": "dhs-statement",
        "text_kind": "paraphrase",
        "text": (
            'Republicans are "misinterpreting" the ICE data: it "includes people who entered '
            "the country over the past 40 year or more, the vast majority of whose custody "
            'determination was made long before this administration."'
        ),
        "summary": "Republicans are 'misinterpreting' ICE data that spans 40+ years",
        "figures": [
            ("40", "at_least", "years of arrivals the docket data covers", "years", None, "", None),
        ],
    },
    "docket-size": {
        "speaker": "dhs",
        "source": "dhs-statement",
        "text_kind": "paraphrase",
        "text": (
            "The non-detained docket is a list of nearly 7 million people with pending "
            "immigration cases who are not held by ICE."
        ),
        "summary": "The non-detained docket lists nearly 7 million people not held by ICE",
        "figures": [
            (
                "7000000",
                "nearly",
                "people on ICE's non-detained docket (pending immigration cases, not held by ICE)",
                "people",
                None,
                "",
                None,
            ),
        ],
    },
}

REPORT_CITATION = {
    "title": "Latin Times report on ICE's non-detained docket figures (late September 2024)",
    "publisher": "Latin Times",
}
DHS_CITATION = {
    "title": "DHS spokesperson statement, as reported by Latin Times",
    "publisher": "U.S. Department of Homeland Security",
    "excerpt": (
        "includes people who entered the country over the past 40 year or more, the vast "
        "majority of whose custody determination was made long before this administration."
    ),
}

NOTES = {
    "forty-years": {
        "kind": "timeframe",
        "title": "These figures accumulate over four decades or more",
        "body": (
            "The docket figures accumulate over **four decades or more**. According to the "
            "DHS statement, most of the custody decisions behind them were made long before "
            "the administration now being blamed for them."
        ),
        "claims": [
            "ndd-criminal-histories",
            "ndd-convicted",
            "murder-13099",
            "other-convictions",
            "assault-released",
        ],
        "citations": [DHS_CITATION, REPORT_CITATION],
        "figures": [],
    },
    "denominator": {
        "kind": "scale",
        "title": "Out of a docket of nearly 7 million people",
        "body": (
            "The non-detained docket holds nearly 7 million people, so 662,566 is about "
            "9.5 % of it and 13,099 about 0.19 %."
        ),
        "claims": ["ndd-criminal-histories", "murder-13099"],
        "citations": [DHS_CITATION, REPORT_CITATION],
        "figures": [],
    },
    "not-released-onto-streets": {
        "kind": "definition",
        "title": "“Non-detained” does not mean released onto the streets",
        "body": (
            "“Non-detained” does not mean free: many people on the docket are held by "
            "federal, state or local authorities, or served their sentences but have not "
            "been removed."
        ),
        "claims": ["assault-released", "other-convictions", "murder-13099"],
        "citations": [REPORT_CITATION],
        "figures": [],
    },
    "capacity": {
        "kind": "scale",
        "title": "ICE can hold at most 41,500 people",
        "body": (
            "ICE can hold at most 41,500 people in fiscal year 2024, a small fraction of the "
            "662,566 noncitizens with criminal histories on the docket."
        ),
        "claims": ["assault-released", "other-convictions"],
        "citations": [REPORT_CITATION],
        "figures": [
            (
                "41500",
                "up_to",
                "people ICE can hold in detention",
                "people",
                None,
                "fiscal year 2024",
                "ndd-criminal-histories:0",
            ),
        ],
    },
    "studies": {
        "kind": "cited_study",
        "title": "Studies find immigrants are not more likely to commit crimes",
        "body": (
            "Several studies find that immigrants are not more likely to commit crimes. The "
            "report cites “several studies” without naming them; the desk has not yet added "
            "the individual studies as citations."
        ),
        "claims": ["violent-crime"],
        "citations": [REPORT_CITATION],
        "figures": [],
    },
    "homicide-rule": {
        "kind": "missing_context",
        "title": "ICE may not release people convicted of homicide",
        "body": (
            "ICE's own letter says the agency is not allowed to release people convicted of "
            "homicide. DHS says people on the docket are not held by ICE for reasons such as "
            "being incarcerated by other authorities."
        ),
        "claims": ["murder-13099"],
        "citations": [REPORT_CITATION],
        "figures": [],
    },
}

# (from, kind, to)
RELATIONS = [
    ("docket-size", "contextualises", "ndd-criminal-histories"),
    ("docket-size", "contextualises", "murder-13099"),
    ("misinterpreting", "disputes", "beyond-disturbing"),
    ("misinterpreting", "disputes", "murder-13099"),
    ("murder-13099", "same_data", "ndd-criminal-histories"),
    ("beyond-disturbing", "responds_to", "ndd-criminal-histories"),
    ("ndd-convicted", "part_of", "ndd-criminal-histories"),
    ("ndd-pending", "part_of", "ndd-criminal-histories"),
]

ILLUSTRATIVE = "Illustrative verdict for the demo; the report itself rates nothing. "
VERDICTS = {
    "ndd-criminal-histories": ILLUSTRATIVE
    + (
        "The count is real but spans four decades and is about 9.5 % of a docket of nearly "
        "7 million people."
    ),
    "assault-released": ILLUSTRATIVE
    + (
        "“Released” here means not held by ICE: many are held by other authorities or "
        "served their sentences; the figures span decades."
    ),
    "murder-13099": ILLUSTRATIVE
    + (
        "The figure comes from a docket spanning four decades; it is about 0.19 % of the "
        "docket, and many of these people are held by other authorities."
    ),
    "violent-crime": ILLUSTRATIVE
    + ("Several studies find immigrants are not more likely to commit crimes."),
}
VERDICT_LABEL = "Missing context"

TAGS = ["immigration", "crime statistics", "ICE non-detained docket"]
