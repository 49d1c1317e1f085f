"""Reading numbers as a desk writes them: digits, scale words, number words and currencies.

Plain functions over strings, no Django, so the figure finder and anything that compares
a number said with a number checked read values the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": Decimal(100),
    "thousand": Decimal(1000),
    "k": Decimal(1000),
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "trn": Decimal(10) ** 12,
}
# Symbols and words for money, longest first where one is the start of another.
CURRENCY_SYMBOLS = {
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "R$": "BRL",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₦": "NGN",
}
CURRENCY_CODES = {
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CHF",
    "CNY",
    "INR",
    "CAD",
    "AUD",
    "NZD",
    "BRL",
    "MXN",
    "ZAR",
    "SEK",
    "NOK",
    "DKK",
    "RUB",
    "KRW",
}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "francs": "CHF",
    "rand": "ZAR",
    "pesos": "MXN",
    "roubles": "RUB",
    "rubles": "RUB",
}
FRACTION_WORDS = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}


def parse_digits(text: str) -> Decimal | None:
    """A number written in digits ("662,566", "4.1", "-0.3", "1 200") as a Decimal."""
    cleaned = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    cleaned = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", cleaned)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_words(text: str) -> Decimal | None:
    """A number written in words ("twelve thousand", "a quarter of a million") as a Decimal.

    Returns None when the words are not a number (a lone "a", "and", "of").
    """
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w]
    if not words:
        return None
    total = Decimal(0)  # completed groups (…thousand, …million)
    current = Decimal(0)  # the group being read, below a thousand
    fraction = Decimal(0)  # "and a half", "a quarter of"
    seen_number = False
    for word in words:
        if word in UNITS_WORDS:
            current += UNITS_WORDS[word]
            seen_number = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen_number = True
        elif word in FRACTION_WORDS:
            if current:
                current += FRACTION_WORDS[word]  # "two and a half (million)"
            else:
                fraction = FRACTION_WORDS[word]  # "half a (million)", "a quarter of a (million)"
            seen_number = True
        elif word in ("hundred", "thousand", "million", "billion", "trillion"):
            scale = SCALES[word]
            if fraction and not current:
                current = fraction
                fraction = Decimal(0)
            if word == "hundred":
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = Decimal(0)
            seen_number = True
        elif word in ("a", "an", "and", "of"):
            pass
        else:
            return None
    if not seen_number:
        return None
    if fraction and not total and not current:
        return None  # "half" alone is a share, not a count
    return total + current


def plain(value: Decimal) -> str:
    """A Decimal as a plain decimal string: no exponent, no trailing zeros ("4100000", "2.5")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def parse_value(text: str) -> Decimal | None:
    """Any written number: "4.1 million", "$850 billion", "twelve thousand", "3.2 per cent"."""
    text = text.strip()
    for symbol in sorted(CURRENCY_SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol):
            text = text[len(symbol) :].strip()
            break
    text = re.sub(r"\s*(%|per\s?cent|percent)$", "", text, flags=re.IGNORECASE)
    match = re.fullmatch(
        r"([-\u2212]?\d[\d,]*(?:\.\d+)?)\s*([a-zA-Z]+)?", text.replace("\u00a0", " ")
    )
    if match:
        number = parse_digits(match.group(1))
        scale = (match.group(2) or "").lower()
        if number is None:
            return None
        if not scale:
            return number
        if scale in SCALES:
            return number * SCALES[scale]
        return None
    return parse_words(text)
