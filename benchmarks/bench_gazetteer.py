"""Gazetteer speed and size: cold load time, resident memory, first parse in a
fresh process, lookups per second, and (with --build) the one-time index build.

Run: python benchmarks/bench_gazetteer.py [--runs 5] [--lookups 100000] [--build]

Each cold load runs in a fresh interpreter (so imports and page cache count as a
user sees them); figures are medians over the runs because the machines are shared
and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

COLD = r"""
import json, resource, time
t0 = time.perf_counter()
import gazetteer
gz = gazetteer.load()
gz.lookup("Sirte")
t1 = time.perf_counter()
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
print(json.dumps({"load_s": t1 - t0, "rss_mb": rss}))
"""


FIRST_PARSE = r"""
import json, sys, time
import gazetteer
t0 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
mentions = gazetteer.parse(text, doc="seed")
t1 = time.perf_counter()
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
print(json.dumps({"first_parse_s": t1 - t0, "rss_mb": rss, "mentions": len(mentions)}))
"""

BUILD = r"""
import json, resource, sys, time
from gazetteer import index
t0 = time.perf_counter()
src, places, aliases = index.default_places()
index.build_index(places, sys.argv[1], aliases=aliases, version="bench", sources=src)
wall = time.perf_counter() - t0
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall_s": wall, "cpu_s": use.ru_utime + use.ru_stime,
                  "peak_mb": use.ru_maxrss / 1024}))
"""


def cold_runs(runs: int, script: str = COLD, *args: str) -> list[dict]:
    out = []
    for _ in range(runs):
        res = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            check=True,
        )
        out.append(json.loads(res.stdout.strip().splitlines()[-1]))
    return out


def mixed_names(gz, n: int, seed: int = 7) -> list[str]:
    """Names as a parser meets them: index names in several casings and spellings,
    and misses (a quarter of the queries are not places)."""
    rng = random.Random(seed)
    keys = list(gz.exact_keys())
    names = []
    for _ in range(n):
        r = rng.random()
        k = rng.choice(keys)
        if r < 0.5:
            names.append(k.title())
        elif r < 0.65:
            names.append(k.upper() if len(k) > 4 else k.title())
        elif r < 0.75:
            names.append("Al-" + k.title())
        else:
            names.append("Qx" + k.title()[::-1])  # almost never a place
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lookups", type=int, default=100_000)
    ap.add_argument(
        "--build", action="store_true", help="also time one build of the default index"
    )
    args = ap.parse_args()

    import gazetteer

    gazetteer.load()  # make sure the index is built before timing cold loads
    cold = cold_runs(args.runs)
    from pathlib import Path

    seed = min((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    first = cold_runs(args.runs, FIRST_PARSE, str(seed))
    gz = gazetteer.load()
    names = mixed_names(gz, args.lookups)
    t = time.perf_counter()
    for name in names:  # one warm-up pass: the place cache fills as in a long session
        gz.candidates(name, limit=1)
    rate_first = len(names) / (time.perf_counter() - t)
    rates_lookup, rates_cand = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        for name in names:
            gz.candidates(name, limit=1)
        rates_lookup.append(len(names) / (time.perf_counter() - t))
        t = time.perf_counter()
        for name in names:
            gz.candidates(name, countries=("LY",), limit=5)
        rates_cand.append(len(names) / (time.perf_counter() - t))
    found = sum(1 for n in names if gz.candidates(n, limit=1))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"index: {len(gz):,} places, {sum(1 for _ in gz.exact_keys()):,} names ({gz.cache_dir})"
    )
    print(
        f"cold load (fresh process, import + load + first lookup): median "
        f"{statistics.median(r['load_s'] for r in cold):.3f} s over {args.runs} runs"
    )
    print(
        f"resident memory after load: median {statistics.median(r['rss_mb'] for r in cold):.0f} MB"
    )
    print(
        f"first parse in a fresh process, after import ({seed.name}, "
        f"{first[0]['mentions']} mentions): median "
        f"{statistics.median(r['first_parse_s'] for r in first):.3f} s, "
        f"{statistics.median(r['rss_mb'] for r in first):.0f} MB resident"
    )
    print(
        f"{len(names):,} mixed lookups ({found / len(names):.0%} found), best candidate: median "
        f"{statistics.median(rates_lookup):,.0f} lookups/s"
    )
    print(
        f"  the first pass over them (nothing memoised yet): {rate_first:,.0f} lookups/s"
    )
    print(
        f"same, top 5 with a country in focus: median {statistics.median(rates_cand):,.0f} lookups/s"
    )

    if args.build:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            b = cold_runs(1, BUILD, str(Path(tmp) / "index"))[0]
        print(
            f"one build of the default index: {b['wall_s']:.0f} s wall, "
            f"{b['cpu_s']:.0f} s CPU, peak {b['peak_mb']:.0f} MB "
            f"(load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
