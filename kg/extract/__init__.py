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
from kg.model import Article, Entity, Evidence, Extraction, Mention, Relation

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["doc_to_extraction", "extract", "extract_many"]

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
    for cl in clusters:
        types = set(cl.types) | {cl.category}
        types |= {PARENT[t] for t in list(types) if t in PARENT}
        entities.append(
            Entity(
                name=cl.name,
                category=cl.category,
                types=[t for t in TYPE_ORDER if t in types],
                aliases=cl.aliases(),
                mentions=[
                    Mention(m.text, m.start_char + off, m.end_char + off) for m in cl.mentions
                ],
            )
        )
    relations = []
    for r in doc._.kg_relations or []:
        start, end = r.start + off, r.end + off
        relations.append(
            Relation(
                subject=clusters[r.subject].name,
                predicate=r.predicate,
                object=clusters[r.object].name,
                confidence=r.confidence,
                evidence=Evidence(article.text[start:end], start, end),
                amount=r.amount if r.predicate == "funds" else None,
                rule=r.rule,
            )
        )
    return Extraction(article, entities, relations, EXTRACTOR_VERSION)


def extract(article: Article, nlp: Language | None = None) -> Extraction:
    """Extract entities and relations from one article."""
    return doc_to_extraction(_nlp(nlp)(article.body), article)


def extract_many(articles: list[Article], nlp: Language | None = None, batch_size: int = 8):
    """Extract from several articles with ``nlp.pipe`` (faster than one at a time)."""
    nlp = _nlp(nlp)
    for art, doc in zip(
        articles, nlp.pipe((a.body for a in articles), batch_size=batch_size), strict=True
    ):
        yield doc_to_extraction(doc, art)
