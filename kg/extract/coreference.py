"""Which mentions name the same entity: a name recognised once is recognised everywhere,
short names, surnames and acronyms join the full name, a bare 'the Council' joins the council
named before it, and a name several lists went by becomes the list in use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import gazetteer
from kg.extract.dates import Anchor, find_dates
from kg.extract.mentions import EntityTable, Mention, SentenceIndex, SpanIndex
from kg.extract.names import (
    GENERIC,
    LEAD_WORDS,
    NOT_A_NAME,
    PLACES,
    TRADE_WORDS,
    clean_name,
    has_legal_suffix,
    is_source_context,
    org_key,
    without_legal_suffix,
)
from kg.extract.places import is_place
from kg.extract.text_mentions import EU_KEYS
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, slug

_ACRONYM = re.compile(r"^\s*\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")


# "Acme Bank, the group's banking subsidiary,": a company of its own
_SUBSIDIARY_AFTER = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?subsidiary\b", re.I)
# "its property arm Acme Real Estate", "the group's unit Acme Leasing": a subsidiary named after its parent
_SUBSIDIARY_BEFORE = re.compile(r"\bits\s+(?:[\w-]+\s+){0,3}?(?:arm|subsidiary|affiliate)\s+$")
# "neither parent company, Acme nor Bolt", "its parent Acme", "Acme, the parent,": a name written as
# the parent of a unit the article names in full ("Acme Aeronautical Systems Inc."), not its short name
_PARENT_BEFORE = re.compile(r"\bparent(?:s|\s+compan(?:y|ies)|\s+groups?)?\s*,?\s+(?:(?:neither|either|both)\s+)?"
                            r"(?:(?:[A-Z][\w&.’'-]*\s+){1,5}(?:and|or|nor)\s+)?$")
_PARENT_AFTER = re.compile(r"\s*,\s+(?:its|the|their)\s+parent\b")
# Places that name a group's regional company: 'Acme Taiwan', 'Acme Americas', 'Acme (Ningbo)'
# are legal entities of their own, not another name of 'Acme'.
_REGIONAL = frozenset("""taiwan japan korea india america americas europe asia africa australia canada germany
france uk usa us singapore malaysia vietnam thailand indonesia philippines brazil mexico russia turkey israel
netherlands italy spain poland uae dubai hong kong macau middle east emea apac shenzhen beijing shanghai hangzhou
guangzhou wuhan chengdu tianjin dalian ningbo suzhou nanjing chongqing xiamen qingdao zhuhai dongguan hefei
jinan shenyang xian xi an""".split())


_BARE_BODY = re.compile(r"(?:the\s+)?(?P<head>council|commission|ministry|department|office|treasury)", re.I)


_ANY_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|President|Minister|Judge|Justice|Chief|Executive|Chairman|Secretary|"
                        r"said|says)\.?\s+$")


def propagate_names(text: str, table: EntityTable) -> None:
    """A name recognised once is recognised everywhere in the article ('Acme Corp.' ... 'Acme')."""
    names = _company_names(table)
    for word, owner in _first_words(text, table).items():
        names.setdefault(word, owner)
    if not names:
        return
    taken = SpanIndex(sorted((m.start, m.end) for m in table.mentions))
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    people = {(m.start, m.end): m for m in table.mentions if m.kind == PERSON}
    for hit in pattern.finditer(text):  # hits do not overlap one another
        start, end = hit.span()
        owner = names[hit.group(1)]
        person = people.get((start, end))
        if person is not None and not _ANY_TITLE.search(text, max(0, start - 25), start):
            # "had already blacklisted Xiamen Acme": a company's short name the model took for a person
            person.kind, person.key = COMPANY, owner.key
            continue
        if taken.overlaps(start, end):
            continue  # overlaps a mention found before
        table.mentions.append(Mention(start, end, hit.group(1), owner.key, COMPANY,
                                      source=is_source_context(text, start, end)))
    table.sort()


def _named_companies(table: EntityTable) -> list[Mention]:
    return [m for m in table.mentions if m.kind == COMPANY and not m.descriptive and not m.source]


def _company_names(table: EntityTable) -> dict[str, Mention]:
    """Each company's name as written and without its legal suffix, with its first mention."""
    names: dict[str, Mention] = {}
    for m in _named_companies(table):
        full = clean_name(m.text)
        short = without_legal_suffix(full).strip(" ,.")
        for name in (full, short):
            # (not a place the name opens with: "China Electronics Technology Group" is no "China")
            if len(name) >= 3 and name[0].isupper() and name.lower() not in GENERIC and not is_place(name.lower()):
                names.setdefault(name, m)
    return names


def _first_words(text: str, table: EntityTable) -> dict[str, Mention]:
    """'Chuangwei Software Holdings' ... 'Chuangwei': the first word of a name, when it is no
    ordinary word (never written in lower case here), no place, and no other company's."""
    keys: dict[str, set[str]] = {}
    owner: dict[str, Mention] = {}
    lower = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    for m in _named_companies(table):
        words = clean_name(m.text).split()
        if len(words) < 2 or (_REGIONAL & {w.lower() for w in words[1:]}):
            continue  # "Acme Bank UK Ltd": a unit of the company the first word names
        found = [words[0]]
        if len(words) == 2 and words[0] in _HEAD_FIRST and _could_be_a_name(words[1], lower):
            found.append(words[1])  # "Bank Kelmat" ... "Kelmat": the name after the kind of business
        # "Xiamen Limbach Aircraft Engine Co." ... "Xiamen Limbach", "Limbach": the word after a
        # leading place, with or without the place
        if len(words) >= 3 and is_place(words[0].lower()) and _could_be_a_name(words[1], lower):
            found += [words[1], f"{words[0]} {words[1]}"]
        for word in found:
            keys.setdefault(word, set()).add(m.key)
            owner.setdefault(word, m)
    return {word: owner[word] for word, of in keys.items()
            if len(of) == 1 and (" " in word or _could_be_a_name(word, lower))}


# the kinds of business some names open with, before the name itself
_HEAD_FIRST = frozenset({"Bank"})


def _could_be_a_name(word: str, lower: set[str]) -> bool:
    """Whether a capitalised word is no ordinary word, place, region, lead word or known name."""
    low = word.lower()
    return (len(word) >= 4 and word.isalpha() and word[1:].islower() and low not in lower
            and low not in GENERIC and low not in PLACES and not is_place(low) and low not in _REGIONAL
            and word not in LEAD_WORDS and word not in NOT_A_NAME and gazetteer.load().by_alias(word) is None)


def _with_bracketed_place(text: str, table: EntityTable) -> None:
    """"ACM Research (Shanghai)": a place in brackets after a company's name is part of the name of
    the company's unit there (another company than "ACM Research Inc."), not its acronym; after a
    legal form ("Acme Tankers Pvt Ltd (Mumbai)") it says where the company is registered."""
    inside: set[int] = set()
    for m in table.mentions:
        a = _ACRONYM.match(text[m.end:m.end + 16]) if m.kind == COMPANY and not m.descriptive and not (
            has_legal_suffix(m.text)) else None
        if a is not None and is_place(a.group("acr")):
            m.end = m.end + a.end()
            m.text = text[m.start:m.end]
            m.key = org_key(m.text)
            inside.update(id(x) for x in table.mentions if x is not m and m.start <= x.start and x.end <= m.end)
    if inside:
        table.mentions = [x for x in table.mentions if id(x) not in inside]


def _acronyms(text: str, table: EntityTable) -> tuple[dict[str, Mention], list[Mention]]:
    """The acronyms the companies' names define or spell, and a mention of each one a bracket
    defines right after the name ("(RKTL)"), which the model may have missed."""
    acronyms: dict[str, Mention] = {}
    defined: list[Mention] = []
    for m in table.mentions:
        if m.kind not in (COMPANY, GOVERNMENT) or m.descriptive:
            continue  # (a body's name spells its acronym too: "Federal Trade Commission" is "FTC")
        a = _ACRONYM.match(text[m.end:m.end + 16])
        if a:
            acronyms[a.group("acr")] = m
            defined.append(Mention(m.end + a.start("acr"), m.end + a.end("acr"), a.group("acr"), m.key, m.kind))
        words = [w for w in re.findall(r"[A-Za-z][\w-]*", clean_name(m.text)) if w[0].isupper()]
        for n in (len(words), len(words) - 1):
            if n >= 2:  # "Taiwan Semiconductor Manufacturing Co." is "TSMC"
                acronyms.setdefault("".join(w[0] for w in words[:n]).upper(), m)
                # "ChangXin Memory Technologies" is "CXMT": every capital of a camel-cased word
                acronyms.setdefault("".join(c for w in words[:n] for c in w if c.isupper()), m)
    return acronyms, defined


def link_acronyms(text: str, table: EntityTable) -> None:
    """'Advanced Micro-Fabrication Equipment Inc (AMEC)': later 'AMEC' is the same company."""
    _with_bracketed_place(text, table)
    acronyms, defined = _acronyms(text, table)
    for m in table.mentions:
        owner = acronyms.get(clean_name(m.text))
        if owner is not None and owner is not m:
            m.key, m.kind = owner.key, owner.kind
    taken = {(x.start, x.end) for x in table.mentions}
    missed = [d for d in defined if (d.start, d.end) not in taken and not any(
        x.start < d.end and d.start < x.end for x in table.mentions)]
    if missed:
        table.mentions.extend(missed)
        table.sort()


# "Acme, also known as Bolt", "Acme, known as Bolt", "Acme, a Ruritanian company formerly called Bolt",
# "Acme (formerly Bolt)", "Acme, the operator of a card network, known by its Russian initials BLT",
# "Acme, the state development bank better known as BLT"
_ALIAS_BETWEEN = re.compile(r"\s*[,(]\s*(?:(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?|"
                            r"the\s+(?:[\w'’-]+\s+){0,8}?[\w'’-]+,\s*)?"
                            r"(?:(?:also\s+|better\s+)?known\s+as|a\.?k\.?a\.?|"
                            r"known\s+by\s+its\s+(?:[\w'’-]+\s+)?(?:initials|acronym|abbreviation)|"
                            r"formerly(?:\s+(?:known\s+as|called|named))?|previously\s+(?:known\s+as|called|named)|"
                            r"trading\s+as)\s+$", re.I)


def link_aliases(text: str, table: EntityTable) -> None:
    """"Acme, also known as Bolt", "Acme, a Singapore company formerly called Bolt": Bolt, there and
    wherever the article names it, is Acme."""
    companies = [m for m in table.mentions if m.kind == COMPANY and not m.descriptive]
    renamed: dict[str, str] = {}
    for before, m in zip(companies, companies[1:]):
        if m.key != before.key and m.start - before.end <= 120 and _ALIAS_BETWEEN.fullmatch(text, before.end, m.start):
            renamed.setdefault(m.key, renamed.get(before.key, before.key))
    for m in table.mentions:
        if m.kind == COMPANY and m.key in renamed:
            m.key = renamed[m.key]


def link_people(table: EntityTable) -> None:
    """'Contreras' after 'Judge Rudolph Contreras' is the same person."""
    full = {m.key: m for m in table.mentions if m.kind == PERSON and "-" in m.key}
    for m in table.mentions:
        if m.kind == PERSON and "-" not in m.key:
            for key in sorted(full):
                if key.endswith("-" + m.key):
                    m.key = key
                    break


# "the commerce ministry", "the foreign ministry": a body named by its portfolio, no country's
_GENERIC_BODY = re.compile(r"(?:the\s+)?(?P<topic>[a-z]+)\s+(?P<head>ministry|department)")
# ("Ministry of Commerce", "commerce ministry": the portfolio and the head)
_TOPIC_HEAD = re.compile(r"\b([a-z]{4,})\s+(ministry|department)\b|\b(ministry|department)\s+of\s+([a-z]{4,})\b")


def _portfolios(names: str) -> set[tuple[str, str]]:
    """The (portfolio, head) pairs a body's names give ("ministry of commerce" → commerce, ministry)."""
    return {(m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3)) for m in _TOPIC_HEAD.finditer(names)}


def link_bare_bodies(table: EntityTable) -> None:
    """'the Council' or 'the Ministry' alone: the body of that kind named last before it ('the
    Council of the European Union ... the Council'), else, for a council or commission in an
    article that names an EU body, the European Union; and 'the commerce ministry' (no
    country's): the body of that portfolio named last before it ("China's Ministry of Commerce").
    Left as it is otherwise."""
    gaz = gazetteer.load()
    eu = any(m.key in EU_KEYS for m in table.mentions)
    last: dict[str, str] = {}  # head word -> key of the body named last with it
    last_of: dict[tuple[str, str], str] = {}  # (topic, head) -> key of the body named last with them
    last_court: str | None = None
    for m in table.mentions:  # in text order
        if m.kind == COURT:  # "the Court" after the General Court: that court
            if re.fullmatch(r"(?:the\s+)?(?:court|tribunal)", clean_name(m.text), re.I) and last_court:
                m.key = last_court
            elif re.fullmatch(r"court of justice", clean_name(m.text), re.I) and eu:
                m.key = "eu-court-of-justice"  # in an article about the EU's courts
            last_court = m.key
            continue
        if m.kind != GOVERNMENT:
            continue
        bare = _BARE_BODY.fullmatch(clean_name(m.text))
        if bare is not None:
            head = bare.group("head").lower()
            if head in last:
                m.key = last[head]
            elif eu and head in ("council", "commission"):
                m.key = "european-union"
            continue
        generic = _GENERIC_BODY.fullmatch(clean_name(m.text))
        if generic is not None and (generic.group("topic"), generic.group("head")) in last_of:
            m.key = last_of[generic.group("topic"), generic.group("head")]  # "the commerce ministry" after China's
            continue
        entry = gaz.entries.get(m.key)
        names = " ".join((m.text, *((entry.label, *entry.aliases) if entry else ()))).lower()
        for head in re.findall(r"council|commission|ministry|department|office|treasury", names):
            last[head] = m.key
        for pair in _portfolios(names):
            last_of[pair] = m.key


def resolve_list_names(text: str, table: EntityTable, sentences: list[tuple[int, int]],
                       anchor: Anchor | None) -> None:
    """A name several lists went by ('the defence ministry's list of military companies'): the
    list in use in the year its sentence speaks of, else the one the article names outright (when
    it names only one), else the one in use when the article was published."""
    gaz = gazetteer.load()
    shared = [m for m in table.mentions if m.kind == LIST and gaz.entries.get(m.key) and gaz.entries[m.key].one_of]
    if not shared:
        return
    named = {m.key for m in table.mentions if m.kind == LIST and m.key in gaz.entries[shared[0].key].one_of}
    index = SentenceIndex(sentences)
    for m in shared:
        members = gaz.entries[m.key].one_of
        i = index.find(m.start)
        dates = find_dates(text[sentences[i][0]:sentences[i][1]], anchor) if i is not None else []
        if dates:
            nearest = min(dates, key=lambda d: abs(sentences[i][0] + d.start - m.start))
            m.key = gaz.list_in_use(m.key, int(nearest.value.iso[:4]))
        elif len(named & set(members)) == 1:
            m.key = next(iter(named & set(members)))
        elif anchor is not None:
            m.key = gaz.list_in_use(m.key, anchor.year)
        else:
            m.key = members[0]


# words after a name that add no business to it
_DESIGNATORS = frozenset("technology technologies tech holding holdings international industries industry global "
                         "enterprises enterprise corporation company".split())
_LEGAL_FORMS = frozenset({"AO", "OOO", "ZAO", "OAO", "PAO", "JSC", "LLC", "SA", "AG", "NV", "AB", "PT", "JV"})


def _without_lead(key: str, table: EntityTable) -> str | None:
    """The key without the words that lead the name but are not what it is called by: a place
    ("Shandong Acme Petrochemical" is called "Acme") or an initialism of up to three capitals
    ("UC Acme plc" is "Acme"). None when the name leads with neither."""
    words = key.split("-")
    if len(words) < 2:
        return None
    for n in (2, 1):
        if len(words) > n and is_place(" ".join(words[:n])):
            return "-".join(words[n:])
    surface = next((m.text for m in table.mentions if m.key == key and m.kind == COMPANY), "")
    lead = re.match(r"([A-Z]{2,3})\s+[A-Z][a-z]", surface)
    if lead and lead.group(1) not in _LEGAL_FORMS:
        return "-".join(words[1:])
    return None


def _cores(keys: list[str], table: EntityTable) -> dict[str, str | None]:
    """Each key without its lead, unless two keys lead to one core from different places ("Beijing
    Acme Microelectronics" and "Shenzhen Acme Microelectronics": two companies, neither is "Acme")."""
    cores = {long: _without_lead(long, table) for long in keys}
    leads: dict[str, set[str]] = {}  # a core's first word -> the leads written before it
    for long, c in cores.items():
        if c:
            leads.setdefault(c.split("-")[0], set()).add(long[:len(long) - len(c)])
    return {long: c if c and len(leads[c.split("-")[0]]) == 1 else None for long, c in cores.items()}


def _extends(long: str, short: str, any_words: bool = True, registered: bool = False) -> bool:
    """'luokung-technology' extends 'luokung'; 'acme-taiwan' is another company. Unless
    ``any_words``, only words that name no business extend a name ("Acme Technology Group",
    not "Acme New Energy Vehicle Group"). When the short name is ``registered`` (written for the
    long one after it), a place after a line of business is where the company is registered."""
    words = long[len(short) + 1:].split("-")
    return long.startswith(short + "-") and not _regional(_designated(words) if registered else words) and (
        any_words or set(words) <= _DESIGNATORS)


def _designated(words: list[str]) -> list[str]:
    """The words a name adds that may make it a regional company: the place right after the name
    or its designators ("Acme (Ireland)", "Acme Technology (Shanghai)"), not one after a line of
    business ("Acme Semiconductor Technology (Wuxi)", then "Acme" for short)."""
    i = 0
    while i < len(words) and words[i] in _DESIGNATORS:
        i += 1
    return words if i == len(words) or _regional(words[i:i + 2]) else []


def _joins_another(long: str, short: str, keys: list[str]) -> bool:
    """Whether ``long`` joins ``short`` to another company the article names ("Kelm-USI Electronics",
    a joint venture of Kelm and USI): a company of its own, neither of the two."""
    return long.startswith(short + "-") and long[len(short) + 1:].split("-")[0] in keys


def _regional(words: list[str]) -> bool:
    """Whether the words added to a name name a place ("Acme (Ireland) Limited", "Acme Hong
    Kong"): a company of its own for that place."""
    return bool(_REGIONAL & set(words)) or any(
        is_place(" ".join(words[i:i + n])) and words[i] not in _COMPASS
        for n in (1, 2) for i in range(len(words) - n + 1))


# regions named by a compass point alone are as often a line of business's word ("Acme Northern")
_COMPASS = frozenset("north northern south southern east eastern west western central".split())


_TRADE_WORD = re.compile(TRADE_WORDS, re.I)


def _adds_trade(long: str, short: str) -> bool:
    """Whether ``long`` names ``short``'s line of business after it ("acme-airlines", "acme-logistics")."""
    return long.startswith(short + "-") and any(_TRADE_WORD.fullmatch(w) for w in long[len(short) + 1:].split("-"))


_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*(?:and\s+)?|and\s+)")


def _listed_together(table: EntityTable, text: str) -> set[str]:
    """The keys of company mentions written next to another in a list ("A, B and C")."""
    companies = [m for m in table.mentions if m.kind == COMPANY and not m.descriptive]
    out: set[str] = set()
    for a, b in zip(companies, companies[1:]):
        if a.key != b.key and a.end <= b.start and _LIST_SEPARATOR.fullmatch(text, a.end, b.start):
            out.update((a.key, b.key))
    return out


def _core_is(core: str | None, long: str, short: str) -> bool:
    return bool(core) and core != long and (core == short or core.startswith(short + "-"))


def link_short_names(table: EntityTable, text: str = "") -> None:
    """Within one article, 'Luokung' and 'Luokung Technology Corp' are one company, and so are
    'Yulong' and 'Shandong Yulong Petrochemical'; 'Acme' and 'Acme Taiwan' are two, and so are
    'Acme' and 'Acme Bank, a subsidiary,'."""
    alias = _short_name_aliases(table, text)
    _unlink_listed_together(alias, _listed_together(table, text))
    for m in table.mentions:
        if m.kind == COMPANY and m.key in alias:
            m.key = alias[m.key]


@dataclass(frozen=True)
class _Forms:
    """How an article writes its companies' names: the keys written bare ("Yulong"), with a form
    of their own ("Acme Group" is the group), as a group ("Acme Holdings"), and as a subsidiary."""

    bare: frozenset[str]
    formed: frozenset[str]
    groups: frozenset[str]
    subsidiaries: frozenset[str]
    parents: dict[str, str]  # a subsidiary's key: its parent's, named just before ("Acme, its arm Acme Leasing")
    written_as_parents: frozenset[str]  # "its parent Acme": the parent of another name of its stem

    @classmethod
    def of(cls, table: EntityTable, text: str) -> _Forms:
        companies = [m for m in table.mentions if m.kind == COMPANY]
        return cls(bare=frozenset(m.key for m in companies if slug(clean_name(m.text)) == m.key),
                   formed=frozenset(m.key for m in companies if slug(m.text).startswith(m.key + "-")),
                   groups=frozenset(m.key for m in companies if re.search(r"\s(?:Group|Holdings?)$", m.text)),
                   subsidiaries=frozenset(m.key for m in companies if text and _SUBSIDIARY_AFTER.match(text, m.end)),
                   parents=_parents_before(companies, text),
                   written_as_parents=frozenset(m.key for m in companies if text and (
                       _PARENT_BEFORE.search(text, max(0, m.start - 80), m.start)
                       or _PARENT_AFTER.match(text, m.end))))


def _parents_before(companies: list[Mention], text: str) -> dict[str, str]:
    """"Acme Energy, its property arm Acme Energy Real Estate": the arm's key and its parent's."""
    out = {}
    for before, m in zip(companies, companies[1:]):
        arm = _SUBSIDIARY_BEFORE.search(text, before.end, m.start) if text else None
        if arm is not None and re.fullmatch(r",?\s+(?:and\s+)?", text[before.end:arm.start()]):
            out[m.key] = before.key
    return out


def _short_name_aliases(table: EntityTable, text: str) -> dict[str, str]:
    """Each longer key the short key it is written for."""
    keys = sorted({m.key for m in table.mentions if m.kind == COMPANY}, key=len)
    first: dict[str, int] = {}
    for m in table.mentions:
        if m.kind == COMPANY:
            first[m.key] = min(m.start, first.get(m.key, m.start))
    forms = _Forms.of(table, text)
    cores = _cores(keys, table)
    alias: dict[str, str] = {}
    for short in keys:
        # a name only written with a form of its own ("Acme Group"), or one the article gives in
        # full after a place ("China Acme Group" is "Acme"): a longer name that adds a line of
        # business ("Acme Trading", "Acme Property Services") is another company
        any_words = short in forms.bare and not any(cores[long] == short for long in keys)
        # a group named as such ("Acme Group", and "Acme" for short): its airline, its logistics
        # arm ("Acme Airlines", "Acme Logistics B.V.") are companies of their own
        group = short in forms.bare and short in forms.groups
        # (a bare short name first written after the one long name it starts is written for it)
        sole = short in forms.bare and short not in forms.formed and sum(k.startswith(short + "-") for k in keys) == 1
        for long in keys:
            if long == short or short in alias or long in forms.subsidiaries or forms.parents.get(long) == short or (
                    short in forms.written_as_parents) or (
                    group and _adds_trade(long, short)) or _joins_another(long, short, keys):
                continue
            if _extends(long, short, any_words, sole and first[short] > first[long]) or (
                    short in forms.bare and short not in forms.formed and _core_is(cores[long], long, short)):
                alias[long] = short
    return alias


def _unlink_listed_together(alias: dict[str, str], listed: set[str]) -> None:
    """"Kelvar Shipping LLC, Kelvar Philly Shipyard Inc. and Kelvar Shipping Holdings LLC": names
    of one list are as many companies; a short name is none of them."""
    for short in set(alias.values()):
        beside = {long for long, s in alias.items() if s == short and long in listed}
        if len(beside) >= 2:
            for long in beside:
                del alias[long]


# the words of a name's tail that tell two companies of one stem apart ("Azia Shipping Holdings",
# "Azia Shipping Company"); legal forms alone (Ltd, Inc, LLC) tell nothing, nor do "Group" and
# "Corporation", which stories write for one company ("Acme Corp." and "Acme Group")
_TAIL_WORDS = {"co": "company", "company": "company", "holding": "holdings", "holdings": "holdings",
               "technology": "technology", "technologies": "technology"}
# the tail of a registered name with no telling word ("Media Land LLC" beside "Media Land Technology LLC")
_NO_TAIL = frozenset({""})


def separate_namesakes(table: EntityTable, sentences: list[tuple[int, int]] | None = None) -> None:
    """Two names of one stem whose tails name different companies ("Azia Shipping Holdings" and
    "Azia Shipping Company"; "Cosco Shipping Corporation Ltd." and "Cosco Shipping Holdings") are
    two companies, not one: each long name keys its own, the bare stem keeps the stem's key. A
    tail inside the other's ("Acme Technologies" and "Acme Technologies Co., Ltd.") is one company.
    So are two legal forms of one name in one sentence ("Acme S.A., the Greek firm; Acme
    Limited, its Irish reseller"): two companies of two countries; and two registered names
    of which one adds a trade word ("Media Land LLC" and "Media Land Technology LLC")."""
    tails: dict[str, dict[str, frozenset[str]]] = {}
    where = SentenceIndex(sentences or [])
    for m in table.mentions:
        if m.kind == COMPANY and not m.descriptive:
            tails.setdefault(m.key, {})[m.text] = _designators(m.text, m.key) or _forms_in_one_sentence(
                m, table, where) or (_NO_TAIL if _legal_form(m) and _of_stem(m.text, m.key) else frozenset())
    for key, by_text in tails.items():
        if not _disjoint_pair({t for t in by_text.values() if t}):
            continue
        for m in table.mentions:
            tail = by_text.get(m.text) if m.key == key and m.kind == COMPANY and not m.descriptive else None
            if tail and tail != _NO_TAIL:
                m.key = f"{key}-{'-'.join(sorted(tail))}"


# the legal forms that tell a country's company from another's ("S.A.", "Limited", "GmbH"), each
# written one way ("Ltd" is "Limited"); "Co." and "Company" go with any of them
_FORM_WORDS = frozenset("""sa ag ad zrt gmbh llc plc limited inc corporation bv nv spa sarl sas pte bhd pjsc jsc kk ab
oy llp lp pvt fze dmcc""".split())
_SAME_FORM = {"ltd": "limited", "incorporated": "inc", "corp": "corporation"}


def _forms_in_one_sentence(m: Mention, table: EntityTable, where: SentenceIndex) -> frozenset[str]:
    """The legal form of ``m``'s name, when its sentence names the same stem with another form."""
    form = _legal_form(m)
    i = where.find(m.start) if form else None
    if i is None:
        return frozenset()
    s, e = where.sentences[i]
    others = {_legal_form(o) for o in table.in_span(s, e) if o.key == m.key and o.kind == COMPANY}
    return form if _disjoint_pair(others - {frozenset()}) else frozenset()


def _legal_form(m: Mention) -> frozenset[str]:
    """The legal form at the end of ``m``'s name ("S.A." → sa, "Ltd" → limited)."""
    stem = without_legal_suffix(clean_name(m.text)).strip(" ,.")
    tail = re.sub(r"[^a-z ]", "", clean_name(m.text)[len(stem):].lower()).split()
    return frozenset(form for form in (_SAME_FORM.get(w, w) for w in tail) if form in _FORM_WORDS)


def _disjoint_pair(sets: set[frozenset[str]]) -> bool:
    """Whether two of the tails are neither one inside the other."""
    return any(not (a <= b or b <= a) for a in sets for b in sets)


def _of_stem(text: str, key: str) -> bool:
    """Whether the name is written with its key's words (not an alias of another spelling)."""
    return re.findall(r"[a-z]+", clean_name(text).lower())[:len(key.split("-"))] == key.split("-")


def _designators(text: str, key: str) -> frozenset[str]:
    """The telling words of a name's tail beyond its stem (``key``)."""
    words = re.findall(r"[a-z]+", clean_name(text).lower())
    stem = key.split("-")
    tail = words[len(stem):] if words[:len(stem)] == stem else []
    return frozenset(_TAIL_WORDS[w] for w in tail if w in _TAIL_WORDS)
