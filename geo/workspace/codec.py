"""Records to JSON and back, for the analysis cache (no pickle: a cache holds data).

Values are plain JSON where JSON has them; the rest is tagged: ``{"$r": "Mention",
"f": {...}}`` for a record (only the record classes named in :data:`RECORDS`, so a
cache row can build nothing else), ``{"$t": [...]}`` a tuple, ``{"$d": "2020-06-16"}``
a date, ``{"$g": "<hex WKB>"}`` a shapely geometry and ``{"$m": {...}}`` a dict. A
field a record no longer has is dropped; a field it gained takes its default.

>>> from gazetteer.records import Mention
>>> m = Mention("a.txt", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6)
>>> decode(encode(m)) == m
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from gazetteer.records import Candidate, Mention, Offset, Place
from geo.records import Claim, Document

#: The only classes a cached analysis may hold.
RECORDS: dict[str, type] = {
    cls.__name__: cls for cls in (Place, Candidate, Offset, Mention, Claim, Document)
}


class CodecError(ValueError):
    """A cached value is not in the format this code writes."""


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
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and RECORDS.get(name) is type(value):
        return {
            "$r": name,
            "f": {
                f.name: encode(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
            },
        }
    if hasattr(value, "__geo_interface__") and hasattr(value, "wkb_hex"):
        return {"$g": value.wkb_hex}
    raise TypeError(f"cannot encode a {name} in the analysis cache")


def decode(data: Any) -> Any:
    """The value :func:`encode` turned into ``data``."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise CodecError(f"unexpected value {str(data)[:60]!r}")
    if "$r" in data:
        cls = RECORDS.get(data["$r"])
        if cls is None:
            raise CodecError(f"unknown record {data['$r']!r}")
        known = {f.name for f in dataclasses.fields(cls) if f.init}
        fields = {k: decode(v) for k, v in data["f"].items() if k in known}
        return cls(**fields)
    ((tag, inner),) = data.items()
    if tag == "$t":
        return tuple(decode(v) for v in inner)
    if tag == "$d":
        return dt.date.fromisoformat(inner)
    if tag == "$dt":
        return dt.datetime.fromisoformat(inner)
    if tag == "$m":
        return {k: decode(v) for k, v in inner.items()}
    if tag == "$g":
        import shapely

        return shapely.from_wkb(bytes.fromhex(inner))
    raise CodecError(f"unknown tag {tag!r}")


def dumps(value: Any) -> str:
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    try:
        return decode(json.loads(text))
    except (json.JSONDecodeError, TypeError, KeyError) as err:
        raise CodecError(f"unreadable cached value ({err})") from err
