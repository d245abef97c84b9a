"""extract: acronyms spelled out in common words, on the entity table (the rest of this
file's tests are cases in ``tests/extract_cases/mentions/``).

The model's tags are fixed with ``model_mentions`` so the rules are tested whatever a model
version happens to tag.
"""

from __future__ import annotations

from tests.helpers import model_mentions

# ---- an acronym spelled out in common words is a term, not a company

def test_an_acronym_of_common_words_is_no_company() -> None:
    text = ("Sales of deep ultraviolet (DUV) systems rose, and PXL sold more extreme ultraviolet "
            "(EUV) tools. EUV revenue doubled.")
    ents = [("DUV", "ORG"), ("PXL", "ORG"), ("EUV", "ORG"), ("EUV", "ORG")]
    from kg.extract.entities import EntityTable, drop_term_acronyms, link_acronyms

    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert [m.key for m in table.mentions if m.kind == "company"] == ["pxl"]


def test_an_acronym_of_a_named_company_stays_the_company() -> None:
    text = "Zentral Halbleiter Werke (ZHW) said ZHW would grow."
    ents = [("Zentral Halbleiter Werke", "ORG"), ("ZHW", "ORG")]
    from kg.extract.entities import EntityTable, drop_term_acronyms, link_acronyms

    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert {m.key for m in table.mentions if m.kind == "company"} == {"zentral-halbleiter-werke"}
