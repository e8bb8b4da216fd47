"""Command line: ``python -m geo {claims,map}``.

Each subcommand lives in its own module with ``add_parser(subparsers)``; this file
only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS = (
    "geo.cli_claims",  # claims
    "geo.cli_map",  # map
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Claims and map layers from news reports about armed conflicts.",
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
