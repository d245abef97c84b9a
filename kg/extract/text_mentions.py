"""Mentions the model missed or mistook, found in the text itself: people with a title, known
companies styled in lower case, names the text calls a business, the EU's lists named by their
measures; and acronyms of common nouns, which are terms, not organisations."""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Token

from kg.extract import gazetteer
from kg.extract.company_names import title_case_line
from kg.extract.date_terms import CARDINALS
from kg.extract.mentions import EntityTable, Mention, SpanIndex, lead_index
from kg.extract.model_entities import in_dateline
from kg.extract.names import (
    BUSINESS_HEADS,
    GENERIC,
    PEOPLE_TOO,
    TRADE_WORDS,
    clean_name,
    has_trade_tail,
    is_sector_word,
    is_source_context,
    joins_sectors,
    org_key,
    person_key,
    start_with_digit_words,
    without_legal_suffix,
)
from kg.extract.places import is_place
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON

_TITLED = re.compile(
    r"\b(?:(?:U\.?S\.?|US|[Ff]ederal|[Dd]istrict|[Cc]ircuit|[Cc]hief|[Ss]enior|[Mm]agistrate|[Pp]residing)\s+)*"
    r"(?:[Jj]udge|Justice|President|Secretary|Minister|Chairman|CEO|Governor)\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){0,2})")
# a person's role written before the full name: "opposition lawmaker Ann Lee", "the banker Bo Chan",
# "chief executive Bo Chan said" (a full name after it is a person's, even one the model read as an organisation)
_ROLE_TITLED = re.compile(
    r"\b(?:lawmaker|legislator|[Ss]enator|oligarch|tycoon|businessman|businesswoman|banker|spokesman|spokeswoman|"
    r"chief\s+(?:executive|financial|operating)(?:\s+officer)?)\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2})")
_APPOSITIVE_JUDGE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){1,2}),\s+(?:a|the)\s+(?:[\w.]+\s+){0,3}"
    r"(?:judge|justice)\b")


EU_KEYS = frozenset({"european-union", "eu-general-court", "eu-court-of-justice", "eu-sanctions-list"})


def find_titled_people(text: str, table: EntityTable) -> None:
    """'Judge Rudolph Contreras', 'Carl Nichols, a judge of ...': people, whatever the model says.

    Organisation mentions that are only a surname of such a person are re-typed as them.
    """
    for rx in (_TITLED, _ROLE_TITLED, _APPOSITIVE_JUDGE):
        for m in rx.finditer(text):
            start, end = m.span("name")
            name = m.group("name")
            if title_case_line(text, start):
                continue  # "Judge Blocks Kelvar's Takeover": a headline's capitals, no title and name
            known = gazetteer.load().by_alias(name)
            if (known is not None and known.kind != PERSON) or any(
                    x.kind != PERSON and x.start <= start < x.end and not (rx is _ROLE_TITLED and (x.start, x.end) == (
                        start, end)) for x in table.mentions):
                continue  # "judge Acme": a title word before an organisation's name
            key = person_key(name)
            table.mentions = [x for x in table.mentions if not (x.start < end and start < x.end)
                              or x.kind not in (COMPANY, PERSON)]
            table.mentions.append(Mention(start, end, name, key, PERSON, titled=True))
    # (not a headline's "Judge Blocks Kelvar": its capitals make no one's full name)
    surnames = {m.key.rsplit("-", 1)[-1]: m.key for m in table.mentions
                if m.kind == PERSON and "-" in m.key and not title_case_line(text, m.start)}
    for m in table.mentions:
        if m.kind == COMPANY and m.key in surnames and " " not in clean_name(m.text):
            m.kind, m.key = PERSON, surnames[m.key]
    table.sort()


# A sentence or line that opens with a word in lower case: in English only a name its owner
# styles so ("vivo shipped ...", "realme led ...").
_LOWER_START = re.compile(r"(?:\A|(?<=\n\n)|(?<=[.!?]\s)|(?<=[.!?][\"”’]\s))[ \t]*(?P<name>[a-z][a-z0-9]+)"
                          r"(?=[\s,;:'’])")  # not a line that a hard wrap starts
# ... or that heads an item of a ranking ("..., Brand with 42.3 million and 15%, vivo with 25.9 million")
_LOWER_ITEM = re.compile(r"(?:,|\band)\s+(?P<name>[a-z][a-z0-9]+)"
                         r"(?=\s+(?:with|at|on)\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥]?\d)")


def find_styled_names(text: str, table: EntityTable) -> None:
    """Known companies written in lower case ('vivo'): the model and the case-sensitive
    gazetteer patterns miss them. A known name in lower case opening a sentence, or heading an
    item of a ranking (", name with 25.9 million"), is the name styled so; the article then writes
    it so everywhere."""
    gaz = gazetteer.load()
    styled: dict[str, gazetteer.Entry] = {}
    for m in [*_LOWER_START.finditer(text), *_LOWER_ITEM.finditer(text)]:
        entry = gaz.by_alias(m["name"])
        if entry is not None and entry.kind == COMPANY and m["name"] not in GENERIC:
            styled[m["name"]] = entry
    if not styled:
        return
    spans = [(m.start, m.end) for m in table.mentions]
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in styled) + r")(?![\w-])")
    for hit in pattern.finditer(text):
        start, end = hit.span()
        if any(s < end and start < e for s, e in spans):
            continue
        table.mentions.append(Mention(start, end, hit.group(1), styled[hit.group(1)].key, COMPANY,
                                      source=is_source_context(text, start, end)))
        table.confirmed.add(styled[hit.group(1)].key)
    table.sort()


def find_described_companies(doc: Doc, offset: int, text: str, table: EntityTable) -> None:
    """Names the text itself calls a business, which the model missed: a proper noun with
    an apposition or a title whose head is a business noun ("Sovcomflot, Russia's largest
    shipping group"; "drone maker Chengdu JOUAV"). Typing from the text's own evidence."""
    taken = [(m.start, m.end) for m in table.mentions]
    named = _mentions_by_token(doc, offset, table)
    for token in doc:
        # (a name of a capital and a digit the tagger reads as a noun: "Russia's second-largest airline, S7,")
        coded = token.text[:1].isupper() and any(ch.isdigit() for ch in token.text)
        if (token.pos_ != "PROPN" and not coded) or token.dep_ in ("compound", "flat"):
            continue
        if token.dep_ == "conj":
            _retype_conjuncts(table, named.get(token.i), named.get(token.head.i))
        if token.i not in named and _listed_among_companies(token, named):
            _add_listed_company(table, text, token, offset, taken)  # "Panasonic, SK On, CALB and Samsung SDI followed"
            continue
        mine = named.get(token.i)
        if _no_company_after_all(table, token, mine):
            continue
        if mine is not None and _its_own(token, mine):  # (or its figures)
            _retype_as_company(table, mine)  # "Meituan raised subsidies to defend its share": no person's
            continue
        if not _described_as_business(token) or any(c.dep_ == "poss" for c in token.children):
            continue  # ("research firm Kelm's Quarterly Phone Tracker": the firm's report, named as its own)
        if mine is not None and mine.kind == PERSON and not mine.titled:
            _retype_described_person(table, token, mine)
            continue
        first, last = _first_word(token), _joined_name_end(token)
        start, end = start_with_digit_words(text, first.idx + offset), last.idx + len(last.text) + offset
        if last is not token:
            _join_model_name(table, text, token.idx + len(token.text) + offset, end)
        _add_company(table, text, (start, end), taken, is_source_context(text, start, end))
    table.sort()


def _add_company(table: EntityTable, text: str, span: tuple[int, int], taken: list[tuple[int, int]],
                 source: bool = False, styled: bool = False) -> None:
    """A company mention of text[start:end] the model missed, unless a mention covers part of it
    or it names a place or is no name (``styled``: a name may open with a small letter, "iFlytek",
    as one listed among companies' names does)."""
    start, end = span
    name = text[start:end]
    if any(s < end and start < e for s, e in taken) or is_place(name) or in_dateline(text, start) or not (
            name[:1].isupper() or (styled and _STYLED.fullmatch(name))):
        return
    key = org_key(name)
    table.mentions.append(Mention(start, end, name, key, COMPANY, source=source))
    table.confirmed.add(key)
    taken.append((start, end))


_STYLED = re.compile(r"[a-z][A-Z][a-z][\w-]*")


def _one_of_other_people(token: Token) -> bool:
    """Whether a name is joined to "other" groups of people ("Uighurs and other minorities")."""
    return any(c.dep_ == "conj" and c.lemma_.lower() in _PEOPLES
               and any(g.lower_ == "other" for g in c.children if g.dep_ == "amod") for c in token.children)


_PEOPLES = frozenset({"minority"})  # (the one a case exercises; add a word with a case of its own)


def _its_own(token: Token, mine: Mention) -> bool:
    """Whether a one-word name the model took for a person is the subject of a clause that goes on
    to call something "its", with no other name between: "Acme raised prices to defend its share"
    (a person's would be "his" or "her"); or of a verb whose object is a company's figure."""
    if mine.kind != PERSON or mine.titled or " " in mine.text.strip() or token.dep_ != "nsubj":
        return False
    later = [t for t in token.head.subtree if t.i > token.i and (t.pos_ == "PROPN" or t.lower_ in _POSSESSIVES)]
    if later and later[0].lower_ == "its" and later[0].dep_ == "poss":
        return True
    # "Acme expects revenue of ...", "Acme swung to a loss": a company's figures are its own
    verb = token.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in _FIGURE_NOUNS for o in objects)


_POSSESSIVES = frozenset("its his her their".split())
# what a company reports and a person has not: its revenue, its loss
_FIGURE_NOUNS = frozenset("revenue revenues sale sales turnover profit loss earnings shipment shipments".split())


def _retype_described_person(table: EntityTable, token: Token, mine: Mention) -> None:
    """"Grodno Azot, Belarus's largest producer of fertilisers": a name the model took for a
    person that an apposition calls a business is a company; not one called "a gas trader" or
    "its owner", which people are called too."""
    described = [c for c in token.children if c.dep_ == "appos"]
    described += [token.head] if token.dep_ == "appos" else []
    if not any(d.lemma_.lower() in PEOPLE_TOO for d in described):
        _retype_as_company(table, mine)


def _described_as_business(token: Token) -> bool:
    """Whether an apposition calls the name ``token`` heads a business, or it is the apposition
    of a business noun. A plural after a name describes names joined together ("A and B, two chip
    firms"), not one name alone ("Chinese, Indian suppliers"); before one it lists ("the retailers Acme")."""
    several = token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children)
    return any(c.dep_ == "appos" and c.lemma_.lower() in BUSINESS_HEADS and c.pos_ == "NOUN" and (
        several or c.tag_ == "NN") for c in token.children) or (
        token.dep_ == "appos" and token.head.lemma_.lower() in BUSINESS_HEADS and token.head.pos_ == "NOUN")


def _mentions_by_token(doc: Doc, offset: int, table: EntityTable) -> dict[int, Mention]:
    """The mention (the first in the table) each word of ``doc`` is part of."""
    out: dict[int, Mention] = {}
    for m in table.in_span(offset, offset + len(doc.text)) if table.mentions else ():
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        for t in span if span is not None else ():
            out.setdefault(t.i, m)
    return out


def _listed_among_companies(token: Token, named: dict[int, Mention]) -> bool:
    """Whether a proper noun no mention covers is an item of a list of two or more companies'
    names ("Panasonic, SK On, CALB and Samsung SDI followed": the model missed Panasonic)."""
    listed = [named.get(c.i) for c in token.conjuncts]
    return token.pos_ == "PROPN" and sum(1 for m in listed if m is not None and m.kind == COMPANY) >= 2 and all(
        m is None or m.kind == COMPANY for m in listed)


def _add_listed_company(table: EntityTable, text: str, token: Token, offset: int, taken: list[tuple[int, int]]) -> None:
    """The company an untagged item of a list of companies names, where its first word is clear."""
    first = _first_word(token)
    before = token.doc[first.i - 1] if first.i > 0 else None
    if before is not None and (before.text[:1].isupper() or any(ch.isdigit() for ch in before.text)):
        return  # ("India's Si2 Microsystems": where the name begins is not clear)
    _add_company(table, text, (first.idx + offset, token.idx + len(token.text) + offset), taken, styled=True)


def _no_company_after_all(table: EntityTable, token: Token, mine: Mention | None) -> bool:
    """A name the text describes as a public body ("Varcom, the audiovisual authority,") or as one
    of a people ("against Uighurs and other mostly Muslim minorities"): retyped or dropped."""
    if any(c.dep_ == "appos" and c.lemma_.lower() in _PUBLIC_BODY_HEADS and c.pos_ == "NOUN" and not _in_trade(c)
           for c in token.children):
        _retype_body(table, mine)
        return True
    if mine is not None and mine.kind == COMPANY and _one_of_other_people(token):
        table.mentions = [m for m in table.mentions if m.text != mine.text or m.kind != COMPANY]
        return True
    return False


def _retype_conjuncts(table: EntityTable, mine: Mention | None, head: Mention | None) -> None:
    """Either of two conjoined names the model took for a person, when the other is a company's
    ("Varnopek and KelmChina", "KelmChina and Varnopek"; not "airports including Milan Malpensa")."""
    _retype_conjunct(table, mine, head)
    if head is not None and not is_place(head.text.split()[0]):
        _retype_conjunct(table, head, mine)


def _retype_conjunct(table: EntityTable, mine: Mention | None, other: Mention | None) -> None:
    """A name the model took for a person, joined to a company's ("KelmChina and Varnopek";
    "blacklisted Varna Oil and Kelmneftegaz"): a company too, wherever the text writes it so;
    not a name the text gives a title, nor a given name and a surname ("Acme and Igor Varnov")."""
    if mine is None or other is None or mine.kind != PERSON or other.kind != COMPANY or mine.titled:
        return
    if _PERSON_SHAPED.fullmatch(clean_name(mine.text)) and not any(is_place(w) for w in mine.text.split()):
        return
    _retype_as_company(table, mine)


def _retype_as_company(table: EntityTable, mine: Mention) -> None:
    """A name the model took for a person is a company, wherever the text writes it so."""
    for m in table.mentions:
        if m.kind == PERSON and m.text == mine.text and not m.titled:
            m.kind, m.key = COMPANY, org_key(m.text)
            table.confirmed.add(m.key)


# the head of an apposition that makes a name a public body, never a company
_PUBLIC_BODY_HEADS = frozenset("authority regulator watchdog agency ministry".split())
# ... unless a word before it names a trade: "Kelmros, a news agency"
_TRADE_AGENCIES = frozenset({"news"})


def _in_trade(head: Token) -> bool:
    return any(c.dep_ in ("compound", "amod") and c.lower_ in _TRADE_AGENCIES for c in head.children)


def _retype_body(table: EntityTable, mine: Mention | None) -> None:
    """A company mention the text calls a public body ("Varcom, the audiovisual authority"): a
    government body, wherever the text writes it so."""
    if mine is None or mine.kind != COMPANY:
        return
    for m in table.mentions:
        if m.kind == COMPANY and m.key == mine.key:
            m.kind = GOVERNMENT
    table.confirmed.discard(mine.key)


# two or three words in title case that name no line of business: a person's name
_PERSON_SHAPED = re.compile(r"(?!.*\b(?:" + TRADE_WORDS + r"|Railways?|Union)\b)[A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}")


def _join_model_name(table: EntityTable, text: str, head_end: int, end: int) -> None:
    """A company mention the model ended at the first of two words joined into one name goes on
    to the second (``head_end``: where the first ends; ``end``: where the second does)."""
    for m in table.mentions:
        if m.end == head_end and m.kind == COMPANY:
            m.end, m.text = end, text[m.start:end]
            m.key = org_key(m.text)
            table.confirmed.add(m.key)


def _joined_name_end(token: Token) -> Token:
    """The last word of the name ``token`` heads: a one-word conjunct a singular apposition
    describes together with it is part of the name ("Varnholt Docks and Warehousing, the operator
    of ..."); a plural apposition ("A and B, two chip firms") or a longer conjunct keeps them apart."""
    if not any(c.dep_ == "appos" and c.tag_ == "NN" for c in token.children):
        return token
    joined = [c for c in token.children if c.dep_ == "conj"]
    if len(joined) != 1 or joined[0].pos_ != "PROPN" or joined[0].i != token.i + 2 or list(joined[0].children):
        return token
    return joined[0] if token.nbor(1).lower_ in ("and", "&") else token


def _first_word(token: Token) -> Token:
    """The first word of the name ``token`` heads: down its compounds ("Varnasystems Pvt. Ltd.",
    the parser hanging "Varnasystems" on "Pvt."), capitalised ones the tagger took for nouns too,
    and the words of a name in a Romance language ("Petróleos de Venezuela": the parser's nmods)."""
    words = [token]
    for word in words:
        words.extend(c for c in word.children if c.i < word.i and (
            (c.dep_ in ("compound", "flat") and (c.pos_ == "PROPN" or c.text[:1].isupper()))
            or (c.dep_ == "nmod" and (c.lower_ in _NAME_PARTICLES or (c.pos_ == "PROPN" and c.i + 1 < word.i and all(
                t.lower_ in _NAME_PARTICLES for t in c.doc[c.i + 1:word.i]))))))
    first = min(words, key=lambda t: t.i)
    # ("TOKYO - Fast Retailing, the operator of ...": the parser hung the dateline on the name)
    dash = [t for t in first.doc[first.i:token.i] if t.text in _DASHES and t.whitespace_]
    return first.doc[dash[-1].i + 1] if dash else first


_DASHES = frozenset({"-", "–", "—"})


_NAME_PARTICLES = frozenset({"de", "del", "della", "do", "da", "di", "des", "du"})


# "deep ultraviolet (DUV) systems", "artificial intelligence (AI)": an acronym of common nouns
_TERM_ACRONYM = re.compile(r"(?<![\w-])(?P<words>(?:[a-z][a-z-]*\s+){1,4})\((?P<acr>[A-Z]{2,6})\)")


_THINGS_BEFORE = re.compile(r"(?<![\w-])[a-z]{4,},\s+[a-z]{4,},?\s+(?:and|or)\s+$")


# "sales excluding VAT and fuel", "excluding fuel and VAT": a thing a figure leaves out or takes in
_LEFT_OUT_BEFORE = re.compile(r"\b(?:excluding|including|excl\.|incl\.|net\s+of)\s+"
                              r"(?P<thing>[a-z]{3,}\s+(?:and|or)\s+)?$")
_THING_AFTER = re.compile(r"\s+(?:and|or)\s+(?!others?\b)[a-z]{3,}\b")


def _left_out_of_a_figure(text: str, use: re.Match[str]) -> bool:
    before = _LEFT_OUT_BEFORE.search(text, max(0, use.start() - 40), use.start())
    return before is not None and (before["thing"] is not None or _THING_AFTER.match(text, use.end()) is not None)


def drop_term_acronyms(text: str, table: EntityTable) -> None:
    """An acronym the text introduces for lower-case words is a term, not an organisation: the
    model's 'DUV' in 'deep ultraviolet (DUV) systems' and every later 'DUV'."""
    terms: set[str] = set()
    for m in _TERM_ACRONYM.finditer(text):
        acr, words = m["acr"], m["words"].split()
        for i in range(len(words)):
            letters = "".join(words[i:])
            if words[i][0] == acr[0].lower() and _subsequence(acr.lower(), letters):
                terms.add(acr)
                break
    # an acronym the text only ever uses as a kind of product: "products such as HBM",
    # "its HBM output", "HBM3E chips"
    # an acronym only ever used as a set of rules figures are reported under: "under IFRS",
    # "non-GAAP operating profit", "on an IFRS basis"
    for acr in set(re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)):
        uses = list(re.finditer(r"(?<![\w-])" + re.escape(acr) + r"(?![\w-])", text))
        as_product = [u for u in uses if _PRODUCT_BEFORE.search(text, max(0, u.start() - 40), u.start())
                      or _PRODUCT_AFTER.match(text, u.end())]
        as_rules = [u for u in uses if _RULES_BEFORE.search(text, max(0, u.start() - 20), u.start())
                    or _RULES_AFTER.match(text, u.end())]
        # (an acronym only ever listed with lower-case things: "fentanyl, methamphetamine and MDMA",
    # "sales excluding VAT and fuel")
        as_things = [u for u in uses if _THINGS_BEFORE.search(text, max(0, u.start() - 40), u.start())
                     or _left_out_of_a_figure(text, u)]
        if uses and (len(as_product) * 2 > len(uses) or len(as_rules) == len(uses) or len(as_things) == len(uses)):
            terms.add(acr)
        elif not uses and re.search(r"\bnon-" + re.escape(acr) + r"\b", text):
            terms.add(acr)
    terms |= _product_lines(text, table)
    if terms:
        table.mentions = [m for m in table.mentions if not (m.kind == COMPANY and clean_name(m.text) in terms)]


def _product_lines(text: str, table: EntityTable) -> set[str]:
    """One-word names the text only ever gives as a company's product line: "its Mac shipments",
    "their Pixel sales" (a company's own unit, "its Bolt unit", stays a company)."""
    out = set()
    for name in {clean_name(m.text) for m in table.mentions if m.kind == COMPANY and " " not in m.text.strip()}:
        uses = list(re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text))
        if uses and all(_OWNER_BEFORE.search(text, max(0, u.start() - 20), u.start())
                        and _PRODUCT_AFTER.match(text, u.end()) for u in uses):
            out.add(name)
        # "the Switch 2 console", "the original Switch", "15 million Switch 2 units": a product's
        # name, by its model number, its device noun or the words for a model before it
        device = [u for u in uses if _DEVICE_AFTER.match(text, u.end())
                  or _MODEL_BEFORE.search(text, max(0, u.start() - 20), u.start())
                  or _DEVICE_AFTER.match(text, (_MODEL_AFTER.match(text, u.end()) or u).end())]
        made = [u for u in uses if u in device or _MODEL_AFTER.match(text, u.end())]
        # (a maker's name before its models, "Airbus A350", "Boeing 737", is no product: the
        # text must also call the name a device or a model, not only number it)
        if device and len(made) * 2 > len(uses):
            out.add(name)
        if _joined_to_products(text, uses):
            out.add(name)
    # "Taobao and Tmall Group, the domestic e-commerce business, lifted revenue": a business unit
    for i, m in enumerate(table.mentions):
        # (a subsidiary with a legal form of its own, "Acme Media Ltd., the group's video arm", is a
        # company its segment is named after)
        if m.kind == COMPANY and _UNIT_APPOSITION.match(text, m.end) and not _OWN_FORM.search(m.text):
            out.add(clean_name(m.text))
            out.update(clean_name(p.text) for p in table.mentions[max(0, i - 2):i]  # "Taobao and Tmall Group"
                       if p.kind == COMPANY and re.fullmatch(r"\s+and\s+", text[p.end:m.start]))
    return out


def _joined_to_products(text: str, uses: list[re.Match[str]]) -> bool:
    """"Mac and iPad brought in ...", and otherwise only "the Mac": a name joined to a product's
    ("iPad", "iPhone") is a product."""
    joined = [u for u in uses if _PRODUCT_JOINED.match(text, u.end())
              or _PRODUCT_JOINED_BEFORE.search(text, max(0, u.start() - 30), u.start())]
    return bool(joined) and all(u in joined or text[max(0, u.start() - 4):u.start()] == "the " for u in uses)


# a product's name in a brand's styling, a small letter before a capital ("iPad", "eReader"), joined to a name
_PRODUCT_JOINED = re.compile(r",?\s+(?:and|or)\s+[a-z][A-Z]\w*(?![\w-])")
_PRODUCT_JOINED_BEFORE = re.compile(r"(?<![\w-])[a-z][A-Z]\w*,?\s+(?:and|or)\s+$")
_OWN_FORM = re.compile(r"\b(?:Ltd|Limited|Inc|Corp|Co|LLC|PLC|plc|GmbH|AG|S\.A|N\.V|Pte|JSC)\.?,?$")
_UNIT_APPOSITION = re.compile(r",\s+(?:the|its|the group's|the company's)\s+(?:[\w-]+\s+){0,3}?"
                              r"(?:business|unit|division|segment|arm)\b(?!\s+of\b)(?!\s+[A-Z])")


_MODEL_AFTER = re.compile(r"\s+(?:\d{1,2}(?:\.\d)?|[A-Z]\d{1,3}[a-z]?)\b"
                          r"(?!\.\d|\s*(?:%|percent|per\s+cent|million|billion|trillion|bn\b|m\b))")
_DEVICE_AFTER = re.compile(r"\s+(?:console|handsets?|smartphones?|phones?|devices?|game|games|headsets?|tablets?|"
                           r"laptops?|models?|app|chatbot)\b", re.I)
_MODEL_BEFORE = re.compile(r"\b(?:the\s+)?(?:original|first|new|latest|previous|older|cheaper)\s+$", re.I)


_OWNER_BEFORE = re.compile(r"\b(?:its|their|the company's|the firm's)\s+$", re.I)
_RULES_BEFORE = re.compile(r"\b(?:under|per|in\s+accordance\s+with|non-)\s*$", re.I)
_RULES_AFTER = re.compile(r"[\w-]*\s+(?:basis|terms|standards?|accounting|rules|measures?|figures?|reporting)\b|"
                          r"-(?:based|adjusted|compliant)\b", re.I)
# (what a supplier supplies is a product: "a key supplier of HBM to Kelm")
_PRODUCT_BEFORE = re.compile(r"products\s+such\s+as\s+(?:\w+\s+)?$|(?:its|the company's)\s+$|"
                             r"\b(?:supplier|maker|producer)s?\s+of\s+$", re.I)
# (a product's part of a company's sales: "HBM's share of sales")
# (or the market of a kind of product: "China's crowded EV market", "EV makers", not "Acme market share")
_PRODUCT_AFTER = re.compile(r"[\w-]*\s+(?:chips?|output|memory|products?|modules?|demand|supply|shipments|"
                            r"sales|prices?|capacity|wafers?|makers|sector|industry|"
                            r"markets?(?!\s+(?:share|value|cap|capitali[sz]ation)))\b|"
                            r"['’]s\s+share\s+of\s+(?:sales|revenue)\b", re.I)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


# The EU names its lists by the measures: "the list of persons and entities subject to restrictive
# measures against Syria", "restrictive measures in view of Russia's actions destabilising ...".
_EU_MEASURES = re.compile(r"\brestrictive measures\s+(?:against|in view of)\s+[^.,;:()\n]{2,90}?(?=\s*[.,;:()\n])",
                          re.I)


def find_list_phrases(text: str, table: EntityTable) -> None:
    """In an article about EU measures, the measures it names are the EU's sanctions list; a list a
    body calls its own ("China's commerce ministry added 28 entities to its export control list")
    is the list of that name the body's country keeps."""
    taken = [(m.start, m.end) for m in table.mentions]
    found = [(m.start(), m.end(), m.group(0), "eu-sanctions-list") for m in _EU_MEASURES.finditer(text)
             ] if any(m.key in EU_KEYS for m in table.mentions) else []
    found += _lists_of_their_own(text, table)
    for start, end, phrase, key in found:
        if not any(a < end and start < b for a, b in taken):
            table.mentions.append(Mention(start, end, phrase, key, LIST))
    table.sort()


def find_portfolio_bodies(text: str, table: EntityTable) -> None:
    """"the foreign ministry", "the trade ministry": a body named by a portfolio some government's
    body goes by (coreference links it to the body of that portfolio named before it)."""
    portfolios = _portfolio_words()
    taken = [(m.start, m.end) for m in table.mentions]
    for m in _PORTFOLIO_BODY.finditer(text):
        start, end = m.start("name"), m.end()
        if m.group("topic") in portfolios and not any(a < end and start < b for a, b in taken):
            table.mentions.append(Mention(start, end, m.group("name"), f"{m.group('topic')}-ministry", GOVERNMENT))
    table.sort()


_PORTFOLIO_BODY = re.compile(r"\b(?:the|its)\s+(?P<name>(?P<topic>[a-z]{4,})\s+ministry)\b")


@functools.cache
def _portfolio_words() -> frozenset[str]:
    """The portfolios of the ministries the gazetteer names ("China's foreign ministry": foreign)."""
    gaz = gazetteer.load()
    return frozenset(m.group(1).lower() for e in gaz.entries.values() for name in (e.label, *e.aliases)
                     for m in re.finditer(r"\b([A-Za-z]{4,})\s+[Mm]inistry\b", name))


# "China's export control list": an owner and a list name that is no list's name alone
_OWNED = re.compile(r"(?P<owner>[A-Z][\w.]*)(?:'s|’s)\s+(?P<name>\w+(?:\s+\w+)+)")
# a sentence's end (not that of "U.S.")
_STOP = re.compile(r"(?<![A-Z])[.!?][\"”’)]?\s+(?=[A-Z\"“])")


@functools.cache
def _owned_lists() -> tuple[dict[str, list[str]], re.Pattern[str] | None]:
    """A list's name without its owner -> the keys of the lists the gazetteer so names, and the
    pattern of "its <name>" for any of them."""
    gaz = gazetteer.load()
    owned: dict[str, list[str]] = {}
    for entry in gaz.entries.values():
        keeper = gaz.entries.get(entry.maintained_by or "")
        for alias in entry.aliases if entry.kind == LIST and keeper is not None else ():
            m = _OWNED.fullmatch(alias)
            if m is not None and gaz.countries.get(m.group("owner").lower()) is not None:
                owned.setdefault(m.group("name").lower(), []).append(entry.key)
    names = "|".join(re.escape(n) for n in sorted(owned, key=len, reverse=True))
    return owned, re.compile(rf"\b(?:its|their)\s+({names})\b", re.I) if owned else None


def _lists_of_their_own(text: str, table: EntityTable) -> list[tuple[int, int, str, str]]:
    """"its export control list" right after a body of the country whose list the gazetteer
    writes as "China's export control list" (in the same sentence)."""
    gaz = gazetteer.load()
    owned, phrase = _owned_lists()
    if phrase is None:
        return []
    bodies = [m for m in table.mentions if m.kind == GOVERNMENT]
    out = []
    for m in phrase.finditer(text):
        body = next((b for b in reversed(bodies) if b.end <= m.start()), None)
        if body is None or _STOP.search(text, body.end, m.start()) or body.key not in gaz.entries:
            continue
        country = gaz.entries[body.key].country
        out += [(m.start(1), m.end(1), m.group(1), key) for key in owned[m.group(1).lower()]
                if country and gaz.entries[gaz.entries[key].maintained_by or ""].country == country][:1]
    return out


def find_court_names(text: str, table: EntityTable) -> None:
    """"the Karnataka High Court", "the Delhi High Court": a court named by its place and rank that
    the model left untagged (overlapping no mention)."""
    gaz = gazetteer.load()
    table.sort()
    taken = SpanIndex([(m.start, m.end) for m in table.mentions])
    named = list(_PLACE_COURT.finditer(text))
    found = [m for m in named if is_place(m.group("place")) and not taken.overlaps(*m.span())]
    # "the UK Supreme Court": not the known court of another country that its last words name
    other = [(m, inside) for m in named if taken.overlaps(*m.span())
             for inside in [_other_countrys_court(m, table.mentions, gaz)] if inside]
    if other:
        dropped = {id(x) for _, inside in other for x in inside}
        table.mentions = [x for x in table.mentions if id(x) not in dropped]
        found.extend(m for m, _ in other)
    for m in found:
        entry = gaz.by_alias(m.group(0))
        key = entry.key if entry is not None and entry.kind == COURT else org_key(re.sub(r"['’]s\b", "", m.group(0)))
        table.mentions.append(Mention(m.start(), m.end(), m.group(0), key, COURT))
    if found:
        table.sort()


def _other_countrys_court(m: re.Match[str], mentions: list[Mention], gaz: gazetteer.Gazetteer) -> list[Mention]:
    """The mentions a court's name by country and rank covers when they name only the known court
    of another country ("UK" + the known "Supreme Court" of the United States); else none."""
    country = gaz.by_country_name(m.group("place"))
    inside = [x for x in mentions if x.start < m.end() and m.start() < x.end]
    if country is None or not inside or not all(
            x.kind == COURT and m.start() <= x.start and x.end <= m.end() for x in inside):
        return []
    known = [gaz.entries.get(x.key) for x in inside]
    return inside if all(e is not None and e.country and e.country != country.country for e in known) else []


_PLACE_COURT = re.compile(r"\b(?P<place>(?!The\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|UK|U\.K\.)(?:['’]s)?\s+"
                          r"(?:High|Supreme|Superior|Federal|Regional|District)"
                          r"\s+Court\b")


# what may stand between two pieces of one name: a space, or capitalised words the model left out
# ("Velmora" + " Maison Arlet " + "Louis Parel")
_NAME_GAP = re.compile(r" (?:[A-Z][\w&'’-]* ){0,3}")


# a nationality right before a line of business the model took alone ("Russian" + "Railways")
_NATIONALITY_BEFORE = re.compile(r"(?<![\w-])[A-Z][a-z]+(?:ian|ese|ish|an|ic|i)[ \t]+$")


def _with_nationality(text: str, m: Mention) -> Mention:
    """A company mention that is a line of business alone, after a nationality: the name is both
    ("Russian Railways", "Korean Air Lines" read as "Railways"); a line of business names nothing alone."""
    word = clean_name(m.text)
    if m.kind != COMPANY or m.descriptive or " " in word or not (is_sector_word(word) or has_trade_tail(" " + word)):
        return m
    before = _NATIONALITY_BEFORE.search(text, max(0, m.start - 20), m.start)
    if before is None:
        return m
    name = text[before.start():m.end]
    return Mention(before.start(), m.end, name, org_key(name), COMPANY, source=m.source)


def _pieces_of_a_name(text: str, prev: Mention, m: Mention, sectors: bool) -> bool:
    """Whether two mentions are pieces of one company's name: two companies with a space or
    capitalised words between them, or two lines of business joined; or pieces the model took
    for people with capitalised words between them ("LVMH Moët" + "Hennessy" + "Louis Vuitton":
    no person's name holds another's), or a "person" right before a line of business."""
    kinds = {prev.kind, m.kind}
    gap = _NAME_GAP.fullmatch(text, prev.end, m.start) is not None
    if kinds == {COMPANY}:
        return gap or sectors
    if prev.kind == PERSON and m.kind == COMPANY and text[prev.end:m.start] == " " and not prev.titled \
            and is_sector_word(m.text.split()[0]):
        return True  # "Guilin Alpha" + "Rubber and Plastics Technology Co": a name goes on to its trade
    return (gap and kinds <= {COMPANY, PERSON} and not (prev.titled or m.titled)
            and text[prev.end:m.start].strip() != "")


def _sectors_joined(text: str, prev: Mention, m: Mention) -> bool:
    """"Al-Varna Land Travel" + " and " + "Tourism Company": two lines of business joined inside
    one name, the second piece naming nothing by itself, or only after the kind of business it
    is ("Kelmsk Research" + " and " + "Production Enterprise Varna-Avia")."""
    if text[prev.end:m.start] != " and ":
        return False
    words = clean_name(m.text).split()

    def says_nothing(w: str) -> bool:
        return w.lower() in GENERIC or is_sector_word(w) or not without_legal_suffix(" " + w).strip()

    return joins_sectors(prev.text.split()[-1], words[0]) and (
        all(says_nothing(w) for w in words) or (len(words) >= 3 and says_nothing(words[1])))


def join_adjacent_names(text: str, table: EntityTable) -> None:
    """Two company mentions with nothing but a space (or capitalised words) between them are one
    name the model cut in two ("Q3Harris" + "Maritime Services"): a list or a sentence puts a
    comma, "and" or a verb between two companies. Where words stood between the pieces, the
    first piece alone is the long name's short form elsewhere in the story ("Velmora" for
    "Velmora Maison Arlet Louis Parel")."""
    out: list[Mention] = []
    short: dict[str, str] = {}
    for m in (_with_nationality(text, m) for m in table.mentions):
        prev = out[-1] if out else None
        sectors = prev is not None and _sectors_joined(text, prev, m)
        if (prev is not None and not m.descriptive and not prev.descriptive and m.text[:1].isupper()
                and text[prev.end - 1] not in ",;:.)" and _pieces_of_a_name(text, prev, m, sectors)):
            name = text[prev.start:m.end]
            out[-1] = Mention(prev.start, m.end, name, org_key(name), COMPANY, source=prev.source or m.source)
            if m.start - prev.end > 1:
                short.setdefault(prev.key, out[-1].key)
            if sectors:  # the second line of business names nothing alone, nor its bracketed acronym
                short.setdefault(m.key, out[-1].key)
            continue
        out.append(m)
    out = _legal_forms_joined(text, out)
    for m in out:
        if m.kind == COMPANY and m.key in short:
            m.key = short[m.key]
    if len(out) != len(table.mentions) or short or any(a is not b for a, b in zip(out, table.mentions)):
        table.mentions = out
        table.sort()


_NAME_BEFORE_COMMA = re.compile(r"(?:[A-Z][\w&'’.-]*(?:\s+(?:de|del|y|of|&|[A-Z][\w&'’.-]*))*)\s*,\s*$")


def _legal_forms_joined(text: str, mentions: list[Mention]) -> list[Mention]:
    """A legal form the model took for a name of its own ("S.A. de C.V.") ends the name before
    its comma: "Vargo Casa de Bolsa, S.A. de C.V." is one company."""
    out: list[Mention] = []
    for m in mentions:
        if m.kind == COMPANY and not without_legal_suffix(" " + clean_name(m.text)).strip():
            if any(x.start <= m.start and m.end <= x.end for x in out[-2:]):
                continue  # a name already taken in full with its legal forms ("Kelm Technology Co., Limited")
            name = _NAME_BEFORE_COMMA.search(text, max(0, m.start - 60), m.start)
            if name is not None:
                start = name.start()
                out = [x for x in out if x.end <= start]
                full = text[start:m.end]
                out.append(Mention(start, m.end, full, org_key(full), COMPANY, source=m.source))
                continue
        out.append(m)
    return out


_NAME = r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3}"
# "Two other carriers in the group, Varlo and SkyBridgeFreight, were ...": a counted business noun
# and, in apposition, as many names as it counts
_COUNTED_NAMES = re.compile(
    r"\b(?P<n>(?i:two|three|four|five|six|seven|eight|nine|ten)|\d)\s+(?:other\s+|more\s+)?(?:[\w-]+\s+)?"
    r"(?:companies|firms|carriers|airlines|banks|lenders|units|subsidiaries|affiliates|entities|insurers|"
    r"shippers|refiners|makers|suppliers|operators)\b[^,;:.]{0,40},\s+"
    r"(?P<names>" + _NAME + r"(?:,\s+" + _NAME + r")*,?\s+and\s+" + _NAME + r")\s*[,;—–]")


def find_counted_names(text: str, table: EntityTable) -> None:
    """Names in apposition to a counted business noun, as many as it counts ("Two other carriers
    in the group, Varlo and SkyBridgeFreight,"): companies, whatever the model made of them."""
    taken = [(m.start, m.end) for m in table.mentions if m.kind == COMPANY]
    added = False
    for hit in _COUNTED_NAMES.finditer(text):
        n = CARDINALS.get(hit["n"].lower()) or int(hit["n"])
        names = [(m.start(), m.end()) for m in re.finditer(_NAME, hit["names"])]
        if len(names) != n:
            continue
        base = hit.start("names")
        for s, e in names:
            start, end = base + s, base + e
            name = text[start:end]
            if is_place(name) or any(a < end and start < b for a, b in taken):
                continue
            table.mentions = [m for m in table.mentions if not (m.start < end and start < m.end)]
            table.mentions.append(Mention(start, end, name, org_key(name), COMPANY))
            table.confirmed.add(org_key(name))
            added = True
    if added:
        table.sort()


def drop_headline_fragments(text: str, table: EntityTable, sentences: list[tuple[int, int]]) -> None:
    """A company named only in the headline, by a name the story never writes again, is a
    fragment of the headline's Title Case ("Taiwan Puts Kelvar", "Forfeit Stranded"), not a
    company: a story names again the companies its headline is about. So is one named only in a
    rubric in capitals ("THE NAMES TO KNOW")."""
    _drop_rubric_fragments(text, table)
    at = lead_index(text, sentences)
    lead = sentences[at][0] if at is not None else 0
    if not lead or "\n" not in text[:lead]:
        return
    body = text[lead:]
    keys = {m.key for m in table.mentions if m.start >= lead}
    table.mentions = [m for m in table.mentions if not (
        m.kind == COMPANY and m.end <= lead and m.key not in keys and clean_name(m.text) not in body)]


# a line in capitals with no lower-case letter: a rubric ("WHAT HAPPENED", "THE NAMES TO KNOW"), or
# two or more words in capitals that open a paragraph and end in a full stop ("THE EXCHANGE. Hong ...")
_RUBRIC = re.compile(r"^[^a-z\n]*[A-Z]{2}[^a-z\n]*$|^[A-Z][A-Z'’&-]*(?: [A-Z][A-Z'’&-]*){1,5}[.:](?= [A-Z])", re.M)
# a word's capital that a sentence's or a line's start explains ("Exchange earnings swing ...")
_SENTENCE_START = re.compile(r"(?:\A|\n|[.!?][\"”’)]?\s)\s*\Z")


def _drop_rubric_fragments(text: str, table: EntityTable) -> None:
    """Companies named in a rubric in capitals by a name no other line writes as a name ("THE NAMES
    TO KNOW" gives no company "NAMES"; "TESK AERO'S CUSTOMERS" above a story of Tesk Aero keeps it)."""
    rubrics = [m.span() for m in _RUBRIC.finditer(text)]
    if not rubrics:
        return
    starts = {a for a, _ in rubrics}
    rest = "".join(" " * (e - s) if s in starts else text[s:e] for s, e in _line_spans(text))

    def fragment(m: Mention) -> bool:
        if m.kind != COMPANY or not any(a <= m.start and m.end <= b for a, b in rubrics):
            return False
        written = re.finditer(r"(?<![\w-])" + re.escape(clean_name(m.text)) + r"(?![\w-])", rest, re.I)
        return not any(w.group(0)[:1].isupper() and not _SENTENCE_START.search(rest[max(0, w.start() - 80):w.start()])
                       for w in written)  # ("Indian names have ...": a word)

    table.mentions = [m for m in table.mentions if not fragment(m)]


def _line_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\n]*\n?", text) if m.group(0)]
