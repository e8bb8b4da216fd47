"""Spherical distances and destinations: one place for the formulas every stage uses.

Cheap and within a fraction of a percent of the ellipsoid; where the exact geodesic
matters (relative expressions) :mod:`gazetteer.relative` uses geopy/geographiclib.
"""

from __future__ import annotations

import math

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
    d = km / EARTH_KM
    p1, l1 = math.radians(lat), math.radians(lon)
    b = np.radians(bearings)
    p2 = np.arcsin(
        np.clip(
            math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * np.cos(b), -1, 1
        )
    )
    l2 = l1 + np.arctan2(
        np.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * np.sin(p2)
    )
    lons = (np.degrees(l2) + 180.0) % 360.0 - 180.0
    return np.column_stack([lons, np.degrees(p2)])
