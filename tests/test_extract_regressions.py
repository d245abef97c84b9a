"""Regressions found by probing the extractor with sentences of our own in the style of
unseen reporting (one per kind of error, named after what broke). Data, one test."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.ingest import parse_article

CASES = {
    "a name the text calls a business by apposition is a target": (
        "The US Treasury on Friday sanctioned Sovcomflot, Russia's largest shipping group, and 14 of its tankers.",
        {"sanctions": {("sovcomflot", "us-department-of-the-treasury")}}),
    "a title before a name makes it a company": (
        "The Pentagon also added drone maker Norvan Aerotech to its list.",
        {"sanctions": {("norvan-aerotech", "us-department-of-defense")}}),
    "an 'until' date is not the start of a measure": (
        "The Council of the EU delisted Belmar Trading and extended the asset freeze on Lumen Optics until March 2025.",
        {"starts": {("lumen-optics", None)}, "status": {("belmar-trading", "Lifted"), ("lumen-optics", "Active")}}),
    "'it' under a reporting verb is the reporter": (
        "Britain's Foreign Office designated Orion Star Group, while the State Department said it would "
        "sanction Kelm Steel later this month.",
        {"sanctions": {("orion-star", "uk-government"), ("kelm-steel", "us-department-of-state")}}),
    "a figure of the year-ago period is a year earlier": (
        "Kelm Steel reported revenue of $3.2 billion for the March quarter, up from $2.9 billion in the "
        "year-ago period.",
        {"metrics": {("kelm-steel", "3200000000", "2024-Q1"), ("kelm-steel", "2900000000", "2023-Q1")}}),
    "every name of a long list gets its sanction": (
        "The UK on Thursday imposed sanctions on 50 entities, including Arctic Shipping Ltd, Orion Star Group, "
        "Sovcomflot and Zhuhai Tanker Co.",
        {"sanctions": {("arctic-shipping", "uk-government"), ("orion-star", "uk-government"),
                       ("sovcomflot", "uk-government"), ("zhuhai-tanker", "uk-government")}}),
    "an app named with its owner resolves to the owner": (
        "The Commerce Department on Friday banned downloads of WeChat, the messaging app owned by Tencent "
        "Holdings, from US app stores.",
        {"sanctions": {("tencent", "us-department-of-commerce")}}),
    "a company that loses a supplier is no target": (
        "Huawei's shares fell after its supplier Kelm Steel was added to the Entity List.",
        {"sanctions": {("kelm-steel", "us-department-of-commerce")}}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_regression(name: str) -> None:
    text, expected = CASES[name]
    x = extract(parse_article("x.txt", "---\npublished: 2024-06-14\n---\n" + text + "\n"))
    got = {
        "sanctions": {(s.target, s.authority) for s in x.sanctions},
        "starts": {(s.target, str(s.start_date) if s.start_date else None) for s in x.sanctions},
        "status": {(s.target, s.status) for s in x.sanctions},
        "metrics": {(m.company, m.value, m.period) for m in x.metrics},
    }
    for key, want in expected.items():
        if key == "starts":
            assert want <= got[key], (key, got[key])
        else:
            assert got[key] == want, (key, got[key])
