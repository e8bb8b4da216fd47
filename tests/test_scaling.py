"""What grew faster than its input in the geoparser for long documents (issue 18),
and the one-pass replacements, checked against the plain definitions they replace.

Speed itself is measured by benchmarks/bench_scaling.py, never here.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from gazetteer import scanner
from gazetteer.anaphora import CITY_KINDS, SETTLEMENT_KINDS, _SoFar
from gazetteer.records import Mention, Place


def _naive_lowercase_in(text: str, surface: str) -> bool:
    """The old definition: a whole-word, lower-case occurrence somewhere."""
    word = surface.lower()
    if not word.isalpha() or word == surface:
        return False
    i = text.find(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(word)] if i + len(word) < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = text.find(word, i + 1)
    return False


def test_scaling_lowercase_words_gathered_once(monkeypatch):
    text = (
        "Bani Walid said the walid of Mount Olive. Sirte, sirte2, _sirte, Ägypten "
        "ägypten; Marsa marsa-Brega; Deir ez-Zor (deir) Über über." * 50
    )
    passes = []
    real = scanner._WORD_RE

    class Counting:
        def findall(self, s):
            passes.append(len(s))
            return real.findall(s)

    monkeypatch.setattr(scanner, "_WORD_RE", Counting())
    # The first questions are answered by str.find (a fixed number of them), then
    # the words are gathered once: 12 questions past a budget of 2.
    monkeypatch.setattr(scanner, "_FIND_BUDGET", 2)
    lowercase = scanner._Lowercase(text)
    for surface in ["Walid", "Sirte", "Marsa", "Deir", "Über", "Ägypten", "Olive",
                    "Mount", "Brega", "Zor", "Bani", "SIRTE"]:  # fmt: skip
        assert (surface in lowercase) == _naive_lowercase_in(text, surface), surface
    assert passes == [len(text)]  # one pass over the text, however many words


def test_scaling_span_overlaps_match_the_plain_test():
    rng = random.Random(18)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 100)
            spans.append((s, s + rng.randint(1, 15)))
        index = scanner._Spans(spans)
        for _ in range(20):
            a = rng.randint(0, 110)
            b = a + rng.randint(1, 10)
            plain = any(s < b and a < e for s, e in spans)
            assert index.overlaps(a, b) == plain, (spans, a, b)


KINDS = ["city", "capital", "district", "country", "airbase", "region", "city"]


def _place(i: int) -> Place:
    """Seven places; one id is one place (as in the gazetteer)."""
    n = i % 7
    return Place(f"P{n}", 30.0 + n, 15.0, 1000 + n, "LY", 5000, kind=KINDS[n])


def _naive_city(before, paragraph):
    """The old ``_city`` over the list of places before the anaphor."""
    cities = [m for m in before if m.place.kind in CITY_KINDS]
    if not cities:
        return []
    recent = [m for m in cities if m.start > paragraph and not m.in_name]
    if recent:
        return [recent[-1].place]
    counts = Counter(m.place.geonameid for m in cities if not m.in_name)
    if not counts:
        return [cities[-1].place]
    best = max(counts.values())
    for m in reversed(cities):
        if counts.get(m.place.geonameid) == best:
            return [m.place]
    return []


def _naive_last_two(before):
    out = []
    for m in reversed(before):
        p = m.place
        if p.kind not in SETTLEMENT_KINDS or any(q.name == p.name for q in out):
            continue
        out.append(p)
        if len(out) == 2:
            return out[::-1]
    return []


@pytest.mark.parametrize("seed", range(5))
def test_scaling_anaphora_one_pass_matches_the_list_per_anaphor(seed):
    rng = random.Random(seed)
    mentions, pos = [], 0
    for _ in range(300):
        pos += rng.randint(2, 40)
        i = rng.randrange(7)
        mentions.append(
            Mention("d", pos, pos + 5, "Xxxxx", "place", f"P{i % 7}", 30.0, 15.0,
                    place=_place(i), in_name=rng.random() < 0.15)
        )  # fmt: skip
        pos += 5
    so_far = _SoFar(mentions)
    for point in sorted(rng.sample(range(pos + 50), 60)):
        so_far.advance(point)
        before = [m for m in mentions if m.end <= point]
        paragraph = point - rng.randint(0, 200)
        assert so_far.city(paragraph) == _naive_city(before, paragraph)
        assert so_far.last_two() == _naive_last_two(before)
