"""Every error class of issue 13 as a general form, on sentences written for these
tests about a made-up war (its registry and its towns are made up too).

Mentions are made by hand, so that these tests pin down the extractor alone.
"""

from __future__ import annotations

import re

import pytest

from gazetteer.records import Mention, Place
from geo.claims import extract_claims
from geo.claims.extractor import _casualties
from geo.factions import registry_from_dict
from geo.records import Document

TOWNS = {
    "Valmora": (44.10, 20.50),
    "Brisk": (44.60, 20.10),
    "Oster": (44.35, 21.00),
    "Kelbar": (44.80, 20.70),
}

WAR = registry_from_dict(
    {
        "version": 2,
        "name": "The made-up war",
        "theatre": ["RS"],
        "factions": [
            {
                "id": "NOR",
                "label": "Army of the North",
                "colour": "#2255cc",
                "aliases": ["Northern Army", "northerners", "Northern air force"],
                "opposes": ["COA"],
            },
            {
                "id": "COA",
                "label": "Coastal Front",
                "colour": "#cc3322",
                "aliases": ["Coastal Front", "the Front", "rebels", "CF"],
            },
            {
                "id": "HIL",
                "label": "Hill Brigades",
                "aliases": ["Hill Brigades"],
                "opposes": ["COA"],
            },
            {
                "id": "ISL",
                "label": "Island Republic",
                "kind": "backer",
                "backs": ["COA"],
                "aliases": ["Island Republic", "islanders"],
            },
        ],
    },
    source="made-up.json",
)


def mentions_for(text: str, *, regions: dict[str, str] | None = None) -> list[Mention]:
    out = []
    for name, (lat, lon) in TOWNS.items():
        for hit in re.finditer(rf"\b{name}\b", text):
            out.append(
                Mention(
                    "t",
                    hit.start(),
                    hit.end(),
                    name,
                    "place",
                    name,
                    lat,
                    lon,
                    place=Place(name, lat, lon, None, "RS", kind="city"),
                )
            )
    for surface, anchor in (regions or {}).items():
        lat, lon = TOWNS[anchor]
        for hit in re.finditer(re.escape(surface), text):
            out.append(
                Mention(
                    "t",
                    hit.start(),
                    hit.end(),
                    surface,
                    "region",
                    surface,
                    lat,
                    lon,
                    uncertainty_km=40.0,
                )
            )
    return sorted(out, key=lambda m: m.start)


def claims(text: str, **kw):
    return extract_claims(Document("t", text), mentions_for(text, **kw), registry=WAR)


def summary(text: str, **kw) -> list[tuple]:
    return [(c.type, c.faction, c.place.name) for c in claims(text, **kw)]


# --- 2. a place but no claim: forms that were not known ---------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("Northern Army units gained control over Brisk on Monday.", "NOR", "Brisk"),
        ("Coastal Front fighters stormed Oster at dawn.", "COA", "Oster"),
        ("Brisk fell to the Northern Army after a week.", "NOR", "Brisk"),
        ("By evening Oster was lost to the Coastal Front.", "COA", "Oster"),
        ("Kelbar is now in the hands of the northerners.", "NOR", "Kelbar"),
        ("Supplies reached the rebel-held town of Valmora.", "COA", "Valmora"),
        ("Drones circled over Coastal Front-controlled Oster.", "COA", "Oster"),
        (
            (
                "Brisk, the provincial capital, remains under the control of the "
                "Northern Army."
            ),
            "NOR",
            "Brisk",
        ),
        ("Northern Army forces hold Kelbar.", "NOR", "Kelbar"),
        (
            "The capture of Brisk by the Northern Army surprised observers.",
            "NOR",
            "Brisk",
        ),
        ("The Coastal Front's seizure of Oster cut the road.", "COA", "Oster"),
        ("On 12 May the Northern Army captured Kelbar.", "NOR", "Kelbar"),
        (
            "The Coastal Front captured Valmora after two days of clashes.",
            "COA",
            "Valmora",
        ),
        ("The Northern Army drove the Front out of Oster.", "NOR", "Oster"),
    ],
)
def test_control_forms(text, faction, place):
    assert summary(text) == [("control", faction, place)]


def test_observation_point_is_a_position():
    got = summary("The Northern Army established an observation point near Oster.")
    assert got == [("position", "NOR", "Oster")]


def test_noun_only_strike_report():
    (c,) = claims("Artillery fire by the Coastal Front was reported in Valmora.")
    assert (c.type, c.faction, c.place.name) == ("strike", "COA", "Valmora")


def test_air_force_is_no_demand():
    (c,) = claims("The Northern air force struck Valmora overnight.")
    assert (c.type, c.faction, c.place.name, c.implied) == (
        "strike",
        "NOR",
        "Valmora",
        False,
    )


# --- 3. actors the right way round ------------------------------------------------------


def test_repelled_attack_is_a_strike_by_the_attacker_and_control_for_the_defender():
    got = claims("The Northern Army repelled an attack by the Coastal Front on Brisk.")
    assert sorted((c.type, c.faction, c.target, c.place.name) for c in got) == [
        ("control", "NOR", None, "Brisk"),
        ("strike", "COA", "NOR", "Brisk"),
    ]
    assert all(c.casualties is None for c in got)


def test_thwarted_attack_with_the_attacker_inside():
    got = claims("Northern Army units thwarted a Coastal Front assault on Kelbar.")
    assert sorted((c.type, c.faction, c.target) for c in got) == [
        ("control", "NOR", None),
        ("strike", "COA", "NOR"),
    ]


def test_shells_fired_by_x_make_x_the_attacker_not_the_target():
    (c,) = claims("Shells fired by the Coastal Front fell on Valmora, killing four.")
    assert (c.type, c.faction, c.target, c.casualties) == ("strike", "COA", None, 4)


def test_polarity_prefixes_are_not_the_side_named():
    assert summary("Pro-CF militias entered Oster on Sunday.") == [
        ("position", "COA", "Oster")
    ]
    # the Front has two opponents here (NOR and HIL): "anti-CF" names neither
    assert summary("Anti-CF militias entered Oster on Sunday.") == []
    two_sided = registry_from_dict(
        {"factions": [{"id": "A", "aliases": ["Reds"]}, {"id": "B", "aliases": ["CF"]}]}
    )
    text = "Anti-CF militias entered Oster on Sunday."
    got = extract_claims(Document("t", text), mentions_for(text), registry=two_sided)
    assert [(c.type, c.faction) for c in got] == [("position", "A")]


def test_supporters_are_no_actors():
    got = summary("Coastal Front fighters backed by islanders captured Brisk.")
    assert got == [("control", "COA", "Brisk")]


def test_one_claim_per_actor_joined_by_and():
    got = summary("Northern Army troops and the Hill Brigades captured Kelbar.")
    assert sorted(got) == [("control", "HIL", "Kelbar"), ("control", "NOR", "Kelbar")]


def test_case_sensitive_short_alias():
    assert [f for _, _, f in WAR.find("CF units said the cf plan was late")] == ["COA"]


# --- 4. broad areas stay areas ----------------------------------------------------------


def test_a_broad_area_is_the_claim_place():
    (c,) = claims(
        "The Northern Army captured western Valmora.",
        regions={"western Valmora": "Valmora"},
    )
    assert (c.place.kind, c.place.text, c.place.uncertainty_km) == (
        "region",
        "western Valmora",
        40.0,
    )


# --- 5. numbers that are not casualties -------------------------------------------------


@pytest.mark.parametrize(
    "sentence, killed",
    [
        ("the 46th Regiment was shelled and killed nobody", None),
        ("drones hit Route 5 near the bridge, killing 3", 3),
        ("on 12 May 2020 an air strike killed at least 9 people", 9),
        ("shelling of Route 5 killed", None),
        ("the 12 May strike wounded 7", None),
        ("a strike on District 3 killed eleven", 11),
    ],
)
def test_dates_units_and_roads_are_no_counts(sentence, killed):
    assert _casualties(sentence) == killed


def test_wounded_are_not_killed():
    (c,) = claims("Coastal Front drones struck Valmora, wounding seven people.")
    assert (c.casualties, c.wounded) == (None, 7)


def test_each_strike_keeps_its_own_count():
    got = claims(
        "An air strike by the Northern Army on Valmora killed 3 people, while a "
        "drone strike by the Coastal Front on Brisk killed 5."
    )
    strikes = sorted((c.faction, c.place.name, c.casualties) for c in got)
    assert strikes == [("COA", "Brisk", 5), ("NOR", "Valmora", 3)]


def test_a_count_shared_by_several_places_is_no_ones():
    got = claims("Northern Army shells hit Valmora and Brisk, killing nine in all.")
    assert [(c.place.name, c.casualties) for c in got] == [
        ("Valmora", None),
        ("Brisk", None),
    ]


# --- 7. the actor of the previous sentence ----------------------------------------------


def test_it_said_takes_the_previous_sentences_side():
    got = summary(
        "The Coastal Front issued a statement. It said it had captured Oster."
    )
    assert got == [("control", "COA", "Oster")]


# --- negatives: moods that make nothing ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "If the Northern Army captures Brisk, the road will close.",
        "The Coastal Front denied capturing Oster.",
        "The Coastal Front threatened to storm Oster.",
        "The Northern Army plans to take Brisk next week.",
        "Has the Northern Army captured Brisk?",
        "The Northern Army may capture Brisk within days.",
        "Rumours that Kelbar had fallen to the Coastal Front could not be verified.",
        "An assault on Valmora by the Northern Army would take months.",
        "Fighting continued around Valmora all night.",
    ],
)
def test_no_claim_from_hypotheticals_denials_threats_plans_questions(text):
    assert claims(text) == []


def test_clashes_between_two_named_opposing_sides_are_a_front():
    (c,) = claims("Clashes between the Northern Army and the Front near Kelbar.")
    assert (c.type, c.factions, c.place.name) == ("frontline", ("NOR", "COA"), "Kelbar")
