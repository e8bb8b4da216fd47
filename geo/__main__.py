"""Command line: ``python -m geo {claims,map,workspace}``."""

from __future__ import annotations

import sys

from gazetteer.cli import dispatch

SUBCOMMANDS = (
    "geo.cli_claims",  # claims
    "geo.cli_map",  # map
    "geo.workspace.cli",  # workspace
)


def main(argv: list[str] | None = None) -> int:
    return dispatch(
        "python -m geo",
        "Claims and map layers from news reports about armed conflicts.",
        SUBCOMMANDS,
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
