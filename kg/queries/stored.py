"""Stored queries: ``.rq`` files with a `grlc <https://grlc.io>`_ header, found by name in
``queries/`` (or ``$KG_QUERIES_DIR``), their parameters read from the text, and their
values bound in ``VALUES`` blocks.

A stored query's header is YAML after ``#+``, so the same folder can be served as a web
API by grlc unchanged::

    #+ summary: Sanctions in force on a date
    #+ tags:
    #+   - sanctions
    #+ defaults:
    #+   - period: "2021"
    PREFIX kg: <https://w3id.org/newskg/ontology#>
    SELECT ... WHERE { ... ?_date_xsd_date ... ?__period ... }

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

import difflib
import os
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg.errors import QueryError
from kg.prefixes import DEFAULT_BASE
from kg.queries.lists import read_lists, sort_lists
from kg.queries.params import VARIABLE, Parameter
from kg.queries.sparql import check_syntax, outline, subselect_groups, tokens

QUERIES_ENV = "KG_QUERIES_DIR"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple



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
    lists: Mapping[str, str] = field(default_factory=dict, compare=False)  # see kg.queries.lists

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
        form, _ = outline(text)
        if form is None:
            raise QueryError(f"{where}: not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
        defaults = _name_map(header.get("defaults"), where, "defaults")
        enums = _name_map(header.get("enumerate"), where, "enumerate")
        params: dict[str, Parameter] = {}
        for tok in tokens(text):
            if tok.kind != "var" or not tok.text[1:].startswith("_"):
                continue
            match = VARIABLE.match(tok.text)
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
            parameters=tuple(params.values()), form=form, header=header,
            lists=read_lists(header.get("lists"), where))

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

        _, at = outline(self.text)
        if at is None:  # no WHERE group to open: a trailing VALUES clause joins the same way
            return f"{self.text.rstrip()}\n{block(list(terms))}\n"
        # A sub-SELECT does not see the outer group's bindings: each one that uses a
        # parameter gets its own VALUES block (grlc's rewriting reaches them too).
        inserts = [(at, list(terms))]
        for start, end in subselect_groups(self.text):
            used = {t.text[1:] for t in tokens(self.text[start:end]) if t.kind == "var"}
            if names := [n for n in terms if n in used]:
                inserts.append((start, names))
        text = self.text
        for offset, names in sorted(inserts, reverse=True):
            text = f"{text[:offset]}\n  {block(names)}\n{text[offset:]}"
        return text

    def execute(self, backend: Any, sparql: str) -> Any:
        """``backend.execute`` of this query's bound text, the cells of its ``lists``
        columns sorted (:mod:`kg.queries.lists`)."""
        result = backend.execute(sparql, self.form)
        if self.lists and result.kind == "select":
            result.solutions = sort_lists(result.solutions, self.lists)
        return result

    def check_syntax(self, text: str | None = None) -> None:
        """:class:`QueryError` with line and column when pyoxigraph cannot parse the query."""
        check_syntax(self.text if text is None else text, str(self.path or self.name))



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



# --------------------------------------------------------------- finding queries


def queries_dir() -> Path:
    """``$KG_QUERIES_DIR``, else ``queries/`` beside the ``kg`` package."""
    env = os.environ.get(QUERIES_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[2] / "queries"


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

