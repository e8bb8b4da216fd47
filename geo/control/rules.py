"""What counts as how much evidence of control: the rules, as rows of data.

Each :class:`Rule` turns one kind of claim into evidence that a side is at a place.
The rows follow careful map makers:

- ISW separates *assessed* from *claimed* control: only an asserted report (not
  implied, confidence >= ``HELD_CONFIDENCE``) from a source that is not the side
  itself can make a place "held"; the rest makes it "claimed".
- Wikipedia's conflict maps count a partisan source only against its own side: a side
  saying it took a town is a claim; a side conceding a town to its enemy is evidence.
- A town is "contested" only when the enemy is inside it: control reports on the town
  itself from both sides, both recent (within ``CONTEST_DAYS`` of the latest).
- Indirect evidence counts less and fades faster than a control report: a side's
  strikes on a town put the *other* side there, reinforcements sent to a town put the
  sender there (holding or contesting it), a withdrawal from a town hands it over.

The weights are documented in docs/layers.md (one table, generated from these rows).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Below this confidence a control claim is "claimed", not "held".
HELD_CONFIDENCE = 0.6
#: Reports on the same town by both sides within this many days of the latest: contested.
CONTEST_DAYS = 3
#: A direct report older than a later report for another side on the same place keeps
#: only this share of its weight ("what was true before the latest report").
SUPERSEDED = 0.1
#: Undated claims count as this many days older than the reference date.
UNDATED_AGE_DAYS = 60
#: A settlement with less support than this is left unassigned ("none").
MIN_SUPPORT = 0.12
#: ... and only with this many times the support of the runner-up (else "none").
MARGIN = 2.0
#: Nearby evidence about a town counts for a bigger town by sqrt((p + F) / (P + F)),
#: populations p (the town reported on) and P (the bigger one), F this floor.
SIZE_FLOOR = 5_000
#: A settlement coloured from nearby evidence is "held" when its assessed support
#: reaches this; otherwise "claimed".
HELD_SUPPORT = 0.35
#: Each settlement lists at most this many claims (the strongest) as its evidence.
MAX_SOURCES = 8


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of claim as evidence of control.

    ``to`` says whose presence the claim shows: the ``actor`` (the claim's faction)
    or the ``other`` side (the strike's target, else the actor's opponent).
    ``direct`` evidence is about the named place itself: a place with direct evidence
    is decided by it alone. ``radius_km`` is the distance of full weight around the
    evidence (at least the place's own radius), ``decay_km`` the e-folding distance
    beyond it, ``reach_km`` the cut-off; ``half_life_days`` the fading with age.
    ``assessed`` rules can make a place "held"; the others only "claimed".
    """

    name: str
    claim_type: str
    to: str
    weight: float
    direct: bool
    assessed: bool
    radius_km: float
    decay_km: float
    reach_km: float
    half_life_days: float
    kind: str | None = None
    contests: bool = False  # both sides' reports of this rule on a town: contested
    note: str = ""


#: The rules as a table (columns as in :class:`Rule`; "-" for no kind).
TABLE = """
name          claim_type  to     weight direct assessed radius decay reach half_life kind          contests
control       control     actor  1.0    yes    yes      0      12    40    180       -             yes
allegiance    allegiance  actor  0.6    yes    no       0      10    30    180       -             yes
position      position    actor  0.5    no     yes      2      8     30    30        -             no
reinforcement movement    actor  0.45   yes    no       0      8     25    30        reinforcement no
withdrawal    movement    other  0.4    yes    no       0      8     25    30        withdrawal    no
advance       movement    actor  0.2    no     no       3      6     15    14        advance       no
strike        strike      other  0.4    yes    no       0      8     25    30        -             no
"""
NOTES = {
    "control": "X holds, took, entered P; X-held P; P under X's control",
    "allegiance": "P declares allegiance to X (a claim, never held)",
    "position": "X's forces at, around, west of P: X is near; P itself not decided",
    "reinforcement": "X sends reinforcements to P: X holds or contests P",
    "withdrawal": "X withdraws from P: the other side takes P",
    "advance": "X advances on P: X is near P; P itself not decided",
    "strike": "X strikes P: the other side (the target) is in P",
}


def _rules(table: str) -> tuple[Rule, ...]:
    lines = [line.split() for line in table.strip().splitlines()]
    head, rows = lines[0], lines[1:]
    out = []
    for row in rows:
        cell = dict(zip(head, row, strict=True))
        out.append(
            Rule(
                name=cell["name"],
                claim_type=cell["claim_type"],
                to=cell["to"],
                weight=float(cell["weight"]),
                direct=cell["direct"] == "yes",
                assessed=cell["assessed"] == "yes",
                radius_km=float(cell["radius"]),
                decay_km=float(cell["decay"]),
                reach_km=float(cell["reach"]),
                half_life_days=float(cell["half_life"]),
                kind=None if cell["kind"] == "-" else cell["kind"],
                contests=cell["contests"] == "yes",
                note=NOTES.get(cell["name"], ""),
            )
        )
    return tuple(out)


RULES: tuple[Rule, ...] = _rules(TABLE)

#: Evidence from a region (a control claim on "the western region") reaches every
#: settlement inside it with this share of the rule's weight, as nearby evidence.
REGION_SHARE = 0.5


def rule_for(claim_type: str, kind: str | None) -> Rule | None:
    """The rule a claim falls under, or None (frontline claims place no side).

    >>> rule_for("movement", "withdrawal").to
    'other'
    >>> rule_for("frontline", None) is None
    True
    """
    for rule in RULES:
        if rule.claim_type == claim_type and (rule.kind is None or rule.kind == kind):
            return rule
    return None
