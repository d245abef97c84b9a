"""Curation end to end through the CLI: each judgement kind changes the built graph,
survives a rebuild with a new extractor version, and a stale one is reported."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef

from kg import curation
from kg.cli import cli
from kg.vocab import DEFAULT_BASE, KG, RDF, XSD
from tests.helpers import ROOT

CORPUS = ROOT / "tests" / "resolution" / "articles"
B = DEFAULT_BASE


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.articles = root / "articles"
        shutil.copytree(CORPUS, self.articles)
        self.out = root / "build" / "graph.trig"
        self.store = root / "build" / "store"
        self.curation = root / "curation.ttl"

    def build(self, *extra: str):
        return run("build", str(self.articles), "-o", str(self.out), "--store", str(self.store),
                   "--curation", str(self.curation), "-j", "1", "--no-answers", *extra)

    def review(self, *args: str):
        return run("review", *args, "--store", str(self.store), "--curation", str(self.curation))

    def query(self, *args: str):
        return run("query", *args, "--store", str(self.store), "-f", "csv", "--no-cache")

    def graph(self) -> Dataset:
        ds = Dataset(default_union=True)
        ds.parse(self.out, format="trig")
        return ds


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    w = Workspace(tmp_path)
    result = w.build()
    assert result.exit_code == 0, result.output
    return w


SDN = URIRef(B + "sanction/norvik-shipping/sdn-list")
EMPLOYEES = URIRef(B + "metric/norvik-energy/employees/-/-/-")
ZENTARA = URIRef(B + "sanction/zentara-robotics/entity-list")


def test_norvik_and_zentara_resolved_in_a_real_build(ws: Workspace) -> None:
    g = ws.graph()
    assert (SDN, KG.target, URIRef(B + "org/norvik-shipping")) in g
    assert (URIRef(B + "metric/norvik-energy/revenue/2024-q1/-/-"), KG.company, URIRef(B + "org/norvik-energy")) in g
    # one Zentara node: both articles' sanction is one fact, and the injunction suspends it
    assert set(g.objects(ZENTARA, KG.target)) == {URIRef(B + "org/zentara-robotics")}
    assert not list(g.triples((URIRef(B + "org/zentara"), None, None)))
    status = ws.query("current-status", "-p", "company=Zentara")
    assert status.exit_code == 0 and "Suspended" in status.output and "designated" in status.output
    # descriptions are evidence, never names
    assert not [o for o in g.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
                if str(o).startswith("the ")]
    assert (URIRef(B + "org/norvik-shipping"), KG.describedAs, Literal("The company")) in g or any(
        g.triples((URIRef(B + "org/norvik-shipping"), KG.describedAs, None)))


def test_fact_judgements_apply_and_survive_a_new_extractor_version(ws: Workspace, monkeypatch) -> None:
    assert ws.review("reject", ":metric/norvik-energy/employees/-/-/-", "--reason", "the group's headcount",
                     "--by", "ann").exit_code == 0
    assert ws.review("correct", ":sanction/norvik-shipping/sdn-list", "startDate", "2024-02-19",
                     "--by", "bob").exit_code == 0
    assert ws.review("accept", str(ZENTARA)).exit_code == 0
    text = ws.curation.read_text()
    assert "prov:wasAttributedTo" in text and "prov:generatedAtTime" in text and "the group's headcount" in text

    for rebuild in ("cached", "new extractor"):
        if rebuild == "new extractor":
            monkeypatch.setattr("kg.extract.EXTRACTOR_VERSION", "99.0-test")
        result = ws.build()
        assert result.exit_code == 0, result.output
        assert ("4 extracted" in result.output) == (rebuild == "new extractor")
        assert "1 fact(s) rejected, 1 corrected, 1 accepted" in result.output
        g = ws.graph()
        # rejected: out of the article graphs, kept with its reason in the curation graph
        assert not list(g.triples((EMPLOYEES, None, None)))
        cg = g.graph(URIRef(curation.graph_iri(B)))
        (rejection,) = cg.subjects(KG.judgedFact, EMPLOYEES)
        assert (rejection, RDF.type, KG.Rejection) in cg and cg.value(rejection, KG.reason) is not None
        # corrected: the analyst's value, the evidence kept, and the fact says so
        assert set(g.objects(SDN, KG.startDate)) == {Literal("2024-02-19", datatype=XSD.date)}
        assert list(g.objects(SDN, KG.evidence)) and list(g.objects(SDN, KG.correctedBy))
        # accepted: marked reviewed
        assert list(g.objects(ZENTARA, KG.acceptedBy))
        sanctions = ws.query("sanctions")
        assert "2024-02-19" in sanctions.output and "2024-02-20," not in sanctions.output
        metrics = ws.query("metrics", "-p", "company=Norvik Energy ASA")
        assert "Revenue" in metrics.output and "Employees" not in metrics.output
        assert run("validate", str(ws.out)).exit_code == 0


def test_require_reviewed_names_the_unreviewed_facts(ws: Workspace) -> None:
    result = ws.build("--require-reviewed")
    assert result.exit_code == 1
    assert str(ZENTARA) in result.output and "nobody has reviewed" in result.output
    listing = ws.review("list", "--pending")
    facts = [line.split()[2] for line in listing.output.splitlines() if line.startswith("pending")]
    assert len(facts) >= 5
    for fact in facts:
        assert ws.review("accept", fact).exit_code == 0
    assert ws.build("--require-reviewed").exit_code == 0
    assert "no facts to review" in ws.review("list", "--pending").output


def test_same_and_different_override_resolution_and_survive_rebuilds(ws: Workspace) -> None:
    assert ws.review("different", "Zentara", "Zentara Robotics").exit_code == 0
    assert ws.review("same", ":org/norvik-shipping", "Norvik Energy").exit_code == 0
    for _ in range(2):
        result = ws.build("--no-cache")
        assert result.exit_code == 0, result.output
        g = ws.graph()
        targets = {o for s in g.subjects(RDF.type, KG.Sanction) for o in g.objects(s, KG.target)}
        assert {URIRef(B + "org/zentara"), URIRef(B + "org/zentara-robotics")} <= targets
        companies = {o for s in g.subjects(RDF.type, KG.Metric) for o in g.objects(s, KG.company)}
        shipper = {o for s in g.subjects(RDF.type, KG.Sanction) for o in g.objects(s, KG.target) if "norvik" in o}
        assert len(companies) == 1 and companies == shipper  # Norvik Energy's figures joined the shipper


def test_stale_judgements_are_reported_not_dropped(ws: Workspace) -> None:
    assert ws.review("reject", str(EMPLOYEES), "--reason", "wrong").exit_code == 0
    assert ws.review("different", "Norvik Energy", "Norvik Shipping").exit_code == 0
    article = ws.articles / "norvik-energy-results.txt"
    article.write_text(article.read_text().replace(" The utility employs 3,400 people.", ""))
    result = ws.build()
    assert result.exit_code == 0, result.output
    assert "1 stale" in result.output
    assert "stale judgement" in result.output and "metric/norvik-energy/employees" in result.output
    (ws.articles / "norvik-energy-results.txt").unlink()
    result = ws.build()
    assert "'Norvik Energy'" in result.output and "no entity by that name" in result.output
    assert "employees" in ws.curation.read_text() and "Norvik Energy" in ws.curation.read_text()


def test_review_list_shows_quotes_confidence_and_filters(ws: Workspace) -> None:
    out = ws.review("list", "--company", "Norvik Energy").output
    assert "metric/norvik-energy/revenue" in out and "sanction/" not in out
    assert "Norvik Energy ASA reported revenue of 2.1 billion euros" in " ".join(out.split())
    assert ws.review("reject", str(EMPLOYEES), "--reason", "group figure").exit_code == 0
    assert "rejected" in ws.review("list", "--company", "Norvik Energy").output
    assert "employees" not in ws.review("list", "--pending").output
    low = ws.review("list", "--below", "0.5").output
    assert all(float(line.split()[1]) < 0.5 for line in low.splitlines() if line.startswith("pending"))


@pytest.mark.parametrize(("args", "message"), [
    (("accept", ":sanction/norvik-shiping/sdn-list"), "did you mean :sanction/norvik-shipping/sdn-list"),
    (("correct", str(SDN), "value", "12"), "a sanction has no property value"),
    (("correct", str(SDN), "status", "Gone"), "not one of Active"),
    (("correct", str(SDN), "startDate", "20 Feb"), "not a date"),
    (("same", "Norvk Shipping", "Zentara"), "did you mean Norvik Shipping"),
    (("reject", str(SDN), "--reason", " "), "needs --reason"),
])
def test_bad_judgements_are_one_line_errors(ws: Workspace, args: tuple[str, ...], message: str) -> None:
    result = ws.review(*args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert not ws.curation.exists()


def test_unknown_company_parameter_suggests_near_names(ws: Workspace) -> None:
    result = ws.query("metrics", "-p", "company=Norvek Energy")
    assert result.exit_code == 2 and "did you mean Norvik Energy" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_broken_curation_file_stops_the_build_before_work(ws: Workspace) -> None:
    ws.curation.write_text("this is not turtle <<<")
    result = ws.build()
    assert result.exit_code == 2 and "not a Turtle curation file" in result.output


def _write_many(path: str, who: str, n: int) -> None:
    for i in range(n):
        j = curation.Judgement.new("accept", B, by=who, fact=f"{B}metric/x{who}/revenue/{i}/-/-")
        curation.record(path, j)


def test_two_writers_never_lose_a_judgement(tmp_path) -> None:
    path = str(tmp_path / "curation.ttl")
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_write_many, args=(path, who, 15)) for who in ("ann", "bob")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    assert len(curation.load(path).judgements) == 30
