"""Issue 18: the shortcuts of the geoparser give what the long way gives.

Each test computes a value both ways (the cached or vectorised one and the plain
formula or search it replaces) on sentences of our own.
"""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

import gazetteer
from gazetteer import geoparse
from gazetteer.geoparse import Context, _Evidence, _nearest_km, _radians_near
from gazetteer.records import Candidate, Place
from gazetteer.relative import _DIR_OF_RE, _OFFSET_RE, compass_before_of
from gazetteer.scanner import scan
from gazetteer.sphere import distances_km, haversine_km, nearest_km


@pytest.fixture(scope="module")
def gz():
    return gazetteer.load()


def test_nearest_km_is_the_minimum_of_distances_km():
    rng = random.Random(7)
    towns = [(rng.uniform(-60, 60), rng.uniform(-180, 180)) for _ in range(30)]
    points = [(rng.uniform(-60, 60), rng.uniform(-180, 180)) for _ in range(9)]
    lats, lons = zip(*points, strict=True)
    got = nearest_km([a for a, _ in towns], [b for _, b in towns], lats, lons)
    for (lat, lon), km in zip(towns, got.tolist(), strict=True):
        # the same formula element by element: equal to the last bit
        assert km == float(distances_km(lat, lon, lats, lons).min())
    # Tripoli to Sirte and Benghazi: Sirte is the nearer, about 370 km
    near = nearest_km([32.887], [13.191], [31.209, 32.115], [16.589, 20.068])
    assert near[0] == pytest.approx(371.0, abs=3.0)


def test_nearest_km_of_rerank_agrees_with_haversine():
    near = _radians_near(((31.209, 16.589), (32.115, 20.068)))
    km = _nearest_km(32.887, 13.191, near)
    assert km == pytest.approx(haversine_km(32.887, 13.191, 31.209, 16.589), rel=1e-9)
    assert _radians_near(((31.209, 16.589),)) is _radians_near(((31.209, 16.589),))


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell about 30 km south-east of ",
        "the column stopped 12 miles north of ",
        "fighting raged west of ",
        "a camp some five kilometres to the NNE of ",
        "an outpost 4 km\nsouthwest   of ",
        "the village, 20 km north of\n",
    ],
)
def test_compass_before_of_lets_every_offset_through(text):
    lo = max(0, len(text) - 90)
    assert _OFFSET_RE.search(text, lo, len(text)) or _DIR_OF_RE.search(
        text, max(0, len(text) - 40), len(text)
    )
    assert compass_before_of(text, lo, len(text))


@pytest.mark.parametrize(
    "text",
    ["the mayor of ", "the outskirts of ", "three of ", "the government of ", "of"],
)
def test_compass_before_of_skips_what_no_pattern_matches(text):
    lo = max(0, len(text) - 90)
    assert not _OFFSET_RE.search(text, lo, len(text))
    if not compass_before_of(text, lo, len(text)):
        return  # skipped without a search
    assert text.rstrip().endswith("of")  # "government of": searched, no match


def test_within_is_memoised_and_returns_copies(gz):
    first = gz.within("Tawergha", ["LY"], limit=3, min_similarity=0.74)
    assert first and first[0].place.country == "LY"
    first.clear()  # the caller's list: the cached answer stays whole
    again = gz.within("Tawergha", ["LY"], limit=3, min_similarity=0.74)
    assert again == gz._within_uncached(
        "Tawergha", ["LY"], near=(), limit=3, min_similarity=0.74, ranked=True
    )
    assert again and again[0].place.country == "LY"


def _plain_context(ev: _Evidence, without: str | None) -> Context:
    """The context worked out the long way (what :meth:`_Evidence.context` did)."""
    own = ev.votes.get(without) if without is not None else None
    items = list(ev._total.items())
    if own:
        items = [(c, n - own.get(c, 0.0)) for c, n in items]
    items.sort(key=lambda cn: -cn[1])
    ranked = tuple(c for c, n in items[:4] if n >= 2.0)
    near = tuple(p for k, p in ev.points.items() if k != without)[: ev.max_near]
    states = tuple(sorted({s for k, s in ev.states.items() if k != without}))
    return Context(ranked, near, states)


def test_evidence_context_equals_the_long_way(gz):
    # more points than a context keeps, votes of several countries, two states
    names = ["sirte", "misrata", "tripoli", "benghazi", "derna", "tobruk", "sabha"]
    points = {k: (30.0 + i / 10, 15.0 + i / 10) for i, k in enumerate(names)}
    votes = {k: {"LY": 1.0} for k in names}
    votes["tunisia"] = {"TN": 2.0}
    votes["cairo"] = {"EG": 1.0}
    states = {"ohio": ("US", "OH"), "sirte": ("LY", "SR")}
    ev = _Evidence(votes, points, Counter({"EG": 1}), states=states)
    for key in [None, *votes, "ohio", "unknown"]:
        assert ev.context(without=key) == _plain_context(ev, key), key
        assert ev.near(without=key) == _plain_context(ev, key).near
    # EG and TN tie at 2 votes: the nationality adjective counted first leads
    assert ev.context().countries == ("LY", "EG", "TN")
    assert ev.context(without="sirte").near[-1] == points["sabha"]
    assert ev.context(without="tunisia").countries == ("LY", "EG")
    assert ev.context(without="cairo").countries == ("LY", "TN")
    # and on a text of our own
    text = (
        "Floods reached Dayton, Ohio, and Toledo on Monday. Columbus and Cincinnati "
        "shut schools, officials in Ohio said; Springfield and Akron were spared, "
        "as were Kentucky and Indiana, and Cleveland opened shelters."
    )
    hits = scan(text, gz)
    prior = {h.key: geoparse._prior(gz, h.key) for h in hits}
    kept = [h for h in hits if prior[h.key]]
    ev = _Evidence.collect(kept, prior, Counter({"US": 1}))
    for key in [None, *dict.fromkeys(h.key for h in kept)]:
        assert ev.context(without=key) == _plain_context(ev, key), key
    assert ev.context().countries[0] == "US"
    assert ("US", "OH") in ev.context().states


def test_best_in_context_is_reranks_first():
    paris_fr = Candidate(Place("Paris", 48.85, 2.35, 1, "FR", 2_000_000), 9.0, "exact")
    paris_tx = Candidate(Place("Paris", 33.66, -95.56, 2, "US", 25_000), 7.4, "exact")
    paris_tn = Candidate(Place("Paris", 36.30, -88.33, 3, "US", 10_000), 7.0, "exact")
    cands = [paris_fr, paris_tx, paris_tn]
    for ctx in (
        Context(("US",), ((32.0, -97.0),)),  # near Dallas: Paris, Texas
        Context(("US",), ((36.1, -86.8),)),  # near Nashville: Paris, Tennessee
        Context(("FR",), ()),
    ):
        best = geoparse._best_in_context(cands, ctx)
        assert best == geoparse.rerank(cands, ctx)[0].place
    assert geoparse._best_in_context(cands, Context(("US",), ((32.0, -97.0),))) == (
        paris_tx.place
    )
    assert math.isclose(
        geoparse.rerank(cands, Context(("FR",), ()))[0].score,
        9.0 + geoparse.MAIN_COUNTRY_BONUS,
    )


def test_states_named_in_a_list(gz):
    text = "Storms crossed Utah, Washington and Wisconsin; Washington state declared."
    names = {
        m.text: m for m in gazetteer.parse(text, gazetteer=gz) if m.kind == "place"
    }
    # Washington between two states is the state, not the capital
    assert names["Washington"].country == "US"
    assert names["Washington"].lat > 45


@pytest.mark.parametrize(
    "text",
    [
        "Shelling near the port",
        "xnear the port",
        "NEAR\tthe port",
        "camps outside  the city",
        "the cloſe to the sea",  # a long s matches "s" under IGNORECASE
        "ıt was close to İzmir",
        "in the vicinity of Sirte",
        "closed roads; nearby towns",
        "near",
        "a convoy on the Outskirts of Derna",
    ],
)
def test_has_near_word_is_the_regex_search(text):
    assert geoparse._has_near_word(text) == bool(geoparse._NEAR_WORD.search(text))


def _find_by_prefixes(matcher, text, folded):
    """KeyMatcher.find the long way: every key the tries give as a prefix of the
    window at each name start, kept where a word boundary follows it."""
    from gazetteer.scanner import _BREAK, _HEAD, MAX_KEY_CHARS, name_starts

    out = []
    ftext, n = folded.text, len(folded.text)
    for trie, heads in matcher._tries:  # trie by trie, as raw_hits once read them
        for fstart, start in name_starts(text, folded):
            shortest = 2 if text[start].isupper() else 4
            window = ftext[fstart : fstart + MAX_KEY_CHARS]
            if heads is not None and window[:_HEAD] not in heads:
                continue
            for key in trie.prefixes(window):
                fend = fstart + len(key)
                if (fend == n or ftext[fend] == " ") and len(key) >= shortest:
                    if key in matcher._never:
                        continue
                    stop = folded.original(fend)
                    if " " in key and _BREAK.search(text, start, stop):
                        continue
                    out.append((start, stop, key))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Fighting in New York and New Mexico, then Somerset, Kentucky.",
        "The Libyan army left Sirte for al-Bayda and Ras Lanuf on Monday.",
        "From St. Louis to El Paso, Texas, via Kansas City",
        "UN envoys met in Abu Dhabi; the Russian delegation flew to Benghazi",
        "Sirte",
        "He said New",  # "new" starts longer keys, and the text ends there
        "Russian and Libyan envoys, a Texan and the Sudanese in Bin Jawad",
    ],
)
def test_key_matcher_find_is_the_prefix_walk(gz, text):
    from gazetteer.scanner import automaton_for, fold

    matcher = automaton_for(gz)
    folded = fold(text)
    got = matcher.find(text, folded)
    plain = _find_by_prefixes(matcher, text, folded)
    assert sorted(got) == sorted(plain)
    # in the order raw_hits reads them (a stable sort by start, longest first):
    # a key both tries hold comes first from the index's
    def order(se):
        return (se[0], -se[1])

    assert sorted(got, key=order) == sorted(plain, key=order)
    assert got or text.endswith("New")  # each other sentence holds a name


def test_abbreviation_pattern_matches_what_the_lookahead_form_matched():
    import re

    from gazetteer.abbreviations import _pattern, table

    by_first: dict[str, list[str]] = {}
    for form in sorted(table(), key=len, reverse=True):
        tail = re.escape(form[1:]) + ("" if form.endswith(".") else r"\b")
        by_first.setdefault(form[0], []).append(tail)
    groups = "|".join(
        f"{re.escape(f)}(?:{'|'.join(t)})" for f, t in by_first.items()
    )
    plain = re.compile(rf"(?=[A-Z])(?<![\w.])(?:{groups})")
    text = (
        "Envoys from the U.S. and the EU met in Frederick, Md., then in Salem, "
        "Mass.; xU.S. is no code, nor is .Md. here.\nU.K. officials (EU) came."
    )
    got = [(m.start(), m.group()) for m in _pattern().finditer(text)]
    assert got == [(m.start(), m.group()) for m in plain.finditer(text)]
    assert (16, "U.S.") in got and (50, "Md.") in got and len(got) == 6


def test_county_names_by_line_are_the_whole_text_search():
    text = (
        "Storms hit Walker County and St. Clair County on Monday.\n"
        "No county here, only Smith.\n"
        "Officials in Orleans Parish\nand the Borough of Queens met; Bay County too"
    )
    got = [m.span(1) for m in geoparse._county_names(text)]
    assert got == [m.span(1) for m in geoparse._COUNTY_NAME.finditer(text)]
    assert [text[a:b] for a, b in got] == ["Walker", "St. Clair", "Orleans", "Bay"]


def test_unknown_name_letter_first_matches_what_the_plain_pattern_matched():
    import re

    particles = geoparse._NAME_PARTICLES
    plain = re.compile(geoparse._unknown_name_plain(particles))
    second = geoparse._SECOND_WORD.pattern
    pairs = [
        (plain, geoparse._UNKNOWN_NAME),
        (
            re.compile(f"{plain.pattern}(?:(?=({second})))?"),
            geoparse._UNKNOWN_NAME_PAIR,
        ),
        (
            re.compile(f"({plain.pattern})(?:(?=({second})))?"),
            geoparse._UNKNOWN_NAME_WORDS,
        ),
    ]
    text = (
        "Shelling near Umm Hakim and Um al-Qura, then Wadi Zamzam; the Hayy Nour "
        "market and Hay Andalus. xAbu Kamal is no name, nor is _Deir Hafer, but "
        "Deir ez-Zoreh and Kafr-Nabudah are. McAllen saw Bint Jbeil's Tal Abyad."
    )
    for old, new in pairs:
        assert new.findall(text) == old.findall(text)
        assert [m.span() for m in new.finditer(text)] == [
            m.span() for m in old.finditer(text)
        ]
    words = [m.group() for m in geoparse._UNKNOWN_NAME.finditer(text)]
    assert "Umm Hakim" in words and "Um al-Qura" in words and "Hayy Nour" in words
    assert "Kamal" in words and "Abu Kamal" not in words  # "xAbu" is no word start
    # random strings of the letters, particles and joiners the patterns read
    rng = random.Random(11)
    alphabet = [
        *"AaBbEeHKlmnrstuiyzZ -'\u2019_9\u00e9\u00c0\u0250",
        "Al", "Um", "Umm", "Wadi", "Hay", "Hayy", "al-", "ash ", " ed-", "Deir ez-",
    ]  # fmt: skip
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for old, new in pairs:
            assert new.findall(s) == old.findall(s), s


def _token_strings(seed: int, count: int) -> list[str]:
    """Random strings of words, blanks and punctuation the patterns after and
    before a name read (our own tokens)."""
    tokens = [
        " ", "  ", "\t", "\n", ",", ", ", ".", "'s", "\u2019s", "'", "&", " & ",
        "(", "-", "Sirte", "Dale", "J.", " J. ", "Smith", "Los", "La", "Le", "Del",
        "El", "virus", "fever", "County", "Parish", "said", "says", "told", "19",
        "age", "forces", "group", "Street", "Park", "Grove", "River", "region",
        "province", "countryside", "southern", "al-Numan", "ad-", "Day", "Dinner",
        "Operations", "Room", "police", "and", "x", "_", "\u00a0", ", 19,",
        " ,age 20 ,", " and Sirte police", "Boko", "Haram", "McLean", "xAbc",
        "Military", "Council", "brigade", " FC", "Club", "\u212a", "\u0130",
        "\u017f", "\uff21", "\u00c5",
        "\u00c9lise", "3rd",
    ]  # fmt: skip
    rng = random.Random(seed)
    return [
        "".join(rng.choice(tokens) for _ in range(rng.randint(1, 9)))
        for _ in range(count)
    ]


def test_patterns_after_a_name_start_where_their_shortcuts_look():
    # each pattern asked only where the character after the name can start it
    from gazetteer import regions, scanner

    blank = " \t"
    starts = [
        (geoparse._DISEASE_AFTER, blank),
        (geoparse._word_after("street_words.txt"), blank),
        (geoparse._word_after("landmark_words.txt"), blank),
        (geoparse._NEXT_CAPITAL, blank),
        (geoparse._GROUP_AFTER, blank),
        (geoparse._AGE_AFTER, blank + ","),
        (geoparse._WORD_AFTER, blank),
        (geoparse._ARTICLE_TAIL, blank),
        (geoparse._DIVISION_AFTER, blank),
        (geoparse._CAPITAL_AFTER, blank),
        (scanner._TOKEN_AFTER, blank),
        (scanner._INITIAL_AFTER, blank),
        (scanner.not_place_after(), blank + scanner._NOT_PLACE_FIRST),
    ]
    spaces = [  # may start on any blank (str.isspace) or these
        (geoparse._SPEAKS, ","),
        (scanner._ORG_AFTER, ""),
        (regions._COUNTRYSIDE_AFTER, regions._APOSTROPHES),
    ]
    for s in _token_strings(5, 3000):
        for pos in range(len(s)):
            first = s[pos]
            for pattern, chars in starts:
                if pattern.match(s, pos):
                    assert first in chars, (pattern.pattern, s, pos)
            for pattern, chars in spaces:
                if pattern.match(s, pos):
                    assert first.isspace() or first in chars, (pattern.pattern, s)
            if scanner._INITIAL_AFTER.match(s, pos):
                after = scanner._TOKEN_AFTER.match(s, pos, pos + 40)
                assert after is None or len(after.group(1)) == 1, s
            org = scanner._ORG_AFTER.match(s, pos) is not None
            assert scanner._org_after(s, pos) == org, (s, pos)


def test_patterns_before_a_name_match_where_their_shortcuts_look():
    from gazetteer.scanner import _PREV_TOKEN_REVERSED, _prev_token

    for s in _token_strings(6, 3000):
        rs = s[::-1]
        n = len(s)
        for end in range(len(s) + 1):
            lo = max(0, end - 8)
            plain = geoparse._ARTICLE_BEFORE.search(s, lo, end) is not None
            assert geoparse._article_before(s, end) == plain, (s, end)
            capital = geoparse._CAPITAL_BEFORE.search(s, max(0, end - 30), end)
            if capital:
                assert geoparse._blanks_may_end_at(s, end), (s, end)
            got = geoparse._capital_word_before(s, rs, end)
            assert got == (None if capital is None else capital.start()), (s, end)
            m = _PREV_TOKEN_REVERSED.match(rs, n - end, n - max(0, end - 40))
            assert _prev_token(s, end) == (None if m is None else m.group(1)[::-1])
    # and on sentences of our own
    text = "Fighting in Los Feliz and La Jolla; Smith\nDale said; in\t Sirte"
    assert geoparse._article_before(text, text.index("Feliz"))
    assert not geoparse._article_before(text, text.index("Smith"))
    assert _prev_token(text, text.index("Sirte")) == "in"
    assert _prev_token(text, text.index("Dale")) is None  # a newline between
    longer = "Forces of the Boko Haram group and " + "x" * 26 + "Abc Sirte"
    for end in (longer.index("Haram"), longer.index("Sirte")):
        plain = geoparse._CAPITAL_BEFORE.search(longer, max(0, end - 30), end)
        got = geoparse._capital_word_before(longer, longer[::-1], end)
        assert got == (None if plain is None else plain.start())
    assert geoparse._capital_word_before(longer, longer[::-1], longer.index("Haram"))


def test_a_small_trie_is_skipped_only_for_phrases_it_holds_nothing_of(gz):
    from gazetteer.scanner import _may_hold, _phrase, automaton_for

    trie, heads = automaton_for(gz)._tries[1]  # the demonyms'
    assert heads is not None
    phrases = {"a", "ab", "an", "x", "zz", "new", "south", "libyan", "south s"}
    for key in trie.keys():
        words = key.split(" ")
        phrases.update(" ".join(words[:i]) for i in range(1, len(words) + 1))
        phrases.update({key[:1], key[:2], key + "x", key[:-1]})
    for phrase in phrases:
        if not _may_hold(heads, phrase):
            assert _phrase(trie, phrase) == 0, phrase
    assert _may_hold(heads, "libyan") and _phrase(trie, "libyan")


@pytest.mark.parametrize(
    "text",
    [
        "Floods in Washington state and the State of Utah",
        "the PROVINCE OF Ontario",
        "a \u017ftate of emergency in Ohio",  # long s: the case-blind pattern reads s
        "Flooding in Dayton and Toledo, Ohio",
        "no such word here",
    ],
)
def test_may_say_state_lets_every_state_pattern_through(text):
    said = any(
        geoparse._AS_STATE_AFTER.match(text, i)
        or geoparse._AS_STATE_BEFORE.search(text, 0, i)
        for i in range(len(text) + 1)
    )
    if said:
        assert geoparse._may_say_state(text)
    assert geoparse._may_say_state(text) == (
        "state" in text.lower() or "province" in text.lower() or "\u017f" in text
    )


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Idlib's southern countryside and the countryside of Hama",
        "the HINTERLAND of Sirte",
        "in the rural areas of Tigray",
        "the Afrin country\u017fide",  # long s: the case-blind pattern reads s
        "Fighting in Afrin and Hama",
    ],
)
def test_rural_words_let_every_countryside_pattern_through(text):
    from gazetteer import regions

    found = any(
        regions._COUNTRYSIDE_AFTER.match(text, i)
        or regions._COUNTRYSIDE_OF.search(text, 0, i)
        for i in range(len(text) + 1)
    )
    if found:
        assert regions._says_any(text, regions._RURAL_WORDS)
    assert regions._says_any(text, regions._RURAL_WORDS) == ("Afrin and" not in text)


def test_name_starts_of_ascii_texts_are_the_one_by_one_rule():
    # the ASCII path (bytes as code points) against the rule read character by
    # character, near the text's end too ("al-X" three characters from it)
    import re

    from gazetteer.scanner import fold, name_starts

    def one_by_one(text):
        folded = fold(text)
        out = []
        for m in re.finditer(r"(?<![a-z0-9])[a-z0-9]", folded.text):
            start = folded.original(m.start())
            c = text[start]
            if c.isupper() or (c in "ae" and text[start + 3 : start + 4].isupper()):
                out.append((m.start(), start))
        return out

    rng = random.Random(12)
    alphabet = [*"aeAEZzB Q9'-.,\t\n_", "al-", "el-", "  ", "Dar'a", "St. "]
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert name_starts(s, fold(s)) == one_by_one(s), s
