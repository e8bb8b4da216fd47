"""One exception hierarchy for the gazetteer, catchable the Python way too.

``except LookupError`` catches an unknown place; ``except ValueError`` catches bad
input; ``except GazetteerError`` catches everything this package raises.
"""

from __future__ import annotations


class GazetteerError(Exception):
    """Base class of every error raised by :mod:`gazetteer`."""


class PlaceNotFound(GazetteerError, LookupError):
    """No place in the index matches the name."""

    def __init__(self, name: str, *, hint: str = "") -> None:
        self.name = name
        message = f"place not found: {name!r}"
        super().__init__(f"{message} ({hint})" if hint else message)


class IndexUnavailable(GazetteerError):
    """The on-disk index is missing or unreadable."""


class IndexMissing(IndexUnavailable, FileNotFoundError):
    """The index file does not exist."""


class IndexCorrupt(IndexUnavailable, ValueError):
    """The index exists but cannot be read (truncated, wrong format, old version)."""


class DataSourceError(GazetteerError, ValueError):
    """A GeoNames dump or supplement file is not in the expected format."""


class DocumentError(GazetteerError, ValueError):
    """An input text cannot be read: missing, binary, not UTF-8, empty or too large."""


REBUILD_HINT = "rebuild it with: python -m gazetteer build"
