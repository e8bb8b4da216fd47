"""The data layers as GeoJSON features, one folium.GeoJson per layer.

Each feature carries what the browser needs and nothing is formatted into
JavaScript: its id and layer, its Leaflet style, escaped tooltip and popup HTML,
the label in the articles' spelling (places) and, when an
:class:`~geo.map.evidence.Evidence` is given, its sources as data (``ev``) for the
panel that opens on a click.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import folium
from folium.template import Template
from shapely.geometry import Polygon, mapping

from geo.map.elements import OnceElement
from geo.map.evidence import Evidence, payload, row_sources
from geo.map.names import LAYER_TITLES, LAYERS, frames_of
from geo.map.popups import describe, faction_colour, generic_label, place_label
from geo.map.styles import (
    _present,
    area_style,
    arrowhead_style,
    front_style,
    movement_style,
    place_style,
    safe_colour,
    strike_style,
)

#: Labels longer than this are cut short with an ellipsis.
LABEL_CHARS = 28


def rows_of(frame: Any) -> list[dict[str, Any]]:
    if frame is None or len(frame) == 0:
        return []
    return frame.to_dict("records")


def arrowhead(
    line: Sequence[tuple[float, float]],
    *,
    size_km: float | None = None,
    angle_deg: float = 25.0,
    back_km: float = 0.0,
) -> list[tuple[float, float]]:
    """A triangle (lon, lat ring) at the end of a (lon, lat) line, pointing along it.

    Sized to an eighth of the last segment, between 5 and 25 km, its tip ``back_km``
    short of the end (so it does not hide the destination's marker); computed on a
    local equirectangular plane, fine at these sizes.

    >>> tip = arrowhead([(13.0, 32.0), (16.0, 32.0)])
    >>> tip[0], tip[1][0] < 16.0, round(tip[1][1] - 32.0, 3) == -round(tip[2][1] - 32.0, 3)
    ((16.0, 32.0), True, True)
    """
    (x0, y0), (x1, y1) = line[-2], line[-1]
    kx = 111.32 * math.cos(math.radians((y0 + y1) / 2))
    ky = 110.57
    dx, dy = (x1 - x0) * kx, (y1 - y0) * ky
    length = math.hypot(dx, dy)
    if length == 0:
        return []
    size = size_km if size_km is not None else min(max(length / 8, 5.0), 25.0)
    ux, uy = dx / length, dy / length
    back = min(back_km, length / 3)
    tx, ty = x1 - ux * back / kx, y1 - uy * back / ky
    pts = [(tx, ty)]
    for sign in (1, -1):
        a = math.radians(angle_deg) * sign
        bx = -(ux * math.cos(a) - uy * math.sin(a)) * size
        by = -(ux * math.sin(a) + uy * math.cos(a)) * size
        pts.append((tx + bx / kx, ty + by / ky))
    pts.append((tx, ty))
    return pts


def short_label(name: str, *, max_chars: int = LABEL_CHARS) -> str:
    """A map label: whitespace folded, long names cut with an ellipsis.

    >>> short_label("Al  Jufrah"), short_label("x" * 40)[-1]
    ('Al Jufrah', '…')
    """
    name = " ".join(name.split())
    if len(name) > max_chars:
        name = name[: max_chars - 1].rstrip() + "…"
    return name


def _feature(
    row: Mapping[str, Any], geometry: Any, tip: str, pop: str, **extra: Any
) -> dict[str, Any]:
    fid = str(row.get("id"))
    props = {"id": fid, "tip": tip, "pop": pop, **extra}
    return {
        "type": "Feature",
        "id": fid,
        "properties": props,
        "geometry": mapping(geometry),
    }


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _colour(row: Mapping[str, Any], registry: Any) -> str:
    return safe_colour(row.get("colour"), faction_colour(registry, row.get("faction")))


def _evidence(
    layer: str, row: Mapping[str, Any], registry: Any, evidence: Evidence | None
) -> dict[str, Any]:
    if evidence is None:
        return {}
    title, sub = describe(layer, row, registry)
    if layer == "places":
        shown = evidence.spelling(row)
        if shown and shown != title:
            sub = f"{sub} · gazetteer: {title}"
            title = shown
        by_doc = evidence.place_sources(row)
    else:
        by_doc = row_sources(row)
    return {"ev": payload(title, sub, by_doc)}


def place_features(
    frame: Any,
    *,
    registry: Any = None,
    selected: str | None = None,
    evidence: Evidence | None = None,
) -> list[dict[str, Any]]:
    """Place circles, each with its label (the articles' spelling) and importance
    (``rank``: claimed places first, then by number of mentions)."""
    out = []
    for row in rows_of(frame):
        if row.get("geometry") is None or row["geometry"].is_empty:
            continue
        shown = evidence.spelling(row) if evidence is not None else None
        tip, pop = place_label(row, registry, shown_as=shown)
        status = str(row.get("status") or "none")
        kind = str(row.get("kind") or "city")
        style = place_style(
            status,
            row.get("colour") or faction_colour(registry, row.get("faction")),
            kind=kind,
            selected=str(row.get("id")) == selected,
        )
        n = row.get("n_mentions")
        n = int(n) if _present(n) and n is not None else 1
        label = (
            "" if kind == "position" else short_label(shown or row.get("name") or "")
        )
        out.append(
            _feature(
                row,
                row["geometry"],
                tip,
                pop,
                layer="places",
                name=str(row.get("name") or ""),
                kind=kind,
                status=status,
                label=label,
                rank=(0 if status != "none" else 1, -n),
                style=style,
                **_evidence("places", row, registry, evidence),
            )
        )
    return out


def _styled(
    layer: str,
    rows: list[dict[str, Any]],
    registry: Any,
    style_of: Any,
    evidence: Evidence | None,
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        geom = row.get("geometry")
        if geom is None or geom.is_empty:
            continue
        tip, pop = generic_label(row, layer, registry)
        out.append(
            _feature(
                row,
                geom,
                tip,
                pop,
                layer=layer,
                style=style_of(row),
                **_evidence(layer, row, registry, evidence),
            )
        )
    return out


def movement_features(
    frame: Any, *, registry: Any = None, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    """Movement lines plus an arrowhead polygon at each destination (same id)."""
    out = []
    for row in rows_of(frame):
        geom = row.get("geometry")
        if geom is None or geom.is_empty or geom.geom_type != "LineString":
            continue
        colour = _colour(row, registry)
        tip, pop = generic_label(row, "movements", registry)
        ev = _evidence("movements", row, registry, evidence)
        line_style = movement_style(colour, inferred=bool(row.get("origin_inferred")))
        out.append(
            _feature(row, geom, tip, pop, layer="movements", style=line_style, **ev)
        )
        head = arrowhead(list(geom.coords), back_km=8.0)
        if head:
            head_row = {**row, "id": f"{row.get('id')}#head"}
            out.append(
                _feature(
                    head_row,
                    Polygon(head),
                    tip,
                    pop,
                    layer="movements",
                    style=arrowhead_style(colour),
                    of=str(row.get("id")),
                    **ev,
                )
            )
    return out


def strike_features(
    frame: Any, *, registry: Any = None, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        return strike_style(row.get("casualties"), _colour(row, registry))

    return _styled("strikes", rows_of(frame), registry, style, evidence)


def front_features(
    frame: Any, *, registry: Any = None, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        return front_style(uncertain=bool(row.get("uncertain")))

    return _styled("front_line", rows_of(frame), registry, style, evidence)


def area_features(
    frame: Any, *, registry: Any = None, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    """Regions in their faction's colour; no faction: a faint outline, no fill;
    uncertainty areas dashed."""

    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        return area_style(
            _colour(row, registry),
            owned=_present(row.get("faction")) and bool(row.get("faction")),
            uncertain=row.get("kind") == "uncertainty",
        )

    return _styled("areas", rows_of(frame), registry, style, evidence)


def escaped_json(value: Any) -> str:
    """JSON safe inside a <script> (folium's escaping: < > & ' as unicode escapes).

    >>> "<" in escaped_json({"t": "</script>"}), len(escaped_json({"t": "<"}))
    (False, 15)
    """
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


class DataLayer(OnceElement):
    """One data layer as one L.geoJSON (folium's way: one template per Leaflet
    feature): styles, tooltips and popups read from each feature's properties, the
    features' JSON serialised once (:func:`prepare`) and reused by every rerun."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON(null, {
          style: function(f) { return f.properties.style; },
          pointToLayer: function(f, latlng) {
            return L.circleMarker(latlng, f.properties.style);
          },
          onEachFeature: function(f, layer) {
            var p = f.properties;
            // tip and pop are HTML made in Python of escaped pieces only
            if (p.tip) layer.bindTooltip(p.tip, {sticky: true});
            {%- if this.popups %}
            if (p.pop) layer.bindPopup(p.pop, {maxWidth: 320});
            {%- endif %}
          }
        }).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.addData({{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, *, popups: bool = True) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.data_json = data_json
        self.popups = popups


def prepare(features: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """Each layer's FeatureCollection as script-safe JSON, made once per data set."""
    return {
        key: escaped_json(collection(items)) for key, items in features.items() if items
    }


def layer_features(
    layers: Any,
    *,
    registry: Any = None,
    selected: str | None = None,
    evidence: Evidence | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The features of every data layer, by key (bottom first)."""
    frames = frames_of(layers)
    kw = {"registry": registry, "evidence": evidence}
    return {
        "areas": area_features(frames.get("areas"), **kw),
        "front_line": front_features(frames.get("front_line"), **kw),
        "movements": movement_features(frames.get("movements"), **kw),
        "strikes": strike_features(frames.get("strikes"), **kw),
        "places": place_features(frames.get("places"), selected=selected, **kw),
    }


def feature_groups(
    layers: Any,
    *,
    registry: Any = None,
    selected: str | None = None,
    popups: bool = True,
    evidence: Evidence | None = None,
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer (bottom first), each one GeoJson with feature ids.

    Labels are not elements here: the map's label layer (geo.map.labels) reads
    them from the features' ``label`` property and declutters them.
    """
    features = layer_features(
        layers, registry=registry, selected=selected, evidence=evidence
    )
    return groups_of(features, popups=popups)


def groups_of(
    features: dict[str, Any], *, popups: bool = True
) -> list[folium.FeatureGroup]:
    """FeatureGroups from :func:`layer_features` (or their :func:`prepare`-d JSON):
    fresh folium elements each time (st_folium adds them to the map it draws),
    over data that can be computed once and kept."""
    prepared = {
        key: value if isinstance(value, str) else escaped_json(collection(value))
        for key, value in features.items()
        if value
    }
    groups = []
    for key in LAYERS:
        group = folium.FeatureGroup(name=LAYER_TITLES[key], show=True)
        if key in prepared:
            DataLayer(prepared[key], popups=popups).add_to(group)
        groups.append(group)
    return groups


def bounds_of(
    layers: Any, *, pad_deg: float = 0.3, focus: bool = True
) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the features, or None when empty.

    With ``focus`` the box covers what is claimed (places with a status, movements,
    strikes, the front line), not every city or sea merely mentioned; it falls back
    to everything when nothing is claimed.
    """
    frames = frames_of(layers)
    if focus:
        core = {k: _claimed(k, f) for k, f in frames.items() if k != "areas"}
        box = _box(core.values(), pad_deg)
        if box is not None:
            return box
    return _box(frames.values(), pad_deg)


def _claimed(key: str, frame: Any) -> Any:
    if key == "places" and frame is not None and len(frame) and "status" in frame:
        return frame[frame["status"].isin(["held", "claimed", "contested"])]
    return frame


def _box(frames: Iterable[Any], pad_deg: float) -> list[list[float]] | None:
    xs: list[float] = []
    ys: list[float] = []
    for frame in frames:
        if frame is None or len(frame) == 0:
            continue
        geoms = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
        if len(geoms) == 0:
            continue
        minx, miny, maxx, maxy = geoms.total_bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    if not xs:
        return None
    return [
        [max(min(ys) - pad_deg, -85.0), max(min(xs) - pad_deg, -180.0)],
        [min(max(ys) + pad_deg, 85.0), min(max(xs) + pad_deg, 180.0)],
    ]


def countries_of(layers: Any) -> list[str]:
    """ISO codes of the places' countries, most mentioned first (the theatre)."""
    places = frames_of(layers).get("places")
    if places is None or len(places) == 0 or "country" not in places:
        return []
    counts = places["country"].dropna().astype(str).str.upper().value_counts()
    return [c for c in counts.index if len(c) == 2]
