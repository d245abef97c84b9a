"""Sanctions: one measure against one target (``kg:Sanction``). Designations, removals,
proposals and listed states come from the grammar (kg/extract/grammar/sanctions.yml); a
sentence the grammar cannot read falls back to surface cues (kg/extract/facts.py)."""

from __future__ import annotations

from kg.extract.context import ArticleContext
from kg.extract.kinds import legal
from kg.models import Sanction


def extract(ctx: ArticleContext) -> tuple[Sanction, ...]:
    return legal.read(ctx).sanctions
