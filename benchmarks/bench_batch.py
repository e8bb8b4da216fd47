"""Articles per second of the batch path: one process, and Dask with 1 and 2 workers.

What it measures: the wall-clock throughput of the analysis (read, geoparse,
claims; files on disk) of ``--n`` articles, and of the whole run (the analysis and
the layers the caller builds from it), in three modes that start alike:

- ``single``: a fresh process (spawned per run), prepared as a worker is
  (:func:`geo.batch.prepare_worker`), then ``analyse_paths(scheduler="none")``;
- ``1``, ``2``: a fresh local cluster per run, its workers prepared by the batch
  runner's worker plugin, then ``analyse_paths`` on that cluster.

Preparing (gazetteer, registry, the geoparser's and the extractor's lazy parts) is
start time, not analysis time: it is reported apart (``start_cpu_s`` per worker)
and the clock starts after it. Every mode starts with empty name memos, so no mode
profits from an earlier run over the same texts.

The corpus is the public geoparsing corpora (``shared/corpora/*.jsonl`` beside the
checkout or beside its worktree folder; 817 distinct news articles), repeated to
``--n``; the seed articles when no corpus is found (the report says which). A
repeated article costs less the second time *in the same process* (the geoparser
memoises its gazetteer questions), so on a repeated corpus each added worker
re-learns names another already knows; ``distinct_texts`` says how many there are.

Reported per mode: medians over ``--repeat`` runs (modes take turns, so a change of
load hits all) of articles/s, of the CPU per article spent by the workers (their
process CPU over the analysis, over all articles) and by the client (with the
scheduler, which a local cluster runs in the client's process); the load average
before each run; the share of a core each worker got over the analysis (below 1.0
when other work held it back); the peak memory of each worker. Then the ratio of 2
workers to 1 on wall clock (of the medians, and within each round, where both ran
under about the same load), and the CPU-bound ratio the CPU figures allow on two
free cores. The machine is shared: read the wall ratio beside the load average and
the CPU figures.

    python benchmarks/bench_batch.py --n 4000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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

#: Where the corpora are: beside the checkout, or beside the folder of worktrees.
CORPORA = (
    ROOT.parent / "shared" / "corpora",
    ROOT.parent.parent / "shared" / "corpora",
)


def texts(source: str) -> tuple[str, list[str]]:
    """Real article texts to repeat, and where they came from."""
    if source == "corpora":
        for folder in CORPORA:
            out = []
            for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
                for line in path.read_text(encoding="utf-8").split("\n"):
                    if line.strip():
                        out.append(json.loads(line)["text"])
            if out:
                return str(folder), out
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return "seeds", [p.read_text(encoding="utf-8") for p in seeds]


def write_corpus(folder: Path, n: int, base: list[str]) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"{i:06d}.txt"
        path.write_text(base[i % len(base)], encoding="utf-8")
        paths.append(path)
    return paths


def rss_mb() -> float:
    """Peak resident memory of this process, in MB: VmHWM on Linux (the
    ``ru_maxrss`` of a spawned process keeps its parent's peak at the fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _single_child(paths: list[Path]) -> dict[str, Any]:
    """One process, no Dask, prepared as a worker is (runs in a fresh process)."""
    from geo.batch import analyse_paths, prepare_worker
    from geo.layers import build_layers

    cpu = time.process_time()
    prepare_worker()
    start_cpu = time.process_time() - cpu
    t, cpu = time.perf_counter(), time.process_time()
    analysis = analyse_paths(paths, scheduler="none")
    analysed, used = time.perf_counter() - t, time.process_time() - cpu
    build_layers(analysis)
    return {
        "elapsed": time.perf_counter() - t,
        "analysed": analysed,
        "worker_cpu": {"main": used},
        "worker_files": {"main": len(paths)},
        "prepared": [1],
        "client_cpu": 0.0,
        "start_cpu": {"main": start_cpu},
        "memory": {"main": rss_mb()},
    }


def run_single(paths: list[Path]) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_single_child, (paths,))


def run_dask(paths: list[Path], workers: int, partition_size: int) -> dict[str, Any]:
    from distributed import Client

    from geo.batch import analyse_paths, local_cluster, quiet, tally, worker_plugin
    from geo.layers import build_layers

    with quiet(), local_cluster(workers) as cluster, Client(cluster) as client:
        started = client.run(time.process_time)
        client.register_plugin(worker_plugin())  # prepared before the clock starts
        before = client.run(time.process_time)
        t, cpu = time.perf_counter(), time.process_time()
        analysis = analyse_paths(
            paths, scheduler=cluster.scheduler_address, partition_size=partition_size
        )
        analysed = time.perf_counter() - t
        client_cpu = time.process_time() - cpu
        after = client.run(time.process_time)
        build_layers(analysis)
        elapsed = time.perf_counter() - t
        memory = {str(k): v for k, v in client.run(rss_mb).items()}
        tallies = client.run(tally)
    return {
        "elapsed": elapsed,
        "analysed": analysed,
        "worker_cpu": {k: after[k] - before[k] for k in after},
        "worker_files": {k: t.files for k, t in tallies.items()},
        "prepared": sorted(t.prepared for t in tallies.values()),
        "client_cpu": client_cpu,
        "start_cpu": {k: before[k] - started[k] for k in before},
        "memory": memory,
    }


def _median(values: Any, digits: int = 0) -> float:
    return round(statistics.median(values), digits or None)


def summary(n: int, rs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of one mode's runs."""
    return {
        "articles_per_s_median": _median(n / r["elapsed"] for r in rs),
        "analysis_articles_per_s_median": _median(n / r["analysed"] for r in rs),
        "worker_cpu_ms_per_article_median": _median(
            (1000 * sum(r["worker_cpu"].values()) / n for r in rs), 2
        ),
        "client_cpu_ms_per_article_median": _median(
            (1000 * r["client_cpu"] / n for r in rs), 2
        ),
        # CPU the workers got over the analysis, per worker, as a share of a core:
        # under 1.0 other work on the machine (or waiting) held them back
        "worker_core_share_median": _median(
            (
                sum(r["worker_cpu"].values()) / (r["analysed"] * len(r["worker_cpu"]))
                for r in rs
            ),
            2,
        ),
        "start_cpu_s_per_worker_median": _median(
            (statistics.mean(r["start_cpu"].values()) for r in rs), 2
        ),
        "analysis_runs": [round(n / r["analysed"]) for r in rs],
        "load_before_runs": [r["load"] for r in rs],
        "peak_rss_mb_per_worker": [round(v) for v in rs[-1]["memory"].values()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4_000, help="articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--source", choices=("corpora", "seeds"), default="corpora")
    parser.add_argument(
        "--modes", default="single,1,2", help="single and worker counts"
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=None,
        help="files per Dask task (default: the batch runner's choice)",
    )
    args = parser.parse_args(argv)

    import gazetteer

    gazetteer.load()  # built and cached before any timing
    source, base = texts(args.source)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.n, base)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        print(
            f"{args.n} articles ({size_mb:.1f} MB, {min(args.n, len(base))} distinct)"
            f" from {source}",
            file=sys.stderr,
        )
        modes = args.modes.split(",")
        runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
        for _ in range(args.repeat):  # modes take turns, so load changes hit all
            for mode in modes:
                load = round(os.getloadavg()[0], 1)
                r = (
                    run_single(paths)
                    if mode == "single"
                    else run_dask(paths, int(mode), args.partition_size)
                )
                r["load"] = load
                runs[mode].append(r)
                share = sum(r["worker_cpu"].values()) / (
                    r["analysed"] * len(r["worker_cpu"])
                )
                cpu = ", ".join(
                    f"{1000 * v / max(1, r['worker_files'][k]):.2f}"
                    f" ({r['worker_files'][k]} files)"
                    for k, v in r["worker_cpu"].items()
                )
                print(
                    f"  {mode}: analysis {args.n / r['analysed']:.0f} articles/s "
                    f"(whole run {args.n / r['elapsed']:.0f}/s); CPU per article of "
                    f"each worker: {cpu} ms; client "
                    f"{1000 * r['client_cpu'] / args.n:.2f} ms; share of a core per "
                    f"worker {share:.2f}; workers prepared "
                    f"{r['prepared']} times; load before {load}",
                    file=sys.stderr,
                )
        for mode in modes:
            results[mode] = summary(args.n, runs[mode])
        if "1" in results and "2" in results:
            one, two = results["1"], results["2"]
            for key in ("articles_per_s_median", "analysis_articles_per_s_median"):
                ratio = two[key] / max(1, one[key])
                results[f"ratio_2_vs_1_{key.split('_per')[0]}"] = round(ratio, 2)
            # 1 and 2 workers run one after the other in each round: their ratio
            # within a round compares runs under about the same load
            rounds = [
                a["analysed"] / b["analysed"]
                for a, b in zip(runs["1"], runs["2"], strict=True)
            ]
            results["ratio_2_vs_1_analysis_per_round"] = [round(x, 2) for x in rounds]
            results["ratio_2_vs_1_analysis_per_round_median"] = _median(rounds, 2)
            # What two free cores would give: one worker takes its CPU per article
            # (the client's work runs on the other core); two share two cores with
            # the client.
            cost2 = two["worker_cpu_ms_per_article_median"] + two[
                "client_cpu_ms_per_article_median"
            ]
            cost1 = one["worker_cpu_ms_per_article_median"]
            results["cpu_bound_ratio_2_vs_1"] = round(2 * cost1 / max(cost2, 1e-9), 2)
    print(
        json.dumps(
            {
                "n": args.n,
                "source": source,
                "distinct_texts": min(args.n, len(base)),
                "partition_size": args.partition_size or "default",
                "cpus": os.cpu_count(),
                "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
                "results": results,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
