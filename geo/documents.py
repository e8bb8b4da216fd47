"""Documents from files, their dates, and relative dates resolved against them.

A file may start with a ``Date: 2020-06-16`` line; the text is kept whole (the
header line stays part of it) so that every offset indexes the file as it is.
Relative expressions in a sentence ("yesterday, Monday", "on Sunday", "last week")
become calendar dates when the document's date is known: claims inherit them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from gazetteer.numbers import NUMBER_RE, parse_count
from gazetteer.textio import read_text
from geo.records import Document

log = logging.getLogger(__name__)

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}

# Header: "Date: 2020-06-16" (or "Published: ...", "Dated ...") in the first lines.
_HEADER = re.compile(
    r"^\s*(?:date|dated|published|updated)\s*[:\-]?\s*(?P<value>[^\n]{4,40}?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINES = 5

_MONTH_RE = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_DAY_MONTH = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+"
    + _MONTH_RE
    + r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"\b"
    + _MONTH_RE
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)
#: A month without its day: "in December", "in late May 2024", "in mid-March".
#: Capitalised as written (the modal "may" is no month); a day after it is a day
#: pattern's ("in May 3").
_IN_MONTH = re.compile(
    r"\b(?:[Ii]n|[Dd]uring)\s+(?:(?P<part>early|mid|late)[\s-]+)?"
    r"(?P<month>January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\b(?!\s+\d{1,2}\b)(?:,?\s+(?P<year>\d{4})\b)?"
)
#: The day a part of a month stands for: the first of the month by default, so a
#: claim dated by its month never shows before the month it names began.
_PART_DAY = {None: 1, "early": 1, "mid": 15, "late": 21}
_DAY_BEFORE = re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_TODAY = re.compile(
    r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|next|this|on|since|until|from)\s+)?(?P<wd>"
    + "|".join(WEEKDAYS)
    + r")\b",
    re.IGNORECASE,
)
_LAST_UNIT = re.compile(
    r"\b(?:last|past|previous)\s+(?P<unit>week|month|year)\b", re.IGNORECASE
)
_AGO = re.compile(
    rf"\b(?P<n>{NUMBER_RE})\s+(?P<unit>day|week|month)s?\s+ago\b",
    re.IGNORECASE,
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def parse_date(value: str) -> dt.date | None:
    """A calendar date written as ISO or with a month name; None when not a date.

    >>> parse_date("2020-06-16"), parse_date("16 June 2020")
    (datetime.date(2020, 6, 16), datetime.date(2020, 6, 16))
    >>> parse_date("June 16, 2020")
    datetime.date(2020, 6, 16)
    >>> parse_date("soon") is None
    True
    """
    value = value.strip()
    if m := _ISO.search(value):
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(value)
        if m and m["year"]:
            return _safe_date(int(m["year"]), _month(m["month"]), int(m["day"]))
    return None


def header_date(text: str) -> dt.date | None:
    """The date a ``Date: ...`` line among the first lines of a text declares."""
    head = "\n".join(text.lstrip("\ufeff").splitlines()[:_HEADER_LINES])
    for m in _HEADER.finditer(head):
        if (date := parse_date(m["value"])) is not None:
            return date
    return None


def load_document(
    path: str | os.PathLike[str],
    *,
    date: dt.date | None = None,
    doc_id: str | None = None,
) -> Document:
    """Read one article; ``date`` (e.g. from the command line) overrides its header.

    The id is the file name (as the gold and the claims name documents) unless
    ``doc_id`` is given. Raises :class:`~gazetteer.errors.DocumentError` with a
    one-line message for anything unreadable.
    """
    text = read_text(path)
    found = header_date(text)
    if date is not None and found is not None and found != date:
        log.info("%s: date %s given overrides header date %s", path, date, found)
    return Document(
        id=doc_id or Path(path).name,
        text=text,
        date=date if date is not None else found,
        source=str(path),
    )


@dataclass(frozen=True, slots=True)
class Inputs:
    """The files named or found under the folders given, and what could not be
    searched (one line each: a folder that cannot be listed, a link loop...)."""

    paths: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> Inputs:
    """Files as given; directories searched for ``*.txt``, recursively, sorted.

    A named path that does not exist (or cannot be read) is kept, so that reading it
    reports it. Inside folders, links to folders are not followed (no loops), links
    to files are; a sub-folder that cannot be listed is a problem, not a silence.
    """
    paths: list[Path] = []
    problems: list[str] = []
    for item in inputs:
        p = Path(item)
        if not _is_dir(p):
            paths.append(p)
            continue
        found: list[Path] = []
        walk = os.walk(p, onerror=partial(_unlistable, problems), followlinks=False)
        for root, dirs, files in walk:
            dirs.sort()
            found.extend(Path(root, f) for f in files if f.endswith(".txt"))
        if not found:
            problems.append(f"{p}: directory holds no .txt files")
        paths.extend(sorted(found))
    return Inputs(tuple(paths), tuple(problems))


def iter_paths(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files of :func:`expand_inputs`; its problems are logged as warnings.

    A path that does not exist is kept, so that reading it later reports it.
    """
    found = expand_inputs(inputs)
    for problem in found.problems:
        log.warning("%s", problem)
    return list(found.paths)


def _unlistable(problems: list[str], err: OSError) -> None:
    problems.append(
        f"{err.filename}: folder cannot be listed ({err.strerror or err}); its files "
        "were skipped (make it readable, or leave it out)"
    )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a link loop or an unreadable parent: reading it will say so
        return False


def document_ids(paths: list[Path]) -> list[str]:
    """File names as ids; a name seen twice gets its parent folders to stay unique."""
    names = [p.name for p in paths]
    dupes = {n for n in names if names.count(n) > 1}
    return [str(p) if p.name in dupes else p.name for p in paths]


def resolve_date(sentence: str, doc_date: dt.date | None) -> dt.date | None:
    """The date a sentence's time expression points to, given the document's date.

    Only the first expression counts. Expressions relative to the document need its
    date; a full date with a year needs nothing.

    >>> d = dt.date(2020, 6, 16)  # a Tuesday
    >>> resolve_date("ten were killed yesterday, Monday, near Sirte", d)
    datetime.date(2020, 6, 15)
    >>> resolve_date("On Sunday, the army announced", d)
    datetime.date(2020, 6, 14)
    >>> resolve_date("talks last week", d), resolve_date("talks on June 6", d)
    (datetime.date(2020, 6, 9), datetime.date(2020, 6, 6))
    >>> resolve_date("nothing dated here", d) is None, resolve_date("yesterday", None)
    (True, None)
    """
    digits = _DIGIT.search(sentence) is not None
    if digits and (m := _ISO.search(sentence)) is not None:
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    candidates = _relative_candidates(sentence, doc_date, digits=digits)
    if not candidates:
        return None
    candidates.sort(key=lambda pair: pair[0])
    return candidates[0][1]


def _relative_candidates(
    sentence: str, doc_date: dt.date | None, *, digits: bool = True
) -> list[tuple[int, dt.date]]:
    """(position, date) for each time expression found; relative ones need doc_date.
    ``digits`` False says the sentence has no digit: no month day can match. Each
    pattern is tried only where a word it needs is in the sentence (:func:`_holds`)."""
    found: list[tuple[int, dt.date]] = []
    low = sentence.lower() if sentence.isascii() else None
    if digits and _holds(low, _MONTH_WORDS):
        for pattern in (_DAY_MONTH, _MONTH_DAY):
            for m in pattern.finditer(sentence):
                if (date := _month_day(m, doc_date)) is not None:
                    found.append((m.start(), date))
    if _holds(low, _MONTH_WORDS):
        for m in _IN_MONTH.finditer(sentence):
            if (date := _month_only(m, doc_date)) is not None:
                found.append((m.start(), date))
    if doc_date is None or not _holds(low, _RELATIVE_WORDS):
        return found
    if _holds(low, ("yesterday",)):
        if m := _DAY_BEFORE.search(sentence):
            found.append((m.start(), doc_date - dt.timedelta(days=2)))
        elif m := _YESTERDAY.search(sentence):
            found.append((m.start(), doc_date - dt.timedelta(days=1)))
    if _holds(low, _TODAY_WORDS) and (m := _TODAY.search(sentence)):
        found.append((m.start(), doc_date))
    for m in _WEEKDAY.finditer(sentence) if _holds(low, WEEKDAYS) else ():
        if _inside_found(m.start(), found, sentence):
            continue  # "yesterday, Monday": the weekday restates the same day
        found.append((m.start(), _weekday(m, doc_date)))
        break
    if _holds(low, _LAST_WORDS) and (m := _LAST_UNIT.search(sentence)):
        found.append(
            (m.start(), doc_date - dt.timedelta(days=_UNIT_DAYS[m["unit"].lower()]))
        )
    if _holds(low, ("ago",)) and (m := _AGO.search(sentence)):
        count = parse_count(m["n"])
        if count is None:
            return found
        found.append(
            (
                m.start(),
                doc_date - dt.timedelta(days=count * _UNIT_DAYS[m["unit"].lower()]),
            )
        )
    return found


#: A digit: every month-day and ISO pattern holds one.
_DIGIT = re.compile(r"\d")
#: The words (lower-cased) one of which each pattern needs: a month name's first
#: three letters; "today" and the weekdays end in "day" ("yesterday" too).
_MONTH_WORDS = tuple(sorted(_MONTH_ABBR))
_TODAY_WORDS = ("today", "tonight", "this")
_LAST_WORDS = ("last", "past", "previous")
_RELATIVE_WORDS = ("day", "tonight", "this", *_LAST_WORDS, "ago")


def _holds(low: str | None, words: Iterable[str]) -> bool:
    """False when the lower-cased ASCII sentence ``low`` holds none of ``words``; True
    for a sentence that is not ASCII (``low`` None), always read, since the
    case-insensitive patterns also match a few other letters, such as "\u017f" for s."""
    return low is None or any(word in low for word in words)


def _inside_found(pos: int, found: list[tuple[int, dt.date]], sentence: str) -> bool:
    """True when a weekday directly follows another expression ("yesterday, Monday")."""
    for start, _ in found:
        gap = sentence[start:pos]
        if 0 < pos - start <= 40 and re.fullmatch(r"[\w ]+[,\s(]+", gap):
            return True
    return False


def _weekday(m: re.Match[str], doc_date: dt.date) -> dt.date:
    """The weekday nearest the document: the past one unless the text says "next"."""
    target = WEEKDAYS.index(m["wd"].lower())
    mod = (m["mod"] or "").lower()
    if mod == "next":
        ahead = (target - doc_date.weekday()) % 7 or 7
        return doc_date + dt.timedelta(days=ahead)
    back = (doc_date.weekday() - target) % 7
    if mod == "last" and back == 0:
        back = 7
    return doc_date - dt.timedelta(days=back)


def _month_day(m: re.Match[str], doc_date: dt.date | None) -> dt.date | None:
    month, day = _month(m["month"]), int(m["day"])
    if m["year"]:
        return _safe_date(int(m["year"]), month, day)
    if doc_date is None:
        return None
    date = _safe_date(doc_date.year, month, day)
    # A news report about "December 30" written on January 2 means last year.
    if date is not None and date > doc_date + dt.timedelta(days=31):
        date = _safe_date(doc_date.year - 1, month, day)
    return date


def _month_only(m: re.Match[str], doc_date: dt.date | None) -> dt.date | None:
    """The day that a month without its day stands for (:data:`_PART_DAY`): of the
    year given, else the latest such day not after the document's month."""
    month, day = _month(m["month"]), _PART_DAY[m["part"]]
    if m["year"]:
        return _safe_date(int(m["year"]), month, day)
    if doc_date is None:
        return None
    year = doc_date.year if month <= doc_date.month else doc_date.year - 1
    return _safe_date(year, month, day)


def _month(name: str) -> int:
    return _MONTH_ABBR[name.lower()[:3]]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
