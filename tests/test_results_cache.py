"""The cache of rendered query output (kg.results): served again only for the same
store version, query text, format and rendering; never stale, never half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import queries
from kg.errors import QueryError
from kg.queries.backends import BASE_QUERY, LocalBackend
from kg.results import ResultCache
from tests.helpers import SEEDS

ARTICLE = """---
title: Regulator adds Qorvane Systems to its list
published: 2024-06-03
---
Regulator adds Qorvane Systems to its list

WASHINGTON - The U.S. Commerce Department on Monday added Qorvane Systems, a maker of
radar chips, to the Entity List, barring American suppliers from selling to it without
a license.
"""


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A folder with the seeds built into ``build/store`` (a published version), with no
    answers kept yet."""
    return _build(tmp_path, answer_ahead=False)


def _build(tmp_path: Path, **options) -> Path:
    from kg.pipeline import build

    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles, dirs_exist_ok=True)
    result = build([articles], output=tmp_path / "build" / "graph.trig",
                   store_dir=tmp_path / "build" / "store", jobs=1, use_cache=False, **options)
    assert bool(result.answers) == options.get("answer_ahead", True)
    return tmp_path


def run(store: Path, name: str = "articles", fmt: str = "csv", **kw) -> str:
    return "".join(queries.run_query(name, store_dir=store, fmt=fmt, **kw))


def entries(store: Path) -> list[Path]:
    return sorted(store.parent.glob(".store-*.results/*.out"))


def refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any query but the one that finds the graph's base, and the ASK that checks a company
    IRI exists (kg.queries.companies), fails."""
    execute = LocalBackend.execute

    def fail(self, sparql, form="SELECT"):  # noqa: ANN001
        if sparql == BASE_QUERY or sparql.startswith("ASK { GRAPH ?g { {"):
            return execute(self, sparql, form)
        raise AssertionError("the store was queried")

    monkeypatch.setattr(LocalBackend, "execute", fail)


def test_a_second_run_is_served_from_the_cache(built: Path, monkeypatch) -> None:
    store = built / "build" / "store"
    first = run(store)
    assert len(entries(store)) == 1
    refuse(monkeypatch)
    assert run(store) == first
    with pytest.raises(AssertionError, match="queried"):
        run(store, cache=False)


def test_format_parameters_and_width_are_part_of_the_key(built: Path, monkeypatch) -> None:
    store = built / "build" / "store"
    assert run(store) != run(store, fmt="tsv")
    assert run(store, "current-status") != run(store, "current-status",
                                              params={"company": "xiaomi"})
    wide = run(store, fmt="table", width=200)
    narrow = run(store, fmt="table", width=80)
    whole = run(store, fmt="table")
    some = run(store, fmt="table", columns=["article", "title"])
    assert len({wide, narrow, whole, some}) == 4
    assert len(entries(store)) == 8
    refuse(monkeypatch)
    assert run(store, "current-status", params={"company": "xiaomi"}) != run(
        store, "current-status")


def test_a_new_build_is_never_answered_from_the_old_version(built: Path) -> None:
    from kg.pipeline import build

    store = built / "build" / "store"
    before = run(store)
    assert "Qorvane" not in before
    (built / "articles" / "qorvane.txt").write_text(ARTICLE, encoding="utf-8")
    build([built / "articles"], output=built / "build" / "graph.trig",
          store_dir=built / "build" / "store", jobs=1, use_cache=False)
    after = run(store)
    assert "Regulator adds Qorvane Systems" in after
    # the old version's entries went with it when the next writer started
    build([built / "articles"], output=built / "build" / "graph.trig",
          store_dir=built / "build" / "store", jobs=1, use_cache=False)
    assert len(list(store.parent.glob(".store-*.results"))) <= 2
    assert run(store) == after


def test_a_store_written_in_place_misses(built: Path) -> None:
    from kg.store import open_store

    store = built / "build" / "store"
    before = run(store, "entities")
    writer = open_store(store, read_only=False)
    writer.add(ox.Quad(ox.NamedNode("https://w3id.org/newskg/id/company/zz-inplace"),
                       ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       ox.NamedNode("https://w3id.org/newskg/ontology#Company"),
                       ox.NamedNode("https://w3id.org/newskg/id/graph/entities")))
    writer.add(ox.Quad(ox.NamedNode("https://w3id.org/newskg/id/company/zz-inplace"),
                       ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                       ox.Literal("Zz In Place"),
                       ox.NamedNode("https://w3id.org/newskg/id/graph/entities")))
    writer.flush()
    del writer
    after = run(store, "entities")
    assert "Zz In Place" not in before
    assert "Zz In Place" in after


def test_an_unfinished_run_keeps_nothing(built: Path) -> None:
    store = built / "build" / "store"
    chunks = queries.run_query("articles", store_dir=store, fmt="csv")
    next(chunks)
    chunks.close()
    assert entries(store) == []
    assert not list(store.parent.glob(".store-*.results/*.tmp"))


def test_a_failing_query_keeps_nothing(built: Path, monkeypatch) -> None:
    store = built / "build" / "store"

    def fail(self, sparql, form="SELECT"):  # noqa: ANN001
        raise QueryError("the store failed: boom")

    monkeypatch.setattr(LocalBackend, "execute", fail)
    with pytest.raises(QueryError, match="boom"):
        run(store)
    assert entries(store) == []


def test_no_cache_neither_reads_nor_writes(built: Path) -> None:
    store = built / "build" / "store"
    plain = run(store, cache=False)
    assert entries(store) == []
    assert run(store) == plain


def test_an_unwritable_cache_folder_only_costs_the_cache(built: Path) -> None:
    store = built / "build" / "store"
    version = store.resolve()
    blocker = version.parent / (version.name + ".results")
    blocker.write_text("not a folder")  # mkdir fails: cannot keep anything
    first = run(store)
    assert run(store) == first
    assert blocker.is_file()


def test_a_plain_directory_store_is_not_cached(built: Path) -> None:
    store = built / "build" / "store"
    plain = built / "plain-store"
    shutil.copytree(store.resolve(), plain)
    first = run(plain)
    assert first == run(store, cache=False)
    assert not list(built.glob(".plain-store*"))
    assert not list(plain.parent.glob("*.results"))


def test_entries_are_trimmed(tmp_path: Path, monkeypatch) -> None:
    import kg.results as results

    monkeypatch.setattr(results, "MAX_ENTRIES", 3)
    cache = ResultCache(tmp_path / "c", fingerprint="f")
    for i in range(5):
        list(cache.tee(cache.key(str(i)), iter([f"row {i}\n"])))
    assert len(list((tmp_path / "c").glob("*.out"))) == 3
    assert cache.get(cache.key("0")) is None
    assert "".join(cache.get(cache.key("4"))) == "row 4\n"


def test_too_large_an_output_is_streamed_but_not_kept(tmp_path: Path, monkeypatch) -> None:
    import kg.results as results

    monkeypatch.setattr(results, "MAX_ENTRY_BYTES", 10)
    cache = ResultCache(tmp_path / "c", fingerprint="f")
    out = list(cache.tee("k", iter(["0123456789", "abcdef"])))
    assert out == ["0123456789", "abcdef"]
    assert cache.get("k") is None
    assert not list((tmp_path / "c").iterdir())


def test_the_cli_serves_the_cache_and_no_cache_bypasses_it(built: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    store = built / "build" / "store"
    runner = CliRunner()
    first = runner.invoke(cli, ["query", "articles", "--store", str(store), "-f", "csv"])
    assert first.exit_code == 0, first.output
    assert len(entries(store)) == 1
    again = runner.invoke(cli, ["query", "articles", "--store", str(store), "-f", "csv",
                                "--no-cache"])
    assert again.exit_code == 0 and again.output == first.output


def test_a_query_with_now_or_rand_is_never_kept(built: Path, tmp_path: Path) -> None:
    store = built / "build" / "store"
    rq = tmp_path / "clock.rq"
    rq.write_text("SELECT ?a (NOW() AS ?t) WHERE { GRAPH ?g { ?a a "
                  "<https://w3id.org/newskg/ontology#Article> } }\n", encoding="utf-8")
    run(store, str(rq))
    assert entries(store) == []
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?a WHERE { GRAPH ?g { ?a a "
                     "<https://w3id.org/newskg/ontology#Article> } } ORDER BY ?a\n", encoding="utf-8")
    run(store, str(plain))
    assert len(entries(store)) == 1


# ------------------------------------------------------------------ answers ahead

AHEAD = [q.name for q in queries.list_queries() if not any(p.required for p in q.parameters)]


def test_a_build_answers_the_queries_without_parameters_ahead(tmp_path: Path, monkeypatch) -> None:
    store = _build(tmp_path) / "build" / "store"
    assert {"sanctions", "articles", "companies", "current-status"} <= set(AHEAD)
    assert len(entries(store)) == len(AHEAD) * len(queries.AHEAD_FORMATS)
    fresh = {(n, f): run(store, n, f, cache=False) for n in AHEAD for f in queries.AHEAD_FORMATS}
    refuse(monkeypatch)
    for (name, fmt), output in fresh.items():
        assert run(store, name, fmt) == output, (name, fmt)
    with pytest.raises(AssertionError, match="queried"):  # a query with a parameter still runs
        run(store, "sanction-timeline", params={"company": "xiaomi"})


def test_answers_ahead_are_tables_as_a_file_gets_them(tmp_path: Path, monkeypatch) -> None:
    """Kept tables are whole (output to a file or a pipe, --wide); a table fitted to a
    terminal's width runs the query."""
    store = _build(tmp_path) / "build" / "store"
    refuse(monkeypatch)
    assert run(store, "sanctions", "table")
    with pytest.raises(AssertionError, match="queried"):
        run(store, "sanctions", "table", width=90)


def test_keeping_answers_again_is_a_no_op(built: Path) -> None:
    store = built / "build" / "store"
    first = queries.keep_answers(store, jobs=2)
    assert {a.query for a in first} == set(AHEAD)
    assert all(a.kept == queries.AHEAD_FORMATS and a.rows is not None for a in first)
    kept = {p: p.read_bytes() for p in entries(store)}
    again = queries.keep_answers(store, jobs=2)
    assert {a.note for a in again} == {"already kept"}
    assert {p: p.read_bytes() for p in entries(store)} == kept


def test_a_query_that_cannot_be_kept_is_reported_not_raised(built: Path, tmp_path: Path) -> None:
    store = built / "build" / "store"
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "big.rq").write_text("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }\n")
    (folder / "clock.rq").write_text("SELECT (NOW() AS ?t) WHERE {}\n")
    (folder / "remote.rq").write_text(
        "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    (folder / "small.rq").write_text(
        "PREFIX kg: <https://w3id.org/newskg/ontology#>\n"
        "SELECT ?a WHERE { GRAPH ?g { ?a a kg:Article } } ORDER BY ?a\n")
    (folder / "needs.rq").write_text("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?_company_iri } }\n")
    answers = {a.query: a for a in queries.keep_answers(store, directory=folder, max_rows=100,
                                                        formats=("csv",))}
    assert set(answers) == {"big", "clock", "remote", "small"}  # "needs" has a parameter
    assert answers["big"].note == "not kept: more than 100 rows"
    assert "changes from run to run" in answers["clock"].note
    assert answers["remote"].note.startswith("not kept: ") and not answers["remote"].kept
    assert answers["small"].kept == ("csv",) and answers["small"].rows == 2
    assert len(entries(store)) == 1


def test_the_cli_answers_ahead_unless_told_not_to(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    store = tmp_path / "build" / "store"
    common = ["build", str(SEEDS), "-o", str(tmp_path / "build" / "graph.ttl"),
              "--store", str(store), "--jobs", "1", "--no-cache"]
    out = CliRunner().invoke(cli, [*common, "--no-answers"])
    assert out.exit_code == 0, out.output
    assert "answered ahead" not in out.output and entries(store) == []
    out = CliRunner().invoke(cli, common)
    assert out.exit_code == 0, out.output
    assert f"{len(AHEAD)} of {len(AHEAD)} stored queries answered ahead" in out.output
    assert len(entries(store)) == len(AHEAD) * len(queries.AHEAD_FORMATS)
