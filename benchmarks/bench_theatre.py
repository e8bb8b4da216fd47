"""War-zone places located: for each claim place of claims_dev, does the geoparser
put a located mention within 25 km of it? (The held-out measure of issue 11 asks
the same of conflict event reports: a located mention within 25 km of the event.)

    python benchmarks/bench_theatre.py [CLAIMS_DEV.jsonl] [--mode given|none|set]
        [--conflict libya,syria] [--misses] [--km 25]

``--mode given``: the war's countries are passed as the theatre (as a registry with
``"theatre"`` does); ``none``: every sentence alone, theatre inferred from itself;
``set``: the theatre inferred once from all the sentences of the conflict
(:func:`gazetteer.infer_theatre`, as ``geo evaluate-claims`` does for a registry
without one). Default: all three.

Reference points: ``benchmarks/data/claims_dev_places.tsv`` (hand-set; the four
conflicts of the held-out measure and some others). Per place: *near* = some located
mention (place, relative, region) of the sentence lies within ``--km`` of the
reference point; *located* = a located mention overlaps the place's span (all
conflicts); *out* = the mentions of the sentence that lie outside the war's
countries (demonyms and countries named as such left out).
Per sentence (the event measure): its first claim place is near.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gazetteer  # noqa: E402
from gazetteer.sphere import haversine_km  # noqa: E402

#: ISO codes of the countries each conflict of claims_dev is fought in.
THEATRES: dict[str, tuple[str, ...]] = {
    "libya": ("LY",),
    "yemen": ("YE",),
    "iraq": ("IQ",),
    "syria": ("SY",),
    "tigray": ("ET",),
    "karabakh": ("AZ", "AM"),
    "myanmar": ("MM",),
    "drc_m23": ("CD",),
    "mali": ("ML",),
    "gaza": ("PS", "IL"),
    "nigeria": ("NG",),
    "somalia": ("SO",),
}
REFERENCE = ROOT / "benchmarks" / "data" / "claims_dev_places.tsv"


def _default_corpus() -> Path:
    """shared/corpora beside the checkout (or beside the worktrees' folder)."""
    for up in ROOT.parents:
        path = up / "shared" / "corpora" / "claims_dev" / "claims_dev.jsonl"
        if path.exists():
            return path
    return ROOT.parent / "shared" / "corpora" / "claims_dev" / "claims_dev.jsonl"


def load_reference(path: Path = REFERENCE) -> dict[tuple[str, str], tuple[float, float]]:
    ref: dict[tuple[str, str], tuple[float, float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        conflict, place, lat, lon = line.split("\t")[:4]
        ref[(conflict, place)] = (float(lat), float(lon))
    return ref


def _places(row: dict) -> list[str]:
    return list(dict.fromkeys(c["place"] for c in row["claims"] if c["place"]))


def _located(ms) -> list:
    return [m for m in ms if m.lat is not None and m.lon is not None]


def run(rows, mode: str, ref, km: float, misses: bool) -> dict[str, dict[str, list[int]]]:
    """Counts per conflict: {"near": [hit, total], "located": ..., "event": ..., "out": ...}."""
    gz = gazetteer.load()
    by_conflict: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_conflict[r["conflict"]].append(r)
    counts: dict[str, dict[str, list[int]]] = {}
    for conflict, crows in by_conflict.items():
        wanted = THEATRES.get(conflict, ())
        if mode == "given":
            theatre: tuple[str, ...] | None = wanted
        elif mode == "set":
            theatre = gazetteer.infer_theatre([r["text"] for r in crows], gazetteer=gz) or None
        else:
            theatre = None
        c = {k: [0, 0] for k in ("near", "located", "event", "out")}
        for r in crows:
            text = r["text"]
            ms = _located(gazetteer.parse(text, gazetteer=gz, theatre=theatre))
            for m in ms:
                if m.kind in ("place", "relative", "region", "anaphor"):
                    c["out"][1] += 1
                    if _out_of_theatre(m, wanted):
                        c["out"][0] += 1
                        if misses:
                            print(f"  OUT {r['id']} {m.text!r} -> {m.name}/{m.country}")
            for i, place in enumerate(_places(r)):
                s = text.find(place)
                e = s + len(place)
                over = [m for m in ms if m.start < e and m.end > s]
                c["located"][1] += 1
                c["located"][0] += bool(over)
                point = ref.get((conflict, place))
                if point is None:
                    continue
                dists = [haversine_km(point[0], point[1], m.lat, m.lon) for m in ms]
                hit = bool(dists) and min(dists) <= km
                c["near"][1] += 1
                c["near"][0] += hit
                if i == 0:
                    c["event"][1] += 1
                    c["event"][0] += hit
                if misses and not hit:
                    got = "; ".join(
                        f"{m.text}={m.name}/{m.country} {d:.0f} km"
                        for m, d in zip(ms, dists)
                        if m.start < e and m.end > s
                    )
                    print(f"  MISS {r['id']} {place!r}: {got or 'not located'}")
        counts[conflict] = c
    return counts


def _out_of_theatre(m, wanted: tuple[str, ...]) -> bool:
    """A place mention outside the war's countries; a country named as such
    (Egypt, Turkey) is not a place pulled out of the theatre."""
    if m.kind != "place" or not m.country or m.country in wanted:
        return False
    return m.place is None or m.place.kind not in ("country", "continent", "sea")


def _fmt(hit_total: list[int]) -> str:
    h, t = hit_total
    return f"{h}/{t} {100 * h / t:.0f}%" if t else "-"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", nargs="?", default=str(_default_corpus()))
    p.add_argument("--mode", choices=("given", "none", "set", "all"), default="all")
    p.add_argument("--conflict", default="", help="comma-separated conflicts (default all)")
    p.add_argument("--misses", action="store_true", help="print the places not near")
    p.add_argument("--km", type=float, default=25.0)
    args = p.parse_args(argv)
    rows = [json.loads(line) for line in Path(args.corpus).read_text().splitlines() if line]
    if args.conflict:
        keep = set(args.conflict.split(","))
        rows = [r for r in rows if r["conflict"] in keep]
    ref = load_reference()
    modes = ("given", "set", "none") if args.mode == "all" else (args.mode,)
    held = ("libya", "yemen", "iraq", "syria")
    for mode in modes:
        if args.misses:
            print(f"# mode {mode}")
        counts = run(rows, mode, ref, args.km, args.misses)
        print(f"\n## theatre {mode}: near = a located mention within {args.km:g} km")
        print("| conflict | event near | places near | places located | mentions out of theatre |")
        print("|---|---|---|---|---|")
        tot = {k: [0, 0] for k in ("near", "located", "event", "out")}
        four = {k: [0, 0] for k in ("near", "located", "event", "out")}
        for conflict in sorted(counts):
            c = counts[conflict]
            for k, v in c.items():
                tot[k][0] += v[0]
                tot[k][1] += v[1]
                if conflict in held:
                    four[k][0] += v[0]
                    four[k][1] += v[1]
            print(
                f"| {conflict} | {_fmt(c['event'])} | {_fmt(c['near'])} | "
                f"{_fmt(c['located'])} | {_fmt(c['out'])} |"
            )
        for label, t in (("LY+YE+IQ+SY", four), ("all", tot)):
            print(
                f"| **{label}** | {_fmt(t['event'])} | {_fmt(t['near'])} | "
                f"{_fmt(t['located'])} | {_fmt(t['out'])} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
