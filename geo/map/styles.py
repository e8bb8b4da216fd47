"""Every colour and Leaflet style of the map, each constant defined once.

Data layers are bold and saturated; the basemap is quiet (greys, pale blues) so it
reads under the data.
"""

from __future__ import annotations

import math
import re
from typing import Any

# --------------------------------------------------------------- colour constants
NEUTRAL = "#808080"  # a faction without a colour; unowned regions
FRONT_COLOUR = "#222222"
MENTION_GREY = "#555555"  # legend swatches, places only mentioned
WHITE = "#ffffff"
HALF_GREY = "#bbbbbb"  # legend: a contested (half-filled) symbol
STRIKE_EDGE = "#000000"
UNOWNED_EDGE = "#666666"
SEA = "#cfe0ea"
LAND = "#f4f1ea"
LAND_EDGE = "#8c8c8c"
WATER = "#a9c8dc"
RIVER = "#7fa7c6"
URBAN = "#e2d9cc"
BORDER = "#8a7f8d"
DISPUTED = "#b06a6a"
ADMIN1 = "#a99fae"
ADMIN2 = "#c9c1cc"
TOWN = "#6b6b6b"
AIRPORT = "#7a6f86"
LABEL_TEXT = "#222222"
BASE_LABEL_TEXT = "#5b5560"
WATER_LABEL_TEXT = "#3f6d8f"

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def safe_colour(value: Any, default: str = NEUTRAL) -> str:
    """A ``#rrggbb`` colour or the default: colours reach CSS, so they are checked.

    >>> safe_colour("#1f77b4"), safe_colour("red;background:url(x)")
    ('#1f77b4', '#808080')
    """
    return value if isinstance(value, str) and _HEX.match(value) else default


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return True


# --------------------------------------------------------------- data styles


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
        style.update(fillColor=WHITE, fillOpacity=0.6, weight=3)
    elif status == "contested":
        style.update(fillOpacity=0.35, weight=3, dashArray="4 3")
    elif status not in ("held",):  # "none": only mentioned
        style.update(
            color=MENTION_GREY,
            fillColor=WHITE,
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


def strike_style(casualties: Any, colour: str) -> dict[str, Any]:
    return {
        "radius": strike_radius(casualties),
        "color": STRIKE_EDGE,
        "weight": 1.5,
        "fill": True,
        "fillColor": safe_colour(colour),
        "fillOpacity": 0.55,
        "dashArray": "2 2",
    }


def front_style(*, uncertain: bool) -> dict[str, Any]:
    return {
        "color": FRONT_COLOUR,
        "weight": 4,
        "opacity": 0.85,
        "dashArray": "10 8" if uncertain else None,
    }


def area_style(colour: str, *, owned: bool, uncertain: bool) -> dict[str, Any]:
    """Regions in their faction's colour; no faction: a faint outline, no fill
    (a vague "southern Libya" must not paint the map); uncertainty areas dashed."""
    colour = safe_colour(colour)
    return {
        "color": colour if owned else UNOWNED_EDGE,
        "weight": 1.5 if owned else 1,
        "opacity": 0.8 if owned else 0.5,
        "fillColor": colour,
        "fillOpacity": (0.15 if owned else 0.0),
        "dashArray": "5 5" if uncertain else None,
    }


def movement_style(colour: str, *, inferred: bool) -> dict[str, Any]:
    return {
        "color": safe_colour(colour),
        "weight": 4,
        "opacity": 0.9,
        "dashArray": "8 6" if inferred else None,
    }


def arrowhead_style(colour: str) -> dict[str, Any]:
    colour = safe_colour(colour)
    return {
        "color": colour,
        "weight": 1,
        "fillColor": colour,
        "fillOpacity": 1.0,
        "opacity": 1.0,
    }


#: The user's overlays: thin, dark, unfilled enough to read the claims on top.
OVERLAY_STYLE = {
    "color": "#5a4a7a",
    "weight": 2,
    "opacity": 0.8,
    "fillColor": "#5a4a7a",
    "fillOpacity": 0.08,
}

# --------------------------------------------------------------- basemap styles

#: Leaflet path options of each basemap layer (quiet, under the data).
BASEMAP_STYLES: dict[str, dict[str, Any]] = {
    "land": {
        "color": LAND_EDGE,
        "weight": 0.8,
        "fillColor": LAND,
        "fillOpacity": 1.0,
    },
    "urban": {"stroke": False, "fillColor": URBAN, "fillOpacity": 0.9},
    "lakes": {"color": WATER, "weight": 0.5, "fillColor": WATER, "fillOpacity": 1.0},
    "rivers": {"color": RIVER, "weight": 1.2, "opacity": 0.9},
    "admin2": {"color": ADMIN2, "weight": 0.6, "fill": False, "dashArray": "2 3"},
    "admin1": {"color": ADMIN1, "weight": 1.0, "fill": False, "dashArray": "6 3"},
    "borders": {"color": BORDER, "weight": 1.4, "opacity": 0.9},
    "disputed": {"color": DISPUTED, "weight": 1.4, "dashArray": "4 4"},
    "airports": {
        "radius": 3,
        "color": AIRPORT,
        "weight": 1,
        "fillColor": WHITE,
        "fillOpacity": 1.0,
    },
    "towns": {
        "radius": 2.5,
        "color": TOWN,
        "weight": 1,
        "fillColor": TOWN,
        "fillOpacity": 0.9,
    },
}
#: Zoom range in which each basemap layer is drawn ([min, max], inclusive).
BASEMAP_ZOOMS: dict[str, tuple[float, float]] = {
    "land": (0, 20),
    "urban": (7, 20),
    "lakes": (4, 20),
    "rivers": (5, 20),
    "admin2": (8, 20),
    "admin1": (5, 20),
    "borders": (0, 20),
    "disputed": (0, 20),
    "airports": (9, 20),
    "towns": (6, 20),
}
