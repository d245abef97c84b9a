"""What each page shows, as plain values: one function per page, reading the graph through
a :class:`~kg.web.source.GraphSource` (stored queries only) and returning the context its
template renders. The web app and ``kg report`` call the same functions.

Names in URLs are paths under the graph's base, checked against a strict pattern and
looked up in the graph, never in the file system: ``/company/xiaomi`` is ``<base>org/xiaomi``,
``/article/ID`` is ``<base>article/ID``, ``/evidence/ID/SPAN`` is ``<base>evidence/ID/SPAN``
and ``/fact/sanction/...`` is ``<base>sanction/...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.errors import NotFound, UsageError
from kg.web import charts
from kg.web.present import (
    CHANGES,
    confidence,
    format_date,
    format_period,
    format_value,
    local_name,
    number,
    words,
)
from kg.web.source import GraphSource, Row
from kg.web.timeline import Event, build_timeline

_SEGMENT = re.compile(r"^[A-Za-z0-9._~%-]+$")
FACT_KINDS = ("sanction", "order", "metric")
WIKIDATA = "http://www.wikidata.org/entity/"


def _path(text: str, *, parts: int | None = None, what: str) -> str:
    """``text`` when it is a path of safe segments (no ``..``, no empty segment)."""
    segments = text.split("/")
    if (not text or any(not _SEGMENT.match(s) or s in (".", "..") for s in segments)
            or (parts is not None and len(segments) != parts)):
        raise NotFound(f"no {what} {text!r} in the graph")
    return text


@dataclass
class Links:
    """Where a page links to: the web app's routes, or anchors inside one report file."""

    base: str
    report: bool = False
    anchors: dict[str, str] = field(default_factory=dict)  # evidence IRI -> anchor id (report)

    def _under(self, iri: str | None, prefix: str) -> str | None:
        if not iri or not iri.startswith(self.base + prefix):
            return None
        return iri[len(self.base) + len(prefix):]

    def company(self, iri: str | None) -> str | None:
        slug = self._under(iri, "org/")
        if slug is None or self.report:
            return None
        return "/company/" + slug

    def article(self, iri: str | None) -> str | None:
        rest = self._under(iri, "article/")
        if rest is None:
            return None
        return "#art-" + rest if self.report else "/article/" + rest

    def evidence(self, iri: str | None) -> str | None:
        rest = self._under(iri, "evidence/")
        if rest is None:
            return None
        if self.report:
            anchor = self.anchors.setdefault(iri or "", f"ev-{len(self.anchors) + 1}")
            return "#" + anchor
        return "/evidence/" + rest

    def fact(self, iri: str | None) -> str | None:
        if not iri or not iri.startswith(self.base) or self.report:
            return None
        rest = iri[len(self.base):]
        if rest.split("/", 1)[0] not in FACT_KINDS:
            return None
        return "/fact/" + rest


# ------------------------------------------------------------------------ search


def search(source: GraphSource, text: str | None) -> dict[str, Any]:
    text = (text or "").strip()
    if len(text) > 200:
        raise UsageError("search text is longer than 200 characters")
    rows = source.select("company-search", text=text or None)
    links = Links(source.base)
    results = []
    for r in rows:
        same = r.get("sameAs") or ""
        results.append({
            "label": r["label"], "href": links.company(r["company"]),
            "matched": r["matched"] if r["matched"] != r["label"] else "",
            "wikidata": "wd:" + same[len(WIKIDATA):] if same.startswith(WIKIDATA) else "",
            "articles": int(r.get("articles") or 0)})
    return {"query": text, "results": results, "limit": 200}


def resolve_company(source: GraphSource, name: str) -> str:
    """The IRI of the company ``name`` names: a slug, an IRI (``:org/x``, full), a label, an
    alias or a Wikidata id (``wd:Q1636958``, ``Q1636958``). :class:`NotFound` when none does,
    :class:`UsageError` when the name fits several companies."""
    text = name.strip()
    if not text:
        raise UsageError("give a company: a name, alias, slug or Wikidata id")
    base = source.base
    iri = _written_iri(text, base)
    if iri is not None and source.select("company", company=f"<{iri}>"):
        return iri
    rows = source.select("company-search", text=text)
    chosen = _exact_matches(rows, text) or (rows if len(rows) == 1 else [])
    if len({r["company"] for r in chosen}) == 1:
        return chosen[0]["company"] or ""
    if len(chosen) > 1 or len(rows) > 1:
        names = ", ".join(sorted({r["label"] or "" for r in (chosen or rows)})[:5])
        raise UsageError(f"{name!r} names several companies ({names}): give its slug or Wikidata id")
    raise NotFound(f"no company {name!r} in the graph")


_SLUG = re.compile(r"[a-z0-9][a-z0-9._~-]*")


def _written_iri(text: str, base: str) -> str | None:
    """The IRI ``text`` spells out, if it is one: a full IRI, ``:path`` under the base, or a
    slug (``xiaomi`` is ``<base>org/xiaomi``). Tried before searching, since an IRI is exact."""
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith(":"):
        return base + text[1:]
    if _SLUG.fullmatch(text):
        return base + "org/" + text
    return None


def _exact_matches(rows: list[Row], text: str) -> list[Row]:
    """The search rows that match ``text`` exactly (a name, an alias, the label or the
    Wikidata id, with or without ``wd:``), not merely contain it: an exact match decides
    among several companies that contain the text."""
    lowered = text.lower()
    wanted = re.sub(r"^wd:", "", text, flags=re.I).lower()
    exact = []
    for r in rows:
        matched = (r.get("matched") or "").lower()
        same = (r.get("sameAs") or "").lower()
        if matched in (lowered, "wd:" + wanted) or same.endswith("/" + wanted) \
                or (r.get("label") or "").lower() == lowered:
            exact.append(r)
    return exact


# ----------------------------------------------------------------------- company


def company(source: GraphSource, slug: str, *, report: bool = False) -> dict[str, Any]:
    """The company page: profile, current status per sanction, timeline, metrics, articles."""
    base = source.base
    iri = base + "org/" + _path(slug, parts=1, what="company")
    return company_by_iri(source, iri, report=report)


def company_by_iri(source: GraphSource, iri: str, *, report: bool = False) -> dict[str, Any]:
    """The company page's context, in the order its parts are read: each step below is a
    plain function of query rows. In a report, evidence anchors are numbered as the steps
    first link to them (events, then each fact's first quote, then statuses), so the order
    of the steps is the order of the quotes at the end of the report."""
    links = Links(source.base, report=report)
    param = f"<{iri}>"
    profile = _profile(source.select("company", company=param), iri)
    events_rows = source.select("company-timeline", company=param)
    status_rows = source.select("current-status", company=param)
    metric_rows = source.select("metrics", company=param)
    article_rows = source.select("company-articles", company=param)

    merged = _merge_events(events_rows)
    lists = {r["sanction"]: r.get("list") or "" for r in events_rows if r.get("list")}
    events = [_event(r, lists, links) for r in merged.values()]
    evidence_of = _first_evidence(events_rows, links)
    statuses = [_status(r, events_rows, evidence_of, lists, links) for r in status_rows]
    current = {s["sanction"]: s["status"] for s in statuses}
    timeline = build_timeline(events, current, labels={s["sanction"]: s["list"] for s in statuses})
    metrics = sorted((_metric(r, links) for r in metric_rows),
                     key=lambda m: (m["measure"], m["segment"], m["change"], m["period_key"]))
    articles = [_company_article(r, links) for r in article_rows]
    same = profile["same"]

    return {
        "iri": iri, "label": profile["label"], "slug": local_name(iri),
        "evidence_list": _evidence_list(links, events_rows, article_rows),
        "aliases": profile["aliases"], "types": profile["types"],
        "countries": profile["countries"],
        "wikidata": [{"id": s[len(WIKIDATA):], "url": "https://www.wikidata.org/wiki/" + s[len(WIKIDATA):]}
                     for s in same if s.startswith(WIKIDATA)],
        "same_as": [s for s in same if not s.startswith(WIKIDATA)],
        "statuses": statuses, "timeline": timeline, "events": sorted(
            merged.values(), key=lambda r: (r["date"] or "9999", r["kind"] or "")),
        "metrics": metrics, "charts": charts.series(metric_rows), "articles": articles,
        "links": links,
    }


def _profile(rows: list[Row], iri: str) -> dict[str, Any]:
    """The ``company`` query answers one row per (field, value); :class:`NotFound` when it
    answers none, since a company the graph does not describe has no page."""
    if not rows:
        raise NotFound(f"no company {local_name(iri)!r} in the graph")
    return {
        "label": rows[0]["label"] or local_name(iri),
        "aliases": [r["value"] for r in rows if r["field"] == "alias"],
        "same": [r["value"] or "" for r in rows if r["field"] == "sameAs"],
        "types": [local_name(r["value"]) for r in rows if r["field"] == "type"],
        "countries": [r["value"] for r in rows if r["field"] == "country"],
    }


def _merge_events(events_rows: list[Row]) -> dict[tuple[str, ...], dict[str, Any]]:
    """One mark per (sanction, date, kind, type): several articles stating the same event
    are one mark with a count, and its evidence is the first quote's."""
    merged: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in events_rows:
        key = (r["sanction"] or "", r["date"] or "", r["kind"] or "", r["type"] or "")
        if key in merged:
            merged[key]["count"] += 1
            continue
        merged[key] = {**r, "count": 1}
    return merged


def _event(r: dict[str, Any], lists: dict[str | None, str], links: Links) -> Event:
    """A merged timeline row as the :class:`Event` the timeline lays out."""
    return Event(date=r["date"], kind=r["kind"] or "", type=r["type"] or "",
                 sanction=r["sanction"] or "", sanction_label=lists.get(r["sanction"], ""),
                 href=links.evidence(r["evidence"]) or "", quote=r["quote"] or "",
                 detail=r["detail"] or "", count=r["count"])


def _first_evidence(events_rows: list[Row], links: Links) -> dict[str | None, tuple[str | None, str]]:
    """Fact IRI -> (href, quote) of its first event row: the quote a status decided by a
    court order shows. Every row is linked (not only the first per fact) so that a
    report numbers its anchors as it always has."""
    evidence_of: dict[str | None, tuple[str | None, str]] = {}
    for r in events_rows:
        evidence_of.setdefault(r["fact"], (links.evidence(r["evidence"]), r["quote"] or ""))
    return evidence_of


def _status(r: Row, events_rows: list[Row], evidence_of: dict[str | None, tuple[str | None, str]],
            lists: dict[str | None, str], links: Links) -> dict[str, Any]:
    """One ``current-status`` row: the status, what decided it (a court order, or the
    latest article) and the quote that says so."""
    decided = r.get("decidedBy") or ""
    is_order = decided.startswith(links.base + "order/")
    ev_href, quote = evidence_of.get(decided, (None, ""))
    if not is_order:
        ev_href, quote = _stated_by_article(r["sanction"], decided, events_rows, links, (ev_href, quote))
    return {
        "sanction": r["sanction"], "list": lists.get(r["sanction"]) or _sanction_name(r["sanction"] or ""),
        "status": r["status"] or "", "basis": r["basis"] or "",
        "decided_by": decided, "decided_href": links.fact(decided) if is_order else links.article(decided),
        "is_order": is_order,
        "decided_label": _order_type(r["basis"] or "") if is_order else "the latest article",
        "as_of": format_date(r.get("asOf")), "stated": r.get("stated") or "",
        "evidence_href": ev_href, "quote": quote,
        "fact_href": links.fact(r["sanction"])}


def _stated_by_article(sanction: str | None, article: str, events_rows: list[Row], links: Links,
                       found: tuple[str | None, str]) -> tuple[str | None, str]:
    """A status stated by the latest article shows that article's status statement (the
    last such row; every one is linked, as the report's anchor numbering expects);
    ``found`` when the article states none."""
    for e in events_rows:
        if e["sanction"] == sanction and e["kind"] == "status" and e["article"] == article:
            found = links.evidence(e["evidence"]), e["quote"] or ""
    return found


def _metric(r: Row, links: Links) -> dict[str, Any]:
    """One ``metrics`` row as the table shows it (the change named in words, not signed)."""
    return {
        "measure": words(r["measure"]), "segment": r["segment"] or "",
        "period": format_period(r["period"]), "period_key": r["period"] or "",
        "value": format_value(r["value"], r["unit"], r["change"], change_words=False),
        "raw": r["value"], "unit": r["unit"] or "",
        "change": CHANGES.get(r["change"] or "", words(r["change"]).lower()) if r["change"] else "",
        "fact_href": links.fact(r["metric"]), "metric": r["metric"],
        "article_href": links.article(r["article"]), "article_id": local_name(r["article"])}


def _web_url(url: str | None) -> str:
    """``url`` when it is an http(s) address, else "": a page never links to another scheme."""
    return url if url and url.startswith(("http://", "https://")) else ""


def _company_article(r: Row, links: Links) -> dict[str, Any]:
    """One ``company-articles`` row: an article naming the company, with its fact count."""
    return {
        "title": r["title"], "href": links.article(r["article"]), "id": local_name(r["article"]),
        "published": format_date(r["published"]), "publisher": r["publisher"] or "",
        "url": _web_url(r["url"]), "facts": int(r["facts"] or 0)}


def _evidence_list(links: Links, events_rows: list[Row], article_rows: list[Row]) -> list[dict[str, Any]]:
    """The quotes a report's anchors point at, in anchor order (empty on the web, where
    evidence links go to the evidence pages instead)."""
    titles = {r["article"]: (r["title"], format_date(r["published"])) for r in article_rows}
    evidence_list = []
    for ev, anchor in links.anchors.items():
        row = next(r for r in events_rows if r["evidence"] == ev)
        title, published = titles.get(row["article"], (local_name(row["article"]), ""))
        evidence_list.append({"anchor": anchor, "quote": row["quote"] or "", "article": title,
                              "published": published})
    return evidence_list


def _order_type(basis: str) -> str:
    """``court order: FinalOrder`` -> ``Final order``."""
    return words(basis.rsplit(":", 1)[-1].strip()) or "court order"


def _sanction_name(iri: str) -> str:
    """``.../sanction/xiaomi/chinese-communist-military-companies`` -> a readable name."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return "sanction (no list named)" if tail == "-" else tail.replace("-", " ").capitalize()


# ----------------------------------------------------------------------- article


def article(source: GraphSource, article_id: str, *, evidence: str | None = None) -> dict[str, Any]:
    """The article with its text, every fact drawn from it, and the spans highlighted;
    ``evidence`` (the path after ``evidence/``) selects one span to show first."""
    base = source.base
    links = Links(base)
    _path(article_id, parts=1, what="article")
    iri = base + "article/" + article_id
    rows = source.select("article", article=f"<{iri}>")
    if not rows:
        raise NotFound(f"no article {article_id!r} in the graph")
    meta = rows[0]
    facts_rows = source.select("article-facts", article=f"<{iri}>")
    selected_iri = _selected_evidence(base, article_id, evidence, facts_rows)
    text = meta.get("text")
    spans, facts = _spans_and_facts(facts_rows, text, links)
    selected = spans.get(selected_iri or "")
    return {
        "id": article_id, "iri": iri, "title": meta["title"], "published": format_date(meta["published"]),
        "publisher": meta["publisher"] or "", "language": meta["language"] or "",
        "url": _web_url(meta["url"]),
        "sha256": meta["sha256"] or "", "has_text": text is not None,
        "segments": _segments(text or "", list(spans.values()), selected) if text is not None else [],
        "facts": list(facts.values()), "spans": sorted(spans.values(), key=lambda s: (s["start"], s["end"])),
        "selected": selected,
    }


def _selected_evidence(base: str, article_id: str, evidence: str | None, facts_rows: list[Row]
                       ) -> str | None:
    """The IRI of the span ``evidence`` names, or None when none is asked for;
    :class:`NotFound` unless it is a span of this article that some fact rests on (a URL
    may name any path, and only the graph says which exist)."""
    if evidence is None:
        return None
    _path(evidence, parts=2, what="evidence")
    selected_iri = base + "evidence/" + evidence
    if not evidence.startswith(article_id + "/") or not any(
            r["evidence"] == selected_iri for r in facts_rows):
        raise NotFound(f"no evidence {evidence!r} in the graph")
    return selected_iri


def _spans_and_facts(facts_rows: list[Row], text: str | None, links: Links
                     ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Evidence IRI -> span and fact IRI -> fact, each row linking one fact to one span in
    both directions (a span may support several facts, a fact rest on several spans)."""
    spans: dict[str, dict[str, Any]] = {}
    facts: dict[str, dict[str, Any]] = {}
    for r in facts_rows:
        span = spans.setdefault(r["evidence"] or "", _span(r, text, links))
        fact = facts.setdefault(r["fact"] or "", _article_fact(r, links))
        fact["spans"].append(span)
        span["facts"].append(fact)
    return spans, facts


def _span(r: Row, text: str | None, links: Links) -> dict[str, Any]:
    """An evidence span of the row; ``matches`` says whether the stored text still holds
    the quote at its offsets (it may not, if the article was re-ingested)."""
    ev = r["evidence"] or ""
    start, end = int(number(r["from"]) or 0), int(number(r["to"]) or 0)
    return {
        "iri": ev, "start": start, "end": end, "quote": r["quote"] or "",
        "href": links.evidence(ev), "anchor": "span-" + local_name(ev),
        "confidence": confidence(r["confidence"]), "facts": [],
        "matches": text is not None and text[start:end] == (r["quote"] or "")}


def _article_fact(r: Row, links: Links) -> dict[str, Any]:
    """The fact of the row, summarised in words, with its subject company."""
    return {
        "iri": r["fact"], "kind": r["kind"], "href": links.fact(r["fact"]),
        "summary": _fact_summary(r), "subject": r["subject"] or local_name(r["subjectIri"]),
        "subject_href": links.company(r["subjectIri"]), "spans": []}


def _fact_summary(r: Row) -> str:
    kind = r.get("kind")
    if kind == "Sanction":
        parts = [r.get("what") or "sanction"]
        if r.get("status"):
            parts.append(f"status {r['status']}")
        if r.get("start"):
            parts.append(f"from {format_date(r['start'])}")
        if r.get("end"):
            parts.append(f"until {format_date(r['end'])}")
        return ", ".join(parts)
    if kind == "CourtOrder":
        parts = [words(r.get("what"))]
        if r.get("court"):
            parts.append(f"by {r['court']}")
        if r.get("date"):
            parts.append(format_date(r["date"]))
        return ", ".join(parts)
    parts = [words(r.get("what"))]
    if r.get("segment"):
        parts.append(f"({r['segment']})")
    parts.append(format_value(r.get("value"), r.get("unit"), r.get("change")))
    if r.get("period"):
        parts.append(f"in {format_period(r['period'])}")
    return " ".join(parts)


def _segments(text: str, spans: list[dict[str, Any]], selected: dict[str, Any] | None
              ) -> list[dict[str, Any]]:
    """The text cut at every span boundary: each piece with the spans covering it."""
    cuts = {0, len(text)}
    for s in spans:
        if 0 <= s["start"] < s["end"] <= len(text):
            cuts.update((s["start"], s["end"]))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        out.append({
            "text": text[a:b], "spans": covering,
            "selected": selected is not None and selected in covering,
            "first": selected is not None and a == selected["start"],
            "href": (min(covering, key=lambda s: s["end"] - s["start"])["href"] if covering else None)})
    return out


# -------------------------------------------------------------------------- fact


def fact(source: GraphSource, path: str) -> dict[str, Any]:
    """Every article and quote behind one sanction, court order or metric."""
    _path(path, what="fact")
    if path.split("/", 1)[0] not in FACT_KINDS:
        raise NotFound(f"no fact {path!r} in the graph")
    base = source.base
    links = Links(base)
    iri = base + path
    rows = source.select("provenance", fact=f"<{iri}>")
    if not rows:
        raise NotFound(f"no fact {path!r} in the graph")
    by_article: dict[str, list[Row]] = {}
    for r in rows:
        if r["article"] not in by_article:
            by_article[r["article"] or ""] = [
                f for f in source.select("article-facts", article=f"<{r['article']}>") if f["fact"] == iri]
    mine = [f for fs in by_article.values() for f in fs]
    summary = _fact_summary(mine[-1]) if mine else words(local_name(iri))
    subject = (mine[0]["subject"], links.company(mine[0]["subjectIri"])) if mine else ("", None)
    quotes = []
    for r in rows:
        art_id = local_name(r["article"])
        ev = next((f["evidence"] for f in by_article.get(r["article"] or "", [])
                   if f["from"] == r["start"] and f["to"] == r["end"]), None)
        quotes.append({
            "article": r["title"] or art_id, "article_href": links.article(r["article"]),
            "published": format_date(r["published"]), "quote": r["quote"],
            "confidence": confidence(r["confidence"]), "start": r["start"], "end": r["end"],
            "href": links.evidence(ev) if ev else None})
    return {"iri": iri, "path": path, "kind": path.split("/", 1)[0], "summary": summary,
            "subject": subject[0], "subject_href": subject[1], "quotes": quotes}
