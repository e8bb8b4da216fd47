"""Corpus scoring: the same figures as shared/corpora/score.py, on small samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gazetteer
from gazetteer.evaluate import evaluate, load_corpus, score
from gazetteer.geoparse import parse

DATA = Path(__file__).resolve().parent.parent / "data"


def test_score_counts_and_ignores():
    gold = [
        {
            "id": "d",
            "text": "x" * 40,
            "toponyms": [
                {"start": 0, "end": 5, "lat": 10.0, "lon": 10.0},
                {"start": 10, "end": 15, "lat": 0.0, "lon": 0.0},
            ],
            "ignore_spans": [{"start": 20, "end": 25}],
        }
    ]
    pred = {
        "d": [
            {"start": 0, "end": 5, "lat": 10.0, "lon": 12.0},  # 219 km off
            {"start": 11, "end": 15, "lat": 0.0, "lon": 0.1},  # overlap only
            {"start": 20, "end": 24, "lat": 0, "lon": 0},  # ignored
            {"start": 30, "end": 33, "lat": 0, "lon": 0},
        ]
    }  # false positive
    r = score(gold, pred)
    assert r["recognition_exact"]["tp"] == 1 and r["recognition_exact"]["fp"] == 2
    assert r["recognition_overlap"]["tp"] == 2 and r["recognition_overlap"]["fp"] == 1
    assert r["resolution"]["acc@161"] == 0.5 and r["resolution"]["e2e_acc@161"] == 0.5


@pytest.mark.parametrize(
    "name", ["geoparse_lgl_sample.jsonl", "geoparse_geovirus_sample.jsonl"]
)
def test_evaluate_on_samples(gz, name):
    docs = load_corpus(DATA / name)
    result = evaluate(docs, lambda t: parse(t, gazetteer=gz))
    assert result["docs"] == len(docs)
    assert result["recognition_overlap"]["tp"] > 0
    assert 0.3 <= result["recognition_overlap"]["f1"] <= 1.0
    assert result["resolution"]["acc@161"] >= 0.3


def test_bad_corpus_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(gazetteer.DocumentError, match="bad.jsonl:1"):
        load_corpus(bad)
    with pytest.raises(gazetteer.DocumentError, match="no such file"):
        load_corpus(tmp_path / "missing.jsonl")


def test_matches_the_reference_scorer_if_present(gz, tmp_path):
    import subprocess
    import sys

    scorer = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "score.py"
    if not scorer.exists():
        pytest.skip("shared/corpora/score.py not beside the checkout")
    gold = DATA / "geoparse_geovirus_sample.jsonl"
    docs = load_corpus(gold)
    preds = tmp_path / "pred.jsonl"
    from gazetteer.evaluate import toponyms

    predicted = {d["id"]: toponyms(parse(d["text"], gazetteer=gz)) for d in docs}
    preds.write_text(
        "".join(
            json.dumps({"id": k, "toponyms": v}) + "\n" for k, v in predicted.items()
        ),
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(preds), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == score(docs, predicted)
