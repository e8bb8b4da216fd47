"""Issue 18, round 3: the per-name memos of the geoparser give what the long way
gives, on sentences of our own.

Each test computes a value both ways: with the memo or prefilter, and the plain
computation it stands for (memos cleared, every spelling tried, every text
searched).
"""

from __future__ import annotations

from collections import Counter

import pytest

import gazetteer
from gazetteer import geoparse, regions
from gazetteer.geoparse import _Evidence, _prior

LIBYA = ("LY",)


@pytest.fixture(scope="module")
def gz():
    return gazetteer.load()


def _clear_memos() -> None:
    geoparse._VARIANT_WORDS.clear()
    geoparse._NEVER_VARIANTS.clear()
    geoparse._THEATRE_MEMO.clear()


def _readings(text: str, gz, theatre=LIBYA):
    return [
        (m.start, m.end, m.kind, m.name, m.lat, m.lon, m.geonameid)
        for m in gazetteer.parse(text, gazetteer=gz, theatre=theatre)
    ]


@pytest.mark.parametrize(
    "word, spelling",
    [("Tawergha", "Tawargha"), ("Monday", None), ("Chaudhry", None)],
)
def test_live_spellings_are_the_spellings_with_a_place(gz, word, spelling):
    live = geoparse._live_spellings(gz, word, LIBYA, True)
    every = geoparse._rewritten(word)
    # the long way: each rewrite asked of the theatre, with no points
    assert live == tuple(
        s
        for s in every
        if gz.within(s, LIBYA, limit=3, min_similarity=geoparse.VARIANT_MIN_SIMILARITY)
    )
    assert (spelling in live) if spelling else live == ()


def test_variant_place_with_the_live_spellings_is_the_one_of_all(gz):
    misrata = [(32.375, 15.093)]
    live = geoparse._live_spellings(gz, "Tawergha", LIBYA, True)
    short = geoparse._variant_place(
        "Tawergha", gz.within, LIBYA, misrata, spellings=live
    )
    long = geoparse._variant_place("Tawergha", gz.within, LIBYA, misrata)
    assert short == long
    assert short.name == "Tawurghah"
    assert short.lat == pytest.approx(32.012, abs=0.01)
    assert short.lon == pytest.approx(15.114, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "Returning families reached Tawergha on Tuesday, a councillor in Misrata said.",
        "The column moved from Bin Jawad towards Ras Lanuf before dawn.",
        "Mayor Kowalski of Springfield opened the new library on Elm Street.",
        "Nothing happened at Chaudhry's shop in Tripoli, Thompson told reporters.",
    ],
)
def test_parse_is_the_same_with_memos_warm_or_cold(gz, text):
    _clear_memos()
    cold = _readings(text, gz)
    warm = _readings(text, gz)  # the memos now hold every word of the text
    # other documents in between fill the memos with other names
    _readings("Shelling hit Sirte and al-Jufra; Benghazi stayed calm.", gz)
    again = _readings(text, gz)
    assert cold == warm == again
    assert cold  # every sentence names a place


def test_a_spelling_variant_is_found_when_the_prefilter_says_there_may_be_one(gz):
    _clear_memos()
    text = "Returning families reached Tawergha on Tuesday, officials in Misrata said."
    hits = geoparse.scan(text, gz)
    memo = geoparse._variant_words(gz, LIBYA, True)
    starts, ends = [h.start for h in hits], [h.end for h in hits]
    assert geoparse._any_variant_word(
        text, gz, LIBYA, frozenset(), starts, ends, [], memo, rewrite=True
    )
    found, keys = geoparse._with_variants(text, hits, gz, LIBYA, frozenset())
    assert keys == {"tawurghah"}
    extra = [h for h in found if h.key == "tawurghah"]
    assert [(h.start, h.end) for h in extra] == [(27, 35)]


def test_no_variant_word_means_the_search_finds_nothing(gz):
    _clear_memos()
    text = "Officials in Misrata said on Tuesday the Council would meet in Tripoli."
    hits = geoparse.scan(text, gz)
    memo = geoparse._variant_words(gz, LIBYA, True)
    starts, ends = [h.start for h in hits], [h.end for h in hits]
    assert not geoparse._any_variant_word(
        text, gz, LIBYA, frozenset(), starts, ends, [], memo, rewrite=True
    )
    found, keys = geoparse._with_variants(text, hits, gz, LIBYA, frozenset())
    assert found == hits and keys == frozenset()


def test_clear_point_map_is_the_points_of_collect(gz):
    text = "From Sirte the convoy drove to Benghazi, then Tobruk and Ajdabiya, Libya."
    hits = geoparse.scan(text, gz)
    prior = {h.key: _prior(gz, h.key) for h in hits}
    kept = [h for h in hits if prior[h.key]]
    collected = _Evidence.collect(kept, prior, Counter())
    points = geoparse._clear_point_map(kept, prior, 99)
    assert points == collected.points
    # Sirte, then Benghazi, in text order
    first = list(points.values())[:2]
    assert first[0] == pytest.approx((31.2, 16.6), abs=0.2)
    assert first[1] == pytest.approx((32.1, 20.1), abs=0.2)


def test_theatre_memo_holds_only_names_with_nothing_in_the_theatre(gz):
    _clear_memos()
    text = "Flooding closed roads in Springfield and Sirte after the storm."
    readings = _readings(text, gz)
    memo = geoparse._theatre_memo(gz, LIBYA, True)
    remembered = {key for key, _, _ in memo}
    assert "springfield" in remembered  # no Springfield in Libya
    assert "sirte" not in remembered  # a reading inside: the points weigh it
    sirte = [r for r in readings if r[3] == "Sirte"]
    assert sirte and sirte[0][4] == pytest.approx(31.2, abs=0.1)


@pytest.mark.parametrize(
    "text",
    [
        "The road from Sirte to Misrata was closed.",
        "They fled from the city between dawn and noon.",
        "the area from Sirte to Ajdabiya",
        "the zone stretching from the west of Mosul to Tal Afar",
        "the front   from Marib to the coast",
    ],
)
def test_region_patterns_need_one_of_their_area_words(text):
    for pattern, words in (
        (regions._FROM_TO, regions._FROM_TO_AREAS),
        (regions._BETWEEN, regions._BETWEEN_AREAS),
    ):
        if pattern.search(text):
            assert any(w in text for w in words)
    assert bool(regions._FROM_TO.search(text)) == text.startswith("the ")


@pytest.mark.parametrize("countries", [("LY",), ("SY", "IQ"), ("YE",), ("US",)])
def test_may_be_within_never_turns_away_a_name_within_finds(gz, countries):
    towns = [p.name for p in gz.settlements(list(countries))[:150]]
    words = [
        *towns,
        *(s for t in towns[:60] for s in geoparse._rewritten(t)),
        *(t[:-1] for t in towns),  # near spellings
        *(f"Al-{t}" for t in towns[:40]),  # an article before
        *(f"al-{t}" for t in towns[:20]),
        "Tawergha", "Saraqeb", "Bin Jawad", "Springfield", "Monday", "Chaudhry",
        "Kowalski", "Thompson", "Al Al Jafra", "",
    ]
    turned_away = 0
    for word in words:
        if geoparse._may_be_within(gz, word, countries):
            continue
        turned_away += 1
        assert gz.within(word, countries, limit=3) == []
        assert gz.within(word, countries, ranked=False) == []
    assert turned_away >= 3  # the common words at least
    # and a town of the theatre is never turned away
    assert all(geoparse._may_be_within(gz, t, countries) for t in towns)


def _county_names_by_lines(text):
    """The search over every line that holds a county word, as it was."""
    lines = set()
    for i in range(len(text)):
        if text.startswith(geoparse._COUNTY_HEADS, i):
            end = text.find("\n", i)
            lines.add((text.rfind("\n", 0, i) + 1, len(text) if end < 0 else end))
    search = geoparse._COUNTY_NAME.finditer
    return [m for lo, hi in sorted(lines) for m in search(text, lo, hi)]


@pytest.mark.parametrize(
    "text",
    [
        "Deputies from Boone County Clay County and St. Clair County met.",
        "Rain fell on Walker County\nand Tangipahoa Parish, then on the Countyside.",
        "He left Homa Bay County for the North Slope Borough last year.",
        "county lines: Polk\tCounty, O'Brien County, and Mc-Lean Parish",
        "No county here at all.",
    ],
)
def test_county_names_are_the_search_over_their_lines(text):
    got = [(m.span(1), m.group(2)) for m in geoparse._county_names(text)]
    assert got == [(m.span(1), m.group(2)) for m in _county_names_by_lines(text)]
    if "Boone" in text:
        # the greedy words run on to the second county word, as the search does
        assert text[got[0][0][0] : got[0][0][1]] == "Boone County Clay"
        assert text[got[1][0][0] : got[1][0][1]] == "St. Clair"
