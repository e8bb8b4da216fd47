"""Document context in resolution: local news about small towns, names qualified by
their state or country, counties the index lacks, country codes in capitals."""

from __future__ import annotations

from gazetteer.evaluate import haversine_km
from gazetteer.geoparse import parse


def _places(text, gz):
    return [m for m in parse(text, gazetteer=gz) if m.kind == "place"]


def _near(m, lat, lon, km):
    return haversine_km(m.lat, m.lon, lat, lon) <= km


def test_a_name_alone_keeps_its_prior(gz):
    (paris,) = _places("She flew to Paris on Monday.", gz)
    assert paris.country == "FR"


def test_the_other_towns_pull_an_ambiguous_name(gz):
    text = (
        "The Paris school board met on Tuesday. Parents from Danville, Champaign "
        "and Terre Haute came to the meeting in Paris."
    )
    paris = [m for m in _places(text, gz) if m.text == "Paris"]
    assert len(paris) == 2
    # Paris, Illinois, not France: a name never votes for its own reading.
    assert all(_near(m, 39.61, -87.70, 50) for m in paris)


def test_city_state_pairs_fix_both_names(gz):
    text = "Police in London, Ky., Paris, Texas, Athens, Ga., and Tripoli, Lebanon."
    got = {m.text: m for m in _places(text, gz)}
    assert _near(got["London"], 37.13, -84.08, 30)  # London, Kentucky (not Ohio)
    assert _near(got["Paris"], 33.66, -95.56, 30)
    assert _near(got["Athens"], 33.96, -83.38, 30)
    assert got["Ga."].country == "US" and got["Ga."].name == "Georgia"
    assert got["Tripoli"].country == "LB"
    assert got["Lebanon"].country == "LB"


def test_a_county_is_never_a_far_namesake(gz):
    text = (
        "Deputies in Laurel County searched homes near Corbin and Somerset, "
        "Kentucky, on Friday."
    )
    places = _places(text, gz)
    (county,) = [m for m in places if m.text.startswith("Laurel")]
    assert county.text == "Laurel County"  # the span covers the whole phrase
    # the US county of that name in the state the text names (no GeoNames id:
    # the mean point of its towns, data/us_counties.tsv), with a county's radius
    assert county.geonameid is None and county.place.admin1 == "KY"
    assert county.uncertainty_km == 40.0
    assert _near(county, 37.09, -84.10, 30)


def test_a_county_named_after_a_nearby_town_takes_it(gz):
    # not a US county: the town it is named after, near the article's places
    text = "Nurses in Kisumu and Siaya said Homa Bay County clinics closed."
    (county,) = [m for m in _places(text, gz) if m.text.startswith("Homa")]
    assert county.text == "Homa Bay County"
    assert county.country == "KE" and county.geonameid is not None
    assert _near(county, -0.53, 34.46, 30)
    assert county.uncertainty_km == 40.0


def test_us_in_capitals_is_the_country_and_us_is_a_word(gz):
    places = _places("The US said it would help. Let us hope, US officials said.", gz)
    assert [m.text for m in places] == ["US", "US"]
    assert all(m.country == "US" for m in places)


def test_state_abbreviation_is_kept(gz):
    places = _places("He lives in Columbia, S.C., with his wife.", gz)
    assert [(m.text, m.name) for m in places] == [
        ("Columbia", "Columbia"),
        ("S.C.", "South Carolina"),
    ]
    assert _near(places[0], 34.0, -81.03, 30)


def test_city_state_pairs_match_the_division_code(gz):
    from gazetteer import parse

    found = {
        m.text: m.place
        for m in parse("Clashes in Athens, Ga., and Rome, Ga.", gazetteer=gz)
        if m.kind == "place"
    }
    assert (found["Athens"].country, found["Athens"].admin1) == ("US", "GA")
    assert (found["Rome"].country, found["Rome"].admin1) == ("US", "GA")


def test_a_towns_alternate_spelling_that_is_no_word_is_found(gz):
    from gazetteer import parse

    text = "Ukrainian troops withdrew from positions near Avdiivka, north of Donetsk."
    found = {m.text: m.place for m in parse(text, gazetteer=gz) if m.kind == "place"}
    assert found["Avdiivka"].name == "Avdiyivka" and found["Avdiivka"].country == "UA"
