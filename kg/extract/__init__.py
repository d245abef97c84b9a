"""Article → :class:`~kg.models.Extraction`: entities, sanctions, court orders, metrics.

The spaCy model runs once over the article (in paragraph-aligned chunks for very long
texts); everything after it is rules over its sentences and entities plus the gazetteer.
Every fact carries the sentence that states it as evidence, with exact offsets.

>>> from kg.extract import extract
>>> from kg.ingest import parse_article
>>> a = parse_article("x.txt", "---\\npublished: 2020-12-18\\n---\\n"
...     "The Commerce Department added Acme Robotics Corp. to the Entity List on Friday.\\n")
>>> x = extract(a)
>>> [(s.target, s.list, s.status, str(s.start_date)) for s in x.sanctions]
[('acme-robotics', 'entity-list', 'Active', '2020-12-18')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

EXTRACTOR_VERSION = "0.285.0"

# The extractor is imported on first use, so that a process that only needs the version
# (the build's main process, computing cache keys) does not import spaCy.
_LAZY = ("extract", "extract_many", "extract_from_docs")

if TYPE_CHECKING:
    from kg.extract.core import extract as extract
    from kg.extract.core import extract_from_docs as extract_from_docs
    from kg.extract.core import extract_many as extract_many

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_from_docs", "extract_many"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from kg.extract import core

        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
