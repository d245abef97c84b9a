"""Court orders: one decision of a court (``kg:CourtOrder``), with its type, court, judge,
date and the sanction it concerns."""

from __future__ import annotations

from kg.extract.context import ArticleContext
from kg.extract.kinds import legal
from kg.models import CourtOrder


def extract(ctx: ArticleContext) -> tuple[CourtOrder, ...]:
    return legal.read(ctx).court_orders
