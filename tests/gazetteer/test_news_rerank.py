"""Namesake choice with the document as a whole: population and rank first, then
the document's countries, nearby places and states."""

from __future__ import annotations

import pytest

from gazetteer.geoparse import Context, parse, rerank
from gazetteer.records import Candidate, Place


def _place(text, gz, surface):
    (m,) = [m for m in parse(text, gazetteer=gz) if m.text == surface]
    return m


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Cambridge", "GB", 52.2, 0.12),
        ("London", "GB", 51.5, -0.13),
        ("Venice", "IT", 45.44, 12.33),
        ("Edmonton", "CA", 53.55, -113.5),
    ],
)
def test_a_famous_city_wins_without_context(gz, name, country, lat, lon):
    m = _place(f"The delegation flew on to {name} on Tuesday.", gz, name)
    assert m.country == country
    assert abs(m.lat - lat) < 0.5 and abs(m.lon - lon) < 0.5


def test_a_state_the_document_names_picks_its_town(gz):
    text = "The Springfield council met. Roads across Ohio were icy."
    m = _place(text, gz, "Springfield")
    assert (m.country, m.place.admin1) == ("US", "OH")
    assert abs(m.lat - 39.92) < 0.3 and abs(m.lon + 83.81) < 0.3


def test_state_and_closeness_are_what_decide(gz, monkeypatch):
    from gazetteer import geoparse

    monkeypatch.setattr(geoparse, "STATE_BONUS", 0.0)
    monkeypatch.setattr(geoparse, "CLOSE_BONUS", 0.0)
    text = "The Springfield council met. Roads across Ohio were icy."
    assert _place(text, gz, "Springfield").place.admin1 != "OH"


def test_a_town_near_the_documents_places_wins(gz):
    text = "Police in Paris said a man from Dallas and one from Sherman were hurt."
    m = _place(text, gz, "Paris")
    assert (m.country, m.place.admin1) == ("US", "TX")
    assert abs(m.lat - 33.66) < 0.2 and abs(m.lon + 95.56) < 0.2


def _cand(name, lat, lon, country, admin1, population, score):
    return Candidate(
        Place(name, lat, lon, None, country, population, "city", admin1), score, "exact"
    )


def test_rerank_weighs_state_and_closeness():
    big = _cand("Springfield", 39.80, -89.64, "US", "IL", 116_000, 9.0)
    small = _cand("Springfield", 39.92, -83.81, "US", "OH", 58_000, 8.5)
    plain = Context(("US",), ())
    assert rerank([big, small], plain)[0].place.admin1 == "IL"
    with_state = Context(("US",), (), (("US", "OH"),))
    assert rerank([big, small], with_state)[0].place.admin1 == "OH"
    # a place 40 km away pulls harder than one 400 km away
    near_oh = Context(("US",), ((39.76, -84.19),))
    ranked = rerank([big, small], near_oh)
    assert ranked[0].place.admin1 == "OH" and ranked[0].score > ranked[1].score


@pytest.mark.parametrize(
    "text",
    [
        "A cow from a Washington state farm fell ill.",
        "The case was found in the state of Washington last year.",
        "Cases rose in Utah, Washington and Wisconsin.",
    ],
)
def test_washington_the_state_when_the_text_says_so(gz, text):
    m = _place(text, gz, "Washington")
    assert (m.place.kind, m.place.admin1) == ("admin1", "WA")


def test_washington_alone_is_the_capital(gz):
    m = _place("Talks in Washington ended on Monday.", gz, "Washington")
    assert (m.place.kind, m.place.admin1) == ("capital", "DC")


def test_a_state_name_stays_the_state_beside_another_state(gz):
    text = "Officials checked farms in Ohio, Pennsylvania and California."
    m = _place(text, gz, "California")
    assert (m.place.kind, m.place.admin1) == ("admin1", "CA")


def test_a_towns_own_name_beats_a_bigger_towns_alternate(gz):
    from gazetteer.geoparse import _prior

    # "Richland" is also an old name of Orange, California: the Richlands first
    first = _prior(gz, "richland")[0].place
    assert (first.name, first.admin1) == ("Richland", "WA")
    # a city ten times bigger than every town of the name keeps its alternate
    assert _prior(gz, "bombay")[0].place.name == "Mumbai"
