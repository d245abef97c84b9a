"""The extractor itself: spaCy over the article, then rules (see :mod:`kg.extract`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import context, gazetteer
from kg.extract import nlp as nlp_mod
from kg.extract.company_names import find_company_patterns, retype_company_names
from kg.extract.context import ArticleContext
from kg.extract.coreference import (
    link_acronyms,
    link_aliases,
    link_bare_bodies,
    link_people,
    link_short_names,
    propagate_names,
    resolve_list_names,
    separate_namesakes,
)
from kg.extract.dates import Anchor
from kg.extract.descriptions import resolve_descriptions
from kg.extract.entities import build_entities
from kg.extract.mentions import EntityTable
from kg.extract.model_entities import find_entities
from kg.extract.text_mentions import (
    drop_headline_fragments,
    drop_term_acronyms,
    find_counted_names,
    find_court_names,
    find_described_companies,
    find_list_phrases,
    find_portfolio_bodies,
    find_styled_names,
    find_titled_people,
    join_adjacent_names,
)
from kg.kinds import KINDS
from kg.models import COMPANY, GOVERNMENT, PERSON, Article, CourtOrder, Entity, Extraction, Metric, Sanction

_FURNITURE = re.compile(r"^\s*(?:read also|newsletter|published|back to top|i register)", re.I)


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """Extract everything one article states. Loads the default model if none is given."""
    nlp = nlp or nlp_mod.load()
    docs = [(offset, nlp(piece)) for offset, piece in nlp_mod.chunks(article.text)]
    return extract_from_docs(article, docs)


def extract_many(articles: Iterable[Article], nlp: Language | None = None,
                 batch_size: int = 16) -> Iterator[Extraction]:
    """Extract a stream of articles with ``nlp.pipe`` batching (one process)."""
    nlp = nlp or nlp_mod.load()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, nlp)
            batch = []
    if batch:
        yield from _run_batch(batch, nlp)


# Characters the model parses in one nlp.pipe batch. spaCy pads a batch to its longest text,
# so a batch mixing a 1 MB article's chunks took 3 GB; bounded, memory follows the text.
PIPE_CHARS = 50_000


def _pipe_groups(jobs: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    group: list[tuple[int, int, str]] = []
    size = 0
    for job in jobs:
        if group and size + len(job[2]) > PIPE_CHARS:
            yield group
            group, size = [], 0
        group.append(job)
        size += len(job[2])
    if group:
        yield group


def _run_batch(batch: list[Article], nlp: Language) -> Iterator[Extraction]:
    jobs = [(i, offset, piece) for i, a in enumerate(batch)
            for offset, piece in nlp_mod.chunks(a.text)]
    docs: list[list[tuple[int, Doc]]] = [[] for _ in batch]
    for group in _pipe_groups(jobs):
        for (i, offset, _), doc in zip(group, nlp.pipe(piece for _, _, piece in group)):
            docs[i].append((offset, doc))
    for article, article_docs in zip(batch, docs):
        yield extract_from_docs(article, article_docs)


def build_context(article: Article, docs: list[tuple[int, Doc]]) -> ArticleContext:
    """Parse once, find and type every mention, freeze: what every fact kind reads."""
    text = article.text
    anchor = Anchor.parse(article.published)
    sentences = _sentences(docs, text)
    furniture = _furniture(text, sentences, docs)
    return context.freeze(article, docs, sentences, furniture, anchor,
                          entity_table(text, docs, sentences, anchor))


def extract_from_docs(article: Article, docs: list[tuple[int, Doc]]) -> Extraction:
    """Extract one article from its parsed chunks: the mentions, every kind's facts, and one
    entity for every key the facts or the mentions name."""
    ctx = build_context(article, docs)
    facts = {kind.name: tuple(kind.extract()(ctx)) for kind in KINDS}
    sanctions, orders, metrics = facts["sanctions"], facts["court_orders"], facts["metrics"]
    table = ctx.table()
    extra = _reading_entities(ctx, table)
    fact_keys = _fact_keys(sanctions, orders, metrics)
    company_keys = frozenset({m.company for m in metrics} | {
        s.target for s in sanctions if table.kind_of(s.target) in (COMPANY, PERSON)})
    entities = build_entities(table, article.text, fact_keys, company_keys)
    for key, entity in extra.items():
        entities.setdefault(key, entity)
    _name_doers_as_written(entities, article.text, {s.authority for s in sanctions if s.authority})
    used = fact_keys | {s.list for s in sanctions if s.list} | {o.court for o in orders if o.court}
    for key in used:
        if key not in entities:
            raise AssertionError(f"fact refers to unknown entity {key!r}")
    return Extraction(article=article, entities=tuple(entities[k] for k in sorted(entities)), **facts)


def _name_doers_as_written(entities: dict[str, Entity], text: str, authorities: set[str]) -> None:
    """A government that acts as a country ("Britain designated Acme") goes by the country's
    name in this article: the names of its country the text uses join its aliases."""
    gaz = gazetteer.load()
    for key in sorted(authorities & set(entities)):
        entry = gaz.entries.get(key)
        entity = entities[key]
        if entry is None or entity.kind != GOVERNMENT or not entry.country_names:
            continue
        used = [n for n in entry.country_names if n not in (entity.name, *entity.aliases)
                and re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", text)]
        if used:
            entities[key] = replace(entity, aliases=(*entity.aliases, *used))


def _reading_entities(ctx: ArticleContext, table: EntityTable) -> dict[str, Entity]:
    """The entities the kinds' shared readings name beyond the mentions (courts described,
    bodies from the gazetteer); their mentions join ``table``."""
    extra: dict[str, Entity] = {}
    for reading in ctx._shared.values():
        if hasattr(reading, "entities"):
            extra.update(reading.entities)
            table.mentions.extend(reading.mentions)
    return extra


def _fact_keys(sanctions: tuple[Sanction, ...], orders: tuple[CourtOrder, ...],
               metrics: tuple[Metric, ...]) -> set[str]:
    """Every entity key a fact names as its subject, authority, party or judge."""
    return ({s.target for s in sanctions} | {m.company for m in metrics}
            | {o.target for o in orders if o.target} | {o.in_favor_of for o in orders if o.in_favor_of}
            | {s.authority for s in sanctions if s.authority} | {o.judge for o in orders if o.judge})


def entity_table(text: str, docs: list[tuple[int, Doc]], sentences: list[tuple[int, int]],
                 anchor: Anchor | None) -> EntityTable:
    """Every mention of the article, typed and keyed (the entity passes, in order)."""
    table = EntityTable()
    for offset, doc in docs:
        find_entities(doc, offset, text, table)
    for offset, doc in docs:
        find_described_companies(doc, offset, text, table)
    find_titled_people(text, table)
    find_company_patterns(text, table)
    find_court_names(text, table)
    find_counted_names(text, table)
    find_styled_names(text, table)
    drop_term_acronyms(text, table)
    find_list_phrases(text, table)
    find_portfolio_bodies(text, table)
    link_people(table)
    link_bare_bodies(table)
    retype_company_names(table, text)
    link_acronyms(text, table)
    link_aliases(text, table)
    link_short_names(table, text)
    propagate_names(text, table)
    join_adjacent_names(text, table)
    separate_namesakes(table, sentences)
    drop_headline_fragments(text, table, sentences)
    resolve_descriptions(text, table, sentences)
    resolve_list_names(text, table, sentences, anchor)
    return table


def _sentences(docs: list[tuple[int, Doc]], text: str) -> list[tuple[int, int]]:
    """Sentence spans (whitespace-trimmed), also split at line breaks."""
    spans: list[tuple[int, int]] = []
    for offset, doc in docs:
        for sent in doc.sents:
            start, end = sent.start_char + offset, sent.end_char + offset
            for m in re.finditer(r"[^\n]+", text[start:end]):
                s, e = start + m.start(), start + m.end()
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    spans.append((s, e))
    return [(s, e) for s, e in _mend_openings(spans, text)
            if not (_TIME_STAMP.fullmatch(text, s, e) or _ITEM_NUMBER.fullmatch(text, s, e))]


# a live blog's entry stamp the parser split off as a sentence ("08:47 —", "2.15pm BST:"): no
# sentence, so that it counts in no distance between the entries' sentences
_TIME_STAMP = re.compile(r"\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}(?:[+-]\d{1,2})?)?\s*[—–:-]?\s*", re.I)
# the number of a numbered point the parser split off ("1." before "The chip cluster is ..."): no
# sentence either, for the same reason
_ITEM_NUMBER = re.compile(r"\(?\d{1,2}[.)]")


# a sentence's last word after its full stop: the parser left the next sentence's first word
# behind ("... is on it. Si2 | Microsystems Pvt. Ltd. ...")
_STRAY_OPENING = re.compile(r"(?P<stop>[.!?][\"”’)]?)[ \t]+(?P<word>[^\s.!?]+)$")
# a span that ends in a word ends no sentence (a dateline's dash does), nor does an abbreviated
# legal form when the next span opens in lower case ("A Co., Ltd. | and B Ltd were also named")
_WORD_END = re.compile(r"\w$")
_FORM_STOP = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Pvt|Pte|Bhd)\.$")


def _mend_openings(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sentence spans with the parser's slips mended on one line: a first word it gave the sentence
    before, or left alone ("Si2"), goes with its sentence; a span after a legal form's full stop that
    opens in lower case goes on the one before."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and not text[out[-1][1]:s].strip(" \t"):
            ps, pe = out[-1]
            stray, form_stop = _STRAY_OPENING.search(text, ps, pe), _FORM_STOP.search(text, ps, pe)
            if stray is not None and not form_stop:
                out[-1], s = (ps, stray.end("stop")), stray.start("word")
            elif _WORD_END.search(text, ps, pe) or (form_stop and text[s].islower()):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _furniture(text: str, sentences: list[tuple[int, int]], docs: list[tuple[int, Doc]]) -> set[int]:
    """Sentences that are page furniture: captions, header dates, 'Read also' links."""
    out: set[int] = set()
    for i, (s, e) in enumerate(sentences):
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        words = line.split()
        if _FURNITURE.match(line):
            out.add(i)
        elif len(words) <= 12 and not re.search(r"[.!?:”\"]\s*$", line.strip()) and not _has_verb(docs, s, e):
            out.add(i)
        elif _NUMBERED_LABEL.fullmatch(text, line_start, e) and not _has_verb(docs, s, e):
            out.add(i)  # a numbered point's label opening its paragraph: "1. Solar. Five producers were named: ..."
    return out


# "1. Solar.", "(2) Mining and energy:": a number and up to four words without a figure
_NUMBERED_LABEL = re.compile(r"[ \t]*\(?\d{1,2}[.)][ \t]*[^\W\d][^\d\s:;,]*(?:[ \t]+[^\W\d][^\d\s:;,]*){0,3}[.:]")


def _has_verb(docs: list[tuple[int, Doc]], s: int, e: int) -> bool:
    for offset, doc in docs:
        span = doc.char_span(s - offset, e - offset, alignment_mode="expand")
        if span is not None and len(span):
            return any(t.pos_ in ("VERB", "AUX") for t in span)
    return False


__all__ = ["extract", "extract_from_docs", "extract_many"]
