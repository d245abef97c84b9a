"""Names of organisations and people: how a mention's text is cleaned and keyed, and the
words that say what kind of thing a name is.

Identity is a normalised key without legal suffixes, so "Acme", "Acme Corp." and "Acme
Corporation" are one node while "Acme Mobile" and "Acme Telecom" stay two:

>>> org_key("Acme Corp."), org_key("Acme Mobile Ltd")
('acme', 'acme-mobile')
"""

from __future__ import annotations

import re

from kg.extract.places import is_place
from kg.models import slug

_LEGAL = re.compile(
    r"(?:[\s,]+(?:s\.?\s?a\.?(?:\s?b\.?)?\s+de\s+c\.?\s?v|s\.?\s+de\s+r\.?\s?l(?:\.?\s+de\s+c\.?\s?v)?|"
    r"corp(?:oration)?|inc(?:orporated)?|ltd|limited\s+partnership|limited|co|company|plc|llc|l\.l\.c|s\.?a|a\.?g|pte|sdn|bhd|"
    r"n\.?v|gmbh|holdings?|group|technolog(?:y|ies)|electronics|international|co\.,?\s*ltd|pjsc|ojsc|oyj|"
    r"s\.p\.a|pvt|private|fze|fzco|fzc|dmcc|a\.?s|a\.?ş|ag|jsc|llp|l\.?p|b\.?v|kk|k\.k|se|n\.v|spa|sas|sarl|ab|oy|asa|ltd\.?\s*ş?ti|şti|sti)\.?)+$",
    re.I,
)
_COURT_WORDS = re.compile(r"\b(court|tribunal|circuit)\b", re.I)
_GOV_WORDS = re.compile(
    r"\b(department|ministry|agency|commission|bureau|office|administration|council|parliament|"
    r"senate|congress|government|authority|regulator|treasury|cabinet|embassy|central bank|customs|"
    r"border protection|navy|army|air force|coast guard|marine corps)\b", re.I)
_TITLES = re.compile(
    r"^(?:(?:U\.?S\.?|US|federal|district|circuit|chief|senior|presiding)\s+)*"
    r"(?:judge|president|chairman|chair|mr|mrs|ms|dr)\.?\s+", re.I)
_SOURCE_BEFORE = re.compile(
    r"(according to|research firm|(?:market\s+)?tracker,?|told|(?:compiled|polled|surveyed) by)\s*(?:the\s+)?$", re.I)
_SOURCE_AFTER = re.compile(r"^\W{0,3}\s*(report(?:ed|s)(?!(?:\s+(?:a|an|the|its|their|record|net|operating|adjusted|"
                           r"highest|lowest|biggest|largest|best|worst|first|second|third|fourth|"
                           r"quarterly|annual|full-year|[\w-]+-quarter|half-year|higher|lower|strong|weak))*\s+"
                           r"(?:revenues?|sales|profits?|results|earnings|income|loss(?:es)?|turnover|shipments)\b|"
                           r"\s+an?\s+[\d$€£¥])|"
                           r"data|figures|article)\b", re.I)


GENERIC = frozenset("""business businesses services service solutions solution group infrastructure
cloud iot ai digital mobile devices device intelligent systems system products product consumer
enterprise international global platform platforms technology technologies data network networks
communications media entertainment games gaming financial fintech value-added value added social
advertising software hardware semiconductor semiconductors and & of the for fiscal year quarter
internet online offline retail commerce e-commerce smart home automotive auto research development
operations unit division segment holdings company corporation federal national computing equipment
energy power intelligence artificial communication vision optics photonics robotics aerospace aviation
security microelectronics telecom telecoms telecommunications integrated circuit circuits industries industry
materials new battery drone drones lidar chips electric automation""".split())


# the nouns a company's own name may carry, as the head of a description that points back to it
# ("the bank" is "Acme Commercial Bank", "the two airlines" are "Bolt Air" and "Cord Airways")
NAMED_KIND = {"bank": r"\bbank", "lender": r"\bbank", "airline": r"\bair", "carrier": r"\bair",
              "insurer": r"insur|assur", "refiner": r"refin|petrochem", "exchange": r"\bexchange"}


# Head nouns that describe a business: "Sovcomflot, Russia's largest shipping group",
# "drone maker Chengdu JOUAV", "the lender Sberbank".
# business nouns a person is called too ("a gas trader", "its co-owner Ann Lee")
PEOPLE_TOO = frozenset("trader broker owner".split())
BUSINESS_HEADS = frozenset("""company firm group maker manufacturer producer operator lender bank insurer carrier
supplier shipper refiner retailer exchange developer designer chipmaker automaker carmaker giant conglomerate
startup start-up vendor trader broker subsidiary affiliate owner airline""".split())


_SEGMENT_AFTER = re.compile(r"^\s*(?:unit|division|infrastructure|revenue|sales)\b", re.I)


PLACES = frozenset({
    "us", "u.s", "u.s.", "usa", "america", "united states", "china", "prc", "eu", "europe", "uk",
    "britain", "hong kong", "taiwan", "japan", "korea", "south korea", "india", "russia", "beijing",
    "washington", "shanghai", "shenzhen", "us federal", "federal", "magistrate", "judge", "justice",
})


_MEDIA_WORDS = re.compile(r"\b(news|times|journal|post|press|daily|media|gazette|wire|blog|newsletter)\b", re.I)


NOT_NAME_START = frozenset({"The", "A", "An", "Its", "Their", "His", "Her", "And", "But", "Or", "In", "On",
                            "At", "By", "For", "From", "With", "To", "Of", "As", "That", "This", "While"})
# Words that start a sentence or a phrase before a name, never the name itself: 'On Monday Acme
# Robotics ...', 'Russian Karvel Shipping ...'.
# nationalities a sentence names its companies by ("Three Emirati shipping companies")
DEMONYMS = frozenset("""Chinese American Russian British European Japanese Korean Iranian Indian Canadian
    Australian German French Dutch Taiwanese Emirati Turkish Belarusian Ukrainian""".split())
LEAD_WORDS = NOT_NAME_START | DEMONYMS | frozenset(
    """Both Neither Either Also Meanwhile Separately However Last Next Earlier Later Then Now Today Yesterday Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Hong Kong-based Shares Rival Rivals Competitors Peers
    Customers Clients Suppliers Partners Lenders Under After Before
    When Since Until Unlike Like Including Among""".split())
# The last word of many company names says what the business does ('Kestrel Aviation', 'Troika
# Metals', 'Norvik Petrochemicals'); the model often reads such a name as a person, a place or a
# product. A name that ends in one of them is a company, whatever the model says.
TRADE_WORDS = (r"Robotics|Aviation|Airlines|Airways|Lines|Aerospace|Marine|Shipping|Tankers?|Logistics|Freight|Metals|"
               r"Mining|Avionics|Lasers|Bank|Bankas|Banka|Banca|Banco|Banque|Minerals|Steel|Memory|Trading|Tools|"
               r"Equipment|Energy|Concern|"
               r"Petrochemicals?|Petroleum|Chemicals?|Systems|Networks|Semiconductors?|Electronics|Optics|Motors|"
               r"Telecom|Communications|Solutions|Industries|Materials|Devices|Dynamics|Software|Enterprises|"
               r"Manufacturing|Drones|Innovations?|Wireless|Technolog(?:y|ies)|Resources|Holdings?|Group|"
               r"Partners|Carriers|Shipmanagement|Refinery|Labs?|Laborator(?:y|ies)|Real\s+Estate|Realty|Properties")
_TRADE_TAIL = re.compile(r"\s(?:" + TRADE_WORDS + r")$")


# Words of a line of business that a company's own name joins with "and": "China Oil and
# Petroleum Company Limited", "Acme Logistics and Warehousing Co., Ltd", "Industrial and
# Commercial Bank of China". Between two of them "and" is inside one name; before any other
# word it separates two ("Acme Logistics and Bolt Shipping").
SECTOR_WORDS = (r"Science|Technology|Technologies|Oil|Gas|Petroleum|Petrochemical|Chemicals?|Logistics|"
                r"Warehousing|Storage|Trade|Trading|Industry|Industrial|Commercial|Commerce|Import|Export|"
                r"Investment|Development|Engineering|Construction|Defen[cs]e|Space|Missiles?|Fire|Control|"
                r"Electronics?|Electric|Electrical|Mechanical|Equipment|Machinery|Pharmaceuticals?|Research|"
                r"Manufacturing|Shipping|Shipbuilding|Transport|Transportation|Energy|Power|Mining|Metals|"
                r"Minerals|Information|Communications?|Telecommunications|Aviation|Aerospace|Finance|"
                r"Financial|Insurance|Leasing|Services|Management|Consulting|Marine|Port|Ports|Railways?|"
                r"Steel|Iron|Coal|Textiles?|Apparel|Garments?|Food|Agriculture|Agricultural|Instruments?|"
                r"Materials|Design|Culture|Education|Health|Medical|Security|Software|Systems|Supply|"
                r"Terminals?|Tourism|Travel|Media|Television|Radio|Broadcasting|Publishing|Production|Rubber|Plastics?")
_SECTOR = re.compile(r"(?:" + SECTOR_WORDS + r")$")


# a name's word with digits and capitals ("Si2", "5G", "3HC"), maybe after a capitalised word
_DIGIT_WORD_BEFORE = re.compile(r"(?<![\w&'-])(?:[A-Z][\w&'-]*[ \t])?(?:[A-Z][A-Za-z]*\d[\w-]*|\d+[A-Z][\w-]*)[ \t]$")


def start_with_digit_words(text: str, start: int) -> int:
    """Where a name found from ``start`` begins once the words with digits the model and the
    parser leave out are in: "Si2 Microsystems", "Shenzhen 5G High-Tech"."""
    m = _DIGIT_WORD_BEFORE.search(text, max(0, start - 40), start)
    return start if m is None else m.start()


def is_sector_word(word: str) -> bool:
    """Whether a word says a line of business ("Tourism", "Logistics")."""
    return _SECTOR.match(word) is not None


def joins_sectors(before: str, after: str) -> bool:
    """Whether "and" between these two words is inside one name (both say a line of business)."""
    return bool(_SECTOR.match(before) and _SECTOR.match(after))


def clean_name(text: str) -> str:
    """A mention's text without possessive, leading article, quotes or trailing punctuation."""
    text = text.replace("\u2019", "'").strip(" \t\n\"'“”‘,;:()")
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"\s+vs?\.?$", "", text)  # "Acme Corp. v." cut from a case name
    # "Acme-chartered tankers", "Bolt-backed": the name without the adjective made of it
    text = re.sub(r"-(?:chartered|backed|owned|linked|based|controlled|affiliated|run|led|made|built|operated|"
                  r"listed|designated|sanctioned|related)$", "", text)
    return " ".join(text.split())


# (also spelled out: "Public Joint Stock Company Acme", "Limited Liability Company Acme")
PREFIX_FORMS_SPELLED = (r"(?:(?:Public|Open|Closed|Private|Non-Public)\s+)?Joint[ -]Stock\s+Company|"
                        r"Limited\s+Liability\s+Company")
_PREFIX_LEGAL = re.compile(r"^(?:JSC|PJSC|OJSC|CJSC|OAO|PAO|ZAO|OOO|FSUE|UAB|AB|SIA)\s+(?=[\"“]?[A-Z])")


def org_key(name: str) -> str:
    """Identity key of an organisation: the name without legal forms, after it ('Acme Co., Ltd.')
    or, as post-Soviet registers write them, before it ('JSC Acme', 'PJSC Acme')."""
    # "Yuxin Science and Technology" without its trade word is "Yuxin Science", not "... and"
    name = clean_name(name)
    if not _LEGAL.search(name):  # one legal form: "OOO Acme Group" keeps its prefix, "Group" is the form
        name = _PREFIX_LEGAL.sub("", name)
    base = re.sub(r"\s+(?:and|&)$", "", _LEGAL.sub("", name).strip(" ,."))
    if base and is_place(base) and _TRADE_IN_FORMS.search(name, len(base)):
        # "Varnia Electronics Technology Group Corp." is not keyed "varnia" ("Varnia Group" may be)
        base = _without_forms_down_to_a_name(name)
    return slug(base or name)


# the trade words among the forms a name may end with
_TRADE_IN_FORMS = re.compile(r"\b(?:technolog(?:y|ies)|electronics|international)\b", re.I)
# one legal form or designator at the end of a name
_ONE_FORM = re.compile(_LEGAL.pattern[:-len(")+$")] + ")$", re.I)


def _without_forms_down_to_a_name(name: str) -> str:
    """The name without the forms at its end, one at a time, as long as more than a place is left."""
    while (form := _ONE_FORM.search(name)) is not None:
        shorter = name[:form.start()].strip(" ,.")
        if not shorter or is_place(shorter):
            break
        name = shorter
    return name


def person_key(name: str) -> str:
    return slug(_TITLES.sub("", clean_name(name)))


def is_source_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40):start]
    after = text[end:end + 60]
    if before.endswith("(") and re.match(r"^\)\s*[-–—]", after):
        return True  # a wire service's dateline credit: "BEIJING, Aug 17 (AMN) -"
    # ("the $25.18 billion Bolt reported": an amount the company reported, not a source's report)
    amount = re.search(r"(?:\d|\b(?:million|billion|trillion|bn|m))\s*$", before) is not None
    return bool(_SOURCE_BEFORE.search(before) or (_SOURCE_AFTER.match(after) and not amount))


NOT_A_NAME = frozenset("""It He She They We I You This That These Those There Here Analysts Officials Investors
Executives Regulators Shareholders Sources People Critics Observers Experts Authorities Lawyers Traders Economists
Researchers Customers Users Employees Workers Management Company Group Firm Business Everyone Nobody Each
Neither Either Both Spokesman Spokeswoman Spokesperson""".split())


def without_legal_suffix(name: str) -> str:
    """``name`` without its trailing legal forms ('Acme Co., Ltd.' -> 'Acme')."""
    return _LEGAL.sub("", name)


def has_legal_suffix(name: str) -> bool:
    return _LEGAL.search(name) is not None


def without_title(name: str) -> str:
    """A person's name without the title before it ('Judge Ann Lee' -> 'Ann Lee')."""
    return _TITLES.sub("", name)


def starts_with_title(text: str) -> bool:
    return _TITLES.match(text) is not None


def has_trade_tail(name: str) -> bool:
    """Whether a name of several words ends in a trade word ('Troika Metals')."""
    return _TRADE_TAIL.search(name) is not None


def is_court_name(name: str) -> bool:
    """A name with a court's word, unless it has a company's legal form ("Acme Integrated Circuit
    Design Co., Ltd.")."""
    return _COURT_WORDS.search(name) is not None and not has_legal_suffix(name)


def is_government_name(name: str) -> bool:
    return _GOV_WORDS.search(name) is not None


def is_media_name(name: str) -> bool:
    return _MEDIA_WORDS.search(name) is not None


def segment_follows(after: str) -> bool:
    """Whether the text right after a name makes it a business segment ('its ICT unit')."""
    return _SEGMENT_AFTER.match(after) is not None
