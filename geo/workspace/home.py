"""Where workspaces live, which one the user had open, and the sample workspace.

Workspaces are files in ``<data dir>/workspaces`` (``$FRONTLINE_DATA_DIR`` or the
user's data directory from platformdirs), or anywhere the user gives a path. The
app remembers the last one opened in ``<data dir>/current-workspace``. The seed
articles are a sample workspace, "Libya 2020", made on first use: they are not
part of any other workspace.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.records import Document
from geo.workspace.store import Workspace, WorkspaceError

log = logging.getLogger(__name__)

APP_NAME = "frontline-maps"
SUFFIX = ".sqlite"
SAMPLE_NAME = "Libya 2020"
_CURRENT = "current-workspace"


def data_dir() -> Path:
    """``$FRONTLINE_DATA_DIR`` or the user's data directory."""
    env = os.environ.get("FRONTLINE_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def workspaces_dir() -> Path:
    return data_dir() / "workspaces"


def path_for(name: str, *, directory: Path | None = None) -> Path:
    """The file of a workspace called ``name`` in the workspaces directory (a new
    name if that one is taken).

    >>> path_for("Ukraine 2022", directory=Path("/nonexistent")).as_posix()
    '/nonexistent/ukraine-2022.sqlite'
    """
    folder = directory or workspaces_dir()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "workspace"
    path, n = folder / f"{slug}{SUFFIX}", 2
    while path.exists():
        path, n = folder / f"{slug}-{n}{SUFFIX}", n + 1
    return path


def list_workspaces(directory: Path | None = None) -> list[Path]:
    folder = directory or workspaces_dir()
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


def in_home(name: str, *, directory: Path | None = None) -> Path | None:
    """The workspace file called ``name`` (a bare file name, as in the page's URL)
    in the workspaces directory, or None: a URL can open nothing else.

    >>> in_home("../../etc/passwd") is None
    True
    """
    folder = directory or workspaces_dir()
    if not name or Path(name).name != name or not name.endswith(SUFFIX):
        return None
    path = folder / name
    return path if path.is_file() else None


def remember(path: Path) -> None:
    """Note the workspace the user has open (atomically: never half a path)."""
    target = data_dir() / _CURRENT
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{_CURRENT}.tmp")
        tmp.write_text(str(Path(path).resolve()), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as err:  # a read-only home: the URL still says it
        log.warning("cannot remember the workspace (%s)", err)


def remembered() -> Path | None:
    """The workspace the user had open last, if it is still there."""
    try:
        text = (data_dir() / _CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = Path(text) if text else None
    return path if path is not None and path.is_file() else None


def ensure_sample(seeds: Iterable[Path], *, directory: Path | None = None) -> Path:
    """The sample workspace "Libya 2020" with the seed articles, made if missing."""
    from gazetteer.errors import DocumentError
    from geo.documents import load_document

    folder = directory or workspaces_dir()
    path = folder / f"libya-2020{SUFFIX}"
    if path.is_file():
        return path
    docs = []
    for seed in seeds:
        try:
            docs.append(load_document(seed))
        except DocumentError as err:
            log.warning("%s", err)
    try:
        ws = Workspace.create(path, name=SAMPLE_NAME)
    except WorkspaceError:
        if path.is_file():  # another process made it meanwhile
            return path
        raise
    ws.add(docs, **_shipped_analyses(docs))
    return path


def _shipped_analyses(docs: list[Document]) -> dict[str, Any]:
    """The seeds' shipped analysis as ``Workspace.add`` arguments (cached under the
    key it was made with), so the sample's map shows before the index is built."""
    from geo.pipeline import Analysis
    from geo.workspace.sample import load_saved, text_sha1

    saved = load_saved()
    if saved is None:
        return {}
    analyses = {}
    for doc in docs:
        part = saved.parts.get(text_sha1(doc.text))
        if part is not None:
            mentions, claims = part
            analyses[doc.id] = Analysis((doc,), {doc.id: mentions}, claims)
    return {"analyses": analyses, "key": saved.key} if analyses else {}
