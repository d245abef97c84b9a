"""SPARQL text as a stored query needs it: a tokenizer that finds keywords, braces and
variables outside strings, IRIs and comments; where the ``WHERE`` group opens (a
``VALUES`` block goes there); the groups of sub-``SELECT`` queries; and pyoxigraph's
syntax errors as one line. Not a parser: pyoxigraph checks the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_LEX = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\n]|\\.)*"
             | '(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[^\s{}()\[\],;"'<>\#?$]+)
  | (?P<punct>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[_Token]:
    """SPARQL tokens, enough to find keywords, braces and variables outside strings,
    IRIs and comments. Not a parser: pyoxigraph checks the syntax."""
    for match in _LEX.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield _Token(kind, match.group(), match.start())


def outline(text: str) -> tuple[str | None, int | None]:
    """(query form, offset just after the ``{`` opening the WHERE group, or None when
    there is none the VALUES block may go into, e.g. ``CONSTRUCT WHERE { ... }``)."""
    form: str | None = None
    depth = parens = 0
    skip_template = False
    short_construct = False
    for tok in tokens(text):
        word = tok.text.upper() if tok.kind == "word" else ""
        if form is None:
            if word in FORMS:
                form = word
                skip_template = form == "CONSTRUCT"
            continue
        if tok.text == "(" and tok.kind == "punct":
            parens += 1
        elif tok.text == ")" and tok.kind == "punct":
            parens -= 1
        elif tok.text == "{" and tok.kind == "punct":
            if depth == 0 and parens == 0:
                if skip_template:  # CONSTRUCT { template } ... { pattern }
                    skip_template = False
                    if short_construct:
                        return form, None
                    depth += 1
                    continue
                return form, tok.start + 1
            depth += 1
        elif tok.text == "}" and tok.kind == "punct":
            depth -= 1
        elif word == "WHERE" and depth == 0 and skip_template:
            short_construct = True  # CONSTRUCT WHERE { triples }: no room for VALUES
    return form, None


def subselect_groups(text: str) -> list[tuple[int, int]]:
    """(offset just after the ``{`` opening, offset of the matching ``}``) of the
    ``WHERE`` group of each sub-``SELECT``, innermost first among nested ones."""
    groups: list[tuple[int, int]] = []
    open_at: list[tuple[int, bool]] = []  # (offset after "{", opens a sub-SELECT's WHERE)
    pending: list[int] = []  # depths at which a sub-SELECT waits for its WHERE "{"
    parens = 0
    seen_form = False
    for tok in tokens(text):
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "SELECT" and seen_form and open_at:
            pending.append(len(open_at))
        elif word in FORMS:
            seen_form = True
        elif tok.kind != "punct":
            continue
        elif tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif tok.text == "{":
            starts = bool(pending) and pending[-1] == len(open_at) and parens == 0
            if starts:
                pending.pop()
            open_at.append((tok.start + 1, starts))
        elif tok.text == "}" and open_at:
            at, starts = open_at.pop()
            if starts:
                groups.append((at, tok.start))
    return groups



def syntax_message(exc: SyntaxError) -> str:
    """``SPARQL syntax error at line L, column C: reason`` on one line, from pyoxigraph's
    ``error at L:C: expected one of <long list>``."""
    text = " ".join(str(exc.msg or exc).split())
    match = re.match(r"error at (\d+):(\d+):\s*(.*)", text)
    if not match:
        return f"SPARQL syntax error: {text[:160]}"
    line, col, reason = match.groups()
    if reason.startswith("expected one of"):
        options = [o.strip() for o in re.split(r",\s*(?![^\[]*\])", reason[len("expected one of"):])]
        sentences = [o for o in options if re.fullmatch(r"[A-Z][a-z]+(?: [\w?]+)+", o)]
        words = [o for o in options if re.fullmatch(r"[A-Z]+|\"[^\"]+\"", o)]
        parts = sentences[:2]
        if words:
            parts.append("expected one of " + ", ".join(words[:8]) + (", ..." if len(words) > 8 else ""))
        reason = "; ".join(parts) or "unexpected input"
    return f"SPARQL syntax error at line {line}, column {col}: {reason[:200]}"



def check_syntax(text: str, where: str) -> None:
    """:class:`QueryError` with line and column when pyoxigraph cannot parse ``text``."""
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(f"{where}: {syntax_message(exc)}") from None
