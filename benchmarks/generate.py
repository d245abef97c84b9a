"""A synthetic news corpus for benchmarks: N articles in the shape of the development set.

Each article is recombined from templates derived from ``tests/devset/articles`` and
``seeds/``: sanction listings, lifted orders, injunctions, rulings and appeals, EU/UK
court annulments, FCC designations, quarterly and annual results, market-share
reports and feature pieces with no facts at all. Company names are invented from
syllables; authorities, courts and lists are drawn from ``kg/data/gazetteer.yaml``
(with their aliases); figures, currencies, periods, dates, judges, sentence shapes and
which paragraphs appear (and in which order) vary from article to article.

Article ``i`` depends only on ``(seed, i)``, so the first 100 articles of a
1,000-article corpus are the 100-article corpus, and "add one article" is article N.

    python benchmarks/generate.py --articles 1000 --seed 7 --out benchmarks/out/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "kg" / "data" / "gazetteer.yaml"
MIN_WORDS, MAX_WORDS = 250, 450

# --------------------------------------------------------------------------- vocabulary

_CN_SYLLABLES = ("zhen", "hua", "tai", "xin", "long", "kai", "rui", "yun", "sheng", "tian", "hai",
                 "jin", "bo", "lan", "min", "qi", "feng", "wei", "da", "hong", "ming", "guang",
                 "an", "li", "chuang", "heng", "jia", "xun", "yao", "zhi", "tong", "hao", "kang")
_LATIN_SYLLABLES = ("nova", "tek", "tron", "lux", "sen", "vox", "ark", "quan", "syn", "cor", "vel",
                    "ax", "ion", "lum", "dyn", "opt", "cel", "ver", "mag", "tera", "nex", "or")


@dataclass(frozen=True)
class Sector:
    descriptors: tuple[str, ...]
    nouns: tuple[str, ...]  # "the chipmaker"
    products: tuple[str, ...]  # what it ships (plural), for shipments figures
    segments: tuple[str, ...]
    military: str  # why an authority might list it


SECTORS = (
    Sector(("Semiconductor", "Microelectronics", "Integrated Circuit"), ("chipmaker", "chip designer",
           "foundry"), ("wafers", "chips"), ("logic chips", "memory", "mature-node foundry services"),
           "supplying chips to military research institutes"),
    Sector(("Robotics", "Intelligent Technology", "Drone Technology"), ("drone maker", "robot maker"),
           ("drones", "robots"), ("consumer drones", "industrial robots", "agricultural drones"),
           "selling drones used for surveillance"),
    Sector(("Mobile", "Communication Technology", "Electronics"), ("smartphone maker", "phone maker",
           "handset vendor"), ("smartphones", "handsets"), ("smartphones", "premium devices",
           "IoT and lifestyle products", "tablets"), "ties to the country's defense industry"),
    Sector(("Telecom", "Networks", "Communication Equipment"), ("telecom equipment maker",
           "network vendor"), ("base stations", "routers"), ("carrier networks", "enterprise networks",
           "consumer devices"), "building networks for the People's Liberation Army"),
    Sector(("Vision Technology", "Digital Technology", "Security"), ("surveillance camera maker",
           "video-surveillance group"), ("cameras", "security systems"), ("video surveillance",
           "smart-city systems", "thermal imaging"), "enabling human rights abuses through surveillance"),
    Sector(("Lidar", "Photonics", "Optics"), ("lidar maker", "sensor maker"), ("sensors", "lidar units"),
           ("automotive lidar", "robotics sensors", "industrial sensing"),
           "developing sensors with military applications"),
    Sector(("New Energy", "Battery Technology", "Power Systems"), ("battery maker", "cell producer"),
           ("battery packs", "cells"), ("power batteries", "energy storage", "battery materials"),
           "contributing to China's defense industrial base"),
    Sector(("Artificial Intelligence", "Cloud Computing", "Software"), ("AI company",
           "software group"), ("servers", "licences"), ("cloud services", "AI software",
           "enterprise software"), "developing facial recognition for security agencies"),
    Sector(("Aviation", "Aerospace", "Aircraft Industries"), ("aircraft builder", "aviation firm"),
           ("aircraft", "engines"), ("commercial aircraft", "maintenance services", "aircraft parts"),
           "acquiring foreign military technology"),
)
_SUFFIXES = ("Co", "Corp", "Group", "Holdings", "Ltd", "Inc", "Co., Ltd.", "Technology Co")
CITIES = ("Shenzhen", "Beijing", "Shanghai", "Hangzhou", "Wuhan", "Chengdu", "Guangzhou", "Nanjing",
          "Suzhou", "Hefei", "Tianjin", "Dongguan", "Xiamen", "Changsha", "Xi'an", "Qingdao")
FIRST_NAMES = ("Margaret", "Thomas", "Elena", "Richard", "Patricia", "Daniel", "Susan", "Alan",
               "Beatrice", "Carlos", "Janet", "Howard", "Lucia", "Graham", "Naomi", "Victor", "Ruth",
               "Samuel", "Irene", "Walter", "Helen", "Marcus")
LAST_NAMES = ("Ellison", "Reyes", "Hartley", "Okafor", "Brennan", "Castillo", "Whitmore", "Lindqvist",
              "Abernathy", "Kowalski", "Sutherland", "Moreau", "Fairbanks", "Delgado", "Harrington",
              "Nakamura", "Pemberton", "Valdez", "Thornton", "Goldberg", "Mercer", "Ashworth")
EXEC_TITLES = ("chief executive", "chairman", "chief financial officer", "president",
               "founder and chief executive")
PUBLISHERS = ("Global Wire Service", "Asia Markets Wire", "The Margin Call", "Harbour Finance Blog",
              "PC Channel Weekly", "Trade Wire News", "EuroTech Markets", "Byteline",
              "The Weekly Allocation", "Telecom Ledger", "AutoTech Insider", "Dragon Ledger",
              "Pacific Business Review", "Silicon Strait Journal", "The Compliance Desk",
              "Orient Capital Daily", "ZG Tech Daily (English edition)")
WIRE = {"Global Wire Service": "GWS", "Asia Markets Wire": "AMW", "Trade Wire News": "TWN",
        "Pacific Business Review": "PBR", "Orient Capital Daily": "OCD"}
RESEARCH = ("Canalys", "IDC", "Counterpoint Research", "Strategy Analytics", "TrendForce", "Omdia")
EXCHANGES = ("Hong Kong", "Shanghai", "Shenzhen", "New York")


@dataclass(frozen=True)
class Money:
    code: str
    forms: tuple[Callable[[float, str], str], ...]
    scale: float  # typical revenue in billions


def _fmt(v: float) -> str:
    return f"{v:.1f}" if v < 100 else f"{v:,.0f}"


_SCALE_WORD = {"bn": "billion", "m": "million", "tn": "trillion"}
CURRENCIES = (
    Money("CNY", (lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} yuan", lambda v, s: f"CNY {_fmt(v)} {_SCALE_WORD[s]}",
                  lambda v, s: f"¥{_fmt(v)} {_SCALE_WORD[s]}", lambda v, s: f"RMB {_fmt(v)} {_SCALE_WORD[s]}"), 40),
    Money("USD", (lambda v, s: f"US${_fmt(v)} {_SCALE_WORD[s]}", lambda v, s: f"${_fmt(v)} {_SCALE_WORD[s]}",
                  lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} dollars", lambda v, s: f"USD {_fmt(v)} {_SCALE_WORD[s]}"),
          6),
    Money("EUR", (lambda v, s: f"€{_fmt(v)}{s}", lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} euros",
                  lambda v, s: f"EUR {_fmt(v)} {_SCALE_WORD[s]}"), 5),
    Money("GBP", (lambda v, s: f"£{_fmt(v)}{s}", lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} pounds"), 4),
    Money("KRW", (lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} won",), 8000),
    Money("HKD", (lambda v, s: f"HK${_fmt(v)} {_SCALE_WORD[s]}",
                  lambda v, s: f"{_fmt(v)} {_SCALE_WORD[s]} Hong Kong dollars"),
          45),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MON_ABBR = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Named:
    key: str
    label: str
    aliases: tuple[str, ...]
    maintained_by: str | None = None


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, Named]]:
    data = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    out: dict[str, dict[str, Named]] = {}
    for kind in ("government", "court", "list"):
        out[kind] = {e["key"]: Named(e["key"], e["label"], tuple(e.get("aliases") or ()),
                                     e.get("maintained_by")) for e in data.get(kind) or ()}
    return out


def _with_article(name: str) -> str:
    """'Commerce Department' -> 'the Commerce Department'; acronyms and 'the ...' unchanged."""
    if name.startswith(("the ", "The ")) or re.fullmatch(r"[A-Z]{2,5}|DoD|MofCom", name) \
            or "'s " in name or name in ("Washington", "Congress", "Brussels", "Treasury", "Downing Street"):
        return name
    return "the " + name


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# Which aliases read naturally as the subject of "X added ... to ..." (others are
# kept for lists and courts, where the gazetteer's forms are names).
_AUTHORITY_ALIASES = {
    "us-department-of-defense": ("Department of Defense", "Defense Department", "Pentagon",
                                 "U.S. Department of Defense", "DoD"),
    "us-department-of-commerce": ("Commerce Department", "U.S. Commerce Department", "Department of Commerce"),
    "us-bureau-of-industry-and-security": ("Bureau of Industry and Security",
                                           "Commerce's Bureau of Industry and Security", "BIS"),
    "us-office-of-foreign-assets-control": ("Office of Foreign Assets Control",
                                            "Treasury's Office of Foreign Assets Control", "OFAC"),
    "us-department-of-the-treasury": ("Treasury Department", "U.S. Treasury"),
    "us-federal-communications-commission": ("Federal Communications Commission", "FCC"),
    "european-union": ("Council of the European Union", "EU Council", "European Union"),
    "uk-government": ("UK government", "Foreign Office", "Office of Financial Sanctions Implementation"),
    "china-ministry-of-commerce": ("China's Ministry of Commerce", "Chinese commerce ministry", "MOFCOM"),
}
# list key -> (authority keys that may announce it, what a listing does)
_LIST_EFFECTS = {
    "entity-list": (("us-department-of-commerce", "us-bureau-of-industry-and-security"),
                    ("Anyone who wants to ship American-origin goods, software or technology to a listed "
                     "company now needs a license first, and most requests are expected to be denied.",
                     "The listing means U.S. suppliers need a license to sell them American goods.")),
    "unverified-list": (("us-bureau-of-industry-and-security", "us-department-of-commerce"),
                        ("Exporters dealing with companies on the list must obtain extra statements before "
                         "shipping, and a company that stays on it for 60 days can be moved to the Entity List.",)),
    "chinese-communist-military-companies": (("us-department-of-defense",),
                                             ("Under an executive order, Americans may not buy securities of a "
                                              "listed company starting 60 days after it is named, and must sell "
                                              "what they hold within a year.",)),
    "section-1260h-list": (("us-department-of-defense",),
                           ("A listing does not by itself ban sales, but it closes off Pentagon contracts and makes "
                            "investors and partners nervous.",)),
    "ns-cmic-list": (("us-office-of-foreign-assets-control", "us-department-of-the-treasury"),
                     ("Americans may not buy publicly traded securities of listed companies, including funds "
                      "that give exposure to them, and have a year to sell what they already own.",)),
    "sdn-list": (("us-office-of-foreign-assets-control",),
                 ("All property of the designated companies under U.S. jurisdiction is blocked, and Americans "
                  "are generally barred from dealing with them.",)),
    "fcc-covered-list": (("us-federal-communications-commission",),
                         ("Federal subsidies can no longer be spent to buy, maintain or upgrade equipment from "
                          "covered companies.",)),
    "eu-sanctions-list": (("european-union",),
                          ("The measures freeze all funds and economic resources of the companies in the Union "
                           "and bar EU firms from making funds available to them.",)),
    "uk-sanctions-list": (("uk-government",),
                          ("British firms must freeze the companies' assets and may not make funds available "
                           "to them.",)),
    "unreliable-entity-list": (("china-ministry-of-commerce",),
                               ("Listed companies may be barred from trading with China and from investing in "
                                "the country.",)),
}
_LIST_NAMES = {  # natural surface forms of each list, taken from its gazetteer aliases
    "entity-list": ("Entity List", "Commerce Department's Entity List", "trade blacklist"),
    "unverified-list": ("Unverified List",),
    "chinese-communist-military-companies": ("Communist Chinese Military Companies list", "Section 1237 list",
                                             "Pentagon blacklist", "CCMC list"),
    "section-1260h-list": ("Section 1260H list", "1260H list"),
    "ns-cmic-list": ("NS-CMIC List", "Non-SDN Chinese Military-Industrial Complex Companies List"),
    "sdn-list": ("Specially Designated Nationals list", "SDN list"),
    "fcc-covered-list": ("Covered List", "FCC Covered List"),
    "eu-sanctions-list": ("EU sanctions list", "EU consolidated list"),
    "uk-sanctions-list": ("UK sanctions list",),
    "unreliable-entity-list": ("Unreliable Entity List",),
}
_COURTS = {  # list key -> courts that hear challenges (first instance, appeal)
    "us": (("us-district-court-for-the-district-of-columbia",
            "us-district-court-for-the-northern-district-of-california",
            "us-court-of-international-trade"),
           ("us-court-of-appeals-for-the-district-of-columbia-circuit",
            "us-court-of-appeals-for-the-ninth-circuit")),
    "eu": (("eu-general-court",), ("eu-court-of-justice",)),
    "uk": (("uk-high-court",), ("uk-high-court",)),
}


def _region(list_key: str) -> str:
    if list_key.startswith("eu-"):
        return "eu"
    if list_key.startswith("uk-"):
        return "uk"
    return "us"


# --------------------------------------------------------------------------- context


@dataclass
class Company:
    full: str
    short: str
    city: str
    sector: Sector
    listed_in: str

    @property
    def noun(self) -> str:
        return self.sector.nouns[0]


@dataclass
class Ctx:
    rng: random.Random
    published: dt.date
    publisher: str
    companies: list[Company] = field(default_factory=list)

    def pick(self, seq):  # noqa: ANN001, ANN201 (any sequence)
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # dates relative to publication -------------------------------------------------
    def recent_day(self, max_back: int = 6) -> tuple[dt.date, str]:
        back = self.rng.randint(1, max_back)
        day = self.published - dt.timedelta(days=back)
        forms = [f"on {WEEKDAYS[day.weekday()]}", f"on {MONTHS[day.month - 1]} {day.day}",
                 f"on {day.day} {MONTHS[day.month - 1]}"]
        if back == 1:
            forms.append("yesterday")
        return day, self.pick(forms)

    def past_month(self, min_back: int = 40, max_back: int = 400) -> tuple[dt.date, str]:
        day = self.published - dt.timedelta(days=self.rng.randint(min_back, max_back))
        month = MONTHS[day.month - 1]
        if day.year == self.published.year:
            forms = [f"in {month}", f"on {month} {day.day}", f"in {month} this year"]
        elif day.year == self.published.year - 1:
            forms = [f"in {month} last year", f"in {month} {day.year}", f"on {month} {day.day}, {day.year}"]
        else:
            forms = [f"in {month} {day.year}", f"on {month} {day.day}, {day.year}"]
        return day, self.pick(forms)

    def dateline(self) -> str:
        d = self.published
        city = self.pick(("WASHINGTON", "BEIJING", "HONG KONG", "SHANGHAI", "SHENZHEN", "BRUSSELS",
                          "LONDON", "HONG KONG/WASHINGTON", "TAIPEI"))
        tag = WIRE.get(self.publisher)
        return f"{city}, {MON_ABBR[d.month - 1]} {d.day} ({tag}) - " if tag else ""


def _name(rng: random.Random) -> str:
    pool = _CN_SYLLABLES if rng.random() < 0.75 else _LATIN_SYLLABLES
    n = 2 if rng.random() < 0.85 else 3
    word = "".join(rng.choice(pool) for _ in range(n))
    return word.capitalize()


def make_company(rng: random.Random, taken: set[str]) -> Company:
    while True:
        short = _name(rng)
        if short not in taken:
            break
    taken.add(short)
    sector = rng.choice(SECTORS)
    descriptor = rng.choice(sector.descriptors)
    full = f"{short} {descriptor} {rng.choice(_SUFFIXES)}" if rng.random() < 0.8 else f"{short} {rng.choice(_SUFFIXES)}"
    return Company(full=full, short=short, city=rng.choice(CITIES), sector=sector,
                   listed_in=rng.choice(EXCHANGES))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _authority(ctx: Ctx, key: str) -> str:
    aliases = _AUTHORITY_ALIASES.get(key) or (gazetteer()["government"][key].label,)
    return _with_article(ctx.pick(aliases))


def _list_name(ctx: Ctx, key: str) -> str:
    name = ctx.pick(_LIST_NAMES.get(key) or (gazetteer()["list"][key].label,))
    return name if name.startswith("the ") else "the " + name


def _court(ctx: Ctx, key: str) -> str:
    entry = gazetteer()["court"][key]
    forms = [entry.label] + [a for a in entry.aliases if len(a.split()) > 2]
    name = ctx.pick(forms)
    return _with_article(name.replace("US ", "U.S. ", 1) if name.startswith("US ") and ctx.chance(0.5) else name)


def _pct(ctx: Ctx, lo: float = 0.5, hi: float = 60.0) -> str:
    v = ctx.rng.uniform(lo, hi)
    return ctx.pick((f"{v:.1f}%", f"{v:.1f} per cent", f"{v:.1f} percent", f"{round(v)}%"))


def _money(ctx: Ctx, money: Money, billions: float) -> str:
    if billions >= 1000:
        v, s = billions / 1000, "tn"
    elif billions >= 1:
        v, s = billions, "bn"
    else:
        v, s = billions * 1000, "m"
    return ctx.pick(money.forms)(v, s)


# ---------------------------------------------------------------------- period phrases


def _quarter(ctx: Ctx) -> tuple[int, int, str, str]:
    """(year, quarter, adjective phrase, noun phrase) for a recently ended quarter."""
    d = ctx.published - dt.timedelta(days=ctx.rng.randint(15, 75))
    q = (d.month - 1) // 3  # the quarter before the one containing d: ended before publication
    if q == 0:
        d, q = dt.date(d.year - 1, 12, 31), 4
    ordinal = ("first", "second", "third", "fourth")[q - 1]
    span = (("January", "March"), ("April", "June"), ("July", "September"), ("October", "December"))[q - 1]
    nouns = [f"the {ordinal} quarter of {d.year}", f"the {span[0]}-{span[1]} period",
             f"the three months ended {span[1]} 30, {d.year}" if q in (2, 3) else f"the quarter ending in {span[1]}",
             f"the {ordinal} three months of {d.year}" if q == 1 else f"the {ordinal} quarter"]
    return d.year, q, f"{ordinal}-quarter", ctx.pick(nouns)


# --------------------------------------------------------------------------- paragraphs
# Each paragraph function returns text, or "" to say it does not apply.

Para = Callable[[Ctx, dict], str]


def _targets_phrase(ctx: Ctx, targets: list[Company]) -> str:
    parts = []
    for c in targets:
        if ctx.chance(0.4):
            parts.append(f"{c.noun} {c.full}")
        else:
            parts.append(c.full)
    return _join(parts)


def p_listing_lead(ctx: Ctx, s: dict) -> str:
    auth, lst, targets = s["authority"], s["list"], s["targets"]
    _, when = s["when"]
    extra = ctx.pick(("", f" and {ctx.rng.randint(3, 40)} other Chinese companies", " and several affiliates"))
    shapes = (
        f"{ctx.dateline()}{_cap(auth)} {when} added {_targets_phrase(ctx, targets)}{extra} to {lst}, "
        f"stepping up pressure on Beijing's technology champions.",
        f"{ctx.dateline()}{_cap(auth)} has placed {_targets_phrase(ctx, targets)}{extra} on {lst}, "
        f"the agency said {when}, widening a campaign against Chinese firms it sees as security risks.",
        f"{ctx.dateline()}{_targets_phrase(ctx, targets)} {'were' if len(targets) > 1 else 'was'} added to {lst} "
        f"by {auth} {when}, in a move that "
        f"{ctx.pick(('rattled investors', 'surprised analysts', 'had been expected for weeks'))}.",
    )
    return ctx.pick(shapes)


def p_listing_reason(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    auth = s["authority"]
    return ctx.pick((
        f"{_cap(auth)} said the companies had been involved in {t.sector.military}, and that some had helped "
        f"the People's Liberation Army acquire foreign items.",
        f"In a notice published in the Federal Register, {auth} accused {t.short} of {t.sector.military}. "
        f"Officials said the decision followed a review that began "
        f"{ctx.pick(('last year', 'in the spring', 'months ago'))}.",
        f"Officials cited concerns about {t.sector.military}, and said the step was meant to keep foreign "
        f"know-how from feeding China's military modernization.",
    ))


def p_listing_effect(ctx: Ctx, s: dict) -> str:
    return ctx.pick(_LIST_EFFECTS[s["list_key"]][1]) + " " + ctx.pick((
        "Lawyers said the practical impact would depend on how strictly the rules are enforced.",
        "Several fund managers said they were already reviewing their holdings.",
        "Suppliers said they were studying the notice.",
        ""))


def p_company_denial(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    return ctx.pick((
        f"The {t.city}-based company said in a filing that it is not owned, controlled or affiliated with the "
        f"Chinese military and that it would take steps to protect the interests of its shareholders.",
        f"{t.short} did not immediately respond to a request for comment. The {t.city} firm, one of China's largest "
        f"{t.noun}s, has long denied that its products pose a security risk.",
        f"In a statement, {t.short} called the decision \"a mistake\" and said it would talk to the authorities, "
        f"taking legal action if necessary.",
    ))


def p_market_reaction(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    _, when = ctx.recent_day(3)
    return ctx.pick((
        f"Shares of {t.short} fell {_pct(ctx, 2, 15)} in {t.listed_in} {when}, while the wider market was flat.",
        f"The stock of the {t.noun} slid about {_pct(ctx, 2, 12)} in {t.listed_in} trading before trimming losses.",
        f"Investors shrugged: {t.short}'s shares closed "
        f"{ctx.pick(('little changed', 'slightly higher', 'down less than 1%'))} "
        f"in {t.listed_in}.",
    ))


def p_customers(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    others = s["bystanders"]
    return (f"The stakes are commercial. {t.short} is a major supplier of {ctx.pick(t.sector.products)}, "
            f"and its customers "
            f"include {_join([o.short for o in others])}. Nobody expects deliveries to stop, but the listing "
            f"makes partners nervous.")


def p_background_other(ctx: Ctx, s: dict) -> str:
    other = s["bystanders"][0]
    day, when = ctx.past_month(200, 900)
    lst = s["list"]
    capital = {"eu": "Brussels", "uk": "London"}.get(_region(s["list_key"]), "Washington")
    if s["list_key"] == "unreliable-entity-list":
        capital = "Beijing"
    return ctx.pick((
        f"{lst[:1].upper() + lst[1:]} has become {capital}'s favored tool against foreign technology groups. "
        f"{other.full} has been on it since {MONTHS[day.month - 1]} {day.year}.",
        f"The move follows earlier actions: {other.short} was placed on {lst} {when} and has since lost access to "
        f"key suppliers.",
    ))


def p_ministry(ctx: Ctx, s: dict) -> str:
    return ctx.pick((
        "China's foreign ministry called the step an arbitrary suppression of Chinese businesses.",
        "Beijing urged Washington to stop what it called discrimination against Chinese firms, and said it would "
        "take necessary measures to protect their rights.",
        "A spokesperson for China's commerce ministry said the country firmly opposed the decision.",
    )) + " " + ctx.pick(("", "Analysts expect further additions before the end of the year.",
                         "Trade groups warned of higher costs for American suppliers."))


def p_lift_lead(ctx: Ctx, s: dict) -> str:
    t, auth, lst = s["targets"][0], s["authority"], s["list"]
    _, when = s["when"]
    penalty = f"${ctx.rng.randint(1, 15) * 100} million"
    return ctx.pick((
        f"{ctx.dateline()}{_cap(auth)} {when} removed {t.full} from {lst}, ending restrictions that had stopped "
        f"American firms from selling parts and software to the {t.noun}, after the company paid a {penalty} penalty.",
        f"{ctx.dateline()}{_cap(auth)} has lifted the restrictions on {t.full}, the {t.city}-based {t.noun}, taking it "
        f"off {lst} {when} as part of a settlement that included a {penalty} fine.",
    ))


def p_lift_background(ctx: Ctx, s: dict) -> str:
    t, auth, lst = s["targets"][0], s["authority"], s["list"]
    day, when = s["start"]
    return ctx.pick((
        f"Quick recap: {auth} had put {t.short} on {lst} {when}, saying it had broken the terms of an earlier "
        f"settlement. Cut off from U.S. chips, the company stopped its main operations within weeks.",
        f"The company was first named {when}, when officials accused it of {t.sector.military}.",
    ))


def p_lift_conditions(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    years = ctx.rng.randint(5, 10)
    return (f"Officials keep a leash on the company. A fresh {years}-year order stays on the books in suspended form, "
            f"ready to be switched on if {t.short} breaks its promises, and a compliance team chosen by the "
            f"department will sit inside the firm.")


def p_injunction_lead(ctx: Ctx, s: dict) -> str:
    t, court, judge = s["targets"][0], s["court"], s["judge"]
    _, when = s["when"]
    lst = s["list"]
    return ctx.pick((
        f"{ctx.dateline()}{_cap(court)} {when} granted {t.full} a preliminary injunction, blocking "
        f"{s['authority']}'s decision to put the {t.noun} on {lst}.",
        f"{t.short} won a reprieve {when}: Judge {judge} of {court} granted the company's request for a preliminary "
        f"injunction and stopped {s['authority']} from enforcing its designation on {lst}.",
        f"A federal judge {when} temporarily blocked {s['authority']} from keeping {t.full} on {lst}. Judge {judge} "
        f"of {court} wrote that the designation was \"arbitrary and capricious\".",
    ))


def p_judge_reasoning(ctx: Ctx, s: dict) -> str:
    t, judge = s["targets"][0], s["judge"]
    last = judge.split()[-1]
    return ctx.pick((
        f"In the case {t.short} Corp. v. Department of Defense, Judge {judge} said the department had provided a "
        f"memo of two pages, and that the facts inside were not enough to support its conclusion.",
        f"{last} found that the company was likely to win on its Administrative Procedure Act claims and would "
        f"suffer irreparable reputational and economic harm without relief.",
        f"The judge considered that {t.short} had a strong chance of winning the main lawsuit, and that without an "
        f"injunction it would suffer damage to its reputation that could not be repaired.",
    ))


def p_designation_background(ctx: Ctx, s: dict) -> str:
    t, auth, lst = s["targets"][0], s["authority"], s["list"]
    day, when = s["start"]
    _, sued = ctx.past_month(20, max(21, (ctx.published - day).days - 5))
    return ctx.pick((
        f"Looking back, {auth} put {t.short} on {lst} {when}, together with several other Chinese enterprises. "
        f"{t.short} sued {sued}.",
        f"Background. {_cap(auth)} added {t.short} to {lst} {when}. The company filed its lawsuit {sued}.",
    ))


def p_ruling_lead(ctx: Ctx, s: dict) -> str:
    t, court, judge, auth = s["targets"][0], s["court"], s["judge"], s["authority"]
    _, when = s["when"]
    return ctx.pick((
        f"Judge {judge} of {court} ruled {when} that {auth}'s decision to keep {t.full} on {s['list']} was "
        f"supported by substantial evidence, a defeat for the {t.city}-based {t.noun}.",
        f"{ctx.dateline()}{_cap(court)} {when} upheld {auth}'s designation of {t.full}, siding with the government "
        f"over the company's place on {s['list']}.",
    ))


def p_appeal(ctx: Ctx, s: dict) -> str:
    t, appeal = s["targets"][0], s["appeal_court"]
    _, when = ctx.recent_day(4)
    return ctx.pick((
        f"{t.short} filed a notice of appeal with {appeal} {when}. In a statement, the company said it disagreed "
        f"with the decision and stressed that no evidence showed its products had been used for military purposes.",
        f"The company said it would appeal to {appeal}, arguing that the ruling misread the record.",
    ))


def p_final_order(ctx: Ctx, s: dict) -> str:
    t, court = s["targets"][0], s["court"]
    _, when = ctx.recent_day(5)
    return (f"{when[:1].upper() + when[1:]} {court} entered a final order vacating the designation of {t.short}, after "
            f"the department said it would not keep defending it.")


def p_eu_lead(ctx: Ctx, s: dict) -> str:
    t, court = s["targets"][0], s["court"]
    _, when = s["when"]
    return ctx.pick((
        f"{_cap(court)} has annulled the sanctions against {t.full}. In a judgment rendered {when}, the judges "
        f"annulled the acts by which {s['authority']} had put the company on {s['list']}.",
        f"{_cap(court)} {when} struck down the listing of {t.full} on {s['list']}, ruling that the evidence "
        f"produced by {s['authority']} was not sufficient to support the allegations.",
    ))


def p_eu_delisting(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    _, when = ctx.recent_day(6)
    return (f"{when[:1].upper() + when[1:]}, by an implementing decision published in the Official Journal, "
            f"{s['authority']} finally removed {t.short} from {s['list']}. The sanctions are thus lifted and the funds "
            f"of the group are no longer frozen.")


def p_fcc_lead(ctx: Ctx, s: dict) -> str:
    targets = s["targets"]
    _, when = s["when"]
    return (f"The Federal Communications Commission {when} formally designated {_join([t.full for t in targets])} "
            f"as national security threats to U.S. communications networks, shutting the Chinese vendors out of the "
            f"agency's ${ctx.rng.randint(2, 9)}.{ctx.rng.randint(0, 9)} billion-a-year Universal Service Fund.")


def p_fcc_detail(ctx: Ctx, s: dict) -> str:
    return ("For small rural carriers, many of which bought the Chinese gear because it was cheap, the orders mean "
            "federal support can no longer be spent to buy, maintain or upgrade that equipment. Carriers say a "
            "rip-and-replace project will cost far more than Congress has offered to pay.")


def p_results_lead(ctx: Ctx, s: dict) -> str:
    c, money = s["company"], s["money"]
    year, q, adj, noun = s["quarter"]
    rev = s["revenue"]
    _, when = ctx.recent_day(3)
    change = _pct(ctx, 1, 70)
    verb = ctx.pick(("fall", "drop")) if s["decline"] else ctx.pick(("rise", "jump"))
    return ctx.pick((
        f"{ctx.dateline()}{c.full} {when} reported a {change} {verb} in {adj} revenue, as the {c.noun} "
        f"{'struggled with weak demand' if s['decline'] else 'picked up buyers abroad'}.",
        f"{c.full} said {when} that revenue for {noun} reached {_money(ctx, money, rev)}, "
        f"{'down' if s['decline'] else 'up'} {change} from a year earlier.",
        f"{ctx.dateline()}Revenue at {c.full} {'fell' if s['decline'] else 'rose'} {change} year on year in {noun}, "
        f"to {_money(ctx, money, rev)}, the {c.city}-based company said {when}.",
    ))


def p_results_profit(ctx: Ctx, s: dict) -> str:
    c, money = s["company"], s["money"]
    profit = s["revenue"] * ctx.rng.uniform(0.02, 0.15)
    change = _pct(ctx, 1, 90)
    measure = ctx.pick(("Net profit", "Adjusted net profit", "Operating profit", "Net income"))
    if s["loss"]:
        return (f"The {c.noun} swung to a net loss of {_money(ctx, money, profit)}, compared with a profit of "
                f"{_money(ctx, money, profit * ctx.rng.uniform(0.3, 1.5))} in the same period a year earlier.")
    return ctx.pick((
        f"{measure} {'fell' if s['decline'] else 'rose'} {change} from a year earlier to {_money(ctx, money, profit)}.",
        f"{measure} came to {_money(ctx, money, profit)}, {'down' if s['decline'] else 'up'} {change} on the same "
        f"quarter last year.",
    ))


def p_results_segment(ctx: Ctx, s: dict) -> str:
    c, money = s["company"], s["money"]
    seg = ctx.pick(c.sector.segments)
    share = s["revenue"] * ctx.rng.uniform(0.2, 0.6)
    return ctx.pick((
        f"Revenue from {seg} grew {_pct(ctx, 1, 40)} year on year to {_money(ctx, money, share)}, while other "
        f"businesses were broadly flat.",
        f"The {seg} business brought in {_money(ctx, money, share)}, an increase of {_pct(ctx, 1, 30)}.",
        f"Sales of {seg} fell {_pct(ctx, 1, 25)} to {_money(ctx, money, share)} as customers delayed orders.",
    ))


def p_results_shipments(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    units = ctx.rng.uniform(2, 80)
    firm = ctx.pick(RESEARCH)
    return ctx.pick((
        f"{c.short} shipped {units:.1f} million {ctx.pick(c.sector.products)} in the quarter, {_pct(ctx, 1, 60)} more "
        f"than a year before, according to {firm}.",
        f"Data released by research firm {firm} showed {c.short} shipping {units:.1f} million "
        f"{ctx.pick(c.sector.products)}, giving it a {_pct(ctx, 3, 25)} share of the global market.",
        f"Citing {firm}, {c.short} said its share of the global market reached {_pct(ctx, 3, 25)}, keeping it in "
        f"{ctx.pick(('second', 'third', 'fourth'))} place.",
    ))


def p_results_outlook(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    who = f"{ctx.pick(EXEC_TITLES)} {_person(ctx.rng)}"
    return ctx.pick((
        f"On a call with analysts, {who} said a worldwide shortage of components was raising costs, but that the "
        f"company would keep prices keen rather than chase higher margins.",
        f"{_cap(who)} described the outlook as \"cautiously optimistic\" and said component prices appear to have "
        f"bottomed out.",
        f"Management said the watchword for the coming year is \"scale and profitability\", which in practice "
        f"means fewer low-end models and tighter control of inventory at {c.short}.",
    ))


def p_results_ban_context(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    _, when = ctx.past_month(90, 700)
    lst = _list_name(ctx, "entity-list")
    return (f"The figures show the company has largely absorbed the impact of U.S. restrictions. {c.short} was "
            f"added to {lst} {when}, cutting it off from some American components.")


def p_results_staff(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    n = ctx.rng.randint(2_000, 200_000)
    return (f"{c.short}, which employs around {n:,} people, said it would keep investing in research and "
            f"development rather than cut back.")


def p_annual_lead(ctx: Ctx, s: dict) -> str:
    c, money = s["company"], s["money"]
    year = ctx.published.year - 1
    change = _pct(ctx, 1, 40)
    return ctx.pick((
        f"{c.full} grew its sales by {change} last year, as strength at home offset weaker foreign markets.",
        f"Full-year {year} revenue at {c.full} came to {_money(ctx, money, s['revenue'] * 4)}, "
        f"{'down' if s['decline'] else 'up'} {change} from {year - 1}.",
        f"{c.full} said group revenue for {year} came to {_money(ctx, money, s['revenue'] * 4)}, "
        f"an increase of {change}.",
    ))


def p_market_lead(ctx: Ctx, s: dict) -> str:
    firm = s["firm"]
    year, q, adj, noun = s["quarter"]
    total = ctx.rng.uniform(50, 400)
    return (f"Global shipments of {s['product']} {'fell' if s['decline'] else 'rose'} {_pct(ctx, 1, 15)} year on year "
            f"in {noun}, to {total:.1f} million units, according to preliminary figures from research firm {firm}.")


def p_market_shares(ctx: Ctx, s: dict) -> str:
    cs = s["players"]
    shares = sorted((ctx.rng.uniform(4, 25) for _ in cs), reverse=True)
    rest = [f"{c.short} at {v:.1f}%" for c, v in zip(cs[1:], shares[1:])]
    return (f"{cs[0].short} led the market with a {shares[0]:.1f}% share of shipments, followed by "
            f"{_join(rest)}.")


def p_market_units(ctx: Ctx, s: dict) -> str:
    a, b = ctx.rng.sample(s["players"], 2)
    ua, ub = ctx.rng.uniform(5, 80), ctx.rng.uniform(5, 60)
    return (f"By volume, {a.short} shipped {ua:.1f} million {s['product']}, {_pct(ctx, 1, 30)} "
            f"{ctx.pick(('fewer', 'more'))} than in the same quarter a year earlier. {b.short}'s {ub:.1f} million "
            f"units represented {ctx.pick(('growth', 'a decline'))} of {_pct(ctx, 1, 40)}.")


def p_results_outlook_market(ctx: Ctx, s: dict) -> str:
    return ("Looking ahead, the research firm expects shipments to recover modestly in the second half, helped by "
            "new launches and easing component shortages, though it warned that consumer spending remains fragile.")


def p_feature_design(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    return (f"{c.short}'s newest model keeps to the same size as before, but for the first time it does not feel "
            f"like a compromise. The body has been redesigned around a larger sensor, and the arms fold in the same "
            f"way as before, which makes it easy to carry.")


def p_feature_camera(ctx: Ctx, s: dict) -> str:
    return (f"The {ctx.pick(('1/1.3-inch', '1-inch', '1/2-inch'))} sensor captures "
            f"{ctx.rng.choice((12, 48, 50))}-megapixel "
            f"stills and 4K video at up to {ctx.rng.choice((30, 60, 120))} frames per second. In bright light the "
            f"footage is crisp and the colours are natural; at dusk there is some noise.")


def p_feature_battery(ctx: Ctx, s: dict) -> str:
    return (f"The maker quotes {ctx.rng.randint(25, 45)} minutes on the standard battery. In my tests, with a bit of "
            f"wind on the coast, I landed with {ctx.rng.randint(10, 30)}% left after about {ctx.rng.randint(20, 35)} "
            f"minutes. The optional larger battery stretches that further but adds weight.")


def p_feature_price(ctx: Ctx, s: dict) -> str:
    return (f"Here is the catch. The base model costs €{ctx.rng.randint(300, 900)} and the kit with a controller "
            f"€{ctx.rng.randint(900, 1500)}, which is a lot of money for a device in this class, though the build "
            f"quality is excellent.")


def p_feature_verdict(ctx: Ctx, s: dict) -> str:
    return ("Should you buy it? If you want something that fits in a jacket pocket and shoots footage good enough "
            "for paid work, yes. Beginners on a budget should look at the older model, which is still on sale.")


def p_listing_scope(ctx: Ctx, s: dict) -> str:
    n = ctx.rng.randint(len(s["targets"]) + 2, 90)
    china = ctx.rng.randint(1, n)
    return (f"In all, {n} entities were named, about {china} of them in China. {_cap(s['authority'])} said some had "
            f"helped acquire sensitive items, some had supported militarization in the South China Sea, and others "
            f"had enabled abuses through high-technology surveillance. "
            + ctx.pick(("The full list runs to several pages.", "The notice takes effect immediately.",
                        f"The additions take the list to {n + ctx.rng.randint(20, 300)} names.")))


def p_official_quote(ctx: Ctx, s: dict) -> str:
    who = _person(ctx.rng)
    t = s["targets"][0]
    return ctx.pick((
        f"{who}, a senior official, said in a statement that the aim was to protect national security, and described "
        f"{t.short} as a national champion with ties to the country's defense industry. \"We will not allow our "
        f"technology to be used against us,\" {who.split()[-1]} said.",
        f"Speaking to reporters, {who} said the review had been \"careful and thorough\" and that the agency would "
        f"keep adding names as evidence emerges. Companies can ask to be removed, but few have succeeded.",
    ))


def p_suppliers(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    a, b = ctx.pick((("Applied Materials", "Lam Research"), ("Qualcomm", "Intel"), ("Nvidia", "Micron"),
                     ("Oracle", "Microsoft")))
    return (f"American suppliers are watching closely. {t.short} buys much of its production gear and many "
            f"components from firms such as {a} and {b}, which had been bracing for lost orders. "
            + ctx.pick(("Their shares dipped on the news.", "Neither company commented.",
                        "Both said they would comply with the rules.")))


def p_history(ctx: Ctx, s: dict) -> str:
    day, when = ctx.past_month(400, 1500)
    return ctx.pick((
        f"The roster was first published {when} and has grown steadily since. Officials used it to name companies "
        f"they say are linked to the Chinese military, a label the companies reject.",
        f"Lists like this one have multiplied since {day.year}, as governments look for tools that bite without "
        f"the cost of a full trade embargo. Critics say the criteria remain opaque.",
    ))


def p_next_steps(ctx: Ctx, s: dict) -> str:
    t = s["targets"][0]
    return ctx.pick((
        f"What happens next is unclear. {t.short} can ask to be taken off the list, challenge the decision in court "
        f"or wait for a change of administration, and lawyers say all three routes are slow.",
        f"The company has 30 days to respond. People familiar with the matter said {t.short} was weighing a "
        f"lawsuit, as other companies have done with mixed success.",
    ))


def p_results_margin(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    return ctx.pick((
        f"Gross margin improved to {ctx.rng.uniform(10, 45):.1f}% from {ctx.rng.uniform(8, 40):.1f}% a year ago, "
        f"helped by a richer product mix and lower component costs. {c.short} said it expects margins to stay "
        f"under pressure from competition.",
        "Margins were squeezed. The company blamed higher memory prices and heavier marketing spending, and said "
        "it would rather hold prices than lose share to rivals.",
    ))


def p_results_regions(ctx: Ctx, s: dict) -> str:
    return ctx.pick((
        f"The domestic market did most of the heavy lifting. Revenue in China grew {_pct(ctx, 1, 30)} and now "
        f"accounts for {ctx.rng.uniform(40, 80):.1f}% of the total, while overseas sales fell {_pct(ctx, 1, 20)}.",
        f"Sales outside mainland China rose {_pct(ctx, 1, 40)}, with Europe and Latin America the fastest-growing "
        f"regions, the company said. India was weaker after a regulatory dispute.",
    ))


def p_results_sequential(ctx: Ctx, s: dict) -> str:
    money = s["money"]
    prev = s["revenue"] * ctx.rng.uniform(0.8, 1.2)
    return (f"Compared with the previous quarter, revenue was {_pct(ctx, 1, 15)} "
            f"{ctx.pick(('higher', 'lower'))}; the company had taken in {_money(ctx, money, prev)} in the three months "
            f"before.")


_INVESTMENTS = ("artificial intelligence", "research and development", "new factories", "electric vehicles")


def p_results_spending(ctx: Ctx, s: dict) -> str:
    c, money = s["company"], s["money"]
    return (f"{c.short} also confirmed plans to spend an additional {_money(ctx, money, s['revenue'] * 0.05)} over "
            f"three years on {ctx.pick(_INVESTMENTS)}, "
            f"covering devices, infrastructure and services for corporate customers.")


def p_results_shares(ctx: Ctx, s: dict) -> str:
    c = s["company"]
    return (f"Shares in the {c.listed_in}-listed company were {ctx.pick(('little changed', 'up about 3%', 'down 2%'))} "
            f"after the announcement. Analysts had expected {'a weaker' if s['decline'] else 'a stronger'} result, "
            f"according to a poll of brokers.")


def p_market_region(ctx: Ctx, s: dict) -> str:
    return ctx.pick((
        "Most of the weakness came from China, where volumes dipped to their lowest level in almost five years. "
        "Demand in India and Southeast Asia held up better.",
        "Emerging markets drove the growth, while Western Europe and North America were broadly flat as buyers "
        "kept their devices for longer.",
    ))


def p_market_analyst(ctx: Ctx, s: dict) -> str:
    return (f"{s['firm']}'s analysts argue that the market is maturing rather than collapsing: fewer people are buying "
            f"their first device, but those upgrading are choosing more expensive models, so total spending can keep "
            f"growing even while unit numbers stall.")


def p_market_prices(ctx: Ctx, s: dict) -> str:
    return (f"Average selling prices rose {_pct(ctx, 1, 12)} overall, and by more in China, where buyers increasingly "
            f"opted for pricier models.")


FILLERS = (
    "Analysts said the episode showed how far technology has become a front line in the rivalry between "
    "Washington and Beijing.",
    "Index providers will publish their own schedules over the coming weeks, and fund managers said they were "
    "checking their exposure.",
    "The company's shares have lost about a third of their value over the past year, as investors worried about "
    "the political climate.",
    "Lawyers expect decisions built on a narrower footing to hold up better in court than earlier ones did.",
    "Industry groups in the United States have warned that broad restrictions risk hurting American suppliers "
    "more than their intended targets.",
    "Executives have repeatedly said the business is independent of the Chinese state and would keep serving "
    "customers around the world.",
    "Whatever happens in Washington, demand in markets where its ownership attracts less political heat is "
    "expected to keep growing.",
    "That is it for this week. Back on Monday.",
)


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True)
class Kind:
    name: str
    weight: float
    setup: Callable[[Ctx], dict]
    lead: tuple[Para, ...]
    body: tuple[Para, ...]
    title: Callable[[Ctx, dict], str]


def _legal_setup(ctx: Ctx, lists: tuple[str, ...], n_targets: tuple[int, int] = (1, 3)) -> dict:
    taken: set[str] = set()
    list_key = ctx.pick(lists)
    auth_key = ctx.pick(_LIST_EFFECTS[list_key][0])
    region = _region(list_key)
    first, appeal = _COURTS[region]
    targets = [make_company(ctx.rng, taken) for _ in range(ctx.rng.randint(*n_targets))]
    return {
        "list_key": list_key, "list": _list_name(ctx, list_key), "authority": _authority(ctx, auth_key),
        "targets": targets, "bystanders": [make_company(ctx.rng, taken) for _ in range(3)],
        "when": ctx.recent_day(), "start": ctx.past_month(60, 700),
        "court": _court(ctx, ctx.pick(first)), "appeal_court": _court(ctx, ctx.pick(appeal)),
        "judge": _person(ctx.rng),
    }


_US_LISTS = ("entity-list", "chinese-communist-military-companies", "section-1260h-list", "ns-cmic-list",
             "sdn-list", "unverified-list")
_ALL_LISTS = _US_LISTS + ("eu-sanctions-list", "uk-sanctions-list", "unreliable-entity-list")


def _results_setup(ctx: Ctx) -> dict:
    taken: set[str] = set()
    c = make_company(ctx.rng, taken)
    money = ctx.pick(CURRENCIES)
    return {"company": c, "money": money, "quarter": _quarter(ctx),
            "revenue": money.scale * ctx.rng.uniform(0.2, 5.0), "decline": ctx.chance(0.35),
            "loss": ctx.chance(0.12)}


def _market_setup(ctx: Ctx) -> dict:
    taken: set[str] = set()
    sector = ctx.pick(SECTORS)
    players = [make_company(ctx.rng, taken) for _ in range(ctx.rng.randint(3, 5))]
    return {"firm": ctx.pick(RESEARCH), "quarter": _quarter(ctx), "players": players,
            "product": ctx.pick(sector.products), "decline": ctx.chance(0.4)}


KINDS = (
    Kind("listing", 0.22, lambda ctx: _legal_setup(ctx, _ALL_LISTS, (1, 4)), (p_listing_lead,),
         (p_listing_reason, p_listing_effect, p_company_denial, p_market_reaction, p_customers,
          p_background_other, p_ministry, p_listing_scope, p_official_quote, p_suppliers, p_history, p_next_steps),
         lambda ctx, s: f"{s['targets'][0].short} added to {s['list'].removeprefix('the ')}"),
    Kind("lifted", 0.08, lambda ctx: _legal_setup(ctx, ("entity-list", "unverified-list", "sdn-list"), (1, 1)),
         (p_lift_lead,), (p_lift_background, p_lift_conditions, p_customers, p_market_reaction, p_ministry,
                          p_suppliers, p_official_quote, p_history),
         lambda ctx, s: f"{s['targets'][0].short} is back in business as restrictions end"),
    Kind("injunction", 0.12, lambda ctx: _legal_setup(ctx, ("chinese-communist-military-companies",
                                                            "section-1260h-list", "entity-list"), (1, 1)),
         (p_injunction_lead,), (p_judge_reasoning, p_designation_background, p_company_denial, p_market_reaction,
                                p_final_order, p_customers, p_history, p_listing_effect, p_next_steps),
         lambda ctx, s: f"Judge blocks {s['targets'][0].short} designation"),
    Kind("ruling", 0.08, lambda ctx: _legal_setup(ctx, ("section-1260h-list", "chinese-communist-military-companies",
                                                        "ns-cmic-list"), (1, 1)),
         (p_ruling_lead,), (p_appeal, p_designation_background, p_customers, p_company_denial, p_listing_effect,
                          p_judge_reasoning, p_history, p_market_reaction),
         lambda ctx, s: f"{s['targets'][0].short} appeals after judge upholds label"),
    Kind("eu-court", 0.05, lambda ctx: _legal_setup(ctx, ("eu-sanctions-list", "uk-sanctions-list"), (1, 2)),
         (p_eu_lead,), (p_eu_delisting, p_company_denial, p_customers, p_background_other, p_listing_effect,
                          p_history, p_next_steps),
         lambda ctx, s: f"Court annuls sanctions against {s['targets'][0].short}"),
    Kind("fcc", 0.05, lambda ctx: _legal_setup(ctx, ("fcc-covered-list",), (1, 3)),
         (p_fcc_lead,), (p_fcc_detail, p_company_denial, p_background_other, p_ministry, p_customers,
                          p_official_quote, p_suppliers, p_history),
         lambda ctx, s: f"FCC names {s['targets'][0].short} a national security threat"),
    Kind("quarterly", 0.22, _results_setup, (p_results_lead,),
         (p_results_profit, p_results_segment, p_results_shipments, p_results_outlook, p_results_ban_context,
          p_results_staff, p_results_margin, p_results_regions, p_results_sequential, p_results_spending,
          p_results_shares),
         lambda ctx, s: f"{s['company'].short} {'revenue slips' if s['decline'] else 'revenue climbs'} in the "
                        f"{s['quarter'][2].replace('-quarter', ' quarter')}"),
    Kind("annual", 0.08, _results_setup, (p_annual_lead,),
         (p_results_profit, p_results_segment, p_results_staff, p_results_outlook, p_results_shipments,
          p_results_margin, p_results_regions, p_results_spending, p_results_shares, p_results_ban_context),
         lambda ctx, s: f"{s['company'].short}'s year in numbers"),
    Kind("market", 0.06, _market_setup, (p_market_lead,),
         (p_market_shares, p_market_units, p_market_region, p_market_analyst,
                                   p_market_prices, p_results_outlook_market),
         lambda ctx, s: f"{s['firm']}: {s['product']} shipments {'fall' if s['decline'] else 'rise'}"),
    Kind("feature", 0.04, _results_setup, (), (p_feature_design, p_feature_camera, p_feature_battery,
                                               p_feature_price, p_feature_verdict),
         lambda ctx, s: f"Review: {s['company'].short}'s new flagship"),
)


def _words(text: str) -> int:
    return len(text.split())


def article(seed: int, index: int) -> tuple[str, str]:
    """Article ``index`` of the corpus for ``seed``: (file stem, file text)."""
    rng = random.Random(f"newskg-bench:{seed}:{index}")
    published = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
    ctx = Ctx(rng=rng, published=published, publisher=rng.choice(PUBLISHERS))
    kind = rng.choices(KINDS, weights=[k.weight for k in KINDS])[0]
    s = kind.setup(ctx)
    budget = rng.randint(MIN_WORDS + 20, MAX_WORDS - 20)
    paragraphs = [p(ctx, s) for p in kind.lead]
    body = list(dict.fromkeys(kind.body))  # each paragraph kind at most once
    rng.shuffle(body)
    fillers = list(FILLERS)
    rng.shuffle(fillers)
    cut = rng.randint(0, 2)
    seen: set[str] = set(paragraphs)
    # body paragraphs and up to two fillers up to the budget; more fillers only to reach MIN_WORDS
    for n, text in enumerate([p(ctx, s).strip() for p in body] + fillers[:cut] + [""] + fillers[cut:]):
        total = sum(map(_words, paragraphs))
        if total >= budget or (n > len(body) + cut and total >= MIN_WORDS + 5):
            break
        if text and text not in seen and total + _words(text) <= MAX_WORDS:
            paragraphs.append(text)
            seen.add(text)
    if kind.name in ("quarterly", "annual") and rng.random() < 0.15:
        d = published
        paragraphs.insert(0, f"Markets | Technology\n{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} "
                             f"{d.year} | {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d} HKT")
    if rng.random() < 0.1:
        paragraphs.insert(1 if len(paragraphs) > 1 else 0,
                          f"Visitors walk past a stand at a trade fair in {rng.choice(CITIES)}. Photo: File")

    title = kind.title(ctx, s)
    stem = f"bench_{index:06d}_{kind.name}"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    front = [f'title: "{title}"', f"url: https://example.org/{published:%Y/%m/%d}/{slug}"]
    if rng.random() > 0.03:  # a few undated articles, as in the dev set
        front.append(f"published: {published.isoformat()}")
    front += [f"publisher: {ctx.publisher}", "language: en"]
    text = "---\n" + "\n".join(front) + "\n---\n" + "\n\n".join(paragraphs) + "\n"
    return stem, text


def generator_hash() -> str:
    """Changes whenever this file or the gazetteer entries it reads change: keys cached corpora."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for kind, entries in sorted(gazetteer().items()):
        for key, named in sorted(entries.items()):
            h.update(repr((kind, key, named)).encode("utf-8"))
    return h.hexdigest()[:12]


def write_corpus(out: Path, articles: int, seed: int = 7, start: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + articles):
        stem, text = article(seed, i)
        path = out / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0, help="index of the first article")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "corpus")
    ap.add_argument("--stats", action="store_true", help="print word counts and kinds")
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.articles, args.seed, args.start)
    if args.stats:
        words = sorted(_words(p.read_text(encoding="utf-8").split("---\n", 2)[2]) for p in paths)
        kinds: dict[str, int] = {}
        for p in paths:
            k = p.stem.split("_", 2)[2]
            kinds[k] = kinds.get(k, 0) + 1
        print(f"{len(paths)} articles in {args.out}; words min {words[0]} median {words[len(words) // 2]} "
              f"max {words[-1]}; kinds {kinds}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
