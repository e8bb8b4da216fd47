"""Plain, immutable records that flow through the pipeline.

Coordinates are (lat, lon) everywhere inside the project; only GeoJSON output swaps
them, in :func:`gazetteer.records.lonlat`. Offsets are code-point indices into the
document text, end-exclusive: ``text[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

MENTION_KINDS = ("place", "relative", "region", "anaphor", "demonym")


def check_latlon(lat: float, lon: float) -> None:
    """Reject coordinates that cannot be on Earth (NaN, |lat| > 90, |lon| > 180)."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"non-finite coordinate ({lat}, {lon})")
    if abs(lat) > 90 or abs(lon) > 180:
        raise ValueError(f"coordinate out of range ({lat}, {lon})")


def lonlat(lat: float, lon: float) -> tuple[float, float]:
    """The single place where (lat, lon) becomes GeoJSON's (lon, lat).

    >>> lonlat(31.2, 16.6)
    (16.6, 31.2)
    """
    return (lon, lat)


def fast_init(cls: type) -> type:
    """Give a frozen, slotted dataclass an ``__init__`` that stores each field
    through its slot directly (what the generated one does through
    ``object.__setattr__``, at about three times the cost), with the same
    parameters, defaults and ``__post_init__``. Records made by the thousand per
    document (mentions, hits) are built that much faster; nothing else changes.

    >>> import dataclasses
    >>> @fast_init
    ... @dataclasses.dataclass(frozen=True, slots=True)
    ... class P:
    ...     a: int
    ...     b: str = "x"
    >>> P(1), P(2, b="y"), dataclasses.replace(P(1), b="z")
    (P(a=1, b='x'), P(a=2, b='y'), P(a=1, b='z'))
    >>> P.trusted(3) == P(3)  # the same record, without __post_init__'s checks
    True
    """
    import dataclasses

    fields = [f for f in dataclasses.fields(cls) if f.init]
    if any(f.default_factory is not dataclasses.MISSING for f in fields) or any(
        not f.init for f in dataclasses.fields(cls)
    ):
        raise TypeError(f"{cls.__name__}: only plain defaults are supported")
    namespace: dict[str, Any] = {}
    params, body = [], []
    for f in fields:
        namespace[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    # the same stores without the checks, for records rebuilt from the fields of
    # records already checked (a worker's mentions, unpickled as tuples)
    source = (
        f"def _trusted({', '.join(params)}):\n    self = _new(_cls)\n"
        + "\n".join(body)
        + "\n    return self\n"
    )
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source += f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body)
    namespace["_new"], namespace["_cls"] = object.__new__, cls
    exec(source, namespace)  # noqa: S102 - generated from the field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    trusted = namespace["_trusted"]
    trusted.__qualname__ = f"{cls.__qualname__}.trusted"
    trusted.__doc__ = (
        f"A {cls.__name__} from fields already checked: ``__init__`` without "
        "``__post_init__``."
    )
    cls.trusted = staticmethod(trusted)  # type: ignore[attr-defined]
    return cls


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``kind`` is one of:

    - ``country``, ``continent``, ``sea``, ``region`` (a vague or physical region);
    - ``admin1``: a first-level division (oblast, governorate, state);
    - ``district``: a second-level division (GeoNames ADM2, the curated Libyan
      districts); ``county``: one of the war-zone extract (raion, district, county);
    - ``capital``, ``admin_seat`` (seat of a division), ``city`` (any other
      GeoNames cities500 place), ``section`` (part of a city), ``historical``;
    - ``town`` / ``village``: a Who's On First locality not in cities500, with at
      least / under 10,000 people (most villages have no population figure);
    - ``neighbourhood``: a quarter of a city (Who's On First);
    - ``airport``, ``airbase`` (military), ``terminal`` (an oil port).

    Villages, neighbourhoods and counties are resolved only inside the theatre of
    a document (see :func:`gazetteer.parse`).
    """

    name: str
    lat: float
    lon: float
    geonameid: int | None
    country: str
    population: int = 0
    kind: str = "city"
    admin1: str = ""

    def __post_init__(self) -> None:
        check_latlon(self.lat, self.lon)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "country": self.country,
            "population": self.population,
            "kind": self.kind,
            "admin1": self.admin1,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a name, with the score that ranked it."""

    place: Place
    score: float
    matched: str  # "exact" (normalised name) or "loose" (transliteration skeleton)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.place.to_json(),
            "score": round(self.score, 3),
            "matched": self.matched,
        }


@dataclass(frozen=True, slots=True)
class Offset:
    """A stated or measured displacement: distance in km and bearing in degrees."""

    distance_km: float
    bearing_deg: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.distance_km) and self.distance_km >= 0):
            raise ValueError(f"bad distance {self.distance_km}")
        if not math.isfinite(self.bearing_deg):
            raise ValueError(f"bad bearing {self.bearing_deg}")

    def to_json(self) -> dict[str, float]:
        return {
            "distance_km": round(self.distance_km, 1),
            "bearing_deg": round(self.bearing_deg, 1),
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Mention:
    """A located mention in a document: a place, a relative expression, a vague
    region or an anaphor.

    ``geometry`` (a shapely geometry, lon/lat axis order as shapely/GeoJSON use) is the
    region's shape for kind "region" and the uncertainty area (an annular sector) for
    kind "relative"; None otherwise. ``place`` is the gazetteer entry when the
    mention resolves to one (places, anaphors, and a relative's anchor target).
    """

    doc: str
    start: int
    end: int
    text: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    country: str | None = None
    uncertainty_km: float | None = None
    in_name: bool = False
    place: Place | None = None
    # kind "relative"
    anchor: str | None = None
    distance_km: float | None = None
    bearing_deg: float | None = None
    describes: str | None = None
    stated_vs_geodesic: dict[str, Any] | None = None
    # kind "region" (shape) and "relative" (uncertainty area)
    geometry: Any = field(default=None, compare=False, repr=False)
    # kind "anaphor"
    refers_to: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in MENTION_KINDS:
            raise ValueError(f"unknown mention kind {self.kind!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad offsets {self.start}:{self.end}")
        if self.lat is not None and self.lon is not None:
            check_latlon(self.lat, self.lon)

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def id(self) -> str:
        """A stable id from the document and the offsets: the same mention of the
        same text gets the same id in every run (corrections are keyed by it).

        >>> Mention("a.txt", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6).id[:2]
        'm-'
        """
        return stable_id("m", self.doc, self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``python -m gazetteer parse``."""
        out: dict[str, Any] = {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "name": self.name,
            "lat": _round(self.lat),
            "lon": _round(self.lon),
            "geonameid": self.geonameid,
            "country": self.country,
            "uncertainty_km": None
            if self.uncertainty_km is None
            else round(self.uncertainty_km, 1),
            "in_name": self.in_name,
        }
        if self.kind == "relative":
            out.update(
                anchor=self.anchor,
                distance_km=self.distance_km,
                bearing_deg=self.bearing_deg,
                describes=self.describes,
                stated_vs_geodesic=self.stated_vs_geodesic,
            )
        elif self.kind == "region":
            out["geometry"] = _geojson(self.geometry)
        elif self.kind == "anaphor":
            out["refers_to"] = list(self.refers_to)
        return out


def stable_id(prefix: str, *parts: object) -> str:
    """A short, stable id: ``prefix`` and a digest of ``parts``.

    >>> stable_id("m", "a.txt", 0, 5) == stable_id("m", "a.txt", 0, 5)
    True
    """
    key = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return f"{prefix}-{hashlib.blake2b(key, digest_size=8).hexdigest()}"


def _round(value: float | None, digits: int = 5) -> float | None:
    return None if value is None else round(value, digits)


def _geojson(geometry: Any) -> dict[str, Any] | None:
    if geometry is None:
        return None
    from shapely import set_precision
    from shapely.geometry import mapping

    return mapping(set_precision(geometry, 1e-5))


def _place_mention_builder() -> Any:
    """The body of :func:`place_mention`, generated from :class:`Mention`'s fields
    (every field not given below takes its default), as :func:`fast_init` does."""
    import dataclasses

    given = {
        "doc": "doc",
        "start": "start",
        "end": "end",
        "text": "text",
        "kind": "'place'",
        "name": "place.name",
        "lat": "lat",
        "lon": "lon",
        "geonameid": "place.geonameid",
        "country": "place.country or None",
        "uncertainty_km": "radius",
        "in_name": "in_name",
        "place": "place",
    }
    assert "place" in MENTION_KINDS  # (the kind check of __post_init__)
    namespace: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": Mention,
        "_check_latlon": check_latlon,
    }
    # Mention.__post_init__'s checks first, inline (the kind is a valid constant)
    body = [
        "    if start < 0 or end < start:",
        '        raise ValueError(f"bad offsets {start}:{end}")',
        "    lat = place.lat",
        "    lon = place.lon",
        "    if lat is not None and lon is not None:",
        "        _check_latlon(lat, lon)",
        "    m = _new(_cls)",
    ]
    for f in dataclasses.fields(Mention):
        namespace[f"_set_{f.name}"] = getattr(Mention, f.name).__set__
        if f.name in given:
            value = given[f.name]
        else:
            if f.default is dataclasses.MISSING:
                raise TypeError(f"Mention.{f.name}: no default for a place mention")
            namespace[f"_default_{f.name}"] = f.default
            value = f"_default_{f.name}"
        body.append(f"    _set_{f.name}(m, {value})")
    body.append("    return m")
    source = (
        "def place_mention(doc, start, end, text, place, radius, in_name):\n"
        + "\n".join(body)
    )
    exec(source, namespace)  # noqa: S102 - generated from the field names only
    return namespace["place_mention"]


#: ``place_mention(doc, start, end, text, place, radius, in_name)``: the Mention of
#: kind "place" at ``place`` (its name, point, geonameid, country or None) with
#: the uncertainty ``radius``; the same record and checks as ``Mention(...)``
#: with those fields, at about half the cost (no keyword arguments to match,
#: the fields stored through their slots).
place_mention = _place_mention_builder()
