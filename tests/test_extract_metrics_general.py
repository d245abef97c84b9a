"""Metrics: general rules, on short articles written for these tests (invented companies
and figures; none of the development or held-out articles' sentences)."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.dates import Anchor, find_periods
from kg.ingest import parse_article


def art(body: str, published: str | None = "2024-08-05"):
    meta = f"---\npublished: {published}\n---\n" if published else ""
    return extract(parse_article("t.txt", meta + body + "\n"))


def facts(x) -> set[tuple]:
    """(company, measure, value, unit, period, change) of every metric."""
    return {(m.company, m.measure, m.value, m.unit, m.period, m.change) for m in x.metrics}


def by_value(x) -> dict[str, object]:
    return {m.value: m for m in x.metrics}


# ------------------------------------------------------------------ amounts and units

def test_converted_amount_in_brackets_is_the_same_figure_in_its_own_currency() -> None:
    x = art("Korvan Holdings Ltd. said revenue for the third quarter rose 6% to 41.3 billion yuan "
            "(US$5.7 billion).", published="2024-11-12")
    got = by_value(x)
    assert got["41300000000"].unit == "CCY_CNY" and got["5700000000"].unit == "CCY_USD"
    assert {got[v].measure for v in ("41300000000", "5700000000")} == {"Revenue"}
    assert {got[v].period for v in ("41300000000", "5700000000")} == {"2024-Q3"}


# ------------------------------------------------------------- the figure it compares with

def test_earlier_figure_in_a_comparison_keeps_the_measure_and_takes_the_earlier_period() -> None:
    x = art("Korvan Motors Co., Ltd. said its operating profit for the July-September quarter reached "
            "3.2 trillion won, more than triple the 1.1 trillion won it earned a year earlier.",
            published="2024-10-30")
    got = by_value(x)
    assert (got["3200000000000"].measure, got["3200000000000"].period) == ("OperatingProfit", "2024-Q3")
    assert (got["1100000000000"].measure, got["1100000000000"].period) == ("OperatingProfit", "2023-Q3")


def test_from_figure_a_year_earlier_is_the_earlier_period() -> None:
    x = art("Lumora Retail Group reported results for the three months to September 30.\n\n"
            "Net income jumped to 12.5 billion yuan from 4.1 billion yuan a year earlier.",
            published="2024-11-14")
    got = by_value(x)
    assert (got["12500000000"].measure, got["12500000000"].period) == ("NetIncome", "2024-Q3")
    assert (got["4100000000"].measure, got["4100000000"].period) == ("NetIncome", "2023-Q3")


# ---------------------------------------------------------------------------- traps

def test_estimate_compiled_by_an_outlet_is_not_a_figure_but_the_result_is() -> None:
    x = art("Lumora Retail Group reported results on Thursday.\n\n"
            "Revenue for the three months to September 30 rose 5% from a year earlier to 80.1 billion yuan, "
            "ahead of the 78 billion yuan that analysts polled by Reuters had pencilled in.",
            published="2024-11-15")
    assert {(m.measure, m.value, m.period) for m in x.metrics} == {
        ("Revenue", "80100000000", "2024-Q3"), ("Revenue", "5", "2024-Q3")}


def test_figure_beating_an_estimate_of_is_kept_and_the_estimate_dropped() -> None:
    x = art("Brava Telecom Corp. said quarterly net profit was $2.4 billion in the second quarter, "
            "beating expectations of $2.1 billion.", published="2024-08-01")
    assert {m.value for m in x.metrics} == {"2400000000"}


# ---------------------------------------------------------------------------- periods

@pytest.mark.parametrize(("text", "published", "period"), [
    ("revenue in the December quarter", "2025-02-20", "2024-Q4"),
    ("revenue in the March quarter", "2024-05-02", "2024-Q1"),
    ("revenue in the June quarter", "2024-06-10", "2023-Q2"),
    ("profit for October to December", "2023-03-24", "2022-Q4"),
    ("sales between July and September", "2024-11-02", "2024-Q3"),
])
def test_quarter_named_by_its_months(text: str, published: str, period: str) -> None:
    assert [p.period for p in find_periods(text, Anchor.parse(published))] == [period]


def test_three_months_earlier_is_the_previous_quarter() -> None:
    (p,) = find_periods("its share had been 58.2% three months earlier", None, last="2024-Q4")
    assert (p.period, p.comparison) == ("2024-Q3", True)


def test_over_the_year_after_a_quarter_is_that_year_and_earlier_in_the_year_is_not() -> None:
    assert [p.period for p in find_periods("it shipped 90 million units over the year", None,
                                           last="2022-Q4")] == ["2022"]
    assert find_periods("the new models arrived earlier in the year", None, last="2022-Q4") == []


def test_comparison_base_is_the_period_named_before_it_in_the_sentence() -> None:
    periods = find_periods("profit for the April-June quarter was 2 billion, against 1 billion a year earlier",
                           Anchor.parse("2024-08-01"))
    assert [(p.period, p.comparison) for p in periods] == [("2024-Q2", False), ("2023-Q2", True)]


def test_period_the_company_looks_ahead_to_does_not_become_the_reporting_period() -> None:
    x = art("Trivex Devices Inc. said second-quarter revenue rose 4% to $8.2 billion. "
            "The company said it expects tablet demand to recover in the second half.\n\n"
            "Figures from IDC showed that Trivex Devices remained the largest tablet vendor in the quarter. "
            "It shipped 12.1 million tablets, up 3% from a year earlier.")
    assert {m.period for m in x.metrics} == {"2024-Q2"}


def test_figure_in_a_when_clause_belongs_to_the_period_before_it() -> None:
    x = art("Xenon Mobile Corp. reported its fourth-quarter results.\n\n"
            "Revenue fell 20.1% year on year to ¥55.2 billion, and was also 4.4% below the third quarter, "
            "when the company took in ¥57.7 billion.", published="2023-03-20")
    got = by_value(x)
    assert (got["57700000000"].period, got["55200000000"].period) == ("2022-Q3", "2022-Q4")
    assert (got["-4.4"].change, got["-4.4"].period) == ("QuarterOverQuarter", "2022-Q4")


# ------------------------------------------------------------------- whose figure

def test_it_is_the_company_the_sentence_before_was_about() -> None:
    x = art("Vexa Display Ltd. said its revenue was $2.1 billion in the second quarter.\n\n"
            "Data from Canalys showed that Korvan Mobile Corp. remained the largest smartphone vendor in the quarter. "
            "It shipped 40.2 million phones, up 3% from a year earlier.")
    assert {m.company for m in x.metrics if m.measure == "Shipments"} == {"korvan-mobile"}


def test_each_company_in_an_enumeration_keeps_its_own_count_and_share() -> None:
    x = art("Korvan Mobile Corp. led the smartphone market in the second quarter. "
            "It shipped 40.2 million phones for a 20% share of the market, ahead of Lumo Phones Inc. with "
            "31.5 million units and 15%, Orin Devices Ltd. with 22.4 million and 11%, and Brava Mobile Corp. "
            "with 18.9 million and 9%.")
    got = {(m.company, m.measure, m.value) for m in x.metrics}
    assert got == {
        ("korvan-mobile", "Shipments", "40200000"), ("korvan-mobile", "MarketShare", "20"),
        ("lumo-phones", "Shipments", "31500000"), ("lumo-phones", "MarketShare", "15"),
        ("orin-devices", "Shipments", "22400000"), ("orin-devices", "MarketShare", "11"),
        ("brava-mobile", "Shipments", "18900000"), ("brava-mobile", "MarketShare", "9"),
    }


def test_list_item_headed_by_an_unknown_name_is_nobody_elses_figure() -> None:
    x = art("Korvan Mobile Corp. led the smartphone market in the second quarter with 40.2 million units and a "
            "20% share, ahead of Lumo Phones Inc. with 31.5 million units and 15%, zeta with 12.0 million and 6%, "
            "and Brava Mobile Corp. with 10.9 million and 5%.")
    assert {(m.company, m.measure, m.value) for m in x.metrics} == {
        ("korvan-mobile", "Shipments", "40200000"), ("korvan-mobile", "MarketShare", "20"),
        ("lumo-phones", "Shipments", "31500000"), ("lumo-phones", "MarketShare", "15"),
        ("brava-mobile", "Shipments", "10900000"), ("brava-mobile", "MarketShare", "5")}


def test_respectively_pairs_companies_and_figures_in_order() -> None:
    x = art("Maple Foundry Corp. ended 2024 as the leader of the contract chipmaking market.\n\n"
            "Maple Foundry, Corvel Semiconductor Inc. and Arden Chips Ltd. now hold 61.2%, 10.4% and 6.3% "
            "of the market respectively.")
    shares = {(m.company, m.value) for m in x.metrics if m.measure == "MarketShare"}
    assert shares == {("maple-foundry", "61.2"), ("corvel-semiconductor", "10.4"), ("arden-chips", "6.3")}


def test_relative_clause_companies_do_not_own_the_main_clause_figure() -> None:
    x = art("Brava Holdings Ltd. reported quarterly results on Tuesday.\n\n"
            "Brava Holdings, which owns Zentro Corp. and Lumex Inc., grew revenue by 30% to 20 billion yuan.",
            published="2024-11-20")
    assert {m.company for m in x.metrics} == {"brava"}


def test_modifier_read_as_a_name_does_not_own_the_figure() -> None:
    x = art("Korvan Electronics Co., Ltd. said on Wednesday that second-quarter operating profit rose to "
            "5.1 trillion won.\n\nConsolidated revenue rose 12% to 61.3 trillion won.")
    assert {m.company for m in x.metrics} == {"korvan"}


# ------------------------------------------------------------ shares and changes

def test_percentage_followed_by_share_is_a_share_not_a_change() -> None:
    x = art("In the fourth quarter, Arden Chips Corp. stayed fourth with revenue of $1.2 billion, down 0.8%, "
            "and a 3.9% share, while Corvel Semiconductor Inc. was fifth with $1.1 billion, up 2.5%, "
            "and 3.6% of the market.", published="2025-03-01")
    assert facts(x) == {
        ("arden-chips", "Revenue", "1200000000", "CCY_USD", "2024-Q4", None),
        ("arden-chips", "Revenue", "-0.8", "PERCENT", "2024-Q4", "YearOverYear"),
        ("arden-chips", "MarketShare", "3.9", "PERCENT", "2024-Q4", None),
        ("corvel-semiconductor", "Revenue", "1100000000", "CCY_USD", "2024-Q4", None),
        ("corvel-semiconductor", "Revenue", "2.5", "PERCENT", "2024-Q4", "YearOverYear"),
        ("corvel-semiconductor", "MarketShare", "3.6", "PERCENT", "2024-Q4", None),
    }


def test_change_leading_to_an_amount_is_the_change_of_that_amount() -> None:
    x = art("Maple Foundry Corp. took in $20.1 billion of revenue in the fourth quarter.\n\n"
            "Nexo Wafer Ltd., sixth, grew 7.2% to $1.45 billion for a 2.8% share.", published="2025-03-01")
    got = {(m.company, m.measure, m.value, m.change) for m in x.metrics if m.company == "nexo-wafer"}
    assert got == {("nexo-wafer", "Revenue", "7.2", "YearOverYear"), ("nexo-wafer", "Revenue", "1450000000", None),
                   ("nexo-wafer", "MarketShare", "2.8", None)}


def test_change_from_the_previous_quarter_is_quarter_on_quarter_and_the_cue_carries() -> None:
    x = art("Maple Foundry Corp. took in $20.1 billion of foundry revenue in the fourth quarter, "
            "up 9.5% from the third quarter, while Corvel Semiconductor Inc. lost ground.\n\n"
            "Corvel Semiconductor's foundry business slipped 2.1% quarter on quarter to $3.1 billion. "
            "Arden Chips Ltd., in third place, grew revenue 1.1% to $2.0 billion.", published="2025-03-01")
    changes = {(m.company, m.measure, m.value, m.change) for m in x.metrics if m.change}
    assert changes == {("maple-foundry", "Revenue", "9.5", "QuarterOverQuarter"),
                       ("corvel-semiconductor", "Revenue", "-2.1", "QuarterOverQuarter"),
                       ("arden-chips", "Revenue", "1.1", "QuarterOverQuarter")}


def test_outside_a_ranking_a_change_without_cue_stays_year_on_year() -> None:
    x = art("Brava Telecom Corp. said second-quarter revenue rose 6% year on year to $9.1 billion. "
            "Compared with the previous quarter, revenue was 2.1% higher.\n\n"
            "Revenue in Brazil grew 8% and now accounts for a fifth of the total.")
    (brazil,) = [m for m in x.metrics if m.segment == "Brazil"]
    assert (brazil.value, brazil.change) == ("8", "YearOverYear")


def test_a_share_three_months_earlier_has_the_previous_quarter() -> None:
    x = art("Maple Foundry Corp. took in $20.1 billion of foundry revenue in the fourth quarter. "
            "Its market share had been 58.2% three months earlier.", published="2025-03-01")
    (share,) = [m for m in x.metrics if m.measure == "MarketShare"]
    assert (share.company, share.value, share.period, share.change) == ("maple-foundry", "58.2", "2024-Q3", None)


# ---------------------------------------------------------------------------- segments

def segments(x) -> dict[str, str | None]:
    return {m.value: m.segment for m in x.metrics}


def test_division_as_subject_is_the_segment_of_its_figures() -> None:
    x = art("Korvan Electronics Co., Ltd. reported second-quarter results on Wednesday.\n\n"
            "The Cloud Platforms division, which runs the data centres, storage and networking businesses, "
            "posted revenue of $4.2 billion and an operating profit of $1.1 billion.")
    assert segments(x) == {"4200000000": "Cloud Platforms", "1100000000": "Cloud Platforms"}
    assert {m.company for m in x.metrics} == {"korvan"}


def test_businesses_joined_by_while_each_keep_their_name() -> None:
    x = art("Korvan Electronics Co., Ltd. reported second-quarter results on Wednesday.\n\n"
            "The printing and imaging business had revenue of $3.3 billion, while the personal systems "
            "business took in $9.8 billion. Storage alone brought in $1.9 billion.")
    assert segments(x) == {"3300000000": "printing and imaging", "9800000000": "personal systems",
                           "1900000000": "Storage"}


def test_verb_before_revenue_is_not_a_segment() -> None:
    x = art("Vexa Display Ltd. reported revenue of $2.1 billion in the second quarter.")
    assert segments(x) == {"2100000000": None}


def test_business_group_named_after_the_parent_is_a_segment_of_the_parent() -> None:
    x = art("Lumora's energy arm powers a quarter of growth\n\n"
            "Lumora Group Holding Ltd. said on Thursday that revenue rose 7% in the December quarter.\n\n"
            "Lumora Energy Storage Group, which builds battery plants, increased revenue by 11% to 52 billion yuan.",
            published="2025-02-20")
    got = [m for m in x.metrics if m.value == "52000000000"]
    assert [(m.company, m.segment, m.period) for m in got] == [("lumora", "Energy Storage Group", "2024-Q4")]


def test_company_described_as_an_arm_is_a_segment_of_the_parent() -> None:
    x = art("Lumora Group Holding Ltd. said on Thursday that revenue rose 7% in the December quarter.\n\n"
            "Advertising revenue at Nimbus Media Ltd., the group's online video arm, rose 6% to 12.4 billion yuan.",
            published="2025-02-20")
    got = [m for m in x.metrics if m.value == "12400000000"]
    assert [(m.company, m.segment) for m in got] == [("lumora", "Nimbus Media Ltd. advertising")]


def test_shares_and_counts_in_a_market_report_take_the_market_as_segment() -> None:
    x = art("Tablet market grows for a third quarter\n\n"
            "Global tablet shipments rose 4% in the second quarter, according to IDC.\n\n"
            "Trivex Devices Inc. led the market with a 31% share, followed by Lumo Phones Inc. at 18%. "
            "Orin Devices Ltd. shipped 4.2 million units.")
    assert {m.segment for m in x.metrics} == {"tablets"}


def test_reporting_verb_before_revenue_is_not_a_segment() -> None:
    x = art("Acme Robotics Ltd., which will list in Hong Kong, said revenue in the second quarter rose 5% "
            "to $2 billion.")
    assert {(m.value, m.segment, m.period) for m in x.metrics} == {
        ("2000000000", None, "2024-Q2"), ("5", None, "2024-Q2")}


def test_company_reporting_its_revenue_is_not_a_source() -> None:
    x = art("Vexa Display Ltd. reported revenue of $2.1 billion in the second quarter.")
    assert {(m.company, m.value) for m in x.metrics} == {("vexa-display", "2100000000")}


@pytest.mark.parametrize("sentence", [
    "Nexa Corp. bought back 50 million shares for $600 million.",
    "The company also acquired Lumo Ltd. for $1.2 billion.",
    "It plans to invest $3 billion in new plants.",
])
def test_buybacks_acquisitions_and_investments_after_results_are_not_figures(sentence: str) -> None:
    x = art("Nexa Corp. said its revenue rose 12% to $4.5 billion in the second quarter, while its net income "
            "fell 3% to $800 million.\n\n" + sentence)
    assert sorted(m.value for m in x.metrics) == ["-3", "12", "4500000000", "800000000"]


def test_name_the_model_once_read_as_a_person_still_owns_its_figures() -> None:
    x = art("Zeno Mobile Ltd. kept its lead in the tablet market in 4Q24.\n\n"
            "Zeno Mobile's share rose to 31.2%, while Paxo Phones Inc. slipped to 12.1% and Quill Devices Corp. "
            "held 8.0%.\n\nZeno Mobile shipped 18.3 million units, followed by Paxo Phones at 7.1 million and "
            "Quill Devices with 4.7 million.", published="2025-02-10")
    assert {(m.company, m.measure, m.value) for m in x.metrics} == {
        ("zeno-mobile", "MarketShare", "31.2"), ("paxo-phones", "MarketShare", "12.1"),
        ("quill-devices", "MarketShare", "8"), ("zeno-mobile", "Shipments", "18300000"),
        ("paxo-phones", "Shipments", "7100000"), ("quill-devices", "Shipments", "4700000")}
    assert {m.period for m in x.metrics} == {"2024-Q4"}


@pytest.mark.parametrize(("lead", "unit"), [
    ("Tokyo-based Hinode Electronics Corp. said on Tuesday, helped by a weak yen,", "CCY_JPY"),
    ("Xenon Mobile Corp., the Chinese phone maker, said", "CCY_CNY"),
])
def test_yen_sign_is_the_yen_in_a_japanese_story_and_the_yuan_in_a_chinese_one(lead: str, unit: str) -> None:
    x = art(lead + " that revenue in the January-March quarter climbed 5% to ¥2.9 trillion.", published="2024-05-15")
    assert {m.unit for m in x.metrics if m.change is None} == {unit}


def test_base_amount_takes_the_period_after_it_and_its_names_the_unit_before() -> None:
    x = art("Korvan Electronics Co., Ltd. said on Thursday that operating profit for the quarter ending in "
            "September fell 40% to 5.2 trillion won.\n\n"
            "The display unit told a different story. Its operating profit jumped to 1.4 trillion won from "
            "0.3 trillion won in the third quarter of 2023.", published="2024-10-31")
    got = {m.value: (m.measure, m.period, m.segment) for m in x.metrics if m.unit == "CCY_KRW"}
    assert got == {"5200000000000": ("OperatingProfit", "2024-Q3", None),
                   "1400000000000": ("OperatingProfit", "2024-Q3", "display"),
                   "300000000000": ("OperatingProfit", "2023-Q3", "display")}


def test_business_named_in_a_relative_clause_is_not_the_subject() -> None:
    x = art("Korvan Electronics Co., Ltd. said on Thursday that its third quarter was strong.\n\n"
            "The Mobile Experience division, which houses the tablet business, booked 2.9 trillion won of "
            "operating profit.", published="2024-10-31")
    assert {m.segment for m in x.metrics} == {"Mobile Experience"}


@pytest.mark.parametrize(("sentence", "segment"), [
    ("Revenue in Brazil grew 11.2 per cent.", "Brazil"),
    ("Sales in the Middle East and North Africa region, by contrast, fell 4.1 per cent.",
     "Middle East and North Africa"),
    ("Revenue from printers and imaging supplies grew 3.3 per cent to $4.1 billion.", "printers and imaging supplies"),
    ("The revenue of the cloud services segment grew 9% year-on-year to $7.9 billion.", "cloud services"),
])
def test_regions_pairs_and_segments_named_as_such(sentence: str, segment: str) -> None:
    x = art("Norvik Systems Corp. said on Friday that revenue for 2023 rose 4% to $40 billion.\n\n" + sentence,
            published="2024-02-20")
    assert {m.segment for m in x.metrics if m.segment} == {segment}


def test_users_of_a_named_app_are_that_apps_users() -> None:
    x = art("Norvik Media Ltd. said on Friday that first-quarter revenue rose 4% to $4 billion.\n\n"
            "The combined monthly active users of Pixo and PixoLite were 402 million, up 5% year on year.",
            published="2024-05-20")
    assert {(m.value, m.segment) for m in x.metrics if m.measure == "Users"} == {
        ("402000000", "Pixo and PixoLite"), ("5", "Pixo and PixoLite")}


def test_company_whose_own_name_ends_in_group_is_not_its_own_segment() -> None:
    x = art("Morvan Telecom Group said on Friday that revenue for the second quarter reached HK$98.1 billion, "
            "up 28% from a year earlier.\n\n"
            "Morvan, which employs around 82,375 people, said it would keep investing in research.\n\n"
            "Data released by research firm Strategy Analytics showed Morvan shipping 6.2 million routers.\n\n"
            "Morvan also confirmed plans to build two research centres. Morvan was added to the Entity List in "
            "December 2021, and Morvan said it expects margins to stay under pressure.")
    assert {(m.value, m.segment) for m in x.metrics if m.measure == "Revenue"} == {
        ("98100000000", None), ("28", None)}


# ------------------------------------------- rankings with names the model does not know

def test_a_ranking_item_the_model_missed_does_not_give_its_share_to_a_neighbour() -> None:
    x = art("Global tablet shipments grew 4% in the second quarter, according to Omdia. Dravex Ltd. led "
            "the market with a 31.2% share, followed by Soltrane at 18.4%, Quillon at 11.0% and tenvo at 5.3%.",
            published="2024-07-20")
    owner = {m.value: m.company for m in x.metrics if m.measure == "MarketShare"}
    # each share to its own company or to none, never to a neighbour the model did know
    assert owner.get("31.2") == "dravex"
    assert all(owner.get(v) in (None, name) for v, name in (
        ("18.4", "soltrane"), ("11", "quillon"), ("5.3", "tenvo")))


def test_a_name_with_units_of_its_own_is_a_company() -> None:
    x = art("Global tablet shipments grew 4% in the second quarter, according to Omdia. Dravex led the "
            "market with a 31.2% share, followed by Soltrane at 18.4%. Marvick's 12.6 million units "
            "represented a rise of 7%.", published="2024-07-20")
    got = by_value(x)
    assert got["12600000"].company == "marvick" and got["12600000"].measure == "Shipments"


def test_the_name_that_led_the_market_is_a_company_with_its_share() -> None:
    x = art("Global e-reader shipments fell 3% in the first quarter, according to Omdia. Pelvaro led the "
            "market with a 27.5% share, followed by Kindrel Ltd. at 21.0%.", published="2024-04-22")
    owner = {m.value: m.company for m in x.metrics if m.measure == "MarketShare"}
    assert owner.get("27.5") == "pelvaro"
    assert owner.get("21") == "kindrel"


# ------------------------------------------------------------ currencies, losses, measures

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("Varsk Tyre Works reported revenue of BYN 412.5 million for 2021.", "412500000", "CCY_BYN"),
    ("Varsk Tyre Works reported revenue of 412.5 million BYN for 2021.", "412500000", "CCY_BYN"),
    ("Alpenhof Instruments AG said revenue for 2021 rose to 1.2 billion Swiss francs.", "1200000000", "CCY_CHF"),
    ("Polarny Mining said revenue for 2021 reached 96 billion roubles.", "96000000000", "CCY_RUB"),
    ("Kestrel Outdoor AB said revenue for 2021 was 7.4 billion Swedish kronor.", "7400000000", "CCY_SEK"),
])
def test_amounts_in_other_currencies_keep_their_iso_code(sentence: str, value: str, unit: str) -> None:
    x = art(sentence, published="2022-03-01")
    assert {(m.value, m.unit) for m in x.metrics} == {(value, unit)}


def test_a_currency_code_is_read_in_capitals_only_when_it_is_also_a_word() -> None:
    from kg.extract.metrics import find_quantities

    assert [q.unit for q in find_quantities("revenue of TRY 2.4 billion")] == ["CCY_TRY"]
    assert [q.unit for q in find_quantities("users try 2 features a day")] == ["NUM"]


def test_net_loss_and_operating_loss_are_negative_with_the_earlier_year_too() -> None:
    x = art("Korlin Motors Inc. posted a net loss of $412 million for 2023, wider than the $301 million loss "
            "of 2022.\n\nIts cloud segment's operating loss narrowed to $88 million from $120 million a year "
            "earlier.", published="2024-02-20")
    got = {(m.measure, m.value, m.period) for m in x.metrics}
    assert got == {("NetIncome", "-412000000", "2023"), ("NetIncome", "-301000000", "2022"),
                   ("OperatingProfit", "-88000000", "2023"), ("OperatingProfit", "-120000000", "2022")}


def test_income_from_operations_is_operating_profit() -> None:
    x = art("Veldra Optics N.V. said revenue for 2023 was €3,210 million and income from operations reached "
            "€802 million.", published="2024-01-30")
    assert {(m.measure, m.value) for m in x.metrics} == {
        ("Revenue", "3210000000"), ("OperatingProfit", "802000000")}


def test_a_tax_paid_is_not_a_profit() -> None:
    x = art("Ostrava Glass Co. reported a net loss of CZK 81 million in 2020 and had paid about €21,000 "
            "in profit tax over the year.", published="2021-06-01")
    assert {(m.measure, m.value, m.unit) for m in x.metrics} == {("NetIncome", "-81000000", "CCY_CZK")}


# -------------------------------------------------------------- outlooks, estimates, orders

def test_bookings_and_backlog_are_not_revenue() -> None:
    x = art("Veldra Optics N.V. said net sales in the fourth quarter were €1,120 million. Orders were strong: "
            "net bookings in the quarter came to €1.9 billion, of which €0.7 billion was for its newest tools, "
            "and the backlog stood at about €6 billion.", published="2024-01-30")
    assert {m.value for m in x.metrics} == {"1120000000"}


def test_a_range_is_an_outlook_and_not_a_figure() -> None:
    x = art("Veldra Optics N.V. said net sales in the fourth quarter were €1,120 million. For the first "
            "quarter of 2024 the company sees net sales of between €0.9 billion and €1.0 billion.",
            published="2024-01-30")
    assert {m.value for m in x.metrics} == {"1120000000"}


def test_a_figure_named_an_estimate_is_not_a_result() -> None:
    x = art("Brava Telecom Corp. said revenue in the second quarter was $2.4 billion. Revenue fell short of "
            "the $2.5 billion average analyst estimate compiled by LSEG, but profit beat expectations.",
            published="2024-08-01")
    assert {m.value for m in x.metrics} == {"2400000000"}


# ----------------------------------------------------------------- shares, counts, periods

def test_share_up_from_an_earlier_share_is_that_share_not_a_change() -> None:
    x = art("Nuvia Devices held a 21.4% share of the tablet market in the second quarter of 2024, up from "
            "18.9% in the second quarter of 2023.", published="2024-08-01")
    got = {m.value: (m.measure, m.change, m.period) for m in x.metrics}
    assert got["18.9"] == ("MarketShare", None, "2023-Q2")
    assert got["21.4"] == ("MarketShare", None, "2024-Q2")


def test_twelve_months_before_is_a_year_before() -> None:
    x = art("Lumo Telecom said on Tuesday that in 2023 revenue rose 4% to $1.1 billion.\n\n"
            "Lumo Telecom ended the year with 8.2 million subscribers, up from 7.1 million twelve months before.",
            published="2024-02-20")
    got = {m.value: m.period for m in x.metrics if m.measure == "Users"}
    assert got == {"8200000": "2023", "7100000": "2022"}


def test_research_report_opening_with_the_market_total_gives_it_to_nobody() -> None:
    x = art("Dravo Computing stayed the biggest laptop vendor in the country in the second quarter, according "
            "to figures from research firm Omdia.\n\n"
            "Shipments in the country fell 4.2 percent from a year earlier to 11.3 million units.\n\n"
            "Dravo Computing shipped 3.1 million units, up 2 percent.", published="2024-08-01")
    assert {(m.company, m.value) for m in x.metrics} == {("dravo-computing", "3100000"), ("dravo-computing", "2")}



def test_a_headcount_stated_now_has_no_period_and_keeps_its_country() -> None:
    x = art("Veldra Optics N.V. said net sales in 2023 were €3,210 million.\n\n"
            "The company, which employs 4,310 people in the Czech Republic, plans to hire more.",
            published="2024-01-30")
    got = {(m.value, m.period, m.segment) for m in x.metrics if m.measure == "Employees"}
    assert got == {("4310", None, "Czech Republic")}


def test_year_named_after_a_figure_is_its_own_not_the_year_before_it() -> None:
    x = art("Korvane Rubber Works Co. was first listed in 2021, the Council said.\n\n"
            "The tyre maker had recorded a net loss of BYN 12.3 million in 2019 and BYN 20.5 million in 2020, "
            "and had received more in VAT refunds than it paid.", published="2024-02-20")
    assert {(m.company, m.value, m.period) for m in x.metrics} == {
        ("korvane-rubber-works", "-12300000", "2019"), ("korvane-rubber-works", "-20500000", "2020")}


def test_earlier_loss_named_after_than_the_is_the_base_year_and_not_the_next_period() -> None:
    x = art("Korlin Motors Inc. posted a net loss of $412 million for 2023, wider than the $301 million loss "
            "of 2022.\n\nRevenue rose 4% to $2.1 billion.", published="2024-02-20")
    assert {(m.value, m.period) for m in x.metrics} == {
        ("-412000000", "2023"), ("-301000000", "2022"), ("2100000000", "2023"), ("4", "2023")}


def test_percent_more_than_a_year_earlier_is_the_change_of_the_units_before_it() -> None:
    x = art("Nuvia Devices came third with 2.2 million tablets, nearly 40 percent more than a year earlier, "
            "lifting its share to 9 percent.", published="2024-08-01")
    got = {m.value: (m.measure, m.change) for m in x.metrics}
    assert got["40"] == ("Shipments", "YearOverYear")
    assert got["9"] == ("MarketShare", None)


# ------------------------------------------------------------------------ names in text

@pytest.fixture
def zorvo(monkeypatch):
    """A known name that is also an ordinary word, matched in its own case only (as the
    gazetteer's case-sensitive entries are)."""
    from dataclasses import replace

    from kg.extract import gazetteer
    from kg.models import COMPANY

    gaz = gazetteer.load()
    entry = gazetteer.Entry(key="zorvo", kind=COMPANY, label="Zorvo", aliases=("Zorvo",), case_sensitive=True)
    fake = replace(gaz, entries={**gaz.entries, "zorvo": entry}, index={**gaz.index, "zorvo": entry})
    monkeypatch.setattr(gazetteer, "load", lambda: fake)


@pytest.mark.usefixtures("zorvo")
def test_known_name_styled_in_lower_case_opening_a_sentence_is_the_company() -> None:
    x = art("zorvo kept its lead in the tablet market in the second quarter.\n\n"
            "zorvo shipped 4.4 million tablets, up 6 percent from a year earlier.", published="2024-08-01")
    assert {(m.company, m.value) for m in x.metrics} == {("zorvo", "4400000"), ("zorvo", "6")}


def test_subsidiary_described_with_a_possessive_is_a_company_with_its_own_figures() -> None:
    x = art("Zelvik Digital Group reported a net loss for 2023.\n\n"
            "Zelvik Pay, the group's payments subsidiary, ended the year with 3.2 million users, up from "
            "2.1 million twelve months before.", published="2024-02-20")
    assert {(m.company, m.value, m.period) for m in x.metrics} == {
        ("zelvik-pay", "3200000", "2023"), ("zelvik-pay", "2100000", "2022")}


def test_acronym_of_lower_case_words_is_a_term_and_not_a_company() -> None:
    x = art("Veldra Optics N.V. said that in 2023 sales of deep ultraviolet (DUV) tools rose 12 percent to "
            "€2.3 billion, while DUV service sales reached €0.4 billion.", published="2024-02-20")
    assert {e.key for e in x.entities} == {"veldra-optics"}
    assert {m.company for m in x.metrics} == {"veldra-optics"}


@pytest.mark.usefixtures("zorvo")
def test_known_name_styled_in_lower_case_heading_a_ranking_item_is_the_company() -> None:
    x = art("Global tablet shipments rose 3% in the second quarter. Dravex Ltd. led with 14.1 million units, "
            "ahead of Kindrel Ltd. with 9.3 million, zorvo with 6.2 million and Quillon Corp. with 4.4 million.",
            published="2024-08-01")
    assert {(m.company, m.value) for m in x.metrics if m.measure == "Shipments"} >= {("zorvo", "6200000")}


def test_what_a_measure_could_do_is_not_a_figure() -> None:
    x = art("Norvik Telecom Corp. said revenue in 2023 rose 3% to $9.1 billion. It warned that the new export "
            "rules could cut its revenue by about $2 billion over two years.", published="2024-03-01")
    assert {m.value for m in x.metrics} == {"9100000000", "3"}


def test_delivered_on_a_promise_is_no_delivery() -> None:
    x = art("Ardent Airways Ltd. delivered on its pledge in March, when it opened 52 new routes.",
            published="2024-05-01")
    assert x.metrics == ()


def test_two_measures_named_together_take_the_two_amounts_in_order() -> None:
    x = art("Korvan Networks Co., Ltd. said revenue for 2023 rose 6% to 88.1 billion yuan. In 2022, the revenue "
            "and net profit were 83.1 billion yuan and 4.2 billion yuan.", published="2024-03-20")
    got = {m.value: (m.measure, m.period) for m in x.metrics}
    assert got["83100000000"] == ("Revenue", "2022")
    assert got["4200000000"] == ("NetIncome", "2022")


def test_spending_that_is_a_share_of_revenue_is_not_revenue() -> None:
    x = art("Korvan Networks Co., Ltd. said revenue for 2023 rose 6% to 88.1 billion yuan. In 2023, the R&D "
            "investment was 19.4 billion yuan, 22% of the annual revenue.", published="2024-03-20")
    assert {m.value for m in x.metrics} == {"88100000000", "6"}


def test_a_cue_after_the_next_change_is_that_changes() -> None:
    x = art("Nexo Systems Corp. said second-quarter operating profit increased 12 percent to $3.2 billion, though "
            "it slipped 2 percent quarter on quarter.", published="2024-08-01")
    got = {m.value: m.change for m in x.metrics if m.unit == "PERCENT"}
    assert got == {"12": "YearOverYear", "-2": "QuarterOverQuarter"}


@pytest.mark.parametrize(("sentence", "value", "segment"), [
    ("Cloud services, which include hosting and storage, brought in $9.1 billion, up 7 percent.",
     "9100000000", "Cloud services"),
    ("Mobile gaming revenue grew 11 percent to $4.2 billion.", "4200000000", "Mobile gaming"),
    ("The retail segment's operating loss narrowed to $310 million.", "-310000000", "retail"),
    ("Sales of solid oxide (SOX) cells rose 9 percent to $1.3 billion.", "1300000000", "SOX cells"),
    ("Sales of solid oxide (SOX) stacks were flat, while SOX cell sales rose 9 percent to $1.3 billion.",
     "1300000000", "SOX cell"),
    ("Norvik sold 312 packaging machines in the quarter.", "312", "packaging machines"),
    ("The group said it had 48 million monthly active users in the United Kingdom.", "48000000",
     "United Kingdom"),
])
def test_segments_named_with_the_figure(sentence: str, value: str, segment: str) -> None:
    x = art("Norvik Industries Corp. said on Thursday that revenue for the second quarter rose 4% to $30 billion.\n\n"
            + sentence, published="2024-08-01")
    assert {m.value: m.segment for m in x.metrics}.get(value) == segment


def test_hyphenated_first_half_is_the_half_year() -> None:
    x = art("Maravel Energia S.A. said first-half revenue was €2.4 billion, down 6% from a year earlier.",
            published="2024-07-25")
    assert {m.period for m in x.metrics} == {"2024-H1"}


@pytest.mark.parametrize(("cue", "change"), [("on-quarter", "QuarterOverQuarter"), ("on-year", "YearOverYear")])
def test_on_quarter_and_on_year_name_the_comparison(cue: str, change: str) -> None:
    x = art(f"Korvan Chemical Co., Ltd. said third-quarter revenue was 4.1 trillion won, up 2.3% {cue}.",
            published="2024-10-31")
    assert {m.change for m in x.metrics if m.unit == "PERCENT"} == {change}


def test_a_name_whose_share_moves_is_a_company_with_that_share() -> None:
    x = art("Global tablet shipments grew 8% in the third quarter. Velor Ltd. led with a 34% share, while "
            "Brixa's share fell to 18%.", published="2024-11-05")
    assert {(m.company, m.value) for m in x.metrics if m.measure == "MarketShare"} == {
        ("velor", "34"), ("brixa", "18")}


def test_a_count_that_grew_by_an_amount_is_no_level() -> None:
    x = art("Monarch Pay Inc. said its users grew by 10 million in the first quarter to 95 million.",
            published="2024-05-02")
    assert {m.value for m in x.metrics} == {"95000000"}


def test_a_year_before_the_measure_word_is_the_period() -> None:
    x = art("Ferro Steel Group said 2023 sales dropped 9.4% to 51.2 billion yuan. The company has 23,000 "
            "employees.", published="2024-03-15")
    assert {(m.measure, m.period) for m in x.metrics} == {
        ("Revenue", "2023"), ("Employees", None)}


def test_a_bare_count_in_a_ranking_of_units_shipped_is_shipments() -> None:
    x = art("Global e-reader shipments fell 2.7% to 12.4 million units in the fourth quarter of 2023, Omdia said. "
            "Pelvaro Ltd. led with 3.4 million, up 8.9% from a year ago, giving it a 27.4% share.",
            published="2024-02-05")
    got = {m.value: (m.measure, m.change) for m in x.metrics}
    assert got == {"3400000": ("Shipments", None), "8.9": ("Shipments", "YearOverYear"),
                   "27.4": ("MarketShare", None)}


def test_a_month_span_before_the_measure_word_is_the_period() -> None:
    x = art("Yokohama Marine Industries Co. reported an April-June net profit of 14.2 billion yen, up from 9.8 "
            "billion yen a year earlier.", published="2024-08-08")
    assert {(m.value, m.period) for m in x.metrics} == {("14200000000", "2024-Q2"), ("9800000000", "2023-Q2")}


def test_gross_merchandise_volume_is_not_a_measure() -> None:
    x = art("Kuaiyun Technology Ltd. said second-quarter net profit jumped 73% to 4.7 billion yuan. Its "
            "e-commerce gross merchandise volume rose 15%.", published="2024-08-22")
    assert {m.value for m in x.metrics} == {"4700000000", "73"}


def test_the_base_of_a_comparison_named_a_profit_keeps_the_measure_and_its_own_sign() -> None:
    x = art("Nordvik Telecom AB reported a fourth-quarter operating loss of SEK 1.1 billion, compared with a "
            "profit of SEK 4.5 billion a year earlier.", published="2024-01-26")
    assert {(m.measure, m.value, m.period) for m in x.metrics} == {
        ("OperatingProfit", "-1100000000", "2023-Q4"), ("OperatingProfit", "4500000000", "2022-Q4")}


def test_a_part_of_the_companys_own_revenue_is_no_figure() -> None:
    x = art("Tarsa Semiconductor Corp. said second-quarter net income rose 36% to NT$247.8 billion. Advanced "
            "chips made up 67% of wafer revenue.", published="2024-07-19")
    assert {m.value for m in x.metrics} == {"247800000000", "36"}


def test_names_in_a_whose_clause_own_nothing() -> None:
    x = art("Selvo Group, whose brands include Vexo and Ardo, said revenue fell 2.5 per cent to 61.4 billion "
            "yuan in 2023.", published="2024-02-29")
    assert {m.company for m in x.metrics} == {"selvo"}


def test_a_name_with_a_russian_or_nordic_legal_form_is_a_company() -> None:
    x = art("Treasury sanctioned Volga Aero PJSC on Monday. The airline reported a net loss of 14.3 billion "
            "roubles for 2021.", published="2022-03-01")
    assert {(m.company, m.value) for m in x.metrics} == {("volga-aero", "-14300000000")}


@pytest.mark.parametrize("sentence", [
    "The EU fined the company €2 million in 2020.",
    "The company was valued at $9 billion in a 2021 funding round.",
    "It planned to raise up to $500 million in a Shanghai listing.",
])
def test_fines_valuations_and_fund_raising_are_not_figures(sentence: str) -> None:
    x = art("Kestrel Avionics Co. said revenue for 2023 rose 8% to $2.1 billion.\n\n" + sentence,
            published="2024-03-01")
    assert {m.value for m in x.metrics} == {"2100000000", "8"}


@pytest.mark.parametrize("sentence", [
    "Sunbridge Solar Co. said it shipped 21.3 gigawatts of modules in the third quarter.",
    "Sunbridge Solar Co. said it shipped 4.2 GW of modules in the third quarter.",
    "Ferro Steel Group said it sold 8.1 million tonnes of steel in the third quarter.",
])
def test_physical_quantities_are_no_counts(sentence: str) -> None:
    assert art(sentence, published="2024-11-20").metrics == ()


@pytest.mark.parametrize("sentence", [
    "Profit was hurt by a $45 million restructuring charge.",
    "Operating cash flow was $2.2 billion.",
    "Gross profit rose 5% to $4.4 billion.",
    "EBITDA came to $1.9 billion.",
])
def test_charges_cash_flow_gross_profit_and_ebitda_are_not_our_measures(sentence: str) -> None:
    x = art("Alder Networks Inc. said its net profit for 2023 was $1.6 billion, up 12%.\n\n" + sentence,
            published="2024-02-15")
    assert {m.value for m in x.metrics} == {"1600000000", "12"}


def test_a_company_article_that_cites_a_research_firm_keeps_its_company_less_amounts() -> None:
    x = art("Acme Computing Corp. is the world's second-largest laptop maker, according to research firm IDC.\n\n"
            "Revenue for the quarter ended June 30 rose 5% to $3 billion.", published="2024-08-01")
    assert {(m.company, m.value) for m in x.metrics} == {("acme-computing", "3000000000"), ("acme-computing", "5")}


@pytest.mark.usefixtures("zorvo")
def test_a_lower_case_word_starting_a_hard_wrapped_line_is_no_styled_name() -> None:
    x = art("Kestrel Avionics Co. said revenue rose 8% to $2.1 billion in 2023, a year in which the\n"
            "zorvo line of drones sold well.", published="2024-03-01")
    assert "zorvo" not in {e.key for e in x.entities}


def test_a_dateline_in_capitals_says_which_country_the_yen_sign_is_of() -> None:
    x = art("OSAKA — Kawabe Holdings Inc. posted a net loss of ¥42.8 billion for 2023.", published="2024-02-10")
    assert {(m.value, m.unit) for m in x.metrics} == {("-42800000000", "CCY_JPY")}


def test_a_subsidiary_named_after_its_parent_is_a_company_of_its_own() -> None:
    x = art("Kawabe Group posted a net loss of 42.8 billion yen for 2023. Kawabe Bank, a subsidiary, had "
            "15.2 million accounts at the end of December.", published="2024-02-10")
    assert {(m.company, m.measure) for m in x.metrics} == {("kawabe", "NetIncome"), ("kawabe-bank", "Users")}
