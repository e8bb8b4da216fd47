"""The folium map of the layers, offline, plus the plain logic behind the app.

Everything the browser needs is inlined: Leaflet 1.9.3 (vendored in geo/static) goes in
as ``data:`` URLs, the base layer is country outlines from the shipped Natural Earth
data, and online tiles are only added when asked for. Article text never reaches the
page unescaped: tooltips and popups carry HTML built here from ``html.escape``-d
pieces, and every Leaflet option is passed as data through folium's templates.

The app (app.py) draws :func:`base_map` once per data set and passes the changing
layers from :func:`feature_groups` to st_folium, so a click or a filter does not
reload the map. :func:`build_map` puts both together for the standalone HTML.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import html
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.template import Template
from shapely.geometry import mapping

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
LEAFLET_DIR = STATIC / "leaflet-1.9.3"

#: Layer keys as geo.layers names them, in drawing order (bottom first).
LAYERS = ("areas", "front_line", "movements", "strikes", "places")
LAYER_TITLES = {
    "areas": "Regions & uncertainty areas",
    "front_line": "Front line",
    "movements": "Movements",
    "strikes": "Strikes",
    "places": "Cities & towns",
}
_LAYER_ALIASES = {
    "area": "areas",
    "place": "places",
    "movement": "movements",
    "strike": "strikes",
    "frontline": "front_line",
}
NEUTRAL = "#808080"
FRONT_COLOUR = "#222222"
STATUSES = ("held", "claimed", "contested", "none")
#: Pseudo claim type of a source that is a bare mention (no claim made in it).
MENTION = "mention"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


# --------------------------------------------------------------------------- assets


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@functools.cache
def leaflet_js_url() -> str:
    """Leaflet as a data: URL (its source-map comment dropped: no request at all)."""
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
    return _data_url(js.encode("utf-8"), "text/javascript")


@functools.cache
def leaflet_css_url() -> str:
    """Leaflet's CSS with its images inlined, as a data: URL."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        path = LEAFLET_DIR / match.group(1)
        if not path.is_file():  # marker icons: never used (circle markers only)
            return "none"
        return f"url({_data_url(path.read_bytes(), 'image/png')})"

    css = re.sub(r"url\((images/[^)]+)\)", inline, css)
    return _data_url(css.encode("utf-8"), "text/css")


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point the map at the inlined Leaflet instead of folium's CDN links.

    folium's jQuery, Bootstrap and awesome-markers are dropped: nothing here uses them.
    """
    m.default_js = [("leaflet", leaflet_js_url())]
    m.default_css = [("leaflet_css", leaflet_css_url())]
    return m


# --------------------------------------------------------------------------- helpers


def frames_of(layers: Any) -> dict[str, Any]:
    """The layer GeoDataFrames by key, from a geo.layers.Layers or a mapping."""
    raw = layers.frames() if hasattr(layers, "frames") else dict(layers)
    return {_LAYER_ALIASES.get(k, k): v for k, v in raw.items()}


def safe_colour(value: Any, default: str = NEUTRAL) -> str:
    """A ``#rrggbb`` colour or the default: colours reach CSS, so they are checked.

    >>> safe_colour("#1f77b4"), safe_colour("red;background:url(x)")
    ('#1f77b4', '#808080')
    """
    return value if isinstance(value, str) and _HEX.match(value) else default


def esc(value: Any) -> str:
    """Escaped text for HTML; None becomes an empty string.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return "" if value is None else html.escape(str(value), quote=True)


def _sources(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = row.get("sources")
    if value is None or isinstance(value, float):
        return []
    return [s for s in value if isinstance(s, Mapping)]


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return True


def _rows(frame: Any) -> list[dict[str, Any]]:
    if frame is None or len(frame) == 0:
        return []
    return frame.to_dict("records")


# --------------------------------------------------------------------------- styles


def place_style(
    status: str, colour: str, *, kind: str = "city", selected: bool = False
) -> dict[str, Any]:
    """Circle style: held = filled, claimed = hollow ring, contested = dashed half-fill.

    >>> place_style("held", "#0000ff")["fillOpacity"]
    0.9
    >>> place_style("contested", "#0000ff")["dashArray"]
    '4 3'
    """
    colour = safe_colour(colour)
    big = kind in ("capital", "admin_seat")
    style: dict[str, Any] = {
        "radius": 9 if big else 7,
        "color": colour,
        "fillColor": colour,
        "weight": 2,
        "opacity": 1.0,
        "fill": True,
        "fillOpacity": 0.9,
        "dashArray": None,
    }
    if status == "claimed":
        style.update(fillColor="#ffffff", fillOpacity=0.6, weight=3)
    elif status == "contested":
        style.update(fillOpacity=0.35, weight=3, dashArray="4 3")
    elif status not in ("held",):  # "none": only mentioned
        style.update(
            color="#555555",
            fillColor="#ffffff",
            fillOpacity=0.8,
            weight=1.5,
            radius=5 if not big else 7,
        )
    if selected:
        style.update(weight=style["weight"] + 3, radius=style["radius"] + 3)
    return style


def strike_radius(casualties: Any) -> float:
    """Strike circles grow with the square root of casualties (area ~ casualties).

    >>> strike_radius(None), strike_radius(0), strike_radius(25)
    (6.0, 6.0, 16.0)
    """
    n = casualties if _present(casualties) else 0
    try:
        n = max(0.0, float(n))
    except (TypeError, ValueError):
        n = 0.0
    return round(min(6.0 + 2.0 * math.sqrt(n), 30.0), 1)


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


# --------------------------------------------------------------------------- HTML bits


def _label(registry: Any, faction: Any) -> str:
    if not _present(faction) or not faction:
        return "no faction"
    return faction_label(registry, str(faction))


def faction_label(registry: Any, faction_id: str) -> str:
    """The registry's label for a faction id ("GNA/LNA" labels each side)."""
    parts = [p for p in faction_id.split("/") if p]
    labels = []
    for part in parts:
        faction = _get(registry, part)
        labels.append(getattr(faction, "label", None) or part)
    return " / ".join(labels) or faction_id


def faction_colour(registry: Any, faction_id: Any) -> str:
    faction = (
        _get(registry, faction_id) if _present(faction_id) and faction_id else None
    )
    return safe_colour(getattr(faction, "colour", None))


def _get(registry: Any, faction_id: str) -> Any:
    if registry is None:
        return None
    try:
        return registry.get(faction_id)
    except (KeyError, LookupError, ValueError):
        return None


def _tip(*lines: str) -> str:
    """Tooltip/popup HTML from already-escaped lines."""
    return "<br>".join(line for line in lines if line)


def _source_line(sources: list[dict[str, Any]]) -> str:
    docs = sorted({str(s.get("doc")) for s in sources if s.get("doc")})
    n = len(sources)
    if not n:
        return ""
    return esc(
        f"{n} source sentence{'s' if n != 1 else ''} in {len(docs)} "
        f"document{'s' if len(docs) != 1 else ''}"
    )


def _first_sentence(sources: list[dict[str, Any]], limit: int = 220) -> str:
    for s in sources:
        sentence = s.get("sentence")
        if sentence:
            text = " ".join(str(sentence).split())
            text = text if len(text) <= limit else text[: limit - 1] + "…"
            return f"<i>“{esc(text)}”</i>"
    return ""


def place_label(row: Mapping[str, Any], registry: Any = None) -> tuple[str, str]:
    """(tooltip, popup) HTML of a place row; all text escaped."""
    name = f"<b>{esc(row.get('name'))}</b>"
    status = str(row.get("status") or "none")
    who = _label(registry, row.get("faction"))
    what = {
        "held": f"held by {who}",
        "claimed": f"claimed by {who}",
        "contested": f"contested ({who})",
        "none": "mentioned, no claim",
    }
    line = esc(what.get(status, status))
    srcs = _sources(row)
    tip = _tip(name, line)
    pop = _tip(name, line, _source_line(srcs), _first_sentence(srcs))
    return tip, pop


def _generic_label(
    row: Mapping[str, Any], layer: str, registry: Any = None
) -> tuple[str, str]:
    who = _label(registry, row.get("faction") or row.get("factions"))
    srcs = _sources(row)
    if layer == "movements":
        origin = row.get("origin") if _present(row.get("origin")) else None
        frm = f" from {origin}" if origin else ""
        inferred = " (origin inferred)" if row.get("origin_inferred") else ""
        head = f"{row.get('kind') or 'movement'}: {who} to {row.get('place')}{frm}"
        head += inferred
    elif layer == "strikes":
        target = _label(registry, row.get("target")) if row.get("target") else ""
        cas = row.get("casualties")
        head = f"strike by {who} on {row.get('place')}"
        head += f" against {target}" if target else ""
        head += f", {int(cas)} casualties" if _present(cas) and cas is not None else ""
    elif layer == "front_line":
        head = f"front line {row.get('factions') or ''}".strip()
        head += " (uncertain)" if row.get("uncertain") else ""
    else:
        kind = "uncertainty area" if row.get("kind") == "uncertainty" else "region"
        head = f"{kind}: {row.get('name') or ''}"
        if _present(row.get("faction")) and row.get("faction"):
            head += f" ({who})"
    tip = f"<b>{esc(head)}</b>"
    return tip, _tip(tip, _source_line(srcs), _first_sentence(srcs))


# --------------------------------------------------------------------------- features


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


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _geojson(
    features: list[dict[str, Any]],
    *,
    name: str,
    style: Any,
    marker: bool = False,
    popups: bool = True,
) -> folium.GeoJson:
    kwargs: dict[str, Any] = {}
    if marker:
        kwargs["marker"] = folium.CircleMarker(radius=7, fill=True)
    if popups:
        kwargs["popup"] = folium.GeoJsonPopup(fields=["pop"], labels=False)
    return folium.GeoJson(
        _collection(features),
        name=name,
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        **kwargs,
    )


def place_features(
    frame: Any, *, registry: Any = None, selected: str | None = None
) -> list[dict[str, Any]]:
    out = []
    for row in _rows(frame):
        if row.get("geometry") is None or row["geometry"].is_empty:
            continue
        tip, pop = place_label(row, registry)
        style = place_style(
            str(row.get("status") or "none"),
            row.get("colour") or faction_colour(registry, row.get("faction")),
            kind=str(row.get("kind") or "city"),
            selected=str(row.get("id")) == selected,
        )
        out.append(
            _feature(
                row,
                row["geometry"],
                tip,
                pop,
                layer="places",
                name=str(row.get("name") or ""),
                kind=str(row.get("kind") or ""),
                style=style,
            )
        )
    return out


def _styled(
    layer: str, rows: list[dict[str, Any]], registry: Any, style_of: Any
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        geom = row.get("geometry")
        if geom is None or geom.is_empty:
            continue
        tip, pop = _generic_label(row, layer, registry)
        out.append(_feature(row, geom, tip, pop, layer=layer, style=style_of(row)))
    return out


def _colour(row: Mapping[str, Any], registry: Any) -> str:
    return safe_colour(row.get("colour"), faction_colour(registry, row.get("faction")))


def movement_features(frame: Any, *, registry: Any = None) -> list[dict[str, Any]]:
    """Movement lines plus an arrowhead polygon at each destination (same id)."""
    out = []
    for row in _rows(frame):
        geom = row.get("geometry")
        if geom is None or geom.is_empty or geom.geom_type != "LineString":
            continue
        colour = _colour(row, registry)
        tip, pop = _generic_label(row, "movements", registry)
        dashed = "8 6" if row.get("origin_inferred") else None
        line_style = {"color": colour, "weight": 4, "opacity": 0.9, "dashArray": dashed}
        out.append(_feature(row, geom, tip, pop, layer="movements", style=line_style))
        head = arrowhead(list(geom.coords), back_km=8.0)
        if head:
            from shapely.geometry import Polygon

            head_row = {**row, "id": f"{row.get('id')}#head"}
            head_style = {
                "color": colour,
                "weight": 1,
                "fillColor": colour,
                "fillOpacity": 1.0,
                "opacity": 1.0,
            }
            out.append(
                _feature(
                    head_row,
                    Polygon(head),
                    tip,
                    pop,
                    layer="movements",
                    style=head_style,
                    of=str(row.get("id")),
                )
            )
    return out


def strike_features(frame: Any, *, registry: Any = None) -> list[dict[str, Any]]:
    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "radius": strike_radius(row.get("casualties")),
            "color": "#000000",
            "weight": 1.5,
            "fill": True,
            "fillColor": _colour(row, registry),
            "fillOpacity": 0.55,
            "dashArray": "2 2",
        }

    return _styled("strikes", _rows(frame), registry, style)


def front_features(frame: Any, *, registry: Any = None) -> list[dict[str, Any]]:
    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "color": FRONT_COLOUR,
            "weight": 4,
            "opacity": 0.85,
            "dashArray": "10 8" if row.get("uncertain") else None,
        }

    return _styled("front_line", _rows(frame), registry, style)


def area_features(frame: Any, *, registry: Any = None) -> list[dict[str, Any]]:
    """Regions in their faction's colour; no faction: a faint outline, no fill
    (a vague "southern Libya" must not paint the map); uncertainty areas dashed."""

    def style(row: Mapping[str, Any]) -> dict[str, Any]:
        colour = _colour(row, registry)
        uncertain = row.get("kind") == "uncertainty"
        owned = _present(row.get("faction")) and bool(row.get("faction"))
        return {
            "color": colour if owned else "#666666",
            "weight": 1.5 if owned else 1,
            "opacity": 0.8 if owned else 0.5,
            "fillColor": colour,
            "fillOpacity": (0.15 if owned else 0.0),
            "dashArray": "5 5" if uncertain else None,
        }

    return _styled("areas", _rows(frame), registry, style)


def _by_style(feature: Mapping[str, Any]) -> dict[str, Any]:
    return dict(feature["properties"]["style"])


def feature_groups(
    layers: Any,
    *,
    registry: Any = None,
    selected: str | None = None,
    popups: bool = True,
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer (bottom first), each one GeoJson with feature ids.

    ``popups=False`` for the app, whose sources panel replaces them.
    """
    frames = frames_of(layers)
    builders = {
        "areas": lambda f: area_features(f, registry=registry),
        "front_line": lambda f: front_features(f, registry=registry),
        "movements": lambda f: movement_features(f, registry=registry),
        "strikes": lambda f: strike_features(f, registry=registry),
        "places": lambda f: place_features(f, registry=registry, selected=selected),
    }
    groups = []
    for key in LAYERS:
        features = builders[key](frames.get(key))
        group = folium.FeatureGroup(name=LAYER_TITLES[key], show=True)
        if features:
            point = key in ("places", "strikes")
            _geojson(
                features,
                name=LAYER_TITLES[key],
                style=_by_style,
                marker=point,
                popups=popups,
            ).add_to(group)
        if key == "places":
            for label in place_labels(features):
                label.add_to(group)
        groups.append(group)
    return groups


def place_labels(
    features: list[dict[str, Any]], *, max_chars: int = 28
) -> list[folium.Marker]:
    """Name labels beside the city circles: escaped text in a DivIcon, not clickable.

    Positions described in words ("outskirts of Sirte", kind "position") get none:
    they sit on their city and would hide its name; other long names are cut short.
    """
    out = []
    for feature in features:
        name = str(feature["properties"].get("name") or "")
        if not name or feature["properties"].get("kind") == "position":
            continue
        if len(name) > max_chars:
            name = name[: max_chars - 1].rstrip() + "…"
        lon, lat = feature["geometry"]["coordinates"][:2]
        icon = folium.DivIcon(
            html=f"<span>{esc(name)}</span>",
            class_name="fl-label",
            icon_size=(0, 0),
            icon_anchor=(-10, 8),
        )
        out.append(
            folium.Marker([lat, lon], icon=icon, interactive=False, keyboard=False)
        )
    return out


# --------------------------------------------------------------------------- base map


def _countries() -> Any:
    """Natural Earth countries (via gazetteer.shapes)."""
    from gazetteer import shapes

    return shapes.countries_frame()


def bounds_of(
    layers: Any, *, pad_deg: float = 1.0, focus: bool = True
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


@functools.cache
def _outline_features(box: tuple[float, float, float, float]) -> tuple[str, ...]:
    import json

    from shapely import set_precision
    from shapely.geometry import box as make_box

    frame = _countries()
    area = make_box(*box)
    clipped = frame[frame.intersects(area)].copy()
    clipped["geometry"] = set_precision(
        clipped.geometry.intersection(area).simplify(0.03).values, 0.001
    )
    out = []
    for row in clipped.to_dict("records"):
        if row["geometry"].is_empty:
            continue
        out.append(
            json.dumps(
                {
                    "type": "Feature",
                    "properties": {"name": str(row.get("name") or "")},
                    "geometry": mapping(row["geometry"]),
                }
            )
        )
    return tuple(out)


def outline_layer(
    bounds: list[list[float]], *, margin_deg: float = 12.0, tiles: bool = False
) -> folium.GeoJson:
    """Country outlines around the data: the offline base layer (never clickable)."""
    import json

    (s, w), (n, e) = bounds
    box = (
        max(w - margin_deg, -180.0),
        max(s - margin_deg, -90.0),
        min(e + margin_deg, 180.0),
        min(n + margin_deg, 90.0),
    )
    box = tuple(float(round(v)) for v in box)  # cache-friendly
    features = [json.loads(f) for f in _outline_features(box)]  # type: ignore[arg-type]
    fill = 0.0 if tiles else 1.0
    return folium.GeoJson(
        _collection(features),
        name="Country outlines (offline)",
        style_function=lambda _f: {
            "color": "#8c8c8c",
            "weight": 1,
            "fillColor": "#f4f1ea",
            "fillOpacity": fill,
        },
        interactive=False,
        control=False,
    )


class Legend(MacroElement):
    """A legend control built from data: DOM nodes with textContent, no HTML strings."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .fl-legend {background: rgba(255,255,255,0.92); padding: 5px 8px;
            font: 11px/1.3 system-ui, sans-serif; border-radius: 4px;
            box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-width: 220px;}
          .leaflet-control-layers {font: 12px/1.4 system-ui, sans-serif;}
          .fl-legend .fl-h {font-weight: 600; margin: 3px 0 1px;}
          .fl-legend summary {cursor: pointer;}
          .fl-legend .fl-row {display: flex; align-items: center; gap: 6px;}
          .fl-legend .fl-sw {width: 14px; height: 14px; flex: none; box-sizing: border-box;}
          .leaflet-container {background: #cfe0ea;}
          .leaflet-interactive:focus {outline: none;}
          .fl-label span {font: 600 11px/1 system-ui, sans-serif; color: #222;
            white-space: nowrap; pointer-events: none;
            text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
          var sections = {{ this.sections|tojson }};
          var legend = L.control({position: "bottomright"});
          legend.onAdd = function() {
            // A <details> box: open at first, folded away with one click on its title.
            var box = L.DomUtil.create("details", "fl-legend");
            box.open = true;
            var title = L.DomUtil.create("summary", "fl-h", box);
            title.textContent = "Legend";
            sections.forEach(function(section) {
              var h = L.DomUtil.create("div", "fl-h", box);
              h.textContent = section.title;
              section.items.forEach(function(item) {
                var row = L.DomUtil.create("div", "fl-row", box);
                var sw = L.DomUtil.create("span", "fl-sw", row);
                Object.keys(item.style).forEach(function(k) { sw.style[k] = item.style[k]; });
                var label = L.DomUtil.create("span", "", row);
                label.textContent = item.label;
              });
            });
            L.DomEvent.disableClickPropagation(box);
            return box;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, sections: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.sections = sections


def _swatch(
    *,
    colour: str,
    fill: str | None = None,
    shape: str = "circle",
    dash: bool = False,
    width: int = 2,
) -> dict[str, str]:
    style = {
        "border": f"{width}px {'dashed' if dash else 'solid'} {safe_colour(colour)}",
        "background": fill if fill else "transparent",
    }
    if shape == "circle":
        style["borderRadius"] = "50%"
    elif shape == "line":
        style.update(
            height="0px",
            border="none",
            borderTop=f"3px {'dashed' if dash else 'solid'} {safe_colour(colour)}",
        )
    return style


def legend_sections(layers: Any, registry: Any = None) -> list[dict[str, Any]]:
    """What the legend shows, from the data: the factions present, then symbols."""
    frames = frames_of(layers)
    seen: dict[str, str] = {}
    for frame in frames.values():
        for row in _rows(frame):
            faction = row.get("faction")
            if not (_present(faction) and faction):
                continue
            for part in str(faction).split("/"):
                if part and part not in seen:
                    colour = faction_colour(registry, part)
                    if colour == NEUTRAL and "/" not in str(faction):
                        colour = safe_colour(row.get("colour"))
                    seen[part] = colour
    factions = [
        {
            "label": faction_label(registry, fid),
            "style": _swatch(colour=c, fill=c, shape="square"),
        }
        for fid, c in sorted(seen.items())
    ]
    grey = "#555555"
    status = [
        {"label": "held (assessed)", "style": _swatch(colour=grey, fill=grey)},
        {"label": "claimed", "style": _swatch(colour=grey, fill="#ffffff", width=3)},
        {
            "label": "contested",
            "style": _swatch(colour=grey, fill="#bbbbbb", dash=True, width=3),
        },
        {
            "label": "mentioned only",
            "style": _swatch(colour=grey, fill="#ffffff", width=1),
        },
    ]
    symbols = [
        {
            "label": "movement (arrow; dashed = origin inferred)",
            "style": _swatch(colour=grey, shape="line"),
        },
        {
            "label": "strike (size ~ casualties)",
            "style": _swatch(colour="#000000", fill="#bbbbbb", dash=True, width=1),
        },
        {
            "label": "front line (dashed = uncertain)",
            "style": _swatch(colour=FRONT_COLOUR, shape="line"),
        },
        {
            "label": "region / uncertainty area",
            "style": _swatch(
                colour=grey,
                fill="rgba(85,85,85,0.15)",
                shape="square",
                dash=True,
                width=1,
            ),
        },
    ]
    sections = []
    if factions:
        sections.append({"title": "Factions", "items": factions})
    sections.append({"title": "Cities", "items": status})
    sections.append({"title": "Symbols", "items": symbols})
    return sections


DEFAULT_BOUNDS = [[19.5, 9.3], [33.2, 25.2]]  # Libya: a sensible empty view


def base_map(
    layers: Any,
    *,
    registry: Any = None,
    offline: bool = True,
    height: str | int = "100%",
) -> folium.Map:
    """The map without the data layers: outlines, optional tiles, legend.

    Built only from what does not change when filters or the selection change, so
    st_folium keeps the same map (and its zoom) across reruns.
    """
    bounds = bounds_of(layers) or DEFAULT_BOUNDS
    m = folium.Map(
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=height,
        max_bounds=False,
        zoom_snap=0.25,
    )
    use_local_assets(m)
    outline_layer(bounds, tiles=not offline).add_to(m)
    if not offline:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    Legend(legend_sections(layers, registry)).add_to(m)
    m.fit_bounds(bounds)
    return m


def build_map(
    layers: Any,
    *,
    registry: Any = None,
    offline: bool = True,
    selected: str | None = None,
) -> folium.Map:
    """The whole map: base, the five layers and a layer switcher.

    >>> m = build_map({})
    >>> "cdn" in m.get_root().render()
    False
    """
    m = base_map(layers, registry=registry, offline=offline)
    for group in feature_groups(layers, registry=registry, selected=selected):
        group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def save_html(
    layers: Any, path: str | Path, *, registry: Any = None, offline: bool = True
) -> Path:
    """Write a standalone HTML map (every asset inlined: opens with no network)."""
    out = Path(path)
    out.write_text(
        map_html(layers, registry=registry, offline=offline), encoding="utf-8"
    )
    return out


def map_html(layers: Any, *, registry: Any = None, offline: bool = True) -> str:
    """The standalone HTML of :func:`build_map` as a string (for downloads)."""
    return build_map(layers, registry=registry, offline=offline).get_root().render()


# --------------------------------------------------------------------------- clicks


@dataclass(frozen=True, slots=True)
class Selection:
    """The feature the user chose, and the click counter already handled."""

    feature_id: str | None = None
    clicks: int = 0


def handle_click(result: Mapping[str, Any] | None, previous: Selection) -> Selection:
    """The new selection after st_folium returned ``result``.

    A click counts when st_folium's click counter moved on, so clicking the same city
    twice re-selects it; an arrowhead selects its movement.

    >>> r = {"last_object_clicked_count": 1,
    ...      "last_active_drawing": {"properties": {"id": "place:1"}}}
    >>> handle_click(r, Selection())
    Selection(feature_id='place:1', clicks=1)
    >>> handle_click(r, Selection("place:2", 1))  # nothing new: keep the selection
    Selection(feature_id='place:2', clicks=1)
    """
    if not result:
        return previous
    count = result.get("last_object_clicked_count") or 0
    if count == previous.clicks:
        return previous
    drawing = result.get("last_active_drawing") or {}
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    fid = props.get("of") or props.get("id") if isinstance(props, Mapping) else None
    if not isinstance(fid, str) or not fid:
        return Selection(previous.feature_id, count)
    return Selection(fid, count)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user chose to see; an empty set means everything."""

    factions: frozenset[str] = field(default_factory=frozenset)
    claim_types: frozenset[str] = field(default_factory=frozenset)
    docs: frozenset[str] = field(default_factory=frozenset)

    @property
    def active(self) -> bool:
        return bool(self.factions or self.claim_types or self.docs)


def _source_passes(source: Mapping[str, Any], filters: Filters) -> bool:
    if filters.docs and str(source.get("doc")) not in filters.docs:
        return False
    kind = source.get("claim_type") or MENTION
    return not filters.claim_types or kind in filters.claim_types


def _row_factions(row: Mapping[str, Any]) -> set[str]:
    out: set[str] = set()
    for key in ("faction", "factions"):
        value = row.get(key)
        if _present(value) and value:
            out.update(p for p in str(value).split("/") if p)
    return out


def _row_passes(row: Mapping[str, Any], filters: Filters) -> bool:
    if filters.factions:
        factions = _row_factions(row) or {"none"}
        if not factions & filters.factions:
            return False
    if filters.docs or filters.claim_types:
        sources = _sources(row)
        if not sources:
            return not filters.docs and not filters.claim_types
        return any(_source_passes(s, filters) for s in sources)
    return True


def filter_frame(frame: Any, filters: Filters) -> Any:
    """The rows of a layer frame that the filters let through (a copy).

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> f = gpd.GeoDataFrame({"id": ["a", "b"], "faction": ["GNA", "LNA"],
    ...     "sources": [[{"doc": "x", "claim_type": "control"}], []]},
    ...     geometry=[Point(0, 0), Point(1, 1)], crs="EPSG:4326")
    >>> list(filter_frame(f, Filters(factions=frozenset({"LNA"})))["id"])
    ['b']
    """
    if frame is None or len(frame) == 0 or not filters.active:
        return frame
    keep = [_row_passes(row, filters) for row in frame.to_dict("records")]
    return frame[keep].copy()


def filter_layers(layers: Any, filters: Filters) -> dict[str, Any]:
    """Every layer frame filtered; the result feeds the map and the export alike."""
    return {
        key: filter_frame(frame, filters) for key, frame in frames_of(layers).items()
    }


def as_layers(template: Any, frames: Mapping[str, Any]) -> Any:
    """Put filtered frames back into the Layers type of ``template`` (for geo.export)."""
    if dataclasses.is_dataclass(template):
        names = {f.name for f in dataclasses.fields(template)}
        updates = {k: v for k, v in frames.items() if k in names}
        return dataclasses.replace(template, **updates)
    return dict(frames)


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence that mentions the selected feature, with what it claims."""

    doc: str
    start: int
    end: int
    sentence: str
    marks: tuple[tuple[int, int], ...]  # mention spans, relative to the sentence
    claims: tuple[str, ...]  # one human line per claim made in the sentence


def highlight(sentence: str, marks: Iterable[tuple[int, int]]) -> str:
    """Escaped sentence with <mark> around each span (spans relative to it).

    >>> highlight("Shelling <b>Sirte</b> & more", [(12, 17)])
    'Shelling &lt;b&gt;<mark>Sirte</mark>&lt;/b&gt; &amp; more'
    """
    out: list[str] = []
    pos = 0
    for start, end in sorted(set(marks)):
        start, end = max(start, pos), min(end, len(sentence))
        if end <= start:
            continue
        out.append(esc(sentence[pos:start]))
        out.append(f"<mark>{esc(sentence[start:end])}</mark>")
        pos = end
    out.append(esc(sentence[pos:]))
    return "".join(out)


def claim_line(claim: Any, registry: Any = None) -> str:
    """A plain-text line saying what a claim asserts (escaped later)."""
    who = _label(registry, getattr(claim, "faction", None))
    place = getattr(getattr(claim, "place", None), "name", None) or "?"
    kind = getattr(claim, "type", "claim")
    if kind == "movement":
        text = f"{getattr(claim, 'kind', None) or 'movement'}: {who} → {place}"
    elif kind == "strike":
        text = f"strike by {who} on {place}"
        if getattr(claim, "target", None):
            text += f" against {_label(registry, claim.target)}"
        if getattr(claim, "casualties", None) is not None:
            text += f" ({claim.casualties} casualties)"
    elif kind == "frontline":
        text = f"front line at {place}"
    else:
        text = f"{kind}: {place} — {who}"
    if getattr(claim, "implied", False):
        text += " (implied)"
    if getattr(claim, "quoted_by", None):
        text += f", according to {claim.quoted_by}"
    if getattr(claim, "corrected", None):  # a workspace correction's provenance
        text += f" [{claim.corrected}]"
    return text


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), from geo.sentences (whole text if none)."""
    for sentence in _split(text):
        if sentence.start <= start and end <= sentence.end:
            return sentence.start, sentence.end
    return start, end


@functools.lru_cache(maxsize=256)
def _split(text: str) -> tuple[Any, ...]:
    from geo.sentences import split_sentences

    return tuple(split_sentences(text))


def _matches(mention: Any, row: Mapping[str, Any]) -> bool:
    gid = row.get("geonameid")
    if (
        _present(gid)
        and gid is not None
        and getattr(mention, "geonameid", None) is not None
    ):
        return int(gid) == int(mention.geonameid)
    name = str(row.get("name") or "").casefold()
    return bool(name) and (getattr(mention, "name", "") or "").casefold() == name


def place_sources(
    analysis: Any, row: Mapping[str, Any], *, registry: Any = None
) -> dict[str, list[SourceSentence]]:
    """Every sentence mentioning the place, by document, mentions marked, with claims.

    Sentences come from the claims (their sentence spans) and from the mentions of the
    place in each document; the layer row's own ``sources`` fill in the rest.
    """
    texts = {d.id: d.text for d in getattr(analysis, "documents", [])}
    claims = list(getattr(analysis, "claims", []) or [])
    spans: dict[tuple[str, int, int], set[tuple[int, int]]] = {}

    def add(doc: str, s: int, e: int, ms: int | None, me: int | None) -> None:
        # prefer a claim's sentence that contains the mention
        for c in claims:
            if c.doc == doc and ms is not None and c.start <= ms and me <= c.end:
                s, e = c.start, c.end
                break
        key = (doc, s, e)
        spans.setdefault(key, set())
        if ms is not None and me is not None and s <= ms and me <= e:
            spans[key].add((ms - s, me - s))

    mentions = getattr(analysis, "mentions", {}) or {}
    for doc, items in mentions.items():
        text = texts.get(doc)
        if text is None:
            continue
        for m in items:
            if m.kind not in ("place", "anaphor") or not _matches(m, row):
                continue
            s, e = _sentence_span(text, m.start, m.end)
            add(doc, s, e, m.start, m.end)
    for src in _sources(row):
        doc = str(src.get("doc"))
        if doc not in texts or src.get("start") is None:
            continue
        add(
            doc,
            int(src["start"]),
            int(src["end"]),
            src.get("mention_start"),
            src.get("mention_end"),
        )

    by_doc: dict[str, list[SourceSentence]] = {}
    for (doc, s, e), marks in sorted(spans.items()):
        text = texts[doc]
        made = tuple(
            claim_line(c, registry)
            for c in claims
            if c.doc == doc
            and c.start < e
            and s < c.end
            and c.place is not None
            and _matches(c.place, row)
        )
        by_doc.setdefault(doc, []).append(
            SourceSentence(doc, s, e, text[s:e], tuple(sorted(marks)), made)
        )
    return _drop_nested(by_doc)


def _drop_nested(
    by_doc: dict[str, list[SourceSentence]],
) -> dict[str, list[SourceSentence]]:
    """Keep one entry per sentence: a span inside another one merges into it."""
    out: dict[str, list[SourceSentence]] = {}
    for doc, items in by_doc.items():
        kept: list[SourceSentence] = []
        for item in sorted(items, key=lambda x: (x.start, -x.end)):
            if kept and item.start >= kept[-1].start and item.end <= kept[-1].end:
                last = kept[-1]
                shift = item.start - last.start
                marks = set(last.marks) | {
                    (a + shift, b + shift) for a, b in item.marks
                }
                kept[-1] = dataclasses.replace(
                    last,
                    marks=tuple(sorted(marks)),
                    claims=tuple(dict.fromkeys(last.claims + item.claims)),
                )
            else:
                kept.append(item)
        out[doc] = kept
    return out


def feature_row(layers: Any, feature_id: str) -> tuple[str, dict[str, Any]] | None:
    """(layer key, row) of the feature with this id, or None."""
    for key, frame in frames_of(layers).items():
        if frame is None or len(frame) == 0 or "id" not in frame:
            continue
        hit = frame[frame["id"].astype(str) == feature_id]
        if len(hit):
            return key, hit.iloc[0].to_dict()
    return None


# --------------------------------------------------------------------------- panel


def panel_html(
    title: str, subtitle: str, by_doc: Mapping[str, Sequence[SourceSentence]]
) -> str:
    """The sources panel as HTML: every piece of article text escaped, mentions in <mark>.

    >>> s = SourceSentence("a.txt", 0, 9, "<b>Sirte", ((3, 8),), ("control: Sirte — LNA",))
    >>> "<mark>Sirte</mark>" in panel_html("Sirte", "held", {"a.txt": [s]})
    True
    """
    parts = [
        f"<div class='fl-panel'><h3 style='margin:0'>{esc(title)}</h3>",
        f"<p style='margin:2px 0 8px;color:#555'>{esc(subtitle)}</p>",
    ]
    if not by_doc:
        parts.append("<p>No sentence in the loaded documents mentions it.</p>")
    for doc, sentences in by_doc.items():
        n = len(sentences)
        parts.append(
            f"<h4 style='margin:10px 0 4px'>{esc(doc)} "
            f"<small style='color:#777'>({n} sentence{'s' if n != 1 else ''})"
            "</small></h4>"
        )
        for item in sentences:
            parts.append(
                "<blockquote style='margin:4px 0 6px;padding:4px 8px;"
                "border-left:3px solid #bbb'>"
                f"{highlight(item.sentence, item.marks)}"
            )
            if item.claims:
                parts.append("<ul style='margin:4px 0 0 0;font-size:90%'>")
                parts.extend(f"<li>{esc(c)}</li>" for c in item.claims)
                parts.append("</ul>")
            parts.append("</blockquote>")
    parts.append("</div>")
    return "".join(parts)


def row_sources(row: Mapping[str, Any]) -> dict[str, list[SourceSentence]]:
    """The sources of a non-place feature (movement, strike, area, front) by document."""
    by_doc: dict[str, list[SourceSentence]] = {}
    for src in _sources(row):
        sentence = str(src.get("sentence") or "")
        start = int(src.get("start") or 0)
        marks: tuple[tuple[int, int], ...] = ()
        ms, me = src.get("mention_start"), src.get("mention_end")
        if ms is not None and me is not None and _present(ms):
            marks = ((int(ms) - start, int(me) - start),)
        kind = src.get("claim_type") or MENTION
        by_doc.setdefault(str(src.get("doc")), []).append(
            SourceSentence(
                str(src.get("doc")),
                start,
                start + len(sentence),
                sentence,
                marks,
                (str(kind),),
            )
        )
    return _drop_nested(by_doc)


def describe(
    layer: str, row: Mapping[str, Any], registry: Any = None
) -> tuple[str, str]:
    """(title, subtitle) in plain text for the panel of any feature."""
    if layer == "places":
        status = str(row.get("status") or "none")
        who = _label(registry, row.get("faction"))
        sub = {
            "held": f"held by {who}",
            "claimed": f"claimed by {who}",
            "contested": f"contested ({who})",
        }.get(status, "mentioned, no claim")
        return str(row.get("name") or "?"), sub
    tip, _ = _generic_label(row, layer, registry)
    return html.unescape(re.sub(r"<[^>]+>", "", tip)), LAYER_TITLES.get(layer, layer)


def place_index(places: Any) -> dict[Any, str]:
    """Place ids by geonameid and by case-folded name, for many look-ups at once."""
    index: dict[Any, str] = {}
    if places is None or len(places) == 0:
        return index
    for row in places.to_dict("records"):
        gid = row.get("geonameid")
        if _present(gid) and gid is not None:
            index.setdefault(("gid", int(gid)), str(row.get("id")))
        else:
            index.setdefault(
                ("name", str(row.get("name") or "").casefold()), str(row.get("id"))
            )
    return index


def place_id_for(index: Mapping[Any, str], mention: Any) -> str:
    """The id of the place row a claim's mention lands on ("" when none does).

    >>> place_id_for({("gid", 1): "place-1"}, None)
    ''
    """
    if mention is None:
        return ""
    gid = getattr(mention, "geonameid", None)
    if gid is not None and ("gid", int(gid)) in index:
        return index[("gid", int(gid))]
    return index.get(("name", (getattr(mention, "name", "") or "").casefold()), "")
