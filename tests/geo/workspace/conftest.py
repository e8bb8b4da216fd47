"""Fixtures of the workspace tests: another war's sides and two short articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.records import Document
from geo.workspace import Workspace

DATA = Path(__file__).resolve().parents[2] / "data"
REGISTRY = DATA / "factions_ukraine.json"

SHELLING = (
    "Date: 2022-10-01\n"
    "Russian forces shelled Kharkiv overnight, killing four civilians. "
    "Ukrainian troops took control of Lyman.\n"
)
RETREAT = "Date: 2022-09-12\nRussian troops withdrew from Balakliia toward the east.\n"


@pytest.fixture()
def registry_json() -> str:
    return REGISTRY.read_text(encoding="utf-8")


@pytest.fixture()
def articles(tmp_path) -> list[Path]:
    out = []
    for name, text in (("shelling.txt", SHELLING), ("retreat.txt", RETREAT)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture()
def ws(tmp_path, registry_json, gz) -> Workspace:
    """A Ukraine workspace with the two articles in it, analysed."""
    from geo.documents import header_date

    ws = Workspace.create(
        tmp_path / "ukraine.sqlite", name="Ukraine 2022", registry_json=registry_json
    )
    ws.add(
        [
            Document("shelling.txt", SHELLING, header_date(SHELLING)),
            Document("retreat.txt", RETREAT, header_date(RETREAT)),
        ]
    )
    ws.analysis(gazetteer=gz)
    return ws


def claim_at(analysis, place: str, type_: str):
    """The one claim of that type about that place."""
    found = [
        c
        for c in analysis.claims
        if c.type == type_ and c.place is not None and c.place.name == place
    ]
    assert len(found) == 1, [
        (c.type, c.place and c.place.name) for c in analysis.claims
    ]
    return found[0]
