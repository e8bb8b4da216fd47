"""Abbreviations read from the table (Md., Ont., S. C., EU, DPRK) and states that
speak ("Ohio said")."""

from __future__ import annotations

import pytest

from gazetteer.abbreviations import find, table
from gazetteer.geoparse import parse


def _places(text, gz):
    return {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "place"}


@pytest.mark.parametrize(
    ("text", "surface", "name", "country"),
    [
        (
            "Flooding closed roads near Hagerstown, Md., overnight.",
            "Md.",
            "Maryland",
            "US",
        ),
        ("Crews reached Kamloops, B.C. on Monday.", "B.C.", "British Columbia", "CA"),
        ("The mill in Gaffney, S. C., shut down.", "S. C.", "South Carolina", "US"),
        ("Farmers near Salina, Kan., waited for rain.", "Kan.", "Kansas", "US"),
        ("Snow fell in Wheeling, W. Va., again.", "W. Va.", "West Virginia", "US"),
        ("Ministers from the EU met in the morning.", "EU", "Europe", None),
        ("The DPRK tested another rocket.", "DPRK", "North Korea", "KP"),
        ("Horses in NSW were kept in their stables.", "NSW", "New South Wales", "AU"),
    ],
)
def test_abbreviation_is_its_place(gz, text, surface, name, country):
    m = _places(text, gz)[surface]
    assert (m.name, m.country) == (name, country)
    assert text[m.start : m.end] == surface


def test_ind_is_indiana_not_india(gz):
    m = _places("A plant in Kokomo, Ind., hired 200 workers.", gz)["Ind."]
    assert m.name == "Indiana" and abs(m.lat - 40.0) < 2 and abs(m.lon + 86.2) < 2


def test_word_like_abbreviations_need_a_city_before(gz):
    assert find("They met in Natchitoches, La., and Rolla, Mo., last week.") == [
        (26, 29, "louisiana"),
        (42, 45, "missouri"),
    ]
    # Sentence-final "Mass." and a name's "Mo." are no states.
    assert find("The family went to Mass. Mo. Farah won the race.") == []
    found = _places("She sang at Mass. Then she drove home.", gz)
    assert "Mass." not in found


def test_spaced_forms_are_derived():
    assert table()["D. C."].key == table()["D.C."].key
    assert table()["W. Va."].key == "west virginia"


def test_a_state_may_speak(gz):
    text = "Ohio said the bridge would reopen; Ontario says it agrees."
    found = _places(text, gz)
    assert found["Ohio"].place.kind == "admin1" and found["Ohio"].country == "US"
    assert found["Ontario"].country == "CA"


def test_a_person_who_speaks_is_still_dropped(gz):
    assert "Madison" not in _places("Officer Madison said nothing more.", gz)


def test_a_province_abbreviation_is_the_province_and_fixes_its_town(gz):
    text = "Flights from Toledo, Ohio, and Dallas reached London, Ont., on time."
    found = _places(text, gz)
    assert (found["Ont."].name, found["Ont."].place.kind) == ("Ontario", "admin1")
    london = found["London"]
    assert london.country == "CA" and abs(london.lat - 42.98) < 0.2
