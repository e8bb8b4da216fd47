"""``python -m gazetteer parse FILE...`` and ``python -m gazetteer evaluate CORPUS.jsonl``.

parse prints one JSON object per mention (Mention.to_json), in text order, file after
file; a file that cannot be read gets one line on stderr and the others are still
parsed; the exit code is 1 if any failed.
"""

from __future__ import annotations

import argparse
import json
import sys

from gazetteer.errors import GazetteerError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "parse",
        help="find and locate places, distances, regions and anaphors in articles",
        description="Print one JSON object per mention (JSON Lines), in text order.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    p.add_argument(
        "--not-place",
        action="append",
        default=[],
        metavar="NAME",
        help="a name never to report as a place (repeatable), e.g. a faction alias",
    )
    p.add_argument(
        "--theatre",
        type=_countries,
        default=None,
        metavar="CC[,CC...]",
        help="the war's countries (ISO 3166 alpha-2, e.g. UA or SY,TR): villages "
        "and spellings of theirs are read there, as `geo claims` does with a "
        "registry's theatre",
    )
    p.set_defaults(func=run_parse)
    e = subparsers.add_parser(
        "evaluate",
        help="score the geoparser on a JSONL corpus (P/R/F1, accuracy@161km)",
        description="Corpus lines: {id, text, toponyms: [{start, end, lat, lon}], ignore_spans}.",
    )
    e.add_argument("corpus", metavar="CORPUS.jsonl")
    e.add_argument("--json", action="store_true", help="print the full result as JSON")
    e.add_argument("--limit", type=int, default=0, help="only the first N documents")
    e.add_argument(
        "--demonyms",
        choices=("auto", "yes", "no"),
        default="auto",
        help="score demonyms (Russian, European) as toponyms: auto (when the corpus "
        "annotates most of those found), yes or no",
    )
    e.set_defaults(func=run_evaluate)


def _countries(value: str) -> tuple[str, ...]:
    """``"ua, ru"`` -> ``("UA", "RU")``; anything but two-letter codes is refused."""
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip())
    if not codes or any(len(c) != 2 or not c.isalpha() for c in codes):
        raise argparse.ArgumentTypeError(
            f"{value!r}: give two-letter country codes separated by commas, e.g. UA or SY,TR"
        )
    return codes


def run_parse(args: argparse.Namespace) -> int:
    from gazetteer.cli import print_json_lines_per_file
    from gazetteer.gazetteer import load
    from gazetteer.geoparse import parse
    from gazetteer.textio import read_text

    def mentions_of(path: str) -> list[dict]:
        text = read_text(path)
        found = parse(
            text,
            doc=path,
            gazetteer=load(),
            not_places=args.not_place,
            theatre=args.theatre,
        )
        return [m.to_json() for m in found]

    return print_json_lines_per_file(args.files, mentions_of)


def run_evaluate(args: argparse.Namespace) -> int:
    from gazetteer.evaluate import evaluate, load_corpus, summary
    from gazetteer.gazetteer import load
    from gazetteer.geoparse import parse

    try:
        docs = load_corpus(args.corpus)
    except GazetteerError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.limit:
        docs = docs[: args.limit]
    gz = load()
    result = evaluate(
        docs, lambda text: parse(text, gazetteer=gz), demonyms=args.demonyms
    )
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(summary(args.corpus, result))
    return 0
