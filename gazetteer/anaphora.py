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
    r"\b[Tt]he\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?"
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
    """Anaphors resolved against the places already found (in text order)."""
    literal = [m for m in places if m.kind == "place" and m.place is not None]
    out: list[Mention] = []
    if "capital" not in text and " cit" not in text and " town" not in text:
        return out
    for match in _ANAPHOR.finditer(text):
        if _NOT_ANAPHOR_AFTER.match(text, match.end()):
            continue  # "the city of Sirte", "the capital, Tripoli": the name follows
        head = match["head"].split()[-1]
        before = [m for m in literal if m.end <= match.start()]
        if head == "capital":
            refs = _capital(gz, match["adj"], countries)
        elif head in {"city", "town"}:
            refs = _city(text, match.start(), before)
        else:
            refs = _last_two(before)
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


def _city(text: str, start: int, before: Sequence[Mention]) -> list[Place]:
    cities = [m for m in before if m.place is not None and m.place.kind in CITY_KINDS]
    if not cities:
        return []
    paragraph = text.rfind("\n\n", 0, start)
    recent = [m for m in cities if m.start > paragraph and not m.in_name]
    if recent:
        return [recent[-1].place]  # type: ignore[list-item]
    counts = Counter(m.place.geonameid for m in cities if not m.in_name)  # type: ignore[union-attr]
    if not counts:
        return [cities[-1].place]  # type: ignore[list-item]
    best = max(counts.values())
    for m in reversed(cities):
        if counts.get(m.place.geonameid) == best:  # type: ignore[union-attr]
            return [m.place]  # type: ignore[list-item]
    return []


def _last_two(before: Sequence[Mention]) -> list[Place]:
    out: list[Place] = []
    for m in reversed(before):
        p = m.place
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
