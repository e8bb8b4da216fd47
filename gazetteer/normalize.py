"""Name keys that survive news transliteration.

One function family serves places and faction aliases alike:

- :func:`name_key` folds case, diacritics, scripts (via anyascii), hyphens and
  apostrophes: ``"Al-Jafra" -> "al jafra"``.
- :func:`strip_article` drops a leading Arabic article: ``"al jafra" -> "jafra"``.
- :func:`loose_key` reduces a key to a transliteration skeleton that equates common
  spelling variants (e/i, ou/u, q/k, gh/g, doubled letters, a final -ah):
  Sirte = Surt = Sirt, Misurata = Misrata = Misratah, Jafra = Jufra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from anyascii import anyascii

# Characters deleted inside names (apostrophes of every kind, the Arabic ayn/hamza
# marks transliterations use) and characters that separate words.
_DELETE = "'`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u00b4"
_SEPARATE = '-\u2010\u2011\u2012\u2013\u2014_/.,;:()[]{}"!?&+*|\\#@$%^=<>~\t\n\r\u00a0'
_TABLE = str.maketrans({**{c: None for c in _DELETE}, **{c: " " for c in _SEPARATE}})

ARTICLES = frozenset(
    "al el ad ar as ash at az an ed er es et ez en ath adh ul il".split()
)

_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
# Order matters: digraphs first, then single letters.
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    ("aw", "u"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ph", "f"),
    ("gh", "g"),
    ("kh", "k"),
    ("dh", "d"),
    ("ck", "k"),
    ("dj", "j"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("w", "u"),
)


def name_key(name: str) -> str:
    """Fold a name to the key the index stores.

    >>> name_key("Al-Jafra")
    'al jafra'
    >>> name_key("Ṭarābulus")
    'tarabulus'
    >>> name_key("  Ta'izz ")
    'taizz'
    """
    if not name.isascii():
        name = anyascii(name)
    if "'" in name or "\u2019" in name or "`" in name:
        # as in text: "St. John's" -> "st john s", "a''b" -> "a b"
        name = _POSSESSIVE.sub(" ", _APOSTROPHE_RUN.sub(" ", name))
    return " ".join(name.translate(_TABLE).lower().split())


#: An apostrophe before a final "s" separates (possessives: "Libya's" is "libya s");
#: every other apostrophe inside a word is deleted ("Dar'a" is "dara").
_APOSTROPHE_RUN = re.compile(r"['`\u2019\u02bc]{2,}")
_POSSESSIVE = re.compile(r"(?<=[^\W_])['\u2019\u02bc](?=[sS](?![^\W_]))")


# ------------------------------------------------------------------ text fold
#
# The scanner folds a whole article to the keys' form (name_key) with a map back to
# the original offsets: lower-case ASCII letters and digits, one space between
# words, apostrophes inside words deleted. So "St. Louis" folds to "st louis" and
# "Dar'a" to "dara", as their index keys do.

_CHAR_ASCII = {i: " " for i in range(128)}
_CHAR_ASCII.update({ord(c): c for c in "abcdefghijklmnopqrstuvwxyz0123456789"})
_CHAR_ASCII.update({ord(c): "'" for c in "'`"})
_CHAR_ASCII.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_CHAR_FOLD: dict[int, str] = dict(_CHAR_ASCII)
_CHAR_FOLD.update({ord(c): "'" for c in _DELETE})
_BYTES_FOLD = bytes(ord(_CHAR_ASCII[i]) for i in range(128)) + b" " * 128
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_char(c: str) -> str:
    """One character for one: a letter folded to ASCII, anything else a space."""
    a = anyascii(c).lower()
    if a[:1].isascii() and a[:1].isalnum():
        return a[0]
    return " "


def fold_chars(text: str) -> str:
    """Lower-case ASCII letters, digits and apostrophes, every other character a
    space; the same length as ``text``.

    >>> fold_chars("Al-Jafra’s Çavuşoğlu!")
    "al jafra's cavusoglu "
    """
    if not text.isascii():
        # The few distinct non-ASCII characters are replaced one by one, so the
        # whole text can go through bytes.translate (far cheaper than str's).
        for c in set(_NON_ASCII.findall(text)):
            folded = _CHAR_FOLD.get(ord(c))
            if folded is None:
                folded = _CHAR_FOLD[ord(c)] = _fold_char(c)
            text = text.replace(c, folded)
    return text.encode("ascii").translate(_BYTES_FOLD).decode("ascii")


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded to the form of :func:`name_key`, with the offsets back:
    ``origin[i]`` is the offset in the original text of folded character ``i``."""

    text: str
    origin: Any = field(repr=False)  # numpy int array per character; None: same
    length: int = 0  # of the original text

    def original(self, pos: int) -> int:
        """The offset in the original text of folded offset ``pos`` (a word's start
        or end, end-exclusive).

        >>> f = fold_text("St. Louis")
        >>> f.text, f.original(3), f.original(8)
        ('st louis', 4, 9)
        """
        if self.origin is None:
            return pos
        return int(self.origin[pos]) if pos < len(self.text) else self.length

    def originals(self, positions: list[int]) -> list[int]:
        """:meth:`original` of many word starts at once (one numpy gather).

        >>> fold_text("St. Louis, Mo.").originals([0, 3, 9])
        [0, 4, 11]
        """
        if self.origin is None:
            return positions
        return self.origin[np.asarray(positions, dtype=np.intp)].tolist()


_SPACE = ord(" ")
#: An apostrophe inside a word, not before a final s ("Dar'a", not "Libya's").
#: (The literal first, so the engine scans for it instead of trying every position.)
_JOINING = re.compile(r"'(?<=[a-z0-9]')(?=[a-z0-9])(?!s(?![a-z0-9]))")


def fold_text(text: str) -> Folded:
    """Fold a text as :func:`name_key` folds a name, keeping the way back: the
    characters of :func:`fold_chars`, apostrophes inside words deleted and runs of
    spaces made one (numpy over the bytes; ~20 us for a news article).

    >>> fold_text("Dar'a and St. Louis, Mo.").text
    'dara and st louis mo '
    >>> fold_text("Libya's coast").text
    'libya s coast'
    """
    chars = fold_chars(text)
    n = len(chars)
    joined = False
    if "'" in chars:
        joined_chars = _JOINING.sub("\x01", chars)
        joined = joined_chars is not chars and "\x01" in joined_chars
        chars = joined_chars.replace("'", " ")
    if n == 0:
        return Folded("", None, 0)
    a = np.frombuffer(chars.encode("ascii"), dtype=np.uint8)
    space = a == _SPACE
    drop = np.empty(n, dtype=bool)
    drop[0] = False
    np.logical_and(space[1:], space[:-1], out=drop[1:])
    if joined:
        drop |= a == 1
    if not drop.any():
        return Folded(chars, None, n)
    keep = ~drop
    return Folded(a[keep].tobytes().decode("ascii"), np.flatnonzero(keep), n)


def strip_article(key: str) -> str:
    """Drop a leading Arabic article from a key (keeps the key if nothing is left).

    >>> strip_article("al jufrah")
    'jufrah'
    >>> strip_article("el")
    'el'
    """
    head, sep, rest = key.partition(" ")
    if sep and head in ARTICLES and rest:
        return rest
    return key


@lru_cache(maxsize=65536)
def _loose_word(word: str) -> str:
    if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou":
        word = word[:-1]
    for old, new in _LOOSE_RULES:
        if old in word:
            word = word.replace(old, new)
    skeleton = _VOWELS.sub("", word[1:])
    head = word[0]
    # A leading vowel carries little in transliteration (Ubari = Awbari = Obari).
    skeleton = skeleton if head in "aeiouy" else head + skeleton
    skeleton = _DOUBLE.sub(r"\1", skeleton)
    return skeleton or word[:1]


def loose_key(key: str) -> str:
    """The transliteration skeleton of a key (article stripped).

    >>> loose_key(name_key("Sirte")) == loose_key(name_key("Surt")) == loose_key("sirt")
    True
    >>> loose_key("misurata") == loose_key("misrata") == loose_key("misratah")
    True
    >>> loose_key("al jufrah") == loose_key("jafra")
    True
    """
    key = strip_article(key)
    return " ".join(_loose_word(w) for w in key.split() if w)


def is_code(alias: str) -> bool:
    """Short all-capital codes (IATA TIP, MRA) are not place names.

    >>> is_code("TIP"), is_code("Tip"), is_code("USA")
    (True, False, True)
    """
    letters = alias.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 4 and letters.isupper() and letters.isalpha()


def is_latin(name: str) -> bool:
    """True for names in Latin script (with diacritics); other scripts are skipped
    when indexing because English news writes places in Latin letters.

    >>> is_latin("Mişrātah"), is_latin("مصراتة"), is_latin("Tripoli")
    (True, False, True)
    """
    return all(
        ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF or not c.isalpha() for c in name
    )
