"""``python -m geo workspace PATH overlay add|list|remove``: the analyst's own map
layers from the command line, kept in the workspace the app draws them from."""

from __future__ import annotations

import json
from pathlib import Path

from geo.map.overlays import overlay_from_geojson
from geo.workspace import Workspace
from tests.geo.workspace.test_cli import geo, lines

ROAD = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "coast road"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[13.18, 32.89], [15.09, 32.37], [16.59, 31.21]],
            },
        }
    ],
}
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
<name>checkpoint</name><Point><coordinates>16.0,29.15</coordinates></Point>
</Placemark></Document></kml>
"""


def test_overlay_add_list_remove(tmp_path: Path) -> None:
    ws_path = tmp_path / "w.sqlite"
    assert geo(ws_path, "init", "--name", "Libya test").returncode == 0
    road = tmp_path / "road.geojson"
    road.write_text(json.dumps(ROAD), encoding="utf-8")
    kml = tmp_path / "points.kml"
    kml.write_text(KML, encoding="utf-8")
    bad = tmp_path / "notes.kml"
    bad.write_text("not a map", encoding="utf-8")
    import geopandas as gpd
    from shapely.geometry import box

    gpkg = tmp_path / "areas.gpkg"
    gpd.GeoDataFrame(
        {"side": ["GNA"]}, geometry=[box(13.0, 32.0, 14.0, 33.0)], crs="EPSG:4326"
    ).to_file(gpkg, driver="GPKG")

    added = geo(ws_path, "overlay", "add", road, kml, bad, gpkg)
    assert added.returncode == 1  # one file refused, the others kept
    kept = [json.loads(line) for line in added.stdout.splitlines()]
    assert [(k["name"], k["format"], k["features"]) for k in kept] == [
        ("road.geojson", "GeoJSON", 1),
        ("points.kml", "KML", 1),
        ("areas.gpkg", "GPKG", 1),
    ]
    (refused,) = added.stderr.strip().splitlines()
    assert refused == (
        "skipped: notes.kml: cannot be read as KML (not recognized as a file of "
        "this format)"
    )

    # what the app reads: the layer's geometry in EPSG:4326
    frames = {
        k.name: overlay_from_geojson(k.name, k.geojson)
        for k in Workspace(ws_path).overlays()
    }
    line = frames["road.geojson"].geometry.iloc[0]
    assert abs(line.coords[0][0] - 13.18) < 0.01
    assert abs(line.coords[-1][1] - 31.21) < 0.01
    point = frames["points.kml"].geometry.iloc[0]
    assert (round(point.x, 2), round(point.y, 2)) == (16.0, 29.15)
    area = frames["areas.gpkg"].geometry.iloc[0]
    assert [round(v, 2) for v in area.bounds] == [13.0, 32.0, 14.0, 33.0]

    # a name of one's own; the same name again replaces the layer
    named = lines(geo(ws_path, "overlay", "add", road, "--name", "<b>front</b> road"))
    assert named[0]["name"] == "<b>front</b> road"
    listed = lines(geo(ws_path, "overlay", "list"))
    assert [k["name"] for k in listed] == [
        "road.geojson",
        "points.kml",
        "areas.gpkg",
        "<b>front</b> road",
    ]

    removed = geo(ws_path, "overlay", "remove", "points.kml")
    assert removed.returncode == 0, removed.stderr
    assert [k["name"] for k in lines(geo(ws_path, "overlay", "list"))] == [
        "road.geojson",
        "areas.gpkg",
        "<b>front</b> road",
    ]
    missing = geo(ws_path, "overlay", "remove", "points.kml")
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: ")
    assert "no map layer 'points.kml'" in missing.stderr
    two_named = geo(ws_path, "overlay", "add", road, kml, "--name", "x")
    assert two_named.returncode == 2 and "--name names one layer" in two_named.stderr
    gone = geo(ws_path, "overlay", "add", tmp_path / "nothing.geojson")
    assert gone.returncode == 1 and "nothing.geojson: cannot read" in gone.stderr
