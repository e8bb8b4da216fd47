"""The corpus-scale path: files analysed on Dask, the resources loaded once per worker.

The file paths are split into partitions of a :mod:`dask.bag`; each partition is
read, parsed and turned into claims on a worker. A worker plugin
(:func:`worker_plugin`) loads what every task needs when the worker starts: the
gazetteer, the faction registry, and the lazy parts of the geoparser and of the
claim extractor through one short analysis; tasks then find them in the worker's cache
(:func:`worker_gazetteer`, :func:`worker_registry`). Only the small results
(mentions as tuples, claims, failures; no texts: :class:`Packed`) travel back to
be merged. The files come in partitions of about one size, a whole number of
rounds over the workers (:func:`partition_size_for`).

``scheduler`` is ``"local"`` (a :class:`distributed.LocalCluster` on this machine),
an address such as ``tcp://10.0.0.5:8786`` (an existing cluster whose workers have
this package installed and its gazetteer index built), or ``"none"`` (no Dask).

The runner is quiet: no dashboard and no web server on a fixed port (the scheduler's
HTTP endpoint listens on a free local port and serves no pages), and Dask's
informational logging is silenced while it runs; its errors still show.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from geo.pipeline import Analysis, analyse

log = logging.getLogger(__name__)

#: Most files per partition: a task of a fraction of a second amortises the
#: scheduling (about a millisecond a task) and keeps the progress bar moving.
PARTITION_SIZE = 200


@dataclass(slots=True)
class Tally:
    """What this process did for the batch runner: times it was prepared, and the
    tasks and files it analysed (read through ``client.run(tally)``)."""

    prepared: int = 0
    tasks: int = 0
    files: int = 0


_TALLY = Tally()


def tally() -> Tally:
    """This process's :class:`Tally` (a copy)."""
    return dataclasses.replace(_TALLY)


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


#: A short report in the project's own words that goes through the whole
#: composition once (geoparse with the registry's not-places and theatre, claims,
#: dates), so that a worker's first task loads nothing: the claim extractor's
#: lexicon, the scanner, the land shapes and the relative-place rules.
_WARM_TEXT = (
    "Fighting was reported 30 km west of Sirte and in southern Libya on Monday. "
    "LNA forces captured Gharyan, the army said, and shelled positions near Tripoli."
)
#: Loggers of Dask and its web stack, quiet below ERROR while the runner works.
_NOISY = ("distributed", "dask", "tornado", "bokeh")


@cache
def prepare_worker(registry_path: str | None = None) -> None:
    """Load every shared resource of this process now, not in the first task:
    the gazetteer, the registry, and the lazy parts of the geoparser and of the
    claim extractor (one analysis of :data:`_WARM_TEXT`, counted in start time).

    Once per process and registry: registering the plugin again (as every
    :func:`analyse_paths` call on a running cluster does) prepares nothing twice.
    """
    from geo.pipeline import analyse_text
    from geo.records import Document

    analyse_text(
        Document("<warm-up>", _WARM_TEXT),
        gazetteer=worker_gazetteer(),
        registry=worker_registry(registry_path),
    )
    _TALLY.prepared += 1


def worker_plugin(registry_path: str | None = None) -> Any:
    """A :class:`distributed.WorkerPlugin` that runs :func:`prepare_worker` when a
    worker starts (and on the workers already running when it is registered).

    Built on demand so that importing this module does not import distributed.
    """
    return _plugin_class()(registry_path)


@cache
def _plugin_class() -> type:
    from distributed import WorkerPlugin

    class PrepareWorker(WorkerPlugin):
        name = "frontline-prepare"

        def __init__(self, registry_path: str | None = None) -> None:
            self.registry_path = registry_path

        def setup(self, worker: Any) -> None:
            prepare_worker(self.registry_path)

    return PrepareWorker


@cache
def _mention_fields() -> Callable[[Any], tuple[Any, ...]]:
    """The fields of a :class:`~gazetteer.records.Mention`, in order, as one getter."""
    from operator import attrgetter

    from gazetteer.records import Mention

    return attrgetter(*(f.name for f in dataclasses.fields(Mention)))


@dataclass(frozen=True, slots=True)
class Packed:
    """One partition's analysis as it travels back from a worker: the mentions
    (most of the result) as tuples of their fields, which pickle and unpickle in C
    several times faster than the records (whose unpickling sets field by field in
    Python); documents without texts, claims and failures as they are."""

    analysis: Analysis
    mentions: dict[str, list[tuple[Any, ...]]]

    @classmethod
    def of(cls, analysis: Analysis) -> Packed:
        fields = _mention_fields()
        mentions = {d: [fields(m) for m in ms] for d, ms in analysis.mentions.items()}
        return cls(dataclasses.replace(analysis.without_texts(), mentions={}), mentions)

    def unpack(self) -> Analysis:
        """The analysis again, its mentions records equal to those packed (rebuilt
        without checks: a worker made and checked them)."""
        from gazetteer.records import Mention

        make = Mention.trusted
        mentions = {d: [make(*t) for t in ts] for d, ts in self.mentions.items()}
        return dataclasses.replace(self.analysis, mentions=mentions)


def analyse_partition(
    paths: Sequence[str],
    *,
    date: dt.date | None = None,
    registry_path: str | None = None,
) -> list[Packed]:
    """Analyse one partition of files on a worker (texts dropped from the result)."""
    _TALLY.tasks += 1
    _TALLY.files += len(paths)
    result = analyse(
        list(paths),
        gazetteer=worker_gazetteer(),
        registry=worker_registry(registry_path),
        date=date,
    )
    return [Packed.of(result)]


def analyse_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    scheduler: str = "local",
    date: dt.date | None = None,
    registry_path: str | None = None,
    n_workers: int | None = None,
    partition_size: int | None = None,
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
    with quiet():
        if scheduler == "local":
            workers = n_workers or max(1, min(os.cpu_count() or 1, 4))
            with local_cluster(workers) as cluster, Client(cluster) as client:
                return _run(
                    client, files, date, registry_path, partition_size, progress
                )
        with Client(scheduler) as client:
            return _run(client, files, date, registry_path, partition_size, progress)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Dask's own loggers at ERROR for the duration (restored afterwards)."""
    loggers = [logging.getLogger(name) for name in _NOISY]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def local_cluster(n_workers: int) -> Any:
    """Worker processes on this machine, one thread each: the parse is pure Python
    and holds the GIL, so processes, not threads, add throughput.

    No dashboard: the scheduler's HTTP server (which distributed always starts, by
    default on port 8787) listens on a free port of 127.0.0.1 with no routes.
    """
    import dask
    from distributed import LocalCluster

    config = {
        "distributed.scheduler.http.routes": [],
        "distributed.worker.http.routes": [],
        # a task goes to a worker when its thread is free, not queued behind
        # another one there: nothing to steal back at the end of the run
        "distributed.scheduler.worker-saturation": 1.0,
        # no statistical profiler sampling the task's stack every 10 ms (what the
        # dashboard would show), and the event loop's monitors at a slower pace:
        # they take CPU from the analysis on a busy machine
        "distributed.worker.profile.enabled": False,
        "distributed.admin.system-monitor.interval": "2s",
        "distributed.admin.tick.interval": "200ms",
    }
    with dask.config.set(config):
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )


def _run(
    client: Any,
    files: list[str],
    date: dt.date | None,
    registry_path: str | None,
    partition_size: int | None,
    progress: Callable[[int], Any] | None,
) -> Analysis:
    import dask.bag as db
    from distributed import as_completed

    client.register_plugin(worker_plugin(registry_path))  # once per worker, at start
    slots = sum(client.nthreads().values())
    size = max(1, partition_size or partition_size_for(len(files), slots))
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
        results[i] = future.result()[0].unpack()
        if progress is not None:
            progress(sizes[i] if i < len(sizes) else 0)
    return Analysis.combine(part for part in results if part is not None)


def partition_size_for(n_files: int, n_slots: int) -> int:
    """Files per partition: a whole number of rounds over the worker threads, each
    partition of at most :data:`PARTITION_SIZE` files and all of about one size, so
    that no worker is left with the last partition while the others idle.

    >>> [partition_size_for(n, 2) for n in (4000, 817, 10)]
    [200, 137, 5]
    """
    slots = max(1, n_slots)
    rounds = max(1, -(-n_files // (slots * PARTITION_SIZE)))
    return max(1, -(-n_files // (slots * rounds)))


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
