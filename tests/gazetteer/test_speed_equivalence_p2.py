"""Issue 18, round 4: the backward reads and the division-noun test give what the
plain forms they replace give, on sentences of our own.

Each test computes a value both ways: with the faster form (a match on the
reversed text, substring tests of the lower-cased text) and with the pattern or
walk it stands for, at every position of the sentence.
"""

from __future__ import annotations

import re

import pytest

import gazetteer
from gazetteer import geoparse, scanner

SENTENCES = [
    "Gen. Smith said the convoy left  Misrata for Sirte at dawn.",
    "Fighting near the Jabal al-Akhdar hills; Maj. O'Neill\treported it.",
    "In\tBenghazi\nTobruk  and Dar'a, the mayor of Al-Bayda spoke.",
    "the Kokang region,  SOUTH Kharkiv Oblast and ıstate of Ohio",
    "Çavuşoğlu met ſtate envoys in Łódź on Tuesday\n",
    "  x-Ray  Wadi 12_Bar  e\u2019Zor  Ras  al-Ain",
    "",
]


def _prev_token_walk(text: str, start: int) -> str | None:
    """The word before ``start`` by the character walk the match replaced."""
    lo = max(0, start - 40)
    i = start
    while i > lo and text[i - 1] in " \t":
        i -= 1
    if i == start:
        return None
    j = i
    while j > lo and (text[j - 1].isalnum() or text[j - 1] in "_.'\u2019-"):
        j -= 1
    for k in range(j, i):
        if re.match(r"[A-Za-z\u00c0-\u024f]", text[k]):
            return text[k:i]
    return None


_WORD_BEFORE = re.compile(r"([A-Z][\w'\u2019]*)[ \t]+$")


def _word_before_search(text: str, start: int) -> tuple[str, int] | None:
    if text[start - 1 : start] not in " \t\n" or start == 0:
        return None
    m = _WORD_BEFORE.search(text, max(0, start - 24), start)
    return None if m is None else (m.group(1), m.end())


@pytest.mark.parametrize("text", SENTENCES)
def test_prev_token_as_the_walk(text: str) -> None:
    rtext = text[::-1]
    for start in range(len(text) + 1):
        want = _prev_token_walk(text, start)
        assert scanner._prev_token(text, start, rtext) == want, (text, start)
        assert scanner._prev_token(text, start) == want, (text, start)


def test_prev_token_values() -> None:
    text = "the Mayor of  Tripoli and Maj. O'Neill\tspoke"
    assert scanner._prev_token(text, text.index("Tripoli")) == "of"
    assert scanner._prev_token(text, text.index("O'Neill")) == "Maj."
    assert scanner._prev_token(text, text.index("spoke")) == "O'Neill"
    assert scanner._prev_token("(Tripoli", 1) is None


@pytest.mark.parametrize("text", SENTENCES)
def test_word_before_as_the_search(text: str) -> None:
    rtext = text[::-1]
    for start in range(len(text) + 1):
        got = geoparse._word_before(text, rtext, start)
        assert got == _word_before_search(text, start), (text, start)


def test_word_before_values() -> None:
    text = "Ras  al-Ain and McLean \nTobruk"
    rtext = text[::-1]
    assert geoparse._word_before(text, rtext, 5) == ("Ras", 5)
    # blanks and a newline: the blanks end before the newline
    assert geoparse._word_before(text, rtext, text.index("Tobruk")) == ("McLean", 23)
    # from its first capital: "Ain" of "al-Ain"; none after a lower-case word
    assert geoparse._word_before(text, rtext, text.index("and")) == ("Ain", 12)
    assert geoparse._word_before(text, rtext, text.index("McLean")) is None


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        "The REGION was calm",
        "two Counties voted",
        "a dıstrict court",
        "a d\u0130strict court",
        "the \u212aherson Oblast",
        "nothing of the kind here",
        "prefecturE and raions",
    ],
)
def test_division_word_as_the_regex(text: str) -> None:
    assert geoparse._has_division_word(text) == bool(
        geoparse._DIVISION_WORD.search(text)
    )


def test_division_word_values() -> None:
    assert geoparse._has_division_word("the Kokang Region")
    assert geoparse._has_division_word("a STATE visit")
    assert geoparse._has_division_word("a \u017ftate visit")  # long s: as the regex
    assert not geoparse._has_division_word("a quiet town by the river")


@pytest.fixture(scope="module")
def gz():
    return gazetteer.load()


def test_parse_through_the_new_reads(gz) -> None:
    text = (
        "Gen. Smith said the convoy left Misrata for Sirte. "
        "Ras Lanuf, in the Sirte District, was quiet."
    )
    got = {
        m.text: (round(m.lat, 1), round(m.lon, 1))
        for m in gazetteer.parse(text, gazetteer=gz, theatre=("LY",))
        if m.kind == "place" and m.lat is not None
    }
    assert got["Misrata"] == pytest.approx((32.4, 15.1), abs=0.3)
    assert got["Ras Lanuf"] == pytest.approx((30.5, 18.5), abs=0.3)
    assert "Smith" not in got


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        'He called it "Operation Dawn" and \u201cthe \u00abold\u00bb road\u201d.',
        '""\u201d\u201c',
    ],
)
def test_quote_positions_as_the_regex(text: str) -> None:
    want = [m.start() for m in re.finditer('["\u201c\u201d\u00ab\u00bb]', text)]
    assert scanner._quote_positions(text) == want


def test_quote_positions_values() -> None:
    assert scanner._quote_positions('a \u201cb\u201d "c"') == [2, 4, 6, 8]


def test_lowered_is_the_lower_case_of_each_text() -> None:
    first = "The Kokang REGION"
    second = "Near SIRTE"
    assert geoparse._lowered(first) == "the kokang region"
    assert geoparse._lowered(first) == "the kokang region"  # the same text again
    assert geoparse._lowered(second) == "near sirte"
    assert geoparse._lowered(first) == "the kokang region"
