"""Rough edges a new user hits (issue 16.4): a closed pipe, tables written to files, help
that says what to type, a read-only store folder, and the README's own examples."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.helpers import ROOT

KG = str(Path(sys.executable).with_name("kg"))
SEEDS_TRIG = ROOT / "tests" / "golden" / "seeds.trig"


@pytest.fixture
def big_query(tmp_path: Path) -> Path:
    """A stored query with 100,000 rows: far more than a pipe holds."""
    numbers = " ".join(str(i) for i in range(100))
    rq = tmp_path / "big.rq"
    rq.write_text(f"SELECT ?a ?b ?c WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} "
                  "VALUES ?c { 1 2 3 4 5 6 7 8 9 10 } }\n")
    return rq


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_reader_that_stops_early_ends_kg_quietly(big_query: Path, fmt: str) -> None:
    """``kg query ... | head -1``: no BrokenPipeError, no error line, exit 0."""
    script = (f"{shlex.quote(KG)} query {shlex.quote(str(big_query))} --data {SEEDS_TRIG} -f {fmt} "
              "| head -1; echo \"exit ${PIPESTATUS[0]}\" >&2")
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stderr == "exit 0\n", result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_a_table_written_to_a_file_is_not_cut(tmp_path: Path) -> None:
    out = tmp_path / "timeline.txt"
    with out.open("w") as handle:
        subprocess.run([KG, "query", "sanction-timeline", "-p", "company=xiaomi", "--data",
                        str(SEEDS_TRIG)], stdout=handle, check=True, timeout=120,
                       env={**os.environ, "COLUMNS": "80"})
    text = out.read_text()
    assert "…" not in text
    assert "Xiaomi is officially removed from the Pentagon’s blacklist" in text
    assert max(len(line) for line in text.splitlines()) > 80


@pytest.mark.parametrize(("args", "needles"), [
    (["--help"], ["Extract facts from articles (files or folders; default seeds/) into a graph.",
                  "Load a graph file into the embedded store or a SPARQL 1.1 server."]),
    (["query", "--help"], ["sanction-timeline", "in-force", "turtle: the triples of a CONSTRUCT",
                           "--wide", "--columns", "Stored queries"]),
    (["export", "--help"], ["Embedded store directory to dump", "User for HTTP Basic or Digest auth",
                            ".trig/.nq/.jsonld keep the named graphs"]),
    (["validate", "--help"], ["Exit 0: conforms; 1: violations; 2: the file is",
                              "missing, unreadable or not valid RDF"]),
    (["eval", "--help"], ["GOLD_DIR/../articles, then seeds/", '"sanctions" [{"target"',
                          "null means \"not said\", not scored"]),
])
def test_help_says_what_to_type(args: list[str], needles: list[str]) -> None:
    result = CliRunner().invoke(cli, args, terminal_width=100)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for needle in needles:
        assert " ".join(needle.split()) in flat, (needle, result.output)


def test_every_command_summary_is_whole() -> None:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    commands = result.output.split("Commands:", 1)[1]
    assert not re.search(r"\w\.\.\.$", commands, re.M), commands


def test_a_read_only_store_folder_says_so(tmp_path: Path) -> None:
    """The store's folder cannot be written: the message names the folder, not an errno.

    Run by a user without rights (root ignores permissions: the child drops to nobody)."""
    from kg import store
    from kg.errors import StoreError

    folder = tmp_path / "build"
    folder.mkdir()
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        message = "no error"
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            store.load(SEEDS_TRIG, store_dir=folder / "store")
        except StoreError as exc:
            message = f"StoreError: {exc}"
        except BaseException as exc:  # noqa: BLE001
            message = f"{type(exc).__name__}: {exc}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    folder.chmod(0o755)
    assert message == (f"StoreError: cannot write the store at {folder}/store: its folder {folder}/ "
                       "is read-only (Permission denied)")
    assert not (folder / "store").exists()


def test_the_readme_store_example_uses_a_file_make_run_writes() -> None:
    """README: ``kg load build/graph.trig ...`` after ``make run``: the Makefile writes it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    loaded = set(re.findall(r"kg load (build/\S+)", readme))
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    written = set(re.findall(r"-o (build/\S+)", recipe))
    assert loaded and loaded <= written, (loaded, written)
