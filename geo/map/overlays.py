"""The user's own layers (roads, another map's control areas): GeoJSON,
GeoPackage or KML, read from the uploaded bytes, drawn under the claims in the
pane ``fl-overlays`` and listed in the layer switcher under their file names.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from collections.abc import Sequence
from typing import Any

import folium
from shapely.geometry import mapping

from geo.map.features import collection
from geo.map.styles import OVERLAY_STYLE

#: Extensions read, and the drivers that read them.
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".kml": "KML"}
MAX_BYTES = 20_000_000
MAX_FEATURES = 20_000
PANE = "fl-overlays"


class OverlayError(ValueError):
    """An overlay file that cannot be drawn; the message names the file and what to
    do."""


def read_overlay(name: str, data: bytes) -> Any:
    """The file's features as a GeoDataFrame in EPSG:4326 (simplified lightly).

    >>> gj = b'{"type":"FeatureCollection","features":[{"type":"Feature",'
    >>> gj += b'"properties":{},"geometry":{"type":"Point","coordinates":[13,32]}}]}'
    >>> read_overlay("pts.geojson", gj).geometry.iloc[0].x
    13.0
    >>> read_overlay("x.shp", b"")
    Traceback (most recent call last):
    ...
    geo.map.overlays.OverlayError: x.shp: not a GeoJSON, GeoPackage or KML file (.geojson, .json, .gpkg, .kml)
    """
    import pyogrio

    ext = _ext(name)
    if ext not in FORMATS:
        raise OverlayError(
            f"{name}: not a GeoJSON, GeoPackage or KML file "
            "(.geojson, .json, .gpkg, .kml)"
        )
    if not data:
        raise OverlayError(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise OverlayError(
            f"{name}: {len(data) / 1e6:.0f} MB is over the {MAX_BYTES // 1_000_000} MB"
            " limit; simplify it first (for example with ogr2ogr -simplify)"
        )
    try:
        with warnings.catch_warnings():  # "driver GeoJSON does not support ..."
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(io.BytesIO(data), driver=FORMATS[ext])
    except Exception as err:  # GDAL raises many kinds; all mean "cannot read"
        raise OverlayError(
            f"{name}: cannot be read as {FORMATS[ext]} ({_gdal_reason(err)})"
        ) from err
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(frame) == 0:
        raise OverlayError(f"{name}: no features with a geometry")
    if len(frame) > MAX_FEATURES:
        raise OverlayError(
            f"{name}: {len(frame)} features, over the {MAX_FEATURES} limit"
        )
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    frame = frame.to_crs("EPSG:4326")
    frame["geometry"] = frame.geometry.simplify(0.0005)
    return frame[["geometry"]]


def _gdal_reason(err: Exception) -> str:
    """GDAL's reason without the in-memory file's name and the driver hint.

    >>> _gdal_reason(ValueError("'/vsimem/pyogrio_1f' not recognized as being in a "
    ...     "supported file format.; It might help to specify the driver"))
    'not recognized as a file of this format'
    """
    text = str(err)
    if "not recognized as being in a supported file format" in text:
        return "not recognized as a file of this format"
    return re.sub(r"'?/vsimem/[^' ]*'?\s*", "", text).split("; It might help")[0]


def overlay_format(name: str) -> str:
    """The format a file is read as, by its name ("GeoJSON", "GPKG", "KML").

    >>> overlay_format("Roads.KML")
    'KML'
    """
    return FORMATS.get(_ext(name), "GeoJSON")


def _ext(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def overlay_geojson(frame: Any) -> str:
    """An overlay's features as GeoJSON text (what a workspace keeps)."""
    return frame[["geometry"]].to_json(drop_id=True)


def overlay_from_geojson(name: str, text: str) -> Any:
    """An overlay kept as GeoJSON text, back as a GeoDataFrame in EPSG:4326.

    >>> gj = '{"type":"FeatureCollection","features":[{"type":"Feature",'
    >>> gj += '"properties":{},"geometry":{"type":"Point","coordinates":[13,32]}}]}'
    >>> overlay_from_geojson("pts.kml", gj).geometry.iloc[0].y
    32.0
    """
    import json

    import geopandas as gpd

    try:
        frame = gpd.GeoDataFrame.from_features(json.loads(text), crs="EPSG:4326")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise OverlayError(f"{name}: the kept layer cannot be read ({err})") from err
    return frame[["geometry"]]


def add_overlays(m: folium.Map, overlays: Sequence[tuple[str, Any]]) -> None:
    """Each overlay as one GeoJson named (escaped) by its file, in a pane under the
    data, listed in the layer switcher."""
    if not overlays:
        return
    folium.map.CustomPane(PANE, z_index=350, pointer_events=False).add_to(m)
    for name, frame in overlays:
        features = [
            {"type": "Feature", "properties": {}, "geometry": mapping(g)}
            for g in frame.geometry
        ]
        folium.GeoJson(
            collection(features),
            name=html.escape(name),
            style_function=_style,
            marker=folium.CircleMarker(radius=4, fill=True, pane=PANE),
            interactive=False,
            control=True,
            pane=PANE,
        ).add_to(m)


def _style(_feature: Any) -> dict[str, Any]:
    return dict(OVERLAY_STYLE)
