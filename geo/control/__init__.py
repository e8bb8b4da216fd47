"""Who holds what, and where the front runs, for any war and any date.

- :mod:`geo.control.rules`: what counts as how much evidence (rules as data);
- :mod:`geo.control.estimate`: evidence from claims, control of every settlement;
- :mod:`geo.control.areas`: areas of control per side and the front between them;
- :mod:`geo.control.timeline`: :func:`changes`, places and areas whose controller changed between dates.

>>> from geo.control import RULES
>>> [r.name for r in RULES][:3]
['control', 'allegiance', 'position']
"""

from __future__ import annotations

import importlib
from typing import Any

from geo.control.rules import RULES, Rule

__all__ = ["RULES", "Change", "Rule", "changes"]


def __getattr__(name: str) -> Any:
    # lazy: geo.control.timeline imports geo.layers, which imports this package
    if name in ("Change", "changes"):
        return getattr(importlib.import_module("geo.control.timeline"), name)
    raise AttributeError(name)
