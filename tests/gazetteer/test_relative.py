"""Relative expressions: wording, numbers, units, bands, absurd distances."""

from __future__ import annotations

import pytest

from gazetteer.evaluate import haversine_km
from gazetteer.geoparse import parse
from gazetteer.relative import compass_bearing, parse_number, sector, stated


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("thirty", 30),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("1,200", 1200),
        ("3.5", 3.5),
        ("a hundred", 100),
        ("one thousand", 1000),
    ],
)
def test_numbers(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("word", "deg"),
    [
        ("north", 0),
        ("NE", 45),
        ("east", 90),
        ("south-east", 135),
        ("southeastern", 135),
        ("SSW", 202.5),
        ("west", 270),
        ("north-west", 315),
        ("northwestern", 315),
        ("north-northeast", 22.5),
        ("W", 270),
    ],
)
def test_compass(word, deg):
    assert compass_bearing(word) == deg


def test_hedges_widen_the_band():
    plain = stated("80", "km", "southeast", None)
    about = stated("80", "km", "southeast", "approximately")
    nearly = stated("350", "km", "north-west", "nearly")
    assert about.km_band[1] - about.km_band[0] > plain.km_band[1] - plain.km_band[0]
    assert about.bearing_halfwidth > plain.bearing_halfwidth
    assert nearly.km_band[1] <= 350 * 1.05 and nearly.km_band[0] < 350


@pytest.mark.parametrize("km", ["30000", "0", "99999"])
def test_absurd_distances_are_rejected(km):
    assert stated(km, "km", "west", None) is None


def test_miles_convert():
    assert stated("10", "miles", "north", None).offset.distance_km == pytest.approx(
        16.09, abs=0.01
    )


@pytest.mark.parametrize(
    ("text", "km", "deg"),
    [
        ("Shelling hit a camp 30km W of Derna on Monday.", 30, 270),
        ("Troops moved nearly 350 km north-west of Jufra.", 350, 315),
        ("The convoy stopped about 20 kilometres south of Benghazi.", 20, 180),
        ("A base some ten miles east of Misrata was struck.", 16.09, 90),
    ],
)
def test_variants_give_the_geodesic_destination(gz, text, km, deg):
    rel = [m for m in parse(text, gazetteer=gz) if m.kind == "relative"]
    assert len(rel) == 1
    m = rel[0]
    assert m.distance_km == pytest.approx(km, abs=0.01) and m.bearing_deg == deg
    anchor = next(
        x for x in parse(text, gazetteer=gz) if x.kind == "place" and x.name == m.anchor
    )
    assert haversine_km(anchor.lat, anchor.lon, m.lat, m.lon) == pytest.approx(
        km, rel=0.01
    )
    assert m.geometry.is_valid and m.uncertainty_km > 0


def test_absurd_distance_in_text_gives_no_relative(gz):
    mentions = parse("A rocket fell 90000 km east of Tripoli.", gazetteer=gz)
    assert [m.kind for m in mentions] == ["place"]


def test_bare_direction_is_a_region_not_a_relative(gz):
    kinds = {m.kind for m in parse("Fighting raged west of Sirte.", gazetteer=gz)}
    assert "relative" not in kinds and "region" in kinds


def test_sector_contains_its_destination():
    from shapely.geometry import Point

    poly = sector(31.2, 16.6, km_band=(25, 35), bearing_deg=270, halfwidth_deg=22.5)
    assert poly.contains(Point(16.6 - 30 / 95.3, 31.2))
    assert not poly.contains(Point(16.6, 31.2))
