"""Cancellation (issue 17): an analysis abandoned for a newer request stops.

The app asks ``should_stop()`` (True once its run is asked to stop or rerun); a
short article is stopped between its parsing and its claims, a long one is
analysed in a child process that is ended at once, and the workspace stops
between articles, keeping what it analysed."""

from __future__ import annotations

import threading
import time

import pytest

from geo.pipeline import Cancelled, analyse
from geo.records import Document
from geo.workspace import Workspace
from geo.workspace import worker

#: My own sentences (a long article is many of them).
SENTENCE = (
    "GNA forces took control of Gharyan on Sunday. Haftar forces withdrew toward "
    "Tarhuna while shelling hit Sirte.\n"
)


@pytest.fixture(scope="module")
def gz():
    import gazetteer

    return gazetteer.load()


@pytest.fixture(scope="module")
def registry():
    from geo.factions import load_registry

    return load_registry()


def gharyan(analysis):
    return [c for c in analysis.claims if c.place and c.place.name == "Gharyan"]


def test_a_short_article_stops_between_parsing_and_claims(gz, registry):
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # the first check (before it) passes

    doc = Document("short.txt", SENTENCE)
    with pytest.raises(Cancelled) as err:
        analyse([doc], gazetteer=gz, registry=registry, should_stop=stop)
    assert err.value.partial.documents == ()
    assert len(asked) == 2
    # not asked to stop: the same article gives its claim
    done = analyse([doc], gazetteer=gz, registry=registry, should_stop=lambda: False)
    (claim,) = [c for c in gharyan(done) if c.type == "control"]
    assert abs(claim.place.lat - 32.17) < 0.05 and abs(claim.place.lon - 13.02) < 0.05


def test_a_long_article_in_a_child_gives_the_same_claims(gz, registry):
    doc = Document("child.txt", SENTENCE)
    here, _ = worker.analyse_stoppable(doc, gazetteer=gz, registry=registry)
    there, notes = worker.analyse_stoppable(
        doc, gazetteer=gz, registry=registry, long_text=10
    )
    assert notes == [] and there.failures == []
    assert [(c.type, c.faction, c.place.name) for c in there.claims] == [
        (c.type, c.faction, c.place.name) for c in here.claims
    ]
    assert gharyan(there) and abs(gharyan(there)[0].place.lat - 32.17) < 0.05


def test_an_abandoned_long_analysis_ends_its_child_at_once(
    gz, registry, monkeypatch
):
    started = []
    real = worker.subprocess.Popen

    def popen(*args, **kwargs):
        proc = real(*args, **kwargs)
        started.append(proc)
        return proc

    monkeypatch.setattr(worker.subprocess, "Popen", popen)
    doc = Document("long.txt", SENTENCE * 20000)  # 2.2 MB: about 20 s of work
    flag = threading.Event()
    threading.Timer(3.0, flag.set).start()  # "the page was reloaded" after 4 s
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        worker.analyse_stoppable(
            doc, gazetteer=gz, registry=registry, should_stop=flag.is_set
        )
    stopped_after = time.monotonic() - t0
    (proc,) = started
    assert proc.poll() is not None, "the child still runs"
    assert stopped_after < 3.0 + 1.5, stopped_after


def test_the_workspace_stops_between_articles_and_keeps_what_it_did(
    tmp_path, gz
):
    ws = Workspace.create(tmp_path / "w.sqlite", name="Test war")
    ws.add(
        [
            Document("a.txt", SENTENCE),
            Document("b.txt", "Shelling hit Misrata on Monday.\n"),
            Document("c.txt", "The militia withdrew from Sabha.\n"),
        ]
    )
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first article

    with pytest.raises(Cancelled):
        ws.analysis(gazetteer=gz, should_stop=stop)
    saved = ws.saved_analysis()
    assert saved is not None and [d.id for d in saved.documents] == ["a.txt"]
    assert gharyan(saved)
    full = ws.analysis(gazetteer=gz)  # the rest later, the first from the cache
    assert [d.id for d in full.documents] == ["a.txt", "b.txt", "c.txt"]
