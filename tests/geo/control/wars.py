"""Small multi-article wars of our own, as the claims the extractor should give.

Each war is a list of dated articles; each article a list of sentences with the
claims they make (written as Claim records, since the extractor is being rewritten)
and the places they only mention. Places come from the real gazetteer, so the
settlements of the theatre around them are the real ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.records import Mention
from geo.factions import load_registry
from geo.pipeline import Analysis
from geo.records import Claim, Document

DATA = Path(__file__).resolve().parents[2] / "data" / "control"


@dataclass(frozen=True)
class C:
    """A claim of a sentence about the place written ``surface`` in it."""

    type: str
    faction: str
    surface: str
    kw: dict[str, Any] = field(default_factory=dict)


def c(type_: str, faction: str, surface: str, **kw: Any) -> C:
    return C(type_, faction, surface, kw)


@dataclass(frozen=True)
class S:
    text: str
    claims: tuple[C, ...] = ()
    mentions: tuple[str, ...] = ()  # places named without a claim


def build(gz, country: str, articles: list[tuple[str, dt.date, list[S]]]) -> Analysis:
    docs, mentions, claims = [], {}, []
    for doc_id, date, sentences in articles:
        text, offset = "", 0
        ms: list[Mention] = []
        for s in sentences:
            start = len(text)
            text += s.text + " "
            for surface in s.mentions:
                ms.append(_mention(gz, country, doc_id, text, start, surface))
            for spec in s.claims:
                m = _mention(gz, country, doc_id, text, start, spec.surface)
                ms.append(m)
                kw = dict(spec.kw)
                if spec.type == "movement":
                    kw.setdefault("kind", "reinforcement")
                claims.append(
                    Claim(
                        doc_id,
                        spec.type,
                        spec.faction,
                        m,
                        s.text,
                        start,
                        start + len(s.text),
                        date=date,
                        **kw,
                    )
                )
            offset = len(text)
        docs.append(Document(doc_id, text[:offset], date))
        mentions[doc_id] = sorted(ms, key=lambda m: m.start)
    return Analysis(tuple(docs), mentions, claims, [])


def _mention(gz, country, doc, text, start, surface) -> Mention:
    i = text.index(surface, start)
    place = gz.lookup(surface, countries=[country]).place
    assert place.country == country, (surface, place)
    return Mention(
        doc,
        i,
        i + len(surface),
        surface,
        "place",
        place.name,
        place.lat,
        place.lon,
        geonameid=place.geonameid,
        country=place.country,
        place=place,
    )


def registry(name: str):
    return load_registry(DATA / f"{name}.json")


# --- Donetsk oblast, February 2024 ----------------------------------------------------

FEB1, FEB10, FEB18 = dt.date(2024, 2, 1), dt.date(2024, 2, 10), dt.date(2024, 2, 18)


def donetsk(gz) -> Analysis:
    return build(
        gz,
        "UA",
        [
            (
                "ua-1.txt",
                FEB1,
                [
                    S(
                        "Russian-held Donetsk came under fire again on Thursday.",
                        (c("control", "RUS", "Donetsk"),),
                    ),
                    S(
                        "Ukrainian troops hold Avdiivka despite daily assaults.",
                        (c("control", "UKR", "Avdiivka"),),
                    ),
                    S(
                        "Russian artillery pounded Kramatorsk and Kostiantynivka.",
                        (
                            c("strike", "RUS", "Kramatorsk"),
                            c("strike", "RUS", "Kostiantynivka"),
                        ),
                    ),
                    S(
                        "Kyiv rushed fresh brigades to Pokrovsk.",
                        (c("movement", "UKR", "Pokrovsk"),),
                    ),
                    S(
                        "Horlivka remains under Russian control.",
                        (c("control", "RUS", "Horlivka"),),
                    ),
                    S(
                        "Bakhmut has been held by Moscow since last May.",
                        (c("control", "RUS", "Bakhmut"),),
                    ),
                    S(
                        "Families from the front reached Druzhkivka.",
                        (),
                        ("Druzhkivka",),
                    ),
                ],
            ),
            (
                "ua-2.txt",
                FEB10,
                [
                    S(
                        "Russian units dug in on the approaches to Avdiivka.",
                        (c("position", "RUS", "Avdiivka"),),
                    ),
                    S(
                        "Shells launched by Russian batteries hit Chasiv Yar.",
                        (c("strike", "RUS", "Chasiv Yar"),),
                    ),
                    S(
                        "Makiivka has been under Russian control since 2014.",
                        (c("control", "RUS", "Makiivka"),),
                    ),
                    S(
                        "Ukrainian defenders still hold Toretsk.",
                        (c("control", "UKR", "Toretsk"),),
                    ),
                ],
            ),
            (
                "ua-3.txt",
                FEB18,
                [
                    S(
                        "Russian troops took full control of Avdiivka on Saturday.",
                        (c("control", "RUS", "Avdiivka"),),
                    ),
                    S(
                        "The last Ukrainian units pulled out of Avdiivka overnight.",
                        (c("movement", "UKR", "Avdiivka", kind="withdrawal"),),
                    ),
                    S(
                        "Glide bombs fell on Myrnohrad and Selydove.",
                        (
                            c("strike", "RUS", "Myrnohrad"),
                            c("strike", "RUS", "Selydove"),
                        ),
                    ),
                ],
            ),
        ],
    )


# --- Darfur, October-November 2023 ----------------------------------------------------

OCT1, OCT27, NOV5 = dt.date(2023, 10, 1), dt.date(2023, 10, 27), dt.date(2023, 11, 5)


def darfur(gz) -> Analysis:
    return build(
        gz,
        "SD",
        [
            (
                "sd-1.txt",
                OCT1,
                [
                    S(
                        "The army's 16th Infantry Division still holds Nyala.",
                        (c("control", "SAF", "Nyala"),),
                    ),
                    S(
                        "The RSF said its fighters control Zalingei.",
                        (c("control", "RSF", "Zalingei", quoted_by="RSF"),),
                    ),
                ],
            ),
            (
                "sd-2.txt",
                OCT27,
                [
                    S(
                        "Witnesses said RSF fighters overran the army base in Nyala.",
                        (c("control", "RSF", "Nyala"),),
                    ),
                ],
            ),
            (
                "sd-3.txt",
                NOV5,
                [
                    S(
                        "RSF drones struck El Fasher for a third day.",
                        (c("strike", "RSF", "El Fasher", target="SAF"),),
                    ),
                    S(
                        "The army airlifted reinforcements to El Fasher.",
                        (c("movement", "SAF", "El Fasher"),),
                    ),
                    S("Aid convoys waited in Kutum.", (), ("Kutum",)),
                ],
            ),
        ],
    )


# --- Idlib, January-March 2020 --------------------------------------------------------

JAN29, FEB6, FEB27, FEB28 = (
    dt.date(2020, 1, 29),
    dt.date(2020, 2, 6),
    dt.date(2020, 2, 27),
    dt.date(2020, 2, 28),
)


def idlib(gz) -> Analysis:
    return build(
        gz,
        "SY",
        [
            (
                "sy-1.txt",
                JAN29,
                [
                    S(
                        "Government forces entered Maarat al-Numan on Tuesday.",
                        (c("control", "SAA", "Maarat al-Numan"),),
                    ),
                    S(
                        "Idlib city, held by rebels, braced for an assault.",
                        (c("control", "REB", "Idlib"),),
                    ),
                    S(
                        "Aleppo has been under government control since 2016.",
                        (c("control", "SAA", "Aleppo"),),
                    ),
                    S(
                        "Khan Shaykhun is held by the army.",
                        (c("control", "SAA", "Khan Shaykhun"),),
                    ),
                    S(
                        "Russian jets bombed Binnish.",
                        (c("strike", "RUSAF", "Binnish"),),
                    ),
                    S(
                        "Turkish troops sent reinforcements to Taftanaz.",
                        (c("movement", "TUR", "Taftanaz"),),
                    ),
                    S(
                        "Rebels control Jisr al-Shughur.",
                        (c("control", "REB", "Jisr al-Shughur"),),
                    ),
                ],
            ),
            (
                "sy-2.txt",
                FEB6,
                [
                    S(
                        "Government forces captured Saraqib.",
                        (c("control", "SAA", "Saraqib"),),
                    ),
                ],
            ),
            (
                "sy-3.txt",
                FEB27,
                [
                    S(
                        "Rebels retook Saraqib in a counter-attack.",
                        (c("control", "REB", "Saraqib"),),
                    ),
                ],
            ),
            (
                "sy-4.txt",
                FEB28,
                [
                    S(
                        "Government forces still hold the eastern districts of Saraqib.",
                        (c("control", "SAA", "Saraqib"),),
                    ),
                ],
            ),
        ],
    )
