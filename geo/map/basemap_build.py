"""Build the shipped basemap (geo/data/basemap/) from the source extract.

Run once by a maintainer, never by the app::

    python -m geo.map.basemap_build /path/to/shared/data/basemap

Each source GeoJSON (Natural Earth, Who's On First divisions; credits in the
README and geo/data/basemap/SOURCES.md) is reduced to the properties the map
uses, its coordinates rounded to 0.001° (about 100 m, finer than a pixel at zoom
10), and written gzip-compressed with a fixed timestamp, so a rebuild from the
same sources gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "data" / "basemap"
DIGITS = 3


def _round(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), DIGITS)
    return [_round(c) for c in coords]


def _dedupe(coords: Any) -> Any:
    """Drop consecutive repeated points that rounding created (rings keep 4+)."""
    if coords and isinstance(coords[0], (int, float)):
        return coords
    if coords and isinstance(coords[0][0], (int, float)):
        out = [coords[0]]
        for point in coords[1:]:
            if point != out[-1]:
                out.append(point)
        return out if len(out) >= 2 else coords
    return [_dedupe(c) for c in coords]


def _geometry(geom: dict[str, Any]) -> dict[str, Any] | None:
    if not geom or not geom.get("coordinates"):
        return None
    coords = _dedupe(_round(geom["coordinates"]))
    if geom["type"] in ("Polygon", "MultiPolygon"):
        rings = coords if geom["type"] == "MultiPolygon" else [coords]
        if any(len(ring) < 4 for poly in rings for ring in poly):
            coords = _round(geom["coordinates"])  # keep the original ring shape
    return {"type": geom["type"], "coordinates": coords}


def _num(value: Any, digits: int = 1) -> float | None:
    try:
        return None if value is None else round(float(value), digits)
    except (TypeError, ValueError):
        return None


def _rivers(p: dict[str, Any]) -> dict[str, Any] | None:
    name = p.get("name_en") or p.get("name")
    return {
        "name": name or "",
        "z": _num(p.get("min_zoom")),
        "lake": p.get("featurecla") == "Lake Centerline",
    }


def _lakes(p: dict[str, Any]) -> dict[str, Any] | None:
    return {"name": p.get("name") or "", "z": _num(p.get("min_zoom"))}


def _urban(p: dict[str, Any]) -> dict[str, Any] | None:
    return {"z": _num(p.get("min_zoom"))}


def _none(p: dict[str, Any]) -> dict[str, Any] | None:
    return {}


def _towns(p: dict[str, Any]) -> dict[str, Any] | None:
    kind = str(p.get("featurecla") or "")
    if kind in ("Scientific station", "Meteorological Station", "Historic place"):
        return None
    rank = 0 if "Admin-0 capital" in kind else 1 if "Admin-1" in kind else 2
    gid = p.get("geonameid")
    return {
        "name": p.get("name") or p.get("nameascii") or "",
        "cc": p.get("iso_a2") or "",
        "pop": int(p.get("pop_max") or 0),
        "z": _num(p.get("min_zoom")),
        "rank": rank,
        "gid": int(gid) if gid and float(gid) > 0 else None,
    }


def _airports(p: dict[str, Any]) -> dict[str, Any] | None:
    kind = str(p.get("type") or "")
    return {
        "name": p.get("name") or "",
        "code": p.get("iata_code") or p.get("gps_code") or "",
        "major": "major" in kind,
        "military": "military" in kind,
    }


def _admin(p: dict[str, Any]) -> dict[str, Any] | None:
    level = {"region": 1, "county": 2}.get(str(p.get("placetype")))
    if level is None:
        return None
    return {
        "name": p.get("name_en") or p.get("name") or "",
        "level": level,
        "cc": p.get("country") or "",
    }


#: output name -> (source file, property reducer)
LAYERS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any] | None]]] = {
    "rivers": ("rivers.geojson", _rivers),
    "lakes": ("lakes.geojson", _lakes),
    "urban": ("urban_areas.geojson", _urban),
    "borders": ("country_borders.geojson", _none),
    "disputed": ("disputed_borders.geojson", _none),
    "towns": ("populated_places.geojson", _towns),
    "airports": ("airports.geojson", _airports),
}


def _read(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return json.load(fh)


def reduce(
    features: Iterable[dict[str, Any]],
    props: Callable[[dict[str, Any]], dict[str, Any] | None],
) -> list[dict[str, Any]]:
    """Features with reduced properties and rounded geometry (None dropped)."""
    out = []
    for feature in features:
        p = props(feature.get("properties") or {})
        geom = _geometry(feature.get("geometry") or {})
        if p is None or geom is None:
            continue
        out.append({"type": "Feature", "properties": p, "geometry": geom})
    return out


def write(path: Path, features: list[dict[str, Any]]) -> int:
    data = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh,
    ):
        fh.write(data)
    return path.stat().st_size


def build(source: Path, out: Path = OUT) -> dict[str, int]:
    """Write every layer and every country's divisions; returns file sizes."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "admin").mkdir(exist_ok=True)
    sizes = {}
    for name, (file, props) in LAYERS.items():
        features = reduce(_read(source / file)["features"], props)
        sizes[f"{name}.geojson.gz"] = write(out / f"{name}.geojson.gz", features)
    for path in sorted((source / "admin").glob("admin-*.geojson.gz")):
        features = reduce(_read(path)["features"], _admin)
        sizes[f"admin/{path.name}"] = write(out / "admin" / path.name, features)
    for notice in ("SOURCES.md", "NE_GEOJSON_CONVERSION_LICENCE_CC0.txt"):
        shutil.copyfile(source / notice, out / notice)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the basemap extract directory")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    sizes = build(args.source, args.out)
    total = sum(sizes.values())
    print(f"{len(sizes)} files, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
