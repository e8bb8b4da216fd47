"""Claims per second on one core: extraction alone, and including the geoparse.

    python benchmarks/bench_claims.py [--repeat 7] [--docs 200] [--limit 300]
                                      [--corpus A.jsonl ...] [--growth]

Two text sets:

(a) the seed articles cycled to ``--docs`` documents: long reports, dense in claims;
(b) news corpora (LGL, GeoVirus from ``shared/corpora`` beside the checkout, or the
    files given with ``--corpus``; their first ``--limit`` texts): typical news with
    few claims. A missing corpus is skipped with a message.

For each set it prints the median over ``--repeat`` runs of the geoparse alone (the
registry's aliases as ``not_places``), the geoparse as ``analyse_text`` calls it
(:func:`geo.pipeline.geoparse`: also the registry's theatre, demonyms dropped),
``extract_claims`` alone (over those mentions), the dating of the claims, and
``claims_for_text`` (geoparse + claims), in articles/s, MB/s (UTF-8) and ms per
article; then what ``claims_for_text`` costs beyond the sum of its pieces. The gazetteer is
loaded and every lazy cache warmed before timing; one process, one core. On a shared
machine the rates move with the load: each set also times the bare name scan
(:func:`gazetteer.scanner.scan`) in the same run, and prints every stage's time as a
multiple of it (a figure that moves far less with the load).

(c) ``--growth``: one long article made of the seeds repeated to 100 kB, 1 MB and
5 MB, with the mentions of one copy shifted to every repetition (so only the claims
stage is timed): ``extract_claims`` seconds per MB at each size, and the ratio to
the 100 kB figure (1.0 is linear).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPORA = next(
    (
        p / "shared" / "corpora"
        for p in ROOT.parents
        if (p / "shared" / "corpora").is_dir()
    ),
    ROOT.parent / "shared" / "corpora",
)


def _median_seconds(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: steadier than wall time on a shared box
        fn()
        runs.append(time.process_time() - t0)
    return statistics.median(runs)


def _median_seconds_in_turns(
    stages: dict[str, Callable[[], object]], repeat: int
) -> dict[str, float]:
    """Median CPU seconds of each stage, the stages taking turns in every run (so
    that a change of load on a shared machine falls on all of them alike)."""
    runs: dict[str, list[float]] = {label: [] for label in stages}
    for _ in range(repeat):
        for label, fn in stages.items():
            t0 = time.process_time()
            fn()
            runs[label].append(time.process_time() - t0)
    return {label: statistics.median(r) for label, r in runs.items()}


def _load_jsonl(path: Path, limit: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    return texts


def _report(name: str, texts: list[str], *, repeat: int) -> None:
    import gazetteer
    from geo.claims import claims_for_text, extract_claims
    from geo.factions import load_registry
    from gazetteer.scanner import scan
    from geo.pipeline import date_claims, geoparse
    from geo.records import Document

    gz = gazetteer.load()
    reg = load_registry()
    not_places = reg.not_places()
    docs = [Document(f"d{i}", t) for i, t in enumerate(texts)]
    for d in docs:  # warms every lazy cache
        gazetteer.parse(d.text, doc=d.id, gazetteer=gz, not_places=not_places)
    parsed = [geoparse(d, gazetteer=gz, registry=reg) for d in docs]
    extracted = [extract_claims(d, m, registry=reg) for d, m in zip(docs, parsed)]
    n_claims = sum(len(c) for c in extracted)

    def parse_only() -> None:
        for d in docs:
            gazetteer.parse(d.text, doc=d.id, gazetteer=gz, not_places=not_places)

    def parse_as_pipeline() -> None:
        for d in docs:
            geoparse(d, gazetteer=gz, registry=reg)

    def extract_only() -> None:
        for d, m in zip(docs, parsed):
            extract_claims(d, m, registry=reg)

    def date_only() -> None:
        for d, claims in zip(docs, extracted):
            date_claims(claims, d.date)

    def both() -> None:
        for d in docs:
            claims_for_text(d.text, doc=d.id, gazetteer=gz, registry=reg)

    def scan_only() -> None:
        for d in docs:
            scan(d.text, gz)

    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(
        f"\n{name}: {len(docs)} articles, mean {size_mb * 1e6 / len(docs):,.0f} bytes, "
        f"{n_claims} claims; median of {repeat} runs"
    )
    stages = {
        "geoparse only": parse_only,
        "geoparse as analyse_text": parse_as_pipeline,
        "extract_claims only": extract_only,
        "date_claims only": date_only,
        "geoparse + extract_claims": both,
        "name scan alone": scan_only,
    }
    times = _median_seconds_in_turns(stages, repeat)
    for label, sec in times.items():
        print(
            f"  {label:<26}{len(docs) / sec:9,.0f} articles/s {size_mb / sec:7.2f} MB/s "
            f"{sec / len(docs) * 1e3:7.3f} ms/article"
        )
    pieces = sum(
        times[k]
        for k in ("geoparse as analyse_text", "extract_claims only", "date_claims only")
    )
    print(
        "  claims_for_text beyond its pieces (geoparse as analyse_text + extract + "
        f"dating): {(times['geoparse + extract_claims'] - pieces) / len(docs) * 1e3:+.3f}"
        " ms/article"
    )
    scan_sec = times["name scan alone"]
    print(
        "  time as a multiple of the name scan in this run: "
        + ", ".join(
            f"{label} x{sec / scan_sec:.2f}"
            for label, sec in times.items()
            if label != "name scan alone"
        )
    )


def _growth(repeat: int) -> None:
    import dataclasses

    import gazetteer
    from geo.claims import extract_claims
    from geo.factions import load_registry
    from geo.records import Document

    gz = gazetteer.load()
    reg = load_registry()
    unit = (
        "\n\n".join(
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "seeds").glob("*.txt"))
        )
        + "\n\n"
    )
    base = gazetteer.parse(unit, doc="big", gazetteer=gz, not_places=reg.not_places())
    print("\n(c) one long article: extract_claims time per MB as it grows")
    first = None
    for target in (100_000, 1_000_000, 5_000_000):
        copies = max(1, target // len(unit))
        text = unit * copies
        mentions = [
            dataclasses.replace(
                m, start=m.start + k * len(unit), end=m.end + k * len(unit)
            )
            for k in range(copies)
            for m in base
        ]
        doc = Document("big", text)
        n = len(extract_claims(doc, mentions, registry=reg))
        runs = max(1, repeat if target < 1_000_000 else min(repeat, 3))
        sec = _median_seconds(
            lambda d=doc, ms=mentions: extract_claims(d, ms, registry=reg), runs
        )
        mb = len(text.encode("utf-8")) / 1e6
        per_mb = sec / mb
        first = first or per_mb
        print(
            f"  {mb:6.2f} MB  {n:7,d} claims  {sec:7.2f} s  {per_mb:6.2f} s/MB  "
            f"x{per_mb / first:4.2f} of the 100 kB rate (median of {runs})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--docs", type=int, default=200, help="seed articles (cycled)")
    ap.add_argument("--limit", type=int, default=300, help="texts per corpus")
    ap.add_argument("--corpus", nargs="*", type=Path, default=None)
    ap.add_argument("--growth", action="store_true", help="also (c): 100 kB-5 MB")
    ap.add_argument("--growth-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.growth_only:
        _growth(args.repeat)
        return

    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    _report(
        "(a) seeds cycled",
        [seeds[i % len(seeds)] for i in range(args.docs)],
        repeat=args.repeat,
    )
    corpora = args.corpus or [CORPORA / "lgl.jsonl", CORPORA / "geovirus.jsonl"]
    for path in corpora:
        if not path.exists():
            print(f"\n(b) {path}: not found, skipped (pass --corpus FILE.jsonl)")
            continue
        _report(f"(b) {path.name}", _load_jsonl(path, args.limit), repeat=args.repeat)
    if args.growth:
        _growth(args.repeat)


if __name__ == "__main__":
    main()
