"""A front line derived from what the claims say each side holds.

Method (documented for users in docs/layers.md):

1. Every place a faction holds or claims, and every position its forces are said to
   occupy, is a *site* of that faction. Sites are projected to kilometres around
   their centre (azimuthal equidistant), so that distances are true.
2. A position that the text puts in contact with the enemy (an opposing held site
   within ``contact_km``) is *at the front*: the line must pass just ahead of it.
   Its generator is the mirror image of the nearest opposing site through the
   front point ``F`` (a little ahead of the position, never inside the opposing
   place's radius), so that the bisector of the two generators passes through F.
3. The Voronoi partition of the generators (:func:`shapely.voronoi_polygons`) gives
   each site the area nearer to it than to any other. The edges between cells of
   opposing factions form the front; by construction a bisector never passes
   through a site, and held places keep a radius the front does not enter.
4. The line is clipped to the land of the countries involved (Natural Earth).
5. A stretch is *certain* only within ``certain_km`` of both sites it separates and
   when both are held as fact; everything else is marked uncertain.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

log = logging.getLogger(__name__)

#: A position is at the front when an opposing site is within this distance.
CONTACT_KM = 80.0
#: The front is certain only this close to the sites it separates.
CERTAIN_KM = 60.0
#: Nothing is drawn farther than this from the sites a stretch separates.
MAX_KM = 250.0
#: How far the front sits from a front position toward the enemy (share of the gap).
AHEAD = 0.15
#: Extra kilometres kept between the front and a held place's radius.
MARGIN_KM = 1.0


@dataclass(frozen=True, slots=True)
class Site:
    """A point a faction holds (a place) or occupies (a position)."""

    name: str
    lat: float
    lon: float
    faction: str
    certain: bool = True  # held as fact (not implied, not contested)
    position: bool = False  # forces' position (not a held place)
    radius_km: float = 0.0  # the held place's extent: the front stays outside it
    country: str | None = None
    sources: tuple[dict[str, Any], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class FrontSegment:
    """Front-line pieces between two factions, certain or not (lon/lat geometry)."""

    factions: str  # "GNA/LNA", sorted
    uncertain: bool
    geometry: Any
    sources: tuple[dict[str, Any], ...] = ()
    sites: tuple[str, ...] = ()


def place_radius_km(population: int | None) -> float:
    """The radius a held place covers, from its population (3 to 15 km).

    >>> place_radius_km(0), round(place_radius_km(128_000), 1), place_radius_km(2e6)
    (3.0, 8.9, 15.0)
    """
    pop = max(int(population or 0), 0)
    return float(min(15.0, max(3.0, 2.5 * math.sqrt(pop / 10_000))))


def front_line(
    sites: Sequence[Site],
    *,
    land: Any = None,
    opposed: Callable[[str, str], bool] | None = None,
    contact_km: float = CONTACT_KM,
    certain_km: float = CERTAIN_KM,
    max_km: float = MAX_KM,
) -> list[FrontSegment]:
    """The front between opposing sites, clipped to ``land`` (lon/lat), or [].

    >>> a = Site("A", 31.2, 16.0, "X"); b = Site("B", 31.2, 16.6, "Y")
    >>> [(s.factions, s.uncertain) for s in front_line([a, b])]
    [('X/Y', False), ('X/Y', True)]
    """
    opposed = opposed or (lambda a, b: a != b)
    sites = _dedupe(sites)
    if len({s.faction for s in sites}) < 2 or len(sites) < 2:
        return []
    proj = _Projection(np.array([[s.lon, s.lat] for s in sites]))
    xy = proj.forward(np.array([[s.lon, s.lat] for s in sites]))
    gens = _generators(sites, xy, opposed, contact_km)
    edges = _opposing_edges(sites, gens, opposed, land=land, proj=proj)
    segments = _segments(sites, xy, edges, proj, certain_km=certain_km, max_km=max_km)
    if land is None or land.is_empty:
        return segments
    # the projection's round trip moves ends by millimetres: clip again in lon/lat
    out = []
    for seg in segments:
        clipped = _lines_only(land.intersection(seg.geometry))
        if clipped is not None:
            out.append(_replace(seg, geometry=clipped))
    return out


def territories(
    sites: Sequence[Site],
    *,
    opposed: Callable[[str, str], bool] | None = None,
    contact_km: float = CONTACT_KM,
) -> dict[str, Any]:
    """Each faction's side of the front (lon/lat): the union of the Voronoi cells of
    its sites, the same partition the front line is drawn from. {} with fewer than two
    factions.

    >>> a = Site("A", 31.2, 16.0, "X"); b = Site("B", 31.2, 16.6, "Y")
    >>> sides = territories([a, b])
    >>> sides["X"].contains(shapely.Point(15.9, 31.2)), sides["X"].contains(shapely.Point(16.7, 31.2))
    (True, False)
    """
    from shapely.geometry import MultiPoint, box

    opposed = opposed or (lambda a, b: a != b)
    sites = _dedupe(sites)
    if len({s.faction for s in sites}) < 2:
        return {}
    proj = _Projection(np.array([[s.lon, s.lat] for s in sites]))
    xy = proj.forward(np.array([[s.lon, s.lat] for s in sites]))
    gens = _generators(sites, xy, opposed, contact_km)
    extent = box(*MultiPoint(gens).bounds).buffer(3000)
    cells = shapely.voronoi_polygons(MultiPoint(gens), extend_to=extent, ordered=True)
    polys = list(cells.geoms)
    if len(polys) != len(sites):
        return {}
    out: dict[str, Any] = {}
    for faction in {s.faction for s in sites}:
        mine = [p for p, s in zip(polys, sites, strict=True) if s.faction == faction]
        out[faction] = shapely.make_valid(proj.geom_inverse(shapely.union_all(mine)))
    return out


class _Projection:
    """Azimuthal equidistant projection in km around the sites' centre."""

    def __init__(self, lonlat: np.ndarray) -> None:
        from pyproj import Transformer

        lon0, lat0 = lonlat.mean(axis=0)
        aeqd = f"+proj=aeqd +lat_0={lat0:.6f} +lon_0={lon0:.6f} +units=km +ellps=WGS84"
        self._fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
        self._inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def forward(self, lonlat: np.ndarray) -> np.ndarray:
        x, y = self._fwd.transform(lonlat[:, 0], lonlat[:, 1])
        return np.column_stack([x, y])

    def geom_forward(self, geom: Any) -> Any:
        import shapely

        return shapely.transform(geom, lambda c: self.forward(c))

    def geom_inverse(self, geom: Any) -> Any:
        import shapely

        def inv(c: np.ndarray) -> np.ndarray:
            lon, lat = self._inv.transform(c[:, 0], c[:, 1])
            return np.column_stack([lon, lat])

        return shapely.transform(geom, inv)


def _dedupe(sites: Sequence[Site]) -> list[Site]:
    """One site per spot; a held place wins over a position at its point; sides that
    disagree on the same spot otherwise tell nothing: drop it."""
    by_spot: dict[tuple[float, float], list[Site]] = defaultdict(list)
    for s in sites:
        by_spot[(round(s.lat, 3), round(s.lon, 3))].append(s)
    out = []
    for group in by_spot.values():
        places = [s for s in group if not s.position]
        if places and len({s.faction for s in places}) == 1:
            group = places  # forces "on the approaches to" a town do not hold it
        if len({s.faction for s in group}) == 1:
            best = max(group, key=lambda s: (s.certain, not s.position, s.radius_km))
            merged = tuple(src for s in group for src in s.sources)
            out.append(_replace(best, sources=merged))
        else:
            log.debug("sites of several factions at %s: left out", group[0].name)
    return out


def _replace(site: Site, **changes: Any) -> Site:
    import dataclasses

    return dataclasses.replace(site, **changes)


def _generators(
    sites: list[Site],
    xy: np.ndarray,
    opposed: Callable[[str, str], bool],
    contact_km: float,
) -> np.ndarray:
    """Voronoi generators: held sites as they are, front positions mirrored."""
    gens = xy.copy()
    anchors = [i for i, s in enumerate(sites) if not s.position]
    for i, s in enumerate(sites):
        if not s.position:
            continue
        enemies = [j for j in anchors if opposed(s.faction, sites[j].faction)]
        if not enemies:
            continue
        dists = [float(np.hypot(*(xy[i] - xy[j]))) for j in enemies]
        k = int(np.argmin(dists))
        j, gap = enemies[k], dists[k]
        if gap > contact_km or gap == 0:
            continue
        ahead = max(sites[j].radius_km + MARGIN_KM, (1 - AHEAD) * gap)
        unit = (xy[i] - xy[j]) / gap
        front_point = xy[j] + unit * ahead
        gens[i] = 2 * front_point - xy[j]
    return gens


def _opposing_edges(
    sites: list[Site],
    gens: np.ndarray,
    opposed: Callable[[str, str], bool],
    *,
    land: Any,
    proj: _Projection,
) -> list[tuple[int, int, Any]]:
    """(i, j, projected line) for each Voronoi edge between opposing cells."""
    import shapely
    from shapely.geometry import MultiPoint, box

    extent = box(*MultiPoint(gens).bounds).buffer(2000)
    land_km = None
    if land is not None and not land.is_empty:
        land_km = shapely.make_valid(proj.geom_forward(land))
        extent = box(*shapely.union(extent, land_km).bounds)
    cells = shapely.voronoi_polygons(MultiPoint(gens), extend_to=extent, ordered=True)
    polys = list(cells.geoms)
    if len(polys) != len(sites):
        log.warning("voronoi gave %d cells for %d sites", len(polys), len(sites))
        return []
    tree = shapely.STRtree(polys)
    edges = []
    for i, cell in enumerate(polys):
        for j in tree.query(cell, predicate="intersects"):
            j = int(j)
            if j <= i or not opposed(sites[i].faction, sites[j].faction):
                continue
            shared = shapely.line_merge(
                shapely.intersection(cell.boundary, polys[j].boundary)
            )
            shared = _lines_only(shared)
            if land_km is not None and shared is not None:
                shared = _lines_only(shapely.intersection(shared, land_km))
            if shared is not None:
                edges.append((i, j, shared))
    return edges


def _lines_only(geom: Any) -> Any:
    """The (multi)line part of a geometry, or None."""
    import shapely

    if geom is None or geom.is_empty:
        return None
    parts = [
        g
        for g in shapely.get_parts(geom)
        if g.geom_type in ("LineString", "MultiLineString") and g.length > 0
    ]
    if not parts:
        return None
    return shapely.line_merge(shapely.union_all(parts))


def _segments(
    sites: list[Site],
    xy: np.ndarray,
    edges: list[tuple[int, int, Any]],
    proj: _Projection,
    *,
    certain_km: float,
    max_km: float,
) -> list[FrontSegment]:
    """Group edges by faction pair and certainty, back in lon/lat."""
    import shapely
    from shapely.geometry import Point

    groups: dict[tuple[str, bool], list[tuple[Any, int, int]]] = defaultdict(list)
    for i, j, line in edges:
        pair = "/".join(sorted((sites[i].faction, sites[j].faction)))
        reach = shapely.union(Point(xy[i]).buffer(max_km), Point(xy[j]).buffer(max_km))
        line = _lines_only(shapely.intersection(line, reach))
        if line is None:
            continue
        if sites[i].certain and sites[j].certain:
            near = shapely.intersection(
                Point(xy[i]).buffer(certain_km), Point(xy[j]).buffer(certain_km)
            )
            sure = _lines_only(shapely.intersection(line, near))
            unsure = _lines_only(shapely.difference(line, near))
        else:
            sure, unsure = None, line
        for uncertain, part in ((False, sure), (True, unsure)):
            if part is not None:
                groups[(pair, uncertain)].append((part, i, j))
    out = []
    for (pair, uncertain), parts in sorted(groups.items()):
        merged = _lines_only(shapely.union_all([p for p, _, _ in parts]))
        if merged is None:
            continue
        idx = sorted({k for _, i, j in parts for k in (i, j)})
        sources = _unique_sources(src for k in idx for src in sites[k].sources)
        out.append(
            FrontSegment(
                factions=pair,
                uncertain=uncertain,
                geometry=proj.geom_inverse(merged),
                sources=sources,
                sites=tuple(sites[k].name for k in idx),
            )
        )
    return out


def _unique_sources(sources: Any) -> tuple[dict[str, Any], ...]:
    seen: set[tuple] = set()
    out = []
    for src in sources:
        key = tuple(sorted((k, str(v)) for k, v in src.items()))
        if key not in seen:
            seen.add(key)
            out.append(src)
    return tuple(out)
