"""Named sites the gazetteer does not hold: a neighbourhood, an airbase, a refinery.

Conflict reports name the exact site of an event ("the Laithi neighbourhood", "the
port of Zueitina", "al-Watiya airbase", "District 3") far more often than any gazetteer
lists it. A site is a capitalised name joined to a site noun (or a site noun "of" a
name); it is located at the place it is said to be in: a located mention inside it,
the ACLED-style admin note after it ("(Sirte, Sirte)"), the place it is "of"/"in"
("the Bir Basha district of Taiz"), or the nearest located place of its sentence, with
the anchor's uncertainty widened. Admin notes themselves are no event places.

Patterns as data, then match, then annotate: the nouns below are the rows.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence

from gazetteer.records import Mention

#: Nouns that make a named site when they follow a name ("Benina airport").
SITE_NOUNS = (
    "airbase", "air base", "airport", "airfield", "air field", "district", "districts",
    "neighbourhood", "neighborhood", "quarter", "refinery", "port", "mosque compound",
    "mosque", "castle", "palace", "hospital", "complex", "compound", "camp", "base",
    "military base", "bridge", "crossing", "border crossing", "checkpoint", "square",
    "stadium", "university", "dam", "junction", "roundabout", "mountain", "hill",
    "hills", "valley", "market", "prison", "barracks", "oil field", "oilfield",
    "oil terminal", "terminal", "road", "highway", "suburb", "area", "front",
    "frontline", "line", "pocket", "enclave", "corridor", "axis", "island", "village",
)  # fmt: skip
#: Nouns that make a named site before "of" ("the port of Zueitina").
SITE_OF_NOUNS = (
    "port", "complex", "hospital", "airport", "base", "airbase", "camp", "castle",
    "palace", "refinery", "university", "neighbourhood", "district", "bridge",
    "centre", "center",
)  # fmt: skip
#: Capitalised words that never begin a site.
_NOT_NAMES = frozenset(
    """the a an on in at of and or but by from to for with after before during since
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december he she it they we
    this that these those his her its their our government army forces rebels
    coalition islamic state police security""".split()
)

_NAME = r"(?<![\w'\u2019-])(?:(?:al|el|ad|as|an|ar|ash|at|az|ed|es)[\-\u2011])?[A-Z0-9][\w'\u2019\-]*"
_NOUNS_RE = "|".join(
    re.escape(n).replace(r"\ ", r"\s+") for n in sorted(SITE_NOUNS, key=len, reverse=True)
)
_OF_NOUNS_RE = "|".join(sorted(SITE_OF_NOUNS, key=len, reverse=True))
_SITE = re.compile(
    rf"(?P<a>{_NAME}(?:\s+{_NAME}){{0,3}}\s+(?:{_NOUNS_RE}))\b"
    rf"|(?P<b>(?:{_OF_NOUNS_RE})\s+of\s+{_NAME}(?:\s+{_NAME}){{0,2}})"
    r"|(?P<c>(?:District|Kilo|KM|Km|Sector|Zone)\s*\d+|(?:neighbou?rhood|district)"
    r"\s+(?:number|no\.?)\s*\d+)"
)
# "(Hit, Anbar)", "(Tigray)": an ACLED-style admin note after a name.
_ADMIN_NOTE = re.compile(r"\s*\(\s*([^(),]{2,40})(?:,\s*([^(),]{2,40}))?\)")
_OF_ANCHOR = re.compile(r"^\s*(?:of|in|near|outside|on\s+the\s+\w+\s+of)\s+(?:the\s+)?$")
_SITE_KM = 5.0  # added to the anchor's uncertainty


def admin_notes(text: str) -> list[tuple[int, int]]:
    """Spans of the admin notes in ``text`` (the parentheses included).

    >>> admin_notes("shelled Hays (Hays, Al Hudaydah). 5 killed.")
    [(12, 32)]
    """
    return [m.span() for m in _ADMIN_NOTE.finditer(text) if m.start() > 0]


def find_sites(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Named sites in ``text``, each located at its anchor among ``mentions``
    (located mentions, sorted by start); sites with no anchor are left out.

    >>> m = Mention("d", 30, 34, "Taiz", "place", "Taiz", 13.58, 44.02)
    >>> [(s.text, s.lat) for s in find_sites("Shells fell on Bir Basha district of Taiz.", [m])]
    [('Bir Basha district', 13.58)]
    """
    located = [m for m in mentions if m.lat is not None and m.lon is not None]
    starts = [m.start for m in located]
    notes = admin_notes(text)
    out: list[Mention] = []
    for match in _SITE.finditer(text):
        start, end = match.span()
        surface = match.group()
        first = surface.split()[0].lower().strip("'\u2019")
        if first in _NOT_NAMES or (match.group("a") and _all_nouns(surface)):
            continue
        anchor = _anchor(text, start, end, located, starts, notes)
        if anchor is None:
            continue
        if anchor.start <= start and end <= anchor.end:
            continue  # the gazetteer's own mention already covers it
        out.append(
            Mention(
                anchor.doc,
                start,
                end,
                surface,
                "place",
                " ".join(surface.split()),
                anchor.lat,
                anchor.lon,
                country=anchor.country,
                uncertainty_km=(anchor.uncertainty_km or 0.0) + _SITE_KM,
            )
        )
    # a bare name before an admin note ("in Hit (Hit, Anbar)") is a site too
    for note_start, _ in notes:
        before = re.search(rf"({_NAME}(?:\s+{_NAME}){{0,2}})\s*$", text[:note_start])
        if before is None:
            continue
        s, e = before.start(1), before.end(1)
        if any(o.start <= s < o.end or s <= o.start < e for o in out):
            continue
        if any(m.start <= s and e <= m.end for m in located):
            continue
        anchor = _anchor(text, s, e, located, starts, notes)
        if anchor is not None and before.group(1).split()[0].lower() not in _NOT_NAMES:
            out.append(
                dataclasses.replace(
                    anchor,
                    start=s,
                    end=e,
                    text=text[s:e],
                    name=text[s:e],
                    geonameid=None,
                    place=None,
                    uncertainty_km=(anchor.uncertainty_km or 0.0) + _SITE_KM,
                )
            )
    out.sort(key=lambda m: m.start)
    return out


def _all_nouns(surface: str) -> bool:
    words = surface.lower().split()
    return all(w in _NOT_NAMES or w in SITE_NOUNS for w in words[:-1])


def _anchor(
    text: str,
    start: int,
    end: int,
    located: list[Mention],
    starts: list[int],
    notes: list[tuple[int, int]],
) -> Mention | None:
    i = bisect.bisect_left(starts, start)
    # inside the site ("Benina airport" holding "Benina")
    for m in located[i:]:
        if m.start >= end:
            break
        if m.end <= end:
            return m
    # the admin note right after it: its first name
    for s, e in notes:
        if s >= end and not text[end:s].strip():
            for m in located[i:]:
                if m.start >= s and m.end <= e:
                    return m
    # "of Taiz", "in Mosul"
    for m in located[i:]:
        if m.start >= end and m.start - end <= 30:
            if _OF_ANCHOR.match(text[end : m.start]):
                return m
            break
    # the nearest located place of the sentence
    lo = max(text.rfind(". ", 0, start), 0)
    hi = text.find(". ", end)
    hi = len(text) if hi < 0 else hi
    near = [m for m in located if lo <= m.start < hi and not _in_note(m, notes)]
    near = near or [m for m in located if lo <= m.start < hi]
    if not near:
        return None
    return min(near, key=lambda m: abs(m.start - start))


def _in_note(m: Mention, notes: list[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e for s, e in notes)
