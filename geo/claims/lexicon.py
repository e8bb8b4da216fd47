"""The word forms of every trigger class, and the finder that matches them.

Each trigger class is a row: its name and its forms. A form is a regular expression
over lower-cased text that begins with a plain literal word start ("captur", "seized",
"air"); the finder looks for those literal starts with one Aho-Corasick pass and tries
the class expressions only where one begins (a word start), so a document is read
once whatever the size of the lexicon. Rows are tried in order: where forms overlap
the earlier row wins ("captured by" before "captured").

The forms say nothing of what a class does: :mod:`geo.claims.rules` says that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick


def _each(words: Sequence[str], tail: str = "") -> tuple[str, ...]:
    """One form per word, each followed by ``tail``."""
    return tuple(w + tail for w in words)


_ADJ = r"(?:\s+(?:full|complete|total|effective|firm|military|operational|partial))?"
_CONTROL_VERBS = (
    "took",
    "taken",
    "taking",
    "takes",
    "seized",
    "seizing",
    "assumed",
    "assuming",
    "regained",
    "regains",
    "regaining",
    "wrested",
    "wresting",
    "established",
    "imposed",
    "imposing",
    "extended",
    "tightened",
    "gained",
    "gaining",
    "gains",
    "restored",
    "restoring",
    "retook",
    "retaken",
    "retaking",
    "retakes",
    "asserted",
)
_PASSIVE_VERBS = (
    "controlled",
    "held",
    "captured",
    "seized",
    "taken",
    "retaken",
    "recaptured",
    "liberated",
    "secured",
    "overrun",
    "occupied",
    "run",
    "stormed",
)
_SEND_VERBS = (
    "sent",
    "send",
    "sends",
    "sending",
    "dispatched",
    "dispatching",
    "dispatch",
    "deployed",
    "deploying",
    "airlifted",
    "rushed",
    "brought",
    "bringing",
    "moved",
    "moving",
    "mobilized",
    "mobilised",
    "transferred",
    "transferring",
    "shipped",
    "redeployed",
    "redeploying",
)
_SENT_WHAT = (
    r"\s+(?:[\w\-]+\s+){0,4}?(?:reinforcements|troops|fighters|forces|units|"
    r"mercenaries|soldiers|weapons|equipment|vehicles|convoys?|columns?|brigades?|"
    r"battalions?|drones|aircraft|jets|warships|marines|advisers|advisors|personnel|"
    r"militiamen)"
)
_ATTACK_NOUN = (
    r"(?:\s+(?:an?\s+|the\s+|several\s+|two\s+|three\s+|repeated\s+|multiple\s+)?"
    r"(?:[\w\-'\u2019]+\s+){0,3}?(?:attacks?|assaults?|offensives?|incursions?|"
    r"advances?|attempts?|raids?|infiltration)"
    # "repulsed them": the attack of the sentence's earlier strike
    r"|\s+(?:them|it)\b)"
)

#: (class, forms), in the order they are tried.
LEXICON: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "repel",
        _each(
            (
                "repelled",
                "repelling",
                "repels",
                "repel",
                "repulsed",
                "repulsing",
                "thwarted",
                "thwarting",
                "foiled",
                "foiling",
                r"fended\s+off",
                r"fought\s+off",
                r"beat\s+back",
                r"beaten\s+back",
                r"pushed\s+back",
                "halted",
                "blunted",
            ),
            _ATTACK_NOUN,
        )
        # bare and passive: "the attack was repelled" (the strike told before it)
        + ("repelled", "repulsed", "thwarted", "foiled"),
    ),
    ("control_passive", _each(_PASSIVE_VERBS, r"\s+by")),
    (
        "control_under",
        (
            (
                r"under\s+(?:the\s+)?(?:(?:full|complete|total|effective|firm|"
                r"military)\s+)?control\s+of"
            ),
            r"under\s+[\w'\u2019\- ]{2,40}?\s+control",
            r"under\s+[\w'\u2019\- ]{2,40}?\s+(?:administration|rule)",
            r"hands\s+of",  # "in / into / back in the hands of X"
            r"hand\s+of",  # machine-translated: "still in the hand of"
            "hands",  # "in X hands"
        ),
    ),
    (
        "control_fell",
        (
            r"fell\s+to",
            r"falls\s+to",
            r"fallen\s+to",
            r"lost\s+to",
            r"surrendered\s+to",
            r"handed\s+over\s+to",
        ),
    ),
    (
        "control_noun",
        (
            "capture",
            "seizure",
            "takeover",
            r"take-over",
            "recapture",
            "liberation",
            r"fall",
            "storming",
            "conquest",
            "occupation",
            # communiques: "the complete cleansing of the P area from the militia"
            "cleansing",
            r"clearing(?=\s+of\b)",
        ),
    ),
    # "held out", "holding out": a position (below), not control
    ("control_adj", (r"held(?!\s+out)", "controlled", "occupied", "dominated", "run")),
    (
        "control",
        (
            *_each(_CONTROL_VERBS, _ADJ + r"\s+control\s+(?:of|over)"),
            # machine-translated order: "regained the control completely on P",
            # "has taken again the control of P"
            *_each(
                _CONTROL_VERBS,
                r"(?:\s+again)?\s+the" + _ADJ + r"\s+control(?:\s+(?:completely|fully|"
                r"totally|entirely))?\s+(?:of|over|on)",
            ),
            r"liberated\s+from\s+(?:the\s+)?(?:occupation|enemy|terrorists)",
            *_each(
                (
                    "captured",
                    "capturing",
                    "captures",
                    "seized",
                    "seizes",
                    "retook",
                    "retaken",
                    "retaking",
                    "retakes",
                    "recaptured",
                    "recapturing",
                    "recaptures",
                    "liberated",
                    "liberating",
                    "overran",
                    "overrunning",
                    "overrun",
                    # "claimed P": a weak word, a place right after it
                    "claimed",
                    "controls",
                    "controlling",
                    r"control(?!\s+(?:of|over|on)\b)",  # "X now control P" (weak)
                    r"holds(?!\s+out)",
                    r"holding(?!\s+out)",
                    r"hold(?!\s+out)",
                    # "secured a foothold in P" is a position (below)
                    r"secured(?!\s+an?\s+(?:[\w\-]+\s+)?(?:foothold|bridgehead))",
                    r"securing(?!\s+an?\s+(?:[\w\-]+\s+)?(?:foothold|bridgehead))",
                    "stormed",
                    "storming",
                    "conquered",
                    "occupied",
                    "occupying",
                    r"took\s+over",
                    r"taken\s+over",
                    r"taking\s+over",
                    r"takes\s+over",
                    (
                        r"restored\s+(?:the\s+)?(?:security|stability|order|calm)"
                        r"(?:\s+and\s+(?:the\s+)?(?:security|stability|order|calm))?"
                        r"\s+(?:to|in)"
                    ),
                    r"recover(?:ed|ing|s)",
                    r"regain(?:ed|ing|s)",
                    r"reclaim(?:ed|ing|s)",
                    # "cleared X from P" expels (below)
                    r"cleared(?!\s+(?:[\w\-'\u2019]+\s+){0,4}?(?:from|out\s+of)\b)",
                    # "retain a presence in P" is a position (below)
                    r"retain(?:s|ed|ing)?(?!\s+an?\s)",
                    r"kept\s+control\s+of",
                    r"taken(?!\s+up\b)",
                    r"took(?!\s+up\b)",
                    "take",
                    "takes",
                    "taking",
                    r"control\s+(?:on|of|over)",
                ),
            ),
        ),
    ),
    (
        "control_lost",
        (
            r"lost\s+control\s+of",
            "lost",
            "losing",
            "loses",
            r"ceded",
            r"conceded",
            # "X handed over P to Y", "X turned P over to Y": Y holds P (a handover
            # without its recipient says nothing)
            r"hand(?:ed|s|ing)\s+over",
            r"turn(?:ed|s|ing)\s+over",
            r"hand(?:ed|s|ing)(?=\s+(?:[\w\-'\u2019]+\s+){1,4}?over\s+to\b)",
            r"turn(?:ed|s|ing)(?=\s+(?:[\w\-'\u2019]+\s+){1,4}?over\s+to\b)",
        ),
    ),
    (
        "expel",
        _each(
            (
                "expelled",
                "expelling",
                "expel",
                r"driven\s+out",
                r"drove\s+out",
                r"driving\s+out",
                r"pushed\s+out",
                r"pushing\s+out",
                r"forced\s+out",
                "ousted",
                "ousting",
                "evicted",
                r"kicked\s+out",
                r"cleared",
                r"flushed\s+out",
            ),
            r"(?:\s+of|\s+from)?",
        )
        + _each(
            (
                "drove",
                "driven",
                "driving",
                "pushed",
                "pushing",
                "forced",
                "forcing",
                "kicked",
                "chased",
                "chasing",
                "flushed",
                "threw",
                "thrown",
            ),
            # "pushed X back from (the outskirts of) P": X lost its hold there
            r"\s+(?:[\w'\-]+\s+){1,5}?(?:out\s+of|back\s+from)",
        ),
    ),
    (
        "withdraw",
        # the object forms first: "withdrew its troops from P", "had withdrawn
        # forces from P" (the bare verb would end the match before the object)
        _each(
            (
                r"pull(?:ed|ing|s)?",
                r"withdr[ae]w",
                "withdrawn",
                "withdrawing",
                "withdraws",
                r"mov(?:ed|ing)",
            ),
            r"\s+(?:[\w'\-]+\s+){1,5}?(?:out\s+of|back\s+from|from)",
        )
        + _each(
            (
                r"withdr[ae]w",
                "withdrawn",
                "withdrawing",
                "withdraws",
                "withdraw",
                "withdrawal",
                # "retreated to P" is the place reached: a position (below)
                r"retreat(?:ed|ing|s)?(?!\s+to\b)",
                r"pull(?:ed|ing|s)?\s+(?:out|back)",
                r"evacuat(?:ed|ing|es)",
                # "forces redeployed from P to Q" (with an object: a reinforcement)
                r"redeploy(?:ed|ing|s)?(?=\s+from\b)",
                r"redeployment(?=\s+from\b)",
                "abandoned",
                "abandoning",
                "fled",
                "fleeing",
                "leave",
                "leaves",
            ),
            r"(?:\s+(?:of|from))?",
        )
    ),
    ("defeat", ("defeats", "defeat", "defeated", "routed")),
    # "the groups had divided the north between them: X in P and Y in Q"
    (
        "control_split",
        (
            r"divided",
            r"split\s+(?:up\s+)?",
            r"carved\s+up",
            r"partitioned",
            r"shared\s+out",
        ),
    ),
    (
        "allegiance",
        (
            *_each(
                (
                    "declared",
                    "declare",
                    "declares",
                    "declaring",
                    "announced",
                    "announce",
                    "announces",
                    "renewed",
                    "renew",
                    "renews",
                    "pledged",
                    "pledge",
                    "pledges",
                    "pledging",
                    "expressed",
                    "reaffirmed",
                    "affirmed",
                    "confirmed",
                ),
                r"\s+(?:their|its|his|her|our)?\s*(?:full\s+|continued\s+|"
                r"unwavering\s+)?(?:support|allegiance|loyalty|adherence|backing)",
            ),
            *_each(
                (
                    "defected",
                    r"switched\s+sides",
                    "sided",
                    "side",
                    "siding",
                    r"allied\s+themselves",
                    r"threw\s+in\s+their\s+lot",
                    r"thrown\s+in\s+their\s+lot",
                    r"joined\s+forces",
                    r"pledged\s+allegiance",
                    r"switched\s+(?:their|its|his)\s+(?:support|allegiance|loyalty)",
                    r"shifted\s+(?:their|its|his)\s+(?:support|allegiance|loyalty)",
                ),
                r"\s+(?:to|with)",
            ),
            r"switched\s+sides",
        ),
    ),
    (
        "reinforce",
        (
            *_each(_SEND_VERBS, _SENT_WHAT),
            r"reinforc(?:ed|ing|es)",
            r"reinforcements?",
        ),
    ),
    (
        "advance",
        (
            *_each(
                (
                    r"advanc(?:e|ed|es|ing)",
                    r"head(?:ed|ing|s)?",
                    r"mov(?:e|ed|es|ing)",
                    r"march(?:ed|es|ing)?",
                    r"push(?:ed|es|ing)?"
                    r"(?!\s+(?:deeper\s+|further\s+|farther\s+)?into)",
                    r"proceed(?:ed|ing|s)?",
                    r"make\s+(?:their|its|his)\s+way",
                    r"makes\s+(?:their|its|his)\s+way",
                    r"making\s+(?:their|its|his)\s+way",
                    r"made\s+(?:their|its|his)\s+way",
                    r"rush(?:ed|es|ing)?",
                    r"converg(?:e|ed|es|ing)",
                    r"closing\s+in",
                    r"closed\s+in",
                    r"incursions?",
                    r"thrust",
                    r"drove",
                    r"drive",
                ),
                # the way before the goal: "advanced along the highway towards P"
                r"(?:\s+(?:along|via|through|across)(?:\s+[\w\-']+){1,4}?)?"
                r"(?:\s+(?:deeper|further|farther|closer))?"
                r"\s+(?:towards?|to|on|into|upon|in\s+the\s+direction\s+of|for)",
            ),
            r"approach(?:ed|ing|es)",
            r"offensive\s+(?:on|against|towards?)",
            # assessments: "X advanced near P", "X (recently) advanced in southern P"
            (
                r"advanc(?:ed|es|ing)(?:\s+(?:slightly|marginally|further|recently|"
                r"again))?\s+(?:near|around|(?:in|within|inside)\s+(?:the\s+)?(?=(?:"
                r"[\w\-]*(?:northern|southern|eastern|western)|central|outskirts|"
                r"suburbs|centre|center|(?:north|south|east|west)\w*\s+(?:of|part))\b))"
            ),
        ),
    ),
    (
        "position",
        (
            *_each(
                ("established", "set", "setting", "built", "erected", "opened"),
                r"(?:\s+up)?\s+(?:an?\s+|new\s+|several\s+|two\s+|three\s+)?"
                r"(?:[\w\-]+\s+){0,2}?(?:observation\s+)?(?:points?|posts?|"
                r"positions?|bases?|checkpoints?|outposts?|footholds?|bridgeheads?)",
            ),
            # "gained / secured / won a foothold in P", "a bridgehead across P"
            *_each(
                (
                    "gained",
                    "gaining",
                    "secured",
                    "securing",
                    "won",
                    "winning",
                    "seized",
                ),
                r"\s+(?:an?\s+|their\s+|its\s+)?(?:[\w\-]+\s+)?"
                r"(?:foothold|bridgehead)s?",
            ),
            r"cross(?:ed|ing|es)?\s+into",
            r"observation\s+(?:points?|posts?)",
            r"made\s+(?:their|its|his|a)\s+camps?",
            r"set\s+up\s+camps?",
            r"camped",
            r"took\s+up\s+positions?",
            r"taken\s+up\s+positions?",
            "installed",
            r"established\s+(?:a\s+)?presence",
            r"retain(?:s|ed|ing)?\s+an?\s+(?:[\w\-]+\s+){0,3}?(?:presence|structure|"
            r"foothold|positions?|bases?|garrison)",
            r"push(?:ed|es|ing)?\s+(?:deeper\s+|further\s+|farther\s+)?into",
            r"sw(?:ept|eeping)\s+into",
            r"roll(?:ed|ing)\s+(?:deeper\s+|further\s+)?into",
            r"clung\s+on",
            r"clinging\s+on",
            r"infiltrat(?:ed|ing)",
            "deploying",
            r"re-established\s+(?:a\s+)?presence",
            "reached",
            "reaching",
            "reaches",
            r"arrived\s+(?:in|at)",
            r"arriving\s+(?:in|at)",
            # communiques: "X units improved the tactical position near P"
            (
                r"improv(?:ed|ing|es)\s+(?:the\s+|their\s+|its\s+)?(?:tactical\s+|"
                r"operational\s+|combat\s+)?(?:positions?|situation)"
            ),
            # "X are within five kilometres of P", "X came within 10 km of P"
            (
                r"within(?=\s+(?:about\s+|some\s+|just\s+)?(?:\d+|a\s+few|a|one|two|"
                r"three|four|five|six|seven|eight|nine|ten|\w+teen|twenty|thirty)\s*"
                r"(?:km|kilomet(?:re|er)s?|miles?)\s+of\b)"
            ),
            # "X fled P after the army arrived": the place the sentence names
            (
                r"arriv(?:ed|es)(?=\s*(?:[,.;]|$|(?:on|last|this)\s+\w+day\b|"
                r"overnight\b|yesterday\b|earlier\b|later\b))"
            ),
            "entered",
            "entering",
            "stationed",
            "deployed",
            "positioned",
            "massed",
            "massing",
            "amassed",
            "amassing",
            "gathered",
            "gathering",
            r"monitor(?:ed|ing)",
            "spotted",
            r"maintain(?:ed|s|ing)?",
            r"dug\s+in",
            r"digging\s+in",
            # "Israeli troops have been operating in P for two weeks"
            r"operat(?:ing|ed|es|e)\s+(?:in|inside|around|near)",
            "entrenched",
            # the siege told as a noun: "X laid siege to P", "the siege of P by X"
            r"laid\s+siege\s+to",
            r"lay\s+siege\s+to",
            r"lays\s+siege\s+to",
            r"laying\s+siege\s+to",
            r"impos(?:ed|ing)\s+(?:an?\s+)?(?:[\w\-]+\s+)?siege\s+(?:on|around|to)",
            r"sieges?\s+of",
            r"encirclement\s+of",
            "encircled",
            "encircling",
            "besieged",
            "besieging",
            # "JNIM fighters blockaded the town of P", "the blockade of P by X"
            "blockaded",
            "blockading",
            r"blockades?\s+of",
            r"impos(?:ed|ing)\s+(?:an?\s+)?(?:[\w\-]+\s+)?blockade\s+(?:on|around)",
            "surrounded",
            "surrounding",
            r"holding\s+out",
            r"held\s+out",
            r"holds?\s+out",
            r"fell\s+back\s+to",
            # machine-translated nouns: "the flee of X to P" (the place reached)
            r"flee(?=\s+of\b)",
            r"flight(?=\s+of\b)",
            r"escape(?=\s+of\b)",
            r"retreat(?:ed|ing|s)\s+to",
            "locations",
            "positions",
            r"strongholds?",
            "presence",
        ),
    ),
    (
        "strike",
        (
            r"air\s*strikes?",
            r"drone\s+strikes?",
            r"strikes?",
            "struck",
            r"raids?",
            "raided",
            *_each(
                (
                    "shells",
                    "rockets",
                    "missiles",
                    "mortars",
                    r"mortar\s+rounds",
                    "projectiles",
                    "drones",
                    "bullets",
                ),
                r"\s+(?:\w+\s+)?(?:fired|launched)",
            ),
            r"shell(?:ed|ing|s)",
            r"bomb(?:ed|ing|ings|arded|ardment|ardments)",
            r"shot\s+down",
            r"attack(?:ed|s|ing)?",
            r"target(?:ed|ing)",
            "hit",
            "killed",
            "killing",
            "kills",
            # communiques: "the army neutralized several terrorists in the zone of P"
            r"neutrali[sz](?:ed|ing)",
            r"annihilat(?:ed|ing)",
            r"eliminat(?:ed|ing)",
            r"liquidat(?:ed|ing)",
            "wounded",
            "injured",
            *_each(
                (
                    "artillery",
                    "mortar",
                    "rocket",
                    "tank",
                    "sniper",
                    "heavy",
                    "machine-gun",
                ),
                r"\s+fire",
            ),
            "gunfire",
            r"ambush(?:ed|es)?",
            r"assault(?:ed|s)?",
            r"pound(?:ed|ing)",
            "rocketed",
            "mortared",
            "fired",
            "firing",
            "fires",
            r"dropped\s+(?:\w+\s+)?bombs",
            r"threw\s+(?:an?\s+|two\s+|several\s+)?(?:hand\s+)?grenades?",
            r"ramm(?:ed|ing)",
            r"lobbed\s+(?:an?\s+|two\s+|several\s+)?(?:hand\s+)?grenades?",
            "detonated",
            "invaded",
            "destroyed",
            "destroying",
            # "carried out a martyrdom operation on P", "made an action against X in P",
            # "conducted air interdiction on ..."
            *_each(
                (
                    r"carried\s+out",
                    r"carrying\s+out",
                    "conducted",
                    "conducting",
                    "made",
                    "executed",
                    "launched",
                ),
                r"\s+(?:an?\s+|the\s+|several\s+|two\s+)?(?:[\w\-]+\s+){0,2}?"
                r"(?:actions?|operations?|interdictions?|attacks?|assaults?|raids?|"
                r"strikes?|sorties)\s+"
                r"(?=on\b|against\b|targeting\b|at\b)",
            ),
            "invading",
        ),
    ),
    ("front", (r"front[\s\-]*lines?", r"frontlines?", r"facto\s+front")),
    (
        "clash",
        (
            r"clash(?:es|ed|ing)",
            "fighting",
            r"battles?",
            r"skirmish(?:es)?",
            r"confrontations?",
            r"firefights?",
            # "X fought / battled Y near P", "X and Y fought over P"
            r"fought(?!\s+(?:off|back)\b)",
            r"battl(?:ed|ing)",
            # "exchanges of fire between X and Y near P"
            r"exchang(?:e|es)\s+of\s+(?:heavy\s+)?(?:artillery\s+|rocket\s+|mortar\s+|"
            r"tank\s+|small-arms\s+)?(?:fire|gunfire|shelling)",
            # two sides as the subject: "X and Y traded strikes along P"
            *_each(
                (r"trad(?:ed|ing|es?)", r"exchang(?:ed|ing|es?)"),
                r"\s+(?:heavy\s+|more\s+|cross-border\s+)?(?:artillery\s+|rocket\s+|"
                r"drone\s+|mortar\s+|tank\s+)?(?:strikes|fire|shelling|gunfire|blows|"
                r"attacks|barrages|shots)",
            ),
        ),
    ),
)

#: Everyday words that are triggers only with a place right after them ("took
#: Sirte", "the fall of Sirte", "GNA-held Sirte"): the extractor drops them early
#: when no located mention follows within a few words.
WEAK = frozenset(
    (
        "take",
        "taken",
        "took",
        "taking",
        "takes",
        "hold",
        "held",
        "holding",
        "run",
        "lost",
        "losing",
        "loses",
        "fall",
        "presence",
        "surrounding",
        "maintain",
        "maintained",
        "maintains",
        "locations",
        "monitoring",
        "claimed",
        "control",
        "leave",
        "leaves",
        "control of",
        "control on",
        "control over",
    )
)

#: Verb forms that are nouns after an article ("a gathering", "the gathering").
_NOUN_USES = frozenset(
    ("gathering", "gatherings", "massing", "surrounding", "occupied", "controlled")
)
_ARTICLES = (" a ", " the ", " an ", " all ")

#: Characters that may not appear in a form's literal start.
_META = set("\\()[]{}|.^$*+?")


def literal_start(form: str, *, size: int = 5) -> str:
    """The literal characters every match of ``form`` begins with (at most
    ``size``): the leading plain characters, less the last one when a quantifier
    makes it optional.

    >>> literal_start("strikes?"), literal_start(r"air\\s*strikes?"), literal_start("hit")
    ('strik', 'air', 'hit')
    >>> literal_start(r"withdr[ae]w")
    'withd'
    """
    out = []
    for i, ch in enumerate(form):
        if ch in _META:
            if ch in "?*{" and out and len(out) == i:
                out.pop()
            break
        out.append(ch)
    return "".join(out[:size])


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon word in the text: its class and its span."""

    cls: str
    start: int
    end: int
    word: str
    #: glued to the word before by a hyphen ("GNA-held")
    hyphenated: bool = False
    #: right after an article: a noun ("a gathering of fighters"), not a verb
    article: bool = False


def _check(lexicon: Sequence[tuple[str, Sequence[str]]]) -> None:
    for cls, forms in lexicon:
        for form in forms:
            if len(literal_start(form)) < 2 or form != form.lower():
                raise ValueError(
                    f"lexicon row {cls!r}: form {form!r} must be lower case and begin "
                    "with at least two plain letters"
                )
            depth = 0
            for ch in form:  # a top-level "|" would break the literal start
                depth += ch == "("
                depth -= ch == ")"
                if ch == "|" and depth == 0:
                    raise ValueError(
                        f"lexicon row {cls!r}: split {form!r} into one form per "
                        "alternative"
                    )


def _alternation(lexicon: Sequence[tuple[str, Sequence[str]]]) -> str:
    return "|".join(
        rf"(?P<{cls}>(?:{'|'.join(forms)})\b)" for cls, forms in lexicon if forms
    )


#: How long the automaton's keys (the forms' literal starts) may be: whole literal
#: starts, so that fewer word starts ("capt" of "captain") reach the patterns.
_KEY_SIZE = 64


@functools.cache
def _compiled() -> tuple[re.Pattern[str], Any, dict[str, re.Pattern[str]]]:
    """The whole lexicon as one pattern; the automaton of the forms' literal starts;
    and for each literal start the pattern of only the forms that can match where
    it begins (those whose start is a prefix of it), rows and forms kept in order,
    so that it matches there exactly as the whole pattern does."""
    _check(LEXICON)
    pattern = re.compile(_alternation(LEXICON))
    starts = {literal_start(form, size=_KEY_SIZE) for _, forms in LEXICON for form in forms}
    by_start = {
        # where ``key`` begins, a form can match only if its own start is a prefix of
        # the key or the key a prefix of it (a longer start there)
        key: re.compile(
            _alternation(
                [
                    (
                        cls,
                        [
                            f
                            for f in forms
                            if key.startswith(literal_start(f, size=_KEY_SIZE))
                            or literal_start(f, size=_KEY_SIZE).startswith(key)
                        ],
                    )
                    for cls, forms in LEXICON
                ]
            )
        )
        for key in starts
    }
    automaton = ahocorasick.Automaton()
    for key in starts:
        automaton.add_word(key, (len(key), by_start[key]))
    automaton.make_automaton()
    return pattern, automaton, by_start


def lower(text: str) -> str:
    """``text`` lower-cased character for character, so offsets stay valid (the few
    characters whose lower case is longer, such as "İ", are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # Only "İ" lower-cases to two characters. The stretches between those that hold
    # them (and capital sigma, whose lower case depends on its neighbours) are
    # lower-cased per character, the rest in bulk: the same result without a
    # Python string per character of a long text.
    parts = _KEEP_CASE.split(text)
    return "".join(
        part.lower()
        if i % 2 == 0 and "\u03a3" not in part
        else "".join(c if len(c.lower()) != 1 else c.lower() for c in part)
        for i, part in enumerate(parts)
    )


#: Characters whose lower case is longer than one character (only "İ", U+0130).
_KEEP_CASE = re.compile("(\u0130+)")


#: The text as the word-start automaton reads it (:func:`_word_starts`): every byte
#: that is no letter or digit a space ("_" too: the finder checks the character
#: before a start itself); the "?" that stands for a character beyond ASCII is one
#: too. (So the spaced text of most news is :func:`geo.factions.fold_text`'s, and
#: one pass can find the registry's aliases as well: :func:`find_triggers_with`.)
_SPACED = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))


def _spaced(low: str) -> str:
    """``low`` with a space before it and every character that is no ASCII letter
    or digit as a space, offset for offset (index ``i + 1`` is ``low[i]``): each
    word start in ``low`` follows a space there (and so do a few false ones, after
    a letter beyond ASCII)."""
    return " " + low.encode("ascii", "replace").translate(_SPACED).decode("ascii")


@functools.cache
def _word_starts() -> Any:
    """The automaton of the literal starts (those of :func:`_compiled`) each after
    a space, for the text of :func:`_spaced`: it reports a start only where a word
    begins (or seems to, after a letter beyond ASCII), so the automaton leaves its
    root only after a space (some twice as fast as a root of every first letter),
    and few hits inside words reach Python. Each key's value: the literal start's
    length, and the literal starts it stands for with their patterns (one, as
    written; several only where literal starts differ in characters the spacing
    blanks, "take-over" and "take over")."""
    by_start = _compiled()[2]
    keys: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for key, sub in by_start.items():
        keys.setdefault(_spaced(key), []).append((key, sub))
    automaton = ahocorasick.Automaton()
    for spaced, starts in keys.items():
        # None: the key is the literal start as written, no check needed
        check = None if len(starts) == 1 and spaced[1:] == starts[0][0] else starts
        automaton.add_word(spaced, (len(spaced) - 1, starts[0][1], check, None))
    automaton.make_automaton()
    return automaton


def word_starts_with(words: Iterable[tuple[str, Any]]) -> Any:
    """The automaton of :func:`_word_starts` with more ``(key, value)`` words (keys
    spaced as the text is, such as a registry's aliases ``" haftar "``): the pass
    of :func:`find_triggers_with` over it reports their hits beside the triggers.
    Extra words do not change which literal starts are found, nor their order."""
    values = {key: value for key, value in _word_starts().items()}
    for key, value in words:
        size, sub, check, _ = values.get(key, (-1, None, None, None))
        values[key] = (size, sub, check, value)  # size -1: no literal start
    automaton = ahocorasick.Automaton()
    for key, value in values.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


def find_triggers(text: str, *, lowered: str | None = None) -> list[Trigger]:
    """Lexicon words in ``text``: the word starts where a form can begin (one
    automaton pass), then the lexicon anchored there; matches do not overlap.

    >>> [(t.cls, t.word) for t in find_triggers("LNA forces seized control of Sirte.")]
    [('control', 'seized control of')]
    >>> [t.cls for t in find_triggers("The air force struck; the base fell to them.")]
    ['strike', 'control_fell']
    """
    low = lower(text) if lowered is None else lowered
    return _find(text, low, _spaced(low), _word_starts(), None)


def find_triggers_with(
    text: str, low: str, spaced: str, automaton: Any
) -> tuple[list[Trigger], list[tuple[int, Any]]]:
    """:func:`find_triggers` over ``spaced`` (the text as :func:`_spaced` makes it
    from ``low``, ``lower(text)``, or a string equal to it but for spaces past its
    end) with an automaton of :func:`word_starts_with`; and the hits of its extra
    words as ``(last index in spaced, value)``, as its own automaton would report
    them over ``spaced``."""
    others: list[tuple[int, Any]] = []
    return _find(text, low, spaced, automaton, others), others


def _find(
    text: str,
    low: str,
    spaced: str,
    automaton: Any,
    others: list[tuple[int, Any]] | None,
) -> list[Trigger]:
    out: list[Trigger] = []
    done = 0
    tried = -1
    # The hits come as those of the plain automaton over ``low`` (by end, the
    # longer first) that begin a word, so the loop below sees the same word starts
    # in the same order as :func:`_find_triggers_plain`.
    for last, (size, sub, check, other) in automaton.iter(spaced):
        if other is not None:
            others.append((last, other))  # type: ignore[union-attr]
            if size < 0:
                continue  # a word, no literal start
        start = last - size  # index last of the spaced text is low[last - 1]
        if start < done or start == tried:
            continue
        if start:
            before = low[start - 1]
            if before.isalnum() or before == "_":
                continue  # inside a word (after "_" or a letter beyond ASCII)
        if check is not None:
            sub = next((p for key, p in check if low.startswith(key, start)), None)
            if sub is None:
                continue  # the literal start is not there as written
        tried = start
        # only the forms that share this literal start (shorter or longer) can match
        found = sub.match(low, start)
        if found:
            done = found.end()
            out.append(_trigger(text, low, start, found))
    return out


def _trigger(text: str, low: str, start: int, found: re.Match[str]) -> Trigger:
    done = found.end()
    glued = start > 0 and low[start - 1] in "-\u2010"
    article = low.endswith(_ARTICLES, max(0, start - 5), start)
    return Trigger(
        found.lastgroup or "",
        start,
        done,
        text[start:done],
        glued,
        article and low[start:done] in _NOUN_USES,
    )


def _find_triggers_plain(text: str, *, lowered: str | None = None) -> list[Trigger]:
    """:func:`find_triggers` the plain way, kept to check it against: the automaton
    of the literal starts over every character of the lower-cased text, the hits
    inside words skipped here."""
    _, automaton, _ = _compiled()
    low = lower(text) if lowered is None else lowered
    out: list[Trigger] = []
    done = 0
    tried = -1
    for last, (size, sub) in automaton.iter(low):
        start = last + 1 - size
        if start < done or start == tried:
            continue
        if start:
            before = low[start - 1]
            if before.isalnum() or before == "_":
                continue  # inside a word
        tried = start
        found = sub.match(low, start)
        if found:
            done = found.end()
            out.append(_trigger(text, low, start, found))
    return out
