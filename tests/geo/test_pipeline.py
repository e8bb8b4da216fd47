"""The real pipeline on the seeds: geoparser, claims, dates, layers and the front."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from shapely import union_all
from shapely.geometry import LineString

from gazetteer.sphere import haversine_km
from geo.layers import build_layers
from geo.pipeline import Analysis, Failure, analyse
from geo.records import Document
from tests.geo.test_layers import COAST_ROAD

SIRTE = (31.20892, 16.58866)
THIRTY_KILO = (31.21, 16.27)  # the gold's "west of Sirte in the thirty kilo area"


@pytest.fixture(scope="module")
def registry():
    from geo.factions import load_registry

    return load_registry()


@pytest.fixture(scope="module")
def analysis(seed_paths, gz, registry):
    return analyse(seed_paths, gazetteer=gz, registry=registry)


@pytest.fixture(scope="module")
def layers(analysis, registry):
    return build_layers(analysis, registry=registry)


def test_seeds_analyse_without_failures(analysis, seed_texts):
    assert analysis.failures == []
    assert [d.id for d in analysis.documents] == sorted(seed_texts)
    assert analysis.n_mentions > 20 and len(analysis.claims) >= 15
    for c in analysis.claims:
        text = seed_texts[c.doc]
        assert text[c.start : c.end] == c.sentence
        if c.place is not None:
            assert text[c.place.start : c.place.end] == c.place.text


def test_sirte_held_by_lna_tarhuna_by_gna(layers):
    places = layers.places.set_index("name")
    assert tuple(places.loc["Sirte", ["faction", "status"]]) == ("LNA", "held")
    assert tuple(places.loc["Tarhuna", ["faction", "status"]]) == ("GNA", "held")
    sirte = places.loc["Sirte"].geometry
    assert haversine_km(sirte.y, sirte.x, *SIRTE) < 10


def test_front_runs_between_gna_positions_and_lna_sirte(layers):
    front = union_all(list(layers.front_line.geometry))
    segment = LineString([THIRTY_KILO[::-1], SIRTE[::-1]])
    crossing = front.intersection(segment)
    assert not crossing.is_empty
    for pt in getattr(crossing, "geoms", [crossing]):
        assert 5 < haversine_km(pt.y, pt.x, *SIRTE) < 30


def test_front_crosses_the_coast_road_and_avoids_held_cities(layers):
    road = COAST_ROAD
    front = union_all(list(layers.front_line.geometry))
    assert not front.intersection(road).is_empty
    held = layers.places[
        layers.places["status"].isin(["held", "claimed"])
        & (layers.places["kind"] != "position")
    ]
    assert len(held) >= 4
    for row in held.itertuples():
        near = front.interpolate(front.project(row.geometry))
        assert haversine_km(near.y, near.x, row.geometry.y, row.geometry.x) > 3, (
            row.name
        )


def test_claims_take_the_document_date_and_relative_dates(seed_texts, gz, registry):
    name = "004_abffdd80be94dd01.txt"
    doc = Document(name, seed_texts[name], date=dt.date(2020, 6, 16))
    result = analyse([doc], gazetteer=gz, registry=registry)
    strike = next(c for c in result.claims if c.type == "strike" and c.casualties == 10)
    assert strike.date == dt.date(2020, 6, 15)  # "yesterday, Monday"
    assert all(c.date is not None for c in result.claims)
    assert {c.date for c in result.claims} >= {dt.date(2020, 6, 16)}


def test_as_of_before_every_claim_leaves_places_unclaimed(seed_texts, gz, registry):
    docs = [Document(n, t, date=dt.date(2020, 6, 16)) for n, t in seed_texts.items()]
    result = analyse(docs, gazetteer=gz, registry=registry)
    early = build_layers(result, as_of=dt.date(2020, 1, 1), registry=registry)
    assert set(early.places["status"]) <= {"none"}
    assert early.front_line.empty
    late = build_layers(result, as_of=dt.date(2020, 6, 30), registry=registry)
    assert "held" in set(late.places["status"])


def test_bad_files_become_failures_and_the_rest_goes_through(
    tmp_path, seed_paths, gz, registry
):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    seen = []
    result = analyse(
        [binary, seed_paths[0], empty, tmp_path / "missing.txt"],
        gazetteer=gz,
        registry=registry,
        progress=seen.append,
    )
    assert [d.id for d in result.documents] == [seed_paths[0].name]
    assert [f.doc for f in result.failures] == [
        "binary.txt",
        "empty.txt",
        "missing.txt",
    ]
    messages = [str(f) for f in result.failures]
    assert (
        "binary" in messages[0]
        and "empty" in messages[1]
        and "no such file" in messages[2]
    )
    assert len(seen) == 4


def test_an_internal_error_is_a_failure_not_a_crash(seed_texts, registry):
    class Broken:
        def candidates(self, *a, **k):
            raise RuntimeError("boom")

        def __getattr__(self, name):
            raise RuntimeError("boom")

    doc = Document("x.txt", "Haftar forces took Sirte.")
    result = analyse([doc], gazetteer=Broken(), registry=registry)
    assert result.documents == () and len(result.failures) == 1
    assert "boom" in result.failures[0].message


def test_combine_and_merge_keep_everything(analysis):
    a = dataclasses.replace(analysis, failures=[Failure("x", "bad")])
    both = Analysis.combine([a, Analysis()])
    assert both.claims == a.claims and both.failures == a.failures
    assert a.merge(Analysis()).n_mentions == a.n_mentions
    assert all(d.text == "" for d in a.without_texts().documents)


def test_relatives_that_describe_a_named_place_draw_no_uncertainty_area(layers):
    # "Sirte (450 km east of Tripoli)" checks Sirte; it is no position of its own.
    areas = layers.areas
    uncertain = areas[areas["kind"] == "uncertainty"]
    assert not any("Tripoli" in name for name in uncertain["name"])
    # the unnamed "thirty kilo" position keeps its sector
    assert len(uncertain) >= 1
    sector = uncertain.geometry.iloc[0]
    assert sector.contains(sector.representative_point())
    assert 15.9 < sector.centroid.x < 16.6 and 31.0 < sector.centroid.y < 31.4


def test_a_held_region_stays_on_its_sides_of_the_front(layers):
    # "secure the western region" (GNA) must not paint LNA-held Sirte and Jufra blue.
    from shapely.geometry import Point

    areas = layers.areas
    western = areas[areas["name"] == "western region"]
    assert len(western) == 1 and western.iloc[0]["faction"] == "GNA"
    shape = western.geometry.iloc[0]
    assert shape.contains(Point(13.18733, 32.88743))  # Tripoli
    assert shape.contains(Point(13.6332, 32.43501))  # Tarhuna
    assert not shape.contains(Point(16.58866, 31.20892))  # Sirte, LNA
    assert not shape.contains(Point(15.957, 29.118))  # Al Jufrah, LNA


# --- one composition of parsing and extraction ---------------------------------------


def test_command_line_path_and_map_path_agree_on_dates(gz, registry):
    from geo.claims import claims_for_text
    from geo.pipeline import analyse_document

    text = "LNA forces captured Gharyan yesterday, a spokesman said."
    day = dt.date(2020, 6, 10)
    direct = claims_for_text(text, doc="d", gazetteer=gz, registry=registry, date=day)
    _, mapped = analyse_document(
        Document("d", text, day), gazetteer=gz, registry=registry
    )
    assert [(c.type, c.faction, c.date) for c in direct] == [
        ("control", "LNA", dt.date(2020, 6, 9))
    ]
    assert [c.to_json() for c in direct] == [c.to_json() for c in mapped]


def test_the_registry_theatre_reaches_the_geoparser(monkeypatch, gz):
    import gazetteer as gazetteer_pkg
    from geo import pipeline
    from geo.factions import registry_from_dict

    seen = {}

    def parse(text, *, doc, gazetteer=None, not_places=(), theatre=None):
        seen["theatre"] = theatre
        return []

    war = registry_from_dict({"theatre": ["ly", "TN"], "factions": [{"id": "A"}]})
    monkeypatch.setattr(gazetteer_pkg, "parse", parse)
    pipeline.analyse_text(Document("d", "Nothing here."), gazetteer=gz, registry=war)
    assert seen["theatre"] == ("LY", "TN")
