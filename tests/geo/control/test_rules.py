"""The rules of evidence one by one, on hand-made claims (no gazetteer)."""

from __future__ import annotations

import datetime as dt

import pytest

from gazetteer.records import Mention, Place
from geo.control.estimate import estimate, partisan
from geo.control.rules import RULES, rule_for
from geo.factions import registry_from_dict
from geo.records import Claim

REG = registry_from_dict(
    {
        "name": "test",
        "factions": [
            {"id": "A", "label": "Side A", "colour": "#111111", "opposes": ["B"]},
            {"id": "B", "label": "Side B", "colour": "#222222", "opposes": ["A"]},
            {
                "id": "BA",
                "label": "Backer of A",
                "colour": "#333333",
                "kind": "backer",
                "backs": ["A"],
            },
        ],
    }
)
TOWN = Place("Town", 10.0, 20.0, 1, "XX", 20_000, "city")
VILLAGE = Place("Village", 10.05, 20.05, 2, "XX", 800, "city")  # ~7.8 km away
FAR = Place("Far", 11.0, 21.0, 3, "XX", 800, "city")  # ~155 km away
D1, D2 = dt.date(2024, 3, 1), dt.date(2024, 3, 20)


def mention(p: Place, doc: str = "d.txt") -> Mention:
    return Mention(doc, 0, len(p.name), p.name, "place", p.name, p.lat, p.lon,
                   geonameid=p.geonameid, country=p.country, place=p)  # fmt: skip


def claim(type_, faction, p=TOWN, *, date=D1, doc="d.txt", **kw) -> Claim:
    m = mention(p, doc)
    return Claim(doc, type_, faction, m, f"{p.name}.", 0, len(p.name) + 1, date=date,
                 **kw)  # fmt: skip


def control(*claims, settlements=(VILLAGE, FAR), as_of=None):
    est = estimate({}, list(claims), settlements=settlements, registry=REG, as_of=as_of)
    return {pc.place.name: pc for pc in est.places.values()}


def state(result, name):
    pc = result.get(name)
    return None if pc is None else (pc.faction, pc.status, pc.basis)


def test_rules_are_a_documented_table():
    assert {r.name for r in RULES} >= {"control", "strike", "reinforcement", "position"}
    assert all(r.note for r in RULES)
    assert rule_for("strike", None).to == "other"
    assert rule_for("control", None).assessed and not rule_for("strike", None).assessed


def test_assessed_control_is_held_and_reaches_the_village():
    got = control(claim("control", "A"))
    assert state(got, "Town") == ("A", "held", "reported")
    assert state(got, "Village") == ("A", "held", "nearby")
    assert got["Village"].evidence[0].place.name == "Town"
    assert "Far" not in got  # no evidence within reach: not drawn


def test_partisan_claim_for_its_own_side_is_claimed():
    got = control(claim("control", "A", quoted_by="A"))
    assert state(got, "Town") == ("A", "claimed", "reported")
    assert got["Village"].status == "claimed"
    # a backer's word counts as its side's word
    assert partisan(claim("control", "A", quoted_by="BA"), "A", REG)


def test_a_side_conceding_to_its_enemy_counts_fully():
    got = control(claim("control", "B", quoted_by="A"))
    assert state(got, "Town") == ("B", "held", "reported")


def test_implied_or_weak_control_is_claimed():
    assert control(claim("control", "A", implied=True))["Town"].status == "claimed"
    assert control(claim("control", "A", confidence=0.5))["Town"].status == "claimed"


@pytest.mark.parametrize(
    ("type_", "faction", "kw", "side"),
    [
        ("strike", "B", {}, "A"),  # B strikes the town: A is there
        ("strike", "BA", {"target": "B"}, "B"),  # the target when said
        ("movement", "A", {"kind": "reinforcement"}, "A"),
        ("movement", "A", {"kind": "withdrawal"}, "B"),
        ("allegiance", "A", {}, "A"),
    ],
)
def test_indirect_evidence_gives_a_claimed_side(type_, faction, kw, side):
    got = control(claim(type_, faction, **kw))
    assert state(got, "Town") == (side, "claimed", "reported")


def test_position_at_a_town_does_not_decide_it():
    got = control(claim("position", "A"), claim("control", "B", p=VILLAGE))
    assert got["Village"].faction == "B" and got["Village"].basis == "reported"
    assert got["Town"].basis != "reported"  # only evidence nearby decides it


def test_a_later_report_supersedes_and_as_of_goes_back():
    claims = [claim("control", "A", date=D1), claim("control", "B", date=D2)]
    assert state(control(*claims), "Town") == ("B", "held", "reported")
    assert state(control(*claims, as_of=dt.date(2024, 3, 10)), "Town")[0] == "A"


def test_contested_only_when_both_sides_report_themselves_inside():
    same_days = [claim("control", "A", date=D1), claim("control", "B", date=D1)]
    got = control(*same_days)
    assert got["Town"].status == "contested"
    assert set(got["Town"].claimed_by) == {"A", "B"}
    # an enemy's strikes on a town it does not hold do not make it contested
    struck = control(claim("control", "A"), claim("strike", "B"))
    assert state(struck, "Town") == ("A", "held", "reported")


def test_evidence_fades_with_time():
    old = control(claim("strike", "B", date=dt.date(2023, 1, 1)), as_of=D2)
    fresh = control(claim("strike", "B", date=D2), as_of=D2)
    assert fresh["Town"].confidence > old["Town"].confidence


def test_village_between_the_sides_stays_unassigned():
    between = Place("Between", 10.5, 20.5, 4, "XX", 500, "city")
    a = Place("TownA", 10.4, 20.4, 5, "XX", 20_000, "city")
    b = Place("TownB", 10.6, 20.6, 6, "XX", 20_000, "city")
    got = control(claim("control", "A", p=a), claim("control", "B", p=b),
                  settlements=(between,))  # fmt: skip
    assert "Between" not in got or got["Between"].faction is None


def test_undated_reports_are_not_superseded_without_an_analyst():
    # regression: an undated report counted as "up to the analyst's date" everywhere
    got = control(claim("control", "A", date=None))
    assert state(got, "Town") == ("A", "held", "reported")
