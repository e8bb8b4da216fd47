"""What the browser tests share: Debian's Chromium, a free port and a Streamlit server
running app.py (started, waited for, and stopped)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
#: The marks of every browser test: e2e and slow, and skipped without a browser on
#: a workstation; in CI (CI set) they run and fail, so a missing browser cannot pass
#: for a green run.
BROWSER_TESTS = [pytest.mark.e2e, pytest.mark.slow]
if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    BROWSER_TESTS.append(
        pytest.mark.skip(
            reason="needs Debian's /usr/bin/chromium (apt-get install -y chromium)"
        )
    )
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(
    log_path: Path, *, env: dict[str, str] | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """``streamlit run app.py`` on a free port of 127.0.0.1; yields its URL once its
    health check answers, and stops it afterwards. Its output goes to ``log_path``."""
    port = free_port()
    environ = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(
                        f"{url}/_stcore/health", timeout=2
                    ) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start, see {log_path}")
                time.sleep(0.3)  # polling the health check, not waiting for a state
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()
