"""Queries against the embedded store under stress: a very large result, a query that
never ends, hostile parameters typed on the command line.

tests/test_queries.py already covers malformed SPARQL, unknown names, missing and
ill-typed parameters, hostile values bound in the library, ``--timeout`` and streaming
over a graph file; tests/test_faults_cli.py runs those errors through the console script.
This file adds the embedded store (``build/store``), which is what ``kg query`` reads by
default.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import queries
from kg.cli import cli
from kg.store import open_store, replace_store
from tests.helpers import ROOT, SEEDS

KG = [str(Path(sys.executable).with_name("kg"))] if Path(sys.executable).with_name("kg").exists() \
    else [sys.executable, "-m", "kg.cli"]
B = "https://w3id.org/newskg/id/"
ROWS = 200_000
#: A cross join of the store with itself: 4e10 rows to count, it never ends in a test.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s2 ?p2 ?o2 } }"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200,000 quads in 2,000 article graphs, as a build would publish them."""
    store_dir = tmp_path_factory.mktemp("bigstore") / "store"

    def quads():  # noqa: ANN202
        for i in range(ROWS):
            graph = ox.NamedNode(f"{B}graph/article/a{i // 100:04d}")
            yield ox.Quad(ox.NamedNode(f"{B}evidence/a{i // 100:04d}/{i}"),
                          ox.NamedNode("http://www.w3.org/ns/oa#exact"),
                          ox.Literal(f"sentence {i}, with a comma and \"quotes\""), graph)

    assert replace_store(store_dir, quads()) == ROWS
    return store_dir


@pytest.fixture
def query_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "all.rq").write_text("#+ summary: every quad\n"
                                   "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }\n")
    (folder / "endless.rq").write_text("#+ summary: never ends\n" + ENDLESS + "\n")
    monkeypatch.setenv(queries.QUERIES_ENV, str(folder))
    return folder


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_a_200k_row_result_streams_with_flat_memory(big_store: Path, query_dir: Path,
                                                    fmt: str) -> None:
    tracemalloc.start()
    size = chunks = rows = 0
    first_chunk_at = None
    started = time.monotonic()
    tail = carry = ""
    marker = f"{B}evidence/"  # once in each row, in every format
    for chunk in queries.run_query("all", params={}, store_dir=big_store, fmt=fmt):
        if first_chunk_at is None:
            first_chunk_at = time.monotonic() - started
        size += len(chunk)
        chunks += 1
        text = carry + chunk
        rows += text.count(marker)
        carry = text[-(len(marker) - 1):]
        tail = (tail + chunk)[-500:]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size > 15_000_000, size
    assert peak < 3_000_000, f"{fmt}: peak {peak} bytes for {size} bytes of output"
    assert chunks > 100
    assert rows == ROWS
    if fmt == "json":
        assert tail.endswith("]}}\n")


def test_the_streamed_csv_is_complete_and_parses(big_store: Path, query_dir: Path) -> None:
    text = "".join(queries.run_query("all", params={}, store_dir=big_store, fmt="csv"))
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["s", "p", "o"] and len(table) == ROWS + 1
    assert {row[2] for row in table[1:]} >= {'sentence 0, with a comma and "quotes"',
                                             f'sentence {ROWS - 1}, with a comma and "quotes"'}


def test_timeout_on_the_store_gives_up_and_the_store_still_answers(big_store: Path,
                                                                   tmp_path: Path) -> None:
    """The query runs in a subprocess: pyoxigraph cannot stop a step under way, and in a
    test process it would keep a CPU busy until the end of the session. ``kg`` itself
    exits at once: the worker thread dies with it."""
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "endless.rq").write_text(ENDLESS + "\n")
    started = time.monotonic()
    result = subprocess.run([*KG, "query", "endless", "--store", str(big_store), "--timeout", "0.5"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env={**os.environ, queries.QUERIES_ENV: str(folder)})
    elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr == "Error: query endless did not finish within 0.5 s (--timeout)\n"
    assert result.stdout == ""
    assert elapsed < 30, f"kg took {elapsed:.1f} s to give up"
    store = open_store(big_store)
    assert len(store) == ROWS
    del store


HOSTILE = [
    '" } ; DROP ALL ; SELECT * { "',
    "x' . ?s ?p ?o . '",
    "# comment\n} UNION { ?s ?p ?o }",
    "line\nbreak\"\"\"",
    "{ } } {",
    "DROP GRAPH <https://w3id.org/newskg/id/graph/entities>",
]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seedstore") / "graph.trig"
    build([SEEDS], output=out, store_dir=out.parent / "store", jobs=1, use_cache=False)
    return out.parent / "store"


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_param_on_the_command_line_is_one_value(value: str, seed_store: Path) -> None:
    """Through ``kg query -p`` on the store: as text, the value matches nothing and changes
    nothing; as an IRI, it is refused with one line."""
    runner = CliRunner()
    before = sorted(str(q) for q in open_store(seed_store))

    def query(*args: str):  # noqa: ANN202
        return runner.invoke(cli, ["query", *args, "--store", str(seed_store), "-f", "json"],
                             catch_exceptions=False)

    as_text = query("entities", "-p", f"text={value}")
    nothing = query("entities", "-p", "text=no-such-entity-anywhere")
    assert as_text.exit_code == 0, as_text.output
    assert json.loads(as_text.stdout) == json.loads(nothing.stdout)
    assert json.loads(as_text.stdout)["results"]["bindings"] == []
    as_iri = query("sanction-timeline", "-p", f"company={value}")
    if as_iri.exit_code != 0:
        assert as_iri.exit_code == 2 and as_iri.stdout == ""
        assert as_iri.stderr.startswith("Error: parameter company: ")
        assert len(as_iri.stderr.splitlines()) == 1
    else:
        assert json.loads(as_iri.stdout)["results"]["bindings"] == []
    assert sorted(str(q) for q in open_store(seed_store)) == before
