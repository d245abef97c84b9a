"""Peak memory of ``kg build`` against article size: it must grow linearly (issue 13/16:
a 1 MB article under 1 GB). Each size is built in a fresh process (``/usr/bin/time``-free:
the child reports its own ``ru_maxrss``), from text made of the development articles.

    .venv/bin/python benchmarks/memory.py --sizes 250000 500000 1000000 --json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import resource, sys, time
from kg import pipeline
t = time.perf_counter()
pipeline.build([sys.argv[1]], output=sys.argv[2], store_dir=None, jobs=1, use_cache=False, answer_ahead=False)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, round(time.perf_counter() - t, 2))
"""


def article_of(size: int) -> str:
    bodies = []
    for folder in ("devset", "devset3", "devset4"):
        for path in sorted((ROOT / "tests" / folder / "articles").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            bodies.append(text.split("---", 2)[2].strip() if text.startswith("---") else text.strip())
    body = "\n\n".join(bodies)
    text = (body + "\n\n") * (size // len(body) + 1)
    return "---\ntitle: big\npublished: 2024-06-14\n---\n" + text[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, 1_000_000])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            src = Path(tmp) / f"a{size}.txt"
            src.write_text(article_of(size), encoding="utf-8")
            out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(Path(tmp) / f"g{size}.ttl")],
                                 capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
            rows.append({"bytes": size, "peak_rss_mb": int(out[0]), "seconds": float(out[1]),
                         "mb_per_mb": round(int(out[0]) / (size / 1e6), 1)})
    if args.json:
        print(json.dumps({"memory_by_article_size": rows}, indent=2))
    else:
        for r in rows:
            print(f"{r['bytes']:>9,} bytes  {r['peak_rss_mb']:>6} MB peak  {r['seconds']:>7.1f} s")


if __name__ == "__main__":
    main()
