"""The gazetteer: names in, ranked places out.

Ranking adds up evidence on one scale: the place's prior (log10 population plus a
bonus for capitals, seats of government and countries), +3 for a match on the
normalised name rather than the transliteration skeleton, and the context: +4 for a
place in the document's main country (+3 for other countries in focus) and up to +3
for closeness to places already resolved in the same text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import marisa_trie

from gazetteer.errors import PlaceNotFound
from gazetteer.index import KINDS, IndexData, ensure_default_index, load_index
from gazetteer.normalize import is_code, loose_key, name_key, strip_article
from gazetteer.records import Candidate, Place
from gazetteer.sphere import EARTH_KM, haversine_km

log = logging.getLogger(__name__)

EXACT_BONUS = 3.0
MAIN_COUNTRY_BONUS = 4.0
FOCUS_COUNTRY_BONUS = 3.0
NEAR_BONUS = 3.0
NEAR_RANGE_KM = 1500.0


class Gazetteer:
    """An offline GeoNames-based gazetteer.

    >>> gz = load()
    >>> gz.lookup("Misrata").place.name
    'Misratah'
    >>> gz.lookup("Tripoli", countries=["LB"]).place.country
    'LB'
    """

    def __init__(self, data: IndexData) -> None:
        # Plain ndarray views of the memory-mapped arrays: still mapped, but
        # indexed without np.memmap's per-access Python overhead.
        data = replace(
            data,
            **{
                f.name: np.asarray(getattr(data, f.name))
                for f in fields(data)
                if isinstance(getattr(data, f.name), np.memmap)
            },
        )
        self._d = data
        self._places: dict[int, Place] = {}
        self._by_geonameid: dict[int, int] | None = None
        self._countries: dict[str, int] | None = None
        # Memory-mapped arrays, read row by row (no per-row Python lists: a million
        # rows of floats would cost more memory than the whole index).
        self._base = data.base
        self._offsets = data.exact_offsets
        self._values = data.exact_values
        self._exact_get = data.exact.get  # bound once: this is the hot path
        self._prior: dict[int, Candidate] = {}
        self._stripped_names: dict[int, str] = {}
        self._answers: dict[tuple, tuple[Candidate, ...]] = {}
        self._within: dict[tuple, tuple[Candidate, ...]] = {}
        self._version = str(data.meta.get("version", ""))

    # ------------------------------------------------------------------ facts

    @property
    def version(self) -> str:
        return self._version

    @property
    def cache_dir(self) -> Path:
        return self._d.path

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} places, {len(self._d.exact):,} names, {self._d.path}>"

    def place(self, row: int) -> Place:
        """The place at an index row (cached: rows are immutable)."""
        hit = self._places.get(row)
        if hit is None:
            d = self._d
            gid = int(d.geonameid[row])
            hit = Place(
                name=d.name(row),
                lat=float(d.lat[row]),
                lon=float(d.lon[row]),
                geonameid=gid if gid >= 0 else None,
                country=d.country_of(row),
                population=int(d.population[row]),
                kind=KINDS[int(d.kind[row])],
                admin1=d.admin1_of(row),
            )
            self._places[row] = hit
        return hit

    def get(self, geonameid: int) -> Place:
        if self._by_geonameid is None:
            self._by_geonameid = {
                int(g): i for i, g in enumerate(self._d.geonameid) if g >= 0
            }
        row = self._by_geonameid.get(int(geonameid))
        if row is None:
            raise PlaceNotFound(str(geonameid), hint="no such geonameid in the index")
        return self.place(row)

    def country(self, iso2: str) -> Place | None:
        """The country as a place (a point inside it), or None for an unknown code."""
        if self._countries is None:
            code = KINDS.index("country")
            rows = np.flatnonzero(np.asarray(self._d.kind) == code)
            self._countries = {self._d.country_of(int(r)): int(r) for r in rows}
        row = self._countries.get(iso2.upper())
        return None if row is None else self.place(row)

    def capital(self, iso2: str) -> Place | None:
        """The national capital (GeoNames PPLC), or None."""
        return _capital(self, iso2.upper())

    def exact_keys(self) -> Iterator[str]:
        """Every normalised name in the index (to build a text scanner)."""
        return iter(self._d.exact.keys())

    def key_trie(self) -> marisa_trie.Trie:
        """The memory-mapped trie of every normalised name (the text scanner's)."""
        return self._d.exact

    def has_key(self, key: str) -> bool:
        return key in self._d.exact

    # ------------------------------------------------------------------ lookup

    def candidates(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        near: Iterable[tuple[float, float]] = (),
        limit: int = 10,
    ) -> list[Candidate]:
        """Places called ``name``, best first; [] when nothing matches.

        Short all-capital codes ("TIP") match only names spelled that way, never
        through the transliteration skeleton.

        Answers without points nearby are memoised per name, countries and limit
        (a parser asks for the same names in every document of a collection).
        """
        if near:
            return self._candidates(name_key(name), name, countries, near, limit, True)
        slot = (name, tuple(countries), limit)
        found = self._answers.get(slot)
        if found is None:
            if len(self._answers) >= ANSWERS_KEPT:
                self._answers.clear()
            found = self._answers[slot] = tuple(
                self._candidates(name_key(name), name, slot[1], (), limit, True)
            )
        return list(found)

    def candidates_for_key(
        self,
        key: str,
        *,
        countries: Sequence[str] = (),
        near: Iterable[tuple[float, float]] = (),
        limit: int = 10,
        loose: bool = True,
    ) -> list[Candidate]:
        """Like :meth:`candidates` for an already normalised key (see name_key)."""
        return self._candidates(key, None, countries, near, limit, loose)

    def _candidates(
        self,
        key: str,
        name: str | None,
        countries: Sequence[str],
        near: Iterable[tuple[float, float]],
        limit: int,
        loose: bool,
    ) -> list[Candidate]:
        exact = self._exact_rows(key)
        if exact is not None and not countries and not near:
            # The common case: postings are pre-sorted by prior, so the best come first.
            return [self._prior_candidate(r) for r in exact[:limit]]
        stripped = strip_article(key)
        if exact is None and stripped != key:
            exact = self._exact_rows(stripped)
        rows_loose: list[int] = []
        if exact is None and loose and (name is None or not is_code(name)):
            rows_loose = self._loose_rows(stripped)
        if not exact and not rows_loose:
            return []
        if not countries and not near:
            exact = exact or ()
            rows = sorted(rows_loose, key=lambda r: -self._base[r])[:limit]
            return [
                *(self._prior_candidate(r) for r in exact[:limit]),
                *(
                    Candidate(self.place(r), float(self._base[r]), "loose")
                    for r in rows
                ),
            ][:limit]
        return self._rank_context(exact or (), rows_loose, countries, list(near), limit)

    def _exact_rows(self, key: str) -> Sequence[int] | None:
        slot = self._exact_get(key)
        if slot is None:
            return None
        value = int(self._values[slot])
        if value >= 0:  # the key names a single place: its row is stored directly
            return (value,)
        offsets = self._offsets
        return self._d.exact_ids[offsets[slot] : offsets[slot + 1]].tolist()

    def _prior_candidate(self, row: int) -> Candidate:
        hit = self._prior.get(row)
        if hit is None:
            hit = self._prior[row] = Candidate(
                self.place(row), float(self._base[row]) + EXACT_BONUS, "exact"
            )
        return hit

    def _loose_rows(self, stripped: str) -> list[int]:
        """Skeleton matches of an article-stripped key, kept only when they still look
        like the name asked for (a skeleton alone equates too much: Brega and Prague
        share one)."""
        if len(stripped) < 3:
            return []
        d = self._d
        rows = _postings(d.loose, d.loose_offsets, d.loose_ids, loose_key(stripped))
        return [
            r
            for r in rows[:LOOSE_VERIFY].tolist()
            if _similar(stripped, self._stripped_name(r))
        ]

    def _stripped_name(self, row: int) -> str:
        hit = self._stripped_names.get(row)
        if hit is None:
            hit = self._stripped_names[row] = strip_article(name_key(self._d.name(row)))
        return hit

    def within(
        self,
        name: str,
        countries: Sequence[str],
        *,
        near: Iterable[tuple[float, float]] = (),
        limit: int = 10,
        min_similarity: float = 0.0,
        ranked: bool = True,
    ) -> list[Candidate]:
        """Places called ``name`` (or a spelling of it: Tawergha for Tawurghah) in
        ``countries`` only, best first; [] when none there matches.

        ``min_similarity`` raises the bar for spelling variants (difflib ratio of
        the article-stripped keys; at least LOOSE_MIN_SIMILARITY). ``ranked=False``
        scores them by their prior only (as :meth:`candidates` without context
        does), for a caller that adds the context itself.

        Answers are memoised per question (the same spellings are asked of the
        same countries in every report of a war).
        """
        near = tuple(near)
        slot = (name, tuple(countries), near, limit, min_similarity, ranked)
        try:
            found = self._within.get(slot)
        except TypeError:  # points given as lists: asked afresh
            found, slot = None, None
        if found is None:
            if len(self._within) > 100_000:
                self._within.clear()
            found = tuple(
                self._within_uncached(
                    name,
                    countries,
                    near=near,
                    limit=limit,
                    min_similarity=min_similarity,
                    ranked=ranked,
                )
            )
            if slot is not None:
                self._within[slot] = found
        return list(found)

    def _within_uncached(
        self,
        name: str,
        countries: Sequence[str],
        *,
        near: Sequence[tuple[float, float]],
        limit: int,
        min_similarity: float,
        ranked: bool,
    ) -> list[Candidate]:
        key = name_key(name)
        wanted = {c.upper().encode("ascii", "replace") for c in countries}
        if not key or not wanted:
            return []
        country = self._d.country
        stripped = strip_article(key)
        exact = self._exact_rows(key) or self._exact_rows(stripped) or ()
        rows = [r for r in exact if country[r] in wanted]
        loose: list[int] = []
        if not rows and len(stripped) >= 3 and not is_code(name):
            d = self._d
            posted = _postings(
                d.loose, d.loose_offsets, d.loose_ids, loose_key(stripped)
            )
            inside = (
                posted[np.isin(country[posted], list(wanted))]
                if len(posted)
                else posted
            )
            bar = max(min_similarity, LOOSE_MIN_SIMILARITY)
            loose = [
                r
                for r in inside[: LOOSE_VERIFY * 4].tolist()
                if _similar(stripped, self._stripped_name(r), bar)
            ]
        if not rows and not loose:
            return []
        if not ranked:
            return [
                *(self._prior_candidate(r) for r in rows),
                *(
                    Candidate(self.place(r), float(self._base[r]), "loose")
                    for r in loose
                ),
            ][:limit]
        return self._rank_context(rows, loose, list(countries), list(near), limit)

    def lookup(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        near: Iterable[tuple[float, float]] = (),
    ) -> Candidate:
        """The best candidate for ``name``; raises PlaceNotFound when there is none."""
        found = self.candidates(name, countries=countries, near=near, limit=1)
        if not found:
            raise PlaceNotFound(
                name, hint="no place of that name or spelling in the gazetteer"
            )
        return found[0]

    # ------------------------------------------------------------------ ranking

    def _closeness(
        self, rows: list[int], near: list[tuple[float, float]]
    ) -> list[float]:
        """NEAR_BONUS scaled by the distance to the nearest of ``near``, per row."""
        if len(rows) * len(near) <= 32:  # few pairs: plain math beats numpy's overhead
            out = []
            for row in rows:
                place = self.place(row)
                km = min(
                    haversine_km(place.lat, place.lon, lat, lon) for lat, lon in near
                )
                out.append(NEAR_BONUS * max(0.0, 1.0 - km / NEAR_RANGE_KM))
            return out
        idx = np.asarray(rows, dtype=np.int64)
        pts = np.radians(np.asarray(near, dtype=np.float64))
        lat1 = np.radians(self._d.lat[idx])[:, None]
        lon1 = np.radians(self._d.lon[idx])[:, None]
        h = (
            np.sin((pts[:, 0] - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(pts[:, 0]) * np.sin((pts[:, 1] - lon1) / 2) ** 2
        )
        km = (2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))).min(axis=1)
        return (NEAR_BONUS * np.clip(1.0 - km / NEAR_RANGE_KM, 0.0, 1.0)).tolist()

    def _rank_context(
        self,
        exact: Sequence[int],
        loose: Sequence[int],
        countries: Sequence[str],
        near: list[tuple[float, float]],
        limit: int,
    ) -> list[Candidate]:
        # Plain Python: candidate sets are small (a few to a few hundred rows), where
        # numpy's per-call overhead costs more than it saves.
        d = self._d
        base = self._base
        main = countries[0].upper() if countries else None
        focus = {c.upper() for c in countries[1:]}
        seen: set[int] = set()
        ordered: list[tuple[int, float, str]] = []
        for rows, bonus, matched in (
            (exact, EXACT_BONUS, "exact"),
            (loose, 0.0, "loose"),
        ):
            for row in rows:
                if row not in seen:
                    seen.add(row)
                    ordered.append((row, bonus, matched))
        closeness = (
            self._closeness([row for row, _, _ in ordered], near) if near else None
        )
        scored: list[tuple[float, int, str]] = []
        for i, (row, bonus, matched) in enumerate(ordered):
            score = float(base[row]) + bonus
            if main is not None:
                cc = d.country_of(row)
                score += (
                    MAIN_COUNTRY_BONUS
                    if cc == main
                    else FOCUS_COUNTRY_BONUS
                    if cc in focus
                    else 0.0
                )
            if closeness is not None:
                score += closeness[i]
            scored.append((score, row, matched))
        scored.sort(key=lambda t: -t[0])
        return [
            Candidate(self.place(row), score, matched)
            for score, row, matched in scored[:limit]
        ]

    # ------------------------------------------------------------------ theatre

    def settlements(self, countries: Iterable[str]) -> list[Place]:
        """The towns and villages of the countries (ISO 3166-1 alpha-2 codes),
        most populous first: every populated place, not countries, divisions,
        seas, bases or terminals. The settlements a war's control map covers.

        >>> towns = load().settlements(["LY"])
        >>> towns[0].name, {p.country for p in towns}
        ('Tripoli', {'LY'})
        """
        codes = tuple(sorted({c.upper() for c in countries if c}))
        if not codes:
            return []
        if not hasattr(self, "_settlements"):
            self._settlements: dict[tuple[str, ...], list[Place]] = {}
        hit = self._settlements.get(codes)
        if hit is None:
            d = self._d
            kinds = np.array(
                [KINDS.index(k) for k in KINDS if k not in NOT_SETTLEMENTS],
                dtype=np.asarray(d.kind).dtype,
            )
            country = np.asarray(d.country)
            wanted = (
                [c.encode("ascii", "replace") for c in codes]
                if country.dtype.kind == "S"  # the index stores codes as bytes
                else list(codes)
            )
            mask = np.isin(country, wanted) & np.isin(np.asarray(d.kind), kinds)
            rows = np.flatnonzero(mask)
            rows = rows[np.argsort(-np.asarray(d.population)[rows], kind="stable")]
            hit = self._settlements[codes] = [self.place(int(r)) for r in rows]
        return hit


#: Index kinds that are not towns or villages (for :meth:`Gazetteer.settlements`).
NOT_SETTLEMENTS = frozenset(
    {
        "country",
        "district",
        "airbase",
        "terminal",
        "sea",
        "region",
        "section",
        "historical",
        "admin1",
        "continent",
        "neighbourhood",
        "airport",
        "county",
    }
)

#: Memoised answers of :meth:`Gazetteer.candidates` kept before the memo starts
#: afresh (a few hundred bytes each).
ANSWERS_KEPT = 100_000
#: How alike a loose match's name must be to the name asked for (difflib ratio).
LOOSE_MIN_SIMILARITY = 0.6
#: Only the most prominent places sharing a skeleton are checked for similarity.
LOOSE_VERIFY = 25


def _similar(a: str, b: str, bar: float = LOOSE_MIN_SIMILARITY) -> bool:
    from difflib import SequenceMatcher

    if a[:1] != b[:1] and not (a[:1] in "aeiouy" and b[:1] in "aeiouy"):
        return False
    if 5 * abs(len(a) - len(b)) > 2 * max(len(a), len(b)):
        return False  # the ratio cannot reach the threshold
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= bar


def _postings(
    keys: marisa_trie.Trie, offsets: np.ndarray, ids: np.ndarray, key: str
) -> np.ndarray:
    slot = keys.get(key)
    if slot is None:
        return ids[:0]
    return ids[offsets[slot] : offsets[slot + 1]]


@cache
def _capital_rows(gz_id: int, gz: Gazetteer) -> dict[str, int]:
    d = gz._d
    code = KINDS.index("capital")
    out: dict[str, int] = {}
    for row in np.flatnonzero(np.asarray(d.kind) == code):
        cc = d.country_of(int(row))
        if cc not in out or d.population[row] > d.population[out[cc]]:
            out[cc] = int(row)
    return out


def _capital(gz: Gazetteer, iso2: str) -> Place | None:
    row = _capital_rows(id(gz), gz).get(iso2)
    return None if row is None else gz.place(row)


def open_index(path: str | Path) -> Gazetteer:
    """A gazetteer over the index at ``path`` (see ``python -m gazetteer build``)."""
    return Gazetteer(load_index(path))


@cache
def load(path: str | None = None) -> Gazetteer:
    """The gazetteer, loaded once per process.

    Without ``path``, the default index built from the shipped data: the first call
    on a machine builds it (about 30 s, with progress on a terminal) into the user's
    cache directory; later calls load it in a fraction of a second.
    """
    return open_index(path if path is not None else ensure_default_index())
