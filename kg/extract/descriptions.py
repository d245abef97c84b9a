"""Descriptive references ("the Chinese firm", "the vendor"): mentions of the company they
point back to, most often the one named just before them."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from kg.extract.mentions import EntityTable, Mention, SentenceIndex
from kg.models import COMPANY

_DESCRIPTIVE = re.compile(
    r"\b(?P<np>[Tt]he\s+(?:(?:[A-Z][a-z]+|Chinese|American|US|U\.S\.|South Korean|Korean|Japanese|"
    r"Beijing-based|Shenzhen-based|Shanghai-based|[a-z]+-based|tech|technology|electronics|"
    r"smartphone|phone|handset|telecom|telecoms|telecommunications|drone|chip|consumer|internet|"
    r"e-commerce|social media|video|semiconductor|battery|car|surveillance|camera|lidar|"
    r"mapping|software|hardware|state-owned|privately held|listed|Hong Kong-listed)\s+){0,3}"
    r"(?:company|firm|group|brand|manufacturer|maker|vendor|giant|conglomerate|chipmaker|"
    r"carmaker|operator|carrier|start-up|platform|app|business)\b"
    r"(?:\s+(?:based|headquartered)\s+in\s+[A-Z][a-z]+)?)(?P<after>\s*(?:'s|’s)?\s*\S*)")


def resolve_descriptions(text: str, table: EntityTable, sentences: list[tuple[int, int]]) -> None:
    """Add mentions for 'the Chinese firm', 'the brand', ...: the company named just before.

    Lookups go through indexes built once (sentence starts, the named companies by start, the
    spans already taken, mention counts kept up to date), so the pass is linear in the text.
    """
    index = SentenceIndex(sentences)
    ordered = all(a.start <= b.start for a, b in zip(table.mentions, table.mentions[1:]))
    if not ordered:
        table.sort()
    # the spans taken before this pass, by start, with the furthest end so far
    taken_starts = [m.start for m in table.mentions]
    taken_reach: list[int] = []
    for m in table.mentions:
        taken_reach.append(max(m.end, taken_reach[-1]) if taken_reach else m.end)
    named = [m for m in table.mentions if m.kind == COMPANY and not m.descriptive and not m.source]
    named_starts = [m.start for m in named]
    by_key: dict[str, list[Mention]] = {}
    for m in table.mentions:
        if not m.descriptive:
            by_key.setdefault(m.key, []).append(m)
    counts = Counter(m.key for m in table.mentions if m.kind == COMPANY and not m.source)
    dominant = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else None
    added: list[Mention] = []
    for m in _DESCRIPTIVE.finditer(text):
        start, end = m.span("np")
        after = m.group("after").strip()
        if re.match(r"^[A-Z][\w-]", after) and not after.startswith(("The", "In", "It", "On", "As")):
            continue  # "the Chinese company Acme": the name follows, nothing to resolve
        k = bisect_left(taken_starts, end)
        if k and taken_reach[k - 1] > start:
            continue  # overlaps a mention
        head = m.group("np").split()[-1].lower()
        if head in ("business", "platform", "app") and not m.group("np").lower().startswith("the "):
            continue
        antecedent = _subject_antecedent(named, named_starts, start, sentences, index) or table.before(start)
        specific = _specific_words(m.group("np"))
        if specific:
            # "the Shenzhen-based drone maker": the nearest company the text says that of; when it
            # says it of none, the company just named (in this sentence or the one before), else none
            fitting = _fitting_antecedent(text, named, named_starts, start, specific, sentences, index)
            if fitting is not None:
                antecedent = fitting
            elif antecedent is None or not _near(antecedent.start, start, index, 1):
                continue
        else:
            fitting = None
        if antecedent is None or not _near(antecedent.start, start, index, 6):
            continue
        appositive = re.fullmatch(r"\s*,\s*", text[antecedent.end:start]) is not None
        # "the company" after a company named in its own sentence is that one, not the article's
        # main company; an app or platform is its owner's, usually the main company
        same_sentence = index.find(antecedent.start) == index.find(start) and head not in (
            "app", "platform", "brand", "business") and not _RELATIVE_TO.fullmatch(text[antecedent.end:start])
        if fitting is None and not appositive and not same_sentence and dominant and (
                dominant != antecedent.key and _recent(by_key.get(dominant, []), start, index, 3)):
            antecedent = by_key[dominant][0]
        mention = Mention(start, end, text[start:end], antecedent.key, COMPANY, descriptive=True)
        added.append(mention)
        counts[mention.key] += 1
        if dominant is None or (-counts[mention.key], mention.key) < (-counts[dominant], dominant):
            dominant = mention.key
    table.mentions.extend(added)
    table.sort()


# Words of a description that say nothing a company's own sentences could confirm.
_VAGUE = frozenset("""the chinese american us u.s. south korean japanese taiwanese european tech technology consumer
internet state-owned privately held listed hong kong-listed company firm group brand manufacturer maker vendor giant
conglomerate operator carrier startup start-up platform app business based headquartered in""".split())
_HEAD_WORDS = {"chipmaker": "chip", "carmaker": "car", "automaker": "car"}


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
        if m.end <= pos:
            lo = max(sentences[where][0], named[i - 1].end if i > 0 else 0)
            hi = min(sentences[where][1], named[i + 1].start if i + 1 < len(named) else len(text), pos)
            own = text[lo:max(hi, m.end)].lower()
            around = (text[lo:m.start] + " " + text[m.end:max(hi, m.end)]).lower()
            score = sum(1 for w, place in words.items() if _says(around if place else own, w))
            if score and (best is None or score > best[0]):
                best = (score, i, m)
        i -= 1
    return best[2] if best else None


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
