"""The 20 gold claims of the seed articles, from mentions made out of the gold itself.

This isolates the claim extractor from the geoparser: the mentions are what a perfect
geoparser would report (places, anaphors, relative expressions, regions, names inside
organisations, countries). The end-to-end test through gazetteer.parse lives in
test_claims_e2e.py.
"""

from __future__ import annotations

import math
import re

import pytest

from gazetteer.normalize import name_key
from gazetteer.records import Mention, Place
from geo.claims import extract_claims
from geo.records import Document

# Points for names the gold mentions only as region anchors or countries.
_EXTRA_POINTS = {
    "Libya": (27.0, 17.0),
    "Mediterranean Sea": (34.0, 18.0),
    "Turkey": (39.0, 35.0),
    "Egypt": (26.0, 30.0),
    "Italy": (42.8, 12.8),
    "Britain": (54.0, -2.0),
    "United States": (39.8, -98.6),
    "Russia": (60.0, 100.0),
    "Algeria": (28.0, 3.0),
    "Morocco": (32.0, -6.0),
}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def points_of(gold_doc: dict) -> dict[str, tuple[float, float]]:
    points = dict(_EXTRA_POINTS)
    for m in gold_doc["mentions"]:
        points.setdefault(m["place"], (m["lat"], m["lon"]))
    return points


def gold_mentions(gold_doc: dict, text: str) -> list[Mention]:
    """The mentions a perfect geoparser reports for one seed article."""
    doc = gold_doc["doc"]
    points = points_of(gold_doc)
    anaphora = {a["start"]: a for a in gold_doc["anaphora"]}
    out: list[Mention] = []

    def add(start: int, surface: str, kind: str, name: str, **kw) -> None:
        assert text[start : start + len(surface)] == surface, (doc, start, surface)
        out.append(Mention(doc, start, start + len(surface), surface, kind, name, **kw))

    for m in gold_doc["mentions"]:
        kind = "anaphor" if m["role"] == "anaphor" else "place"
        refers = (
            tuple(anaphora[m["start"]]["refers_to"]) if m["start"] in anaphora else ()
        )
        place = Place(m["place"], m["lat"], m["lon"], m["geonameid"], "LY")
        add(
            m["start"],
            m["text"],
            kind,
            m["place"],
            lat=m["lat"],
            lon=m["lon"],
            place=place,
            refers_to=refers or ((m["place"],) if kind == "anaphor" else ()),
        )
    listed = {m["start"] for m in gold_doc["mentions"]}
    for a in gold_doc["anaphora"]:
        if a["start"] not in listed:
            lat, lon = points[a["refers_to"][0]]
            add(
                a["start"],
                a["text"],
                "anaphor",
                a["refers_to"][0],
                lat=lat,
                lon=lon,
                refers_to=tuple(a["refers_to"]),
            )
    for r in gold_doc["relative"]:
        if r["describes"] in points:
            lat, lon = points[r["describes"]]
            describes = r["describes"]
        else:
            lat, lon = r["expect_lat"], r["expect_lon"]
            describes = None
        add(
            r["start"],
            r["text"],
            "relative",
            describes or r["text"],
            lat=lat,
            lon=lon,
            anchor=r["anchor"],
            distance_km=float(r["distance_km"]),
            bearing_deg=float(r["bearing_deg"]),
            describes=describes,
        )
    for g in gold_doc["regions"]:
        anchors = g["of"] if isinstance(g["of"], list) else [g["of"]]
        lat = sum(points[a][0] for a in anchors) / len(anchors)
        lon = sum(points[a][1] for a in anchors) / len(anchors)
        add(g["start"], g["text"], "region", g["text"], lat=lat, lon=lon)
    # Names inside organisations: the geoparser reports them with in_name=True.
    for inside in gold_doc["inside_names"]:
        span = inside["text"]
        for word in re.finditer(r"Sirte|Al-Jafra|Sebha", span):
            name = word.group()
            lat, lon = points.get(name, points.get("Al-Jafra"))
            add(
                inside["start"] + word.start(),
                name,
                "place",
                name,
                lat=lat,
                lon=lon,
                in_name=True,
            )
    for country in gold_doc["countries"]:
        lat, lon = points[country]
        for hit in re.finditer(rf"\b{re.escape(country)}\b", text):
            add(
                hit.start(),
                country,
                "place",
                country,
                lat=lat,
                lon=lon,
                place=Place(country, lat, lon, None, "", kind="country"),
            )
    out.sort(key=lambda m: m.start)
    return out


@pytest.fixture(scope="module")
def seed_claims(gold, seed_texts):
    claims = []
    for gold_doc in gold["documents"]:
        text = seed_texts[gold_doc["doc"]]
        document = Document(gold_doc["doc"], text)
        claims.extend(extract_claims(document, gold_mentions(gold_doc, text)))
    return claims


def _strip(s: str) -> str:
    return name_key(re.sub(r"\([^)]*\)", " ", s))


def matches_gold(claim, want: dict, points: dict[str, tuple[float, float]]) -> bool:
    """Does ``claim`` state the gold claim ``want``?"""
    gtype = "position" if want["type"] == "presence" else want["type"]
    if claim.doc != want["doc"] or claim.type != gtype:
        return False
    if want["evidence"] not in claim.sentence:
        return False
    if gtype == "strike":
        if claim.faction != want["by"] or claim.target != want["against"]:
            return False
        if "casualties" in want and claim.casualties != want["casualties"]:
            return False
    elif gtype == "frontline":
        if sorted(claim.factions) != sorted(want["between"]):
            return False
    elif claim.faction != want["faction"]:
        return False
    if gtype == "movement" and claim.kind != want["kind"]:
        return False
    if want.get("implied", False) != claim.implied:
        return False
    where = want.get("place") or want.get("to") or want.get("near")
    where = re.sub(r"\s*\(([^)]*)\)$", "", where)  # "the west of the city (Sirte)"
    if where in points and claim.place.kind in ("place", "anaphor"):
        return km((claim.lat, claim.lon), points[where]) <= 40
    return _strip(where) in _strip(claim.place.text) or _strip(
        claim.place.text
    ) in _strip(where)


def test_all_gold_claims_found(gold, seed_claims):
    docs = {d["doc"]: points_of(d) for d in gold["documents"]}
    missing = [
        want
        for want in gold["claims"]
        if not any(matches_gold(c, want, docs[want["doc"]]) for c in seed_claims)
    ]
    assert not missing, "\n".join(map(str, missing))


def test_no_claim_from_the_hypothetical(seed_claims):
    hypothetical = "if this does not happen then the military operation"
    made = [c for c in seed_claims if hypothetical in c.sentence]
    assert made, "the sentence's demand should still give implied claims"
    assert all(c.type == "control" and c.implied for c in made)
    assert all(c.confidence <= 0.5 for c in made)
    # "a possible battle in Sirte", "would ... secure", "to restore Sirte": no facts
    for c in seed_claims:
        if "possible battle" in c.sentence:
            assert c.type == "control" and c.place.text == "the western region"


def test_demand_keeps_who_said_it(seed_claims):
    said = [c for c in seed_claims if c.sentence.startswith("Turkey said that")]
    assert {c.place.name for c in said} == {"Sirte", "Al-Jafra"}
    assert all(c.implied and c.faction == "LNA" and c.quoted_by == "TUR" for c in said)


def test_two_cities_resolve_to_both(seed_claims):
    said = [c for c in seed_claims if "from the two cities" in c.sentence]
    assert sorted(c.place.name for c in said) == ["Al-Jafra", "Sirte"]
    assert all(c.place.text == "the two cities" for c in said)


def test_names_inside_organisations_are_no_event_places(seed_claims):
    for c in seed_claims:
        assert "Operations Room" not in c.place.text
        assert not c.place.in_name


def test_claims_cite_their_sentence(seed_claims, seed_texts):
    for c in seed_claims:
        assert seed_texts[c.doc][c.start : c.end] == c.sentence
        assert c.start <= c.place.start and c.place.end <= c.end


def test_casualties_and_the_party_behind_the_backer(seed_claims):
    strikes = [c for c in seed_claims if c.type == "strike" and c.casualties]
    assert [(c.faction, c.target, c.casualties) for c in strikes] == [
        ("LNA", "GNA", 10)
    ]
    assert strikes[0].place.text == "the southwestern area of Sirte"
