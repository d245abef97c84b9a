"""The language model's entities as typed mentions.

Gazetteer names carry their kind; other ``ORG`` mentions become courts or government bodies
by their head words, are dropped when the text quotes them as a source ("according to ..."),
and otherwise become companies. Spans the model cut wrong are mended first: a name that runs
over a line break, a ranking's name with its figure ('Velax 16.2%'), two names joined by
'and', a name cut short before its legal suffix.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract import gazetteer
from kg.extract.mentions import EntityTable, Mention
from kg.extract.names import (
    BUSINESS_HEADS,
    DEMONYMS,
    GENERIC,
    LEAD_WORDS,
    NOT_NAME_START,
    PLACES,
    SECTOR_WORDS,
    clean_name,
    has_legal_suffix,
    has_trade_tail,
    is_court_name,
    is_government_name,
    is_media_name,
    is_source_context,
    joins_sectors,
    org_key,
    person_key,
    segment_follows,
    start_with_digit_words,
    without_legal_suffix,
)
from kg.extract.nlp import load
from kg.extract.places import ends_a_place, is_place
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, slug

# a court's case number after a word ("in Cases T-533/21 and T-532/21", "Case No. 1:24-cv-01234"):
# the word names the case, not an organisation
_CASE_NUMBER = re.compile(r"[ \t]+(?:No\.[ \t]*)?[A-Z]{0,2}-?\d{1,4}[/:][\w/-]+")


# "titles such as Honor of Kings and Peacekeeper Elite", "apps like Acme Pay": products named as
# examples of a kind of product (the names listed after the first too)
# "the Kelmap mapping service", "the Varna delivery app": a product named by its kind after it
# (not a state's service: "the SBU security service")
_PRODUCT_KIND_AFTER = re.compile(r"[ \t]+(?!(?:security|intelligence|secret|civil|public|postal|diplomatic|news)\b)"
                                 r"(?:[a-z-]+[ \t]+){1,2}(?:app|service|platform|browser|game)\b")
_PRODUCTS_BEFORE = re.compile(r"\b(?:titles|games|apps|applications|products|models|handsets|smartphones|phones|"
                              r"devices|shows|films|series|franchises)\s+(?:such\s+as|like|including)\s+"
                              r"(?:[A-Z][\w'’&-]*(?:[ \t]+(?:of|the|[A-Z][\w'’&-]*))*(?:,[ \t]*|[ \t]+and[ \t]+|"
                              r",[ \t]+and[ \t]+))*$")


def _names_a_case(name: str, text: str, end: int) -> bool:
    """"Cases T-533/21 and T-532/21": the word before a case number is no organisation."""
    return name.split()[-1].lower() in ("case", "cases") and _CASE_NUMBER.match(text, end) is not None


# (and a facility, not who runs it: "Kelmton International Airport")
_NOT_ORG_TAIL = re.compile(r"\b(act|register|fund|regulation|report|determination|decision|airport|airfield|"
                           r"air\s+base)$", re.I)


# armed, militant and criminal groups: by the word a group's name ends in, or the group's own name
_ARMED_GROUP = re.compile(r"\b(?:cartel|militia|brigades?|taliban|al-qaeda|al-qaida|qaeda|hezbollah|hamas|houthis?|"
                          r"isis|isil|islamic state|boko haram|al-shabaab|revolutionary guards?(?: corps)?)$", re.I)
# names listed before what makes them criminal groups: "the LockBit, BlackSuit and Play ransomware groups"
_GANG_WORDS = (r"(?:ransomware|hacking|hacker|cybercrime|cyber-?espionage|criminal|extortion)[ \t]+"
               r"(?:groups?|gangs?|crews?)")
_GANG_AFTER = re.compile(r"(?:(?:,[ \t]*|[ \t]+and[ \t]+|,[ \t]+and[ \t]+)[A-Z][\w'’&-]*)*[ \t]+" + _GANG_WORDS + r"\b")
# ... or after it: "the cyber-espionage group Kimsuky"
_GANG_BEFORE = re.compile(r"\b" + _GANG_WORDS + r"[ \t]+$")
_GOV_TAIL = re.compile(r"\b(house|senate|house of representatives)$", re.I)


_LONGER_NAME = re.compile(r"(?:[ \t]+(?!(?:The|A|An|In|On|And|Or|But|Inc|Corp|Ltd|Co|Group|Holdings|Technologies|"
                          r"Technology|Electronics|International|Limited|Said|Says|Has|Is|Was)\b)[A-Z][a-z]+){1,3}\b")


# A polity, not a business: "the Union" (the European one), "the Republic", "the United Kingdom".
_POLITY = re.compile(r"(?:[\w'-]+\s+){0,3}?(?<!credit\s)(?:union|republic|kingdom|commonwealth|"
                     r"emirates|nations)(?:\s+of\s+.+)?", re.I)
# The place of a wire dateline at the start of a line: "TAIPEI, April 27 (Reuters) -",
# "BRUSSELS (AFP) -", "HONG KONG/WASHINGTON, Dec 2 -". Upper case, then a date, a credit or a dash.
_DATELINE = re.compile(
    # (a US dateline adds the state: "WILMINGTON, Del., Oct 1 -", "WASHINGTON, D.C., March 4 -"; others
    # a province: "NINGDE, Fujian, March 15 -")
    r"^[ \t]*(?P<place>[A-Z][A-Z.'-]+(?:[ /][A-Z][A-Z.'-]+)*"
    r"(?:,[ \t]*(?:[A-Z][a-z]{1,5}\.|[A-Z]\.[A-Z]\.|[A-Z][a-z]{2,15})(?=,))?)"
    r"(?=\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|\([^)\n]{1,40}\)\s*[-–—]|[-–—]\s))", re.M)
def in_dateline(text: str, start: int) -> bool:
    """Whether ``start`` is inside the place of a dateline ("NINGDE, Fujian, March 15 - ...")."""
    m = _DATELINE.match(text, text.rfind("\n", 0, start) + 1)
    return m is not None and m.start("place") <= start < m.end("place")


# Currency codes that write an amount ("EUR 2.3 billion"); kg.extract.metrics reads them as
# units. Before a number such a code is money, not an organisation.
CURRENCY_CODES = ("USD", "EUR", "RMB", "CNY", "HKD", "GBP", "KRW", "JPY", "TWD", "INR", "CHF", "AUD", "CAD", "SGD",
                  "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "BYN", "UAH", "KZT", "TRY", "BRL",
                  "MXN", "ZAR", "IDR", "MYR", "THB", "VND", "SAR", "AED", "ILS")
_NUMBER_AFTER = re.compile(r"\s?\d")
# A clock time just before an upper-case word makes that word a time zone: "15:19 HKT", "9.30 pm GMT".
_CLOCK_BEFORE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*\(?$", re.I)
# Capitalised words just before a span, on the same line: the start of a name the model cut short.
# (a word may have a dot inside: "ML.Cloud LLC")
_NAME_BEFORE = re.compile(r"(?:(?<![\w&'.-])[A-Z](?:[\w&'-]|\.(?=\w))*[ \t]){1,3}$")
_SUFFIX_WORDS = (r"(?:Co|Corp|Corporation|Inc|Incorporated|Ltd|Limited|LLC|L\.L\.C|Plc|PLC|S\.?A|A\.?G|N\.?V|"
                 r"GmbH|Holdings?|Group|Intl|International)\b")
_CONJOINED = re.compile(r",?\s+(?:and|or)(?:\s+|$)|,\s+(?=[A-Z])(?!" + _SUFFIX_WORDS + r")")


_CHAMBER_OF = re.compile(r"(?:the\s+)?(?:\w+\s+)?Chamber(?:\s*,?\s*Extended Composition)?,?\s+of\s+"
                         r"(?:the\s+)?(?=[A-Z])", re.I)
# A chamber or formation of a court ('the Second Chamber', 'the Fourth Chamber, Extended
# Composition'): part of the court, never an organisation of its own.
_CHAMBER = re.compile(r"(?:the\s+)?(?:\w+\s+)?chamber(?:\s*,?\s*extended composition)?(?:\s+of\b.*)?|"
                      r"extended composition", re.I)


def find_entities(doc: Doc, offset: int, text: str, table: EntityTable | None = None) -> EntityTable:
    """Collect typed mentions from one spaCy doc (a chunk of ``text`` starting at ``offset``)."""
    gaz = gazetteer.load()
    table = table or EntityTable()
    datelines = [m.span("place") for m in _DATELINE.finditer(text, offset, offset + len(doc.text))]
    places = _place_votes(doc)
    for ent in _joined_at_of(doc):
        if ent.label_ in ("SOURCE", "EXCHANGE"):
            continue
        end = ent.end_char + offset
        ent = _within_one_line(doc, ent)
        if ent is None:
            continue
        start = ent.start_char + offset
        if any(s <= start < e for s, e in datelines) or _is_time_zone(text, start, end) \
                or _is_amount(text, start, end):
            continue
        if ent.ent_id_ and ent.ent_id_ in gaz.entries:
            mention = _group_company(doc, offset, text, ent, start, gaz) or _known_mention(
                text, start, end, ent.text, gaz.entries[ent.ent_id_], gaz)
            if mention is not None:
                table.mentions.append(mention)
            continue
        ent, start, end, label = _mended(doc, offset, text, ent, start, end)
        if "(" in ent.text or ")" in ent.text:
            ent, start, end = _bracketed(doc, offset, text, ent, start, end)
            if ent is None:
                continue
        dangling = _DANGLING_WORD.search(ent.text)
        place = _PLACE_NEXT.match(text, end) if dangling is not None else None
        if dangling is not None and place is not None and is_place(place.group(1)):  # "Acme Trade LLC of" Tashkent
            ent = doc.char_span(ent.start_char, ent.start_char + dangling.start(), label=ent.label_) or ent
            end = start + len(ent.text)
        if label == "ORG" and not (places[ent.text] > 0 and gaz.by_alias(clean_name(ent.text)) is None
                                   and not _company_shaped(ent.text)):
            _add_org_mentions(doc, offset, text, start, end, ent.text, table, gaz)
        elif label == "PERSON":
            name = clean_name(ent.text)
            if len(name) >= 3 and name[0].isupper() and not is_place(name):  # "which Kyiv accuses"
                table.mentions.append(Mention(start, end, ent.text, person_key(name), PERSON))
    return table


def _group_company(doc: Doc, offset: int, text: str, ent: Span, start: int,
                   gaz: gazetteer.Gazetteer) -> Mention | None:
    """"Samsung SDI": the known "Samsung" names the word in capitals it modifies, another company."""
    coded = _code_after(doc, ent) if gaz.entries[ent.ent_id_].kind == COMPANY else None
    if coded is None:
        return None
    end = coded.idx + len(coded.text) + offset
    if gaz.by_alias(text[start:end]) is not None:
        return None
    return Mention(start, end, text[start:end], org_key(text[start:end]), COMPANY)


def _code_after(doc: Doc, ent: Span) -> Token | None:
    """The word in capitals right after a known company's name that the name modifies in the parse
    ("Samsung SDI", "LG CNS"): a group company named by the group and its code; not an office
    ("Samsung CEO") nor a place or a currency."""
    if ent.end >= len(doc):
        return None
    code = doc[ent.end]
    if code.pos_ != "PROPN" or not _CODE.fullmatch(code.text) or code.text in _NOT_CODES or code.ent_type_:
        return None
    return code if doc[ent.end - 1].head.i == code.i and doc[ent.end - 1].dep_ == "compound" else None


_CODE = re.compile(r"[A-Z][A-Z&]{1,4}")
_NOT_CODES = frozenset("CEO CFO COO CTO AI US UK EU UN IPO ESG EV PC TV".split())


# "China Telecom (" before a name the model began inside the brackets ("Americas) Corp.")
# a word that ends no name: the model took the one after the name, before a place ("Acme LLC of" Tashkent)
_DANGLING_WORD = re.compile(r"[ \t]+(?:of|in|from)$")
_PLACE_NEXT = re.compile(r"[ \t]+([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)")
# a bracket closed in a few words and a name going on after it: "(Beijing) Technology Co."
_BRACKET_GOES_ON = re.compile(r"\([^()\n]{1,30}\)(?:[ \t]+(?:[A-Z][\w&’'-]*|Co\.|Corp\.|Inc\.|Ltd\.))+")
_OPENED_BEFORE = re.compile(r"(?<![\w&.’'-])((?:[A-Z][\w&.’'-]*[ \t]+){1,4})\($")


def _bracketed(doc: Doc, offset: int, text: str, ent: Span, start: int,
               end: int) -> tuple[Span | None, int, int]:
    """A name whose brackets the model cut: "Acme Cloud (" goes on through its bracket when the name
    does ("Acme Cloud (Beijing) Technology"); "Acme Oil Company (Acmol" ends before its bracket,
    "Americas) Corp." begins with the words before it ("Acme Telecom (Americas) Corp."); None
    when there are no such words."""
    opened, closed = ent.text.rfind("("), ent.text.rfind(")")
    goes_on = _BRACKET_GOES_ON.match(text, start + opened) if opened > closed else None
    if goes_on is not None:  # "Acme Cloud (Beijing) Technology": the bracket is inside the name
        span = doc.char_span(ent.start_char, goes_on.end() - offset, label=ent.label_, alignment_mode="expand")
        return (span, start, goes_on.end()) if span is not None else (None, start, end)
    if opened > closed:  # an opened bracket the name does not close ("Acme Oil Company (Acmol")
        cut = ent.text[:opened].rstrip()
        if not cut:
            return None, start, end
        span = doc.char_span(ent.start_char, ent.start_char + len(cut), label=ent.label_, alignment_mode="contract")
        return (span, start, start + len(cut)) if span is not None else (None, start, end)
    if closed >= 0 and "(" not in ent.text:  # a bracket closed that the name did not open
        before = _OPENED_BEFORE.search(text, max(0, start - 60), start)
        words = before.group(1).split() if before is not None else []
        lead = next((i for i, w in enumerate(words) if w not in LEAD_WORDS), len(words))
        if before is None or lead == len(words):
            return None, start, end
        begin = before.start(1) + before.group(1).index(words[lead])
        span = doc.char_span(begin - offset, end - offset, label=ent.label_, alignment_mode="expand")
        return (span, begin, end) if span is not None else (None, start, end)
    return ent, start, end


def _place_votes(doc: Doc) -> Counter[str]:
    """What the model calls each name in this text, places minus organisations: a name it
    calls a place twice and an organisation once is a place."""
    places: Counter[str] = Counter()
    for ent in doc.ents:
        places[ent.text] += 1 if ent.label_ in ("GPE", "LOC", "NORP") else -1 if ent.label_ == "ORG" else 0
    return places


def _joined_at_of(doc: Doc) -> list[Span]:
    """The model's entities, with a name it cut after "of" joined to the entity right after it
    ("The Ministry of" + "Commerce"): one name, labelled as its first part."""
    ents, out = list(doc.ents), []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if i + 1 < len(ents) and ent[-1].lower_ == "of" and ents[i + 1].start == ent.end and not ent.ent_id_:
            out.append(Span(doc, ent.start, ents[i + 1].end, label=ent.label_))
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def _within_one_line(doc: Doc, ent: Span) -> Span | None:
    """The entity's last line when it runs over a line break ("13:00 HKT\n\nKestrel Drone
    Group"): a name does not. None when one word is left, from a header line: no name."""
    if "\n" not in ent.text or ent.ent_id_:
        return ent
    cut = ent.text.rfind("\n") + 1
    line = doc.char_span(ent.start_char + cut, ent.end_char, label=ent.label_, alignment_mode="contract")
    if line is None or len(line.text.split()) < 2:
        return None
    return line


def _known_mention(text: str, start: int, end: int, surface: str, entry: gazetteer.Entry,
                   gaz: gazetteer.Gazetteer) -> Mention | None:
    """The mention of a gazetteer name, unless quoted as a source; a company's name that goes
    on ('Acme Telecom Americas' after the known 'Acme Telecom') is another company."""
    if is_source_context(text, start, end):
        return None
    if entry.kind == LIST:
        named = _LIST_NAME_BEFORE.search(text, max(0, start - 80), start)
        words = named.group(1).split() if named is not None else []
        # (not a place or a keeper before the name, "the U.S. Entity List", "a Treasury Department
        # blacklist", nor a headline's capitals, "On Its Entity List")
        if words and surface[:1].isupper() and not any(
                is_place(w) or gaz.by_country_name(w) or w.lower() in _FUNCTION_WORDS or w in _BODY_WORDS
                for w in words):
            # "its Strategic High-Tech Commodities Entity List": another list, named in full
            full = text[named.start(1):end]
            return Mention(named.start(1), end, full, slug(full), LIST)
    if entry.kind == COMPANY:
        if (of := _OF_A_NAME.match(text, end)) is not None and gaz.by_alias(text[start:of.end()]) is None:
            return None  # "Honor of Kings", a game: the known name begins another, unknown one
        start, end, surface = _legal_name_of(text, start, end, surface)
    longer = _longer_name_end(text, end) if entry.kind == COMPANY else None
    if longer is not None:
        full = text[start:longer]
        if gaz.by_alias(full) is None and org_key(full) != entry.key and org_key(full) != org_key(surface):
            return Mention(start, longer, full, org_key(full), COMPANY)
    return Mention(start, end, surface, entry.key, entry.kind)


# capitalised words that run into a known list's name ("Strategic High-Tech Commodities" + "Entity List")
_LIST_NAME_BEFORE = re.compile(r"(?<![\w'’.])((?:[A-Z][\w-]*[ \t]+){1,5})$")
_FUNCTION_WORDS = frozenset("its the their his her a an on to in of and for from off with new".split())
_BODY_WORDS = frozenset("Department Ministry Office Treasury Commission Council Bureau Government Cabinet".split())
_OF_A_NAME = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’&-]*")
# the words a company's registered name may add to the name it goes by: trade words, legal forms
_NAME_TAIL = re.compile(r"(?:,?[ \t]+(?:Co\.|Corp\.|Inc\.|Ltd\.|LLC|[A-Z][a-z]+\b)){1,4}")
_PLACE_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ \t]+$")


def _legal_name_of(text: str, start: int, end: int, surface: str) -> tuple[int, int, str]:
    """A known company's name where the text gives it in full, as registered: "Beijing Kelm
    Technology" or "Kelm Technology Co., Limited" for the known "Kelm" (the words after it only
    trade words and legal forms; a city before it only with those, or before a known name that
    ends in a trade word: "Zhejiang Kelm Technology"). "Kelm Group" and "Kelm
    International" name a parent or an arm: another company, left to the passes after."""
    tail = _NAME_TAIL.match(text, end)
    if tail is None:
        # (the known name is a registered one already: "Zhejiang Dahua Technology" for "Dahua Technology")
        place = _PLACE_BEFORE.search(text, max(0, start - 20), start) if has_trade_tail(surface) else None
        if place is not None and is_place(place.group(1)):
            return place.start(1), end, text[place.start(1):end]
        return start, end, surface
    words = list(re.finditer(r"[^\s,]+", tail.group(0)))
    full_end = next((end + w.end() for w in reversed(words)
                     if without_legal_suffix(text[start:end + w.end()]).strip() == without_legal_suffix(surface).strip()
                     and not re.search(r"\b(?:Group|International)\b", text[end:end + w.end()])), None)
    if full_end is None:
        return start, end, surface
    place = _PLACE_BEFORE.search(text, max(0, start - 20), start)
    if place is not None and is_place(place.group(1)):
        start = place.start(1)
    return start, full_end, text[start:full_end]


def _longer_name_end(text: str, end: int) -> int | None:
    """Where the capitalised words that continue a name at ``end`` stop; None when none do, or
    when a number follows them ('Acme Phone 11': a product model, not a longer name)."""
    longer = _LONGER_NAME.match(text, end)
    if longer is None or re.match(r"\s*[\d(]", text[longer.end():longer.end() + 3]):
        return _subsidiary_end(text, end)
    return longer.end()


# "Hikvision USA", "China Mobile International USA", "Acme Motor North America": a known company's
# subsidiary in a country or region, named by the parent and the place
_PLACE_TAIL = re.compile(r"(?:[ \t]+(?:International|Technologies|Technology|Electronics|Motor|Holdings))?"
                         r"[ \t]+(?P<place>USA|U\.S\.A\.|UK|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)\b")


def _subsidiary_end(text: str, end: int) -> int | None:
    tail = _PLACE_TAIL.match(text, end)
    if tail is None:
        return None
    place = tail.group("place")
    return tail.end() if place in ("USA", "U.S.A.", "UK") or is_place(place) else None


def _mended(doc: Doc, offset: int, text: str, ent: Span, start: int, end: int) -> tuple[Span, int, int, str]:
    """The entity's span and label once the model's usual slips are mended: a ranking's name
    taken with its figure, a company's name read as a person's, a court's chamber."""
    label = ent.label_
    figure = _TRAILING_FIGURE.fullmatch(ent.text) if label in _NAME_LABELS else None
    if figure is not None and figure.group("name") not in CURRENCY_CODES:
        # "Velax 16.2%", "Bolt 13.8 million": a ranking's name and its figure
        end, label = start + figure.end("name"), "ORG"
        ent = doc.char_span(ent.start_char, ent.start_char + figure.end("name"), alignment_mode="expand") or ent
    lead = _ROLE_LEAD.match(text, start, end) or _HEAD_LEAD.match(text, start, end)
    if lead is not None and label in _NAME_LABELS:
        # "Competitors Acme and Bolt ...": the sentence's first word is not the name's; "its
        # property arm Acme Real Estate": nor is the noun of business before it
        start = lead.end()
        ent = doc.char_span(start - offset, end - offset, alignment_mode="expand") or ent
    past_form = _PAST_LEGAL_FORM.match(ent.text) if label == "ORG" else None
    if past_form is not None:
        # "Acme Petroleum Co Ltd. Australians are now barred ...": the full stop after the legal
        # form ended a sentence the parser ran on; the name ends there
        end = start + past_form.end("name")
        ent = doc.char_span(ent.start_char, ent.start_char + past_form.end("name"), alignment_mode="expand") or ent
    if label == "ORG":
        ent, end = _sectors_go_on(doc, offset, text, ent, end)
    if label in _CUT_LABELS:
        ent, end = _name_goes_on(doc, offset, text, ent, start, end)
    if label in ("PERSON", "GPE", "LOC", "FAC", "PRODUCT") and _company_shaped(ent.text):
        # "Acme Cloud Computing Group", "Troika Metals" read as a person's name; "the Republic
        # of Varnia Shipping Lines" read as a place
        label = "ORG"
    elif label == "PERSON" and _company_by_context(text, start, end, ent.text):
        form = _legal_form_after(text, ent.text, end)
        if form is not None:  # "Litvar Middle East DMCC": the name goes on to its legal form
            end = form.end()
            ent = doc.char_span(ent.start_char, end - offset, alignment_mode="expand") or ent
        label = "ORG"
    one_word = label == "ORG" and re.fullmatch(r"[A-Z][a-z]+", ent.text) is not None
    portfolio = _PORTFOLIO_OF.search(text, max(0, start - 40), start) if one_word else None
    if portfolio is not None:  # "the Ministry of Finance" of which the model took "Finance"
        start = portfolio.start("body")
        ent = doc.char_span(start - offset, end - offset, alignment_mode="expand") or ent
    elif one_word and _MINISTER_AFTER.match(text, end):
        label = ""  # "Finance Minister Ann Lee", "Supreme Leader Ali Rahimi": a title, no organisation
    chamber = _CHAMBER_OF.match(text, start, end) if label in ("ORG", "FAC", "LOC", "PRODUCT") else None
    if chamber is not None:  # "the Grand Chamber of the Court of Justice": the court
        start, label = chamber.end(), "ORG"
        ent = doc.char_span(start - offset, end - offset, alignment_mode="expand") or ent
    return ent, start, end, label


def _name_goes_on(doc: Doc, offset: int, text: str, ent: Span, start: int, end: int) -> tuple[Span, int]:
    """"Galaxy Entertainment Group" of which the model took "Galaxy" for a product: the name goes on
    through the capitalised words after it to its trade word and a legal form closing it (forms in a
    row are mended elsewhere); the span and end as they were when it does not."""
    goes_on = _CAPITALS_AFTER.match(text, end)
    if goes_on is None or not _company_shaped(text[start:goes_on.end()]):
        return ent, end
    forms = list(_LEGAL_FORM_WORD.finditer(goes_on.group(0)))
    run = goes_on.group(0)
    if forms and (len(forms) > 1 or forms[0].end() != len(run) or _FORM_GOES_ON.match(text, goes_on.end())):
        return ent, end
    span = doc.char_span(ent.start_char, goes_on.end() - offset, alignment_mode="expand")
    if span is None or any(t.ent_type_ for t in doc[ent.end:span.end]):
        return ent, end
    return span, goes_on.end()


def _sectors_go_on(doc: Doc, offset: int, text: str, ent: Span, end: int) -> tuple[Span, int]:
    """"the Kelm State Research" of "the Kelm State Research and Production Space Center": the model
    cut the name at an "and" between two lines of business; it goes on through the capitalised words after."""
    more = _AND_CAPITALS.match(text, end)
    if more is None or not ent.text.split() or not joins_sectors(ent.text.split()[-1], more.group("next")):
        return ent, end
    span = doc.char_span(ent.start_char, more.end() - offset, alignment_mode="expand")
    if span is None or any(t.ent_type_ for t in doc[ent.end:span.end]):
        return ent, end
    return span, more.end()


_AND_CAPITALS = re.compile(r"[ \t]+and[ \t]+(?P<next>[A-Z][\w-]*)(?:[ \t]+[A-Z][\w-]*){0,4}")


# the labels of a name's first words when the model cut the name short (a product's, a place's), and
# capitalised words after them
_CUT_LABELS = frozenset({"PRODUCT", "GPE"})
_CAPITALS_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w&'’-]*){1,5}")
_LEGAL_FORM_WORD = re.compile(r"\b(?:Co|Corp|Inc|Ltd|Limited|LLC|PLC|GmbH|JSC|AG|SA|Pte)\b")
_FORM_GOES_ON = re.compile(r"\.?,?[ \t]*(?:Co|Corp|Inc|Ltd|Limited|LLC)\b")
# a portfolio or office the model took for an organisation: "the Ministry of Finance", "Finance Minister Ann Lee"
_PORTFOLIO_OF = re.compile(r"\b(?P<body>Ministry\s+of\s+(?:the\s+)?)$")
_MINISTER_AFTER = re.compile(r"[ \t]+(?:Minister|Leader)\b")
# the next word after a name, which may be its legal form ("Litvar Middle East DMCC")
_NEXT_WORD = re.compile(r"[ \t,]+[A-Z][\w.]*")
# ", the trading arm of Acme", ", a unit of Acme": an apposition that says what kind of company
_COMPANY_APPOSITION = re.compile(r"\s*,\s+(?:the|a)\s+(?:[\w-]+\s+){0,3}?(?P<head>arm|unit|[a-z-]+)"
                                 r"(?:\s+(?:of|in|for|that|which|owned|controlled)\b|\s*[,.;)—–])")


# the heads of an apposition that calls a name a company's: "the trading arm of", "a unit of", "a refiner"
_APPOSITION_HEADS = BUSINESS_HEADS | {"arm", "unit"}
_HEAD_LEAD = re.compile(r"arm[ \t]+(?=[A-Z])")  # "its property arm Acme Real Estate"


def _legal_form_after(text: str, name: str, end: int) -> re.Match[str] | None:
    """The legal form right after a name that has none ("Litvar Middle East DMCC"), if any."""
    word = _NEXT_WORD.match(text, end)
    return word if word is not None and not has_legal_suffix(name) and has_legal_suffix(
        name + " " + word.group().strip(" ,\t")) else None


# what only a company is the object of: "the purchase of"
_BOUGHT_BEFORE = re.compile(r"\bpurchase\s+of\s+$", re.I)


def _company_by_context(text: str, start: int, end: int, name: str) -> bool:
    """A name the model took for a person's that is a company's by what surrounds it: a legal
    form right after it, an apposition that calls it a kind of company, a deal it is bought in, or
    a place its last words name ("Chinoil Hong Kong", a group's regional company)."""
    words = name.split()
    if re.fullmatch(r"[A-Z][A-Z0-9&-]{3,}", name):
        return True  # "MVIZION": a word in capitals is a brand's styling, no one's name
    apposition = _COMPANY_APPOSITION.match(text, end)
    if _legal_form_after(text, name, end) or (apposition and apposition.group("head") in _APPOSITION_HEADS):
        return True
    if _BOUGHT_BEFORE.search(text, max(0, start - 40), start):
        return True  # "Acme's purchase of Kelvar Blizzard": no one buys a person
    listed = _LISTED_AFTER_BUSINESSES.search(text, max(0, start - 160), start)
    if listed is not None and not _RELATIVE_VERB_BEFORE.search(text, max(0, listed.start() - 40), listed.start()):
        # "Two exporters of microelectronics, Acme International and Kelvar Union, were ..." (not "Two
        # nationals who represent the firms, Ann Lee and Bo Chan": the firms are the clause's object)
        return True

    return len(words) >= 3 and is_place(" ".join(words[-2:]))


_RELATIVE_VERB_BEFORE = re.compile(r"\b(?:who|which|that)\s+[a-z]+\s+(?:the\s+|their\s+|its\s+)?$")
# a list of names in apposition to a plural noun of businesses, up to the name
_LISTED_AFTER_BUSINESSES = re.compile(
    r"\b(?:firms|exporters|lenders)"
    r"(?:\s+(?:of|in|from)\s+[\w-]+(?:\s+[\w-]+)?)?\s*[,:—–]\s+"
    r"(?:[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*)*(?:,\s+(?:and\s+)?|\s+and\s+))*$")


# a name that runs on past its legal form's full stop into the next sentence's first words
# ("Acme Co Ltd. Australians", "Acme Co Ltd. Bolt (Xiamen) Co Ltd")
_PAST_LEGAL_FORM = re.compile(r"(?P<name>.+?\b(?:Ltd|Inc|Corp|LLC|PLC|Plc|Limited|GmbH)\.)[ \t]+"
                              r"(?!(?:Ltd|Limited|Co|Corp|Inc|LLC|PLC)\b)[A-Z]")


# plural nouns for the roles companies play, capitalised at a sentence's start before names
_ROLE_LEAD = re.compile(r"(?:Competitors|Rivals|Peers|Customers|Clients|Suppliers|Partners|Lenders|Shares)"
                        r"[ \t]+(?=[A-Z])")


# industries that end company names, besides the trade words text patterns find names by
_INDUSTRY_TAIL = re.compile(r"\s(?:Foundr(?:y|ies)|Pharmaceuticals?|Therapeutics|Biotech|Automotive|Insurance|"
                            r"Engineering|Construction|Shipbuilding|Shipyards?|Utilities|Cement|Textiles|Plastics|Foods|Resorts?|Hotels?|"
                            r"Casinos?)$")


_NOT_A_BUSINESS = re.compile(r"\b(?:Institute|Academy|Foundation|Ministry)\b")


def _company_shaped(surface: str) -> bool:
    """Whether a name of several words ends in a legal form, a trade word or an industry."""
    name = re.sub(r"\s+and$", "", clean_name(surface))
    if _NOT_A_BUSINESS.search(name):
        return False  # "the Academy of Sciences' Institute of Computing Technology"
    return " " in surface.strip() and (
        has_legal_suffix(name) or has_trade_tail(name) or bool(_INDUSTRY_TAIL.search(name)))


# a legal form written short, after which "of Belarus" is no longer the name's ("Industrial and
# Commercial Bank of China", "Aviation Industry Corporation of China" are names)
_ABBREVIATED_FORM = re.compile(r"\b(?:OJSC|JSC|PJSC|CJSC|LLC|LLP|Ltd\.?|GmbH|Inc\.?|Co\.|S\.A\.|AG|PLC|plc|FZE|Pte)$")


# the heads whose "of <place>" is part of the name ("Bank of China", "Aviation Industry Corporation of
# China", "the Republic of Korea"); after another word it says where the company is ("Mvizion of Uzbekistan")
_NAMED_OF_A_PLACE = frozenset("""bank corporation company group industries industry institute academy university
authority council commission federation union association chamber exchange society fund agency ministry
organization organisation department office government republic kingdom state states court port railways railway
airlines airways lines post holdings insurance petroleum oil""".split())


def _add_org_mentions(doc: Doc, offset: int, text: str, start: int, end: int, surface: str,
                      table: EntityTable, gaz: gazetteer.Gazetteer) -> None:
    """The mentions of an ``ORG`` span: the whole name when the model cut it short before its
    legal suffix, and each name when it took several joined by 'and'."""
    if any(m.start <= start and end <= m.end for m in table.mentions):
        return  # inside a name read before ("(SCF)" of "Oil Tankers (SCF) Management")
    start = start_with_digit_words(text, start)  # "Si2 Microsystems Pvt. Ltd."
    inside = _ACRONYM_INSIDE.match(text, end)
    if inside is not None:  # "Oil Tankers (SCF) Management": the name goes on past its acronym
        end = inside.end()
        table.mentions = [m for m in table.mentions if not (m.start < end and start < m.end)]
    surface = text[start:end]
    if (has_legal_suffix(clean_name(surface)) and _generic_core(surface)) or _BARE_FORM.fullmatch(surface):
        # "Digital Technology Co.", "LLC" of "ML.Cloud LLC": the model cut the name short; a name
        # the model read just before is the name's ("Star Voyages Shipping Services" + "L.L.C")
        before = next((m for m in table.mentions if m.end < start and not text[m.end:start].strip()), None)
        name_start = before.start if before is not None else _name_start(text, start, doc, offset)
        if name_start is None:
            return
        start = name_start
        table.mentions = [m for m in table.mentions if not (m.start < end and start < m.end)]
    start = _past_a_place_and_dash(text, start, end)
    for part_start, part_end in _split_conjoined(text, start, end):
        if _common_word_opening(doc, offset, text, part_start, part_end, gaz):
            continue
        # "Minsk Optoelectronic Plant OJSC of Belarus": the name ends with its legal form
        of_place = re.fullmatch(r"(.+?)\s+of\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})", text[part_start:part_end])
        if of_place and is_place(of_place.group(2)) and (_ABBREVIATED_FORM.search(of_place.group(1)) or (
                of_place.group(1).split()[-1].lower() not in _NAMED_OF_A_PLACE)):
            part_end = part_start + len(of_place.group(1))
        mention = _org_mention(text[part_start:part_end], text, part_start, part_end, gaz)
        if mention is None or _acronym_of_no_organisation(text, part_start, part_end, gaz):
            continue
        mention = _with_portfolios(text, mention)
        if mention.kind == COMPANY and _unit_of_body(text, part_start, table.mentions):
            mention.kind = GOVERNMENT  # "the Agency's Public Safety and Security Bureau"
        table.mentions.append(mention)


# a body named for its portfolios ("Department of Economic Affairs, Education and Research"):
# the name's head and the comma-and list of portfolios after the first
_BODY_OF = re.compile(r"\b(?:Ministry|Department)\s+(?:of|for)\s+(?:the\s+)?[A-Z]")
_PORTFOLIOS_GO_ON = re.compile(r"(?:,[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)+,?"
                               r"[ \t]+and[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?\b")


def _with_portfolios(text: str, mention: Mention) -> Mention:
    """A body's whole name where the model cut it at a comma before its other portfolios ("the
    Federal Department of Economic Affairs, Education and Research")."""
    more = _PORTFOLIOS_GO_ON.match(text, mention.end) if _BODY_OF.search(mention.text) else None
    if more is None or mention.kind != GOVERNMENT:
        return mention
    name = text[mention.start:more.end()]
    return Mention(mention.start, more.end(), name, org_key(name), GOVERNMENT)


def _past_a_place_and_dash(text: str, start: int, end: int) -> int:
    """Where a name begins that the model took with a place and a dash before it ("registered in
    Hong Kong - Sinno Electronics, ..."): the place is no part of it."""
    dash = list(_SPACED_DASH.finditer(text, start, end))
    return dash[-1].end() if dash and is_place(clean_name(text[start:dash[-1].start()])) else start


_SPACED_DASH = re.compile(r"[ \t][-–—][ \t]")
# a legal form alone
_BARE_FORM = re.compile(r"(?:LLC|L\.L\.C\.?|Ltd\.?|Limited|Inc\.?|Corp\.?|PLC|GmbH|JSC|LLP)")


# the capitalised name a bracketed acronym follows: "the Bhabha Atomic Research Center (BARC)"
_NAME_BEFORE_BRACKET = re.compile(r"(?<![\w'-])((?:[A-Z][\w'-]*[ \t]+){1,7})\($")


# a bracketed acronym inside a name, and the words of business after it ("Oil Tankers (SCF) Management")
_ACRONYM_INSIDE = re.compile(r"[ \t]+\([A-Z]{2,6}\)[ \t]+(?:[A-Z][\w&'-]*[ \t]+){0,2}"
                             r"(?:Management|Services|Holdings?|Group|Shipping|Trading|Company|Corporation)\b")


def _acronym_of_no_organisation(text: str, start: int, end: int, gaz: gazetteer.Gazetteer) -> bool:
    """Whether the name at text[start:end] is, there or where the text spells it out, the
    bracketed acronym of a name that names no business (a research centre, an institute)."""
    acronym = text[start:end]
    if not re.fullmatch(r"[A-Z]{2,8}", acronym):
        return False
    defined = text.find(f"({acronym})")
    at = start if text[start - 1:start] == "(" else defined + 1 if defined >= 0 else -1
    before = _NAME_BEFORE_BRACKET.search(text, max(0, at - 100), at) if at > 0 else None
    return before is not None and _names_no_organisation(before.group(1).strip(), gaz)


def _common_word_opening(doc: Doc, offset: int, text: str, start: int, end: int, gaz: gazetteer.Gazetteer) -> bool:
    """"Foundry revenue grew", "Consolidated operating profit rose", "a Kazakh distributor": one
    dictionary word before the common noun it qualifies, after "a", or capitalised only because
    it opens the sentence and never written capitalised inside one: no name ("Acer rounded out the top
    five" is the subject, not a qualifier). Known names ("Apple", "Shell") are the gazetteer's."""
    word = text[start:end]
    if not re.fullmatch(r"[A-Z][a-z]+", word) or word.lower() not in dictionary_words() or gaz.by_alias(word):
        return False
    span = doc.char_span(start - offset, end - offset)
    if span is None or span.end >= len(doc):
        return False
    after = doc[span.end]
    if not (after.text.islower() and after.pos_ in ("NOUN", "ADJ")):
        return False
    if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an"):
        return True  # "a Kazakh distributor": a word that qualifies the noun after it
    return span[0].is_sent_start and re.search(r"[a-z,;:]\s+" + word + r"\b", text) is None


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """The English words the lemmatizer's tables know (nouns, verbs, adjectives, adverbs)."""
    nlp = load()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in index.keys() for w in index[pos])


# A name the model took together with the figure after it, in a ranking: 'Dell 16.2%',
# 'HP 13.8 million'. Not a model number ('Mate 60'): the figure has a decimal, a scale or a '%'.
_NAME_LABELS = frozenset({"ORG", "PRODUCT", "LAW", "WORK_OF_ART", "PERSON", "FAC", "EVENT", "NORP"})
_TRAILING_FIGURE = re.compile(
    r"(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2})\s+(?:with\s+|at\s+|on\s+)?(?:US\$|HK\$|[$€£¥])?"
    r"(?:\d[\d,]*\.\d+\s*(?:%|per ?cent|percent|million|billion|bn|m)?|"
    r"\d[\d,]*\s*(?:%|per ?cent|percent|million|billion|bn))")


def _unit_of_body(text: str, start: int, mentions: list[Mention]) -> bool:
    """Whether a name follows a government body's possessive ('the FCC's Public Safety and
    Homeland Security Bureau', 'Commerce's ...'): a unit of that body."""
    for m in reversed(mentions[-3:]):  # the model's mentions come in text order
        if m.kind == GOVERNMENT and re.fullmatch(r"\s*(?:'s|’s)\s+", text[m.end:start]):
            return True
    return False


def _is_amount(text: str, start: int, end: int) -> bool:
    """'EUR' in 'grew 9.9 per cent to EUR 2.3 billion': a currency code before a number."""
    return text[start:end] in CURRENCY_CODES and _NUMBER_AFTER.match(text, end) is not None


def _is_time_zone(text: str, start: int, end: int) -> bool:
    """'HKT' in 'Friday, 12 January 2024 | 15:19 HKT': a time zone after a clock time."""
    return re.fullmatch(r"[A-Z]{2,5}", text[start:end]) is not None and _CLOCK_BEFORE.search(
        text, max(0, start - 16), start) is not None


def _generic_core(surface: str) -> bool:
    """True when a name is only generic words once its legal suffixes are gone."""
    core = without_legal_suffix(clean_name(surface)).strip(" ,.")
    tokens = re.findall(r"[\w&-]+", core.lower())
    return all(t in GENERIC for t in tokens)


def _name_start(text: str, start: int, doc: Doc, offset: int) -> int | None:
    """Where a name cut short by the model begins: the capitalised words just before it
    ('Orcel' in 'Orcel Digital Technology Co.'), unless they belong to a known name.
    None when there are none: the span alone names nothing."""
    m = _NAME_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return None
    new = m.start()
    for word in re.finditer(r"[A-Z][\w&'-]*", m.group(0)):
        if word.group(0) in NOT_NAME_START or word.group(0).endswith("-based"):
            new = m.start() + word.end() + 1
    if new >= start:
        return None
    span = doc.char_span(new - offset, start - offset, alignment_mode="expand")
    if span is None or any(t.ent_id_ for t in span):
        return None  # "Acme Digital Technology": the gazetteer's Acme is its own entity
    return new


# two lines of business a name joins ("Research and Production"), a business's name
_SECTORS_JOINED = re.compile(r"\b(?:" + SECTOR_WORDS + r")\s+and\s+(?:" + SECTOR_WORDS + r")\b")
_THE_BUSINESS = re.compile(r"[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*\s+(?:Bank|Airlines|Airways|Company|Corporation|"
                           r"Insurance Company|Shipping Company|Railways)(?:\s+of\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?")


def _split_conjoined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Applied Materials and Lam Research' or 'Acme, Bolt' as one span from the model: two
    names. A comma before a legal suffix ('Acme Co., Ltd.') does not split, nor does '&'
    ('Marks & Spencer' is one name)."""
    parts: list[tuple[int, int]] = []
    pos = start
    if is_government_name(text[start:end].split()[-1]) or is_court_name(text[start:end].split()[-1]):
        return [(start, end)]  # "Public Safety and Homeland Security Bureau": one body
    for m in _CONJOINED.finditer(text, start, end):
        rest = text[m.end():end].strip()
        if " " not in rest and rest.lower() in GENERIC:
            break  # "Yuxin Science and Technology": one name, not "Technology" as another
        before = text[pos:m.start()].split()
        if m.group().strip() == "and" and before and rest and joins_sectors(before[-1], rest.split()[0]):
            continue  # "China Oil and Petroleum Company": one name
        if m.group().strip() == "and" and len(before) >= 2 and before[-2] in ("for", "of") and not is_place(before[-1]):
            continue  # "the Kelm Institute for Theoretical and Experimental Physics": one name
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    # "the Commercial Bank of Syria": a business's name without the article the model took into
    # it ("the Revolutionary Guards", "the Foundation for ..." stay out); and a body's whose name
    # the model cut at a comma ("the Federal Department of Economic Affairs, Education and Research")
    parts = [(a + 4, b) if text.startswith("the ", a) and (
        _THE_BUSINESS.fullmatch(text, a + 4, b) or _company_shaped(text[a + 4:b]) or _SECTORS_JOINED.search(text, a, b)
        or (_BODY_OF.search(text, a, b) and _PORTFOLIOS_GO_ON.match(text, b))) else (a, b) for a, b in parts]
    return [p for p in parts if p[1] > p[0] and (text[p[0]:p[1]][:1].isupper() or _DIGIT_IN_A_NAME.match(text, *p) or (
        text[p[0]:p[1]].startswith("the ") and is_court_name(text[p[0]:p[1]])))]  # "the Court of Justice"


def _org_mention(surface: str, text: str, start: int, end: int,
                 gaz: gazetteer.Gazetteer) -> Mention | None:
    """The mention an organisation's name makes, typed by the gazetteer or its head words; None
    for a name that is no organisation's."""
    name = clean_name(surface)
    circuit = _CIRCUIT.search(name)
    entry = gaz.by_alias(f"{circuit.group(1)} Circuit") if circuit else None
    if entry is not None and entry.kind == COURT:  # "the 9th U.S. Circuit Court of Appeals": the Ninth Circuit
        return Mention(start, end, surface, entry.key, COURT)
    owner = _POSSESSOR.search(text, max(0, start - 40), start)
    if owner is not None and gaz.is_source(owner.group(1)):
        return None  # "research firm Kelm's Worldwide Quarterly Tracker": a research firm's product
    if _unlike_a_name(name) or _names_no_organisation(name, gaz) or names_a_segment(name, text, end, start) \
            or _names_a_list(name, text, end) or ends_a_place(text, start, name) or _names_a_case(name, text, end) \
            or _PRODUCTS_BEFORE.search(text, max(0, start - 120), start) or _GANG_AFTER.match(text, end) \
            or _GANG_BEFORE.search(text, max(0, start - 40), start) \
            or (text[max(0, start - 4):start] == "the " and _PRODUCT_KIND_AFTER.match(text, end)):
        return None
    if _GOV_TAIL.search(name):
        return Mention(start, end, surface, org_key(name), GOVERNMENT)
    if _BODIES_AFTER.match(text, end):  # "the Treasury and State departments": the State Department
        body = gaz.by_alias(f"{name} Department")
        return Mention(start, end, surface, body.key if body else org_key(name), GOVERNMENT)
    if _SERVICE_AFTER.match(text, end):  # "the SBU security service": a state's service
        return Mention(start, end, surface, org_key(name), GOVERNMENT)
    entry = gaz.by_alias(name)
    if entry is not None:
        return Mention(start, end, surface, entry.key, entry.kind)
    if is_court_name(name):
        return Mention(start, end, surface, org_key(name), COURT)
    if is_government_name(name) and not _COMPANY_BEFORE_BODY_WORD.search(name):
        return Mention(start, end, surface, org_key(name), GOVERNMENT)
    source = is_source_context(text, start, end)
    return Mention(start, end, surface, org_key(name), COMPANY, source=source)


# a name's possessor right before it: "IDC's" in "IDC's Worldwide Tracker"
_POSSESSOR = re.compile(r"\b([A-Z][\w&.-]*)['’]s[ \t]+$")
# a company's unit named with a body's word: "Kelm Construction Company Varnagrad Waterway Bureau"
# ... or a design bureau, a business in Russia and Ukraine ("Varnagrad Design Bureau Kelm")
_COMPANY_BEFORE_BODY_WORD = re.compile(r"\b(?:Company|Corporation|Corp\.?|Co\.|Group)\s+(?:[A-Z][\w-]*\s+){0,4}"
                                       r"(?:Bureau|Office|Administration|Department)$|\bDesign\s+Bureau\b")
# a plural of government bodies after a name: "the Treasury and State departments"
_BODIES_AFTER = re.compile(r"[ \t]+departments\b")
# a state's service named before what it is: "the SBU security service"
_SERVICE_AFTER = re.compile(r"[ \t]+security[ \t]+service\b")
# a federal appeals court named by its circuit's number: "the 9th U.S. Circuit Court of Appeals"
_CIRCUIT = re.compile(r"\b(\d{1,2}[a-z]{2})\s+(?:U\.S\.\s+)?Circuit(?:\s+Court\s+of\s+Appeals)?$")


def _unlike_a_name(name: str) -> bool:
    """Too short, in lower case, a long run of capitals, a nationality ("Emirati"), with a figure,
    or only generic words."""
    if len(name) < 2 or not (name[:1].isupper() or _DIGIT_IN_A_NAME.fullmatch(name)) or (
            name.isupper() and len(name) > 12) or name in DEMONYMS:
        return True
    return (re.search(r"\d", name) is not None and not _DIGIT_IN_A_NAME.fullmatch(name)) or all(
        t in GENERIC for t in re.findall(r"[\w&-]+", name.lower()))


# a figure inside a word of a name of several words ("Sira2 Microsystems", "Tesk5 Retail Group"; not
# "Q2 Results", "G7 Leaders", "Boeing 737"), or an ordinal opening one ("224th Flight Unit State Airlines")
_DIGIT_IN_A_NAME = re.compile(r"(?:[A-Z][A-Za-z]*[a-z][A-Za-z]*\d+[A-Za-z]*|\d+(?:st|nd|rd|th))(?:\s+[A-Z][a-z]+)+")


_RESEARCH_BODY = re.compile(r"\b(?:Academy|Institute|University|Research\s+Cent(?:er|re))(?:\s+of\b|\s*\(|$)")
_ACCOUNTING = re.compile(r"(?:non-?\s?)?IFRS|EBIT(?:D?A)?", re.I)


def names_a_research_body(name: str) -> bool:
    """Whether a name is a research or teaching body's ("the Varna Atomic Research Center")."""
    return _RESEARCH_BODY.search(clean_name(name)) is not None


def _names_no_organisation(name: str, gaz: gazetteer.Gazetteer) -> bool:
    """A source, a product, an outlet, a place, a polity, a court's chamber, a law or a case."""
    low = name.lower()
    if gaz.is_source(name) or gaz.is_product(name) or is_media_name(name) or low in PLACES or is_place(low):
        return True
    if (_POLITY.fullmatch(low) and not _company_shaped(name)) or _CHAMBER.fullmatch(low):
        return True  # not "the Republic of Varnia Shipping Lines", named after its polity
    if _ACCOUNTING.fullmatch(name):
        return True  # "Non-IFRS operating profit": an accounting basis
    if _RESEARCH_BODY.search(name):
        return True  # "the Varnian Academy of Sciences", "Kelm Institute": research and teaching, no business
    if _ARMED_GROUP.search(name):
        return True  # "the Gulf Cartel", "the Taliban": armed and criminal groups, never companies
    return bool(_NOT_ORG_TAIL.search(name) or re.search(r"\s+vs?\.?\s+[A-Z]", name))  # "Acme v Council": a case


def _names_a_list(name: str, text: str, end: int) -> bool:
    """An acronym that names a list ("the SDN list", "its NS-CMIC List"), not a company."""
    return name.replace("-", "").isupper() and re.match(r"[ \t]+[Ll]ists?\b", text[end:end + 8]) is not None


# a line of business after a name: "the Space Systems business", "the memory and LSI businesses"
_BRAND_AFTER = re.compile(r"\s+(?:brands?|marque|label)\b", re.I)
# (also "the smart EV and other new initiatives segment": the segment named after its first line)
# (or the last of several: "the Vehicle Systems and Weapon and Ammunition divisions")
_LINE_OF_BUSINESS = re.compile(r"(?:\s*(?:,|and)\s+[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*){0,3}"
                               r"(?:\s+and\s+other(?:\s+[a-z-]+){0,3}?)?\s+(?i:business(?:es)?|divisions?|segments?)\b")
# a determiner before a name, or before the names joined to it ("the Vehicle Systems and Weapon")
_DETERMINER_BEFORE = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[A-Z][\w&-]*,?\s+)*"
                                r"(?:and\s+(?:[A-Z][\w&-]*,?\s+)*)*$")


def names_a_segment(name: str, text: str, end: int, start: int = -1) -> bool:
    """'its ICT infrastructure business', 'the system LSI businesses': a short upper-case name
    before a segment word; 'the Space Systems business': a name a determiner and a business
    word enclose (a part of a company, not one)."""
    line = _LINE_OF_BUSINESS.match(text, end) is not None
    if name.isupper() and len(name) <= 5 and (segment_follows(text[end:end + 30]) or line):
        return True
    if start >= 0 and _BRAND_AFTER.match(text, end) and re.search(r"\b(?:the|its|their)\s+$",
                                                                  text[max(0, start - 8):start], re.I):
        return True  # "including the Lexor brand": a brand of a company, not one
    return start >= 0 and line and (_DETERMINER_BEFORE.search(text, max(0, start - 80), start)
                                    is not None or re.match(r"the\s", text[start:start + 4], re.I)
                                    is not None)  # "The Orbital Systems segment" with its article in the span
