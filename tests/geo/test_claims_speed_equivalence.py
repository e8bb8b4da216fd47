"""Issue 13: the shortcuts of the claims stage give what the long way gives.

Each test computes a value both ways (the fast finder or matcher and the plain one it
replaces) on sentences of our own and on random texts built from the lexicon's own
word starts, so that every literal start meets every kind of neighbour.
"""

from __future__ import annotations

import random

import pytest

from geo.claims.lexicon import (
    _compiled,
    _find_triggers_plain,
    _spaced,
    find_triggers,
    lower,
)

SENTENCES = [
    "LNA forces seized control of Sirte and shelled the airport.",
    "The take-over of the base, a take over by the militia, was re-established.",
    "«Captured» Gharyan; (withdrew) from Tarhuna — \u201cadvanced\u201d "
    "towards Misrata.",
    "Caf\u00e9attack, na\u00efvely captured, \u00e9withdrew and \u0130captured "
    "the town.",
    "snake_captured x_withdrew _attack 2attack a-attack a\u2010held town",
    "Machine-gun fire hit the convoy; air strikes struck the positions near Hun.",
    "\u03a3ELECTED troops advanced.\nThey withdrew.\n\nThe front moved.",
    "captured",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_find_triggers_is_the_plain_automaton(text):
    assert find_triggers(text) == _find_triggers_plain(text)


def test_find_triggers_agrees_on_random_texts():
    keys = sorted(_compiled()[2])
    glue = [" ", "  ", "\n", "-", "\u2010", "_", "'", "\u2019", ", ", ". ", "("]
    glue += ["\u00e9", "a", "x", "1", "\u0130", "\u201c", " the ", " a "]
    tails = ["", "d", "ed", "s", "ing", "ion", " of", " by", " control of", " to"]
    from geo.claims.extractor import _scanner
    from geo.claims.lexicon import find_triggers_with
    from geo.factions import alias_scan, load_registry

    shared = _scanner(load_registry())
    rng = random.Random(13)
    found = 0
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 12)):
            word = rng.choice(keys) + rng.choice(tails)
            parts.append(word.upper() if rng.random() < 0.1 else word)
            parts.append(rng.choice(glue))
        text = "".join(parts)
        got = find_triggers(text)
        assert got == _find_triggers_plain(text), text
        found += len(got)
        scan = alias_scan(text)
        if scan.blank_beyond:
            low = lower(text)
            assert find_triggers_with(text, low, scan.padded, shared)[0] == got, text
    assert found > 400  # the texts are dense in triggers


@pytest.mark.parametrize("text", ["abc", "a\u00e9b", "x_y-z", "\u0130a", "\U0001f600k"])
def test_spaced_keeps_offsets(text):
    low = lower(text)
    spaced = _spaced(low)
    assert len(spaced) == len(low) + 1 and spaced[0] == " "
    for i, ch in enumerate(low):
        word = ch.isascii() and ch.isalnum()
        assert spaced[i + 1] == (ch if word else " ")


# --- side matching -------------------------------------------------------------------

_MATCH_TEXTS = [
    "Haftar's forces and Hiftar loyalists shelled Sarraj's government in Tripoli.",
    "\u201cErdogan\u2019s troops\u201d \u2014 Turkish drones over Misrata, "
    "said Haftarr.",
    "\u00c9rdogan and \u00c7avu\u015fo\u011flu met; \u00d7Haftar and Hafta\u00dfr.",
    "Sarraj\u00e9 and na\u00efve Hiftar, \u2460Hiftar, Hiftar\u00b2 and Kremlin.",
    "Putin Jourdain and Putin\u2019s men; the Emiratis and Egyptians.",
    "Who holds Sirte? \u201cHaftar?\u201d ?? \u00e9? ?\u00e9 \U0001f600Sarraj\u2019s "
    "men?",
    "\u0627\u0644\u0633\u0631\u0627\u062c Sarraj " * 20,
    "",
]


def _fold_text_plain(text):
    from geo.factions import _ASCII_TABLE, _NON_ASCII, _fold_char

    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)
    return text.encode("ascii", "replace").translate(_ASCII_TABLE).decode("ascii")


@pytest.mark.parametrize("text", _MATCH_TEXTS)
def test_fold_text_is_the_plain_fold(text):
    from geo.factions import _NON_ASCII, _fold_beyond, fold_text

    assert fold_text(text) == _fold_text_plain(text)
    assert _fold_beyond(text) == (
        _fold_text_plain(text),
        frozenset(_NON_ASCII.findall(text)),
    )


@pytest.mark.parametrize("text", _MATCH_TEXTS)
def test_loose_matches_ascii_pattern_agrees(text):
    """The ASCII word pattern is taken only where it finds what the full one does."""
    import re

    from geo.factions import _CAPWORD, _NON_ASCII, _word_char, fold_text
    from geo.factions import load_registry

    reg = load_registry()
    folded = fold_text(text)
    ascii_words = not any(map(_word_char, set(_NON_ASCII.findall(text))))
    if ascii_words:
        assert re.compile(r"[A-Z][A-Za-z]{4,}").findall(text) == _CAPWORD.findall(text)
    assert reg._loose_matches(text, folded, ascii_words=ascii_words) == (
        reg._loose_matches(text, folded, ascii_words=False)
    )


def test_loose_matches_found_on_our_texts():
    from geo.factions import load_registry

    reg = load_registry()
    loose = [m.faction for t in _MATCH_TEXTS for m in reg.matches(t) if m.loose]
    assert {"LNA", "GNA"} <= set(loose)


# --- one pass for the triggers and the aliases ---------------------------------------


def _odd_registry():
    from geo.factions import registry_from_dict

    return registry_from_dict(
        {
            "version": 2,
            "factions": [
                {"id": "TAKE", "aliases": ["Take", "Air Force", "Held Group"]},
                {"id": "SIDE", "aliases": ["Side", "Sarraj", "the U.S. troops"]},
            ],
        }
    )


@pytest.mark.parametrize("text", SENTENCES + _MATCH_TEXTS)
@pytest.mark.parametrize("which", ["shipped", "odd"])
def test_one_pass_finds_the_triggers_and_aliases_of_two(text, which):
    from geo.claims.extractor import _scanner
    from geo.claims.lexicon import find_triggers_with
    from geo.factions import alias_scan, load_registry

    reg = load_registry() if which == "shipped" else _odd_registry()
    scan = alias_scan(text)
    low = lower(text)
    if scan.blank_beyond:  # the padded fold is the finder's spaced text
        assert scan.padded == _spaced(low) + " "
    found, hits = find_triggers_with(text, low, scan.padded, _scanner(reg))
    if scan.blank_beyond:
        assert found == _find_triggers_plain(text)
        assert reg.matches_scanned(text, scan, hits) == reg.matches(text)
    assert sorted(hits) == sorted(reg._automaton.iter(scan.padded))


def test_one_pass_is_taken_and_claims_agree_without_it():
    """A registry without ``alias_words`` takes the two passes: the same claims."""
    from geo.claims import extract_claims
    from geo.claims.extractor import _triggers_and_aliases
    from geo.factions import load_registry
    from geo.records import Document
    from gazetteer.records import Mention

    class TwoPasses:  # the registry's API less alias_words
        def __init__(self, reg):
            self._reg = reg

        def __getattr__(self, name):
            if name == "alias_words":
                raise AttributeError(name)
            return getattr(self._reg, name)

    reg = load_registry()
    text = "Haftar\u2019s forces captured Gharyan on Monday; GNA troops shelled Sirte."
    mentions = [
        Mention("d", 25, 32, "Gharyan", "place", "Gharyan", 32.17, 13.02),
        Mention("d", 63, 68, "Sirte", "place", "Sirte", 31.21, 16.59),
    ]
    assert text[25:32] == "Gharyan" and text[63:68] == "Sirte"
    assert _triggers_and_aliases(text, lower(text), reg)[2] is not None
    assert _triggers_and_aliases(text, lower(text), TwoPasses(reg))[2] is None
    doc = Document("d", text)
    one = extract_claims(doc, mentions, registry=reg)
    two = extract_claims(doc, mentions, registry=TwoPasses(reg))
    assert one == two
    assert [(c.type, c.faction, c.place.name) for c in one] == [
        ("control", "LNA", "Gharyan"),
        ("strike", "GNA", "Sirte"),
    ]


def test_a_word_that_is_a_literal_start_is_reported_as_both():
    import re

    from geo.claims.lexicon import find_triggers_with, word_starts_with

    words = [(" captur", "W"), (" sirte ", "S")]
    automaton = word_starts_with(words)
    text = "LNA forces captured Sirte; the capture of Sirte"
    low = lower(text)
    padded = _spaced(low) + " "
    found, hits = find_triggers_with(text, low, padded, automaton)
    assert found == _find_triggers_plain(text) and len(found) == 2
    expected = [
        (m.start() + len(key) - 1, value)
        for key, value in words
        for m in re.finditer(re.escape(key), padded)
    ]
    assert sorted(hits) == sorted(expected) and len(expected) == 4


def test_the_shared_automaton_goes_with_its_registry():
    import gc

    from geo.claims.extractor import _scanner, _scanners

    reg = _odd_registry()
    automaton = _scanner(reg)
    assert _scanner(reg) is automaton and id(reg) in _scanners
    key = id(reg)
    del reg
    gc.collect()
    assert key not in _scanners
