"""Places and areas whose controller changed between two dates, with the evidence.

The map is built as of ``start`` and as of ``end`` (the same layers ``geo map
--as-of`` gives); a place the articles name changed when it had a side on both dates
and the side differs, or when it became or stopped being contested. The unnamed
settlements around it change with it and are summed up by the area change (listed one
by one with ``include_settlements=True``). An area changed where one side's area on ``start`` lies in another side's
area on ``end`` (at least ``MIN_AREA_KM2``). The evidence of a change is the claims
dated after ``start`` (up to ``end``) behind the new state, else all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: Smaller changed areas are slivers of redrawn boundaries, not changes.
MIN_AREA_KM2 = 5.0


@dataclass(frozen=True, slots=True)
class Change:
    """One place or area whose controller changed between ``start`` and ``end``."""

    kind: str  # "place" or "area"
    id: str
    name: str
    before: str | None  # the side on start (None: nobody, "contested")
    after: str | None
    before_status: str
    after_status: str
    start: dt.date
    end: dt.date
    lat: float | None = None
    lon: float | None = None
    area_km2: float | None = None
    geometry: Any = field(default=None, compare=False, repr=False)
    evidence: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of one ``python -m geo changes`` line."""
        from shapely import set_precision
        from shapely.geometry import mapping

        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "before_status": self.before_status,
            "after_status": self.after_status,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "area_km2": None if self.area_km2 is None else round(self.area_km2, 1),
            "geometry": None
            if self.geometry is None
            else mapping(set_precision(self.geometry, 1e-5)),
            "evidence": list(self.evidence),
        }


def changes(
    analysis: Any,
    *,
    start: dt.date,
    end: dt.date,
    registry: Any = None,
    settlements: Any = None,
    include_settlements: bool = False,
) -> list[Change]:
    """What changed hands between ``start`` and ``end`` (places first, by name).

    >>> from geo.pipeline import Analysis
    >>> changes(Analysis(), start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1))
    []
    """
    from geo.layers import build_layers

    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    before = build_layers(
        analysis, as_of=start, registry=registry, settlements=settlements
    )
    after = build_layers(
        analysis, as_of=end, registry=registry, settlements=settlements
    )
    out = _place_changes(before, after, start, end, include_settlements)
    out += _area_changes(before, after, start, end)
    return out


def _state(row: Any) -> tuple[str | None, str]:
    status = row["status"]
    if status == "contested":
        return "contested", status
    return (row["faction"] if status in ("held", "claimed") else None), status


def _rows(layers: Any, settlements: bool) -> dict[str, Any]:
    out = {}
    frames = (layers.places, layers.settlements) if settlements else (layers.places,)
    for frame in frames:
        if frame is None:
            continue
        for row in frame.to_dict("records"):
            if row.get("kind") != "position":
                out[row["id"]] = row
    return out


def _place_changes(
    before: Any, after: Any, start: dt.date, end: dt.date, settlements: bool
) -> list[Change]:
    old, new = _rows(before, settlements), _rows(after, settlements)
    out = []
    for fid, row in new.items():
        was = old.get(fid)
        if was is None:
            continue
        (a, sa), (b, sb) = _state(was), _state(row)
        if a is None or b is None or a == b:
            continue
        geom = row["geometry"]
        out.append(
            Change(
                "place",
                fid,
                row["name"],
                a,
                b,
                sa,
                sb,
                start,
                end,
                lat=geom.y,
                lon=geom.x,
                evidence=_since(row["sources"], start),
            )
        )
    return sorted(out, key=lambda c: (c.name, c.id))


def _area_changes(
    before: Any, after: Any, start: dt.date, end: dt.date
) -> list[Change]:
    from gazetteer.records import stable_id

    old = _side_areas(before.areas)
    new = _side_areas(after.areas)
    out = []
    for a, (geom_a, _) in sorted(old.items()):
        for b, (geom_b, sources) in sorted(new.items()):
            if a == b:
                continue
            part = _polygonal(geom_a.intersection(geom_b))
            if part is None or _km2(part) < MIN_AREA_KM2:
                continue
            km2 = _km2(part)
            rep = part.representative_point()
            out.append(
                Change(
                    "area",
                    stable_id("change", a, b, start, end),
                    f"{a} to {b}",
                    a,
                    b,
                    "contested" if a == "contested" else "held",
                    "contested" if b == "contested" else "held",
                    start,
                    end,
                    lat=rep.y,
                    lon=rep.x,
                    area_km2=km2,
                    geometry=part,
                    evidence=_since(sources, start),
                )
            )
    return out


def _side_areas(frame: Any) -> dict[str, tuple[Any, list[dict[str, Any]]]]:
    """Each side's area (held and claimed together) and contested ground."""
    from shapely import union_all

    parts: dict[str, list[Any]] = {}
    sources: dict[str, list[dict[str, Any]]] = {}
    if frame is None or frame.empty:
        return {}
    for row in frame.to_dict("records"):
        if row["kind"] not in ("control", "contested"):
            continue
        side = "contested" if row["kind"] == "contested" else row["faction"]
        parts.setdefault(side, []).append(row["geometry"])
        sources.setdefault(side, []).extend(row["sources"])
    return {s: (union_all(g), sources[s]) for s, g in parts.items()}


def _since(sources: list[dict[str, Any]], start: dt.date) -> tuple[dict[str, Any], ...]:
    """Sources dated after ``start`` (claims only), else every claim source."""
    claims = [s for s in sources if s.get("claim_id")]
    later = [s for s in claims if s.get("date") and s["date"] > start.isoformat()]
    return tuple(later or claims)


def _polygonal(geom: Any) -> Any:
    from geo.layers import _polygons_only

    return _polygons_only(geom)


def _km2(geom: Any) -> float:
    """Area in km² (equal-area projection around the geometry)."""
    if geom.is_empty:
        return 0.0
    from pyproj import Geod

    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6
