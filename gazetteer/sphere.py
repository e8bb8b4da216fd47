"""Spherical distances and destinations: one place for the formulas every stage uses.

Cheap and within a fraction of a percent of the ellipsoid; where the exact geodesic
matters (relative expressions) :mod:`gazetteer.relative` uses geopy/geographiclib.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: Mean Earth radius (IUGG), as the corpora's reference scorer uses.
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(0, 0, 0, 1), 1)
    111.2
    >>> round(haversine_km(32.88743, 13.18733, 31.20892, 16.58866))
    371
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(lat: float, lon: float, lats: Any, lons: Any) -> np.ndarray:
    """Great-circle distances (km) from one point to many (arrays of degrees).

    >>> distances_km(0, 0, [0, 1], [1, 0]).round(1).tolist()
    [111.2, 111.2]
    """
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(np.asarray(lons, dtype=float) - lon)
    h = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def nearest_km(lats1: Any, lons1: Any, lats2: Any, lons2: Any) -> np.ndarray:
    """For each of the first points, the great-circle distance (km) to the
    nearest of the second ones: :func:`distances_km` for many points in one call
    (the same formula, element by element).

    >>> nearest_km([0, 10], [0, 0], [0, 0], [1, 2]).round(1).tolist()
    [111.2, 1117.4]
    """
    p1 = np.radians(np.asarray(lats1, dtype=float))[:, None]
    p2 = np.radians(np.asarray(lats2, dtype=float))[None, :]
    lon1 = np.asarray(lons1, dtype=float)[:, None]
    dp, dl = p2 - p1, np.radians(np.asarray(lons2, dtype=float)[None, :] - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return (2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))).min(axis=1)


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing (degrees clockwise from north) from 1 to 2.

    >>> round(initial_bearing(0, 0, 0, 1)), round(initial_bearing(0, 0, 1, 0))
    (90, 0)
    """
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def destination(
    lat: float, lon: float, bearing_deg: float, km: float
) -> tuple[float, float]:
    """(lat, lon) reached going ``km`` along a great circle at ``bearing_deg``.

    >>> lat, lon = destination(31.2, 16.6, 270, 30)
    >>> round(lat, 2), round(lon, 2)
    (31.2, 16.28)
    """
    ((lon2, lat2),) = arc(lat, lon, km, np.array([bearing_deg]))
    return float(lat2), float(lon2)


def arc(lat: float, lon: float, km: float, bearings: np.ndarray) -> np.ndarray:
    """Great-circle destinations at one distance and many bearings, as (lon, lat)
    rows: the vertices of outlines (sectors, rings)."""
    return destinations(lat, lon, km, bearings)


def destinations(lat: Any, lon: Any, km: Any, bearings: Any) -> np.ndarray:
    """Great-circle destinations as (lon, lat) rows; every argument may be an array
    (broadcast together): many points, distances or bearings in one call.

    >>> destinations([0, 10], [0, 20], 111.195, [90, 0]).round(3).tolist()
    [[1.0, 0.0], [20.0, 11.0]]
    """
    d = np.asarray(km, dtype=float) / EARTH_KM
    p1, l1 = np.radians(lat), np.radians(lon)
    b = np.radians(bearings)
    sin_p1, cos_p1, sin_d, cos_d = np.sin(p1), np.cos(p1), np.sin(d), np.cos(d)
    p2 = np.arcsin(np.clip(sin_p1 * cos_d + cos_p1 * sin_d * np.cos(b), -1, 1))
    l2 = l1 + np.arctan2(np.sin(b) * sin_d * cos_p1, cos_d - sin_p1 * np.sin(p2))
    lons = (np.degrees(l2) + 180.0) % 360.0 - 180.0
    lons, lats = np.broadcast_arrays(lons, np.degrees(p2))
    return np.column_stack([np.ravel(lons), np.ravel(lats)])


def initial_bearings(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> np.ndarray:
    """:func:`initial_bearing` over arrays (degrees clockwise from north)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    y = np.sin(dl) * np.cos(p2)
    x = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return np.degrees(np.arctan2(y, x)) % 360


# --------------------------------------------------------------- valid lon/lat shapes

#: Boxes of unwrapped longitudes, each shifted back into [-180, 180].
_SHIFTS = (-720.0, -360.0, 0.0, 360.0, 720.0)


def valid_lonlat(geometry: Any) -> Any:
    """The same shape as valid RFC 7946 lon/lat: cut at the antimeridian, nothing
    beyond the poles, every longitude in [-180, 180].

    Outlines are read as a sphere draws them: each edge is the short way between its
    ends (an edge whose longitudes jump by more than 180 degrees crosses the
    antimeridian), and a ring that goes once round the globe encloses the pole on its
    side. Pieces on either side of the antimeridian become a Multi geometry; a line
    of no length (from a place to itself) becomes its point; a collection keeps its
    parts of the highest dimension (an area, not the stray edge clipping left).

    >>> from shapely.geometry import LineString, box
    >>> line = valid_lonlat(LineString([(-171.8, -13.8), (178.4, -18.1)]))  # Apia-Suva
    >>> line.geom_type, [round(x) for x, _ in line.geoms[0].coords]
    ('MultiLineString', [-172, -180])
    >>> valid_lonlat(box(170, -20, 190, -10)).bounds  # wider than the map: cut
    (-180.0, -20.0, 180.0, -10.0)
    """
    import shapely

    if geometry is None or geometry.is_empty:
        return geometry
    kind = geometry.geom_type
    if kind == "GeometryCollection":
        return _collection(geometry)
    if kind == "LineString" and len(set(geometry.coords)) < 2:
        return valid_lonlat(shapely.Point(geometry.coords[0]))  # a line of no length
    if _is_plain(geometry):
        if geometry.is_valid:
            return geometry
        family = "Polygon" if "Polygon" in kind else "Line" if "Line" in kind else ""
        repaired = shapely.make_valid(geometry)
        if not family:
            return repaired
        multi = shapely.MultiPolygon if family == "Polygon" else shapely.MultiLineString
        return _as_one(list(shapely.get_parts(repaired)), multi, family)
    if kind == "Point":
        x, y = geometry.x, geometry.y
        return shapely.Point(_wrap_lon(x), max(-90.0, min(90.0, y)))
    if kind in ("Polygon", "MultiPolygon"):
        polygons = shapely.get_parts(geometry)
        return _as_one([_polygon(p) for p in polygons], shapely.MultiPolygon, "Polygon")
    if kind in ("LineString", "MultiLineString", "LinearRing"):
        lines = shapely.get_parts(geometry)
        pieces = [piece for line in lines for piece in _line(line)]
        return _as_one(pieces, shapely.MultiLineString, "Line")
    if kind == "MultiPoint":
        return shapely.MultiPoint([valid_lonlat(p) for p in geometry.geoms])
    return geometry  # anything else: as it is


def _collection(geometry: Any) -> Any:
    """A collection (what clipping leaves: an area with a stray edge or point) as
    its parts of the highest dimension: one Polygon/Line/Point or Multi geometry."""
    import shapely

    parts = [p for p in shapely.get_parts(geometry) if not p.is_empty]
    top = max((int(shapely.get_dimensions(p)) for p in parts), default=-1)
    kept = [
        q
        for p in parts
        if shapely.get_dimensions(p) == top
        for q in shapely.get_parts(p)
    ]
    if not kept:
        return shapely.GeometryCollection()
    if top == 2:
        return valid_lonlat(shapely.union_all(kept))
    if top == 1:
        return valid_lonlat(shapely.MultiLineString(kept) if len(kept) > 1 else kept[0])
    return valid_lonlat(shapely.MultiPoint(kept) if len(kept) > 1 else kept[0])


def in_range(geometry: Any) -> bool:
    """True when a shape is valid, within lon/lat bounds and crosses no antimeridian.

    >>> from shapely.geometry import LineString
    >>> in_range(LineString([(0, 0), (1, 1)])), in_range(LineString([(179, 0), (-179, 0)]))
    (True, False)
    """
    return (
        geometry is None
        or geometry.is_empty
        or (_is_plain(geometry) and geometry.is_valid)
    )


def _is_plain(geometry: Any) -> bool:
    """In range and no edge longer than 180 degrees of longitude (pole edges aside)."""
    import shapely

    minx, miny, maxx, maxy = geometry.bounds
    if -180.0 <= minx and maxx <= 180.0 and maxx - minx <= 180.0:
        return -90.0 <= miny and maxy <= 90.0  # no edge can be longer than that
    xy = shapely.get_coordinates(geometry)
    if not len(xy):
        return True
    if (np.abs(xy[:, 0]) > 180.0).any() or (np.abs(xy[:, 1]) > 90.0).any():
        return False
    if geometry.geom_type.endswith("Point") or not _jumps(xy).any():
        return True  # the usual case, in one pass over all the vertices
    # a jump may only be the step from one ring or part to the next: look closer
    for part in shapely.get_parts(geometry):
        for ring in _rings(part):
            if _jumps(shapely.get_coordinates(ring)).any():
                return False
    return True


def _jumps(xy: np.ndarray) -> np.ndarray:
    """Edges whose longitudes jump by more than 180 degrees (not along a pole)."""
    jumps = np.abs(np.diff(xy[:, 0])) > 180.0
    on_pole = (np.abs(xy[:-1, 1]) >= 90.0) & (np.abs(xy[1:, 1]) >= 90.0)
    return jumps & ~on_pole


def _rings(part: Any) -> list[Any]:
    if part.geom_type == "Polygon":
        return [part.exterior, *part.interiors]
    return [part]


def _unwrap(xy: np.ndarray) -> np.ndarray:
    out = xy.copy()
    out[:, 0] = np.degrees(np.unwrap(np.radians(xy[:, 0])))
    return out


def _cut(geometry: Any) -> list[Any]:
    """Pieces of an unwrapped shape, each shifted back into [-180, 180] x [-90, 90]
    (lines: in the order they are travelled)."""
    import shapely

    lineal = "LineString" in geometry.geom_type
    pieces = []
    for shift in _SHIFTS:
        window = shapely.box(-180.0 - shift, -90.0, 180.0 - shift, 90.0)
        piece = geometry.intersection(window)
        for part in shapely.get_parts(piece):
            if part.is_empty or lineal != ("LineString" in part.geom_type):
                continue  # a polygon's cut edge is no piece of it
            order = geometry.project(shapely.Point(part.coords[0])) if lineal else 0.0
            moved = shapely.transform(part, lambda c, s=shift: c + [s, 0.0])
            pieces.append((order, moved))
    pieces.sort(key=lambda pair: pair[0])
    return [p for _, p in pieces]


def _ring_polygon(coords: np.ndarray) -> Any:
    """An unwrapped ring as a polygon; one that goes round the globe is closed
    through the pole on its side (the north when it lies mostly north)."""
    import shapely

    xy = _unwrap(coords)
    turn = xy[-1, 0] - xy[0, 0]
    if abs(turn) > 180.0:  # round the globe once: the ring encloses a pole
        pole = 90.0 if xy[:, 1].mean() >= 0 else -90.0
        xy = np.vstack([xy[:-1], [[xy[-1, 0], pole], [xy[0, 0], pole]]])
    polygon = shapely.Polygon(xy)
    return polygon if polygon.is_valid else shapely.make_valid(polygon)


def _polygon(polygon: Any) -> Any:
    import shapely

    shape = _ring_polygon(shapely.get_coordinates(polygon.exterior))
    parts = _cut(shape)
    for hole in polygon.interiors:
        cut_hole = shapely.union_all(_cut(_ring_polygon(shapely.get_coordinates(hole))))
        parts = [p.difference(cut_hole) for p in parts]
    return shapely.union_all(parts)


def _line(line: Any) -> Any:
    import shapely

    if len(line.coords) < 2:
        return [line]
    return _cut(shapely.LineString(_unwrap(shapely.get_coordinates(line))))


def _as_one(shapes: list[Any], multi: Any, family: str) -> Any:
    """Pieces of one family (areas or lines) as one Polygon / Multi geometry."""
    import shapely

    parts = [
        p
        for s in shapes
        for p in shapely.get_parts(s)
        if not p.is_empty and family in p.geom_type
    ]
    if not parts:
        return shapely.GeometryCollection()
    return parts[0] if len(parts) == 1 else multi(parts)


def _wrap_lon(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0 if not -180.0 <= lon <= 180.0 else lon
