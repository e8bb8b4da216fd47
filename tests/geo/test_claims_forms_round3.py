"""Forms added in the third round on claims_dev, each on sentences written for these
tests about the made-up war of ``test_claims_forms`` (its registry and its towns),
with the negative forms (hypotheticals, denials, threats, plans, questions) beside
them. Mentions are made by hand, so these pin down the extractor alone.
"""

from __future__ import annotations

import pytest

from geo.factions import registry_from_dict
from tests.geo.test_claims_forms import WAR, claims, summary


@pytest.mark.parametrize(
    "text, expected",
    [
        # objects that point back to the sentence's place
        (
            "Island troops left Oster and the Coastal Front then took control of "
            "the town.",
            [("control", "COA", "Oster")],
        ),
        (
            "Northern Army units shelled Kelbar and recaptured it by nightfall.",
            [("strike", "NOR", "Kelbar"), ("control", "NOR", "Kelbar")],
        ),
        # machine-translated word order
        (
            "The Northern Army has regained the control completely on the city of "
            "Brisk.",
            [("control", "NOR", "Brisk")],
        ),
        (
            "The Northern Army liberated from the occupation the town of Oster.",
            [("control", "NOR", "Oster")],
        ),
        # a place that only qualifies the next one
        (
            "The Coastal Front took the Valmora side of the Brisk crossing.",
            [("control", "COA", "Brisk crossing")],
        ),
        # predicative and appositive X-held
        (
            "Kelbar is now firmly rebel-controlled, observers say.",
            [("control", "COA", "Kelbar")],
        ),
        # the front runs between two places
        (
            "The front line near Valmora now runs between Oster and Kelbar.",
            [("frontline", None, "Oster")],
        ),
        # an absolute clause: "with X still holding P"
        (
            "Talks stalled, with the Coastal Front still in control of Brisk.",
            [("control", "COA", "Brisk")],
        ),
        # a withdrawal with no named place left the sentence's place
        (
            "Northern Army units entered Oster after Coastal Front fighters "
            "withdrew overnight.",
            [
                ("position", "NOR", "Oster"),
                ("movement", "COA", "Oster"),
            ],
        ),
    ],
)
def test_round3_forms(text: str, expected: list[tuple]) -> None:
    got = summary(text)
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_denial_that_asserts_a_state_gives_that_state() -> None:
    text = (
        "The Coastal Front denied capturing Kelbar, saying the town was still in "
        "the hands of the Northern Army."
    )
    assert summary(text) == [("control", "NOR", "Kelbar")]


def test_repelled_attack_with_unnamed_defender_goes_to_the_one_opponent() -> None:
    # the attacker COA has two opponents (NOR, HIL): the speaker names the defender
    text = (
        "Soldiers repelled a Coastal Front attack on Brisk on Sunday, the "
        "Northern Army said."
    )
    got = {(c.type, c.faction, c.target, c.place.name) for c in claims(text)}
    assert got == {("strike", "COA", "NOR", "Brisk"), ("control", "NOR", None, "Brisk")}


def test_passive_repel_gives_the_struck_side_control() -> None:
    text = (
        "Coastal Front fighters attacked Northern Army positions in Oster; the "
        "attack was repelled."
    )
    got = {(c.type, c.faction, c.place.name) for c in claims(text)}
    assert ("strike", "COA", "Oster") in got
    assert ("control", "NOR", "Oster") in got


def test_participle_kill_keeps_the_striker_and_its_count() -> None:
    text = (
        "Northern air force jets bombed rebel positions at Oster and at Kelbar, "
        "killing 6 fighters in Oster."
    )
    got = [(c.type, c.faction, c.place.name, c.casualties) for c in claims(text)]
    assert ("strike", "NOR", "Oster", 6) in got
    assert ("strike", "NOR", "Kelbar", None) in got
    assert all(c[1] == "NOR" for c in got)


def test_positions_struck_by_a_side_are_its_strike_not_a_position() -> None:
    text = "The positions of the rebels in Valmora were destroyed by Northern Army artillery."
    got = [(c.type, c.faction, c.target, c.place.name) for c in claims(text)]
    assert got == [("strike", "NOR", "COA", "Valmora")]


def test_the_last_positions_of_a_side_are_no_position() -> None:
    text = "Northern Army units took control of Brisk, one of the last rebel positions in the area."
    assert ("position", "COA", "Brisk") not in summary(text)


@pytest.mark.parametrize(
    "text",
    [
        "Island troops could leave Oster vulnerable to the Northern Army.",  # modal
        "The Northern Army threatened to take control of Kelbar.",  # threat
        "If the Coastal Front recaptured it, Brisk would change hands again.",
        "Will the Northern Army regain the control of Valmora?",  # question
        "The Coastal Front plans to switch its support to the islanders near Oster.",
        "The Northern Army denied that it had taken the town of Kelbar.",  # denial
    ],
)
def test_moods_make_nothing(text: str) -> None:
    assert summary(text) == []


def test_demand_that_a_side_leave_implies_it_holds_the_place() -> None:
    got = claims("The council's demand that the Coastal Front leave Kelbar was rejected.")
    assert [(c.type, c.faction, c.place.name, c.implied) for c in got] == [
        ("control", "COA", "Kelbar", True)
    ]


def test_alias_variants_name_one_side_only() -> None:
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "GOV", "aliases": ["government forces", "Valmoran defence forces"]},
                {"id": "REB", "aliases": ["rebels"]},
                {"id": "US", "aliases": ["U.S. air strike"]},
            ]
        }
    )
    assert reg.find("the forces of the government") == [(4, 28, "GOV")]
    assert reg.find("the Valmoran Defence Force") == [(4, 26, "GOV")]
    assert reg.find("a U.S. air strike") == [(2, 17, "US")]


def test_a_country_that_acts_is_its_side() -> None:
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "AZE", "aliases": ["Azerbaijani forces"]},
                {"id": "ARM", "aliases": ["Armenian forces"]},
            ]
        }
    )
    assert reg.country_side("AZ") == "AZE"
    assert reg.country_side("FR") is None
    assert WAR.country_side("AZ") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # a division told after a colon
        (
            "By spring the two movements had split the valley between them: the "
            "Coastal Front in Oster and the Hill Brigades in Brisk and Kelbar.",
            [
                ("control", "COA", "Oster"),
                ("control", "HIL", "Brisk"),
                ("control", "HIL", "Kelbar"),
            ],
        ),
        # a hold that shrank to a smaller place
        (
            "By June the rebels' hold on Valmora had shrunk to a pocket around Oster.",
            [("control", "COA", "Oster")],
        ),
        # "X hold P alongside Y"
        (
            "Hill Brigades still hold Brisk alongside the Northern Army.",
            [("control", "HIL", "Brisk"), ("control", "NOR", "Brisk")],
        ),
        # a participle phrase after the sentence's subject place
        (
            "Kelbar stayed outside the front all year, held by the Coastal Front.",
            [("control", "COA", "Kelbar")],
        ),
        # the object of a capture is no subject
        (
            "Coastal Front fighters overran a Northern Army base at Oster.",
            [("control", "COA", "Oster")],
        ),
        # machine-translated noun: the flee of X to P is where X went
        (
            "The city was calm after the flee of the elements of the Coastal Front to Kelbar.",
            [("position", "COA", "Kelbar")],
        ),
    ],
)
def test_round3_more_forms(text: str, expected: list[tuple]) -> None:
    got = summary(text)
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_reinforcements_as_a_purpose_make_nothing() -> None:
    text = "The Northern Army took the airfield at Brisk, a hub for rebel reinforcements into Oster."
    assert ("movement", "COA", "Oster") not in summary(text)
    assert ("movement", "NOR", "Oster") not in summary(text)


def test_a_list_with_unlocated_names_keeps_the_located_one() -> None:
    text = "The Northern Army restored security to the districts of Zumba, Quell and Oster."
    assert summary(text) == [("control", "NOR", "Oster")]


def test_from_a_direction_is_no_attacker() -> None:
    text = "Coastal Front fighters attacked Oster from the north, and the Northern Army repulsed them."
    got = {(c.type, c.faction, c.target, c.place.name) for c in claims(text)}
    assert got == {("strike", "COA", "NOR", "Oster"), ("control", "NOR", None, "Oster")}


def test_an_intransitive_withdrawal_in_a_conditional_makes_nothing() -> None:
    assert summary("Northern Army units could leave Oster exposed if they pull out.") == []


def test_no_reports_that_is_a_denial() -> None:
    assert summary("There were no reports that the Coastal Front had taken Oster.") == []


def test_the_army_alias_names_its_units() -> None:
    reg = registry_from_dict(
        {"factions": [{"id": "A", "aliases": ["the army"]}, {"id": "B", "aliases": ["rebels"]}]}
    )
    assert reg.find("An army convoy and army units") == [(3, 14, "A"), (19, 29, "A")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Northern Army announced the liberation of Oster on Tuesday.",
            [("control", "NOR", "Oster")],
        ),
        (
            "The Coastal Front carried out an operation on the base of the Northern "
            "Army at Kelbar and took the base.",
            [("strike", "COA", "Kelbar"), ("control", "COA", "Kelbar")],
        ),
        (
            "The soldiers of the Northern Army have made their camp in Brisk.",
            [("position", "NOR", "Brisk")],
        ),
        (
            "Northern air force jets destroyed a rebel depot in Valmora.",
            [("strike", "NOR", "Valmora")],
        ),
        # plural objects do not point back to the one place named
        ("The Coastal Front raided Oster, still holding the villages beyond it.", [
            ("strike", "COA", "Oster"),
        ]),
    ],
)
def test_round3_late_forms(text: str, expected: list[tuple]) -> None:
    got = summary(text)
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_a_possessive_alias_names_its_owner() -> None:
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "A", "aliases": ["Darvin's forces"]},
                {"id": "B", "aliases": ["Darvin's opponents"]},
            ]
        }
    )
    assert reg.find("the militias of the warlord Darvin") == [(28, 34, "A")]


def test_a_name_read_in_part_and_much_of() -> None:
    # "Upper" is a capitalised word the (hand-made) gazetteer did not read
    assert summary("The Northern Army has controlled Upper Kelbar town since May.") == [
        ("control", "NOR", "Kelbar")
    ]
    assert summary("The Coastal Front now holds much of the Oster valley.") == [
        ("control", "COA", "Oster valley")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In Oster, a storm hit the coast on Monday.",  # no side: no strike by pointing back
        "Bridges have been destroyed in Kelbar by the floods.",
        "A fire destroyed the old market in Brisk.",
        "Patients in Valmora were evacuated overnight.",
    ],
)
def test_news_without_sides_makes_no_new_claims(text: str) -> None:
    assert [c for c in claims(text) if c.type in ("strike", "movement")] == []


def test_a_loose_match_followed_by_a_surname_is_a_person() -> None:
    reg = registry_from_dict({"factions": [{"id": "H", "aliases": ["Haftar"]}]})
    assert reg.find("Hiftar's men") == [(0, 6, "H")]
    assert reg.find("said Hiftar Jourdain") == []
