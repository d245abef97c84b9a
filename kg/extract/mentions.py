"""Mentions and the table that holds them while the entity passes run over an article."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

from kg.models import COMPANY, Entity


@dataclass
class Mention:
    start: int  # character offsets into the article text
    end: int
    text: str
    key: str
    kind: str
    descriptive: bool = False
    source: bool = False  # quoted as a source, not a subject
    titled: bool = False  # a person the text gives a title or a role ('Judge Ann Lee')


# the company a story's lead names counts as this many mentions more when weighing which
# company the article is about
LEAD_WEIGHT = 2


@dataclass
class EntityTable:
    """All mentions of an article, and what they refer to.

    ``in_span`` and ``before`` look mentions up through an index of their starts, so a pass
    over all sentences costs the text's length, not sentences × mentions. The index is
    rebuilt when ``mentions`` is replaced or changes length, and by ``sort``; reorder the list
    only through ``sort``.
    """

    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)  # keys the text calls a business
    lead: str | None = None  # the company the story's lead is about (set with the descriptions)
    _index: tuple[list[Mention], int, list[int], list[int], bool] | None = field(
        default=None, repr=False, compare=False)

    def sort(self) -> None:
        """Put the mentions in text order (start, then end)."""
        self.mentions.sort(key=lambda x: (x.start, x.end))
        self._index = None

    def _starts(self) -> tuple[list[int], list[int], bool]:
        """(positions in ``mentions`` ordered by start, their starts, whether the list is sorted)."""
        idx = self._index
        if idx is None or idx[0] is not self.mentions or idx[1] != len(self.mentions):
            mentions = self.mentions
            order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
            starts = [mentions[i].start for i in order]
            in_order = all(mentions[i].start <= mentions[i + 1].start for i in range(len(mentions) - 1))
            idx = self._index = (mentions, len(mentions), order, starts, in_order)
        return idx[2], idx[3], idx[4]

    def in_span(self, start: int, end: int, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        """Mentions inside [start, end), in list order, without those quoted as a source."""
        order, starts, in_order = self._starts()
        hits = order[bisect_left(starts, start):bisect_right(starts, end)]
        if not in_order:
            hits = sorted(hits)
        out = []
        for i in hits:
            m = self.mentions[i]
            if m.end <= end and not m.source and (kinds is None or m.kind in kinds):
                out.append(m)
        return out

    def kind_of(self, key: str) -> str | None:
        entity = self.entities.get(key)
        if entity:
            return entity.kind
        return next((m.kind for m in self.mentions if m.key == key), None)

    def before(self, pos: int, kinds: tuple[str, ...] = (COMPANY,)) -> Mention | None:
        """The last mention in list order that ends by ``pos`` (not a source or description)."""
        order, starts, in_order = self._starts()
        if in_order:  # a mention ending by pos starts by it: walk back from there
            for i in range(bisect_right(starts, pos) - 1, -1, -1):
                m = self.mentions[i]
                if m.end <= pos and m.kind in kinds and not m.source and not m.descriptive:
                    return m
            return None
        best = None
        for m in self.mentions:
            if m.end <= pos and m.kind in kinds and not m.source and not m.descriptive:
                best = m
        return best

    def dominant(self, kind: str = COMPANY) -> str | None:
        """The company the article is about: the one mentioned most, the lead's counting as
        ``LEAD_WEIGHT`` mentions more and winning among equals."""
        counts = Counter(m.key for m in self.mentions if m.kind == kind and not m.source)
        if not counts:
            return None
        if kind == COMPANY and self.lead in counts:
            counts[self.lead] += LEAD_WEIGHT
        return min(counts.items(), key=lambda kv: (-kv[1], kv[0] != self.lead, kv[0]))[0]


_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s*$")


def lead_index(text: str, sentences: list[tuple[int, int]]) -> int | None:
    """The index of a story's first sentence: the first that ends like one (a headline does not)."""
    return next((i for i, (s, e) in enumerate(sentences) if _ENDS_LIKE_A_SENTENCE.search(text, s, e)), None)


class SentenceIndex:
    """Which sentence holds a position, by bisection over the (sorted, disjoint) sentence spans."""

    def __init__(self, sentences: list[tuple[int, int]]) -> None:
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]

    def find(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return i
        return None


class SpanIndex:
    """Spans sorted by start, with the furthest end reached so far: which of them overlap a
    given span, by bisection, so a pass over the text costs its length, not spans × hits."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.reach = list(accumulate(self.ends, max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the spans that overlap [start, end), the last one first."""
        out = []
        i = bisect_left(self.starts, end) - 1
        while i >= 0 and self.reach[i] > start:
            if self.ends[i] > start:
                out.append(i)
            i -= 1
        return out
