"""Map labels, decluttered in the browser at every zoom.

One label layer for the whole map: the data's places (in the articles' spelling,
from each feature's ``label``), then the basemap's towns, divisions, rivers, lakes
and airports, in order of importance. At each view the layer places them one by
one, skipping any that would overlap a label already placed, a data symbol, or a
map control (legend, layer switcher, sources panel), so nothing sits under the
legend. Labels are text nodes (``textContent``), never HTML.
"""

from __future__ import annotations

from typing import Any

from folium.template import Template

from geo.map.elements import OnceElement
from geo.map.styles import BASE_LABEL_TEXT, LABEL_TEXT, WATER_LABEL_TEXT

#: At most this many labels at once (a dense theatre stays readable).
MAX_LABELS = 250


class Labels(OnceElement):
    """The label layer; ``map._flLabels.boxes()`` lists what is drawn (for tests)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .fl-lab {position: absolute; white-space: nowrap; pointer-events: none;
            font: 600 11px/14px system-ui, sans-serif; color: {{ this.colours.data }};
            text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff;}
          .fl-lab.town, .fl-lab.airport {font-weight: 400; color: {{ this.colours.base }};}
          .fl-lab.admin1 {font-weight: 500; font-size: 11px; letter-spacing: 0.08em;
            text-transform: uppercase; color: {{ this.colours.base }}; opacity: 0.85;}
          .fl-lab.admin2 {font-weight: 400; font-size: 10px; font-style: italic;
            color: {{ this.colours.base }}; opacity: 0.85;}
          .fl-lab.water {font-weight: 400; font-style: italic; color: {{ this.colours.water }};}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          var maxLabels = {{ this.max_labels|tojson }};
          var pane = map.createPane("fl-labels");
          pane.style.zIndex = 450;
          pane.style.pointerEvents = "none";
          var canvas = document.createElement("canvas").getContext("2d");
          var widths = {};
          function width(text, kind) {
            var key = kind + "|" + text;
            if (!(key in widths)) {
              canvas.font = (kind === "data" ? "600 " : "400 ") +
                (kind === "admin1" ? "11px" : kind === "admin2" ? "10px" : "11px") +
                " system-ui, sans-serif";
              var w = canvas.measureText(kind === "admin1" ? text.toUpperCase() : text).width;
              widths[key] = w * (kind === "admin1" ? 1.1 : 1) + 4;
            }
            return widths[key];
          }
          function overlaps(a, list) {
            for (var i = 0; i < list.length; i++) {
              var b = list[i];
              if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
            }
            return false;
          }
          function controls() {
            // the controls' rectangles, in the map container's pixels
            var origin = map.getContainer().getBoundingClientRect(), out = [];
            map.getContainer().querySelectorAll(".leaflet-control").forEach(function(el) {
              var r = el.getBoundingClientRect();
              if (r.width && r.height) out.push([r.left - origin.left - 2,
                r.top - origin.top - 2, r.right - origin.left + 2, r.bottom - origin.top + 2]);
            });
            return out;
          }
          function dataLayers() {
            var points = [], named = [];
            map.eachLayer(function(l) {
              var p = l.feature && l.feature.properties;
              if (!p || !p.layer || !l.getLatLng) return;
              var c = map.latLngToContainerPoint(l.getLatLng());
              var r = (l.getRadius ? l.getRadius() : 6) + 1;
              points.push([c.x - r, c.y - r, c.x + r, c.y + r]);
              if (p.label) named.push({text: p.label, at: c, r: r, rank: p.rank || [1, 0]});
            });
            named.sort(function(a, b) {
              return (a.rank[0] - b.rank[0]) || (a.rank[1] - b.rank[1]);
            });
            return {points: points, named: named};
          }
          var placed = [];
          function draw() {
            pane.textContent = "";
            placed = [];
            var size = map.getSize(), z = map.getZoom();
            var taken = controls(), data = dataLayers();
            var symbols = data.points;
            function put(text, kind, x, y, w) {
              var box = [x, y - 7, x + w, y + 7];
              if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) return false;
              if (overlaps(box, taken) || overlaps(box, symbols)) return false;
              taken.push(box);
              var el = document.createElement("div");
              el.className = "fl-lab " + kind;
              el.textContent = text;
              var at = map.containerPointToLayerPoint([x + 2, y - 7]);
              L.DomUtil.setPosition(el, at);
              pane.appendChild(el);
              placed.push({text: text, kind: kind, box: box});
              return true;
            }
            // the data's places first: right of the circle, else left of it
            data.named.forEach(function(d) {
              if (placed.length >= maxLabels) return;
              var w = width(d.text, "data");
              put(d.text, "data", d.at.x + d.r + 2, d.at.y, w) ||
                put(d.text, "data", d.at.x - d.r - 2 - w, d.at.y, w);
            });
            var base = map._flBase ? map._flBase.labels : [];
            var bounds = map.getBounds().pad(0.05);
            for (var i = 0; i < base.length && placed.length < maxLabels; i++) {
              var b = base[i];
              if (b[3] > z + 0.01 || !bounds.contains([b[1], b[2]])) continue;
              var kind = b[5], w = width(b[0], kind);
              var c = map.latLngToContainerPoint([b[1], b[2]]);
              if (kind === "town" || kind === "airport") {
                put(b[0], kind, c.x + 5, c.y, w) || put(b[0], kind, c.x - 5 - w, c.y, w);
              } else {
                put(b[0], kind, c.x - w / 2, c.y, w);
              }
            }
          }
          var pending = null;
          function later() {
            if (pending) return;
            pending = window.requestAnimationFrame(function() { pending = null; draw(); });
          }
          map.on("moveend zoomend resize layeradd layerremove overlayadd overlayremove", later);
          document.addEventListener("toggle", later, true);  // the legend folding
          map._flLabels = {draw: draw, boxes: function() { return placed; }};
          later();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, max_labels: int = MAX_LABELS) -> None:
        super().__init__()
        self._name = "Labels"
        self.max_labels = max_labels
        self.colours: dict[str, Any] = {
            "data": LABEL_TEXT,
            "base": BASE_LABEL_TEXT,
            "water": WATER_LABEL_TEXT,
        }
