"""Articles per second of the batch path: one process, and Dask with 1 and 2 workers.

The corpus is real news text repeated to the requested size: the public geoparsing
corpora (../shared/corpora/*.jsonl: LGL and GeoVirus) when present, else the seed
articles. Files are written once to a temporary folder; every mode reads them from
disk, parses, extracts claims and builds the layers. Reported: the median
articles/s over ``--repeat`` runs (whole run, and the analysis alone, without the
layers the client builds), the ratio of 2 workers to 1, and the peak memory (RSS) of
each worker. Workers are prepared by the batch runner's worker plugin (gazetteer,
registry, scanner and land shapes loaded at start) before the clock starts.

    python benchmarks/bench_batch.py --n 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = ROOT.parent / "shared" / "corpora"


def texts(source: str) -> list[str]:
    """Real article texts to repeat."""
    if source == "corpora" and CORPORA.is_dir():
        out = []
        for path in sorted(CORPORA.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    out.append(json.loads(line)["text"])
        if out:
            return out
    return [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    ]


def write_corpus(folder: Path, n: int, source: str) -> list[Path]:
    base = texts(source)
    paths = []
    for i in range(n):
        path = folder / f"{i:06d}.txt"
        path.write_text(base[i % len(base)], encoding="utf-8")
        paths.append(path)
    return paths


def rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_single(paths: list[Path]) -> tuple[float, float, dict[str, float]]:
    from geo.batch import analyse_paths
    from geo.layers import build_layers

    t = time.perf_counter()
    analysis = analyse_paths(paths, scheduler="none")
    analysed = time.perf_counter() - t
    build_layers(analysis)
    return time.perf_counter() - t, analysed, {"main": rss_mb()}


def run_dask(paths: list[Path], workers: int) -> tuple[float, float, dict[str, float]]:
    from distributed import Client

    from geo.batch import analyse_paths, local_cluster, quiet, worker_plugin
    from geo.layers import build_layers

    with quiet(), local_cluster(workers) as cluster, Client(cluster) as client:
        client.register_plugin(worker_plugin())  # prepared before the clock starts
        t = time.perf_counter()
        analysis = analyse_paths(paths, scheduler=cluster.scheduler_address)
        analysed = time.perf_counter() - t
        build_layers(analysis)
        elapsed = time.perf_counter() - t
        memory = {str(k): v for k, v in client.run(rss_mb).items()}
    return elapsed, analysed, memory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", choices=("corpora", "seeds"), default="corpora")
    parser.add_argument(
        "--modes", default="single,1,2", help="single and worker counts"
    )
    args = parser.parse_args(argv)

    import gazetteer

    gazetteer.load()  # built and cached before any timing
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.n, args.source)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"{args.n} articles ({size_mb:.1f} MB) from {args.source}", file=sys.stderr
        )
        modes = args.modes.split(",")
        rates: dict[str, list[float]] = {m: [] for m in modes}
        analysis_rates: dict[str, list[float]] = {m: [] for m in modes}
        memory: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):  # modes take turns, so load changes hit all
            for mode in modes:
                if mode == "single":
                    elapsed, analysed, memory[mode] = run_single(paths)
                else:
                    elapsed, analysed, memory[mode] = run_dask(paths, int(mode))
                rates[mode].append(args.n / elapsed)
                analysis_rates[mode].append(args.n / analysed)
                print(
                    f"  {mode}: {args.n / elapsed:.0f} articles/s "
                    f"(analysis alone {args.n / analysed:.0f}/s)",
                    file=sys.stderr,
                )
        for mode in modes:
            results[mode] = {
                "articles_per_s_median": round(statistics.median(rates[mode])),
                "analysis_articles_per_s_median": round(
                    statistics.median(analysis_rates[mode])
                ),
                "runs": [round(r) for r in rates[mode]],
                "peak_rss_mb_per_worker": {
                    k: round(v) for k, v in memory[mode].items()
                },
            }
        if "1" in results and "2" in results:
            for key in ("articles_per_s_median", "analysis_articles_per_s_median"):
                ratio = results["2"][key] / max(1, results["1"][key])
                results[f"ratio_2_vs_1_{key.split('_')[0]}"] = round(ratio, 2)
    print(
        json.dumps(
            {
                "n": args.n,
                "source": args.source,
                "cpus": os.cpu_count(),
                "load_average": [round(x, 1) for x in os.getloadavg()],
                "results": results,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
