"""Review in the browser: the review queue, judgements on facts, same/different on companies.

The queue is read from the graph (the ``review-queue`` stored query: facts with their
least confident quote, least confident first). Judgements are written by
``kg.review.judge_fact``/``judge_entities`` (branch ``curation``) to the same curation
file as ``kg review``, and read back with ``kg.curation.load`` — this module only turns a
form into one call of those functions, so the web view and the command line cannot
disagree about what a judgement is. A rebuild (``kg build
--curation FILE``) applies them; until then the queue shows each fact's judgement.

Every route here that changes anything is a POST whose form is read through
:func:`kg.web.app.checked_form` (the CSRF check).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import KgError, UsageError
from kg.web.pages import Links, resolve_company
from kg.web.present import confidence, local_name, number, words
from kg.web.source import Row

#: what a correction may change, per kind of fact (the property's local name in kg:)
CORRECTABLE = {
    "Sanction": ("status", "startDate", "endDate", "listedOn", "imposedBy"),
    "CourtOrder": ("orderType", "date", "issuedBy", "inFavorOf"),
    "Metric": ("value", "unit", "period", "measure", "segment", "change"),
}
PAGE = 100


class CurationUnavailable(KgError):
    """The review pages need :mod:`kg.curation`, which this installation lacks."""


def _curation() -> Any:
    try:
        from kg import curation
    except ImportError:
        raise CurationUnavailable(
            "reviewing needs kg.curation (the curation file's reader and writer), which this "
            "version of newskg does not have yet") from None
    return curation


# ------------------------------------------------------------- the curation adapter
# The one place that knows kg.curation's functions.


def states(curation_file: Path, base: str | None = None) -> dict[str, dict[str, str]]:
    """Fact IRI -> its judgement (``action``: accepted/rejected/corrected, ``reason``, ``value``)."""
    if not curation_file.exists():
        return {}
    cur = _curation()
    curation = cur.load(curation_file, base) if base else cur.load(curation_file)
    out: dict[str, dict[str, str]] = {}
    for fact, judgements in curation.by_fact().items():
        state = curation.state(fact)
        reason = next((j.reason or "" for j in judgements if j.kind == "reject"), "")
        value = next((f"{j.prop} = {j.value}" for j in judgements if j.kind == "correct"), "")
        out[fact] = {"action": state.removesuffix("ed") if state != "pending" else "", "reason": reason,
                     "value": value}
    return {k: v for k, v in out.items() if v["action"]}


def decide(web: Any, action: str, form: dict[str, str]) -> str:
    """Write one judgement through kg.review (the functions behind ``kg review``)."""
    _curation()
    from kg import review as kg_review

    store_dir = web.source.store_dir
    if store_dir is None:
        raise UsageError("reviewing needs the embedded store of the last build (kg serve --store)")
    who = "kg serve"
    if action in ("accept", "reject", "correct"):
        fact = form.get("fact", "").strip()
        if not fact:
            raise UsageError("no fact given")
        if action == "reject" and not form.get("reason", "").strip():
            raise UsageError("a rejection needs a reason")
        if action == "correct" and not (form.get("property", "").strip() and form.get("value", "").strip()):
            raise UsageError("a correction needs a property and a value")
        kg_review.judge_fact(action, fact, curation_path=web.curation, store_dir=store_dir, by=who,
                             reason=form.get("reason") or None, prop=form.get("property") or None,
                             value=form.get("value") or None)
        return {"accept": "accepted", "reject": "rejected", "correct": "corrected"}[action] + " " + local_name(fact)
    if action in ("same", "different"):
        a, b = form.get("a", "").strip(), form.get("b", "").strip()
        if not a or not b or a == b:
            raise UsageError("same/different needs two different companies")
        kg_review.judge_entities(action, a, b, curation_path=web.curation, store_dir=store_dir, by=who)
        return f"{local_name(a)} and {local_name(b)}: {action}"
    raise UsageError(f"unknown review action {action!r}")


# ----------------------------------------------------------------------- the pages


def queue(web: Any, *, company: str | None, below: str | None, pending: bool,
          page: int = 1) -> dict[str, Any]:
    source = web.source
    links = Links(source.base)
    iri = resolve_company(source, company) if company else None
    limit = number(below) if below else None
    if below and limit is None:
        raise UsageError(f"below: expected a confidence like 0.8, got {below!r}")
    rows = source.select("review-queue", company=f"<{iri}>" if iri else None)
    judged = states(web.curation, source.base)
    items = []
    for r in rows:
        conf = number(r["confidence"])
        if limit is not None and conf is not None and conf >= limit:
            continue
        state = judged.get(r["fact"] or "")
        if pending and state:
            continue
        items.append({
            "fact": r["fact"], "kind": r["kind"], "fact_href": links.fact(r["fact"]),
            "name": _fact_name(r["fact"] or "", source.base),
            "company": r["companyLabel"] or local_name(r["company"]),
            "company_href": links.company(r["company"]),
            "confidence": confidence(r["confidence"]), "quote": r["quote"] or "",
            "evidence_href": links.evidence(r["evidence"]), "article": local_name(r["article"]),
            "state": state, "properties": CORRECTABLE.get(r["kind"] or "", ())})
    total = len(items)
    page = max(page, 1)
    return {"items": items[(page - 1) * PAGE: page * PAGE], "total": total, "page": page,
            "pages": max((total + PAGE - 1) // PAGE, 1), "company": company or "",
            "below": below or "", "pending": pending, "curation": str(web.curation)}


def _fact_name(iri: str, base: str) -> str:
    """``sanction/xiaomi/chinese-communist-military-companies`` -> readable words."""
    rest = iri[len(base):] if iri.startswith(base) else iri
    parts = [p for p in rest.split("/")[1:] if p and p != "-"]
    return " · ".join(p.replace("-", " ") for p in parts)


_NORM = re.compile(r"[^a-z0-9]+")


def duplicate_candidates(web: Any, limit: int = 50) -> list[dict[str, Any]]:
    """Pairs of companies whose names suggest one company: one name is the start of the
    other's (word by word), or they share a Wikidata id or an alias."""
    source = web.source
    links = Links(source.base)
    rows = source.select("companies")
    judged = states(web.curation, source.base)
    names = {r["company"] or "": _name_words(r["label"]) for r in rows}
    info = {r["company"] or "": _company_info(r, links) for r in rows}
    pairs = dict.fromkeys(_prefix_pairs(names), "one name starts the other")
    for key, why in SHARED:
        for pair in _sharing_pairs(info, key):
            pairs.setdefault(pair, why)
    ranked = sorted(pairs.items(), key=lambda kv: (-(info[kv[0][0]]["articles"]
                                                     + info[kv[0][1]]["articles"]), kv[0]))
    return [{"a": info[a], "b": info[b], "why": why, "state": judged.get(a) or judged.get(b)}
            for (a, b), why in ranked[:max(limit, 1)]]  # at least one pair, as it always was


#: what else two companies may share that suggests they are one, and how the page says so
#: (after the names: the first reason found for a pair is the one shown)
SHARED = (("same", "same Wikidata id"), ("aliases", "a shared alias"))


def _name_words(label: str | None) -> tuple[str, ...]:
    """A name as lower-case words without punctuation: ``Acme Corp.`` -> (acme, corp)."""
    return tuple(w for w in _NORM.split((label or "").lower()) if w)


def _company_info(r: Row, links: Links) -> dict[str, Any]:
    """One ``companies`` row as a side of a pair. Aliases starting with "the " are left out:
    descriptions such as "the smartphone maker" would pair unrelated companies."""
    return {"iri": r["company"], "label": r["label"], "href": links.company(r["company"]),
            "articles": int(r["articles"] or 0),
            "same": set((r["sameAs"] or "").split()),
            "aliases": {a.strip().lower() for a in (r["aliases"] or "").split(" | ")
                        if a.strip() and not a.strip().lower().startswith("the ")}}


def _pairs_in(group: list[str]) -> Iterator[tuple[str, str]]:
    """Each unordered pair of ``group`` once, as (smaller IRI, larger IRI)."""
    for a in group:
        for b in group:
            if a < b:
                yield a, b


def _prefix_pairs(names: dict[str, tuple[str, ...]]) -> Iterator[tuple[str, str]]:
    """Pairs whose shorter name is the start of the longer one, word by word ("Acme" and
    "Acme Corp", not "Acm" and "Acme"); only names sharing a first word are compared."""
    by_first: dict[str, list[str]] = {}
    for iri, w in names.items():
        if w:
            by_first.setdefault(w[0], []).append(iri)
    for group in by_first.values():
        for a, b in _pairs_in(group):
            short, long_ = sorted((names[a], names[b]), key=len)
            if long_[:len(short)] == short:
                yield a, b


def _sharing_pairs(info: dict[str, dict[str, Any]], key: str) -> Iterator[tuple[str, str]]:
    """Pairs of companies with a value in common in the set ``info[iri][key]``."""
    holders: dict[str, list[str]] = {}
    for iri, i in info.items():
        for value in i[key]:
            holders.setdefault(value, []).append(iri)
    for group in holders.values():
        yield from _pairs_in(group)


def routes(web: Any, page: Callable[[Callable[[Request], Any]], Any]) -> list[Route]:
    from starlette.concurrency import run_in_threadpool

    from kg.web.app import checked_form, redirect

    def review_page(request: Request) -> Response:
        q = request.query_params
        try:
            page_no = int(q.get("page") or 1)
        except ValueError:
            raise UsageError("page: expected a number") from None
        ctx = queue(web, company=q.get("company") or None, below=q.get("below") or None,
                    pending=q.get("pending") == "1", page=page_no)
        return web.render(request, "review.html", done=q.get("done", ""), **ctx)

    def entities_page(request: Request) -> Response:
        return web.render(request, "review_entities.html", done=request.query_params.get("done", ""),
                          pairs=duplicate_candidates(web), curation=str(web.curation))

    def post(action: str, back: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            form = await checked_form(request)
            message = await run_in_threadpool(decide, web, action, form)
            keep = {k: form[k] for k in ("company", "below", "pending", "page") if form.get(k)}
            return redirect(f"{back}?{urlencode({**keep, 'done': message})}")

        return endpoint

    return [
        Route("/review", page(review_page), methods=["GET"]),
        Route("/review/entities", page(entities_page), methods=["GET"]),
        Route("/review/accept", post("accept", "/review"), methods=["POST"]),
        Route("/review/reject", post("reject", "/review"), methods=["POST"]),
        Route("/review/correct", post("correct", "/review"), methods=["POST"]),
        Route("/review/same", post("same", "/review/entities"), methods=["POST"]),
        Route("/review/different", post("different", "/review/entities"), methods=["POST"]),
    ]


__all__ = ["CORRECTABLE", "decide", "duplicate_candidates", "queue", "routes", "states", "words"]
