"""Demonyms ("Russian", "European") as mentions of their own kind, linked to the
place they name; scored as toponyms only where a corpus annotates them."""

from __future__ import annotations

import pytest

from gazetteer.demonyms import nationality_codes, table
from gazetteer.evaluate import demonym_share, evaluate
from gazetteer.geoparse import parse
from gazetteer.records import MENTION_KINDS, Mention


def _kinds(mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(m.kind, m.text, m.country) for m in mentions]


def test_demonym_is_a_mention_kind():
    assert "demonym" in MENTION_KINDS


def test_country_adjectives_link_to_their_country(gz):
    text = "Turkish drones and Ukrainian gunners were seen near the river."
    found = [m for m in parse(text, gazetteer=gz) if m.kind == "demonym"]
    assert [(m.text, m.country) for m in found] == [
        ("Turkish", "TR"),
        ("Ukrainian", "UA"),
    ]
    turkey = gz.country("TR")
    assert found[0].lat == pytest.approx(turkey.lat) and found[0].place == turkey
    for m in found:
        assert text[m.start : m.end] == m.text


def test_plurals_and_continents(gz):
    text = "Two Israelis and three Kenyans joined European monitors."
    found = {m.text: m for m in parse(text, gazetteer=gz) if m.kind == "demonym"}
    assert found["Israelis"].country == "IL"
    assert found["Kenyans"].country == "KE"
    europe = found["European"]
    assert europe.place is not None and europe.place.kind == "continent"
    assert 35 < europe.lat < 70 and -25 < europe.lon < 45


def test_regional_adjective_links_to_the_region(gz):
    found = [
        m for m in parse("A Texan rancher spoke.", gazetteer=gz) if m.kind == "demonym"
    ]
    assert [(m.text, m.place.kind, m.country) for m in found] == [
        ("Texan", "admin1", "US")
    ]


def test_a_place_named_like_a_demonym_stays_a_place(gz):
    # "Hong Kong" was once listed as a demonym and vanished from every article.
    kinds = _kinds(parse("Samples went to a laboratory in Hong Kong.", gazetteer=gz))
    assert ("place", "Hong Kong", "HK") in kinds


def test_airline_name_is_no_demonym(gz):
    found = parse("She flew Turkish Airlines to the coast.", gazetteer=gz)
    assert not [m for m in found if m.kind == "demonym"]


def test_demonyms_still_vote_for_the_country(gz):
    # Nationality votes pull an ambiguous name to that country.
    alone = [m.country for m in parse("Soldiers patrolled Tripoli.", gazetteer=gz)]
    text = "Lebanese soldiers patrolled Tripoli after Lebanese officials asked."
    places = [m for m in parse(text, gazetteer=gz) if m.kind == "place"]
    assert alone == ["LY"]
    assert [(m.text, m.country) for m in places] == [("Tripoli", "LB")]


def test_table_is_clean():
    t = table()
    assert t["thai"] == "TH" and t["swiss"] == "CH" and t["english"] == "England"
    assert t["russians"] == "RU" and t["palestinians"] == "PS"
    assert "hong kong" not in t
    assert all(len(c) == 2 for c in nationality_codes().values())
    assert "european" not in nationality_codes()


def test_demonym_share_and_auto_scoring(gz):
    text = "Russian envoys met in Vienna."
    gold_tagged = [
        {
            "id": "a",
            "text": text,
            "toponyms": [
                {"start": 0, "end": 7, "lat": 61.5, "lon": 105.3},
                {"start": 22, "end": 28, "lat": 48.21, "lon": 16.37},
            ],
        }
    ]
    untagged = [{**gold_tagged[0], "toponyms": gold_tagged[0]["toponyms"][1:]}]

    def parser(t: str) -> list[Mention]:
        return parse(t, gazetteer=gz)

    tagged = evaluate(gold_tagged, parser)
    assert tagged["demonyms"] == {"scored": True, "found": 1, "gold_share": 1.0}
    assert tagged["recognition_exact"]["f1"] == 1.0
    plain = evaluate(untagged, parser)
    assert plain["demonyms"]["scored"] is False
    assert plain["recognition_exact"]["f1"] == 1.0
    forced = evaluate(untagged, parser, demonyms="yes")
    assert forced["recognition_exact"]["fp"] == 1
    assert demonym_share(untagged, {}) is None
    with pytest.raises(ValueError, match="demonyms"):
        evaluate(untagged, parser, demonyms="maybe")
