"""US counties by name (gazetteer/data/us_counties.tsv): the county of that name
in a state the document names, else the one nearest its other places, else the
most populous; the counties of a name support the towns near them."""

from __future__ import annotations

from gazetteer.geoparse import parse, us_counties


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


def test_the_table_holds_counties_of_many_states():
    henry = {p.admin1 for p in us_counties()["henry county"]}
    assert {"GA", "TN", "VA", "OH"} <= henry
    (muscogee,) = us_counties()["muscogee county"]
    assert muscogee.admin1 == "GA"
    assert abs(muscogee.lat - 32.5) < 0.2 and abs(muscogee.lon + 84.9) < 0.2


def test_the_county_of_the_state_named(gz):
    text = "Henry County schools reopened on Monday, Tennessee officials said."
    m = _places(text, gz)["Henry County"]
    assert (m.country, m.place.admin1, m.geonameid) == ("US", "TN", None)
    assert abs(m.lat - 36.3) < 0.3 and abs(m.lon + 88.3) < 0.3
    assert m.uncertainty_km == 40.0


def test_the_county_nearest_the_articles_town(gz):
    got = _places("A bridge in Boone County near Columbia was closed.", gz)
    assert got["Boone County"].place.admin1 == "MO"  # Columbia, Missouri
    assert got["Columbia"].place.admin1 == "MO"


def test_a_given_name_before_county_is_the_county(gz):
    # "Walker", "Henry": people's names elsewhere; before "County", a county
    got = _places("Deputies in Walker County said the fire near Huntsville was out.", gz)
    county, town = got["Walker County"], got["Huntsville"]
    # the Texas county holds a Huntsville: the two readings support each other
    assert (county.place.admin1, town.place.admin1) == ("TX", "TX")
    assert abs(town.lat - 30.72) < 0.05 and abs(town.lon + 95.55) < 0.05


def test_a_county_of_one_state_is_a_sure_point(gz):
    got = _places("Columbus police and Muscogee County deputies met on Friday.", gz)
    assert got["Columbus"].place.admin1 == "GA"
    assert abs(got["Columbus"].lat - 32.46) < 0.05


def test_a_parish(gz):
    m = _places("Acadia Parish deputies said the road was open.", gz)["Acadia Parish"]
    assert (m.country, m.place.admin1) == ("US", "LA")
    assert abs(m.lat - 30.24) < 0.1 and abs(m.lon + 92.43) < 0.1


def test_a_longer_name_ending_in_a_us_county_name_is_not_it(gz):
    got = _places("Nurses in Kisumu and Siaya said Homa Bay County clinics closed.", gz)
    assert got["Homa Bay County"].country == "KE"


def test_the_names_of_a_list_of_counties(gz):
    text = "Flooding closed roads in Clay, Becker and Otter Tail counties on Sunday."
    got = _places(text, gz)
    assert [(n, got[n].name) for n in ("Clay", "Becker", "Otter Tail")] == [
        ("Clay", "Clay County"),
        ("Becker", "Becker County"),
        ("Otter Tail", "Otter Tail County"),
    ]
    # Becker and Otter Tail are Minnesota's alone; the Clay County beside them too
    assert {got[n].place.admin1 for n in got} == {"MN"}
    assert abs(got["Otter Tail"].lat - 46.4) < 0.3 and abs(got["Otter Tail"].lon + 95.7) < 0.4


def test_a_county_of_one_state_places_its_neighbours(gz):
    got = _places("Schools in Barrow, Jackson, Oconee and Clarke counties closed.", gz)
    assert {m.place.admin1 for m in got.values()} == {"GA"}


def test_a_list_of_counties_stops_at_a_name_of_another_state(gz):
    got = _places("Schools in Indiana, Boone and Montgomery counties closed.", gz)
    assert (got["Indiana"].place.kind, got["Indiana"].place.admin1) == ("admin1", "IN")
    assert got["Boone"].name == "Boone County" and got["Boone"].place.admin1 == "IN"
    got = _places("Officials from Athens, Barrow, Oconee and Clarke counties met.", gz)
    assert got["Athens"].place.kind != "district"  # the city, not Athens County, Ohio
