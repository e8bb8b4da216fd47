"""Putting the map together: the base (basemap, legend, labels, sources panel,
first view) apart from the data layers, and the standalone HTML of both.

The app (app.py) draws :func:`base_map` once per data set and passes the data
layers from :func:`geo.map.features.feature_groups` to st_folium, so a click or a
filter does not reload the map; :func:`build_map` puts both together for the
standalone HTML, which carries the same basemap and opens with no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
from folium.template import Template

from geo.map.assets import use_local_assets
from geo.map.basemap import basemap_element
from geo.map.elements import OnceElement
from geo.map.evidence import Evidence
from geo.map.features import bounds_of, countries_of, feature_groups
from geo.map.labels import Labels
from geo.map.legend import Legend, legend_sections
from geo.map.overlays import add_overlays
from geo.map.panel import SourcesPanel

DEFAULT_BOUNDS = [[19.5, 9.3], [33.2, 25.2]]  # Libya: a sensible empty view
#: The first view never zooms in further than this (one town alone).
FIT_MAX_ZOOM = 10


class FitData(OnceElement):
    """The first view: the data's box, padded so the legend and the layer switcher
    (measured once they are drawn) cover none of it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          var bounds = {{ this.bounds|tojson }};
          function fit() {
            var box = map.getContainer().getBoundingClientRect();
            var pad = {left: 12, top: 12, right: 12, bottom: 12};
            map.getContainer().querySelectorAll(".leaflet-control").forEach(function(el) {
              var r = el.getBoundingClientRect();
              if (!r.width || !r.height || el.classList.contains("fl-live")) return;
              var right = r.left - box.left > box.width / 2;
              var bottom = r.top - box.top > box.height / 2;
              if (r.width > r.height) {
                // a bar (scale, attribution): pad the edge it sits on by its height
                if (bottom) pad.bottom = Math.max(pad.bottom, box.bottom - r.top + 4);
                else pad.top = Math.max(pad.top, r.bottom - box.top + 4);
              } else if (right) {
                // a box (legend, layer switcher, zoom): pad its side by its width
                pad.right = Math.max(pad.right, box.right - r.left + 8);
              } else {
                pad.left = Math.max(pad.left, r.right - box.left + 8);
              }
            });
            map.fitBounds(bounds, {paddingTopLeft: [pad.left, pad.top],
              paddingBottomRight: [pad.right, pad.bottom],
              maxZoom: {{ this.max_zoom|tojson }}, animate: false});
          }
          map._flFit = fit;
          map.whenReady(function() { window.setTimeout(fit, 0); });
          fit();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Sequence[Sequence[float]], *, max_zoom: int) -> None:
        super().__init__()
        self._name = "FitData"
        self.bounds = [list(map(float, corner)) for corner in bounds]
        self.max_zoom = max_zoom


def base_map(
    layers: Any,
    *,
    registry: Any = None,
    offline: bool = True,
    height: str | int = "100%",
    overlays: Sequence[tuple[str, Any]] = (),
) -> folium.Map:
    """The map without the data layers: basemap, optional tiles, the user's
    overlays, legend, labels, the sources panel and the first view.

    Built only from what does not change when filters or the selection change, so
    st_folium keeps the same map (and its zoom) across reruns.
    """
    bounds = bounds_of(layers) or DEFAULT_BOUNDS
    m = folium.Map(
        location=[
            (bounds[0][0] + bounds[1][0]) / 2,
            (bounds[0][1] + bounds[1][1]) / 2,
        ],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=height,
        max_bounds=False,
        zoom_snap=0.25,
    )
    use_local_assets(m)
    if offline:
        basemap_element(bounds, countries=countries_of(layers)).add_to(m)
    else:
        folium.TileLayer(
            "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, control=True
        ).add_to(m)
    add_overlays(m, overlays)
    Legend(legend_sections(layers, registry)).add_to(m)
    SourcesPanel().add_to(m)
    Labels().add_to(m)
    FitData(bounds, max_zoom=FIT_MAX_ZOOM).add_to(m)
    return m


def layer_control() -> folium.LayerControl:
    """The layer switcher: folded to an icon (it opens on hover or tap)."""
    return folium.LayerControl(collapsed=True)


def build_map(
    layers: Any,
    *,
    registry: Any = None,
    offline: bool = True,
    selected: str | None = None,
    analysis: Any = None,
    overlays: Sequence[tuple[str, Any]] = (),
) -> folium.Map:
    """The whole map: base, the five layers and a layer switcher.

    With ``analysis`` every feature carries its sources and a click shows them
    in the panel (the standalone HTML works the same as the app).

    >>> m = build_map({})
    >>> "cdn" in m.get_root().render()
    False
    """
    m = base_map(layers, registry=registry, offline=offline, overlays=overlays)
    evidence = Evidence(analysis, registry=registry) if analysis is not None else None
    for group in feature_groups(
        layers, registry=registry, selected=selected, evidence=evidence
    ):
        group.add_to(m)
    layer_control().add_to(m)
    return m


def map_html(
    layers: Any,
    *,
    registry: Any = None,
    offline: bool = True,
    analysis: Any = None,
    overlays: Sequence[tuple[str, Any]] = (),
) -> str:
    """The standalone HTML of :func:`build_map` as a string (for downloads)."""
    m = build_map(
        layers,
        registry=registry,
        offline=offline,
        analysis=analysis,
        overlays=overlays,
    )
    return m.get_root().render()


def save_html(
    layers: Any,
    path: str | Path,
    *,
    registry: Any = None,
    offline: bool = True,
    analysis: Any = None,
) -> Path:
    """Write a standalone HTML map (every asset inlined: opens with no network)."""
    out = Path(path)
    out.write_text(
        map_html(layers, registry=registry, offline=offline, analysis=analysis),
        encoding="utf-8",
    )
    return out
