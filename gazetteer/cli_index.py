"""``python -m gazetteer build`` and ``python -m gazetteer lookup``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gazetteer.errors import GazetteerError


def add_parser(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser(
        "build",
        help="build the index (from the shipped data, or from a GeoNames dump)",
        description=(
            "Build the gazetteer index. Without --geonames, (re)builds the default index "
            "from the shipped data into the user cache directory. With --geonames PATH "
            "(cities500.txt/.zip, allCountries.zip, or a country file such as LY.txt), "
            "builds an index of that dump plus the shipped supplement and countries."
        ),
    )
    build.add_argument(
        "--geonames", metavar="PATH", help="a GeoNames dump in its 19-column format"
    )
    build.add_argument("-o", "--output", metavar="DIR", help="where to write the index")
    build.set_defaults(func=run_build)

    lookup = sub.add_parser(
        "lookup",
        help="print the ranked candidates for a name as JSON lines",
        description="Print ranked candidates for NAME, one JSON object per line.",
    )
    lookup.add_argument("name", metavar="NAME")
    lookup.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="CC",
        help=(
            "only places in this country (ISO alpha-2; repeatable, the first "
            "counts most)"
        ),
    )
    lookup.add_argument(
        "--near",
        action="append",
        default=[],
        metavar="LAT,LON",
        help="a point already resolved nearby (repeatable)",
    )
    lookup.add_argument("--limit", type=int, default=5)
    lookup.add_argument(
        "--index", metavar="DIR", help="an index built with `build -o DIR`"
    )
    lookup.set_defaults(func=run_lookup)


def run_build(args: argparse.Namespace) -> int:
    from gazetteer import index, sources

    try:
        if args.geonames is None:
            path = Path(args.output) if args.output else index.default_index_path()
            src, places, aliases = index.default_places()
            index.build_index(
                places,
                path,
                aliases=aliases,
                version=index.default_version(),
                sources=src,
                progress=_progress,
            )
        else:
            if not args.output:
                print(
                    "error: --geonames needs -o DIR (the default index stays built from "
                    "the shipped data)",
                    file=sys.stderr,
                )
                return 2
            path = Path(args.output)
            supplement = [p for p, _, _ in sources.iter_supplement() if p is not None]
            aliases = [
                (gid, names) for p, gid, names in sources.iter_supplement() if p is None
            ]
            from itertools import chain

            places = chain(
                supplement,
                sources.iter_countries(),
                sources.iter_geonames_dump(args.geonames),
            )
            index.build_index(
                places,
                path,
                aliases=aliases,
                version=f"dump:{args.geonames}",
                sources=[str(args.geonames), "gazetteer/data/supplement.csv"],
                progress=_progress,
            )
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    print(
        f"built {meta['places']:,} places, {meta['exact_keys']:,} names in "
        f"{meta['build_seconds']} s at {path}",
        file=sys.stderr,
    )
    return 0


def _progress(it):
    from tqdm import tqdm

    return tqdm(it, unit=" places", desc="gazetteer", file=sys.stderr, disable=None)


def run_lookup(args: argparse.Namespace) -> int:
    from gazetteer.gazetteer import load, open_index

    try:
        near = [tuple(float(v) for v in p.split(",")) for p in args.near]
        if any(len(p) != 2 for p in near):
            raise ValueError
    except ValueError:
        print("error: --near takes LAT,LON, e.g. --near 32.9,13.2", file=sys.stderr)
        return 2
    try:
        gz = open_index(args.index) if args.index else load()
        countries = [c.upper() for c in args.country]
        if countries:
            found = gz.within(args.name, countries, near=near, limit=args.limit)
            if not found:
                print(
                    f"not found: no place called {args.name!r} in "
                    f"{', '.join(countries)}",
                    file=sys.stderr,
                )
                return 1
        else:
            found = gz.candidates(args.name, near=near, limit=args.limit)
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not found:
        print(
            f"not found: no place called {args.name!r} in the gazetteer",
            file=sys.stderr,
        )
        return 1
    for cand in found:
        print(json.dumps(cand.to_json(), ensure_ascii=False))
    return 0
