"""Organisation and person mentions: typing, identity keys, descriptive references.

Typing: gazetteer names carry their kind; other ``ORG`` mentions from the statistical
model become courts or government bodies by their head words, are dropped when the
text quotes them as a source ("according to ..."), and otherwise become companies
when the article treats them as one. Identity: a normalised key without legal suffixes,
so "Acme", "Acme Corp." and "Acme Corporation" are one node while "China Mobile" and
"China Telecom" stay two. Descriptive references ("the Chinese firm", "the vendor") are
resolved to the company most recently named before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract import gazetteer
from kg.extract.dates import Anchor, find_dates
from kg.extract.places import is_place
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, Entity, slug

_LEGAL = re.compile(
    r"(?:[\s,]+(?:corp(?:oration)?|inc(?:orporated)?|ltd|limited|co|company|plc|llc|l\.l\.c|s\.?a|a\.?g|pte|sdn|bhd|"
    r"n\.?v|gmbh|holdings?|group|technolog(?:y|ies)|electronics|international|co\.,?\s*ltd|pjsc|ojsc|oyj|"
    r"s\.p\.a)\.?)+$",
    re.I,
)
_COURT_WORDS = re.compile(r"\b(court|tribunal|circuit)\b", re.I)
_GOV_WORDS = re.compile(
    r"\b(department|ministry|agency|commission|bureau|office|administration|council|parliament|"
    r"senate|congress|government|authority|regulator|treasury|cabinet|embassy)\b", re.I)
_TITLES = re.compile(
    r"^(?:(?:U\.?S\.?|US|federal|district|circuit|chief|senior|presiding)\s+)*"
    r"(?:judge|president|chairman|chair|mr|mrs|ms|dr)\.?\s+", re.I)
_SOURCE_BEFORE = re.compile(
    r"(according to|research firm|told)\s*(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(r"^\W{0,3}\s*(report(?:ed|s)(?!(?:\s+(?:a|an|its|their|record|net|operating|adjusted|"
                           r"quarterly|annual|full-year|[\w-]+-quarter|half-year|higher|lower|strong|weak))*\s+"
                           r"(?:revenues?|sales|profits?|results|earnings|income|loss(?:es)?|turnover|shipments)\b|"
                           r"\s+an?\s+[\d$€£¥])|"
                           r"data|figures|article)\b", re.I)
_COMPANY_CONTEXT = re.compile(
    r"\b(compan(?:y|ies)|firms?|\w*makers?|manufacturers?|vendors?|group|brands?|rivals?|competitors?|"
    r"suppliers?|customers?|clients?|partners?|buyers?|carriers?|operators?|providers?|"
    r"streaming|service|platform|app|shares?|stock|investors?|shareholders?|ceo|chief executive|subsidiary|"
    r"giant|conglomerate|chipmaker|corp|inc|ltd)\b", re.I)
_DESCRIPTIVE = re.compile(
    r"\b(?P<np>[Tt]he\s+(?:(?:[A-Z][a-z]+|Chinese|American|US|U\.S\.|South Korean|Korean|Japanese|"
    r"Beijing-based|Shenzhen-based|Shanghai-based|[a-z]+-based|tech|technology|electronics|"
    r"smartphone|phone|handset|telecom|telecoms|telecommunications|drone|chip|consumer|internet|"
    r"e-commerce|social media|video|semiconductor|battery|car|surveillance|camera|lidar|"
    r"mapping|software|hardware|state-owned|privately held|listed|Hong Kong-listed)\s+){0,3}"
    r"(?:company|firm|group|brand|manufacturer|maker|vendor|giant|conglomerate|chipmaker|"
    r"carmaker|operator|carrier|start-up|platform|app|business)\b"
    r"(?:\s+(?:based|headquartered)\s+in\s+[A-Z][a-z]+)?)(?P<after>\s*(?:'s|’s)?\s*\S*)")
_GENERIC = frozenset("""business businesses services service solutions solution group infrastructure
cloud iot ai digital mobile devices device intelligent systems system products product consumer
enterprise international global platform platforms technology technologies data network networks
communications media entertainment games gaming financial fintech value-added value added social
advertising software hardware semiconductor semiconductors and & of the for fiscal year quarter
internet online offline retail commerce e-commerce smart home automotive auto research development
operations unit division segment holdings company corporation federal national computing equipment
energy power intelligence artificial communication vision optics photonics robotics aerospace aviation
security microelectronics telecom telecoms telecommunications integrated circuit circuits industries industry
materials new battery drone drones lidar chips electric automation""".split())
_NOT_ORG_TAIL = re.compile(r"\b(act|register|fund|regulation|report|determination|decision)$", re.I)
_SEGMENT_AFTER = re.compile(r"^\s*(?:unit|division|infrastructure|revenue|sales)\b", re.I)
_GOV_TAIL = re.compile(r"\b(house|senate|house of representatives)$", re.I)
_PLACES = frozenset({
    "us", "u.s", "u.s.", "usa", "america", "united states", "china", "prc", "eu", "europe", "uk",
    "britain", "hong kong", "taiwan", "japan", "korea", "south korea", "india", "russia", "beijing",
    "washington", "shanghai", "shenzhen", "us federal", "federal", "magistrate", "judge", "justice",
})
_TITLED = re.compile(
    r"\b(?:(?:U\.?S\.?|US|[Ff]ederal|[Dd]istrict|[Cc]ircuit|[Cc]hief|[Ss]enior|[Mm]agistrate|[Pp]residing)\s+)*"
    r"(?:[Jj]udge|Justice|President|Secretary|Minister|Chairman|CEO|Governor)\s+"
    r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){0,2})")
_APPOSITIVE_JUDGE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){1,2}),\s+(?:a|the)\s+(?:[\w.]+\s+){0,3}"
    r"(?:judge|justice)\b")
_LONGER_NAME = re.compile(r"(?:\s+(?!(?:The|A|An|In|On|And|Or|But|Inc|Corp|Ltd|Co|Group|Holdings|Technologies|"
                          r"Technology|Electronics|International|Limited|Said|Says|Has|Is|Was)\b)[A-Z][a-z]+){1,3}\b")
_ACRONYM = re.compile(r"^\s*\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")
_MEDIA_WORDS = re.compile(r"\b(news|times|journal|post|press|daily|media|gazette|wire|blog|newsletter)\b", re.I)
# A polity, not a business: "the Union" (the European one), "the Republic", "the United Kingdom".
_POLITY = re.compile(r"(?:[\w'-]+\s+){0,3}?(?<!credit\s)(?:union|republic|kingdom|commonwealth|"
                     r"emirates|nations)(?:\s+of\s+.+)?", re.I)
# The place of a wire dateline at the start of a line: "TAIPEI, April 27 (Reuters) -",
# "BRUSSELS (AFP) -", "HONG KONG/WASHINGTON, Dec 2 -". Upper case, then a date, a credit or a dash.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'-]+(?:[ /][A-Z][A-Z.'-]+)*)"
    r"(?=\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|\([^)\n]{1,40}\)\s*[-–—]|[-–—]\s))", re.M)
# Currency codes that write an amount ("EUR 2.3 billion"); kg.extract.metrics reads them as
# units. Before a number such a code is money, not an organisation.
CURRENCY_CODES = ("USD", "EUR", "RMB", "CNY", "HKD", "GBP", "KRW", "JPY", "TWD", "INR", "CHF", "AUD", "CAD", "SGD",
                  "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RUB", "BYN", "UAH", "KZT", "TRY", "BRL",
                  "MXN", "ZAR", "IDR", "MYR", "THB", "VND", "SAR", "AED", "ILS")
_NUMBER_AFTER = re.compile(r"\s?\d")
# A clock time just before an upper-case word makes that word a time zone: "15:19 HKT", "9.30 pm GMT".
_CLOCK_BEFORE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*\(?$", re.I)
# Capitalised words just before a span, on the same line: the start of a name the model cut short.
_NAME_BEFORE = re.compile(r"(?:(?<![\w&'-])[A-Z][\w&'-]*[ \t]){1,3}$")
_SUFFIX_WORDS = (r"(?:Co|Corp|Corporation|Inc|Incorporated|Ltd|Limited|LLC|L\.L\.C|Plc|PLC|S\.?A|A\.?G|N\.?V|"
                 r"GmbH|Holdings?|Group|Intl|International)\b")
_CONJOINED = re.compile(r",?\s+(?:and|or)(?:\s+|$)|,\s+(?=[A-Z])(?!" + _SUFFIX_WORDS + r")")
_NOT_NAME_START = frozenset({"The", "A", "An", "Its", "Their", "His", "Her", "And", "But", "Or", "In", "On",
                             "At", "By", "For", "From", "With", "To", "Of", "As", "That", "This", "While"})
# Words that start a sentence or a phrase before a name, never the name itself: 'On Monday Acme
# Robotics ...', 'Russian Karvel Shipping ...'.
_LEAD_WORDS = _NOT_NAME_START | frozenset(
    """Both Also Meanwhile Separately However Last Next Earlier Later Then Now Today Yesterday Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Chinese American
    Russian British European Japanese Korean Iranian Indian Canadian Australian German French Dutch
    Taiwanese Emirati Turkish Belarusian Ukrainian Hong Kong-based Shares Rival Rivals Under After Before
    When Since Until Unlike Like Including Among""".split())
# The last word of many company names says what the business does ('Kestrel Aviation', 'Troika
# Metals', 'Norvik Petrochemicals'); the model often reads such a name as a person, a place or a
# product. A name that ends in one of them is a company, whatever the model says.
_TRADE_WORDS = (r"Robotics|Aviation|Airlines|Airways|Aerospace|Marine|Shipping|Tankers?|Logistics|Freight|Metals|"
                r"Mining|Avionics|Lasers|Bank|Minerals|Steel|Memory|Trading|Tools|Equipment|Energy|"
                r"Petrochemicals?|Petroleum|Chemicals?|Systems|Networks|Semiconductors?|Electronics|Optics|Motors|"
                r"Telecom|Communications|Solutions|Industries|Materials|Devices|Dynamics|Software|Enterprises|"
                r"Manufacturing|Drones|Innovations?|Wireless|Technolog(?:y|ies)|Resources|Holdings?|Group|"
                r"Partners|Carriers|Shipmanagement|Refinery")
_TRADE_TAIL = re.compile(r"\s(?:" + _TRADE_WORDS + r")$")
_TRADE_NAME = re.compile(r"(?<![\w&'’-])(?P<name>(?:[A-Z][\w&'’-]*[ \t]+(?:&[ \t]+)?){1,4}(?:" + _TRADE_WORDS
                         + r"))(?![\w-]|[ \t]+(?:[A-Z&(]|of\b))")
_CHAMBER_OF = re.compile(r"(?:the\s+)?(?:\w+\s+)?Chamber(?:\s*,?\s*Extended Composition)?,?\s+of\s+"
                         r"(?:the\s+)?(?=[A-Z])", re.I)
# A chamber or formation of a court ('the Second Chamber', 'the Fourth Chamber, Extended
# Composition'): part of the court, never an organisation of its own.
_CHAMBER = re.compile(r"(?:the\s+)?(?:\w+\s+)?chamber(?:\s*,?\s*extended composition)?(?:\s+of\b.*)?|"
                      r"extended composition", re.I)


def clean_name(text: str) -> str:
    """A mention's text without possessive, leading article, quotes or trailing punctuation."""
    text = text.replace("\u2019", "'").strip(" \t\n\"'“”‘,;:()")
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+vs?\.?$", "", text)  # "Acme Corp. v." cut from a case name
    return " ".join(text.split())


def org_key(name: str) -> str:
    """Identity key of an organisation: the name without legal suffixes."""
    # "Yuxin Science and Technology" without its trade word is "Yuxin Science", not "... and"
    base = re.sub(r"\s+(?:and|&)$", "", _LEGAL.sub("", clean_name(name)).strip(" ,."))
    return slug(base or name)


def person_key(name: str) -> str:
    return slug(_TITLES.sub("", clean_name(name)))


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
        counts = Counter(m.key for m in self.mentions if m.kind == kind and not m.source)
        if not counts:
            return None
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


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


def find_entities(doc: Doc, offset: int, text: str, table: EntityTable | None = None) -> EntityTable:
    """Collect typed mentions from one spaCy doc (a chunk of ``text`` starting at ``offset``)."""
    gaz = gazetteer.load()
    table = table or EntityTable()
    datelines = [m.span("place") for m in _DATELINE.finditer(text, offset, offset + len(doc.text))]
    # what the model calls each name in this text: 'Belarus' a place twice and an organisation
    # once is a place
    places: Counter[str] = Counter()
    for ent in doc.ents:
        places[ent.text] += 1 if ent.label_ in ("GPE", "LOC", "NORP") else -1 if ent.label_ == "ORG" else 0
    for ent in doc.ents:
        start, end = ent.start_char + offset, ent.end_char + offset
        label = ent.label_
        if label in ("SOURCE", "EXCHANGE"):
            continue
        if "\n" in ent.text and not ent.ent_id_:
            # "13:00 HKT\n\nWeiheng Drone Technology Group": a name does not run over a line break
            cut = ent.text.rfind("\n") + 1
            ent = doc.char_span(ent.start_char + cut, ent.end_char, label=label, alignment_mode="contract")
            if ent is None or len(ent.text.split()) < 2:
                continue  # one word left over from a header line: no name
            start = ent.start_char + offset
        if any(s <= start < e for s, e in datelines) or _is_time_zone(text, start, end) \
                or _is_amount(text, start, end):
            continue
        if ent.ent_id_ and ent.ent_id_ in gaz.entries:
            entry = gaz.entries[ent.ent_id_]
            if _is_source_context(text, start, end):
                continue
            longer = _LONGER_NAME.match(text, end) if entry.kind == COMPANY else None
            if longer and re.match(r"\s*[\d(]", text[longer.end():longer.end() + 3]):
                longer = None  # "Acme Phone 11": a product model, not a longer company name
            if longer:  # "China Telecom Americas" is not "China Telecom"
                full = text[start:longer.end()]
                if gaz.by_alias(full) is None and org_key(full) != entry.key and org_key(full) != org_key(ent.text):
                    table.mentions.append(Mention(start, longer.end(), full, org_key(full), COMPANY))
                    continue
            table.mentions.append(Mention(start, end, ent.text, entry.key, entry.kind))
            continue
        figure = _TRAILING_FIGURE.fullmatch(ent.text) if label in _NAME_LABELS else None
        if figure is not None and figure.group("name") not in CURRENCY_CODES:
            # "Dell 16.2%", "HP 13.8 million": a ranking's name and its figure
            end, label = start + figure.end("name"), "ORG"
            ent = doc.char_span(ent.start_char, ent.start_char + figure.end("name"), alignment_mode="expand") or ent
        if label == "PERSON" and " " in ent.text.strip() and (_LEGAL.search(clean_name(ent.text)) or _TRADE_TAIL.search(
                re.sub(r"\s+and$", "", clean_name(ent.text)))):
            label = "ORG"  # "Acme Cloud Computing Group", "Troika Metals" read as a person's name
        chamber = _CHAMBER_OF.match(text, start, end) if label in ("ORG", "FAC", "LOC", "PRODUCT") else None
        if chamber is not None:  # "the Grand Chamber of the Court of Justice": the court
            start, label = chamber.end(), "ORG"
            ent = doc.char_span(start - offset, end - offset, alignment_mode="expand") or ent
        if label == "ORG" and places[ent.text] > 0 and gaz.by_alias(clean_name(ent.text)) is None:
            continue
        if label == "ORG":
            if _LEGAL.search(clean_name(ent.text)) and _generic_core(ent.text):
                # "Digital Technology Co.": the model cut the name short
                start = _name_start(text, start, doc, offset)
                if start is None:
                    continue
                table.mentions = [m for m in table.mentions if not (m.start < end and start < m.end)]
            for part_start, part_end in _split_conjoined(text, start, end):
                mention = _org_mention(text[part_start:part_end], text, part_start, part_end, gaz)
                if mention and mention.kind == COMPANY and _unit_of_body(text, part_start, table.mentions):
                    mention.kind = GOVERNMENT  # "the FCC's Public Safety and Homeland Security Bureau"
                if mention:
                    table.mentions.append(mention)
        elif label == "PERSON":
            name = clean_name(ent.text)
            if len(name) < 3 or not name[0].isupper():
                continue
            if gaz.by_alias(name) is not None:
                entry = gaz.by_alias(name)
                assert entry is not None
                table.mentions.append(Mention(start, end, ent.text, entry.key, entry.kind))
                continue
            table.mentions.append(Mention(start, end, ent.text, person_key(name), PERSON))
    return table


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
    core = _LEGAL.sub("", clean_name(surface)).strip(" ,.")
    tokens = re.findall(r"[\w&-]+", core.lower())
    return all(t in _GENERIC for t in tokens)


def _name_start(text: str, start: int, doc: Doc, offset: int) -> int | None:
    """Where a name cut short by the model begins: the capitalised words just before it
    ('Orcel' in 'Orcel Digital Technology Co.'), unless they belong to a known name.
    None when there are none: the span alone names nothing."""
    m = _NAME_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return None
    new = m.start()
    for word in re.finditer(r"[A-Z][\w&'-]*", m.group(0)):
        if word.group(0) in _NOT_NAME_START or word.group(0).endswith("-based"):
            new = m.start() + word.end() + 1
    if new >= start:
        return None
    span = doc.char_span(new - offset, start - offset, alignment_mode="expand")
    if span is None or any(t.ent_id_ for t in span):
        return None  # "Acme Digital Technology": the gazetteer's Acme is its own entity
    return new


def _split_conjoined(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'Applied Materials and Lam Research' or 'Acme, Bolt' as one span from the model: two
    names. A comma before a legal suffix ('Acme Co., Ltd.') does not split, nor does '&'
    ('Marks & Spencer' is one name)."""
    parts: list[tuple[int, int]] = []
    pos = start
    if _GOV_WORDS.search(text[start:end].split()[-1]) or _COURT_WORDS.search(text[start:end].split()[-1]):
        return [(start, end)]  # "Public Safety and Homeland Security Bureau": one body
    for m in _CONJOINED.finditer(text, start, end):
        rest = text[m.end():end].strip()
        if " " not in rest and rest.lower() in _GENERIC:
            break  # "Yuxin Science and Technology": one name, not "Technology" as another
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return [p for p in parts if p[1] > p[0] and (text[p[0]:p[1]][:1].isupper() or (
        text[p[0]:p[1]].startswith("the ") and _COURT_WORDS.search(text[p[0]:p[1]])))]  # "the Court of Justice"


def _org_mention(surface: str, text: str, start: int, end: int,
                 gaz: gazetteer.Gazetteer) -> Mention | None:
    name = clean_name(surface)
    if len(name) < 2 or not any(ch.isupper() for ch in name[:1]) or name.isupper() and len(name) > 12:
        return None
    if gaz.is_source(name) or gaz.is_product(name) or _MEDIA_WORDS.search(name):
        return None
    low = name.lower()
    tokens = re.findall(r"[\w&-]+", low)
    if low in _PLACES or is_place(low) or re.search(r"\d", name) or not tokens or all(t in _GENERIC for t in tokens):
        return None
    if _POLITY.fullmatch(low) or _CHAMBER.fullmatch(low):
        return None
    if _NOT_ORG_TAIL.search(name) or re.search(r"\s+vs?\.?\s+[A-Z]", name):
        return None  # "Acme v Council": a case, not an organisation
    if name.isupper() and len(name) <= 5 and _SEGMENT_AFTER.match(text[end:end + 30]):
        return None  # "its ICT infrastructure business": a segment, not a company
    if _GOV_TAIL.search(name):
        return Mention(start, end, surface, org_key(name), GOVERNMENT)
    entry = gaz.by_alias(name)
    if entry is not None:
        return Mention(start, end, surface, entry.key, entry.kind)
    if _COURT_WORDS.search(name):
        return Mention(start, end, surface, org_key(name), COURT)
    if _GOV_WORDS.search(name):
        return Mention(start, end, surface, org_key(name), GOVERNMENT)
    source = _is_source_context(text, start, end)
    return Mention(start, end, surface, org_key(name), COMPANY, source=source)


def _is_source_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40):start]
    after = text[end:end + 60]
    if before.endswith("(") and re.match(r"^\)\s*[-–—]", after):
        return True  # a wire service's dateline credit: "BEIJING, Aug 17 (AMN) -"
    return bool(_SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(after))


def find_titled_people(text: str, table: EntityTable) -> None:
    """'Judge Rudolph Contreras', 'Carl Nichols, a judge of ...': people, whatever the model says.

    Organisation mentions that are only a surname of such a person are re-typed as them.
    """
    for rx in (_TITLED, _APPOSITIVE_JUDGE):
        for m in rx.finditer(text):
            start, end = m.span("name")
            name = m.group("name")
            known = gazetteer.load().by_alias(name)
            if (known is not None and known.kind != PERSON) or any(
                    x.kind != PERSON and x.start <= start < x.end for x in table.mentions):
                continue  # "judge Acme": a title word before an organisation's name
            key = person_key(name)
            table.mentions = [x for x in table.mentions if not (x.start < end and start < x.end)
                              or x.kind not in (COMPANY, PERSON)]
            table.mentions.append(Mention(start, end, name, key, PERSON, titled=True))
    surnames = {m.key.rsplit("-", 1)[-1]: m.key for m in table.mentions if m.kind == PERSON and "-" in m.key}
    for m in table.mentions:
        if m.kind == COMPANY and m.key in surnames and " " not in clean_name(m.text):
            m.kind, m.key = PERSON, surnames[m.key]
    table.sort()


# A name, with a place in brackets inside it: 'Hangzhou Hikrobot (Shenzhen)', 'Foo (Group)'.
_NAME = r"[A-Z][\w&'-]*(?:[ \t]+(?:[A-Z][\w&'-]*|\([A-Z][\w&' -]{1,30}\)|&|of|de))*?"
_LEGAL_NAME = re.compile(r"\b(?P<name>" + _NAME + r",?\s+(?:Co(?:mpany)?\.?,?\s+(?:Ltd\.?|Limited)|"
                         r"Corp(?:oration)?\.?,?\s+(?:Ltd\.?|Limited)|Pte\.?\s+Ltd\.?|Sdn\.?\s+Bhd\.?|"
                         r"Inc\.?|Corp\.?|Corporation|Co\.|Ltd\.?|Limited|LLC|plc|PLC|AG|S\.A\.|N\.V\.|GmbH|JSC|FZE|PJSC|OJSC|PAO|"
                         r"OAO|Oyj|ASA|SpA|S\.p\.A\.|AB))(?!\w)")
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
                  r"exporter|supplier|miner|refiner|shipper|developer|subsidiary)")
_DESCRIBED_NAME = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3}),[ \t]+"
                             r"(?:(?:the|a|an)[ \t]+)?(?:[\w-]+(?:'s|’s)[ \t]+)?(?:[\w-]+[ \t]+){0,5}?"
                             + _BUSINESS_HEAD + r"(?=[ \t]*[,;:)]|[ \t]+(?:that|which|based)\b)")
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
    """Companies the model missed or cut: names with a legal suffix ('Dongguan Poweramp Co.',
    'Hangzhou Hikrobot (Shenzhen) Co., Ltd.'), names that end in a trade word ('Troika Metals'),
    and names given a business role ('its rival Skydio', 'retailer Best Buy').

    A legal or trade name takes over the model's pieces of it ('Sinotech Electronics Co.' and
    'Limited'; 'Acme Robotics' read as a person) unless one of them is a known name. Overlaps are
    looked up through the mentions' starts, so the pass is linear in the text."""
    gaz = gazetteer.load()
    spans: list[tuple[int, int, bool]] = []  # (start, end, may take over the model's pieces)
    legal: set[tuple[int, int]] = set()  # spans of names with a legal suffix
    for m in _LEGAL_NAME.finditer(text):
        spans.append((*m.span("name"), True))
        legal.add(m.span("name"))
    for m in _TRADE_NAME.finditer(text):
        if not _title_case_line(text, m.start()) and not _SEGMENT_AFTER.match(text[m.end():m.end() + 40]):
            spans.append((*m.span("name"), True))
    for m in _CUE_NAME.finditer(text):
        if m.group("name").split()[0] not in _NOT_A_NAME:
            # "Wang Chuanfu said its ...": a full name the model calls a person speaks for a company
            speaks = re.match(r"\s+(?:said|says|reported|posted|announced)\b", text[m.end():m.end() + 12])
            spans.append((*m.span("name"), " " not in m.group("name") or speaks is None))
    for rx in (_DESCRIBED_NAME, _NAME_AFTER_DESCRIPTION):  # one name each: what follows describes it
        spans.extend((*m.span("name"), True) for m in rx.finditer(text))
    for rx in (_ROLE_NAME, _GROUP_MEMBERS, _DESCRIPTOR_NAME):
        for m in rx.finditer(text):
            spans.append((*m.span("name"), True))
            pos = m.end("name")
            while (more := _MORE_NAMES.match(text, pos)) is not None:  # "such as Applied Materials and Lam Research"
                spans.append((*more.span("name"), True))
                pos = more.end("name")
    table.sort()
    # a one-word name beside a company's takes over the model's person ('Zorvex and Kalimar
    # Semiconductor'), and so does any name between two companies' ('Northfield Defense Systems,
    # Cobalt Aerotech and Skyward Avionics'); a full name beside one may be a person's ('Tim Cook
    # and Apple')
    conjuncts = Counter(_conjuncts(text, table.mentions))
    spans.extend((start, end, " " not in text[start:end] or n >= 2) for (start, end), n in conjuncts.items())
    mentions = table.mentions
    starts = [m.start for m in mentions]
    reach: list[int] = []  # the furthest end among the mentions so far
    for m in mentions:
        reach.append(max(m.end, reach[-1]) if reach else m.end)
    dropped: set[int] = set()
    taken: list[tuple[int, int]] = []  # spans added here, sorted
    for start, end, takes_over in spans:
        # 'Nimbus Media Ltd.' is a company; 'Zorbo Media said its ...' may be an outlet
        media_ok = (start, end) in legal
        start = _skip_lead_words(text, start, end)
        name = clean_name(text[start:end])
        if not name:
            continue
        k = bisect_left(taken, (end, end))
        if k and taken[k - 1][1] > start or k < len(taken) and taken[k][0] < end:
            continue
        overlapping = []
        i = bisect_left(starts, end) - 1
        while i >= 0 and reach[i] > start:
            if mentions[i].end > start and id(mentions[i]) not in dropped:
                overlapping.append(mentions[i])
            i -= 1
        if overlapping:
            if not (takes_over and all(_piece_of(m, start, end, gaz) for m in overlapping)):
                table.confirmed.update(m.key for m in overlapping if m.kind == COMPANY)
                continue
        if gaz.is_source(name) or gaz.is_product(name) or name.lower() in _PLACES or is_place(name):
            continue
        entry = gaz.by_alias(name)
        key, kind = (entry.key, entry.kind) if entry else (org_key(name), COMPANY)
        if entry is None and (_GOV_WORDS.search(name) or _COURT_WORDS.search(name) or (
                _MEDIA_WORDS.search(name) and not media_ok)):
            continue
        if kind != COMPANY or all(t.lower() in _GENERIC for t in re.findall(r"[\w&-]+", name)):
            continue
        dropped.update(id(m) for m in overlapping)
        table.mentions.append(Mention(start, end, text[start:end], key, COMPANY))
        table.confirmed.add(key)
        insort(taken, (start, end))
    if dropped:
        table.mentions = [m for m in table.mentions if id(m) not in dropped]
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
        if entry is not None and entry.kind == COMPANY and m["name"] not in _GENERIC:
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
                                      source=_is_source_context(text, start, end)))
        table.confirmed.add(styled[hit.group(1)].key)
    table.sort()


# Head nouns that describe a business: "Sovcomflot, Russia's largest shipping group",
# "drone maker Chengdu JOUAV", "the lender Sberbank".
_BUSINESS_HEADS = frozenset("""company firm group maker manufacturer producer operator lender bank insurer carrier
supplier shipper refiner retailer exchange developer designer chipmaker automaker carmaker giant conglomerate
startup start-up vendor trader broker subsidiary affiliate owner airline""".split())


def find_described_companies(doc: Doc, offset: int, text: str, table: EntityTable) -> None:
    """Names the text itself calls a business, which the model missed: a proper noun with
    an apposition or a title whose head is a business noun ("Sovcomflot, Russia's largest
    shipping group"; "drone maker Chengdu JOUAV"). Typing from the text's own evidence."""
    taken = [(m.start, m.end) for m in table.mentions]
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ in ("compound", "flat"):
            continue
        described = any(c.dep_ == "appos" and c.lemma_.lower() in _BUSINESS_HEADS and c.pos_ == "NOUN"
                        for c in token.children) or (
            token.dep_ == "appos" and token.head.lemma_.lower() in _BUSINESS_HEADS and token.head.pos_ == "NOUN")
        if not described:
            continue
        first = min((c for c in token.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"),
                    key=lambda c: c.i, default=token)
        start, end = first.idx + offset, token.idx + len(token.text) + offset
        name = text[start:end]
        if any(s < end and start < e for s, e in taken) or is_place(name) or not name[:1].isupper():
            continue
        key = org_key(name)
        table.mentions.append(Mention(start, end, name, key, COMPANY, source=_is_source_context(text, start, end)))
        table.confirmed.add(key)
        taken.append((start, end))
    table.sort()


# "deep ultraviolet (DUV) systems", "artificial intelligence (AI)": an acronym of common nouns
_TERM_ACRONYM = re.compile(r"(?<![\w-])(?P<words>(?:[a-z][a-z-]*\s+){1,4})\((?P<acr>[A-Z]{2,6})\)")


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
    for acr in set(re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", text)):
        uses = list(re.finditer(r"(?<![\w-])" + re.escape(acr) + r"(?![\w-])", text))
        as_product = [u for u in uses if _PRODUCT_BEFORE.search(text, max(0, u.start() - 40), u.start())
                      or _PRODUCT_AFTER.match(text, u.end())]
        if uses and len(as_product) * 2 > len(uses):
            terms.add(acr)
    if terms:
        table.mentions = [m for m in table.mentions if not (m.kind == COMPANY and clean_name(m.text) in terms)]


_PRODUCT_BEFORE = re.compile(r"products\s+such\s+as\s+(?:\w+\s+)?$|(?:its|the company's)\s+$", re.I)
_PRODUCT_AFTER = re.compile(r"[\w-]*\s+(?:chips?|output|memory|products?|modules?|demand|supply|shipments|"
                            r"sales|prices?|capacity|wafers?)\b", re.I)


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


_CONJUNCT_BEFORE = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3})"
                              r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)$")
_CONJUNCT_AFTER = re.compile(r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)"
                             r"(?P<name>[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*){0,3})(?![\w&'’-])")


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
            if words[0] in _LEAD_WORDS or words[0] in _NOT_A_NAME or name.lower() in _PLACES or is_place(name) or (
                    gaz.by_alias(name) is not None and gaz.by_alias(name).kind != COMPANY) or (
                    _GOV_WORDS.search(name) or _COURT_WORDS.search(name) or _TITLES.match(name + " ")):
                continue
            out.append((start, end))
    return out


# The EU names its lists by the measures: "the list of persons and entities subject to restrictive
# measures against Syria", "restrictive measures in view of Russia's actions destabilising ...".
_EU_MEASURES = re.compile(r"\brestrictive measures\s+(?:against|in view of)\s+[^.,;:()\n]{2,90}?(?=\s*[.,;:()\n])",
                          re.I)


def find_list_phrases(text: str, table: EntityTable) -> None:
    """In an article about EU measures, the measures it names are the EU's sanctions list."""
    if not any(m.key in _EU_KEYS for m in table.mentions):
        return
    taken = [(m.start, m.end) for m in table.mentions]
    for m in _EU_MEASURES.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            table.mentions.append(Mention(m.start(), m.end(), m.group(0), "eu-sanctions-list", LIST))
    table.sort()


def _skip_lead_words(text: str, start: int, end: int) -> int:
    """Where a name found by a pattern begins, past the words that only lead into it
    ('On Monday', 'Britain's', 'Russian')."""
    while (w := _LEAD.match(text, start, end)) is not None and (
            w.group(1) in _LEAD_WORDS or w.group(1).endswith(("'s", "’s"))):
        start = w.end()
    # "Hong Kong-registered Sunrise Components Ltd": the name starts after the place it is of
    ends = [said.end() for said in _PLACE_SAID.finditer(text, start, end)]
    return ends[-1] if ends else start


_PLACE_SAID = re.compile(r"[\w.'’]+-(?:based|registered|listed|owned|controlled|backed|made)\s+",
                         re.I)


_LEAD = re.compile(r"([A-Z][\w&'’.-]*?)(?:,?\s+|$)")


def _piece_of(m: Mention, start: int, end: int, gaz: gazetteer.Gazetteer) -> bool:
    """Whether the model's mention is only a piece of the name at [start, end): inside it, not a
    known name, not a titled person."""
    return (m.kind in (COMPANY, PERSON) and not m.titled and start <= m.start and m.end <= end
            and m.key not in gaz.entries and gaz.by_alias(clean_name(m.text)) is None)


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` is a headline in title case ('Britain Sanctions Two
    Shipping Firms'), where capitals say nothing about names."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[line_start:line_end if line_end >= 0 else len(text)])
             if len(w) > 3]  # headline style leaves short words ('of', 'in', 'and') in lower case
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def propagate_names(text: str, table: EntityTable) -> None:
    """A name recognised once is recognised everywhere in the article ('Acme Corp.' ... 'Acme')."""
    names: dict[str, Mention] = {}
    for m in table.mentions:
        if m.kind == COMPANY and not m.descriptive and not m.source:
            full = clean_name(m.text)
            short = _LEGAL.sub("", full).strip(" ,.")
            for name in (full, short):
                if len(name) >= 3 and name[0].isupper() and name.lower() not in _GENERIC:
                    names.setdefault(name, m)
    # 'Chuangwei Software Holdings' ... 'Chuangwei': the first word of a name, when it is no
    # ordinary word (never written in lower case here), no place, and no other company's
    firsts: dict[str, set[str]] = {}
    first_owner: dict[str, Mention] = {}
    for m in table.mentions:
        if m.kind == COMPANY and not m.descriptive and not m.source and " " in clean_name(m.text):
            firsts.setdefault(clean_name(m.text).split()[0], set()).add(m.key)
            first_owner.setdefault(clean_name(m.text).split()[0], m)
    lower = set(re.findall(r"\b[a-z][a-z-]+\b", text))
    for word, keys in firsts.items():
        low = word.lower()
        if (len(keys) == 1 and len(word) >= 4 and word.isalpha() and word[1:].islower() and low not in lower
                and low not in _GENERIC and low not in _PLACES and not is_place(low) and low not in _REGIONAL
                and word not in _LEAD_WORDS
                and word not in _NOT_A_NAME and gazetteer.load().by_alias(word) is None):
            names.setdefault(word, first_owner[word])
    if not names:
        return
    spans = sorted((m.start, m.end) for m in table.mentions)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # the furthest end among the spans so far
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    for hit in pattern.finditer(text):  # hits do not overlap one another
        start, end = hit.span()
        k = bisect_left(starts, end)
        if k and reach[k - 1] > start:
            continue  # overlaps a mention found before
        owner = names[hit.group(1)]
        table.mentions.append(Mention(start, end, hit.group(1), owner.key, COMPANY,
                                      source=_is_source_context(text, start, end)))
    table.sort()


def link_acronyms(text: str, table: EntityTable) -> None:
    """'Advanced Micro-Fabrication Equipment Inc (AMEC)': later 'AMEC' is the same company."""
    acronyms: dict[str, Mention] = {}
    for m in table.mentions:
        if m.kind == COMPANY and not m.descriptive:
            a = _ACRONYM.match(text[m.end:m.end + 16])
            if a:
                acronyms[a.group("acr")] = m
            words = [w for w in re.findall(r"[A-Za-z][\w-]*", clean_name(m.text)) if w[0].isupper()]
            for n in (len(words), len(words) - 1):
                if n >= 2:  # "Taiwan Semiconductor Manufacturing Co." is "TSMC"
                    acronyms.setdefault("".join(w[0] for w in words[:n]).upper(), m)
                    # "ChangXin Memory Technologies" is "CXMT": every capital of a camel-cased word
                    acronyms.setdefault("".join(c for w in words[:n] for c in w if c.isupper()), m)
    for m in table.mentions:
        owner = acronyms.get(clean_name(m.text))
        if owner is not None and owner is not m:
            m.key, m.kind = owner.key, owner.kind


def link_people(table: EntityTable) -> None:
    """'Contreras' after 'Judge Rudolph Contreras' is the same person."""
    full = {m.key: m for m in table.mentions if m.kind == PERSON and "-" in m.key}
    for m in table.mentions:
        if m.kind == PERSON and "-" not in m.key:
            for key in sorted(full):
                if key.endswith("-" + m.key):
                    m.key = key
                    break


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
    r"\s+(?:led|leads|topped|tops|dominated|dominates)\s+the\s+(?:[\w-]+\s+){0,3}?market\s+with\b|"
    r"\s*,\s+(?:a|an|the|its|their)\s+(?:[\w'’-]+\s+){0,3}?(?:company|firm|maker|manufacturer|supplier|vendor|"
    r"operator|producer|developer|group|subsidiary|unit|startup|conglomerate|shipper|trader|chipmaker)"
    r"(?=\s*[,.;]|\s+(?:based|headquartered|that|which|whose|in|with|from|listed)\b)")
# A name the model did not tag at all, followed by such a cue. Not the common nouns and pronouns
# that start a sentence ('Analysts said its ...').
_CUE_NAME = re.compile(r"(?<![\w&'’-])(?P<name>[A-Z][\w&'’-]*?(?:[ \t]+[A-Z][\w&'’-]*?){0,3})"
                       r"(?=" + _BUSINESS_AFTER.pattern + ")")
_NOT_A_NAME = frozenset("""It He She They We I You This That These Those There Here Analysts Officials Investors
Executives Regulators Shareholders Sources People Critics Observers Experts Authorities Lawyers Traders Economists
Researchers Customers Users Employees Workers Management Company Group Firm Business Everyone Nobody Each
Neither Either Both Spokesman Spokeswoman Spokesperson""".split())
# ... or is done to it: 'added Velax to the Entity List', 'sanctions on Velax'.
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
    businesses: set[str] = set()
    for m in table.mentions:
        if m.kind != PERSON or m.titled or m.key in gazetteer.load().entries:
            continue
        cue = _BUSINESS_AFTER.match(text, m.end)
        if cue is not None and " " in clean_name(m.text) and re.match(r"\s+(?:said|says|reported|posted|announced)\b",
                                                                      cue.group(0)):
            cue = None  # "Wang Chuanfu said its vehicles ...": a full name speaking for a company
        if cue is not None or (
                _TARGET_AROUND.search(text, max(0, m.start - 20), m.start)
                and _TARGET_AFTER.match(text, m.end) and " " not in clean_name(m.text)):
            businesses.add(m.key)
    titled = {m.key for m in table.mentions if m.titled}
    for m in table.mentions:
        if m.kind != PERSON or m.key in titled:
            continue
        if "-" not in m.key and (m.key in companies or m.key in firsts) or m.key in businesses:
            m.kind = COMPANY
            m.key = org_key(m.text)


# "Acme Bank, the group's banking subsidiary,": a company of its own
_SUBSIDIARY_AFTER = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?subsidiary\b", re.I)
# Places that name a group's regional company: 'Acme Taiwan', 'Acme Americas', 'Acme (Ningbo)'
# are legal entities of their own, not another name of 'Acme'.
_REGIONAL = frozenset("""taiwan japan korea india america americas europe asia africa australia canada germany
france uk usa us singapore malaysia vietnam thailand indonesia philippines brazil mexico russia turkey israel
netherlands italy spain poland uae dubai hong kong macau middle east emea apac shenzhen beijing shanghai hangzhou
guangzhou wuhan chengdu tianjin dalian ningbo suzhou nanjing chongqing xiamen qingdao zhuhai dongguan hefei
jinan shenyang xian xi an""".split())


_BARE_BODY = re.compile(r"(?:the\s+)?(?P<head>council|commission|ministry|department|office|treasury)", re.I)
_EU_KEYS = frozenset({"european-union", "eu-general-court", "eu-court-of-justice", "eu-sanctions-list"})


def link_bare_bodies(table: EntityTable) -> None:
    """'the Council' or 'the Ministry' alone: the body of that kind named last before it ('the
    Council of the European Union ... the Council'), else, for a council or commission in an
    article that names an EU body, the European Union. Left as it is otherwise."""
    gaz = gazetteer.load()
    eu = any(m.key in _EU_KEYS for m in table.mentions)
    last: dict[str, str] = {}  # head word -> key of the body named last with it
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
        entry = gaz.entries.get(m.key)
        names = " ".join((m.text, *((entry.label, *entry.aliases) if entry else ()))).lower()
        for head in re.findall(r"council|commission|ministry|department|office|treasury", names):
            last[head] = m.key


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


def link_short_names(table: EntityTable, text: str = "") -> None:
    """Within one article, 'Luokung' and 'Luokung Technology Corp' are one company; 'Acme' and
    'Acme Taiwan' are two, and so are 'Acme' and 'Acme Bank, a subsidiary,'."""
    keys = sorted({m.key for m in table.mentions if m.kind == COMPANY}, key=len)
    subsidiaries = {m.key for m in table.mentions
                    if m.kind == COMPANY and text and _SUBSIDIARY_AFTER.match(text, m.end)}
    alias: dict[str, str] = {}
    for short in keys:
        for long in keys:
            if long != short and long.startswith(short + "-") and short not in alias and not (
                    _REGIONAL & set(long[len(short) + 1:].split("-"))) and long not in subsidiaries:
                alias[long] = short
    for m in table.mentions:
        if m.kind == COMPANY and m.key in alias:
            m.key = alias[m.key]


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


def _lower_first(phrase: str) -> str:
    return "the" + phrase[3:] if phrase.startswith("The ") else phrase


def build_entities(table: EntityTable, text: str, fact_keys: set[str],
                   company_keys: frozenset[str] = frozenset()) -> dict[str, Entity]:
    """One Entity per key, with this article's surface forms as aliases.

    Companies not in the gazetteer are kept only when the article treats them as a
    company: they take part in a fact, have a legal suffix, come with company words
    around them, or are named more than once.
    """
    gaz = gazetteer.load()
    by_key: dict[str, list[Mention]] = {}
    for m in table.mentions:
        if m.source:
            continue
        by_key.setdefault(m.key, []).append(m)
    # A key seen only as a source anywhere in the article is not an entity.
    entities: dict[str, Entity] = {}
    for key, mentions in sorted(by_key.items()):
        kinds = Counter(m.kind for m in mentions)
        kind = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if key in company_keys and kind in (PERSON, GOVERNMENT, COURT, LIST) and key not in gaz.entries:
            kind = COMPANY  # a figure's owner or a sanction's target is a business
        entry = gaz.entries.get(key)
        if kind == PERSON and entry is None and key not in fact_keys:
            continue  # people matter here as judges and authorities, found with the facts
        if entry is None and kind == COMPANY and key not in fact_keys and key not in table.confirmed:
            named = [m for m in mentions if not m.descriptive]
            legal = any(_LEGAL.search(clean_name(m.text)) for m in named)
            context = any(_COMPANY_CONTEXT.search(text[max(0, m.start - 30):m.end + 30])
                          for m in named)
            if not (legal or context or len(named) >= 2):
                continue
        names = [clean_name(m.text) for m in mentions if not m.descriptive]
        descriptive = [_lower_first(" ".join(text[m.start:m.end].split()))
                       for m in mentions if m.descriptive]
        if entry is not None:
            name = entry.label
        else:
            counts = Counter(names)
            name = sorted(counts, key=lambda n: (-counts[n], len(n), n))[0] if names else key
            if kind == PERSON:
                name = _TITLES.sub("", max(names, key=len)) if names else name
        aliases = sorted({n for n in names + descriptive if n and n != name})
        entities[key] = Entity(
            key=key, kind=kind, name=name, aliases=tuple(aliases),
            wikidata=entry.wikidata if entry else None,
            country=entry.country if entry else None,
            maintained_by=entry.maintained_by if entry else None,
            canonical=entry is not None,
        )
    # Lists name the body that keeps them: that body is an entity too.
    for entity in list(entities.values()):
        if entity.kind == LIST and entity.maintained_by and entity.maintained_by not in entities:
            owner = gaz.entries[entity.maintained_by]
            entities[owner.key] = Entity(key=owner.key, kind=owner.kind, name=owner.label,
                                         wikidata=owner.wikidata, country=owner.country,
                                         canonical=True)
    table.entities = entities
    return entities
