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
from geo.documents import MONTHS, WEEKDAYS

#: Nouns that make a named site when they follow a name ("Benina airport").
SITE_NOUNS = (
    "airbase",
    "air base",
    "airport",
    "airfield",
    "air field",
    "district",
    "districts",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "refinery",
    "port",
    "mosque compound",
    "mosque",
    "castle",
    "palace",
    "hospital",
    "complex",
    "compound",
    "camp",
    "base",
    "military base",
    "bridge",
    "crossing",
    "border crossing",
    "checkpoint",
    "square",
    "stadium",
    "university",
    "dam",
    "junction",
    "roundabout",
    "mountain",
    "hill",
    "hills",
    "valley",
    "market",
    "prison",
    "barracks",
    "oil field",
    "oilfield",
    "oil terminal",
    "terminal",
    "road",
    "highway",
    "suburb",
    "area",
    "front",
    "frontline",
    "line",
    "pocket",
    "enclave",
    "corridor",
    "axis",
    "island",
    "village",
    "headquarters",
    "forest",
    "trade zone",
    "zone",
)
#: Nouns that make a named site before "of" ("the port of Zueitina").
SITE_OF_NOUNS = (
    "port",
    "complex",
    "hospital",
    "airport",
    "base",
    "airbase",
    "camp",
    "castle",
    "palace",
    "refinery",
    "university",
    "neighbourhood",
    "district",
    "bridge",
    "centre",
    "center",
)
#: Capitalised words that never begin a site.
_NOT_NAMES = frozenset(
    (
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "of",
        "and",
        "or",
        "but",
        "by",
        "from",
        "to",
        "for",
        "with",
        "after",
        "before",
        "during",
        "since",
        *WEEKDAYS,
        *MONTHS,
        "he",
        "she",
        "it",
        "they",
        "we",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "government",
        "army",
        "forces",
        "rebels",
        "coalition",
        "islamic",
        "state",
        "police",
        "security",
    )
)

_NAME = r"(?<![\w'\u2019-])(?:(?:al|el|ad|as|an|ar|ash|at|az|ed|es)[\-\u2011])?[A-Z0-9][\w'\u2019\-]*"
def _either_case(noun: str) -> str:
    """ "hospital" -> "[Hh]ospital": a site noun written with a capital too ("Nasser
    Hospital", "Benina airport")."""
    words = [f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in noun.split()]
    return r"\s+".join(words)


_NOUNS_RE = "|".join(
    _either_case(n) for n in sorted(SITE_NOUNS, key=len, reverse=True)
)
_OF_NOUNS_RE = "|".join(sorted(SITE_OF_NOUNS, key=len, reverse=True))
#: Words that may stand between a site's name and its noun ("Jabalia refugee camp").
SITE_MODIFIERS = (
    "refugee",
    "displacement",
    "displaced",
    "idp",
    "military",
    "army",
    "air",
    "naval",
    "police",
    "training",
    "oil",
    "gas",
    "detention",
    "border",
    "industrial",
    "old",
    "new",
    "central",
    "main",
)
_MODIFIERS_RE = "|".join(SITE_MODIFIERS)
_SITE = re.compile(
    rf"(?P<a>{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s+(?:{_MODIFIERS_RE})){{0,2}}\s+"
    rf"(?:{_NOUNS_RE}))\b"
    rf"|(?P<b>(?:{_OF_NOUNS_RE})\s+of\s+{_NAME}(?:\s+{_NAME}){{0,2}})"
    # "Camp Zero", "Fort Dauphin": a site noun before its name
    r"|(?P<d>(?:Camp|Fort|Base)\s+[A-Z][\w\-]+)"
    r"|(?P<c>(?:District|Kilo|KM|Km|Sector|Zone)\s*\d+|(?:neighbou?rhood|district)"
    r"\s+(?:number|no\.?)\s*\d+)"
)
# What every _SITE match holds, for a quick test of a sentence before the slow
# search of _SITE: a noun before its name ("Camp Zero"), a numbered site ("District
# 3"), a noun "of" a name ("the port of Zawiya") or, the last pattern, a name (from its
# capital) and site noun, modifiers between ("Benina airport", "Jabalia refugee
# camp"). Each pattern begins with literal text or a capital, which the engine
# skips to quickly.
_MAY_SITE_WORDS = re.compile(
    "|".join(
        [
            *(rf"{w}\s*\d" for w in ("District", "Kilo", "KM", "Km", "Sector", "Zone")),
            *(rf"{w}\s+(?:number|no)" for w in ("neighbourhood", "neighborhood", "district")),
            "Camp",
            "Fort",
            "Base",
            *(rf"{w}\s+of" for w in sorted(SITE_OF_NOUNS, key=len, reverse=True)),
        ]
    )
)
_MAY_NAMED_SITE = re.compile(
    rf"[A-Z0-9][\w'\u2019\-]*(?:\s+(?:{_MODIFIERS_RE})){{0,2}}\s+(?:"
    + "|".join(
        sorted(
            {
                f"{first[0].upper()}{first[1:]}|{first}"
                for first in (re.escape(n.split()[0]) for n in SITE_NOUNS)
            }
        )
    )
    + ")"
)


def _may_hold_site(text: str, start: int, end: int) -> bool:
    """False when ``text[start:end]`` holds no _SITE match for sure."""
    return bool(
        _MAY_SITE_WORDS.search(text, start, end)
        or _MAY_NAMED_SITE.search(text, start, end)
    )


# "(Hit, Anbar)", "(Tigray)": an ACLED-style admin note after a name.
_ADMIN_NOTE = re.compile(r"\s*\(\s*([^(),]{2,40})(?:,\s*([^(),]{2,40}))?\)")
# The same note from its parenthesis (a pattern the engine skips to quickly); the
# white space before it is added back in admin_notes.
_NOTE_FROM_PAREN = re.compile(_ADMIN_NOTE.pattern[3:])
_NAME_BEFORE = re.compile(rf"({_NAME}(?:\s+{_NAME}){{0,2}})\s*$")
_OF_ANCHOR = re.compile(
    r"^\s*(?:of|in|near|outside|on\s+the\s+\w+\s+of)\s+(?:the\s+)?$"
)
_SITE_KM = 5.0  # added to the anchor's uncertainty
_SENTENCE_CHARS = 600  # how far a site's sentence is looked for either side


#: A side glued to a participle is no part of a site's name ("GNA-held",
#: "Turkish-backed").
_GLUED_SIDE = re.compile(
    r"[\w'\u2019\-]+-(?:held|controlled|occupied|run|backed|led|allied|aligned|"
    r"supported|dominated)\s+"
)


def admin_notes(text: str) -> list[tuple[int, int]]:
    """Spans of the admin notes in ``text`` (the parentheses included).

    >>> admin_notes("shelled Hays (Hays, Al Hudaydah). 5 killed.")
    [(12, 32)]
    """
    out = []
    taken = 0  # where the previous note ends: the white space after it is no lead
    for m in _NOTE_FROM_PAREN.finditer(text):
        start, end = m.span()
        while start > taken and text[start - 1].isspace():
            start -= 1  # what the leading \s* of _ADMIN_NOTE takes
        taken = end
        if start > 0:
            out.append((start, end))
    return out


def find_sites(
    text: str,
    mentions: Sequence[Mention],
    *,
    spans: Sequence[tuple[int, int]] | None = None,
    notes: list[tuple[int, int]] | None = None,
) -> list[Mention]:
    """Named sites in ``text`` (within ``spans`` when given, such as the sentences
    worth reading), each located at its anchor among ``mentions``; sites with no
    anchor are left out. ``notes`` are the text's :func:`admin_notes` when the
    caller has them already.

    >>> m = Mention("d", 30, 34, "Taiz", "place", "Taiz", 13.58, 44.02)
    >>> [(s.text, s.lat) for s in find_sites("Shells fell on Bir Basha district of Taiz.", [m])]
    [('Bir Basha district', 13.58)]
    """
    located = sorted(
        (m for m in mentions if m.lat is not None and m.lon is not None),
        key=lambda m: (m.start, m.end),
    )
    starts = [m.start for m in located]
    if notes is None:
        notes = admin_notes(text) if "(" in text else []
    out: list[Mention] = []
    matches = (
        _SITE.finditer(text)
        if spans is None
        else (
            m
            for s, e in spans
            if _may_hold_site(text, s, e)
            for m in _SITE.finditer(text, s, e)
        )
    )
    for match in matches:
        start, end = match.span()
        surface = match.group()
        glued = _GLUED_SIDE.match(surface)
        if glued and match.group("a"):  # "the GNA-held al-Watiya airbase"
            start += glued.end()
            surface = surface[glued.end() :]
            if " " not in surface.strip():
                continue
        first = surface.split()[0].lower().strip("'\u2019")
        if first in _NOT_NAMES or (match.group("a") and _all_nouns(surface)):
            continue
        anchor = _anchor(text, start, end, located, starts, notes)
        if anchor is None:
            continue
        if anchor.start <= start and end <= anchor.end:
            continue  # the gazetteer's own mention already covers it
        if start <= anchor.start and anchor.end <= end and _broad(anchor):
            continue  # "the Red Sea port of Mocha": a description, not a name
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
    site_starts = [o.start for o in out]  # in text order, as found
    bare: list[Mention] = []
    for note_start, _ in _within(notes, spans):
        lead_from = max(0, note_start - 80)
        before = _NAME_BEFORE.search(text, lead_from, note_start)
        if before is None:
            continue
        s, e = before.start(1), before.end(1)
        j = bisect.bisect_right(site_starts, s) - 1
        if j >= 0 and out[j].end > s or (j + 1 < len(out) and out[j + 1].start < e):
            continue  # a site found above already covers it
        k = bisect.bisect_right(starts, s) - 1
        if k >= 0 and located[k].start <= s and e <= located[k].end:
            continue  # the gazetteer found it
        anchor = _anchor(text, s, e, located, starts, notes)
        if anchor is not None and before.group(1).split()[0].lower() not in _NOT_NAMES:
            bare.append(
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
    out.extend(bare)
    out.sort(key=lambda m: m.start)
    return out


#: Place kinds too broad to name a site ("a Red Sea port", "the Anbar desert").
_BROAD_KINDS = frozenset(("admin1", "country", "region", "continent", "sea", "ocean"))


#: Place kinds whose point is nowhere near a site merely said beside them.
_COUNTRY_KINDS = frozenset(("country", "continent", "sea", "ocean"))


def _broad(m: Mention) -> bool:
    return m.place is not None and m.place.kind in _BROAD_KINDS


def _within(
    notes: list[tuple[int, int]], spans: Sequence[tuple[int, int]] | None
) -> list[tuple[int, int]]:
    if spans is None:
        return notes
    out = []
    for s, e in spans:
        i = bisect.bisect_left(notes, (s, 0))
        while i < len(notes) and notes[i][0] < e:
            out.append(notes[i])
            i += 1
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
    n = len(located)
    # inside the site ("Benina airport" holding "Benina")
    for j in range(i, n):
        m = located[j]
        if m.start >= end:
            break
        if m.end <= end:
            return m
    # the admin note right after it: its first name
    k = bisect.bisect_left(notes, (end, 0))
    if k < len(notes) and not text[end : notes[k][0]].strip():
        s, e = notes[k]
        for j in range(bisect.bisect_left(starts, s), n):
            m = located[j]
            if m.start >= e:
                break
            if m.end <= e:
                return m
    # "of Taiz", "in Mosul"
    j = bisect.bisect_left(starts, end)
    if j < n:
        m = located[j]
        if m.start - end <= 30 and _OF_ANCHOR.match(text[end : m.start]):
            return m
    # the nearest located place of the sentence
    lo = max(text.rfind(". ", max(0, start - _SENTENCE_CHARS), start), 0)
    hi = text.find(". ", end, end + _SENTENCE_CHARS)
    hi = min(len(text), end + _SENTENCE_CHARS) if hi < 0 else hi
    window = located[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
    near = [m for m in window if not _in_note(m, notes)] or window
    # a country only near it does not say where the site is ("the Philadelphi
    # corridor along the border with Egypt" is not at Egypt's centre)
    near = [
        m for m in near if m.place is None or m.place.kind not in _COUNTRY_KINDS
    ]
    if not near:
        return None
    return min(near, key=lambda m: abs(m.start - start))


def _in_note(m: Mention, notes: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(notes, (m.start, float("inf"))) - 1
    return i >= 0 and notes[i][0] <= m.start and m.end <= notes[i][1]
