"""Through the real pipeline: dated article files, the geoparser, the claim
extractor, then ``geo map --as-of`` and ``geo changes`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.geo.control.wars import DATA

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = DATA / "ukraine_2024.json"

EARLY = """\
Date: 2024-02-01

Avdiivka remains under Ukrainian control despite daily assaults. \
Horlivka remains under Russian control. Russian forces shelled Kramatorsk overnight. \
Ukrainian troops sent reinforcements to Pokrovsk.
"""
LATE = """\
Date: 2024-02-18

Russian forces captured Avdiivka on Saturday after months of fighting. \
Ukrainian forces withdrew from Avdiivka.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("donetsk")
    (folder / "early.txt").write_text(EARLY, encoding="utf-8")
    (folder / "late.txt").write_text(LATE, encoding="utf-8")
    return folder


def _geo(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def _places(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        f["properties"]["name"]: f["properties"]
        for f in data["features"]
        if f["properties"]["layer"] == "place"
    }


def test_map_as_of_a_date_through_text(corpus, tmp_path):
    before, after = tmp_path / "before.geojson", tmp_path / "after.geojson"
    for out, day in ((before, "2024-02-10"), (after, "2024-02-20")):
        run = _geo(
            "map",
            str(corpus),
            "-o",
            str(out),
            "--as-of",
            day,
            "--factions",
            str(REGISTRY),
            "-q",
        )
        assert run.returncode == 0, run.stderr
    early, late = _places(before), _places(after)
    assert (early["Avdiyivka"]["faction"], early["Avdiyivka"]["status"]) == (
        "UKR",
        "held",
    )
    assert (late["Avdiyivka"]["faction"], late["Avdiyivka"]["status"]) == (
        "RUS",
        "held",
    )
    # indirect evidence through text: shelled by Russia, reinforced by Ukraine
    for name in ("Kramatorsk", "Pokrovsk"):
        assert (early[name]["faction"], early[name]["status"]) == ("UKR", "claimed")
    assert early["Horlivka"]["faction"] == "RUS"
    for props in late.values():  # every place carries its sentences
        assert props["sources"], props["name"]
    data = json.loads(after.read_text(encoding="utf-8"))
    layers = {f["properties"]["layer"] for f in data["features"]}
    assert {"settlement", "area", "front_line"} <= layers


def test_geo_changes_prints_the_capture_with_its_sentence(corpus):
    run = _geo(
        "changes",
        str(corpus),
        "--from",
        "2024-02-10",
        "--to",
        "2024-02-20",
        "--factions",
        str(REGISTRY),
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    places = [x for x in lines if x["kind"] == "place"]
    assert [(x["name"], x["before"], x["after"]) for x in places] == [
        ("Avdiyivka", "UKR", "RUS")
    ]
    sentences = {e["sentence"] for e in places[0]["evidence"]}
    assert any("captured Avdiivka" in s for s in sentences)
    assert {e["doc"] for e in places[0]["evidence"]} == {"late.txt"}
    areas = [x for x in lines if x["kind"] == "area"]
    assert areas and areas[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert "changes: " in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-02-20", "--to", "2024-02-10"], "is before"),
        (["--from", "yesterday", "--to", "2024-02-10"], "not a date"),
    ],
)
def test_geo_changes_bad_dates_are_one_clear_line(corpus, args, message):
    run = _geo("changes", str(corpus), *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr


def test_geo_changes_without_files(tmp_path):
    run = _geo("changes", str(tmp_path), "--from", "2024-01-01", "--to", "2024-02-01")
    assert run.returncode == 2 and "no input files" in run.stderr
