"""Records of the geo stage: documents in, claims out.

A claim is what one sentence of one report says. It keeps its evidence: the document,
the sentence and the sentence's character offsets in the document (end-exclusive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gazetteer.records import Mention, stable_id

#: The document of the claims an analyst set by hand ("analyst:<correction id>").
ANALYST_DOC = "analyst"
CLAIM_TYPES = ("control", "allegiance", "position", "movement", "strike", "frontline")
MOVEMENT_KINDS = ("reinforcement", "advance", "withdrawal")


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its id (usually the file name as given), text and optional date."""

    id: str
    text: str
    date: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim of one sentence.

    ``faction`` is the actor (controller, mover, attacker; None for a frontline),
    ``target`` the faction struck (strikes), ``place`` the located mention the claim
    is about (the held place, the destination, the strike site, the front).
    """

    doc: str
    type: str
    faction: str | None
    place: Mention | None
    sentence: str
    start: int
    end: int
    kind: str | None = None  # movements: reinforcement / advance / withdrawal
    target: str | None = None
    origin: Mention | None = None  # movements, when the text says where from
    casualties: int | None = None  # strikes: the number killed, when said
    implied: bool = False
    confidence: float = 1.0
    date: dt.date | None = None
    quoted_by: str | None = None
    factions: tuple[str, ...] = field(default=())  # frontline: the sides, when said
    wounded: int | None = None  # strikes: the number wounded or injured, when said
    # "corrected by analyst: ..." when a workspace correction changed the claim
    corrected: str | None = None

    def __post_init__(self) -> None:
        if self.type not in CLAIM_TYPES:
            raise ValueError(f"unknown claim type {self.type!r}")
        if self.type == "movement" and self.kind not in MOVEMENT_KINDS:
            raise ValueError(f"movement claim needs a kind in {MOVEMENT_KINDS}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")

    @property
    def id(self) -> str:
        """A stable id from the document, the sentence's offsets, the type and the
        place's offsets, and for an anaphor the place it stands for (not the side:
        a correction may change the side)."""
        place: tuple[object, ...] = (None, None)
        if self.place is not None:
            place = (self.place.start, self.place.end)
            if self.place.kind == "anaphor":  # "the two cities": one claim per city
                place = (*place, self.place.name)
        return stable_id(
            "c", self.doc, self.start, self.end, self.type, self.kind, *place
        )

    @property
    def by_analyst(self) -> bool:
        """Set by hand in a workspace (a controller as of a date), not extracted."""
        return self.doc.startswith(f"{ANALYST_DOC}:")

    @property
    def lat(self) -> float | None:
        return None if self.place is None else self.place.lat

    @property
    def lon(self) -> float | None:
        return None if self.place is None else self.place.lon

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object of ``python -m geo claims``."""
        return {
            "id": self.id,
            "mention_id": None if self.place is None else self.place.id,
            "doc": self.doc,
            "type": self.type,
            "kind": self.kind,
            "faction": self.faction,
            "target": self.target,
            "place": None if self.place is None else self.place.name,
            "place_text": None if self.place is None else self.place.text,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "origin": None if self.origin is None else self.origin.name,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "casualties": self.casualties,
            "wounded": self.wounded,
            "implied": self.implied,
            "confidence": round(self.confidence, 2),
            "date": None if self.date is None else self.date.isoformat(),
            "quoted_by": self.quoted_by,
            "factions": list(self.factions),
            "corrected": self.corrected,
        }
