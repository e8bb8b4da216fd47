"""Seas, oceans, lakes and world regions (gazetteer/data/supplement.csv) are meant
by their names, not the towns and provinces named after them."""

from __future__ import annotations

import pytest

from gazetteer.geoparse import parse


def _places(text, gz):
    return [m for m in parse(text, gazetteer=gz) if m.kind == "place"]


@pytest.mark.parametrize(
    ("text", "surface", "name", "kind", "lat", "lon"),
    [
        ("Two freighters sank in the Atlantic last winter.", "Atlantic",
         "Atlantic Ocean", "sea", 0.0, -30.0),
        ("A typhoon crossed the Pacific towards the coast.", "Pacific",
         "Pacific Ocean", "sea", 0.0, -160.0),
        ("Oil prices rose as tension in the Middle East grew.", "Middle East",
         "Middle East", "region", 29.0, 44.0),
        ("Pirates seized a tanker in the Red Sea on Monday.", "Red Sea",
         "Red Sea", "sea", 20.56, 38.58),
        ("Rigs in the Gulf of Mexico were shut before the storm.", "Gulf of Mexico",
         "Gulf of Mexico", "sea", 24.16, -89.03),
        ("Ice on Lake Erie closed the ferry route.", "Lake Erie",
         "Lake Erie", "sea", 42.2, -81.2),
        ("Cod stocks in the North Atlantic are falling.", "North Atlantic",
         "North Atlantic Ocean", "sea", 40.0, -40.0),
    ],
)
def test_a_sea_or_region_is_meant_by_its_name(gz, text, surface, name, kind, lat, lon):
    (m,) = [m for m in _places(text, gz) if m.text == surface]
    assert (m.name, m.place.kind) == (name, kind)
    assert abs(m.lat - lat) < 0.05 and abs(m.lon - lon) < 0.05
    assert m.uncertainty_km >= 250  # a label point, not a place on the ground


def test_no_town_named_after_the_ocean_in_a_us_story(gz):
    text = "Ohio sailors crossed the Atlantic. Later they sailed the Pacific."
    for m in _places(text, gz):
        assert m.place.kind in ("sea", "admin1"), m


def test_the_town_when_the_text_says_so(gz):
    (town, state) = _places("Officials in Atlantic, Iowa, said the road was shut.", gz)
    assert (town.name, town.country, town.place.kind) == ("Atlantic", "US", "city")
    assert abs(town.lat - 41.40) < 0.05 and abs(town.lon + 95.01) < 0.05
    assert state.name == "Iowa"


def test_the_province_when_the_text_says_so(gz):
    (m,) = _places("Red Sea state officials said the port was open.", gz)
    assert (m.country, m.place.kind) == ("SD", "admin1")


def test_the_holy_see_is_the_vatican(gz):
    (m,) = _places("The Holy See said on Sunday that the talks would resume.", gz)
    assert m.text == "Holy See"
    assert (m.country, m.place.kind) == ("VA", "country")
    assert abs(m.lat - 41.90) < 0.05 and abs(m.lon - 12.45) < 0.05


def test_a_region_of_a_country_votes_for_it(gz):
    (m,) = _places("Shelling went on across the Donbas overnight.", gz)
    assert (m.name, m.country, m.place.kind) == ("Donbas", "UA", "region")


def test_a_breakaway_region_and_its_adjective(gz):
    text = "South Ossetian officials met envoys in South Ossetia on Monday."
    ms = [m for m in parse(text, gazetteer=gz) if m.kind in ("place", "demonym")]
    assert [(m.text, m.kind, m.country) for m in ms] == [
        ("South Ossetian", "demonym", "GE"),
        ("South Ossetia", "place", "GE"),
    ]
    assert abs(ms[1].lat - 42.3) < 0.05 and abs(ms[1].lon - 44.0) < 0.05


@pytest.mark.parametrize(
    ("text", "surface", "country", "lat", "lon"),
    [
        ("A tsunami hit the island of Java on Monday.", "Java", "ID", -7.4, 110.0),
        ("Rebels clashed with troops on Mindanao.", "Mindanao", "PH", 7.6, 125.0),
        ("Farms on Long Island flooded overnight.", "Long Island", "US", 40.8, -73.1),
    ],
)
def test_an_island_is_meant_by_its_name(gz, text, surface, country, lat, lon):
    (m,) = [m for m in _places(text, gz) if m.text == surface]
    assert (m.country, m.place.kind) == (country, "region")
    assert abs(m.lat - lat) < 0.05 and abs(m.lon - lon) < 0.05
