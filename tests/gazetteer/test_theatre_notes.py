"""Issue 11, war-zone places: event notes with "(District, Governorate)", a town
over its district, spellings of the theatre in running text, places abroad that a
given theatre refuses. Sentences written for these tests."""

from __future__ import annotations

import pytest

import gazetteer
from gazetteer.geoparse import admin_notes
from gazetteer.sphere import haversine_km


def _by_text(text, gz, **kw):
    return {
        m.text: m for m in gazetteer.parse(text, gazetteer=gz, **kw) if m.kind == "place"
    }


def _near(m, lat, lon, km=25.0):
    return m is not None and haversine_km(m.lat, m.lon, lat, lon) <= km


# ------------------------------------------------------------------ event notes


def test_note_parenthesis_gives_the_country_without_a_theatre(gz):
    # Hays alone is a town in Kansas; the note's governorate says Yemen.
    text = "On 9 June 2018, artillery hit farms near Hays (Hays, Al Hudaydah). 1 killed."
    got = _by_text(text, gz)
    assert got["Hays"].country == "YE"
    assert _near(got["Hays"], 13.93, 43.48)
    assert got["Al Hudaydah"].place.kind == "admin1"


def test_note_division_by_a_close_spelling_and_an_assimilated_article(gz):
    notes = admin_notes("Militants shelled a post in Baiji (Baiji, Salah al-Din).", gz)
    division = [n.place for n in notes if n.place.kind == "admin1"]
    assert [p.country for p in division] == ["IQ"]  # Salah ad Din
    notes = admin_notes("A mortar hit Tal Afar (Tal Afar, Ninewa) at dawn.", gz)
    assert {n.place.country for n in notes} == {"IQ"}  # Ninewa for Nineveh
    town = next(n.place for n in notes if n.place.kind != "admin1")
    assert _near(town, 36.38, 42.45)


def test_note_division_decided_by_its_district(gz):
    # Al Jawf is a governorate of Yemen and a region of Saudi Arabia: the district
    # part (Al Hazm is Yemeni) settles it.
    notes = admin_notes("Jets struck a depot outside Al Hazm (Al Hazm, Al Jawf).", gz)
    assert notes and {n.place.country for n in notes} == {"YE"}


def test_note_village_found_near_its_district(gz):
    text = (
        "On 2 February 2017, SDF forces took over Diban (Deir-ez-Zor, Deir-ez-Zor) "
        "after IS withdrew. No fatalities reported."
    )
    got = _by_text(text, gz)
    assert got["Diban"].country == "SY"
    assert _near(got["Diban"], 35.0, 40.51)


def test_a_parenthesis_that_is_no_note_gives_nothing(gz):
    assert admin_notes("The mayor (Smith, a Democrat) spoke in Paris (France).", gz) == []


# ------------------------------------------------------------------ districts


def test_a_town_over_its_district_of_the_same_name(gz):
    # "Ras al-Ain" is first a district of Hasakah in the data; the town lies 33 km
    # from the district's point.
    text = "Turkish-backed groups shelled Ras al-Ain on Monday."
    got = _by_text(text, gz, theatre=["SY"])
    assert _near(got["Ras al-Ain"], 36.85, 40.07, 5)
    assert got["Ras al-Ain"].place.kind in ("city", "town", "village")


def test_a_town_over_a_district_by_its_transliteration(gz):
    text = "Militias seized al-Dour on Tuesday, a day's drive south of Tikrit."
    got = _by_text(text, gz, theatre=["IQ"])
    assert _near(got["al-Dour"], 34.46, 43.79, 10)


# ------------------------------------------------------------------ spellings


@pytest.mark.parametrize(
    ("text", "theatre", "name", "lat", "lon"),
    [
        # Qurain for Qurayn / Grein (a rewrite of the diphthong)
        ("Loyalist units dug in near Abu Qurain overnight.", "LY", "Abu Qurain", 31.45, 15.25),
        # "Khor" is a generic word: the whole name is the spelling
        ("Gunmen pushed into Aden's Khor Maksar district.", "YE", "Khor Maksar", 12.81, 45.03),
        # a name listed after a place of the theatre
        ("Rebels pulled out of Arbin, Zamalka and Ein Terma.", "SY", "Ein Terma", 33.51, 36.35),
        # "the countryside of X"
        ("Shelling hit the countryside of Jandairis again.", "SY", "Jandairis", 36.39, 36.69),
        # a lower-case article inside the name, assimilated or not
        ("Drones hit a farm in Umm al-Rizam on Friday.", "LY", "Umm al-Rizam", 32.5, 22.7),
    ],
)
def test_theatre_spellings_in_running_text(gz, text, theatre, name, lat, lon):
    got = _by_text(text, gz, theatre=[theatre])
    assert name in got, sorted(got)
    assert got[name].country == theatre
    assert _near(got[name], lat, lon, 40)


def test_a_lower_case_assimilated_article_inside_a_name(gz):
    got = _by_text("Clashes were reported in Umm ar Rizam on Sunday.", gz, theatre=["LY"])
    assert got["Umm ar Rizam"].country == "LY"


def test_a_name_after_a_held_compound_is_a_place(gz):
    got = _by_text("Jets struck the rebel-held al-Watiya airbase at night.", gz, theatre=["LY"])
    assert _near(got["al-Watiya"], 32.47, 11.9, 5)


def test_a_city_owns_its_name_against_a_village_spelled_the_same(gz):
    # Douma the Ghouta city (Duma in the data) over a village called Douma
    got = _by_text("Government troops shelled Douma on Sunday.", gz, theatre=["SY"])
    assert _near(got["Douma"], 33.57, 36.40, 5)


def test_far_village_namesake_does_not_beat_the_town(gz):
    got = _by_text("Troops retook Gwoza after a week, dislodging Boko Haram.", gz, theatre=["NG"])
    assert _near(got["Gwoza"], 11.08, 13.69, 10)
    assert "Boko" not in got and "Haram" not in got  # pieces of a group's name


# ------------------------------------------------------------------ strays abroad


def test_given_theatre_refuses_alternates_abroad(gz):
    got = _by_text("Troops cleared the Old City of Mosul house by house.", gz, theatre=["IQ"])
    assert all(m.country == "IQ" for m in got.values()), {k: m.country for k, m in got.items()}
    got = _by_text("Road markers near Kilo 16 were mined.", gz, theatre=["YE"])
    assert "Kilo" not in got  # Kiel's alternate name


def test_news_outside_a_war_keeps_its_places(gz):
    # No theatre, no war: a Kansas town stays in Kansas.
    got = _by_text("The fair opened in Hays, Kansas, on Friday.", gz)
    assert got["Hays"].country == "US"


# ------------------------------------------------------------------ countryside


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # the span without its article, as a claim's place is written
        ("Militia convoys entered the Afrin countryside on Tuesday.", "Afrin countryside"),
        ("Mortars hit the western countryside of Afrin overnight.", "western countryside of Afrin"),
        ("Jets struck Afrin's northern countryside.", "Afrin's northern countryside"),
    ],
)
def test_countryside_is_a_ring_round_the_town_not_its_point(gz, text, span):
    ms = gazetteer.parse(text, gazetteer=gz, theatre=["SY"])
    region = next(m for m in ms if m.kind == "region")
    town = next(m for m in ms if m.kind == "place")
    assert region.text == span
    assert not region.geometry.contains(__import__("shapely").geometry.Point(town.lon, town.lat))
    km = haversine_km(region.lat, region.lon, town.lat, town.lon)
    assert 3 < km < 30  # the villages round it, and still near it
    if "western" in span:
        assert region.lon < town.lon
    if "northern" in span:
        assert region.lat > town.lat


def test_a_district_near_the_documents_places_beats_a_far_village(gz):
    # Sirwah: a district by Marib, and villages of that name 100 km and more off
    got = _by_text("Shelling hit Sirwah, west of Marib, on Tuesday.", gz, theatre=["YE"])
    assert _near(got["Sirwah"], 15.45, 45.03, 10)


def test_note_parts_with_their_kind_written_out(gz):
    text = "On 1 May 2018, gunmen shot at a bus in Hit (Hit district, Anbar province)."
    got = _by_text(text, gz)
    assert got["Hit"].country == "IQ" and _near(got["Hit"], 33.64, 42.83, 5)
    assert got["Anbar"].place.kind == "admin1"


def test_one_place_of_a_war_and_nothing_abroad_makes_the_theatre(gz):
    # a two-line report: Erbil is Iraq's, so Gwer is the Iraqi village
    got = _by_text("Peshmerga units held Gwer, south-west of Erbil, overnight.", gz)
    assert got["Gwer"].country == "IQ"
    assert _near(got["Gwer"], 36.04, 43.49, 10)


def test_an_unknown_head_joins_the_theatre_place_after_it(gz):
    text = "Federal troops retook Shewa Robit town on Monday."
    got = _by_text(text, gz, theatre=["ET"])
    assert "Shewa Robit" in got and "Shewa" not in got
    assert _near(got["Shewa Robit"], 10.0, 39.9, 10)


def test_a_road_named_after_a_city_abroad_is_no_place_abroad(gz):
    got = _by_text("Snipers fired on the Castello road north of Aleppo.", gz, theatre=["SY"])
    assert all(m.country == "SY" for m in got.values()), {k: m.country for k, m in got.items()}
    got = _by_text("Envoys met in Moscow and Ankara to discuss Idlib.", gz, theatre=["SY"])
    assert got["Moscow"].country == "RU" and got["Ankara"].country == "TR"


def test_a_war_town_under_a_two_word_spelling(gz):
    # the data writes it as one word; reports write two
    got = _by_text("Jets struck Maarrat Misrin on Tuesday.", gz, theatre=["SY"])
    assert _near(got["Maarrat Misrin"], 36.01, 36.67, 5)


def test_a_groups_name_does_not_vote_for_a_country_abroad(gz):
    texts = [
        "Boko Haram fighters raided Gwoza and Bama overnight.",
        "Troops pushed Boko Haram out of Damboa, Borno.",
        "Boko Haram attacked Maiduguri's outskirts again.",
    ]
    assert gazetteer.infer_theatre(texts, gazetteer=gz) == ("NG",)
