"""Abbreviations of places ("Md.", "Ont.", "B.C.", "S. C.", "EU", "DPRK"), read from
a data table (``gazetteer/data/abbreviations.tsv``) as rows, matched in one pass,
then turned into scanner hits carrying the full name's key.

An abbreviation that is also an English word or a name ("Mass.", "La.", "Mo.") is
read as a place only in a "City, Abbr." context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gazetteer.normalize import name_key


@dataclass(frozen=True, slots=True)
class Abbreviation:
    form: str  # as written: "W.Va."
    key: str  # the name key of the place: "west virginia"
    after_name: bool  # only after "City, "


@cache
def table() -> dict[str, Abbreviation]:
    """Every written form (spaced variants included) -> its row.

    >>> table()["S. C."].key, table()["Mass."].after_name
    ('south carolina', True)
    """
    from importlib import resources

    text = (resources.files("gazetteer") / "data" / "abbreviations.tsv").read_text(
        encoding="utf-8"
    )
    out: dict[str, Abbreviation] = {}
    for line in text.splitlines():
        if line.startswith("#") or line.count("\t") != 2:
            continue
        form, place, when = (f.strip() for f in line.split("\t"))
        row = Abbreviation(form, name_key(place), when == "after-name")
        out[form] = row
        spaced = re.sub(r"\.(?=\w)", ". ", form)  # "S.C." -> "S. C."
        out.setdefault(spaced, Abbreviation(spaced, row.key, row.after_name))
    return out


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every form, grouped by first letter so that a capital tries
    only the forms that can start with it."""
    by_first: dict[str, list[str]] = {}
    for form in sorted(table(), key=len, reverse=True):
        tail = re.escape(form[1:]) + ("" if form.endswith(".") else r"\b")
        by_first.setdefault(form[0], []).append(tail)
    # Each group opens with its capital and then looks behind it (not after a word
    # character or a period): alternatives that each open with a literal let the
    # regex engine skip ahead to the next of those capitals.
    groups = "|".join(
        f"{re.escape(first)}(?<![\\w.].)(?:{'|'.join(tails)})"
        for first, tails in by_first.items()
        if "A" <= first <= "Z"
    )
    return re.compile(rf"(?:{groups})")


#: "Muncie, Ind.", "Baton Rouge, La.": a capitalised name and a comma before.
_AFTER_NAME = re.compile(r"[A-Z][\w.'\u2019-]*,[ \t]*$")


def find(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each abbreviation that context allows, in text order.

    >>> find("Talks in Frederick, Md., and Mass. on Sunday; EU envoys came.")
    [(20, 23, 'maryland'), (46, 48, 'europe')]
    >>> find("He moved to Salem, Mass. last year.")
    [(19, 24, 'massachusetts')]
    """
    rows = table()
    out = []
    for m in _pattern().finditer(text):
        row = rows[m.group()]
        if row.after_name and not _AFTER_NAME.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue
        out.append((m.start(), m.end(), row.key))
    return out
