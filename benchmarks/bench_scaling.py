"""Does cost grow linearly with the input? Time and peak memory in 10x steps.

Three series, each point measured in a fresh process (so each peak memory is its
own) and repeated ``--repeat`` times (medians):

- **articles**: 10 -> 100 -> 1,000 -> 10,000 news articles analysed in one process
  (geoparse + claims) and turned into layers;
- **document**: one article of 100 kB -> 1 MB -> 5 MB (news text run together),
  geoparse and claims timed apart;
- **one-line file**: ``python -m geo map`` on a file of one sentence, the peak
  memory of the whole command.

For each step it prints the wall and CPU seconds, the peak resident memory (MB), and
the growth against the step before: ``cost ratio / input ratio`` (1.0 is linear;
2.0 means twice the cost per unit of input). Texts are the public geoparsing corpora
(``shared/corpora/*.jsonl`` beside the checkout) when present, else the seeds.

    python benchmarks/bench_scaling.py [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = [
    ROOT.parent / "shared" / "corpora",
    ROOT.parent.parent / "shared" / "corpora",
]

ARTICLES = (10, 100, 1_000, 10_000)
DOCUMENT_BYTES = (100_000, 1_000_000, 5_000_000)


def texts() -> tuple[str, list[str]]:
    """Real article texts: the corpora if found, else the seed articles."""
    for folder in CORPORA:
        out = []
        for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    out.append(json.loads(line)["text"])
        if out:
            return "corpora", out
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    return "seeds", [p.read_text(encoding="utf-8") for p in seeds]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (MB), from /proc on Linux; the peak elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


# ------------------------------------------------------------------ child processes


def _prepared():
    """The gazetteer, with every lazy part (scanner, land shapes) loaded before the
    clock starts, as the batch runner prepares its workers."""
    from geo.batch import prepare_worker, worker_gazetteer

    prepare_worker()
    return worker_gazetteer()


def child_articles(n: int) -> dict[str, float]:
    from geo.layers import build_layers
    from geo.pipeline import analyse
    from geo.records import Document

    gz = _prepared()
    base = texts()[1]
    docs = [Document(f"{i:06d}.txt", base[i % len(base)]) for i in range(n)]
    analyse(docs[:2], gazetteer=gz)  # claims' lazy parts too
    wall, cpu = time.perf_counter(), time.process_time()
    analysis = analyse(docs, gazetteer=gz)
    build_layers(analysis)
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "claims": len(analysis.claims),
    }


def child_document(size: int) -> dict[str, float]:
    import gazetteer
    from geo.claims import extract_claims
    from geo.records import Document

    gz = _prepared()
    base = texts()[1]
    parts, total, i = [], 0, 0
    while total < size:
        text = base[i % len(base)]
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        i += 1
    text = "\n\n".join(parts)
    ready = rss_mb()  # every resource loaded, the text built: the fixed cost
    wall, cpu = time.perf_counter(), time.process_time()
    mentions = gazetteer.parse(text, doc="long.txt", gazetteer=gz)
    after_parse = rss_mb()
    parse_wall, parse_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    claims = extract_claims(Document("long.txt", text), mentions)
    return {
        "bytes": len(text.encode("utf-8")),
        "parse_wall_s": parse_wall,
        "parse_cpu_s": parse_cpu,
        "claims_wall_s": time.perf_counter() - wall,
        "claims_cpu_s": time.process_time() - cpu,
        "wall_s": parse_wall + time.perf_counter() - wall,
        "cpu_s": parse_cpu + time.process_time() - cpu,
        "ready_mb": ready,
        "after_parse_mb": after_parse,
        "peak_mb": peak_mb(),
        "mentions": len(mentions),
        "claims": len(claims),
    }


def one_line_command() -> dict[str, float]:
    """Peak memory of ``python -m geo map`` on a one-sentence file."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "one.txt"
        src.write_text("The LNA captured Sirte on Monday.\n", encoding="utf-8")
        t = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(
            [sys.executable, "-m", "geo", "map", str(src), "-o", f"{tmp}/o.geojson"],
            check=True,
            capture_output=True,
            env=_env(),
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # ru_maxrss of children is the largest child so far: run this first.
        return {"wall_s": time.perf_counter() - t, "peak_mb": max(after, before) / 1024}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _in_child(kind: str, value: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(value)],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------ the report


def _series(kind: str, steps: tuple[int, ...], repeat: int) -> list[dict]:
    rows = []
    for value in steps:
        runs = [_in_child(kind, value) for _ in range(repeat)]
        row = {"input": value}
        for key in runs[0]:
            row[key] = round(statistics.median(r[key] for r in runs), 3)
        rows.append(row)
        print(f"  {kind} {value:>10,}: {_fmt(row)}", file=sys.stderr)
    for before, after in itertools.pairwise(rows):
        grow = after["input"] / before["input"]
        for key in ("wall_s", "cpu_s", "parse_cpu_s", "claims_cpu_s"):
            if key in after and before[key] > 0:
                after[f"growth_{key}"] = round(after[key] / before[key] / grow, 2)
    return rows


def _fmt(row: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in row.items() if k != "input")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smaller steps only")
    parser.add_argument("--series", default="line,document,articles")
    parser.add_argument(
        "--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        kind, value = args.child[0], int(args.child[1])
        result = child_articles(value) if kind == "articles" else child_document(value)
        print(json.dumps(result))
        return 0

    import gazetteer

    gazetteer.load()  # the index is built before anything is timed
    source, _ = texts()
    report: dict = {"source": source, "cpus": os.cpu_count()}
    series = args.series.split(",")
    if "line" in series:
        runs = [one_line_command() for _ in range(args.repeat)]
        report["one_line_file"] = {
            k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]
        }
        print(f"  one-line file: {_fmt(report['one_line_file'])}", file=sys.stderr)
    if "document" in series:
        steps = DOCUMENT_BYTES[:2] if args.quick else DOCUMENT_BYTES
        report["document"] = _series("document", steps, args.repeat)
    if "articles" in series:
        steps = ARTICLES[:3] if args.quick else ARTICLES
        report["articles"] = _series("articles", steps, args.repeat)
    report["load_average"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
