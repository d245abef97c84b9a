"""What the reading of an article's sanctions and court orders passes between its steps:
the article and one sentence of it, what earlier sentences said, the drafts the facts are
gathered in, and the small helpers the reading and the merging share (evidence, dates,
parsed docs)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from kg.extract import frames, grammar
from kg.extract.dates import Anchor, Found
from kg.extract.entities import EntityTable, Mention
from kg.models import COMPANY, COURT, GOVERNMENT, PERSON, DateValue, Entity, Evidence

if TYPE_CHECKING:
    from kg.extract.authorities import AgentMatches


@dataclass(frozen=True)
class LegalArticle:
    """What every step reads: the article, its mentions and parses. The table gains the courts
    the reading names by description ("a federal court in Ruritania")."""

    text: str
    table: EntityTable
    anchor: Anchor | None
    docs: list[tuple[int, Doc]]
    grammar: grammar.Grammar
    mention_index: frames.MentionIndex
    agents: AgentMatches
    focus: str | None  # the company the story is about


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article and what it names."""

    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    companies: list[Mention]  # "the two companies" stands for the ones named together just before
    cases: list[tuple[int, int]]  # spans of case names ("Acme v. Ruritania")
    lists: list[str]  # the lists it names, once each
    dates: list[Found]
    doc: Doc | None
    doc_offset: int  # where the doc starts in the article

    @property
    def bodies(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == GOVERNMENT]

    @property
    def people(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == PERSON]

    @property
    def courts(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == COURT]


@dataclass(frozen=True)
class Imposed:
    """A sentence that imposed a measure, which the next few may refer back to ("Bolt was
    added in the same notice")."""

    index: int
    lists: list[str]
    authority: str | None
    dates: list[DateValue]
    lifted: bool = False  # a count of entries taken off ("took 24 entities off its list")
    proposed: bool = False  # a count of entries a measure would cover ("proposed freezing the assets of seven firms")


_COUNT_NOUNS = (r"(entities|entries|companies|firms|organi[sz]ations|banks|businesses|groups|outlets|carriers|airlines|"
                r"parties)")
# "sanctions on 29 individuals and 15 entities", "added 12 Chinese companies": a counted target
COUNTED = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|several)\s+"
                     r"(?:[\w.’'-]+\s+){0,4}?" + _COUNT_NOUNS + r"\b", re.I)
# "The entities include ...", "These firms are ...", "They include ..."
_MEMBERS_OF_COUNT = re.compile(r"^\s*(?:(?:The|These|Those)\s+(?:[\w-]+\s+)?" + _COUNT_NOUNS
                               + r"\s+(?:are|were|include[sd]?)\b|They\s+(?:include[sd]?|are|were)\b(?P<they>))", re.I)
# "Among the entities now on both lists are ...": the counted noun named again, a few sentences on
_AMONG_COUNTED = re.compile(r"^\s*Among\s+(?:the|these|those)\s+(?:[\w-]+\s+)?" + _COUNT_NOUNS + r"\b", re.I)
# "much of the rest", "the remaining entries", "the second half of the annex": what a count just
# named has left to name
REST_OF_COUNT = re.compile(r"\b(?:of\s+the\s+(?:rest|remainder)\b|the\s+remaining\s+(?:\d+\s+|\w+\s+)?"
                            + _COUNT_NOUNS + r"|the\s+remaining\s+names\b|"
                            r"the\s+second\s+half\s+of\s+the\s+(?:list|annex)\b)",
                            re.I)
# "A and B are among the companies whose assets will be frozen", right after "dozens of organisations"
_ARE_AMONG = re.compile(r"\b(?:are|is|were|was)\s+among\s+(?:the|these|those)\s+(?:[\w-]+\s+)?" + _COUNT_NOUNS
                        + r"\b", re.I)


# "nine of them — A, B and C — were ...", "The other two, D and E, ...": members of a count just named
# "Among them are A and B", "Named among them were ..."
_AMONG_THEM = re.compile(r"\s*(?:(?:Named|Listed|Included)\s+)?among\s+them\s+(?:are|were)\b", re.I)
OF_THEM = re.compile(r"\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|all|both|some|most)"
                     r"\s+of\s+them|(?:the\s+)?(?:other|remaining)\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)"
                     # ("The remaining six on that notice are ...")
                     r"(?:\s+(?:on|in)\s+(?:the|that|this|its)\s+(?:list|notice|order|decree|roster))?|"
                     # ("Two are mainland firms: A and B", opening the sentence; "The Uzbek four are A, B")
                     r"^(?:\d+|two|three|four|five|six|seven|eight|nine|ten)(?=\s+are\b[^.:]{0,60}:)|"
                     r"^\s*The\s+(?:[A-Z][\w-]+\s+)?(?:two|three|four|five|six|seven|eight|nine|ten)(?=\s+(?:are|were)\b))"
                     r"\s*(?:[—–:,(-]|\s+(?:are|were|include[sd]?)\b)", re.I)
_COMPANY_NOUNS = frozenset({"entity", "company", "firm", "organisation", "organization", "bank", "business", "group",
                            "carrier", "airline", "outlet", "entry", "party"})


def _singular(noun: str) -> str:
    noun = noun.lower()
    return noun[:-3] + "y" if noun.endswith("ies") else noun[:-2] if noun.endswith("sses") else noun.rstrip("s")


def counted_nouns(text: str) -> frozenset[str]:
    """The nouns of the counted targets a sentence names ("15 entities" → entity)."""
    return frozenset(_singular(m.group(1)) for m in COUNTED.finditer(text))


@dataclass
class Recall:
    """What earlier sentences said that a later one may refer back to."""

    groups: list[tuple[int, list[Mention]]] = field(default_factory=list)  # sentences naming several companies
    lists: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, list key)
    bodies: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, body key), not the US government
    previous_date: DateValue | None = None  # the most precise date of the last sentence that had one
    sanction_talk_at: int = -2  # the last sentence that spoke of a list or sanctions
    list_named_at: int = -9  # the last sentence that named a list by its kind ("the export control list")
    last_imposed: Imposed | None = None
    # the targets of each measure imposed, in order: ((key, position), ...)
    measure_targets: list[tuple[tuple[str, int], ...]] = field(default_factory=list)
    dated_by: dict[str, Imposed] = field(default_factory=dict)  # the last dated measure of each authority
    lead: int | None = None  # the index of the story's first sentence
    news_day: tuple[str | None, DateValue] | None = None  # who imposed a measure in the lead, and when
    acting: str | None = None  # the body the last sentence imposing a measure had act
    # the sentences imposing a measure with a doer ("banned exports to a group of firms"): (index, doer)
    imposed: list[tuple[int, str]] = field(default_factory=list)

    def imposed_before(self, index: int, within: int) -> tuple[int, str] | None:
        """The last measure with a doer a sentence before ``index`` (at most ``within`` before) imposed."""
        last = next(((i, k) for i, k in reversed(self.imposed) if i < index), None)
        return last if last is not None and index - last[0] <= within else None
    counted: tuple[int, frozenset[str], Imposed] | None = None  # a measure on "15 entities": the nouns counted
    announced: tuple[int, DateValue] | None = None  # the last sentence that dated additions to a list
    # the last measure a sentence named by its date ("builds on a February 2023 rule"): (index, date)
    dated_measure: tuple[int, DateValue] | None = None
    # sentences that revoke an order and name no company: (span, dates, the lifting cue)
    revoked: list[tuple[tuple[int, int], list[Found], re.Match[str]]] = field(default_factory=list)

    def last_list(self, index: int, referred: bool, same_list: bool) -> list[str]:
        """The list named last (by this sentence or one before), when the sentence refers to
        it at most three sentences later (``referred``: "that list", "on it") or calls it
        "the same list" (``same_list``)."""
        return [k for i, k in self.lists[-1:] if (index - i <= 3 and referred) or same_list]

    def counted_companies(self, index: int) -> bool:
        """Whether a measure on "five companies" came at most four sentences before ``index``."""
        return self.counted is not None and index - self.counted[0] <= 4 and bool(self.counted[1] & _COMPANY_NOUNS)

    def counts_members(self, index: int, text: str) -> bool:
        """"The entities include A and B" at most two sentences after a measure on "15 entities",
        "Among the entities ... are A and B" at most four: the members of that count."""
        if self.counted is None or index - self.counted[0] > 4:
            return False
        among = _AMONG_COUNTED.match(text)
        if among is not None and _singular(among.group(1)) in self.counted[1]:
            return True
        if REST_OF_COUNT.search(text) and self.counted[1] & _COMPANY_NOUNS:
            return True  # "The oil sector accounts for most of the remaining entries: A; B"
        if index - self.counted[0] > 2:
            return False
        are_among = _ARE_AMONG.search(text)
        if are_among is not None and (_singular(are_among.group(1)) in self.counted[1] or (
                _singular(are_among.group(1)) in _COMPANY_NOUNS and self.counted[1] & _COMPANY_NOUNS)):
            return True
        noun = _MEMBERS_OF_COUNT.search(text)
        if noun is not None and noun.group("they") is not None:  # "They include A, B and C"
            return bool(self.counted[1] & _COMPANY_NOUNS)
        return (noun is not None and _singular(noun.group(1)) in self.counted[1]) or (
            bool(self.counted[1] & _COMPANY_NOUNS) and (OF_THEM.search(text) is not None
                                                       or _AMONG_THEM.match(text) is not None))

    def announced_within(self, index: int) -> DateValue | None:
        """The date of additions to a list that a sentence at most three before gave."""
        return self.announced[1] if self.announced and index - self.announced[0] <= 3 else None


@dataclass
class Findings:
    """The drafts of the article's facts, and the entities they name that its mentions lack."""

    table: EntityTable
    sanctions: dict[tuple[str, str | None], SanctionDraft] = field(default_factory=dict)
    orders: list[OrderDraft] = field(default_factory=list)
    provisional: set[str | None] = field(default_factory=set)  # targets whose lifting is provisional
    extra: dict[str, Entity] = field(default_factory=dict)

    def add_entity(self, key: str, make: Callable[[str], Entity]) -> None:
        """Name the entity ``key`` (made by ``make``) unless the article already does."""
        if self.table.kind_of(key) is None and key not in self.extra:
            self.extra[key] = make(key)

    def add_coined(self, coined: dict[str, str]) -> None:
        """Name the companies a frame coined from a conjunction ("Acme Bank, Bolt Bank and Cord
        Bank": key -> name as written)."""
        for key, name in coined.items():
            self.add_entity(key, lambda k, name=name: Entity(key=k, kind=COMPANY, name=name))


@dataclass
class SanctionDraft:
    """What the sentences say about one measure on one target."""

    target: str
    evidence: list[Evidence] = field(default_factory=list)
    authorities: list[tuple[int, str]] = field(default_factory=list)  # (priority, key)
    lists: list[str] = field(default_factory=list)
    start: list[DateValue] = field(default_factory=list)
    end: list[DateValue] = field(default_factory=list)  # dates of sentences that lift it
    cues: set[str] = field(default_factory=set)
    distinct: str | None = None  # the body of one of several measures a sentence names (Sanction.distinct)
    # governments named as the doer of a measure on this target, each with its statement's date
    # and evidence: bodies of two countries in two sentences are two measures (legal_finish)
    doers: list[tuple[str, list[DateValue], Evidence]] = field(default_factory=list)


@dataclass
class OrderDraft:
    """One sentence's mention of a court decision about one target."""

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
    party: bool = False  # the grammar read the target as a party of the decision ("brought by A and B")


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
