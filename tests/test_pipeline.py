"""build(): the whole pipeline on the seeds — determinism, provenance, formats, golden graph."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.pipeline import build
from kg.vocab import KG, OA, PROV, RDF
from tests.helpers import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden" / "seeds.trig"


@pytest.fixture(scope="module")
def seed_trig(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "graph.trig"
    result = build([SEEDS], output=out, jobs=1, use_cache=False)
    assert result.report.conforms, result.report.issues
    return out


def _dataset(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


def test_two_builds_are_byte_identical(tmp_path, seed_trig) -> None:
    for suffix in (".ttl", ".trig", ".nq", ".nt", ".jsonld"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        build([SEEDS], output=a, jobs=1, use_cache=False)
        build([SEEDS], output=b, jobs=1, use_cache=True)
        assert a.read_bytes() == b.read_bytes(), suffix
    assert (tmp_path / "a.trig").read_bytes() == seed_trig.read_bytes()


def test_every_evidence_span_matches_the_article_text(seed_trig) -> None:
    from kg.ingest import read_article

    texts = {f"https://w3id.org/newskg/id/article/{p.stem}": read_article(p).text for p in SEEDS.glob("*.txt")}
    g = _dataset(seed_trig)
    evidence = list(g.subjects(RDF.type, KG.Evidence))
    assert evidence
    for ev in evidence:
        source = str(g.value(ev, OA.hasSource))
        start, end = int(g.value(ev, OA.start)), int(g.value(ev, OA.end))
        assert texts[source][start:end] == str(g.value(ev, OA.exact))


def test_every_fact_has_provenance_and_evidence(seed_trig) -> None:
    g = _dataset(seed_trig)
    facts = [s for cls in (KG.Sanction, KG.CourtOrder, KG.Metric) for s in g.subjects(RDF.type, cls)]
    assert len(set(facts)) >= 10
    for fact in facts:
        assert (fact, PROV.wasDerivedFrom, None) in g
        assert (fact, KG.evidence, None) in g


def test_one_named_graph_per_article_plus_entities(seed_trig) -> None:
    store = ox.Store()
    store.load(path=str(seed_trig), format=ox.RdfFormat.TRIG)
    graphs = sorted(str(g.value) for g in store.named_graphs())
    assert graphs == [
        "https://w3id.org/newskg/id/graph/article/000_354504606f9a2e7a",
        "https://w3id.org/newskg/id/graph/article/001_2e0c20129b5899b6",
        "https://w3id.org/newskg/id/graph/entities",
    ]


def test_no_blank_nodes(seed_trig) -> None:
    text = seed_trig.read_text(encoding="utf-8")
    assert "_:" not in text


def test_turtle_is_the_union(tmp_path, seed_trig) -> None:
    ttl = tmp_path / "g.ttl"
    build([SEEDS], output=ttl, jobs=1)
    union = Graph()
    for s, p, o, _ in _dataset(seed_trig).quads():
        union.add((s, p, o))
    assert isomorphic(Graph().parse(ttl, format="turtle"), union)


def test_every_emitted_term_is_declared_in_the_ontology(seed_trig) -> None:
    ontology = Graph().parse(ROOT / "ontology" / "newskg.ttl", format="turtle")
    used = set()
    for _s, p, o, _ in _dataset(seed_trig).quads():
        for term in (p, o) if p != RDF.type else (p, o):
            if isinstance(term, URIRef) and str(term).startswith(str(KG)):
                used.add(term)
    missing = sorted(t for t in used if (t, RDF.type, None) not in ontology)
    assert not missing


def test_golden_graph(seed_trig) -> None:
    """The seed build is isomorphic to the checked-in graph (KG_UPDATE_GOLDEN=1 rewrites it)."""
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_bytes(seed_trig.read_bytes())
    expected, got = _dataset(GOLDEN), _dataset(seed_trig)
    e_union, g_union = Graph(), Graph()
    for s, p, o, _ in expected.quads():
        e_union.add((s, p, o))
    for s, p, o, _ in got.quads():
        g_union.add((s, p, o))
    if not isomorphic(e_union, g_union):
        _, only_expected, only_got = graph_diff(to_isomorphic(e_union), to_isomorphic(g_union))
        pytest.fail("seed graph differs from tests/golden/seeds.trig\n--- only in golden:\n"
                    + only_expected.serialize(format="nt") + "\n--- only in build:\n"
                    + only_got.serialize(format="nt"))
    assert sorted(str(c) for c in expected.graphs()) == sorted(str(c) for c in got.graphs())


def test_unreadable_article_is_skipped(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text((SEEDS / "001_2e0c20129b5899b6.txt").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    warnings: list[str] = []
    result = build([src], output=tmp_path / "g.ttl", on_warning=warnings.append)
    assert result.articles == 1 and [p for p, _ in result.skipped] == [str(src / "bad.txt")]
    assert any("bad.txt" in w for w in warnings)


def test_incremental_build_reuses_the_cache(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for p in SEEDS.glob("*.txt"):
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    first = build([src], output=tmp_path / "a" / "g.trig", jobs=1)
    assert first.extracted == 2
    again = build([src], output=tmp_path / "a" / "g.trig", jobs=1)
    assert again.extracted == 0
    (src / "new.txt").write_text("The Commerce Department added Zentro Robotics Co. to the Entity List.\n",
                                 encoding="utf-8")
    third = build([src], output=tmp_path / "a" / "g.trig", jobs=1)
    assert third.extracted == 1
    clean = build([src], output=tmp_path / "b" / "g.trig", jobs=1, use_cache=False)
    assert (tmp_path / "a" / "g.trig").read_bytes() == (tmp_path / "b" / "g.trig").read_bytes()
    assert clean.articles == 3


def test_incremental_build_updates_the_store_like_a_clean_build(tmp_path) -> None:
    from kg.store import open_store

    src = tmp_path / "in"
    src.mkdir()
    for p in SEEDS.glob("*.txt"):
        (src / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    out, store_dir = tmp_path / "a" / "g.trig", tmp_path / "a" / "store"
    build([src], output=out, store_dir=store_dir, jobs=1)
    (src / "new.txt").write_text("The Commerce Department added Zentro Robotics Co. to the Entity List.\n",
                                 encoding="utf-8")
    name = next(p for p in SEEDS.glob("*.txt")).name
    (src / name).write_text((src / name).read_text(encoding="utf-8") + "\nA closing line.\n",
                            encoding="utf-8")  # a changed article: its graph is replaced
    build([src], output=out, store_dir=store_dir, jobs=1)
    assert (store_dir.parent / (os.readlink(store_dir) + ".graphs.json")).is_file()
    build([src], output=tmp_path / "b" / "g.trig", store_dir=tmp_path / "b" / "store", jobs=1,
          use_cache=False)

    def quads(path):
        return set(open_store(path).quads_for_pattern(None, None, None, None))

    assert quads(store_dir) == quads(tmp_path / "b" / "store")
