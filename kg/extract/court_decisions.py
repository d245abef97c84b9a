"""Court decisions: whether a court or judge acts in a sentence, the type of order it
gives, about whom, for whom, and when.

A court order is a court or judge acting ("ordered", "ruled", "granted an injunction"); an
agency's "final order" names no court and is not one, and neither is a request to a court
or a ruling still to come.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import sanction_cues
from kg.extract.date_terms import DATELINE_DATE
from kg.extract.entities import EntityTable, Mention, slug
from kg.extract.legal_drafts import Findings, LegalArticle, OrderDraft, Sentence, sentence_evidence
from kg.extract.legal_frames import frame_statements
from kg.extract.sanction_targets import is_excluded
from kg.models import COMPANY, COURT, GOVERNMENT, PERSON, DateValue, Entity


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


# ("found that the ban was temporary and reversible": what the measure is, not a provisional order)
PROVISIONAL = _rx(r"\b((?<!\bwas )(?<!\bis )(?<!\bwere )(?<!\bare )(?<!\bbe )temporar(?:y|ily)|"
                  r"provisional(?:ly)?|preliminary|interim|injunction|"
                  r"pending (?:a |the )?(?:full |final )?(?:trial|review|decision|ruling|appeal)|"
                  # (not "the freezes stay in force": a measure that remains)
                  r"stay(?:ed)?(?!\s+in\s+(?:force|place|effect))|paus(?:ed|es)|halt(?:ed|s)?|block(?:ed|s|ing)|"
                  r"suspend(?:ed|s)?|stopped(?!\s+short))\b")
COURT_WORD = _rx(r"\b(courts?|judges?|justices?|tribunal|magistrates?|circuit|bench)\b")
# "denied the petition for review", "denies Acme's motion": a request turned down
_DENIED_REQUEST = (r"den(?:ied|ies)\s+(?:[\w'’.-]+\s+){0,3}?(?:petitions?|appeals?|requests?|motions?|applications?|"
                   r"bids?|challenges?|claims?|suits?|lawsuits?)")
# "set aside the government's order", "set that suspension aside": annulled, a ruling's words
_SET_ASIDE = r"(?:set|sets)\s+(?:aside|(?:[\w'’-]+\s+){1,3}?aside)"
ORDER_ACT = _rx(
    r"\b(ordered|orders|order|ruled|rules|ruling|decision|verdict|judgment|judgement|acquitted|acquits|"
    r"found\s+(?:[\w-]+\s+){0,4}?(?:not\s+)?guilty|"
    r"injunction|granted|blocked|blocks|halted|halts|"
    r"struck down|upheld|upholds|vacated|vacates|overturned|annulled|annuls|"
    r"dismissed|rejected|sided with|found that|enjoined|stayed|issued|stopped(?!\s+short)|struck out|"
    r"threw out|throws out|turned down|froze|freezes|barred|bars|restrained|restrains|prohibited|prohibits|"
    r"forbade|wound up|winds up|winding[- ]up order|liquidation order|"
    r"(?:refused|declined) to (?:suspend|stay|pause|block|halt|lift|annul)|" + _DENIED_REQUEST + r")\b")
FUTURE = _rx(r"\b(asking (?:for|the court)|asked (?:for|the court)|ask(?:s)? the court|seeking|"
             r"sought(?!\s+by\b)|motion to|(?:take|takes|taking|bring|brings) the (?:case|matter|dispute) to|"
             r"(?:has|have) (?:asked|requested)|has not (?:yet )?(?:ruled|decided)|is contesting|"
             r"(?:filed|files|lodged) (?:a|an) (?:suit|lawsuit|appeal|notice|complaint|challenge)|"
             r"will have to|would have to|is expected to|are expected to|"
             # ("is waiting for a General Court ruling on its own listing": one still to come)
             r"(?:is|are)\s+(?:still\s+)?(?:waiting\s+for|awaiting)\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?"
             r"(?:ruling|decision|judgment|verdict)|"
             r"to give a|(?:has|have|had)\s+(?:already\s+)?appealed\s+(?:the|that|this|its|both|these|those)\s+"
             r"(?:\w+\s+){0,2}(?:injunction|ruling|decision|order|judgment)s?)\b")
# "The department said it was reviewing the ruling and could appeal": talk about an order, not one
# ("The state can ask the appeals court to review the order": a review still to be sought)
FUTURE_APPEAL = _rx(r"\b(?:(?:can|could|may|might|will|would|intends? to|is considering whether to|"
                    r"is weighing whether to)\s+(?:\w+\s+)?(?:appeal|ask)|"
                    r"(?:reviewing|studying|considering) the (?:ruling|decision|order|judgment))\b")
DECIDED = _rx(r"\b(?:granted|blocked|ruled|halted|struck down|upheld|annulled|dismissed|rejected|enjoined|"
              r"stayed|ordered|sided|overturned|stopped|struck out|threw out|turned down|vacated|"
              r"froze|barred|restrained|prohibited|forbade|wound up|" + _DENIED_REQUEST + r")\b")
COURT_PRONOUN = re.compile(r"\s*(?:It|The court|The tribunal|The judges?|The panel)\b")
FINAL = _rx(r"\b(final (?:order|judgment|judgement|ruling)|permanent(?:ly)? (?:injunction|enjoin\w*|block\w*|bar\w*|"
            r"prohibit\w*|restrain\w*)|vacat(?:ed|es|ur)|final decision|wound up|winds up|winding[- ]up order|"
            r"liquidation order|order(?:ed|s)? (?:the )?(?:liquidation|winding[- ]up|dissolution) of)\b")
# a court freezing a party's funds or assets: interim relief, unless the words rule on something
FREEZE = _rx(r"\b(froze|freezes|freezing order|interim measures?)\b")
RULING = _rx(r"\b(ruled|ruling|acquitted|acquits|found\s+(?:[\w-]+\s+){0,4}?(?:not\s+)?guilty|"
             r"upheld|upholds|struck down|overturned|annulled|annuls|dismissed|refused|declined|denied|"
             r"rejected|sided with|found that|verdict|judgment|decision|struck out|threw out|throws out|"
             r"turned down|granted (?:[\w.-]+(?:'s|’s)?\s+){0,3}?motion|" + _SET_ASIDE + r")\b")
RECENT = _rx(r"\b(has|have|had)\s+(?:just\s+|now\s+|finally\s+|officially\s+)?(?:issued|ruled|ordered|granted|"
             r"decided|blocked|sided|handed down|struck)\b|\b(today|this week|just)\b")
FAVOR = _rx(r"\b(?:in favou?r of\s+(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)|"
            r"ruled in favou?r(?!\s+of\b)|sided with\s+(?P<who2>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*))")
UPHOLD = _rx(r"\b(upheld|upholds|uphold|(?:refused|declined) to (?:order|block|lift|remove|overturn|halt)|"
             r"rejected (?:the |its |\w+'s )?(?:bid|request|challenge|appeal|motion)|"
             r"dismissed|denied (?:the |its |\w+'s )?(?:request|motion|bid))\b")
_DENY = r"(?:denied|denies|rejected|rejects|refused|refuses|declined|declines|turned\s+down|turns\s+down)"
_WHOSE = r"(?:[\w.-]+(?:'s|’s|'|’)?\s+){0,4}?"
# what interim relief against a measure would suspend ("to suspend the ban"), not the proceedings
_A_MEASURE = (r"(?:the|its|their)\s+(?:[\w-]+\s+)?(?:ban|measures?|listings?|designations?|sanctions?|freeze|"
              r"prohibition|law|act)\b")
# "stayed the lawsuit", "turned down the government's request for a stay": an order about the
# proceedings or a request to pause them, not an injunction
STAY = _rx(r"\b(?:stayed|stays|paused|suspended)\s+(?:the|its|his|her|their|this|that)\s+(?:\w+\s+)?"
           r"(?:lawsuit|suit|case|proceedings|action|litigation)\b|"
           r"\b" + _DENY + r"\s+" + _WHOSE + r"(?:\w+\s+)?(?:request|motion|application|bid)s?\s+"
           r"(?:for\s+a\s+stay|to\s+(?:stay|suspend|pause)(?!\s+" + _A_MEASURE + r"))")
# "denied the company's motion for a preliminary injunction"
# a refused injunction: nothing was enjoined ("denied the injunction", "refused Acme a
# preliminary injunction", "rejected its request for a temporary restraining order",
# "declined to block the ban")
REFERS_BACK = _rx(r"\b(?:the|that|this|its|\w+day['’]s)\s+(?:[\w-]+\s+)?(?:ruling|decision|judgment|order|verdict|"
                  r"opinion)\b")
DENIED_RELIEF = _rx(r"\b(?:denied|denies|refused|refuses|rejected|rejects|declined|declines|dismissed|dismisses|"
                    r"turned\s+down)\s+"
                    r"(?:[\w.,&-]+(?:'s|’s|')?\s+){0,6}?(?:(?:request|motion|application|bid|petition)s?\s+"
                    r"(?:for|seeking)\s+)?(?:a\s+|an\s+|the\s+)?(?:preliminary\s+|temporary\s+|interim\s+|provisional\s+)?"
                    r"(?:injunction|restraining\s+order)|"
                    # "turned down the agency's emergency request to block the deal"
                    # "refused Acme's request to suspend the ban": interim relief against the measure refused
                    r"\b" + _DENY + r"\s+" + _WHOSE + r"(?:\w+\s+)?(?:request|motion|application|bid|petition)s?\s+"
                    r"to\s+(?:(?:block|halt|stop|enjoin|bar)\b|(?:suspend|pause)\s+" + _A_MEASURE + r")|"
                    # "refused to suspend the ban while the main case was heard": interim relief refused
                    r"\b(?:refused|refuses|declined|declines)\s+to\s+(?:suspend|stay|pause|put\s+on\s+hold)\s+"
                    r"(?:the|its|their)\s+(?:[\w-]+\s+)?(?:ban|measures?|listings?|designations?|sanctions?|freeze|"
                    r"prohibition|law|act)\b|"
                    r"\b(?:refused|refuses|declined|declines)\s+to\s+(?:block|halt|enjoin|grant\s+(?:a\s+|an\s+)?"
                    r"(?:preliminary\s+|temporary\s+)?injunction)")
BARE_REFUSAL = _rx(r"\b(?:refused|declined)\b(?!\s+to\b)")
ASKED_STAY = _rx(r"\basked\b[^.;]{0,60}?\bto\s+suspend\b")
# "his judicial review of the refusal was dismissed": a person's own case, not the company's
PERSONAL_CASE = _rx(r"\b(?:his|her)\s+(?:own\s+)?(?:\w+\s+)?(?:review|case)s?\b")
DESCRIPTIVE_COURT = re.compile(
    r"\ba\s+((?:federal\s+|district\s+|US\s+|U\.S\.\s+|American\s+|appeals\s+|appellate\s+)*"
    r"court(?:\s+of\s+justice)?\s+in\s+(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}))")
NOT_A_COURT = re.compile(r"\b(?:Justice Department|Department of Justice|Justice Ministry|Ministry of Justice)\b")
NOT_COURT_ACT = re.compile(r"\b(executive order|final determination|administrative (?:order|decision|action|ruling)|"
                           r"(?:interim )?final rule|"
                           r"implementing (?:regulation|decision))\b", re.I)
NEGATED_COURT = re.compile(r"\b(?:not|no|never)\s+(?:\w+\s+){0,2}$", re.I)
APPEALS = re.compile(r"\b(appeals?|circuit|supreme)\b", re.I)
JUDGE_WORD = re.compile(r"\b(judge|justice|magistrate)\b", re.I)
JUDGE_TITLE_BEFORE = re.compile(r"\b(?:judge|justice)\s+$", re.I)


def _span_end(sentence: str, start: int) -> bool:
    """Whether a date opens or closes a span ("between 3 March 2011 and 9 October 2015", "from
    May"): the time a state lasted, not the day a decision was made."""
    before = sentence[max(0, start - 60):start]
    return bool(re.search(r"\b(?:between|from)\s+$", before, re.I)
                or re.search(r"\bbetween\s+[^,;]{3,40}?\s+and\s+$", before, re.I))


def _judge_name(text: str, m: Mention) -> bool:
    """Whether a person near a judge word can be the judge: a full name ('Ann Lee') or a
    titled one ('Judge Lee'). 'The judge considered that Acme had ...': a single word the model
    calls a person is not the judge."""
    return "-" in m.key or JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def _first_order_act(sentence: str) -> int:
    """Where the first word of a court's act is (the sentence's end if none)."""
    m = ORDER_ACT.search(sentence)
    return m.start() if m else len(sentence)


def _explicit_type(sentence: str, asked_stay: bool = False) -> str | None:
    """The type the words themselves give, whatever else the sentence says: a stay, or the
    refusal of a request for one, is another kind of order; a denied injunction is a ruling
    (nothing was enjoined). A bare refusal ("the judge refused on Monday") after a request to
    stay or suspend (``asked_stay``) refuses that request."""
    if STAY.search(sentence):
        return "OtherOrder"
    if DENIED_RELIEF.search(sentence):
        return "Ruling"
    if asked_stay and BARE_REFUSAL.search(sentence):
        return "OtherOrder"
    return None


def _order_type_of(sentence: str, appeals: bool = False) -> str:
    """The type of order the sentence's words give: final, else (not for an appeals court)
    provisional, else a ruling, else another kind of order."""
    if FINAL.search(sentence):
        return "FinalOrder"
    if appeals and not _ISSUED_PROVISIONAL.search(sentence):
        # appeals courts rule on injunctions; they do not grant them (unless the words say they
        # did: "the Enterprise Chamber of the Court of Appeal issued the provisional measures")
        return "Ruling"
    act = ORDER_ACT.search(sentence)
    other = _ANOTHER_EVENT.search(sentence, act.end()) if act and RULING.fullmatch(act.group(0)) else None
    if other is not None and not PROVISIONAL.search(sentence, 0, other.start()):
        # "dismissed a petition by Acme ..., almost a year after it won temporary relief": the decision
        # is its first act's; the relief told of after "after" is another, earlier one
        return "Ruling"
    if PROVISIONAL.search(sentence) or (FREEZE.search(sentence) and not RULING.search(sentence)):
        return "PreliminaryInjunction"
    if RULING.search(sentence):
        return "Ruling"
    return "OtherOrder"


# a court repeating its last decision for another party
_DID_THE_SAME = re.compile(r"\b(?:did|does|has\s+done)\s+the\s+same\s+(?:for|with|in\s+the\s+case\s+of)\b", re.I)
_ISSUED_PROVISIONAL = re.compile(r"\b(?:issued|granted|imposed|ordered)\s+(?:the\s+|its\s+|an?\s+)?"
                                 r"(?:provisional|interim|temporary)\s+(?:measures?|injunctions?|relief|orders?)\b",
                                 re.I)
# the words that open a clause about another, earlier event: "... after it won temporary relief"
_ANOTHER_EVENT = re.compile(r"\b(?:after|since|before|following)\b", re.I)


def _favor_of(sentence: str, base: int, companies: list[Mention], table: EntityTable) -> str | None:
    """Whom the words say the decision favours ("ruled in its favour", "sided with Acme")."""
    m = FAVOR.search(sentence)
    if not m:
        return None
    who = m.group("who") or m.group("who2")
    if who:
        pos = base + sentence.index(who, m.start())
        named = [x for x in table.mentions if x.kind in (COMPANY, GOVERNMENT, PERSON)
                 and (x.start <= pos < x.end or pos <= x.start < pos + len(who))]
        if named:  # "in favour of the Trade Ministry": the first one named after "of"
            return min(named, key=lambda x: x.start).key
    return companies[0].key if companies else None


# ------------------------------------------------------------------------------ reading a sentence


# "the same court dismissed ...": the court of the decision read before, not the last court named
_SAME_COURT = re.compile(r"\b(?:the\s+same|that)\s+court\b", re.I)


@dataclass
class CourtMemory:
    """What earlier sentences said about courts and judges."""

    courts: list[tuple[int, str]] = field(default_factory=list)  # (sentence index, court key)
    judges: set[str] = field(default_factory=set)  # people the article has named as judges
    last_judge: str | None = None
    asked_stay_at: int = -2  # the last sentence that asked a court to stay or suspend
    deciding: str | None = None  # the court of the last decision read ("the same court" is that one)
    last_order: tuple[int, str] | None = None  # (sentence index, type) of the last decision read

    def court_within(self, index: int, sentences: int) -> str | None:
        """The court named last, if at most ``sentences`` before."""
        return self.courts[-1][1] if self.courts and index - self.courts[-1][0] <= sentences else None


@dataclass(frozen=True)
class _Decision:
    """How a sentence names the decision it states."""

    explicit: str | None  # the type the words give
    named_judge: str | None  # a judge the article named before, acting again
    descriptive: re.Match[str] | None  # "a federal court in Ruritania"


def _about_one_named(sent: Sentence, named_judge: str | None, explicit: str | None,
                     descriptive: re.Match[str] | None) -> bool:
    """"A rights group said the ruling puts companies on notice": talk about a decision already
    named, with no court, judge or act of deciding of its own."""
    return bool(REFERS_BACK.search(sent.text)) and not (
        sent.courts or named_judge or explicit or DECIDED.search(sent.text) or descriptive)


def read_decisions(article: LegalArticle, sent: Sentence, memory: CourtMemory, found: Findings) -> bool:
    """Add the court orders a sentence states to ``found``, and note whether the lifting it
    speaks of is provisional. Whether a court or judge acts in it."""
    text = sent.text
    memory.courts.extend((sent.index, c.key) for c in _acting_courts(sent))
    future = _is_future(text)
    descriptive = DESCRIPTIVE_COURT.search(text)
    has_court = _court_acts(sent, memory, descriptive)
    named_judge = _named_judge(article.text, sent, memory)
    explicit = _explicit_type(text, memory.asked_stay_at == sent.index - 1)
    if explicit is None and memory.last_order and sent.index - memory.last_order[0] <= 3 and _DID_THE_SAME.search(text):
        explicit = memory.last_order[1]  # "A week later the General Court did the same for Bolt"
    if ASKED_STAY.search(text):
        memory.asked_stay_at = sent.index
    has_court = has_court or bool(named_judge and (DECIDED.search(text) or explicit))
    if has_court and (ORDER_ACT.search(text) or explicit) and not future and not _about_one_named(
            sent, named_judge, explicit, descriptive):
        _add_orders(article, sent, memory, found, _Decision(explicit, named_judge, descriptive))
    if not explicit and PROVISIONAL.search(text) and (
            sanction_cues.LIFT.search(text) or "injunction" in text.lower() or has_court):
        found.provisional.update([m.key for m in sent.companies] or [None])
    return has_court


def _acting_courts(sent: Sentence) -> list[Mention]:
    """The courts the sentence names, less those a party turns to ("leaving them to seek relief
    from the Supreme Court") and those whose decision a higher court reviews ("affirmed a decision
    of the Court of International Trade")."""
    reviews = _REVIEWS.search(sent.text) is not None
    text, s = sent.text, sent.start
    return [c for c in sent.courts
            if not _TURNED_TO.search(text, max(0, c.start - s - 50), c.start - s)
            and not (reviews and _DECISION_OF.search(text, max(0, c.start - s - 30), c.start - s))]


# a higher court's review of a lower court's decision
_REVIEWS = re.compile(r"\b(?:affirm|uphold|upheld|revers|overturn|overrul|vacat|set\s+aside)\w*", re.I)
_DECISION_OF = re.compile(r"\b(?:decision|ruling|judgment|judgement|order|verdict)s?\s+(?:of|by)\s+(?:the\s+)?$", re.I)


def _is_future(sentence: str) -> bool:
    """Whether the sentence asks a court, or speaks of a decision still to come ("asked the
    court to ...", "is expected to rule", "could appeal")."""
    return bool(FUTURE.search(sentence)) or bool(FUTURE_APPEAL.search(sentence) and not DECIDED.search(sentence))


def _court_acts(sent: Sentence, memory: CourtMemory, descriptive: re.Match[str] | None) -> bool:
    """Whether the sentence names a court or judge (not "not a court", not the Justice
    Department), or goes on about the court just named ("It therefore annulled the acts ...").
    An executive order or agency decision with no court named is not a court's."""
    sentence = sent.text
    legal_text = NOT_A_COURT.sub(lambda m: " " * len(m.group(0)), sentence)
    for m in sent.companies:  # "Chongqing Southwest Integrated Circuit Design Co.": no circuit court
        lo, hi = max(0, m.start - sent.start), max(0, m.end - sent.start)
        legal_text = legal_text[:lo] + " " * (hi - lo) + legal_text[hi:]
    if NOT_COURT_ACT.search(sentence) and not sent.courts and not JUDGE_WORD.search(legal_text):
        return False
    return bool(sent.courts or descriptive or any(
        not NEGATED_COURT.search(sentence[max(0, w.start() - 25):w.start()])
        and not _GONE_TO.search(sentence[max(0, w.start() - 25):w.start()])
        for w in COURT_WORD.finditer(legal_text)) or (
        memory.court_within(sent.index, 2) and COURT_PRONOUN.match(sentence) and DECIDED.search(sentence)))


# "to seek emergency relief from the Supreme Court", "take the case to the Supreme Court"
_TURNED_TO = re.compile(r"\b(?:seek|seeking|sought|ask|asking|petition|petitioning|turn|turning|appeal|appealing|"
                        r"case)\s+(?:[\w-]+\s+){0,3}?(?:from|to|with)\s+(?:the\s+)?$", re.I)
# "after which it went to court": a party going to a court, not a court acting
_GONE_TO = re.compile(r"\b(?:went|go|gone)\s+to\s+$", re.I)


def _named_judge(text: str, sent: Sentence, memory: CourtMemory) -> str | None:
    """A judge the article has named, acting again, by name or by surname ("Ortiz halted it on
    Monday"). Remembers the people the sentence titles as judges."""
    people = sent.people
    memory.judges.update(m.key for m in people if JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start))
    return next((m.key for m in people if m.key in memory.judges), None) or next(
        (k for k in sorted(memory.judges)
         if re.search(r"\b" + re.escape(k.rsplit("-", 1)[-1].capitalize()) + r"\b", sent.text)),
        None)


def _add_orders(article: LegalArticle, sent: Sentence, memory: CourtMemory, found: Findings,
                decision: _Decision) -> None:
    """One order draft for each company the decision is about."""
    text = sent.text
    deciding = _acting_courts(sent)
    court_key = deciding[0].key if deciding else (
        memory.deciding if memory.deciding and _SAME_COURT.search(text) else memory.court_within(sent.index, 2))
    if court_key:
        memory.deciding = court_key
    appeals = bool(APPEALS.search(text[:_first_order_act(text)])) or _appeals_court(court_key)
    order_type = decision.explicit or _order_type_of(text, appeals)
    memory.last_order = (sent.index, order_type)
    if court_key is None and decision.descriptive:
        court_key = _descriptive_court(article, sent, decision.descriptive, found)
    if court_key is None and COURT_WORD.search(text):
        court_key = _court_named_next(article, sent, appeals)
    judge_key = _judge(article.text, sent, memory, decision.named_judge)
    targets, read = _decision_targets(article, sent, found)
    when = _decision_dates(article, sent)
    favor = _favor_of(text, sent.start, sent.companies, article.table)
    # ("A judge dismissed it in 2010, and the Court of Appeal upheld that decision in January 2011":
    # each court's decision, of the dates in its own clause)
    second = _second_decision(sent, deciding)
    decisions = [(court_key, order_type, when[:1], judge_key)]
    if second is not None:
        pos, key = second
        before = [d.value for d in sent.dates if d.start < pos][:1] or when[:1]
        after = [d.value for d in sent.dates if d.start >= pos][:1]
        decisions = [(court_key, order_type, before, judge_key),
                     (key, _order_type_of(text[pos:], _appeals_court(key)), after, None)]
    for target in dict.fromkeys(targets):
        for court, kind, dates, judge in decisions:
            found.orders.append(OrderDraft(
                target=target, order_type=kind,
                evidence=[sentence_evidence(article.text, sent.start, sent.end, 0.85 if sent.companies else 0.65)],
                court=court, judge=judge, dates=list(dates),  # (a list of its own: merging extends it)
                # one list object for the sentence's orders: merging decisions extends it for each of them
                favor=favor, upholds=bool(UPHOLD.search(text)), lists=sent.lists, appeals=appeals,
                explicit=decision.explicit is not None, court_named=bool(sent.courts or decision.descriptive),
                implied=not sent.companies, party=read,
            ))


def _appeals_court(key: str | None) -> bool:
    return bool(key and APPEALS.search(key.replace("-", " ")))


def _second_decision(sent: Sentence, deciding: list[Mention]) -> tuple[int, str] | None:
    """Where a second court's decision begins in a clause of its own (", and the Court of Appeal
    upheld ..."), and that court; None when the sentence states one court's decision."""
    if len(deciding) < 2 or deciding[-1].key == deciding[0].key:
        return None
    pos = deciding[-1].start - sent.start
    if _AND_A_COURT.search(sent.text, max(0, pos - 12), pos) is None or ORDER_ACT.search(
            sent.text, deciding[-1].end - sent.start) is None:
        return None
    return pos, deciding[-1].key


_AND_A_COURT = re.compile(r",\s+and\s+(?:the\s+)?$")


def _court_named_next(article: LegalArticle, sent: Sentence, appeals: bool) -> str | None:
    """"A federal appeals court on Wednesday upheld ... A panel of the 9th U.S. Circuit Court of
    Appeals found ...": a court the sentence only describes is the one of its kind the text names
    next, close after it."""
    stop = _NEXT_SENTENCE_END.search(article.text, sent.end + 1)
    end = stop.end() if stop else len(article.text)
    for m in article.table.mentions:
        if m.kind == COURT and sent.end <= m.start < end and _appeals_court(m.key) == appeals:
            return m.key
    return None


_NEXT_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?][\"”’]?(?=\s+[A-Z\"“])")  # (not "U.S. District")


def _descriptive_court(article: LegalArticle, sent: Sentence, descriptive: re.Match[str], found: Findings) -> str:
    """The court a sentence names by description, as a new entity and mention."""
    label = " ".join(descriptive.group(1).split())
    court_key = slug(label)
    found.extra[court_key] = Entity(key=court_key, kind=COURT, name=label)
    article.table.mentions.append(Mention(sent.start + descriptive.start(1), sent.start + descriptive.end(1),
                                          descriptive.group(1), court_key, COURT))
    return court_key


def _judge(text: str, sent: Sentence, memory: CourtMemory, named_judge: str | None) -> str | None:
    """The judge who decided: a person named near a judge word, "the same judge" as before, or a
    judge the article named before acting again."""
    judge_key = next((m.key for m in sent.people if _judge_name(text, m)
                      and JUDGE_WORD.search(text[max(sent.start, m.start - 45):min(sent.end, m.end + 45)])), None)
    if judge_key is None and re.search(r"\bsame judge\b", sent.text, re.I):
        judge_key = memory.last_judge
    judge_key = judge_key or named_judge
    memory.last_judge = judge_key or memory.last_judge
    if judge_key:
        memory.judges.add(judge_key)
    return judge_key


_AGAINST = ("decision-against", "decision-binds", "decision-refuses")
_CLAIMANT = re.compile(r"\b(?:at\s+the\s+(?:request|behest|instance|application)|"
                       r"(?:petition|application|request|motion)\s+(?:filed\s+)?by)\s+(?:of\s+|by\s+|from\s+)?"
                       r"(?:the\s+)?(?:\w+\s+){0,2}$", re.I)


def _decision_targets(article: LegalArticle, sent: Sentence, found: Findings) -> tuple[list[str | None], bool]:
    """Whom the decision is about: by the grammar (court_orders.yml), the names its object
    lists (those it coins named in ``found``), not every company the sentence names; else the
    companies it names that are not excluded; else the one the story is about, unless it is a
    person's own case. And whether the grammar read them."""
    said = frame_statements(article.grammar, article.docs, sent.start, sent.end, article.text,
                            article.mention_index, article.anchor, sent.dates, ("decision",))
    # the side a decision goes against or binds, when the sentence names one, not the side it favours
    said = [st for st in said if st.rule in _AGAINST] or said
    for st in said:
        found.add_coined(st.coined)
    about = [k for st in said for k in st.roles["target"]]
    named = [m for m in sent.companies if not is_excluded(article.text, m, [])]
    # "at the request of Acme": the side that asked, when the sentence names another
    named = [m for m in named if not _CLAIMANT.search(article.text, max(sent.start, m.start - 40), m.start)] or named
    if about:
        return list(dict.fromkeys(about)), True
    return [m.key for m in named] or ([article.focus] if article.focus and not PERSONAL_CASE.search(sent.text)
                                      else []), False


def _decision_dates(article: LegalArticle, sent: Sentence) -> list[DateValue]:
    """The dates of the decision: not those that open or close a span; "has ruled", "today":
    the day of the article."""
    # "LONDON, April 10 – The court on Wednesday ...": the day the story was filed is not the decision's
    dated = [d for d in sent.dates if not _span_end(sent.text, d.start)]
    when = [d.value for d in dated if not DATELINE_DATE.match(sent.text, d.end)] or [d.value for d in dated]
    if not when and RECENT.search(sent.text) and article.anchor:
        when = [article.anchor.value]
    return when
