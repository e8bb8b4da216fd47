"""Vague regions: "the outskirts of Sirte", "the southern suburbs of Tripoli",
"the southwestern area of Sirte", "west of Sirte", "the area between Sirte and
Al-Jafra", "the area extending from the east of Misurata to the borders of Sirte",
"southern Libya", "the western region", "the eastern Mediterranean".

Each becomes a shapely geometry (lon/lat) with a representative point. Sizes scale
with what they qualify: a city's outskirts are a ring a few km beyond its radius, a
country's south is the part of its Natural Earth polygon beyond a band across it.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from operator import attrgetter
from typing import Any

import numpy as np

from gazetteer.records import Mention
from gazetteer.relative import COMPASS_RE, compass_bearing, preceded_by_of, sector
from gazetteer.sphere import (
    arc,
    destinations,
    haversine_km,
    initial_bearing,
    initial_bearings,
    valid_lonlat,
)

log = logging.getLogger(__name__)

_BY_SPAN = attrgetter("start", "end")

#: Share of a country's (or sea's) extent, along a direction, left out of "its south".
PART_CUT = 0.45
#: How far "west of a city" reaches, beyond the city's own radius (km).
BEYOND_KM = 40.0
#: The point of "west of a city" lies within this many km beyond the city's radius.
NEAR_HALF_KM = 15.0

_DIR = rf"(?P<dir>{COMPASS_RE})"
_EDGE = (
    r"(?:outskirts?|suburbs?|edges?|periphery|environs|vicinity|surroundings|fringes)"
)
_PART = (
    r"(?:area|areas|part|parts|side|districts?|neighbou?rhoods?|sector|flank|"
    r"approaches|countryside|quarters?)"
)
_OUTSKIRTS = re.compile(rf"\b[Tt]he\s+(?:{_DIR}\s+)?(?P<edge>{_EDGE})\s+of\s+$")
_RURAL = r"(?:countryside|hinterland|rural\s+areas?)"
#: A word each match of :data:`_RURAL` holds (any case).
_RURAL_WORDS = ("countryside", "hinterland", "rural")
#: "the countryside of Jandairis", "the northern countryside of Hama"
_COUNTRYSIDE_OF = re.compile(
    rf"\b(?P<span>(?:{_DIR}(?:ern)?\s+)?{_RURAL}\s+of\s+)$", re.IGNORECASE
)
_APOSTROPHES = "'\u2019"
#: "the Afrin countryside", "Idlib's southern countryside"
_COUNTRYSIDE_AFTER = re.compile(
    rf"(?:['\u2019]s)?\s+(?:{_DIR}(?:ern)?\s+)?{_RURAL}\b", re.IGNORECASE
)
#: How far a town's countryside reaches beyond the town itself (km).
COUNTRYSIDE_KM = 25.0
_PART_OF = re.compile(rf"\b[Tt]he\s+{_DIR}\s+{_PART}\s+of\s+$", re.IGNORECASE)
_DIR_OF = re.compile(rf"\b(?:(?P<the>[Tt]he)\s+)?{_DIR}\s+of\s+$", re.IGNORECASE)
#: "\b[Tt]he" written so that the engine looks for the letter first and only then
#: at the character before it (half the time of "\b[Tt]he" over a whole text).
_THE = r"[Tt](?<!\w[Tt])he"
_BETWEEN = re.compile(
    _THE
    + r"\s+(?:area|region|zone|stretch|territory|corridor|road|desert)\s+between\s+"
)
_FROM_TO = re.compile(
    _THE + r"\s+(?:area|region|zone|stretch|strip|territory|corridor|front)\s+"
    r"(?:(?:extending|stretching|running|lying|reaching)\s+)?from\s+"
    rf"(?:the\s+{_DIR}\s+of\s+)?"
)
#: The words one of which each of the two patterns above holds (a text without
#: any of them is not searched).
_BETWEEN_AREAS = (
    "area", "region", "zone", "stretch", "territory", "corridor", "road", "desert"
)
_FROM_TO_AREAS = (
    "area", "region", "zone", "stretch", "strip", "territory", "corridor", "front"
)
#: Read on the reversed text from right before a "from": what :data:`_FROM_TO`
#: holds before its "from" (an area word, blanks, an optional verb, blanks),
#: backwards.
_AREA_BEFORE_FROM_REVERSED = re.compile(
    r"\s+(?:(?:gnidnetxe|gnihcterts|gninnur|gniyl|gnihcaer)\s+)?"
    r"(?:aera|noiger|enoz|hcterts|pirts|yrotirret|rodirroc|tnorf)"
)


def _area_before_from(text: str) -> bool:
    """Whether some "from" of ``text`` has an area word (and blanks, and maybe a
    verb) right before it, as each match of :data:`_FROM_TO` has: else the text
    is not searched (a match on the reversed text at each "from" instead of a
    search from every "the")."""
    from gazetteer.geoparse import _reversed

    at = text.find("from")
    if at < 0:
        return False
    n = len(text)
    rtext = _reversed(text)
    match = _AREA_BEFORE_FROM_REVERSED.match
    while at >= 0:
        if match(rtext, n - at):
            return True
        at = text.find("from", at + 4)
    return False


_TO = re.compile(
    r"\s+(?:to|until|up\s+to|as\s+far\s+as)\s+(?:the\s+(?:borders?|outskirts|edges?|gates|"
    r"entrances?|limits|boundaries)\s+of\s+)?"
)
_ADJ_BEFORE = re.compile(rf"\b{_DIR}\s+$", re.IGNORECASE)
_COUNTRY_PART = re.compile(
    _THE
    + rf"\s+{_DIR}\s+(?:region|regions|part|parts|provinces|areas)\b(?!\s+of\b)"
)


def find_regions(
    text: str,
    anchors: Sequence[Mention],
    countries: Sequence[str],
    relatives: Sequence[Mention] = (),
    *,
    doc: str = "<text>",
) -> list[Mention]:
    """Regions anchored on located mentions (places and anaphors, text order)."""
    by_start = {
        m.start: m for m in anchors if m.lat is not None and m.lon is not None
    }
    taken = [(r.start, r.end) for r in relatives]
    out: list[Mention] = []

    def add(m: Mention | None) -> None:
        if m is None:
            return
        if any(s <= m.start < e for s, e in taken) and m.end <= max(
            e for _, e in taken
        ):
            return  # already a relative expression ("west of Sirte in the 30 km area")
        if any(o.start <= m.start and m.end <= o.end for o in out):
            return  # inside a region already found
        out.append(m)

    if " between " in text and any(w in text for w in _BETWEEN_AREAS):
        for match in _BETWEEN.finditer(text):
            add(_between(text, match, by_start, anchors, doc))
    if " from " in text and _area_before_from(text):
        for match in _FROM_TO.finditer(text):
            add(_from_to(text, match, by_start, anchors, doc))
    # both countryside patterns hold a rural word: a text without one is not searched
    rural = _says_any(text, _RURAL_WORDS)
    for anchor in anchors:
        if anchor.lat is None or anchor.lon is None:  # (not located)
            continue
        follow = text[anchor.end : anchor.end + 1]
        after = (
            _COUNTRYSIDE_AFTER.match(text, anchor.end)
            # where the pattern can start: a blank or a possessive's apostrophe
            if rural and (follow.isspace() or follow in _APOSTROPHES)
            else None
        )
        if after is not None:  # the span without its article, as a claim's place
            add(_countryside(text, anchor.start, after.end(), anchor, after["dir"], doc))
            continue
        if not preceded_by_of(text, anchor.start):
            continue
        lo = max(0, anchor.start - 60)
        match = _COUNTRYSIDE_OF.search(text, lo, anchor.start) if rural else None
        if match is not None:
            start = match.start("span")
            add(_countryside(text, start, anchor.end, anchor, match["dir"], doc))
            continue
        match = _OUTSKIRTS.search(text, lo, anchor.start)
        if match is not None:
            add(_edge_region(text, match, anchor, doc))
            continue
        match = _PART_OF.search(text, lo, anchor.start)
        if match is not None:
            add(_directional(text, match, anchor, doc, near=True))
            continue
        match = _DIR_OF.search(text, lo, anchor.start)
        if match is not None and not _after_distance(text, match.start()):
            add(_directional(text, match, anchor, doc, near=False))
    for m in anchors:
        if (
            m.kind == "place"
            and m.place is not None
            and m.place.kind in {"country", "sea"}
            and text[max(0, m.start - 8) : m.start].rstrip().lower().endswith("ern")
        ):
            adj = _ADJ_BEFORE.search(text, max(0, m.start - 30), m.start)
            if adj is not None and adj["dir"].lower().endswith("ern"):
                add(_part_of_area(text, adj.start(), m.end, m, adj["dir"], doc))
    if countries and "ern " in text and _compass_before_area(text):
        for match in _COUNTRY_PART.finditer(text):
            add(_country_part(text, match, countries[0], doc))
    out.sort(key=_BY_SPAN)  # (start, end)
    return out


#: The area words of :data:`_COUNTRY_PART` (it is case-sensitive) and, read on
#: the reversed text from right before one, the blanks and the end of a compass
#: word its match must have there ("...ern", a cardinal, a compass letter):
#: a necessary condition, weaker than the pattern.
_COUNTRY_PART_WORDS = ("region", "part", "provinces", "areas")
_COMPASS_BEFORE_REVERSED = re.compile(r"\s+(?:nre|htron|htuos|tsae|tsew|[NSEW])")


def _compass_before_area(text: str) -> bool:
    """Whether an area word of :data:`_COUNTRY_PART` has blanks and the end of a
    compass word right before it somewhere in ``text``, as each of its matches
    has: else the pattern is not searched (a match on the reversed text at each
    area word instead of a search from every "the")."""
    from gazetteer.geoparse import _reversed

    rtext = ""
    n = len(text)
    for word in _COUNTRY_PART_WORDS:
        at = text.find(word)
        while at >= 0:
            if not rtext:
                rtext = _reversed(text)
            if _COMPASS_BEFORE_REVERSED.match(rtext, n - at):
                return True
            at = text.find(word, at + 1)
    return False


_DISTANCE_BEFORE = re.compile(
    r"(?:km|kms|kilomet(?:er|re)s?|miles?|mi|m)\.?\s+(?:to\s+the\s+)?$", re.IGNORECASE
)


def _says_any(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``words`` (lower-case ASCII) in any case, as a
    case-blind pattern reads them: substring tests of the lower-cased text, and
    True for a text with a character such a pattern also matches (long s, dotless
    i, the Kelvin sign: ``str.lower`` does not map them).

    >>> _says_any("The Afrin Countryside", ("countryside",)), _says_any("a", ("b",))
    (True, False)
    """
    from gazetteer.geoparse import _CASE_BLIND_EXTRA, _lowered

    if not text.isascii() and any(c in text for c in _CASE_BLIND_EXTRA):
        return True
    low = _lowered(text)
    return any(w in low for w in words)


def _after_distance(text: str, start: int) -> bool:
    return bool(_DISTANCE_BEFORE.search(text, max(0, start - 20), start))


# ------------------------------------------------------------------ builders


def _radius(anchor: Mention) -> float:
    from gazetteer.geoparse import place_radius_km

    if anchor.place is not None:
        return place_radius_km(anchor.place)
    return 5.0


def _region(
    text: str,
    start: int,
    end: int,
    name: str,
    geometry: Any,
    doc: str,
    *,
    country: str | None,
    near: Any = None,
) -> Mention | None:
    """The region's mention, at a point inside ``near`` (a part of the region
    nearer its anchor) when given and not empty, else inside the region."""
    if geometry is None or geometry.is_empty:
        return None
    inner = near if near is not None and not near.is_empty else geometry
    point = inner.representative_point()
    return Mention(
        doc=doc,
        start=start,
        end=end,
        text=text[start:end],
        kind="region",
        name=name,
        lat=point.y,
        lon=point.x,
        geonameid=None,
        country=country,
        uncertainty_km=_extent_km(geometry),
        geometry=geometry,
    )


def _extent_km(geometry: Any) -> float:
    minx, miny, maxx, maxy = geometry.bounds
    mid = math.radians((miny + maxy) / 2)
    dx = (maxx - minx) * 111.32 * math.cos(mid)
    dy = (maxy - miny) * 110.57
    return math.hypot(dx, dy) / 2


def _edge_region(
    text: str, match: re.Match[str], anchor: Mention, doc: str
) -> Mention | None:
    """The outskirts (a ring just beyond the city's radius), or one side of them."""
    if anchor.place is not None and anchor.place.kind in {"country", "sea", "region"}:
        return None
    r = _radius(anchor)
    geometry = _around(anchor, (r, r + max(5.0, r)), match["dir"])
    if match["dir"]:
        name = f"{match['dir'].lower()} {match['edge'].lower()} of {anchor.name}"
    else:
        name = f"outskirts of {anchor.name}"
    return _region(
        text, match.start(), anchor.end, name, geometry, doc, country=anchor.country
    )


def _countryside(
    text: str, start: int, end: int, anchor: Mention, direction: str | None, doc: str
) -> Mention | None:
    """A town's countryside: the ring of villages beyond it, COUNTRYSIDE_KM wide
    (one side of it with a direction), not the town's own point."""
    if anchor.place is not None and anchor.place.kind in {"country", "sea", "region"}:
        return None
    r = _radius(anchor)
    geometry = _around(anchor, (r, r + COUNTRYSIDE_KM), direction)
    name = f"{direction.lower() + ' ' if direction else ''}countryside of {anchor.name}"
    return _region(text, start, end, name, geometry, doc, country=anchor.country)


def _around(anchor: Mention, band: tuple[float, float], direction: str | None):
    """The ring ``band`` km around the anchor, or its quarter towards ``direction``."""
    assert anchor.lat is not None and anchor.lon is not None
    bearing = compass_bearing(direction) if direction else None
    if bearing is None:
        return _ring(anchor.lat, anchor.lon, band)
    return sector(
        anchor.lat, anchor.lon, km_band=band, bearing_deg=bearing, halfwidth_deg=45
    )


def _ring(lat: float, lon: float, band: tuple[float, float]) -> Any:
    """An annulus: a circle of the outer radius with the inner circle as its hole."""
    from shapely.geometry import Polygon

    bearings = np.linspace(0.0, 360.0, 73)
    return valid_lonlat(
        Polygon(
            arc(lat, lon, band[1], bearings), [arc(lat, lon, band[0], bearings[::-1])]
        )
    )


def _directional(
    text: str, match: re.Match[str], anchor: Mention, doc: str, *, near: bool
) -> Mention | None:
    """ "the southwestern area of Sirte" (near), "west of Sirte" / "the west of the
    city" (a sector reaching beyond), "the south of Libya" (a part of a country)."""
    bearing = compass_bearing(match["dir"])
    if bearing is None or anchor.lat is None or anchor.lon is None:
        return None
    if anchor.place is not None and anchor.place.kind in {"country", "sea"}:
        if not match.group(0).lower().startswith("the"):
            return None  # "west of Libya" lies outside it: not a part of the country
        return _part_of_area(text, match.start(), anchor.end, anchor, match["dir"], doc)
    r = _radius(anchor)
    band = (0.0, 2.0 * r) if near else (0.5 * r, r + BEYOND_KM)
    geometry = sector(
        anchor.lat, anchor.lon, km_band=band, bearing_deg=bearing, halfwidth_deg=45
    )
    geometry = within_country(geometry, anchor.country)
    inner = None
    if not near:  # the point in the nearer half: "west of X" is mostly close to X
        inner = geometry.intersection(
            sector(
                anchor.lat,
                anchor.lon,
                km_band=(band[0], r + NEAR_HALF_KM),
                bearing_deg=bearing,
                halfwidth_deg=45,
            )
        )
    what = " area" if near else ""
    name = f"{match['dir'].lower()}{what} of {anchor.name}"
    return _region(
        text,
        match.start(),
        anchor.end,
        name,
        geometry,
        doc,
        country=anchor.country,
        near=inner,
    )


def _between(
    text: str,
    match: re.Match[str],
    by_start: dict[int, Mention],
    anchors: Sequence[Mention],
    doc: str,
) -> Mention | None:
    """ "the area between A (...) and B": a lens around the line from A to B."""
    a = by_start.get(match.end())
    if a is None:
        return None
    tail = re.compile(r"(?:\s*\([^()\n]{0,80}\))?\s+and\s+").match(text, a.end)
    if tail is None:
        return None
    b = by_start.get(tail.end())
    if b is None:
        return None
    geometry = _corridor((a.lat, a.lon), (b.lat, b.lon), width=0.25)
    return _region(
        text,
        match.start(),
        b.end,
        f"between {a.name} and {b.name}",
        geometry,
        doc,
        country=a.country,
    )


def _from_to(
    text: str,
    match: re.Match[str],
    by_start: dict[int, Mention],
    anchors: Sequence[Mention],
    doc: str,
) -> Mention | None:
    """ "the area extending from (the east of) A to (the borders of) B": a corridor."""
    a = by_start.get(match.end())
    if a is None or a.lat is None or a.lon is None:
        return None
    to = _TO.match(text, a.end)
    if to is None:
        return None
    b = by_start.get(to.end())
    if b is None or b.lat is None or b.lon is None:
        return None
    from gazetteer.records import Offset
    from gazetteer.relative import destination

    start_pt = (a.lat, a.lon)
    bearing = compass_bearing(match["dir"]) if match["dir"] else None
    if bearing is not None:
        start_pt = destination(a.lat, a.lon, Offset(_radius(a) * 2, bearing))
    geometry = _corridor(start_pt, (b.lat, b.lon), width=0.08, min_deg=0.1)
    return _region(
        text,
        match.start(),
        b.end,
        f"from {a.name} to {b.name}",
        geometry,
        doc,
        country=a.country,
    )


def _corridor(
    a: tuple[Any, Any], b: tuple[Any, Any], *, width: float, min_deg: float = 0.15
) -> Any:
    """A band along the great circle from ``a`` to ``b`` (lat, lon), ``width`` times
    its length on each side (at least ``min_deg`` degrees of arc), with round ends.

    Geodesic, so it lies where the sphere puts it: between Suva and Apia across the
    antimeridian (cut there), between Anadyr and Nome over the Bering Strait.
    """
    from shapely.geometry import Polygon

    (lat1, lon1), (lat2, lon2) = (float(a[0]), float(a[1])), (float(b[0]), float(b[1]))
    length = haversine_km(lat1, lon1, lat2, lon2)
    half = max(min_deg * 111.195, width * length)
    out = initial_bearing(lat1, lon1, lat2, lon2) if length > 0 else 0.0
    n = max(2, min(64, int(length / 50.0) + 2))
    spine = destinations(lat1, lon1, np.linspace(0.0, length, n), out)
    heads = initial_bearings(spine[:-1, 1], spine[:-1, 0], lat2, lon2)
    back = (initial_bearing(lat2, lon2, lat1, lon1) + 180.0) % 360.0
    heads = np.append(heads, back).tolist()
    left = destinations(spine[:, 1], spine[:, 0], half, np.subtract(heads, 90.0))
    right = destinations(spine[:, 1], spine[:, 0], half, np.add(heads, 90.0))
    cap_b = arc(lat2, lon2, half, np.linspace(heads[-1] - 90.0, heads[-1] + 90.0, 13))
    cap_a = arc(lat1, lon1, half, np.linspace(heads[0] + 90.0, heads[0] + 270.0, 13))
    ring = np.vstack([left, cap_b, right[::-1], cap_a])
    return valid_lonlat(Polygon(ring))


def within_country(geometry: Any, country: str | None) -> Any:
    """The part of a region around a town that lies in the town's country: "west
    of Rafah" is the Gaza Strip's side of the town, not Sinai (war reports place
    their events on the land of the war). A region with no part inside (a country
    named, a town looking out to sea or abroad only) stays whole, and so does one
    without a country shape.

    >>> from shapely.geometry import box
    >>> [round(v, 1) for v in within_country(box(34.0, 31.2, 34.3, 31.4), "PS").bounds]
    [34.2, 31.2, 34.3, 31.4]
    """
    if not country:
        return geometry
    from shapely import clip_by_rect

    from gazetteer.shapes import country_shape

    shape = country_shape(country)
    if shape is None:
        return geometry
    inside = clip_by_rect(shape, *geometry.bounds).intersection(geometry)
    if inside.is_empty or inside.area <= 0.0 or inside.area > 0.999 * geometry.area:
        return geometry
    return inside


def _part_of_area(
    text: str, start: int, end: int, anchor: Mention, direction: str, doc: str
) -> Mention | None:
    """ "southern Libya", "the eastern Mediterranean": the part of a country's or a
    sea's shape beyond a band across it, in that direction."""
    assert anchor.place is not None
    bearing = compass_bearing(direction)
    if bearing is None:
        return None
    part = _area_part(
        anchor.place.kind, anchor.place.country, anchor.place.name, bearing
    )
    if part is None:
        return None
    name = f"{direction.lower()} {anchor.name}"
    return _region(
        text, start, end, name, part, doc, country=anchor.place.country or None
    )


def _country_part(
    text: str, match: re.Match[str], iso2: str, doc: str
) -> Mention | None:
    """ "the western region" of the country in focus."""
    bearing = compass_bearing(match["dir"])
    if bearing is None:
        return None
    part = _area_part("country", iso2, iso2, bearing)
    if part is None:
        return None
    name = f"{match['dir'].lower()} {iso2}"
    return _region(text, match.start(), match.end(), name, part, doc, country=iso2)


@cache
def _area_part(kind: str, country: str, name: str, bearing: float) -> Any:
    """The directional part of a country or sea, cached (shapely geometries are
    immutable, and "southern Libya" recurs across a batch)."""
    shape = area_shape(kind, country, name)
    return None if shape is None else directional_part(shape, bearing)


def directional_part(shape: Any, bearing: float, *, cut: float = PART_CUT) -> Any:
    """The part of ``shape`` lying beyond ``cut`` of its extent in a direction.

    >>> from shapely.geometry import box
    >>> [round(v, 3) for v in directional_part(box(0, 0, 10, 10), 180).bounds]
    [0.0, 0.0, 10.0, 5.5]
    """
    from shapely.geometry import Polygon

    minx, miny, maxx, maxy = shape.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    kx = math.cos(math.radians(cy))
    ux, uy = math.sin(math.radians(bearing)) * kx, math.cos(math.radians(bearing))
    corners = [(minx, miny), (minx, maxy), (maxx, miny), (maxx, maxy)]
    proj = [(x - cx) * ux + (y - cy) * uy for x, y in corners]
    lo, hi = min(proj), max(proj)
    t = lo + cut * (hi - lo)
    # A half-plane (as a big polygon) beyond the line proj == t.
    norm = ux * ux + uy * uy
    px, py = cx + ux * t / norm, cy + uy * t / norm
    big = 4 * max(maxx - minx, maxy - miny, 1.0)
    vx, vy = -uy, ux
    half = Polygon(
        [
            (px + vx * big, py + vy * big),
            (px - vx * big, py - vy * big),
            (px - vx * big + ux * big, py - vy * big + uy * big),
            (px + vx * big + ux * big, py + vy * big + uy * big),
        ]
    )
    return shape.intersection(half)


@cache
def _seas() -> dict[str, dict[str, Any]]:
    raw = (resources.files("gazetteer") / "data" / "seas.json").read_text(
        encoding="utf-8"
    )
    from gazetteer.normalize import name_key

    out: dict[str, dict[str, Any]] = {}
    for sea in json.loads(raw)["seas"]:
        for alias in [sea["name"], *sea.get("aliases", [])]:
            out[name_key(alias)] = sea
    return out


@cache
def sea_shape(name: str) -> Any:
    """A sea's rough shape: its bounding polygon (seas.json) less land (Natural Earth)."""
    from shapely.geometry import shape

    from gazetteer.normalize import name_key

    sea = _seas().get(name_key(name))
    if sea is None:
        return None
    from gazetteer.shapes import land

    return shape(sea["geometry"]).difference(land())


def area_shape(kind: str, country: str, name: str) -> Any:
    if kind == "sea":
        return sea_shape(name)
    from gazetteer.shapes import country_shape

    return country_shape(country) if country else None
