"""The SHACL pre-check of :mod:`kg.validate`: pySHACL's verdict, "nothing to report", in ≈ 2.5 ms.

Almost every article graph conforms, and for those pySHACL spends ≈ 15 ms to find no
result at all. The pre-check evaluates the same shapes directly over a dictionary index
of the same triples, mirroring pySHACL 0.40's core constraint code term for term (the
SPARQL constraints run as pySHACL would run them, in the Oxigraph mirror). It can only
say "pySHACL would report nothing"; on anything else, a failed check, a term it is not
sure of or an error, pySHACL runs as before and its report is the one returned. Shapes
that use a feature the pre-check does not know turn it off for the process: pySHACL
alone then decides, as before. tests/test_validate_precheck.py holds it to pySHACL on
every shape case and on variants of them.

:func:`conforms` is the entry point; :func:`shape_checks` compiles the shapes once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.terms import to_ox
from kg.vocab import XSD


class _Unsupported(Exception):
    """The shapes use something the pre-check does not evaluate."""


_Check = Callable[["_Index", Node, "frozenset[Node] | set[Node]"], bool]
_NO_VALUES: frozenset[Node] = frozenset()

# Predicates of a shape (or an sh:sparql node) that pySHACL does not evaluate as constraints.
_NOT_CONSTRAINTS = frozenset({RDF.type, SH.message, SH.name, SH.description, RDFS.comment,
                              RDFS.label, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                              SH.targetObjectsOf, SH.path})


class _Index:
    """The triples of one validation, indexed for the checks below (the terms as given)."""

    __slots__ = ("out", "typed", "subclasses", "_superclasses", "_mirror", "triples")

    def __init__(self, triples: list[tuple[Node, Node, Node]]) -> None:
        out: dict[Node, dict[Node, set[Node]]] = {}
        typed: dict[Node, set[Node]] = {}
        subclasses: dict[Node, set[Node]] = {}
        for s, p, o in triples:
            by_p = out.get(s)
            if by_p is None:
                out[s] = by_p = {}
            values = by_p.get(p)
            if values is None:
                by_p[p] = {o}
            else:
                values.add(o)
            if p == RDF.type:
                typed.setdefault(o, set()).add(s)
            elif p == RDFS.subClassOf:
                subclasses.setdefault(o, set()).add(s)
        self.out, self.typed, self.subclasses, self.triples = out, typed, subclasses, triples
        self._superclasses: dict[Node, set[Node]] = {}
        self._mirror: pyoxigraph.Store | None = None

    def objects(self, s: Node, p: Node) -> frozenset[Node] | set[Node]:
        by_p = self.out.get(s)
        return by_p.get(p, _NO_VALUES) if by_p is not None else _NO_VALUES

    def instances(self, cls: Node) -> set[Node]:
        """Subjects of rdf:type ``cls`` or of a class rdfs:subClassOf* ``cls`` (sh:targetClass)."""
        classes, todo = {cls}, [cls]
        while todo:
            for sub in self.subclasses.get(todo.pop(), ()):
                if sub not in classes:
                    classes.add(sub)
                    todo.append(sub)
        return {s for c in classes for s in self.typed.get(c, ())}

    def is_instance(self, node: Node, cls: Node) -> bool:
        """An rdf:type of ``node`` is ``cls`` or rdfs:subClassOf* it (sh:class)."""
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF.type))

    def superclasses(self, cls: Node) -> set[Node]:
        found = self._superclasses.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), RDFS.subClassOf):
                    if sup not in found:
                        found.add(sup)
                        todo.append(sup)
            self._superclasses[cls] = found
        return found

    def mirror(self) -> pyoxigraph.Store:
        if self._mirror is None:
            self._mirror = pyoxigraph.Store()
            self._mirror.extend([pyoxigraph.Quad(*map(to_ox, t)) for t in dict.fromkeys(self.triples)])
        return self._mirror


@functools.lru_cache(maxsize=1)
def shape_checks(sg: Any) -> tuple[tuple[Callable[[_Index], set[Node]], _Check], ...] | None:
    """Per targeted shape of ``sg`` (a pySHACL ShapesGraph), (its focus nodes, its check).

    None if a shape uses something the pre-check does not evaluate. Cached for the
    ShapesGraph object, so it follows :func:`kg.validate._shapes_graph` when that is rebuilt.
    """
    compiler = _Compiler(sg)
    roots = []
    try:
        for shape in sg.shapes:
            nodes, classes, implicit, objects_of, subjects_of = map(list, shape.target())
            if shape.deactivated or not (nodes or classes or implicit or objects_of or subjects_of):
                continue
            roots.append((_focus_nodes(nodes, [*classes, *implicit], objects_of, subjects_of),
                          compiler.shape(shape.node)))
    except Exception:  # noqa: BLE001 - _Unsupported, or shapes pySHACL fails on: it alone decides
        return None
    return tuple(roots)


def _focus_nodes(nodes: list[Node], classes: list[Node], objects_of: list[Node],
                 subjects_of: list[Node]) -> Callable[[_Index], set[Node]]:
    def focus(idx: _Index) -> set[Node]:
        found = set(nodes)
        for c in classes:
            found |= idx.instances(c)
        for p in subjects_of:
            found.update(s for s, by_p in idx.out.items() if p in by_p)
        for p in objects_of:
            found.update(o for by_p in idx.out.values() for o in by_p.get(p, ()))
        return found
    return focus


class _Compiler:
    """Turns the shapes of a pySHACL ShapesGraph into checks, each shape once."""

    def __init__(self, sg: Any) -> None:
        self.sg = sg
        self.done: dict[Node, _Check] = {}
        self.active: set[Node] = set()

    def shape(self, node: Node) -> _Check:
        """A shape as one function: does ``focus`` conform (no failure, no result)?"""
        if node in self.done:
            return self.done[node]
        try:
            self.sg.lookup_shape_from_node(node)
        except KeyError:
            raise _Unsupported(f"{node}: not a shape to pySHACL") from None
        if self.sg.is_filtered_out_shape(node) or node in self.active:
            raise _Unsupported(f"{node}: filtered out, or recursive")
        self.active.add(node)
        graph: Graph = self.sg.graph
        path = graph.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise _Unsupported(f"{node}: sh:path other than a predicate")
        checks: list[_Check] = []
        for p in sorted(set(graph.predicates(node))):
            if p in _NOT_CONSTRAINTS:
                continue
            make = _CONSTRAINTS.get(p)
            if make is None:
                raise _Unsupported(f"{node}: {p}")
            checks.append(make(self, node, path, sorted(graph.objects(node, p))))

        def conforms(idx: _Index, focus: Node, _: Any = None) -> bool:
            values = idx.objects(focus, path) if path is not None else (focus,)
            return all(check(idx, focus, values) for check in checks)

        self.active.discard(node)
        self.done[node] = conforms
        return conforms

    def items(self, node: Node, head: Node) -> list[Node]:
        try:
            return list(self.sg.graph.items(head))
        except Exception as e:  # noqa: BLE001 - rdflib raises several types on a broken list
            raise _Unsupported(f"{node}: not an RDF list") from e


def _one(node: Node, objects: list[Node]) -> Node:
    if len(objects) != 1:
        raise _Unsupported(f"{node}: {len(objects)} values for a single-valued parameter")
    return objects[0]


def _count(node: Node, objects: list[Node]) -> int:
    n = _one(node, objects)
    if not (isinstance(n, Literal) and n.datatype == XSD.integer and isinstance(n.value, int)):
        raise _Unsupported(f"{node}: a count that is not an xsd:integer")
    return n.value


def _min_count(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    n = _count(node, objects)
    return lambda idx, focus, values: len(values) >= n


def _max_count(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    n = _count(node, objects)
    return lambda idx, focus, values: len(values) <= n


_NODE_KINDS = {
    SH.IRI: (URIRef,), SH.Literal: (Literal,), SH.BlankNode: (BNode,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}


def _node_kind(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    kinds = _NODE_KINDS.get(_one(node, objects))  # type: ignore[call-overload]
    if kinds is None:
        raise _Unsupported(f"{node}: unknown sh:nodeKind")
    return lambda idx, focus, values: all(isinstance(v, kinds) for v in values)


def _datatype(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    """pySHACL's DatatypeConstraintComponent: the same IRI, not ill-typed, a value it accepts."""
    from datetime import date, datetime, time
    from decimal import Decimal

    rule = _one(node, objects)
    python_type: tuple[type, ...] = {
        XSD.string: (str, bytes), XSD.integer: (int,), XSD.float: (float,),
        XSD.decimal: (Decimal,), XSD.boolean: (bool,), XSD.date: (date,), XSD.time: (time,),
        XSD.dateTime: (datetime,),
    }.get(rule, (object,))  # type: ignore[call-overload]
    if rule in (RDFS.Literal, RDFS.Datatype, RDF.langString):
        raise _Unsupported(f"{node}: sh:datatype {rule}")

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == rule:
            return getattr(v, "ill_typed", None) is not True and isinstance(v.value, python_type)
        if v.datatype is None and v.language is None and rule == XSD.string:
            return isinstance(v.value, python_type)
        return False

    return lambda idx, focus, values: all(ok(v) for v in values)


def _pattern(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    """pySHACL's PatternConstraintComponent (no sh:flags): str(v) or the literal's value."""
    matchers = []
    for p in objects:
        if not isinstance(p, Literal):
            raise _Unsupported(f"{node}: sh:pattern not a literal")
        matchers.append(re.compile(str(p.value) if p.value is not None and len(p.value) > 1 else str(p)))

    def text(v: Node) -> str:
        if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)

    return lambda idx, focus, values: all(
        not isinstance(v, BNode) and m.search(text(v)) for m in matchers for v in values)


def _class(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    return lambda idx, focus, values: all(
        not isinstance(v, Literal) and idx.is_instance(v, cls) for cls in objects for v in values)


def _in(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    allowed = set(c.items(node, _one(node, objects)))
    return lambda idx, focus, values: all(v in allowed for v in values)


def _or(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    alternatives = [
        [c.shape(member) for member in c.items(node, head)] for head in objects
    ]
    if not all(alternatives):
        raise _Unsupported(f"{node}: an empty sh:or")
    return lambda idx, focus, values: all(
        any(member(idx, v) for member in members) for members in alternatives for v in values)


def _property(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    shapes = [c.shape(p) for p in objects]
    return lambda idx, focus, values: all(shape(idx, v) for shape in shapes for v in values)


def _inclusive(sign: int) -> Callable[..., _Check]:
    """sh:minInclusive (sign 1) and sh:maxInclusive (-1) as pySHACL compares them."""

    def make(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
        from pyshacl.rdfutil.compare import compare_literal

        if not all(isinstance(m, Literal) for m in objects):
            raise _Unsupported(f"{node}: a bound that is not a literal")

        def ok(v: Node, bound: Literal) -> bool:
            if not isinstance(v, Literal):
                return False
            if isinstance(v.value, str) != isinstance(bound.value, str):
                return False
            try:
                return bool(compare_literal(v, bound) * sign >= 0)
            except (TypeError, NotImplementedError):
                return False

        return lambda idx, focus, values: all(ok(v, m) for m in objects for v in values)  # type: ignore[arg-type]

    return make


def _less_than(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    """pySHACL's LessThanConstraintComponent (rdflib mode): strings with strings, else ``<``."""
    if path is None or not all(isinstance(p, URIRef) for p in objects):
        raise _Unsupported(f"{node}: sh:lessThan")

    def plain(v: Node) -> tuple[bool, Any]:
        if isinstance(v, BNode):
            raise _Unsupported("sh:lessThan on a blank node")  # pySHACL raises an error
        if isinstance(v, URIRef):
            return True, str(v)
        if isinstance(v, Literal) and isinstance(v.value, str):
            return True, v.value
        return False, v

    def ok(idx: _Index, focus: Node, values: Any) -> bool:
        for p in objects:
            others = [plain(o) for o in idx.objects(focus, p)]
            for v in values:
                v_is_string, v_plain = plain(v)
                for o_is_string, o_plain in others:
                    if v_is_string != o_is_string or not v_plain < o_plain:
                        return False
        return True

    return ok


def _sparql(c: _Compiler, node: Node, path: Node, objects: list[Node]) -> _Check:
    """SHACL-SPARQL constraints, with pySHACL's own query text, run in the Oxigraph mirror."""
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    queries = []
    for helper in SPARQLBasedConstraint(c.sg.lookup_shape_from_node(node)).sparql_constraints:
        extra = set(c.sg.graph.predicates(helper.node)) - _NOT_CONSTRAINTS - {SH.select, SH.prefixes}
        if extra:
            raise _Unsupported(f"{helper.node}: {sorted(extra)}")
        bindings, text = helper.pre_bind_variables(URIRef("urn:x-focus"))
        if set(bindings) - {"this"}:
            raise _Unsupported(f"{helper.node}: binds {sorted(bindings)}")
        queries.append((helper.apply_prefixes(text), "this" in bindings))

    def ok(idx: _Index, focus: Node, values: Any) -> bool:
        for text, binds_this in queries:
            substitutions = {pyoxigraph.Variable("this"): to_ox(focus)} if binds_this else {}
            solutions = idx.mirror().query(text, substitutions=substitutions)
            if not isinstance(solutions, pyoxigraph.QuerySolutions) or next(solutions, None) is not None:
                return False
        return True

    return ok


_CONSTRAINTS: dict[Node, Callable[..., _Check]] = {
    SH.minCount: _min_count, SH.maxCount: _max_count, SH.nodeKind: _node_kind,
    SH.datatype: _datatype, SH.pattern: _pattern, SH["class"]: _class, SH["in"]: _in,
    SH["or"]: _or, SH.property: _property, SH.minInclusive: _inclusive(1),
    SH.maxInclusive: _inclusive(-1), SH.lessThan: _less_than, SH.sparql: _sparql,
}


def conforms(triples: list[tuple[Node, Node, Node]], sg: Any) -> bool:
    """True only if pySHACL would find no result at all in these triples, under the shapes
    of ``sg`` (a pySHACL ShapesGraph).

    False means "run pySHACL": a check failed, or the pre-check could not tell.
    """
    roots = shape_checks(sg)
    if roots is None:
        return False
    idx = _Index(triples)
    try:
        return all(check(idx, f) for focus_nodes, check in roots for f in focus_nodes(idx))
    except Exception:  # noqa: BLE001 - pySHACL runs next and raises its own error, as before
        return False
