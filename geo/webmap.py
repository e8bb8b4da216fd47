"""The folium map: moved to the :mod:`geo.map` package (split by reason to change).

This module keeps the old import path working (``from geo.webmap import save_html``);
new code imports from :mod:`geo.map`.
"""

from __future__ import annotations

from geo.map import *
from geo.map import __all__  # noqa: F401
