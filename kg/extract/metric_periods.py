"""Which reporting period a figure is of.

A figure is of the period named nearest to it in its sentence, else of the period the article
was reporting on. A figure right before a comparison ("from 40 million a year ago") is of the
earlier period; a period the text looks ahead to ("expects sales to grow in the second half") or
one that had not begun by publication reports no figure.
"""

from __future__ import annotations

import re

from kg.extract.date_terms import Anchor
from kg.extract.metric_changes import has_direction
from kg.extract.periods import Period, period_bounds
from kg.extract.quantities import Quantity

# "which employs 9,000 people": a headcount stated as it is now
EMPLOYS_NOW = re.compile(r"\bemploys\b|\b(?:has|have)\s+(?:about\s+|around\s+|some\s+|more than\s+|nearly\s+|"
                         r"roughly\s+)?[\d,.]+\s+(?:(?:full-time|permanent)\s+)?(?:employees|staff|workers|people)\b",
                         re.I)
FORWARD = re.compile(r"\b(?:expects?|expected to|forecasts?|will|should|plans? to|aims? to|"
                     r"outlook|guidance)\b", re.I)
# "from 3 million a year ago": the figure right before a comparison is the earlier period's
_BASE_BEFORE = re.compile(r"\b(from|versus|vs\.?|against|compared with|compared to|on|over|than)\s+(?:\S+\s+){0,2}$")


def looks_ahead(sentence: str, p: Period, anchor: Anchor | None) -> bool:
    """A period the text looks ahead to ("expects demand to grow in the second half"), or one that
    had not begun by publication: not a period figures are reported for."""
    lo = max(0, p.start - 60)
    # "raised its outlook after third-quarter revenue climbed": a clause of its own after "after"
    cut = list(re.finditer(r"[,;:]|\b(?:said|says|reported|posted|announced|after|because|when|as)\b",
                           sentence[lo:p.start]))
    if FORWARD.search(sentence, lo + cut[-1].end() if cut else lo, p.start):
        return True
    if anchor is not None:
        start = period_bounds(p.period)[0]
        pub = f"{anchor.year:04d}-{anchor.month or 12:02d}-{anchor.day or 31:02d}"
        return start > pub
    return False


def near_figures(periods: list[Period], quantities: list[Quantity]) -> list[Period]:
    """Periods close enough to a figure of the sentence to be its period."""
    return [p for p in periods if any(abs(p.start - q.start) <= 100 for q in quantities)]


def figure_period(sentence: str, q: Quantity, periods: list[Period], current: list[Period],
                  last: str | None, pre_start: int = 0) -> str | None:
    """The period of the figure: a comparison's it stands right before or after, else the nearest
    of ``current`` (the periods the sentence reports), else ``last``. ``pre_start``: where the
    figure before it ends."""
    comparisons = [p for p in periods if p.comparison]
    for p in comparisons:
        if _before_comparison(sentence, q, p, pre_start):
            return p.period
    for p in comparisons:
        if re.fullmatch(r"['’]s\s+(?:US\$|HK\$|[$€£¥])?", sentence[p.end:q.start]):
            return p.period  # "the preceding quarter's 17.45 billion yuan": that period's figure
    for p in comparisons:
        # "; a year earlier both brands had held 14%": a comparison opening the figure's clause
        if p.end <= q.start and re.search(r"(?:^|;)\s*$", sentence[:p.start]) and not re.search(
                r"[;.]", sentence[p.end:q.start]) and not any(p.end <= o.start < q.start for o in periods):
            return p.period
    for p in comparisons:
        # "6% below the third quarter, when it took in $7 billion": the figure of that period
        if p.end < q.start and re.match(r",?\s+when\b[^;]*$", sentence[p.end:q.start]) and not any(
                p.end <= o.start < q.start for o in periods):
            return p.period
    # "The EV segment, which began reporting in the second quarter, generated 9.7 billion": a
    # period in a relative clause the figure is not in is the clause's
    current = [p for p in current if not any(a <= p.start < b and not a <= q.start < b for a, b in asides(sentence))]
    if current:
        # the nearest by the words between: in "X in 2019 and Y in 2020", Y's year is the one after it
        nearest = min(current, key=lambda p: q.start - p.end if p.end <= q.start else max(0, p.start - q.end))
        return None if nearest.stretch else nearest.period  # "the first nine months": no period of its own
    return last


_ASIDE = re.compile(r",\s+(?:which|whose)\b[^,;]*,")


def asides(sentence: str) -> list[tuple[int, int]]:
    """The spans of the relative clauses set off by commas (", which began ... ,")."""
    return [m.span() for m in _ASIDE.finditer(sentence)]


def _before_comparison(sentence: str, q: Quantity, p: Period, pre_start: int) -> bool:
    """The figure stands right before comparison ``p`` and is its amount: "from 3 million a year
    ago", "the 6.5 billion won it earned a year earlier", "had been 6.7% three months earlier"."""
    gap = sentence[q.end:p.start]
    if ";" in gap:
        return False  # "each holding 15% of the market; a year earlier ...": the next clause's
    if q.unit == "PERCENT" and re.match(r"\s*(?:from|on|compared\s+(?:with|to))\s", gap):
        return False  # "down 2.1% from the third quarter of 2023": a change of this period on that one
    if not 0 <= p.start - q.end <= 25 or re.search(r"\b(up|down|rose|fell|increase|compared|than)\b", gap):
        return False
    if _BASE_BEFORE.search(sentence[max(0, q.start - 30):q.start]):
        return True
    pre = sentence[max(0, q.start - 45, pre_start):q.start]
    return not re.search(r"\d|\b(?:from|versus|vs|against|below|above|higher|lower|more|less|fewer)\b", gap) and not (
        q.unit == "PERCENT" and has_direction(pre))


_BASE_WORDS = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?|against)\s+(?:\S+\s+){0,3}$", re.I)


# ("fell 2.2% from 9.5 million": the change is given first)
_GREW_FROM = re.compile(r"\b(?:grew|rose|increased|climbed|jumped|fell|declined|dropped|slipped|edged\s+(?:up|down)|"
                        r"(?:a|an)\s+(?:decline|decrease|drop|fall|rise|gain|increase|jump)\s+of)"
                        r"(?:\s+[\d.,]+\s*(?:%|percent|per\s+cent))?\s+from\s+(?:US\$|HK\$|[$€£¥])?$", re.I)


def base_period(text: str, q: Quantity, period: str | None, periods: list[Period],
                last: tuple[int, str, str | None] | None, quarterly: bool) -> str | None:
    """"rose to $8.2 billion from $7.0 billion", "its share fell to 8.1% from 9.1%": an amount
    that is the base of a comparison with the level just before it is of the period before
    that level's (``last``: its end, unit and period), when nothing in between names its own;
    "grew from 2.6 million units" and "fell 2.2% from 9.5 million" likewise: the quarter before
    when ``quarterly``, else the same period a year earlier."""
    if period is None or any(q.end <= p.start < q.end + 25 for p in periods):
        return period
    if not _GREW_FROM.search(text, max(0, q.start - 40), q.start):  # "Bolt grew from 2.6 million units"
        if last is None or last[1] != q.unit or last[2] != period:
            return period
        if q.start - last[0] > 60 or not _BASE_WORDS.search(text, last[0], q.start):
            return period
    if quarterly and "-Q" in period:
        y, n = int(period[:4]), int(period[-1])
        return f"{y}-Q{n - 1}" if n > 1 else f"{y - 1}-Q4"
    return f"{int(period[:4]) - 1}{period[4:]}"


_REPORTED_FOR = re.compile(r"\s+(?:it|they|the\s+company|the\s+group)\s+(?:had\s+)?(?:reported|posted|recorded|booked)"
                           r"\s+(?:(?:for|in)\s+(?:the\s+)?)?")  # (a period's span may begin with "for")


def of_a_base(text: str, quantities: list[Quantity], p: Period) -> bool:
    """Whether the period follows a figure that is the base of a comparison ("from 60.01 trillion
    won in the second quarter of 2023 and 71.92 trillion won in the January-March quarter")."""
    for q in quantities:
        # (or after what the company said of it: "than the 88.9 billion yuan it reported for April-June")
        near = 0 <= p.start - q.end <= 12 or _REPORTED_FOR.fullmatch(text, q.end, p.start) is not None
        if near and re.search(r"\b(?:from|compared (?:with|to)|against|versus|than|and|"
                                                     r"(?:previous|prior|earlier|old)\s+(?:record|high|peak)\s+of)\s+"
                                                     r"(?:the\s+)?(?:about\s+|some\s+)?(?:US\$|HK\$|[$€£¥])?$",
                                                     text[max(0, q.start - 40):q.start]):
            return True
    return False
