"""The shapes, case by case: one parametrised test over ``tests/shapes/cases/``.

Each case file starts with ``# expect: conforms`` or ``# expect: <ShapeLocalName> ...``,
the local names (in ``kgsh:``) of every shape the validation must report, no more, no
fewer. ``.ttl`` cases are validated as a Graph, ``.trig`` cases as a Dataset.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.errors import InputError, KgError
from kg.validate import KGSH, format_report, validate_file, validate_graph

CASES = Path(__file__).parent / "shapes" / "cases"
CASE_FILES = sorted([*CASES.glob("*.ttl"), *CASES.glob("*.trig")])


def expected_shapes(path: Path) -> set[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect:"), f"{path.name}: first line must be '# expect: ...'"
    names = set(first.removeprefix("# expect:").split())
    return set() if names == {"conforms"} else names


def load(path: Path) -> Graph:
    if path.suffix == ".trig":
        return Dataset().parse(path, format="trig")
    return Graph().parse(path, format="turtle")


def snapshot(data: Graph) -> set[tuple[object, ...]]:
    if isinstance(data, Dataset):
        return set(data.quads((None, None, None, None)))
    return set(data)


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 20


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_case(path: Path) -> None:
    expected = expected_shapes(path)
    data = load(path)
    before = snapshot(data)
    report = validate_graph(data)
    assert snapshot(data) == before, "validation must not modify the caller's graph"
    failing = {
        i.shape.removeprefix(KGSH) for i in report.issues if i.severity == "Violation" and i.shape
    }
    assert failing == expected, format_report(report)
    assert report.conforms == (not expected), format_report(report)


def test_issue_names_the_article_at_fault() -> None:
    report = validate_graph(load(CASES / "evidence_exact_length_mismatch.ttl"))
    (issue,) = report.issues
    assert issue.article == "000_354504606f9a2e7a"
    assert issue.path == "oa:exact"
    assert issue.focus.endswith("/evidence/000_354504606f9a2e7a/1084-1167")
    assert report.articles_at_fault == ("000_354504606f9a2e7a",)


def test_article_of_overrides_the_derivation() -> None:
    report = validate_graph(
        load(CASES / "sanction_status_literal.ttl"), article_of=lambda focus: "from-callback"
    )
    assert [i.article for i in report.issues] == ["from-callback"]


def test_issue_without_provenance_derives_article_from_evidence() -> None:
    report = validate_graph(load(CASES / "fact_missing_derived_from.ttl"))
    (issue,) = report.issues
    assert issue.article == "000_354504606f9a2e7a"


def test_report_is_deterministic() -> None:
    path = CASES / "several_problems.ttl"
    first, second = validate_graph(load(path)), validate_graph(load(path))
    assert first == second
    assert "sh:ValidationReport" in first.report_ttl
    reparsed = Graph().parse(data=first.report_ttl, format="turtle")
    assert len(reparsed) > 0


def test_format_report() -> None:
    report = validate_graph(load(CASES / "several_problems.ttl"))
    lines = format_report(report).splitlines()
    assert lines[-1] == "3 violations in 1 article"
    assert all(line.endswith("[Violation]") for line in lines[:-1])
    assert format_report(validate_graph(Graph())) == "conforms"


@pytest.mark.parametrize(
    "name", ["full_example.ttl", "merged_two_articles_dataset.trig", "metric_period_q5.ttl"]
)
def test_validate_file_agrees_with_validate_graph(name: str) -> None:
    path = CASES / name
    assert validate_file(path) == validate_graph(load(path))


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".jsonld"])
def test_validate_file_reads_other_formats(tmp_path: Path, suffix: str) -> None:
    data = load(CASES / "merged_two_articles_dataset.trig")
    fmt = {".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}[suffix]
    out = tmp_path / f"graph{suffix}"
    if suffix == ".nt":
        flat = Graph()
        flat += ((s, p, o) for s, p, o, _ in data.quads((None, None, None, None)))
        flat.serialize(out, format=fmt)
    else:
        data.serialize(out, format=fmt)
    assert validate_file(out).conforms


def test_validate_file_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/newskg/ontology#> .\n<a> kg:b <c> ;\n  kg:d ]\n")
    with pytest.raises(InputError) as e:
        validate_file(bad)
    message = str(e.value)
    assert "\n" not in message
    assert message.startswith(f"{bad}: syntax error at line 3, column ")


def test_validate_file_missing_or_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        validate_file(tmp_path / "missing.ttl")
    odd = tmp_path / "graph.xyz"
    odd.write_text("")
    with pytest.raises(KgError, match=r"unknown graph format '\.xyz'; use one of \.jsonld"):
        validate_file(odd)


def test_one_issue_per_problem() -> None:
    """An ill-typed decimal fails sh:datatype, sh:minInclusive and sh:maxInclusive of one
    shape; the report keeps the three results, the issues list says it once."""
    report = validate_graph(load(CASES / "evidence_confidence_not_a_number.ttl"))
    assert len(report.issues) == 1
    assert report.report_ttl.count("sh:ValidationResult") == 3


def test_ontology_dir_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from kg import validate

    for name in ("shapes.ttl", "newskg.ttl"):
        shutil.copy(validate.ontology_dir() / name, tmp_path / name)
    with (tmp_path / "shapes.ttl").open("a") as f:
        f.write("\nkgsh:Marker a kgsh:TestMarker .\n")
    caches = (validate.load_shapes, validate._shapes_graph, validate._subclass_triples)
    monkeypatch.setenv(validate.ONTOLOGY_DIR_ENV, str(tmp_path))
    for cache in caches:
        cache.cache_clear()
    try:
        assert validate.ontology_dir() == tmp_path
        assert "TestMarker" in validate.load_shapes().serialize(format="nt")
        assert validate_graph(load(CASES / "full_example.ttl")).conforms
    finally:
        monkeypatch.delenv(validate.ONTOLOGY_DIR_ENV)
        for cache in caches:
            cache.cache_clear()


def test_write_report_rebuilds_a_build_report_from_issues(tmp_path: Path) -> None:
    """A build joins the issues of many article graphs into one Report without Turtle;
    write_report turns them back into one sh:ValidationReport, paths included."""
    from rdflib.namespace import SH

    from kg.models import Report
    from kg.validate import write_report

    single = validate_graph(load(CASES / "several_problems.ttl"))
    out = tmp_path / "report.ttl"
    write_report(Report(conforms=False, issues=single.issues), out)
    g = Graph().parse(out, format="turtle")
    assert len(set(g.subjects(SH.resultPath, None))) == len(single.issues)
    assert {str(s) for s in g.objects(None, SH.sourceShape)} == {i.shape for i in single.issues}
    write_report(validate_graph(Graph()), out)
    assert "sh:conforms true" in out.read_text(encoding="utf-8")
