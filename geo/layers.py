"""Map layers from claims: places, movements, strikes, areas and the front line.

Each layer is a GeoDataFrame in EPSG:4326 with a stable string ``id``, its
``layer`` name, the faction and its colour, a status, and the ``sources`` (document,
sentence and offsets) of every claim behind the feature.

Control comes from :mod:`geo.control`: every mentioned place and every settlement of
the theatre near evidence gets a side, a status (ISW's "held" for assessed control,
"claimed" for a side's word, implied control or indirect evidence, "contested" when
both sides' recent reports put them inside) and its evidence; areas of control per
side and the front between them follow (:func:`geo.control.areas.control_areas`).
As of a date, only claims up to that date count; a later report supersedes older
ones; undated claims count as older than any dated one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gazetteer.normalize import name_key
from gazetteer.records import Mention
from gazetteer.sphere import destination, haversine_km, initial_bearing
from geo.control.areas import Anchor, Area, Stretch, control_areas
from geo.control.estimate import (
    ControlEstimate,
    PlaceControl,
    estimate,
    theatre_of,
    unique_claims,
)
from geo.control.places import doc_index, referents
from geo.control.rules import HELD_CONFIDENCE, MAX_SOURCES
from geo.frontline import Site, place_radius_km, territories
from geo.records import Claim

log = logging.getLogger(__name__)

LAYERS = ("place", "settlement", "movement", "strike", "area", "front_line")
#: Columns of each layer, in order (geometry last).
COLUMNS: dict[str, tuple[str, ...]] = {
    "place": (
        "id",
        "layer",
        "name",
        "faction",
        "status",
        "kind",
        "geonameid",
        "country",
        "colour",
        "claimed_by",
        "confidence",
        "basis",
        "date",
        "n_mentions",
        "sources",
    ),
    "settlement": (
        "id",
        "layer",
        "name",
        "faction",
        "status",
        "kind",
        "geonameid",
        "country",
        "colour",
        "claimed_by",
        "confidence",
        "basis",
        "date",
        "sources",
    ),
    "movement": (
        "id",
        "layer",
        "kind",
        "faction",
        "status",
        "colour",
        "place",
        "origin",
        "origin_inferred",
        "date",
        "sources",
    ),
    "strike": (
        "id",
        "layer",
        "faction",
        "status",
        "target",
        "casualties",
        "place",
        "colour",
        "date",
        "sources",
    ),
    "area": (
        "id",
        "layer",
        "kind",
        "name",
        "faction",
        "status",
        "colour",
        "date",
        "sources",
    ),
    "front_line": (
        "id",
        "layer",
        "factions",
        "faction",
        "status",
        "uncertain",
        "colour",
        "sites",
        "sources",
    ),
}
#: Columns that hold lists (JSON strings in a GeoPackage).
LIST_COLUMNS = ("sources", "claimed_by", "sites")

NEUTRAL = "#808080"
CONTESTED = "#b58900"
FRONT = "#222222"
CONTROL_TYPES = ("control", "allegiance")
#: Places drawn only when a claim is about them (a country's point is no location).
BACKGROUND_KINDS = ("country", "sea", "region")
#: A movement's inferred origin is the faction's nearest site within this range.
MAX_ORIGIN_KM = 500.0
MIN_ORIGIN_KM = 10.0
#: Length of the stub drawn toward a destination whose origin is unknown.
STUB_KM = 15.0


@dataclass(frozen=True, slots=True)
class Layers:
    """The layers as GeoDataFrames (EPSG:4326). ``settlements`` holds the theatre's
    towns and villages that no article names but the evidence around them colours."""

    places: Any
    movements: Any
    strikes: Any
    areas: Any
    front_line: Any
    as_of: dt.date | None = None
    settlements: Any = None

    def frames(self) -> dict[str, Any]:
        """Layer name -> GeoDataFrame, in drawing order (areas under points)."""
        settlements = self.settlements
        return {
            "area": self.areas,
            "front_line": self.front_line,
            "movement": self.movements,
            "strike": self.strikes,
            "settlement": empty_frame("settlement")
            if settlements is None
            else settlements,
            "place": self.places,
        }

    @property
    def n_features(self) -> int:
        return sum(len(f) for f in self.frames().values())

    @classmethod
    def from_frames(
        cls, frames: dict[str, Any], *, as_of: dt.date | None = None
    ) -> Layers:
        return cls(
            places=frames.get("place", empty_frame("place")),
            movements=frames.get("movement", empty_frame("movement")),
            strikes=frames.get("strike", empty_frame("strike")),
            areas=frames.get("area", empty_frame("area")),
            front_line=frames.get("front_line", empty_frame("front_line")),
            as_of=as_of,
            settlements=frames.get("settlement", empty_frame("settlement")),
        )


@dataclass(slots=True)
class _PlaceAcc:
    """What is known of one place while the layer is built."""

    name: str
    lat: float
    lon: float
    kind: str
    geonameid: int | None
    country: str | None
    population: int
    n_mentions: int = 0
    claims: list[Claim] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def build_layers(
    analysis: Any,
    *,
    as_of: dt.date | None = None,
    registry: Any = None,
    clip: bool = True,
    settlements: Iterable[Any] | None = None,
) -> Layers:
    """The layers of an analysis, as of a date when given.

    ``clip`` clips areas and the front line to the land of the countries involved.
    ``settlements`` are the towns and villages control is estimated over besides the
    mentioned places (gazetteer Place records); None takes the default gazetteer's
    settlements of the countries the evidence lies in, () none.
    """
    registry = registry if registry is not None else _default_registry()
    claims = [c for c in analysis.claims if _in_time(c, as_of)]
    mentions = analysis.mentions
    control = control_of(
        analysis, as_of=as_of, registry=registry, settlements=settlements
    )
    places = _collect_places(mentions, claims)
    texts = _Texts(analysis)
    place_rows, place_sites = _place_rows(places, control, registry, texts)
    settlement_rows, settlement_sites = _settlement_rows(places, control, registry)
    positions = _positions(claims, place_sites, registry)
    area_rows, area_sites = _area_rows(mentions, claims, registry)
    sites = place_sites + settlement_sites + [s for s, _ in positions]
    position_rows = [row for _, row in positions]
    movement_rows = _movement_rows(claims, sites + area_sites, registry)
    strike_rows = _strike_rows(claims, registry)
    areas, stretches = control_areas(
        [_as_party(s, registry) for s in sites],
        contested=_contested_sites(control),
        anchors=_anchors(control),
        land=_land(sites) if clip else None,
        opposed=lambda a, b: opposed(registry, a, b),
    )
    area_rows = _on_own_side(area_rows, sites + area_sites, registry)
    area_rows += [_control_area_row(a, registry) for a in areas]
    return Layers(
        places=make_frame("place", place_rows + position_rows),
        movements=make_frame("movement", movement_rows),
        strikes=make_frame("strike", strike_rows),
        areas=make_frame("area", area_rows),
        front_line=make_frame("front_line", [_front_row(s) for s in stretches]),
        as_of=as_of,
        settlements=make_frame("settlement", settlement_rows),
    )


def control_of(
    analysis: Any,
    *,
    as_of: dt.date | None = None,
    registry: Any = None,
    settlements: Iterable[Any] | None = None,
) -> ControlEstimate:
    """Control of the mentioned places and the theatre's settlements (see
    :func:`geo.control.estimate.estimate`)."""
    if settlements is None:
        settlements = _theatre_settlements(analysis, as_of=as_of, registry=registry)
    return estimate(
        analysis.mentions,
        analysis.claims,
        settlements=settlements,
        registry=registry,
        as_of=as_of,
    )


def _theatre_settlements(
    analysis: Any, *, as_of: dt.date | None, registry: Any
) -> list[Any]:
    """The default gazetteer's settlements of the countries the claims lie in."""
    claims = [c for c in analysis.claims if _in_time(c, as_of)]
    if not claims:
        return []
    countries = getattr(registry, "theatre", None) or theatre_of(claims)
    if not countries:
        return []
    import gazetteer

    return gazetteer.load().settlements(countries)


# --- frames -----------------------------------------------------------------------


def make_frame(layer: str, rows: list[dict[str, Any]]) -> Any:
    """A GeoDataFrame of one layer with its columns in order (empty if no rows)."""
    import geopandas as gpd

    if not rows:
        return empty_frame(layer)
    import pandas as pd

    rows = sorted(rows, key=lambda r: r["id"])
    data = {
        c: pd.Series([r.get(c) for r in rows], dtype=_dtype(c)) for c in COLUMNS[layer]
    }
    geometry = gpd.GeoSeries([r["geometry"] for r in rows], crs="EPSG:4326")
    return gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def empty_frame(layer: str) -> Any:
    import geopandas as gpd
    import pandas as pd

    data = {c: pd.Series([], dtype=_dtype(c)) for c in COLUMNS[layer]}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs="EPSG:4326"))


def _dtype(column: str) -> Any:
    """bool, int and float columns typed; everything else object (None stays None)."""
    return {
        "uncertain": bool,
        "origin_inferred": bool,
        "n_mentions": "int64",
        "confidence": "float64",
    }.get(column, object)


def stable_id(layer: str, *parts: Any) -> str:
    """An id that depends only on what the feature is, not on run order.

    >>> stable_id("place", "gn", 2210554)
    'place-7a29271a8a1f'
    """
    digest = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]
    return f"{layer}-{digest}"


def colour_of(registry: Any, faction: str | None) -> str:
    """The faction's colour, grey for none or an unknown faction."""
    if not faction or registry is None:
        return NEUTRAL
    try:
        found = registry.get(faction)
    except (KeyError, LookupError):
        return NEUTRAL
    return getattr(found, "colour", None) or NEUTRAL


def source_of(claim: Claim) -> dict[str, Any]:
    """The evidence of a claim as a plain dict (the ``sources`` entries)."""
    place = claim.place
    return {
        "claim_id": claim.id,
        "doc": claim.doc,
        "sentence": claim.sentence,
        "start": claim.start,
        "end": claim.end,
        "mention_start": None if place is None else place.start,
        "mention_end": None if place is None else place.end,
        "claim_type": claim.type,
        "faction": claim.faction,
        "date": None if claim.date is None else claim.date.isoformat(),
        # provenance: "corrected by analyst: ..." when the analyst changed the claim
        "corrected": claim.corrected,
    }


# --- time ---------------------------------------------------------------------------


def _in_time(claim: Claim, as_of: dt.date | None) -> bool:
    return as_of is None or claim.date is None or claim.date <= as_of


def _when(claim: Claim) -> dt.date:
    return claim.date or dt.date.min


def _asserted(claim: Claim) -> bool:
    return (
        claim.type == "control"
        and not claim.implied
        and claim.confidence >= HELD_CONFIDENCE
    )


def resolve_control(claims: list[Claim]) -> tuple[str | None, str, list[str]]:
    """(faction, status, factions of the latest claims) for one place.

    The latest claims win; if they name different factions the place is contested.
    """
    control = [c for c in claims if c.type in CONTROL_TYPES and c.faction]
    if not control:
        return None, "none", []
    latest = max(_when(c) for c in control)
    newest = [c for c in control if _when(c) == latest]
    factions = list(dict.fromkeys(c.faction for c in newest if c.faction))
    support = defaultdict(float)
    for c in newest:
        support[c.faction] += c.confidence + (1.0 if _asserted(c) else 0.0)
    leader = max(factions, key=lambda f: (support[f], -factions.index(f)))
    if len(factions) > 1:
        return leader, "contested", factions
    held = any(_asserted(c) for c in newest)
    return leader, "held" if held else "claimed", factions


# --- places -------------------------------------------------------------------------


def _collect_places(
    mentions: dict[str, list[Mention]], claims: list[Claim]
) -> dict[tuple[str, Any], _PlaceAcc]:
    places: dict[tuple[str, Any], _PlaceAcc] = {}
    indexes = {doc: doc_index(ms) for doc, ms in mentions.items()}
    for doc, ms in mentions.items():
        for m in ms:
            for key, ref in referents(m, indexes[doc]):
                acc = _acc(places, key, ref)
                acc.n_mentions += 1
                if len(acc.mentions) < MAX_SOURCES:
                    acc.mentions.append(m)
    for c in claims:
        if c.place is None:
            continue
        for key, ref in referents(c.place, indexes.get(c.doc, {})):
            _acc(places, key, ref).claims.append(c)
    return places


def _acc(places: dict[tuple[str, Any], _PlaceAcc], key: Any, m: Mention) -> _PlaceAcc:
    if key not in places:
        p = m.place
        name = (
            p.name
            if p is not None and m.kind != "relative"
            else (m.describes or m.name)
        )
        places[key] = _PlaceAcc(
            name=name,
            lat=float(m.lat),
            lon=float(m.lon),
            kind=p.kind if p is not None else "city",
            geonameid=m.geonameid
            if m.geonameid is not None
            else getattr(p, "geonameid", None),
            country=m.country or getattr(p, "country", None),
            population=getattr(p, "population", 0) or 0,
        )
    return places[key]


def _place_rows(
    places: dict[tuple[str, Any], _PlaceAcc],
    control: ControlEstimate,
    registry: Any,
    texts: _Texts,
) -> tuple[list[dict[str, Any]], list[Site]]:
    """One row per mentioned place, its control from the estimate, its evidence (or,
    for a place no evidence touches, the sentences that mention it)."""
    from shapely.geometry import Point

    rows, sites = [], []
    for key, acc in places.items():
        if acc.kind in BACKGROUND_KINDS and not acc.claims:
            continue  # "Turkey said..." puts no point on the map of the war
        pc = control.places.get(key)
        faction, status = (
            (None, "none") if pc is None else (pc.actor or pc.faction, pc.status)
        )
        if acc.kind in BACKGROUND_KINDS and (pc is None or pc.basis != "reported"):
            faction, status = None, "none"  # a country is not coloured by its towns
        own = sorted(acc.claims, key=_claim_order)
        evidence = () if pc is None or faction is None else pc.evidence
        claims = unique_claims([*own, *evidence])
        sources = [source_of(c) for c in claims]
        if not sources:
            sources = texts.mention_sources(acc.mentions)
        dated = [c.date for c in claims if c.date is not None]
        rows.append(
            {
                "id": stable_id("place", *key),
                "layer": "place",
                "name": acc.name,
                "faction": faction,
                "status": status,
                "kind": acc.kind,
                "geonameid": acc.geonameid,
                "country": acc.country,
                "colour": CONTESTED
                if status == "contested"
                else colour_of(registry, faction),
                "claimed_by": [] if pc is None else list(pc.claimed_by),
                "confidence": 0.0 if pc is None or faction is None else pc.confidence,
                "basis": "none" if pc is None or faction is None else pc.basis,
                "date": max(dated).isoformat() if dated else None,
                "n_mentions": acc.n_mentions,
                "sources": sources,
                "geometry": Point(acc.lon, acc.lat),
            }
        )
        if faction and status in ("held", "claimed") and pc is not None:
            sites.append(_site(pc, acc.name, acc.lat, acc.lon, acc.population))
    return rows, sites


def _site(pc: PlaceControl, name: str, lat: float, lon: float, pop: int) -> Site:
    return Site(
        name=name,
        lat=lat,
        lon=lon,
        faction=pc.faction or "",
        certain=pc.status == "held",
        radius_km=place_radius_km(pop),
        country=pc.place.country,
        sources=tuple(source_of(c) for c in pc.evidence),
    )


def _settlement_rows(
    places: dict[tuple[str, Any], _PlaceAcc], control: ControlEstimate, registry: Any
) -> tuple[list[dict[str, Any]], list[Site]]:
    """The settlements no article names, coloured by the evidence around them."""
    from shapely.geometry import Point

    rows, sites = [], []
    for key, pc in control.places.items():
        if key in places or pc.faction is None:
            continue
        p = pc.place
        date = pc.date
        rows.append(
            {
                "id": stable_id("place", *key),
                "layer": "settlement",
                "name": p.name,
                "faction": pc.faction,
                "status": pc.status,
                "kind": p.kind,
                "geonameid": p.geonameid,
                "country": p.country,
                "colour": CONTESTED
                if pc.status == "contested"
                else colour_of(registry, pc.faction),
                "claimed_by": list(pc.claimed_by),
                "confidence": pc.confidence,
                "basis": pc.basis,
                "date": None if date is None else date.isoformat(),
                "sources": [source_of(c) for c in pc.evidence],
                "geometry": Point(p.lon, p.lat),
            }
        )
        if pc.status in ("held", "claimed"):
            sites.append(_site(pc, p.name, p.lat, p.lon, p.population))
    return rows, sites


class _Texts:
    """Sentences of the analysed documents, split on first use (for the sources of
    places that no claim is about)."""

    def __init__(self, analysis: Any) -> None:
        self._docs = {d.id: d for d in getattr(analysis, "documents", ())}
        self._split: dict[str, tuple[list[int], list[Any]]] = {}

    def mention_sources(self, mentions: list[Mention]) -> list[dict[str, Any]]:
        out = []
        seen: set[tuple[str, int]] = set()
        for m in mentions:
            sent = self._sentence(m.doc, m.start)
            if sent is None or (m.doc, sent.start) in seen:
                continue
            seen.add((m.doc, sent.start))
            doc = self._docs[m.doc]
            out.append(
                {
                    "claim_id": None,
                    "doc": m.doc,
                    "sentence": sent.text,
                    "start": sent.start,
                    "end": sent.end,
                    "mention_start": m.start,
                    "mention_end": m.end,
                    "claim_type": None,
                    "faction": None,
                    "date": None if doc.date is None else doc.date.isoformat(),
                }
            )
            if len(out) >= MAX_SOURCES:
                break
        return out

    def _sentence(self, doc: str, offset: int) -> Any:
        import bisect

        if doc not in self._docs or not self._docs[doc].text:
            return None
        if doc not in self._split:
            from geo.sentences import split_sentences

            sents = split_sentences(self._docs[doc].text)
            self._split[doc] = ([x.start for x in sents], sents)
        starts, sents = self._split[doc]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or not (sents[i].start <= offset < sents[i].end):
            return None
        return sents[i]


def _claim_order(c: Claim) -> tuple[Any, ...]:
    return (_when(c), c.doc, c.start)


# --- positions ----------------------------------------------------------------------


def _positions(
    claims: list[Claim], held: list[Site], registry: Any
) -> list[tuple[Site, dict[str, Any]]]:
    """One site and one place-layer row per faction and position mentioned."""
    from shapely.geometry import Point

    grouped: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if (
            c.type != "position"
            or not c.faction
            or c.place is None
            or not c.place.located
        ):
            continue
        grouped[(c.faction, _label_key(c.place))].append(c)
    fixed = [s for s in held] + [
        Site(cs[0].place.text, cs[0].place.lat, cs[0].place.lon, f, position=True)
        for (f, _), cs in grouped.items()
        if cs[0].place.geometry is None or cs[0].place.kind != "region"
    ]
    out = []
    for (faction, label), cs in sorted(grouped.items()):
        m = cs[0].place
        lat, lon = _position_point(m, faction, fixed)
        asserted = any(not c.implied and c.confidence >= HELD_CONFIDENCE for c in cs)
        sources = [source_of(c) for c in sorted(cs, key=_claim_order)]
        dated = [c.date for c in cs if c.date is not None]
        site = Site(
            name=_label(m),
            lat=lat,
            lon=lon,
            faction=faction,
            certain=asserted,
            position=True,
            country=m.country,
            sources=tuple(sources),
        )
        row = {
            "id": stable_id("place", "position", faction, label),
            "layer": "place",
            "name": _label(m),
            "faction": faction,
            "status": "held" if asserted else "claimed",
            "kind": "position",
            "geonameid": None,
            "country": m.country,
            "colour": colour_of(registry, faction),
            "claimed_by": [faction],
            "confidence": round(max(c.confidence for c in cs), 3),
            "basis": "reported",
            "date": max(dated).isoformat() if dated else None,
            "n_mentions": len(cs),
            "sources": sources,
            "geometry": Point(lon, lat),
        }
        out.append((site, row))
    return out


def _label(m: Mention) -> str:
    text = " ".join(m.text.split())
    return text[4:] if text.lower().startswith("the ") else text


def _label_key(m: Mention) -> str:
    return name_key(_label(m))


def _position_point(m: Mention, faction: str, fixed: list[Site]) -> tuple[float, float]:
    """Where a position is drawn: its point, or for a region around an enemy-held place
    ("the outskirts of Sirte"), the region's point nearest the faction's own sites (the
    side its forces came from), outside the enemy place's radius."""
    from shapely.geometry import Point

    lat, lon = float(m.lat), float(m.lon)
    geom = m.geometry
    if m.kind != "region" or geom is None or geom.is_empty:
        return lat, lon
    hull = geom.convex_hull  # an annulus ("outskirts") surrounds its place
    enemies = [
        s
        for s in fixed
        if not s.position
        and s.faction != faction
        and hull.contains(Point(s.lon, s.lat))
    ]
    own = [s for s in fixed if s.faction == faction]
    if not enemies or not own:
        return lat, lon
    enemy = enemies[0]
    anchor = min(own, key=lambda s: haversine_km(s.lat, s.lon, lat, lon))
    keep_out = Point(enemy.lon, enemy.lat).buffer(
        (enemy.radius_km + 1.0) / (111.32 * max(math.cos(math.radians(enemy.lat)), 0.1))
    )
    allowed = geom.difference(keep_out)
    if allowed.is_empty:
        return lat, lon
    from shapely.ops import nearest_points

    point = nearest_points(allowed, Point(anchor.lon, anchor.lat))[0]
    return point.y, point.x


# --- areas --------------------------------------------------------------------------


def _area_rows(
    mentions: dict[str, list[Mention]], claims: list[Claim], registry: Any
) -> tuple[list[dict[str, Any]], list[Site]]:
    """Regions (with their controller when a claim says) and relative uncertainties."""
    by_mention: dict[tuple[str, int, int], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.place is not None:
            by_mention[(c.doc, c.place.start, c.place.end)].append(c)
    groups: dict[tuple[str, str], tuple[Mention, list[Claim]]] = {}
    seen_ids: dict[tuple[str, str], set[int]] = {}
    all_mentions = [m for ms in mentions.values() for m in ms]
    all_mentions += [c.place for c in claims if c.place is not None]
    for m in all_mentions:
        if (
            m.kind not in ("region", "relative")
            or m.geometry is None
            or m.geometry.is_empty
        ):
            continue
        if m.kind == "relative" and m.describes:
            # "Sirte (450 km east of Tripoli)": the stated position only checks a
            # named place that keeps its gazetteer point; drawing its sector would
            # put Sirte in the sea.
            continue
        kind = "region" if m.kind == "region" else "uncertainty"
        key = (kind, _label_key(m))
        mention_claims = by_mention.get((m.doc, m.start, m.end), [])
        if key not in groups:
            groups[key] = (m, [])
            seen_ids[key] = set()
        found, ids = groups[key][1], seen_ids[key]
        for c in mention_claims:
            if id(c) not in ids:  # identity: field-by-field equality grew quadratically
                ids.add(id(c))
                found.append(c)
    rows, sites = [], []
    for (kind, label), (m, cs) in sorted(groups.items()):
        faction, status, _ = resolve_control(cs)
        if faction is None:
            actors = list(dict.fromkeys(c.faction for c in cs if c.faction))
            faction = actors[0] if len(actors) == 1 else None
            status = "reported" if faction else "none"
        dated = [c.date for c in cs if c.date is not None]
        rows.append(
            {
                "id": stable_id("area", kind, label),
                "layer": "area",
                "kind": kind,
                "name": _label(m),
                "faction": faction,
                "status": status,
                "colour": CONTESTED
                if status == "contested"
                else colour_of(registry, faction),
                "date": max(dated).isoformat() if dated else None,
                "sources": [source_of(c) for c in sorted(cs, key=_claim_order)],
                "geometry": m.geometry,
            }
        )
        if kind == "region" and status in ("held", "claimed") and m.located:
            sites.append(
                Site(
                    name=_label(m),
                    lat=float(m.lat),
                    lon=float(m.lon),
                    faction=faction,
                    certain=status == "held",
                    country=m.country,
                    sources=tuple(source_of(c) for c in cs if c.type in CONTROL_TYPES),
                )
            )
    return rows, sites


# --- movements and strikes ----------------------------------------------------------


def _movement_rows(
    claims: list[Claim], sites: list[Site], registry: Any
) -> list[dict[str, Any]]:
    from shapely.geometry import LineString

    origins = _Origins(sites, registry)
    rows = []
    for c in claims:
        if c.type != "movement" or c.place is None or not c.place.located:
            continue
        dest = (float(c.place.lat), float(c.place.lon))
        origin_name, inferred = None, True
        if c.origin is not None and c.origin.located:
            start = (float(c.origin.lat), float(c.origin.lon))
            origin_name, inferred = c.origin.name, False
        elif (site := origins.nearest(c.faction, dest)) is not None:
            start, origin_name = (site.lat, site.lon), site.name
        else:
            start = origins.stub_start(c.faction, dest)
        rows.append(
            {
                "id": stable_id(
                    "movement", c.doc, c.start, c.place.start, c.kind, c.faction
                ),
                "layer": "movement",
                "kind": c.kind,
                "faction": c.faction,
                "status": "claimed"
                if c.implied or c.confidence < HELD_CONFIDENCE
                else "reported",
                "colour": colour_of(registry, c.faction),
                "place": _label(c.place) if c.place.kind != "place" else c.place.name,
                "origin": origin_name,
                "origin_inferred": inferred,
                "date": None if c.date is None else c.date.isoformat(),
                "sources": [source_of(c)],
                "geometry": LineString([(start[1], start[0]), (dest[1], dest[0])]),
            }
        )
    return rows


class _Origins:
    """Where a movement comes from when the text does not say: the side's nearest
    place or position 10-500 km away (a k-d tree per side), else a stub from the
    direction of the side's sites (their centre), of all sites, or the south."""

    def __init__(self, sites: list[Site], registry: Any) -> None:
        self._registry = registry
        by_side: dict[str, dict[tuple[float, float], Site]] = defaultdict(dict)
        for s in sites:  # one site per spot: many claims name the same town
            spot = (round(s.lat, 4), round(s.lon, 4))
            by_side[party_of(registry, s.faction)].setdefault(spot, s)
        self._sites = {side: list(spots.values()) for side, spots in by_side.items()}
        self._trees: dict[str, Any] = {}
        self._all = sites
        self._centres: dict[str | None, tuple[float, float] | None] = {}
        self._memo: dict[tuple[str, float, float], Site | None] = {}

    def nearest(self, faction: str | None, dest: tuple[float, float]) -> Site | None:
        if faction is None:
            return None
        side = party_of(self._registry, faction)
        own = self._sites.get(side)
        if not own:
            return None
        key = (side, round(dest[0], 4), round(dest[1], 4))
        if key not in self._memo:
            self._memo[key] = self._nearest(side, own, dest)
        return self._memo[key]

    def _nearest(
        self, side: str, own: list[Site], dest: tuple[float, float]
    ) -> Site | None:
        if side not in self._trees:
            from scipy.spatial import cKDTree

            self._trees[side] = cKDTree(_unit([(s.lat, s.lon) for s in own]))
        tree = self._trees[side]
        k = min(len(own), 64)
        _, idx = tree.query(_unit([dest])[0], k=k)
        idx = np.atleast_1d(idx)
        if k < len(own):  # beyond the k nearest only if all are at the destination
            last = own[int(idx[-1])]
            if haversine_km(last.lat, last.lon, *dest) < MIN_ORIGIN_KM:
                _, idx = tree.query(_unit([dest])[0], k=len(own))
                idx = np.atleast_1d(idx)
        for i in idx.tolist():
            s = own[i]
            km = haversine_km(s.lat, s.lon, *dest)
            if km > MAX_ORIGIN_KM:
                return None
            if km >= MIN_ORIGIN_KM:
                return s
        return None

    def stub_start(
        self, faction: str | None, dest: tuple[float, float]
    ) -> tuple[float, float]:
        side = None if faction is None else party_of(self._registry, faction)
        if side not in self._centres:
            own = self._sites.get(side) if side else None
            group = own or self._all
            self._centres[side] = (
                (
                    sum(s.lat for s in group) / len(group),
                    sum(s.lon for s in group) / len(group),
                )
                if group
                else None
            )
        centre = self._centres[side]
        bearing = 180.0
        if centre is not None and haversine_km(*centre, *dest) > 1.0:
            bearing = initial_bearing(dest[0], dest[1], *centre)
        return destination(dest[0], dest[1], bearing, STUB_KM)


def _unit(latlon: list[tuple[float, float]]) -> np.ndarray:
    """Points on the unit sphere (chord distance grows with the great-circle one)."""
    a = np.radians(np.asarray(latlon, dtype=float).reshape(-1, 2))
    cos_lat = np.cos(a[:, 0])
    return np.column_stack(
        [cos_lat * np.cos(a[:, 1]), cos_lat * np.sin(a[:, 1]), np.sin(a[:, 0])]
    )


def _strike_rows(claims: list[Claim], registry: Any) -> list[dict[str, Any]]:
    from shapely.geometry import Point

    rows = []
    for c in claims:
        if c.type != "strike" or c.place is None or not c.place.located:
            continue
        rows.append(
            {
                "id": stable_id("strike", c.doc, c.start, c.place.start, c.faction),
                "layer": "strike",
                "faction": c.faction,
                "status": "claimed"
                if c.implied or c.confidence < HELD_CONFIDENCE
                else "reported",
                "target": c.target,
                "casualties": c.casualties,
                "place": _label(c.place) if c.place.kind != "place" else c.place.name,
                "colour": colour_of(registry, c.faction),
                "date": None if c.date is None else c.date.isoformat(),
                "sources": [source_of(c)],
                "geometry": Point(float(c.place.lon), float(c.place.lat)),
            }
        )
    return rows


# --- front line ---------------------------------------------------------------------


def _on_own_side(
    rows: list[dict[str, Any]], sites: list[Site], registry: Any
) -> list[dict[str, Any]]:
    """A region a faction holds is drawn on its side of the front only: "the western
    region" of Libya held by the GNA does not cover LNA-held Sirte and Jufra."""
    held = [
        r for r in rows if r["kind"] == "region" and r["status"] in ("held", "claimed")
    ]
    if not held:
        return rows
    sides = territories(
        [dataclasses.replace(s, faction=party_of(registry, s.faction)) for s in sites],
        opposed=lambda a, b: opposed(registry, a, b),
    )
    for row in held:
        side = sides.get(party_of(registry, row["faction"])) if row["faction"] else None
        if side is None:
            continue
        clipped = _polygons_only(row["geometry"].intersection(side))
        if clipped is not None:
            row["geometry"] = clipped
    return rows


def _polygons_only(geom: Any) -> Any:
    """The polygonal part of a geometry, or None if it has none."""
    from shapely.geometry import MultiPolygon, Polygon

    if geom.is_empty:
        return None
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    return MultiPolygon(parts) if parts else None


def _as_party(site: Site, registry: Any) -> Site:
    party = party_of(registry, site.faction)
    return site if party == site.faction else dataclasses.replace(site, faction=party)


def _contested_sites(control: ControlEstimate) -> list[Site]:
    out = []
    for pc in control.places.values():
        if pc.status != "contested":
            continue
        p = pc.place
        out.append(
            Site(
                name=p.name,
                lat=p.lat,
                lon=p.lon,
                faction="/".join(pc.claimed_by),
                certain=False,
                radius_km=place_radius_km(p.population),
                country=p.country,
                sources=tuple(source_of(c) for c in pc.evidence),
            )
        )
    return out


def _anchors(control: ControlEstimate) -> list[Anchor]:
    """Where assessed evidence (not superseded) puts each side."""
    return [
        Anchor(e.side, e.lat, e.lon)
        for e in control.evidence
        if e.assessed and e.geometry is None
    ]


def _control_area_row(area: Area, registry: Any) -> dict[str, Any]:
    dates = [s["date"] for s in area.sources if s.get("date")]
    side = area.side
    name = (
        f"contested: {', '.join(area.sites)}"
        if side is None
        else f"{area.status} by {side}"
    )
    return {
        "id": stable_id(
            "area", "control", side or "/".join(area.claimed_by), area.status, name
        ),
        "layer": "area",
        "kind": "contested" if side is None else "control",
        "name": name,
        "faction": side,
        "status": area.status,
        "colour": CONTESTED if side is None else colour_of(registry, side),
        "date": max(dates) if dates else None,
        "sources": list(area.sources),
        "geometry": area.geometry,
    }


def _front_row(seg: Stretch) -> dict[str, Any]:
    status = "assessed" if seg.assessed else "inferred"
    return {
        "id": stable_id("front_line", seg.factions, status),
        "layer": "front_line",
        "factions": seg.factions,
        "faction": seg.factions,
        "status": status,
        "uncertain": not seg.assessed,
        "colour": FRONT,
        "sites": list(seg.sites),
        "sources": list(seg.sources),
        "geometry": seg.geometry,
    }


def party_of(registry: Any, faction: str) -> str:
    """The side a faction fights on: a backer (RUS, TUR) counts as its party."""
    if registry is None or not hasattr(registry, "party_of"):
        return faction
    return registry.party_of(faction)


def opposed(registry: Any, a: str, b: str) -> bool:
    """Two factions face each other unless they are on the same side."""
    return party_of(registry, a) != party_of(registry, b)


def _land(sites: Iterable[Site]) -> Any:
    """The union of the land of the countries the sites lie in (None if unknown)."""
    from shapely import union_all

    from gazetteer import shapes

    codes = sorted({s.country for s in sites if s.country})
    shapes_found = [
        g for g in (shapes.country_shape(c) for c in codes) if g is not None
    ]
    return union_all(shapes_found) if shapes_found else None


def _default_registry() -> Any:
    try:
        from geo.factions import load_registry
    except ImportError:  # the faction registry (issue 5) is not installed yet
        log.warning("geo.factions unavailable: factions drawn in grey")
        return None
    return load_registry()
