"""Sanctions and court orders, found sentence by sentence and merged per article.

A sentence states a sanction when it has a sanction cue (blacklisted, added to the
Entity List, sanctions against, banned...) and a company that the cue is about; it
states a court order when a court or judge acts (ordered, ruled, granted an
injunction...). An agency's "final order" names no court and is not a court order;
an exchange delisting names no government list and is not a sanction.

Per article, the statements about one target merge into one sanction; its status is
what the court orders and cues imply (a final order lifts it, a provisional one
suspends it, a threat proposes it).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract import frames as frames_mod
from kg.extract import grammar
from kg.extract.authorities import (
    AgentMatches,
    agent_for,
    authorities_by_agent,
    gazetteer_entity,
    keeps_list,
    same_country,
)
from kg.extract.court_decisions import (
    APPEALS,
    ASKED_STAY,
    COURT_PRONOUN,
    COURT_WORD,
    DECIDED,
    DESCRIPTIVE_COURT,
    FUTURE,
    FUTURE_APPEAL,
    JUDGE_TITLE_BEFORE,
    JUDGE_WORD,
    NEGATED_COURT,
    NOT_A_COURT,
    NOT_COURT_ACT,
    ORDER_ACT,
    PERSONAL_CASE,
    PROVISIONAL,
    RECENT,
    UPHOLD,
    explicit_type,
    favor_of,
    first_order_act,
    judge_name,
    order_type_of,
    span_end,
)
from kg.extract.dates import Anchor, find_dates_after
from kg.extract.entities import EntityTable, Mention, slug
from kg.extract.legal_drafts import OrderDraft, SanctionDraft, doc_for, doc_offset, sentence_evidence
from kg.extract.legal_finish import finish
from kg.extract.legal_frames import FrameSentence, apply_statements, frame_statements
from kg.extract.sanction_cues import (
    ACTIVE_STATE,
    FOLLOWED,
    HYPOTHETICAL,
    IMPOSE,
    LIFT,
    LIST_ANAPHOR,
    MEMBERSHIP,
    NEGATED,
    PROPOSED,
    RELATIVE_BEFORE,
    REVOKED_ORDER,
    SAME_LIST,
    SAME_MEASURE,
    SANCTION_NOUN,
    earlier_dates,
    lift_order_sanctions,
)
from kg.extract.sanction_targets import (
    PLURAL_REF,
    attached_targets,
    case_spans,
    excluded_all,
    is_excluded,
    named_after,
    near_trigger,
)
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, CourtOrder, DateValue, Entity, Sanction


def extract_legal(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                  anchor: Anchor | None, furniture: set[int],
                  docs: list[tuple[int, Doc]]) -> tuple[list[Sanction], list[CourtOrder], dict[str, Entity]]:
    """Sanctions and court orders of one article. Returns extra entities it named (courts)."""
    sanctions: dict[tuple[str, str | None], SanctionDraft] = {}
    recent_courts: list[tuple[int, str]] = []
    last_judge: str | None = None
    judges: set[str] = set()  # people the article has named as judges
    asked_stay_at = -2  # the last sentence that asked a court to stay or suspend
    sanction_talk_at = -2  # the last sentence that spoke of a list or sanctions
    # the last sentence that imposed a measure: (index, lists, authority, [date])
    last_imposed: tuple[int, list[str], str | None, list[DateValue]] | None = None
    revoked: list[tuple[tuple[int, int], list, re.Match[str]]] = []  # sentences revoking an order, naming no company
    recent_groups: list[tuple[int, list[Mention]]] = []  # sentences naming several companies
    recent_lists: list[tuple[int, str]] = []  # (sentence index, list key)
    recent_bodies: list[tuple[int, str]] = []  # (sentence index, government body key)
    announced: tuple[int, DateValue] | None = None  # the last sentence that dated additions to a list
    previous_date: DateValue | None = None  # the most precise date of the last sentence that had one
    orders: list[OrderDraft] = []
    provisional_targets: set[str | None] = set()
    extra: dict[str, Entity] = {}
    focus = table.dominant()
    agents = AgentMatches()
    sanction_grammar = grammar.load()
    mention_index = frames_mod.MentionIndex(table.mentions)

    for index, (s, e) in enumerate(sentences):
        if index in furniture:
            continue
        sentence = text[s:e]
        mentions = table.in_span(s, e)
        companies = [m for m in mentions if m.kind == COMPANY]
        cases = case_spans(sentence, s)
        if len({m.key for m in companies}) >= 2:
            excluded = excluded_all(text, companies, cases)
            recent_groups.append((index, [m for m in companies if id(m) not in excluded]))
        elif not companies and recent_groups and index - recent_groups[-1][0] <= 3 and len(
                {m.key for m in recent_groups[-1][1]}) >= 2:
            plural = PLURAL_REF.search(sentence)
            if plural:  # "the two companies": the ones named together just before (not their customers)
                companies = [Mention(s + plural.start(), s + plural.end(), plural.group(0), m.key, COMPANY)
                             for m in dict((m.key, m) for m in recent_groups[-1][1]).values()]
        doc = doc_for(docs, s)
        lists = list(dict.fromkeys(m.key for m in mentions if m.kind == LIST))
        for key in lists:
            recent_lists.append((index, key))
        for body in (m for m in mentions if m.kind == GOVERNMENT and m.key != "us-government"):
            recent_bodies.append((index, body.key))
        bodies = [m for m in mentions if m.kind == GOVERNMENT]
        people = [m for m in mentions if m.kind == PERSON]
        courts = [m for m in mentions if m.kind == COURT]
        dates = find_dates_after(sentence, anchor, previous_date)
        if dates:  # what "a year later", "that year" in the next sentence count from
            previous_date = max(dates, key=lambda d: (len(d.value.iso), -d.start)).value
        for c in courts:
            recent_courts.append((index, c.key))
        future = bool(FUTURE.search(sentence)) or bool(FUTURE_APPEAL.search(sentence) and not DECIDED.search(sentence))

        # ---- court orders
        legal_text = NOT_A_COURT.sub(lambda m: " " * len(m.group(0)), sentence)
        descriptive = DESCRIPTIVE_COURT.search(sentence)
        if NOT_COURT_ACT.search(sentence) and not courts and not JUDGE_WORD.search(legal_text):
            has_court = False
        else:
            has_court = True
        has_court = has_court and bool(courts or descriptive or any(
            not NEGATED_COURT.search(sentence[max(0, w.start() - 25):w.start()])
            for w in COURT_WORD.finditer(legal_text)) or (
            # "It therefore annulled the acts ...", just after the court was named: the court again
            recent_courts and index - recent_courts[-1][0] <= 2 and COURT_PRONOUN.match(sentence)
            and DECIDED.search(sentence)))
        judges.update(m.key for m in people if JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start))
        # a judge the article has named acts again by surname ("Ortiz halted it on Monday")
        named_judge = next((m.key for m in people if m.key in judges), None) or next(
            (k for k in sorted(judges) if re.search(r"\b" + re.escape(k.rsplit("-", 1)[-1].capitalize()) + r"\b", sentence)),
            None)
        explicit = explicit_type(sentence, asked_stay_at == index - 1)
        if ASKED_STAY.search(sentence):
            asked_stay_at = index
        has_court = has_court or bool(named_judge and (DECIDED.search(sentence) or explicit))
        if has_court and (ORDER_ACT.search(sentence) or explicit) and not future:
            court_key = courts[0].key if courts else (
                recent_courts[-1][1] if recent_courts and index - recent_courts[-1][0] <= 2 else None)
            appeals = bool(APPEALS.search(sentence[:first_order_act(sentence)])) or bool(
                court_key and APPEALS.search(court_key.replace("-", " ")))
            order_type = explicit or order_type_of(sentence, appeals)
            if court_key is None and descriptive:
                label = " ".join(descriptive.group(1).split())
                court_key = slug(label)
                extra[court_key] = Entity(key=court_key, kind=COURT, name=label)
                table.mentions.append(Mention(s + descriptive.start(1), s + descriptive.end(1),
                                              descriptive.group(1), court_key, COURT))
            judge_key = next((m.key for m in people if judge_name(text, m)
                              and JUDGE_WORD.search(text[max(s, m.start - 45):min(e, m.end + 45)])), None)
            if judge_key is None and re.search(r"\bsame judge\b", sentence, re.I):
                judge_key = last_judge
            judge_key = judge_key or named_judge
            last_judge = judge_key or last_judge
            if judge_key:
                judges.add(judge_key)
            # whom the decision is about, by the grammar (court_orders.yml): the names its
            # object lists, not every company the sentence names
            about = [k for st in frame_statements(sanction_grammar, docs, s, e, text, mention_index, anchor, dates,
                                             ("decision",)) for k in st.roles["target"]]
            targets = list(dict.fromkeys(about)) or [m.key for m in companies if not is_excluded(text, m, [])] or (
                [focus] if focus and not PERSONAL_CASE.search(sentence) else [])
            when = [d.value for d in dates if not span_end(sentence, d.start)]
            if not when and RECENT.search(sentence) and anchor:
                when = [anchor.value]
            favor = favor_of(sentence, s, companies, table)
            for target in dict.fromkeys(targets):
                orders.append(OrderDraft(
                    target=target, order_type=order_type,
                    evidence=[sentence_evidence(text, s, e, 0.85 if companies else 0.65)],
                    court=court_key, judge=judge_key, dates=when[:1],
                    favor=favor, upholds=bool(UPHOLD.search(sentence)), lists=lists, appeals=appeals,
                    explicit=explicit is not None, court_named=bool(courts or descriptive),
                    implied=not companies,
                ))
        if not explicit and PROVISIONAL.search(sentence) and (LIFT.search(sentence) or "injunction" in sentence.lower()
                                             or has_court):
            for m in companies or [None]:  # type: ignore[list-item]
                provisional_targets.add(m.key if m else None)

        # ---- sanctions
        impose = IMPOSE.search(sentence) or (recent_lists and MEMBERSHIP.search(sentence))
        carried = last_imposed if last_imposed and index - last_imposed[0] <= 3 and (
            SAME_MEASURE.search(sentence) or any(FOLLOWED.match(text, m.end) for m in companies)) else None
        impose = impose or (carried and (SAME_MEASURE.search(sentence) or FOLLOWED.search(sentence)))
        lift = LIFT.search(sentence)
        if lift and HYPOTHETICAL.search(sentence, max(0, lift.start() - 30), lift.start()):
            lift = None  # "can ask to be taken off the list": not taken off
        proposed = PROPOSED.search(sentence)
        if impose and proposed and proposed.start() <= impose.start() <= proposed.end() + 5:
            impose = None  # "will prohibit", "could add": only proposed
        active = ACTIVE_STATE.search(sentence)
        if impose and dates and not lift and not proposed and not has_court and lists:
            announced = (index, dates[0].value)  # "added 37 entities to the Entity List on Thursday"
        when_listed = [d.value for d in dates[:1]] or (
            [announced[1]] if announced and index - announced[0] <= 3 and MEMBERSHIP.search(sentence) else []) or (
            carried[3] if carried else [])
        # "Named among them are A and B", right after a sentence about a list or sanctions
        members_of_last = bool(MEMBERSHIP.search(sentence)) and sanction_talk_at == index - 1
        if SANCTION_NOUN.search(sentence) or lists:
            sanction_talk_at = index
        # a court's sentence is the court orders' to read ("ordered the provisional removal of
        # Acme"): what it does to a measure depends on the decision, not on the removal frame
        said = [] if has_court else frame_statements(sanction_grammar, docs, s, e, text, mention_index, anchor, dates)
        members = any(st.frame == "membership" for st in said)
        inherited = [k for i, k in recent_lists[-1:] if (index - i <= 3 and (
            LIST_ANAPHOR.search(sentence) or members or re.search(r"\b(?:on|in) it\b", sentence)))
            or SAME_LIST.search(sentence)]
        if not (lists or inherited):  # "Among the new names are ...": members only of a list just named
            said = [st for st in said if st.frame != "membership"]
        if said:  # the grammar read the sentence: its frames say who, what, by whom and when
            for st in said:
                for key in st.roles.get("authority", ()):
                    if table.kind_of(key) is None and key not in extra:
                        extra[key] = gazetteer_entity(key)  # "Britain sanctioned ...": its government
                for key, name in st.coined.items():  # "VTB Bank, Sovcombank and Otkritie"
                    if table.kind_of(key) is None and key not in extra:
                        extra[key] = Entity(key=key, kind=COMPANY, name=name)
            # "Named among them are ...", "added in the same rule": the announcement's doer and date
            same = members or SAME_MEASURE.search(sentence) or any(st.carries for st in said)
            carry = (last_imposed[2], last_imposed[3]) if last_imposed and index - last_imposed[0] <= 3 and same \
                else (None, [announced[1]] if announced and index - announced[0] <= 3 and members else [])
            lead = apply_statements(said, sanctions, FrameSentence(
                text, s, e, lists or inherited, bodies, [d.value for d in earlier_dates(sentence, dates)],
                bool(lists), carry))
            if lead is not None:
                last_imposed = (index, list(lists or inherited), lead[0], list(lead[1][:1]))
                if lists and lead[1]:
                    announced = (index, lead[1][0])
            continue
        if not (impose or lift or proposed or active):
            continue
        if lift and not companies and REVOKED_ORDER.search(sentence):
            revoked.append(((s, e), dates, lift))
        inherited = [k for i, k in recent_lists[-1:] if (index - i <= 3 and (
            LIST_ANAPHOR.search(sentence) or MEMBERSHIP.search(sentence)))
                     or SAME_LIST.search(sentence)] or (carried[1] if carried else [])
        if not (lists or inherited or SANCTION_NOUN.search(sentence) or bodies or (people and impose) or members_of_last):
            continue
        cue = impose or lift or proposed or active
        # "The companies are A, the largest maker; its rival B; and C": every name listed is a member
        members = bool(recent_lists and MEMBERSHIP.match(sentence))
        excluded = set() if members else excluded_all(text, companies, cases)
        kin = IMPOSE if cue is impose else LIFT if cue is lift else None
        cues = [m.start() for m in kin.finditer(sentence)] if kin is not None else []
        candidates = [m for m in (companies if members else near_trigger(sentence, s, companies, cue, cues))
                      if id(m) not in excluded]
        if lift and lift is cue and lift.group(0).lower().endswith(" with"):
            # "authorised transactions with Acme, Ruritania's largest miner, and Bolt": the names after "with"
            candidates = named_after(text, s + lift.end(), candidates) or candidates
        relative = RELATIVE_BEFORE.search(sentence[:cue.start()])
        if relative:  # "Acme and Bolt, two companies which entered the list": the antecedents
            near = [m for m in candidates if s + relative.start() - 50 <= m.start < s + relative.start()]
            candidates = near or candidates
        attached = attached_targets(doc, doc_offset(docs, s), s, e, candidates)
        targets = attached or candidates
        if not targets:
            continue
        doers_by_verb = authorities_by_agent(doc, s, e, doc_offset(docs, s), mentions, agents)
        for _, key in doers_by_verb:
            if table.kind_of(key) is None and key not in extra:
                extra[key] = gazetteer_entity(key)
        specific = [b.key for b in bodies if b.key != "us-government"]
        doers = [k for k in ([k for _, k in doers_by_verb] + specific)
                 if table.kind_of(k) != PERSON and k != "us-government"]
        if not lists and doers:  # "Japan added X to its list": not the list another government keeps
            inherited = [k for k in inherited if any(same_country(d, k) for d in doers)]
        sentence_lists = lists or inherited
        if inherited and not bodies and recent_bodies and index - recent_bodies[-1][0] <= 3 and (
                not lists or keeps_list(recent_bodies[-1][1], lists[0])):
            specific_inherited = recent_bodies[-1][1]
        else:
            specific_inherited = None
        if carried and not bodies and carried[2]:
            specific_inherited = carried[2]
        for m in dict((m.key, m) for m in targets).values():
            near_list = sentence_lists[0] if sentence_lists else None
            draft = sanctions.setdefault((m.key, near_list), SanctionDraft(target=m.key))
            draft.evidence.append(sentence_evidence(text, s, e, 0.9 if lists else 0.75))
            agent = agent_for(doers_by_verb, m.start)
            if agent:
                draft.authorities.append((0, agent))
            for key in specific:
                draft.authorities.append((1, key))
            if specific_inherited:
                draft.authorities.append((2, specific_inherited))
            for key in (b.key for b in bodies if b.key == "us-government"):
                draft.authorities.append((3, key))
            if near_list:
                draft.lists.append(near_list)
            if impose and not lift and not has_court and not NEGATED.search(
                    sentence[max(0, impose.start() - 25):impose.start()]):
                draft.cues.add("impose")
                draft.start.extend(when_listed)  # "Among them are ...": the date of the additions
            # "removed Acme, which had been on the list since May 2019, from the list on Monday",
            # "annulled the listing of Acme, a firm that the Council sanctioned in 2022": the clause
            # dates the listing; the date nearest the lifting verb is its end
            earlier = earlier_dates(sentence, dates)
            draft.start.extend(d.value for d in earlier[:1])
            if active and not lift:
                draft.cues.add("active")
            if lift:
                draft.cues.add("lift")
                rest = [d for d in dates if d not in earlier]
                if rest:
                    draft.end.append(min(rest, key=lambda d: abs(d.start - lift.start())).value)
            if proposed and not impose:
                draft.cues.add("proposed")
        if impose and not lift and not proposed and not has_court:
            lead = next(iter([k for _, k in doers_by_verb if table.kind_of(k) != PERSON] + specific
                             + ([specific_inherited] if specific_inherited else [])), None)
            last_imposed = (index, list(sentence_lists), lead, when_listed[:1])

    for span, found, cue in revoked:  # after the loop: the story may open with the revocation
        lift_order_sanctions(sanctions, text, span, found, cue)
    return finish(sanctions, orders, provisional_targets, table, extra), extra
