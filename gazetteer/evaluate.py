"""Scoring the geoparser on a JSONL corpus (the format of shared/corpora): recognition
precision/recall/F1 (exact and overlapping spans) and resolution accuracy@161km, as
the corpora's reference scorer computes them (re-implemented here so that a clone
without shared/ can run it).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from gazetteer.errors import DocumentError
from gazetteer.records import Mention
from gazetteer.sphere import haversine_km  # the scorer's formula and radius

MAX_KM = 20039.0
ACC_KM = 161.0

Span = dict[str, Any]


def load_corpus(path: str | Path) -> list[dict[str, Any]]:
    """Documents of a JSONL corpus; a clear DocumentError for a bad file or line."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError as err:
        raise DocumentError(f"{path}: no such file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise DocumentError(f"{path}: cannot be read as UTF-8 JSONL ({err})") from err
    docs = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            if not isinstance(doc.get("text"), str) or not isinstance(
                doc.get("toponyms"), list
            ):
                raise ValueError("needs 'text' and 'toponyms'")  # noqa: TRY004
        except (ValueError, AttributeError) as err:
            raise DocumentError(f"{path}:{n}: not a corpus line ({err})") from err
        docs.append(doc)
    return docs


def toponyms(
    mentions: Iterable[Mention], *, kinds: Iterable[str] = ("place",)
) -> list[Span]:
    """The mentions a toponym corpus annotates: named places (organisation names
    included, as the corpora tag them) and, when ``kinds`` says so, demonyms."""
    wanted = frozenset(kinds)
    return [
        {"start": m.start, "end": m.end, "lat": m.lat, "lon": m.lon}
        for m in mentions
        if m.kind in wanted
    ]


#: ``auto`` scores demonyms when most of those found are annotated in the corpus.
DEMONYM_MODES = ("auto", "yes", "no")
DEMONYM_GOLD_SHARE = 0.5


def demonym_share(
    gold_docs: Sequence[dict[str, Any]], demonyms: dict[str, list[Span]]
) -> float | None:
    """The share of predicted demonyms that overlap a gold or ignored span: how far
    the corpus's guidelines count "Russian" as a toponym (None: none predicted).

    >>> gold = [{"id": "a", "toponyms": [{"start": 0, "end": 7}]}]
    >>> demonym_share(gold, {"a": [{"start": 0, "end": 7}, {"start": 20, "end": 27}]})
    0.5
    """
    n = hit = 0
    for doc in gold_docs:
        spans = [*doc["toponyms"], *doc.get("ignore_spans", [])]
        for p in demonyms.get(doc["id"], []):
            n += 1
            hit += any(_overlap(p, g) for g in spans)
    return hit / n if n else None


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _match(
    gold: Sequence[Span], pred: Sequence[Span], *, exact: bool
) -> list[tuple[int, int]]:
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if exact:
                if g["start"] == p["start"] and g["end"] == p["end"]:
                    pairs.append((g["end"] - g["start"], i, j))
            else:
                o = _overlap(g, p)
                if o > 0:
                    pairs.append((o, i, j))
    pairs.sort(reverse=True)
    gi: set[int] = set()
    pj: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in gi or j in pj:
            continue
        gi.add(i)
        pj.add(j)
        out.append((i, j))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score(
    gold_docs: Sequence[dict[str, Any]], predicted: dict[str, list[Span]]
) -> dict[str, Any]:
    """Recognition and resolution figures, as shared/corpora/score.py computes them.

    >>> gold = [{"id": "a", "toponyms": [{"start": 0, "end": 5, "lat": 0.0, "lon": 0.0}]}]
    >>> r = score(gold, {"a": [{"start": 0, "end": 5, "lat": 0.5, "lon": 0.0}]})
    >>> r["recognition_exact"]["f1"], r["resolution"]["acc@161"]
    (1.0, 1.0)
    """
    counts = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
    errors: list[float] = []
    n_gold = 0
    for doc in gold_docs:
        gold = doc["toponyms"]
        ignore = doc.get("ignore_spans", [])
        pred = predicted.get(doc["id"], [])
        n_gold += len(gold)
        for mode in ("exact", "overlap"):
            m = _match(gold, pred, exact=mode == "exact")
            used = {j for _, j in m}
            fp = sum(
                1
                for j, p in enumerate(pred)
                if j not in used and not any(_overlap(p, s) for s in ignore)
            )
            c = counts[mode]
            c[0] += len(m)
            c[1] += fp
            c[2] += len(gold) - len(m)
            if mode == "overlap":
                for i, j in m:
                    p = pred[j]
                    if p.get("lat") is None or p.get("lon") is None:
                        continue
                    g = gold[i]
                    errors.append(
                        haversine_km(
                            g["lat"], g["lon"], float(p["lat"]), float(p["lon"])
                        )
                    )
    errors.sort()
    n = len(errors)
    resolution: dict[str, Any] = {"n_resolved": n}
    if n:
        median = errors[n // 2] if n % 2 else (errors[n // 2 - 1] + errors[n // 2]) / 2
        resolution.update(
            {
                "acc@161": round(sum(e < ACC_KM for e in errors) / n, 4),
                "mean_km": round(sum(errors) / n, 1),
                "median_km": round(median, 1),
                "auc": round(_auc(errors), 4) if n > 1 else None,
                "e2e_acc@161": round(sum(e < ACC_KM for e in errors) / n_gold, 4)
                if n_gold
                else None,
            }
        )
    return {
        "recognition_exact": _prf(*counts["exact"]),
        "recognition_overlap": _prf(*counts["overlap"]),
        "resolution": resolution,
    }


def _auc(errors: Sequence[float]) -> float:
    ys = sorted(math.log1p(e) for e in errors)
    area = sum((ys[k] + ys[k + 1]) / 2 for k in range(len(ys) - 1))
    return area / ((len(ys) - 1) * math.log(MAX_KM))


def evaluate(
    docs: Sequence[dict[str, Any]],
    parser: Callable[[str], Iterable[Mention]],
    *,
    demonyms: str = "auto",
) -> dict[str, Any]:
    """Run ``parser`` over every document and score it; adds docs, seconds, docs/s.

    ``demonyms``: "yes" scores demonym mentions as toponyms, "no" leaves them out,
    "auto" scores them when the corpus annotates most of them (its guidelines
    decide: LGL tags "Russian", GeoVirus does not); the result says which.
    """
    if demonyms not in DEMONYM_MODES:
        raise ValueError(f"demonyms must be one of {DEMONYM_MODES}, not {demonyms!r}")
    t0 = time.perf_counter()
    parsed = {d["id"]: list(parser(d["text"])) for d in docs}
    seconds = time.perf_counter() - t0
    found = {k: toponyms(ms, kinds=("demonym",)) for k, ms in parsed.items()}
    share = demonym_share(docs, found)
    scored = demonyms == "yes" or (
        demonyms == "auto" and share is not None and share >= DEMONYM_GOLD_SHARE
    )
    kinds = ("place", "demonym") if scored else ("place",)
    predicted = {k: toponyms(ms, kinds=kinds) for k, ms in parsed.items()}
    result = score(docs, predicted)
    result["demonyms"] = {
        "scored": scored,
        "found": sum(map(len, found.values())),
        "gold_share": None if share is None else round(share, 3),
    }
    result["docs"] = len(docs)
    result["seconds"] = round(seconds, 2)
    result["docs_per_s"] = round(len(docs) / seconds, 1) if seconds else None
    return result


def summary(name: str, result: dict[str, Any]) -> str:
    """One line a person can read."""
    rx, ro, res = (
        result["recognition_exact"],
        result["recognition_overlap"],
        result["resolution"],
    )
    return (
        f"{name}: {result.get('docs', '?')} docs; recognition exact P {rx['precision']:.3f} "
        f"R {rx['recall']:.3f} F1 {rx['f1']:.3f}; overlap P {ro['precision']:.3f} "
        f"R {ro['recall']:.3f} F1 {ro['f1']:.3f}; acc@161 {res.get('acc@161')} "
        f"e2e_acc@161 {res.get('e2e_acc@161')} median {res.get('median_km')} km "
        f"(n={res['n_resolved']}){_demonym_note(result)}"
    )


def _demonym_note(result: dict[str, Any]) -> str:
    d = result.get("demonyms")
    if not d or not d["found"]:
        return ""
    share = d["gold_share"]
    how = "scored" if d["scored"] else "not scored"
    return f"; demonyms {how} ({d['found']} found, {share:.0%} annotated)"
