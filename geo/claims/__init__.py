"""Claims from sentences: who holds, reaches, moves to and strikes where.

The extractor is built the way spaCy's EntityRuler is: patterns as data, then match,
then annotate.

- :mod:`geo.claims.lexicon`: the word forms of every trigger class, and the finder
  that matches them over a document (an automaton of literal word starts, then the
  forms anchored there);
- :mod:`geo.claims.rules`: the rules table, one row per trigger class (the claim it
  makes, how the actor and the place are found, the moods that refuse it, its
  confidence);
- :mod:`geo.claims.extractor`: the strategies the rows name, applied sentence by
  sentence;
- :mod:`geo.claims.evaluate`: the scorer of ``python -m geo evaluate-claims``.
"""

from __future__ import annotations

from geo.claims.extractor import claims_for_text, extract_claims
from geo.claims.lexicon import Trigger, find_triggers

__all__ = ["Trigger", "claims_for_text", "extract_claims", "find_triggers"]
