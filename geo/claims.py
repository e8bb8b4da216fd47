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
import functools
import logging
import re
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from gazetteer.numbers import COUNT_RE, parse_count
from gazetteer.records import Mention
from geo.factions import FactionMatch, FactionRegistry, load_registry
from geo.records import Claim, Document
from geo.sentences import Sentence, sentence_bounds

log = logging.getLogger(__name__)

# --- lexicons ------------------------------------------------------------------------
# Each alternative is a regular expression over lower-cased words; the group name is
# the trigger class. Order matters where forms overlap ("captured by" before
# "captured", "deployed troops" before "deployed").
_ADJ = r"(?:full|complete|total|effective|firm|military)\s+"
_LEXICON: tuple[tuple[str, str], ...] = (
    (
        "control_passive",
        r"(?:controlled|held|captured|seized|taken|retaken|recaptured|liberated|"
        r"secured|overrun|occupied|run)\s+by",
    ),
    (
        "control_under",
        r"under\s+(?:the\s+)?(?:" + _ADJ + r")?control\s+of|"
        r"under\s+[\w'\u2019\- ]{2,40}?\s+control",
    ),
    (
        "control",
        r"(?:took|taken|taking|takes|seized|seizing|assumed|assuming|regained|regains|"
        r"regaining|wrested|wresting|established|imposed|imposing|extended|tightened)"
        r"\s+(?:" + _ADJ + r")?control\s+(?:of|over)|"
        r"(?:captured|capturing|captures|seized|seizes|retook|retaken|retaking|retakes|"
        r"recaptured|recapturing|recaptures|liberated|liberating|overran|overrunning|"
        r"controls|controlling|holds|holding|secured|securing|"
        r"took\s+over|taken\s+over|taking\s+over|takes\s+over)",
    ),
    (
        "expel",
        r"(?:expelled|expelling|expel|driven\s+out|drove\s+out|driving\s+out|"
        r"pushed\s+out|pushing\s+out|forced\s+out|ousted|ousting|evicted|kicked\s+out)"
        r"(?:\s+of|\s+from)?",
    ),
    (
        "withdraw",
        r"(?:withdr[ae]w|withdrawn|withdrawing|withdraws|withdraw|withdrawal|"
        r"retreat(?:ed|ing|s)?|pull(?:ed|ing|s)?\s+(?:out|back)|fled|fleeing)"
        r"(?:\s+(?:of|from))?",
    ),
    ("defeat", r"defeats?|defeated|routed"),
    (
        "allegiance",
        r"(?:declared|declare|declares|declaring|announced|announce|announces|renewed|"
        r"renew|renews|pledged|pledge|pledges|pledging|expressed|reaffirmed|affirmed|"
        r"confirmed)\s+(?:their|its|his|her|our)?\s*(?:full\s+|continued\s+|"
        r"unwavering\s+)?(?:support|allegiance|loyalty|adherence|backing)|"
        r"(?:defected|switched\s+sides|sided|allied\s+themselves)\s+(?:to|with)",
    ),
    (
        "reinforce",
        r"(?:sent|send|sends|sending|dispatched|dispatching|dispatch|deployed|deploying|"
        r"airlifted|rushed|brought|bringing|moved|moving|mobilized|mobilised|"
        r"transferred|transferring|shipped)\s+(?:[\w\-]+\s+){0,4}?(?:reinforcements|"
        r"troops|fighters|forces|units|mercenaries|soldiers|weapons|equipment|"
        r"vehicles|convoys?|columns?|brigades?|battalions?|drones|aircraft|jets|"
        r"warships|marines|advisers|advisors|personnel|militiamen)|"
        r"reinforc(?:ed|ing|es)|reinforcements?",
    ),
    (
        "advance",
        r"(?:advanc(?:e|ed|es|ing)|head(?:ed|ing|s)?|mov(?:e|ed|es|ing)|"
        r"march(?:ed|es|ing)?|push(?:ed|es|ing)?|proceed(?:ed|ing|s)?|"
        r"(?:make|makes|making|made)\s+(?:their|its|his)\s+way|rush(?:ed|es|ing)?|"
        r"converg(?:e|ed|es|ing)|closing\s+in|closed\s+in)\s+"
        r"(?:towards?|to|on|into|upon|in\s+the\s+direction\s+of|for)|"
        r"approach(?:ed|ing|es)|offensive\s+(?:on|against|towards?)",
    ),
    (
        "position",
        r"reached|reaching|reaches|arrived\s+(?:in|at)|arriving\s+(?:in|at)|entered|"
        r"entering|stationed|deployed|positioned|massed|massing|amassed|amassing|"
        r"gathered|gathering|monitor(?:ed|ing)|spotted|maintain(?:ed|s|ing)?|"
        r"dug\s+in|entrenched|encircled|encircling|besieged|besieging|"
        r"locations|positions|strongholds?|presence",
    ),
    (
        "strike",
        r"air\s*strikes?|drone\s+strikes?|strikes?|struck|raids?|raided|"
        r"shell(?:ed|ing|s)|bomb(?:ed|ing|ings|arded|ardment|ardments)|shot\s+down|"
        r"attack(?:ed|s|ing)?|target(?:ed|ing)|hit|killed|killing|kills|wounded|"
        r"injured|shells\s+fired",
    ),
    (
        "front",
        r"front[\s\-]*lines?|frontlines?|clash(?:es|ed|ing)|fighting|battles?|"
        r"skirmish(?:es)?|confrontations?",
    ),
)
# The lexicon is lower case: it is matched, case-sensitively, on a lower-cased copy of
# the text (see _lower), which lets the regex engine reject alternatives by their first
# letter instead of folding case at every step (about 3x faster).
_TRIGGERS = re.compile("|".join(rf"(?P<{name}>\b(?:{rx})\b)" for name, rx in _LEXICON))


def _literal_prefixes(pattern: str, *, size: int = 5) -> set[str]:
    """Every way a match of ``pattern`` can begin, as literal prefixes of at most
    ``size`` characters; a shorter prefix stands for "this, then anything"."""
    done: set[str] = set()

    def extend(states: set[str], chars) -> set[str]:
        grown = {s + c for s in states for c in chars}
        done.update(g for g in grown if len(g) >= size)
        return {g for g in grown if len(g) < size}

    def walk(items, states: set[str]) -> set[str]:
        for op, av in items:
            if not states:
                break
            if op is _sre.LITERAL:
                states = extend(states, chr(av))
            elif op is _sre.AT:
                continue
            elif (
                op is _sre.IN and len(av) <= 8 and all(o is _sre.LITERAL for o, _ in av)
            ):
                states = extend(states, [chr(c) for _, c in av])
            elif op is _sre.BRANCH:
                states = set().union(*(walk(alt, set(states)) for alt in av[1]))
            elif op is _sre.SUBPATTERN:
                states = walk(av[3], states)
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
                states = walk(av[2], states)
                if av[1] != 1:
                    done.update(states)
                    return set()
            else:  # anything else may begin here: stop with what is known
                done.update(states)
                return set()
        return states

    done.update(walk(_sre_parse.parse(pattern), {""}))
    return done


@functools.cache
def _trigger_starts() -> Any:
    """An automaton of the literal beginnings of every lexicon expression: only the
    few word starts it finds are tried against the full expression."""
    automaton = ahocorasick.Automaton()
    for prefix in set().union(*(_literal_prefixes(rx) for _, rx in _LEXICON)):
        automaton.add_word(prefix, len(prefix))
    automaton.make_automaton()
    return automaton


# Nouns that name what a verb acts on: they do not end the verb's reach.
_NOUN_CLASSES = frozenset({"front"})
_NOUN_WORDS = frozenset(
    {
        "positions",
        "locations",
        "stronghold",
        "strongholds",
        "presence",
        "reinforcement",
        "reinforcements",
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
    r"to\s+stop|to\s+end|to\s+discourage)\b",
)
_DEMAND = re.compile(
    r"\b(?:should|must|ought\s+to|demand(?:ed|s|ing)?|call(?:ed|s|ing)?\s+(?:on|for)|"
    r"urg(?:ed|es|ing)|force|forcing|forced\s+\w+\s+to|pressur(?:e|ed|ing)|"
    r"insist(?:ed|s)?|ultimatum|has\s+to|have\s+to|needs?\s+to)\b",
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|denied|denies|deny|failed\s+to|fail\s+to|without)\b"
    r"|n't\b",
)
_INFINITIVE = re.compile(r"\bto\s+$")
_INF_OK = re.compile(
    r"\b(?:continue[sd]?|continuing|began|begun|begin|start(?:ed|s)?|managed|went\s+on|"
    r"used|seemed|appeared)\s+to\s+$",
)
_CLAUSE_WORDS = (
    "after while but whereas although though because since when which who that before "
    "amid until whereby"
).split()


_CLAUSE = re.compile(r"[;:()\u2013\u2014]|,|\s-\s|" + _word_alternation(_CLAUSE_WORDS))
# Faction mentions that are objects, not subjects, of what follows.
_OBJECT_BEFORE = re.compile(
    r"\b(?:backed\s+by|supported\s+by|armed\s+by|supporting|supporters\s+of|"
    r"support\s+(?:for|to)|against|targeting|targeted|attacked|attacking|shelled|"
    r"struck|hit|(?<!called\s)(?<!calls\s)(?<!call\s)on|at|fight(?:ing)?|with)\s+(?:the\s+)?(?:(?:forces|troops|"
    r"positions|fighters|units)\s+of\s+(?:the\s+)?)?$",
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
    r"^\s*(?:from|of|out\s+of)?\s*(?:it|there|them|the\s+area|the\s+city|the\s+town)\b",
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
_OBJECT_GAP = re.compile(
    r"^\s*(?:of|over|from|out\s+of)?\s*(?:the\s+)?(?:(?:strategic|key|important|vital|main|"
    r"whole|entire|\w+ern|\w+-\w+ern)\s+)?(?:(?:city|town|village|cities|towns|"
    r"villages|area|areas|region|regions|base|bases|airbase|air\s+base|district|"
    r"districts|port|neighbou?rhoods?|suburbs?|outskirts|positions?|parts?|centre|"
    r"center|headquarters|camp|airport|oil\s+fields?|oilfields?|crossing|road|"
    r"highway|junction|province|governorate|municipality)\s+(?:of|in|near|at|around|"
    r"outside)\s+)?(?:the\s+)?$",
)
_LIST_GAP = re.compile(
    r"^\s*(?:,\s*)?(?:(?:and|or|as\s+well\s+as|in\s+addition\s+to)\s+)?(?:the\s+)?"
    r"(?:(?:city|town|village|area|region|base|airbase|district|port|neighbou?rhood|"
    r"suburbs?|outskirts)\s+of\s+)?(?:the\s+)?$",
)
_LOCATIVE_GAP = re.compile(
    r"^\s*(?:in|at|near|around|outside|on|inside|across)\s+(?:the\s+)?$"
)
_BEFORE_GAP = re.compile(
    r"^[\s,]*(?:(?:which|that|who)\s+)?(?:(?:is|was|are|were|has|had|have|been|being|"
    r"remains?|remained|still|now|currently|fully|already|long|firmly)\s+){0,3}$",
)
_GROUP_NOUNS = re.compile(
    r"\b(?:battalions?|brigades?|units?|militias?|tribes?|tribal|elders|notables|"
    r"sheikhs|councils?|municipality|municipal|residents|inhabitants|fighters|groups?|"
    r"companies|forces|commanders?|leaders|dignitaries|garrison|clans?)\b",
)
_REINFORCEMENT_NEAR = re.compile(r"reinforc")

_NUM = COUNT_RE
_CASUALTIES = (
    re.compile(
        rf"\b(?:killed|killing|kills|killed\s+off|left|leaving)\s+(?:at\s+least\s+|some\s+|"
        rf"about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?(?P<n>{_NUM})\b",
    ),
    re.compile(
        rf"\b(?P<n>{_NUM})\s+(?:[\w'\-]+\s+){{0,4}}?(?:were|was|have\s+been|had\s+been|"
        rf"are|being|got)?\s*(?:killed|dead|died)\b",
    ),
)

#: How far (characters) a verb reaches for its place.
_REACH = {"position": 70, "advance": 90, "reinforce": 110, "strike": 110}
_KILL_WORDS = frozenset({"killed", "killing", "kills", "wounded", "injured"})


# --- records of the working steps -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon word in the text: its class and its span."""

    cls: str
    start: int
    end: int
    word: str

    @property
    def blocks(self) -> bool:
        """Verbs end the reach of an earlier verb; nouns such as "positions" do not."""
        return self.cls not in _NOUN_CLASSES and self.word.lower() not in _NOUN_WORDS


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
    quoted_by: str | None = None
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
    places = _event_places(mentions)
    if not places:
        return []
    low = _lower(text)
    triggers = find_triggers(text, lowered=low)
    if not triggers:
        return []
    bounds = sentence_bounds(text)
    starts = [start for start, _ in bounds]
    by_sentence_t = _bucket(triggers, starts, lambda t: t.start)
    by_sentence_p = _bucket(places, starts, lambda m: m.start)
    active = [i for i in by_sentence_t if i >= 0 and i in by_sentence_p]
    if not active:
        return []
    named = _named_places(mentions)
    factions = registry.matches(text)
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
        ctx.quoted_by = _quoted_by(ctx)
        claims.extend(_sentence_claims(ctx))
    return _merge(claims)


def find_triggers(text: str, *, lowered: str | None = None) -> list[Trigger]:
    """Lexicon words in ``text``: the word starts where a lexicon expression can begin
    (one automaton pass), then the full expression anchored there.

    >>> [(t.cls, t.word) for t in find_triggers("LNA forces seized control of Sirte.")]
    [('control', 'seized control of')]
    """
    low = _lower(text) if lowered is None else lowered
    out: list[Trigger] = []
    done = 0
    match = _TRIGGERS.match
    tried = -1
    for last, size in _trigger_starts().iter(low):
        start = last + 1 - size
        if start < done or start == tried:
            continue
        if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
            continue  # inside a word (the regex's \b)
        tried = start
        found = match(low, start)
        if found:
            done = found.end()
            out.append(Trigger(found.lastgroup or "", start, done, text[start:done]))
    return out


def _lower(text: str) -> str:
    """``text`` lower-cased character for character, so offsets stay valid (the few
    characters whose lower case is longer, such as "İ", are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def claims_for_text(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer=None,
    registry: FactionRegistry | None = None,
    date=None,
) -> list[Claim]:
    """Geoparse ``text`` (faction aliases are never places) and extract its claims."""
    import gazetteer as gazetteer_pkg

    registry = registry or load_registry()
    mentions = gazetteer_pkg.parse(
        text, doc=doc, gazetteer=gazetteer, not_places=registry.not_places()
    )
    mentions = [m for m in mentions if m.kind != "demonym"]  # no event places
    return extract_claims(Document(doc, text, date), mentions, registry=registry)


# --- mentions -------------------------------------------------------------------------


def _event_places(mentions: Sequence[Mention]) -> list[Mention]:
    """The outermost located mentions that can be event locations, in text order.

    A region or relative expression wins over the places inside it; a relative
    expression that only describes a named place ("Sirte (450 km east of Tripoli)")
    is dropped with what it contains; names inside organisations and whole countries
    are no event locations.
    """
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    dropped = [
        (m.start, m.end) for m in ordered if m.kind == "relative" and m.describes
    ]
    out: list[Mention] = []
    last_end = -1
    for m in ordered:
        if m.start < last_end:  # inside an outer mention already kept
            continue
        if m.in_name or m.lat is None or m.lon is None or _is_country(m):
            continue  # (m.lat/m.lon: Mention.located without the property call)
        if dropped and any(s <= m.start and m.end <= e for s, e in dropped):
            continue
        out.append(m)
        last_end = m.end
    return out


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
    claims: list[Claim] = []
    for trig in ctx.triggers:
        if trig.cls != "front" and _conditional(ctx, trig):
            continue
        handler = _HANDLERS.get(trig.cls)
        if handler is not None:
            claims.extend(handler(ctx, trig))
    return claims


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
    if _DEMAND.search(clause):
        return "demand"
    if _HYPOTHETICAL.search(clause):
        return "hypothetical"
    if _INFINITIVE.search(clause) and not _INF_OK.search(clause):
        return "hypothetical"
    return "fact"


_DENIAL = re.compile(
    _word_alternation(
        ("denied", "denies", "deny", "denying", r"dismissed\s+(?:claims|reports)")
    )
)


def _negated(ctx: _Sentence, trig: Trigger) -> bool:
    """ "not"/"never" close before the trigger, or a denial anywhere before it."""
    clause = _clause_before(ctx, trig.start)
    if _NEGATION.search(clause[-40:]):
        return True
    return bool(_DENIAL.search(ctx.between(ctx.span.start, trig.start)))


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
        if f.end > trig.start or f.faction == exclude:
            continue
        lead = ctx.between(max(ctx.span.start, f.start - 40), f.start)
        if _OBJECT_BEFORE.search(lead):
            continue
        if _REACTION.search(ctx.between(f.end, trig.start)) and not re.search(
            r"\bthat\b", ctx.original(f.end, trig.start)
        ):
            break  # "Turkey condemned the shelling": the speaker, not the actor
        f = _party_in_group(ctx, f)
        return f.faction, (0.85 if f.loose else 1.0)
    clause = _clause_before(ctx, trig.start)
    if ctx.previous_actor and _PRONOUN_SUBJECT.search(clause):
        if ctx.previous_actor != exclude:
            return ctx.previous_actor, 0.6
    return None, 0.0


_COORDINATED = re.compile(
    r"^(?:['\u2019]s)?(?:\s+[\w\-]+){0,2}\s*(?:,|\band\b|\balong\s+with\b)\s*"
    r"(?:the\s+)?(?:\w+\s+){0,1}$",
)


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


def _pick(ctx: _Sentence, start: int, end: int) -> str | None:
    inside = [f for f in ctx.factions if start <= f.start and f.end <= end]
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
        if other.start >= trig.end and other.blocks and other is not trig:
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
        between = ctx.between(pos, m.start)
        if gap is not None and not gap.match(between):
            break
        if reach and len(between) > reach:
            break
        first = m
        break
    if first is None:
        return []
    out = [first]
    if listed:
        idx = ctx.places.index(first)
        for m in ctx.places[idx + 1 :]:
            if m.start >= limit or not _LIST_GAP.match(
                ctx.between(out[-1].end, m.start)
            ):
                break
            out.append(m)
    return [r for m in out for r in _referents(m, ctx)]


def _place_before(
    ctx: _Sentence, pos: int, *, gap: re.Pattern[str] | None
) -> Mention | None:
    for m in reversed(ctx.places):
        if m.end > pos:
            continue
        if gap is None or gap.match(ctx.between(m.end, pos)):
            return m
        return None
    return None


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
        quoted_by=ctx.quoted_by,
        **extra,
    )


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


def _on_control(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    if _negated(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
    actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    places = _places_after(ctx, trig.end, trig, gap=_OBJECT_GAP, listed=True)
    return [_claim(ctx, "control", actor, p, confidence=0.9 * conf) for p in places]


def _on_control_passive(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    if _negated(ctx, trig) or _mood(ctx, trig) == "hypothetical":
        return []
    actor = _pick(ctx, trig.end, min(ctx.span.end, trig.end + 120))
    if trig.word.lower().startswith("under"):
        actor = _object_faction(ctx, trig.start, trig.end) or actor
    if actor is None:
        return []
    place = _place_before(ctx, trig.start, gap=_BEFORE_GAP)
    if place is None:
        return []
    return [
        _claim(ctx, "control", actor, p, confidence=0.9) for p in _referents(place, ctx)
    ]


def _on_expel(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """ "X were expelled from P" -> X's opponent holds P; "X expelled Y from P" -> X."""
    if _negated(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
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
    tail = ctx.between(pos, ctx.span.end)
    if _FROM_PRONOUN.match(tail) and not _places_after(ctx, pos, trig, gap=_OBJECT_GAP):
        before = _place_before(ctx, trig.start, gap=None)
        return _referents(before, ctx) if before else []
    return _places_after(ctx, pos, trig, gap=_OBJECT_GAP, listed=True)


def _on_withdraw(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """A demand to withdraw implies the side holds the places; a withdrawal that
    happened is a movement away from them."""
    if _negated(ctx, trig):
        return []
    mood = _mood(ctx, trig)
    actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    origins = _from_places(ctx, trig)
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


_DEFEAT_GAP = re.compile(
    r"^\s*(?:[\w']+\s+){0,2}?(?:in|at|near|around|outside|on)\s+"
    r"(?:the\s+)?(?:(?:city|town|area|region)\s+of\s+)?$",
)
_TO_GAP = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:to|towards?|into)\s+(?:the\s+)?$")


def _on_defeat(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """ "defeats of X in P" / "X was defeated in P" -> X's opponent holds P;
    "X defeated Y in P" -> X holds P."""
    if _negated(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
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


def _on_allegiance(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """ "The elders of P declared their support for X": P's people side with X."""
    if _negated(ctx, trig) or _mood(ctx, trig) == "hypothetical":
        return []
    subject = ctx.between(ctx.span.start, trig.start)
    if not _GROUP_NOUNS.search(subject):
        return []
    faction = _object_faction(ctx, trig.end, min(ctx.span.end, trig.end + 120))
    if faction is None:
        return []
    place = next((m for m in ctx.places if m.end <= trig.start), None)
    if place is None:
        return []
    return [
        _claim(ctx, "allegiance", faction, p, confidence=0.8)
        for p in _referents(place, ctx)
    ]


def _on_position(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    if _negated(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
    if trig.blocks and _REINFORCEMENT_NEAR.search(
        ctx.between(max(ctx.span.start, trig.start - 60), trig.start)
    ):  # "reinforcements arrived in P": a movement
        return _on_movement(ctx, trig)
    actor = _of_owner(ctx, trig)
    conf = 1.0
    if actor is None and not trig.blocks:  # "LNA positions", "Haftar's strongholds"
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
    if actor is None:
        return []
    places = _places_after(ctx, trig.end, trig, gap=None, reach=_REACH["position"])
    return [_claim(ctx, "position", actor, p, confidence=0.8 * conf) for p in places]


def _on_movement(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    if _negated(ctx, trig) or _mood(ctx, trig) == "hypothetical":
        return []
    actor = _of_owner(ctx, trig)
    conf = 1.0
    if actor is None:
        actor, conf = _subject(ctx, trig)
    if actor is None:
        return []
    kind = "advance"
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
        elif dest is None:
            dest = m
        else:
            break
        pos = m.end
    return origin, dest


def _on_strike(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    if _negated(ctx, trig) or _mood(ctx, trig) != "fact":
        return []
    killed = trig.word.lower() in _KILL_WORDS
    target: str | None = None
    if killed and _passive(ctx, trig):
        target, _ = _subject(ctx, trig)
        attacker = _agent(ctx, trig)
    else:
        attacker = _agent(ctx, trig)
        if attacker is None:
            attacker, _ = _subject(ctx, trig)
    places = _places_after(ctx, trig.end, trig, gap=None, reach=_REACH["strike"])
    if not places:
        return []
    if target is None:
        target = _object_faction(ctx, trig.end, places[0].start)
    if attacker is None:
        attacker = _sentence_agent(ctx)
    if attacker == target:
        attacker = None
    casualties = _casualties(ctx.span.text)
    return [
        _claim(
            ctx,
            "strike",
            attacker,
            p,
            target=target,
            casualties=casualties,
            confidence=0.8 if attacker else 0.5,
        )
        for p in places
    ]


def _sentence_agent(ctx: _Sentence) -> str | None:
    """The agent of any strike word in the sentence ("... in air strikes by X")."""
    for other in ctx.triggers:
        if other.cls == "strike":
            agent = _agent(ctx, other)
            if agent:
                return agent
    return None


def _casualties(sentence: str) -> int | None:
    """The number killed, digits or words ("ten of ... were killed" -> 10).

    >>> _casualties("shells fired by LNA forces killed three in Tripoli")
    3
    >>> _casualties("twenty-one fighters were killed")
    21
    """
    sentence = _lower(sentence)
    for pattern in _CASUALTIES:
        match = pattern.search(sentence)
        if match:
            value = parse_count(match.group("n"))
            if value is not None:
                return value
    return None


def _on_front(ctx: _Sentence, trig: Trigger) -> list[Claim]:
    """A front, clashes or fighting at a place: where the sides meet."""
    clause = _clause_before(ctx, trig.start)
    if _HYPOTHETICAL.search(clause) or _conditional(ctx, trig):
        return []
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


_HANDLERS = {
    "control": _on_control,
    "control_passive": _on_control_passive,
    "control_under": _on_control_passive,
    "expel": _on_expel,
    "withdraw": _on_withdraw,
    "defeat": _on_defeat,
    "allegiance": _on_allegiance,
    "position": _on_position,
    "advance": _on_movement,
    "reinforce": _on_movement,
    "strike": _on_strike,
    "front": _on_front,
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
        )
    controlled = {
        (c.doc, c.start, c.faction, _place_key(c.place))
        for c in best.values()
        if c.type == "control"
    }
    out = [
        c
        for c in best.values()
        if not (
            c.type == "position"
            and (c.doc, c.start, c.faction, _place_key(c.place)) in controlled
        )
    ]
    out.sort(key=lambda c: (c.start, c.place.start if c.place else 0, c.type))
    return out


def _place_key(m: Mention | None) -> tuple:
    return () if m is None else (m.start, m.end, m.name)
