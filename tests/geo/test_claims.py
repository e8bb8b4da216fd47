"""Sentence forms of ordinary conflict reporting, beyond the seeds' wording.

Mentions are made by hand (a name -> point table) so that these tests pin down the
extractor alone; test_claims_e2e.py runs the same kind of text through the geoparser.
"""

from __future__ import annotations

import re

import pytest

from gazetteer.records import Mention, Place
from geo.claims import extract_claims
from geo.claims.extractor import _casualties
from geo.factions import registry_from_dict
from geo.records import Document

POINTS = {
    "Gharyan": (32.172, 13.020),
    "Tripoli": (32.887, 13.187),
    "Ain Zara": (32.800, 13.233),
    "Misrata": (32.375, 15.093),
    "Tarhuna": (32.435, 13.633),
    "Sirte": (31.209, 16.589),
    "Jufra": (29.150, 16.000),
    "al-Watiya": (32.476, 11.893),
    "Benghazi": (32.115, 20.068),
    "Libya": (27.0, 17.0),
    # another war, made up: the registry below is made up too
    "Valmora": (44.10, 20.50),
    "Brisk": (44.60, 20.10),
    "Oster": (44.35, 21.00),
}


def mentions_for(
    text: str,
    *,
    doc: str = "t",
    regions: dict[str, str] | None = None,
    anaphors: dict[str, tuple[str, ...]] | None = None,
) -> list[Mention]:
    """Place mentions for every known name in ``text`` (word-bounded), plus regions
    ({surface: anchor name}) and anaphors ({surface: referents})."""
    out = []
    for name, (lat, lon) in POINTS.items():
        kind = "country" if name == "Libya" else "city"
        for hit in re.finditer(rf"\b{re.escape(name)}\b", text):
            out.append(
                Mention(
                    doc,
                    hit.start(),
                    hit.end(),
                    name,
                    "place",
                    name,
                    lat,
                    lon,
                    place=Place(name, lat, lon, None, "XX", kind=kind),
                )
            )
    for surface, anchor in (regions or {}).items():
        lat, lon = POINTS[anchor]
        for hit in re.finditer(re.escape(surface), text):
            out.append(
                Mention(
                    doc,
                    hit.start(),
                    hit.end(),
                    surface,
                    "region",
                    surface,
                    lat,
                    lon - 0.1,
                )
            )
    for surface, refs in (anaphors or {}).items():
        lat, lon = POINTS[refs[0]]
        for hit in re.finditer(re.escape(surface), text):
            out.append(
                Mention(
                    doc,
                    hit.start(),
                    hit.end(),
                    surface,
                    "anaphor",
                    refs[0],
                    lat,
                    lon,
                    refers_to=refs,
                )
            )
    return sorted(out, key=lambda m: m.start)


def claims(text: str, registry=None, **kw):
    return extract_claims(
        Document("t", text), mentions_for(text, **kw), registry=registry
    )


def summary(cs) -> list[tuple]:
    return [(c.type, c.kind, c.faction, c.place.name) for c in cs]


# --- control ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("GNA forces captured positions in Gharyan on Tuesday.", "GNA", "Gharyan"),
        (
            "Forces loyal to the Government of National Accord retook the al-Watiya air "
            "base after weeks of fighting.",
            "GNA",
            "al-Watiya air base",  # the named site, located at al-Watiya
        ),
        ("Haftar's forces seized control of Tarhuna in 2019.", "LNA", "Tarhuna"),
        ("The LNA took over Gharyan last year.", "LNA", "Gharyan"),
        ("Gharyan, which is held by GNA forces, was calm.", "GNA", "Gharyan"),
        (
            "Sirte remains under the control of the Libyan National Army.",
            "LNA",
            "Sirte",
        ),
        ("Sirte has long been controlled by Hifter.", "LNA", "Sirte"),
        ("LNA fighters were driven out of Gharyan on Wednesday.", "GNA", "Gharyan"),
        ("The GNA expelled Haftar's forces from Tarhuna.", "GNA", "Tarhuna"),
        ("The defeat of the LNA in Gharyan shocked its backers.", "GNA", "Gharyan"),
        ("The LNA seized the hilltop market town of Gharyan.", "LNA", "Gharyan"),
        ("GNA units recovered the locality of Tarhuna.", "GNA", "Tarhuna"),
    ],
)
def test_control_forms(text, faction, place):
    got = [c for c in claims(text) if c.type == "control"]
    assert [(c.faction, c.place.name) for c in got] == [(faction, place)]
    assert not got[0].implied
    assert got[0].sentence == text


def test_control_of_a_list_of_places():
    got = claims("The GNA captured Gharyan, Tarhuna and the town of Misrata.")
    assert [(c.type, c.faction, c.place.name) for c in got] == [
        ("control", "GNA", "Gharyan"),
        ("control", "GNA", "Tarhuna"),
        ("control", "GNA", "Misrata"),
    ]


def test_control_through_an_anaphor():
    text = "LNA forces entered Gharyan. The city had been held by the GNA since 2016."
    got = claims(text, anaphors={"The city": ("Gharyan",)})
    assert ("control", None, "GNA", "Gharyan") in summary(got)
    ctrl = next(c for c in got if c.type == "control")
    assert ctrl.place.text == "The city" and ctrl.sentence.startswith("The city")


def test_goods_seized_in_a_town_are_no_control():
    assert claims("The LNA seized weapons in the town of Gharyan.") == []


def test_a_meeting_held_in_a_city_is_no_control():
    assert (
        claims("Sarraj met his ministers at a meeting held on Saturday in Tripoli.")
        == []
    )


# --- demands, hypotheticals, negation -----------------------------------------------------


def test_demand_to_withdraw_implies_control():
    got = claims("The UN called on Haftar to withdraw from Tarhuna and Gharyan.")
    assert [(c.type, c.faction, c.place.name, c.implied) for c in got] == [
        ("control", "LNA", "Tarhuna", True),
        ("control", "LNA", "Gharyan", True),
    ]
    assert all(c.confidence <= 0.5 for c in got)


@pytest.mark.parametrize(
    "text",
    [
        "If the LNA advances on Misrata, Turkish drones will strike Sirte.",
        "The GNA plans to capture Sirte before the summer.",
        "LNA forces could take control of Sirte within days.",
        "The GNA did not capture Gharyan, a spokesman said.",
        "Officials fear a possible battle for Sirte.",
        "Haftar denied that his forces shelled Tripoli.",
        "Unless talks resume, the GNA will attack Sirte.",
    ],
)
def test_no_fact_from_hypotheticals_and_denials(text):
    assert [c for c in claims(text) if not c.implied] == []


# --- movement, position, allegiance -------------------------------------------------------


def test_reinforcements_with_origin_and_destination():
    got = claims("LNA reinforcements moved from Jufra towards Sirte overnight.")
    move = [c for c in got if c.type == "movement"]
    assert [(c.kind, c.faction, c.place.name, c.origin.name) for c in move] == [
        ("reinforcement", "LNA", "Sirte", "Jufra")
    ]


def test_a_backer_acts_where_it_sends():
    got = claims("Turkey sent drones and Syrian fighters to Tripoli in January.")
    assert summary(got) == [("movement", "reinforcement", "TUR", "Tripoli")]


@pytest.mark.parametrize(
    "text, kind, faction, place",
    [
        ("GNA units are advancing towards Sirte.", "advance", "GNA", "Sirte"),
        (
            "Haftar's troops pulled back from Tarhuna to Benghazi.",
            "withdrawal",
            "LNA",
            "Benghazi",
        ),
        ("The LNA retreated from Gharyan.", "withdrawal", "LNA", "Gharyan"),
    ],
)
def test_movement_forms(text, kind, faction, place):
    got = [c for c in claims(text) if c.type == "movement"]
    assert [(c.kind, c.faction, c.place.name) for c in got] == [(kind, faction, place)]


def test_position_forms():
    got = claims(
        "GNA forces reached the outskirts of Sirte.",
        regions={"the outskirts of Sirte": "Sirte"},
    )
    assert [(c.type, c.faction, c.place.text) for c in got] == [
        ("position", "GNA", "the outskirts of Sirte")
    ]
    got = claims("LNA troops are stationed in Jufra.")
    assert summary(got) == [("position", None, "LNA", "Jufra")]


def test_allegiance_needs_a_group_of_the_place():
    got = claims("Tribal elders in Tarhuna declared their support for the LNA.")
    assert summary(got) == [("allegiance", None, "LNA", "Tarhuna")]
    # a capital speaking for its country is no allegiance of the city
    assert claims("Ankara continues to support al-Sarraj.") == []


# --- strikes ------------------------------------------------------------------------------


def test_shells_fired_by_a_faction_kill_a_number_in_words():
    got = claims("Shells fired by LNA forces killed three civilians in Tripoli.")
    assert [(c.type, c.faction, c.place.name, c.casualties) for c in got] == [
        ("strike", "LNA", "Tripoli", 3)
    ]


def test_drone_strike_with_target_and_casualties():
    got = claims(
        "Turkish drones struck LNA positions near Tarhuna, killing twelve fighters."
    )
    strike = [c for c in got if c.type == "strike"]
    assert [(c.faction, c.target, c.place.name, c.casualties) for c in strike] == [
        ("TUR", "LNA", "Tarhuna", 12)
    ]
    # "struck LNA positions near P" is one strike with its target; the LNA's being
    # there is the strike's target, not a second (position) claim
    assert [c for c in got if c.type == "position"] == []


def test_victims_of_a_passive_kill_are_the_target():
    got = claims(
        "Twenty-six GNA cadets were killed in Tripoli by a drone of Haftar's forces."
    )
    assert [(c.type, c.faction, c.target, c.casualties) for c in got] == [
        ("strike", "LNA", "GNA", 26)
    ]


def test_a_country_condemning_is_no_attacker():
    got = claims("Turkey condemned the shelling of Tripoli on Sunday.")
    assert [(c.type, c.faction, c.place.name) for c in got] == [
        ("strike", None, "Tripoli")
    ]


@pytest.mark.parametrize(
    "sentence, number",
    [
        ("killed at least 14 people", 14),
        ("left 1,200 dead", 1200),
        ("ten of the fighters were killed", 10),
        ("a dozen were killed", 12),
        ("thirty-three soldiers killed", 33),
        ("no one was hurt", None),
    ],
)
def test_casualty_numbers(sentence, number):
    assert _casualties(sentence) == number


# --- front lines --------------------------------------------------------------------------


def test_clashes_between_two_sides_near_a_place():
    got = claims("Clashes between GNA and LNA forces near Ain Zara lasted all night.")
    assert [(c.type, c.faction, c.factions, c.place.name) for c in got] == [
        ("frontline", None, ("GNA", "LNA"), "Ain Zara")
    ]


def test_countries_are_no_event_places():
    assert claims("Fighting continued across Libya.") == []


# --- quotes -------------------------------------------------------------------------------


def test_quotes_keep_who_said_them():
    got = claims("LNA spokesman Ahmed al-Mismari said its forces captured Gharyan.")
    assert [(c.type, c.faction, c.quoted_by) for c in got] == [
        ("control", "LNA", "LNA")
    ]
    got = claims("Local residents told Reuters that GNA forces shelled Benghazi.")
    assert got[0].quoted_by == "Local residents"


# --- another war with a made-up registry --------------------------------------------------

OTHER_WAR = registry_from_dict(
    {
        "name": "A made-up war",
        "factions": [
            {
                "id": "NOR",
                "label": "Army of the North",
                "colour": "#2255cc",
                "aliases": ["Army of the North", "Northern Army", "northerners"],
                "opposes": ["COA"],
            },
            {
                "id": "COA",
                "label": "Coastal Front",
                "colour": "#cc3322",
                "aliases": ["Coastal Front", "the Front's fighters", "Kovalenko"],
                "opposes": ["NOR"],
            },
            {
                "id": "ISL",
                "label": "Island Republic",
                "colour": "#22aa55",
                "kind": "backer",
                "backs": ["COA"],
                "aliases": ["Island Republic", "islanders"],
            },
        ],
    }
)


def test_another_war_with_its_own_registry():
    text = (
        "The Coastal Front seized the port of Valmora on Friday. "
        "Northern Army troops were driven out of Brisk. "
        "Northern Army artillery shelled Valmora, killing eleven people. "
        "Island Republic warships dispatched marines to Oster."
    )
    got = claims(text, registry=OTHER_WAR)
    assert [
        (c.type, c.kind, c.faction, c.target, c.place.name, c.casualties) for c in got
    ] == [
        ("control", None, "COA", None, "port of Valmora", None),  # a named site
        ("control", None, "COA", None, "Brisk", None),
        ("strike", None, "NOR", None, "Valmora", 11),
        ("movement", "reinforcement", "ISL", None, "Oster", None),
    ]
    # the Libyan registry knows none of these sides: only the strike stays, unattributed
    assert summary(claims(text)) == [("strike", None, None, "Valmora")]


def test_loose_spelling_of_an_alias():
    got = claims("Hiftar's forces captured Gharyan.")
    assert summary(got) == [("control", None, "LNA", "Gharyan")]
    assert got[0].confidence < 0.9


def test_empty_and_mentionless_text():
    assert extract_claims(Document("t", ""), []) == []
    assert extract_claims(Document("t", "The LNA captured the town."), []) == []


def test_a_place_inside_a_longer_alias_is_the_side():
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "NOR", "aliases": ["Northern Army"], "opposes": ["BVB"]},
                {"id": "BVB", "aliases": ["Brisk Valley Brigade"]},
            ]
        }
    )
    text = "The Northern Army seized the Brisk Valley Brigade stronghold of Oster."
    got = summary(claims(text, reg))
    assert ("control", None, "NOR", "Oster") in got
    assert all(place != "Brisk" for *_, place in got)


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army recovered the locality of Oster after heavy combats.",
        "Units of the Northern Army restored the security and stability to Oster.",
        "The Northern Army regained Oster on Sunday.",
    ],
)
def test_state_media_recovery_forms(text):
    assert summary(claims(text, OTHER_WAR)) == [("control", None, "NOR", "Oster")]


@pytest.mark.parametrize(
    "text",
    [
        "Oster, a town controlled by the Coastal Front, was quiet on Monday.",
        "Shells fell near Oster, the hill town held by the Coastal Front.",
    ],
)
def test_an_appositive_town_held_by_a_side(text):
    got = [c for c in claims(text, OTHER_WAR) if c.type == "control"]
    assert [(c.faction, c.place.name) for c in got] == [("COA", "Oster")]


def test_an_appositive_that_is_not_a_town_is_no_control():
    text = "Oster, a point where the Coastal Front convoy stopped, was quiet."
    assert [c for c in claims(text, OTHER_WAR) if c.type == "control"] == []


NATIONS = registry_from_dict(
    {
        "factions": [
            {"id": "NOR", "aliases": ["Northern Army", "Nordic forces", "Nordic jets"]},
            {"id": "COA", "aliases": ["Coastal Front", "Coastal fighters"]},
            {"id": "ISL", "aliases": ["Island troops"]},
            {"id": "ISM", "aliases": ["Island forces"]},  # two sides: no adjective
        ]
    }
)


@pytest.mark.parametrize(
    "text, attacker",
    [
        ("A Nordic air strike hit a depot in Oster on Monday.", "NOR"),
        ("Nordic drones struck a convoy near Oster.", "NOR"),
        ("A convoy was struck by Nordic drones near Oster.", "NOR"),
        ("Island drones struck a convoy near Oster.", None),  # shared by two sides
        ("Unidentified drones struck a convoy near Oster.", None),
    ],
)
def test_a_national_adjective_names_the_attacker(text, attacker):
    [strike] = [c for c in claims(text, NATIONS) if c.type == "strike"]
    assert (strike.faction, strike.place.name) == (attacker, "Oster")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Coastal Front fighters were still holding out in Oster.", "position"),
        ("Coastal Front fighters held out around Oster for a week.", "position"),
        ("The Coastal Front holds Oster.", "control"),
    ],
)
def test_holding_out_is_a_position_holding_is_control(text, kind):
    got = summary(claims(text, OTHER_WAR))
    assert got == [(kind, None, "COA", "Oster")]


@pytest.mark.parametrize(
    "text",
    [
        "Jets bombed Oster, which the Coastal Front had captured in May.",
        "Oster, which the Coastal Front seized last year, was quiet.",
    ],
)
def test_a_relative_clause_names_the_holder(text):
    got = [c for c in claims(text, OTHER_WAR) if c.type == "control"]
    assert [(c.faction, c.place.name) for c in got] == [("COA", "Oster")]


def test_a_relative_clause_of_intent_is_no_control():
    text = "Jets bombed Oster, which the Coastal Front had vowed to capture."
    assert [c for c in claims(text, OTHER_WAR) if c.type == "control"] == []
