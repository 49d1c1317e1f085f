"""Check-worthiness: how much a sentence deserves a fact-checker's look, from 0 to 1.

A transparent sum of signals, each of which a desk editor can read and argue with:
figures, comparisons, causes, superlatives and sources raise the score; greetings,
thanks, questions and opinion without a fact lower it.
"""

from __future__ import annotations

import re

BASE = 0.2
FIGURE = 0.35
EXTRA_FIGURE = 0.05
SIGNALS: list[tuple[float, re.Pattern[str]]] = [
    # Comparisons and changes: "more than", "rose", "doubled", "compared with"
    (
        0.2,
        re.compile(
            r"\b(?:more|less|fewer|higher|lower|bigger|smaller|than|increase[sd]?|decrease[sd]?|"
            r"rose|risen|rise[sn]?|fell|fallen|falls?|grew|grown|growth|declined?|drop(?:ped)?|"
            r"doubled?|tripled?|halved|cut|jump(?:ed)?|surged?|soared?|plunged?|compared|"
            r"up from|down from|since|record)\b",
            re.IGNORECASE,
        ),
    ),
    # Causes: "because", "led to", "driven by", "fueling"
    (
        0.3,
        re.compile(
            r"\b(?:because|caused?|causes|causing|due to|led to|leads? to|result(?:ed|s)? in|"
            r"as a result|driven by|drives|fuel(?:l?ing|l?ed|s)?|responsible for|blame[sd]?|"
            r"thanks to|contribut(?:es|ed|ing) to|linked to|so that|therefore)\b",
            re.IGNORECASE,
        ),
    ),
    # Superlatives and absolutes: "the highest", "never", "every"
    (
        0.15,
        re.compile(
            r"\b(?:most|least|highest|lowest|largest|biggest|smallest|fastest|slowest|worst|best|"
            r"first|only|never|ever|always|all-time|record|unprecedented|every|no one|nobody|"
            r"all of|none)\b",
            re.IGNORECASE,
        ),
    ),
    # Sources and data: "according to", "a study", "statistics"
    (
        0.1,
        re.compile(
            r"\b(?:according to|study|studies|report(?:ed|s)?|data|survey|census|statistics|"
            r"figures|poll|research|analysis|estimate[sd]?|official|records?)\b",
            re.IGNORECASE,
        ),
    ),
    # Quantity words that are claims even without digits: "half", "majority", "millions"
    (
        0.1,
        re.compile(
            r"\b(?:half|majority|minority|third|quarter|dozens|hundreds|thousands|millions|"
            r"billions|percent|per cent|rate|average|median|total)\b",
            re.IGNORECASE,
        ),
    ),
]
PENALTIES: list[tuple[float, re.Pattern[str]]] = [
    # Greetings, thanks and ceremony
    (
        0.45,
        re.compile(
            r"\b(?:thank(?:s| you)|welcome|good (?:morning|afternoon|evening|night)|hello|"
            r"ladies and gentlemen|congratulations|god bless|applause|cheers|great to be|"
            r"wonderful to be|honou?r to|pleasure to|happy to be|goodbye|bye)\b",
            re.IGNORECASE,
        ),
    ),
    # Opinion and exhortation without a checkable fact
    (
        0.25,
        re.compile(
            r"\b(?:I (?:believe|think|feel|hope|know|want|love)|in my (?:view|opinion)|we must|"
            r"we should|we will|let us|let's|must act|deserves?|disgrace|disaster|"
            r"wonderful|terrible|amazing|great|fantastic|beautiful|shameful|incredible|"
            r"everybody knows|no question)\b",
            re.IGNORECASE,
        ),
    ),
]


def score(sentence: str, figures: int = 0) -> float:
    """The check-worthiness of `sentence` (0 to 1) given how many figures were found in it."""
    words = re.findall(r"\w+", sentence)
    if not words:
        return 0.0
    value = BASE
    if figures:
        value += FIGURE + EXTRA_FIGURE * min(figures - 1, 3)
    for weight, pattern in SIGNALS:
        if pattern.search(sentence):
            value += weight
    for weight, pattern in PENALTIES:
        if pattern.search(sentence):
            value -= weight
    if sentence.rstrip().endswith("?"):
        value -= 0.15  # a question asks; it does not claim
    if len(words) < 5 and not figures:
        value -= 0.15
    return round(min(1.0, max(0.0, value)), 3)
