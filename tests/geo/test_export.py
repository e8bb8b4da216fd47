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


# --- issue 17, item 2: every property survives both formats with its type ---------


@pytest.fixture(scope="module")
def dated_layers(gz):
    """Seeds dated by hand plus an undated article of our own: some dates None."""
    import datetime as dt
    from pathlib import Path

    from geo.documents import load_document
    from geo.pipeline import analyse

    seeds = sorted(Path("seeds").glob("*.txt"))
    docs = [load_document(seeds[0], date=dt.date(2020, 6, 16)), load_document(seeds[1])]
    from geo.records import Document

    undated = Document(
        "undated.txt",
        "Forces loyal to the GNA shelled positions of the LNA in Sirte, killing "
        "four fighters. The LNA took control of Ajdabiya.",
    )
    return build_layers(analyse([*docs, undated], gazetteer=gz))


def _types(collection):
    return [
        {k: type(v).__name__ for k, v in f["properties"].items()}
        for f in collection["features"]
    ]


def test_round_trip_dated_multi_layer_map_geojson_and_gpkg(dated_layers, tmp_path):
    import pyogrio

    from geo.export import read_gpkg

    before = feature_collection(dated_layers)
    layers_present = {f["properties"]["layer"] for f in before["features"]}
    assert layers_present == set(LAYERS)  # a real multi-layer map
    dates = [f["properties"].get("date") for f in before["features"]]
    assert "2020-06-16" in dates and None in dates
    # GeoJSON, then read back, then out again: same features, same types
    first = to_geojson(dated_layers, tmp_path / "a.geojson")
    back = read_geojson(first)
    assert feature_collection(back) == before
    assert _types(feature_collection(back)) == _types(before)
    second = to_geojson(back, tmp_path / "b.geojson")
    assert second.read_bytes() == first.read_bytes()
    # GeoPackage: integer ids stay integers, dates ISO strings, lists lists
    gpkg = to_gpkg(dated_layers, tmp_path / "a.gpkg")
    info = pyogrio.read_info(gpkg, layer="place")
    kinds = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert kinds["geonameid"] == "OFTInteger64"
    from_gpkg = feature_collection(read_gpkg(gpkg))
    assert from_gpkg == before
    assert _types(from_gpkg) == _types(before)
    ids = [f["properties"]["geonameid"] for f in from_gpkg["features"]
           if f["properties"]["layer"] == "place" and f["properties"]["geonameid"]]  # fmt: skip
    assert ids and all(type(i) is int for i in ids)


def test_round_trip_of_what_geopandas_reads_back(dated_layers, tmp_path):
    """geopandas turns ISO dates into Timestamps (NaT for empty ones): still exportable."""
    import geopandas as gpd

    from geo.layers import Layers, make_frame

    path = to_geojson(dated_layers, tmp_path / "a.geojson")
    frame = gpd.read_file(path)
    assert str(frame["date"].dtype).startswith("datetime64")  # what GDAL guesses
    frames = {}
    for name in LAYERS:
        part = frame[frame["layer"] == name]
        frames[name] = make_frame(name, part.to_dict("records"))
    out = feature_collection(Layers.from_frames(frames))
    dates = {f["id"]: f["properties"].get("date") for f in out["features"]}
    expected = {f["id"]: f["properties"].get("date")
                for f in feature_collection(dated_layers)["features"]}  # fmt: skip
    assert dates == expected
    to_geojson(Layers.from_frames(frames), tmp_path / "b.geojson")  # no TypeError
