"""Moods of round W (issue 13): what a side *will* do is no fact (a planned
withdrawal says only that the side is still there), and a year told after the event
("X seized P in 2014") is history like one that opens the sentence. Sentences
written for these tests about the made-up war of ``test_claims_forms``."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.claims import extract_claims
from geo.records import Document
from tests.geo.test_claims_forms import WAR, mentions_for, summary


def dated(text: str, date: dt.date | None) -> list[tuple]:
    got = extract_claims(Document("t", text, date=date), mentions_for(text), registry=WAR)
    return [(c.type, c.faction, c.place.name, c.kind, c.sentence, c.start, c.end) for c in got]


# --- the future: a plan, not an event -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army will withdraw from Brisk next week.",
        "Northern Army units will soon pull out of Brisk, officials said.",
        "The Northern Army is going to withdraw from Brisk.",
        "Northern Army troops are set to begin withdrawing from Brisk.",
    ],
)
def test_a_withdrawal_to_come_is_no_movement_but_says_the_side_is_there(text):
    got = extract_claims(Document("t", text), mentions_for(text), registry=WAR)
    assert [(c.type, c.faction, c.place.name) for c in got] == [("control", "NOR", "Brisk")]
    (claim,) = got
    assert claim.kind is None and claim.confidence < 0.5  # implied, not reported
    assert (claim.sentence, claim.start, claim.end) == (text, 0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army will capture Oster within days.",
        "Coastal Front fighters shall take Brisk, their commander vowed.",
        "The Northern Army is set to enter Kelbar.",
    ],
)
def test_a_capture_to_come_gives_nothing(text):
    assert summary(text) == []


def test_what_a_side_will_keep_is_its_state_now():
    text = "The Northern Army will maintain its positions in Oster."
    assert [c[:3] for c in dated(text, None)] == [("position", "NOR", "Oster")]


def test_the_same_withdrawal_told_as_done_is_a_movement():
    text = "The Northern Army withdrew from Brisk on Friday."
    assert [c[:4] for c in dated(text, None)] == [("movement", "NOR", "Brisk", "withdrawal")]


# --- a year after the event ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Northern Army seized Oster in 2014.", []),
        ("Coastal Front fighters captured Kelbar back in early 2016.", []),
        # the second verb has no year in its own clause: it stands
        (
            "Coastal Front fighters captured Kelbar back in early 2016 and shelled Brisk.",
            [("strike", "COA", "Brisk")],
        ),
    ],
)
def test_a_bare_year_after_the_event_is_history(text, expected):
    assert [c[:3] for c in dated(text, dt.date(2026, 5, 1))] == expected


def test_a_year_after_the_event_is_history_only_before_the_documents_year():
    text = "The Northern Army seized Oster in 2026."
    assert dated(text, dt.date(2026, 5, 1)) == [
        ("control", "NOR", "Oster", None, text, 0, len(text))
    ]
    assert dated(text, dt.date(2027, 1, 10)) == []
    # a month with its year is a dated event, not history
    text = "The Northern Army seized Oster in March 2026."
    assert [c[:3] for c in dated(text, dt.date(2027, 1, 10))] == [("control", "NOR", "Oster")]
    # undated, the claim stands (the date resolver gives it its year)
    assert [c[:3] for c in dated(text, None)] == [("control", "NOR", "Oster")]
    old = "The Northern Army seized Oster in 2014."
    assert [c[:3] for c in dated(old, None)] == [("control", "NOR", "Oster")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # "since": the state holds to this day
        ("The Northern Army has held Oster since 2014.", [("control", "NOR", "Oster")]),
        # the year belongs to another clause
        (
            "The Northern Army captured Brisk, which the rebels had taken in 2014.",
            [("control", "NOR", "Brisk")],
        ),
        # a side taken then is still taken
        (
            "The rebels who sided with the Northern Army in 2014 still hold Oster.",
            [("control", "COA", "Oster")],
        ),
    ],
)
def test_years_that_are_no_history(text, expected):
    assert [c[:3] for c in dated(text, dt.date(2026, 5, 1))] == expected
