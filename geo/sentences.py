"""Sentence spans with character offsets, for claims that cite their sentence.

News text is not tidy: titles and abbreviations end in periods (``Maj. Gen.``,
``U.S.``), quotes close after the period, headings stand on a line of their own
without one, and pasted articles run together (``Russia.The``). The splitter is a
few regular expressions, no model: fast, predictable and offset-exact.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: Words that end in a period without ending the sentence (lower case, no period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj brig capt cpt sgt cmdr adm rev sen rep gov pres
    st mt ft jr sr vol fig approx dept govt corp inc ltd vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# A candidate end: terminal punctuation, any closing quotes/brackets after it.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*")
# Paragraph breaks and single line breaks both end a sentence: a heading has no
# period but stands on a line of its own.
_NEWLINE = re.compile(r"\s*\n\s*")
_NEXT_START = re.compile(r"\s*[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f]")
_GLUED = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text[start:end]`` with surrounding whitespace trimmed."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets index ``text`` exactly.

    >>> [s.text for s in split_sentences("Maj. Gen. Haftar left. He said: \\"No.\\" Next")]
    ['Maj. Gen. Haftar left.', 'He said: "No."', 'Next']
    >>> [s.text for s in split_sentences("Heading\\nBody text here.")]
    ['Heading', 'Body text here.']
    """
    spans: list[Sentence] = []
    for start, end in _lines(text):
        for s, e in _split_line(text, start, end):
            s, e = _trim(text, s, e)
            if e > s:
                spans.append(Sentence(s, e, text[s:e]))
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for match in _NEWLINE.finditer(text):
        out.append((pos, match.start()))
        pos = match.end()
    out.append((pos, len(text)))
    return out


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts: list[int] = []
    for match in _END.finditer(text, start, end):
        cut = match.end()
        if cut >= end:
            continue
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        following = text[cut:end]
        if following[:1].isspace() and _NEXT_START.match(following):
            cuts.append(cut)
    for match in _GLUED.finditer(text, start, end):
        cut = match.start() + 3  # after the punctuation of "xx.Yy"
        if not _is_abbreviation(text, cut - 1):
            cuts.append(cut)
    cuts.sort()
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial."""
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot]
    if not word:
        return False
    if "." in word:  # U.S, U.N, e.g
        return True
    if len(word) == 1 and word.isupper():  # an initial: "Khalifa B. Haftar"
        return True
    return word.lower() in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset`` (binary search), or None between sentences.

    >>> ss = split_sentences("One here. Two there.")
    >>> sentence_at(ss, 12).text
    'Two there.'
    """
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return sentences[lo]
    return None
