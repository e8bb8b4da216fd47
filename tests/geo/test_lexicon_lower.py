"""geo.claims.lexicon.lower keeps offsets (one character for one) and equals the
per-character fold, also on texts with "İ" and capital sigma, without building a
string per character of the whole text."""

from __future__ import annotations

import random

from geo.claims.lexicon import lower


def _per_character(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def test_lower_equals_the_per_character_fold() -> None:
    rng = random.Random(3)
    alphabet = "aAİΣσς BİSTAN Σ.ΣΑΣ xyz\n"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        got = lower(text)
        assert got == _per_character(text) and len(got) == len(text)


def test_a_dotted_capital_i_stays_and_the_rest_folds() -> None:
    assert lower("İSTANBUL Forces") == "İstanbul forces"
