"""Shared test helpers: paths and a cached seed build."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEVSET = ROOT / "tests" / "devset"
SHARED_GOLD = ROOT.parent / "shared" / "eval" / "gold"


def model_mentions(text: str, ents: list[tuple[str, str]], *, patterns: bool = False) -> list:
    """The entity mentions of ``text`` when the model's entities are exactly ``ents`` (in
    text order): the rules after the model, whatever a given model version happens to tag.
    ``patterns`` also runs the company-name patterns over the text."""
    from kg.extract import nlp as nlp_mod
    from kg.extract.entities import EntityTable, find_company_patterns, find_entities

    doc = nlp_mod.load().make_doc(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    table = find_entities(doc, 0, text, EntityTable())
    if patterns:
        find_company_patterns(text, table)
    return table.mentions
