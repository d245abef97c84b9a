"""Sanctions as the grammar reads them: the frames of a sentence (who designated whom, onto
which list, when) added to the article's sanction drafts."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract import frames as frames_mod
from kg.extract import grammar
from kg.extract.authorities import is_government, same_country
from kg.extract.dates import Anchor
from kg.extract.entities import Mention
from kg.extract.legal_drafts import SanctionDraft, doc_for, doc_offset, sentence_evidence
from kg.models import DateValue

_SANCTION_FRAMES = ("designation", "removal", "proposal", "state", "membership")


def frame_statements(g: grammar.Grammar, docs: list[tuple[int, Doc]], s: int, e: int, text: str,
                index: frames_mod.MentionIndex, anchor: Anchor | None, dates: list,
                kinds: tuple[str, ...] = _SANCTION_FRAMES) -> list[frames_mod.Statement]:
    doc = doc_for(docs, s)
    if doc is None:
        return []
    return [st for st in frames_mod.statements(g, doc, doc_offset(docs, s), s, e, text, index, anchor,
                                               frames=kinds, dates=dates) if st.roles.get("target")]


_CUE = {"designation": "impose", "removal": "lift", "proposal": "proposed", "state": "active",
        "membership": "impose"}


def apply_statements(said: list[frames_mod.Statement], drafts: dict, text: str, s: int, e: int,
                      sentence_lists: list[str], bodies: list[Mention],
                      began: list[DateValue], names_list: bool,
                      carry: tuple[str | None, list[DateValue]]) -> tuple[str | None, tuple[DateValue, ...]] | None:
    """Add what the sentence's frames say to the sanction drafts. One draft per conjoined
    target; the frame's own authority and list first, then those the sentence names. Returns
    (authority, dates) of the sentence's designation, which later sentences may carry over."""
    lead = None
    specific = [b.key for b in bodies if b.key != "us-government"]
    for st in said:
        cue = _CUE[st.frame]
        own_lists = list(st.roles.get("list", ()))
        doers = st.roles.get("authority") or (None,)
        doer = doers[0]
        # "Japan added Acme to its list": not the list another government keeps
        carried = [k for k in sentence_lists if doer is None or same_country(doer, k)]
        # "Canada and Australia sanctioned Acme" (no list): one measure per body
        split = [] if own_lists or carried or len(doers) < 2 or not all(
            is_government(d) for d in doers) else list(doers)
        for key, lst, body in [(k, (own_lists or carried or [None])[0], b) for k in st.roles["target"]
                               for b in (split or [None])]:
            draft = drafts.setdefault((key, f"@{body}" if body else lst),
                                      SanctionDraft(target=key, distinct=body))
            if body:
                draft.authorities.append((0, body))
            draft.evidence.append(sentence_evidence(text, s, e, 0.9 if own_lists or names_list else 0.75))
            draft.authorities.extend((0, a) for a in st.roles.get("authority", ())[:1])
            draft.authorities.extend((1, k) for k in specific)
            draft.authorities.extend((3, b.key) for b in bodies if b.key == "us-government")
            if lst and not body:
                draft.lists.append(lst)
            draft.cues.add(cue)
            if carry[0] and not specific and not st.roles.get("authority"):
                draft.authorities.append((2, carry[0]))
            if cue in ("impose", "active"):  # "has been on the list since 2020": when it began
                # "is on the Entity List, which it joined in May 2019": the clause dates the listing
                draft.start.extend(st.dates[:1] or (carry[1][:1] if cue == "impose" else began[:1]))
            elif cue == "lift":
                # "removed Acme, which had been on the list since 2019, from it on Monday"
                draft.start.extend(began[:1])
                draft.end.extend(d for d in st.dates[:1] if d not in began)
        if cue == "impose":
            lead = ((st.roles.get("authority") or tuple(specific) or (carry[0],))[0],
                    st.dates or tuple(carry[1]))
    return lead
