"""GeoJSON (RFC 7946) and GeoPackage export, and the round trip through geopandas."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import shapely
from shapely.geometry import shape

from geo.export import (
    ExportError,
    feature_collection,
    read_geojson,
    to_geojson,
    to_gpkg,
)
from geo.layers import LAYERS, build_layers
from tests.geo.test_layers import SIRTE_LAT, SIRTE_LON, seed_analysis


@pytest.fixture(scope="module")
def layers():
    return build_layers(seed_analysis())


@pytest.fixture(scope="module")
def collection(layers):
    return feature_collection(layers)


def _coords(geometry):
    for xy in shapely.get_coordinates(shape(geometry)):
        yield from xy


def test_rfc7946_shape_order_and_precision(collection):
    assert set(collection) == {"type", "features"}  # no crs member
    assert collection["type"] == "FeatureCollection"
    sirte = next(
        f for f in collection["features"] if f["properties"].get("name") == "Sirte"
    )
    assert sirte["geometry"] == {"type": "Point", "coordinates": (SIRTE_LON, SIRTE_LAT)}
    for f in collection["features"]:
        for value in _coords(f["geometry"]):
            assert -Decimal(str(value)).as_tuple().exponent <= 7


def test_outer_rings_are_counter_clockwise(collection):
    polygons = [f for f in collection["features"] if f["geometry"]["type"] == "Polygon"]
    assert polygons
    for f in polygons:
        poly = shape(f["geometry"])
        assert poly.exterior.is_ccw
        assert all(not ring.is_ccw for ring in poly.interiors)


def test_every_feature_has_id_layer_faction_status_sources(collection):
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))
    assert {f["properties"]["layer"] for f in collection["features"]} == set(LAYERS)
    for f in collection["features"]:
        props = f["properties"]
        assert props["id"] == f["id"]
        assert {"faction", "status", "sources", "colour"} <= set(props)
        for src in props["sources"]:
            assert {"doc", "sentence", "start", "end"} <= set(src)


def test_simplestyle_uses_faction_colours(collection):
    from geo.factions import load_registry

    reg = load_registry()
    for f in collection["features"]:
        p = f["properties"]
        kind = f["geometry"]["type"]
        if kind == "Point":
            assert p["marker-color"] == p["colour"]
        else:
            assert p["stroke"] == p["colour"]
        if kind == "Polygon":
            assert p["fill"] == p["colour"]
        if p["layer"] == "place" and p["status"] in ("held", "claimed"):
            assert p["colour"] == reg.colour(p["faction"])
    front = [
        f for f in collection["features"] if f["properties"]["layer"] == "front_line"
    ]
    assert {f["properties"]["stroke-opacity"] for f in front} == {0.5, 1.0}


def test_geojson_round_trip_through_geopandas(layers, collection, tmp_path):
    path = to_geojson(layers, tmp_path / "out.geojson")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(json.dumps(collection))
    back = read_geojson(path)
    assert feature_collection(back) == collection
    again = to_geojson(back, tmp_path / "again.geojson")
    assert again.read_text(encoding="utf-8") == text


def test_geopackage_has_one_table_per_layer(layers, tmp_path):
    import geopandas as gpd
    import pyogrio

    path = to_gpkg(layers, tmp_path / "out.gpkg")
    tables = {name for name, _ in pyogrio.list_layers(path)}
    assert tables == set(LAYERS)
    places = gpd.read_file(path, layer="place")
    sirte = places[places["name"] == "Sirte"].iloc[0]
    assert sirte["faction"] == "LNA"
    sources = json.loads(sirte["sources"])
    assert {s["doc"] for s in sources if s["claim_type"] == "control"} == {
        "000_bc87c0cd55d26a17.txt",
        "004_abffdd80be94dd01.txt",
    }
    strikes = gpd.read_file(path, layer="strike")
    assert sorted(strikes["casualties"].dropna()) == [10]
    # writing again replaces the file rather than appending to it
    to_gpkg(layers, path)
    assert len(gpd.read_file(path, layer="place")) == len(places)


def test_empty_layers_export(tmp_path):
    from geo.pipeline import Analysis

    empty = build_layers(Analysis())
    path = to_geojson(empty, tmp_path / "empty.geojson")
    assert json.loads(path.read_text()) == {"type": "FeatureCollection", "features": []}
    to_gpkg(empty, tmp_path / "empty.gpkg")  # no tables, no error


def test_unwritable_path_is_a_clear_error(layers, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        to_geojson(layers, blocker / "out.geojson")


def test_unreadable_geojson_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("not json")
    with pytest.raises(ExportError, match="cannot read"):
        read_geojson(bad)
