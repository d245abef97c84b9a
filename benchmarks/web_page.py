"""How long ``kg serve`` takes to render a company page, on a built store.

    .venv/bin/python benchmarks/web_page.py benchmarks/out/web-10000/store [--runs 15] [--json]

Measures, through the whole application in process (Starlette's TestClient: routing,
the stored queries on the embedded store, the timeline and charts, the templates), the
median of ``--runs`` renders of ``/company/<slug>`` for the companies with the most
articles (the heaviest pages), for one with few, and for the search page; the first
render of each is reported apart (cold caches). Target (issue 15): a company page in
under 300 ms (median) on the 10,000-article store.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--companies", type=int, default=3, help="how many of the most-mentioned companies")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from starlette.testclient import TestClient

    from kg.web.app import create_app
    from kg.web.source import GraphSource

    source = GraphSource.for_store(args.store)
    rows = source.select("company-search")
    picked = rows[:args.companies] + ([rows[-1]] if len(rows) > args.companies else [])
    urls = [("/company/" + r["company"].rsplit("/", 1)[-1], int(r["articles"] or 0)) for r in picked]
    urls.append(("/?q=" + (rows[0]["label"] or "a")[:4], 0))
    results = []
    with TestClient(create_app(source, allowed_hosts=["testserver"])) as client:
        for url, articles in urls:
            t = time.perf_counter()
            first = client.get(url)
            cold = (time.perf_counter() - t) * 1000
            assert first.status_code == 200, (url, first.status_code)
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200
            results.append({"url": url, "articles": articles, "first_ms": round(cold, 1),
                            "median_ms": round(statistics.median(times), 1),
                            "max_ms": round(max(times), 1), "bytes": len(first.content)})
    company = [r for r in results if r["url"].startswith("/company/")]
    summary = {"store": str(args.store), "runs": args.runs, "pages": results,
               "worst_company_median_ms": max(r["median_ms"] for r in company),
               "target_ms": TARGET_MS,
               "meets_target": max(r["median_ms"] for r in company) < TARGET_MS}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for r in results:
            print(f"{r['url']:<48} {r['articles']:>5} articles  first {r['first_ms']:>7.1f} ms  "
                  f"median {r['median_ms']:>7.1f} ms  max {r['max_ms']:>7.1f} ms  {r['bytes']:>7,} bytes")
        print(f"worst company page median: {summary['worst_company_median_ms']} ms "
              f"(target < {TARGET_MS:.0f} ms: {'yes' if summary['meets_target'] else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
