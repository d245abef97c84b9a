"""Dates in text, resolved against the publication date.

A date keeps the precision the text supports. Without an anchor (no publication date),
anything that needs one — a day without a year, "today", "last Friday" — is left out
rather than guessed. Reporting periods are read by :mod:`kg.extract.periods` (exported here too).

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

from kg.extract.date_terms import MONTH, MONTHS, WEEKDAYS, YEAR, Anchor, Spans, month_of, rx, the_verb_may
from kg.extract.periods import Period, find_periods, period_bounds
from kg.models import DateValue

__all__ = ["Anchor", "Found", "Period", "find_dates", "find_dates_after", "find_periods", "period_bounds"]


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: DateValue


_FULL = rx(r"\b" + MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+" + YEAR.format("y") + r"\b")
_FULL_DMY = rx(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH.format("m") + r",?\s+" + YEAR.format("y") + r"\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
_MONTH_DAY = rx(r"\b" + MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|per|million|billion|,\s*\d{4}))")
_DAY_MONTH = rx(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH.format("m") + r"\b")
_MONTH_YEAR = rx(r"\b" + MONTH.format("m") + r"\s+(?:of\s+)?" + YEAR.format("y") + r"\b")
_MONTH_LAST_YEAR = rx(r"\b" + MONTH.format("m") + r"\s+last\s+year\b")
_DAY_LAST_YEAR = rx(r"\b" + MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+last\s+year\b")
_MONTH_ONLY = rx(r"\b(?:in|since|from|until|of|early|late|end of)\s+(?:early\s+|late\s+|mid-?)?" + MONTH.format("m") + r"\b")
_YEAR_ONLY = rx(r"(?<![\d.,$€£¥-])\b" + YEAR.format("y") + r"\b(?![\d.,]\d|\s*(?:%|per ?cent))")
_NTH = rx(r"\b(?:on|from)\s+the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:" + "|".join(MONTHS) + r"))")
_REL_DAY = rx(r"\b(?P<w>today|yesterday|this week|this month|earlier this month|last month|last year|this year)\b")
_WEEKDAY = rx(r"\b(?:last|on)\s+(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


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


# Each date rule: a pattern and how to read one of its matches against the publication date
# (None: the match dates nothing, and leaves its text to the rules after it).
DateReader = Callable[[re.Match[str], "Anchor | None"], "DateValue | None"]


def _full_date(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    y, mo, d = int(m["y"]), month_of(m), int(m["d"])
    return _day(y, mo, d) if _valid(y, mo, d) else None


def _month_last_year(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    return _month(anchor.year - 1, month_of(m)) if anchor else None


def _day_last_year(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    """"Feb. 1 last year": that day of the year before publication."""
    if anchor is None:
        return None
    d, mo = int(m["d"]), month_of(m)
    return _day(anchor.year - 1, mo, d) if _valid(anchor.year - 1, mo, d) else None


def _day_of_month(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    """"March 15", "15 March": that day in the latest such month by publication."""
    if the_verb_may(m) or anchor is None:
        return None
    mo, d = month_of(m), int(m["d"])
    y = anchor.year_for(mo)
    return _day(y, mo, d) if _valid(y, mo, d) else None


def _month_alone(m: re.Match[str], anchor: Anchor | None) -> DateValue | None:
    """"in March": the latest March by publication."""
    if the_verb_may(m) or anchor is None:
        return None
    mo = month_of(m)
    return _month(anchor.year_for(mo), mo)


# most precise first: a day with its year, then a day or month read against publication, a year last
_DATE_RULES: tuple[tuple[re.Pattern[str], DateReader], ...] = (
    (_ISO, lambda m, anchor: DateValue(m.group(0))),
    (_FULL, _full_date),
    (_FULL_DMY, _full_date),
    (_DAY_LAST_YEAR, _day_last_year),
    (_MONTH_LAST_YEAR, _month_last_year),
    (_MONTH_YEAR, lambda m, anchor: _month(int(m["y"]), month_of(m))),
    (_MONTH_DAY, _day_of_month),
    (_DAY_MONTH, _day_of_month),
    (_MONTH_ONLY, _month_alone),
    (_NTH, lambda m, anchor: _nth_day(int(m["d"]), anchor)),
    (_REL_DAY, lambda m, anchor: _relative(m["w"].lower(), anchor)),
    (_WEEKDAY, lambda m, anchor: _weekday(m["w"].lower(), anchor)),
    (_YEAR_ONLY, lambda m, anchor: DateValue(m["y"])),
)


# every rule's words hold one of these (weekdays end in "day"): a sentence with none names no date
_MAY_NAME_A_DATE = re.compile(r"\d|day|week|month|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)


def find_dates(text: str, anchor: Anchor | None) -> list[Found]:
    """Every date expression in ``text`` (a sentence), most precise reading first, no overlaps."""
    found: list[Found] = []
    if not _MAY_NAME_A_DATE.search(text):
        return found
    taken = Spans()
    for pattern, read in _DATE_RULES:
        for m in pattern.finditer(text):
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
_LATER = rx(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
             r"(?P<u>day|week|month|year)s?\s+(?P<dir>later|earlier)\b")
_THAT_YEAR = rx(r"\b" + MONTH.format("m") + r"(?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?that\s+year\b")


def find_dates_after(text: str, anchor: Anchor | None, previous: DateValue | None) -> list[Found]:
    """:func:`find_dates`, with dates stated relative to an earlier sentence's date resolved
    against ``previous``: "A year later" after "in December 2020" is 2021-12, "three days later"
    after Oct. 23 is Oct. 26, "five months earlier" after July 17, 2024 is 2024-02, "in December of
    that year" and "on Nov. 30 that year" take
    ``previous``'s year. Without ``previous`` such phrases date nothing.

    >>> [str(d.value) for d in find_dates_after("Three months later Congress acted.", None, DateValue("2017-09"))]
    ['2017-12']
    """
    found = find_dates(text, anchor)
    if previous is None:
        return found
    found = [_in_the_story_year(text, f, previous) for f in found]
    extra: list[Found] = []
    for m in _LATER.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else _COUNT[m["n"].lower()]
        # ("Five months earlier": back from the date before, to the month; a month names no day)
        value = _shift(previous, n if m["dir"].lower() == "later" else -n, m["u"].lower())
        if value is not None and m["dir"].lower() == "earlier" and m["u"].lower() in ("month", "year"):
            value = DateValue(value.iso[:7])
        if value is not None:
            extra.append(Found(m.start(), m.end(), value))
    y = int(previous.iso[:4])
    for m in _THAT_YEAR.finditer(text):
        mo = month_of(m)
        if m["d"] and _valid(y, mo, int(m["d"])):
            extra.append(Found(m.start(), m.end(), _day(y, mo, int(m["d"]))))
        elif not m["d"]:
            extra.append(Found(m.start(), m.end(), _month(y, mo)))
    if not extra:
        return found
    kept = [f for f in found if not any(f.start < x.end and x.start < f.end for x in extra)]
    return sorted(kept + extra, key=lambda f: f.start)


def _in_the_story_year(text: str, f: Found, previous: DateValue) -> Found:
    """"The court rejected it on April 1, 2022 ... on April 28 the appeals court dismissed it": a day
    written without its year, right after a day of an earlier year, later in that year, is in it
    (not in the year the publication date gives it)."""
    written = text[f.start:f.end]
    # (not "November 27 last year", whose year is said)
    if f.value.precision != "day" or previous.precision != "day" or re.search(r"\d{4}|\byear\b", written) \
            or not _MONTH_AND_DAY.search(written):
        return f
    y, md, was = int(previous.iso[:4]), f.value.iso[5:], previous.iso[5:]
    if y >= int(f.value.iso[:4]) or md < was:
        return f
    return Found(f.start, f.end, DateValue(f"{y}-{md}"))


_MONTH_AND_DAY = re.compile(r"[A-Z][a-z]+\.?\s+\d{1,2}\b|\b\d{1,2}\s+[A-Z][a-z]+")


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
