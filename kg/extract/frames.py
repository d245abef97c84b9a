"""Grammar matches read as statements about entities: which mentions fill each role, and
which dates belong to the trigger's own clause.

:mod:`kg.extract.grammar` returns tokens; a statement needs the article's mentions (a
company, a government body, a list) and the date of *this* action, not of a neighbouring
event ("Acme, which sued in May, was blacklisted in January": January). Everything here
reads the parse and the mentions; nothing is mutated.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Token

from kg.extract import gazetteer, grammar
from kg.extract.date_terms import CARDINALS, DATELINE_DATE
from kg.extract.dates import Anchor, Found, find_dates_after
from kg.extract.names import NAMED_KIND
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, DateValue

if TYPE_CHECKING:
    from kg.extract.mentions import Mention

# entity kinds by the names the grammar files use
KINDS = {"company": COMPANY, "government": GOVERNMENT, "court": COURT, "person": PERSON, "list": LIST}
# clauses under a trigger that speak of another event: their dates are not the trigger's
_OTHER_EVENT = frozenset({"relcl", "advcl", "ccomp", "acl", "parataxis", "csubj", "xcomp", "pcomp"})


@dataclass(frozen=True)
class Statement:
    """One frame found in one sentence: the roles filled by mentions (entity keys, in text
    order, one per conjoined name) and the dates of the trigger's clause."""

    frame: str
    rule: str
    trigger_start: int  # character offset of the trigger in the article
    roles: dict[str, tuple[str, ...]]  # role -> entity keys
    positions: dict[str, tuple[int, ...]]  # role -> start of each mention
    dates: tuple[DateValue, ...]
    carries: bool = False  # the rule speaks of a measure just named: its doer and date carry over
    # companies the statement itself names that the entity passes missed (key -> name): a
    # name conjoined with known companies in a target role ("VTB Bank, Sovcombank and Otkritie")
    coined: dict[str, str] = field(default_factory=dict)


class MentionIndex:
    """Mentions by position, for mapping tokens to the mentions that cover them."""

    def __init__(self, mentions: Sequence) -> None:  # Sequence[entities.Mention]
        self.mentions = sorted((m for m in mentions if not m.source), key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]

    def before(self, pos: int, kinds: tuple[str, ...]):  # -> Mention | None
        """The last mention of ``kinds`` that ends by ``pos``."""
        for i in range(bisect_right(self.starts, pos) - 1, -1, -1):
            m = self.mentions[i]
            if m.end <= pos and m.kind in kinds and not m.descriptive:
                return m
        return None

    def covering(self, start: int, end: int, kinds: tuple[str, ...]) -> list:
        """Mentions of ``kinds`` overlapping [start, end), in text order."""
        out = []
        for i in range(max(0, bisect_right(self.starts, start) - 8), bisect_right(self.starts, end - 1)):
            m = self.mentions[i]
            # descriptive references ("the company") count: the entity passes resolved them
            if m.start < end and start < m.end and (not kinds or m.kind in kinds):
                out.append(m)
        return out


def _kinds(arg: grammar.Arg) -> tuple[str, ...]:
    return tuple(KINDS[k] for k in arg.kinds)


def _token_mentions(token: Token, offset: int, index: MentionIndex, kinds: tuple[str, ...]) -> list:
    """The mention that covers ``token``, else the last one in its noun phrase's left part
    ("Russia's largest lender Sberbank" ends in the name)."""
    start = token.idx + offset
    hit = index.covering(start, start + len(token.text), kinds)
    if hit:
        return hit[-1:]
    if token.lemma_.lower() in _NOT_ITS_COMPANY:
        return []  # "designated the bank's owner and chairman", "Acme's parent": not the bank, not Acme
    if COMPANY in kinds and index.covering(start, start + len(token.text), (PERSON,)):
        return []  # "Acme chief executive Ann Lee was named": the person, not Acme
    left = token.left_edge if token.left_edge.i >= token.i - 6 else token
    return index.covering(left.idx + offset, start, kinds)[-1:]


_INTRODUCERS = (":", "—", "–", "among them", "including", "such as", "namely")


_OWNING = frozenset({"own", "run", "operate", "make", "develop", "build", "launch", "publish"})


def _owner(token: Token, offset: int, index: MentionIndex) -> list:
    """The company a product is said to belong to, within the product's own phrase: "owned
    by X" (passive), "X runs" (relative clause), "app of X", "X's app"."""
    phrase = [t for t in token.subtree if t.i >= token.i - 3]
    for t in phrase:
        pointer = None
        if t.lemma_.lower() in _OWNING and t.pos_ == "VERB":
            pointer = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                           None) or next((c for c in t.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
        elif t.dep_ in ("appos", "compound") and t.lemma_.lower() in ("app", "service", "platform", "brand"):
            pointer = next((g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                            for g in c.children if g.dep_ == "pobj"), None) or next(
                (c for c in t.children if c.dep_ == "poss"), None)
        if pointer is not None:
            owners = index.covering(pointer.left_edge.idx + offset, pointer.idx + len(pointer.text) + offset,
                                    (COMPANY,))
            if owners:
                return owners[-1:]
    return []


def _listed_after_colon(token: Token, offset: int, end: int, index: MentionIndex) -> list:
    """The companies a plural noun introduces later in its sentence: after a colon, "among
    them", "including", "such as" ("names 59 companies, among them A, B and C")."""
    doc = token.doc
    for t in doc[token.i + 1:]:
        if t.idx + offset >= end:
            break
        two = f"{t.lower_} {doc[t.i + 1].lower_}" if t.i + 1 < len(doc) else t.lower_
        if t.text == ":" or t.lower_ in _INTRODUCERS or two in _INTRODUCERS:
            return index.covering(t.idx + offset, end, (COMPANY,))
        if t.pos_ == "VERB" and t.dep_ not in ("acl", "relcl", "amod") and not token.is_ancestor(t):
            break  # another clause (not one inside the noun's own description): what follows is not its list
    # "an export ban on eight companies that it says helped Russia:", "added the other nine for
    # what it called complicity:" and the items below
    last = token.sent[-1] if not token.sent[-1].is_space else token.sent[-2]
    if last.text == ":" and (token.lemma_.lower() in _BUSINESS_NOUNS or token.pos_ == "NUM") and (
            last.idx + offset + 1 < end):
        return index.covering(last.idx + offset, end, (COMPANY,))
    return []


# plural nouns that stand for companies ("all four firms"), not for their suits or products
_BUSINESS_NOUNS = frozenset("""company firm entity business group bank lender maker manufacturer supplier vendor
operator subsidiary affiliate unit carrier refiner insurer exchange producer developer designer shipper""".split())
# plural nouns for people: the names they introduce are people's, and companies named beside
# them are their employers
_PEOPLE_NOUNS = frozenset("""person people individual executive official director manager oligarch businessman
businessmen citizen national member officer leader owner shareholder relative""".split())
# a person's role at a company ("the bank's chairman", "Acme's founder")
_ROLE_NOUNS = frozenset("""chairman chairwoman chair founder co-founder ceo president head chief boss employee
son daughter wife husband parent affiliate subsidiary unit arm division customer client supplier""".split())
# the head nouns whose possessor is not what they name ("the bank's owner", "Acme's parent")
_NOT_ITS_COMPANY = _PEOPLE_NOUNS | _ROLE_NOUNS
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "both": 2}


def _counted_anaphor(token: Token, offset: int, index: MentionIndex) -> list:
    """"all four firms", "the two companies", "both companies": the last N companies named
    before the phrase (N given by the phrase)."""
    words = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
    if token.lemma_.lower() not in _BUSINESS_NOUNS or not words & {"the", "these", "those", "all", "both"}:
        return []  # "the two suits" counts suits, not companies
    n = next((_NUMBERS[w] if w in _NUMBERS else int(w) for w in words if w in _NUMBERS or w.isdigit()), 0)
    if not 2 <= n <= 10:
        return []
    start = token.left_edge.idx + offset
    word = NAMED_KIND.get(token.lemma_.lower())
    # "the two banks": the last two whose names say they are banks (within 1,500 characters)
    named_so = _last_named(start, n, index, lambda m: not m.descriptive and re.search(word, m.text, re.I) is not None,
                           1500) if word else []
    if named_so:
        return named_so
    found = {m.key: m for m in _last_named(start, n, index)}
    if not found:
        return []
    # "the merger of Acme and its affiliate Bolt ... an injunction sought by Cord, which owns 4% of
    # Bolt, barring the two companies": the pair named together that the last names reach into
    joined = _joined_group(token.doc.text, offset, start, n, index)
    return joined if joined and {m.key for m in joined} & set(found) else list(found.values())


def _last_named(pos: int, n: int, index: MentionIndex, fits: Callable[[Any], bool] | None = None,
                within: int | None = None) -> list:
    """The last ``n`` different companies named before ``pos`` that ``fits`` keeps (at most
    ``within`` characters back); none when fewer are."""
    found: dict[str, object] = {}
    at = pos
    while len(found) < n:
        m = index.before(at, (COMPANY,))
        if m is None or (within is not None and pos - m.start > within):
            return []
        if fits is None or fits(m):
            found.setdefault(m.key, m)
        at = m.start
    return list(found.values())


# "Acme Co. and its affiliate Bolt Co.", "Acme-Bolt", "Acme, Bolt and Cord": names given together
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|[-–/]\s*)(?:(?:its|their)\s+(?:[\w-]+\s+){0,2})?")


def _joined_group(text: str, offset: int, pos: int, n: int, index: MentionIndex) -> list:
    """The latest ``n`` companies named together before ``pos`` (at most 700 characters back):
    "the merger of Acme and its affiliate Bolt ... barring the two companies" is Acme and Bolt,
    not the last two companies named, whoever they are."""
    named: list = []
    at = pos
    while len(named) < 12:
        m = index.before(at, (COMPANY,))
        if m is None or pos - m.start > 700:
            break
        if not m.descriptive:
            named.insert(0, m)
        at = m.start
    for i in range(len(named) - n, -1, -1):
        run = named[i:i + n]
        if len({m.key for m in run}) == n and all(
                _JOINED.fullmatch(text, a.end - offset, b.start - offset) for a, b in zip(run, run[1:])):
            return run
    return []


def government_of_place(token: Token) -> str | None:
    """'Britain sanctioned ...', '... by Japan': the country's government, from the gazetteer."""
    gaz = gazetteer.load()
    # (after a dateline the model may leave the country untagged: "SYDNEY, Feb 2 - Australia on ...")
    untagged = token.pos_ == "PROPN" and not token.ent_type_ and gaz.by_country_name(token.text) is not None
    if (token.ent_type_ not in ("GPE", "NORP") and not untagged) or in_dateline(token):
        return None
    # the whole name: "the United States" is the token "States" with its compounds
    words = [t for t in token.lefts if t.dep_ in ("compound", "amod") and t.ent_type_ == token.ent_type_]
    for name in (" ".join(t.text for t in [*words, token]), token.text):
        entry = gaz.by_country_name(name)
        if entry is not None:
            return entry.key
    return None


def in_dateline(token: Token) -> bool:
    """'LONDON' in "LONDON, Jan 28 – Washington has lifted ...": the place a story was filed
    from, in capitals at the start of a line; never a doer."""
    doc, i = token.doc, token.i
    while i > 0 and doc[i - 1].text.isupper() and doc[i - 1].is_alpha:
        i -= 1
    line_start = i == 0 or "\n" in doc[i - 1].text or doc[i - 1].is_space
    return line_start and token.text.isupper() and len(token.text) > 1 and i + 6 > token.i


def _event_head(trigger: Token) -> Token:
    """The verb whose clause a trigger's event is: the trigger itself, or for a noun the verb
    it is an argument of ("imposed sanctions on ...")."""
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "nsubj"):
        return trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "pobj":
        return trigger.head.head
    return trigger


def _subtree_without(head: Token, cut: frozenset[str]) -> list[Token]:
    out: list[Token] = []
    todo = [head]
    while todo:
        t = todo.pop()
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ not in cut
                    and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
                    and not (c.dep_ == "prep" and c.lower_ == "under"))  # the legal basis: "under the Act of 1999"
    return sorted(out, key=lambda t: t.i)


def clause_tokens(trigger: Token) -> list[Token]:
    """The trigger's own clause: its event's subtree without the clauses that speak of other
    events (relative and adverbial clauses, reported speech) and without the legal basis."""
    return _subtree_without(_event_head(trigger), _OTHER_EVENT)


def _other_events(trigger: Token) -> list[Token]:
    """Tokens under the trigger's event that belong to other events (cut from its clause)."""
    head = _event_head(trigger)
    inside = {t.i for t in clause_tokens(trigger)}
    return [t for t in head.subtree if t.i not in inside]


def _dates_in(tokens: list[Token], offset: int, sentence_start: int, dates: list[Found]) -> list[DateValue]:
    """The dates that cover any of ``tokens``."""
    chars = [t.idx + offset for t in tokens]
    return [d.value for d in dates if any(sentence_start + d.start <= c < sentence_start + d.end for c in chars)]


def _doers_clause_dates(match: grammar.Match, offset: int, sentence_start: int, dates: list[Found]) -> list[DateValue]:
    """The dates of the participle that names an undated statement's doer: "The names are these,
    all designated by Washington on Friday:" (its measure's day)."""
    verbs = [t.head.head for t in match.args.get("authority", ()) if t.head.dep_ == "agent"]
    return next((own for v in verbs if v.dep_ == "acl" and v.i != match.trigger.i
                 for own in [_dates_in(clause_tokens(v), offset, sentence_start, dates)] if own), [])


def _clause_dates(trigger: Token, offset: int, sentence_start: int, dates: list[Found]) -> list[DateValue]:
    """The dates of the trigger's own clause; failing that, those the sentence gives outside
    the trigger's event ("said on Thursday it had designated ..."), never those of a clause
    about another event ("Acme, which sued in May, was listed")."""
    # "until March 2025", "through 2026": when the measure ends or is reviewed, never its start
    tokens = clause_tokens(trigger)
    bounds = {t.idx + offset for t in tokens if t.lower_ in ("until", "till", "through", "thru", "to", "by")
              and t.dep_ == "prep"}
    bounded = [d for d in dates if any(0 <= sentence_start + d.start - b <= 7 for b in bounds)]
    dates = [d for d in dates if d not in bounded]

    def inside(tokens: list[Token]) -> list[DateValue]:
        return _dates_in(tokens, offset, sentence_start, dates)

    own = inside(tokens)
    if own:
        return own
    head = _event_head(trigger)
    # ("On September 10, hours after A confirmed B, the ministry designated C": a date the sentence
    # opens with is its main clause's, even where the parser hangs it on the clause after it)
    opening = {d.value for d in dates if d.start <= 3}
    other = [d for d in inside(_other_events(trigger)) + inside(list(head.subtree)) if d not in opening]
    return [d for d in (x.value for x in dates) if d not in other]


def _fillers(token: Token, kinds: tuple[str, ...], offset: int, start: int, end: int,
             index: MentionIndex, counts_back: bool = True) -> list[tuple[str, int]]:
    """(entity key, position) of the mentions one argument token stands for (``counts_back``:
    whether "the seven entities" may stand for the last seven companies named)."""
    named = token.text[:1].isupper() and index.covering(token.idx + offset, token.idx + len(token.text) + offset, kinds)
    if COMPANY in kinds and not named and (token.pos_ == "NUM" or token.lower_ in ("some", "several", "many")):
        # "Four of his companies are on the list: ...": the companies the number counts
        token = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj" and g.tag_ == "NNS"), token)
    if COMPANY in kinds and (token.tag_ == "NNS" or token.pos_ == "NUM" or (
            token.lower_ == "it" and token.pos_ == "PRON")) and not named:
        # "the companies", "the other nine", "it"; not a name read as a plural
        return _companies_referred(token, offset, end, index, counts_back)
    own = _token_mentions(token, offset, index, kinds)
    found = [(m.key, m.start) for m in own]
    if found and COMPANY in kinds:
        found += [(m.key, m.start) for m in _coordinated_in_chain(token, offset, index)]
        found += [(m.key, m.start) for m in _listed_beside(own[0], token.doc, offset, end, index)]
    if not found and COMPANY in kinds and token.pos_ == "PROPN":
        # an app or product named without a company mention: its owner, when the text names
        # one ("WeChat, the messaging app owned by Tencent", "the Alipay app, which Ant Group runs")
        found = [(m.key, m.start) for m in _owner(token, offset, index)]
    if not found and GOVERNMENT in kinds:
        found = government_referred(token, offset, index)
    return found


def _companies_referred(token: Token, offset: int, end: int, index: MentionIndex,
                        counts_back: bool = True) -> list[tuple[str, int]]:
    """The companies a plural noun, a count or "it" stands for."""
    if token.pos_ == "NUM":  # "added the other nine for ...:" and the names listed after the colon
        return [(m.key, m.start) for m in _listed_after_colon(token, offset, end, index)]
    if token.tag_ != "NNS":
        # "It has been on the Entity List since 2020": the company last named before
        m = index.before(token.idx + offset, (COMPANY,))
        return [(m.key, token.idx + offset)] if m is not None else []
    if token.lemma_.lower() in _PEOPLE_NOUNS:
        return []  # "listed two executives: Ann Lee, director of Acme": not Acme
    # "three companies that run the port: A, B and C": the names after the colon;
    # "all four firms", "the two companies": the last ones named before
    listed = _listed_after_colon(token, offset, end, index) or _counted_apposition(token, offset, index) or (
        _counted_anaphor(token, offset, index) if counts_back else [])
    return [(m.key, m.start) for m in listed]


def _counted_apposition(token: Token, offset: int, index: MentionIndex) -> list:
    """"Two other carriers in the group, Varlo and SkyBridgeFreight, were sanctioned": as many
    companies as the noun counts, named after it before its verb."""
    count = next((CARDINALS.get(c.lower_) or (int(c.text) if c.text.isdigit() else 0)
                  for c in token.children if c.dep_ == "nummod"), 0)
    if not count:
        return []
    stop = next((t for t in token.doc[token.i + 1:] if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "amod")),
                None)
    if stop is None:
        return []
    named = [m for m in index.covering(token.idx + len(token.text) + offset, stop.idx + offset, (COMPANY,))
             if not m.descriptive]
    return named if len({m.key for m in named}) == count else []


def government_referred(token: Token, offset: int, index: MentionIndex) -> list[tuple[str, int]]:
    """The government a word with no mention of its own stands for: a country ("Britain"), a
    country's body ("Japan's cabinet"), a body named before ("the office"), or "it"."""
    key = government_of_place(token) or country_body(token)
    if key:
        return [(key, token.idx + offset)]
    if token.lemma_.lower() in _STATE_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        # "Australia marked the anniversary with a sanctions round. The government singled out ...":
        # the country whose government was the subject just before
        before = _government_before(token, offset, index, main_only=True)
        if before:
            return before
    m = _body_described(token, offset, index)
    if m is not None:
        return [(m.key, token.idx + offset)]
    if token.lower_ in ("it", "they") and token.pos_ == "PRON":
        # "It also named Acme": the government last named before, as a body or a country
        return _government_before(token, offset, index)[:1]
    return []


def country_body(token: Token) -> str | None:
    """"Japan's cabinet", "Canada's foreign ministry": the government of the country a body noun's
    possessive names."""
    if token.lemma_.lower() not in BODY_NOUNS:
        return None
    return next((k for c in token.children if c.dep_ == "poss" for k in [government_of_place(c)] if k), None)


def _government_before(token: Token, offset: int, index: MentionIndex,
                       main_only: bool = False) -> list[tuple[str, int]]:
    """(key, position) of the government a subject pronoun stands for: the last clause
    subject before it (``main_only``: of a sentence's main verb), when that is a government body
    ("The agency added ... It also listed"), one described ("the department") or a country
    ("Canada has widened its list. On Monday it sanctioned ..."); nothing when that subject is a company."""
    sentences = 0
    for t in reversed(token.doc[:token.i]):
        sentences += t.is_sent_start
        if sentences > 2:
            break
        if t.dep_ not in ("nsubj", "nsubjpass") or (main_only and t.head.dep_ != "ROOT"):
            continue
        start = t.idx + offset
        if index.covering(start, start + len(t.text), (COMPANY,)):
            return []
        body = index.covering(start, start + len(t.text), (GOVERNMENT,)) or [
            m for m in [_body_described(t, offset, index)] if m is not None]
        key = body[-1].key if body else government_of_place(t)
        if key:
            return [(key, token.idx + offset)]
    return []


# nouns a text uses for a government body it has already named ("the office", "the ministry")
BODY_NOUNS = frozenset("""office department ministry bureau agency council commission treasury cabinet
administration government regulator secretariat bloc force""".split())


# nouns for a country's whole government
_STATE_NOUNS = frozenset({"government", "administration", "cabinet"})
# nouns that stand for any government body, whatever its name
_GENERIC_BODIES = frozenset({"government", "administration", "agency", "regulator"})


def _body_described(token: Token, offset: int, index: MentionIndex):  # -> Mention | None
    """"the office", "the department": the last government body named before whose name has
    that noun ("Office of Foreign Assets Control"); "the agency", "the government": the last
    government body named before."""
    noun = token.lemma_.lower()
    if token.pos_ != "NOUN" or noun not in BODY_NOUNS or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    pos = token.idx + offset
    while (m := index.before(pos, (GOVERNMENT,))) is not None:
        # ("the bloc": the European Union named before, not a country named in between)
        if noun in _GENERIC_BODIES or noun in m.text.lower() or (noun == "bloc" and m.key == "european-union"):
            return m
        pos = m.start
    return None


_CHAIN = frozenset({"nmod", "compound", "conj", "cc", "flat", "punct"})


def _coordinated_in_chain(token: Token, offset: int, index: MentionIndex) -> list:
    """Companies coordinated with the one ``token`` names inside one flat chain of names,
    where the parser hung a list of long names on the last one instead of conjoining them
    ("sanctioned Alpha Oil and Gas Ltd and Beta Co., Ltd": the object is "Ltd"). A name
    joined without "and" or a comma ("Alpha Group subsidiary Beta") is not one of them."""
    chain, todo = [], [token]
    while todo:
        t = todo.pop()
        chain.append(t)
        todo.extend(c for c in t.children if c.dep_ in _CHAIN)
    if len(chain) < 4:
        return []
    chain.sort(key=lambda t: t.i)
    own = _token_mentions(token, offset, index, (COMPANY,))
    if not own:
        return []
    out = []
    named = [t.idx + offset for t in chain if t.dep_ not in ("punct", "cc")]
    for m in index.covering(chain[0].idx + offset, chain[-1].idx + len(chain[-1].text) + offset, (COMPANY,)):
        if m.key == own[0].key or not any(m.start <= p < m.end for p in named):
            continue  # a name inside an apposition the chain only spans ("B, a unit of Acme,")
        lo, hi = (m.end, own[0].start) if m.end <= own[0].start else (own[0].end, m.start)
        if any(lo <= t.idx + offset < hi and (t.dep_ == "cc" or t.text == ",") for t in chain):
            out.append(m)
    return out


# between two items of a list: a comma, "and", a semicolon; after an item's place ("Acme in St.
# Louis, Bolt", "Acme of Kyrgyzstan and Bolt") or a bracket ("Acme (Hong Kong), Bolt"); the next item may
# open with its country's possessive
_LIST_JOIN = re.compile(r"(?:\s+(?:in|of|from)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}|\s*\([^()]{1,40}\))?"
                        r"\s*(?:,\s*(?:and\s+|or\s+)?|;\s*(?:and\s+)?|and\s+|or\s+)"
                        r"(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?['’]s\s+)?")  # "..., Kazakhstan's Bolt"


def _listed_beside(own, doc: Doc, offset: int, end: int, index: MentionIndex) -> list:
    """The companies a flat list of names joins to ``own`` by commas and "and" alone, where the
    parser hung the other names elsewhere ("lifted sanctions on A plc, B plc and JSC C": "B plc"
    as a loose dependent of the verb). A name that goes on as the subject of a verb ("A, B said")
    is not one of them."""
    text = doc.text
    companies = [m for m in index.covering(max(0, own.start - 400), end, (COMPANY,)) if not m.descriptive]
    at = next((i for i, m in enumerate(companies) if m is own), None)
    if at is None:
        return []
    out = _parallel_items(own, companies[at + 1:], text, offset)
    for step in (1, -1):
        prev, i = own, at + step
        while 0 <= i < len(companies):
            m = companies[i]
            lo, hi = (prev.end, m.start) if step == 1 else (m.end, prev.start)
            if not _LIST_JOIN.fullmatch(text[lo - offset:hi - offset]) or (step == 1 and _verb_follows(doc, offset, m)):
                break
            if step == -1 and i > 0 and _INSIDE_A_NAME.fullmatch(text, companies[i - 1].end - offset, m.start - offset):
                break  # "Acme by Bolt, Cord": Bolt is part of the name before it
            out.append(m)
            prev, i = m, i + step
    return out


_INSIDE_A_NAME = re.compile(r"[ \t]+by[ \t]+")
_REASON_AFTER = re.compile(r"\s*,?\s*(?:for|over)\b")
_ITEM_BEFORE = re.compile(r";\s*(?:and\s+)?$")


def _parallel_items(own, after: list, text: str, offset: int) -> list:
    """"designated A for its role in oil sales; B for operating tankers; and C for brokering":
    the names that open the items of a semicolon list whose first item is ``own``, each with
    its reason after it."""
    if not _REASON_AFTER.match(text, own.end - offset):
        return []
    return [m for m in after if _ITEM_BEFORE.search(text, max(0, m.start - offset - 8), m.start - offset)
            and _REASON_AFTER.match(text, m.end - offset)]


def _verb_follows(doc: Doc, offset: int, m) -> bool:
    """Whether a verb comes right after the mention ("Bolt said"): the name begins a clause."""
    span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
    return span is not None and span.end < len(doc) and doc[span.end].pos_ in ("VERB", "AUX")


def _coin(token: Token, offset: int, text_of: dict[int, str]) -> tuple[str, str] | None:
    """(key, name) for a proper noun no mention covers, named with its compounds."""
    from kg.extract.entities import org_key
    from kg.extract.model_entities import names_a_research_body
    from kg.extract.places import is_place

    if token.pos_ != "PROPN" or token.ent_type_ not in ("", "ORG") or not token.text[:1].isupper():
        return None
    first = min((c for c in token.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"),
                key=lambda c: c.i, default=token)
    name = token.doc.text[first.idx:token.idx + len(token.text)]
    if is_place(name) or len(name) < 3 or names_a_research_body(name):
        return None  # (nor "the Varna Atomic Research Center" conjoined with companies)
    return org_key(name), name


Group = tuple[tuple[str, int], ...]  # the targets of one measure: (key, position)
_OF_A_RESEARCH_BODY = re.compile(r"\b(?:Institute|Academy|University|Laborator(?:y|ies)|Cent(?:er|re))"
                                 r"\s+of\s+(?:the\s+)?$")


def _roles(match: grammar.Match, offset: int, start: int, end: int, index: MentionIndex,
           coined: dict[str, str] | None = None,
           groups: tuple[Group, ...] = ()) -> dict[str, dict[str, int]] | None:
    """Each entity role's fillers (key -> position); None when a required role is empty.
    A target conjoined with named companies but itself unknown is coined (``coined``); "they"
    or "all of them" as the target is one of ``groups``, the targets of measures told before."""
    roles: dict[str, dict[str, int]] = {}
    for role, arg in match.rule.args.items():
        if not arg.kinds:
            continue
        found: dict[str, int] = {}
        missed: list[Token] = []
        for token in match.args[role]:
            # ("The seven listed entities are mid-sized": the count a statement is about is no
            # target it names, unless names follow it)
            counts_back = role != "target" or not any(
                token.i == t.i for other, tokens in match.args.items() if other != role for t in tokens)
            fillers = _fillers(token, _kinds(arg), offset, start, end, index, counts_back) or (
                _referred_fillers(match, role, token, (offset, start), index, groups))
            if not fillers and token.dep_ == "conj" and not index.covering(
                    token.left_edge.idx + offset, token.idx + len(token.text) + offset, ()):
                missed.append(token)  # no mention of any kind: not a person the model knew
            for key, pos in fillers:
                found.setdefault(key, pos)
        if role == "target" and found and coined is not None:
            for token in missed:
                made = _coin(token, offset, {})
                if made is not None and made[0] not in found:
                    found[made[0]] = token.idx + offset
                    coined[made[0]] = made[1]
        if arg.required and not found:
            return None
        roles[role] = found
    if "target" in roles:
        doc_text = match.trigger.doc.text
        for m in _targets_past_the_parse(match.trigger, match.args["target"], offset, end, index):
            # (not the parent a research unit is named for: "the 48th Research Institute of Acme Group")
            if not _OF_A_RESEARCH_BODY.search(doc_text, max(0, m.start - offset - 40), max(0, m.start - offset)):
                roles["target"].setdefault(m.key, m.start)
    return roles


def _referred_fillers(match: grammar.Match, role: str, token: Token, where: tuple[int, int], index: MentionIndex,
                      groups: tuple[Group, ...]) -> list[tuple[str, int]]:
    """The fillers of a word with no mention of its own that refers to companies: "its" (the
    company the sentence named before it), a described conjunct ("and the U.S. gene sequencing
    company Bolt Inc."), "they" or "all of them" (a group of targets told of before)."""
    offset, start = where
    if COMPANY not in _kinds(match.rule.args[role]):
        return []
    if token.lower_ in ("it", "its"):  # "... each froze its assets"
        return _company_before(token.idx + offset, start, index) or (
            _company_of_the_sentence_before(token, offset, index) if token.lower_ == "its" else [])
    if token.dep_ == "conj":
        return _described_conjunct(token, offset, index)
    if role == "target" and groups and not any(
            token.i == t.i for other, tokens in match.args.items() if other != role for t in tokens):
        return list(_group_for(token, groups))  # "All of them already appear on the Entity List"
    return []


def _group_for(token: Token, groups: tuple[Group, ...]) -> Group:
    """The group of companies named before that the word stands for, if it stands for one: "they"
    or "all of them" (the targets of the latest measure on two or more)."""
    word = token.lower_
    of = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if (word == "they" and token.pos_ == "PRON") or (word == "all" and of and of[0].lower_ == "them"):
        return next((g for g in reversed(groups) if len(g) >= 2), ())
    return ()


def _targets_past_the_parse(trigger: Token, targets: list[Token], offset: int, end: int, index: MentionIndex) -> list:
    """More targets of a trigger that the parser hung elsewhere: the names after a colon that
    follow a plural ("designated A and three companies that run the port: B, C and D"), and the
    names joined to the object inside or after its relative clause."""
    out = [m for t in clause_tokens(trigger)
           if t.tag_ == "NNS" and t.i > trigger.i and t.lemma_.lower() not in _PEOPLE_NOUNS
           for m in _listed_after_colon(t, offset, end, index)]
    objects = [t for t in trigger.children if t.dep_ == "dobj"] if trigger.pos_ == "VERB" else []
    named = [t for t in targets if t.dep_ in ("attr", "nsubj")]  # ("The first four are A, a maker of X, B and C")
    joined = _conjoined_into_a_clause(objects + named, offset, end, index)
    if trigger.pos_ == "VERB" and not joined:
        joined = _joined_after_a_clause(trigger, offset, end, index)
    return out + joined


def _conjoined_into_a_clause(targets: list[Token], offset: int, end: int, index: MentionIndex) -> list:
    """"designated A, which it says handled remittances, and B, an IT firm", "are A, a maker of
    training systems, B, C and D": the parser conjoined B (and the names after it) with a word of
    A's relative clause or description; a name after a comma there is another target."""
    out, doc = [], targets[0].doc if targets else None
    for obj in targets:
        for clause in (c for c in obj.children if c.dep_ in ("relcl", "appos")):
            for x in clause.subtree:
                lo = x.left_edge.i
                if x.dep_ == "conj" and x.pos_ == "PROPN" and x.head.pos_ != "PROPN" and lo >= 2 and (
                        doc[lo - 1].text == "," or (doc[lo - 1].lower_ == "and" and doc[lo - 2].text == ",")):
                    for y in (y for y in x.subtree if y.i == x.i or (y.dep_ == "conj" and y.pos_ == "PROPN")):
                        out.extend(m for m in index.covering(y.left_edge.idx + offset, y.idx + len(y.text) + offset,
                                                             (COMPANY,)) if not m.descriptive and m.start < end)
    return out


def _joined_after_a_clause(trigger: Token, offset: int, end: int, index: MentionIndex) -> list:
    """"named A, which it says is owned by Ann Lee, together with B, C and D": the names joined to
    the object after its relative clause, wherever the parser hung them (not "works together with B")."""
    doc = trigger.doc
    for t in doc[trigger.i + 3:]:
        if t.idx + offset >= end or t.text in (";", ":"):
            break
        if t.lower_ == "with" and doc[t.i - 1].lower_ in ("together", "along") and doc[t.i - 2].text == ",":
            if doc[t.i + 1].lower_ in ("its", "his", "her", "their") and any(
                    x.lemma_.lower() in _NOT_ITS_COMPANY for x in doc[t.i + 2:t.i + 5]):
                return []  # ("together with its co-owner Ann Lee")
            # (up to another clause or a description: "B, a joint venture of Bolt and Dace")
            stop = next((x for x in doc[t.i + 1:] if x.text in (";", ":") or x.idx + offset >= end
                         or (x.pos_ in ("VERB", "AUX") and x.tag_ != "VBN")
                         or (x.pos_ == "DET" and doc[x.i - 1].text == ",")), None)
            hi = end if stop is None else min(end, stop.idx + offset)
            return [m for m in index.covering(t.idx + offset, hi, (COMPANY,)) if not m.descriptive]
    return []


def _company_before(pos: int, start: int, index: MentionIndex) -> list[tuple[str, int]]:
    """What "it" or "its" at ``pos`` stands for: the last company the sentence named before it
    ("Washington sanctioned the company on Tuesday, while the EU froze its assets")."""
    before = [m for m in index.covering(start, pos, (COMPANY,)) if m.end <= pos]
    return [(before[-1].key, before[-1].start)] if before else []


def _company_of_the_sentence_before(token: Token, offset: int, index: MentionIndex) -> list[tuple[str, int]]:
    """What "its" opening a sentence's object stands for: the first company the sentence before
    named, its subject as a rule ("Bolt, the developer behind the Cord project, has had less luck.
    The court dismissed its challenge": Bolt, not the project)."""
    sent = token.sent
    if sent.start == 0:
        return []
    before = token.doc[sent.start - 1].sent
    named = [m for m in index.covering(before.start_char + offset, before.end_char + offset, (COMPANY,))
             if not m.descriptive]
    return [(named[0].key, named[0].start)] if named else []


def _described_conjunct(token: Token, offset: int, index: MentionIndex) -> list[tuple[str, int]]:
    """"added Acme Corp. and the U.S. gene sequencing company Bolt Inc.": a conjunct the parser
    split at its description; the one company its words name."""
    lo, hi = token.left_edge.idx + offset, token.right_edge.idx + len(token.right_edge.text) + offset
    named = {m.key: m.start for m in index.covering(lo, hi, (COMPANY,))
             if not m.descriptive and _described_by(token, m, offset)}
    return list(named.items()) if len(named) == 1 else []


def _described_by(token: Token, m: Mention, offset: int) -> bool:
    """Whether the mention is what the conjunct's words describe, not a name in a phrase of its
    own ("a trading arm of Acme", "based in Bolton")."""
    t = next((x for x in token.subtree if x.idx + offset >= m.end - 1 or x.idx + len(x.text) + offset >= m.end), None)
    while t is not None and t.i != token.i:
        if t.dep_ in ("prep", "pobj", "appos", "relcl", "poss", "agent"):
            return False
        t = t.head if t.head.i != t.i else None
    return t is not None


def _anaphoric_doer(match: grammar.Match, roles: dict[str, dict[str, int]]) -> bool:
    """The doer is "it", "they" or "the office": the sentence goes on about the measure the
    text just named ("OFAC designated Acme on Monday. It also named Bolt")."""
    return bool(roles.get("authority")) and any(
        t.lower_ in ("it", "they") or (t.pos_ == "NOUN" and t.lemma_.lower() in BODY_NOUNS)
        for t in match.args.get("authority", ()))


def _agentless(match: grammar.Match, roles: dict[str, dict[str, int]], clause: list[DateValue]) -> bool:
    """A passive or participle with no doer and no date of its own ("Among the ship managers
    designated are A and B", "Two more firms were named"): the measure the text just named."""
    t = match.trigger
    return (match.rule.frame == "designation" and not roles.get("authority") and not clause
            and (t.dep_ in ("amod", "acl") or any(c.dep_ == "auxpass" for c in t.children)
                 or (t.dep_ == "acomp" and t.tag_ == "VBN" and t.head.lemma_ == "be")))  # "have been frozen"


_BULLET = re.compile(r"[ \t]*(?:[-•*–—▪●]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+\S")


def doc_sentence_end(doc: Doc, offset: int, pos: int) -> int:
    """The end of the parser's sentence that holds the first word at or after ``pos``."""
    for t in doc:
        if t.idx + offset >= pos and not t.is_space:
            return t.sent.end_char + offset
    return pos


def list_end(text: str, end: int, index: MentionIndex, doc: Doc | None = None, offset: int = 0) -> int:
    """Where a list that a sentence introduces with a final colon ends on the lines below it:
    bulleted or numbered items ("- Acme Ltd in India;"), or lines that are a company's name
    ("Acme Optics Co., Ltd."); ``end`` itself when the sentence does not end in a colon."""
    if not text[:end].rstrip().endswith(":"):
        return end
    rest = text[end:end + 200]
    if rest.strip() and "\n" not in rest[:len(rest) - len(rest.lstrip())]:
        # the items go on on the same line, as the next sentence the parser cut at the colon
        # ("six entities were taken off: Alpha Co., Beta Ltd and Gamma Inc.")
        return doc_sentence_end(doc, offset, end) if doc is not None else end
    pos, last, bulleted = end, end, None
    while pos < len(text):
        newline = text.find("\n", pos)
        stop = len(text) if newline < 0 else newline
        line = text[pos:stop]
        if line.strip():
            item = bool(_BULLET.match(line))
            if bulleted is None:
                bulleted = item
            words = line.split()
            named = index.covering(pos + len(line) - len(line.lstrip()), stop, (COMPANY,))
            if not (item if bulleted else (len(words) <= 8 and named
                                           and named[0].start <= pos + len(line) - len(line.lstrip()))):
                break
            last = stop
        elif last > end:
            break  # a blank line after the items
        pos = stop + 1
    return last


def _unnamed_items(doc: Doc, offset: int, start: int, end: int, index: MentionIndex) -> list[tuple[str, str, int]]:
    """(key, name, position) of the bulleted items below a sentence that no company mention
    starts: the item's leading proper noun ("- Elm Group, a distributor;" gives Elm Group)."""
    from kg.extract.entities import org_key
    from kg.extract.places import is_place

    out = []
    pos = start
    while pos < end:
        stop = min(end, len(doc.text) + offset)
        newline = doc.text.find("\n", pos - offset)
        stop = min(stop, newline + offset) if newline >= 0 else stop
        line = doc.text[pos - offset:stop - offset]
        if _BULLET.match(line) and not index.covering(pos, stop, (COMPANY, GOVERNMENT, PERSON)):
            span = doc.char_span(pos - offset, stop - offset, alignment_mode="expand")
            words = [t for t in span if not t.is_punct and not t.is_space] if span is not None else []
            lead = []
            for t in words:
                if t.pos_ != "PROPN" and not (lead and t.like_num):
                    break
                lead.append(t)
            if lead:
                name = doc.text[lead[0].idx:lead[-1].idx + len(lead[-1].text)]
                if not is_place(name) and len(name) >= 3:
                    out.append((org_key(name), name, lead[0].idx + offset))
        pos = stop + 1
    return out


def statements(g: grammar.Grammar, doc: Doc, offset: int, start: int, end: int, text: str,
               index: MentionIndex, anchor: Anchor | None, previous: DateValue | None = None,
               frames: Sequence[str] | None = None, dates: list[Found] | None = None,
               groups: tuple[Group, ...] = ()) -> list[Statement]:
    """The statements of the sentence text[start:end] (``doc`` begins at ``offset``); ``dates``
    are the sentence's dates if the caller has them (else found here, counting from ``previous``);
    ``groups``: the targets of measures told before, whom "they" and "all of them" may stand for."""
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    if span is None:
        return []
    if dates is None:
        dates = find_dates_after(text[start:end], anchor, previous)
    # a dateline's date is the day the story was filed: the sentence's own dates come first
    own = [d for d in dates if not DATELINE_DATE.match(text, start + d.end)]
    dates = own or dates
    items_end = list_end(text, end, index, doc, offset)  # "... on eight companies:" and the items below
    out: list[Statement] = []
    read: set[int] = set()  # triggers already read: one frame per trigger, the first that fills
    for match in g.match(span, frames):
        if match.trigger.i in read:
            continue
        coined: dict[str, str] = {}
        roles = _roles(match, offset, start, items_end, index, coined, groups)
        if roles is None:
            continue
        read.add(match.trigger.i)
        if items_end > end and any(p >= end for p in roles.get("target", {}).values()):
            for key, name, pos in _unnamed_items(doc, offset, end, items_end, index):
                roles["target"].setdefault(key, pos)
                coined[key] = name
        clause = _clause_dates(match.trigger, offset, start, dates) or _doers_clause_dates(match, offset, start, dates)
        carries = (bool(match.rule.attrs.get("carries")) or _anaphoric_doer(match, roles)
                   or _agentless(match, roles, clause))
        for part, part_dates in _gapped_parts(match, (offset, start, items_end), dates, roles, clause, index):
            ordered = {role: sorted(found.items(), key=lambda kv: kv[1]) for role, found in part.items()}
            out.append(Statement(
                frame=match.rule.frame, rule=match.rule.name, trigger_start=match.trigger.idx + offset,
                roles={role: tuple(k for k, _ in kv) for role, kv in ordered.items()},
                positions={role: tuple(p for _, p in kv) for role, kv in ordered.items()},
                dates=tuple(part_dates), carries=carries, coined=coined,
            ))
    return out


def _gapped_parts(match: grammar.Match, where: tuple[int, int, int], dates: list[Found],
                  roles: dict[str, dict[str, int]], clause: list[DateValue], index: MentionIndex
                  ) -> list[tuple[dict[str, dict[str, int]], list[DateValue]]]:
    """The statement's roles and dates, split where the verb is left out of a conjunct that has
    its own date ("blacklisted A on March 24, and B in June"): B's measure is of June.
    ``where``: the doc's offset, the sentence's start and the end of its items."""
    offset, start, end = where
    targets = roles.get("target")
    parts: list[tuple[dict[str, dict[str, int]], list[DateValue]]] = []
    kinds = _kinds(match.rule.args["target"]) if "target" in match.rule.args else ()
    for conj in (t for t in match.args.get("target", ()) if t.dep_ == "conj" and t.head.i == match.trigger.i):
        lo, hi = conj.left_edge.idx + offset, conj.right_edge.idx + len(conj.right_edge.text) + offset
        own = [d.value for d in dates if lo <= start + d.start < hi]
        said = {k for t in match.args["target"] if conj.left_edge.i <= t.i <= conj.right_edge.i
                for k, _ in _fillers(t, kinds, offset, start, end, index)}
        mine = {k: p for k, p in (targets or {}).items() if k in said}
        if own and mine and len(mine) < len(targets or {}):
            parts.append(({**roles, "target": mine}, own))
    if not parts:
        return [(roles, clause)]
    taken = {k for part, _ in parts for k in part["target"]}
    gapped = {d for _, own in parts for d in own}
    rest = {k: p for k, p in (targets or {}).items() if k not in taken}
    return [({**roles, "target": rest}, [d for d in clause if d not in gapped]), *parts]
