"""Extraction → rdflib graph (one article's named graph), and the IRIs it uses.

No spaCy and no files here: the input is a :class:`kg.model.Extraction`.

>>> from kg.model import Article, Entity, Evidence, Extraction, Relation
>>> from kg.vocab import ENT, RKG
>>> art = Article(id="a1", text="Philadelphia District Attorney Larry Krasner won.", sha256="0" * 64)
>>> str(article_iri(art.key))
'https://w3id.org/reform-kg/article/0000000000000000'
>>> ents = [Entity("Larry Krasner", "Prosecutor", ["Prosecutor", "Person"]), Entity("Philadelphia", "Place", ["Place"])]
>>> rel = Relation("Larry Krasner", "prosecutorOf", "Philadelphia", 0.9, Evidence(art.text[:49], 0, 49))
>>> g = extraction_to_graph(Extraction(art, ents, [rel]))
>>> (ENT["larry-krasner"], RKG.prosecutorOf, ENT["philadelphia"]) in g
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.model import Extraction, name_tokens
from kg.vocab import ART, ASR, PREFIXES, RKG

__all__ = ["article_iri", "assertion_iri", "bind_prefixes", "extraction_to_graph"]


def article_iri(key: str) -> URIRef:
    """The IRI (and named graph) of an article, from its content key (:attr:`Article.key`)."""
    return ART[key]


def assertion_iri(article_key: str, s: str, p: str, o: str, start: int = 0, end: int = 0) -> URIRef:
    """One node per (article, edge, evidence span): two claims never share an IRI."""
    digest = hashlib.sha1(
        f"{article_key}\x1f{s}\x1f{p}\x1f{o}\x1f{start}\x1f{end}".encode()
    ).hexdigest()[:16]
    return ASR[digest]


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _decimal(x: float) -> Literal:
    return Literal(Decimal(str(round(x, 4))).normalize() if x else Decimal(0), datatype=XSD.decimal)


def extraction_to_graph(ex: Extraction, iris: Mapping[str, str] | None = None) -> Graph:
    """The named graph of one article: metadata, entities, plain triples and Assertions.

    ``iris`` maps an entity's name to the IRI it is stored under when that is not its
    own (:func:`kg.model.entity_iri`): the entity it was linked to (:mod:`kg.resolve`).
    The article's own name for it stays its ``rdfs:label`` in this graph.
    """
    g = bind_prefixes(Graph(identifier=article_iri(ex.article.key)))
    art = ex.article
    a = article_iri(art.key)
    g.add((a, RDF.type, RKG.Article))
    g.add((a, RKG.articleId, Literal(art.id)))
    g.add((a, RKG.sha256, Literal(art.sha256)))
    g.add((a, RKG.extractorVersion, Literal(ex.extractor_version)))
    if art.file_name:
        g.add((a, RKG.fileName, Literal(art.file_name)))
    if art.source_path:
        g.add((a, RKG.sourcePath, Literal(art.source_path)))
    if art.title:
        g.add((a, DCTERMS.title, Literal(art.title)))
    if art.date:
        g.add((a, RKG.date, Literal(art.date, datatype=XSD.date)))
    if art.date_source:
        g.add((a, RKG.dateSource, Literal(art.date_source)))
    g.add((a, RKG.text, Literal(art.text)))
    if art.source:
        g.add((a, RKG.source, Literal(art.source)))
    if art.url:
        g.add((a, URIRef(PREFIXES["schema"] + "url"), Literal(art.url, datatype=XSD.anyURI)))
    iri = {}
    rank = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}
    groups: dict[URIRef, list] = {}
    for e in ex.entities:
        node = URIRef((iris or {}).get(e.name, e.id))
        iri[e.name] = node
        groups.setdefault(node, []).append(e)
    for node, ents in groups.items():
        # two names of this article that are one stored entity (a curator merged them):
        # one node, the most-mentioned name its label, the others aliases
        main = max(ents, key=lambda e: (len(e.mentions), len(e.name)))
        g.add((a, RKG.mentions, node))
        g.add((node, RDFS.label, Literal(main.name)))
        cat = max((e.category for e in ents), key=lambda c: rank.get(c, 0))
        g.add((node, RKG.category, Literal(cat)))
        g.add((node, RKG.mentionCount, Literal(sum(len(e.mentions) for e in ents))))
        for e in ents:
            for word in {w for n in [e.name, *e.aliases] for w in name_tokens(n)}:
                g.add((node, RKG.nameKey, Literal(word)))
            for t in e.types or [e.category]:
                g.add((node, RDF.type, RKG[t]))
            for alias in [e.name, *e.aliases]:
                if alias != main.name:
                    g.add((node, SKOS.altLabel, Literal(alias)))
    for r in ex.relations:
        s, o, p = iri[r.subject], iri[r.object], RKG[r.predicate]
        g.add((s, p, o))
        node = assertion_iri(art.key, str(s), str(p), str(o), r.evidence.start, r.evidence.end)
        g.add((node, RDF.type, RKG.Assertion))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, RKG.evidenceText, Literal(r.evidence.text)))
        g.add((node, RKG.evidenceStart, Literal(r.evidence.start, datatype=XSD.integer)))
        g.add((node, RKG.evidenceEnd, Literal(r.evidence.end, datatype=XSD.integer)))
        g.add((node, RKG.confidence, _decimal(r.confidence)))
        g.add((node, RKG.article, a))
        g.add((node, RKG.extractorVersion, Literal(ex.extractor_version)))
        if art.date:
            g.add((node, RKG.date, Literal(art.date, datatype=XSD.date)))
        if r.predicate == "funds":
            g.add((node, RDF.type, RKG.Donation))
            if r.amount is not None:
                g.add((node, RKG.amount, _decimal(r.amount)))
    return g
