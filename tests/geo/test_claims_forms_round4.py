"""Forms of the fourth round (issue 13), each on sentences written for these tests
about the made-up war of ``test_claims_forms`` (its registry and its towns), with the
negative moods beside them. Mentions are made by hand, so these pin down the
extractor alone.
"""

from __future__ import annotations

import pytest

from tests.geo.test_claims_forms import claims, summary

# --- 1. a strike with the site before the verb ---------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("Valmora was bombed by the Northern Army on Tuesday.", "NOR", "Valmora"),
        ("Brisk was shelled by the Coastal Front overnight.", "COA", "Brisk"),
        ("Oster came under Northern Army artillery fire on Sunday.", "NOR", "Oster"),
        ("Kelbar came under heavy shelling by the rebels.", "COA", "Kelbar"),
        ("Valmora was hit by Coastal Front drones.", "COA", "Valmora"),
        ("Brisk has been repeatedly shelled by the northerners.", "NOR", "Brisk"),
    ],
)
def test_passive_strike_takes_the_site_before_the_verb(text, faction, place):
    assert summary(text) == [("strike", faction, place)]


@pytest.mark.parametrize(
    "text",
    [
        "Valmora was not bombed by the Northern Army, officials said.",
        "Brisk could be shelled by the Coastal Front if talks fail.",
        "Oster may come under Northern Army artillery fire next week.",
        "Was Kelbar hit by Coastal Front drones?",
    ],
)
def test_passive_strike_in_a_negative_mood_gives_nothing(text):
    assert summary(text) == []


def test_a_place_the_struck_thing_came_from_is_no_site():
    # the convoy came from Brisk; it was struck near Oster
    assert summary("A convoy from Brisk was hit by the rebels near Oster.") == [
        ("strike", "COA", "Oster")
    ]


def test_passive_strike_keeps_its_counts():
    (c,) = claims("Valmora was shelled by the rebels overnight, killing 4 and wounding 9.")
    assert (c.type, c.faction, c.place.name, c.casualties, c.wounded) == (
        "strike",
        "COA",
        "Valmora",
        4,
        9,
    )


# --- 2. two sides trading fire: a front, as clashes between them are ---------------------


@pytest.mark.parametrize(
    "text, place, sides",
    [
        (
            "The Northern Army and the Coastal Front traded strikes along Brisk.",
            "Brisk",
            ("NOR", "COA"),
        ),
        (
            "The rebels and the Northern Army's forces have exchanged heavy fire near "
            "Kelbar since Monday.",
            "Kelbar",
            ("COA", "NOR"),
        ),
        (
            "Northern Army troops and the rebels traded artillery fire around Valmora.",
            "Valmora",
            ("NOR", "COA"),
        ),
        ("The Northern Army and the Coastal Front clashed near Oster.", "Oster", ("NOR", "COA")),
        (
            "Northern Army forces were exchanging fire with rebels near Kelbar.",
            "Kelbar",
            ("NOR", "COA"),
        ),
    ],
)
def test_two_opposing_sides_trading_fire_are_a_front(text, place, sides):
    (c,) = claims(text)
    assert (c.type, c.faction, c.place.name, c.factions) == (
        "frontline",
        None,
        place,
        sides,
    )
    assert c.confidence == pytest.approx(0.5)


@pytest.mark.parametrize(
    "text",
    [
        # two sides that do not oppose each other
        "The Northern Army and the Hill Brigades traded strikes along Brisk.",
        # moods
        "The Northern Army and the Coastal Front could trade strikes near Brisk.",
        "The Northern Army and the Coastal Front did not exchange fire near Brisk.",
        # an exchange of something else
        "The rebels and the Northern Army exchanged prisoners near Oster.",
        # one side only
        "The rebels traded fire near Oster.",
    ],
)
def test_no_front_without_two_opposing_sides_trading_fire(text):
    assert [c for c in claims(text) if c.type == "frontline"] == []


# --- 3. counts of killed and wounded in either order -----------------------------------


@pytest.mark.parametrize(
    "text, killed, wounded",
    [
        ("The Northern Army shelled Valmora, killing 12 and wounding 30.", 12, 30),
        ("12 people were killed and 30 wounded when the Northern Army shelled Valmora.", 12, 30),
        ("30 were wounded and 12 killed when the Northern Army shelled Valmora.", 12, 30),
        ("At least 7 were killed and dozens wounded when the Northern Army shelled Valmora.", 7, None),
        ("The Northern Army shelled Valmora, killing at least 5 and wounding dozens.", 5, None),
        ("Dozens were killed and 14 wounded when the Northern Army shelled Valmora.", None, 14),
    ],
)
def test_casualties_and_wounded_in_either_order(text, killed, wounded):
    (c,) = claims(text)
    assert (c.type, c.faction, c.place.name) == ("strike", "NOR", "Valmora")
    assert (c.casualties, c.wounded) == (killed, wounded)


# --- 4. forms found on sentences of our own ---------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("Brisk has been besieged by the rebels since January.", "COA", "Brisk"),
        ("Oster was encircled by Northern Army troops.", "NOR", "Oster"),
        ("Valmora has been surrounded by the Northern Army.", "NOR", "Valmora"),
    ],
)
def test_passive_siege_is_the_besieger_s_position_at_the_site(text, faction, place):
    assert summary(text) == [("position", faction, place)]


def test_passive_siege_in_a_negative_mood_gives_nothing():
    assert summary("Oster was not encircled by the rebels.") == []
    assert summary("Oster could be encircled by the rebels within days.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army troops were forced to withdraw from Brisk after a long siege.",
        "The rebels forced the Northern Army to withdraw from Brisk.",
    ],
)
def test_a_forced_withdrawal_happened(text):
    (c,) = [c for c in claims(text) if c.faction == "NOR"]
    assert (c.type, c.kind, c.origin.name, c.implied) == (
        "movement",
        "withdrawal",
        "Brisk",
        False,
    )


@pytest.mark.parametrize(
    "text",
    [
        "The islanders pressured the rebels to withdraw from Oster.",
        "The rebels could be forced to withdraw from Oster.",
    ],
)
def test_pressure_or_a_possible_force_to_withdraw_is_no_withdrawal(text):
    (c,) = claims(text)
    assert (c.type, c.faction, c.place.name, c.implied) == ("control", "COA", "Oster", True)


def test_a_withdrawal_that_was_not_forced_is_nothing():
    assert summary("The rebels were not forced to withdraw from Oster.") == []


def test_an_unnamed_side_that_left_lends_no_withdrawal_to_the_sentence_s_subject():
    assert summary("The rebels took control of Oster after the garrison retreated.") == [
        ("control", "COA", "Oster")
    ]
    assert ("movement", "COA", "Oster") in summary(
        "The Northern Army entered Oster after the rebels withdrew."
    )
    assert ("movement", "COA", "Oster") in summary(
        "The rebels held Oster until they withdrew on Monday."
    )


def test_a_side_that_tells_the_strike_is_not_its_agent():
    # "by a drone strike ..., the Northern Army said": the army speaks, it does not strike
    (c,) = claims("Brisk was hit by a drone strike on Monday, the Northern Army said.")
    assert (c.type, c.faction, c.place.name) == ("strike", None, "Brisk")
    assert c.confidence == pytest.approx(0.5)
    assert summary("Brisk was shelled by the Coastal Front overnight, the Northern Army said.") == [
        ("strike", "COA", "Brisk")
    ]


@pytest.mark.parametrize(
    "text, sides",
    [
        (
            "Fierce clashes broke out between the Northern Army and the rebels near Kelbar.",
            ("NOR", "COA"),
        ),
        ("Fighting erupted between the rebels and the northerners near Kelbar.", ("COA", "NOR")),
    ],
)
def test_clashes_that_broke_out_between_two_sides_are_a_front(text, sides):
    (c,) = claims(text)
    assert (c.type, c.place.name, c.factions) == ("frontline", "Kelbar", sides)


def test_clashes_between_sides_that_do_not_oppose_are_no_front():
    text = "Clashes broke out between the Northern Army and the Hill Brigades near Kelbar."
    assert summary(text) == []
