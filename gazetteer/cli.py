"""The one dispatcher behind ``python -m gazetteer`` and ``python -m geo``.

Each subcommand lives in its own module with ``add_parser(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gazetteer.errors import GazetteerError


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
    # The library only logs; the command line shows its warnings (e.g. an absurd
    # distance that was left out) as one line each on stderr.
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    return int(args.func(args) or 0)


def print_json_lines_per_file(
    paths: Sequence[str], records_of: Callable[[str], Iterable[dict[str, Any]]]
) -> int:
    """Print the records of each file as JSON lines, file after file.

    A file that fails (a :class:`~gazetteer.errors.GazetteerError`: missing, binary,
    not UTF-8, ...) gets one ``error:`` line on stderr and the others still go out.
    Returns the exit status: 1 if any file failed, else 0.
    """
    failed = 0
    for path in paths:
        try:
            records = list(records_of(path))
        except GazetteerError as err:
            print(f"error: {err}", file=sys.stderr)
            failed += 1
            continue
        try:
            for record in records:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:  # "| head": the reader has gone; stop quietly
            sys.stderr.close()
            break
    return 1 if failed else 0
