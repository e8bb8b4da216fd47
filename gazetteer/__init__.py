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
    from collections.abc import Iterable, Sequence


def parse(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer: Gazetteer | None = None,
    not_places: Iterable[str] = (),
    theatre: Sequence[str] | None = None,
) -> list[Mention]:
    """Every place, relative expression, region and anaphor in ``text``, located;
    ``theatre``: ISO alpha-2 codes of the war's countries.

    See :func:`gazetteer.geoparse.parse`.
    """
    from gazetteer.geoparse import parse as _parse

    return _parse(
        text, doc=doc, gazetteer=gazetteer, not_places=not_places, theatre=theatre
    )


def infer_theatre(
    texts_or_mentions: Iterable[str | Mention], *, gazetteer: Gazetteer | None = None
) -> tuple[str, ...]:
    """The countries that dominate a document set's unambiguous mentions.

    See :func:`gazetteer.geoparse.infer_theatre`.
    """
    from gazetteer.geoparse import infer_theatre as _infer

    return _infer(texts_or_mentions, gazetteer=gazetteer)


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
    "infer_theatre",
    "load",
    "open_index",
    "parse",
]


def __getattr__(name: str) -> Any:  # pragma: no cover - helpful error for typos
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
