"""Loading into, querying and exporting from a real Oxigraph server; faults on the wire.

The server is ``oxigraph serve`` started by the fixtures in ``tests/oxigraph_server.py``.
Faults a real Oxigraph cannot produce (401, 500, a slow answer) come from a tiny
``http.server`` on 127.0.0.1: a real HTTP server, not a mock.
"""

from __future__ import annotations

import base64
import json
import re
import socket
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
from kg.store.scan import scan
from tests.oxigraph_server import OxigraphServer
from tests.test_store import (
    DATASET,
    DATASET_QUADS,
    PREFIXES,
    B,
    as_graph,
    assert_isomorphic,
    assert_same_dataset,
    canonical,
    write,
)

pytestmark = pytest.mark.server

PASSWORD = "s3cret-Pa55"


def endpoint(server: OxigraphServer, **options: object) -> store.Endpoint:
    return store.Endpoint.from_options(server.url, **options)  # type: ignore[arg-type]


def graph_counts(ep: store.Endpoint) -> dict[str, int]:
    sparql = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    with ep.query(sparql) as result:
        rows = json.loads(result.content)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def file_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for quad in ox.parse(path=str(path)):
        counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
    return counts


def many_articles(path: Path, articles: int, per_article: int = 20) -> Path:
    """An entities graph and ``articles`` article graphs, as a build writes them."""
    lines = [PREFIXES, "b:graph\\/entities {"]
    lines += [f'  b:org\\/c{i} a kg:Company ; rdfs:label "Company {i}" .' for i in range(50)]
    lines.append("}")
    for a in range(articles):
        lines.append(f"b:graph\\/article\\/n{a:04d} {{")
        lines.append(f'  b:article\\/n{a:04d} a kg:Article ; dcterms:title "Article {a}" .')
        for j in range(per_article - 2):
            lines.append(f"  b:metric\\/c{(a + j) % 50}\\/m{a}-{j} kg:value {a}.{j} .")
        lines.append("}")
    return write(path, "\n".join(lines) + "\n")


@pytest.fixture
def dataset_file(tmp_path: Path) -> Path:
    return write(tmp_path / "graph.trig", DATASET)


# ---------------------------------------------------------------------- happy paths


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_load_counts_match_the_local_graph(oxigraph_server: OxigraphServer,
                                           dataset_file: Path, protocol: str) -> None:
    ep = endpoint(oxigraph_server)
    result = store.load(dataset_file, endpoint=ep, protocol=protocol)
    assert (result.quads, result.graphs, result.graphs_failed) == (DATASET_QUADS, 3, 0)
    assert ep.count() == DATASET_QUADS == len(set(ox.parse(path=str(dataset_file))))
    assert graph_counts(ep) == file_counts(dataset_file)
    # loading twice leaves the same triples
    store.load(dataset_file, endpoint=ep, protocol=protocol)
    assert ep.count() == DATASET_QUADS
    assert graph_counts(ep) == file_counts(dataset_file)


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_reload_replaces_articles_and_merges_entities(oxigraph_server: OxigraphServer,
                                                      dataset_file: Path, tmp_path: Path,
                                                      protocol: str) -> None:
    ep = endpoint(oxigraph_server)
    store.load(dataset_file, endpoint=ep, protocol=protocol)
    update = write(tmp_path / "update.trig", PREFIXES + """
b:graph\\/article\\/a2 { b:article\\/a2 a kg:Article ; dcterms:title "Corrected" ; kg:sha256 "00cc" . }
b:graph\\/entities { b:org\\/huawei a kg:Company ; rdfs:label "Huawei" . }
""")
    store.load(update, endpoint=ep, protocol=protocol)
    counts = graph_counts(ep)
    assert counts[B + "graph/article/a2"] == 3  # replaced as a whole
    assert counts[B + "graph/article/a1"] == 18  # untouched
    assert counts[B + "graph/entities"] == 13  # merged


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_graphs_larger_than_a_batch_are_split(oxigraph_server: OxigraphServer,
                                              dataset_file: Path, protocol: str) -> None:
    ep = endpoint(oxigraph_server)
    result = store.load(dataset_file, endpoint=ep, protocol=protocol, batch_size=5)
    assert result.requests == (3 + 4 + 3 if protocol == "gsp" else 9)  # ceil(n/5) per graph
    store.load(dataset_file, endpoint=ep, protocol=protocol, batch_size=5)
    assert graph_counts(ep) == file_counts(dataset_file)


def test_update_protocol_packs_graphs_into_few_requests(oxigraph_server: OxigraphServer,
                                                        tmp_path: Path) -> None:
    data = many_articles(tmp_path / "many.trig", articles=100)
    ep = endpoint(oxigraph_server)
    result = store.load(data, endpoint=ep, protocol="update", batch_size=500)
    assert result.graphs == 101 and result.requests == 5  # 2,100 triples / 500
    gsp = store.load(data, endpoint=ep, protocol="gsp")
    assert gsp.requests == 101
    assert graph_counts(ep) == file_counts(data)


def test_interleaved_nquads_are_regrouped(oxigraph_server: OxigraphServer,
                                          dataset_file: Path, tmp_path: Path) -> None:
    quads = sorted(ox.parse(path=str(dataset_file)), key=lambda q: str(q.subject))
    nq = tmp_path / "mixed.nq"
    ox.serialize(quads, str(nq), format=ox.RdfFormat.N_QUADS)
    assert not scan(nq).contiguous
    ep = endpoint(oxigraph_server)
    store.load(nq, endpoint=ep, protocol="gsp")
    assert graph_counts(ep) == file_counts(dataset_file)


def test_turtle_goes_to_the_default_graph(oxigraph_server: OxigraphServer,
                                          tmp_path: Path) -> None:
    ttl = write(tmp_path / "g.ttl", PREFIXES + 'b:org\\/x a kg:Company ; rdfs:label "X" .\n')
    ep = endpoint(oxigraph_server)
    store.load(ttl, endpoint=ep)
    store.load(ttl, endpoint=ep)
    assert ep.count() == 2 and ep.named_graphs() == []


def test_blank_nodes_stay_one_node(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    """A graph with blank nodes is never split across requests, so _:x stays one node."""
    body = "".join(f"_:x <{B}p> \"{i}\" .\n" for i in range(20))
    nt = write(tmp_path / "b.nt", body)
    ep = endpoint(oxigraph_server)
    result = store.load(nt, endpoint=ep, batch_size=5)
    assert result.requests == 1
    with ep.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }") as r:
        assert json.loads(r.content)["results"]["bindings"][0]["n"]["value"] == "1"


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".ttl", ".nt", ".jsonld"])
def test_export_round_trip_is_isomorphic(oxigraph_server: OxigraphServer, dataset_file: Path,
                                         tmp_path: Path, suffix: str) -> None:
    ep = endpoint(oxigraph_server)
    store.load(dataset_file, endpoint=ep)
    out = tmp_path / f"back{suffix}"
    written = store.export(ep, out)
    if store.format_for(out).dataset:  # .trig .nq .jsonld keep the named graphs
        assert written == DATASET_QUADS
        assert_same_dataset(canonical(dataset_file), out)
    else:
        assert written == DATASET_QUADS - 1
        assert_isomorphic(as_graph(canonical(dataset_file)), as_graph(out))


def test_export_through_per_graph_gets(oxigraph_server: OxigraphServer, dataset_file: Path,
                                       tmp_path: Path) -> None:
    """The standard path (list graphs, GET each), as used for Fuseki and GraphDB."""
    ep = endpoint(oxigraph_server)
    store.load(dataset_file, endpoint=ep)
    generic = store.Endpoint(ep.graph_store, ep.query_url, ep.update_url, layout="generic")
    store.export(generic, tmp_path / "back.trig")
    assert_same_dataset(canonical(dataset_file), tmp_path / "back.trig")


def test_cli_load_query_export(oxigraph_server: OxigraphServer, dataset_file: Path,
                               tmp_path: Path) -> None:
    runner = CliRunner()
    url = oxigraph_server.url
    for _ in range(2):
        result = runner.invoke(cli, ["load", str(dataset_file), "--endpoint", url],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert f"loaded {DATASET_QUADS} quads in 3 graphs" in result.output
    rq = write(tmp_path / "count.rq",
               "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n")
    result = runner.invoke(cli, ["query", str(rq), "--endpoint", url, "--format", "csv"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert str(DATASET_QUADS) in result.output.split()[-1]
    result = runner.invoke(cli, ["export", "--endpoint", url, "-o", str(tmp_path / "b.nq")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_same_dataset(canonical(dataset_file), tmp_path / "b.nq")


# ------------------------------------------------------------- a server killed mid-load


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_server_killed_mid_load(oxigraph_factory, tmp_path: Path, protocol: str) -> None:
    data = many_articles(tmp_path / "many.trig", articles=400)
    expected = file_counts(data)
    total = sum(expected.values())
    location = tmp_path / "db"
    server = oxigraph_factory(location)
    ep = endpoint(server, retries=2, backoff=0.05, timeout=5)
    halfway = threading.Event()
    sent = 0

    def progress(n: int) -> None:
        nonlocal sent
        sent += n
        if sent > total // 3:
            halfway.set()

    outcome: dict[str, BaseException] = {}

    def run() -> None:
        try:
            store.load(data, endpoint=ep, progress=progress, protocol=protocol, batch_size=200)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = exc

    loader = threading.Thread(target=run)
    loader.start()
    assert halfway.wait(60), "the load did not get a third of the way"
    server.kill()  # SIGKILL while requests are in flight
    loader.join(60)
    error = outcome.get("error")
    assert isinstance(error, store.PartialLoad), error
    message = str(error)
    match = re.fullmatch(r"loaded (\d+) of 401 graphs; failed at <[^>]+>: .+; rerun to complete",
                         message)
    assert match, message
    assert "\n" not in message and "cannot connect" in message
    assert 0 < len(error.loaded) < 401 and int(match.group(1)) == len(error.loaded)
    assert error.failed in error.pending and not error.partly_written

    # restart on the same data: no half-loaded article, every reported graph is there
    server = oxigraph_factory(location)
    ep = endpoint(server)
    on_server = graph_counts(ep)
    for graph, n in on_server.items():
        assert n == expected[graph], f"{graph} is half-loaded ({n} of {expected[graph]})"
    assert {g.strip("<>") for g in error.loaded} <= set(on_server)

    # a rerun completes it: same state as a clean load
    store.load(data, endpoint=ep, protocol=protocol, batch_size=200)
    assert graph_counts(ep) == expected and ep.count() == total
    store.export(ep, tmp_path / "after.trig")
    assert_same_dataset(canonical(data), tmp_path / "after.trig")


# ---------------------------------------------------------- faults from a tiny server


class _Handler(BaseHTTPRequestHandler):
    server: _TinyServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append((self.command, self.path, dict(self.headers)))
        time.sleep(self.server.delay)
        body = self.server.body
        self.send_response(self.server.status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if self.server.status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _TinyServer(ThreadingHTTPServer):
    daemon_threads = True
    status = 200
    delay = 0.0
    body = b""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, dict[str, str]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout test) is not an error here


@pytest.fixture
def tiny() -> Iterator[_TinyServer]:
    server = _TinyServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_401_says_authentication_failed_without_the_password(tiny: _TinyServer,
                                                             dataset_file: Path,
                                                             monkeypatch) -> None:
    tiny.status = 401
    monkeypatch.setenv("KG_PASSWORD", PASSWORD)
    ep = store.Endpoint.from_options(tiny.url, user="alice", retries=3)
    assert PASSWORD not in repr(ep) and PASSWORD not in str(ep)
    with pytest.raises(StoreError) as info:
        store.load(dataset_file, endpoint=ep)
    assert str(info.value) == f"authentication failed for {tiny.url}/store (HTTP 401)"
    assert len(tiny.seen) == 1  # no retry on 4xx
    sent = tiny.seen[0][2]["Authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == f"alice:{PASSWORD}"


def test_credentials_in_the_url_never_show(tiny: _TinyServer, dataset_file: Path) -> None:
    tiny.status = 403
    url = f"http://alice:{PASSWORD}@127.0.0.1:{tiny.server_address[1]}/"
    result = CliRunner().invoke(cli, ["load", str(dataset_file), "--endpoint", url])
    assert result.exit_code == 2
    assert PASSWORD not in result.output and "Traceback" not in result.output
    assert result.output.strip() == f"Error: authentication failed for {tiny.url}/store (HTTP 403)"
    assert base64.b64decode(tiny.seen[0][2]["Authorization"].split()[1]).decode() == \
        f"alice:{PASSWORD}"


def test_a_server_echoing_the_password_is_redacted(tiny: _TinyServer, dataset_file: Path,
                                                   monkeypatch) -> None:
    tiny.status = 400
    tiny.body = f"bad request from alice with password {PASSWORD}".encode()
    monkeypatch.setenv("KG_PASSWORD", PASSWORD)
    ep = store.Endpoint.from_options(tiny.url, user="alice")
    with pytest.raises(StoreError) as info:
        store.load(dataset_file, endpoint=ep)
    assert PASSWORD not in str(info.value) and "***" in str(info.value)
    assert "HTTP 400" in str(info.value)


def test_password_from_netrc(tiny: _TinyServer, dataset_file: Path, tmp_path: Path,
                             monkeypatch) -> None:
    tiny.status = 401
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login alice password {PASSWORD}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.delenv("KG_PASSWORD", raising=False)
    for user in ("alice", None):  # with --user, and without (requests reads .netrc)
        tiny.seen.clear()
        ep = store.Endpoint.from_options(tiny.url, user=user)
        with pytest.raises(StoreError, match="authentication failed"):
            store.load(dataset_file, endpoint=ep)
        assert base64.b64decode(tiny.seen[0][2]["Authorization"].split()[1]).decode() == \
            f"alice:{PASSWORD}"


def test_user_without_password_is_a_usage_error(tiny: _TinyServer, tmp_path: Path,
                                                monkeypatch) -> None:
    monkeypatch.delenv("KG_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    with pytest.raises(UsageError, match=r"no password for user bob: set \$KG_PASSWORD"):
        store.Endpoint.from_options(tiny.url, user="bob")


def test_500_is_retried_then_reported(tiny: _TinyServer, dataset_file: Path) -> None:
    tiny.status = 500
    tiny.body = b"internal trouble"
    ep = store.Endpoint.from_options(tiny.url, retries=2, backoff=0.01)
    with pytest.raises(store.PartialLoad) as info:
        store.load(dataset_file, endpoint=ep)
    assert len(tiny.seen) == 3
    assert str(info.value) == (
        f"loaded 0 of 3 graphs; failed at <{B}graph/entities>: POST {tiny.url}/store: "
        "HTTP 500 Internal Server Error: internal trouble (gave up after 3 attempts); "
        "rerun to complete")


def test_a_slow_server_times_out(tiny: _TinyServer, dataset_file: Path) -> None:
    tiny.delay = 1.0
    ep = store.Endpoint.from_options(tiny.url, retries=1, backoff=0.01, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(StoreError, match=r"no answer within 0.2 s \(gave up after 2 attempts\)"):
        store.load(dataset_file, endpoint=ep)
    assert time.monotonic() - started < 5


def test_unreachable_host_fails_after_bounded_retries(dataset_file: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    ep = store.Endpoint.from_options(url, retries=2, backoff=0.05)
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        store.load(dataset_file, endpoint=ep)
    assert time.monotonic() - started < 10
    assert re.search(r"cannot connect \(Connection refused\) \(gave up after 3 attempts\)",
                     str(info.value)), str(info.value)


def test_cli_error_path_is_one_line_exit_2(dataset_file: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(cli, ["load", str(dataset_file), "--endpoint", url,
                                      "--retries", "1", "--timeout", "2"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: loaded 0 of 3 graphs; failed at <")
    assert "rerun to complete" in result.output


def test_export_from_an_unreachable_server_writes_nothing(tmp_path: Path) -> None:
    ep = store.Endpoint.from_options(f"http://127.0.0.1:{_closed_port()}", retries=0)
    with pytest.raises(StoreError, match="cannot connect"):
        store.export(ep, tmp_path / "out.trig")
    assert list(tmp_path.iterdir()) == []
