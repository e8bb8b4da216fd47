"""Hostile geometry (issue 17, item 3): valid RFC 7946 everywhere.

Lines split at the antimeridian, polygons cut there, nothing beyond the poles,
geodesic "between" areas; the export validates every feature and names the one it
could not repair; a fuzz run over random full-pipeline inputs finds nothing invalid.
"""

from __future__ import annotations

import logging
import random

import pytest
import shapely
from shapely.geometry import LineString, Point, shape

from gazetteer.geoparse import parse
from gazetteer.sphere import in_range, valid_lonlat
from geo.export import feature_collection, rfc7946
from geo.layers import Layers, make_frame

SUVA = (-18.14, 178.44)
APIA = (-13.83, -171.77)


def _check_rfc7946(geometry: dict) -> None:
    geom = shape(geometry)
    assert geom.is_valid, shapely.is_valid_reason(geom)
    xy = shapely.get_coordinates(geom)
    assert (abs(xy[:, 0]) <= 180).all() and (abs(xy[:, 1]) <= 90).all()
    assert in_range(geom)  # no edge jumps across the antimeridian
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            assert part.exterior.is_ccw  # RFC 7946: outer rings counter-clockwise


def _region(gz, text, kind="region"):
    (m,) = [m for m in parse(text, gazetteer=gz) if m.kind == kind]
    return m


def test_geometry_between_suva_and_apia_is_geodesic_and_cut(gz):
    m = _region(gz, "Boats were searched in the area between Suva and Apia.")
    geom = m.geometry
    assert geom.geom_type == "MultiPolygon" and in_range(geom)
    # the lens lies over the antimeridian, not round the other side of the world
    lons = shapely.get_coordinates(geom)[:, 0]
    assert ((lons > 175) | (lons < -169)).all()
    assert geom.bounds[1] > -23 and geom.bounds[3] < -9
    assert m.lon > 178 or m.lon < -171


def test_geometry_between_anadyr_and_nome_is_over_the_bering_strait(gz):
    m = _region(gz, "Patrols crossed the area between Anadyr and Nome.")
    assert 62 < m.lat < 68 and (m.lon > 177 or m.lon < -165)  # not Norway
    assert m.geometry.geom_type == "MultiPolygon" and in_range(m.geometry)


def test_geometry_500_km_north_of_suva_is_a_valid_cut_sector(gz):
    m = _region(gz, "A ship sank 500 km north of Suva.", kind="relative")
    assert m.lat == pytest.approx(-13.6, abs=0.1)
    assert m.geometry.geom_type == "MultiPolygon" and in_range(m.geometry)
    total = sum(g.area for g in m.geometry.geoms)
    assert 3 < total < 8  # a 150 km by 400 km sector, not a band round the globe


@pytest.mark.parametrize("km", [5000, 12000, 19000, 20000])
def test_geometry_very_large_distances_give_valid_polygons(gz, km):
    m = _region(gz, f"The buoy drifted {km} km west of Sirte.", kind="relative")
    assert in_range(m.geometry) and m.geometry.area > 0
    assert -90 <= m.lat <= 90 and -180 <= m.lon <= 180


def test_geometry_over_the_pole_stays_below_it(gz):
    m = _region(gz, "An aircraft went down 1500 km north of Longyearbyen.", "relative")
    assert in_range(m.geometry) and m.geometry.bounds[3] == 90.0
    assert m.geometry.contains(Point(0, 89.9))  # the sector covers the pole


def test_geometry_movement_from_apia_to_suva_is_split_the_short_way():
    line = LineString([(APIA[1], APIA[0]), (SUVA[1], SUVA[0])])
    fixed = rfc7946(line)
    assert fixed.geom_type == "MultiLineString"
    first, second = fixed.geoms
    assert first.coords[0] == pytest.approx((APIA[1], APIA[0]))  # direction kept
    assert first.coords[-1][0] == -180 and second.coords[0][0] == 180
    assert second.coords[-1] == pytest.approx((SUVA[1], SUVA[0]))
    assert fixed.length < 15  # degrees: the short way, not 350 degrees round


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the NaN vertex, on purpose
def test_geometry_export_repairs_or_names_the_feature(caplog):
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    beyond = shapely.box(170, -95, 200, -80)
    rows = [
        {"id": "area-bowtie", "layer": "area", "kind": "region", "geometry": bowtie},
        {"id": "area-beyond", "layer": "area", "kind": "region", "geometry": beyond},
        {"id": "area-nan", "layer": "area", "kind": "region",
         "geometry": shapely.Polygon([(0, 0), (float("nan"), 1), (1, 0)])},
    ]  # fmt: skip
    layers = Layers.from_frames({"area": make_frame("area", rows)})
    with caplog.at_level(logging.WARNING):
        features = {f["id"]: f for f in feature_collection(layers)["features"]}
    _check_rfc7946(features["area-bowtie"]["geometry"])
    _check_rfc7946(features["area-beyond"]["geometry"])
    assert shape(features["area-beyond"]["geometry"]).bounds[1] == -90
    assert features["area-nan"]["geometry"] is None
    assert any("area-nan" in r.getMessage() for r in caplog.records)


def test_geometry_valid_lonlat_keeps_plain_shapes_unchanged():
    box = shapely.box(10, 20, 11, 21)
    assert valid_lonlat(box) is box


# ------------------------------------------------------------------------ fuzz

PLACES = [
    "Suva", "Apia", "Anadyr", "Nome", "Longyearbyen", "Ushuaia", "Sirte",
    "Tripoli", "Misrata", "Benghazi", "Sebha", "Nuku'alofa", "Honolulu",
]  # fmt: skip
DIRS = ["north", "south", "east", "west", "northeast", "south-west", "NNW", "ESE"]
HEDGES = ["", "about ", "nearly ", "more than "]
TEMPLATES = [
    "The LNA captured {a} on Monday.",
    "GNA forces advanced towards {b} from {a}.",
    "The LNA withdrew from {a} to {b}.",
    "GNA drones struck LNA positions in {a}, killing {n} fighters.",
    "LNA units were stationed {h}{km} km {d} of {a}.",
    "Clashes erupted in the area between {a} and {b}.",
    "GNA fighters entered the outskirts of {a}.",
    "The LNA holds the {d}ern area of {a}.",
    "Fighting spread across the area extending from {a} to {b}.",
]


def _fuzz_text(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 6)):
        a, b = rng.sample(PLACES, 2)
        km = rng.choice([1, 30, 450, 2500, 9000, 15000, 19990, 25000])
        sentences.append(
            rng.choice(TEMPLATES).format(
                a=a, b=b, d=rng.choice(DIRS), h=rng.choice(HEDGES), km=km,
                n=rng.randint(1, 40),
            )
        )  # fmt: skip
    return " ".join(sentences)


def test_geometry_fuzz_every_exported_feature_is_valid(gz, tmp_path):
    from geo.export import read_geojson, to_geojson
    from geo.layers import build_layers
    from geo.pipeline import analyse
    from geo.records import Document

    rng = random.Random(17)
    docs = [Document(f"fuzz{i}.txt", _fuzz_text(rng)) for i in range(60)]
    analysis = analyse(docs, gazetteer=gz)
    assert not analysis.failures
    layers = build_layers(analysis)
    collection = feature_collection(layers)
    assert len(collection["features"]) > 50
    kinds = set()
    for feature in collection["features"]:
        assert feature["geometry"] is not None, feature["id"]
        _check_rfc7946(feature["geometry"])
        kinds.add(feature["geometry"]["type"])
    assert {"Point", "Polygon", "MultiPolygon"} <= kinds
    # every mention's own geometry is valid too, before any export
    for mentions in analysis.mentions.values():
        for m in mentions:
            assert m.lat is None or (-90 <= m.lat <= 90 and -180 <= m.lon <= 180)
            if m.geometry is not None:
                assert in_range(m.geometry), (m.text, m.geometry.bounds)
    path = to_geojson(layers, tmp_path / "fuzz.geojson")
    assert feature_collection(read_geojson(path)) == collection
