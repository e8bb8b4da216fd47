"""A state's name in a list of states is the state, even where it and the next
look like "City, State" (Washington, West Virginia)."""

from __future__ import annotations

import pytest

from gazetteer.geoparse import parse


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


@pytest.mark.parametrize(
    "text",
    [
        "Cases were found in Utah, Virginia, Washington, West Virginia and Wyoming.",
        "Inspectors are testing farms in Washington, Pennsylvania and California.",
    ],
)
def test_washington_in_a_list_of_states_is_the_state(gz, text):
    got = _places(text, gz)
    m = got["Washington"]
    assert (m.place.kind, m.place.admin1) == ("admin1", "WA")
    assert 45.5 < m.lat < 49.0 and -124.8 < m.lon < -116.9  # inside the state
    assert all(p.place.kind == "admin1" for p in got.values())


def test_a_town_and_its_state_are_still_a_pair(gz):
    got = _places("Police in Washington, Pa., said the road was shut.", gz)
    m = got["Washington"]
    assert (m.place.kind, m.place.admin1) == ("city", "PA")
    assert abs(m.lat - 40.17) < 0.05 and abs(m.lon + 80.25) < 0.05


def test_a_name_qualified_by_a_country_it_has_no_reading_in(gz):
    # the index knows only a Suffolk in Virginia: "Suffolk, England" is an
    # English place it lacks, placed among the article's English towns
    text = "Birds died at a farm near Ipswich, in Suffolk, England, officials said."
    got = _places(text, gz)
    m = got["Suffolk"]
    assert m.country == "GB" and m.geonameid is None
    assert abs(m.lat - 52.06) < 0.1 and abs(m.lon - 1.16) < 0.1
    # and without an English town to stand by, it is left out
    assert "Fife" not in _places("A dead swan was found in Fife, Scotland.", gz)
