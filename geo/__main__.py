"""Command line: ``python -m geo {claims,map,changes,workspace,evaluate-claims}``."""

from __future__ import annotations

import sys

from gazetteer.cli import dispatch

SUBCOMMANDS = (
    "geo.cli_claims",  # claims
    "geo.cli_map",  # map
    "geo.cli_evaluate_claims",  # evaluate-claims
    "geo.workspace.cli",  # workspace
    "geo.cli_changes",  # changes
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
