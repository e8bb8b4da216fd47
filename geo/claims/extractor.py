"""From located mentions to claims: who holds, reaches, moves to and strikes where.

A claim is what one sentence of one report says, with that sentence as evidence. The
extractor works in small steps over three kinds of marks in a sentence:

1. triggers: words from verb and noun lexicons (capture, control, expel, withdraw,
   defeat, declare support, reach, head towards, reinforcements, strike, kill, front
   line...), found by one regular expression over the whole document;
2. faction mentions: registry aliases (:mod:`geo.factions`);
3. located mentions from :func:`gazetteer.parse` (places, regions, relative
   expressions, anaphors), reduced to the outermost ones (a region wins over the
   place inside it; a relative expression that only describes a named place is dropped).

For each trigger the actor is the faction that is the subject (the nearest one before
the trigger, skipping objects such as "backed by X"), or the agent after "by"/"of"
("controlled by X", "reinforcements of X"); the place is the mention the trigger
governs (after it; before it for "P, which is controlled by X"; the nearest earlier
one for "expelled from it"). Conditionals make nothing; demands ("should withdraw")
and modal wording give implied, low-confidence claims. Nothing here knows a seed's
wording: everything is a pattern over tokens, mentions and aliases.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gazetteer.numbers import COUNT_RE, parse_count
from gazetteer.records import Mention
from geo.claims.lexicon import (
    WEAK,
    Trigger,
    find_triggers,
    find_triggers_with,
    lower,
    word_starts_with,
)
from geo.claims.rules import BY_CLASS, Rule
from geo.claims.sites import (
    SITE_MODIFIERS,
    _broad,
    SITE_NOUNS,
    SITE_OF_NOUNS,
    admin_notes,
    find_sites,
)
from geo.factions import (
    AliasScan,
    FactionMatch,
    FactionRegistry,
    alias_scan,
    load_registry,
)
from geo.records import Claim, Document
from geo.sentences import Sentence, sentence_bounds_near

log = logging.getLogger(__name__)

# Nouns that name what a verb acts on: they do not end the verb's reach.
_NOUN_CLASSES = frozenset({"front", "clash"})
_NOUN_WORDS = frozenset(
    {
        "positions",
        "locations",
        "stronghold",
        "strongholds",
        "presence",
        "reinforcement",
        "reinforcements",
        "gathering",
        "gatherings",
    }
)


def _word_alternation(words: Sequence[str]) -> str:
    """``\\b(?:w1|w2|...)\\b`` written so that the regex engine can skip ahead to
    the first letters: each word's first letter comes before its ``\\b`` test
    (a lookbehind), instead of a ``\\b`` tried at every character. ``words`` are
    regex fragments that each begin with a plain letter; those with the same first
    letter keep their order, and no two with different first letters can match at
    the same place, so the matches are those of the plain alternation."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    return "|".join(
        rf"{first}(?<!\w{first})(?:{'|'.join(rest)})\b"
        for first, rest in by_first.items()
    )


_SPEECH = re.compile(
    r"\b(?:said|says|added|adds|announced|announces|reported|reports|stated|states|"
    r"affirmed|affirms|claimed|claims|noted|told|revealed|confirmed|explained|stressed|"
    r"indicated|declared|quoted)\b",
)
_CONDITIONAL = re.compile(
    _word_alternation(("if", "unless", r"in\s+case", r"in\s+the\s+event"))
)
_HYPOTHETICAL = re.compile(
    r"\b(?:whether|possible|possibly|potential|likely|would|could|might|may|"
    r"plans?\s+to|planning|planned|intends?\s+to|intention|threat|threatens?|"
    r"threatened|aims?\s+to|seeks?\s+to|seeking\s+to|determination|determined\s+to|"
    r"trying\s+to|tries\s+to|try\s+to|attempts?\s+to|attempting\s+to|preparing|"
    r"preparation|prepared\s+to|ready\s+to|readiness|until|expected\s+to|wants?\s+to|"
    r"hopes?\s+to|vow(?:s|ed)?\s+to|in\s+order\s+to|to\s+avoid|to\s+prevent|"
    r"to\s+stop|to\s+end|to\s+discourage|(?:open|pav)(?:e|es|ed|ing|s)?\s+the\s+way|"
    r"prepare\s+for|to\s+prepare|fears?\s+(?:of|that)|feared|risks?\s+of|"
    r"warn(?:ed|s|ing)?\s+of)\b",
)
_DEMAND = re.compile(
    r"\b(?:should|must|ought\s+to|demand(?:ed|s|ing)?|call(?:ed|s|ing)?\s+(?:on|for)|"
    r"urg(?:ed|es|ing)|(?:force|pressur(?:e|ed|ing))\s+(?:[\w'\-]+\s+)"
    r"{1,3}?to|"
    r"insist(?:ed|s)?|ultimatum|has\s+to|have\s+to|needs?\s+to)\b",
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|denied|denies|deny|failed\s+to|fail\s+to|without)\b"
    r"|n't\b",
)
#: "demanded that X withdraw", "the demand that X leave": the clause after "that".
_DEMAND_THAT = re.compile(
    r"\b(?:demand(?:ed|s|ing)?|insist(?:ed|s|ing)?|urg(?:ed|es|ing)|ask(?:ed|s|ing)?)"
    r"\s+that\s*$"
)
#: "fears that X had entered P": the clause after "that" is feared, not told.
_FEAR_THAT = re.compile(r"\b(?:fears?|feared|fearing|worries|worried)\s+that\s*$")
_INFINITIVE = re.compile(r"\bto\s+$")
_INF_OK = re.compile(
    r"\b(?:continue[sd]?|continuing|began|begun|begin|start(?:ed|s)?|managed|went\s+on|"
    r"used|seem(?:s|ed)?|appear(?:s|ed)?|subjected|decision|decided)\s+to\s+$"
    # what was forced happened: "X were forced to withdraw", "forcing X to withdraw"
    r"|\b(?:forced|forcing|compelled|obliged)\s+(?:[\w'\-]+\s+){0,3}?to\s+$",
)
_CLAUSE_WORDS = (
    "after while but whereas although though because since when which who that before "
    "amid until whereby"
).split()


_CLAUSE = re.compile(r"[;:()\u2013\u2014]|,|\s-\s|" + _word_alternation(_CLAUSE_WORDS))
# Faction mentions that are objects, not subjects, of what follows.
_OBJECT_BEFORE = re.compile(
    r"\b(?:backed\s+by|supported\s+by|armed\s+by|supporting|supporters\s+of|"
    r"(?:surrounded|encircled|besieged|trapped)\s+by|"
    r"support\s+(?:for|to)|against|targeting|targeted|attacked|attacking|shelled|"
    r"struck|hit|(?<!called\s)(?<!calls\s)(?<!call\s)on|at|fight(?:ing|s)?|fought|"
    r"battl(?:ed|ing)|with)\s+(?:the\s+|an?\s+)?(?:(?:forces|troops|"
    r"positions|fighters|units|bases?|camps?|headquarters|posts?|checkpoints?|"
    r"gatherings?)\s+of\s+(?:the\s+)?)?$"
    # the object of a capture: "overran a Kenyan military base"
    r"|\b(?:overran|overrun|captured|seized|stormed|took|raided|bombed|shelled|"
    r"attacked|targeted|struck)\s+(?:an?|the)\s+$",
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|was|are|were|be|been|being|get|got|gets)\s+(?:\w+\s+)?$"
)
_AGENT_AFTER = re.compile(r"^\W*(?:[\w'\-]+\W+){0,2}?(?:by|from)\b")
_ADJACENT = re.compile(r"^(?:['\u2019]s)?\s+(?:\w+\s+)?$")
# A faction before one of these verbs speaks about what follows; it does not act.
_REACTION = re.compile(
    r"\b(?:condemn(?:ed|s)?|denounc(?:ed|es)|accus(?:ed|es)|blam(?:ed|es)|welcom(?:ed|es)|"
    r"critici[sz](?:ed|es)|warn(?:ed|s)|reject(?:ed|s)|deplor(?:ed|es)|mourn(?:ed|s)|"
    r"called\s+for|urged|demanded|asked)\b",
)
_OF_AFTER = re.compile(r"^\s+of\b")
_FROM_PRONOUN = re.compile(
    r"^\s*(?:from|of|out\s+of)?\s*(?:it|there|them|the\s+area|the\s+city|the\s+town|"
    r"(?:their|its|his)\s+(?:positions?|bases?|posts?))\b",
)
_PRONOUN_SUBJECT = re.compile(
    _word_alternation(
        (
            "they",
            "their",
            "its",
            "it",
            r"the\s+forces",
            r"the\s+troops",
            r"these\s+forces",
        )
    )
)
# What may stand between a control verb and its object, or between listed objects.
#: Unnamed sites a verb may govern before the named place ("the police station in P").
_SITE_WORDS = (
    "city",
    "cities",
    "town",
    "towns",
    "village",
    "villages",
    "area",
    "areas",
    "region",
    "regions",
    "base",
    "bases",
    "airbase",
    "airbases",
    r"air\s+base",
    "district",
    "districts",
    "port",
    "ports",
    "neighbou?rhoods?",
    "suburbs?",
    "outskirts",
    "positions?",
    "parts?",
    "centre",
    "center",
    "headquarters",
    "camps?",
    "airports?",
    r"oil\s+fields?",
    "oilfields?",
    "crossings?",
    "roads?",
    "highway",
    "junction",
    "province",
    "governorate",
    "municipality",
    r"(?:police\s+)?stations?",
    "buildings?",
    "compounds?",
    "complex",
    "hospitals?",
    "schools?",
    "mosques?",
    "markets?",
    "checkpoints?",
    "houses?",
    "homes?",
    "bridges?",
    "barracks",
    "depots?",
    "facility",
    "facilities",
    "strongholds?",
    "villages?",
    "hills?",
    "outposts?",
    "posts?",
    "garrisons?",
    "streets?",
    "quarters?",
    "refinery",
    "terminals?",
    "localit(?:y|ies)",
    "enclaves?",
    "townships?",
    "settlements?",
    "shorelines?",
    "coast(?:line)?s?",
    "strips?",
    "belts?",
    "countryside",
    "forests?",
    "desert",
)
#: Words that end a noun phrase: never a site's modifier ("seized arms in the town").
_FUNCTION_WORDS = (
    r"(?:in|at|near|to|from|with|after|before|by|for|into|and|or|but|which|that|"
    r"who|was|were|is|are|had|has|have|its|their|his|her)"
)
#: A count before plural sites: "took control of several villages east of P".
_COUNT = (
    r"(?:several|some|many|numerous|a\s+few|a\s+number\s+of|dozens\s+of|scores\s+of|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a\s+dozen)(?:\s+more)?)\s+"
)
#: A time told between a verb and its object in translated text: "occupied since
#: one week the village of P", "attacked in the morning of Tuesday the camp of P".
_WHEN = (
    r"(?:(?:since|for|during)\s+(?:one|two|three|four|a|an|several|\d+)\s+"
    r"(?:days?|weeks?|months?|hours?)\s+|in\s+the\s+(?:morning|evening|night|"
    r"afternoon)\s+(?:of\s+(?:\w+day|yesterday|today)\s+)?|"
    r"(?:on\s+)?(?:\w+day|yesterday|today)\s+(?:morning\s+|evening\s+|night\s+)?)?"
)
#: A site word, or two joined: "several villages and towns in P".
_SITES = (
    "(?:(?:"
    + "|".join(_SITE_WORDS)
    + r")(?:\s+(?:and|or)\s+(?:"
    + "|".join(_SITE_WORDS)
    + "))?)"
)
_OBJECT_GAP = re.compile(
    r"^\s*"
    + _WHEN
    + r"(?:of|over|from|out\s+of|on)?\s*(?:(?:much|most|all|parts?|large\s+parts|"
    r"swathes?)\s+of\s+)?(?:the\s+|an?\s+|"
    + _COUNT
    # "abandoned their base in P"
    + r"|(?:their|its)\s+(?=(?:[\w\-]+\s+){0,2}(?:"
    + "|".join(_SITE_WORDS)
    + r")\s))?(?:(?:strategic|key|"
    r"important|vital|main|whole|entire|last|remaining|major|central|\w+ern|\w+-\w+ern|"
    r"[\w\-]+-held|military|army|rebel|government)\s+){0,2}(?:"
    + _SITES
    + r"\s+(?:of|in|near|at|around|outside|on)\s+)?(?:the\s+)?$"
    # a list whose first names the gazetteer does not know: "the neighbourhoods of
    # A, B and P" (P is the one located)
    + r"|^\s*(?:of|over|from|to|on)?\s*(?:the\s+)?(?:neighbou?rhoods|districts|"
    r"villages|towns|areas|quarters)\s+of\s+(?:[\w\-']+(?:\s+[\w\-']+)?\s*,\s*){0,4}"
    r"[\w\-']+(?:\s+[\w\-']+)?\s*,?\s+and\s+(?:the\s+)?$"
    # any modifiers before a site word: "the central market town of P", "former
    # government positions in P"
    + r"|^\s*"
    + _WHEN
    + r"(?:of|over|from|out\s+of|on)?\s*(?:the\s+|an?\s+|"
    r"(?=former\s|abandoned\s))(?:(?!"
    + _FUNCTION_WORDS
    + r"\b)[\w\-']+\s+){1,3}"
    + _SITES
    + r"\s+(?:of|in|near|at|around|outside|on)\s+(?:the\s+)?$"
    # a site word right before a relative place: "much of the shoreline north of P"
    + r"|^\s*(?:(?:much|most|all|parts?|large\s+parts|swathes?)\s+of\s+)?"
    + r"(?:the\s+|an?\s+|"
    + _COUNT
    + r")"
    + r"(?:(?!"
    + _FUNCTION_WORDS
    + r"\b)[\w\-']+\s+){0,3}(?:"
    + "|".join(_SITE_WORDS)
    + r")\s+(?:along\s+(?:the\s+)?)?$"
    # a possessive before the place: "overran the military's Western Command HQ"
    + r"|^\s*(?:the\s+)?[\w\-]+['\u2019]s\s+$"
    # "from all occupied areas, including P", "14 of R's 17 townships, including P"
    + r"|^\s*(?:of|over|from|out\s+of)?\s*(?:(?:\d+|most|all|half|many|several)\s+of\s+"
    r"(?:the\s+|[\w\-]+['\u2019]s\s+)?)?(?:all\s+|the\s+)?(?:[\w\-]+\s+){0,2}(?:"
    + "|".join(_SITE_WORDS)
    + r")\s*,?\s+(?:including|such\s+as|notably)\s+(?:the\s+)?$",
)
_LIST_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:(?:and|or|as\s+well\s+as|in\s+addition\s+to)\s+"
    r"(?:(?:at|in|near|on)\s+)?)?(?:the\s+)?"
    r"(?:(?:city|town|village|area|region|base|airbase|district|port|neighbou?rhood|"
    r"suburbs?|outskirts|slopes|surroundings|edge|centre|center|heart)\s+of\s+)?"
    r"(?:the\s+)?$",
)
_SITE_LIST_GAP = re.compile(
    r"^\s*,?\s*(?:and|as\s+well\s+as)\s+(?:the\s+|an?\s+)?(?:(?!"
    + _FUNCTION_WORDS
    + r"\b)[\w\-]+\s+){1,4}?(?:of\s+(?:\w+\s+){1,2}?)?(?:in|at|near)\s+(?:the\s+)?"
    r"(?:(?:region|area|district|city|town|village|outskirts)\s+of\s+)?(?:the\s+)?$"
)
_CONJUNCTION = re.compile(r"\b(?:and|or|as\s+well\s+as|in\s+addition\s+to)\b")
#: A place that only qualifies the next one: "the Red Sea port of Mocha", "the Gaza
#: side of the Rafah crossing" (the second place is the one meant).
_QUALIFIER_GAP = re.compile(
    r"^\s+(?:(?!" + _FUNCTION_WORDS + r"\b)[\w\-]+\s+)?(?:"
    + "|".join(_SITE_WORDS)
    + r"|side|sides|end|half|section)\s+of\s+(?:the\s+)?$"
)
#: An object that names no place but points back to one: "took control of the town",
#: "shelled the army base there", "seized it".
_BACK_OBJECT = re.compile(
    r"^\s*(?:control\s+(?:of|over)\s+)?(?:(?:the|its|this|that)\s+(?:(?!"
    + _FUNCTION_WORDS
    + r"\b)[\w\-]+\s+){0,2}?(?:"
    + "|".join(_SITE_WORDS)
    + r")\b(?:\s+there\b)?|it\b(?!\s+(?:was|is|had|has|would|will)\b))"
)
_LOCATIVE_GAP = re.compile(
    r"^\s*(?:in|at|near|around|outside|on|inside|across)\s+(?:the\s+)?$"
)
_BEFORE_GAP = re.compile(
    r"^[\s,]*(?:(?:which|that|who)\s+)?(?:(?:is|was|are|were|has|had|have|been|being|"
    r"remains?|remained|still|now|currently|fully|already|long|firmly|back|again)\s+)"
    r"{0,3}$"
    # an appositive head noun: "P, a town controlled by X", "P, the last city held by"
    r"|^\s*,\s*(?:an?|the)\s+(?:(?!" + _FUNCTION_WORDS + r"\b)[\w\-']+\s+){0,2}"
    r"(?:city|town|village|port|district|area|region|base|stronghold|hub|"
    r"settlement|locality|province|capital)\s+(?:(?:long|still|now|firmly)\s+)?$",
)
_GROUP_NOUNS = re.compile(
    r"\b(?:battalions?|brigades?|units?|militias?|tribes?|tribal|tribesmen|elders|"
    r"notables|"
    r"sheikhs|councils?|municipality|municipal|residents|inhabitants|fighters|groups?|"
    r"companies|forces|commanders?|leaders|dignitaries|garrison|clans?)\b",
)
_REINFORCEMENT_NEAR = re.compile(r"reinforc|\bconvoys?\b")
_DEPLOYMENT_AFTER = re.compile(
    r"\b(?:as\s+part\s+of|to\s+join|to\s+reinforce)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w\-]+\s+){0,3}?(?:deployment|reinforcements?|mission|contingent|force)\b"
    r"|\bto\s+(?:reinforce|bolster)\b"
)

_NUM = COUNT_RE
# A number that names a unit, a road, a place or a date is no count.
_NOT_COUNT_BEFORE = (
    r"(?<!route\s)(?<!road\s)(?<!kilo\s)(?<!km\s)(?<!district\s)(?<!brigade\s)"
    r"(?<!battalion\s)(?<!division\s)(?<!regiment\s)(?<!unit\s)(?<!highway\s)"
    r"(?<!sector\s)(?<!zone\s)(?<!number\s)(?<!no\.\s)(?<!block\s)(?<!camp\s)"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_NOT_COUNT_AFTER = (
    rf"(?!\s*(?:{_MONTHS})\b)(?!\s*(?:km|kilomet|mile|metre|meter|percent|%|"
    r"battalion|brigade|division|regiment|mechani[sz]ed|infantry|armou?red|"
    r"th\b|st\b|nd\b|rd\b))"
)
_LEAD_COUNT = (
    r"(?:at\s+least\s+|some\s+|about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|"
    r"over\s+|up\s+to\s+)?"
)


_COUNT_WORDS = r"(?:killed|dead|died|wounded|injured|hurt)"


def _count_patterns(verbs: str, nouns: str) -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(
            rf"\b(?:{verbs})\s+{_LEAD_COUNT}{_NOT_COUNT_BEFORE}(?P<n>{_NUM})\b"
            rf"{_NOT_COUNT_AFTER}"
        ),
        re.compile(
            rf"{_NOT_COUNT_BEFORE}\b(?P<n>{_NUM})\b{_NOT_COUNT_AFTER}\s+"
            # not across another count's word: "7 were killed and dozens wounded"
            rf"(?:(?!{_COUNT_WORDS}\b)[\w'\-]+\s+){{0,4}}?(?:were|was|have\s+been|"
            rf"had\s+been|are|being|"
            rf"got)?\s*(?:{nouns})\b",
        ),
    )


_CASUALTIES = _count_patterns(
    r"killed|killing|kills|killed\s+off|left|leaving", r"killed|dead|died"
)
_WOUNDED = _count_patterns(
    r"wounded|wounding|injured|injuring|injuring", r"wounded|injured|hurt"
)

#: Words one of which every match of a count pattern holds (a cheap test first).
_COUNT_KEYS = {
    id(_CASUALTIES): ("kill", "left", "leaving", "dead", "died"),
    id(_WOUNDED): ("wound", "injur", "hurt"),
}

#: How far (characters) a verb reaches for its place.
_REACH = {"position": 70, "advance": 90, "reinforce": 110, "strike": 110}
_KILL_WORDS = frozenset(
    {
        "killed",
        "killing",
        "kills",
        "neutralized",
        "neutralised",
        "neutralizing",
        "neutralising",
        "wounded",
        "injured",
    }
)


# --- records of the working steps -----------------------------------------------------


def _blocks(trig: Trigger) -> bool:
    """Verbs end the reach of an earlier verb; nouns such as "positions", "a
    gathering" and adjectives such as "-held" do not."""
    return (
        trig.cls not in _NOUN_CLASSES
        and trig.word.lower() not in _NOUN_WORDS
        and not (trig.cls == "control_adj" and trig.hyphenated)
        and not (trig.article and trig.cls in ("position", "strike", "control_adj"))
    )


_UNREAD = object()


@dataclass(slots=True)
class _Sentence:
    """Everything the rules look at in one sentence."""

    doc: Document
    span: Sentence
    factions: list[FactionMatch]
    places: list[Mention]
    triggers: list[Trigger]
    registry: FactionRegistry
    named: dict[str, Mention]
    previous_actor: str | None
    low: str = ""  # the document lower-cased, offset for offset (see _lower)
    #: who the sentence reports (:func:`_quoted_by`), read with the first claim
    quoted_by: str | None | object = _UNREAD
    clause_ends: list[int] | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    def between(self, start: int, end: int) -> str:
        """The lower-cased text between two offsets: what the rules' patterns read."""
        return self.low[start:end]

    def original(self, start: int, end: int) -> str:
        """The text between two offsets as written."""
        return self.doc.text[start:end]


# --- public API ---------------------------------------------------------------------


def extract_claims(
    document: Document,
    mentions: Sequence[Mention],
    *,
    registry: FactionRegistry | None = None,
) -> list[Claim]:
    """Claims made by ``document``, given its located ``mentions``.

    >>> from gazetteer.records import Mention
    >>> text = "LNA forces captured Gharyan on Monday."
    >>> m = Mention("d", 20, 27, "Gharyan", "place", "Gharyan", 32.17, 13.02)
    >>> [(c.type, c.faction, c.place.name) for c in extract_claims(Document("d", text), [m])]
    [('control', 'LNA', 'Gharyan')]
    """
    registry = registry or load_registry()
    text = document.text
    # A claim needs a trigger word and an event place in one sentence: documents and
    # sentences without both are dropped before any per-sentence work.
    located = [m for m in mentions if m.lat is not None]
    if not located:
        return []
    low = lower(text)
    found, scan, alias_hits = _triggers_and_aliases(text, low, registry)
    triggers = _near_places(_not_names(found, located), located, low)
    if not triggers:
        return []
    # Only the sentences holding a trigger are split; the rest is marked by empty
    # spans, which hold no trigger and so are never candidates.
    bounds = sentence_bounds_near(text, [t.start for t in triggers])
    starts = [start for start, _ in bounds]
    by_sentence_t = _bucket(triggers, starts, lambda t: t.start)
    with_places = _bucket(located, starts, lambda m: m.start)
    candidates = [i for i in by_sentence_t if i >= 0 and i in with_places]
    if not candidates:
        return []
    # Named sites are anchored at a located place of their sentence, so only the
    # sentences holding both a trigger and a located mention are searched for them.
    notes = admin_notes(text) if "(" in text else []
    matches = (
        registry.matches(text)
        if alias_hits is None
        else registry.matches_scanned(text, scan, alias_hits)
    )
    mentions = _outside_aliases(mentions, matches)
    sites: list[Mention] = []
    if _site_hint(text):
        spans = [bounds[i] for i in candidates]
        sites = find_sites(text, mentions, spans=spans, notes=notes)
    if sites and matches:
        sites = [m for m in sites if not _side_site(m, matches, low)]
    places = _not_rivers(_event_places([*mentions, *sites], notes=notes), low)
    by_sentence_p = _bucket(places, starts, lambda m: m.start)
    active = [i for i in candidates if i in by_sentence_p]
    if not active:
        return []
    named = _named_places(mentions)
    factions, kept = _sides_or_places(matches, places, low)
    factions = _with_country_sides(factions, mentions, registry, low)
    if len(kept) != len(places):
        by_sentence_p = _bucket(kept, starts, lambda m: m.start)
        active = [i for i in active if i in by_sentence_p]
    by_sentence_f = _bucket(factions, starts, lambda f: f.start)
    # The party a pronoun ("they", "its forces") may stand for: the last one named in
    # an earlier sentence.
    parties = [
        f for f in factions if f.start >= starts[0] and registry.is_party(f.faction)
    ]
    party_starts = [f.start for f in parties]
    claims: list[Claim] = []
    for i in active:
        start, end = bounds[i]
        span = Sentence(start, end, text[start:end])
        before = bisect.bisect_left(party_starts, span.start)
        ctx = _Sentence(
            document,
            span,
            by_sentence_f.get(i, []),
            by_sentence_p[i],
            by_sentence_t[i],
            registry,
            named,
            parties[before - 1].faction if before else None,
            low,
        )
        claims.extend(_sentence_claims(ctx))
    return _merge(claims)


def _triggers_and_aliases(
    text: str, low: str, registry: FactionRegistry
) -> tuple[list[Trigger], AliasScan | None, list[tuple[int, Any]] | None]:
    """The triggers of ``text`` and, where one pass can find them too, the hits of
    the registry's aliases (for :meth:`~geo.factions.FactionRegistry.matches_scanned`):
    when every character beyond ASCII folds to a space, the registry's padded fold
    is the finder's spaced text (:func:`geo.claims.lexicon.find_triggers_with`), so
    one automaton of both reads it once. Else (or for a registry without
    ``alias_words``) the triggers alone, and the aliases are matched later."""
    if hasattr(registry, "alias_words"):
        scan = alias_scan(text)
        if scan.blank_beyond:
            automaton = _scanner(registry)
            found, hits = find_triggers_with(text, low, scan.padded, automaton)
            return found, scan, hits
    return find_triggers(text, lowered=low), None, None


_scanners: dict[int, tuple[Any, Any]] = {}


def _scanner(registry: FactionRegistry) -> Any:
    """The automaton of the literal starts and the registry's alias words
    (:func:`geo.claims.lexicon.word_starts_with`), built once per registry object:
    kept by id with a weak reference (an id a dead registry left is not reused by
    mistake), and dropped with the registry (an app makes one per analysis)."""
    key = id(registry)
    entry = _scanners.get(key)
    if entry is not None and entry[0]() is registry:
        return entry[1]
    automaton = word_starts_with(registry.alias_words())
    try:
        ref = weakref.ref(registry, lambda _, key=key: _scanners.pop(key, None))
    except TypeError:  # no weak reference: built each time
        return automaton
    _scanners[key] = (ref, automaton)
    return automaton


def _not_names(triggers: list[Trigger], located: list[Mention]) -> list[Trigger]:
    """Triggers that are not a capitalised place name: "Hit" the town is no strike."""
    if not any(t.word[:1].isupper() for t in triggers):
        return triggers
    names = {m.start for m in located if m.text[:1].isupper()}
    if not names:
        return triggers
    return [t for t in triggers if not (t.start in names and t.word[:1].isupper())]


#: A trigger farther than this from every located mention shares no sentence with one.
_NEAR_CHARS = 400


def _near_places(
    triggers: list[Trigger], located: list[Mention], low: str = ""
) -> list[Trigger]:
    """The triggers with a located mention within :data:`_NEAR_CHARS` characters: a
    cheap cut before the sentence split (most news triggers are far from places)."""
    if not triggers:
        return triggers
    starts = sorted(m.start for m in located)
    out = []
    for t in triggers:
        weak = " ".join(t.word.lower().split()) in WEAK
        if weak and _BACK_OBJECT.match(low[t.end : t.end + 60]):
            weak = False  # "took the base": the place is the sentence's, before it
        lo = t.end if weak else t.start - _NEAR_CHARS
        hi = t.end + (_WEAK_CHARS if weak else _NEAR_CHARS)
        i = bisect.bisect_left(starts, lo)
        if i < len(starts) and starts[i] <= hi:
            out.append(t)
    return out


#: How far after a weak trigger (see :data:`geo.claims.lexicon.WEAK`) its place is.
_WEAK_CHARS = 60


def claims_for_text(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer=None,
    registry: FactionRegistry | None = None,
    date=None,
) -> list[Claim]:
    """Geoparse ``text`` and extract its dated claims: :func:`geo.pipeline.claims_for_text`,
    the one composition of the two stages."""
    from geo.pipeline import claims_for_text as compose

    return compose(text, doc=doc, gazetteer=gazetteer, registry=registry, date=date)


# --- mentions -------------------------------------------------------------------------


def _event_places(
    mentions: Sequence[Mention], *, notes: Sequence[tuple[int, int]] = ()
) -> list[Mention]:
    """The outermost located mentions that can be event locations, in text order.

    A region, relative expression or named site wins over the places inside it; a
    relative expression that only describes a named place ("Sirte (450 km east of
    Tripoli)") is dropped with what it contains, and so are ACLED-style admin notes
    ("(Sirte, Sirte)"); names inside organisations and whole countries are no event
    locations. One pass over the sorted mentions.
    """
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    dropped = sorted(
        [(m.start, m.end) for m in ordered if m.kind == "relative" and m.describes]
        + list(notes)
    )
    out: list[Mention] = []
    last_end = -1
    j, cover = 0, -1  # the furthest end of the dropped spans begun so far
    for m in ordered:
        while j < len(dropped) and dropped[j][0] <= m.start:
            cover = max(cover, dropped[j][1])
            j += 1
        if m.start < last_end:  # inside an outer mention already kept
            continue
        if m.in_name or m.lat is None or m.lon is None or _is_country(m):
            continue  # (m.lat/m.lon: Mention.located without the property call)
        if m.kind == "demonym":  # "Russian": a people, not an event place
            continue
        if m.end <= cover:
            continue
        out.append(m)
        last_end = m.end
    return out


#: A river's name, not the town of that name: "along the Dnipro", "across the
#: Euphrates", "the banks of the Nile", "the Dnipro river".
_RIVER_LEAD = re.compile(
    r"\b(?:along|across|astride|crossed|crossing|cross|beyond)\s+the\s+$"
    r"|\bbanks?\s+of\s+(?:the\s+)?$"
)
_RIVER_TAIL = re.compile(r"^\s+river\b")
_TOWN_TAIL = re.compile(
    r"^\s+(?:city|town|village|region|oblast|province|governorate|district|raion|"
    r"area|front|axis|sector|direction|countryside|outskirts)\b"
)
_SETTLEMENTS = frozenset(
    ("capital", "admin_seat", "city", "town", "village", "section", "neighbourhood")
)


def _not_rivers(places: list[Mention], low: str) -> list[Mention]:
    """The event places less the towns that only lend a river its name: a town
    read where the text says "along the" or "across the" (a town takes no article)
    or "<name> river", unless a noun of a town or an area follows ("across the
    Dnipro city limits", "across the Kharkiv region")."""
    out = [
        m
        for m in places
        if not (
            m.kind == "place"
            and m.place is not None
            and m.place.kind in _SETTLEMENTS
            and (
                _RIVER_LEAD.search(low[max(0, m.start - 24) : m.start])
                or _RIVER_TAIL.match(low[m.end : m.end + 8])
            )
            and not _TOWN_TAIL.match(low[m.end : m.end + 10])
        )
    ]
    return out if len(out) != len(places) else places


# A document can name a site only if it holds a site noun, a digit or a parenthesis.
# A site needs a parenthesis (an admin note), a digit or a site noun after a word.
_SITE_WORD_HINT = re.compile(
    r"(?i:[a-z] (?:"
    + "|".join(re.escape(n[:6]) for n in sorted({*SITE_NOUNS, *SITE_OF_NOUNS}))
    + "))"
)
_DIGIT = re.compile(r"\d")


def _site_hint(text: str) -> bool:
    """Whether ``text`` may hold a named site: a parenthesis, a digit or a site
    noun after a word, tested in that order (most news has a digit; the case-blind
    search of the nouns is the slow one)."""
    return (
        "(" in text
        or _DIGIT.search(text) is not None
        or _SITE_WORD_HINT.search(text) is not None
    )


_SITE_TAIL = re.compile(
    r"^(?:\s+(?:" + "|".join(SITE_MODIFIERS) + r")){0,2}\s+(?:"
    + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in SITE_NOUNS)
    + r")$"
)


def _side_site(site: Mention, factions: list[FactionMatch], low: str) -> bool:
    """Whether a named site is only a side's name and a site noun ("a Houthi
    checkpoint", "the AMISOM base", "a Kenyan military base"): a side's post, whose
    place is the one the sentence gives."""
    for f in factions:
        if f.start == site.start and f.end == site.end:
            return True  # the side's own name ("the Nusra Front"): no site
        if f.start == site.start and f.end < site.end:
            return bool(_SITE_TAIL.match(low[f.end : site.end]))
        if f.start > site.start:
            break
    return False


def _outside_aliases(
    mentions: Sequence[Mention], factions: list[FactionMatch]
) -> Sequence[Mention]:
    """The mentions that are not part of a longer alias: "Boko" in "Boko Haram
    fighters" is the side, not a place (nor the anchor of a named site)."""
    if not factions:
        return mentions
    ordered = sorted(factions, key=lambda f: f.start)
    starts = [f.start for f in ordered]
    out = []
    for m in mentions:  # matches do not overlap: only the last one starting before
        i = bisect.bisect_right(starts, m.start) - 1
        f = ordered[i] if i >= 0 else None
        if f is None or not (m.end <= f.end and f.end - f.start > m.end - m.start):
            out.append(m)
    return out if len(out) != len(mentions) else mentions


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|into|outside|around|from|to|towards?|of|on|inside|between|and)"
    r"\s+(?:the\s+(?:city|town|port)\s+of\s+)?$"
)


def _sides_or_places(
    factions: list[FactionMatch], places: list[Mention], low: str
) -> tuple[list[FactionMatch], list[Mention]]:
    """An alias that is also a located place ("Misrata") is the place after a
    locative word ("in Misrata", "to Misrata") and the side elsewhere."""
    if not factions or not places:
        return factions, places
    starts = {(m.start, m.end): m for m in places}
    drop_f: set[int] = set()
    drop_p: set[int] = set()
    for i, f in enumerate(factions):
        m = starts.get((f.start, f.end))
        if m is None:
            continue
        if _LOCATIVE_BEFORE.search(low[max(0, f.start - 30) : f.start]):
            drop_f.add(i)
        else:
            drop_p.add(id(m))
    if not drop_f and not drop_p:
        return factions, places
    return (
        [f for i, f in enumerate(factions) if i not in drop_f],
        [m for m in places if id(m) not in drop_p],
    )


def _with_country_sides(
    factions: list[FactionMatch],
    mentions: Sequence[Mention],
    registry: FactionRegistry,
    low: str,
) -> list[FactionMatch]:
    """A country that acts is its side ("Azerbaijan held the strip",
    "Azerbaijan's capture of P"): the side whose "<Adjective> forces" aliases use
    its nationality adjective, wherever no locative word makes it a place."""
    countries = [m for m in mentions if _is_country(m) and not m.in_name]
    if not countries:
        return factions
    starts = [f.start for f in factions]  # in text order, not overlapping
    sides: dict[str, str | None] = {}
    extra = []
    for m in countries:
        i = bisect.bisect_left(starts, m.end) - 1  # the last side starting before m ends
        if i >= 0 and factions[i].end > m.start:
            continue  # inside an alias
        if _LOCATIVE_BEFORE.search(low[max(0, m.start - 30) : m.start]):
            continue
        code = m.place.country
        if code not in sides:
            sides[code] = registry.country_side(code)
        if sides[code] is not None:
            extra.append(FactionMatch(m.start, m.end, sides[code]))
    if not extra:
        return factions
    return sorted([*factions, *extra], key=lambda f: f.start)


def _is_country(m: Mention) -> bool:
    return m.kind == "place" and m.place is not None and m.place.kind == "country"


def _named_places(mentions: Sequence[Mention]) -> dict[str, Mention]:
    """Located place mentions by name, to place each referent of "the two cities"."""
    named: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "place" and m.located and not m.in_name:
            named.setdefault(m.name, m)
    return named


def _referents(m: Mention, ctx: _Sentence) -> list[Mention]:
    """An anaphor with several referents ("the two cities") stands for each of them."""
    if m.kind != "anaphor" or len(m.refers_to) < 2:
        return [m]
    out = []
    for name in m.refers_to:
        known = ctx.named.get(name)
        if known is not None:
            out.append(
                dataclasses.replace(
                    m,
                    name=name,
                    lat=known.lat,
                    lon=known.lon,
                    place=known.place,
                    geonameid=known.geonameid,
                    refers_to=(name,),
                )
            )
    return out or [m]


def _bucket(items, starts: list[int], key) -> dict[int, list]:
    """Items by the index of the sentence they start in (-1 before the first)."""
    out: dict[int, list] = {}
    i, n = -1, len(starts)
    following = starts[0] if n else None  # start of sentence i + 1
    last = -1
    for item in items:
        k = key(item)
        if k < last:  # not in text order: search from the beginning
            i, following = -1, (starts[0] if n else None)
        last = k
        while following is not None and following <= k:
            i += 1
            following = starts[i + 1] if i + 1 < n else None
        out.setdefault(i, []).append(item)
    return out


# --- per sentence ---------------------------------------------------------------------


def _sentence_claims(ctx: _Sentence) -> list[Claim]:
    """Each trigger's row applied: its strategy's claims, unless the trigger stands
    in a mood the row refuses. The strategy goes first (both only read ``ctx``):
    most triggers give no claim, and their mood then needs no reading."""
    claims: list[Claim] = []
    for trig in ctx.triggers:
        rule = BY_CLASS[trig.cls]
        found = _STRATEGIES[rule.strategy](ctx, trig, rule)
        if found and not _refused(ctx, trig, rule):
            claims.extend(found)
    return claims


def _refused(ctx: _Sentence, trig: Trigger, rule: Rule) -> bool:
    """Whether the trigger stands in a mood its row refuses (a conditional or a
    question is hypothetical)."""
    refuse = rule.refuse
    if "negated" in refuse and _negated(ctx, trig):
        return True
    if "history" in refuse and (
        _history(ctx)
        # a side taken then is still taken ("who sided with X in 2014 still hold P")
        or (rule.claim != "allegiance" and _history_after(ctx, trig))
    ):
        return True
    if "hypothetical" in refuse and (_conditional(ctx, trig) or _question(ctx)):
        return True
    if not (refuse & {"hypothetical", "demand"}):
        return False
    return _mood(ctx, trig) in refuse


#: A sentence that opens on a bare year ("In 2014,", "Back in early 2016,", "In
#: March 2012,"): what happened then, not where the war stands (an ACLED note's "On
#: 3 March 2018," names a day and is the event itself).
_HISTORY_LEAD = re.compile(
    r"^\W*(?:back\s+)?in\s+(?:(?:early|late|mid-?|the\s+(?:spring|summer|autumn|fall|"
    r"winter)\s+of)\s*)?(?:(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\s+)?((?:19|20)\d\d)\b(?!\s*[-\u2013/])"
)


def _history(ctx: _Sentence) -> bool:
    """Whether the sentence opens on a year before the document's (any year when
    the document has no date): history, refused by every row."""
    lead = _HISTORY_LEAD.match(ctx.between(ctx.span.start, ctx.span.start + 40))
    if lead is None:
        return False
    date = ctx.doc.date
    return date is None or int(lead.group(1)) < date.year


#: A year told after the event's verb, in its clause ("X seized P in 2014", "... back
#: in early 2016"); "since 2014" is no such year (the state holds since then).
_HISTORY_AFTER = re.compile(
    r"\b(?:back\s+)?in\s+(?:(?:early|late|mid-?)\s*)?((?:january|february|"
    r"march|april|may|june|july|august|september|october|november|december)\s+)?"
    r"((?:19|20)\d\d)\b(?!\s*[-\u2013/])"
)


def _history_after(ctx: _Sentence, trig: Trigger) -> bool:
    """Whether the trigger's clause goes on to a bare year before the document's:
    "X seized P in 2014" is history (in an undated text the claim is dated 2014; "in
    December 2023" dates the claim)."""
    end = min(ctx.span.end, trig.end + 80)
    if "in " not in ctx.low[trig.end:end]:
        return False
    after = ctx.between(trig.end, end)
    cut = _CLAUSE.search(after)
    year = _HISTORY_AFTER.search(after, 0, cut.start() if cut else len(after))
    if year is None:
        return False
    date = ctx.doc.date  # undated, the claim keeps the year as its date
    # a month with its year is a dated event ("seized P in December 2023")
    return date is not None and year.group(1) is None and int(year.group(2)) < date.year


def _question(ctx: _Sentence) -> bool:
    return ctx.span.text.rstrip(" \"'\u201d)").endswith("?")


def _clause_before(ctx: _Sentence, pos: int) -> str:
    """Text from the start of the clause holding ``pos`` up to ``pos``."""
    if ctx.clause_ends is None:
        # Only clause marks before the last trigger are ever asked for. The sentence
        # starts after a non-word character, and no mark can end at a trigger's
        # start, so scanning the document between these offsets finds the marks
        # that scanning the sentence alone would.
        last = max(t.start for t in ctx.triggers)
        ctx.clause_ends = [
            m.end() for m in _CLAUSE.finditer(ctx.low, ctx.span.start, last)
        ]
    i = bisect.bisect_right(ctx.clause_ends, pos) - 1
    cut = ctx.clause_ends[i] if i >= 0 else ctx.span.start
    return ctx.between(min(cut, pos), pos)


def _conditional(ctx: _Sentence, trig: Trigger) -> bool:
    """An "if"/"unless" before the trigger in the sentence makes it no fact."""
    return bool(_CONDITIONAL.search(ctx.between(ctx.span.start, trig.start)))


def _mood(ctx: _Sentence, trig: Trigger) -> str:
    """ "fact", "demand" (should, must, force to...) or "hypothetical" (would, plans
    to, possible, to + verb...) for the clause that leads to the trigger."""
    clause = _clause_before(ctx, trig.start)
    base = trig.start - len(clause)
    if _DEMAND.search(clause) or _DEMAND_THAT.search(
        ctx.between(max(ctx.span.start, base - 24), base)
    ):
        return "demand"
    base = trig.start - len(clause)
    if _FEAR_THAT.search(ctx.between(max(ctx.span.start, base - 24), base)):
        return "hypothetical"  # "voiced fears that X had entered P"
    if any(_modal(ctx, base, m) for m in _HYPOTHETICAL.finditer(clause)):
        return "hypothetical"
    if (
        "will " in clause or "shall " in clause or " to " in clause
    ) and _WILL_BEFORE.search(clause[-24:]) and not _LASTING.match(trig.word.lower()):
        # "X will take P": to come ("X will maintain its positions in P" is a state)
        return "hypothetical"
    if _INFINITIVE.search(clause) and not _INF_OK.search(clause):
        return "hypothetical"
    if _HEARSAY.search(ctx.between(ctx.span.start, ctx.span.end)):
        return "hypothetical"
    if (
        not _blocks(trig)
        or trig.cls in _NOUN_TRIGGERS
        or _strike_noun(trig)
        or _ing_noun(ctx, trig)
        or _SIEGE_NOUN.search(trig.word.lower())
    ):
        # a noun's mood may come after it: "an assault on P would require..."
        after = ctx.between(trig.end, min(ctx.span.end, trig.end + 60))
        modal = _MODAL_AFTER.search(after)
        if modal and not (  # "the seizure of P in late May": the month
            modal.group(1) == "may"
            and ctx.original(trig.end + modal.start(1), trig.end + modal.end(1))
            == "May"
        ):
            return "hypothetical"
    return "fact"


def _modal(ctx: _Sentence, base: int, match: re.Match[str]) -> bool:
    """A hypothetical word as written: "May" the month ("on 12 May", "in May 2016",
    "May 3") is no modal "may"."""
    if match.group() != "may":
        return True
    start, end = base + match.start(), base + match.end()
    if ctx.original(start, end) == "may":
        return True
    before = ctx.original(max(ctx.span.start, start - 12), start)
    after = ctx.original(end, min(ctx.span.end, end + 6))
    if re.search(r"\d\s*$|\b(?:in|on|of|since|until|early|late|mid|by)\s+$", before):
        return False
    if re.match(r"\s*\d", after):
        return False
    return start == ctx.span.start  # "May God..." opens a sentence; else a month


# Reports the sentence itself doubts: rumours, unverified or unconfirmed claims.
_HEARSAY = re.compile(
    r"\b(?:rumou?rs?|rumou?red|unconfirmed|unverified|could\s+not\s+be\s+"
    r"(?:verified|confirmed|independently\s+verified)|cannot\s+be\s+(?:verified|"
    r"confirmed))\b"
)
_MODAL_AFTER = re.compile(
    r"^[^,;.]{0,40}?\b(would|could|might|may|will|is\s+expected|are\s+expected|"
    r"is\s+planned|was\s+planned)\b"
)
_NOUN_TRIGGERS = frozenset({"control_noun"})


def _strike_noun(trig: Trigger) -> bool:
    word = trig.word.lower()
    return trig.cls == "strike" and not word.endswith(("ed", "ing", "ck", "hit"))


_DENIAL = re.compile(
    _word_alternation(
        (
            "denied",
            "denies",
            "deny",
            "denying",
            r"dismissed\s+(?:claims|reports)",
            # "the army did not confirm that X had taken P"
            *(
                aux + r"\s+not\s+(?:yet\s+)?(?:confirm|confirmed|verify|verified)"
                for aux in ("did", "does", "do", "could", "would", "has", "have", "had")
            ),
            r"declined\s+to\s+(?:confirm|verify)",
            r"refused\s+to\s+(?:confirm|verify)",
            r"neither\s+confirmed\s+nor\s+denied",
            # "there were no reports that X had taken P"
            # "no confirmation was given that X had seized P"
            r"no\s+(?:reports?|evidence|sign|signs|indication|confirmation|proof)\s+"
            r"(?:(?:was|were|has|have|had|been|given|provided|offered|found|yet)\s+){0,4}"
            r"(?:that|of)",
        )
    )
)


_ASSERTED = re.compile(
    r",\s*(?:and\s+)?(?:saying|said|says|confirm(?:ed|ing|s)|insist(?:ed|ing|s)|"
    r"add(?:ed|ing|s)|stress(?:ed|ing)|stat(?:ed|ing))\b"
)


def _negated(ctx: _Sentence, trig: Trigger) -> bool:
    """ "not"/"never" close before the trigger, or a denial before it that no
    assertion follows ("denied capturing P, saying the town was still ...")."""
    clause = _clause_before(ctx, trig.start)
    if _NEGATION.search(clause[-40:]):
        return True
    denial = None
    for denial in _DENIAL.finditer(ctx.low, ctx.span.start, trig.start):
        pass
    if denial is None:
        return False
    return not _ASSERTED.search(ctx.between(denial.end(), trig.start))


def _passive(ctx: _Sentence, trig: Trigger) -> bool:
    return bool(
        _PASSIVE_BEFORE.search(
            ctx.between(max(ctx.span.start, trig.start - 30), trig.start)
        )
    )


# --- who ------------------------------------------------------------------------------


def _subject(
    ctx: _Sentence, trig: Trigger, *, exclude: str | None = None
) -> tuple[str | None, float]:
    """The faction acting in ``trig``: the nearest subject-like faction before it, or
    the previous sentence's party for "they"/"its forces"; with a confidence factor."""
    for f in reversed(ctx.factions):
        if f.start >= trig.start or f.faction == exclude:
            continue  # (an alias may hold the trigger: "Coalition air strikes")
        lead = ctx.between(max(ctx.span.start, f.start - 40), f.start)
        if (
            _OBJECT_BEFORE.search(lead)
            and not (
                _WITH_LEAD.search(lead)
                and _ABSOLUTE_GAP.match(ctx.between(f.end, trig.start))
            )
            # "attacked Israeli troops advancing on P": the object's participle
            and not _PARTICIPLE_GAP.match(ctx.original(f.end, trig.end))
        ) or _supporting(ctx, f, trig):
            continue
        if _REACTION.search(ctx.between(f.end, trig.start)) and not re.search(
            r"\bthat\b", ctx.original(f.end, trig.start)
        ):
            break  # "Turkey condemned the shelling": the speaker, not the actor
        f = _party_in_group(ctx, f)
        side = _coordinated_adjective(ctx, f, trig)
        if side is not None and side != exclude:
            return side, 0.9  # "Russian and Syrian warplanes": the party, not its backer
        return f.faction, (0.85 if f.loose else 1.0)
    clause = _clause_before(ctx, trig.start)
    side = _national_subject(ctx, ctx.original(trig.start - len(clause), trig.start))
    if side is not None and side != exclude:  # "Iraqi counter-terrorism troops entered P"
        return side, 0.9
    if ctx.previous_actor and _PRONOUN_SUBJECT.search(clause):
        if ctx.previous_actor != exclude:
            return ctx.previous_actor, 0.6
    return None, 0.0


def _national_subject(ctx: _Sentence, clause: str) -> str | None:
    """The side of the first national adjective before a force noun that ends the
    clause: "Iraqi counter-terrorism troops", "The Malian soldiers" (not "The")."""
    for word in _CAPITALISED.finditer(clause):
        if _NATIONAL_SUBJECT.match(clause, word.end()):
            side = ctx.registry.adjective_side(word.group())
            if side is not None:
                return side
    return None


_CAPITALISED = re.compile(r"(?<![\w\-])[A-Z][a-z]+")
_NATIONAL_SUBJECT = re.compile(
    r"\s+(?:[\w\-]+\s+){0,2}?(?:troops|forces|soldiers|"
    r"units|army|military|jets|warplanes|aircraft|drones|commandos|gunboats|tanks|"
    r"warships|helicopters|gunships|artillery|navy|marines|paratroopers)\s+"
    r"(?:[a-z]+\s+){0,2}$"
)


#: An object's own participle right after it: "troops advancing", "fighters
#: retreating" (the object acts in the participle, not the sentence's subject).
_PARTICIPLE_GAP = re.compile(
    r"^(?:\s+(?:forces|troops|fighters|units|soldiers|columns?|convoys?))?\s+"
    r"(?:who\s+were\s+|that\s+were\s+)?[a-z]+ing\b[^,;.]*$"
)
_WITH_LEAD = re.compile(r"\bwith\s+(?:the\s+)?$")
#: "with X still holding P", "with X in control of P": X acts.
_ABSOLUTE_GAP = re.compile(
    r"^(?:['\u2019]s)?(?:\s+(?:forces|troops|fighters|units))?\s+"
    r"(?:(?:still|now|firmly|already|largely|effectively)\s+)*(?:in\s+)?$"
)
_SUPPORT = re.compile(
    r"\b(?:backed|supported|assisted|aided|helped|armed|accompanied|escorted|"
    r"reinforced)\s+by\b|\bwith\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:support|backing|"
    r"help|assistance|cover)\s+(?:of|from)\b|\bin\s+(?:conjunction|coordination|"
    r"cooperation)\s+with\b|\balong(?:side|\s+with)\b|\btogether\s+with\b"
)


def _supporting(ctx: _Sentence, f: FactionMatch, trig: Trigger) -> bool:
    """ "X backed by Y and Z took P": Y and Z support; X acts."""
    lead = ctx.between(ctx.span.start, f.start)
    last = None
    for last in _SUPPORT.finditer(lead):
        pass
    if last is None:
        return False
    phrase = ctx.span.start + last.start()
    if any(t.start > phrase and t.end <= f.start for t in ctx.triggers):
        return False  # a verb between: the phrase belongs to another clause
    return any(g.end <= phrase for g in ctx.factions)


_COORDINATED = re.compile(
    r"^(?:['\u2019]s)?(?:\s+[\w\-]+){0,2}\s*(?:,|\band\b|\balong\s+with\b)\s*"
    r"(?:the\s+)?(?:\w+\s+){0,1}$",
)


def _coordinated_adjective(
    ctx: _Sentence, backer: FactionMatch, trig: Trigger
) -> str | None:
    """The party a backer's alias is joined to by a national adjective, either way
    round ("Russian and Syrian warplanes", "Syrian and Russian jets"): the party
    acts, as in :func:`_party_in_group`; None when there is none."""
    registry = ctx.registry
    if registry.is_party(backer.faction):
        return None
    after = _AND_ADJECTIVE.match(ctx.original(backer.end, trig.start))
    before = _ADJECTIVE_AND.search(
        ctx.original(max(ctx.span.start, backer.start - 30), backer.start)
    )
    for found in (after, before):
        side = None if found is None else registry.adjective_side(found.group(1))
        if side is not None and side != backer.faction and side == registry.party_of(
            backer.faction
        ):
            return side
    return None


_AND_ADJECTIVE = re.compile(r"^\s+and\s+([A-Z][a-z]+)\s")
_ADJECTIVE_AND = re.compile(r"(?<![\w\-])([A-Z][a-z]+)\s+and\s+$")


def _party_in_group(ctx: _Sentence, nearest: FactionMatch) -> FactionMatch:
    """In "Haftar's forces and Wagner mercenaries", the party acts, not its backer."""
    if ctx.registry.is_party(nearest.faction):
        return nearest
    group = [nearest]
    idx = ctx.factions.index(nearest)
    for f in reversed(ctx.factions[:idx]):
        if not _COORDINATED.match(ctx.between(f.end, group[-1].start)):
            break
        group.append(f)
    return next((f for f in group if ctx.registry.is_party(f.faction)), nearest)


def _agent(ctx: _Sentence, trig: Trigger, *, reach: int = 140) -> str | None:
    """The faction after "by"/"from" following the trigger; a party before a backer
    ("strikes by Emirati drones of Haftar's forces" -> the party)."""
    tail = ctx.between(trig.end, min(ctx.span.end, trig.end + 40))
    match = _AGENT_AFTER.match(tail)
    if not match:
        return None
    begin = trig.end + match.end()
    if match.group().endswith("from"):  # "attacked P from the east": a direction
        first = next((f for f in ctx.factions if f.start >= begin), None)
        if first is None or first.start - begin > 12:
            return None
    return _pick(ctx, begin, min(ctx.span.end, begin + reach))


def _of_owner(ctx: _Sentence, trig: Trigger) -> str | None:
    """The faction in "<noun> of [the forces of] X" right after a noun trigger."""
    if not _OF_AFTER.match(ctx.between(trig.end, trig.end + 6)):
        return None
    for f in ctx.factions:
        if trig.end <= f.start <= trig.end + 50:
            if not _CLAUSE.search(ctx.between(trig.end, f.start)):
                return f.faction
        if f.start > trig.end + 50:
            break
    return None


#: A side that tells the sentence at its end: "..., the army said".
_SPEAKER_LEAD = re.compile(r",\s*(?:the\s+|an?\s+)?$")
_SPEAKER_TAIL = re.compile(
    r"^(?:\s+(?:spokesm[ae]n|officials?|sources?|commanders?|statement))?\s+"
    r"(?:said|says|claimed|claims|reported|reports|announced|stated|added)\b"
)


def _speaker(ctx: _Sentence, f: FactionMatch) -> bool:
    return bool(
        _SPEAKER_LEAD.search(ctx.between(max(ctx.span.start, f.start - 8), f.start))
        and _SPEAKER_TAIL.match(ctx.between(f.end, min(ctx.span.end, f.end + 30)))
    )


def _pick(ctx: _Sentence, start: int, end: int) -> str | None:
    inside = [
        f
        for f in ctx.factions
        if start <= f.start and f.end <= end and not _speaker(ctx, f)
    ]
    stop = _CLAUSE.search(ctx.between(start, end))
    if stop and stop.group() not in (",",):
        inside = [f for f in inside if f.start < start + stop.start()]
    for f in inside:
        if ctx.registry.is_party(f.faction):
            return f.faction
    return inside[0].faction if inside else None


def _object_faction(ctx: _Sentence, start: int, end: int) -> str | None:
    for f in ctx.factions:
        if start <= f.start and f.end <= end:
            return f.faction
    return None


# --- where ----------------------------------------------------------------------------


def _next_trigger_start(ctx: _Sentence, trig: Trigger) -> int:
    for other in ctx.triggers:
        if other.start >= trig.end and _blocks(other) and other is not trig:
            if any(f.start <= other.start and other.end <= f.end for f in ctx.factions):
                continue  # a word of a side's name: "the mercenaries of the occupation"
            return other.start
    return ctx.span.end


def _places_after(
    ctx: _Sentence,
    pos: int,
    trig: Trigger,
    *,
    gap: re.Pattern[str] | None,
    reach: int = 0,
    listed: bool = False,
) -> list[Mention]:
    """The mention(s) a trigger governs after ``pos``: the first one within reach (the
    gap must match ``gap`` when given), then those listed after it with "and", ","."""
    limit = _next_trigger_start(ctx, trig)
    first: Mention | None = None
    for m in ctx.places:
        if m.start < pos:
            continue
        if m.start >= limit:
            break
        if _INSTITUTION_AFTER.match(ctx.between(m.end, min(ctx.span.end, m.end + 50))):
            continue  # "killed 22 people, the Gaza health ministry said": who says
        between = ctx.between(pos, m.start)
        if gap is not None and not gap.match(between):
            # a name the gazetteer read only in part: "controlled Shewa Robit town"
            named = _CAP_TAIL.search(ctx.original(pos, m.start)) or _unknown_list(
                ctx, pos, m.start
            )
            if not (named and named.start() and gap.match(between[: named.start()])):
                if ctx.between(m.end, m.end + 2) in ("'s", "\u2019s"):
                    continue  # "14 of R's 17 townships, including P": P, if any
                break
        if reach and len(between) > reach:
            break
        first = m
        break
    if first is None:
        return []
    first = _qualified(ctx, first, limit)
    idx = ctx.places.index(first)
    if (
        _broad(first)
        and idx + 1 < len(ctx.places)
        and ctx.places[idx + 1].start < limit
        and _NEARER.match(ctx.between(first.end, ctx.places[idx + 1].start))
    ):
        first = ctx.places[idx + 1]  # the finer place says where
    out = [first]
    if listed:
        idx = ctx.places.index(first)
        for m in ctx.places[idx + 1 :]:
            gap_text = ctx.between(out[-1].end, m.start)
            if m.start >= limit:
                break
            if not _LIST_GAP.match(gap_text) and not (
                trig.cls == "strike" and _SITE_LIST_GAP.match(gap_text)
            ):
                break
            if "," not in gap_text and not _CONJUNCTION.search(gap_text):
                break  # "the Ghardabiya airbase south of Sirte": no list
            if m.kind == "relative" and not _CONJUNCTION.search(gap_text):
                break  # "Kavumu airport, 30 km north of Bukavu": it says where
            out.append(m)
    return [r for m in out for r in _referents(m, ctx)]


#: A place naming the office that reports, not a site: "the P health ministry said",
#: "P civil defence", "P authorities" (but "the P ministry building" is a site).
_INSTITUTION_AFTER = re.compile(
    r"^\s+(?:(?:health|interior|defen[cs]e|foreign|information)\s+)?(?:ministry|"
    r"authorit(?:y|ies)|officials?|governor(?:ate\s+officials)?|civil\s+defen[cs]e|"
    r"health\s+(?:department|directorate|office|officials|services)|police\s+"
    r"(?:spokesm[ae]n|chief|said)|media\s+office|spokesm[ae]n)\b"
    r"(?!\s+(?:building|headquarters|offices?|compound|premises|warehouse)\b)"
)
_NEARER = re.compile(
    r"^\s+(?:region|province|state|governorate|area|district)?\s*(?:near|outside|"
    r"close\s+to)\s+(?:the\s+)?$"
)


_CAP_TAIL = re.compile(r"(?<=\s)[A-Z][\w'\u2019\-]*\s+$")
_NAME = (
    r"(?:(?:al|el|ad|ar|as|ash|at|an|az)-)?[A-Z][\w'\u2019\-]*"
    r"(?:\s+[A-Z][\w'\u2019\-]*)?"
)
#: Names the gazetteer does not know listed before the one it does: "the
#: liberation of A, B and P" (P is the one located; the gap is A, B and).
_UNKNOWN_LIST = re.compile(
    rf"(?<=\s){_NAME}(?:\s*,\s*{_NAME}){{0,4}}\s*,?\s+(?:and|as\s+well\s+as)\s+"
    r"(?:the\s+)?$"
)


def _unknown_list(ctx: _Sentence, start: int, end: int) -> re.Match[str] | None:
    """The list of unknown names that ends right before ``end`` (no side's name in
    it: "captured Coastal Front positions and P" lists no places)."""
    found = _UNKNOWN_LIST.search(ctx.original(start, end))
    if found is None or any(
        start + found.start() < f.end and f.start < end for f in ctx.factions
    ):
        return None
    return found


def _qualified(ctx: _Sentence, m: Mention, limit: int) -> Mention:
    """The place ``m`` qualifies, when it only qualifies one: "the Red Sea port of
    Mocha" is Mocha, "the Gaza side of the Rafah crossing" is Rafah."""
    idx = ctx.places.index(m)
    while idx + 1 < len(ctx.places):
        nxt = ctx.places[idx + 1]
        gap = ctx.between(m.end, nxt.start)
        if nxt.start >= limit or not _QUALIFIER_GAP.match(gap):
            break
        m, idx = nxt, idx + 1
    return m


_SINGULAR_S = frozenset(("headquarters", "barracks", "premises", "outskirts", "it"))


def _back_reference(ctx: _Sentence, pos: int) -> list[Mention]:
    """The place an object without a name points back to ("took control of the
    town", "shelled the army base there", "seized it"): the sentence's first place
    before it, the one the sentence is about."""
    found = _BACK_OBJECT.match(ctx.between(pos, min(ctx.span.end, pos + 60)))
    if not found:
        return []
    noun = found.group().split()[-1]
    if noun == "there":
        noun = found.group().split()[-2]
    if noun.endswith("s") and noun not in _SINGULAR_S:
        return []  # "the villages beyond it": several places, not the one named
    first = next((m for m in ctx.places if m.end <= pos), None)
    return [] if first is None else _referents(first, ctx)


def _place_before(
    ctx: _Sentence, pos: int, *, gap: re.Pattern[str] | None
) -> Mention | None:
    for i in range(len(ctx.places) - 1, -1, -1):
        m = ctx.places[i]
        if m.end > pos:
            continue
        if gap is None or gap.match(ctx.between(m.end, pos)):
            head = ctx.places[i - 1] if i else None
            if (
                head is not None
                and head.place is None
                and head.kind == "place"
                and _SITE_IN.match(ctx.between(head.end, m.start))
            ):
                return head  # "the Western Command headquarters in Ann was lost"
            if (
                head is not None
                and head.place is not None
                and _APPOSITION_IN.match(ctx.between(head.end, m.start))
            ):
                return head  # "P, the last city in R still held by X": P is held
            return m
        return None
    return None


_SITE_IN = re.compile(r"^\s+(?:in|at|near|outside)\s+(?:the\s+)?$")
#: A place described by a noun of the region it lies in: "P, the last major city in
#: R", "P, the capital of R".
_APPOSITION_IN = re.compile(
    r"^\s*,\s+(?:the|a|an)\s+(?:[\w\-']+\s+){0,4}?(?:city|town|village|capital|"
    r"stronghold|bastion|hub|port|enclave|garrison|base|seat|outpost)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:[\w\-']+\s+)?$"
)


def _place_nearest(ctx: _Sentence, trig: Trigger) -> Mention | None:
    if not ctx.places:
        return None
    return min(
        ctx.places,
        key=lambda m: (
            (trig.start - m.end) if m.end <= trig.start else (m.start - trig.end)
        ),
    )


# --- claim building -------------------------------------------------------------------


def _claim(
    ctx: _Sentence,
    type_: str,
    faction: str | None,
    place: Mention,
    *,
    confidence: float,
    **extra,
) -> Claim:
    return Claim(
        doc=ctx.doc.id,
        type=type_,
        faction=faction,
        place=place,
        sentence=ctx.span.text,
        start=ctx.span.start,
        end=ctx.span.end,
        confidence=max(0.05, min(1.0, confidence)),
        date=ctx.doc.date,
        quoted_by=_quoted_once(ctx),
        **extra,
    )


def _quoted_once(ctx: _Sentence) -> str | None:
    """:func:`_quoted_by`, read once per sentence and only for one with a claim."""
    if ctx.quoted_by is _UNREAD:
        ctx.quoted_by = _quoted_by(ctx)
    return ctx.quoted_by  # type: ignore[return-value]


def _quoted_by(ctx: _Sentence) -> str | None:
    """Who the sentence reports: a faction when one says it, else the speaker's words."""
    speech = _SPEECH.search(ctx.between(ctx.span.start, ctx.span.end))
    if not speech:
        return None
    pos = ctx.span.start + speech.start()
    if any(t.start < pos for t in ctx.triggers if t.cls != "allegiance"):
        return None  # the speech verb comes after the claim: not a report of it
    for f in ctx.factions:
        if f.end <= pos:
            return f.faction
    head = ctx.original(ctx.span.start, pos)
    speaker = re.split(r"[,;:]", head)[-1].strip(" \"'\u201c\u201d-")
    words = speaker.split()
    if not words or len(words) > 8 or words[0].lower() in ("he", "she", "they", "it"):
        return None
    return speaker


# --- handlers, one per trigger class --------------------------------------------------


def _on_control(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    if _HANDED_OVER_LEAD.search(
        ctx.between(max(ctx.span.start, trig.start - 30), trig.start)
    ):
        return []  # "X handed over control of P to Y": Y's (the handover row)
    actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    places = _places_after(ctx, trig.end, trig, gap=_OBJECT_GAP, listed=True)
    if not places:
        places = _relative_object(ctx, trig) or _back_reference(ctx, trig.end)
    if places:
        shrunk = _SHRUNK_TO.match(ctx.between(places[-1].end, places[-1].end + 60))
        if shrunk:
            pos = places[-1].end + shrunk.end()
            places = _places_after(ctx, pos, trig, gap=_POCKET_GAP) or places
    if places:  # "X controls most of R, including P and Q": R, P and Q
        incl = _INCLUDING_AFTER.match(ctx.between(places[-1].end, places[-1].end + 50))
        if incl:
            places += _places_after(
                ctx, places[-1].end + incl.end(), trig, gap=_OBJECT_GAP, listed=True
            )
    actors = _with_coactors(ctx, actor, trig)
    if places:
        along = _ALONGSIDE_AFTER.match(ctx.between(places[-1].end, places[-1].end + 40))
        side = (
            _object_faction(ctx, places[-1].end, places[-1].end + along.end() + 30)
            if along
            else None
        )
        if side is not None and side not in actors:  # "X hold P alongside Y"
            actors.append(side)
    return [
        _claim(ctx, "control", a, p, confidence=rule.confidence * conf)
        for a in actors
        for p in places
    ]


_INCLUDING_AFTER = re.compile(
    r"^\s*,\s*(?:including|notably|especially|among\s+them)\s+(?:the\s+)?"
    r"(?:(?:main\s+|key\s+)?(?:towns?|cities|city|capitals?)\s+of\s+)?"
)
_SHRUNK_TO = re.compile(
    r"^[^,;.]{0,30}?\b(?:had\s+|has\s+|have\s+|was\s+|been\s+)*(?:shr[ua]nk|reduced|"
    r"confined|limited|narrowed)\s+to\b"
)
_POCKET_GAP = re.compile(
    r"^\s*(?:(?:an?|the)\s+)?(?:[\w\-]+\s+){0,3}?(?:in|around|near|at|of)?\s*"
    r"(?:the\s+)?$"
)
_ALONGSIDE_AFTER = re.compile(
    r"^\s+(?:alongside|together\s+with|along\s+with|jointly\s+with)\s+(?:the\s+)?"
)


# an admin note may stand between: "Lashio town (Lashio, Shan-North), which X took"
_RELATIVE_LEAD = re.compile(
    r"(?:\s*\([^()]{0,60}\))?\s*,\s*(?:which|that|whom)\s+(?:the\s+)?$"
)
_BARE_SITE = re.compile(r"^\s*(?:town|city|village|district)?\s*$")
_RELATIVE_TAIL = re.compile(
    r"^\s+(?:(?:had|has|have|just|already|only|recently|briefly)\s+){0,2}$"
)


def _relative_object(ctx: _Sentence, trig: Trigger) -> list[Mention]:
    """ "P, which X had captured in May": the place the relative clause is about."""
    f = next((f for f in reversed(ctx.factions) if f.end <= trig.start), None)
    if f is None or not _RELATIVE_TAIL.match(ctx.between(f.end, trig.start)):
        return []
    lead = ctx.original(max(ctx.span.start, f.start - 90), f.start)
    found = _RELATIVE_LEAD.search(lead)
    if found is None:
        return []
    place = _place_before(ctx, f.start - len(lead) + found.start(), gap=_BARE_SITE)
    return [] if place is None else _referents(place, ctx)


_AND_ACTORS = re.compile(
    r"^(?:['\u2019]s)?(?:\s+[\w\-]+){0,2}\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
    r"(?:[\w\-]+\s+){0,1}$"
)


def _with_coactors(ctx: _Sentence, actor: str, trig: Trigger) -> list[str]:
    """ "X and Y captured P": one claim per actor joined by "and"."""
    before = [f for f in ctx.factions if f.end <= trig.start]
    idx = next(
        (i for i in range(len(before) - 1, -1, -1) if before[i].faction == actor), None
    )
    if idx is None:
        return [actor]
    out = [actor]
    for i in range(idx - 1, -1, -1):
        if not _AND_ACTORS.match(ctx.between(before[i].end, before[i + 1].start)):
            break
        lead = ctx.between(max(ctx.span.start, before[i].start - 40), before[i].start)
        if _OBJECT_BEFORE.search(lead) and not _WITH_LEAD.search(lead):
            break  # ("with X and Y dug in around P": an absolute clause, both act)
        if before[i].faction not in out:
            out.append(before[i].faction)
    return out


def _on_lost(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "X lost P (to Y)": Y, or X's one opponent, holds P."""
    loser, conf = _subject(ctx, trig)
    if loser is None:
        return []
    handover = trig.word.lower().startswith(("hand", "turn"))
    gap = _HANDOVER_GAP if handover else _OBJECT_GAP
    start, governs = trig.end, trig
    if handover:  # "handed over control of P": the place after "control of"
        control = next((t for t in ctx.triggers if t.start >= trig.end), None)
        if control is not None and _HANDED_CONTROL.match(
            ctx.between(trig.end, control.end)
        ):
            start, governs = control.end, control
    places = _places_after(ctx, start, governs, gap=gap, listed=True)
    if not places:
        return []
    winner = None
    tail = ctx.between(places[-1].end, min(ctx.span.end, places[-1].end + 60))
    to = _HANDED_TO.match(tail) if handover else re.match(r"^\s+to\b", tail)
    if to:
        winner = _pick(ctx, places[-1].end, places[-1].end + 60)
    elif handover:
        return []  # "X handed over P": to a partner or to the enemy, unsaid
    if handover:
        if winner is None or winner == loser:
            return []
        return [
            _claim(ctx, "control", winner, p, confidence=rule.confidence * conf * 0.9)
            for p in places
        ]
    winner = (
        winner
        or ctx.registry.opponent(loser)
        or _later_agent(ctx, places[-1].end, loser)
    )
    if winner is None or winner == loser:
        return []
    return [
        _claim(ctx, "control", winner, p, confidence=rule.confidence * conf * 0.9)
        for p in places
    ]


#: What a side hands over: P itself, control of P, or its posts in P.
_HANDOVER_GAP = re.compile(
    r"^\s*(?:(?:the\s+)?(?:full\s+)?control\s+of\s+|(?:their|its|his|the|all|"
    r"several|key)\s+(?:[\w\-]+\s+){0,2}?(?:positions?|bases?|posts?|checkpoints?|"
    r"garrisons?|barracks|headquarters|sectors?)\s+(?:in|at|near|around|of|"
    r"outside)\s+)?" + _OBJECT_GAP.pattern[1:]
)
_HANDED_CONTROL = re.compile(
    r"^\s+(?:the\s+)?(?:full\s+|military\s+|security\s+)?control\s+(?:of|over)$"
)
#: "handed over (the) control of P": no control for the side that hands it over.
_HANDED_OVER_LEAD = re.compile(
    r"\b(?:hand(?:ed|s|ing)|turn(?:ed|s|ing))\s+over\s+(?:the\s+)?(?:full\s+|"
    r"military\s+|security\s+)?$"
)
#: The recipient after the handed place: "... P (over) to Y".
_HANDED_TO = re.compile(r"^\s+(?:over\s+)?to\b")


def _later_agent(ctx: _Sentence, pos: int, loser: str) -> str | None:
    """ "X lost P after a push by Y": the opponent of X named after "by"."""
    for f in ctx.factions:
        if f.start < pos:
            continue
        lead = ctx.between(max(pos, f.start - 8), f.start)
        if re.search(r"\bby\s+(?:the\s+)?$", lead):
            if f.faction in ctx.registry.opponents(loser):
                return ctx.registry.party_of(f.faction)
    return None


_NOUN_OF = re.compile(r"^\s+of\s+")
_NOUN_AGENT = re.compile(r"^[\s,]*(?:[\w'\-]+\s+){0,2}?(?:by|to)\s")
_POSSESSOR = re.compile(r"^(?:['\u2019]s?)?\s+(?:[\w\-]+\s+)?$")


def _on_noun(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "the capture of P by X", "X's seizure of P", "the fall of P to X"."""
    head = ctx.between(trig.end, min(ctx.span.end, trig.end + 12))
    if not _NOUN_OF.match(head):
        return []
    places = _places_after(ctx, trig.end, trig, gap=_OBJECT_GAP, listed=True)
    if not places:
        return []
    actor = None
    end = places[-1].end
    agent = _NOUN_AGENT.match(ctx.between(end, min(ctx.span.end, end + 40)))
    if agent:
        actor = _pick(ctx, end, min(ctx.span.end, end + agent.end() + 60))
    if actor is None and not trig.word.lower().startswith("fall"):
        actor = next(
            (
                f.faction
                for f in reversed(ctx.factions)
                if f.end <= trig.start
                and trig.start - f.end <= 16
                and _POSSESSOR.match(ctx.between(f.end, trig.start))
            ),
            None,
        )
    if actor is None and not trig.word.lower().startswith("fall"):
        actor = _announcer(ctx, trig)  # "X announced the liberation of P"
    if actor is None:
        return []
    return [
        _claim(ctx, "control", actor, p, confidence=rule.confidence) for p in places
    ]


_ANNOUNCED = re.compile(
    r"^(?:['\u2019]s)?(?:\s+[\w\-]+){0,2}?\s+(?:announced|declared|proclaimed|"
    r"confirmed|reported|celebrated|hailed)\s+(?:the\s+)?"
    r"(?:(?:full|complete|total)\s+)?$"
)


def _announcer(ctx: _Sentence, trig: Trigger) -> str | None:
    """The side that announces its own gain: "X announced the liberation of P"."""
    for f in reversed(ctx.factions):
        if f.end <= trig.start:
            announced = _ANNOUNCED.match(ctx.between(f.end, trig.start))
            if announced and ctx.registry.is_party(f.faction):
                return f.faction
            return None
    return None


_HYPHEN_GLUE = re.compile(r"^\s*-\s*$|^\s*\u2010\s*$")


def _on_adjective(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "the X-held P", "X-controlled P": the side glued to the word holds the place
    that follows; the same words unglued are verbs ("X held P")."""
    glued = next(
        (
            f
            for f in reversed(ctx.factions)
            if f.end <= trig.start
            and trig.start - f.end <= 2
            and _HYPHEN_GLUE.match(ctx.original(f.end, trig.start))
        ),
        None,
    )
    side = glued.faction if glued is not None else _glued_word_side(ctx, trig)
    if side is not None:
        lead = ctx.between(max(ctx.span.start, trig.start - 30), trig.start)
        before_capture = re.search(
            r"\b(?:last|remaining|former|once)\s+[\w\-]+-$", lead
        )
        if before_capture and any(t.cls in _CHANGE_CLASSES for t in ctx.triggers):
            return []  # "the last IS-held pocket": the state before the capture
        places = _places_after(ctx, trig.end, trig, gap=_ADJ_GAP, listed=True)
        if not places:  # "P is now firmly X-held", "P, the last X-held town"
            if glued is not None:
                word_start = glued.start
            else:
                lead_word = _GLUED_WORD.search(
                    ctx.original(max(0, trig.start - 30), trig.start)
                )
                word_start = trig.start - len(lead_word.group()) if lead_word else 0
            head = _place_before(ctx, word_start, gap=_PREDICATE_GAP)
            places = _referents(head, ctx) if head else []
        return [
            _claim(ctx, "control", side, p, confidence=rule.confidence) for p in places
        ]
    if trig.word.lower() == "run" or _passive(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
    return _on_control(ctx, trig, BY_CLASS["control"])


_CHANGE_CLASSES = frozenset(
    {
        "control",
        "control_passive",
        "control_fell",
        "control_noun",
        "control_lost",
        "expel",
    }
)
_PREDICATE_GAP = re.compile(
    r"^\s+(?:is|are|was|were|remains?|remained|has\s+been|had\s+been|stays?)\s+"
    r"(?:(?:now|still|firmly|largely|fully|entirely|effectively|already)\s+){0,2}$"
    r"|^\s*,\s*(?:the|an?)\s+"
    r"(?:(?:last|only|first|main|remaining|largest|biggest)\s+)?$"
)
_ADJ_GAP = re.compile(
    r"^\s*" + _WHEN + r"(?:[\w'\-]+\s+){0,3}?(?:(?:of|in|near|at)\s+)?(?:the\s+)?$"
)


_GLUED_WORD = re.compile(r"([A-Za-z][\w']*)\s*[-\u2010]\s*$")


def _glued_word_side(ctx: _Sentence, trig: Trigger) -> str | None:
    """ "rebel-held", "government-controlled": the word before the hyphen names a
    side once made plural or a force ("rebels", "government forces")."""
    found = _GLUED_WORD.search(ctx.original(max(0, trig.start - 30), trig.start))
    if found is None:
        return None
    word = found.group(1)
    for probe in (word, word + "s", word + " forces", "the " + word):
        hits = ctx.registry.matches(probe)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(probe):
            return hits[0].faction
    return None


def _on_repel(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "X repelled an attack by Y on P": Y struck X at P, and X holds P."""
    defender, conf = _subject(ctx, trig)
    tail = ctx.between(trig.end, min(ctx.span.end, trig.end + 60))
    attacker = next(  # "repelled an IS attack"
        (f.faction for f in ctx.factions if trig.start < f.start and f.end <= trig.end),
        None,
    )
    lead = re.match(r"^\s*(?:,\s*)?(?:launched\s+)?(?:by|of|from)\s", tail)
    if lead and attacker is None:
        attacker = _pick(ctx, trig.end, min(ctx.span.end, trig.end + 70))
    if attacker is None:  # "repelled 25 Russian attacks": the adjective in the words
        attacker = next(
            (
                side
                for word in _CAPITALISED.findall(ctx.original(trig.start, trig.end))
                if (side := ctx.registry.adjective_side(word)) is not None
            ),
            None,
        )
    earlier = _earlier_strike(ctx, trig)
    pronoun = trig.word.lower().split()[-1] in ("them", "it")
    if " " not in trig.word.strip():  # bare: "the attack was repelled"
        if earlier is None or not _passive(ctx, trig):
            return []
        places = []
        site_before = False
        while earlier is not None and not places:  # the strike that names a place
            places = _places_after(
                ctx, earlier.end, earlier, gap=None, reach=_REACH["strike"]
            )
            if not places:  # "P was shelled by X, but the attack was repelled"
                places = _struck_site(ctx, earlier)
                site_before = bool(places)
            if not places:
                earlier = _earlier_strike(ctx, earlier)
        if earlier is None:
            return []
        attacker = _strike_attacker(ctx, earlier)
        if site_before:  # the side whose posts in P were struck: "X positions in P"
            defender = _object_faction(
                ctx, max(ctx.span.start, places[0].start - 40), places[0].start
            )
        else:
            defender = _object_faction(
                ctx, earlier.end, places[0].start if places else earlier.end + 60
            )
        defender = defender or (ctx.registry.opponent(attacker) if attacker else None)
        if defender is None or defender == attacker:
            return []
        return [_claim(ctx, "control", defender, p, confidence=0.6) for p in places]
    if pronoun and attacker is None and earlier is not None:
        attacker = _strike_attacker(ctx, earlier)  # "attacked P ... repulsed them"
    if attacker == defender:
        attacker = None
    if defender is None and attacker is not None:  # "troops repelled an attack by Y"
        defender = ctx.registry.opponent(attacker) or _speaker_against(ctx, attacker)
        conf = 0.8
    places = _places_after(ctx, trig.end, trig, gap=None, reach=_REACH["strike"])
    if not places and pronoun and earlier is not None:
        places = _places_after(
            ctx, earlier.end, earlier, gap=None, reach=_REACH["strike"]
        )
    out = []
    for p in places:
        out.append(
            _claim(
                ctx,
                "strike",
                attacker,
                p,
                target=defender,
                confidence=rule.confidence if attacker else 0.5,
            )
        )
        if defender is not None:
            out.append(_claim(ctx, "control", defender, p, confidence=0.7 * conf))
    return out


def _earlier_strike(ctx: _Sentence, trig: Trigger) -> Trigger | None:
    """The strike word before ``trig`` in its sentence (not a kill word)."""
    found = None
    for other in ctx.triggers:
        if other.end > trig.start:
            break
        if other.cls == "strike" and other.word.lower() not in _KILL_WORDS:
            found = other
    return found


def _strike_attacker(ctx: _Sentence, trig: Trigger) -> str | None:
    """Who strikes in ``trig``: the agent after "by", else the subject."""
    return _agent(ctx, trig) or _subject(ctx, trig)[0]


def _speaker_against(ctx: _Sentence, attacker: str) -> str | None:
    """The side that tells of an attack on it ("..., the military said")."""
    for found in _SPEECH.finditer(ctx.low, ctx.span.start, ctx.span.end):
        f = next(
            (
                f
                for f in reversed(ctx.factions)
                if f.end <= found.start() and found.start() - f.end <= 3
            ),
            None,
        )
        if f is not None and f.faction in ctx.registry.opponents(attacker):
            return f.faction
    return None


_IN_THE = re.compile(r"\b(?:back\s+)?in(?:to)?\s+(?:the\s+)?$")


def _on_control_passive(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    word = trig.word.lower()
    pos = trig.start
    if word == "hands":  # "P remains in X hands": the side right before
        f = next((f for f in reversed(ctx.factions) if f.end <= trig.start), None)
        if f is None or trig.start - f.end > 3:
            return []
        lead = _IN_THE.search(ctx.between(max(ctx.span.start, f.start - 20), f.start))
        if lead is None:
            return []
        actor, pos = f.faction, f.start - (len(lead.group()))
    else:
        actor = _pick(ctx, trig.end, min(ctx.span.end, trig.end + 120))
        if word.startswith("under"):
            actor = _object_faction(ctx, trig.start, trig.end) or actor
        elif word.startswith("hand") and not word.startswith("handed"):  # "in the
            # hands of X" ("P was handed over to X" needs no "in the")
            lead = _IN_THE.search(ctx.between(max(ctx.span.start, pos - 20), pos))
            if lead is None:
                return []
            pos -= len(lead.group())
    if actor is None and _OWN_MEN.match(ctx.between(trig.end, trig.end + 30)):
        actor = next(  # "in the hands of his men": the speaker's side
            (f.faction for f in ctx.factions if ctx.registry.is_party(f.faction)), None
        )
    if actor is None:
        return []
    place = _appositive_head(ctx, pos) or _place_before(ctx, pos, gap=_BEFORE_GAP)
    if (
        place is None
        and ctx.places
        and ctx.places[0].start == ctx.span.start
        and _PARTICIPLE_LEAD.search(ctx.between(max(ctx.span.start, pos - 3), pos))
    ):
        place = ctx.places[0]  # "Derna remained the only town ..., held by X"
    if place is None:
        back = _BACK_SUBJECT.search(ctx.between(max(ctx.span.start, pos - 60), pos))
        if back is None:
            return []
        place = next((m for m in ctx.places if m.end <= pos - len(back.group())), None)
        if place is None:
            return []
    places = [place] + [  # "P, including Q, remains under ..."
        m
        for m in ctx.places
        if place.end < m.start
        and m.end <= pos
        and _INCLUDING.match(ctx.between(place.end, m.start))
    ]
    return [
        _claim(ctx, "control", actor, r, confidence=rule.confidence)
        for p in places
        for r in _referents(p, ctx)
    ]


_OWN_MEN = re.compile(
    r"^\s*(?:his|her|their|its|our)\s+(?:men|forces|fighters|troops)\b"
)
_INCLUDING = re.compile(r"^\s*,\s*(?:including|notably|especially)\s+(?:the\s+)?$")
#: "the town was still in the hands of X": the subject points back to a place.
_BACK_SUBJECT = re.compile(
    r"\b(?:the\s+(?:" + "|".join(_SITE_WORDS) + r")|it)\s+(?:(?:is|was|are|were|"
    r"remains?|remained|still|now|back|again)\s+){0,3}$"
)


_APPOSITIVE = re.compile(r"^\s*,[^;:()]{1,120}?,\s*")


def _appositive_head(ctx: _Sentence, pos: int) -> Mention | None:
    """ "Donetsk, the regional capital, remains under ...": the place before the
    inserted phrase, not a place inside it."""
    for m in ctx.places:
        if m.end > pos:
            return None
        tail = ctx.between(m.end, pos)
        found = _APPOSITIVE.match(tail)
        if found and _BEFORE_GAP.match(tail[found.end() :]):
            return m
        if not _CLAUSE_FREE.match(ctx.between(ctx.span.start, m.start)):
            return None
    return None


_CLAUSE_FREE = re.compile(r"^[^,;:()]*$")


def _on_expel(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "X were expelled from P" -> X's opponent holds P; "X expelled Y from P" -> X."""
    if _passive(ctx, trig):
        loser, conf = _subject(ctx, trig)
        winner = _agent(ctx, trig)
        if winner is None and loser is not None:
            winner = ctx.registry.opponent(loser)
        conf *= 0.8
    else:
        winner, conf = _subject(ctx, trig)
    if winner is None:
        return []
    places = _from_places(ctx, trig)
    return [_claim(ctx, "control", winner, p, confidence=0.9 * conf) for p in places]


def _from_places(ctx: _Sentence, trig: Trigger) -> list[Mention]:
    """The place after "from" (after the object in "expelled X from P"), or the
    nearest earlier one for "from it"/"from there"."""
    pos = trig.end
    for f in ctx.factions:  # skip the object: "expelled Haftar's forces from"
        if trig.end <= f.start <= trig.end + 12:
            tail = ctx.original(f.end, min(ctx.span.end, f.end + 30))
            skip = re.match(
                r"^(?:['\u2019]s)?(?:\s+(?:forces|troops|fighters|units))?", tail
            )
            pos = f.end + (skip.end() if skip else 0)
            break
    else:  # an object no side names: "cleared the extremist force from P"
        if not trig.word.lower().endswith(("from", "of")):
            obj = _UNNAMED_OBJECT.match(ctx.between(pos, min(ctx.span.end, pos + 60)))
            if obj:
                pos += obj.end()
    tail = ctx.between(pos, ctx.span.end)
    if _FROM_PRONOUN.match(tail) and not _places_after(ctx, pos, trig, gap=_OBJECT_GAP):
        before = _place_before(ctx, trig.start, gap=None)
        return _referents(before, ctx) if before else []
    return _places_after(ctx, pos, trig, gap=_OBJECT_GAP, listed=True)


_UNNAMED_OBJECT = re.compile(
    r"^\s+(?:the\s+|an?\s+|all\s+)?(?:[\w\-'\u2019]+\s+){0,3}?(?:forces?|fighters|"
    r"militants|militias?|elements|remnants|gunmen|groups?|terrorists|insurgents|"
    r"rebels|troops|units)\s+(?=from\b|out\s+of\b)"
)


def _on_withdraw(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """A demand to withdraw implies the side holds the places; a withdrawal that
    happened is a movement away from them (one under a condition has not)."""
    mood = _mood(ctx, trig)
    if mood == "fact" and (
        _conditional(ctx, trig)  # "if the army reaches P, X will withdraw from Q"
        or _question(ctx)
    ):
        mood = "hypothetical"
    if trig.word.lower().startswith("leave") and mood != "demand":
        return []  # "could leave the town vulnerable"
    actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    lead = ctx.between(max(ctx.span.start, trig.start - 60), trig.start)
    own = _OWN_SUBJECT.search(lead)
    if own and not any(
        trig.start - len(lead) + own.start() <= f.start < trig.start
        for f in ctx.factions
    ):
        return []  # "X swept into P as government troops abandoned their posts"
    origins = _from_places(ctx, trig)
    if (
        not origins
        and mood == "fact"
        and not _passive(ctx, trig)  # "patients were evacuated": not a side leaving
        and _INTRANSITIVE.match(ctx.between(trig.end, trig.end + 30))
        and not _FUTURE_BEFORE.search(
            ctx.between(max(ctx.span.start, trig.start - 20), trig.start)
        )
        and (
            _left_in_clause(ctx, trig)
            # "X entered P briefly before withdrawing": the sentence's subject
            or _SHARED_SUBJECT.search(
                ctx.between(max(ctx.span.start, trig.start - 20), trig.start)
            )
        )
    ):
        # "after X withdrew the day before"
        before = _place_before(ctx, trig.start, gap=None)
        origins = _referents(before, ctx) if before else []
    if not origins:
        return []
    if mood in ("demand", "hypothetical"):
        return [
            _claim(ctx, "control", actor, p, implied=True, confidence=0.4 * conf)
            for p in origins
        ]
    dest = _places_after(ctx, origins[-1].end, trig, gap=_TO_GAP)
    return [
        _claim(
            ctx,
            "movement",
            actor,
            dest[0] if dest else o,
            kind="withdrawal",
            origin=o,
            confidence=0.8 * conf,
        )
        for o in origins
    ]


def _left_in_clause(ctx: _Sentence, trig: Trigger) -> bool:
    """The side that left is named (or a pronoun) in the verb's own clause: not in
    "X took P after the garrison retreated", where the garrison names no side."""
    clause = _clause_before(ctx, trig.start)
    begin = trig.start - len(clause)
    return bool(_PRONOUN_SUBJECT.search(clause)) or any(
        begin <= f.start < trig.start for f in ctx.factions
    )


#: A withdrawal verb with no place after it: it left the place its sentence names.
_INTRANSITIVE = re.compile(
    r"^\s*(?:[,.;]|$|the\s+(?:previous|day|night|same|next)\b|(?:on|last|this)\s+"
    r"\w+day\b|earlier\b|overnight\b|yesterday\b|hours\b|days\b|later\b|soon\b|"
    r"shortly\b)"
)
#: A clause with a subject of its own that names no side: "as government troops".
_OWN_SUBJECT = re.compile(
    r"\b(?:as|while|when|after|before|because|since|once|until|whereas)\s+(?:the\s+|"
    r"their\s+|its\s+|some\s+|many\s+)?(?:[\w\-]+\s+){0,2}?(?:troops|forces|soldiers|"
    r"fighters|units|garrison|defenders|army|militants|men|residents|civilians|people|"
    r"families|police)\s+(?:(?:had|have|has|were|was|also|hastily|reportedly)\s+)*$"
)
#: "and will withdraw soon": a withdrawal still to come.
_WILL_BEFORE = re.compile(
    r"\b(?:will|shall|going\s+to|(?:is|are)\s+(?:set|due|about)\s+to)\s+"
    r"(?:(?:soon|now|then|also|begin|start)\s+(?:to\s+)?)?$"
)
#: Verbs whose future is the state now: "will maintain / keep / hold P".
_LASTING = re.compile(r"(?:maintain|keep|kept|hold|held|remain|retain|continu|stay)")
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|would|could|might|may|to|going\s+to)\s+(?:\w+\s+)?$"
)
#: A verb that shares the sentence's subject: "X entered P before withdrawing",
#: "X took P and withdrew the next day".
_SHARED_SUBJECT = re.compile(r"\b(?:before|and(?:\s+then)?|then|but)\s+(?:later\s+)?$")
_DEFEAT_GAP = re.compile(
    r"^\s*(?:[\w']+\s+){0,2}?(?:in|at|near|around|outside|on)\s+"
    r"(?:the\s+)?(?:(?:city|town|area|region)\s+of\s+)?$",
)
_TO_GAP = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:to|towards?|into)\s+(?:the\s+)?$")


def _on_defeat(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "defeats of X in P" / "X was defeated in P" -> X's opponent holds P;
    "X defeated Y in P" -> X holds P."""
    loser = _of_owner(ctx, trig)
    pos = trig.end
    if loser is not None:
        owner = next(f for f in ctx.factions if f.start >= trig.end)
        pos = owner.end
        winner = ctx.registry.opponent(loser)
    elif _passive(ctx, trig):
        loser, _ = _subject(ctx, trig)
        winner = _agent(ctx, trig) or (ctx.registry.opponent(loser) if loser else None)
    else:
        winner, _ = _subject(ctx, trig)
        obj = _object_faction(ctx, trig.end, trig.end + 60)
        if obj is not None:
            pos = next(f for f in ctx.factions if f.start >= trig.end).end
    if winner is None:
        return []
    places = _places_after(ctx, pos, trig, gap=_DEFEAT_GAP, listed=True)
    return [_claim(ctx, "control", winner, p, confidence=0.7) for p in places]


_IN_GAP = re.compile(r"^\s+(?:in|at|around|across)\s+(?:the\s+)?$")


def _on_split(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "The groups had divided the north between them: X in P and Y in Q and R":
    after the colon, each side holds the places said "in" after it."""
    colon = ctx.low.find(":", trig.end, ctx.span.end)
    if colon < 0 or colon - trig.end > 60:
        return []
    out: list[Claim] = []
    sides = [f for f in ctx.factions if f.start > colon]
    for i, f in enumerate(sides):
        stop = sides[i + 1].start if i + 1 < len(sides) else ctx.span.end
        held: list[Mention] = []
        for m in ctx.places:
            if m.start <= f.end or m.start >= stop:
                continue
            gap = ctx.between(held[-1].end if held else f.end, m.start)
            if not (_LIST_GAP if held else _IN_GAP).match(gap):
                break
            held.append(m)
        out.extend(
            _claim(ctx, "control", f.faction, p, confidence=rule.confidence)
            for m in held
            for p in _referents(m, ctx)
        )
    return out


def _on_allegiance(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """ "The elders of P declared their support for X": P's people side with X."""
    subject = ctx.between(ctx.span.start, trig.start)
    if not _GROUP_NOUNS.search(subject):
        return []
    faction = _object_faction(ctx, trig.end, min(ctx.span.end, trig.end + 120))
    if faction is None and trig.word.lower().split()[-1] in ("sides", "defected"):
        # "X took P after the unit based in the city switched sides": to X
        faction = next(
            (
                f.faction
                for f in ctx.factions
                if f.end <= trig.start and ctx.registry.is_party(f.faction)
            ),
            None,
        )
    if faction is None:
        return []
    place = next((m for m in ctx.places if m.end <= trig.start), None)
    if place is None:  # "sided with X near P", "threw in their lot with X in P"
        side = next(
            f for f in ctx.factions if f.start >= trig.end and f.faction == faction
        )
        place = next(
            (
                m
                for m in ctx.places
                if side.end <= m.start <= side.end + 70
                and not _CLAUSE.search(ctx.between(side.end, m.start).replace(",", " "))
            ),
            None,
        )
    if place is None:
        return []
    return [
        _claim(ctx, "allegiance", faction, p, confidence=0.8)
        for p in _referents(place, ctx)
    ]


_SIEGE_WORDS = frozenset({"besieged", "encircled", "surrounded", "blockaded"})


def _on_position(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    if _blocks(trig) and (
        _REINFORCEMENT_NEAR.search(
            ctx.between(max(ctx.span.start, trig.start - 60), trig.start)
        )
        or _DEPLOYMENT_AFTER.search(ctx.between(trig.end, ctx.span.end))
    ):  # "reinforcements arrived in P", "troops arrived in P as part of a deployment"
        return _on_movement(ctx, trig, BY_CLASS["reinforce"], kind="reinforcement")
    if not _blocks(trig) and _struck_object(ctx, trig):
        return []  # "X shelled Y positions in P": one strike, no position for Y
    if not _blocks(trig) and _LAST_BEFORE.search(
        ctx.between(max(ctx.span.start, trig.start - 20), trig.start)
    ):
        return []  # "one of the last IS positions in the city": before its capture
    struck = not _blocks(trig) and _STRUCK_AFTER.match(
        ctx.between(trig.end, min(ctx.span.end, trig.end + 90))
    )
    if struck:  # "the positions of X in P were neutralised by Y": Y struck X at P
        by = trig.end + struck.end()
        attacker = _pick(ctx, by, min(ctx.span.end, by + 60))
        places = _places_after(ctx, trig.end, trig, gap=None, reach=_REACH["position"])
        return [
            _claim(
                ctx,
                "strike",
                attacker,
                p,
                target=_of_owner(ctx, trig),
                confidence=0.7,
            )
            for p in places
            if p.end <= by
        ]
    if _SIEGE_NOUN.search(trig.word.lower()):
        return _siege(ctx, trig)
    if trig.word.lower() in _SIEGE_WORDS:  # "P has been besieged by X since May"
        agent = _agent(ctx, trig, reach=60)
        site = []
        if agent:
            site = _struck_site(ctx, trig) or _besieged_apposition(ctx, trig)
        if site:
            return [_claim(ctx, "position", agent, p, confidence=0.8) for p in site]
    actor = _of_owner(ctx, trig)
    conf = 1.0
    if actor is None and not _blocks(trig):  # "LNA positions", "Haftar's strongholds"
        actor = next(
            (
                f.faction
                for f in ctx.factions
                if 0 <= trig.start - f.end <= 12
                and _ADJACENT.match(ctx.between(f.end, trig.start))
            ),
            None,
        )
    elif actor is None:
        actor, conf = _subject(ctx, trig)
        if _FELL_BACK.match(trig.word.lower()) and not _left_in_clause(ctx, trig):
            return []  # "X took P after the soldiers retreated to Q": not X
    if actor is None and _HOLD_OUT.match(trig.word.lower()):
        return _held_out_against(ctx, trig)  # "P, surrounded by X, held out"
    if actor is None:
        return []
    places = _places_after(ctx, trig.end, trig, gap=None, reach=_REACH["position"])
    if not places and _BACK_LOCATIVE.match(ctx.between(trig.end, trig.end + 60)):
        first = next((m for m in ctx.places if m.end <= trig.start), None)
        places = _referents(first, ctx) if first else []  # "along its perimeter"
    if (
        not places
        and trig.word.lower().startswith("arriv")
        and _ARRIVAL_LEAD.search(
            ctx.between(max(ctx.span.start, trig.start - 60), trig.start)
        )
        and _left_in_clause(ctx, trig)
    ):  # "X fled P after the national army arrived": the army is in P
        before = _place_before(ctx, trig.start, gap=None)
        places = _referents(before, ctx) if before else []
    if not places and _HOLD_OUT.match(trig.word.lower()):
        places = _holdout_place(ctx, trig, actor)  # "X fighters in P ... held out"
    actors = _with_coactors(ctx, actor, trig) if _blocks(trig) else [actor]
    return [
        _claim(ctx, "position", a, p, confidence=0.8 * conf)
        for a in actors
        for p in places
    ]


_ARRIVAL_LEAD = re.compile(
    r"\b(?:after|when|as\s+soon\s+as|once)\s+(?:[\w\-'\u2019]+\s+){1,5}"
    r"(?:(?:had|have|has|finally|first)\s+)?$"
)
_FELL_BACK = re.compile(r"^(?:fell\s+back|retreat(?:ed|ing|s))\s+to$")
_SIEGE_NOUN = re.compile(r"\bsieges?\b|\bencirclement\b|\bblockades?\b")
#: A siege that ends: "X lifted the siege of P", "broke the encirclement of P".
_SIEGE_ENDS = re.compile(
    r"\b(?:lift(?:ed|s|ing)?|br(?:oke|oken|eak|eaks|eaking)(?:\s+through)?|"
    r"end(?:ed|s|ing)?|"
    r"rais(?:e|ed|es|ing)|escap(?:e|ed|es|ing)|bust(?:ed)?|after)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w\-']+\s+){0,2}?$"
)
_SIEGE_BY = re.compile(r"^\s*(?:,\s*)?(?:(?:which|that)\s+)?(?:[\w\-]+\s+){0,2}?by\s")


def _siege(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """ "X laid siege to P", "the siege of P by X", "X's siege of P", "X imposed a
    siege on P", "completed the encirclement of P": the besieger's position at P;
    nothing for a siege that ends ("lifted the siege of P")."""
    lead = ctx.between(max(ctx.span.start, trig.start - 40), trig.start)
    ends = _SIEGE_ENDS.search(lead)
    if ends:
        return _siege_broken(ctx, trig, trig.start - len(lead) + ends.start())
    places = _places_after(ctx, trig.end, trig, gap=_OBJECT_GAP)
    if not places:
        return []
    actor = None
    tail = ctx.between(places[-1].end, min(ctx.span.end, places[-1].end + 40))
    by = _SIEGE_BY.match(tail)
    if by:
        end = places[-1].end
        actor = _pick(ctx, end, min(ctx.span.end, end + by.end() + 50))
    conf = 1.0
    if actor is None:
        actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    return [_claim(ctx, "position", actor, p, confidence=0.8 * conf) for p in places]


_BROKE = re.compile(
    r"^(?:br(?:oke|oken|eak|eaks|eaking)(?:\s+through)?|lift(?:ed|s|ing)?|"
    r"rais(?:e|ed|es|ing)|bust(?:ed)?)\b"
)


def _siege_broken(ctx: _Sentence, trig: Trigger, verb: int) -> list[Claim]:
    """ "Y broke / lifted X's siege of P": P is held by Y, the side that relieved it
    (nothing when Y is the besieger lifting its own siege, or does not oppose it)."""
    if not _BROKE.match(ctx.between(verb, trig.start)):
        return []
    places = _places_after(ctx, trig.end, trig, gap=_OBJECT_GAP)
    if not places:
        return []
    relief, conf = _subject(ctx, dataclasses.replace(trig, start=verb, end=verb))
    if relief is None:
        return []
    glued = _object_faction(ctx, verb, trig.start)  # "the RSF siege"
    tail = ctx.between(places[-1].end, min(ctx.span.end, places[-1].end + 40))
    by = _SIEGE_BY.match(tail)
    besieger = glued or (
        _pick(ctx, places[-1].end, places[-1].end + by.end() + 50) if by else None
    )
    relief = ctx.registry.party_of(relief)
    if besieger is None or relief not in ctx.registry.opponents(besieger):
        return []
    return [_claim(ctx, "control", relief, p, confidence=0.6 * conf) for p in places]


#: "P, encircled by X", "the besieged town of P, surrounded by X": the participle
#: after a comma describes the place before it.
_APPOSED_SIEGE = re.compile(
    r"^\s*,\s*(?:(?:now|still|long|already|completely|fully|largely|almost|"
    r"nearly)\s+)?$"
)
_HOLD_OUT = re.compile(r"^hold(?:s|ing)?\s+out$|^held\s+out$")
#: The side and where it holds out: "X fighters in P", "the X garrison at P".
_HOLDER_IN = re.compile(
    r"^(?:['\u2019]s)?(?:\s+(?:forces|troops|fighters|garrison|units|soldiers|"
    r"defenders|men))?\s+(?:in|at|inside)\s+(?:the\s+)?(?:(?:city|town|village|"
    r"besieged\s+(?:city|town|village))\s+of\s+)?$"
)
_HOLDER_TAIL = re.compile(
    r"^\s*(?:,[^;:()]{1,80}?,\s*)?(?:(?:still|had|have|has|was|were|is|are)\s+)*$"
)


#: "P, surrounded by X, held out": the besieger between the commas.
_BESIEGED_BY = re.compile(
    r"^\s*,\s*(?:(?:now|still|long|already|completely|fully|largely|almost|nearly)\s+)?"
    r"(?:surrounded|encircled|besieged|blockaded|cut\s+off)\s+(?:on\s+\w+\s+sides\s+)?"
    r"by\s+(?:the\s+)?$"
)
#: "The besieged town of P, ...": the place is still the subject.
_BESIEGED_TOWN_LEAD = re.compile(
    r"^\W*(?:the\s+)?(?:besieged\s+|encircled\s+|surrounded\s+)?(?:[\w\-]+\s+)?"
    r"(?:city|town|village|port|enclave|garrison\s+town)\s+of\s+$"
)
_HELD_OUT_TAIL = re.compile(
    r"^(?:['\u2019]s)?(?:\s+(?:forces|troops|fighters|units|militias?))?\s*"
    r"(?:(?:for|since)\s+[\w\s]{1,30}?)?,\s*"
    r"(?:(?:has|had|have|still|long|so\s+far)\s+)*$"
)


def _held_out_against(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """ "P, surrounded by X, held out": P is still held, by X's one opponent."""
    place = ctx.places[0] if ctx.places else None
    if place is None or place.end > trig.start:
        return []
    lead = ctx.between(ctx.span.start, place.start)
    if not (_SUBJECT_LEAD.match(lead) or _BESIEGED_TOWN_LEAD.match(lead)):
        return []
    f = next((f for f in ctx.factions if place.end < f.start < trig.start), None)
    if f is None or not _BESIEGED_BY.match(ctx.between(place.end, f.start)):
        return []
    if not _HELD_OUT_TAIL.match(ctx.between(f.end, trig.start)):
        return []
    holder = ctx.registry.opponent(ctx.registry.party_of(f.faction))
    if holder is None:
        return []
    return [
        _claim(ctx, "control", holder, p, confidence=0.6)
        for p in _referents(place, ctx)
    ]


def _besieged_apposition(ctx: _Sentence, trig: Trigger) -> list[Mention]:
    """ "P, besieged by X": P; "P, the last city in R held by Y, has been besieged
    by X": P, not R (the place before the inserted phrase)."""
    place = _place_before(ctx, trig.start, gap=_APPOSED_SIEGE) or _appositive_head(
        ctx, trig.start
    )
    return _referents(place, ctx) if place is not None else []


def _holdout_place(ctx: _Sentence, trig: Trigger, actor: str) -> list[Mention]:
    """Where a side named before "held out" holds out: the place said right after
    it ("X fighters in P, surrounded by Y, held out")."""
    f = next(
        (
            f
            for f in reversed(ctx.factions)
            if f.end <= trig.start and f.faction == actor
        ),
        None,
    )
    if f is None:
        return []
    for m in ctx.places:
        if m.start < f.end:
            continue
        if m.end > trig.start or not _HOLDER_IN.match(ctx.between(f.end, m.start)):
            return []
        if not _HOLDER_TAIL.match(ctx.between(m.end, trig.start)):
            return []
        return _referents(m, ctx)
    return []


_LAST_BEFORE = re.compile(r"\b(?:last|remaining)\s+(?:[\w\-]+\s+)?$")
_STRUCK_AFTER = re.compile(
    r"^[^,;:]{0,70}?\b(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?"
    r"(?:neutrali[sz]ed|"
    r"targeted|struck|shelled|bombed|bombarded|destroyed|hit)\s+by\b"
)


_BACK_LOCATIVE = re.compile(
    r"^\s*(?:in|at|along|around|on|inside|near)\s+(?:its|their|the\s+same)\s+"
    r"(?:[\w\-]+\s+){0,2}?(?:perimeter|outskirts|edges?|centre|center|parts?|"
    + "|".join(_SITE_WORDS)
    + r")\b"
)


def _struck_object(ctx: _Sentence, trig: Trigger) -> bool:
    """Whether a position noun is what a strike word just before it hit."""
    for other in reversed(ctx.triggers):
        if other.end > trig.start:
            continue
        if other.cls not in ("strike", "repel"):
            return False
        return trig.start - other.end <= 70 and not _CLAUSE.search(
            ctx.between(other.end, trig.start).replace(",", " ")
        )
    return False


def _on_movement(
    ctx: _Sentence, trig: Trigger, rule: Rule, *, kind: str = "advance"
) -> list[Claim]:
    actor = _of_owner(ctx, trig)
    conf = 1.0
    struck = _moving_object(ctx, trig) if trig.cls == "advance" else None
    if struck is not None:  # "drones struck X columns advancing on P": X advances
        actor = struck[1]
        if actor is None:
            return []
    if actor is None:
        actor, conf = _subject(ctx, trig)
    if trig.cls == "reinforce" and _FOR_BEFORE.search(
        ctx.between(max(ctx.span.start, trig.start - 20), trig.start)
    ):
        return []  # "the main air bridge for government reinforcements into P"
    if actor is None and trig.cls == "reinforce":  # "redeployed X units to P"
        actor = _object_faction(ctx, trig.start, trig.end)
        conf = 0.9
    if actor is None:
        return []
    window = ctx.between(max(ctx.span.start, trig.start - 80), trig.end)
    if trig.cls == "reinforce" or _REINFORCEMENT_NEAR.search(window):
        kind = "reinforcement"
    reach = _REACH["reinforce" if trig.cls == "reinforce" else "advance"]
    origin, dest = _route(ctx, trig, reach=reach)
    if dest is None:
        return []
    return [
        _claim(
            ctx, "movement", actor, p, kind=kind, origin=origin, confidence=0.8 * conf
        )
        for p in _referents(dest, ctx)
    ]


#: What a strike hit while it moved: "(struck) Russian columns advancing on P",
#: "(ambushed) a convoy of rebel fighters heading towards P".
_MOVING_OBJECT = re.compile(
    r"^\s+(?:the\s+|an?\s+|two\s+|three\s+|several\s+)?(?:[\w\-'\u2019]+\s+){0,4}?"
    r"(?:columns?|convoys?|troops|forces|units|vehicles|tanks|armou?r|fighters|"
    r"soldiers|infantry|militants|gunmen|reinforcements|formations|brigades?|"
    r"battalions?)\s+"
    r"(?:(?:that|who)\s+were\s+)?$"
)


def _moving_object(ctx: _Sentence, trig: Trigger) -> tuple[Trigger, str | None] | None:
    """The strike whose object moves in ``trig`` ("struck X columns advancing on
    P") and the side of that object (a side named there, or its national
    adjective; None when it names neither)."""
    if not trig.word.lower().split()[0].endswith("ing"):
        return None
    strike = next((t for t in reversed(ctx.triggers) if t.end <= trig.start), None)
    if strike is None or strike.cls not in ("strike", "repel"):
        return None
    if not _MOVING_OBJECT.match(ctx.between(strike.end, trig.start)):
        return None
    side = _object_faction(ctx, strike.end, trig.start)
    if side is None:
        for word in _CAPITALISED.finditer(ctx.original(strike.end, trig.start)):
            side = ctx.registry.adjective_side(word.group())
            if side is not None:
                break
    return strike, side


def _struck_movers(ctx: _Sentence, trig: Trigger) -> tuple[Trigger, str | None] | None:
    """The movement right after a strike whose object it is, and the object's side."""
    mover = next((t for t in ctx.triggers if t.start >= trig.end), None)
    if mover is None or mover.cls != "advance":
        return None
    found = _moving_object(ctx, mover)
    if found is None or found[0] is not trig:
        return None
    return mover, found[1]


_FOR_BEFORE = re.compile(r"\bfor\s+(?:[\w\-]+\s+)?$")
_VIA_LEAD = re.compile(r"\b(?:along|via|through)\s+(?:the\s+)?$")
_FROM_LEAD = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:city|town|area|base|region|direction)\s+of\s+)?$",
)


def _route(
    ctx: _Sentence, trig: Trigger, *, reach: int
) -> tuple[Mention | None, Mention | None]:
    """Where a movement goes (the first place after the trigger not introduced by
    "from") and where from ("from P", before or after the destination)."""
    limit = _next_trigger_start(ctx, trig)
    origin = dest = None
    pos = trig.end
    for m in ctx.places:
        if m.start < trig.end:
            continue
        if m.start >= limit or m.start - pos > reach:
            break
        lead = ctx.between(max(ctx.span.start, m.start - 40), m.start)
        if _FROM_LEAD.search(lead):
            origin = origin or m
        elif _VIA_LEAD.search(lead):
            pass  # "along the Asian Highway towards P": the way, not the goal
        elif dest is None:
            dest = m
        else:
            break
        pos = m.end
    return origin, dest


def _on_strike(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    killed = trig.word.lower() in _KILL_WORDS
    target: str | None = None
    earlier = _earlier_strike(ctx, trig) if killed else None
    passive_kill = _passive(ctx, trig)
    if killed and passive_kill:
        target, _ = _subject(ctx, trig)
        attacker = _agent(ctx, trig)
    elif earlier is not None and _PARTICIPLE_LEAD.search(
        ctx.between(max(ctx.span.start, trig.start - 6), trig.start)
    ):
        attacker = _strike_attacker(ctx, earlier)
    else:
        attacker = _agent(ctx, trig)
        if attacker is None:
            attacker, _ = _subject(ctx, trig)
    places = _struck_site(ctx, trig) if not killed else []
    if not places:
        places = _places_after(
            ctx, trig.end, trig, gap=None, reach=_REACH["strike"], listed=True
        )
    plural = trig.word.lower()[-1] == "s"
    if not places and not killed and attacker is not None and plural:
        # "losses in the area of P as a result of strikes by X": the place before
        before = _place_before(ctx, trig.start, gap=_RESULT_OF)
        places = _referents(before, ctx) if before is not None else []
    if not places and not killed:  # "struck X columns advancing on P": at P
        movers = _struck_movers(ctx, trig)
        if movers is not None:
            mover, side = movers
            places = _places_after(
                ctx, mover.end, mover, gap=None, reach=_REACH["advance"]
            )
            target = side
    if not places and killed and earlier is None and not passive_kill:
        # "X stormed a hotel in P, killing 9": the kill is at the place just said
        # (a capture that kills is told as the capture: "cleared P, neutralising 12")
        prior = next((t for t in reversed(ctx.triggers) if t.end <= trig.start), None)
        if prior is not None and prior.word.lower() in ("stormed", "storming"):
            before = _place_before(ctx, trig.start, gap=_KILLING_AFTER)
            places = _referents(before, ctx) if before is not None else []
            if places:
                attacker, _ = _subject(ctx, prior)
    backward = False
    if not places and not killed:
        places = _back_reference(ctx, trig.end)  # "shelled the army base there"
        backward = bool(places)
    if not places:
        return []
    if _SHOT_DOWN.match(trig.word.lower()):
        # "X shot down Y drones over P": Y's strike on P, foiled by X
        shooter = attacker
        attacker = _object_faction(ctx, trig.end, places[0].start) or next(
            (
                side
                for w in _CAPITALISED.finditer(ctx.original(trig.end, places[0].start))
                if (side := ctx.registry.adjective_side(w.group())) is not None
            ),
            None,
        )
        if attacker is None or attacker == shooter:
            return []
        target = shooter
    if target is None:
        target = _object_faction(ctx, trig.end, places[0].start)
        if target is not None and target == attacker:
            target = None  # "shells fired by X fell on P": X is the attacker only
    if attacker is None:
        attacker = _sentence_agent(ctx)
    if attacker is None and not killed:
        attacker = _adjective_attacker(ctx, trig)
    if attacker == target:
        attacker = None
    if (attacker is None or passive_kill) and (
        backward or trig.word.lower().startswith("destroy")
    ):
        return []  # "a cyclone hit the coast", "bridges have been destroyed"
    after, before = _strike_window(ctx, trig)
    # a count said once for several places is no one strike's count
    casualties = wounded = None
    if len(places) == 1:
        casualties = _casualties(after)
        casualties = _casualties(before) if casualties is None else casualties
        wounded = _count(after, _WOUNDED)
        wounded = _count(before, _WOUNDED) if wounded is None else wounded
    out = [
        _claim(
            ctx,
            "strike",
            attacker,
            p,
            target=target,
            casualties=casualties,
            wounded=wounded,
            confidence=rule.confidence if attacker else 0.5,
        )
        for p in places
    ]
    if killed and len(places) == 1:  # "killed 11 in P on Monday and 3 more at Q"
        out.extend(_more_killed(ctx, trig, places[0], attacker, target, rule))
    return out


_SHOT_DOWN = re.compile(r"^shot\s+down$")
_KILLING_AFTER = re.compile(r"^(?:\s+(?:on|last|this)\s+\w+)?\s*,\s*$")
#: A strike told after its result: "losses in the area of P as a result of strikes by
#: X", "killed in P in strikes by X".
_RESULT_OF = re.compile(
    r"^\s*,?\s*(?:as\s+a\s+(?:result|consequence)\s+of|in|during|under|following|"
    r"after)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?$"
)
#: The site as the subject of a passive strike: "P was shelled by X", "P has been
#: hit by X drones", "P came under X artillery fire", "P came under heavy shelling".
_STRUCK_GAP = re.compile(
    r"^\s*,?\s*(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been|got|"
    r"again|also|repeatedly|heavily|reportedly|once\s+more)\s+){1,3}$"
    r"|^\s+(?:again\s+)?(?:came|comes|come|coming|has\s+come|had\s+come)\s+"
    r"(?:again\s+)?under\s+(?:[\w'\-]+\s+){0,4}?$"
)
#: Not the site: "a convoy from P was hit", "the road to P was shelled".
_NOT_SITE_LEAD = re.compile(r"\b(?:from|to|towards?|for|left|leaving|fled)\s+(?:the\s+)?$")


def _struck_site(ctx: _Sentence, trig: Trigger) -> list[Mention]:
    """The place before a passive verb, its subject ("P was bombed by X overnight",
    "P has been besieged by X"); none when the verb is not passive there."""
    place = _place_before(ctx, trig.start, gap=_STRUCK_GAP)
    if place is None or _NOT_SITE_LEAD.search(
        ctx.between(max(ctx.span.start, place.start - 12), place.start)
    ):
        return []
    return _referents(place, ctx)


_MORE_KILLED = re.compile(
    rf"^(?:\s+(?:on|last|this)\s+\w+)?\s*,?\s+and\s+(?:another\s+)?(?P<n>{_NUM})\s+"
    r"(?:more|others?)\b"
)


def _more_killed(
    ctx: _Sentence,
    trig: Trigger,
    first: Mention,
    attacker: str | None,
    target: str | None,
    rule: Rule,
) -> list[Claim]:
    """The second strike of "killed 11 in P and 3 more at a monastery near Q": its
    own place and its own count."""
    more = _MORE_KILLED.match(ctx.between(first.end, min(ctx.span.end, first.end + 40)))
    if more is None:
        return []
    pos = first.end + more.end()
    nxt = next(
        (m for m in ctx.places if pos <= m.start <= pos + 60 and m.start < ctx.span.end),
        None,
    )
    if nxt is None or _CLAUSE.search(ctx.between(pos, nxt.start).replace(",", " ")):
        return []
    return [
        _claim(
            ctx,
            "strike",
            attacker,
            p,
            target=target,
            casualties=parse_count(more.group("n")),
            confidence=rule.confidence if attacker else 0.5,
        )
        for p in _referents(nxt, ctx)
    ]


_PARTICIPLE_LEAD = re.compile(r",\s*(?:and\s+)?$")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_ADJECTIVE_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+(?:[a-z][\w\-]*\s+){0,2}$")
_ADJECTIVE_AFTER = re.compile(
    r"^\s+(?:by|from)\s+(?:an?\s+|the\s+)?([A-Z][a-z]+)\s+[a-z]"
)
#: "Russian shelling killed 3 in P": a strike noun in -ing right after the adjective.
_ING_NOUN_LEAD = re.compile(r"\b[A-Z][a-z]+\s+(?:heavy\s+|intense\s+|artillery\s+)?$")


def _ing_noun(ctx: _Sentence, trig: Trigger) -> bool:
    """A strike word in -ing used as a noun after a national adjective ("Russian
    shelling"), not a participle."""
    return (
        trig.cls == "strike"
        and trig.word.lower().endswith("ing")
        and bool(
            _ING_NOUN_LEAD.search(
                ctx.original(max(ctx.span.start, trig.start - 30), trig.start)
            )
        )
    )


def _adjective_attacker(ctx: _Sentence, trig: Trigger) -> str | None:
    """The side a national adjective names: "an Israeli air strike on P",
    "Kenyan jets bombed P", "P was struck by Turkish drones"."""
    lead = ctx.original(max(ctx.span.start, trig.start - 40), trig.start)
    found = _ADJECTIVE_BEFORE.search(lead)
    side = None if found is None else ctx.registry.adjective_side(found.group(1))
    if side is None:  # "P was hit by Russian drones": the capital before is the place
        found = _ADJECTIVE_AFTER.match(
            ctx.original(trig.end, min(ctx.span.end, trig.end + 40))
        )
        side = None if found is None else ctx.registry.adjective_side(found.group(1))
    return side


def _strike_window(ctx: _Sentence, trig: Trigger) -> tuple[str, str]:
    """The texts a strike's counts are read in: from the trigger to the next strike
    (its words, not kill words), then back to the end of the previous one, so that
    two strikes in one sentence keep their own counts."""
    start, end = ctx.span.start, ctx.span.end
    for other in ctx.triggers:
        if other.cls != "strike" or other.word.lower() in _KILL_WORDS:
            continue
        if other.end <= trig.start:
            start = max(start, other.end)
        elif other.start > trig.end:
            end = min(end, other.start)
            break
    return ctx.original(trig.start, end), ctx.original(start, trig.end)


def _sentence_agent(ctx: _Sentence) -> str | None:
    """The agent of any strike word in the sentence ("... in air strikes by X")."""
    for other in ctx.triggers:
        if other.cls == "strike":
            agent = _agent(ctx, other)
            if agent:
                return agent
    for other in ctx.triggers:  # "... were killed in P in an Israeli air strike"
        if other.cls == "strike" and (_strike_noun(other) or _ing_noun(ctx, other)):
            side = _adjective_attacker(ctx, other)
            if side:
                return side
    return None


def _casualties(sentence: str) -> int | None:
    """The number killed, digits or words ("ten of ... were killed" -> 10).

    >>> _casualties("shells fired by LNA forces killed three in Tripoli")
    3
    >>> _casualties("twenty-one fighters were killed")
    21
    """
    return _count(sentence, _CASUALTIES)


def _count(text: str, patterns: Sequence[re.Pattern[str]]) -> int | None:
    text = lower(text)
    keys = _COUNT_KEYS.get(id(patterns))
    if keys is not None and not any(k in text for k in keys):
        return None  # neither pattern can match without one of its words
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            value = parse_count(match.group("n"))
            if value is not None:
                return value
    return None


def _on_front(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """A front, clashes or fighting at a place: where the sides meet ("the front
    line now runs between P and Q": the places after "runs")."""
    runs = _FRONT_RUNS.match(ctx.between(trig.end, min(ctx.span.end, trig.end + 60)))
    if runs:
        pos = trig.end + runs.end()
        place = next((m for m in ctx.places if pos <= m.start <= pos + 40), None)
    else:
        place = _place_nearest(ctx, trig)
    if place is None:
        return []
    sides: list[str] = []
    for f in ctx.factions:
        party = ctx.registry.party_of(f.faction)
        if ctx.registry.is_party(party) and party not in sides:
            sides.append(party)
    if len(sides) == 1:
        other = ctx.registry.opponent(sides[0])
        if other:
            sides.append(other)
    return [
        _claim(ctx, "frontline", None, p, factions=tuple(sides), confidence=0.6)
        for p in _referents(place, ctx)
    ]


_FRONT_RUNS = re.compile(r"^[^;:.]{0,40}?\b(?:runs?|running|lies|stretches|extends)\b")
_BETWEEN = re.compile(
    r"^\s+(?:(?:erupted|broke\s+out|raged|continued|flared(?:\s+up)?|took\s+place|"
    r"were\s+reported|resumed)\s+)?(?:between|pitting)\b"
)


#: Two sides as the subject: "X and Y clashed near P", "X and Y's forces traded
#: strikes"; and the second side after "with": "X exchanged fire with Y near P".
_PAIR_AND = re.compile(r"^(?:['\u2019]s)?(?:\s+[\w\-]+){0,2}?\s*(?:,\s*)?\band\s+(?:the\s+)?$")
_PAIR_GAP = re.compile(
    r"^(?:['\u2019]s)?(?:\s+(?:forces|troops|fighters|units|army|militias?|soldiers))?"
    # the side telling of its own fire: "X said it (had) exchanged fire with Y"
    r"(?:\s+(?:said|says|reported|claimed|announced|stated)\s+(?:that\s+)?"
    r"(?:it|they|its\s+(?:forces|troops|units|fighters|soldiers|men)|"
    r"their\s+(?:forces|troops|units|fighters|men)))?"
    r"\s+(?:(?:have|had|has|been|were|was|are|is|again|also|reportedly|heavily|"
    r"fiercely)\s+){0,2}$"
)
_WITH_AFTER = re.compile(r"^(?:\s+[\w\-]+){0,2}?\s+with\s+")
_FIGHT_VERB = re.compile(r"^(?:fought|battled|battling|fighting)$")
_DIRECT_OBJECT = re.compile(r"^\s+(?:the\s+)?")


def _clash_sides(ctx: _Sentence, trig: Trigger) -> list[str]:
    """The sides a clash names: after "between"/"pitting", or as the subject pair
    right before the verb, or the subject and the side after "with"."""
    def party(f: FactionMatch) -> str:
        return ctx.registry.party_of(f.faction)

    sides: list[str] = []
    if _BETWEEN.match(ctx.between(trig.end, min(ctx.span.end, trig.end + 30))):
        for f in ctx.factions:
            if trig.end <= f.start <= trig.end + 80 and party(f) not in sides:
                sides.append(party(f))
        return sides
    pair = _ADJECTIVE_PAIR.search(
        ctx.original(max(ctx.span.start, trig.start - 80), trig.start)
    )
    if pair:  # "Russian and Ukrainian forces traded strikes": two national sides
        named = [ctx.registry.adjective_side(pair.group(i)) for i in (1, 2)]
        if None not in named and named[0] != named[1]:
            return [ctx.registry.party_of(n) for n in named if n is not None]
    before = [f for f in ctx.factions if f.end <= trig.start]
    first: str | None = None
    if before and _PAIR_GAP.match(ctx.between(before[-1].end, trig.start)):
        last = before[-1]
        if len(before) > 1 and _PAIR_AND.match(ctx.between(before[-2].end, last.start)):
            return [party(before[-2]), party(last)]
        first = party(last)
    elif (
        not before
        and ctx.previous_actor
        and _PRONOUN_LEAD.match(ctx.between(ctx.span.start, trig.start))
    ):  # "It said it exchanged fire with Y": the party of the sentence before
        first = ctx.registry.party_of(ctx.previous_actor)
    elif (
        before
        and _ADVERBIAL_CLASH.search(ctx.between(before[-1].end, trig.start))
        # "X seized P after clashes with Y" says who holds P, not where a front is
        # ("X lost two tanks near P after clashes with Y" lost no place)
        and not any(
            t.start < trig.start and not _lost_things(ctx, t) for t in ctx.triggers
        )
    ):  # "X suffered losses near P after fighting with Y": the sentence's subject
        subject = next(
            (
                f
                for f in before
                if _SUBJECT_LEAD.match(ctx.between(ctx.span.start, f.start))
            ),
            None,
        )
        if subject is not None and not _UNREAL.search(
            ctx.between(subject.end, trig.start)
        ):
            first = party(subject)
    if first is None:
        return []
    tail = ctx.between(trig.end, min(ctx.span.end, trig.end + 30))
    with_ = _WITH_AFTER.match(tail) or (  # the object of "X fought / battled Y"
        _DIRECT_OBJECT.match(tail) if _FIGHT_VERB.match(trig.word.lower()) else None
    )
    if with_ is None:
        return []
    pos = trig.end + with_.end()
    other = next(
        (
            f
            for f in ctx.factions
            # (a side named with its article: "fighting the junta")
            if pos <= f.start <= pos + 6 or trig.end < f.start < pos < f.end
        ),
        None,
    )
    return [] if other is None else [first, party(other)]


def _lost_things(ctx: _Sentence, trig: Trigger) -> bool:
    """ "lost two tanks", "lost dozens of fighters": losses, not a place lost."""
    return trig.cls == "control_lost" and bool(
        _LOSS_OBJECT.match(ctx.between(trig.end, min(ctx.span.end, trig.end + 50)))
    )


_LOSS_OBJECT = re.compile(
    r"^\s+(?:(?:at\s+least|more\s+than|about|some|nearly|up\s+to)\s+)?(?:\d+|an?|one|"
    r"two|three|four|five|six|seven|eight|nine|ten|several|many|dozens\s+of|scores\s+"
    r"of|hundreds\s+of|a\s+number\s+of|heavy|numerous)?\s*(?:[\w\-]+\s+){0,2}?"
    r"(?:tanks?|vehicles?|armou?red|apcs?|soldiers|men|fighters|troops|aircraft|jets?|"
    r"helicopters?|drones?|equipment|personnel|lives|guns|howitzers?|artillery|"
    r"pieces|losses|boats?|ships?)\b"
)


#: Two national adjectives sharing one force noun right before the verb.
_ADJECTIVE_PAIR = re.compile(
    r"(?<![\w\-])([A-Z][a-z]+)\s+and\s+([A-Z][a-z]+)\s+(?:[\w\-]+\s+)?(?:troops|"
    r"forces|soldiers|units|armies|militaries|artillery|gunners)\s+(?:(?:have|had|has|"
    r"again|also|reportedly|heavily|repeatedly|continued\s+to|continue\s+to)\s+)*$"
)
#: A clash told as the circumstance of the main verb: "after fighting with",
#: "during heavy clashes with", "in fierce battles with".
_ADVERBIAL_CLASH = re.compile(
    r"\b(?:after|during|amid|in|following)\s+(?:(?:heavy|fierce|violent|intense|"
    r"days\s+of|hours\s+of|several\s+days\s+of)\s+){0,2}$"
)
#: The main clause's own mood: "X would suffer losses after fighting with Y".
_UNREAL = re.compile(
    "|".join(p.pattern for p in (_HYPOTHETICAL, _DEMAND, _NEGATION))
)
#: The sentence opens with its subject: nothing, or only an article, before it (a
#: wire dateline may come first: "BAMAKO, July 30 (Reuters) - ").
_SUBJECT_LEAD = re.compile(
    r"^\W*(?:[a-z][a-z .'\-]{1,30},\s+[\w ,.()]{0,40}?\s[\-\u2013\u2014]+\s*)?"
    r"(?:the\s+)?$"
)
_NO_BEFORE = re.compile(r"\b(?:no|nor|without)\s+(?:[\w\-]+\s+)?$")
#: A sentence whose subject is a pronoun: "It said it", "They", "Its troops".
_PRONOUN_LEAD = re.compile(
    r"^\s*(?:it|they|its\s+(?:forces|troops|units|fighters)|their\s+(?:forces|troops|"
    r"units|fighters))\s+(?:(?:said|says|reported|claimed)\s+(?:that\s+)?"
    r"(?:it|they|its\s+(?:forces|troops|units)|their\s+(?:forces|troops|units))\s+)?"
    r"(?:(?:had|has|have|also|again)\s+)?$"
)


def _on_clash(ctx: _Sentence, trig: Trigger, rule: Rule) -> list[Claim]:
    """Clashes or fighting say nothing of who holds what; only clashes naming two
    sides that oppose each other ("clashes between X and Y near P", "X and Y traded
    strikes along P", "X exchanged fire with Y near P") are a front."""
    sides = _clash_sides(ctx, trig)
    if len(sides) < 2 or sides[1] not in ctx.registry.opponents(sides[0]):
        return []
    if _NO_BEFORE.search(ctx.between(max(ctx.span.start, trig.start - 20), trig.start)):
        return []  # "there were no clashes between X and Y near P"
    last = max(
        (f.end for f in ctx.factions if trig.end <= f.start <= trig.end + 80),
        default=None,
    )
    if last is not None and _MODAL_AFTER.search(
        ctx.between(last, min(ctx.span.end, last + 40))
    ):
        return []  # "clashes between X and Y could resume near P"
    place = _place_nearest(ctx, trig)
    if place is None:
        return []
    return [
        _claim(
            ctx,
            "frontline",
            None,
            p,
            factions=tuple(sides[:2]),
            confidence=rule.confidence,
        )
        for p in _referents(place, ctx)
    ]


#: The strategies the rows of :data:`geo.claims.rules.RULES` name.
_STRATEGIES = {
    "control": _on_control,
    "lost": _on_lost,
    "passive": _on_control_passive,
    "noun": _on_noun,
    "adjective": _on_adjective,
    "repel": _on_repel,
    "expel": _on_expel,
    "withdraw": _on_withdraw,
    "defeat": _on_defeat,
    "split": _on_split,
    "allegiance": _on_allegiance,
    "position": _on_position,
    "movement": _on_movement,
    "strike": _on_strike,
    "front": _on_front,
    "clash": _on_clash,
}


# --- merging --------------------------------------------------------------------------


def _merge(claims: list[Claim]) -> list[Claim]:
    """One claim per (sentence, type, kind, faction, place): the most confident one,
    with casualties and target kept from any; a position is dropped where the same
    sentence says the same side controls the same place."""
    best: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.doc, c.start, c.type, c.kind, c.faction, _place_key(c.place))
        old = best.get(key)
        if old is None:
            best[key] = c
            continue
        keep, other = (c, old) if c.confidence > old.confidence else (old, c)
        best[key] = dataclasses.replace(
            keep,
            target=keep.target or other.target,
            casualties=keep.casualties
            if keep.casualties is not None
            else other.casualties,
            wounded=keep.wounded if keep.wounded is not None else other.wounded,
        )
    controlled = {
        (c.doc, c.start, c.faction, n)
        for c in best.values()
        if c.type == "control" and c.place is not None
        for n in _place_names(c.place)
    }
    out = [  # "entered P and took control of the town": control only
        c
        for c in best.values()
        if not (
            c.type == "position"
            and c.place is not None
            and any(
                (c.doc, c.start, c.faction, n) in controlled
                for n in _place_names(c.place)
            )
        )
    ]
    out.sort(key=lambda c: (c.start, c.place.start if c.place else 0, c.type))
    return out


def _place_names(m: Mention) -> tuple[str, ...]:
    return (m.name, *m.refers_to)


def _place_key(m: Mention | None) -> tuple:
    """A place said twice in a sentence is one place ("struck P and Q, killing 4
    in P")."""
    return () if m is None else (m.name,)
