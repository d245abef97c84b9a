"""Rough edges of ``kg build`` (issue 16): progress on a terminal only, an output folder
that does not exist, a store holding other articles, and one lock per output file."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import cli as cli_mod
from kg.cli import cli
from tests.helpers import ROOT

SEEDS = ROOT / "seeds"


def _build(*args: str) -> object:
    return CliRunner().invoke(cli, ["build", "-j", "1", "--no-answers", *args], catch_exceptions=False)


def test_a_build_whose_stderr_is_not_a_terminal_shows_no_progress(tmp_path: Path) -> None:
    result = _build(str(SEEDS), "-o", str(tmp_path / "g.ttl"), "--no-store")
    assert result.exit_code == 0, result.output
    assert "articles" not in result.stderr
    assert "built" in result.stdout or result.stdout.strip(), result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_counts_articles_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar the CLI wraps around ``progress``: count, total, rate and time left."""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli_mod._progress(True) as shown:
        shown["on_total"](2)
        shown["progress"](1)
        shown["progress"](1)
    err = terminal.getvalue()
    assert "articles" in err and "2/2" in err and "articles/s" in err


def test_no_progress_callbacks_when_hidden() -> None:
    with cli_mod._progress(False) as shown:
        assert shown == {}


def test_an_output_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "nonexistent" / "dir" / "g.ttl"
    result = _build(str(SEEDS), "-o", str(out), "--no-store")
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot write {out}: its folder {out.parent}/ does not exist\n"
    assert not (tmp_path / "nonexistent").exists()


def test_the_default_output_folder_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _build(str(SEEDS), "--no-store")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "graph.ttl").is_file()


def _one_article_dirs(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, seed in zip((first, second), sorted(SEEDS.iterdir()), strict=True):
        folder.mkdir()
        (folder / seed.name).write_bytes(seed.read_bytes())
    return first, second


def _stored_articles(store_dir: Path) -> int:
    from kg import store

    return len(store.article_graphs(store_dir))


def test_replacing_a_store_of_other_articles_warns(tmp_path: Path) -> None:
    first, second = _one_article_dirs(tmp_path)
    out, store_dir = tmp_path / "build" / "g.trig", tmp_path / "build" / "store"
    out.parent.mkdir()
    assert _build(str(first), "-o", str(out), "--store", str(store_dir)).exit_code == 0
    result = _build(str(second), "-o", str(out), "--store", str(store_dir))
    assert result.exit_code == 0, result.output
    assert (f"warning: replacing {store_dir}, which held 1 article(s) not in this build; "
            "use --add to keep them\n") in result.stderr
    assert _stored_articles(store_dir) == 1
    again = _build(str(second), "-o", str(out), "--store", str(store_dir))
    assert "warning: replacing" not in again.stderr  # the same articles: nothing lost


def test_add_keeps_the_articles_of_earlier_builds(tmp_path: Path) -> None:
    first, second = _one_article_dirs(tmp_path)
    out, store_dir = tmp_path / "build" / "g.trig", tmp_path / "build" / "store"
    out.parent.mkdir()
    assert _build(str(first), "-o", str(out), "--store", str(store_dir)).exit_code == 0
    result = _build(str(second), "-o", str(out), "--store", str(store_dir), "--add")
    assert result.exit_code == 0, result.output
    assert "warning: replacing" not in result.stderr
    assert _stored_articles(store_dir) == 2


def test_a_build_of_another_output_in_the_same_folder_is_not_blocked(tmp_path: Path) -> None:
    """The lock is per output file (``.<name>.lock``): a build writing a.ttl blocks a
    second build of a.ttl, not one of b.ttl beside it."""
    from filelock import FileLock

    folder = tmp_path / "build"
    folder.mkdir()
    with FileLock(str(folder / ".a.ttl.lock")):  # a build of a.ttl is running
        other = _build(str(SEEDS), "-o", str(folder / "b.ttl"), "--no-store")
        same = _build(str(SEEDS), "-o", str(folder / "a.ttl"), "--no-store")
    assert other.exit_code == 0, other.output
    assert (folder / "b.ttl").is_file()
    assert same.exit_code == 2
    assert same.stderr == (f"Error: another kg build is writing {folder / 'a.ttl'} "
                           f"(lock {folder / '.a.ttl.lock'}); try again when it ends\n")
    assert not (folder / "a.ttl").exists()


def test_one_new_output_folder_is_created(tmp_path: Path) -> None:
    out = tmp_path / "out" / "g.ttl"
    result = _build(str(SEEDS), "-o", str(out), "--no-store")
    assert result.exit_code == 0, result.output
    assert out.is_file()
