"""Dates and reporting periods in text, resolved against the publication date.

A date keeps the precision the text supports. Without an anchor (no publication date),
anything that needs one — a day without a year, "today", "last Friday" — is left out
rather than guessed.

>>> anchor = Anchor.parse("2021-05")
>>> [str(d.value) for d in find_dates("A first victory was achieved on March 15.", anchor)]
['2021-03-15']
>>> [str(d.value) for d in find_dates("It was declared undesirable on January 15 by the president.", Anchor.parse("2021-03"))]
['2021-01-15']
>>> find_periods("the quarterly results for the first three months of 2021", anchor)[0].period
'2021-Q1'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.models import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# a month as the text may write it, full or abbreviated (the longer spelling first)
MONTH_NAMES = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
_MONTH = r"(?P<{}>" + MONTH_NAMES + r")\.?"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "final": 4, "last": 4}
_YEAR = r"(?P<{}>(?:19|20)\d\d)"


@dataclass(frozen=True)
class Anchor:
    """The publication date, at its own precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, iso: str | None) -> Anchor | None:
        if not iso:
            return None
        parts = [int(p) for p in iso.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    @property
    def value(self) -> DateValue:
        if self.day:
            return DateValue(f"{self.year:04d}-{self.month:02d}-{self.day:02d}")
        if self.month:
            return DateValue(f"{self.year:04d}-{self.month:02d}")
        return DateValue(f"{self.year:04d}")

    def year_for(self, month: int) -> int:
        """The year of a month named without one: this year, unless that would be in the future."""
        if self.month and month > self.month:
            return self.year - 1
        return self.year


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: DateValue


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    period: str  # 2021, 2021-Q1, 2021-H1, 2021-03
    comparison: bool = False  # "the same period last year", "a year ago"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_FULL = _rx(r"\b" + _MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR.format("y") + r"\b")
_FULL_DMY = _rx(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("m") + r",?\s+" + _YEAR.format("y") + r"\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
_MONTH_DAY = _rx(r"\b" + _MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|per|million|billion|,\s*\d{4}))")
_DAY_MONTH = _rx(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("m") + r"\b")
_MONTH_YEAR = _rx(r"\b" + _MONTH.format("m") + r"\s+(?:of\s+)?" + _YEAR.format("y") + r"\b")
_MONTH_LAST_YEAR = _rx(r"\b" + _MONTH.format("m") + r"\s+last\s+year\b")
_MONTH_ONLY = _rx(r"\b(?:in|since|from|until|of|early|late|end of)\s+(?:early\s+|late\s+|mid-?)?" + _MONTH.format("m") + r"\b")
_YEAR_ONLY = _rx(r"(?<![\d.,$€£¥-])\b" + _YEAR.format("y") + r"\b(?![\d.,]\d|\s*(?:%|per ?cent))")
_NTH = _rx(r"\b(?:on|from)\s+the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:" + "|".join(MONTHS) + r"))")
_REL_DAY = _rx(r"\b(?P<w>today|yesterday|this week|this month|earlier this month|last month|last year|this year)\b")
_WEEKDAY = _rx(r"\b(?:last|on)\s+(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _day(y: int, m: int, d: int) -> DateValue:
    return DateValue(f"{y:04d}-{m:02d}-{d:02d}")


def _month(y: int, m: int) -> DateValue:
    return DateValue(f"{y:04d}-{m:02d}")


def _month_of(m: re.Match[str], group: str = "m") -> int:
    return MONTHS[m[group].lower()]


def _the_verb_may(m: re.Match[str]) -> bool:
    """"may" in lower case is the verb, not the month."""
    return m["m"].lower() == "may" and not m["m"][0].isupper()


class _Spans:
    """The stretches of text already read: a later, less precise rule may not read them again."""

    def __init__(self) -> None:
        self._taken: list[tuple[int, int]] = []

    def claim(self, span: tuple[int, int]) -> bool:
        """Take ``span`` unless it overlaps one already taken; whether it was free."""
        s, e = span
        if any(s < te and ts < e for ts, te in self._taken):
            return False
        self._taken.append(span)
        return True


# Each date rule: a pattern and how to read one of its matches against the publication date
# (None: the match dates nothing, and leaves its text to the rules after it).
DateReader = Callable[[re.Match[str], "Anchor | None"], "DateValue | None"]


def _full_date(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    y, mo, d = int(m["y"]), _month_of(m), int(m["d"])
    return _day(y, mo, d) if _valid(y, mo, d) else None


def _month_last_year(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    return _month(anchor.year - 1, _month_of(m)) if anchor else None


def _day_of_month(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    """"March 15", "15 March": that day in the latest such month by publication."""
    if _the_verb_may(m) or anchor is None:
        return None
    mo, d = _month_of(m), int(m["d"])
    y = anchor.year_for(mo)
    return _day(y, mo, d) if _valid(y, mo, d) else None


def _month_alone(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    """"in March": the latest March by publication."""
    if _the_verb_may(m) or anchor is None:
        return None
    mo = _month_of(m)
    return _month(anchor.year_for(mo), mo)


# most precise first: a day with its year, then a day or month read against publication, a year last
_DATE_RULES: tuple[tuple[re.Pattern[str], DateReader], ...] = (
    (_ISO, lambda m, anchor: DateValue(m.group(0))),
    (_FULL, _full_date),
    (_FULL_DMY, _full_date),
    (_MONTH_LAST_YEAR, _month_last_year),
    (_MONTH_YEAR, lambda m, anchor: _month(int(m["y"]), _month_of(m))),
    (_MONTH_DAY, _day_of_month),
    (_DAY_MONTH, _day_of_month),
    (_MONTH_ONLY, _month_alone),
    (_NTH, lambda m, anchor: _nth_day(int(m["d"]), anchor)),
    (_REL_DAY, lambda m, anchor: _relative(m["w"].lower(), anchor)),
    (_WEEKDAY, lambda m, anchor: _weekday(m["w"].lower(), anchor)),
    (_YEAR_ONLY, lambda m, anchor: DateValue(m["y"])),
)


def find_dates(text: str, anchor: Anchor | None) -> list[Found]:
    """Every date expression in ``text`` (a sentence), most precise reading first, no overlaps."""
    found: list[Found] = []
    taken = _Spans()
    for rx, read in _DATE_RULES:
        for m in rx.finditer(text):
            value = read(m, anchor)
            if value is not None and taken.claim(m.span()):
                found.append(Found(m.start(), m.end(), value))
    found.sort(key=lambda f: f.start)
    return found


def _nth_day(day: int, anchor: Anchor | None) -> DateValue | None:
    """'on the 15th' in a dated article: that day of the publication month (or the month before)."""
    if anchor is None or not anchor.month or not anchor.day:
        return None
    y, m = anchor.year, anchor.month
    if day > anchor.day:
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return _day(y, m, day) if _valid(y, m, day) else None


def _relative(word: str, anchor: Anchor | None) -> DateValue | None:
    """"today", "last month", "this year": read against publication, at the precision it has."""
    if anchor is None:
        return None
    if word == "last year":
        return DateValue(f"{anchor.year - 1:04d}")
    if word == "this year":
        return DateValue(f"{anchor.year:04d}")
    if word == "last month":
        if not anchor.month:
            return None
        y, m = (anchor.year, anchor.month - 1) if anchor.month > 1 else (anchor.year - 1, 12)
        return _month(y, m)
    if word in ("this month", "earlier this month", "this week"):
        return Anchor(anchor.year, anchor.month).value if anchor.month else None
    if word == "today":
        return anchor.value if anchor.month else None
    if word == "yesterday":
        if not anchor.day:
            return None
        day = dt.date(anchor.year, anchor.month or 1, anchor.day) - dt.timedelta(days=1)
        return DateValue(day.isoformat())
    return None


def _weekday(name: str, anchor: Anchor | None) -> DateValue | None:
    """'last Friday' / 'on Monday': the most recent such day on or before publication."""
    if anchor is None or not anchor.day or not anchor.month:
        return None
    pub = dt.date(anchor.year, anchor.month, anchor.day)
    back = (pub.weekday() - WEEKDAYS[name]) % 7
    return DateValue((pub - dt.timedelta(days=back)).isoformat())


_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_LATER = _rx(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
             r"(?P<u>day|week|month|year)s?\s+later\b")
_THAT_YEAR = _rx(r"\b" + _MONTH.format("m") + r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?that\s+year\b")


def find_dates_after(text: str, anchor: Anchor | None, previous: DateValue | None) -> list[Found]:
    """:func:`find_dates`, with dates stated relative to an earlier sentence's date resolved
    against ``previous``: "A year later" after "in December 2020" is 2021-12, "three days later"
    after Oct. 23 is Oct. 26, "in December of that year" and "on Nov. 30 that year" take
    ``previous``'s year. Without ``previous`` such phrases date nothing.

    >>> [str(d.value) for d in find_dates_after("Three months later Congress acted.", None, DateValue("2017-09"))]
    ['2017-12']
    """
    found = find_dates(text, anchor)
    if previous is None:
        return found
    extra: list[Found] = []
    for m in _LATER.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else _COUNT[m["n"].lower()]
        value = _shift(previous, n, m["u"].lower())
        if value is not None:
            extra.append(Found(m.start(), m.end(), value))
    y = int(previous.iso[:4])
    for m in _THAT_YEAR.finditer(text):
        mo = _month_of(m)
        if m["d"] and _valid(y, mo, int(m["d"])):
            extra.append(Found(m.start(), m.end(), _day(y, mo, int(m["d"]))))
        elif not m["d"]:
            extra.append(Found(m.start(), m.end(), _month(y, mo)))
    if not extra:
        return found
    kept = [f for f in found if not any(f.start < x.end and x.start < f.end for x in extra)]
    return sorted(kept + extra, key=lambda f: f.start)


def _shift(value: DateValue, n: int, unit: str) -> DateValue | None:
    """``value`` moved ``n`` units later, at its own precision; None when it is too coarse."""
    parts = [int(p) for p in value.iso.split("-")]
    if unit == "year":
        parts[0] += n
    elif unit == "month" and len(parts) >= 2:
        months = parts[0] * 12 + parts[1] - 1 + n
        parts[0], parts[1] = divmod(months, 12)
        parts[1] += 1
        if len(parts) == 3:
            parts[2] = min(parts[2], calendar.monthrange(parts[0], parts[1])[1])
    elif unit in ("day", "week") and len(parts) == 3:
        day = dt.date(*parts) + dt.timedelta(days=n * (7 if unit == "week" else 1))
        return DateValue(day.isoformat())
    else:
        return None
    if len(parts) == 3 and not _valid(*parts):
        parts[2] = calendar.monthrange(parts[0], parts[1])[1]
    return DateValue("-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts)))


# ---------------------------------------------------------------------------- periods

_Q_WORD = r"(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
_QUARTER = _rx(r"\b" + _Q_WORD + r"[\s-]+(?P<fiscal>fiscal\s+)?quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?" + _YEAR.format("y") + r")?")
_QN = _rx(r"\b(?:(?P<fiscal>F(?:Y|iscal\s*)?)\s*)?Q(?P<q>[1-4])(?:\s*(?:of\s+)?(?:FY\s*)?(?P<y>(?:19|20)\d\d))?\b")
_NQ = _rx(r"\b(?P<q>[1-4])Q\s*(?P<yy>\d\d)\b")
_MONTHS_OF = _rx(r"\b(?P<which>first|last|final)\s+(?P<n>three|six|nine|twelve)\s+months(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?" + _YEAR.format("y") + r")?")
_ENDED = _rx(r"\b(?:(?P<n>three|six|nine|twelve)\s+months|quarter|(?P<year>(?:fiscal\s+)?year))\s+(?:that\s+)?(?:ended|ending|to)\s+(?:in\s+|on\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH.format("m") + r"(?:\s+(?P<d>\d{1,2}))?(?:,?\s+" + _YEAR.format("y") + r")?")
_MONTH_RANGE = _rx(r"\b" + _MONTH.format("m1") + r"\s*[-–—/]\s*" + _MONTH.format("m2")
                   + r"(?:\s+(?P<y>(?:19|20)\d\d))?(?:\s+(?:quarter|period|three months|half|six months|months)\b|"
                   # "an April-June net profit of ...": the span names the period of the figure
                   r"(?=\s+(?:(?:net|operating|gross)\s+)?(?:sales|revenues?|profits?|income|earnings|loss(?:es)?|results)\b))")
# "from October to December", "between July and September": a range of whole months
_MONTH_SPAN = _rx(r"\b(?:from\s+|between\s+)?" + _MONTH.format("m1") + r"\s+(?:to|through|until|and)\s+"
                  + _MONTH.format("m2") + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b")
# "the December quarter", "the June 2024 quarter": the quarter that ends in that month
_MONTH_QUARTER = _rx(r"\b" + _MONTH.format("m") + r"(?:\s+(?P<y>(?:19|20)\d\d))?[\s-]+quarter\b")
_HALF = _rx(r"\b(?P<h>first|second|1st|2nd)[\s-]+half(?:\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?" + _YEAR.format("y") + r")?")
_HN = _rx(r"\bH(?P<h>[12])\s*(?P<y>(?:19|20)\d\d)?\b")
_FULL_YEAR = _rx(r"\b(?:full[\s-]year|fiscal(?:\s+year)?|FY|calendar\s+year|whole\s+year|year|annual)\s*(?P<y>(?:19|20)\d\d)\b|\b(?P<y2>(?:19|20)\d\d)\s+(?:full[\s-]year|fiscal\s+year|annual)\b|"
                    # "2023 sales dropped 9%", "its 2022 net profit"
                    r"(?<![\d.,$€£¥-])\b(?P<y3>(?:19|20)\d\d)(?=\s+(?:(?:net|operating|gross)\s+)?(?:sales|revenues?|profits?|"
                    r"income|earnings|turnover|shipments|deliveries|results|loss(?:es)?)\b)")
_IN_YEAR = _rx(r"\b(?:in|for|of)\s+(?:the\s+(?:whole\s+)?(?:year\s+)?)?(?P<y>(?:19|20)\d\d)\b(?!\s*(?:%|,\d))")
_IN_MONTH = _rx(r"\b(?:in|for)\s+" + _MONTH.format("m") + r"(?:\s+" + _YEAR.format("y") + r")?\b")
_COMPARISON = _rx(r"\b(?:(?:the\s+)?same\s+(?:period|quarter|time|months?)\s+(?:of\s+|in\s+)?(?:last\s+year|(?:the\s+)?(?:previous|prior|preceding)\s+year|a\s+year\s+(?:ago|earlier|before)|(?P<cy>(?:19|20)\d\d))|a\s+year\s+(?:ago|earlier|before)|(?:three|3|twelve|12)\s+months\s+(?:earlier|before|ago)|(?:the\s+)?(?:previous|prior|preceding|year-?ago)\s+(?:year|quarter)|(?:the\s+)?year-?ago\s+(?:period|half|months?)|last\s+year)\b")
_THE_QUARTER = _rx(r"\b(?:the|this|that)\s+(?:same\s+)?(?P<u>quarter|period|year)\b")
_OVER_THE_YEAR = _rx(r"\b(?:over|for|during)\s+the\s+(?:full\s+|whole\s+|entire\s+)?year\b(?!\s+(?:before|earlier|ago))")
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


_LATEST_QUARTER = _rx(r"\b(?:the\s+)?last\s+quarter\b"
                      r"(?!\s+(?:of\s+)?(?:the\s+)?(?:fiscal\s+)?(?:year\s+)?(?:19|20)\d\d)")


def _latest_quarter(anchor: Anchor) -> str:
    """The latest calendar quarter that has ended by the anchor."""
    assert anchor.month is not None
    q = _q_from_month(anchor.month)
    if _ended(anchor, q * 3):
        return f"{anchor.year}-Q{q}"
    return f"{anchor.year}-Q{q - 1}" if q > 1 else f"{anchor.year - 1}-Q4"


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
    mo = _month_of(m)
    y = _year_of_month(m, mo, anchor)
    if y is None:
        return None
    return _period_ending(y, mo, _WORD_N.get((m["n"] or "").lower(), 12 if m["year"] else 3))


def _month_range_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"April-June", "from October to December": the quarter, half or year those months make."""
    m1, m2 = _month_of(m, "m1"), _month_of(m, "m2")
    y = _year_of_month(m, m2, anchor)
    return _period_ending(y, m2, (m2 - m1) % 12 + 1) if y is not None else None


def _month_span_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    if "may" in (m["m1"], m["m2"]):
        return None  # the verb "may"
    return _month_range_period(m, anchor)


def _month_quarter_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the December quarter": the quarter that ends that month."""
    mo = _month_of(m)
    if mo % 3 or m["m"] == "may":
        return None
    y = int(m["y"]) if m["y"] else (_year_ended(mo, anchor) if anchor else None)
    return f"{y}-Q{mo // 3}" if y else None


def _months_of_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the first six months of 2021", "the last three months": a quarter, half or year."""
    n = _WORD_N[m["n"].lower()]
    y = _year(m, anchor, quarter=1 if n == 3 else None)
    if y is None:
        return None
    quarter, half = ("Q1", "H1") if m["which"].lower() == "first" else ("Q4", "H2")
    return {3: f"{y}-{quarter}", 6: f"{y}-{half}", 12: f"{y}"}.get(n)


def _quarter_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the third quarter", "Q3 2021"; fiscal quarters are not calendar quarters."""
    if m["fiscal"]:
        return None
    q = int(m["q"]) if m["q"].isdigit() else ORDINALS[m["q"].lower()]
    y = _year(m, anchor, quarter=q)
    return f"{y}-Q{q}" if y else None


def _half_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    """"the first half", "H2 2023"."""
    h = int(m["h"]) if m["h"].isdigit() else 1 if m["h"].lower() in ("first", "1st") else 2
    y = _year(m, anchor, half=h)
    return f"{y}-H{h}" if y else None


def _full_year_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    if "fiscal" in m.group(0).lower() or m.group(0).upper().startswith("FY"):
        return None  # a fiscal year is not the calendar year
    return m["y"] or m["y2"] or m["y3"]


def _in_month_period(m: re.Match[str], anchor: Anchor | None) -> str | None:
    if _the_verb_may(m):
        return None
    mo = _month_of(m)
    y = _year_of_month(m, mo, anchor)
    return f"{y}-{mo:02d}" if y else None


# the periods a sentence names, most specific first
_PERIOD_RULES: tuple[tuple[re.Pattern[str], PeriodReader], ...] = (
    (_ENDED, _ended_period),
    (_MONTH_RANGE, _month_range_period),
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
)
# read after the comparisons are set aside, so that "of 2017" in "the same period of 2017" is no year
_YEAR_AND_MONTH_RULES: tuple[tuple[re.Pattern[str], PeriodReader], ...] = (
    (_FULL_YEAR, _full_year_period),
    (_IN_MONTH, _in_month_period),
    (_IN_YEAR, lambda m, anchor: m["y"]),
)


def _back_references(last: str) -> tuple[tuple[re.Pattern[str], PeriodReader], ...]:
    """"over the year", "the quarter", "this period": the period the article was talking about."""
    def same_unit(m: re.Match[str], anchor: Anchor | None) -> str | None:
        unit = m["u"].lower()
        if unit == "period" or (unit == "quarter" and "-Q" in last) or (unit == "year" and len(last) == 4):
            return last
        return None

    return ((_OVER_THE_YEAR, lambda m, anchor: last[:4]), (_THE_QUARTER, same_unit))


def _read_periods(text: str, anchor: Anchor | None, rules: tuple[tuple[re.Pattern[str], PeriodReader], ...],
                  taken: _Spans, out: list[Period]) -> None:
    """Append to ``out`` the periods ``rules`` read in text no rule before them took."""
    for rx, read in rules:
        for m in rx.finditer(text):
            period = read(m, anchor)
            if period and taken.claim(m.span()):
                out.append(Period(m.start(), m.end(), period))


def _comparison_period(m: re.Match[str], named: list[Period], last: str | None,
                       anchor: Anchor | None) -> str | None:
    """What a comparison ("a year earlier", "the same period of 2017") refers to: the period
    before the one named last before it in the sentence, else before the one talked about."""
    before = [p for p in named if p.end <= m.start() and not p.comparison]
    base = max(before, key=lambda p: p.start).period if before else last
    if m["cy"]:
        return f"{m['cy']}{base[4:]}" if base else m["cy"]
    return _previous(base, m.group(0).lower(), anchor)


def find_periods(text: str, anchor: Anchor | None, *, last: str | None = None) -> list[Period]:
    """Reporting periods named in ``text``.

    ``last`` is the period the article was talking about before this sentence: "the
    quarter" and "this period" refer back to it. Fiscal quarters are mapped to calendar
    periods only when the text gives the end date; otherwise they are left out.
    """
    out: list[Period] = []
    taken = _Spans()
    _read_periods(text, anchor, _PERIOD_RULES, taken, out)
    # "for the six months ended June 30, down 11% from HK$3.6 billion a year earlier": a
    # comparison takes its text now, and is resolved once every other period is known
    pending = [m for m in _COMPARISON.finditer(text) if taken.claim(m.span())]
    _read_periods(text, anchor, _YEAR_AND_MONTH_RULES, taken, out)
    if last:
        _read_periods(text, anchor, _back_references(last), taken, out)
    for m in pending:
        value = _comparison_period(m, out, last, anchor)
        if value:
            out.append(Period(m.start(), m.end(), value, True))
    out = [Period(p.start, p.end, p.period, True) if not p.comparison and _compared(text, p) else p for p in out]
    out.sort(key=lambda p: p.start)
    return out


_COMPARED = re.compile(r"\b(?:than|from|compared (?:with|to)|versus|vs\.?|against|over|on|below|above)\s+"
                       r"(?:in\s+|the\s+|during\s+|for\s+|that\s+of\s+)*$|"
                       r"\b(?:than|from|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+|a\s+)?(?:about\s+|around\s+)?"
                       r"\S*\d\S*(?:\s+[a-z]+){0,3}?(?:\s+(?:in|during|for|of)(?:\s+the)?)?\s+$", re.I)


def _period_ending(year: int, month: int, months: int) -> str | None:
    if months == 3:
        return f"{year}-Q{_q_from_month(month)}" if month % 3 == 0 else None
    if months == 6:
        return f"{year}-H{1 if month == 6 else 2}" if month in (6, 12) else None
    if months == 12:
        return f"{year}" if month == 12 else None
    return None


def _compared(text: str, p: Period) -> bool:
    """A period named as the base of a comparison ("up 5% from the third quarter"); "over the
    year" is a span of time, not a comparison."""
    m = _COMPARED.search(text[max(0, p.start - 60):p.start])
    return bool(m) and not (m.group(0).lower().startswith("over") and text[p.start:p.end].lower().startswith("the "))


def _year_ended(month: int, anchor: Anchor) -> int:
    """The year of the latest period ending in ``month`` that had ended by publication."""
    return anchor.year if not anchor.month or _ended(anchor, month) else anchor.year - 1


def _previous(last: str | None, phrase: str, anchor: Anchor | None) -> str | None:
    """The period a year (or quarter) before ``last``: "the same period last year"."""
    if re.match(r"(?:twelve|12)\s+months", phrase):  # "twelve months before": a year before
        phrase = "a year " + phrase
    elif "quarter" in phrase and ("previous" in phrase or "prior" in phrase or "preceding" in phrase) or (
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
