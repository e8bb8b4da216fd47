"""``python -m geo claims FILE...``: one JSON object per claim (JSON Lines).

Each object is :meth:`geo.records.Claim.to_json`: doc, type, kind, faction, target,
place, place_text, lat, lon, origin, sentence, start, end, casualties, implied,
confidence, date, quoted_by, factions (the sides of a frontline). A file that cannot
be read gets one line on stderr and the others are still processed; the exit code is 1
if any failed.
"""

from __future__ import annotations

import argparse
import sys

from gazetteer.errors import GazetteerError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "claims",
        help="who controls, holds, moves to and strikes where, with the source sentence",
        description="Print one JSON object per claim (JSON Lines), file after file.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    p.add_argument(
        "--factions",
        metavar="FACTIONS.json",
        default=None,
        help="a faction registry of your own (default: the shipped Libya 2020 one)",
    )
    p.set_defaults(func=run_claims)


def run_claims(args: argparse.Namespace) -> int:
    import gazetteer
    from gazetteer.cli import print_json_lines_per_file
    from geo.documents import load_document
    from geo.factions import load_registry
    from geo.pipeline import claims_for_text

    try:
        registry = load_registry(args.factions)
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1

    def claims_of(path: str) -> list[dict]:
        document = load_document(path)
        claims = claims_for_text(
            document.text,
            doc=document.id,
            gazetteer=gazetteer.load(),
            registry=registry,
            date=document.date,
        )
        return [claim.to_json() for claim in claims]

    return print_json_lines_per_file(args.files, claims_of)
