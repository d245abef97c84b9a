"""The drafts that sanctions and court orders are gathered in while an article is read,
and the small helpers the reading and the merging share (evidence, dates, parsed docs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.models import DateValue, Evidence


@dataclass
class SanctionDraft:
    target: str
    evidence: list[Evidence] = field(default_factory=list)
    authorities: list[tuple[int, str]] = field(default_factory=list)  # (priority, key)
    lists: list[str] = field(default_factory=list)
    start: list[DateValue] = field(default_factory=list)
    end: list[DateValue] = field(default_factory=list)  # dates of sentences that lift it
    cues: set[str] = field(default_factory=set)
    distinct: str | None = None  # the body of one of several measures a sentence names (Sanction.distinct)


@dataclass
class OrderDraft:
    target: str | None
    order_type: str
    evidence: list[Evidence] = field(default_factory=list)
    court: str | None = None
    judge: str | None = None
    dates: list[DateValue] = field(default_factory=list)
    favor: str | None = None
    upholds: bool = False
    lists: list[str] = field(default_factory=list)
    appeals: bool = False
    court_named: bool = False  # the sentence names the court (not one named just before)
    implied: bool = False  # the sentence names no company: the one the story is about
    group_of: str | None = None  # copied from the order about this company's parent or subsidiary
    explicit: bool = False  # the words give the type ("denied the motion for an injunction"): kept as it is


def sentence_evidence(text: str, start: int, end: int, confidence: float) -> Evidence:
    return Evidence(start, end, text[start:end], round(confidence, 2))


def is_before(a: DateValue | None, b: DateValue | None) -> bool:
    """True when ``a`` is before ``b`` at the precision both share."""
    if a is None or b is None:
        return False
    n = min(len(a.iso), len(b.iso))
    return a.iso[:n] < b.iso[:n]


def earliest(values: list[DateValue]) -> DateValue | None:
    return min(values, key=lambda v: (v.iso[:4], v.iso)) if values else None


def most_precise(values: list[DateValue]) -> DateValue | None:
    return max(values, key=lambda v: len(v.iso)) if values else None


def dedupe_evidence(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        if (ev.start, ev.end) not in seen or seen[(ev.start, ev.end)].confidence < ev.confidence:
            seen[(ev.start, ev.end)] = ev
    return sorted(seen.values(), key=lambda ev: ev.start)


def doc_for(docs: list[tuple[int, Doc]], pos: int) -> Doc | None:
    chosen = None
    for offset, doc in docs:
        if offset <= pos:
            chosen = doc
    return chosen


def doc_offset(docs: list[tuple[int, Doc]], pos: int) -> int:
    chosen = 0
    for offset, _ in docs:
        if offset <= pos:
            chosen = offset
    return chosen
