"""Amounts in text: a number with its currency, scale and unit.

A number is read with the currency written before or after it ("US$", "€", "BYN", "euros",
"Swiss francs"), its scale ("billion", "bn", "m") and whether it is a percentage or
percentage points. Numbers that are no amount are left out: a year, the day of a date, a
model number, a device specification ("6.7-inch", "256GB").

>>> [(q.value, q.unit) for q in find_quantities("revenue of more than 7.5 billion euros, up 12.4%")]
[(Decimal('7500000000'), 'CCY_EUR'), (Decimal('12.4'), 'PERCENT')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.extract.date_terms import MONTH_NAMES
from kg.extract.entities import CURRENCY_CODES

CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
                    "gbp": "GBP", "¥": "CNY", "rmb": "CNY", "cny": "CNY", "hk$": "HKD",
                    "hkd": "HKD", "nt$": "TWD", "twd": "TWD", "₩": "KRW", "krw": "KRW",
                    "jpy": "JPY", "inr": "INR", "₹": "INR", "rs": "INR", "chf": "CHF",
                    "c$": "CAD", "a$": "AUD", "s$": "SGD", "yuan": "CNY", "renminbi": "CNY"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                  "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "pound": "GBP", "pounds": "GBP",
                  "sterling": "GBP", "yen": "JPY", "won": "KRW", "rupees": "INR",
                  "hong kong dollars": "HKD", "us dollars": "USD", "u.s. dollars": "USD",
                  "usd": "USD", "eur": "EUR", "cny": "CNY", "hkd": "HKD", "gbp": "GBP",
                  "krw": "KRW", "jpy": "JPY", "twd": "TWD", "taiwan dollars": "TWD",
                  "australian dollars": "AUD", "canadian dollars": "CAD", "singapore dollars": "SGD",
                  "new zealand dollars": "NZD", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB", "rouble": "RUB",
                  "russian rubles": "RUB", "russian roubles": "RUB", "belarusian rubles": "BYN",
                  "belarusian roubles": "BYN", "belarusian ruble": "BYN", "belarusian rouble": "BYN",
                  "russian ruble": "RUB", "russian rouble": "RUB", "swiss francs": "CHF", "swiss franc": "CHF",
                  "kronor": "SEK",
                  "swedish kronor": "SEK", "norwegian kroner": "NOK", "danish kroner": "DKK", "zloty": "PLN",
                  "zlotys": "PLN", "zloties": "PLN", "hryvnia": "UAH", "hryvnias": "UAH", "rupiah": "IDR",
                  "ringgit": "MYR", "baht": "THB", "lira": "TRY", "reais": "BRL"}
SCALES = {"trillion": Decimal("1e12"), "tn": Decimal("1e12"), "trn": Decimal("1e12"),
          "billion": Decimal("1e9"), "bn": Decimal("1e9"), "b": Decimal("1e9"),
          "bln": Decimal("1e9"), "million": Decimal("1e6"), "mn": Decimal("1e6"),
          "m": Decimal("1e6"), "mln": Decimal("1e6"), "thousand": Decimal("1e3"),
          "k": Decimal("1e3"), "milliard": Decimal("1e9"), "milliards": Decimal("1e9")}

# the codes the text may write in any case ("Rmb 5bn"); the others only in capitals ("BYN 71 million",
# not the verb "try")
_ANY_CASE_CODES = ("USD", "EUR", "RMB", "CNY", "HKD", "GBP", "KRW", "JPY", "TWD", "INR", "CHF")
_CUR_PREFIX = (r"(?P<pre>US\$|HK\$|NT\$|C\$|A\$|S\$|\$|€|£|¥|₩|₹|(?:" + "|".join(_ANY_CASE_CODES) + r"|(?-i:"
               + "|".join(c for c in CURRENCY_CODES if c not in _ANY_CASE_CODES) + r"))\s?)")
_NUM = r"(?P<num>\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
_SCALE = r"(?:\s?(?P<scale>trillion|billion|million|thousand|milliards?|bn|trn|tn|bln|mln|mn|b|m|k)\b)?"
_CUR_SUFFIX = (r"(?:\s+(?P<suf>(?:hong kong|us|u\.s\.|taiwan|australian|canadian|singapore|new zealand)\s+dollars|"
               r"(?:belarusian\s+|russian\s+)?r(?:o)?ubles?|swiss\s+francs?|(?:swedish\s+)?kronor|"
               r"(?:norwegian|danish)\s+kroner|zlot(?:y|ys|ies)|hryvnias?|rupiah|ringgit|baht|lira|reais|"
               r"dollars?|euros?|yuan|renminbi|"
               r"rmb|pounds?(?:\s+sterling)?|sterling|yen|won|rupees|usd|eur|cny|hkd|gbp|krw|jpy|twd|(?-i:"
               + "|".join(c for c in CURRENCY_CODES if c not in _ANY_CASE_CODES) + r"))\b)?")
_PCT = r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b|percentage points?\b|pp\b|points?\b))?"
QUANTITY = re.compile(r"(?<![\w.])" + r"(?:" + _CUR_PREFIX + r")?" + _NUM + _SCALE + _CUR_SUFFIX + _PCT,
                      re.I)

# a number followed by a month or after one is the day of a date: "on 10 July", "July 10"
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + MONTH_NAMES + r")\.?\b")
_MONTH_BEFORE = re.compile(r"\b(?:" + MONTH_NAMES + r")\.?\s+$")
# "a 6.7-inch screen", "256GB": a specification; "Galaxy S24", "Section 301": a model or a section
_SPEC_UNIT = re.compile(r"^\s*(?:%\s*)?-?(?:inch|mah|gb|mm|hz|mp)", re.I)
_MODEL_BEFORE = re.compile(r"(?:\b(?:Mi|Galaxy|iPhone|Pixel|Redmi|Mate|P|Q|Section|No\.|H|Model)|#)\s?$")
# a name inside a sentence right before a bare number: "million Vexa 7 handsets" (not "About 300 jobs")
_NAME_BEFORE = re.compile(r"(?<=[a-z,])\s+[A-Z][A-Za-z]*[a-z][A-Za-z]*\s$")
# the country an article is about, also from a dateline in capitals ("OSAKA —")
JAPAN = re.compile(r"\b(?:yen|Japan|Japanese|(?i:Tokyo|Osaka|Kyoto|Nagoya|Yokohama|Kobe|Fukuoka))\b")
CHINA = re.compile(r"\b(?:yuan|RMB|China|Chinese|(?i:Hong Kong|Beijing|Shanghai|Shenzhen|Hangzhou|Guangzhou|"
                   r"Chengdu|Wuhan|Nanjing|Tianjin|Chongqing|Suzhou|Xiamen|Dongguan|Zhuhai|Qingdao))\b")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: Decimal
    unit: str  # CCY_xxx, PERCENT, NUM
    points: bool = False  # percentage points: not a relative change
    yen_sign: bool = False  # written with "¥" alone: yuan or yen, as the article's country says


def yen_sign_is_yen(text: str) -> bool:
    """Whether "¥" in ``text`` is the yen: the article says more about Japan than about China."""
    return len(JAPAN.findall(text)) > len(CHINA.findall(text))


def find_quantities(sentence: str) -> list[Quantity]:
    """Every amount in ``sentence``, in order."""
    out: list[Quantity] = []
    for m in QUANTITY.finditer(sentence):
        if _no_amount(sentence, m):
            continue
        value = _number(m["num"])
        scale = (m["scale"] or "").lower()
        if scale:
            value *= SCALES[scale]
        pct = (m["pct"] or "").lower()
        if pct.startswith(("point", "pp", "percentage")):
            out.append(Quantity(m.start(), m.end(), value, "PERCENT", points=True))
            continue
        unit = "PERCENT" if pct else _currency_unit(m)
        if unit == "NUM" and scale and out and out[-1].unit.startswith("CCY_") and _BASE_BETWEEN.fullmatch(
                sentence, out[-1].end, m.start()):
            unit = out[-1].unit  # "rose to 598 million euros from 409 million": the currency is not said twice
        out.append(Quantity(m.start(), m.end(), Decimal(format(value.normalize(), "f")), unit,
                            yen_sign=(m["pre"] or "").strip() == "¥" and not m["suf"]))
    return out


_BASE_BETWEEN = re.compile(r"\s+(?:from|against|compared\s+(?:with|to)|versus|vs\.?)\s+"
                           r"(?:(?:about|around|roughly|nearly)\s+)?")


# the hours and minutes of a time of day: "09:05"
_CLOCK_AFTER = re.compile(r":[0-5]\d(?!\d)")
_CLOCK_BEFORE = re.compile(r"(?<!\d)\d{1,2}:$")


def _no_amount(sentence: str, m: re.Match[str]) -> bool:
    """A number that is no amount: a specification or model number, a year, the day of a date,
    or "5G", "3m" with no currency (too ambiguous)."""
    if _SPEC_UNIT.match(sentence[m.end():m.end() + 12]) or _MODEL_BEFORE.search(
            sentence[max(0, m.start() - 12):m.start()]):
        return True
    if m["pre"] or m["suf"]:
        return False
    if not (m["scale"] or m["pct"]):
        if _CLOCK_AFTER.match(sentence, m.end()) or _CLOCK_BEFORE.search(sentence, max(0, m.start() - 3), m.start()):
            return True  # "09:05", a time of day (a live blog's entry)
        if re.fullmatch(r"\d{1,3}", m["num"]) and _NAME_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            return True  # "shipped 3 million Vexa 7 handsets": a product's model number
        return re.fullmatch(r"(?:19|20)\d\d", m["num"]) is not None or bool(
            _MONTH_AFTER.match(sentence, m.end()) or _MONTH_BEFORE.search(sentence, max(0, m.start() - 12), m.start()))
    return (m["scale"] or "").lower() in ("b", "k")


def _number(text: str) -> Decimal:
    text = text.replace("\u202f", "").replace("\xa0", "")
    if re.fullmatch(r"\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?", text):
        text = re.sub(r"[,\s]", "", text)
    elif re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")  # decimal comma, "9,8 milliards"
    elif "," in text:
        text = text.replace(",", "")
    return Decimal(text)


def _currency_unit(m: re.Match[str]) -> str:
    """CCY_ and the currency written before or after the number (the one after wins), else NUM."""
    code = None
    if m["pre"]:
        code = CURRENCY_SYMBOLS.get(m["pre"].strip().lower(), _iso_code(m["pre"]))
    if m["suf"]:
        code = CURRENCY_WORDS.get(" ".join(m["suf"].lower().split()).replace(" sterling", ""),
                                  _iso_code(m["suf"]) or code)
    return f"CCY_{code}" if code else "NUM"


def _iso_code(word: str) -> str | None:
    """An ISO 4217 code written as such ("BYN 71.1 million"): the currency itself."""
    word = word.strip()
    return word if word in CURRENCY_CODES else None
