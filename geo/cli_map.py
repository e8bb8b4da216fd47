"""``python -m geo map FILE_OR_DIR... -o OUT.geojson``: articles in, map layers out.

Reads files and directories (``*.txt`` inside), analyses them (one process for a
few files, Dask for many), builds the layers as of a date if asked, and writes
GeoJSON, and on request a GeoPackage and a standalone HTML map. Every file that
cannot be read gets a one-line message; the others still go out. A summary ends
the run on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerError

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "map",
        help="map layers (GeoJSON, GeoPackage, HTML) from articles",
        description=(
            "Turn news articles into map layers: places with their controlling "
            "faction, movements, strikes, areas and a front line."
        ),
    )
    p.add_argument(
        "inputs", nargs="+", metavar="FILE_OR_DIR", help="articles (UTF-8 .txt)"
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.geojson")
    p.add_argument("--html", type=Path, metavar="OUT.html", help="standalone HTML map")
    p.add_argument(
        "--gpkg", type=Path, metavar="OUT.gpkg", help="GeoPackage, one table per layer"
    )
    p.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date of the articles (overrides a 'Date:' line in them)",
    )
    p.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the map on this date: claims up to it count, aged from it",
    )
    p.add_argument(
        "--scheduler",
        default="auto",
        metavar="ADDRESS|local|none",
        help="Dask: 'local' cluster, a scheduler address, or 'none' "
        "(default: none below 500 files, local above)",
    )
    p.add_argument("--workers", type=int, default=None, help="local Dask workers")
    p.add_argument(
        "--factions", type=Path, metavar="FILE", help="faction registry (JSON)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)
    return p


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"not a date: {value!r} (write YYYY-MM-DD)"
        ) from err


def run(args: argparse.Namespace) -> int:
    from geo.batch import analyse_paths, default_scheduler, resolve
    from geo.documents import expand_inputs

    found = expand_inputs(args.inputs)
    for problem in found.problems:
        _err(f"skipped: {problem}")
    paths = list(found.paths)
    if not paths:
        _err("error: no input files (directories are searched for *.txt)")
        return 2
    try:
        registry = _registry(args.factions)
    except GazetteerError as err:
        _err(f"error: {err}")
        return 2
    scheduler = (
        default_scheduler(len(paths)) if args.scheduler == "auto" else args.scheduler
    )
    bar = _bar(len(paths), quiet=args.quiet)
    try:
        analysis = analyse_paths(
            resolve(paths),
            scheduler=scheduler,
            date=args.date,
            registry_path=str(args.factions) if args.factions else None,
            n_workers=args.workers,
            progress=bar.update if bar is not None else None,
        )
    except (OSError, TimeoutError) as err:
        _err(f"error: cannot reach the Dask scheduler {scheduler!r} ({err})")
        return 2
    except GazetteerError as err:
        _err(f"error: {err}")
        return 2
    finally:
        if bar is not None:
            bar.close()
    for failure in analysis.failures:
        _err(f"skipped: {failure}")
    return _write(args, analysis, registry)


def _write(args: argparse.Namespace, analysis: Any, registry: Any) -> int:
    from geo.export import to_geojson, to_gpkg
    from geo.layers import build_layers

    if not analysis.documents:
        _summary(analysis, None, [])
        _err("error: no document could be read; nothing written")
        return 1
    layers = build_layers(analysis, as_of=args.as_of, registry=registry)
    written = []
    try:
        written.append(to_geojson(layers, args.output))
        if args.gpkg:
            written.append(to_gpkg(layers, args.gpkg))
        if args.html:
            written.append(_html(layers, args.html, registry))
    except GazetteerError as err:
        _err(f"error: {err}")
        return 1
    except OSError as err:
        _err(f"error: cannot write ({err})")
        return 1
    _summary(analysis, layers, written)
    return 0


def _html(layers: Any, path: Path, registry: Any) -> Path:
    from geo.webmap import save_html

    path.parent.mkdir(parents=True, exist_ok=True)
    return save_html(layers, path, registry=registry)


def _registry(path: Path | None) -> Any:
    from geo.factions import load_registry

    return load_registry(path) if path else load_registry()


def _bar(total: int, *, quiet: bool) -> Any:
    if quiet or total < 2:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="analysing", file=sys.stderr, leave=False)


def _summary(analysis: Any, layers: Any, written: list[Path]) -> None:
    n_docs = len(analysis.documents)
    parts = [
        f"documents: {n_docs} read, {len(analysis.failures)} failed",
        f"mentions: {analysis.n_mentions}",
        f"claims: {len(analysis.claims)}",
    ]
    if layers is not None:
        counts = ", ".join(f"{len(f)} {name}" for name, f in layers.frames().items())
        parts.append(f"features: {layers.n_features} ({counts})")
    _err("; ".join(parts))
    for path in written:
        _err(f"wrote {path}")


def _err(message: str) -> None:
    print(message, file=sys.stderr)
