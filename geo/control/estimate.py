"""Who holds each settlement of the theatre: evidence from claims, decaying with
distance and with time since the report.

1. Every claim that places a side becomes :class:`Evidence` under its
   :class:`~geo.control.rules.Rule` (weight x the claim's confidence x fading with
   age); a partisan source's claim for its own side is never assessed.
2. A place with direct evidence (a report about the place itself) is decided by that
   evidence alone: a later report for another side supersedes older ones; reports
   from both sides within ``CONTEST_DAYS`` of the latest make it contested.
3. Every other settlement within reach of evidence takes the side with the most
   support, each piece of evidence counting fully within its radius and decaying
   exponentially beyond it (vectorised over a k-d tree in projected kilometres).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gazetteer.normalize import name_key
from gazetteer.records import Mention, Place
from geo.control.places import PlaceKey, doc_index, referents, settlement_key
from geo.control.rules import (
    CONTEST_DAYS,
    HELD_CONFIDENCE,
    HELD_SUPPORT,
    MARGIN,
    MAX_SOURCES,
    MIN_SUPPORT,
    REGION_SHARE,
    SIZE_FLOOR,
    SUPERSEDED,
    UNDATED_AGE_DAYS,
    Rule,
    rule_for,
)
from geo.records import Claim

log = logging.getLogger(__name__)

#: Two settlements of one name closer than this (degrees) are one town listed twice.
DUPLICATE_DEG = 0.1
#: Places of these kinds hold no side by themselves ("Turkey sent drones").
BACKGROUND_KINDS = ("country", "sea", "continent", "admin1")
STATUSES = ("held", "claimed", "contested", "none")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim read as a side's presence at a point (or over a region)."""

    side: str
    rule: str
    lat: float
    lon: float
    weight: float
    assessed: bool
    direct: bool
    contests: bool
    radius_km: float
    decay_km: float
    reach_km: float
    date: dt.date | None
    keys: tuple[PlaceKey, ...] = ()
    population: int = 0  # of the place the evidence is about (0: a position)
    actor: str | None = None  # the faction the claim names, when it names the side
    claim: Claim | None = field(default=None, compare=False, repr=False)
    geometry: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place control is estimated for: a mentioned place or a settlement."""

    key: PlaceKey
    name: str
    lat: float
    lon: float
    kind: str = "city"
    geonameid: int | None = None
    country: str | None = None
    population: int = 0
    mentioned: bool = False


@dataclass(frozen=True, slots=True)
class PlaceControl:
    """The estimated controller of one place.

    ``basis`` is "reported" (evidence about the place itself), "nearby" (evidence
    about places around it, decayed with distance) or "none"; ``evidence`` the claims
    that placed it, strongest first (at most ``MAX_SOURCES`` for nearby places).
    """

    place: Candidate
    faction: str | None
    status: str
    confidence: float
    basis: str
    claimed_by: tuple[str, ...] = ()
    evidence: tuple[Claim, ...] = field(default=(), compare=False)
    actor: str | None = None  # the faction the strongest report names (a backer...)

    @property
    def date(self) -> dt.date | None:
        dated = [c.date for c in self.evidence if c.date is not None]
        return max(dated) if dated else None


@dataclass(frozen=True, slots=True)
class ControlEstimate:
    """Control of every place with a side or a mention, and the evidence behind it."""

    places: dict[PlaceKey, PlaceControl]
    evidence: tuple[Evidence, ...]
    as_of: dt.date | None = None

    def controlled(self) -> list[PlaceControl]:
        return [p for p in self.places.values() if p.faction is not None]


# --- evidence -----------------------------------------------------------------------


def reference_date(claims: Iterable[Claim], as_of: dt.date | None) -> dt.date:
    """The date ages are counted from: ``as_of``, else the latest claim's date."""
    if as_of is not None:
        return as_of
    dated = [c.date for c in claims if c.date is not None]
    return max(dated) if dated else dt.date(2000, 1, 1)


def party_of(registry: Any, faction: str) -> str:
    if registry is None or not hasattr(registry, "party_of"):
        return faction
    return registry.party_of(faction)


def _side(claim: Claim, rule: Rule, registry: Any) -> str | None:
    if not claim.faction:
        return None
    if rule.to == "actor":
        return party_of(registry, claim.faction)
    if claim.target:
        return party_of(registry, claim.target)
    if registry is not None and hasattr(registry, "opponent"):
        return registry.opponent(claim.faction)
    return None


def partisan(claim: Claim, side: str, registry: Any) -> bool:
    """A side's own source speaking for its own side (counted only as a claim).

    >>> c = Claim("a", "control", "GNA", None, "s", 0, 1, quoted_by="GNA")
    >>> partisan(c, "GNA", None), partisan(c, "LNA", None)
    (True, False)
    """
    speaker = claim.quoted_by
    if not speaker:
        return False
    if registry is not None and speaker not in registry:
        return False  # a named person or outlet, not a side
    return party_of(registry, speaker) == side


def evidence_of(
    claims: Sequence[Claim],
    mentions: dict[str, list[Mention]],
    *,
    registry: Any = None,
    ref: dt.date,
) -> list[Evidence]:
    """Claims read as evidence under the rules, weighted and faded as of ``ref``."""
    indexes: dict[str, dict[str, Mention]] = {}
    out = []
    for c in claims:
        m = c.place
        if m is None or not m.located:
            continue
        rule = rule_for(c.type, c.kind)
        if rule is None or rule.weight <= 0:
            continue
        side = _side(c, rule, registry)
        if side is None:
            continue
        kind = m.place.kind if m.place is not None else None
        if kind in BACKGROUND_KINDS:
            continue
        if c.doc not in indexes:
            indexes[c.doc] = doc_index(mentions.get(c.doc, []))
        keys = tuple(k for k, _ in referents(m, indexes[c.doc]))
        assessed = (
            rule.assessed
            and not c.implied
            and c.confidence >= HELD_CONFIDENCE
            and not partisan(c, side, registry)
        )
        age = UNDATED_AGE_DAYS if c.date is None else max((ref - c.date).days, 0)
        weight = rule.weight * c.confidence * 0.5 ** (age / rule.half_life_days)
        region = m.geometry if m.kind == "region" and m.geometry is not None else None
        radius = rule.radius_km
        if keys and m.place is not None:
            radius = max(radius, _radius(m.place.population))
        out.append(
            Evidence(
                side=side,
                rule=rule.name,
                lat=float(m.lat),
                lon=float(m.lon),
                weight=weight,
                assessed=assessed,
                direct=rule.direct and bool(keys),
                contests=rule.contests,
                radius_km=radius,
                population=(m.place.population or 0) if m.place is not None else 0,
                actor=c.faction if rule.to == "actor" else side,
                decay_km=rule.decay_km,
                reach_km=rule.reach_km,
                date=c.date,
                keys=keys,
                claim=c,
                geometry=region
                if region is not None and c.type in ("control", "allegiance")
                else None,
            )
        )
    return out


def _radius(population: int | None) -> float:
    from geo.frontline import place_radius_km

    return place_radius_km(population)


def _when(e: Evidence) -> dt.date:
    return e.date or dt.date.min


# --- candidates ---------------------------------------------------------------------


def candidates_of(
    mentions: dict[str, list[Mention]],
    claims: Sequence[Claim],
    settlements: Iterable[Place] = (),
) -> dict[PlaceKey, Candidate]:
    """Mentioned places (and the places claims name) and the theatre's settlements."""
    out: dict[PlaceKey, Candidate] = {}
    indexes = {doc: doc_index(ms) for doc, ms in mentions.items()}
    for doc, ms in mentions.items():
        for m in ms:
            for key, ref in referents(m, indexes[doc]):
                if key not in out:
                    out[key] = _candidate(key, ref)
    for c in claims:
        if c.place is None:
            continue
        for key, ref in referents(c.place, indexes.get(c.doc, {})):
            if key not in out:
                out[key] = _candidate(key, ref)
    # one candidate per town: the gazetteer may list a town twice (GeoNames and Who's
    # On First), the second within DUPLICATE_DEG of the first under the same name
    seen: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for cand in out.values():
        seen[name_key(cand.name)].append((cand.lat, cand.lon))
    for p in settlements:
        key = settlement_key(p)
        if key in out:
            continue
        nk = name_key(p.name)
        if any(
            abs(lat - p.lat) < DUPLICATE_DEG and abs(lon - p.lon) < DUPLICATE_DEG
            for lat, lon in seen.get(nk, ())
        ):
            continue
        seen[nk].append((p.lat, p.lon))
        out[key] = Candidate(
            key, p.name, p.lat, p.lon, p.kind, p.geonameid, p.country, p.population
        )
    return out


def _candidate(key: PlaceKey, m: Mention) -> Candidate:
    p = m.place
    name = p.name if p is not None and m.kind != "relative" else (m.describes or m.name)
    return Candidate(
        key=key,
        name=name,
        lat=float(m.lat),
        lon=float(m.lon),
        kind=p.kind if p is not None else "city",
        geonameid=m.geonameid
        if m.geonameid is not None
        else getattr(p, "geonameid", None),
        country=m.country or getattr(p, "country", None),
        population=getattr(p, "population", 0) or 0,
        mentioned=True,
    )


def theatre_of(claims: Iterable[Claim]) -> tuple[str, ...]:
    """The countries of the places claims put a side in, most claims first.

    >>> theatre_of([])
    ()
    """
    counts: Counter[str] = Counter()
    for c in claims:
        m = c.place
        if m is None or not m.country or rule_for(c.type, c.kind) is None:
            continue
        if m.place is not None and m.place.kind in BACKGROUND_KINDS:
            continue
        counts[m.country] += 1
    return tuple(code for code, _ in counts.most_common())


# --- estimation ---------------------------------------------------------------------


def estimate(
    mentions: dict[str, list[Mention]],
    claims: Sequence[Claim],
    *,
    settlements: Iterable[Place] = (),
    registry: Any = None,
    as_of: dt.date | None = None,
) -> ControlEstimate:
    """Control of the mentioned places and the settlements, as of a date.

    ``claims`` after ``as_of`` are ignored; ages count from ``as_of`` (or the latest
    claim's date).
    """
    claims = [c for c in claims if as_of is None or c.date is None or c.date <= as_of]
    ref = reference_date(claims, as_of)
    evidence = evidence_of(claims, mentions, registry=registry, ref=ref)
    evidence = _supersede(evidence)
    cands = candidates_of(mentions, claims, _within_reach(settlements, evidence))
    direct: dict[PlaceKey, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if e.direct:
            for key in e.keys:
                direct[key].append(e)
    places: dict[PlaceKey, PlaceControl] = {}
    for key, es in direct.items():
        if key in cands:
            places[key] = _decide_direct(cands[key], es)
    rest = [c for k, c in cands.items() if k not in places]
    places.update(_decide_nearby(rest, evidence))
    return ControlEstimate(places, tuple(evidence), as_of)


def _within_reach(
    settlements: Iterable[Place], evidence: list[Evidence]
) -> list[Place]:
    """The settlements some evidence can reach (the others stay unassigned anyway):
    within the longest reach of a point, or inside a region's bounds."""
    towns = list(settlements)
    if not towns or not evidence:
        return []
    lat = np.fromiter((p.lat for p in towns), dtype=float, count=len(towns))
    lon = np.fromiter((p.lon for p in towns), dtype=float, count=len(towns))
    keep = np.zeros(len(towns), dtype=bool)
    points = {
        (round(e.lat, 3), round(e.lon, 3)) for e in evidence if e.geometry is None
    }
    if points:
        reach = max(e.reach_km for e in evidence) + 1.0
        pts = np.array(sorted(points))
        lat0, lon0 = float(pts[:, 0].mean()), float(pts[:, 1].mean())
        from scipy.spatial import cKDTree

        tree = cKDTree(_plane(pts[:, 0], pts[:, 1], lat0, lon0))
        dist, _ = tree.query(_plane(lat, lon, lat0, lon0), distance_upper_bound=reach)
        keep |= np.isfinite(dist)
    boxes = {
        tuple(np.round(e.geometry.bounds, 4))
        for e in evidence
        if e.geometry is not None
    }
    for x0, y0, x1, y1 in boxes:
        keep |= (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    return [towns[i] for i in np.flatnonzero(keep).tolist()]


def _supersede(evidence: list[Evidence]) -> list[Evidence]:
    """Direct evidence older than a later direct report for another side on the same
    place keeps ``SUPERSEDED`` of its weight (everywhere it counts). A controller an
    analyst set as of a date (a workspace correction) supersedes every report on the
    place up to that date, and they no longer contest it."""
    latest: dict[PlaceKey, dict[str, dt.date]] = defaultdict(dict)
    analyst: dict[PlaceKey, dt.date] = {}
    for e in evidence:
        if e.direct and e.claim is not None and e.claim.by_analyst:
            for key in e.keys:
                analyst[key] = max(_when(e), analyst.get(key, dt.date.min))
    for e in evidence:
        if e.direct:
            for key in e.keys:
                sides = latest[key]
                if _when(e) > sides.get(e.side, dt.date.min) or e.side not in sides:
                    sides[e.side] = _when(e)
    out = []
    for e in evidence:
        if e.direct and any(
            d > _when(e) + dt.timedelta(days=CONTEST_DAYS)
            for key in e.keys
            for side, d in latest[key].items()
            if side != e.side
        ):
            from dataclasses import replace

            e = replace(e, weight=e.weight * SUPERSEDED, assessed=False)
        if (
            e.direct
            and not (e.claim is not None and e.claim.by_analyst)
            and any(key in analyst and _when(e) <= analyst[key] for key in e.keys)
        ):
            from dataclasses import replace

            e = replace(e, weight=e.weight * SUPERSEDED, assessed=False, contests=False)
        out.append(e)
    return out


def _decide_direct(cand: Candidate, es: list[Evidence]) -> PlaceControl:
    support: dict[str, float] = defaultdict(float)
    held: dict[str, bool] = defaultdict(bool)
    for e in es:
        support[e.side] += e.weight
        held[e.side] |= e.assessed
    contest = [e for e in es if e.contests]
    contested: list[str] = []
    if contest:
        newest = max(_when(e) for e in contest)
        window = dt.timedelta(days=CONTEST_DAYS)
        recent = [e for e in contest if _when(e) >= _safe_sub(newest, window)]
        contested = list(dict.fromkeys(e.side for e in _by_date(recent)))
    leader = max(support, key=lambda s: (support[s], s))
    total = sum(support.values())
    top = support[leader]
    confidence = (top / total) * (1.0 - math.exp(-2.0 * top)) if total else 0.0
    if len(contested) > 1:
        status = "contested"
        claimed_by = tuple(contested)
    else:
        status = "held" if held[leader] else "claimed"
        claimed_by = tuple(dict.fromkeys(e.side for e in _by_date(es)))
    ordered = sorted(es, key=lambda e: (-e.weight, e.claim.doc, e.claim.start))
    actor = next((e.actor for e in ordered if e.side == leader), leader)
    return PlaceControl(
        cand,
        leader,
        status,
        round(confidence, 3),
        "reported",
        claimed_by,
        unique_claims(e.claim for e in ordered if e.claim is not None),
        actor=actor,
    )


def unique_claims(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """Claims in order, each once (by identity: claims hold unhashable mentions)."""
    seen: set[int] = set()
    out = []
    for c in claims:
        if id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return tuple(out)


def _by_date(es: list[Evidence]) -> list[Evidence]:
    return sorted(
        es, key=lambda e: (_when(e), e.claim.doc, e.claim.start), reverse=True
    )


def _safe_sub(d: dt.date, delta: dt.timedelta) -> dt.date:
    return d - delta if d > dt.date.min + delta else dt.date.min


def _decide_nearby(
    cands: list[Candidate], evidence: Sequence[Evidence]
) -> dict[PlaceKey, PlaceControl]:
    """Places without a report of their own, from the evidence around them."""
    out: dict[PlaceKey, PlaceControl] = {}
    points = [e for e in evidence if e.geometry is None]
    regions = [e for e in evidence if e.geometry is not None]
    if not cands:
        return out
    none = {c.key: PlaceControl(c, None, "none", 0.0, "none") for c in cands}
    if not points and not regions:
        return {k: v for k, v in none.items() if v.place.mentioned}
    sides = sorted({e.side for e in evidence})
    side_ix = {s: i for i, s in enumerate(sides)}
    groups = _group(points)
    n, k = len(cands), len(sides)
    score = np.zeros((n, k))
    sure = np.zeros((n, k))
    lat = np.array([c.lat for c in cands])
    lon = np.array([c.lon for c in cands])
    cpop = np.array([c.population for c in cands], dtype=float)
    pair_c: list[np.ndarray] = []
    pair_g: list[np.ndarray] = []
    pair_w: list[np.ndarray] = []
    if groups:
        g_lat = np.array([g[0].lat for g in groups])
        g_lon = np.array([g[0].lon for g in groups])
        lat0, lon0 = float(np.mean(g_lat)), float(np.mean(g_lon))
        cxy = _plane(lat, lon, lat0, lon0)
        gxy = _plane(g_lat, g_lon, lat0, lon0)
        reach = np.array([g[0].reach_km for g in groups])
        from scipy.spatial import cKDTree

        tree = cKDTree(cxy)
        hits = tree.query_ball_point(gxy, reach * 1.02)
        gi = np.repeat(np.arange(len(groups)), [len(h) for h in hits])
        ci = np.fromiter((j for h in hits for j in h), dtype=np.int64, count=len(gi))
        if len(ci):
            d = np.hypot(*(cxy[ci] - gxy[gi]).T)
            r0 = np.array([g[0].radius_km for g in groups])[gi]
            decay = np.array([g[0].decay_km for g in groups])[gi]
            w = np.array([sum(e.weight for e in g) for g in groups])[gi]
            # a town's evidence says less about a bigger town near it
            epop = np.array([g[0].population for g in groups], dtype=float)[gi]
            size = np.minimum(
                1.0, np.sqrt((epop + SIZE_FLOOR) / (cpop[ci] + SIZE_FLOOR))
            )
            contrib = np.where(d <= r0, 1.0, np.exp(-(d - r0) / decay)) * w * size
            contrib[d > reach[gi]] = 0.0
            s = np.array([side_ix[g[0].side] for g in groups])[gi]
            a = np.array([g[0].assessed for g in groups])[gi]
            np.add.at(score, (ci, s), contrib)
            np.add.at(sure, (ci[a], s[a]), contrib[a])
            pair_c.append(ci)
            pair_g.append(gi)
            pair_w.append(contrib)
    import shapely

    region_groups = _group(regions, by_shape=True)
    for r, g in enumerate(region_groups):
        inside = np.flatnonzero(shapely.contains_xy(g[0].geometry, lon, lat))
        if not len(inside):
            continue
        w = REGION_SHARE * sum(e.weight for e in g)
        s = side_ix[g[0].side]
        score[inside, s] += w
        if g[0].assessed:
            sure[inside, s] += w
        pair_c.append(inside)
        pair_g.append(np.full(len(inside), len(groups) + r))
        pair_w.append(np.full(len(inside), w))
    all_groups = groups + region_groups
    winner = score.argmax(axis=1) if k else np.zeros(n, dtype=int)
    top = score[np.arange(n), winner] if k else np.zeros(n)
    total = score.sum(axis=1)
    second = np.sort(score, axis=1)[:, -2] if k > 1 else np.zeros(n)
    # a clear winner only: between the sides a settlement stays unassigned
    picked = np.flatnonzero((top >= MIN_SUPPORT) & (top >= MARGIN * second))
    sources = _top_sources(pair_c, pair_g, pair_w, winner, all_groups, side_ix)
    for i in picked.tolist():
        side = sides[winner[i]]
        conf = (top[i] / total[i]) * (1.0 - math.exp(-2.0 * top[i]))
        c = cands[i]
        status = "held" if sure[i, winner[i]] >= HELD_SUPPORT else "claimed"
        rivals = tuple(sides[j] for j in np.flatnonzero(score[i] >= MIN_SUPPORT))
        out[c.key] = PlaceControl(
            c,
            side,
            status,
            round(float(conf), 3),
            "nearby",
            tuple(sorted(rivals, key=lambda s: (s != side, s))),
            sources.get(i, ()),
        )
    for key, pc in none.items():
        if key not in out and pc.place.mentioned:
            out[key] = pc
    return out


def _group(es: list[Evidence], *, by_shape: bool = False) -> list[list[Evidence]]:
    """Evidence of one side and rule at one spot (or over one region shape)."""
    groups: dict[tuple, list[Evidence]] = defaultdict(list)
    for e in es:
        where = id(e.geometry) if by_shape else (round(e.lat, 3), round(e.lon, 3))
        groups[(where, e.side, e.rule, e.assessed, e.radius_km)].append(e)
    return [sorted(g, key=lambda e: -e.weight) for g in groups.values()]


def _top_sources(
    pair_c: list[np.ndarray],
    pair_g: list[np.ndarray],
    pair_w: list[np.ndarray],
    winner: np.ndarray,
    groups: list[list[Evidence]],
    side_ix: dict[str, int],
) -> dict[int, tuple[Claim, ...]]:
    """Per place, the claims of the strongest groups for the winning side."""
    if not pair_c:
        return {}
    ci = np.concatenate(pair_c)
    gi = np.concatenate(pair_g)
    w = np.concatenate(pair_w)
    g_side = np.array([side_ix[g[0].side] for g in groups])
    keep = (w > 0) & (g_side[gi] == winner[ci])
    ci, gi, w = ci[keep], gi[keep], w[keep]
    order = np.lexsort((-w, ci))
    ci, gi = ci[order], gi[order]
    if len(ci):  # only the first MAX_SOURCES groups of each place matter
        first = np.r_[0, np.flatnonzero(np.diff(ci)) + 1]
        rank = np.arange(len(ci)) - np.repeat(first, np.diff(np.r_[first, len(ci)]))
        ci, gi = ci[rank < MAX_SOURCES], gi[rank < MAX_SOURCES]
    out: dict[int, list[Claim]] = defaultdict(list)
    seen: dict[int, set[int]] = defaultdict(set)
    for i, g in zip(ci.tolist(), gi.tolist(), strict=True):
        got, ids = out[i], seen[i]
        for e in groups[g]:
            if len(got) >= MAX_SOURCES:
                break
            if e.claim is not None and id(e.claim) not in ids:
                ids.add(id(e.claim))
                got.append(e.claim)
    return {i: tuple(cs) for i, cs in out.items()}


def _plane(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Azimuthal equidistant kilometres around (lat0, lon0) (spherical)."""
    from gazetteer.sphere import EARTH_KM

    p, lam = np.radians(lat), np.radians(lon)
    p0, lam0 = math.radians(lat0), math.radians(lon0)
    cos_c = np.sin(p0) * np.sin(p) + math.cos(p0) * np.cos(p) * np.cos(lam - lam0)
    c = np.arccos(np.clip(cos_c, -1.0, 1.0))
    k = np.where(c > 1e-12, c / np.maximum(np.sin(c), 1e-12), 1.0)
    x = k * np.cos(p) * np.sin(lam - lam0)
    y = k * (math.cos(p0) * np.sin(p) - math.sin(p0) * np.cos(p) * np.cos(lam - lam0))
    return np.column_stack([x, y]) * EARTH_KM
