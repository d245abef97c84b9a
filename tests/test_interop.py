"""Other tools read the graph as newskg does (issue 17, part 2).

- SHACL: pySHACL's own command line, given only the exported data and the shapes (no
  ontology, no inference), reaches the verdict of ``kg validate``, on a conforming build
  and on broken ones; and pySHACL alone agrees with every shape case.
- Literals: the build writes canonical ``xsd:decimal`` forms and counts what its file holds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli
from kg.pipeline import build
from kg.validate import ontology_dir

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHAPES = ontology_dir() / "shapes.ttl"
CASES = Path(__file__).parent / "shapes" / "cases"
CASE_FILES = sorted([*CASES.glob("*.ttl"), *CASES.glob("*.trig")])
PYSHACL = Path(sys.executable).with_name("pyshacl")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def seed_nt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("interop") / "g.nt"
    result = build([SEEDS], output=out, jobs=1, use_cache=False, answer_ahead=False)
    assert result.report.conforms
    return out, result.quads


def _expected_conforms(path: Path) -> bool:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("# expect:").split() == ["conforms"]


def _union(path: Path) -> Graph:
    if path.suffix != ".trig":
        return Graph().parse(path, format="turtle")
    union = Graph()
    for s, p, o, _ in Dataset().parse(path, format="trig").quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_pyshacl_alone_agrees_with_every_shape_case(path: Path, shapes: Graph) -> None:
    """The data and the shapes, nothing else: no ontology triples, no inference."""
    conforms, _, text = pyshacl.validate(_union(path), shacl_graph=shapes, inference="none")
    assert conforms == _expected_conforms(path), text


def _pyshacl_cli(data: Path) -> subprocess.CompletedProcess[str]:
    # the command docs/interop.md gives
    return subprocess.run([str(PYSHACL), "-s", str(SHAPES), str(data)], capture_output=True,
                          text=True, timeout=120, check=False)


def _kg_validate(data: Path) -> int:
    return CliRunner().invoke(cli, ["validate", str(data)]).exit_code


def _broken(src: Path, dest: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = edit(lines)
    assert edited != lines, "the edit must change the graph"
    dest.write_text("".join(edited), encoding="utf-8")
    return dest


ORG_XIAOMI = "<https://w3id.org/newskg/id/org/xiaomi>"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
BREAKS = {
    # a company without a name: OrganizationShape targets kg:Company explicitly
    "company_without_label": lambda lines: [x for x in lines if not x.startswith(f"{ORG_XIAOMI} {LABEL}")],
    # a sanction's target that is no organisation: sh:class through the subclasses
    "target_is_a_person": lambda lines: [
        x.replace("ontology#Company>", "ontology#Person>") if x.startswith(f"{ORG_XIAOMI} {TYPE}") else x
        for x in lines],
}


def test_pyshacl_cli_agrees_with_kg_validate_on_a_conforming_build(seed_nt: tuple[Path, int]) -> None:
    path, _ = seed_nt
    run = _pyshacl_cli(path)
    assert (run.returncode, _kg_validate(path)) == (0, 0), run.stdout[-2000:] + run.stderr[-2000:]
    assert "Conforms: True" in run.stdout


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_pyshacl_cli_agrees_with_kg_validate_on_a_broken_graph(name: str, seed_nt: tuple[Path, int],
                                                               tmp_path: Path) -> None:
    path = _broken(seed_nt[0], tmp_path / f"{name}.nt", BREAKS[name])
    run = _pyshacl_cli(path)
    assert (run.returncode, _kg_validate(path)) == (1, 1), run.stdout[-2000:] + run.stderr[-2000:]
    assert "Conforms: False" in run.stdout


# --------------------------------------------------------------------------- literals


def test_decimals_are_canonical(seed_nt: tuple[Path, int]) -> None:
    """``0.9``, never ``0.90``: the form Oxigraph, Jena and Virtuoso print back."""
    decimals = [t.object for t in ox.parse(path=str(seed_nt[0]), format=ox.RdfFormat.N_TRIPLES)
                if isinstance(t.object, ox.Literal) and t.object.datatype.value == XSD + "decimal"]
    assert len(decimals) > 10
    store = ox.Store()
    for i, d in enumerate(decimals):
        store.add(ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:p"), d))
    printed = {str(r[0].value) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert {d.value for d in decimals} == printed
    assert not any(d.value.endswith("0") and "." in d.value for d in decimals)


@pytest.mark.parametrize("suffix", [".ttl", ".trig"])
def test_build_counts_what_the_file_holds(suffix: str, tmp_path: Path, seed_nt: tuple[Path, int]) -> None:
    out = tmp_path / f"g{suffix}"
    result = build([SEEDS], output=out, jobs=1, answer_ahead=False)
    fmt = ox.RdfFormat.TURTLE if suffix == ".ttl" else ox.RdfFormat.TRIG
    statements = list(ox.parse(path=str(out), format=fmt))
    assert result.quads == len(statements) == len(set(statements))
    unit = "triples" if suffix == ".ttl" else "quads"
    assert f"{len(statements)} {unit} -> {out}" in result.summary()
    if suffix == ".ttl":
        assert result.quads == seed_nt[1]


# --------------------------------------------------------------------------- JSON-LD


def test_jsonld_is_compacted_and_keeps_the_named_graphs(tmp_path: Path) -> None:
    """``.jsonld`` holds what ``.trig`` holds, graph by graph, with a ``@context``."""
    import json

    trig, jsonld = tmp_path / "g.trig", tmp_path / "g.jsonld"
    build([SEEDS], output=trig, jobs=1, answer_ahead=False)
    result = build([SEEDS], output=jsonld, jobs=1, answer_ahead=False)
    from_trig = set(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    from_jsonld = list(ox.parse(path=str(jsonld), format=ox.RdfFormat.JSON_LD))
    assert set(from_jsonld) == from_trig and len(from_jsonld) == len(from_trig) == result.quads
    # rdflib's JSON-LD parser reads the same quads (another implementation of the context)
    rdflib_quads = {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in
                    Dataset().parse(jsonld, format="json-ld").quads((None, None, None, None))}
    assert rdflib_quads == {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in
                            Dataset().parse(trig, format="trig").quads((None, None, None, None))}

    doc = json.loads(jsonld.read_text(encoding="utf-8"))
    assert doc["@context"]["kg"] == "https://w3id.org/newskg/ontology#"
    assert doc["@context"]["@base"] == "https://w3id.org/newskg/id/"
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert "graph/entities" in graphs and len(graphs) == 3  # two articles and the entities
    xiaomi = next(n for n in graphs["graph/entities"] if n["@id"] == "org/xiaomi")
    assert xiaomi["@type"] == "kg:Company" and xiaomi["rdfs:label"] == "Xiaomi"
    evidence = next(n for g in graphs.values() for n in g if n.get("@type") == "kg:Evidence")
    assert evidence["kg:confidence"]["@type"] == "xsd:decimal"


def test_jsonld_validates_and_queries_like_trig(tmp_path: Path) -> None:
    jsonld = tmp_path / "g.jsonld"
    build([SEEDS], output=jsonld, jobs=1, answer_ahead=False)
    assert _kg_validate(jsonld) == 0
    run = CliRunner().invoke(cli, ["query", "sanctions", "--data", str(jsonld), "--format", "csv"])
    trig = tmp_path / "g.trig"
    build([SEEDS], output=trig, jobs=1, answer_ahead=False)
    same = CliRunner().invoke(cli, ["query", "sanctions", "--data", str(trig), "--format", "csv"])
    assert run.exit_code == same.exit_code == 0
    assert run.output == same.output and run.output.count("\n") > 2
