"""A workspace per war: one SQLite file with its articles, sides, analyses and the
analyst's corrections.

Every write is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) in WAL mode with
``synchronous=FULL``: a crash, a killed process or an exception half-way leaves the
file as it was after the last completed write. Each call opens its own short-lived
connection, so several processes (the app, the command line, a script) can share a
workspace and each sees what the others saved. The schema is versioned with
``PRAGMA user_version`` and migrated forward on open (:data:`MIGRATIONS`).

Analyses are cached per article and per *analysis key* (the registry's text, the
gazetteer index version and the analysing code), as JSON through
:mod:`geo.workspace.codec`: opening a workspace re-reads them instead of re-parsing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerError
from geo.pipeline import Analysis, Cancelled, Failure
from geo.records import Document
from geo.workspace import codec
from geo.workspace.corrections import (
    CLAIM_KINDS,
    MENTION_KINDS,
    Correction,
    apply_corrections,
)

log = logging.getLogger(__name__)

#: Schema steps: after step N the file has ``user_version`` N.
MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema: the war, its articles, the corrections
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        date TEXT,
        source TEXT,
        added TEXT NOT NULL,
        sha1 TEXT NOT NULL
    );
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        value TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    """,
    # 2: who made each correction; cached analyses per article and analysis key
    """
    ALTER TABLE corrections ADD COLUMN author TEXT NOT NULL DEFAULT '';
    CREATE INDEX corrections_target ON corrections (target);
    CREATE TABLE analyses (
        doc_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (doc_seq, key)
    ) WITHOUT ROWID;
    """,
    # 3: the last map layers built, so that a reopened workspace draws at once
    """
    CREATE TABLE layer_cache (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        made TEXT NOT NULL
    );
    """,
    # 4: the analyst's own map layers (roads, another map's areas), as GeoJSON
    """
    CREATE TABLE overlays (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        geojson TEXT NOT NULL,
        features INTEGER NOT NULL,
        added TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
#: Analysing code: a change in these modules re-analyses the articles (the
#: gazetteer's data is covered by its index version).
_ANALYSIS_CODE = (
    "gazetteer",
    "geo/claims",
    "geo/claims.py",
    "geo/pipeline.py",
    "geo/documents.py",
    "geo/sentences.py",
    "geo/factions.py",
    "geo/records.py",
    "geo/data/factions.json",
)
#: Layer-building code: a change rebuilds the cached layers.
_LAYER_CODE = (
    "geo/layers.py",
    "geo/frontline.py",
    "geo/control",
    "geo/workspace/corrections.py",
)
#: Cached layer sets kept (per as-of date and state of the corrections).
LAYER_CACHE_SIZE = 8


class WorkspaceError(GazetteerError, ValueError):
    """A workspace file is missing, not a workspace, too new, or a request on it is
    invalid (unknown article, claim or mention)."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """An article as the workspace keeps it (the text is read on demand)."""

    id: str
    title: str
    date: dt.date | None
    source: str | None
    added: dt.datetime
    chars: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": None if self.date is None else self.date.isoformat(),
            "source": self.source,
            "added": self.added.isoformat(timespec="seconds"),
            "chars": self.chars,
        }


@dataclass(frozen=True, slots=True)
class StoredOverlay:
    """One of the analyst's map layers: its (untrusted) name, the format it came in
    (GeoJSON, GPKG, KML), its features as GeoJSON text and their number."""

    name: str
    format: str
    geojson: str
    features: int
    added: dt.datetime


@dataclass(frozen=True, slots=True)
class Added:
    """What :meth:`Workspace.add` did: the ids added and one line per article left
    out (already there, unreadable)."""

    ids: tuple[str, ...]
    skipped: tuple[str, ...]


# ------------------------------------------------------------------ the store


class Workspace:
    """One workspace file. Cheap to make: every call opens its own connection.

    >>> import tempfile
    >>> ws = Workspace.create(Path(tempfile.mkdtemp()) / "w.sqlite", name="Test war")
    >>> ws.name, ws.documents()
    ('Test war', [])
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise WorkspaceError(
                f"{self.path}: no such workspace (make one with: python -m geo "
                f"workspace {self.path} init)"
            )
        with self._connect() as con:
            _migrate(con, self.path)

    # -- making and opening

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        name: str,
        registry_json: str | None = None,
    ) -> Workspace:
        """A new, empty workspace at ``path`` for the war ``name`` with its sides
        (a registry's JSON text; None: the shipped Libya 2020 registry)."""
        path = Path(path)
        if path.exists():
            raise WorkspaceError(f"{path}: already exists; open it instead")
        name = " ".join(str(name).split())
        if not name:
            raise WorkspaceError(f"{path}: a workspace needs a name")
        if registry_json is not None:
            _check_registry(registry_json, source=str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WorkspaceError(f"{path}: cannot create ({err})") from err
        tmp = path.with_name(f".{path.name}.new")
        tmp.unlink(missing_ok=True)
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            try:
                _migrate(con, tmp)
                con.execute("BEGIN IMMEDIATE")
                meta = {
                    "name": name,
                    "registry": registry_json or "",
                    "created": _now().isoformat(),
                }
                con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                con.execute("COMMIT")
                con.execute("PRAGMA journal_mode=DELETE")  # one file to move
            finally:
                con.close()
            os.replace(tmp, path)  # the workspace appears whole or not at all
        except (OSError, sqlite3.Error) as err:
            tmp.unlink(missing_ok=True)
            raise WorkspaceError(f"{path}: cannot create ({err})") from err
        return cls(path)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as err:
            raise WorkspaceError(f"{self.path}: cannot open ({err})") from err
        try:
            con.execute("PRAGMA foreign_keys=ON")
            con.execute("PRAGMA synchronous=FULL")
            yield con
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise WorkspaceError(
                    f"{self.path}: busy (another process is writing to it); try again"
                ) from err
            raise WorkspaceError(
                f"{self.path}: not a readable workspace ({err})"
            ) from err
        except sqlite3.DatabaseError as err:
            raise WorkspaceError(
                f"{self.path}: not a readable workspace ({err})"
            ) from err
        finally:
            con.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is saved, or none of it."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connect() as con:
            return con.execute(sql, tuple(params)).fetchall()

    # -- the war

    def _meta(self, key: str) -> str:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else ""

    @property
    def name(self) -> str:
        return self._meta("name")

    @property
    def registry_json(self) -> str | None:
        """The registry's JSON text, or None for the shipped one."""
        return self._meta("registry") or None

    def registry(self) -> Any:
        return _registry(self.registry_json)

    def set_registry(self, registry_json: str | None) -> None:
        """Change the war's sides (every article is re-read with them)."""
        if registry_json is not None:
            _check_registry(registry_json, source=str(self.path))
        with self._write() as con:
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('registry', ?)",
                (registry_json or "",),
            )

    def rename(self, name: str) -> None:
        name = " ".join(str(name).split())
        if not name:
            raise WorkspaceError(f"{self.path}: a workspace needs a name")
        with self._write() as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('name', ?)", (name,))

    # -- articles

    def documents(self) -> list[StoredDocument]:
        rows = self._read(
            "SELECT id, title, date, source, added, length(text) FROM documents "
            "ORDER BY seq"
        )
        return [
            StoredDocument(
                i,
                t,
                dt.date.fromisoformat(d) if d else None,
                s,
                dt.datetime.fromisoformat(a),
                n,
            )
            for i, t, d, s, a, n in rows
        ]

    def texts(self) -> list[Document]:
        """The articles as pipeline documents, in the order they were added."""
        rows = self._read("SELECT id, text, date, source FROM documents ORDER BY seq")
        return [
            Document(i, t, dt.date.fromisoformat(d) if d else None, s)
            for i, t, d, s in rows
        ]

    def text(self, doc_id: str) -> str:
        rows = self._read("SELECT text FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise self._unknown("article", doc_id, "list")
        return rows[0][0]

    def add(
        self,
        documents: Iterable[Document],
        *,
        titles: dict[str, str] | None = None,
        analyses: dict[str, Analysis] | None = None,
        gazetteer: Any = None,
        key: str | None = None,
    ) -> Added:
        """Add articles in one transaction. An id already taken gets a suffix
        (``a-2.txt``); a text already in the workspace is left out with a line.

        ``analyses`` (doc id -> its analysis, made with ``gazetteer`` and this
        workspace's sides) go into the cache with them, so nothing is analysed
        twice; ``key`` is their analysis key when made elsewhere (a shipped
        analysis: used while it matches the running code)."""
        docs = list(documents)
        if key is None:
            key = self.analysis_key(gazetteer) if analyses else ""
        added: list[str] = []
        skipped: list[str] = []
        with self._write() as con:
            taken = {r[0] for r in con.execute("SELECT id FROM documents")}
            known = dict(con.execute("SELECT sha1, id FROM documents").fetchall())
            for doc in docs:
                sha = _sha1(doc.text)
                if sha in known:
                    skipped.append(
                        f"{doc.id}: already in the workspace as {known[sha]}"
                    )
                    continue
                doc_id = unique_id(doc.id, taken)
                title = (titles or {}).get(doc.id) or doc.id
                con.execute(
                    "INSERT INTO documents (id, title, text, date, source, added, "
                    "sha1) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        title,
                        doc.text,
                        None if doc.date is None else doc.date.isoformat(),
                        doc.source,
                        _now().isoformat(),
                        sha,
                    ),
                )
                taken.add(doc_id)
                known[sha] = doc_id
                added.append(doc_id)
                part = (analyses or {}).get(doc.id)
                if part is not None and doc_id == doc.id and not part.failures:
                    con.execute(
                        "INSERT INTO analyses VALUES (last_insert_rowid(), ?, ?)",
                        (
                            key,
                            _encode_part(
                                part.mentions.get(doc_id, []), list(part.claims)
                            ),
                        ),
                    )
        return Added(tuple(added), tuple(skipped))

    def remove(self, doc_id: str) -> None:
        """Remove an article and its cached analysis. Corrections of its claims and
        mentions are kept: they apply again if the same article comes back."""
        with self._write() as con:
            row = con.execute(
                "SELECT seq FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is None:
                raise self._unknown("article", doc_id, "list")
            con.execute("DELETE FROM documents WHERE seq = ?", (row[0],))

    # -- the analyst's map layers

    def overlays(self) -> list[StoredOverlay]:
        """The map layers kept in the workspace, in the order they were added."""
        rows = self._read(
            "SELECT name, format, geojson, features, added FROM overlays ORDER BY seq"
        )
        return [
            StoredOverlay(n, f, g, c, dt.datetime.fromisoformat(a))
            for n, f, g, c, a in rows
        ]

    def add_overlay(
        self, name: str, geojson: str, *, format: str = "GeoJSON"
    ) -> StoredOverlay:
        """Keep a map layer (a GeoJSON FeatureCollection's text) under ``name``; a
        layer of the same name is replaced."""
        name = " ".join(str(name).split())
        if not name:
            raise WorkspaceError(f"{self.path}: a map layer needs a name")
        try:
            data = json.loads(geojson)
            features = len(data["features"])
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise WorkspaceError(
                f"{self.path}: the layer {name!r} is not a GeoJSON "
                f"FeatureCollection ({err})"
            ) from err
        added = _now()
        with self._write() as con:
            con.execute("DELETE FROM overlays WHERE name = ?", (name,))
            con.execute(
                "INSERT INTO overlays (name, format, geojson, features, added) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, format, geojson, features, added.isoformat()),
            )
        return StoredOverlay(name, format, geojson, features, added)

    def remove_overlay(self, name: str) -> None:
        """Drop a map layer kept in the workspace."""
        with self._write() as con:
            cur = con.execute("DELETE FROM overlays WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise WorkspaceError(f"{self.path}: no map layer {name!r}")

    # -- analyses

    def analysis_key(self, gazetteer: Any) -> str:
        """Names what the cached analyses depend on: the sides, the gazetteer index
        and the analysing code."""
        return self.key_for(registry_json=self.registry_json, gazetteer=gazetteer)

    @staticmethod
    def key_for(
        *, registry_json: str | None, gazetteer: Any = None, version: str | None = None
    ) -> str:
        """The analysis key of a registry's text and a gazetteer (or its index
        ``version``: known before the index is built)."""
        if version is None:
            version = str(getattr(gazetteer, "version", ""))
        h = hashlib.sha1((registry_json or "").encode("utf-8", "surrogatepass"))
        h.update(version.encode())
        h.update(f"{_code_fingerprint()} codec {codec.VERSION}".encode())
        return h.hexdigest()[:16]

    def saved_analysis(self) -> Analysis | None:
        """The analyses kept in the file, whatever code or index made them (the
        key most articles have), without the gazetteer: the map to show while the
        index builds. Articles without one are left out; None when none has."""
        with self._connect() as con:
            best = con.execute(
                "SELECT key FROM analyses GROUP BY key ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
            if best is None:
                return None
            rows = con.execute(
                "SELECT d.id, d.text, d.date, d.source, a.data FROM documents d "
                "JOIN analyses a ON a.doc_seq = d.seq AND a.key = ? ORDER BY d.seq",
                (best[0],),
            ).fetchall()
        parts = []
        for doc_id, text, date, source, data in rows:
            doc = Document(
                doc_id, text, dt.date.fromisoformat(date) if date else None, source
            )
            part = _part(doc, data)
            if part is not None and not part.failures:
                parts.append(part)
        return Analysis.combine(parts) if parts else None

    def analysis(
        self,
        *,
        gazetteer: Any = None,
        progress: Callable[[int, int, str], Any] | None = None,
        batch: int = 50,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis:
        """Mentions and claims of every article as extracted (no corrections),
        from the cache; articles not cached yet (or cached by other code) are
        analysed and cached, ``batch`` at a time, each batch one transaction.

        ``should_stop()`` is asked before each article analysed: when it says True
        what was analysed is cached and :class:`~geo.pipeline.Cancelled` raised."""
        import gazetteer as gazetteer_pkg

        gz = gazetteer if gazetteer is not None else gazetteer_pkg.load()
        key = self.analysis_key(gz)
        with self._connect() as con:
            rows = con.execute(
                "SELECT d.seq, d.id, d.text, d.date, d.source, a.data "
                "FROM documents d LEFT JOIN analyses a "
                "ON a.doc_seq = d.seq AND a.key = ? ORDER BY d.seq",
                (key,),
            ).fetchall()
        parts: dict[int, Analysis] = {}
        todo: list[tuple[int, Document]] = []
        for seq, doc_id, text, date, source, data in rows:
            doc = Document(
                doc_id, text, dt.date.fromisoformat(date) if date else None, source
            )
            part = None if data is None else _part(doc, data)
            if part is None:
                todo.append((seq, doc))
            else:
                parts[seq] = part
        if todo:
            registry = self.registry()
            pending: list[tuple[int, str, str]] = []
            for i, (seq, doc) in enumerate(todo, 1):
                if should_stop is not None and should_stop():
                    self._cache(pending)
                    raise Cancelled(Analysis.combine(parts.values()))
                data = _analyse(doc, gz, registry)
                parts[seq] = _part(doc, data) or Analysis(
                    failures=[Failure(doc.id, "analysis could not be stored")]
                )
                pending.append((seq, key, data))
                if progress is not None:
                    progress(i, len(todo), doc.id)
                if len(pending) >= batch:
                    self._cache(pending)
                    pending = []
            self._cache(pending)
        return Analysis.combine(parts[seq] for seq, *_ in rows)

    def _cache(self, rows: list[tuple[int, str, str]]) -> None:
        if not rows:
            return
        with self._write() as con:
            con.execute("DELETE FROM analyses WHERE key != ?", (rows[0][1],))
            con.executemany("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?)", rows)

    def corrected(self, *, gazetteer: Any = None) -> Analysis:
        """The analysis with the analyst's corrections applied."""
        return apply_corrections(self.analysis(gazetteer=gazetteer), self.corrections())

    def layers(
        self,
        *,
        as_of: dt.date | None = None,
        gazetteer: Any = None,
        analysis: Analysis | None = None,
    ) -> Any:
        """The map layers of the corrected analysis, as of a date when given.

        The last few layer sets are kept in the workspace, keyed by the analyses,
        the corrections, the date and the layer code: reopening draws the map
        without rebuilding it. ``analysis`` is the corrected analysis when the
        caller has it already.
        """
        import gazetteer as gazetteer_pkg
        from geo.layers import build_layers

        gz = gazetteer if gazetteer is not None else gazetteer_pkg.load()
        key = self.layers_key(gz, as_of=as_of)
        rows = self._read("SELECT data FROM layer_cache WHERE key = ?", (key,))
        if rows:
            cached = _layers_from(rows[0][0], as_of)
            if cached is not None:
                return cached
        fixed = analysis if analysis is not None else self.corrected(gazetteer=gz)
        layers = build_layers(fixed, as_of=as_of, registry=self.registry())
        data = _layers_data(layers)
        if data is not None:
            with self._write() as con:
                con.execute(
                    "INSERT OR REPLACE INTO layer_cache VALUES (?, ?, ?)",
                    (key, data, dt.datetime.now(dt.UTC).isoformat()),
                )
                con.execute(
                    "DELETE FROM layer_cache WHERE key NOT IN (SELECT key FROM "
                    "layer_cache ORDER BY made DESC LIMIT ?)",
                    (LAYER_CACHE_SIZE,),
                )
        return layers

    def layers_key(self, gazetteer: Any, *, as_of: dt.date | None = None) -> str:
        """Names a set of layers: analyses, corrections, date and layer code."""
        h = hashlib.sha1(self.analysis_key(gazetteer).encode())
        h.update(str(as_of).encode())
        h.update(_code_fingerprint(_LAYER_CODE).encode())
        h.update(self.revision().encode())
        return h.hexdigest()[:20]

    def revision(self) -> str:
        """Changes whenever an article, a correction, the sides or the name change
        (cheap: the app asks on every rerun). Saved articles and corrections never
        change in place, so their row ids say which are there."""
        ((row),) = self._read(
            "SELECT (SELECT count(*) || ':' || coalesce(max(seq), 0) FROM documents),"
            " (SELECT coalesce(group_concat(id), '') FROM corrections),"
            " (SELECT group_concat(value, char(31)) FROM meta"
            "  WHERE key IN ('name', 'registry'))"
        )
        return _sha1("|".join(map(str, row)))[:16]

    # -- corrections

    def corrections(self) -> list[Correction]:
        rows = self._read(
            "SELECT id, kind, target, value, note, author, created FROM corrections "
            "ORDER BY id"
        )
        return [
            Correction(
                kind,
                target,
                json.loads(value),
                note,
                author,
                dt.datetime.fromisoformat(created),
                cid,
            )
            for cid, kind, target, value, note, author, created in rows
        ]

    def correct(
        self,
        kind: str,
        target: str,
        value: dict[str, Any] | None = None,
        *,
        note: str = "",
        author: str | None = None,
        analysis: Analysis | None = None,
    ) -> Correction:
        """Save one correction after checking its target exists (in ``analysis``,
        else the workspace's) and its value is valid; returns it with its id."""
        value = dict(value or {})
        try:
            Correction(kind, target, value)
        except (ValueError, KeyError, TypeError) as err:
            raise WorkspaceError(f"{self.path}: bad {kind} correction ({err})") from err
        if kind in CLAIM_KINDS or kind in MENTION_KINDS:
            found = analysis if analysis is not None else self.analysis()
            if kind in CLAIM_KINDS and target not in {c.id for c in found.claims}:
                raise self._unknown("claim", target, "claims")
            if kind in MENTION_KINDS and target not in {
                m.id for ms in found.mentions.values() for m in ms
            }:
                raise self._unknown("mention", target, "mentions")
        if kind == "side" or kind == "set-control":
            registry = self.registry()
            if value["side"] not in registry:
                raise WorkspaceError(
                    f"unknown side {value['side']!r}: this workspace's sides are "
                    f"{', '.join(registry.ids)}"
                )
        created = _now()
        who = _author() if author is None else author
        with self._write() as con:
            cur = con.execute(
                "INSERT INTO corrections (kind, target, value, note, author, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    target,
                    json.dumps(value, ensure_ascii=False),
                    note,
                    who,
                    created.isoformat(),
                ),
            )
            cid = cur.lastrowid
        return Correction(kind, target, value, note, who, created, cid)

    def correct_many(
        self,
        items: list[tuple[str, str, dict[str, Any]]],
        *,
        note: str = "",
        author: str | None = None,
    ) -> list[Correction]:
        """Several corrections (kind, target, value) in one transaction, e.g. every
        mention of a place moved at once; checked like :meth:`correct`."""
        made: list[Correction] = []
        created, who = _now(), _author() if author is None else author
        for kind, target, value in items:
            try:
                Correction(kind, target, dict(value))
            except (ValueError, KeyError, TypeError) as err:
                raise WorkspaceError(
                    f"{self.path}: bad {kind} correction ({err})"
                ) from err
        with self._write() as con:
            for kind, target, value in items:
                cur = con.execute(
                    "INSERT INTO corrections (kind, target, value, note, author, "
                    "created) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        kind,
                        target,
                        json.dumps(value, ensure_ascii=False),
                        note,
                        who,
                        created.isoformat(),
                    ),
                )
                made.append(
                    Correction(
                        kind, target, dict(value), note, who, created, cur.lastrowid
                    )
                )
        return made

    def withdraw(self, correction_id: int) -> None:
        """Take a correction back (the claim or mention is as extracted again)."""
        with self._write() as con:
            cur = con.execute("DELETE FROM corrections WHERE id = ?", (correction_id,))
            if cur.rowcount == 0:
                raise WorkspaceError(f"{self.path}: no correction {correction_id}")

    def _unknown(self, what: str, ident: str, command: str) -> WorkspaceError:
        return WorkspaceError(
            f"{self.path}: no {what} {ident!r} in this workspace (see them with: "
            f"python -m geo workspace {self.path} {command})"
        )


# ------------------------------------------------------------------ helpers


def unique_id(name: str, taken: set[str] | dict[str, Any]) -> str:
    """A document id from a file name or title: no path separators, not taken yet.

    >>> unique_id("a.txt", {"a.txt", "a-2.txt"})
    'a-3.txt'
    """
    name = re.sub(r"[\\/\x00-\x1f]", "_", str(name)).strip() or "article.txt"
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, f".{ext}") if dot else (name, "")
    n = 2
    while f"{stem}-{n}{ext}" in taken:
        n += 1
    return f"{stem}-{n}{ext}"


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if (
            version == 0
            and con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ):
            raise WorkspaceError(f"{path}: an SQLite file, but not a workspace")
    except sqlite3.DatabaseError as err:
        raise WorkspaceError(f"{path}: not a workspace file ({err})") from err
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"{path}: made by a newer version of this tool (schema {version}, this "
            f"one reads up to {SCHEMA_VERSION}); update frontline-maps"
        )
    if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        con.execute("PRAGMA journal_mode=WAL")
    for step in range(version, SCHEMA_VERSION):
        migrate_to(con, step + 1)


def migrate_to(con: sqlite3.Connection, version: int) -> None:
    """Run schema step ``version`` and record it, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        for statement in MIGRATIONS[version - 1].split(";"):
            if statement.strip():
                con.execute(statement)
        con.execute(f"PRAGMA user_version = {int(version)}")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    log.info("workspace schema migrated to version %d", version)


def _analyse(doc: Document, gz: Any, registry: Any) -> str:
    from geo.pipeline import analyse_document

    result = analyse_document(doc, gazetteer=gz, registry=registry)
    if isinstance(result, Failure):
        return codec.dumps({"failure": result.message})
    return _encode_part(*result)


def _encode_part(mentions: list[Any], claims: list[Any]) -> str:
    """One article's mentions and claims; a claim's place (or origin) that is one
    of the mentions is stored as its index, not again (a third of the size)."""
    index = {(m.start, m.end, m.name): i for i, m in enumerate(mentions)}
    refs, bare = [], []
    for ci, claim in enumerate(claims):
        drop = {}
        for attr in ("place", "origin"):
            m = getattr(claim, attr)
            mi = None if m is None else index.get((m.start, m.end, m.name))
            if mi is not None and mentions[mi] == m:
                refs.append([ci, attr, mi])
                drop[attr] = None
        bare.append(dataclasses.replace(claim, **drop) if drop else claim)
    return codec.dumps({"mentions": mentions, "claims": bare, "refs": refs})


def _part(doc: Document, data: str) -> Analysis | None:
    """One article's cached analysis, or None when the row is unreadable (written
    by other code: the article is analysed again)."""
    try:
        found = codec.loads(data)
        if "failure" in found:
            return Analysis(failures=[Failure(doc.id, str(found["failure"]))])
        mentions, claims = found["mentions"], found["claims"]
        for ci, attr, mi in found.get("refs", ()):
            claims[ci] = dataclasses.replace(claims[ci], **{attr: mentions[mi]})
        return Analysis((doc,), {doc.id: mentions}, claims)
    except (codec.CodecError, KeyError, TypeError, IndexError) as err:
        log.info("%s: cached analysis unreadable (%s); analysing again", doc.id, err)
        return None


def _layers_data(layers: Any) -> str | None:
    """The layers' rows as cache text (None when a value cannot be stored)."""
    try:
        frames = {
            name: [
                {k: _plain(v) for k, v in row.items()}
                for row in frame.to_dict("records")
            ]
            for name, frame in layers.frames().items()
        }
        return codec.dumps(frames)
    except (TypeError, ValueError) as err:
        log.info("layers not cached (%s)", err)
        return None


def _layers_from(data: str, as_of: dt.date | None) -> Any:
    from geo.layers import Layers, make_frame

    try:
        frames = codec.loads(data)
        return Layers.from_frames(
            {name: make_frame(name, rows) for name, rows in frames.items()},
            as_of=as_of,
        )
    except (codec.CodecError, KeyError, TypeError, ValueError) as err:
        log.info("cached layers unreadable (%s); building them again", err)
        return None


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; NaN (pandas' missing) as None."""
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@cache
def _registry(registry_json: str | None) -> Any:
    from geo.factions import load_registry, registry_from_dict

    if registry_json is None:
        return load_registry()
    return registry_from_dict(json.loads(registry_json), source="workspace registry")


def _check_registry(registry_json: str, *, source: str) -> None:
    from geo.factions import registry_from_dict

    try:
        data = json.loads(registry_json)
    except json.JSONDecodeError as err:
        raise WorkspaceError(
            f"{source}: the registry is not valid JSON (line {err.lineno}, column "
            f"{err.colno}: {err.msg})"
        ) from err
    registry_from_dict(data, source=source)


@cache
def _code_fingerprint(items: tuple[str, ...] = _ANALYSIS_CODE) -> str:
    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha1()
    for item in items:
        p = root / item
        files = sorted(p.rglob("*.py")) if p.is_dir() else [p]
        for f in files:
            if f.is_file():
                h.update(f.relative_to(root).as_posix().encode() + b"\0")
                h.update(hashlib.sha1(f.read_bytes()).digest())
    return h.hexdigest()


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "analyst"
