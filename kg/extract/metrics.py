"""Company figures: revenue, profit, shipments, market share, users, employees.

Each number in a sentence is read with its currency, scale and unit; a measure word
near it says what it measures; the company named nearest before it in the same clause
(or the one the article is about) owns it; a change cue makes it a relative change.

Several companies in one sentence: each clause or list item ("..., B with 42 million and
15%") keeps its own company, "respectively" pairs names and figures in order, and
companies inside a relative clause (", which runs A and B,") own nothing. An amount
compared with another ("to 48.9 billion from 14.4 billion a year earlier") keeps its
measure and takes the earlier period; a change that leads to an amount ("grew 6% to
$1 billion") is the change of that amount. A business named as the subject (a
division, "the group's video arm", "Acme Cloud Group") is the parent's segment.

>>> [(q.value, q.unit) for q in find_quantities("revenue of more than 7.5 billion euros, up 12.4%")]
[(Decimal('7500000000'), 'CCY_EUR'), (Decimal('12.4'), 'PERCENT')]
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from spacy.tokens import Doc, Token

from kg.extract.dates import Anchor, Period, find_periods, period_bounds
from kg.extract.entities import EntityTable, org_key
from kg.extract.quantities import Quantity, find_quantities, yen_sign_is_yen
from kg.models import COMPANY, Evidence, Metric

MEASURES: list[tuple[str, re.Pattern[str]]] = [
    ("OperatingProfit", re.compile(r"\boperating (?:profits?|income|loss(?:es)?|earnings)\b|"
                                    r"\b(?:income|profits?|earnings|loss(?:es)?) from operations\b", re.I)),
    ("NetIncome", re.compile(r"\b(?:net (?:income|profits?|earnings|loss(?:es)?)|profits? attributable|"
                             r"(?:adjusted|non-IFRS|non-GAAP)\s+(?:net\s+)?(?:profits?|income|earnings)|"
                             r"(?<!gross )profits?|loss(?:es)?|lost|earned|earnings)\b", re.I)),
    ("Revenue", re.compile(r"\b(?:revenues?|sales|generated|brought in|took in|"
                           r"income from(?! operations)|business (?:brought|generated)|(?:business|division|segment|unit|arm)\s+"
                           r"(?:grew|rose|slipped|fell|increased|decreased|declined|jumped|climbed|dropped|expanded|"
                           r"shrank|slid))\b", re.I)),
    ("MarketShare", re.compile(r"\b(?:market share|share of the (?:\w+\s+){0,3}market|"
                               r"(?:market\s+)?share|of the (?:\w+\s+){0,3}market)\b", re.I)),
    ("Shipments", re.compile(r"\b(?:shipped|ships|shipping|shipments?|deliver(?:ed|ies)(?!\s+on\b)|sold)\b",
                            re.I)),
    ("Users", re.compile(r"\b(?:(?:monthly|daily)\s+active\s+(?:users|accounts)|users|user base|"
                         r"people using|monthly users|subscribers|members|accounts)\b", re.I)),
    ("Employees", re.compile(r"\b(?:employees|employs|employed|staff(?:ers)?|workforce|headcount|"
                             r"workers)\b", re.I)),
]
# "profit tax", "sales target", "revenue forecast": the measure word qualifies something else
NOT_THE_MEASURE = re.compile(r"\s+(?:tax(?:es)?|warnings?|forecasts?|targets?|guidance|outlook)\b", re.I)
_MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Q[1-4]|H[12])"
# "employs 9,000 people": a headcount stated as it is now
EMPLOYS_NOW = re.compile(r"\bemploys\b|\b(?:has|have)\s+(?:about\s+|around\s+|some\s+|more than\s+|nearly\s+|roughly\s+)?"
                         r"[\d,.]+\s+(?:(?:full-time|permanent)\s+)?(?:employees|staff|workers|people)\b", re.I)
# "9,000 people in Germany": the staff of a country or region
STAFF_IN = re.compile(r"\s+(?:(?:monthly|daily)\s+)?(?:active\s+)?(?:people|users|customers)\s+in\s+"
                      r"(?:the\s+)?(?!" + _MONTH_NAMES + r"\b)"
                      r"(?P<place>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}))\b", re.I)
MONEY_MEASURES = {"Revenue", "NetIncome", "OperatingProfit"}
COUNT_MEASURES = {"Shipments", "Users", "Employees"}
UP = re.compile(r"\b(up|rose|rise|rising|rises|increase[sd]?|increasing|grew|grow(?:s|ing|th)?|"
                r"gain(?:ed|s)?|jump(?:ed|s)?|surg(?:ed|es|e)|climb(?:ed|s)?|soar(?:ed|s)?|"
                r"advanc(?:ed|es)|expan(?:ded|sion)|higher|improv(?:ed|ement)|"
                r"explode[sd]?|doubled|more|greater|larger)\b(?!\s+than\s+(?:US|HK|RMB|CNY|EUR|USD|[$€£¥]|\d))", re.I)
DOWN = re.compile(r"\b(down|fell|fall(?:s|ing)?|decline[sd]?|declining|drop(?:ped|s)?|"
                  r"decrease[sd]?|decreasing|slid|slump(?:ed|s)?|slipp?(?:ed|s)?|"
                  r"shr(?:ank|unk|inks)|lower|tumbl(?:ed|es)|dipped|eas(?:ed|es)|retreat(?:ed)?|cut|fewer|less|smaller|below)\b", re.I)
LOSS = re.compile(r"\b(loss(?:es)?|lost)\b", re.I)
# the measure word itself names a loss: "a net loss of", "operating losses of", "the loss"
LOSS_WORD = re.compile(r"(?:(?:net|operating|pre-?tax|attributable|adjusted|underlying|quarterly|annual)\s+)*"
                       r"(?:loss(?:es)?|lost)\b", re.I)
QOQ = re.compile(r"\b(quarter[\s-](?:on|over|to)[\s-]quarter|(?<![\w-])on-quarter|sequential(?:ly)?|qoq|"
                 r"from the (?:previous|prior|preceding|last) quarter|"
                 r"compared (?:with|to) the (?:previous|prior|preceding) quarter|"
                 r"(?:below|above|than|from|over|compared (?:with|to)|versus)\s+(?:that of\s+|in\s+)?the\s+"
                 r"(?:first|second|third|fourth)\s+quarter(?!\s+(?:of\s+)?(?:19|20)\d\d|\s+(?:a|last)\s+year))\b", re.I)
YOY = re.compile(r"\b(year[\s-](?:on|over|to)[\s-]year|(?<![\w-])on-year|yoy|annual(?:ly)? (?:basis|growth)|"
                 r"(?:from|than|over|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:same\s+\w+\s+)?"
                 r"(?:a year (?:ago|earlier|before)|last year|(?:the )?(?:previous|prior|preceding) year|"
                 r"year[\s-](?:ago|earlier))|same (?:period|quarter|time) (?:of |in )?(?:last year|a year|"
                 r"the (?:previous|prior) year|\d{4})|a year (?:ago|earlier|before)|(?:twelve|12) months (?:ago|earlier|before)|"
                 r"from \d{4})\b", re.I)
SEGMENT_NOUNS = re.compile(
    r"^\s*(?P<seg>(?:(?:high-end|premium|low-end|mid-range|entry-level|budget|flagship|foldable|"
    r"5G|4G|smart|connected|electric|new|wearable|consumer|enterprise)\s+)*"
    r"(?:smartphones|phones|handsets|iPhones|devices|PCs|computers|tablets|vehicles))\b", re.I)
# "sold 449 lithography systems": the kind of equipment counted
SEGMENT_THINGS = re.compile(r"^\s*(?P<seg>(?:[a-z][a-z-]+\s+)?(?:systems|machines))\b")
GENERIC_COUNT = re.compile(r"^\s*(units|pieces|items)\b", re.I)
# "revenue in China", "sales in the Europe, Middle East and Africa region", "revenue from IoT and
# lifestyle products", "monthly active accounts of Weixin and WeChat": segments SEGMENT_PHRASE misses
NAMED_SEGMENT = re.compile(
    r"\b(?:revenues?|sales)\s+in\s+(?:the\s+)?(?P<region>(?-i:(?!" + _MONTH_NAMES + r"\b)[A-Z][\w-]*(?:(?:,\s+|\s+and\s+|\s+)"
    r"[A-Z][\w-]*){0,4}))|"
    r"\b(?:revenues?|sales)\s+from\s+(?P<pair>[\w-]+(?:\s+[\w-]+)?\s+and\s+[a-z][\w-]+(?:\s+[a-z][\w-]+)?)|"
    r"\b(?:users|accounts|MAUs?|DAUs?|subscribers)\s+(?:of|on)\s+(?P<product>(?-i:[A-Z][\w-]*(?:\s+and\s+"
    r"[A-Z][\w-]*)?))|"
    # "sales of deep ultraviolet (DUV) systems": the acronym and the noun
    r"\b(?:revenues?|sales)\s+(?:of|from)\s+(?:[a-z][\w-]*\s+){1,4}\((?P<acr>(?-i:[A-Z]{2,6}))\)\s+(?P<noun>[a-z][\w-]+)",
    re.I)
_STOP = (r"(?:are|is|was|were|rose|grew|fell|jumped|up|down|increased|decreased|in|of|for|and|to|at|by|with|"
         r"during|over|which|that)\b")
SEGMENT_PHRASE = re.compile(
    r"\b(?:(?:in|from|for|at)\s+(?:(?:its|the|their|these|this|our)\s+)?(?P<a>[\w-]+(?:\s+(?:and\s+|&\s+)?[\w-]+)?)\s+"
    r"(?:segment|business|unit|division|arm|market)|(?:its|the|their)\s+(?P<g>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)\s+"
    r"(?:segment|business|division|unit|arm)\s+(?:generated|generating|brought in|bringing in|posted|reported|booked|"
    r"earned|made|contributed|contributing|delivered|had|accounted for|accounting for)|(?P<b>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|business|"
    r"division|unit)(?:['’]s)?\s+(?:revenue|sales|(?:operating|net)\s+(?:profits?|income|loss(?:es)?))|"
    r"(?:sales|revenue)s?\s+(?:generated\s+)?from\s+"
    r"(?:(?:these|its|the|their)\s+)?(?P<c>[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?"
    r"(?:\s+(?:and|&)\s+(?!" + _STOP + r")[a-z][\w-]+(?:\s+(?!" + _STOP + r")[a-z][\w-]+)?)?)|(?P<d>smartphone|phone|"
    r"handset|cloud|advertising|gaming|games|IoT|internet services?|PC|server|mobile|chip|"
    r"semiconductor|consumer|enterprise|carrier|automotive|EV|memory|display)\s+(?:revenue|sales|"
    r"shipments)|(?-i:(?P<e>(?:[A-Z]{2,6}\s+)?(?!(?:and|or|but|the|a|an|of|in|on|from|these|those|this|that|its|their|our|while|as|with|by|at|to|total|net)\b)[a-z][\w-]+(?:\s+(?!(?:and|or|but|the|a|an|of|in|on|from|these|those|this|that|its|their|our|while|as|with|by|at|to|total|net)\b)[a-z][\w-]+)?))\s+(?:segment\s+)?(?-i:revenues?|sales)|"
    r"(?:revenue|sales)s?\s+(?:of|in|for)\s+(?:the\s+)?(?-i:(?P<f>[a-z][\w-]+(?:\s+[a-z][\w-]+){0,2}))\s+"
    r"(?:segment|business|unit|division|was|were|rose|grew|fell|increased|decreased|climbed|reached|came))\b",
    re.I)
_NOT_SEGMENT = frozenset("""total overall same global whole group company quarter year period core main net gross
adjusted quarterly annual first second third fourth its the their our record higher lower strong weak
first-quarter second-quarter third-quarter fourth-quarter full-year half-year operating and or but
a an of in on from these those this that his her generated its while as with by at to
said says reported reports posted posts announced announces booked books recorded records saw sees had has
have expects expected forecast forecasts raised cut lifted lowered its whose which who when where""".split())
SHARE_OF = re.compile(r"\b(?:market share|share of|of (?:the )?(?:global|worldwide|world|total|overall|all|"
                      r"the)?\s*(?:\w+\s+)?(?:shipments|market|sales|deliveries))\b", re.I)
CHANGE_BEFORE = re.compile(r"\b(?:up|down|grew|jumped|dropped|increased|lost|growth|increase|surge)\s+"
                           r"(?:of\s+|by\s+)?(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I)
THIS_SEGMENT = re.compile(r"\b(?:in|of)\s+(?:this|the)\s+(?:segment|market)\b", re.I)
SEGMENT_DEF = re.compile(r"\b(?:the\s+)?(?P<seg>[\w-]+(?:\s+[\w-]+)?)\s+(?:segment|category)\b", re.I)
NON_MEASURE = re.compile(r"\b(?:(?:average\s+)?(?:selling\s+)?prices?|margins?|costs?|spending|"
                         r"bought back|buy(?:s|ing)? back|buybacks?|repurchas\w*|acquisitions?|acquired|"
                         r"invest(?:ed|ing|ments?)|spen[dt]|"
                         r"dividends?|earnings per share|gearing(?: ratio)?|ratio|net debt|debt|"
                         r"valuation|market (?:value|capitali[sz]ation|cap)|stake|"
                         r"stock|fine[sd]?|penalty|penalties|tariffs?|valued|worth|rais(?:e[sd]?|ing)|"
                         r"funding(?:\s+round)?|initial public offering|IPO|wages?|bookings|backlog|order (?:intake|book|backlog)|"
                         r"(?:new|net) orders|gross merchandise (?:volume|value)|gross (?:profits?|margins?)|(?:free\s+|operating\s+)?cash\s+flows?|"
                         r"EBITDA|paid(?!\s+(?:users|subscribers|members|accounts|customers)))\b", re.I)
# "Shares in Acme were up 4%", "The stock of the chipmaker slid 4.6%": a share-price move.
STOCK_MOVE = re.compile(r"\b(?:shares|stock)\s+(?:(?:in|of)\s+(?:[\w.'’-]+\s+){0,5}?)?"
                        r"(?:were|closed|rose|fell|slid|slipped|dropped|lost|tumbled|are)\b", re.I)
COMPANY_REF = re.compile(r"\b(?:it|its|they|their|the (?:company|group|firm|vendor|maker|brand|manufacturer)(?:'s)?)\b", re.I)
MARKET_WORD = re.compile(r"\bmarkets?\b", re.I)
RANK_BEFORE = re.compile(r"\b(?:leading|led|first|second|third|fourth|fifth|top|ahead|held|accounted for|"
                         r"followed by)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:on|at|with|of)?\s*(?:about\s+|around\s+|nearly\s+|roughly\s+)?$", re.I)
THRESHOLD_BEFORE = re.compile(r"\b(?:topped|passed|top)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
FORECAST = re.compile(r"^\s*(?:\w+\s+){0,2}analysts?\s+(?:had\s+)?expected|^\s*that\s+(?:\w+\s+)?analysts?\b", re.I)
# "the $16.4 billion average analyst estimate", "the 3.1 billion yuan consensus forecast": the
# figure names an estimate (not "$5 billion, above estimates")
ESTIMATE_AFTER = re.compile(r"\s*(?:(?!(?:above|below|beat\w*|ahead|top\w*|miss\w*|short|exceed\w*|surpass\w*|outpac\w*|"
                            r"trail\w*|lag\w*|match\w*|meet\w*|met|shy|lower|higher|versus|vs|than|"
                            r"compared|against|and|but|while|of|in|for|from|to|at|as|with|on|by)\b)[\w'’-]+\s+){0,3}?"
                            r"(?:estimates?|forecasts?|consensus|expectations?)\b", re.I)
# "the restrictions could reduce its revenue by about $30 billion": what might happen, not a result
MODAL_BEFORE = re.compile(r"\b(?:could|would|might|may)\s+(?:[\w'’-]+\s+){0,6}$")
FORECAST_BEFORE = re.compile(r"\b(?:expects?|expected|forecasts?|targets?|consensus|plan(?:s|ned)? to)\b"
                             r"(?:\s+[\w$€£¥-]+){0,6}\s*$|"
                             r"\b(?:estimates?|expectations?|projections?)\s+(?:of|for)\s+(?:about\s+|around\s+)?$", re.I)
MARKET_NEAR = re.compile(r"\b(?:global|worldwide|world|industry|industry-wide|market-wide)\s+(?:\w+\s+)?"
                         r"(?:shipments|sales|volumes?)\b|(?<!of )\bthe (?:overall |whole |global |worldwide )?(?:[\w-]+\s+){0,2}?"
                         r"market (?:shipped|grew|fell|rose|reached|shrank|expanded|declined|increased|contracted|"
                         r"slipped|climbed|dropped)\b", re.I)
MARKET_LEVEL = re.compile(r"\b(?:global|worldwide|industry)\s+(?:\w+\s+)?(?:shipments|sales|market|revenue)\b", re.I)
COUNT_NEAR = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:employees|workers|people|users|subscribers|members|"
                        r"accounts|units|smartphones|phones|handsets|devices|shipments|PCs|tablets|vehicles|"
                        r"drones|monthly|active)\b", re.I)
SHIPMENT_WORDS = re.compile(r"\b(?:shipments|shipped|units)\b", re.I)
# "according to figures from research firm X", "the market tracker": a research firm's report
RESEARCH_CUE = re.compile(r"\b(?:research|tracker|figures from|data from)\b", re.I)
# "analysts surveyed by Bloomberg": the outlet compiled an estimate, it does not report a market figure
POLLED_BY = re.compile(r"\b(?:surveyed|polled|compiled)\s+by\s+(?:the\s+)?$", re.I)
# "Consolidated revenue rose ...": a word the model read as a name but that qualifies the measure
FIGURE_MODIFIERS = frozenset("""consolidated adjusted underlying reported quarterly annual total combined organic
comparable overall group net gross operating core""".split())
NOT_A_FIGURE = re.compile(r"^\s*(?:%\s*)?(?:of (?:the )?(?:total|its|all)|stake|owned|per share|"
                          r"tb|grams?|g\b|km|minutes?|hours?|days?|weeks?|x\b|"
                          # a one-off item: "a $45 million restructuring charge"
                          r"(?:[\w-]+\s+){0,2}(?:charges?|write-?downs?|write-?offs?|impairments?|provisions?)\b|"
                          # physical quantities: "21.3 gigawatts of modules", "4 million tonnes of steel"
                          r"(?:giga|mega|kilo|tera)watt|[gmkt]wh?\b|tonnes?\b|tons?\b|barrels?\b|lit(?:re|er)s?\b|"
                          r"square\s+(?:met(?:re|er)s|feet|kilomet(?:re|er)s)|cubic)", re.I)

# "67% of wafer revenue": a part of the company's own revenue, not a market's share or a change
PART_OF_REVENUE = re.compile(r"\s*of\s+(?:its\s+|their\s+|the\s+)?(?!(?:global|worldwide|world|industry|market)\b)"
                             r"(?:[\w'’-]+\s+){0,2}revenues?\b", re.I)


PRONOUN_START = re.compile(r"^\s*Its?\b")
# "a 19% share of the market", "4.6% of the market", "a 2.6% share": the figure is a share, not a change
SHARE_AFTER = re.compile(r"\s*(?:(?:market|global|worldwide|unit|revenue|volume)\s+)?share\b(?!s)|"
                         r"\s*of\s+(?:the\s+)?(?:global\s+|worldwide\s+|world\s+|total\s+|overall\s+)?"
                         r"(?:[\w-]+\s+)?market\b", re.I)
# "rose 8% from a year earlier to 280.2 billion yuan": the change leads to the figure after it
TO_LEVEL = re.compile(r"^[^.;\d%]{0,50}?\bto\s+(?:about\s+|around\s+)?$", re.I)
_PAIR_WORD = (r"(?:revenues?|sales|net (?:income|profits?|earnings|loss(?:es)?)|operating (?:income|profits?|"
              r"loss(?:es)?)|profits?|shipments|deliveries)")
MEASURE_PAIR = re.compile(r"\b(?P<m1>" + _PAIR_WORD + r")\s+and\s+(?P<m2>" + _PAIR_WORD + r")\s+were\s+$",
                          re.I)
RANGE_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
RANGE_AND = re.compile(r"\s+and\s+(?:about\s+|around\s+|roughly\s+)?", re.I)
# "50% more than a year earlier", "12 percent fewer than in 2022": a comparison, so a change
MORE_THAN = re.compile(r"\s*(?:more|less|fewer|higher|lower|bigger|smaller)\s+than\b", re.I)
FROM_LEVEL = re.compile(r"\b(?:up|down)\s+from\s+$", re.I)
# "compared with a profit of", "against a loss of": the base of a comparison, its sign its own
BARE_RESULT = re.compile(r"\ba\s+(?P<r>profit|loss)\s+of\s+$", re.I)
COMPARED_TO = re.compile(r"\b(?:from|compared (?:with|to)|versus|vs\.?|against|than|times)\b", re.I)
FORWARD = re.compile(r"\b(?:expects?|expected to|forecasts?|will|should|plans? to|aims? to|"
                     r"outlook|guidance)\b", re.I)
RANKING = re.compile(r"\b(?:in\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+place|"
                     r"(?:stayed|was|remained|came|finished|ranked)\s+(?:first|second|third|fourth|fifth|sixth|"
                     r"seventh|eighth|ninth|tenth)|,\s*(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                     r"tenth),)", re.I)
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
# "Acme led with 24%, followed by Beta at 16.5% and Brand at 6.4%": a ranking's item named right
# before its figure; when the entity table does not know the name, the figure is not a neighbour's
LIST_CUE = re.compile(r"\b(?:followed by|ahead of|led|leading)\b", re.I)
ITEM_BEFORE = re.compile(r"(?:[,;]|\band|\bby)\s*(?P<head>[\w.&'-]+)\s+(?:at|on)\s+[$€£¥]?$")
# "..., Brand with 9.1 million and 4%": a list item whose head the entity table does not know
LIST_ITEM = re.compile(r"[,;\s]*(?:and\s+)?(?P<head>[\w.&'-]+)\s+with\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥\d]")
# ", the domestic e-commerce arm,": the company named before is a business of the parent
ARM_AFTER = re.compile(r"\s*,\s*the\s+(?:[\w'’-]+\s+){0,4}?(?:arm|unit)\s*,", re.I)
ARM_QUALIFIER = re.compile(r"^(?P<q>(?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)\s+revenue\s+at\s+$")
GROUP_WORDS = r"(?:Group|Division|Unit|Segment|Business|Businesses)"
# "The Device Solutions division, ... posted", "Samsung's foundry business slipped": a business as subject
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
# "Memory alone brought in ...": a product line as subject of an amount
SUBJECT_LINE = re.compile(r"\s*(?P<seg>[A-Z][a-z-]+(?:\s+[a-z-]+){0,2}?)(?:,\s+(?:which|that)\b[^,;]*,)?"
                          r"\s+(?:alone\s+|sales\s+)?(?:brought in|took in|generated|accounted for)\b")
_VERBISH = frozenset("""had has have grew grows saw sees took takes made makes brought booked posted reported logged
rose rises fell falls won got gets is was were are generated recorded delivered increased decreased jumped climbed
slipped dropped declined surged its with from by at said says announced noted added that which while when where
who as""".split())
# ", which runs Acme, Bexo and Corva, grew ...": a relative clause inside the main one
RELATIVE = re.compile(r",\s+(?:which|who|whose)\b[^;]*?,(?=\s+[a-z])")


def _relatives(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in RELATIVE.finditer(sentence)]


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause boundaries: figures of different companies are usually split by these (not inside
    a relative clause)."""
    cuts = [0]
    inside = _relatives(sentence)
    for m in re.finditer(r";|,\s+(?:followed by|while|whereas|but|and|ahead of|behind|with)\b|\s+while\s+|"
                         r",\s+(?=[A-Z])|\bfollowed by\b|\s+and\s+(?=[A-Z])|"
                         r",\s+(?=[\w.&'-]+\s+with\s+(?:about\s+|around\s+|nearly\s+)?[$€£¥\d])", sentence):
        if not any(a < m.start() < b for a, b in inside):
            cuts.append(m.start())
    cuts.append(len(sentence))
    return list(zip(cuts, cuts[1:]))


def _measure_for(sentence: str, q: Quantity, clause: tuple[int, int],
                 names: tuple[tuple[int, int], ...] = ()) -> tuple[str | None, int]:
    """The measure word nearest to the figure, compatible with its unit; and its position. Words
    inside a name (``names``: 'Bering Star Shipping') measure nothing."""
    best: tuple[int, str, int] | None = None
    lo, hi = clause
    for measure, rx in MEASURES:
        if q.unit.startswith("CCY_") and measure not in MONEY_MEASURES:
            continue
        if q.unit == "NUM" and measure not in COUNT_MEASURES:
            continue
        for m in rx.finditer(sentence):
            if m.start() < lo - 60 or m.start() >= hi:
                continue
            if any(a <= m.start() < b for a, b in names) or NOT_THE_MEASURE.match(sentence, m.end()):
                continue
            if m.end() <= q.start:
                dist = q.start - m.end()
            elif m.start() >= q.end:
                dist = (m.start() - q.end) * 2 + 10
            else:
                continue
            if q.unit == "PERCENT" and measure == "MarketShare":
                dist = dist * 0.7
            if best is None or dist < best[0]:
                best = (int(dist), measure, m.start())
    if best is None or best[0] > 160:
        return None, -1
    return best[1], best[2]


def extract_metrics(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                    anchor: Anchor | None, furniture: set[int],
                    docs: list[tuple[int, Doc]] | None = None) -> list[Metric]:
    out: list[Metric] = []
    last_company: str | None = None
    prev_measure: str | None = None
    prev_money: tuple[int, str] | None = None  # (sentence index, measure) of the last money figure
    main_period: str | None = None
    share_context = False
    last_period: str | None = None
    last_segment: str | None = None
    last_cue: str | None = None  # the last change the text said was year-on-year or quarter-on-quarter
    market: str | None = _market(text)
    prev_companies: list = []
    unit_before: str | None = None  # the business the sentence before was about
    # a name the model once read as a person is still the company it is elsewhere in the article
    company_keys = {m.key for m in table.mentions if m.kind == COMPANY and not m.source}
    seen: dict[str, list[int]] = {}  # where companies are named, after the title (which uses short names)
    title_end = text.find("\n") if "\n" in text else 0
    for m in table.mentions:
        if m.key in company_keys and not m.descriptive and not m.source and m.start > title_end:
            seen.setdefault(m.key, []).append(m.start)
    japanese = yen_sign_is_yen(text)
    market_report = False  # a sentence gave a market total: company-less figures are the market's
    cited = False  # a research firm was named before: the article reports its figures
    counts_units = SHIPMENT_WORDS.search(text) is not None  # the article counts units shipped
    for index, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        periods = find_periods(sentence, anchor, last=last_period)
        current = [p for p in periods if not p.comparison and not _forward(sentence, p, anchor)]
        seg_def = SEGMENT_DEF.search(sentence)
        if index in furniture:
            continue
        quantities = find_quantities(sentence)
        if japanese:
            quantities = [replace(q, unit="CCY_JPY") if q.yen_sign else q for q in quantities]
        companies = [m for m in table.in_span(s, e) if (m.kind == COMPANY or m.key in company_keys)
                     and not _modifier_word(m.text, sentence, m.end - s)]
        names = frozenset(w for m in table.in_span(s, e) for w in m.text.split())
        name_spans = tuple((m.start - s, m.end - s) for m in companies if not m.descriptive)
        # a research firm named here, not an outlet that only compiled an estimate ("analysts polled by Reuters")
        source = next((m for m in _sources_rx().finditer(sentence)
                       if not POLLED_BY.search(sentence[max(0, m.start() - 30):m.start()])), None)
        # "IDC counted 289.4 million shipments": a research firm's market figure, nobody's; the
        # sentence still names the period the next ones report on
        figures = quantities if companies or not source else []
        if not companies and market_report and not COMPANY_REF.search(sentence):
            # "For the full year, shipments fell 13.9% to 241.8 million units." in a market
            # report: the market's total again, not the last-named vendor's
            figures = []
        if not companies and cited and last_company is None and not COMPANY_REF.search(sentence) and not any(
                q.unit.startswith("CCY_") for q in quantities):
            # "Shipments in the country fell 4% ..." after "according to research firm X", before any
            # company's figure: a research firm's report opens with the market's total (not with an
            # amount of money: "Revenue rose 5% to $3 billion" is the company's the article is about)
            figures = []
        cited = cited or source is not None and (market is not None or RESEARCH_CUE.search(sentence) is not None)
        if quantities and not figures and MARKET_WORD.search(sentence) and not COMPANY_REF.search(sentence):
            market_report = True
        level_money = [q for q in quantities if q.unit.startswith("CCY_") and q.value >= 1000]
        clauses = _clauses(sentence)
        arms = _arms(sentence, companies, s)
        relatives = _relatives(sentence)
        owners = [m for m in companies if id(m) not in arms and not any(
            a <= m.start - s < b for a, b in relatives)]
        respectively = _respectively(sentence, owners, figures, s)
        pronoun = PRONOUN_START.match(sentence) and next(
            (m.key for m in prev_companies if id(m) not in arms), None)
        sentence_measures: set[str] = set()
        cues: set[str] = set()
        level_measures: dict[str, str] = {}  # unit → measure of the amounts already read in the sentence
        prev_in_sentence: tuple[int, str, str] | None = None  # (end, measure, unit) of the last level
        prev_level_mpos = -1  # where the measure word of that level is (-1: carried, not named)
        prev_end = 0
        in_market = _market(sentence, named=True) or market
        ranking = RANKING.search(sentence) is not None
        for qi, q in enumerate(figures):
            pre_start, prev_end = prev_end, q.end
            if q.points or NOT_A_FIGURE.match(sentence[q.end:q.end + 40]) or (
                    q.unit == "PERCENT" and PART_OF_REVENUE.match(sentence, q.end)):
                continue
            clause = next(((a, b) for a, b in clauses if a <= q.start < b), (0, len(sentence)))
            if _unknown_item(sentence, clause, owners, s) or _unknown_ranked(sentence, clause, owners, s, q.start):
                continue  # "..., Brand with 9.1 million": a list item whose head is no known company
            if source and not any(clause[0] <= m.start - s < clause[1] for m in companies) and not COMPANY_REF.search(
                    sentence, clause[0], q.start):
                continue  # "According to IDC, PC shipments fell 2.7% ..., and Lenovo shipped ...": the market's
            measure, mpos = _measure_for(sentence, q, clause, name_spans)
            paired = _paired(sentence, figures, qi)
            if paired is not None:
                measure, mpos = paired  # "the revenue and net profit were X and Y"
            share_after = q.unit == "PERCENT" and SHARE_AFTER.match(sentence, q.end) is not None
            if q.unit == "PERCENT" and (share_after or SHARE_OF.search(sentence) and not CHANGE_BEFORE.search(
                    sentence[max(0, q.start - 30, pre_start):q.start]) and not re.match(
                    r"^\s*(?:more|fewer|lower|up|year|from)",
                    sentence[q.end:q.end + 20], re.I)):
                measure, mpos = "MarketShare", q.start
            elif q.unit == "PERCENT" and MARKET_WORD.search(sentence) and RANK_BEFORE.search(
                    sentence, max(clause[0], q.start - 30), q.start) and not CHANGE_BEFORE.search(
                    sentence, max(clause[0], q.start - 30), q.start):
                # "with Apple leading on 24% and Samsung second on 16%": a ranking of shares
                measure, mpos = "MarketShare", q.start
            moves = list(STOCK_MOVE.finditer(sentence, clause[0], q.start))
            move = moves[-1] if moves else None
            if move is not None and not any(rx.search(sentence, move.end(), q.start) for _, rx in MEASURES):
                continue  # a share-price move, whatever measure follows ("before trimming losses")
            lo_b = max(clause[0], q.start - 70)
            blocker = list(NON_MEASURE.finditer(sentence[lo_b:q.start]))
            if blocker and (mpos < 0 or mpos < lo_b + blocker[-1].start() or mpos >= q.end):
                # "average selling prices rose 2.8%": not one of our measures; "the R&D investment was
                # 9 billion yuan, 12% of revenue": the measure named after it is not the figure's
                continue
            if measure in COUNT_MEASURES and q.unit == "NUM" and not (
                    COUNT_NEAR.match(sentence[q.end:q.end + 40]) or 0 <= q.start - mpos <= 70):
                measure = None
            if measure is None and q.unit == "NUM" and SEGMENT_NOUNS.match(sentence[q.end:q.end + 40]) or (
                    measure is None and q.unit == "NUM" and re.match(r"^\s*units\b", sentence[q.end:])):
                measure, mpos = "Shipments", q.end
            if measure is None and q.unit == "NUM" and counts_units and (ranking or RANK_BEFORE.search(
                    sentence, max(clause[0], q.start - 30), q.start)) and re.search(r"\bwith\s+$", sentence[:q.start]):
                # "Acme came second with 5.9 million, down 3%": in a report that counts units shipped
                measure, mpos = "Shipments", q.end
            if prev_in_sentence and prev_in_sentence[2] == q.unit and q.unit != "PERCENT" and _compared_to(
                    sentence[prev_in_sentence[0]:q.start]):
                # "to 48.9 billion from 14.4 billion": the same measure, named where the first one's was
                # (so a segment named elsewhere in the sentence is not the base amount's)
                measure, mpos = prev_in_sentence[1], prev_level_mpos
                bare = BARE_RESULT.search(sentence, prev_in_sentence[0], q.start)
                if bare is not None:
                    mpos = bare.start("r")  # its own word says profit or loss
            if q.unit == "PERCENT" and not share_after:
                level = _level_after(sentence, q, figures[qi + 1:])
                if level is not None:
                    lm, lpos = _measure_for(sentence, level, clause, name_spans)
                    if lm is None and level.unit.startswith("CCY_") and prev_money and index - prev_money[0] <= 2:
                        lm = prev_money[1]
                    if lm is not None and lm != "MarketShare":
                        measure, mpos = lm, lpos  # "grew 6.1% to $1.04 billion": the change of that figure
            if measure is None and q.unit in level_measures and not (q.unit == "PERCENT" and (
                    UP.search(sentence, max(0, q.start - 45, pre_start), q.start) or DOWN.search(
                    sentence, max(0, q.start - 45, pre_start), q.start))):
                measure, mpos = level_measures[q.unit], -1  # "A with 45.6 million units, B with 42.3 million"
            carried = prev_measure if (prev_measure in sentence_measures or (
                prev_measure != "MarketShare" and not any(rx.search(sentence) for _, rx in MEASURES))) else None
            if measure is None and carried and q.unit != "NUM" and (
                    q.unit == "PERCENT" or carried in MONEY_MEASURES):
                measure, mpos = carried, -1
            if measure is None and q.unit.startswith("CCY_") and prev_money and index - prev_money[0] <= 2 and (
                    ranking or re.search(r"\bat\s+$", sentence[:q.start])):
                measure, mpos = prev_money[1], -1  # a ranking that goes on in amounts: the same measure
            if measure is None and q.unit == "PERCENT" and share_context and not (
                    UP.search(sentence) or DOWN.search(sentence)):
                measure, mpos = "MarketShare", q.start
            if measure is None:
                continue
            if not companies and MARKET_LEVEL.search(sentence):
                market_report = True
                continue  # a market total, nobody's figure
            if THRESHOLD_BEFORE.search(sentence[max(0, q.start - 30):q.start]):
                continue  # "sales topped NT$300 billion for the first time": a threshold, not the figure
            if _in_range(sentence, figures, qi):
                continue  # "sales of between $5.0 billion and $5.5 billion": a range is an outlook, not a result
            if FORECAST.search(sentence[q.end:q.end + 40]) or ESTIMATE_AFTER.match(sentence, q.end) or (
                    FORECAST_BEFORE.search(sentence[max(0, q.start - 60):q.start])) or MODAL_BEFORE.search(
                    sentence, max(clause[0], q.start - 60), q.start):
                continue  # what analysts expected, a target or guidance: not a reported figure
            if MARKET_NEAR.search(sentence[max(0, q.start - 45):q.start]) and not any(
                    q.start - 45 <= m.start - s <= q.start for m in companies):
                market_report = True
                continue
            company, company_conf = _owner(table, owners, q, s, clause, docs, pronoun or last_company, sentence)
            if q.start in respectively:
                company, company_conf = respectively[q.start], 0.85
            if company is None:
                continue
            nxt = figures[qi + 1] if qi + 1 < len(figures) else None
            if nxt is not None and nxt.unit == q.unit != "PERCENT" and _compared_to(sentence[q.end:nxt.start]):
                # "to 3.05 trillion from 13.7 trillion in the third quarter of 2018": that period is the base's
                mine = [p for p in current if p.start < nxt.start]
            else:
                mine = current
            period, comparison_bound = _period_for(sentence, q, periods, mine, last_period, pre_start)
            if measure == "Employees" and not periods and EMPLOYS_NOW.search(sentence):
                period = None  # "which employs 9,000 people": a headcount now, of no reported period
            window = sentence[max(clause[0] - 40, 0, q.start - 80):min(len(sentence), q.end + 70)]
            # the words before the figure in its own clause and after the figure before it: in "Apple's
            # share rose to 20%, while Samsung held 19%", Apple's rise says nothing about Samsung's 19%
            pre = sentence[max(0, clause[0], q.start - 45, pre_start):q.start]
            change = None
            value = q.value
            unit = q.unit
            confidence = 0.85
            direction_before = re.search(r"\b(by|of)\s*$", pre) and (UP.search(pre) or DOWN.search(pre))
            # "a 22% share, up from 18%": the earlier share, a level and not a change
            to_level = bool(re.search(r"\b(to|at|reach(?:ed)?|of)\s+(?:about\s+|around\s+|nearly\s+)?$", pre)) or (
                measure == "MarketShare" and FROM_LEVEL.search(pre) is not None)
            if not share_after and (q.unit == "PERCENT" and measure != "MarketShare" or (
                    q.unit == "PERCENT" and (UP.search(pre) or DOWN.search(pre)) and not to_level) or (
                    q.unit == "PERCENT" and MORE_THAN.match(sentence, q.end))):
                if not (UP.search(window) or DOWN.search(window) or YOY.search(window) or QOQ.search(window)):
                    continue
                if to_level and measure == "MarketShare":
                    pass
                else:
                    if measure == "MarketShare" and prev_in_sentence and q.start - prev_in_sentence[0] <= 40:
                        measure = prev_in_sentence[1]  # "40.7 million units, up 33%": the units grew
                    # a cue after the next change is that change's: "increased 40% to X, though it
                    # slipped 3% quarter on quarter"
                    stop = next((f.start for f in figures[qi + 1:] if f.unit == "PERCENT" and not f.points), len(sentence))
                    own = sentence[max(clause[0] - 40, 0, q.start - 80):min(len(sentence), q.end + 70, stop)]
                    change, cued = _change_kind(sentence, q, own, periods, period, last_cue, ranking, stop)
                    if cued:
                        cues.add(cued)
                    confidence = 0.8 if (YOY.search(window) or QOQ.search(window)) else 0.65
                    if _declines(pre, sentence[q.end:q.end + 25]):
                        value = -value
            elif q.unit == "NUM" and direction_before:
                continue  # "users grew by 10 million to 95 million": an absolute change, not a level
            elif q.unit.startswith("CCY_") and direction_before:
                # "an increase of 41.3 euros" beside a figure in billions: a garbled percentage
                bigger = [b for b in level_money if b is not q and b.unit == q.unit and b.value >= q.value * 1000000]
                if bigger and q.value < 1000:
                    change = "YearOverYear" if YOY.search(window) or not QOQ.search(window) else "QuarterOverQuarter"
                    unit = "PERCENT"
                    confidence = 0.5
                    if DOWN.search(pre):
                        value = -value
                else:
                    continue  # an absolute change: not a level, not a relative change
            elif q.unit.startswith("CCY_") and measure in ("NetIncome", "OperatingProfit") and value > 0 and (
                    LOSS_WORD.match(sentence, mpos) if mpos >= 0 else LOSS.search(
                        sentence[max(0, q.start - 50):q.end + 15])):
                value = -value
            segment = _named_segment(text, s, q, clause, companies, arms, seen) or _segment(
                sentence, q, measure, last_segment, seg_def, mpos, names) or _subject_segment(
                sentence, q, clause, owners, s, relatives)
            staff_in = STAFF_IN.match(sentence, q.end) if measure in ("Employees", "Users") else None
            if segment is None and staff_in:
                segment = staff_in["place"]  # "employs 9,000 people in Germany", "80 million users in Brazil"
            if segment is None and unit_before and PRONOUN_START.match(sentence) and not companies:
                segment = unit_before
            if segment is None and (measure in ("MarketShare", "Shipments") or ranking and measure == "Revenue"):
                segment = in_market
            if q.unit == "NUM" and measure == "Shipments" and not segment and GENERIC_COUNT.match(
                    sentence[q.end:q.end + 12]) is None and not re.search(r"\b(units|shipments|shipped)\b", window, re.I):
                confidence = min(confidence, 0.7)
            bounds = period_bounds(period) if period else (None, None)
            out.append(Metric(
                company=company, measure=measure, value=_fmt(value), unit=unit if not change else "PERCENT",
                evidence=(Evidence(s, e, text[s:e], round(min(confidence, company_conf), 2)),),
                period=period, period_start=bounds[0], period_end=bounds[1], segment=segment,
                change=change,
            ))
            del comparison_bound
            last_company = company
            prev_measure = measure
            if q.unit != "PERCENT":
                prev_in_sentence = (q.end, measure, q.unit)
                prev_level_mpos = mpos
                level_measures[q.unit] = measure
            elif measure == "MarketShare" and not change:
                level_measures[q.unit] = measure
            if unit.startswith("CCY_") and not change:
                prev_money = (index, measure)
            sentence_measures.add(measure)
        reported = _near_figures(current, quantities) if quantities else current
        if reported:
            last_period = reported[-1].period
            main_period = main_period or reported[0].period
        if last_period and main_period and last_period[:4] < main_period[:4] and not reported:
            last_period = main_period  # back from a comparison year to the period the article reports
        share_context = "MarketShare" in sentence_measures
        if cues:  # a change without a cue is of the kind the text last named, if it named one kind only
            last_cue = cues.pop() if len(cues) == 1 else None
        if not quantities:
            prev_measure = None
        if seg_def and "segment" in seg_def.group(0).lower():
            last_segment = _plural(seg_def.group("seg"))
        prev_companies = companies
        about = SENTENCE_UNIT.match(sentence)
        unit_before = about["seg"] if about and not companies and not any(
            w in _NOT_SEGMENT or w in _VERBISH for w in about["seg"].lower().split() if w not in ("and", "&")) else None
    return _dedupe(out)


def _market(text: str, named: bool = False) -> str | None:
    """The market a text talks about most: "smartphone" in "the smartphone market ... smartphone vendors";
    ``named``: only a market called so ("the PC market")."""
    counts: dict[str, int] = {}
    for m in MARKET_RX.finditer(text):
        seg = m["seg"] if m["seg"].isupper() else m["seg"].lower()
        if seg.lower() in _NOT_MARKET or seg.lower() in _VERBISH or seg.endswith("ed") or named and not re.search(r"(?:market|industry)$", m.group(0), re.I):
            continue
        counts[seg] = counts.get(seg, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return "smartphones" if best in ("phone", "handset") else _plural(best)


def _forward(sentence: str, p: Period, anchor: Anchor | None) -> bool:
    """A period the text looks ahead to ("expects demand to grow in the second half"), or one that
    had not begun by publication: not a period figures are reported for."""
    lo = max(0, p.start - 60)
    cut = list(re.finditer(r"[,;:]|\b(?:said|says|reported|posted|announced)\b", sentence[lo:p.start]))
    if FORWARD.search(sentence, lo + cut[-1].end() if cut else lo, p.start):
        return True
    if anchor is not None:
        start = period_bounds(p.period)[0]
        pub = f"{anchor.year:04d}-{anchor.month or 12:02d}-{anchor.day or 31:02d}"
        return start > pub
    return False


def _near_figures(periods: list[Period], quantities: list[Quantity]) -> list[Period]:
    """Periods close enough to a figure of the sentence to be its period."""
    return [p for p in periods if any(abs(p.start - q.start) <= 100 for q in quantities)]


def _arms(sentence: str, companies: list, base: int) -> dict[int, str]:
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


def _respectively(sentence: str, owners: list, figures: list[Quantity], base: int) -> dict[int, str]:
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
    return out


def _unknown_item(sentence: str, clause: tuple[int, int], owners: list, base: int) -> bool:
    m = LIST_ITEM.match(sentence, clause[0])
    head = m["head"].lower() if m else ""
    if not m or head.endswith("ed") or head in ("it", "they", "which", "that", "this", "these", "those", "along",
                                                 "together", "level", "up", "down", "par", "line"):
        return False  # "compared with 16.9 billion", "together with ...": not a list item
    return not any(clause[0] <= o.start - base < m.end("head") for o in owners)


def _unknown_ranked(sentence: str, clause: tuple[int, int], owners: list, base: int, at: int) -> bool:
    """"..., followed by Beta at 16.5% and Brand at 6.4%": the figure's item is headed by a name
    the entity table does not know (a company the model missed), so no known company owns it."""
    m = ITEM_BEFORE.search(sentence, clause[0], at)
    if not m or not (RANKING.search(sentence) or LIST_CUE.search(sentence)):
        return False
    return not any(m.start("head") <= o.start - base < m.end("head") for o in owners)


def _paired(sentence: str, figures: list[Quantity], i: int) -> tuple[str, int] | None:
    """"the revenue and net profit were 64.2 billion yuan and 3.5 billion yuan": the two measures
    named together, in the order of the two amounts (of one unit) after them."""
    for first, which in ((i, "m1"), (i - 1, "m2")):
        if first < 0 or first + 1 >= len(figures) or figures[first].unit != figures[first + 1].unit:
            continue
        a, b = figures[first], figures[first + 1]
        pair = MEASURE_PAIR.search(sentence, max(0, a.start - 80), a.start)
        if pair is None or not re.fullmatch(r"\s*(?:,\s*)?and\s+(?:about\s+|around\s+)?", sentence[a.end:b.start]):
            continue
        word = pair[which]
        measure = next((m for m, rx in MEASURES if rx.fullmatch(word)), None)
        return (measure, pair.start(which)) if measure else None
    return None


def _in_range(sentence: str, figures: list[Quantity], i: int) -> bool:
    """Either end of "between A and B" (same unit): a range, not one reported figure."""
    for a, b in ((i, i + 1), (i - 1, i)):
        if 0 <= a and b < len(figures) and figures[a].unit == figures[b].unit and RANGE_AND.fullmatch(
                sentence, figures[a].end, figures[b].start) and RANGE_BETWEEN.search(
                sentence, max(0, figures[a].start - 20), figures[a].start):
            return True
    return False


def _level_after(sentence: str, q: Quantity, rest: list[Quantity]) -> Quantity | None:
    """The figure a change leads to: "grew 6.1% to $1.04 billion" → $1.04 billion."""
    if not rest or rest[0].unit == "PERCENT":
        return None
    nxt = rest[0]
    pre = sentence[max(0, q.start - 45):q.start]
    if not (UP.search(pre) or DOWN.search(pre) or re.search(r"\bby\s*$", pre)):
        return None
    return nxt if TO_LEVEL.match(sentence[q.end:nxt.start]) else None


def _compared_to(between: str) -> bool:
    """Text between two amounts that makes the second the base of a comparison with the first
    ("an operating loss of X, compared with a profit of Y": 'a profit' names no other measure)."""
    between = BARE_RESULT.sub("", between)
    return len(between) <= 60 and COMPARED_TO.search(between) is not None and not any(
        rx.search(between) for _, rx in MEASURES)


def _prev_quarter(period: str) -> str:
    y, q = int(period[:4]), int(period[-1])
    return f"{y}-Q{q - 1}" if q > 1 else f"{y - 1}-Q4"


def _change_kind(sentence: str, q: Quantity, window: str, periods: list[Period], period: str | None,
                 last_cue: str | None, ranking: bool = False, stop: int | None = None) -> tuple[str, str | None]:
    """Year-on-year or quarter-on-quarter, and whether the text said so; without a cue, a ranking
    goes on with the kind it last named ("SMIC, in third place, grew revenue 1.7%"). ``stop``: where
    the next change starts (its cue is not this one's)."""
    after = sentence[q.start:min(q.end + 60, len(sentence) if stop is None else stop)]
    base = next((p for p in periods if p.comparison and 0 <= p.start - q.end <= 40), None)
    if base and period:
        if "-Q" in base.period and "-Q" in period and base.period == _prev_quarter(period):
            return "QuarterOverQuarter", "QuarterOverQuarter"
        if base.period == f"{int(period[:4]) - 1}{period[4:]}":
            return "YearOverYear", "YearOverYear"
    if QOQ.search(after) or (QOQ.search(window) and not YOY.search(after)):
        return "QuarterOverQuarter", "QuarterOverQuarter"
    if YOY.search(window):
        return "YearOverYear", "YearOverYear"
    return (last_cue if ranking else None) or "YearOverYear", None


def _named_segment(text: str, base: int, q: Quantity, clause: tuple[int, int], companies: list,
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


def _subject_segment(sentence: str, q: Quantity, clause: tuple[int, int], owners: list, base: int,
                     relatives: list[tuple[int, int]]) -> str | None:
    """"The mobile business had revenue of ...", "Memory alone brought in ...": the business or product
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
            name = m.start("seg") if m.groupdict().get("seg") else m.start("group") if m.groupdict().get("group") else m.start()
            if any(name <= o.start - base < name + len(seg) for o in owners):
                continue  # the subject is a company
            return seg
    return None


@lru_cache(maxsize=1)
def _sources_rx() -> re.Pattern[str]:
    from kg.extract import gazetteer

    names = sorted(gazetteer.load().sources, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _modifier_word(name: str, sentence: str, end: int) -> bool:
    """A one-word 'name' that qualifies a measure word right after it ("Consolidated revenue")."""
    return name.lower() in FIGURE_MODIFIERS and any(
        rx.match(sentence, end + 1) for measure, rx in MEASURES if measure in MONEY_MEASURES)


def _declines(pre: str, post: str) -> bool:
    up = [m.start() for m in UP.finditer(pre)]
    down = [m.start() for m in DOWN.finditer(pre)]
    if down and (not up or max(down) > max(up)):
        return True
    if not up and not down and (DOWN.match(post.strip()) or re.match(r"(?:below|under)\b", post.strip(), re.I)):
        return True  # "6.3% lower than", "6.3% below the third quarter"
    return False


def _owner(table: EntityTable, companies: list, q: Quantity, base: int,
           clause: tuple[int, int], docs: list[tuple[int, Doc]] | None,
           last_company: str | None, sentence: str = "") -> tuple[str | None, float]:
    """Whose figure: the company the grammar attaches it to, else the nearest in its clause,
    else the company the article's figures were about just before."""
    start, end = base + q.start, base + q.end
    lo, hi = base + clause[0], base + clause[1]
    in_clause = [m for m in companies if lo <= m.start < hi]
    # "Lumen Optics, a unit of Belmar Trading, said its revenue rose": a company inside an
    # apposition describes the subject; it owns nothing
    before = [m for m in in_clause if m.end <= start and not _in_apposition(docs, m.start)]
    if before and clause[0] > 0:
        return before[-1].key, 0.85
    by_syntax = _syntactic_owner(docs, companies, start) if docs else None
    if by_syntax:
        return by_syntax, 0.9
    if before:
        return before[-1].key, 0.85
    after = [m for m in in_clause if m.start >= end and (
        m.start - end <= 25 and not re.search(r"\b(?:of|behind|ahead)\W*$",
                                              sentence[end - base:m.start - base]))]
    if after:
        return after[0].key, 0.75
    if last_company:
        return last_company, 0.7
    prior = [m for m in companies if m.end <= start]
    if prior:
        return prior[-1].key, 0.75
    dominant = table.dominant()
    if dominant and (not companies or dominant in {m.key for m in table.mentions if m.end <= start}):
        # "The tyre maker recorded a loss of X ... and received more in VAT refunds": a name far
        # after the figure does not own it; the company the article is about, named before, does
        return dominant, 0.6
    return None, 0.0


def _token_at(docs: list[tuple[int, Doc]] | None, pos: int) -> tuple[Token | None, int]:
    """The token at character ``pos`` of the article, and its doc's offset."""
    doc, offset = None, 0
    for off, d in docs or ():
        if off <= pos:
            doc, offset = d, off
    if doc is None:
        return None, 0
    span = doc.char_span(pos - offset, pos - offset + 1, alignment_mode="expand")
    return (span[0] if span is not None and len(span) else None), offset


def _in_apposition(docs: list[tuple[int, Doc]] | None, pos: int) -> bool:
    """Whether the name at ``pos`` sits inside an apposition or a relative clause that
    describes another name (", a unit of X,"), below the clause's verb."""
    token, _ = _token_at(docs, pos)
    if token is None:
        return False
    for _ in range(6):
        if token.dep_ in ("appos", "relcl") and token.head.pos_ == "PROPN":
            return True
        if token.head is token or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return False


def _syntactic_owner(docs: list[tuple[int, Doc]], companies: list, pos: int) -> str | None:
    """Walk up the parse from the figure: the first company on the way, or the subject of
    the verb it hangs from ("Acme led with 22%", "Acme's revenue rose 20%")."""
    start, offset = _token_at(docs, pos)
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
        if token.head is token:
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


def _period_for(sentence: str, q: Quantity, periods: list[Period], current: list[Period],
                last: str | None, pre_start: int = 0) -> tuple[str | None, bool]:
    comparisons = [p for p in periods if p.comparison]
    for p in comparisons:
        # "from 40 million a year ago": the figure right before a comparison belongs to it
        gap = sentence[q.end:p.start]
        if 0 <= p.start - q.end <= 25 and not re.search(r"\b(up|down|rose|fell|increase|compared|than)\b", gap):
            if re.search(r"\b(from|versus|vs\.?|against|compared with|compared to|on|over|than)\s+(?:\S+\s+){0,2}$",
                         sentence[max(0, q.start - 30):q.start]):
                return p.period, True
            pre = sentence[max(0, q.start - 45, pre_start):q.start]
            if not re.search(r"\d|\b(?:from|versus|vs|against|below|above|higher|lower|more|less|fewer)\b", gap) and not (
                    q.unit == "PERCENT" and (UP.search(pre) or DOWN.search(pre))):
                # "the 668.5 billion won it earned a year earlier", "had been 64.7% three months earlier"
                return p.period, True
    for p in comparisons:
        # "6% below the third quarter, when it took in $70 billion": the figure of that period
        if p.end < q.start and re.match(r",?\s+when\b[^;]*$", sentence[p.end:q.start]) and not any(
                p.end <= o.start < q.start for o in periods):
            return p.period, True
    if current:
        # the nearest by the words between: in "X in 2019 and Y in 2020", Y's year is the one after it
        nearest = min(current, key=lambda p: q.start - p.end if p.end <= q.start else max(0, p.start - q.end))
        return nearest.period, False
    return last, False


def _segment(sentence: str, q: Quantity, measure: str, last_segment: str | None,
             seg_def: re.Match[str] | None, mpos: int = -1, names: frozenset[str] = frozenset()) -> str | None:
    after = SEGMENT_NOUNS.match(sentence[q.end:q.end + 50]) or SEGMENT_THINGS.match(sentence[q.end:q.end + 50])
    if after and measure in COUNT_MEASURES | {"Shipments"}:
        seg = " ".join(after.group("seg").split())
        if seg.lower() in ("phones", "handsets", "mobile phones", "iphones"):  # the same market
            return "smartphones"
        return None if seg.lower() in ("units", "devices") else seg
    if THIS_SEGMENT.search(sentence) and last_segment:
        return last_segment
    for m in NAMED_SEGMENT.finditer(sentence):
        between = sentence[m.end():q.start]
        if not (m.start() - 20 <= mpos <= m.end() + 20 or m.start() - 20 <= q.start <= m.end() + 80) or re.search(
                r"[,;]\s+(?:and|while|but)\b", between):
            continue  # near the figure or its measure word, and no other subject in between
        seg = " ".join((m["region"] or m["pair"] or m["product"] or f"{m['acr']} {m['noun']}").split())
        if not any(w in _NOT_SEGMENT - {"and"} or w in _VERBISH for w in seg.lower().replace(",", "").split()):
            return re.sub(r"\s+(?:business|unit)$", "", seg)
    for m in SEGMENT_PHRASE.finditer(sentence):
        if not (mpos < 0 or m.start() - 20 <= mpos <= m.end() + 20 or m.start() - 20 <= q.start <= m.end() + 20):
            continue
        seg = next(g for g in (m["a"], m["b"], m["c"], m["d"], m["e"], m["f"], m["g"]) if g)
        seg = re.sub(r"^(?:its|the|their|these|this|our)\s+", "", seg.strip(), flags=re.I)
        seg = re.sub(r"\s+(?:segment|business|unit)$", "", seg, flags=re.I)
        if m["e"] and seg.split()[0].isupper() and (seg.split()[0] in names or len(seg.split()) == 1):
            seg = " ".join(seg.split()[1:])  # "Acme chip sales": the company is no part of the segment
        lead_at = m.start("e") if m["e"] else m.start("d") if m["d"] else -1
        if lead_at >= 0 and (lead := re.fullmatch(r"\s*([A-Z][a-z]+)\s+", sentence[:lead_at])) and (
                lead.group(1) not in names):
            seg = lead.group(1) + " " + seg  # "Passenger services revenue rose ...": as written
        words = seg.lower().split()
        inner = words[1:-1]  # "IoT and lifestyle products": a joined segment keeps its 'and'
        if words and not any((w in _NOT_SEGMENT or w in _VERBISH) and not (w in ("and", "&") and w in inner)
                             for w in words) and not (
                m["e"] and len(words[-1]) > 4 and words[-1].endswith("ed")):  # "reported revenue": a verb
            return _plural(seg) if m["c"] or m["d"] else seg
    return None


def _plural(seg: str) -> str:
    seg = " ".join(seg.split())
    low = seg.lower()
    if low.endswith(("smartphone", "phone", "device", "handset", "pc", "tablet", "vehicle")):
        return seg + "s"
    return seg


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _dedupe(metrics: list[Metric]) -> list[Metric]:
    seen: dict[tuple, Metric] = {}
    for m in metrics:
        key = (*m.key, m.value)
        if key in seen:
            old = seen[key]
            seen[key] = Metric(**{**old.__dict__, "evidence": tuple(sorted(set(old.evidence + m.evidence),
                                                                         key=lambda ev: ev.start))})
        else:
            seen[key] = m
    return list(seen.values())
