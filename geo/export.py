"""Layers out to files any GIS opens: GeoJSON (RFC 7946) and GeoPackage.

GeoJSON follows RFC 7946: lon/lat order, no ``crs`` member, outer rings
counter-clockwise (:func:`shapely.orient_polygons`), coordinates rounded to 7
decimals (about 1 cm). Every feature carries a stable ``id``, its ``layer``,
faction, status and sources, and simplestyle properties (``marker-color``,
``stroke``, ``fill``...) so that geojson.io and GitHub draw it in the faction colours.
:func:`read_geojson` and :func:`read_gpkg` read such files back into
:class:`~geo.layers.Layers`, every property with the type it was written with (ISO
date strings, integer ids; GeoPackage dates are ISO text, as the format stores them).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gazetteer.errors import GazetteerError
from geo.layers import COLUMNS, LAYERS, LIST_COLUMNS, Layers, make_frame

log = logging.getLogger(__name__)

DECIMALS = 7
FRONT_WIDTH = 4


_NA, _NAT = pd.NA, pd.NaT


class ExportError(GazetteerError, OSError):
    """A layer file cannot be written or read back."""


def feature_collection(layers: Layers) -> dict[str, Any]:
    """The layers as one RFC 7946 FeatureCollection (a plain dict, JSON-ready).

    >>> from geo.pipeline import Analysis
    >>> from geo.layers import build_layers
    >>> feature_collection(build_layers(Analysis(), registry=None))
    {'type': 'FeatureCollection', 'features': []}
    """
    features = []
    for name, frame in layers.frames().items():
        for row in frame.to_dict("records"):
            features.append(_feature(name, row))
    return {"type": "FeatureCollection", "features": features}


def to_geojson(layers: Layers, path: str | os.PathLike[str]) -> Path:
    """Write the layers as one GeoJSON file (UTF-8); returns the path."""
    out = Path(path)
    text = json.dumps(
        feature_collection(layers), ensure_ascii=False, separators=(",", ":")
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    except OSError as err:
        raise ExportError(f"{out}: cannot write ({err.strerror or err})") from err
    return out


def to_gpkg(layers: Layers, path: str | os.PathLike[str]) -> Path:
    """Write one GeoPackage table per non-empty layer (lists as JSON strings)."""
    import pyogrio

    out = Path(path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.unlink()  # a fresh file: tables of an older run must not linger
        for name, frame in layers.frames().items():
            if frame.empty:
                continue
            # Polygons stay Polygons beside MultiPolygons: the round trip is exact.
            pyogrio.write_dataframe(
                _flat(frame), out, layer=name, driver="GPKG", promote_to_multi=False
            )
    except (OSError, pyogrio.errors.DataSourceError) as err:
        raise ExportError(f"{out}: cannot write GeoPackage ({err})") from err
    return out


def read_geojson(path: str | os.PathLike[str]) -> Layers:
    """Read a file written by :func:`to_geojson` back into layers.

    The properties come back exactly as written (JSON types: ISO date strings,
    integer ids, lists), not as a GIS reader would guess them (timestamps, floats).
    """
    from shapely.geometry import shape

    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        features = data["features"]
        rows_by_layer: dict[str, list[dict[str, Any]]] = {name: [] for name in LAYERS}
        for feature in features:
            props = feature.get("properties") or {}
            name = props.get("layer")
            if name not in rows_by_layer:
                continue  # a feature of another tool: not one of our layers
            row = {c: _decode(c, props.get(c)) for c in COLUMNS[name]}
            geom = feature.get("geometry")
            row["geometry"] = shape(geom) if geom else None
            rows_by_layer[name].append(row)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ExportError(f"{path}: cannot read as GeoJSON ({err})") from err
    frames = {name: make_frame(name, rows) for name, rows in rows_by_layer.items()}
    return Layers.from_frames(frames)


def read_gpkg(path: str | os.PathLike[str]) -> Layers:
    """Read a GeoPackage written by :func:`to_gpkg` back into layers.

    Types follow the tables' schema: integer fields with empty cells come back as
    ``int``/None (not float), dates as ISO strings, lists decoded from JSON.
    """
    import pyogrio

    try:
        tables = {name for name, _ in pyogrio.list_layers(path)}
        frames = {}
        for name in LAYERS:
            if name not in tables:
                continue
            info = pyogrio.read_info(path, layer=name)
            kinds = dict(zip(info["fields"], info["ogr_types"], strict=True))
            frame = pyogrio.read_dataframe(path, layer=name)
            rows = []
            for record in frame.to_dict("records"):
                row = {
                    c: _decode(c, _typed(record.get(c), kinds.get(c)))
                    for c in COLUMNS[name]
                }
                row["geometry"] = record.get("geometry")
                rows.append(row)
            frames[name] = make_frame(name, rows)
    except (OSError, ValueError, pyogrio.errors.DataSourceError) as err:
        raise ExportError(f"{path}: cannot read as GeoPackage ({err})") from err
    return Layers.from_frames(frames)


def _typed(value: Any, ogr_type: str | None) -> Any:
    """A cell as the type its field declares (GDAL gives nullable ints as floats)."""
    value = _plain(value)
    if value is None:
        return None
    if ogr_type in ("OFTInteger", "OFTInteger64") and not isinstance(value, bool):
        return int(value)
    if ogr_type == "OFTReal":
        return float(value)
    return value


# --- features -----------------------------------------------------------------------


def _feature(layer: str, row: dict[str, Any]) -> dict[str, Any]:
    from shapely.geometry import mapping

    props = {c: _plain(row.get(c)) for c in COLUMNS[layer]}
    geometry = row.get("geometry")
    geom = None
    if geometry is not None and not geometry.is_empty:
        try:
            geometry = rfc7946(geometry)  # styled as what is written
            geom = mapping(geometry)
        except GeometryInvalid as err:
            log.warning(
                "feature %s (layer %s): %s; written without a geometry",
                props.get("id"),
                layer,
                err,
            )
    props.update(simplestyle(layer, geometry, props))
    return {"type": "Feature", "id": props["id"], "geometry": geom, "properties": props}


class GeometryInvalid(ExportError, ValueError):
    """A geometry that cannot be repaired into valid RFC 7946 lon/lat."""


def rfc7946(geometry: Any) -> Any:
    """Valid RFC 7946 lon/lat: cut at the antimeridian, nothing beyond the poles,
    counter-clockwise outer rings and at most 7 decimals.

    Raises :class:`GeometryInvalid` when the shape cannot be repaired.

    >>> from shapely.geometry import LineString, Polygon
    >>> g = rfc7946(Polygon([(0, 0), (0, 1.123456789), (1, 0)]))
    >>> list(g.exterior.coords)
    [(0.0, 0.0), (1.0, 0.0), (0.0, 1.1234568), (0.0, 0.0)]
    >>> rfc7946(LineString([(179.5, 0), (-179.5, 0)])).geom_type  # split at 180
    'MultiLineString'
    """
    import shapely

    from gazetteer.sphere import in_range, valid_lonlat

    try:
        rounded = _rounded(valid_lonlat(geometry))
        for _ in range(3):  # a repair adds vertices, which are rounded in turn
            if rounded.is_valid:
                break
            rounded = _rounded(valid_lonlat(shapely.make_valid(rounded)))
        oriented = shapely.orient_polygons(rounded, exterior_cw=False)
    except (shapely.errors.GEOSException, ValueError) as err:
        raise GeometryInvalid(f"geometry could not be repaired ({err})") from err
    if oriented.is_empty or not in_range(oriented):
        reason = shapely.is_valid_reason(oriented) if not oriented.is_empty else "empty"
        raise GeometryInvalid(
            f"geometry could not be made valid RFC 7946 lon/lat ({reason})"
        )
    return oriented


def _rounded(geometry: Any) -> Any:
    import shapely

    return shapely.transform(geometry, lambda c: np.round(c, DECIMALS))


def simplestyle(layer: str, geometry: Any, props: dict[str, Any]) -> dict[str, Any]:
    """simplestyle-spec 1.1.0 properties in the feature's colour."""
    colour = props.get("colour") or "#808080"
    kind = "" if geometry is None else geometry.geom_type
    if kind == "GeometryCollection" and not geometry.is_empty:
        kind = geometry.geoms[0].geom_type
    if kind.endswith("Point"):
        size = "small" if props.get("kind") == "position" else "medium"
        symbol = {"strike": "danger", "movement": "triangle"}.get(layer, "circle")
        return {"marker-color": colour, "marker-size": size, "marker-symbol": symbol}
    if kind.endswith("LineString"):
        uncertain = bool(props.get("uncertain"))
        width = FRONT_WIDTH if layer == "front_line" else 3
        return {
            "stroke": colour,
            "stroke-width": width,
            "stroke-opacity": 0.5 if uncertain else 1.0,
        }
    if kind.endswith("Polygon"):
        return {
            "stroke": colour,
            "stroke-width": 1,
            "stroke-opacity": 0.8,
            "fill": colour,
            "fill-opacity": 0.15 if props.get("kind") == "uncertainty" else 0.25,
        }
    return {}


def _plain(value: Any) -> Any:
    """A JSON value: numpy scalars to Python, NaN/NaT/NA to None, dates to ISO
    strings (a date alone when there is no time of day), containers recursively.

    >>> import datetime as dt, numpy as np, pandas as pd
    >>> _plain(pd.Timestamp("2020-06-16")), _plain(pd.NaT), _plain(np.int64(7))
    ('2020-06-16', None, 7)
    >>> _plain(dt.datetime(2020, 6, 16, 9, 30)), _plain(2210247.0)
    ('2020-06-16T09:30:00', 2210247)
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, dt.datetime):  # pandas Timestamps too
        if value is _NAT:
            return None
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return (
            None if np.isnat(value) else _plain(value.astype("datetime64[us]").item())
        )
    if hasattr(value, "tolist") and not isinstance(value, bytes):
        value = value.tolist()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is _NA or value is _NAT:
        return None
    return value


def _decode(column: str, value: Any) -> Any:
    """A value read back by GDAL: JSON strings of lists decoded, NaN to None."""
    value = _plain(value)
    if column in LIST_COLUMNS and isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = [value]
    if column in ("uncertain", "origin_inferred"):
        return bool(value)
    return value


def _valid_or_none(geometry: Any, feature_id: Any) -> Any:
    if geometry is None or geometry.is_empty:
        return geometry
    try:
        return rfc7946(geometry)
    except GeometryInvalid as err:
        log.warning("feature %s: %s; written without a geometry", feature_id, err)
        return None


def _flat(frame: Any) -> Any:
    """A copy fit for a GeoPackage: lists and dicts as JSON strings, None kept."""
    out = frame.copy()
    out["geometry"] = [
        _valid_or_none(g, i) for g, i in zip(out.geometry, out["id"], strict=True)
    ]
    out = out.set_geometry("geometry", crs=frame.crs)
    for column in out.columns:
        if column == "geometry":
            continue
        if column in LIST_COLUMNS:
            out[column] = [
                json.dumps(_plain(v), ensure_ascii=False) for v in out[column]
            ]
        elif out[column].dtype == object:
            values = [_plain(v) for v in out[column]]
            kinds = {type(v) for v in values if v is not None}
            if kinds and kinds <= {int}:
                out[column] = pd.array(values, dtype="Int64")
            elif kinds and not kinds <= {str}:
                out[column] = [None if v is None else str(v) for v in values]
            else:
                out[column] = values
    return out
