"""``python -m gazetteer parse`` and ``evaluate`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "gazetteer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_parse_prints_one_json_object_per_mention(tmp_path, gz):
    article = tmp_path / "a.txt"
    text = "Forces reached Sirte (450 km east of Tripoli) and the outskirts of Sirte."
    article.write_text(text, encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Sirte caf\xe9".encode("latin-1"))
    out = _run(
        "parse", str(article), str(tmp_path / "missing.txt"), str(bad), str(latin)
    )
    assert out.returncode == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 3
    assert (
        "no such file" in errors[0] and "binary" in errors[1] and "UTF-8" in errors[2]
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["kind"] for r in rows] == [
        "place",
        "relative",
        "place",
        "region",
        "place",
    ]
    for r in rows:
        assert r["doc"] == str(article)
        assert text[r["start"] : r["end"]] == r["text"]
        assert {
            "lat",
            "lon",
            "geonameid",
            "country",
            "uncertainty_km",
            "in_name",
        } <= set(r)
    rel = rows[1]
    assert rel["describes"] == "Sirte" and rel["anchor"] == "Tripoli"
    assert rel["stated_vs_geodesic"]["distance_km"] > 350
    assert rows[3]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_parse_ok_exit_zero(tmp_path, gz):
    article = tmp_path / "b.txt"
    article.write_text("Nothing here.", encoding="utf-8")
    out = _run("parse", str(article))
    assert out.returncode == 0 and out.stdout == ""


def test_evaluate_prints_figures(gz):
    out = _run(
        "evaluate", str(ROOT / "tests" / "data" / "geoparse_geovirus_sample.jsonl")
    )
    assert out.returncode == 0
    assert "F1" in out.stdout and "acc@161" in out.stdout
    bad = _run("evaluate", "/nonexistent.jsonl")
    assert bad.returncode == 1 and "no such file" in bad.stderr


def test_an_absurd_distance_is_one_warning_line(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "far.txt"
    path.write_text("Fighting was reported 45,000 km east of Tripoli, Libya.", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "gazetteer", "parse", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0
    assert "Traceback" not in out.stderr
    assert "45,000 km" in out.stderr and "not a distance on Earth" in out.stderr
    assert '"kind": "relative"' not in out.stdout
    assert '"text": "Tripoli"' in out.stdout


def test_parse_with_a_theatre_reads_the_wars_villages(tmp_path, gz):
    article = tmp_path / "mm.txt"
    article.write_text(
        "Rebels took Laukkai, the capital of the Kokang region.", encoding="utf-8"
    )
    plain = [json.loads(x) for x in _run("parse", str(article)).stdout.splitlines()]
    given = _run("parse", "--theatre", "mm", str(article))
    assert given.returncode == 0
    rows = [json.loads(x) for x in given.stdout.splitlines()]
    assert [(r["text"], r["country"]) for r in rows] == [("Laukkai", "MM")]
    assert abs(rows[0]["lat"] - 23.70) < 0.1 and abs(rows[0]["lon"] - 98.76) < 0.1
    # without the theatre "Kokang" is read as the town of that name abroad
    assert "Kokang" in [r["text"] for r in plain]
    bad = _run("parse", "--theatre", "Myanmar", str(article))
    assert bad.returncode == 2 and "two-letter country codes" in bad.stderr
    assert "Traceback" not in bad.stderr
