"""No text, however odd, crashes the claim extractor, and every claim's evidence is a
slice of its document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.claims import claims_for_text
from geo.factions import load_registry

_WORDS = st.sampled_from(
    [
        "Haftar", "Hifter", "Al-Wefaq", "GNA", "LNA", "forces", "captured", "took",
        "control", "of", "the", "city", "Sirte", "Tripoli", "Misrata", "Jufra", "were",
        "expelled", "from", "it", "ten", "killed", "in", "air", "strikes", "by", "if",
        "should", "withdraw", "reinforcements", "heading", "towards", "outskirts",
        "30", "km", "west", "thirty", "kilo", "area", "front", "lines", "clashes",
        "between", "and", "near", ".", ",", "\n\n", '"', "(", ")", "<script>", "ş",
        "أو", "Mr.", "U.S.", "said",
    ]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=80).map(" ".join))
def test_no_text_crashes_and_evidence_slices(gz, text):
    registry = load_registry()
    for claim in claims_for_text(text, doc="t.txt", gazetteer=gz, registry=registry):
        assert text[claim.start : claim.end] == claim.sentence
        assert (
            claim.place is None
            or text[claim.place.start : claim.place.end] == claim.place.text
        )
        assert claim.faction is None or claim.faction in registry.ids
        assert 0.0 <= claim.confidence <= 1.0
