"""Vague regions: shapes, sizes and representative points."""

from __future__ import annotations

import pytest
from shapely.geometry import Point, box

from gazetteer.evaluate import haversine_km
from gazetteer.geoparse import parse
from gazetteer.regions import directional_part, sea_shape


def _regions(gz, text):
    return [m for m in parse(text, gazetteer=gz) if m.kind == "region"]


def test_directional_part_of_a_box():
    assert directional_part(box(0, 0, 10, 10), 0).bounds == pytest.approx(
        (0, 4.5, 10, 10)
    )
    west = directional_part(box(0, 0, 10, 10), 270)
    assert west.bounds[2] < 6


def test_country_parts(gz):
    [east] = _regions(gz, "Clashes spread across eastern Libya.")
    assert east.lon > 18 and east.country == "LY"
    [north] = _regions(gz, "Shelling in the north of Syria continued.")
    assert north.lat > 35 and north.country == "SY"


def test_region_of_the_country_in_focus(gz):
    [west] = _regions(
        gz, "Libya said it would secure the western region soon; Libya agreed."
    )
    assert west.country == "LY" and west.lon < 17


def test_between_two_places_lies_between_them(gz):
    [m] = _regions(gz, "Fighting in the area between Misrata and Sirte.")
    assert m.geometry.contains(Point(15.84, 31.79))  # the midpoint
    assert m.name == "between Misratah and Sirte"


def test_outskirts_scale_with_the_city(gz):
    small = _regions(gz, "Forces reached the outskirts of Tarhuna.")[0]
    big = _regions(gz, "Forces reached the outskirts of Tripoli.")[0]
    assert big.uncertainty_km > small.uncertainty_km
    assert 2 <= haversine_km(big.lat, big.lon, 32.88743, 13.18733) <= 40


def test_eastern_mediterranean_is_sea_east_of_its_middle(gz):
    [m] = _regions(gz, "Drilling in the eastern Mediterranean began.")
    assert m.lon > 18 and m.geometry.is_valid
    assert sea_shape("Mediterranean").contains(Point(m.lon, m.lat))
    assert not m.geometry.contains(Point(13.18, 32.88))  # Tripoli is on land


def test_corridor_from_to(gz):
    text = (
        "Raids in the area extending from the east of Misurata to the borders of Sirte."
    )
    [m] = _regions(gz, text)
    assert m.end == len(text) - 1 and m.geometry.contains(Point(15.9, 31.8))
