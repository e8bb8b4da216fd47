"""Seconds to build the control map (places, settlements, areas, front) after analysis.

A synthetic war over the real settlements of Donetsk oblast: the front runs along a
diagonal; each article makes five dated claims (control, strikes, reinforcements,
positions, withdrawals) about towns on the side the claim fits, plus two mentions
without a claim. The analysis is built once per size; the timed part is
``geo.layers.build_layers`` (control estimate, areas, front, all layers), as the CLI
and the app run it. Reported: the median CPU seconds of ``--repeat`` runs per size,
and the ratio to the previous size (linear growth gives 10x per 10x step, less
while fixed costs dominate).

    python benchmarks/bench_control.py --sizes 100 1000 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BOX = (47.6, 36.8, 48.9, 38.6)  # lat0, lon0, lat1, lon1 (Donetsk oblast)
START = dt.date(2024, 1, 1)


def _side(p) -> str:
    # the front: a diagonal through Horlivka-Avdiivka; east of it Russian
    return "RUS" if p.lon - 37.75 > 0.4 * (p.lat - 48.14) else "UKR"


def synthetic(n: int, seed: int = 7):
    import gazetteer
    from gazetteer.records import Mention
    from geo.pipeline import Analysis
    from geo.records import Claim, Document

    gz = gazetteer.load()
    lat0, lon0, lat1, lon1 = BOX
    towns = [
        p
        for p in gz.settlements(["UA"])
        if lat0 <= p.lat <= lat1 and lon0 <= p.lon <= lon1
    ]
    rng = random.Random(seed)
    other = {"RUS": "UKR", "UKR": "RUS"}
    docs, mentions, claims = [], {}, []
    for i in range(n):
        doc = f"{i:06d}.txt"
        date = START + dt.timedelta(days=rng.randrange(90))
        text, ms = "", []
        for k in range(7):
            p = rng.choice(towns)
            sentence = f"Report {k} about {p.name} from the front line today."
            start = len(text)
            text += sentence + " "
            at = start + sentence.index(p.name)
            m = Mention(
                doc,
                at,
                at + len(p.name),
                p.name,
                "place",
                p.name,
                p.lat,
                p.lon,
                geonameid=p.geonameid,
                country=p.country,
                place=p,
            )
            ms.append(m)
            if k >= 5:
                continue  # a mention without a claim
            side = _side(p)
            kind, faction, extra = rng.choice(
                [
                    ("control", side, {}),
                    ("strike", other[side], {"target": side}),
                    ("movement", side, {"kind": "reinforcement"}),
                    ("position", side, {}),
                    ("movement", other[side], {"kind": "withdrawal"}),
                ]
            )
            claims.append(
                Claim(
                    doc,
                    kind,
                    faction,
                    m,
                    sentence,
                    start,
                    start + len(sentence),
                    date=date,
                    confidence=rng.choice([0.6, 0.8, 0.9]),
                    **extra,
                )
            )
        docs.append(Document(doc, text, date))
        mentions[doc] = ms
    return Analysis(tuple(docs), mentions, claims, [])


def registry():
    from geo.factions import registry_from_dict

    return registry_from_dict(
        {
            "name": "bench",
            "factions": [
                {
                    "id": "UKR",
                    "label": "Ukraine",
                    "colour": "#1f77b4",
                    "opposes": ["RUS"],
                    "aliases": ["Ukrainian forces"],
                },
                {
                    "id": "RUS",
                    "label": "Russia",
                    "colour": "#d62728",
                    "opposes": ["UKR"],
                    "aliases": ["Russian forces"],
                },
            ],
        }
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from geo.layers import build_layers

    reg = registry()
    build_layers(synthetic(10), registry=reg)  # warm: gazetteer, land shapes
    previous = None
    print("articles  claims  settlements  areas  front  median_s  ratio")
    for n in args.sizes:
        analysis = synthetic(n)
        times = []
        for _ in range(args.repeat):
            t0 = time.process_time()
            layers = build_layers(analysis, registry=reg)
            times.append(time.process_time() - t0)
        med = statistics.median(times)
        ratio = "" if previous is None else f"{med / previous:.1f}x"
        print(
            f"{n:8d}  {len(analysis.claims):6d}  {len(layers.settlements):11d}  "
            f"{len(layers.areas):5d}  {len(layers.front_line):5d}  {med:8.2f}  {ratio}"
        )
        previous = med
    return 0


if __name__ == "__main__":
    sys.exit(main())
