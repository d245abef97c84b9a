"""The article's drafts become its facts: order mentions merge into decisions, statements
about one target into one sanction, whose status the decisions and cues imply."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.authorities import best_authority, gazetteer_entity, maintainer, parent_of_keeper
from kg.extract.dates import Anchor
from kg.extract.entities import EntityTable
from kg.extract.legal_drafts import OrderDraft, SanctionDraft, dedupe_evidence, earliest, is_before, most_precise
from kg.models import COMPANY, COURT, GOVERNMENT, PERSON, CourtOrder, DateValue, Entity, Sanction


def _same_decision(a: OrderDraft, b: OrderDraft) -> bool:
    """Whether two mentions of one type of order can be one decision: not when their sentences
    name different courts, nor different dates at the precision both give."""
    if a.court_named and b.court_named and a.court != b.court:
        return False
    da, db = most_precise(a.dates), most_precise(b.dates)
    if da and db:
        n = min(len(da.iso), len(db.iso))
        return da.iso[:n] == db.iso[:n]
    return True


def finish(sanctions: dict[str, SanctionDraft], orders: list[OrderDraft],
            provisional: set[str | None], table: EntityTable,
            anchor: Anchor | None, extra: dict[str, Entity]) -> tuple[list[Sanction], list[CourtOrder]]:
    from kg.extract import gazetteer

    gaz = gazetteer.load()
    # Merge order mentions into decisions; an unqualified ruling about a target whose lifting
    # the article calls provisional is that provisional order.
    sanctioned = {t for t, _ in sanctions}
    if sanctioned:
        by_sentence: dict[int, list[OrderDraft]] = {}
        for o in orders:
            by_sentence.setdefault(o.evidence[0].start, []).append(o)
        orders = [o for group in by_sentence.values() for o in group
                  if o.target in sanctioned or not any(x.target in sanctioned for x in group)]
    orders = orders + _for_the_group(orders, sanctions)
    targets_with_orders = {o.target for o in orders if o.group_of is None}
    # one entry per decision: mentions of one type about one target are one decision unless they
    # name different courts or different dates ("the judge paused the ban on May 3 ... a second
    # judge blocked it on June 9"); a ruling read as the provisional order joins that order
    merged: list[OrderDraft] = []
    for o in orders:
        kind = o.order_type
        converted = False
        if kind in ("Ruling", "OtherOrder") and not o.upholds and not o.appeals and not o.explicit and (
                o.target in provisional or o.group_of in provisional or (
                    None in provisional and len(targets_with_orders) == 1)):
            kind, converted = "PreliminaryInjunction", True
        same = [m for m in merged if (m.target, m.order_type) == (o.target, kind)]
        into = next((m for m in same if converted or _same_decision(m, o)), None)
        if into is not None:
            into.evidence.extend(o.evidence)
            if o.court_named and not into.court_named:  # the court a later sentence names
                into.court, into.court_named = o.court, True
            into.court = into.court or o.court
            into.judge = into.judge or o.judge
            into.dates.extend(o.dates)
            into.favor = into.favor or o.favor
            into.lists.extend(o.lists)
        else:
            o.order_type = kind
            merged.append(o)

    out_sanctions: list[Sanction] = []
    keys: dict[str, tuple[str, ...]] = {}
    for target, d in _merge_lists(sanctions, table):
        lst = _most_common(d.lists)
        authority = None
        if d.authorities:
            authority = sorted(d.authorities, key=lambda pk: pk[0])[0][1]
            if authority == "us-government" and lst and gaz.entries[lst].maintained_by:
                authority = gaz.entries[lst].maintained_by
        elif lst and lst in gaz.entries:
            authority = gaz.entries[lst].maintained_by
        kinds = {o.order_type for o in merged if o.target == target and not o.upholds
                 and (not o.lists or not lst or lst in o.lists)}
        injunctions = [dv for o in merged if o.target == target and o.order_type == "PreliminaryInjunction"
                       for dv in o.dates]
        # revoked after the courts had suspended it ("a judge blocked the order in May; in June the
        # president revoked it"): lifted
        lifted_later = "lift" in d.cues and bool(d.end) and bool(injunctions) and all(
            is_before(dv, earliest(d.end)) for dv in injunctions)
        if "FinalOrder" in kinds:
            status = "Lifted"
        elif "PreliminaryInjunction" in kinds and not lifted_later:
            status = "Suspended"
        elif "lift" in d.cues:
            status = "Lifted"
        elif "proposed" in d.cues and not ({"impose", "active"} & d.cues):
            status = "Proposed"
        elif {"impose", "active"} & d.cues:
            status = "Active"
        else:
            status = None
        end = None
        if status == "Lifted":
            finals = [dv for o in merged if o.target == target and o.order_type == "FinalOrder"
                      for dv in o.dates]
            end = finals[0] if finals else (earliest(d.end) if "lift" in d.cues else None)
        start = earliest(d.start)
        if lst and start and lst in gaz.entries:
            # a listing in 2023 is not on a list last added to in 2021, but on the one that replaced it
            lst = gaz.list_in_use(lst, int(start.iso[:4]))
            for key in (lst, gaz.entries[lst].maintained_by):
                if key and table.kind_of(key) is None and key not in extra:
                    extra[key] = gazetteer_entity(key)
        sanction = Sanction(
            target=target, evidence=tuple(dedupe_evidence(d.evidence)), authority=authority, list=lst,
            start_date=start, end_date=end, status=status, distinct=d.distinct,
        )
        keys.setdefault(target, sanction.key)
        out_sanctions.append(sanction)

    out_sanctions = _one_per_key(out_sanctions)
    by_list = {(s.target, s.list): s.key for s in out_sanctions}
    starts = {s.key: s.start_date for s in out_sanctions}
    # one decision about several companies, dated once ("Judgment of 15 November ... It annulled the
    # acts concerning A and B"): the same court's undated order of that type takes its date
    dated: dict[tuple[str | None, str], list[DateValue]] = {}
    for o in merged:
        if o.court and o.dates:
            dated.setdefault((o.court, o.order_type), []).append(most_precise(o.dates))
    for o in merged:
        sibling = dated.get((o.court, o.order_type), [])
        if not o.dates and sibling and len(set(sibling)) == 1:
            o.dates = [sibling[0]]
    out_orders: list[CourtOrder] = []
    seen: set[tuple[str, ...]] = set()
    for o in sorted(merged, key=lambda o: (o.target or "", o.order_type, str(most_precise(o.dates) or "~"))):
        target, kind = o.target, o.order_type
        concerns = next((by_list[(target, lst)] for lst in o.lists if (target, lst) in by_list), None) or (
            keys.get(target) if target else None)
        date = most_precise(o.dates)
        if concerns and is_before(date, starts.get(concerns)):
            concerns = None  # an order older than the measure cannot be about it
        judge = o.judge if o.judge and table.kind_of(o.judge) == PERSON else None
        favor = o.favor
        if favor is None and target and concerns and not o.upholds:
            favor = target
        elif o.upholds and concerns:
            favor = favor or _sanction_authority(out_sanctions, concerns)
        if favor and (table.kind_of(favor) or getattr(gaz.entries.get(favor), "kind", None)) not in (
                COMPANY, GOVERNMENT, COURT):
            favor = None  # kg:inFavorOf names an organisation, not the president who signed
        out_orders.append(CourtOrder(
            order_type=kind, evidence=tuple(dedupe_evidence(o.evidence)), court=o.court, judge=judge,
            date=date, concerns=concerns, in_favor_of=favor,
            target=target,
        ))
        if out_orders[-1].key in seen:  # a second decision of this type about this target
            tags = [t for t in (str(date) if date else None, o.court, str(len(out_orders))) if t]
            out_orders[-1] = next(c for c in (replace(out_orders[-1], distinct=t) for t in tags) if c.key not in seen)
        seen.add(out_orders[-1].key)
    return out_sanctions, out_orders


def _for_the_group(orders: list[OrderDraft],
                   sanctions: dict[tuple[str, str | None], SanctionDraft]) -> list[OrderDraft]:
    """A decision that names no company, about the company a measure hit together with its parent
    or subsidiary in one sentence ("barred dealings with Acme and its subsidiaries, Acme Video among
    them"): the same decision about the other one too."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for (target, _), d in sanctions.items():
        spans.setdefault(target, set()).update((ev.start, ev.end) for ev in d.evidence if OWNERSHIP.search(ev.exact))
    out: list[OrderDraft] = []
    for o in orders:
        if not o.implied or not spans.get(o.target or ""):
            continue
        for other in sorted(t for t in spans if t != o.target and spans[t] & spans[o.target or ""]):
            out.append(replace(o, target=other, evidence=list(o.evidence), dates=list(o.dates), lists=list(o.lists),
                               group_of=o.target))
    return out


OWNERSHIP = re.compile(r"\b(?:its|their)\s+(?:\w+\s+)?(?:subsidiar(?:y|ies)|parent)\b|\b(?:that|which)\s+owns\b|"
                       r"\bowned\s+by\b", re.I)


def _merge_lists(drafts: dict[tuple[str, str | None], SanctionDraft],
                 table: EntityTable) -> list[tuple[str, SanctionDraft]]:
    """Statements without a list join the target's only listed sanction, if it has one."""
    out: dict[tuple[str, str | None], SanctionDraft] = {}
    for (target, lst), d in sorted(drafts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        split = sorted(k for k in drafts if k[0] == target and k[1] and k[1].startswith("@"))
        if lst is None and split and not any(k[0] == target and k[1] and not k[1].startswith("@") for k in drafts):
            # "Canada and Australia sanctioned Acme ... Acme said": the measures already named
            for k in split:
                drafts[k].evidence.extend(d.evidence)
                drafts[k].start.extend(d.start)
                drafts[k].end.extend(d.end)
                drafts[k].cues |= d.cues
            continue
        if lst is None:
            listed = [k for k in drafts if k[0] == target and k[1] is not None and not k[1].startswith("@")]
            own = best_authority(d)
            if own and own != "us-government" and table.kind_of(own) != PERSON and all(
                    own not in (best_authority(drafts[k]), maintainer(k[1])) and not parent_of_keeper(own, k[1])
                    for k in listed):
                # another body's measure ("the FCC designated ..."): its own sanction; not the Treasury
                # for the list its Office of Foreign Assets Control keeps
                listed = []
            if len(listed) >= 1:
                into = drafts[sorted(listed, key=lambda k: k[1] or "")[0]]
                into.evidence.extend(d.evidence)
                into.authorities.extend(d.authorities)
                into.start.extend(d.start if len(listed) == 1 else [])
                into.end.extend(d.end if len(listed) == 1 else [])
                into.cues |= d.cues
                continue
        out[(target, lst)] = d
    return [(k[0], d) for k, d in sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def _sanction_authority(sanctions: list[Sanction], key: tuple[str, ...]) -> str | None:
    return next((s.authority for s in sanctions if s.key == key), None)


def _most_common(items: list[str]) -> str | None:
    if not items:
        return None
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], items.index(kv[0])))[0][0]


def _one_per_key(sanctions: list[Sanction]) -> list[Sanction]:
    """Sanctions that share a key are one measure (one IRI): one Sanction with all their
    evidence, the earliest start and the first stated authority, end and status."""
    merged: dict[tuple[str, ...], Sanction] = {}
    for s in sanctions:
        first = merged.get(s.key)
        if first is None:
            merged[s.key] = s
            continue
        merged[s.key] = replace(
            first, evidence=tuple(dedupe_evidence([*first.evidence, *s.evidence])),
            start_date=earliest([d for d in (first.start_date, s.start_date) if d]),
            authority=first.authority or s.authority, end_date=first.end_date or s.end_date,
            status=first.status or s.status)
    return list(merged.values())
