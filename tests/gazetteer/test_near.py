"""'X near Y' decides between X's namesakes, and places an X the gazetteer lacks
near Y at Y, saying so (sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import gazetteer
from gazetteer.geoparse import NEAR_KM, NEAR_PLACED_KM, _settle_by_nearness
from gazetteer.sphere import haversine_km

AVDIIVKA = (48.14, 37.75)


def _far_orlivka(gz):
    """An Orlivka of another oblast, over 200 km from Avdiivka."""
    for c in gz.within("Orlivka", ["UA"], limit=200):
        if haversine_km(c.place.lat, c.place.lon, *AVDIIVKA) > 200:
            return c.place
    raise AssertionError("the index should hold far Orlivkas")


def test_a_far_namesake_gives_way_to_the_one_near_the_anchor(gz):
    text = "Shelling hit Orlivka near Avdiivka on Monday."
    parsed = [m for m in gazetteer.parse(text, gazetteer=gz) if m.kind == "place"]
    far = _far_orlivka(gz)
    wrong = replace(parsed[0], lat=far.lat, lon=far.lon, place=far, geonameid=far.geonameid)
    fixed = _settle_by_nearness(text, [wrong, parsed[1]], gz)
    orlivka = fixed[0]
    assert orlivka.text == "Orlivka" and orlivka.geonameid != far.geonameid
    assert haversine_km(orlivka.lat, orlivka.lon, *AVDIIVKA) <= NEAR_KM
    assert orlivka.stated_vs_geodesic is None  # a gazetteer place, nothing to say


def test_nothing_moves_when_x_is_near_y_already(gz):
    text = "Shelling hit Orlivka near Avdiivka on Monday."
    places = [m for m in gazetteer.parse(text, gazetteer=gz) if m.kind == "place"]
    assert _settle_by_nearness(text, places, gz) is places


def test_a_camp_missing_from_the_gazetteer_stands_at_the_town_it_is_near(gz):
    from geo.factions import registry_from_dict
    from geo.pipeline import analyse_text
    from geo.records import Document

    reg = registry_from_dict(
        {
            "version": 2,
            "name": "test",
            "theatre": ["SD"],
            "factions": [
                {"id": "A", "aliases": ["Rapid Support Forces"], "opposes": ["B"]},
                {"id": "B", "aliases": ["the army"], "opposes": ["A"]},
            ],
        }
    )
    text = "The Rapid Support Forces shelled the Abu Shouk camp near El Fasher, killing five."
    _, claims = analyse_text(Document("t", text), gazetteer=gz, registry=reg)
    (strike,) = [c for c in claims if c.type == "strike"]
    assert strike.faction == "A" and strike.casualties == 5
    fasher = (13.63, 25.35)
    assert haversine_km(strike.place.lat, strike.place.lon, *fasher) <= NEAR_PLACED_KM


def test_big_places_are_not_moved_by_near(gz):
    text = "He said Paris near London was a strange phrase."
    places = [m for m in gazetteer.parse(text, gazetteer=gz) if m.kind == "place"]
    assert [p.country for p in _settle_by_nearness(text, places, gz)] == ["FR", "GB"]
