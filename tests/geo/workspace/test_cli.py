"""``python -m geo workspace``: the whole loop from the command line, and its errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.geo.workspace.conftest import REGISTRY, RETREAT, SHELLING

ROOT = Path(__file__).resolve().parents[3]


def geo(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "workspace", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=False,
    )


def lines(proc: subprocess.CompletedProcess[str]) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def features(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return data["features"]


def place(feats: list[dict], name: str) -> dict:
    (found,) = [
        f
        for f in feats
        if f["properties"]["layer"] == "place" and f["properties"]["name"] == name
    ]
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workspace made and filled through the command line, once per module."""
    folder = tmp_path_factory.mktemp("cli")
    paths = []
    for name, text in (("shelling.txt", SHELLING), ("retreat.txt", RETREAT)):
        paths.append(folder / name)
        paths[-1].write_text(text, encoding="utf-8")
    path = folder / "ukraine.sqlite"
    init = geo(path, "init", "--factions", REGISTRY)
    assert init.returncode == 0, init.stderr
    assert "made workspace 'Ukraine 2022'" in init.stderr
    added = lines(geo(path, "add", *paths))
    assert [d["id"] for d in added] == ["shelling.txt", "retreat.txt"]
    return path


@pytest.fixture()
def made(template, tmp_path) -> Path:
    """A fresh copy of the module's workspace (SQLite's backup: WAL included)."""
    path = tmp_path / "ukraine.sqlite"
    with sqlite3.connect(template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    return path


@pytest.fixture(scope="module")
def first_claim(template) -> dict:
    return lines(geo(template, "claims"))[0]


def test_add_list_remove(made, articles):
    # articles: the same texts as in the workspace, under other folders
    assert [d["id"] for d in lines(geo(made, "list"))] == [
        "shelling.txt",
        "retreat.txt",
    ]
    again = geo(made, "add", articles[0])
    assert again.returncode == 1
    assert "already in the workspace as shelling.txt" in again.stderr
    assert lines(geo(made, "remove", "retreat.txt")) == []
    assert [d["id"] for d in lines(geo(made, "list"))] == ["shelling.txt"]


def test_claims_carry_ids_and_corrections_reach_the_export(made, tmp_path):
    claims = lines(geo(made, "claims"))
    by_place = {(c["type"], c["place"]): c for c in claims}
    lyman = by_place[("control", "Lyman")]
    strike = by_place[("strike", "Kharkiv")]
    retreat = by_place[("movement", "Balakliya")]
    assert lyman["id"].startswith("c-") and lyman["mention_id"].startswith("m-")
    assert {c["status"] for c in claims} == {"extracted"}

    before = tmp_path / "before.geojson"
    assert geo(made, "export", "-o", before).returncode == 0
    assert place(features(before), "Lyman")["properties"]["faction"] == "UKR"

    assert lines(geo(made, "reject", strike["id"], "--note", "old news"))[0]["id"] == 1
    lines(geo(made, "side", lyman["id"], "RUS", "--by", "ann"))
    lines(geo(made, "move", lyman["mention_id"], "--lat", 49.0, "--lon", 37.9))
    lines(geo(made, "not-a-place", retreat["mention_id"]))
    lines(geo(made, "control", "Izium", "--side", "UKR", "--as-of", "2022-09-10"))

    status = {c["id"]: c for c in lines(geo(made, "claims"))}
    assert status[strike["id"]]["status"] == "rejected"
    assert status[lyman["id"]]["status"] == "corrected"
    assert status[lyman["id"]]["faction"] == "RUS"
    # the analyst wrote "Izium"; the gazetteer spells it Izyum
    assert [c["place"] for c in status.values() if c["status"] == "analyst"] == [
        "Izyum"
    ]

    out = tmp_path / "after.geojson"
    done = geo(made, "export", "-o", out)
    assert done.returncode == 0, done.stderr
    feats = features(out)
    lyman_f = place(feats, "Lyman")
    props = lyman_f["properties"]
    assert props["faction"] == "RUS"
    assert lyman_f["geometry"]["coordinates"] == [37.9, 49.0]
    (source,) = props["sources"]
    assert source["sentence"] == lyman["sentence"]
    assert source["corrected"].startswith("corrected by analyst:")
    assert "side set to RUS (ann," in source["corrected"]
    assert "place moved to the point 49.0000, 37.9000" in source["corrected"]
    assert not [f for f in feats if f["properties"]["layer"] == "strike"]
    assert not [f for f in feats if "Balakliya" in json.dumps(f["properties"])], (
        "the mention marked not a place is still on the map"
    )
    izium = place(feats, "Izyum")["properties"]
    assert izium["faction"] == "UKR"
    assert "Izyum held by UKR as of 2022-09-10" in izium["sources"][0]["corrected"]

    # as of a date before the analyst's: Izium has no controller yet
    early = tmp_path / "early.geojson"
    assert geo(made, "export", "-o", early, "--as-of", "2022-09-01").returncode == 0
    assert not [f for f in features(early) if f["properties"].get("name") == "Izyum"]

    # taking a correction back restores the claim
    undo = geo(made, "undo", "1")
    assert undo.returncode == 0, undo.stderr
    assert {c["id"]: c for c in lines(geo(made, "claims"))}[strike["id"]][
        "status"
    ] == "extracted"


def test_move_to_a_gazetteer_candidate(made, gz):
    lyman = next(c for c in lines(geo(made, "claims")) if c["place"] == "Lyman")
    options = lines(geo(made, "candidates", lyman["mention_id"]))
    assert options[0]["current"] is True
    other = next(o for o in options if not o["current"])
    assert other["distance_km"] > 0
    lines(geo(made, "move", lyman["mention_id"], "--geonameid", other["geonameid"]))
    fixed = next(c for c in lines(geo(made, "claims")) if c["id"] == lyman["id"])
    assert (fixed["lat"], fixed["lon"]) == (
        round(other["lat"], 5),
        round(other["lon"], 5),
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("reject", "c-0000"), "no claim 'c-0000'"),
        (("side", "CLAIM", "NOBODY"), "unknown side 'NOBODY'"),
        (("move", "m-0000", "--lat", "1", "--lon", "2"), "no mention 'm-0000'"),
        (("move", "MENTION", "--lat", "95", "--lon", "2"), "out of range"),
        (("move", "MENTION"), "needs --geonameid N, or --lat"),
        (("move", "MENTION", "--geonameid", "1"), "no such geonameid"),
        (("remove", "nope.txt"), "no article 'nope.txt'"),
        (("control", "Qwzxv", "--side", "UKR", "--as-of", "2022-01-01"), "not found"),
        (("undo", "42"), "no correction 42"),
        (("type", "CLAIM", "rumour"), "unknown claim type"),
        (("add", "missing.txt"), "missing.txt: no such file"),
        (("export", "-o", "/proc/nope/out.geojson"), "cannot write"),
    ],
)
def test_bad_requests_are_one_clear_line(made, first_claim, args, message):
    claim = first_claim
    args = tuple(
        {"CLAIM": claim["id"], "MENTION": claim["mention_id"]}.get(a, a) for a in args
    )
    proc = geo(made, *args)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "no such workspace"),
        (lambda p: p.write_text("plain text"), "not a readable workspace"),
    ],
)
def test_a_bad_workspace_file_is_one_clear_line(tmp_path, make, message):
    path = tmp_path / "w.sqlite"
    make(path)
    proc = geo(path, "list")
    assert proc.returncode == 1
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_init_with_a_bad_registry(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"factions": [{"id": "lower"}]}', encoding="utf-8")
    proc = geo(tmp_path / "w.sqlite", "init", "--factions", bad)
    assert proc.returncode == 1
    assert "'id' must be a short upper-case string" in proc.stderr
    assert not (tmp_path / "w.sqlite").exists()
