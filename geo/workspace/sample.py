"""The sample workspace's analysis, shipped as data: the first map without the index.

On a fresh machine the gazetteer index is built on first use (about a minute). The
seed articles' analysis (their mentions and claims) and the theatre's settlements
the map estimates control over are shipped in :data:`SAVED` as JSON (through
:mod:`geo.workspace.codec`: records as tagged JSON objects, never pickle), so the
app draws the sample workspace's map at once while the index builds.

The file is made from a fresh analysis, and a test checks it still is one::

    python -m geo.workspace.sample --check    # differences, exit 1 if any
    python -m geo.workspace.sample --write    # make it again from ./seeds
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.pipeline import Analysis
from geo.records import Document
from geo.workspace import codec

ROOT = Path(__file__).resolve().parents[2]
#: The shipped analysis of the seed articles (geo/data is package data).
SAVED = Path(__file__).resolve().parents[1] / "data" / "sample" / "libya-2020.json"
SEEDS = ROOT / "seeds"
#: The file's own format (a change means: write it again).
FORMAT = 1


@dataclass(frozen=True, slots=True)
class SavedAnalysis:
    """A shipped analysis: the analysis key it was made under (the workspace's cache
    key: when it matches the running code, nothing is analysed again), one part
    (mentions, claims) per article by the SHA-1 of its text, and the settlements of
    the theatre (gazetteer places) the map's control estimate runs over."""

    key: str
    parts: dict[str, tuple[list[Any], list[Any]]]
    settlements: tuple[Any, ...]

    def analysis(self, documents: Iterable[Document]) -> Analysis | None:
        """The saved analysis of these articles (those it has, in their order);
        None when it has none of them."""
        found = []
        for doc in documents:
            part = self.parts.get(text_sha1(doc.text))
            if part is not None:
                mentions, claims = part
                found.append(Analysis((doc,), {doc.id: mentions}, claims))
        return Analysis.combine(found) if found else None


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_saved(path: Path = SAVED) -> SavedAnalysis | None:
    """The shipped analysis, or None when the file is missing or of another format
    (the app then waits for the index instead)."""
    try:
        data = codec.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        parts = {
            row["sha1"]: (row["mentions"], row["claims"])
            for row in data["documents"]
        }
        return SavedAnalysis(str(data["key"]), parts, tuple(data["settlements"]))
    except (OSError, codec.CodecError, KeyError, TypeError, AttributeError):
        return None


def make_saved(
    documents: Sequence[Document], *, gazetteer: Any, registry: Any = None
) -> dict[str, Any]:
    """The data of :data:`SAVED` from a fresh analysis of ``documents`` (the
    workspace's analysis key, its articles' parts, the theatre's settlements)."""
    from geo.layers import _default_registry, _theatre_settlements
    from geo.workspace.store import Workspace

    registry = registry if registry is not None else _default_registry()
    analysis = _fresh(documents, gazetteer, registry)
    rows = []
    for doc in documents:
        rows.append(
            {
                "id": doc.id,
                "sha1": text_sha1(doc.text),
                "mentions": list(analysis.mentions.get(doc.id, [])),
                "claims": [c for c in analysis.claims if c.doc == doc.id],
            }
        )
    settlements = _theatre_settlements(analysis, as_of=None, registry=registry)
    return {
        "format": FORMAT,
        "about": "The seed articles' analysis, for the app's first map while the "
        "gazetteer index builds. Made by: python -m geo.workspace.sample --write",
        "key": Workspace.key_for(registry_json=None, gazetteer=gazetteer),
        "documents": rows,
        "settlements": list(settlements),
    }


def _fresh(documents: Sequence[Document], gazetteer: Any, registry: Any) -> Analysis:
    """Each article analysed on its own, as the workspace caches it."""
    from geo.pipeline import Failure, analyse_document

    parts = []
    for doc in documents:
        result = analyse_document(doc, gazetteer=gazetteer, registry=registry)
        if isinstance(result, Failure):
            raise ValueError(f"{doc.id}: {result.message}")
        mentions, claims = result
        parts.append(Analysis((doc,), {doc.id: mentions}, claims))
    return Analysis.combine(parts)


def dumps_saved(data: dict[str, Any]) -> str:
    """The file's text: one article part or settlement per line (small diffs)."""
    head = {k: v for k, v in data.items() if k not in ("documents", "settlements")}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f"{json.dumps(k)}: {codec.dumps(v)},")
    for name in ("documents", "settlements"):
        items = [codec.dumps(v) for v in data[name]]
        lines.append(f'"{name}": [')
        lines.append(",\n".join(items))
        lines.append("]," if name == "documents" else "]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def seed_documents(seeds: Path = SEEDS) -> list[Document]:
    from geo.documents import load_document

    return [load_document(p) for p in sorted(seeds.glob("*.txt"))]


def differences(
    saved: SavedAnalysis | None, fresh: dict[str, Any], *, limit: int = 5
) -> list[str]:
    """What differs between the shipped analysis and a fresh one (empty: none)."""
    if saved is None:
        return [f"{SAVED} is missing or unreadable"]
    out = []
    made = {row["sha1"]: row for row in fresh["documents"]}
    if set(made) != set(saved.parts):
        out.append("the articles differ (a seed was added, removed or changed)")
    for sha, row in made.items():
        part = saved.parts.get(sha)
        if part is None:
            continue
        mentions, claims = part
        for what, old, new in (
            ("mentions", mentions, row["mentions"]),
            ("claims", claims, row["claims"]),
        ):
            if old != new:
                changed = [n for o, n in zip(old, new, strict=False) if o != n]
                first = changed[0] if changed else f"{len(old)} != {len(new)}"
                out.append(f"{row['id']}: {what} differ, e.g. {first}")
    if list(saved.settlements) != list(fresh["settlements"]):
        out.append(
            f"the settlements differ ({len(saved.settlements)} saved, "
            f"{len(fresh['settlements'])} now)"
        )
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m geo.workspace.sample", description=__doc__.split("\n\n")[0]
    )
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true", help="compare, exit 1 if stale")
    group.add_argument("--write", action="store_true", help="write it again")
    args = p.parse_args(argv)

    import gazetteer

    fresh = make_saved(seed_documents(), gazetteer=gazetteer.load())
    if args.write:
        SAVED.parent.mkdir(parents=True, exist_ok=True)
        SAVED.write_text(dumps_saved(fresh), encoding="utf-8")
        print(f"wrote {SAVED}", file=sys.stderr)
        return 0
    found = differences(load_saved(), fresh)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("write it again: python -m geo.workspace.sample --write", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
