"""Leaflet, inlined: the vendored 1.9.3 files as ``data:`` URLs (no request at all)."""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

import folium

STATIC = Path(__file__).resolve().parents[1] / "static"
LEAFLET_DIR = STATIC / "leaflet-1.9.3"


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
