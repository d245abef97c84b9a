"""Words and anchors shared by the date and period readers: month and weekday names, ordinals,
the publication date a relative expression is read against, and the spans already read."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from kg.models import DateValue

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# a month as the text may write it, full or abbreviated (the longer spelling first)
MONTH_NAMES = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
# a month as a named group: MONTH.format("m")
MONTH = r"(?P<{}>" + MONTH_NAMES + r")\.?"
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# counting words a text writes a small count with ("two other carriers")
CARDINALS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "final": 4, "last": 4}
# a year as a named group: YEAR.format("y")
YEAR = r"(?P<{}>(?:19|20)\d\d)"


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


def rx(pattern: str) -> re.Pattern[str]:
    """A pattern that ignores case."""
    return re.compile(pattern, re.I)


def month_of(m: re.Match[str], group: str = "m") -> int:
    """The number of the month a match's ``group`` names."""
    return MONTHS[m[group].lower()]


def the_verb_may(m: re.Match[str]) -> bool:
    """"may" in lower case is the verb, not the month."""
    return m["m"].lower() == "may" and not m["m"][0].isupper()


class Spans:
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


# "BEIJING, Oct 10 — ...": the date a story was filed, before the dash of its dateline
DATELINE_DATE = re.compile(r"\s*(?:\([^)]*\)\s*)?[—–-]\s")
