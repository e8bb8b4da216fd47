"""The rules table: what each trigger class of :mod:`geo.claims.lexicon` claims.

One row per class, as data (spaCy's EntityRuler: patterns, then match, then
annotate):

- ``claim``: the claim type it makes (the strategy may add a second one: a repelled
  attack is a strike by the attacker and control for the defender);
- ``actor``: how the acting side is found: ``subject`` (the side before the verb),
  ``agent`` (after "by"/"to": "captured by X", "fell to X"), ``owner`` (the side in
  "of X" or "X's" around a noun: "the capture of P by X", "X's seizure of P"),
  ``adjective`` (the side glued to the word: "X-held P");
- ``place``: where the place is: ``after`` the trigger, ``before`` it ("P, which is
  controlled by X"), ``from`` ("expelled from P", "withdrew from P"), ``nearest``;
- ``polarity``: ``self`` when the actor gains or acts, ``opponent`` when the claim
  goes to the other side ("X were expelled from P" -> X's opponent holds P);
- ``refuse``: the moods that make nothing (``hypothetical``: would, may, plans to,
  threatens to, questions; ``demand``: should, must, urged to; ``negated``: not,
  denied; ``history``: a sentence that opens on a year before the document's,
  "In 2014, X took P"). A demand to withdraw is refused by no row: it gives an
  implied claim;
- ``confidence``: the claim's confidence before the actor's own factor;
- ``strategy``: the function of :mod:`geo.claims.extractor` that applies the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.claims.lexicon import LEXICON

MOODS = ("hypothetical", "demand", "negated", "history")
_FACT_ONLY = frozenset(MOODS)


@dataclass(frozen=True, slots=True)
class Rule:
    """One trigger class's row of the rules table."""

    cls: str
    claim: str
    actor: str
    place: str
    polarity: str
    refuse: frozenset[str]
    confidence: float
    strategy: str


def _row(
    cls: str,
    claim: str,
    actor: str,
    place: str,
    strategy: str,
    *,
    polarity: str = "self",
    refuse: frozenset[str] = _FACT_ONLY,
    confidence: float = 0.9,
) -> Rule:
    return Rule(cls, claim, actor, place, polarity, refuse, confidence, strategy)


#: The table, in lexicon order.
RULES: tuple[Rule, ...] = (
    _row("repel", "strike", "subject", "after", "repel", confidence=0.8),
    _row(
        "control_passive",
        "control",
        "agent",
        "before",
        "passive",
        refuse=frozenset({"hypothetical", "negated", "history"}),
    ),
    _row(
        "control_under",
        "control",
        "agent",
        "before",
        "passive",
        refuse=frozenset({"hypothetical", "negated", "history"}),
    ),
    _row("control_fell", "control", "agent", "before", "passive"),
    _row("control_noun", "control", "owner", "after", "noun", confidence=0.85),
    _row(
        "control_adj",
        "control",
        "adjective",
        "after",
        "adjective",
        refuse=frozenset({"negated", "history"}),
    ),
    _row("control", "control", "subject", "after", "control"),
    _row("control_lost", "control", "subject", "after", "lost", polarity="opponent"),
    _row("expel", "control", "subject", "from", "expel"),
    _row(
        "withdraw",
        "movement",
        "subject",
        "from",
        "withdraw",
        refuse=frozenset({"negated", "history"}),
        confidence=0.8,
    ),
    _row("defeat", "control", "subject", "after", "defeat", confidence=0.7),
    _row("control_split", "control", "subject", "after", "split", confidence=0.7),
    _row(
        "allegiance",
        "allegiance",
        "owner",
        "before",
        "allegiance",
        refuse=frozenset({"hypothetical", "negated", "history"}),
        confidence=0.8,
    ),
    _row(
        "reinforce",
        "movement",
        "subject",
        "after",
        "movement",
        refuse=frozenset({"hypothetical", "negated", "history"}),
        confidence=0.8,
    ),
    _row(
        "advance",
        "movement",
        "subject",
        "after",
        "movement",
        refuse=frozenset({"hypothetical", "negated", "history"}),
        confidence=0.8,
    ),
    _row("position", "position", "subject", "after", "position", confidence=0.8),
    _row("strike", "strike", "agent", "after", "strike", confidence=0.8),
    _row(
        "front",
        "frontline",
        "subject",
        "nearest",
        "front",
        refuse=frozenset({"hypothetical", "history"}),
        confidence=0.6,
    ),
    # Clashes, battles and fighting say nothing of who holds what: a front only when
    # two opposing sides are named ("clashes between X and Y near P").
    _row(
        "clash",
        "frontline",
        "subject",
        "nearest",
        "clash",
        refuse=frozenset({"hypothetical", "negated", "history"}),
        confidence=0.5,
    ),
)

BY_CLASS: dict[str, Rule] = {r.cls: r for r in RULES}

if [r.cls for r in RULES] != [cls for cls, _ in LEXICON]:  # pragma: no cover
    raise ImportError("geo.claims.rules: one row per lexicon class, in lexicon order")
