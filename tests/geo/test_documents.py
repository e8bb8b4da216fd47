"""Documents from files, header dates, and relative dates in sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.errors import DocumentError
from geo.documents import (
    document_ids,
    header_date,
    iter_paths,
    load_document,
    resolve_date,
)

TUESDAY = dt.date(2020, 6, 16)


def test_header_date_sets_the_date_and_text_stays_whole(tmp_path):
    text = "Date: 2020-06-16\n\nHaftar forces shelled Sirte yesterday."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    assert (doc.id, doc.date, doc.text) == ("a.txt", TUESDAY, text)
    start = doc.text.index("Sirte")
    assert doc.text[start : start + 5] == "Sirte"  # offsets index the file as it is


def test_command_line_date_overrides_the_header(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Date: 2020-06-16\nText.", encoding="utf-8")
    assert load_document(path, date=dt.date(2021, 1, 2)).date == dt.date(2021, 1, 2)


@pytest.mark.parametrize(
    "head, expected",
    [
        ("Date: 2020-06-16", TUESDAY),
        ("Published: 16 June 2020", TUESDAY),
        ("date - June 16, 2020", TUESDAY),
        ("Dated 2020-6-16", TUESDAY),
        ("No date here", None),
        ("Date: someday", None),
        ("Date: 2020-02-31", None),
    ],
)
def test_header_forms(head, expected):
    assert header_date(head + "\nBody.") == expected


def test_a_date_deep_in_the_text_is_no_header():
    assert header_date("A\nB\nC\nD\nE\nF\nDate: 2020-06-16") is None


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "ten were killed yesterday, Monday, in the southwestern area",
            dt.date(2020, 6, 15),
        ),
        ("On Sunday, the army announced", dt.date(2020, 6, 14)),
        ("a meeting held on Saturday in Tripoli", dt.date(2020, 6, 13)),
        ("the day before yesterday with the minister", dt.date(2020, 6, 14)),
        ("Yesterday, the spokesman announced", dt.date(2020, 6, 15)),
        ("fighting last week near the town", dt.date(2020, 6, 9)),
        ("talks with Haftar on June 6", dt.date(2020, 6, 6)),
        ("on 6 June the talks", dt.date(2020, 6, 6)),
        ("clashes three days ago", dt.date(2020, 6, 13)),
        ("the strike on 2020-05-01", dt.date(2020, 5, 1)),
        ("the vote next Friday", dt.date(2020, 6, 19)),
        ("It happened on Tuesday", TUESDAY),
        ("it happened last Tuesday", dt.date(2020, 6, 9)),
        ("forces will maintain their locations", None),
        ("the May 2020 offensive, control early this year", None),
        # a month without its day: its first day (mid-: the 15th, late: the 21st)
        ("the rebels seized the town, a district seat, in December", dt.date(2019, 12, 1)),
        ("the rebels seized the town in late May", dt.date(2020, 5, 21)),
        ("during mid-March 2018 the town fell", dt.date(2018, 3, 15)),
        ("seized in June", dt.date(2020, 6, 1)),
        ("it may fall in may", None),
    ],
)
def test_resolve_date(sentence, expected):
    assert resolve_date(sentence, TUESDAY) == expected


def test_resolve_date_needs_the_document_date_for_relative_ones():
    assert resolve_date("yesterday, Monday", None) is None
    assert resolve_date("on June 6", None) is None
    assert resolve_date("on June 6, 2020", None) == dt.date(2020, 6, 6)


def test_month_after_the_document_means_last_year():
    assert resolve_date("since December 30", dt.date(2021, 1, 2)) == dt.date(
        2020, 12, 30
    )


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"\x00\x01\x02", "binary"), (b"caf\xe9 au lait", "not UTF-8")],
)
def test_bad_files_raise_document_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "nope.txt")


def test_iter_paths_expands_directories_and_keeps_missing(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", "skip.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = iter_paths([tmp_path, tmp_path / "missing.txt"])
    assert [p.name for p in found] == ["a.txt", "b.txt", "c.txt", "missing.txt"]


def test_document_ids_stay_unique(tmp_path):
    paths = [tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", tmp_path / "b.txt"]
    ids = document_ids(paths)
    assert len(set(ids)) == 3 and ids[2] == "b.txt"
