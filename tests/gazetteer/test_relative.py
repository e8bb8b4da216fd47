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


# --- issue 17, item 4: numbers in distances read as a reader would, or refused ---


@pytest.mark.parametrize(
    ("sentence", "warning"),
    [
        ("Gunmen were seen 1e308 km west of Sirte.", "1e+308 km"),
        ("A column parked 1e5 km east of Sirte.", "100,000 km"),
        ("The unit dug in -50 km east of Sirte.", "-50 km"),
        ("The unit dug in \u221250 km east of Sirte.", "-50 km"),
        ("Scouts went nan km west of Sirte.", "'nan': not a number"),
        ("Scouts went inf km west of Sirte.", "'inf': not a number"),
        ("Scouts went 1e400 km west of Sirte.", "'1e400': not a number"),
    ],
)
def test_numbers_in_distances_refused_with_a_warning(gz, caplog, sentence, warning):
    found = parse(sentence, doc="n.txt", gazetteer=gz)
    assert [m for m in found if m.kind == "relative"] == []
    assert any(m.name == "Sirte" for m in found)  # the anchor is still a place
    messages = [r.getMessage() for r in caplog.records]
    assert any(warning in m and m.startswith("n.txt: ") for m in messages), messages


@pytest.mark.parametrize(
    ("sentence", "km"),
    [
        ("A depot stood 2.5e2 km south of Sirte.", 250.0),
        ("Shelling hit a farm 40-50 km east of Sirte.", 50.0),
        ("The patrol stopped 1,200 m west of Sirte.", 1.2),
        ("Drones flew +60 km north of Sirte.", 60.0),
    ],
)
def test_numbers_in_distances_read_as_written(gz, sentence, km):
    (rel,) = [m for m in parse(sentence, gazetteer=gz) if m.kind == "relative"]
    assert rel.distance_km == pytest.approx(km)


@pytest.mark.parametrize(
    ("words", "value"),
    [("-50", -50.0), ("1e5", 1e5), ("2.5E3", 2500.0), ("nan", None), ("inf", None)],
)
def test_numbers_signs_and_scientific_notation(words, value):
    assert parse_number(words) == value


def test_numbers_tail_of_a_token_is_no_count():
    import re

    from gazetteer.numbers import COUNT_RE

    found = [m.group() for m in re.finditer(COUNT_RE, "1e5 were hit, 12 killed")]
    assert found == ["12"]
