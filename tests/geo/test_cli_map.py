"""``python -m geo map``: outputs, summary, messages for bad files, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from geo.__main__ import main


@pytest.fixture()
def corpus(tmp_path, seed_paths):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in seed_paths:
        shutil.copy(p, folder / p.name)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    return folder


def test_map_writes_geojson_gpkg_html_and_reports_failures(
    corpus, tmp_path, capsys, gz
):
    out = tmp_path / "out" / "map.geojson"
    gpkg, html = tmp_path / "map.gpkg", tmp_path / "map.html"
    rc = main(
        [
            "map",
            str(corpus),
            str(tmp_path / "missing.txt"),
            "-o",
            str(out),
            "--gpkg",
            str(gpkg),
            "--html",
            str(html),
            "--date",
            "2020-06-16",
            "-q",
        ]
    )
    err = capsys.readouterr().err
    assert rc == 0
    assert "binary.txt: looks like a binary file" in err
    assert "missing.txt: no such file" in err
    assert (
        "documents: 2 read, 2 failed" in err and "claims:" in err and "features:" in err
    )
    collection = json.loads(out.read_text(encoding="utf-8"))
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"place", "settlement", "movement", "strike", "area", "front_line"}
    sirte = next(
        f for f in collection["features"] if f["properties"].get("name") == "Sirte"
    )
    assert sirte["properties"]["faction"] == "LNA"
    assert all(s["date"] for s in sirte["properties"]["sources"])  # dated by --date
    assert gpkg.stat().st_size > 0
    page = html.read_text(encoding="utf-8")
    assert "Sirte" in page and '<script src="http' not in page


def test_as_of_before_the_reports(corpus, tmp_path, capsys, gz):
    out = tmp_path / "early.geojson"
    rc = main(
        [
            "map",
            str(corpus),
            "-o",
            str(out),
            "--date",
            "2020-06-16",
            "--as-of",
            "2020-01-01",
            "-q",
        ]
    )
    assert rc == 0
    features = json.loads(out.read_text())["features"]
    statuses = {
        f["properties"]["status"]
        for f in features
        if f["properties"]["layer"] == "place"
    }
    assert statuses == {"none"}


def test_nothing_readable_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    out = tmp_path / "out.geojson"
    assert main(["map", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "nothing written" in err
    assert not out.exists()


def test_empty_directory_is_a_clear_error(tmp_path, capsys):
    assert main(["map", str(tmp_path), "-o", str(tmp_path / "o.geojson")]) == 2
    assert "no input files" in capsys.readouterr().err


def test_bad_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["map", str(tmp_path), "-o", "x.geojson", "--date", "16/06/2020"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_unreachable_scheduler_is_a_clear_error(corpus, tmp_path, capsys, gz):
    import dask
    import distributed  # noqa: F401 - registers the distributed config

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        rc = main(
            [
                "map",
                str(corpus),
                "-o",
                str(tmp_path / "o.geojson"),
                "--scheduler",
                "tcp://127.0.0.1:9",
                "-q",
            ]
        )
    assert rc == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_module_entry_point_runs(tmp_path, seed_paths):
    out = tmp_path / "one.geojson"
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "map", str(seed_paths[1]), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "documents: 1 read, 0 failed" in proc.stderr
    assert json.loads(out.read_text())["features"]
