"""Numbers as news writes them: digits ("1,200", "2.5") or English words ("thirty",
"two hundred and fifty", "twenty-five", "a dozen").

One table and one parser for every stage that reads counts: distances ("thirty
kilo"), casualties ("ten of Al-Wefaq forces were killed"), dates ("three days ago").
"""

from __future__ import annotations

import math
import re

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "dozen": 12}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
#: Number words joined by spaces, hyphens or "and" (``parse_number`` rejects
#: sequences that are not a number).
WORDS_RE = rf"(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*"
DIGITS_RE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Digits that start a number: not the tail of "1e308", "F16" or "2.5"...
_START = r"(?<![\w.])"
#: ...and end it: not the "1" of "1e5".
_END = r"(?![eE][-+]?\d)"
#: A number in digits or words, for use inside larger patterns (no groups).
NUMBER_RE = rf"(?:{_START}(?:{DIGITS_RE}){_END}|\b{WORDS_RE}\b)"
#: A count: like NUMBER_RE, but a bare "a"/"an" ("left a trail") is no count;
#: "a dozen", "a hundred" are.
COUNT_RE = (
    rf"(?:{_START}(?:{DIGITS_RE}){_END}"
    rf"|\b(?!(?:a|an)\b(?!\s+(?:dozen|hundred|thousand)\b)){WORDS_RE}\b)"
)
#: A measurement as written, sign and scientific notation included ("-50",
#: "1e5", "2.5E3"), or words, or the non-numbers "nan" and "inf" (which
#: :func:`parse_number` refuses), so that a reader of distances sees the whole token
#: and can refuse it rather than read "1e308" as 308 or "nan" as "an".
MEASURE_RE = (
    rf"(?:{_START}[-+\u2212]?(?:{DIGITS_RE})(?:[eE][-+]?\d+)?(?![\w.]*\d)"
    rf"|\b(?:{WORDS_RE}|nan|inf(?:inity)?)\b)"
)

_DIGITS = re.compile(rf"[-+\u2212]?(?:{DIGITS_RE})(?:[eE][-+]?\d+)?")
_SPLIT = re.compile(r"[\s-]+")


def parse_number(words: str) -> float | None:
    """A number written in digits or English words, or None.

    >>> parse_number("thirty"), parse_number("two hundred and fifty")
    (30.0, 250.0)
    >>> parse_number("1,200"), parse_number("twenty-five"), parse_number("banana")
    (1200.0, 25.0, None)
    >>> parse_number("a dozen"), parse_number("Ten")
    (12.0, 10.0)

    Signs and scientific notation read as written; "nan" and "inf" are no number:

    >>> parse_number("-50"), parse_number("1e5"), parse_number("nan")
    (-50.0, 100000.0, None)
    """
    s = words.strip().lower()
    if _DIGITS.fullmatch(s):
        value = float(s.replace(",", "").replace("\u2212", "-"))
        return value if math.isfinite(value) else None
    total, current, seen = 0, 0, False
    for token in _SPLIT.split(s):
        if token == "and":
            continue
        if token in UNITS:
            current += UNITS[token]
        elif token in TENS:
            current += TENS[token]
        elif token in SCALES:
            scale = SCALES[token]
            if scale == 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_count(words: str) -> int | None:
    """A whole, non-negative count ("ten" -> 10), or None.

    >>> parse_count("three"), parse_count("2.5"), parse_count("many")
    (3, None, None)
    >>> [m.group() for m in re.finditer(COUNT_RE, "left a trail, killed a dozen and 1,200")]
    ['a dozen', '1,200']
    """
    value = parse_number(words)
    if value is None or value < 0 or value != int(value):
        return None
    return int(value)
