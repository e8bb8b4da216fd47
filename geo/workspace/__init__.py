"""Workspaces: one SQLite file per war that keeps the analyst's work.

A workspace holds the war's name and sides (a faction registry), its articles, the
cached analyses and the analyst's corrections; :func:`apply_corrections` applies
those between claims and control, for the map and every export alike.

>>> from geo.workspace import Workspace, apply_corrections, Correction
"""

from __future__ import annotations

from geo.workspace.corrections import (
    ANALYST_DOC,
    KINDS,
    PROVENANCE,
    Correction,
    apply_corrections,
    moved,
)
from geo.workspace.home import (
    SAMPLE_NAME,
    data_dir,
    ensure_sample,
    in_home,
    list_workspaces,
    path_for,
    remember,
    remembered,
    workspaces_dir,
)
from geo.workspace.store import (
    SCHEMA_VERSION,
    Added,
    StoredDocument,
    StoredOverlay,
    Workspace,
    WorkspaceError,
    unique_id,
)

__all__ = [
    "ANALYST_DOC",
    "KINDS",
    "PROVENANCE",
    "SAMPLE_NAME",
    "SCHEMA_VERSION",
    "Added",
    "Correction",
    "StoredDocument",
    "StoredOverlay",
    "Workspace",
    "WorkspaceError",
    "apply_corrections",
    "data_dir",
    "ensure_sample",
    "in_home",
    "list_workspaces",
    "moved",
    "path_for",
    "remember",
    "remembered",
    "unique_id",
    "workspaces_dir",
]
