"""Metrics: one figure about one company (``kg:Metric``), in a stable order."""

from __future__ import annotations

from kg.extract.context import ArticleContext
from kg.extract.metrics import extract_metrics
from kg.models import Metric


def extract(ctx: ArticleContext) -> tuple[Metric, ...]:
    found = extract_metrics(ctx.text, list(ctx.sentences), ctx.table(), ctx.anchor, set(ctx.furniture),
                            list(ctx.docs))
    return tuple(sorted(found, key=lambda m: (m.key, m.value)))
