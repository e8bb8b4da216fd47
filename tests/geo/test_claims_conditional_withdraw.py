"""A withdrawal under a condition or in a question has not happened: it implies,
at low confidence, that the side is still there, and is no movement (sentences of
the made-up war of ``test_claims_forms``)."""

from __future__ import annotations

import pytest

from tests.geo.test_claims_forms import claims


@pytest.mark.parametrize(
    "text",
    [
        "If the Northern Army reaches Brisk, the Coastal Front will withdraw from Oster.",
        "Will the Coastal Front withdraw from Oster before winter?",
    ],
)
def test_a_withdrawal_not_yet_made_is_no_movement(text: str) -> None:
    got = [(c.type, c.faction, c.place.name, c.implied) for c in claims(text)]
    assert ("movement", "COA", "Oster", False) not in [g[:3] + (g[3],) for g in got]
    assert [g for g in got if g[2] == "Oster"] == [("control", "COA", "Oster", True)]


def test_a_withdrawal_that_happened_is_a_movement() -> None:
    got = [(c.type, c.kind, c.faction, c.place.name) for c in claims(
        "The Coastal Front withdrew from Oster on Friday."
    )]
    assert got == [("movement", "withdrawal", "COA", "Oster")]
