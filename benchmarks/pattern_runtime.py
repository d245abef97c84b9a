"""Which regular-expression alternatives in kg/extract does the extractor actually exercise?

The static count in ``patterns.py`` tests each alternative against the raw corpus, but most
patterns are applied to something else: a name (``...(?:GmbH|AG)$``), the text just before a
figure (``...(?:from|versus)\\s+$``), a sentence. That count calls an alternative unexercised
when the words never happen to stand at a line's end, though the extractor meets them every
run. This one records the strings each pattern is really applied to while the extractor runs
over the corpus (every article of every set, the seeds, every extraction case and every grammar
example), then tests each alternative — the pattern with that alternative's group reduced to
it alone — against exactly those strings. An alternative reported unexercised matched nothing
the extractor gave its pattern on any text we have: deleting it cannot change any output there.

Like the static count this one is generous: an alternative nested inside another counts as
exercised when a sibling of its parent matches, and a pattern spliced into another pattern
(``_CUE_NAME`` holds ``_BUSINESS_AFTER``) is counted in each, so deleting an alternative means
checking every pattern its text is part of.

Alternatives spliced in from a shared word list (month names, legal forms, lines of business)
are counted apart as vocabulary: a word list is data, pruned as a list, not per pattern.

    .venv/bin/python benchmarks/pattern_runtime.py            # summary per module
    .venv/bin/python benchmarks/pattern_runtime.py --unused   # list the unexercised rule alternatives
"""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from patterns import groups, patterns_of  # noqa: E402

EXTRACT = ROOT / "kg" / "extract"
# the methods that look for a match, and how their strings are tested again: finditer and
# findall look as search does
_LOOKUPS = {"search": "search", "match": "match", "fullmatch": "fullmatch", "finditer": "search", "findall": "search"}
_INPUTS: dict[tuple[str, int], set[tuple[str, str, int, int]]] = defaultdict(set)


class Recorder:
    """A compiled pattern that notes each string it is applied to, then does what it would."""

    def __init__(self, pattern: re.Pattern) -> None:
        self._p = pattern
        self._key = (pattern.pattern, pattern.flags & ~re.UNICODE)
        self.pattern, self.flags = pattern.pattern, pattern.flags
        self.groups, self.groupindex = pattern.groups, pattern.groupindex

    def _note(self, mode: str, string, pos: int = 0, endpos: int = sys.maxsize) -> None:
        if isinstance(string, str):
            _INPUTS[self._key].add((mode, string, pos, min(endpos, len(string))))

    def sub(self, repl, string, count=0):
        self._note("search", string)
        return self._p.sub(repl, string, count)

    def subn(self, repl, string, count=0):
        self._note("search", string)
        return self._p.subn(repl, string, count)

    def split(self, string, maxsplit=0):
        self._note("search", string)
        return self._p.split(string, maxsplit)

    def __hash__(self) -> int:
        return hash(self._p)

    def __eq__(self, other) -> bool:
        return self._p == (other._p if isinstance(other, Recorder) else other)


def _recording(name: str, mode: str):
    def call(self, string, pos=0, endpos=sys.maxsize):
        self._note(mode, string, pos, endpos)
        return getattr(self._p, name)(string, pos, endpos)
    return call


for _name, _mode in _LOOKUPS.items():
    setattr(Recorder, _name, _recording(_name, _mode))


class _ReShim:
    """The ``re`` module as a kg.extract module sees it while recording."""

    def __getattr__(self, name):
        if name in _LOOKUPS:  # re.search(pattern, string, flags) and the like
            return lambda pattern, string, flags=0: getattr(self.compile(pattern, flags), name)(string)
        return getattr(re, name)

    @staticmethod
    def compile(pattern, flags=0):
        if isinstance(pattern, Recorder):
            return pattern
        return Recorder(re.compile(pattern, flags))

    def split(self, pattern, string, maxsplit=0, flags=0):
        return self.compile(pattern, flags).split(string, maxsplit)

    def sub(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).sub(repl, string, count)

    def subn(self, pattern, repl, string, count=0, flags=0):
        return self.compile(pattern, flags).subn(repl, string, count)


def _wrap(value, depth=0):
    if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        return Recorder(value)
    if depth < 3 and isinstance(value, list):
        value[:] = [_wrap(v, depth + 1) for v in value]
    elif depth < 3 and isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_wrap(v, depth + 1) for v in value)
    elif depth < 3 and isinstance(value, dict):
        for k in list(value):
            value[k] = _wrap(value[k], depth + 1)
    return value


def install() -> list[str]:
    """Import every kg.extract module and make its patterns and its ``re`` record."""
    import kg.extract

    names = ["kg.extract"] + [m.name for m in pkgutil.walk_packages(kg.extract.__path__, "kg.extract.")]
    shim = _ReShim()
    for name in names:
        mod = importlib.import_module(name)
        for attr, value in list(vars(mod).items()):
            if attr == "re" and value is re:
                setattr(mod, attr, shim)
            elif not attr.startswith("__"):
                wrapped = _wrap(value)
                if wrapped is not value:
                    setattr(mod, attr, wrapped)
    return names


def run_corpus(limit: int | None = None) -> int:
    """Extract every text of the corpus with recording on; the number of texts."""
    import yaml

    from kg.extract import extract, grammar
    from kg.ingest import parse_article
    from tests.helpers import model_mentions

    texts: list[tuple[str, str]] = []
    mentions: list[tuple[str, list, bool]] = []
    for p in sorted([*ROOT.glob("tests/*/articles/*"), *(ROOT.parent / "shared" / "seeds").glob("*"),
                     *ROOT.glob("seeds/*")]):
        if p.is_file():
            texts.append((p.name, p.read_text(encoding="utf-8", errors="replace")))
    for p in sorted(ROOT.glob("tests/extract_cases/**/*.yaml")):
        for case in yaml.safe_load(p.read_text(encoding="utf-8")) or []:
            if isinstance(case, dict) and case.get("model_entities"):
                ents = [tuple(e) for e in case["model_entities"]]
                mentions.append((case["text"], ents, bool(case.get("company_patterns"))))
            elif isinstance(case, dict) and case.get("text"):
                pub = str(case.get("published") or "2024-06-14")
                texts.append((f"{p.stem}.txt", f"---\npublished: {pub}\n---\n{case['text']}\n"))
    for rule in grammar.load().rules:
        for ex in rule.examples:
            texts.append((f"{rule.name}.txt", f"---\npublished: {ex.published}\n---\n{ex.text}\n"))
    texts = texts[::max(1, len(texts) // limit)] if limit else texts
    for i, (name, text) in enumerate(texts):
        try:
            extract(parse_article(f"{i:04d}-{name}", text))
        except Exception as exc:  # a text the extractor refuses still exercised what it ran
            print(f"  {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    for text, ents, patterns in mentions:  # the cases that give the model's entities: the rules after it
        model_mentions(text, ents, patterns=patterns)
    return len(texts) + len(mentions)


def vocabulary() -> list[str]:
    """Word lists spliced into patterns: their words are data, not rule alternatives."""
    from kg.extract import company_names, date_terms, names

    lists = [date_terms.MONTH_NAMES, names.TRADE_WORDS, names.SECTOR_WORDS]
    lists += [v for k, v in vars(company_names).items() if k.isupper() and isinstance(v, str) and "|" in v]
    return lists


def coverage(src: str, flags: int, inputs, words: list[str]) -> list[tuple[str, bool, bool]]:
    """(alternative, exercised, vocabulary) for each alternative of one pattern; ``words``: the
    word lists spliced into patterns."""
    out = []
    for start, end, alts in groups(src):
        body = src[start:end]
        vocab = any(body == w or body.strip("()?:") == w for w in words)
        for a, b in alts:
            alt = src[a:b]
            try:
                probe = re.compile(src[:start] + alt + src[end:], flags)
            except re.error:
                out.append((alt, True, vocab))
                continue
            used = any(getattr(probe, mode)(s, pos, endpos) for mode, s, pos, endpos in inputs)
            out.append((alt, used, vocab))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unused", action="store_true", help="list each unexercised rule alternative")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, help="extract only about this many texts (a quick look)")
    args = parser.parse_args(argv)
    paths = sorted(EXTRACT.rglob("*.py"))
    written = {p: patterns_of(".".join(p.relative_to(ROOT).with_suffix("").parts), p) for p in paths}
    install()
    n = run_corpus(args.limit)
    words = vocabulary()
    report, total = {}, defaultdict(int)
    for path in paths:
        rows = []
        for line, src, flags in written[path]:
            inputs = _INPUTS.get((src, re.compile(src, flags).flags & ~re.UNICODE), ())
            for alt, used, vocab in coverage(src, flags, inputs, words):
                rows.append({"line": line, "alternative": alt, "exercised": used, "vocabulary": vocab,
                             "applied": bool(inputs)})
        r = {"lines": len(path.read_text(encoding="utf-8").splitlines()),
             "alternatives": sum(not x["vocabulary"] for x in rows),
             "vocabulary": sum(x["vocabulary"] for x in rows),
             "unexercised": [x for x in rows if not x["exercised"] and not x["vocabulary"]],
             "never_applied": len({x["line"] for x in rows if not x["applied"]})}
        report[str(path.relative_to(ROOT))] = r
        for k in ("lines", "alternatives", "vocabulary", "never_applied"):
            total[k] += r[k]
        total["unexercised"] += len(r["unexercised"])
    if args.json:
        print(json.dumps({"texts": n, "total": total}, indent=1))
        return 0
    print(f"{n} texts extracted")
    print(f"{'module':34} {'lines':>6} {'rule alts':>9} {'vocab':>6} {'unexercised':>11} {'never applied':>13}")
    for name, r in report.items():
        print(f"{name:34} {r['lines']:6} {r['alternatives']:9} {r['vocabulary']:6} {len(r['unexercised']):11} "
              f"{r['never_applied']:13}")
        if args.unused:
            for row in r["unexercised"]:
                never = "" if row["applied"] else "  (pattern never applied)"
                print(f"    {name}:{row['line']}: {row['alternative']!r}{never}")
    print(f"{'total':34} {total['lines']:6} {total['alternatives']:9} {total['vocabulary']:6} "
          f"{total['unexercised']:11} {total['never_applied']:13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
