"""Issue 17 item 5: the cache holds data, not code, and is checked on every load."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from gazetteer import IndexCorrupt, open_index
from gazetteer.index import build_index, load_index
from gazetteer.sources import iter_geonames_dump

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "geonames_sample.txt"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    out = tmp_path_factory.mktemp("cache") / "index"
    build_index(iter_geonames_dump(SAMPLE), out, version="sample")
    return out


@pytest.fixture
def copy(sample_index, tmp_path):
    target = tmp_path / "index"
    shutil.copytree(sample_index, target)
    return target


class _Boom:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_item5_planted_pickle_runs_nothing(copy, tmp_path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Boom(marker))
    # A pickle planted under every name a cache file has or had.
    for name in (
        "scanner-2-sample-0000000000.pickle",
        "scanner.pickle",
        "automaton.pickle",
    ):
        (copy / name).write_bytes(payload)
    gz = open_index(copy)
    from gazetteer.scanner import scan

    hits = scan("Fighting was reported near Sirte and Misrata.", gz)
    assert [h.key for h in hits] == ["sirte", "misrata"]
    assert not marker.exists()


def test_item5_no_pickle_in_the_package():
    """Nothing in the library loads a pickle (np.load refuses them too)."""
    for path in (ROOT / "gazetteer").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pickle" not in text, path
        assert "allow_pickle=True" not in text, path


def test_item5_random_array_of_the_right_length_is_detected(copy):
    lat = np.load(copy / "places_lat.npy")
    rng = np.random.default_rng(7)
    np.save(copy / "places_lat.npy", rng.uniform(-90, 90, size=lat.shape))
    assert np.load(copy / "places_lat.npy").shape == lat.shape
    with pytest.raises(IndexCorrupt) as err:
        load_index(copy)
    assert "places_lat.npy" in str(err.value)
    assert "python -m gazetteer build" in str(err.value)


def test_item5_random_posting_list_is_detected(copy):
    ids = np.load(copy / "exact_ids.npy")
    np.save(copy / "exact_ids.npy", np.random.default_rng(3).permutation(ids))
    with pytest.raises(IndexCorrupt, match="exact_ids.npy"):
        load_index(copy)


def test_item5_truncated_array_is_detected(copy):
    data = (copy / "exact_offsets.npy").read_bytes()
    (copy / "exact_offsets.npy").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="exact_offsets.npy"):
        load_index(copy)


def test_item5_changed_trie_is_detected(copy):
    data = bytearray((copy / "exact.marisa").read_bytes())
    data[-5] ^= 0xFF
    (copy / "exact.marisa").write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="exact.marisa"):
        load_index(copy)


def test_item5_meta_without_digests_is_refused(copy):
    import json

    meta = json.loads((copy / "meta.json").read_text())
    del meta["crc32"]
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IndexCorrupt, match="digest"):
        load_index(copy)


def test_item5_the_cli_says_one_line_on_a_corrupt_index(copy):
    import subprocess
    import sys

    np.save(copy / "places_lon.npy", np.zeros(40))
    out = subprocess.run(
        [sys.executable, "-m", "gazetteer", "lookup", "Sirte", "--index", str(copy)],
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "places_lon.npy" in out.stderr and "build" in out.stderr


def test_item5_a_verified_index_is_checked_again_once_a_file_changes(copy):
    # The first load checks every digest and stamps the files; the second trusts
    # the stamp; a file then overwritten with random values of the same length
    # moves its change time, and the next load finds the mismatch.
    load_index(copy)
    assert (copy / "verified.json").exists()
    assert len(open_index(copy).candidates("Sirte", limit=1)) == 1
    lat = np.load(copy / "places_lat.npy")
    noise = np.random.default_rng(3).uniform(-90, 90, len(lat))
    np.save(copy / "places_lat.npy", noise)
    assert (copy / "places_lat.npy").stat().st_size == lat.nbytes + 128
    with pytest.raises(IndexCorrupt, match="places_lat.npy"):
        load_index(copy)
