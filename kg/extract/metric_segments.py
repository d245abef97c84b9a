"""Which business, product line, region or market a figure is of.

A figure's segment is the business named as its subject (a division, "the group's video arm",
"Acme Cloud Group" when the article named Acme before), the product line or region its measure
word names ("cloud revenue", "sales in Europe"), the things it counts ("12 million
smartphones"), the segment the text defined before ("in this segment"), the place of a
headcount ("9,000 people in Spain"), or for a share or a ranking, the market the text is about.
"""

from __future__ import annotations

import re

from kg.extract.entities import Mention, org_key
from kg.extract.metric_measures import COUNT_MEASURES
from kg.extract.quantities import Quantity

# a month or a period, not a place: "people in March", "sales in Q3"
_MONTH_OR_PERIOD = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                    r"Q[1-4]|H[12])")
# "9,000 people in Spain": the staff of a country or region
STAFF_IN = re.compile(r"\s+(?:(?:monthly|daily)\s+)?(?:active\s+)?(?:people|users|customers)\s+in\s+"
                      r"(?:the\s+)?(?!" + _MONTH_OR_PERIOD + r"\b)"
                      r"(?P<place>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}))\b", re.I)
SEGMENT_NOUNS = re.compile(
    r"^\s*(?P<seg>(?:(?:high-end|premium|low-end|mid-range|entry-level|budget|flagship|foldable|"
    r"5G|4G|smart|connected|electric|new|wearable|consumer|enterprise)\s+)*"
    r"(?:smartphones|phones|handsets|iPhones|devices|PCs|computers|tablets|vehicles))\b", re.I)
# "sold 120 drilling systems": the kind of equipment counted
SEGMENT_THINGS = re.compile(r"^\s*(?P<seg>(?:[a-z][a-z-]+\s+)?(?:systems|machines))\b")
GENERIC_COUNT = re.compile(r"^\s*(units|pieces|items)\b", re.I)
# "revenue in Spain", "sales in the Europe, Middle East and Africa region", "revenue from garden and
# outdoor products", "monthly active accounts of Zipline and Zapp": segments SEGMENT_PHRASE misses
NAMED_SEGMENT = re.compile(
    r"\b(?:revenues?|sales)\s+in\s+(?:the\s+)?(?P<region>(?-i:(?!" + _MONTH_OR_PERIOD + r"\b)[A-Z][\w-]*"
    r"(?:(?:,\s+|\s+and\s+|\s+)[A-Z][\w-]*){0,4}))|"
    r"\b(?:revenues?|sales)\s+from\s+(?P<pair>[\w-]+(?:\s+[\w-]+)?\s+and\s+[a-z][\w-]+(?:\s+[a-z][\w-]+)?)|"
    r"\b(?:users|accounts|MAUs?|DAUs?|subscribers)\s+(?:of|on)\s+(?P<product>(?-i:[A-Z][\w-]*(?:\s+and\s+"
    r"[A-Z][\w-]*)?))|"
    # "sales of extreme pressure (XP) pumps": the acronym and the noun
    r"\b(?:revenues?|sales)\s+(?:of|from)\s+(?:[a-z][\w-]*\s+){1,4}\((?P<acr>(?-i:[A-Z]{2,6}))\)\s+"
    r"(?P<noun>[a-z][\w-]+)",
    re.I)
_STOP = (r"(?:are|is|was|were|rose|grew|fell|jumped|up|down|increased|decreased|in|of|for|and|to|at|by|with|"
         r"during|over|which|that)\b")
# words that start no product line before "revenue" or "sales"
_NOT_LINE = (r"(?:and|or|but|the|a|an|of|in|on|from|these|those|this|that|its|their|our|while|as|with|by|at|to|"
             r"total|net)")
SEGMENT_PHRASE = re.compile(
    r"\b(?:(?:in|from|for|at)\s+(?:(?:its|the|their|these|this|our)\s+)?(?P<a>[\w-]+(?:\s+(?:and\s+|&\s+)?[\w-]+)?)\s+"
    r"(?:segment|business|unit|division|arm|market)|(?:its|the|their)\s+(?P<g>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)\s+"
    r"(?:segment|business|division|unit|arm)\s+(?:generated|generating|brought in|bringing in|posted|reported|booked|"
    r"earned|made|contributed|contributing|delivered|had|accounted for|accounting for)|"
    r"(?P<b>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|business|division|unit)(?:['’]s)?\s+"
    r"(?:revenue|sales|(?:operating|net)\s+(?:profits?|income|loss(?:es)?))|"
    r"(?:sales|revenue)s?\s+(?:generated\s+)?from\s+"
    r"(?:(?:these|its|the|their)\s+)?(?P<c>[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?"
    r"(?:\s+(?:and|&)\s+(?!" + _STOP + r")[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?)?)|(?P<d>smartphone|phone|"
    r"handset|cloud|advertising|gaming|games|IoT|internet services?|PC|server|mobile|chip|"
    r"semiconductor|consumer|enterprise|carrier|automotive|EV|memory|display)\s+(?:revenue|sales|"
    r"shipments)|(?-i:(?P<e>(?:[A-Z]{2,6}\s+)?(?!" + _NOT_LINE + r"\b)[a-z][\w-]+"
    r"(?:\s+(?!" + _NOT_LINE + r"\b)[a-z][\w-]+)?))\s+(?:segment\s+)?(?-i:revenues?|sales)|"
    r"(?:revenue|sales)s?\s+(?:of|in|for)\s+(?:the\s+)?(?-i:(?P<f>[a-z][\w-]+(?:\s+[a-z][\w-]+){0,2}))\s+"
    r"(?:segment|business|unit|division|was|were|rose|grew|fell|increased|decreased|climbed|reached|came))\b",
    re.I)
_NOT_SEGMENT = frozenset("""total overall same global whole group company quarter year period core main net gross
adjusted quarterly annual first second third fourth its the their our record higher lower strong weak
first-quarter second-quarter third-quarter fourth-quarter full-year half-year operating and or but
a an of in on from these those this that his her generated its while as with by at to
said says reported reports posted posts announced announces booked books recorded records saw sees had has
have expects expected forecast forecasts raised cut lifted lowered its whose which who when where""".split())
THIS_SEGMENT = re.compile(r"\b(?:in|of)\s+(?:this|the)\s+(?:segment|market)\b", re.I)
SEGMENT_DEF = re.compile(r"\b(?:the\s+)?(?P<seg>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|category)\b", re.I)
# "the smartphone market", "PC shipments", "foundry revenue": what a ranking or a share is of
MARKET_RX = re.compile(r"(?<![\w-])(?-i:(?P<seg>[a-z][a-z-]{2,}|[A-Z]{2,4}|"
                       r"(?:(?<=^)|(?<=\n)|(?<=\. ))[A-Z][a-z-]{2,}))s?\s+"  # capitalised only where a sentence starts
                       r"(?:market|vendors?|makers?|industry|shipments|rankings?)\b", re.I)
_NOT_MARKET = frozenset("""global world worldwide overall whole entire total stock equity bond share capital domestic
overseas local home key main biggest largest same broader wider wide open mass end target emerging mature free black
single top leading other many several first second third fourth research the its their this that our in of for
chinese american european indian japanese korean us u.s. eu uk china india japan korea asia europe new with and or
by from to as at on all more fewer less unit units annual quarterly whose which were was lower higher expects expect
sees see forecasts predicts estimates says tracks counts""".split())
# ", the domestic e-commerce arm,": the company named before is a business of the parent
ARM_AFTER = re.compile(r"\s*,\s*the\s+(?:[\w'’-]+\s+){0,4}?(?:arm|unit)\s*,", re.I)
ARM_QUALIFIER = re.compile(r"^(?P<q>(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)\s+revenue\s+at\s+$")
GROUP_WORDS = r"(?:Group|Division|Unit|Segment|Business|Businesses)"
# "The Flow Systems division, ... posted", "Acme's pump business slipped": a business as subject
SUBJECT_SEGMENT = re.compile(
    r"(?<![\w-])(?:(?i:the|its|their|our)\s+|(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})['’]s\s+)"
    r"(?:(?P<seg>(?:[\w&'-]+\s+){0,5}?[\w&'-]+)\s+(?:division|segment|business|unit|arm)"
    r"|(?P<group>(?:[A-Z][\w&'-]*\s+(?:and\s+|&\s+)?){1,5}Group))"
    r"(?=\s*,|\s+(?:that|which|who|had|has|was|is|posted|reported|brought|took|grew|rose|fell|saw|expanded|"
    r"generated|booked|contributed|recorded|slipped|declined|increased|decreased|jumped|climbed|dropped|slid|"
    r"shrank)\b)")
# "The semiconductor unit told a different story. Its operating profit ...": the business "its" means
SENTENCE_UNIT = re.compile(r"\s*(?:The|Its|Our)\s+(?P<seg>(?:[\w&'-]+\s+){0,4}?[\w&'-]+)\s+"
                           r"(?:division|unit|business|segment|arm)\b(?!\s+(?:of|in)\b)")
# "Valves alone brought in ...": a product line as subject of an amount
SUBJECT_LINE = re.compile(r"\s*(?P<seg>[A-Z][a-z-]+(?:\s+[a-z-]+){0,2}?)(?:,\s+(?:which|that)\b[^,;]*,)?"
                          r"\s+(?:alone\s+|sales\s+)?(?:brought in|took in|generated|accounted for)\b")
_VERBISH = frozenset("""had has have grew grows saw sees took takes made makes brought booked posted reported logged
rose rises fell falls won got gets is was were are generated recorded delivered increased decreased jumped climbed
slipped dropped declined surged its with from by at said says announced noted added that which while when where
who as""".split())


def market_of(text: str, named: bool = False) -> str | None:
    """The market a text talks about most: "smartphone" in "the smartphone market ... smartphone vendors";
    ``named``: only a market called so ("the PC market")."""
    counts: dict[str, int] = {}
    for m in MARKET_RX.finditer(text):
        seg = m["seg"] if m["seg"].isupper() else m["seg"].lower()
        if seg.lower() in _NOT_MARKET or seg.lower() in _VERBISH or seg.endswith("ed") or (
                named and not re.search(r"(?:market|industry)$", m.group(0), re.I)):
            continue
        counts[seg] = counts.get(seg, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return "smartphones" if best in ("phone", "handset") else plural(best)


def sentence_business(sentence: str) -> str | None:
    """"The pump unit told a different story.": the business the next sentence's "its" means."""
    about = SENTENCE_UNIT.match(sentence)
    if about is None or any(w in _NOT_SEGMENT or w in _VERBISH for w in about["seg"].lower().split()
                            if w not in ("and", "&")):
        return None
    return about["seg"]


def business_arms(sentence: str, companies: list[Mention], base: int) -> dict[int, str]:
    """Companies described as a business of another ("Acme Cloud, the group's hosting arm,"):
    id(mention) → the business as written (mentions inside the description go with it)."""
    out: dict[int, str] = {}
    named = [m for m in companies if not m.descriptive]
    i = 0
    while i < len(named):
        j = i
        while j + 1 < len(named) and re.fullmatch(r"\s*(?:,|and|&|,\s*and)\s*",
                                                  sentence[named[j].end - base:named[j + 1].start - base]):
            j += 1
        group = named[i:j + 1]
        start, end = group[0].start - base, group[-1].end - base
        arm = ARM_AFTER.match(sentence, end)
        if arm:
            name = " ".join(sentence[start:end].split())
            qual = ARM_QUALIFIER.search(sentence[:start])
            if qual:
                words = qual["q"]
                name = f"{name} {words[0].lower()}{words[1:]}"
            for m in companies:
                if start <= m.start - base < arm.end():
                    out[id(m)] = name
        i = j + 1
    return out


def named_segment(text: str, base: int, q: Quantity, clause: tuple[int, int], companies: list[Mention],
                  arms: dict[int, str], seen: dict[str, list[int]]) -> str | None:
    """The business named as the figure's subject: an arm described as such, or the parent's
    name followed by a business group ("Acme Cloud Services Group" → "Cloud Services Group") when
    the article named the parent before without those words (else it is the company's own name).
    ``seen``: where each company's named mentions start."""
    named = [m for m in companies if not m.descriptive and m.end <= base + q.start]
    in_clause = [m for m in named if base + clause[0] <= m.start]
    if not named:
        return None
    m = in_clause[0] if in_clause else named[-1]
    if id(m) in arms:
        return arms[id(m)]
    # the words of the mention that name the parent itself ("Acme" in "Acme Cloud ..."), then the rest
    words = list(re.finditer(r"\S+", m.text))
    for w in reversed(words):
        if org_key(m.text[:w.end()]) == m.key:
            start = m.start + w.end()
            g = re.match(r"\s+((?:[A-Z][\w&'-]*\s+){1,5}" + GROUP_WORDS + r")\b", text[start:start + 80])
            phrase = text[m.start:start + (g.end() if g else 0)]
            if g and any(p < m.start and not text.startswith(phrase, p) for p in seen.get(m.key, ())):
                return g.group(1)
            break
    return None


def subject_segment(sentence: str, q: Quantity, clause: tuple[int, int], owners: list[Mention], base: int,
                    relatives: list[tuple[int, int]]) -> str | None:
    """"The pump business had revenue of ...", "Valves alone brought in ...": the business or product
    line that is the subject of the clause (or of the sentence) the figure is in; not one named
    in a relative clause (", which houses the chip business,")."""
    for lo in (clause[0], 0):
        found = [m for m in SUBJECT_SEGMENT.finditer(sentence, lo, q.start)
                 if not any(a <= m.start() < b for a, b in relatives)]
        line = SUBJECT_LINE.match(sentence, lo)
        if line and line.end() <= q.start:
            found.append(line)
        for m in sorted(found, key=lambda m: -m.start()):
            seg = " ".join((m.groupdict().get("seg") or m.groupdict().get("group") or "").replace(",", " ").split())
            words = [w for w in seg.lower().split() if w not in ("and", "&", "group")]
            if not words or any(w in _NOT_SEGMENT or w in _VERBISH for w in words):
                continue
            groups = m.groupdict()
            name = m.start("seg") if groups.get("seg") else m.start("group") if groups.get("group") else m.start()
            if any(name <= o.start - base < name + len(seg) for o in owners):
                continue  # the subject is a company
            return seg
    return None


def segment_in_words(sentence: str, q: Quantity, measure: str, last_segment: str | None,
                     seg_def: re.Match[str] | None, mpos: int = -1, names: frozenset[str] = frozenset()) -> str | None:
    """The segment the words around the figure name: what a count counts ("12 million
    smartphones"), the segment "this segment" refers back to, a region or product line named with
    the measure word ("revenue in Spain", "cloud revenue"). ``mpos``: where the measure word is;
    ``names``: the words of names in the sentence (a company is no part of a segment)."""
    after = SEGMENT_NOUNS.match(sentence[q.end:q.end + 50]) or SEGMENT_THINGS.match(sentence[q.end:q.end + 50])
    if after and measure in COUNT_MEASURES:
        seg = " ".join(after.group("seg").split())
        if seg.lower() in ("phones", "handsets", "mobile phones", "iphones"):  # the same market
            return "smartphones"
        return None if seg.lower() in ("units", "devices") else seg
    if THIS_SEGMENT.search(sentence) and last_segment:
        return last_segment
    named = _named_near(sentence, q, mpos)
    if named is not None:
        return named
    for m in SEGMENT_PHRASE.finditer(sentence):
        if mpos < 0 or m.start() - 20 <= mpos <= m.end() + 20 or m.start() - 20 <= q.start <= m.end() + 20:
            phrase = _phrase_segment(sentence, m, names)
            if phrase is not None:
                return phrase
    return None


def _named_near(sentence: str, q: Quantity, mpos: int) -> str | None:
    """A region, a pair of product lines, a product or an acronym's noun named near the figure or
    its measure word, with no other subject in between."""
    for m in NAMED_SEGMENT.finditer(sentence):
        if not (m.start() - 20 <= mpos <= m.end() + 20 or m.start() - 20 <= q.start <= m.end() + 80) or re.search(
                r"[,;]\s+(?:and|while|but)\b", sentence[m.end():q.start]):
            continue
        seg = " ".join((m["region"] or m["pair"] or m["product"] or f"{m['acr']} {m['noun']}").split())
        if not any(w in _NOT_SEGMENT - {"and"} or w in _VERBISH for w in seg.lower().replace(",", "").split()):
            return re.sub(r"\s+(?:business|unit)$", "", seg)
    return None


def _phrase_segment(sentence: str, m: re.Match[str], names: frozenset[str]) -> str | None:
    """The segment one SEGMENT_PHRASE match names, as written, or None when it is no segment."""
    seg = _phrase_words(sentence, m, names)
    words = seg.lower().split()
    inner = words[1:-1]  # "garden and outdoor products": a joined segment keeps its 'and'
    if not words or any((w in _NOT_SEGMENT or w in _VERBISH) and not (w in ("and", "&") and w in inner)
                        for w in words):
        return None
    if m["e"] and len(words[-1]) > 4 and words[-1].endswith("ed"):
        return None  # "reported revenue": a verb
    return plural(seg) if m["c"] or m["d"] else seg


def _phrase_words(sentence: str, m: re.Match[str], names: frozenset[str]) -> str:
    """The words of a SEGMENT_PHRASE match that name the segment, without its determiner, the
    word "segment" or a company's name, with a capitalised first word the match left out."""
    seg = next(g for g in (m["a"], m["b"], m["c"], m["d"], m["e"], m["f"], m["g"]) if g)
    seg = re.sub(r"^(?:its|the|their|these|this|our)\s+", "", seg.strip(), flags=re.I)
    seg = re.sub(r"\s+(?:segment|business|unit)$", "", seg, flags=re.I)
    if m["e"] and seg.split()[0].isupper() and (seg.split()[0] in names or len(seg.split()) == 1):
        seg = " ".join(seg.split()[1:])  # "Acme chip sales": the company is no part of the segment
    lead_at = m.start("e") if m["e"] else m.start("d") if m["d"] else -1
    if lead_at >= 0 and (lead := re.fullmatch(r"\s*([A-Z][a-z]+)\s+", sentence[:lead_at])) and (
            lead.group(1) not in names):
        seg = lead.group(1) + " " + seg  # "Freight services revenue rose ...": as written
    return seg


def plural(seg: str) -> str:
    """A counted product line in the plural: "smartphone" → "smartphones"."""
    seg = " ".join(seg.split())
    low = seg.lower()
    if low.endswith(("smartphone", "phone", "device", "handset", "pc", "tablet", "vehicle")):
        return seg + "s"
    return seg


# a period word, never a segment: "first-half revenue"
PERIOD_WORD = re.compile(r"(?:first|second|third|fourth|1st|2nd|3rd|4th|full|half|nine|six|three|twelve)"
                         r"[\s-]?(?:half|quarter|year|month|months)|quarterly|annual|fiscal|"
                         r"interim|full-year|year-end", re.I)
