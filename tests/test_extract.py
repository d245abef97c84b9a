"""extract: the helpers (dates, periods, quantities, keys) and the evidence spans.

The extraction cases themselves are data: ``tests/extract_cases/`` (``tests/test_extract_cases.py``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.dates import Anchor, find_dates, find_periods, period_bounds
from kg.extract.entities import org_key
from kg.extract.metrics import find_quantities
from kg.ingest import parse_article


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


def test_evidence_is_the_exact_text() -> None:
    body = "Zentro Robotics Co. was added to the Entity List by the Commerce Department.\r\n"
    x = art(body)
    for fact in (*x.sanctions, *x.court_orders, *x.metrics):
        for ev in fact.evidence:
            assert x.article.text[ev.start:ev.end] == ev.exact
