"""The legend: a folding box built from the data (the factions present, with the
registry's labels and colours, then the symbols), drawn with DOM nodes and
``textContent``, never HTML strings."""

from __future__ import annotations

from typing import Any

from folium.template import Template

from geo.map.elements import OnceElement
from geo.map.features import rows_of
from geo.map.names import frames_of
from geo.map.popups import faction_colour, faction_label
from geo.map.styles import (
    FRONT_COLOUR,
    HALF_GREY,
    LAND,
    MENTION_GREY,
    NEUTRAL,
    SEA,
    STRIKE_EDGE,
    WHITE,
    _present,
    safe_colour,
)


class Legend(OnceElement):
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
          .leaflet-container {background: {{ this.sea }};}
          .leaflet-interactive:focus {outline: none;}
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
        self.sea = SEA
        self.land = LAND


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
        for row in rows_of(frame):
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
    grey = MENTION_GREY
    status = [
        {"label": "held (assessed)", "style": _swatch(colour=grey, fill=grey)},
        {"label": "claimed", "style": _swatch(colour=grey, fill=WHITE, width=3)},
        {
            "label": "contested",
            "style": _swatch(colour=grey, fill=HALF_GREY, dash=True, width=3),
        },
        {
            "label": "mentioned only",
            "style": _swatch(colour=grey, fill=WHITE, width=1),
        },
    ]
    symbols = [
        {
            "label": "movement (arrow; dashed = origin inferred)",
            "style": _swatch(colour=grey, shape="line"),
        },
        {
            "label": "strike (size ~ casualties)",
            "style": _swatch(colour=STRIKE_EDGE, fill=HALF_GREY, dash=True, width=1),
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
