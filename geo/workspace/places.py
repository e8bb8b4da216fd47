"""Where a mention could be instead: the gazetteer's candidates for it, with their
country and distance from where the geoparser put it, and the correction values
for a chosen candidate or a point."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gazetteer.records import Mention, Place, check_latlon
from gazetteer.sphere import haversine_km


@dataclass(frozen=True, slots=True)
class Alternative:
    """A gazetteer place a mention could stand for, ``distance_km`` from where it
    is now (None when the mention is not located)."""

    place: Place
    score: float
    distance_km: float | None
    current: bool

    def to_json(self) -> dict[str, Any]:
        return {
            **self.place.to_json(),
            "score": round(self.score, 2),
            "distance_km": None
            if self.distance_km is None
            else round(self.distance_km, 1),
            "current": self.current,
        }

    def label(self) -> str:
        """``Tripoli (LB, 180 km away)``, the line a picker shows."""
        p = self.place
        where = [p.country or "?"]
        if p.admin1:
            where.append(p.admin1)
        if self.current:
            where.append("current")
        elif self.distance_km is not None:
            where.append(f"{self.distance_km:,.0f} km away")
        return f"{p.name} ({', '.join(where)}; {p.kind})"


def alternatives(
    mention: Mention, gazetteer: Any, *, limit: int = 12
) -> list[Alternative]:
    """Candidates for the mention's surface text and resolved name, best first,
    over all countries (so Tripoli, Lebanon is offered for Tripoli, Libya)."""
    seen: dict[int | None, Alternative] = {}
    names = dict.fromkeys(
        n for n in (mention.text, mention.name, mention.describes) if n
    )
    for name in names:
        for cand in gazetteer.candidates(name, limit=limit):
            key = cand.place.geonameid
            if key in seen:
                continue
            seen[key] = Alternative(
                cand.place,
                cand.score,
                None
                if not mention.located
                else haversine_km(
                    float(mention.lat),
                    float(mention.lon),
                    cand.place.lat,
                    cand.place.lon,
                ),
                key is not None and key == mention.geonameid,
            )
    found = sorted(seen.values(), key=lambda a: (not a.current, -a.score))
    return found[:limit]


def place_value(place: Place) -> dict[str, Any]:
    """The value of a ``move`` (or ``set-control``) correction to a gazetteer place."""
    return {
        "geonameid": place.geonameid,
        "name": place.name,
        "country": place.country,
        "kind": place.kind,
        "population": place.population,
        "lat": place.lat,
        "lon": place.lon,
    }


def point_value(lat: float, lon: float, *, name: str | None = None) -> dict[str, Any]:
    """The value of a ``move`` correction to a point; raises ValueError off Earth.

    >>> point_value(31.2, 16.6)
    {'lat': 31.2, 'lon': 16.6}
    """
    check_latlon(float(lat), float(lon))
    value: dict[str, Any] = {"lat": float(lat), "lon": float(lon)}
    if name:
        value["name"] = name
    return value


def at_place(mention: Mention | None, *, geonameid: Any, name: Any) -> bool:
    """Whether a mention stands for the map's place (its geonameid, else its name)."""
    if mention is None:
        return False
    gid = _gid(geonameid)
    if gid is not None and mention.geonameid is not None:
        return gid == int(mention.geonameid)
    wanted = str(name or "").casefold()
    return bool(wanted) and (mention.describes or mention.name).casefold() == wanted


def claims_at(
    pairs: list[tuple[Any, Any]], *, geonameid: Any, name: Any
) -> list[tuple[Any, Any]]:
    """The (extracted, corrected) claims about the place, rejected ones included."""
    return [
        (raw, fixed)
        for raw, fixed in pairs
        if at_place((fixed or raw).place, geonameid=geonameid, name=name)
        or at_place(raw.place, geonameid=geonameid, name=name)
    ]


def mentions_at(analysis: Any, *, geonameid: Any, name: Any) -> list[Mention]:
    """The located mentions of the place (to move all of them at once)."""
    return [
        m
        for ms in analysis.mentions.values()
        for m in ms
        if m.located and at_place(m, geonameid=geonameid, name=name)
    ]


def _gid(value: Any) -> int | None:
    """A geonameid from a layer row: None, NaN (a pandas gap) or a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
