"""Find gazetteer names in text: the index's trie of every name key, walked from
each capitalised word of a normalisation of the text (:func:`fold`, the one fold of
names and text, with the offsets back).

A key counts only when a space or the end of the folded text follows it, so a hit is
always a whole-word match. Hits are then filtered cheaply, first on capitalisation
(a place name in English news starts upper-case), then on word lists
(:mod:`gazetteer.wordlists`) and on the words around them (people's titles and given
names, organisation names).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from gazetteer import abbreviations
from gazetteer.demonyms import table as demonym_table
from gazetteer.normalize import ARTICLES, Folded, fold_text, name_key
from gazetteer.records import fast_init

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import marisa_trie

    from gazetteer.gazetteer import Gazetteer

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ word lists


def _words(filename: str, *, per_line: bool = False) -> frozenset[str]:
    """A shipped word list (gazetteer/data), as name keys; '#' starts a comment."""
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / filename).read_text(
        encoding="utf-8"
    )
    out: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        items = [line] if per_line else line.split()
        out.update(k for k in (name_key(i) for i in items) if k)
    return frozenset(out)


@cache
def stop_names() -> frozenset[str]:
    return _words("stopnames.txt", per_line=True)


@cache
def common_words() -> frozenset[str]:
    return _words("commonwords.txt")


@cache
def given_names() -> frozenset[str]:
    return _words("givennames.txt")


@cache
def surnames() -> frozenset[str]:
    return _words("surnames.txt")


@cache
def person_names() -> frozenset[str]:
    """Given names and common surnames: words a town's alternate name must not be."""
    return given_names() | surnames()


@cache
def titles() -> frozenset[str]:
    return _words("titles.txt")


@cache
def _phrases(filename: str) -> tuple[str, ...]:
    """A shipped list of words or phrases, case as written, longest first."""
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / filename).read_text(
        encoding="utf-8"
    )
    words = [w for w in (ln.split("#", 1)[0].strip() for ln in text.splitlines()) if w]
    return tuple(sorted(words, key=len, reverse=True))


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in words)


@cache
def not_place_after() -> re.Pattern[str]:
    """After a name, what makes it a holiday's, a dinner's, a firm's or an
    organisation's name, not a place's: "St. Patrick's Day", "Lincoln Day Dinner",
    "Stevens & Wilkinson", "the Tulsa Foundation" (data/org_suffixes.txt)."""
    words = _alternatives(_NOT_PLACE_WORDS + _phrases("org_suffixes.txt"))
    return re.compile(
        rf"(?:['\u2019]s)?[ \t]+(?:{words})(?!\w)"
        r"|[ \t]*&[ \t]*[A-Z]"
    )


#: The words of :func:`not_place_after` besides the organisations' suffixes.
_NOT_PLACE_WORDS = ("Day", "Eve", "Dinner", "Award", "Awards", "Prize", "Trophy")


@cache
def not_place_firsts() -> frozenset[str]:
    """The characters the words of :func:`not_place_after` begin with: after blanks
    and a capitalised word beginning otherwise, the pattern cannot match."""
    return frozenset(w[0] for w in _NOT_PLACE_WORDS + _phrases("org_suffixes.txt"))


@cache
def org_name_after() -> re.Pattern[str]:
    """After a nationality adjective, the rest of an organisation's name: up to
    three capitalised words and a head ("American Red Cross", "British Museum")."""
    heads = _alternatives(_phrases("org_heads.txt") + _phrases("org_suffixes.txt"))
    return re.compile(rf"(?:[ \t]+[A-Z][\w'\u2019-]*){{0,3}}?[ \t]+(?:{heads})(?!\w)")


def demonyms() -> dict[str, str]:
    """Nationality adjective (name key) -> ISO alpha-2 ("libyan" -> "LY")."""
    from gazetteer.demonyms import nationality_codes

    return nationality_codes()


#: Lower-case words allowed inside a capitalised place name.
PARTICLES = frozenset(
    [
        "of",
        "the",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "le",
        "les",
        "el",
        "al",
        "y",
        "e",
        "en",
        "upon",
        "on",
        "sur",
        "am",
        "im",
        "an",
        "der",
        "den",
        "bin",
        "ibn",
        "abu",
        "and",
    ]
)
#: The Arabic article assimilated to a sun letter, written lower-case inside a
#: transliterated name ("Dayr az Zawr", "Umm ar Rizam", "Bidaywi ash Shihan"): a
#: particle there, but only between two capitalised words (never a name's edge).
ARABIC_ARTICLES = frozenset(
    ["ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "er", "es", "et", "ez", "ul"]
)
#: Capitalised words that begin longer names ("West Virginia", "New South Wales"):
#: when the longer name is not in the gazetteer, the shorter match is wrong.
NAME_PREFIXES = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "new",
        "upper",
        "lower",
        "great",
        "little",
        "old",
        "mount",
        "lake",
        "port",
        "fort",
        "saint",
        "st",
        "san",
        "santa",
        "rhode",
    ]
)
#: Compass words before a name the index lacks as a whole ("North London"): the
#: place inside is still meant ("North Carolina" is matched whole before this).
COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    ]
)
#: Words after a name that make the longer name a natural feature of its own.
FEATURE_HEADS = frozenset(
    [
        "harbor",
        "harbour",
        "bay",
        "lake",
        "river",
        "creek",
        "island",
        "islands",
        "peninsula",
        "strait",
        "mountains",
        "mountain",
        "valley",
        "falls",
        "canyon",
        "beach",
        "sea",
        "ocean",
        "gulf",
    ]
)
#: Capitalised words that may stand right before a place name.
MODIFIERS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "greater",
        "downtown",
        "old",
        "new",
        "great",
        "little",
        "metro",
        "metropolitan",
        "rural",
        "suburban",
        "coastal",
        "mount",
        "lake",
        "port",
        "fort",
        "saint",
        "st",
        "san",
        "santa",
        "in",
        "at",
        "from",
        "to",
        "near",
        "of",
        "and",
        "the",
        "al",
        "el",
        "city",
        "province",
        "governorate",
        "district",
        "county",
        "outside",
        "inside",
        "across",
        "via",
        "visit",
        "visited",
    ]
)

# ------------------------------------------------------------------ normalisation


def fold(text: str) -> Folded:
    """The text in the form of the index keys (:func:`gazetteer.normalize.fold_text`:
    the one fold of names and text), with the offsets back.

    >>> fold("Al-Jafra's Çavuşoğlu in St. Louis!").text
    'al jafra s cavusoglu in st louis '
    """
    return fold_text(text)


# ------------------------------------------------------------------ matcher


#: Keys longer than this (characters) are not looked for in running text.
MAX_KEY_CHARS = 96
#: Folded characters that make up words (the fold leaves letters, digits, spaces).
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = True
_A, _E, _UPPER_A = ord("a"), ord("e"), ord("A")


def _code_points(text: str) -> np.ndarray:
    """The text's characters as integers, three zeros after (for ``text[i + 3]``)."""
    if text.isascii():
        cp = np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.uint32)
    else:
        raw = text.encode("utf-32-le", errors="surrogatepass")
        cp = np.frombuffer(raw, dtype=np.uint32)
    return np.concatenate((cp, np.zeros(3, dtype=np.uint32)))


def name_starts(text: str, folded: Folded) -> list[tuple[int, int]]:
    """(folded, original) offsets of the word starts that can begin a name
    (:func:`_name_starts`, as pairs).

    >>> t = "In al-Bayda and Sirte"
    >>> name_starts(t, fold(t))
    [(0, 0), (3, 3), (6, 6), (16, 16)]
    """
    fstarts, starts = _name_starts(text, folded)
    return list(zip(fstarts, starts))


def _name_starts(text: str, folded: Folded) -> tuple[list[int], list[int]]:
    """(folded, original) offsets of the word starts that can begin a name: an
    upper-case letter, or a lower-case article "al-"/"el-" three characters before
    one ("al-Sarraj"). The first two lists of :func:`_name_words`.

    >>> t = "In al-Bayda and Sirte"
    >>> _name_starts(t, fold(t))
    ([0, 3, 6, 16], [0, 3, 6, 16])
    """
    fstarts, starts, _ = _name_words(text, folded)
    return fstarts, starts


_UPPER_CLASS, _ARTICLE_CLASS = 1, 2
#: Per ASCII byte: 1 for a capital, 2 for "a" and "e" (an article's first letter).
_BYTE_CLASS = np.zeros(256, dtype=np.uint8)
_BYTE_CLASS[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = _UPPER_CLASS
_BYTE_CLASS[[_A, _E]] = _ARTICLE_CLASS


def _name_words(
    text: str, folded: Folded
) -> tuple[list[int], list[int], list[int]]:
    """(folded start, original start, folded end) of each word of the folded text
    that can begin a name (see :func:`_name_starts`): the end is that of its first
    word (the next space, or the text's end).

    The fold leaves letters and digits with one space between words (a space at
    either end at most), so the words lie between the spaces of the padded text
    ``" " + folded + " "``: numpy finds the spaces once, the starts and ends come
    from them, and only the starts' code points are gathered. The long way,
    character by character, is :func:`_name_starts_by_bytes`.

    >>> t = "In al-Bayda and Sirte"
    >>> _name_words(t, fold(t))
    ([0, 3, 6, 16], [0, 3, 6, 16], [2, 5, 11, 21])
    """
    ftext = folded.text
    if not ftext:
        return [], [], []
    # b[j] is ftext[j - 1]: a space at b[j] starts a word at ftext[j]
    spaces = np.flatnonzero(
        np.frombuffer(f" {ftext} ".encode("ascii"), dtype=np.uint8) == _SPACE_BYTE
    )
    # word k: ftext[spaces[k] : spaces[k + 1] - 1]; empty at a leading or a
    # trailing space (the fold makes no two in a row)
    lo = 1 if ftext[0] == " " else 0
    hi = len(spaces) - (2 if ftext[-1] == " " else 1)
    fstarts = spaces[lo:hi]
    fends = spaces[lo + 1 : hi + 1] - 1
    starts = fstarts if folded.origin is None else folded.origin[fstarts]
    if text.isascii():
        # the code points are the bytes (three zeros after, for text[i + 3])
        cp = np.frombuffer(text.encode("ascii") + b"\0\0\0", dtype=np.uint8)
        k = _BYTE_CLASS[cp[starts]]
        sure = (k == _UPPER_CLASS) | (
            (k == _ARTICLE_CLASS) & (_BYTE_CLASS[cp[starts + 3]] == _UPPER_CLASS)
        )
        return fstarts[sure].tolist(), starts[sure].tolist(), fends[sure].tolist()
    cp = np.frombuffer(
        (text + "\0\0\0").encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32
    )
    c = cp[starts]
    c3 = cp[starts + 3]
    upper = (c - _UPPER_A) < 26  # unsigned: "A".."Z"
    article = (c == _A) | (c == _E)
    sure = upper | (article & ((c3 - _UPPER_A) < 26))
    # Beyond ASCII, str.isupper decides (rare: "Çavuşoğlu", "Łódź").
    unsure = ~sure & ((c >= 128) | (article & (c3 >= 128)))
    if not unsure.any():  # (most texts: every start judged by its code point)
        return fstarts[sure].tolist(), starts[sure].tolist(), fends[sure].tolist()
    keep = sure | unsure
    out_f: list[int] = []
    out_s: list[int] = []
    out_e: list[int] = []
    for fs, s, fe, ok in zip(
        fstarts[keep].tolist(),
        starts[keep].tolist(),
        fends[keep].tolist(),
        sure[keep].tolist(),
    ):
        if not ok:
            ch = text[s]
            if not ch.isupper() and (
                ch not in "aeAE" or not text[s + 3 : s + 4].isupper()
            ):
                continue
        out_f.append(fs)
        out_s.append(s)
        out_e.append(fe)
    return out_f, out_s, out_e


_SPACE_BYTE = ord(" ")


def _name_starts_by_bytes(
    text: str, folded: Folded
) -> tuple[list[int], list[int]]:
    """(folded, original) offsets of the word starts that can begin a name: an
    upper-case letter, or a lower-case article "al-"/"el-" three characters before
    one ("al-Sarraj"). Found for the whole text at once (numpy over the folded
    bytes and the code points), so the trie is walked from these alone.

    The long way of :func:`_name_words` (kept for the tests): every character of
    the folded text judged a word's or not.

    >>> t = "In al-Bayda and Sirte"
    >>> _name_starts_by_bytes(t, fold(t))
    ([0, 3, 6, 16], [0, 3, 6, 16])
    """
    ftext = folded.text
    if not ftext:
        return [], []
    word = _WORD_BYTE[np.frombuffer(ftext.encode("ascii"), dtype=np.uint8)]
    first = word.copy()
    first[1:] &= ~word[:-1]
    fstarts = np.flatnonzero(first)
    starts = fstarts if folded.origin is None else folded.origin[fstarts]
    if text.isascii():
        # the code points are the bytes (three zeros after, for text[i + 3]), and
        # none lies beyond ASCII: every start is judged by its code point
        cp = np.frombuffer(text.encode("ascii") + b"\0\0\0", dtype=np.uint8)
        c = cp[starts]
        upper = (c - _UPPER_A) < 26  # unsigned (uint8): "A".."Z"
        article = (c == _A) | (c == _E)
        sure = upper | (article & ((cp[starts + 3] - _UPPER_A) < 26))
        return fstarts[sure].tolist(), starts[sure].tolist()
    cp = _code_points(text)
    c = cp[starts]
    c3 = cp[starts + 3]
    upper = (c - _UPPER_A) < 26  # unsigned: "A".."Z"
    article = (c == _A) | (c == _E)
    sure = upper | (article & ((c3 - _UPPER_A) < 26))
    # Beyond ASCII, str.isupper decides (rare: "Çavuşoğlu", "Łódź").
    unsure = ~sure & ((c >= 128) | (article & (c3 >= 128)))
    if not unsure.any():  # (most texts: every start judged by its code point)
        return fstarts[sure].tolist(), starts[sure].tolist()
    keep = sure | unsure
    out_f: list[int] = []
    out_s: list[int] = []
    for fs, s, ok in zip(
        fstarts[keep].tolist(), starts[keep].tolist(), sure[keep].tolist()
    ):
        if not ok:
            ch = text[s]
            if not ch.isupper() and (
                ch not in "aeAE" or not text[s + 3 : s + 4].isupper()
            ):
                continue
        out_f.append(fs)
        out_s.append(s)
    return out_f, out_s


class KeyMatcher:
    """Whole-word matches of name keys in folded text, read straight from marisa
    tries: the index's memory-mapped trie of every name (checked against its digest
    when the index loads) and a small trie of demonyms built in memory. Nothing is
    built, cached or unpickled per process: a text scanner that is data, not code.

    At each word start that can begin a name (:func:`name_starts`), the trie returns
    every key that is a prefix of the rest of the folded text; a key counts when a
    word boundary follows it.
    """

    __slots__ = ("_counts", "_keys", "_never", "_phrases", "_tries")

    def __init__(
        self, tries: Sequence[marisa_trie.Trie], *, never: frozenset[str] = frozenset()
    ) -> None:
        # (the heads of a small trie, its keys' first three characters: the walk
        # the long way asks it only there; see _find_by_prefixes in the tests)
        self._tries = tuple((trie, _heads(trie)) for trie in tries)
        self._never = never
        # Per phrase (a window's words up to a space): what every trie holds of
        # it, two bits a trie (see :func:`_phrases_held`); phrases recur, so each
        # is asked once. All tries are read in one walk from each start.
        self._phrases: dict[str, int] = {}
        #: The key bits of the tries, in their order.
        self._keys = tuple(_KEY << (2 * i) for i in range(len(tries)))
        #: Per phrase bits (an index): how many tries hold the phrase as a key.
        self._counts = tuple(
            sum(1 for bit in self._keys if held & bit)
            for held in range(1 << (2 * len(tries)))
        )

    def find(self, text: str, folded: Folded) -> list[tuple[int, int, str]]:
        """(start, end, key) of every candidate match, capitalised or article-led,
        with offsets in ``text``: one entry per trie that holds the key, in the
        tries' order.

        The keys that end at a word boundary are read word by word: each phrase
        from the start to a space (or the end) is looked up once per process
        (:func:`_phrases_held`: a key of which trie? a prefix of longer keys?) and
        the walk stops where no longer key of any trie starts so; what the tries'
        ``prefixes`` of the window would give, without walking a trie for the
        commonest words. (A trie holds no longer key past a phrase it holds none
        for: walking on for another trie finds nothing more in it.)"""
        found: list[tuple[int, int, str]] = []
        append = found.append
        never = self._never
        phrases = self._phrases
        tries = self._tries
        key_bits = self._keys
        any_key = sum(key_bits)
        any_longer = any_key << 1
        ftext = folded.text
        n = len(ftext)
        limit = MAX_KEY_CHARS
        # folded.original(fend), inlined (a method call per match otherwise)
        origin = folded.origin
        length = folded.length
        counts = self._counts
        breaks = _BREAK.search
        space = ftext.find
        for fstart, start, fend in zip(*_name_words(text, folded)):
            upper = None  # text[start].isupper(), for a key under 4 characters
            # (the first word's end is known: the next spaces are looked for)
            while True:
                if fend - fstart > limit:
                    break  # longer than any key looked for
                key = ftext[fstart:fend]
                held = phrases.get(key)
                if held is None:
                    if len(phrases) > _PHRASES_MAX:
                        phrases.clear()
                    held = phrases[key] = _phrases_held(tries, key)
                if held & any_key:
                    size = fend - fstart
                    if size < 4:  # 2 for a capitalised start, else 4
                        if upper is None:
                            upper = text[start].isupper()
                        ok = size >= 2 and upper
                    else:
                        ok = True
                    if ok and key not in never:
                        if origin is None:
                            stop = fend
                        else:
                            stop = origin.item(fend) if fend < n else length
                        if " " not in key or not breaks(text, start, stop):
                            # (else "Somerset, Kentucky": two names); one entry
                            # per trie that holds the key (the same entry)
                            if counts[held] == 1:
                                append((start, stop, key))
                            else:
                                found.extend([(start, stop, key)] * counts[held])
                if not held & any_longer or fend >= n:
                    break
                fend = space(" ", fend + 1)
                if fend < 0:
                    fend = n
        return found


#: What a trie holds of a phrase (a window's words up to a space): the phrase is a
#: key, and longer keys start with the phrase and a space ("new" of "new york").
_KEY, _LONGER = 1, 2
#: Phrases remembered per trie before the memo starts over.
_PHRASES_MAX = 200_000


def _phrase(trie: marisa_trie.Trie, phrase: str) -> int:
    """:data:`_KEY` and :data:`_LONGER` bits of ``phrase`` in ``trie``."""
    return (_KEY if phrase in trie else 0) | (
        _LONGER if next(trie.iterkeys(phrase + " "), None) is not None else 0
    )


def _phrases_held(
    tries: Sequence[tuple[marisa_trie.Trie, frozenset[str] | None]], phrase: str
) -> int:
    """:func:`_phrase` of every trie, two bits a trie (the first trie lowest); a
    small trie none of whose keys' heads the phrase begins (or, for a one-letter
    phrase, continues) is not asked."""
    bits = 0
    for i, (trie, heads) in enumerate(tries):
        if heads is not None and not _may_hold(heads, phrase):
            continue
        bits |= _phrase(trie, phrase) << (2 * i)
    return bits


def _may_hold(heads: frozenset[str], phrase: str) -> bool:
    """Whether a trie whose keys all begin with one of ``heads`` (their first
    :data:`_HEAD` characters) can hold ``phrase`` or a longer key ``phrase + " "``."""
    if len(phrase) >= _HEAD:
        return phrase[:_HEAD] in heads
    probe = phrase + " "  # the longer keys' heads
    if len(probe) >= _HEAD:
        return probe[:_HEAD] in heads
    return any(h.startswith(probe) for h in heads) or phrase in heads


#: Characters of a key's head, and the size up to which a trie's heads are kept.
_HEAD, _SMALL_TRIE = 3, 10_000


def _heads(trie: marisa_trie.Trie) -> frozenset[str] | None:
    """The first :data:`_HEAD` characters of a small trie's keys (None for a large
    trie, or one with a shorter key, which is always walked)."""
    if len(trie) > _SMALL_TRIE:
        return None
    keys = trie.keys()
    if any(len(k) < _HEAD for k in keys):
        return None
    return frozenset(k[:_HEAD] for k in keys)


def build_automaton(keys: Iterable[str]) -> KeyMatcher:
    """A matcher over ``keys`` (an in-memory trie; the scanner of an index uses the
    index's own trie instead, see :func:`automaton_for`)."""
    import marisa_trie

    return KeyMatcher(
        [marisa_trie.Trie(k for k in keys if len(k) >= 2 and k[0].isalnum())]
    )


_MATCHERS: dict[int, tuple[object, KeyMatcher]] = {}


def automaton_for(gz: Gazetteer) -> KeyMatcher:
    """The matcher of a gazetteer: its name trie plus the demonyms (which the
    filters report as their own kind and count as votes for the document's
    countries)."""
    hit = _MATCHERS.get(id(gz))
    if hit is not None and hit[0] is gz:
        return hit[1]
    import marisa_trie

    trie = getattr(gz, "key_trie", None)
    main = trie() if callable(trie) else marisa_trie.Trie(gz.exact_keys())
    matcher = KeyMatcher(
        [main, marisa_trie.Trie(k for k in demonym_table() if len(k) >= 2)],
        never=_never_alone(),
    )
    _MATCHERS[id(gz)] = (gz, matcher)
    return matcher


@cache
def _never_alone() -> frozenset[str]:
    """Keys the filters always reject: never reported, so that the commonest words
    ("in", "he", "police") cost nothing downstream."""
    return common_words() | stop_names() | titles() | ARTICLES


# ------------------------------------------------------------------ hits


@fast_init
@dataclass(frozen=True, slots=True)
class Hit:
    """A name found in the text: offsets into the original text and its key."""

    start: int
    end: int
    key: str
    in_name: bool = False
    #: For a demonym ("Russian"): the place it names (an ISO code or a place name).
    demonym: str = ""
    #: An abbreviation read from the table ("Md." as "maryland"): no code filter.
    expanded: bool = False
    #: Followed by a natural feature's word ("Pearl Harbor", "Neches River"): the
    #: longer name is another place, so a small town of this name is not meant.
    before_feature: bool = False
    #: After a compass word ("North London"): a part of the place, not all of it.
    after_compass: bool = False


_SENTENCE_END = frozenset(".!?:;\"'\u201c\u201d\u2018\u2019(\n[-\u2013\u2014|*#>")


def sentence_initial(text: str, start: int) -> bool:
    """True when only spaces and sentence punctuation come between ``start`` and the
    previous sentence (or the start of the text).

    >>> sentence_initial("He left. Police came", 9), sentence_initial("the Police", 4)
    (True, False)
    """
    i = start - 1
    while i >= 0 and text[i] in " \t\r\u00a0":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _capitalised(text: str, start: int, end: int) -> bool:
    """Every word of the name starts upper-case, except particles (al-, de, of) and
    elided ones ("d'Ivoire", "l'Aquila")."""
    words = _NAME_WORD.findall(text, start, end)
    last = len(words) - 1
    for i, word in enumerate(words):
        if word[0].isupper() or name_key(word) in PARTICLES:
            continue
        if 0 < i < last and word in ARABIC_ARTICLES and words[i + 1][0].isupper():
            continue
        if len(word) > 2 and word[1] in _APOSTROPHES and word[2].isupper():
            continue
        return False
    return text[start].isupper() or name_key(words[0]) in ARTICLES


_NAME_WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
_APOSTROPHES = "'\u2019\u02bc"


def raw_hits(text: str, folded: Folded, auto: KeyMatcher) -> list[Hit]:
    """Capitalised whole-word matches, longest first where they overlap."""
    found = auto.find(text, folded)
    if not found:
        return []
    # Leftmost-longest selection over overlapping candidates.
    # (by start, the longest first; two stable sorts on C-level keys, the order
    # of the one sort by (start, -end))
    found.sort(key=_END, reverse=True)
    found.sort(key=_START)
    hits: list[Hit] = []
    last_end = -1
    for start, end, key in found:
        if start < last_end:
            continue
        if " " in key and not _capitalised(text, start, end):
            continue
        if start >= 2 and text[start - 1] in _JOINERS and text[start - 2].isalnum():
            article = _ARTICLE_BEFORE.search(text, max(0, start - 5), start)
            if (
                article is None
                or start - article.start() > 4
                or (article.start() > 0 and text[article.start() - 1].isalnum())
            ):
                continue  # "Pro-Moscow", "Franco-Libyan": part of another word
            # "Al-Mal", "al-Sarraj": the article belongs to the name.
            start, key = article.start(), f"{name_key(article.group(1))} {key}"
            if hits and hits[-1].end > start:
                continue
        hits.append(Hit(start, end, key))
        last_end = end
    return hits


_START, _END = itemgetter(0), itemgetter(1)
#: Punctuation a name never spans in text (a period may: "St. Louis", "U.S.").
_BREAK = re.compile(r"[,;:()\[\]\n\"\u201c\u201d|/]")
_JOINERS = "-\u2010\u2011'\u2019"
_ARTICLE_BEFORE = re.compile(
    r"\b(al|el|an|ad|ar|as|ash|at|az|ed|en|er|es|et|ul)[-\u2010\u2011'\u2019]$",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ context filters

_TOKEN_AFTER = re.compile(r"[ \t]+([A-Z][\w'\u2019-]*)")
_ORG_AFTER = re.compile(
    r"(?:\s+and\s+(?:al-|el-|Al-|El-)?[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)?"
    r"\s+(?:operations?\s+room|operations?\s+centre|operations?\s+center"
    r"|military\s+(?:region|zone|district|council|command|area|axis)"
    r"|brigade|battalion|regiment|militia|council|command|police|university"
    r"|airlines?|airways|club|football|fc)\b",
    re.IGNORECASE,
)
#: The first letters (either case) of the words :data:`_ORG_AFTER` reads after
#: its blanks: "and", "operations", "military", "brigade", "regiment", "council",
#: "police", "university", "football" ...
_ORG_FIRST = frozenset("aombrcpufAOMBRCPUF")


def _org_after(text: str, end: int) -> bool:
    """``_ORG_AFTER.match(text, end)``, asked only where the blanks after ``end``
    are followed by one of its words' first letters (the pattern starts on them).

    >>> _org_after("Sirte Military Council", 5), _org_after("Sirte and Derna", 5)
    (True, False)
    """
    j = end
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    if j == end or text[j : j + 1] not in _ORG_FIRST:
        return False
    return _ORG_AFTER.match(text, end) is not None


_ORG_BEFORE = re.compile(
    r"(?:University|Bank|College|Archdiocese|Diocese|Mayor|Governor|Times|Club|"
    r"Institute|Museum|Conference|Treaty|Agreement|Declaration|Accords?|Process|"
    r"Protocol|Convention|Summit)\s+(?:of|for|in)\s+(?:the\s+)?$"
)
#: Words after a name that keep it a place ("Tripoli Airport", "Sirte Basin").
PLACE_HEADS = frozenset(
    [
        "airport",
        "port",
        "harbour",
        "harbor",
        "airbase",
        "base",
        "province",
        "governorate",
        "district",
        "county",
        "parish",
        "city",
        "region",
        "state",
        "oblast",
        "valley",
        "river",
        "mountains",
        "basin",
        "desert",
        "oasis",
        "municipality",
        "town",
        "village",
        "island",
        "islands",
        "peninsula",
        "strait",
        "bay",
        "gulf",
        "sea",
        "coast",
        "highway",
        "road",
        "junction",
        "crossing",
        "border",
        "frontier",
        "area",
    ]
)


def _prev_token(text: str, start: int, rtext: str | None = None) -> str | None:
    """The word right before ``start`` (spaces or tabs between), within 40
    characters, from its first letter: one match on the reversed text ``rtext``
    (``text[::-1]``, made once per text), which reads backwards from ``start``
    (a forward regex search would retry at every position of the window).

    >>> _prev_token("the Mayor of  Tripoli", 14), _prev_token("(Tripoli", 1)
    ('of', None)
    """
    if start <= 0 or text[start - 1] not in " \t":
        return None  # the pattern starts on the blanks before the name
    if rtext is None:
        rtext = text[::-1]
    n = len(text)
    m = _PREV_TOKEN_REVERSED.match(rtext, n - start, n - max(0, start - 40))
    return None if m is None else m.group(1)[::-1]


#: Reversed: the spaces or tabs before a name, then the run of word characters
#: (``str.isalnum`` or :data:`_TOKEN_CHARS`) before them up to its first letter.
_PREV_TOKEN_REVERSED = re.compile("[ \t]+([\\w.'\u2019-]*[A-Za-z\u00c0-\u024f])")


_TOKEN_CHARS = "_.'\u2019-"


def context_filter(
    text: str,
    hits: list[Hit],
    *,
    not_places: frozenset[str],
    nationalities: Counter[str] | None = None,
    codes: frozenset[str] = frozenset(),
) -> list[Hit]:
    """Drop names that are people, common words or organisations' words; mark the
    ones inside organisation names. Demonyms ("Libyan", "European") come back as
    hits with ``demonym`` set (not inside an organisation's name), and those of
    countries are counted per country in ``nationalities`` when given.

    The rules read each hit's neighbourhood once: the word before it (and what
    that word alone makes of the name, :func:`_previous_word_verdict`, memoised
    per word), the capitalised word after it and its key; the rules that need a
    character after the name (blanks, a quote, an organisation's word) are asked
    only where it is there. The long way, rule by rule, is kept in
    :func:`_judge_previous`, :func:`_in_name`, :func:`_in_quoted_name` and
    :func:`_is_person` (the tests compare them)."""
    stop, common, given = stop_names(), common_words(), given_names()
    title_words, adjectives = titles(), demonym_table()
    nationality = _nationality_codes()
    persons: set[str] = set()
    keep: list[Hit] = []
    found_demonyms: list[Hit] = []
    starts: set[int] | None = None  # (gathered when first asked, see _in_name)
    quotes = _quote_positions(text)
    nquotes = len(quotes)
    quoted: dict[tuple[int, int], bool] = {}  # per pair of quote marks
    lowercase = _Lowercase(text)
    lowered = lowercase._known  # its answers so far (see _Lowercase.__contains__)
    finds = _FIND_BUDGET  # its finds, asked here
    rtext = text[::-1]  # read backwards from each name (see _prev_token)
    not_place, org_name = not_place_after(), org_name_after()
    not_place_first = not_place_firsts()
    token_after = _TOKEN_AFTER.match
    initial_after = _INITIAL_AFTER.match
    previous = _PREVIOUS_VERDICTS
    prev_reversed = _PREV_TOKEN_REVERSED.match
    org_after = _ORG_AFTER.match
    size = len(text)
    for hit in hits:
        key = hit.key
        if key in ARTICLES:
            continue  # "Al" of "Al-Jazeera" (Ål in Norway)
        hstart, hend = hit.start, hit.end
        target = adjectives.get(key)
        if target is not None:
            code = nationality.get(key)
            if code is not None and nationalities is not None:
                nationalities[code] += 1
            if not (_org_after(text, hend) or org_name.match(text, hend)):
                found_demonyms.append(Hit(hstart, hend, key, demonym=target))
            continue
        if key in codes and key not in not_places:
            if text[hstart:hend].isupper():
                keep.append(hit)  # "US": a country's code, not the word "us"
            continue
        if key in stop or key in not_places or key in title_words:
            continue
        if quotes:
            # _in_quoted_name, inlined: the quote marks around the name found by
            # bisection; each pair judged once per text
            i = bisect_left(quotes, hstart)
            if i and quotes[i - 1] >= hstart - 60:
                j = bisect_left(quotes, hend, i)
                if j < nquotes and quotes[j] < hend + 60:
                    pair = (i - 1, j)
                    named = quoted.get(pair)
                    if named is None:
                        named = quoted[pair] = _quoted_pair_names(
                            text, quotes[i - 1], quotes[j]
                        )
                    if named:
                        continue
        one_word = " " not in key
        if key in common and (one_word or sentence_initial(text, hstart)):
            continue
        if one_word:
            # _written_lowercase, inlined: the memo first, one call when unknown
            surface = text[hstart:hend]
            low = lowered.get(surface)
            if low is None:
                # _Lowercase._contains, inlined while its finds last
                word = surface.lower()
                if not word.isalpha() or word == surface:
                    low = False
                elif finds > 0:
                    finds -= 1
                    i = text.find(word)
                    low = i >= 0 and _whole_word_in(text, word, i)
                else:
                    lowercase._finds = 0  # (its words gathered from here on)
                    low = lowercase._contains(surface)
                lowered[surface] = low
            if low:
                continue  # "Drug"/"drug", "Control"/"control": a word of this text
        # the patterns after a name that start on blanks are asked only after one
        # ("" at the text's end: asked too)
        follow = text[hend : hend + 1]
        blank = follow in " \t"
        if blank:
            after = token_after(text, hend, hend + 40)
            if after is not None:
                after_word = after.group(1)
                after_key = _token_key(after_word)
                if key in given and after_key not in PLACE_HEADS:
                    persons.add(key)  # "Jordan Smith": the next word is a surname
                    continue
        else:
            after = None
        if (
            (blank or follow in _NOT_PLACE_FIRST)
            # (after blanks and a capitalised word: only where a word begins so)
            and (after is None or after_word[0] in not_place_first)
            and not_place.match(text, hend)
        ):
            continue
        if (
            blank
            # an initial is a one-letter token: a longer one rules it out
            and (after is None or len(after_word) == 1)
            and initial_after(text, hend)
        ):
            persons.add(key)  # "Boyd J. Corbin": a given name, an initial, a surname
            continue
        # the word before the name, read once for both rules that ask it; what
        # it makes of the name alone is memoised per word (_previous_word_verdict)
        # (_prev_token, inlined: one match on the reversed text)
        if hstart > 0 and text[hstart - 1] in " \t":
            m = prev_reversed(rtext, size - hstart, size - max(0, hstart - 40))
            prev = None if m is None else m.group(1)[::-1]
        else:
            prev = None
        if prev is None:
            verdict = "ok"
        else:
            verdict = previous.get(prev)
            if verdict is None:
                verdict = _previous_word_verdict(prev)
            if verdict == "":
                verdict = _judge_capitalised_previous(
                    text, hit, keep, title_words, given, common, adjectives, rtext, prev
                )
        if verdict == "person":
            persons.update(w for w in key.split() if w not in ARTICLES)
            continue
        if verdict == "name":
            if _surname_after_unknown(text, hit, rtext, prev):
                persons.add(key)  # "Zofia Kherson ... Kherson said": her surname
            continue
        # _in_name, inlined (the word after read above); _org_after asked only
        # where blanks follow and the character after the first can begin them
        inside = False
        if follow and follow.isspace():
            nxt = text[hend + 1 : hend + 2]
            if nxt in _ORG_FIRST:  # (one blank: the pattern, asked directly)
                inside = org_after(text, hend) is not None
            elif nxt.isspace():  # ("" is not)
                inside = _org_after(text, hend)
        if not inside:
            # the last character before the name and its blanks, where it is
            # known: "of", "for", "in", "the" end in one of "frne"
            before = text[hstart - 1] if hstart else ""
            if before in (" ", "\t") and prev is not None:
                last = prev[-1]
            elif before and not before.isspace():
                last = before
            else:
                last = ""  # (unknown: the long way)
            lo = max(0, hstart - 40)
            if (
                (not last or last in "frne")
                and text[lo:hstart].rstrip().endswith(("of", "for", "in", "the"))
                and _ORG_BEFORE.search(text, lo, hstart)
            ):
                inside = True
            elif after is not None:
                if starts is None:
                    starts = {h.start for h in hits if h.key not in adjectives}
                # another place follows ("Tripoli Libya" in a heading): not inside
                inside = after.start(1) not in starts and after_key not in PLACE_HEADS
        feature = after is not None and after_key in FEATURE_HEADS
        if inside or feature or verdict == "compass":
            hit = Hit(
                hstart,
                hend,
                key,
                inside,
                before_feature=feature,
                after_compass=verdict == "compass",
            )
        keep.append(hit)
    if persons:
        # _is_person, as one set: every word a person's or an article
        people = persons | ARTICLES
        keep = [
            h
            for h in keep
            if not (
                h.key in people
                if " " not in h.key
                else all(w in people for w in h.key.split())
            )
        ]
    if found_demonyms:
        keep = sorted([*keep, *found_demonyms], key=lambda h: h.start)
    return keep


@cache
def _nationality_codes() -> dict[str, str]:
    """:func:`demonyms`, made once (a dict built from the demonym table per call
    otherwise; the scanner only reads it)."""
    return demonyms()


#: What the word before a name makes of it alone, per word (see
#: :func:`_previous_word_verdict`).
_PREVIOUS_VERDICTS: dict[str, str] = {}


def _previous_word_verdict(prev: str) -> str:
    """The part of :func:`_judge_previous` that reads the previous word alone:
    "person" (a title, a given name, an initial), "ok" (a lower-case word, a word
    about the name, one ending a clause or a possessive), or "" when the rest of
    the text must be read (:func:`_judge_capitalised_previous`). Memoised in
    :data:`_PREVIOUS_VERDICTS` (the same words precede names everywhere)."""
    pk = _token_key(prev)
    if pk in titles():
        verdict = "person"
    elif not prev[:1].isupper():
        verdict = "ok"
    elif "-" in prev and prev.rsplit("-", 1)[1][:1].islower():
        verdict = "ok"
    elif pk in given_names() or _INITIAL.fullmatch(prev):
        verdict = "person"
    elif prev[-1] in ".,;:" or _possessive(prev):
        verdict = "ok"
    else:
        verdict = ""
    if len(_PREVIOUS_VERDICTS) > 100_000:
        _PREVIOUS_VERDICTS.clear()
    _PREVIOUS_VERDICTS[prev] = verdict
    return verdict


def _judge_capitalised_previous(
    text: str,
    hit: Hit,
    keep: list[Hit],
    title_words: frozenset[str],
    given: frozenset[str],
    common: frozenset[str],
    nationality: dict[str, str],
    rtext: str,
    prev: str,
) -> str:
    """The rest of :func:`_judge_previous`, for a capitalised previous word that
    :func:`_previous_word_verdict` leaves open ("")."""
    pk = _token_key(prev)
    prev_start = hit.start - len(prev) - 1
    before = _prev_token(text, prev_start, rtext)
    if before is not None and before[:1].isupper():
        bk = _token_key(before)
        if bk in given or bk in title_words:
            return "person"  # "Jason Terrell Jones": a middle name between
    if keep and keep[-1].end >= prev_start - 1:
        return "ok"  # two places in a row ("Sirte Libya" in a heading)
    if pk in COMPASS:
        return "compass"  # "North London", "South Venezuela": the place they name
    if pk in NAME_PREFIXES:
        return "name"  # "New South Wales", "Fort X": a longer name we lack
    if pk in MODIFIERS or pk in nationality:
        return "ok"
    if pk in common and sentence_initial(text, prev_start):
        return "ok"
    return "name"


def _judge_previous(
    text: str,
    hit: Hit,
    keep: list[Hit],
    title_words: frozenset[str],
    given: frozenset[str],
    common: frozenset[str],
    nationality: dict[str, str],
    rtext: str | None = None,
    prev: str | None | bool = False,
) -> str:
    """What the capitalised word before a name makes of it: "person" (a title or a
    given name before it), "name" (part of some longer proper name), "compass"
    (a compass word the index does not hold with the name) or "ok". ``prev``:
    ``_prev_token(text, hit.start, rtext)`` when the caller has read it."""
    if prev is False:
        prev = _prev_token(text, hit.start, rtext)
    if prev is None:
        return "ok"
    pk = _token_key(prev)
    if pk in title_words:
        return "person"  # "Gen. Haftar", "coach Ripley", "spokesman Lewis"
    if not prev[:1].isupper():
        return "ok"
    if "-" in prev and prev.rsplit("-", 1)[1][:1].islower():
        return "ok"  # "GNA-held", "Houthi-controlled": a word about the name
    if pk in given or _INITIAL.fullmatch(prev):
        return "person"  # "Jason Jones", "Boyd J. Jones"
    if prev[-1] in ".,;:" or _possessive(prev):
        return "ok"
    prev_start = hit.start - len(prev) - 1
    before = _prev_token(text, prev_start, rtext)
    if before is not None and before[:1].isupper():
        bk = _token_key(before)
        if bk in given or bk in title_words:
            return "person"  # "Jason Terrell Jones": a middle name between
    if keep and keep[-1].end >= prev_start - 1:
        return "ok"  # two places in a row ("Sirte Libya" in a heading)
    if pk in COMPASS:
        return "compass"  # "North London", "South Venezuela": the place they name
    if pk in NAME_PREFIXES:
        return "name"  # "New South Wales", "Fort X": a longer name we lack
    if pk in MODIFIERS or pk in nationality:
        return "ok"
    if pk in common and sentence_initial(text, prev_start):
        return "ok"
    return "name"


def _surname_after_unknown(
    text: str, hit: Hit, rtext: str, prev: str | None | bool = False
) -> bool:
    """A one-word name after an unknown capitalised word that looks like a given
    name (letters only, a capital and then lower case, not a name's particle or
    a generic head), and written again alone further on as a person ("Kherson
    said", "Kherson, 45,", "Kherson, who"): a person's surname, carried through
    the text ("Zofia Kherson ... Kherson said"). Otherwise the name is left out
    only there (a longer name the index lacks; "Yesterday Kherson" is a
    sentence's first word before the place). ``prev``: ``_prev_token(text,
    hit.start, rtext)`` when the caller has read it."""
    key = hit.key
    if not key.isalpha():
        return False
    if prev is False:
        prev = _prev_token(text, hit.start, rtext)
    if prev is None or len(prev) < 3 or not prev.isalpha():
        return False
    if not (prev[0].isupper() and prev[1:].islower()):
        return False
    pk = _token_key(prev)
    if pk in PARTICLES or pk in ARTICLES or pk in generic_heads():
        return False
    surface = text[hit.start : hit.end]
    later = text.find(surface, hit.end)
    while later != -1:
        if not text[later - 1 : later].isalnum() and not text[
            later + len(surface) : later + len(surface) + 1
        ].isalnum():
            before = _prev_token(text, later, rtext)
            if (
                before is None or not before[:1].isupper() or before[-1] in ".,;:"
            ) and _PERSON_AFTER.match(text, later + len(surface)):
                return True
        later = text.find(surface, later + 1)
    return False


#: After a bare surname: a person speaks, is aged or described ("Kherson said",
#: "Kherson, 45,", "Kherson, who").
_PERSON_AFTER = re.compile(
    r",?[ \t]+(?:said|says|told|added|noted|explained|stated|wrote|declared|"
    r"announced|argued|insisted|warned|claimed)\b"
    r"|[ \t]*,[ \t]*(?:who\b|age[ \t]+\d|\d{1,3}[ \t]*,)"
)


@cache
def generic_heads() -> frozenset[str]:
    """Generic words that head place names (data/generic_words.txt: wadi, ras...)."""
    return _words("generic_words.txt")


#: The characters :func:`not_place_after`'s pattern can start on besides blanks.
_NOT_PLACE_FIRST = "'\u2019&"
#: An initial: "J." in "Boyd J. Jones".
_INITIAL = re.compile(r"[A-Z]\.")
_INITIAL_AFTER = re.compile(r"[ \t]+[A-Z]\.[ \t]+[A-Z][a-z]")


def _in_name(
    text: str, hit: Hit, after: re.Match[str] | None, starts: set[int]
) -> bool:
    """Inside an organisation's name: "the Sirte and Al-Jafra Operations Room",
    "Sebha military region", "University of Benghazi", "Alexandria Police"."""
    if _org_after(text, hit.end):
        return True
    lo = max(0, hit.start - 40)
    if text[lo : hit.start].rstrip().endswith(("of", "for", "in", "the")) and (
        _ORG_BEFORE.search(text, lo, hit.start)
    ):
        return True
    if after is None:
        return False
    if after.start(1) in starts:
        return False  # another place follows ("Tripoli Libya" in a heading)
    return _token_key(after.group(1)) not in PLACE_HEADS


_QUOTES = '"\u201c\u201d\u00ab\u00bb'  # the ASCII one first
_NAMING = re.compile(
    r"(?:operations?|campaign|offensive|code[- ]?named|dubbed|called|named|brigade|"
    r"battalion|group|movement|channel|newspaper|magazine|website|page|hashtag|"
    r"company|militia|forces|party)\W{0,3}$",
    re.IGNORECASE,
)
_NAMING_AFTER = re.compile(
    r"\W{0,3}(?:operations?|campaign|offensive|brigade|battalion|group|movement|"
    r"channel|newspaper|company|militia|forces|party)\b",
    re.IGNORECASE,
)


_QUOTE_RE = re.compile(f"[{_QUOTES}]")


def _quote_positions(text: str) -> list[int]:
    """The positions of the text's quote marks, in order: ``str.find`` per mark
    the text holds (a scan of the text each, faster than the regex's).

    >>> _quote_positions('a "b" \u201cc\u201d'), _quote_positions("none")
    ([2, 4, 6, 8], [])
    """
    out: list[int] = []
    kinds = 0
    # (an ASCII text holds only the first: the others are beyond ASCII)
    for mark in _QUOTES[:1] if text.isascii() else _QUOTES:
        i = text.find(mark)
        if i >= 0:
            kinds += 1
        while i >= 0:
            out.append(i)
            i = text.find(mark, i + 1)
    if kinds > 1:
        out.sort()
    return out


def _in_quoted_name(text: str, hit: Hit, quotes: list[int]) -> bool:
    """A name in quotes next to "operation", "dubbed", "brigade" ... is an
    operation's or group's name: the "Volcano of Rage" operation room.
    ``quotes`` are the positions of the text's quote marks, in order."""
    i = bisect_left(quotes, hit.start)
    if i == 0 or quotes[i - 1] < hit.start - 60:
        return False
    left = quotes[i - 1]
    j = bisect_left(quotes, hit.end, i)
    if j == len(quotes) or quotes[j] >= hit.end + 60:
        return False
    right = quotes[j]
    if "\n" in text[left:right]:
        return False
    return bool(
        _NAMING.search(text, max(0, left - 30), left)
        or _NAMING_AFTER.match(text, right + 1)
    )


def _quoted_pair_names(text: str, left: int, right: int) -> bool:
    """The last step of :func:`_in_quoted_name`, for the quote marks at ``left``
    and ``right``: no line break between, and a naming word before or after."""
    if "\n" in text[left:right]:
        return False
    return bool(
        _NAMING.search(text, max(0, left - 30), left)
        or _NAMING_AFTER.match(text, right + 1)
    )


def _written_lowercase(text: str, hit: Hit, lowercase: _Lowercase) -> bool:
    """The same word appears in lower case elsewhere in the text as a whole word."""
    return text[hit.start : hit.end] in lowercase


#: A whole word: a maximal run of letters and digits (``str.isalnum``).
_WORD_RE = re.compile(r"[^\W_]+")
_ASCII_WORD_RE = re.compile(rb"[A-Za-z0-9]+")


class _Lowercase:
    """The words a text writes in lower case. The first questions are answered by
    ``str.find`` (a fast scan of the text, about 1 us for a news article); past
    :data:`_FIND_BUDGET` of them the text's words are gathered in one pass (not
    one search of the whole text per distinct capitalised word, so a long text
    costs time in proportion to its length).

    An ASCII text's words are ASCII runs, read with a bytes pattern (three times
    cheaper than the Unicode one, the same words) and kept as bytes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ascii = text.isascii()
        self._words: set[str] | set[bytes] | None = None
        self._finds = _FIND_BUDGET
        self._known: dict[str, bool] = {}

    def __contains__(self, surface: str) -> bool:
        # a name recurs in a text: each surface is answered once (the finds and
        # the gathered words agree, so the order of the questions is free)
        known = self._known.get(surface)
        if known is None:
            known = self._known[surface] = self._contains(surface)
        return known

    def _contains(self, surface: str) -> bool:
        word = surface.lower()
        if not word.isalpha() or word == surface:
            return False
        if self._words is None:
            if self._finds > 0:
                self._finds -= 1
                text = self.text
                i = text.find(word)
                if i < 0:  # (most names: one find, no call)
                    return False
                return _whole_word_in(text, word, i)
            self._words = (
                set(_ASCII_WORD_RE.findall(self.text.encode("ascii")))
                if self._ascii
                else set(_WORD_RE.findall(self.text))
            )
        if self._ascii:
            return word.isascii() and word.encode("ascii") in self._words
        return word in self._words


#: Questions to :class:`_Lowercase` answered by ``str.find`` before it gathers
#: the words (gathering them costs about as much as a hundred finds).
_FIND_BUDGET = 32


def _whole_word_in(text: str, word: str, i: int | None = None) -> bool:
    """``word`` occurs in ``text`` as a whole word (a maximal run of ``isalnum``
    characters, as :data:`_WORD_RE` reads them).

    >>> _whole_word_in("a drugstore, a drug", "drug"), _whole_word_in("drugs", "drug")
    (True, False)
    """
    n, size = len(word), len(text)
    if i is None:
        i = text.find(word)  # (else: the first occurrence, found by the caller)
    while i >= 0:
        j = i + n
        if (i == 0 or not text[i - 1].isalnum()) and (
            j == size or not text[j].isalnum()
        ):
            return True
        i = text.find(word, i + 1)
    return False


class _Spans:
    """Does a span overlap any of these? In log time: the spans sorted by start,
    with the furthest end reached so far."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the spans that start before ``end``
        return k > 0 and self.reach[k - 1] > start


_TOKEN_KEYS: dict[str, str] = {}


def _token_key(token: str) -> str:
    """name_key of a word, memoised (the same words precede names everywhere)."""
    key = _TOKEN_KEYS.get(token)
    if key is None:
        if len(_TOKEN_KEYS) > 100_000:
            _TOKEN_KEYS.clear()
        key = _TOKEN_KEYS[token] = name_key(token)
    return key


_CODES: dict[str, frozenset[str]] = {}


def _capital_codes(gz: Gazetteer) -> frozenset[str]:
    """Keys left out of the automaton as common words that, written in capitals,
    name a country: "US" (not "us"). Found once per gazetteer version."""
    slot = gz.version or str(id(gz))
    found = _CODES.get(slot)
    if found is None:
        found = frozenset(
            k
            for k in _never_alone()
            if 2 <= len(k) <= 3
            and k.isalpha()
            and (top := gz.candidates_for_key(k, limit=1, loose=False))
            and top[0].place.kind == "country"
        )
        _CODES[slot] = found
    return found


def _with_codes(text: str, hits: list[Hit], codes: frozenset[str]) -> list[Hit]:
    """``hits`` plus capitalised country codes ("US"), in text order."""
    extra = [
        Hit(m.start(), m.end(), code)
        for code in codes
        for m in _code_pattern(code).finditer(text)
    ]
    extra.sort(key=lambda h: h.start)
    if not extra:
        return hits
    taken = _Spans([(h.start, h.end) for h in hits])
    extra = [e for e in extra if not taken.overlaps(e.start, e.end)]
    return sorted([*hits, *extra], key=lambda h: h.start)


@cache
def _code_pattern(code: str) -> re.Pattern[str]:
    """A code in capitals as a whole word ("US", not "USA" or "AUS"): the literal
    first, so the engine skips to it instead of trying every position."""
    upper = re.escape(code.upper())
    return re.compile(rf"{upper}\b(?<=\b{upper})")


def _possessive(token: str) -> bool:
    return token.endswith(("'s", "\u2019s", "s'", "s\u2019"))


def _is_person(key: str, persons: set[str]) -> bool:
    if key.isalnum():  # one word: the test below without the split
        return key in persons or key in ARTICLES
    words = key.split()
    return all(w in persons or w in ARTICLES for w in words)


def scan(
    text: str,
    gz: Gazetteer,
    *,
    not_places: frozenset[str] = frozenset(),
    nationalities: Counter[str] | None = None,
) -> list[Hit]:
    """Names of places in ``text``, in text order, with people, organisations and
    common words filtered out; demonyms come back as hits with ``demonym`` set
    (those of countries also counted in ``nationalities``).

    >>> import gazetteer
    >>> [h.key for h in scan("Fighting near Sirte and Al-Jafra, Haftar said.", gazetteer.load())]
    ['sirte', 'al jafra']
    """
    if not text:
        return []
    hits = raw_hits(text, fold(text), automaton_for(gz))
    codes = _capital_codes(gz)
    if codes:
        hits = _with_codes(text, hits, codes)
    kept = context_filter(
        text, hits, not_places=not_places, nationalities=nationalities, codes=codes
    )
    found = abbreviations.find(text)
    return _with_abbreviations(kept, found) if found else kept


def _with_abbreviations(
    hits: list[Hit], found: list[tuple[int, int, str]]
) -> list[Hit]:
    """``hits`` with the abbreviations found ("Md.", "EU"), which win over the
    names they overlap ("Ind." is Indiana, not India), in text order."""
    extra = [Hit(s, e, key, expanded=True) for s, e, key in found if key]
    spans = _Spans([(h.start, h.end) for h in extra])
    rest = [h for h in hits if not spans.overlaps(h.start, h.end)]
    return sorted([*rest, *extra], key=lambda h: h.start)
