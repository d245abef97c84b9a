"""The kinds of fact newskg extracts, as one registry.

Everything that handles facts by kind — the extractor, the mapping to RDF, the build's
counts and summary, ``kg eval`` — iterates :data:`KINDS` instead of naming sanctions,
court orders and metrics one by one. Adding a kind is an entry here plus the pieces
``docs/extending.md`` lists. This module imports nothing heavy (no spaCy, no rdflib).

>>> [k.name for k in KINDS]
['sanctions', 'court_orders', 'metrics']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FactKind:
    name: str  # attribute of kg.models.Extraction, key of the build's counts and of gold files
    label: str  # how summaries name it
    rdf_class: str  # the ontology class (local name under kg:)
    extractor: str  # "module:function", called with a kg.extract.context.ArticleContext

    def extract(self) -> Callable[[Any], tuple[Any, ...]]:
        module, _, function = self.extractor.partition(":")
        return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


KINDS: tuple[FactKind, ...] = (
    FactKind("sanctions", "sanctions", "Sanction", "kg.extract.kinds.sanctions:extract"),
    FactKind("court_orders", "court orders", "CourtOrder", "kg.extract.kinds.court_orders:extract"),
    FactKind("metrics", "metrics", "Metric", "kg.extract.kinds.metrics:extract"),
)
NAMES = tuple(k.name for k in KINDS)


def counts(extraction: Any) -> dict[str, int]:
    """How many facts of each kind an Extraction holds."""
    return {k.name: len(getattr(extraction, k.name)) for k in KINDS}
