"""The article's drafts become its facts: order mentions merge into decisions, statements
about one target into one sanction, whose status the decisions and cues imply."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract import gazetteer
from kg.extract.authorities import best_authority, gazetteer_entity, maintainer, may_share_country, parent_of_keeper
from kg.extract.entities import EntityTable
from kg.extract.legal_drafts import OrderDraft, SanctionDraft, dedupe_evidence, earliest, is_before, most_precise
from kg.extract.sanction_cues import EARLIER_WORDS, RELATIVE_CLAUSE
from kg.models import COMPANY, COURT, GOVERNMENT, PERSON, CourtOrder, DateValue, Entity, Evidence, Sanction

# "barred dealings with Acme and its subsidiaries": a measure on a company and its parent or subsidiary
OWNERSHIP = re.compile(r"\b(?:its|their)\s+(?:\w+\s+)?(?:subsidiar(?:y|ies)|parent)\b|\b(?:that|which)\s+owns\b|"
                       r"\bowned\s+by\b", re.I)

DraftKey = tuple[str, str | None]  # (target, list key, or "@body" for one of several bodies' measures)


def finish(sanctions: dict[DraftKey, SanctionDraft], orders: list[OrderDraft], provisional: set[str | None],
           table: EntityTable, extra: dict[str, Entity],
           news_day: tuple[str | None, DateValue] | None = None) -> tuple[list[Sanction], list[CourtOrder]]:
    """The article's sanctions and court orders from its drafts. ``provisional`` holds the
    targets whose lifting the article calls provisional (None: a target it does not name);
    bodies and lists the sanctions name that the article did not are added to ``extra``;
    ``news_day``: who imposed a measure in the story's first sentence, and the day."""
    decisions = _decisions(_about_sanctioned(orders, sanctions), provisional)
    facts, first_keys = _sanctions(sanctions, decisions, table, extra, news_day)
    _date_from_siblings(decisions)
    return facts, _court_orders(decisions, facts, first_keys, table)


# ------------------------------------------------------------------------------ decisions


def _about_sanctioned(orders: list[OrderDraft], sanctions: dict[DraftKey, SanctionDraft]) -> list[OrderDraft]:
    """The order mentions worth keeping: of a sentence's mentions, those about a sanctioned
    company if there is one, and the parties the grammar read ("the petition brought by A and
    its affiliate B"); and a decision about a company a measure hit together with its
    parent or subsidiary is about the other one too."""
    sanctioned = {t for t, _ in sanctions}
    if sanctioned:
        by_sentence: dict[int, list[OrderDraft]] = {}
        for o in orders:
            by_sentence.setdefault(o.evidence[0].start, []).append(o)
        orders = [o for group in by_sentence.values() for o in group
                  if o.target in sanctioned or o.party or not any(x.target in sanctioned for x in group)]
    return orders + _for_the_group(orders, sanctions)


def _for_the_group(orders: list[OrderDraft], sanctions: dict[DraftKey, SanctionDraft]) -> list[OrderDraft]:
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


def _decisions(orders: list[OrderDraft], provisional: set[str | None]) -> list[OrderDraft]:
    """One entry per decision: mentions of one type about one target are one decision unless they
    name different courts or different dates ("the judge paused the ban on May 3 ... a second
    judge blocked it on June 9"); a ruling read as the provisional order joins that order."""
    single_target = len({o.target for o in orders if o.group_of is None}) == 1
    merged: list[OrderDraft] = []
    for o in orders:
        converted = _is_the_provisional_order(o, provisional, single_target)
        if converted and o.order_type == "Ruling" and any(
                (m.target, m.order_type, m.court) == (o.target, "PreliminaryInjunction", o.court)
                and not _same_decision(m, o) for m in merged):
            converted = False  # the court's ruling of another day than its provisional order is its own
        kind = "PreliminaryInjunction" if converted else o.order_type
        into = next((m for m in merged if (m.target, m.order_type) == (o.target, kind)
                     and (converted or _same_decision(m, o))), None)
        if into is None:
            o.order_type = kind
            merged.append(o)
        else:
            _join_decision(into, o)
    return merged


def _is_the_provisional_order(o: OrderDraft, provisional: set[str | None], single_target: bool) -> bool:
    """Whether an unqualified ruling is the provisional order the article says suspends the
    measure on its target (or on the one company its orders are about)."""
    return o.order_type in ("Ruling", "OtherOrder") and not o.upholds and not o.appeals and not o.explicit and (
        o.target in provisional or o.group_of in provisional or (None in provisional and single_target))


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


def _join_decision(into: OrderDraft, o: OrderDraft) -> None:
    into.evidence.extend(o.evidence)
    if o.court_named and not into.court_named:  # the court a later sentence names
        into.court, into.court_named = o.court, True
    into.court = into.court or o.court
    into.judge = into.judge or o.judge
    into.dates.extend(o.dates)
    into.favor = into.favor or o.favor
    into.lists.extend(o.lists)


def _date_from_siblings(decisions: list[OrderDraft]) -> None:
    """One decision about several companies, dated once ("Judgment of 15 November ... It annulled
    the acts concerning A and B"): the same court's undated order of that type takes its date."""
    dated: dict[tuple[str | None, str], list[DateValue | None]] = {}
    for o in decisions:
        if o.court and o.dates:
            dated.setdefault((o.court, o.order_type), []).append(most_precise(o.dates))
    for o in decisions:
        sibling = dated.get((o.court, o.order_type), [])
        if not o.dates and sibling and len(set(sibling)) == 1:
            o.dates = [sibling[0]]


# ------------------------------------------------------------------------------ sanctions


def _sanctions(drafts: dict[DraftKey, SanctionDraft], decisions: list[OrderDraft], table: EntityTable,
               extra: dict[str, Entity], news_day: tuple[str | None, DateValue] | None
               ) -> tuple[list[Sanction], dict[str, tuple[str, ...]]]:
    """One Sanction per measure, and the key of each target's first one."""
    out: list[Sanction] = []
    first_keys: dict[str, tuple[str, ...]] = {}
    imposed: list[tuple[Sanction, SanctionDraft]] = []
    for target, merged in _merge_lists(drafts, table):
        for d in _by_country(merged):
            sanction = _sanction(target, d, [o for o in decisions if o.target == target], table, extra)
            first_keys.setdefault(target, sanction.key)
            out.append(sanction)
            imposed.append((sanction, d))
    dated = _dated_by_the_story(imposed, news_day)
    for s in dated:  # (the lead's doer given to a measure: "Britain" stands for its government)
        if s.authority and table.kind_of(s.authority) is None and s.authority not in extra \
                and s.authority in gazetteer.load().entries:
            extra[s.authority] = gazetteer_entity(s.authority)
    return _one_per_key(dated), first_keys


# a statement about a measure taken before the one the article reports
# ... or about a state, not a measure taken ("is on the list", "remains", "has been")
_EARLIER = re.compile(r"\b(?:" + EARLIER_WORDS + r"|remains?|still|first|last year|years? ago|"
                      r"is|are|has been|have been)\b", re.I)
# reported speech, not an earlier measure: "The Treasury said on Thursday it had designated Acme"
_REPORTED_HAD = re.compile(r"\bsaid\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:(?:it|they)\s+)?had\b",
                           re.I)


def _dated_by_the_story(imposed: list[tuple[Sanction, SanctionDraft]],
                        news_day: tuple[str | None, DateValue] | None) -> list[Sanction]:
    """A measure the article states without a date ("The sanctions also target Acme and
    Bolt") is of the day its authority's dated measures in the article were taken (or, for a
    body with none, the article's), when they were all taken that one day and the statement
    tells of nothing earlier ("had listed", "is on the list", "since 2020"). The article's day
    is the one its first sentence gives a measure of the body's country ("The U.S. on Thursday
    imposed sanctions on ..."), before one a later sentence gives an earlier measure."""
    days: dict[str | None, set[DateValue]] = {}
    for s, d in imposed:
        if s.start_date is not None and "impose" in d.cues and s.status == "Active":
            days.setdefault(s.authority, set()).add(s.start_date)
    every = {x for dates in days.values() for x in dates if len(x.iso) >= 7}  # a day or month, not "since 2011"
    out = []
    for s, d in imposed:
        # (not "Bolt, which is registered in Kelmgrad": a relative clause tells of the company)
        told = not any(_EARLIER.search(RELATIVE_CLAUSE.sub(" ", _REPORTED_HAD.sub("", ev.exact))) for ev in s.evidence)
        if (s.authority is None and news_day and news_day[0] and s.status == "Active" and d.cues <= {"impose"}
                and s.start_date in (None, news_day[1]) and told):
            # "Britain on Tuesday imposed 25 new sanctions ... Three importers were added as well": a
            # measure no sentence gives a doer is the one the story's first sentence has its doer take
            s = replace(s, authority=news_day[0])
        # a body with no dated measure of its own in the story ("The State Department separately
        # designated Acme"): the story's one day
        dates = days.get(s.authority, set()) if s.authority in days else (
            {news_day[1]} if news_day and may_share_country(news_day[0], s.authority) else every)
        if s.start_date is None and s.status == "Active" and d.cues <= {"impose"} and len(dates) == 1 and told:
            s = replace(s, start_date=next(iter(dates)))
        out.append(s)
    return out


def _by_country(d: SanctionDraft) -> list[SanctionDraft]:
    """A measure without a list whose statements name governments of two countries as its doer
    ("Britain sanctioned Acme on Monday. ... Washington had blacklisted Acme in 2023") is one
    measure per country: each with its own doer, dates and evidence; the statements that name
    no doer stay with the first."""
    gaz = gazetteer.load()
    groups: dict[str, list[tuple[str, list[DateValue], Evidence]]] = {}
    for doer, dates, evidence in d.doers:
        entry = gaz.entries.get(doer)
        groups.setdefault((entry.country if entry else None) or doer, []).append((doer, dates, evidence))
    if d.distinct or d.lists or len(groups) < 2:
        return [d]
    out = []
    claimed = {id(ev) for doers in groups.values() for _, _, ev in doers}
    for i, (country, doers) in enumerate(groups.items()):
        own = [ev for _, _, ev in doers]
        rest = [ev for ev in d.evidence if id(ev) not in claimed] if i == 0 else []
        # the first takes the dates no other country's statements gave
        others = {x for c, group in groups.items() if c != country for _, dates, _ in group for x in dates}
        # (a lifting is no doer's statement, so the first's: "Washington lifted its sanctions on
        # Acme ... the EU, which froze Acme's assets in 2021": the EU's measure stays in force)
        out.append(replace(d, evidence=own + rest, authorities=[(0, doers[0][0])],
                           start=[x for _, dates, _ in doers for x in dates] or (
                               [x for x in d.start if x not in others] if i == 0 else []),
                           cues=d.cues if i == 0 else d.cues - {"lift"}, end=d.end if i == 0 else [],
                           distinct=doers[0][0], doers=[]))
    return out


def _sanction(target: str, d: SanctionDraft, orders: list[OrderDraft], table: EntityTable,
              extra: dict[str, Entity]) -> Sanction:
    """The measure a draft describes, given the decisions about its target."""
    gaz = gazetteer.load()
    lst = _most_common(d.lists)
    authority = _authority(d, lst)
    status = _status(d, lst, orders)
    end = _end_date(d, status, orders)
    start = earliest(d.start)
    if lst and start and lst in gaz.entries:
        # a listing in 2023 is not on a list last added to in 2021, but on the one that replaced it
        lst = gaz.list_in_use(lst, int(start.iso[:4]))
        for key in (lst, gaz.entries[lst].maintained_by):
            if key and table.kind_of(key) is None and key not in extra:
                extra[key] = gazetteer_entity(key)
    return Sanction(target=target, evidence=tuple(dedupe_evidence(d.evidence)), authority=authority, list=lst,
                    start_date=start, end_date=end, status=status, distinct=d.distinct)


def _authority(d: SanctionDraft, lst: str | None) -> str | None:
    """The body the statements name first by priority; for the whole government, the body that
    keeps the list; with none named, the list's keeper."""
    gaz = gazetteer.load()
    if d.authorities:
        authority = best_authority(d)
        if authority == "us-government" and lst and gaz.entries[lst].maintained_by:
            return gaz.entries[lst].maintained_by
        return authority
    if lst and lst in gaz.entries:
        return gaz.entries[lst].maintained_by
    return None


def _status(d: SanctionDraft, lst: str | None, orders: list[OrderDraft]) -> str | None:
    """What the decisions and cues imply: a final order lifts the measure, a provisional one
    suspends it (unless it was revoked after the courts had suspended it: "a judge blocked the
    order in May; in June the president revoked it"), a threat proposes it."""
    kinds = {o.order_type for o in orders if not o.upholds and (not o.lists or not lst or lst in o.lists)}
    injunctions = [dv for o in orders if o.order_type == "PreliminaryInjunction" for dv in o.dates]
    lifted_later = "lift" in d.cues and bool(d.end) and bool(injunctions) and all(
        is_before(dv, earliest(d.end)) for dv in injunctions)
    imposed = {"impose", "active"} & d.cues
    if "FinalOrder" in kinds:
        return "Lifted"
    if "PreliminaryInjunction" in kinds and not lifted_later:
        return "Suspended"
    if "lift" in d.cues:
        return "Lifted"
    if "suspend" in d.cues:
        return "Suspended"  # the authority itself put it on hold
    if "proposed" in d.cues and not imposed:
        return "Proposed"
    return "Active" if imposed else None


def _end_date(d: SanctionDraft, status: str | None, orders: list[OrderDraft]) -> DateValue | None:
    """A lifted measure ends on the final order's date, else on the date the article lifts it."""
    if status != "Lifted":
        return None
    finals = [dv for o in orders if o.order_type == "FinalOrder" for dv in o.dates]
    return finals[0] if finals else (earliest(d.end) if "lift" in d.cues else None)


def _merge_lists(drafts: dict[DraftKey, SanctionDraft], table: EntityTable) -> list[tuple[str, SanctionDraft]]:
    """Statements without a list join the measures already named for their target: the several
    bodies' measures, or else the target's listed sanction."""
    out: dict[DraftKey, SanctionDraft] = {}
    for (target, lst), d in sorted(drafts.items(), key=_by_target_and_list):
        if lst is None and (_join_bodies_measures(drafts, target, d) or _join_listed(drafts, target, d, table)):
            continue
        out[(target, lst)] = d
    return [(k[0], d) for k, d in sorted(out.items(), key=_by_target_and_list)]


def _by_target_and_list(item: tuple[DraftKey, SanctionDraft]) -> tuple[str, str]:
    return item[0][0], item[0][1] or ""


def _join_bodies_measures(drafts: dict[DraftKey, SanctionDraft], target: str, d: SanctionDraft) -> bool:
    """"Canada and Australia sanctioned Acme ... Acme said": a later statement joins each body's
    measure, when no list names one. Whether it joined them."""
    split = sorted(k for k in drafts if k[0] == target and k[1] and k[1].startswith("@"))
    if not split or any(k[0] == target and k[1] and not k[1].startswith("@") for k in drafts):
        return False
    bodies = {k[1][1:] for k in split}
    own = {a for p, a in d.authorities if p == 0} or {a for p, a in d.authorities if p <= 1}
    if own and not own & bodies:
        return False  # "Canada placed Acme ... The EU and Switzerland had frozen its assets": Canada's own
    for k in split:
        drafts[k].evidence.extend(d.evidence)
        drafts[k].start.extend(d.start)
        drafts[k].end.extend(d.end)
        drafts[k].cues |= d.cues
    return True


def _join_listed(drafts: dict[DraftKey, SanctionDraft], target: str, d: SanctionDraft, table: EntityTable) -> bool:
    """A statement without a list joins the target's listed sanction (the first, taking its dates
    only when there is one), unless another body imposed it. Whether it joined one."""
    listed = [k for k in drafts if k[0] == target and k[1] is not None and not k[1].startswith("@")]
    if not listed or _another_bodys_measure(d, listed, drafts, table):
        return False
    into = drafts[sorted(listed, key=lambda k: k[1] or "")[0]]
    into.evidence.extend(d.evidence)
    into.authorities.extend(d.authorities)
    into.start.extend(d.start if len(listed) == 1 else [])
    into.end.extend(d.end if len(listed) == 1 else [])
    into.cues |= d.cues
    return True


def _another_bodys_measure(d: SanctionDraft, listed: list[DraftKey], drafts: dict[DraftKey, SanctionDraft],
                           table: EntityTable) -> bool:
    """Whether the statement is another body's measure ("the FCC designated ..."), its own
    sanction; not when that body is the Treasury and the list is the one its Office of Foreign
    Assets Control keeps."""
    own = best_authority(d)
    return bool(own and own != "us-government" and table.kind_of(own) != PERSON and all(
        own not in (best_authority(drafts[k]), maintainer(k[1])) and not parent_of_keeper(own, k[1])
        for k in listed))


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


# ------------------------------------------------------------------------------ court orders


def _court_orders(decisions: list[OrderDraft], sanctions: list[Sanction], first_keys: dict[str, tuple[str, ...]],
                  table: EntityTable) -> list[CourtOrder]:
    """One CourtOrder per decision, with the sanction it concerns; a second decision of one
    type about one target is told apart by its date, its court or its place in the list. The
    decisions of one type about one target come in the order the article first states them
    (the one it leads with first)."""
    by_list = {(s.target, s.list): s.key for s in sanctions}
    starts = {s.key: s.start_date for s in sanctions}
    out: list[CourtOrder] = []
    seen: set[tuple[str, ...]] = set()
    for o in sorted(decisions, key=lambda o: (o.target or "", o.order_type, min((e.start for e in o.evidence),
                                                                                  default=0))):
        concerns = _concerns(o, by_list, first_keys, starts)
        date = most_precise(o.dates)
        judge = o.judge if o.judge and table.kind_of(o.judge) == PERSON else None
        order = CourtOrder(order_type=o.order_type, evidence=tuple(dedupe_evidence(o.evidence)), court=o.court,
                           judge=judge, date=date, concerns=concerns,
                           in_favor_of=_in_favor_of(o, concerns, sanctions, table), target=o.target)
        if order.key in seen:
            tags = [t for t in (str(date) if date else None, o.court, str(len(out) + 1)) if t]
            order = next(c for c in (replace(order, distinct=t) for t in tags) if c.key not in seen)
        seen.add(order.key)
        out.append(order)
    return out


def _concerns(o: OrderDraft, by_list: dict[tuple[str, str | None], tuple[str, ...]],
              first_keys: dict[str, tuple[str, ...]], starts: dict[tuple[str, ...], DateValue | None]
              ) -> tuple[str, ...] | None:
    """The key of the sanction an order is about: on a list the order names, else the target's
    first one; none when the order is older than the measure."""
    target = o.target
    concerns = next((by_list[(target, lst)] for lst in o.lists if (target, lst) in by_list), None) or (
        first_keys.get(target) if target else None)
    if concerns and is_before(most_precise(o.dates), starts.get(concerns)):
        return None
    return concerns


def _in_favor_of(o: OrderDraft, concerns: tuple[str, ...] | None, sanctions: list[Sanction],
                 table: EntityTable) -> str | None:
    """Whom the decision favours: the one the words name; else the target of the measure it does
    not uphold, or the authority of the one it upholds. Only an organisation (kg:inFavorOf),
    never the president who signed."""
    favor = o.favor
    if favor is None and o.target and concerns and not o.upholds:
        favor = o.target
    elif o.upholds and concerns:
        favor = favor or next((s.authority for s in sanctions if s.key == concerns), None)
    if favor and (table.kind_of(favor) or getattr(gazetteer.load().entries.get(favor), "kind", None)) not in (
            COMPANY, GOVERNMENT, COURT):
        return None
    return favor
