"""extract: which names are companies, on articles the extractor was not tuned on.

Each test comes from a kind of miss in the fourth development set (tests/devset4), written
in sentences of our own with invented names; the model's tags are fixed with
``model_mentions`` so the rules are tested whatever a model version happens to tag.
"""

from __future__ import annotations

import pytest

from tests.helpers import model_mentions


def companies(text: str, ents: list[tuple[str, str]]) -> list[str]:
    return [m.key for m in model_mentions(text, ents, patterns=True) if m.kind == "company"]


# ---- a name right after a business kind is a company, whatever the model tagged it

@pytest.mark.parametrize(("text", "ents", "key"), [
    ("Among the targets were potash producer Velmarkali and two banks.",
     [("Velmarkali", "NORP")], "velmarkali"),
    ("Officials also named fertiliser maker Hordna Azot in the notice.",
     [("Hordna Azot", "PERSON")], "hordna-azot"),
    ("U.S. private equity firm Greyrock Partners holds about 4 percent of the company.",
     [("Greyrock Partners", "LOC")], "greyrock-partners"),
    ("The state airline Belvara was taken off the list in November.",
     [("Belvara", "GPE")], "belvara"),
    ("It also added voice-recognition specialist iVoxa to the list.",
     [], "ivoxa"),
])
def test_a_name_after_a_business_kind_is_a_company(text: str, ents: list, key: str) -> None:
    assert companies(text, ents) == [key]


@pytest.mark.parametrize(("text", "ents"), [
    # the firms of some kinds are quoted as sources, not described
    ("Arthur Penn, founder of the surveillance research firm Camwatch, said both buy parts.",
     [("Arthur Penn", "PERSON")]),
    ("The data firm Tracklytics estimated the market at 70 million units.", []),
    # people, not companies
    ("The policy maker Janet Orr said the rules would change.", [("Janet Orr", "PERSON")]),
    # a date after the kind is not a name
    ("A spokesman for the company Monday declined to comment.", []),
])
def test_not_every_name_after_a_kind_is_a_company(text: str, ents: list) -> None:
    assert companies(text, ents) == []


# ---- names that start with a small letter

def test_a_camel_case_name_alone_is_not_taken_for_a_company() -> None:
    # 'iPhone', 'iPad': the model tags such products as organisations; only a business
    # kind before it ('specialist iVoxa', above) makes one a company
    text = "Sales of the iPhone and the eReader rose."
    assert companies(text, [("iPhone", "ORG"), ("eReader", "ORG")]) == []


# ---- a name the model calls a place more often than an organisation is a place

def test_a_place_the_model_once_calls_an_organisation_is_not_a_company() -> None:
    text = ("Norvania released 52 prisoners in September. Norvania was then a big potash "
            "supplier, and Norvania's state carrier resumed flights.")
    ents = [("Norvania", "GPE"), ("Norvania", "ORG"), ("Norvania", "GPE")]
    assert companies(text, ents) == []


def test_a_company_the_model_once_calls_a_place_stays_a_company() -> None:
    text = ("Kestrova said its sales rose. Kestrova shipped 4 million units, and analysts "
            "expect Kestrova to grow.")
    ents = [("Kestrova", "ORG"), ("Kestrova", "GPE"), ("Kestrova", "ORG")]
    assert set(companies(text, ents)) == {"kestrova"}


# ---- an appositive that says what the name is

@pytest.mark.parametrize(("text", "key"), [
    ("OSLO — Norcell Systems, Ruritania's largest mobile and fixed-line telecoms operator, "
     "has lost its appeal.", "norcell-systems"),
    ("Kappa Mobile, the group's carrier subsidiary, ended the year with 6 million subscribers.",
     "kappa-mobile"),
    ("Oracle would take a stake in a new U.S. company, Tiklo Global, under the plan.", "tiklo-global"),
])
def test_an_appositive_naming_a_business_kind_makes_a_company(text: str, key: str) -> None:
    assert key in companies(text, [])


@pytest.mark.parametrize("text", [
    "Dunmore, the city where the company was founded, is small.",
    "Orvale, the brand the company sold last year, grew fast.",
    "Pat Kerr, the company's chief executive, said so.",
])
def test_an_appositive_of_another_kind_makes_no_company(text: str) -> None:
    assert companies(text, []) == []


# ---- an acronym spelled out in common words is a term, not a company

def test_an_acronym_of_common_words_is_no_company() -> None:
    text = ("Sales of deep ultraviolet (DUV) systems rose, and PXL sold more extreme ultraviolet "
            "(EUV) tools. EUV revenue doubled.")
    ents = [("DUV", "ORG"), ("PXL", "ORG"), ("EUV", "ORG"), ("EUV", "ORG")]
    from kg.extract.entities import EntityTable, drop_term_acronyms, link_acronyms

    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert [m.key for m in table.mentions if m.kind == "company"] == ["pxl"]


def test_an_acronym_of_a_named_company_stays_the_company() -> None:
    text = "Zentral Halbleiter Werke (ZHW) said ZHW would grow."
    ents = [("Zentral Halbleiter Werke", "ORG"), ("ZHW", "ORG")]
    from kg.extract.entities import EntityTable, drop_term_acronyms, link_acronyms

    table = EntityTable()
    table.mentions = model_mentions(text, ents, patterns=True)
    link_acronyms(text, table)
    drop_term_acronyms(text, table)
    assert {m.key for m in table.mentions if m.kind == "company"} == {"zentral-halbleiter-werke"}
