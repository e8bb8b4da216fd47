"""Forms of round U (issue 13), found trying the Sahel, Gaza/Lebanon and Syria
wars as a user: a withdrawal with its object ("withdrew its troops from P"), a
report the speaker does not confirm, a count before plural sites ("several
villages east of P"), posts and garrisons as sites, and the office that reports
("the P health ministry said") as no site. Sentences written for these tests about
the made-up war of ``test_claims_forms`` (its registry and towns), each with its
negative moods. Mentions are made by hand, so these pin down the extractor alone.
"""

from __future__ import annotations

import pytest

from tests.geo.test_claims_forms import claims, summary


def moves(text: str, **kw) -> list[tuple]:
    return [
        (c.type, c.kind, c.faction, c.place.name, c.origin.name if c.origin else None)
        for c in claims(text, **kw)
    ]


# --- 1. a withdrawal with its object --------------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("The Northern Army withdrew its troops from Brisk on Monday.", "NOR", "Brisk"),
        (
            "The Coastal Front said it had withdrawn its fighters from Oster to "
            "regroup.",
            "COA",
            "Oster",
        ),
        ("The rebels have withdrawn heavy weapons from Kelbar.", "COA", "Kelbar"),
        ("Northern Army commanders pulled most of their units out of Valmora.", "NOR", "Valmora"),
    ],
)
def test_a_withdrawal_with_its_object_leaves_the_place(text, faction, place):
    assert moves(text) == [("movement", "withdrawal", faction, place, place)]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army denied it had withdrawn its troops from Brisk.",
        "The Coastal Front did not withdraw its fighters from Oster.",
        "The Northern Army has never pulled its units out of Valmora.",
    ],
)
def test_a_denied_withdrawal_with_its_object_gives_nothing(text):
    assert claims(text) == []


def test_a_planned_withdrawal_with_its_object_is_no_movement():
    # a plan to leave says the side is still there (an implied, weak claim)
    got = claims("The Northern Army plans to withdraw its troops from Brisk.")
    assert [(c.type, c.faction, c.place.name, c.implied) for c in got] == [
        ("control", "NOR", "Brisk", True)
    ]
    assert got[0].confidence <= 0.5


# --- 2. a report the speaker does not confirm ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army did not confirm that the rebels had captured Oster.",
        "Officials declined to confirm that the Coastal Front seized Brisk.",
        "The Northern Army has not yet verified reports that rebels stormed Kelbar.",
        "The ministry neither confirmed nor denied that the Front took Valmora.",
    ],
)
def test_an_unconfirmed_capture_gives_nothing(text):
    assert claims(text) == []


def test_a_confirmed_capture_is_control():
    text = "The Northern Army confirmed that the rebels had captured Oster."
    assert summary(text) == [("control", "COA", "Oster")]


# --- 3. a count before plural sites ----------------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        (
            "The Coastal Front took control of several villages east of Kelbar.",
            "COA",
            "east of Kelbar",
        ),
        ("Northern Army units seized three villages near Brisk.", "NOR", "Brisk"),
        ("The rebels captured a number of checkpoints around Oster.", "COA", "Oster"),
    ],
)
def test_counted_sites_are_the_held_place(text, faction, place):
    got = claims(text, regions={"east of Kelbar": "Kelbar"})
    assert [(c.type, c.faction, c.place.name) for c in got] == [
        ("control", faction, place)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Coastal Front hopes to take control of several villages east of Kelbar.",
        "Did the Northern Army seize three villages near Brisk?",
        "The rebels did not capture any of the checkpoints around Oster.",
        "If the rebels captured several villages near Oster, the road would close.",
    ],
)
def test_counted_sites_in_a_negative_mood_give_nothing(text):
    assert claims(text, regions={"east of Kelbar": "Kelbar"}) == []


# --- 4. posts and garrisons are sites ---------------------------------------------------


def test_a_withdrawal_from_a_post_of_a_town():
    text = "The Northern Army and its militias withdrew from the post of Valmora."
    assert moves(text) == [("movement", "withdrawal", "NOR", "Valmora", "Valmora")]


def test_a_denied_withdrawal_from_a_post_gives_nothing():
    assert claims("The Northern Army did not withdraw from the post of Valmora.") == []


# --- 5. the office that reports is no site ------------------------------------------------


def test_the_reporting_office_of_a_town_is_no_strike_site():
    text = (
        "A Northern air force strike on Brisk killed six people, the Oster health "
        "ministry said."
    )
    got = claims(text)
    assert [(c.type, c.faction, c.place.name, c.casualties) for c in got] == [
        ("strike", "NOR", "Brisk", 6)
    ]


def test_a_ministry_building_struck_is_a_site():
    got = summary("Northern Army jets struck the Oster health ministry building.")
    assert got == [("strike", "NOR", "Oster")]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army may strike Brisk, the Oster governor said.",
        "Northern jets would bomb the town, Kelbar officials warned.",
    ],
)
def test_a_threatened_strike_reported_by_an_office_gives_nothing(text):
    assert claims(text) == []


# --- 6. "retaken control of", "neutralized" ----------------------------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("The Northern Army has retaken control of the town of Brisk.", "NOR", "Brisk"),
        ("Rebels are retaking control of Oster street by street.", "COA", "Oster"),
    ],
)
def test_retaken_control_is_control(text, faction, place):
    assert summary(text) == [("control", faction, place)]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army vowed to retake control of Brisk.",
        "The Northern Army has not retaken control of Brisk.",
        "Has the Coastal Front retaken control of Oster?",
    ],
)
def test_retaking_control_in_a_negative_mood_gives_nothing(text):
    assert claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army neutralized several fighters in the zone of Kelbar.",
        "Eight fighters were neutralised by the Northern Army near Kelbar.",
    ],
)
def test_neutralizing_fighters_is_a_strike_there(text):
    assert summary(text) == [("strike", "NOR", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army vowed to neutralize the fighters near Kelbar.",
        "The Northern Army denied it had neutralized civilians near Kelbar.",
        "Did the Northern Army neutralize the fighters near Kelbar?",
    ],
)
def test_neutralizing_in_a_negative_mood_gives_nothing(text):
    assert claims(text) == []


# --- 7. a national adjective after an article ---------------------------------------------


def _national_war():
    from geo.factions import registry_from_dict

    return registry_from_dict(
        {
            "version": 2,
            "factions": [
                {"id": "KEN", "aliases": ["Kenyan army"], "opposes": ["SHB"]},
                {"id": "SHB", "aliases": ["al-Shabaab"]},
            ],
        },
        source="national.json",
    )


def _national_claims(text: str):
    from geo.claims import extract_claims
    from geo.records import Document
    from tests.geo.test_claims_forms import mentions_for

    return extract_claims(Document("t", text), mentions_for(text), registry=_national_war())


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan soldiers captured Brisk on Sunday.",
        "On Sunday the Kenyan troops captured Brisk.",
    ],
)
def test_a_national_adjective_after_an_article_names_the_side(text):
    got = _national_claims(text)
    assert [(c.type, c.faction, c.place.name) for c in got] == [("control", "KEN", "Brisk")]


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan soldiers would capture Brisk within days.",
        "The Kenyan soldiers did not capture Brisk.",
        "The Somali soldiers captured Brisk.",  # no side uses the adjective
    ],
)
def test_a_national_adjective_in_a_negative_mood_or_unknown_gives_nothing(text):
    assert _national_claims(text) == []


# --- 8. a clash told as the circumstance of the main verb ---------------------------------


@pytest.mark.parametrize(
    "text, place",
    [
        (
            "Northern Army units and islanders suffered heavy losses near Oster after "
            "fighting with the Coastal Front.",
            "Oster",
        ),
        (
            "The Northern Army counted dozens of casualties outside Brisk during fierce "
            "clashes with the rebels.",
            "Brisk",
        ),
        (  # a wire dateline before the subject
            "KELBAR, May 3 (Wire) - Northern Army units suffered heavy losses near Oster "
            "after fighting with the Coastal Front.",
            "Oster",
        ),
    ],
)
def test_losses_in_a_clash_with_the_other_side_are_a_front(text, place):
    got = [(c.type, c.place.name, c.factions) for c in claims(text)]
    assert got == [("frontline", place, ("NOR", "COA"))]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army said it would suffer losses near Oster after fighting with "
        "the Coastal Front.",
        "The Northern Army did not lose men near Brisk during clashes with the rebels.",
        "Civilians near Kelbar suffered after fighting with the Coastal Front.",
        "The Northern Army and the Hill Brigades suffered losses near Oster after "
        "fighting with each other.",
    ],
)
def test_losses_in_a_clash_in_a_negative_mood_or_without_sides_give_nothing(text):
    assert [c for c in claims(text) if c.type == "frontline"] == []


def test_a_capture_after_clashes_is_control_and_no_front():
    text = "The Northern Army took Brisk after heavy fighting with the Coastal Front."
    assert summary(text) == [("control", "NOR", "Brisk")]


# --- 9. a backer's alias joined to its party's national adjective --------------------------


def _backed_war():
    from geo.factions import registry_from_dict

    return registry_from_dict(
        {
            "version": 2,
            "factions": [
                {"id": "VAL", "aliases": ["Valmoran army"], "opposes": ["REB"]},
                {"id": "REB", "aliases": ["rebels"]},
                {
                    "id": "ISL",
                    "kind": "backer",
                    "backs": ["VAL"],
                    "aliases": ["Islander", "Islander jets"],
                },
            ],
        },
        source="backed.json",
    )


def _backed_claims(text: str):
    from geo.claims import extract_claims
    from geo.records import Document
    from tests.geo.test_claims_forms import mentions_for

    return extract_claims(Document("t", text), mentions_for(text), registry=_backed_war())


@pytest.mark.parametrize(
    "text",
    [
        "Islander and Valmoran jets struck Kelbar overnight.",
        "Valmoran and Islander warplanes struck Kelbar overnight.",
    ],
)
def test_a_party_joined_to_its_backer_by_an_adjective_acts(text):
    got = _backed_claims(text)
    assert [(c.type, c.faction, c.place.name) for c in got] == [("strike", "VAL", "Kelbar")]


def test_a_backer_alone_stays_the_actor():
    got = _backed_claims("Islander jets struck Kelbar overnight.")
    assert [(c.type, c.faction, c.place.name) for c in got] == [("strike", "ISL", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "Islander and Valmoran jets could strike Kelbar overnight.",
        "Islander and Valmoran jets did not strike Kelbar.",
        "Did Islander and Valmoran jets strike Kelbar?",
    ],
)
def test_joined_actors_in_a_negative_mood_give_nothing(text):
    assert _backed_claims(text) == []


# --- 10. a time between the verb and its object (translated text) -------------------------


@pytest.mark.parametrize(
    "text, faction, place",
    [
        ("The Coastal Front has occupied since one week the village of Oster.", "COA", "Oster"),
        ("The Northern Army seized since two days the town of Brisk.", "NOR", "Brisk"),
        ("The rebels captured on Tuesday morning the town of Kelbar.", "COA", "Kelbar"),
    ],
)
def test_a_time_before_the_object_keeps_the_object(text, faction, place):
    assert summary(text) == [("control", faction, place)]


@pytest.mark.parametrize(
    "text",
    [
        "The Coastal Front has not occupied since one week the village of Oster.",
        "The Northern Army could seize in the coming days the camp of Brisk.",
        "Did the rebels capture on Tuesday morning the town of Kelbar?",
    ],
)
def test_a_time_before_the_object_in_a_negative_mood_gives_nothing(text):
    assert claims(text) == []


# --- 11. an object's own participle; redeploying from a place -------------------------------


def test_the_object_advancing_is_the_side_that_advances():
    text = "Coastal Front fighters attacked Northern Army troops advancing on Kelbar."
    got = moves(text)
    assert ("movement", "advance", "NOR", "Kelbar", None) in got
    assert all(c.faction != "COA" for c in claims(text) if c.type == "movement")


def test_an_attacked_object_without_a_participle_is_the_target():
    got = [(c.type, c.faction, c.target, c.place.name) for c in claims(
        "Coastal Front fighters attacked Northern Army troops near Kelbar."
    )]
    assert got == [("strike", "COA", "NOR", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "Coastal Front fighters would ambush Northern Army troops advancing on Kelbar.",
        "Coastal Front fighters plan to ambush any Northern Army troops advancing on "
        "Kelbar.",
    ],
)
def test_a_threatened_ambush_of_advancing_troops_gives_no_strike(text):
    assert [c for c in claims(text) if c.type == "strike"] == []


def test_redeploying_from_a_place_leaves_it():
    got = moves("Northern Army units redeployed from Brisk to Oster on Sunday.")
    assert got == [("movement", "withdrawal", "NOR", "Oster", "Brisk")]


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army units did not redeploy from Brisk.",
        "The Northern Army denied that its units had redeployed from Brisk.",
    ],
)
def test_a_denied_redeployment_gives_nothing(text):
    assert claims(text) == []


# --- 12. a blockade is a siege ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Coastal Front fighters blockaded the town of Brisk for months.",
        "The Coastal Front imposed a blockade on Brisk in March.",
        "The blockade of Brisk by the Coastal Front entered its second year.",
    ],
)
def test_a_blockade_is_the_blockaders_position(text):
    assert summary(text) == [("position", "COA", "Brisk")]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army lifted the blockade of Brisk by the Coastal Front.",
        "The Coastal Front threatened to blockade Brisk.",
        "The Coastal Front has not blockaded Brisk.",
        "Will the Coastal Front blockade Brisk?",
    ],
)
def test_a_blockade_ended_threatened_or_denied_gives_no_position(text):
    assert [c for c in claims(text) if c.type == "position"] == []


# --- 13. operating in a place is a position -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army troops have been operating in Oster for two weeks.",
        "Northern Army units continued operating around Oster on Friday.",
    ],
)
def test_operating_in_a_place_is_a_position(text):
    assert summary(text) == [("position", "NOR", "Oster")]


@pytest.mark.parametrize(
    "text",
    [
        "Northern Army troops would operate in Oster after the truce.",
        "Northern Army troops are not operating in Oster.",
        "Aid groups operating in Oster said supplies ran out.",
        "Are Northern Army troops operating in Oster?",
    ],
)
def test_operating_in_a_negative_mood_or_without_a_side_gives_nothing(text):
    assert claims(text) == []


# --- 14. translated forms: two site words, "the security and the stability", a
# redeployment told as a noun -------------------------------------------------------------


def test_two_site_words_before_the_place():
    got = claims(
        "The Northern Army regained the control of several villages and towns in "
        "the countryside of Oster.",
        regions={"countryside of Oster": "Oster"},
    )
    assert [(c.type, c.faction, c.place.name) for c in got] == [
        ("control", "NOR", "countryside of Oster")
    ]


def test_security_and_the_stability_restored_is_control():
    text = "The Northern Army restored the security and the stability to the town of Brisk."
    assert summary(text) == [("control", "NOR", "Brisk")]


def test_a_redeployment_from_a_place_is_a_withdrawal():
    got = moves("The units of the Northern Army carried out a redeployment from Kelbar.")
    assert got == [("movement", "withdrawal", "NOR", "Kelbar", "Kelbar")]


@pytest.mark.parametrize(
    "text",
    [
        "The Northern Army did not regain the control of several villages and towns "
        "in the countryside of Oster.",
        "The Northern Army hopes to restore the security and the stability to Brisk.",
        "The Northern Army denied any redeployment from Kelbar.",
    ],
)
def test_translated_forms_in_a_negative_mood_give_no_fact(text):
    got = claims(text, regions={"countryside of Oster": "Oster"})
    assert [c for c in got if not c.implied] == []


# --- 15. "no confirmation was given that" ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No confirmation was given that the Coastal Front had seized Brisk.",
        "No evidence has yet been found that the rebels took Oster.",
    ],
)
def test_no_confirmation_given_gives_nothing(text):
    assert claims(text) == []


def test_a_capture_after_an_unclear_clause_stands():
    text = "It is unclear who holds Kelbar, but the Coastal Front seized Brisk, residents said."
    assert summary(text) == [("control", "COA", "Brisk")]


# --- 16. a site beside a country only is not at the country's centre ------------------------


def _country_and_town(text: str):
    from gazetteer.records import Mention, Place

    out = []
    for name, kind, (lat, lon) in (
        ("Valmoria", "country", (44.0, 20.9)),
        ("Brisk", "city", (44.60, 20.10)),
    ):
        at = text.find(name)
        if at >= 0:
            out.append(
                Mention(
                    "t", at, at + len(name), name, "place", name, lat, lon,
                    place=Place(name, lat, lon, None, "RS", kind=kind),
                )
            )
    return out


def test_a_named_site_beside_a_country_only_is_no_place():
    from geo.claims.sites import find_sites

    text = "Troops took the Kolar corridor along the border with Valmoria."
    assert find_sites(text, _country_and_town(text)) == []


def test_a_named_site_beside_a_town_is_at_the_town():
    from geo.claims.sites import find_sites

    text = "Troops took the Kolar corridor along the border with Valmoria near Brisk."
    got = [(s.text, s.lat, s.lon) for s in find_sites(text, _country_and_town(text))]
    assert got == [("Kolar corridor", 44.60, 20.10)]
