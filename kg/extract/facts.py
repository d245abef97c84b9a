"""Sanctions and court orders, found sentence by sentence and merged per article.

A sentence states a sanction when it has a sanction cue (blacklisted, added to the
Entity List, sanctions against, banned...) and a company that the cue is about; it
states a court order when a court or judge acts (ordered, ruled, granted an
injunction...). An agency's "final order" names no court and is not a court order;
an exchange delisting names no government list and is not a sanction.

Per article, the statements about one target merge into one sanction; its status is
what the court orders and cues imply (a final order lifts it, a provisional one
suspends it, a threat proposes it).

The reading goes one sentence at a time, each step in its module:

    court_decisions    whether a court acts, and the orders it gives
    legal_frames       the sanctions the grammar's frames state
    sanction_fallback  else the sanctions the cue words state (sanction_cues, sanction_targets)
    legal_finish       the drafts merged into the article's facts

with what earlier sentences said kept in a ``Recall`` (legal_drafts) for later ones to
refer back to ("the two companies", "in the same notice", "that list").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc

from kg.extract import frames as frames_mod
from kg.extract import gazetteer, grammar, sanction_cues, sanction_targets
from kg.extract.authorities import AgentMatches, authorities_by_agent, gazetteer_entity, is_government
from kg.extract.court_decisions import CourtMemory, read_decisions
from kg.extract.date_terms import CARDINALS, DATELINE_DATE
from kg.extract.dates import Anchor, Found, find_dates_after
from kg.extract.entities import EntityTable, Mention
from kg.extract.legal_drafts import (
    OF_THEM,
    REST_OF_COUNT,
    Findings,
    Imposed,
    LegalArticle,
    Recall,
    Sentence,
    counted_nouns,
    doc_for,
    doc_offset,
)
from kg.extract.legal_finish import finish
from kg.extract.legal_frames import FrameSentence, apply_statements, frame_statements
from kg.extract.mentions import lead_index
from kg.extract.sanction_cues import Cues, earlier_dates, find_cues, lift_order_sanctions
from kg.extract.sanction_fallback import fallback_sanctions
from kg.models import COMPANY, GOVERNMENT, LIST, PERSON, CourtOrder, DateValue, Entity, Sanction


def extract_legal(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                  anchor: Anchor | None, furniture: set[int],
                  docs: list[tuple[int, Doc]]) -> tuple[tuple[list[Sanction], list[CourtOrder]], dict[str, Entity]]:
    """Sanctions and court orders of one article. Returns extra entities it named (courts)."""
    article = LegalArticle(text=text, table=table, anchor=anchor, docs=docs, grammar=grammar.load(),
                           mention_index=frames_mod.MentionIndex(table.mentions), agents=AgentMatches(),
                           focus=table.dominant())
    found = Findings(table)
    # sentences are counted as the story's: a heading or caption between two is none of them
    lead = lead_index(text, sentences)
    recall = Recall(lead=None if lead is None else sum(1 for i in range(lead) if i not in furniture))
    courts = CourtMemory()
    read = 0
    for index, (s, e) in enumerate(sentences):
        if index in furniture:
            if _A_LIST.search(text, s, e):  # a heading ("**And the export control list?**") says what follows is about
                recall.list_named_at = read - 1
            continue
        sent = _read_sentence(article, recall, read, s, e)
        has_court = read_decisions(article, sent, courts, found)
        _read_sanctions(article, sent, recall, found, has_court)
        read += 1
    for span, dates, lift in recall.revoked:  # after the loop: the story may open with the revocation
        lift_order_sanctions(found.sanctions, text, span, dates, lift)
    return finish(found.sanctions, found.orders, found.provisional, table, found.extra,
                  recall.news_day), found.extra


def _read_sentence(article: LegalArticle, recall: Recall, index: int, s: int, e: int) -> Sentence:
    """The sentence text[s:e] and what it names; remembers its companies, lists, bodies and
    most precise date for the sentences after it."""
    sentence = article.text[s:e]
    doc, offset = doc_for(article.docs, s), doc_offset(article.docs, s)
    mentions = [m for m in article.table.in_span(s, e) if not _owner_in_passing(doc, offset, m)]
    cases = sanction_targets.case_spans(sentence, s)
    companies = _companies(article.text, recall, index, s, sentence, [m for m in mentions if m.kind == COMPANY], cases)
    lists = list(dict.fromkeys(m.key for m in mentions if m.kind == LIST))
    recall.lists.extend((index, key) for key in lists)
    recall.bodies.extend((index, m.key) for m in mentions if m.kind == GOVERNMENT and m.key != "us-government")
    dates = find_dates_after(sentence, article.anchor, recall.previous_date)
    if dates:  # what "a year later", "that year" in the next sentence count from
        recall.previous_date = max(dates, key=lambda d: (len(d.value.iso), -d.start)).value
    named = next((d for d in dates if _MEASURE_AFTER_DATE.match(sentence, d.end)), None)
    if named is not None:  # "builds on a February 2023 rule": what "in that round" will mean
        recall.dated_measure = (index, named.value)
    return Sentence(index=index, start=s, end=e, text=sentence, mentions=mentions, companies=companies, cases=cases,
                    lists=lists, dates=dates, doc=doc, doc_offset=offset)


# what a government may own that makes it an actor: "Britain's Foreign Office", "the Treasury's
# blacklist", "Japan's decision", "Australia's foreign minister"
@lru_cache(maxsize=1)
def _acting_possessions() -> frozenset[str]:
    """What a government may own that makes it an actor (read once, when first needed)."""
    return grammar.measure_words() | frames_mod.BODY_NOUNS | (
        frozenset("""move step announcement statement release notice decision minister secretary official president
        leader spokesman spokeswoman spokesperson envoy ambassador authority regulator prosecutor""".split()))


def _owner_in_passing(doc: Doc | None, offset: int, m: Mention) -> bool:
    """A government named only as the owner of a thing ("the Kremlin's war effort", "Russia's
    arms factories"): no body that acts in the sentence."""
    if m.kind != GOVERNMENT or doc is None:
        return False
    span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return (root.dep_ == "poss" and root.head.pos_ == "NOUN"
            and root.head.lemma_.lower() not in _acting_possessions())


def _companies(text: str, recall: Recall, index: int, s: int, sentence: str, companies: list[Mention],
               cases: list[tuple[int, int]]) -> list[Mention]:
    """The companies a sentence names. A sentence that names none but says "the two companies"
    within three sentences of one that named several names those (not their customers)."""
    if len({m.key for m in companies}) >= 2:
        excluded = sanction_targets.excluded_all(text, companies, cases)
        recall.groups.append((index, [m for m in companies if id(m) not in excluded]))
        return companies
    if companies or not recall.groups:
        return companies
    last_index, group = recall.groups[-1]
    plural = sanction_targets.PLURAL_REF.search(sentence) if (
        index - last_index <= 3 and len({m.key for m in group}) >= 2) else None
    if not plural:
        return companies
    counted = next((CARDINALS[w] for w in plural.group(0).lower().split() if w in CARDINALS), None)
    if counted is not None and counted != len({m.key for m in group}):
        return companies  # "the two companies" after "A, B and C had cancelled cargoes": not those three
    return [Mention(s + plural.start(), s + plural.end(), plural.group(0), m.key, COMPANY)
            for m in dict((m.key, m) for m in group).values()]


def _read_sanctions(article: LegalArticle, sent: Sentence, recall: Recall, found: Findings, has_court: bool) -> None:
    """Add the measures a sentence states to the drafts: as the grammar's frames read them, or
    else as its cue words do. A court's sentence is the court orders' to read ("ordered the
    provisional removal of Acme"): what it does to a measure depends on the decision."""
    cues = find_cues(article.text, sent, bool(recall.lists), recall.last_imposed)
    own_dates = _own_dates(sent)
    if cues.imposes(has_court) and own_dates and sent.lists:
        recall.announced = (sent.index, own_dates[0].value)  # "added 37 entities to the Entity List on Thursday"
    doers = _doers(article, sent) if cues.imposes(has_court) or cues.first else []
    if cues.imposes(has_court):
        _note_measure(sent, recall, doers)
    elif (cues.lift or cues.proposed) and not has_court and counted_nouns(sent.text):
        # "took 24 Syrian entities off its sanctions list ... They include A, B": members taken off;
        # "has proposed freezing the assets of seven companies ... Two are A and B": members proposed
        recall.counted = (sent.index, counted_nouns(sent.text),
                          Imposed(sent.index, list(sent.lists), (doers or [recall.acting])[0], [],
                                  lifted=bool(cues.lift), proposed=bool(cues.proposed) and not cues.lift))
    when_listed = _when_listed(sent, recall, cues, doers)
    # "Named among them are A and B", right after a sentence about a list or sanctions
    members_of_last = bool(sanction_cues.MEMBERSHIP.search(sent.text)) and recall.sanction_talk_at == sent.index - 1
    if sanction_cues.SANCTION_NOUN.search(sent.text) or sent.lists:
        recall.sanction_talk_at = sent.index
    if _A_LIST.search(sent.text):
        recall.list_named_at = sent.index
    said = [] if has_court else frame_statements(article.grammar, article.docs, sent.start, sent.end, article.text,
                                                 article.mention_index, article.anchor, sent.dates,
                                                 groups=tuple(recall.measure_targets))
    if not has_court and recall.counts_members(sent.index, sent.text) and OF_THEM.search(sent.text):
        said = [*_members_of_count(article, sent), *said]
    elif not has_court and not said:
        said = _members_after_a_colon(article, sent, recall)
    if said and _read_frames(article, sent, recall, found, said):
        return
    fallback_sanctions(article, sent, cues, recall, found, has_court, when_listed, members_of_last)


def _note_measure(sent: Sentence, recall: Recall, doers: list[str]) -> None:
    """What a sentence imposing a measure tells the sentences after it: who acts, the day its
    doer acted ("Britain on Monday announced 107 new entries"; a dateline's date is the day the
    story was filed, not one), and the nouns it counts ("sanctions on 15 entities") with that
    doer and day, which the members named next take (with no doer named, "The cabinet approved a
    ban on ten entities": the body last seen imposing one)."""
    own_dates = _own_dates(sent)
    if own_dates and sent.index == recall.lead:  # "WASHINGTON - The U.S. on Thursday imposed sanctions on ..."
        recall.news_day = (doers[0] if doers else None, own_dates[0].value)
    if doers:
        if recall.acting is None or doers[0] not in {m.key for m in sent.mentions if m.kind == PERSON}:
            recall.acting = doers[0]  # a minister acts for the government acting before
        recall.imposed.append((sent.index, doers[0]))
        if own_dates:
            recall.dated_by.setdefault(doers[0], Imposed(sent.index, list(sent.lists), doers[0], [own_dates[0].value]))
    nouns = counted_nouns(sent.text)
    if nouns:
        doer = (doers or [recall.acting])[0]
        dates = [d.value for d in own_dates[:1]] or (list(recall.dated_by[doer].dates) if doer in recall.dated_by
                                                      else [])
        recall.counted = (sent.index, nouns, Imposed(sent.index, list(sent.lists), doer, dates))


def _own_dates(sent: Sentence) -> list[Found]:
    """The sentence's dates less a dateline's ("WASHINGTON, Jan. 15 (Outlet) -": the day the story
    was filed)."""
    return [d for d in sent.dates if not DATELINE_DATE.match(sent.text, d.end)]


_COUNT_RULES = ("members-of-a-count", "members-listed-below")  # members of a counted target, not of a list


def _members_of_count(article: LegalArticle, sent: Sentence) -> list[frames_mod.Statement]:
    """'nine of them — A, B and C — were implicated', right after a measure on "eleven
    companies": the companies named after the count are its members."""
    count = OF_THEM.search(sent.text)
    assert count is not None
    after = sent.start + count.start()
    excluded = sanction_targets.excluded_all(article.text, sent.companies, sent.cases)
    return _membership("members-of-a-count", after, [m for m in sent.companies if m.start >= after
                                                      and id(m) not in excluded])


_MEMBERS_HEADING = re.compile(r"(?:The|These|Those|Its)\s+(?:[\w-]+\s+){0,2}?(?:companies|entities|firms|businesses|banks)\s*:")


def _members_after_a_colon(article: LegalArticle, sent: Sentence, recall: Recall) -> list[frames_mod.Statement]:
    """The names after a colon that ends a sentence right after a count ("The list names, among
    others:"), or that follows "the rest" right after a measure was stated ("Much of the rest
    reads like a directory: A; B; C"): members of that measure."""
    rest = REST_OF_COUNT.search(sent.text)
    after_measure = rest is not None and recall.last_imposed is not None and (
        sent.index - recall.last_imposed.index <= 2)
    if article.text[:sent.end].rstrip().endswith(":"):
        counted = recall.counted is not None and sent.index - recall.counted[0] <= 2
        # ("Two trading houses were caught in the same net:" a few sentences after the measure)
        same = sanction_cues.SAME_MEASURE.search(sent.text) is not None and recall.counted is not None and (
            sent.index - recall.counted[0] <= 6)
        return _members_listed_below(article, sent) if counted or after_measure or same else []
    colon = sent.text.find(":", rest.end()) if rest is not None and after_measure else -1
    if colon < 0 and recall.counted is not None and sent.index - recall.counted[0] <= 2:
        # "The Council has listed 11 entities. The companies: A; the tour operator B; and C"
        heading = _MEMBERS_HEADING.match(sent.text)
        colon = heading.end() - 1 if heading is not None else -1
    if colon < 0:
        return []
    excluded = sanction_targets.excluded_all(article.text, sent.companies, sent.cases)
    return _membership("members-after-the-rest", sent.start + colon, [
        m for m in sent.companies if m.start > sent.start + colon and id(m) not in excluded])


def _members_listed_below(article: LegalArticle, sent: Sentence) -> list[frames_mod.Statement]:
    """"The ministry's list names, among others:" and the items below it, right after a measure
    on "ten entities": the companies the items name are its members."""
    end = frames_mod.list_end(article.text, sent.end, article.mention_index, sent.doc, sent.doc_offset)
    below = [m for m in article.mention_index.covering(sent.end, end, (COMPANY,)) if not m.descriptive]
    excluded = sanction_targets.excluded_all(article.text, below, [])
    return _membership("members-listed-below", sent.end, [m for m in below if id(m) not in excluded])


def _membership(rule: str, at: int, members: list[Mention]) -> list[frames_mod.Statement]:
    """A membership statement naming ``members`` (once each), or none when there are none."""
    named = list(dict((m.key, m) for m in members).values())
    if not named:
        return []
    return [frames_mod.Statement(frame="membership", rule=rule, trigger_start=at,
                                 roles={"target": tuple(m.key for m in named)},
                                 positions={"target": tuple(m.start for m in named)}, dates=(),
                                 carries=True)]  # members of the measure just named: its doer's


def _doers(article: LegalArticle, sent: Sentence) -> list[str]:
    """Who the sentence says acts: the agents of its sanction verbs, else the bodies it names,
    else the government of the country its main verb has as subject."""
    # "The Treasury's Office of Financial Sanctions Implementation said": the office speaks
    # "Chief Cabinet Secretary Ann Lee said": a title's bare body word is no body that acts
    known = gazetteer.load().entries
    bodies = [b for b in sent.bodies if not any(
        o is not b and 0 <= o.start - b.end <= 4 and article.text[b.end:o.start].strip() in ("'s", "’s")
        for o in sent.bodies) and not (b.key in frames_mod.BODY_NOUNS and b.key not in known)]
    # ("The ministry acted against 13 U.S. firms after Washington approved arms sales": not the targets'
    # country, nor the one in the "after" clause)
    acting = [b for b in bodies if not _not_acting(sent, b.start)]
    return [k for p, k in authorities_by_agent(sent.doc, sent.start, sent.end, sent.doc_offset, sent.mentions,
                                               article.agents) if not _not_acting(sent, p)] or [
        b.key for b in acting] or _subject_government(sent, article) or [b.key for b in bodies]


# the words that open a clause about another event: "after Washington approved ...", "when Britain did"
_OTHER_EVENT_MARKS = frozenset({"after", "before", "when", "since", "because", "as", "while", "once", "until"})


def _not_acting(sent: Sentence, pos: int) -> bool:
    """Whether the body named (or the verb) at ``pos`` only describes a noun ("13 U.S. companies") or
    is in an adverbial clause of another event ("after Washington approved")."""
    token = _token_at(sent, pos)
    if token is None:
        return False
    if token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.tag_ == "NNS":
        return True
    return any(a.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _OTHER_EVENT_MARKS for c in a.children)
               for a in (token, *token.ancestors))


def _token_at(sent: Sentence, pos: int):  # -> Token | None
    if sent.doc is None:
        return None
    span = sent.doc.char_span(pos - sent.doc_offset, pos - sent.doc_offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _subject_government(sent: Sentence, article: LegalArticle) -> list[str]:
    """The government the sentence's main verb has as subject: a country's ("Britain on Monday
    announced ..."), or a body named before ("the same ministry acted against ...")."""
    if sent.doc is None:
        return []
    span = sent.doc.char_span(sent.start - sent.doc_offset, sent.end - sent.doc_offset, alignment_mode="expand")
    if span is None or not len(span):
        return []
    subjects = [t for t in span.root.children if t.dep_ == "nsubj" and t.pos_ != "PRON"]  # ("it": the story's doer)
    # ("SEOUL (Agency) - South Korea on Friday imposed ...": the parser took the dateline for the subject)
    subjects = [a if frames_mod.in_dateline(t) else t for t in subjects
                for a in ([c for c in t.children if c.dep_ == "appos"][-1:] or [t])]
    keys = [k for t in subjects for k, _ in frames_mod.government_referred(t, sent.doc_offset, article.mention_index)]
    return keys[:1]  # (not the dateline's place the parser also took for a subject)


def _when_listed(sent: Sentence, recall: Recall, cues: Cues, doers: list[str]) -> list[DateValue]:
    """When the sentence's measure began: its first date; for "Among them are ...", the date a
    sentence just before gave the additions; else the date of the measure it carries over."""
    announced = recall.announced_within(sent.index)
    return [d.value for d in sent.dates[:1]] or (
        [announced] if announced is not None and sanction_cues.MEMBERSHIP.search(sent.text) else []) or (
        cues.carried.dates if cues.carried else []) or _dated_body(sent, recall, doers)


def _dated_body(sent: Sentence, recall: Recall, doers: list[str]) -> list[DateValue]:
    """"The Foreign Office designated Acme" below "Britain on Monday announced 107 new entries",
    "The ministry named A, B and C": the date of the last dated measure of the body that acts
    in the sentence (or that it names), unless it tells of an earlier one."""
    if _EARLIER.search(sent.text):
        return []
    named = [*doers, *(b.key for b in sent.bodies)] or [k for i, k in recall.bodies[-1:] if sent.index - i <= 3]
    return next((list(recall.dated_by[k].dates) for k in named if k in recall.dated_by), [])


# a person's title that makes them act for a government: "Foreign Minister Ann Lee designated ..."
_MINISTER = re.compile(r"\b(?:[Mm]inister|Secretary)\s+(?:of\s+[A-Z][\w ]+?\s+)?$")


def _ministers_act_for_their_government(sent: Sentence, recall: Recall,
                                        said: list[frames_mod.Statement]) -> list[frames_mod.Statement]:
    """A minister who imposes a measure does it for the government the story has acting ("Australia
    on Thursday imposed sanctions ... Foreign Minister Ann Lee designated A and B"): that government
    is the doer, as it is of the measures the story tells of before and after."""
    acting = recall.acting
    if acting is None or not is_government(acting):
        return said
    ministers = {m.key for m in sent.mentions if m.kind == PERSON
                 and _MINISTER.search(sent.text, 0, m.start - sent.start)}
    out = []
    for st in said:
        doers = st.roles.get("authority", ())
        if doers and all(d in ministers for d in doers):
            st = replace(st, roles={**st.roles, "authority": (acting,)},
                         positions={**st.positions, "authority": st.positions["authority"][:1]})
        out.append(st)
    return out


def _read_frames(article: LegalArticle, sent: Sentence, recall: Recall, found: Findings,
                 said: list[frames_mod.Statement]) -> bool:
    """Add what the grammar's frames say to the drafts: who, what, by whom and when. Whether
    any frame was left to read (a membership frame only counts after a list was named)."""
    text = sent.text
    members = any(st.frame == "membership" for st in said)
    inherited = _inherited_list(sent, recall, said, members)
    if not (sent.lists or inherited or _members_may_follow(sent, recall)):
        # "Among the new names are ...": members only of a list just named, of "15 entities" just
        # sanctioned, or of a measure a sentence just before imposed or whose targets it named
        # ("Acme heads the list. It is joined by Bolt")
        said = [st for st in said if st.frame != "membership" or st.rule in _COUNT_RULES or st.roles.get("authority")]
    if not said:
        return False
    counted = recall.counted[2] if recall.counted and recall.counts_members(sent.index, text) else None
    if members and counted is not None and (counted.lifted or counted.proposed):
        frame = "removal" if counted.lifted else "proposal"
        said = [replace(st, frame=frame) if st.frame == "membership" else st for st in said]
    said = _ministers_act_for_their_government(sent, recall, said)
    _name_frame_entities(found, said)
    carry = _frame_carry(recall, sent, said, members)
    if carry[0] in gazetteer.load().entries:  # a doer carried from a sentence with no frame of its own
        found.add_entity(carry[0], gazetteer_entity)  # ("Japan banned exports to 22 organisations")
    lead = apply_statements(said, found.sanctions, FrameSentence(
        article.text, sent.start, sent.end, sent.lists or inherited, sent.bodies,
        [d.value for d in earlier_dates(text, sent.dates)], bool(sent.lists), carry))
    if lead is not None:
        _note_targets(recall.measure_targets, said)
        recall.last_imposed = Imposed(sent.index, list(sent.lists or inherited), lead[0], list(lead[1][:1]))
        if lead[0] and lead[1]:
            recall.dated_by[lead[0]] = recall.last_imposed
        if sent.lists and lead[1]:
            recall.announced = (sent.index, lead[1][0])
    return True


def _note_targets(measures: list[frames_mod.Group], said: list[frames_mod.Statement]) -> None:
    """Note the targets of the measure a sentence imposes: a measure of its own, or more of the
    one it goes on about ("The other seven are A, B ...")."""
    named = dict(measures.pop()) if measures and any(st.frame == "membership" for st in said) else {}
    for st in said:
        if st.frame in ("designation", "membership"):
            for key, pos in zip(st.roles["target"], st.positions["target"]):
                named.setdefault(key, pos)
    measures.append(tuple(named.items()))


def _inherited_list(sent: Sentence, recall: Recall, said: list[frames_mod.Statement], members: bool) -> list[str]:
    """The list a sentence refers back to ("that list", "on it", members named after a list), or
    the one of the measure it goes on about."""
    text = sent.text
    refers = bool(sanction_cues.LIST_ANAPHOR.search(text) or members or re.search(r"\b(?:on|in) it\b", text))
    inherited = recall.last_list(sent.index, refers, bool(sanction_cues.SAME_LIST.search(text)))
    if not inherited and any(st.carries for st in said):
        inherited = _carried_list(recall, sent.index)
    if not inherited and members and recall.counted and (recall.counts_members(sent.index, text)
                                                         or recall.counted_companies(sent.index)):
        inherited = list(recall.counted[2].lists)  # "Thirteen of the entries are ...": the count's list
    if not inherited and members and sent.index - recall.list_named_at == 1 and _IT_OPENS.match(text):
        inherited = [k for _, k in recall.lists[-1:]]  # "The list itself is a year old. It began with ..."
    return inherited


def _members_may_follow(sent: Sentence, recall: Recall) -> bool:
    """Whether a sentence comes right after a measure whose members it may name: one on "15
    entities", one imposed a sentence or two before, the story's measure a few sentences back
    when the sentence refers to "the list", or any measure of the story when "on it" refers to a
    list named at most three sentences before ("And the export control list? It is longer. Acme is on it."),
    or a measure on "five companies" at most four sentences before ("First on the list was Acme")."""
    just_stated = recall.last_imposed is not None and sent.index - recall.last_imposed.index <= 1
    on_named_list = recall.last_imposed is not None and (
        (sent.index - recall.list_named_at <= 3 and _ON_IT.search(sent.text) is not None)
        # ("The list itself is a year old. It debuted with five makers: A, B and C")
        or (sent.index - recall.list_named_at == 1 and _IT_OPENS.match(sent.text) is not None))
    return bool(recall.counts_members(sent.index, sent.text) or recall.imposed_before(sent.index, 2) or just_stated
                or on_named_list or recall.counted_companies(sent.index)
                or (sanction_cues.LIST_ANAPHOR.search(sent.text) and recall.imposed_before(sent.index, 5)))


# "the export control list", "its unreliable entity list": a list named by its kind; "on it" after one
_A_LIST = re.compile(r"\b(?:the|its|their|this|that)\s+(?:[\w-]+\s+){0,3}list\b", re.I)
_ON_IT = re.compile(r"\b(?:on|in)\s+it\b", re.I)
_IT_OPENS = re.compile(r"\s*It\b")


def _carried_list(recall: Recall, index: int) -> list[str]:
    """The list of the measure a sentence goes on about ("Acme was listed together with its
    subsidiaries"): that of the last one stated or counted on a list, at most three sentences before."""
    stated = [m for m in (recall.last_imposed, recall.counted[2] if recall.counted else None)
              if m is not None and m.lists and index - m.index <= 3]
    return list(max(stated, key=lambda m: m.index).lists) if stated else []


def _frame_carry(recall: Recall, sent: Sentence, said: list[frames_mod.Statement],
                 members: bool) -> tuple[str | None, list[DateValue]]:
    """The doer and date the sentence's measure takes from one stated before: "Named among them
    are ...", "added in the same rule", the members of "15 entities", "The bureau also added";
    none for a sentence about an earlier measure ("had already added Acme")."""
    text = sent.text
    same = bool(members or sanction_cues.SAME_MEASURE.search(text) or any(st.carries for st in said))
    carry = _same_measure(recall, sent, said, members) if same else _carried(recall, sent.index, same, members)
    if any(st.rule in _COUNT_RULES for st in said) or (members and (
            recall.counts_members(sent.index, text) or recall.counted_companies(sent.index))):
        counted = recall.counted[2] if recall.counted else None
        last = recall.last_imposed
        if counted is not None and recall.counted and (last is None or recall.counted[0] >= last.index):
            carry = (counted.authority or carry[0], counted.dates or carry[1])  # the count is the latest measure
        elif counted is not None:
            carry = (carry[0] or counted.authority, carry[1] or counted.dates)
    if _EARLIER.search(sanction_cues.RELATIVE_CLAUSE.sub(" ", text)):  # (not "Bolt, which had until now ...")
        return carry[0], []
    named = recall.dated_measure
    if named is not None and 0 < sent.index - named[0] <= 2 and not sent.dates and _THAT_MEASURE.search(text):
        return carry[0], [named[1]]  # "In that round Commerce put A and B on the list": the round just named
    if not carry[1] and not sent.dates:
        return _carried_by_doer(recall, said) or carry
    return carry


# a measure named by its date, and one referred back to: "a February 2023 rule", "in that round"
_ROUND_NOUNS = r"(?:rule|round|package|notice|action|decision|tranche|batch)\b"
_MEASURE_AFTER_DATE = re.compile(r"\s+" + _ROUND_NOUNS)
_THAT_MEASURE = re.compile(r"\b(?:in|under|with)\s+that\s+" + _ROUND_NOUNS, re.I)


# "Also named that day were ...", "at the time", "Acme was also listed": the measure just told of,
# whenever it was
_THAT_DAY = re.compile(r"\b(?:that|the same)\s+(?:day|week|month|year|round|time)\b|\bat\s+the\s+time\b|"
                       r"\balso\b|\bas\s+well\b", re.I)


def _same_measure(recall: Recall, sent: Sentence, said: list[frames_mod.Statement],
                  members: bool) -> tuple[str | None, list[DateValue]]:
    """The doer and date of the measure a sentence goes on about: the last one stated (within
    three sentences), the last dated one of the body the sentence has act, the one on a count
    just named, or the one a sentence just before imposed without naming a company."""
    # (five back for "Four of his companies are on the list:", the list of the story's measure)
    far = bool(members and sanction_cues.LIST_ANAPHOR.search(sent.text))
    carry = _carried(recall, sent.index, True, members, 5 if far else 3)
    by_doer = _carried_by_doer(recall, said)
    if by_doer is not None and carry[0] != by_doer[0] and not sent.dates:
        # "Acme itself was placed on the list in 2023. The bureau also listed Bolt": the bureau's own
        # last dated measure, not the one told of in between
        carry = by_doer
    # "imposed sanctions on five companies. The decree targets A, B ...": the counted measure's
    if carry[0] is None and recall.counted and sent.index - recall.counted[0] <= (5 if far else 2):
        carry = (recall.counted[2].authority, carry[1] or list(recall.counted[2].dates))
    before = recall.imposed_before(sent.index, 3) if carry == (None, []) else None
    if before is not None and (recall.last_imposed is None or recall.last_imposed.index < before[0]):
        # "The ministry on Friday banned exports to a group of firms. Acme heads the list": that measure's
        doing = recall.dated_by.get(before[1])
        carry = (before[1], list(doing.dates) if doing is not None and doing.index == before[0] else [])
    day = recall.news_day
    if day is not None and carry[1] and carry[1][0].iso < day[1].iso and not sent.dates and not members and not (
            _THAT_DAY.search(sent.text) or sanction_cues.SAME_MEASURE.search(sent.text)):
        # "Acme itself was put on the list in March 2023. Listed for helping build ... were A and B":
        # with no doer and no day of its own, the story's measure, not the earlier one told in between
        carry = (day[0] or carry[0], [day[1]])
    return carry


def _name_frame_entities(found: Findings, said: list[frames_mod.Statement]) -> None:
    """The bodies the frames name as authorities ("Ruritania sanctioned ...": its government) and
    the companies they coin from a conjunction ("Acme Bank, Bolt Bank and Cord Bank")."""
    for st in said:
        for key in st.roles.get("authority", ()):
            found.add_entity(key, gazetteer_entity)
        found.add_coined(st.coined)


_EARLIER = sanction_cues.EARLIER


def _carried_by_doer(recall: Recall, said: list[frames_mod.Statement]) -> tuple[str | None, list[DateValue]] | None:
    """"The bureau also added Acme", however far below the bureau's dated additions: an undated
    measure by an authority ("the bureau", "the Council", "it") continues that authority's last
    dated measure."""
    gaz = gazetteer.load()
    for st in said:
        doer = (st.roles.get("authority") or (None,))[0]
        # "The Treasury on Friday imposed sanctions on six companies. The Office of Foreign Assets
        # Control designated A, B ...": the office acts in its department's measure
        parent = getattr(gaz.entries.get(doer or ""), "part_of", None)
        last = (recall.dated_by.get(doer) or recall.dated_by.get(parent or "")) if doer else None
        if last is not None:
            return last.authority, last.dates
    return None


def _carried(recall: Recall, index: int, same: bool, members: bool,
             reach: int = 3) -> tuple[str | None, list[DateValue]]:
    """The authority and date a sentence takes over from the measure one at most ``reach`` before
    imposed, when it speaks of the same one (``same``); a list of members takes the date of
    the additions a sentence just before announced."""
    last = recall.last_imposed
    if last and index - last.index <= reach and same:
        return last.authority, last.dates
    announced = recall.announced_within(index)
    return None, [announced] if announced is not None and members else []
