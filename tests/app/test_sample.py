"""The shipped analysis of the seeds (geo/data/sample) and the first start's index
build: the file matches a fresh analysis, a new sample workspace uses it, and the
build's progress is read from its output."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.workspace import Workspace, ensure_sample
from geo.workspace.firstrun import IndexBuild
from geo.workspace.sample import (
    SAVED,
    differences,
    load_saved,
    make_saved,
    seed_documents,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gz():
    import gazetteer

    return gazetteer.load()


def test_shipped_analysis_matches_a_fresh_one(gz):
    fresh = make_saved(seed_documents(), gazetteer=gz)
    found = differences(load_saved(), fresh)
    assert found == [], (
        f"{SAVED} is stale: {found}; write it again with: "
        "python -m geo.workspace.sample --write"
    )


def test_shipped_analysis_is_plain_json():
    import json

    data = json.loads(SAVED.read_text(encoding="utf-8"))
    assert data["format"] == 1 and len(data["documents"]) == len(seed_documents())
    # the articles' text is not copied: the workspace has it
    assert all("text" not in row for row in data["documents"])
    saved = load_saved()
    sirte = [p for p in saved.settlements if p.name == "Sirte"]
    assert sirte and abs(sirte[0].lat - 31.2089) < 0.01


def test_a_new_sample_workspace_has_its_analysis_before_the_index(tmp_path, gz):
    path = ensure_sample(sorted((ROOT / "seeds").glob("*.txt")), directory=tmp_path)
    ws = Workspace(path)
    saved = ws.saved_analysis()  # no gazetteer needed
    assert saved is not None
    assert {d.id for d in saved.documents} == {d.id for d in seed_documents()}
    sirte = [
        m for ms in saved.mentions.values() for m in ms if m.describes == "Sirte"
    ] or [m for ms in saved.mentions.values() for m in ms if m.name == "Sirte"]
    assert sirte and abs(sirte[0].lat - 31.2089) < 0.01
    assert abs(sirte[0].lon - 16.5887) < 0.01
    # when the shipped key is the running code's, nothing is analysed again
    if load_saved().key == ws.analysis_key(gz):
        assert ws.analysis(gazetteer=gz).claims == saved.claims


def test_the_build_progress_is_read_from_its_output(tmp_path):
    log = tmp_path / "build.log"
    log.write_bytes(
        b"Building the gazetteer index (once per installation) ...\n"
        b"gazetteer:  12%|#   | 121000/1015000\r"
        b"gazetteer:  47%|####  | 477000/1015000\r"
    )
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    build = IndexBuild(proc, log)
    assert build.fraction() == pytest.approx(0.9 * 0.47)
    assert "once" in build.status()
    assert build.done()


def test_a_second_start_waits_for_the_build_already_running(tmp_path, monkeypatch):
    """Two app processes on a fresh machine build the index once: the second
    waits for the first one's process."""
    from geo.workspace import firstrun

    monkeypatch.setattr(firstrun, "index_path", lambda: tmp_path / "index-x")
    monkeypatch.setattr(firstrun, "index_ready", lambda: False)
    other = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)  # ensure_default_index"]
    )

    def no_build(*args, **kwargs):
        raise AssertionError("a second build was started")

    try:
        cmdline = Path(f"/proc/{other.pid}/cmdline")
        for _ in range(100):  # until the child runs its own command line
            if b"ensure_default_index" in cmdline.read_bytes():
                break
            time.sleep(0.05)
        monkeypatch.setattr(firstrun.subprocess, "Popen", no_build)
        (tmp_path / "index-x.building").write_text(str(other.pid))
        build = firstrun.start_build()
        assert build.proc is None and build.pid == other.pid
        assert not build.done() and build.failed() is None
        assert f"pid {other.pid}" in build.status() and "once" in build.status()
    finally:
        other.kill()
        other.wait()
    assert build.done()
    assert build.failed() == f"the index build in process {other.pid} stopped"
