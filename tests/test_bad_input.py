"""Bad input on every command: one clear line per file, the rest still processed.

Issue 17, items 1 and 6: symlink loops, broken links, unreadable sub-folders,
directories, binary, empty and too-large files give one line each naming the file
and what to do; UTF-16/32 with a byte-order mark is read; control characters never
reach the analysis.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gazetteer.__main__ import main as gazetteer_main
from gazetteer.errors import DocumentError
from gazetteer.textio import MAX_BYTES, decode_text, read_text
from geo.__main__ import main as geo_main
from geo.documents import expand_inputs

GOOD = (
    "Date: 2021-03-02\n"
    "Forces of the GNA captured Misrata on Monday after a long night of fighting.\n"
)
WIDE = (
    "Date: 2021-03-03\n"
    "The LNA took control of Sirte, witnesses in the port said on Tuesday.\n"
)
NUL = "Residents said the GNA\x00 holds Zliten\x07 and the roads around it.\n"

#: File name -> (what the line must say).
BAD = {
    "loop.txt": "symbolic link loop",
    "broken.txt": "broken symbolic link",
    "binary.txt": "binary",
    "empty.txt": "empty",
    "huge.txt": "too large",
}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b_utf16.txt").write_bytes(WIDE.encode("utf-16"))  # with a BOM
    (d / "c_nul.txt").write_text(NUL, encoding="utf-8")
    (d / "loop.txt").symlink_to(d / "loop.txt")
    (d / "broken.txt").symlink_to(d / "nowhere.txt")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (d / "empty.txt").write_bytes(b"")
    with open(d / "huge.txt", "wb") as handle:  # sparse: nothing is written
        handle.truncate(MAX_BYTES + 1)
    (d / "sub").mkdir()
    (d / "sub" / "d_deep.txt").write_text(GOOD.replace("Misrata", "Zawiya"), "utf-8")
    (d / "sub" / "self").symlink_to(d / "sub")  # a folder loop: not followed
    return d


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _check_one_line_per_bad_file(stderr: str, folder: Path) -> None:
    lines = _lines(stderr)
    for name, says in BAD.items():
        hits = [line for line in lines if str(folder / name) in line]
        assert len(hits) == 1, (name, lines)
        assert says in hits[0], hits[0]
        assert ";" in hits[0] or "directory" in hits[0]  # it says what to do
    assert "Traceback" not in stderr


def test_bad_input_parse_reads_the_rest(folder, capsys, gz):
    files = sorted(str(p) for p in folder.iterdir() if p.name != "sub")
    rc = gazetteer_main(["parse", *files, str(folder / "sub")])
    out, err = capsys.readouterr()
    assert rc == 1
    _check_one_line_per_bad_file(err, folder)
    assert f"{folder / 'sub'}: is a directory" in err
    mentions = [json.loads(line) for line in _lines(out)]
    by_doc = {}
    for m in mentions:
        by_doc.setdefault(Path(m["doc"]).name, set()).add(m["name"])
    assert any(n.startswith("Misrat") for n in by_doc["a_good.txt"])
    assert any("Sirt" in n for n in by_doc["b_utf16.txt"])  # UTF-16 read
    assert "Zliten" in by_doc["c_nul.txt"]


def test_bad_input_claims_reads_the_rest(folder, capsys, gz):
    files = sorted(str(p) for p in folder.iterdir() if p.name != "sub")
    rc = geo_main(["claims", *files])
    out, err = capsys.readouterr()
    assert rc == 1
    _check_one_line_per_bad_file(err, folder)
    claims = [json.loads(line) for line in _lines(out)]
    docs = {c["doc"] for c in claims}
    assert {"a_good.txt", "b_utf16.txt"} <= docs
    utf16 = next(c for c in claims if c["doc"] == "b_utf16.txt")
    assert utf16["faction"] == "LNA" and utf16["type"] == "control"
    # "on Tuesday" before the header's Wednesday: the header of a UTF-16 file is read
    assert utf16["date"] == "2021-03-02"
    assert all(
        "\x00" not in c["sentence"] and "\x07" not in c["sentence"] for c in claims
    )


def test_bad_input_map_writes_the_rest(folder, tmp_path, capsys, gz, monkeypatch):
    real_scandir = os.scandir
    locked = folder / "locked"
    locked.mkdir()
    (locked / "e_hidden.txt").write_text(GOOD, encoding="utf-8")

    def scandir(path="."):
        if Path(path) == locked:  # as an unreadable folder behaves (we run as root)
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "map.geojson"
    rc = geo_main(
        ["map", str(folder), "-o", str(out), "--gpkg", str(tmp_path / "m.gpkg")]
    )
    _, err = capsys.readouterr()
    assert rc == 0, err
    _check_one_line_per_bad_file(err, folder)
    assert f"{locked}: folder cannot be listed (Permission denied)" in err
    assert "documents: 4 read, 5 failed" in err
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    docs = {s["doc"] for f in features for s in f["properties"].get("sources") or []}
    assert {"a_good.txt", "b_utf16.txt", "d_deep.txt"} <= docs
    assert (tmp_path / "m.gpkg").stat().st_size > 0


def test_bad_input_expand_inputs_does_not_follow_folder_links(folder):
    found = expand_inputs([folder])
    names = [p.name for p in found.paths]
    assert names.count("d_deep.txt") == 1
    assert "loop.txt" in names and not found.problems


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", "\ufeff"), ("utf-16-be", "\ufeff"), ("utf-32-le", "\ufeff"),
     ("utf-32-be", "\ufeff"), ("utf-8", "\ufeff"), ("utf-16", ""), ("utf-32", "")],
)  # fmt: skip
def test_bad_input_utf16_and_utf32_with_a_bom(encoding, bom):
    data = (bom + WIDE).encode(encoding)
    assert decode_text(data, name="w.txt") == WIDE


def test_bad_input_utf16_with_broken_bytes_says_so():
    data = "\ufeffSirte".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    with pytest.raises(DocumentError, match="w.txt: starts as UTF-16 text but"):
        decode_text(data, name="w.txt")


def test_bad_input_control_characters_become_spaces_offsets_kept():
    raw = "Sirte\x00is\x1b[31m held\r\n\tby\x7f the LNA\x85." + "x" * 2000
    text = decode_text(raw.encode("utf-8"), name="c.txt")
    assert len(text) == len(raw)  # one space for each: offsets index the file
    assert text.startswith("Sirte is [31m held\r\n\tby  the LNA .")


def test_bad_input_nul_after_the_first_64_kb_is_removed():
    raw = "word " * 20_000 + "Sirte\x00\x00Tripoli" + " end"
    text = decode_text(raw.encode(), name="late.txt")
    assert "\x00" not in text and "Sirte  Tripoli" in text


def test_bad_input_utf16_without_a_bom_is_binary_with_advice():
    with pytest.raises(DocumentError, match="binary file, not text; pass a plain"):
        decode_text(("Sirte and Tripoli " * 10).encode("utf-16-le"), name="x.txt")


def test_bad_input_device_and_directory(tmp_path):
    with pytest.raises(DocumentError, match="not a regular file"):
        read_text("/dev/zero")
    with pytest.raises(DocumentError, match=r"is a directory, not a file; pass the"):
        read_text(tmp_path)
