"""Every grammar rule runs its own examples (kg/extract/grammar/*.yml), like pySHACL's
dash_tests: a rule fires on each of its example sentences and fills the roles the example
names with exactly those names; a trap example (``fires: false``) must not fire it."""

from __future__ import annotations

import pytest

from kg.extract import frames, grammar
from kg.extract import nlp as nlp_mod
from kg.extract.core import _sentences, entity_table
from kg.extract.dates import Anchor

GRAMMAR = grammar.load()
EXAMPLES = [pytest.param(rule, ex, id=f"{rule.name}-{i}")
            for rule in GRAMMAR.rules for i, ex in enumerate(rule.examples)]


# the extractor reads court decisions and sanction statements in separate passes
COURT_FRAMES = ("decision",)
SANCTION_FRAMES = tuple(sorted({r.frame for r in GRAMMAR.rules} - set(COURT_FRAMES)))


def _statements(text: str, published: str, kinds: tuple[str, ...] | None = None
                ) -> tuple[list[frames.Statement], dict[str, set[str]]]:
    doc = nlp_mod.load()(text)
    docs = [(0, doc)]
    sentences = _sentences(docs, text)
    anchor = Anchor.parse(published)
    table = entity_table(text, docs, sentences, anchor)
    index = frames.MentionIndex(table.mentions)
    said = [st for s, e in sentences
            for st in frames.statements(GRAMMAR, doc, 0, s, e, text, index, anchor, frames=kinds)]
    surfaces: dict[str, set[str]] = {}
    for m in table.mentions:
        surfaces.setdefault(m.key, set()).add(m.text.lower())
    return said, surfaces


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_rule_reads_its_example(rule: grammar.Rule, example: grammar.Example) -> None:
    kinds = COURT_FRAMES if rule.frame in COURT_FRAMES else SANCTION_FRAMES
    said, surfaces = _statements(example.text, example.published, kinds)
    mine = [st for st in said if st.rule == rule.name]
    if not example.fires:
        assert not mine, f"{rule.name} must not read: {example.text}"
        return
    assert mine, f"{rule.name} did not fire on: {example.text}\n{[(s.rule, s.roles) for s in said]}"
    for role, want in example.expect.items():
        wanted = [want] if isinstance(want, str) else list(want)
        got = [k for st in mine for k in st.roles.get(role, ())]
        coined = {k: name.lower() for st in mine for k, name in st.coined.items()}
        names = [" / ".join(sorted(surfaces.get(k, {coined.get(k, k)}))) for k in got]
        assert len(got) == len(wanted), (role, names, wanted)
        for w in wanted:
            assert any(w.lower() in n for n in names), (role, w, names)


def test_every_rule_has_an_example() -> None:
    assert all(rule.examples for rule in GRAMMAR.rules)


def test_a_malformed_rule_is_named() -> None:
    with pytest.raises(grammar.GrammarError, match="rule 'broken'"):
        grammar.Rule.from_dict({"name": "broken", "frame": "designation", "args": {}}, {})
    with pytest.raises(grammar.GrammarError, match="bad path step"):
        grammar.parse_paths(">dobj >[")


def test_paths_and_expansion_on_a_parse() -> None:
    doc = nlp_mod.load()("The ministry added Acme, Bolt and Cobalt to the list.")
    verb = next(t for t in doc if t.lemma_ == "add")
    (path,) = grammar.parse_paths(">dobj")
    assert [t.text for t in grammar.expand(grammar.follow(verb, path))] == ["Acme", "Bolt", "Cobalt"]
