"""Anaphors: "the capital", "the Libyan capital", "the city", "the two cities".

"the capital" is the capital of the country the phrase names or, failing that, of the
country in focus; "the city" is the most recent city of the same paragraph, else the
city the document has named most so far; "the two cities" are the last two places
named (not countries).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gazetteer.records import Mention, Place
from gazetteer.scanner import demonyms

if TYPE_CHECKING:
    from gazetteer.gazetteer import Gazetteer

CITY_KINDS = frozenset({"city", "capital", "admin_seat", "section"})
SETTLEMENT_KINDS = CITY_KINDS | {"district", "airbase", "terminal"}

_ANAPHOR = re.compile(
    # (the article's letter first and the word boundary looked for behind it: the
    # regex engine then skips ahead to the next "T" or "t")
    r"[Tt](?<!\w[Tt])he\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?"
    # up to two adjectives of a city or town (by their endings, or compounds): "the
    # strategic town", "the besieged city", "the ruby-mining town"; not one that
    # points to another town ("the neighbouring city"); checked below for the head
    r"(?P<mods>(?:(?!(?:neighbou?ring|adjacent|previous|various|numerous|capital)\b)"
    r"(?:[a-z]+-[a-z]+|[a-z]{3,}(?:ic|al|ed|ing|ern|ous|ive|ary|ful|ian)|key|main|"
    r"small|big|major|border|frontline|port|market|garrison|desert|oil)\s+){0,2})"
    r"(?P<head>capital|city|town|(?:two|both)\s+(?:cities|towns))\b"
)
_NOT_ANAPHOR_AFTER = re.compile(r"\s*(?:of\b|,?\s*[A-Z])")


def find_anaphora(
    text: str,
    places: Sequence[Mention],
    gz: Gazetteer,
    countries: Sequence[str],
    *,
    doc: str = "<text>",
) -> list[Mention]:
    """Anaphors resolved against the places already found (in text order).

    One pass: the places before each anaphor are a prefix of the places in text
    order, and what "the city" needs (the paragraph's last city, the city named most
    so far) is kept up to date as the pass moves on, so the cost is linear in the
    text and the places, not their product.
    """
    out: list[Mention] = []
    if "capital" not in text and " cit" not in text and " town" not in text:
        return out
    literal = sorted(
        (m for m in places if m.kind == "place" and m.place is not None),
        key=lambda m: m.end,
    )
    seen = _SoFar(literal)
    for match in _ANAPHOR.finditer(text):
        if _NOT_ANAPHOR_AFTER.match(text, match.end()):
            continue  # "the city of Sirte", "the capital, Tripoli": the name follows
        head = match["head"].split()[-1]
        if match["mods"] and head not in ("city", "town"):
            continue  # "the provincial capital" is no country's capital
        seen.advance(match.start())
        if head == "capital":
            refs = _capital(gz, match["adj"], countries)
        elif head in {"city", "town"}:
            refs = seen.city(text.rfind("\n\n", 0, match.start()))
        else:
            refs = seen.last_two()
        if not refs:
            continue
        first = refs[0]
        out.append(
            Mention(
                doc=doc,
                start=match.start(),
                end=match.end(),
                text=match.group(),
                kind="anaphor",
                name=first.name,
                lat=first.lat,
                lon=first.lon,
                geonameid=first.geonameid,
                country=first.country or None,
                place=first,
                refers_to=tuple(p.name for p in refs),
            )
        )
    return out


class _SoFar:
    """The located places that end before a point moving forward through the text."""

    def __init__(self, literal: Sequence[Mention]) -> None:
        self.literal = literal
        self.n = 0  # literal[:n] end before the point
        self.cities: list[Mention] = []  # of literal[:n], in text order
        self.counts: Counter[int | None] = Counter()  # cities not in a name, by id
        self.best = 0
        self.most_named: Place | None = None  # latest city of the highest count

    def advance(self, start: int) -> None:
        literal = self.literal
        while self.n < len(literal) and literal[self.n].end <= start:
            m = literal[self.n]
            self.n += 1
            if m.place is None or m.place.kind not in CITY_KINDS:
                continue
            self.cities.append(m)
            if m.in_name:
                continue
            count = self.counts[m.place.geonameid] = self.counts[m.place.geonameid] + 1
            if count >= self.best:
                self.best, self.most_named = count, m.place

    def city(self, paragraph: int) -> list[Place]:
        """The last city of the paragraph (not inside a name), else the city named
        most so far (the latest of those named most), else the last city."""
        for m in reversed(self.cities):
            if m.start <= paragraph:
                break
            if not m.in_name:
                return [m.place]  # type: ignore[list-item]
        if self.most_named is not None:
            return [self.most_named]
        return [self.cities[-1].place] if self.cities else []  # type: ignore[list-item]

    def last_two(self) -> list[Place]:
        """The last two settlements of different names, in text order."""
        out: list[Place] = []
        for i in range(self.n - 1, -1, -1):
            p = self.literal[i].place
            if (
                p is None
                or p.kind not in SETTLEMENT_KINDS
                or any(q.name == p.name for q in out)
            ):
                continue
            out.append(p)
            if len(out) == 2:
                return out[::-1]
        return []


def _capital(
    gz: Gazetteer, adjective: str | None, countries: Sequence[str]
) -> list[Place]:
    code = demonyms().get(adjective.lower()) if adjective else None
    if adjective and code is None:
        return []  # "the Nazi capital"? not a country we know
    code = code or (countries[0] if countries else None)
    if not code:
        return []
    capital = gz.capital(code)
    return [capital] if capital is not None else []
