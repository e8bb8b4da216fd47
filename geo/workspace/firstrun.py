"""The gazetteer index built in its own process on a first start.

The index is built from the shipped data once per machine (about a minute of CPU).
The app starts that build in a child process (:func:`start_build`: it does not hold
the page's interpreter, so the page draws the saved map meanwhile), shows its
progress (:meth:`IndexBuild.status`) and loads the index when it is there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: What the child runs: the same build as the command line's first use.
BUILD = (
    "from gazetteer.index import ensure_default_index; "
    "ensure_default_index(progress=True)"
)
#: About how long a build takes on a small machine (for the progress text).
TYPICAL_S = 60
_PERCENT = re.compile(rb"(\d{1,3})%\|")


@cache
def index_path() -> Path:
    """Where the default index is (or will be), named by a hash of its data."""
    from gazetteer.index import default_index_path

    return default_index_path()


@cache
def index_version() -> str:
    """The version the default index has (or will have): known before it is built."""
    from gazetteer.index import default_version

    return default_version()


def index_ready() -> bool:
    return (index_path() / "meta.json").is_file()


@dataclass
class IndexBuild:
    """A build of the default index in a child process, its output in ``log``; or
    one another process started (``pid``: this one waits for it, with no output)."""

    proc: subprocess.Popen[bytes] | None
    log: Path | None
    started: float = field(default_factory=time.monotonic)
    pid: int | None = None

    def done(self) -> bool:
        """The child has finished (well or not)."""
        if self.proc is None:
            return not _building(self.pid)
        return self.proc.poll() is not None

    def failed(self) -> str | None:
        """Why the build failed (the last lines of its output), or None."""
        if index_ready() or not self.done():
            return None
        if self.proc is None:
            return f"the index build in process {self.pid} stopped"
        code = self.proc.poll()
        if code is None or (code == 0 and index_ready()):
            return None
        tail = self._output().decode("utf-8", "replace").replace("\r", "\n")
        lines = [line for line in tail.splitlines() if line.strip()]
        return f"the index build stopped (exit code {code}): " + " / ".join(
            lines[-3:]
        )

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def fraction(self) -> float:
        """How far the build is, 0..1 (the places read, then the writing)."""
        found = _PERCENT.findall(self._output()[-4000:])
        read = int(found[-1]) / 100 if found else 0.0
        # reading the places is most of it; sorting and writing the rest
        return min(0.99, 0.9 * read + (0.05 if read >= 1 else 0.0))

    def status(self) -> str:
        """One line: what happens, that it happens once, how far it is."""
        far = (
            f"{self.fraction():.0%} done"
            if self.proc is not None
            else f"another process (pid {self.pid}) builds it"
        )
        return (
            "Building the gazetteer index from the shipped place data: this happens "
            f"once on this machine (about {TYPICAL_S} s; later starts take a "
            f"second). {far}, {self.elapsed():.0f} s so far."
        )

    def _output(self) -> bytes:
        if self.log is None:
            return b""
        try:
            return self.log.read_bytes()
        except OSError:
            return b""


def _lock() -> Path:
    """Names the process building the default index (one build per machine)."""
    return index_path().with_name(f"{index_path().name}.building")


def _building(pid: int | None) -> bool:
    """Whether ``pid`` is a live index build (not a reused process id)."""
    if not pid:
        return False
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1]
    except OSError:
        return False
    return b"ensure_default_index" in cmd and state != "Z"


def start_build() -> IndexBuild:
    """Start building the default index in a child process (its progress in a
    temporary log file), unless another process builds it already: then wait for
    that one. Two builds at once would still be safe (each writes its own
    temporary directory and renames it into place), only slower."""
    try:
        pid = int(_lock().read_text().strip() or 0)
    except (OSError, ValueError):
        pid = 0
    if _building(pid):
        return IndexBuild(None, None, pid=pid)
    fd, name = tempfile.mkstemp(prefix="frontline-index-", suffix=".log")
    with os.fdopen(fd, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", BUILD],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": _path()},
        )
    try:
        _lock().parent.mkdir(parents=True, exist_ok=True)
        _lock().write_text(str(proc.pid))
    except OSError:  # a read-only cache: the build says why
        pass
    return IndexBuild(proc, Path(name), pid=proc.pid)


def _path() -> str:
    """The child's import path: this checkout first (the app may run from it
    without being installed)."""
    root = str(Path(__file__).resolve().parents[2])
    rest = os.environ.get("PYTHONPATH", "")
    return os.pathsep.join([root, rest]) if rest else root
