"""Round r of issue 13: the resolution shortcuts give what the long way gives.

Each test computes a value both ways (the new short way and the plain one it
replaces) on data of our own, and asks for equality to the last bit.
"""

from __future__ import annotations

import random

import numpy as np

from gazetteer import geoparse as G
from gazetteer.records import Candidate, Place
from gazetteer.sphere import EARTH_KM


def _coherence_long(prior, chosen, ambiguous, states=(), supporters=None, towns=()):
    """:func:`gazetteer.geoparse._coherence` as it was before round r: the owner of
    each reading listed, then scanned again for the first column of each name,
    latitudes and longitudes converted apart."""
    open_keys = set(ambiguous)
    towns_too = frozenset(towns)
    named: dict[str, set[str]] = {}
    for country, code in states:
        named.setdefault(country, set()).add(code)
    readings: dict[str, list[Place]] = {}
    for key, place in chosen.items():
        if key in open_keys:
            cands = prior[key]
            if cands[0].place.kind in G._AREA_KINDS and key not in towns_too:
                continue
            floor = cands[0].score - G.COHERENCE_MARGIN
            readings[key] = [
                c.place
                for c in cands[: G.COHERENCE_READINGS]
                if c.score >= floor
                and c.place.kind not in G._WIDE_FOR_COHERENCE
                and G._own_name(key, c)
                and c.place.admin1 in named.get(c.place.country, (c.place.admin1,))
            ]
        elif place.kind not in G._WIDE_FOR_COHERENCE:
            readings[key] = [place]
    for key, places in (supporters or {}).items():
        readings[key] = [p for p in places if p.admin1 in named.get(p.country, (p.admin1,))]
    keys = [k for k, v in readings.items() if v]
    if len(keys) < 2:
        return {}
    owner = np.array([i for i, k in enumerate(keys) for _ in readings[k]])
    lat = np.radians([p.lat for k in keys for p in readings[k]])
    lon = np.radians([p.lon for k in keys for p in readings[k]])
    h = (
        np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
        + np.cos(lat[:, None])
        * np.cos(lat[None, :])
        * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
    )
    km = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    close = np.maximum(1.0 - km / G.COHERENCE_KM, 0.0)
    firsts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    per_name = np.maximum.reduceat(close, firsts, axis=1)
    per_name[np.arange(len(owner)), owner] = 0.0
    per_name.sort(axis=1)
    support = (per_name[:, -G.COHERENCE_NAMES :].sum(axis=1) * G.COHERENCE_BONUS).tolist()
    out: dict[str, list[float]] = {}
    row = 0
    for k in keys:
        n = len(readings[k])
        bonuses = support[row : row + n]
        if k in open_keys and any(bonuses):
            by_id = {id(p): b for p, b in zip(readings[k], bonuses)}
            out[k] = [by_id.get(id(c.place), 0.0) for c in prior[k]]
        row += n
    return out


def _story(rng: random.Random, n_names: int):
    """Names each with a few readings scattered over two nearby US states (so
    that many lie within COHERENCE_KM of each other), some ambiguous."""
    prior, chosen, ambiguous = {}, {}, []
    for i in range(n_names):
        key = f"springvale{chr(97 + i)}"
        n = rng.choice((1, 1, 2, 3, 5, 9))
        cands = [
            Candidate(
                Place(
                    key.title(),
                    rng.uniform(33.0, 36.0),
                    rng.uniform(-90.0, -84.0),
                    None,
                    "US",
                    rng.randrange(500, 90_000),
                    rng.choice(("city", "city", "admin_seat", "district")),
                    rng.choice(("AL", "GA", "TN")),
                ),
                9.0 - j * rng.uniform(0.2, 1.5),
                "exact",
            )
            for j in range(n)
        ]
        prior[key] = cands
        chosen[key] = cands[0].place
        if n > 1:
            ambiguous.append(key)
    return prior, chosen, ambiguous


def test_coherence_counts_owners_and_columns_as_the_long_way():
    rng = random.Random(13)
    seen = 0
    for trial in range(300):
        prior, chosen, ambiguous = _story(rng, rng.randrange(1, 9))
        states = [("US", s) for s in rng.sample(("AL", "GA", "TN"), rng.randrange(0, 3))]
        supporters = (
            {"walkerville county": [p.place for p in prior[ambiguous[0]]]}
            if ambiguous and trial % 3 == 0
            else None
        )
        args = (prior, chosen, ambiguous, states, supporters)
        short, long = G._coherence(*args), _coherence_long(*args)
        assert short == long  # the same floats, to the last bit
        seen += bool(short)
    assert seen > 100  # most stories give some name support


def test_coherence_gives_support_to_the_reading_near_the_others():
    # two Springvales, one in Alabama beside two sure towns of our own, one in
    # Tennessee far from them: only the Alabama one earns the bonus
    al = Place("Springvale", 33.50, -86.80, None, "US", 5000, "city", "AL")
    tn = Place("Springvale", 36.10, -84.00, None, "US", 8000, "city", "TN")
    a = Place("Oakbridge", 33.55, -86.70, None, "US", 3000, "city", "AL")
    b = Place("Millbrook Falls", 33.40, -86.90, None, "US", 3000, "city", "AL")
    prior = {
        "springvale": [Candidate(tn, 9.0, "exact"), Candidate(al, 8.5, "exact")],
        "oakbridge": [Candidate(a, 9.0, "exact")],
        "millbrook falls": [Candidate(b, 9.0, "exact")],
    }
    chosen = {k: v[0].place for k, v in prior.items()}
    got = G._coherence(prior, chosen, ["springvale"])
    assert got == _coherence_long(prior, chosen, ["springvale"])
    tn_bonus, al_bonus = got["springvale"]
    assert tn_bonus == 0.0
    assert 2.0 < al_bonus < 2 * G.COHERENCE_BONUS  # two near names, each < 1


def test_county_mentions_pick_the_county_the_long_way_picks():
    # the counties of a name in several states against the document's points:
    # one nearest_km call gives the county min() over distances_km gave
    from gazetteer.sphere import distances_km

    table = G.us_counties()
    shared = [k for k, v in table.items() if len(v) >= 4][:40]
    assert shared
    rng = random.Random(5)
    for key in shared:
        points = {
            f"brookhaven{i}": Place(
                "Brookhaven", rng.uniform(30, 45), rng.uniform(-110, -75), None, "US", 900
            )
            for i in range(rng.randrange(1, 5))
        }
        text = f"Flooding hit {key.title()} on Monday."
        start = text.index(key.title())
        spans = [(start, start + len(key), key)]
        got = G._county_mentions(text, spans, points, G.Context(("US",), ()), "d")
        lats, lons = zip(*((p.lat, p.lon) for p in points.values()), strict=True)
        long = min(
            table[key], key=lambda c: float(distances_km(c.lat, c.lon, lats, lons).min())
        )
        assert got[0].place is long
