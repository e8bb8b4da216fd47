"""Scoring the claim extractor on an annotated JSONL file (the claims_dev format).

Each line is ``{"id", "conflict", "text", "claims": [...], "style"?}``; each gold claim
has ``type``, ``faction`` and ``place`` (a substring of the text). A predicted claim
counts as right when its type and faction equal a gold claim's and its place mention
overlaps an occurrence of the gold place in the text (or names the same place); each
gold claim is matched once. Precision and recall are reported overall, per style and
per conflict.

The registry of a conflict is ``<registries>/<conflict>.json``; a conflict without one
is scored with the shipped registry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.errors import DocumentError
from gazetteer.normalize import name_key
from geo.records import Claim

Predict = Callable[[dict[str, Any]], list[Claim]]


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, predictions and gold claims of one slice."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp + other.tp,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One sentence: its counts, and the gold claims missed and predictions wrong."""

    id: str
    conflict: str
    style: str
    text: str
    counts: Counts
    missed: tuple[dict[str, Any], ...] = ()
    spurious: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    items: tuple[ItemResult, ...]
    total: Counts = field(default_factory=Counts)

    def by(self, key: str) -> dict[str, Counts]:
        out: dict[str, Counts] = defaultdict(Counts)
        for item in self.items:
            out[getattr(item, key)] += item.counts
        return dict(sorted(out.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total.to_json(),
            "style": {k: v.to_json() for k, v in self.by("style").items()},
            "conflict": {k: v.to_json() for k, v in self.by("conflict").items()},
        }


def load_items(path: str | Path) -> list[dict[str, Any]]:
    """The annotated sentences of a JSONL file; a DocumentError naming the line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError as err:
        raise DocumentError(f"{path}: no such file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise DocumentError(f"{path}: cannot be read as UTF-8 JSONL ({err})") from err
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("expected an object")  # noqa: TRY004
            if not isinstance(item.get("text"), str) or not isinstance(
                item.get("claims"), list
            ):
                raise ValueError("needs 'text' and 'claims'")  # noqa: TRY004
        except ValueError as err:
            raise DocumentError(
                f"{path}:{n}: not an annotated line ({err}); each line needs "
                "'text' and a list of 'claims'"
            ) from err
        items.append(item)
    return items


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    out, at = [], text.find(surface)
    while surface and at >= 0:
        out.append((at, at + len(surface)))
        at = text.find(surface, at + 1)
    return out


def _place_agrees(text: str, gold_place: str | None, claim: Claim) -> bool:
    m = claim.place
    if gold_place is None or m is None:
        return gold_place is None and m is None
    if any(s < m.end and m.start < e for s, e in _spans(text, gold_place)):
        return True
    gold_key = name_key(gold_place)
    names = (m.name, m.text, *m.refers_to)  # an anaphor stands for its referents
    return bool(gold_key) and gold_key in {name_key(n) for n in names}


def match_item(
    item: dict[str, Any], predicted: Sequence[Claim]
) -> tuple[Counts, list[dict[str, Any]], list[Claim]]:
    """Gold claims matched one to one by type, faction and place."""
    text = item["text"]
    gold = list(item["claims"])
    left = list(predicted)
    missed = []
    tp = 0
    for g in gold:
        hit = next(
            (
                c
                for c in left
                if c.type == g.get("type")
                and c.faction == g.get("faction")
                and _place_agrees(text, g.get("place"), c)
            ),
            None,
        )
        if hit is None:
            missed.append(g)
        else:
            left.remove(hit)
            tp += 1
    return Counts(tp, len(predicted), len(gold)), missed, left


def score(items: Iterable[dict[str, Any]], predict: Predict) -> Report:
    """Score ``predict`` (one annotated item -> its claims) on ``items``.

    >>> from gazetteer.records import Mention
    >>> m = Mention("d", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6)
    >>> c = Claim("d", "control", "LNA", m, "Sirte fell.", 0, 11)
    >>> item = {"text": "Sirte fell.", "claims": [
    ...     {"type": "control", "faction": "LNA", "place": "Sirte"}]}
    >>> score([item], lambda it: [c]).total
    Counts(tp=1, predicted=1, gold=1)
    """
    results = []
    total = Counts()
    for item in items:
        predicted = predict(item)
        counts, missed, spurious = match_item(item, predicted)
        total += counts
        results.append(
            ItemResult(
                str(item.get("id", "")),
                str(item.get("conflict", "")),
                str(item.get("style", "")),
                item["text"],
                counts,
                tuple(missed),
                tuple(_brief(c) for c in spurious),
            )
        )
    return Report(tuple(results), total)


def _brief(c: Claim) -> dict[str, Any]:
    return {
        "type": c.type,
        "faction": c.faction,
        "place": None if c.place is None else c.place.text,
    }


def format_report(report: Report, *, misses: bool = False) -> str:
    """The report as plain-text tables (and, with ``misses``, every error)."""
    rows = [
        f"{'slice':<22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    ]

    def row(name: str, c: Counts) -> str:
        return (
            f"{name:<22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
            f"{c.tp:5d} {c.predicted:5d} {c.gold:5d}"
        )

    rows.append(row("all", report.total))
    for key in ("style", "conflict"):
        rows.append("")
        for name, c in report.by(key).items():
            rows.append(row(f"{key}={name}", c))
    if misses:
        for item in report.items:
            if not item.missed and not item.spurious:
                continue
            rows.append("")
            rows.append(f"[{item.id}] {item.text}")
            rows.extend(f"  missed   {json.dumps(_slim(g))}" for g in item.missed)
            rows.extend(f"  spurious {json.dumps(s)}" for s in item.spurious)
    return "\n".join(rows)


def _slim(gold: dict[str, Any]) -> dict[str, Any]:
    return {k: gold.get(k) for k in ("type", "faction", "place")}
