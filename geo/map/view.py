"""The app's view state: filters, the selection, clicks, the date, as plain values.

Nothing here draws; app.py keeps these records in its session and the map and the
tables follow them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.map.names import MENTION, frames_of
from geo.map.popups import sources_of
from geo.map.styles import _present


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
        sources = sources_of(row)
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


def feature_row(layers: Any, feature_id: str) -> tuple[str, dict[str, Any]] | None:
    """(layer key, row) of the feature with this id, or None."""
    for key, frame in frames_of(layers).items():
        if frame is None or len(frame) == 0 or "id" not in frame:
            continue
        hit = frame[frame["id"].astype(str) == feature_id]
        if len(hit):
            return key, hit.iloc[0].to_dict()
    return None


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


def claim_dates(analysis: Any) -> list[dt.date]:
    """The distinct dates of the claims (and documents), oldest first: the stops
    of the time axis.

    >>> from types import SimpleNamespace as NS
    >>> a = NS(claims=[NS(date=dt.date(2020, 1, 2)), NS(date=None)], documents=[])
    >>> claim_dates(a)
    [datetime.date(2020, 1, 2)]
    """
    dates = {c.date for c in getattr(analysis, "claims", []) or [] if c.date}
    dates |= {d.date for d in getattr(analysis, "documents", []) or [] if d.date}
    return sorted(dates)
