"""Stored SPARQL queries (``queries/*.rq``): parse, bind parameters as RDF terms, run, render.

A stored query is a ``.rq`` file with a `grlc <https://grlc.io>`_ header, so the same
folder can be served as a web API by grlc unchanged::

    #+ summary: Sanctions in force on a date
    #+ tags:
    #+   - sanctions
    #+ defaults:
    #+   - period: "2021"
    PREFIX kg: <https://w3id.org/newskg/ontology#>
    SELECT ... WHERE { ... ?_date_xsd_date ... ?__period ... }

Parameters are variables: ``?_name`` is required, ``?__name`` optional; a suffix gives
the type: ``_iri`` (an IRI), ``_integer`` (``xsd:integer``), ``_xsd_date`` (``xsd:date``),
none (a plain literal). Names are alphanumeric (no inner underscore).

**Binding.** A value never becomes query text: it is turned into an RDF term
(``pyoxigraph.NamedNode``/``Literal``, which validate it), and the term's N-Triples
form goes into a ``VALUES`` block placed at the start of the query's ``WHERE`` group.
The same text runs on every back end (a graph file, the embedded store, a SPARQL
endpoint), so they all give the same rows. (pyoxigraph's ``substitutions`` would be the
natural tool locally, but in 0.5 it only accepts variables that are in the ``SELECT``
projection and not ``CONSTRUCT`` queries, and grlc rewrites parameters into constants,
so a stored query cannot project them.) For the ``VALUES`` binding and grlc's rewriting to
agree, a stored query uses a parameter in triple patterns, ``FILTER``, ``BIND``,
``EXISTS``/``NOT EXISTS`` or sub-``SELECT`` queries (a sub-``SELECT`` does not see the outer
bindings, so each one that uses a parameter gets its own ``VALUES`` block); an optional
parameter is tested with ``COALESCE(... = ?__name, ...)``, not ``BOUND``.

**IRI values** may be written in full (``https://...`` or ``<https://...>``), as a
prefixed name (``kg:Lifted``, ``wd:Q1636958``, ``:org/xiaomi`` for the base), as a path
under the base (``org/xiaomi``, ``sanction/huawei/-``) or as a bare name, which names an
organisation: ``acme`` or ``Acme`` is ``<base>org/acme``. The base is the graph's
(found from its article IRIs), else ``https://w3id.org/newskg/id/``.

**Timeout.** With ``timeout``, the query runs in a daemon worker thread that feeds rows
through a bounded queue; the caller gives up when the deadline passes (pyoxigraph releases
the GIL while it evaluates, so the deadline holds even inside one long step) and the
worker stops at its next row. A step already under way inside pyoxigraph cannot be
interrupted: it finishes in the background, or dies with the ``kg`` process.

>>> q = StoredQuery.parse("#+ summary: one\\nSELECT ?s WHERE { ?s ?p ?_x_iri }", name="demo")
>>> [(p.name, p.kind, p.required) for p in q.parameters]
[('x', 'iri', True)]
>>> print(q.bound_text({"_x_iri": ox.NamedNode("https://example.org/a")}))
#+ summary: one
SELECT ?s WHERE {
  VALUES (?_x_iri) { (<https://example.org/a>) }
 ?s ?p ?_x_iri }
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import itertools
import json
import os
import queue
import re
import shutil
import textwrap
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import yaml

from kg.errors import InputError, KgError, QueryError, UnknownName, UsageError
from kg.prefixes import DEFAULT_BASE
from kg.prefixes import PREFIXES as VOCAB_PREFIXES

if TYPE_CHECKING:
    from kg.results import ResultCache

__all__ = [
    "RENDERERS",
    "Parameter",
    "StoredQuery",
    "find_query",
    "format_query_list",
    "list_queries",
    "queries_dir",
    "resolve_iri",
    "run_query",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = tuple[Term | None, ...]

DEFAULT_STORE = Path("build/store")
QUERIES_ENV = "KG_QUERIES_DIR"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Prefixes for reading IRI parameters and shortening IRIs in tables (plus ``:`` = base).
PREFIXES = dict(VOCAB_PREFIXES)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


# ----------------------------------------------------------------------- lexing

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


def _tokens(text: str) -> Iterator[_Token]:
    """SPARQL tokens, enough to find keywords, braces and variables outside strings,
    IRIs and comments. Not a parser: pyoxigraph checks the syntax."""
    for match in _LEX.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield _Token(kind, match.group(), match.start())


def _outline(text: str) -> tuple[str | None, int | None]:
    """(query form, offset just after the ``{`` opening the WHERE group, or None when
    there is none the VALUES block may go into, e.g. ``CONSTRUCT WHERE { ... }``)."""
    form: str | None = None
    depth = parens = 0
    skip_template = False
    short_construct = False
    for tok in _tokens(text):
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


def _subselect_groups(text: str) -> list[tuple[int, int]]:
    """(offset just after the ``{`` opening, offset of the matching ``}``) of the
    ``WHERE`` group of each sub-``SELECT``, innermost first among nested ones."""
    groups: list[tuple[int, int]] = []
    open_at: list[tuple[int, bool]] = []  # (offset after "{", opens a sub-SELECT's WHERE)
    pending: list[int] = []  # depths at which a sub-SELECT waits for its WHERE "{"
    parens = 0
    seen_form = False
    for tok in _tokens(text):
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


# -------------------------------------------------------------------- parameters

_PARAM = re.compile(r"^[?$](?P<opt>__?)(?P<name>[A-Za-z0-9]+)(?:_(?P<kind>iri|integer|xsd_date))?$")
KINDS = {"iri": "IRI", "integer": "integer", "xsd_date": "date YYYY-MM-DD", "literal": "text"}
_BARE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_PATH = re.compile(r"^[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~%-]*)+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a stored query: ``?_name``/``?__name`` with an optional type suffix."""

    name: str
    variable: str  # without ? or $, e.g. "_company_iri"
    required: bool
    kind: str  # "iri" | "integer" | "xsd_date" | "literal"
    default: str | None = None
    enum: tuple[str, ...] = ()

    def describe(self) -> str:
        """``company (IRI, required)``"""
        extra = [KINDS[self.kind], "required" if self.required else "optional"]
        if self.default is not None:
            extra.append(f"default {self.default}")
        if self.enum:
            extra.append("one of " + "/".join(self.enum))
        return f"{self.name} ({', '.join(extra)})"

    def to_term(self, value: str, *, base: str = DEFAULT_BASE,
                prefixes: Mapping[str, str] | None = None) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value``; :class:`QueryError` when it is not of the type.

        >>> Parameter("date", "_date_xsd_date", True, "xsd_date").to_term("2021-03-15")
        <Literal value=2021-03-15 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
        """
        if self.enum and value not in self.enum:
            close = difflib.get_close_matches(value, self.enum, n=3, cutoff=0.4)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise QueryError(f"parameter {self.name}: {value!r} is not one of "
                             f"{', '.join(self.enum)}{hint}")
        if self.kind == "iri":
            return resolve_iri(value, base=base, prefixes=prefixes, what=f"parameter {self.name}")
        if self.kind == "integer":
            if not _INTEGER.match(value.strip()):
                raise QueryError(f"parameter {self.name}: expected an integer, got {value!r}")
            return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD + "integer"))
        if self.kind == "xsd_date":
            text = value.strip()
            try:
                if not _DATE.match(text):
                    raise ValueError
                _dt.date.fromisoformat(text)
            except ValueError:
                raise QueryError(f"parameter {self.name}: expected a date like 2021-03-15, "
                                 f"got {value!r}") from None
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))
        return ox.Literal(value)


def resolve_iri(value: str, *, base: str = DEFAULT_BASE, prefixes: Mapping[str, str] | None = None,
                what: str = "IRI") -> ox.NamedNode:
    """Read an IRI as a user types it; see the module docstring.

    >>> resolve_iri("xiaomi").value
    'https://w3id.org/newskg/id/org/xiaomi'
    >>> resolve_iri("kg:Lifted").value
    'https://w3id.org/newskg/ontology#Lifted'
    >>> resolve_iri("sanction/huawei/-", base="http://example.org/").value
    'http://example.org/sanction/huawei/-'
    """
    known = {**PREFIXES, **(prefixes or {}), "": base}
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    elif ":" in text and text.split(":", 1)[0] in known and not text.split(":", 1)[1].startswith("//"):
        prefix, local = text.split(":", 1)
        iri = known[prefix] + local
    elif _SCHEME.match(text):
        iri = text
    elif _PATH.match(text):
        iri = base + text
    elif _BARE.match(text):
        iri = base + "org/" + text.lower()
    else:
        raise QueryError(f"{what}: {value!r} is not an IRI, a prefixed name (kg:..., :org/...) "
                         "or a bare name (xiaomi)")
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"{what}: {value!r} is not a valid IRI ({exc})") from None


# ------------------------------------------------------------------ stored queries


@dataclass(frozen=True)
class StoredQuery:
    """A ``.rq`` file: its grlc header (``summary``, ``description``, ``tags``,
    ``defaults``, ``enumerate``; YAML after ``#+``), its parameters and its text."""

    name: str
    text: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    form: str = "SELECT"
    header: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_file(cls, path: Path) -> StoredQuery:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise QueryError(f"no query file {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read {path}: {exc}") from None
        return cls.parse(text, name=path.stem, path=path)

    @classmethod
    def parse(cls, text: str, *, name: str, path: Path | None = None) -> StoredQuery:
        where = str(path or name)
        header = _header(text, where)
        form, _ = _outline(text)
        if form is None:
            raise QueryError(f"{where}: not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
        defaults = _name_map(header.get("defaults"), where, "defaults")
        enums = _name_map(header.get("enumerate"), where, "enumerate")
        params: dict[str, Parameter] = {}
        for tok in _tokens(text):
            if tok.kind != "var" or not tok.text[1:].startswith("_"):
                continue
            match = _PARAM.match(tok.text)
            if not match:
                raise QueryError(
                    f"{where}: bad parameter {tok.text}: use ?_name or ?__name with an "
                    "alphanumeric name and an optional _iri, _integer or _xsd_date suffix")
            variable = tok.text[1:]
            pname = match["name"]
            if pname in params:
                if params[pname].variable != variable:
                    raise QueryError(f"{where}: parameter {pname} appears as "
                                     f"?{params[pname].variable} and {tok.text}")
                continue
            default = defaults.get(pname, defaults.get(variable))
            enum = enums.get(pname, enums.get(variable))
            params[pname] = Parameter(
                name=pname, variable=variable, required=match["opt"] == "_",
                kind=match["kind"] or "literal",
                default=None if default is None else str(default),
                enum=tuple(str(v) for v in enum) if isinstance(enum, (list, tuple)) else ())
        tags = header.get("tags") or ()
        return cls(
            name=name, text=text, path=path,
            summary=" ".join(str(header.get("summary") or "").split()),
            description=str(header.get("description") or "").strip(),
            tags=tuple(str(t) for t in (tags if isinstance(tags, (list, tuple)) else [tags])),
            parameters=tuple(params.values()), form=form, header=header)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def describe_parameters(self) -> str:
        return ", ".join(p.describe() for p in self.parameters) or "none"

    def bindings(self, values: Mapping[str, str], *, base: str = DEFAULT_BASE,
                 prefixes: Mapping[str, str] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Variable name -> RDF term for ``values`` (parameter name -> text), with defaults.

        Unknown names, missing required parameters and ill-typed values are
        :class:`QueryError`."""
        self.check_names(values)
        terms: dict[str, ox.NamedNode | ox.Literal] = {}
        for p in self.parameters:
            value = values.get(p.name, p.default)
            if value is None:
                continue
            terms[p.variable] = p.to_term(value, base=base, prefixes={**self.prefixes, **(prefixes or {})})
        return terms

    def check_names(self, values: Mapping[str, str]) -> None:
        names = [p.name for p in self.parameters]
        for given in values:
            if given not in names:
                close = difflib.get_close_matches(given, names, n=3, cutoff=0.5)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise QueryError(f"query {self.name} has no parameter {given!r}{hint} "
                                 f"(its parameters: {self.describe_parameters()})")
        missing = [p.name for p in self.parameters
                   if p.required and p.default is None and p.name not in values]
        if missing:
            raise QueryError(f"query {self.name} needs parameter {', '.join(missing)}; "
                             f"its parameters: {self.describe_parameters()} "
                             "(give them with --param NAME=VALUE)")

    @property
    def prefixes(self) -> dict[str, str]:
        """The query's own ``PREFIX`` declarations."""
        return {m.group(1): m.group(2) for m in
                re.finditer(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", self.text)
                if m.group(1)}

    def bound_text(self, terms: Mapping[str, Term]) -> str:
        """The query text with ``terms`` bound in a ``VALUES`` block (see the module
        docstring). Terms are written by pyoxigraph (N-Triples syntax, escaped)."""
        if not terms:
            return self.text
        def block(names: list[str]) -> str:
            return (f"VALUES ({' '.join('?' + n for n in names)}) "
                    f"{{ ({' '.join(str(terms[n]) for n in names)}) }}")

        _, at = _outline(self.text)
        if at is None:  # no WHERE group to open: a trailing VALUES clause joins the same way
            return f"{self.text.rstrip()}\n{block(list(terms))}\n"
        # A sub-SELECT does not see the outer group's bindings: each one that uses a
        # parameter gets its own VALUES block (grlc's rewriting reaches them too).
        inserts = [(at, list(terms))]
        for start, end in _subselect_groups(self.text):
            used = {t.text[1:] for t in _tokens(self.text[start:end]) if t.kind == "var"}
            if names := [n for n in terms if n in used]:
                inserts.append((start, names))
        text = self.text
        for offset, names in sorted(inserts, reverse=True):
            text = f"{text[:offset]}\n  {block(names)}\n{text[offset:]}"
        return text

    def check_syntax(self, text: str | None = None) -> None:
        """:class:`QueryError` with line and column when pyoxigraph cannot parse the query."""
        try:
            ox.Store().query(self.text if text is None else text)
        except SyntaxError as exc:
            raise QueryError(f"{self.path or self.name}: {_syntax_message(exc)}") from None


def _header(text: str, where: str) -> dict[str, Any]:
    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        return {}
    try:
        data = yaml.safe_load(textwrap.dedent("\n".join(lines)))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (header line {mark.line + 1})" if mark is not None else ""
        raise QueryError(f"{where}: the #+ header is not valid YAML{at}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise QueryError(f"{where}: the #+ header must be 'key: value' lines")
    return data


def _name_map(value: Any, where: str, key: str) -> dict[str, Any]:
    """grlc writes ``defaults``/``enumerate`` as a list of one-key mappings (or names)."""
    if value is None:
        return {}
    items = value if isinstance(value, list) else [value]
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, dict):
            out.update({str(k).lstrip("?$"): v for k, v in item.items()})
        elif isinstance(item, str):
            out[item.lstrip("?$")] = None  # grlc: enumerate from the endpoint
        else:
            raise QueryError(f"{where}: #+ {key}: expected a list of 'name: value'")
    return {k: v for k, v in out.items() if v is not None} if key == "defaults" else out


def _syntax_message(exc: SyntaxError) -> str:
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


# --------------------------------------------------------------- finding queries


def queries_dir() -> Path:
    """``$KG_QUERIES_DIR``, else ``queries/`` beside the ``kg`` package."""
    env = os.environ.get(QUERIES_ENV)
    return Path(env) if env else Path(__file__).resolve().parent.parent / "queries"


def list_queries(directory: Path | None = None) -> list[StoredQuery]:
    """The stored queries, sorted by name."""
    folder = Path(directory) if directory else queries_dir()
    if not folder.is_dir():
        raise QueryError(f"no queries folder at {folder} (set ${QUERIES_ENV})")
    return [StoredQuery.from_file(p) for p in sorted(folder.glob("*.rq"))]


def find_query(name_or_path: str, directory: Path | None = None) -> StoredQuery:
    """A stored query by name, or a ``.rq`` file by path; unknown names suggest close ones."""
    as_path = Path(name_or_path)
    if name_or_path.endswith(".rq") or os.sep in name_or_path or "/" in name_or_path:
        if as_path.is_file():
            return StoredQuery.from_file(as_path)
        if os.sep in name_or_path or "/" in name_or_path:
            raise QueryError(f"no query file {name_or_path}")
    folder = Path(directory) if directory else queries_dir()
    stem = name_or_path[:-3] if name_or_path.endswith(".rq") else name_or_path
    candidate = folder / f"{stem}.rq"
    if candidate.is_file():
        return StoredQuery.from_file(candidate)
    names = sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []
    close = difflib.get_close_matches(stem, names, n=3, cutoff=0.5)
    close += [n for n in names if stem and stem.lower() in n.lower() and n not in close][:3]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    raise QueryError(f"unknown query {name_or_path!r}{hint} (`kg queries` lists them)")


def format_query_list(queries: Iterable[StoredQuery]) -> str:
    """What ``kg queries`` prints: name, summary and parameters of each query."""
    items = list(queries)
    if not items:
        return "no stored queries"
    width = max(len(q.name) for q in items)
    lines = []
    for q in items:
        lines.append(f"{q.name:<{width}}  {q.summary or '(no summary)'}")
        if q.parameters:
            lines.append(f"{'':<{width}}  parameters: {q.describe_parameters()}")
    return "\n".join(lines)


# ------------------------------------------------------------------------ results


@dataclass
class _Result:
    """What a back end returns: ``kind`` is "select", "boolean" or "graph"."""

    kind: str
    variables: list[str] = field(default_factory=list)
    items: Iterator[Any] = field(default_factory=lambda: iter(()))
    boolean: bool = False


def _from_pyoxigraph(result: Any) -> _Result:
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        width = len(variables)
        return _Result("select", variables,
                       (tuple(sol[i] for i in range(width)) for sol in result))
    if isinstance(result, ox.QueryBoolean):
        return _Result("boolean", boolean=bool(result))
    return _Result("graph", items=iter(result))


class _LocalBackend:
    """A pyoxigraph store: in memory (a graph file) or the embedded store on disk."""

    def __init__(self, store: ox.Store, prefixes: Mapping[str, str] | None = None):
        self.store = store
        self.prefixes = dict(prefixes or {})
        #: the published store version opened (kg.store.open_version), None otherwise
        self.version: Path | None = None

    def execute(self, sparql: str) -> _Result:
        try:
            return _from_pyoxigraph(self.store.query(sparql, use_default_graph_as_union=True))
        except SyntaxError as exc:
            raise QueryError(_syntax_message(exc)) from None
        except OSError as exc:
            raise QueryError(f"the store failed: {exc}") from None

    def close(self) -> None:
        self.store = None  # type: ignore[assignment]


class _IterReader(io.RawIOBase):
    """A read-only binary stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _EndpointBackend:
    """A SPARQL 1.1 endpoint (protocol ``POST``), results streamed and parsed by pyoxigraph."""

    prefixes: dict[str, str] = {}

    def __init__(self, endpoint: Any):
        self.endpoint = endpoint

    def execute(self, sparql: str, form: str = "SELECT") -> _Result:
        from kg.errors import StoreError

        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = ("application/n-triples, text/turtle;q=0.9" if graph
                  else "application/sparql-results+json, application/sparql-results+xml;q=0.9")
        response = self.endpoint.query(sparql, accept)
        media = response.content_type.split(";")[0].strip().lower()
        stream = io.BufferedReader(_IterReader(response.iter_bytes()))
        try:
            if graph:
                rdf = (ox.RdfFormat.from_media_type(media) if media else None) or ox.RdfFormat.N_TRIPLES
                return _Result("graph", items=_guard_parse(ox.parse(input=stream, format=rdf)))
            fmt = (ox.QueryResultsFormat.from_media_type(media) if media else None) \
                or ox.QueryResultsFormat.JSON
            result = _from_pyoxigraph(ox.parse_query_results(input=stream, format=fmt))
            if result.kind == "select":
                result.items = _guard_parse(result.items)
            return result
        except SyntaxError as exc:
            response.close()
            raise StoreError(f"the endpoint sent an invalid result: {' '.join(str(exc).split())[:200]}"
                             ) from None

    def close(self) -> None:
        self.endpoint.close()


def _guard_parse(items: Iterator[Any]) -> Iterator[Any]:
    from kg.errors import StoreError

    try:
        yield from items
    except SyntaxError as exc:
        raise StoreError(f"the endpoint sent an invalid result: {' '.join(str(exc).split())[:200]}"
                         ) from None


def _load_data(path: Path) -> _LocalBackend:
    """A graph file in an in-memory store. Dataset formats (.trig, .nq) keep their named
    graphs; a graph format (.ttl, .nt, .jsonld) becomes one named graph named after the
    file, so queries written with ``GRAPH ?g`` still match (per-article attribution is
    lost in such a merged export)."""
    from kg.store import format_for

    path = Path(path)
    fmt = format_for(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    store = ox.Store()
    parser = ox.parse(path=str(path), format=fmt.rdf_format)
    graph = None if fmt.dataset else ox.NamedNode(path.resolve().as_uri())
    quads = parser if graph is None else (
        ox.Quad(q.subject, q.predicate, q.object, graph) for q in parser)
    try:
        store.bulk_extend(quads)
    except SyntaxError as exc:
        where = f" at line {exc.lineno}, column {exc.offset}" if exc.lineno else ""
        reason = re.sub(r"^Parser error at line \d+ column \d+: ", "",
                        " ".join(str(exc.msg or exc).split()))
        raise InputError(f"{path}: syntax error{where}: {reason[:160]}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    return _LocalBackend(store, prefixes=getattr(parser, "prefixes", None) or {})


def _open_backend(data: Path | None, store_dir: Path | None, endpoint: str | None, *,
                  timeout: float | None, user: str | None, password_env: str) -> Any:
    given = [x for x in (data, store_dir, endpoint) if x]
    if len(given) > 1:
        raise UsageError("give at most one of --data, --store, --endpoint")
    if data:
        return _load_data(Path(data))
    if endpoint:
        from kg.store import Endpoint

        return _EndpointBackend(Endpoint.from_options(
            endpoint, user=user, password_env=password_env, timeout=timeout or 30.0,
            retries=0 if timeout else 3))
    from kg.store import open_version

    store, version = open_version(Path(store_dir or DEFAULT_STORE))
    backend = _LocalBackend(store)
    backend.version = version
    return backend


def _execute(backend: Any, sparql: str, form: str) -> _Result:
    if isinstance(backend, _EndpointBackend):
        return backend.execute(sparql, form)
    return backend.execute(sparql)


_BASE_QUERY = ("SELECT ?a WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } } "
               "LIMIT 1")


def _detect_base(backend: Any) -> str:
    """The base the graph was minted under: its article IRIs are ``<base>article/<id>``."""
    result = _execute(backend, _BASE_QUERY, "SELECT")
    for row in result.items:
        value = getattr(row[0], "value", "")
        if "/article/" in value:
            return value.rsplit("article/", 1)[0]
    return DEFAULT_BASE


# ------------------------------------------------------------------------- timeout

_END = object()


def _with_deadline(produce: Callable[[], Iterator[Any]], timeout: float | None,
                   what: str) -> Iterator[Any]:
    """Run ``produce`` in a worker thread; give up when ``timeout`` seconds have passed."""
    if timeout is None:
        yield from produce()
        return
    if timeout <= 0:
        raise UsageError("--timeout must be positive")
    items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=256)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in produce():
                if not put(("item", item)):
                    return
            put(("end", None))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            put(("error", exc))

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    deadline = time.monotonic() + timeout
    worker.start()
    try:
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise queue.Empty
                kind, item = items.get(timeout=remaining)
            except queue.Empty:
                raise QueryError(f"{what} did not finish within {timeout:g} s (--timeout)"
                                 ) from None
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()


# ------------------------------------------------------------------------ renderers


def _lexical(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _chunked(lines: Iterable[str], size: int = 1 << 15) -> Iterator[str]:
    """Join small strings into chunks of about ``size`` characters (fewer writes)."""
    buf: list[str] = []
    n = 0
    for line in lines:
        buf.append(line)
        n += len(line)
        if n >= size:
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


def _csv_rows(variables: list[str], rows: Iterator[Row], _ctx: _Context) -> Iterator[str]:
    """SPARQL 1.1 CSV: plain values (IRIs without brackets, literal lexical forms)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(values: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(variables)
    yield from _chunked(line([_lexical(t) for t in row]) for row in rows)


def _tsv_term(term: Term | None) -> str:
    return "" if term is None else str(term)  # N-Triples syntax: tabs, newlines escaped


def _tsv_rows(variables: list[str], rows: Iterator[Row], _ctx: _Context) -> Iterator[str]:
    """SPARQL 1.1 TSV: ``?var`` header, terms in N-Triples syntax."""
    yield "\t".join("?" + v for v in variables) + "\n"
    yield from _chunked("\t".join(_tsv_term(t) for t in row) + "\n" for row in rows)


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _json_rows(variables: list[str], rows: Iterator[Row], _ctx: _Context) -> Iterator[str]:
    """SPARQL 1.1 JSON results, one binding per line, streamed."""
    yield '{"head": {"vars": ' + json.dumps(variables) + '}, "results": {"bindings": [\n'

    def bindings() -> Iterator[str]:
        sep = ""
        for row in rows:
            obj = {v: _json_term(t) for v, t in zip(variables, row) if t is not None}
            yield sep + json.dumps(obj, ensure_ascii=False)
            sep = ",\n"

    yield from _chunked(bindings())
    yield "\n]}}\n"


@dataclass
class _Context:
    """What renderers may need besides the rows: prefixes for short IRIs."""

    prefixes: dict[str, str]
    max_width: int = 60
    total_width: int = field(default_factory=lambda: max(
        80, shutil.get_terminal_size((160, 24)).columns))
    sample: int = 1000

    def shorten(self, iri: str) -> str:
        for prefix, namespace in self._ordered:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace):]
                if re.fullmatch(r"[A-Za-z0-9_][\w.\-/%~]*", local):
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    @property
    def _ordered(self) -> list[tuple[str, str]]:
        cached = getattr(self, "_cache", None)
        if cached is None:
            cached = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
            self._cache = cached
        return cached


def _table_cell(term: Term | None, ctx: _Context) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = ctx.shorten(term.value)
    elif isinstance(term, ox.Literal):
        text = term.value
    else:
        text = _lexical(term)
    return " ".join(text.split()) if any(c in text for c in "\n\r\t") else text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fit(widths: list[int], total: int, prose: set[int] | None = None,
         floor: int = 12, prose_floor: int = 24) -> None:
    """Narrow columns until the table fits ``total`` characters: first the widest
    ``prose`` columns (free text such as quotes and titles, cut with the least loss) down
    to ``prose_floor``, then the widest of all down to ``floor``."""
    def over() -> bool:
        return sum(widths) + 2 * (len(widths) - 1) > total

    for candidates, low in ((sorted(prose or ()), prose_floor), (range(len(widths)), floor)):
        while over():
            pool = [i for i in candidates if widths[i] > low]
            if not pool:
                break
            widths[max(pool, key=lambda i: widths[i])] -= 1


def _table_rows(variables: list[str], rows: Iterator[Row], ctx: _Context) -> Iterator[str]:
    """A terminal table: IRIs shortened with the prefixes (``:`` is the base), long values
    cut with an ellipsis. Column widths come from the first ``ctx.sample`` rows; the rest
    stream through with those widths."""
    raw = list(itertools.islice(rows, ctx.sample))
    prose = {i for i in range(len(variables))
             if any(isinstance(r[i], ox.Literal) and " " in r[i].value for r in raw)}
    head = [[_table_cell(t, ctx) for t in row] for row in raw]
    cells = ([_table_cell(t, ctx) for t in row] for row in rows)
    widths = [min(ctx.max_width, max([len(v)] + [len(r[i]) for r in head]))
              for i, v in enumerate(variables)]
    _fit(widths, ctx.total_width, prose)

    def fmt(values: list[str]) -> str:
        return "  ".join(_cut(v, w).ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"

    yield fmt(variables)
    yield "  ".join("-" * w for w in widths) + "\n"
    count = 0

    def body() -> Iterator[str]:
        nonlocal count
        for r in itertools.chain(head, cells):
            count += 1
            yield fmt(r)

    yield from _chunked(body())
    yield f"({count} row{'s' if count != 1 else ''})\n"


def _turtle(triples: Iterator[ox.Triple], ctx: _Context, batch: int = 5000) -> Iterator[str]:
    """Turtle, serialized by pyoxigraph a batch at a time (prefixes declared once)."""
    first = True
    prefixes = {k: v for k, v in ctx.prefixes.items()}
    while True:
        chunk = list(itertools.islice(triples, batch))
        if not chunk and not first:
            return
        text = ox.serialize(chunk, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
        if not first:
            text = "".join(line for line in text.splitlines(keepends=True)
                           if not line.startswith("@prefix "))
        first = False
        yield text
        if len(chunk) < batch:
            return


def _boolean_text(value: bool, _ctx: _Context) -> Iterator[str]:
    yield ("true" if value else "false") + "\n"


def _boolean_json(value: bool, _ctx: _Context) -> Iterator[str]:
    yield json.dumps({"head": {}, "boolean": value}) + "\n"


@dataclass(frozen=True)
class Renderer:
    """How one output format writes each kind of result (None: not supported)."""

    select: Callable[[list[str], Iterator[Row], _Context], Iterator[str]] | None
    boolean: Callable[[bool, _Context], Iterator[str]] | None
    graph: Callable[[Iterator[ox.Triple], _Context], Iterator[str]] | None


#: Output formats, by the name ``--format`` takes.
RENDERERS: dict[str, Renderer] = {
    "table": Renderer(_table_rows, _boolean_text, _turtle),
    "csv": Renderer(_csv_rows, _boolean_text, None),
    "tsv": Renderer(_tsv_rows, _boolean_text, None),
    "json": Renderer(_json_rows, _boolean_json, None),
    "turtle": Renderer(None, None, _turtle),
}


def _check_format(fmt: str, form: str) -> Renderer:
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise UsageError(f"unknown format {fmt!r} (use one of {', '.join(RENDERERS)})")
    kind = {"SELECT": "select", "ASK": "boolean"}.get(form, "graph")
    if getattr(renderer, kind) is None:
        fits = [n for n, r in RENDERERS.items() if getattr(r, kind) is not None]
        raise UsageError(f"--format {fmt} does not fit a {form} query (use {', '.join(fits)})")
    return renderer


# -------------------------------------------------------------------------- running


def run_query(name_or_path: str, *, params: Mapping[str, str] | None = None,
              data: Path | None = None, store_dir: Path | None = None,
              endpoint: str | None = None, fmt: str = "table", timeout: float | None = None,
              user: str | None = None, password_env: str = "KG_PASSWORD",
              cache: bool = True) -> Iterator[str]:
    """Run a stored query (by name, or a ``.rq`` path) and return its rendered output as
    an iterator of text chunks.

    Everything that can be checked before running (the query, its syntax, parameter
    names and types, the format, the back end) is checked now and raised as
    :class:`QueryError`/:class:`UsageError`/:class:`InputError`/``StoreError``; the
    query itself runs as the iterator is consumed, within ``timeout`` seconds.

    Back ends: ``data`` (a graph file, loaded in memory), ``store_dir`` (the embedded
    store; the default ``build/store`` when none is given) or ``endpoint`` (a SPARQL
    endpoint URL; ``user`` with the password in ``$password_env`` for basic auth).

    Output from a published version of the embedded store is kept beside it
    (:mod:`kg.results`) and served again until a build publishes the next version;
    ``cache=False`` neither reads nor writes it.
    """
    query = find_query(name_or_path)
    query.check_syntax()
    renderer = _check_format(fmt, query.form)
    values = dict(params or {})
    query.check_names(values)
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be positive")
    # type errors before touching a back end (resolved again below with the graph's base);
    # company names are looked up in the graph itself
    companies = {p.name for p in query.parameters if p.name == "company" and p.kind == "iri" and p.name in values}
    query.bindings({**values, **dict.fromkeys(companies, "x")})
    backend = _open_backend(data, store_dir, endpoint, timeout=timeout, user=user,
                            password_env=password_env)
    try:
        if companies:
            values.update(resolve_companies(backend, {n: values[n] for n in companies}, timeout))
        sparql, ctx = _prepare(query, values, fmt, lambda: next(_with_deadline(
            lambda: iter([_detect_base(backend)]), timeout, f"query {query.name}")),
            backend.prefixes)
    except BaseException:
        backend.close()
        raise
    kept = _result_cache(backend) if cache and not _VOLATILE.search(sparql) else None
    if kept is None:
        return _render(query, backend, sparql, renderer, ctx, timeout)
    key = _kept_key(kept, sparql, fmt, ctx)
    hit = kept.get(key)
    if hit is not None:
        backend.close()
        return hit
    return kept.tee(key, _render(query, backend, sparql, renderer, ctx, timeout))


def resolve_companies(backend: Any, values: Mapping[str, str], timeout: float | None = None) -> dict[str, str]:
    """Company parameters as IRIs (``<...>``): each value may be a name or alias, a slug, a
    CURIE or a Wikidata id, looked up in the graph's entity descriptions
    (:func:`kg.lookup.find`); an unknown one is an error suggesting near names."""
    from kg import lookup

    def names() -> Iterator[Any]:
        yield lookup.from_rows(_execute(backend, lookup.NAMES_QUERY, "SELECT").items)

    base = next(_with_deadline(lambda: iter([_detect_base(backend)]), timeout, "company lookup"))
    def exists(iri: str) -> bool:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        ask = f"ASK {{ GRAPH ?g {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }} }}"
        return bool(_execute(backend, ask, "ASK").boolean)

    out: dict[str, str] = {}
    entities: list[lookup.Named] | None = None
    for name, value in values.items():
        iri = lookup.spelled_iri(value, base)
        if iri is not None and exists(iri):  # an IRI or slug: one ASK, no list of names
            out[name] = f"<{iri}>"
            continue
        if entities is None:
            entities = next(_with_deadline(names, timeout, "company lookup"))
        try:
            out[name] = f"<{lookup.find(value, entities, base, what='company', exists=exists)}>"
        except UnknownName as exc:
            raise QueryError(f"parameter {name}: {exc}") from None
    return out


def _prepare(query: StoredQuery, values: Mapping[str, str], fmt: str,
             detect_base: Callable[[], str], backend_prefixes: Mapping[str, str]
             ) -> tuple[str, _Context]:
    """The bound query text and the renderer's context for ``fmt``: the graph's base is
    looked up (``detect_base``) only when the output or an IRI parameter needs it."""
    needs_base = fmt in ("table", "turtle") or any(
        p.kind == "iri" and (values.get(p.name) or p.default) for p in query.parameters)
    base = detect_base() if needs_base else DEFAULT_BASE
    sparql = query.bound_text(query.bindings(values, base=base))
    return sparql, _Context(prefixes={**PREFIXES, **query.prefixes, **backend_prefixes, "": base})


def _kept_key(kept: ResultCache, sparql: str, fmt: str, ctx: _Context) -> str:
    widths = f"{ctx.total_width} {ctx.max_width} {ctx.sample}" if fmt == "table" else ""
    return kept.key(sparql, fmt, json.dumps(sorted(ctx.prefixes.items())), widths)


# ------------------------------------------------------------------ answers ahead

#: The formats whose output a build keeps for every stored query without parameters.
AHEAD_FORMATS = ("table", "csv", "tsv", "json")
#: A query with more rows than this is left to run when asked (its answer would be
#: held in memory while the formats are written).
AHEAD_MAX_ROWS = 250_000


@dataclass(frozen=True)
class KeptAnswer:
    """What :func:`keep_answers` did with one stored query."""

    query: str
    kept: tuple[str, ...]  # formats written now
    rows: int | None
    seconds: float
    note: str = ""  # why nothing was kept, or "already kept"


def keep_answers(store_dir: Path | str | None = None, *, jobs: int = 1,
                 formats: Iterable[str] = AHEAD_FORMATS, max_rows: int = AHEAD_MAX_ROWS,
                 directory: Path | None = None) -> list[KeptAnswer]:
    """Run every stored query that needs no parameter on the current version of the
    embedded store and keep its output in ``formats`` (:mod:`kg.results`), so that
    ``kg query NAME`` answers from a file even the first time after a build.

    Each query is evaluated once and rendered in every format; ``jobs`` queries run at
    once (Oxigraph evaluates without holding the GIL). Best effort: a query that fails,
    changes from run to run (``NOW()``) or has more than ``max_rows`` rows is reported
    in its :class:`KeptAnswer` and left to run when asked; this never raises for one.
    """
    from concurrent.futures import ThreadPoolExecutor

    if jobs < 1:
        raise UsageError(f"jobs must be 1 or more, not {jobs}")
    wanted = [q for q in list_queries(directory) if not any(p.required for p in q.parameters)]
    backend = _open_backend(None, Path(store_dir or DEFAULT_STORE), None, timeout=None,
                            user=None, password_env="")
    try:
        kept = _result_cache(backend)
        if kept is None or not wanted:
            return []
        base = _detect_base(backend)
        fmts = tuple(formats)

        def one(query: StoredQuery) -> KeptAnswer:
            return _keep_one(query, backend, kept, base, fmts, max_rows)

        # the longest texts first (the costliest, as a rule): the last to finish is then a
        # short one, not current-status started when the others are done
        order = sorted(wanted, key=lambda q: (-len(q.text), q.name))
        with ThreadPoolExecutor(max_workers=min(jobs, len(wanted))) as pool:
            done = {a.query: a for a in pool.map(one, order)}
        return [done[q.name] for q in wanted]
    finally:
        backend.close()


def answers_summary(answers: Iterable[KeptAnswer], seconds: float | None = None) -> list[str]:
    """``7 of 7 stored queries answered ahead (5.7 s)``, then one line per query not kept."""
    answers = list(answers)
    done = sum(1 for a in answers if a.kept or a.note == "already kept")
    took = f" ({seconds:.1f} s)" if seconds is not None else ""
    return ([f"{done} of {len(answers)} stored queries answered ahead{took}"]
            + [f"  {a.query}: {a.note}" for a in answers if a.note.startswith("not kept")])


def _keep_one(query: StoredQuery, backend: Any, kept: ResultCache, base: str,
              formats: tuple[str, ...], max_rows: int) -> KeptAnswer:
    t0 = time.perf_counter()

    def answer(done: tuple[str, ...] = (), rows: int | None = None, note: str = "") -> KeptAnswer:
        return KeptAnswer(query.name, done, rows, round(time.perf_counter() - t0, 3), note)

    try:
        query.check_syntax()
        todo: dict[str, list[tuple[str, Renderer, _Context, str]]] = {}
        for fmt in formats:
            try:
                renderer = _check_format(fmt, query.form)
            except UsageError:
                continue
            sparql, ctx = _prepare(query, {}, fmt, lambda: base, backend.prefixes)
            if _VOLATILE.search(sparql):
                return answer(note="not kept: its answer changes from run to run")
            key = _kept_key(kept, sparql, fmt, ctx)
            if not kept.has(key):
                todo.setdefault(sparql, []).append((fmt, renderer, ctx, key))
        if not todo:
            return answer(note="already kept")
        done: list[str] = []
        rows: int | None = None
        for sparql, outputs in todo.items():
            result = _execute(backend, sparql, query.form)
            items = list(itertools.islice(result.items, max_rows + 1))
            if len(items) > max_rows:
                return answer(note=f"not kept: more than {max_rows:,} rows")
            rows = len(items) if result.kind != "boolean" else None
            for fmt, renderer, ctx, key in outputs:
                if result.kind == "select":
                    assert renderer.select is not None
                    chunks = renderer.select(result.variables, iter(items), ctx)
                elif result.kind == "boolean":
                    assert renderer.boolean is not None
                    chunks = renderer.boolean(result.boolean, ctx)
                else:
                    assert renderer.graph is not None
                    chunks = renderer.graph(iter(items), ctx)
                for _ in kept.tee(key, chunks):
                    pass
                done.append(fmt)
        return answer(tuple(done), rows)
    except (KgError, OSError, ValueError, RuntimeError) as exc:
        return answer(note=f"not kept: {_oneline(exc)}")


def _oneline(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


# Functions whose value changes from one run to the next: such a query is never kept.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def _result_cache(backend: Any) -> ResultCache | None:
    version = getattr(backend, "version", None)
    if version is None:
        return None
    from kg.results import ResultCache

    return ResultCache.for_version(version)


def _render(query: StoredQuery, backend: Any, sparql: str, renderer: Renderer, ctx: _Context,
            timeout: float | None) -> Iterator[str]:
    def produce() -> Iterator[Any]:
        result = _execute(backend, sparql, query.form)
        yield result
        if result.kind != "boolean":
            yield from result.items

    try:
        stream = _with_deadline(produce, timeout, f"query {query.name}")
        result: _Result = next(stream)
        if result.kind == "boolean":
            assert renderer.boolean is not None
            yield from renderer.boolean(result.boolean, ctx)
        elif result.kind == "select":
            if renderer.select is None:
                raise UsageError(f"this format does not fit a {query.form} query")
            yield from renderer.select(result.variables, stream, ctx)
        else:
            if renderer.graph is None:
                raise UsageError(f"this format does not fit a {query.form} query")
            yield from renderer.graph(stream, ctx)
    except KgError:
        raise
    except SyntaxError as exc:  # defensive: the text was checked before
        raise QueryError(_syntax_message(exc)) from None
    finally:
        backend.close()
