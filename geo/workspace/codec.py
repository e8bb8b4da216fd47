"""Records to JSON and back, for the analysis cache (no pickle: a cache holds data).

Values are plain JSON where JSON has them; the rest is tagged: ``{"$r": "Mention",
...fields}`` for a record (only the record classes named in :data:`RECORDS`, so a
cache row can build nothing else; fields at their default are left out), ``{"$t":
[...]}`` a tuple, ``{"$d": "2020-06-16"}`` a date, ``{"$g": "<hex WKB>"}`` a shapely
geometry and ``{"$m": {...}}`` a dict. Decoding is one ``json.loads`` whose object
hook builds each tagged value as the parser meets it (fast: no second walk).

>>> from gazetteer.records import Mention
>>> m = Mention("a.txt", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6)
>>> loads(dumps(m)) == m
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import cache
from typing import Any

from gazetteer.records import Candidate, Mention, Offset, Place
from geo.records import Claim, Document

#: The format's version (part of the cache key: a new format re-analyses).
VERSION = 3
#: The only classes a cached analysis may hold.
RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Place, Candidate, Offset, Mention, Claim, Document)
}
_MISSING = dataclasses.MISSING


class CodecError(ValueError):
    """A cached value is not in the format this code writes."""


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of each init field; the default is MISSING when required."""
    out = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        default = f.default
        if default is _MISSING and f.default_factory is not _MISSING:
            default = f.default_factory()
        out.append((f.name, default))
    return tuple(out)


@cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(name for name, _ in _fields(cls))


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data (see the module docstring for the tags)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dict):
        return {"$m": {str(k): encode(v) for k, v in value.items()}}
    cls = type(value)
    if RECORDS.get(cls.__name__) is cls:
        out: dict[str, Any] = {"$r": cls.__name__}
        for name, default in _fields(cls):
            v = getattr(value, name)
            if default is _MISSING or not _same(v, default):
                out[name] = encode(v)
        return out
    if hasattr(value, "__geo_interface__") and hasattr(value, "wkb_hex"):
        return {"$g": value.wkb_hex}
    raise TypeError(f"cannot encode a {cls.__name__} in the analysis cache")


def _same(value: Any, default: Any) -> bool:
    return type(value) is type(default) and value == default


def _hook(d: dict[str, Any]) -> Any:
    tag = d.get("$r")
    if tag is not None:
        cls = RECORDS.get(tag)
        if cls is None:
            raise CodecError(f"unknown record {tag!r}")
        del d["$r"]
        try:
            return cls(**d)
        except TypeError:  # a field the record no longer has
            names = _names(cls)
            return cls(**{k: v for k, v in d.items() if k in names})
    if len(d) != 1:
        return d
    ((key, inner),) = d.items()
    if key == "$t":
        return tuple(inner)
    if key == "$d":
        return dt.date.fromisoformat(inner)
    if key == "$dt":
        return dt.datetime.fromisoformat(inner)
    if key == "$m":
        return inner
    if key == "$g":
        import shapely

        return shapely.from_wkb(bytes.fromhex(inner))
    return d


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """The value :func:`dumps` wrote; :class:`CodecError` for anything else."""
    try:
        return json.loads(text, object_hook=_hook)
    except (json.JSONDecodeError, TypeError, ValueError) as err:
        if isinstance(err, CodecError):
            raise
        raise CodecError(f"unreadable cached value ({err})") from err
