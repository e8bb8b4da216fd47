"""resolve_date reads a pattern only where a word it needs is in the sentence: the
prefilter must never hide a date (non-ASCII sentences are always read in full)."""

import datetime as dt

import pytest

from geo.documents import resolve_date

D = dt.date(2020, 6, 16)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "doc_date", "expected"),
    [
        ("Shelling resumed on 2020-06-12 near the bridge.", None, dt.date(2020, 6, 12)),
        ("The convoy left on 3rd of May, 2019, at dawn.", None, dt.date(2019, 5, 3)),
        ("The convoy left on Sept 9 and returned.", D, dt.date(2019, 9, 9)),
        ("Two villages changed hands the day before yesterday.", D, dt.date(2020, 6, 14)),
        ("THE TOWN FELL YESTERDAY.", D, dt.date(2020, 6, 15)),
        ("Fighting went on tonight.", D, D),
        ("The militia withdrew on Saturday.", D, dt.date(2020, 6, 13)),
        ("Talks collapsed last MONTH.", D, dt.date(2020, 5, 17)),
        ("The base was taken three weeks ago.", D, dt.date(2020, 5, 26)),
        ("The base was taken 3 days ago.", D, dt.date(2020, 6, 13)),
        # "\u017f" (long s) matches "s" in the case-blind patterns: read in full
        ("The raid came thi\u017f morning.", D, D),
        ("Nothing here says when.", D, None),
        ("Troops held 12 positions.", D, None),
        ("Troops withdrew yesterday.", None, None),
    ],
)
def test_dates_found_as_before(sentence, doc_date, expected):
    assert resolve_date(sentence, doc_date) == expected
