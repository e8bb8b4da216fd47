"""Offline gazetteer and geoparser for news about armed conflicts.

>>> import gazetteer
>>> gazetteer.load().lookup("Sirte").place.country
'LY'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gazetteer.errors import (
    DataSourceError,
    DocumentError,
    GazetteerError,
    IndexCorrupt,
    IndexMissing,
    IndexUnavailable,
    PlaceNotFound,
)
from gazetteer.gazetteer import Gazetteer, load, open_index
from gazetteer.records import Candidate, Mention, Offset, Place

if TYPE_CHECKING:
    from collections.abc import Iterable


def parse(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer: Gazetteer | None = None,
    not_places: Iterable[str] = (),
) -> list[Mention]:
    """Every place, relative expression, region and anaphor in ``text``, located.

    See :func:`gazetteer.geoparse.parse`.
    """
    from gazetteer.geoparse import parse as _parse

    return _parse(text, doc=doc, gazetteer=gazetteer, not_places=not_places)


__all__ = [
    "Candidate",
    "DataSourceError",
    "DocumentError",
    "Gazetteer",
    "GazetteerError",
    "IndexCorrupt",
    "IndexMissing",
    "IndexUnavailable",
    "Mention",
    "Offset",
    "Place",
    "PlaceNotFound",
    "load",
    "open_index",
    "parse",
]


def __getattr__(name: str) -> Any:  # pragma: no cover - helpful error for typos
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
