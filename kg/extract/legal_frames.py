"""Sanctions as the grammar reads them: the frames of a sentence (who designated whom, onto
which list, when) added to the article's sanction drafts."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from kg.extract import frames as frames_mod
from kg.extract import grammar
from kg.extract.authorities import is_government, one_per_body, same_country
from kg.extract.dates import Anchor, Found
from kg.extract.entities import Mention
from kg.extract.legal_drafts import SanctionDraft, doc_for, doc_offset, sentence_evidence
from kg.models import DateValue, Evidence

_SANCTION_FRAMES = ("designation", "removal", "suspension", "proposal", "state", "membership")


def frame_statements(g: grammar.Grammar, docs: list[tuple[int, Doc]], s: int, e: int, text: str,
                     index: frames_mod.MentionIndex, anchor: Anchor | None, dates: list[Found],
                     kinds: tuple[str, ...] = _SANCTION_FRAMES,
                     groups: tuple[frames_mod.Group, ...] = ()) -> list[frames_mod.Statement]:
    """The grammar's statements of the given frames in text[s:e] that name a target (``groups``:
    the targets of the measures sentences before imposed, whom "they" and "all of them" may stand for)."""
    doc = doc_for(docs, s)
    if doc is None:
        return []
    return [st for st in frames_mod.statements(g, doc, doc_offset(docs, s), s, e, text, index, anchor,
                                               frames=kinds, dates=dates, groups=groups) if st.roles.get("target")]


_CUE = {"designation": "impose", "removal": "lift", "suspension": "suspend", "proposal": "proposed", "state": "active",
        "membership": "impose"}


@dataclass(frozen=True)
class FrameSentence:
    """What the sentence around the frames adds to each of them."""

    text: str  # the article
    start: int
    end: int
    lists: list[str]  # the lists the sentence names, or the one it refers back to
    bodies: list[Mention]  # the government bodies it names
    began: list[DateValue]  # dates of a clause about when the listing began ("which it joined in May 2019")
    names_list: bool  # the sentence itself names a list
    carry: tuple[str | None, list[DateValue]]  # authority and date of the measure a sentence before stated

    @property
    def specific(self) -> list[str]:
        """The bodies it names, less the whole US government."""
        return [b.key for b in self.bodies if b.key != "us-government"]


def apply_statements(said: list[frames_mod.Statement], drafts: dict[tuple[str, str | None], SanctionDraft],
                     sentence: FrameSentence) -> tuple[str | None, tuple[DateValue, ...]] | None:
    """Add what the sentence's frames say to the sanction drafts. One draft per conjoined
    target; the frame's own authority and list first, then those the sentence names. Returns
    (authority, dates) of the sentence's designation, which later sentences may carry over."""
    lead = None
    for st in said:
        cue = _CUE[st.frame]
        # "On the same day the ministry placed export controls on A and B": a measure the
        # sentence names itself is on no list a sentence before named
        lists = sentence.lists if sentence.names_list or st.rule != "measure-imposed" else []
        for key, lst, body in _measures(st, lists):
            draft = drafts.setdefault((key, f"@{body}" if body else lst), SanctionDraft(target=key, distinct=body))
            _add_statement(draft, st, cue, lst, body, sentence)
        if cue == "impose":
            lead = ((st.roles.get("authority") or tuple(sentence.specific) or (sentence.carry[0],))[0],
                    st.dates or tuple(sentence.carry[1]))
    return lead


def _measures(st: frames_mod.Statement, sentence_lists: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(target, list, body) of each measure a statement states: one per target, on the frame's
    own list or the sentence's; "Canada and Australia sanctioned Acme" (no list): one per body."""
    own_lists = list(st.roles.get("list", ()))
    doers = one_per_body(st.roles.get("authority", ())) or (None,)
    doer = doers[0]
    # "Japan added Acme to its list": not the list another government keeps
    carried = [k for k in sentence_lists if doer is None or same_country(doer, k)]
    split = [] if own_lists or carried or len(doers) < 2 or not all(
        is_government(d) for d in doers) else list(doers)
    lst = (own_lists or carried or [None])[0]
    return [(k, lst, b) for k in st.roles["target"] for b in (split or [None])]


def _add_statement(draft: SanctionDraft, st: frames_mod.Statement, cue: str, lst: str | None, body: str | None,
                   sentence: FrameSentence) -> None:
    """One statement about one measure: its evidence, who imposed it, its list, cue and dates."""
    confidence = 0.9 if st.roles.get("list") or sentence.names_list else 0.75
    evidence = sentence_evidence(sentence.text, sentence.start, sentence.end, confidence)
    draft.evidence.append(evidence)
    _add_authorities(draft, st, cue, lst, body, sentence, evidence)
    if lst and not body:
        draft.lists.append(lst)
    draft.cues.add(cue)
    _add_dates(draft, st, cue, sentence)


def _add_authorities(draft: SanctionDraft, st: frames_mod.Statement, cue: str, lst: str | None, body: str | None,
                     sentence: FrameSentence, evidence: Evidence) -> None:
    """Who imposed the measure, by priority: the body of a split measure or the frame's
    authority, the bodies the sentence names, the authority carried from a sentence before, the
    whole US government."""
    specific, carry = sentence.specific, sentence.carry
    if body:
        draft.authorities.append((0, body))
    # the doer the statement names, or the one of the measure it goes on about ("The best-known
    # name is Acme" after "The Council listed ..."), counted for telling countries' measures apart
    # A statement that goes on about a measure just named ("The decree ... targets Acme", "The
    # measures target A and B, the Chief Cabinet Secretary said") is its doer's, before any body
    # the sentence names in passing; one that names none either is the bodies'.
    own = st.roles.get("authority", ())[:1]
    carried = carry[0] if st.carries and not own else None
    doer = _doer(st, sentence, own, carried)
    named = is_government(doer) or any(b.key == doer for b in sentence.bodies) or bool(carried and doer == carried)
    # (and a state its own words give a keeper: "has been on the Treasury's blacklist since 2011")
    if (cue == "impose" or (cue == "active" and own)) and not body and not lst and named:
        draft.doers.append((doer, list(st.dates[:1] or (carry[1][:1] if st.carries else [])), evidence))
    draft.authorities.extend((0, a) for a in (own or ((carried,) if carried else ())))
    draft.authorities.extend((1, k) for k in specific)
    draft.authorities.extend((3, b.key) for b in sentence.bodies if b.key == "us-government")
    if carry[0] and not specific and not own:
        draft.authorities.append((2, carry[0]))


def _doer(st: frames_mod.Statement, sentence: FrameSentence, own: tuple[str, ...], carried: str | None) -> str | None:
    """Who does the statement's measure, for telling countries' measures apart: its own doer, the
    doer of the measure it goes on about, else a body the sentence names."""
    if own:
        return own[0]
    if carried:
        return carried
    if st.carries and sentence.specific:
        return sentence.specific[0]
    return sentence.carry[0] if st.carries else None


def _add_dates(draft: SanctionDraft, st: frames_mod.Statement, cue: str, sentence: FrameSentence) -> None:
    """When the measure began (or ended): the statement's own date, else the date of the
    measure carried over, or the clause saying since when it has been listed."""
    carry, began = sentence.carry, sentence.began
    if cue in ("impose", "active"):  # "has been on the list since 2020": when it began
        # "is on the Entity List, which it joined in May 2019": the clause dates the listing
        draft.start.extend(st.dates[:1] or (carry[1][:1] if cue == "impose" else began[:1]))
    elif cue == "suspend":  # put on hold: the measure began when it was listed, not now
        draft.start.extend(began[:1])
    elif cue == "lift":
        # "removed Acme, which had been on the list since 2019, from it on Monday"
        draft.start.extend(began[:1])
        draft.end.extend(d for d in st.dates[:1] if d not in began)
    elif cue == "proposed":  # "FinCEN on Monday proposed severing Acme Bank ...": the proposal's day
        draft.start.extend(st.dates[:1])
