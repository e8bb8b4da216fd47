"""Command line: ``python -m gazetteer {build,lookup,parse,evaluate}``.

Each subcommand lives in its own module with ``add_parser(subparsers)``; this file
only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = (
    "gazetteer.cli_index",  # build, lookup
    "gazetteer.cli_parse",  # parse, evaluate
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gazetteer",
        description="Offline GeoNames gazetteer and geoparser for news text.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        try:
            importlib.import_module(module).add_parser(sub)
        except ModuleNotFoundError as err:  # a subcommand not installed in this build
            if err.name != module:
                raise
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
