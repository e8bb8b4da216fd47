"""Throughput of the whole parse (names, relatives, regions, anaphora) against the
geotext peer, on the same texts, with both recognition F1 on the same corpus.

    python benchmarks/bench_parse.py [CORPUS.jsonl] [--runs 5] [--limit N]

Defaults to shared/corpora/geovirus.jsonl beside the checkout, else the test sample.
Also times the name scan alone (:func:`gazetteer.scanner.scan`), as a share of the
parse measured in the same run (parse, scan and geotext take turns in every run).
One process, one core; the gazetteer is loaded (and the scanner built) before timing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gazetteer.evaluate import load_corpus, score, toponyms


def _default_corpus() -> Path:
    shared = ROOT.parent / "shared" / "corpora" / "geovirus.jsonl"
    return (
        shared
        if shared.exists()
        else ROOT / "tests" / "data" / "geoparse_geovirus_sample.jsonl"
    )


def _geotext_spans(text: str, geotext_cls) -> list[dict]:
    """geotext returns names, not offsets: find each name's occurrences in order."""
    g = geotext_cls(text)
    spans, seen = [], set()
    for name in [*g.cities, *g.countries]:
        if name in seen:
            continue
        seen.add(name)
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            spans.append({"start": m.start(), "end": m.end()})
    return spans


def _time(
    stages: dict, texts, runs: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds per run of each stage, the stages taking turns in every
    run (a change of load on a shared machine falls on all of them alike): on a
    shared machine the CPU time of this process is the steadier figure of the two,
    and a stage's time over the scan's in the same run steadier still."""
    out: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in stages}
    for _ in range(runs):
        for label, fn in stages.items():
            t0, c0 = time.perf_counter(), time.process_time()
            for t in texts:
                fn(t)
            out[label][0].append(time.perf_counter() - t0)
            out[label][1].append(time.process_time() - c0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(_default_corpus()))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="cProfile one run of parse")
    args = ap.parse_args()

    import gazetteer
    from gazetteer.geoparse import parse
    from gazetteer.scanner import scan

    docs = load_corpus(args.corpus)
    if args.limit:
        docs = docs[: args.limit]
    texts = [d["text"] for d in docs]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    t0 = time.perf_counter()
    gz = gazetteer.load()
    parse("Warm up in Sirte, 30 km west of Tripoli.", gazetteer=gz)
    print(f"load + scanner: {time.perf_counter() - t0:.2f} s")

    if args.profile:
        import cProfile
        import pstats

        for t in texts:  # steady state: shapes and caches warm
            parse(t, gazetteer=gz)
        prof = cProfile.Profile()
        prof.runcall(lambda: [parse(t, gazetteer=gz) for t in texts])
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return 0

    from geotext import GeoText

    for t in texts:  # steady state: shapes and per-name caches warm
        parse(t, gazetteer=gz)
    timed = _time(
        {
            "parse": lambda t: parse(t, gazetteer=gz),
            "scan": lambda t: scan(t, gz),
            "geotext": lambda t: GeoText(t),
        },
        texts,
        args.runs,
    )
    ours, ours_cpu = timed["parse"]
    _, scan_cpu = timed["scan"]
    peer, peer_cpu = timed["geotext"]
    ours_s, peer_s = statistics.median(ours), statistics.median(peer)
    ours_c, peer_c = statistics.median(ours_cpu), statistics.median(peer_cpu)

    f1_ours = score(
        docs, {d["id"]: toponyms(parse(d["text"], gazetteer=gz)) for d in docs}
    )
    f1_peer = score(docs, {d["id"]: _geotext_spans(d["text"], GeoText) for d in docs})
    n = len(texts)
    print(f"corpus: {args.corpus} ({n} docs, {mb:.2f} MB), median of {args.runs} runs")
    print(
        f"gazetteer.parse: {n / ours_s:,.0f} docs/s, {mb / ours_s:.2f} MB/s "
        f"(CPU time: {n / ours_c:,.0f} docs/s, {mb / ours_c:.2f} MB/s), "
        f"overlap F1 {f1_ours['recognition_overlap']['f1']:.3f}, "
        f"exact F1 {f1_ours['recognition_exact']['f1']:.3f}, "
        f"acc@161 {f1_ours['resolution'].get('acc@161')}"
    )
    scan_c = statistics.median(scan_cpu)
    print(
        f"  of which the name scan (gazetteer.scanner.scan): {n / scan_c:,.0f} docs/s "
        f"CPU time, {scan_c / ours_c:.0%} of the parse"
    )
    print(
        f"geotext:         {n / peer_s:,.0f} docs/s, {mb / peer_s:.2f} MB/s "
        f"(CPU time: {n / peer_c:,.0f} docs/s), "
        f"overlap F1 {f1_peer['recognition_overlap']['f1']:.3f}, "
        f"exact F1 {f1_peer['recognition_exact']['f1']:.3f} (no coordinates)"
    )
    print(
        f"throughput ratio parse/geotext: {peer_s / ours_s:.2f} "
        f"(CPU time: {peer_c / ours_c:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
