"""The article as extractors see it: parsed once, then read-only.

:func:`build_context` runs the language model's output through the entity passes and
freezes the result. Every fact kind (:mod:`kg.kinds`) reads an :class:`ArticleContext`
and returns its facts; none mutates it. A kind that needs a table of mentions to work
on gets its own copy (:meth:`ArticleContext.table`), so one kind's bookkeeping can never
leak into another's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from spacy.tokens import Doc

from kg.extract.dates import Anchor
from kg.extract.entities import EntityTable, Mention
from kg.models import Article, Entity

T = TypeVar("T")


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    docs: tuple[tuple[int, Doc], ...]  # (offset into the text, spaCy doc) per chunk
    sentences: tuple[tuple[int, int], ...]  # character spans, split at line breaks
    furniture: frozenset[int]  # indices of sentences that are page furniture (captions, bylines)
    anchor: Anchor | None  # the publication date relative dates count from
    mentions: tuple[Mention, ...]
    entities: tuple[tuple[str, Entity], ...]  # what the entity passes settled about keys
    confirmed: frozenset[str]  # keys the text calls a business
    lead: str | None = None  # the company the story's lead is about
    # readings several kinds share (one pass produces sanctions and court orders): computed
    # once per article on first use. A cache of derived values, never an input to change.
    _shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.article.text

    def table(self) -> EntityTable:
        """A private, mutable copy of the mentions for code that keeps bookkeeping in one."""
        return EntityTable(mentions=[copy.copy(m) for m in self.mentions], entities=dict(self.entities),
                           confirmed=set(self.confirmed), lead=self.lead)

    def shared(self, name: str, compute: Callable[[ArticleContext], T]) -> T:
        """``compute(self)``, once per context (for readings several kinds share)."""
        if name not in self._shared:
            self._shared[name] = compute(self)
        return self._shared[name]  # type: ignore[no-any-return]


def freeze(article: Article, docs: list[tuple[int, Doc]], sentences: list[tuple[int, int]],
           furniture: set[int], anchor: Anchor | None, table: EntityTable) -> ArticleContext:
    return ArticleContext(
        article=article, docs=tuple(docs), sentences=tuple(sentences), furniture=frozenset(furniture),
        anchor=anchor, mentions=tuple(copy.copy(m) for m in table.mentions),
        entities=tuple(sorted(table.entities.items())), confirmed=frozenset(table.confirmed), lead=table.lead,
    )
