"""Building, loading and failing to load the index."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from gazetteer import IndexCorrupt, IndexMissing, open_index
from gazetteer.errors import DataSourceError
from gazetteer.index import build_index, load_index
from gazetteer.sources import RawPlace, iter_geonames_dump

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "geonames_sample.txt"


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("idx") / "index"
    build_index(iter_geonames_dump(SAMPLE), out, version="sample")
    return out


def test_dump_rows_are_read_with_feature_codes():
    rows = {r.geonameid: r for r in iter_geonames_dump(SAMPLE)}
    assert len(rows) == 40
    assert rows[2210247].kind == "capital"  # Tripoli, PPLC
    assert rows[2210554].kind == "admin_seat"  # Sirte, PPLA
    assert rows[266826].country == "LB"


def test_index_from_a_dump_resolves_both_tripolis(sample_index):
    gz = open_index(sample_index)
    assert len(gz) == 40
    assert gz.lookup("Tripoli", countries=["LB"]).place.geonameid == 266826
    assert gz.lookup("Tripoli", countries=["LY"]).place.geonameid == 2210247
    assert (
        gz.lookup("Misrata").place.geonameid == 2214846
    )  # an alternate name in the dump


def test_zipped_dump(tmp_path):
    archive = tmp_path / "LY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SAMPLE, "LY.txt")
        zf.writestr("readme.txt", "not data")
    assert len(list(iter_geonames_dump(archive))) == 40


def test_cli_build_from_dump(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gazetteer",
            "build",
            "--geonames",
            str(SAMPLE),
            "-o",
            str(tmp_path / "i"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    gz = open_index(tmp_path / "i")
    # the dump plus the shipped supplement and countries
    assert gz.lookup("Jufra").place.kind == "district"
    assert gz.lookup("Libya").place.kind == "country"
    assert gz.lookup("Sirte").place.geonameid == 2210554


def test_malformed_dump_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(DataSourceError, match="19"):
        list(iter_geonames_dump(bad))
    with pytest.raises(DataSourceError, match="no such file"):
        list(iter_geonames_dump(tmp_path / "missing.txt"))


def test_missing_index_says_how_to_rebuild(tmp_path):
    with pytest.raises(IndexMissing, match="python -m gazetteer build"):
        load_index(tmp_path / "nothing-here")


@pytest.mark.parametrize(
    "damage", ["truncate_array", "drop_names", "garble_meta", "wrong_format"]
)
def test_corrupt_index_says_how_to_rebuild(sample_index, tmp_path, damage):
    broken = tmp_path / "broken"
    shutil.copytree(sample_index, broken)
    if damage == "truncate_array":
        (broken / "places_lat.npy").write_bytes(
            (broken / "places_lat.npy").read_bytes()[:40]
        )
    elif damage == "drop_names":
        (broken / "names.bin").unlink()
    elif damage == "garble_meta":
        (broken / "meta.json").write_text("{not json", encoding="utf-8")
    else:
        (broken / "meta.json").write_text('{"format": 999}', encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="python -m gazetteer build") as info:
        load_index(broken)
    assert isinstance(info.value, ValueError)


def test_corrupt_index_in_the_cli_is_one_line(sample_index, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(sample_index, broken)
    (broken / "names.bin").unlink()
    out = subprocess.run(
        [sys.executable, "-m", "gazetteer", "lookup", "Sirte", "--index", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "rebuild it with: python -m gazetteer build" in out.stderr


def test_bad_coordinates_are_skipped(tmp_path):
    rows = [
        RawPlace(1, "Good", 10.0, 10.0, "XX"),
        RawPlace(2, "Bad", 95.0, 10.0, "XX"),
        RawPlace(3, "Nan", float("nan"), 1.0, "XX"),
    ]
    gz = open_index(build_index(rows, tmp_path / "i"))
    assert len(gz) == 1
    assert np.isfinite(gz.lookup("Good").place.lat)


def test_empty_source_is_an_error(tmp_path):
    with pytest.raises(DataSourceError):
        build_index([], tmp_path / "i")
