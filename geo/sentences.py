"""Sentence spans with character offsets, for claims that cite their sentence.

News text is not tidy: titles and abbreviations end in periods (``Maj. Gen.``,
``U.S.``), quotes close after the period, headings stand on a line of their own
without one, and pasted articles run together (``Russia.The``). The splitter is a
few regular expressions, no model: fast, predictable and offset-exact.
"""

from __future__ import annotations

import bisect
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
# (The white space before a break is trimmed in _lines: a pattern that begins with "\n"
# is found much faster than one that begins with "\s*".)
_NEWLINE = re.compile(r"\n\s*")
# A candidate end followed, on the same line, by spaces and the start of a sentence.
# (_END with its first character spelled out, so that the engine can skip to the few
# candidate characters instead of trying the pattern everywhere.)
_END_BEFORE_NEXT = re.compile(
    r"[.!?\u2026][.!?\u2026]*[\"'\u201d\u2019)\]]*"
    r"(?=[^\S\n]+[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f])"
)
# "Russia.The": pasted articles. The punctuation comes first in the pattern so that
# the engine skips quickly to the few candidate characters.
_GLUED = re.compile(r"[.!?](?<=[a-z]{2}.)(?=[A-Z][a-z])")


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
    return [Sentence(s, e, text[s:e]) for s, e in sentence_bounds(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every sentence of :func:`split_sentences`, without
    building the records (for callers that look at only a few sentences).

    >>> sentence_bounds("One here.  Two there.")
    [(0, 9), (11, 21)]
    """
    cuts = _cuts(text)
    bounds: list[tuple[int, int]] = []
    for start, end in _lines(text):
        lo = bisect.bisect_right(cuts, start)
        hi = bisect.bisect_left(cuts, end)
        for s, e in itertools.pairwise([start, *cuts[lo:hi], end]):
            piece = text[s:e]
            body = piece.strip()
            if body:
                s += len(piece) - len(piece.lstrip())
                bounds.append((s, s + len(body)))
    return bounds


def _cuts(text: str) -> list[int]:
    """Sentence ends inside lines, from one pass of each regex over the whole text
    (no match can cross a line break, so the lines need no passes of their own)."""
    cuts = [
        m.end()
        for m in _END_BEFORE_NEXT.finditer(text)
        if m.group()[0] != "." or not _is_abbreviation(text, m.start())
    ]
    taken = 0  # "xx.Yy" matches do not overlap: "ab.Cde.Fg" has one cut, not two
    for match in _GLUED.finditer(text):
        mark = match.start()  # the punctuation of "xx.Yy"
        if mark - 2 >= taken:
            taken = mark + 3
            if not _is_abbreviation(text, mark):
                cuts.append(mark + 1)
    cuts.sort()
    return cuts


def _lines(text: str) -> list[tuple[int, int]]:
    """Lines without the white space around their line breaks."""
    out: list[tuple[int, int]] = []
    pos = 0
    for match in _NEWLINE.finditer(text):
        cut = match.start()
        while cut > pos and text[cut - 1].isspace():
            cut -= 1
        out.append((pos, cut))
        pos = match.end()
    out.append((pos, len(text)))
    return out


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
