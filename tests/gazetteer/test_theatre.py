"""Issue 11: the theatre of a war is an input; inside it villages win, outside it
generic words and fragments resolve to nothing; spellings and former names; header
lines; ``lookup --country``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import gazetteer
from gazetteer.geoparse import header_spans
from gazetteer.sphere import haversine_km


def _places(text, gz, **kw):
    return [m for m in gazetteer.parse(text, gazetteer=gz, **kw) if m.kind == "place"]


def _by_text(text, gz, **kw):
    return {m.text: m for m in _places(text, gz, **kw)}


# ------------------------------------------------------------------ theatre


def test_inside_the_theatre_a_village_beats_a_far_city(gz):
    # Al-Dali went to Dali, China (a city of 600,000) before the theatre counted.
    text = "Fighting resumed in Al-Dali after the truce collapsed."
    got = _by_text(text, gz, theatre=["YE"])
    assert got["Al-Dali"].country == "YE"
    assert haversine_km(got["Al-Dali"].lat, got["Al-Dali"].lon, 13.7, 44.73) < 40


def test_theatre_decides_between_namesakes(gz):
    text = "Troops advanced on Al Bayda after a week of clashes."
    ye = _by_text(text, gz, theatre=["YE"])["Al Bayda"]
    ly = _by_text(text, gz, theatre=["LY"])["Al Bayda"]
    assert ye.country == "YE" and ly.country == "LY"
    assert haversine_km(ye.lat, ye.lon, ly.lat, ly.lon) > 2000


def test_mansoura_stays_in_yemen(gz):
    text = "Gunmen attacked a checkpoint in Mansoura, Aden, on Tuesday."
    got = _by_text(text, gz, theatre=["YE"])
    assert got["Mansoura"].country == "YE"


def test_inferred_theatre_from_the_document_set(gz):
    texts = [
        "Shelling hit Kharkiv and Zaporizhzhia, Ukrainian officials said.",
        "Drones struck Odesa; air defence worked over Kyiv.",
        "A meeting in Paris discussed aid.",
    ]
    assert gazetteer.infer_theatre(texts, gazetteer=gz) == ("UA",)
    mentions = [m for t in texts for m in gazetteer.parse(t, gazetteer=gz)]
    assert gazetteer.infer_theatre(mentions, gazetteer=gz)[0] == "UA"


@pytest.mark.parametrize("word", ["Wadi", "Tal", "Ras", "Dar", "Qasr", "Jabal", "Bir"])
def test_a_lone_generic_word_outside_the_theatre_is_nothing(gz, word):
    text = f"Residents of {word} said the convoy left for Ohio on Monday."
    got = _by_text(text, gz)
    assert word not in got
    assert got["Ohio"].country == "US"


def test_a_fragment_of_a_longer_name_is_not_split(gz):
    text = "Kurdish fighters held the road west of Ras al-Ain and Tal Abyad."
    got = _places(text, gz)
    # never "Ras" + "Al Ain" (United Arab Emirates)
    assert all(m.country != "AE" for m in got), [(m.text, m.country) for m in got]
    assert all(m.text != "Ras" for m in got)
    whole = {m.text: m for m in got}
    if "Ras al-Ain" in whole:
        assert whole["Ras al-Ain"].country == "SY"


# ------------------------------------------------------------------ offsets


def test_a_stated_offset_picks_the_namesake(gz):
    text = (
        "Russian units entered Stepove, about 5 km north of Avdiivka, "
        "on Thursday, Donetsk oblast officials said."
    )
    got = _by_text(text, gz, theatre=["UA"])
    step = got["Stepove"]
    assert haversine_km(step.lat, step.lon, 48.196, 37.678) < 6  # not 480 km west
    assert step.geonameid is not None


def test_an_offset_that_fits_no_namesake_places_the_name_at_the_point(gz):
    # Stepove exists, but none 30 km south of Sirte: the name stands where the
    # words put it, and the output says so.
    text = "Scouts reached Stepove, about 30 km south of Sirte, Libya, at dawn."
    ms = gazetteer.parse(text, gazetteer=gz, theatre=["LY", "UA"])
    rel = next(m for m in ms if m.kind == "relative")
    place = next(m for m in ms if m.kind == "place" and m.text == "Stepove")
    assert rel.stated_vs_geodesic["placed_by_offset"] is True
    assert rel.stated_vs_geodesic["gazetteer_km"] > 500
    assert place.geonameid is None
    sirte = next(m for m in ms if m.text == "Sirte")
    d = haversine_km(place.lat, place.lon, sirte.lat, sirte.lon)
    assert 25 < d < 35
    assert place.uncertainty_km and place.uncertainty_km > 1


# ------------------------------------------------------------------ spellings


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon", "km"),
    [
        (
            "Government troops retook Saraqeb, Idlib, in Syria.",
            "Saraqeb",
            35.864,
            36.806,
            5,
        ),
        (
            "Families returned to Tawergha, south of Misrata, Libya.",
            "Tawergha",
            32.012,
            15.114,
            8,
        ),
        (
            "Heavy shelling around Avdeevka, Ukraine, continued.",
            "Avdeevka",
            48.14,
            37.75,
            8,
        ),
        (
            "The army pulled out of Bin Jawad toward Sirte in Libya.",
            "Bin Jawad",
            30.804,
            18.077,
            8,
        ),
        (
            "Militias clashed in Um Rawaba, North Kordofan, Sudan.",
            "Um Rawaba",
            12.95,
            31.2,
            40,
        ),
        (
            "Ukrainian units left Artemovsk, Ukraine, in May.",
            "Artemovsk",
            48.594,
            37.999,
            5,
        ),
        (
            "Residents fled Krasnoarmeysk as the front reached Ukraine's west of Donetsk.",
            "Krasnoarmeysk",
            48.28,
            37.18,
            8,
        ),
    ],
)
def test_transliterations_and_former_names_in_running_text(
    gz, text, surface, lat, lon, km
):
    got = _by_text(text, gz)
    assert surface in got, sorted(got)
    m = got[surface]
    assert haversine_km(m.lat, m.lon, lat, lon) <= km, (m.name, m.lat, m.lon)


def test_a_looser_spelling_never_leaves_the_theatre(gz):
    # "Tawergha" is a spelling of a Libyan town; in a Ukrainian theatre it is
    # nothing, not Tarrega in Spain.
    got = _by_text("Refugees from Tawergha were counted.", gz, theatre=["UA"])
    assert "Tawergha" not in got or got["Tawergha"].country == "UA"


# ------------------------------------------------------------------ header


def test_header_lines_are_not_places(gz):
    text = (
        "Date: 2024-02-14\n"
        "Source: Field Report\n"
        "Title: Avdiivka under fire\n"
        "\n"
        "Russian forces pressed on Avdiivka, Ukraine.\n"
    )
    got = _places(text, gz)
    assert all(m.text not in ("Date", "Source", "Field", "Title") for m in got)
    assert [m.text for m in got].count("Avdiivka") == 2  # the title's and the body's
    assert all(m.country == "UA" for m in got)


def test_header_spans_only_cover_the_top_block():
    text = "Date: 2024-02-14\nBody about Sirte.\nDate: not a header here"
    spans = header_spans(text)
    assert spans == [(0, 17)]


# ------------------------------------------------------------------ lookup


def _lookup(*args):
    return subprocess.run(
        [sys.executable, "-m", "gazetteer", "lookup", *args],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )


def test_lookup_country_restricts():
    out = _lookup("Tawergha", "--country", "LY")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all(r["country"] == "LY" for r in rows)
    assert rows[0]["name"] == "Tawurghah"


def test_lookup_country_says_when_nothing_matches():
    out = _lookup("Benghazi", "--country", "UA")
    assert out.returncode == 1
    assert out.stdout == ""
    assert "no place called 'Benghazi' in UA" in out.stderr
