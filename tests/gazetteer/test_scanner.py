"""The name scanner: folding, whole words, capitalisation, word lists, people."""

from __future__ import annotations

import re

import pytest

from gazetteer.scanner import (
    build_automaton,
    fold,
    name_starts,
    raw_hits,
    scan,
    sentence_initial,
)


def test_fold_maps_every_word_back():
    for text in [
        "Al-Jafra's",
        "Çavuşo أوlu",
        "Ṭarābulus!",
        "a\u00a0b",
        "ß",
        "🙂 Sirte",
        "St. Louis, Mo., and Dar'a",
        "U.S.-led talks in Côte d’Ivoire",
    ]:
        folded = fold(text)
        for m in re.finditer(r"[a-z0-9]+", folded.text):
            start, end = folded.original(m.start()), folded.original(m.end())
            assert fold(text[start:end]).text.replace(" ", "") == m.group(), text
    assert fold("Misrata-Sirte").text == "misrata sirte"


def _starts_one_by_one(text: str) -> list[tuple[int, int]]:
    """The word starts the scanner walks from, found the slow way: every word
    start of the folded text, judged on the original character."""
    folded = fold(text)
    out = []
    for m in re.finditer(r"(?<![a-z0-9])[a-z0-9]", folded.text):
        start = folded.original(m.start())
        c = text[start]
        if c.isupper() or (c in "ae" and text[start + 3 : start + 4].isupper()):
            out.append((m.start(), start))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no capitals here at all",
        "Troops left el-Obeid for Kadugli",
        "the  convoy   reached Ärzte and Ōita, then ébène",
        "Dar'a's market; an Émirat near e-Éden",
        "ǅemal met İzmir officials at 9 AM",
        "Ẹ\U0001f642 Sirte\u00a0Ajdabiya",
        "al-",
        "ea",
    ],
)
def test_name_starts_are_the_capitalised_and_article_word_starts(text):
    assert name_starts(text, fold(text)) == _starts_one_by_one(text)


def test_name_starts_offsets():
    text = "Forces in  al-Bayda and Dar'a"
    folded = fold(text)
    starts = name_starts(text, folded)
    assert [text[s : s + 5] for _, s in starts] == ["Force", "al-Ba", "Bayda", "Dar'a"]
    assert [folded.text[f : f + 4] for f, _ in starts] == [
        "forc",
        "al b",
        "bayd",
        "dara",
    ]


def test_capital_codes_are_whole_words(gz):
    keys = [h.key for h in scan("US envoys met in USA Today offices, not AUS.", gz)]
    assert keys.count("us") == 1


def test_whole_words_only():
    auto = build_automaton(["sirte", "irt"])
    text = "Sirte and Sirtex"
    hits = raw_hits(text, fold(text), auto)
    assert [(h.start, h.end, h.key) for h in hits] == [(0, 5, "sirte")]


def test_longest_match_wins():
    auto = build_automaton(["al jafra", "jafra"])
    text = "Al-Jafra base"
    assert [h.key for h in raw_hits(text, fold(text), auto)] == ["al jafra"]


def test_lowercase_words_are_not_names(gz):
    assert scan("the police said the march of the army", gz) == []


def test_sentence_initial():
    assert sentence_initial("Police came.", 0)
    assert sentence_initial('He said. "March on', 10)
    assert not sentence_initial("in March", 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Khalifa Haftar visited Benghazi.", ["benghazi"]),
        ("Minister Mevlüt Çavuşoğlu flew to Ankara.", ["ankara"]),
        ("Aqila Saleh met Ali Kana in Tobruk.", ["tobruk"]),
        ("Fayez al-Sarraj spoke in Tripoli. Later al-Sarraj left.", ["tripoli"]),
        ('The "Volcano of Rage" operation began near Gharyan.', ["gharyan"]),
        ("Posted on Facebook and Al-Jazeera from Misrata.", ["misrata"]),
        ("In March, Police in Sirte said.", ["sirte"]),
    ],
)
def test_people_organisations_and_words_are_filtered(gz, text, expected):
    assert [h.key for h in scan(text, gz)] == expected


def test_organisation_names_are_marked(gz):
    hits = scan(
        "The Sirte and Al-Jafra Operations Room said Sebha military region was calm.",
        gz,
    )
    assert [(h.key, h.in_name) for h in hits] == [
        ("sirte", True),
        ("al jafra", True),
        ("sebha", True),
    ]


def test_not_places_are_dropped(gz):
    assert (
        scan("Wagner fighters left Sirte.", gz, not_places=frozenset({"sirte"})) == []
    )


@pytest.mark.parametrize("budget", [0, 32])
def test_lowercase_words_by_find_and_by_set(monkeypatch, budget):
    from gazetteer import scanner

    monkeypatch.setattr(scanner, "_FIND_BUDGET", budget)
    cases = {
        "The march began; Marchers met.": [True, False, False, False, False],
        # "_" ends a word, as in the scanner's word pattern.
        "Le marché, Marché_x et été": [False, False, True, True, True],
    }
    for text, expected in cases.items():
        lower = scanner._Lowercase(text)
        asked = [w in lower for w in ["March", "Marchers", "Marché", "Été", "X"]]
        assert asked == expected, text
