"""The embedded store: loading, replacing, crash safety, export round trips."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg import store
from kg.cli import cli
from kg.errors import InputError, StoreError, UsageError

B = "https://w3id.org/newskg/id/"
PREFIXES = f"""\
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix b: <{B}> .
"""

# Two article graphs and the entities graph, shaped as docs/graph.md describes.
DATASET = PREFIXES + """
b:graph\\/entities {
  b:org\\/xiaomi a kg:Company ; rdfs:label "Xiaomi" ; skos:altLabel "Xiaomi Corp", "the Chinese firm" ;
      owl:sameAs wd:Q1636958 ; kg:country "CN" .
  b:org\\/us-department-of-defense a kg:GovernmentBody ; rdfs:label "US Department of Defense" .
  b:list\\/chinese-communist-military-companies a kg:SanctionList ;
      rdfs:label "Chinese Communist Military Companies" ;
      kg:maintainedBy b:org\\/us-department-of-defense .
}

b:graph\\/article\\/a1 {
  b:article\\/a1 a kg:Article ; dcterms:title "Xiaomi added to the blacklist" ; kg:sha256 "00aa" ;
      dcterms:date "2021-01"^^xsd:gYearMonth ; schema:mentions b:org\\/xiaomi .
  b:sanction\\/xiaomi\\/chinese-communist-military-companies a kg:Sanction ;
      kg:target b:org\\/xiaomi ; kg:listedOn b:list\\/chinese-communist-military-companies ;
      kg:startDate "2021-01-15"^^xsd:date ; kg:status kg:Active ;
      prov:wasDerivedFrom b:article\\/a1 ; kg:evidence b:evidence\\/a1\\/0-42 .
  b:evidence\\/a1\\/0-42 a kg:Evidence ; oa:hasSource b:article\\/a1 ;
      oa:exact "Xiaomi was added to the list \\"today\\"\\nété" ;
      oa:start "0"^^xsd:nonNegativeInteger ; oa:end "42"^^xsd:nonNegativeInteger ;
      kg:confidence 0.9 .
}

b:graph\\/article\\/a2 {
  b:article\\/a2 a kg:Article ; dcterms:title "Xiaomi revenue"@en ; kg:sha256 "00bb" .
  b:metric\\/xiaomi\\/Revenue\\/2021-Q1\\/-\\/- a kg:Metric ; kg:company b:org\\/xiaomi ;
      kg:measure kg:Revenue ; kg:value 9800000000 ; kg:unit unit:CCY_EUR ; kg:period "2021-Q1" ;
      prov:wasDerivedFrom b:article\\/a2 .
  b:sanction\\/xiaomi\\/chinese-communist-military-companies a kg:Sanction ; kg:status kg:Lifted ;
      prov:wasDerivedFrom b:article\\/a2 .
}
"""
DATASET_QUADS = 42  # 11 entities + 18 in a1 + 13 in a2


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def count(store_dir: Path, graph: str | None = None) -> int:
    s = store.open_store(store_dir)
    if graph is None:
        return len(s)
    return len(list(s.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def as_dataset(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format={".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}[path.suffix])
    return ds


def as_graph(path: Path) -> Graph:
    """A file's union of graphs, for comparing with a triple-format export."""
    if store.format_for(path).dataset:  # .trig .nq .jsonld
        union = Graph()
        for s, p, o, _g in as_dataset(path).quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return Graph().parse(path, format={".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[
        path.suffix])


def canonical(path: Path) -> Path:
    """``path`` as any Oxigraph store gives it back: numbers by value ("1.50" -> "1.5"),
    derived integer types (xsd:nonNegativeInteger...) as xsd:integer, language tags in
    lower case (see test_oxigraph_canonicalises_literals). Round trips are compared with
    this, the best any Oxigraph-backed store can do."""
    mem = ox.Store()
    mem.load(path=str(path), format=store.format_for(path).rdf_format)
    fmt = store.format_for(path)
    out = path.with_name(f"canonical-{path.name}")
    if fmt.dataset:
        mem.dump(str(out), format=fmt.rdf_format)
    else:
        mem.dump(str(out), format=fmt.rdf_format, from_graph=ox.DefaultGraph())
    return out


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    if not isomorphic(expected, actual):
        _both, first, second = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail("not isomorphic\nonly expected:\n" + first.serialize(format="nt")
                    + "\nonly actual:\n" + second.serialize(format="nt"))


def assert_same_dataset(expected: Path, actual: Path) -> None:
    a, b = as_dataset(expected), as_dataset(actual)

    def graphs(ds: Dataset) -> dict[URIRef, Graph]:
        return {g.identifier: g for g in ds.graphs() if len(g)}

    ga, gb = graphs(a), graphs(b)
    assert set(ga) == set(gb)
    for name in ga:
        assert_isomorphic(ga[name], gb[name])


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    return write(tmp_path / "graph.trig", DATASET)


# -------------------------------------------------------------------------- loading


def test_load_trig_keeps_graphs_and_counts(tmp_path: Path, dataset_file: Path) -> None:
    result = store.load(dataset_file, store_dir=tmp_path / "store")
    assert (result.quads, result.graphs, result.graphs_failed) == (DATASET_QUADS, 3, 0)
    assert "42 quads in 3 graphs" in result.summary()
    assert count(tmp_path / "store") == DATASET_QUADS
    assert count(tmp_path / "store", B + "graph/entities") == 11
    assert count(tmp_path / "store", B + "graph/article/a1") == 18
    # store_dir is a symlink to a versioned directory beside it
    assert (tmp_path / "store").is_symlink()
    assert os.readlink(tmp_path / "store").startswith(".store-")


def assert_versions(folder: Path) -> None:
    """The link's version is on disk, plus at most the one before it (readers' grace)."""
    versions = [p.name for p in folder.iterdir() if p.name.startswith(".store-")]
    assert os.readlink(folder / "store") in versions and len(versions) <= 2, versions


def test_load_twice_gives_the_same_count(tmp_path: Path, dataset_file: Path) -> None:
    store.load(dataset_file, store_dir=tmp_path / "store")
    store.load(dataset_file, store_dir=tmp_path / "store")
    assert count(tmp_path / "store") == DATASET_QUADS
    # the current version and at most the previous one (kept for readers), no leftovers
    assert_versions(tmp_path)


def test_load_replaces_article_graphs_and_merges_entities(tmp_path: Path,
                                                         dataset_file: Path) -> None:
    store.load(dataset_file, store_dir=tmp_path / "store")
    update = write(tmp_path / "update.trig", PREFIXES + """
b:graph\\/article\\/a2 { b:article\\/a2 a kg:Article ; dcterms:title "Corrected" ; kg:sha256 "00cc" . }
b:graph\\/entities { b:org\\/huawei a kg:Company ; rdfs:label "Huawei" . }
""")
    store.load(update, store_dir=tmp_path / "store")
    s = store.open_store(tmp_path / "store")
    titles = {q.object.value for q in s.quads_for_pattern(
        ox.NamedNode(B + "article/a2"), ox.NamedNode("http://purl.org/dc/terms/title"), None)}
    assert titles == {"Corrected"}  # the article graph was replaced, not merged
    assert count(tmp_path / "store", B + "graph/article/a2") == 3
    assert count(tmp_path / "store", B + "graph/article/a1") == 18  # untouched
    assert count(tmp_path / "store", B + "graph/entities") == 13  # merged


def test_turtle_goes_to_the_default_graph(tmp_path: Path) -> None:
    ttl = write(tmp_path / "g.ttl", PREFIXES + 'b:org\\/x a kg:Company ; rdfs:label "X" .\n')
    result = store.load(ttl, store_dir=tmp_path / "store")
    assert result.quads == 2
    s = store.open_store(tmp_path / "store")
    assert len(list(s.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 2
    assert list(s.named_graphs()) == []


def test_syntax_error_halfway_leaves_the_store_unchanged(tmp_path: Path,
                                                        dataset_file: Path) -> None:
    store.load(dataset_file, store_dir=tmp_path / "store")
    before = sorted(str(q) for q in store.open_store(tmp_path / "store"))
    good = "".join(f"<{B}s{i}> <{B}p> \"{i}\" <{B}graph/article/a1> .\n" for i in range(500))
    broken = write(tmp_path / "broken.nq", good + f"<{B}s> <{B}p> \"unterminated <{B}g> .\n")
    with pytest.raises(InputError) as info:
        store.load(broken, store_dir=tmp_path / "store")
    assert "line 501" in str(info.value) and "column" in str(info.value)
    assert "\n" not in str(info.value)
    assert sorted(str(q) for q in store.open_store(tmp_path / "store")) == before
    assert_versions(tmp_path)


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown graph format"):
        store.load(write(tmp_path / "g.rdf", ""), store_dir=tmp_path / "store")
    with pytest.raises(InputError, match="no such file"):
        store.load(tmp_path / "missing.ttl", store_dir=tmp_path / "store")


def test_open_store_missing_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*: run `kg build` first"):
        store.open_store(tmp_path / "build" / "store")


def test_progress_reports_every_quad(tmp_path: Path, dataset_file: Path) -> None:
    seen: list[int] = []
    totals: list[int] = []
    store.load(dataset_file, store_dir=tmp_path / "store", progress=seen.append,
               on_total=totals.append)
    assert totals == [DATASET_QUADS] and sum(seen) == DATASET_QUADS


def test_a_second_writer_gets_a_clear_error(tmp_path: Path, dataset_file: Path) -> None:
    import filelock

    (tmp_path / "build").mkdir()
    with filelock.FileLock(str(tmp_path / "build" / ".store.lock")), \
            pytest.raises(StoreError, match="being written by another process"):
        store.load(dataset_file, store_dir=tmp_path / "build" / "store", lock_timeout=0.1)


# -------------------------------------------------------------------- replace_store


def quads_of(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path)))


def test_replace_store_publishes_a_new_version(tmp_path: Path, dataset_file: Path) -> None:
    target = tmp_path / "build" / "store"
    assert store.replace_store(target, quads_of(dataset_file)) == DATASET_QUADS
    first = os.readlink(target)
    one = [ox.Quad(ox.NamedNode(B + "a"), ox.NamedNode(B + "p"), ox.Literal("x"))]
    assert store.replace_store(target, one) == 1
    assert os.readlink(target) != first
    assert (target.parent / first).exists()  # kept for readers until the next writer starts
    assert count(target) == 1
    store.replace_store(target, one)
    assert not (target.parent / first).exists()  # and then removed


def _graphs(*names: str) -> dict[str, list[ox.Quad]]:
    return {B + f"graph/article/{n}": [ox.Quad(ox.NamedNode(B + n), ox.NamedNode(B + "p"), ox.Literal(v),
                                               ox.NamedNode(B + f"graph/article/{n}"))
                                       for v in ("1", "2")] for n in names}


def _replace(target: Path, graphs: dict[str, list[ox.Quad]], *, whole: bool = True) -> list[set[str]]:
    """replace_store with digests; returns the sets of graphs it asked quads_of for."""
    asked: list[set[str]] = []

    def everything():
        if not whole:
            raise AssertionError("the whole content was read")
        for quads in graphs.values():
            yield from quads

    def quads_of(wanted: set[str]):
        asked.append(set(wanted))
        for g in sorted(wanted):
            yield from graphs[g]

    digests = {g: str(hash(tuple(q))) for g, q in graphs.items()}
    store.replace_store(target, everything(), graphs=digests, quads_of=quads_of)
    return asked


def test_replace_store_with_digests_moves_only_changed_graphs(tmp_path: Path) -> None:
    target = tmp_path / "build" / "store"
    names = [f"a{i}" for i in range(10)]
    assert _replace(target, _graphs(*names)) == []  # no digests yet: a full load
    changed = _graphs(*names[:9], "new")
    changed[B + "graph/article/a0"] = changed[B + "graph/article/a0"][:1]  # a0 lost a quad
    asked = _replace(target, changed, whole=False)
    assert asked == [{B + "graph/article/a0", B + "graph/article/new"}]
    got = set(store.open_store(target).quads_for_pattern(None, None, None, None))
    assert got == {q for quads in changed.values() for q in quads}  # a9 is gone
    # a load by hand leaves a version without digests: the next replacement is a full one
    extra = write(tmp_path / "extra.trig", f"<{B}graph/article/zz> {{ <{B}s> <{B}p> <{B}o> . }}")
    store.load(extra, store_dir=target)
    assert _replace(target, changed) == []
    assert count(target) == sum(len(q) for q in changed.values())
    # most graphs changed: a full load rather than a checkpoint and many removals
    assert _replace(target, _graphs(*[f"b{i}" for i in range(10)])) == []


def test_replace_store_failing_midway_keeps_the_old_store(tmp_path: Path,
                                                          dataset_file: Path) -> None:
    target = tmp_path / "store"
    store.replace_store(target, quads_of(dataset_file))
    version = os.readlink(target)

    def failing():
        for i in range(20_000):
            yield ox.Quad(ox.NamedNode(f"{B}s{i}"), ox.NamedNode(B + "p"), ox.Literal(str(i)))
        raise RuntimeError("extraction crashed")

    with pytest.raises(RuntimeError, match="extraction crashed"):
        store.replace_store(target, failing())
    assert os.readlink(target) == version
    assert count(target) == DATASET_QUADS
    assert_versions(tmp_path)
    assert os.readlink(target) == version


def test_replace_store_over_a_real_directory(tmp_path: Path, dataset_file: Path) -> None:
    target = tmp_path / "store"
    legacy = ox.Store(str(target))  # a plain store directory, as the oxigraph CLI makes
    legacy.add(ox.Quad(ox.NamedNode(B + "old"), ox.NamedNode(B + "p"), ox.Literal("x")))
    legacy.flush()
    del legacy
    assert store.replace_store(target, quads_of(dataset_file)) == DATASET_QUADS
    assert target.is_symlink()
    assert count(target) == DATASET_QUADS
    assert {p.name for p in tmp_path.iterdir()} == {"store", os.readlink(target), ".store.lock",
                                                    "graph.trig"}


def test_stale_versions_of_a_killed_writer_are_cleaned(tmp_path: Path,
                                                       dataset_file: Path) -> None:
    target = tmp_path / "store"
    store.replace_store(target, quads_of(dataset_file))
    (tmp_path / ".store-0123456789ab").mkdir()  # what a kill -9 mid-build leaves
    (tmp_path / ".store-unrelated").mkdir()  # not ours: left alone
    store.replace_store(target, quads_of(dataset_file))
    names = {p.name for p in tmp_path.iterdir()}
    assert ".store-0123456789ab" not in names and ".store-unrelated" in names


KILLER = textwrap.dedent("""
    import sys, time
    import pyoxigraph as ox
    from pathlib import Path
    from kg import store
    B = "https://w3id.org/newskg/id/"
    def quads(n, tag):
        for i in range(n):
            if i % 5000 == 0:
                time.sleep(0.01)
            g = ox.NamedNode(f"{B}graph/article/{tag}{i // 100}")
            yield ox.Quad(ox.NamedNode(f"{B}s{i}"), ox.NamedNode(B + "p"), ox.Literal(tag), g)
    print("ready", flush=True)
    while True:
        store.replace_store(Path(sys.argv[1]), quads(int(sys.argv[2]), "v"))
        print("published", flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.25, 0.45, 0.5, 0.55, 0.8, 1.0, 1.05, 1.3, 1.55])
def test_kill_9_during_replace_leaves_a_complete_store(tmp_path: Path, delay: float) -> None:
    """Issue 6.2: kill -9 at any moment leaves store_dir pointing at a complete store."""
    target = tmp_path / "store"
    n = 30_000  # one version takes ≈ 0.5 s: the delays land in every phase of several
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(target), str(n)],
                            stdout=subprocess.PIPE, cwd=Path(__file__).parent.parent)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not target.exists():  # killed before the first publication
        assert not target.is_symlink()
        return
    s = store.open_store(target)
    assert len(s) == n  # complete: every version holds exactly n quads
    del s
    # the next writer cleans what the killed one left behind
    store.replace_store(target, [])
    assert_versions(tmp_path)


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_export_round_trip_is_isomorphic(tmp_path: Path, dataset_file: Path,
                                         suffix: str) -> None:
    store.load(dataset_file, store_dir=tmp_path / "store")
    out = tmp_path / "out" / f"export{suffix}"
    written = store.export(tmp_path / "store", out)
    if store.format_for(out).dataset:  # .trig .nq .jsonld keep the named graphs
        assert written == DATASET_QUADS
        assert_same_dataset(canonical(dataset_file), out)
    else:
        union = as_graph(canonical(dataset_file))
        # "<sanction> a kg:Sanction" is stated in both article graphs: it counts once
        assert written == len(union) == DATASET_QUADS - 1
        assert_isomorphic(union, as_graph(out))
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary left


def test_export_round_trip_of_canonical_data_is_exact(tmp_path: Path) -> None:
    """Without derived integer types or non-canonical numbers, no canonicalisation."""
    plain = DATASET.replace('"0"^^xsd:nonNegativeInteger', "0").replace(
        '"42"^^xsd:nonNegativeInteger', "42")
    source = write(tmp_path / "plain.trig", plain)
    store.load(source, store_dir=tmp_path / "store")
    store.export(tmp_path / "store", tmp_path / "back.trig")
    assert_same_dataset(source, tmp_path / "back.trig")


def test_export_of_triples_only_store(tmp_path: Path) -> None:
    ttl = write(tmp_path / "g.ttl", PREFIXES + 'b:org\\/x a kg:Company ; rdfs:label "X" .\n')
    store.load(ttl, store_dir=tmp_path / "store")
    assert store.export(tmp_path / "store", tmp_path / "back.ttl") == 2
    assert_isomorphic(as_graph(ttl), as_graph(tmp_path / "back.ttl"))


def test_oxigraph_canonicalises_literals(tmp_path: Path) -> None:
    """Documented in docs/stores.md: Oxigraph (embedded and server; oxigraph issue #1413)
    keeps numbers by value. Non-canonical numbers come back canonical, derived integer
    types come back as xsd:integer, language tags in lower case. If this test fails,
    Oxigraph changed: drop the canonicalisation from the round-trip tests."""
    ttl = write(tmp_path / "g.ttl", PREFIXES + 'b:m kg:value 1.50, "007"^^xsd:integer ; '
                'oa:start "3"^^xsd:nonNegativeInteger ; rdfs:label "x"@en-GB .\n')
    store.load(ttl, store_dir=tmp_path / "store")
    store.export(tmp_path / "store", tmp_path / "back.nt")
    text = (tmp_path / "back.nt").read_text()
    assert '"1.5"^^' in text and '"7"^^' in text and '"x"@en-gb' in text
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in text


def test_export_refuses_unknown_suffix(tmp_path: Path, dataset_file: Path) -> None:
    store.load(dataset_file, store_dir=tmp_path / "store")
    with pytest.raises(UsageError):
        store.export(tmp_path / "store", tmp_path / "x.xml")


# ------------------------------------------------------------------------------ CLI


def test_cli_load_and_export_store(tmp_path: Path, dataset_file: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["load", str(dataset_file), "--store", str(tmp_path / "s")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "loaded 42 quads in 3 graphs" in result.output
    result = runner.invoke(cli, ["export", "--store", str(tmp_path / "s"), "-o",
                                 str(tmp_path / "back.trig")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote 42 quads" in result.output
    assert_same_dataset(canonical(dataset_file), tmp_path / "back.trig")


def test_cli_load_of_a_triples_file_says_the_queries_will_not_see_it(tmp_path: Path,
                                                                    dataset_file: Path) -> None:
    flat = write(tmp_path / "flat.ttl", PREFIXES + "b:x b:y b:z .\n")
    result = CliRunner().invoke(cli, ["load", str(flat), "--store", str(tmp_path / "s"),
                                      "--no-answers"])
    assert result.exit_code == 0, result.output
    assert "loaded 1 quads in 1 graphs" in result.output
    assert "no named graphs" in result.output and "graph.trig" in result.output
    result = CliRunner().invoke(cli, ["load", str(dataset_file), "--store", str(tmp_path / "s2"),
                                      "--no-answers"])
    assert result.exit_code == 0 and "no named graphs" not in result.output


def test_cli_load_errors_are_one_line(tmp_path: Path) -> None:
    broken = write(tmp_path / "b.ttl", PREFIXES + "b:x b:y .\n")
    result = CliRunner().invoke(cli, ["load", str(broken), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "syntax error at line" in result.output
    result = CliRunner().invoke(cli, ["export", "--store", str(tmp_path / "none"), "-o",
                                      str(tmp_path / "x.ttl")])
    assert result.exit_code == 2 and "run `kg build` first" in result.output


def test_load_into_an_empty_directory(tmp_path: Path, dataset_file: Path) -> None:
    (tmp_path / "store").mkdir()
    store.load(dataset_file, store_dir=tmp_path / "store")
    assert (tmp_path / "store").is_symlink() and count(tmp_path / "store") == DATASET_QUADS


def test_a_directory_that_is_not_a_store_is_refused(tmp_path: Path, dataset_file: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        store.load(dataset_file, store_dir=tmp_path / "store")
    assert (tmp_path / "store" / "notes.txt").read_text() == "mine"


def test_replace_store_never_deletes_a_directory_that_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a store"):
        store.replace_store(tmp_path / "docs", [])
    assert (tmp_path / "docs" / "notes.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docs-")] == []


# ------------------------------------------------------------------- endpoint URLs


@pytest.mark.parametrize(("url", "server", "expected"), [
    ("http://h:7878", "generic", ("h:7878/store", "h:7878/query", "h:7878/update")),
    ("http://h:7878/query", "generic", ("h:7878/store", "h:7878/query", "h:7878/update")),
    ("http://h:7878/", "oxigraph", ("h:7878/store", "h:7878/query", "h:7878/update")),
    ("http://h:3030/ds", "fuseki", ("h:3030/ds/data", "h:3030/ds/query", "h:3030/ds/update")),
    ("http://h:3030/ds/sparql", "generic",
     ("h:3030/ds/data", "h:3030/ds/sparql", "h:3030/ds/update")),
    ("http://h:3030/ds", "generic", ("h:3030/ds", "h:3030/ds", "h:3030/ds")),
    ("http://h:7200/repositories/r", "generic",
     ("h:7200/repositories/r/rdf-graphs/service", "h:7200/repositories/r",
      "h:7200/repositories/r/statements")),
    ("http://h:7200/repositories/r/statements", "graphdb",
     ("h:7200/repositories/r/rdf-graphs/service", "h:7200/repositories/r",
      "h:7200/repositories/r/statements")),
])
def test_endpoint_urls(url: str, server: str, expected: tuple[str, str, str]) -> None:
    ep = store.Endpoint.from_options(url, server=server)
    assert (ep.graph_store, ep.query_url, ep.update_url) == tuple(f"http://{u}" for u in expected)


def test_explicit_urls_win_and_bad_urls_are_usage_errors() -> None:
    ep = store.Endpoint.from_options("http://h:8890/sparql", graph_store="http://h:8890/crud")
    assert (ep.graph_store, ep.query_url) == ("http://h:8890/crud", "http://h:8890/sparql")
    with pytest.raises(UsageError, match="not an http"):
        store.Endpoint.from_options("ftp://h/x")
    with pytest.raises(UsageError, match="repositories"):
        store.Endpoint.from_options("http://h:7200/", server="graphdb")


def test_url_credentials_are_moved_out_of_the_urls() -> None:
    ep = store.Endpoint.from_options("http://alice:p%40ss@h:7878/")
    assert (ep.user, ep.password, ep.graph_store) == ("alice", "p@ss", "http://h:7878/store")
    assert "p@ss" not in repr(ep) and "p%40ss" not in repr(ep)
