"""Which records are one organisation: the rules :mod:`kg.resolve` applies, over records.

A *record* is one entity of one article with the forms of its names (:mod:`kg.names`);
:class:`Clusters` is a union-find over records that refuses a union two tags forbid (two
Wikidata ids, the sides of a ``different`` judgement). :func:`link` applies the rules in
order: ids and gazetteer keys, shared full names and spellings, then short names, which
join a longer name only when one company in the corpus fits or the article's text says
which one ("Norvik" in an article about tankers is Norvik Shipping).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.models import COMPANY, Entity
from kg.names import STOP_WORDS, Form, fold, initials, name_form, skeleton, starts


@dataclass
class Record:
    """One entity of one article, with the forms of its names: *strong* ones link it,
    *weak* ones (a shorter part or an acronym of another of its names) do not."""

    index: int
    article: str
    entity: Entity
    path: str  # the node path it asks for (its own, or the gazetteer entry its name is)
    local: str  # the key the article's facts use for it
    forms: dict[tuple[str, ...], list[str]]  # form -> its surface names
    strong: frozenset[tuple[str, ...]]
    weak: frozenset[tuple[str, ...]]
    conflicted: bool
    tags: set[tuple[str, ...]] = field(default_factory=set)
    anchored: bool = False  # its name is a gazetteer entry's, which the extractor did not link


class Clusters:
    """Union-find over records, refusing a union that joins two tags that exclude each
    other (two Wikidata ids; the two sides of a ``different`` judgement)."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.parent = list(range(len(records)))
        self.tags: dict[int, set[tuple[str, ...]]] = {r.index: set(r.tags) for r in records}
        self.conflicts: list[tuple[int, int]] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def excludes(self, a: int, b: int) -> bool:
        ta, tb = self.tags[self.find(a)], self.tags[self.find(b)]
        for tag in ta:
            if tag[0] == "wd" and any(t[0] == "wd" and t != tag for t in tb):
                return True
            if tag[0] == "diff" and ("diff", tag[1], "b" if tag[2] == "a" else "a") in tb:
                return True
        return False

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.excludes(ra, rb):
            if force:
                self.conflicts.append((a, b))
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.tags[ra] |= self.tags.pop(rb)
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def link(records: list[Record], texts: Mapping[str, str], clusters: Clusters | None = None) -> dict[int, list[int]]:
    """Cluster root -> its record indexes: which records are one organisation, by the rules
    of :mod:`kg.resolve` (``clusters`` carries the judgements already applied)."""
    c = clusters or Clusters(records)
    # people and lists: one node per key, as the extractor keys them
    by_path: dict[str, int] = {}
    by_wd: dict[str, int] = {}
    by_skeleton: dict[str, int] = {}
    for r in records:
        if r.entity.wikidata:
            c.union(by_wd.setdefault(r.entity.wikidata, r.index), r.index)
        if not r.path.startswith("org/") or r.entity.canonical or r.anchored or r.entity.kind != COMPANY:
            c.union(by_path.setdefault(r.path, r.index), r.index)
    for r in records:
        if r.path.startswith("org/") and not r.conflicted:
            for f in sorted(r.strong):
                c.union(by_skeleton.setdefault(skeleton(f), r.index), r.index)
    for r in records:  # an entity the extractor conflated stays with its own key
        if r.conflicted and r.path.startswith("org/"):
            c.union(by_path.setdefault("conflicted " + r.path, r.index), r.index)
    _join_short_names(records, c, texts)
    return c.groups()


# -------------------------------------------------------------------- short names

# Extra words of a longer name that make it a subsidiary or a regional arm, not the same
# company under a fuller name: "Acme" is not "Acme Bank" nor "Acme Europe".
_ARM_WORDS = frozenset("""bank capital finance financial securities insurance leasing asset assets
investment investments trust fund ventures venture foundation
taiwan japan korea india america americas europe european asia asian africa australia canada germany
france uk usa us singapore malaysia vietnam thailand indonesia philippines brazil mexico russia turkey
israel netherlands italy spain poland uae dubai hong kong macau middle east emea apac international
global north south east west china""".split())
# Words of a longer name too common to say, in an article's text, which company it means.
_GENERIC_WORDS = frozenset({"group", "company", "corporation", "limited", "holding", "international", "global",
                            "technology", "industry", "national", "china", "new"})


def _cluster_forms(records: list[Record], members: list[int]) -> set[tuple[str, ...]]:
    """A cluster's strong forms, leaving out conflated entities (their names link nobody)."""
    return {f for i in members for f in records[i].strong if not records[i].conflicted}


def _fits(short: tuple[str, ...], long_forms: set[tuple[str, ...]], surfaces: Iterable[str]) -> list[tuple[str, ...]]:
    """The extra words of each long form that ``short`` is the start or the acronym of."""
    extras: list[tuple[str, ...]] = []
    for g in long_forms:
        if starts(g, short):
            extra = g[len(short):]
            if not (_ARM_WORDS & set(extra)):
                extras.append(extra)
    if len(short) == 1:
        for s in surfaces:
            if short[0] in initials(s) and name_form(s) != short:
                extras.append(name_form(s))
    return extras


def _said(extra: tuple[str, ...], words: set[str]) -> int:
    """How much an article's text uses the distinguishing words of a longer name (``extra``:
    "shipping" of "Norvik Shipping"): for each word, the longest start it shares with a word
    of the text ("ships" shares "ship"), counted from four letters (a shorter word must be
    there whole); generic words ("group") say nothing."""
    score = 0
    for w in extra:
        if w in STOP_WORDS or w in _GENERIC_WORDS:
            continue
        best = 0
        for t in words:
            n = 0
            for x, y in zip(w, t):
                if x != y:
                    break
                n += 1
            best = max(best, n)
        if best >= min(4, len(w)):
            score += best
    return score


# At most this many passes of short-name joining (each settles the next shorter names).
_PASSES = 5


def _join_short_names(records: list[Record], c: Clusters, texts: Mapping[str, str]) -> None:
    """Join each cluster of companies whose names are all short forms of one other
    cluster's names (see the module docstring); an ambiguous one record by record, by its
    article's text. Longer names are settled first, so "Zentara" meets "Zentara Robotics"
    after that has met "Zentara Robotics Co.". Ends when a pass joins nothing."""
    for _ in range(_PASSES):
        view = _view(records, c)
        joined = False
        for root in _longest_first(view):
            joined |= _join_short(root, view, records, c, texts)
        if not joined:
            return


@dataclass(frozen=True)
class _View:
    """The clusters (by root) as a pass of :func:`_join_short_names` finds them."""

    short: dict[int, list[int]]  # clusters that may join another: companies named by the text alone
    forms: dict[int, set[Form]]  # each company cluster's strong forms
    surfaces: dict[int, list[str]]  # and their surface names
    by_word: dict[str, set[int]]  # first word or initials -> the company clusters that have it


def _view(records: list[Record], c: Clusters) -> _View:
    groups = c.groups()
    short = {root: m for root, m in groups.items() if all(_named_by_text(records[i]) for i in m)}
    companies = {root: m for root, m in groups.items() if _companies_only(records, m)}
    forms = {root: _cluster_forms(records, m) for root, m in companies.items()}
    surfaces = {root: [s for i in m for f in records[i].strong for s in records[i].forms.get(f, ())]
                for root, m in companies.items()}
    by_word: dict[str, set[int]] = defaultdict(set)
    for root, fs in forms.items():
        for f in fs:
            by_word[f[0]].add(root)
        for s in surfaces[root]:
            for ini in initials(s):
                by_word[ini].add(root)
    return _View(short, forms, surfaces, by_word)


def _named_by_text(r: Record) -> bool:
    """A company that neither the gazetteer nor Wikidata names: only such may join another."""
    return r.path.startswith("org/") and r.entity.kind == COMPANY and not r.entity.canonical and not r.anchored


def _companies_only(records: list[Record], members: list[int]) -> bool:
    """A cluster a short name may join: it has an organisation, and every one is a company.
    A company's short name joins companies only: "United Nations" (a company by mistake) is
    never a short form of the "United Nations Security Council" (a government body)."""
    orgs = [records[i] for i in members if records[i].path.startswith("org/")]
    return bool(orgs) and all(r.entity.kind == COMPANY for r in orgs)


def _longest_first(view: _View) -> list[int]:
    """The clusters that may join another, those with the longest names first (then a-z)."""
    return sorted(view.short, key=lambda root: (-max((len(f) for f in view.forms[root]), default=0),
                                                sorted(view.forms[root])))


def _join_short(root: int, view: _View, records: list[Record], c: Clusters, texts: Mapping[str, str]) -> bool:
    """Join cluster ``root`` to the one cluster its names are short forms of; when several
    fit, move each record whose article's text says which, and keep the others together.
    True when anything joined."""
    if not view.forms[root] or c.find(root) != root:
        return False
    candidates = _candidates(root, view, c)
    if not candidates:
        return False
    if len(candidates) == 1:
        return c.union(root, next(iter(candidates)))
    moves = _moves(view.short[root], candidates, records, texts)
    if not moves:
        return False
    _move(c, records, view.short[root], moves)
    return True


def _candidates(root: int, view: _View, c: Clusters) -> dict[int, list[Form]]:
    """Each other cluster that every name of ``root`` is a short form of -> the extra words
    of its longer names (what an article's text must say to choose it)."""
    mine = view.forms[root]
    candidates: dict[int, list[Form]] = {}
    for other in sorted({o for f in mine for o in view.by_word.get(f[0], ())} - {root}):
        if c.find(other) != other:
            continue
        fits = [_fits(f, view.forms[other], view.surfaces[other]) for f in mine]
        if all(fits):
            candidates[other] = [e for extras in fits for e in extras]
    return candidates


def _moves(members: list[int], candidates: Mapping[int, list[Form]], records: list[Record],
           texts: Mapping[str, str]) -> list[tuple[int, int]]:
    """``(record, candidate)`` for each record of a cluster whose article's text settles
    which candidate it names."""
    moves: list[tuple[int, int]] = []
    for i in sorted(members):
        target = _said_best(texts.get(records[i].article, ""), candidates)
        if target is not None:
            moves.append((i, target))
    return moves


def _said_best(text: str, candidates: Mapping[int, list[Form]]) -> int | None:
    """The one candidate whose extra words ``text`` uses most (:func:`_said`); None when the
    text uses none of them, or two as much."""
    if not text:
        return None
    words = set(re.findall(r"[a-z0-9]+", fold(text).lower()))
    scores = {other: max(_said(extra, words) for extra in extras) for other, extras in candidates.items()}
    best = max(scores.values())
    said = [other for other, score in scores.items() if score == best]
    return said[0] if best > 0 and len(said) == 1 else None


def _move(c: Clusters, records: list[Record], members: list[int], moves: list[tuple[int, int]]) -> None:
    """Split a cluster (``members``): each ``(record, target)`` of ``moves`` joins the
    target's cluster, the other records stay together."""
    moved = {i for i, _ in moves}
    for j in members:
        c.parent[j] = j
        c.tags[j] = set(records[j].tags)
    rest = [j for j in members if j not in moved]
    for j in rest[1:]:
        c.union(rest[0], j)
    for i, target in moves:
        c.union(target, i)
