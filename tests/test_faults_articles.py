"""Bad articles: each problem is reported with the file's name, the others are built.

The cases are files in ``tests/faults/articles/`` described by ``cases.yaml`` (what
ingest makes of each). Exit codes of ``kg build`` (docs/faults.md):

* unreadable articles (empty, binary, ...) are skipped with ``warning: skipped <path>:
  <reason>`` on stderr and listed in the summary; the build exits **0**;
* ``--strict`` turns that into exit **2** (``Error: --strict: N article(s) could not be
  read``) but the graph of the readable articles is still written;
* no readable article at all: exit 2, nothing written.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import ArticleError
from kg.ingest import read_article
from kg.pipeline import build
from tests.helpers import ROOT

CASES_DIR = ROOT / "tests" / "faults" / "articles"
CASES: dict[str, dict] = yaml.safe_load((CASES_DIR / "cases.yaml").read_text(encoding="utf-8"))
BASE = "https://w3id.org/newskg/id/"
OA = "http://www.w3.org/ns/oa#"
KG = "https://w3id.org/newskg/ontology#"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def evidence_spans(graph_file: Path) -> list[tuple[str, int, int, str]]:
    """(article id, start, end, exact) of every kg:Evidence in a built graph file."""
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(graph_file)))
    query = f"""SELECT ?source ?start ?end ?exact WHERE {{ GRAPH ?g {{
        ?e a <{KG}Evidence> ; <{OA}hasSource> ?source ; <{OA}start> ?start ;
           <{OA}end> ?end ; <{OA}exact> ?exact }} }}"""
    return [(s["source"].value.rsplit("/", 1)[1], int(s["start"].value), int(s["end"].value),
             s["exact"].value) for s in store.query(query)]


def article_graphs(graph_file: Path) -> set[str]:
    names = {q.graph_name for q in ox.parse(path=str(graph_file))}
    return {g.value.rsplit("/", 1)[1] for g in names
            if isinstance(g, ox.NamedNode) and "/graph/article/" in g.value}


def expected_stderr(folder: Path, names: list[str]) -> list[str]:
    """The warning lines ``kg build`` prints for these case files, in file order."""
    lines = []
    for name in sorted(names):
        case, path = CASES[name], str(folder / name)
        if case["outcome"] == "skipped":
            lines.append(f"warning: skipped {path}: {case['reason']}")
        else:
            lines += ["warning: " + w.format(path=path) for w in case["warnings"]]
    return lines


# ------------------------------------------------------------------ one file each


def test_every_case_file_is_described() -> None:
    files = sorted(p.name for p in CASES_DIR.glob("*.txt"))
    assert files == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    case, path = CASES[name], CASES_DIR / name
    if case["outcome"] == "skipped":
        with pytest.raises(ArticleError) as info:
            read_article(path)
        assert (info.value.path, info.value.reason) == (str(path), case["reason"])
        assert str(info.value) == f"{path}: {case['reason']}"
        return
    article = read_article(path)
    assert list(article.warnings) == [w.format(path=path) for w in case["warnings"]]
    assert article.text == case["text"]
    assert "\ufeff" not in article.text and "\ufeff" not in article.title
    if "title" in case:
        assert article.title == case["title"]
    assert article.published == case.get("published")
    assert article.id == path.stem


# ---------------------------------------------------------- the folder, built once


@pytest.fixture(scope="module")
def built_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cases") / "graph.trig"
    result = build([CASES_DIR], output=out, jobs=1, use_cache=False)
    assert result.report.conforms, result.report.issues
    return out


def test_folder_build_reports_each_problem_by_name_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    result = run("build", str(CASES_DIR), "-o", str(out), "--no-store", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == expected_stderr(CASES_DIR, list(CASES))
    skipped = sorted(n for n, c in CASES.items() if c["outcome"] == "skipped")
    built = sorted(n for n, c in CASES.items() if c["outcome"] == "built")
    summary = result.stdout.splitlines()
    assert summary[0].startswith(f"built {len(built)} article(s), skipped {len(skipped)} (")
    assert "  conforms to the shapes" in summary
    assert summary[-len(skipped):] == [
        f"  skipped {CASES_DIR / n}: {CASES[n]['reason']}" for n in skipped]
    assert article_graphs(out) == {Path(n).stem for n in built}
    assert "Traceback" not in result.output


def test_strict_exits_2_but_still_writes_the_readable_articles(tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    result = run("build", str(CASES_DIR), "-o", str(out), "--no-store", "-j", "1", "--strict")
    assert result.exit_code == 2, result.output
    skipped = [n for n, c in CASES.items() if c["outcome"] == "skipped"]
    assert result.stderr.splitlines() == expected_stderr(CASES_DIR, list(CASES)) + [
        f"Error: --strict: {len(skipped)} article(s) could not be read"]
    assert out.is_file() and len(article_graphs(out)) == len(CASES) - len(skipped)


def test_only_unreadable_articles_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("empty.txt", "png-renamed.txt"):
        (src / name).write_bytes((CASES_DIR / name).read_bytes())
    out = tmp_path / "build" / "graph.ttl"
    out.parent.mkdir()
    result = run("build", str(src), "-o", str(out), "--store", str(tmp_path / "build" / "store"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: no readable article among 2 file(s); first problem: {src / 'empty.txt'}: "
        "empty article (no text after front matter)")
    assert sorted(p.name for p in out.parent.iterdir()) == [f".{out.name}.lock"]


def test_every_evidence_span_is_exact_against_the_stored_body(built_cases: Path) -> None:
    bodies = {Path(n).stem: read_article(CASES_DIR / n).text
              for n, c in CASES.items() if c["outcome"] == "built"}
    spans = evidence_spans(built_cases)
    for article_id, start, end, exact in spans:
        assert bodies[article_id][start:end] == exact, (article_id, start, end)
    with_facts = {Path(n).stem for n, c in CASES.items() if c.get("facts")}
    assert {s[0] for s in spans} == with_facts


def test_crlf_offsets_count_the_carriage_returns(built_cases: Path) -> None:
    body = read_article(CASES_DIR / "crlf.txt").text
    spans = [s for s in evidence_spans(built_cases) if s[0] == "crlf"]
    late = [s for s in spans if s[1] > body.index("\r\n\r\nOn Tuesday")]
    assert late, "the court order sentence after three CRLF line breaks has evidence"
    for _, start, end, exact in spans:
        assert "\r" not in exact and "\n" not in exact
        assert body[start:end] == exact
        # what a reader who normalised line endings would get is different: offsets are ours
    assert body.replace("\r\n", "\n")[late[0][1]:late[0][2]] != late[0][3]


def test_html_evidence_has_no_markup_and_no_script_text(built_cases: Path) -> None:
    spans = [s for s in evidence_spans(built_cases) if s[0] == "html-page"]
    assert spans
    for _, _, _, exact in spans:
        assert "<" not in exact and "&amp;" not in exact and "Evil Corp" not in exact


def test_article_without_facts_is_built_with_its_metadata(built_cases: Path) -> None:
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(built_cases)))
    graph = ox.NamedNode(BASE + "graph/article/no-facts")
    article = ox.NamedNode(BASE + "article/no-facts")
    quads = list(store.quads_for_pattern(None, None, None, graph))
    assert {q.subject for q in quads} == {article}
    titles = [q.object.value for q in quads if q.predicate.value.endswith("/title")]
    assert titles == ["A quiet day"]


# ---------------------------------------------------------------- hostile details


def test_yaml_alias_bomb_in_front_matter_is_ignored_quickly(tmp_path: Path) -> None:
    """Nested YAML aliases expand to 9**9 items when printed: never turned into a title."""
    lines = ["---", "a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines += ["title: [" + ",".join(["*h"] * 9) + "]", "---", "Body text here.", ""]
    path = tmp_path / "bomb.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.monotonic()
    article = read_article(path)
    assert time.monotonic() - started < 5
    assert article.title == "Body text here."
    assert article.warnings == (f"{path}: 'title' in the front matter is not a single value; ignored",)


def test_unreadable_file_is_skipped_with_the_system_reason(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes((CASES_DIR / "utf8-bom.txt").read_bytes())
    locked = src / "locked.txt"
    locked.write_text("The Commerce Department added X Corp. to the Entity List.\n")
    locked.chmod(0)
    result = run("build", str(src), "-o", str(tmp_path / "g.ttl"), "--no-store", "-j", "1")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"warning: skipped {locked}: Permission denied"]


def _crash_on_boom(stage: str, monkeypatch, exc: Exception) -> None:  # noqa: ANN001
    """Make ``stage`` raise ``exc`` on any article whose text holds BOOM."""
    import kg.extract
    import kg.mapping

    def boom(text: str) -> None:
        if "BOOM" in text:
            raise exc

    real_graph, real_extract, real_many = (kg.mapping.article_graph, kg.extract.extract,
                                           kg.extract.extract_many)

    def article_graph(x, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        boom(x.article.text)
        return real_graph(x, *args, **kwargs)

    def extract(article, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        boom(article.text)
        return real_extract(article, *args, **kwargs)

    def extract_many(articles, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        articles = list(articles)
        for article in articles:
            boom(article.text)
        return real_many(articles, *args, **kwargs)

    if stage == "map":
        monkeypatch.setattr(kg.mapping, "article_graph", article_graph)
    else:
        monkeypatch.setattr(kg.extract, "extract", extract)
        monkeypatch.setattr(kg.extract, "extract_many", extract_many)


def _two_articles(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((CASES_DIR / "utf8-bom.txt").read_bytes())
    (src / "b.txt").write_text("BOOM. The market was quiet.\n", encoding="utf-8")
    return src


@pytest.mark.parametrize("stage", ["extract", "map"])
def test_a_crash_on_one_article_is_an_internal_error_not_bad_input(stage: str, tmp_path: Path,
                                                                    monkeypatch) -> None:
    """A bug (here an IndexError) in extraction or mapping on one article is not "bad
    input": the build goes on with the other articles, names the article, writes the
    traceback to a log beside the output and exits 3, and never says it was a clean build.
    Extraction runs a batch at once; the batch is retried article by article to name the
    culprit."""
    _crash_on_boom(stage, monkeypatch, IndexError(f"{stage} blew up\non two lines"))
    src = _two_articles(tmp_path)
    out = tmp_path / "g.trig"
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "1", "--no-cache")
    assert result.exit_code == 3, result.output
    log = tmp_path / "g.trig.errors.log"
    assert result.stderr.splitlines() == [
        f"error: internal error on {src / 'b.txt'}: IndexError: {stage} blew up on two lines "
        f"(traceback in {log})",
        "Error: internal error (a bug in newskg, not in the input) on 1 article(s); the others "
        f"were built. Tracebacks: {log}"]
    assert "skipped" not in result.stdout
    assert result.stdout.splitlines()[0] == "built 1 article(s) (1 extracted, 0 from cache)"
    assert f"  internal error on {src / 'b.txt'}: IndexError: {stage} blew up on two lines" in result.stdout
    assert article_graphs(out) == {"a"}
    text = log.read_text(encoding="utf-8")
    assert text.startswith(f"=== internal error on {src / 'b.txt'}\nTraceback (most recent call last):")
    assert "IndexError" in text and "boom" in text
    # not cached: once the bug is fixed, the article is built and the stale log goes away
    monkeypatch.undo()
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "1")
    assert result.exit_code == 0 and article_graphs(out) == {"a", "b"}
    assert not log.exists()


def test_a_crash_on_every_article_is_an_internal_error(tmp_path: Path, monkeypatch) -> None:
    _crash_on_boom("extract", monkeypatch, IndexError("list index out of range"))
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_text("BOOM. The market was quiet.\n", encoding="utf-8")
    result = run("build", str(src), "-o", str(tmp_path / "g.ttl"), "--no-store", "-j", "1")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1].startswith("Error: internal error on every article (1 of them;")
    assert (tmp_path / "g.ttl.errors.log").is_file() and not (tmp_path / "g.ttl").exists()


def test_an_input_the_library_refuses_on_purpose_is_skipped(tmp_path: Path, monkeypatch) -> None:
    """A stage that raises one of newskg's own input errors skips the article (exit 0)."""
    from kg.errors import InputError

    _crash_on_boom("extract", monkeypatch, InputError("too long to extract"))
    src = _two_articles(tmp_path)
    result = run("build", str(src), "-o", str(tmp_path / "g.ttl"), "--no-store", "-j", "1")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: skipped {src / 'b.txt'}: could not be processed (too long to extract)"]


def test_a_malformed_url_in_front_matter_does_not_stop_the_build(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes((CASES_DIR / "utf8-bom.txt").read_bytes())
    (src / "b.txt").write_text("---\nurl: http://example.org/%zz\n---\nThe market was quiet.\n",
                               encoding="utf-8")
    out = tmp_path / "g.trig"
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "a" in article_graphs(out)
    assert "Traceback" not in result.output
    assert all(str(src / "b.txt") in line for line in result.stderr.splitlines())


def test_a_malformed_url_is_ignored_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_text("---\nurl: http://example.org/%zz\n---\nThe market was quiet.\n",
                               encoding="utf-8")
    out = tmp_path / "g.nq"
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "1", "--no-cache")
    assert result.exit_code == 0
    assert result.stderr == (f"warning: {src / 'b.txt'}: 'url' 'http://example.org/%zz' "
                             "is not a valid URL; ignored\n")
    assert "schema.org/url" not in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------- big inputs

FACT = "The Commerce Department added {name} to the Entity List on Friday.\n\n"
NAMES = [f"{a} {b} Corp." for b in ("Robotics", "Semiconductor", "Optics", "Drones", "Telecom")
         for a in ("Kestrel", "Zentro", "Aldera", "Brivon", "Corvex", "Dunmore", "Elstar",
                   "Fenwick", "Galdor", "Helix")]


def test_10_mb_article_is_built_with_exact_offsets_in_its_last_chunks(tmp_path: Path) -> None:
    """10 MB in one article: split into ~100k-character chunks for spaCy (kg.extract.nlp.
    chunks), offsets mapped back exactly. The bytes are mostly an inline data blob (what
    scraped pages carry) in 4 kB words of letters: spaCy's time grows with tokens, and
    10 MB of prose takes many minutes on a loaded CI machine. A fact sentence opens every
    200 kB, so every part of the article has facts."""
    import hashlib

    from kg.extract.nlp import MAX_CHUNK, chunks

    letters = str.maketrans("0123456789", "ghijklmnop")
    parts = ["---\npublished: 2020-12-18\n---\n"]
    i = 0
    while sum(map(len, parts)) < 10 * 1024 * 1024:
        parts.append(FACT.format(name=NAMES[i % len(NAMES)]))
        word = (hashlib.sha256(str(i).encode()).hexdigest().translate(letters) * 64)[:4096]
        parts.append("Attachment " + " ".join([word] * 48) + "\n\n")
        i += 1
    path = tmp_path / "in" / "huge.txt"
    path.parent.mkdir()
    path.write_text("".join(parts), encoding="utf-8")
    assert path.stat().st_size >= 10 * 1024 * 1024
    body = read_article(path).text
    pieces = chunks(body)
    assert len(pieces) > 100 and all(len(p) <= MAX_CHUNK for _, p in pieces)
    assert "".join(p for _, p in pieces) == body

    out = tmp_path / "g.trig"
    started = time.monotonic()
    result = build([path.parent], output=out, jobs=1, use_cache=False)
    elapsed = time.monotonic() - started
    assert elapsed < 300, f"a 10 MB article took {elapsed:.0f} s"
    assert result.articles == 1 and result.report.conforms
    assert result.counts["sanctions"] == len(NAMES)
    spans = evidence_spans(out)
    assert len(spans) == i  # one per fact sentence (names repeat after 50)
    for _, start, end, exact in spans:
        assert body[start:end] == exact
        assert re.fullmatch(r"The Commerce Department added .+ to the Entity List on Friday\.", exact)
    last = max(start for _, start, _, _ in spans)
    chunk = max(k for k, (offset, _) in enumerate(pieces) if offset <= last)
    assert chunk >= len(pieces) - 3 and pieces[chunk][0] > 10_000_000


def _tiny(i: int) -> bytes:
    return f"Note {i}: the markets were quiet as traders waited.\n".encode()


#: Every 50th file is bad, in one of these ways (name suffix -> bytes, reason).
BAD = [
    ("empty", b"", "empty article (no text after front matter)"),
    ("blank", b" \r\n\t\n", "empty article (no text after front matter)"),
    ("png", (CASES_DIR / "png-renamed.txt").read_bytes(), "binary file, not text"),
    ("nul", b"Hello\x00world\n", "binary file, not text"),
    ("noise", bytes(range(1, 32)) * 40, "binary file, not text"),
]


@pytest.mark.slow
def test_a_thousand_files_some_unreadable(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    bad: dict[str, str] = {}
    for i in range(1000):
        if i % 50 == 7:
            suffix, data, reason = BAD[(i // 50) % len(BAD)]
            path = src / f"a{i:04d}-{suffix}.txt"
            path.write_bytes(data)
            bad[str(path)] = reason
        else:
            (src / f"a{i:04d}.txt").write_bytes(_tiny(i))
    out = tmp_path / "build" / "graph.nq"
    out.parent.mkdir()
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"warning: skipped {p}: {r}" for p, r in sorted(bad.items())]
    assert result.stdout.splitlines()[0] == "built 980 article(s), skipped 20 (980 extracted, 0 from cache)"
    assert len(article_graphs(out)) == 980
    # --strict: same warnings, exit 2; the readable articles come from the cache
    result = run("build", str(src), "-o", str(out), "--no-store", "-j", "2", "--strict")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --strict: 20 article(s) could not be read"
    assert result.stdout.splitlines()[0] == "built 980 article(s), skipped 20 (0 extracted, 980 from cache)"


def test_a_large_article_is_built_with_a_warning(tmp_path: Path) -> None:
    """Memory follows the text (a 1 MB article peaks near 0.7 GB, measured in the
    benchmarks); an article above --max-article-bytes is built, with a warning."""
    src = tmp_path / "in"
    src.mkdir()
    text = "Acme Robotics said its revenue rose. " * 100
    (src / "big.txt").write_text(text, encoding="utf-8")
    result = run("build", str(src), "-o", str(tmp_path / "g.ttl"), "--no-store", "-j", "1",
                 "--max-article-bytes", "1000")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {src / 'big.txt'} is {len(text):,} bytes, above --max-article-bytes 1,000: extraction "
        "needs about 0.7 GB of memory per MB of text"]
