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


def test_company_reporting_its_revenue_is_not_a_source() -> None:
    x = art("Vexa Display Ltd. reported revenue of $2.1 billion in the second quarter.")
    assert {(m.company, m.value) for m in x.metrics} == {("vexa-display", "2100000000")}
