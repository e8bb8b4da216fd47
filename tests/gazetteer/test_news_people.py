"""People and organisations are not places: titles in lower case, surnames carried
through the article, names matched only through a town's alternate name."""

from __future__ import annotations

from gazetteer.geoparse import _plausible, _prior, parse


def _places(text, gz):
    return [(m.text, m.country) for m in parse(text, gazetteer=gz) if m.kind == "place"]


def test_lowercase_title_makes_a_person(gz):
    text = "The team thanked coach Corbin after the game in Dayton."
    assert _places(text, gz) == [("Dayton", "US")]


def test_surname_is_carried_through_the_article(gz):
    text = (
        "Mayor Karen Lansing opened the fair in Dayton. "
        "Later Lansing said the fair would return."
    )
    assert [t for t, _ in _places(text, gz)] == ["Dayton"]


def test_a_common_surname_is_no_alternate_name_of_a_town(gz):
    # GeoNames lists "Chen" among the names of Chenzhou; a reader never would.
    assert all(c.place.name != "Chenzhou" for c in _prior(gz, "chen"))
    # the town's own name still finds it
    assert any(c.place.name == "Chenzhou" for c in _prior(gz, "chenzhou"))


def test_person_name_filter_keeps_areas(gz):
    cands = gz.candidates_for_key("jordan", limit=10)
    kept = _plausible("jordan", cands)
    assert kept and kept[0].place.kind == "country" and kept[0].place.country == "JO"


def test_given_name_before_county_is_the_county(gz):
    text = "Deputies in Henry County searched farms near Paris, Tenn., on Friday."
    found = [m for m in parse(text, gazetteer=gz) if m.text == "Henry County"]
    assert len(found) == 1
    m = found[0]
    assert m.country == "US" and abs(m.lat - 36.3) < 0.5 and abs(m.lon + 88.3) < 0.5


def test_middle_names_and_initials_make_a_person(gz):
    text = (
        "Deputies arrested Jason Terrell Lansing and Boyd J. Corbin in Dayton. "
        "Lansing and Corbin were released."
    )
    assert [t for t, _ in _places(text, gz)] == ["Dayton"]


def test_holidays_dinners_and_firms_are_no_places(gz):
    text = (
        "On St. Patrick's Day the Lincoln Day Dinner was held in Dayton; "
        "the firm Stevens & Wilkinson paid."
    )
    assert _places(text, gz) == [("Dayton", "US")]
