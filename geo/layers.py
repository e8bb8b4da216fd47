"""Map layers from claims: places, movements, strikes, areas and the front line.

Each layer is a GeoDataFrame in EPSG:4326 with a stable string ``id``, its
``layer`` name, the faction and its colour, a status, and the ``sources`` (document,
sentence and offsets) of every claim behind the feature.

Control follows ISW's distinction: a place is "held" when a report asserts it as
fact, "claimed" when a claim is implied, attributed as allegiance or low in
confidence, and "contested" when the latest reports disagree (all are kept). As of a
date, only claims up to that date count and the latest claim per place wins;
undated claims count as older than any dated one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gazetteer.normalize import name_key
from gazetteer.records import Mention
from gazetteer.sphere import destination, haversine_km, initial_bearing
from geo.frontline import FrontSegment, Site, front_line, place_radius_km, territories
from geo.records import Claim

log = logging.getLogger(__name__)

LAYERS = ("place", "movement", "strike", "area", "front_line")
#: Columns of each layer, in order (geometry last).
COLUMNS: dict[str, tuple[str, ...]] = {
    "place": (
        "id",
        "layer",
        "name",
        "faction",
        "status",
        "kind",
        "geonameid",
        "country",
        "colour",
        "claimed_by",
        "date",
        "n_mentions",
        "sources",
    ),
    "movement": (
        "id",
        "layer",
        "kind",
        "faction",
        "status",
        "colour",
        "place",
        "origin",
        "origin_inferred",
        "date",
        "sources",
    ),
    "strike": (
        "id",
        "layer",
        "faction",
        "status",
        "target",
        "casualties",
        "place",
        "colour",
        "date",
        "sources",
    ),
    "area": (
        "id",
        "layer",
        "kind",
        "name",
        "faction",
        "status",
        "colour",
        "date",
        "sources",
    ),
    "front_line": (
        "id",
        "layer",
        "factions",
        "faction",
        "status",
        "uncertain",
        "colour",
        "sites",
        "sources",
    ),
}
#: Columns that hold lists (JSON strings in a GeoPackage).
LIST_COLUMNS = ("sources", "claimed_by", "sites")

NEUTRAL = "#808080"
CONTESTED = "#b58900"
FRONT = "#222222"
CONTROL_TYPES = ("control", "allegiance")
#: Places drawn only when a claim is about them (a country's point is no location).
BACKGROUND_KINDS = ("country", "sea", "region")
#: Below this confidence a control claim is "claimed", not "held".
HELD_CONFIDENCE = 0.6
#: A movement's inferred origin is the faction's nearest site within this range.
MAX_ORIGIN_KM = 500.0
MIN_ORIGIN_KM = 10.0
#: Length of the stub drawn toward a destination whose origin is unknown.
STUB_KM = 15.0


@dataclass(frozen=True, slots=True)
class Layers:
    """The five layers as GeoDataFrames (EPSG:4326)."""

    places: Any
    movements: Any
    strikes: Any
    areas: Any
    front_line: Any
    as_of: dt.date | None = None

    def frames(self) -> dict[str, Any]:
        """Layer name -> GeoDataFrame, in drawing order (areas under points)."""
        return {
            "area": self.areas,
            "front_line": self.front_line,
            "movement": self.movements,
            "strike": self.strikes,
            "place": self.places,
        }

    @property
    def n_features(self) -> int:
        return sum(len(f) for f in self.frames().values())

    @classmethod
    def from_frames(
        cls, frames: dict[str, Any], *, as_of: dt.date | None = None
    ) -> Layers:
        return cls(
            places=frames.get("place", empty_frame("place")),
            movements=frames.get("movement", empty_frame("movement")),
            strikes=frames.get("strike", empty_frame("strike")),
            areas=frames.get("area", empty_frame("area")),
            front_line=frames.get("front_line", empty_frame("front_line")),
            as_of=as_of,
        )


@dataclass(slots=True)
class _PlaceAcc:
    """What is known of one place while the layer is built."""

    name: str
    lat: float
    lon: float
    kind: str
    geonameid: int | None
    country: str | None
    population: int
    n_mentions: int = 0
    claims: list[Claim] = field(default_factory=list)


def build_layers(
    analysis: Any,
    *,
    as_of: dt.date | None = None,
    registry: Any = None,
    clip: bool = True,
) -> Layers:
    """The five layers of an analysis, as of a date when given.

    ``clip`` clips the front line to the land of the countries involved.
    """
    registry = registry if registry is not None else _default_registry()
    claims = [c for c in analysis.claims if _in_time(c, as_of)]
    mentions = analysis.mentions
    places = _collect_places(mentions, claims)
    place_rows, place_sites = _place_rows(places, registry)
    positions = _positions(claims, place_sites, registry)
    area_rows, area_sites = _area_rows(mentions, claims, registry)
    sites = place_sites + [s for s, _ in positions] + area_sites
    position_rows = [row for _, row in positions]
    movement_rows = _movement_rows(claims, sites, registry)
    strike_rows = _strike_rows(claims, registry)
    front_rows = _front_rows(sites, registry, clip=clip)
    area_rows = _on_own_side(area_rows, sites, registry)
    return Layers(
        places=make_frame("place", place_rows + position_rows),
        movements=make_frame("movement", movement_rows),
        strikes=make_frame("strike", strike_rows),
        areas=make_frame("area", area_rows),
        front_line=make_frame("front_line", front_rows),
        as_of=as_of,
    )


# --- frames -----------------------------------------------------------------------


def make_frame(layer: str, rows: list[dict[str, Any]]) -> Any:
    """A GeoDataFrame of one layer with its columns in order (empty if no rows)."""
    import geopandas as gpd

    if not rows:
        return empty_frame(layer)
    import pandas as pd

    rows = sorted(rows, key=lambda r: r["id"])
    data = {
        c: pd.Series([r.get(c) for r in rows], dtype=_dtype(c)) for c in COLUMNS[layer]
    }
    geometry = gpd.GeoSeries([r["geometry"] for r in rows], crs="EPSG:4326")
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def empty_frame(layer: str) -> Any:
    import geopandas as gpd
    import pandas as pd

    data = {c: pd.Series([], dtype=_dtype(c)) for c in COLUMNS[layer]}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4326"))


def _dtype(column: str) -> Any:
    """bool and int columns typed; everything else object, so None stays None."""
    return {"uncertain": bool, "origin_inferred": bool, "n_mentions": "int64"}.get(
        column, object
    )


def stable_id(layer: str, *parts: Any) -> str:
    """An id that depends only on what the feature is, not on run order.

    >>> stable_id("place", "gn", 2210554)
    'place-7a29271a8a1f'
    """
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]
    return f"{layer}-{digest}"


def colour_of(registry: Any, faction: str | None) -> str:
    """The faction's colour, grey for none or an unknown faction."""
    if not faction or registry is None:
        return NEUTRAL
    try:
        found = registry.get(faction)
    except (KeyError, LookupError):
        return NEUTRAL
    return getattr(found, "colour", None) or NEUTRAL


def source_of(claim: Claim) -> dict[str, Any]:
    """The evidence of a claim as a plain dict (the ``sources`` entries)."""
    place = claim.place
    return {
        "doc": claim.doc,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "mention_start": None if place is None else place.start,
        "mention_end": None if place is None else place.end,
        "claim_type": claim.type,
        "faction": claim.faction,
        "date": None if claim.date is None else claim.date.isoformat(),
        # provenance: "corrected by analyst: ..." when the analyst changed the claim
        "corrected": claim.corrected,
    }


# --- time ---------------------------------------------------------------------------


def _in_time(claim: Claim, as_of: dt.date | None) -> bool:
    return as_of is None or claim.date is None or claim.date <= as_of


def _when(claim: Claim) -> dt.date:
    return claim.date or dt.date.min


def _asserted(claim: Claim) -> bool:
    return (
        claim.type == "control"
        and not claim.implied
        and claim.confidence >= HELD_CONFIDENCE
    )


def resolve_control(claims: list[Claim]) -> tuple[str | None, str, list[str]]:
    """(faction, status, factions of the latest claims) for one place.

    The latest claims win; if they name different factions the place is contested.
    """
    control = [c for c in claims if c.type in CONTROL_TYPES and c.faction]
    if not control:
        return None, "none", []
    latest = max(_when(c) for c in control)
    newest = [c for c in control if _when(c) == latest]
    factions = list(dict.fromkeys(c.faction for c in newest if c.faction))
    support = defaultdict(float)
    for c in newest:
        support[c.faction] += c.confidence + (1.0 if _asserted(c) else 0.0)
    leader = max(factions, key=lambda f: (support[f], -factions.index(f)))
    if len(factions) > 1:
        return leader, "contested", factions
    held = any(_asserted(c) for c in newest)
    return leader, "held" if held else "claimed", factions


# --- places -------------------------------------------------------------------------


def _place_key(m: Mention, name: str | None = None) -> tuple[str, Any]:
    if m.geonameid is not None and name is None:
        return ("gn", m.geonameid)
    return ("nm", name_key(name or m.name))


def _referents(
    m: Mention, by_name: dict[str, Mention]
) -> list[tuple[tuple[str, Any], Mention]]:
    """The places a mention stands for: itself, an anaphor's referents, or the place a
    relative expression describes. Regions and unnamed positions stand for none."""
    if m.in_name or not m.located:
        return []
    if m.kind == "place":
        return [(_place_key(m), m)]
    if m.kind == "relative" and m.describes:
        return [(_place_key(m) if m.geonameid else ("nm", name_key(m.describes)), m)]
    if m.kind == "anaphor":
        out = [(_place_key(m), m)]
        for other in m.refers_to[1:]:
            found = by_name.get(name_key(other))
            if found is not None:
                out.append((_place_key(found), found))
        return out
    return []


def _doc_index(mentions: list[Mention]) -> dict[str, Mention]:
    by_name: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "place" and m.located and not m.in_name:
            by_name.setdefault(name_key(m.name), m)
    return by_name


def _collect_places(
    mentions: dict[str, list[Mention]], claims: list[Claim]
) -> dict[tuple[str, Any], _PlaceAcc]:
    places: dict[tuple[str, Any], _PlaceAcc] = {}
    indexes = {doc: _doc_index(ms) for doc, ms in mentions.items()}
    for doc, ms in mentions.items():
        for m in ms:
            for key, ref in _referents(m, indexes[doc]):
                _acc(places, key, ref).n_mentions += 1
    for c in claims:
        if c.place is None:
            continue
        for key, ref in _referents(c.place, indexes.get(c.doc, {})):
            _acc(places, key, ref).claims.append(c)
    return places


def _acc(places: dict[tuple[str, Any], _PlaceAcc], key: Any, m: Mention) -> _PlaceAcc:
    if key not in places:
        p = m.place
        name = (
            p.name
            if p is not None and m.kind != "relative"
            else (m.describes or m.name)
        )
        places[key] = _PlaceAcc(
            name=name,
            lat=float(m.lat),
            lon=float(m.lon),
            kind=p.kind if p is not None else "city",
            geonameid=m.geonameid
            if m.geonameid is not None
            else getattr(p, "geonameid", None),
            country=m.country or getattr(p, "country", None),
            population=getattr(p, "population", 0) or 0,
        )
    return places[key]


def _place_rows(
    places: dict[tuple[str, Any], _PlaceAcc], registry: Any
) -> tuple[list[dict[str, Any]], list[Site]]:
    from shapely.geometry import Point

    rows, sites = [], []
    for key, acc in places.items():
        if acc.kind in BACKGROUND_KINDS and not acc.claims:
            continue  # "Turkey said..." puts no point on the map of the war
        faction, status, factions = resolve_control(acc.claims)
        sources = [source_of(c) for c in sorted(acc.claims, key=_claim_order)]
        dated = [c.date for c in acc.claims if c.date is not None]
        rows.append(
            {
                "id": stable_id("place", *key),
                "layer": "place",
                "name": acc.name,
                "faction": faction,
                "status": status,
                "kind": acc.kind,
                "geonameid": acc.geonameid,
                "country": acc.country,
                "colour": CONTESTED
                if status == "contested"
                else colour_of(registry, faction),
                "claimed_by": factions,
                "date": max(dated).isoformat() if dated else None,
                "n_mentions": acc.n_mentions,
                "sources": sources,
                "geometry": Point(acc.lon, acc.lat),
            }
        )
        if faction and status in ("held", "claimed"):
            control = [s for s in sources if s["claim_type"] in CONTROL_TYPES]
            sites.append(
                Site(
                    name=acc.name,
                    lat=acc.lat,
                    lon=acc.lon,
                    faction=faction,
                    certain=status == "held",
                    radius_km=place_radius_km(acc.population),
                    country=acc.country,
                    sources=tuple(control),
                )
            )
    return rows, sites


def _claim_order(c: Claim) -> tuple[Any, ...]:
    return (_when(c), c.doc, c.start)


# --- positions ----------------------------------------------------------------------


def _positions(
    claims: list[Claim], held: list[Site], registry: Any
) -> list[tuple[Site, dict[str, Any]]]:
    """One site and one place-layer row per faction and position mentioned."""
    from shapely.geometry import Point

    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if (
            c.type != "position"
            or not c.faction
            or c.place is None
            or not c.place.located
        ):
            continue
        grouped[(c.faction, _label_key(c.place))].append(c)
    fixed = [s for s in held] + [
        Site(cs[0].place.text, cs[0].place.lat, cs[0].place.lon, f, position=True)
        for (f, _), cs in grouped.items()
        if cs[0].place.geometry is None or cs[0].place.kind != "region"
    ]
    out = []
    for (faction, label), cs in sorted(grouped.items()):
        m = cs[0].place
        lat, lon = _position_point(m, faction, fixed)
        asserted = any(not c.implied and c.confidence >= HELD_CONFIDENCE for c in cs)
        sources = [source_of(c) for c in sorted(cs, key=_claim_order)]
        dated = [c.date for c in cs if c.date is not None]
        site = Site(
            name=_label(m),
            lat=lat,
            lon=lon,
            faction=faction,
            certain=asserted,
            position=True,
            country=m.country,
            sources=tuple(sources),
        )
        row = {
            "id": stable_id("place", "position", faction, label),
            "layer": "place",
            "name": _label(m),
            "faction": faction,
            "status": "held" if asserted else "claimed",
            "kind": "position",
            "geonameid": None,
            "country": m.country,
            "colour": colour_of(registry, faction),
            "claimed_by": [faction],
            "date": max(dated).isoformat() if dated else None,
            "n_mentions": len(cs),
            "sources": sources,
            "geometry": Point(lon, lat),
        }
        out.append((site, row))
    return out


def _label(m: Mention) -> str:
    text = " ".join(m.text.split())
    return text[4:] if text.lower().startswith("the ") else text


def _label_key(m: Mention) -> str:
    return name_key(_label(m))


def _position_point(m: Mention, faction: str, fixed: list[Site]) -> tuple[float, float]:
    """Where a position is drawn: its point, or for a region around an enemy-held place
    ("the outskirts of Sirte"), the region's point nearest the faction's own sites (the
    side its forces came from), outside the enemy place's radius."""
    from shapely.geometry import Point

    lat, lon = float(m.lat), float(m.lon)
    geom = m.geometry
    if m.kind != "region" or geom is None or geom.is_empty:
        return lat, lon
    hull = geom.convex_hull  # an annulus ("outskirts") surrounds its place
    enemies = [
        s
        for s in fixed
        if not s.position
        and s.faction != faction
        and hull.contains(Point(s.lon, s.lat))
    ]
    own = [s for s in fixed if s.faction == faction]
    if not enemies or not own:
        return lat, lon
    enemy = enemies[0]
    anchor = min(own, key=lambda s: haversine_km(s.lat, s.lon, lat, lon))
    keep_out = Point(enemy.lon, enemy.lat).buffer(
        (enemy.radius_km + 1.0) / (111.32 * max(math.cos(math.radians(enemy.lat)), 0.1))
    )
    allowed = geom.difference(keep_out)
    if allowed.is_empty:
        return lat, lon
    from shapely.ops import nearest_points

    point = nearest_points(allowed, Point(anchor.lon, anchor.lat))[0]
    return point.y, point.x


# --- areas --------------------------------------------------------------------------


def _area_rows(
    mentions: dict[str, list[Mention]], claims: list[Claim], registry: Any
) -> tuple[list[dict[str, Any]], list[Site]]:
    """Regions (with their controller when a claim says) and relative uncertainties."""
    by_mention: dict[tuple[str, int, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.place is not None:
            by_mention[(c.doc, c.place.start, c.place.end)].append(c)
    groups: dict[tuple[str, str], tuple[Mention, list[Claim]]] = {}
    seen_ids: dict[tuple[str, str], set[int]] = defaultdict(set)  # linear, not n²
    all_mentions = [m for ms in mentions.values() for m in ms]
    all_mentions += [c.place for c in claims if c.place is not None]
    for m in all_mentions:
        if (
            m.kind not in ("region", "relative")
            or m.geometry is None
            or m.geometry.is_empty
        ):
            continue
        if m.kind == "relative" and m.describes:
            # "Sirte (450 km east of Tripoli)": the stated position only checks a
            # named place that keeps its gazetteer point; drawing its sector would
            # put Sirte in the sea.
            continue
        kind = "region" if m.kind == "region" else "uncertainty"
        key = (kind, _label_key(m))
        mention_claims = by_mention.get((m.doc, m.start, m.end), [])
        if key not in groups:
            groups[key] = (m, [])
        seen, ids = groups[key][1], seen_ids[key]
        for c in mention_claims:
            if id(c) not in ids and c not in seen:
                ids.add(id(c))
                seen.append(c)
    rows, sites = [], []
    for (kind, label), (m, cs) in sorted(groups.items()):
        faction, status, _ = resolve_control(cs)
        if faction is None:
            actors = list(dict.fromkeys(c.faction for c in cs if c.faction))
            faction = actors[0] if len(actors) == 1 else None
            status = "reported" if faction else "none"
        dated = [c.date for c in cs if c.date is not None]
        rows.append(
            {
                "id": stable_id("area", kind, label),
                "layer": "area",
                "kind": kind,
                "name": _label(m),
                "faction": faction,
                "status": status,
                "colour": CONTESTED
                if status == "contested"
                else colour_of(registry, faction),
                "date": max(dated).isoformat() if dated else None,
                "sources": [source_of(c) for c in sorted(cs, key=_claim_order)],
                "geometry": m.geometry,
            }
        )
        if kind == "region" and status in ("held", "claimed") and m.located:
            sites.append(
                Site(
                    name=_label(m),
                    lat=float(m.lat),
                    lon=float(m.lon),
                    faction=faction,
                    certain=status == "held",
                    country=m.country,
                    sources=tuple(source_of(c) for c in cs if c.type in CONTROL_TYPES),
                )
            )
    return rows, sites


# --- movements and strikes ----------------------------------------------------------


def _movement_rows(
    claims: list[Claim], sites: list[Site], registry: Any
) -> list[dict[str, Any]]:
    from shapely.geometry import LineString

    rows = []
    for c in claims:
        if c.type != "movement" or c.place is None or not c.place.located:
            continue
        dest = (float(c.place.lat), float(c.place.lon))
        origin_name, inferred = None, True
        if c.origin is not None and c.origin.located:
            start = (float(c.origin.lat), float(c.origin.lon))
            origin_name, inferred = c.origin.name, False
        elif (site := _nearest_own(sites, c.faction, dest)) is not None:
            start, origin_name = (site.lat, site.lon), site.name
        else:
            start = _stub_start(dest, sites, c.faction)
        rows.append(
            {
                "id": stable_id(
                    "movement", c.doc, c.start, c.place.start, c.kind, c.faction
                ),
                "layer": "movement",
                "kind": c.kind,
                "faction": c.faction,
                "status": "claimed"
                if c.implied or c.confidence < HELD_CONFIDENCE
                else "reported",
                "colour": colour_of(registry, c.faction),
                "place": _label(c.place) if c.place.kind != "place" else c.place.name,
                "origin": origin_name,
                "origin_inferred": inferred,
                "date": None if c.date is None else c.date.isoformat(),
                "sources": [source_of(c)],
                "geometry": LineString([(start[1], start[0]), (dest[1], dest[0])]),
            }
        )
    return rows


def _nearest_own(
    sites: list[Site], faction: str | None, dest: tuple[float, float]
) -> Site | None:
    """The faction's nearest place or position, not at the destination itself."""
    best, best_km = None, MAX_ORIGIN_KM
    for s in sites:
        if s.faction != faction:
            continue
        km = haversine_km(s.lat, s.lon, *dest)
        if MIN_ORIGIN_KM <= km <= best_km:
            best, best_km = s, km
    return best


def _stub_start(
    dest: tuple[float, float], sites: list[Site], faction: str | None
) -> tuple[float, float]:
    """A start STUB_KM before the destination, coming from the faction's side (or the
    centre of everything known, or the south): a direction, not an invented origin."""
    own = [s for s in sites if s.faction == faction] or list(sites)
    bearing = 180.0
    if own:
        lat = sum(s.lat for s in own) / len(own)
        lon = sum(s.lon for s in own) / len(own)
        if haversine_km(lat, lon, *dest) > 1.0:
            bearing = initial_bearing(dest[0], dest[1], lat, lon)
    return destination(dest[0], dest[1], bearing, STUB_KM)


def _strike_rows(claims: list[Claim], registry: Any) -> list[dict[str, Any]]:
    from shapely.geometry import Point

    rows = []
    for c in claims:
        if c.type != "strike" or c.place is None or not c.place.located:
            continue
        rows.append(
            {
                "id": stable_id("strike", c.doc, c.start, c.place.start, c.faction),
                "layer": "strike",
                "faction": c.faction,
                "status": "claimed"
                if c.implied or c.confidence < HELD_CONFIDENCE
                else "reported",
                "target": c.target,
                "casualties": c.casualties,
                "place": _label(c.place) if c.place.kind != "place" else c.place.name,
                "colour": colour_of(registry, c.faction),
                "date": None if c.date is None else c.date.isoformat(),
                "sources": [source_of(c)],
                "geometry": Point(float(c.place.lon), float(c.place.lat)),
            }
        )
    return rows


# --- front line ---------------------------------------------------------------------


def _on_own_side(
    rows: list[dict[str, Any]], sites: list[Site], registry: Any
) -> list[dict[str, Any]]:
    """A region a faction holds is drawn on its side of the front only: "the western
    region" of Libya held by the GNA does not cover LNA-held Sirte and Jufra."""
    held = [
        r for r in rows if r["kind"] == "region" and r["status"] in ("held", "claimed")
    ]
    if not held:
        return rows
    sides = territories(
        [dataclasses.replace(s, faction=party_of(registry, s.faction)) for s in sites],
        opposed=lambda a, b: opposed(registry, a, b),
    )
    for row in held:
        side = sides.get(party_of(registry, row["faction"])) if row["faction"] else None
        if side is None:
            continue
        clipped = _polygons_only(row["geometry"].intersection(side))
        if clipped is not None:
            row["geometry"] = clipped
    return rows


def _polygons_only(geom: Any) -> Any:
    """The polygonal part of a geometry, or None if it has none."""
    from shapely.geometry import MultiPolygon, Polygon

    if geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    return MultiPolygon(parts) if parts else None


def _front_rows(
    sites: list[Site], registry: Any, *, clip: bool
) -> list[dict[str, Any]]:
    sites = [
        dataclasses.replace(s, faction=party_of(registry, s.faction)) for s in sites
    ]
    land = _land(sites) if clip else None
    segments = front_line(
        sites, land=land, opposed=lambda a, b: opposed(registry, a, b)
    )
    return [_front_row(s) for s in segments]


def _front_row(seg: FrontSegment) -> dict[str, Any]:
    return {
        "id": stable_id(
            "front_line", seg.factions, "uncertain" if seg.uncertain else "certain"
        ),
        "layer": "front_line",
        "factions": seg.factions,
        "faction": seg.factions,
        "status": "uncertain" if seg.uncertain else "assessed",
        "uncertain": seg.uncertain,
        "colour": FRONT,
        "sites": list(seg.sites),
        "sources": list(seg.sources),
        "geometry": seg.geometry,
    }


def party_of(registry: Any, faction: str) -> str:
    """The side a faction fights on: a backer (RUS, TUR) counts as its party."""
    if registry is None or not hasattr(registry, "party_of"):
        return faction
    return registry.party_of(faction)


def opposed(registry: Any, a: str, b: str) -> bool:
    """Two factions face each other unless they are on the same side."""
    return party_of(registry, a) != party_of(registry, b)


def _land(sites: Iterable[Site]) -> Any:
    """The union of the land of the countries the sites lie in (None if unknown)."""
    from shapely import union_all

    from gazetteer import shapes

    codes = sorted({s.country for s in sites if s.country})
    shapes_found = [
        g for g in (shapes.country_shape(c) for c in codes) if g is not None
    ]
    return union_all(shapes_found) if shapes_found else None


def _default_registry() -> Any:
    try:
        from geo.factions import load_registry
    except ImportError:  # the faction registry (issue 5) is not installed yet
        log.warning("geo.factions unavailable: factions drawn in grey")
        return None
    return load_registry()
