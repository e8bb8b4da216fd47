"""sentence_bounds_near: the sentences around a few offsets, exactly as the full split."""

from __future__ import annotations

import bisect
import itertools

import pytest

from geo.sentences import sentence_bounds, sentence_bounds_near

TEXTS = [
    "Maj. Gen. Smith left Brega. He said: \"No.\" Then the convoy moved on.",
    "The U.S. envoy met them in Zawiya.The talks ended.Rebels then shelled the port!",
    "Heading without a period\nBody text here. Another one?  \n\n  Last line. End",
    "A very long clause " * 40 + "ends here. Short one. " + "Another long stretch " * 30,
    "ab.Cde.Fg and xy.Zw. Mr. Jones arrived... Then? Yes! \u201cQuoted.\u201d Done",
    "   Leading blanks. Then words.\n\t\nA line. Gen. B. Haftar spoke (in Sirte.) Next",
    "One.",
]


def _owner(bounds: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    starts = [s for s, _ in bounds]
    return bounds[bisect.bisect_right(starts, offset) - 1]


@pytest.mark.parametrize("text", TEXTS)
def test_every_offset_falls_in_its_full_split_sentence_or_in_a_mark(text):
    full = sentence_bounds(text)
    words = [i for i, c in enumerate(text) if not c.isspace()]
    step = max(1, len(words) // 60)
    sample = words[::step]
    picks = [[w] for w in sample] + [list(p) for p in itertools.combinations(sample[::4], 3)]
    for offsets in picks:
        near = sentence_bounds_near(text, offsets)
        assert near[0][0] == full[0][0]  # the first sentence starts where it does
        for off in offsets:  # each offset's own sentence, exactly
            assert _owner(near, off) == _owner(full, off)
        for off in sample:  # anything else: the same sentence, or an empty mark
            got = _owner(near, off)
            assert got[0] == got[1] or got == _owner(full, off)


def test_unread_stretches_are_marked_at_the_start_of_their_first_sentence():
    text = "Alpha went. Beta came.\nGamma stayed here. Delta left."
    assert sentence_bounds(text) == [(0, 11), (12, 22), (23, 41), (42, 53)]
    assert sentence_bounds_near(text, [14]) == [(0, 0), (12, 22), (23, 23)]
    assert sentence_bounds_near(text, [45, 1, 3]) == [(0, 11), (12, 12), (42, 53)]
    assert sentence_bounds_near(text, []) == []
