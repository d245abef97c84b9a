"""Companies named in the text by their form or by what the text says of them: names with a
legal suffix or a trade word, names given a business role or described as a business, names
joined to a company's, and names that do what only a business does."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter

from kg.extract import gazetteer
from kg.extract.mentions import EntityTable, Mention, SpanIndex
from kg.extract.model_entities import dictionary_words, names_a_research_body, names_a_segment
from kg.extract.names import (
    BUSINESS_HEADS,
    GENERIC,
    LEAD_WORDS,
    NOT_A_NAME,
    PEOPLE_TOO,
    PLACES,
    PREFIX_FORMS_SPELLED,
    SECTOR_WORDS,
    TRADE_WORDS,
    clean_name,
    is_court_name,
    is_government_name,
    is_media_name,
    org_key,
    segment_follows,
    starts_with_title,
)
from kg.extract.places import ends_a_place, is_place
from kg.models import COMPANY, PERSON

_TRADE_NAME = re.compile(r"(?<![\w&'’-])(?P<name>(?:(?:" + SECTOR_WORDS + r")[ \t]+and[ \t]+(?=(?:" + SECTOR_WORDS
                         + r")\b)|(?:[A-Z]|\d+[A-Z])[\w&'’-]*[ \t]+(?:&[ \t]+)?){1,4}(?:" + TRADE_WORDS
                         + r"))(?![\w-]|[ \t]+(?:[A-Z&(]|of\b))")


# A name, with a place or a letter in brackets inside it: 'Hangzhou Hikrobot (Shenzhen)', 'Foo (Group)',
# 'Sun Ship Management (D) Ltd'.
# (a word may open with digits: "Shenzhen 5G High-Tech Co., Ltd.", "3HC Semiconductors Ltd")
_NAME = (r"(?:[A-Z]|\d+[A-Z])[\w&'+-]*(?:[ \t]+(?:(?:[A-Z]|\d+[A-Z])[\w&'+-]*|\([A-Z][\w&' -]{0,30}\)|&|of|de|"
         r"(?:" + SECTOR_WORDS + r")[ \t]+and[ \t]+(?:" + SECTOR_WORDS + r")\b))*?")
# Legal forms as registers and sanction lists also write them, in capitals ("PTE. LTD.").
# (a number may stand right before the legal form: "Tesk 88 Limited")
_LEGAL_NAME = re.compile(r"\b(?P<name>" + _NAME + r"(?:[ \t]+\d{1,4})?,?\s+"
                         r"(?:(?i:Co(?:mpany)?\.?,?\s+(?:Ltd\.?|Limited)|"
                         r"Corp(?:oration)?\.?,?\s+(?:Ltd\.?|Limited)|Pte\.?\s+Ltd\.?|Sdn\.?\s+Bhd\.?)|"
                         r"Limited[ \t]+Partnership|L\.P\.|"
                         r"Inc\.?|INC\.?|Corp\.?|CORP\.?|Corporation|CORPORATION|Co\.|Ltd\.?|LTD\.?|Limited|LIMITED|plc|PLC|AG|"
                         r"S\.A\.|N\.V\.|GmbH|FZE|Oyj|ASA|SpA|S\.p\.A\.|AB|"
                         # forms also written before a name: after a comma and before a capital they
                         # begin the next name ("JSC Alpha, JSC Beta"), not end this one
                         r"(?:LLC|JSC|PJSC|OJSC|PAO|OAO)(?!,?[ \t]+[\"“]?[A-Z])))(?!\w)")
# Russian and post-Soviet legal forms written before the name: 'JSC Alpha Rail', 'PJSC Beta'.
_PREFIX_FORM = r"(?:JSC|PJSC|OJSC|CJSC|AO|OAO|PAO|ZAO|OOO|LLC|FSUE|" + PREFIX_FORMS_SPELLED + r")"
_WORD = r"[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*"  # "VEB.RF"
# (a bracketed acronym that ends the name is its short name: "JSC Alpha Energo (AE)")
_INNER_BRACKET = r"\((?![A-Z]{2,6}\)(?![ \t]+[A-Z]))[A-Z][\w&' -]{1,30}\)"
_PREFIX_LEGAL_NAME = re.compile(r"(?<![\w-])(?P<name>" + _PREFIX_FORM + r"[ \t]+[\"“]?(?:The[ \t]+)?" + _WORD
                                + r"(?:[ \t]+(?:" + _WORD + r"|of|for|de|" + _INNER_BRACKET + r"|(?:" + SECTOR_WORDS
                                + r")[ \t]+and[ \t]+(?:" + SECTOR_WORDS + r")\b))*)")
_ROLE_NAME = re.compile(r"\b(?:rivals?|competitors?|suppliers?|customers?|partners?|subsidiary|subsidiaries|"
                        r"carmaker|chipmaker|vendor|toolmakers?|(?:drone|phone|chip|car|"
                        r"battery|smartphone|handset|software|security) makers?)\s+(?:such as\s+|including\s+)?"
                        r"(?P<name>[A-Z][\w&'-]+(?:\s+[A-Z][\w&'-]+){0,3})")


# 'subsidiaries of Acme Group, including Acme Taiwan and Bolt Info': the named members are companies.
_GROUP_MEMBERS = re.compile(r"\bsubsidiaries\s+of\s+[A-Z][^,;.\n]{0,60},?\s+including\s+"
                            r"(?P<name>[A-Z][\w&'-]+(?:[ \t]+[A-Z][\w&'-]+){0,3})")
_MORE_NAMES = re.compile(r"(?:,\s+|\s+and\s+|,\s+and\s+|\s+or\s+)(?P<name>[A-Z][\w&'-]+(?:\s+[A-Z][\w&'-]+){0,3})")
# A name described as a business in apposition: 'Volta Mining, Kazakhstan's largest copper producer,',
# 'the national airline, Skyra,'. The description ends the clause, so 'Ann Lee, a bank executive'
# (a person described by her job) is not taken.
_BUSINESS_HEAD = (r"(?:producer|operator|maker|manufacturer|carrier|airline|bank|lender|company|firm|conglomerate|"
                  r"exporter|supplier|miner|refiner|shipper|developer|subsidiary|venture|insurer|retailer|"
                  r"distributor|trader|broker|shipyard|utility|start-?up)")
_DESCRIBED_NAME = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3}),[ \t]+"
                             r"(?!(?:which|that|who|whose|where|when)\b)(?:(?:the|a|an)[ \t]+)?"
                             r"(?:[\w-]+(?:'s|’s)[ \t]+)?(?:[\w-]+[ \t]+){0,5}?"
                             + _BUSINESS_HEAD
                             + r"(?=[ \t]*[,;:)]|[ \t]+(?:that|which|based|owned|part-owned|controlled|backed|run|"
                               r"it|they|whose|with|in|from)\b)")  # "..., a low-cost airline it accused of ..."
_NAME_AFTER_DESCRIPTION = re.compile(r"\b(?:the|its|a)[ \t]+(?:[\w.-]+[ \t]+){0,3}?" + _BUSINESS_HEAD
                                     + r",[ \t]+(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3}),")
# A name after a business noun with its trade: 'potash producer Volta', 'voice-recognition specialist
# eVoxa', 'artificial-intelligence start-ups Lumio Group and Parvex'. The word before the noun says
# what the business does, so 'the company Monday' (a determiner, then a day) is no name.
_DESCRIPTOR_NAME = re.compile(
    r"\b(?!(?:the|a|an|that|this|its|their|his|her|which|whose|our|one|each|another|other|same)\b)"
    # nor a kind whose firms are quoted as sources ('research firm Tracklytics'), nor a maker of
    # policy or decisions (a person)
    r"(?!(?:research|consultancy|consulting|analytics|data|ratings?|polling|news|media|policy|decision|"
    r"rule|law|peace|film|movie|deal|market|trouble)\b)[a-z][\w-]*[ \t]+"
    r"(?:" + _BUSINESS_HEAD[3:-1] + r"|specialist|start-?ups?|vendor)[ \t]+"
    r"(?P<name>(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)(?:[A-Z]|[a-z][A-Z])[\w&'’-]*"
    r"(?:[ \t]+[A-Z][\w&'’-]*){0,3})")


def find_company_patterns(text: str, table: EntityTable) -> None:
    """Companies the model missed or cut: names with a legal suffix ('Kestrel Poweramp Co.',
    'Harvel Robotics (Suzhou) Co., Ltd.'), names that end in a trade word ('Troika Metals'),
    and names given a business role ('its rival Skyra', 'retailer Bolt Stores').

    A legal or trade name takes over the model's pieces of it ('Sinovel Electronics Co.' and
    'Limited'; 'Acme Robotics' read as a person) unless one of them is a known name. Overlaps are
    looked up through the mentions' starts, so the pass is linear in the text."""
    gaz = gazetteer.load()
    spans, legal = _pattern_spans(text)
    table.sort()
    # a one-word name beside a company's takes over the model's person ('Zorvex and Kalimar
    # Semiconductor'), and so does any name between two companies' ('Northfield Defense Systems,
    # Cobalt Aerotech and Skyward Avionics'); a full name beside one may be a person's ('Ann Lee
    # and Acme')
    conjuncts = Counter(_conjuncts(text, table.mentions))
    spans.extend((start, end, " " not in text[start:end] or n >= 2) for (start, end), n in conjuncts.items())
    mentions = table.mentions[:]  # the mentions before this pass, in text order
    before = SpanIndex([(m.start, m.end) for m in mentions])
    dropped: set[int] = set()
    taken: list[tuple[int, int]] = []  # spans added here, sorted
    for start, end, takes_over in spans:
        media_ok = (start, end) in legal  # 'Nimbus Media Ltd.' is a company; 'Zorbo Media said ...' may be an outlet
        start = _skip_lead_words(text, start, end)
        name = clean_name(text[start:end])
        if not name or _overlaps_sorted(taken, start, end):
            continue
        if names_a_research_body(name) and not _OWN_LEGAL_FORM.search(name):
            # "the 48th Research Institute of Kelm Electronics Group Corporation": a research unit, and
            # no name inside it is the company a statement is about
            insort(taken, (start, end))
            continue
        overlapping = [mentions[i] for i in before.overlapping(start, end) if id(mentions[i]) not in dropped]
        if overlapping and not (takes_over and all(_piece_of(m, start, end, gaz, media_ok) for m in overlapping)):
            table.confirmed.update(m.key for m in overlapping if m.kind == COMPANY)
            continue
        key = _company_key(name, gaz, media_ok)
        if key is None or ends_a_place(text, start, name) or _plural_noun_opening(text, start, name) or (
                names_a_segment(name, text, end, start)):  # "the Vehicle Systems and Weapon divisions"
            continue
        dropped.update(id(m) for m in overlapping)
        table.mentions.append(Mention(start, end, text[start:end], key, COMPANY))
        table.confirmed.add(key)
        insort(taken, (start, end))
    if dropped:
        table.mentions = [m for m in table.mentions if id(m) not in dropped]
    table.sort()


# a company named by its web address: "JD.com said ...", "Amazon.com Inc." (not inside an address)
_WEB_NAME = re.compile(r"(?<![\w./@:-])(?P<name>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\.com)(?![\w/.-]*[\w/])")


def _pattern_spans(text: str) -> tuple[list[tuple[int, int, bool]], set[tuple[int, int]]]:
    """(start, end, whether it may take over the model's pieces) of each name the patterns
    find, and the spans of those with a legal suffix."""
    spans: list[tuple[int, int, bool]] = []
    found = [_past_a_place(text, *m.span("name"))
             for rx in (_PREFIX_LEGAL_NAME, _LEGAL_NAME) for m in rx.finditer(text)]
    legal = set(found)
    spans.extend((*span, True) for span in found)
    spans.extend((*m.span("name"), True) for m in _WEB_NAME.finditer(text))
    for m in _TRADE_NAME.finditer(text):
        if not title_case_line(text, m.start()) and not segment_follows(text[m.end():m.end() + 40]):
            spans.append((*m.span("name"), True))
    for m in _CUE_NAME.finditer(text):
        if m.group("name").split()[0] not in NOT_A_NAME:
            # "Ann Lee said its ...": a full name the model calls a person speaks for a company
            speaks = _SAYS.match(text[m.end():m.end() + 12])
            spans.append((*m.span("name"), " " not in m.group("name") or speaks is None))
    for rx in (_DESCRIBED_NAME, _NAME_AFTER_DESCRIPTION):  # one name each: what follows describes it
        spans.extend((*m.span("name"), True) for m in rx.finditer(text))
    for rx in (_ROLE_NAME, _GROUP_MEMBERS, _DESCRIPTOR_NAME):
        for m in rx.finditer(text):
            spans.extend((start, end, True) for start, end in _listed_names(text, m))
    return spans, legal


def _past_a_place(text: str, start: int, end: int) -> tuple[int, int]:
    """A registered name without the place it was said to be in: "(the assets in) Japan of Acme
    Ltd" is Acme Ltd (the "of" of "Bank of Varnia" follows no place)."""
    m = _PLACE_OF.match(text, start, end)
    return (start + m.end() - m.start(), end) if m is not None and is_place(m.group("place")) else (start, end)


_PLACE_OF = re.compile(r"(?P<place>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)?)[ \t]+of[ \t]+(?=[A-Z\d])")


def _listed_names(text: str, m: re.Match[str]) -> list[tuple[int, int]]:
    """The name a pattern found and the names listed after it ('such as Velax and Bolt Info')."""
    names = [m.span("name")]
    pos = m.end("name")
    while (more := _MORE_NAMES.match(text, pos)) is not None:
        names.append(more.span("name"))
        pos = more.end("name")
    return names


def _overlaps_sorted(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, disjoint)."""
    k = bisect_left(spans, (end, end))
    return bool(k and spans[k - 1][1] > start or k < len(spans) and spans[k][0] < end)


def _plural_noun_opening(text: str, start: int, name: str) -> bool:
    """"Vendors shipped 313 million smartphones": the plural of an English noun that opens a
    sentence is no name."""
    return (" " not in name and name.endswith("s") and name[:-1].lower() in dictionary_words()
            and re.search(r"(?:[.!?]\s+|\n\s*)$", text[max(0, start - 3):start]) is not None)


def _company_key(name: str, gaz: gazetteer.Gazetteer, media_ok: bool) -> str | None:
    """The key of a company a pattern found; None when the name is no company's: a source, a
    product, a place, a body, an outlet (unless its legal suffix says otherwise), generic words."""
    if gaz.is_source(name) or gaz.is_product(name) or name.lower() in PLACES or is_place(name):
        return None
    entry = gaz.by_alias(name)
    if entry is None and (is_government_name(name) or is_court_name(name) or (is_media_name(name) and not media_ok)):
        return None
    key, kind = (entry.key, entry.kind) if entry else (org_key(name), COMPANY)
    if kind != COMPANY or all(t.lower() in GENERIC for t in re.findall(r"[\w&-]+", name)):
        return None
    return key


# a legal form of the name's own (not "Corporation" ending the name of a research body's parent)
_OWN_LEGAL_FORM = re.compile(r"\b(?:Co\.|Ltd\.?|LLC|Inc\.?|JSC|GmbH|PLC|Limited|Pte)$")
_CONJUNCT_BEFORE = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3})"
                              r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)$")
# (a bracketed acronym inside the name: "Oil Tankers (SCF) Management")
_CONJUNCT_AFTER = re.compile(r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)"
                             r"(?P<name>[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z][\w&'’-]*|" + _INNER_BRACKET + r")){0,4})"
                             r"(?![\w&'’-])")


_LIST_GOES_ON = re.compile(r",?[ \t]+and[ \t]+[A-Z]|,[ \t]+[A-Z]")


def _conjuncts(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Names joined to a company's name by 'and' or a comma ('the designations of Zorvex and
    Kalimar Semiconductor'): companies too, unless they are known, places, or lead words. A name
    at the start of a sentence ('Still, Acme ...') is not taken."""
    gaz = gazetteer.load()
    out: list[tuple[int, int]] = []
    for m in mentions:
        if m.kind != COMPANY or m.descriptive or m.source:
            continue
        found = []
        before = _CONJUNCT_BEFORE.search(text, max(0, m.start - 60), m.start)
        if before is not None and (" and" in before.group(0)[len(before.group("name")):] or (
                re.search(r"[a-z,]\s*$", text[max(0, before.start() - 3):before.start()])
                and _LIST_GOES_ON.match(text, m.end))):  # 'A, B and C', not 'Ann Lee, Acme's manager'
            found.append(before.span("name"))
        after = _CONJUNCT_AFTER.match(text, m.end)
        if after is not None:
            found.append(after.span("name"))
        for start, end in found:
            name = text[start:end]
            words = name.split()
            if words[0] in LEAD_WORDS or words[0] in NOT_A_NAME or name.lower() in PLACES or is_place(name) or (
                    gaz.by_alias(name) is not None and gaz.by_alias(name).kind != COMPANY) or (
                    is_government_name(name) or is_court_name(name) or starts_with_title(name + " ")):
                continue
            out.append((start, end))
    return out


def _skip_lead_words(text: str, start: int, end: int) -> int:
    """Where a name found by a pattern begins, past the words that only lead into it
    ('On Monday', 'Britain's', 'Russian')."""
    while (w := _LEAD.match(text, start, end)) is not None and (
            w.group(1) in LEAD_WORDS or w.group(1).endswith(("'s", "’s"))):
        start = w.end()
    # "Hong Kong-registered Sunrise Components Ltd": the name starts after the place it is of
    ends = [said.end() for said in _PLACE_SAID.finditer(text, start, end)]
    return ends[-1] if ends else start


_PLACE_SAID = re.compile(r"[\w.'’]+-(?:based|registered|listed|owned|controlled|backed|made)\s+",
                         re.I)


_LEAD = re.compile(r"([A-Z][\w&'’.-]*?)(?:,?\s+|$)")


def _piece_of(m: Mention, start: int, end: int, gaz: gazetteer.Gazetteer, legal: bool = False) -> bool:
    """Whether the model's mention is only a piece of the name at [start, end): inside it, not a
    titled person, and not a known name, unless the longer name is a legal name that begins with
    it (a subsidiary: 'Norvik Telecom (Americas) Corp', 'Norvik Mobile International USA Inc.')."""
    if m.kind not in (COMPANY, PERSON) or m.titled or not (start <= m.start and m.end <= end):
        return False
    known = m.key in gaz.entries or gaz.by_alias(clean_name(m.text)) is not None
    return not known or (legal and m.start == start and m.end < end)


# A wire dateline opening a line: "WASHINGTON, March 7 (Reuters) - ", "BRUSSELS (AFP) — ", "OSAKA — ".
_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*(?:,[ \t]*(?:[A-Z][a-z]{1,5}\.|[A-Z]\.[A-Z]\.))?"
                       r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
                       r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*[-–—][ \t]")


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a headline in title case ('Britain Sanctions Two
    Shipping Firms'), where capitals say nothing about names."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    dateline = _DATELINE.match(text, line_start, pos)  # "WASHINGTON, March 7 (Reuters) - ": not the line's words
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[dateline.end() if dateline else line_start:
                                                               line_end if line_end >= 0 else len(text)])
             if len(w) > 3]  # headline style leaves short words ('of', 'in', 'and') in lower case
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.85 * len(words)


# What only a business does or has, right after a name: 'Velax said its revenue ...', 'Velax's
# net profit', 'Velax's 34.1 million units', 'Velax shipped 4 million units', 'Velax led the
# market with ...'. People say 'his' or 'her', and own no revenue.
_BUSINESS_AFTER = re.compile(
    r"(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:revenues?|sales|turnover|(?:net|operating)\s+(?:profits?|income|loss(?:es)?)|"
    r"profits?|earnings|shipments|market share|share of the|share\s+(?:rose|fell|grew|slipped|climbed|dropped|"
    r"increased|decreased|was|stood|reached|jumped|edged|slid)|subsidiar(?:y|ies)|shares|stock|headquarters|"
    r"factor(?:y|ies)|plants?|chief executive|CEO|board|customers|suppliers|listing|designation)\b|"
    r"(?:'s|’s)\s+[\d.,]+\s*(?:million|billion|m|bn)?\s+(?:units|shipments|phones|smartphones|handsets|devices|"
    r"vehicles|cars|PCs)\b|"
    r"\s+(?:said|says|reported|posted|announced)\s+(?:on\s+\w+\s+)?(?:that\s+)?its\b|"
    r"\s+(?:shipped|ships|delivered|employs|manufactures|booked|reported revenue|posted revenue)\b|"
    # "Acme reports a record 21,352 deliveries", "Bolt says it delivered 21,333 vehicles"
    r"\s+(?:reports|reported|posts|posted)\s+(?:a\s+)?(?:record\s+)?\d[\d,.]*\s+(?:deliveries|vehicles|units|cars)\b|"
    r"\s+(?:says|said)\s+(?:that\s+)?it\s+(?:delivered|shipped|sold)\b|"
    r"\s+(?:led|leads|topped|tops|dominated|dominates)\s+the\s+(?:[\w-]+\s+){0,3}?market\s+with\b|"
    # "Two years ago Velax was a company defined by ...", "Velax is the world's second-biggest sportswear maker"
    r"\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:company|firm|maker|manufacturer|group|brand|"
    r"retailer|carmaker|chipmaker|conglomerate)\b|"
    r"\s*,\s+(?:a|an|the|its|their)\s+(?:[\w'’-]+\s+){0,3}?(?:company|firm|maker|manufacturer|supplier|vendor|"
    r"operator|producer|developer|group|subsidiary|unit|startup|conglomerate|shipper|trader|"
    r"(?:chip|steel)maker|house)"
    r"(?=\s*[,.;]|\s+(?:based|headquartered|registered|incorporated|owned|controlled|that|which|whose|in|with|from|"
    r"listed|for|of)\b)")
# A name the model did not tag at all, followed by such a cue. Not the common nouns and pronouns
# that start a sentence ('Analysts said its ...').
_CUE_NAME = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*?(?:[ \t]+[A-Z][\w&'’-]*?){0,3})"
                       r"(?=" + _BUSINESS_AFTER.pattern + ")")


# ... or is done to it: 'added Velax to the Entity List', 'sanctions on Velax'.
# A name that speaks: for a company when it is one word, for a person when it is a full name.
_SAYS = re.compile(r"\s+(?:said|says|reported|posted|announced)\b")
# "Acme, Bolt and Cord Tech were designated too": a one-word name in a list of targets (people are named in full)
_LISTED = r"[A-Z][\w&'’.-]*(?:[ \t]+[A-Z][\w&'’.-]*){0,3}"
_DESIGNATED_AFTER = re.compile(r"(?:,[ \t]*" + _LISTED + r")*(?:,?[ \t]+and[ \t]+" + _LISTED + r")?"
                               r"[ \t]+(?:were|was)[ \t]+(?:also[ \t]+)?"
                               r"(?:designated|sanctioned|blacklisted|listed|added)\b")
_TARGET_AROUND = re.compile(
    r"\b(?:added|blacklisted|placed)\s+$", re.I)
_TARGET_AFTER = re.compile(r"\s+(?:to|on|onto)\s+(?:the|its|a|an)\s+(?:[\w'’-]+\s+){0,4}?(?:list|blacklist)\b", re.I)


def retype_company_names(table: EntityTable, text: str = "") -> None:
    """'Acme' that the model read as a person, in an article that names 'Acme Cloud Group' a
    company, or that does what only a business does ('Acme said its revenue rose', 'Acme's net
    profit', 'added Acme to the Entity List'): the company. Surnames of people named in full
    were linked before this; people the text gives a title or a role stay people."""
    companies = {m.key for m in table.mentions if m.kind == COMPANY and not m.descriptive}
    firsts = {k.split("-", 1)[0] for k in companies}
    known = gazetteer.load().entries
    businesses = {m.key for m in table.mentions
                  if m.kind == PERSON and not m.titled and m.key not in known and _acts_as_business(text, m)}
    titled = {m.key for m in table.mentions if m.titled}
    for m in table.mentions:
        if m.kind != PERSON or m.key in titled:
            continue
        # ("Changji Esquel's motion" after "Changji Esquel Textile Co. Ltd.": the first words of a company's name)
        longer = sorted(k for k in companies if k.startswith(m.key + "-")) if "-" in m.key else []
        if "-" not in m.key and (m.key in companies or m.key in firsts) or m.key in businesses or len(longer) == 1:
            m.kind = COMPANY
            m.key = longer[0] if longer else org_key(m.text)


# "Russian insurer Sogar", "drone maker Kelm", "its chip-design arm HiKelmon": a business noun right
# before the name
_BUSINESS_NOUNS = BUSINESS_HEADS | {"exporter", "importer", "holding", "arm", "unit"}
_BUSINESS_BEFORE = re.compile(r"\b(" + "|".join(sorted(_BUSINESS_NOUNS)) + r")\s+$")  # lower case: not "Bank Mellat"
# (a business noun a person is called too makes a business only after a brand's name: "Norton owner")
_BRAND_BEFORE = re.compile(r"(?<![\w-])[A-Z][\w&'’-]*\s+$")


def _acts_as_business(text: str, m: Mention) -> bool:
    """Whether the text right around a person's mention has it do or have what only a business
    does, or be put on a list. A full name that speaks ('Ann Lee said its ...') speaks for one."""
    cue = _BUSINESS_AFTER.match(text, m.end)
    one_word = " " not in clean_name(m.text)
    before = _BUSINESS_BEFORE.search(text, max(0, m.start - 30), m.start)
    if before is not None and (one_word or before.group(1) not in PEOPLE_TOO or _BRAND_BEFORE.search(
            text, max(0, before.start() - 30), before.start())):
        # "sanctions on Russian insurer Sogar", "Norton owner Gen Digital": the text calls it a business
        # (not "its co-owner Ann Lee")
        return True
    if cue is not None and (one_word or not _SAYS.match(cue.group(0))):
        return True
    return bool(one_word and ((_TARGET_AROUND.search(text, max(0, m.start - 20), m.start)
                               and _TARGET_AFTER.match(text, m.end)) or _DESIGNATED_AFTER.match(text, m.end)))
