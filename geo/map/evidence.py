"""The evidence model: the source sentences of a place or a symbol.

A place's sources are every sentence that mentions it (anaphora such as "the two
cities" included), document by document, with the mentions marked and the claims
made in the sentence listed. :class:`Evidence` indexes an analysis once, so the
sources of every place on the map cost one pass, not one pass per place; the map
sends them with the features (:func:`payload`) and the browser builds the panel on
a click without asking the server.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.map.names import MENTION
from geo.map.popups import esc, sources_of, who
from geo.map.styles import _present


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence that mentions the selected feature, with what it claims."""

    doc: str
    start: int
    end: int
    sentence: str
    marks: tuple[tuple[int, int], ...]  # mention spans, relative to the sentence
    claims: tuple[str, ...]  # one human line per claim made in the sentence


def highlight(sentence: str, marks: Iterable[tuple[int, int]]) -> str:
    """Escaped sentence with <mark> around each span (spans relative to it).

    >>> highlight("Shelling <b>Sirte</b> & more", [(12, 17)])
    'Shelling &lt;b&gt;<mark>Sirte</mark>&lt;/b&gt; &amp; more'
    """
    out: list[str] = []
    pos = 0
    for start, end in sorted(set(marks)):
        start, end = max(start, pos), min(end, len(sentence))
        if end <= start:
            continue
        out.append(esc(sentence[pos:start]))
        out.append(f"<mark>{esc(sentence[start:end])}</mark>")
        pos = end
    out.append(esc(sentence[pos:]))
    return "".join(out)


def claim_line(claim: Any, registry: Any = None) -> str:
    """A plain-text line saying what a claim asserts (escaped later)."""
    side = who(registry, getattr(claim, "faction", None))
    place = getattr(getattr(claim, "place", None), "name", None) or "?"
    kind = getattr(claim, "type", "claim")
    if kind == "movement":
        text = f"{getattr(claim, 'kind', None) or 'movement'}: {side} → {place}"
    elif kind == "strike":
        text = f"strike by {side} on {place}"
        if getattr(claim, "target", None):
            text += f" against {who(registry, claim.target)}"
        if getattr(claim, "casualties", None) is not None:
            text += f" ({claim.casualties} casualties)"
    elif kind == "frontline":
        text = f"front line at {place}"
    else:
        text = f"{kind}: {place} — {side}"
    if getattr(claim, "implied", False):
        text += " (implied)"
    if getattr(claim, "quoted_by", None):
        text += f", according to {claim.quoted_by}"
    if getattr(claim, "corrected", None):  # a workspace correction's provenance
        text += f" [{claim.corrected}]"
    return text


@functools.lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts, ends) of the sentences of a text, from geo.sentences."""
    from geo.sentences import split_sentences

    spans = [(s.start, s.end) for s in split_sentences(text)]
    return tuple(a for a, _ in spans), tuple(b for _, b in spans)


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end) (the span itself if none holds it)."""
    starts, ends = _sentences(text)
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and end <= ends[i]:
        return starts[i], ends[i]
    return start, end


def _gid(value: Any) -> int | None:
    if not _present(value) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _name(value: Any) -> str:
    return str(value or "").casefold()


class Evidence:
    """An analysis indexed by place: mentions by geonameid and by name, claims by
    document. Build once per analysis; ask for any number of places."""

    def __init__(self, analysis: Any, *, registry: Any = None) -> None:
        self.registry = registry
        self.texts = {d.id: d.text for d in getattr(analysis, "documents", [])}
        self.claims: dict[str, list[Any]] = defaultdict(list)
        for claim in getattr(analysis, "claims", []) or []:
            self.claims[claim.doc].append(claim)
        self.by_gid: dict[int, list[Any]] = defaultdict(list)
        self.by_name: dict[str, list[Any]] = defaultdict(list)
        for doc, items in (getattr(analysis, "mentions", {}) or {}).items():
            if doc not in self.texts:
                continue
            for m in items:
                if m.kind not in ("place", "anaphor"):
                    continue
                gid = getattr(m, "geonameid", None)
                if gid is not None:
                    self.by_gid[int(gid)].append(m)
                self.by_name[_name(getattr(m, "name", ""))].append(m)

    def mentions_of(self, row: Mapping[str, Any]) -> list[Any]:
        """The mentions that land on this place row (geonameid first, else name)."""
        gid, name = _gid(row.get("geonameid")), _name(row.get("name"))
        if gid is None:
            return list(self.by_name.get(name, [])) if name else []
        out = list(self.by_gid.get(gid, []))
        if name:
            out += [
                m
                for m in self.by_name.get(name, [])
                if getattr(m, "geonameid", None) is None
            ]
        return out

    def spelling(self, row: Mapping[str, Any]) -> str:
        """The spelling the articles use most for this place (its name if none).

        Only direct mentions count (not "the city"); ties go to the first seen.
        """
        counts = Counter(
            " ".join(m.text.split())
            for m in self.mentions_of(row)
            if m.kind == "place" and m.text and m.text[:1].isupper()
        )
        if not counts:
            return str(row.get("name") or "")
        return counts.most_common(1)[0][0]

    def _matches(self, mention: Any, row: Mapping[str, Any]) -> bool:
        gid = _gid(row.get("geonameid"))
        mg = getattr(mention, "geonameid", None)
        if gid is not None and mg is not None:
            return gid == int(mg)
        name = _name(row.get("name"))
        return bool(name) and _name(getattr(mention, "name", "")) == name

    def place_sources(self, row: Mapping[str, Any]) -> dict[str, list[SourceSentence]]:
        """Every sentence mentioning the place, by document, mentions marked, with
        the claims made in it.

        Sentences come from the claims (their sentence spans) and from the mentions
        of the place in each document; the layer row's own ``sources`` fill in the
        rest.
        """
        spans: dict[tuple[str, int, int], set[tuple[int, int]]] = {}

        def add(doc: str, s: int, e: int, ms: Any, me: Any) -> None:
            # prefer a claim's sentence that contains the mention
            if ms is not None and me is not None:
                for c in self.claims.get(doc, ()):
                    if c.start <= ms and me <= c.end:
                        s, e = c.start, c.end
                        break
            key = (doc, s, e)
            spans.setdefault(key, set())
            if ms is not None and me is not None and s <= ms and me <= e:
                spans[key].add((ms - s, me - s))

        for m in self.mentions_of(row):
            text = self.texts.get(m.doc)
            if text is None:
                continue
            s, e = sentence_span(text, m.start, m.end)
            add(m.doc, s, e, m.start, m.end)
        for src in sources_of(row):
            doc = str(src.get("doc"))
            if doc not in self.texts or src.get("start") is None:
                continue
            ms, me = src.get("mention_start"), src.get("mention_end")
            add(
                doc,
                int(src["start"]),
                int(src["end"]),
                int(ms) if _present(ms) and ms is not None else None,
                int(me) if _present(me) and me is not None else None,
            )

        by_doc: dict[str, list[SourceSentence]] = {}
        for (doc, s, e), marks in sorted(spans.items()):
            text = self.texts[doc]
            made = tuple(
                claim_line(c, self.registry)
                for c in self.claims.get(doc, ())
                if c.start < e
                and s < c.end
                and c.place is not None
                and self._matches(c.place, row)
            )
            by_doc.setdefault(doc, []).append(
                SourceSentence(doc, s, e, text[s:e], tuple(sorted(marks)), made)
            )
        return drop_nested(by_doc)


def place_sources(
    analysis: Any, row: Mapping[str, Any], *, registry: Any = None
) -> dict[str, list[SourceSentence]]:
    """The sources of one place (see :meth:`Evidence.place_sources`)."""
    return Evidence(analysis, registry=registry).place_sources(row)


def drop_nested(
    by_doc: dict[str, list[SourceSentence]],
) -> dict[str, list[SourceSentence]]:
    """Keep one entry per sentence: a span inside another one merges into it."""
    out: dict[str, list[SourceSentence]] = {}
    for doc, items in by_doc.items():
        kept: list[SourceSentence] = []
        for item in sorted(items, key=lambda x: (x.start, -x.end)):
            if kept and item.start >= kept[-1].start and item.end <= kept[-1].end:
                last = kept[-1]
                shift = item.start - last.start
                marks = set(last.marks) | {
                    (a + shift, b + shift) for a, b in item.marks
                }
                kept[-1] = dataclasses.replace(
                    last,
                    marks=tuple(sorted(marks)),
                    claims=tuple(dict.fromkeys(last.claims + item.claims)),
                )
            else:
                kept.append(item)
        out[doc] = kept
    return out


def row_sources(row: Mapping[str, Any]) -> dict[str, list[SourceSentence]]:
    """The sources of a non-place feature (movement, strike, area, front) by document."""
    by_doc: dict[str, list[SourceSentence]] = {}
    for src in sources_of(row):
        sentence = str(src.get("sentence") or "")
        start = int(src.get("start") or 0)
        marks: tuple[tuple[int, int], ...] = ()
        ms, me = src.get("mention_start"), src.get("mention_end")
        if ms is not None and me is not None and _present(ms):
            marks = ((int(ms) - start, int(me) - start),)
        kind = src.get("claim_type") or MENTION
        by_doc.setdefault(str(src.get("doc")), []).append(
            SourceSentence(
                str(src.get("doc")),
                start,
                start + len(sentence),
                sentence,
                marks,
                (str(kind),),
            )
        )
    return drop_nested(by_doc)


def payload(
    title: str, subtitle: str, by_doc: Mapping[str, Sequence[SourceSentence]]
) -> dict[str, Any]:
    """The sources panel as plain data for the browser, which builds it with
    ``textContent`` (no HTML is made from article text, here or there).

    >>> s = SourceSentence("a.txt", 0, 9, "<b>Sirte", ((3, 8),), ("control",))
    >>> payload("Sirte", "held", {"a.txt": [s]})["docs"][0]["items"][0]
    {'s': '<b>Sirte', 'm': [[3, 8]], 'c': ['control']}
    """
    return {
        "title": title,
        "sub": subtitle,
        "docs": [
            {
                "doc": doc,
                "items": [
                    {
                        "s": i.sentence,
                        "m": [list(m) for m in i.marks],
                        "c": list(i.claims),
                    }
                    for i in items
                ],
            }
            for doc, items in by_doc.items()
        ],
    }


def panel_html(
    title: str, subtitle: str, by_doc: Mapping[str, Sequence[SourceSentence]]
) -> str:
    """The sources panel as HTML: every piece of article text escaped, mentions in <mark>.

    >>> s = SourceSentence("a.txt", 0, 9, "<b>Sirte", ((3, 8),), ("control: Sirte — LNA",))
    >>> "<mark>Sirte</mark>" in panel_html("Sirte", "held", {"a.txt": [s]})
    True
    """
    parts = [
        f"<div class='fl-panel'><h3 style='margin:0'>{esc(title)}</h3>",
        f"<p style='margin:2px 0 8px;color:#555'>{esc(subtitle)}</p>",
    ]
    if not by_doc:
        parts.append("<p>No sentence in the loaded documents mentions it.</p>")
    for doc, sentences in by_doc.items():
        n = len(sentences)
        parts.append(
            f"<h4 style='margin:10px 0 4px'>{esc(doc)} "
            f"<small style='color:#777'>({n} sentence{'s' if n != 1 else ''})"
            "</small></h4>"
        )
        for item in sentences:
            parts.append(
                "<blockquote style='margin:4px 0 6px;padding:4px 8px;"
                "border-left:3px solid #bbb'>"
                f"{highlight(item.sentence, item.marks)}"
            )
            if item.claims:
                parts.append("<ul style='margin:4px 0 0 0;font-size:90%'>")
                parts.extend(f"<li>{esc(c)}</li>" for c in item.claims)
                parts.append("</ul>")
            parts.append("</blockquote>")
    parts.append("</div>")
    return "".join(parts)
