"""Sentence spans: offsets exact, abbreviations, quotes, headings, glued articles."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.sentences import sentence_at, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Lt. Gen. Ali Kana spoke. Forces moved.",
            ["Lt. Gen. Ali Kana spoke.", "Forces moved."],
        ),
        ("The U.S. Navy sailed. It left.", ["The U.S. Navy sailed.", "It left."]),
        (
            'He said: "We will win." Then he left.',
            ['He said: "We will win."', "Then he left."],
        ),
        (
            "Military reinforcements\n\nOn Sunday, troops left.",
            ["Military reinforcements", "On Sunday, troops left."],
        ),
        (
            "It ended with Russia.The Libyan government said no.",
            ["It ended with Russia.", "The Libyan government said no."],
        ),
        (
            "Is it over? No! 28 battalions left.",
            ["Is it over?", "No!", "28 battalions left."],
        ),
        ("Khalifa B. Haftar left.", ["Khalifa B. Haftar left."]),
        (
            "approximately 80 km southeast of the capital.",
            ["approximately 80 km southeast of the capital."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected


def test_seed_sentences(seed_texts):
    text = seed_texts["004_abffdd80be94dd01.txt"]
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert any(
        s.text.startswith("28 battalions") and s.text.endswith("reconciliation.")
        for s in spans
    )
    assert "Diplomatic activity" in texts(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!\n\"'AZ.-")), max_size=80))
def test_offsets_always_index_the_text(text):
    spans = split_sentences(text)
    for s in spans:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    for s in spans:
        assert sentence_at(spans, s.start) == s
