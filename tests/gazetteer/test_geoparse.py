"""The geoparser on the seed articles, against their hand-made gold."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gazetteer
from gazetteer.evaluate import haversine_km
from gazetteer.geoparse import parse
from gazetteer.normalize import name_key


@pytest.fixture(scope="module")
def parsed(gold, seed_texts, gz):
    return {
        d["doc"]: parse(seed_texts[d["doc"]], doc=d["doc"], gazetteer=gz)
        for d in gold["documents"]
    }


def _covering(mentions, start, end, kind):
    return [m for m in mentions if m.kind == kind and m.start <= start and end <= m.end]


def test_every_gold_mention_within_tolerance(gold, parsed):
    checked = 0
    for d in gold["documents"]:
        for g in d["mentions"]:
            if g["role"] == "anaphor":
                found = [
                    m
                    for m in parsed[d["doc"]]
                    if m.kind == "anaphor" and m.start == g["start"]
                ]
            else:
                found = [
                    m
                    for m in parsed[d["doc"]]
                    if m.kind == "place" and (m.start, m.end) == (g["start"], g["end"])
                ]
            assert found, f"{d['doc']}: {g['text']!r} at {g['start']} not found"
            m = found[0]
            err = haversine_km(g["lat"], g["lon"], m.lat, m.lon)
            assert err <= g["tolerance_km"], (g["text"], g["start"], m.name, round(err))
            checked += 1
    assert checked == 31


def test_relative_expressions(gold, parsed):
    for d in gold["documents"]:
        for g in d["relative"]:
            end = g["start"] + len(g["text"])
            found = [
                m
                for m in parsed[d["doc"]]
                if m.kind == "relative" and m.start == g["start"]
            ]
            assert found, g["text"]
            m = found[0]
            assert m.end == end and m.text == g["text"]
            assert m.distance_km == pytest.approx(g["distance_km"])
            assert m.bearing_deg == pytest.approx(g["bearing_deg"])
            assert m.anchor == g["anchor"]
            if "expect_lat" in g:
                assert m.describes is None and m.geonameid is None
                err = haversine_km(g["expect_lat"], g["expect_lon"], m.lat, m.lon)
                assert err <= g["tolerance_km"]
                assert m.geometry.contains(_point(m.lon, m.lat))
            else:
                assert m.describes == g["describes"]


def test_described_place_keeps_its_position_and_reports_the_geodesic(parsed):
    doc = parsed["004_abffdd80be94dd01.txt"]
    rel = next(
        m for m in doc if m.kind == "relative" and m.text == "450 km east of Tripoli"
    )
    assert (rel.lat, rel.lon) == pytest.approx((31.20892, 16.58866), abs=1e-4)
    assert rel.stated_vs_geodesic["distance_km"] == pytest.approx(371, abs=5)
    assert rel.stated_vs_geodesic["bearing_deg"] == pytest.approx(120, abs=3)
    tarhuna = next(m for m in doc if m.kind == "relative" and m.describes == "Tarhuna")
    assert tarhuna.stated_vs_geodesic["distance_km"] == pytest.approx(65, abs=5)


def test_regions_of_the_gold(gold, parsed):
    for d in gold["documents"]:
        for g in d["regions"]:
            end = g["start"] + len(g["text"])
            found = [
                m
                for m in parsed[d["doc"]]
                if m.kind == "region"
                and m.start <= g["start"] + 4
                and end <= m.end + 1
                and m.end >= end - 1
            ]
            assert found, (d["doc"], g["text"])
            m = found[0]
            assert (
                m.geometry is not None
                and m.geometry.is_valid
                and not m.geometry.is_empty
            )
            assert m.located


def test_region_shapes_are_where_the_words_say(parsed):
    doc = parsed["004_abffdd80be94dd01.txt"]
    south = next(m for m in doc if m.kind == "region" and m.text == "southern Libya")
    assert south.lat < 27.5 and south.country == "LY"
    assert south.geometry.contains(_point(14.43, 26.0))  # the Fezzan, south of Sebha
    outskirts = next(
        m for m in doc if m.kind == "region" and m.text == "the outskirts of Sirte"
    )
    d = haversine_km(outskirts.lat, outskirts.lon, 31.20892, 16.58866)
    assert 3 <= d <= 15
    assert not outskirts.geometry.contains(_point(16.58866, 31.20892))  # a ring
    sw = next(m for m in doc if m.kind == "region" and "southwestern" in m.text)
    assert sw.lat < 31.20892 and sw.lon < 16.58866
    west = next(
        m for m in doc if m.kind == "region" and m.text == "the west of the city"
    )
    assert west.lon < 16.58866 and west.name == "west of Sirte"


def test_anaphora_of_the_gold(gold, parsed):
    for d in gold["documents"]:
        for g in d["anaphora"]:
            found = [
                m
                for m in parsed[d["doc"]]
                if m.kind == "anaphor" and m.start == g["start"]
            ]
            assert found, g["text"]
            got = [name_key(n) for n in found[0].refers_to]
            want = [name_key(n) for n in g["refers_to"]]
            # "Al-Jafra" is the Al Jufrah district in the gazetteer.
            assert [w.replace("jafra", "jufrah") for w in want] == got


def test_no_person_or_organisation_is_a_place(gold, parsed):
    banned = {name_key(n) for n in gold["not_places"]}
    for mentions in parsed.values():
        for m in mentions:
            if m.kind == "place":
                assert name_key(m.text) not in banned, m.text


def test_places_inside_organisation_names_are_marked(gold, parsed):
    for d in gold["documents"]:
        for g in d["inside_names"]:
            end = g["start"] + len(g["text"])
            inside = [
                m
                for m in parsed[d["doc"]]
                if m.kind == "place" and g["start"] <= m.start < end
            ]
            assert inside and all(m.in_name for m in inside), g["text"]
    # the same names outside organisation names are literal
    first = parsed["000_bc87c0cd55d26a17.txt"]
    assert not next(m for m in first if m.start == 103).in_name


def test_countries_of_the_gold_are_found(gold, parsed):
    for d in gold["documents"]:
        names = {
            m.text
            for m in parsed[d["doc"]]
            if m.kind == "place" and m.place.kind == "country"
        }
        assert set(d["countries"]) <= names


def test_offsets_slice_to_text_and_mentions_are_sorted(parsed, seed_texts):
    for doc, mentions in parsed.items():
        text = seed_texts[doc]
        assert mentions == sorted(mentions, key=lambda m: (m.start, m.end, m.kind))
        for m in mentions:
            assert text[m.start : m.end] == m.text


def test_context_decides_between_homonyms(gz):
    libya = parse(
        "Fighting in Libya: shells fell on Tripoli and Misrata.", gazetteer=gz
    )
    lebanon = parse(
        "In Lebanon, protesters in Beirut and Tripoli marched.", gazetteer=gz
    )
    assert next(m for m in libya if m.text == "Tripoli").country == "LY"
    assert next(m for m in lebanon if m.text == "Tripoli").country == "LB"


def test_not_places_are_never_reported(gz):
    text = "The Sirte Brigade moved to Sirte."
    assert [m.text for m in parse(text, gazetteer=gz) if m.kind == "place"] == [
        "Sirte",
        "Sirte",
    ]
    assert (
        parse("Forces of Wagner reached Sirte.", gazetteer=gz, not_places=["Sirte"])
        == []
    )


def test_people_with_titles_and_given_names_are_not_places(gz):
    text = (
        "President Lincoln met General Jackson. Mohamed Kana said the town was calm. "
        "Later Kana left for Benghazi."
    )
    places = [m.text for m in parse(text, gazetteer=gz) if m.kind == "place"]
    assert places == ["Benghazi"]


@pytest.mark.parametrize("text", ["", "   \n\t", "\x00\x01", "1234 5678", "é" * 50])
def test_odd_inputs_give_no_mentions(gz, text):
    assert parse(text, gazetteer=gz) == []


def test_non_text_input_is_a_clear_error(gz):
    with pytest.raises(gazetteer.DocumentError, match="expected text"):
        parse(b"Sirte", gazetteer=gz)  # type: ignore[arg-type]


_ALPHABET = st.characters(blacklist_categories=("Cs",))
_WORDS = st.sampled_from(
    [
        "Sirte",
        "Tripoli",
        "the capital",
        "the city",
        "km",
        "450",
        "thirty",
        "kilo",
        "east",
        "of",
        "(",
        ")",
        "-",
        "Al-",
        "southern",
        "Libya",
        "outskirts",
        "area",
        "between",
        "and",
        "the",
        "west",
        "\n\n",
        "'s",
        "ş",
        "أو",
        "Haftar",
        "said",
        ",",
        ".",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(_ALPHABET, max_size=300), st.lists(_WORDS, max_size=60).map(" ".join)
    )
)
def test_no_text_crashes_and_offsets_slice(gz, text):
    for m in parse(text, gazetteer=gz):
        assert text[m.start : m.end] == m.text
        assert m.located


def _point(lon, lat):
    from shapely.geometry import Point

    return Point(lon, lat)
