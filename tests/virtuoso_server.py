"""A real Virtuoso for tests: Debian's ``virtuoso-opensource`` 7 (``virtuoso-t``) on a
throwaway database in a temporary folder, bound to free ports on 127.0.0.1.

``make install-test`` installs the package when it may (root with apt-get, as in CI).
Tests are skipped, with that reason, only where it is not installed and cannot be; under
``CI=true`` its absence fails them instead.

One server serves the whole session (it takes a few seconds to create its database):

* ``virtuoso_session``: the server, started once. Anonymous requests may read and write
  (``GRANT SPARQL_UPDATE TO "SPARQL"``, like an Oxigraph server without a proxy), and the
  user :data:`VIRTUOSO_USER` (password :data:`VIRTUOSO_PASSWORD`) may write through the
  Digest-authenticated ``/sparql-auth`` and ``/sparql-graph-crud-auth``.
* ``virtuoso``: the same server, emptied of every graph but Virtuoso's own before the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.oxigraph_server import _free_port  # one way to pick a free port

__all__ = ["VIRTUOSO_PASSWORD", "VIRTUOSO_USER", "VirtuosoServer", "start_virtuoso", "virtuoso",
           "virtuoso_session"]

START_TIMEOUT = 90.0
VIRTUOSO_USER = "kgtest"
VIRTUOSO_PASSWORD = "Digest-s3cret"

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxClientConnections = 8
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/www
ServerThreads = 8
MaxClientConnections = 8
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""

_SETUP = (f"GRANT SPARQL_UPDATE TO \"SPARQL\"; "
          f"DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); "
          f"GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\";")


def virtuoso_executables() -> tuple[str, str] | None:
    """``virtuoso-t`` and its ``isql`` (Debian: ``isql-vt``), if installed."""
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql-v")
    return (server, isql) if server and isql else None


@dataclass
class VirtuosoServer:
    """One running ``virtuoso-t +foreground`` process."""

    folder: Path
    port: int  # HTTP
    sql_port: int
    process: subprocess.Popen[bytes]
    isql: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "virtuoso.log"

    def sql(self, statements: str) -> str:
        """Run SQL through isql as dba (a throwaway database: the default password)."""
        done = subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba",
                               f"exec={statements}"], capture_output=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        out = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql failed: {out[-2000:]}")
        return out

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _answers(url: str) -> bool:
    import requests

    try:
        return requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2).ok
    except requests.RequestException:
        return False


def start_virtuoso(folder: Path, *, timeout: float = START_TIMEOUT) -> VirtuosoServer:
    """Create a database in ``folder``, start Virtuoso on it and wait (bounded) until it
    answers SPARQL; then open it for writing (see the module docstring)."""
    found = virtuoso_executables()
    if found is None:
        message = ("Virtuoso is not installed (apt-get install virtuoso-opensource; "
                   "`make install-test` does it as root)")
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: its absence is a failure there
        pytest.skip(message)
    exe, isql = found
    last = ""
    for _attempt in range(3):  # a free port can be taken between probe and bind
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "www").mkdir(parents=True)
        http, sql = _free_port(), _free_port()
        (folder / "virtuoso.ini").write_text(_INI.format(d=folder, sql=sql, http=http))
        with open(folder / "stdout.log", "ab") as out:
            process = subprocess.Popen([exe, "+foreground", "+configfile", "virtuoso.ini"],
                                       cwd=folder, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL)
        server = VirtuosoServer(folder, http, sql, process, isql)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(server.url):
                server.sql(_SETUP)
                return server
            time.sleep(0.2)
        server.stop()
        last = server.log.read_text(errors="replace")[-2000:] if server.log.exists() else ""
    raise RuntimeError(f"virtuoso-t did not start in {folder}:\n{last}")


@pytest.fixture(scope="session")
def virtuoso_session() -> Iterator[VirtuosoServer]:
    """One Virtuoso for the whole session, on a throwaway database."""
    with tempfile.TemporaryDirectory(prefix="kg-virtuoso-") as tmp:
        server = start_virtuoso(Path(tmp) / "db")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def virtuoso(virtuoso_session: VirtuosoServer) -> VirtuosoServer:
    """The session's Virtuoso with no graph but its own."""
    from kg.store import Endpoint

    endpoint = Endpoint.from_options(virtuoso_session.url, server="virtuoso", retries=0)
    try:
        graphs = endpoint.named_graphs()
        if graphs:
            endpoint.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        assert endpoint.named_graphs() == []
    finally:
        endpoint.close()
    return virtuoso_session
