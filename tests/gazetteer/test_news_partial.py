"""A place inside a longer name: kept under a compass word, refused when the longer
name is a natural feature or a building of its own."""

from __future__ import annotations

from gazetteer.geoparse import parse


def _places(text, gz):
    return [(m.text, m.country) for m in parse(text, gazetteer=gz) if m.kind == "place"]


def test_compass_qualified_names_keep_their_place(gz):
    text = "Protests spread from North Glasgow to western Ukraine and South Sudan."
    found = dict(_places(text, gz))
    assert found["Glasgow"] == "GB"
    assert found["Ukraine"] == "UA"
    assert found["South Sudan"] == "SS"  # a whole name still wins


def test_a_small_town_before_a_feature_word_is_not_meant(gz):
    assert _places("Divers searched Pearl Harbor at dawn.", gz) == []


def test_a_city_before_a_feature_word_is(gz):
    assert _places("Fishing boats crowded Benghazi Harbour.", gz) == [
        ("Benghazi", "LY")
    ]


def test_a_building_word_is_no_village(gz):
    text = "Pilgrims filled the Manila Cathedral and the Chamber of Commerce hall."
    assert _places(text, gz) == [("Manila", "PH")]


def test_a_compass_part_of_a_continent_is_a_region_of_its_own(gz):
    # "West Africa" is not Africa's point; without the region, better nothing.
    assert _places("Outbreaks in West Africa and Europe.", gz) == [("Europe", None)]
