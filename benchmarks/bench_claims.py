"""Claims per second on one core: extraction alone, and including the geoparse.

    python benchmarks/bench_claims.py [--repeat 5] [--docs 200]

The corpus is the seed articles cycled to ``--docs`` documents (distinct ids). Prints
the median articles/s over ``--repeat`` runs for (a) extract_claims over already parsed
mentions and (b) claims_for_text (gazetteer.parse + extract_claims). The gazetteer is
loaded (and its caches warmed) before timing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--docs", type=int, default=200)
    args = ap.parse_args()

    import gazetteer
    from geo.claims import claims_for_text, extract_claims
    from geo.factions import load_registry
    from geo.records import Document

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs = [Document(f"d{i}", texts[i % len(texts)]) for i in range(args.docs)]
    gz = gazetteer.load()
    reg = load_registry()
    not_places = reg.not_places()
    parsed = [gazetteer.parse(d.text, doc=d.id, gazetteer=gz, not_places=not_places)
              for d in docs]  # also warms every lazy cache
    n_claims = sum(len(extract_claims(d, m, registry=reg)) for d, m in zip(docs, parsed))

    def rate(fn) -> float:
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            runs.append(len(docs) / (time.perf_counter() - t0))
        return statistics.median(runs)

    extract = rate(lambda: [extract_claims(d, m, registry=reg) for d, m in zip(docs, parsed)])
    full = rate(lambda: [claims_for_text(d.text, doc=d.id, gazetteer=gz, registry=reg)
                         for d in docs])
    chars = statistics.mean(len(d.text) for d in docs)
    print(f"{len(docs)} articles (mean {chars:.0f} chars), {n_claims} claims, "
          f"median of {args.repeat} runs")
    print(f"extract_claims only      : {extract:8.0f} articles/s")
    print(f"geoparse + extract_claims: {full:8.0f} articles/s")


if __name__ == "__main__":
    main()
