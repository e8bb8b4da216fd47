"""Issue 11: the gazetteer knows the villages and neighbourhoods of the wars."""

from __future__ import annotations

import pytest

import gazetteer
from gazetteer.sphere import haversine_km


def _placed(text, gz, **kw):
    return {
        m.text: m
        for m in gazetteer.parse(text, gazetteer=gz, **kw)
        if m.kind == "place"
    }


def _within(m, lat, lon, km):
    assert m.lat is not None, m
    d = haversine_km(m.lat, m.lon, lat, lon)
    assert d <= km, f"{m.text} -> {m.name} ({m.lat}, {m.lon}) is {d:.0f} km off"


@pytest.mark.parametrize(
    ("text", "theatre", "surface", "lat", "lon", "km"),
    [
        # Ukraine: villages around Avdiivka
        (
            (
                "Shelling hit Orlivka, west of Avdiivka, overnight, the governor of "
                "Donetsk oblast wrote."
            ),
            ["UA"],
            "Orlivka",
            48.163,
            37.645,
            5,
        ),
        # Syria: a neighbourhood of Damascus and a town of Idlib
        (
            (
                "A car bomb went off in Al Qanawat, in central Damascus, while drones "
                "circled over Kafr Nabl in Idlib."
            ),
            ["SY"],
            "Al Qanawat",
            33.512,
            36.309,
            3,
        ),
        (
            (
                "A car bomb went off in Al Qanawat, in central Damascus, while drones "
                "circled over Kafr Nabl in Idlib."
            ),
            ["SY"],
            "Kafr Nabl",
            35.614,
            36.564,
            5,
        ),
        # Sudan: a Darfur town below cities500's notice
        (
            (
                "Displaced families reached Kutum after fighting in El Fasher, North "
                "Darfur, Sudan."
            ),
            None,
            "Kutum",
            14.2,
            24.667,
            10,
        ),
        # Libya: a neighbourhood of Tripoli
        (
            "Gunfire was heard near Bab al-Azizia as militias moved through Tripoli.",
            ["LY"],
            "Bab al-Azizia",
            32.888,
            13.182,
            3,
        ),
        # Yemen: a village of Taiz governorate
        (
            "Houthi units shelled Mawza and the coast road to Mocha, in Taiz, Yemen.",
            ["YE"],
            "Mawza",
            13.27,
            43.51,
            20,
        ),
    ],
)
def test_villages_and_neighbourhoods_are_placed(
    gz, text, theatre, surface, lat, lon, km
):
    got = _placed(text, gz, theatre=theatre)
    assert surface in got, sorted(got)
    _within(got[surface], lat, lon, km)


def test_a_village_is_a_village(gz):
    cand = gz.within("Tawurghah", ["LY"], limit=1)[0]
    assert cand.place.kind == "village" and cand.place.country == "LY"
    assert cand.place.admin1  # its division's code comes from the WOF region


def test_division_points_are_label_points_not_city_means(gz):
    """Queensland and Ontario stood 832 and 621 km from their usual points when a
    division was the mean of its cities."""
    qld = gz.lookup("Queensland").place
    assert haversine_km(qld.lat, qld.lon, -20.0, 145.0) < 250
    ont = gz.lookup("Ontario", countries=["CA"]).place
    assert haversine_km(ont.lat, ont.lon, 49.25, -84.5) < 250
    # a division of the WOF extract: its label point
    donetsk = gz.lookup("Donetsk Oblast").place
    assert donetsk.kind == "admin1"
    assert haversine_km(donetsk.lat, donetsk.lon, 48.0, 37.8) < 60


def test_index_holds_the_wof_extract(gz):
    assert len(gz) > 900_000
    assert gz.lookup("Avdiivka").place.country == "UA"
