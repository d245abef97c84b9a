"""Against a real Virtuoso (Debian's virtuoso-opensource 7, ``tests/virtuoso_server.py``):
load, reload, every stored query with and without parameters (the same rows as the
embedded store), export, Digest authentication.

One server for the session (CI's time); each test starts from a server holding no graph
but Virtuoso's own (the ``virtuoso`` fixture).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import store
from kg.cli import cli
from kg.errors import StoreError, UsageError
from tests.test_queries import CASES, run, seed_trig  # noqa: F401 - a fixture
from tests.test_store import (
    DATASET,
    DATASET_QUADS,
    PREFIXES,
    B,
    write,
)
from tests.test_store_server import file_counts
from tests.virtuoso_server import VIRTUOSO_PASSWORD, VIRTUOSO_USER, VirtuosoServer

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]


def endpoint(server: VirtuosoServer, **options: object) -> store.Endpoint:
    return store.Endpoint.from_options(server.url, server="virtuoso", **options)  # type: ignore[arg-type]


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    return write(tmp_path / "graph.trig", DATASET)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_load_and_reload(virtuoso: VirtuosoServer, dataset_file: Path, tmp_path: Path,
                         protocol: str) -> None:
    ep = endpoint(virtuoso)
    result = store.load(dataset_file, endpoint=ep, protocol=protocol)
    assert (result.quads, result.graphs) == (DATASET_QUADS, 3)
    assert ep.graph_counts() == file_counts(dataset_file)  # Virtuoso's own graphs left out
    assert ep.count() == DATASET_QUADS
    store.load(dataset_file, endpoint=ep, protocol=protocol)  # twice: the same triples
    assert ep.graph_counts() == file_counts(dataset_file)
    update = write(tmp_path / "update.trig", PREFIXES + """
b:graph\\/article\\/a2 { b:article\\/a2 a kg:Article ; dcterms:title "Corrected" ; kg:sha256 "00cc" . }
b:graph\\/entities { b:org\\/huawei a kg:Company ; rdfs:label "Huawei" . }
""")
    store.load(update, endpoint=ep, protocol=protocol)
    counts = ep.graph_counts()
    assert counts[B + "graph/article/a2"] == 3  # replaced as a whole
    assert counts[B + "graph/article/a1"] == 18  # untouched
    assert counts[B + "graph/entities"] == 13  # merged


def test_a_file_without_named_graphs_needs_graph(virtuoso: VirtuosoServer,
                                                 tmp_path: Path) -> None:
    ttl = write(tmp_path / "g.ttl", PREFIXES + 'b:org\\/x a kg:Company ; rdfs:label "X" .\n')
    ep = endpoint(virtuoso)
    with pytest.raises(UsageError, match=r"default graph, which Virtuoso cannot address: "
                                         r"give --graph IRI"):
        store.load(ttl, endpoint=ep)
    result = CliRunner().invoke(cli, ["load", str(ttl), "--endpoint", virtuoso.url,
                                      "--server", "virtuoso", "--graph", B + "graph/extra"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ep.graph_counts() == {B + "graph/extra": 2}
    bad = CliRunner().invoke(cli, ["load", str(ttl), "--endpoint", virtuoso.url,
                                   "--server", "virtuoso", "--graph", "not an iri"])
    assert bad.exit_code == 2 and "--graph: not an absolute IRI" in bad.output


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("integer", "decimal", "nonNegativeInteger", "long", "int")}


def by_value(quads: Iterator[ox.Quad], graphs: bool = True) -> set[tuple[str, ...]]:
    """Quads with numbers compared by value: Virtuoso stores an xsd:integer beyond 32 bits
    as xsd:decimal ("9800000000"^^xsd:integer comes back as xsd:decimal)."""
    from decimal import Decimal

    def term(t: object) -> str:
        if isinstance(t, ox.Literal) and t.datatype.value in NUMBERS:
            return f"number {Decimal(t.value).normalize()}"
        return str(t)

    return {(term(q.subject), term(q.predicate), term(q.object),
             str(q.graph_name) if graphs else "") for q in quads}


@pytest.mark.parametrize("suffix", [".trig", ".ttl"])
def test_export_gives_back_what_was_loaded(virtuoso: VirtuosoServer, dataset_file: Path,
                                           tmp_path: Path, suffix: str) -> None:
    """No default graph to GET (treated as empty), none of Virtuoso's system graphs; the
    same quads, numbers by value."""
    ep = endpoint(virtuoso)
    store.load(dataset_file, endpoint=ep)
    out = tmp_path / f"back{suffix}"
    written = store.export(ep, out)
    dataset = suffix == ".trig"
    assert written == (DATASET_QUADS if dataset else DATASET_QUADS - 1)  # one triple in 2 graphs
    assert by_value(ox.parse(path=str(out)), dataset) == \
        by_value(ox.parse(path=str(dataset_file)), dataset)


def test_export_through_a_generic_url_refuses_no_default_graph(virtuoso: VirtuosoServer,
                                                               dataset_file: Path,
                                                               tmp_path: Path) -> None:
    """Given Virtuoso's URLs without --server: GET ?default is refused (HTTP 500), which
    is an empty default graph; its system graphs are recognised and left out."""
    store.load(dataset_file, endpoint=endpoint(virtuoso))
    generic = store.Endpoint(virtuoso.url + "/sparql-graph-crud", virtuoso.url + "/sparql",
                             None, layout="generic", retries=0)
    assert store.export(generic, tmp_path / "back.trig") == DATASET_QUADS


def test_every_stored_query_gives_the_rows_of_the_embedded_store(
        virtuoso: VirtuosoServer, seed_trig: Path) -> None:  # noqa: F811 - the fixture
    store.load(seed_trig, endpoint=endpoint(virtuoso))
    url = virtuoso.url + "/sparql"
    for case, name, params in CASES:  # with and without their optional parameters
        remote = run(name, params, fmt="csv", endpoint=url, timeout=60)
        assert remote == run(name, params, fmt="csv", data=seed_trig), case
    for name, params in (("metrics", {"company": "xiaomi", "period": "2021"}),
                         ("current-status", {"company": "xiaomi"}),
                         ("in-force", {"date": "2021-04-01", "company": "xiaomi"}),
                         ("in-force", {"date": "2021-04-01", "company": "huawei"})):
        remote = run(name, params, fmt="table", endpoint=url, timeout=60)
        assert remote == run(name, params, fmt="table", data=seed_trig), (name, params)
        assert remote.count("\n") > 2, remote


def test_digest_authentication(virtuoso: VirtuosoServer, dataset_file: Path,
                               monkeypatch) -> None:
    monkeypatch.setenv("KG_PASSWORD", VIRTUOSO_PASSWORD)
    ep = endpoint(virtuoso, user=VIRTUOSO_USER)
    assert ep.graph_store == virtuoso.url + "/sparql-graph-crud-auth"
    assert ep.update_url == ep.query_url == virtuoso.url + "/sparql-auth"
    for protocol in ("gsp", "update"):
        store.load(dataset_file, endpoint=ep, protocol=protocol)
    assert ep.graph_counts() == file_counts(dataset_file)
    # the CLI, through Virtuoso's own URL names (guessed without --server)
    result = CliRunner().invoke(cli, ["query", "articles", "--endpoint",
                                      virtuoso.url + "/sparql-auth", "--user", VIRTUOSO_USER,
                                      "-f", "csv"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.count("\n") == 3, result.output
    # a wrong password, and no credentials at all, are refused without a retry
    monkeypatch.setenv("KG_PASSWORD", "wrong-" + VIRTUOSO_PASSWORD)
    with pytest.raises(store.AuthError) as info:
        store.load(dataset_file, endpoint=endpoint(virtuoso, user=VIRTUOSO_USER))
    assert str(info.value) == (f"authentication failed for {virtuoso.url}/sparql-graph-crud-auth "
                               "(HTTP 401)")
    assert VIRTUOSO_PASSWORD not in str(info.value)
    anonymous = store.Endpoint.from_options(virtuoso.url + "/sparql-auth")
    with pytest.raises(store.AuthError):
        anonymous.named_graphs()


def test_basic_first_switches_to_digest(virtuoso: VirtuosoServer, dataset_file: Path,
                                        monkeypatch) -> None:
    """Explicit URLs that do not say Virtuoso: Basic is tried, the Digest challenge
    answered, and Digest kept for the requests after."""
    monkeypatch.setenv("KG_PASSWORD", VIRTUOSO_PASSWORD)
    proxy = virtuoso.url + "/sparql-graph-crud-auth"
    ep = store.Endpoint(proxy, virtuoso.url + "/sparql-auth", virtuoso.url + "/sparql-auth",
                        user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD)
    store.load(dataset_file, endpoint=ep)
    assert ep._digest and ep.graph_counts() == file_counts(dataset_file)


# ------------------------------------------------- queries are form-encoded, never retried


class _SlowQuery(BaseHTTPRequestHandler):
    server: _Recorder

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        self.server.seen.append((self.headers.get("Content-Type"), self.rfile.read(length)))
        time.sleep(self.server.delay)
        body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True
    delay = 0.0
    status = 200

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SlowQuery)
        self.seen: list[tuple[str | None, bytes]] = []

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_query_is_form_encoded(recorder: _Recorder) -> None:
    url = f"http://127.0.0.1:{recorder.server_address[1]}/sparql"
    with store.Endpoint.from_options(url).query("SELECT * WHERE { ?s ?p \"a&b=c\" }") as r:
        assert r.content
    ((ctype, body),) = recorder.seen
    assert ctype == "application/x-www-form-urlencoded"
    assert body == b"query=SELECT+%2A+WHERE+%7B+%3Fs+%3Fp+%22a%26b%3Dc%22+%7D"


@pytest.mark.parametrize("status", [None, 500])
def test_a_query_that_timed_out_or_failed_is_not_retried(recorder: _Recorder,
                                                         status: int | None) -> None:
    url = f"http://127.0.0.1:{recorder.server_address[1]}/sparql"
    if status is None:
        recorder.delay = 1.0
    else:
        recorder.status = status
    ep = store.Endpoint.from_options(url, retries=3, backoff=0.01, timeout=0.3)
    with pytest.raises(StoreError) as info:
        ep.query("ASK {}").close()
    assert len(recorder.seen) == 1
    assert "gave up" not in str(info.value)
    assert re.search(r"no answer within 0.3 s|HTTP 500", str(info.value))
