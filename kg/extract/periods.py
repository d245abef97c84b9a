"""Reporting periods in text ("the third quarter", "the six months ended June 30", "H1 2024",
"a year earlier"), resolved against the publication date and the period the article was
talking about before.

>>> find_periods("the quarterly results for the first three months of 2021", Anchor.parse("2021-05"))[0].period
'2021-Q1'
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.date_terms import MONTH, ORDINALS, YEAR, Anchor, Spans, month_of, rx, the_verb_may


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    period: str  # 2021, 2021-Q1, 2021-H1, 2021-03
    comparison: bool = False  # "the same period last year", "a year ago"
    # "the first nine months of 2024", "January-September": a stretch of the year (``period``) that
    # is no quarter, half or year; its figures have no period of their own
    stretch: bool = False


_Q_WORD = r"(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
# "the third quarter", "the fourth quarter of 2023", "Q3 2023", "3Q23"
# ("its fiscal third quarter", "the fiscal third quarter": a fiscal quarter, no calendar one)
_QUARTER = rx(r"\b(?:(?P<fiscal0>fiscal|financial)\s+)?" + _Q_WORD + r"[\s-]+(?P<fiscal>fiscal\s+)?quarter"
              r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?"
              + YEAR.format("y") + r")?")
_QN = rx(r"\b(?:(?P<fiscal>F(?:Y|iscal\s*)?)\s*)?Q(?P<q>[1-4])(?:\s*(?:of\s+)?(?:FY\s*)?(?P<y>(?:19|20)\d\d))?\b")
_NQ = rx(r"\b(?P<q>[1-4])Q\s*(?P<yy>\d\d)\b")
# "the first six months of 2023", "the last three months"
_MONTHS_OF = rx(r"\b(?P<which>first|last|final)\s+(?P<n>three|six|nine|twelve)\s+months"
                r"(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?" + YEAR.format("y") + r")?")
# "the three months ended June 30, 2023", "the quarter to September", "the year ending December",
# "the three months to the end of September"
_ENDED = rx(r"\b(?:(?P<n>three|six|nine|twelve)\s+months|quarter|(?P<year>(?:fiscal\s+)?year))\s+"
            r"(?:that\s+)?(?:ended|ending|to)\s+(?:in\s+|on\s+|the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
            + MONTH.format("m")
            + r"(?:\s+(?P<d>\d{1,2}))?(?:,?\s+" + YEAR.format("y") + r")?")
_MONTH_RANGE = rx(r"\b" + MONTH.format("m1") + r"\s*[-–—/]\s*" + MONTH.format("m2")
                  + r"(?:\s+(?P<y>(?:19|20)\d\d))?(?:\s+(?:quarter|period|three months|half|six months|months)\b|"
                  # "an April-June net profit of ...": the span names the period of the figure
                  r"(?=\s+(?:(?:net|operating|gross)\s+)?(?:sales|revenues?|profits?|income|earnings|loss(?:es)?|"
                  r"results)\b))")
# "in January-June", "for April–June 2024": a span of months a preposition makes a period of
_IN_MONTH_RANGE = rx(r"\b(?:in|for|during|over)\s+(?:the\s+)?" + MONTH.format("m1") + r"\s*[-–—]\s*"
                     + MONTH.format("m2") + r"(?:\s+(?P<y>(?:19|20)\d\d))?\b")
# "from October to December", "between July and September": a range of whole months
_MONTH_SPAN = rx(r"\b(?:from\s+|between\s+)?" + MONTH.format("m1") + r"\s+(?:to|through|until|and)\s+"
                 + MONTH.format("m2") + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
# "the December quarter", "the June 2024 quarter": the quarter that ends in that month
_MONTH_QUARTER = rx(r"\b" + MONTH.format("m") + r"(?:\s+(?P<y>(?:19|20)\d\d))?[\s-]+quarter\b")
# "the first half", "the second half of 2023", "H1 2024"
_HALF = rx(r"\b(?P<h>first|second|1st|2nd)[\s-]+half(?:\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?"
           + YEAR.format("y") + r")?")
_HN = rx(r"\bH(?P<h>[12])\s*(?P<y>(?:19|20)\d\d)?\b")
_FULL_YEAR = rx(r"\b(?:full[\s-]year|fiscal(?:\s+year)?|FY|calendar\s+year|whole\s+year|year|annual)\s*"
                r"(?P<y>(?:19|20)\d\d)\b|\b(?P<y2>(?:19|20)\d\d)\s+(?:full[\s-]year|fiscal\s+year|annual)\b|"
                # "2023 sales dropped 9%", "its 2022 net profit"
                r"(?<![\d.,$€£¥-])\b(?P<y3>(?:19|20)\d\d)(?=\s+(?:(?:net|operating|gross)\s+)?(?:sales|revenues?|"
                r"profits?|income|earnings|turnover|shipments|deliveries|results|loss(?:es)?)\b)")
# a fiscal year written with both its years, named by the one it ends in: "its 2024/25 financial
# year", "fiscal 2024-25", "FY2024/25", "in 2023/24"
_SPLIT_YEAR = rx(r"(?:\b(?:fiscal|financial\s+year|FY|in|for|its|the|of)\s*)(?P<y>(?:19|20)\d\d)[/–-](?P<yy>\d\d)"
                 r"(?![\d/–-])")
_IN_YEAR = rx(r"\b(?:in|for|of)\s+(?:the\s+(?:whole\s+)?(?:year\s+)?)?(?P<y>(?:19|20)\d\d)\b(?!\s*(?:%|,\d))")
_IN_MONTH = rx(r"\b(?:in|for)\s+" + MONTH.format("m") + r"(?:\s+" + YEAR.format("y") + r")?\b")
# "the same period last year", "a year earlier", "the previous quarter": the base of a comparison
_COMPARISON = rx(r"\b(?:(?:the\s+)?same\s+(?:period|quarter|time|months?)\s+(?:of\s+|in\s+)?(?:last\s+year|"
                 r"(?:the\s+)?(?:previous|prior|preceding)\s+year|a\s+year\s+(?:ago|earlier|before)|"
                 r"(?P<cy>(?:19|20)\d\d))|a\s+year\s+(?:ago|earlier|before)|"
                 r"(?:three|3|twelve|12)\s+months\s+(?:earlier|before|ago)|a\s+quarter\s+(?:earlier|before|ago)|"
                 r"(?:in\s+)?(?:the\s+)?year-?earlier(?:\s+(?:period|quarter|months?))?|"
                 r"(?:the\s+)?(?:previous|prior|preceding|year-?ago)\s+(?:year|quarter)|"
                 r"(?:the\s+)?year-?ago\s+(?:period|half|months?)|last\s+year)\b")
# "the quarter", "this period", "over the year": the period the article was talking about
_THE_QUARTER = rx(r"\b(?:the|this|that)\s+(?:same\s+)?(?P<u>quarter|period|year)\b")
_OVER_THE_YEAR = rx(r"\b(?:over|for|during)\s+the\s+(?:full\s+|whole\s+|entire\s+)?year\b"
                    r"(?!\s+(?:before|earlier|ago))")
_WORD_N = {"three": 3, "six": 6, "nine": 9, "twelve": 12}


def _q_from_month(month: int) -> int:
    return (month - 1) // 3 + 1


def _year(m: re.Match[str], anchor: Anchor | None, *, quarter: int | None = None,
          half: int | None = None) -> int | None:
    if m.groupdict().get("y"):
        return int(m["y"])
    if anchor is None:
        return None
    # a quarter or half named without a year is the latest one that has ended by publication:
    # "the third quarter" in August 2023 is 2023-Q3's predecessor 2022-Q3, in October 2023-Q3
    if quarter and anchor.month and not _ended(anchor, quarter * 3):
        return anchor.year - 1
    if half and anchor.month and not _ended(anchor, half * 6):
        return anchor.year - 1
    return anchor.year


_LATEST_QUARTER = rx(r"\b(?:the\s+)?last\s+quarter\b"
                      r"(?!\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?(?:19|20)\d\d)")


def _latest_quarter(anchor: Anchor) -> str:
    """The latest calendar quarter that has ended by the anchor."""
    assert anchor.month is not None
    q = _q_from_month(anchor.month)
    if _ended(anchor, q * 3):
        return f"{anchor.year}-Q{q}"
    return f"{anchor.year}-Q{q - 1}" if q > 1 else f"{anchor.year - 1}-Q4"


_LATEST_HALF = rx(r"\b(?:half-year(?:ly)?|interim)\s+(?=(?:[\w-]+\s+){0,2}?(?:sales|revenues?|profits?|results|"
                  r"earnings|income|loss))")
_QUARTERLY = rx(r"\bquarterly\s+(?=(?:[\w-]+\s+){0,2}?(?:sales|revenues?|profits?|results|earnings|income|loss|"
                r"shipments))")


def _latest_half(anchor: Anchor) -> str:
    """The latest half year that has ended by the anchor."""
    assert anchor.month is not None
    if _ended(anchor, 12):
        return f"{anchor.year}-H2"
    return f"{anchor.year}-H1" if _ended(anchor, 6) else f"{anchor.year - 1}-H2"


def _ended(anchor: Anchor, last_month: int) -> bool:
    """Whether the period ending with ``last_month`` of the anchor's year has ended by it."""
    assert anchor.month is not None
    if anchor.month != last_month:
        return anchor.month > last_month
    return anchor.day is not None and anchor.day >= calendar.monthrange(anchor.year, last_month)[1]


# Each period rule: a pattern and how to read one of its matches against the publication date
# (None: the match names no calendar period, and leaves its text to the rules after it).
PeriodReader = Callable[[re.Match[str], "Anchor | None"], "str | None"]


def _year_of_month(m: re.Match[str], month: int, anchor: Anchor | None) -> int | None:
    """The year the match states, else that of the latest such month by publication."""
    if m["y"]:
        return int(m["y"])
    return anchor.year_for(month) if anchor else None


def _ended_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the three months ended June 30", "the year to December": the period that ends there."""
    mo = month_of(m)
    y = _year_of_month(m, mo, anchor)
    if y is None:
        return None
    return _period_ending(y, mo, _WORD_N.get((m["n"] or "").lower(), 12 if m["year"] else 3))


def _month_range_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"April-June", "from October to December": the quarter, half or year those months make."""
    m1, m2 = month_of(m, "m1"), month_of(m, "m2")
    y = _year_of_month(m, m2, anchor)
    return _period_ending(y, m2, (m2 - m1) % 12 + 1) if y is not None else None


def _month_span_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    if "may" in (m["m1"], m["m2"]):
        return None  # the verb "may"
    return _month_range_period(m, anchor)


def _month_quarter_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the December quarter": the quarter that ends that month."""
    mo = month_of(m)
    if mo % 3 or m["m"] == "may":
        return None
    y = int(m["y"]) if m["y"] else (_year_ended(mo, anchor) if anchor else None)
    return f"{y}-Q{mo // 3}" if y else None


def _months_of_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the first six months of 2021", "the last three months": a quarter, half or year; not "the
    first three months of its fiscal year", which names no calendar period."""
    if re.match(r"\s+of\s+(?:its|the|their|the company's)\s+(?:[\w-]+\s+)?(?:fiscal|financial|business)\b",
                m.string[m.end():]):
        return None
    n = _WORD_N[m["n"].lower()]
    y = _year(m, anchor, quarter=1 if n == 3 else None)
    if y is None:
        return None
    quarter, half = ("Q1", "H1") if m["which"].lower() == "first" else ("Q4", "H2")
    return {3: f"{y}-{quarter}", 6: f"{y}-{half}", 12: f"{y}"}.get(n)


_OF_A_FISCAL_YEAR = re.compile(r"\s+of\s+(?:the|its|their|[\w.&-]+['’]s?)\s+(?:fiscal|financial)\s+year\b", re.I)


def _quarter_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the third quarter", "Q3 2021"; fiscal quarters are not calendar quarters."""
    if m["fiscal"] or m.groupdict().get("fiscal0") or _OF_A_FISCAL_YEAR.match(m.string, m.end()):
        return None  # ("the fourth quarter of the fiscal year", "of its fiscal year")
    q = int(m["q"]) if m["q"].isdigit() else ORDINALS[m["q"].lower()]
    y = _year(m, anchor, quarter=q)
    return f"{y}-Q{q}" if y else None


def _half_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the first half", "H2 2023"."""
    h = int(m["h"]) if m["h"].isdigit() else 1 if m["h"].lower() in ("first", "1st") else 2
    y = _year(m, anchor, half=h)
    return f"{y}-H{h}" if y else None


def _full_year_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"full-year 2024", "2024 annual"; a fiscal year by the year its company names it for ("fiscal
    2025"), not when a part of it is meant ("the first quarter of their fiscal 2025")."""
    fiscal = "fiscal" in m.group(0).lower() or m.group(0).upper().startswith("FY")
    if fiscal and _PART_OF.search(m.string, max(0, m.start() - 60), m.start()):
        return None
    return m["y"] or m["y2"] or m["y3"]


def _split_year(m: re.Match[str]) -> str | None:
    """"2024/25" -> 2025; not two years that do not follow each other ("2019-21")."""
    start = int(m["y"])
    end = start - start % 100 + int(m["yy"]) + (100 if int(m["yy"]) < start % 100 else 0)
    return str(end) if end == start + 1 else None


# a part of a year named before the year: "the first quarter of their", "the third quarter of the company's"
_PART_OF = re.compile(r"\b(?:quarter|half|months|period)\s+of\s+(?:(?:its|their|the)\s+)?(?:[\w.&-]+['’]s?\s+)?$")


def _in_month_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    if the_verb_may(m):
        return None
    mo = month_of(m)
    y = _year_of_month(m, mo, anchor)
    return f"{y}-{mo:02d}" if y else None


# the periods a sentence names, most specific first
_PERIOD_RULES: tuple[tuple[re.Pattern[str], PeriodReader], ...] = (
    (_ENDED, _ended_period),
    (_MONTH_RANGE, _month_range_period),
    (_IN_MONTH_RANGE, _month_range_period),
    (_MONTH_SPAN, _month_span_period),
    (_MONTH_QUARTER, _month_quarter_period),
    (_MONTHS_OF, _months_of_period),
    # "in the last quarter": the latest that has ended
    (_LATEST_QUARTER, lambda m, anchor: _latest_quarter(anchor) if anchor and anchor.month else None),
    (_QUARTER, _quarter_period),
    (_QN, _quarter_period),
    (_NQ, lambda m, anchor: f"{2000 + int(m['yy'])}-Q{m['q']}"),
    (_HALF, _half_period),
    (_HN, _half_period),
    # "half-year sales", "quarterly revenue": the latest that has ended
    (_LATEST_HALF, lambda m, anchor: _latest_half(anchor) if anchor and anchor.month else None),
    (_QUARTERLY, lambda m, anchor: _latest_quarter(anchor) if anchor and anchor.month else None),
)
# read after the comparisons are set aside, so that "of 2017" in "the same period of 2017" is no year
_YEAR_AND_MONTH_RULES: tuple[tuple[re.Pattern[str], PeriodReader], ...] = (
    (_SPLIT_YEAR, lambda m, anchor: _split_year(m)),
    (_FULL_YEAR, _full_year_period),
    (_IN_MONTH, _in_month_period),
    (_IN_YEAR, lambda m, anchor: m["y"]),
)


# the patterns whose stretches of months may make no period: "the first nine months", "nine months to
# September", "January-September", "in January-August"
_STRETCHES = frozenset({_MONTHS_OF, _ENDED, _MONTH_RANGE, _IN_MONTH_RANGE})


def _back_references(last: str) -> tuple[tuple[re.Pattern[str], PeriodReader], ...]:
    """"over the year", "the quarter", "this period": the period the article was talking about."""
    def same_unit(m: re.Match[str], anchor: Anchor | None) -> str | None:
        unit = m["u"].lower()
        if unit == "period" or (unit == "quarter" and "-Q" in last) or (unit == "year" and len(last) == 4):
            return last
        return None

    return ((_OVER_THE_YEAR, lambda m, anchor: last[:4]), (_THE_QUARTER, same_unit))


def _read_periods(text: str, anchor: Anchor | None, rules: tuple[tuple[re.Pattern[str], PeriodReader], ...],
                  taken: Spans, out: list[Period]) -> None:
    """Append to ``out`` the periods ``rules`` read in text no rule before them took."""
    for pattern, read in rules:
        for m in pattern.finditer(text):
            period = read(m, anchor)
            if period and taken.claim(m.span()):
                out.append(Period(m.start(), m.end(), period))
            elif not period and pattern in _STRETCHES:
                year = _stretch_year(m, anchor)
                if year is not None and taken.claim(m.span()):
                    out.append(Period(m.start(), m.end(), year, stretch=True))


def _stretch_year(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """The year of a stretch of months that makes no quarter, half or year ("the first nine months
    of 2024", "January-September"); None for what names no stretch of a calendar year."""
    names = {k: v for k, v in m.groupdict().items() if v}
    if "n" in names and names["n"].lower() != "nine":
        return None  # ("the first three months of its fiscal year": a fiscal quarter, left to the rest)
    if "m1" in names and ("may" in (names["m1"], names.get("m2")) or month_of(m, "m1") > month_of(m, "m2")):
        return None
    if "y" in names:
        return names["y"]
    return str(anchor.year) if anchor else None


def _comparison_period(m: re.Match[str], named: list[Period], last: str | None,
                       anchor: Anchor | None) -> str | None:
    """What a comparison ("a year earlier", "the same period of 2017") refers to: the period
    before the one named last before it in the sentence, else before the one talked about."""
    # (not a period itself named as a base: "down 2% from the third quarter of 2023 but up 7% from the
    # preceding quarter's 17.4 billion" counts back from the period reported)
    before = [p for p in named if p.end <= m.start() and not p.comparison and not _compared(m.string, p)]
    base = max(before, key=lambda p: p.start).period if before else last
    if m["cy"]:
        return f"{m['cy']}{base[4:]}" if base else m["cy"]
    return _previous(base, m.group(0).lower(), anchor)


def _the_year_before(text: str, m: re.Match[str], last: str | None) -> bool:
    """"Revenue rose 16.2% last year to X" in a story of years: the year before publication, the
    one reported, not a base of comparison ("up from X last year" and, in a story of quarters,
    "last year" are bases)."""
    return (m.group(0).lower() == "last year" and (last is None or len(last) == 4)
            and not _compared(text, Period(m.start(), m.end(), "", True)))


# every rule's words hold one of these: a sentence with none names no period (and is read fast)
_MAY_NAME_A_PERIOD = re.compile(r"\d|quarter|half|year|month|period|fiscal|annual|interim|"
                                r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)


def find_periods(text: str, anchor: Anchor | None, *, last: str | None = None) -> list[Period]:
    """Reporting periods named in ``text``.

    ``last`` is the period the article was talking about before this sentence: "the
    quarter" and "this period" refer back to it. Fiscal quarters are mapped to calendar
    periods only when the text gives the end date; otherwise they are left out.
    """
    out: list[Period] = []
    if not _MAY_NAME_A_PERIOD.search(text):
        return out
    taken = Spans()
    _read_periods(text, anchor, _PERIOD_RULES, taken, out)
    # "for the six months ended June 30, down 11% from HK$3.6 billion a year earlier": a
    # comparison takes its text now, and is resolved once every other period is known
    pending = [m for m in _COMPARISON.finditer(text) if taken.claim(m.span())]
    _read_periods(text, anchor, _YEAR_AND_MONTH_RULES, taken, out)
    if last:
        _read_periods(text, anchor, _back_references(last), taken, out)
    elif anchor and anchor.month:  # "for the quarter" with no quarter named before: the latest ended
        _read_periods(text, anchor, _back_references(_latest_quarter(anchor)), taken, out)
    for m in pending:
        if anchor is not None and _the_year_before(text, m, last):
            out.append(Period(m.start(), m.end(), str(anchor.year - 1)))
            continue
        value = _comparison_period(m, out, last, anchor)
        if value:
            out.append(Period(m.start(), m.end(), value, True))
    out = [Period(p.start, p.end, p.period, True) if not p.comparison and _compared(text, p) else p for p in out]
    out.sort(key=lambda p: p.start)
    return out


_COMPARED = re.compile(r"\b(?:than|from|compared (?:with|to)|versus|vs\.?|against|over|on|below|above)\s+"
                       r"(?:in\s+|the\s+|during\s+|for\s+|that\s+of\s+)*$|"
                       r"\b(?:than|from|compared (?:with|to)|versus|vs\.?|above|below)\s+(?:the\s+|a\s+)?"
                       r"(?:about\s+|around\s+)?"
                       r"\S*\d\S*(?:\s+[a-z]+){0,3}?(?:\s+(?:in|during|for|of)(?:\s+the)?)?\s+$", re.I)


def _period_ending(year: int, month: int, months: int) -> str | None:
    if months == 3:
        return f"{year}-Q{_q_from_month(month)}" if month % 3 == 0 else None
    if months == 6:
        return f"{year}-H{1 if month == 6 else 2}" if month in (6, 12) else None
    if months == 12:  # a fiscal year is named by the calendar year in which it ends
        return f"{year}"
    return None


def _compared(text: str, p: Period) -> bool:
    """A period named as the base of a comparison ("up 5% from the third quarter"); "over the
    year" is a span of time, not a comparison."""
    m = _COMPARED.search(text[max(0, p.start - 60):p.start])
    if m is None:
        return False
    return not (m.group(0).lower().startswith("over") and text[p.start:p.end].lower().startswith("the "))


def _year_ended(month: int, anchor: Anchor) -> int:
    """The year of the latest period ending in ``month`` that had ended by publication."""
    return anchor.year if not anchor.month or _ended(anchor, month) else anchor.year - 1


def _previous(last: str | None, phrase: str, anchor: Anchor | None) -> str | None:
    """The period a year (or quarter) before ``last``: "the same period last year"."""
    if re.match(r"(?:twelve|12)\s+months", phrase):  # "twelve months before": a year before
        phrase = "a year " + phrase
    elif "quarter" in phrase and any(w in phrase for w in ("previous", "prior", "preceding", "a quarter")) or (
            "months" in phrase):
        if last and "-Q" in last:
            y, q = int(last[:4]), int(last[-1])
            return f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"
        return None
    if last:
        return f"{int(last[:4]) - 1}{last[4:]}"
    if anchor and ("last year" in phrase or "a year" in phrase):
        return f"{anchor.year - 1}"
    return None


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day of a period: ``2021-Q1`` → ('2021-01-01', '2021-03-31')."""
    y = int(period[:4])
    if len(period) == 4:
        return f"{y}-01-01", f"{y}-12-31"
    tail = period[5:]
    if tail.startswith("Q"):
        q = int(tail[1])
        first, last = 3 * q - 2, 3 * q
    elif tail.startswith("H"):
        h = int(tail[1])
        first, last = 6 * h - 5, 6 * h
    else:
        first = last = int(tail)
    end_day = calendar.monthrange(y, last)[1]
    return f"{y}-{first:02d}-01", f"{y}-{last:02d}-{end_day:02d}"
