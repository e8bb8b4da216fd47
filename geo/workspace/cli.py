"""``python -m geo workspace PATH ACTION``: a workspace from the command line.

The same store as the app: what one writes, the other reads. Actions::

    init [--factions F.json] [--name NAME]   make a workspace for a war
    add FILE_OR_DIR...                       add articles (and analyse them)
    remove DOC_ID                            remove an article
    list                                     articles, JSON lines (with "id")
    claims                                   claims, JSON lines ("id", "mention_id",
                                             "status", "corrected")
    mentions                                 mentions, JSON lines (with "id")
    candidates MENTION_ID                    where a mention could be instead
    reject | accept CLAIM_ID                 reject a claim, or accept it
    side CLAIM_ID FACTION                    change a claim's side
    type CLAIM_ID TYPE [--kind KIND]         change a claim's type
    move MENTION_ID (--geonameid N | --lat LAT --lon LON)
    not-a-place MENTION_ID                   the mention is no place
    control PLACE --side S --as-of DATE      set a place's controller by hand
    corrections                              the corrections, JSON lines
    undo CORRECTION_ID                       take a correction back
    export -o OUT.geojson [--as-of DATE]     the corrected map layers
    overlay add FILE... [--name NAME]        keep your own map layers (GeoJSON,
                                             GeoPackage, KML), drawn under the claims
    overlay list | overlay remove NAME       the kept layers; drop one

Every correction takes ``--note`` and ``--by``. A bad request gets one ``error:``
line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "workspace",
        help="a workspace per war: articles, sides and the analyst's corrections",
        description="Keep a war's articles, sides and corrections in one file; "
        "review claims, correct them, and export the corrected map.",
    )
    p.add_argument("path", type=Path, metavar="PATH", help="the workspace file")
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    s = sub.add_parser("init", help="make a new workspace")
    s.add_argument("--factions", type=Path, metavar="F.json", help="the war's sides")
    s.add_argument("--name", help="the workspace's name (default: the registry's)")
    s.set_defaults(action_func=_init)

    s = sub.add_parser("add", help="add articles (UTF-8 .txt, or folders of them)")
    s.add_argument("files", nargs="+", metavar="FILE_OR_DIR")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(action_func=_add)

    s = sub.add_parser("remove", help="remove an article")
    s.add_argument("doc_id", metavar="DOC_ID")
    s.set_defaults(action_func=_remove)

    for name, func, text in (
        ("list", _list, "articles as JSON lines"),
        ("claims", _claims, "claims as JSON lines, corrections applied"),
        ("mentions", _mentions, "place mentions as JSON lines, corrections applied"),
        ("corrections", _corrections, "the corrections as JSON lines"),
    ):
        sub.add_parser(name, help=text).set_defaults(action_func=func)

    s = sub.add_parser("candidates", help="gazetteer places a mention could be")
    s.add_argument("mention_id", metavar="MENTION_ID")
    s.set_defaults(action_func=_candidates)

    for name in ("reject", "accept"):
        s = _correction(sub, name, f"{name} a claim")
        s.add_argument("target", metavar="CLAIM_ID")
    s = _correction(sub, "side", "change a claim's side")
    s.add_argument("target", metavar="CLAIM_ID")
    s.add_argument("side", metavar="FACTION")
    s = _correction(sub, "type", "change a claim's type")
    s.add_argument("target", metavar="CLAIM_ID")
    s.add_argument("claim_type", metavar="TYPE")
    s.add_argument(
        "--kind",
        dest="movement_kind",
        help="a movement's kind (reinforcement, advance, withdrawal)",
    )
    s = _correction(sub, "move", "move a mention to another place or a point")
    s.add_argument("target", metavar="MENTION_ID")
    s.add_argument("--geonameid", type=int, metavar="N")
    s.add_argument("--lat", type=float)
    s.add_argument("--lon", type=float)
    s = _correction(sub, "not-a-place", "mark a mention as not a place")
    s.add_argument("target", metavar="MENTION_ID")
    s = _correction(sub, "control", "set a place's controller as of a date")
    s.add_argument("place", metavar="PLACE", help="a mention id, geonameid or name")
    s.add_argument("--side", required=True, metavar="S")
    s.add_argument("--as-of", required=True, type=_date, metavar="YYYY-MM-DD")

    s = sub.add_parser("undo", help="take a correction back")
    s.add_argument("correction_id", type=int, metavar="CORRECTION_ID")
    s.set_defaults(action_func=_undo)

    s = sub.add_parser(
        "overlay", help="your own map layers (GeoJSON, GeoPackage, KML) for the map"
    )
    layers = s.add_subparsers(
        dest="overlay_action", required=True, metavar="add|list|remove"
    )
    a = layers.add_parser("add", help="keep map layers (one per file)")
    a.add_argument("files", nargs="+", type=Path, metavar="FILE")
    a.add_argument("--name", help="the layer's name (default: the file's name)")
    a.set_defaults(action_func=_overlay_add)
    a = layers.add_parser("list", help="the kept layers as JSON lines")
    a.set_defaults(action_func=_overlay_list)
    a = layers.add_parser("remove", help="drop a kept layer")
    a.add_argument("name", metavar="NAME")
    a.set_defaults(action_func=_overlay_remove)

    s = sub.add_parser("export", help="the corrected map layers as GeoJSON")
    s.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.geojson")
    s.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD")
    s.set_defaults(action_func=_export)

    p.set_defaults(func=run)
    return p


def _correction(sub: Any, name: str, text: str) -> argparse.ArgumentParser:
    s = sub.add_parser(name, help=text)
    s.add_argument("--note", default="", help="why (kept with the correction)")
    s.add_argument("--by", default=None, help="who (default: the user name)")
    s.set_defaults(action_func=_correct, correction=name)
    return s


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(
            f"not a date: {value!r} (write YYYY-MM-DD)"
        ) from err


# ------------------------------------------------------------------ actions


def _open(args: argparse.Namespace) -> Any:
    from geo.workspace import Workspace

    return Workspace(args.path)


def _init(args: argparse.Namespace) -> int:
    from geo.workspace import Workspace

    registry_json = None
    name = args.name
    if args.factions is not None:
        from geo.factions import load_registry

        registry = load_registry(args.factions)  # a bad file: one clear line
        registry_json = args.factions.read_text(encoding="utf-8")
        name = name or registry.name
    ws = Workspace.create(
        args.path, name=name or args.path.stem, registry_json=registry_json
    )
    _err(f"made workspace {ws.name!r} in {ws.path}")
    return 0


def _add(args: argparse.Namespace) -> int:
    from geo.documents import iter_paths, load_document

    ws = _open(args)
    docs, failed = [], 0
    for path in iter_paths(args.files):
        try:
            docs.append(load_document(path))
        except GazetteerError as err:
            _err(f"skipped: {err}")
            failed += 1
    added = ws.add(docs)
    for line in added.skipped:
        _err(f"skipped: {line}")
    if added.ids:
        analysis = ws.analysis(progress=_bar(len(added.ids), quiet=args.quiet))
        failures = {f.doc: f for f in analysis.failures}
        by_id = {d.id: d for d in ws.documents()}
        for doc_id in added.ids:
            if doc_id in failures:
                _err(f"warning: {failures[doc_id]}")
            _out(by_id[doc_id].to_json())
        _err(f"added {len(added.ids)} article(s) to {ws.path}")
    return 1 if failed or (not added.ids and added.skipped) else 0


def _remove(args: argparse.Namespace) -> int:
    _open(args).remove(args.doc_id)
    _err(f"removed {args.doc_id}")
    return 0


def _list(args: argparse.Namespace) -> int:
    for doc in _open(args).documents():
        _out(doc.to_json())
    return 0


def _claims(args: argparse.Namespace) -> int:
    from geo.workspace.corrections import ANALYST_DOC, review

    ws = _open(args)
    for raw, fixed in review(ws.analysis(), ws.corrections()):
        row = (fixed or raw).to_json()
        row["id"] = raw.id
        row["mention_id"] = None if raw.place is None else raw.place.id
        if raw.doc.startswith(f"{ANALYST_DOC}:"):
            row["status"] = "analyst"
        elif fixed is None:
            row["status"] = "rejected"
        else:
            row["status"] = "corrected" if fixed.corrected else "extracted"
        _out(row)
    return 0


def _mentions(args: argparse.Namespace) -> int:
    ws = _open(args)
    for ms in ws.corrected().mentions.values():
        for m in ms:
            _out(m.to_json())
    return 0


def _corrections(args: argparse.Namespace) -> int:
    for c in _open(args).corrections():
        _out(_correction_json(c))
    return 0


def _candidates(args: argparse.Namespace) -> int:
    import gazetteer
    from geo.workspace.places import alternatives

    ws = _open(args)
    mention = _mention(ws, args.mention_id)
    for alt in alternatives(mention, gazetteer.load()):
        _out(alt.to_json())
    return 0


def _correct(args: argparse.Namespace) -> int:
    ws = _open(args)
    kind, target = args.correction, getattr(args, "target", None)
    value: dict[str, Any] = {}
    if kind == "side":
        value = {"side": args.side}
    elif kind == "type":
        value = {"type": args.claim_type, "kind": args.movement_kind}
    elif kind == "move":
        value = _move_value(args)
    elif kind == "control":
        kind, target, value = "set-control", *_control_value(ws, args)
    c = ws.correct(kind, target, value, note=args.note, author=args.by)
    _out(_correction_json(c))
    return 0


def _undo(args: argparse.Namespace) -> int:
    _open(args).withdraw(args.correction_id)
    _err(f"correction {args.correction_id} taken back")
    return 0


def _export(args: argparse.Namespace) -> int:
    from geo.export import to_geojson

    ws = _open(args)
    layers = ws.layers(as_of=args.as_of)
    try:
        path = to_geojson(layers, args.output)
    except OSError as err:
        raise _Usage(f"cannot write {args.output} ({err})") from err
    _err(f"wrote {path} ({layers.n_features} features)")
    return 0


def _overlay_add(args: argparse.Namespace) -> int:
    """Each file read (GeoJSON, GeoPackage, KML), kept as GeoJSON under its name;
    a file that cannot be read is one ``skipped:`` line, the others are kept."""
    from geo.map.overlays import (
        OverlayError,
        overlay_format,
        overlay_geojson,
        read_overlay,
    )

    if args.name is not None and len(args.files) > 1:
        raise _Usage("--name names one layer: give one file with it")
    ws = _open(args)
    failed = 0
    for path in args.files:
        try:
            data = path.read_bytes()
            frame = read_overlay(path.name, data)
        except OSError as err:
            _err(f"skipped: {path}: cannot read ({err.strerror or err})")
            failed += 1
            continue
        except OverlayError as err:
            _err(f"skipped: {err}")
            failed += 1
            continue
        kept = ws.add_overlay(
            args.name or path.name,
            overlay_geojson(frame),
            format=overlay_format(path.name),
        )
        _out(_overlay_json(kept))
    return 1 if failed else 0


def _overlay_list(args: argparse.Namespace) -> int:
    for kept in _open(args).overlays():
        _out(_overlay_json(kept))
    return 0


def _overlay_remove(args: argparse.Namespace) -> int:
    _open(args).remove_overlay(args.name)
    _err(f"removed layer {args.name!r}")
    return 0


def _overlay_json(kept: Any) -> dict[str, Any]:
    return {
        "name": kept.name,
        "format": kept.format,
        "features": kept.features,
        "added": kept.added.isoformat(),
    }


# ------------------------------------------------------------------ helpers


class _Usage(Exception):
    """A request the command line cannot carry out (one line, exit 2)."""


def _mention(ws: Any, mention_id: str) -> Any:
    for ms in ws.analysis().mentions.values():
        for m in ms:
            if m.id == mention_id:
                return m
    raise ws._unknown("mention", mention_id, "mentions")


def _move_value(args: argparse.Namespace) -> dict[str, Any]:
    from geo.workspace.places import place_value, point_value

    if args.geonameid is not None:
        if args.lat is not None or args.lon is not None:
            raise _Usage("give either --geonameid or --lat and --lon, not both")
        import gazetteer

        return place_value(gazetteer.load().get(args.geonameid))
    if args.lat is None or args.lon is None:
        raise _Usage("move needs --geonameid N, or --lat LAT and --lon LON")
    try:
        return point_value(args.lat, args.lon)
    except ValueError as err:
        raise _Usage(str(err)) from err


def _control_value(ws: Any, args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The place key and value of a set-control: a mention, a geonameid or a name."""
    import gazetteer
    from geo.workspace.places import place_value

    gz = gazetteer.load()
    spec = str(args.place).strip()
    if spec.startswith("m-"):
        m = _mention(ws, spec)
        if not m.located:
            raise _Usage(f"mention {spec} has no location; move it first")
        value = {
            "name": m.describes or m.name,
            "lat": m.lat,
            "lon": m.lon,
            "geonameid": m.geonameid,
            "country": m.country,
        }
    elif spec.isdigit():
        value = place_value(gz.get(int(spec)))
    else:
        countries = _workspace_countries(ws)
        value = place_value(gz.lookup(spec, countries=countries).place)
    key = (
        f"gn:{value['geonameid']}"
        if value.get("geonameid") is not None
        else f"pt:{float(value['lat']):.5f},{float(value['lon']):.5f}"
    )
    value.update(side=args.side, as_of=args.as_of.isoformat())
    return key, value


def _workspace_countries(ws: Any) -> list[str]:
    """The war's theatre (its registry's countries), else the countries the
    workspace's mentions are in, most mentioned first."""
    from collections import Counter

    theatre = list(getattr(ws.registry(), "theatre", ()) or ())
    if theatre:
        return theatre

    counts = Counter(
        m.country for ms in ws.analysis().mentions.values() for m in ms if m.country
    )
    return [c for c, _ in counts.most_common(3)]


def _correction_json(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "target": c.target,
        "value": c.value,
        "note": c.note,
        "by": c.author,
        "created": None if c.created is None else c.created.isoformat(),
        "what": c.describe(),
    }


def _bar(total: int, *, quiet: bool) -> Any:
    if quiet or total < 2:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", desc="analysing", file=sys.stderr, leave=False)
    return lambda i, n, doc: bar.update(1)


def _out(record: dict[str, Any]) -> None:
    try:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # "| head": the reader has gone
        sys.stderr.close()
        raise SystemExit(0) from None


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Carry out one action; every failure is one ``error:`` line."""
    try:
        return int(args.action_func(args) or 0)
    except _Usage as err:
        _err(f"error: {err}")
        return 2
    except GazetteerError as err:
        _err(f"error: {err}")
        return 1
