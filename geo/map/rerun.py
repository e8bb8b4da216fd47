"""What a rerun of the app sends to st_folium, made once per map and data set.

st_folium turns the base map and every data layer group into JavaScript on every
run: each group's GeoJSON (megabytes with a thousand articles) goes through
Jinja, three regular expressions and ``textwrap.dedent`` again, although nothing
changed. The text of a map or group depends only on the object (st_folium names
the map ``map_div`` and the groups by their position), so the app keeps the base
map and the groups it draws (``st.cache_resource``) and :func:`install` memoises
st_folium's two string builders on those objects: a rerun reuses their text.
:func:`detach` takes the groups back off the kept base map after a run, so the
base stays as it was built (its bounds and render do not grow with the data).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

#: Maps and groups whose text is kept (the app keeps a few of each).
KEEP = 24

_lock = threading.RLock()
_installed = False


class _Memo:
    """Text of an object by its identity (the object is held, so its id is not
    reused while the text is kept), the last :data:`KEEP` of them."""

    def __init__(
        self, build: Callable[..., str], on_hit: Callable[..., Any] | None = None
    ) -> None:
        self.build = build
        self.on_hit = on_hit
        self.kept: OrderedDict[tuple[int, ...], tuple[Any, str]] = OrderedDict()
        self.hits = 0

    def __call__(self, obj: Any, *args: Any, **kwargs: Any) -> str:
        key = (id(obj), *(v for v in (*args, *kwargs.values()) if isinstance(v, int)))
        with _lock:
            hit = self.kept.get(key)
            if hit is not None and hit[0] is obj:
                self.kept.move_to_end(key)
                self.hits += 1
                if self.on_hit is not None:
                    self.on_hit(obj, *args, **kwargs)
                return hit[1]
            text = self.build(obj, *args, **kwargs)
            self.kept[key] = (obj, text)
            while len(self.kept) > KEEP:
                self.kept.popitem(last=False)
            return text


def install() -> None:
    """Memoise st_folium's map and group strings (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        import streamlit_folium as sf

        sf._get_map_string = _Memo(sf._get_map_string)
        sf._get_feature_group_string = _Memo(sf._get_feature_group_string, _attach)
        _installed = True


def _attach(group: Any, map: Any, idx: int = 0) -> None:
    """What st_folium does to a group besides its text: on the map, under the name
    it gives it (so the layer switcher lists it)."""
    group._id = f"feature_group_{idx}"
    group.add_to(map)


def keep(base: Any) -> Any:
    """A base map to keep across reruns, its text made once: named as st_folium
    names it (``map_div``, its elements by position), and rendered again under
    those names, so the first run sends what every later run sends (a change
    would make the browser reload the map)."""
    import streamlit_folium as sf

    install()
    with _lock:
        base._id = "div"
        base.get_root().render()
        sf._get_map_string(base)  # renames the elements (and is kept)
        base.get_root().render()
    return base


def detach(base: Any, groups: Iterable[Any]) -> None:
    """Take the data groups st_folium added to a kept base map off it again."""
    with _lock:
        for group in groups:
            for name, child in list(base._children.items()):
                if child is group:
                    del base._children[name]
