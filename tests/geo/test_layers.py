"""Layers from hand-built mentions and claims of the seeds (the gold's coordinates).

These tests do not need the geoparser or the claim extractor: they check the layer
logic on what the seeds say, as the gold records it. End-to-end tests through the
real pipeline live in test_pipeline.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, box

from gazetteer.records import Mention, Place
from gazetteer.sphere import haversine_km
from geo.layers import COLUMNS, build_layers, resolve_control
from geo.pipeline import Analysis
from geo.records import Claim, Document
from geo.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
D0, D4 = "000_bc87c0cd55d26a17.txt", "004_abffdd80be94dd01.txt"

PLACES = {
    "Sirte": Place("Sirte", 31.20892, 16.58866, 2210554, "LY", 128_123, "admin_seat"),
    "Al-Jafra": Place("Al Jufrah", 29.15, 16.0, None, "LY", 0, "district"),
    "Tripoli": Place(
        "Tripoli", 32.88743, 13.18733, 2210247, "LY", 1_150_989, "capital"
    ),
    "Tarhuna": Place("Tarhuna", 32.43501, 13.6332, 2210221, "LY", 32_000, "city"),
    "Sebha": Place("Sebha", 27.03766, 14.42832, 2212775, "LY", 130_000, "admin_seat"),
    "Ubari": Place("Ubari", 26.59034, 12.77511, 2219235, "LY", 24_000, "city"),
    "Misurata": Place("Misurata", 32.37535, 15.09254, 2214846, "LY", 386_120, "city"),
}
SIRTE_LAT, SIRTE_LON = 31.20892, 16.58866
#: The coastal road, roughly, on land: Misurata - Tawergha - Buerat - Sirte.
COAST_ROAD = LineString(
    [
        (15.0925, 32.3754),
        (15.20, 31.97),
        (15.5, 31.6),
        (15.7, 31.38),
        (16.0, 31.27),
        (16.3, 31.2),
        (16.45, 31.2),
        (SIRTE_LON, SIRTE_LAT),
    ]
)


def _text(doc: str) -> str:
    return (ROOT / "seeds" / doc).read_text(encoding="utf-8")


def _disc(lat: float, lon: float, km: float, *, dlat_km: float = 0, dlon_km: float = 0):
    """A disc of radius km, centre offset from (lat, lon), in lon/lat degrees."""
    kx = 111.32 * math.cos(math.radians(lat))
    centre = Point(lon + dlon_km / kx, lat + dlat_km / 110.57)
    from shapely.affinity import scale

    return scale(centre.buffer(km / 110.57, 64), xfact=110.57 / kx, yfact=1.0)


def place(doc: str, start: int, name: str, *, text: str | None = None, **kw) -> Mention:
    p = PLACES[name]
    surface = text or _text(doc)[start : start + len(name)]
    return Mention(
        doc,
        start,
        start + len(surface),
        surface,
        kw.pop("kind", "place"),
        p.name,
        p.lat,
        p.lon,
        geonameid=p.geonameid,
        country="LY",
        place=p,
        **kw,
    )


def region(doc: str, start: int, text: str, geometry, **kw) -> Mention:
    pt = geometry.representative_point()
    return Mention(
        doc,
        start,
        start + len(text),
        text,
        kw.pop("kind", "region"),
        text,
        pt.y,
        pt.x,
        country="LY",
        geometry=geometry,
        **kw,
    )


def claim(doc: str, mention: Mention, type_: str, faction: str | None, **kw) -> Claim:
    text = _text(doc)
    sent = next(s for s in split_sentences(text) if s.start <= mention.start < s.end)
    return Claim(doc, type_, faction, mention, sent.text, sent.start, sent.end, **kw)


def seed_analysis() -> Analysis:
    """What the seeds' gold says, as mentions and claims (no geoparser needed)."""
    sirte0 = place(D0, 2845, "Sirte")
    jafra0 = Mention(
        D0,
        113,
        118,
        "Jafra",
        "place",
        "Al Jufrah",
        29.15,
        16.0,
        country="LY",
        place=PLACES["Al-Jafra"],
    )
    tarhuna0 = place(D0, 1939, "Tarhuna")
    suburbs0 = region(
        D0,
        1891,
        "the southern suburbs of Tripoli",
        _disc(32.887, 13.187, 8, dlat_km=-10),
    )
    western0 = region(D0, 1130, "the western region", box(10.0, 29.5, 14.5, 33.0))
    outskirts_geom = _disc(SIRTE_LAT, SIRTE_LON, 15).difference(
        _disc(SIRTE_LAT, SIRTE_LON, 3)
    )
    outskirts0 = region(D0, 2439, "the outskirts of Sirte", outskirts_geom)
    between0 = region(
        D0,
        1782,
        "the area between Sirte (450 km east of Tripoli) and Al-Jafra",
        LineString([(16.58866, 31.20892), (16.0, 29.15)]).buffer(0.2),
    )
    sirte_adv0 = place(D0, 2030, "Sirte")
    sirte_reinf0 = place(D0, 2845, "Sirte")
    in_name = dataclasses.replace(place(D0, 1295, "Sirte"), in_name=True)
    tripoli0 = place(D0, 1512, "Tripoli")

    city4 = place(
        D4, 436, "Sirte", text="the city", kind="anaphor", refers_to=("Sirte",)
    )
    sirte4 = place(D4, 92, "Sirte")
    tarhuna4 = place(D4, 2224, "Tarhuna")
    sebha4 = place(D4, 880, "Sebha")
    ubari4 = place(D4, 1076, "Ubari")
    misurata4 = place(D4, 1747, "Misurata")
    thirty4 = Mention(
        D4,
        788,
        788 + len("west of Sirte in the thirty kilo area"),
        "west of Sirte in the thirty kilo area",
        "relative",
        "west of Sirte",
        31.21,
        16.27,
        country="LY",
        anchor="Sirte",
        distance_km=30,
        bearing_deg=270,
        geometry=_disc(31.21, 16.27, 8),
    )
    outskirts4 = region(D4, 311, "the outskirts of Sirte", outskirts_geom)
    southwest4 = region(
        D4,
        596,
        "the southwestern area of Sirte",
        _disc(SIRTE_LAT, SIRTE_LON, 10, dlat_km=-11, dlon_km=-11),
    )
    west_city4 = region(
        D4, 1551, "the west of the city", _disc(SIRTE_LAT, SIRTE_LON, 12, dlon_km=-25)
    )
    corridor4 = region(
        D4,
        1711,
        "the area extending from the east of Misurata to the borders of Sirte",
        LineString([(15.3, 32.2), (15.7, 31.5), (16.45, 31.2)]).buffer(0.12),
    )
    mentions = {
        D0: [
            jafra0,
            western0,
            in_name,
            tripoli0,
            suburbs0,
            tarhuna0,
            outskirts0,
            sirte_adv0,
            between0,
            sirte0,
        ],
        D4: [
            sirte4,
            outskirts4,
            city4,
            southwest4,
            thirty4,
            sebha4,
            ubari4,
            west_city4,
            misurata4,
            corridor4,
            tarhuna4,
        ],
    }
    claims = [
        claim(D0, sirte0, "control", "LNA"),
        claim(D4, city4, "control", "LNA"),
        claim(D0, jafra0, "control", "LNA", implied=True, confidence=0.5),
        claim(D0, tarhuna0, "control", "GNA"),
        claim(D4, tarhuna4, "control", "GNA"),
        claim(D0, suburbs0, "control", "GNA"),
        claim(D0, western0, "control", "GNA"),
        claim(D4, sebha4, "allegiance", "GNA"),
        claim(D4, ubari4, "allegiance", "GNA"),
        claim(D4, thirty4, "position", "GNA"),
        claim(D0, outskirts0, "position", "GNA"),
        claim(D4, outskirts4, "position", "GNA"),
        claim(D0, between0, "position", "LNA"),
        claim(D0, sirte_reinf0, "movement", "LNA", kind="reinforcement"),
        claim(D4, west_city4, "movement", "LNA", kind="reinforcement"),
        claim(D0, sirte_adv0, "movement", "GNA", kind="advance"),
        claim(D4, southwest4, "strike", "LNA", target="GNA", casualties=10),
        claim(D4, corridor4, "strike", "LNA", target="GNA"),
        claim(D0, sirte_adv0, "frontline", None, factions=("GNA", "LNA")),
    ]
    docs = tuple(Document(d, _text(d)) for d in (D0, D4))
    return Analysis(docs, mentions, claims, [])


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return seed_analysis()


@pytest.fixture(scope="module")
def layers(analysis):
    return build_layers(analysis)


def _row(frame, **eq):
    mask = True
    for k, v in eq.items():
        mask = mask & (frame[k] == v)
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows for {eq}"
    return rows.iloc[0]


def test_fixture_offsets_index_the_seed_text(analysis):
    texts = {d.id: d.text for d in analysis.documents}
    for doc, ms in analysis.mentions.items():
        for m in ms:
            assert texts[doc][m.start : m.end] == m.text
    for c in analysis.claims:
        assert texts[c.doc][c.start : c.end] == c.sentence
        assert c.start <= c.place.start < c.place.end <= c.end


def test_every_layer_has_its_columns_and_crs(layers):
    for name, frame in layers.frames().items():
        assert list(frame.columns) == [*COLUMNS[name], "geometry"]
        assert frame.crs.to_epsg() == 4326
        assert (frame["layer"] == name).all()
        assert frame["id"].is_unique
    assert layers.n_features == sum(len(f) for f in layers.frames().values())


def test_sirte_is_held_by_lna_with_both_sources(layers):
    sirte = _row(layers.places, name="Sirte")
    assert (sirte["faction"], sirte["status"]) == ("LNA", "held")
    assert sirte.geometry.y == pytest.approx(
        SIRTE_LAT
    ) and sirte.geometry.x == pytest.approx(SIRTE_LON)
    docs = sorted(s["doc"] for s in sirte["sources"] if s["claim_type"] == "control")
    assert docs == [D0, D4]
    for s in sirte["sources"]:
        text = _text(s["doc"])
        assert text[s["start"] : s["end"]] == s["sentence"]
        assert s["start"] <= s["mention_start"] < s["mention_end"] <= s["end"]
    # the mention inside "the Sirte and Al-Jafra operations room" is not counted
    assert sirte["n_mentions"] == 4


def test_implied_control_is_claimed_not_held(layers):
    jafra = _row(layers.places, name="Al Jufrah")
    assert (jafra["faction"], jafra["status"]) == ("LNA", "claimed")
    for name in ("Sebha", "Ubari"):  # allegiance is a claim, not an assessment
        assert tuple(_row(layers.places, name=name)[["faction", "status"]]) == (
            "GNA",
            "claimed",
        )
    assert tuple(_row(layers.places, name="Tarhuna")[["faction", "status"]]) == (
        "GNA",
        "held",
    )


def test_unclaimed_places_have_status_none(layers):
    misurata = _row(layers.places, name="Misurata")
    assert misurata["status"] == "none" and misurata["faction"] is None
    assert misurata["colour"] == "#808080"


def test_faction_colours_come_from_the_registry(layers):
    from geo.factions import load_registry

    reg = load_registry()
    sirte = _row(layers.places, name="Sirte")
    assert sirte["colour"] == reg.colour("LNA") != reg.colour("GNA")


def test_positions_are_points_of_their_faction(layers):
    thirty = _row(
        layers.places, kind="position", name="west of Sirte in the thirty kilo area"
    )
    assert thirty["faction"] == "GNA" and thirty["status"] == "held"
    assert haversine_km(thirty.geometry.y, thirty.geometry.x, 31.21, 16.27) < 1
    outskirts = _row(layers.places, kind="position", name="outskirts of Sirte")
    assert {s["doc"] for s in outskirts["sources"]} == {D0, D4}
    # forces that reached the outskirts came from the west: drawn west of Sirte,
    # outside the city, inside the outskirts
    pt = outskirts.geometry
    assert pt.x < SIRTE_LON
    assert 9 < haversine_km(pt.y, pt.x, SIRTE_LAT, SIRTE_LON) <= 15.5


def test_contested_when_latest_reports_disagree():
    a = seed_analysis()
    sirte = next(m for m in a.mentions[D0] if m.start == 2845)
    gna = dataclasses.replace(claim(D0, sirte, "control", "GNA"))
    layers = build_layers(dataclasses.replace(a, claims=[*a.claims, gna]))
    row = _row(layers.places, name="Sirte")
    assert row["status"] == "contested"
    assert set(row["claimed_by"]) == {"GNA", "LNA"}
    control = [s for s in row["sources"] if s["claim_type"] == "control"]
    assert {s["faction"] for s in control} == {"GNA", "LNA"}


def test_latest_claim_wins_and_as_of_goes_back_in_time():
    a = seed_analysis()
    sirte = next(m for m in a.mentions[D0] if m.start == 2845)
    old = dt.date(2020, 6, 1)
    new = dt.date(2020, 6, 20)
    claims = [
        c
        if c.place is None or c.place.name != "Sirte" or c.type != "control"
        else dataclasses.replace(c, date=old)
        for c in a.claims
    ]
    claims.append(dataclasses.replace(claim(D0, sirte, "control", "GNA"), date=new))
    later = build_layers(dataclasses.replace(a, claims=claims))
    assert tuple(_row(later.places, name="Sirte")[["faction", "status"]]) == (
        "GNA",
        "held",
    )
    assert len(_row(later.places, name="Sirte")["sources"]) >= 3  # the old ones kept
    before = build_layers(
        dataclasses.replace(a, claims=claims), as_of=dt.date(2020, 6, 10)
    )
    assert tuple(_row(before.places, name="Sirte")[["faction", "status"]]) == (
        "LNA",
        "held",
    )
    assert before.as_of == dt.date(2020, 6, 10)


def test_resolve_control_without_claims():
    assert resolve_control([]) == (None, "none", [])


def test_movement_origin_when_said_inferred_or_stub(layers, analysis):
    mv = layers.movements
    assert len(mv) == 3
    lna = _row(mv, faction="LNA", place="Sirte")
    # LNA reinforcements to Sirte come from LNA's nearest site, not from nowhere
    assert lna["origin_inferred"] and lna["origin"] is not None
    end = lna.geometry.coords[-1]
    assert (end[1], end[0]) == pytest.approx((SIRTE_LAT, SIRTE_LON))
    gna = _row(mv, faction="GNA")
    start, end = gna.geometry.coords[0], gna.geometry.coords[-1]
    assert gna["kind"] == "advance" and gna["origin_inferred"]
    assert start[0] < end[0]  # from the west toward Sirte
    assert (
        haversine_km(start[1], start[0], SIRTE_LAT, SIRTE_LON) < 60
    )  # the nearest GNA position

    # the origin, when the text says it, is used as is
    misurata = next(m for m in analysis.mentions[D4] if m.name == "Misurata")
    sirte = next(m for m in analysis.mentions[D4] if m.start == 92)
    said = claim(D4, sirte, "movement", "GNA", kind="advance", origin=misurata)
    row = build_layers(dataclasses.replace(analysis, claims=[said])).movements.iloc[0]
    assert not row["origin_inferred"] and row["origin"] == "Misurata"
    assert row.geometry.coords[0] == pytest.approx((15.09254, 32.37535))


def test_movement_stub_never_invents_a_far_origin(analysis):
    sirte = next(m for m in analysis.mentions[D4] if m.start == 92)
    lone = claim(D4, sirte, "movement", "TUR", kind="reinforcement")
    row = build_layers(dataclasses.replace(analysis, claims=[lone])).movements.iloc[0]
    assert row["origin"] is None and row["origin_inferred"]
    (x0, y0), (x1, y1) = row.geometry.coords
    assert haversine_km(y0, x0, y1, x1) == pytest.approx(15, abs=0.1)


def test_strikes_carry_attacker_target_casualties(layers):
    strikes = layers.strikes
    assert len(strikes) == 2
    sw = _row(strikes, place="southwestern area of Sirte")
    assert (sw["faction"], sw["target"], sw["casualties"]) == ("LNA", "GNA", 10)
    assert sw.geometry.y < SIRTE_LAT and sw.geometry.x < SIRTE_LON
    assert "ten of Al-Wefaq forces were killed" in sw["sources"][0]["sentence"]


def test_areas_hold_regions_and_uncertainty(layers):
    areas = layers.areas
    suburbs = _row(areas, kind="region", name="southern suburbs of Tripoli")
    assert (suburbs["faction"], suburbs["status"]) == ("GNA", "held")
    assert suburbs.geometry.geom_type == "Polygon"
    unc = _row(areas, kind="uncertainty")
    assert unc["faction"] == "GNA" and unc.geometry.contains(Point(16.27, 31.21))


# --- the front line ------------------------------------------------------------------


def _front(layers):
    from shapely import union_all

    return union_all(list(layers.front_line.geometry))


def test_front_line_separates_gna_positions_from_lna_held_sirte(layers):
    front = _front(layers)
    assert not front.is_empty
    assert set(layers.front_line["factions"]) == {"GNA/LNA"}
    thirty_to_sirte = LineString([(16.27, 31.21), (SIRTE_LON, SIRTE_LAT)])
    crossing = front.intersection(thirty_to_sirte)
    assert not crossing.is_empty
    # between the position and the city, ahead of the position, outside the city
    for pt in getattr(crossing, "geoms", [crossing]):
        km = haversine_km(pt.y, pt.x, SIRTE_LAT, SIRTE_LON)
        assert 9 < km < 30


def test_front_line_crosses_the_coast_road_between_misurata_and_sirte(layers):
    from gazetteer.shapes import country_shape

    road = COAST_ROAD
    assert country_shape("LY").contains(road)
    crossing = _front(layers).intersection(road)
    assert not crossing.is_empty
    for pt in getattr(crossing, "geoms", [crossing]):
        assert (
            haversine_km(pt.y, pt.x, 32.37535, 15.09254) > 50
        )  # well east of Misurata
        assert haversine_km(pt.y, pt.x, SIRTE_LAT, SIRTE_LON) > 9  # outside Sirte


def test_front_line_never_passes_through_a_held_city(layers):
    front = _front(layers)
    held = layers.places[layers.places["status"].isin(["held", "claimed"])]
    for row in held.itertuples():
        if row.kind == "position":
            continue
        km = (
            min(
                haversine_km(row.geometry.y, row.geometry.x, p.y, p.x)
                for p in _points_near(front, row.geometry, 1.0)
            )
            if _points_near(front, row.geometry, 1.0)
            else math.inf
        )
        assert km > 3, f"front passes {km:.1f} km from {row.name}"


def _points_near(line, point, deg):
    from shapely.ops import nearest_points

    if line.distance(point) > deg:
        return []
    return [nearest_points(line, point)[0]]


def test_front_line_stays_on_land_and_marks_uncertain_stretches(layers):
    from gazetteer.shapes import country_shape

    libya = country_shape("LY").buffer(1e-9)
    front = layers.front_line
    assert not front.empty
    for row in front.itertuples():
        assert libya.contains(row.geometry)
        assert row.status == ("inferred" if row.uncertain else "assessed")
        assert row.sources
    certain = front[~front["uncertain"]].geometry.iloc[0]
    # the assessed stretch is the one near Sirte
    assert certain.distance(Point(SIRTE_LON, SIRTE_LAT)) < 0.3


def test_no_front_line_with_one_side_only(analysis):
    only_lna = [c for c in analysis.claims if c.faction in ("LNA", None)]
    layers = build_layers(dataclasses.replace(analysis, claims=only_lna))
    assert layers.front_line.empty
    assert list(layers.front_line.columns) == [*COLUMNS["front_line"], "geometry"]


def test_empty_analysis_gives_empty_layers():
    layers = build_layers(Analysis())
    assert layers.n_features == 0
    for name, frame in layers.frames().items():
        assert list(frame.columns) == [*COLUMNS[name], "geometry"]


def test_ids_are_stable_across_runs_and_order(analysis):
    a = build_layers(analysis)
    b = build_layers(
        dataclasses.replace(analysis, claims=list(reversed(analysis.claims)))
    )
    for name in a.frames():
        assert list(a.frames()[name]["id"]) == list(b.frames()[name]["id"])


def test_every_place_feature_carries_its_sentences(layers, analysis):
    texts = {d.id: d.text for d in analysis.documents}
    for row in layers.places.itertuples():
        assert row.sources, row.name
        for s in row.sources:
            assert texts[s["doc"]][s["start"] : s["end"]] == s["sentence"]
    # Misurata: no claim, yet its feature says where the articles name it
    misurata = _row(layers.places, name="Misurata")
    assert [s["claim_type"] for s in misurata["sources"]] == [None]
    assert "Misurata" in misurata["sources"][0]["sentence"]


def test_seed_front_runs_between_misurata_and_sirte_through_neither(layers):
    front = _front(layers)
    assessed = _front_assessed(layers)
    assert not assessed.is_empty
    for lat, lon, name in (
        (SIRTE_LAT, SIRTE_LON, "Sirte"),
        (32.37535, 15.09254, "Misurata"),
    ):
        assert assessed.distance(Point(lon, lat)) > 0.05, name
    assert front.distance(Point(SIRTE_LON, SIRTE_LAT)) > 0.05
    assert 15.09254 < assessed.centroid.x < SIRTE_LON
    assert tuple(_row(layers.places, name="Sirte")[["faction", "status"]]) == (
        "LNA",
        "held",
    )
    assert _row(layers.places, name="Tarhuna")["faction"] == "GNA"


def _front_assessed(layers):
    from shapely import union_all

    frame = layers.front_line
    return union_all(list(frame[~frame["uncertain"]].geometry))


def test_settlements_of_the_theatre_are_coloured_near_evidence(layers):
    st = layers.settlements
    assert len(st) > 5
    # settlements around Tarhuna and Tripoli are GNA's, those by Sirte LNA's
    for row in st.itertuples():
        if haversine_km(row.geometry.y, row.geometry.x, SIRTE_LAT, SIRTE_LON) < 30:
            assert row.faction == "LNA", row.name
        if haversine_km(row.geometry.y, row.geometry.x, 32.43501, 13.6332) < 30:
            assert row.faction == "GNA", row.name
        assert row.sources and row.basis == "nearby"
