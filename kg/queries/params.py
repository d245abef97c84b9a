"""Query parameters: ``?_name`` (required) and ``?__name`` (optional) with a type suffix
(``_iri``, ``_integer``, ``_xsd_date``; none: a plain literal), and how a value typed
by a person becomes one RDF term (never query text).

**IRI values** may be written in full (``https://...`` or ``<https://...>``), as a
prefixed name (``kg:Lifted``, ``wd:Q1636958``, ``:org/xiaomi`` for the base), as a path
under the base (``org/xiaomi``, ``sanction/huawei/-``) or as a bare name, which names an
organisation: ``acme`` or ``Acme`` is ``<base>org/acme``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.prefixes import DEFAULT_BASE
from kg.prefixes import PREFIXES as VOCAB_PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Prefixes for reading IRI parameters and shortening IRIs in tables (plus ``:`` = base).
PREFIXES = dict(VOCAB_PREFIXES)

VARIABLE = re.compile(r"^[?$](?P<opt>__?)(?P<name>[A-Za-z0-9]+)(?:_(?P<kind>iri|integer|xsd_date))?$")
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
        return _CONVERTERS[self.kind](self, value, base, prefixes)


def _iri(p: Parameter, value: str, base: str, prefixes: Mapping[str, str] | None) -> ox.NamedNode:
    return resolve_iri(value, base=base, prefixes=prefixes, what=f"parameter {p.name}")


def _integer(p: Parameter, value: str, _base: str, _prefixes: object) -> ox.Literal:
    if not _INTEGER.match(value.strip()):
        raise QueryError(f"parameter {p.name}: expected an integer, got {value!r}")
    return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD + "integer"))


def _date(p: Parameter, value: str, _base: str, _prefixes: object) -> ox.Literal:
    text = value.strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        _dt.date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"parameter {p.name}: expected a date like 2021-03-15, "
                         f"got {value!r}") from None
    return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))


def _literal(_p: Parameter, value: str, _base: str, _prefixes: object) -> ox.Literal:
    return ox.Literal(value)


#: How a value becomes a term, by the parameter's kind (its name's suffix).
_CONVERTERS: dict[str, Callable[[Parameter, str, str, Mapping[str, str] | None],
                                ox.NamedNode | ox.Literal]] = {
    "iri": _iri, "integer": _integer, "xsd_date": _date, "literal": _literal}


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

