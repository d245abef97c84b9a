"""Sanctions and court orders are read in one pass over the article (a court order's effect
decides a sanction's status, a sanction is what an order concerns); the two kinds share
that reading through the context."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.context import ArticleContext
from kg.extract.entities import Mention
from kg.extract.facts import extract_legal
from kg.models import CourtOrder, Entity, Sanction


@dataclass(frozen=True)
class LegalReading:
    sanctions: tuple[Sanction, ...]
    court_orders: tuple[CourtOrder, ...]
    entities: dict[str, Entity]  # bodies and courts the facts name that the mentions lack
    mentions: tuple[Mention, ...]  # courts named descriptively ("a federal judge in Washington")


def read(ctx: ArticleContext) -> LegalReading:
    return ctx.shared("legal", _read)


def _read(ctx: ArticleContext) -> LegalReading:
    table = ctx.table()
    known = len(table.mentions)
    (sanctions, orders), extra = extract_legal(ctx.text, list(ctx.sentences), table, ctx.anchor,
                                               set(ctx.furniture), list(ctx.docs))
    return LegalReading(tuple(sanctions), tuple(orders), extra, tuple(table.mentions[known:]))
