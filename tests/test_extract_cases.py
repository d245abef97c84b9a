"""extract: every case in ``tests/extract_cases/**/*.yaml``, one parametrised test.

A case is a short article written for the test (invented names, no seed sentences) and the
facts the extractor must find in it, stated by only the fields that matter; the format is in
``tests/extract_cases/README.md``. A regression gets a case named after what broke.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.extract import extract
from kg.ingest import parse_article
from tests.helpers import model_mentions

CASES = Path(__file__).resolve().parent / "extract_cases"


class _Loader(yaml.SafeLoader):
    """YAML where every scalar is a string except ``null``/``~`` and ``true``/``false``:
    figures, keys and dates are compared as the text the extractor writes ("21", "2024-Q1",
    "2022-06-10"), never as YAML numbers or dates."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), ["t", "f"])


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _concerned(order: Any) -> str | None:
    return order.concerns[1] if order.concerns else None


# Each kind of fact: the fields a case may name, read from the extracted value.
FIELDS: dict[str, dict[str, Any]] = {
    "sanctions": {
        "target": lambda s: s.target, "authority": lambda s: s.authority, "list": lambda s: s.list,
        "status": lambda s: s.status, "start": lambda s: _date(s.start_date), "end": lambda s: _date(s.end_date),
    },
    "court_orders": {
        "target": lambda o: o.target, "type": lambda o: o.order_type, "date": lambda o: _date(o.date),
        "court": lambda o: o.court, "judge": lambda o: o.judge, "in_favor_of": lambda o: o.in_favor_of,
        # the target of the sanction the order is about (null: about no known sanction)
        "concerns": _concerned, "key": lambda o: "/".join(o.key),
    },
    "metrics": {
        "company": lambda m: m.company, "measure": lambda m: m.measure, "value": lambda m: m.value,
        "unit": lambda m: m.unit, "period": lambda m: m.period, "segment": lambda m: m.segment,
        "change": lambda m: m.change,
    },
    "entities": {
        "key": lambda e: e.key, "kind": lambda e: e.kind, "name": lambda e: e.name,
        "aliases": lambda e: tuple(e.aliases), "names": lambda e: (e.name, *e.aliases),
    },
    "mentions": {
        "key": lambda m: m.key, "kind": lambda m: m.kind, "text": lambda m: m.text, "source": lambda m: m.source,
        "name": lambda m: _clean_name(m.text),
    },
}
MODES = ("set", "bag", "list", "subset", "within", "none", "count", "empty")
CASE_KEYS = {"name", "text", "published", "model_entities", "company_patterns", "known", "expect"}
CHECK_KEYS = {"where", "first", "facts", "count", "distinct"}


def _clean_name(text: str) -> str:
    from kg.extract.entities import clean_name

    return clean_name(text)


@dataclass(frozen=True)
class Case:
    id: str
    data: dict[str, Any]


def load_cases(root: Path = CASES) -> list[Case]:
    cases = []
    for path in sorted(root.rglob("*.yaml")):
        group = path.relative_to(root).with_suffix("").as_posix()
        for data in yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []:
            cases.append(Case(f"{group}/{data.get('name')}", data))
    return cases


ALL = load_cases()


def _collection(spec: dict[str, Any]) -> tuple[str, str]:
    (kind,) = [k for k in spec if k not in CHECK_KEYS]
    return kind, spec[kind]


def _matches(expected: Any, actual: Any) -> bool:
    """A scalar equals; ``{re: pattern}`` is searched for; against a tuple of names, any one."""
    if isinstance(actual, tuple):
        return any(_matches(expected, a) for a in actual)
    if isinstance(expected, dict):
        return actual is not None and re.search(expected["re"], actual) is not None
    return expected == actual


def _fits(item: dict[str, Any], fact: Any, fields: dict[str, Any]) -> bool:
    return all(_matches(v, fields[f](fact)) for f, v in item.items())


def _project(facts: list[Any], names: list[str], fields: dict[str, Any]) -> list[tuple]:
    return [tuple(fields[f](fact) for f in names) for fact in facts]


def check(facts: tuple, spec: dict[str, Any], kind: str, mode: str) -> None:
    """Assert one check of a case against the extracted ``facts`` of one kind."""
    fields = FIELDS[kind]
    where = spec.get("where") or {}
    chosen = [f for f in facts if _fits(where, f, fields)]
    if "first" in spec:
        chosen = chosen[: int(spec["first"])]
    items: list[dict[str, Any]] = spec.get("facts") or []
    names = list(dict.fromkeys([*(f for item in items for f in item), *where]))
    shown = [{f: fields[f](fact) for f in names} for fact in chosen] if names else chosen
    why = f"{kind} {mode}{f' where {where}' if where else ''}: expected {items}, got {shown}"
    if mode == "empty":
        assert chosen == [], why
    elif mode == "count":
        got = len({fields[spec["distinct"]](f) for f in chosen}) if "distinct" in spec else len(chosen)
        assert got == int(spec["count"]), f"{kind}: expected {spec['count']}, got {got}: {chosen}"
    elif mode == "set":
        assert all(any(_fits(i, f, fields) for f in chosen) for i in items), why
        assert all(any(_fits(i, f, fields) for i in items) for f in chosen), why
    elif mode == "within":
        assert all(any(_fits(i, f, fields) for i in items) for f in chosen), why
    elif mode == "subset":
        assert all(any(_fits(i, f, fields) for f in chosen) for i in items), why
    elif mode == "none":
        assert items, f"{kind} none: no facts to look for, a check that cannot fail"
        assert not any(_fits(i, f, fields) for i in items for f in chosen), why
    elif mode == "list":
        assert len(chosen) == len(items) and all(map(lambda i, f: _fits(i, f, fields), items, chosen)), why
    elif mode == "bag":
        keys = sorted(items[0]) if items else []
        assert Counter(_project(chosen, keys, fields)) == Counter(tuple(i[k] for k in keys) for i in items), why


def _validate(case: Case) -> None:
    data = case.data
    assert set(data) <= CASE_KEYS, f"unknown keys {set(data) - CASE_KEYS}"
    assert data.get("name") and isinstance(data.get("text"), str) and data.get("expect"), "name, text, expect"
    mentions = "model_entities" in data
    for c in data["expect"]:
        kind, mode = _collection(c)
        assert kind in FIELDS and mode in MODES, f"unknown check {kind}: {mode}"
        assert (kind == "mentions") == mentions, "mentions are checked in cases with model_entities, only"
        for item in [*(c.get("facts") or []), c.get("where") or {}]:
            assert set(item) <= set(FIELDS[kind]), f"unknown {kind} fields {set(item) - set(FIELDS[kind])}"
        assert (mode == "count") == ("count" in c), "count goes with mode count"
        if mode == "bag":
            bag = c.get("facts") or []
            assert len({tuple(sorted(i)) for i in bag}) <= 1, "bag: items with the same fields"
            assert not any(isinstance(v, dict) for i in bag for v in i.values()), "bag: plain values only"
    assert not (mentions and "published" in data), "mention cases have no publication date"


@pytest.fixture
def known_names(monkeypatch):
    """Add the case's ``known`` names to the gazetteer, as its case-sensitive entries are."""

    def add(entries: list[dict[str, Any]]) -> None:
        from kg.extract import gazetteer
        from kg.models import COMPANY

        gaz = gazetteer.load()
        new = {e["key"]: gazetteer.Entry(key=e["key"], kind=COMPANY, label=e["label"], aliases=(e["label"],),
                                         case_sensitive=e.get("case_sensitive", False)) for e in entries}
        fake = replace(gaz, entries={**gaz.entries, **new}, index={**gaz.index, **new})
        monkeypatch.setattr(gazetteer, "load", lambda: fake)

    return add


def run(case: Case, known_names) -> dict[str, tuple]:
    data = case.data
    if data.get("known"):
        known_names(data["known"])
    if "model_entities" in data:
        ents = [tuple(e) for e in data["model_entities"]]
        return {"mentions": tuple(model_mentions(data["text"], ents, patterns=bool(data.get("company_patterns"))))}
    meta = f"---\npublished: {data['published']}\n---\n" if data.get("published") else ""
    x = extract(parse_article("t.txt", meta + data["text"]))
    return {"sanctions": x.sanctions, "court_orders": x.court_orders, "metrics": x.metrics, "entities": x.entities}


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_case(case: Case, known_names) -> None:
    _validate(case)
    got = run(case, known_names)
    for c in case.data["expect"]:
        kind, mode = _collection(c)
        check(got[kind], c, kind, mode)


def test_case_names_are_unique_and_cases_exist() -> None:
    ids = [c.id for c in ALL]
    assert ALL, f"no cases under {CASES}"
    assert [i for i, n in Counter(ids).items() if n > 1] == []
