"""The fast paths of the claim extractor give what the plain definitions give.

Each speed-up (trigger starts from an automaton of lexicon prefixes, the lower-cased
case-sensitive match, whole-text sentence cuts, faction aliases searched between
spaces) is compared here with a slow, obvious reference implementation on varied
text, so that a later edit of a lexicon or a pattern cannot silently lose matches.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geo.claims import extract_claims, find_triggers
from geo.claims.lexicon import LEXICON, literal_start
from geo.factions import fold_text, load_registry
from geo.records import Document
from geo.sentences import ABBREVIATIONS, split_sentences

# --- triggers ---------------------------------------------------------------------

_REFERENCE_TRIGGERS = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{'|'.join(forms)})\b)" for name, forms in LEXICON),
    re.IGNORECASE,
)


def reference_triggers(text: str) -> list[tuple[str, int, int, str]]:
    """Try the full case-insensitive lexicon at every word start."""
    out, done = [], 0
    for word in re.finditer(r"\b[A-Za-z]", text):
        if word.start() < done:
            continue
        match = _REFERENCE_TRIGGERS.match(text, word.start())
        if match:
            out.append((match.lastgroup, match.start(), match.end(), match.group()))
            done = match.end()
    return out


def found(text: str) -> list[tuple[str, int, int, str]]:
    return [(t.cls, t.start, t.end, t.word) for t in find_triggers(text)]


def test_lexicon_is_lower_case():
    # the lexicon is matched case-sensitively on lower-cased text
    for _, forms in LEXICON:
        for form in forms:
            letters = re.sub(r"\\[A-Za-z]", "", form)
            assert letters == letters.lower(), form


def test_literal_starts_begin_every_match():
    starts = {literal_start(f) for _, forms in LEXICON for f in forms}
    assert "" not in starts and min(map(len, starts)) >= 2
    for _, forms in LEXICON:
        for form in forms:
            start = literal_start(form)
            assert re.match(start, start) and not set(start) & set("\\()[]|?*+{")
    samples = (
        "air strikes",
        "airstrikes",
        "withdrew from",
        "front-lines",
        "took over",
        "took full control of",
        "dug in",
        "shelled",
        "pulled back from",
        "fell to",
        "hands of",
        "repelled an attack",
    )
    for sample in samples:
        assert any(sample.startswith(p) for p in starts), sample


@pytest.mark.parametrize(
    "form, start",
    [
        (r"shell(?:ed|s)\s+by", "shell"),
        (r"air\s*strikes?", "air"),
        (r"withdr[ae]w", "withd"),
        (r"strikes?", "strik"),
        (r"hit", "hit"),
        (r"raids?", "raid"),
    ],
)
def test_literal_start_of_a_form(form, start):
    assert literal_start(form) == start


_FORMS = [
    "captured",
    "Seized control of",
    "TOOK OVER",
    "controlled by",
    "under the control of",
    "were expelled from",
    "Withdrew from",
    "pulled back",
    "defeats",
    "declared their support",
    "sent reinforcements",
    "Reinforcements",
    "heading towards",
    "advanced on",
    "reached",
    "arrived in",
    "positions",
    "Air strikes",
    "airstrike",
    "shelled",
    "killed",
    "front lines",
    "front-line",
    "clashes",
    "Fighting",
    "forced out of",
    "retook",
    "besieged",
    "drone strike",
]
_FILLER = [
    "the",
    "forces",
    "of",
    "Sirte",
    "(",
    ")",
    "—",
    "“",
    "”",
    ",",
    ".",
    "LNA",
    "held",
    "whitehead",
    "chair",
    "present",
    "Ünal",
    "forcefully",
    "x",
    "2",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_FORMS + _FILLER), min_size=1, max_size=25),
    st.lists(
        st.sampled_from([" ", " ", "  ", "\n", "-", "", "’"]), min_size=25, max_size=25
    ),
)
def test_triggers_match_reference(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    assert found(text) == reference_triggers(text)


def test_triggers_on_the_seeds(seed_texts):
    for text in seed_texts.values():
        assert found(text) == reference_triggers(text)
        assert found(text.upper()) == reference_triggers(text.upper())


# --- sentences ----------------------------------------------------------------------


def reference_sentences(text: str) -> list[tuple[int, int]]:
    """The splitter's rules applied line by line, character by character."""
    spans = []
    pos = 0
    lines = []
    for m in re.finditer(r"\s*\n\s*", text):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, len(text)))
    for start, end in lines:
        cuts = []
        for m in re.finditer(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*", text[:end]):
            if m.start() < start or m.end() >= end:
                continue
            if m.group()[0] == "." and _abbreviation(text, m.start()):
                continue
            if re.match(
                r"\s+[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f]", text[m.end() : end]
            ):
                cuts.append(m.end())
        for m in re.finditer(r"[a-z]{2}[.!?][A-Z][a-z]", text[:end]):
            if m.start() >= start and not _abbreviation(text, m.start() + 2):
                cuts.append(m.start() + 3)
        for a, b in itertools.pairwise([start, *sorted(cuts), end]):
            piece = text[a:b]
            if piece.strip():
                a += len(piece) - len(piece.lstrip())
                spans.append((a, a + len(piece.strip())))
    return spans


def _abbreviation(text: str, dot: int) -> bool:
    i = dot
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot]
    return bool(word) and (
        "." in word
        or (len(word) == 1 and word.isupper())
        or word.lower() in ABBREVIATIONS
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Word",
                "word",
                "ab",
                "Cd",
                ".",
                "!",
                "?",
                "\u2026",
                '"',
                "'",
                "\u201d",
                ")",
                "(",
                " ",
                "  ",
                "\n",
                " \n ",
                "\t",
                "Mr.",
                "U.S.",
                "B.",
                "9",
                "\u00c9t\u00e9",
                "-",
            ]
        ),
        max_size=30,
    )
)
@example(["It", " ", "ab", ".", "Cd", " ", "ok"])
@example(["ab", ".", "Cd", "e", ".", "Word", "!", "Cd"])
@example(["Mr.", "Word", " ", "\n", " ", "(", "Cd", ".", ")", " ", "Word"])
def test_sentences_match_reference(parts):
    text = "".join(parts)
    assert [(s.start, s.end) for s in split_sentences(text)] == reference_sentences(
        text
    )


def test_sentences_on_the_seeds(seed_texts):
    for text in seed_texts.values():
        assert [(s.start, s.end) for s in split_sentences(text)] == reference_sentences(
            text
        )


# --- faction aliases ----------------------------------------------------------------


def reference_aliases(text: str) -> set[tuple[int, int, str]]:
    """Every exact alias occurrence with a non-alphanumeric character (after
    folding) or the text's edge on both sides."""
    reg = load_registry()
    folded = fold_text(text)
    out = set()
    for f in reg:
        for alias in (f.id, *f.aliases):
            key = " ".join(fold_text(alias).replace("\x01", " ").split())
            for m in re.finditer(re.escape(key), folded):
                a, b = m.start(), m.end()
                if (a == 0 or not folded[a - 1].isalnum()) and (
                    b == len(folded) or not folded[b].isalnum()
                ):
                    out.add((a, b, f.id))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "Haftar's forces and Al-Wefaq, the GNA;LNA.Turkey",
        "xHaftar Haftarx TURKEY turkeys",
        "Al - Wefaq / Al  Wefaq / al-wefaq government",
        "Erdo\u011fan, Erdogan\u2019s Wagner-led",
        "",
        "Haftar",
        "pro-Haftar forces shelled pro-GNA forces",
    ],
)
def test_exact_aliases_match_reference(text):
    got = {
        (m.start, m.end, m.faction)
        for m in load_registry().matches(text)
        if not m.loose
    }
    # every kept match is a bounded alias occurrence, and every occurrence that no
    # longer one covers is kept
    reference = reference_aliases(text)
    assert got <= reference
    for a, b, fid in reference:
        covered = any(x <= a and b <= y and (y - x) >= (b - a) for x, y, _ in got)
        assert covered, (a, b, fid)


def test_loose_alias_still_found_next_to_exact_ones():
    matches = load_registry().matches("Haftar and Hiftar met Haftar")
    assert [(m.start, m.end, m.faction, m.loose) for m in matches] == [
        (0, 6, "LNA", False),
        (11, 17, "LNA", True),
        (22, 28, "LNA", False),
    ]


# --- end to end ---------------------------------------------------------------------


def test_sentences_without_a_place_make_no_claim_and_do_not_break_pronouns():
    # the first sentence has no place: it is skipped, yet its party still stands for
    # "they" in the next sentence
    text = "Haftar's forces regrouped overnight. They captured Gharyan on Monday."
    start = text.index("Gharyan")
    from gazetteer.records import Mention

    mention = Mention(
        "d", start, start + 7, "Gharyan", "place", "Gharyan", 32.17, 13.02
    )
    claims = extract_claims(Document("d", text), [mention])
    assert [(c.type, c.faction, c.place.name, c.confidence) for c in claims] == [
        ("control", "LNA", "Gharyan", pytest.approx(0.54))
    ]
    assert extract_claims(Document("d", text), []) == []
