"""``python -m geo changes FILE_OR_DIR... --from D1 --to D2``: what changed hands.

Analyses the articles (as ``geo map`` does), builds the map as of both dates and
prints one JSON object per place or area whose controller changed
(:meth:`geo.control.timeline.Change.to_json`): kind (place / area), id, name,
before, after, before_status, after_status, from, to, lat, lon, area_km2, geometry
(areas) and evidence (the claims behind the new state, with their sentences).
Unreadable files get one line on stderr; the others still count.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    from geo.cli_map import _date

    p = subparsers.add_parser(
        "changes",
        help="places and areas whose controller changed between two dates (JSON Lines)",
        description=(
            "Print one JSON object per place or area whose controlling side changed "
            "between --from and --to, with the claims that changed it."
        ),
    )
    p.add_argument(
        "inputs", nargs="+", metavar="FILE_OR_DIR", help="articles (UTF-8 .txt)"
    )
    p.add_argument(
        "--from", dest="start", required=True, type=_date, metavar="YYYY-MM-DD"
    )
    p.add_argument("--to", dest="end", required=True, type=_date, metavar="YYYY-MM-DD")
    p.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date of the articles (overrides a 'Date:' line in them)",
    )
    p.add_argument(
        "--factions", type=Path, metavar="FILE", help="faction registry (JSON)"
    )
    p.add_argument(
        "--settlements",
        action="store_true",
        help="also list each unnamed settlement that changed hands (the area "
        "changes sum them up)",
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    from geo.cli_map import _registry
    from geo.control.timeline import changes
    from geo.documents import iter_paths
    from geo.pipeline import analyse

    if args.end < args.start:
        print(f"error: --to {args.end} is before --from {args.start}", file=sys.stderr)
        return 2
    paths = iter_paths(args.inputs)
    if not paths:
        print(
            "error: no input files (directories are searched for *.txt)",
            file=sys.stderr,
        )
        return 2
    try:
        registry = _registry(args.factions)
        analysis = analyse(paths, registry=registry, date=args.date)
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for failure in analysis.failures:
        print(f"skipped: {failure}", file=sys.stderr)
    if not analysis.documents:
        print("error: no document could be read", file=sys.stderr)
        return 1
    found = changes(
        analysis,
        start=args.start,
        end=args.end,
        registry=registry,
        include_settlements=args.settlements,
    )
    out = sys.stdout
    for change in found:
        out.write(json.dumps(change.to_json(), ensure_ascii=False) + "\n")
    print(f"changes: {len(found)}", file=sys.stderr)
    return 0
