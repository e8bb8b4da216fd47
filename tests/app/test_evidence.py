"""The evidence model: every place's sources from one index, in the articles'
spelling, sent with the map as data."""

from __future__ import annotations

import pytest

from geo import map as gm
from geo.map.evidence import Evidence
from geo.records import Document

ONE = (
    "Haftar forces took control of Surt on Monday. "
    "Residents of Surt said the road to Misrata was closed.\n"
)
TWO = "GNA fighters shelled positions near Surt overnight, a spokesman said.\n"


@pytest.fixture(scope="module")
def analysed():
    from geo.layers import build_layers
    from geo.pipeline import analyse

    analysis = analyse([Document("one.txt", ONE), Document("two.txt", TWO)])
    return analysis, build_layers(analysis)


def _row(layers, name):
    places = layers.places
    return places[places["name"] == name].iloc[0].to_dict()


def test_labels_use_the_articles_spelling(analysed):
    analysis, layers = analysed
    evidence = Evidence(analysis)
    sirte = _row(layers, "Sirte")
    assert evidence.spelling(sirte) == "Surt"
    feats = gm.place_features(layers.places, evidence=evidence)
    feat = next(f for f in feats if f["properties"]["name"] == "Sirte")
    assert feat["properties"]["label"] == "Surt"
    assert "Surt" in feat["properties"]["tip"]
    assert "gazetteer: Sirte" in feat["properties"]["pop"]


def test_every_source_sentence_is_sent_with_the_feature(analysed):
    analysis, layers = analysed
    evidence = Evidence(analysis)
    sirte = _row(layers, "Sirte")
    ev = gm.place_features(layers.places, evidence=evidence)
    ev = next(f for f in ev if f["properties"]["name"] == "Sirte")["properties"]["ev"]
    assert ev["title"] == "Surt" and "gazetteer: Sirte" in ev["sub"]
    docs = {d["doc"]: d["items"] for d in ev["docs"]}
    assert set(docs) == {"one.txt", "two.txt"}
    assert len(docs["one.txt"]) == 2  # both sentences of the first article
    first = docs["one.txt"][0]
    assert first["s"].startswith("Haftar forces took control of Surt")
    ((start, end),) = first["m"]
    assert first["s"][start:end] == "Surt"
    assert any(c.startswith("control: Sirte") for c in first["c"])
    # the same as asking for that one place alone
    assert evidence.place_sources(sirte) == gm.place_sources(analysis, sirte)


def test_hostile_sentences_stay_data(hostile):
    s = gm.SourceSentence("a.txt", 0, len(hostile), hostile, ((0, 8),), ("x",))
    ev = gm.payload(hostile, hostile, {hostile: [s]})
    assert ev["title"] == hostile and ev["docs"][0]["items"][0]["s"] == hostile
    html = gm.build_map({}).get_root().render()  # the panel builds with textContent
    assert "node.textContent = String(text)" in html and "innerHTML" not in html
