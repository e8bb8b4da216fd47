"""Front-line maps from news reports: the Streamlit page.

Run: ``python -m streamlit run app.py``. It opens on the seed articles in ./seeds;
add articles by pasting or uploading .txt files. The page only wires widgets to
gazetteer/ and geo/: the map is geo.map, the analysis geo.pipeline, the layers
geo.layers, the export geo.export; filters, clicks and dates are plain values in
geo.map.view, the sources of a place geo.map.evidence, all tested on their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from gazetteer.errors import DocumentError, GazetteerError
from gazetteer.textio import decode_text
from geo import map as webmap
from geo.documents import header_date
from geo.map.popups import markdown_text as md
from geo.pipeline import Cancelled
from geo.records import CLAIM_TYPES, Document
from geo.workspace import Workspace, WorkspaceError, unique_id
from geo.workspace.corrections import ANALYST_DOC as ANALYST

log = logging.getLogger("frontline.app")

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"
MAP_KEY = "map"
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
PROGRESS_FROM = 3  # show a progress bar when adding at least this many articles


# ----------------------------------------------------------------- cached resources


@st.cache_resource(
    show_spinner="Loading the gazetteer. On the first start on a machine this builds"
    " its index from the shipped data (about half a minute, once; later starts take"
    " a second)…"
)
def get_gazetteer() -> Any:
    import gazetteer

    return gazetteer.load()


@st.cache_resource(max_entries=8)
def registry_for(registry_json: str | None) -> Any:
    """The shipped faction registry, or one a user loaded (its JSON text)."""
    from geo.factions import load_registry, registry_from_dict

    if registry_json is None:
        return load_registry()
    return registry_from_dict(json.loads(registry_json), source="uploaded registry")


def registry_json() -> str | None:
    """The user's registry for this session (None: the shipped one)."""
    return st.session_state.get("registry_json")


def get_registry() -> Any:
    return registry_for(registry_json())


def abandoned() -> Callable[[], bool]:
    """``should_stop`` for this run's analyses: True once the run is asked to stop
    (the page was reloaded or closed: its session stops its script) or to rerun (a
    new paste, another action); the analysis then stops where it is, instead of
    running on for nobody. Reads the run's pending request without taking it, so
    Streamlit still handles it at the next page element."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    requests = getattr(ctx, "script_requests", None)
    if requests is None:  # not under a Streamlit run (tests, bare mode)
        return lambda: False

    def should_stop() -> bool:
        kind = getattr(getattr(requests, "_state", None), "name", "")
        if kind == "STOP":
            return True
        if kind != "RERUN":
            return False
        data = getattr(requests, "_rerun_data", None)
        # a fragment's timer (the first start's progress) does not stop a run
        return not (
            getattr(data, "fragment_id_queue", None)
            and not getattr(data, "is_fragment_scoped_rerun", False)
        )

    return should_stop


@st.cache_resource(max_entries=64)
def layers_for(
    key: str, _analysis: Any, full: bool = False, as_of: dt.date | None = None
) -> Any:
    """The layers of an analysis (as of a date); ``key`` names the set of
    documents it covers.

    The whole workspace's (``full``) come from its layer cache after a restart."""
    from geo.layers import build_layers

    if full and as_of is None:
        return current_workspace().layers(gazetteer=get_gazetteer(), analysis=_analysis)
    return build_layers(_analysis, registry=get_registry(), as_of=as_of)


@st.cache_resource(max_entries=64)
def evidence_for(key: str, _analysis: Any) -> Any:
    """The sources of every place of an analysis, indexed once per set."""
    return webmap.Evidence(_analysis, registry=get_registry())


@st.cache_resource(max_entries=32)
def data_features(key: str, _shown: Any, _evidence: Any) -> dict[str, Any]:
    """The map's data features (sources inside), computed once per view;
    ``key`` names the documents, filters and date they show."""
    return webmap.prepare(
        webmap.layer_features(_shown, registry=get_registry(), evidence=_evidence)
    )


# ----------------------------------------------------------------- documents


def documents() -> dict[str, str]:
    """The open workspace's articles (doc id -> text), kept across reruns."""
    sync_workspace(current_workspace())
    return st.session_state.docs


def add_documents(items: list[tuple[str, bytes]]) -> None:
    """Decode and analyse new articles; a bad one gets a message, the rest go in."""
    docs = documents()
    bar = (
        st.progress(0.0, text="Reading articles…")
        if len(items) >= PROGRESS_FROM
        else None
    )
    added, errors, warnings = [], [], []
    batch: list[tuple[Document, Any]] = []
    should_stop = abandoned()
    ws, gz = current_workspace(), get_gazetteer()
    # named before the work: if a newer request ends this run, the next one says
    # which articles were left out (see stopped_notice)
    st.session_state[ANALYSING] = [name for name, _ in items]
    for i, (name, data) in enumerate(items, 1):
        try:
            text = decode_text(data, name=name)
        except DocumentError as err:
            errors.append(str(err))
        else:
            if text in docs.values():
                errors.append(f"{name}: already loaded")
            else:
                doc_id = unique_id(name, docs)
                document = Document(doc_id, text, header_date(text), name)
                try:
                    analysis, notes = analyse_document_notes(document, should_stop)
                except Cancelled:
                    # this run is being replaced (a new paste, a reload): keep
                    # what was done, touching no st.* (that would end the run
                    # here); the next run says what was left out
                    if batch:
                        store_articles(ws, batch, gz)
                    return
                fails = getattr(analysis, "failures", [])
                if fails:
                    errors.extend(str(f) for f in fails)
                else:
                    docs[doc_id] = text
                    batch.append((document, analysis))
                    added.append(doc_id)
                    warnings.extend(notes)
        if bar is not None:
            bar.progress(i / len(items), text=f"Analysed {i} of {len(items)}: {name}")
    else:
        st.session_state.pop(ANALYSING, None)
    if bar is not None:
        bar.empty()
    if batch:
        save_articles(batch)
    if added:
        more = "…" if len(added) > 5 else ""
        notify(
            "success", f"Added {len(added)} article(s): {', '.join(added[:5])}{more}"
        )
    for message in warnings:
        notify("warning", message)
    for message in errors:
        notify("error", message)


# ----------------------------------------------------------------- notices


ANALYSING = "analysing"


def stopped_notice() -> None:
    """Articles whose analysis a newer request stopped (the run that analysed them
    ended before it could say so): a notice, once."""
    left = st.session_state.pop(ANALYSING, None)
    if left:
        kept = documents()
        left = [name for name in left if name not in kept]
    if left:
        notify(
            "warning",
            f"Stopped analysing {', '.join(left)}: another request came first "
            "(add it again to keep it)",
        )


def notify(kind: str, text: str) -> None:
    """Keep a notice (added, refused and why) until the user dismisses it."""
    log = st.session_state.setdefault("notices", [])
    n = st.session_state.get("notice_id", 0) + 1
    st.session_state.notice_id = n
    log.append((n, kind, text))


def notices_area() -> None:
    """The notices, newest first, each with its own dismiss button; every text is
    shown as plain text (never Markdown or HTML)."""
    log = st.session_state.get("notices", [])
    if not log:
        return
    show = {"success": st.success, "warning": st.warning, "error": st.error}
    with st.container(border=True):
        head, clear = st.columns([5, 1])
        head.markdown(f"**Notices** ({len(log)})")
        if clear.button("Dismiss all", key="notices_clear"):
            st.session_state.notices = []
            st.rerun()
        for n, kind, text in reversed(log):
            body, close = st.columns([12, 1])
            with body:
                show.get(kind, st.info)(md(text))
            if close.button("✕", key=f"notice_{n}", help="Dismiss"):
                st.session_state.notices = [x for x in log if x[0] != n]
                st.rerun()


# ----------------------------------------------------------------- workspace (issue 15)
# Which workspace is open (the URL's ?ws=, else the one open last, else the sample
# "Libya 2020"), its articles and sides, and the analyst's corrections. Everything
# is stored by geo.workspace; user strings are shown as plain text, never Markdown.

WS_PARAM = "ws"


def plain(text: Any) -> str:
    """A user string inside Markdown as an inline code span: shown as typed, never
    read as Markdown or HTML (links, emphasis, math)."""
    s = " ".join(str(text).split())
    fence = "`" * (max((len(r) for r in re.findall(r"`+", s)), default=0) + 1)
    return f"{fence} {s} {fence}"


def current_workspace() -> Workspace:
    """The open workspace (the same after a reload or a server restart)."""
    from geo.workspace import ensure_sample, in_home, remember, remembered

    path = st.session_state.get("ws_path")
    if path is None:
        wanted = st.query_params.get(WS_PARAM)
        path = (in_home(wanted) if wanted else None) or remembered()
        if path is None:
            path = ensure_sample(sorted(SEEDS.glob("*.txt")))
    try:
        ws = Workspace(path)
    except WorkspaceError as err:
        st.session_state.ws_error = str(err)
        st.session_state.pop("ws_path", None)
        ws = Workspace(ensure_sample(sorted(SEEDS.glob("*.txt"))))
    st.session_state.ws_path = str(ws.path)
    if st.session_state.get("ws_remembered") != str(ws.path):
        remember(ws.path)  # a restarted server opens it again
        st.session_state.ws_remembered = str(ws.path)
    if in_home(ws.path.name) == ws.path:
        st.query_params[WS_PARAM] = ws.path.name
    return ws


def open_workspace(path: Any) -> None:
    """Switch to another workspace: its own articles, sides and filters."""
    for key in ("ws_path", "docs", "ws_rev", "registry_json", "ws_registry_seen"):
        st.session_state.pop(key, None)
    for key in ("f_factions", "f_docs", "selection", "jump"):
        st.session_state.pop(key, None)
    st.session_state.ws_path = str(path)


def sync_workspace(ws: Workspace) -> None:
    """Mirror the workspace in the session: its articles (re-read when another tab
    or the command line changed them) and its sides (a registry the page loaded
    goes into the workspace)."""
    seen = st.session_state.get("ws_registry_seen", "unset")
    session_registry = st.session_state.get("registry_json")
    if seen != "unset" and session_registry != seen:
        try:
            ws.set_registry(session_registry)
        except (GazetteerError, ValueError) as err:
            st.session_state.registry_error = str(err)
    stored = ws.registry_json
    if stored is None:
        st.session_state.pop("registry_json", None)
    else:
        st.session_state.registry_json = stored
    st.session_state.ws_registry_seen = stored
    revision = f"{ws.path}:{ws.revision()}"  # names the layers cached for it
    if st.session_state.get("ws_rev") != revision or "docs" not in st.session_state:
        st.session_state.docs = {d.id: d.text for d in ws.texts()}
    st.session_state.ws_rev = revision


@st.cache_resource(max_entries=4, show_spinner="Opening the workspace…")
def _workspace_analyses(
    path: str, revision: str, key: str, _stop: Callable[[], bool] | None = None
) -> tuple[Any, Any, Any]:
    from geo.workspace import apply_corrections

    ws = Workspace(path)
    raw = ws.analysis(gazetteer=get_gazetteer(), should_stop=_stop)
    corrections = ws.corrections()
    return raw, apply_corrections(raw, corrections), corrections


def workspace_analyses(ws: Workspace) -> tuple[Any, Any, Any]:
    """(as extracted, as corrected, the corrections) of the open workspace."""
    return _workspace_analyses(
        str(ws.path), ws.revision(), ws.analysis_key(get_gazetteer()), abandoned()
    )


def analyse_document_notes(
    document: Document, should_stop: Callable[[], bool] | None = None
) -> tuple[Any, list[str]]:
    """One new article's analysis and the library's warnings about it; raises
    Cancelled when ``should_stop()`` says so (a long article is analysed in a
    child process, ended at once then)."""
    from geo.workspace.worker import analyse_stoppable

    return analyse_stoppable(
        document,
        gazetteer=get_gazetteer(),
        registry=get_registry(),
        registry_json=registry_json(),
        should_stop=should_stop,
    )


def save_articles(batch: list[tuple[Document, Any]]) -> None:
    """Store new articles with their analyses, in one transaction."""
    ws = current_workspace()
    store_articles(ws, batch, get_gazetteer())
    st.session_state.ws_rev = f"{ws.path}:{ws.revision()}"


def store_articles(ws: Workspace, batch: list[tuple[Document, Any]], gz: Any) -> None:
    ws.add([d for d, _ in batch], analyses={d.id: a for d, a in batch}, gazetteer=gz)


def workspace_box() -> None:
    """Pick the workspace (one per war: its sides and articles)."""
    from geo.workspace import list_workspaces

    ws = current_workspace()
    st.header("Workspace")
    paths = list_workspaces()
    if ws.path not in paths:
        paths.append(ws.path)
    names = {p: _ws_name(p) for p in paths}
    chosen = st.selectbox(
        "Open workspace",
        paths,
        index=paths.index(ws.path),
        format_func=lambda p: names[p],
        key=f"ws_pick_{ws.path.name}",
    )
    if chosen != ws.path:
        open_workspace(chosen)
        st.rerun()
    st.text(f"{names[ws.path]}: {len(documents())} article(s)")
    for key, show in (("ws_error", st.error), ("ws_notice", st.success)):
        message = st.session_state.pop(key, None)
        if message:
            show(plain(message))


def workspace_tools() -> None:
    """Make a workspace for another war; remove an article."""
    from geo.workspace import path_for

    ws = current_workspace()
    st.header("Workspaces")
    with (
        st.expander("New workspace (another war)"),
        st.form("new_ws", clear_on_submit=True),
    ):
        name = st.text_input("Name", placeholder="e.g. Sudan 2023")
        upload = st.file_uploader(
            "Its sides: a faction registry (.json)", type=["json"], key="ws_reg"
        )
        if st.form_submit_button("Create workspace"):
            make_workspace(name, upload, path_for)
    with st.expander("Remove an article"):
        docs = list(documents())
        if docs:
            gone = st.selectbox("Article", docs, key="ws_remove_pick")
            if st.button("Remove article", key="ws_remove"):
                ws.remove(gone)
                st.session_state.ws_notice = f"Removed {gone}"
                st.rerun()
        else:
            st.text("No articles yet.")


def _ws_name(path: Any) -> str:
    try:
        return Workspace(path).name
    except WorkspaceError:
        return f"{path.name} (unreadable)"


def make_workspace(name: str, upload: Any, path_for: Any) -> None:
    """Create a workspace with its own sides and open it; a bad name or registry
    gets one message and nothing changes."""
    from geo.factions import RegistryError

    name = " ".join(name.split())
    if not name:
        st.error("Give the new workspace a name.")
        return
    registry = None
    try:
        if upload is not None:
            registry = decode_text(upload.getvalue(), name=upload.name)
        ws = Workspace.create(path_for(name), name=name, registry_json=registry)
    except (DocumentError, RegistryError, WorkspaceError, ValueError) as err:
        message = str(err)
        if upload is not None and upload.name not in message:
            message = f"{upload.name}: {message}"
        st.error(plain(message))  # nothing changed: the open workspace stays
        return
    open_workspace(ws.path)
    st.session_state.ws_notice = f"Made workspace {name}"
    st.rerun()


def correction_box(layers: Any, sel: webmap.Selection, registry: Any) -> None:
    """Under the sources: accept or reject the place's claims, change their side,
    move the place (a gazetteer candidate or a point), or say it is no place."""
    from geo.workspace.corrections import review
    from geo.workspace.places import claims_at, mentions_at

    hit = webmap.feature_row(layers, sel.feature_id) if sel.feature_id else None
    if hit is None or hit[0] != "places":
        return
    row = hit[1]
    ws = current_workspace()
    raw, fixed, corrections = workspace_analyses(ws)
    where = {"geonameid": row.get("geonameid"), "name": row.get("name")}
    pairs = claims_at(review(raw, corrections), **where)
    mentions = mentions_at(fixed, **where)
    with st.expander("Correct this place", expanded=True):
        for orig, now in pairs:
            _claim_row(ws, orig, now, registry)
        if mentions:
            _move_box(ws, mentions, row)
        made = [c for c in corrections if c.target in _targets(pairs, mentions)]
        for c in made:
            left, right = st.columns([4, 1])
            left.text(f"#{c.id} {c.kind}: {c.describe()}")
            if right.button("Undo", key=f"undo_{c.id}"):
                ws.withdraw(c.id)
                st.rerun()


def _targets(pairs: list[tuple[Any, Any]], mentions: list[Any]) -> set[str]:
    return {o.id for o, _ in pairs} | {m.id for m in mentions}


def _claim_row(ws: Workspace, orig: Any, now: Any, registry: Any) -> None:
    claim = now or orig
    status = "rejected" if now is None else ("corrected" if now.corrected else "")
    side = claim.faction or "no side"
    st.text(
        f"{claim.type} · {side}{' · ' + status if status else ''} · {claim.doc}\n"
        + " ".join(claim.sentence.split())[:300]
    )
    if claim.doc.startswith(f"{ANALYST}:"):
        return
    ids = list(registry.ids)
    pick = st.selectbox(
        "Side",
        ids,
        index=ids.index(claim.faction) if claim.faction in ids else 0,
        format_func=lambda f: f"{f} — {webmap.faction_label(registry, f)}",
        key=f"side_{orig.id}",
        label_visibility="collapsed",
    )
    a, c = st.columns(2)
    if now is None:
        if a.button("Accept", key=f"accept_{orig.id}"):
            ws.correct("accept", orig.id, analysis=workspace_analyses(ws)[0])
            st.rerun()
    elif a.button("Reject", key=f"reject_{orig.id}"):
        ws.correct("reject", orig.id, analysis=workspace_analyses(ws)[0])
        st.rerun()
    if c.button("Set side", key=f"setside_{orig.id}") and pick != claim.faction:
        ws.correct("side", orig.id, {"side": pick}, analysis=workspace_analyses(ws)[0])
        st.rerun()


def _move_box(ws: Workspace, mentions: list[Any], row: dict[str, Any]) -> None:
    from geo.workspace.places import alternatives, place_value, point_value

    first = mentions[0]
    st.text(f"Move {row.get('name')} ({len(mentions)} mention(s)) to:")
    options = [a for a in alternatives(first, get_gazetteer()) if not a.current]
    key = first.id
    if options:
        pick = st.selectbox(
            "Another place of that name",
            options,
            format_func=lambda a: a.label(),
            key=f"move_pick_{key}",
        )
        if st.button("Move to this place", key=f"move_{key}"):
            _move(ws, mentions, place_value(pick.place), pick.place.name)
    a, b = st.columns(2)
    lat = a.number_input("Latitude", -90.0, 90.0, float(first.lat), key=f"lat_{key}")
    lon = b.number_input("Longitude", -180.0, 180.0, float(first.lon), key=f"lon_{key}")
    if st.button("Move to this point", key=f"point_{key}"):
        _move(ws, mentions, point_value(lat, lon), row.get("name"))
    if st.button("Not a place", key=f"notplace_{key}"):
        ws.correct_many([("not-a-place", m.id, {}) for m in mentions], author="analyst")
        st.session_state.selection = webmap.Selection(None, sel_clicks())
        st.rerun()


def _move(ws: Workspace, mentions: list[Any], value: dict[str, Any], name: Any) -> None:
    """Move every mention of the place and keep it selected where it went."""
    from gazetteer.normalize import name_key
    from geo.layers import stable_id

    ws.correct_many([("move", m.id, value) for m in mentions], author="analyst")
    gid = value.get("geonameid")
    new_id = (
        stable_id("place", "gn", gid)
        if gid is not None
        else stable_id("place", "nm", name_key(str(value.get("name") or name)))
    )
    st.session_state.selection = webmap.Selection(new_id, sel_clicks())
    st.session_state.jump = (new_id, st.session_state.get("jumps", 0) + 1)
    st.session_state.jumps = st.session_state.jump[1]
    st.rerun()


def sel_clicks() -> int:
    return st.session_state.get("selection", webmap.Selection()).clicks


# ----------------------------------------------------------------- analysis


def docs_key(docs: dict[str, str]) -> str:
    """Names a set of documents read with the current faction registry."""
    h = hashlib.sha1((registry_json() or "").encode("utf-8", "surrogatepass"))
    h.update(st.session_state.get("ws_rev", "").encode())  # corrections, articles
    for doc_id, text in docs.items():
        h.update(doc_id.encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()


def analysis_of(docs: dict[str, str]) -> Any:
    """The corrected analysis of these documents of the open workspace (reruns
    reuse it)."""
    from geo.workspace.corrections import only

    full = workspace_analyses(current_workspace())[1]
    if set(docs) >= {d.id for d in full.documents if d.source != ANALYST}:
        return full
    return only(full, set(docs))


# ----------------------------------------------------------------- widgets


def sidebar(all_docs: list[str], registry: Any) -> webmap.Filters:
    with st.sidebar:
        workspace_box()
        st.header("Filters")
        ids = list(getattr(registry, "ids", []) or []) + ["none"]
        factions = st.multiselect(
            "Faction",
            ids,
            key="f_factions",
            format_func=lambda f: (
                "no faction"
                if f == "none"
                else f"{f} — {webmap.faction_label(registry, f)}"
            ),
        )
        types = st.multiselect(
            "Claim type",
            [*CLAIM_TYPES, webmap.MENTION],
            key="f_types",
            format_func=lambda t: "bare mention" if t == webmap.MENTION else t,
        )
        chosen = st.multiselect("Document", all_docs, key="f_docs")
        st.caption("Empty = everything. The map, the table and the downloads follow.")
        st.divider()
        offline = not st.toggle(
            "Online map tiles (OpenStreetMap)",
            value=False,
            key="tiles",
            help="Off: the offline basemap shipped with the app.",
        )
        st.session_state.offline = offline
        add_articles()
        factions_box(registry)
        overlays_box()
        workspace_tools()
    return webmap.Filters(frozenset(factions), frozenset(types), frozenset(chosen))


def factions_box(registry: Any) -> None:
    """Load the sides of another war (the registry format is in docs/claims.md)."""
    with st.expander("Factions (another war)"):
        st.caption(
            "A registry loaded here becomes the sides of the open workspace (its "
            "articles are read again). For another war, make a new workspace under "
            "Workspaces: its own sides and articles."
        )
        st.text(
            "Sides: "
            + ", ".join(
                f"{f} ({webmap.faction_label(registry, f)})" for f in registry.ids
            )
        )
        with st.form("registry", clear_on_submit=True):
            upload = st.file_uploader("Faction registry (.json)", type=["json"])
            if st.form_submit_button("Use this registry") and upload is not None:
                use_registry(upload.name, upload.getvalue())
        if registry_json() is not None and st.button("Back to the shipped registry"):
            del st.session_state["registry_json"]
            st.session_state.pop("f_factions", None)  # ids of the old sides
            st.rerun()
        message = st.session_state.pop("registry_error", None)
        if message:
            st.error(plain(message))


def overlays_box() -> None:
    """The analyst's own layers (GeoJSON, GeoPackage, KML), drawn under the claims
    and kept in the workspace (shown again after a reload)."""
    ws = current_workspace()
    with st.expander("Your layers (GeoJSON, GeoPackage, KML)"):
        with st.form("overlays", clear_on_submit=True):
            files = st.file_uploader(
                "Map layers",
                type=["geojson", "json", "gpkg", "kml"],
                accept_multiple_files=True,
            )
            if st.form_submit_button("Add layers") and files:
                add_overlays(ws, [(f.name, f.getvalue()) for f in files])
        for kept in ws.overlays():
            a, b = st.columns([5, 1])
            a.text(f"{kept.name} ({kept.format}, {kept.features} features)")
            if b.button("✕", key=f"overlay_rm_{kept.name}", help="Remove this layer"):
                try:
                    ws.remove_overlay(kept.name)
                except WorkspaceError as err:
                    notify("error", str(err))
                else:
                    notify("success", f"Layer removed: {kept.name}")
                st.rerun()


def add_overlays(ws: Workspace, items: list[tuple[str, bytes]]) -> None:
    """Read each file and keep it in the workspace as GeoJSON; a file that cannot
    be read is refused with a notice, the others are kept."""
    for name, data in items:
        try:
            frame = webmap.read_overlay(name, data)
            kept = ws.add_overlay(
                name,
                webmap.overlay_geojson(frame),
                format=webmap.overlay_format(name),
            )
        except (webmap.OverlayError, WorkspaceError) as err:
            notify("error", str(err))
            continue
        notify("success", f"Layer added: {kept.name} ({kept.features} features)")


@st.cache_resource(max_entries=16, show_spinner=False)
def _overlay_frame(name: str, digest: str, _text: str) -> Any:
    return webmap.overlay_from_geojson(name, _text)


def workspace_overlays(ws: Workspace) -> tuple[tuple[str, Any], ...]:
    """The workspace's layers as (name, frame), for the map and the download."""
    shown = []
    for kept in ws.overlays():
        digest = hashlib.sha1(kept.geojson.encode("utf-8", "surrogatepass"))
        try:
            frame = _overlay_frame(kept.name, digest.hexdigest(), kept.geojson)
        except webmap.OverlayError as err:
            st.warning(md(str(err)))
            continue
        shown.append((kept.name, frame))
    return tuple(shown)


def use_registry(name: str, data: bytes) -> None:
    """Switch to a user's registry if it is valid; otherwise say why and keep the
    current one."""
    from geo.factions import RegistryError

    try:
        text = decode_text(data, name=name)
        registry_for(text)  # validates: JSON, ids, colours, aliases
    except (DocumentError, RegistryError, ValueError) as err:
        st.session_state.registry_error = f"{name}: {err}"
        return
    st.session_state.registry_json = text
    st.session_state.pop("f_factions", None)  # ids of the old sides
    st.rerun()


def add_articles() -> None:
    st.header("Add articles")
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            "Upload .txt files", type=["txt"], accept_multiple_files=True
        )
        if st.form_submit_button("Add files") and files:
            add_documents([(f.name, f.getvalue()) for f in files])
    with st.form("paste", clear_on_submit=True):
        name = st.text_input("Title", placeholder="pasted article")
        text = st.text_area("Paste an article", height=150)
        if st.form_submit_button("Add text"):
            title = name.strip() or "pasted article"
            add_documents(
                [
                    (
                        title if title.endswith(".txt") else f"{title}.txt",
                        text.encode("utf-8"),
                    )
                ]
            )


@st.cache_resource(max_entries=8, show_spinner=False)
def claims_table(
    key: str, _analysis: Any, _layers: Any, _filters: webmap.Filters
) -> pd.DataFrame:
    """The claims table of a view (``key`` names it), made once: reruns show it."""
    return claims_frame(_analysis, _layers, _filters)


def claims_frame(analysis: Any, layers: Any, filters: webmap.Filters) -> pd.DataFrame:
    rows = []
    index = webmap.place_index(webmap.frames_of(layers).get("places"))
    for claim in getattr(analysis, "claims", []):
        if filters.docs and claim.doc not in filters.docs:
            continue
        if filters.claim_types and claim.type not in filters.claim_types:
            continue
        faction = claim.faction or "none"
        if filters.factions and faction not in filters.factions:
            continue
        rows.append(
            {
                "type": claim.type,
                "kind": claim.kind or "",
                "faction": claim.faction or "",
                "place": claim.place.name if claim.place is not None else "",
                "sentence": " ".join(claim.sentence.split()),
                "doc": claim.doc,
                "implied": claim.implied,
                "confidence": round(claim.confidence, 2),
                "place_id": webmap.place_id_for(index, claim.place),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "type",
            "kind",
            "faction",
            "place",
            "sentence",
            "doc",
            "implied",
            "confidence",
            "place_id",
        ],
    )


def selection() -> webmap.Selection:
    """Apply the map's last click (read before the map is drawn, to highlight it)."""
    previous = st.session_state.get("selection", webmap.Selection())
    current = webmap.handle_click(st.session_state.get(MAP_KEY), previous)
    st.session_state.selection = current
    return current


def jump_from_table(table: pd.DataFrame) -> None:
    """A row chosen in the claims table selects its place and recentres the map."""
    state = st.session_state.get("claims_table")
    rows = list(getattr(getattr(state, "selection", None), "rows", []) or [])
    chosen = rows[0] if rows else None
    if chosen == st.session_state.get("table_row"):
        return
    st.session_state.table_row = chosen
    if chosen is None or chosen >= len(table):
        return
    place_id = table.iloc[chosen]["place_id"]
    if place_id:
        sel = st.session_state.get("selection", webmap.Selection())
        st.session_state.selection = webmap.Selection(place_id, sel.clicks)
        st.session_state.jump = (place_id, st.session_state.get("jumps", 0) + 1)
        st.session_state.jumps = st.session_state.jump[1]


def view_for(layers: Any) -> tuple[list[float] | None, int | None]:
    """The view a table row asked for, once: a jump is consumed by the run that
    draws it. (Kept, it recentred every new map on the old place: after an article
    was added the map snapped back there, under the user's next click.)"""
    jump = st.session_state.pop("jump", None)
    if not jump:
        return None, None
    hit = webmap.feature_row(layers, jump[0])
    if hit is None:
        return None, None
    geom = hit[1]["geometry"]
    # a tiny shift per jump makes the same place recentre twice
    return [geom.y + 1e-9 * jump[1], geom.x], 9


def panel(
    layers: Any,
    sel: webmap.Selection,
    registry: Any,
    *,
    evidence: Any,
    view_key: str,
) -> None:
    if not sel.feature_id:
        st.info(
            "Click a city (or any symbol) on the map: its sources open beside the"
            " map at once, and here."
        )
        return
    hit = webmap.feature_row(layers, sel.feature_id)
    if hit is None:
        st.info("The selected feature is hidden by the filters.")
        return
    st.html(panel_for(view_key, sel.feature_id, hit, evidence, registry))


@st.cache_resource(max_entries=64, show_spinner=False)
def panel_for(
    view_key: str, feature_id: str, _hit: Any, _evidence: Any, _registry: Any
) -> str:
    """The page's sources panel of a feature (its HTML), once per view."""
    layer, row = _hit
    title, subtitle = webmap.describe(layer, row, _registry)
    if layer == "places":
        by_doc = _evidence.place_sources(row)
    else:
        by_doc = webmap.row_sources(row)
    return webmap.panel_html(title, subtitle, by_doc)


# ----------------------------------------------------------------- page


def main() -> None:
    st.set_page_config(page_title="Front-line maps", layout="wide")
    st.title("Front-line maps from news reports")
    t0 = time.perf_counter()
    if not index_ready():
        first_start(t0)
        return
    try:
        get_gazetteer()
        registry = get_registry()
    except (GazetteerError, ValueError, OSError) as err:
        st.error(md(f"Cannot start: {err}"))
        st.stop()
    stopped_notice()
    docs = documents()
    filters = sidebar(list(docs), registry)
    docs = documents()  # the sidebar may have added some
    notices_area()

    if not docs:
        st.warning("No articles loaded: add some in the sidebar.")
        return
    with st.spinner("Analysing the articles…"):
        analysis = analysis_of(docs)
        shown_docs = {d: t for d, t in docs.items() if d in filters.docs} or docs
        if filters.docs and len(shown_docs) < len(docs):
            shown_analysis = analysis_of(shown_docs)
        else:
            shown_analysis = analysis
    as_of = time_axis(analysis)
    with st.spinner("Drawing the layers…"):
        key = docs_key(docs)
        layers_all = layers_for(key, analysis, full=True, as_of=as_of)
        shown_key = docs_key(shown_docs)
        layers_docs = (
            layers_all
            if shown_analysis is analysis
            else layers_for(shown_key, shown_analysis, as_of=as_of)
        )
    for failure in getattr(analysis, "failures", []):
        st.warning(md(str(failure)))
    shown = webmap.filter_layers(layers_docs, filters)
    table = claims_table(f"{shown_key}|{filters}|{as_of}", shown_analysis, shown, filters)
    jump_from_table(table)
    sel = selection()

    offline = st.session_state.get("offline", True)
    overlays = workspace_overlays(current_workspace())
    with st.container():
        # the base (basemap, legend, first view) is that of all the evidence, so
        # the map stays put while the date slider moves
        draw_map(
            layers_for(key, analysis, full=True),
            shown,
            evidence_for(shown_key, shown_analysis),
            base_name=key,
            view_key=f"{shown_key}|{filters}|{as_of}",
            registry=registry,
            offline=offline,
            overlays=overlays,
        )
        st.caption(map_caption(shown, len(docs), t0))
        downloads(layers_docs, shown, registry, offline, shown_analysis, overlays)
    # the selection's sources, again, where the page can act on them
    st.subheader("Sources")
    with st.container(height=420, border=False):
        panel(
            shown,
            sel,
            registry,
            evidence=evidence_for(shown_key, shown_analysis),
            view_key=f"{shown_key}|{filters}|{as_of}",
        )
        correction_box(shown, sel, registry)

    changes_view(analysis, registry)
    st.subheader("Claims")
    st.caption("Sort by any column; select a row to show its place on the map.")
    st.dataframe(
        table.drop(columns=["place_id"]),
        key="claims_table",
        on_select="rerun",
        selection_mode="single-row",
        width="stretch",
        hide_index=True,
    )


def draw_map(
    base_layers: Any,
    shown: Any,
    evidence: Any,
    *,
    base_name: str,
    view_key: str,
    registry: Any,
    offline: bool,
    overlays: tuple[tuple[str, Any], ...] = (),
) -> None:
    """The map: a base of ``base_layers`` (basemap, legend, first view) and the data
    features of ``shown``, their sources inside.

    A click answers in the browser: the popup and the sources panel in the map
    are built from the data sent with it; the rerun that follows only moves the
    selection here (the layers are not rebuilt, so the layer switcher's choices
    survive)."""
    from geo.map import rerun

    rerun.install()  # st_folium reuses the text of a kept map or group
    base = base_map_for(
        base_key(base_name, offline, overlays), base_layers, offline, overlays
    )
    groups = data_groups(view_key, shown, evidence)
    control = webmap.layer_control()
    center, zoom = view_for(shown)
    try:
        st_folium(
            base,
            key=MAP_KEY,
            height=660,
            use_container_width=True,
            returned_objects=RETURNED,
            feature_group_to_add=groups,
            layer_control=control,
            center=center,
            zoom=zoom,
        )
    finally:
        rerun.detach(base, [*groups, control])


def base_key(name: str, offline: bool, overlays: tuple[tuple[str, Any], ...]) -> str:
    """Names a base map: its data set's name, the sides, the tiles and the user's
    layers (their names, sizes and boxes)."""
    return "|".join(
        [
            name,
            hashlib.sha1((registry_json() or "").encode()).hexdigest(),
            str(offline),
            *(
                f"{n}:{len(frame)}:{list(map(float, frame.total_bounds))}"
                for n, frame in overlays
            ),
        ]
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def base_map_for(
    key: str, _layers: Any, offline: bool, _overlays: tuple[tuple[str, Any], ...]
) -> Any:
    """The base map (basemap, legend, labels, panel, first view), built once per
    data set and kept: a rerun draws the same object (and st_folium its text)."""
    from geo.map import rerun

    return rerun.keep(
        webmap.base_map(
            _layers, registry=get_registry(), offline=offline, overlays=_overlays
        )
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def data_groups(key: str, _shown: Any, _evidence: Any) -> list[Any]:
    """The data layer groups of a view, kept like the base map."""
    return webmap.groups_of(data_features(key, _shown, _evidence))


def map_caption(shown: Any, n_docs: int, t0: float) -> str:
    counts = {k: len(v) for k, v in webmap.frames_of(shown).items() if v is not None}
    return (
        " · ".join(
            f"{n} {webmap.LAYER_TITLES.get(k, k).lower()}" for k, n in counts.items()
        )
        + f" · {n_docs} documents · built in {time.perf_counter() - t0:.2f} s"
    )


# ----------------------------------------------------------------- first start
# On a fresh machine the gazetteer index is built once (about a minute): in a child
# process, while the page shows the open workspace's saved analysis (the sample's
# is shipped with the app: geo/data/sample), with the build's progress. When the
# index is there the page reruns into the full app.


@st.cache_resource(show_spinner=False)
def index_build() -> Any:
    """The one build of the index for this server (every session waits on it)."""
    from geo.workspace.firstrun import start_build

    return start_build()


def index_ready() -> bool:
    from geo.workspace.firstrun import index_ready as ready

    return ready()


@st.cache_resource(max_entries=4, show_spinner=False)
def saved_map(path: str, revision: str) -> tuple[Any, Any] | None:
    """The open workspace's saved analysis (corrected) and its layers, made
    without the gazetteer; None when nothing is saved yet."""
    from geo.layers import build_layers
    from geo.workspace import SAMPLE_NAME, apply_corrections
    from geo.workspace.sample import load_saved

    ws = Workspace(path)
    raw = ws.saved_analysis()
    if raw is None:
        return None
    analysis = apply_corrections(raw, ws.corrections())
    shipped = load_saved() if ws.name == SAMPLE_NAME else None
    settlements = shipped.settlements if shipped is not None else ()
    layers = build_layers(analysis, registry=ws.registry(), settlements=settlements)
    return analysis, layers


def first_start(t0: float) -> None:
    """The page while the index builds: what happens (once), how far it is, and
    the saved map."""
    build = index_build()
    build_progress(build)
    ws = current_workspace()
    sync_workspace(ws)  # its sides, for the legend and the sources
    with st.sidebar:
        st.header("Workspace")
        st.text(f"{ws.name}: {len(ws.documents())} article(s)")
        st.caption("Adding articles and corrections open when the index is built.")
    saved = saved_map(str(ws.path), ws.revision())
    if saved is None:
        st.info("This workspace has no saved analysis: its map follows the index.")
        return
    analysis, layers = saved
    registry = ws.registry()
    draw_map(
        layers,
        layers,
        evidence_for(f"saved|{ws.path}|{ws.revision()}", analysis),
        base_name=f"saved|{ws.path}|{ws.revision()}",
        view_key=f"saved|{ws.path}|{ws.revision()}",
        registry=registry,
        offline=True,
        overlays=workspace_overlays(ws),
    )
    st.caption(
        "The saved analysis of this workspace · "
        + map_caption(layers, len(analysis.documents), t0)
    )


@st.fragment(run_every=1.0)
def build_progress(build: Any) -> None:
    """The build's progress, every second; the whole page reruns when it is done."""
    if index_ready():
        st.rerun()
    failed = build.failed()
    if failed:
        st.error(md(f"{failed}. Restart the app to try again."))
        return
    st.progress(build.fraction(), text=build.status())


def time_axis(analysis: Any) -> dt.date | None:
    """A date slider over the claims' dates: the map is drawn as of the chosen one
    (None: everything, the latest date)."""
    dates = webmap.claim_dates(analysis)
    if len(dates) < 2:
        return None
    if st.session_state.get("as_of_slider") not in dates:
        st.session_state.as_of_slider = dates[-1]  # new articles, new dates
    chosen = st.select_slider(
        "Map as of",
        options=dates,
        format_func=lambda d: d.isoformat(),
        key="as_of_slider",
        help="Only claims up to this date count; the latest claim per place wins.",
    )
    return None if chosen == dates[-1] else chosen


def changes_view(analysis: Any, registry: Any) -> None:
    """Gained, lost and newly contested places between two dates
    (:func:`geo.control.changes`)."""
    dates = webmap.claim_dates(analysis)
    if len(dates) < 2:
        return
    with st.expander("Changes between two dates"):
        from geo.control import changes

        a, b = st.columns(2)
        start = a.selectbox("From", dates, index=0, format_func=dt.date.isoformat)
        end = b.selectbox(
            "To", dates, index=len(dates) - 1, format_func=dt.date.isoformat
        )
        if end <= start:
            st.caption("Choose a later end date.")
            return
        result = changes(analysis, start=start, end=end, registry=registry)
        frame = changes_frame(result)
        if frame.empty:
            st.caption(f"No change of control between {start} and {end}.")
        else:
            st.dataframe(frame, hide_index=True, width="stretch", key="changes")


def changes_frame(result: Any) -> pd.DataFrame:
    """A table of geo.control.changes' records: what changed hands, from whom to
    whom, and the evidence (how many sentences, the first of them)."""
    rows = []
    for change in result or []:
        evidence = list(getattr(change, "evidence", ()) or ())
        first = next((e.get("sentence") for e in evidence if e.get("sentence")), "")
        rows.append(
            {
                "kind": change.kind,
                "name": change.name,
                "before": change.before or "nobody",
                "after": change.after or "nobody",
                "status": f"{change.before_status} → {change.after_status}",
                "sources": len(evidence),
                "evidence": " ".join(str(first).split())[:300],
            }
        )
    return pd.DataFrame(
        rows,
        columns=["kind", "name", "before", "after", "status", "sources", "evidence"],
    )


def downloads(
    template: Any,
    shown: dict[str, Any],
    registry: Any,
    offline: bool,
    analysis: Any = None,
    overlays: tuple[tuple[str, Any], ...] = (),
) -> None:
    layers = webmap.as_layers(template, shown)
    a, b = st.columns(2)
    a.download_button(
        "Download GeoJSON",
        data=lambda: geojson_text(layers),
        file_name="frontline.geojson",
        mime="application/geo+json",
    )
    b.download_button(
        "Download HTML map",
        data=lambda: webmap.map_html(
            shown,
            registry=registry,
            offline=offline,
            analysis=analysis,
            overlays=overlays,
        ),
        file_name="frontline_map.html",
        mime="text/html",
    )


def geojson_text(layers: Any) -> str:
    from geo.export import feature_collection

    return json.dumps(feature_collection(layers), ensure_ascii=False)


def page() -> None:
    """The page; an analysis abandoned for a newer request ends the run quietly
    (the next element hands over to the rerun or the stop that was asked)."""
    try:
        main()
    except Cancelled as stopped:
        log.info("an abandoned analysis stopped: %s", stopped)
        st.empty()


page()
