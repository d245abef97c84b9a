"""A company name reduced to what identifies it, so that two spellings can be compared.

:mod:`kg.resolve` joins entities whose names have one *form*, and :mod:`kg.lookup`
finds the entity a user names the same way; both read names through here:

- :func:`plain_words`: the name's words without its legal form ("Co., Ltd.", "PJSC"),
  folded to ASCII and lower case;
- :func:`name_form`: those words, each singular: "Norvik Shipping" and "Norvik Energy"
  stay two forms, "Tongzhen Robotics Co., Ltd." and "Tongzhen Robotics" are one;
- :func:`skeleton`: a form's spelling without the differences of transliteration and
  spacing ("Sovkomflot"/"Sovcomflot", "Zhong Xing"/"Zhongxing");
- :func:`initials` and :func:`is_acronym`: what an acronym ("CSSC") can stand for.

>>> name_form("Norvik Shipping Ltd"), skeleton(name_form("Sovkomflot")) == skeleton(name_form("Sovcomflot"))
(('norvik', 'shipping'), True)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

Form = tuple[str, ...]  # what name_form returns: a name's identifying words

# cleanco's legal terms that are also ordinary words or places: never removed.
_NOT_LEGAL = frozenset({"uk", "eu", "private", "ent", "et", "ok", "cic", "bank", "pp", "pc", "ps"})
# Legal forms written before the name, or missed by cleanco's table (Russian and
# Belarusian joint-stock companies), as token sequences.
_PREFIX_FORMS = tuple(tuple(t.split()) for t in (
    "public joint stock company", "open joint stock company", "closed joint stock company",
    "joint stock company", "limited liability company", "pjsc", "ojsc", "cjsc", "jsc", "pao",
    "oao", "zao", "ooo", "ao", "llc", "tov", "ltd", "oy"))
_EXTRA_SUFFIXES = frozenset({"pjsc", "ojsc", "cjsc", "jsc", "pao", "oao", "zao", "ooo",
                             "aktiengesellschaft", "corp", "corporation", "co", "company",
                             "inc", "ltd", "limited", "plc", "llc"})
# Small words an acronym may leave out ("Bank of China" is "BOC" or "BC").
STOP_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "des", "la", "le", "y", "und", "a"})



@lru_cache(maxsize=1)
def _cleanco_terms() -> list[tuple[int, list[str]]]:
    from cleanco import prepare_default_terms

    return [t for t in prepare_default_terms() if not (t[0] == 1 and t[1][0] in _NOT_LEGAL)]


def fold(text: str) -> str:
    text = text.replace("ß", "ss").replace("’", "'")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode("ascii")


def _singular(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def plain_words(name: str) -> tuple[str, ...]:
    """A name's words without its legal form, as written (ASCII, lower case): what node
    paths are made of. Never empty: a name that is nothing but a legal form keeps its words.

    >>> plain_words("Tongzhen Robotics Co., Ltd."), plain_words("PJSC Sovcomflot")
    (('tongzhen', 'robotics'), ('sovcomflot',))
    """
    from cleanco import basename

    text = fold(name).strip()
    text = re.sub(r"(?i)^the\s+", "", text)
    text = re.sub(r"(?i)['`]s\b", "", text)
    cleaned = text
    for _ in range(4):
        stripped = basename(cleaned, terms=_cleanco_terms())
        if not stripped.strip() or stripped == cleaned:
            break
        cleaned = stripped
    tokens = [t for t in re.split(r"[^a-z0-9]+", cleaned.lower().replace("&", " and ")) if t]
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for form in _PREFIX_FORMS:
            if tuple(tokens[:len(form)]) == form and len(tokens) > len(form):
                tokens = tokens[len(form):]
                changed = True
        while len(tokens) > 1 and tokens[-1] in _EXTRA_SUFFIXES:
            tokens.pop()
            changed = True
    if not tokens:
        tokens = [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t] or ["x"]
    return tuple(tokens)


@lru_cache(maxsize=65536)
def name_form(name: str) -> tuple[str, ...]:
    """The words that identify a name: :func:`plain_words`, each singular. No word but a
    legal form is ever dropped.

    >>> name_form("Tongzhen Robotics Co., Ltd.")
    ('tongzhen', 'robotic')
    >>> name_form("PJSC Sovcomflot"), name_form("Norvik Energy ASA")
    (('sovcomflot',), ('norvik', 'energy'))
    """
    return tuple(_singular(t) for t in plain_words(name))


_SKELETON_RULES = (("kh", "h"), ("ch", "\x01"), ("ks", "x"), ("ck", "k"), ("c", "k"), ("\x01", "ch"),
                   ("ph", "f"), ("w", "v"), ("y", "i"), ("j", "i"), ("ie", "i"), ("ou", "u"))


@lru_cache(maxsize=65536)
def skeleton(form: tuple[str, ...]) -> str:
    """A form's spelling with the differences of transliteration and spacing removed:
    "Sovkomflot" and "Sovcomflot", "Zhong Xing" and "Zhongxing", "Uralkaliy" and
    "Uralkali" have one skeleton.

    >>> skeleton(name_form("Zhong Xing")) == skeleton(name_form("Zhongxing"))
    True
    """
    text = "".join(form)
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


def is_acronym(surface: str) -> bool:
    word = surface.strip()
    return 2 <= len(word) <= 6 and " " not in word and word.upper() == word and any(c.isalpha() for c in word)


def initials(name: str) -> set[str]:
    """Acronyms a name can have: the initials of its words, with and without the legal
    form and the small words ("of", "and")."""
    words = [w for w in re.split(r"[^a-z0-9]+", fold(name).lower()) if w]
    out = {"".join(w[0] for w in words)}
    out.add("".join(w[0] for w in words if w not in STOP_WORDS))
    form = name_form(name)
    out.add("".join(w[0] for w in form))
    out.add("".join(w[0] for w in form if w not in STOP_WORDS))
    return {o for o in out if len(o) >= 2}


def starts(longer: Form, shorter: Form) -> bool:
    """``shorter`` is the first words of ``longer`` ("Norvik" of "Norvik Shipping")."""
    return len(shorter) < len(longer) and longer[:len(shorter)] == shorter
