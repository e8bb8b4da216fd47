"""Forms of round T (issue 13): exchanges of fire told by one side, sieges told
by an apposition, attackers named by a nationality adjective, rivers named like
towns. Sentences written for these tests about the made-up war of
``test_claims_forms`` (its registry and towns), each with its negative moods.
Mentions are made by hand, so these pin down the extractor alone.
"""

from __future__ import annotations

import pytest

from geo.claims import extract_claims
from geo.factions import registry_from_dict
from geo.records import Document
from tests.geo.test_claims_forms import claims, mentions_for, summary


def fronts(text: str) -> list[tuple]:
    return [
        (c.type, c.place.name, c.factions)
        for c in claims(text)
        if c.type == "frontline"
    ]


# --- 1. exchanges of fire ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army said it exchanged fire with rebels near Brisk.", "Brisk"),
        (
            "The Northern Army said that its troops had exchanged fire with the "
            "Coastal Front outside Oster.",
            "Oster",
        ),
        (
            "The Northern Army and the Coastal Front exchanged artillery fire across "
            "the river near Kelbar.",
            "Kelbar",
        ),
        (
            "Northern Army troops traded fire with Coastal Front fighters near "
            "Valmora.",
            "Valmora",
        ),
    ],
)
def test_an_exchange_of_fire_is_a_front_of_both_sides(text, place):
    assert fronts(text) == [("frontline", place, ("NOR", "COA"))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army said it would exchange fire with rebels near Brisk.",
        "The Northern Army denied it exchanged fire with rebels near Brisk.",
        "The Northern Army and the Coastal Front did not exchange fire near Oster.",
        "The Northern Army plans to exchange fire with the rebels near Kelbar.",
        "Did the Northern Army exchange fire with rebels near Valmora?",
    ],
)
def test_an_exchange_of_fire_in_a_negative_mood_gives_nothing(text):
    assert claims(text) == []


def test_one_side_alone_exchanging_fire_is_no_front():
    assert claims("The Northern Army said it exchanged fire near Brisk.") == []


# --- 2. sieges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            # round V: the town that held out is still the besieger's one opponent's
            "Brisk, surrounded by the Northern Army, held out.",
            [("position", "NOR", "Brisk"), ("control", "COA", "Brisk")],
        ),
        (
            "The besieged town of Oster, encircled by Northern Army forces, held out "
            "for weeks.",
            [("position", "NOR", "Oster"), ("control", "COA", "Oster")],
        ),
        (
            "Coastal Front fighters in Kelbar, surrounded by the Northern Army, held "
            "out for a month.",
            [("position", "NOR", "Kelbar"), ("position", "COA", "Kelbar")],
        ),
        (
            "The Coastal Front garrison in Valmora was still holding out on Friday.",
            [("position", "COA", "Valmora")],
        ),
        # the siege is a fact even when what follows is not
        (
            "Brisk, encircled by the Northern Army, could fall within days.",
            [("position", "NOR", "Brisk")],
        ),
    ],
)
def test_a_siege_in_apposition_is_the_besieger_s_position(text, expected):
    assert sorted(summary(text)) == sorted(expected)


def test_the_besieger_is_not_the_side_that_holds_out():
    # the Northern Army surrounds; it does not hold out anywhere
    assert ("position", "NOR", "Oster") not in summary(
        "Coastal Front fighters, surrounded by the Northern Army, held out in Oster."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Brisk, which could be surrounded by the Northern Army, braced for a siege.",
        "Brisk, not yet surrounded by the Northern Army, held out.",
        "Was Oster, encircled by the Northern Army, still holding out?",
        "The Northern Army plans to encircle Kelbar.",
        "If Valmora is surrounded by the Northern Army, it will not hold out.",
    ],
)
def test_a_siege_in_a_negative_mood_gives_nothing(text):
    assert summary(text) == []


# --- 3. attackers named by a nationality adjective ------------------------------------

NATIONS = registry_from_dict(
    {
        "factions": [
            {
                "id": "RUS",
                "label": "Armed forces of the country",
                "aliases": ["Russia"],
                "opposes": ["UKR"],
            },
            {"id": "UKR", "label": "The other army", "aliases": ["Ukrainian forces"]},
        ]
    }
)


def national(text: str) -> list[tuple]:
    found = extract_claims(Document("t", text), mentions_for(text), registry=NATIONS)
    return [(c.type, c.faction, c.place.name) for c in found]


@pytest.mark.parametrize(
    "text, faction",
    [
        ("Valmora was hit by Russian drones overnight.", "RUS"),
        ("Brisk was shelled by Russian artillery on Monday.", "RUS"),
        ("Russian drones struck Oster overnight.", "RUS"),
        ("Kelbar was hit by Ukrainian drones.", "UKR"),
    ],
)
def test_a_nationality_adjective_names_the_attacker(text, faction):
    place = next(t for t in ("Valmora", "Brisk", "Oster", "Kelbar") if t in text)
    assert national(text) == [("strike", faction, place)]


def test_a_country_alias_gives_its_nationality_adjectives():
    assert NATIONS.adjective_side("Russian") == "RUS"
    assert NATIONS.adjective_side("Ukrainian") == "UKR"
    assert NATIONS.adjective_side("Turkish") is None


def test_a_force_alias_wins_over_a_country_alias():
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "A", "aliases": ["Russia"]},
                {"id": "B", "aliases": ["Russian forces"]},
            ]
        }
    )
    assert reg.adjective_side("Russian") == "B"


def test_a_label_with_a_nationality_gives_its_adjective():
    reg = registry_from_dict(
        {
            "factions": [
                {
                    "id": "SAF",
                    "label": "Sudanese Armed Forces",
                    "aliases": ["the army"],
                },
                {"id": "UKR", "label": "Armed Forces of Ukraine", "aliases": ["Kyiv"]},
                {"id": "RSF", "label": "Rapid Support Forces", "aliases": ["RSF"]},
            ]
        }
    )
    assert reg.adjective_side("Sudanese") == "SAF"
    # no nationality first, no country's name: nothing
    assert reg.adjective_side("Armed") is None
    assert reg.adjective_side("Rapid") is None


def test_an_alias_wins_over_a_label():
    reg = registry_from_dict(
        {
            "factions": [
                {"id": "A", "label": "Kenyan Army", "aliases": ["KDF"]},
                {"id": "B", "aliases": ["Kenyan troops"]},
            ]
        }
    )
    assert reg.adjective_side("Kenyan") == "B"
    alone = registry_from_dict(
        {"factions": [{"id": "A", "label": "Kenyan Army", "aliases": ["KDF"]}]}
    )
    assert alone.adjective_side("Kenyan") == "A"


def test_armed_forces_aliases_give_their_adjective():
    reg = registry_from_dict(
        {"factions": [{"id": "A", "aliases": ["Kenyan Armed Forces"]}]}
    )
    assert reg.adjective_side("Kenyan") == "A"
    assert reg.adjective_side("Armed") is None


@pytest.mark.parametrize(
    "text",
    [
        "Valmora could be hit by Russian drones tonight.",
        "Russia denied that Valmora was hit by Russian drones.",
        "Was Brisk shelled by Russian artillery?",
    ],
)
def test_a_national_strike_in_a_negative_mood_gives_nothing(text):
    assert national(text) == []


# --- 4. rivers named like towns -------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Northern Army and the Coastal Front traded fire across the Oster "
            "near Brisk.",
            [("frontline", "Brisk")],
        ),
        ("The Northern Army shelled rebel positions along the Oster.", []),
        ("Coastal Front fighters dug in on the banks of the Oster.", []),
        ("The rebels shelled the Oster river crossing.", []),
        # the town itself, with its own words
        ("The Northern Army shelled Oster overnight.", [("strike", "Oster")]),
        ("The rebels fought across the Oster city limits.", []),
    ],
)
def test_a_river_named_like_a_town_is_no_event_place(text, expected):
    assert [(c.type, c.place.name) for c in claims(text)] == expected


def test_a_town_naming_its_region_after_across_the_stays():
    assert summary("The Northern Army shelled villages across the Oster region.") == [
        ("strike", "NOR", "Oster")
    ]


def test_a_town_after_across_the_with_its_own_noun_stays():
    assert summary("Coastal Front fighters entered the Oster town centre.") == [
        ("position", "COA", "Oster")
    ]


# --- 5. names the gazetteer does not know, listed before one it does ------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("Northern Army units captured Dornholm and Brisk on Monday.", "Brisk"),
        (
            "The Northern Army announced the liberation of Gatto, Hessel and Oster.",
            "Oster",
        ),
        ("The rebels seized al-Qarya, Tel Baro and Kelbar overnight.", "Kelbar"),
    ],
)
def test_unknown_names_before_a_known_place_keep_the_list(text, place):
    assert [(c.type, c.place.name) for c in claims(text)] == [("control", place)]


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army units would capture Dornholm and Brisk.",
        "Northern Army units did not capture Dornholm and Brisk.",
        "Did the rebels seize Gatto and Oster?",
    ],
)
def test_unknown_names_in_a_negative_mood_give_nothing(text):
    assert claims(text) == []


def test_a_side_s_name_is_no_unknown_place_in_a_list():
    assert ("control", "NOR", "Brisk") not in summary(
        "Northern Army units captured Coastal Front and Brisk."
    )


# --- 6. sieges told as nouns, exchanges of fire as nouns ------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army laid siege to Brisk in May.", "Brisk"),
        ("The siege of Oster by the Northern Army entered its third month.", "Oster"),
        ("The Northern Army's siege of Kelbar continued.", "Kelbar"),
        ("The Northern Army imposed a tight siege on Valmora.", "Valmora"),
        ("The Northern Army completed the encirclement of Brisk.", "Brisk"),
    ],
)
def test_a_siege_noun_is_the_besieger_s_position(text, place):
    assert summary(text) == [("position", "NOR", place)]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army lifted the siege of Kelbar.",
        "The rebels broke the siege of Oster.",
        "The rebels escaped the encirclement of Brisk.",
        "The Northern Army could lay siege to Brisk.",
        "The Northern Army threatened to lay siege to Valmora.",
        "The Northern Army did not lay siege to Brisk.",
        "Will the Northern Army lay siege to Oster?",
    ],
)
def test_a_siege_that_ends_or_is_not_a_fact_gives_nothing(text):
    assert summary(text) == []


def test_exchanges_of_fire_between_two_sides_are_a_front():
    assert fronts(
        "Exchanges of fire between the Northern Army and the rebels were reported "
        "near Brisk."
    ) == [("frontline", "Brisk", ("NOR", "COA"))]


@pytest.mark.parametrize(
    "text",
    [
        "Heavy exchanges of fire were reported near Brisk.",
        "Exchanges of fire between the Northern Army and the rebels could resume "
        "near Oster.",
        "There were no exchanges of fire between the Northern Army and the rebels "
        "near Kelbar.",
    ],
)
def test_exchanges_of_fire_without_two_sides_or_as_a_fact_give_nothing(text):
    assert fronts(text) == []


# --- 7. a retreat to a place is the place reached -------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Northern Army retreated to Oster.", [("position", "NOR", "Oster")]),
        ("The rebels are retreating to Brisk.", [("position", "COA", "Brisk")]),
        (
            "Coastal Front fighters fell back to Valmora.",
            [("position", "COA", "Valmora")],
        ),
        # a retreat from a place is still a withdrawal, to where it went
        (
            "Northern Army troops retreated from Brisk to Oster.",
            [("movement", "NOR", "Oster")],
        ),
    ],
)
def test_retreated_to_is_a_position_at_the_place_reached(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The rebels retreated towards Kelbar.",  # a direction only
        "The Northern Army could retreat to Oster.",
        "The Northern Army did not retreat to Oster.",
        "Did the rebels retreat to Brisk?",
    ],
)
def test_a_retreat_to_in_a_negative_mood_or_a_direction_gives_nothing(text):
    assert summary(text) == []


def test_a_retreat_by_unnamed_soldiers_is_not_the_subject_s():
    text = "The Northern Army took Brisk after the soldiers retreated to Oster."
    assert summary(text) == [("control", "NOR", "Brisk")]


# --- 8. an advance by way of a road or a river ----------------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army advanced along the Oster towards Brisk.", "Brisk"),
        ("Northern Army columns moved through the hills towards Kelbar.", "Kelbar"),
        ("The rebels pushed along the coast road to Valmora.", "Valmora"),
    ],
)
def test_an_advance_by_way_of_somewhere_goes_to_its_goal(text, place):
    assert [(c.type, c.kind, c.place.name) for c in claims(text)] == [
        ("movement", "advance", place)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army could advance along the river towards Brisk.",
        "The rebels did not advance along the coast road to Valmora.",
        "Will the Northern Army move through the hills towards Kelbar?",
    ],
)
def test_an_advance_by_way_of_somewhere_in_a_negative_mood_gives_nothing(text):
    assert claims(text) == []


# --- 9. a passive strike repelled -----------------------------------------------------


def test_a_passive_strike_repelled_gives_the_struck_side_control():
    got = summary(
        "Hill Brigades positions in Oster were shelled by the rebels, but the attack "
        "was repelled."
    )
    assert sorted(got) == [("control", "HIL", "Oster"), ("strike", "COA", "Oster")]


@pytest.mark.parametrize(
    "text",
    [
        "Hill Brigades positions in Oster were shelled by the rebels, but the attack "
        "could be repelled.",
        "Hill Brigades positions in Oster were shelled by the rebels, and the attack "
        "was not repelled.",
    ],
)
def test_a_passive_strike_not_repelled_gives_no_control(text):
    assert ("control", "HIL", "Oster") not in summary(text)


# --- 10. a side's name that looks like a site; "back" and "again" before a state ------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Valmora is in Coastal Front hands.", [("control", "COA", "Valmora")]),
        ("Valmora is back in Coastal Front hands.", [("control", "COA", "Valmora")]),
        (
            "Brisk is again under the control of the Northern Army.",
            [("control", "NOR", "Brisk")],
        ),
        (
            "Brisk is back in the hands of the Northern Army.",
            [("control", "NOR", "Brisk")],
        ),
    ],
)
def test_a_state_told_again_names_its_holder(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Brisk is not back in the hands of the Northern Army.",
        "Valmora could soon be back in Coastal Front hands.",
        "Is Brisk again under the control of the Northern Army?",
    ],
)
def test_a_state_told_again_in_a_negative_mood_gives_nothing(text):
    assert summary(text) == []


# --- 11. more national adjectives: "from", -ing nouns, inside a repelled attack -------


def test_came_under_attack_from_national_drones():
    assert national("Oster came under attack from Russian drones on Tuesday.") == [
        ("strike", "RUS", "Oster")
    ]


def test_a_national_ing_noun_names_the_killer():
    found = extract_claims(
        Document("t", "Russian shelling killed three people in Brisk."),
        mentions_for("Russian shelling killed three people in Brisk."),
        registry=NATIONS,
    )
    assert [(c.type, c.faction, c.place.name, c.casualties) for c in found] == [
        ("strike", "RUS", "Brisk", 3)
    ]


def test_a_repelled_attack_named_by_its_adjective():
    got = national("Ukrainian forces repelled 25 Russian attacks near Kelbar.")
    assert sorted(got) == [("control", "UKR", "Kelbar"), ("strike", "RUS", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "Brisk was shelled from the Russian-held bank.",  # where fire came from: nobody
        "Russian shelling could kill more people in Brisk.",
        "Oster may come under attack from Russian drones.",
        "Ukrainian forces failed to repel Russian attacks near Kelbar.",
    ],
)
def test_national_adjective_forms_that_name_no_attacker_or_no_fact(text):
    assert all(f != "RUS" for _, f, _ in national(text))


# --- 12. fears and warnings are no facts ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Residents feared a siege of Brisk by the Northern Army.",
        "Aid groups warned of a siege of Oster by the Northern Army.",
        "A siege of Kelbar by the Northern Army would starve thousands.",
        "The risk of a Northern Army assault on Brisk grew.",
        "Officials voiced fears that the rebels had entered Valmora.",
    ],
)
def test_a_feared_or_warned_event_gives_nothing(text):
    assert summary(text) == []


# --- 13. footholds, bridgeheads, crossing into ----------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Northern Army troops crossed into Brisk on Monday.",
            ("position", "NOR", "Brisk"),
        ),
        ("The rebels gained a foothold in Oster.", ("position", "COA", "Oster")),
        (
            "The Northern Army secured a foothold on the edge of Kelbar.",
            ("position", "NOR", "Kelbar"),
        ),
        (
            "The rebels established a bridgehead near Valmora.",
            ("position", "COA", "Valmora"),
        ),
    ],
)
def test_a_foothold_or_a_crossing_into_is_a_position(text, expected):
    assert summary(text) == [expected]


def test_secured_with_a_place_right_after_is_still_control():
    assert summary("The Northern Army secured Brisk.") == [("control", "NOR", "Brisk")]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels could not cross into Brisk.",
        "The rebels hoped to gain a foothold in Oster.",
        "The Northern Army denied that the rebels had gained a foothold in Kelbar.",
        "Could the rebels establish a bridgehead near Valmora?",
    ],
)
def test_a_foothold_in_a_negative_mood_gives_nothing(text):
    assert summary(text) == []


# --- 14. deeper into, rolled into; national subjects with tanks -----------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Northern Army units pushed deeper into Brisk on Tuesday.",
            ("position", "NOR", "Brisk"),
        ),
        ("Coastal Front columns rolled into Oster.", ("position", "COA", "Oster")),
    ],
)
def test_deeper_into_and_rolled_into_are_positions(text, expected):
    assert summary(text) == [expected]


def test_moved_further_into_is_an_advance():
    assert [(c.type, c.kind, c.faction, c.place.name) for c in claims(
        "Northern Army troops moved further into Kelbar."
    )] == [("movement", "advance", "NOR", "Kelbar")]


def test_national_tanks_are_the_subject():
    assert national("Russian tanks rolled into Valmora.") == [
        ("position", "RUS", "Valmora")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army units could push deeper into Brisk.",
        "Coastal Front columns did not roll into Oster.",
        "Will Northern Army troops move further into Kelbar?",
    ],
)
def test_deeper_into_in_a_negative_mood_gives_nothing(text):
    assert summary(text) == []


# --- 15. fought / battled: a front of the two sides -----------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army fought the rebels near Brisk.", "Brisk"),
        ("The Northern Army fought with the rebels near Oster.", "Oster"),
        ("The Northern Army and the rebels fought over Kelbar.", "Kelbar"),
        (
            "Northern Army troops battled Coastal Front fighters outside Valmora.",
            "Valmora",
        ),
    ],
)
def test_two_sides_that_fought_are_a_front(text, place):
    assert fronts(text) == [("frontline", place, ("NOR", "COA"))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army fought hard near Brisk.",
        "The Northern Army could fight the rebels near Brisk.",
        "The Northern Army never fought the rebels near Oster.",
        "Did the Northern Army battle the rebels outside Valmora?",
    ],
)
def test_a_fight_of_one_side_or_not_a_fact_gives_nothing(text):
    assert fronts(text) == []


def test_fought_off_is_still_a_repelled_attack():
    got = summary("The Northern Army fought off a Coastal Front attack on Brisk.")
    assert sorted(got) == [("control", "NOR", "Brisk"), ("strike", "COA", "Brisk")]


def test_the_side_fought_is_not_the_subject_of_what_follows():
    text = (
        "Northern Army units, which fought the rebels in Oster last year, moved to "
        "Brisk."
    )
    assert ("movement", "NOR", "Brisk") in summary(text)
    assert ("movement", "COA", "Brisk") not in summary(text)


def test_an_exchange_of_fire_told_by_the_party_of_the_sentence_before():
    text = (
        "The Northern Army reported heavy losses. It said it exchanged fire with "
        "rebels near Brisk."
    )
    assert fronts(text) == [("frontline", "Brisk", ("NOR", "COA"))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army reported heavy losses. It said it would exchange fire with "
        "rebels near Brisk.",
        "The Northern Army reported heavy losses. Residents exchanged fire with rebels "
        "near Brisk.",
    ],
)
def test_an_exchange_of_fire_without_a_side_before_gives_nothing(text):
    assert fronts(text) == []
