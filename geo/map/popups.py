"""What a symbol says in words: tooltips, popups and panel titles, escaped.

Every piece of user-supplied text (names, factions' labels, sentences) goes through
:func:`esc` before it joins HTML; the lines returned are HTML of escaped pieces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from geo.map.names import LAYER_TITLES
from geo.map.styles import _present, safe_colour


def esc(value: Any) -> str:
    """Escaped text for HTML; None becomes an empty string.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return "" if value is None else html.escape(str(value), quote=True)


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(value: Any) -> str:
    r"""Text that Markdown (Streamlit's messages, captions) shows as written: every
    ASCII punctuation mark backslash-escaped, line breaks folded, so an image,
    a link, HTML or an emoji code in a title or a file name stays text.

    >>> markdown_text("![x](http://host/x.png)")
    '\\!\\[x\\]\\(http\\:\\/\\/host\\/x\\.png\\)'
    """
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def sources_of(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``sources`` list of a layer row (empty when missing)."""
    value = row.get("sources")
    if value is None or isinstance(value, float):
        return []
    return [s for s in value if isinstance(s, Mapping)]


def _get(registry: Any, faction_id: str) -> Any:
    if registry is None:
        return None
    try:
        return registry.get(faction_id)
    except (KeyError, LookupError, ValueError):
        return None


def faction_label(registry: Any, faction_id: str) -> str:
    """The registry's label for a faction id ("GNA/LNA" labels each side)."""
    parts = [p for p in faction_id.split("/") if p]
    labels = []
    for part in parts:
        faction = _get(registry, part)
        labels.append(getattr(faction, "label", None) or part)
    return " / ".join(labels) or faction_id


def faction_colour(registry: Any, faction_id: Any) -> str:
    faction = (
        _get(registry, faction_id) if _present(faction_id) and faction_id else None
    )
    return safe_colour(getattr(faction, "colour", None))


def who(registry: Any, faction: Any) -> str:
    """A faction's label, or "no faction"."""
    if not _present(faction) or not faction:
        return "no faction"
    return faction_label(registry, str(faction))


def _tip(*lines: str) -> str:
    """Tooltip/popup HTML from already-escaped lines."""
    return "<br>".join(line for line in lines if line)


def _source_line(sources: list[dict[str, Any]]) -> str:
    docs = sorted({str(s.get("doc")) for s in sources if s.get("doc")})
    n = len(sources)
    if not n:
        return ""
    return esc(
        f"{n} source sentence{'s' if n != 1 else ''} in {len(docs)} "
        f"document{'s' if len(docs) != 1 else ''}"
    )


def _first_sentence(sources: list[dict[str, Any]], limit: int = 220) -> str:
    for s in sources:
        sentence = s.get("sentence")
        if sentence:
            text = " ".join(str(sentence).split())
            text = text if len(text) <= limit else text[: limit - 1] + "…"
            return f"<i>“{esc(text)}”</i>"
    return ""


def status_line(row: Mapping[str, Any], registry: Any = None) -> str:
    """ "held by ...", "claimed by ...", "contested (...)" or "mentioned, no claim"."""
    status = str(row.get("status") or "none")
    side = who(registry, row.get("faction"))
    return {
        "held": f"held by {side}",
        "claimed": f"claimed by {side}",
        "contested": f"contested ({side})",
    }.get(status, "mentioned, no claim")


def place_label(
    row: Mapping[str, Any], registry: Any = None, *, shown_as: str | None = None
) -> tuple[str, str]:
    """(tooltip, popup) HTML of a place row; all text escaped.

    ``shown_as`` is the articles' spelling (the map label); the popup then gives the
    gazetteer's name beside it when they differ.
    """
    name = str(row.get("name") or "")
    title = shown_as or name
    head = f"<b>{esc(title)}</b>"
    gazetteer = (
        f"gazetteer: {esc(name)}" if shown_as and shown_as != name and name else ""
    )
    line = esc(status_line(row, registry))
    srcs = sources_of(row)
    tip = _tip(head, line)
    pop = _tip(head, gazetteer, line, _source_line(srcs), _first_sentence(srcs))
    return tip, pop


def generic_head(row: Mapping[str, Any], layer: str, registry: Any = None) -> str:
    """One plain-text line saying what a non-place feature is."""
    side = who(registry, row.get("faction") or row.get("factions"))
    if layer == "movements":
        origin = row.get("origin") if _present(row.get("origin")) else None
        frm = f" from {origin}" if origin else ""
        inferred = " (origin inferred)" if row.get("origin_inferred") else ""
        head = f"{row.get('kind') or 'movement'}: {side} to {row.get('place')}{frm}"
        return head + inferred
    if layer == "strikes":
        target = who(registry, row.get("target")) if row.get("target") else ""
        cas = row.get("casualties")
        head = f"strike by {side} on {row.get('place')}"
        head += f" against {target}" if target else ""
        head += f", {int(cas)} casualties" if _present(cas) and cas is not None else ""
        return head
    if layer == "front_line":
        head = f"front line {row.get('factions') or ''}".strip()
        return head + (" (uncertain)" if row.get("uncertain") else "")
    kind = "uncertainty area" if row.get("kind") == "uncertainty" else "region"
    head = f"{kind}: {row.get('name') or ''}"
    if _present(row.get("faction")) and row.get("faction"):
        head += f" ({side})"
    return head


def generic_label(
    row: Mapping[str, Any], layer: str, registry: Any = None
) -> tuple[str, str]:
    """(tooltip, popup) HTML of a movement, strike, area or front line row."""
    tip = f"<b>{esc(generic_head(row, layer, registry))}</b>"
    srcs = sources_of(row)
    return tip, _tip(tip, _source_line(srcs), _first_sentence(srcs))


def describe(
    layer: str, row: Mapping[str, Any], registry: Any = None
) -> tuple[str, str]:
    """(title, subtitle) in plain text for the panel of any feature."""
    if layer == "places":
        return str(row.get("name") or "?"), status_line(row, registry)
    return generic_head(row, layer, registry), LAYER_TITLES.get(layer, layer)
