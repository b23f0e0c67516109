"""The store: an on-disk (or in-memory) Oxigraph dataset, one named graph per article.

Writes go through one SPARQL Update per article (``DROP GRAPH …; INSERT DATA …``),
which Oxigraph applies all-or-nothing, so a failure never leaves half an article.

>>> store = KGStore.memory()
>>> store.stats()["articles"]
0
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.messages import Errors
from kg.vocab import ART, ONTOLOGY_GRAPH, PREFIXES, ontology_path

__all__ = ["DEFAULT_STORE", "KGStore", "StoreError", "StoredArticle", "store_path"]

DEFAULT_STORE = "kg-store"


def store_path(path: str | os.PathLike | None = None) -> str:
    """``--store``, else ``KG_STORE``, else ``./kg-store``."""
    return str(path or os.environ.get("KG_STORE") or DEFAULT_STORE)


class StoreError(RuntimeError):
    """A store problem; ``str()`` is the one-line message for the user."""


@dataclass(frozen=True)
class StoredArticle:
    id: str
    iri: str
    sha256: str
    file_name: str | None
    title: str | None
    date: str | None
    source: str | None = None
    url: str | None = None

    def metadata(self) -> tuple[str | None, ...]:
        return (self.file_name, self.title, self.date, self.source, self.url)


def _lit(term) -> str | None:
    return None if term is None else term.value


class KGStore:
    def __init__(self, store: ox.Store, location: str | None) -> None:
        self._store = store
        self.location = location

    # -- opening ------------------------------------------------------------
    @classmethod
    def memory(cls) -> KGStore:
        return cls(ox.Store(), None)

    @classmethod
    def open(
        cls, path: str | os.PathLike | None = None, *, read_only: bool = False, create: bool = True
    ) -> KGStore:
        """Open the store at ``path``; ``read_only`` opens beside a writer, and neither
        ``read_only`` nor ``create=False`` makes a new store where there is none."""
        loc = store_path(path)
        if (read_only or not create) and not Path(loc).is_dir():
            raise StoreError(Errors.STORE_MISSING.format(path=loc))
        try:
            if read_only:
                return cls(ox.Store.read_only(loc), loc)
            return cls(ox.Store(loc), loc)
        except (OSError, RuntimeError) as e:
            if "lock" in str(e).lower():
                raise StoreError(Errors.STORE_LOCKED.format(path=loc)) from None
            raise StoreError(
                Errors.STORE_OPEN.format(path=loc, reason=str(e).splitlines()[0])
            ) from None

    @property
    def oxigraph(self) -> ox.Store:
        return self._store

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, **kwargs):
        kwargs.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, prefixes=PREFIXES, **kwargs)

    def articles(self) -> list[StoredArticle]:
        rows = self.query(
            """SELECT ?g ?id ?sha ?file ?title ?date ?source ?url WHERE {
                 GRAPH ?g { ?g a rkg:Article ; rkg:articleId ?id ; rkg:sha256 ?sha .
                   OPTIONAL { ?g rkg:fileName ?file } OPTIONAL { ?g dcterms:title ?title }
                   OPTIONAL { ?g rkg:date ?date } OPTIONAL { ?g rkg:source ?source }
                   OPTIONAL { ?g schema:url ?url } } } ORDER BY ?id""",
            use_default_graph_as_union=False,
        )
        return [
            StoredArticle(
                id=r["id"].value,
                iri=r["g"].value,
                sha256=r["sha"].value,
                file_name=_lit(r["file"]),
                title=_lit(r["title"]),
                date=_lit(r["date"]),
                source=_lit(r["source"]),
                url=_lit(r["url"]),
            )
            for r in rows
        ]

    def get_article(self, article_id: str) -> StoredArticle | None:
        """The stored article with exactly this id."""
        return next((a for a in self.articles() if a.id == article_id), None)

    def find_article(self, ref: str) -> StoredArticle | None:
        """By id, file name (or path), IRI, or sha256 (or a unique sha256 prefix of 8+ characters)."""
        ref = ref.strip()
        name = Path(ref).name
        arts = self.articles()
        for a in arts:
            if ref in (a.id, a.iri, a.sha256) or (a.file_name is not None and name == a.file_name):
                return a
        hits = [a for a in arts if len(ref) >= 8 and a.sha256.startswith(ref)]
        return hits[0] if len(hits) == 1 else None

    def article_by_sha(self, sha: str) -> StoredArticle | None:
        for a in self.articles():
            if a.sha256 == sha:
                return a
        return None

    def stats(self) -> dict[str, object]:
        def one(q: str) -> int:
            return int(next(iter(self.query(q)))[0].value)

        counts = {
            "articles": len(self.articles()),
            "entities": one("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a rkg:mentions ?e }"),
            "relations": one(
                "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?x a rkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }"
            ),
            "assertions": one("SELECT (COUNT(?x) AS ?n) WHERE { GRAPH ?g { ?x a rkg:Assertion } }"),
            "quads": len(self._store),
        }
        by_cat = {}
        for r in self.query(
            "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a rkg:mentions ?e . ?e rkg:category ?c } GROUP BY ?c ORDER BY DESC(?n)"
        ):
            by_cat[r["c"].value] = int(r["n"].value)
        by_pred = {}
        for r in self.query(
            "SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a rkg:Assertion ; rdf:predicate ?p } GROUP BY ?p ORDER BY DESC(?n)"
        ):
            by_pred[r["p"].value.rsplit("#", 1)[-1]] = int(r["n"].value)
        counts["by_category"] = by_cat
        counts["by_predicate"] = by_pred
        return counts

    # -- writing ------------------------------------------------------------
    def put_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace one named graph with the given N-Triples, atomically."""
        g = f"<{graph_iri}>"
        self._store.update(
            f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}} }}"
        )

    def put_article(self, article_id: str, graph) -> None:
        """Store an article's rdflib graph as its named graph (replacing what was there)."""
        self.ensure_ontology()
        nt = graph.serialize(format="nt")
        self.put_graph(str(ART[article_id]), nt)

    def remove_article(self, ref: str) -> StoredArticle:
        a = self.find_article(ref)
        if a is None:
            raise StoreError(Errors.NO_ARTICLE.format(ref=ref))
        self._store.update(f"DROP SILENT GRAPH <{a.iri}>")
        return a

    def ensure_ontology(self) -> bool:
        """Load ``ontology/reform.ttl`` into its own graph when missing or changed."""
        data = ontology_path().read_bytes()
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        marker = ox.Quad(
            graph,
            ox.NamedNode(PREFIXES["rkg"] + "sha256"),
            ox.Literal(hashlib.sha256(data).hexdigest()),
            graph,
        )
        if marker in self._store:
            return False
        self._store.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}>")
        self._store.load(data, format=ox.RdfFormat.TURTLE, to_graph=graph)
        self._store.add(marker)
        return True

    def flush(self) -> None:
        if self.location:
            self._store.flush()

    # -- export -------------------------------------------------------------
    def dump(self, fmt: str, *, include_ontology: bool = False) -> bytes:
        """The whole store as trig, nquads, turtle (graphs merged) or jsonld."""
        graphs = [
            g
            for g in self._store.named_graphs()
            if include_ontology or g.value != str(ONTOLOGY_GRAPH)
        ]
        quads = [q for g in graphs for q in self._store.quads_for_pattern(None, None, None, g)]
        if fmt in ("trig", "nquads"):
            f = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
            kw = {"prefixes": PREFIXES} if fmt == "trig" else {}
            return ox.serialize(quads, format=f, **kw)
        if fmt == "turtle":
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
            return ox.serialize(
                sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES
            )
        if fmt == "jsonld":
            return ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
        raise ValueError(f"unknown export format {fmt!r}")
