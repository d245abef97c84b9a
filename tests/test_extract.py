"""extract: general rules on small articles written for the test (no seed literals)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.dates import Anchor, find_dates, find_periods, period_bounds
from kg.extract.entities import org_key
from kg.extract.metrics import find_quantities
from kg.ingest import parse_article
from tests.helpers import model_mentions


def art(body: str, published: str | None = "2022-06-10"):
    meta = f"---\npublished: {published}\n---\n" if published else ""
    return extract(parse_article("t.txt", meta + body))


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("It happened on March 15.", "2021-05", ["2021-03-15"]),
    ("It happened on December 3.", "2021-02", ["2020-12-03"]),
    ("in early May", "2021-05", ["2021-05"]),
    ("January last year", "2021-05", ["2020-01"]),
    ("last Friday", "2022-06-10", ["2022-06-10"]),
    ("last Thursday", "2022-06-10", ["2022-06-09"]),
    ("last Thursday", "2022-06", []),
    ("on March 15", None, []),
    ("on 4 July 2019", None, ["2019-07-04"]),
    ("today", "2021-03", ["2021-03"]),
])
def test_dates_resolve_against_publication(text: str, anchor: str | None, expected: list[str]) -> None:
    assert [str(f.value) for f in find_dates(text, Anchor.parse(anchor))] == expected


@pytest.mark.parametrize(("text", "anchor", "period"), [
    ("in the first three months of 2021", None, "2021-Q1"),
    ("for the quarter ending in March", "2021-05", "2021-Q1"),
    ("in the three months ended June 30, 2023", None, "2023-Q2"),
    ("in the second half of 2020", None, "2020-H2"),
    ("full-year 2022 revenue", None, "2022"),
    ("Q3 2019", None, "2019-Q3"),
])
def test_periods(text: str, anchor: str | None, period: str) -> None:
    assert find_periods(text, Anchor.parse(anchor))[0].period == period


def test_fiscal_quarter_without_end_date_is_left_out() -> None:
    assert find_periods("in its first fiscal quarter", Anchor.parse("2023-08")) == []


def test_period_bounds() -> None:
    assert period_bounds("2024-Q1") == ("2024-01-01", "2024-03-31")
    assert period_bounds("2024-02") == ("2024-02-01", "2024-02-29")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("$1.2bn", "1200000000", "CCY_USD"),
    ("RMB 73.4 billion", "73400000000", "CCY_CNY"),
    ("HK$10,111 million", "10111000000", "CCY_HKD"),
    ("16.1 per cent", "16.1", "PERCENT"),
    ("9,8 milliards d'euros", "9800000000", "NUM"),
    ("7.78 trillion won", "7780000000000", "CCY_KRW"),
])
def test_quantities(text: str, value: str, unit: str) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.unit) == (Decimal(value), unit)


def test_identity_keys_drop_legal_suffixes_only() -> None:
    assert org_key("Acme Corp.") == org_key("Acme Corporation") == org_key("ACME") == "acme"
    assert org_key("China Mobile") != org_key("China Telecom")


def test_several_targets_in_one_sentence() -> None:
    x = art("The Commerce Department on Friday added Zentro Robotics Co. and Kelvar Optics Inc. "
            "to the Entity List.\n")
    assert sorted(s.target for s in x.sanctions) == ["kelvar-optics", "zentro-robotics"]
    assert all(s.list == "entity-list" and str(s.start_date) == "2022-06-10" for s in x.sanctions)


def test_exchange_delisting_is_not_a_sanction() -> None:
    x = art("The New York Stock Exchange said it would delist Harbor Mobile Corp. next week.\n")
    assert x.sanctions == ()


def test_agency_final_order_is_not_a_court_order() -> None:
    x = art("The Commerce Department issued a final order against Zentro Robotics Co., "
            "adding it to the Entity List.\n")
    assert x.court_orders == ()


def test_court_order_with_judge_and_type() -> None:
    x = art("The Pentagon placed Norvik Drones Ltd. on its Chinese military companies list in January.\n\n"
            "On Tuesday, US District Judge Maria Alvarez granted Norvik Drones a preliminary injunction "
            "blocking the designation.\n")
    (order,) = x.court_orders
    assert order.order_type == "PreliminaryInjunction"
    assert order.judge == "maria-alvarez"
    assert str(order.date) == "2022-06-07"
    assert order.concerns is not None and order.in_favor_of == "norvik-drones"
    (sanction,) = x.sanctions
    assert sanction.status == "Suspended"


def test_each_figure_goes_to_its_own_company() -> None:
    x = art("Lumo Phones Inc. posted record sales in the first quarter of 2022.\n\n"
            "Lumo Phones led the market with a 21% share, followed by Vexa Mobile Corp. at 16% "
            "and Orin Devices Ltd. at 9%.\n")
    shares = {(m.company, m.value) for m in x.metrics if m.measure == "MarketShare"}
    assert shares == {("lumo-phones", "21"), ("vexa-mobile", "16"), ("orin-devices", "9")}


def test_decline_is_negative_and_change_is_percent() -> None:
    x = art("Brava Telecom Corp. said revenue fell 12.5% year on year to $3.2 billion "
            "in the first quarter of 2022.\n")
    by_change = {m.change: m for m in x.metrics}
    assert by_change["YearOverYear"].value == "-12.5" and by_change["YearOverYear"].unit == "PERCENT"
    assert by_change[None].value == "3200000000" and by_change[None].unit == "CCY_USD"
    assert by_change[None].period == "2022-Q1"


def test_descriptive_reference_resolves_and_becomes_alias() -> None:
    x = art("Quenta Semiconductor Corp. was added to the Entity List on Monday. "
            "The chipmaker said it would appeal.\n")
    (company,) = [e for e in x.entities if e.key == "quenta-semiconductor"]
    assert "the chipmaker" in company.aliases


def test_outlets_quoted_as_sources_are_not_companies() -> None:
    x = art("According to Reuters, Tarsis Energy Ltd. was sanctioned by the Treasury on Monday.\n")
    assert "reuters" not in {e.key for e in x.entities}


def test_no_facts_no_crash() -> None:
    x = art("A quiet day.\n\nNothing happened at all.\n", published=None)
    assert (x.sanctions, x.court_orders, x.metrics) == ((), (), ())


def test_evidence_is_the_exact_text() -> None:
    body = "Zentro Robotics Co. was added to the Entity List by the Commerce Department.\r\n"
    x = art(body)
    for fact in (*x.sanctions, *x.court_orders, *x.metrics):
        for ev in fact.evidence:
            assert x.article.text[ev.start:ev.end] == ev.exact


# ---- regressions found on the synthetic corpus: things that are not companies, names cut short

def _mentions(text: str, ents: list[tuple[str, str]]):
    return model_mentions(text, ents)


def _keys(x) -> set[str]:
    return {e.key for e in x.entities}


def test_the_union_is_not_a_company_nor_a_sanction_target() -> None:
    x = art("Brussels froze the assets of Velmora Ltd on Monday, adding it to the EU sanctions list.\n\n"
            "The asset freeze covers all funds held by the two companies in the Union and forbids EU firms "
            "from paying them.\n")
    assert "union" not in _keys(x)
    assert {s.target for s in x.sanctions} == {"velmora"}


@pytest.mark.parametrize("name", ["Union", "the Federal Republic", "United Kingdom"])
def test_polities_are_not_companies(name: str) -> None:
    text = f"Acme Corp sells its products in {name} and abroad."
    assert [m.key for m in _mentions(text, [("Acme Corp", "ORG"), (name, "ORG")])] == ["acme"]


@pytest.mark.parametrize("line", [
    "NAIROBI (Wirex) - The Commerce Department added Kestrel Optics Ltd to the Entity List on Tuesday.",
    "LIMA, June 9 (Wirex) - Kestrel Optics Ltd was added to the Entity List by the Commerce Department.",
    "SAO PAULO/WASHINGTON, Jun 9 - Kestrel Optics Ltd was added to the Entity List on Friday.",
])
def test_dateline_city_is_not_a_company(line: str) -> None:
    city = line.split(",")[0].split(" (")[0].split("/")[0]
    mentions = _mentions(line, [(city, "ORG"), ("Kestrel Optics Ltd", "ORG")])
    assert [m.key for m in mentions] == ["kestrel-optics"]
    x = art(line + "\n")
    assert {s.target for s in x.sanctions} == {"kestrel-optics"}
    assert not any(e.name.isupper() for e in x.entities)


def test_upper_case_company_at_line_start_is_kept() -> None:
    text = "ACME said on Monday that sales rose."
    assert [m.key for m in _mentions(text, [("ACME", "ORG")])] == ["acme"]


@pytest.mark.parametrize("header", ["Tuesday, 9 March 2021 | 18:02 GMT", "9 March 2021, 6:15 pm (CET)"])
def test_header_time_zone_is_not_a_company(header: str) -> None:
    zone = header.rstrip(")").split()[-1].strip("(")
    text = header + "\n\nBrightwave Cloud Group said its revenue rose 5% to 2 billion yuan.\n"
    mentions = _mentions(text, [(zone, "ORG"), ("Brightwave Cloud Group", "ORG")])
    assert [m.key for m in mentions] == ["brightwave-cloud"]


def test_name_cut_short_by_the_model_takes_the_words_before_it() -> None:
    text = "The list has grown. Corvane Digital Technology Co., Ltd. has been on it since 2019."
    mentions = _mentions(text, [("Corvane", "PERSON"), ("Digital Technology Co., Ltd.", "ORG")])
    assert [(m.text, m.key) for m in mentions] == [("Corvane Digital Technology Co., Ltd.", "corvane-digital")]


def test_generic_words_alone_name_no_company() -> None:
    text = "The list has grown. In Digital Technology Co., Ltd. a fragment stands alone."
    assert _mentions(text, [("Digital Technology Co., Ltd.", "ORG")]) == []


def test_comma_separated_names_are_several_companies() -> None:
    text = "Its customers include Arvanta, Bexor and Corvel, and Dunmore Co., Ltd."
    mentions = _mentions(text, [("Arvanta, Bexor and", "ORG"), ("Dunmore Co., Ltd.", "ORG")])
    assert [m.key for m in mentions] == ["arvanta", "bexor", "dunmore"]


@pytest.mark.parametrize("name", ["Marlow & Finch", "Dunmore & Sons Ltd"])
def test_ampersand_joins_one_name(name: str) -> None:
    text = f"The firm is advised by {name}, which declined to comment."
    assert [m.text for m in _mentions(text, [(name, "ORG")])] == [name]


def test_company_name_read_as_a_person_is_a_company() -> None:
    text = "Brightwave Cloud Computing Group reported higher sales. Brightwave said demand was strong."
    mentions = _mentions(text, [("Brightwave Cloud Computing Group", "PERSON"), ("Brightwave", "PERSON")])
    assert [(m.kind, m.key) for m in mentions][:1] == [("company", "brightwave-cloud-computing")]


def test_case_name_v_is_not_part_of_the_label() -> None:
    text = "In the case Velmora Corp. v. Department of Defense, the judge ruled for the company."
    mentions = _mentions(text, [("Velmora Corp. v.", "ORG")])
    from kg.extract.entities import clean_name

    assert [clean_name(m.text) for m in mentions] == ["Velmora Corp."]


def test_armed_forces_are_not_companies() -> None:
    x = art("The Commerce Department added Velmora Ltd to the Entity List on Friday. Officials said "
            "the company had helped the People's Liberation Army buy foreign parts.\n")
    assert "people-s-liberation-army" not in _keys(x)
    assert {s.target for s in x.sanctions} == {"velmora"}


def test_company_the_judge_talks_about_is_not_the_judge() -> None:
    x = art("The Commerce Department added Velmora Semiconductor Corp to the Entity List in 2020.\n\n"
            "A federal court granted a preliminary injunction on Friday. The judge considered that Velmora "
            "had a strong chance of winning, and that without an injunction it would suffer lasting damage.\n")
    assert x.court_orders
    assert {o.judge for o in x.court_orders} == {None}


@pytest.mark.parametrize("sentence", [
    "Shares in the Shenzhen-listed company were down 4% after the announcement.",
    "The stock of the chipmaker slid about 4.6 per cent in Shanghai trading before trimming losses.",
])
def test_share_price_move_is_not_a_company_figure(sentence: str) -> None:
    x = art("Velmora Semiconductor Corp said on Tuesday that its revenue rose 12% to 3 billion yuan in "
            "the first quarter.\n\n" + sentence + "\n")
    assert sorted(str(m.value) for m in x.metrics) == ["12", "3000000000"]


def test_customers_listed_after_include_are_not_targets() -> None:
    x = art("A court on Sunday struck down the listing of Velmora Software Inc on the EU consolidated list.\n\n"
            "Velmora is a supplier of licences, and its customers include Arvanta Corp, Bexor Ltd and Corvel Inc.\n\n"
            "The measures freeze all funds and economic resources of the companies in the Union and bar EU "
            "firms from making funds available to them.\n")
    assert {s.target for s in x.sanctions} == {"velmora"}


def test_currency_code_before_an_amount_is_not_a_company() -> None:
    x = art("Lumora Optics Ltd said on Thursday that its revenue rose 4 per cent to EUR 9.1 billion in 2023.\n\n"
            "Revenue from thermal imaging grew 9.9 per cent year on year to EUR 2.3 billion, while other "
            "businesses were broadly flat.\n")
    assert {e.key for e in x.entities} == {"lumora-optics"}
    assert {m.company for m in x.metrics} == {"lumora-optics"}


@pytest.mark.parametrize(("sentence", "segment"), [
    ("Revenue from thermal imaging grew 9.9 per cent to EUR 2.3 billion.", "thermal imaging"),
    ("Revenue from the thermal imaging unit grew 9.9 per cent to EUR 2.3 billion.", "thermal imaging"),
])
def test_segment_starting_like_a_determiner_keeps_its_letters(sentence: str, segment: str) -> None:
    x = art("Lumora Optics Ltd said on Thursday that its revenue rose 4 per cent to EUR 9.1 billion in 2023.\n\n"
            + sentence + "\n")
    assert {m.segment for m in x.metrics if m.unit == "CCY_EUR" and m.segment} == {segment}


def test_lifting_sentence_dates_the_end_of_the_sanction() -> None:
    x = art("OFAC has lifted the restrictions on Fenvale New Energy Inc, taking it off the Specially "
            "Designated Nationals list on 26 June as part of a settlement.\n\n"
            "The company was first named in August last year.\n", published="2023-06-29")
    assert [(s.status, str(s.start_date), str(s.end_date)) for s in x.sanctions] == [
        ("Lifted", "2022-08", "2023-06-26")]
