"""The SQLite store: articles, the cache, other processes, interrupted writes and
old schemas."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geo.records import Document
from geo.workspace import SCHEMA_VERSION, Workspace, WorkspaceError, path_for, store
from tests.geo.workspace.conftest import claim_at

ROOT = Path(__file__).resolve().parents[3]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_a_new_workspace_keeps_its_name_and_sides(tmp_path, registry_json):
    ws = Workspace.create(
        tmp_path / "w.sqlite", name="  Ukraine   2022 ", registry_json=registry_json
    )
    again = Workspace(tmp_path / "w.sqlite")
    assert again.name == "Ukraine 2022"
    assert again.registry().ids == ("UKR", "RUS")
    assert again.documents() == []
    assert ws.path == again.path
    with sqlite3.connect(ws.path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_shipped_registry_is_the_default(tmp_path):
    ws = Workspace.create(tmp_path / "w.sqlite", name="Libya")
    assert ws.registry_json is None
    assert "LNA" in ws.registry()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such workspace"),
        (b"not a database at all, just some bytes" * 40, "not a readable workspace"),
        (b"", "no such workspace"),
    ],
)
def test_bad_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "w.sqlite"
    if content:
        path.write_bytes(content)
    with pytest.raises(WorkspaceError, match=message) as err:
        Workspace(path)
    assert str(path) in str(err.value)


def test_an_sqlite_file_of_something_else_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x)")
    with pytest.raises(WorkspaceError, match="not a workspace"):
        Workspace(path)


def test_a_newer_schema_is_refused_not_damaged(tmp_path):
    ws = Workspace.create(tmp_path / "w.sqlite", name="W")
    with sqlite3.connect(ws.path) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace(ws.path)


def test_create_refuses_an_existing_file_and_a_bad_registry(tmp_path):
    Workspace.create(tmp_path / "w.sqlite", name="W")
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(tmp_path / "w.sqlite", name="W")
    with pytest.raises(ValueError, match="not valid JSON"):
        Workspace.create(tmp_path / "x.sqlite", name="X", registry_json="{nope")
    with pytest.raises(ValueError, match="factions"):
        Workspace.create(tmp_path / "y.sqlite", name="Y", registry_json="{}")
    assert not (tmp_path / "x.sqlite").exists()
    assert not (tmp_path / "y.sqlite").exists()


def test_add_names_remove(tmp_path):
    ws = Workspace.create(tmp_path / "w.sqlite", name="W")
    first = ws.add([Document("a.txt", "Sirte is quiet."), Document("b.txt", "Derna.")])
    assert first.ids == ("a.txt", "b.txt")
    second = ws.add(
        [Document("a.txt", "Another text."), Document("c.txt", "Sirte is quiet.")]
    )
    assert second.ids == ("a-2.txt",)
    assert second.skipped == ("c.txt: already in the workspace as a.txt",)
    assert [d.id for d in ws.documents()] == ["a.txt", "b.txt", "a-2.txt"]
    assert ws.text("a-2.txt") == "Another text."
    ws.remove("b.txt")
    assert [d.id for d in ws.documents()] == ["a.txt", "a-2.txt"]
    with pytest.raises(WorkspaceError, match="no article 'b.txt'"):
        ws.remove("b.txt")


def test_analyses_are_cached_and_follow_the_registry(ws, gz, monkeypatch):
    first = ws.analysis(gazetteer=gz)
    lyman = claim_at(first, "Lyman", "control")
    assert lyman.faction == "UKR"
    assert str(lyman.date) == "2022-10-01"

    def boom(*args, **kwargs):
        raise AssertionError("re-analysed a cached article")

    monkeypatch.setattr(store, "_analyse", boom)
    again = ws.analysis(gazetteer=gz)
    assert [c.id for c in again.claims] == [c.id for c in first.claims]
    assert again.claims == first.claims
    assert again.mentions == first.mentions
    # new sides: the cache no longer applies
    ws.set_registry(None)
    with pytest.raises(AssertionError, match="re-analysed"):
        ws.analysis(gazetteer=gz)


def test_a_second_process_sees_the_same_state(ws, gz):
    claim = claim_at(ws.analysis(gazetteer=gz), "Lyman", "control")
    ws.correct("reject", claim.id, note="wrong town", author="tester")
    code = textwrap.dedent(
        f"""
        import json
        from geo.workspace import Workspace
        ws = Workspace({str(ws.path)!r})
        print(json.dumps({{
            "name": ws.name,
            "docs": [d.id for d in ws.documents()],
            "corrections": [(c.kind, c.target, c.note, c.author)
                            for c in ws.corrections()],
            "claims": sorted(c.id for c in ws.corrected().claims),
        }}))
        ws.add([__import__("geo.records").records.Document("late.txt", "Later.")])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    seen = json.loads(out.stdout)
    assert seen["name"] == "Ukraine 2022"
    assert seen["docs"] == ["shelling.txt", "retreat.txt"]
    assert seen["corrections"] == [["reject", claim.id, "wrong town", "tester"]]
    assert seen["claims"] == sorted(c.id for c in ws.corrected(gazetteer=gz).claims)
    assert claim.id not in seen["claims"]
    # and this process sees what the other one wrote
    assert [d.id for d in ws.documents()][-1] == "late.txt"


def test_an_exception_inside_a_write_keeps_the_previous_state(ws, monkeypatch):
    before = ws.documents()
    calls = []

    def failing(name, taken):
        calls.append(name)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return name

    monkeypatch.setattr(store, "unique_id", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ws.add([Document("x.txt", "One."), Document("y.txt", "Two.")])
    assert ws.documents() == before  # not even x.txt went in


def test_a_killed_process_loses_nothing_already_saved(ws):
    before = [d.id for d in ws.documents()]
    code = textwrap.dedent(
        f"""
        import os, signal
        from geo.records import Document
        from geo.workspace import Workspace
        ws = Workspace({str(ws.path)!r})
        ws.add([Document("saved.txt", "Saved first.")])
        with ws._write() as con:
            con.execute(
                "INSERT INTO documents (id, title, text, added, sha1) "
                "VALUES ('half.txt', 'half', 'Half written.', '2020-01-01', 'x')"
            )
            con.execute("DELETE FROM documents WHERE id = 'shelling.txt'")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, check=False
    )
    assert proc.returncode == -9
    after = Workspace(ws.path)
    assert [d.id for d in after.documents()] == [*before, "saved.txt"]
    with sqlite3.connect(ws.path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_old_schema_migrates_and_keeps_its_data(tmp_path, gz):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    store.migrate_to(con, 1)
    con.executescript(
        """
        INSERT INTO meta VALUES ('name', 'Old war'), ('registry', '');
        INSERT INTO documents (id, title, text, added, sha1)
        VALUES ('a.txt', 'a', 'Haftar forces took control of Sirte.',
                '2020-06-01T00:00:00+00:00', 'x');
        INSERT INTO corrections (kind, target, value, note, created)
        VALUES ('not-a-place', 'm-0', '{}', 'from v1', '2020-06-02T00:00:00+00:00');
        """
    )
    con.close()
    ws = Workspace(path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert ws.name == "Old war"
    assert [d.id for d in ws.documents()] == ["a.txt"]
    (old,) = ws.corrections()
    assert (old.kind, old.target, old.note, old.author) == (
        "not-a-place",
        "m-0",
        "from v1",
        "",
    )
    sirte = claim_at(ws.analysis(gazetteer=gz), "Sirte", "control")
    assert sirte.faction == "LNA"


def test_workspace_files_live_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path))
    assert path_for("Ukraine 2022") == tmp_path / "workspaces" / "ukraine-2022.sqlite"
    assert path_for("../../etc") == tmp_path / "workspaces" / "etc.sqlite"


LINE = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[15.1, 32.3], [16.6, 31.2]],
                },
            }
        ],
    }
)


def test_map_layers_are_kept_replaced_and_removed(tmp_path):
    ws = Workspace.create(tmp_path / "w.sqlite", name="Layers")
    hostile = "roads <img src=x onerror=alert(1)> [x](http://h/x.png).kml"
    ws.add_overlay(hostile, LINE, format="KML")
    ws.add_overlay("areas.geojson", LINE.replace("15.1", "14.0"))
    again = Workspace(ws.path)  # another session, after a reload
    kept = again.overlays()
    assert [(o.name, o.format, o.features) for o in kept] == [
        (hostile, "KML", 1),
        ("areas.geojson", "GeoJSON", 1),
    ]
    line = json.loads(kept[0].geojson)["features"][0]["geometry"]
    assert line["coordinates"][0] == [15.1, 32.3]
    again.add_overlay("areas.geojson", LINE)  # same name: replaced, not doubled
    assert [o.name for o in ws.overlays()] == [hostile, "areas.geojson"]
    assert json.loads(ws.overlays()[1].geojson)["features"][0]["geometry"][
        "coordinates"
    ][0] == [15.1, 32.3]
    ws.remove_overlay(hostile)
    assert [o.name for o in Workspace(ws.path).overlays()] == ["areas.geojson"]
    with pytest.raises(WorkspaceError, match="no map layer"):
        ws.remove_overlay(hostile)
    with pytest.raises(WorkspaceError, match="not a GeoJSON FeatureCollection"):
        ws.add_overlay("bad.geojson", "{not json")
    assert [o.name for o in ws.overlays()] == ["areas.geojson"]


def test_a_schema_3_file_migrates_to_keep_map_layers(tmp_path):
    path = tmp_path / "v3.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    for version in range(1, 4):
        store.migrate_to(con, version)
    con.executescript(
        """
        INSERT INTO meta VALUES ('name', 'Three'), ('registry', '');
        INSERT INTO layer_cache VALUES ('k', '{}', '2024-01-01T00:00:00+00:00');
        """
    )
    con.close()
    ws = Workspace(path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert con.execute("SELECT count(*) FROM layer_cache").fetchone()[0] == 1
    assert ws.name == "Three" and ws.overlays() == []
    ws.add_overlay("roads.geojson", LINE)
    assert [o.name for o in Workspace(path).overlays()] == ["roads.geojson"]
