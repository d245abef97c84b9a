"""newskg: news articles → a validated, source-linked RDF knowledge graph.

The library API is what the ``kg`` command calls::

    >>> import kg
    >>> result = kg.build(["seeds"], output="build/graph.ttl")   # doctest: +SKIP
    >>> result.report.conforms                                     # doctest: +SKIP
    True

Heavy modules (spaCy, pyshacl, pyoxigraph) load on first use, not on import.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": "kg.pipeline",
    "BuildResult": "kg.pipeline",
    "read_articles": "kg.ingest",
    "read_article": "kg.ingest",
    "extract": "kg.extract",
    "to_graph": "kg.mapping",
    "validate_file": "kg.validate",
    "validate_graph": "kg.validate",
    "load": "kg.store",
    "export": "kg.store",
    "run_query": "kg.queries",
    "list_queries": "kg.queries",
    "evaluate": "kg.evaluate",
}


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = sorted(_API) + ["__version__"]
