"""The kg command in process: help, exit codes, one-line errors."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.helpers import ROOT, SEEDS


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, name
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_build_and_validate(tmp_path) -> None:
    out = tmp_path / "g.ttl"
    result = run("build", str(SEEDS), "-o", str(out), "--no-store", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output and out.exists()
    result = run("validate", str(out))
    assert result.exit_code == 0 and "conforms" in result.output


def test_missing_input_is_exit_2_without_traceback(tmp_path) -> None:
    result = run("build", str(tmp_path / "nope"), "-o", str(tmp_path / "g.ttl"), "--no-store")
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_unknown_format_is_exit_2(tmp_path) -> None:
    result = run("build", str(SEEDS), "-o", str(tmp_path / "g.xyz"), "--no-store")
    assert result.exit_code == 2 and "unknown graph format" in result.output


def test_validate_violation_is_exit_1(tmp_path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/newskg/ontology#> .\n"
        "<https://w3id.org/newskg/id/sanction/x/-> a kg:Sanction .\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_validate_unparsable_file_is_exit_2(tmp_path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 2 and result.output.startswith("Error:")


def test_build_with_violations_exits_1_and_writes_graph_and_report(tmp_path) -> None:
    """Shapes that every article breaks: the graph and the report are still written."""
    onto = tmp_path / "onto"
    shutil.copytree(ROOT / "ontology", onto)
    with (onto / "shapes.ttl").open("a", encoding="utf-8") as f:
        f.write("\n<https://w3id.org/newskg/shapes#MustHaveUrl> a <http://www.w3.org/ns/shacl#NodeShape> ;\n"
                "  <http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/newskg/ontology#Article> ;\n"
                "  <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> <https://schema.org/url> ;"
                " <http://www.w3.org/ns/shacl#minCount> 1 ] .\n")
    out, report = tmp_path / "g.ttl", tmp_path / "report.ttl"
    from kg import validate

    def clear() -> None:
        for obj in vars(validate).values():
            if callable(getattr(obj, "cache_clear", None)) and hasattr(obj, "cache_info"):
                obj.cache_clear()

    clear()
    try:
        result = run("build", str(SEEDS), "-o", str(out), "--no-store", "--no-cache", "-j", "1",
                     "--report", str(report), env={"KG_ONTOLOGY_DIR": str(onto)})
    finally:
        clear()
    assert result.exit_code == 1, result.output
    assert out.exists() and report.exists()
    assert "000_354504606f9a2e7a" in result.output and "001_2e0c20129b5899b6" in result.output


def test_debug_shows_traceback(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["--debug", "validate", str(tmp_path / "missing.ttl")])
    assert result.exit_code != 0 and result.exception is not None


@pytest.mark.parametrize("args", [["query"], ["load"], ["eval"]])
def test_usage_errors_are_exit_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_eval_on_seeds_is_perfect(tmp_path) -> None:
    gold = ROOT.parent / "shared" / "eval" / "gold"
    if not gold.is_dir():
        pytest.fail("../shared/eval/gold not beside the project (CI always has ../shared)")
    result = run("eval", str(gold), str(SEEDS), "--json")
    assert result.exit_code == 0
    import json

    scores = json.loads(result.output)
    assert scores["facts"]["f1"] == 1.0 and scores["types"]["companies"]["f1"] == 1.0
