"""Long analyses can be abandoned (issue 17, item 8), and pasted text is cleaned
like read text (item 6)."""

from __future__ import annotations

import pytest

from geo.pipeline import Cancelled, analyse
from geo.records import Document

TEXTS = [
    "The LNA captured Sirte on Monday.",
    "GNA forces advanced towards Misrata.",
    "LNA drones struck positions in Tripoli.",
    "The GNA holds Zawiya.",
]


def test_cancel_stops_between_documents_and_keeps_what_was_done(gz):
    docs = [Document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    asked = []

    def should_stop() -> bool:
        asked.append(len(asked))
        # asked before each document and again between its parsing and its claims:
        # a new paste arrives while the third document waits
        return len(asked) > 4

    with pytest.raises(Cancelled) as info:
        analyse(docs, gazetteer=gz, should_stop=should_stop)
    partial = info.value.partial
    assert [d.id for d in partial.documents] == ["d0.txt", "d1.txt"]
    assert {c.doc for c in partial.claims} == {"d0.txt", "d1.txt"}
    assert "after 2 documents" in str(info.value)


def test_cancel_never_asked_to_stop_runs_everything(gz):
    docs = [Document(f"d{i}.txt", t) for i, t in enumerate(TEXTS)]
    result = analyse(docs, gazetteer=gz, should_stop=lambda: False)
    assert len(result.documents) == 4 and not result.failures


def test_cancel_pasted_control_characters_are_spaces_offsets_kept(gz):
    text = "The LNA\x00captured\x1b Sirte\x07 on Monday."
    result = analyse([Document("paste.txt", text)], gazetteer=gz)
    (doc,) = result.documents
    assert doc.text == "The LNA captured  Sirte  on Monday." and len(doc.text) == len(
        text
    )
    (sirte,) = [m for m in result.mentions["paste.txt"] if m.name == "Sirte"]
    assert doc.text[sirte.start : sirte.end] == text[sirte.start : sirte.end] == "Sirte"
    assert all("\x00" not in c.sentence for c in result.claims)
