"""Remote store faults through every command that talks to a server: ``kg load``,
``kg query --endpoint`` and ``kg export --endpoint``, each against an unreachable host, a
server answering 401 or 500, and one too slow to answer.

tests/test_store_server.py covers the loading library against a real Oxigraph server
(killed mid-load, then a rerun completes it) and these faults for ``store.load``; here
every command shows one line, exits 2, never prints the password (even when the server
echoes it back) and leaves no file behind.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

PASSWORD = "pa55-w0rd-XyZ"
TRIG = """\
<https://w3id.org/newskg/id/graph/article/a> {
  <https://w3id.org/newskg/id/article/a> <http://purl.org/dc/terms/title> "A" .
}
<https://w3id.org/newskg/id/graph/entities> {
  <https://w3id.org/newskg/id/org/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .
}
"""


class _Handler(BaseHTTPRequestHandler):
    server: FaultyServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.requests += 1
        time.sleep(self.server.delay)
        body = self.server.body
        try:
            self.send_response(self.server.status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            if self.server.status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeouts)

    do_GET = do_PUT = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class FaultyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, status: int, delay: float = 0.0, body: bytes = b"") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.status, self.delay, self.body = status, delay, body
        self.requests = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


#: fault -> (server status, delay, what the one line says about it)
FAULTS = {
    "unreachable": (None, 0.0, r"^Error: (loaded 0 of 2 graphs; failed at <[^>]+>: )?(POST|GET) {url}/\w+: "
                               r"cannot connect \(Connection refused\) \(gave up after \d attempts?\)"),
    "401": (401, 0.0, r"^Error: authentication failed for {url}/\w+ \(HTTP 401\)$"),
    "500": (500, 0.0, r"^Error: (loaded 0 of 2 graphs; failed at <[^>]+>: )?(POST|GET) {url}/\w+: "
                      r"HTTP 500 Internal Server Error: server trouble for alice with \*\*\*"
                      r"( \(gave up after \d attempts?\)|$)"),  # a query's 500 is not retried
    # kg query --timeout is a deadline for the whole query; kg load/export --timeout is per request
    "slow": (200, 3.0, r"^Error: ((loaded 0 of 2 graphs; failed at <[^>]+>: )?(POST|GET) {url}/\w+: no "
                       r"answer within 0\.5 s \(gave up after \d attempts?\)"
                       r"|query count did not finish within 0\.5 s \(--timeout\))"),
}


@pytest.fixture(params=sorted(FAULTS))
def fault(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    status, delay, _ = FAULTS[request.param]
    if status is None:
        yield request.param, closed_port_url()
        return
    server = FaultyServer(status, delay, f"server trouble for alice with {PASSWORD}".encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield request.param, server.url
    server.shutdown()
    server.server_close()


def command(name: str, url: str, tmp_path: Path, kind: str = "") -> list[str]:
    options = ["--endpoint", url, "--user", "alice"]
    if name != "query" or kind == "slow":
        options += ["--timeout", "0.5"]
    if name == "load":
        data = tmp_path / "graph.trig"
        data.write_text(TRIG, encoding="utf-8")
        return ["load", str(data), *options, "--retries", "1"]
    if name == "query":
        rq = tmp_path / "count.rq"
        rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n", encoding="utf-8")
        return ["query", str(rq), *options, "-f", "csv"]
    return ["export", *options, "-o", str(tmp_path / "out" / "dump.trig")]


@pytest.mark.parametrize("name", ["load", "query", "export"])
def test_remote_fault_is_one_line_exit_2_and_never_shows_the_password(
        name: str, fault: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kind, url = fault
    monkeypatch.setenv("KG_PASSWORD", PASSWORD)
    (tmp_path / "out").mkdir()
    started = time.monotonic()
    result = CliRunner().invoke(cli, command(name, url, tmp_path, kind), catch_exceptions=False)
    assert time.monotonic() - started < 20
    assert result.exit_code == 2, result.output
    assert PASSWORD not in result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    pattern = FAULTS[kind][2].replace("{url}", re.escape(url))
    assert re.search(pattern, lines[0] + "\n", re.M), lines[0]
    assert list((tmp_path / "out").iterdir()) == []  # export: no file, whole or partial


def test_credentials_in_an_endpoint_url_never_show(tmp_path: Path) -> None:
    server = FaultyServer(500, body=f"echo {PASSWORD}".encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://alice:{PASSWORD}@127.0.0.1:{server.server_address[1]}"
        for name in ("load", "query", "export"):
            args = command(name, url, tmp_path)
            args[args.index("--user"):args.index("--user") + 2] = []
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 2, (name, result.output)
            assert PASSWORD not in result.output, (name, result.output)
            assert f"127.0.0.1:{server.server_address[1]}" in result.stderr
    finally:
        server.shutdown()
        server.server_close()


def test_query_timeout_does_not_hide_a_refused_connection(tmp_path: Path) -> None:
    args = command("query", closed_port_url(), tmp_path, "slow")
    result = CliRunner().invoke(cli, args, catch_exceptions=False, env={"KG_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert "cannot connect (Connection refused)" in result.stderr
