"""Which regular-expression alternatives in kg/extract does any text exercise?

Counts every alternative (each branch of every ``|``, at any depth) of every regular
expression written in the extractor's modules: compiled module-level patterns and literal
patterns passed to ``re.*`` calls. An alternative counts as exercised when the pattern,
with that alternative's group reduced to the alternative alone, matches somewhere in the
corpus: every article of every evaluation set, the seeds, the extraction cases, the grammar
examples and the test modules. The check is deliberately generous (case-insensitive, multi-line, an
optional group may match empty), so an alternative reported unexercised really matches
nothing we have; deleting it cannot change what the extractor does on any of those texts.

    .venv/bin/python benchmarks/patterns.py                 # summary per module
    .venv/bin/python benchmarks/patterns.py --unused        # list the unexercised ones
    .venv/bin/python benchmarks/patterns.py --json          # machine-readable
"""
from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "kg" / "extract"
RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}


def corpus() -> str:
    """Every text an alternative may be exercised by, joined."""
    files = [*ROOT.glob("tests/*/articles/*"), *(ROOT.parent / "shared" / "seeds").glob("*"),
             *ROOT.glob("seeds/*"), *ROOT.glob("tests/extract_cases/**/*.yaml"),
             *EXTRACT.glob("grammar/*.yml"), *ROOT.glob("tests/*.py")]
    return "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(files) if p.is_file())


def patterns_of(module: str, path: Path) -> list[tuple[int, str, int]]:
    """(line, pattern source, flags) of each regular expression written in one module."""
    found: dict[tuple[str, int], int] = {}
    mod = importlib.import_module(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and \
                node.func.attr in RE_CALLS and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                flags = _literal_flags(node)
                found.setdefault((arg.value, flags), node.lineno)
            lines.setdefault(node.lineno, node)
    for name, value in vars(mod).items():
        line = _line_of(path, name)
        if not line:
            continue  # imported from another module: counted there
        for pat in _compiled(value):
            found.setdefault((pat.pattern, pat.flags & ~re.UNICODE), line)
    return sorted((line, src, flags) for (src, flags), line in found.items())


def _literal_flags(call: ast.Call) -> int:
    flags = 0
    for arg in [*call.args[1:], *(k.value for k in call.keywords if k.arg == "flags")]:
        for node in ast.walk(arg):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
                flags |= getattr(re, node.attr, 0) if isinstance(getattr(re, node.attr, 0), int) else 0
    return flags


def _compiled(value, depth: int = 0):
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif depth < 2 and isinstance(value, (tuple, list)):
        for item in value:
            yield from _compiled(item, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _compiled(item, depth + 1)


def _line_of(path: Path, name: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"{re.escape(name)}\s*[:=]", line):
            return number
    return 0


def groups(src: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Each group (and the whole pattern) that has ``|``: (body start, body end, alternatives)."""
    out, stack, i, in_class = [], [[0, []]], 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]" or src[i - 1] == "["
        elif c == "[":
            in_class = True
            if src[i + 1:i + 2] == "^":
                i += 1
            if src[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            body = i + 1
            if src[body:body + 1] == "?":
                m = re.match(r"\?(?:P<\w+>|<=|<!|[:=!>]|[aiLmsux-]+:|P=\w+\))", src[body:])
                body += m.end() if m else 1
            stack.append([body, []])
        elif c == "|":
            stack[-1][1].append(i)
        elif c == ")" and len(stack) > 1:
            start, bars = stack.pop()
            if bars:
                out.append(_alts(start, i, bars))
        i += 1
    start, bars = stack[0]
    if bars:
        out.append(_alts(start, len(src), bars))
    return out


def _alts(start: int, end: int, bars: list[int]) -> tuple[int, int, list[tuple[int, int]]]:
    edges = [start - 1, *bars, end]
    return start, end, [(a + 1, b) for a, b in zip(edges, edges[1:])]


def coverage(src: str, flags: int, text: str) -> list[tuple[str, bool]]:
    """Each alternative of one pattern and whether the corpus exercises it."""
    result = []
    for start, end, alts in groups(src):
        for a, b in alts:
            alt = src[a:b]
            try:
                probe = re.compile(src[:start] + alt + src[end:], flags | re.IGNORECASE | re.MULTILINE)
            except re.error:
                result.append((alt, True))
                continue
            result.append((alt, probe.search(text) is not None))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unused", action="store_true", help="list each unexercised alternative")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("modules", nargs="*", help="module names under kg/extract (default: all)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    text = corpus()
    paths = sorted(EXTRACT.rglob("*.py"))
    report = {}
    for path in paths:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if args.modules and path.stem not in args.modules:
            continue
        rows = []
        for line, src, flags in patterns_of(module, path):
            for alt, used in coverage(src, flags, text):
                rows.append({"line": line, "alternative": alt, "exercised": used})
        pats = len({r["line"] for r in rows})
        report[str(path.relative_to(ROOT))] = {
            "lines": len(path.read_text(encoding="utf-8").splitlines()),
            "patterns": len(patterns_of(module, path)), "alternatives": len(rows),
            "unexercised": [r for r in rows if not r["exercised"]], "_with_alts": pats}
    if args.json:
        print(json.dumps({k: {**v, "unexercised": len(v["unexercised"])} if not args.unused else v
                          for k, v in report.items()}, indent=1))
        return 0
    total = {"lines": 0, "patterns": 0, "alternatives": 0, "unexercised": 0}
    print(f"{'module':34} {'lines':>6} {'patterns':>8} {'alternatives':>12} {'unexercised':>11}")
    for name, r in report.items():
        print(f"{name:34} {r['lines']:6} {r['patterns']:8} {r['alternatives']:12} {len(r['unexercised']):11}")
        for key in ("lines", "patterns", "alternatives"):
            total[key] += r[key]
        total["unexercised"] += len(r["unexercised"])
        if args.unused:
            for row in r["unexercised"]:
                print(f"    {name}:{row['line']}: {row['alternative']!r}")
    print(f"{'total':34} {total['lines']:6} {total['patterns']:8} {total['alternatives']:12} "
          f"{total['unexercised']:11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
