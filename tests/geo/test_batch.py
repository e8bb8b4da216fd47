"""The Dask path on two local worker processes gives what one process gives."""

from __future__ import annotations

import json
import shutil

import pytest

from geo.batch import analyse_paths, default_scheduler, resolve
from geo.layers import build_layers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def files(tmp_path_factory, seed_paths):
    folder = tmp_path_factory.mktemp("corpus")
    out = []
    for i in range(3):  # six articles, three copies of each seed
        for p in seed_paths:
            target = folder / f"{i}_{p.name}"
            shutil.copy(p, target)
            out.append(target)
    bad = folder / "zz_bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    return resolve([*out, bad])


@pytest.fixture(scope="module")
def cluster(gz):
    from geo.batch import local_cluster

    with local_cluster(2) as c:
        yield c


def _claims(analysis):
    return sorted(json.dumps(c.to_json(), sort_keys=True) for c in analysis.claims)


def test_two_workers_match_one_process(files, cluster):
    done = []
    on_dask = analyse_paths(
        files,
        scheduler=cluster.scheduler_address,
        partition_size=2,
        progress=done.append,
    )
    single = analyse_paths(files, scheduler="none")
    assert sum(done) == len(files)
    assert len(on_dask.documents) == len(single.documents) == 6
    assert [f.doc for f in on_dask.failures] == ["zz_bad.txt"]
    assert _claims(on_dask) == _claims(single)
    assert on_dask.n_mentions == single.n_mentions
    assert on_dask.mentions == single.mentions  # packed on a worker, unpacked alike
    assert all(d.text == "" for d in on_dask.documents)  # texts stay on the workers
    a = build_layers(on_dask).frames()
    b = build_layers(single).frames()
    for name in a:
        assert list(a[name]["id"]) == list(b[name]["id"])


def test_each_worker_loads_the_gazetteer_once(files, cluster):
    from distributed import Client

    analyse_paths(files, scheduler=cluster.scheduler_address, partition_size=1)

    def loads():
        from geo.batch import worker_gazetteer

        info = worker_gazetteer.cache_info()
        return info.misses, info.hits

    with Client(cluster) as client:
        per_worker = client.run(loads)
    assert len(per_worker) == 2
    for misses, hits in per_worker.values():
        assert misses <= 1  # loaded at most once, however many partitions ran there
    assert sum(h for _, h in per_worker.values()) >= 1


def test_cli_on_an_existing_cluster(files, cluster, tmp_path, capsys):
    from geo.__main__ import main

    out = tmp_path / "dask.geojson"
    rc = main(
        [
            "map",
            *map(str, files),
            "-o",
            str(out),
            "-q",
            "--scheduler",
            cluster.scheduler_address,
        ]
    )
    assert rc == 0
    err = capsys.readouterr().err
    assert "documents: 6 read, 1 failed" in err
    assert json.loads(out.read_text())["features"]


def test_default_scheduler():
    assert default_scheduler(1) == "none" and default_scheduler(10_000) == "local"


# --- issue 17 item 7 / issue 18: quiet, no dashboard, resources prepared per worker --


def test_batch_starts_no_dashboard(cluster):
    import urllib.error
    import urllib.request

    scheduler = cluster.scheduler  # its HTTP server: a free local port, no pages
    ports = {s.getsockname()[:2] for s in scheduler.http_server._sockets.values()}
    assert ports and all(host == "127.0.0.1" and port != 8787 for host, port in ports)
    host, port = next(iter(ports))
    for page in ("/status", "/info/main/workers.html", "/metrics"):
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://{host}:{port}{page}", timeout=5)
        assert info.value.code == 404  # no routes: nothing served


def test_batch_is_quiet_unless_something_is_wrong(files, cluster, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        result = analyse_paths(files, scheduler=cluster.scheduler_address)
    assert len(result.documents) == 6
    noisy = [
        r for r in caplog.records
        if r.name.split(".")[0] in ("distributed", "dask", "tornado", "bokeh")
    ]  # fmt: skip
    assert noisy == []
    assert logging.getLogger("distributed").level != logging.ERROR  # restored


def test_batch_workers_prepared_once_at_start(cluster):
    from distributed import Client

    from geo.batch import worker_plugin

    def state():
        from geo.batch import worker_gazetteer, worker_registry

        return worker_gazetteer.cache_info().misses, worker_registry.cache_info().misses

    with Client(cluster) as client:
        client.register_plugin(worker_plugin())
        before_any_task = client.run(state)
        assert len(before_any_task) == 2
        assert all(v == (1, 1) for v in before_any_task.values())  # loaded at start
        client.register_plugin(worker_plugin())  # again: nothing is reloaded
        assert client.run(state) == before_any_task


# --- issue 18: two workers scale: prepared once, balanced partitions, quiet workers --


def test_workers_prepared_once_then_tasks_find_everything_loaded(files, cluster):
    from distributed import Client

    from geo.batch import tally, worker_plugin

    def loads():
        from geo.batch import tally, worker_gazetteer, worker_registry

        t = tally()
        return (
            worker_gazetteer.cache_info().misses,
            worker_registry.cache_info().misses,
            t.prepared,
        )

    with Client(cluster) as client:
        client.register_plugin(worker_plugin())
        client.register_plugin(worker_plugin())  # twice: prepared once all the same
        before = client.run(tally)
        analyse_paths(files, scheduler=cluster.scheduler_address, partition_size=1)
        analyse_paths(files, scheduler=cluster.scheduler_address)
        after = client.run(tally)
        state = client.run(loads)
    assert all(v == (1, 1, 1) for v in state.values())  # one load each, at start
    done = sum(after[w].files - before[w].files for w in after)
    assert done == 2 * len(files)  # every file analysed on a worker, twice
    tasks = [after[w].tasks - before[w].tasks for w in after]
    assert sum(tasks) == len(files) + 2  # 7 tasks of one file, 2 of about four


def test_partitions_come_in_whole_rounds_over_the_workers():
    from geo.batch import PARTITION_SIZE, partition_size_for

    # (files, worker threads) -> (files per partition, partitions, last partition)
    expected = {
        (4000, 2): (200, 20, 200),
        (817, 2): (137, 6, 132),
        (2001, 2): (167, 12, 164),
        (999, 4): (125, 8, 124),
        (5, 2): (3, 2, 2),
        (1, 3): (1, 1, 1),
    }
    for (n, slots), want in expected.items():
        size = partition_size_for(n, slots)
        parts = -(-n // size)
        assert (size, parts, n - (parts - 1) * size) == want, (n, slots)
        assert size <= PARTITION_SIZE


def test_local_workers_run_without_the_profiler(cluster):
    import dask
    from distributed import Client

    def settings():
        return (
            dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.worker.http.routes"),
        )

    with Client(cluster) as client:
        per_worker = client.run(settings)
    assert len(per_worker) == 2
    assert all(v == (False, []) for v in per_worker.values())


def test_packed_results_unpack_to_the_same_mentions(gz):
    import pickle

    from geo.batch import Packed
    from geo.pipeline import analyse
    from geo.records import Document

    text = (
        "Shelling hit the outskirts of Misrata on Tuesday. Forces loyal to the GNA "
        "advanced 20 km south of Tripoli, and the LNA withdrew from Gharyan."
    )
    analysis = analyse([Document("packed.txt", text)], gazetteer=gz)
    back = pickle.loads(pickle.dumps(Packed.of(analysis))).unpack()
    mentions = analysis.mentions["packed.txt"]
    places = {m.text for m in mentions if m.kind == "place"}
    assert places == {"Misrata", "Tripoli", "Gharyan"}
    assert sum(m.geometry is not None for m in mentions) == 2  # region, relative
    assert back.mentions == analysis.mentions
    relative = [m for m in mentions if m.kind == "relative"]
    assert relative and relative[0].distance_km == pytest.approx(20)
    got = back.mentions["packed.txt"]
    for a, b in zip(mentions, got, strict=True):
        assert (a.geometry is None) == (b.geometry is None)
        assert a.geometry is None or a.geometry.equals(b.geometry)
        assert a.place == b.place
        assert type(b) is type(a) and b.id == a.id and hash(b) == hash(a)
    assert [c.to_json() for c in back.claims] == [c.to_json() for c in analysis.claims]
    assert back.documents[0].text == ""  # the text stays on the worker


def test_trusted_records_skip_only_the_checks():
    from gazetteer.records import Mention

    fields = ("d.txt", 4, 9, "Sirte", "place", "Sirte", 31.2, 16.6)
    assert Mention.trusted(*fields) == Mention(*fields)
    assert Mention.trusted(*fields, country="LY").country == "LY"
    with pytest.raises(ValueError, match="coordinate out of range"):
        Mention("d.txt", 4, 9, "Sirte", "place", "Sirte", 131.2, 16.6)
    # (a worker checked the fields before packing them: no second check)
    unchecked = Mention.trusted("d.txt", 4, 9, "Sirte", "place", "Sirte", 131.2, 16.6)
    assert unchecked.lat == 131.2
