"""Areas of control per side and the front line between them.

The areas are drawn the way DeepState draws its map: every place a side holds (or
claims) and every position of its forces gets its Voronoi cell (the ground nearer to
it than to any other site, positions at the front mirrored as in
:mod:`geo.frontline`), cut to ``AREA_KM`` around the site and to the land; a side's
area is the union of its cells. Contested towns get a disc of their own radius.

The front line is the boundary between opposing areas, so it exists only where both
sides' areas meet, and across the gap between them up to ``FRONT_REACH_KM`` from
the sites on both sides (nowhere without evidence on both sides). A stretch is
*assessed* where assessed evidence of both sides lies within ``ASSESSED_KM`` of it,
and *inferred* (drawn dashed) elsewhere. Every area and stretch lists the claims of
the sites it was built from.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from geo.frontline import (
    CONTACT_KM,
    Site,
    _dedupe,
    _generators,
    _lines_only,
    _Projection,
    _unique_sources,
)

log = logging.getLogger(__name__)

#: How far a side's area reaches around each of its sites.
AREA_KM = 20.0
#: The front (inferred where no evidence is near) runs between opposing sites up to
#: this far from both, also across the gap between their areas.
FRONT_REACH_KM = 100.0
#: A front stretch is assessed within this distance of both sides' assessed evidence.
ASSESSED_KM = 25.0
#: A contested town's area: its radius plus this margin.
CONTESTED_MARGIN_KM = 2.0


@dataclass(frozen=True, slots=True)
class Area:
    """The ground a side holds or claims (lon/lat (Multi)Polygon)."""

    side: str | None  # None for a contested area
    status: str  # held, claimed, contested
    geometry: Any
    sites: tuple[str, ...] = ()
    sources: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    claimed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stretch:
    """A piece of the front between two sides, assessed or inferred (lon/lat)."""

    factions: str  # "A/B", sorted
    assessed: bool
    geometry: Any
    sites: tuple[str, ...] = ()
    sources: tuple[dict[str, Any], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where assessed evidence puts a side (for telling assessed from inferred)."""

    side: str
    lat: float
    lon: float


def control_areas(
    sites: Sequence[Site],
    *,
    contested: Sequence[Site] = (),
    anchors: Sequence[Anchor] = (),
    land: Any = None,
    opposed: Callable[[str, str], bool] | None = None,
    area_km: float = AREA_KM,
    assessed_km: float = ASSESSED_KM,
) -> tuple[list[Area], list[Stretch]]:
    """Side areas, contested areas and the front between them.

    >>> a = Site("A", 31.2, 16.0, "X"); b = Site("B", 31.2, 16.3, "Y")
    >>> areas, front = control_areas([a, b], anchors=[Anchor("X", 31.2, 16.0),
    ...     Anchor("Y", 31.2, 16.3)])
    >>> sorted(x.side for x in areas), [(s.factions, s.assessed) for s in front]
    (['X', 'Y'], [('X/Y', False), ('X/Y', True)])
    """
    opposed = opposed or (lambda a, b: a != b)
    sites = _dedupe(sites)
    if not sites and not contested:
        return [], []
    every = [*sites, *contested]
    proj = _Projection(np.array([[s.lon, s.lat] for s in every]))
    land_km = None
    if land is not None and not land.is_empty:
        land_km = shapely.make_valid(proj.geom_forward(land))
    contested_km = _contested(contested, proj, land_km)
    areas: list[Area] = []
    front: list[Stretch] = []
    if sites:
        xy = proj.forward(np.array([[s.lon, s.lat] for s in sites]))
        gens = _generators(sites, xy, opposed, CONTACT_KM)
        cells = _cells(gens)
        if cells is None:
            log.warning("voronoi failed for %d sites: no areas", len(sites))
            return [], []
        radius = np.array([s.radius_km for s in sites]) + area_km
        discs = shapely.buffer(shapely.points(xy), radius, quad_segs=8)
        pieces = shapely.intersection(cells, discs)
        areas = _side_areas(sites, pieces, land_km, contested_km, proj)
        reach = shapely.buffer(
            shapely.points(xy), radius - area_km + FRONT_REACH_KM, quad_segs=8
        )
        front = _front(
            sites,
            cells,
            reach,
            land_km,
            contested_km,
            anchors,
            proj,
            opposed,
            assessed_km,
            land=land,
        )
    for site, geom in zip(contested, contested_km or [], strict=False):
        poly = None if geom is None else _polygons(geom)
        poly = None if poly is None else _lonlat(proj.geom_inverse(poly))
        if poly is None:
            continue
        areas.append(
            Area(
                None,
                "contested",
                poly,
                (site.name,),
                site.sources,
                claimed_by=tuple(site.faction.split("/")),
            )
        )
    return areas, front


def _cells(gens: np.ndarray) -> np.ndarray | None:
    from shapely.geometry import MultiPoint, box

    extent = box(*MultiPoint(gens).bounds).buffer(AREA_KM * 10)
    if len(gens) == 1:
        return np.array([extent])
    cells = shapely.voronoi_polygons(MultiPoint(gens), extend_to=extent, ordered=True)
    polys = shapely.get_parts(cells)
    return polys if len(polys) == len(gens) else None


def _contested(
    contested: Sequence[Site], proj: _Projection, land_km: Any
) -> list[Any] | None:
    if not contested:
        return None
    xy = proj.forward(np.array([[s.lon, s.lat] for s in contested]))
    radius = np.array([s.radius_km for s in contested]) + CONTESTED_MARGIN_KM
    discs = list(shapely.buffer(shapely.points(xy), radius, quad_segs=8))
    if land_km is not None:
        discs = [shapely.intersection(d, land_km) for d in discs]
    return discs


def _side_areas(
    sites: list[Site],
    pieces: np.ndarray,
    land_km: Any,
    contested_km: list[Any] | None,
    proj: _Projection,
) -> list[Area]:
    by_side: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, s in enumerate(sites):
        by_side[(s.faction, "held" if s.certain else "claimed")].append(i)
    hole = shapely.union_all(contested_km) if contested_km else None
    held_of: dict[str, Any] = {}
    out = []
    for (side, status), idx in sorted(by_side.items()):
        geom = shapely.union_all(pieces[idx])
        if land_km is not None:
            geom = shapely.intersection(geom, land_km)
        if hole is not None:
            geom = shapely.difference(geom, hole)
        if status == "claimed" and side in held_of:
            geom = shapely.difference(geom, held_of[side])
        if status == "held":
            held_of[side] = geom
        geom = _polygons(geom)
        if geom is None:
            continue
        geom = _lonlat(proj.geom_inverse(geom))
        if geom is None:
            continue
        out.append(
            Area(
                side,
                status,
                geom,
                tuple(sites[i].name for i in idx),
                _unique_sources(src for i in idx for src in sites[i].sources),
            )
        )
    return out


def _lonlat(geom: Any) -> Any:
    """Valid lon/lat polygons on the 1e-7 degree grid the exports round to, so that
    rounding leaves them valid and unchanged."""
    return _polygons(shapely.set_precision(shapely.make_valid(geom), 1e-7))


def _polygons(geom: Any) -> Any:
    if geom is None or geom.is_empty:
        return None
    parts = [
        g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0
    ]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    merged = shapely.union_all(parts)  # make_valid's pieces may share edges
    return merged if merged.is_valid else merged.buffer(0)


def _front(
    sites: list[Site],
    cells: np.ndarray,
    discs: np.ndarray,
    land_km: Any,
    contested_km: list[Any] | None,
    anchors: Sequence[Anchor],
    proj: _Projection,
    opposed: Callable[[str, str], bool],
    assessed_km: float,
    *,
    land: Any = None,
) -> list[Stretch]:
    if len({s.faction for s in sites}) < 2:
        return []
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    keep = [
        k
        for k in np.flatnonzero(left < right).tolist()
        if opposed(sites[left[k]].faction, sites[right[k]].faction)
    ]
    if not keep:
        return []
    i = left[keep]
    j = right[keep]
    shared = shapely.intersection(
        shapely.boundary(cells[i]), shapely.boundary(cells[j])
    )
    reach = shapely.intersection(discs[i], discs[j])
    shared = shapely.intersection(shared, reach)
    zones = _zones(anchors, proj, assessed_km)
    hole = shapely.union_all(contested_km) if contested_km else None
    groups: dict[tuple[str, bool], list[tuple[Any, int, int]]] = defaultdict(list)
    for line, a, b in zip(shared, i.tolist(), j.tolist(), strict=True):
        line = _lines_only(line)
        if line is None:
            continue
        if land_km is not None:
            line = _lines_only(shapely.intersection(line, land_km))
        if line is not None and hole is not None:
            line = _lines_only(shapely.difference(line, hole))
        if line is None:
            continue
        pair = "/".join(sorted((sites[a].faction, sites[b].faction)))
        za, zb = zones.get(sites[a].faction), zones.get(sites[b].faction)
        zone = None if za is None or zb is None else shapely.intersection(za, zb)
        sure = None if zone is None else _lines_only(shapely.intersection(line, zone))
        unsure = line if zone is None else _lines_only(shapely.difference(line, zone))
        for assessed, part in ((True, sure), (False, unsure)):
            if part is not None:
                groups[(pair, assessed)].append((part, a, b))
    out = []
    for (pair, assessed), parts in sorted(groups.items()):
        merged = _lines_only(shapely.union_all([p for p, _, _ in parts]))
        if merged is None:
            continue
        geometry = proj.geom_inverse(merged)
        if land_km is not None:  # the projection's round trip moves ends by mm
            geometry = _lines_only(shapely.intersection(geometry, land))
            if geometry is None:
                continue
        idx = sorted({k for _, a, b in parts for k in (a, b)})
        out.append(
            Stretch(
                pair,
                assessed,
                geometry,
                tuple(sites[k].name for k in idx),
                _unique_sources(src for k in idx for src in sites[k].sources),
            )
        )
    return out


def _zones(anchors: Sequence[Anchor], proj: _Projection, km: float) -> dict[str, Any]:
    by_side: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for a in anchors:
        by_side[a.side].append((a.lon, a.lat))
    out = {}
    for side, pts in by_side.items():
        xy = proj.forward(np.unique(np.round(np.array(pts), 3), axis=0))
        out[side] = shapely.union_all(
            shapely.buffer(shapely.points(xy), km, quad_segs=8)
        )
    return out
