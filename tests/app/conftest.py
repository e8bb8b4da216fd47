"""Layer frames built by hand, shaped like geo.layers' output (the common contract)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\'"'
CRS = "EPSG:4326"


def src(
    doc: str,
    sentence: str,
    claim_type: str | None,
    *,
    start: int = 0,
    name: str = "Sirte",
) -> dict:
    at = sentence.find(name)
    return {
        "doc": doc,
        "sentence": sentence,
        "start": start,
        "end": start + len(sentence),
        "mention_start": start + at,
        "mention_end": start + at + len(name),
        "claim_type": claim_type,
    }


def make_layers(*, hostile: bool = False) -> dict[str, gpd.GeoDataFrame]:
    evil = HOSTILE if hostile else ""
    sirte_s = f"The city of Sirte, which is controlled by Haftar forces{evil}."
    places = gpd.GeoDataFrame(
        {
            "id": ["place:2210554", "place:2210221", "place:2210247", "place:jafra"],
            "layer": ["place"] * 4,
            "name": ["Sirte" + evil, "Tarhuna", "Tripoli", "Al-Jafra"],
            "faction": ["LNA", "GNA", "GNA", "LNA"],
            "status": ["held", "claimed", "contested", "none"],
            "kind": ["city", "city", "capital", "district"],
            "geonameid": [2210554, 2210221, 2210247, None],
            "colour": ["#d62728", "#1f77b4", "#1f77b4", "#d62728"],
            "sources": [
                [src("a.txt", sirte_s, "control")],
                [src("b.txt", "GNA forces took Tarhuna.", "control", name="Tarhuna")],
                [src("a.txt", "Fighting in Tripoli.", "control", name="Tripoli")],
                [src("b.txt", "Al-Jafra is far.", None, name="Al-Jafra")],
            ],
            "n_mentions": [3, 1, 1, 1],
        },
        geometry=[
            Point(16.58866, 31.20892),
            Point(13.6332, 32.43501),
            Point(13.18733, 32.88743),
            Point(16.0, 29.15),
        ],
        crs=CRS,
    )
    movements = gpd.GeoDataFrame(
        {
            "id": ["movement:1"],
            "layer": ["movement"],
            "kind": ["reinforcement"],
            "faction": ["GNA"],
            "colour": ["#1f77b4"],
            "place": ["Sirte"],
            "origin": ["Tripoli"],
            "origin_inferred": [True],
            "sources": [
                [src("a.txt", "GNA reinforcements headed to Sirte" + evil, "movement")]
            ],
        },
        geometry=[LineString([(13.18733, 32.88743), (16.58866, 31.20892)])],
        crs=CRS,
    )
    strikes = gpd.GeoDataFrame(
        {
            "id": ["strike:1"],
            "layer": ["strike"],
            "faction": ["LNA"],
            "target": ["GNA"],
            "casualties": [12],
            "place": ["Tarhuna"],
            "colour": ["#d62728"],
            "sources": [
                [
                    src(
                        "b.txt",
                        "An air strike on Tarhuna killed 12.",
                        "strike",
                        name="Tarhuna",
                    )
                ]
            ],
        },
        geometry=[Point(13.6332, 32.43501)],
        crs=CRS,
    )
    areas = gpd.GeoDataFrame(
        {
            "id": ["area:1"],
            "layer": ["area"],
            "kind": ["uncertainty"],
            "name": ["450 km east of Tripoli" + evil],
            "faction": [None],
            "colour": ["#808080"],
            "sources": [[src("a.txt", "Sirte (450 km east of Tripoli)", None)]],
        },
        geometry=[Polygon([(17, 31), (18, 31), (18, 32), (17, 32)])],
        crs=CRS,
    )
    front = gpd.GeoDataFrame(
        {
            "id": ["front:1"],
            "layer": ["front_line"],
            "factions": ["GNA/LNA"],
            "uncertain": [True],
            "sources": [
                [src("a.txt", "The front line is west of Sirte.", "frontline")]
            ],
        },
        geometry=[LineString([(15.5, 32.0), (15.9, 30.0)])],
        crs=CRS,
    )
    return {
        "places": places,
        "movements": movements,
        "strikes": strikes,
        "areas": areas,
        "front_line": front,
    }


@pytest.fixture()
def layers() -> dict[str, gpd.GeoDataFrame]:
    return make_layers()


@pytest.fixture()
def hostile_layers() -> dict[str, gpd.GeoDataFrame]:
    return make_layers(hostile=True)


@pytest.fixture()
def hostile() -> str:
    """Article text that would run script if it ever reached HTML unescaped."""
    return HOSTILE
