"""A name written before a division noun ("the X region", "X province") names a
division: the division of that name where the country is at war, and never a
spelling of some other place (own sentences)."""

from __future__ import annotations

import pytest

import gazetteer
from gazetteer.sphere import haversine_km


def _mentions(text, theatre=None):
    return [m for m in gazetteer.parse(text, theatre=theatre) if m.kind != "demonym"]


def test_region_of_a_city_is_its_oblast():
    (m,) = _mentions("Shelling hit villages across the Kherson region overnight.", ("UA",))
    assert m.text == "Kherson"
    assert m.place.kind == "admin1"
    # the oblast's point, not the city's (46.64 N 32.61 E), about 90 km apart
    assert haversine_km(m.lat, m.lon, 46.64, 32.61) > 50
    assert haversine_km(m.lat, m.lon, 46.8, 33.5) < 60


def test_city_without_division_noun_stays_the_city():
    (m,) = _mentions("Shelling hit the centre of Kherson overnight.", ("UA",))
    assert m.place.kind != "admin1"
    assert haversine_km(m.lat, m.lon, 46.64, 32.61) < 10


def test_unknown_region_is_no_spelling_of_a_far_village():
    ms = _mentions("Rebels took Laukkai, the capital of the Kokang region.", ("MM",))
    assert [m.text for m in ms] == ["Laukkai"]
    assert haversine_km(ms[0].lat, ms[0].lon, 23.70, 98.76) < 10


@pytest.mark.parametrize(
    "text",
    [
        "Police in Hamilton Township, Ohio, said the road reopened.",
        "The case went to the Charlotte region's court, officials said in Charlotte.",
    ],
)
def test_news_outside_the_wars_keeps_its_town(text):
    ms = _mentions(text)
    assert ms and all(m.country == "US" for m in ms)
    assert all(m.place.kind != "admin1" or m.text == "Ohio" for m in ms)


def test_the_seat_of_a_large_desert_district_is_the_town():
    # the cercle's point lies about 100 km west of the town it is named after
    (m,) = _mentions("Fighters attacked the army camp in Tessalit on Monday.", ("ML",))
    assert m.place.kind != "county"
    assert haversine_km(m.lat, m.lon, 20.20, 1.01) < 10
