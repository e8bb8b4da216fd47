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
from collections.abc import Iterable
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
        _line_sentences(text, start, end, cuts, bounds)
    return bounds


def sentence_bounds_near(text: str, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """The sentences holding ``offsets`` (offsets of characters that are not white
    space), each exactly as :func:`sentence_bounds` gives it, in text order; every
    stretch of text left unread before, between or after them is marked by an empty
    span ``(s, s)`` at its first character that is not white space (where the full
    split starts a sentence). Offsets bucketed by the starts of these spans thus
    fall in the sentence holding them, as with the full split, or in a mark: only
    the text around the offsets is split (news has a few words worth reading).

    >>> text = "One here. Two.\\nThree there. Four. Five."
    >>> sentence_bounds_near(text, [16])
    [(0, 0), (15, 27), (28, 28)]
    >>> sentence_bounds_near(text, [0, 37])
    [(0, 9), (10, 10), (34, 39)]
    """
    bounds: list[tuple[int, int]] = []
    read_to = 0  # the end of the last sentence read
    for off in sorted(offsets):
        if off < read_to:
            continue  # in a sentence already read
        start, end = _sentence_at(text, off)
        _mark_unread(text, read_to, start, bounds)
        bounds.append((start, end))
        read_to = end
    if bounds:
        _mark_unread(text, read_to, len(text), bounds)
    return bounds


#: How far before an offset :func:`_sentence_at` first looks for the sentence start.
_LOOK_BACK = 256


def _sentence_at(text: str, off: int) -> tuple[int, int]:
    """The sentence of :func:`sentence_bounds` holding ``text[off]`` (not white
    space), from the cuts of its own line around it: the cuts are sought from a
    white space character before ``off`` (no match spans one, so the passes find
    there exactly what passes over the whole text find), farther back until one
    is found before ``off`` or the line starts."""
    before = text.rfind("\n", 0, off)
    line_start = 0 if before < 0 else _SPACES.match(text, before).end()
    newline = text.find("\n", off)
    line_end = len(text) if newline < 0 else newline
    last = line_end  # the line without the white space before its break
    while newline >= 0 and last > line_start and text[last - 1].isspace():
        last -= 1
    back = _LOOK_BACK
    while True:
        pos = max(line_start, off - back)
        while pos > line_start and not text[pos].isspace():
            pos -= 1
        cut_before, cut_after = _cuts_around(text, pos, line_end, off)
        if cut_before is not None or pos == line_start:
            break
        back *= 4
    piece_start = line_start if cut_before is None else cut_before
    piece = text[piece_start : last if cut_after is None else cut_after]
    body = piece.strip()
    start = piece_start + len(piece) - len(piece.lstrip())
    return start, start + len(body)


def _cuts_around(
    text: str, pos: int, endpos: int, off: int
) -> tuple[int | None, int | None]:
    """The last cut at or before ``off`` and the first after it that :func:`_cuts`
    finds in ``text[pos:endpos]`` (None for none), reading no further than that."""
    before: int | None = None
    after: int | None = None
    for m in _END_BEFORE_NEXT.finditer(text, pos, endpos):
        if m.group()[0] == "." and _is_abbreviation(text, m.start()):
            continue
        if m.end() > off:
            after = m.end()
            break
        before = m.end()
    taken = 0  # as in _cuts
    if after is not None:  # a glued cut counts only before that one
        endpos = min(endpos, after + 2)
    for match in _GLUED.finditer(text, pos, endpos):
        mark = match.start()
        if after is not None and mark + 1 >= after:
            break
        if mark - 2 >= taken:
            taken = mark + 3
            if not _is_abbreviation(text, mark):
                if mark + 1 > off:
                    after = mark + 1
                    break
                before = mark + 1 if before is None else max(before, mark + 1)
    return before, after


_SPACES = re.compile(r"\s*")
_NOT_SPACE = re.compile(r"\S")


def _mark_unread(
    text: str, start: int, end: int, bounds: list[tuple[int, int]]
) -> None:
    """An empty span at the first character of ``text[start:end]`` that is not
    white space, if there is one."""
    found = _NOT_SPACE.search(text, start, end)
    if found is not None:
        bounds.append((found.start(), found.start()))


def _line_sentences(
    text: str, start: int, end: int, cuts: list[int], bounds: list[tuple[int, int]]
) -> None:
    """The sentences of the line ``text[start:end]`` appended to ``bounds``."""
    lo = bisect.bisect_right(cuts, start)
    hi = bisect.bisect_left(cuts, end)
    for s, e in itertools.pairwise([start, *cuts[lo:hi], end]):
        piece = text[s:e]
        body = piece.strip()
        if body:
            s += len(piece) - len(piece.lstrip())
            bounds.append((s, s + len(body)))


def _cuts(text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Sentence ends inside lines, from one pass of each regex over the whole text
    (no match can cross a line break, so the lines need no passes of their own), or
    over the lines of ``text[pos:endpos]``."""
    endpos = len(text) if endpos is None else endpos
    cuts = [
        m.end()
        for m in _END_BEFORE_NEXT.finditer(text, pos, endpos)
        if m.group()[0] != "." or not _is_abbreviation(text, m.start())
    ]
    taken = 0  # "xx.Yy" matches do not overlap: "ab.Cde.Fg" has one cut, not two
    for match in _GLUED.finditer(text, pos, endpos):
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
