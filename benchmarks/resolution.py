"""Entity-resolution benchmark: a generated corpus of confusable company names with their
truth, and the pairwise precision and recall of the merges kg.resolve makes.

The corpus is what the extractor hands to resolution: per article, its entities (a key,
the name the article uses most, its other surface forms) and the article's text. Every
entity is labelled with the real company it names. Confusable pairs, by kind:

- shared first word, different business ("Norvik Shipping" / "Norvik Energy");
- the same company with and without a legal form, or with another one ("Halvard
  Logistics", "Halvard Logistics Ltd", "Halvard Logistics AS");
- parent and subsidiary ("Brightwater Holdings" / "Brightwater Bank");
- transliterations ("Sovcomflot" / "Sovkomflot", "Zhongxing" / "Zhong Xing");
- one acronym for two firms ("CSSC": China State Shipbuilding / Caspian Sea Shipping).

Bare short names ("Norvik") appear in articles whose text names the business (tankers,
wind farms) and, a few times, in articles that give no clue. By the resolution rules such
a name stays its own node (joining it to one of several candidates would be a guess that
can put one firm's figures on another, sanctioned, firm): the headline recall expects
exactly that, and ``recall_hidden_truth`` also reports recall against the company the
generator had in mind, which nothing in the text reveals.

    python benchmarks/resolution.py            # prints the scores
    python benchmarks/resolution.py --json     # and writes benchmarks/results/resolution.json

Pairwise scores: over all pairs of article entities, a pair is *predicted* when both
land on one node and *true* when both name one company; precision = right predicted /
predicted, recall = right predicted / true.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.models import COMPANY, Entity, slug  # noqa: E402
from kg.resolve import resolve  # noqa: E402

HEADS = ["Norvik", "Tongzhen", "Kestrel", "Halvard", "Brightwater", "Corvane", "Zentara", "Ostrava",
         "Lumeris", "Drakon", "Vessara", "Quillon", "Harbin Lanke", "Sarvan", "Teodor", "Marlow",
         "Anselm", "Birch Valley", "Cobalt Ridge", "Pellucid"]
TRADES = [("Shipping", "its ships and tankers carried crude"), ("Energy", "energy output at its wind farms"),
          ("Robotics", "its robot arms"), ("Telecom", "telecom towers and subscribers"),
          ("Mining", "mining output at its copper pits"), ("Aviation", "aviation leasing and flights"),
          ("Pharmaceuticals", "pharmaceutical sales"), ("Semiconductors", "semiconductor fabs and wafers"),
          ("Logistics", "logistics warehouses and freight"), ("Steel", "steel output at its rolling mills")]
LEGAL = ["Ltd", "Co., Ltd.", "Inc.", "Corp", "AS", "ASA", "PJSC", "LLC", "Limited", "plc", "AG", "S.A."]
ARMS = ["Bank", "Capital", "Europe", "Asia", "Securities", "Finance"]
TRANSLIT = [("Sovcomflot", "Sovkomflot"), ("Zhongxing Tongxun", "Zhong Xing Tongxun"), ("Uralkali", "Uralkaliy"),
            ("Rosoboronexport", "Rosoboroneksport"), ("Belaruskali", "Belaruskaliy"),
            ("Société Générale", "Societe Generale"), ("Škoda Transportation", "Skoda Transportation"),
            ("Tsinghua Unigroup", "Tsing Hua Unigroup")]
ACRONYMS = [("CSSC", "China State Shipbuilding Corporation", "Caspian Sea Shipping Company"),
            ("NCL", "Northern Copper Limited", "Nordic Cable Lines"),
            ("PMG", "Pacific Minerals Group", "Pavlov Machinery Group"),
            ("KRT", "Kestrel Rail Transport", "Korvo Refining Technologies"),
            ("AVT", "Arvo Venture Technologies", "Astana Valve Trading")]


@dataclass(frozen=True)
class Mention:
    article: str
    entity: Entity
    truth: str
    text: str
    clue: bool = True  # False: neither the name nor the text says which company (stays its own node)


def generate(seed: int = 1) -> list[Mention]:
    """The corpus, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Mention] = []
    n = itertools.count()

    def article(truth: str, name: str, *aliases: str, text: str = "", clue: bool = True) -> None:
        key = slug(name.split(",")[0])
        aid = f"art{next(n):04d}"
        body = f"{name} was in the news. " + text
        out.append(Mention(aid, Entity(key, COMPANY, name, tuple(aliases)), truth, body, clue))

    # shared first word: two businesses per head; each with and without legal forms; bare
    # short names where the text says the business
    for i, head in enumerate(HEADS[:14]):
        (t1, ctx1), (t2, ctx2) = rng.sample(TRADES, 2)
        for trade, ctx in ((t1, ctx1), (t2, ctx2)):
            truth = slug(f"{head} {trade}")
            full = f"{head} {trade}"
            article(truth, f"{full} {rng.choice(LEGAL)}", text=ctx)
            article(truth, full, text=ctx)
            article(truth, full, head, text=f"{head} said {ctx} rose.")
            article(truth, head, text=f"{head} reported that {ctx} grew.")  # short; the text decides
        if i % 7 == 0:  # a bare name with no clue: stays its own node (a recall miss by design)
            article(slug(f"{head} {t1}"), head, text="It declined to comment.", clue=False)
    # the same company with and without a legal form, or another legal form
    for head in HEADS[14:20]:
        trade, ctx = rng.choice(TRADES)
        truth = slug(f"{head} {trade}")
        for legal in rng.sample(LEGAL, 3):
            article(truth, f"{head} {trade} {legal}", text=ctx)
        article(truth, f"{head} {trade}", text=ctx)
        article(truth, head, text=f"{head} expanded {ctx}.")  # the only fit in the corpus
    # parent and subsidiary
    for head in ("Brightwater", "Corvane", "Marlow", "Anselm", "Teodor", "Sarvan", "Ostrava", "Lumeris"):
        arm = rng.choice(ARMS)
        article(slug(f"{head} Holdings"), f"{head} Holdings Ltd")
        article(slug(f"{head} Holdings"), f"{head} Holdings")
        article(slug(f"{head} {arm}"), f"{head} {arm} Limited")
        article(slug(f"{head} {arm}"), f"{head} {arm}")
    # transliterations
    for a, b in TRANSLIT:
        truth = slug(a)
        article(truth, a)
        article(truth, b)
        article(truth, f"PJSC {b}" if "kali" in a or "flot" in a else f"{a} Co., Ltd.")
    # one acronym for two firms: with its expansion, and alone in articles that say the business
    for acr, first, second in ACRONYMS:
        for full in (first, second):
            truth = slug(full)
            article(truth, full, acr)
            article(truth, full)
            words = " ".join(w.lower() for w in full.split()[1:-1])
            article(truth, acr, text=f"{acr} said its {words} business grew.")
    return out


def score(mentions: list[Mention]) -> dict[str, object]:
    groups: dict[str, list[Entity]] = {}
    for m in mentions:
        groups.setdefault(m.article, []).append(m.entity)
    r = resolve(sorted(groups.items()), {m.article: m.text for m in mentions})
    node = {m.article: r.key_map(m.article).get(m.entity.key, m.entity.key) for m in mentions}
    tp = fp = fn = fn_clueless = 0
    wrong: Counter[tuple[str, str]] = Counter()
    missed: Counter[tuple[str, str]] = Counter()
    for a, b in itertools.combinations(mentions, 2):
        same_node = node[a.article] == node[b.article]
        same_truth = a.truth == b.truth
        decidable = a.clue and b.clue  # else the rules expect separate nodes
        if same_node and same_truth and decidable:
            tp += 1
        elif same_node:
            fp += 1
            wrong[tuple(sorted((a.entity.name, b.entity.name)))] += 1  # type: ignore[index]
        elif same_truth and decidable:
            fn += 1
            missed[tuple(sorted((a.entity.name, b.entity.name)))] += 1  # type: ignore[index]
        elif same_truth:
            fn_clueless += 1
    truths = {m.truth for m in mentions}
    confusable = _confusable_pairs(mentions)
    return {
        "mentions": len(mentions), "companies": len(truths), "nodes": len(set(node.values())),
        "confusable_pairs": confusable,
        "true_pairs": tp + fn, "predicted_pairs": tp + fp,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
        # against the company the generator had in mind even for a bare name with no clue
        # (the rules keep such a name apart, so these pairs can only be missed)
        "recall_hidden_truth": round(tp / (tp + fn + fn_clueless), 4),
        "clueless_pairs": fn_clueless,
        "false_merges": [list(p) for p, _ in wrong.most_common(10)],
        "missed_merges": [list(p) for p, _ in missed.most_common(10)],
    }


def _confusable_pairs(mentions: list[Mention]) -> int:
    """Pairs of different companies whose names share a first word or an acronym, or of one
    company spelled two ways (legal form, transliteration)."""
    names: dict[str, set[str]] = {}
    for m in mentions:
        names.setdefault(m.truth, set()).update((m.entity.name, *m.entity.aliases))
    firsts: dict[str, set[str]] = {}
    for truth, ns in names.items():
        for n in ns:
            firsts.setdefault(n.split()[0].lower(), set()).add(truth)
    different = {tuple(sorted(p)) for ts in firsts.values() for p in itertools.combinations(sorted(ts), 2)}
    spelled = sum(1 for ns in names.values() if len(ns) > 1)
    return len(different) + spelled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="write benchmarks/results/resolution.json")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = score(generate(args.seed))
    print(json.dumps(result, indent=2), flush=True)
    if args.json:
        path = Path(__file__).parent / "results" / "resolution.json"
        path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
