"""The overhead of ``kg build --scheduler`` (Dask distributed) against ``--jobs N`` on one machine.

    python benchmarks/cluster.py --articles 1000 [--workers 2] [--json]

Starts a real Dask scheduler and ``--workers`` single-threaded workers on 127.0.0.1, then,
on the same synthetic corpus (benchmarks/generate.py), alternately runs

* ``kg build CORPUS -o local/g.trig --no-store --no-cache --jobs N`` (N = --workers), and
* ``kg build CORPUS -o dask/g.trig --no-store --no-cache --scheduler ADDRESS``,

each as its own process, timing the whole command (wall clock). The workers are started
fresh before the first distributed build, so it includes loading the model in each
worker, as the local build includes starting its pool; later distributed builds find the
model loaded (a long-lived cluster). The two outputs must be byte-identical. Results go
to ``benchmarks/results/cluster-<articles>.json`` with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _corpus(n: int, seed: int) -> Path:
    out = ROOT / "benchmarks" / "out" / f"cluster-corpus-n{n}-s{seed}"
    if not out.is_dir() or len(list(out.glob("*.txt"))) != n:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--articles", str(n),
                        "--seed", str(seed), "--out", str(out)], check=True)
    return out


def _timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    opts = ap.parse_args()
    corpus = _corpus(opts.articles, opts.seed)
    kg = str(BIN / "kg")
    with tempfile.TemporaryDirectory(prefix="kg-cluster-bench-") as tmp_name:
        tmp = Path(tmp_name)
        procs: list[subprocess.Popen[bytes]] = []
        try:
            info = tmp / "scheduler.json"
            procs.append(subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                           "--no-dashboard", "--scheduler-file", str(info)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            while not info.is_file() or not info.read_text().strip():
                time.sleep(0.2)
            address = json.loads(info.read_text())["address"]
            t0 = time.perf_counter()
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", str(opts.workers),
                                           "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                           "--local-directory", str(tmp / "w")],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            from distributed import Client

            with Client(address, set_as_default=False) as client:
                client.wait_for_workers(opts.workers, timeout=300)
            workers_start = time.perf_counter() - t0
            common = [kg, "build", str(corpus), "--no-store", "--no-cache", "-q"]
            local: list[float] = []
            dask: list[float] = []
            for _ in range(opts.rounds):
                dask.append(_timed([*common, "-o", str(tmp / "dask" / "g.trig"), "--scheduler", address]))
                local.append(_timed([*common, "-o", str(tmp / "local" / "g.trig"), "--jobs", str(opts.workers)]))
            identical = (tmp / "dask" / "g.trig").read_bytes() == (tmp / "local" / "g.trig").read_bytes()
            quads = sum(1 for line in (tmp / "local" / "g.trig").open("rb") if line.strip())
        finally:
            for proc in reversed(procs):
                proc.terminate()
                proc.wait(timeout=60)
    result = {
        "articles": opts.articles, "workers": opts.workers, "rounds": opts.rounds,
        "local_jobs_seconds": [round(x, 1) for x in local], "dask_seconds": [round(x, 1) for x in dask],
        "dask_workers_start_seconds": round(workers_start, 1),
        # each round's two builds ran back to back, under the same load from other processes
        "overhead_per_round": [round(d / x - 1, 3) for d, x in zip(dask, local)],
        "byte_identical": identical, "trig_lines": quads,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                 text=True).stdout.strip(),
    }
    print(json.dumps(result, indent=2))
    if opts.json:
        out = ROOT / "benchmarks" / "results" / f"cluster-{opts.articles}.json"
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not identical:
        sys.exit("the distributed build's output differs from the local one")


if __name__ == "__main__":
    main()
