"""Small bar charts of a company's figures: one per series (measure, segment, change and
unit), one bar per period. Geometry only; ``templates/chart.svg`` draws it.

>>> s = series([{"measure": "Revenue", "value": "9800000000", "unit": "CCY_EUR", "period": "2021-Q1"},
...             {"measure": "Revenue", "value": "7000000000", "unit": "CCY_EUR", "period": "2020-Q1"}])
>>> [(b.period, b.text) for b in s[0].bars]
[('Q1 2020', '7 bn EUR'), ('Q1 2021', '9.8 bn EUR')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.web.present import CHANGES, format_period, format_value, number, unit_name, words

WIDTH, HEIGHT = 260, 120
PAD_TOP, PAD_BOTTOM, PAD_SIDE = 18, 22, 8
MAX_BARS = 12


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    period: str
    text: str
    negative: bool = False


@dataclass
class Series:
    title: str
    subtitle: str
    bars: list[Bar] = field(default_factory=list)
    baseline: float = 0.0
    width: int = WIDTH
    height: int = HEIGHT
    hidden: int = 0   # older periods left out (more than MAX_BARS)


def series(rows: list[dict[str, str | None]]) -> list[Series]:
    """Group metric rows (``metrics`` query) into chart series, one value per period (the
    first stated, when articles disagree: the table beside the chart lists them all)."""
    groups: dict[tuple[str, str, str, str], dict[str, Decimal]] = {}
    for r in rows:
        value = number(r.get("value"))
        if value is None:
            continue
        key = (r.get("measure") or "", r.get("segment") or "", r.get("change") or "", r.get("unit") or "")
        groups.setdefault(key, {}).setdefault(r.get("period") or "", value)
    out = []
    for (measure, segment, change, unit), by_period in sorted(groups.items()):
        periods = sorted(by_period)
        hidden = max(0, len(periods) - MAX_BARS)
        periods = periods[hidden:]
        title = words(measure) + (f", {segment}" if segment else "")
        subtitle = (f"% change {CHANGES.get(change, words(change).lower())}" if change
                    else unit_name(unit))
        s = Series(title=title, subtitle=subtitle, hidden=hidden)
        values = [by_period[p] for p in periods]
        top = max([v for v in values if v > 0], default=Decimal(0))
        bottom = min([v for v in values if v < 0], default=Decimal(0))
        span = (top - bottom) or Decimal(1)
        plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
        s.baseline = round(PAD_TOP + float(top / span) * plot_h, 1)
        slot = (WIDTH - 2 * PAD_SIDE) / max(len(periods), 1)
        w = min(slot * 0.7, 48)
        for i, (p, v) in enumerate(zip(periods, values)):
            h = float(abs(v) / span) * plot_h
            x = PAD_SIDE + i * slot + (slot - w) / 2
            y = s.baseline - h if v >= 0 else s.baseline
            s.bars.append(Bar(x=round(x, 1), y=round(y, 1), w=round(w, 1), h=round(max(h, 1), 1),
                              period=format_period(p) or "no period",
                              text=format_value(str(v), unit, change), negative=v < 0))
        out.append(s)
    return out
