"""The geoparser: text in, located mentions out (places, relative expressions,
vague regions and anaphors), in text order.

Steps, each a small function (match, then annotate, as spaCy's EntityRuler does):
:func:`gazetteer.scanner.scan` finds names; :func:`resolve` picks one place per name
with the document as context (countries in focus, places already resolved nearby,
population and rank); :mod:`gazetteer.anaphora`, :mod:`gazetteer.relative` and
:mod:`gazetteer.regions` add the other kinds on top of the places.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import re
import string
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate, islice, pairwise
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from gazetteer.demonyms import demonym_mentions
from gazetteer.errors import DocumentError
from gazetteer.normalize import ARTICLES, loose_key, name_key, strip_article
from gazetteer.records import Candidate, Mention, Place, fast_init, place_mention
from gazetteer.scanner import (
    _PERSON_AFTER,
    Hit,
    _token_key,
    demonyms,
    scan,
    sentence_initial,
)
from gazetteer.sphere import EARTH_KM, distances_km, nearest_km

if TYPE_CHECKING:
    from gazetteer.gazetteer import Gazetteer

log = logging.getLogger(__name__)

#: Sort keys of mentions and hits: (start, end), (start, end, kind), start (the
#: tuples the lambdas gave, read in C).
_BY_SPAN = attrgetter("start", "end")
_BY_SPAN_KIND = attrgetter("start", "end", "kind")
_BY_START = attrgetter("start")

#: Kinds that are prominent enough to be known by any of their names.
RANKED_KINDS = frozenset(
    {
        "country",
        "capital",
        "admin_seat",
        "district",
        "region",
        "sea",
        "airbase",
        "terminal",
    }
)
#: A small town known only by an alternate name is more often a word or a person.
ALTERNATE_NAME_MIN_POPULATION = 50_000
#: Score margin over the runner-up that makes a name unambiguous on its own.
CLEAR_MARGIN = 2.0
MAX_NEAR = 6
#: Parse refuses texts longer than this (code points): a news article is a few kB.
MAX_CHARS = 5_000_000


@fast_init
@dataclass(frozen=True, slots=True)
class Context:
    """What the document says about itself: countries in focus, most important first,
    and points of places resolved without doubt."""

    countries: tuple[str, ...]
    near: tuple[tuple[float, float], ...]
    #: (country, admin1 code) of the states and provinces the document names.
    states: tuple[tuple[str, str], ...] = ()


def parse(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer: Gazetteer | None = None,
    not_places: Iterable[str] = (),
    theatre: Sequence[str] | None = None,
) -> list[Mention]:
    """Every place, relative expression, region, anaphor and demonym ("Russian",
    kind "demonym", at the country's point) in ``text``, located, sorted by
    (start, end).

    ``theatre``: ISO alpha-2 codes of the countries the war is fought in (from the
    war's registry or the caller). Inside it a village beats a far-away namesake
    city; outside it no village, neighbourhood or lone generic word (wadi, ras,
    tal ...) is resolved. Without it, the theatre is inferred from the countries
    that dominate the document's unambiguous mentions (see :func:`infer_theatre`).

    >>> [(m.kind, m.text, m.country) for m in parse("Clashes in Tripoli, Libya.")]
    [('place', 'Tripoli', 'LY'), ('place', 'Libya', 'LY')]
    """
    if not isinstance(text, str):
        raise DocumentError(f"{doc}: expected text (str), got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise DocumentError(
            f"{doc}: too long ({len(text):,} characters; the limit is {MAX_CHARS:,})"
        )
    if not text.strip():
        return []
    from gazetteer.anaphora import find_anaphora
    from gazetteer.regions import find_regions
    from gazetteer.relative import find_relatives

    gz = gazetteer if gazetteer is not None else _default()
    nots = _not_place_keys(tuple(not_places))
    votes: Counter[str] = Counter()
    hits = scan(text, gz, not_places=nots, nationalities=votes)
    adjectives = [h for h in hits if h.demonym]
    if adjectives:
        hits = [h for h in hits if not h.demonym]
    hits = _drop_fragments(text, _outside_header(text, hits))
    notes = admin_notes(text, gz)
    if notes:
        hits = _with_notes(hits, notes)
    countries = (
        tuple(c.upper() for c in theatre)
        if theatre is not None
        # an inferred theatre looks for spellings only in countries at war
        else tuple(c for c in _hits_theatre(hits, gz, votes) if c in war_countries())
    )
    if notes and theatre is None:
        # an event note's "(District, Governorate)" says which country it is in
        theatre = countries = tuple(
            dict.fromkeys([*(n.place.country for n in notes), *countries])
        )
    variants: frozenset[str] = frozenset()
    if countries:
        hits, variants = _with_variants(
            text,
            hits,
            gz,
            countries,
            nots,
            [(n.place.lat, n.place.lon) for n in notes],
            rewrite=theatre is not None,
        )
    places, context = resolve(
        text,
        hits,
        gz,
        doc=doc,
        nationalities=votes,
        theatre=theatre,
        variants=variants,
        fixed={n.key: n.place for n in notes},
    )
    anaphors = find_anaphora(text, places, gz, context.countries, doc=doc)
    anchors = sorted([*places, *anaphors], key=_BY_SPAN)
    relatives = find_relatives(text, anchors, doc=doc)
    if any(r.describes for r in relatives):
        places, moved = _settle_by_offsets(
            places, anchors, relatives, gz, countries or context.countries
        )
        if moved:
            anaphors = find_anaphora(text, places, gz, context.countries, doc=doc)
            anchors = sorted([*places, *anaphors], key=_BY_SPAN)
            relatives = _note_offsets(find_relatives(text, anchors, doc=doc), moved)
    if _has_near_word(text):
        near_places = _settle_by_nearness(text, places, gz)
        if near_places is not places:
            places = near_places
            anchors = sorted([*places, *anaphors], key=_BY_SPAN)
    regions = find_regions(text, anchors, context.countries, relatives, doc=doc)
    out = [*places, *anaphors, *relatives, *regions]
    if adjectives:
        out.extend(demonym_mentions(text, adjectives, gz, doc=doc))
    out.sort(key=_BY_SPAN_KIND)
    return out


@lru_cache(maxsize=64)
def _not_place_keys(names: tuple[str, ...]) -> frozenset[str]:
    """Keys of the extra not-places; callers pass the same registry's list every time."""
    return frozenset(k for k in (name_key(n) for n in names) if k)


def _default() -> Gazetteer:
    from gazetteer.gazetteer import load

    return load()


# ------------------------------------------------------------------ resolution


def resolve(
    text: str,
    hits: Sequence[Hit],
    gz: Gazetteer,
    *,
    doc: str = "<text>",
    nationalities: Counter[str] | None = None,
    theatre: Sequence[str] | None = None,
    variants: frozenset[str] = frozenset(),
    fixed: dict[str, Place] | None = None,
) -> tuple[list[Mention], Context]:
    """One place per name, chosen with the whole document as context
    (``nationalities``: adjective counts from the scan, else counted here) and
    inside the war's ``theatre`` (given, else inferred: see :func:`parse`);
    ``fixed``: names whose place the text itself settles (event notes)."""
    prior: dict[str, list[Candidate]] = {
        k: [Candidate(p, FIXED_SCORE, "exact")] for k, p in (fixed or {}).items()
    }
    kept: list[Hit] = []
    features: list[Hit] = []
    covered = 0
    speakers: set[str] = set()
    spoken: list[Hit] = []
    # per name: the tails of its candidates' own names after it, when every one
    # is a longer name of its own ("Rapid" of Rapid City), else None
    short_tails: dict[str, tuple[str, ...] | None] = {}
    counties = _us_county_spans(text)
    if counties:
        # "Boone County": the county, not the town of Boone (nor the person)
        hits = [h for h in hits if not any(a < h.end and h.start < b for a, b, _ in counties)]
    for hit in hits:
        cands = prior.get(hit.key)
        if cands is None:
            cands = prior[hit.key] = _prior(gz, hit.key)
        if not cands:
            continue
        top = cands[0].place
        if top.kind != "country" and not hit.expanded and hit.end - hit.start <= 4:
            surface = text[hit.start : hit.end]
            if surface.isupper() and not (
                top.kind == "admin1" and text.startswith(".", hit.end)
            ):
                continue  # "UN", "AP", "TIP": codes, not places ("S.C." is)
        if hit.start < covered:
            continue  # the "National Park" of "Zion National Park"
        if _article_before(text, hit.start):
            continue  # "Feliz" of "Los Feliz": the tail of a name the index lacks
        # what follows the name: the patterns below that start on blanks (or a
        # comma) are asked only where it is one ("" at the end: asked too)
        after = text[hit.end : hit.end + 1]
        blank = after in " \t"
        if hit.before_feature and _small_town(cands):
            local = _LOCAL_FEATURE_AFTER.match(text, hit.end)
            if local is not None:  # "Neches River": near the article's towns
                covered = local.end()
                features.append(Hit(hit.start, covered, hit.key, hit.in_name))
            continue  # "Pearl Harbor" is not the town of Pearl
        if blank and _DISEASE_AFTER.match(text, hit.end):
            continue  # "Marburg virus", "Lassa fever": a disease, not the town
        if text.endswith("the ", max(0, hit.start - 4), hit.start) and _river_named(
            text, hit, cands
        ):
            continue  # "along the Dnipro", "the Thames": a river, not the town
        if (
            blank
            and not hit.in_name
            and _word_after("street_words.txt").match(text, hit.end)
        ):
            # "Wichita Street" is a street, not Wichita: a place inside a name
            hit = dataclasses.replace(hit, in_name=True)
        landmark = _LANDMARK_AFTER.match(text, hit.end) if blank else None
        if landmark is not None and not _holds_landmark(hit.key, cands):
            # "Meadow Grove", "Griffith Park": a feature the index lacks
            covered = landmark.end()
            features.append(Hit(hit.start, covered, hit.key, hit.in_name))
            continue
        if hit.after_compass and top.kind in _WIDE_KINDS:
            continue  # "West Africa" is a region of its own, far from Africa's point
        if blank and not hit.expanded and " " not in hit.key:
            tails = short_tails.get(hit.key, ())
            if tails == ():  # (a name's candidates are the same at each mention)
                tails = short_tails[hit.key] = _short_form_tails(hit.key, cands)
            if tails is not None and _short_form_before_name(text, hit, cands):
                continue  # "Rapid Support Forces" is not Rapid City
        if blank and _GROUP_AFTER.match(text, hit.end) and not any(
            _own_name(hit.key, c) or c.place.kind in _ACTOR_KINDS for c in cands
        ):
            continue  # "Houthi forces" are a movement, not the village of Huth
        if (
            (blank or after == "," or after.isspace())
            and top.kind not in _ACTOR_KINDS
            and _SPEAKS.match(text, hit.end)
        ):
            speakers.add(hit.key)  # "Hartl said": a person (a country may speak)
            spoken.append(hit)
            continue
        if (
            (blank or after == ",")
            and top.kind not in _AREA_KINDS
            and _AGE_AFTER.match(text, hit.end)
        ):
            speakers.add(hit.key)  # "Raquel Henry, 19, of Orchard St.": a person
            continue
        kept.append(hit)
    if speakers:
        # a name the text also puts somewhere ("in Gainesville") is a place that
        # speaks for itself ("Gainesville says no"), not a person's
        placed = {
            h.key
            for h in hits
            if h.key in speakers
            and _PLACED_BEFORE.search(text, max(0, h.start - 12), h.start)
        }
        kept = [h for h in kept if h.key not in speakers or h.key in placed]
        if placed:
            kept.extend(h for h in spoken if h.key in placed)
            kept.sort(key=_BY_START)
    if nationalities is None:
        nationalities = _count_nationalities(text)
    kept = _drop_fragments(text, kept)
    fragments, divisions = _fragment_keys(text, kept)
    before = kept
    prior, kept = _theatre_candidates(
        kept, prior, nationalities, theatre, variants, gz=gz, fragments=fragments
    )
    for key in divisions:  # "the Kharkiv region" is the oblast, not the city
        prior[key] = _division_readings(prior[key])
    heads = [h for h in before if h.key in fragments and not prior[h.key]]
    kept, abroad = _unknown_in_area(text, kept, prior, gz)
    evidence = _Evidence.collect(kept, prior, nationalities)
    county_readings = {key: us_counties()[key] for _, _, key in counties}
    for key, places in county_readings.items():
        # a US county votes for the US, and one of a single state ("Muscogee
        # County": only Georgia's) is also a sure point
        evidence.add_sure(key, places[0], point=len(places) == 1)
    context = evidence.context()
    picked = _choose(
        kept,
        prior,
        evidence,
        forced={**_forced(text, kept, prior), **(fixed or {})},
        counties=county_readings,
    )
    if countries_at_war(context, theatre):
        picked = {k: town_for_division(p, gz, k) for k, p in picked.items()}
    chosen = {k: (p, place_radius_km(p)) for k, p in picked.items()}
    out: list[Mention] = []
    seats: dict[str, Place | None] = {}
    for h in kept:
        # (the pattern starts on a blank)
        blank = text[h.end : h.end + 1] in " \t"  # where the pattern starts
        county = _COUNTY_AFTER.match(text, h.end) if blank else None
        if county is None:
            out.append(_place_mention(text, h, *chosen[h.key], doc))
            continue
        whole = Hit(h.start, county.end(), h.key, h.in_name)
        if h.key not in seats:  # once per county name, not per mention
            seats[h.key] = _county_seat(prior[h.key], picked, h.key)
        place = seats[h.key]
        if place is not None:
            out.append(_place_mention(text, whole, place, COUNTY_RADIUS_KM, doc))
            continue
        local = _local_centre(picked, context, h.key)
        if local is not None:
            out.append(_unknown_division(text, whole, local, doc))
    for h in features:
        local = _local_centre(picked, context, h.key, guess=True)
        if local is not None:
            out.append(_unknown_division(text, h, local, doc))
    if counties:
        out.extend(_county_mentions(text, counties, picked, context, doc))
    for h, country in abroad:
        local = _local_centre(picked, Context((country,), ()), h.key)
        if local is not None:
            out.append(_unknown_division(text, h, local, doc))
    if features or counties or abroad:
        out.sort(key=_BY_SPAN)
    if heads and theatre:
        out = _with_heads(text, out, heads, {c.upper() for c in theatre})
    return out, context


def _unknown_in_area(
    text: str, kept: list[Hit], prior: dict[str, list[Candidate]], gz: Gazetteer
) -> tuple[list[Hit], list[tuple[Hit, str]]]:
    """Names qualified by a country or state none of whose first readings lie
    there: a reading of that country further down the index's list comes first
    ("Léré, Mali": the village, not the larger Léré of Nigeria or Chad); with none
    at all ("a farm in Suffolk, England": the index knows only the Suffolk of
    Virginia), a place of that country the index lacks, never the far namesake.
    Those are returned apart, with the country, to be placed among the article's
    towns there."""
    out: list[tuple[Hit, str]] = []
    drop: set[int] = set()
    for i, (a, b) in enumerate(pairwise(kept)):
        if a.key == b.key:
            continue
        gap = _QUALIFIER_GAP.fullmatch(text, a.end, b.start)
        if gap is None:
            continue
        area = prior[b.key][0].place
        towns = prior[a.key]
        if area.kind not in _AREA_KINDS or towns[0].place.kind in _AREA_KINDS:
            continue
        # any reading of the qualifier will do ("Ga." is Georgia the state too)
        countries = {c.place.country for c in prior[b.key][:3] if c.place.kind in _AREA_KINDS}
        if any(c.place.country in countries for c in towns):
            continue
        if _listed_state(text, kept, prior, i):
            continue
        there = [
            c
            for c in gz.candidates_for_key(a.key, countries=(area.country,), limit=20)
            if c.place.country == area.country and c.place.kind not in _AREA_KINDS
        ]
        if there:
            prior[a.key] = [*there, *towns]
            continue
        if gap.group(1):  # "Ebola in West Africa": no qualifier to trust so far
            continue
        drop.add(i)
        out.append((a, area.country))
    if not out:
        return kept, out
    return [h for i, h in enumerate(kept) if i not in drop], out


_HEAD_GAP = re.compile(r"[ \t]+")


def _with_heads(
    text: str, out: list[Mention], heads: Sequence[Hit], countries: set[str]
) -> list[Mention]:
    """A piece of a capitalised run left without a reading, right before a place of
    the theatre, heads that place's name: "Shewa Robit" is one mention, at Robit."""
    by_start = {m.start: i for i, m in enumerate(out)}
    for h in heads:
        gap = _HEAD_GAP.match(text, h.end)
        i = by_start.get(gap.end()) if gap is not None else None
        if i is None:
            continue
        m = out[i]
        if m.kind == "place" and m.country in countries:
            out[i] = dataclasses.replace(m, start=h.start, text=text[h.start : m.end])
    return out


# ------------------------------------------------------------------ theatre

#: Added to a candidate inside a theatre the caller gave (and, for a theatre
#: inferred from the document, to its towns and villages): a village of the war
#: then beats a far-away city of the same name (a village's prior is about 2.5, a
#: city of 100,000's about 8), not a capital or a city of millions.
THEATRE_BONUS = 6.0
#: Up to this much for a village close to the places the document names without
#: doubt (falling off as exp(-km / LOCAL_SCALE_KM)): of twenty Orlivkas, the one of
#: the article's oblast; of a Damascus quarter and a town 90 km away that share a
#: name, the quarter.
LOCAL_BONUS = 8.0
LOCAL_SCALE_KM = 40.0
#: Only a namesake this close to the document's points shares the best prior:
#: far from all of them, closeness says nothing and population still does
#: (Gwoza the town of Borno, not a village of that name 500 km away).
LOCAL_RANGE_KM = 150.0
#: Towns up to this population are told apart by closeness as villages are.
LOCAL_MAX_POPULATION = 20_000
#: Share of the unambiguous votes a country needs to count in an inferred theatre.
THEATRE_MIN_SHARE = 0.25
_SMALL_KINDS = frozenset({"village", "neighbourhood", "town"})
#: Places that own a name against another's alternate (a division does not: Surt
#: the district does not take the name from Sirte the city).
_SETTLEMENT_KINDS = _SMALL_KINDS | {"city", "capital", "admin_seat"}


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Generic words of place names (gazetteer/data/generic_words.txt), as keys."""
    from gazetteer.scanner import _words

    return _words("generic_words.txt", per_line=True)


@lru_cache(maxsize=65_536)
def _is_generic(key: str) -> bool:
    """A key of generic words only ("wadi", "al qasr", "ras"): no name alone."""
    words = key.split()
    generic = generic_words()
    return all(w in generic or w in ARTICLES for w in words) and any(
        w in generic for w in words
    )


#: An article-led capitalised word right after a name ("al-Numan", "ad-Dali"):
#: the name and it are one longer name.
_ARTICLE_TAIL = re.compile(
    r"[ \t]+(?:al|el|an|ad|ar|as|ash|at|az|ed|en|er|es|et|ul)[-‐‑][A-Z]"
)
#: Read on the reversed text (see :func:`_word_before`): a newline, the blanks
#: before a name, then the capitalised word before them, from its first capital.
_WORD_BEFORE_REVERSED = re.compile("\n?[ \t]+([\\w'\u2019]*[A-Z])")
_WORD_AFTER = re.compile(
    r"[ \t]+(?:(?:al|el|an|ad|ar|as|ash|at|az|ed|en|er|es|et)[-‐‑'’ ])?[A-Z]"
)


_BLANK_OR_NEWLINE = frozenset(" \t\n")


def _drop_fragments(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """Hits that are a piece of a longer name the index lacks: a generic word that
    heads a capitalised name ("Ras" of "Ras al-Ain", "Tal" of "Tal Hamis") and
    the name after a generic word ("al-Ain" of "Ras al-Ain", not Al Ain in the
    Emirates).

    Each hit's verdict (:func:`_fragment_verdict`) depends on the text and the hit
    alone but for the set of the hits' ends: it is worked out once per text and
    hit (the parse asks twice, before and after resolution's filters)."""
    out: list[Hit] = []
    ends = {h.end for h in hits}
    verdicts = _text_memo(text, "fragments")
    rtext = ""
    for hit in hits:
        slot = (hit.start, hit.end, hit.key)
        verdict = verdicts.get(slot)
        if verdict is None:
            if not rtext:
                rtext = _reversed(text)
            verdict = verdicts[slot] = _fragment_verdict(text, rtext, hit)
        if verdict is True or (verdict is not False and verdict in ends):
            out.append(hit)
    return out


def _fragment_verdict(text: str, rtext: str, hit: Hit) -> bool | int:
    """:func:`_drop_fragments` for one hit: False (a fragment), True (kept), or
    the offset that must be some hit's end for the hit to be kept (an
    article-led name right after a capitalised word: kept only when a name
    covers that word; ``rtext``: ``text[::-1]``)."""
    # both patterns after the name start on blanks ("" at the end: asked)
    end = hit.end
    if text[end : end + 1] in " \t":
        if _is_generic(hit.key) and _WORD_AFTER.match(text, end):
            return False
        if " " not in hit.key and _ARTICLE_TAIL.match(text, end):
            return False  # "Maarat" of "Maarat al-Numan": the head of a longer name
    start = hit.start
    if text[start - 1 : start] not in _BLANK_OR_NEWLINE:
        return True  # no word before (the first test of _word_before)
    before = _word_before(text, rtext, start)
    if before is not None:
        word = _token_key(before[0])
        if word in generic_words():
            return False
        # "Maarat al-Numan": an article-led name right after a capitalised
        # word that no name covers is the tail of a longer name.
        if (
            hit.key.split(" ", 1)[0] in ARTICLES
            and text[hit.start : hit.start + 1].islower()
        ):
            return before[1]
    return True


#: Per text, small memos of answers that depend on the text alone (one tuple,
#: replaced whole when the text changes: safe across threads).
_LAST_TEXT_MEMOS: tuple[str, dict[str, dict]] = ("", {})


def _text_memo(text: str, name: str) -> dict:
    """The memo ``name`` of ``text`` (the same text object in a row: a fresh set
    of memos for any other)."""
    global _LAST_TEXT_MEMOS
    held = _LAST_TEXT_MEMOS
    if held[0] is not text:
        held = _LAST_TEXT_MEMOS = (text, {})
    memo = held[1].get(name)
    if memo is None:
        memo = held[1][name] = {}
    return memo


_LAST_REVERSED: tuple[str, str] = ("", "")


def _reversed(text: str) -> str:
    """``text[::-1]``, made once for the same text object in a row."""
    global _LAST_REVERSED
    held = _LAST_REVERSED
    if held[0] is text:
        return held[1]
    rtext = text[::-1]
    _LAST_REVERSED = (text, rtext)
    return rtext


def _word_before(text: str, rtext: str, start: int) -> tuple[str, int] | None:
    """The capitalised word before ``start`` (blanks between, or blanks and a
    newline), within 24 characters and from its first capital, and where its
    blanks end: one match on the reversed text ``rtext`` (``text[::-1]``), which
    reads backwards from ``start`` (a forward search retries at every position).

    >>> t = "Ras  al-Ain, a McLean X"
    >>> _word_before(t, t[::-1], 5), _word_before(t, t[::-1], 22)
    (('Ras', 5), ('McLean', 22))
    """
    if text[start - 1 : start] not in _BLANK_OR_NEWLINE:
        return None  # the blanks (or blanks and a newline) come first
    n = len(text)
    m = _WORD_BEFORE_REVERSED.match(rtext, n - start, n - max(0, start - 24))
    if m is None:
        return None
    return m.group(1)[::-1], start - 1 if text[start - 1] == "\n" else start


@lru_cache(maxsize=1)
def war_countries() -> frozenset[str]:
    """The countries of the Who's On First extract (at or near war)."""
    from gazetteer.sources import wof_files

    return frozenset(
        p.name[len("places-") : -len(".tsv.gz")].upper() for p in wof_files()
    )


def _major(cands: Sequence[Candidate]) -> list[Candidate]:
    from gazetteer.index import THEATRE_ONLY_KINDS

    return [c for c in cands if c.place.kind not in THEATRE_ONLY_KINDS]


def _theatre_candidates(
    kept: Sequence[Hit],
    prior: dict[str, list[Candidate]],
    nationalities: Counter[str],
    theatre: Sequence[str] | None,
    variants: frozenset[str] = frozenset(),
    *,
    gz: Gazetteer | None = None,
    fragments: frozenset[str] = frozenset(),
) -> tuple[dict[str, list[Candidate]], list[Hit]]:
    """Candidates inside the theatre, re-scored: villages and neighbourhoods only
    there, a lone generic word or a spelling variant (``variants``) only there, a
    bonus for the theatre's places and closeness for its villages. Hits left
    without a candidate are dropped."""
    explicit = theatre is not None
    derived: dict[str, tuple[list[Candidate], list[Candidate]]] | None = None
    if theatre is not None:
        countries = frozenset(c.upper() for c in theatre)
    else:  # the votes matter only for a theatre inferred here
        derived = {k: _major_voter(gz, k, v) for k, v in prior.items()}
        voters = {k: v for k, (_, v) in derived.items()}
        votes = _Evidence.collect(
            [h for h in kept if voters[h.key]], voters, nationalities
        )
        countries = frozenset(_dominant(votes))
    out: dict[str, list[Candidate]] = {}
    within = getattr(gz, "within", None)
    # A name none of whose readings (nor the theatre's spellings of it) lies in the
    # theatre comes out the same in every document: remembered per name.
    memo = _theatre_memo(gz, tuple(sorted(countries)), explicit)
    todo: list[str] = []
    given: dict[str, list[Candidate]] = {}  # the priors replaced from the memo
    for key in {h.key for h in kept}:
        slot = (key, key in variants, key in fragments)
        known = memo.get(slot) if memo is not None else None
        if known is not None and known[0] is prior[key]:
            given[key] = prior[key]
            prior[key], out[key] = list(known[1]), list(known[2])
        else:
            todo.append(key)
    if not todo:
        return out, [h for h in kept if out[h.key]]
    if derived is None:
        derived = {
            k: _major_voter(gz, k, given.get(k, v)) for k, v in prior.items()
        }
    major = {k: m for k, (m, _) in derived.items()}
    # the points of ``_Evidence.collect`` of the major readings (its near() with
    # and without each name), without its votes: one more than it reports, for
    # the near() of a name that has one of them
    points = _clear_point_map([h for h in kept if major[h.key]], major, MAX_NEAR + 1)
    first_near = tuple(islice(points.values(), MAX_NEAR))
    first_keys = frozenset(islice(points, MAX_NEAR))
    for key in todo:
        before = prior[key]
        if (
            within is not None
            and explicit
            and countries
            and not _is_generic(key)
            and key not in fragments
            and not any(c.place.country in countries for c in prior[key])
        ):
            # Mansoura is Al Mansurah in Aden when the caller says the war is
            # Yemen's: the theatre's own spellings join the candidates.
            prior[key] = [
                *prior[key],
                *(
                    within(
                        key,
                        sorted(countries),
                        min_similarity=VARIANT_MIN_SIMILARITY,
                        ranked=False,
                    )
                    if _may_be_within(gz, key, sorted(countries))
                    else ()
                ),
            ]
        # the points of the *other* names: a name never pulls itself
        near = _radians_near(
            tuple(islice((p for k, p in points.items() if k != key), MAX_NEAR))
            if key in first_keys
            else first_near
        )
        if within is not None and explicit and near and key not in fragments:
            prior[key] = _with_near_spellings(key, prior[key], countries, near, within)
        out[key] = _in_theatre(
            prior[key], key, countries, explicit, near, only=key in variants,
            fragment=key in fragments,
        )
        if memo is not None and _same_anywhere(
            gz, key, prior[key], countries, explicit, key in fragments
        ):
            if len(memo) >= _THEATRE_MEMO_MAX:
                memo.clear()
            memo[(key, key in variants, key in fragments)] = (
                before,
                tuple(prior[key]),
                tuple(out[key]),
            )
    return out, [h for h in kept if out[h.key]]


#: Per gazetteer version, theatre and whether the caller gave it: (name, a
#: spelling variant?, a fragment?) -> (its prior, its candidates, its readings in
#: the theatre) for names :func:`_same_anywhere` says come out alike everywhere.
_THEATRE_MEMO: dict[tuple[str, tuple[str, ...], bool], dict] = {}
_THEATRE_MEMO_MAX = 65_536


def _theatre_memo(
    gz: Gazetteer | None, countries: tuple[str, ...], explicit: bool
) -> dict | None:
    if gz is None:
        return None
    slot = (gz.version or str(id(gz)), countries, explicit)
    memo = _THEATRE_MEMO.get(slot)
    if memo is None:
        # an inferred theatre differs from document to document: many are kept
        if _memos_full(_THEATRE_MEMO.values()):
            _THEATRE_MEMO.clear()
        memo = _THEATRE_MEMO[slot] = {}
    return memo


def _memos_full(memos) -> bool:
    """Too many theatres' memos, or too many entries in them all (checked when a
    theatre's memo is added)."""
    memos = list(memos)
    return len(memos) >= 256 or sum(len(m) for m in memos) >= 200_000


def _same_anywhere(
    gz: Gazetteer,
    key: str,
    cands: Sequence[Candidate],
    countries: frozenset[str],
    explicit: bool,
    fragment: bool,
) -> bool:
    """No reading of the name lies in the theatre, nor any place of the theatre
    under a rewrite of it (what :func:`_with_near_spellings` would add): then the
    document's points change nothing in :func:`_theatre_candidates` (they weigh
    only readings inside the theatre). Nor do they for a theatre inferred here
    outside the countries at war (they weigh readings only in a theatre given or
    at war: see :func:`_in_theatre`)."""
    if not explicit and not countries & war_countries():
        return True
    if any(c.place.country in countries for c in cands):
        return False
    within = getattr(gz, "within", None)
    if within is None or not explicit or fragment:
        return True
    theatre = sorted(countries)
    return not any(
        _may_be_within(gz, spelling, theatre)
        and within(spelling, theatre, limit=10, ranked=False)
        for spelling in _rewrites(key)[1:]
    )


_CAPITAL_AFTER = re.compile(r"[ \t]+[A-Z]")
_CAPITAL_BEFORE = re.compile(r"\b[A-Z][\w]*[ \t]+$")


#: :data:`_CAPITAL_BEFORE` read on the reversed text from the end of its window:
#: a newline before ``$``, the blanks, then the word before them (backwards).
_CAPITAL_BEFORE_REVERSED = re.compile(r"\n?[ \t]+(\w*)")


def _capital_word_before(text: str, rtext: str, end: int) -> int | None:
    r"""``_CAPITAL_BEFORE.search(text, max(0, end - 30), end).start()`` (or None),
    read backwards on ``rtext`` (``text[::-1]``): one match from the window's end
    instead of a try at every position. The word must start with a capital at a
    word boundary and lie inside the window.

    >>> t = "the Boko  Haram, in \nAbu Sayyaf"
    >>> _capital_word_before(t, t[::-1], 10), _capital_word_before(t, t[::-1], 21)
    (4, None)
    """
    n = len(text)
    lo = max(0, end - 30)
    m = _CAPITAL_BEFORE_REVERSED.match(rtext, n - end, n - lo)
    if m is None or m.end(1) == m.start(1):
        return None
    start = n - m.end(1)  # the word's first character
    if not "A" <= text[start] <= "Z":
        return None
    if start == lo and lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):
        return None  # the word goes on before the window: no boundary in it
    return start


def _blanks_may_end_at(text: str, end: int) -> bool:
    """Whether a pattern ending in ``[ \\t]+$`` can match a window ending at
    ``end``: a blank right before it, or a blank and a newline (``$`` also
    matches before a final newline)."""
    last = text[end - 1 : end]
    if last == "\n":
        last = text[end - 2 : end - 1]
    return last != "" and last in " \t"


def _with_near_spellings(
    key: str,
    cands: list[Candidate],
    countries: frozenset[str],
    near: Sequence[tuple[float, float, float]],
    within,
) -> list[Candidate]:
    """The candidates, and when none of the theatre's lies within LOCAL_RANGE_KM of
    the document's points, the theatre's places there under a transliteration
    rewrite of the name (Al Huwaish near Mosul is the Al Huwaysh there, not the
    village spelled Al Huwaish 300 km off)."""
    if any(
        c.place.country in countries
        and _nearest_km(c.place.lat, c.place.lon, near) <= LOCAL_RANGE_KM
        for c in cands
    ):
        return cands
    seen = {id(c.place) for c in cands}
    extra: list[Candidate] = []
    for spelling in _rewrites(key)[1:]:
        for c in within(spelling, sorted(countries), limit=10, ranked=False):
            p = c.place
            if (
                p.kind not in _NO_VARIANT_KINDS
                and _nearest_km(p.lat, p.lon, near) <= LOCAL_RANGE_KM
                and id(p) not in seen
            ):
                extra.append(Candidate(p, c.score, "loose"))
                seen.add(id(p))
    return [*cands, *extra] if extra else cands


def _division_readings(cands: list[Candidate]) -> list[Candidate]:
    """The readings of a name written before a division noun: its divisions in
    the country of its best reading when that reading is no division ("the
    Kharkiv region" is the oblast), in the countries at war, else all (a Bermudan
    parish is no reading of "Hamilton Township" in Ohio)."""
    if not cands:
        return cands
    best = max(cands, key=lambda c: c.score).place
    if best.kind in _DIVISION_KINDS or best.country not in war_countries():
        return cands  # (elsewhere "X District Court" is no division's)
    named = [
        c
        for c in cands
        if c.place.kind in _DIVISION_KINDS and c.place.country == best.country
    ]
    return named or cands


def _division_keys(text: str, hits: Sequence[Hit]) -> frozenset[str]:
    """Keys written only before a division noun ("the Kokang region", "X province")
    whose whole name the index lacks: read like a piece of a longer name (no town
    abroad, no far village of the theatre, no spelling of another name)."""
    if not _has_division_word(text):
        return frozenset()
    inside: dict[str, bool] = {}
    for h in hits:
        inside[h.key] = inside.get(h.key, True) and bool(
            text[h.end : h.end + 1] in " \t"  # where the pattern starts
            and _DIVISION_AFTER.match(text, h.end)
        )
    return frozenset(k for k, v in inside.items() if v)


def _run_keys(text: str, hits: Sequence[Hit]) -> frozenset[str]:
    """Keys written only inside a run of capitalised words ("Boko" and "Haram" of
    "Boko Haram"): a piece of a longer name the index lacks, for which the
    theatre's spellings are not looked up."""
    inside: dict[str, bool] = {}
    starts = {h.start for h in hits}
    rtext = _reversed(text)
    for h in hits:
        prev = (
            _capital_word_before(text, rtext, h.start)
            if _blanks_may_end_at(text, h.start)
            else None
        )
        run = (
            text[h.end : h.end + 1] in " \t"  # where the pattern starts
            and _CAPITAL_AFTER.match(text, h.end) is not None
        ) or (
            prev is not None
            # "In Sirte" is no run; "Boko Haram" is, at a sentence's start too
            and (prev in starts or not sentence_initial(text, prev))
        )
        inside[h.key] = inside.get(h.key, True) and run
    return frozenset(k for k, v in inside.items() if v)


def _fragment_keys(
    text: str, hits: Sequence[Hit]
) -> tuple[frozenset[str], frozenset[str]]:
    """``(_run_keys(text, hits) | divisions, divisions)``, ``divisions`` being
    ``_division_keys(text, hits)``, in one walk over the hits: the blank after a
    hit read once for both, a key's tests skipped once it is out (a key is in only
    if every mention of it is), the word before a hit read only where the word
    after does not already make a run, and no test of the whole text for a
    division word (a look-up per hit costs less than the substring tests).
    ``tests/gazetteer/test_speed_equivalence_r3.py`` checks it against the two."""
    divisions: dict[str, bool] = {}
    runs: dict[str, bool] = {}
    starts = {h.start for h in hits}
    rtext = _reversed(text)
    division = _DIVISION_AFTER.match
    capital = _CAPITAL_AFTER.match
    for h in hits:
        key = h.key
        end = h.end
        blank = text[end : end + 1] in " \t"  # where both patterns start
        if divisions.get(key, True):
            divisions[key] = blank and division(text, end) is not None
        if runs.get(key, True):
            if blank and capital(text, end) is not None:
                runs[key] = True
                continue
            prev = (
                _capital_word_before(text, rtext, h.start)
                if _blanks_may_end_at(text, h.start)
                else None
            )
            # "In Sirte" is no run; "Boko Haram" is, at a sentence's start too
            runs[key] = prev is not None and (
                prev in starts or not sentence_initial(text, prev)
            )
    named = frozenset(k for k, v in divisions.items() if v)
    return frozenset(k for k, v in runs.items() if v) | named, named


def _in_theatre(
    cands: Sequence[Candidate],
    key: str,
    countries: frozenset[str],
    explicit: bool,
    near: Sequence[tuple[float, float, float]],
    *,
    only: bool = False,
    fragment: bool = False,
) -> list[Candidate]:
    theatre_only = _theatre_only_kinds()
    generic = only or _is_generic(key)
    local = bool(near) and (explicit or bool(countries & war_countries()))
    some_inside = any(c.place.country in countries for c in cands)
    if some_inside:
        larger = any(
            c.place.country in countries and c.place.kind not in _SMALL_KINDS
            for c in cands
        )
        # A place of the theatre that bears the name as its own outranks one that
        # bears it only as an alternate (Siversk also lists "Bakhmut", the raion's
        # name): the alternate gets neither theatre nor closeness bonus.
        owners = {
            id(c)
            for c in cands
            if c.place.country in countries
            and c.place.kind in _SETTLEMENT_KINDS
            and _own_name(key, c)
        }
        if owners and _outgrown(cands, owners, countries):
            owners = set()  # "Beit Lahia" by Jabalia is the Gaza town, not a village
        # Among the theatre's small namesakes population is noise (villages mostly
        # have none): when the document gives points to be near, they share the
        # best prior and closeness decides.
        shared = (
            max(
                (
                    c.score
                    for c in cands
                    if c.place.country in countries
                    and _is_small(c.place)
                    and (not owners or id(c) in owners)
                ),
                default=None,
            )
            if local  # (used only for closeness)
            else None
        )
    else:  # (what the three come to with no reading inside)
        larger, owners, shared = False, set(), None
    out: list[Candidate] = []
    changed = False
    any_inside = explicit and some_inside
    for c in cands:
        p = c.place
        inside = p.country in countries
        if not inside and (generic or p.kind in theatre_only):
            changed = True
            continue
        if (
            inside
            and fragment
            and explicit
            and near
            and p.kind in theatre_only
            and _nearest_km(p.lat, p.lon, near) > LOCAL_RANGE_KM
        ):
            changed = True  # "Qara" of "Qara Duran" by Latakia: no village 400 km off
            continue
        if not inside and explicit and (
            _stray(key, c, any_inside)
            or (fragment and p.kind not in _KNOWN_ABROAD_KINDS)
        ):
            # "Boko" of "Boko Haram" in a Nigerian report is not Boko in Congo
            changed = True
            continue
        score = c.score
        if (
            inside
            and owners
            and id(c) not in owners
            # a district of the name is no alternate: it keeps its bonuses (and
            # gives way to its town below, see town_for_division)
            and not (p.kind == "county" and explicit and _own_name(key, c))
        ):
            out.append(c)
            continue
        # A theatre the caller gives lifts every place in it. One inferred from
        # the document lifts only the extract's villages and towns, and only for a
        # name the theatre has no larger place of (Krasnoarmeysk is Pokrovsk, not
        # a village of that name): the ranking of the world's towns does not move.
        if inside and (explicit or (p.kind in _SMALL_KINDS and not larger)):
            score += THEATRE_BONUS
        if (
            inside
            and local
            and _is_small(p)
            and (explicit or p.country in war_countries())
        ):
            km = _nearest_km(p.lat, p.lon, near)
            if shared is not None and km <= LOCAL_RANGE_KM:
                score += shared - c.score
            score += LOCAL_BONUS * math.exp(-km / LOCAL_SCALE_KM)
        elif inside and p.kind == "county" and local and explicit:
            # a district of the war is as local as its villages: Sirwah by Marib is
            # the district there, not a village of that name 100 km off
            km = _nearest_km(p.lat, p.lon, near)
            score += LOCAL_BONUS * math.exp(-km / LOCAL_SCALE_KM)
        if score != c.score:
            changed = True
            c = Candidate(p, score, c.matched)
        out.append(c)
    if not changed:
        return list(cands)
    out.sort(key=lambda c: -c.score)
    return out


#: A town abroad this small is not what a report from a given theatre means.
STRAY_TOWN_POPULATION = 10_000
#: Kinds known abroad by any of their names (Cairo is al-Qahira in any text).
_KNOWN_ABROAD_KINDS = frozenset({"country", "capital", "admin1", "continent", "sea"})


def _stray(key: str, c: Candidate, any_inside: bool) -> bool:
    """Outside a theatre the caller gives (or an event note states), a reading
    that is only a spelling or an alternate name of a place abroad: dropped when
    the theatre has a reading of its own ("al-Qahira" in a Yemeni note is the Taiz
    quarter, not Cairo), or when the place abroad is small or a city's quarter
    ("Old City" in Mosul is not Cidade Velha, nor Jerusalem's) or only a spelling
    match ("Benina" is not Benin City)."""
    if c.place.kind in _KNOWN_ABROAD_KINDS and not any_inside:
        return False
    if c.place.kind == "section" or (
        c.place.kind == "city" and c.place.population < STRAY_TOWN_POPULATION
    ):
        return True  # the Old City of Jerusalem, a hamlet of that name in Ohio
    if _bare_key(c.place.name) == strip_article(key):
        return False  # its own name exactly (Moscow, Ankara): not a near spelling
    if c.place.kind in _KNOWN_ABROAD_KINDS:
        return any_inside and not _own_name(key, c)
    return (
        any_inside
        or c.matched == "loose"
        or c.place.population < STRAY_ALTERNATE_POPULATION
    )


@lru_cache(maxsize=65_536)
def _bare_key(name: str) -> str:
    """A place name's key without its article (memoised: the same places recur)."""
    return strip_article(name_key(name))


#: A city abroad this large is known by its other names in any report
#: (Constantinople); a smaller one is not what a war report means by one of them
#: ("the Castello road" in Aleppo is not Castelló de la Plana).
STRAY_ALTERNATE_POPULATION = 1_000_000


@lru_cache(maxsize=1)
def _theatre_only_kinds() -> frozenset[str]:
    """The kinds resolved only inside a theatre (imported once, not per call)."""
    from gazetteer.index import THEATRE_ONLY_KINDS

    return frozenset(THEATRE_ONLY_KINDS)


def _outgrown(
    cands: Sequence[Candidate], owners: set[int], countries: frozenset[str]
) -> bool:
    """Whether every place of the theatre that owns the name is a small one and a
    city of the theatre ten times larger (and of LOCAL_MAX_POPULATION or more)
    bears it as an alternate: then owning the name decides nothing (the Gaza town
    Bayt Lahya is "Beit Lahia" as much as a Lebanese village of that name is)."""
    owned = [c.place for c in cands if id(c) in owners]
    if not all(_is_small(p) for p in owned):
        return False
    most = max(p.population for p in owned)
    return any(
        id(c) not in owners
        and c.place.country in countries
        and c.place.kind in _SETTLEMENT_KINDS
        and c.place.population >= max(LOCAL_MAX_POPULATION, 10 * most)
        for c in cands
    )


def _is_small(p: Place) -> bool:
    """A village, neighbourhood or town (a "city" below LOCAL_MAX_POPULATION)."""
    return p.kind in _SMALL_KINDS or (
        p.kind == "city" and p.population < LOCAL_MAX_POPULATION
    )


#: How alike a name and a place's own name must be (difflib ratio of the
#: article-stripped keys) for the name to count as its own spelling
#: (Qataba for Qa'tabah, Avdiivka for Avdiyivka; not Houthi for Huth).
OWN_SPELLING_SIMILARITY = 0.9


def _own_name(key: str, c: Candidate) -> bool:
    """The name is the place's own (primary) name or a close spelling of it, not
    one of its alternates."""
    return _own_spelling(key, c.place.name)


@lru_cache(maxsize=65_536)
def _own_spelling(key: str, name: str) -> bool:
    """:func:`_own_name` by the key and the place's name (memoised: the same
    names meet the same places in every document)."""
    own, bare = strip_article(name_key(name)), strip_article(key)
    if own == bare:
        return True
    own, bare = _vowel_fold(own), _vowel_fold(bare)
    return own == bare or SequenceMatcher(None, own, bare).ratio() >= OWN_SPELLING_SIMILARITY


#: Vowel spellings of one sound in English transliteration (Douma and Duma), and
#: the Arabic feminine ending written with or without its h (Fulah and Fula,
#: Qatabah and Qataba).
_VOWEL_PAIRS = re.compile(r"ou|oo|ee|aa|ii|uu|(?<=[ae])h\b")


def _vowel_fold(key: str) -> str:
    """"douma" and "duma", "sheikh" and "shikh": one vowel for the digraphs; "fulah"
    and "fula": no final h after a or e."""
    return _VOWEL_PAIRS.sub(
        lambda m: {"ou": "u", "oo": "u", "ee": "i", "h": ""}.get(m.group(), m.group()[:1]),
        key,
    )


def _hits_theatre(
    hits: Sequence[Hit], gz: Gazetteer, nationalities: Counter[str]
) -> tuple[str, ...]:
    """The theatre a document's own unambiguous names point to (no villages)."""
    prior = _voters_of(gz, hits)
    kept = [h for h in hits if prior[h.key]]
    return tuple(_dominant(_Evidence.collect(kept, prior, nationalities)))


def _voter(cands: list[Candidate]) -> list[Candidate]:
    """The candidates a name votes for the theatre with: none for a country whose
    name a state or sizeable town also bears (Georgia, Jordan, Lebanon): a US
    paper's "Georgia" must not make Georgia the theatre."""
    if cands and cands[0].place.kind == "country" and _shared_name(cands):
        return []
    return cands


#: Particles a capitalised name may begin with ("Um Rawaba", "Bin Jawad", "Wadi
#: Zamzam"), each followed by a space or a hyphen and perhaps an article.
_NAME_PARTICLES = (
    "Al", "El", "Um", "Umm", "Bin", "Ben", "Abu", "Beni", "Bani", "Wadi", "Tal", "Ras",
    "Kafr", "Deir", "Khor", "Khawr", "Ain", "Ein", "Ayn", "Bir", "Jabal", "Jebel",
    "Sheikh", "Shaykh", "Qasr", "Tell", "Qaryat", "Qabilat", "Khirbat", "Khirbet",
    "Baldat", "Awlad", "Burj", "Tall", "Hay", "Hayy",
)  # fmt: skip
_NAME_LETTERS = r"[a-z\u00c0-\u024f'\u2019]"
_NAME_ARTICLE = "(?:(?:al|el|ad|an|ar|as|ash|at|az)[- ])?"
_NAME_TAIL = (
    "(?:-[A-Z][a-z]+)?"
    r"(?:[ -](?:al|el|an|ad|ar|as|ash|at|az|ed|en|er|es|et|ul)[- ][A-Z][a-z'\u2019]+)?"
)


def _unknown_name_plain(particles: Sequence[str]) -> str:
    """The pattern of a capitalised word or two no name matched, as it reads:
    at a word boundary, an optional particle (and article), a capitalised word of
    four letters or more, a hyphenated or article-joined tail."""
    return (
        f"(?=[A-Z])\\b(?:(?:{'|'.join(particles)})[- ]{_NAME_ARTICLE})?"
        f"[A-Z]{_NAME_LETTERS}{{3,}}{_NAME_TAIL}"
    )


def _unknown_name_letter_first(particles: Sequence[str]) -> str:
    """:func:`_unknown_name_plain` with a literal capital first in every branch
    (one branch per letter, the particles of that letter inside it; the word
    boundary a look-behind after the letter), so the regex engine skips to the
    text's capitals instead of trying every position: the same matches at about
    half the cost (checked against the plain form in the tests)."""
    by_letter: dict[str, list[str]] = {}
    for particle in particles:
        by_letter.setdefault(particle[0], []).append(particle[1:])
    branches = []
    for letter in string.ascii_uppercase:
        word = f"{_NAME_LETTERS}{{3,}}"
        rests = by_letter.get(letter)
        if rests:  # a particle was tried first in the plain form: so here
            word = (
                f"(?:{'|'.join(rests)})[- ]{_NAME_ARTICLE}[A-Z]{_NAME_LETTERS}{{3,}}"
                f"|{word}"
            )
        branches.append(f"{letter}(?<!\\w{letter})(?:{word})")
    return f"(?:{'|'.join(branches)}){_NAME_TAIL}"


#: A capitalised word or two (with a particle: "Um Rawaba", "Bin Jawad") that no
#: name matched: a candidate spelling variant of a place of the theatre.
_UNKNOWN_NAME = re.compile(_unknown_name_letter_first(_NAME_PARTICLES))
#: A second capitalised word right after an unknown one ("Maarrat Misrin"): in a
#: theatre the caller or a note gives, the pair is tried as one name first.
_SECOND_WORD = re.compile(r"[ ][A-Z][a-z\u00c0-\u024f'\u2019]{2,}\b")
#: Both at once: an unknown name, and in group 1 the second word after it (a
#: lookahead: the search goes on from the end of the first word, as with the two).
_UNKNOWN_NAME_PAIR = re.compile(
    f"{_UNKNOWN_NAME.pattern}(?:(?=({_SECOND_WORD.pattern})))?"
)
#: The same for ``findall``: (the name, the second word after it or "").
_UNKNOWN_NAME_WORDS = re.compile(
    f"({_UNKNOWN_NAME.pattern})(?:(?=({_SECOND_WORD.pattern})))?"
)
#: How alike a variant must be to the theatre's name (difflib ratio of the keys):
#: stricter than a lookup's, since running text is full of capitalised words.
VARIANT_MIN_SIMILARITY = 0.74
#: How close to the document's unambiguous places a variant without a locative
#: word before it must lie.
VARIANT_NEAR_KM = 150.0
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|around|toward|towards|out of|inside|across|"
    r"through|via|between|village|town|city|district|area|"
    r"(?:countryside|outskirts|suburbs?|vicinity|village|town|city|district|province|"
    r"governorate|port|axis|front|east|west|north|south|centre|center)[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
#: A name listed right after another ("Arbin, Zamalka and Ein Terma"): a place too.
_LIST_BEFORE = re.compile(r"(?:,|,?[ \t]+and|,?[ \t]+or)[ \t]+$")
#: Kinds a spelling variant never stands for (a country is named by its name).
_NO_VARIANT_KINDS = frozenset({"country", "continent", "sea", "region", "admin1"})
#: A capitalised word before a division noun ("the Kokang region", "X province")
#: names a division: a spelling variant of it may only be one of these kinds.
_DIVISION_VARIANT_KINDS = frozenset({"district", "county"})
#: What "the X region / province / district" names when X has such a reading.
_DIVISION_KINDS = frozenset({"admin1", "district", "county"})
_DIVISION_AFTER = re.compile(
    r"[ \t]+(?:regions?|provinces?|states?|governorates?|districts?|oblasts?|"
    r"counties|county|prefectures?|departments?|divisions?|territory|raions?)\b",
    re.IGNORECASE,
)
#: The division nouns as words anywhere in a text (any case): the test that
#: spares the hits' look-ups in most texts (see :func:`_has_division_word`).
_DIVISION_WORDS = (
    "region",
    "province",
    "state",
    "governorate",
    "district",
    "oblast",
    "county",
    "counties",
    "prefecture",
    "department",
    "division",
    "territory",
    "raion",
)
_DIVISION_WORD = re.compile("(?i:" + "|".join(_DIVISION_WORDS) + ")")
#: The characters other than ASCII letters that a case-blind pattern of ASCII
#: letters matches (dotted and dotless i, long s, the Kelvin sign), which
#: ``str.lower`` does not map to them.
_CASE_BLIND_EXTRA = ("\u0130", "\u0131", "\u017f", "\u212a")


#: The last text lower-cased and its lower-case form (one tuple, replaced whole:
#: safe across threads), for the tests of one text that read it.
_LAST_LOWERED: tuple[str, str] = ("", "")


def _lowered(text: str) -> str:
    """``text.lower()``, made once for the same text object in a row."""
    global _LAST_LOWERED
    held = _LAST_LOWERED
    if held[0] is text:
        return held[1]
    low = text.lower()
    _LAST_LOWERED = (text, low)
    return low


def _has_division_word(text: str) -> bool:
    """``_DIVISION_WORD.search(text)``: substring tests of the lower-cased text (a
    case-blind search of an alternation tries it at every position, five times
    slower), the regex only for a text with one of :data:`_CASE_BLIND_EXTRA`."""
    if not text.isascii() and any(c in text for c in _CASE_BLIND_EXTRA):
        return _DIVISION_WORD.search(text) is not None
    low = _lowered(text)
    return any(word in low for word in _DIVISION_WORDS)


def _with_variants(
    text: str,
    hits: list[Hit],
    gz: Gazetteer,
    countries: Sequence[str],
    not_places: frozenset[str],
    fixed_points: Sequence[tuple[float, float]] = (),
    *,
    rewrite: bool = True,
) -> tuple[list[Hit], frozenset[str]]:
    """Hits for spelling variants of the theatre's places in capitalised words no
    name matched (Tawergha for Tawurghah, Saraqeb for Saraqib, Bin Jawad for Bin
    Jawwad), keyed by the place's own name. The plausibility gate: the word follows
    a locative word ("in", "near", "outside" ...) or the place lies within
    VARIANT_NEAR_KM of a place the document names without doubt (a person called
    Chaudhry is not the village Chaudhari); and the variant keys come back, to be
    resolved inside the theatre only."""
    within = getattr(gz, "within", None)
    if within is None:
        return hits, frozenset()

    skip = _not_variants()
    nationality = demonyms()
    starts = [h.start for h in hits]
    ends = [h.end for h in hits]
    header = header_spans(text) if ":" in text[:200] else []
    # Words met before: never a variant (a common word, a short one), or their key
    # and the spellings of theirs with a place in the theatre (most have none).
    never = _NEVER_VARIANTS
    memo = _variant_words(gz, countries, rewrite)
    if not _any_variant_word(
        text, gz, countries, not_places, starts, ends, header, memo, rewrite=rewrite
    ):
        return hits, frozenset()
    extra: list[Hit] = []
    keys: set[str] = set()
    seen: dict[str, Place | None] = {}
    voters = _voters_of(gz, hits)
    points = [
        *_clear_points([h for h in hits if voters[h.key]], voters),
        *fixed_points,
    ]
    near = _radians_near(tuple(points))

    placed: set[str] = set()  # keys this document found a place for
    done = -1
    for m in _UNKNOWN_NAME.finditer(text):
        if m.start() < done:
            continue  # the second word of a pair already read
        spans = [(m.start(), m.end())]
        pair = _SECOND_WORD.match(text, m.end()) if rewrite else None
        if pair is not None:
            spans.insert(0, (m.start(), pair.end()))  # "Maarrat Misrin" first
        for a, b in spans:
            word = text[a:b]
            if word in never:
                continue
            known = memo.get(word)
            if known is not None and not known[1] and known[0] not in placed:
                continue  # (every test below only skips a word)
            i = bisect_right(starts, a) - 1
            if (i >= 0 and ends[i] > a) or (i + 1 < len(starts) and starts[i + 1] < b):
                continue  # a name already matched here
            if header and any(x <= a < y for x, y in header):
                continue
            key = _token_key(word)
            if key in skip or key in nationality or len(key) < 5:
                if len(never) >= _VARIANT_WORDS_MAX:
                    never.clear()
                never.add(word)
                continue
            if key in not_places:
                continue
            if _GROUP_AFTER.match(text, b):
                continue  # "Houthi forces": a group's name, not a spelling of Huth
            if _spoken_of_as_person(text, word):
                continue  # "Hadad, who was from ...": a person's name, no spelling
            # the locative cue is looked for only where it decides
            cue = not near and _variant_cue(text, a, i, ends)
            if not cue and not near:
                continue
            found = seen.get(key, "")
            if found == "":
                if known is None:
                    if len(memo) >= _VARIANT_WORDS_MAX:
                        memo.clear()
                    live = _live_spellings(gz, word, countries, rewrite)
                    known = memo[word] = (key, live)
                live = known[1]
                found = seen[key] = (
                    _variant_place(
                        word, within, countries, points, rewrite=rewrite, spellings=live
                    )
                    if live
                    else None
                )
                if found is not None:
                    placed.add(key)
            if found is None:
                continue
            if found.kind not in _DIVISION_VARIANT_KINDS and _DIVISION_AFTER.match(
                text, b
            ):
                continue  # "the Kokang region" is no spelling of the village Konaing
            if near:
                cue = _variant_cue(text, a, i, ends)
            if not (cue or _nearest_km(found.lat, found.lon, near) <= VARIANT_NEAR_KM):
                continue
            own = name_key(found.name)
            extra.append(Hit(a, b, own))
            keys.add(own)
            done = b
            break
    if not extra:
        return hits, frozenset()
    return sorted([*hits, *extra], key=_BY_START), frozenset(keys)


def _spoken_of_as_person(text: str, word: str) -> bool:
    """The text writes ``word`` somewhere as a person's ("Hadad, who", "Tamalt,
    42,", "Hadad said"): no spelling of a place anywhere in it."""
    at = text.find(word)
    while at != -1:
        if _PERSON_AFTER.match(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


def _any_variant_word(
    text: str,
    gz: Gazetteer,
    countries: Sequence[str],
    not_places: frozenset[str],
    starts: Sequence[int],
    ends: Sequence[int],
    header: Sequence[tuple[int, int]],
    memo: dict[str, tuple[str, tuple[str, ...]]],
    *,
    rewrite: bool,
) -> bool:
    """Whether any capitalised word (or pair) of the text passes the tests of
    :func:`_with_variants` that need no points and has a spelling with a place in
    the theatre: if none does, the search finds nothing (and its points need not
    be worked out). Each word's spellings are looked up once per theatre."""

    skip = _not_variants()
    nationality = demonyms()
    never = _NEVER_VARIANTS

    def live(word: str) -> bool:
        """Whether the word has a spelling in the theatre (memoised, the
        words never a variant apart)."""
        if word in never:
            return False
        known = memo.get(word)
        if known is None:
            key = _token_key(word)
            if key in skip or key in nationality or len(key) < 5:
                if len(never) >= _VARIANT_WORDS_MAX:
                    never.clear()
                never.add(word)
                return False
            if len(memo) >= _VARIANT_WORDS_MAX:
                memo.clear()
            known = memo[word] = (key, _live_spellings(gz, word, countries, rewrite))
        return bool(known[1])

    # the words alone first, without offsets: most texts hold none with a
    # spelling in the theatre, and need no more
    # (a word met before without a spelling in the theatre is skipped inline: a
    # dict look-up, not a call; a word is never both in ``never`` and the memo)
    # (and a word never a variant is skipped inline too: a set test, not a call)
    get = memo.get
    for word, second in _UNKNOWN_NAME_WORDS.findall(text):
        known = get(word)
        if known is None:
            if word not in never and live(word):
                break
        elif known[1]:
            break
        if rewrite and second:
            pair = word + second
            known = get(pair)
            if known is None:
                if pair not in never and live(pair):
                    break
            elif known[1]:
                break
    else:
        return False
    for m in _UNKNOWN_NAME_PAIR.finditer(text):
        a = m.start()
        if rewrite and m.group(1) is not None:
            spans: tuple[tuple[int, int], ...] = ((a, m.end(1)), (a, m.end()))
        else:
            spans = ((a, m.end()),)
        for a, b in spans:
            word = text[a:b]
            if word in never:
                continue
            known = memo.get(word)
            if known is not None and not known[1]:
                continue
            i = bisect_right(starts, a) - 1
            if (i >= 0 and ends[i] > a) or (i + 1 < len(starts) and starts[i + 1] < b):
                continue
            if header and any(x <= a < y for x, y in header):
                continue
            key = _token_key(word)
            if key in skip or key in nationality or len(key) < 5:
                if len(never) >= _VARIANT_WORDS_MAX:
                    never.clear()
                never.add(word)
                continue
            if key in not_places or _GROUP_AFTER.match(text, b):
                continue
            if known is None:
                if len(memo) >= _VARIANT_WORDS_MAX:
                    memo.clear()
                live = _live_spellings(gz, word, countries, rewrite)
                known = memo[word] = (key, live)
            if known[1]:
                return True
    return False


@lru_cache(maxsize=1)
def _not_variants() -> frozenset[str]:
    """Words never read as a spelling variant: common words, people's names, titles."""
    from gazetteer.scanner import common_words, person_names, titles

    return common_words() | person_names() | titles()


def _variant_cue(text: str, start: int, i: int, ends: Sequence[int]) -> bool:
    """A locative word ("in", "near", "outside" ...) right before ``start``, or a
    list the name continues after hit ``i``."""
    if text[start - 1 : start] in _BLANK_OR_NEWLINE and (  # the pattern ends so
        _LOCATIVE_BEFORE.search(text, max(0, start - 24), start) is not None
    ):
        return True
    return i >= 0 and _LIST_BEFORE.fullmatch(text, ends[i], start) is not None


#: Transliteration rewrites tried, one at a time, when a capitalised word has no
#: close spelling in the theatre as written: Qurain for Qurayn, Sheikh for Shaykh.
_REWRITES: tuple[tuple[str, str], ...] = (
    ("ai", "ay"),
    ("ei", "ay"),
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("ie", "iy"),
    ("e", "a"),
    ("th", "dh"),
)


def _rewritten(word: str) -> list[str]:
    """The word as written, with its article assimilated, then after each single
    transliteration rewrite."""
    return list(_rewrites(word))


@lru_cache(maxsize=65_536)
def _rewrites(word: str) -> tuple[str, ...]:
    """:func:`_rewritten`, memoised (the same names recur in every report)."""
    tried = _spellings(word)
    low = word.lower()
    for a, b in _REWRITES:
        if a in low:
            tried.append(re.sub(a, b, word, flags=re.IGNORECASE))
    return tuple(dict.fromkeys(tried))


#: Capitalised words never read as a spelling variant (their key is a common
#: word, a nationality or under 5 characters), and per gazetteer and theatre the
#: words met so far -> (key, :func:`_live_spellings`); bounded.
_NEVER_VARIANTS: set[str] = set()
_VARIANT_WORDS: dict[tuple[int, tuple[str, ...], bool], tuple[Gazetteer, dict]] = {}
_VARIANT_WORDS_MAX = 65_536


def _variant_words(
    gz: Gazetteer, countries: Sequence[str], rewrite: bool
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The memo of words met in spelling-variant search for this gazetteer and
    theatre (see :func:`_memos_full` for the bound)."""
    slot = (id(gz), tuple(countries), rewrite)
    held = _VARIANT_WORDS.get(slot)
    if held is None or held[0] is not gz:
        if _memos_full(m for _, m in _VARIANT_WORDS.values()):
            _VARIANT_WORDS.clear()
        held = _VARIANT_WORDS[slot] = (gz, {})
    return held[1]


def _live_spellings(
    gz: Gazetteer, word: str, countries: Sequence[str], rewrite: bool
) -> tuple[str, ...]:
    """The spellings :func:`_variant_place` would try for ``word`` that name any
    place in ``countries`` (which of them is best depends on the document's points;
    whether there is one does not)."""
    return tuple(
        spelling
        for spelling in (_rewrites(word) if rewrite else _spellings(word))
        if _may_be_within(gz, spelling, countries)
        and gz.within(
            spelling, countries, limit=3, min_similarity=VARIANT_MIN_SIMILARITY
        )
    )


#: Per gazetteer and country: the index's skeleton trie and, per skeleton slot,
#: whether it posts a place in that country (see :func:`_may_be_within`); a byte
#: a skeleton (~0.5 MB a country), for the 64 countries last asked.
_COUNTRY_SKELETONS: dict[tuple[int, str], tuple[Gazetteer, Any]] = {}
#: Per gazetteer: the country code of every skeleton posting (built once).
_POSTING_COUNTRIES: dict[int, tuple[Gazetteer, Any]] = {}


def _country_skeletons(gz: Gazetteer, country: str) -> Any:
    """(skeleton trie, a byte per slot: 1 where it posts a row in ``country``), or
    None for a gazetteer without the index's skeleton postings; once per country
    (a pass over the postings, a few ms)."""
    slot = (id(gz), country)
    held = _COUNTRY_SKELETONS.get(slot)
    if held is not None and held[0] is gz:
        return held[1]
    d = getattr(gz, "_d", None)
    try:
        trie, offsets, ids, codes = d.loose, d.loose_offsets, d.loose_ids, d.country
    except AttributeError:
        found = None
    else:
        posted = _POSTING_COUNTRIES.get(id(gz))
        if posted is None or posted[0] is not gz:
            posted = _POSTING_COUNTRIES[id(gz)] = (gz, np.asarray(codes)[ids])
        rows = np.flatnonzero(posted[1] == country.upper().encode("ascii", "replace"))
        flags = np.zeros(max(0, len(offsets) - 1), dtype=np.uint8)
        flags[np.searchsorted(offsets, rows, side="right") - 1] = 1
        found = (trie, flags.tobytes())
    if len(_COUNTRY_SKELETONS) >= 64:
        _COUNTRY_SKELETONS.clear()
    _COUNTRY_SKELETONS[slot] = (gz, found)
    return found


def _may_be_within(gz: Gazetteer, name: str, countries: Sequence[str]) -> bool:
    """False when ``gz.within(name, countries, ...)`` is sure to be empty: every
    name of a place is posted under its skeleton (:func:`loose_key`), and what
    ``within`` finds, exactly or loosely, is posted under the skeleton of the
    name's key or of the key without its article. Cheaper than the lookup by far
    for the many capitalised words no place in a theatre bears."""
    per_country = [_country_skeletons(gz, c) for c in countries]
    if not per_country or None in per_country:
        return True
    trie = per_country[0][0]
    key = name_key(name)
    if not key:
        return True  # (within says so itself)
    skeletons = [loose_key(key)]
    stripped = strip_article(key)
    if strip_article(stripped) != stripped:
        # (else the key's skeleton is that of the key without its article)
        skeletons.append(loose_key(stripped))
    for skeleton in skeletons:
        posted = trie.get(skeleton)
        if posted is not None and any(flags[posted] for _, flags in per_country):
            return True
    return False


def _variant_place(
    word: str,
    within,
    countries: Sequence[str],
    points: Sequence[tuple[float, float]] = (),
    *,
    rewrite: bool = True,
    spellings: Sequence[str] | None = None,
) -> Place | None:
    """The theatre's place a capitalised word is a spelling of, if any: as written,
    else after one transliteration rewrite (the first that finds one; only in a
    theatre the caller or an event note gives: "Mound" in an Ohio paper is no
    Yemeni Munadi); of several, the one nearest the document's ``points``, and
    with points to be near, a spelling's place within LOCAL_RANGE_KM of them
    before a closer spelling's far away (Qaryat al Baida by Misrata is the Qaryat
    al Bayda there).
    ``spellings``: the ones to try (default: all; see :func:`_live_spellings`)."""
    far: Place | None = None
    near = [
        (math.radians(lat), math.radians(lon), math.cos(math.radians(lat)))
        for lat, lon in points
    ]
    ranked_near = tuple(points) if rewrite else ()
    if spellings is None:
        spellings = _rewritten(word) if rewrite else _spellings(word)
    for spelling in spellings:
        cands = [
            c
            for c in within(
                spelling,
                countries,
                near=ranked_near,
                limit=3,
                min_similarity=VARIANT_MIN_SIMILARITY,
            )
            if c.place.kind not in _NO_VARIANT_KINDS
        ]
        if not cands:
            continue
        best = cands[0].place
        if not (rewrite and near):
            return best
        if _nearest_km(best.lat, best.lon, near) <= LOCAL_RANGE_KM:
            return best
        far = far or best
    return far


def _dominant(evidence: _Evidence) -> list[str]:
    """The countries that dominate a document's unambiguous votes."""
    total = evidence._total
    all_votes = sum(v for v in total.values() if v > 0)
    voted = [c for c, v in total.items() if c and v > 0]
    if len(voted) == 1 and voted[0] in war_countries() and all_votes >= 1.0:
        # a short report that names one place of a war and nothing else abroad
        # ("an attack on Gwer, south-west of Erbil") is of that war
        return voted
    # most_common(3), which is documented as this sort (cheaper for a few items)
    top = sorted(total.items(), key=itemgetter(1), reverse=True)[:3]
    return [
        c for c, v in top if c and v >= 2.0 and v >= THEATRE_MIN_SHARE * all_votes
    ]


def infer_theatre(
    texts_or_mentions: Iterable[str | Mention], *, gazetteer: Gazetteer | None = None
) -> tuple[str, ...]:
    """The countries that dominate the unambiguous mentions of a document set, most
    votes first: the theatre of a war when its registry does not say.

    Texts are scanned (no full parse); mentions count by their country.

    >>> infer_theatre(["Shelling in Kharkiv and Zaporizhzhia, Ukraine.", "Kyiv"])
    ('UA',)
    """
    gz = gazetteer if gazetteer is not None else _default()
    votes: Counter[str] = Counter()
    for item in texts_or_mentions:
        if isinstance(item, Mention):
            if item.kind == "place" and item.country:
                votes[item.country] += 1.0
            continue
        nat: Counter[str] = Counter()
        hits = _outside_header(item, scan(item, gz, nationalities=nat))
        prior = _voters_of(gz, hits)
        pieces = _run_keys(item, hits)
        kept = [
            h
            for h in hits
            if prior[h.key]
            # "Haram" of "Boko Haram" does not vote for Norway
            and not (
                h.key in pieces
                and not any(c.place.country in war_countries() for c in prior[h.key])
            )
        ]
        votes.update(_Evidence.collect(kept, prior, nat)._total)
    all_votes = sum(v for v in votes.values() if v > 0)
    return tuple(
        c
        for c, v in votes.most_common(4)
        if c and v >= 2.0 and v >= THEATRE_MIN_SHARE * all_votes
    )


# ------------------------------------------------------------------ event notes

#: "(Hays, Al Hudaydah)", "(Tal Afar, Ninewa)", "(Afrin, Afrin, Aleppo)": the
#: admin parentheses of an event note (district, then first-level division).
_ADMIN_NOTE = re.compile(
    r"\(([A-Z][^(),;\d\n]{1,40}?(?:,[ \t]*[A-Z][^(),;\d\n]{1,40}?){1,2})\)"
)
#: A division's kind written after its name in a note ("Hays district").
_ADMIN_WORD = re.compile(
    r"[ \t]+(?:district|governorate|province|region|muhafaza[ht]?|sub-?district|"
    r"nahiya|qadh?a[a']?|county|municipality|baladiya|mintaqa)$",
    re.IGNORECASE,
)
#: The sun letters assimilate the article: Salah al-Din is written Salah ad-Din.
_SUN_LETTER = re.compile(r"\b([Aa])l[- ](Sh|sh|[DdNnRrSsTtZz])(?=[a-z])")
#: How alike a note's name must be to the index's (difflib ratio of the keys).
NOTE_MIN_SIMILARITY = 0.74
#: Kinds a note's district part stands for, best first (a town over its district).
_NOTE_TOWN_KINDS = ("admin_seat", "capital", "city", "town", "village")


@dataclass(frozen=True, slots=True)
class _Note:
    """One part of an event note's parenthesis, read as a place."""

    start: int
    end: int
    key: str
    place: Place


def _spellings(name: str) -> list[str]:
    """The name, and with the article assimilated before a sun letter."""
    sun = _SUN_LETTER.sub(lambda m: f"{m.group(1)}{m.group(2).lower()}-{m.group(2)}", name)
    return [name] if sun == name else [name, sun]


def admin_notes(text: str, gz: Gazetteer) -> list[_Note]:
    """The places of the admin parentheses of event notes: "(District, Governorate)".

    The last part is a first-level division of a country at war (a close spelling
    is enough: Ninewa for Nineveh); the parts before it are read inside that
    division only, a town before a district of the same name (Hit the town, not
    Hit the district). A parenthesis whose last part is no such division gives
    nothing.
    """
    within = getattr(gz, "within", None)
    if within is None or "(" not in text:
        return []
    countries = sorted(war_countries())
    out: list[_Note] = []
    for m in _ADMIN_NOTE.finditer(text):
        parts: list[tuple[int, int]] = []
        pos = m.start(1)
        for piece in m.group(1).split(","):
            lead = len(piece) - len(piece.lstrip())
            name = piece.strip()
            kind = _ADMIN_WORD.search(name)
            if kind is not None and kind.start() > 0:
                name = name[: kind.start()]  # "Hays district": the name is Hays
            parts.append((pos + lead, pos + lead + len(name)))
            pos += len(piece) + 1
        a, b = parts[-1]
        divisions = _note_divisions(text[a:b], within, countries)
        found: list[tuple[int, int, Place]] = []
        region: Place | None = None
        for _, division in divisions:
            found = []
            for x, y in parts[:-1]:
                place = _note_place(text[x:y], division, within)
                if place is not None:
                    found.append((x, y, place))
            if found or len(divisions) == 1:
                region = division
                break
        if region is None and _clearly_first(divisions):
            region, found = divisions[0][1], []
        if region is None:
            continue  # Al Jawf of Yemen or of Saudi Arabia: the district does not say
        out.append(_Note(a, b, name_key(text[a:b]) + " (division)", region))
        out.extend(_Note(x, y, name_key(text[x:y]), p) for x, y, p in found)
    return out


def _clearly_first(divisions: Sequence[tuple[tuple[int, float], Place]]) -> bool:
    """The first reading of a note's division is of a better kind than the next
    (the Libyan division Tripoli over the Lebanese city) or clearly the closer
    spelling (Wassit: Wasit, not West)."""
    if len(divisions) < 2:
        return bool(divisions)
    (rank1, unlike1), (rank2, unlike2) = divisions[0][0], divisions[1][0]
    return rank1 < rank2 or (rank1 == rank2 and unlike2 - unlike1 >= 0.1)


def _note_divisions(
    name: str, within, countries: Sequence[str]
) -> list[tuple[tuple[int, float], Place]]:
    """The first-level divisions a note's last part may name, one per division of
    a country at war, best first with their (rank, -similarity) (its seat when only the seat bears that spelling:
    Al-Hasakeh). Divisions are few, so the lookup's own spelling bar will do
    (Ninewa for Nineveh)."""
    for spelling in _rewritten(name):
        key = strip_article(name_key(spelling))
        found: dict[tuple[str, str], tuple[int, float, Place]] = {}
        for c in within(spelling, countries, limit=40, ranked=False):
            p = c.place
            rank = _DIVISION_RANK.get(p.kind)
            if rank is None or not p.admin1:
                continue
            rank += 0 if c.matched == "exact" else len(_DIVISION_RANK)
            alike = SequenceMatcher(None, key, strip_article(name_key(p.name))).ratio()
            slot = (p.country, p.admin1)
            if slot not in found or (rank, -alike) < found[slot][:2]:
                found[slot] = (rank, -alike, p)
        if found:
            # best reading first: Tripoli the Libyan division before Tripoli the
            # Lebanese city, an exact name before a spelling, Wasit before West
            return [((r[0], r[1]), r[2]) for r in sorted(found.values(), key=lambda r: r[:2])]
    return []


#: What a note's last part may be, best first: the division, its seat, a district
#: whose name the data gives the division ("Rural Damascus").
_DIVISION_RANK = {"admin1": 0, "admin_seat": 1, "district": 2, "county": 3}


def _note_place(name: str, region: Place, within) -> Place | None:
    """The district part of a note inside its division: a town of the name, else
    the district (county) itself, else nothing."""
    for spelling in _spellings(name):
        cands = [
            (c.place, c.matched)
            for c in within(
                spelling, [region.country], limit=40,
                min_similarity=NOTE_MIN_SIMILARITY, ranked=False,
            )
            if c.place.admin1 == region.admin1 and c.place.kind not in _NOT_NEAR_KINDS
        ]
        if not cands:
            continue
        exact = [p for p, how in cands if how == "exact"]
        cands = exact or [p for p, _ in cands]
        towns = [p for p in cands if p.kind in _NOTE_TOWN_KINDS]
        if towns:
            return max(
                towns,
                key=lambda p: (p.population, -_NOTE_TOWN_KINDS.index(p.kind)),
            )
        divisions = [p for p in cands if p.kind in ("county", "district")]
        if divisions:
            return divisions[0]
    return None


def _with_notes(hits: list[Hit], notes: Sequence[_Note]) -> list[Hit]:
    """The scan's hits with the notes' parts in place of what overlaps them."""
    spans = [(n.start, n.end) for n in notes]
    kept = [h for h in hits if not any(h.start < b and a < h.end for a, b in spans)]
    kept.extend(Hit(n.start, n.end, n.key) for n in notes)
    return sorted(kept, key=_BY_SPAN)


# ------------------------------------------------------------------ districts

#: The score of a name's place that the text settles (far above any prior).
FIXED_SCORE = 30.0


def countries_at_war(context: Context, theatre: Sequence[str] | None) -> bool:
    """The document is about a country at war: its theatre, given or in focus."""
    wanted = war_countries()
    if theatre:
        return any(c.upper() in wanted for c in theatre)
    return bool(context.countries) and context.countries[0] in wanted

#: Kinds that name a district after themselves.
_DIVISION_TOWN_KINDS = frozenset({"city", "town", "admin_seat", "capital"})
#: How far from a district's point the town of its name may lie: a like
#: spelling, or the very name (the seat of a large desert district, Tessalit
#: 100 km from its cercle's point).
DIVISION_TOWN_KM = 40.0
DIVISION_SEAT_KM = 150.0


def town_for_division(place: Place, gz: Gazetteer, key: str = "") -> Place:
    """The town a district (county) of a country at war is named after, when one
    of that name (or a close spelling) lies within DIVISION_TOWN_KM of the
    district's point: "Ras al-Ain" is the town, not the district's centre. The
    district itself otherwise."""
    if place.kind not in ("county", "district") or place.country not in war_countries():
        return place
    names = {strip_article(name_key(place.name))}
    if key:
        names.add(strip_article(key))
    best: tuple[tuple[int, float], Place] | None = None
    for p, km in _settlements_near(gz, place.country, place.lat, place.lon):
        if p.kind not in _DIVISION_TOWN_KINDS:
            continue  # a village of a like name is no district's town (Al Hawk)
        own = strip_article(name_key(p.name))
        if km > DIVISION_TOWN_KM and own not in names:
            continue  # further off only the very name (a desert cercle's seat)
        if not any(_same_skeleton(own, n) for n in names):
            continue  # Ad Dawr for Daur; not Mahmud for Makhmur, nor Al 'Ali for Al Hali
        rank = (p.population, -km)
        if best is None or rank > best[0]:
            best = (rank, p)
    return place if best is None else best[1]


def _same_skeleton(a: str, b: str) -> bool:
    """Two keys with one consonant skeleton, spaces aside (Ra's al 'Ayn and Ras al
    Ain, Ad Dawr and Daur), and alike enough as written."""
    if a == b:
        return True
    a, b = a.replace(" ", ""), b.replace(" ", "")
    return (
        loose_key(a) == loose_key(b)
        and SequenceMatcher(None, a, b).ratio() >= NOTE_MIN_SIMILARITY
    )


_SETTLEMENT_ARRAYS: dict[tuple[int, str], tuple[list[Place], object, object]] = {}


def _settlements_near(gz: Gazetteer, country: str, lat: float, lon: float):
    """(place, km) of the country's settlements within DIVISION_SEAT_KM."""
    import numpy as np

    slot = (id(gz), country)
    found = _SETTLEMENT_ARRAYS.get(slot)
    if found is None:
        towns = gz.settlements([country])
        found = _SETTLEMENT_ARRAYS[slot] = (
            towns,
            np.array([t.lat for t in towns]),
            np.array([t.lon for t in towns]),
        )
    towns, lats, lons = found
    if not towns:
        return []
    km = distances_km(lat, lon, lats, lons)
    return [(towns[i], float(km[i])) for i in np.flatnonzero(km <= DIVISION_SEAT_KM)]


# ------------------------------------------------------------------ offsets


#: "X near Y": how far from Y an X may lie and still be near it, and the
#: uncertainty of an X placed at Y because no X of that name lies near it.
NEAR_KM = 40.0
NEAR_PLACED_KM = 20.0
_NEAR_WORD = re.compile(
    r"\b(?:near|outside|close\s+to|outskirts\s+of|vicinity\s+of)\s", re.IGNORECASE
)
#: Characters other than ASCII letters that _NEAR_WORD's letters match under
#: re.IGNORECASE, or whose lower case holds an ASCII letter ("ſ", "ı", "İ", Kelvin K).
_NEAR_ODD = ("\u017f", "\u0130", "\u0131", "\u212a")
_NEAR_HEADS = ("near", "outside", "close", "outskirts", "vicinity")


def _has_near_word(text: str) -> bool:
    """``_NEAR_WORD.search(text)``, cheaper: the words are found in the lower-cased
    text with str.find and only there is the pattern tried (the plain search when
    a character lower-cases to several, or one of :data:`_NEAR_ODD` occurs)."""
    low = _lowered(text)
    if len(low) != len(text) or (
        not text.isascii() and any(c in text for c in _NEAR_ODD)
    ):
        return _NEAR_WORD.search(text) is not None
    match = _NEAR_WORD.match
    for word in _NEAR_HEADS:
        i = low.find(word)
        while i >= 0:
            if match(text, i):
                return True
            i = low.find(word, i + 1)
    return False


# What may stand between X and Y: a site word ("the X camp near Y"), a comma, the
# nearness words, "the town of".
_NEAR_LINK = re.compile(
    r"(?:\s+(?:camp|village|town|hamlet|area|neighbou?rhood|district|quarter|base|"
    r"airport|airbase|market|hospital|school|checkpoint|junction|bridge|crossing))?"
    r"\s*,?\s*(?:just\s+|right\s+)?(?:near|outside|close\s+to|on\s+the\s+outskirts\s+of|"
    r"in\s+the\s+vicinity\s+of)\s+(?:the\s+(?:town|city|village)\s+of\s+)?",
    re.IGNORECASE,
)
#: A place this large or of these kinds is not moved by a "near" (the text is odd).
_NEAR_FIXED_POPULATION = 100_000
_NEAR_FIXED_KINDS = frozenset({"country", "admin1", "capital", "continent", "sea", "region"})


def _settle_by_nearness(
    text: str, places: list[Mention], gz: Gazetteer
) -> list[Mention]:
    """ "X near Y" (also "outside", "close to", "on the outskirts of", and "the X
    camp near Y") decides between X's namesakes: when the X chosen lies over
    NEAR_KM from Y, the X of that name nearest to Y within NEAR_KM is taken; when
    none is, X stands at Y's point with NEAR_PLACED_KM of uncertainty and no
    geonameid, and its ``stated_vs_geodesic`` says so. Every mention of a moved
    name moves with it. Returns ``places`` itself when nothing moved."""
    from dataclasses import replace

    from gazetteer.sphere import haversine_km

    located = [m for m in places if m.kind == "place" and m.place is not None]
    changed: dict[str, Mention] = {}
    for x, y in zip(located, located[1:]):
        link = _NEAR_LINK.match(text, x.end)
        if link is None or link.end() != y.start or x.in_name or y.in_name:
            continue
        px, py = x.place, y.place
        assert px is not None and py is not None
        if px.kind in _NEAR_FIXED_KINDS or px.population >= _NEAR_FIXED_POPULATION:
            continue
        far = haversine_km(px.lat, px.lon, py.lat, py.lon)
        if far <= NEAR_KM + place_radius_km(px) + place_radius_km(py):
            continue
        key = name_key(x.text)
        cands = [c.place for c in gz.within(x.text, [py.country], limit=200)] if py.country else []
        fits = [
            (haversine_km(p.lat, p.lon, py.lat, py.lon), i, p)
            for i, p in enumerate(cands)
            if p.kind not in _NOT_NEAR_KINDS
        ]
        fits = [f for f in fits if f[0] <= NEAR_KM + place_radius_km(f[2])]
        if fits:
            best = min(fits)[2]
            changed[key] = _moved(x, best, place_radius_km(best))
            continue
        point = Place(x.text, py.lat, py.lon, None, py.country or "", kind="village")
        moved = _moved(x, point, NEAR_PLACED_KM, unknown=True)
        changed[key] = replace(
            moved,
            stated_vs_geodesic={
                "placed_near": y.name,
                "gazetteer_name": px.name,
                "gazetteer_km": round(far, 1),
                "uncertainty_km": NEAR_PLACED_KM,
            },
        )
    if not changed:
        return places
    out = []
    for m in places:
        new = changed.get(name_key(m.text)) if m.kind == "place" else None
        out.append(
            m
            if new is None
            else replace(
                _moved(m, new.place, new.uncertainty_km or 0.0, unknown=new.geonameid is None),
                stated_vs_geodesic=new.stated_vs_geodesic,
            )
        )
    return out


#: How far past the stated offset's area a namesake may lie and still agree.
OFFSET_SLACK = 1.5


def _settle_by_offsets(
    places: list[Mention],
    anchors: Sequence[Mention],
    relatives: Sequence[Mention],
    gz: Gazetteer,
    countries: Sequence[str],
) -> tuple[list[Mention], dict[int, dict]]:
    """A stated offset decides between namesakes: for "X, about 5 km north of Y",
    the X that lies where the offset says (within the expression's uncertainty and
    the place's own radius). When no X does, X stands at the computed point with
    the expression's uncertainty, and no geonameid. Returns the places and, by
    start offset of each X changed, what the output says about it."""
    from gazetteer.records import Offset
    from gazetteer.relative import destination
    from gazetteer.sphere import haversine_km

    by_end = {a.end: a for a in anchors if a.located}
    changed: dict[str, Mention] = {}
    notes: dict[int, dict] = {}
    for rel in relatives:
        if not rel.describes or rel.geometry is None or rel.distance_km is None:
            continue
        anchor = by_end.get(rel.end)
        described = next(
            (
                p
                for p in reversed(places)
                if p.end <= rel.start and p.kind == "place" and p.name == rel.describes
            ),
            None,
        )
        if anchor is None or described is None or described.place is None:
            continue
        assert anchor.lat is not None and anchor.lon is not None
        lat, lon = destination(
            anchor.lat, anchor.lon, Offset(rel.distance_km, rel.bearing_deg or 0.0)
        )
        spread = max(
            haversine_km(lat, lon, y, x) for x, y in rel.geometry.exterior.coords
        )

        def gap(p: Place, lat: float = lat, lon: float = lon) -> float:
            return haversine_km(lat, lon, p.lat, p.lon)

        def agrees(p: Place, spread: float = spread) -> bool:
            # "about 5 km": the words are rounder than the sector's edge
            return gap(p) <= OFFSET_SLACK * spread + place_radius_km(p)

        if agrees(described.place):
            continue
        where = [c for c in (anchor.country, *countries) if c]
        cands = [c.place for c in gz.within(described.text, where, limit=200)]
        fits = [p for p in cands if agrees(p) and p.kind not in _NOT_NEAR_KINDS]
        key = name_key(described.text)
        if fits:
            best = min(fits, key=gap)
            changed[key] = _moved(described, best, place_radius_km(best))
            notes[described.start] = {"namesake_by_offset": True}
            continue
        country = anchor.country
        point = Place(described.text, lat, lon, None, country or "", kind="village")
        changed[key] = _moved(described, point, round(spread, 1), unknown=True)
        notes[described.start] = {
            "placed_by_offset": True,
            "gazetteer_km": round(gap(described.place), 1),
            "uncertainty_km": round(spread, 1),
        }
    if not changed:
        return places, {}
    out = []
    for m in places:
        new = changed.get(name_key(m.text)) if m.kind == "place" else None
        out.append(
            m if new is None else _moved(m, new.place, new.uncertainty_km or 0.0)
        )
    return out, notes  # every mention of a moved name moved with it


def _moved(
    m: Mention, place: Place | None, radius: float, *, unknown: bool = False
) -> Mention:
    from dataclasses import replace

    assert place is not None
    return replace(
        m,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        geonameid=None if unknown else place.geonameid,
        country=place.country or None,
        uncertainty_km=radius,
        place=place,
    )


def _note_offsets(relatives: list[Mention], notes: dict[int, dict]) -> list[Mention]:
    """Say in each relative expression's ``stated_vs_geodesic`` how its offset
    placed the name it describes."""
    from dataclasses import replace

    out = []
    for rel in relatives:
        note = None
        if rel.describes and rel.stated_vs_geodesic is not None:
            before = [start for start in notes if start < rel.start]
            if before:
                note = notes[max(before)]
        out.append(
            rel
            if note is None
            else replace(rel, stated_vs_geodesic={**rel.stated_vs_geodesic, **note})
        )
    return out


# ------------------------------------------------------------------ header

#: Metadata lines at the top of an article: "Date: 2024-02-14", "Source: ...".
#: Their labels and values are never places, except a title's words (a headline).
_HEADER_LINE = re.compile(
    r"[ \t]*(date|title|headline|source|author|byline|by|url|link|published|"
    r"updated|section|category|tags|language|lang|id|location|dateline)[ \t]*:[^\n]*"
    r"(?:\n|$)",
    re.IGNORECASE,
)
_TITLE_LABELS = frozenset({"title", "headline"})


def header_spans(text: str) -> list[tuple[int, int]]:
    r"""Spans of the header block's metadata (labels, and values but a title's).

    >>> t = "Date: 2024-02-14\nTitle: Sirte\n\nBody."
    >>> [t[a:b] for a, b in header_spans(t)]
    ['Date: 2024-02-14\n', 'Title:']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        while text.startswith("\n", pos) and not spans:
            pos += 1  # blank lines before the header
        m = _HEADER_LINE.match(text, pos)
        if m is None:
            break
        if m.group(1).lower() in _TITLE_LABELS:
            spans.append((m.start(), text.index(":", m.start()) + 1))
        else:
            spans.append((m.start(), m.end()))
        pos = m.end()
    return spans


def _outside_header(text: str, hits: list[Hit]) -> list[Hit]:
    if not hits or ":" not in text[:200]:
        return hits
    spans = header_spans(text)
    if not spans:
        return hits
    return [h for h in hits if not any(a <= h.start < b for a, b in spans)]


#: Kinds whose compass parts are regions of their own ("West Africa", "South Asia").
_WIDE_KINDS = frozenset({"continent", "region"})
#: A town this big is meant even before a feature word ("Benghazi Harbour").
FEATURE_TOWN_MIN_POPULATION = 100_000


@lru_cache(maxsize=4)
def _word_after(filename: str) -> re.Pattern[str]:
    """A pattern for one of a word list's words (gazetteer/data, case as written)
    right after a name."""
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / filename).read_text(
        encoding="utf-8"
    )
    words = [w for w in (ln.split("#", 1)[0].strip() for ln in text.splitlines()) if w]
    words.sort(key=len, reverse=True)  # "National Park" before "Park"
    alts = "|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"[ \t]+(?:{alts})(?!\w)")


class _Landmark:
    """Matches a landmark word right after a name (gazetteer/data/landmark_words.txt)."""

    @staticmethod
    def match(text: str, pos: int) -> re.Match[str] | None:
        return _word_after("landmark_words.txt").match(text, pos)


_LANDMARK_AFTER = _Landmark()


def _holds_landmark(key: str, cands: Sequence[Candidate]) -> bool:
    """A country, state or city of FEATURE_TOWN_MIN_POPULATION that bears the name
    as its own holds the feature named after it ("Manila Cathedral", "Texas
    Stadium"); a small town, or a city known by the name only as an alternate
    ("Zion" for Jerusalem), does not."""
    return any(
        (
            c.place.kind in _AREA_KINDS
            or c.place.population >= FEATURE_TOWN_MIN_POPULATION
        )
        and _own_name(key, c)
        for c in cands[:3]
    )


#: Natural features that lie near the towns of the article that names them (a
#: river, a creek, a valley), unlike a harbour or an island that may be far away.
_LOCAL_FEATURE_AFTER = re.compile(
    r"[ \t]+(?:River|Creek|Lake|Valley|Falls|Canyon|Beach|Mountains?)\b"
)
#: A disease named after a place ("Marburg virus", "Lyme disease", "Lassa fever").
_DISEASE_AFTER = re.compile(
    r"[ \t]+(?:virus|viruses|fever|flu|disease|syndrome)\b", re.IGNORECASE
)
#: Spanish, French and Italian articles written before a name, as part of it.
_ROMANCE_ARTICLES = ("Los", "Las", "Les", "Del", "Della", "El", "La", "Le")
_ARTICLE_BEFORE = re.compile(rf"(?<![\w.])(?:{'|'.join(_ROMANCE_ARTICLES)})[ \t]+$")
#: Their first letters: the eight characters before a name hold one, or no
#: article stands there (a set test, not a search of the window).
_ARTICLE_HEADS = frozenset(a[0] for a in _ROMANCE_ARTICLES)


def _article_before(text: str, start: int) -> bool:
    """A Romance article right before ``start`` ("Los Feliz", "La Jolla"):
    ``_ARTICLE_BEFORE`` searched in the eight characters before, where they hold
    an article's first letter."""
    lo = max(0, start - 8)
    if _ARTICLE_HEADS.isdisjoint(text[lo:start]):
        return False
    return _ARTICLE_BEFORE.search(text, lo, start) is not None


#: The kinds of place whose name "the NAME" ending its phrase is not: a river
#: bears a town's name; a country's, a division's, a capital's or a region's stay
#: ("the Congo", "the Punjab", "the Vatican", "the Sahel").
_TOWN_KINDS = frozenset(
    {"city", "town", "village", "admin_seat", "section", "neighbourhood", "historical"}
)
#: Kinds a name may mean by any of its names after "the" ("the Pacific").
_WATER_KINDS = frozenset({"sea", "region", "continent", "country"})
#: "the Dnipro" ends its phrase: end of text, a stop or a bracket, a comma before
#: a lower-case word, "and"/"or" before one.
_PHRASE_END = re.compile(
    r"[ \t]*(?:$|[.;:!?)\]\n]|,[ \t]+[a-z]|[ \t]+(?:and|or)[ \t]+[a-z])"
)


def _river_named(text: str, hit: Hit, cands: Sequence[Candidate]) -> bool:
    """ "the NAME" for a town, ending its noun phrase: a river's name ("along the
    Dnipro", "across the Volga into ...", "the Thames was closed"), unless the town
    itself is written with the article (The Hague, The Bronx) or one of the name's
    first readings is a sea, a region or a country ("the Pacific", "the Middle
    East", "the Congo") or another kind of place by its own name (the
    Dnipropetrovsk oblast, called Dnipro only as an alternate, does not count)."""
    if cands[0].place.kind not in _TOWN_KINDS or any(
        c.place.name.startswith("The ")
        or c.place.kind in _WATER_KINDS
        or (c.place.kind not in _TOWN_KINDS and _own_name(hit.key, c))
        for c in cands[:5]
    ):
        return False
    if hit.start >= 5 and (text[hit.start - 5].isalnum() or text[hit.start - 5] == "-"):
        return False  # "bathe Dnipro"?: only the word "the"
    return bool(
        _PHRASE_END.match(text, hit.end)
        or _word_after("river_after_words.txt").match(text, hit.end)
    )


def _small_town(cands: Sequence[Candidate]) -> bool:
    """No candidate is a country, a state or a city of FEATURE_TOWN_MIN_POPULATION."""
    return not any(
        c.place.kind in _AREA_KINDS or c.place.population >= FEATURE_TOWN_MIN_POPULATION
        for c in cands[:3]
    )


def _local_centre(
    chosen: dict[str, Place], context: Context, key: str, *, guess: bool = False
) -> tuple[float, float, str] | None:
    """The median point of the other towns the document names in its main country:
    where a division the index lacks most likely lies. None without such towns.
    ``guess``: without a main country, the country of most of the chosen towns."""
    main = (
        context.countries[0]
        if context.countries
        else (_commonest_country(chosen) if guess else None)
    )
    pts = [
        (p.lat, p.lon)
        for k, p in chosen.items()
        if k != key
        and p.country == main
        and p.kind not in _NOT_NEAR_KINDS
        and p.kind != "admin1"
    ]
    if main is None or not pts:
        return None
    lats = sorted(lat for lat, _ in pts)
    lons = sorted(lon for _, lon in pts)
    return lats[len(lats) // 2], lons[len(lons) // 2], main


def _commonest_country(chosen: dict[str, Place]) -> str | None:
    """The country most of the chosen towns lie in (None without towns): the
    document's main country when too few names were sure to vote for one."""
    counts = Counter(
        p.country for p in chosen.values() if p.country and p.kind not in _NOT_NEAR_KINDS
    )
    return counts.most_common(1)[0][0] if counts else None


def _unknown_division(
    text: str, hit: Hit, local: tuple[float, float, str], doc: str
) -> Mention:
    """A county the index lacks, placed at the document's local centre: a guess,
    said so by no geonameid and a wide radius."""
    lat, lon, country = local
    surface = text[hit.start : hit.end]
    return Mention(
        doc=doc,
        start=hit.start,
        end=hit.end,
        text=surface,
        kind="place",
        name=" ".join(surface.split()),
        lat=lat,
        lon=lon,
        geonameid=None,
        country=country,
        uncertainty_km=UNKNOWN_DIVISION_RADIUS_KM,
        in_name=hit.in_name,
    )


UNKNOWN_DIVISION_RADIUS_KM = 100.0


#: Up to three capitalised words before "County" / "Parish" / "Borough".
_COUNTY_NAME = re.compile(
    # (the lookahead first: a match starts with a capital, most positions fail)
    r"(?=[A-Z])(?<![\w'’.-])((?:[A-Z][\w'’.-]*[ \t]+){0,2}[A-Z][\w'’.-]*)[ \t]+"
    r"(County|Parish|Borough)\b"
)


@lru_cache(maxsize=1)
def us_counties() -> dict[str, tuple[Place, ...]]:
    """US counties by name key ("boone county" -> Boone County, Arkansas, Iowa,
    Illinois ...), at the mean point of their towns (gazetteer/data/us_counties.tsv,
    built by tools/build_us_counties.py from GeoNames cities500)."""
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / "us_counties.tsv").read_text(
        encoding="utf-8"
    )
    out: dict[str, list[Place]] = {}
    for line in text.splitlines()[1:]:
        if not line or line.startswith(("#", "name\t")):
            continue
        name, state, lat, lon, _, pop = line.split("\t")
        place = Place(name, float(lat), float(lon), None, "US", int(pop), "district", state)
        out.setdefault(name_key(name), []).append(place)
    return {k: tuple(v) for k, v in out.items()}


def _us_county_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of the names of US counties in ``text``: the longest run of
    capitalised words before "County" that names one ("Walker County" of "In
    Walker County", "St. Clair County")."""
    if not any(word in text for word in _COUNTY_WORDS):
        return []
    from gazetteer.scanner import common_words

    table = us_counties()
    common = common_words()
    out = _listed_counties(text, table)
    for m in _county_names(text):
        for w in re.finditer(r"\S+", m.group(1)):
            start = m.start(1) + w.start()
            key = name_key(text[start : m.end()])
            if key in table:
                out.append((start, m.end(), key))
                break
            if name_key(w.group()) not in common:
                break  # "Homa Bay County" (Kenya) is not Bay County, Florida
    return out


def _county_names(text: str) -> list[re.Match[str]]:
    """``_COUNTY_NAME.finditer`` over the lines of ``text`` (a match never spans a
    line break), tried only where a match can start: a match is at most three
    words and a county word, so it starts at one of the three words before an
    occurrence of a county word (:func:`_county_name_starts`), each tried in text
    order as the search would, from the end of the match before."""
    out: list[re.Match[str]] = []
    end = -1
    match = _COUNTY_NAME.match
    for start in _county_name_starts(text):
        if start < end:
            continue
        stop = text.find("\n", start)
        m = match(text, start, len(text) if stop < 0 else stop)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


#: The characters of a word of :data:`_COUNTY_NAME` (``[\w'’.-]``), beside \w.
_COUNTY_WORD_CHARS = "_'\u2019.-"


def _county_name_starts(text: str) -> list[int]:
    """The starts of the (up to) three words, blank-separated on one line, before
    each occurrence of a county word: where a :data:`_COUNTY_NAME` match can begin."""
    starts: set[int] = set()
    for word in _COUNTY_HEADS:
        head = text.find(word)
        while head >= 0:
            lo = text.rfind("\n", 0, head) + 1
            i = head
            for _ in range(3):
                j = i
                while j > lo and text[j - 1] in " \t":
                    j -= 1
                if j == i:
                    break  # no blank before: no word of a match ends here
                k = j
                while k > lo and (
                    text[k - 1].isalnum() or text[k - 1] in _COUNTY_WORD_CHARS
                ):
                    k -= 1
                if k == j:
                    break
                starts.add(k)
                i = k
            head = text.find(word, head + 1)
    return sorted(starts)


_COUNTY_HEADS = ("County", "Parish", "Borough")
#: A text holds a county's name only if it holds one of these.
_COUNTY_WORDS = ("County", "Parish", "Borough", "counties", "parishes")
_COUNTIES_AFTER_LIST = re.compile(r"[ \t]+(counties|parishes)\b")
_NAME_AT_END = re.compile(r"(?:([A-Z][\w'’.-]*)[ \t]+)?([A-Z][\w'’.-]*)$")
_LIST_SEPARATOR_AT_END = re.compile(r"(?:[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+)$")


def _listed_counties(
    text: str, table: dict[str, tuple[Place, ...]]
) -> list[tuple[int, int, str]]:
    """The names of a list that ends in "counties" ("Clay, Becker and Otter Tail
    counties"), each the county of its name: (start, end, key) of the name alone."""
    out: list[tuple[int, int, str]] = []
    if "counties" not in text and "parishes" not in text:
        return out
    for m in _COUNTIES_AFTER_LIST.finditer(text):
        suffix = " County" if m.group(1) == "counties" else " Parish"
        end = m.start()
        states: set[str] | None = None  # the states every county so far is in
        while True:
            name = _NAME_AT_END.search(text, max(0, end - 60), end)
            if name is None:
                break
            start = name.start() if name.group(1) else name.start(2)
            key = name_key(text[start:end] + suffix)
            if key not in table and name.group(1):
                start = name.start(2)  # "the Clay" -> "Clay"
                key = name_key(text[start:end] + suffix)
            if key not in table:
                break
            here = {p.admin1 for p in table[key]}
            if states is not None and not states & here:
                break  # "Indiana, Boone and Montgomery counties": Indiana is the state
            states = here if states is None else states & here
            out.append((start, end, key))
            sep = _LIST_SEPARATOR_AT_END.search(text, max(0, start - 8), start)
            if sep is None:
                break
            end = sep.start()
    return out


def _county_mentions(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    chosen: dict[str, Place],
    context: Context,
    doc: str,
) -> list[Mention]:
    """One county per name: of the counties so named, one in a state the
    document names if there is one, then the one nearest the document's other
    places, else the most populous."""
    table = us_counties()
    states = {p.admin1 for p in chosen.values() if p.kind == "admin1" and p.country == "US"}
    states.update(code for country, code in context.states if country == "US")
    sure = {k for _, _, k in spans if len(table[k]) == 1}
    points = [
        (p.lat, p.lon)
        for k, p in chosen.items()
        if p.country == "US" and (p.kind not in _WIDE_FOR_COHERENCE or k in sure)
    ]
    picked: dict[str, Place] = {}
    out = []
    for start, end, key in spans:
        place = picked.get(key)
        if place is None:
            cands = table[key]
            inside = [c for c in cands if c.admin1 in states] or list(cands)
            if points and len(inside) > 1:
                lats, lons = zip(*points, strict=True)
                # every county of the name against the points in one call (the
                # same formula as distances_km per county: the same floats); the
                # first nearest, as min() over the counties gives
                kms = nearest_km(
                    [c.lat for c in inside], [c.lon for c in inside], lats, lons
                ).tolist()
                place = inside[min(range(len(inside)), key=kms.__getitem__)]
            else:
                place = max(inside, key=lambda c: c.population)
            picked[key] = place
        hit = Hit(start, end, key)
        out.append(_place_mention(text, hit, place, COUNTY_RADIUS_KM, doc))
    return out


#: "Laurel County", "Orleans Parish": second-level divisions, which the index lacks.
_COUNTY_AFTER = re.compile(r"[ \t]+(?:County|Parish|Borough)\b")
#: How far the town that names a county may lie from the document's other places.
COUNTY_RANGE_KM = 150.0
COUNTY_RADIUS_KM = 40.0


def _county_seat(
    cands: Sequence[Candidate], chosen: dict[str, Place], key: str
) -> Place | None:
    """The town a county is named after, when one lies close to the document's
    other places (a county usually holds a town of its name; the point is then
    approximate, hence a county-sized radius). None when no such town is near:
    better no point than a namesake town in another state."""
    points = [
        (p.lat, p.lon)
        for k, p in chosen.items()
        if k != key and p.kind not in _NOT_NEAR_KINDS and p.kind != "admin1"
    ]
    if not points:
        return None
    lats, lons = zip(*points, strict=True)
    towns = [c.place for c in cands if c.place.kind not in _NOT_NEAR_KINDS]
    if not towns:
        return None
    # every candidate against all the document's points at once (numpy)
    kms = nearest_km([p.lat for p in towns], [p.lon for p in towns], lats, lons)
    best: tuple[float, Place] | None = None
    for place, km in zip(towns, kms.tolist(), strict=True):
        if km <= COUNTY_RANGE_KM and (best is None or km < best[0]):
            best = (km, place)
    return None if best is None else best[1]


def _choose(
    kept: Sequence[Hit],
    prior: dict[str, list[Candidate]],
    evidence: _Evidence,
    *,
    forced: dict[str, Place] | None = None,
    counties: dict[str, tuple[Place, ...]] | None = None,
) -> dict[str, Place]:
    """One place per name, in two passes (``counties``: the readings of the US
    counties the text names, which support the towns near them). First, each ambiguous name is ranked
    against what the *other* names say without doubt (a name never votes for its
    own reading: "Paris" alone must not make a text French). Then once more
    against the places chosen for all the other names, so that a text about
    Crestwood, Martinsville and Illinois reads "Paris" as Paris, Illinois."""
    chosen: dict[str, Place] = dict(forced or {})
    counties = counties or {}
    chosen.update({k: v[0] for k, v in counties.items() if len(v) == 1})
    ambiguous: list[str] = []
    for hit in kept:
        key = hit.key
        if key in chosen:
            continue
        cands = prior[key]
        chosen[key] = cands[0].place
        if len(cands) > 1:
            ambiguous.append(key)
            ctx = evidence.context(without=key)
            if _needs_context(cands, ctx):
                chosen[key] = _best_in_context(cands, ctx)
    if not ambiguous or len(chosen.keys() | counties.keys()) < 2:
        return chosen
    mentions = Counter(h.key for h in kept)
    second = _Evidence.of_choices(chosen, mentions, evidence.nationalities)
    # Countries and states first ("Georgia" the state, not the country, once the
    # towns are American), then the towns against them.
    areas = [k for k in ambiguous if prior[k][0].place.kind in _AREA_KINDS]
    towns = set()  # country names read as a namesake town: see _foreign_alone
    if areas:
        for key in areas:
            ctx = second.context(without=key)
            top = prior[key][0].place
            if top.kind == "country" and evidence.support(top.country, without=key) > 0:
                chosen[key] = top  # "Lebanese officials in Lebanon": the country
                continue
            state = _home_state(prior[key], chosen, key)
            if state is not None:
                chosen[key] = state  # "Georgia" beside Clarke and Oconee counties
                continue
            if top.kind == "country" and counties:
                town = _town_of_county(prior[key], counties, top)
                if town is not top:
                    chosen[key] = town  # "Jordan" beside Scott County, Minnesota
                    continue
            if _foreign_alone(prior[key], ctx, evidence, key):
                towns.add(key)
                continue
            chosen[key] = _second_reading(prior[key], ctx)
        second = _Evidence.of_choices(chosen, mentions, evidence.nationalities)
    together = _coherence(
        prior,
        chosen,
        ambiguous,
        second.context().states,
        counties,
        towns,
    )
    for key in ambiguous:
        if prior[key][0].place.kind in _AREA_KINDS and key not in towns:
            continue
        ctx = second.context(without=key)
        chosen[key] = _second_reading(
            prior[key], ctx, together.get(key), as_town=key in towns
        )
        if key in towns and not _town_in_story(
            chosen[key], ctx, prior[key], together.get(key)
        ):
            chosen[key] = _second_reading(prior[key], ctx)  # as an area name
        if counties and key not in towns:
            chosen[key] = _town_of_county(prior[key], counties, chosen[key])
    return chosen


#: A namesake this close to the point of a US county the story names is a town
#: of that county ("Paris" in a story about Edgar County is Paris, Illinois).
COUNTY_TOWN_KM = 25.0


def _town_of_county(
    cands: Sequence[Candidate],
    counties: dict[str, tuple[Place, ...]],
    chosen: Place,
) -> Place:
    """The reading of a name that lies in a county the story names (a county's
    point is the mean of its towns: its own towns lie within a county's width),
    unless the reading ``chosen`` already does; else ``chosen``."""
    towns = [
        c.place
        for c in cands
        if c.place.kind not in _NOT_NEAR_KINDS
        and c.place.kind not in ("admin1", "district")
    ]
    points = [(p.lat, p.lon) for ps in counties.values() for p in ps]
    if not towns or not points:
        return chosen
    lats, lons = zip(*points, strict=True)
    kms = nearest_km([p.lat for p in towns], [p.lon for p in towns], lats, lons)
    near = [(km, i) for i, km in enumerate(kms.tolist()) if km <= COUNTY_TOWN_KM]
    if not near or any(towns[i] is chosen for _, i in near):
        return chosen
    return towns[min(near)[1]]


#: Other names whose places lie in a state that make a country's name the state
#: (when nothing else in the story speaks for the country).
HOME_STATE_NAMES = 1


def _home_state(
    cands: Sequence[Candidate], chosen: dict[str, Place], key: str
) -> Place | None:
    """The state reading of a country's name when the places of at least
    HOME_STATE_NAMES other names lie in that state ("Northeast Georgia" in a story
    about Barrow County is the US state, not the country)."""
    if cands[0].place.kind != "country":
        return None
    states = {
        (c.place.country, c.place.admin1): c.place
        for c in cands[1:]
        if c.place.kind == "admin1" and c.place.admin1
    }
    if not states:
        return None
    inside = Counter(
        (p.country, p.admin1)
        for k, p in chosen.items()
        if k != key and p.kind not in _NOT_NEAR_KINDS and p.kind != "admin1"
    )
    best = max(states, key=lambda s: inside[s])
    return states[best] if inside[best] >= HOME_STATE_NAMES else None


def _town_in_story(
    place: Place,
    ctx: Context,
    cands: Sequence[Candidate],
    support: Sequence[float] | None,
) -> bool:
    """A country's namesake town is the story's only when it lies in the story's
    country and in a state the story names, or its neighbours support it
    ("Lebanon" beside Wilson County and Tennessee; not "aid to Lebanon" in a
    story from Washington and New York)."""
    if place.kind == "country" or not ctx.countries or place.country != ctx.countries[0]:
        return False
    if place.kind == "admin1" or (place.country, place.admin1) in ctx.states:
        return True  # "Georgia" the state, or a town in a state the story names
    i = next((i for i, c in enumerate(cands) if c.place is place), None)
    return bool(support) and i is not None and i < len(support) and support[i] > 0


def _foreign_alone(
    cands: Sequence[Candidate], ctx: Context, evidence: _Evidence, key: str
) -> bool:
    """A country's name in a story about another country that says nothing else
    of it (no place in it, no "Lebanese"), while a town of the story's country
    bears the name: maybe the town (Palestine, Texas, in a story about Anderson
    County; Lebanon, Tennessee). The towns' bonuses then decide."""
    top = cands[0].place
    if top.kind != "country" or not ctx.countries or ctx.countries[0] == top.country:
        return False
    if evidence.support(top.country, without=key) > 0:
        return False
    main = ctx.countries[0]
    return any(
        c.place.country == main and c.place.kind not in _AREA_KINDS for c in cands[1:]
    )


def _second_reading(
    cands: list[Candidate],
    ctx: Context,
    extra: list[float] | None = None,
    *,
    as_town: bool = False,
) -> Place:
    """The second pass has the last word: a first reading that the fuller context
    does not call for goes back to the prior's ("Atlanta" with Georgia named is
    Atlanta, Georgia, although "Texas" first pulled it to the Texas town)."""
    if as_town or extra is not None or _needs_context(cands, ctx):
        return _best_in_context(cands, ctx, extra=extra, as_town=as_town)
    return cands[0].place


#: Namesakes that lie together support each other: of two names with several
#: readings each, the readings close to one another are the story's ("Columbus"
#: and "Norfolk" in one article are the two Nebraska towns 75 km apart, not
#: Ohio's and Virginia's). Per other name whose reading lies close (falling off
#: linearly to COHERENCE_KM), from at most COHERENCE_NAMES names.
COHERENCE_BONUS = 2.0
COHERENCE_KM = 150.0
COHERENCE_NAMES = 3
#: The readings of a name that take part: within this of its best, at most so many.
COHERENCE_MARGIN = 4.0
COHERENCE_READINGS = 8
#: Too wide to be close to anything: a state's point says little about its towns.
_WIDE_FOR_COHERENCE = frozenset(
    {"country", "sea", "continent", "region", "admin1", "district"}
)


def _coherence(
    prior: dict[str, list[Candidate]],
    chosen: dict[str, Place],
    ambiguous: Sequence[str],
    states: Iterable[tuple[str, str]] = (),
    supporters: dict[str, Sequence[Place]] | None = None,
    towns: Iterable[str] = (),
) -> dict[str, list[float]]:
    """Per ambiguous name, a bonus for each of its first readings (aligned with
    its candidates): how many *other* names have a reading close to it (an
    unambiguous name its chosen place, an ambiguous one any of its plausible
    readings), weighted by closeness. Names without any such support are left out.
    Where the document names ``states`` of a country, only readings in them take
    part ("Monroe" beside "Georgia" is not the Ohio one, whatever lies near it)."""
    open_keys = set(ambiguous)
    towns_too = frozenset(towns)
    named: dict[str, set[str]] = {}
    for country, code in states:
        named.setdefault(country, set()).add(code)
    readings: dict[str, list[Place]] = {}
    for key, place in chosen.items():
        if key in open_keys:
            cands = prior[key]
            if cands[0].place.kind in _AREA_KINDS and key not in towns_too:
                continue  # "Mexico", "New York": the country or state first
            floor = cands[0].score - COHERENCE_MARGIN
            readings[key] = [
                c.place
                for c in cands[:COHERENCE_READINGS]
                if c.score >= floor
                and c.place.kind not in _WIDE_FOR_COHERENCE
                and _own_name(key, c)  # not Port Richmond for "Richmond"
                and c.place.admin1 in named.get(c.place.country, (c.place.admin1,))
            ]
        elif place.kind not in _WIDE_FOR_COHERENCE:
            readings[key] = [place]
    for key, places in (supporters or {}).items():
        # readings that only support (the counties of a name in several states)
        readings[key] = [
            p for p in places if p.admin1 in named.get(p.country, (p.admin1,))
        ]
    keys = [k for k, v in readings.items() if v]
    if len(keys) < 2:
        return {}
    # (the owner of each reading and each name's first column from the counts of
    # readings, without scanning the owners again; lat and lon in one conversion)
    counts = [len(readings[k]) for k in keys]
    owner = np.repeat(np.arange(len(keys)), counts)
    firsts = [0, *accumulate(counts[:-1])]
    points = [p for k in keys for p in readings[k]]
    lat, lon = np.radians([[p.lat for p in points], [p.lon for p in points]])
    # all readings against all (haversine), then the closest reading of each name
    h = (
        np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
        + np.cos(lat[:, None])
        * np.cos(lat[None, :])
        * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
    )
    km = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    close = np.maximum(1.0 - km / COHERENCE_KM, 0.0)  # np.clip below 0, cheaper
    # the closest reading of each name: a maximum over each name's columns (the
    # readings of a name are adjacent; np.maximum.at, one reduction per name)
    per_name = np.maximum.reduceat(close, firsts, axis=1)
    per_name[np.arange(len(owner)), owner] = 0.0  # a name never supports itself
    per_name.sort(axis=1)
    support = (per_name[:, -COHERENCE_NAMES:].sum(axis=1) * COHERENCE_BONUS).tolist()
    out: dict[str, list[float]] = {}
    row = 0
    for k in keys:
        n = len(readings[k])
        bonuses = support[row : row + n]
        if k in open_keys and any(bonuses):
            by_id = {id(p): b for p, b in zip(readings[k], bonuses)}
            out[k] = [by_id.get(id(c.place), 0.0) for c in prior[k]]
        row += n
    return out


def _forced(
    text: str, kept: Sequence[Hit], prior: dict[str, list[Candidate]]
) -> dict[str, Place]:
    """Readings the text itself fixes: seas and world regions, abbreviations, lists
    of states and "X state", then "City, State" pairs (which win)."""
    return {
        **_seas_and_regions(text, kept, prior),
        **_expanded(kept, prior),
        **_states_named(text, kept, prior),
        **_qualified(text, kept, prior),
    }


#: Kinds whose own names outrank any namesake town or division but a country.
_WIDE_NAMED_KINDS = frozenset({"sea", "region"})


def _seas_and_regions(
    text: str, kept: Sequence[Hit], prior: dict[str, list[Candidate]]
) -> dict[str, Place]:
    """A sea, ocean, lake or world region that bears the name is meant, not the
    town or province named after it ("the Atlantic" is no town in Iowa, "the
    Middle East" no village in Pennsylvania, "the Red Sea" not Sudan's Red Sea
    state); a country of the name still wins. "Atlantic, Iowa" and "Red Sea
    state" are read as written (the pairs and "X state" come after this)."""
    out: dict[str, Place] = {}
    # names decided for every mention (a country first, no sea or region of the
    # name): their candidates are not walked again at each mention
    never: set[str] = set()
    say = _may_say_state(text)  # else no "X state" anywhere
    for h in kept:
        key = h.key
        if key in out or key in never:
            continue
        cands = prior[key]
        if cands[0].place.kind == "country":
            never.add(key)
            continue
        if say and _AS_STATE_AFTER.match(text, h.end):
            continue
        for c in cands:
            if c.place.kind in _WIDE_NAMED_KINDS and c.matched == "exact":
                out[key] = c.place
                break
        else:
            never.add(key)
    return out


#: "Washington state", "Punjab province"; "the state of Washington".
_AS_STATE_AFTER = re.compile(r"[ \t]+(?:state|province)\b")
_AS_STATE_BEFORE = re.compile(r"\b(?:state|province)[ \t]+of[ \t]+$", re.IGNORECASE)
_LIST_GAP = re.compile(r"[ \t]*(?:,|,?[ \t]+and|,?[ \t]+or)[ \t]+")


def _states_named(
    text: str, kept: Sequence[Hit], prior: dict[str, list[Candidate]]
) -> dict[str, Place]:
    """A name read as a state or province because the text says so ("Washington
    state", "the state of Washington") or lists it among states ("Utah,
    Washington and Wisconsin": two neighbours in the list are states)."""
    out: dict[str, Place] = {}
    say = _may_say_state(text)  # else neither pattern can match
    if not say and _admin1_tops(kept, prior) < 2:
        return out  # no "state"/"province" to say so, no two states to list with

    def state_of(h: Hit, country: str | None = None) -> Place | None:
        for c in prior[h.key]:
            p = c.place
            if p.kind == "admin1" and (country is None or p.country == country):
                return p
        return None

    # whether hits k and k + 1 stand in one list, asked once per pair
    last = len(kept) - 1
    linked = [
        _LIST_GAP.fullmatch(text, kept[k].end, kept[k + 1].start) is not None
        for k in range(last)
    ]

    def one_list(i: int, j: int) -> bool:
        return all(linked[k] for k in range(min(i, j), max(i, j)))

    for i, h in enumerate(kept):
        if h.key in out or prior[h.key][0].place.kind == "admin1":
            continue
        lo = max(0, h.start - 20)
        said = say and (
            _AS_STATE_AFTER.match(text, h.end)
            or (
                # the pattern holds "of": no search of a window without it
                "of" in text[lo : h.start].lower()
                and _AS_STATE_BEFORE.search(text, lo, h.start)
            )
        )
        if said:
            place = state_of(h)
        else:
            if not ((i > 0 and linked[i - 1]) or (i < last and linked[i])):
                continue  # no neighbour in a list with it
            listed = [
                kept[j]
                for j in (i - 2, i - 1, i + 1, i + 2)
                if 0 <= j <= last and one_list(i, j)
            ]
            tops = [prior[n.key][0].place for n in listed]
            states = [p for p in tops if p.kind == "admin1"]
            if len(states) < 2:
                continue
            place = state_of(h, states[0].country)
        if place is not None:
            out[h.key] = place
    return out


def _admin1_tops(kept: Sequence[Hit], prior: dict[str, list[Candidate]]) -> int:
    """How many hits read first as a state or province."""
    return sum(1 for h in kept if prior[h.key][0].place.kind == "admin1")


def _may_say_state(text: str) -> bool:
    """Whether :data:`_AS_STATE_AFTER` or :data:`_AS_STATE_BEFORE` can match in
    ``text``: it holds "state" or "province" in any case (substring tests of the
    lower-cased text; any text with one of :data:`_CASE_BLIND_EXTRA` may)."""
    if not text.isascii() and any(c in text for c in _CASE_BLIND_EXTRA):
        return True
    low = _lowered(text)
    return "state" in low or "province" in low


def _expanded(
    kept: Sequence[Hit], prior: dict[str, list[Candidate]]
) -> dict[str, Place]:
    """Abbreviations of states and countries ("Ont.", "Md.", "UK") are the state or
    country, not a town of that name ("Ontario, California"); a state's first where
    a country shares its name (the abbreviations of countries name none: "Ga." is
    the US state, not the country)."""
    out: dict[str, Place] = {}
    for h in kept:
        if h.expanded and h.key not in out:
            areas = [c.place for c in prior[h.key] if c.place.kind in _AREA_KINDS]
            if areas:
                out[h.key] = next((p for p in areas if p.kind == "admin1"), areas[0])
    return out


_QUALIFIER_GAP = re.compile(r"[ \t]*,[ \t]*|[ \t]*\([ \t]*|[ \t]+(in)[ \t]+")


def _qualified(
    text: str, kept: Sequence[Hit], prior: dict[str, list[Candidate]]
) -> dict[str, Place]:
    """Names qualified by their state or country: "Paris, Texas", "Athens, Ga.",
    "Tripoli, Lebanon", "Dublin (Ohio)", "Léré in Mali". The pair fixes both: the town in that
    country (near that state) and the state rather than a namesake country."""
    out: dict[str, Place] = {}
    for i, (a, b) in enumerate(pairwise(kept)):
        if a.key == b.key or not _QUALIFIER_GAP.fullmatch(text, a.end, b.start):
            continue
        towns, areas = prior[a.key], prior[b.key]
        if towns[0].place.kind in _AREA_KINDS or areas[0].place.kind not in _AREA_KINDS:
            continue
        if _listed_state(text, kept, prior, i):
            continue  # "Virginia, Washington, West Virginia": a list of states
        best: tuple[float, Place, Place] | None = None
        for area in areas[:3]:
            region = area.place
            if region.kind not in _AREA_KINDS:
                continue
            for town in towns:
                p = town.place
                if p.country != region.country or p.kind in _AREA_KINDS:
                    continue
                score = town.score + area.score
                if region.kind == "admin1" and p.admin1 != region.admin1:
                    continue  # London, Ky. is the London in Kentucky
                if best is None or score > best[0]:
                    best = (score, p, region)
        if best is not None:
            out.setdefault(a.key, best[1])
            out.setdefault(b.key, best[2])
    return out


def _in_one_list(text: str, kept: Sequence[Hit], i: int, j: int) -> bool:
    """Hits i..j follow each other separated only by commas and "and"/"or"."""
    return all(
        _LIST_GAP.fullmatch(text, kept[k].end, kept[k + 1].start) for k in range(i, j)
    )


def _listed_state(
    text: str, kept: Sequence[Hit], prior: dict[str, list[Candidate]], i: int
) -> bool:
    """kept[i], a name that is also a state, stands in a list with another state
    (the name before it, or the one after the state that follows it): the pair
    kept[i], kept[i + 1] is two states of a list, not "City, State"."""
    if not any(c.place.kind == "admin1" for c in prior[kept[i].key]):
        return False
    for j, k in ((i - 1, i), (i + 1, i + 2)):
        if 0 <= j and k < len(kept) and _in_one_list(text, kept, j, k):
            other = kept[j if j != i + 1 else k]
            if prior[other.key][0].place.kind == "admin1":
                return True
    return False


_AREA_KINDS = frozenset({"admin1", "country"})


def _radians(p: Place) -> tuple[float, float, float]:
    lat = math.radians(p.lat)
    return lat, math.radians(p.lon), math.cos(lat)


#: Kinds too large to be a point that pulls nearby names.
_NOT_NEAR_KINDS = frozenset({"country", "sea", "continent", "region"})


MAX_NEAR_CHOSEN = 12


@dataclass
class _Evidence:
    """What each name says about the document without doubt: its country votes
    and its point, kept per name so that a name can be left out of its own
    context."""

    votes: dict[str, dict[str, float]]
    points: dict[str, tuple[float, float]]
    nationalities: Counter[str]
    max_near: int = MAX_NEAR
    states: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        total: Counter[str] = Counter(self.nationalities)
        get = total.get
        for counts in self.votes.values():
            for country, n in counts.items():  # Counter.update, without its checks
                total[country] = n + get(country, 0)
        self._total = total
        self._base: Context | None = None
        self._base_near: tuple[tuple[float, float], ...] | None = None
        #: The names whose points :meth:`context` reports (the first few).
        self._first_points = frozenset(islice(self.points, self.max_near))

    @classmethod
    def collect(
        cls,
        hits: Sequence[Hit],
        prior: dict[str, list[Candidate]],
        nationalities: Counter[str],
    ) -> _Evidence:
        votes: dict[str, dict[str, float]] = {}
        points: dict[str, tuple[float, float]] = {}
        # what a name says is the same at each of its mentions: judged once
        verdicts: dict[str, tuple[str, Place, bool]] = {}
        at_war = war_countries()
        for hit in hits:
            key = hit.key
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = _verdict(key, prior[key], at_war)
            how, top, flag = verdict
            if not how:
                continue
            counts = votes.get(key)
            if counts is None:
                counts = votes[key] = {}  # a Counter's sums, without a Counter each
            country = top.country
            if how == "country":
                weight = 2.0 if not hit.in_name else 1.0
                if flag:
                    weight /= 2
                counts[country] = counts.get(country, 0) + weight
            else:  # "clear" or "war": one vote
                counts[country] = counts.get(country, 0) + 1.0
                if key not in points and (
                    (how == "clear" and top.kind != "sea") or (how == "war" and flag)
                ):
                    points[key] = (top.lat, top.lon)
        return cls(votes, points, nationalities, states=_states(prior, hits))

    @classmethod
    def of_choices(
        cls,
        chosen: dict[str, Place],
        mentions: Counter[str],
        nationalities: Counter[str],
    ) -> _Evidence:
        """What the places chosen for the names say (for the second pass)."""
        votes: dict[str, dict[str, float]] = {}
        points: dict[str, tuple[float, float]] = {}
        for key, place in chosen.items():
            if not place.country:
                continue
            weight = 2.0 if place.kind == "country" else 1.0
            votes[key] = {place.country: weight * mentions[key]}
            if place.kind not in _NOT_NEAR_KINDS:
                points[key] = (place.lat, place.lon)
        states = {
            k: (p.country, p.admin1)
            for k, p in chosen.items()
            if p.kind == "admin1" and p.admin1
        }
        return cls(votes, points, nationalities, MAX_NEAR_CHOSEN, states)

    def support(self, country: str, *, without: str) -> float:
        """Votes for ``country`` from everything but the name ``without``."""
        own = self.votes.get(without)
        return self._total.get(country, 0.0) - (own.get(country, 0.0) if own else 0.0)

    def add_sure(self, key: str, place: Place, *, point: bool = True) -> None:
        """A name read outside the gazetteer: its country's vote and (``point``) its
        point (a county of one state)."""
        self.votes[key] = {place.country: 1.0}
        if point:
            self.points[key] = (place.lat, place.lon)
        self._total[place.country] += 1.0
        # what context() worked out before is stale
        self._base = None
        self._base_near = None
        self._first_points = frozenset(islice(self.points, self.max_near))

    def context(self, *, without: str | None = None) -> Context:
        """Countries in focus and points, leaving out what ``without`` says.

        Each part that ``without`` does not touch (no votes of its own, no point
        among the first few, no state) is the document's whole one, worked out once
        (a context is asked for every name of the document)."""
        base = self._base
        if base is None:
            base = self._base = Context(
                self._ranked(None), self.near(), self._states(None)
            )
        if without is None:
            return base
        ranked = (
            self._ranked(without) if self.votes.get(without) else base.countries
        )
        near = self.near(without=without)
        states = self._states(without) if without in self.states else base.states
        if ranked is base.countries and near is base.near and states is base.states:
            return base
        return Context(ranked, near, states)

    def near(self, *, without: str | None = None) -> tuple[tuple[float, float], ...]:
        """The points of :meth:`context` alone."""
        if without is not None and without in self._first_points:
            return self._near(without)
        base = self._base_near
        if base is None:
            base = self._base_near = self._near(None)
        return base

    def _ranked(self, without: str | None) -> tuple[str, ...]:
        own = self.votes.get(without) if without is not None else None
        items = list(self._total.items())
        if own:
            items = [(c, n - own.get(c, 0.0)) for c, n in items]
        items.sort(key=lambda cn: -cn[1])
        return tuple(c for c, n in items[:4] if n >= 2.0)

    def _near(self, without: str | None) -> tuple[tuple[float, float], ...]:
        # the first few points only: not a list of every point per name
        return tuple(
            islice((p for k, p in self.points.items() if k != without), self.max_near)
        )

    def _states(self, without: str | None) -> tuple[tuple[str, str], ...]:
        return tuple(sorted({s for k, s in self.states.items() if k != without}))


def _verdict(
    key: str, cands: Sequence[Candidate], at_war: frozenset[str]
) -> tuple[str, Place, bool]:
    """What a name's candidates say without doubt (for :meth:`_Evidence.collect`):
    ("country", the country, whether a sizeable place shares its name), ("clear",
    the place), ("war", the place, whether its point counts: its country at war
    is clear, the place maybe not) or ("", the first candidate): nothing."""
    top = cands[0].place
    if top.kind == "country":
        # "Georgia", "Jordan", "Lebanon": maybe not the country
        return ("country", top, _shared_name(cands))
    if top.country and (
        len(cands) == 1 or cands[0].score - cands[1].score >= CLEAR_MARGIN
    ):
        return ("clear", top, False)
    if top.country in at_war and _one_country(cands):
        # Ma'rib the town and Ma'rib the governorate: unclear which, but clearly
        # Yemen (a vote for a country at war, no point); Aden the city and Aden
        # the governorate: the city's point
        return ("war", top, _seat_and_division(cands) and _own_name(key, cands[0]))
    return ("", top, False)


def _clear_points(
    hits: Sequence[Hit], prior: dict[str, list[Candidate]], limit: int = MAX_NEAR
) -> tuple[tuple[float, float], ...]:
    """``_Evidence.collect(hits, prior, ...).context().near`` without the votes:
    the points of the first names placed without doubt."""
    return tuple(_clear_point_map(hits, prior, limit).values())


def _clear_point_map(
    hits: Sequence[Hit], prior: dict[str, list[Candidate]], limit: int
) -> dict[str, tuple[float, float]]:
    """The points of the first ``limit`` names placed without doubt, by name, in
    the order of ``_Evidence.collect(hits, prior, ...).points``."""
    points: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    at_war = war_countries()
    for hit in hits:
        key = hit.key
        if key in seen:
            continue
        seen.add(key)
        how, top, flag = _verdict(key, prior[key], at_war)
        if (how == "clear" and top.kind != "sea") or (how == "war" and flag):
            points[key] = (top.lat, top.lon)
            if len(points) == limit:
                break
    return points


def _seat_and_division(cands: Sequence[Candidate]) -> bool:
    """The readings within CLEAR_MARGIN of the best are a seat and the division it
    is the seat of (Aden the city and Aden the governorate): the city's point is
    clear enough to be near."""
    top = cands[0]
    if top.place.kind not in ("admin_seat", "capital") or not top.place.admin1:
        return False
    return all(
        c.place.kind == "admin1" and c.place.admin1 == top.place.admin1
        for c in cands[1:]
        if top.score - c.score < CLEAR_MARGIN
    )


def _one_country(cands: Sequence[Candidate]) -> bool:
    """The candidates within CLEAR_MARGIN of the best all lie in its country."""
    top = cands[0]
    return all(
        c.place.country == top.place.country
        for c in cands[1:]
        if top.score - c.score < CLEAR_MARGIN
    )


def _states(
    prior: dict[str, list[Candidate]], hits: Sequence[Hit]
) -> dict[str, tuple[str, str]]:
    """The states and provinces named without doubt ("Illinois", "Tenn.")."""
    out: dict[str, tuple[str, str]] = {}
    for key in dict.fromkeys(h.key for h in hits):  # each name once, in text order
        cands = prior[key]
        top = cands[0].place
        if top.kind != "admin1" or not top.admin1:
            continue
        if len(cands) == 1 or cands[0].score - cands[1].score >= CLEAR_MARGIN:
            out[key] = (top.country, top.admin1)
    return out


def _shared_name(cands: Sequence[Candidate]) -> bool:
    """A country's name that a sizeable place elsewhere also bears as its own
    (Georgia the US state, Lebanon in Pennsylvania, Jordan). A place of the same
    country (Mozambique the town, Djibouti the capital) or one that lists the name
    only as an alternate (Arak for "Iraq", Goodyear for "Egypt") does not make the
    country's name doubtful."""
    top = cands[0].place
    return any(
        c.place.kind != "country"
        and c.place.country != top.country
        and (c.place.kind == "admin1" or c.place.population >= SHARED_NAME_POPULATION)
        and _own_spelling(name_key(top.name), c.place.name)
        for c in cands[1:]
    )


SHARED_NAME_POPULATION = 10_000


def _needs_context(cands: list[Candidate], context: Context) -> bool:
    """Re-rank with the document only when it can change the choice: several
    candidates, and the first is not already clear and in a country in focus."""
    if len(cands) < 2 or not (context.countries or context.near):
        return False
    top = cands[0]
    clear = top.score - cands[1].score >= CLEAR_MARGIN
    return not (clear and top.place.country in context.countries[:1])


#: Context weights (the gazetteer's scale: log10 population plus rank bonuses).
MAIN_COUNTRY_BONUS = 4.0
FOCUS_COUNTRY_BONUS = 3.0
NEAR_BONUS = 3.0
NEAR_RANGE_KM = 1500.0
#: A namesake within a day's drive of a place the document names without doubt
#: ("Paris" in a story about Dallas), on top of the nearness above.
CLOSE_BONUS = 1.0
CLOSE_KM = 200.0
#: A town in a state or province the document names ("Springfield" with Illinois).
STATE_BONUS = 1.5
#: How many context-free candidates a name keeps for re-ranking in context.
PRIOR_LIMIT = 40


def rerank(
    cands: Sequence[Candidate],
    context: Context,
    *,
    extra: Sequence[float] | None = None,
    as_town: bool = False,
) -> list[Candidate]:
    """Candidates re-scored with the document's context as a whole: its countries
    in focus, closeness to places it names without doubt (more for a namesake
    within CLOSE_KM) and the states it names, on top of each candidate's prior
    (population and administrative rank). Candidates come sorted by prior, so the
    scan stops once no bonus could lift the rest above the best.

    >>> a = Candidate(Place("Paris", 48.85, 2.35, 1, "FR", 2_000_000), 9.0, "exact")
    >>> b = Candidate(Place("Paris", 33.66, -95.56, 2, "US", 25_000), 7.4, "exact")
    >>> rerank([a, b], Context(("US",), ((32.0, -97.0),)))[0].place.country
    'US'
    """
    scored = _context_scores(cands, context, extra=extra, as_town=as_town)
    scored.sort()
    return [Candidate(c.place, -s, c.matched) for s, _, c in scored]


def _best_in_context(
    cands: Sequence[Candidate],
    context: Context,
    *,
    extra: Sequence[float] | None = None,
    as_town: bool = False,
) -> Place:
    """The place :func:`rerank` puts first, without building the re-scored list."""
    return min(_context_scores(cands, context, extra=extra, as_town=as_town))[2].place


def _context_scores(
    cands: Sequence[Candidate],
    context: Context,
    *,
    extra: Sequence[float] | None = None,
    as_town: bool = False,
) -> list[tuple[float, int, Candidate]]:
    """(-score in context, position, candidate) of the candidates :func:`rerank`
    scores (``extra``: a bonus per candidate), in their prior order."""
    countries = context.countries
    main = countries[0] if countries else None
    focus = frozenset(countries[1:])
    near = _radians_near(context.near)
    # A state's or country's name is not read as a town by the finer bonuses
    # ("Pennsylvania and California" does not make California a town in PA).
    # (``as_town``: unless the name is being weighed as a town's, see _foreign_alone)
    area_first = not as_town and bool(cands) and cands[0].place.kind in _AREA_KINDS
    states = frozenset(() if area_first else context.states)
    close_bonus = 0.0 if area_first else CLOSE_BONUS
    ceiling = (
        (MAIN_COUNTRY_BONUS if main else 0.0)
        + (NEAR_BONUS + close_bonus if near else 0.0)
        + (STATE_BONUS if states else 0.0)
        + (max(extra, default=0.0) if extra else 0.0)
    )
    best = -math.inf
    scored: list[tuple[float, int, Candidate]] = []
    for i, c in enumerate(cands):
        if c.score + ceiling <= best:
            break
        p = c.place
        score = c.score
        if main is not None:
            if p.country == main:
                score += MAIN_COUNTRY_BONUS
            elif p.country in focus:
                score += FOCUS_COUNTRY_BONUS
        if near:
            km = _nearest_km(p.lat, p.lon, near)
            if km < NEAR_RANGE_KM:
                score += NEAR_BONUS * (1.0 - km / NEAR_RANGE_KM)
            if km < CLOSE_KM:
                score += close_bonus * (1.0 - km / CLOSE_KM)
        if states and p.kind != "admin1" and (p.country, p.admin1) in states:
            score += STATE_BONUS
        if extra is not None and i < len(extra):
            score += extra[i]
        scored.append((-score, i, c))
        if score > best:
            best = score
    return scored


@lru_cache(maxsize=4096)
def _radians_near(
    points: tuple[tuple[float, float], ...],
) -> tuple[tuple[float, float, float], ...]:
    """(lat, lon) points as :func:`_nearest_km` takes them: (lat, lon in radians,
    cos lat), converted once per set of points (the same few recur per document)."""
    return tuple(
        (math.radians(lat), math.radians(lon), math.cos(math.radians(lat)))
        for lat, lon in points
    )


def _nearest_km(
    lat: float, lon: float, points: Sequence[tuple[float, float, float]]
) -> float:
    """Great-circle distance (km, haversine) to the nearest of ``points`` given as
    (lat, lon in radians, cos lat): the smallest haversine term wins, one asin."""
    p1, l1 = math.radians(lat), math.radians(lon)
    c1 = math.cos(p1)
    sin = math.sin
    h = math.inf
    for p2, l2, c2 in points:  # a plain loop: cheaper than min() over a generator
        x = sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin((l2 - l1) / 2) ** 2
        if x < h:
            h = x
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


_PRIOR_CACHE: dict[tuple[str, str], list[Candidate]] = {}
#: Per cached prior: its :func:`_major` candidates and their :func:`_voter` ones.
_MAJOR_CACHE: dict[tuple[str, str], tuple[list[Candidate], list[Candidate]]] = {}


def _prior(gz: Gazetteer, key: str) -> list[Candidate]:
    """Context-free plausible candidates, best first, cached per gazetteer version
    (names repeat across documents)."""
    slot = (gz.version or str(id(gz)), key)
    found = _PRIOR_CACHE.get(slot)
    if found is None:
        if len(_PRIOR_CACHE) > 200_000:
            _PRIOR_CACHE.clear()
            _MAJOR_CACHE.clear()
        found = _PRIOR_CACHE[slot] = _plausible(
            key, gz.candidates_for_key(key, limit=PRIOR_LIMIT)
        )
    return found


def _major_voter(
    gz: Gazetteer | None, key: str, cands: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """``_major(cands)`` and ``_voter`` of that, cached with the prior when
    ``cands`` is the cached prior of ``key`` (computed afresh otherwise)."""
    if gz is None:
        major = _major(cands)
        return major, _voter(major)
    slot = (gz.version or str(id(gz)), key)
    found = _MAJOR_CACHE.get(slot)
    if found is None or _PRIOR_CACHE.get(slot) is not cands:
        major = _major(cands)
        found = (major, _voter(major))
        if _PRIOR_CACHE.get(slot) is cands:
            _MAJOR_CACHE[slot] = found
    return found


def _voters_of(gz: Gazetteer, hits: Iterable[Hit]) -> dict[str, list[Candidate]]:
    """Each name's voting candidates (:func:`_voter` of its major ones), per key."""
    out: dict[str, list[Candidate]] = {}
    version = gz.version or str(id(gz))
    for h in hits:
        key = h.key
        if key not in out:
            # (an entry of the major cache is that of the prior cached beside it:
            # the two are cleared together)
            found = _MAJOR_CACHE.get((version, key))
            if found is None:
                found = _major_voter(gz, key, _prior(gz, key))
            out[key] = found[1]
    return out


def _plausible(key: str, cands: list[Candidate]) -> list[Candidate]:
    """Candidates a reader would accept for this exact spelling: loose matches only
    when nothing exact exists, and small places only under their own name."""
    out = []
    bare = strip_article(key)
    person = _is_person_name(bare)
    for c in cands:
        p = c.place
        if person and p.kind not in _AREA_KINDS and name_key(p.name) != key:
            continue  # "Chen" is a person's name, not an alternate one of Chenzhou
        if p.kind in RANKED_KINDS or p.population >= ALTERNATE_NAME_MIN_POPULATION:
            out.append(c)
            continue
        own = name_key(p.name)
        if own == key or strip_article(own) == bare or _distinct_alternate(bare, p):
            out.append(c)
        elif (
            p.population >= ALTERNATE_SPELLING_MIN_POPULATION
            and p.country in war_countries()
            and len(key) >= 6
            and _own_spelling(key, p.name)
            and not _personal_or_common(bare)
        ):
            out.append(c)  # a war's town under a close spelling of its name ("Al-Fula")
    return _owners_first(key, out)


def _personal_or_common(bare: str) -> bool:
    """A common English word, a given name or a surname."""
    from gazetteer.scanner import common_words, given_names, surnames

    return bare in common_words() or bare in given_names() or bare in surnames()


#: A town known by a name only as an alternate must be this many times bigger
#: than the biggest town whose own name it is to stay a reading (Mumbai for
#: "Bombay" beside Bombay, New York; not Orange, California, for "Richland").
ALTERNATE_OVER_OWNER = 10


def _owners_first(key: str, cands: list[Candidate]) -> list[Candidate]:
    """Leave out the towns that bear the name only as an alternate when a town
    of that own name exists and is not ten times smaller."""
    bare = strip_article(key)
    owners = [
        c.place.population
        for c in cands
        if c.place.kind in _SETTLEMENT_KINDS
        and strip_article(name_key(c.place.name)) == bare
    ]
    if not owners:
        return cands
    floor = max(owners) * ALTERNATE_OVER_OWNER
    return [
        c
        for c in cands
        if c.place.kind in RANKED_KINDS
        or c.place.kind not in _SETTLEMENT_KINDS
        or c.place.population >= floor
        or _own_name(key, c)
        # the war's former names stay (Krasnoarmeysk is Pokrovsk): the theatre
        # weighs its own namesakes (see _in_theatre)
        or c.place.country in war_countries()
    ]


def _is_person_name(key: str) -> bool:
    from gazetteer.scanner import person_names

    return key in person_names()


#: A town of this size is also known by an alternate spelling that reads as a name
#: (Avdiivka for Avdiyivka), not as a word.
ALTERNATE_SPELLING_MIN_POPULATION = 10_000


def _distinct_alternate(bare: str, p: Place) -> bool:
    """An alternate spelling long and unusual enough to be no English word. A
    village or neighbourhood of the war-zone extract needs no population (it is
    resolved only inside its theatre), and a name led by a generic word ("Kafr
    Nabl", "Bab al Azizia") is never a person's."""
    from gazetteer.index import THEATRE_ONLY_KINDS
    from gazetteer.scanner import common_words, given_names, surnames

    head = bare.split(" ", 1)[0]
    return (
        (
            p.population >= ALTERNATE_SPELLING_MIN_POPULATION
            or p.kind in THEATRE_ONLY_KINDS
            # a town of the war-zone extract whose population nobody counted,
            # under a close spelling of its own name (Qataba for Qa'tabah)
            or (
                p.population == 0
                and p.country in war_countries()
                and SequenceMatcher(None, strip_article(name_key(p.name)), bare).ratio()
                >= OWN_SPELLING_SIMILARITY
            )
        )
        and len(bare) >= 6
        and (
            " " not in bare
            or head in generic_words()
            # a town of a war under a two-word spelling (Maarrat Misrin for
            # Ma'arratmisrin) that is nobody's name
            or (
                p.country in war_countries()
                and p.population >= ALTERNATE_SPELLING_MIN_POPULATION
                and not any(w in given_names() or w in surnames() for w in bare.split())
            )
        )
        and bare not in common_words()
        and bare not in given_names()
    )


def document_context(
    text: str,
    hits: Sequence[Hit],
    prior: dict[str, list[Candidate]],
    *,
    nationalities: Counter[str] | None = None,
) -> Context:
    """Countries in focus (named countries, nationality adjectives and the countries
    of unambiguous places, counted) and the points of unambiguous places."""
    if nationalities is None:
        nationalities = _count_nationalities(text)
    return _Evidence.collect(hits, prior, nationalities).context()


def _count_nationalities(text: str) -> Counter[str]:
    nationality = demonyms()
    return Counter(
        code
        for code in map(nationality.get, map(str.lower, _CAPITALISED.findall(text)))
        if code
    )


#: Places that speak in news ("Turkey said", "Moscow says", "Texas says"):
#: countries, states and provinces, capitals.
_ACTOR_KINDS = frozenset(
    {"country", "admin1", "capital", "admin_seat", "region", "district"}
)
#: A group noun after a name ("Houthi forces", "Wagner fighters"): the name is
#: the group's, unless it is some place's own name or a country's.
_GROUP_AFTER = re.compile(
    r"[ \t]+(?:forces|fighters|rebels|militias?|militants|troops|movement|"
    r"group|brigades?|units?)\b"
)
_NEXT_CAPITAL = re.compile(r"[ \t]+([A-Z][\w'’]*)")


def _short_form_tails(key: str, cands: Sequence[Candidate]) -> tuple[str, ...] | None:
    """What follows ``key`` in each candidate's own name (name key) when every
    one is a longer name of its own ("city" for "rapid" of Rapid City), else None:
    :func:`_short_form_before_name` is then False whatever follows the name."""
    head = key + " "
    tails = []
    for c in cands:
        own = name_key(c.place.name)
        if not own.startswith(head):
            return None
        tails.append(own[len(head) :])
    return tuple(tails)


def _short_form_before_name(text: str, hit: Hit, cands: Sequence[Candidate]) -> bool:
    """Every candidate bears the name only as a short form of a longer name of
    its own ("Rapid" of Rapid City) and the text goes on with another capitalised
    word: the word heads some other name ("Rapid Support Forces")."""
    if " " in hit.key or hit.expanded:
        return False
    nxt = _NEXT_CAPITAL.match(text, hit.end)
    if nxt is None or _COUNTY_AFTER.match(text, hit.end):
        return False  # "Barrow County" is read as a county below
    head = hit.key + " "
    rest = name_key(nxt.group(1))
    for c in cands:
        own = name_key(c.place.name)
        if not own.startswith(head) or own[len(head) :].startswith(rest):
            return False
    return True


_SPEAKS = re.compile(
    r",?\s+(?:said|says|told|added|noted|explained|stated|wrote|declared|announced|"
    r"argued|insisted|warned|claimed)\b"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
#: A preposition of place right before a name ("in Gainesville", "near Sirte").
_PLACED_BEFORE = re.compile(r"\b(?:in|near|outside|into|across|around)[ \t]+$")
#: A person's age after the name, as news gives it ("Henry, 19, of ...").
_AGE_AFTER = re.compile(r"[ \t]*,[ \t]*(?:age[ \t]+)?\d{1,3}[ \t]*,")


# ------------------------------------------------------------------ mentions


def place_radius_km(place: Place) -> float:
    """A rough radius of a place's extent: how far its name reaches on the ground.

    >>> place_radius_km(Place("Sirte", 31.2, 16.6, 1, "LY", 128_123))
    5.7
    """
    if place.kind == "country":
        return 300.0
    if place.kind in {"sea", "region"}:
        return 250.0
    if place.kind in ("district", "county"):
        return 60.0
    km = 0.5 * math.sqrt(max(place.population, 0) / 1000.0)
    return round(min(25.0, max(2.0, km)), 1)


def _place_mention(
    text: str, hit: Hit, place: Place, radius: float, doc: str
) -> Mention:
    # Mention(doc=doc, start=hit.start, end=hit.end, text=text[hit.start:hit.end],
    # kind="place", name=place.name, lat=place.lat, lon=place.lon,
    # geonameid=place.geonameid, country=place.country or None,
    # uncertainty_km=radius, in_name=hit.in_name, place=place), through the slots
    start = hit.start
    end = hit.end
    return place_mention(doc, start, end, text[start:end], place, radius, hit.in_name)
