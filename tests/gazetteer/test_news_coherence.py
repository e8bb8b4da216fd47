"""Namesakes chosen with the document's other places as a whole: readings of
different names that lie close together support each other, within the states
the document names; the second pass has the last word."""

from __future__ import annotations

import pytest

from gazetteer import geoparse
from gazetteer.geoparse import parse


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


def test_two_small_towns_close_together_are_read_together(gz):
    # Hagerstown (Maryland) and New Castle (Pennsylvania) are the bigger
    # namesakes, 250 km apart; the two Indiana towns are 20 km apart.
    text = "Hagerstown and New Castle schools met in a regional final on Friday."
    got = _places(text, gz)
    for name, lat, lon in (("Hagerstown", 39.91, -85.16), ("New Castle", 39.93, -85.37)):
        m = got[name]
        assert (m.country, m.place.admin1) == ("US", "IN")
        assert abs(m.lat - lat) < 0.1 and abs(m.lon - lon) < 0.1


def test_three_names_agree_on_one_state(gz):
    text = "The bus left Winfield for Mount Pleasant and New London at noon."
    got = _places(text, gz)
    assert {got[n].place.admin1 for n in ("Winfield", "Mount Pleasant", "New London")} == {
        "IA"
    }
    assert abs(got["Mount Pleasant"].lat - 40.96) < 0.1
    assert abs(got["Mount Pleasant"].lon + 91.55) < 0.1


def test_without_the_support_the_bigger_namesakes_win(gz, monkeypatch):
    monkeypatch.setattr(geoparse, "COHERENCE_BONUS", 0.0)
    text = "Hagerstown and New Castle schools met in a regional final on Friday."
    got = _places(text, gz)
    assert got["Hagerstown"].place.admin1 == "MD"


def test_a_country_or_state_name_is_not_pulled_to_a_town(gz):
    text = (
        "Exports from Mexico rose. Tijuana and Monterrey factories hired, and "
        "New York buyers met in Albany and Buffalo."
    )
    got = _places(text, gz)
    assert got["Mexico"].place.kind == "country"
    assert got["New York"].place.kind == "admin1"


@pytest.mark.parametrize("pilot", ["Texas", "Texas and Oklahoma"])
def test_the_second_pass_returns_to_the_big_city(gz, pilot):
    # "Georgia" is first read as the country, so only Texas says anything in the
    # first pass and pulls Atlanta to the Texas town; with Georgia read as the
    # state the city of half a million is back.
    text = f"An Atlanta charity will expand across Georgia after a pilot in {pilot}."
    m = _places(text, gz)["Atlanta"]
    assert (m.place.admin1, round(m.lat, 1), round(m.lon, 1)) == ("GA", 33.7, -84.4)


def test_a_named_state_limits_who_supports_whom(gz):
    # Madison and Jackson lie 20 km apart in Mississippi (and the bigger Madison
    # is Wisconsin's); with Georgia named, the Georgia towns (90 km apart) win.
    text = "Georgia officials met in Madison and in Jackson on Monday."
    got = _places(text, gz)
    assert got["Georgia"].place.kind == "admin1"
    for name, lat, lon in (("Madison", 33.60, -83.47), ("Jackson", 33.29, -83.97)):
        m = got[name]
        assert (m.country, m.place.admin1) == ("US", "GA")
        assert abs(m.lat - lat) < 0.1 and abs(m.lon - lon) < 0.1
    plain = _places("Officials met in Madison and in Jackson on Monday.", gz)
    assert {plain["Madison"].place.admin1, plain["Jackson"].place.admin1} == {"MS"}


def test_a_country_name_in_a_local_story_is_the_local_town(gz):
    text = (
        "Lebanon police and Wilson County deputies met in Nashville, Tennessee, "
        "on Friday."
    )
    m = _places(text, gz)["Lebanon"]
    assert (m.country, m.place.admin1) == ("US", "TN")
    assert abs(m.lat - 36.21) < 0.05 and abs(m.lon + 86.29) < 0.05


def test_a_country_the_story_is_about_stays_the_country(gz):
    got = _places("Israel struck targets in Lebanon, officials in Washington said.", gz)
    assert (got["Lebanon"].country, got["Lebanon"].place.kind) == ("LB", "country")
    got = _places(
        "Lebanese officials in Lebanon met envoys from Washington and New York.", gz
    )
    assert got["Lebanon"].country == "LB"
