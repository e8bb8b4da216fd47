"""Anaphors: the capital, the city, the two cities."""

from __future__ import annotations

from gazetteer.geoparse import parse


def _anaphors(gz, text):
    return [m for m in parse(text, gazetteer=gz) if m.kind == "anaphor"]


def test_the_capital_of_the_country_in_focus(gz):
    [m] = _anaphors(
        gz, "In Libya, Misrata and Sirte were calm, but the capital was tense."
    )
    assert m.refers_to == ("Tripoli",) and m.country == "LY"


def test_the_capital_named_by_an_adjective(gz):
    [m] = _anaphors(gz, "Libya mourned. Protests spread in the Syrian capital.")
    assert m.refers_to == ("Damascus",)


def test_the_city_is_the_recent_city(gz):
    [m] = _anaphors(
        gz, "Troops entered Sirte and Misrata. They left the city at night."
    )
    assert m.refers_to == ("Misratah",)


def test_the_city_across_paragraphs_is_the_main_city(gz):
    text = "Sirte fell. Sirte burned.\n\nIn Sebha all was calm.\n\nRaids hit the west of the city."
    [m] = _anaphors(gz, text)
    assert m.refers_to == ("Sirte",)


def test_the_two_cities(gz):
    [m] = _anaphors(
        gz, "Libya wants Haftar out of Sirte and Jafra; the two cities matter."
    )
    assert m.refers_to == ("Sirte", "Al Jufrah")


def test_named_city_is_no_anaphor(gz):
    assert (
        _anaphors(gz, "They reached the city of Sirte and the capital, Tripoli.") == []
    )
