"""Numbers that are no company's reported figure.

A stake, a price, a charge or a physical quantity is no figure of ours; a share-price move,
a threshold crossed, a range, what analysts expected, a target or what might happen is not a
reported result; a market's total is nobody's; and a research firm's counts are the market's,
not the company's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.metric_measures import MEASURES
from kg.extract.quantities import Quantity

# what follows the number makes it something else: a part, a stake, a per-share amount, a
# duration, a one-off charge or a physical quantity
NOT_A_FIGURE = re.compile(r"^\s*(?:%\s*)?(?:of (?:the )?(?:total|its|all)|stake|owned|per (?:share|unit|device|phone)|"
                          r"tb|grams?|g\b|km|minutes?|hours?|days?|weeks?|x\b|"
                          # a one-off item: "a $45 million restructuring charge"
                          r"(?:[\w-]+\s+){0,2}(?:charges?|write-?downs?|write-?offs?|impairments?|provisions?)\b|"
                          # physical quantities: "20 gigawatts of modules", "2 million tonnes of steel"
                          r"(?:giga|mega|kilo|tera)watt|[gmkt]wh?\b|tonnes?\b|tons?\b|barrels?\b|lit(?:re|er)s?\b|"
                          r"square\s+(?:met(?:re|er)s|feet|kilomet(?:re|er)s)|cubic)", re.I)
# "67% of chip revenue": a part of the company's own revenue, not a market's share or a change
PART_OF_REVENUE = re.compile(r"\s*of\s+(?:its\s+|their\s+|the\s+)?(?!(?:global|worldwide|world|industry|market)\b)"
                             r"(?:[\w'’-]+\s+){0,2}revenues?\b", re.I)
# "average selling prices rose 2.8%", "the R&D investment was 9 billion": not one of our measures
NON_MEASURE = re.compile(r"\b(?:(?:average\s+)?(?:selling\s+)?prices?|margins?|costs?|spending|"
                         r"bought back|buy(?:s|ing)? back|buybacks?|repurchas\w*|acquisitions?|acquired|"
                         r"invest(?:ed|ing|ments?)|spen[dt]|"
                         r"dividends?|earnings per share|gearing(?: ratio)?|ratio|net debt|debt|"
                         r"valuation|market (?:value|capitali[sz]ation|cap)|stake|"
                         r"stock|fine[sd]?|penalty|penalties|tariffs?|valued|worth|rais(?:e[sd]?|ing)|"
                         r"funding(?:\s+round)?|initial public offering|IPO|wages?|bookings|backlog|"
                         r"order (?:intake|book|backlog)|(?:new|net) orders|gross merchandise (?:volume|value)|"
                         r"gross (?:profits?|margins?)|(?:free\s+|operating\s+)?cash\s+flows?|"
                         r"EBITDA|impairments?|write-?downs?|(?:one-off\s+|restructuring\s+)?charges?|provisions?|"
                         r"paid(?!\s+(?:users|subscribers|members|accounts|customers))|"
                         # what a court or a claim puts on a licence: "fixed the lump sum at $56 million"
                         r"lump\s+sum|damages|royalt(?:y|ies)|licen[cs]e\s+fees?|asked\s+for|claimed|sought)\b", re.I)
# "Shares in Acme were up 4%", "The stock of the chipmaker slid 4.6%": a share-price move.
STOCK_MOVE = re.compile(r"(?<!market )(?<!market-)\b(?:shares|stock)\s+(?:(?:in|of)\s+(?:[\w.'’-]+\s+){0,5}?)?"
                        r"(?:(?:have|had|has)\s+)?(?:were|closed|rose|risen|fell|fallen|slid|slipped|dropped|lost|tumbled|"
                        r"are|gained|jumped|climbed|surged|soared|slumped|sank)\b", re.I)
# "sales topped NT$50 billion for the first time": a threshold, not the figure
# (the verb, not "stayed on top with 13.7 million units", "at the top with ...")
THRESHOLD_BEFORE = re.compile(r"\b(?:topped|passed|(?<!on )(?<!the )top)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
# ("ahead of the roughly $75.5 billion Wall Street had expected")
FORECAST = re.compile(r"^\s*(?:\w+\s+){0,2}(?:analysts?|Wall\s+Street|investors|economists|the\s+market)\s+"
                      r"(?:had\s+)?(?:expected|forecast|predicted|estimated)|^\s*that\s+(?:\w+\s+)?analysts?\b", re.I)
# "the $2.4 billion average analyst estimate", "the 1.1 billion yuan consensus forecast": the
# figure names an estimate (not "$5 billion, above estimates")
ESTIMATE_AFTER = re.compile(r"\s*(?:(?!(?:above|below|beat\w*|ahead|top\w*|miss\w*|short|exceed\w*|surpass\w*|"
                            r"outpac\w*|trail\w*|lag\w*|match\w*|meet\w*|met|shy|lower|higher|versus|vs|than|"
                            r"compared|against|and|but|while|of|in|for|from|to|at|as|with|on|by)\b)[\w'’-]+\s+){0,3}?"
                            r"(?:estimates?|forecasts?|consensus|expectations?)\b", re.I)
# "the rules could reduce its revenue by about $2 billion": what might happen, not a result
MODAL_BEFORE = re.compile(r"\b(?:could|would|might|may)\s+(?:[\w'’-]+\s+){0,6}$")
FORECAST_BEFORE = re.compile(r"\b(?:expects?|expected|forecasts?|targets?|consensus|plan(?:s|ned)? to|"
                             r"guided|guides|guiding)\b"
                             r"(?:\s+[\w$€£¥.%-]+){0,8}\s*$|"
                             r"\b(?:estimates?|expectations?|projections?)\s+(?:of|for)\s+(?:about\s+|around\s+)?$",
                             re.I)
# a market's total: nobody's figure (and the article is then a market report)
# (and the rest of a ranking's: "Shipments by all other brands fell 15.2%")
MARKET_NEAR = re.compile(r"\b(?:global|worldwide|world|industry|industry-wide|market-wide)\s+(?:\w+\s+)?"
                         r"(?:shipments|sales|volumes?)\b|\ball\s+other\s+(?:brands|vendors|makers)\b", re.I)
MARKET_LEVEL = re.compile(r"\b(?:global|worldwide|industry)\s+(?:\w+\s+)?(?:shipments|sales|market|revenue)\b|"
                          # "In total, vendors shipped 67.8 million smartphones": every vendor's together
                          r"\bin\s+total,?\s+(?:all\s+)?(?:vendors|brands|makers|manufacturers|carmakers)\b|"
                          r"\bacross\s+the\s+(?:whole\s+)?(?:industry|market|sector)\b|"
                          # "IDC put total shipments at 75.8 million units": the market's, as a tracker counts it
                          r"\b(?:total|overall)\s+(?:\w+\s+)?(?:shipments|deliveries)\s+at\s+\d|"
                          # "combined revenue of the ten largest foundries": the top of a ranking together
                          r"\b(?:combined|total|aggregate)\s+(?:\w+\s+)?(?:revenue|sales|shipments)\s+of\s+(?:the\s+)?"
                          r"(?:top|\w+\s+(?:largest|biggest|leading))\b", re.I)
# "sales of between $5.0 billion and $5.5 billion": a range is an outlook, not a result
RANGE_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
RANGE_AND = re.compile(r"\s+and\s+(?:about\s+|around\s+|roughly\s+)?", re.I)
RANGE_BY = re.compile(r"\bby\s+$", re.I)
RANGE_TO = re.compile(r"\s+to\s+", re.I)
# "according to figures from research firm X", "the market tracker": a research firm's report
RESEARCH_CUE = re.compile(r"\b(?:research|tracker|figures from|data from)\b", re.I)
# "analysts surveyed by a news agency": the outlet compiled an estimate, it does not report a market figure
POLLED_BY = re.compile(r"\b(?:surveyed|polled|compiled)\s+by\s+(?:the\s+)?$", re.I)


def not_a_figure(sentence: str, q: Quantity) -> bool:
    """Percentage points, a stake, a duration, a charge, a physical quantity, a part of revenue."""
    return q.points or NOT_A_FIGURE.match(sentence[q.end:q.end + 40]) is not None or (
        q.unit == "PERCENT" and PART_OF_REVENUE.match(sentence, q.end) is not None)


def share_price_move(sentence: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """The figure follows a share-price move in its sentence, with no measure word between them
    (whatever measure follows: "before trimming losses"; "Shares in Acme rose 2%, while rival
    Bexo fell 1%": the second clause goes on about share prices)."""
    moves = list(STOCK_MOVE.finditer(sentence, 0, q.start))
    return bool(moves) and not any(rx.search(sentence, moves[-1].end(), q.start) for _, rx in MEASURES)


def blocked(sentence: str, q: Quantity, clause: tuple[int, int], mpos: int) -> bool:
    """A word for something we do not measure stands between the figure and its measure word
    ("average selling prices rose 2.8%"), or the measure word comes after the figure ("the
    investment was 9 billion yuan, 12% of revenue": the revenue is not the 9 billion)."""
    lo = max(clause[0], q.start - 70)
    blockers = list(NON_MEASURE.finditer(sentence[lo:q.start]))
    # "Earnings per share were ...": the measure word begins the blocker itself
    return bool(blockers) and (mpos < 0 or mpos <= lo + blockers[-1].start() or mpos >= q.end)


# "Excluding special items, the group earned ...": an adjusted figure, not the reported one
# ("a figure that strips out one-off items: on that basis income was ...")
ADJUSTED = re.compile(r"\b(?:excluding|excludes?|before|strips?\s+out|stripping\s+out)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:special|exceptional|one-off|notable|non-recurring)\s+items\b|"
                      r"\bon\s+(?:an|the)\s+adjusted\s+basis\b", re.I)


def adjusted(sentence: str, q: Quantity) -> bool:
    """A figure the sentence states without its special items: an adjusted measure."""
    return ADJUSTED.search(sentence, 0, q.start) is not None


# "41.7 billion euros (about $45.3 billion)", "996.7 billion won, or about $738 million", "236.5 billion yuan
# ($33.7 billion)", "converts to roughly 702.2 billion yuan": a conversion of a figure
_IN_A_CURRENCY = r"\d\s*(?:billion|million|trillion|bn)?\s*(?:won|yen|yuan|euros?|pounds|dollars|rubles|rupees|francs)"
CONVERSION = re.compile(r"(?:\(|" + _IN_A_CURRENCY + r"\s*,\s*or)\s*(?:about|around|roughly|some)\s+$|"
                        + _IN_A_CURRENCY + r"\s*\(\s*$|"
                        # ("Tesla's revenue converts to roughly 702.2 billion yuan": another currency's figure)
                        r"\b(?:converts?|converted|translates?|translated)\s+(?:in)?to\s+(?:about\s+|around\s+|roughly\s+|some\s+)?$",
                        re.I)


def conversion(sentence: str, q: Quantity) -> bool:
    """An amount the text gives right after the figure before it, in another currency: that figure converted."""
    return q.unit != "PERCENT" and CONVERSION.search(sentence, max(0, q.start - 45), q.start) is not None


# "A, B and C together hold 40% of the market", "the two combined shipped ...": what several have between them
_JOINT_BEFORE = re.compile(r"\b(?:together|combined|between\s+them|jointly)\b[^.;:\d%]{0,40}$", re.I)


def joint(sentence: str, q: Quantity) -> bool:
    """A figure several companies have between them: no one company's."""
    return _JOINT_BEFORE.search(sentence, max(0, q.start - 50), q.start) is not None


def threshold(sentence: str, q: Quantity) -> bool:
    return THRESHOLD_BEFORE.search(sentence[max(0, q.start - 30):q.start]) is not None


# "kept its forecasts for the year unchanged: sales of X, ... and Y units", "kept its forecast
# unchanged, including operating income of X": a list of what is expected
_OUTLOOK_LIST = re.compile(r"\b(?:forecasts?|outlook|guidance)\b[^.:;]{0,60}(?::\s|,\s+including\b)", re.I)


def outlook(sentence: str, q: Quantity, clause: tuple[int, int]) -> bool:
    """What analysts expected, an estimate, a target, guidance or what might happen."""
    listed = _OUTLOOK_LIST.search(sentence, 0, q.start)
    if listed is not None and ";" not in sentence[listed.end():q.start]:
        return True
    return bool(FORECAST.search(sentence[q.end:q.end + 40]) or ESTIMATE_AFTER.match(sentence, q.end)
                or FORECAST_BEFORE.search(sentence[max(0, q.start - 60):q.start])
                or MODAL_BEFORE.search(sentence, max(clause[0], q.start - 60), q.start))


_AND_MEASURE_OF = re.compile(r"\s*(?:[\w\s-]{0,12})?,?\s+and\s+(?:[\w-]+\s+){1,3}of\s+(?:about\s+|around\s+)?"
                             r"(?:US\$|HK\$|[$€£¥])?$", re.I)


# "expects income of X, 4% more than before", "..., up 4%": the change of the figure before it
_ITS_CHANGE = re.compile(r"\s*(?:[\w\s-]{0,12})?,\s*(?:(?:up|down)\s+)?(?:about\s+|around\s+|roughly\s+)?", re.I)


def outlook_goes_on(sentence: str, before: Quantity, q: Quantity, clause: tuple[int, int]) -> bool:
    """The figure goes on an outlook the figure before it is part of, joined by "and <measure>
    of" ("expects operating profit of X ... and net profit of Y") or as its change ("X, 4% more")."""
    joined = _AND_MEASURE_OF.fullmatch(sentence, before.end, q.start) or (
        q.unit == "PERCENT" and _ITS_CHANGE.fullmatch(sentence, before.end, q.start))
    return joined is not None and outlook(sentence, before, clause)


def market_near(sentence: str, q: Quantity) -> bool:
    return MARKET_NEAR.search(sentence[max(0, q.start - 45):q.start]) is not None


def in_range(sentence: str, figures: list[Quantity], i: int) -> bool:
    """Either end of "between A and B" (same unit) or of "slipped by 1% to 3%": a range, not one
    reported figure."""
    for a, b in ((i, i + 1), (i - 1, i)):
        if not (0 <= a and b < len(figures) and figures[a].unit == figures[b].unit):
            continue
        before = sentence[max(0, figures[a].start - 20):figures[a].start]
        if RANGE_AND.fullmatch(sentence, figures[a].end, figures[b].start) and RANGE_BETWEEN.search(before):
            return True
        if figures[a].unit == "PERCENT" and RANGE_TO.fullmatch(sentence, figures[a].end, figures[b].start) and (
                RANGE_BY.search(before)):
            return True
    return False


def research_source(sentence: str) -> re.Match[str] | None:
    """A research firm named in the sentence, not an outlet that only compiled an estimate
    ("analysts polled by a news agency")."""
    return next((m for m in _sources_rx().finditer(sentence)
                 if not POLLED_BY.search(sentence[max(0, m.start() - 30):m.start()])), None)


@lru_cache(maxsize=1)
def _sources_rx() -> re.Pattern[str]:
    from kg.extract import gazetteer

    names = sorted(gazetteer.load().sources, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
