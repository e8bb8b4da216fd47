"""Forms of round W (issue 13), found reading a Sudan report as a user would: a
place described by a noun of the region it lies in ("P, the last city in R still
held by X" is P held, not R), a siege told after that long inserted phrase, and,
through the whole pipeline, a claim dated by its month ("in December")."""

from __future__ import annotations

import datetime as dt

from geo.claims import claims_for_text
from geo.factions import registry_from_dict
from gazetteer.sphere import haversine_km
from tests.geo.test_claims_forms import summary

SUDAN = registry_from_dict(
    {
        "version": 2,
        "name": "Sudan (test)",
        "theatre": ["SD"],
        "factions": [
            {"id": "SAF", "label": "Sudanese Armed Forces",
             "aliases": ["the army", "Sudanese army"], "opposes": ["RSF"]},
            {"id": "RSF", "label": "Rapid Support Forces",
             "aliases": ["RSF", "paramilitaries"], "opposes": ["SAF"]},
        ],
    },
    source="sudan-test.json",
)


def test_the_place_described_is_held_not_the_region_it_lies_in():
    text = "Brisk, the last major town in Kelbar still held by the Northern Army, was calm."
    assert summary(text) == [("control", "NOR", "Brisk")]
    text = "Oster, the capital of Kelbar, which is controlled by the rebels, was calm."
    assert summary(text) == [("control", "COA", "Oster")]


def test_without_the_apposition_the_region_is_held():
    text = "The towns of Kelbar, still held by the Northern Army, were calm."
    assert summary(text) == [("control", "NOR", "Kelbar")]


def test_a_siege_told_after_a_long_inserted_phrase():
    text = (
        "Oster, the last city in Valmora still held by the rebels, has been besieged "
        "by the Northern Army since May."
    )
    assert sorted(summary(text)) == [("control", "COA", "Oster"), ("position", "NOR", "Oster")]


def test_through_the_pipeline_with_real_places_and_a_month_date():
    text = (
        "El Fasher, the last major city in Darfur still held by the army, has been "
        "besieged by the RSF since May. The RSF seized Wad Madani, capital of Gezira "
        "state, in December."
    )
    got = claims_for_text(text, registry=SUDAN, date=dt.date(2024, 6, 14))
    rows = sorted((c.type, c.faction, c.place.name, c.date) for c in got)
    assert rows == [
        ("control", "RSF", "Wad Medani", dt.date(2023, 12, 1)),
        ("control", "SAF", "El Fasher", dt.date(2024, 6, 14)),
        ("position", "RSF", "El Fasher", dt.date(2024, 6, 14)),
    ]
    fasher = next(c for c in got if c.place.name == "El Fasher")
    assert haversine_km(fasher.place.lat, fasher.place.lon, 13.628, 25.349) < 5
    assert text[fasher.start : fasher.end] == fasher.sentence
    madani = next(c for c in got if c.place.name == "Wad Medani")
    assert haversine_km(madani.place.lat, madani.place.lon, 14.401, 33.520) < 5


def test_a_side_fighting_another_near_a_place_is_a_front():
    from tests.geo.test_claims_forms import claims

    for text in (
        "The Northern Army is fighting Coastal Front units around Oster.",
        "The Northern Army has been fighting the rebels near Oster for weeks.",
    ):
        got = claims(text)
        assert [(c.type, c.factions, c.place.name, c.sentence) for c in got] == [
            ("frontline", ("NOR", "COA"), "Oster", text)
        ]
    # fighting with no two sides named says nothing of a front
    assert summary("Heavy fighting was reported near Oster.") == []
    assert summary("The Northern Army said fighting continued near Oster.") == []


def test_what_a_common_noun_side_fights_with_names_it():
    # "the army" as an alias: "Army warplanes", "army artillery", "army positions"
    got = claims_for_text("Army warplanes struck RSF positions in Nyala.", registry=SUDAN)
    assert [(c.type, c.faction, c.target, c.place.name) for c in got] == [
        ("strike", "SAF", "RSF", "Nyala")
    ]
    got = claims_for_text("RSF drones struck army positions in Kosti.", registry=SUDAN)
    assert [(c.type, c.faction, c.target, c.place.name) for c in got] == [
        ("strike", "RSF", "SAF", "Kosti")
    ]
    assert [(m.start, m.end, m.faction) for m in SUDAN.matches("Army artillery fired.")] == [
        (0, 14, "SAF")
    ]
