"""A small Odin-style grammar over spaCy's dependency parse: rules are data, this is the
interpreter.

A grammar is a folder of YAML files (``kg/extract/grammar/``): ``vars.yml`` names
dependency paths and trigger-lemma lists once; every other file holds rules. A rule says
which *frame* a statement is (a designation, a removal, a proposal, ...), which lemmas
trigger it, and how each argument is reached from the trigger through dependency
relations. Conjunctions and appositions expand every argument: "added A, B and C to the
list" gives three targets. A new phrasing is a lemma in a list, not a regular expression.

Path syntax (each step moves from a set of tokens to another)::

    >dobj                   children whose relation is dobj
    </nsubj|nsubjpass/      the head, when this token's relation matches the regular expression
    >prep[lemma=on|against] children by prep whose lemma is on or against
    [pos=NOUN]              keep the tokens that satisfy the constraint (no move)
    step?  step*  step+     optional, repeated, repeated at least once
    a b | c d               alternatives (either path)
    a | b || c              otherwise: c only where neither a nor b reaches a token

Constraints are ``attr=regex`` pairs separated by ``;`` over ``lemma``, ``lower``, ``pos``,
``tag``, ``dep``, ``ent`` (the entity type) and ``side`` (``before`` or ``after`` the token's
head: "Also on the list are A and B" has its subject after the verb); lemmas are matched in
lower case.

>>> rule = Rule.from_dict({"name": "x", "frame": "designation", "trigger": {"lemma": ["add"]},
...     "args": {"target": {"path": ">dobj"}}}, {})
>>> rule.args["target"].paths[0][0].label.pattern
'dobj'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

GRAMMAR_DIR = Path(__file__).resolve().parent / "grammar"
_STEP = re.compile(r"(?P<dir>[<>]?)(?P<label>/[^/]+/|[\w:]+)?(?:\[(?P<cons>[^\]]*)\])?(?P<quant>[?*+]?)$")
_VAR = re.compile(r"\$\{(\w+)\}")
_STEPS = re.compile(r"[^\s\[]*(?:\[[^\]]*\][?*+]?)?")  # a step: spaces inside [...] belong to it
_ATTRS = {
    "lemma": lambda t: t.lemma_.lower(), "lower": lambda t: t.lower_, "pos": lambda t: t.pos_,
    "tag": lambda t: t.tag_, "dep": lambda t: t.dep_, "ent": lambda t: t.ent_type_,
    "side": lambda t: "before" if t.i < t.head.i else "after",
}
# Expanding an argument: its conjuncts and appositions, and "including X and Y".
_EXPAND_DEPS = frozenset({"conj", "appos"})


class GrammarError(ValueError):
    """A grammar file is malformed (a bug in the package's data, reported with the rule's name)."""


@dataclass(frozen=True)
class Step:
    direction: str  # ">" children, "<" head, "" filter in place
    label: re.Pattern[str] | None
    constraints: tuple[tuple[str, re.Pattern[str]], ...]
    quant: str  # "", "?", "*", "+"

    @classmethod
    def parse(cls, text: str) -> Step:
        m = _STEP.match(text)
        if not m or (not m.group("label") and m.group("cons") is None) or (m.group("dir") and not m.group("label")):
            raise GrammarError(f"bad path step {text!r}")
        label = m.group("label")
        pattern = re.compile(label.strip("/")) if label else None
        constraints = []
        for part in filter(None, (p.strip() for p in (m.group("cons") or "").split(";"))):
            attr, sep, value = part.partition("=")
            if not sep or attr.strip() not in _ATTRS:
                raise GrammarError(f"bad constraint {part!r} in {text!r}")
            constraints.append((attr.strip(), re.compile(value.strip())))
        return cls(m.group("dir"), pattern, tuple(constraints), m.group("quant"))

    def accepts(self, token: Token) -> bool:
        return all(rx.fullmatch(_ATTRS[attr](token)) for attr, rx in self.constraints)

    def move(self, token: Token) -> Iterator[Token]:
        if self.direction == ">":
            for child in token.children:
                if self.label.fullmatch(child.dep_) and self.accepts(child):  # type: ignore[union-attr]
                    yield child
                    if child.dep_ == "prep":  # "sanctions on A and on B": the prepositions conjoined
                        yield from (c for c in child.children if c.dep_ == "conj" and c.pos_ == "ADP"
                                    and self.accepts(c))
        elif self.direction == "<":
            if token.head.i != token.i and self.label.fullmatch(token.dep_) and self.accepts(token.head):  # type: ignore[union-attr]
                yield token.head
        elif self.accepts(token):
            yield token


DepPath = tuple[Step, ...]


def parse_paths(text: str) -> tuple[DepPath, ...]:
    """``">dobj | </nsubjpass/"`` -> the alternatives, each a tuple of steps."""
    paths = []
    for alternative in text.split(" | "):
        steps = tuple(Step.parse(s) for s in _STEPS.findall(alternative) if s)
        if not steps:
            raise GrammarError(f"empty path in {text!r}")
        paths.append(steps)
    return tuple(paths)


def follow(start: Token, path: DepPath) -> list[Token]:
    """The tokens ``path`` reaches from ``start``, in document order."""
    current = {start.i: start}
    for step in path:
        reached: dict[int, Token] = {}
        frontier = dict(current)
        if step.quant in ("?", "*"):
            reached.update(current)
        rounds = 0
        while frontier and rounds < 20:
            moved = {t.i: t for token in frontier.values() for t in step.move(token)}
            new = {i: t for i, t in moved.items() if i not in reached}
            reached.update(new)
            if step.quant not in ("*", "+"):
                break
            frontier = new
            rounds += 1
        current = reached
    return [current[i] for i in sorted(current)]


_LEGAL_FORM_WORD = re.compile(r"(?:Co|Ltd|Limited|Inc|Corp|LLC|Pvt|Pte|Bhd|PLC|plc)\.?")


def expand(tokens: Iterable[Token]) -> list[Token]:
    """The tokens and everything coordinated with or in apposition to them, and the objects
    of "including" / "such as" under them: one argument per name in "A, B and C"."""
    seen: dict[int, Token] = {}
    todo = list(tokens)
    while todo:
        token = todo.pop()
        if token.i in seen:
            continue
        seen[token.i] = token
        todo.extend(_expansions(token))
    return [seen[i] for i in sorted(seen)]


def _expansions(token: Token) -> list[Token]:
    """The tokens one step of expansion adds to ``token``: its conjuncts and appositions, the
    objects of "including", "like", "such as" under it, names the parser conjoined with a place
    after it, and for a conjunct or apposition its head."""
    out = [c for c in token.children if c.dep_ in _EXPAND_DEPS]
    # "A Co., Ltd., B Co., Ltd. and C Limited": the parser hangs a legal form on the name before
    # it, and the next names on that form
    out.extend(c for c in token.children if c.dep_ in ("npadvmod", "amod") and _LEGAL_FORM_WORD.fullmatch(c.text))
    for c in token.children:
        if c.dep_ == "prep" and (c.lower_ in ("including", "like") or (
                c.lower_ == "as" and any(x.lower_ == "such" for x in c.children))):
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "amod" and c.lower_ == "such":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "prep" and c.lower_ in ("of", "in", "from", "by"):
            # "Acme Ltd of Hong Kong, Bolt Co. and Cord Ltd", "sanctioned Acme by Bolt, Cord Inc. and Dart LLC":
            # the parser conjoins the next names with the place or the name inside the object's name
            inner = token.pos_ == "PROPN" and token.dep_ != "nsubj"
            out.extend(g for p in c.children if p.dep_ == "pobj" and (
                       p.ent_type_ in ("GPE", "LOC") or (inner and p.pos_ == "PROPN"))
                       for g in p.children if g.dep_ == "conj")
    if token.dep_ in ("conj", "appos") and not _inside_a_name(token.head):  # "Acme and Bolt, two companies which ..."
        out.append(token.head)
    out.extend(_list_hung_before(token))
    out.extend(_name_read_as_a_stop(token))
    return out


def _inside_a_name(token: Token) -> bool:
    """"Bolt" of "Acme by Bolt": the object of a preposition inside a name, not a name of the list."""
    return token.dep_ == "pobj" and token.pos_ == "PROPN" and token.head.dep_ == "prep" and (
        token.head.head.pos_ == "PROPN")


def _list_hung_before(token: Token) -> list[Token]:
    """"the assets of A, B and C, as well as D": the parser may hang the list A, B, C on D."""
    return [c for c in token.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < token.i
            and any(g.dep_ == "conj" for g in c.children)]


def _name_read_as_a_stop(token: Token) -> list[Token]:
    """"... and its affiliate, Acme USA Inc." ending a sentence: the parser took the legal form's
    full stop for the sentence's and hung the name on the verb as punctuation; it is the noun's
    apposition."""
    doc = token.doc
    if token.pos_ != "NOUN" or token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
        return []
    i = token.i + 2
    while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].dep_ == "compound":
        i += 1
    form = doc[i] if i < len(doc) else None
    if form is None or form.dep_ != "punct" or form.pos_ != "PROPN" or not _LEGAL_FORM_WORD.fullmatch(form.text):
        return []
    return [form]


@dataclass(frozen=True)
class Arg:
    role: str
    paths: tuple[DepPath, ...]
    kinds: tuple[str, ...] = ()  # entity kinds the argument must be (empty: any token)
    required: bool = False
    expand: bool = True
    # where the parse fails, token patterns tried in turn: the name right after the trigger
    # ("next"), the last one before it with no verb between ("previous"), the words before a
    # passive verb the parser gave no subject ("subject"), or the names joined before ", both" ("both")
    fallback: tuple[str, ...] = ()
    otherwise: tuple[tuple[DepPath, ...], ...] = ()  # tried in turn where ``paths`` reach nothing


@dataclass(frozen=True)
class Example:
    text: str
    expect: dict[str, Any]  # role -> surface form(s) the rule must find
    published: str = "2024-06-14"
    fires: bool = True  # False: a sentence the rule must not read (a trap)


@dataclass(frozen=True)
class Rule:
    name: str
    frame: str
    trigger_lemmas: frozenset[str]
    trigger_pos: frozenset[str]
    args: dict[str, Arg]
    priority: int = 1
    # the trigger must not be governed by these lemmas ("could add", "plans to add" are proposals)
    not_under: frozenset[str] = frozenset()
    # the trigger must be governed (through aux / xcomp) by one of these
    under: frozenset[str] = frozenset()
    # the rule does not fire when one of these paths reaches a token ("delisted from the exchange")
    unless: tuple[DepPath, ...] = ()
    examples: tuple[Example, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)  # anything else the frame's reader uses

    @classmethod
    def from_dict(cls, data: dict[str, Any], variables: dict[str, Any]) -> Rule:
        name = data.get("name") or "?"
        try:
            trigger = data["trigger"]
            args = {}
            for role, spec in (data.get("args") or {}).items():
                first, *rest = (parse_paths(tier) for tier in _subst(spec["path"], variables).split(" || "))
                args[role] = Arg(role, first, tuple(_as_list(spec.get("kind"))), bool(spec.get("required")),
                                 bool(spec.get("expand", True)), _fallback(spec.get("fallback")), tuple(rest))
            examples = tuple(Example(e["text"], dict(e.get("expect") or {}), str(e.get("published", "2024-06-14")),
                                     bool(e.get("fires", True)))
                             for e in data.get("examples") or ())
            if not examples:
                raise GrammarError(f"rule {name!r} has no example")
            known = {"name", "frame", "trigger", "args", "priority", "not_under", "under", "unless", "examples"}
            return cls(
                name=name, frame=data["frame"],
                trigger_lemmas=frozenset(_words(trigger.get("lemma"), variables)),
                trigger_pos=frozenset(_as_list(trigger.get("pos")) or ("VERB", "NOUN", "PROPN", "ADJ")),
                args=args, priority=int(data.get("priority", 1)),
                not_under=frozenset(_words(data.get("not_under"), variables)),
                under=frozenset(_words(data.get("under"), variables)),
                unless=parse_paths(_subst(data["unless"], variables)) if data.get("unless") else (),
                examples=examples,
                attrs={k: v for k, v in data.items() if k not in known},
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise GrammarError(f"rule {name!r}: {type(exc).__name__}: {exc}") from None


def _fallback(value: Any) -> tuple[str, ...]:
    directions = tuple(_as_list(value))
    for direction in directions:
        if direction not in ("next", "previous", "subject", "both", "colon"):
            raise GrammarError(f"fallback must be 'next', 'previous', 'subject', 'both' or 'colon', not {direction!r}")
    return directions


def surface_fallback(trigger: Token, direction: str) -> list[Token]:
    """Tokens a name may start at when the parse gives an argument nothing: right after the
    trigger (past determiners), or before it back to the previous verb."""
    doc = trigger.doc
    if direction == "subject":
        return _passive_subject(trigger)
    if direction == "both":
        return _names_before_both(trigger)
    if direction == "next":
        return _name_at(doc, trigger.i + 1)
    if direction == "colon":  # "... the remaining entries: Acme; Bolt", wherever the parser hung the names
        colon = next((t for t in doc[trigger.i + 1:trigger.sent.end] if t.text == ":"), None)
        return _name_at(doc, colon.i + 1) if colon is not None else []
    out = []
    above = {a.i for a in trigger.ancestors}
    for t in reversed(doc[trigger.sent.start:trigger.i]):
        # (nor into an opening clause the parser took for a name: "Citing Ruritania's law, the ministry named")
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":") or any(
                a.dep_ == "advcl" and a.i not in above for a in (t, *t.ancestors)):
            break
        out.append(t)
    return out


def _name_at(doc: Doc, i: int) -> list[Token]:
    """The head word of the name at ``doc[i]`` (past determiners), so that its conjuncts expand too."""
    start = i
    while i < len(doc) and doc[i].pos_ in ("DET", "PART") and i < start + 2:
        i += 1
    if i >= len(doc) or doc[i].pos_ != "PROPN":
        return []
    head = doc[i]
    while head.dep_ in ("compound", "flat", "nmod") and head.head.i > head.i and head.head.i <= i + 6:
        head = head.head
    return [head]


def _names_before_both(trigger: Token) -> list[Token]:
    """"A and its arm B, both on the list since 2019": the first of the names joined right before
    ", both" (its conjuncts expand), wherever the parser hung "both on the list"."""
    doc = trigger.doc
    both = next((t for t in doc[max(trigger.sent.start, trigger.i - 4):trigger.i] if t.lower_ == "both"), None)
    if both is None or both.i < trigger.sent.start + 2 or doc[both.i - 1].text != ",":
        return []
    name = doc[both.i - 2]
    if name.pos_ != "PROPN" or name.dep_ != "conj":
        return []
    while name.dep_ == "conj":
        name = name.head
    return [name]


def _passive_subject(trigger: Token) -> list[Token]:
    """The words before a passive verb the parser left without a subject ("A, B Co., Limited and
    C Limited, were sanctioned ...", parsed with a name as the root): back to the clause's start."""
    deps = {c.dep_ for c in trigger.children}
    if "auxpass" not in deps or deps & {"nsubj", "nsubjpass", "csubjpass"}:
        return []
    first = min(c.i for c in trigger.children if c.dep_ in ("aux", "auxpass"))
    out = []
    for t in reversed(trigger.doc[trigger.sent.start:first]):
        if t.text in (";", ":") or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound")):
            break
        out.append(t)
    return out


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _subst(text: str, variables: dict[str, Any]) -> str:
    def one(m: re.Match[str]) -> str:
        value = variables.get(m.group(1))
        if value is None:
            raise GrammarError(f"unknown variable ${{{m.group(1)}}}")
        return "|".join(value) if isinstance(value, list) else str(value)

    for _ in range(5):  # variables may name variables
        text = _VAR.sub(one, text)
    return text


def _words(value: Any, variables: dict[str, Any]) -> list[str]:
    """A lemma list given inline, as ``${var}`` or as a list mixing both."""
    out: list[str] = []
    for item in _as_list(value):
        out.extend(w.strip().lower() for w in _subst(item, variables).split("|") if w.strip())
    return out


@dataclass(frozen=True)
class Match:
    rule: Rule
    trigger: Token
    args: dict[str, list[Token]]


@dataclass(frozen=True)
class Grammar:
    rules: tuple[Rule, ...]
    variables: dict[str, Any]
    index: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # trigger lemma -> rules, by priority

    @classmethod
    def of(cls, rules: Iterable[Rule], variables: dict[str, Any]) -> Grammar:
        index: dict[str, list[Rule]] = {}
        for rule in sorted(rules, key=lambda r: (-r.priority, r.name)):
            for lemma in rule.trigger_lemmas:
                index.setdefault(lemma, []).append(rule)
        return cls(tuple(rules), variables, {k: tuple(v) for k, v in index.items()})

    def match(self, tokens: Iterable[Token], frames: Iterable[str] | None = None) -> list[Match]:
        """The rules that fire on each trigger in ``tokens`` (a sentence), each token's in order
        of priority. A reader takes the first it can fill, so "lifted the sanctions" is a
        removal and never also a designation."""
        wanted = set(frames) if frames is not None else None
        out: list[Match] = []
        for token in tokens:
            for rule in self.index.get(token.lemma_.lower(), ()):
                if wanted is not None and rule.frame not in wanted:
                    continue
                found = rule_match(rule, token)
                if found is not None:
                    out.append(found)
        return out


def governors(token: Token) -> list[Token]:
    """The verbs and auxiliaries that govern ``token``'s predicate: its auxiliaries and the
    verbs it is the open complement of ("plans to add", "could add", "is expected to list")."""
    out = [c for c in token.children if c.dep_ in ("aux", "auxpass", "neg")]
    head = token
    while head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:
        head = head.head
        out.append(head)
        out.extend(c for c in head.children if c.dep_ in ("aux", "neg"))
    # "Neither Acme nor Bolt has been sanctioned", "neither lender was sanctioned": a subject denied
    out.extend(d for c in token.children if c.dep_ in ("nsubj", "nsubjpass")
               for d in c.children if d.dep_ in ("preconj", "det") and d.lower_ == "neither")
    return out


def rule_match(rule: Rule, token: Token) -> Match | None:
    if token.pos_ not in rule.trigger_pos:
        return None
    above = {t.lemma_.lower() for t in governors(token)} | {t.lower_ for t in governors(token)}
    if rule.not_under and above & rule.not_under:
        return None
    if rule.under and not above & rule.under:
        return None
    if any(follow(token, path) for path in rule.unless):
        return None
    args: dict[str, list[Token]] = {}
    for role, arg in rule.args.items():
        reached: dict[int, Token] = {}
        for tier in (arg.paths, *arg.otherwise):
            for path in tier:
                for t in follow(token, path):
                    reached[t.i] = t
            if reached:
                break
        tokens = [reached[i] for i in sorted(reached)]
        for direction in arg.fallback if not tokens else ():
            tokens = surface_fallback(token, direction)
            if tokens:
                break
        if arg.expand:
            tokens = expand(tokens)
        if arg.required and not tokens:
            return None
        args[role] = tokens
    return Match(rule, token, args)


@lru_cache(maxsize=1)
def measure_words() -> frozenset[str]:
    """The grammar's nouns of a list, of a measure and of a document that states one (read once,
    when first needed, not when the module is imported)."""
    words = load().variables
    return frozenset(words["list_nouns"] + words["measure_nouns"] + words["measure_docs"])


def load(folder: Path | str = GRAMMAR_DIR) -> Grammar:
    return _load(str(folder))


@lru_cache(maxsize=4)
def _load(folder: str) -> Grammar:
    root = Path(folder)
    variables: dict[str, Any] = {}
    vars_file = root / "vars.yml"
    if vars_file.is_file():
        variables = yaml.safe_load(vars_file.read_text(encoding="utf-8")) or {}
    rules: list[Rule] = []
    for path in sorted(root.glob("*.yml")):
        if path.name == "vars.yml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for item in data:
            rule = Rule.from_dict(item, variables)
            rule.attrs.setdefault("file", path.name)
            rules.append(rule)
    names = [r.name for r in rules]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise GrammarError(f"rule names used twice: {', '.join(dupes)}")
    return Grammar.of(rules, variables)
