"""How the rules after spaCy grow with the length of one text (issue 7).

Concatenates k generated articles (benchmarks/generate.py) into one article body, runs
spaCy once over it (in the extractor's chunks) and then the rules
(``extract_from_docs``), and prints words, spaCy seconds, rules seconds and
rules/spaCy. Linear rules keep the ratio flat as k grows; rules that scan all mentions or
sentences for each sentence make it climb.

    PYTHONPATH=$PWD python benchmarks/rules_scaling.py --k 4 16 64
    PYTHONPATH=$PWD python benchmarks/rules_scaling.py --k 64 --profile   # cProfile of the rules

Each k is timed ``--repeat`` times (default 3) and the best time kept; spaCy's parse is
reused for the rules' repeats, so only the rules are measured there.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from kg.extract import extract_from_docs  # noqa: E402
from kg.extract import nlp as nlp_mod  # noqa: E402
from kg.ingest import parse_article  # noqa: E402


def article_text(k: int, seed: int) -> str:
    """One article whose body is the bodies of the first k generated articles."""
    bodies = []
    for i in range(k):
        _, text = generate.article(seed, i)
        bodies.append(text.split("---\n", 2)[2].strip())
    return "---\npublished: 2022-06-10\n---\n" + "\n\n".join(bodies) + "\n"


def measure(k: int, seed: int, repeat: int, profile: bool) -> dict[str, float]:
    nlp = nlp_mod.load()
    article = parse_article(f"scaling_{k}.txt", article_text(k, seed))
    best_spacy = best_rules = float("inf")
    docs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        docs = [(offset, nlp(piece)) for offset, piece in nlp_mod.chunks(article.text)]
        best_spacy = min(best_spacy, time.perf_counter() - t0)
    for _ in range(repeat):
        t0 = time.perf_counter()
        extract_from_docs(article, docs)
        best_rules = min(best_rules, time.perf_counter() - t0)
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        extract_from_docs(article, docs)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return {"k": k, "words": len(article.text.split()), "spacy": best_spacy, "rules": best_rules,
            "ratio": best_rules / best_spacy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    nlp_mod.load()
    print(f"{'k':>4} {'words':>7} {'spaCy s':>8} {'rules s':>8} {'rules/spaCy':>11}")
    for k in args.k:
        r = measure(k, args.seed, args.repeat, args.profile)
        print(f"{r['k']:>4} {r['words']:>7} {r['spacy']:>8.2f} {r['rules']:>8.3f} {r['ratio']:>11.3f}",
              flush=True)


if __name__ == "__main__":
    main()
