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

__all__ = [
    "ArticleTriples",
    "article_iri",
    "assertion_iri",
    "bind_prefixes",
    "extraction_to_graph",
    "extraction_to_triples",
]


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


class _Sink:
    """Where the triples of an article go: rdflib terms into a Graph, or pyoxigraph terms
    into a list (the fast path ``kg add`` takes). One description of the graph, two sinks."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.triples: list = []
        if kind == "ox":
            import pyoxigraph as ox

            self._ox = ox
            self._types: dict[str, object] = {}

    def node(self, iri: str):
        return URIRef(iri) if self.kind == "rdflib" else self._ox.NamedNode(iri)

    def lit(self, value, datatype: str | None = None):
        if self.kind == "rdflib":
            if isinstance(value, int) and datatype is None:
                return Literal(value)
            return Literal(value, datatype=URIRef(datatype) if datatype else None)
        if isinstance(value, int) and datatype is None:
            datatype = str(XSD.integer)
        if datatype is None:
            return self._ox.Literal(str(value))
        dt = self._types.get(datatype) or self._types.setdefault(
            datatype, self._ox.NamedNode(datatype)
        )
        return self._ox.Literal(str(value), datatype=dt)

    def add(self, s, p, o) -> None:
        self.triples.append((s, p, o))


class _Terms(dict):
    """``T["funds"]``: the sink's node for an ontology term (a typo is an AttributeError)."""

    def __init__(self, node) -> None:
        super().__init__()
        self._node = node

    def __missing__(self, name: str):
        value = self[name] = self._node(str(getattr(RKG, name)))
        return value


def _decimal_text(x: float) -> str:
    d = Decimal(str(round(x, 4))).normalize() if x else Decimal(0)
    return format(d, "f")


def _describe(ex: Extraction, iris: Mapping[str, str] | None, out: _Sink) -> None:
    """Every triple of the article's named graph: metadata, entities, plain triples and
    one Assertion per relation."""
    N, L, add = out.node, out.lit, out.add
    T = _Terms(N)
    rdf_type, label, alt = N(str(RDF.type)), N(str(RDFS.label)), N(str(SKOS.altLabel))
    xsd_date, xsd_dec, xsd_int = str(XSD.date), str(XSD.decimal), str(XSD.integer)
    art = ex.article
    a = N(str(article_iri(art.key)))
    add(a, rdf_type, T["Article"])
    add(a, T["articleId"], L(art.id))
    add(a, T["sha256"], L(art.sha256))
    add(a, T["extractorVersion"], L(ex.extractor_version))
    if art.file_name:
        add(a, T["fileName"], L(art.file_name))
    if art.source_path:
        add(a, T["sourcePath"], L(art.source_path))
    if art.title:
        add(a, N(str(DCTERMS.title)), L(art.title))
    if art.date:
        add(a, T["date"], L(art.date, xsd_date))
    if art.date_source:
        add(a, T["dateSource"], L(art.date_source))
    add(a, T["text"], L(art.text))
    if art.source:
        add(a, T["source"], L(art.source))
    if art.url:
        add(a, N(PREFIXES["schema"] + "url"), L(art.url, str(XSD.anyURI)))
    iri: dict[str, str] = {}
    rank = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}
    groups: dict[str, list] = {}
    for e in ex.entities:
        node_iri = (iris or {}).get(e.name, e.id)
        iri[e.name] = node_iri
        groups.setdefault(node_iri, []).append(e)
    nodes = {i: N(i) for i in groups}
    for node_iri, ents in groups.items():
        # two names of this article that are one stored entity (a curator merged them):
        # one node, the most-mentioned name its label, the others aliases
        node = nodes[node_iri]
        main = max(ents, key=lambda e: (len(e.mentions), len(e.name)))
        add(a, T["mentions"], node)
        add(node, label, L(main.name))
        cat = max((e.category for e in ents), key=lambda c: rank.get(c, 0))
        add(node, T["category"], L(cat))
        add(node, T["mentionCount"], L(sum(len(e.mentions) for e in ents)))
        words: set[str] = set()
        types: set[str] = set()
        aliases: list[str] = []
        for e in ents:
            words |= {w for n in [e.name, *e.aliases] for w in name_tokens(n)}
            types |= set(e.types or [e.category])
            aliases += [n for n in [e.name, *e.aliases] if n != main.name and n not in aliases]
        for word in sorted(words):
            add(node, T["nameKey"], L(word))
        for t in sorted(types):
            add(node, rdf_type, T[t])
        for alias in aliases:
            add(node, alt, L(alias))
    subj, pred, obj = N(str(RDF.subject)), N(str(RDF.predicate)), N(str(RDF.object))
    seen: set[tuple[str, str, str]] = set()
    for r in ex.relations:
        s_iri, o_iri, p_iri = iri[r.subject], iri[r.object], str(RKG[r.predicate])
        s, o, p = nodes[s_iri], nodes[o_iri], T[r.predicate]
        if (s_iri, p_iri, o_iri) not in seen:
            seen.add((s_iri, p_iri, o_iri))
            add(s, p, o)
        x = N(str(assertion_iri(art.key, s_iri, p_iri, o_iri, r.evidence.start, r.evidence.end)))
        add(x, rdf_type, T["Assertion"])
        add(x, subj, s)
        add(x, pred, p)
        add(x, obj, o)
        add(x, T["evidenceText"], L(r.evidence.text))
        add(x, T["evidenceStart"], L(r.evidence.start, xsd_int))
        add(x, T["evidenceEnd"], L(r.evidence.end, xsd_int))
        add(x, T["confidence"], L(_decimal_text(r.confidence), xsd_dec))
        add(x, T["article"], a)
        add(x, T["extractorVersion"], L(ex.extractor_version))
        if art.date:
            add(x, T["date"], L(art.date, xsd_date))
        if r.predicate == "funds":
            add(x, rdf_type, T["Donation"])
            if r.amount is not None:
                add(x, T["amount"], L(_decimal_text(r.amount), xsd_dec))


def extraction_to_graph(ex: Extraction, iris: Mapping[str, str] | None = None) -> Graph:
    """The named graph of one article: metadata, entities, plain triples and Assertions.

    ``iris`` maps an entity's name to the IRI it is stored under when that is not its
    own (:func:`kg.model.entity_iri`): the entity it was linked to (:mod:`kg.resolve`).
    The article's own name for it stays its ``rdfs:label`` in this graph.
    """
    g = bind_prefixes(Graph(identifier=article_iri(ex.article.key)))
    out = _Sink("rdflib")
    _describe(ex, iris, out)
    for t in out.triples:
        g.add(t)
    return g


class ArticleTriples:
    """One article's graph as N-Triples text, made without rdflib (``kg add`` stores it)."""

    def __init__(self, identifier: str, ntriples: str) -> None:
        self.identifier = identifier
        self.ntriples = ntriples

    def serialize(self, format: str = "nt") -> str:
        if format not in ("nt", "ntriples"):
            raise ValueError(f"ArticleTriples serializes as N-Triples only, not {format!r}")
        return self.ntriples


def extraction_to_triples(ex: Extraction, iris: Mapping[str, str] | None = None) -> ArticleTriples:
    """The same graph as :func:`extraction_to_graph` (a test checks they are isomorphic),
    built with pyoxigraph terms and serialized as N-Triples: several times faster."""
    import pyoxigraph as ox

    out = _Sink("ox")
    _describe(ex, iris, out)
    text = ox.serialize(
        [ox.Triple(s, p, o) for s, p, o in out.triples], format=ox.RdfFormat.N_TRIPLES
    ).decode()
    return ArticleTriples(str(article_iri(ex.article.key)), text)
