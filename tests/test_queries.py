"""Stored queries: golden rows on the seed graph, safe parameters, errors, back ends.

Golden files: ``tests/golden/queries/<case>.csv`` (SPARQL CSV results), checked by hand
against ``../shared/eval/gold/*.json``. Regenerate them only on purpose:
``KG_UPDATE_GOLDEN=1 pytest tests/test_queries.py`` (then read the diff).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import queries
from kg.cli import cli
from kg.errors import KgError, QueryError, UsageError
from tests.helpers import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden" / "queries"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
BASE = "https://w3id.org/newskg/id/"

#: (case id = golden file name, stored query, parameters). Every stored query has one.
CASES = [
    ("article", "article", {"article": "article/000_354504606f9a2e7a"}),
    ("article-facts", "article-facts", {"article": ":article/000_354504606f9a2e7a"}),
    ("articles", "articles", {}),
    ("companies", "companies", {}),
    ("company", "company", {"company": "xiaomi"}),
    ("company-articles", "company-articles", {"company": "xiaomi"}),
    ("company-search", "company-search", {}),
    ("company-search--alias", "company-search", {"text": "CHINESE FIRM"}),
    ("company-search--wikidata", "company-search", {"text": "wd:Q160120"}),
    ("company-timeline", "company-timeline", {"company": "xiaomi"}),
    ("conflicts", "conflicts", {}),
    ("court-orders", "court-orders", {}),
    ("current-status", "current-status", {}),
    ("entities", "entities", {}),
    ("entities--text-court", "entities", {"text": "COURT"}),
    ("in-force", "in-force", {"date": "2021-04-01"}),
    ("in-force--2021-02-01", "in-force", {"date": "2021-02-01"}),
    ("in-force--2021-03-15", "in-force", {"date": "2021-03-15"}),
    ("in-force--2021-06-01", "in-force", {"date": "2021-06-01"}),
    ("metrics", "metrics", {"company": "xiaomi"}),
    ("metrics--period-2021-q1", "metrics", {"company": ":org/xiaomi", "period": "2021-q1"}),
    ("metrics--period-2020", "metrics", {"company": "xiaomi", "period": "2020"}),
    ("provenance", "provenance",
     {"fact": "order/xiaomi-chinese-communist-military-companies/preliminaryinjunction"}),
    ("sanction-timeline", "sanction-timeline", {"company": "xiaomi"}),
    ("sanction-timeline--huawei", "sanction-timeline", {"company": BASE + "org/huawei"}),
    ("review-queue", "review-queue", {}),
    ("review-queue--huawei", "review-queue", {"company": "huawei"}),
    ("sanctions", "sanctions", {}),
]


# ------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def seed_trig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("queries") / "graph.trig"
    result = build([SEEDS], output=out, store_dir=None, jobs=1, use_cache=False)
    assert result.report.conforms
    return out


@pytest.fixture(scope="session")
def seed_ttl(seed_trig: Path) -> Path:
    from kg.store import export, load

    out = seed_trig.with_suffix(".ttl")
    store_dir = seed_trig.parent / "ttl-store"
    load(seed_trig, store_dir=store_dir)
    export(store_dir, out)
    return out


@pytest.fixture(scope="session")
def seed_store(seed_trig: Path) -> Path:
    from kg import store

    store_dir = seed_trig.parent / "store"
    store.load(seed_trig, store_dir=store_dir)
    return store_dir


def run(name: str, params: dict[str, str] | None = None, fmt: str = "csv", **backend) -> str:
    return "".join(queries.run_query(name, params=params or {}, fmt=fmt, **backend))


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# ------------------------------------------------------------------- golden rows


def test_every_stored_query_has_a_golden_case() -> None:
    names = {q.name for q in queries.list_queries()}
    assert names == {query for _case, query, _params in CASES}
    assert len(names) >= 9


@pytest.mark.parametrize(("case", "name", "params"), CASES, ids=[c[0] for c in CASES])
def test_stored_query_rows_match_golden(case: str, name: str, params: dict[str, str],
                                        seed_trig: Path) -> None:
    got = rows(run(name, params, data=seed_trig))
    golden = GOLDEN / f"{case}.csv"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        with open(golden, "w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(got)
    assert golden.is_file(), f"no golden file {golden}: run with KG_UPDATE_GOLDEN=1 once"
    with open(golden, encoding="utf-8", newline="") as f:
        expected = list(csv.reader(f))
    assert got == expected


def test_golden_facts_agree_with_the_gold_annotations(seed_trig: Path) -> None:
    """The hand-checked essentials, spelled out (see ../shared/eval/gold/*.json)."""
    status = {r[0]: r[2] for r in rows(run("current-status", data=seed_trig))[1:]}
    assert status == {"Huawei": "Active", "Xiaomi": "Lifted"}
    per_article = {(r[1], r[7].rsplit("/", 1)[1]): r[6]
                   for r in rows(run("sanctions", data=seed_trig))[1:]}
    assert per_article[("Xiaomi", "000_354504606f9a2e7a")] == "Lifted"
    assert per_article[("Xiaomi", "001_2e0c20129b5899b6")] == "Suspended"
    assert per_article[("Huawei", "001_2e0c20129b5899b6")] == "Active"
    orders = {(r[1], r[2]) for r in rows(run("court-orders", data=seed_trig))[1:]}
    assert orders == {("PreliminaryInjunction", "2021-03-15"), ("PreliminaryInjunction", "2021-03"),
                      ("FinalOrder", "2021-05")}
    values = {(r[0], r[1], r[4]) for r in rows(run("metrics", {"company": "xiaomi"},
                                                   data=seed_trig))[1:]}
    assert values == {("Revenue", "9800000000", ""), ("Revenue", "54.7", ""),
                      ("Shipments", "49400000", "smartphones"),
                      ("Revenue", "69.8", "smartphones"),
                      ("Shipments", "4000000", "high-end devices"),
                      ("MarketShare", "16.1", "premium smartphones")}
    # 2021-03 (one article) and 2021-03-15 (the other) are one date at two precisions
    assert rows(run("conflicts", data=seed_trig))[1:] == []


CONFLICTING = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix g: <https://w3id.org/newskg/id/graph/article/> .
@prefix art: <https://w3id.org/newskg/id/article/> .
@prefix org: <https://w3id.org/newskg/id/org/> .
@prefix s: <https://w3id.org/newskg/id/sanction/x/> .
@prefix o: <https://w3id.org/newskg/id/order/x/> .
@prefix m: <https://w3id.org/newskg/id/metric/x/> .
g:a1 {
  art:a1 a kg:Article ; dcterms:date "2021-03"^^xsd:gYearMonth .
  s:l a kg:Sanction ; kg:target org:x ; kg:startDate "2021-01-15"^^xsd:date ;
      kg:status kg:Active ; prov:wasDerivedFrom art:a1 .
  o:pi a kg:CourtOrder ; kg:orderType kg:PreliminaryInjunction ; kg:concerns s:l ;
      kg:date "2021-03-12"^^xsd:date ; kg:inFavorOf org:x ; prov:wasDerivedFrom art:a1 .
  m:rev a kg:Metric ; kg:company org:x ; kg:value 9.8 ; prov:wasDerivedFrom art:a1 .
}
g:a2 {
  art:a2 a kg:Article ; dcterms:date "2021-04"^^xsd:gYearMonth .
  s:l a kg:Sanction ; kg:target org:x ; kg:startDate "2021-01"^^xsd:gYearMonth ;
      kg:status kg:Suspended ; prov:wasDerivedFrom art:a2 .
  o:pi a kg:CourtOrder ; kg:orderType kg:PreliminaryInjunction ; kg:concerns s:l ;
      kg:date "2021-03-15"^^xsd:date ; prov:wasDerivedFrom art:a2 .
  o:final a kg:CourtOrder ; kg:orderType kg:FinalOrder ; kg:concerns s:l ;
      kg:date "2021-06"^^xsd:gYearMonth ; kg:inFavorOf org:gov ; prov:wasDerivedFrom art:a2 .
  m:rev a kg:Metric ; kg:company org:x ; kg:value 9.80 ; prov:wasDerivedFrom art:a2 .
}
g:a3 {
  art:a3 a kg:Article ; dcterms:date "2021-05"^^xsd:gYearMonth .
  m:rev a kg:Metric ; kg:company org:x ; kg:value 10.1 ; prov:wasDerivedFrom art:a3 .
}
<https://w3id.org/newskg/id/graph/entities> { org:x rdfs:label "X" . }
"""


def test_conflicts_finds_disagreements_but_not_precision(tmp_path: Path) -> None:
    data = tmp_path / "conflicts.trig"
    data.write_text(CONFLICTING, encoding="utf-8")
    got = [tuple(r) for r in rows(run("conflicts", data=data))[1:]]
    pi, rev = BASE + "order/x/pi", BASE + "metric/x/rev"
    a = {n: BASE + f"article/{n}" for n in ("a1", "a2", "a3")}
    assert got == [
        (rev, "value", "9.8", a["a1"], "10.1", a["a3"]),
        (rev, "value", "9.8", a["a2"], "10.1", a["a3"]),  # 9.80 = 9.8: no conflict a1/a2
        (pi, "date", "2021-03-12", a["a1"], "2021-03-15", a["a2"]),
    ]  # startDate 2021-01-15 vs 2021-01: compatible


def test_current_status_a_final_order_against_the_target_keeps_it_active(tmp_path: Path) -> None:
    data = tmp_path / "status.trig"
    data.write_text(CONFLICTING, encoding="utf-8")
    (row,) = rows(run("current-status", data=data))[1:]
    assert row[2:6] == ["Active", "court order: FinalOrder", BASE + "order/x/final", "2021-06"]
    assert row[6] == "Suspended"  # the latest article says so; the final order decides


def test_in_force_uses_the_most_precise_date(tmp_path: Path) -> None:
    data = tmp_path / "force.trig"
    data.write_text(CONFLICTING, encoding="utf-8")

    def state(day: str) -> list[str]:
        return [r[3] for r in rows(run("in-force", {"date": day}, data=data))[1:]]

    assert state("2021-01-10") == []  # 2021-01 alone would say started; 2021-01-15 decides
    assert state("2021-01-15") == ["Active"]
    assert state("2021-03-11") == ["Active"]
    assert state("2021-03-13") == ["Suspended"]  # one article dates the injunction 2021-03-12
    assert state("2021-07-01") == ["Active"]  # the final order went against the target


@pytest.mark.parametrize("day", ["2021-02-01", "2021-03-15", "2021-06-01", "2030-01-01"])
def test_in_force_for_one_company_is_its_rows_of_the_whole_list(day: str, seed_trig: Path) -> None:
    everyone = rows(run("in-force", {"date": day}, data=seed_trig))
    xiaomi = rows(run("in-force", {"date": day, "company": "xiaomi"}, data=seed_trig))
    assert xiaomi[0] == everyone[0]
    assert xiaomi[1:] == [r for r in everyone[1:] if r[1].startswith(BASE + "sanction/xiaomi/")]


def test_in_force_for_one_company_on_made_up_data(tmp_path: Path) -> None:
    data = tmp_path / "force.trig"
    data.write_text(CONFLICTING, encoding="utf-8")
    got = rows(run("in-force", {"date": "2021-03-13", "company": "x"}, data=data))[1:]
    assert [r[3] for r in got] == ["Suspended"]
    with pytest.raises(QueryError, match="^parameter company: no company named 'y'"):
        run("in-force", {"date": "2021-03-13", "company": "y"}, data=data)


def test_current_status_for_one_company_is_its_rows_of_the_whole_list(seed_trig: Path) -> None:
    everyone = rows(run("current-status", data=seed_trig))
    xiaomi = rows(run("current-status", {"company": "xiaomi"}, data=seed_trig))
    assert len(xiaomi) > 1
    assert xiaomi[1:] == [r for r in everyone[1:] if r[1].startswith(BASE + "sanction/xiaomi/")]


ORDER_WITHOUT_SANCTION = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix g: <https://w3id.org/newskg/id/graph/article/> .
@prefix art: <https://w3id.org/newskg/id/article/> .
@prefix org: <https://w3id.org/newskg/id/org/> .
g:a1 {
  <https://w3id.org/newskg/id/sanction/x/l> a kg:Sanction ; kg:target org:x ;
      prov:wasDerivedFrom art:a1 .
  <https://w3id.org/newskg/id/sanction/y/l> a kg:Sanction ; kg:target org:y ;
      prov:wasDerivedFrom art:a1 .
}
g:a2 {
  <https://w3id.org/newskg/id/order/x/ruling> a kg:CourtOrder ; kg:orderType kg:Ruling ;
      kg:date "2021-05-01"^^xsd:date ; prov:wasDerivedFrom art:a2 .
}
<https://w3id.org/newskg/id/graph/entities> { org:x rdfs:label "X" . org:y rdfs:label "Y" . }
"""


def test_court_order_without_a_sanction_has_no_target(tmp_path: Path) -> None:
    data = tmp_path / "orders.trig"
    data.write_text(ORDER_WITHOUT_SANCTION, encoding="utf-8")
    header, *body = rows(run("court-orders", data=data))
    assert len(body) == 1  # not one row per sanction of the store
    row = dict(zip(header, body[0]))
    assert (row["type"], row["target"], row["sanction"]) == ("Ruling", "", "")


def test_parameters_reach_sub_selects() -> None:
    text = ("SELECT ?s ?n WHERE { ?s ?p ?_x_iri "
            "{ SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?q ?_x_iri } GROUP BY ?s } "
            "{ SELECT ?s WHERE { ?s ?r ?o } } }")
    query = queries.StoredQuery.parse(text, name="demo")
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    bound = query.bound_text({"_x_iri": a})
    assert bound.count("VALUES (?_x_iri)") == 2  # the outer group and the sub-SELECT using it
    store = ox.Store()
    p = ox.NamedNode("https://example.org/p")
    store.add(ox.Quad(a, p, a))
    store.add(ox.Quad(a, p, b))
    store.add(ox.Quad(a, p, b))  # a set: still one triple
    store.add(ox.Quad(b, p, b))
    got = {(r["s"].value, int(r["n"].value)) for r in store.query(bound)}
    assert got == {(a.value, 1)}  # unbound inside, the sub-SELECT would count 2 for a


# ------------------------------------------------------------------- back ends


@pytest.mark.parametrize("name,params", [(n, p) for c, n, p in CASES if "--" not in c])
def test_store_gives_the_same_rows_as_the_file(name: str, params: dict[str, str],
                                                seed_trig: Path, seed_store: Path) -> None:
    assert run(name, params, store_dir=seed_store) == run(name, params, data=seed_trig)


def test_merged_turtle_is_queried_as_one_graph(seed_trig: Path, seed_ttl: Path) -> None:
    assert run("companies", data=seed_ttl) == run("companies", data=seed_trig)
    assert run("metrics", {"company": "xiaomi"}, data=seed_ttl) == \
        run("metrics", {"company": "xiaomi"}, data=seed_trig)


@pytest.mark.server
def test_endpoint_gives_the_same_rows_as_the_file(seed_trig: Path, oxigraph_server,
                                                  tmp_path: Path) -> None:
    from kg.store import Endpoint, load

    load(seed_trig, endpoint=Endpoint.from_options(oxigraph_server.url))
    for case, name, params in CASES:
        for fmt in ("csv", "table", "json"):
            remote = run(name, params, fmt=fmt, endpoint=oxigraph_server.url)
            assert remote == run(name, params, fmt=fmt, data=seed_trig), (case, fmt)
    construct = write_query(tmp_path, "courts", COURTS)
    ask = write_query(tmp_path, "any", ASK)
    for path, params, fmt in ((construct, {}, "turtle"), (ask, {"o": "xiaomi"}, "csv"),
                              (ask, {"o": "nobody"}, "json")):
        assert run(str(path), params, fmt=fmt, endpoint=oxigraph_server.url + "/query") == \
            run(str(path), params, fmt=fmt, data=seed_trig), path.name


def test_missing_store_says_how_to_make_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KgError, match=r"^no store at build/store: run `kg build` first$"):
        run("companies")


def test_two_back_ends_is_a_usage_error(seed_trig: Path) -> None:
    with pytest.raises(UsageError):
        run("companies", data=seed_trig, store_dir=Path("x"))


# ------------------------------------------------------------------- injection

HOSTILE = [
    'xiaomi"',
    "x' . ?s ?p ?o . '",
    '" } ; DROP ALL ; SELECT * { "',
    "} ; DROP ALL ; SELECT * {",
    "> <http://evil>",
    "<http://evil> } #",
    "# comment\n} UNION { ?s ?p ?o }",
    'line\nbreak"""',
    "\\u0022 } ",
    "2021-Q1\" || true || \"",
    "?__period",
]
UNMATCHED = "no-such-value-anywhere"


def _term_roundtrip(term: ox.Literal | ox.NamedNode) -> ox.Literal | ox.NamedNode:
    (solution,) = ox.Store().query(f"SELECT ?v WHERE {{ VALUES (?v) {{ ({term}) }} }}")
    return solution["v"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_parameters_are_one_literal(value: str, seed_trig: Path) -> None:
    """Plain-literal parameters: any text is one literal, matched as such."""
    query = queries.find_query("metrics")
    terms = query.bindings({"company": "xiaomi", "period": value})
    assert _term_roundtrip(terms["__period"]) == ox.Literal(value)
    text = query.bound_text(terms)
    values_line = next(line for line in text.splitlines() if line.strip().startswith("VALUES"))
    assert text.replace(values_line + "\n", "", 1).replace("{\n", "{", 1) == query.text
    for name, params in (("metrics", {"company": "xiaomi", "period": value}),
                         ("entities", {"text": value})):
        unmatched = {**params, ("period" if name == "metrics" else "text"): UNMATCHED}
        assert run(name, params, data=seed_trig) == run(name, unmatched, data=seed_trig)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_iri_parameters_are_rejected(value: str, seed_trig: Path) -> None:
    """A company is looked up among the graph's names and IRIs (kg.lookup): a hostile value
    names none, so it is a one-line error, never query text (an unknown company is an
    error, not 0 rows); or, read as a name, it names a company ('xiaomi"' is Xiaomi: the
    punctuation of a name is not part of it) whose IRI is what gets bound."""
    try:
        got = run("sanction-timeline", {"company": value}, data=seed_trig)
    except QueryError as exc:
        assert str(exc).startswith("parameter company: ")
        assert "\n" not in str(exc)
    else:
        assert got == run("sanction-timeline", {"company": "xiaomi"}, data=seed_trig)


@pytest.mark.parametrize("value", HOSTILE + ["2021-02-30", "2021-3-1", "20210301"])
def test_hostile_dates_are_rejected(value: str, seed_trig: Path) -> None:
    with pytest.raises(QueryError, match=r"^parameter date: expected a date like 2021-03-15"):
        run("in-force", {"date": value}, data=seed_trig)


def test_hostile_values_leave_the_store_unchanged(seed_store: Path) -> None:
    from kg.store import open_store

    def snapshot() -> list[str]:
        store = open_store(seed_store)
        return sorted(str(q) for q in store)

    before = snapshot()
    for value in HOSTILE:
        for name, params in (("metrics", {"company": "xiaomi", "period": value}),
                             ("entities", {"text": value})):
            run(name, params, store_dir=seed_store)
        with pytest.raises(QueryError):
            run("provenance", {"fact": value + " x"}, store_dir=seed_store)
    assert snapshot() == before
    assert len(before) > 300


def test_grlc_rewriting_gives_the_same_rows(seed_trig: Path) -> None:
    """grlc replaces each parameter variable by the value's term in the text; the
    stored queries are written so that this and our VALUES binding agree."""
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(seed_trig), format=ox.RdfFormat.TRIG))
    for case, name, params in CASES:
        query = queries.find_query(name)
        if not params:
            continue
        terms = query.bindings(params)
        grlc = query.text
        for variable, term in terms.items():
            grlc = re.sub(r"[?$]" + re.escape(variable) + r"\b", str(term).replace("\\", "\\\\"),
                          grlc)
        ours = query.bound_text(terms)
        expect = [tuple(map(str, s)) for s in store.query(ours, use_default_graph_as_union=True)]
        got = [tuple(map(str, s)) for s in store.query(grlc, use_default_graph_as_union=True)]
        assert got == expect, case


# --------------------------------------------------------------- parameters, header


def write_query(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_grlc_header_and_parameters(tmp_path: Path) -> None:
    path = write_query(tmp_path, "demo", """\
#+ summary: A demo
#+ description: |
#+   Two lines
#+   of description.
#+ tags:
#+   - one
#+   - two
#+ defaults:
#+   - limit: 3
#+ enumerate:
#+   - kind:
#+     - a
#+     - b
#+   - thing
PREFIX ex: <http://example.org/>
SELECT ?x WHERE {
  ?x ex:p ?_thing_iri ; ex:q ?__kind ; ex:n ?__limit_integer ; ex:d ?_day_xsd_date .
  FILTER(?x != "?_notaparam")  # ?_nor_this_one
}
""")
    q = queries.StoredQuery.from_file(path)
    assert (q.name, q.summary, q.tags, q.form) == ("demo", "A demo", ("one", "two"), "SELECT")
    assert q.description == "Two lines\nof description."
    got = [(p.name, p.variable, p.required, p.kind, p.default, p.enum) for p in q.parameters]
    assert got == [
        ("thing", "_thing_iri", True, "iri", None, ()),
        ("kind", "__kind", False, "literal", None, ("a", "b")),
        ("limit", "__limit_integer", False, "integer", "3", ()),
        ("day", "_day_xsd_date", True, "xsd_date", None, ()),
    ]
    terms = q.bindings({"thing": "wd:Q1", "day": "2021-03-15", "kind": "a"})
    assert terms == {
        "_thing_iri": ox.NamedNode("http://www.wikidata.org/entity/Q1"),
        "__kind": ox.Literal("a"),
        "__limit_integer": ox.Literal("3", datatype=ox.NamedNode(queries.XSD + "integer")),
        "_day_xsd_date": ox.Literal("2021-03-15", datatype=ox.NamedNode(queries.XSD + "date")),
    }
    with pytest.raises(QueryError, match=r"parameter kind: 'c' is not one of a, b"):
        q.bindings({"thing": "wd:Q1", "day": "2021-03-15", "kind": "c"})
    with pytest.raises(QueryError, match=r"parameter limit: expected an integer, got '3.5'"):
        q.bindings({"thing": "wd:Q1", "day": "2021-03-15", "limit": "3.5"})


@pytest.mark.parametrize("variable", ["?_company_name_iri", "?___x", "?_", "?_a_b"])
def test_parameter_names_have_no_inner_underscore(variable: str, tmp_path: Path) -> None:
    path = write_query(tmp_path, "bad", f"SELECT ?x WHERE {{ ?x ?p {variable} }}")
    with pytest.raises(QueryError, match=r"bad parameter"):
        queries.StoredQuery.from_file(path)


@pytest.mark.parametrize(("value", "iri"), [
    ("xiaomi", BASE + "org/xiaomi"),
    ("Xiaomi", BASE + "org/xiaomi"),
    ("us-department-of-defense", BASE + "org/us-department-of-defense"),
    (":org/xiaomi", BASE + "org/xiaomi"),
    ("org/xiaomi", BASE + "org/xiaomi"),
    ("sanction/huawei/-", BASE + "sanction/huawei/-"),
    ("kg:Lifted", "https://w3id.org/newskg/ontology#Lifted"),
    ("wd:Q1636958", "http://www.wikidata.org/entity/Q1636958"),
    (f"<{BASE}org/x>", BASE + "org/x"),
    ("https://example.org/a#b", "https://example.org/a#b"),
    ("urn:isbn:123", "urn:isbn:123"),
])
def test_iri_values(value: str, iri: str) -> None:
    assert queries.resolve_iri(value).value == iri


def test_integer_parameter_and_bind(tmp_path: Path, seed_trig: Path, monkeypatch) -> None:
    write_query(tmp_path, "plus", "SELECT ?n WHERE { BIND(?_n_integer + 1 AS ?n) }")
    monkeypatch.setenv(queries.QUERIES_ENV, str(tmp_path))
    assert rows(run("plus", {"n": "41"}, data=seed_trig)) == [["n"], ["42"]]
    with pytest.raises(QueryError, match="expected an integer"):
        run("plus", {"n": "4 1"}, data=seed_trig)


def test_unknown_parameter_suggests(seed_trig: Path) -> None:
    with pytest.raises(QueryError, match=r"has no parameter 'compny'; did you mean company\?"):
        run("metrics", {"compny": "xiaomi"}, data=seed_trig)


def test_missing_parameter_lists_them(seed_trig: Path) -> None:
    with pytest.raises(QueryError) as info:
        run("metrics", {"period": "2021"}, data=seed_trig)
    assert str(info.value) == ("query metrics needs parameter company; its parameters: "
                               "company (IRI, required), period (text, optional) "
                               "(give them with --param NAME=VALUE)")


def test_unknown_query_suggests(seed_trig: Path) -> None:
    with pytest.raises(QueryError, match=r"unknown query 'sanctons'; did you mean sanctions"):
        run("sanctons", data=seed_trig)


def test_malformed_query_gives_line_and_column(tmp_path: Path, seed_trig: Path) -> None:
    path = write_query(tmp_path, "bad", "#+ summary: x\nPREFIX kg: <https://w3id.org/newskg/ontology#>\n"
                                        "SELECT ?x WHERE {\n  ?x kg:p ?y .\n  ?y nope:bar ?z }\n")
    with pytest.raises(QueryError, match=r"bad.rq: SPARQL syntax error at line 5, column 14: "
                                         r"Prefix not found$"):
        run(str(path), data=seed_trig)


# --------------------------------------------------------------------- formats


def test_formats_agree(seed_trig: Path) -> None:
    params = {"company": "xiaomi"}
    as_csv = rows(run("sanction-timeline", params, data=seed_trig))
    as_json = json.loads(run("sanction-timeline", params, fmt="json", data=seed_trig))
    assert as_json["head"]["vars"] == as_csv[0]
    assert [[b.get(v, {}).get("value", "") for v in as_csv[0]]
            for b in as_json["results"]["bindings"]] == as_csv[1:]
    tsv = run("sanction-timeline", params, fmt="tsv", data=seed_trig)
    parsed = list(ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV))
    jsoned = list(ox.parse_query_results(json.dumps(as_json), ox.QueryResultsFormat.JSON))
    assert [[str(s[v]) for v in as_csv[0]] for s in parsed] == \
        [[str(s[v]) for v in as_csv[0]] for s in jsoned]


def test_table_shortens_iris_and_cuts_long_values(seed_trig: Path) -> None:
    table = run("sanction-timeline", {"company": "xiaomi"}, fmt="table", data=seed_trig, width=400)
    lines = table.splitlines()
    assert lines[0].split() == ["date", "event", "detail", "fact", "article", "quote"]
    assert ":article/000_354504606f9a2e7a" in table and BASE not in table
    assert "…" in table and max(len(line) for line in lines) <= 400
    assert lines[-1] == "(6 rows)"


def test_a_table_without_a_width_cuts_nothing(seed_trig: Path) -> None:
    """Output to a file or a pipe (and --wide): every cell whole, however long."""
    table = run("sanction-timeline", {"company": "xiaomi"}, fmt="table", data=seed_trig)
    assert "…" not in table
    assert "Xiaomi is officially removed from the Pentagon’s blacklist" in table
    quotes = [r[-1] for r in rows(run("sanction-timeline", {"company": "xiaomi"}, data=seed_trig))[1:]]
    assert all(q in table for q in quotes)


@pytest.mark.parametrize(("columns", "heading", "cells"), [
    # a number and the unit after it read as one value, as people write them
    ((), ["measure", "value", "change", "segment", "period", "article", "metric"],
     {"9.8 bn EUR", "16.1 %", "49.4 m", "54.7 %", "69.8 %"}),
    (("measure", "value", "unit"), ["measure", "value"], {"9.8 bn EUR", "16.1 %", "49.4 m"}),
    (("value",), ["value"], {"9.8 bn", "16.1", "49.4 m"}),
    (("unit", "measure"), ["unit", "measure"], {"EUR", "%"}),
])
def test_table_numbers_and_units_as_people_write_them(seed_trig: Path, columns: tuple[str, ...],
                                                      heading: list[str], cells: set[str]) -> None:
    table = run("metrics", {"company": "xiaomi"}, fmt="table", data=seed_trig, columns=columns)
    lines = table.splitlines()
    assert lines[0].split() == heading
    found = {c.strip() for line in lines[2:-1] for c in re.split(r"\s{2,}", line)}
    assert cells <= found, (cells - found, table)
    assert "9800000000" not in table
    # the machine formats keep the numbers and units as they are
    assert {"9800000000", "CCY_EUR"} <= {c for r in rows(run("metrics", {"company": "xiaomi"},
                                                            data=seed_trig)) for c in r}


def test_unknown_column_is_a_usage_error(seed_trig: Path) -> None:
    with pytest.raises(UsageError, match=r"--columns: no column nope \(the columns: measure, value"):
        run("metrics", {"company": "xiaomi"}, fmt="table", data=seed_trig, columns=["nope"])


@pytest.mark.parametrize(("lexical", "shown"), [
    ("9800000000", "9.8 bn"), ("49400000", "49.4 m"), ("16.1", "16.1"), ("14000", "14,000"),
    ("2500", "2500"), ("1234567890123", "1.23 tn"), ("-3200000", "-3.2 m"), ("0.85", "0.85"),
    ("12.50", "12.5"), ("not a number", "not a number"),
])
def test_human_numbers(lexical: str, shown: str) -> None:
    assert queries.human_number(lexical) == shown


COURTS = """\
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?c rdfs:label ?l } WHERE { GRAPH ?g { ?c a kg:Court ; rdfs:label ?l } }
ORDER BY ?c
"""
ASK = "ASK { GRAPH ?g { ?s ?p ?_o_iri } }"


def test_construct_gives_turtle_and_ask_a_boolean(tmp_path: Path, seed_trig: Path,
                                                  monkeypatch) -> None:
    write_query(tmp_path, "courts", COURTS)
    write_query(tmp_path, "any", ASK)
    monkeypatch.setenv(queries.QUERIES_ENV, str(tmp_path))
    turtle = run("courts", fmt="turtle", data=seed_trig)
    assert turtle.startswith("@prefix ")
    graph = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(graph) == 2
    assert run("courts", fmt="table", data=seed_trig) == turtle
    with pytest.raises(UsageError, match="--format csv does not fit a CONSTRUCT query"):
        run("courts", fmt="csv", data=seed_trig)
    assert run("any", {"o": "xiaomi"}, fmt="csv", data=seed_trig) == "true\n"
    assert json.loads(run("any", {"o": "nobody"}, fmt="json", data=seed_trig))["boolean"] is False


def test_large_results_stream(tmp_path: Path, seed_trig: Path, monkeypatch) -> None:
    """100k rows (5 MB of CSV, more as JSON) go through with Python memory well under."""
    numbers = " ".join(str(i) for i in range(100))
    write_query(tmp_path, "big", f"SELECT ?a ?b ?c ?pad WHERE {{ VALUES ?a {{ {numbers} }} "
                                 f"VALUES ?b {{ {numbers} }} VALUES ?c {{ 1 2 3 4 5 6 7 8 9 10 }} "
                                 'BIND("padding-padding-padding-padding-padding" AS ?pad) }')
    monkeypatch.setenv(queries.QUERIES_ENV, str(tmp_path))
    for fmt in ("csv", "json", "table"):
        # warm up first: modules imported on first use are not the rows' memory
        warm = iter(queries.run_query("big", params={}, data=seed_trig, fmt=fmt, cache=False))
        next(warm)
        warm.close()  # type: ignore[attr-defined]
        tracemalloc.start()
        size = 0
        count = 0
        for chunk in queries.run_query("big", params={}, data=seed_trig, fmt=fmt):
            size += len(chunk)
            count += 1
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert size > 4_000_000 and count > 100, fmt
        assert peak < 3_000_000, (fmt, peak)  # well under the output (> 4 MB): streamed, not held


#: About 1.5 s of work inside one pyoxigraph step: an aggregate over a cross join.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s2 ?p2 ?o2 } "
        "VALUES ?k { " + " ".join(map(str, range(100))) + " } }")


def test_timeout_gives_up(tmp_path: Path, seed_trig: Path, monkeypatch) -> None:
    write_query(tmp_path, "slow", SLOW)
    monkeypatch.setenv(queries.QUERIES_ENV, str(tmp_path))
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^query slow did not finish within 0.3 s \(--timeout\)$"):
        run("slow", data=seed_trig, timeout=0.3)
    assert time.monotonic() - started < 2.0
    companies = str(ROOT / "queries" / "companies.rq")
    assert rows(run(companies, data=seed_trig, timeout=30))[0][0] == "company"


# -------------------------------------------------------------------------- CLI


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(result, pattern: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert re.search(pattern, lines[0]), lines[0]


def test_cli_lists_the_queries() -> None:
    result = invoke("queries")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines() if not line.startswith(" ")]
    assert len(names) >= 9
    assert {"companies", "sanctions", "sanction-timeline", "current-status", "court-orders",
            "metrics", "provenance", "conflicts", "in-force"} <= set(names)
    assert "parameters: company (IRI, required), period (text, optional)" in result.output


def test_cli_query_prints_a_table(seed_trig: Path) -> None:
    result = invoke("query", "companies", "--data", str(seed_trig))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split() == ["company", "label", "aliases", "sameAs",
                                                     "articles"]


def test_cli_missing_parameter(seed_trig: Path) -> None:
    assert_one_line_error(invoke("query", "provenance", "--data", str(seed_trig)),
                          r"^Error: query provenance needs parameter fact; its parameters: "
                          r"fact \(IRI, required\)")


def test_cli_unknown_query(seed_trig: Path) -> None:
    assert_one_line_error(invoke("query", "sanction-timelin", "--data", str(seed_trig)),
                          r"^Error: unknown query 'sanction-timelin'; did you mean "
                          r"sanction-timeline")


def test_cli_malformed_query(tmp_path: Path, seed_trig: Path) -> None:
    path = write_query(tmp_path, "broken", "SELECT ?x WHERE {\n  ?x ?p ?y .\n  FILTER(?y > ) }\n")
    assert_one_line_error(invoke("query", str(path), "--data", str(seed_trig)),
                          r"^Error: .*broken.rq: SPARQL syntax error at line \d+, column \d+: "
                          r"expected one of [A-Z]")


def test_cli_bad_values(seed_trig: Path) -> None:
    assert_one_line_error(
        invoke("query", "in-force", "--data", str(seed_trig), "-p", "date=2021-13-01"),
        r"^Error: parameter date: expected a date like 2021-03-15, got '2021-13-01'$")
    assert_one_line_error(
        invoke("query", "sanction-timeline", "--data", str(seed_trig), "-p",
               "company=} ; DROP ALL ; SELECT * {"),
        r"^Error: parameter company: ")


def test_cli_timeout(tmp_path: Path, seed_trig: Path, monkeypatch) -> None:
    write_query(tmp_path, "slow", SLOW)
    monkeypatch.setenv(queries.QUERIES_ENV, str(tmp_path))
    assert_one_line_error(invoke("query", "slow", "--data", str(seed_trig), "--timeout", "0.2"),
                          r"^Error: query slow did not finish within 0.2 s \(--timeout\)$")


LISTED = """#+ summary: names of each thing, joined
#+ lists:
#+   names: " | "
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s (GROUP_CONCAT(?name; separator=" | ") AS ?names) (GROUP_CONCAT(?name; separator=",") AS ?raw)
WHERE { { SELECT ?s ?name WHERE { ?s rdfs:label ?name } ORDER BY DESC(?name) } }
GROUP BY ?s
"""


def test_a_list_column_comes_out_sorted_whatever_order_the_engine_joins(tmp_path: Path,
                                                                         oxigraph_server) -> None:
    """GROUP_CONCAT's order is the engine's: a column the header names under ``lists`` is
    sorted by kg (ignoring case) on every back end; the others are left as they come."""
    query = tmp_path / "names.rq"
    query.write_text(LISTED, encoding="utf-8")
    data = tmp_path / "names.ttl"
    data.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<https://example.org/a> rdfs:label "beta", "Alpha", "gamma", "alpha" .\n',
                    encoding="utf-8")
    local = rows(run(str(query), data=data))
    assert local[1][1:] == ["Alpha | alpha | beta | gamma", "gamma,beta,alpha,Alpha"]
    from kg.store import Endpoint, load

    load(data, endpoint=Endpoint.from_options(oxigraph_server.url))
    remote = rows(run(str(query), endpoint=oxigraph_server.url + "/query"))
    assert remote[1][1] == local[1][1]
    with pytest.raises(QueryError, match="lists: expected 'column: separator'"):
        queries.StoredQuery.parse(LISTED.replace('names: " | "', "- names"), name="bad")
