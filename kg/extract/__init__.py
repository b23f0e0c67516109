"""Extraction: article text → :class:`kg.model.Extraction`, with spaCy.

>>> from kg.articles import article_from_text
>>> ex = extract(article_from_text(
...     "Philadelphia District Attorney Larry Krasner won the primary.", name="a.txt"))
>>> [(r.subject, r.predicate, r.object) for r in ex.relations]
[('Larry Krasner', 'prosecutorOf', 'Philadelphia')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg import EXTRACTOR_VERSION
from kg.errors import KGError
from kg.messages import Errors
from kg.model import Article, Entity, Evidence, Extraction, Mention, Relation

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MAX_CHARS", "TextTooLong", "chunks", "doc_to_extraction", "extract", "extract_many"]

TYPE_ORDER = ("Prosecutor", "Person", "Candidate", "Donor", "PAC", "Organization", "Place")
PARENT = {"Prosecutor": "Person", "PAC": "Organization"}


def _nlp(nlp: Language | None) -> Language:
    if nlp is not None:
        return nlp
    from kg.extract.pipeline import get_pipeline

    return get_pipeline()


def doc_to_extraction(doc, article: Article) -> Extraction:
    """Turn a processed Doc of ``article.body`` into an Extraction with file offsets."""
    off = article.body_start
    clusters = doc._.kg_clusters or []
    entities: list[Entity] = []
    by_iri: dict[str, Entity] = {}
    name_of: list[str] = []  # cluster index → the name of the entity it ended in
    for cl in clusters:
        types = set(cl.types) | {cl.category}
        types |= {PARENT[t] for t in list(types) if t in PARENT}
        mentions = [Mention(m.text, m.start_char + off, m.end_char + off) for m in cl.mentions]
        ent = Entity(
            cl.name, cl.category, [t for t in TYPE_ORDER if t in types], cl.aliases(), mentions
        )
        same = by_iri.get(ent.id)
        if same is not None:
            # two clusters whose names share an IRI ("St. Louis", "St Louis") are one entity
            same.mentions += ent.mentions
            same.aliases += [
                a for a in [ent.name, *ent.aliases] if a not in same.aliases and a != same.name
            ]
            same.types = [t for t in TYPE_ORDER if t in {*same.types, *ent.types}]
            name_of.append(same.name)
            continue
        by_iri[ent.id] = ent
        entities.append(ent)
        name_of.append(ent.name)
    relations = []
    seen: set[tuple[str, str, str]] = set()
    for r in doc._.kg_relations or []:
        start, end = r.start + off, r.end + off
        s, o = name_of[r.subject], name_of[r.object]
        key = (
            (s, r.predicate, o)
            if r.predicate != "challenges"
            else (min(s, o), r.predicate, max(s, o))
        )
        if s == o or key in seen:
            continue
        seen.add(key)
        relations.append(
            Relation(
                subject=s,
                predicate=r.predicate,
                object=o,
                confidence=r.confidence,
                evidence=Evidence(article.text[start:end], start, end),
                amount=r.amount if r.predicate == "funds" else None,
                rule=r.rule,
            )
        )
    return Extraction(article, entities, relations, EXTRACTOR_VERSION)


CHUNK_CHARS = 50_000
MAX_CHARS = 1_000_000  # spaCy's own limit; 1M characters take about 50 s and 3 GB here


class TextTooLong(KGError, ValueError):
    """An article longer than :data:`MAX_CHARS`; ``str()`` is the one-line message."""


OUR_COMPONENTS = ("kg_entities", "kg_relations")


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    r"""Split at paragraph breaks into pieces of about ``size`` characters that join back to ``text``.

    >>> chunks("a\n\nb\n\nc", size=3)
    ['a\n\n', 'b\n\n', 'c']
    """
    if len(text) <= size:
        return [text]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            # a paragraph break, else a line break, else a sentence end, else a space:
            # never inside a word, so no name is cut in two
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        out.append(text[start:end])
        start = end
    return out


def _process(nlp: Language, text: str):
    """The Doc of ``text``; long texts go through the model in chunks and are joined
    before the article-wide components (clusters and relations) run."""
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(chunks(text), disable=list(OUR_COMPONENTS)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    for name in OUR_COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    return doc


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """Extract entities and relations from one article."""
    if len(article.body) > MAX_CHARS:
        where = article.source_path or article.file_name or article.id
        raise TextTooLong(
            Errors.TOO_LONG.format(path=where, chars=len(article.body), limit=MAX_CHARS)
        )
    return doc_to_extraction(_process(_nlp(nlp), article.body), article)


def extract_many(articles: list[Article], nlp: Language | None = None, batch_size: int = 8):
    """Extract from several articles with ``nlp.pipe`` (faster than one at a time)."""
    nlp = _nlp(nlp)
    for art, doc in zip(
        articles, nlp.pipe((a.body for a in articles), batch_size=batch_size), strict=True
    ):
        yield doc_to_extraction(doc, art)
