"""Documents in, mentions and claims out: the single-process path.

Each document goes through :func:`gazetteer.parse` and
:func:`geo.claims.extract_claims`; claims get the date their sentence points to
(:func:`geo.documents.resolve_date`) or, failing that, the document's date. A
document that cannot be read or analysed becomes a :class:`Failure` with a message;
the others still go through.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from gazetteer.errors import GazetteerError
from gazetteer.records import Mention
from gazetteer.textio import clean_text
from geo.documents import load_document, resolve_date
from geo.records import Claim, Document

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Called after each document with its id (e.g. a tqdm bar's ``update``-like hook).
Progress = Callable[[str], Any]


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be read or analysed, and why (one line)."""

    doc: str
    message: str

    def __str__(self) -> str:
        head = self.message.split(": ", 1)[0]
        return (
            self.message if head.endswith(self.doc) else f"{self.doc}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the layers need: documents, their mentions, claims and failures."""

    documents: tuple[Document, ...] = ()
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def n_mentions(self) -> int:
        return sum(len(v) for v in self.mentions.values())

    def merge(self, other: Analysis) -> Analysis:
        """Two analyses of disjoint documents as one (the batch path reduces)."""
        return Analysis(
            documents=self.documents + other.documents,
            mentions={**self.mentions, **other.mentions},
            claims=[*self.claims, *other.claims],
            failures=[*self.failures, *other.failures],
        )

    @classmethod
    def combine(cls, parts: Iterable[Analysis]) -> Analysis:
        """Many analyses of disjoint documents as one, in linear time."""
        docs: list[Document] = []
        mentions: dict[str, list[Mention]] = {}
        claims: list[Claim] = []
        failures: list[Failure] = []
        for part in parts:
            docs.extend(part.documents)
            mentions.update(part.mentions)
            claims.extend(part.claims)
            failures.extend(part.failures)
        return cls(tuple(docs), mentions, claims, failures)

    def without_texts(self) -> Analysis:
        """The same analysis without document texts (cheap to ship between workers)."""
        docs = tuple(dataclasses.replace(d, text="") for d in self.documents)
        return dataclasses.replace(self, documents=docs)


class Cancelled(Exception):
    """An analysis abandoned because ``should_stop()`` said so; ``partial`` holds
    the documents analysed before it stopped."""

    def __init__(self, partial: Analysis) -> None:
        super().__init__(f"analysis cancelled after {len(partial.documents)} documents")
        self.partial = partial


def analyse(
    documents: Iterable[Document | str | os.PathLike[str]],
    *,
    gazetteer: Any = None,
    registry: Any = None,
    progress: Progress | None = None,
    date: Any = None,
    should_stop: Callable[[], bool] | None = None,
) -> Analysis:
    """Parse and extract claims from every document; failures are kept, not raised.

    ``documents`` are :class:`~geo.records.Document` records or paths (read with
    :func:`geo.documents.load_document`, ``date`` overriding their header date).
    ``should_stop()`` is asked before each document and between the parsing and the
    claims of each; when it says True the analysis stops and raises
    :class:`Cancelled` with what was done so far (an app abandons an analysis this
    way when the page reloads or a new paste arrives).

    >>> analyse([]).claims
    []
    """
    docs: list[Document] = []
    mentions: dict[str, list[Mention]] = {}
    claims: list[Claim] = []
    failures: list[Failure] = []
    for item in documents:
        if should_stop is not None and should_stop():
            raise Cancelled(Analysis(tuple(docs), mentions, claims, failures))
        doc_or_failure = _as_document(item, date=date)
        if isinstance(doc_or_failure, Failure):
            failures.append(doc_or_failure)
        else:
            try:
                result = analyse_document(
                    doc_or_failure,
                    gazetteer=gazetteer,
                    registry=registry,
                    should_stop=should_stop,
                )
            except Cancelled:
                raise Cancelled(
                    Analysis(tuple(docs), mentions, claims, failures)
                ) from None
            if isinstance(result, Failure):
                failures.append(result)
            else:
                docs.append(doc_or_failure)
                mentions[doc_or_failure.id] = result[0]
                claims.extend(result[1])
        if progress is not None:
            progress(_item_id(item))
    return Analysis(tuple(docs), mentions, claims, failures)


def analyse_document(
    document: Document,
    *,
    gazetteer: Any = None,
    registry: Any = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[Mention], list[Claim]] | Failure:
    """Mentions and dated claims of one document, or the failure that stopped it
    (:class:`Cancelled` is raised: it is no failure of the document)."""
    try:
        return analyse_text(
            document, gazetteer=gazetteer, registry=registry, should_stop=should_stop
        )
    except Cancelled:
        raise
    except GazetteerError as err:
        return Failure(document.id, str(err))
    except Exception as err:
        log.exception("%s: analysis failed", document.id)
        return Failure(document.id, f"analysis failed ({type(err).__name__}: {err})")


def analyse_text(
    document: Document,
    *,
    gazetteer: Any = None,
    registry: Any = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[Mention], list[Claim]]:
    """The one composition of parsing and extraction: the document geoparsed (the
    registry's aliases are never places, its theatre ranks the candidates), its
    claims extracted and dated. Errors are raised, not kept; ``should_stop()`` is
    asked between the two (:class:`Cancelled` when it says True).

    >>> from geo.records import Document
    >>> _, claims = analyse_text(Document("d", "LNA forces captured Gharyan."))
    >>> [(c.type, c.faction, c.place.name) for c in claims]
    [('control', 'LNA', 'Gharyan')]
    """
    from geo.claims import extract_claims

    reg = registry if registry is not None else _default_registry()
    mentions = geoparse(document, gazetteer=gazetteer, registry=reg)
    if should_stop is not None and should_stop():
        raise Cancelled(Analysis())
    claims = extract_claims(document, mentions, registry=reg)
    return mentions, date_claims(claims, document.date)


def geoparse(
    document: Document, *, gazetteer: Any = None, registry: Any = None
) -> list[Mention]:
    """The mentions :func:`analyse_text` reads: ``document`` geoparsed with the
    registry's aliases never places and its theatre ranking the candidates,
    demonyms left out (they are no map points).

    >>> [m.name for m in geoparse(Document("d", "LNA forces captured Gharyan."))]
    ['Gharyan']
    """
    import gazetteer as gazetteer_pkg

    gz = gazetteer if gazetteer is not None else gazetteer_pkg.load()
    reg = registry if registry is not None else _default_registry()
    not_places, theatre = _parse_options(reg, gz)
    mentions = gazetteer_pkg.parse(
        document.text,
        doc=document.id,
        gazetteer=gz,
        not_places=not_places,
        theatre=theatre,
    )
    return [m for m in mentions if m.kind != "demonym"]


def claims_for_text(
    text: str,
    *,
    doc: str = "<text>",
    gazetteer: Any = None,
    registry: Any = None,
    date: Any = None,
) -> list[Claim]:
    """The dated claims of ``text`` (see :func:`analyse_text`)."""
    return analyse_text(
        Document(doc, text, date), gazetteer=gazetteer, registry=registry
    )[1]


def with_theatre(registry: Any, texts: Iterable[str], *, gazetteer: Any = None) -> Any:
    """The registry with a theatre: its own, else the countries that dominate the
    unambiguous place mentions of ``texts`` (:func:`gazetteer.infer_theatre`), the
    reports of one war read together.

    >>> from geo.factions import registry_from_dict
    >>> reg = registry_from_dict({"version": 2, "factions": [{"id": "A"}]})
    >>> with_theatre(reg, ["Shelling in Kharkiv and Zaporizhzhia, Ukraine.", "Kyiv"]).theatre
    ('UA',)
    """
    if getattr(registry, "theatre", ()):
        return registry
    import gazetteer as gazetteer_pkg

    theatre = gazetteer_pkg.infer_theatre(list(texts), gazetteer=gazetteer)
    return dataclasses.replace(registry, theatre=theatre) if theatre else registry


def date_claims(claims: Iterable[Claim], doc_date: Any) -> list[Claim]:
    """The claims of one document dated (:func:`date_claim`), each sentence's date
    resolved once: the claims of a sentence share it."""
    dates: dict[str, Any] = {}
    return [date_claim(c, doc_date, dates=dates) for c in claims]


_UNSEEN = object()


def date_claim(
    claim: Claim, doc_date: Any, *, dates: dict[str, Any] | None = None
) -> Claim:
    """The claim with the date its sentence gives, else the document's date.

    A date the extractor set itself (other than the document's) is kept. ``dates``,
    when given, remembers each sentence's date for the other claims of the same
    document (same ``doc_date``).
    """
    if claim.date is not None and claim.date != doc_date:
        return claim
    if dates is None:
        date = resolve_date(claim.sentence, doc_date) or doc_date
    elif (date := dates.get(claim.sentence, _UNSEEN)) is _UNSEEN:
        date = dates[claim.sentence] = resolve_date(claim.sentence, doc_date) or doc_date
    return claim if date == claim.date else dataclasses.replace(claim, date=date)


def _as_document(
    item: Document | str | os.PathLike[str], *, date: Any
) -> Document | Failure:
    if isinstance(item, Document):
        text = clean_text(item.text)  # pasted text too: no control characters
        if text is not item.text:
            item = dataclasses.replace(item, text=text)
        return item if date is None else dataclasses.replace(item, date=date)
    try:
        return load_document(item, date=date)
    except GazetteerError as err:
        return Failure(Path(item).name, str(err))


def _item_id(item: Document | str | os.PathLike[str]) -> str:
    return item.id if isinstance(item, Document) else Path(item).name


def _default_registry() -> Any:
    from geo.factions import load_registry

    return load_registry()


#: A one-word alias names a town when the gazetteer has one of at least this size
#: in the war's countries (or, for a registry without a theatre, anywhere).
_TOWN_POPULATION = 5000
_TOWN_POPULATION_ANYWHERE = 100_000
_alias_towns: dict[int, tuple[Any, Any]] = {}


def alias_towns(registry: Any, gazetteer: Any) -> tuple[str, ...]:
    """Aliases that are also the name of a town in the war's countries (or
    anywhere, without a theatre) and not listed under ``places``: each is warned
    about once, and stays a place for the geoparser; the extractor then reads it as
    a place where the text uses it as one ("in Misrata") and as a side elsewhere
    ("Misrata's seizure of...").
    """
    return _per_registry(
        _alias_towns, registry, lambda: _find_alias_towns(registry, gazetteer)
    )


def _find_alias_towns(registry: Any, gazetteer: Any) -> tuple[str, ...]:
    from gazetteer.normalize import name_key

    theatre = tuple(getattr(registry, "theatre", ()) or ())
    found: list[str] = []
    for alias in _not_places(registry):
        if " " in alias.strip() or not alias[:1].isupper() or len(alias) < 4:
            continue
        if alias.isupper():
            continue  # acronyms (GNA, SAA) are no town names
        for cand in gazetteer.candidates(alias, countries=theatre, limit=3):
            place = cand.place
            floor = _TOWN_POPULATION if theatre else _TOWN_POPULATION_ANYWHERE
            if (
                cand.matched == "exact"
                and place.kind not in ("country", "region", "continent")
                and (not theatre or place.country in theatre)
                and (place.population or 0) >= floor
                and name_key(place.name) == name_key(alias)
            ):
                owner = _owner(registry, alias)
                log.warning(
                    "registry %s: alias %r of faction %s is also a town (%s, %s); "
                    "it is read as the town where the text says so ('in %s') and "
                    "as the side elsewhere; list it under 'places' to keep it a "
                    "place everywhere",
                    repr(
                        getattr(registry, "name", "")
                        or getattr(registry, "source", "")
                        or "(unnamed)"
                    ),
                    alias,
                    owner,
                    place.name,
                    place.country,
                    alias,
                )
                found.append(alias)
                break
    return tuple(found)


def _owner(registry: Any, alias: str) -> str:
    for faction in registry:
        if alias in faction.aliases:
            return faction.id
    return "?"


def _parse_options(
    registry: Any, gazetteer: Any
) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """The ``not_places`` and ``theatre`` the geoparser gets for ``registry``,
    worked out once per registry object (a registry is never changed in place)."""
    return _per_registry(
        _options,
        registry,
        lambda: (
            _not_places_for(registry, gazetteer),
            tuple(getattr(registry, "theatre", ()) or ()) or None,
        ),
    )


_options: dict[int, tuple[Any, Any]] = {}


def _per_registry(memo: dict[int, tuple[Any, Any]], registry: Any, make: Callable[[], T]) -> T:
    """``make()`` once per registry object: ``memo`` maps its id to a weak reference
    to it and the value (an id a dead registry left is not reused by mistake)."""
    entry = memo.get(id(registry))
    if entry is not None and entry[0]() is registry:
        return entry[1]
    value = make()
    try:
        memo[id(registry)] = (weakref.ref(registry), value)
    except TypeError:  # an object that takes no weak reference: not remembered
        pass
    return value


def _not_places_for(registry: Any, gazetteer: Any) -> tuple[str, ...]:
    towns = set(alias_towns(registry, gazetteer)) if hasattr(registry, "ids") else set()
    names = _not_places(registry)
    return names if not towns else tuple(n for n in names if n not in towns)


def _not_places(registry: Any) -> tuple[str, ...]:
    """Faction aliases (Haftar, Wagner...) the geoparser must not read as places."""
    if hasattr(registry, "not_places"):
        return tuple(registry.not_places())
    names: list[str] = []
    for fid in getattr(registry, "ids", ()):
        faction = registry.get(fid)
        names.extend(getattr(faction, "aliases", ()) or ())
    return tuple(names)
