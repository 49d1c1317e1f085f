"""What a figure counts: the noun phrase it quantifies, found with small word lists
(no tagger), after the number ("662,566 noncitizens with criminal histories") or, when
nothing follows, before its verb ("Unemployment stands at 3.9%")."""

from __future__ import annotations

import re

_STOP_WORDS = """
    a an the this that these those its their his her our my your it they he she we you i them
    of us him me is are was were be been being am has have had will would can could may might must
    shall should do does did who which whom whose where when while and or but nor than as since
    during at by from to into onto in on across over under above below after before between
    through throughout until till per up down so because if not no only also just more less
    fewer most least last next according compared about around roughly nearly almost some
    each every all both any such there here then now still already yet ever even very too
    what how why whether out off again against within without further for with worth
"""
STOP = set(_STOP_WORDS.split())
# Inside a phrase these join words ("people convicted of assault", "waiting lists in England").
JOINERS = {"of", "with", "without", "for", "in", "on", "at", "the", "from", "against"}
# After the number fewer: "people in fiscal year 2024" counts people, not the year.
AFTER_JOINERS = {"of", "with", "without", "for", "against"}
_VERB_WORDS = """
    rose rise rises risen fell fall falls fallen grew grow grows grown shrank shrunk hit hits
    stands stood stand reached reach reaches tops top topped totals total cost costs holds hold
    held employs employ stores needs need earns earn received receive recorded made make makes
    spent spend raised raise gets got get jumped climbed dropped declined increased decreased
    doubled tripled tops equals equal says said say shows show found find finds estimated
    came come comes went goes go remains remained stays stayed sits sat averaged averages
    represents represented accounts accounted numbered numbers lost lose loses won win wins
    double doubles triple triples halve halves will would could can may might should must
    die dies say says supports backed signed attended visited go goes suffer live
    want wants believe believes think thinks pays leave take takes receive receives remain
    voted agree agrees oppose
"""
VERBS = set(_VERB_WORDS.split())
PARTITIVE = {"them", "those", "these", "whom", "which", "us", "it"}
DETERMINERS = {"the", "that", "this", "these", "those", "its", "their", "our", "his", "her"}
TIME_WORDS = {"fiscal", "financial", "calendar", "year", "years", "month", "quarter", "week"}
RATE = re.compile(
    r"^\s*((?:a|an|per|each|every)\s+(?:year|day|week|month|hour|decade|quarter|person|"
    r"patient|head|capita|barrel|pupil|student|household|night|game|match))\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]")
MAX_WORDS = 6
WINDOW = 200


def _is_word(token: str) -> bool:
    return token[0].isalpha()


def _after(tokens: list[str], unit: str) -> list[str]:
    """The phrase right after the number: words until a verb, a function word or punctuation."""
    index = 0
    # "1.5C": the letter is the temperature's scale, not what is counted.
    while index < len(tokens) and tokens[index] in ("C", "F", "°"):
        index += 1
    # "45% of voters", "$850 billion in defence spending", "36% of the vote"
    skip = {"of", "the", "all", "its", "their"} if unit else {"of"}
    if unit and unit != "%":
        # "$850 billion in defence spending", "$12,000 on that ad campaign", but not
        # "$1.7 trillion in fiscal year 2023" or "-€1.2bn for the year".
        ahead = [t.lower() for t in tokens[index + 1 : index + 4] if _is_word(t)]
        ahead = [t for t in ahead if t not in DETERMINERS]
        if ahead and ahead[0] not in STOP and ahead[0] not in TIME_WORDS:
            skip |= {"in", "on", "for"} | DETERMINERS
    lowered = [t.lower() for t in tokens[index : index + 3]]
    if lowered[:1] == ["of"] and lowered[1:2] and lowered[1] in PARTITIVE:
        # "435,000 of them are convicted criminals": what they are is what is counted.
        if lowered[2:3] and lowered[2] in ("are", "were", "have", "had"):
            index += 3
        else:
            return []
    while index < len(tokens) and tokens[index].lower() in skip:
        index += 1
    words: list[str] = []
    while index < len(tokens) and len(words) < MAX_WORDS:
        token = tokens[index]
        lower = token.lower()
        if not _is_word(token):
            break
        if lower in AFTER_JOINERS and words:
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if not following or not _is_word(following) or following.lower() in STOP - JOINERS:
                break
        elif lower in STOP or (lower in VERBS and not words):
            break
        words.append(token)
        index += 1
    while words and words[-1].lower() in JOINERS:
        words.pop()
    return words


def _before(text: str) -> list[str]:
    """The subject before the verb that leads to the number, within its clause."""
    clause = re.split(r"[,;:()\"“”]", text)[-1]
    tokens = [t for t in WORD.findall(clause) if _is_word(t)]
    while tokens:
        lower = tokens[-1].lower()
        if lower in STOP or lower in VERBS or lower.endswith("ed") or lower.endswith("ly"):
            tokens.pop()
        else:
            break
    words: list[str] = []
    while tokens and len(words) < MAX_WORDS:
        lower = tokens[-1].lower()
        if lower in STOP and not (lower in JOINERS and words):
            break
        if lower in VERBS:
            break
        words.insert(0, tokens.pop())
    while words and words[0].lower() in JOINERS | STOP:
        words.pop(0)
    return words


def phrase(sentence: str, start: int, end: int, *, unit: str = "", floor: int = 0) -> str:
    """What the figure at `start`..`end` of `sentence` counts, or "" when nothing says.

    `floor` is where the previous figure ends: the phrase before never reaches past it.
    """
    rest = sentence[end : end + WINDOW]  # a few words are enough; long texts stay linear
    if re.match(r"^\s+of\s+(?:them|those|these)\s*[,.;]", rest):
        return ""  # "holds 411 of them.": the figure before says what they are
    words = _after(WORD.findall(rest), unit)
    rate = ""
    if words:
        consumed = re.search(re.escape(words[-1]), rest)
        rate_match = RATE.match(rest[consumed.end() :]) if consumed else None
    else:
        rate_match = RATE.match(rest)
        words = _before(sentence[max(floor, start - WINDOW) : start])
    if rate_match:
        rate = rate_match.group(1)
    result = " ".join(words)
    return f"{result} {rate}".strip() if result else rate
