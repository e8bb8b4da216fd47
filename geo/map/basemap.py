"""The offline basemap: land, built-up areas, lakes, rivers, divisions, borders,
towns and airports from the data shipped in geo/data/basemap/ (Natural Earth and
Who's On First, see SOURCES.md there), drawn quietly under the data.

:func:`basemap_data` cuts the shipped layers to a box around the data (and the
divisions to the theatre's countries); :class:`Basemap` draws them on one canvas
in a pane under the data, each layer only in its zoom range and each feature only
from its own minimum zoom (Natural Earth's ``min_zoom``), and names them through
the label layer (geo.map.labels).
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from folium.template import Template
from shapely.geometry import box as make_box
from shapely.geometry import mapping, shape

from geo.map.elements import OnceElement
from geo.map.names import BASEMAP_LAYERS, BASEMAP_TITLES
from geo.map.styles import BASEMAP_STYLES, BASEMAP_ZOOMS

DATA = Path(__file__).resolve().parents[1] / "data" / "basemap"
ATTRIBUTION = "Natural Earth · Who's On First · GeoNames"  # details: README
#: Degrees of basemap kept around the data (enough to pan a screen away).
MARGIN_DEG = 8.0
#: At most this many countries' divisions are drawn (the most mentioned first).
MAX_ADMIN_COUNTRIES = 4
_FILES = {
    "urban": "urban.geojson.gz",
    "lakes": "lakes.geojson.gz",
    "rivers": "rivers.geojson.gz",
    "borders": "borders.geojson.gz",
    "disputed": "disputed.geojson.gz",
    "towns": "towns.geojson.gz",
    "airports": "airports.geojson.gz",
}


def _read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)["features"]


def _bbox(coords: Any) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    walk(coords)
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _layer(key: str) -> tuple[tuple[tuple[float, float, float, float], dict], ...]:
    """A shipped layer's features with their bounding boxes (read once)."""
    features = _read(DATA / _FILES[key])
    return tuple((_bbox(f["geometry"]["coordinates"]), f) for f in features)


@functools.cache
def admin_countries() -> frozenset[str]:
    """ISO codes of the countries whose divisions are shipped."""
    return frozenset(
        p.name[len("admin-") : -len(".geojson.gz")].upper()
        for p in (DATA / "admin").glob("admin-*.geojson.gz")
    )


@functools.cache
def _admin(cc: str) -> tuple[tuple[tuple[float, float, float, float], dict], ...]:
    path = DATA / "admin" / f"admin-{cc.lower()}.geojson.gz"
    if not path.is_file():
        return ()
    out = []
    for f in _read(path):
        geom = shape(f["geometry"])
        point = geom.representative_point()
        props = dict(f["properties"], at=[round(point.y, 3), round(point.x, 3)])
        out.append((geom.bounds, {**f, "properties": props}))
    return tuple(out)


def _hits(
    items: Sequence[tuple[tuple[float, float, float, float], dict]],
    box: tuple[float, float, float, float],
) -> list[dict[str, Any]]:
    w, s, e, n = box
    return [
        f
        for (x0, y0, x1, y1), f in items
        if x0 <= e and x1 >= w and y0 <= n and y1 >= s
    ]


@functools.cache
def _land(box: tuple[float, float, float, float]) -> tuple[dict[str, Any], ...]:
    """Country polygons clipped to the box, simplified (Natural Earth, shipped
    with the gazetteer)."""
    from shapely import set_precision

    from gazetteer import shapes

    frame = shapes.countries_frame()
    area = make_box(*box)
    clipped = frame[frame.intersects(area)]
    geoms = set_precision(
        clipped.geometry.intersection(area).simplify(0.01).values, 0.001
    )
    out = []
    for name, geom in zip(clipped.get("name", [""] * len(clipped)), geoms):
        if geom.is_empty:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"name": str(name or "")},
                "geometry": mapping(geom),
            }
        )
    return tuple(out)


def view_box(
    bounds: Sequence[Sequence[float]], *, margin_deg: float = MARGIN_DEG
) -> tuple[float, float, float, float]:
    """(west, south, east, north) around [[south, west], [north, east]], in whole
    degrees (so nearby views share a cache entry).

    >>> view_box([[30.2, 15.1], [32.9, 20.0]], margin_deg=2)
    (13.0, 28.0, 22.0, 35.0)
    """
    (s, w), (n, e) = bounds
    return (
        float(max(math.floor(w - margin_deg), -180)),
        float(max(math.floor(s - margin_deg), -90)),
        float(min(math.ceil(e + margin_deg), 180)),
        float(min(math.ceil(n + margin_deg), 90)),
    )


def _labels_for(key: str, feature: dict[str, Any]) -> list[Any] | None:
    """[text, lat, lon, min zoom, priority, kind] of a basemap feature's label."""
    p = feature["properties"]
    name = " ".join(str(p.get("name") or "").split())
    if not name:
        return None
    geom = feature["geometry"]
    if key == "towns":
        lon, lat = geom["coordinates"][:2]
        z = float(p.get("z") or 8)
        return [
            name,
            lat,
            lon,
            max(z, 5.0),
            10 + z - 0.1 * (2 - p.get("rank", 2)),
            "town",
        ]
    if key == "airports":
        lon, lat = geom["coordinates"][:2]
        code = str(p.get("code") or "")
        text = f"✈ {code}" if code else f"✈ {name}"
        return [text, lat, lon, 10.0, 30, "airport"]
    if key in ("admin1", "admin2"):
        lat, lon = p["at"]
        z = 6.0 if key == "admin1" else 8.5
        return [name, lat, lon, z, 14 if key == "admin1" else 22, key]
    if key == "rivers":
        coords = geom["coordinates"]
        line = max(coords, key=len) if geom["type"] == "MultiLineString" else coords
        lon, lat = line[len(line) // 2][:2]
        z = max(float(p.get("z") or 6), 7.0)
        return [name, lat, lon, z, 16 + 0.1 * z, "water"]
    if key == "lakes":
        x0, y0, x1, y1 = _bbox(geom["coordinates"])
        z = max(float(p.get("z") or 6), 7.0)
        return [name, (y0 + y1) / 2, (x0 + x1) / 2, z, 17, "water"]
    return None


def basemap_data(
    bounds: Sequence[Sequence[float]],
    *,
    countries: Sequence[str] = (),
    margin_deg: float = MARGIN_DEG,
) -> dict[str, Any]:
    """The basemap around ``bounds``: {"layers": {key: features}, "labels": [...]}.

    Divisions (admin1/admin2) are those of ``countries`` (ISO codes, the theatre's,
    most important first) that ship with the package.
    """
    box = view_box(bounds, margin_deg=margin_deg)
    layers: dict[str, list[dict[str, Any]]] = {"land": list(_land(box))}
    for key in _FILES:
        layers[key] = _hits(_layer(key), box)
    chosen = [c for c in dict.fromkeys(c.upper() for c in countries)]
    chosen = [c for c in chosen if c in admin_countries()][:MAX_ADMIN_COUNTRIES]
    layers["admin1"], layers["admin2"] = [], []
    for cc in chosen:
        for f in _hits(_admin(cc), box):
            level = f["properties"].get("level")
            layers["admin1" if level == 1 else "admin2"].append(f)
    labels = []
    for key in ("towns", "admin1", "admin2", "rivers", "lakes", "airports"):
        for f in layers[key]:
            label = _labels_for(key, f)
            if label is not None:
                labels.append(label)
    labels.sort(key=lambda x: x[4])
    return {
        "layers": {k: layers.get(k, []) for k in BASEMAP_LAYERS},
        "labels": labels,
        "countries": chosen,
    }


class Basemap(OnceElement):
    """The basemap layers on one canvas in the pane ``fl-base`` (under the data),
    shown by zoom; ``map._flBase.visible()`` counts what is drawn in view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          var spec = {{ this.spec_json }};
          var pane = map.createPane("fl-base");
          pane.style.zIndex = 250;
          pane.style.pointerEvents = "none";
          var renderer = L.canvas({pane: "fl-base", padding: 0.3});
          var layers = {};
          spec.order.forEach(function(key) {
            var style = spec.styles[key];
            layers[key] = L.geoJSON(null, {
              pane: "fl-base", renderer: renderer, interactive: false,
              style: function() { return style; },
              pointToLayer: function(f, latlng) {
                return L.circleMarker(latlng, L.extend(
                  {pane: "fl-base", renderer: renderer, interactive: false}, style));
              }
            });
            layers[key]._flShown = -1;
          });
          function refresh() {
            var z = map.getZoom();
            spec.order.forEach(function(key) {
              var layer = layers[key], range = spec.zooms[key];
              if (z < range[0] || z > range[1]) {
                if (map.hasLayer(layer)) map.removeLayer(layer);
                return;
              }
              // per feature: Natural Earth's own minimum zoom, half a level early
              var want = spec.layers[key].filter(function(f) {
                var fz = f.properties && f.properties.z;
                return fz === undefined || fz === null || fz <= z + 0.5;
              });
              if (want.length !== layer._flShown) {
                layer.clearLayers();
                layer.addData(want);
                layer._flShown = want.length;
              }
              if (!map.hasLayer(layer)) layer.addTo(map);
            });
          }
          map.on("zoomend", refresh);
          refresh();
          // a fixed string, escaped anyway: Leaflet writes attributions as HTML
          map.attributionControl.addAttribution(
            spec.attribution.replace(/&/g, "&amp;").replace(/</g, "&lt;"));
          map._flBase = {
            layers: layers,
            labels: spec.labels,
            visible: function() {
              var b = map.getBounds(), out = {};
              Object.keys(layers).forEach(function(key) {
                var n = 0;
                if (map.hasLayer(layers[key])) layers[key].eachLayer(function(l) {
                  var lb = l.getBounds ? l.getBounds() : L.latLngBounds([l.getLatLng()]);
                  if (b.intersects(lb)) n += 1;
                });
                out[key] = n;
              });
              return out;
            }
          };
        })();
        {% endmacro %}
        """
    )

    def __init__(self, spec_json: str) -> None:
        super().__init__()
        self._name = "Basemap"
        self.spec_json = spec_json


def _spec(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "order": list(BASEMAP_LAYERS),
        "layers": data["layers"],
        "labels": data["labels"],
        "styles": {k: BASEMAP_STYLES[k] for k in BASEMAP_LAYERS},
        "zooms": {k: list(BASEMAP_ZOOMS[k]) for k in BASEMAP_LAYERS},
        "titles": BASEMAP_TITLES,
        "attribution": ATTRIBUTION,
    }


@functools.lru_cache(maxsize=16)
def _spec_json(
    box: tuple[float, float, float, float], countries: tuple[str, ...]
) -> str:
    from geo.map.features import escaped_json

    (w, s, e, n) = box
    data = basemap_data([[s, w], [n, e]], countries=countries, margin_deg=0)
    return escaped_json(_spec(data))


def basemap_element(
    bounds: Sequence[Sequence[float]], *, countries: Sequence[str] = ()
) -> Basemap:
    """The basemap element around ``bounds``; its JSON is made once per box and
    theatre (a rerun reuses it)."""
    box = view_box(bounds)
    return Basemap(_spec_json(box, tuple(countries)))
