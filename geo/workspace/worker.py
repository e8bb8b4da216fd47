"""An article's analysis that can be abandoned: the app's new articles.

:func:`analyse_stoppable` asks ``should_stop()`` while it works and raises
:class:`geo.pipeline.Cancelled` as soon as it says True (the page was reloaded, or
a new paste arrived). A short article is analysed in this process, asked between
its parsing and its claims; a long one (:data:`LONG_TEXT` characters or more) in a
child process that is ended at once when asked, so an abandoned long analysis
neither keeps a core busy nor holds the server's interpreter while it runs.

The child reads the article as JSON on stdin and writes its analysis (the
workspace's cache format, :mod:`geo.workspace.codec`: data, never pickle) to a file.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo.pipeline import Analysis, Cancelled, analyse
from geo.records import Document

#: Articles at least this long are analysed in a child process (a few seconds of
#: parsing and more; the child's start, about 2 s, is small beside it).
LONG_TEXT = 200_000
#: How often the parent asks ``should_stop()`` while the child works (s).
POLL_S = 0.1
_LIBRARY = ("gazetteer", "geo")


class _Warnings(logging.Handler):
    """The library's warnings about an article (an absurd distance left out...)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def analyse_stoppable(
    document: Document,
    *,
    gazetteer: Any,
    registry: Any,
    registry_json: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    long_text: int = LONG_TEXT,
) -> tuple[Analysis, list[str]]:
    """The analysis of one article and the library's warnings about it; raises
    :class:`Cancelled` when ``should_stop()`` says so. ``registry_json`` is the
    text of ``registry`` (None: the shipped one), for the child process."""
    stop = should_stop or (lambda: False)
    if len(document.text) >= long_text:
        return _in_child(document, registry_json, stop)
    notes = _Warnings()
    loggers = [logging.getLogger(name) for name in _LIBRARY]
    for logger in loggers:
        logger.addHandler(notes)
    try:
        result = analyse(
            [document], gazetteer=gazetteer, registry=registry, should_stop=stop
        )
    finally:
        for logger in loggers:
            logger.removeHandler(notes)
    return result, notes.messages


def _in_child(
    document: Document, registry_json: str | None, should_stop: Callable[[], bool]
) -> tuple[Analysis, list[str]]:
    from geo.workspace.store import _part

    if should_stop():
        raise Cancelled(Analysis())
    fd, out_name = tempfile.mkstemp(prefix="frontline-analysis-", suffix=".json")
    os.close(fd)
    out = Path(out_name)
    errors = tempfile.TemporaryFile()  # never a full pipe that blocks the child
    request = {
        "id": document.id,
        "text": document.text,
        "date": None if document.date is None else document.date.isoformat(),
        "source": document.source,
        "registry": registry_json,
    }
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "geo.workspace.worker", str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, "PYTHONPATH": path},
        )
        try:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8"))
            proc.stdin.close()
            while proc.poll() is None:
                if should_stop():
                    raise Cancelled(Analysis())
                time.sleep(POLL_S)
        except BaseException:
            _end(proc)
            raise
        errors.seek(0)
        stderr = errors.read()[-2000:].decode("utf-8", "replace")
        if proc.returncode != 0:
            from geo.pipeline import Failure

            last = stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            failure = Failure(document.id, f"analysis failed ({last[0]})")
            return Analysis(failures=[failure]), []
        found = json.loads(out.read_text(encoding="utf-8"))
    finally:
        errors.close()
        out.unlink(missing_ok=True)
    part = _part(document, found["data"])
    if part is None:
        from geo.pipeline import Failure

        part = Analysis(failures=[Failure(document.id, "analysis unreadable")])
    return part, list(found.get("notes", []))


def _end(proc: subprocess.Popen[bytes]) -> None:
    """Stop the child now (a second later, kill it)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdin is not None and not proc.stdin.closed:
        proc.stdin.close()


def _child(out: Path) -> int:
    """The child: the article from stdin, its analysis into ``out``."""
    import datetime as dt

    import gazetteer
    from geo.factions import load_registry, registry_from_dict
    from geo.workspace.store import _analyse

    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    date = request.get("date")
    document = Document(
        request["id"],
        request["text"],
        dt.date.fromisoformat(date) if date else None,
        request.get("source"),
    )
    text = request.get("registry")
    registry = (
        load_registry()
        if text is None
        else registry_from_dict(json.loads(text), source="workspace registry")
    )
    notes = _Warnings()
    for name in _LIBRARY:
        logging.getLogger(name).addHandler(notes)
    data = _analyse(document, gazetteer.load(), registry)
    out.write_text(
        json.dumps({"data": data, "notes": notes.messages}, ensure_ascii=False),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(Path(sys.argv[1])))
