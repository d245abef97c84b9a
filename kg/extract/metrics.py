"""Company figures: revenue, profit, shipments, market share, users, employees.

Each number in a sentence is read with its currency, scale and unit; a measure word
near it says what it measures; the company named nearest before it in the same clause
(or the one the article is about) owns it; a change cue makes it a relative change.

>>> [(q.value, q.unit) for q in find_quantities("revenue of more than 7.5 billion euros, up 12.4%")]
[(Decimal('7500000000'), 'CCY_EUR'), (Decimal('12.4'), 'PERCENT')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from spacy.tokens import Doc

from kg.extract.dates import Anchor, Period, find_periods, period_bounds
from kg.extract.entities import CURRENCY_CODES, EntityTable
from kg.models import COMPANY, Evidence, Metric

CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
                    "gbp": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "hk$": "HKD",
                    "hkd": "HKD", "nt$": "TWD", "twd": "TWD", "₩": "KRW", "krw": "KRW",
                    "jpy": "JPY", "inr": "INR", "₹": "INR", "rs": "INR", "chf": "CHF",
                    "c$": "CAD", "a$": "AUD", "s$": "SGD", "yuan": "CNY", "renminbi": "CNY"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                  "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "pound": "GBP", "pounds": "GBP",
                  "sterling": "GBP", "yen": "JPY", "won": "KRW", "rupees": "INR",
                  "hong kong dollars": "HKD", "us dollars": "USD", "u.s. dollars": "USD",
                  "usd": "USD", "eur": "EUR", "cny": "CNY", "hkd": "HKD", "gbp": "GBP",
                  "krw": "KRW", "jpy": "JPY", "twd": "TWD", "taiwan dollars": "TWD"}
SCALES = {"trillion": Decimal("1e12"), "tn": Decimal("1e12"), "trn": Decimal("1e12"),
          "billion": Decimal("1e9"), "bn": Decimal("1e9"), "b": Decimal("1e9"),
          "bln": Decimal("1e9"), "million": Decimal("1e6"), "mn": Decimal("1e6"),
          "m": Decimal("1e6"), "mln": Decimal("1e6"), "thousand": Decimal("1e3"),
          "k": Decimal("1e3"), "milliard": Decimal("1e9"), "milliards": Decimal("1e9")}

_CUR_PREFIX = r"(?P<pre>US\$|HK\$|NT\$|C\$|A\$|S\$|\$|€|£|¥|₩|₹|(?:" + "|".join(CURRENCY_CODES) + r")\s?)"
_NUM = r"(?P<num>\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand|milliards?|bn|trn|tn|bln|mln|mn|b|m|k)\b)?"
_CUR_SUFFIX = (r"(?:\s+(?P<suf>(?:hong kong|us|u\.s\.|taiwan)\s+dollars|dollars?|euros?|yuan|renminbi|"
               r"rmb|pounds?(?:\s+sterling)?|sterling|yen|won|rupees|usd|eur|cny|hkd|gbp|krw|jpy|twd)\b)?")
_PCT = r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b|percentage points?\b|pp\b|points?\b))?"
QUANTITY = re.compile(r"(?<![\w.])" + r"(?:" + _CUR_PREFIX + r")?" + _NUM + _SCALE + _CUR_SUFFIX + _PCT,
                      re.I)

MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("OperatingProfit", re.compile(r"\boperating (?:profits?|income|loss(?:es)?|earnings)\b|\bEBIT\b", re.I)),
    ("NetIncome", re.compile(r"\b(?:net (?:income|profits?|earnings|loss(?:es)?)|profits? attributable|"
                             r"(?:adjusted|non-IFRS|non-GAAP)\s+(?:net\s+)?(?:profits?|income|earnings)|"
                             r"bottom line|net result|profits?|loss(?:es)?|lost|earned|earnings)\b", re.I)),
    ("Revenue", re.compile(r"\b(?:revenues?|sales|turnover|top line|takings|generated|brought in|"
                           r"income from|business (?:brought|generated))\b", re.I)),
    ("MarketShare", re.compile(r"\b(?:market share|share of the (?:\w+\s+){0,3}market|"
                               r"(?:market\s+)?share|of the (?:\w+\s+){0,3}market)\b", re.I)),
    ("Shipments", re.compile(r"\b(?:shipped|ships|shipping|shipments?|deliver(?:ed|ies)|sold|"
                             r"sell-in|handsets? sold|units? sold)\b", re.I)),
    ("Users", re.compile(r"\b(?:(?:monthly|daily)\s+active\s+(?:users|accounts)|users|user base|MAUs?|"
                         r"people using|monthly users|"
                         r"DAUs?|subscribers|members|accounts)\b", re.I)),
    ("Employees", re.compile(r"\b(?:employees|employs|employed|staff(?:ers)?|workforce|headcount|"
                             r"workers|people on (?:its|the) payroll)\b", re.I)),
]
MONEY_MEASURES = {"Revenue", "NetIncome", "OperatingProfit"}
COUNT_MEASURES = {"Shipments", "Users", "Employees"}
UP = re.compile(r"\b(up|rose|rise|rising|rises|increase[sd]?|increasing|grew|grow(?:s|ing|th)?|"
                r"gain(?:ed|s)?|jump(?:ed|s)?|surg(?:ed|es|e)|climb(?:ed|s)?|soar(?:ed|s)?|"
                r"advanc(?:ed|es)|expan(?:ded|sion)|higher|improv(?:ed|ement)|boost(?:ed)?|"
                r"explode[sd]?|doubled|more|greater|larger)\b(?!\s+than\s+(?:US|HK|RMB|CNY|EUR|USD|[$€£¥]|\d))", re.I)
DOWN = re.compile(r"\b(down|fell|fall(?:s|ing)?|decline[sd]?|declining|drop(?:ped|s)?|"
                  r"decrease[sd]?|decreasing|slid|slump(?:ed|s)?|slipp?(?:ed|s)?|plung(?:ed|es)|"
                  r"plummet(?:ed|s)|shr(?:ank|unk|inks)|contract(?:ed|ion)|lower|tumbl(?:ed|es)|"
                  r"sank|dipped|eas(?:ed|es)|retreat(?:ed)?|cut|fewer|less|smaller|below)\b", re.I)
LOSS = re.compile(r"\b(loss(?:es)?|lost|deficit|in the red)\b", re.I)
QOQ = re.compile(r"\b(quarter[\s-](?:on|over|to)[\s-]quarter|sequential(?:ly)?|q/q|qoq|"
                 r"from the (?:previous|prior|preceding|last) quarter|than the (?:previous|prior) quarter|"
                 r"compared (?:with|to) the (?:previous|prior|preceding) quarter|month[\s-]on[\s-]month|"
                 r"(?:below|above|than|from|over|compared (?:with|to)|versus)\s+(?:that of\s+|in\s+)?the\s+"
                 r"(?:first|second|third|fourth)\s+quarter(?!\s+(?:of\s+)?(?:19|20)\d\d|\s+(?:a|last)\s+year))\b", re.I)
YOY = re.compile(r"\b(year[\s-](?:on|over|to)[\s-]year|y/y|yoy|annual(?:ly)? (?:basis|growth)|"
                 r"(?:from|than|over|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:same\s+\w+\s+)?"
                 r"(?:a year (?:ago|earlier|before)|last year|(?:the )?(?:previous|prior|preceding) year|"
                 r"year[\s-](?:ago|earlier))|same (?:period|quarter|time) (?:of |in )?(?:last year|a year|"
                 r"the (?:previous|prior) year|\d{4})|a year (?:ago|earlier|before)|from \d{4}|"
                 r"year-earlier)\b", re.I)
SEGMENT_NOUNS = re.compile(
    r"^\s*(?P<seg>(?:(?:high-end|premium|low-end|mid-range|entry-level|budget|flagship|foldable|"
    r"5G|4G|smart|connected|electric|new|wearable|consumer|enterprise)\s+)*"
    r"(?:smartphones|phones|handsets|iPhones|devices|PCs|computers|laptops|notebooks|tablets|TVs|televisions|"
    r"wearables|vehicles|cars|EVs|chips|drones|servers|watches|earbuds|cameras))\b", re.I)
GENERIC_COUNT = re.compile(r"^\s*(units|pieces|items)\b", re.I)
_STOP = (r"(?:are|is|was|were|rose|grew|fell|jumped|up|down|increased|decreased|in|of|for|and|to|at|by|with|"
         r"during|over|which|that)\b")
SEGMENT_PHRASE = re.compile(
    r"\b(?:(?:in|from|for|at)\s+(?:(?:its|the|their|these|this|our)\s+)?(?P<a>[\w-]+(?:\s+(?:and\s+|&\s+)?[\w-]+)?)\s+"
    r"(?:segment|business|unit|division|arm|market)|(?:its|the|their)\s+(?P<g>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)\s+"
    r"(?:segment|business|division|unit|arm)\s+(?:generated|generating|brought in|bringing in|posted|reported|booked|"
    r"earned|made|contributed|contributing|delivered|had|accounted for|accounting for)|(?P<b>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|business|"
    r"division|unit)\s+(?:revenue|sales)|(?:sales|revenue)s?\s+(?:generated\s+)?from\s+"
    r"(?:(?:these|its|the|their)\s+)?(?P<c>[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?"
    r"(?:\s+(?:and|&)\s+(?!" + _STOP + r")[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?)?)|(?P<d>smartphone|phone|"
    r"handset|cloud|advertising|gaming|games|IoT|internet services?|PC|server|mobile|chip|"
    r"semiconductor|consumer|enterprise|carrier|automotive|EV|memory|display)\s+(?:revenue|sales|"
    r"shipments)|(?-i:(?P<e>(?!(?:and|or|but|the|a|an|of|in|on|from|these|those|this|that|its|their|our|while|as|with|by|at|to|total|net)\b)[a-z][\w-]+(?:\s+(?!(?:and|or|but|the|a|an|of|in|on|from|these|those|this|that|its|their|our|while|as|with|by|at|to|total|net)\b)[a-z][\w-]+)?))\s+(?:segment\s+)?(?-i:revenues?|sales)|"
    r"(?:revenue|sales)s?\s+(?:of|in|for)\s+(?:the\s+)?(?-i:(?P<f>[a-z][\w-]+(?:\s+[a-z][\w-]+){0,2}))\s+"
    r"(?:segment|business|unit|division|was|were|rose|grew|fell|increased|decreased|climbed|reached|came))\b",
    re.I)
_NOT_SEGMENT = frozenset("""total overall same global whole group company quarter year period core main net gross
adjusted quarterly annual first second third fourth its the their our record higher lower strong weak
first-quarter second-quarter third-quarter fourth-quarter full-year half-year operating and or but
a an of in on from these those this that his her generated its while as with by at to
said says reported reports posted posts announced announces booked books recorded records saw sees had has
have expects expected forecast forecasts raised cut lifted lowered its whose which who when where""".split())
SHARE_OF = re.compile(r"\b(?:market share|share of|of (?:the )?(?:global|worldwide|world|total|overall|all|"
                      r"the)?\s*(?:\w+\s+)?(?:shipments|market|sales|deliveries))\b", re.I)
CHANGE_BEFORE = re.compile(r"\b(?:up|down|rose|fell|grew|jumped|dropped|declined|increased|decreased|"
                           r"climbed|slipped|gained|lost|rise|fall|growth|decline|increase|decrease|surge|"
                           r"jump|drop)\s+(?:of\s+|by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I)
THIS_SEGMENT = re.compile(r"\b(?:in|of)\s+(?:this|that|the)\s+(?:segment|category|market)\b", re.I)
SEGMENT_DEF = re.compile(r"\b(?:the\s+)?(?P<seg>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|category)\b", re.I)
NON_MEASURE = re.compile(r"\b(?:(?:average\s+)?(?:selling\s+)?prices?|ASPs?|margins?|costs?|expenses|spending|"
                         r"dividends?|earnings per share|EPS|gearing(?: ratio)?|ratio|net debt|debt|capex|"
                         r"capital expenditure|valuation|market (?:value|capitali[sz]ation|cap)|stake|shares? price|"
                         r"stock|share price|fine|penalty|tariffs?|wages?|salar(?:y|ies))\b", re.I)
# "Shares in Acme were up 4%", "The stock of the chipmaker slid 4.6%": a share-price move.
STOCK_MOVE = re.compile(r"\b(?:shares|stock|share price|stock price)\s+(?:(?:in|of)\s+(?:[\w.'’-]+\s+){0,5}?)?"
                        r"(?:were|was|closed|ended|rose|fell|slid|slipped|jumped|dropped|gained|lost|climbed|"
                        r"tumbled|surged|plunged|sank|traded|opened|are|is|went|edged)\b", re.I)
COMPANY_REF = re.compile(r"\b(?:it|its|they|their|the (?:company|group|firm|vendor|maker|brand|manufacturer)(?:'s)?)\b", re.I)
MARKET_WORD = re.compile(r"\bmarkets?\b", re.I)
RANK_BEFORE = re.compile(r"\b(?:leading|led|leader|first|second|third|fourth|fifth|top|ahead|behind|held|holding|"
                         r"took|taking|accounted for|captured|claimed|commanded|followed by)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:on|at|with|of)?\s*(?:about\s+|around\s+|nearly\s+|roughly\s+)?$", re.I)
THRESHOLD_BEFORE = re.compile(r"\b(?:topped|surpassed|crossed|exceeded|passed|broke|breached|top|surpass|cross|"
                              r"exceed)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
FORECAST = re.compile(r"^\s*(?:\w+\s+){0,2}(?:analysts?|economists?|the market|investors)\s+(?:had\s+)?"
                      r"(?:expected|forecast|estimated|predicted|projected|anticipated)|^\s*(?:expected|forecast)\s+by\b", re.I)
FORECAST_BEFORE = re.compile(r"\b(?:expects?|expected|forecasts?|projects?|projected|guidance|targets?|targeting|aims? (?:for|at)|"
                             r"consensus|outlook|predicts?|plans? to)\b(?:\s+[\w$€£¥-]+){0,6}\s*$", re.I)
MARKET_NEAR = re.compile(r"\b(?:global|worldwide|world|industry|industry-wide|market-wide)\s+(?:\w+\s+)?"
                         r"(?:shipments|sales|volumes?)\b|(?<!of )\bthe (?:overall |whole |global |worldwide )?(?:[\w-]+\s+){0,2}?"
                         r"market (?:shipped|grew|fell|rose|reached|shrank|expanded|declined|increased|contracted|"
                         r"slipped|climbed|dropped)\b", re.I)
MARKET_LEVEL = re.compile(r"\b(?:global|worldwide|world|industry|industry-wide|market-wide|"
                          r"the market'?s?)\s+(?:\w+\s+)?(?:shipments|sales|market|revenue|volumes?)\b", re.I)
COUNT_NEAR = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:employees|staff|workers|people|users|subscribers|members|"
                        r"accounts|units|smartphones|phones|handsets|devices|shipments|PCs|tablets|vehicles|"
                        r"cars|drones|MAUs?|DAUs?|monthly|daily|active)\b", re.I)
NOT_A_FIGURE = re.compile(r"^\s*(?:%\s*)?(?:of (?:the )?(?:total|its|all)|stake|owned|per share|"
                          r"a share|dividend|ratio|years? old|-inch|inch|mm|mah|gb|tb|mp|hz|"
                          r"grams?|g\b|km|minutes?|hours?|days?|weeks?|times|x\b)", re.I)


_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"\b")
_MONTH_BEFORE = re.compile(r"\b" + _MONTHS + r"\s+$")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: Decimal
    unit: str  # CCY_xxx, PERCENT, NUM
    points: bool = False  # percentage points: not a relative change


def _number(text: str) -> Decimal | None:
    text = text.replace("\u202f", "").replace("\xa0", "")
    if re.fullmatch(r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?", text):
        text = re.sub(r"[,\s]", "", text)
    elif re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")  # decimal comma, "9,8 milliards"
    elif "," in text:
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def find_quantities(sentence: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in QUANTITY.finditer(sentence):
        value = _number(m["num"])
        if value is None:
            continue
        tail = sentence[m.end():m.end() + 12]
        before = sentence[max(0, m.start() - 12):m.start()]
        if re.match(r"^\s*(?:%\s*)?-?(?:inch|mah|gb|mm|hz|mp)", tail, re.I) or re.search(
                r"(?:\b(?:Mi|Galaxy|iPhone|Pixel|Redmi|Mate|P|Q|Section|No\.|H|Model)|#)\s?$", before):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m["num"]) and not (m["pre"] or m["suf"] or m["scale"] or m["pct"]):
            continue  # a year
        if not (m["pre"] or m["suf"] or m["scale"] or m["pct"]) and (
                _MONTH_AFTER.match(sentence, m.end()) or _MONTH_BEFORE.search(sentence, max(0, m.start() - 12), m.start())):
            continue  # the day of a date: "on 10 July", "July 10"
        scale = (m["scale"] or "").lower()
        if scale in ("b", "k") and not (m["pre"] or m["suf"]):
            if not re.match(r"^\s*(?:units|users|smartphones|phones|devices|subscribers)", sentence[m.end():], re.I):
                continue  # "5G", "3m" without money: too ambiguous
        if scale:
            value *= SCALES[scale]
        pct = (m["pct"] or "").lower()
        if pct:
            if pct.startswith(("point", "pp", "percentage")):
                out.append(Quantity(m.start(), m.end(), value, "PERCENT", points=True))
                continue
            unit = "PERCENT"
        else:
            code = None
            if m["pre"]:
                code = CURRENCY_SYMBOLS.get(m["pre"].strip().lower())
            if m["suf"]:
                code = CURRENCY_WORDS.get(" ".join(m["suf"].lower().split()).replace(" sterling", ""), code)
            unit = f"CCY_{code}" if code else "NUM"
        out.append(Quantity(m.start(), m.end(), Decimal(format(value.normalize(), "f")), unit))
    return out


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause boundaries: figures of different companies are usually split by these."""
    cuts = [0]
    for m in re.finditer(r";|,\s+(?:followed by|while|whereas|but|and|ahead of|behind|with)\b|\s+while\s+|"
                         r"\s+whereas\s+|,\s+(?=[A-Z])|\bfollowed by\b|\s+and\s+(?=[A-Z])", sentence):
        cuts.append(m.start())
    cuts.append(len(sentence))
    return list(zip(cuts, cuts[1:]))


def _measure_for(sentence: str, q: Quantity, clause: tuple[int, int],
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
            if any(a <= m.start() < b for a, b in names):
                continue
            if m.end() <= q.start:
                dist = q.start - m.end()
            elif m.start() >= q.end:
                dist = (m.start() - q.end) * 2 + 10
            else:
                continue
            if q.unit == "PERCENT" and measure == "MarketShare":
                dist = dist * 0.7
            if best is None or dist < best[0]:
                best = (int(dist), measure, m.start())
    if best is None or best[0] > 160:
        return None, -1
    return best[1], best[2]


def extract_metrics(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                    anchor: Anchor | None, furniture: set[int],
                    docs: list[tuple[int, Doc]] | None = None) -> list[Metric]:
    out: list[Metric] = []
    last_company: str | None = None
    prev_measure: str | None = None
    main_period: str | None = None
    share_context = False
    last_period: str | None = None
    last_segment: str | None = None
    market_report = False  # a sentence gave a market total: company-less figures are the market's
    for index, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        periods = find_periods(sentence, anchor, last=last_period)
        current = [p for p in periods if not p.comparison]
        seg_def = SEGMENT_DEF.search(sentence)
        if index in furniture:
            continue
        quantities = find_quantities(sentence)
        companies = [m for m in table.in_span(s, e, (COMPANY,))]
        names = frozenset(w for m in table.in_span(s, e) for w in m.text.split())
        name_spans = tuple((m.start - s, m.end - s) for m in companies if not m.descriptive)
        source = _sources_rx().search(sentence)
        # "IDC counted 289.4 million shipments": a research firm's market figure, nobody's; the
        # sentence still names the period the next ones report on
        figures = quantities if companies or not source else []
        if not companies and market_report and not COMPANY_REF.search(sentence):
            # "For the full year, shipments fell 13.9% to 241.8 million units." in a market
            # report: the market's total again, not the last-named vendor's
            figures = []
        if quantities and not figures and MARKET_WORD.search(sentence) and not COMPANY_REF.search(sentence):
            market_report = True
        level_money = [q for q in quantities if q.unit.startswith("CCY_") and q.value >= 1000]
        sentence_measures: set[str] = set()
        prev_in_sentence: tuple[int, str] | None = None
        sentence_units: dict[str, str] = {}  # measure -> unit of its last figure in this sentence
        for q in figures:
            if q.points or NOT_A_FIGURE.match(sentence[q.end:q.end + 20]):
                continue
            clause = next(((a, b) for a, b in _clauses(sentence) if a <= q.start < b), (0, len(sentence)))
            if source and not any(clause[0] <= m.start - s < clause[1] for m in companies) and not COMPANY_REF.search(
                    sentence, clause[0], q.start):
                continue  # "According to IDC, PC shipments fell 2.7% ..., and Lenovo shipped ...": the market's
            measure, mpos = _measure_for(sentence, q, clause, name_spans)
            if q.unit == "PERCENT" and SHARE_OF.search(sentence) and not CHANGE_BEFORE.search(
                    sentence[max(0, q.start - 30):q.start]) and not re.match(
                    r"^\s*(?:more|less|fewer|higher|lower|smaller|larger|bigger|up|down|year|from|than|increase|rise|growth)",
                    sentence[q.end:q.end + 20], re.I):
                measure, mpos = "MarketShare", q.start
            elif q.unit == "PERCENT" and MARKET_WORD.search(sentence) and RANK_BEFORE.search(
                    sentence, max(clause[0], q.start - 30), q.start) and not CHANGE_BEFORE.search(
                    sentence, max(clause[0], q.start - 30), q.start):
                # "with Apple leading on 24% and Samsung second on 16%": a ranking of shares
                measure, mpos = "MarketShare", q.start
            moves = list(STOCK_MOVE.finditer(sentence, clause[0], q.start))
            move = moves[-1] if moves else None
            if move is not None and not any(rx.search(sentence, move.end(), q.start) for _, rx in MEASURES):
                continue  # a share-price move, whatever measure follows ("before trimming losses")
            lo_b = max(clause[0], q.start - 70)
            blocker = list(NON_MEASURE.finditer(sentence[lo_b:q.start]))
            if blocker and (mpos < 0 or mpos < lo_b + blocker[-1].start()):
                continue  # "average selling prices rose 2.8%": not one of our measures
            if measure in COUNT_MEASURES and q.unit == "NUM" and not (
                    COUNT_NEAR.match(sentence[q.end:q.end + 40]) or 0 <= q.start - mpos <= 70):
                measure = None
            if measure is None and q.unit == "NUM" and SEGMENT_NOUNS.match(sentence[q.end:q.end + 40]) or (
                    measure is None and q.unit == "NUM" and re.match(r"^\s*units\b", sentence[q.end:])):
                measure, mpos = "Shipments", q.end
            carried = prev_measure if (prev_measure in sentence_measures or (
                prev_measure != "MarketShare" and not any(rx.search(sentence) for _, rx in MEASURES))) else None
            if measure is None and carried and q.unit != "NUM" and (
                    q.unit == "PERCENT" or carried in MONEY_MEASURES):
                measure, mpos = carried, -1
            if measure is None and q.unit == "NUM" and prev_in_sentence and clause[0] > 0 and (
                    sentence_units.get(prev_in_sentence[1]) == "NUM"):
                # "Lenovo shipped 16.7 million units, followed by HP with 13.8 million and Dell
                # with 10.3 million": a ranking goes on with the measure it started with
                measure, mpos = prev_in_sentence[1], -1
            if measure is None and q.unit == "PERCENT" and share_context and not (
                    UP.search(sentence) or DOWN.search(sentence)):
                measure, mpos = "MarketShare", q.start
            if measure is None:
                continue
            if not companies and MARKET_LEVEL.search(sentence):
                market_report = True
                continue  # a market total, nobody's figure
            if THRESHOLD_BEFORE.search(sentence[max(0, q.start - 30):q.start]):
                continue  # "sales topped NT$300 billion for the first time": a threshold, not the figure
            if FORECAST.search(sentence[q.end:q.end + 40]) or FORECAST_BEFORE.search(sentence[max(0, q.start - 60):q.start]):
                continue  # what analysts expected, a target or guidance: not a reported figure
            if MARKET_NEAR.search(sentence[max(0, q.start - 45):q.start]) and not any(
                    q.start - 45 <= m.start - s <= q.start for m in companies):
                market_report = True
                continue
            window = sentence[max(clause[0] - 40, 0, q.start - 80):min(len(sentence), q.end + 70)]
            # the words before the figure in its own clause: in "Apple's share rose to 20%, while
            # Samsung held 19%", Apple's rise says nothing about Samsung's 19%
            pre = sentence[max(0, clause[0], q.start - 45):q.start]
            change = None
            value = q.value
            unit = q.unit
            confidence = 0.85
            direction_before = re.search(r"\b(by|of)\s*$", pre) and (UP.search(pre) or DOWN.search(pre))
            to_level = re.search(r"\b(to|at|reach(?:ed|ing)?|hit|totall?(?:ed|ing)|of)\s+(?:more than\s+|"
                                 r"about\s+|around\s+|nearly\s+|almost\s+|over\s+|some\s+)?$", pre)
            if q.unit == "PERCENT" and measure != "MarketShare" or (
                    q.unit == "PERCENT" and (UP.search(pre) or DOWN.search(pre)) and not to_level):
                if not (UP.search(window) or DOWN.search(window) or YOY.search(window) or QOQ.search(window)):
                    continue
                if to_level and measure == "MarketShare":
                    pass
                else:
                    if measure == "MarketShare" and prev_in_sentence and q.start - prev_in_sentence[0] <= 40:
                        measure = prev_in_sentence[1]  # "40.7 million units, up 33%": the units grew
                    change = "QuarterOverQuarter" if QOQ.search(sentence[q.start:q.end + 60]) or (
                        QOQ.search(window) and not YOY.search(sentence[q.start:q.end + 60])) else "YearOverYear"
                    confidence = 0.8 if (YOY.search(window) or QOQ.search(window)) else 0.65
                    if _declines(pre, sentence[q.end:q.end + 25]):
                        value = -value
            elif q.unit.startswith("CCY_") and direction_before:
                # "an increase of 41.3 euros" beside a figure in billions: a garbled percentage
                bigger = [b for b in level_money if b is not q and b.unit == q.unit and b.value >= q.value * 1000000]
                if bigger and q.value < 1000:
                    change = "YearOverYear" if YOY.search(window) or not QOQ.search(window) else "QuarterOverQuarter"
                    unit = "PERCENT"
                    confidence = 0.5
                    if DOWN.search(pre):
                        value = -value
                else:
                    continue  # an absolute change: not a level, not a relative change
            elif q.unit.startswith("CCY_") and measure in ("NetIncome", "OperatingProfit") and value > 0 and (
                    LOSS.match(sentence[mpos:mpos + 12]) if mpos >= 0 else LOSS.search(
                        sentence[max(0, q.start - 50):q.end + 15])):
                value = -value
            company, company_conf = _owner(table, companies, q, s, clause, docs, last_company, sentence)
            if company is None:
                continue
            period, comparison_bound = _period_for(sentence, q, periods, current, last_period)
            segment = _segment(sentence, q, measure, last_segment, seg_def, mpos, names)
            if q.unit == "NUM" and measure == "Shipments" and not segment and GENERIC_COUNT.match(
                    sentence[q.end:q.end + 12]) is None and not re.search(r"\b(units|shipments|shipped)\b", window, re.I):
                confidence = min(confidence, 0.7)
            bounds = period_bounds(period) if period else (None, None)
            out.append(Metric(
                company=company, measure=measure, value=_fmt(value), unit=unit if not change else "PERCENT",
                evidence=(Evidence(s, e, text[s:e], round(min(confidence, company_conf), 2)),),
                period=period, period_start=bounds[0], period_end=bounds[1], segment=segment,
                change=change,
            ))
            del comparison_bound
            last_company = company
            prev_measure = measure
            if q.unit != "PERCENT":
                prev_in_sentence = (q.end, measure)
                sentence_units[measure] = q.unit
            sentence_measures.add(measure)
        if current:
            last_period = current[-1].period
            main_period = main_period or current[0].period
        if last_period and main_period and last_period[:4] < main_period[:4] and not current:
            last_period = main_period  # back from a comparison year to the period the article reports
        share_context = "MarketShare" in sentence_measures
        if not quantities:
            prev_measure = None
        if seg_def and "segment" in seg_def.group(0).lower():
            last_segment = _plural(seg_def.group("seg"))
    return _dedupe(out)


@lru_cache(maxsize=1)
def _sources_rx() -> re.Pattern[str]:
    from kg.extract import gazetteer

    names = sorted(gazetteer.load().sources, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _declines(pre: str, post: str) -> bool:
    up = [m.start() for m in UP.finditer(pre)]
    down = [m.start() for m in DOWN.finditer(pre)]
    if down and (not up or max(down) > max(up)):
        return True
    if not up and not down and DOWN.match(post.strip()):
        return True
    return False


def _owner(table: EntityTable, companies: list, q: Quantity, base: int,
           clause: tuple[int, int], docs: list[tuple[int, Doc]] | None,
           last_company: str | None, sentence: str = "") -> tuple[str | None, float]:
    """Whose figure: the company the grammar attaches it to, else the nearest in its clause,
    else the company the article's figures were about just before."""
    start, end = base + q.start, base + q.end
    lo, hi = base + clause[0], base + clause[1]
    in_clause = [m for m in companies if lo <= m.start < hi]
    before = [m for m in in_clause if m.end <= start]
    if before and clause[0] > 0:
        return before[-1].key, 0.85
    by_syntax = _syntactic_owner(docs, companies, start) if docs else None
    if by_syntax:
        return by_syntax, 0.9
    if before:
        return before[-1].key, 0.85
    after = [m for m in in_clause if m.start >= end and (
        m.start - end <= 25 and not re.search(r"\b(?:than|of|above|below|behind|ahead|versus|vs|beat|beating)\W*$",
                                              sentence[end - base:m.start - base]))]
    if after:
        return after[0].key, 0.75
    if last_company:
        return last_company, 0.7
    prior = [m for m in companies if m.end <= start]
    if prior:
        return prior[-1].key, 0.75
    if companies:
        return companies[0].key, 0.7
    dominant = table.dominant()
    if dominant:
        return dominant, 0.6
    return None, 0.0


def _syntactic_owner(docs: list[tuple[int, Doc]], companies: list, pos: int) -> str | None:
    """Walk up the parse from the figure: the first company on the way, or the subject of
    the verb it hangs from ("Acme led with 22%", "Acme's revenue rose 20%")."""
    doc, offset = None, 0
    for off, d in docs:
        if off <= pos:
            doc, offset = d, off
    if doc is None or not companies:
        return None

    def company_at(token) -> str | None:  # type: ignore[no-untyped-def]
        p = token.idx + offset
        for m in companies:
            if m.start <= p < m.end:
                return m.key
        return None

    span = doc.char_span(pos - offset, pos - offset + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span[0]
    for _ in range(8):
        if token.head is token:
            break
        token = token.head
        hit = company_at(token)
        if hit:
            return hit
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss"):
                for t in child.subtree:
                    hit = company_at(t)
                    if hit:
                        return hit
        if token.dep_ in ("ROOT",) or token.pos_ == "VERB" and token.dep_ in ("ccomp", "advcl", "conj"):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                break
    return None


def _period_for(sentence: str, q: Quantity, periods: list[Period], current: list[Period],
                last: str | None) -> tuple[str | None, bool]:
    comparisons = [p for p in periods if p.comparison]
    for p in comparisons:
        # "6.3% below the third quarter, when the company took in ¥70.5 billion"
        if 0 <= q.start - p.end <= 60 and re.match(r",?\s+when\b[^,;]*$", sentence[p.end:q.start]):
            return p.period, True
    for p in comparisons:
        # "from 40 million a year ago": the figure right before a comparison belongs to it
        gap = sentence[q.end:p.start]
        if 0 <= p.start - q.end <= 25 and not re.search(r"\b(up|down|rose|fell|increase|compared|than)\b", gap):
            if re.search(r"\b(from|versus|vs\.?|against|compared with|compared to|on|over|than)\s+(?:\S+\s+){0,2}$",
                         sentence[max(0, q.start - 30):q.start]):
                return p.period, True
    if current:
        nearest = min(current, key=lambda p: abs(p.start - q.start))
        return nearest.period, False
    return last, False


def _segment(sentence: str, q: Quantity, measure: str, last_segment: str | None,
             seg_def: re.Match[str] | None, mpos: int = -1, names: frozenset[str] = frozenset()) -> str | None:
    after = SEGMENT_NOUNS.match(sentence[q.end:q.end + 50])
    if after and measure in COUNT_MEASURES | {"Shipments"}:
        seg = " ".join(after.group("seg").split())
        if seg.lower() in ("phones", "handsets", "mobile phones", "iphones"):  # the same market
            return "smartphones"
        return None if seg.lower() in ("units", "devices") else seg
    if THIS_SEGMENT.search(sentence) and last_segment:
        return last_segment
    for m in SEGMENT_PHRASE.finditer(sentence):
        if not (mpos < 0 or m.start() - 20 <= mpos <= m.end() + 20 or m.start() - 20 <= q.start <= m.end() + 20):
            continue
        seg = next(g for g in (m["a"], m["b"], m["c"], m["d"], m["e"], m["f"], m["g"]) if g)
        seg = re.sub(r"^(?:its|the|their|these|this|our)\s+", "", seg.strip(), flags=re.I)
        seg = re.sub(r"\s+(?:segment|business|unit|division|arm)$", "", seg, flags=re.I)
        if m["e"] and (lead := re.fullmatch(r"\s*([A-Z][a-z]+)\s+", sentence[:m.start("e")])) and (
                lead.group(1) not in names):
            seg = lead.group(1) + " " + seg  # "Passenger services revenue rose ...": as written
        words = seg.lower().split()
        inner = words[1:-1]  # "IoT and lifestyle products": a joined segment keeps its 'and'
        if words and not any(w in _NOT_SEGMENT and not (w in ("and", "&") and w in inner) for w in words):
            return _plural(seg) if m["c"] or m["d"] else seg
    return None


def _plural(seg: str) -> str:
    seg = " ".join(seg.split())
    low = seg.lower()
    if low.endswith(("smartphone", "phone", "device", "handset", "pc", "tablet", "vehicle")):
        return seg + "s"
    return seg


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _dedupe(metrics: list[Metric]) -> list[Metric]:
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
