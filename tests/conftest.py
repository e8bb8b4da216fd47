"""Shared fixtures: the seed articles, their gold, and one gazetteer per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def gold() -> dict:
    """The hand-made gold of the two seed articles (copied from shared/gold/seeds.json)."""
    return json.loads((DATA / "seeds_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_texts(seed_paths) -> dict[str, str]:
    """doc id (the file name, as the gold names it) -> text."""
    return {p.name: p.read_text(encoding="utf-8") for p in seed_paths}


@pytest.fixture(scope="session")
def gz():
    """The default gazetteer, loaded once per test session."""
    import gazetteer

    return gazetteer.load()


@pytest.fixture(autouse=True, scope="session")
def _session_data_dir(tmp_path_factory):
    """Workspaces made by tests (and by servers they start) never land in the
    user's data directory."""
    import os

    old = os.environ.get("FRONTLINE_DATA_DIR")
    os.environ["FRONTLINE_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    yield
    if old is None:
        os.environ.pop("FRONTLINE_DATA_DIR", None)
    else:
        os.environ["FRONTLINE_DATA_DIR"] = old


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory, monkeypatch):
    """Each test its own workspaces (the app's sample included)."""
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _main_module():
    """Streamlit's AppTest runs app.py as ``__main__`` and leaves it there; a worker
    process started later (Dask's spawn) would then run the whole page at start."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
