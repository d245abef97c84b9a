"""Markdown tables from ``run.py --json`` outputs, for benchmarks/RESULTS.md.

    python benchmarks/report.py out/r100.json out/r1000.json out/r10000.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

STAGES = ("ingest", "extract", "map", "validate", "write", "load", "answers", "total")


def _f(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:,.{digits}f}"
    return str(value)


def tables(runs: list[dict]) -> str:
    head = "| | " + " | ".join(f"{r['articles']:,} articles" for r in runs) + " |"
    rule = "|---|" + "---:|" * len(runs)
    out = ["### Stages (seconds; peak RSS of the process tree in MB)", "", head, rule]
    for stage in STAGES:
        present = [r["stages"][stage] for r in runs if stage in r["stages"]]
        if not present:
            continue
        clock = present[0]["clock"]
        label = f"{stage} ({'sum over workers' if clock != 'wall' else 'wall'})"
        cells = [f"{_f(r['stages'][stage]['seconds'])} s · {_f(r['stages'][stage]['peak_rss_mb'], 0)} MB"
                 if stage in r["stages"] else "–" for r in runs]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    rows = [
        ("ms per article (wall)", lambda r: _f(r["ms_per_article"])),
        ("CPU ms per article (process tree)", lambda r: _f(r["build"]["cpu_seconds"] * 1000 / r["articles"])),
        ("articles / s", lambda r: _f(r["articles_per_second"], 2)),
        ("words / s", lambda r: _f(r["words_per_second"], 0)),
        ("quads", lambda r: _f(r["quads"], 0)),
        ("peak RSS, MB (max of tree samples and the main process's high-water mark)",
         lambda r: _f(max(r["peak_rss_mb"], r["build"]["self_maxrss_mb"]), 0)),
        ("  main process / one worker high-water mark, MB",
         lambda r: f"{_f(r['build']['self_maxrss_mb'], 0)} / {_f(r['build']['children_maxrss_mb'], 0)}"),
        ("other processes' load during the build, cores", lambda r: _f(r["build"]["foreign_cores"], 2)),
        ("spaCy nlp.pipe, 1 process, s (articles)",
         lambda r: f"{_f(r['baselines']['spacy_pipe']['seconds'])} ({r['baselines']['spacy_pipe']['articles']:,})"),
        ("extract_many, 1 process, s", lambda r: _f(r["baselines"]["extract_many"]["seconds"])),
        ("spaCy nlp.pipe n_process=2, s",
         lambda r: _f(r["baselines"].get("spacy_pipe_n_process", {}).get("seconds"))),
        ("Store.bulk_load of the output, s", lambda r: _f(r["baselines"]["bulk_load"]["seconds"], 2)),
    ]
    out += ["", "### Rates and floors", "", head, rule]
    out += [f"| {name} | " + " | ".join(fn(r) for r in runs) + " |" for name, fn in rows]
    names = []
    for r in runs:
        for k in r["ratios"]:
            if k not in names:
                names.append(k)
    out += ["", "### Ratios", "", head, rule]
    out += [f"| {k} | " + " | ".join(_f(r["ratios"].get(k), 3) for r in runs) + " |" for k in names]
    queries = sorted({q for r in runs for q in r.get("queries", {})})
    if queries:
        out += ["", "### Stored queries, median ms on an open store (rows)", "", head, rule]
        for q in queries:
            cells = []
            for r in runs:
                v = r.get("queries", {}).get(q)
                if v is None:
                    cells.append("–")
                elif "median_ms" in v:
                    runs_note = "" if v.get("runs", 5) > 1 else ", 1 run"
                    cells.append(f"{_f(v['median_ms'])} ({v['rows']:,}{runs_note})")
                else:
                    cells.append("timeout" if "within" in v["error"] else "error")
            out.append(f"| {q} | " + " | ".join(cells) + " |")
        cached = [q for q in queries
                  if any("run_query_cached_median_ms" in r.get("queries", {}).get(q, {}) for r in runs)]
        if cached:
            out += ["", "### `kg query` (run_query, CSV), ms: first run after the build "
                    "(answered ahead by it, or run then) / first run with nothing kept → later runs",
                    "", head, rule]
            for q in cached:
                cells = []
                for r in runs:
                    v = r.get("queries", {}).get(q, {})
                    first = (f"{_f(v['run_query_after_build_ms'])} / "
                             if "run_query_after_build_ms" in v else "")
                    cells.append(f"{first}{_f(v['run_query_cold_ms'])} → "
                                 f"{_f(v['run_query_cached_median_ms'])}"
                                 if "run_query_cached_median_ms" in v else "–")
                out.append(f"| {q} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    runs = sorted((json.loads(Path(p).read_text(encoding="utf-8")) for p in argv), key=lambda r: r["articles"])
    print(tables(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
