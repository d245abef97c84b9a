"""Whose figure it is.

A figure belongs to the company the parse attaches it to, else to the company named before it
in its clause (each clause or list item, ", B with 42 million and 15%", keeps its own), else to
the one the figures before were about, else to the company the article is about. "Respectively"
pairs names and figures in order; companies inside a relative clause (", which runs A and B,")
or an apposition (", a unit of B,") own nothing; a list item or ranked item headed by a name the
entity table does not know (a company the model missed) is nobody's we know.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.entities import EntityTable, Mention
from kg.extract.metric_measures import MEASURES, MONEY_MEASURES
from kg.extract.quantities import Quantity
from kg.models import COMPANY

COMPANY_REF = re.compile(r"\b(?:it|its|they|their|the (?:company|group|firm|vendor|maker|brand|manufacturer)(?:'s)?)\b",
                         re.I)
PRONOUN_START = re.compile(r"^\s*Its?\b")
# "Consolidated revenue rose ...": a word the model read as a name but that qualifies the measure
FIGURE_MODIFIERS = frozenset("""consolidated adjusted underlying reported quarterly annual total combined organic
comparable overall group net gross operating core""".split())
RANKING = re.compile(r"\b(?:in\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+place|"
                     r"(?:stayed|was|remained|came|finished|ranked)\s+(?:first|second|third|fourth|fifth|sixth|"
                     r"seventh|eighth|ninth|tenth)|,\s*(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                     r"tenth),)", re.I)
# "Acme led with 24%, followed by Bexo at 16.5% and Corva at 6.4%": a ranking's item named right
# before its figure; when the entity table does not know the name, the figure is not a neighbour's
LIST_CUE = re.compile(r"\b(?:followed by|ahead of|led|leading)\b", re.I)
ITEM_BEFORE = re.compile(r"(?:[,;]|\band|\bby)\s*(?P<head>[\w.&'-]+)\s+(?:at|on)\s+[$€£¥]?$")
# "..., Corva with 9.1 million and 4%": a list item whose head the entity table does not know
LIST_ITEM = re.compile(r"[,;\s]*(?:and\s+)?(?P<head>[\w.&'-]+)\s+with\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥\d]")
# ", which runs Acme, Bexo and Corva, grew ...": a relative clause inside the main one
RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^;]*?,(?=\s+[a-z])")


def relative_clauses(sentence: str, docs: list[tuple[int, Doc]] | None = None, base: int = 0) -> list[tuple[int, int]]:
    """The relative clauses inside the sentence's main clause: the names in them own nothing. With
    the parse (``docs``; ``base``: where the sentence starts), also a clause after a comma that
    lists things with commas of its own ("The division, which houses memory, system chips and the
    foundry, posted ...")."""
    spans = [m.span() for m in RELATIVE.finditer(sentence)]
    for m in re.finditer(r",\s+(?:which|who|whose)\b", sentence):
        token, offset = token_at(docs, base + m.end() - 1)
        verb = token.head if token is not None else None
        if verb is None or verb.dep_ != "relcl":
            continue
        end = max(t.idx + len(t.text) for t in verb.subtree) + offset - base
        if end > m.end() and not any(a <= m.start() < b and end <= b for a, b in spans):
            spans.append((m.start(), end))
    return spans


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """Clause boundaries: figures of different companies are usually split by these (not inside
    a relative clause)."""
    cuts = [0]
    inside = relative_clauses(sentence)
    for m in re.finditer(r";|,\s+(?:followed by|while|whereas|but|and|ahead of|behind|with)\b|\s+while\s+|"
                         r",\s+(?=[A-Z])|\bfollowed by\b|\s+and\s+(?=[A-Z])|"
                         r",\s+(?=[\w.&'-]+\s+with\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥\d])", sentence):
        if not any(a < m.start() < b for a, b in inside):
            cuts.append(m.start())
    cuts.append(len(sentence))
    return list(zip(cuts, cuts[1:]))


def modifier_word(name: str, sentence: str, end: int) -> bool:
    """A one-word 'name' that qualifies a measure word right after it ("Consolidated revenue")."""
    return name.lower() in FIGURE_MODIFIERS and any(
        rx.match(sentence, end + 1) for measure, rx in MEASURES if measure in MONEY_MEASURES)


def respectively_pairs(sentence: str, owners: list[Mention], figures: list[Quantity], base: int) -> dict[int, str]:
    """"A, B and C hold 67%, 8% and 5% of the market respectively": figures to companies in order."""
    m = re.search(r"\brespectively\b", sentence)
    if not m or not figures:
        return {}
    keys: list[str] = []
    for c in owners:
        if c.end - base <= figures[0].start and c.key not in keys:
            keys.append(c.key)
    out: dict[int, str] = {}
    for unit in {q.unit for q in figures}:
        same = [q for q in figures if q.unit == unit and not q.points and q.end <= m.start()]
        if len(keys) >= 2 and len(same) == len(keys):
            out.update({q.start: k for q, k in zip(same, keys)})
    if not out:
        at = m.start()
        out = _last_run_pairs(sentence, owners, figures, base, at) or _names_after_run(
            sentence, owners, figures, base, at) or _owners_of_amounts(sentence, owners, figures, base, at)
        keys = list(dict.fromkeys(out.values()))
    if out:
        out.update(_run_after(sentence, figures, m.end(), keys))
    return out


def _names_after_run(sentence: str, owners: list[Mention], figures: list[Quantity], base: int,
                     at: int) -> dict[int, str]:
    """"Net profit fell 97.5%, 34.7% and 10.7% at Acme, Bolt and Cord, respectively": a run of
    figures, then as many companies before "respectively", paired in order."""
    before = [q for q in figures if q.end <= at and not q.points]
    for i in range(len(before)):
        run = _leading_run(sentence, before[i:])
        keys = list(dict.fromkeys(c.key for c in owners if run[-1].end <= c.start - base and c.end - base <= at))
        if len(run) >= 2 and len(keys) == len(run):
            return {q.start: k for q, k in zip(run, keys)}
    return {}


def _owners_of_amounts(sentence: str, owners: list[Mention], figures: list[Quantity], base: int,
                       at: int) -> dict[int, str]:
    """"A's sales came to X and B's to Y, down 17.1% and 22.5% respectively": the run right before
    "respectively" goes, in order, with as many amounts before it, each to the company named just
    before it; the amounts themselves too."""
    before = [q for q in figures if q.end <= at and not q.points]
    if len(before) < 4:
        return {}
    run = _trailing_run(sentence, before)
    amounts = [q for q in before if q.end <= run[0].start][-len(run):]
    if len(run) < 2 or len(amounts) != len(run) or any(q.unit == run[0].unit for q in amounts):
        return {}
    keys, lo = [], 0
    for q in amounts:
        named = [c.key for c in owners if lo <= c.start - base and c.end - base <= q.start]
        keys.append(named[-1] if named else None)
        lo = q.end
    if None in keys or len(set(keys)) != len(keys):
        return {}
    out: dict[int, str] = {}
    for amount, change, key in zip(amounts, run, keys):
        out[amount.start] = out[change.start] = key
    return out


def _run_after(sentence: str, figures: list[Quantity], at: int, keys: list[str]) -> dict[int, str]:
    """"... $44.2 billion and $33.0 billion respectively, after growth of 91.5% and 12.8%": a run of
    as many figures right after "respectively" goes on pairing them with the same companies."""
    after = [q for q in figures if q.start >= at]
    if not after or after[0].start - at > 40:
        return {}
    run = _leading_run(sentence, after)
    return {q.start: k for q, k in zip(run, keys)} if len(run) == len(keys) else {}


def _leading_run(sentence: str, figures: list[Quantity]) -> list[Quantity]:
    """The first of ``figures`` and those of its unit joined to it by commas and "and" ("15%, 8% and 5%")."""
    run = [figures[0]]
    for q in figures[1:]:
        if q.unit != run[0].unit or not _RUN_JOIN.fullmatch(sentence, run[-1].end, q.start):
            break
        run.append(q)
    return run


def _trailing_run(sentence: str, figures: list[Quantity]) -> list[Quantity]:
    """The last of ``figures`` and those of its unit joined to it by commas and "and", before it."""
    run = [figures[-1]]
    for q in reversed(figures[:-1]):
        if q.unit != run[0].unit or not _RUN_JOIN.fullmatch(sentence, q.end, run[0].start):
            break
        run.insert(0, q)
    return run


_RUN_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:about\s+|around\s+)?$")
_BEFORE_RESPECTIVELY = re.compile(r"[\s,]*(?:(?:year[\s-]on[\s-]year|from\s+a\s+year\s+(?:earlier|ago)|"
                                  r"on\s+the\s+year)[\s,]*)?respectively\b", re.I)


def respective_measures(sentence: str, figures: list[Quantity], i: int,
                        levels: list[tuple[int, str]]) -> str | None:
    """"revenue of 27.6 trillion won and operating profit of 3.6 trillion won, up 6.5% and 3.1%
    respectively": the run of changes right before "respectively" goes to the amounts before it,
    in order, when those are of as many different measures. The measure of figure ``i``."""
    q = figures[i]
    if q.unit != "PERCENT":
        return None
    lo = hi = i
    while lo > 0 and figures[lo - 1].unit == q.unit and _RUN_JOIN.fullmatch(sentence, figures[lo - 1].end,
                                                                             figures[lo].start):
        lo -= 1
    while hi + 1 < len(figures) and figures[hi + 1].unit == q.unit and _RUN_JOIN.fullmatch(
            sentence, figures[hi].end, figures[hi + 1].start):
        hi += 1
    run = hi - lo + 1
    if run < 2 or not _BEFORE_RESPECTIVELY.match(sentence, figures[hi].end):
        return None
    before = [measure for start, measure in levels if start < figures[lo].start][-run:]
    if len(before) != run or len(set(before)) != run:
        return None
    return before[i - lo]


def _last_run_pairs(sentence: str, owners: list[Mention], figures: list[Quantity], base: int,
                    at: int) -> dict[int, str]:
    """"Acme came third with 40.8 million, followed by Bolt and Cord with 28.6 million and 27.1
    million units respectively": the run of figures right before "respectively", to the
    companies named between the figure before the run and the run, in order."""
    before = sorted((q for q in figures if q.end <= at and not q.points), key=lambda q: q.start)
    if len(before) < 2:
        return {}
    run = _trailing_run(sentence, before)
    lo = next((q.end for q in reversed(before) if q.end <= run[0].start and q not in run), 0)
    keys = list(dict.fromkeys(c.key for c in owners if lo <= c.start - base and c.end - base <= run[0].start))
    return {q.start: k for q, k in zip(run, keys)} if len(run) >= 2 and len(keys) == len(run) else {}


_FOR_NAME = re.compile(r"\s+for\s+")


def owner_after_run(sentence: str, figures: list[Quantity], i: int, owners: list[Mention], base: int) -> str | None:
    """"Kelvar Memory posted $9.72 billion and a 36% share against $9.1 billion and 33.7% for Tesk":
    the run of figures the figure is in (joined by commas and "and") ends in "for" and a company
    named right there: that company's."""
    hi = i
    while hi + 1 < len(figures) and _RUN_JOIN.fullmatch(sentence, figures[hi].end, figures[hi + 1].start):
        hi += 1
    after = _FOR_NAME.match(sentence, figures[hi].end)
    if after is None:
        return None
    return next((m.key for m in owners if m.start - base == after.end()), None)


# "Their market shares were 4.7% and 4.6%", "The two shipped 28.6 million and 28.5 million units": the
# figures of the companies the sentence before paired
# (after an opening phrase of time: "In the third quarter their shares had been ...")
_THEIR = re.compile(r"^\s*(?:(?:In|For|At|By)\s+[^,.;]{0,40}?,?\s+)?(?:Their|The\s+(?:two|three|pair|trio))\s",
                    re.I)


def their_pairs(sentence: str, before: list[Mention], figures: list[Quantity]) -> dict[int, str]:
    """"A and B came fourth and fifth ... Their market shares were 4.7% and 4.6%": the figures,
    one per unit, to the companies the sentence before named, in order."""
    keys = list(dict.fromkeys(m.key for m in before if not m.descriptive))
    if not _THEIR.match(sentence) or len(keys) < 2:
        return {}
    out: dict[int, str] = {}
    for unit in {q.unit for q in figures}:
        same = [q for q in figures if q.unit == unit and not q.points]
        if len(same) == len(keys):
            out.update({q.start: k for q, k in zip(same, keys)})
    return out


def unknown_list_item(sentence: str, clause: tuple[int, int], owners: list[Mention], base: int) -> bool:
    """"..., Corva with 9.1 million and 4%": the clause is a list item headed by a name the
    entity table does not know, so no known company owns its figures."""
    m = LIST_ITEM.match(sentence, clause[0])
    head = m["head"].lower() if m else ""
    if not m or head.endswith("ed") or head in ("it", "they", "which", "that", "this", "these", "those", "along",
                                                 "together", "level", "up", "down", "par", "line"):
        return False  # "compared with 16.9 billion", "together with ...": not a list item
    return not any(clause[0] <= o.start - base < m.end("head") for o in owners)


def unknown_ranked_item(sentence: str, clause: tuple[int, int], owners: list[Mention], base: int, at: int) -> bool:
    """"..., followed by Bexo at 16.5% and Corva at 6.4%": the figure's item is headed by a name
    the entity table does not know (a company the model missed), so no known company owns it."""
    m = ITEM_BEFORE.search(sentence, clause[0], at)
    if not m or not (RANKING.search(sentence) or LIST_CUE.search(sentence)):
        return False
    return not any(m.start("head") <= o.start - base < m.end("head") for o in owners)


# nouns that relate the one they name to the company after "of": "the owner of Gucci", "the parent of Acme"
_RELATIONAL = frozenset({"owner", "parent"})


def _related_to_another(docs: list[tuple[int, Doc]], m: Mention) -> bool:
    """Whether the mention is named as what another is related to ("the owner of Gucci")."""
    token, _ = token_at(docs, m.end - 1)
    while token is not None and token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token is not None and token.dep_ == "pobj" and token.head.lower_ == "of" and (
        token.head.head.lemma_.lower() in _RELATIONAL)


def figure_owner(table: EntityTable, companies: list[Mention], q: Quantity, base: int,
                 clause: tuple[int, int], docs: list[tuple[int, Doc]] | None,
                 last_company: str | None, sentence: str = "") -> tuple[str | None, float]:
    """Whose figure, and how sure: the company named before it in its clause (when the clause
    is not the sentence's first), the company the parse attaches it to, the company named before
    it in its first clause or right after it, else the company the figures were about before."""
    start = base + q.start
    # "The Geneva-based owner of Gucci reported sales ...": a company named as what the subject
    # owns is not whose figures they are
    related = {m.key for m in companies if docs and _related_to_another(docs, m)}
    companies = [m for m in companies if m.key not in related]
    in_clause = [m for m in companies if base + clause[0] <= m.start < base + clause[1]]
    # "Lumen Optics, a unit of Belmar Trading, said its revenue rose": a company inside an
    # apposition describes the subject; it owns nothing
    before = [m for m in in_clause if m.end <= start and not _in_apposition(docs, m.start)]
    if before and clause[0] > 0:
        return before[-1].key, 0.85
    # "came to 32.31 billion euros at Acme and 32.15 billion euros at Bolt": the company it is at
    at = next((m for m in companies if m.start >= base + q.end and _AT.fullmatch(sentence, q.end, m.start - base)),
              None)
    if at is not None:
        return at.key, 0.85
    by_syntax = _syntactic_owner(docs, companies, start) if docs else None
    if by_syntax:
        return by_syntax, 0.9
    if before:
        return before[-1].key, 0.85
    after = _named_right_after(in_clause, sentence, base, base + q.end)
    if after is not None:
        return after.key, 0.75
    owner = _owner_before(table, companies, start, last_company)
    return owner if owner[0] not in related else (None, 0.0)


_AT = re.compile(r"\s+at\s+(?:the\s+)?")


def reported_by(companies: list[Mention], sentence: str, base: int, q: Quantity) -> str | None:
    """The company whose report a figure is the object of: "the $25.18 billion (that) Bolt reported",
    "the 23.47 trillion won reported by Bolt"."""
    end = base + q.end
    m = next((m for m in companies
              if m.start >= end and re.fullmatch(r"\s+(?:that\s+)?", sentence[q.end:m.start - base])), None)
    if m is not None and _REPORTED.match(sentence, m.end - base):
        return m.key
    by = (m for m in companies if m.start >= end and _REPORTED_BY.fullmatch(sentence, q.end, m.start - base))
    return next((m.key for m in by), None)


_REPORT_VERBS = r"reported|posted|booked|earned|recorded|generated|made"
_REPORTED_BY = re.compile(r"\s+(?:" + _REPORT_VERBS + r"|taken\s+in)\s+by\s+")
_REPORTED = re.compile(r"\s+(?:had\s+|has\s+)?(?:" + _REPORT_VERBS + r"|took in)\b")


def _named_right_after(in_clause: list[Mention], sentence: str, base: int, end: int) -> Mention | None:
    """A company named just after the figure, not as what it is compared with ("ahead of B"), as
    the subject of another clause ("shipments jump 20% as B outpaces C") nor as a cause or a
    customer ("on hits from B", "helped by B")."""
    return next((m for m in in_clause if m.start >= end and m.start - end <= 25 and not re.search(
        r"\b(?:of|behind|ahead)\W*$|\b(?:as|while|when|whereas|after|but|although|though|from|by|on|with|to|thanks|"
        r"including)\b",
        sentence[end - base:m.start - base])), None)


def _owner_before(table: EntityTable, companies: list[Mention], start: int,
                  last_company: str | None) -> tuple[str | None, float]:
    """No company in the figure's clause: the one named last before it in its sentence ("Bolt
    held second place, but its revenue fell"), else the one the figures before were about,
    else the company the article is about if named before it."""
    prior = [m for m in companies if m.end <= start]
    if prior:
        return prior[-1].key, 0.75
    if last_company:
        return last_company, 0.7
    dominant = table.dominant()
    if dominant and dominant in {m.key for m in table.mentions if m.end <= start}:
        # "The tyre maker recorded a loss of X ... and received more in tax refunds": a name far
        # after the figure does not own it; the company the article is about, named before, does
        # (also when the sentence names none: the operator of a first section is not the landlord
        # a later section is about)
        return dominant, 0.6
    return None, 0.0


def token_at(docs: list[tuple[int, Doc]] | None, pos: int) -> tuple[Token | None, int]:
    """The token at character ``pos`` of the article, and its doc's offset."""
    doc, offset = None, 0
    for off, d in docs or ():
        if off <= pos:
            doc, offset = d, off
    if doc is None:
        return None, 0
    span = doc.char_span(pos - offset, pos - offset + 1, alignment_mode="expand")
    return (span[0] if span is not None and len(span) else None), offset


def main_subject(docs: list[tuple[int, Doc]] | None, owners: list[Mention]) -> str | None:
    """The one company a sentence is about: the subject or the complement of its main verb ("The
    standout was Bolt.", "Bolt stayed on top."), or the subject's owner ("Bolt's numbers are
    larger"), not one named in a quote's attribution or a clause."""
    keys = set()
    for m in owners:
        if m.kind != COMPANY:
            continue
        token, _ = token_at(docs, m.end - 1)
        if token is not None and token.dep_ == "case":  # the mention took the apostrophe ("Kelm Systems'")
            token = token.head
        while token is not None and token.dep_ in ("compound", "flat") and token.head.i != token.i:
            token = token.head
        if token is not None and token.dep_ == "poss" and token.head.dep_ in ("nsubj", "nsubjpass"):
            token = token.head  # "Bolt's numbers are larger": its subject is Bolt's
        if token is not None and token.dep_ in ("nsubj", "nsubjpass", "attr") and token.head.dep_ == "ROOT":
            keys.add(m.key)
    return keys.pop() if len(keys) == 1 else None


def _in_apposition(docs: list[tuple[int, Doc]] | None, pos: int) -> bool:
    """Whether the name at ``pos`` sits inside an apposition or a relative clause that
    describes another name (", a unit of X,"), below the clause's verb."""
    token, _ = token_at(docs, pos)
    if token is None:
        return False
    for _ in range(6):
        if token.dep_ in ("appos", "relcl") and token.head.pos_ == "PROPN":
            return True
        # (through a participle that describes a noun: "the owner controlled by X")
        if token.head.i == token.i or (token.pos_ in ("VERB", "AUX") and token.dep_ != "acl"):
            return False
        token = token.head
    return False


def _syntactic_owner(docs: list[tuple[int, Doc]], companies: list[Mention], pos: int) -> str | None:
    """Walk up the parse from the figure: the first company on the way, or the subject of
    the verb it hangs from ("Acme led with 22%", "Acme's revenue rose 20%")."""
    start, offset = token_at(docs, pos)
    if start is None or not companies:
        return None

    def company_at(token) -> str | None:  # type: ignore[no-untyped-def]
        p = token.idx + offset
        for m in companies:
            if m.start <= p < m.end:
                return m.key
        return None

    token = start
    for _ in range(8):
        if token.head.i == token.i:
            break
        token = token.head
        hit = company_at(token)
        if hit:
            return hit
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss"):
                for t in child.subtree:
                    hit = company_at(t)
                    if hit:
                        return hit
        if token.dep_ in ("ROOT",) or token.pos_ == "VERB" and token.dep_ in ("ccomp", "advcl", "conj"):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                break
    return None
