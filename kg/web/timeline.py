"""A company's sanction story as a picture: the geometry of a server-side SVG timeline.

One lane per sanction; on a time axis, a mark per event as the graph states it: a
diamond for the designation, a square for a court order, a circle for a stated status
(coloured by the status), each linking to the evidence of its quote. A date stated to
the month or the year is drawn as a bracket over the whole month or year, so that an
imprecise date never looks precise. The lane ends with the current status (the
``current-status`` query's verdict).

This module only computes positions; ``templates/timeline.svg`` draws them, with Jinja's
autoescaping, so no text of an article is ever written into the SVG unescaped.

>>> t = build_timeline([Event("2021-01-15", "designated", "", "s1", "List", "/e/1", "q"),
...                     Event("2021-05", "order", "FinalOrder", "s1", "List", "/e/2", "q")],
...                    {"s1": "Lifted"})
>>> [m.label for m in t.lanes[0].marks]
['Designated', 'Final order']
>>> t.lanes[0].marks[0].x < t.lanes[0].marks[1].x
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.web.present import format_date, parse_date, words

WIDTH = 880
LEFT = 20
RIGHT = 110          # room for the current status at the end of each lane
TOP = 34             # room for the axis labels
LANE_HEIGHT = 132
LABEL_LEVELS = 3
LABEL_ROW = 14
LABEL_WIDTH = 92     # a label's width on the axis, for staggering neighbours

SHORT = {"PreliminaryInjunction": "Preliminary injunction", "FinalOrder": "Final order",
         "OtherOrder": "Court order"}


@dataclass(frozen=True)
class Event:
    """One row of the ``company-timeline`` query."""

    date: str | None
    kind: str            # designated | order | status
    type: str            # order type or status local name ("" for a designation)
    sanction: str
    sanction_label: str
    href: str            # the evidence page of its quote
    quote: str
    detail: str = ""
    count: int = 1       # how many articles state it


@dataclass
class Mark:
    x: float
    x0: float            # the period the date covers (a bracket when wider than a day)
    x1: float
    y: float
    shape: str           # diamond | square | circle
    css: str             # class: designated, order-finalorder, status-lifted...
    label: str
    date_text: str
    href: str
    title: str
    label_y: float = 0.0
    undated: bool = False

    @property
    def bracket(self) -> bool:
        return self.x1 - self.x0 >= 3


@dataclass
class Lane:
    sanction: str
    label: str
    y: float
    status: str = ""
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str
    major: bool


@dataclass
class Timeline:
    width: int
    height: int
    left: float
    right: float
    lanes: list[Lane]
    ticks: list[Tick]
    empty: bool = False


def _status_css(name: str) -> str:
    return "status-" + (name or "unknown").lower()


@dataclass(frozen=True)
class _Axis:
    """The time axis: dates from ``lo`` to ``hi`` drawn from x = ``left`` to ``right``."""

    lo: dt.date
    hi: dt.date
    left: float
    right: float

    def x(self, d: dt.date) -> float:
        days = max((self.hi - self.lo).days, 1)
        return round(self.left + (self.right - self.left) * (d - self.lo).days / days, 1)


def build_timeline(events: list[Event], current: dict[str, str], *,
                   labels: dict[str, str] | None = None) -> Timeline:
    """Lay out ``events`` (one lane per sanction, in order of first appearance);
    ``current`` maps a sanction IRI to its current status, ``labels`` to a lane title."""
    lo, hi = _date_range(events)
    axis = _Axis(lo, hi, float(LEFT), float(WIDTH - RIGHT))
    lanes = [_lane(i, s, events, current, labels or {}, axis)
             for i, s in enumerate(_sanctions(events, current))]
    height = TOP + max(len(lanes), 1) * LANE_HEIGHT + 8
    return Timeline(width=WIDTH, height=height, left=axis.left, right=axis.right, lanes=lanes,
                    ticks=_ticks(lo, hi, axis.x), empty=not lanes)


def _sanctions(events: list[Event], current: dict[str, str]) -> list[str]:
    """The lanes: every sanction an event is about, in order of first appearance, then any
    sanction with a current status but no event (its lane still shows the status)."""
    sanctions: list[str] = []
    for s in [e.sanction for e in events] + list(current):
        if s not in sanctions:
            sanctions.append(s)
    return sanctions


def _date_range(events: list[Event]) -> tuple[dt.date, dt.date]:
    """The dates the axis covers: the events' dates (this year when none is dated), padded
    by a twentieth of the span (at least a month) on each side, and at least 8 months wide
    so that a single date is not drawn on a scale of days."""
    spans = [p for p in (parse_date(e.date) for e in events) if p]
    if spans:
        lo = min(p[0] for p in spans)
        hi = max(p[1] for p in spans)
    else:
        today = dt.date.today()
        lo, hi = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    pad = max((hi - lo).days // 20, 31)
    lo, hi = lo - dt.timedelta(days=pad), hi + dt.timedelta(days=pad)
    if (hi - lo).days < 240:
        extra = (240 - (hi - lo).days) // 2
        lo, hi = lo - dt.timedelta(days=extra), hi + dt.timedelta(days=extra)
    return lo, hi


def _lane(i: int, sanction: str, events: list[Event], current: dict[str, str],
          labels: dict[str, str], axis: _Axis) -> Lane:
    """Lane ``i``: its title (the given label, else the first event's list name, else the
    IRI's tail), a mark per event and the current status at its end."""
    lane_events = [e for e in events if e.sanction == sanction]
    title = labels.get(sanction) or next((e.sanction_label for e in lane_events if e.sanction_label), "")
    lane = Lane(sanction=sanction, label=title or sanction.rsplit("/", 2)[-1],
                y=TOP + i * LANE_HEIGHT + 30, status=current.get(sanction, ""))
    lane.marks = [_mark(e, lane.y, axis) for e in lane_events]
    _stagger_labels(lane)
    return lane


def _designated_style(e: Event) -> tuple[str, str, str]:
    return "diamond", "designated", "Designated"


def _order_style(e: Event) -> tuple[str, str, str]:
    return "square", "order order-" + (e.type or "other").lower(), SHORT.get(e.type, words(e.type))


def _status_style(e: Event) -> tuple[str, str, str]:
    return "circle", _status_css(e.type), e.type or "Status"


#: an event's kind -> its mark's (shape, css class, label); any other kind is a status
MARK_STYLES = {"designated": _designated_style, "order": _order_style}


def _mark(e: Event, y: float, axis: _Axis) -> Mark:
    """The mark of one event: centred on the period its date covers (a bracket when that is
    wider than a day), or at the end of the lane, marked undated, when it has no date."""
    span = parse_date(e.date)
    if span:
        x0, x1 = axis.x(span[0]), axis.x(span[1])
        x = round((x0 + x1) / 2, 1) if x1 - x0 >= 3 else x0
    else:
        x0 = x1 = x = axis.right + 14
    shape, css, label = MARK_STYLES.get(e.kind, _status_style)(e)
    when = format_date(e.date) if e.date else "undated"
    return Mark(x=x, x0=x0, x1=x1, y=y, shape=shape, css=css, label=label,
                date_text=when, href=e.href, title=_tooltip(e, label, when), undated=span is None)


def _tooltip(e: Event, label: str, when: str) -> str:
    """What hovering a mark says: what, when, how many articles state it, and the quote."""
    stated = f" (stated by {e.count} articles)" if e.count > 1 else ""
    return f"{label}, {when}{stated}" + (f": {e.detail}" if e.detail else "") + f" — “{e.quote}”"


def _stagger_labels(lane: Lane) -> None:
    """Move a mark's label down a row (of ``LABEL_LEVELS``) when its box would overlap a
    label to its left; when every row is taken, onto the row that frees up first."""
    ends = [-1e9] * LABEL_LEVELS
    for m in sorted(lane.marks, key=lambda m: m.x):
        level = next((k for k in range(LABEL_LEVELS) if ends[k] <= m.x - LABEL_WIDTH / 2),
                     min(range(LABEL_LEVELS), key=lambda k: ends[k]))
        ends[level] = m.x + LABEL_WIDTH / 2
        m.label_y = lane.y + 24 + level * (2 * LABEL_ROW)


def _ticks(lo: dt.date, hi: dt.date, x_of) -> list[Tick]:  # type: ignore[no-untyped-def]
    """Years as major ticks; months (or quarters, over longer spans) as minor ones."""
    years = hi.year - lo.year
    step = 1 if years < 2 else 3 if years < 5 else 12
    ticks: list[Tick] = []
    year, month = lo.year, lo.month
    while (year, month) <= (hi.year, hi.month):
        d = dt.date(year, month, 1)
        if d >= lo and (month - 1) % step == 0:
            major = month == 1
            if step == 12 and years > 14 and year % 5:
                major = False
            label = str(year) if month == 1 else (d.strftime("%b") if step < 12 else "")
            ticks.append(Tick(x=x_of(d), label=label if (major or step < 12) else "", major=major))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if not any(t.major for t in ticks) and ticks:
        ticks[0].label = f"{ticks[0].label} {lo.year}".strip()
    return ticks
