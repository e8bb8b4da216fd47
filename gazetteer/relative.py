"""Relative expressions: "450 km east of Tripoli", "30km W of Derna",
"approximately 80 km southeast of the capital", "west of Sirte in the thirty kilo area".

Parsing is separate from locating: :func:`find_relatives` finds the wording and the
anchor (a mention already resolved), :func:`destination` and :func:`sector` turn a
stated offset into a point and its uncertainty area (an annular sector whose bands
follow the wording: wider for "approximately", "about", "nearly").
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from gazetteer.numbers import MEASURE_RE, parse_number
from gazetteer.records import Mention, Offset
from gazetteer.sphere import EARTH_KM, arc, valid_lonlat

log = logging.getLogger(__name__)

#: Stated distances beyond this are not on Earth (half the circumference is ~20,000 km).
MAX_KM = 20_000.0
_HALF_EARTH_KM = math.pi * EARTH_KM

# ---------------------------------------------------------------------------- numbers

# Numbers in digits or words: gazetteer.numbers (shared with casualties and dates).
# The whole token is read ("1e308", "-50", "nan"), so that it is refused, not misread.


# ---------------------------------------------------------------------------- compass

_POINTS = (
    "n",
    "nne",
    "ne",
    "ene",
    "e",
    "ese",
    "se",
    "sse",
    "s",
    "ssw",
    "sw",
    "wsw",
    "w",
    "wnw",
    "nw",
    "nnw",
)
_LETTER_WORD = {"n": "north", "e": "east", "s": "south", "w": "west"}


def compass_bearing(word: str) -> float | None:
    """Bearing in degrees of a compass word or abbreviation (16 points, adjectives).

    >>> compass_bearing("south-east"), compass_bearing("Southwestern")
    (135.0, 225.0)
    >>> compass_bearing("WNW"), compass_bearing("north-northeast"), compass_bearing("up")
    (292.5, 22.5, None)
    """
    w = word.lower().replace("-", "").replace(" ", "").replace("\u2013", "")
    w = w.removesuffix("ern")
    if w in _POINTS:
        return _POINTS.index(w) * 22.5
    letters = ""
    rest = w
    while rest:
        for letter, name in _LETTER_WORD.items():
            if rest.startswith(name):
                letters += letter
                rest = rest[len(name) :]
                break
        else:
            return None
    return _POINTS.index(letters) * 22.5 if letters in _POINTS else None


_CARDINAL = r"(?:north|south|east|west)"
#: A compass word: "north", "north-east", "northeastern", "north-northeast" ...
COMPASS_RE = (
    rf"(?:{_CARDINAL}(?:[\s-]?{_CARDINAL}){{0,2}}(?:ern)?)"
    r"|(?-i:(?:N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)\b)"
)

# ---------------------------------------------------------------------------- wording

_HEDGES = {
    # word: (factor below, factor above) of the stated distance
    "approximately": (0.75, 1.25),
    "approx.": (0.75, 1.25),
    "about": (0.75, 1.25),
    "around": (0.75, 1.25),
    "roughly": (0.75, 1.25),
    "some": (0.75, 1.25),
    "circa": (0.75, 1.25),
    "an estimated": (0.75, 1.25),
    "nearly": (0.75, 1.02),
    "almost": (0.75, 1.02),
    "just under": (0.8, 1.0),
    "less than": (0.5, 1.0),
    "under": (0.5, 1.0),
    "up to": (0.3, 1.0),
    "within": (0.0, 1.0),
    "more than": (1.0, 1.4),
    "over": (1.0, 1.4),
    "at least": (1.0, 1.5),
    "just over": (1.0, 1.15),
    "only": (0.85, 1.15),
}
#: Band of an unhedged figure: news rounds, and often quotes road distance.
PLAIN_BAND = (0.85, 1.15)
_HEDGE_RE = "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))
_UNIT_KM = {
    "km": 1.0,
    "kms": 1.0,
    "kilometre": 1.0,
    "kilometres": 1.0,
    "kilometer": 1.0,
    "kilometers": 1.0,
    "kilo": 1.0,
    "kilos": 1.0,
    "k": 1.0,
    "mi": 1.609344,
    "mile": 1.609344,
    "miles": 1.609344,
    "m": 0.001,
    "metre": 0.001,
    "metres": 0.001,
    "meter": 0.001,
    "meters": 0.001,
    "nm": 1.852,
    "nautical miles": 1.852,
    "nautical mile": 1.852,
}
_UNIT_RE = (
    r"nautical\s+miles?|kilomet(?:er|re)s?|kilos?|kms?|miles?|mi|nm"
    r"|met(?:er|re)s?|m(?![a-z])"
)
_NUM_RE = MEASURE_RE

# "[about] 450 km [to the] east of " right before an anchor (searched in a short
# window that ends where the anchor starts, so the cost is per anchor, not per text).
_OFFSET_RE = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_RE})\s+)?(?P<num>{_NUM_RE})\s*-?\s*(?P<unit>{_UNIT_RE})\.?"
    rf"\s+(?:\(\s*\d[\d.,]*\s*(?:{_UNIT_RE})\s*\)\s+)?(?:to\s+the\s+)?"
    rf"(?P<dir>{COMPASS_RE})\s+of\s+$",
    re.IGNORECASE,
)
# "west of Sirte in the thirty kilo area": direction first, distance after the anchor.
_DIR_OF_RE = re.compile(rf"\b(?P<dir>{COMPASS_RE})\s+of\s+$", re.IGNORECASE)
_TRAILING_RE = re.compile(
    rf"\s*,?\s+(?:in|at|near|around)\s+(?:the\s+)?(?:(?P<hedge>{_HEDGE_RE})\s+)?"
    rf"(?P<num>{_NUM_RE})\s*-?\s*(?P<unit>{_UNIT_RE})\.?"
    r"(?:\s+(?:area|mark|point|zone|region|line|district))?\b",
    re.IGNORECASE,
)
_OF_BEFORE = re.compile(r"\bof\s+$", re.IGNORECASE)
#: How far back from an anchor an expression may start.
WINDOW = 90


def preceded_by_of(text: str, start: int) -> bool:
    """Cheap test: does "of " come right before ``start``?"""
    i = start
    while i > 0 and text[i - 1] in " \t\n\u00a0":
        i -= 1
    # text[i - 2 : i].lower() == "of": only "o"/"O" and "f"/"F" lower-case so
    # (the last letter first: most words before a name do not end in it)
    return (
        i >= 2
        and text[i - 1] in "fF"
        and text[i - 2] in "oO"
        and (i < 3 or not text[i - 3].isalnum())
    )


_COMPASS_ENDS = ("north", "south", "east", "west", "ern")
_COMPASS_LETTERS = frozenset(
    "N S E W NE NW SE SW NNE ENE ESE SSE SSW WSW WNW NNW".split()
)


def compass_before_of(text: str, lo: int, start: int) -> bool:
    """Cheap test, true whenever "<compass word> of " ends at ``start`` within
    text[lo:start] (what :data:`_OFFSET_RE` and :data:`_DIR_OF_RE` end with):
    the word before "of" ends as a compass word does, or is a compass letter
    group. Windows beyond ASCII are left to the patterns (True)."""
    window = text[lo:start]
    if not window.isascii():
        return True  # the patterns' case-blind letters include a few non-ASCII
    head = window.rstrip()
    if head[-2:].lower() != "of":
        return False
    head = head[:-2]
    word = head.rstrip()
    if len(word) == len(head):
        return False  # no space between the word and "of"
    return word[-5:].lower().endswith(_COMPASS_ENDS) or any(
        word.endswith(letters) for letters in _COMPASS_LETTERS
    )


@dataclass(frozen=True, slots=True)
class Stated:
    """What the words say: a distance band and bearing band around a stated offset."""

    offset: Offset
    km_band: tuple[float, float]
    bearing_halfwidth: float


def stated(
    number: str, unit: str, direction: str, hedge: str | None, *, where: str = ""
) -> Stated | None:
    """Turn the words into a checked offset with its bands; None when absurd (a
    warning names ``where`` it was, so the user learns what was left out).

    >>> s = stated("450", "km", "east", None)
    >>> s.offset.distance_km, s.offset.bearing_deg, s.km_band
    (450.0, 90.0, (382.5, 517.5))
    >>> stated("30000", "km", "west", None) is None
    True
    >>> stated("1e308", "km", "west", None), stated("-50", "km", "east", None)
    (None, None)
    """
    bearing = compass_bearing(direction)
    factor = _UNIT_KM.get(" ".join(unit.lower().rstrip(".").split()))
    if bearing is None or factor is None:
        return None
    value = parse_number(number)
    prefix = f"{where}: " if where else ""
    if value is None:
        log.warning("%signored the distance %r: not a number", prefix, number)
        return None
    km = value * factor
    if not (0 < km <= MAX_KM):
        shown = f"{km:,.0f}" if abs(km) < 1e9 else f"{km:.3g}"
        log.warning(
            "%signored a distance of %s km: not a distance on Earth (0 to %s km)",
            prefix,
            shown,
            f"{MAX_KM:,.0f}",
        )
        return None
    low, high = _HEDGES.get(hedge.lower(), PLAIN_BAND) if hedge else PLAIN_BAND
    # 16-point bearings (NNE) are finer than 8-point ones; hedges widen both.
    fine = len(_bearing_letters(bearing)) == 3
    halfwidth = (11.25 if fine else 22.5) + (10.0 if hedge else 0.0)
    band = (max(km * low, 0.0), max(km * high, km * low + 1.0))
    return Stated(Offset(km, bearing), band, halfwidth)


def _bearing_letters(bearing: float) -> str:
    return _POINTS[round(bearing / 22.5) % 16]


# ---------------------------------------------------------------------------- geometry


def destination(lat: float, lon: float, offset: Offset) -> tuple[float, float]:
    """The geodesic (WGS84) destination of an offset from a point (geographiclib,
    as geopy's ``geodesic().destination`` computes it, without importing geopy:
    its geocoders and requests cost a first parse a quarter of a second).

    >>> lat, lon = destination(31.20892, 16.58866, Offset(30, 270))
    >>> round(lat, 2), round(lon, 2)
    (31.21, 16.27)
    """
    from geographiclib.geodesic import Geodesic

    point = _wgs84_km().Direct(
        lat,
        lon,
        offset.bearing_deg,
        offset.distance_km,
        Geodesic.LATITUDE | Geodesic.LONGITUDE,
    )
    return point["lat2"], _wrap(point["lon2"])


@cache
def _wgs84_km():
    """The WGS84 ellipsoid in kilometres (geopy's ELLIPSOIDS["WGS-84"])."""
    from geographiclib.geodesic import Geodesic

    return Geodesic(6378.137, 1 / 298.257223563)


def measure(a: tuple[float, float], b: tuple[float, float]) -> Offset:
    """The geodesic distance (km) and initial bearing from ``a`` to ``b``.

    >>> o = measure((32.88743, 13.18733), (31.20892, 16.58866))
    >>> round(o.distance_km), round(o.bearing_deg)
    (371, 119)
    """
    from geographiclib.geodesic import Geodesic

    g = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])
    return Offset(g["s12"] / 1000.0, g["azi1"] % 360.0)


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0 if not -180.0 <= lon <= 180.0 else lon


def sector(
    lat: float,
    lon: float,
    *,
    km_band: tuple[float, float],
    bearing_deg: float,
    halfwidth_deg: float,
    steps: int = 12,
):
    """The annular sector (shapely Polygon, lon/lat) between two distances and two
    bearings around a centre: the area a stated offset allows.

    The outline is valid lon/lat whatever the distance: cut at the antimeridian
    (a MultiPolygon), closed through a pole it passes, never beyond the antipode.

    >>> poly = sector(31.2, 16.6, km_band=(20, 40), bearing_deg=270, halfwidth_deg=22.5)
    >>> poly.is_valid, round(poly.centroid.x, 1) < 16.6
    (True, True)
    >>> sector(-18.14, 178.44, km_band=(425, 575), bearing_deg=0, halfwidth_deg=22.5).geom_type
    'MultiPolygon'
    """
    from shapely.geometry import Polygon

    top = _HALF_EARTH_KM - 1.0
    inner, outer = min(km_band[0], top - 1.0), min(km_band[1], top)
    steps = max(steps, int(outer * math.radians(halfwidth_deg) / 100.0))
    bearings = np.linspace(
        bearing_deg - halfwidth_deg, bearing_deg + halfwidth_deg, steps + 1
    )
    outer_ring = arc(lat, lon, outer, bearings)
    if inner > 0:
        inner_ring = arc(lat, lon, inner, bearings[::-1])
    else:
        inner_ring = np.array([[lon, lat]])
    return valid_lonlat(Polygon(np.vstack([outer_ring, inner_ring])))


def uncertainty_km(s: Stated) -> float:
    """A radius (km) that covers the sector around the destination point."""
    radial = (s.km_band[1] - s.km_band[0]) / 2.0
    lateral = s.offset.distance_km * math.tan(math.radians(s.bearing_halfwidth))
    return math.hypot(radial, lateral)


# ---------------------------------------------------------------------------- finding


def find_relatives(
    text: str,
    anchors: Sequence[Mention],
    *,
    doc: str = "<text>",
) -> list[Mention]:
    """Relative expressions whose anchor is one of ``anchors`` (located place or
    anaphor mentions, in text order).

    The expression runs from the hedge or number to the end of the anchor (or, for
    "west of X in the 30 km area", to the end of the distance).
    """
    out: list[Mention] = []
    for anchor in anchors:
        # (``anchor.located``, read without the property's call)
        if (
            anchor.lat is None
            or anchor.lon is None
            or not preceded_by_of(text, anchor.start)
        ):
            continue
        lo = max(0, anchor.start - WINDOW)
        if not compass_before_of(text, lo, anchor.start):
            continue  # neither pattern can match: not searched
        match = _OFFSET_RE.search(text, lo, anchor.start)
        if match is not None:
            where = f"{doc}: {text[match.start() : anchor.end]!r}"
            s = stated(
                match["num"], match["unit"], match["dir"], match["hedge"], where=where
            )
            if s is not None:
                described = _described(text, match.start(), anchors)
                out.append(
                    _relative(
                        text, doc, match.start(), anchor.end, anchor, s, described
                    )
                )
            continue
        match = _DIR_OF_RE.search(text, max(0, anchor.start - 40), anchor.start)
        if match is None:
            continue
        tail = _TRAILING_RE.match(text, anchor.end)
        if tail is None:
            continue
        where = f"{doc}: {text[match.start() : tail.end()]!r}"
        s = stated(tail["num"], tail["unit"], match["dir"], tail["hedge"], where=where)
        if s is not None:
            out.append(_relative(text, doc, match.start(), tail.end(), anchor, s, None))
    return out


_DESCRIBED_RE = re.compile(r"(?:\s*\(\s*|\s*,\s*|\s+[-\u2013\u2014]\s*)$")


def _described(text: str, start: int, anchors: Sequence[Mention]) -> Mention | None:
    """The named place an expression describes: "Sirte (450 km ...)", "Tarhuna, 80 km ..."."""
    window = text[max(0, start - 4) : start]
    cut = _DESCRIBED_RE.search(window)
    if cut is None:
        return None
    edge = start - (len(window) - cut.start())
    for m in anchors:
        if m.end == edge and m.kind == "place" and m.located:
            return m
    return None


def _relative(
    text: str,
    doc: str,
    start: int,
    end: int,
    anchor: Mention,
    s: Stated,
    described: Mention | None,
) -> Mention:
    assert anchor.lat is not None and anchor.lon is not None
    point = destination(anchor.lat, anchor.lon, s.offset)
    area = sector(
        anchor.lat,
        anchor.lon,
        km_band=s.km_band,
        bearing_deg=s.offset.bearing_deg,
        halfwidth_deg=s.bearing_halfwidth,
    )
    anchor_name = anchor.name
    if (
        described is not None
        and described.lat is not None
        and described.lon is not None
    ):
        measured = measure((anchor.lat, anchor.lon), (described.lat, described.lon))
        return Mention(
            doc=doc,
            start=start,
            end=end,
            text=text[start:end],
            kind="relative",
            name=described.name,
            lat=described.lat,
            lon=described.lon,
            geonameid=described.geonameid,
            country=described.country,
            uncertainty_km=described.uncertainty_km,
            place=described.place,
            anchor=anchor_name,
            distance_km=s.offset.distance_km,
            bearing_deg=s.offset.bearing_deg,
            describes=described.name,
            stated_vs_geodesic=measured.to_json(),
            geometry=area,
        )
    lat, lon = point
    return Mention(
        doc=doc,
        start=start,
        end=end,
        text=text[start:end],
        kind="relative",
        name=f"{s.offset.distance_km:g} km {_bearing_letters(s.offset.bearing_deg)} of "
        f"{anchor_name}",
        lat=lat,
        lon=lon,
        geonameid=None,
        country=anchor.country,
        uncertainty_km=uncertainty_km(s),
        anchor=anchor_name,
        distance_km=s.offset.distance_km,
        bearing_deg=s.offset.bearing_deg,
        describes=None,
        stated_vs_geodesic=None,
        geometry=area,
    )
