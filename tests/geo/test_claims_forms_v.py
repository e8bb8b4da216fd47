"""Forms of round V (issue 13), found writing reports of other wars (Ukraine, Sudan,
Syria, Yemen, Gaza, the Sahel, Myanmar, Somalia, Ethiopia) in the four registers: a
handover to a named side, history told from a year, a force cleared from a place,
losses in a fight, two national sides sharing one noun, a strike on a moving force.
Sentences written for these tests about the made-up war of ``test_claims_forms`` (its
registry and towns; a second made-up registry where national adjectives are
needed), each with its negative moods. Mentions are made by hand, so these pin down
the extractor alone; ``test_the_sentence_set_of_round_v`` runs the whole pipeline on
``data/forms_v`` (the sentence set the forms came from).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.claims import extract_claims
from geo.factions import registry_from_dict
from geo.records import Document
from tests.geo.test_claims_forms import WAR, claims, mentions_for, summary

DATA = Path(__file__).parent / "data" / "forms_v"


def evidence(text: str, **kw) -> list[tuple]:
    """Each claim with its evidence: the sentence and its offsets."""
    return [
        (c.type, c.faction, c.place.name, c.sentence, c.start, c.end)
        for c in claims(text, **kw)
    ]


def whole(text: str) -> tuple[str, int, int]:
    return (text, 0, len(text))


# --- 1. a handover to a named side --------------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("The Coastal Front handed over Brisk to the Northern Army.", "NOR", "Brisk"),
        ("The rebels handed Oster over to the Hill Brigades on Monday.", "HIL", "Oster"),
        (
            "The Northern Army handed over its positions in Kelbar to the Hill "
            "Brigades.",
            "HIL",
            "Kelbar",
        ),
        (
            "The Coastal Front turned over control of Valmora to the Northern Army.",
            "NOR",
            "Valmora",
        ),
        ("The rebels handed over full control of Oster to the Hill Brigades.", "HIL", "Oster"),
    ],
)
def test_a_handover_gives_the_place_to_the_side_it_is_handed_to(text, faction, place):
    assert evidence(text) == [("control", faction, place, *whole(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The Coastal Front handed over Brisk on Monday.",  # to whom: unsaid
        "The rebels refused to hand over Oster to the Northern Army.",
        "The Coastal Front plans to hand over Kelbar to the Northern Army.",
        "The rebels did not hand over Valmora to the Northern Army.",
        "Will the Coastal Front hand over Brisk to the Northern Army?",
        "The Coastal Front handed over prisoners to the Northern Army in Brisk.",
    ],
)
def test_a_handover_unsaid_refused_or_of_no_place_gives_nothing(text):
    assert claims(text) == []


def test_the_passive_handover_still_reads_its_agent():
    assert summary("Brisk was handed over to the Northern Army.") == [
        ("control", "NOR", "Brisk")
    ]


# --- 2. history: a sentence that opens on a year --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 2014, the Northern Army captured Brisk.",
        "Back in early 2016, the rebels seized Oster and Kelbar.",
        "In March 2012, Coastal Front fighters entered Valmora.",
        "In 2019 the Northern Army shelled Oster, killing 4.",
    ],
)
def test_history_told_from_a_year_gives_nothing(text):
    assert claims(text) == []


def test_a_year_before_the_documents_is_history_and_its_own_year_is_news():
    text = "In 2025, the Northern Army captured Brisk."
    got = extract_claims(
        Document("t", text, date=dt.date(2026, 3, 1)), mentions_for(text), registry=WAR
    )
    assert got == []
    got = extract_claims(
        Document("t", text, date=dt.date(2025, 6, 1)), mentions_for(text), registry=WAR
    )
    assert [(c.type, c.faction, c.place.name, c.sentence) for c in got] == [
        ("control", "NOR", "Brisk", text)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a day is the event itself (ACLED notes)
        ("On 3 March 2018, the Northern Army captured Brisk.", [("control", "NOR", "Brisk")]),
        # a year later in the sentence is no opening
        (
            "The rebels who sided with the Northern Army in 2014 still hold Oster.",
            [("control", "COA", "Oster")],
        ),
        # a range of years is a period, not a past date
        ("In 2014-2026 the Northern Army held Kelbar.", [("control", "NOR", "Kelbar")]),
    ],
)
def test_days_later_years_and_ranges_are_no_history(text, expected):
    assert summary(text) == expected


# --- 3. a force cleared from a place --------------------------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army cleared the last militants from the town of Kelbar.", "Kelbar"),
        ("Northern Army units cleared the extremist force from Oster.", "Oster"),
    ],
)
def test_clearing_a_force_from_a_place_takes_it(text, place):
    assert evidence(text) == [("control", "NOR", place, *whole(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army has not cleared the militants from Kelbar.",
        "The Northern Army hopes to clear the militants from Kelbar.",
        "The Northern Army cleared the road from Brisk.",  # a road, not a force
    ],
)
def test_clearing_denied_planned_or_of_a_road_gives_nothing(text):
    assert claims(text) == []


def test_clearing_a_place_of_mines_stays_control():
    assert summary("The Northern Army cleared Oster of mines.") == [
        ("control", "NOR", "Oster")
    ]


# --- 4. losses in a fight are a front -----------------------------------------------


@pytest.mark.parametrize(
    "text, sides, place",
    [
        (
            "The rebels lost two tanks near Oster after clashes with the Northern Army.",
            ("COA", "NOR"),
            "Oster",
        ),
        (
            "The Northern Army lost dozens of soldiers near Brisk during fierce "
            "fighting with the Coastal Front.",
            ("NOR", "COA"),
            "Brisk",
        ),
    ],
)
def test_losses_near_a_place_after_clashes_are_a_front(text, sides, place):
    got = claims(text)
    assert [(c.type, c.faction, c.factions, c.place.name, c.sentence) for c in got] == [
        ("frontline", None, sides, place, text)
    ]


def test_a_place_lost_after_clashes_is_control_not_a_front():
    text = "The rebels lost Oster to the Northern Army after clashes with the Hill Brigades."
    assert summary(text) == [("control", "NOR", "Oster")]


def test_losses_that_would_come_are_no_front():
    assert (
        claims("The rebels would lose two tanks near Oster after clashes with the Northern Army.")
        == []
    )


# --- 5. two national sides sharing one noun; a strike on a moving force ------------

NATIONS = registry_from_dict(
    {
        "version": 2,
        "name": "Two made-up nations",
        "theatre": ["RS"],
        "factions": [
            {"id": "WES", "aliases": ["Westlandic forces", "Westlandic drones"], "opposes": ["EAS"]},
            {"id": "EAS", "aliases": ["Eastlandic forces", "Eastlandic troops"]},
        ],
    },
    source="nations.json",
)


def nations(text: str) -> list[tuple]:
    got = extract_claims(Document("t", text), mentions_for(text), registry=NATIONS)
    return [
        (c.type, c.kind, c.faction, c.target, c.factions, c.place.name, c.sentence)
        for c in got
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Westlandic and Eastlandic forces traded strikes near Oster overnight.",
        "Westlandic and Eastlandic troops exchanged artillery fire near Oster.",
    ],
)
def test_two_national_adjectives_before_one_noun_are_two_sides(text):
    assert nations(text) == [("frontline", None, None, None, ("WES", "EAS"), "Oster", text)]


def test_two_adjectives_of_one_side_make_no_front():
    text = "Westlandic and Westlandic forces traded strikes near Oster."
    assert nations(text) == []


def test_a_strike_on_a_moving_force_keeps_the_advance_and_the_strike():
    text = "Westlandic drones struck Eastlandic columns advancing on Kelbar."
    assert sorted(nations(text)) == [
        ("movement", "advance", "EAS", None, (), "Kelbar", text),
        ("strike", None, "WES", "EAS", (), "Kelbar", text),
    ]


def test_a_strike_on_an_unnamed_moving_force_gives_the_strike_only():
    text = "Westlandic drones struck armoured columns advancing on Kelbar."
    assert nations(text) == [("strike", None, "WES", None, (), "Kelbar", text)]


@pytest.mark.parametrize(
    "text",
    [
        "Westlandic drones could strike Eastlandic columns advancing on Kelbar.",
        "Westlandic drones did not strike Eastlandic columns advancing on Kelbar.",
    ],
)
def test_a_strike_on_a_moving_force_in_another_mood_gives_no_strike(text):
    assert [c for c in nations(text) if c[0] == "strike"] == []



# --- 6a. a town held out against its besieger; blockaded by X -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Oster, surrounded by the Coastal Front, held out for months.",
        "Oster, encircled by the rebels since May, has held out.",
    ],
)
def test_a_town_that_held_out_is_held_by_the_besiegers_one_opponent(text):
    got = sorted((c.type, c.faction, c.place.name, c.sentence) for c in claims(text))
    assert ("control", "NOR", "Oster", text) not in got  # COA has two opponents
    assert ("position", "COA", "Oster", text) in got


@pytest.mark.parametrize(
    "text",
    [
        "Brisk, surrounded by the Northern Army, held out for weeks.",
        "The besieged town of Brisk, encircled by Northern Army forces, held out.",
    ],
)
def test_the_holder_is_the_besiegers_one_opponent(text):
    got = sorted((c.type, c.faction, c.place.name, c.sentence) for c in claims(text))
    assert got == [("control", "COA", "Brisk", text), ("position", "NOR", "Brisk", text)]


@pytest.mark.parametrize(
    "text",
    [
        "Brisk, surrounded by the Northern Army, could hold out for weeks.",
        "Brisk, surrounded by the Northern Army, did not hold out.",
        "The besieged town of Brisk held out for weeks.",  # by whom: unsaid
    ],
)
def test_a_holdout_in_another_mood_or_without_its_besieger_gives_no_control(text):
    assert [c for c in claims(text) if c.type == "control"] == []


def test_blockaded_by_x_after_the_besieged_town_is_xs_position():
    text = "The besieged town of Kelbar, blockaded by the Northern Army, ran out of fuel."
    assert evidence(text) == [("position", "NOR", "Kelbar", *whole(text))]


def test_a_blockade_that_is_feared_gives_nothing():
    assert claims("Kelbar could be blockaded by the Northern Army within days.") == []


# --- 6b. "including" after a held place; an advance told in an assessment -----------


def test_places_including_after_a_held_one_are_held_too():
    text = "The Coastal Front now controls most of the north, including Oster and Kelbar."
    assert sorted(evidence(text, regions={"the north": "Brisk"})) == [
        ("control", "COA", "Kelbar", *whole(text)),
        ("control", "COA", "Oster", *whole(text)),
        ("control", "COA", "the north", *whole(text)),
    ]


@pytest.mark.parametrize(
    "text, place",
    [
        ("Northern Army units recently advanced in southern Oster.", "Oster"),
        ("The rebels advanced near Kelbar, according to geolocated footage.", "Kelbar"),
        ("The Coastal Front advanced slightly in the outskirts of Brisk.", "Brisk"),
    ],
)
def test_an_assessed_advance_in_or_near_a_place(text, place):
    got = claims(text)
    assert [(c.type, c.kind, c.place.name, c.sentence) for c in got] == [
        ("movement", "advance", place, text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army has not advanced near Kelbar.",
        "The rebels could advance near Kelbar.",
        "Talks advanced in Oster on Monday.",  # no side
    ],
)
def test_an_advance_in_or_near_denied_feared_or_sideless_gives_nothing(text):
    assert claims(text) == []


# --- 6c. forms of the second sentence set ---------------------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        ("The Northern Army pushed the rebels back from the outskirts of Brisk.", "Brisk"),
        ("Northern Army units drove Coastal Front fighters back from Oster.", "Oster"),
    ],
)
def test_pushing_a_side_back_from_a_place_holds_it(text, place):
    assert evidence(text) == [("control", "NOR", place, *whole(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army failed to push the rebels back from Brisk.",
        "The Northern Army did not drive the rebels back from Oster.",
    ],
)
def test_pushing_back_that_failed_or_was_denied_gives_nothing(text):
    assert claims(text) == []


def test_former_positions_in_a_place_are_the_place():
    text = "The Coastal Front took over former government positions in Kelbar."
    assert evidence(text) == [("control", "COA", "Kelbar", *whole(text))]


def test_losses_before_a_strike_by_x_are_xs_strike_at_the_place():
    text = (
        "The rebels lost up to 30 fighters in the area of Oster as a result of strikes "
        "by the Northern Army."
    )
    got = claims(text)
    assert [(c.type, c.faction, c.place.name, c.sentence) for c in got] == [
        ("strike", "NOR", "Oster", text)
    ]


def test_drones_shot_down_over_a_place_are_their_sides_strike():
    text = "Westlandic forces shot down Eastlandic drones over Oster."
    assert nations(text) == [("strike", None, "EAS", "WES", (), "Oster", text)]


def test_drones_of_no_named_side_shot_down_give_nothing():
    assert nations("Westlandic forces shot down two drones over Oster.") == []


def test_a_siege_broken_by_its_opponent_gives_the_relief_the_town():
    text = "The Northern Army broke the Coastal Front siege of Kelbar on Sunday."
    assert evidence(text) == [("control", "NOR", "Kelbar", *whole(text))]
    text = "The Northern Army lifted the siege of Kelbar by the rebels."
    assert summary(text) == [("control", "NOR", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "The Coastal Front lifted its siege of Kelbar.",  # the besieger leaves
        "The Northern Army lifted the siege of Kelbar.",  # by whom: unsaid
        "The Northern Army could break the Coastal Front siege of Kelbar.",
        "The Northern Army failed to break the Coastal Front siege of Kelbar.",
    ],
)
def test_a_siege_lifted_by_the_besieger_unsaid_or_not_broken_gives_nothing(text):
    assert [c for c in claims(text) if c.type == "control"] == []


def test_a_side_that_arrived_after_is_in_the_place_the_sentence_names():
    text = "The rebels fled the town of Oster after the Northern Army arrived."
    got = sorted((c.type, c.kind, c.faction, c.place.name, c.sentence) for c in claims(text))
    assert got == [
        ("movement", "withdrawal", "COA", "Oster", text),
        ("position", None, "NOR", "Oster", text),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army arrived on Monday.",  # no place
        "The rebels left Oster before the Northern Army could arrive.",
        "Aid arrived in Oster after the rebels left.",  # aid is no side
    ],
)
def test_an_arrival_without_a_place_or_a_side_gives_no_position(text):
    assert [c for c in claims(text) if c.type == "position"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army troops are now within five kilometres of Kelbar, officials said.",
        "The Northern Army came within 10 km of Kelbar on Friday.",
    ],
)
def test_a_side_within_a_distance_of_a_place_is_positioned_there(text):
    assert evidence(text) == [("position", "NOR", "Kelbar", *whole(text))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army could come within five kilometres of Kelbar.",
        "Kelbar is within range of Northern Army artillery.",  # no distance
        "The Northern Army has not come within 10 km of Kelbar.",
    ],
)
def test_within_a_distance_in_another_mood_or_without_one_gives_no_position(text):
    assert [c for c in claims(text) if c.type == "position"] == []


# --- 6d. forms of the third sentence set ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The rebels entered Oster briefly before withdrawing.",
        "The rebels entered Oster on Monday and withdrew the next day.",
    ],
)
def test_a_withdrawal_sharing_the_sentences_subject_leaves_its_place(text):
    got = sorted((c.type, c.kind, c.faction, c.place.name, c.sentence) for c in claims(text))
    assert got == [
        ("movement", "withdrawal", "COA", "Oster", text),
        ("position", None, "COA", "Oster", text),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels entered Oster and will withdraw soon.",
        "The rebels entered Oster and are expected to withdraw later.",
    ],
)
def test_a_withdrawal_still_to_come_is_no_movement(text):
    assert [c for c in claims(text) if c.type == "movement"] == []


def test_a_withdrawal_with_a_subject_of_its_own_is_not_the_sentences_side():
    text = "The rebels swept into Oster on Saturday as frightened soldiers abandoned their posts."
    assert [c for c in claims(text) if c.type == "movement"] == []


def test_an_improved_position_near_a_place_is_a_position():
    text = "Northern Army units have improved the tactical position near Brisk."
    assert evidence(text) == [("position", "NOR", "Brisk", *whole(text))]


def test_the_cleansing_of_a_place_announced_by_a_side_is_its_control():
    text = "The Northern Army announced the complete cleansing of Oster from the militia."
    assert summary(text) == [("control", "NOR", "Oster")]


def test_a_planned_cleansing_gives_nothing():
    assert claims("The Northern Army vowed the cleansing of Oster would come soon.") == []


@pytest.mark.parametrize("verb", ["annihilated", "eliminated", "liquidated"])
def test_communique_kill_verbs_are_strikes(verb):
    text = f"The Northern Army {verb} a rebel group hiding in the forests near Kelbar."
    got = claims(text)
    assert [(c.type, c.faction, c.place.name, c.sentence) for c in got] == [
        ("strike", "NOR", "Kelbar", text)
    ]


def test_the_townships_of_a_possessive_place_including_one():
    text = "The Coastal Front now controls 14 of Brisk's 17 townships, including Oster."
    assert summary(text) == [("control", "COA", "Oster")]
    assert claims("The Coastal Front now controls 14 of Brisk's 17 townships.") == []


def test_a_base_a_side_abandoned_is_its_withdrawal():
    text = "Northern Army troops abandoned their base in Kelbar after a week-long assault."
    got = claims(text)
    assert [(c.type, c.kind, c.faction, c.place.name, c.sentence) for c in got] == [
        ("movement", "withdrawal", "NOR", "Kelbar", text)
    ]


def test_storming_a_site_and_killing_is_a_strike_at_its_place():
    text = "Coastal Front gunmen stormed a hotel in Valmora, killing at least nine people."
    got = claims(text)
    assert [(c.type, c.faction, c.place.name, c.casualties, c.sentence) for c in got] == [
        ("strike", "COA", "Valmora", 9, text)
    ]


def test_a_capture_that_neutralises_is_told_as_the_capture():
    text = "The Northern Army cleared the rebel enclave at Kelbar, neutralising 12 fighters."
    assert [c.type for c in claims(text)] == ["control"]

# --- 6. the sentence set the forms came from -----------------------------------------


def _report(name: str):
    import gazetteer
    from geo.claims.evaluate import load_items, score
    from geo.factions import load_registry
    from geo.pipeline import claims_for_text

    items = load_items(DATA / name)
    registries = {
        c: load_registry(DATA / "registries" / f"{c}.json")
        for c in {it["conflict"] for it in items}
    }
    gz = gazetteer.load()

    def predict(item: dict) -> list:
        return claims_for_text(
            item["text"], doc=item["id"], gazetteer=gz, registry=registries[item["conflict"]]
        )

    return score(items, predict)


@pytest.fixture(scope="module")
def sentence_set_report():
    return _report("sentences.jsonl")


@pytest.fixture(scope="module")
def second_set_report():
    return _report("sentences_b.jsonl")


def test_the_sentence_set_of_round_v(sentence_set_report):
    """87 sentences of nine wars in four registers (own words; 79 gold claims).
    Before this round P 0.924 / R 0.772; what is left is places the gazetteer does
    not locate and the forms listed under Known limits in docs/claims.md."""
    total = sentence_set_report.total
    assert total.gold == 79
    assert total.precision >= 0.95
    assert total.recall >= 0.93
    assert len(sentence_set_report.by("conflict")) >= 7
    assert set(sentence_set_report.by("style")) == {"wire", "mt", "acled", "analyst"}


def test_the_negatives_of_the_sentence_set_give_no_claim(sentence_set_report):
    """Hypotheticals, threats, plans, denials, questions, history, intentions."""
    negatives = [it for it in sentence_set_report.items if it.counts.gold == 0]
    assert len(negatives) >= 15
    assert [(it.id, it.text) for it in negatives if it.counts.predicted] == []


def test_the_second_sentence_set_of_round_v(second_set_report):
    """32 more sentences (30 gold claims), written after the first set's forms were
    in: P 0.957 / R 0.733 with the extractor before this round; left is "hills
    overlooking P"."""
    total = second_set_report.total
    assert total.gold == 30
    assert total.precision >= 0.95
    assert total.recall >= 0.95
    negatives = [it for it in second_set_report.items if it.counts.gold == 0]
    assert [(it.id, it.text) for it in negatives if it.counts.predicted] == []


@pytest.fixture(scope="module")
def third_set_report():
    return _report("sentences_c.jsonl")


def test_the_third_sentence_set_of_round_v(third_set_report):
    """30 more sentences (30 gold claims), written after the second set's forms were
    in: P 0.792 / R 0.633 before the round, P 0.833 / R 0.667 with the first two
    sets' forms. Left: aliases the registries lack ("Army warplanes", "terrorist
    organisations", "security forces", "the mercenaries")."""
    total = third_set_report.total
    assert total.gold == 30
    assert total.precision >= 0.89
    assert total.recall >= 0.89
    negatives = [it for it in third_set_report.items if it.counts.gold == 0]
    assert [(it.id, it.text) for it in negatives if it.counts.predicted] == []
