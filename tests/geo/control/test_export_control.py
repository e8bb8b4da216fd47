"""The control layers leave through the exports and come back (GeoJSON, GeoPackage)
and draw in the standalone HTML map."""

from __future__ import annotations

import json

import pyogrio
import pytest

from geo.export import feature_collection, read_geojson, to_geojson, to_gpkg
from geo.layers import LAYERS, build_layers
from tests.geo.control import wars


@pytest.fixture(scope="module")
def layers(gz):
    return build_layers(wars.donetsk(gz), registry=wars.registry("ukraine_2024"))


def test_geojson_round_trip_keeps_control(layers, tmp_path):
    path = to_geojson(layers, tmp_path / "donetsk.geojson")
    back = read_geojson(path)
    for name in ("settlement", "place", "area", "front_line"):
        a, b = layers.frames()[name], back.frames()[name]
        assert list(a["id"]) == list(b["id"]), name
        assert list(a["faction"]) == list(b["faction"]), name
        assert list(a["status"]) == list(b["status"]), name
    st, st_back = layers.settlements, back.settlements
    assert list(st["sources"]) == list(st_back["sources"])
    assert st_back["confidence"].tolist() == pytest.approx(st["confidence"].tolist())
    for g, h in zip(layers.areas.geometry, back.areas.geometry, strict=True):
        assert g.symmetric_difference(h).area < 1e-6 * max(g.area, 1e-9) + 1e-9


def test_rfc7946_features_for_areas_and_settlements(layers):
    fc = feature_collection(layers)
    kinds = {
        (f["properties"]["layer"], f["properties"].get("kind")) for f in fc["features"]
    }
    assert ("area", "control") in kinds
    assert {f["properties"]["layer"] for f in fc["features"]} <= set(LAYERS)
    json.dumps(fc)  # plain JSON


def test_gpkg_has_a_table_per_layer(layers, tmp_path):
    path = to_gpkg(layers, tmp_path / "donetsk.gpkg")
    names = {row[0] for row in pyogrio.list_layers(path)}
    assert {"settlement", "place", "area", "front_line"} <= names
    frame = pyogrio.read_dataframe(path, layer="settlement")
    assert len(frame) == len(layers.settlements)
    assert set(frame["faction"]) == set(layers.settlements["faction"])


def test_html_map_draws_with_the_new_layer(layers, tmp_path):
    from geo.webmap import save_html

    path = save_html(
        layers, tmp_path / "donetsk.html", registry=wars.registry("ukraine_2024")
    )
    html = path.read_text(encoding="utf-8")
    assert "Avdiyivka" in html and "<script" in html
