"""extract: the helpers (dates, periods, quantities, keys) and the evidence spans.

The extraction cases themselves are data: ``tests/extract_cases/`` (``tests/test_extract_cases.py``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.dates import Anchor, find_dates, find_dates_after, find_periods, period_bounds
from kg.extract.entities import (
    EntityTable,
    Mention,
    drop_term_acronyms,
    find_titled_people,
    link_acronyms,
    org_key,
    propagate_names,
    retype_company_names,
)
from kg.extract.metrics import find_quantities
from kg.ingest import parse_article
from kg.models import COMPANY, DateValue
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
    ("for the three months to the end of September", "2024-10-25", "2024-Q3"),
    # a fiscal year is named by the calendar year in which it ends
    ("in the fiscal year that ended on March 31", "2025-05-14", "2025"),
    ("for the year to June", "2024-08-01", "2024"),
    ("in the second half of 2020", None, "2020-H2"),
    ("full-year 2022 revenue", None, "2022"),
    ("Q3 2019", None, "2019-Q3"),
])
def test_periods(text: str, anchor: str | None, period: str) -> None:
    assert find_periods(text, Anchor.parse(anchor))[0].period == period


def test_fiscal_quarter_without_end_date_is_left_out() -> None:
    assert find_periods("in its first fiscal quarter", Anchor.parse("2023-08")) == []
    assert find_periods("the fourth quarter of the fiscal year", Anchor.parse("2025-07-31")) == []
    assert find_periods("the second quarter of Kelm's fiscal year", Anchor.parse("2025-07-31")) == []


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
    # a name that is a place and trade words: not keyed by the place ("Varna Group" may be)
    assert org_key("China Electronics Technology Group Corporation") == "china-electronics"
    assert org_key("Varna Group") == "varna"


def test_evidence_is_the_exact_text() -> None:
    body = "Zentro Robotics Co. was added to the Entity List by the Commerce Department.\r\n"
    x = art(body)
    for fact in (*x.sanctions, *x.court_orders, *x.metrics):
        for ev in fact.evidence:
            assert x.article.text[ev.start:ev.end] == ev.exact


def test_single_name_added_to_a_list_is_a_company() -> None:
    text = "The Commerce Department added Quanzhi to the Entity List on Monday."
    start = text.index("Quanzhi")
    table = EntityTable([Mention(start, start + 7, "Quanzhi", "quanzhi", "person")])
    retype_company_names(table, text)
    assert [m.kind for m in table.mentions] == ["company"]


@pytest.mark.parametrize(("published", "period"), [
    ("2023-08-22", "2023-Q2"), ("2023-10-02", "2023-Q3"), ("2024-01-15", "2023-Q4")])
def test_last_quarter_is_the_latest_ended(published: str, period: str) -> None:
    assert [p.period for p in find_periods("Revenue rose 5% in the last quarter.", Anchor.parse(published))] == [period]
    assert [p.period for p in find_periods("in the last quarter of 2022", Anchor.parse(published))] == ["2022-Q4"]


@pytest.mark.parametrize(("sentence", "previous", "value"), [
    ("A year later the Treasury acted.", "2020-12", "2021-12"),
    ("Three days later a panel refused.", "2020-10-23", "2020-10-26"),
    ("Belmor followed in December of that year.", "2021-08", "2021-12"),
    ("On Nov. 30 that year the appeals court ruled.", "2018-05-30", "2018-11-30"),
    ("Three months later Congress acted.", "2017-09", "2017-12"),
])
def test_dates_counted_from_the_sentence_before(sentence: str, previous: str, value: str) -> None:
    found = find_dates_after(sentence, Anchor.parse("2025-06-30"), DateValue(previous))
    assert [str(d.value) for d in found] == [value]


@pytest.mark.parametrize(("name", "key"), [("Marvex Energy Pte Ltd", "marvex-energy"),
                                           ("Tellan Mission SDN BHD", "tellan-mission")])
def test_singapore_and_malaysia_legal_suffixes(name: str, key: str) -> None:
    assert org_key(name) == key


# ---- periods and currency codes of figures

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


def test_a_base_figure_without_its_currency_takes_the_currency_of_the_figure_before() -> None:
    text = "Operating profit climbed to 598 million euros from 409 million, while 3 million units shipped."
    assert [q.unit for q in find_quantities(text)] == ["CCY_EUR", "CCY_EUR", "NUM"]


def test_a_currency_code_is_read_in_capitals_only_when_it_is_also_a_word() -> None:
    assert [q.unit for q in find_quantities("revenue of TRY 2.4 billion")] == ["CCY_TRY"]
    assert [q.unit for q in find_quantities("users try 2 features a day")] == ["NUM"]


def test_a_time_of_day_is_no_amount() -> None:
    text = "**09:05** — Kelmar delivered 4,200 cars by 14:30, up 8%."
    assert [q.value for q in find_quantities(text)] == [Decimal(4200), Decimal(8)]


# ---- acronyms spelled out in common words, on the entity table

def test_an_acronym_of_common_words_is_no_company() -> None:
    text = ("Sales of deep ultraviolet (DUV) systems rose, and PXL sold more extreme ultraviolet "
            "(EUV) tools. EUV revenue doubled.")
    ents = [("DUV", "ORG"), ("PXL", "ORG"), ("EUV", "ORG"), ("EUV", "ORG")]
    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert [m.key for m in table.mentions if m.kind == "company"] == ["pxl"]


def test_an_acronym_of_a_kind_of_product_before_market_is_no_company() -> None:
    # "China's crowded EV market", "EV makers": a kind of product; "VNX market share" is the company's
    text = ("Pricing was weak in China's crowded EV market, where EV makers cut prices. "
            "VNX market share rose to 38%.")
    ents = [("EV", "ORG"), ("EV", "ORG"), ("VNX", "ORG")]
    table = EntityTable()
    table.mentions = model_mentions(text, ents)
    drop_term_acronyms(text, table)
    assert [m.key for m in table.mentions if m.kind == "company"] == ["vnx"]


def test_one_word_names_in_a_list_of_designated_targets_are_companies() -> None:
    # "Slavkorn, Beltesk and Kidmar were designated too": people are named in full, not by one word
    text = ("The Treasury has designated 20 individuals and 12 entities. "
            "Slavkorn, Beltesk and Kidmar were designated too.")
    ents = [("Slavkorn", "PERSON"), ("Beltesk", "PERSON"), ("Kidmar", "PERSON")]
    table = EntityTable()
    table.mentions = model_mentions(text, ents)
    retype_company_names(table, text)
    assert [m.key for m in table.mentions if m.kind == "company"] == ["slavkorn", "beltesk", "kidmar"]


@pytest.mark.parametrize("text, name", [
    ("Kelmpeng reports a record 21,352 deliveries for September, up 39.5% from a year ago.", "Kelmpeng"),
    ("The premium electric brand Zeekor says it delivered a record 21,333 vehicles last month.", "Zeekor"),
    ("Two years ago Kelmpeng was a company defined by what it had lost.", "Kelmpeng"),
    ("Zeekor is the world's second-biggest sportswear maker.", "Zeekor"),
    ("It banned members of his family and Kelmraz, the steelmaker in which he holds a stake.", "Kelmraz"),
])
def test_a_one_word_name_that_reports_deliveries_or_is_called_a_company_is_one(text: str, name: str) -> None:
    table = EntityTable()
    table.mentions = model_mentions(text, [(name, "PERSON")])
    retype_company_names(table, text)
    assert [m.kind for m in table.mentions] == ["company"]


def test_a_full_name_after_a_chief_executive_is_a_person_even_when_the_model_reads_an_organisation() -> None:
    text = 'Velmora\'s profit fell 12%. "We are fixing the causes," chief executive Marta Kovel said.'
    table = EntityTable()
    table.mentions = model_mentions(text, [("Velmora", "ORG"), ("Marta Kovel", "ORG")])
    find_titled_people(text, table)
    assert [(m.key, m.kind) for m in table.mentions] == [("velmora", "company"), ("marta-kovel", "person")]


@pytest.mark.parametrize("text, ents, expected", [
    # without_legal_suffix("Japan Electronics Technology Group") leaves "Japan": the country stays the country
    ("The rule names Japan Electronics Technology Group. Exports to Japan fell.",
     [("Japan Electronics Technology Group", "ORG")], [("Japan Electronics Technology Group", "company")]),
    # "Bank Kelmat ... Kelmat's challenge": the bank's short name, which the model reads as a person's
    ("The Treasury cut off Bank Kelmat in 2009. Kelmat's challenge went badly at first.",
     [("Bank Kelmat", "ORG"), ("Kelmat", "PERSON")], [("Bank Kelmat", "company"), ("Kelmat", "company")]),
])
def test_a_name_is_recognised_by_its_short_form_and_only_by_it(text: str, ents: list, expected: list) -> None:
    table = EntityTable()
    table.mentions = model_mentions(text, ents)
    propagate_names(text, table)
    assert [(m.text, m.kind) for m in table.mentions] == expected
    assert len({m.key for m in table.mentions}) == 1


def test_research_and_production_enterprise_is_one_name() -> None:
    # the model cuts "Kelmsk Research and Production Enterprise Varna-Avia" at "and"
    text = "Kelmsk Research and Production Enterprise Varna-Avia, an avionics maker, is on it as well."
    table = EntityTable()
    from kg.extract.text_mentions import join_adjacent_names

    table.mentions = model_mentions(text, [("Kelmsk Research", "ORG"), ("Production Enterprise Varna-Avia", "ORG")])
    join_adjacent_names(text, table)
    assert [m.text for m in table.mentions] == ["Kelmsk Research and Production Enterprise Varna-Avia"]


@pytest.mark.parametrize("text, ents, expected", [
    # "Kelmros, a news agency that ...": an outlet (a business), unlike "Varcom, the audiovisual agency"
    ("The list targets Kelmros, a news agency that runs a cyber unit, and Varcom, the audiovisual agency.",
     [("Kelmros", "ORG"), ("Varcom", "ORG")], [("Kelmros", "company"), ("Varcom", "government")]),
    # "Russia's second-largest airline, S7, was sanctioned": the tagger reads "S7" as a noun (real
    # names: the invented ones tried were read as proper nouns)
    ("Russia's second-largest airline, S7, was sanctioned together with its co-owner.", [], [("S7", "company")]),
])
def test_an_apposition_types_the_name_it_describes(text: str, ents: list, expected: list) -> None:
    from kg.extract import nlp as nlp_mod
    from kg.extract.text_mentions import find_described_companies

    table = EntityTable()
    table.mentions = model_mentions(text, ents)
    find_described_companies(nlp_mod.load()(text), 0, text, table)
    assert [(m.text, m.kind) for m in table.mentions] == expected


def test_an_acronym_of_a_named_company_stays_the_company() -> None:
    text = "Zentral Halbleiter Werke (ZHW) said ZHW would grow."
    ents = [("Zentral Halbleiter Werke", "ORG"), ("ZHW", "ORG")]
    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert {m.key for m in table.mentions if m.kind == "company"} == {"zentral-halbleiter-werke"}


@pytest.mark.parametrize("text, ents, expected", [
    # the short name is the long one without its leading place or initialism: one company
    ("The EU sanctioned Shandong Kelvar Petrochemical and UC Morsal plc. Kelvar said it would appeal. "
     "Morsal shares fell.",
     [("Shandong Kelvar Petrochemical", "ORG"), ("UC Morsal plc", "ORG"), ("Kelvar", "ORG"), ("Morsal", "ORG")],
     {"Shandong Kelvar Petrochemical": "kelvar", "Kelvar": "kelvar", "UC Morsal plc": "morsal", "Morsal": "morsal"}),
    # two places before one core: two companies, neither of them the short name
    ("The list adds Beijing Tarvo Microelectronics Co., Ltd. and Shenzhen Tarvo Microelectronics Co., Ltd. "
     "Tarvo Microelectronics declined to comment.",
     [("Beijing Tarvo Microelectronics Co., Ltd.", "ORG"), ("Shenzhen Tarvo Microelectronics Co., Ltd.", "ORG"),
      ("Tarvo Microelectronics", "ORG")],
     {"Beijing Tarvo Microelectronics Co., Ltd.": "beijing-tarvo-microelectronics",
      "Shenzhen Tarvo Microelectronics Co., Ltd.": "shenzhen-tarvo-microelectronics",
      "Tarvo Microelectronics": "tarvo-microelectronics"}),
    # a legal form before the name and a short name with a form of its own: not merged
    ("AO Kelvar Lab and Kelvar Group were listed. Nanchang Morsal Tech supplies Morsal Group.",
     [("AO Kelvar Lab", "ORG"), ("Kelvar Group", "ORG"), ("Nanchang Morsal Tech", "ORG"), ("Morsal Group", "ORG")],
     {"AO Kelvar Lab": "ao-kelvar-lab", "Kelvar Group": "kelvar", "Nanchang Morsal Tech": "nanchang-morsal-tech",
      "Morsal Group": "morsal"}),
])
def test_short_names_link_to_the_long_name_without_its_lead(text, ents, expected):
    from kg.extract.coreference import link_short_names
    from kg.extract.entities import EntityTable

    table = EntityTable(mentions=model_mentions(text, ents))
    link_short_names(table, text)
    assert {m.text: m.key for m in table.mentions} == expected


def test_two_company_mentions_with_only_a_space_between_are_one_name() -> None:
    from kg.extract.mentions import EntityTable, Mention
    from kg.extract.text_mentions import join_adjacent_names
    from kg.models import COMPANY

    text = "It covered Q3Harris Maritime Services, Belcor Co. Tarsa said so."
    cut = [Mention(11, 19, "Q3Harris", "q3harris", COMPANY), Mention(20, 37, "Maritime Services", "maritime-services",
                                                                    COMPANY),
           Mention(39, 49, "Belcor Co.", "belcor", COMPANY), Mention(50, 55, "Tarsa", "tarsa", COMPANY)]
    table = EntityTable(mentions=cut)
    join_adjacent_names(text, table)
    assert [(m.text, m.key) for m in table.mentions] == [
        ("Q3Harris Maritime Services", "q3harris-maritime-services"), ("Belcor Co.", "belcor"), ("Tarsa", "tarsa")]


def test_words_the_model_left_out_between_two_pieces_join_them_and_the_first_is_the_short_form() -> None:
    from kg.extract.mentions import EntityTable, Mention
    from kg.extract.text_mentions import join_adjacent_names
    from kg.models import COMPANY

    # "Velmora" + " Maison Arlet " + "Louis Parel": one company, and "Velmora" alone (the headline,
    # a later sentence) is its short form
    text = "Velmora profit falls. Velmora Maison Arlet Louis Parel said so. Velmora's shares fell."
    cut = [Mention(0, 7, "Velmora", "velmora", COMPANY), Mention(22, 29, "Velmora", "velmora", COMPANY),
           Mention(43, 54, "Louis Parel", "louis-parel", COMPANY), Mention(64, 71, "Velmora", "velmora", COMPANY)]
    table = EntityTable(mentions=cut)
    join_adjacent_names(text, table)
    full = "velmora-maison-arlet-louis-parel"
    assert [(m.text, m.key) for m in table.mentions] == [
        ("Velmora", full), ("Velmora Maison Arlet Louis Parel", full), ("Velmora", full)]


def _spans_at(text: str, *pieces: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for piece in pieces:
        start = text.index(piece, at)
        spans.append((start, start + len(piece)))
        at = start + len(piece)
    return spans


@pytest.mark.parametrize(("pieces", "expected"), [
    # the parser took a name's first word for a sentence of its own
    (("The rest of the list reaches beyond China.", "Si2", "Varnasystems Ltd is on it."),
     ["The rest of the list reaches beyond China.", "Si2 Varnasystems Ltd is on it."]),
    # ... or left it at the end of the sentence before
    (("The rest of the list reaches beyond China. Si2", "Varnasystems Ltd is on it."),
     ["The rest of the list reaches beyond China.", "Si2 Varnasystems Ltd is on it."]),
    # a sentence cut after a word, or after a legal form's full stop before a word in lower case
    (("It proposed adding refiner Varna Co., Ltd and trader", "Kelm Energy DMCC to its package."),
     ["It proposed adding refiner Varna Co., Ltd and trader Kelm Energy DMCC to its package."]),
    (("Varna Co., Ltd.", "and Kelm Ltd were also named."), ["Varna Co., Ltd. and Kelm Ltd were also named."]),
    # a dateline's dash, and a real full stop, end nothing to mend
    (("TOKYO, June 21 —", "Japan acted."), ["TOKYO, June 21 —", "Japan acted."]),
    (("Kelm Ltd. was named.", "Varna was not."), ["Kelm Ltd. was named.", "Varna was not."]),
])
def test_sentence_spans_mended_where_the_parser_slips(pieces, expected):
    from kg.extract.core import _mend_openings

    text = " ".join(pieces)
    assert [text[s:e] for s, e in _mend_openings(_spans_at(text, *pieces), text)] == expected


@pytest.mark.parametrize(("text", "name", "source"), [
    ("The figure came from Varnex, as Kelm Wire reported on Monday.", "Kelm Wire", True),
    ("That is more than the $25.18 billion Kelm Wire reported for the quarter.", "Kelm Wire", False),
    ("Sales were up 4%, Kelm Wire reported.", "Kelm Wire", True),
])
def test_a_name_reporting_an_amount_is_no_source(text: str, name: str, source: bool) -> None:
    """"X reported" quotes a source, unless what X reported is the amount right before it."""
    from kg.extract.names import is_source_context

    start = text.index(name)
    assert is_source_context(text, start, start + len(name)) is source


@pytest.mark.parametrize("text, ents, expected", [
    # the model cut a name at its bracket: it ends before the bracket it did not close
    ("The Treasury named Tesk Oil Company (Teskol) on Friday.", [("Tesk Oil Company (Teskol", "ORG")],
     {"Tesk Oil Company": "tesk-oil"}),
    # ... unless the name goes on after the bracket closes
    ("It named Varna Cloud (Beijing) Technology and others.", [("Varna Cloud (", "ORG")],
     {"Varna Cloud (Beijing) Technology": "varna-cloud-beijing"}),
    # the model began a name inside its brackets: it begins with the words before them, past a lead word
    ("Neither Varna Telecom (Americas) Corp. nor Kelm replied.", [("Americas) Corp.", "ORG"), ("Kelm", "ORG")],
     {"Varna Telecom (Americas) Corp.": "varna-telecom-americas", "Kelm": "kelm"}),
    # no name before the bracket: no name
    ("It said (Americas) Corp. was named.", [("Americas) Corp.", "ORG")], {}),
    # a name the model ran on into the word after it: the word is no part of it
    ("The four are Tesk Trade LLC of Tashkent and others.", [("Tesk Trade LLC of", "ORG")],
     {"Tesk Trade LLC": "tesk-trade"}),
])
def test_a_name_the_model_cut_at_a_bracket_or_ran_on_is_mended(text, ents, expected):
    assert {m.text: m.key for m in model_mentions(text, ents)} == expected


def test_a_known_name_goes_on_within_its_line_only() -> None:
    from kg.extract.model_entities import _longer_name_end

    # "... and Acme Technology Co.\n\nBolt, for its part": the next paragraph's first word is no part of the name
    text = "It listed Acme Technology Co.\n\nBolt, for its part, was not. Acme Telecom Americas was."
    assert _longer_name_end(text, text.index(".\n\n") + 1) is None
    assert _longer_name_end(text, text.index(" Americas")) == text.index(" was.")


def test_a_limited_partnership_the_model_split_off_is_the_names_legal_form() -> None:
    # the model took "VCOM" and "Limited Partnership" for two names; the legal-name pattern joins them
    text = "The notice names VCOM, Limited Partnership; Kelm Rudder Enterprises LLC."
    mentions = model_mentions(text, [("VCOM", "ORG"), ("Limited Partnership", "ORG")], patterns=True)
    assert {m.text: m.key for m in mentions if "Kelm" not in m.text} == {"VCOM, Limited Partnership": "vcom"}


# ---- "the two companies" in a sentence that names none


@pytest.mark.parametrize(("group", "expected"), [
    (["totalenergies", "bp", "trafigura"], []),  # three bystanders named last: not "the two companies"
    (["varnoil", "kelmoil"], ["varnoil", "kelmoil"]),
])
def test_the_two_companies_are_the_last_group_of_two(group: list[str], expected: list[str]) -> None:
    from kg.extract.facts import _companies
    from kg.extract.legal_drafts import Recall

    recall = Recall()
    recall.groups.append((4, [Mention(i * 10, i * 10 + 5, key, key, COMPANY) for i, key in enumerate(group)]))
    sentence = "OFAC named 34 subsidiaries of the two companies alongside their parents."
    found = _companies(sentence, recall, 5, 100, sentence, [], [])
    assert [m.key for m in found] == expected


@pytest.mark.parametrize(("opening", "lead"), [
    ("Velmont Air flew a Tarvos T-320 freighter to Toronto on Tuesday. Officials were not told.", "velmont-air"),
    # named only as a model's maker, "a Tarvos T-320 freighter" is not what the story is about
    ("Officials seized a Tarvos T-320 freighter that Velmont Air flew to Toronto. They were not told.", None),
])
def test_the_lead_company_is_not_a_models_maker(opening: str, lead: str | None) -> None:
    from kg.extract.descriptions import _lead_company

    named = [Mention(opening.index(n), opening.index(n) + len(n), n, k, COMPANY)
             for n, k in (("Tarvos", "tarvos"), ("Velmont Air", "velmont-air"))]
    named.sort(key=lambda m: m.start)
    stop = opening.index(". ") + 1
    assert _lead_company(opening, named, [(0, stop), (stop + 1, len(opening))]) == lead


def test_a_person_right_before_a_line_of_business_is_the_start_of_a_companys_name() -> None:
    from kg.extract.mentions import EntityTable, Mention
    from kg.extract.text_mentions import join_adjacent_names
    from kg.models import COMPANY, PERSON

    # the model reads "Tesk Alpha" as a person; "Rubber and Plastics Technology Co" goes on from it. A titled
    # person ("Chairman Ann Lee") before a company's name stays apart
    text = "It named Tesk Alpha Rubber and Plastics Technology Co and Ann Lee Shipping Ltd."
    cut = [Mention(9, 19, "Tesk Alpha", "tesk-alpha", PERSON),
           Mention(20, 53, "Rubber and Plastics Technology Co", "rubber-and-plastics", COMPANY),
           Mention(58, 65, "Ann Lee", "ann-lee", PERSON, titled=True),
           Mention(66, 79, "Shipping Ltd.", "shipping", COMPANY)]
    table = EntityTable(mentions=cut)
    join_adjacent_names(text, table)
    assert [(m.text, m.kind) for m in table.mentions] == [
        ("Tesk Alpha Rubber and Plastics Technology Co", COMPANY), ("Ann Lee", PERSON), ("Shipping Ltd.", COMPANY)]


@pytest.mark.parametrize(("text", "previous", "expected"), [
    # a day without its year right after a day of an earlier year, later in that year: in that year
    ("On April 28 the appeals court dismissed the complaint.", "2022-04-01", "2022-04-28"),
    # earlier in the year than the day before it: not the story's year
    ("On April 28 the appeals court dismissed the complaint.", "2022-05-10", "2024-04-28"),
    # a year written out stays
    ("On April 28, 2023 the appeals court dismissed the complaint.", "2022-04-01", "2023-04-28"),
])
def test_a_day_without_its_year_after_an_earlier_years_day_is_in_that_year(text: str, previous: str,
                                                                            expected: str) -> None:
    found = find_dates_after(text, Anchor.parse("2024-06-14"), DateValue(previous))
    assert [str(f.value) for f in found] == [expected]
