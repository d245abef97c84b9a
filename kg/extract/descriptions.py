"""Descriptive references ("the Chinese firm", "the vendor"): mentions of the company they
point back to, most often the one named just before them."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter

from kg.extract.mentions import LEAD_WEIGHT, EntityTable, Mention, SentenceIndex, SpanIndex, lead_index
from kg.extract.names import NAMED_KIND
from kg.models import COMPANY

_DESCRIPTIVE = re.compile(
    r"\b(?P<np>[Tt]he\s+(?:(?:[A-Z][a-z]+|Chinese|American|US|U\.S\.|South Korean|Korean|Japanese|"
    r"[A-Z][a-z]+-based|[a-z]+-based|tech|technology|electronics|"
    r"smartphone|phone|handset|telecom|telecoms|telecommunications|drone|chip|consumer|internet|"
    r"e-commerce|social media|video|semiconductor|battery|car|surveillance|camera|lidar|"
    r"mapping|software|hardware|state-owned|privately held|listed|Hong Kong-listed)\s+){0,3}"
    # (or one word of its trade before a maker: "the engine maker", "the tanker operator")
    r"(?:[a-z]+\s+(?=(?:maker|manufacturer|producer|supplier|operator)\b))?"
    r"(?:company|firm|group|brand|manufacturer|maker|vendor|giant|conglomerate|chipmaker|"
    r"carmaker|operator|carrier|start-up|platform|app|business|bank|lender|airline|insurer)\b"
    r"(?:\s+(?:based|headquartered)\s+in\s+[A-Z][a-z]+)?)(?P<after>\s*(?:'s|’s)?\s*\S*)")


def resolve_descriptions(text: str, table: EntityTable, sentences: list[tuple[int, int]]) -> None:
    """Add mentions for 'the Chinese firm', 'the brand', ...: the company named just before.

    Lookups go through indexes built once (sentence starts, the named companies by start, the
    spans already taken, mention counts kept up to date), so the pass is linear in the text.
    """
    if not all(a.start <= b.start for a, b in zip(table.mentions, table.mentions[1:])):
        table.sort()
    taken = SpanIndex([(m.start, m.end) for m in table.mentions])  # the spans taken before this pass
    antecedents = _Antecedents(text, table, sentences)
    added: list[Mention] = []
    for m in _DESCRIPTIVE.finditer(text):
        start, end = m.span("np")
        if _names_what_follows(m) or taken.overlaps(start, end):
            continue
        antecedent = antecedents.of(m.group("np"), start)
        if antecedent is not None:
            added.append(Mention(start, end, text[start:end], antecedent.key, COMPANY, descriptive=True))
            antecedents.count(antecedent.key, added[-1])
    table.mentions.extend(added)
    _resolve_parents(text, table, antecedents.lead)
    table.sort()


# "Kestra's parent said ...": not Kestra but the company that owns it
_PARENT_OF = re.compile(r"(?:'s|’s)\s+parent(?:\s+company|\s+group)?\b")


def _resolve_parents(text: str, table: EntityTable, lead: str | None) -> None:
    """'Kestra's parent': a mention of the company the story is about, when that
    is another company (its headline and first sentence name it), not of Kestra, nor one named
    after Kestra ('Kestra USA': Kestra's unit, not its parent)."""
    if lead is None:
        return
    lead_words = set(lead.split("-"))
    for i, m in enumerate(table.mentions):
        unrelated = m.kind == COMPANY and not set(m.key.split("-")) & lead_words
        parent = _PARENT_OF.match(text, m.end) if unrelated else None
        if parent is not None:
            table.mentions[i] = Mention(m.start, parent.end(), text[m.start:parent.end()], lead, COMPANY,
                                        descriptive=True)


def _names_what_follows(m: re.Match[str]) -> bool:
    """'the Chinese company Acme': the name follows, nothing to resolve; nor in 'an app' or 'a
    platform' does a description point back."""
    after = m.group("after").strip()
    if re.match(r"^[A-Z][\w-]", after) and not after.startswith(("The", "In", "It", "On", "As")):
        return True
    head = m.group("np").split()[-1].lower()
    return head in ("business", "platform", "app") and not m.group("np").lower().startswith("the ")


class _Antecedents:
    """The companies a description may point back to: those named so far, by start and by key,
    and the article's main company (the one mentioned most, descriptions included)."""

    def __init__(self, text: str, table: EntityTable, sentences: list[tuple[int, int]]) -> None:
        self.text, self.table, self.sentences = text, table, sentences
        self.index = SentenceIndex(sentences)
        self.named = [m for m in table.mentions if m.kind == COMPANY and not m.descriptive and not m.source]
        self.named_starts = [m.start for m in self.named]
        self.by_key: dict[str, list[Mention]] = {}
        for m in table.mentions:
            if not m.descriptive:
                self.by_key.setdefault(m.key, []).append(m)
        self.counts = Counter(m.key for m in table.mentions if m.kind == COMPANY and not m.source)
        self.lead = table.lead = _lead_company(text, self.named, sentences)
        if self.lead is not None:
            self.counts[self.lead] += LEAD_WEIGHT
        self.first = {}
        for m in table.mentions:
            self.first.setdefault(m.key, m.start)
        self.dominant = min(self.counts, key=self._rank) if self.counts else None

    def _rank(self, key: str) -> tuple[int, bool, int, str]:
        # among equals the lead's company, then the one named first, is the article's
        return -self.counts[key], key != self.lead, self.first.get(key, 0), key

    def count(self, key: str, mention: Mention | None = None) -> None:
        """One more mention of ``key``, which may make it the main company."""
        self.counts[key] += 1
        if mention is not None:  # "The Kyoto-based company booked ...": the main company, referred to
            insort(self.by_key.setdefault(key, []), mention, key=lambda m: m.start)
        if self.dominant is None or self._rank(key) < self._rank(self.dominant):
            self.dominant = key

    def of(self, phrase: str, start: int) -> Mention | None:
        group = self._group_of_main(start) if phrase.lower() == "the group" else None
        if group is not None:
            return group
        if phrase.lower() == "the group" and self.lead is not None:
            # "cost the group 4.7 billion euros": the group the story is about, when its lead
            # named one lately, whatever unit was named in between
            lead = self.by_key.get(self.lead, [])
            if lead and lead[0].start <= start and _recent(lead, start, self.index, 6):
                return lead[0]
        found = self._of(phrase, start)
        # "the bank", "the airline": a company whose own name says so ("Acme Digital Bank")
        kind = NAMED_KIND.get(phrase.split()[-1].lower())
        return found if found is None or kind is None or re.search(kind, found.text, re.I) else None

    def _group_of_main(self, start: int) -> Mention | None:
        """"the group" in a story about Acme Airlines: "Acme Group", named lately (not another group)."""
        main = self.lead or self.dominant
        if main is None:
            return None
        first = main.split("-")[0]
        at = _last_start_by(self.named, start)
        return next((m for m in reversed(self.named[:at]) if m.key != main and m.key.split("-")[0] == first
                     and re.search(r"\bGroup$", m.text) and _recent([m], start, self.index, 6)), None)

    def _of(self, phrase: str, start: int) -> Mention | None:
        """The company the description ``phrase`` at ``start`` points back to, if any."""
        index = self.index
        antecedent = _subject_antecedent(self.named, self.named_starts, start, self.sentences, index) \
            or self.table.before(start)
        specific = _specific_words(phrase)
        fitting = None
        if specific:
            # "the Shenzhen-based drone maker": the nearest company the text says that of; when it
            # says it of none, the company just named (in this sentence or the one before), else none
            fitting = _fitting_antecedent(self.text, self.named, self.named_starts, start, specific,
                                          self.sentences, index)
            if fitting is not None:
                antecedent = fitting
            elif antecedent is None or not _near(antecedent.start, start, index, 1):
                # "Acme Co. said ... The Kyoto-based company booked ...": the main company, named lately
                main = self.by_key.get(self.dominant or "", [])
                return main[0] if main and _recent(main, start, index, 2) else None
        if antecedent is None or not _near(antecedent.start, start, index, 6):
            return None
        if fitting is None:
            return self._main_company_over(antecedent, phrase.split()[-1].lower(), start) or antecedent
        return antecedent

    def _main_company_over(self, antecedent: Mention, head: str, start: int) -> Mention | None:
        """The main company's first mention, when a description points to it rather than to the
        company named last: not when it stands in apposition to that one, nor when it follows it
        in the same sentence (outside that company's own relative clause), unless it is an app, a
        platform, a brand or a business, which is usually the main company's."""
        between = self.text[antecedent.end:start]
        appositive = re.fullmatch(r"\s*,\s*", between) is not None
        same_sentence = self.index.find(antecedent.start) == self.index.find(start) and head not in (
            "app", "platform", "brand", "business") and not _RELATIVE_TO.fullmatch(between)
        main = self.dominant
        if appositive or same_sentence or not main or main == antecedent.key:
            return None
        # "... titles published by rival Kelmar. The company shipped ...": a rival named in passing is
        # not what the story goes on about
        rival = _RIVAL_BEFORE.search(self.text, max(0, antecedent.start - 40), antecedent.start) is not None
        return self.by_key[main][0] if _recent(self.by_key.get(main, []), start, self.index, 6 if rival else 3) \
            else None


_RIVAL_BEFORE = re.compile(r"\b(?:rivals?\s+(?:such\s+as\s+|like\s+|including\s+)?|"
                           r"compet(?:es|ed|ing|e)\s+(?:with|against)\s+)$", re.I)


# Words of a description that say nothing a company's own sentences could confirm.
_VAGUE = frozenset("""the chinese american us u.s. south korean japanese taiwanese european tech technology consumer
internet state-owned privately held listed hong kong-listed company firm group brand manufacturer maker vendor giant
conglomerate operator carrier startup start-up platform app business based headquartered in""".split())
_HEAD_WORDS = {"chipmaker": "chip", "carmaker": "car", "automaker": "car"}


def _lead_company(text: str, named: list[Mention], sentences: list[tuple[int, int]]) -> str | None:
    """The company the story is about: of those its first two sentences name (the first sentence
    being the first that ends like one, so not a headline), the one its headline names first;
    without a headline that names one, the first its first sentence names, unless only as
    another's owner ("Kestra's retreat") or as the maker of a model ("an Antonov An-124 freighter")."""
    at = lead_index(text, sentences)
    if at is None:
        return None
    lead = sentences[at]
    headline = text[:lead[0]]
    opening = (lead[0], sentences[min(at + 1, len(sentences) - 1)][1])
    in_headline = [(pos, m.key) for m in named if opening[0] <= m.start and m.end <= opening[1]
                   for pos in [_named_in(headline, m.text)] if pos >= 0]
    if in_headline:
        return min(in_headline)[1]
    for m in named:
        if lead[0] <= m.start and m.end <= lead[1]:
            return None if re.match(r"['’]s\b", text[m.end:m.end + 2]) or _MODEL_CODE.match(text, m.end) else m.key
    return None


# a model's code after its maker's name: "an Antonov An-124 freighter", "Boeing 737", "Airbus A350"
_MODEL_CODE = re.compile(r"[ \t]+[A-Z]?[a-z]?-?\d{2,4}[A-Za-z]?\b")


def _named_in(headline: str, name: str) -> int:
    """Where the headline names the company (its name's first word as a word), or -1."""
    word = name.split()[0] if name.split() else ""
    hit = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", headline) if len(word) > 2 else None
    return hit.start() if hit else -1


def _specific_words(phrase: str) -> dict[str, bool]:
    """What a description claims about a company that its sentences could confirm: a trade
    ('drone maker', 'chipmaker'; False) or a place ('Shenzhen-based', 'based in Shenzhen'; True)."""
    low = phrase.lower()
    places = set(re.findall(r"([\w.]+)-based|based in ([\w.]+)|headquartered in ([\w.]+)", low))
    place_words = {w for group in places for w in group if w}
    out: dict[str, bool] = {}
    for word in re.sub(r"-based|(?:based|headquartered) in [\w.]+", " ", low).split():
        word = _HEAD_WORDS.get(word, word)
        if word not in _VAGUE and not word.endswith("-listed"):
            out[word] = False
    out.update((w, True) for w in place_words)
    return out


def _fitting_antecedent(text: str, named: list[Mention], starts: list[int], pos: int, words: dict[str, bool],
                        sentences: list[tuple[int, int]], index: SentenceIndex) -> Mention | None:
    """The company named before ``pos`` (within six sentences) whose own words -- its name and
    the part of its sentence up to the companies named beside it -- say most of ``words``;
    the nearest among equals. None when none says any. A place must be said of the company, not
    only be part of its name ('Beijing Zhongguancun Development' is not thereby Beijing-based)."""
    here = _sentence_of(index, pos, len(sentences))
    best: tuple[int, int, Mention] | None = None
    i = bisect_left(starts, pos) - 1
    while i >= 0:
        m = named[i]
        where = index.find(m.start)
        if where is None or here - where > 6:
            break
        # "Kelm Memory's chips feed Orvanta's processors": a name that only owns a thing after the
        # company its sentence is about is not what a description points back to
        owns = re.search(r"['’]s$", m.text) or re.match(r"['’]s\b", text[m.end:m.end + 2])
        owner_only = owns is not None and i > 0 and (
            named[i - 1].start >= sentences[where][0])
        if m.end <= pos and not owner_only:
            lo = max(sentences[where][0], named[i - 1].end if i > 0 else 0)
            # ("A, which builds engines, and B": the words before "and" are A's, not B's)
            joint = list(_LIST_JOINT.finditer(text, lo, m.start))
            lo = joint[-1].end() if joint else lo
            hi = min(sentences[where][1], named[i + 1].start if i + 1 < len(named) else len(text), pos)
            own = text[lo:max(hi, m.end)].lower()
            around = (text[lo:m.start] + " " + text[m.end:max(hi, m.end)]).lower()
            score = sum(1 for w, place in words.items() if _says(around if place else own, w))
            if score and (best is None or score > best[0]):
                best = (score, i, m)
        i -= 1
    return best[2] if best else None


_LIST_JOINT = re.compile(r",?\s+and\s+|;\s*")


# "Qualcomm, which sells processors to the Chinese handset maker": a description inside a
# company's own relative clause is some other company.
_RELATIVE_TO = re.compile(r"\s*,\s*(?:which|who|that)\b[^,;:]*", re.I)


def _says(own: str, word: str) -> bool:
    """Whether ``own`` has ``word`` ('drone' in 'drones'; 'car' as a word start, not in 'carrier')."""
    return word in own if len(word) >= 5 else re.search(r"\b" + re.escape(word), own) is not None


def _subject_antecedent(named: list[Mention], starts: list[int], pos: int,
                        sentences: list[tuple[int, int]], index: SentenceIndex) -> Mention | None:
    """The company a description most likely points back to: the first one named earlier in
    the same sentence, else the first one named in the closest of the two sentences before.
    ``named`` are the named companies sorted by start, ``starts`` their starts."""
    idx = index.find(pos)
    if idx is None:
        return None
    s, _ = sentences[idx]
    for i in range(bisect_left(starts, s), len(named)):
        if named[i].start >= pos:
            break
        if named[i].end <= pos:
            return named[i]
    for j in (idx - 1, idx - 2):
        if j < 0:
            break
        ps, pe = sentences[j]
        i = bisect_left(starts, ps)
        if i < len(named) and named[i].start < pe:
            return named[i]
    return None


def _sentence_of(index: SentenceIndex, pos: int, default: int) -> int:
    i = index.find(pos)
    return default if i is None else i


def _near(a: int, b: int, index: SentenceIndex, limit: int) -> bool:
    return _sentence_of(index, b, len(index.sentences)) - _sentence_of(index, a, 0) <= limit


def _recent(mentions: list[Mention], pos: int, index: SentenceIndex, limit: int) -> bool:
    """Whether one of ``mentions`` (sorted by start) ends by ``pos`` within ``limit`` sentences
    of it. Walks back from the last one starting by ``pos``; a mention's sentence never comes
    after that of one starting later, so the walk stops at the first one too far back."""
    ib = _sentence_of(index, pos, len(index.sentences))
    for i in range(_last_start_by(mentions, pos) - 1, -1, -1):
        m = mentions[i]
        if m.end > pos:
            continue
        ia = index.find(m.start)
        if ib - (0 if ia is None else ia) <= limit:
            return True
        if ia is not None:
            return False
    return False


def _last_start_by(mentions: list[Mention], pos: int) -> int:
    """How many of ``mentions`` (sorted by start) start by ``pos``."""
    lo, hi = 0, len(mentions)
    while lo < hi:
        mid = (lo + hi) // 2
        if mentions[mid].start <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo
