"""Claims through the real geoparser (gazetteer.parse) and the command line."""

from __future__ import annotations

import json
import re

import pytest

from geo.__main__ import main
from geo.claims import claims_for_text
from geo.factions import load_registry
from tests.geo.test_claims_gold import km, matches_gold, points_of


@pytest.fixture(scope="module")
def parsed_claims(gz, gold, seed_texts):
    out = []
    for gold_doc in gold["documents"]:
        doc = gold_doc["doc"]
        out.extend(claims_for_text(seed_texts[doc], doc=doc, gazetteer=gz))
    return out


def test_gold_claims_through_the_geoparser(gold, parsed_claims):
    points = {d["doc"]: points_of(d) for d in gold["documents"]}
    missing = [
        want
        for want in gold["claims"]
        if not any(matches_gold(c, want, points[want["doc"]]) for c in parsed_claims)
    ]
    assert not missing, "\n".join(map(str, missing))


def test_regions_are_where_the_text_says(gold, parsed_claims):
    sirte = (31.20892, 16.58866)
    for c in parsed_claims:
        if re.fullmatch(r"the (?:outskirts|\w+ area|west) of Sirte", c.place.text):
            assert c.place.kind == "region"
            assert km((c.lat, c.lon), sirte) < 40, c.place
    thirty = next(c for c in parsed_claims if "thirty kilo" in c.place.text)
    assert km((thirty.lat, thirty.lon), (31.21, 16.27)) < 15


def test_faction_aliases_are_not_places(gz):
    text = "Haftar's forces and Wagner mercenaries shelled Tripoli, killing four civilians."
    got = claims_for_text(text, doc="t", gazetteer=gz)
    assert [(c.type, c.faction, c.place.name, c.casualties) for c in got] == [
        ("strike", "LNA", "Tripoli", 4)
    ]
    assert all(c.place.name not in ("Haftar", "Wagner") for c in got)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "GNA forces captured positions in Gharyan on Tuesday.",
            ("control", "GNA", (32.17, 13.02)),
        ),
        (
            "Shells fired by LNA forces killed three civilians in Tripoli.",
            ("strike", "LNA", (32.89, 13.19)),
        ),
        (
            "Clashes between GNA and LNA forces near Tarhuna lasted all night.",
            ("frontline", None, (32.44, 13.63)),
        ),
        (
            "LNA reinforcements arrived in Sirte from Benghazi on Sunday.",
            ("movement", "LNA", (31.21, 16.59)),
        ),
    ],
)
def test_news_sentences_end_to_end(gz, text, expected):
    kind, faction, point = expected
    got = [c for c in claims_for_text(text, doc="t", gazetteer=gz) if c.type == kind]
    assert got, text
    assert got[0].faction == faction
    assert km((got[0].lat, got[0].lon), point) < 40


def test_cli_prints_json_lines_and_reports_bad_files(gz, seed_paths, tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00")  # no BOM: plain binary
    code = main(["claims", str(seed_paths[1]), str(bad), str(tmp_path / "none.txt")])
    out, err = capsys.readouterr()
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 10
    strike = next(r for r in rows if r["type"] == "strike" and r["casualties"])
    assert strike["faction"] == "LNA" and strike["target"] == "GNA"
    assert strike["casualties"] == 10 and strike["place_text"].endswith("area of Sirte")
    text = seed_paths[1].read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["sentence"] for r in rows)
    assert {
        "doc",
        "type",
        "kind",
        "faction",
        "target",
        "place",
        "lat",
        "lon",
        "sentence",
        "start",
        "end",
        "casualties",
        "implied",
        "confidence",
    } <= set(rows[0])
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert "binary" in lines[0] and "no such file" in lines[1]


def test_cli_with_a_users_registry(gz, tmp_path, capsys):
    registry = tmp_path / "war.json"
    registry.write_text(
        json.dumps(
            {
                "factions": [
                    {
                        "id": "BLUE",
                        "label": "Blues",
                        "colour": "#0000ff",
                        "aliases": ["Blue Brigade"],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    article = tmp_path / "a.txt"
    article.write_text(
        "The Blue Brigade captured Gharyan on Monday.\n", encoding="utf-8"
    )
    assert main(["claims", "--factions", str(registry), str(article)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["type"], r["faction"], r["place"]) for r in rows] == [
        ("control", "BLUE", "Gharyan")
    ]


def test_cli_rejects_a_broken_registry(tmp_path, seed_paths, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["claims", "--factions", str(broken), str(seed_paths[0])]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "not valid JSON" in err
    assert load_registry().get("GNA") is not None
