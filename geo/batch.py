"""The corpus-scale path: files analysed on Dask, the gazetteer loaded once per worker.

The file paths are split into partitions of a :mod:`dask.bag`; each partition is
read, parsed and turned into claims on a worker, which keeps one gazetteer and one
faction registry for its lifetime (module-level :func:`functools.cache`). Only the
small results (mentions, claims, failures; no texts) travel back to be merged.

``scheduler`` is ``"local"`` (a :class:`distributed.LocalCluster` on this machine),
an address such as ``tcp://10.0.0.5:8786`` (an existing cluster whose workers have
this package installed and its gazetteer index built), or ``"none"`` (no Dask).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from geo.pipeline import Analysis, analyse

log = logging.getLogger(__name__)

#: Files per partition: big enough to amortise scheduling, small enough to balance.
PARTITION_SIZE = 200


@cache
def worker_gazetteer() -> Any:
    """The gazetteer of this process, loaded on first use and kept."""
    import gazetteer

    return gazetteer.load()


@cache
def worker_registry(path: str | None = None) -> Any:
    """The faction registry of this process, loaded on first use and kept."""
    from geo.factions import load_registry

    return load_registry(path) if path else load_registry()


def analyse_partition(
    paths: Sequence[str],
    *,
    date: dt.date | None = None,
    registry_path: str | None = None,
) -> list[Analysis]:
    """Analyse one partition of files on a worker (texts dropped from the result)."""
    result = analyse(
        list(paths),
        gazetteer=worker_gazetteer(),
        registry=worker_registry(registry_path),
        date=date,
    )
    return [result.without_texts()]


def analyse_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    scheduler: str = "local",
    date: dt.date | None = None,
    registry_path: str | None = None,
    n_workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: Callable[[int], Any] | None = None,
) -> Analysis:
    """Analyse many files on Dask; ``progress(n)`` is called as n more files finish.

    >>> analyse_paths([], scheduler="none").documents
    ()
    """
    files = [str(p) for p in paths]
    if not files:
        return Analysis()
    if scheduler == "none":
        return analyse(
            files,
            gazetteer=worker_gazetteer(),
            registry=worker_registry(registry_path),
            date=date,
            progress=(lambda _doc: progress(1)) if progress else None,
        )
    from distributed import Client

    worker_gazetteer()  # build the index here once, not in every worker at once
    if scheduler == "local":
        workers = n_workers or max(1, min(os.cpu_count() or 1, 4))
        with local_cluster(workers) as cluster, Client(cluster) as client:
            return _run(client, files, date, registry_path, partition_size, progress)
    with Client(scheduler) as client:
        return _run(client, files, date, registry_path, partition_size, progress)


def local_cluster(n_workers: int) -> Any:
    """Worker processes on this machine, one thread each: the parse is pure Python
    and holds the GIL, so processes, not threads, add throughput."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )


def _run(
    client: Any,
    files: list[str],
    date: dt.date | None,
    registry_path: str | None,
    partition_size: int,
    progress: Callable[[int], Any] | None,
) -> Analysis:
    import dask.bag as db
    from distributed import as_completed

    size = max(1, partition_size)
    bag = db.from_sequence(files, partition_size=size).map_partitions(
        analyse_partition, date=date, registry_path=registry_path
    )
    parts = bag.to_delayed()
    sizes = [len(files[i : i + size]) for i in range(0, len(files), size)]
    futures = client.compute(parts)
    index = {f.key: i for i, f in enumerate(futures)}
    results: list[Analysis | None] = [None] * len(futures)
    for future in as_completed(futures):
        i = index[future.key]
        results[i] = future.result()[0]
        if progress is not None:
            progress(sizes[i] if i < len(sizes) else 0)
    return Analysis.combine(part for part in results if part is not None)


def default_scheduler(n_files: int) -> str:
    """No Dask for a handful of files: starting workers costs more than it saves.

    >>> default_scheduler(3), default_scheduler(5000)
    ('none', 'local')
    """
    return "local" if n_files >= 500 else "none"


def resolve(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Absolute paths, so that workers in other directories find the files.

    Links are not resolved: a link loop stays a path whose reading reports it.
    """
    return [Path(os.path.abspath(p)) for p in paths]
