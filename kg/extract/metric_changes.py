"""Whether a figure is a level or a change, and which way and over what a change goes.

"up 12%", "fell 3% from a year earlier", "6.3% lower than": a percentage with a direction word
or a comparison near it is a relative change, year on year unless the text says quarter on
quarter (or a ranking goes on with the kind it named last), negative when the last direction
word before it is a fall. "rose 8% to $1.2 billion": the change leads to the amount after it,
and is that amount's change.
"""

from __future__ import annotations

import re

from kg.extract.metric_measures import MEASURES
from kg.extract.periods import Period
from kg.extract.quantities import Quantity

UP = re.compile(r"\b(up|rose|rise|risen|rising|rises|increase[sd]?|increasing|grew|grown|grow(?:s|ing|th)?|"
                r"gain(?:ed|s|ing)?|jump(?:ed|s|ing)?|surg(?:ed|es|e|ing)|climb(?:ed|s|ing)?|soar(?:ed|s|ing)?|"
                r"advanc(?:ed|es)|expan(?:ded|sion)|higher|improv(?:ed|ement)|explode[sd]?|doubled|more|greater|"
                r"larger)\b(?!\s+than\s+(?:US|HK|RMB|CNY|EUR|USD|[$€£¥]|\d))", re.I)
DOWN = re.compile(r"\b(down|fell|fall(?:s|ing|en)?|decline[sd]?|declining|drop(?:ped|s)?|"
                  r"decrease[sd]?|decreasing|slid|sliding|slump(?:ed|s|ing)?|slipp?(?:ed|s|ing)?|plung(?:ed|es|ing)|sank|sinking|"
                  r"shr(?:ank|unk|inks?|inking)|lower|tumbl(?:ed|es|ing)|dipped|dropping|eas(?:ed|es)|retreat(?:ed)?|cut|fewer|less|"
                  r"smaller|below)\b", re.I)
LOSS = re.compile(r"\b(loss(?:es)?|lost)\b", re.I)
# the measure word itself names a loss: "a net loss of", "operating losses of", "the loss"
LOSS_WORD = re.compile(r"(?:(?:net|operating|pre-?tax|attributable|adjusted|underlying|quarterly|annual)\s+)*"
                       r"(?:loss(?:es)?|lost)\b", re.I)
QOQ = re.compile(r"\b(quarter[\s-](?:on|over|to)[\s-]quarter|(?<![\w-])on-quarter|on the quarter|sequential(?:ly)?|qoq|"
                 r"from the (?:previous|prior|preceding|last) quarter|"
                 r"compared (?:with|to) the (?:previous|prior|preceding) quarter|"
                 r"(?:below|above|than|from|over|compared (?:with|to)|versus)\s+(?:that of\s+|in\s+)?the\s+"
                 r"(?:first|second|third|fourth)\s+quarter(?!\s+(?:of\s+)?(?:19|20)\d\d|\s+(?:a|last)\s+year))\b", re.I)
YOY = re.compile(r"\b(year[\s-](?:on|over|to)[\s-]year|(?<![\w-])on-year|on the year|yoy|"
                 r"annual(?:ly)? (?:basis|growth)|"
                 r"(?:from|than|over|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:same\s+\w+\s+)?"
                 r"(?:a year (?:ago|earlier|before)|last year|(?:the )?(?:previous|prior|preceding) year|"
                 r"year[\s-](?:ago|earlier))|same (?:period|quarter|time) (?:of |in )?(?:last year|a year|"
                 r"the (?:previous|prior) year|\d{4})|a year (?:ago|earlier|before)|"
                 r"(?:twelve|12) months (?:ago|earlier|before)|from \d{4})\b", re.I)

# "rose 8% from a year earlier to 2.8 billion yuan": the change leads to the figure after it
TO_LEVEL = re.compile(r"^[^.;\d%]{0,50}?\bto\s+(?:about\s+|around\s+)?$", re.I)
# "grew to 20%", "a 22% share, up from 18%": the figure is a level, not a change
# the nouns of a change: "a decline of 5%", "a 1.7% decline"
_CHANGE_NOUNS = ("decline", "decrease", "drop", "fall", "rise", "gain", "increase", "jump")
_LEVEL_BEFORE = re.compile(r"\b(to|at|" + "".join(rf"(?<!\b{w} )" for w in _CHANGE_NOUNS) + r"of)\s+$")
# ("13.7 million machines, a 1.7% decline, for a 19.9% share": a change, whatever share follows)
CHANGE_NOUN_AFTER = re.compile(r"\s+(?:" + "|".join(_CHANGE_NOUNS) + r")\b")
# ("its share slipped from 20.4%": the level it had before)
FROM_LEVEL = re.compile(r"\b(?:up|down|rose|fell|slipped|dropped|declined|slid|grew|increased|climbed|jumped|"
                        r"edged\s+(?:up|down))\s+from\s+$", re.I)
# "50% more than a year earlier", "12 percent fewer than in 2022": a comparison, so a change
MORE_THAN = re.compile(r"\s*(?:more|less|fewer|higher|lower|bigger|smaller)\s+than\b", re.I)
# "users grew by 10 million", "an increase of 4 euros": a direction, then "by" or "of" the figure
_BY_OR_OF = re.compile(r"\b(by|of)\s*$")
# "compared with a profit of", "against a loss of": the base of a comparison, its sign its own
BARE_RESULT = re.compile(r"\ba\s+(?P<r>profit|loss)\s+of\s+$", re.I)
COMPARED_TO = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?|against|than|times|reversing|after)\b", re.I)


def has_direction(text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether a rise or a fall is named in ``text`` (between ``pos`` and ``endpos``)."""
    end = len(text) if endpos is None else endpos
    return UP.search(text, pos, end) is not None or DOWN.search(text, pos, end) is not None


def has_cue(window: str) -> bool:
    """Whether ``window`` says the change is year on year or quarter on quarter."""
    return YOY.search(window) is not None or QOQ.search(window) is not None


def direction_by(pre: str) -> bool:
    """"grew by", "an increase of": the figure right after is the size of a change."""
    return _BY_OR_OF.search(pre) is not None and has_direction(pre)


def level_before(pre: str, measure: str) -> bool:
    """"rose to 20%", "a share of 22%, up from 18%": the words before make the figure a level."""
    return _LEVEL_BEFORE.search(pre) is not None or (measure == "MarketShare" and FROM_LEVEL.search(pre) is not None)


def is_change(sentence: str, q: Quantity, measure: str, pre: str) -> bool:
    """A percentage that is a change: of anything but a market share, or with a direction word
    before it (that does not make it a level), or "more than" after it."""
    return q.unit == "PERCENT" and (measure != "MarketShare" or has_direction(pre) and not level_before(pre, measure)
                                    or MORE_THAN.match(sentence, q.end) is not None)


def level_after(sentence: str, q: Quantity, rest: list[Quantity]) -> Quantity | None:
    """The figure a change leads to: "grew 6% to $1.3 billion" → $1.3 billion."""
    if not rest or rest[0].unit == "PERCENT":
        return None
    nxt = rest[0]
    pre = sentence[max(0, q.start - 45):q.start]
    if not (has_direction(pre) or re.search(r"\bby\s*$", pre)):
        return None
    return nxt if TO_LEVEL.match(sentence[q.end:nxt.start]) else None


def compared_to(between: str) -> bool:
    """Text between two amounts that makes the second the base of a comparison with the first
    ("an operating loss of X, compared with a profit of Y": 'a profit' names no other measure)."""
    between = re.sub(r"\([^()]*\)", "", BARE_RESULT.sub("", between))  # "($3.95 billion)": a conversion
    return len(between) <= 60 and COMPARED_TO.search(between) is not None and not any(
        rx.search(between) for _, rx in MEASURES)


def _prev_quarter(period: str) -> str:
    y, q = int(period[:4]), int(period[-1])
    return f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"


def change_kind(sentence: str, q: Quantity, window: str, periods: list[Period], period: str | None,
                last_cue: str | None, ranking: bool = False, stop: int | None = None) -> tuple[str, str | None]:
    """Year-on-year or quarter-on-quarter, and whether the text said so; without a cue, a ranking
    goes on with the kind it last named ("Corva, in third place, grew revenue 1.7%"). ``stop``: where
    the next change starts (its cue is not this one's)."""
    after = sentence[q.start:min(q.end + 60, len(sentence) if stop is None else stop)]
    base = next((p for p in periods if p.comparison and 0 <= p.start - q.end <= 40), None)
    if base and period:
        if "-Q" in base.period and "-Q" in period and base.period == _prev_quarter(period):
            return "QuarterOverQuarter", "QuarterOverQuarter"
        if base.period == f"{int(period[:4]) - 1}{period[4:]}":
            return "YearOverYear", "YearOverYear"
    if QOQ.search(after) or (QOQ.search(window) and not YOY.search(after)):
        return "QuarterOverQuarter", "QuarterOverQuarter"
    if YOY.search(window):
        return "YearOverYear", "YearOverYear"
    return (last_cue if ranking else None) or "YearOverYear", None


def declines(pre: str, post: str) -> bool:
    """Whether the change is a fall: the last direction word before it is one, or with none
    before it, the word right after it ("6.3% lower than", "6.3% below the third quarter")."""
    up = [m.start() for m in UP.finditer(pre)]
    down = [m.start() for m in DOWN.finditer(pre)]
    if down and (not up or max(down) > max(up)):
        return True
    if not up and not down and (DOWN.match(post.strip()) or re.match(r"(?:below|under)\b", post.strip(), re.I)):
        return True
    return False


def is_loss(sentence: str, q: Quantity, measure: str, mpos: int) -> bool:
    """An amount of profit that is a loss: its measure word says so ("a net loss of"), or, with
    the measure carried from before, a loss word near it."""
    if not (q.unit.startswith("CCY_") and measure in ("NetIncome", "OperatingProfit") and q.value > 0):
        return False
    if mpos >= 0:
        return LOSS_WORD.match(sentence, mpos) is not None
    return LOSS.search(sentence[max(0, q.start - 50):q.end + 15]) is not None
