"""Countries and first-level divisions stand at their usual points (issue 12): a
country at the CIA World Factbook's coordinates (midway to its mainland centroid when
the two agree), a division at the centroid of its mainland in Natural Earth's
admin-1, so that "Russia" or "Ontario" in a story lands where gazetteers put it."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from shapely.geometry import Point

from gazetteer.geoparse import parse
from gazetteer.shapes import country_shape
from gazetteer.sources import (
    DIVISION_AGREE_KM,
    admin1_codes,
    admin_points,
    division_points,
    midway,
    reference_points,
)
from gazetteer.sphere import haversine_km


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


@pytest.mark.parametrize(
    ("text", "name", "iso2", "lat", "lon", "km"),
    [
        # Factbook points: 60 N 100 E, 60 N 95 W, 5 S 120 E, 41 S 174 E
        (
            "Exports from Russia fell again in the spring.",
            "Russia",
            "RU",
            60.0,
            100.0,
            100,
        ),
        (
            "Wheat farmers in Canada expect a late harvest.",
            "Canada",
            "CA",
            60.0,
            -95.0,
            30,
        ),
        (
            "Volcanic ash closed airports in Indonesia on Monday.",
            "Indonesia",
            "ID",
            -5.0,
            120.0,
            30,
        ),
        (
            "Sheep numbers in New Zealand have halved.",
            "New Zealand",
            "NZ",
            -41.0,
            174.0,
            30,
        ),
        # the centre of the contiguous states, near Lebanon, Kansas
        (
            "Flu cases rose across the United States last week.",
            "United States",
            "US",
            39.83,
            -98.58,
            100,
        ),
    ],
)
def test_a_country_stands_at_its_usual_point(gz, text, name, iso2, lat, lon, km):
    m = _places(text, gz)[name]
    assert (m.place.kind, m.country) == ("country", iso2)
    assert haversine_km(m.lat, m.lon, lat, lon) < km
    assert country_shape(iso2).buffer(0.1).contains(Point(m.lon, m.lat))


@pytest.mark.parametrize(
    ("text", "name", "code", "lat", "lon", "km"),
    [
        # Ontario near 49 N 85 W, far north of Toronto (it stood 621 km off)
        (
            "Hospitals in Ontario postponed surgery.",
            "Ontario",
            "CA.08",
            49.25,
            -84.5,
            100,
        ),
        # Virginia: inside the state, not at the box of its towns
        (
            "A storm cut power across Virginia overnight.",
            "Virginia",
            "US.VA",
            37.5,
            -78.9,
            80,
        ),
        # Scotland: Natural Earth draws it as councils, joined by constituent country
        ("Schools in Scotland reopen next week.", "Scotland", "GB.SCT", 56.6, -4.0, 80),
        # Queensland: between its towns' box and its centroid (GeoNames: 20 S 145 E)
        (
            "Floods cut roads in Queensland after days of rain.",
            "Queensland",
            "AU.04",
            -20.0,
            145.0,
            161,
        ),
    ],
)
def test_a_division_stands_at_its_usual_point(gz, text, name, code, lat, lon, km):
    m = _places(text, gz)[name]
    assert m.place.kind == "admin1"
    assert f"{m.country}.{m.place.admin1}" == code
    assert haversine_km(m.lat, m.lon, lat, lon) < km


def test_a_division_of_the_war_extract_keeps_its_label_point(gz):
    # Who's On First's label points win over Natural Earth's centroids
    labels = admin_points()
    donetsk = gz.lookup("Donetsk Oblast").place
    assert donetsk.geonameid in labels and donetsk.geonameid in division_points()
    assert (donetsk.lat, donetsk.lon) == pytest.approx(labels[donetsk.geonameid])


def test_every_country_point_has_its_source_and_lies_in_its_country():
    path = resources.files("gazetteer") / "data" / "country_points.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) > 200
    assert all(r["source"] for r in rows)
    points = reference_points()
    assert points["RU"] == (60.0, 100.0) and points["FR"] == (46.0, 2.0)
    inside = [
        c
        for c, (lat, lon) in points.items()
        if (shape := country_shape(c)) is not None
        and shape.buffer(0.5).contains(Point(lon, lat))
    ]
    assert len(inside) > 0.9 * sum(country_shape(c) is not None for c in points)


def test_division_points_are_geonames_divisions():
    codes = admin1_codes()
    points = division_points()
    assert len(points) > 3000
    assert set(points) <= set(codes)
    lat, lon = points[6093943]  # Ontario
    assert 48 < lat < 52 and -90 < lon < -80


def test_midway_agrees_or_takes_the_reference():
    assert midway((10.0, 20.0), None) == (10.0, 20.0)
    assert midway((10.0, 20.0), (11.0, 21.0)) == (10.5, 20.5)
    # 340 km apart: a division's two estimates still agree, a country's do not
    box, centroid = (-19.62, 145.83), (-22.41, 144.5)
    assert midway(box, centroid) == centroid
    lat, lon = midway(box, centroid, DIVISION_AGREE_KM)
    assert lat == pytest.approx(-21.015) and lon == pytest.approx(145.165)


def test_england_is_the_constituent_country_not_the_kingdom(gz):
    # GeoNames' first-level division GB.ENG, at England's own middle
    m = _places("Hospitals across England cancelled routine surgery.", gz)["England"]
    assert (m.place.kind, m.country, m.place.admin1) == ("admin1", "GB", "ENG")
    assert haversine_km(m.lat, m.lon, 52.5, -1.5) < 60
    uk = _places("Exports from the United Kingdom rose.", gz)["United Kingdom"]
    assert uk.place.kind == "country"
    assert haversine_km(uk.lat, uk.lon, 54.0, -2.0) < 60


def test_a_country_name_beside_a_place_in_its_namesake_state_is_the_state(gz):
    text = (
        "Teachers in Barrow County may lose their jobs, and districts across "
        "northeast Georgia are reviewing their budgets."
    )
    m = _places(text, gz)["Georgia"]
    assert (m.place.kind, m.country, m.place.admin1) == ("admin1", "US", "GA")
    assert 30.3 < m.lat < 35.0 and -85.6 < m.lon < -80.8  # inside the state
    # with the country's own places the country stays
    war = _places("Russian troops left Georgia; Tbilisi and Gori were calm.", gz)
    assert war["Georgia"].place.kind == "country" and war["Georgia"].country == "GE"


def test_no_country_stands_in_a_neighbour(gz):
    # Kuwait's rounded Factbook point (29 30 N, 45 45 E) lies in Iraq
    from gazetteer.shapes import land

    kw = gz.lookup("Kuwait").place
    assert country_shape("KW").contains(Point(kw.lon, kw.lat))
    ground = land()
    for iso2 in ("KW", "HR", "SM", "VA", "RU", "CA", "US", "NZ"):
        c = gz.country(iso2)
        p = Point(c.lon, c.lat)
        assert country_shape(iso2).contains(p) or not ground.contains(p), iso2


PARIS_ILLINOIS = (
    "The Paris council met on Tuesday; Edgar County deputies said the "
    "road to Paris stays closed."
)
ATHENS_TENNESSEE = (
    "A new clinic opened in Athens, and McMinn County commissioners "
    "approved its budget."
)


@pytest.mark.parametrize(
    ("text", "name", "admin1", "lat", "lon"),
    [
        (PARIS_ILLINOIS, "Paris", "IL", 39.61, -87.70),
        (ATHENS_TENNESSEE, "Athens", "TN", 35.44, -84.59),
    ],
)
def test_a_namesake_in_the_county_the_story_names_is_that_town(
    gz, text, name, admin1, lat, lon
):
    m = _places(text, gz)[name]
    assert (m.country, m.place.admin1) == ("US", admin1)
    assert haversine_km(m.lat, m.lon, lat, lon) < 10
    plain = text.replace("Edgar County", "The").replace("McMinn County", "The")
    assert _places(plain, gz)[name].country != "US"  # without the county: the capital


def test_a_state_abbreviation_is_the_state_not_a_namesake_country(gz):
    m = _places("She was found in Newton County, Ga., on Sunday night.", gz)["Ga."]
    assert (m.place.kind, m.country, m.place.admin1) == ("admin1", "US", "GA")
    uk = _places("Exports to the U.K. rose again.", gz)["U.K."]
    assert (uk.place.kind, uk.country) == ("country", "GB")


def test_a_country_name_beside_the_county_of_its_namesake_town_is_the_town(gz):
    text = "Jordan police and Scott County deputies searched the river on Friday."
    m = _places(text, gz)["Jordan"]
    assert (m.country, m.place.admin1, m.place.kind) == ("US", "MN", "city")
    assert haversine_km(m.lat, m.lon, 44.67, -93.63) < 10
    plain = _places("Jordan police searched the river on Friday.", gz)["Jordan"]
    assert plain.place.kind == "country" and plain.country == "JO"
