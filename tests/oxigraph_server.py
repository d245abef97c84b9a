"""Real Oxigraph servers for tests: ``oxigraph serve --location DIR --bind 127.0.0.1:PORT``.

The ``oxigraph`` executable comes from the PyPI package of the same name, installed by
the project's test extras (``pip install -e '.[test]'``) next to ``sys.executable``.
Tests are skipped, with that reason, only when it is not installed.

Fixtures:

* ``oxigraph_server``: a fresh server on an empty on-disk store, stopped after the test.
* ``oxigraph_factory``: ``oxigraph_factory(location=None)`` starts another one (e.g. a
  restart on the same ``--location`` after a kill); all are stopped after the test.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["OxigraphServer", "oxigraph_executable", "oxigraph_factory", "oxigraph_server",
           "start_oxigraph"]

START_TIMEOUT = 30.0


def oxigraph_executable() -> str | None:
    """The ``oxigraph`` binary beside the running Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class OxigraphServer:
    """One running ``oxigraph serve`` process."""

    location: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def _answers(url: str) -> bool:
    import requests

    try:
        requests.get(url + "/query", timeout=1, headers={"Accept": "application/n-triples"})
        return True
    except requests.RequestException:
        return False


def start_oxigraph(location: Path, *, timeout: float = START_TIMEOUT) -> OxigraphServer:
    """Start a server on ``location`` and wait (bounded) until it answers HTTP."""
    exe = oxigraph_executable()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]')")
    location.mkdir(parents=True, exist_ok=True)
    log = location.parent / f"{location.name}.log"
    last = ""
    for _attempt in range(3):  # the free port can be taken between probe and bind
        port = _free_port()
        with open(log, "ab") as out:
            process = subprocess.Popen(
                [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        server = OxigraphServer(location, port, process, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _answers(server.url):
                return server
            time.sleep(0.05)
        server.stop()
        last = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"oxigraph serve did not start on {location}:\n{last}")


@pytest.fixture
def oxigraph_factory(tmp_path: Path) -> Iterator[Callable[..., OxigraphServer]]:
    """Start servers on demand; ``location`` defaults to a new folder under tmp_path."""
    started: list[OxigraphServer] = []
    counter = iter(range(1_000_000))

    def start(location: Path | None = None) -> OxigraphServer:
        server = start_oxigraph(location or tmp_path / f"oxigraph-{next(counter)}")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def oxigraph_server(oxigraph_factory: Callable[..., OxigraphServer]) -> OxigraphServer:
    """A fresh Oxigraph server on an empty on-disk store."""
    return oxigraph_factory()
