"""``kg eval``: precision, recall and F1 of extraction against gold files.

Gold files follow ``../shared/eval/gold/``: one JSON per article with companies,
sanctions, court orders and metrics. Matching follows the contract: names up to case,
punctuation and legal suffixes (``Acme Corp.`` = ``acme``), matched against an
entity's label and aliases; numbers within 0.5 %; ``null`` gold fields are not scored.

A fact is matched on its identity — sanction: target; court order: target and type;
metric: company, measure and value — and its other fields are scored as attribute
accuracy over matched facts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.errors import UsageError
from kg.extract.entities import org_key
from kg.kinds import KINDS, NAMES
from kg.models import COMPANY, Entity, Extraction

FACT_TYPES = NAMES
TYPES = ("companies", *FACT_TYPES)
MEASURES = {"revenue": "Revenue", "net income": "NetIncome", "operating profit": "OperatingProfit",
            "shipments": "Shipments", "market share": "MarketShare", "users": "Users",
            "employees": "Employees"}
ORDER_TYPES = {"preliminary injunction": "PreliminaryInjunction", "final order": "FinalOrder",
               "ruling": "Ruling", "other": "OtherOrder"}
CHANGES = {"yoy": "YearOverYear", "qoq": "QuarterOverQuarter"}
_STOP = {"the", "a", "an", "of", "for", "in", "on", "us", "u", "s", "united", "states", "list"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scores:
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    attributes: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # type -> attr -> [ok, n]
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    articles: int = 0

    @property
    def facts(self) -> Counts:
        c = Counts()
        for t in FACT_TYPES:
            c.tp += self.counts[t].tp
            c.fp += self.counts[t].fp
            c.fn += self.counts[t].fn
        return c

    def attr(self, kind: str, name: str, ok: bool) -> None:
        cell = self.attributes.setdefault(kind, {}).setdefault(name, [0, 0])
        cell[0] += int(ok)
        cell[1] += 1

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            "types": {t: c.to_dict() for t, c in self.counts.items()},
            "facts": self.facts.to_dict(),
            "attributes": {k: {a: {"correct": v[0], "scored": v[1],
                                   "accuracy": round(v[0] / v[1], 4) if v[1] else 1.0}
                               for a, v in sorted(attrs.items())}
                           for k, attrs in sorted(self.attributes.items())},
            "missed": self.missed, "extra": self.extra, "wrong_attributes": self.wrong,
        }


def norm(name: str) -> str:
    return org_key(name)


def _tokens(name: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", name.lower().replace("’", "'"))
    return {w for w in words if w not in _STOP}


def names_match(gold: str, names: list[str], lenient: bool = False) -> bool:
    g = norm(gold)
    if any(norm(n) == g for n in names):
        return True
    if lenient:
        gt = _tokens(gold)
        return bool(gt) and any(gt <= _tokens(n) or (_tokens(n) and _tokens(n) <= gt and len(_tokens(n)) >= 2)
                                for n in names)
    return False


def _names(e: Entity | None) -> list[str]:
    return [e.name, *e.aliases] if e else []


def _num_close(a: Decimal | float, b: float) -> bool:
    a = float(a)
    if b == 0:
        return a == 0
    return abs(a - b) <= abs(b) * 0.005


def score_article(x: Extraction, gold: dict, scores: Scores) -> None:
    """Score one article's extraction against its gold file, one type at a time."""
    ents = {e.key: e for e in x.entities}
    scores.articles += 1
    for kind, scorer in SCORERS.items():
        scorer(x, gold.get(kind) or [], ents, scores)


def _score_companies(x: Extraction, golds: list[dict], ents: dict[str, Entity], scores: Scores) -> None:
    aid = x.article.id
    unmatched = [e for e in x.entities if e.kind == COMPANY]
    for g in golds:
        hit = next((e for e in unmatched if names_match(g["name"], _names(e))), None)
        if hit:
            unmatched.remove(hit)
            scores.counts["companies"].tp += 1
        else:
            scores.counts["companies"].fn += 1
            scores.missed.append(f"{aid}: company {g['name']}")
    for e in unmatched:
        scores.counts["companies"].fp += 1
        scores.extra.append(f"{aid}: company {e.name}")


def _names_of(ents: dict[str, Entity]):  # noqa: ANN202 - a small closure factory
    def target_names(key: str | None) -> list[str]:
        return _names(ents.get(key)) if key else []
    return target_names


def _score_sanctions(x: Extraction, golds: list[dict], ents: dict[str, Entity], scores: Scores) -> None:
    """Matched on the target (of a target's several measures, the one whose list, authority and
    date agree most); authority, list, date and status are attributes."""
    aid = x.article.id
    target_names = _names_of(ents)
    preds = list(x.sanctions)

    def agreement(g: dict, s) -> int:  # noqa: ANN001 - a Sanction
        return (bool(g.get("list")) and names_match(g["list"], target_names(s.list), True)) * 2 + (
            bool(g.get("authority")) and names_match(g["authority"], target_names(s.authority), True)) + (
            str(s.start_date or None) == str(g.get("date")))

    for g in golds:
        same = [s for s in preds if names_match(g["target"], target_names(s.target))]
        hit = max(same, key=lambda s: agreement(g, s), default=None)
        if not hit:
            scores.counts["sanctions"].fn += 1
            scores.missed.append(f"{aid}: sanction on {g['target']}")
            continue
        preds.remove(hit)
        scores.counts["sanctions"].tp += 1
        checks = {
            "authority": (g.get("authority"), lambda v: names_match(v, target_names(hit.authority), True)),
            "list": (g.get("list"), lambda v: names_match(v, target_names(hit.list), True)),
            "date": (g.get("date"), lambda v: str(hit.start_date or "") == v),
            "status": (g.get("status"), lambda v: (hit.status or "").lower() == v.lower()),
        }
        _check(scores, "sanctions", f"{aid}: sanction on {g['target']}", checks,
               {"authority": hit.authority, "list": hit.list, "date": str(hit.start_date or None),
                "status": hit.status})
    for s in preds:
        scores.counts["sanctions"].fp += 1
        scores.extra.append(f"{aid}: sanction on {(target_names(s.target) or [s.target])[0]} ({s.list or '-'})")


def _score_court_orders(x: Extraction, golds: list[dict], ents: dict[str, Entity], scores: Scores) -> None:
    """Matched on the target and the type; court, date, judge, in whose favour are attributes."""
    aid = x.article.id
    target_names = _names_of(ents)
    orders = list(x.court_orders)
    for g in golds:
        kind = ORDER_TYPES.get((g.get("type") or "").lower())
        hit = next((o for o in orders if o.order_type == kind and (
            g.get("about_target") is None or names_match(g["about_target"], target_names(o.target)))), None)
        if not hit:
            scores.counts["court_orders"].fn += 1
            scores.missed.append(f"{aid}: {g.get('type')} about {g.get('about_target')}")
            continue
        orders.remove(hit)
        scores.counts["court_orders"].tp += 1
        checks = {
            "court": (g.get("court"), lambda v: names_match(v, target_names(hit.court), True)),
            "date": (g.get("date"), lambda v: str(hit.date or "") == v),
            "judge": (g.get("judge"), lambda v: names_match(v, target_names(hit.judge), True)),
            "in_favor_of": (g.get("in_favor_of"), lambda v: names_match(v, target_names(hit.in_favor_of))),
        }
        _check(scores, "court_orders", f"{aid}: {g.get('type')} about {g.get('about_target')}", checks,
               {"court": hit.court, "date": str(hit.date or None), "judge": hit.judge,
                "in_favor_of": hit.in_favor_of})
    for o in orders:
        scores.counts["court_orders"].fp += 1
        scores.extra.append(f"{aid}: {o.order_type} about {o.target}")


def _score_metrics(x: Extraction, golds: list[dict], ents: dict[str, Entity], scores: Scores) -> None:
    """Matched on company, measure and value; unit, period, segment, change are attributes."""
    aid = x.article.id
    target_names = _names_of(ents)
    metrics = list(x.metrics)
    for g in golds:
        measure = MEASURES.get((g.get("measure") or "").lower())
        hit = next((m for m in metrics if m.measure == measure and _num_close(Decimal(m.value), g["value"])
                    and names_match(g["company"], target_names(m.company))), None)
        label = f"{aid}: {g['company']} {g.get('measure')} {g['value']} {g.get('period')}"
        if not hit:
            scores.counts["metrics"].fn += 1
            scores.missed.append(label)
            continue
        metrics.remove(hit)
        scores.counts["metrics"].tp += 1
        unit = {"PERCENT": "percent", "NUM": "units"}.get(hit.unit, hit.unit.replace("CCY_", ""))
        checks = {
            "unit": (g.get("unit"), lambda v: unit.lower() == v.lower()),
            "period": (g.get("period"), lambda v: (hit.period or "") == v),
            "segment": (g.get("segment"), lambda v: _seg(hit.segment) == _seg(v)),
            "change": (g.get("change") if "change" in g else None,
                       lambda v: hit.change == CHANGES.get(v)),
        }
        if g.get("change") is None and "change" in g:
            checks["change"] = ("none", lambda v: hit.change is None)
        _check(scores, "metrics", label, checks,
               {"unit": unit, "period": hit.period, "segment": hit.segment, "change": hit.change})
    for m in metrics:
        scores.counts["metrics"].fp += 1
        company = (target_names(m.company) or [m.company])[0]
        scores.extra.append(f"{aid}: {company} {m.measure} {m.value} {m.unit} {m.period}")


#: One scorer per gold list, by its key: companies, then each kind of fact (kg.kinds.KINDS).
_FACT_SCORERS = {"sanctions": _score_sanctions, "court_orders": _score_court_orders, "metrics": _score_metrics}
SCORERS = {"companies": _score_companies, **{k.name: _FACT_SCORERS[k.name] for k in KINDS}}

#: What a gold file holds: per list, the fields every item needs and their types
#: (``None`` allowed wherever a field may be absent from the article).
_TEXT = (str,)
_OPTIONAL_TEXT = (str, type(None))
GOLD_FIELDS: dict[str, dict[str, tuple[type, ...]]] = {
    "companies": {"name": _TEXT, "aliases_in_text": (list, type(None))},
    "sanctions": {"target": _TEXT, "authority": _OPTIONAL_TEXT, "list": _OPTIONAL_TEXT,
                  "date": _OPTIONAL_TEXT, "status": _OPTIONAL_TEXT},
    "court_orders": {"type": _OPTIONAL_TEXT, "about_target": _OPTIONAL_TEXT, "court": _OPTIONAL_TEXT,
                     "date": _OPTIONAL_TEXT, "judge": _OPTIONAL_TEXT, "in_favor_of": _OPTIONAL_TEXT},
    "metrics": {"company": _TEXT, "value": (int, float), "measure": _OPTIONAL_TEXT,
                "unit": _OPTIONAL_TEXT, "period": _OPTIONAL_TEXT, "segment": _OPTIONAL_TEXT,
                "change": _OPTIONAL_TEXT},
}
#: Fields that must be there (the others may be left out).
_REQUIRED = {"companies": ("name",), "sanctions": ("target",), "metrics": ("company", "value")}


def check_gold(gold: object, path: Path) -> dict:
    """``gold`` if it has the shape of a gold file; else :class:`UsageError`, one line
    naming the file, the item and the field (``x.json: sanctions[1]: 'target' missing``)."""
    if not isinstance(gold, dict):
        raise UsageError(f"{path}: not a JSON gold file (expected an object)")
    if not isinstance(gold.get("article", ""), str):
        raise UsageError(f"{path}: 'article' must be a file name")
    for kind, fields in GOLD_FIELDS.items():
        items = gold.get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            raise UsageError(f"{path}: {kind!r} must be a list, not {type(items).__name__}")
        for n, item in enumerate(items):
            where = f"{path}: {kind}[{n}]"
            if not isinstance(item, dict):
                raise UsageError(f"{where}: expected an object, not {type(item).__name__}")
            for name in _REQUIRED.get(kind, ()):
                if item.get(name) is None:
                    raise UsageError(f"{where}: {name!r} missing")
            for name, types in fields.items():
                value = item.get(name)
                if name in item and not isinstance(value, types) or isinstance(value, bool):
                    raise UsageError(f"{where}: {name!r} is {json.dumps(value)[:40]}, "
                                     f"expected {' or '.join(dict.fromkeys(_TYPE_NAMES[t] for t in types))}")
    return gold


_TYPE_NAMES = {str: "text", type(None): "null", list: "a list", int: "a number", float: "a number"}


def _seg(v: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", (v or "").lower())
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def _check(scores: Scores, kind: str, label: str, checks: dict, got: dict) -> None:
    for name, (expected, ok) in checks.items():
        if expected is None:
            continue
        good = bool(ok(expected))
        scores.attr(kind, name, good)
        if not good:
            scores.wrong.append(f"{label}: {name} expected {expected!r}, got {got.get(name)!r}")


def find_article(gold_file: Path, name: str, inputs: list[Path]) -> Path | None:
    for folder in inputs:
        if folder.is_file() and folder.name == name:
            return folder
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def evaluate(gold_dir: Path | str, inputs: list[Path | str] | None = None, *,
             model: str | None = None) -> Scores:
    """Extract each article named by a gold file in ``gold_dir`` and score it.

    Articles are looked up in ``inputs`` (files or folders); by default in
    ``GOLD_DIR/../articles`` if it exists, then ``seeds/``.
    """
    from kg.extract import extract_many
    from kg.extract import nlp as nlp_mod
    from kg.ingest import read_article

    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise UsageError(f"{gold_dir}: not a folder of gold files")
    folders = [Path(i) for i in inputs] if inputs else [
        p for p in (gold_dir.parent / "articles", Path("seeds")) if p.exists()]
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise UsageError(f"{gold_dir}: no gold files (*.json)")
    pairs = []
    for path in golds:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read gold file ({exc})") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: not a JSON gold file ({exc.msg})") from None
        gold = check_gold(gold, path)
        name = gold.get("article") or path.with_suffix(".txt").name
        article_path = find_article(path, name, folders)
        if article_path is None:
            raise UsageError(f"{path.name}: article {name} not found in "
                             + ", ".join(str(f) for f in folders))
        pairs.append((read_article(article_path), gold))
    scores = Scores()
    nlp = nlp_mod.load(model)
    for x, (_, gold) in zip(extract_many([a for a, _ in pairs], nlp), pairs):
        score_article(x, gold, scores)
    return scores


def format_scores(scores: Scores) -> str:
    lines = [f"{scores.articles} articles", "",
             f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    rows = [(t, scores.counts[t]) for t in TYPES] + [("facts", scores.facts)]
    for name, c in rows:
        lines.append(f"{name:<14}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    lines += ["", "attribute accuracy of matched facts:"]
    for kind, attrs in sorted(scores.attributes.items()):
        cells = ", ".join(f"{a} {v[0]}/{v[1]}" for a, v in sorted(attrs.items()))
        lines.append(f"  {kind}: {cells}")
    for title, items in (("missed", scores.missed), ("extra", scores.extra),
                         ("wrong attributes", scores.wrong)):
        if items:
            lines += ["", f"{title} ({len(items)}):"] + [f"  {i}" for i in items]
    return "\n".join(lines)
