"""Company figures: revenue, profit, shipments, market share, users, employees.

Each number in a sentence is read with its currency, scale and unit; a measure word
near it says what it measures; the company named nearest before it in the same clause
(or the one the article is about) owns it; a change cue makes it a relative change.

Several companies in one sentence: each clause or list item ("..., B with 42 million and
15%") keeps its own company, "respectively" pairs names and figures in order, and
companies inside a relative clause (", which runs A and B,") own nothing. An amount
compared with another ("to 4.9 billion from 4.4 billion a year earlier") keeps its
measure and takes the earlier period; a change that leads to an amount ("grew 6% to
$1 billion") is the change of that amount. A business named as the subject (a
division, "the group's video arm", "Acme Cloud Group") is the parent's segment.

This module reads the article sentence by sentence and each sentence figure by figure,
carrying what the text said before (the company, measure, period and kind of change it was
talking about). The steps live by job in :mod:`kg.extract.quantities` (the amounts),
``metric_measures`` (what a figure measures), ``metric_filters`` (numbers that are no
company's reported figure), ``metric_owners`` (whose it is), ``metric_periods`` (of which
period), ``metric_changes`` (level or change) and ``metric_segments`` (of which business or
market).

>>> [(q.value, q.unit) for q in find_quantities("revenue of more than 7.5 billion euros, up 12.4%")]
[(Decimal('7500000000'), 'CCY_EUR'), (Decimal('12.4'), 'PERCENT')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from spacy.tokens import Doc

from kg.extract import metric_changes as changes
from kg.extract import metric_filters as filters
from kg.extract import metric_measures as measures
from kg.extract import metric_owners as ownership
from kg.extract import metric_segments as segments
from kg.extract.date_terms import Anchor
from kg.extract.entities import EntityTable, Mention
from kg.extract.metric_periods import EMPLOYS_NOW, base_period, figure_period, looks_ahead, near_figures, of_a_base
from kg.extract.names import is_source_context
from kg.extract.periods import Period, find_periods, period_bounds
from kg.extract.quantities import Quantity, find_quantities, yen_sign_is_yen
from kg.models import COMPANY, Evidence, Metric


@dataclass(frozen=True)
class _Article:
    """What is read once for the whole article."""

    text: str
    table: EntityTable
    anchor: Anchor | None
    docs: list[tuple[int, Doc]] | None
    # a name the model once read as a person is still the company it is elsewhere in the article
    company_keys: frozenset[str]
    seen: dict[str, list[int]]  # where companies are named, after the title (which uses short names)
    japanese: bool  # "¥" is the yen
    counts_units: bool  # the article counts units shipped
    market: str | None  # the market the article talks about most

    @classmethod
    def read(cls, text: str, table: EntityTable, anchor: Anchor | None,
             docs: list[tuple[int, Doc]] | None) -> _Article:
        company_keys = frozenset(m.key for m in table.mentions if m.kind == COMPANY and not m.source)
        title_end = text.find("\n") if "\n" in text else 0
        seen: dict[str, list[int]] = {}
        for m in table.mentions:
            if m.key in company_keys and not m.descriptive and not m.source and m.start > title_end:
                seen.setdefault(m.key, []).append(m.start)
        return cls(text, table, anchor, docs, company_keys, seen, yen_sign_is_yen(text),
                   measures.SHIPMENT_WORDS.search(text) is not None, segments.market_of(text))


@dataclass
class _Story:
    """What the sentences read so far have established, carried to the next one."""

    last_company: str | None = None  # whose the last figure was
    named_before: str | None = None  # the company the sentence before, with no figures, was about
    prev_measure: str | None = None  # the last figure's measure (None after a sentence without numbers)
    prev_money: tuple[int, str] | None = None  # (sentence index, measure) of the last money figure
    main_period: str | None = None  # the first period the article reported figures for
    last_period: str | None = None  # the period the figures before were for
    last_segment: str | None = None  # the segment "this segment" means
    last_cue: str | None = None  # the last change the text said was year-on-year or quarter-on-quarter
    compares: str | None = None  # the last kind of comparison the text named, with a figure or not
    share_context: bool = False  # the sentence before gave market shares
    prev_companies: list[Mention] = field(default_factory=list)
    unit_before: str | None = None  # the business the sentence before was about
    market_report: bool = False  # a sentence gave a market total: company-less figures are the market's
    cited: bool = False  # a research firm was named before: the article reports its figures
    # the measure (and period) a line ending in a colon names for the items below it
    heading: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class _Sentence:
    """One sentence, read before its figures."""

    index: int
    start: int
    end: int
    text: str
    periods: list[Period]
    current: list[Period]  # the periods it reports (no comparison, none it looks ahead to)
    seg_def: re.Match[str] | None  # "the pumps segment": what "this segment" will mean
    quantities: list[Quantity]
    figures: list[Quantity]  # the quantities that may be a company's figures
    companies: list[Mention]
    names: frozenset[str]  # the words of every name in it
    name_spans: tuple[tuple[int, int], ...]
    source: re.Match[str] | None  # a research firm it cites
    clauses: list[tuple[int, int]]
    arms: dict[int, str]  # id(mention) → the business of a parent it is
    relatives: list[tuple[int, int]]
    owners: list[Mention]  # the companies that may own a figure
    respectively: dict[int, str]  # figure start → company, paired by "respectively"
    pronoun: str | None  # the company a sentence opening with "It" or "Its" means
    in_market: str | None  # the market it (or else the article) talks about
    ranking: bool
    level_money: list[Quantity]  # its amounts of money of 1,000 or more
    subject: str | None  # (a sentence without amounts) the one company it is about, as its main verb's subject

    def clause_of(self, q: Quantity) -> tuple[int, int]:
        return next(((a, b) for a, b in self.clauses if a <= q.start < b), (0, len(self.text)))


@dataclass
class _SoFar:
    """The figures of the sentence read so far."""

    measures: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)  # the kinds of change the text named for them
    level_measures: dict[str, str] = field(default_factory=dict)  # unit → measure of the levels read
    prev_level: tuple[int, str, str] | None = None  # (end, measure, unit) of the last level
    prev_level_mpos: int = -1  # where the measure word of that level is (-1: carried, not named)
    prev_end: int = 0
    last_level: tuple[int, str, str | None] | None = None  # (end, unit, period) of the last level, shares too
    levels: list[tuple[int, str]] = field(default_factory=list)  # (start, measure) of the amounts read, in order


@dataclass(frozen=True)
class _Figure:
    q: Quantity
    index: int  # among the sentence's figures
    pre_start: int  # where the figure before it ends: its own words start there at the earliest
    clause: tuple[int, int]


@dataclass(frozen=True)
class _Reading:
    """What a figure states. ``measure`` may differ from the measure found for it: a change
    right after an amount of units is the units' change, not a market share's."""

    measure: str
    value: Decimal
    unit: str
    change: str | None = None
    confidence: float = 0.85
    cue: str | None = None  # the kind of change the text named for it


def extract_metrics(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                    anchor: Anchor | None, furniture: set[int],
                    docs: list[tuple[int, Doc]] | None = None) -> list[Metric]:
    """Every company figure in the article (``furniture``: indexes of sentences that are page
    furniture, not the story; ``docs``: the parsed paragraphs and their offsets)."""
    article = _Article.read(text, table, anchor, docs)
    story = _Story()
    out: list[Metric] = []
    for index, (s, e) in enumerate(sentences):
        if index in furniture:
            continue
        sent = _read_sentence(article, story, index, s, e)
        _note_sources(article, story, sent)
        so_far = _SoFar()
        for i, q in enumerate(sent.figures):
            pre_start, so_far.prev_end = so_far.prev_end, q.end
            metric = _read_figure(article, story, sent, so_far, _Figure(q, i, pre_start, sent.clause_of(q)))
            if metric is not None:
                out.append(metric)
                out.extend(replace(metric, company=k) for k in _shared_by(sent, q) if k != metric.company)
        _close_sentence(story, sent, so_far)
    return _dedupe(out)


# ---------------------------------------------------------------------------- a sentence

def _read_sentence(article: _Article, story: _Story, index: int, s: int, e: int) -> _Sentence:
    """The sentence at [s, e): its periods (against the one the article was talking about), its
    amounts, its companies and how its clauses split them."""
    text = article.text[s:e]
    periods = find_periods(text, article.anchor, last=story.last_period)
    quantities = find_quantities(text)
    if article.japanese:
        quantities = [replace(q, unit="CCY_JPY") if q.yen_sign else q for q in quantities]
    mentions = article.table.in_span(s, e)
    companies = [m for m in mentions if (m.kind == COMPANY or m.key in article.company_keys)
                 and not ownership.modifier_word(m.text, text, m.end - s)]
    source = filters.research_source(text)
    arms = segments.business_arms(text, companies, s)
    pronoun = _pronoun(story, text, arms)
    figures = _company_figures(story, text, quantities, companies, source, pronoun)
    relatives = ownership.relative_clauses(text, article.docs, s)
    owners = _owners(companies, arms, relatives, s)
    return _Sentence(
        index=index, start=s, end=e, text=text, periods=periods,
        current=[p for p in periods if not p.comparison and not looks_ahead(text, p, article.anchor)],
        seg_def=segments.SEGMENT_DEF.search(text), quantities=quantities, figures=figures, companies=companies,
        names=frozenset(w for m in mentions for w in m.text.split()),
        name_spans=tuple((m.start - s, m.end - s) for m in companies if not m.descriptive),
        source=source, clauses=ownership.clause_spans(text), arms=arms, relatives=relatives, owners=owners,
        respectively=ownership.respectively_pairs(text, owners, figures, s) or (
            # (not a research firm the sentence before quoted: "..., according to Acme Research")
            {} if owners else ownership.their_pairs(text, [m for m in story.prev_companies if not is_source_context(
                article.text, m.start, m.end)], figures)),
        pronoun=pronoun,
        in_market=segments.market_of(text, named=True) or article.market,
        ranking=ownership.RANKING.search(text) is not None,
        level_money=[q for q in quantities if q.unit.startswith("CCY_") and q.value >= 1000],
        subject=None if quantities else ownership.main_subject(article.docs, owners))


# "each holding 15% of the market", "both brands had held 14%": one figure, every company of the pair
_EACH = re.compile(r"\b(?:each|both)\b[^;,\d%]{0,40}$", re.I)


def _shared_by(sent: _Sentence, q: Quantity) -> list[str]:
    """The companies a figure is each one's, after figures paired to companies one by one
    ("A and B followed with 10.4 million and 10.1 million units, respectively, each holding 15%")."""
    if q.start in sent.respectively or not sent.respectively or not _EACH.search(sent.text, 0, q.start):
        return []
    return list(dict.fromkeys(sent.respectively.values()))


def _owners(companies: list[Mention], arms: dict[int, str], relatives: list[tuple[int, int]],
            base: int) -> list[Mention]:
    """The companies that may own a figure: not a business of another named as such ("Acme
    Cloud, the group's hosting arm,"), not inside a relative clause."""
    return [m for m in companies if id(m) not in arms and not any(a <= m.start - base < b for a, b in relatives)]


def _pronoun(story: _Story, text: str, arms: dict[int, str]) -> str | None:
    """The company a sentence opening with "It" or "Its" means: the first named in the sentence before."""
    if not ownership.PRONOUN_START.match(text):
        return None
    return next((m.key for m in story.prev_companies if id(m) not in arms), None)


def _company_figures(story: _Story, text: str, quantities: list[Quantity], companies: list[Mention],
                     source: re.Match[str] | None, pronoun: str | None) -> list[Quantity]:
    """The quantities that may be a company's figures: none in a sentence without a company that
    cites a research firm ("the tracker counted 29 million shipments": the market's, nobody's),
    that goes on with a market report's totals ("For the full year, shipments fell 9% to 24
    million units."), or that opens a research firm's report before any company's figure with a
    count ("Shipments in the country fell 4%": an amount of money is still the company's). A
    sentence opening with "It" for the company just named is that company's ("Acme. It shipped
    234.6 million phones, according to IDC"), as is one opening with "The two" that gives the two
    just named a figure each."""
    if companies or pronoun is not None:
        return quantities
    if source is not None:
        return []
    if ownership.COMPANY_REF.search(text) is not None or ownership.their_pairs(text, story.prev_companies, quantities):
        return quantities  # ("The two shipped 28.6 million and 28.5 million units": the companies just named)
    money = any(q.unit.startswith("CCY_") for q in quantities)
    opening_count = story.cited and story.last_company is None and not money
    return [] if story.market_report or opening_count else quantities


def _note_sources(article: _Article, story: _Story, sent: _Sentence) -> None:
    """A research firm cited for the market, or a sentence of market figures with no company."""
    story.cited = story.cited or sent.source is not None and (
        article.market is not None or filters.RESEARCH_CUE.search(sent.text) is not None)
    market = measures.MARKET_WORD.search(sent.text) or filters.MARKET_LEVEL.search(sent.text)
    if sent.quantities and not sent.figures and market and not ownership.COMPANY_REF.search(sent.text):
        story.market_report = True  # ("Worldwide PC shipments rose 4.4%, research firm Kelm said")


# a change stated right after a level, of that level: "5.3 million vehicles in April-September, up 4.7%"
_RIGHT_AFTER_LEVEL = re.compile(r"(?:\s+(?:vehicles|units|cars|phones|smartphones|devices|PCs))?"
                                r"(?:\s+in\s+[\w-]+(?:\s+\d{4})?)?\s*,\s*(?:up|down)\s+(?:by\s+)?", re.I)
_OPENING = 25  # characters: a period named this early opens the sentence


def _close_sentence(story: _Story, sent: _Sentence, so_far: _SoFar) -> None:
    """Carry what the sentence said to the next one."""
    reported = near_figures(sent.current, sent.quantities) if sent.quantities else sent.current
    # "compared with 668.5 billion a year earlier and 6.61 trillion in the first quarter": the
    # period of a base of comparison is not the one the story goes on about
    reported = [p for p in reported if not of_a_base(sent.text, sent.quantities, p) and not p.stretch]
    # "Kelvar Memory held on to the top spot it took in the first quarter.": once the story has its
    # period, one a sentence without figures names in passing is not the next figures' period;
    # one it opens with is ("The fourth quarter was the weakest stretch.")
    if not sent.quantities and story.main_period is not None:
        reported = [p for p in reported if p.start < _OPENING]
    if reported:
        # "sales rose 2%, and growth slowed to 1% in the second quarter" in a story of the first
        # half: a stretch inside the story's period, named after the sentence's start, is an aside
        # of its sentence ("The fourth quarter was the weakest stretch." opens one the next go on about)
        last = reported[-1]
        story.main_period = story.main_period or reported[0].period
        if _EARLIER_FIGURE.search(sent.text) and _before(last.period, story.main_period):
            pass  # "In the first quarter the company had taken in $6.7 billion": a base, told in passing
        elif last.start < _OPENING or not _inside(last.period, story.main_period) or (
                story.last_period not in (None, story.main_period)):
            story.last_period = last.period
        else:
            story.last_period = story.main_period
    if story.last_period and _before(story.last_period, story.main_period) and not reported:
        story.last_period = story.main_period  # back from a comparison period to the one the article reports
    story.share_context = "MarketShare" in so_far.measures
    if so_far.cues:  # a change without a cue is of the kind the text last named, if it named one kind only
        story.last_cue = so_far.cues.pop() if len(so_far.cues) == 1 else None
    if changes.QOQ.search(sent.text) or changes.YOY.search(sent.text):  # "up 4.8% from the second quarter"
        story.compares = "QuarterOverQuarter" if changes.QOQ.search(sent.text) else "YearOverYear"
    if not sent.quantities:
        story.prev_measure = None
    story.heading = _heading(story, sent)
    if sent.seg_def and "segment" in sent.seg_def.group(0).lower():
        story.last_segment = segments.plural(sent.seg_def.group("seg"))
    story.prev_companies = sent.companies
    # "The standout was Bolt. Mac shipments jumped 17%": Bolt's
    story.named_before = sent.subject
    story.unit_before = segments.sentence_business(sent.text) if not sent.companies else None


def _heading(story: _Story, sent: _Sentence) -> tuple[str, str | None] | None:
    """The measure and period a line ending in a colon names for the bulleted items below it ("The
    top five, by 2024 semiconductor revenue:", "- Acme: $76.7 billion, up 12%."), kept through its items."""
    named = measures.measures_named(sent.text)
    if not (sent.text.endswith(":") and not sent.quantities and len(named) == 1):
        return story.heading if _BULLETED.match(sent.text) else None
    years = _YEAR.findall(sent.text)  # ("by 2024 revenue": a bare year the heading names is its period)
    if len(sent.periods) == 1:
        return named.pop(), sent.periods[0].period
    return named.pop(), years[0] if len(years) == 1 else story.last_period


# the past perfect of a figure told for comparison: "the company had taken in", "it had earned"
_EARLIER_FIGURE = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:taken|posted|recorded|shipped|been)\b", re.I)


def _before(period: str, main: str | None) -> bool:
    """Whether ``period`` ends before ``main`` begins."""
    return main is not None and period_bounds(period)[1] < period_bounds(main)[0]


def _inside(period: str, main: str | None) -> bool:
    """Whether ``period`` is a shorter stretch within ``main`` (a quarter of a half or year)."""
    if main is None or period == main:
        return False
    start, end = period_bounds(period)
    main_start, main_end = period_bounds(main)
    return main_start <= start and end <= main_end


# ---------------------------------------------------------------------------- a figure

def _read_figure(article: _Article, story: _Story, sent: _Sentence, so_far: _SoFar, fig: _Figure) -> Metric | None:
    """The metric one figure states, if it states one; ``story`` and ``so_far`` move on past it."""
    if _not_a_company_figure(sent, fig):
        return None
    found = _figure_measure(article, story, sent, so_far, fig)
    if found is None or _not_reported(story, sent, fig) or measures.people_subject(article.docs,
                                                                                  sent.start + fig.q.start):
        return None
    measure, mpos, share_after = found
    q = fig.q
    before = sent.pronoun or story.named_before or story.last_company
    company, company_conf = ownership.figure_owner(article.table, sent.owners, q, sent.start, fig.clause,
                                                   article.docs, before, sent.text)
    if q.start in sent.respectively:
        company, company_conf = sent.respectively[q.start], 0.85
    named_for = ownership.owner_after_run(sent.text, sent.figures, fig.index, sent.owners, sent.start)
    if named_for is not None:
        company, company_conf = named_for, 0.8  # "... against $9.1 billion and 33.7% for Tesk"
    # "more than the $25.18 billion Bolt reported": Bolt's figure, told in passing (the story
    # goes on about the company it was about)
    reporter = ownership.reported_by(sent.owners, sent.text, sent.start, q)
    if reporter is not None:
        company, company_conf = reporter, 0.85
    if company is None:
        return None
    period = _period_of(sent, fig, measure, story.last_period, story.heading)
    reading = _value_and_change(sent, so_far, story.last_cue, fig, measure, mpos, share_after, period)
    if reading is None:
        return None
    if not reading.change:
        period = _base_period(story, sent, so_far, fig, period)
    segment = _segment_of(article, story, sent, fig, reading.measure, mpos)
    confidence = reading.confidence
    if q.unit == "NUM" and reading.measure == "Shipments" and not segment and segments.GENERIC_COUNT.match(
            sent.text[q.end:q.end + 12]) is None and not re.search(r"\b(units|shipments|shipped)\b",
                                                                   _window(sent, fig), re.I):
        confidence = min(confidence, 0.7)  # a bare count in a report that does not say it counts units
    bounds = period_bounds(period) if period else (None, None)
    _remember(story, so_far, sent, fig, reading, mpos, story.last_company if reporter else company, period)
    return Metric(
        company=company, measure=reading.measure, value=_fmt(reading.value), unit=reading.unit,
        evidence=(Evidence(sent.start, sent.end, sent.text, round(min(confidence, company_conf), 2)),),
        period=period, period_start=bounds[0], period_end=bounds[1], segment=segment, change=reading.change,
    )


def _window(sent: _Sentence, fig: _Figure) -> str:
    """The words around a figure where a direction or a change cue is looked for."""
    q = fig.q
    return sent.text[max(fig.clause[0] - 40, 0, q.start - 80):min(len(sent.text), q.end + 70)]


def _not_a_company_figure(sent: _Sentence, fig: _Figure) -> bool:
    """Not a figure, a list or ranking item of a company the entity table does not know, or, in
    a sentence citing a research firm, a figure with no company in its clause ("According to the
    tracker, shipments fell 2.7% ..., and Acme shipped ...": the market's)."""
    q, text, clause = fig.q, sent.text, fig.clause
    if filters.not_a_figure(text, q):
        return True
    if ownership.unknown_list_item(text, clause, sent.owners, sent.start) or ownership.unknown_ranked_item(
            text, clause, sent.owners, sent.start, q.start):
        return True
    if sent.source is None or any(clause[0] <= m.start - sent.start < clause[1] for m in sent.companies):
        return False
    return ownership.COMPANY_REF.search(text, clause[0], q.start) is None


def _not_reported(story: _Story, sent: _Sentence, fig: _Figure) -> bool:
    """A market's total (the article is then a market report), a threshold crossed, a range, what
    several companies have together, or what analysts expected, a target or what might happen."""
    q, text = fig.q, sent.text
    # (a company named only after the total is no owner of it: "..., driven by demand before Acme ended support")
    if not any(m.start - sent.start < q.start for m in sent.companies) and q.start not in sent.respectively and (
            filters.MARKET_LEVEL.search(text)):
        story.market_report = True
        return True
    if filters.threshold(text, q) or filters.in_range(text, sent.figures, fig.index) or filters.outlook(
            text, q, fig.clause) or filters.conversion(text, q) or filters.joint(text, q):
        return True
    if fig.index > 0 and filters.outlook_goes_on(text, sent.figures[fig.index - 1], q, fig.clause):
        return True  # "expects operating profit of X, up from Y, and net profit of Z": Z is expected too
    if filters.market_near(text, q) and not any(q.start - 45 <= m.start - sent.start <= q.start
                                                for m in sent.companies):
        story.market_report = True
        return True
    return False


# ---------------------------------------------------------------------------- its measure

def _figure_measure(article: _Article, story: _Story, sent: _Sentence, so_far: _SoFar,
                    fig: _Figure) -> tuple[str, int, bool] | None:
    """The figure's measure, where its measure word is (-1: carried from a figure before) and
    whether "share" follows the figure; None when it measures nothing of ours."""
    q, text = fig.q, sent.text
    measure, mpos = measures.nearest_measure(text, q, fig.clause, sent.name_spans)
    if measure is None and q.start in sent.respectively and measures.SHARES_OF_SEVERAL.search(text, 0, q.start):
        measure, mpos = "MarketShare", q.start  # "Their market shares were 4.7% and 4.6%"
    paired = measures.paired_measure(text, sent.figures, fig.index)
    if paired is not None:
        measure, mpos = paired  # "the revenue and net profit were X and Y"
    respective = None if q.start in sent.respectively else ownership.respective_measures(
        text, sent.figures, fig.index, so_far.levels)
    if respective is not None:
        return respective, -1, False  # "revenue of X and profit of Y, up 6.5% and 3.1% respectively"
    share_after = measures.is_share_after(text, q)
    if measures.reads_as_share(text, q, fig.clause, fig.pre_start, share_after):
        measure, mpos = "MarketShare", q.start
    if measure == "MarketShare" and mpos >= q.start and q.unit == "PERCENT" and changes.CHANGE_NOUN_AFTER.match(
            text, q.end):
        measure, mpos = None, -1  # ("13.7 million machines, a 1.7% decline, for a 19.9% share": no share)
    if filters.share_price_move(text, q, fig.clause) or filters.blocked(text, q, fig.clause, mpos) or (
            filters.adjusted(text, q)):
        return None
    measure, mpos = _counted(article, sent, fig, measure, mpos)
    measure, mpos = _measure_of_neighbour(story, sent, so_far, fig, measure, mpos, share_after)
    if measure is None and not measures.other_subject(article.docs, article.table, sent.start + fig.q.start):
        measure, mpos = _measure_carried(story, sent, so_far, fig)
    return (measure, mpos, share_after) if measure is not None else None


def _counted(article: _Article, sent: _Sentence, fig: _Figure, measure: str | None,
             mpos: int) -> tuple[str | None, int]:
    """A count keeps a count measure only with its noun after it or its measure word close before
    it; a count of devices or units, or a count in a ranking of a report that counts units
    ("Acme came second with 4.8 million"), is of shipments."""
    q, text = fig.q, sent.text
    if q.unit != "NUM":
        return measure, mpos
    # ("10.4 million and 10.1 million units": the noun after the second count is the first's too)
    shared = _SHARED_NOUN.match(text, q.end)
    end = shared.end() if shared else q.end
    near = measures.COUNT_NEAR.match(text[end:end + 40]) is not None or 0 <= q.start - mpos <= 70
    if measure in measures.COUNT_MEASURES and not near:
        measure = None
    if measure is not None:
        return measure, mpos
    if segments.SEGMENT_NOUNS.match(text[end:end + 40]) or re.match(r"^\s*units\b", text[end:]):
        return "Shipments", end
    ranked = sent.ranking or measures.RANK_BEFORE.search(text, max(fig.clause[0], q.start - 30), q.start) is not None
    if article.counts_units and ranked and re.search(r"\bwith\s+$", text[:q.start]):
        return "Shipments", q.end
    return None, mpos


_SHARED_NOUN = re.compile(r"\s+(?:and|or|to)\s+[\d.,]+(?:\s+(?:million|billion|thousand))?(?=\s)")


def _measure_of_neighbour(story: _Story, sent: _Sentence, so_far: _SoFar, fig: _Figure, measure: str | None,
                          mpos: int, share_after: bool) -> tuple[str | None, int]:
    """An amount compared with the one before ("to 4.9 billion from 4.4 billion") has its measure,
    named where the first one's was (so a segment named elsewhere in the sentence is not the base
    amount's); a change that leads to an amount ("grew 7% to $1.3 billion") has the amount's."""
    q, text = fig.q, sent.text
    prev = so_far.prev_level
    if prev and prev[2] == q.unit and q.unit != "PERCENT" and changes.compared_to(text[prev[0]:q.start]):
        measure, mpos = prev[1], so_far.prev_level_mpos
        if mpos >= 0 and re.match(r"(?:profit|loss)\b", text[mpos:], re.I) and text[max(0, mpos - 2):mpos] == "a ":
            mpos = -1  # "reversing a loss of X ... and up 64% from Y": Y is not that loss
        bare = changes.BARE_RESULT.search(text, prev[0], q.start)
        if bare is not None:
            mpos = bare.start("r")  # its own word says profit or loss
    if q.unit == "PERCENT" and not share_after:
        level = changes.level_after(text, q, sent.figures[fig.index + 1:])
        if level is not None:
            lm, lpos = measures.nearest_measure(text, level, fig.clause, sent.name_spans)
            if lm is None and level.unit.startswith("CCY_"):
                lm = _recent_money(story, sent)
            elif lm is None and level.unit == "NUM" and re.match(r"\s*(?:[\w-]+\s+)?units\b", text[level.end:]):
                lm, lpos = "Shipments", level.end  # "sales grew 12% to 40 million units": units sold
            if lm is not None and lm != "MarketShare":
                measure, mpos = lm, lpos
    return measure, mpos


def _measure_carried(story: _Story, sent: _Sentence, so_far: _SoFar, fig: _Figure) -> tuple[str | None, int]:
    """A figure with no measure word of its own takes one from the figures before it: of its unit
    in the sentence ("A with 12.5 million units, B with 9.8 million"), the last one's (a money
    measure, or any when the sentence names none), the last amount of money's in a ranking that goes
    on in amounts, or a market share after a sentence of shares."""
    q, text = fig.q, sent.text
    if q.unit in so_far.level_measures and not (
            q.unit == "PERCENT" and changes.has_direction(text, max(0, q.start - 45, fig.pre_start), q.start)):
        return so_far.level_measures[q.unit], -1
    before = sent.figures[fig.index - 1] if fig.index else None
    if before is not None and before.unit == "PERCENT" and _FROM_BASE.fullmatch(text, before.end, q.start) and (
            story.prev_measure in (measures.COUNT_MEASURES if q.unit == "NUM" else measures.MONEY_MEASURES)):
        return story.prev_measure, -1  # "Bolt's rose 4% from 9.7 million": the base of that change
    # (a sentence that names only the measure carried: "That is more than the $25.18 billion Bolt
    # reported, the first time Acme's revenue has exceeded its rival's")
    carried = story.prev_measure if (story.prev_measure in so_far.measures or (
        story.prev_measure != "MarketShare" and measures.measures_named(text) <= {story.prev_measure})) else None
    if carried and q.unit != "NUM" and (q.unit == "PERCENT" or carried in measures.MONEY_MEASURES):
        return carried, -1
    if story.heading and story.heading[0] in measures.MONEY_MEASURES and q.unit.startswith("CCY_") and _BULLETED.match(
            text):
        return story.heading[0], -1  # an item of a list whose heading names the measure
    money = _recent_money(story, sent)
    # ("B held second place with $65.7 billion", "C at $27.6 billion")
    if q.unit.startswith("CCY_") and money and (sent.ranking or re.search(r"\b(?:at|with)\s+$", text[:q.start])):
        return money, -1
    # (a level a share moved to or from: "B slipped to 13.6% from 14.1%")
    if q.unit == "PERCENT" and story.share_context and (not changes.has_direction(text) or _TO_OR_FROM.search(
            text, max(0, q.start - 12), q.start)):
        return "MarketShare", q.start
    return None, -1


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_OWN_PERIOD = re.compile(r"\s+(?:(?:of|in|for)\s+)?")  # "the $34.9 billion of 2023"
_BULLETED = re.compile(r"[-•*–—▪●][ \t]+\S")  # a bulleted item
_TO_OR_FROM = re.compile(r"\b(?:to|from)\s+$")
_FROM_BASE = re.compile(r"\s+(?:from|compared\s+with)\s+(?:about\s+)?")


def _recent_money(story: _Story, sent: _Sentence) -> str | None:
    """The measure of the last amount of money, if it came in this sentence or the two before."""
    if story.prev_money and sent.index - story.prev_money[0] <= 2:
        return story.prev_money[1]
    return None


# ---------------------------------------------------------------------------- period, value, segment

_COMPARED_BEFORE = re.compile(r"\b(?:from|below|above|compared (?:with|to)|against|versus|vs\.?|than)\s+"
                              r"(?:the\s+|a\s+)?(?:US\$|HK\$|[$€£¥])?$", re.I)


def _period_of(sent: _Sentence, fig: _Figure, measure: str, last_period: str | None,
               heading: tuple[str, str | None] | None = None) -> str | None:
    """The period the figure is of (none for a headcount stated as it is now); an item's below a
    heading that names one is the heading's, unless the item gives the figure its own ("the $34.9
    billion of 2023")."""
    q, text = fig.q, sent.text
    if heading is not None and heading[1] is not None and _BULLETED.match(text):
        return next((p.period for p in sent.periods if _OWN_PERIOD.fullmatch(text, q.end, p.start)), heading[1])
    current = sent.current
    nxt = sent.figures[fig.index + 1] if fig.index + 1 < len(sent.figures) else None
    if nxt is not None and nxt.unit == q.unit != "PERCENT" and changes.compared_to(text[q.end:nxt.start]):
        # "to 3.1 trillion from 2.7 trillion in the third quarter of 2023": that period is the base's
        current = [p for p in current if p.start < nxt.start]
    base = next((f for f in sent.figures[fig.index + 1:] if _COMPARED_BEFORE.search(text, max(0, f.start - 30), f.start)),
                None)
    if base is not None:
        # "a 17.9% share, slightly below the 18.2% it held in the third quarter of 2023": the base's period
        current = [p for p in current if p.start < base.start]
    if measure == "Employees" and not sent.periods and EMPLOYS_NOW.search(text):
        return None  # "which employs 9,000 people": a headcount now, of no reported period
    return figure_period(text, q, sent.periods, current, last_period, fig.pre_start)


def _base_period(story: _Story, sent: _Sentence, so_far: _SoFar, fig: _Figure, period: str | None) -> str | None:
    """The period of a base of a comparison (``metric_periods.base_period``): the quarter before
    when the sentence (or the story) compares quarters, else a year before."""
    text = sent.text
    quarterly = "QuarterOverQuarter" in so_far.cues or (not so_far.cues and bool(
        changes.QOQ.search(text) or (story.compares == "QuarterOverQuarter" and not changes.YOY.search(text))))
    return base_period(text, fig.q, period, sent.periods, so_far.last_level, quarterly)


def _value_and_change(sent: _Sentence, so_far: _SoFar, last_cue: str | None, fig: _Figure, measure: str,
                      mpos: int, share_after: bool, period: str | None) -> _Reading | None:
    """A level (negative for a loss) or a relative change; None for an absolute change ("users
    grew by 10 million to 95 million"), neither a level nor a relative change."""
    q, text = fig.q, sent.text
    # the words before the figure in its own clause and after the figure before it: in "Acme's
    # share rose to 20%, while Bexo held 19%", Acme's rise says nothing about Bexo's 19%
    pre = text[max(0, fig.clause[0], q.start - 45, fig.pre_start):q.start]
    if not share_after and changes.is_change(text, q, measure, pre):
        return _relative_change(sent, so_far, last_cue, fig, measure, pre, period)
    if (changes.direction_by(pre) and q.unit == "NUM") or _APPENDED_CHANGE.search(pre):
        return None  # "grew by 10 million units", "fell to 100.7 billion yen, down 22.6 billion yen"
    if changes.direction_by(pre) and q.unit.startswith("CCY_"):
        return _garbled_percentage(sent, fig, measure, pre)
    return _Reading(measure, -q.value if changes.is_loss(text, q, measure, mpos) else q.value, q.unit)


def _relative_change(sent: _Sentence, so_far: _SoFar, last_cue: str | None, fig: _Figure, measure: str,
                     pre: str, period: str | None) -> _Reading | None:
    """A percentage change, if the words around it name a direction or a comparison."""
    q, text = fig.q, sent.text
    window = _window(sent, fig)
    if not (changes.has_direction(window) or changes.has_cue(window)):
        return None
    if changes.level_before(pre, measure) and measure == "MarketShare":
        return _Reading(measure, q.value, q.unit)  # "a 22% share, up from 18%": the share is a level
    if measure == "MarketShare" and so_far.prev_level and q.start - so_far.prev_level[0] <= 40:
        measure = so_far.prev_level[1]  # "12.1 million units, up 8%": the units grew
    elif so_far.prev_level and _RIGHT_AFTER_LEVEL.fullmatch(text, so_far.prev_level[0], q.start) and not (
            re.search(r"\brespectively\b", text[q.end:q.end + 40])):
        measure = so_far.prev_level[1]  # "sales reached 5.3 million vehicles ..., up 4.7%": the vehicles grew
    # a cue after the next change is that change's: "increased 40% to X, though it slipped 3% quarter on quarter"
    stop = next((f.start for f in sent.figures[fig.index + 1:] if f.unit == "PERCENT" and not f.points), len(text))
    own = text[max(fig.clause[0] - 40, 0, q.start - 80):min(len(text), q.end + 70, stop)]
    opening = _OPENING_COMPARISON.match(text)
    if opening is not None and opening.end() < q.start:  # "Compared with the second quarter, ... it was up 2.3%"
        own = opening.group(0) + " " + own
    change, cued = changes.change_kind(text, q, own, sent.periods, period, last_cue, sent.ranking, stop)
    value = -q.value if _falls(sent, fig.index, pre) else q.value
    return _Reading(measure, value, "PERCENT", change, 0.8 if changes.has_cue(window) else 0.65, cued)


# a list item that leaves out the verb of the one before it: ", Bolt's 4.7%", "and Cobalt's 9.9%",
# or a run of figures after one verb ("fell 97.5%, 34.7% and 10.7% at A, B and C")
_GAPPED_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:(?:[A-Z][\w&.’'-]*\s+){0,3}[A-Z][\w&.’'-]*(?:'s|’s)?\s*)?")


def _falls(sent: _Sentence, index: int, pre: str) -> bool:
    """Whether the percentage change at ``sent.figures[index]`` (``pre``: its own words before it)
    is a fall: its words say so, or, in a list that leaves the verb out ("Acme's fell 13.6%, Bolt's
    4.7% and Cobalt's 9.9%"), the words of the item before it do."""
    q, text = sent.figures[index], sent.text
    before = sent.figures[index - 1] if index > 0 else None
    if before is not None and before.unit == "PERCENT" and _GAPPED_ITEM.fullmatch(text, before.end, q.start):
        earlier = sent.figures[index - 2].end if index > 1 else 0
        return _falls(sent, index - 1, text[max(0, before.start - 45, earlier):before.start])
    return changes.declines(pre, text[q.end:q.end + 25])


# an absolute change after a level: ", down 22.6 billion yen"
_APPENDED_CHANGE = re.compile(r"[,;(]\s*(?:down|up)\s+$", re.I)
# a comparison that opens the sentence and holds for its changes
_OPENING_COMPARISON = re.compile(r"\s*(?:Compared\s+(?:with|to)|Against|Versus|Relative\s+to)\s+[^,;]{3,60}", re.I)


def _garbled_percentage(sent: _Sentence, fig: _Figure, measure: str, pre: str) -> _Reading | None:
    """"an increase of 4.3 euros" beside an amount in billions: a percentage without its % sign;
    any other amount after "grew by": an absolute change."""
    q = fig.q
    if not (q.value < 1000 and any(b is not q and b.unit == q.unit and b.value >= q.value * 1000000
                                   for b in sent.level_money)):
        return None
    window = _window(sent, fig)
    change = "YearOverYear" if changes.YOY.search(window) or not changes.QOQ.search(window) else "QuarterOverQuarter"
    return _Reading(measure, -q.value if changes.DOWN.search(pre) else q.value, "PERCENT", change, 0.5)


def _segment_of(article: _Article, story: _Story, sent: _Sentence, fig: _Figure, measure: str,
                mpos: int) -> str | None:
    """The business, product line, region or market the figure is of."""
    q, text = fig.q, sent.text
    segment = segments.named_segment(article.text, sent.start, q, fig.clause, sent.companies, sent.arms,
                                     article.seen) or (
        segments.segment_in_words(text, q, measure, story.last_segment, sent.seg_def, mpos, sent.names)) or (
        segments.subject_segment(text, q, fig.clause, sent.owners, sent.start, sent.relatives))
    if segment is not None and segments.PERIOD_WORD.fullmatch(segment):
        segment = None  # "first-half revenue": a period, not a business
    if segment is not None:
        return segment
    staff_in = segments.STAFF_IN.match(text, q.end) if measure in ("Employees", "Users") else None
    if staff_in:
        return staff_in["place"]  # "employs 9,000 people in Spain", "80 million users in Peru"
    if story.unit_before and ownership.PRONOUN_START.match(text) and not sent.companies:
        return story.unit_before
    if measure in ("MarketShare", "Shipments") or sent.ranking and measure == "Revenue":
        return sent.in_market
    return None


_CONVERSION_BEFORE = re.compile(r"\(\s*(?:about\s+|around\s+|approximately\s+|roughly\s+|some\s+)?$")


def _remember(story: _Story, so_far: _SoFar, sent: _Sentence, fig: _Figure, reading: _Reading, mpos: int,
              company: str, period: str | None) -> None:
    """What the figures after this one may take from it."""
    q = fig.q
    if not reading.change:
        so_far.last_level = (q.end, q.unit, period)
    story.last_company = company
    story.prev_measure = reading.measure
    # "5.47 trillion won ($3.95 billion), compared with a loss of 2.88 trillion won": the bracketed
    # conversion is not the amount the next one is compared with
    conversion = _CONVERSION_BEFORE.search(sent.text, max(0, q.start - 20), q.start) is not None
    if q.unit != "PERCENT" and not conversion:
        so_far.prev_level = (q.end, reading.measure, q.unit)
        so_far.prev_level_mpos = mpos
        so_far.level_measures[q.unit] = reading.measure
        so_far.levels.append((q.start, reading.measure))
    elif reading.measure == "MarketShare" and not reading.change:
        so_far.level_measures[q.unit] = reading.measure
    if reading.unit.startswith("CCY_") and not reading.change:
        story.prev_money = (sent.index, reading.measure)
    so_far.measures.add(reading.measure)
    if reading.cue:
        so_far.cues.add(reading.cue)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _dedupe(metrics: list[Metric]) -> list[Metric]:
    """One metric per key and value, with the evidence of each sentence that states it."""
    seen: dict[tuple, Metric] = {}
    for m in metrics:
        key = (*m.key, m.value)
        if key in seen:
            old = seen[key]
            seen[key] = Metric(**{**old.__dict__, "evidence": tuple(sorted(set(old.evidence + m.evidence),
                                                                         key=lambda ev: ev.start))})
        else:
            seen[key] = m
    return list(seen.values())
