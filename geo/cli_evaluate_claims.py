"""``python -m geo evaluate-claims FILE [--registries DIR] [--misses] [--json]``.

Scores the claim extractor (geoparse + claims, as ``python -m geo claims`` runs them)
on an annotated JSONL file such as claims_dev: precision, recall and F1 overall, per
style and per conflict. A claim counts when its type, faction and place agree with a
gold claim. The registry of each conflict is ``DIR/<conflict>.json`` (default: the
``registries`` folder beside FILE; the shipped registry where there is none); a
registry without a theatre gets the one its conflict's sentences point to.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gazetteer.errors import GazetteerError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "evaluate-claims",
        help="precision/recall of the claims on an annotated JSONL file",
        description="Score geoparse + claims on annotated sentences (claims_dev).",
    )
    p.add_argument("file", metavar="FILE", help="annotated JSONL (claims_dev format)")
    p.add_argument(
        "--registries",
        metavar="DIR",
        default=None,
        help="folder of <conflict>.json registries (default: FILE's registries/)",
    )
    p.add_argument("--misses", action="store_true", help="print every error")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--no-infer-theatre",
        dest="infer_theatre",
        action="store_false",
        help="keep a registry without a theatre as it is (default: infer one from "
        "the conflict's sentences, as a batch of one war's reports would)",
    )
    p.set_defaults(func=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    import gazetteer
    from geo.claims.evaluate import format_report, load_items, score
    from geo.factions import load_registry
    from geo.pipeline import claims_for_text, with_theatre

    folder = (
        Path(args.registries)
        if args.registries
        else Path(args.file).resolve().parent / "registries"
    )
    if args.registries and not folder.is_dir():
        print(f"error: {folder}: no such folder of registries", file=sys.stderr)
        return 1
    try:
        items = load_items(args.file)
        registries = {}
        for conflict in sorted({str(it.get("conflict", "")) for it in items}):
            path = folder / f"{conflict}.json"
            registries[conflict] = load_registry(path if path.is_file() else None)
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    gz = gazetteer.load()
    if args.infer_theatre:
        for conflict, reg in registries.items():
            texts = [
                str(it.get("text", ""))
                for it in items
                if str(it.get("conflict", "")) == conflict
            ]
            registries[conflict] = with_theatre(reg, texts, gazetteer=gz)

    def predict(item: dict) -> list:
        return claims_for_text(
            item["text"],
            doc=str(item.get("id", "<text>")),
            gazetteer=gz,
            registry=registries[str(item.get("conflict", ""))],
        )

    report = score(items, predict)
    if args.json:
        print(json.dumps(report.to_json(), indent=1))
    else:
        print(format_report(report, misses=args.misses))
    return 0
