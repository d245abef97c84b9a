"""Output formats for query results, as a registry (``RENDERERS``, by ``--format`` name).

CSV, TSV and JSON (SPARQL 1.1 results formats) and Turtle are written by pyoxigraph's
own serializers; the table is ours: IRIs shortened with the prefixes (``:`` is the
graph's base), numbers and units as people write them (``7.2 bn EUR``, ``12.5 %``,
``31.6 m``), and on a terminal long cells cut to fit its width. Every renderer is
*work* for :func:`kg.queries.worker.pulled`: it pushes text chunks to ``emit``.

>>> human_number("7200000000"), human_number("31600000"), human_number("12.5"), human_number("14000")
('7.2 bn', '31.6 m', '12.5', '14,000')
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.errors import UsageError
from kg.queries.backends import Result, Row, Term
from kg.queries.params import XSD
from kg.queries.worker import ChunkWriter, Emit

QUDT_UNIT = "http://qudt.org/vocab/unit/"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int",
                              "nonNegativeInteger", "positiveInteger")}
#: Units as people write them after a number (the rest: the ISO code of a currency).
UNIT_WORDS = {"PERCENT": "%", "NUM": ""}
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))


@dataclass
class Context:
    """What renderers may need besides the rows.

    ``width``: the terminal's width a table is fitted to (long cells cut with ``…``);
    ``None`` leaves every cell whole (``--wide``, output to a file). ``columns``: the
    variables a table shows, in that order (``--columns``; all when empty).
    """

    prefixes: dict[str, str]
    width: int | None = None
    columns: tuple[str, ...] = ()
    max_width: int = 60
    sample: int = 1000
    _ordered: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def shorten(self, iri: str) -> str:
        if not self._ordered:
            self._ordered = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        for prefix, namespace in self._ordered:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                local = iri[len(namespace):]
                if re.fullmatch(r"[A-Za-z0-9_][\w.\-/%~]*", local):
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def key(self) -> str:
        """What a kept table depends on besides the rows and prefixes."""
        return f"{self.width} {self.max_width} {self.sample} {','.join(self.columns)}"


# ------------------------------------------------------------------------- numbers


def human_number(lexical: str) -> str:
    """A number as people write it: ``7.2 bn``, ``31.6 m``, ``14,000``, ``12.5``."""
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{_trim(value / scale, 2)} {word}"
    if abs(value) >= 10_000 and value == value.to_integral_value():
        return f"{int(value):,}"
    return _trim(value, 6)


def _trim(value: Decimal, places: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-places)):f}" if value.as_tuple().exponent < -places \
        else f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_word(text: str) -> str:
    """``CCY_EUR`` → ``EUR``, ``PERCENT`` → ``%``, ``NUM`` → (nothing: a count)."""
    local = text[len(QUDT_UNIT):] if text.startswith(QUDT_UNIT) else text
    return UNIT_WORDS.get(local, local[4:] if local.startswith("CCY_") else local)


def _is_number(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


# -------------------------------------------------------------------------- table


def _cell(term: Term | None, ctx: Context) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = unit_word(term.value) if term.value.startswith(QUDT_UNIT) else ctx.shorten(term.value)
    elif isinstance(term, ox.Literal):
        text = human_number(term.value) if _is_number(term) else term.value
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = str(term)
    return " ".join(text.split()) if any(c in text for c in "\n\r\t") else text


@dataclass(frozen=True)
class _Layout:
    """Which result columns a table shows, and under which headings: a number column
    followed by a ``unit`` column becomes one column (``9.8 bn EUR``)."""

    headings: list[str]
    picks: list[tuple[int, int | None]]  # (value column, unit column or None)
    units: frozenset[int] = frozenset()  # columns named "unit" (CCY_EUR shown as EUR)

    @classmethod
    def of(cls, variables: list[str], columns: tuple[str, ...]) -> _Layout:
        if columns:
            unknown = [c for c in columns if c not in variables]
            if unknown:
                raise UsageError(f"--columns: no column {', '.join(unknown)} "
                                 f"(the columns: {', '.join(variables)})")
            shown = [variables.index(c) for c in columns]
        else:
            shown = list(range(len(variables)))
        picks: list[tuple[int, int | None]] = []
        for i in shown:
            if variables[i] == "unit" and picks and picks[-1][0] == i - 1 and picks[-1][1] is None:
                picks[-1] = (i - 1, i)
            else:
                picks.append((i, None))
        units = frozenset(i for i, v in enumerate(variables) if v == "unit")
        return cls([variables[i] for i, _ in picks], picks, units)

    def cells(self, row: Row, ctx: Context) -> list[str]:
        out = []
        for i, u in self.picks:
            text = _cell(row[i], ctx)
            if i in self.units:
                text = unit_word(text)
            if u is not None and row[u] is not None:
                unit = unit_word(getattr(row[u], "value", ""))
                text = f"{text} {unit}" if text and unit else text or unit
            out.append(text)
        return out


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


def table_lines(variables: list[str], rows: Iterator[Row], ctx: Context) -> Iterator[str]:
    """The table's lines. Column widths come from the first ``ctx.sample`` rows; the rest
    stream through with those widths. With ``ctx.width`` None nothing is cut."""
    layout = _Layout.of(variables, ctx.columns)
    raw = list(itertools.islice(rows, ctx.sample))
    head = [layout.cells(r, ctx) for r in raw]
    cells = (layout.cells(r, ctx) for r in rows)
    widths = [max([len(v)] + [len(r[i]) for r in head]) for i, v in enumerate(layout.headings)]
    if ctx.width is not None:
        widths = [min(ctx.max_width, w) for w in widths]
        prose = {n for n, (i, _) in enumerate(layout.picks)
                 if any(isinstance(r[i], ox.Literal) and " " in r[i].value for r in raw)}
        _fit(widths, ctx.width, prose)

    def fmt(values: list[str]) -> str:
        return "  ".join(_cut(v, w).ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"

    yield fmt(layout.headings)
    yield "  ".join("-" * w for w in widths) + "\n"
    count = 0
    for r in itertools.chain(head, cells):
        count += 1
        yield fmt(r)
    yield f"({count} row{'s' if count != 1 else ''})\n"


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


# ---------------------------------------------------------------------- renderers


def _table(result: Result, ctx: Context, emit: Emit) -> None:
    for chunk in _chunked(table_lines(result.variables, result.rows(), ctx)):
        emit(chunk)


def _serialized(fmt: ox.QueryResultsFormat, end: str = "") -> Callable[[Result, Context, Emit], None]:
    """pyoxigraph's serializer for ``fmt`` (SELECT and ASK results alike)."""
    def render(result: Result, ctx: Context, emit: Emit) -> None:
        out = ChunkWriter(emit)
        result.solutions.serialize(out, format=fmt)
        out.close()
        if end:
            emit(end)
    return render


def _boolean_text(result: Result, ctx: Context, emit: Emit) -> None:
    emit(("true" if result.boolean else "false") + "\n")


def _turtle(result: Result, ctx: Context, emit: Emit, batch: int = 5000) -> None:
    """Turtle, serialized by pyoxigraph a batch at a time (prefixes declared once)."""
    first = True
    while True:
        chunk = list(itertools.islice(result.triples, batch))
        if not chunk and not first:
            return
        text = ox.serialize(chunk, format=ox.RdfFormat.TURTLE, prefixes=dict(ctx.prefixes)).decode("utf-8")
        if not first:
            text = "".join(line for line in text.splitlines(keepends=True)
                           if not line.startswith("@prefix "))
        first = False
        emit(text)
        if len(chunk) < batch:
            return


Render = Callable[[Result, Context, Emit], None]


@dataclass(frozen=True)
class Renderer:
    """How one output format writes each kind of result (None: not supported)."""

    select: Render | None
    boolean: Render | None
    graph: Render | None
    help: str = ""

    def for_kind(self, kind: str) -> Render | None:
        return {"select": self.select, "boolean": self.boolean, "graph": self.graph}[kind]


#: Output formats, by the name ``--format`` takes.
RENDERERS: dict[str, Renderer] = {
    "table": Renderer(_table, _boolean_text, _turtle, "a table for people (SELECT, ASK, CONSTRUCT)"),
    "csv": Renderer(_serialized(ox.QueryResultsFormat.CSV), _boolean_text, None,
                    "SPARQL 1.1 CSV results (SELECT, ASK)"),
    "tsv": Renderer(_serialized(ox.QueryResultsFormat.TSV), _boolean_text, None,
                    "SPARQL 1.1 TSV results (SELECT, ASK)"),
    "json": Renderer(_serialized(ox.QueryResultsFormat.JSON, end="\n"),
                     _serialized(ox.QueryResultsFormat.JSON, end="\n"), None,
                     "SPARQL 1.1 JSON results (SELECT, ASK)"),
    "turtle": Renderer(None, None, _turtle, "Turtle, for CONSTRUCT and DESCRIBE queries"),
}

KINDS = {"SELECT": "select", "ASK": "boolean"}


def renderer_for(fmt: str, form: str) -> Render:
    """The renderer of ``fmt`` for a query of ``form``; :class:`UsageError` if it does not fit."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise UsageError(f"unknown format {fmt!r} (use one of {', '.join(RENDERERS)})")
    kind = KINDS.get(form, "graph")
    render = renderer.for_kind(kind)
    if render is None:
        fits = [n for n, r in RENDERERS.items() if r.for_kind(kind) is not None]
        raise UsageError(f"--format {fmt} does not fit a {form} query (use {', '.join(fits)})")
    return render
