"""What Oxigraph itself costs to list and sort the whole store: the floor under the
stored listing queries (benchmarks/RESULTS.md, "Why listings stay slow on their first run").

    .venv/bin/python benchmarks/query_floor.py benchmarks/out/keep-10000/store

Prints the median seconds and row count of five runs of each probe.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

P = ("PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
     "PREFIX prov: <http://www.w3.org/ns/prov#> ")
PROBES = {
    "article IRIs": "SELECT ?a WHERE { GRAPH ?g { ?a a kg:Article } }",
    "articles + title": "SELECT ?a ?t WHERE { GRAPH ?g { ?a a kg:Article ; dcterms:title ?t } }",
    "articles + title, ORDER BY ?a":
        "SELECT ?a ?t WHERE { GRAPH ?g { ?a a kg:Article ; dcterms:title ?t } } ORDER BY ?a",
    "articles + title, ORDER BY ?a LIMIT 50":
        "SELECT ?a ?t WHERE { GRAPH ?g { ?a a kg:Article ; dcterms:title ?t } } ORDER BY ?a LIMIT 50",
    "sanctions + article": "SELECT ?s ?a WHERE { GRAPH ?g { ?s a kg:Sanction ; prov:wasDerivedFrom ?a } }",
    "sanctions + article, ORDER BY":
        "SELECT ?s ?a WHERE { GRAPH ?g { ?s a kg:Sanction ; prov:wasDerivedFrom ?a } } ORDER BY ?s ?a",
}


def main(argv: list[str]) -> int:
    store = ox.Store.read_only(str(Path(argv[0]).resolve()))
    for name, query in PROBES.items():
        times, rows = [], 0
        for _ in range(5):
            t = time.perf_counter()
            rows = sum(1 for _ in store.query(P + query))
            times.append(time.perf_counter() - t)
        print(f"{name:42s} {statistics.median(times):8.3f} s  {rows:>7,} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
