"""The one dispatcher behind ``python -m gazetteer`` and ``python -m geo``.

Each subcommand lives in its own module with ``add_parser(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence


def dispatch(
    prog: str, description: str, modules: Sequence[str], argv: list[str] | None
) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in modules:
        try:
            importlib.import_module(module).add_parser(sub)
        except ModuleNotFoundError as err:  # a subcommand not installed in this build
            if err.name != module:
                raise
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
