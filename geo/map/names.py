"""One set of layer names: the keys of the data layers and of the basemap layers,
with the titles the layer control and the legend show."""

from __future__ import annotations

from typing import Any

#: Data layer keys as the map names them, in drawing order (bottom first).
LAYERS = ("areas", "front_line", "movements", "strikes", "places")
LAYER_TITLES = {
    "areas": "Regions & uncertainty areas",
    "front_line": "Front line",
    "movements": "Movements",
    "strikes": "Strikes",
    "places": "Cities & towns",
}
#: geo.layers' singular names -> the map's keys.
LAYER_ALIASES = {
    "area": "areas",
    "place": "places",
    "movement": "movements",
    "strike": "strikes",
    "frontline": "front_line",
}
#: Basemap layers, bottom first (drawn under everything else).
BASEMAP_LAYERS = (
    "land",
    "urban",
    "lakes",
    "rivers",
    "admin2",
    "admin1",
    "borders",
    "disputed",
    "airports",
    "towns",
)
BASEMAP_TITLES = {
    "land": "Land",
    "urban": "Built-up areas",
    "lakes": "Lakes",
    "rivers": "Rivers",
    "admin2": "Districts (2nd-level divisions)",
    "admin1": "Provinces (1st-level divisions)",
    "borders": "Country borders",
    "disputed": "Disputed borders",
    "airports": "Airports",
    "towns": "Towns (basemap)",
}
#: Title of the layer-control entry of the user's own overlays.
OVERLAY_TITLE = "Your layers"
STATUSES = ("held", "claimed", "contested", "none")
#: Pseudo claim type of a source that is a bare mention (no claim made in it).
MENTION = "mention"


def frames_of(layers: Any) -> dict[str, Any]:
    """The layer GeoDataFrames by key, from a geo.layers.Layers or a mapping.

    >>> sorted(frames_of({"place": None, "frontline": None}))
    ['front_line', 'places']
    """
    if layers is None:
        return {}
    raw = layers.frames() if hasattr(layers, "frames") else dict(layers)
    return {LAYER_ALIASES.get(k, k): v for k, v in raw.items()}
