"""Command line: ``python -m gazetteer {build,lookup,parse,evaluate}``."""

from __future__ import annotations

import sys

from gazetteer.cli import dispatch

SUBCOMMANDS = (
    "gazetteer.cli_index",  # build, lookup
    "gazetteer.cli_parse",  # parse, evaluate
)


def main(argv: list[str] | None = None) -> int:
    return dispatch(
        "python -m gazetteer",
        "Offline GeoNames gazetteer and geoparser for news text.",
        SUBCOMMANDS,
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
