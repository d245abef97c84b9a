"""extract: general rules for articles the extractor was not tuned on.

Each test is written from a kind of miss seen on unseen articles, in sentences of our own
(invented companies, lists and courts), so a rule must hold for any name, not for one story.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.ingest import parse_article
from tests.helpers import model_mentions


def art(body: str, published: str | None = "2024-06-14"):
    meta = f"---\npublished: {published}\n---\n" if published else ""
    return extract(parse_article("t.txt", meta + body))


def _mentions(text: str, ents: list[tuple[str, str]]):
    return model_mentions(text, ents, patterns=True)


def _companies(x) -> set[str]:
    return {e.key for e in x.entities if e.kind == "company"}


# ---- 1. legal names: a place in brackets, 'Co., Limited', '&'

@pytest.mark.parametrize(("name", "key"), [
    ("Qingdao Harvel Robotics (Suzhou) Co., Ltd.", "qingdao-harvel-robotics-suzhou"),
    ("Marvane Ocean Tanker (Tianjin) Co., Ltd.", "marvane-ocean-tanker-tianjin"),
    ("Dunlore Microchips Co., Limited", "dunlore-microchips"),
    ("Pellham & Rowe Trading", "pellham-rowe-trading"),
])
def test_legal_name_is_one_company(name: str, key: str) -> None:
    x = art(f"The Commerce Department added {name} to the Entity List on Friday.\n")
    assert _companies(x) == {key}
    assert [s.target for s in x.sanctions] == [key]


def test_model_pieces_of_a_legal_name_are_one_mention() -> None:
    text = "The Treasury named Dunlore Microchips Co., Limited and Qingdao Harvel (Suzhou) Co., Ltd. on Monday."
    mentions = _mentions(text, [("Dunlore Microchips Co.", "ORG"), ("Limited", "ORG"),
                                ("Qingdao Harvel", "PERSON")])
    assert [m.key for m in mentions if m.kind == "company"] == ["dunlore-microchips", "qingdao-harvel-suzhou"]


def test_known_name_inside_a_legal_name_stays_itself() -> None:
    x = art("The Pentagon named Huawei Technologies Co., Ltd. in its report.\n")
    assert "huawei" in _companies(x)


# ---- 3. a court's chamber is part of the court

@pytest.mark.parametrize("chamber", ["the Third Chamber", "the Grand Chamber",
                                     "the Sixth Chamber, Extended Composition,"])
def test_chamber_of_a_court_is_not_a_company(chamber: str) -> None:
    x = art(f"The General Court, sitting in {chamber} annulled the listing of Varnholt Petrochemicals "
            "on Wednesday.\n\nThe Council of the European Union had frozen Varnholt Petrochemicals' assets in 2022.\n")
    assert _companies(x) == {"varnholt-petrochemicals"}
    assert {o.target for o in x.court_orders} == {"varnholt-petrochemicals"}


def test_chamber_read_as_an_organisation_is_dropped() -> None:
    text = "The Second Chamber and the Fourth Chamber, Extended Composition, heard Ostrava Metals."
    mentions = _mentions(text, [("The Second Chamber", "ORG"), ("Extended Composition", "ORG"),
                                ("Ostrava Metals", "PERSON")])
    assert [m.key for m in mentions] == ["ostrava-metals"]


# ---- 7. company names the model reads as people, places or products

@pytest.mark.parametrize(("text", "name", "label"), [
    ("The Treasury sanctioned Brightwave Marine on Friday.", "Brightwave Marine", "PERSON"),
    ("Regulators fined Kolvane Petrochemicals last year.", "Kolvane Petrochemicals", "PRODUCT"),
    ("Washington blacklisted Tarsen Aviation in May.", "Tarsen Aviation", "LOC"),
])
def test_name_ending_in_a_trade_word_is_a_company(text: str, name: str, label: str) -> None:
    mentions = _mentions(text, [(name, label)])
    assert [(m.kind, m.text) for m in mentions if m.kind == "company"] == [("company", name)]


def test_segment_named_like_a_company_is_not_one() -> None:
    text = "The Mobile & Cloud Communications division booked 2 trillion won of operating profit."
    assert _mentions(text, []) == []


def test_title_case_headline_names_no_company() -> None:
    text = "Britain Sanctions Two Russian Shipping Firms Over Oil Trade\n\nThe move was expected."
    assert _mentions(text, []) == []


@pytest.mark.parametrize("sentence", [
    "Norbrook said its revenue rose 12% to $2.1 billion in the second quarter.",
    "Norbrook's net profit rose 12% to $2.1 billion in the second quarter.",
])
def test_single_name_with_business_cues_is_a_company(sentence: str) -> None:
    x = art(sentence + "\n")
    assert {m.company for m in x.metrics} == {"norbrook"}
    assert "norbrook" in _companies(x)


def test_single_name_added_to_a_list_is_a_company() -> None:
    from kg.extract.entities import EntityTable, Mention, retype_company_names

    text = "The Commerce Department added Quanzhi to the Entity List on Monday."
    start = text.index("Quanzhi")
    table = EntityTable([Mention(start, start + 7, "Quanzhi", "quanzhi", "person")])
    retype_company_names(table, text)
    assert [m.kind for m in table.mentions] == ["company"]


def test_people_stay_people() -> None:
    x = art("Judge Maria Alvarez granted Norvik Drones Ltd. a preliminary injunction on Tuesday.\n\n"
            "Chief executive Lena Ostrova said the company's sales rose.\n")
    kinds = {e.key: e.kind for e in x.entities}
    assert kinds.get("maria-alvarez") == "person"
    assert "lena-ostrova" not in _companies(x)


def test_appeals_court_is_not_a_description_of_the_app() -> None:
    x = art("The Treasury designated Corvane Logistics in 2020.\n\n"
            "The appeals court upheld the designation of Corvane Logistics on Thursday.\n")
    (company,) = [e for e in x.entities if e.key == "corvane-logistics"]
    assert not any("app" in a for a in company.aliases)


# ---- 4. one decision about several companies: an order about each one's sanction

@pytest.mark.parametrize("decision", [
    "On Thursday the appeals court upheld the designations of Corvane Logistics and Pellmar Energy.",
    "On Thursday the General Court annulled the listings of Corvane Logistics and Pellmar Energy.",
    "On Thursday a federal judge blocked the designations of Corvane Logistics and Pellmar Energy.",
])
def test_one_decision_about_two_companies_is_an_order_about_each(decision: str) -> None:
    x = art("The Treasury sanctioned Corvane Logistics and Pellmar Energy in 2021.\n\n" + decision + "\n")
    concerns = {o.target: o.concerns for o in x.court_orders}
    assert set(concerns) == {"corvane-logistics", "pellmar-energy"}
    assert all(c is not None and c[1] == t for t, c in concerns.items())


def test_decision_about_their_challenges_covers_the_companies_named_before() -> None:
    x = art("Corvane Logistics and Pellmar Energy Ltd were added to the Entity List in 2020.\n\n"
            "On Tuesday the appeals court dismissed their challenges to the listings.\n")
    assert {o.target for o in x.court_orders} == {"corvane-logistics", "pellmar-energy"}


def test_decision_alone_states_the_sanction_it_is_about() -> None:
    x = art("A federal judge on Tuesday blocked the Pentagon's designations of Zorvex and Kalimar "
            "Semiconductor Co. as military companies.\n")
    assert {s.target: s.status for s in x.sanctions} == {"zorvex": "Suspended", "kalimar-semiconductor": "Suspended"}


def test_clause_dates_the_listing_a_court_annulled() -> None:
    x = art("The General Court on Wednesday annulled the listing of Halvard Shipping Ltd, a firm that "
            "the Council of the European Union had sanctioned in 2022.\n")
    (sanction,) = x.sanctions
    assert (sanction.target, str(sanction.start_date), sanction.authority) == (
        "halvard-shipping", "2022", "european-union")


def test_the_council_of_an_eu_story_is_the_eu() -> None:
    x = art("The General Court ruled on the case on Wednesday.\n\n"
            "The Council added Halvard Shipping Ltd to its sanctions list in 2021.\n")
    assert {s.authority for s in x.sanctions} == {"european-union"}


# ---- 5. subsidiaries named as targets, not their parent

def test_named_subsidiaries_are_the_targets_not_the_parent() -> None:
    x = art("The Commerce Department on Wednesday added six subsidiaries of Vantor Group, including "
            "Vantor Taiwan and Kelso Info, to the Entity List.\n")
    assert {s.target for s in x.sanctions} == {"vantor-taiwan", "kelso-info"}


def test_parent_named_as_a_target_is_one() -> None:
    x = art("The Commerce Department on Wednesday added Vantor Group Ltd and 12 of its subsidiaries "
            "to the Entity List.\n")
    assert {s.target for s in x.sanctions} == {"vantor"}


def test_regional_company_is_not_its_group() -> None:
    x = art("Vantor Group Ltd said on Monday that Vantor Taiwan Ltd had been added to the Entity List.\n")
    assert "vantor-taiwan" in _companies(x) and "vantor" in _companies(x)


# ---- 6. removals: lifted, with the listing's start and the removal's date

@pytest.mark.parametrize(("sentence", "start", "end"), [
    ("On Monday the Commerce Department removed Taravel Optics Ltd, which had been on the Entity List "
     "since May 2019, from the list.", "2019-05", "2024-06-10"),
    ("The Commerce Department removed Taravel Optics Ltd, which it had added to the Entity List in "
     "March 2020, from the list on Monday.", "2020-03", "2024-06-10"),
    ("The Treasury took Taravel Optics Ltd off the SDN list on Friday, three years after it was "
     "designated in June 2021.", "2021-06", "2024-06-14"),
    ("Taravel Optics Ltd was removed from the Unverified List on Monday.", None, "2024-06-10"),
    ("Last week the Treasury delisted Taravel Optics Ltd, which had been sanctioned since 2022.", "2022", None),
])
def test_removal_lifts_the_sanction(sentence: str, start: str | None, end: str | None) -> None:
    x = art(sentence + "\n")
    (s,) = x.sanctions
    assert (s.target, s.status) == ("taravel-optics", "Lifted")
    assert (str(s.start_date) if s.start_date else None, str(s.end_date) if s.end_date else None) == (start, end)


def test_body_named_earlier_does_not_keep_another_bodys_list() -> None:
    x = art("The Treasury sanctioned Orvane Capital Ltd last year.\n\n"
            "Separately, Taravel Optics Ltd was removed from the Unverified List on Monday.\n")
    by_target = {s.target: s.authority for s in x.sanctions}
    assert by_target["taravel-optics"] == "us-bureau-of-industry-and-security"


# ---- 8. authorities other than the US

@pytest.mark.parametrize(("sentence", "authority"), [
    ("Britain on Thursday sanctioned Karvel Shipping Ltd for helping move Russian oil.", "uk-government"),
    ("The Foreign, Commonwealth and Development Office sanctioned Karvel Shipping Ltd on Thursday.",
     "uk-government"),
    ("OFSI froze the assets of Karvel Shipping Ltd on Thursday.", "uk-government"),
    ("Japan added Karvel Shipping Ltd to its End User List on Thursday.", "japan-government"),
    ("Canada sanctioned Karvel Shipping Ltd on Thursday.", "canada-government"),
    ("Australia imposed sanctions on Karvel Shipping Ltd on Thursday.", "australia-government"),
    ("China's Ministry of Commerce added Karvel Shipping Ltd to its unreliable entity list on Thursday.",
     "china-ministry-of-commerce"),
])
def test_authority_outside_the_us(sentence: str, authority: str) -> None:
    x = art(sentence + "\n")
    assert [(s.target, s.authority) for s in x.sanctions] == [("karvel-shipping", authority)]


def test_the_treasury_of_a_uk_story_is_not_the_us_treasury() -> None:
    x = art("The Foreign Office said on Thursday that Britain had sanctioned two shipping firms.\n\n"
            "The Treasury froze the assets of Karvel Shipping Ltd and Odessa Maritime Ltd.\n")
    assert {s.authority for s in x.sanctions} == {"uk-government"}


def test_two_countries_in_one_sentence_each_sanction_their_own_target() -> None:
    x = art("Canada sanctioned Troika Metals Ltd, while Australia sanctioned Borealis Mining Ltd.\n")
    assert {s.target: s.authority for s in x.sanctions} == {
        "troika-metals": "canada-government", "borealis-mining": "australia-government"}


def test_list_of_another_government_is_not_inherited() -> None:
    x = art("China's Ministry of Commerce added Skyfield Defense Ltd to its unreliable entity list on Tuesday.\n\n"
            "Japan's Ministry of Economy, Trade and Industry added Volkov Machine Tools Ltd to its export list.\n")
    by_target = {s.target: (s.authority, s.list) for s in x.sanctions}
    assert by_target["volkov-machine-tools"] == ("japan-government", None)


# ---- 2. several companies' figures in one market-report sentence

def _figures(x, measure: str) -> set[tuple[str, str]]:
    return {(m.company, m.value) for m in x.metrics if m.measure == measure and m.change is None}


def test_ranking_of_units_gives_each_company_its_figure() -> None:
    x = art("Lenovo shipped 16.7 million units in the first quarter, followed by HP with 13.8 million "
            "and Dell with 10.3 million.\n")
    assert _figures(x, "Shipments") == {("lenovo", "16700000"), ("hp", "13800000"), ("dell", "10300000")}


def test_ranking_without_verbs_gives_each_company_its_figure() -> None:
    x = art("Lenovo shipped 16.7 million units, HP 13.8 million and Dell 10.3 million.\n")
    assert _figures(x, "Shipments") == {("lenovo", "16700000"), ("hp", "13800000"), ("dell", "10300000")}


def test_shares_after_while_are_levels_not_changes() -> None:
    x = art("Apple's share rose to 20%, while Samsung held 19% and Xiaomi 13%.\n")
    shares = {(m.company, m.value, m.change) for m in x.metrics if m.measure == "MarketShare"}
    assert shares == {("apple", "20", None), ("samsung-electronics", "19", None), ("xiaomi", "13", None)}


def test_shares_in_a_ranking_are_shares() -> None:
    x = art("Canalys said the global smartphone market grew 8% to 320 million units in the fourth quarter, "
            "with Apple leading on 24% and Samsung second on 16%.\n")
    assert {(m.company, m.measure, m.value) for m in x.metrics} == {
        ("apple", "MarketShare", "24"), ("samsung-electronics", "MarketShare", "16")}


@pytest.mark.parametrize("sentence", [
    "According to IDC, PC shipments fell 2.7% to 63.3 million units in the first quarter, and Lenovo "
    "shipped 16.7 million.",
    "Worldwide PC shipments fell 2.7% to 63.3 million units in the first quarter, IDC said. Lenovo "
    "shipped 16.7 million units.",
])
def test_research_firms_market_total_is_nobodys_figure(sentence: str) -> None:
    x = art(sentence + "\n")
    assert {(m.company, m.value, m.period) for m in x.metrics} == {("lenovo", "16700000", "2024-Q1")}


# ---- 9. periods of figures

def test_comparison_figure_takes_the_earlier_period() -> None:
    x = art("Orvane Air said revenue rose 25% to HK$94.5 billion in 2023 from HK$75.6 billion in 2022.\n\n"
            "Revenue from passenger services rose 30% to HK$70.1 billion.\n")
    levels = {(m.value, m.period, m.segment) for m in x.metrics if m.change is None}
    assert levels == {("94500000000", "2023", None), ("75600000000", "2022", None),
                      ("70100000000", "2023", "passenger services")}


@pytest.mark.parametrize(("published", "quarter", "period"), [
    ("2023-08-22", "third", "2022-Q3"),   # not ended yet: last year's
    ("2023-11-02", "third", "2023-Q3"),
    ("2023-08-22", "second", "2023-Q2"),
    ("2023-09-30", "third", "2023-Q3"),   # its last day
    ("2023-09", "third", "2022-Q3"),
])
def test_quarter_without_year_is_the_latest_ended(published: str, quarter: str, period: str) -> None:
    x = art(f"Pinecrest Semiconductor Ltd said revenue in the {quarter} quarter fell 4% to $1.2 billion.\n",
            published=published)
    assert {m.period for m in x.metrics} == {period}


@pytest.mark.parametrize(("sentence", "segment"), [
    ("Revenue from passenger services rose 30% to HK$70.1 billion.", "passenger services"),
    ("Passenger services revenue rose 30% to HK$70.1 billion.", "passenger services"),
    ("Its passenger business generated HK$70.1 billion.", "passenger"),
    ("Revenue from IoT and lifestyle products, which covers televisions, grew to HK$70.1 billion.",
     "IoT and lifestyle products"),
])
def test_segment_as_written(sentence: str, segment: str) -> None:
    x = art("Orvane Air Ltd said on Monday that revenue rose 5% in 2023.\n\n" + sentence + "\n")
    assert {m.segment.lower() for m in x.metrics if m.value == "70100000000"} == {segment.lower()}


def test_a_verb_is_not_a_segment() -> None:
    x = art("Orvane Air Ltd said revenue rose 5% to HK$9.1 billion in 2023.\n")
    assert {m.segment for m in x.metrics} == {None}


def test_quarter_compared_with_the_one_before_is_sequential() -> None:
    x = art("Revenue at Orvane Air Ltd fell 22.8% year on year to HK$66.0 billion in the fourth quarter, and was "
            "also 6.3% below the third quarter, when the company took in HK$70.5 billion.\n", published="2024-03-20")
    got = {(m.value, m.period, m.change) for m in x.metrics}
    assert got == {("-22.8", "2023-Q4", "YearOverYear"), ("66000000000", "2023-Q4", None),
                   ("-6.3", "2023-Q4", "QuarterOverQuarter"), ("70500000000", "2023-Q3", None)}


def test_month_range_and_the_year_name_periods() -> None:
    x = art("Orvane Air Ltd said net profit for October to December slid 67.3% to HK$1.5 billion.\n\n"
            "It flew 150.5 million passengers over the year, and revenue for the year came to HK$9 billion.\n",
            published="2024-03-20")
    periods = {m.value: m.period for m in x.metrics}
    assert periods["1500000000"] == "2023-Q4" and periods["9000000000"] == "2023"


# ---- 10. descriptions resolved to the company they fit

def _described(x, phrase: str) -> set[str]:
    return {e.key for e in x.entities if any(a.lower() == phrase.lower() for a in e.aliases)}


def test_description_goes_to_the_company_it_fits() -> None:
    x = art("Kestrel Aviation Ltd, a Shenzhen-based drone maker, was added to the Entity List in 2022. "
            "Its customer Brightline Logistics Ltd was not.\n\n"
            "Brightline said its revenue grew. The Shenzhen-based drone maker said it would appeal.\n")
    assert _described(x, "the Shenzhen-based drone maker") == {"kestrel-aviation"}


def test_description_fitting_no_company_named_before_is_left_alone() -> None:
    x = art("Brightline Logistics Ltd said its revenue grew 5% in 2023.\n\n"
            "Analysts expect more. Orvane Capital Ltd bought a stake.\n\n"
            "Regulators are watching. Markets were calm. The battery maker said nothing.\n")
    assert _described(x, "the battery maker") == set()


def test_description_in_a_companys_own_clause_is_another_company() -> None:
    x = art("The Commerce Department added Corvane Phones Ltd to the Entity List in April.\n\n"
            "Suppliers are hurt. Norvale Chips Ltd, which sells processors to the Chinese handset maker, "
            "had been bracing for lost orders.\n")
    assert _described(x, "the Chinese handset maker") == {"corvane-phones"}


def test_the_company_after_a_company_in_its_sentence_is_that_company() -> None:
    x = art("Orbis Battery Ltd was added to the Pentagon's list in January 2025 and fell 7%. Orbis Battery said "
            "it would sue. Orbis Battery shares fell.\n\n"
            "The memory chipmaker Quanta Memory Ltd has been in Washington's sights: the Commerce Department "
            "is weighing whether to put the company on its Entity List.\n", published="2025-01-10")
    assert {s.target for s in x.sanctions if s.list == "entity-list"} == {"quanta-memory"}


# ---- 11. the Pentagon's list: Section 1237 until 2021, Section 1260H from 2022

@pytest.mark.parametrize(("published", "sentence", "lst"), [
    ("2024-02-01", 'The Pentagon on Wednesday added Orbis Battery Ltd to its list of "Chinese military companies".',
     "section-1260h-list"),
    ("2021-01-16", 'The Pentagon on Thursday added Orbis Battery Ltd to its list of "Chinese military companies".',
     "chinese-communist-military-companies"),
    ("2024-02-01", "Orbis Battery Ltd, which was put on the Pentagon blacklist in January 2021, has since won.",
     "chinese-communist-military-companies"),
    ("2024-02-01", "Orbis Battery Ltd has been on the Communist Chinese military companies list since 2023.",
     "section-1260h-list"),
])
def test_pentagon_list_by_date(published: str, sentence: str, lst: str) -> None:
    x = art(sentence + "\n", published=published)
    assert [(s.target, s.list) for s in x.sanctions] == [("orbis-battery", lst)]


def test_the_pentagon_list_named_outright_elsewhere_decides() -> None:
    x = art("Orbis Battery Ltd is fighting its place on the Pentagon's list of Chinese military companies.\n\n"
            "The list is kept under Section 1260H of the defense act.\n", published=None)
    assert {s.list for s in x.sanctions} == {"section-1260h-list"}


# ---- more from articles in other outlets' styles

def test_day_of_a_date_is_not_a_figure() -> None:
    x = art("In judgments delivered on 10 July 2024, the General Court annulled the listing of Belkali "
            "Trade Holding Ltd.\n")
    assert x.metrics == ()


def test_name_after_a_place_it_is_registered_in() -> None:
    x = art("The Foreign Office named Hong Kong-registered Sunrise Components Ltd and Istanbul-based "
            "Anatolia Electronic Trade Ltd on Thursday.\n")
    assert {"sunrise-components", "anatolia-electronic-trade"} <= _companies(x)


def test_all_three_are_the_companies_named_before() -> None:
    x = art("The Foreign Office named Sunrise Components Ltd, Anatolia Electronic Trade Ltd and Kestrel "
            "Microsystems Ltd on Thursday. All three were added to the UK sanctions list.\n")
    assert {s.list for s in x.sanctions} == {"uk-sanctions-list"}
    assert len(x.sanctions) == 3


def test_market_total_after_the_vendors_is_nobodys() -> None:
    x = art("Global PC shipments rose 0.3% to 63.3 million units in the fourth quarter, according to "
            "preliminary data.\n\n"
            "Lenovo shipped 16.2 million units, while Asus shipped 4.4 million units.\n\n"
            "For the full year, shipments fell 13.9% to 241.8 million units.\n", published="2024-01-11")
    assert {(m.company, m.value) for m in x.metrics} == {("lenovo", "16200000"), ("asus", "4400000")}


def test_name_does_not_run_over_a_header_line() -> None:
    text = "Sunday, 26 November 2023 | 13:00 HKT\n\nWeiheng Drone Technology Group said revenue rose."
    mentions = _mentions(text, [("HKT\n\nWeiheng Drone Technology Group", "ORG")])
    assert [m.text for m in mentions if m.kind == "company"] == ["Weiheng Drone Technology Group"]


def test_all_three_routes_are_not_three_companies() -> None:
    x = art("Optsen Ltd buys parts from firms such as Norvale Chips Ltd and Brava Parts Ltd.\n\n"
            "Optsen can ask to be taken off the list or go to court, and lawyers say all three routes are slow.\n")
    assert {s.target for s in x.sanctions} <= {"optsen"}


def test_members_named_after_the_additions_take_their_date() -> None:
    x = art("The Commerce Department on Thursday added 37 entities to its Entity List.\n\n"
            "Among them are Shenzhen Vastline Photonics Co., Ltd. and Nanjing Qirun Microwave Co., Limited.\n",
            published="2024-05-10")
    assert {(s.target, str(s.start_date)) for s in x.sanctions} == {
        ("shenzhen-vastline-photonics", "2024-05-09"), ("nanjing-qirun-microwave", "2024-05-09")}


def test_name_between_two_companies_is_a_company() -> None:
    text = "It added Northfield Defense Systems, Cobalt Aerotech and Skyward Avionics Inc to its list."
    mentions = _mentions(text, [("Northfield Defense Systems", "ORG"), ("Cobalt Aerotech", "PERSON"),
                                ("Skyward Avionics Inc", "ORG")])
    assert [m.key for m in mentions if m.kind == "company"] == [
        "northfield-defense-systems", "cobalt-aerotech", "skyward-avionics"]


def test_talk_of_an_appeal_is_not_an_order() -> None:
    x = art("A federal judge on Tuesday blocked the Commerce Department's listing of Falcon Aero Robotics Ltd "
            "on the Entity List.\n\n"
            "The department said it was reviewing the ruling and could appeal to the D.C. Circuit.\n")
    assert [o.order_type for o in x.court_orders] == ["PreliminaryInjunction"]


def test_eu_case_note() -> None:
    x = art("Case note: Velmora Trading and Ostrava Resources v Council (T-211/22)\n\n"
            "Judgment of the General Court (Fourth Chamber, Extended Composition) of 15 November 2023.\n\n"
            "By a decision of 2022, the Council of the European Union included Velmora Trading FZE and Ostrava "
            "Resources AG in the list of persons and entities subject to restrictive measures in view of "
            "Russia's actions destabilising Ukraine.\n\n"
            "The General Court held that the Council had failed to establish the applicants' involvement. It "
            "therefore annulled the contested acts in so far as they concerned Velmora Trading and Ostrava "
            "Resources.\n", published="2023-11-22")
    assert _companies(x) == {"velmora-trading", "ostrava-resources"}
    assert {(s.target, s.authority, s.list) for s in x.sanctions} == {
        ("velmora-trading", "european-union", "eu-sanctions-list"),
        ("ostrava-resources", "european-union", "eu-sanctions-list")}
    assert {(o.target, o.court, str(o.date)) for o in x.court_orders} == {
        ("velmora-trading", "eu-general-court", "2023-11-15"), ("ostrava-resources", "eu-general-court", "2023-11-15")}


def test_a_word_of_a_name_measures_nothing() -> None:
    x = art("The Foreign Office said Bering Star Shipping Ltd, based in Dubai, had managed at least 12 tankers.\n")
    assert x.metrics == ()


def test_untagged_name_removed_from_a_list_is_a_company() -> None:
    x = art("Separately, the government removed Volga Bulk Carriers from the UK sanctions list on Friday.\n")
    assert [(s.target, s.status) for s in x.sanctions] == [("volga-bulk-carriers", "Lifted")]


@pytest.mark.parametrize(("sentence", "court"), [
    ("The Second Chamber of the General Court on Wednesday dismissed the actions brought by Nordvik Petroleum "
     "Ltd against its inclusion on the EU sanctions list.", "eu-general-court"),
    ("On Wednesday the Grand Chamber of the Court of Justice upheld the inclusion of Nordvik Petroleum Ltd on "
     "the EU sanctions list.", "eu-court-of-justice"),
])
def test_chamber_of_a_named_court_is_that_court(sentence: str, court: str) -> None:
    x = art(sentence + "\n")
    assert _companies(x) == {"nordvik-petroleum"}
    assert {(o.target, o.court) for o in x.court_orders} == {("nordvik-petroleum", court)}


def test_dismissed_challenge_favours_the_body_that_listed() -> None:
    x = art("The General Court on Wednesday dismissed the action brought by Nordvik Petroleum Ltd against its "
            "inclusion on the EU sanctions list.\n")
    assert {o.in_favor_of for o in x.court_orders} == {"european-union"}


def test_year_earlier_figure_is_a_year_before_the_sentences_own_period() -> None:
    x = art("Pacific Dragon Holdings Ltd reported net profit of HK$3.2 billion for the six months ended June 30, "
            "down 11% from HK$3.6 billion a year earlier, with the logistics segment contributing HK$1.1 billion.\n",
            published="2024-08-29")
    got = {(m.value, m.period, m.segment) for m in x.metrics if m.change is None}
    assert ("3600000000", "2023-H1", None) in got and ("3200000000", "2024-H1", None) in got


def test_first_word_of_a_name_is_the_company_later() -> None:
    x = art("The General Court has annulled the sanctions against Chuangwei Software Holdings.\n\n"
            "On Thursday the Council of the European Union removed Chuangwei from the EU consolidated list.\n",
            published="2020-09-20")
    (sanction,) = x.sanctions
    assert (sanction.status, str(sanction.end_date)) == ("Lifted", "2020-09-17")
    (target,) = [e for e in x.entities if e.key == sanction.target]
    assert "Chuangwei Software Holdings" in (target.name, *target.aliases)


def test_asking_to_be_taken_off_a_list_lifts_nothing() -> None:
    x = art("The Commerce Department added Xunda Robotics Ltd to the Entity List in 2019.\n\n"
            "Xunda Robotics can ask to be taken off the list or challenge the decision in court.\n")
    assert [s.status for s in x.sanctions] == ["Active"]


def test_full_name_speaking_for_a_company_stays_a_person() -> None:
    text = "Wang Chuanfu said its vehicles sold well in Europe."
    mentions = _mentions(text, [("Wang Chuanfu", "PERSON")])
    assert [m.kind for m in mentions] == ["person"]


@pytest.mark.parametrize(("published", "period"), [
    ("2023-08-22", "2023-Q2"), ("2023-10-02", "2023-Q3"), ("2024-01-15", "2023-Q4")])
def test_last_quarter_is_the_latest_ended(published: str, period: str) -> None:
    from kg.extract.dates import Anchor, find_periods

    assert [p.period for p in find_periods("Revenue rose 5% in the last quarter.", Anchor.parse(published))] == [period]
    assert [p.period for p in find_periods("in the last quarter of 2022", Anchor.parse(published))] == ["2022-Q4"]


# ---- 12. court decisions told over several sentences: each decision is its own order

def _orders(x) -> set[tuple[str | None, str, str]]:
    return {(o.target, o.order_type, str(o.date)) for o in x.court_orders}


def test_two_injunctions_on_two_dates_are_two_orders() -> None:
    x = art("The Commerce Department added Norvane Robotics Ltd to the Entity List on March 2, 2024.\n\n"
            "On April 9, 2024 Judge Mara Quill of the U.S. District Court for the District of Columbia granted "
            "Norvane Robotics a preliminary injunction.\n\n"
            "On May 21, 2024 a federal judge in Seattle blocked the listing of Norvane Robotics in a second case.\n")
    assert _orders(x) == {("norvane-robotics", "PreliminaryInjunction", "2024-04-09"),
                          ("norvane-robotics", "PreliminaryInjunction", "2024-05-21")}
    assert len({o.key for o in x.court_orders}) == 2


def test_denied_injunction_is_a_ruling_and_a_stay_of_the_suit_another_order() -> None:
    x = art("The Commerce Department added Kestrel Textiles Co. to the Entity List in 2023.\n\n"
            "In a decision dated March 4, 2024, Judge Mara Quill denied Kestrel Textiles' motion for a "
            "preliminary injunction.\n\n"
            "Kestrel Textiles then petitioned the agency, and on July 8, 2024 Quill stayed the lawsuit.\n")
    assert _orders(x) == {("kestrel-textiles", "Ruling", "2024-03-04"),
                          ("kestrel-textiles", "OtherOrder", "2024-07-08")}
    assert [s.status for s in x.sanctions] == ["Active"]


def test_refusals_to_stay_an_injunction_are_other_orders() -> None:
    x = art("The Commerce Department banned dealings with Pellico Holdings Ltd in August.\n\n"
            "On Sept. 3 Judge Mara Quill of the U.S. District Court for the Northern District of California "
            "granted a preliminary injunction against the ban on Pellico Holdings.\n\n"
            "The government asked her to suspend the injunction pending appeal.\n\n"
            "Quill refused on Oct. 2.\n\n"
            "Two days later the 9th Circuit turned down the government's request for a stay.\n",
            published="2024-11-20")
    assert _orders(x) == {("pellico", "PreliminaryInjunction", "2024-09-03"),
                          ("pellico", "OtherOrder", "2024-10-02"),
                          ("pellico", "OtherOrder", "2024-10-04")}


def test_application_struck_out_and_appeal_dismissed_are_two_rulings() -> None:
    x = art("Norvane Telecom was added to the Canadian sanctions list in 2023.\n\n"
            "Associate Judge Mara Quill granted the Attorney General's motion and struck out Norvane Telecom's "
            "application on Aug. 8, 2024.\n\n"
            "On Jan. 29, 2025 Justice Paul Odell of the Federal Court dismissed Norvane Telecom's appeal.\n",
            published="2025-02-10")
    assert _orders(x) == {("norvane-telecom", "Ruling", "2024-08-08"), ("norvane-telecom", "Ruling", "2025-01-29")}
    assert {o.court for o in x.court_orders} >= {"canada-federal-court"}


def test_a_persons_own_case_is_not_the_companys_order() -> None:
    x = art("Norvane Telecom was added to the Canadian sanctions list in 2023.\n\n"
            "On Jan. 29, 2025 Justice Paul Odell dismissed Norvane Telecom's appeal.\n\n"
            "Her judicial review of the refusal to delist her was dismissed by Justice Anna Brel on Aug. 7, 2024.\n",
            published="2025-02-10")
    assert _orders(x) == {("norvane-telecom", "Ruling", "2025-01-29")}


# ---- 13. sanctions told over several sentences

@pytest.mark.parametrize(("sentence", "previous", "value"), [
    ("A year later the Treasury acted.", "2020-12", "2021-12"),
    ("Three days later a panel refused.", "2020-10-23", "2020-10-26"),
    ("Belmor followed in December of that year.", "2021-08", "2021-12"),
    ("On Nov. 30 that year the appeals court ruled.", "2018-05-30", "2018-11-30"),
    ("Three months later Congress acted.", "2017-09", "2017-12"),
])
def test_dates_counted_from_the_sentence_before(sentence: str, previous: str, value: str) -> None:
    from kg.extract.dates import Anchor, find_dates_after
    from kg.models import DateValue

    found = find_dates_after(sentence, Anchor.parse("2025-06-30"), DateValue(previous))
    assert [str(d.value) for d in found] == [value]


def test_a_year_later_dates_the_second_listing() -> None:
    x = art("The Commerce Department added Tarvex Drones Ltd to the Entity List in December 2020, citing "
            "human rights. A year later the Treasury placed it on the NS-CMIC list.\n", published="2024-06-14")
    assert {(s.list, str(s.start_date)) for s in x.sanctions} == {
        ("entity-list", "2020-12"), ("ns-cmic-list", "2021-12")}


def test_company_that_followed_is_on_the_same_list() -> None:
    x = art("The Treasury placed Dravon Minerals on its SDN list in March 2021, after the election. "
            "Kelmar Shipping followed in June of that year.\n")
    got = {s.target: (s.list, s.authority, str(s.start_date)) for s in x.sanctions}
    assert got["kelmar-shipping"] == ("sdn-list", "us-department-of-the-treasury", "2021-06")


def test_company_added_in_the_same_notice_is_on_the_same_list() -> None:
    x = art("The Commerce Department added Ostrel Optics Ltd to the Entity List on May 3, 2023. "
            "It said the firm had supplied the army. "
            "Goods made by listed companies need a licence. "
            "Varnik Chemical Co., Ltd. was added in the same notice.\n")
    got = {s.target: (s.list, str(s.start_date)) for s in x.sanctions}
    assert got["varnik-chemical"] == ("entity-list", "2023-05-03")


def test_the_companies_named_after_the_additions_are_all_targets() -> None:
    x = art("The Commerce Department on Monday added three Chinese firms to its Entity List. "
            "The companies are Lanxi Vision Technology, the world's largest camera maker; its rival Qorin "
            "Imaging; and Maveric Data Systems.\n", published="2024-06-12")
    assert {s.target for s in x.sanctions} == {"lanxi-vision", "qorin-imaging", "maveric-data-systems"}


# ---- 14. relief: general licenses, revoked orders

def test_general_license_lifts_the_sanctions_on_the_companies_it_covers() -> None:
    x = art("The Treasury placed Brelkon Fertilizers on its SDN list in 2021.\n\n"
            "On Monday a general license issued by OFAC covered Brelkon Fertilizers and Ardmet Potash.\n")
    assert {s.target: s.status for s in x.sanctions} == {"brelkon-fertilizers": "Lifted", "ardmet-potash": "Lifted"}


def test_wind_down_license_lifts_nothing() -> None:
    x = art("OFAC on Monday added Brelkon Potash Ltd to its SDN list and issued a general license to wind down "
            "transactions with it.\n")
    assert [s.status for s in x.sanctions] == ["Active"]


def test_order_barring_dealings_with_a_company_is_a_sanction_on_it() -> None:
    x = art("On Aug. 6 President Donald Trump signed an executive order barring transactions with Pelmora "
            "Holdings Ltd.\n", published="2020-09-01")
    assert {(s.target, s.authority) for s in x.sanctions} == {("pelmora", "donald-trump")}


def test_revoking_the_order_lifts_what_it_imposed() -> None:
    x = art("On Wednesday the president revoked the executive order that had targeted the app.\n\n"
            "The order, signed by Donald Trump on Aug. 6 last year, prohibited transactions with Pelmora "
            "Holdings Ltd.\n", published="2021-06-10")
    (sanction,) = x.sanctions
    assert (sanction.target, sanction.status, str(sanction.end_date)) == ("pelmora", "Lifted", "2021-06-09")


def test_appealing_an_injunction_is_not_another_order() -> None:
    x = art("On Monday Judge Mara Quill blocked the Commerce Department's ban on Pellico Holdings Ltd.\n\n"
            "The government has already appealed the injunction to the D.C. Circuit.\n")
    assert [o.order_type for o in x.court_orders] == ["PreliminaryInjunction"]


def test_ruling_in_favour_of_the_department_favours_the_department() -> None:
    x = art("The Pentagon named Tarvex Drones Ltd on the 1260H list in 2022.\n\n"
            "On Friday a federal judge in Washington ruled in favour of the Department of Defense in the case "
            "brought by Tarvex Drones.\n")
    assert [(o.order_type, o.in_favor_of) for o in x.court_orders] == [("Ruling", "us-department-of-defense")]


# ---- 15. more authorities, lists and courts

@pytest.mark.parametrize(("sentence", "authority", "lst"), [
    ("In September 2017 the Department of Homeland Security banned Kelvor Antivirus Ltd from federal networks.",
     "us-department-of-homeland-security", None),
    ("The Forced Labor Enforcement Task Force added Kestrel Textiles Co. to the UFLPA Entity List in 2023.",
     "us-forced-labor-enforcement-task-force", "uflpa-entity-list"),
    ("Norvane Telecom was added to Schedule 1 of the Special Economic Measures (Russia) Regulations on "
     "July 19, 2023 by the Governor in Council.", "canada-government", "canada-sanctions-list"),
])
def test_other_bodies_and_lists(sentence: str, authority: str, lst: str | None) -> None:
    x = art(sentence + "\n")
    assert [(s.authority, s.list) for s in x.sanctions] == [(authority, lst)]


def test_lowercase_brand_is_the_company() -> None:
    x = art("Shipments by vivo rose 5% in the third quarter, IDC said.\n")
    assert "vivo" in _companies(x)


def test_canadas_federal_court_is_a_court() -> None:
    x = art("On Jan. 29 Justice Paul Odell of the Federal Court dismissed Norvane Telecom's appeal against its "
            "listing on the Canadian sanctions list.\n", published="2025-02-10")
    assert [(o.target, o.court) for o in x.court_orders] == [("norvane-telecom", "canada-federal-court")]


# ---- 16. names described as businesses; relief for the names after "with"

@pytest.mark.parametrize(("text", "key"), [
    ("Orvanta, Ruritania's largest mobile and fixed-line operator, has lost its appeal.", "orvanta"),
    ("A month earlier the national airline, Skyra, was taken off the SDN list.", "skyra"),
])
def test_name_described_as_a_business_is_a_company(text: str, key: str) -> None:
    assert [m.key for m in _mentions(text, []) if m.kind == "company"] == [key]


def test_country_described_after_a_comma_is_not_a_company() -> None:
    text = "The Treasury authorised transactions with Orvanta Holdings, Ruritania's largest miner."
    assert [m.key for m in _mentions(text, [("Orvanta Holdings", "ORG")]) if m.kind == "company"] == ["orvanta"]


def test_treasury_statement_joins_the_list_its_office_keeps() -> None:
    x = art("The Treasury's Office of Foreign Assets Control placed Volkar Mining Ltd on the SDN list in 2021.\n\n"
            "On Monday the U.S. Treasury authorised transactions with Volkar Mining.\n")
    assert [(s.target, s.list, s.status) for s in x.sanctions] == [("volkar-mining", "sdn-list", "Lifted")]


def test_relief_goes_to_the_names_after_with() -> None:
    x = art("On Monday the U.S. Treasury authorised transactions with Volkar Mining Ltd, two days after Dorvan "
            "Shipping Ltd freed its crew.\n")
    assert {s.target for s in x.sanctions} == {"volkar-mining"}


def test_name_after_a_business_noun_with_its_trade_is_a_company() -> None:
    text = ("The Council restated the listings of potash producer Volkaris, fertiliser maker Drovna Azot and "
            "voice-recognition specialist eVoxa.")
    assert [m.key for m in _mentions(text, []) if m.kind == "company"] == ["volkaris", "drovna-azot", "evoxa"]
    assert _mentions("The company Monday said its revenue rose.", []) == []


def test_science_and_technology_is_one_name() -> None:
    text = "The Commerce Department added Yuxin Science and Technology to the Entity List."
    mentions = _mentions(text, [("Yuxin Science and Technology", "ORG")])
    assert [(m.key, m.text) for m in mentions if m.kind == "company"] == [
        ("yuxin-science", "Yuxin Science and Technology")]


# ---- 17. several clauses and lists in one designation sentence

def test_each_clause_with_its_own_cue_gives_its_targets() -> None:
    x = art("In March OFAC designated Kelvane Petrochemical Co., Ltd; the State Department at the same time "
            "named Dorvik Terminal Storage Co., Ltd, a storage terminal in Velmar.\n")
    assert {s.target for s in x.sanctions} == {"kelvane-petrochemical", "dorvik-terminal-storage"}


def test_names_after_a_colon_that_introduces_companies_are_targets() -> None:
    x = art("OFAC also designated Marvex Energy Pte Ltd, a broker, and three companies that run a terminal at "
            "the port: Ostrel Logistics Co., Ltd, Harkon Port Co., Ltd and Tarvin Shipping Co., Ltd.\n")
    assert {s.target for s in x.sanctions} == {"marvex-energy", "ostrel-logistics", "harkon-port", "tarvin-shipping"}


@pytest.mark.parametrize(("name", "key"), [("Marvex Energy Pte Ltd", "marvex-energy"),
                                           ("Tellan Mission SDN BHD", "tellan-mission")])
def test_singapore_and_malaysia_legal_suffixes(name: str, key: str) -> None:
    from kg.extract.entities import org_key

    assert org_key(name) == key


@pytest.mark.parametrize("sentence", [
    "The package also lists Velkor Rural Bank and Denvi Rural Bank, two small lenders near the border.",
    "The best-known target is Orvik Energy Limited, which runs a refinery in the south.",
])
def test_a_package_that_lists_names_or_names_its_target(sentence: str) -> None:
    x = art(sentence + "\n")
    assert {s.target for s in x.sanctions} in ({"velkor-rural-bank", "denvi-rural-bank"}, {"orvik-energy"})


def test_lists_of_figures_and_revenue_targets_sanction_nobody() -> None:
    x = art("Orvik Energy Limited lists the figures in its annual report; its revenue target is 5 billion euros.\n")
    assert x.sanctions == ()


def test_names_among_them_after_a_sentence_about_the_list_are_targets() -> None:
    x = art("Under the new measures, exporters may no longer ship goods to the firms on the list. Named among them "
            "are Corvo Links Ltd, a Hong Kong company that sold chips.\n")
    assert {s.target for s in x.sanctions} == {"corvo-links"}


def test_decision_naming_no_company_covers_the_parent_and_subsidiary_one_measure_hit() -> None:
    x = art("On Aug. 6 President Donald Trump signed an executive order barring transactions with Pelmora Ltd "
            "and with its subsidiaries, Kestor Inc. among them.\n\n"
            "On Sept. 27 Judge Mara Quill of the U.S. District Court for the District of Columbia blocked the ban.\n",
            published="2020-10-01")
    assert _orders(x) == {("pelmora", "PreliminaryInjunction", "2020-09-27"),
                          ("kestor", "PreliminaryInjunction", "2020-09-27")}


def test_decision_naming_no_company_does_not_cover_companies_merely_listed_with_it() -> None:
    x = art("The Pentagon added Pelmora Ltd and Dorvan Ltd to its list in 2021.\n\n"
            "On Sept. 27 a federal judge blocked the designation.\n", published="2022-10-01")
    assert len(x.court_orders) == 1
