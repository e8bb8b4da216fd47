"""The index build on whole columns gives what the per-name functions give."""

from __future__ import annotations

from gazetteer.index import _skeletons, build_index
from gazetteer.normalize import is_latin, loose_key, name_key
from gazetteer.sources import RawPlace, latin_mask, name_keys
from gazetteer.gazetteer import open_index

NAMES = [
    "Al-Jafra",
    "St. John's",
    "Dar'a",
    "Ma\u2019rib",
    "Ibb\u2019s market",
    "  Ta'izz  ",
    "\u1e6car\u0101bulus",
    "\u0130zmir",
    "\u0645\u0635\u0631\u0627\u062a\u0629",
    "\u0410\u0432\u0434\u0456\u0457\u0432\u043a\u0430",
    "a''b",
    "x`s",
    "tab\tand\x1fseparator",
    "",
    "Bin Jawwad",
    "Umm Ruwaba",
    "line\nbreak",
]


def test_name_keys_equal_name_key_one_by_one():
    assert name_keys(NAMES) == [name_key(n) for n in NAMES]
    assert name_keys([]) == []


def test_latin_mask_equals_is_latin():
    assert latin_mask(NAMES).tolist() == [is_latin(n) for n in NAMES]


def test_skeletons_equal_loose_key():
    keys = [k for k in (name_key(n) for n in NAMES) if k] + [
        "al jufrah",
        "misratah",
        "el",
        "ash shati",
        "ah",
        "oooh",
        "sirte surt",
    ]
    assert _skeletons(keys) == [loose_key(k) for k in keys]
    assert _skeletons([]) == []


def test_equal_places_keep_the_order_of_a_set(tmp_path):
    # Eight villages of one name and no population: their base scores tie, and
    # the posting lists them as the builds before gave them (a set's order).
    rows = [
        RawPlace(
            geonameid=100 + i,
            name="Qaryat Test",
            lat=30.0 + i / 10,
            lon=40.0,
            country="SY",
            kind="village",
        )
        for i in (0, 8, 16, 1, 9, 2)
    ]
    gz = open_index(build_index(rows, tmp_path / "i"))
    got = [c.place.geonameid for c in gz.candidates("Qaryat Test", limit=10)]
    order = sorted(set(range(len(rows))))  # rows 0..5 ascending, as a set orders them
    assert got == [rows[r].geonameid for r in order]
    assert {round(c.place.lat, 1) for c in gz.candidates("Qaryat Test", limit=10)} == {
        30.0, 30.8, 31.6, 30.1, 30.9, 30.2
    }
