"""``kg build --scheduler``: a real Dask scheduler and two real workers on 127.0.0.1,
started by the fixture below, give the local build's output byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import cluster
from kg.cli import cli
from kg.errors import UsageError
from kg.pipeline import build

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402 (installed with distributed)

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")
ARTICLES = 16  # two batches: one for each worker


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    procs: list[subprocess.Popen[bytes]] = []
    logs = []

    def start(name: str, *args: str) -> None:
        log = (tmp / f"{name}.log").open("wb")
        logs.append(log)
        procs.append(subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT,
                                      cwd=tmp, stdin=subprocess.DEVNULL))

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", str(info))
        deadline = time.monotonic() + 60
        while not info.is_file() or not info.read_text().strip():
            assert procs[0].poll() is None, (tmp / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for i in (1, 2):
            start(f"worker{i}", "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                  "--host", "127.0.0.1", "--local-directory", str(tmp / f"w{i}"))
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for log in logs:
            log.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted((ROOT / "tests" / "devset" / "articles").glob("*.txt"))[:ARTICLES]:
        shutil.copy(path, folder / path.name)
    assert len(list(folder.iterdir())) == ARTICLES
    return folder


def test_distributed_build_is_byte_identical_to_a_local_build(scheduler: str, corpus: Path,
                                                             tmp_path: Path) -> None:
    local = build([corpus], output=tmp_path / "local" / "g.trig", jobs=1, answer_ahead=False,
                  report_path=tmp_path / "local" / "report.ttl")
    args = ["build", str(corpus), "-o", str(tmp_path / "dask" / "g.trig"), "--no-store",
            "--report", str(tmp_path / "dask" / "report.ttl"), "--scheduler", scheduler]
    run = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert run.exit_code == (0 if local.report.conforms else 1), run.output
    assert f"({ARTICLES} extracted, 0 from cache)" in run.output
    for name in ("g.trig", "report.ttl"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name

    # both workers did part of the work (each loaded the model for its batch)
    with distributed.Client(scheduler, set_as_default=False) as client:
        loaded = client.run(lambda: "nlp" in __import__("kg.pipeline").pipeline._WORKER)
    assert sorted(loaded.values()) == [True, True]

    # the same per-article cache: a second build sends nothing to the cluster
    again = build([corpus], output=tmp_path / "dask" / "g.trig", answer_ahead=False, scheduler=scheduler)
    assert (again.extracted, again.articles) == (0, ARTICLES)
    assert (tmp_path / "dask" / "g.trig").read_bytes() == (tmp_path / "local" / "g.trig").read_bytes()


def test_a_worker_with_other_code_is_refused(scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with distributed.Client(scheduler, set_as_default=False) as client:
        assert cluster.check_workers(client, None) == 2
        real = cluster.fingerprint
        monkeypatch.setattr(cluster, "fingerprint", lambda model: ("0.0", *real(model)[1:]))
        with pytest.raises(UsageError, match=r"Dask worker tcp://127\.0\.0\.1:\d+ runs another newskg.*"
                                             r"extractor version: '0\.0' here"):
            cluster.check_workers(client, None)


def test_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        run = CliRunner().invoke(cli, ["build", str(ROOT / "seeds"), "-o", str(tmp_path / "g.ttl"),
                                       "--no-store", "--scheduler", "tcp://127.0.0.1:9"])
    assert run.exit_code == 2
    assert run.output.strip().splitlines() == [
        "Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (Timed out trying to connect to "
        "tcp://127.0.0.1:9 after 1 s)"]
    assert not (tmp_path / "g.ttl").exists()
