"""Plain values that flow between the stages. No behaviour beyond small derived keys.

Every stage takes these and returns new ones: ``ingest`` makes :class:`Article`,
``extract`` makes :class:`Extraction`, ``mapping`` turns an Extraction into RDF.
Entity and fact *keys* are normalised strings from which ``mapping`` mints IRIs, so
the same fact stated by two articles gets one IRI and two provenance links.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def slug(text: str) -> str:
    """An IRI-safe, lower-case, hyphenated form of ``text``: the stuff keys are made of.

    >>> slug("Beijing Zhongguancun Tech Co., Ltd.")
    'beijing-zhongguancun-tech-co-ltd'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.lower()).strip("-")
    return text or "x"


# Kinds of entity, and the contract class each maps to.
COMPANY = "company"
GOVERNMENT = "government"
COURT = "court"
PERSON = "person"
LIST = "list"
ENTITY_KINDS = (COMPANY, GOVERNMENT, COURT, PERSON, LIST)


@dataclass(frozen=True)
class Article:
    """One source document. ``text`` is the body evidence offsets point into."""

    id: str
    path: str
    text: str
    sha256: str
    title: str
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD or YYYY-MM
    publisher: str | None = None
    language: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text supports: ``2021-03-15``, ``2021-03`` or ``2021``."""

    iso: str

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Evidence:
    """A span of the article body: ``exact == text[start:end]``."""

    start: int
    end: int
    exact: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Entity:
    """An organisation, person or list, identified across articles by ``key``."""

    key: str  # normalised identity, e.g. "xiaomi"
    kind: str  # one of ENTITY_KINDS
    name: str  # preferred surface form in this article (or the gazetteer's label)
    aliases: tuple[str, ...] = ()  # other surface forms seen in this article
    wikidata: str | None = None  # Q-id
    country: str | None = None  # ISO 3166 alpha-2
    maintained_by: str | None = None  # for lists: key of a government body
    canonical: bool = False  # name comes from the gazetteer, not from the text


@dataclass(frozen=True)
class Sanction:
    target: str  # entity key
    evidence: tuple[Evidence, ...]
    authority: str | None = None  # entity key (government body or person)
    list: str | None = None  # entity key of a SanctionList
    start_date: DateValue | None = None
    end_date: DateValue | None = None
    status: str | None = None  # Active | Suspended | Lifted | Proposed
    effect: str | None = None
    # set when one statement names several bodies each imposing its own measure ("Canada and
    # Australia sanctioned Acme"): the body whose measure this is, so that each is its own fact
    distinct: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        """Identity across articles: the target and the list it is on (if the text names one).

        The authority is left out on purpose: articles name it differently ("the Defense Department",
        "the Trump administration") where the list is the stable part; only measures that one
        sentence gives to several bodies keep theirs apart (``distinct``).
        """
        return ("sanction", self.target, self.list or "", *((self.distinct,) if self.distinct else ()))


@dataclass(frozen=True)
class CourtOrder:
    order_type: str  # PreliminaryInjunction | FinalOrder | Ruling | OtherOrder
    evidence: tuple[Evidence, ...]
    court: str | None = None  # entity key
    judge: str | None = None  # entity key (person)
    date: DateValue | None = None
    concerns: tuple[str, ...] | None = None  # Sanction.key
    in_favor_of: str | None = None  # entity key
    target: str | None = None  # whom the order is about, when no sanction is known
    # set on the later of several decisions of one type about one target (its date, or its court):
    # the first keeps the plain key, so adding a decision to a story renames none of the others
    distinct: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        # a sanction without a list ("rosneft", "") and a bare target ("rosneft") are one IRI:
        # the same key, so that two decisions about them are told apart (``distinct``)
        about = "/".join(p for p in self.concerns[1:] if p) if self.concerns else (
            self.target or self.in_favor_of or "")
        return ("order", about, self.order_type, *((self.distinct,) if self.distinct else ()))


@dataclass(frozen=True)
class Metric:
    company: str  # entity key
    measure: str  # Revenue | NetIncome | ...
    value: str  # decimal as text, e.g. "9800000000"
    unit: str  # QUDT local name: CCY_EUR, PERCENT, NUM
    evidence: tuple[Evidence, ...]
    period: str | None = None  # 2021, 2021-Q1, 2021-H1, 2021-03
    period_start: str | None = None  # YYYY-MM-DD
    period_end: str | None = None
    segment: str | None = None
    change: str | None = None  # YearOverYear | QuarterOverQuarter

    @property
    def key(self) -> tuple[str, ...]:
        return (
            "metric", self.company, self.measure, self.period or "", self.segment or "",
            self.change or "",
        )


@dataclass(frozen=True)
class Extraction:
    """What one article says: its entities and its facts."""

    article: Article
    entities: tuple[Entity, ...] = ()
    sanctions: tuple[Sanction, ...] = ()
    court_orders: tuple[CourtOrder, ...] = ()
    metrics: tuple[Metric, ...] = ()
    mentions: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """One problem found by validation."""

    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    message: str
    shape: str | None = None
    article: str | None = None


@dataclass(frozen=True)
class Report:
    conforms: bool
    issues: tuple[Issue, ...] = ()
    report_ttl: str = ""  # the machine-readable SHACL report graph, as Turtle

    @property
    def articles_at_fault(self) -> tuple[str, ...]:
        return tuple(sorted({i.article for i in self.issues if i.article}))
