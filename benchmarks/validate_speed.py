"""Per-article SHACL validation: this checkout's ``kg.validate`` against a baseline revision.

The article graphs are made the way a build worker makes them (extract, map the
article and its entities), from the dev set, the held-out set, the seeds and N
generated articles; they are cached as N-Quads in ``benchmarks/out/`` so repeats
skip spaCy. The baseline ``kg/validate.py`` is read from git (``--baseline``, default
the commit this branch started from) and imported beside the current one, so both run
in the same process, on the same graphs, under the same load.

Each repeat validates every graph with both, interleaved article by article and
alternating which goes first, and sums CPU time (``time.process_time``) per side; the
table gives the median over repeats. Every article's Report (conforms, issues,
report Turtle) must be identical between the two, or the script fails.

    PYTHONPATH=$PWD python benchmarks/validate_speed.py --articles 200 --repeats 7
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.graph import ReadOnlyGraphAggregate  # noqa: E402

BASELINE = "655a158"  # validate-speed branched here
BASE_IRI = "https://w3id.org/newskg/id/"


def baseline_module(rev: str) -> ModuleType:
    """``kg/validate.py`` as of ``rev``, imported as ``kg._validate_baseline``."""
    source = subprocess.run(["git", "show", f"{rev}:kg/validate.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    out = ROOT / "benchmarks" / "out" / f"validate_{rev}.py"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("kg._validate_baseline", out)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    # it lives outside kg/, so it would look for ontology/ beside benchmarks/out/
    module.ontology_dir = lambda: ROOT / "ontology"
    return module


def article_paths(n: int, seed: int) -> list[Path]:
    """The dev set, held-out set, seeds and ``n`` generated articles."""
    import generate

    paths = []
    for folder in (ROOT / "tests" / "devset" / "articles", ROOT / "tests" / "heldout" / "articles",
                   ROOT / "seeds"):
        paths += sorted(p for p in folder.iterdir() if p.is_file())
    return paths + generate.write_corpus(ROOT / "benchmarks" / "out" / f"corpus_{seed}_{n}", n, seed)


def article_graphs(n: int, seed: int) -> list[tuple[str, Graph, Graph]]:
    """(name, article graph, entity graph) per article, as a build worker maps them."""
    cache = ROOT / "benchmarks" / "out" / f"validate_graphs_{seed}_{n}.json"
    if not cache.exists():
        from kg import mapping
        from kg.extract import extract_many
        from kg.extract import nlp as nlp_mod
        from kg.ingest import read_article
        from kg.write import graph_quads

        articles = [read_article(p) for p in article_paths(n, seed)]
        nlp = nlp_mod.load(None)
        rows = []
        for article, x in zip(articles, extract_many(articles, nlp, batch_size=8)):
            name = Path(article.path).name
            minter = mapping.Minter(BASE_IRI)
            graph = mapping.article_graph(x, {e.key: e for e in x.entities}, minter)
            entities = mapping.entity_graph(x.entities, minter)
            rows.append([name] + [ox.serialize(graph_quads(g), format=ox.RdfFormat.N_QUADS).decode()
                                  for g in (graph, entities)])
        cache.write_text(json.dumps(rows), encoding="utf-8")
    from kg.validate import read_rdf

    out = []
    tmp = cache.with_suffix(".nq")
    for name, a, e in json.loads(cache.read_text(encoding="utf-8")):
        graphs = []
        for text in (a, e):
            tmp.write_text(text, encoding="utf-8")
            graphs.append(read_rdf(tmp))
        out.append((name, *graphs))
    tmp.unlink()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=200, help="generated articles (≤ 1000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--baseline", default=BASELINE, help="git revision of the old kg/validate.py")
    args = ap.parse_args(argv)
    if args.articles > 1000:
        ap.error("--articles above 1000: not on a shared 2-core machine")

    import kg.validate as new

    old = baseline_module(args.baseline)
    graphs = article_graphs(args.articles, args.seed)
    views = [(name, ReadOnlyGraphAggregate([a, e])) for name, a, e in graphs]
    triples = sum(len(a) + len(e) for _, a, e in graphs)

    # warm up both (shapes, caches) and check that every report is identical
    failing = 0
    for name, view in views:
        r_old, r_new = old.validate_graph(view), new.validate_graph(view)
        if (r_old.conforms, r_old.issues, r_old.report_ttl) != (r_new.conforms, r_new.issues,
                                                                r_new.report_ttl):
            print(f"DIFFERENT REPORT for {name}", file=sys.stderr)
            return 1
        failing += not r_new.conforms

    sides = {"old": old.validate_graph, "new": new.validate_graph}
    totals: dict[str, list[float]] = {"old": [], "new": []}
    for rep in range(args.repeats):
        spent = {"old": 0.0, "new": 0.0}
        for i, (_, view) in enumerate(views):
            order = ("old", "new") if (i + rep) % 2 == 0 else ("new", "old")
            for side in order:
                t = time.process_time()
                sides[side](view)
                spent[side] += time.process_time() - t
        for side in spent:
            totals[side].append(spent[side])

    n = len(views)
    med = {side: statistics.median(v) for side, v in totals.items()}
    print(f"{n} article graphs ({triples / n:.0f} triples each on average, {failing} not conforming), "
          f"{args.repeats} repeats, CPU time, baseline {args.baseline}")
    print("| path | ms per article (median) | min | max |")
    print("|---|---|---|---|")
    for side in ("old", "new"):
        v = totals[side]
        print(f"| {side} | {1000 * med[side] / n:.2f} | {1000 * min(v) / n:.2f} | {1000 * max(v) / n:.2f} |")
    print(f"new / old = {med['new'] / med['old']:.3f}  ({1 - med['new'] / med['old']:.0%} cheaper)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
