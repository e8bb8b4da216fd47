"""Where workspaces live, the one open last, the sample, and the cache format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from gazetteer.records import Mention, Place
from geo.records import Claim
from geo.workspace import (
    Workspace,
    codec,
    ensure_sample,
    in_home,
    list_workspaces,
    path_for,
    remember,
    remembered,
    workspaces_dir,
)

ROOT = Path(__file__).resolve().parents[3]


def test_the_sample_holds_the_seeds_and_is_made_once():
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    path = ensure_sample(seeds)
    assert path.parent == workspaces_dir()
    ws = Workspace(path)
    assert ws.name == "Libya 2020"
    assert [d.id for d in ws.documents()] == [p.name for p in seeds]
    ws.remove(seeds[0].name)
    assert ensure_sample(seeds) == path  # not made again, not refilled
    assert len(Workspace(path).documents()) == len(seeds) - 1


def test_new_names_never_overwrite():
    first = path_for("Sudan 2023")
    Workspace.create(first, name="Sudan 2023")
    second = path_for("Sudan 2023")
    assert second != first and second.name == "sudan-2023-2.sqlite"
    assert list_workspaces() == [first]


@pytest.mark.parametrize(
    "name", ["../x.sqlite", "/etc/passwd", "x.txt", "", "a/b.sqlite", "missing.sqlite"]
)
def test_the_url_names_only_files_in_the_workspaces_folder(name):
    Workspace.create(workspaces_dir() / "real.sqlite", name="Real")
    assert in_home(name) is None
    assert in_home("real.sqlite") == workspaces_dir() / "real.sqlite"


def test_the_open_workspace_is_remembered(tmp_path):
    assert remembered() is None
    ws = Workspace.create(tmp_path / "mine.sqlite", name="Mine")
    remember(ws.path)
    assert remembered() == ws.path.resolve()
    ws.path.unlink()
    assert remembered() is None  # gone: the app falls back to the sample


def test_records_round_trip_through_the_cache_format():
    ring = Polygon([(36.0, 49.0), (37.5, 49.0), (37.5, 50.2), (36.0, 50.2)])
    region = Mention(
        "a.txt", 10, 26, "eastern Kharkiv", "region", "eastern Kharkiv Oblast",
        49.6, 36.8, country="UA", uncertainty_km=60.0, geometry=ring,
        stated_vs_geodesic={"stated_km": 30, "notes": ("a", "b")},
        refers_to=("Kharkiv",),
    )  # fmt: skip
    place = Place("Lyman", 48.9886, 37.8025, 702658, "UA", 20000, "city", "14")
    town = Mention(
        "a.txt", 40, 45, "Lyman", "place", "Lyman", 48.9886, 37.8025, 702658, "UA",
        place=place,
    )  # fmt: skip
    claim = Claim(
        "a.txt", "movement", "RUS", town, "s", 0, 50, kind="withdrawal",
        origin=region, date=dt.date(2022, 10, 1), factions=("RUS", "UKR"),
        corrected="corrected by analyst: side set to RUS",
    )  # fmt: skip
    back = codec.loads(codec.dumps([region, town, claim, {"k": (1, 2)}]))
    assert back[0] == region and back[0].geometry.equals_exact(ring, 1e-12)
    assert back[0].stated_vs_geodesic == {"stated_km": 30, "notes": ("a", "b")}
    assert back[1] == town and back[1].place == place
    assert back[2] == claim and back[2].id == claim.id
    assert back[2].origin.geometry.equals_exact(ring, 1e-12)
    assert back[3] == {"k": (1, 2)}


@pytest.mark.parametrize(
    "text",
    [
        '{"$r": "Popen", "args": ["rm"]}',  # only the listed records are built
        '{"$r": "Mention"}',  # required fields missing
        "[1, 2",  # not JSON
    ],
)
def test_the_cache_format_builds_nothing_else(text):
    with pytest.raises(codec.CodecError):
        codec.loads(text)
