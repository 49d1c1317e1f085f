"""Words the synthetic archive is written with: names, outlets and the sentences of notes.

Plain data; the beats and their figures are in topics.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A countable whole, its typical size, and parts of it (counts, predicate, share range)."""

    counts: str
    unit: str
    low: float
    high: float
    parts: tuple[tuple[str, str, float, float], ...]


@dataclass(frozen=True)
class Topic:
    """A beat of the desk: tag, figure families, rhetoric, note vocabulary and outlets."""

    tag: str
    families: tuple[Family, ...]
    rhetoric: tuple[str, ...]
    terms: tuple[str, ...]  # words a definition note explains
    agencies: tuple[str, ...]
    roles: tuple[str, ...]


# fmt: off
GENERIC_RHETORIC = (
    "It's time for Washington to move past rhetoric and toward results.",
    "The American people deserve the truth, and they deserve better than this.",
    "These numbers should be a wake-up call for everyone in this country.",
    "Nobody is talking about this, but the data is right there.",
    "We did what we said we would do, and the results speak for themselves.",
    "Anyone who tells you otherwise is misreading the data.",
    "This is a crisis of their own making.", "That's not a talking point, that's a fact.",
)
FIRST_NAMES = (
    "Maria", "James", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Karen", "Carlos",
    "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Ashley", "Steven",
    "Kimberly", "Andrew", "Donna", "Joshua", "Michelle", "Kevin", "Dorothy", "Brian", "Carol",
    "George", "Amanda", "Edward", "Melissa", "Ronald", "Deborah", "Timothy", "Stephanie", "Jason",
    "Rebecca", "Jeffrey", "Sharon", "Ryan", "Laura", "Jacob", "Cynthia", "Gary", "Amy", "Nicholas",
    "Kathleen", "Eric", "Angela", "Jonathan", "Shirley", "Priya", "Wei", "Aisha", "Tomás", "Ngozi",
)
LAST_NAMES = (
    "Delgado", "Whitfield", "Okafor", "Brennan", "Castellanos", "Hargrove", "Nakamura", "Lindqvist",
    "Abernathy", "Moreno", "Kowalski", "Fitzgerald", "Haddad", "Pemberton", "Vasquez", "Oyelaran",
    "Drummond", "Ashworth", "Quintero", "Thibodeaux", "Rasmussen", "Bellamy", "Chaudhry", "Eriksen",
    "Galloway", "Hollister", "Iwasaki", "Jablonski", "Kensington", "Lombardi", "Marchetti", "Novak",
    "Ostrowski", "Prendergast", "Quarles", "Rutherford", "Santangelo", "Tremblay", "Underwood",
    "Valenzuela", "Wojcik", "Yamamoto", "Zimmerman", "Achterberg", "Blackwood", "Cardenas",
    "Dunleavy", "Esposito", "Fairbanks", "Gutierrez", "Halvorsen", "Ibarra", "Jorgensen",
    "Kaminski", "Lachance", "Montgomery", "Nwosu", "Ortega", "Pacheco", "Quinlan", "Romanoff",
    "Steinberg", "Takahashi", "Ulrich", "Villanueva", "Westbrook", "Yoder", "Zamora", "Albright",
    "Beauchamp",
)
STATES = (
    "Texas", "Arizona", "Ohio", "Georgia", "Florida", "Michigan", "Pennsylvania", "Nevada",
    "Wisconsin", "California", "New York", "Illinois", "North Carolina", "Colorado", "Virginia",
    "Minnesota", "Oregon", "Missouri", "Tennessee", "New Mexico",
)
CITIES = (
    "Houston", "Phoenix", "Columbus", "Atlanta", "Miami", "Detroit", "Philadelphia", "Las Vegas",
    "Milwaukee", "Los Angeles", "Buffalo", "Chicago", "Charlotte", "Denver", "Richmond",
    "Minneapolis", "Portland", "St. Louis", "Memphis", "Albuquerque", "San Antonio", "El Paso",
)
PARTIES = (
    "Republican", "Democrat", "Independent",
)
ORGANISATION_KINDS = (
    "Center for {tag} Policy", "{state} Institute for {tag} Research", "Coalition for {tag} Reform",
    "{state} Department of {tag}", "National {tag} Council", "{city} {tag} Alliance",
)
NEWS_OUTLETS = (
    "The Washington Post", "The New York Times", "Associated Press", "Reuters", "NPR",
    "The Wall Street Journal", "Politico", "Axios", "The Texas Tribune", "CNN", "Fox News",
    "Latin Times", "ProPublica", "The Guardian", "Bloomberg", "Los Angeles Times",
    "Chicago Tribune", "The Atlanta Journal-Constitution", "Miami Herald", "The Hill",
)
JOURNALS = (
    "Journal of Quantitative Criminology", "American Economic Review", "Health Affairs",
    "Demography", "Journal of Public Economics", "Criminology", "The Lancet", "JAMA",
    "Proceedings of the National Academy of Sciences", "Journal of Policy Analysis and Management",
)
EVENTS = (
    "a campaign rally in {city}", "a town hall in {city}", "the {party} National Convention",
    "a press conference in {city}", "a House committee hearing", "a Senate floor speech",
    "a debate in {city}", "a fundraiser in {city}", "a radio interview", "a televised interview",
)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
RATING_WEIGHTS = (15, 25, 30, 20, 10)  # False … Accurate, as on a typical desk

# Sentences of context notes and citations; {placeholders} are filled by writing.py.
NOTE_TITLES = {
    "timeframe": (
        "The {counts} figure goes back {years} years",
        "These numbers cover decades, not one administration",
        "When the {counts} were counted",
    ),
    "scale": (
        "{said} is a small share of {whole}",
        "Read against {whole}",
        "How big is {said}?",
    ),
    "definition": (
        "What \"{term}\" means in the {agency} data",
        "The word \"{term}\" is doing a lot of work",
        "\"{term}\" does not mean what it sounds like",
    ),
    "missing_context": (
        "What the {tag} figures leave out",
        "The {counts} count includes people held elsewhere",
        "Missing context on {term}",
    ),
    "cited_study": (
        "What studies say about {term}",
        "Research on {tag}: the evidence",
        "{journal} on {term}",
    ),
    "correction": (
        "An earlier figure for {counts} was revised",
        "The {agency} corrected its {term} data",
        "Revised numbers on {term}",
    ),
}
NOTE_OPENERS = {
    "timeframe": (
        "The **{said}** {counts} accumulate over about **{years} years**; most of the decisions behind them predate the officials now being blamed.",
        "These figures are cumulative. They count everyone recorded since the {agency} began keeping the list, not people added this year.",
    ),
    "scale": (
        "For scale: the {agency} counts {whole}, so **{said}** is a fraction of the total.",
        "A number this size needs its denominator. Against {whole}, {said} is a small share.",
    ),
    "definition": (
        "\"{term}\" is a term of art in the {agency} data, and it does not mean what a reader might assume.",
        "In the {agency} data, *{term}* has a narrow legal meaning that the claim stretches.",
    ),
    "missing_context": (
        "The claim leaves out that many of the {counts} are held by other authorities or were counted twice.",
        "The {said} figure is accurate as far as it goes, but it omits how the {agency} defines the group.",
    ),
    "cited_study": (
        "Several studies bear on this. A {year} paper in *{journal}* finds no link of the kind the claim implies.",
        "Researchers have looked at {term} repeatedly; the weight of the evidence, summarised below, points the other way.",
    ),
    "correction": (
        "The {agency} revised its figures for {counts} after the claim was made; the revised number is lower.",
        "An earlier release gave a different figure for {counts}; the {agency} corrected it in {year}.",
    ),
}
NOTE_DETAILS = (
    "The {agency} publishes the underlying data each quarter, with a note on methods.",
    "{outlet} reported the same figure and asked the {agency} how it was compiled.",
    "The count includes people whose cases were closed years ago but never removed from the list.",
    "Comparisons across years are unreliable because the definition of {term} changed in {year}.",
    "Read on its own, the number suggests a trend that the full series does not show.",
    "A spokesperson said the figure was accurate but was being used without its context.",
    "The data go back {years} years and cover several administrations of both parties.",
    "Independent analysts who reviewed the release reached the same conclusion.",
    "The claim rounds the number up; the agency's own table gives {said}.",
    "Most of the people counted were never in the agency's custody in the first place.",
    "State figures compiled by the {agency} point in the same direction.",
    "The survey behind the estimate has a margin of error of several percentage points.",
    "The {year} figure was later revised, and the claim uses the earlier, higher number.",
    "Nothing in the release says how many of the {counts} were counted more than once.",
    "The speaker's office did not answer questions about where the number came from.",
    "Experts on {tag} we asked said the comparison mixes two different measures.",
    "The same data were cited by both parties, each to make the opposite point.",
    "A footnote in the {agency} table warns against exactly this reading.",
    "Seasonal swings explain much of the change between the two dates compared.",
    "Per capita, the change is far smaller than the raw count suggests.",
    "Figures for {year} are preliminary and usually move by several percent.",
    "The {outlet} analysis of the same records found a smaller number.",
    "Local data collected in {year} tell a more mixed story.",
    "Put against {whole}, the number looks very different.",
)
NOTE_BULLETS = (
    "what is counted: {counts}",
    "the period covered: about **{years} years**",
    "who collected the data: the {agency}",
    "the total it should be compared with: {whole}",
    "the definition of *{term}* used in the data",
    "what the {outlet} reported in {year}",
)
REPORT_KINDS = (
    "annual report", "statistical release", "data table", "fact sheet", "letter to Congress",
)
STUDY_TITLES = (
    "{term} and crime: evidence from county data", "the effect of {term} on outcomes",
    "long-run trends in {tag}", "measuring {term}: a new approach", "what explains {term}?",
)
ARTICLE_TITLES = (
    "fact check: what the {term} numbers show", "the numbers behind the {tag} debate",
    "how {term} became a campaign issue", "what the new {tag} data say",
)
VERDICT_EXPLANATIONS = (
    "The figure is real, but it covers decades and is presented as if it were new.",
    "Accurate as stated; the agency's own table gives the same number.",
    "The number leaves out its denominator, which changes how it reads.",
    "The data do not show what the claim says they show.",
    "Broadly right, though the speaker rounded the figure up.",
    "The claim relies on a definition the data do not use.",
    "No source supports this number; the agency's figure is far lower.",
)
NOTE_SUBSETS = (
    "held by other authorities", "who completed their sentences", "with cases closed years ago",
    "counted before the current administration", "outside the agency's custody",
)
# fmt: on
