"""Values as people write them: ``7.2 bn EUR``, ``12.5 %``, ``31.6 m units``, ``March 2021``.

Pure functions of strings, shared by the web pages, the report and the charts.

>>> format_value("7200000000", "CCY_EUR")
'7.2 bn EUR'
>>> format_value("12.5", "PERCENT")
'12.5 %'
>>> format_value("31600000", "NUM")
'31.6 m units'
>>> format_value("23.4", "PERCENT", "YearOverYear")
'+23.4 % year on year'
>>> format_date("2021-01-15"), format_date("2021-03"), format_period("2021-Q1")
('15 January 2021', 'March 2021', 'Q1 2021')
>>> words("MarketShare"), words("PreliminaryInjunction")
('Market share', 'Preliminary injunction')
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
CHANGES = {"YearOverYear": "year on year", "QuarterOverQuarter": "quarter on quarter"}
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


def number(value: str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(value)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _plain(d: Decimal, places: int = 2) -> str:
    """``9.80`` -> ``9.8``, ``1234567`` -> ``1,234,567``, at most ``places`` decimals."""
    q = d.quantize(Decimal(1).scaleb(-places)) if d != d.to_integral_value() else d.to_integral_value()
    text = f"{q:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def short_number(d: Decimal) -> str:
    """``9800000000`` -> ``9.8 bn``; below a million, the number with thousands separators."""
    sign = "−" if d < 0 else ""
    a = abs(d)
    for scale, name in _SCALES:
        if a >= scale:
            return f"{sign}{_plain(a / scale)} {name}"
    return sign + _plain(a)


def unit_name(unit: str | None) -> str:
    """``CCY_EUR`` -> ``EUR``, ``PERCENT`` -> ``%``, ``NUM`` -> ``units``."""
    if not unit:
        return ""
    if unit.startswith("CCY_"):
        return unit[4:]
    return {"PERCENT": "%", "NUM": "units"}.get(unit, unit)


def format_value(value: str | None, unit: str | None = None, change: str | None = None, *,
                 change_words: bool = True) -> str:
    """The value with its unit; a change is signed and, with ``change_words``, named."""
    d = number(value)
    if d is None:
        return value or ""
    name = unit_name(unit)
    if unit == "PERCENT":
        text = f"{_plain(d)} %".replace("-", "−")
    else:
        text = f"{short_number(d)} {name}".strip()
    if change:
        if d > 0:
            text = "+" + text
        if change_words:
            text += " " + CHANGES.get(change, words(change).lower())
    return text


def words(name: str | None) -> str:
    """A local name in CamelCase as words, the first capitalised."""
    if not name:
        return ""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name) or [name]
    text = " ".join(p if p.isupper() and len(p) > 1 else p.lower() for p in parts)
    return text[:1].upper() + text[1:]


def format_date(value: str | None) -> str:
    """``2021-01-15`` -> ``15 January 2021``; ``2021-03`` -> ``March 2021``; else as given."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m or (m[2] and not 1 <= int(m[2]) <= 12):
        return value
    year, month, day = m[1], m[2], m[3]
    if day:
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def format_period(value: str | None) -> str:
    """``2021-Q1`` -> ``Q1 2021``, ``2021-H1`` -> ``H1 2021``, ``2021-03`` -> ``March 2021``."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})-([QqHh]\d)", value.strip())
    if m:
        return f"{m[2].upper()} {m[1]}"
    return format_date(value)


def parse_date(value: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date of any precision covers; None when it is not a date.

    >>> parse_date("2021-03")
    (datetime.date(2021, 3, 1), datetime.date(2021, 3, 31))
    """
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    try:
        year = int(m[1])
        if m[3]:
            d = dt.date(year, int(m[2]), int(m[3]))
            return d, d
        if m[2]:
            first = dt.date(year, int(m[2]), 1)
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def local_name(iri: str | None) -> str:
    if not iri:
        return ""
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def confidence(value: str | None) -> str:
    d = number(value)
    return "" if d is None else f"{d:.2f}"
