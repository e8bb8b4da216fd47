"""Which place a mention stands for: one key per place across documents.

A place is keyed by its GeoNames id when it has one (``("gn", id)``), else by its
normalised name (``("nm", key)``); settlements of the theatre share the first form, so
a mentioned town and the same town from the gazetteer are one place.
"""

from __future__ import annotations

from typing import Any

from gazetteer.normalize import name_key
from gazetteer.records import Mention, Place

PlaceKey = tuple[str, Any]


def place_key(m: Mention, name: str | None = None) -> PlaceKey:
    if m.geonameid is not None and name is None:
        return ("gn", m.geonameid)
    return ("nm", name_key(name or m.name))


def settlement_key(p: Place) -> PlaceKey:
    return ("gn", p.geonameid) if p.geonameid is not None else ("nm", name_key(p.name))


def referents(
    m: Mention, by_name: dict[str, Mention]
) -> list[tuple[PlaceKey, Mention]]:
    """The places a mention stands for: itself, an anaphor's referents, or the place a
    relative expression describes. Regions and unnamed positions stand for none."""
    if m.in_name or not m.located:
        return []
    if m.kind == "place":
        return [(place_key(m), m)]
    if m.kind == "relative" and m.describes:
        return [(place_key(m) if m.geonameid else ("nm", name_key(m.describes)), m)]
    if m.kind == "anaphor":
        out = [(place_key(m), m)]
        for other in m.refers_to[1:]:
            found = by_name.get(name_key(other))
            if found is not None:
                out.append((place_key(found), found))
        return out
    return []


def doc_index(mentions: list[Mention]) -> dict[str, Mention]:
    """The first located place mention of each name in one document."""
    by_name: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "place" and m.located and not m.in_name:
            by_name.setdefault(name_key(m.name), m)
    return by_name
