"""Issue 13, scanner round: the shortcuts of the name scan give what the long way
gives, on sentences of our own.

Each test computes a value both ways: the word before a name read once and
handed to both rules that ask it, against each rule reading it itself; the
word starts as two lists, against the pairs; the memo of lower-case words,
against the whole-word search; the per-phrase count of tries, against the bits.
"""

from __future__ import annotations

import pytest

import gazetteer
from gazetteer import scanner

SENTENCES = [
    "Gen. Haftar said the convoy left  Misrata for Sirte at dawn.",
    "Zofia Kherson met envoys in Odesa. Kherson said the talks went well.",
    "Jason Terrell Jones flew from Boston to North London via New York.",
    "In\tBenghazi\nTobruk  and Dar'a, the Mayor of Al-Bayda spoke.",
    "Çavuşoğlu met Łódź envoys in Kraków; the GNA-held Tripoli Airport shut.",
    "Drug Control officers seized drug shipments at a control point in Texas.",
    "Yesterday Kherson shelled; Boyd J. Corbin of the Sirte Military Council spoke.",
    "Sirte Libya: the \"Volcano of Rage\" operation reached Gharyan and Derna",
]


@pytest.fixture(scope="module")
def gz():
    return gazetteer.load()


def _hits(gz, text):
    return scanner.raw_hits(text, scanner.fold(text), scanner.automaton_for(gz))


@pytest.mark.parametrize("text", SENTENCES)
def test_previous_word_read_once_is_what_each_rule_reads(gz, text):
    title_words, given = scanner.titles(), scanner.given_names()
    common, adjectives = scanner.common_words(), scanner.demonym_table()
    rtext = text[::-1]
    hits = _hits(gz, text)
    assert hits
    keep: list[scanner.Hit] = []
    verdicts = set()
    for hit in hits:
        prev = scanner._prev_token(text, hit.start, rtext)
        args = (text, hit, keep, title_words, given, common, adjectives, rtext)
        verdict = scanner._judge_previous(*args, prev)
        assert verdict == scanner._judge_previous(*args)
        verdicts.add(verdict)
        assert scanner._surname_after_unknown(
            text, hit, rtext, prev
        ) == scanner._surname_after_unknown(text, hit, rtext)
        keep.append(hit)
    assert verdicts <= {"ok", "person", "name", "compass"}


def test_previous_word_verdicts_of_our_sentences(gz):
    text = SENTENCES[1]
    rtext = text[::-1]
    kherson = next(h for h in _hits(gz, text) if h.key == "kherson")
    prev = scanner._prev_token(text, kherson.start, rtext)
    assert prev == "Zofia"
    # "Kherson said" further on: her surname, carried through the text
    assert scanner._surname_after_unknown(text, kherson, rtext, prev)
    assert "kherson" not in [h.key for h in scanner.scan(text, gz)]
    assert "odesa" in [h.key for h in scanner.scan(text, gz)]


@pytest.mark.parametrize("text", [*SENTENCES, "", "x", "Sirte"])
def test_name_starts_as_two_lists_are_the_pairs(text):
    folded = scanner.fold(text)
    fstarts, starts = scanner._name_starts(text, folded)
    pairs = scanner.name_starts(text, folded)
    assert list(zip(fstarts, starts)) == pairs
    assert len(fstarts) == len(starts)
    for fs, s in pairs:  # a capital or an article before one, where it maps
        assert s == folded.original(fs)
        assert text[s].isupper() or text[s : s + 3].lower() in ("al-", "el-")


@pytest.mark.parametrize("text", SENTENCES)
def test_lowercase_memo_is_the_whole_word_search(text):
    lower = scanner._Lowercase(text)
    words = {w for w in scanner._WORD_RE.findall(text) if w[:1].isupper()}
    for word in sorted(words):
        low = word.lower()
        plain = (
            low.isalpha() and low != word and scanner._whole_word_in(text, low)
        )
        assert (word in lower) == plain
        assert lower._known[word] == plain  # the memo context_filter reads first
    if text.startswith("Drug"):
        assert "Drug" in lower and "Control" in lower and "Texas" not in lower


def test_per_phrase_counts_are_the_tries_bits(gz):
    matcher = scanner.automaton_for(gz)
    bits = matcher._keys
    assert len(matcher._counts) == 1 << (2 * len(bits))
    for held, count in enumerate(matcher._counts):
        assert count == sum(1 for bit in bits if held & bit)
    # a demonym the index also holds as a name ("texan"?) or not: counted per trie
    text = "The Russian envoy flew to Sirte and Texas"
    found = matcher.find(text, scanner.fold(text))
    assert ("sirte" in [k for _, _, k in found]) and ("texas" in [k for _, _, k in found])
