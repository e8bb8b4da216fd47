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
from functools import cache
from pathlib import Path

import numpy as np

from gazetteer.errors import PlaceNotFound
from gazetteer.index import KINDS, IndexData, ensure_default_index, load_index
from gazetteer.normalize import is_code, loose_key, name_key, strip_article
from gazetteer.records import Candidate, Place

log = logging.getLogger(__name__)

EXACT_BONUS = 3.0
MAIN_COUNTRY_BONUS = 4.0
FOCUS_COUNTRY_BONUS = 3.0
NEAR_BONUS = 3.0
NEAR_RANGE_KM = 1500.0
EARTH_RADIUS_KM = 6371.0088


class Gazetteer:
    """An offline GeoNames-based gazetteer.

    >>> gz = load()
    >>> gz.lookup("Misrata").place.name
    'Misratah'
    >>> gz.lookup("Tripoli", countries=["LB"]).place.country
    'LB'
    """

    def __init__(self, data: IndexData) -> None:
        self._d = data
        self._places: dict[int, Place] = {}
        self._by_geonameid: dict[int, int] | None = None
        self._countries: dict[str, int] | None = None

    # ------------------------------------------------------------------ facts

    @property
    def version(self) -> str:
        return str(self._d.meta.get("version", ""))

    @property
    def cache_dir(self) -> Path:
        return self._d.path

    def __len__(self) -> int:
        return len(self._d.names)

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self):,} places, {len(self._d.exact):,} names, {self._d.path}>"

    def place(self, row: int) -> Place:
        """The place at an index row (cached: rows are immutable)."""
        hit = self._places.get(row)
        if hit is None:
            d = self._d
            gid = int(d.geonameid[row])
            hit = Place(
                name=d.names[row],
                lat=float(d.lat[row]),
                lon=float(d.lon[row]),
                geonameid=gid if gid >= 0 else None,
                country=str(d.country[row]),
                population=int(d.population[row]),
                kind=KINDS[int(d.kind[row])],
            )
            self._places[row] = hit
        return hit

    def get(self, geonameid: int) -> Place:
        if self._by_geonameid is None:
            self._by_geonameid = {int(g): i for i, g in enumerate(self._d.geonameid) if g >= 0}
        row = self._by_geonameid.get(int(geonameid))
        if row is None:
            raise PlaceNotFound(str(geonameid), hint="no such geonameid in the index")
        return self.place(row)

    def country(self, iso2: str) -> Place | None:
        """The country as a place (a point inside it), or None for an unknown code."""
        if self._countries is None:
            code = KINDS.index("country")
            rows = np.flatnonzero(np.asarray(self._d.kind) == code)
            self._countries = {str(self._d.country[r]): int(r) for r in rows}
        row = self._countries.get(iso2.upper())
        return None if row is None else self.place(row)

    def capital(self, iso2: str) -> Place | None:
        """The national capital (GeoNames PPLC), or None."""
        return _capital(self, iso2.upper())

    def exact_keys(self) -> Iterator[str]:
        """Every normalised name in the index (to build a text scanner)."""
        return iter(self._d.exact)

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
        """
        return self.candidates_for_key(
            name_key(name), countries=countries, near=near, limit=limit, loose=not is_code(name)
        )

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
        d = self._d
        rows_exact = _postings(d.exact, d.exact_offsets, d.exact_ids, key)
        if not rows_exact.size:
            stripped = strip_article(key)
            if stripped != key:
                rows_exact = _postings(d.exact, d.exact_offsets, d.exact_ids, stripped)
        if rows_exact.size or not loose:
            rows_loose = rows_exact[:0]
        else:
            rows_loose = self._loose_rows(key)
        if not rows_exact.size and not rows_loose.size:
            return []
        near = list(near)
        if not countries and not near:
            return self._rank_prior(rows_exact, rows_loose, limit)
        return self._rank_context(rows_exact, rows_loose, countries, near, limit)

    def _loose_rows(self, key: str) -> np.ndarray:
        """Skeleton matches, kept only when they still look like the name asked for
        (a skeleton alone equates too much: Brega and Prague share one)."""
        if not key or len(key) < 3:
            return self._d.loose_ids[:0]
        d = self._d
        rows = _postings(d.loose, d.loose_offsets, d.loose_ids, loose_key(key))
        want = strip_article(key)
        keep = [r for r in rows.tolist() if _similar(want, strip_article(name_key(d.names[r])))]
        return np.asarray(keep, dtype=np.int64)

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
            raise PlaceNotFound(name, hint="no place of that name or spelling in the gazetteer")
        return found[0]

    # ------------------------------------------------------------------ ranking

    def _rank_prior(self, exact: np.ndarray, loose: np.ndarray, limit: int) -> list[Candidate]:
        # Postings are pre-sorted by prior, so the best are at the front of each list.
        base = self._d.base
        pool: dict[int, tuple[float, str]] = {}
        for row in exact[:limit].tolist():
            pool[row] = (float(base[row]) + EXACT_BONUS, "exact")
        for row in loose[:limit].tolist():
            if row not in pool:
                pool[row] = (float(base[row]), "loose")
        best = sorted(pool.items(), key=lambda kv: -kv[1][0])[:limit]
        return [Candidate(self.place(r), s, m) for r, (s, m) in best]

    def _rank_context(
        self,
        exact: np.ndarray,
        loose: np.ndarray,
        countries: Sequence[str],
        near: list[tuple[float, float]],
        limit: int,
    ) -> list[Candidate]:
        d = self._d
        loose = np.setdiff1d(loose, exact, assume_unique=False)
        rows = np.concatenate([exact, loose]).astype(np.int64)
        score = d.base[rows].astype(np.float64)
        score[: exact.size] += EXACT_BONUS
        if countries:
            cc = d.country[rows]
            score += np.where(cc == countries[0].upper(), MAIN_COUNTRY_BONUS, 0.0)
            others = [c.upper() for c in countries[1:]]
            if others:
                score += np.where(np.isin(cc, others), FOCUS_COUNTRY_BONUS, 0.0)
        if near:
            pts = np.asarray(near, dtype=np.float64)
            dist = _haversine_km(d.lat[rows][:, None], d.lon[rows][:, None], pts[:, 0], pts[:, 1]).min(axis=1)
            score += NEAR_BONUS * np.clip(1.0 - dist / NEAR_RANGE_KM, 0.0, 1.0)
        order = np.argsort(-score, kind="stable")[:limit]
        return [
            Candidate(self.place(int(rows[i])), float(score[i]), "exact" if i < exact.size else "loose")
            for i in order
        ]


#: How alike a loose match's name must be to the name asked for (difflib ratio).
LOOSE_MIN_SIMILARITY = 0.6


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    if a[:1] != b[:1] and not (a[:1] in "aeiouy" and b[:1] in "aeiouy"):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= LOOSE_MIN_SIMILARITY


def _postings(keys: dict[str, int], offsets: np.ndarray, ids: np.ndarray, key: str) -> np.ndarray:
    slot = keys.get(key)
    if slot is None:
        return ids[:0]
    return ids[offsets[slot] : offsets[slot + 1]]


def _haversine_km(lat1, lon1, lat2, lon2):  # noqa: ANN001, ANN202 - numpy broadcasting
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@cache
def _capital_rows(gz_id: int, gz: Gazetteer) -> dict[str, int]:
    d = gz._d
    code = KINDS.index("capital")
    out: dict[str, int] = {}
    for row in np.flatnonzero(np.asarray(d.kind) == code):
        cc = str(d.country[row])
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
