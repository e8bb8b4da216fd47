"""Demonyms: nationality, regional and continent adjectives ("Russian", "Texan",
"European") as mentions of their own kind, linked to the place they name.

The table is data (``gazetteer/data/demonyms.tsv``): an adjective and either an
ISO 3166-1 alpha-2 code or a place name the gazetteer knows. The scanner finds the
adjectives with the place names (one automaton); :func:`demonym_mentions` turns its
demonym hits into ``Mention(kind="demonym")`` at the country's (or region's) point,
so that a caller can keep them (toponym corpora annotate them) or leave them out
(claims and maps do).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from gazetteer.normalize import name_key
from gazetteer.records import Mention, Place

if TYPE_CHECKING:
    from gazetteer.gazetteer import Gazetteer
    from gazetteer.scanner import Hit

#: Demonyms span a country: the same radius as the country's name.
DEMONYM_RADIUS_KM = 300.0


def _plural(key: str) -> str | None:
    """The plural noun of a demonym, for those that take -s (Russians, Israelis)."""
    return f"{key}s" if key.endswith(("an", "i")) else None


@cache
def table() -> dict[str, str]:
    """Demonym key -> target (an ISO alpha-2 code or a place name), plurals included.

    >>> table()["russians"], table()["european"]
    ('RU', 'Europe')
    """
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / "demonyms.tsv").read_text(
        encoding="utf-8"
    )
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        word, _, target = line.partition("\t")
        key, target = name_key(word), target.strip()
        if not key or not target:
            continue
        out.setdefault(key, target)
        plural = _plural(key)
        if plural is not None:
            out.setdefault(plural, target)
    return out


def is_country_code(target: str) -> bool:
    return len(target) == 2 and target.isupper() and target.isalpha()


@cache
def nationality_codes() -> dict[str, str]:
    """Demonyms of countries only: key -> ISO alpha-2 (the document's country votes).

    >>> nationality_codes()["libyan"], "european" in nationality_codes()
    ('LY', False)
    """
    return {k: t for k, t in table().items() if is_country_code(t)}


_LINKS: dict[tuple[str, str], Place | None] = {}


def link(gz: Gazetteer, target: str) -> Place | None:
    """The place a demonym names: the country of a code, else the best candidate
    of the place name (cached per gazetteer version)."""
    slot = (gz.version or str(id(gz)), target)
    if slot in _LINKS:
        return _LINKS[slot]
    place: Place | None
    if is_country_code(target):
        place = gz.country(target)
    else:
        cands = gz.candidates_for_key(name_key(target), limit=1, loose=False)
        place = cands[0].place if cands else None
    _LINKS[slot] = place
    return place


def demonym_mentions(
    text: str, hits: Sequence[Hit], gz: Gazetteer, *, doc: str = "<text>"
) -> list[Mention]:
    """One ``demonym`` mention per demonym hit whose place the gazetteer knows."""
    out = []
    for h in hits:
        place = link(gz, h.demonym)
        if place is None:
            continue
        out.append(
            Mention(
                doc=doc,
                start=h.start,
                end=h.end,
                text=text[h.start : h.end],
                kind="demonym",
                name=place.name,
                lat=place.lat,
                lon=place.lon,
                geonameid=place.geonameid,
                country=place.country or None,
                uncertainty_km=DEMONYM_RADIUS_KM,
                place=place,
            )
        )
    return out
