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
from typing import Any

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


def run_single(paths: list[Path]) -> dict[str, Any]:
    from geo.batch import analyse_paths
    from geo.layers import build_layers

    t, cpu = time.perf_counter(), time.process_time()
    analysis = analyse_paths(paths, scheduler="none")
    analysed, used = time.perf_counter() - t, time.process_time() - cpu
    build_layers(analysis)
    return {
        "elapsed": time.perf_counter() - t,
        "analysed": analysed,
        "analysis_cpu": used,
        "memory": {"main": rss_mb()},
    }


def run_dask(paths: list[Path], workers: int) -> dict[str, Any]:
    from distributed import Client

    from geo.batch import analyse_paths, local_cluster, quiet, worker_plugin
    from geo.layers import build_layers

    with quiet(), local_cluster(workers) as cluster, Client(cluster) as client:
        client.register_plugin(worker_plugin())  # prepared before the clock starts
        before = client.run(time.process_time)
        t, cpu = time.perf_counter(), time.process_time()
        analysis = analyse_paths(paths, scheduler=cluster.scheduler_address)
        analysed = time.perf_counter() - t
        client_cpu = time.process_time() - cpu
        after = client.run(time.process_time)
        build_layers(analysis)
        elapsed = time.perf_counter() - t
        memory = {str(k): v for k, v in client.run(rss_mb).items()}
    worker_cpu = sum(after[k] - before[k] for k in after)
    return {
        "elapsed": elapsed,
        "analysed": analysed,
        "analysis_cpu": worker_cpu + client_cpu,
        "memory": memory,
    }


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
        runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
        for _ in range(args.repeat):  # modes take turns, so load changes hit all
            for mode in modes:
                r = (
                    run_single(paths)
                    if mode == "single"
                    else run_dask(paths, int(mode))
                )
                runs[mode].append(r)
                print(
                    f"  {mode}: {args.n / r['elapsed']:.0f} articles/s "
                    f"(analysis alone {args.n / r['analysed']:.0f}/s, "
                    f"{1000 * r['analysis_cpu'] / args.n:.1f} ms CPU per article)",
                    file=sys.stderr,
                )
        for mode in modes:
            rs = runs[mode]
            results[mode] = {
                "articles_per_s_median": round(
                    statistics.median(args.n / r["elapsed"] for r in rs)
                ),
                "analysis_articles_per_s_median": round(
                    statistics.median(args.n / r["analysed"] for r in rs)
                ),
                "analysis_cpu_ms_per_article_median": round(
                    statistics.median(1000 * r["analysis_cpu"] / args.n for r in rs), 2
                ),
                "runs": [round(args.n / r["elapsed"]) for r in rs],
                "peak_rss_mb_per_worker": {
                    k: round(v) for k, v in rs[-1]["memory"].items()
                },
            }
        if "1" in results and "2" in results:
            for key in ("articles_per_s_median", "analysis_articles_per_s_median"):
                ratio = results["2"][key] / max(1, results["1"][key])
                results[f"ratio_2_vs_1_{key.split('_per')[0]}"] = round(ratio, 2)
            cpu1 = results["1"]["analysis_cpu_ms_per_article_median"]
            cpu2 = results["2"]["analysis_cpu_ms_per_article_median"]
            # CPU per article alike on 1 and 2 workers: nothing is redone per worker
            # or per task, so 2 workers reach 2x wherever 2 cores are free.
            results["cpu_per_article_2_vs_1"] = round(cpu2 / max(cpu1, 1e-9), 2)
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
