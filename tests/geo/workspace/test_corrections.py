"""Corrections as data: each kind, the order they apply in, and what the layers and
the export make of them."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.records import Mention, Place
from geo.factions import load_registry
from geo.layers import build_layers
from geo.pipeline import Analysis
from geo.records import Claim, Document
from geo.workspace import Correction, apply_corrections
from geo.workspace.corrections import review
from tests.geo.workspace.conftest import REGISTRY

UKRAINE = load_registry(REGISTRY)

TEXT = "Date: 2022-10-01\nUkrainian troops took control of Lyman. Izium is quiet.\n"
LYMAN_AT = TEXT.index("Lyman")
IZIUM_AT = TEXT.index("Izium")


def _mention(name: str, at: int, lat: float, lon: float, gid: int) -> Mention:
    place = Place(name, lat, lon, gid, "UA", 20000)
    return Mention(
        "a.txt",
        at,
        at + len(name),
        name,
        "place",
        name,
        lat,
        lon,
        gid,
        "UA",
        place=place,
    )


LYMAN = _mention("Lyman", LYMAN_AT, 48.9886, 37.8025, 702658)
IZIUM = _mention("Izium", IZIUM_AT, 49.2124, 37.2566, 707688)
SENTENCE_AT = TEXT.index("Ukrainian")
SENTENCE_END = TEXT.index(".", SENTENCE_AT) + 1
CLAIM = Claim(
    "a.txt",
    "control",
    "UKR",
    LYMAN,
    TEXT[SENTENCE_AT:SENTENCE_END],
    SENTENCE_AT,
    SENTENCE_END,
    confidence=0.7,
    implied=True,
    date=dt.date(2022, 10, 1),
)
ANALYSIS = Analysis(
    (Document("a.txt", TEXT, dt.date(2022, 10, 1)),),
    {"a.txt": [LYMAN, IZIUM]},
    [CLAIM],
)


def _fix(*corrections: Correction) -> Analysis:
    numbered = [
        Correction(c.kind, c.target, c.value, c.note, c.author, c.created, i)
        for i, c in enumerate(corrections, 1)
    ]
    return apply_corrections(ANALYSIS, numbered)


def test_no_corrections_is_the_same_analysis():
    assert apply_corrections(ANALYSIS, []) is ANALYSIS


def test_reject_drops_the_claim_and_accept_brings_it_back():
    assert _fix(Correction("reject", CLAIM.id)).claims == []
    (back,) = _fix(
        Correction("reject", CLAIM.id), Correction("accept", CLAIM.id, author="ann")
    ).claims
    assert back.faction == "UKR"
    assert (back.confidence, back.implied) == (1.0, False)
    assert back.corrected.startswith("corrected by analyst: accepted (ann")


def test_side_and_type_change_the_claim_not_its_evidence():
    (fixed,) = _fix(
        Correction("side", CLAIM.id, {"side": "RUS"}, note="the report was wrong"),
        Correction("type", CLAIM.id, {"type": "movement", "kind": "advance"}),
    ).claims
    assert (fixed.faction, fixed.type, fixed.kind) == ("RUS", "movement", "advance")
    assert fixed.sentence == CLAIM.sentence
    assert (fixed.start, fixed.end, fixed.doc) == (CLAIM.start, CLAIM.end, "a.txt")
    assert "side set to RUS" in fixed.corrected
    assert "the report was wrong" in fixed.corrected
    assert "type set to movement advance" in fixed.corrected


def test_the_latest_correction_of_an_aspect_wins():
    (fixed,) = _fix(
        Correction("side", CLAIM.id, {"side": "RUS"}),
        Correction("side", CLAIM.id, {"side": "UKR"}),
    ).claims
    assert fixed.faction == "UKR"
    assert "RUS" not in fixed.corrected


def test_move_to_a_point_moves_the_mention_and_its_claims():
    fixed = _fix(Correction("move", LYMAN.id, {"lat": 48.5, "lon": 38.0}))
    moved = fixed.mentions["a.txt"][0]
    assert (moved.lat, moved.lon, moved.geonameid) == (48.5, 38.0, None)
    assert moved.id == LYMAN.id  # the same mention, somewhere else
    assert TEXT[moved.start : moved.end] == moved.text == "Lyman"
    (claim,) = fixed.claims
    assert (claim.place.lat, claim.place.lon) == (48.5, 38.0)
    assert "place moved to the point 48.5000, 38.0000" in claim.corrected
    assert ANALYSIS.mentions["a.txt"][0] is LYMAN  # the input is untouched


def test_move_to_another_gazetteer_place():
    value = {
        "geonameid": 700000,
        "name": "Lyman (Kharkiv)",
        "country": "UA",
        "lat": 49.45,
        "lon": 36.4,
        "kind": "city",
    }
    (claim,) = _fix(Correction("move", LYMAN.id, value)).claims
    assert claim.place.geonameid == 700000
    assert claim.place.place.name == "Lyman (Kharkiv)"
    layers = build_layers(_fix(Correction("move", LYMAN.id, value)), registry=UKRAINE)
    row = layers.places[layers.places["geonameid"] == 700000].iloc[0]
    assert row["name"] == "Lyman (Kharkiv)"
    assert (round(row.geometry.y, 4), round(row.geometry.x, 4)) == (49.45, 36.4)


def test_not_a_place_removes_the_mention_and_unplaces_its_claims():
    fixed = _fix(
        Correction("not-a-place", IZIUM.id), Correction("not-a-place", LYMAN.id)
    )
    assert fixed.mentions["a.txt"] == []
    assert fixed.claims[0].place is None
    assert "not a place" in fixed.claims[0].corrected
    layers = build_layers(fixed, registry=UKRAINE)
    assert len(layers.places) == 0


def test_set_control_is_a_claim_of_the_analyst_as_of_its_date():
    value = {
        "side": "RUS",
        "as_of": "2022-10-05",
        "name": "Lyman",
        "lat": LYMAN.lat,
        "lon": LYMAN.lon,
        "geonameid": 702658,
        "country": "UA",
    }
    fixed = _fix(Correction("set-control", "gn:702658", value, author="ann"))
    analyst = [c for c in fixed.claims if c.doc.startswith("analyst:")]
    (claim,) = analyst
    assert (claim.faction, claim.date, claim.type) == (
        "RUS",
        dt.date(2022, 10, 5),
        "control",
    )
    assert claim.sentence[claim.place.start : claim.place.end] == "Lyman"
    assert any(d.id == claim.doc and d.text == claim.sentence for d in fixed.documents)
    now = build_layers(fixed, registry=UKRAINE)
    row = now.places[now.places["geonameid"] == 702658].iloc[0]
    assert (row["faction"], row["status"]) == ("RUS", "held")
    assert any(
        s["corrected"] and "Lyman held by RUS as of 2022-10-05" in s["corrected"]
        for s in row["sources"]
    )
    before = build_layers(fixed, as_of=dt.date(2022, 10, 2), registry=UKRAINE)
    row = before.places[before.places["geonameid"] == 702658].iloc[0]
    assert row["faction"] == "UKR"  # the reports' word until the analyst's date


def test_the_layers_carry_the_provenance_beside_the_sentence():
    layers = build_layers(
        _fix(Correction("side", CLAIM.id, {"side": "RUS"})), registry=UKRAINE
    )
    row = layers.places[layers.places["geonameid"] == 702658].iloc[0]
    (source,) = row["sources"]
    assert source["sentence"] == CLAIM.sentence
    assert source["faction"] == "RUS"
    assert source["corrected"] == "corrected by analyst: side set to RUS"


def test_review_pairs_each_claim_with_its_corrected_form():
    corrections = [Correction("reject", CLAIM.id, id=1)]
    assert review(ANALYSIS, corrections) == [(CLAIM, None)]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("delete", {}, "unknown correction"),
        ("type", {"type": "rumour"}, "unknown claim type"),
        ("type", {"type": "movement"}, "needs a kind"),
        ("side", {}, "needs a side"),
        ("move", {"lat": 91.0, "lon": 0.0}, "out of range"),
        ("move", {"lat": float("nan"), "lon": 0.0}, "non-finite"),
    ],
)
def test_bad_corrections_are_refused(kind, value, message):
    with pytest.raises(ValueError, match=message):
        Correction(kind, "c-0", value)
