"""A small town's name inside a longer name the index lacks ("Meadow Grove",
"Zion National Park", "Los Feliz") is not the town: the feature is placed near
the article's other places, or left out; a city holds what is named after it."""

from __future__ import annotations

from gazetteer.geoparse import parse


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


def test_a_grove_near_the_articles_towns(gz):
    text = "A fair at Meadow Grove drew crowds from Norfolk and Columbus, Nebraska."
    got = _places(text, gz)
    m = got["Meadow Grove"]
    assert m.geonameid is None and m.country == "US"
    assert m.uncertainty_km >= 100  # a guess, said so
    # the median of the towns around it (Norfolk and Columbus, Nebraska)
    assert abs(m.lat - 42.0) < 0.6 and abs(m.lon + 97.4) < 0.3
    assert "Meadow" not in got


def test_a_national_park_is_not_its_namesake(gz):
    text = "Hikers in Zion National Park were rescued, officials in St. George, Utah said."
    got = _places(text, gz)
    park = got["Zion National Park"]
    assert park.country == "US" and park.geonameid is None
    assert abs(park.lat - 37.1) < 0.3 and abs(park.lon + 113.6) < 0.3
    assert "Zion" not in got and "National Park" not in got  # not Jerusalem, not NJ


def test_a_square_of_a_city(gz):
    got = _places("Pilgrims filled St. Peter's Square in Rome on Easter.", gz)
    sq = got["St. Peter's Square"]
    assert sq.country == "IT"
    assert abs(sq.lat - 41.9) < 0.2 and abs(sq.lon - 12.5) < 0.2


def test_a_city_holds_its_cathedral(gz):
    got = _places("Mass was said at Manila Cathedral on Sunday.", gz)
    m = got["Manila"]
    assert (m.country, m.place.kind) == ("PH", "capital")
    assert abs(m.lat - 14.6) < 0.1 and abs(m.lon - 121.0) < 0.1


def test_no_guess_without_other_places(gz):
    assert _places("Fans gathered in Griffith Park on Sunday.", gz) == {}


def test_the_tail_after_an_article_is_not_a_town(gz):
    assert "Feliz" not in _places("Rents rose in Los Feliz and Silver Lake.", gz)
    got = _places("Flights to El Paso resumed.", gz)
    assert got["El Paso"].country == "US"


def test_a_street_named_after_a_place_is_marked_as_inside_a_name(gz):
    got = _places("Shops on Baghdad Street in Damascus reopened on Sunday.", gz)
    assert got["Baghdad"].in_name  # the street's name, left out of maps
    assert not got["Damascus"].in_name and got["Damascus"].country == "SY"


def test_a_river_named_like_a_small_town_lies_near_the_articles_towns(gz):
    text = "Anglers on the Catawba River near Charlotte and Gastonia were warned."
    got = _places(text, gz)
    river = got["Catawba River"]
    assert river.geonameid is None and river.country == "US"
    assert abs(river.lat - 35.25) < 0.2 and abs(river.lon + 81.0) < 0.3
    assert "Catawba" not in got


def test_a_harbour_may_be_far_away_and_is_left_out(gz):
    got = _places("Veterans recalled Pearl Harbor in Dayton, Ohio.", gz)
    assert sorted(got) == ["Dayton", "Ohio"]
