"""extract: general rules for articles the extractor was not tuned on.

Each test is written from a kind of miss seen on unseen articles, in sentences of our own
(invented companies, lists and courts), so a rule must hold for any name, not for one story.
"""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.ingest import parse_article


def art(body: str, published: str | None = "2024-06-14"):
    meta = f"---\npublished: {published}\n---\n" if published else ""
    return extract(parse_article("t.txt", meta + body))


def _mentions(text: str, ents: list[tuple[str, str]]):
    """The entity table for ``text`` when the model's entities are exactly ``ents``."""
    from kg.extract import nlp as nlp_mod
    from kg.extract.entities import EntityTable, find_company_patterns, find_entities

    doc = nlp_mod.load().make_doc(text)
    spans, pos = [], 0
    for surface, label in ents:  # in text order
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    table = find_entities(doc, 0, text, EntityTable())
    find_company_patterns(text, table)
    return table.mentions


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
