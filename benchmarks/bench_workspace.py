"""How fast a workspace of 1,000 articles opens to its map (target: <= 3 s).

    python benchmarks/bench_workspace.py [--n 1000] [--runs 5] [--workspace PATH]

Makes (once; kept at --workspace for the next run) a workspace of N articles built
from the seeds' sentences with other Libyan towns swapped in, analysed and cached as
the app and ``python -m geo workspace add`` do, with a few corrections of each kind.
Then times opening it the way the page does after a reload: open the file, read the
cached analyses, apply the corrections, build the layers and render the folium map
the page sends. "warm" is the app's server (gazetteer and code already loaded, as
after the first page); "cold" a new process (imports and the gazetteer included).
Medians over --runs runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_app import TOWNS


def articles(n: int, *, seed: int = 11) -> list[tuple[str, str]]:
    from geo.sentences import split_sentences

    rng = random.Random(seed)
    sentences = [
        s.text
        for p in sorted((ROOT / "seeds").glob("*.txt"))
        for s in split_sentences(p.read_text(encoding="utf-8"))
        if len(s.text) > 40
    ]
    out = []
    for i in range(n):
        picked = rng.sample(sentences, k=min(8, len(sentences)))
        town = rng.choice(TOWNS)
        text = " ".join(
            s.replace("Tarhuna", town).replace("Sirte", rng.choice(TOWNS))
            for s in picked
        )
        day = 1 + i % 28
        out.append(
            (f"bench_{i:04d}.txt", f"Date: 2020-06-{day:02d}\nReport {i}. {text}\n")
        )
    return out


def make(path: Path, n: int) -> None:
    import gazetteer
    from geo.documents import header_date
    from geo.records import Document
    from geo.workspace import Workspace

    ws = Workspace.create(path, name=f"Bench {n}")
    docs = [Document(i, t, header_date(t)) for i, t in articles(n)]
    ws.add(docs)
    gz = gazetteer.load()
    t0 = time.perf_counter()
    analysis = ws.analysis(
        gazetteer=gz,
        progress=lambda i, total, _: print(
            f"\ranalysed {i}/{total}", end="", file=sys.stderr
        ),
    )
    print(
        f"\nanalysed {n} articles in {time.perf_counter() - t0:.1f} s "
        f"({len(analysis.claims)} claims, {analysis.n_mentions} mentions)",
        file=sys.stderr,
    )
    rng = random.Random(3)
    claims = rng.sample(analysis.claims, k=min(40, len(analysis.claims)))
    for c in claims[:10]:
        ws.correct("reject", c.id, analysis=analysis, note="bench")
    for c in claims[10:20]:
        ws.correct("side", c.id, {"side": "GNA"}, analysis=analysis)
    for c in claims[20:30]:
        if c.place is not None:
            ws.correct(
                "move", c.place.id, {"lat": 30.0, "lon": 17.0}, analysis=analysis
            )
    ws.correct(
        "set-control",
        "gn:2210554",
        {
            "side": "LNA",
            "as_of": "2020-06-20",
            "name": "Sirte",
            "lat": 31.20892,
            "lon": 16.58866,
            "geonameid": 2210554,
            "country": "LY",
        },
    )


def open_to_map(path: Path, gz: object) -> dict[str, float]:
    """One page load: wall and CPU seconds of each step."""
    from geo.workspace import Workspace, apply_corrections

    try:
        from geo.map import build_map  # the app's reworked map package
    except ImportError:
        from geo.webmap import build_map

    wall, cpu = [time.perf_counter()], [time.process_time()]

    def lap() -> None:
        wall.append(time.perf_counter())
        cpu.append(time.process_time())

    ws = Workspace(path)
    analysis = ws.analysis(gazetteer=gz)
    lap()
    fixed = apply_corrections(analysis, ws.corrections())
    lap()
    layers = ws.layers(gazetteer=gz, analysis=fixed)
    lap()
    html = build_map(layers, registry=ws.registry()).get_root().render()
    lap()
    assert layers.n_features > 0 and len(html) > 1000
    steps = ("read analyses", "corrections", "layers", "map")
    out = {s: wall[i + 1] - wall[i] for i, s in enumerate(steps)}
    out["total"] = wall[-1] - wall[0]
    out.update({f"{s} CPU": cpu[i + 1] - cpu[i] for i, s in enumerate(steps)})
    out["total CPU"] = cpu[-1] - cpu[0]
    return out


def build_layers_once(path: Path, gz: object) -> float:
    """Building the layers without the cache (the first open after a change)."""
    from geo.layers import build_layers
    from geo.workspace import Workspace

    ws = Workspace(path)
    fixed = ws.corrected(gazetteer=gz)
    t0 = time.perf_counter()
    build_layers(fixed, registry=ws.registry())
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workspace", type=Path, default=None)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    path = (
        args.workspace
        or Path(tempfile.gettempdir()) / f"frontline-bench-{args.n}.sqlite"
    )

    import gazetteer

    if args.once:  # a cold run in its own process
        t0 = time.perf_counter()
        open_to_map(path, gazetteer.load())
        print(f"{time.perf_counter() - t0:.3f}")
        return
    if not path.exists():
        make(path, args.n)
    gz = gazetteer.load()
    open_to_map(path, gz)  # first load: fills any missing cache row
    warm = [open_to_map(path, gz) for _ in range(args.runs)]
    uncached = [build_layers_once(path, gz) for _ in range(args.runs)]
    cold = []
    for _ in range(args.runs):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--once",
                "--n",
                str(args.n),
                "--workspace",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        cold.append(float(out.stdout.strip().splitlines()[-1]))
    from geo.workspace import Workspace

    ws = Workspace(path)
    print(
        f"workspace: {len(ws.documents())} articles, {len(ws.corrections())} "
        f"corrections, {path.stat().st_size / 1e6:.1f} MB"
    )
    for step in warm[0]:
        print(
            f"warm {step:14s} median {statistics.median(r[step] for r in warm):.3f} s"
        )
    print(f"layers without their cache median {statistics.median(uncached):.3f} s")
    print(
        f"cold total (new process, gazetteer load included) median "
        f"{statistics.median(cold):.3f} s"
    )


if __name__ == "__main__":
    main()
