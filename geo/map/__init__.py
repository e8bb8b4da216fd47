"""The folium map of the layers, offline, split by reason to change.

- :mod:`geo.map.names`: one set of layer names and titles.
- :mod:`geo.map.styles`: every colour and Leaflet style, each defined once.
- :mod:`geo.map.features`: the data layers as GeoJSON (one folium.GeoJson each).
- :mod:`geo.map.basemap`: the shipped offline basemap, drawn by zoom.
- :mod:`geo.map.labels`: decluttered labels (one label layer for the map).
- :mod:`geo.map.legend`, :mod:`geo.map.panel`: the legend and the sources panel.
- :mod:`geo.map.overlays`: the user's own layers.
- :mod:`geo.map.build`: the base map, the whole map, the standalone HTML.
- :mod:`geo.map.evidence`: the evidence model (the sources of a place).
- :mod:`geo.map.view`: the app's view state (filters, selection, clicks, dates).

Everything the browser needs is inlined: Leaflet 1.9.3 (vendored in geo/static) goes
in as ``data:`` URLs and the basemap ships in geo/data/basemap; online tiles are
only added when asked for. Article text never reaches the page unescaped.
"""

from __future__ import annotations

from geo.map.assets import leaflet_css_url, leaflet_js_url, use_local_assets
from geo.map.basemap import ATTRIBUTION, basemap_data
from geo.map.build import (
    DEFAULT_BOUNDS,
    base_map,
    build_map,
    layer_control,
    map_html,
    save_html,
)
from geo.map.evidence import (
    Evidence,
    SourceSentence,
    claim_line,
    highlight,
    panel_html,
    payload,
    place_sources,
    row_sources,
)
from geo.map.features import (
    area_features,
    arrowhead,
    bounds_of,
    feature_groups,
    front_features,
    groups_of,
    layer_features,
    movement_features,
    place_features,
    prepare,
    strike_features,
)
from geo.map.legend import Legend, legend_sections
from geo.map.names import (
    LAYER_TITLES,
    LAYERS,
    MENTION,
    STATUSES,
    frames_of,
)
from geo.map.overlays import (
    OverlayError,
    overlay_format,
    overlay_from_geojson,
    overlay_geojson,
    read_overlay,
)
from geo.map.popups import (
    describe,
    esc,
    faction_colour,
    faction_label,
    place_label,
)
from geo.map.styles import (
    FRONT_COLOUR,
    NEUTRAL,
    place_style,
    safe_colour,
    strike_radius,
)
from geo.map.view import (
    Filters,
    Selection,
    as_layers,
    claim_dates,
    feature_row,
    filter_frame,
    filter_layers,
    handle_click,
    place_id_for,
    place_index,
)

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_BOUNDS",
    "FRONT_COLOUR",
    "LAYERS",
    "LAYER_TITLES",
    "MENTION",
    "NEUTRAL",
    "STATUSES",
    "Evidence",
    "Filters",
    "Legend",
    "OverlayError",
    "Selection",
    "SourceSentence",
    "area_features",
    "arrowhead",
    "as_layers",
    "base_map",
    "basemap_data",
    "bounds_of",
    "build_map",
    "claim_dates",
    "claim_line",
    "describe",
    "esc",
    "faction_colour",
    "faction_label",
    "feature_groups",
    "feature_row",
    "filter_frame",
    "filter_layers",
    "frames_of",
    "front_features",
    "groups_of",
    "handle_click",
    "highlight",
    "layer_control",
    "layer_features",
    "leaflet_css_url",
    "leaflet_js_url",
    "legend_sections",
    "map_html",
    "movement_features",
    "overlay_format",
    "overlay_from_geojson",
    "overlay_geojson",
    "panel_html",
    "payload",
    "place_features",
    "place_id_for",
    "place_index",
    "place_label",
    "place_sources",
    "place_style",
    "prepare",
    "read_overlay",
    "row_sources",
    "safe_colour",
    "save_html",
    "strike_features",
    "strike_radius",
    "use_local_assets",
]
