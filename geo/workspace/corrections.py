"""The analyst's corrections as data, applied at one point between claims and control.

A :class:`Correction` names its target by a stable id (``Claim.id`` or
``Mention.id``, or a place key for a hand-set controller), what it does, who made it,
when, and why. :func:`apply_corrections` is a pure function from an analysis and the
corrections to the corrected analysis; every rebuild of the map, the exports and the
changes calls it, so a fix made once holds everywhere. Corrections are applied in the
order they were made: a later one on the same target and aspect (a claim's status,
side or type; a mention's location) replaces the earlier one.

Every claim a correction touched says so in ``Claim.corrected`` ("corrected by
analyst: ..."), which the layers copy beside the source sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gazetteer.records import Mention, Place
from geo.pipeline import Analysis
from geo.records import ANALYST_DOC, CLAIM_TYPES, MOVEMENT_KINDS, Claim, Document

#: What a correction does.
KINDS = ("reject", "accept", "side", "type", "move", "not-a-place", "set-control")
CLAIM_KINDS = ("reject", "accept", "side", "type")
MENTION_KINDS = ("move", "not-a-place")
PROVENANCE = "corrected by analyst"


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction: ``kind`` on ``target`` with ``value``, by ``author`` at
    ``created``, with the analyst's ``note``.

    ``value`` per kind: side ``{"side": "LNA"}``; type ``{"type": "movement",
    "kind": "advance"}``; move ``{"lat", "lon"}`` and, for a gazetteer place,
    ``{"geonameid", "name", "country", "kind"}``; set-control ``{"side", "as_of",
    "name", "lat", "lon", "geonameid", "country"}``; reject, accept, not-a-place
    ``{}``.
    """

    kind: str
    target: str
    value: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    author: str = ""
    created: dt.datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown correction {self.kind!r} (one of {KINDS})")
        if self.kind == "type":
            ctype, ckind = self.value.get("type"), self.value.get("kind")
            if ctype not in CLAIM_TYPES:
                raise ValueError(f"unknown claim type {ctype!r} (one of {CLAIM_TYPES})")
            if ctype == "movement" and ckind not in MOVEMENT_KINDS:
                raise ValueError(f"a movement needs a kind in {MOVEMENT_KINDS}")
        if self.kind == "side" and not self.value.get("side"):
            raise ValueError("a side correction needs a side")
        if self.kind in ("move", "set-control"):
            Place("check", float(self.value["lat"]), float(self.value["lon"]), None, "")
        if self.kind == "set-control":
            dt.date.fromisoformat(str(self.value["as_of"]))

    def describe(self) -> str:
        """What the correction did, in a few words (for provenance and lists)."""
        v = self.value
        what = {
            "reject": "rejected",
            "accept": "accepted",
            "side": f"side set to {v.get('side')}",
            "type": "type set to "
            + " ".join(str(x) for x in (v.get("type"), v.get("kind")) if x),
            "not-a-place": "not a place",
        }.get(self.kind)
        if self.kind == "move":
            where = f"{float(v['lat']):.4f}, {float(v['lon']):.4f}"
            gid = v.get("geonameid")
            what = (
                f"place moved to {v.get('name')} ({v.get('country')}, geonameid {gid})"
                if gid is not None
                else f"place moved to the point {where}"
            )
        elif self.kind == "set-control":
            what = f"{v.get('name')} held by {v.get('side')} as of {v.get('as_of')}"
        who = ", ".join(
            x
            for x in (
                self.author,
                self.created.date().isoformat() if self.created else "",
            )
            if x
        )
        out = f"{what} ({who})" if who else str(what)
        return f"{out}: {self.note}" if self.note else out


def apply_corrections(
    analysis: Analysis, corrections: Iterable[Correction]
) -> Analysis:
    """The analysis as the analyst corrected it (the input is left as it was).

    >>> from geo.records import Claim
    >>> m = Mention("a.txt", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6)
    >>> c = Claim("a.txt", "control", "GNA", m, "Sirte is held.", 0, 14)
    >>> fixed = apply_corrections(
    ...     Analysis(claims=[c]), [Correction("side", c.id, {"side": "LNA"})]
    ... )
    >>> fixed.claims[0].faction, fixed.claims[0].corrected
    ('LNA', 'corrected by analyst: side set to LNA')
    """
    plan = _Plan.of(corrections)
    if plan.empty:
        return analysis
    mentions = {
        doc: [m2 for m in ms if (m2 := plan.mention(m)) is not None]
        for doc, ms in analysis.mentions.items()
    }
    claims = [
        fixed for claim in analysis.claims if (fixed := plan.claim(claim)) is not None
    ]
    documents = list(analysis.documents)
    for claim in plan.control_claims():
        claims.append(claim)
        documents.append(Document(claim.doc, claim.sentence, claim.date, ANALYST_DOC))
    return dataclasses.replace(
        analysis, documents=tuple(documents), mentions=mentions, claims=claims
    )


def review(
    analysis: Analysis, corrections: Iterable[Correction]
) -> list[tuple[Claim, Claim | None]]:
    """Each extracted claim beside its corrected form (None when rejected), then the
    claims the analyst set by hand (beside themselves): what a reviewer lists."""
    plan = _Plan.of(corrections)
    pairs: list[tuple[Claim, Claim | None]] = [
        (claim, plan.claim(claim)) for claim in analysis.claims
    ]
    pairs.extend((c, c) for c in plan.control_claims())
    return pairs


@dataclass(frozen=True, slots=True)
class _Plan:
    """The corrections folded per target and aspect, the latest winning."""

    claims: dict[str, dict[str, Correction]]
    mentions: dict[str, Correction]
    controls: dict[tuple[str, str], Correction]

    @classmethod
    def of(cls, corrections: Iterable[Correction]) -> _Plan:
        claims: dict[str, dict[str, Correction]] = {}
        mentions: dict[str, Correction] = {}
        controls: dict[tuple[str, str], Correction] = {}
        for c in sorted(corrections, key=_order):
            if c.kind in CLAIM_KINDS:
                aspect = "status" if c.kind in ("reject", "accept") else c.kind
                claims.setdefault(c.target, {})[aspect] = c
            elif c.kind in MENTION_KINDS:
                mentions[c.target] = c
            else:
                controls[(c.target, str(c.value["as_of"]))] = c
        return cls(claims, mentions, controls)

    @property
    def empty(self) -> bool:
        return not (self.claims or self.mentions or self.controls)

    def mention(self, m: Mention | None) -> Mention | None:
        return _fix_mention(m, self.mentions)

    def claim(self, claim: Claim) -> Claim | None:
        return _fix_claim(claim, self.claims, self.mentions)

    def control_claims(self) -> list[Claim]:
        return [_control_claim(c) for c in self.controls.values()]


def _order(c: Correction) -> float:
    """Saved corrections in the order they were made; unsaved ones as given."""
    return float("inf") if c.id is None else float(c.id)


def _fix_mention(m: Mention | None, fixes: dict[str, Correction]) -> Mention | None:
    if m is None:
        return None
    fix = fixes.get(m.id)
    if fix is None:
        return m
    if fix.kind == "not-a-place":
        return None
    return moved(m, fix.value)


def moved(m: Mention, value: dict[str, Any]) -> Mention:
    """The mention placed where ``value`` says: a gazetteer place or a bare point.

    A moved mention is a plain place mention (a relative expression or an anaphor
    the analyst placed by hand no longer needs its anchor).
    """
    lat, lon = float(value["lat"]), float(value["lon"])
    gid = value.get("geonameid")
    name = str(value.get("name") or m.describes or m.name)
    country = value.get("country") if gid is not None else m.country
    place = (
        Place(
            name,
            lat,
            lon,
            int(gid),
            str(country or ""),
            int(value.get("population") or 0),
            str(value.get("kind") or "city"),
        )
        if gid is not None
        else None
    )
    return Mention(
        m.doc,
        m.start,
        m.end,
        m.text,
        "place",
        name,
        lat,
        lon,
        geonameid=None if gid is None else int(gid),
        country=country,
        uncertainty_km=None,
        in_name=False,
        place=place,
    )


def _fix_claim(
    claim: Claim,
    fixes: dict[str, dict[str, Correction]],
    mention_fix: dict[str, Correction],
) -> Claim | None:
    own = fixes.get(claim.id, {})
    status = own.get("status")
    if status is not None and status.kind == "reject":
        return None
    changes: dict[str, Any] = {}
    notes: list[str] = []
    for attr in ("place", "origin"):
        m = getattr(claim, attr)
        if m is not None and m.id in mention_fix:
            changes[attr] = _fix_mention(m, mention_fix)
            notes.append(mention_fix[m.id].describe())
    if status is not None:  # accepted: the analyst vouches for it
        changes.update(confidence=1.0, implied=False)
        notes.append(status.describe())
    if (side := own.get("side")) is not None:
        changes["faction"] = str(side.value["side"])
        notes.append(side.describe())
    if (ctype := own.get("type")) is not None:
        changes["type"] = ctype.value["type"]
        changes["kind"] = (
            ctype.value.get("kind") if ctype.value["type"] == "movement" else None
        )
        notes.append(ctype.describe())
    if not notes:
        return claim
    changes["corrected"] = f"{PROVENANCE}: " + "; ".join(notes)
    return dataclasses.replace(claim, **changes)


def _control_claim(c: Correction) -> Claim:
    v = c.value
    name = str(v.get("name") or c.target)
    as_of = dt.date.fromisoformat(str(v["as_of"]))
    side = str(v["side"])
    doc = f"{ANALYST_DOC}:{c.id if c.id is not None else c.target}"
    sentence = f"{name}: held by {side} as of {as_of.isoformat()} (set by analyst)."
    if c.note:
        sentence = f"{sentence} {c.note}"
    gid = v.get("geonameid")
    lat, lon = float(v["lat"]), float(v["lon"])
    place = (
        Place(name, lat, lon, int(gid), str(v.get("country") or ""))
        if gid is not None
        else None
    )
    mention = Mention(
        doc,
        0,
        len(name),
        name,
        "place",
        name,
        lat,
        lon,
        geonameid=None if gid is None else int(gid),
        country=v.get("country"),
        place=place,
    )
    return Claim(
        doc,
        "control",
        side,
        mention,
        sentence,
        0,
        len(sentence),
        confidence=1.0,
        date=as_of,
        corrected=f"{PROVENANCE}: {c.describe()}",
    )


def only(analysis: Analysis, doc_ids: set[str]) -> Analysis:
    """The part of a corrected analysis about these documents; the claims the
    analyst set by hand are kept (they are the analyst's word, not a document's).

    >>> only(Analysis(), {"a.txt"}).claims
    []
    """

    def keep(doc: str) -> bool:
        return doc in doc_ids or doc.startswith(f"{ANALYST_DOC}:")

    return Analysis(
        tuple(d for d in analysis.documents if keep(d.id)),
        {d: ms for d, ms in analysis.mentions.items() if keep(d)},
        [c for c in analysis.claims if keep(c.doc)],
        [f for f in analysis.failures if keep(f.doc)],
    )
