"""Entity resolution over the whole corpus: one node per real organisation.

The extractor names each entity within its article (a key such as ``zentara``); which
of those are one organisation can only be decided once every article is known. This
module decides it, after extraction and before the article graphs are final:

1. **Names, not keys.** Every surface name of an entity is reduced to a *form*: folded
   to ASCII, lower case, legal forms removed (``cleanco``'s table of legal terms, less the
   ones that are ordinary words, plus the post-Soviet prefixes ``PJSC``, ``OOO``...), each
   word singular. No other word is dropped: "Norvik Shipping" and "Norvik Energy" are two
   forms, and never one node by name.
2. **Full names link.** Entities that share a *full* form (one that is not a shorter
   part or an acronym of another of the entity's own names) are one node; so are
   spellings that differ only by transliteration ("Sovcomflot"/"Sovkomflot",
   "Zhong Xing"/"Zhongxing", accents). Gazetteer ids (Wikidata) win: the same Q-id is
   one node, two different Q-ids never are.
3. **Short names join only when it is clear.** A name that is the start of longer
   names ("Zentara", "Norvik") or their acronym ("SMIC") joins a longer one only when
   exactly one node in the whole corpus fits it; else the node whose distinguishing
   words the article's own text uses (an article about "Norvik" that talks of tankers
   and vessels is about Norvik Shipping); else it stays a node of its own. A longer
   name whose extra words say region or arm ("Acme Europe", "Acme Bank") is a
   subsidiary, never a fit.
4. **Judgements override.** ``same`` judgements join, ``different`` ones keep apart,
   whatever the rules say (:mod:`kg.curation` stores them).
5. **Order-independent.** Entities are visited sorted by article id and path, and each
   step decides from sets, so any order of the articles gives the same nodes.

Descriptions ("the company", "the Chinese firm") are resolved within their article by
the extractor; here they are dropped as names (:func:`is_description`); the article
graph keeps them as mention evidence (``kg:describedAs``, see :mod:`kg.mapping`).

>>> from kg.models import Entity
>>> r = resolve([
...     ("a1", [Entity("zentara", "company", "Zentara")]),
...     ("a2", [Entity("zentara-robotics", "company", "Zentara Robotics")]),
... ])
>>> r.renames["a1"]
{'zentara': 'zentara-robotics'}
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.models import COMPANY, LIST, PERSON, Entity, Extraction, slug

# ------------------------------------------------------------------------- names

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
# Extra words of a longer name that make it a subsidiary or a regional arm, not the same
# company under a fuller name: "Acme" is not "Acme Bank" nor "Acme Europe".
_ARM_WORDS = frozenset("""bank capital finance financial securities insurance leasing asset assets
investment investments trust fund ventures venture foundation
taiwan japan korea india america americas europe european asia asian africa australia canada germany
france uk usa us singapore malaysia vietnam thailand indonesia philippines brazil mexico russia turkey
israel netherlands italy spain poland uae dubai hong kong macau middle east emea apac international
global north south east west china""".split())
_STOP = frozenset({"of", "and", "the", "for", "de", "du", "des", "la", "le", "y", "und", "a"})
_DESCRIPTION = re.compile(r"^(?:the|a|an|its|their|this|that)\s", re.I)


def is_description(name: str) -> bool:
    """A descriptive reference ("the company", "the Chinese firm"), not a name.

    The extractor keeps the names it reads without a leading article ("The Limited" is
    read as "Limited"), so a surface form that starts with one, or has no capital letter
    at all, describes a company rather than naming it.

    >>> is_description("the Chinese firm"), is_description("Xiaomi Corp"), is_description("brand")
    (True, False, True)
    """
    text = name.strip()
    return bool(_DESCRIPTION.match(text) and text[:1].islower()) or not any(c.isupper() or c.isdigit()
                                                                         for c in text)


@lru_cache(maxsize=1)
def _cleanco_terms() -> list[tuple[int, list[str]]]:
    from cleanco import prepare_default_terms

    return [t for t in prepare_default_terms() if not (t[0] == 1 and t[1][0] in _NOT_LEGAL)]


def _fold(text: str) -> str:
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

    text = _fold(name).strip()
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


def _is_acronym(surface: str) -> bool:
    word = surface.strip()
    return 2 <= len(word) <= 6 and " " not in word and word.upper() == word and any(c.isalpha() for c in word)


def _initials(name: str) -> set[str]:
    """Acronyms a name can have: the initials of its words, with and without the legal
    form and the small words ("of", "and")."""
    words = [w for w in re.split(r"[^a-z0-9]+", _fold(name).lower()) if w]
    out = {"".join(w[0] for w in words)}
    out.add("".join(w[0] for w in words if w not in _STOP))
    form = name_form(name)
    out.add("".join(w[0] for w in form))
    out.add("".join(w[0] for w in form if w not in _STOP))
    return {o for o in out if len(o) >= 2}


_GENERIC_WORDS = frozenset({"group", "company", "corporation", "limited", "holding", "international", "global",
                            "technology", "industry", "national", "china", "new"})


def _said(extra: tuple[str, ...], words: set[str]) -> int:
    """How much an article's text uses the distinguishing words of a longer name (``extra``:
    "shipping" of "Norvik Shipping"): for each word, the longest start it shares with a word
    of the text ("ships" shares "ship"), counted from four letters (a shorter word must be
    there whole); generic words ("group") say nothing."""
    score = 0
    for w in extra:
        if w in _STOP or w in _GENERIC_WORDS:
            continue
        best = 0
        for t in words:
            n = 0
            for x, y in zip(w, t):
                if x != y:
                    break
                n += 1
            best = max(best, n)
        if best >= min(4, len(w)):
            score += best
    return score


# --------------------------------------------------------------------- judgements


@dataclass(frozen=True)
class EntityRef:
    """An entity as a judgement names it: the path of its IRI under the base as the user
    saw it (``org/zentara``) and/or a name they typed ("Zentara Robotics")."""

    path: str | None = None
    name: str | None = None

    def describe(self) -> str:
        return self.name or self.path or "?"


@dataclass(frozen=True)
class Identity:
    """A same/different judgement on two entities (:mod:`kg.curation` reads them)."""

    id: str  # the judgement's IRI
    same: bool
    a: EntityRef
    b: EntityRef


# ----------------------------------------------------------------------- records


@dataclass
class _Record:
    index: int
    article: str
    entity: Entity
    path: str  # the node path it asks for (its own, or the gazetteer entry its name is)
    local: str  # the key the article's facts use for it
    forms: dict[tuple[str, ...], list[str]]  # form -> its surface names
    strong: frozenset[tuple[str, ...]]
    weak: frozenset[tuple[str, ...]]
    conflicted: bool
    tags: set[tuple[str, ...]] = field(default_factory=set)
    anchored: bool = False  # its name is a gazetteer entry's, which the extractor did not link


def entity_path(e: Entity) -> str:
    return {PERSON: "person", LIST: "list"}.get(e.kind, "org") + "/" + e.key


def _record(index: int, article: str, e: Entity) -> _Record:
    names = [n for n in dict.fromkeys((e.name, *e.aliases)) if n and not is_description(n)]
    if not names:
        names = [e.name]
    forms: dict[tuple[str, ...], list[str]] = {}
    for n in names:
        forms.setdefault(name_form(n), []).append(n)
    weak: set[tuple[str, ...]] = set()
    multi = any(len(f) > 1 for f in forms)
    for f, surfaces in forms.items():
        for g, g_surfaces in forms.items():
            if f == g:
                continue
            if len(f) < len(g) and g[:len(f)] == f:
                weak.add(f)
            elif len(f) == 1 and any(f[0] in _initials(s) for s in g_surfaces):
                weak.add(f)
        if multi and len(f) == 1 and all(_is_acronym(s) for s in surfaces):
            weak.add(f)
    strong = frozenset(forms) - weak or frozenset(forms)
    conflicted = any(f != g and f[0] == g[0] and f[:len(g)] != g and g[:len(f)] != f
                     and skeleton(f) != skeleton(g) for f in strong for g in strong)
    return _Record(index, article, e, entity_path(e), e.key, forms, strong, frozenset(weak), conflicted)


class _Clusters:
    """Union-find over records, refusing a union that joins two tags that exclude each
    other (two Wikidata ids; the two sides of a ``different`` judgement)."""

    def __init__(self, records: Sequence[_Record]) -> None:
        self.parent = list(range(len(records)))
        self.tags: dict[int, set[tuple[str, ...]]] = {r.index: set(r.tags) for r in records}
        self.conflicts: list[tuple[int, int]] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def excludes(self, a: int, b: int) -> bool:
        ta, tb = self.tags[self.find(a)], self.tags[self.find(b)]
        for tag in ta:
            if tag[0] == "wd" and any(t[0] == "wd" and t != tag for t in tb):
                return True
            if tag[0] == "diff" and ("diff", tag[1], "b" if tag[2] == "a" else "a") in tb:
                return True
        return False

    def union(self, a: int, b: int, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.excludes(ra, rb):
            if force:
                self.conflicts.append((a, b))
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.tags[ra] |= self.tags.pop(rb)
        return True

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


# ---------------------------------------------------------------------- resolve


@dataclass
class Resolution:
    """What resolution decided: each article's keys renamed to the corpus's, and one
    merged :class:`Entity` per node (by IRI path)."""

    renames: dict[str, dict[str, str]]  # article id -> {local key: node key} (only the keys that change)
    entities: dict[str, Entity]  # node path -> merged entity
    members: dict[str, list[tuple[str, str]]]  # node path -> (article id, local path) of its records
    stale: list[Identity] = field(default_factory=list)  # judgements that name no entity
    conflicts: list[Identity] = field(default_factory=list)  # same-judgements a different one forbids

    def key_map(self, article: str) -> dict[str, str]:
        return self.renames.get(article, {})


def _matches(ref: EntityRef, r: _Record, node_of: Mapping[int, str] | None = None) -> bool:
    if ref.path is not None and (r.path == ref.path or (node_of is not None and node_of.get(r.index) == ref.path)):
        return True
    if ref.name is not None:
        form = name_form(ref.name)
        return form in r.strong or any(skeleton(form) == skeleton(f) for f in r.strong)
    return False


def resolve(groups: Iterable[tuple[str, Sequence[Entity]]], texts: Mapping[str, str] | None = None,
            judgements: Sequence[Identity] = (), gazetteer_index: Mapping[tuple[str, ...], tuple[str, str | None]]
            | None = None) -> Resolution:
    """Resolve the entities of every article (``(article id, entities)`` pairs) into nodes.

    ``texts`` (article id -> text) lets an ambiguous short name be settled by its own
    article; ``judgements`` are applied over the rules; ``gazetteer_index`` (form -> key,
    Q-id) anchors names the extractor did not link to the gazetteer (default: the
    package's gazetteer).
    """
    pairs = sorted(((a, e) for a, es in groups for e in es), key=lambda p: (p[0], entity_path(p[1]), p[1].name))
    records = [_record(i, a, e) for i, (a, e) in enumerate(pairs)]
    gaz = gazetteer_companies() if gazetteer_index is None else gazetteer_index
    texts = texts or {}
    for r in records:
        if r.entity.wikidata:
            r.tags.add(("wd", r.entity.wikidata))
        elif r.path.startswith("org/") and not r.entity.canonical:
            anchors = {gaz[f] for f in r.strong if f in gaz}
            if len(anchors) == 1:
                key, wikidata = next(iter(anchors))
                r.path = "org/" + key
                r.anchored = True
                r.entity = Entity(key=key, kind=r.entity.kind, name=r.entity.name, aliases=r.entity.aliases,
                                  wikidata=wikidata, canonical=False)
                if wikidata:
                    r.tags.add(("wd", wikidata))
    # judgements name records in the resolution without them (a user names what they saw)
    plain = _resolve(records, texts) if judgements else None
    node_of = {i: path for path, idx in plain.items() for i in idx} if plain else {}
    stale: list[Identity] = []
    sides: list[tuple[Identity, list[int], list[int]]] = []
    for n, j in enumerate(judgements):
        a = [r.index for r in records if _matches(j.a, r, node_of)]
        b = [r.index for r in records if _matches(j.b, r, node_of)]
        if not a or not b:
            stale.append(j)
            continue
        sides.append((j, a, b))
        if not j.same:
            for i in a:
                records[i].tags.add(("diff", str(n), "a"))
            for i in b:
                records[i].tags.add(("diff", str(n), "b"))
    clusters = _Clusters(records)
    conflicts: list[Identity] = []
    for j, a, b in sides:
        if j.same:
            before = len(clusters.conflicts)
            for i in a[1:] + b:
                clusters.union(a[0], i, force=True)
            if len(clusters.conflicts) > before:
                conflicts.append(j)
    nodes = _resolve(records, texts, clusters)
    return _result(records, nodes, stale, conflicts)


def _resolve(records: list[_Record], texts: Mapping[str, str],
             clusters: _Clusters | None = None) -> dict[str, list[int]]:
    """Node path -> record indexes, by the rules of the module docstring."""
    c = clusters or _Clusters(records)
    # people and lists: one node per key, as the extractor keys them
    by_path: dict[str, int] = {}
    by_wd: dict[str, int] = {}
    by_skeleton: dict[str, int] = {}
    for r in records:
        if r.entity.wikidata:
            c.union(by_wd.setdefault(r.entity.wikidata, r.index), r.index)
        if not r.path.startswith("org/") or r.entity.canonical or r.anchored or r.entity.kind != COMPANY:
            c.union(by_path.setdefault(r.path, r.index), r.index)
    for r in records:
        if r.path.startswith("org/") and not r.conflicted:
            for f in sorted(r.strong):
                c.union(by_skeleton.setdefault(skeleton(f), r.index), r.index)
    for r in records:  # an entity the extractor conflated stays with its own key
        if r.conflicted and r.path.startswith("org/"):
            c.union(by_path.setdefault("conflicted " + r.path, r.index), r.index)
    _join_short_names(records, c, texts)
    groups = c.groups()
    return _name_nodes(records, groups)


def _cluster_forms(records: list[_Record], members: list[int]) -> set[tuple[str, ...]]:
    return {f for i in members for f in records[i].strong if not records[i].conflicted}


def _fits(short: tuple[str, ...], long_forms: set[tuple[str, ...]], surfaces: Iterable[str]) -> list[tuple[str, ...]]:
    """The extra words of each long form that ``short`` is the start or the acronym of."""
    extras: list[tuple[str, ...]] = []
    for g in long_forms:
        if len(short) < len(g) and g[:len(short)] == short:
            extra = g[len(short):]
            if not (_ARM_WORDS & set(extra)):
                extras.append(extra)
    if len(short) == 1:
        for s in surfaces:
            if short[0] in _initials(s) and name_form(s) != short:
                extras.append(name_form(s))
    return extras


def _join_short_names(records: list[_Record], c: _Clusters, texts: Mapping[str, str]) -> None:
    """Join each cluster of companies whose names are all short forms of one other
    cluster's names (see the module docstring); an ambiguous one record by record, by its
    article's text. Longer names are settled first, so "Zentara" meets "Zentara Robotics"
    after that has met "Zentara Robotics Co.". Ends when a pass joins nothing."""
    for _ in range(5):
        groups = {root: m for root, m in c.groups().items()
                  if all(records[i].path.startswith("org/") and records[i].entity.kind == COMPANY
                         and not records[i].entity.canonical and not records[i].anchored for i in m)}
        # a company's short name joins companies only: "United Nations" (a company by mistake)
        # is never a short form of the "United Nations Security Council" (a government body)
        every = {root: m for root, m in c.groups().items()
                 if any(records[i].path.startswith("org/") for i in m)
                 and all(records[i].entity.kind == COMPANY for i in m if records[i].path.startswith("org/"))}
        forms = {root: _cluster_forms(records, m) for root, m in every.items()}
        surfaces = {root: [s for i in m for f in records[i].strong for s in records[i].forms.get(f, ())]
                    for root, m in every.items()}
        first_word: dict[str, set[int]] = defaultdict(set)
        for root, fs in forms.items():
            for f in fs:
                first_word[f[0]].add(root)
            for s in surfaces[root]:
                for ini in _initials(s):
                    first_word[ini].add(root)
        order = sorted(groups, key=lambda root: (-max((len(f) for f in forms[root]), default=0),
                                                 sorted(forms[root])))
        joined = False
        for root in order:
            mine = forms[root]
            if not mine or c.find(root) != root:
                continue
            candidates: dict[int, list[tuple[str, ...]]] = {}
            for other in sorted({o for f in mine for o in first_word.get(f[0], ())} - {root}):
                if c.find(other) != other:
                    continue
                fits = [_fits(f, forms[other], surfaces[other]) for f in mine]
                if all(fits):
                    candidates[other] = [e for extras in fits for e in extras]
            if not candidates:
                continue
            if len(candidates) == 1:
                other = next(iter(candidates))
                joined |= c.union(root, other) and True
                continue
            moves: list[tuple[int, int]] = []
            for i in sorted(groups[root]):  # several fit: each article's text decides, or none
                text = texts.get(records[i].article, "")
                if not text:
                    continue
                words = set(re.findall(r"[a-z0-9]+", _fold(text).lower()))
                scores = {other: max(_said(extra, words) for extra in extras) for other, extras in candidates.items()}
                best = max(scores.values())
                said = [other for other, score in scores.items() if score == best]
                if best > 0 and len(said) == 1:
                    moves.append((i, said[0]))
            if moves:
                _move(c, records, groups[root], moves)
                joined = True
        if not joined:
            return


def _move(c: _Clusters, records: list[_Record], members: list[int], moves: list[tuple[int, int]]) -> None:
    """Split a cluster (``members``): each ``(record, target)`` of ``moves`` joins the
    target's cluster, the other records stay together."""
    moved = {i for i, _ in moves}
    for j in members:
        c.parent[j] = j
        c.tags[j] = set(records[j].tags)
    rest = [j for j in members if j not in moved]
    for j in rest[1:]:
        c.union(rest[0], j)
    for i, target in moves:
        c.union(target, i)


def _name_nodes(records: list[_Record], groups: dict[int, list[int]]) -> dict[str, list[int]]:
    """Each cluster's IRI path: the gazetteer's key; else the extractor's key that says its
    fullest name; else a slug of that name. Two clusters that want one path: the one whose
    names sort first keeps it, the other takes its full name (then a hash of its names)."""
    wants: list[tuple[tuple, list[str], list[int]]] = []
    for members in groups.values():
        rs = [records[i] for i in sorted(members)]
        prefix = rs[0].path.split("/", 1)[0]
        canonical = sorted({r.path for r in rs if r.entity.canonical or r.anchored or r.entity.wikidata})
        if canonical or prefix != "org":
            paths = canonical or sorted(Counter(r.path for r in rs), key=lambda p: p)
            choices = paths
        else:
            strong = {f for r in rs for f in r.strong if not r.conflicted} or {f for r in rs for f in r.strong}
            # the fullest names: those no other name of the node starts
            fullest = {f for f in strong if not any(len(g) > len(f) and g[:len(f)] == f for g in strong)}
            words = sorted({plain_words(s) for r in rs for f in fullest for s in r.forms.get(f, ())},
                           key=lambda w: (-len(w), w))
            full = words or sorted(strong, key=lambda f: (-len(f), f))
            keys = Counter(r.entity.key for r in rs)
            wanted = {slug(" ".join(f)) for f in full} | {slug(" ".join(_loose(f))) for f in full}
            fitting = sorted((k for k in keys if k in wanted),
                             key=lambda k: (-keys[k], -k.count("-"), k))
            conflicted = sorted(r.entity.key for r in rs if r.conflicted)
            choices = [f"org/{k}" for k in fitting + conflicted]
            choices += [f"org/{slug(' '.join(f))}" for f in full]
        signature = (tuple(sorted({f for r in rs for f in r.strong})), tuple(sorted(r.path for r in rs)))
        wants.append((signature, list(dict.fromkeys(choices)), sorted(members)))
    taken: dict[str, list[int]] = {}
    for signature, choices, members in sorted(wants, key=lambda w: w[0]):
        for path in choices:
            if path not in taken:
                break
        else:
            tag = hashlib.sha256(repr(signature).encode("utf-8")).hexdigest()[:6]
            path = f"{choices[0]}-{tag}"
        taken[path] = members
    return taken


_LOOSE_TAIL = frozenset({"technology", "technologies", "group", "holding", "holdings", "international",
                         "electronics", "intl"})


def _loose(form: tuple[str, ...]) -> tuple[str, ...]:
    """A form without trailing generic business words, as the extractor's keys drop them."""
    out = list(form)
    while len(out) > 1 and out[-1] in _LOOSE_TAIL:
        out.pop()
    return tuple(out)


def rename(x: Extraction, renames: Mapping[str, str]) -> Extraction:
    """``x`` with its entity keys replaced by the nodes' keys (facts follow their entities;
    a fact's key is minted from its entities', so its IRI follows too)."""
    if not renames:
        return x

    def k(key: str | None) -> str | None:
        return None if key is None else renames.get(key, key)

    entities: dict[str, Entity] = {}
    for e in x.entities:
        new = replace(e, key=k(e.key), maintained_by=k(e.maintained_by))
        if new.key in entities:  # two of the article's entities are one node
            old = entities[new.key]
            new = replace(old, aliases=tuple(sorted(set(old.aliases) | {new.name, *new.aliases} - {old.name})))
        entities[new.key] = new
    return replace(
        x,
        entities=tuple(entities[key] for key in sorted(entities)),
        sanctions=tuple(replace(s, target=k(s.target), authority=k(s.authority), list=k(s.list))
                        for s in x.sanctions),
        court_orders=tuple(replace(o, court=k(o.court), judge=k(o.judge), in_favor_of=k(o.in_favor_of),
                                   target=k(o.target),
                                   concerns=None if o.concerns is None else
                                   (o.concerns[0], *(k(p) or "" for p in o.concerns[1:])))
                           for o in x.court_orders),
        metrics=tuple(replace(m, company=k(m.company)) for m in x.metrics),
    )


def _result(records: list[_Record], nodes: dict[str, list[int]], stale: list[Identity],
            conflicts: list[Identity]) -> Resolution:
    renames: dict[str, dict[str, str]] = {}
    entities: dict[str, Entity] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(nodes):
        rs = [records[i] for i in nodes[path]]
        key = path.split("/", 1)[1]
        for r in rs:
            if r.local != key:
                renames.setdefault(r.article, {})[r.local] = key
        entities[path] = _merge(key, rs)
        members[path] = sorted({(r.article, r.path.split("/", 1)[0] + "/" + r.local) for r in rs})
    return Resolution(renames=renames, entities=entities, members=members, stale=stale, conflicts=conflicts)




def _merge(key: str, rs: list[_Record]) -> Entity:
    canonical = next((r.entity for r in rs if r.entity.canonical), None)
    kinds = Counter(r.entity.kind for r in rs)
    kind = canonical.kind if canonical else (
        COMPANY if COMPANY in kinds else sorted(kinds, key=lambda k: (-kinds[k], k))[0])
    surfaces = [s for r in rs for f in sorted(r.forms) for s in r.forms[f]]
    if canonical:
        name = canonical.name
    else:
        # the node's fullest name (no other of its names extends it) that most articles use,
        # then the shortest, then a-z
        strong = {f for r in rs for f in r.strong}
        fullest = {f for f in strong if not any(len(g) > len(f) and g[:len(f)] == f for g in strong)}
        best: Counter[str] = Counter()
        for r in rs:
            best.update({s for f in fullest for s in r.forms.get(f, ())})
        name = sorted(best, key=lambda n: (-best[n], len(n), n))[0]
    aliases = sorted(set(surfaces) - {name})
    first = canonical or next((r.entity for r in rs if r.entity.wikidata), rs[0].entity)
    return Entity(key=key, kind=kind, name=name, aliases=tuple(aliases), wikidata=first.wikidata,
                  country=first.country, maintained_by=first.maintained_by, canonical=canonical is not None)


@lru_cache(maxsize=1)
def gazetteer_companies() -> dict[tuple[str, ...], tuple[str, str | None]]:
    """Form of every gazetteer company label and alias -> (key, Q-id); a form two entries
    share is left out (it anchors nothing)."""
    from kg.extract import gazetteer

    seen: dict[tuple[str, ...], set[tuple[str, str | None]]] = defaultdict(set)
    for entry in gazetteer.load().entries.values():
        if entry.kind != COMPANY:
            continue
        for n in (entry.label, *entry.aliases):
            if not _is_acronym(n):
                seen[name_form(n)].add((entry.key, entry.wikidata))
    return {f: next(iter(v)) for f, v in seen.items() if len(v) == 1}
