"""Consistency check of a development set's gold against its articles (no extractor involved):
``python tests/check_gold.py tests/devset5`` (devset4 and devset5 were written with it).

Checks: valid JSON with the keys of ../shared/eval/gold/*.json; every name, alias,
target, authority, list, court and metric company occurs verbatim in the article text;
controlled values; date and period formats; published date equals the front matter.
"""

import json
import pathlib
import re
import sys

HERE = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/devset5")
TOP = ["article", "published", "companies", "sanctions", "court_orders", "metrics"]
SK = ["target", "authority", "list", "date", "status"]
CK = ["court", "date", "type", "about_target"]
MK = ["company", "measure", "value", "unit", "period", "segment", "change"]
STATUS = {"active", "suspended", "lifted", "proposed", None}
TYPES = {"preliminary injunction", "final order", "ruling", "other"}
MEASURES = {"revenue", "net income", "operating profit", "shipments", "market share", "users", "employees"}
UNITS = {"units", "percent", "EUR", "USD", "CNY", "JPY", "BYN", "HKD", "KRW", "GBP", None}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PERIOD = re.compile(r"^\d{4}(-Q[1-4]|-H[12]|-\d{2})?$")
errors = []


def err(f, msg):
    errors.append(f"{f}: {msg}")


for gf in sorted((HERE / "gold").glob("*.json")):
    g = json.loads(gf.read_text())
    art = HERE / "articles" / g["article"]
    if art.stem != gf.stem or not art.exists():
        err(gf.name, "article file missing or stem differs")
        continue
    raw = art.read_text()
    fm, body = raw.split("---\n", 2)[1], raw.split("---\n", 2)[2]
    pub = re.search(r"^published: (\S+)$", fm, re.M).group(1)
    if pub != g["published"]:
        err(gf.name, f"published {g['published']} != front matter {pub}")
    if list(g) != TOP:
        err(gf.name, f"top keys {list(g)}")
    words = len(body.split())
    if not 200 <= words <= 600:
        err(gf.name, f"{words} words")

    def occurs(s, what):
        if s is not None and s not in body and not (what == "alias" and s.lower() in body.lower()):
            err(gf.name, f"{what} {s!r} not verbatim in the article")

    names = set()
    for c in g["companies"]:
        if not set(c) <= {"name", "aliases_in_text", "note"}:
            err(gf.name, f"company keys {list(c)}")
        occurs(c["name"], "company")
        names.add(c["name"])
        for a in c.get("aliases_in_text", []):
            occurs(a, "alias")
    for s in g["sanctions"]:
        if [k for k in s if k != "note"] != SK:
            err(gf.name, f"sanction keys {list(s)}")
        occurs(s["target"], "target")
        occurs(s["authority"], "authority")
        occurs(s["list"], "list")
        if s["target"] not in names and "Public Security Bureau" not in s["target"]:
            err(gf.name, f"target {s['target']} not in companies")
        if s["status"] not in STATUS:
            err(gf.name, f"status {s['status']}")
        if s["date"] is not None and not DATE.match(s["date"]):
            err(gf.name, f"date {s['date']}")
    for c in g["court_orders"]:
        if [k for k in c if k != "note"] != CK:
            err(gf.name, f"court keys {list(c)}")
        occurs(c["court"], "court")
        occurs(c["about_target"], "about_target")
        if c["about_target"] not in names:
            err(gf.name, f"about_target {c['about_target']} not in companies")
        if c["type"] not in TYPES:
            err(gf.name, f"type {c['type']}")
        if c["date"] is not None and not DATE.match(c["date"]):
            err(gf.name, f"date {c['date']}")
    for m in g["metrics"]:
        if [k for k in m if k != "note"] != MK:
            err(gf.name, f"metric keys {list(m)}")
        occurs(m["company"], "metric company")
        if m["company"] not in names:
            err(gf.name, f"metric company {m['company']} not in companies")
        if m["measure"] not in MEASURES:
            err(gf.name, f"measure {m['measure']}")
        if m["unit"] not in UNITS:
            err(gf.name, f"unit {m['unit']}")
        if m["change"] not in {None, "yoy", "qoq"}:
            err(gf.name, f"change {m['change']}")
        if m["change"] and m["unit"] != "percent":
            err(gf.name, "change without percent")
        if m["period"] is not None and not PERIOD.match(m["period"]):
            err(gf.name, f"period {m['period']}")
        if not isinstance(m["value"], (int, float)):
            err(gf.name, f"value {m['value']}")
    print(
        f"{gf.stem}: {words} words, {len(g['companies'])} companies, {len(g['sanctions'])} sanctions, "
        f"{len(g['court_orders'])} court orders, {len(g['metrics'])} metrics"
    )

print("\n".join(errors) if errors else "all checks passed")
sys.exit(1 if errors else 0)
