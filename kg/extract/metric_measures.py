"""What a figure measures: the measure words and how a figure finds its own.

A figure takes the measure word nearest to it in its clause that fits its unit (money for
revenue and profit, a count for shipments, users and employees, a percentage for a market
share or a change); two measures named together ("sales and operating profit were X and Y")
go to the two amounts in order; a percentage followed by "share" or "of the market" is a
market share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kg.extract.quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.mentions import EntityTable

MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("OperatingProfit", re.compile(r"\boperating (?:profits?|income|loss(?:es)?|earnings|results?)\b|\bEBIT\b|"
                                    r"\bearnings before interest and (?:tax(?:es|ation)?)\b(?!,?\s+depreciation)|"
                                    r"\b(?:income|profits?|earnings|loss(?:es)?) from (?:recurring )?operations\b|"
                                    r"\brecurring (?:operating )?(?:profits?|income)\b", re.I)),
    ("NetIncome", re.compile(r"\b(?:net (?:income|profits?|earnings|loss(?:es)?)|profits? attributable|"
                             r"(?:adjusted|non-IFRS|non-GAAP)\s+(?:net\s+)?(?:profits?|income|earnings)|"
                             r"(?<!gross )profits?|loss(?:es)?|lost|earned|earnings)\b", re.I)),
    # (a bank's "total income" is its revenue)
    ("Revenue", re.compile(r"\b(?:revenues?|sales|generated|brought in|took in|income from(?! operations)|"
                           r"total (?:operating )?income|"
                           r"business (?:brought|generated)|(?:business|division|segment|unit|arm)\s+"
                           r"(?:grew|rose|slipped|fell|increased|decreased|declined|jumped|climbed|dropped|expanded|"
                           r"shrank|slid))\b", re.I)),
    # ("for shares of 15.5% and 8.1%": several companies' shares, given in order)
    ("MarketShare", re.compile(r"\b(?:market share|share of the (?:\w+\s+){0,3}market|"
                               r"(?:market\s+)?share|shares(?=\s+of\s+[\d.]+\s*%)|of the (?:\w+\s+){0,3}market)\b",
                               re.I)),
    # ("sales" of a count: "sales of hybrids rose to 685,830"; a money figure's sales are revenue, above)
    # ("wholesale volumes rose 2.6%": the units a carmaker sold to its dealers)
    ("Shipments", re.compile(r"\b(?:shipped|ships|shipping|shipments?|deliver(?:ed|ies)(?!\s+on\b)|sold|sales|"
                             r"handed\s+over|(?:wholesale|sales|shipment|delivery)\s+volumes?|wholesales)\b",
                             re.I)),
    ("Users", re.compile(r"\b(?:(?:monthly|daily)\s+active\s+(?:users|accounts)|users|user base|"
                         r"people using|monthly users|subscribers|members|accounts)\b", re.I)),
    ("Employees", re.compile(r"\b(?:employees|employs|employed|staff(?:ers)?|workforce|headcount|"
                             r"workers)\b", re.I)),
]
# several companies' shares, paired with their figures in order ("Their market shares were ...")
SHARES_OF_SEVERAL = re.compile(r"\b(?:market|their) shares\b", re.I)
MONEY_MEASURES = {"Revenue", "NetIncome", "OperatingProfit"}
COUNT_MEASURES = {"Shipments", "Users", "Employees"}
# "profit tax", "sales target", "revenue forecast": the measure word qualifies something else
NOT_THE_MEASURE = re.compile(r"\s+(?:tax(?:es)?|warnings?|forecasts?|targets?|guidance|outlook)\b", re.I)

# a sentence about market shares: a percentage in it is a share unless a change word leads to it
SHARE_OF = re.compile(r"\b(?:market share|share of|shares of(?=\s+[\d.]+\s*%)|"
                      r"of (?:the )?(?:global|worldwide|world|total|overall|all|the)?\s*(?:\w+\s+)?"
                      r"(?:shipments|market|sales|deliveries))\b", re.I)
CHANGE_BEFORE = re.compile(r"\b(?:up|down|grew|growing|rose|rising|fell|falling|jumped|dropped|increased|increase)\s+"
                           r"(?:of\s+|by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I)
_CHANGE_AFTER = re.compile(r"^\s*(?:more|fewer|from|increase|jump)", re.I)
# "a 19% share of the market", "4.6% of the market", "a 2.6% share": the figure is a share, not a change
SHARE_AFTER = re.compile(r"\s*(?:(?:market|global|worldwide|unit|revenue|volume)\s+)?share\b(?!s)|"
                         r"\s*of\s+(?:the\s+)?(?:global\s+|worldwide\s+|world\s+|total\s+|overall\s+)?"
                         r"(?:[\w-]+\s+)?market\b", re.I)
MARKET_WORD = re.compile(r"\bmarkets?\b", re.I)
# "with Acme leading on 24% and Bexo second on 16%": a ranking of the market
RANK_BEFORE = re.compile(r"\b(?:leading|led|first|second|third|fourth|fifth|top|ahead|held|accounted for|"
                         r"followed by)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:on|at|with|of)?\s*(?:about\s+|around\s+|nearly\s+|roughly\s+)?$", re.I)

_PAIR_WORD = (r"(?:revenues?|sales|net (?:income|profits?|earnings|loss(?:es)?)|operating (?:income|profits?|"
              r"loss(?:es)?)|profits?|shipments|deliveries)")
# (or they changed: "operating profit and net profit fell 27.3% and 73.5%, respectively, to X and Y")
_PCT = r"[\d.,]+\s*(?:%|percent|per\s+cent)"
MEASURE_PAIR = re.compile(r"\b(?P<m1>" + _PAIR_WORD + r")\s+and\s+(?P<m2>" + _PAIR_WORD + r")\s+(?:were|"
                          r"(?:fell|rose|dropped|declined|climbed|jumped|grew|increased|decreased|slid|slumped)\s+"
                          r"(?:by\s+)?(?:" + _PCT + r"\s*,?\s*and\s+" + _PCT + r"\s*,?\s*(?:respectively\s*,?\s*)?"
                          r"to\s+)?)\s*$", re.I)
# a count keeps its measure only with the counted noun right after it (or its measure word close before)
COUNT_NEAR = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:employees|workers|people|users|subscribers|members|"
                        r"accounts|units|smartphones|phones|handsets|devices|shipments|PCs|tablets|vehicles|"
                        r"aircraft|airliners|jets|planes|cars|"
                        r"drones|monthly|active)\b", re.I)
# an article that counts units shipped: a ranking's bare counts are shipments
SHIPMENT_WORDS = re.compile(r"\b(?:shipments|shipped|units)\b", re.I)


_CLAUSE_BREAK = re.compile(r"[,;:]\s*(?:as|while|whereas|but|after|because|since|though|although|when|"
                           r"helped|driven|thanks|amid)\b|\s[—–]\s", re.I)


# what a change is put down to: "on higher shipments", "thanks to sales of ...", "driven by users"
_CAUSE = re.compile(r"\s(?:on|amid|thanks\s+to|driven\s+by|helped\s+by|due\s+to|because\s+of|on\s+the\s+back\s+of)"
                    r"\s+(?:higher|lower|strong(?:er)?|weak(?:er)?|rising|falling|robust|solid|increased|reduced|"
                    r"improved|record|growing|declining)\b", re.I)
_OTHER_BASE = re.compile(r"\s+of\s+\S*\d")
_ITS_OWN_FIGURE = re.compile(r"\s+of\s+(?:about\s+|around\s+|nearly\s+)?(?:US\$|HK\$|[$€£¥])?\d")


# the measure after a figure begins the next item: "rose to 78.9 billion euros and net income reached ..."
_AND_NEXT = re.compile(r"\s*,?\s+and\s+(?:its\s+|the\s+)?")


def _not_the_figures(sentence: str, q: Quantity, m: re.Match[str]) -> bool:
    """Whether a measure word after the figure belongs to something else: another clause ("rose to
    9 billion yen, as sales slowed"), the next figure ("a 10% increase, for a share of 19%", "a
    6.1% rise to $1.04 billion for a 2.6% share"), a cause ("grew 5.2% on higher shipments") or the next
    item ("rose to 9 billion yen and net income reached ...")."""
    return bool(_CLAUSE_BREAK.search(sentence, q.end, m.start()) or _ITS_OWN_FIGURE.match(sentence, m.end())
                or _AND_NEXT.fullmatch(sentence, q.end, m.start())
                or re.search(r"\d", sentence[q.end:m.start()]) or _CAUSE.search(sentence, q.end, m.start()))


def nearest_measure(sentence: str, q: Quantity, clause: tuple[int, int],
                    names: tuple[tuple[int, int], ...] = ()) -> tuple[str | None, int]:
    """The measure word nearest to the figure, compatible with its unit; and its position. Words
    inside a name (``names``: 'Bering Star Shipping') measure nothing."""
    best: tuple[int, str, int] | None = None
    lo, hi = clause
    for measure, rx in MEASURES:
        if q.unit.startswith("CCY_") and measure not in MONEY_MEASURES:
            continue
        if q.unit == "NUM" and measure not in COUNT_MEASURES:
            continue
        for m in rx.finditer(sentence):
            if m.start() < lo - 60 or m.start() >= hi:
                continue
            if any(a <= m.start() < b for a, b in names) or NOT_THE_MEASURE.match(sentence, m.end()):
                continue
            if _OTHER_BASE.match(sentence, m.end()) and sentence[max(0, m.start() - 2):m.start()] == "a " and (
                    m.end() < q.start - 25):
                continue  # "reversing a loss of X a year earlier and up 64% from Y": a base, named for X
            dist: float
            if m.end() <= q.start:
                dist = q.start - m.end()
            elif m.start() >= q.end:
                if _not_the_figures(sentence, q, m):
                    continue
                # a word after the figure is a weaker cue, unless the figure is "in" it ("earned 15.1
                # trillion won in operating profit")
                dist = 0 if _IN_THE_MEASURE.fullmatch(sentence, q.end, m.start()) else (m.start() - q.end) * 2 + 10
            else:
                continue
            if q.unit == "PERCENT" and measure == "MarketShare":
                dist = dist * 0.7
            if best is None or dist < best[0]:
                best = (int(dist), measure, m.start())
    if best is None or best[0] > 160:
        return None, -1
    if best[1] == "NetIncome" and _BARE_RESULT.match(sentence, best[2]):
        # "Its operating result swung to a loss of X from a profit of Y": the bare words go on
        # about the operating result the clause named before them
        named = next(_OPERATING.finditer(sentence, max(0, lo), best[2]), None)
        if named is not None or _OPERATING_LEVEL.search(sentence, max(0, lo), hi):
            # (or "lost X at the operating level, against a profit of Y": the bare words say where)
            return "OperatingProfit", best[2]  # the bare word still says profit or loss
    return best[1], best[2]


_IN_THE_MEASURE = re.compile(r"\s+in\s+(?:(?:annual|quarterly|full-year|yearly)\s+)?", re.I)
_OPERATING_LEVEL = re.compile(r"\b(?:at|on)\s+the\s+operating\s+(?:level|line)\b", re.I)
_BARE_RESULT = re.compile(r"(?:profits?|loss(?:es)?|lost|earned|earnings)\b(?!\s+attributable)", re.I)
_OPERATING = dict(MEASURES)["OperatingProfit"]


def names_a_measure(sentence: str) -> bool:
    """Whether the sentence names one of our measures other than as a cause ("grew 5.2% on higher
    wafer shipments" names none)."""
    return bool(measures_named(sentence))


def measures_named(sentence: str) -> set[str]:
    """The measures the sentence names other than as a cause."""
    causes = [(m.start(), m.end() + 30) for m in _CAUSE.finditer(sentence)]
    return {measure for measure, rx in MEASURES for m in rx.finditer(sentence)
            if not any(a <= m.start() <= b for a, b in causes)}


def paired_measure(sentence: str, figures: list[Quantity], i: int) -> tuple[str, int] | None:
    """"the revenue and net profit were 5.2 billion yuan and 0.4 billion yuan": the two measures
    named together, in the order of the two amounts (of one unit) after them."""
    for first, which in ((i, "m1"), (i - 1, "m2")):
        if first < 0 or first + 1 >= len(figures) or figures[first].unit != figures[first + 1].unit:
            continue
        a, b = figures[first], figures[first + 1]
        pair = MEASURE_PAIR.search(sentence, max(0, a.start - 80), a.start)
        if pair is None or not re.fullmatch(r"\s*(?:,\s*)?and\s+(?:about\s+|around\s+)?", sentence[a.end:b.start]):
            continue
        word = pair[which]
        measure = next((m for m, rx in MEASURES if rx.fullmatch(word)), None)
        return (measure, pair.start(which)) if measure else None
    return None


def is_share_after(sentence: str, q: Quantity) -> bool:
    """A percentage followed by "share" or "of the market"."""
    return q.unit == "PERCENT" and SHARE_AFTER.match(sentence, q.end) is not None


def reads_as_share(sentence: str, q: Quantity, clause: tuple[int, int], pre_start: int, share_after: bool) -> bool:
    """A percentage that is a market share: followed by "share"; in a sentence about shares with no
    change word right before it nor a comparison right after it; or ranked in a market."""
    if q.unit != "PERCENT":
        return False
    if share_after or SHARE_OF.search(sentence) and not CHANGE_BEFORE.search(
            sentence[max(0, q.start - 30, pre_start):q.start]) and not _CHANGE_AFTER.match(sentence[q.end:q.end + 20]):
        return True
    near = max(clause[0], q.start - 30)
    return MARKET_WORD.search(sentence) is not None and RANK_BEFORE.search(sentence, near, q.start) is not None and (
        CHANGE_BEFORE.search(sentence, near, q.start) is None)


_PRONOUNS = frozenset({"it", "they", "its", "company", "group", "firm", "business", "which", "that", "who"})


# people, not companies: what they lose, spend or earn is no company's figure
_PEOPLE = frozenset("""american americans investor consumer customer victim people household shopper taxpayer
resident citizen worker saver depositor""".split())


def _subject_of_figure(docs: list[tuple[int, Doc]] | None, pos: int, deps: tuple[str, ...]) -> tuple[Any, int]:
    """The subject (one of ``deps``) of the verb the figure at ``pos`` goes with, and the doc's offset."""
    from kg.extract.metric_owners import token_at

    token, offset = token_at(docs, pos)
    verb = token
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None, offset
    return next((c for c in verb.children if c.dep_ in deps), None), offset


def people_subject(docs: list[tuple[int, Doc]] | None, pos: int) -> bool:
    """"Americans lost at least $10 billion to scams": the verb the figure goes with has people
    for its subject (a nationality the model names, or a word for people), not a company."""
    subject, _ = _subject_of_figure(docs, pos, ("nsubj",))
    return subject is not None and (subject.ent_type_ == "NORP" or subject.lemma_.lower() in _PEOPLE)


def other_subject(docs: list[tuple[int, Doc]] | None, table: EntityTable, pos: int) -> bool:
    """"Capacity jumped 42.7%", "the load factor slipped to 82.4%", "Yield fell 11%": the verb the
    figure goes with has a subject that names something we do not measure (nor a company, nor
    "it"), so the figure takes no measure from the figures before it."""
    from kg.models import COMPANY

    subject, offset = _subject_of_figure(docs, pos, ("nsubj", "nsubjpass"))
    if subject is None or subject.pos_ != "NOUN" or subject.lemma_.lower() in _PRONOUNS:
        return False
    phrase = " ".join(t.text for t in subject.subtree)
    start = subject.left_edge.idx + offset
    if table.in_span(start, subject.right_edge.idx + len(subject.right_edge.text) + offset, (COMPANY,)):
        return False
    return not any(rx.search(phrase) for _, rx in MEASURES)
