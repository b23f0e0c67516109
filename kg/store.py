"""The store: an on-disk (or in-memory) Oxigraph dataset, one named graph per article.

Writes go through one SPARQL Update per article (``DROP GRAPH …; INSERT DATA …``),
which Oxigraph applies all-or-nothing, so a failure never leaves half an article.

>>> store = KGStore.memory()
>>> store.stats()["articles"]
0
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.messages import Errors
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES, ontology_path

__all__ = ["DEFAULT_STORE", "KGStore", "StoreError", "StoredArticle", "store_path"]

DEFAULT_STORE = "kg-store"


def store_path(path: str | os.PathLike | None = None) -> str:
    """``--store``, else ``KG_STORE``, else ``./kg-store``."""
    return str(path or os.environ.get("KG_STORE") or DEFAULT_STORE)


class StoreError(KGError, RuntimeError):
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
    source_path: str | None = None
    date_source: str | None = None

    def metadata(self) -> tuple[str | None, ...]:
        return (self.file_name, self.title, self.date, self.source, self.url)

    def describe(self) -> str:
        return self.source_path or self.file_name or self.id


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
        from kg.remote import RemoteStore, is_remote

        if is_remote(loc):
            remote = RemoteStore(loc)
            remote.query("ASK { }")  # reachable, and a SPARQL endpoint: else one clear line
            return cls(remote, loc)  # type: ignore[arg-type]
        p = Path(loc)
        if (read_only or not create) and not p.is_dir():
            raise StoreError(Errors.STORE_MISSING.format(path=loc))
        if p.exists() and not p.is_dir():
            raise StoreError(Errors.NOT_A_STORE.format(path=loc))
        if p.is_dir() and any(p.iterdir()) and not (p / "CURRENT").exists():
            raise StoreError(Errors.NOT_A_STORE.format(path=loc))
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
        """The engine: an embedded ``pyoxigraph.Store``, or a :class:`kg.remote.RemoteStore`
        with the same methods for a SPARQL endpoint."""
        return self._store

    @property
    def remote(self) -> bool:
        return not isinstance(self._store, ox.Store)

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, **kwargs):
        kwargs.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, prefixes=PREFIXES, **kwargs)

    def articles(self, *, where: str = "") -> list[StoredArticle]:
        """Every stored article (or those ``where``, a graph pattern on ``?g``, picks)."""
        rows = self.query(
            f"""SELECT ?g ?id ?sha ?file ?title ?date ?source ?url ?path ?ds WHERE {{
                 {where}
                 GRAPH ?g {{ ?g a rkg:Article ; rkg:articleId ?id ; rkg:sha256 ?sha .
                   OPTIONAL {{ ?g rkg:fileName ?file }} OPTIONAL {{ ?g dcterms:title ?title }}
                   OPTIONAL {{ ?g rkg:date ?date }} OPTIONAL {{ ?g rkg:source ?source }}
                   OPTIONAL {{ ?g schema:url ?url }} OPTIONAL {{ ?g rkg:sourcePath ?path }}
                   OPTIONAL {{ ?g rkg:dateSource ?ds }} }} }}
               ORDER BY ?id ?path""",
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
                source_path=_lit(r["path"]),
                date_source=_lit(r["ds"]),
            )
            for r in rows
        ]

    def article_at(self, source_path: str) -> StoredArticle | None:
        """The article last read from ``source_path`` (a file's absolute path, or ``stdin:ID``)."""
        lit = ox.Literal(source_path)
        hits = self.articles(where=f"GRAPH ?g {{ ?g rkg:sourcePath {lit} }}")
        return hits[0] if hits else None

    def article_by_sha(self, sha: str) -> StoredArticle | None:
        lit = ox.Literal(sha)
        hits = self.articles(where=f"GRAPH ?g {{ ?g rkg:sha256 {lit} }}")
        return hits[0] if hits else None

    def find_articles(self, ref: str) -> list[StoredArticle]:
        """Articles a user's reference names: IRI, path, file name, id, sha256 (8+ digits) or title."""
        ref = ref.strip()
        arts = self.articles()
        exact = [a for a in arts if ref in (a.iri, a.sha256)]
        if exact:
            return exact
        path = str(Path(ref).resolve()) if ref else ""
        by_path = [a for a in arts if a.source_path == path]
        if by_path:
            return by_path
        by_name = [a for a in arts if ref and (ref == a.file_name or ref == a.id)]
        if by_name:
            return by_name
        by_sha = [a for a in arts if len(ref) >= 8 and a.sha256.startswith(ref.lower())]
        if by_sha:
            return by_sha
        folded = " ".join(ref.casefold().split())
        return [
            a for a in arts if folded and " ".join((a.title or "").casefold().split()) == folded
        ]

    def article_counts(self) -> dict[str, tuple[int, int]]:
        """Article IRI → (entities it mentions, relations it asserts)."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.query(
            """SELECT ?g (COUNT(DISTINCT ?e) AS ?ents) (COUNT(DISTINCT ?x) AS ?rels) WHERE {
                 GRAPH ?g { ?g a rkg:Article . OPTIONAL { ?g rkg:mentions ?e }
                   OPTIONAL { ?x a rkg:Assertion } } } GROUP BY ?g""",
            use_default_graph_as_union=False,
        ):
            out[r["g"].value] = (int(r["ents"].value), int(r["rels"].value))
        return out

    def resolve_article(self, ref: str) -> StoredArticle:
        """Exactly one article for ``ref``, or a :class:`StoreError` saying why not."""
        hits = self.find_articles(ref)
        if not hits:
            raise StoreError(Errors.NO_ARTICLE.format(ref=ref))
        if len(hits) > 1:
            names = ", ".join(f"{a.describe()} ({a.sha256[:12]})" for a in hits)
            raise StoreError(Errors.AMBIGUOUS_ARTICLE.format(ref=ref, names=names))
        return hits[0]

    def stats(self) -> dict[str, object]:
        """Counts; entities by their most specific category, relations as distinct edges."""
        rank = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}
        cats: dict[str, str] = {}
        for r in self.query(
            "SELECT DISTINCT ?e ?c WHERE { ?a rkg:mentions ?e . ?e rkg:category ?c }"
        ):
            e, c = r["e"].value, r["c"].value
            if rank.get(c, 0) > rank.get(cats.get(e, ""), 0):
                cats[e] = c
        by_cat: dict[str, int] = {}
        for c in cats.values():
            by_cat[c] = by_cat.get(c, 0) + 1
        by_pred: dict[str, int] = {}
        for r in self.query(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
            "{ ?x a rkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } } GROUP BY ?p"
        ):
            by_pred[r["p"].value.rsplit("#", 1)[-1]] = int(r["n"].value)
        assertions = next(
            iter(self.query("SELECT (COUNT(?x) AS ?n) WHERE { GRAPH ?g { ?x a rkg:Assertion } }"))
        )
        return {
            "articles": len(self.articles()),
            "entities": len(cats),
            "relations": sum(by_pred.values()),
            "assertions": int(assertions["n"].value),
            "quads": len(self._store),
            "by_category": dict(sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_predicate": dict(sorted(by_pred.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    # -- writing ------------------------------------------------------------
    def put_article(
        self, graph, *, replaces: str | None = None, before: list[str] | None = None
    ) -> None:
        """Store an article's rdflib graph as its named graph (``graph.identifier``).

        ``replaces`` is the IRI of an older version to drop in the same update, and
        ``before`` more SPARQL Update operations to run first (renaming a stored
        entity the article names better), so the whole change is all-or-nothing.
        """
        g = f"<{graph.identifier}>"
        ops = list(before or [])
        if replaces:
            ops.append(f"DROP SILENT GRAPH <{replaces}>")
        nt = graph.serialize(format="nt")
        ops.append(f"DROP SILENT GRAPH {g}")
        ops.append(f"INSERT DATA {{ GRAPH {g} {{\n{nt}\n}} }}")
        self._store.update(" ;\n".join(ops))

    def remove_article(self, ref: str) -> StoredArticle:
        return self.remove_articles([ref])[0]

    def remove_articles(self, refs: list[str]) -> list[StoredArticle]:
        """Remove several articles all-or-nothing: every reference is resolved first."""
        arts = [self.resolve_article(ref) for ref in refs]
        drops = " ;\n".join(
            f"DROP SILENT GRAPH <{a.iri}>" for a in {a.iri: a for a in arts}.values()
        )
        self._store.update(drops)
        return arts

    def flush(self) -> None:
        if self.location and not self.remote:
            self._store.flush()

    # -- export -------------------------------------------------------------
    def dump(self, fmt: str, *, include_ontology: bool = False) -> bytes:
        """The whole store as trig, nquads, turtle (graphs merged) or jsonld.

        ``include_ontology`` adds ``ontology/reform.ttl`` as the graph
        ``https://w3id.org/reform-kg/ontology`` (the store itself holds only articles).
        """
        quads = list(self._store.quads_for_pattern(None, None, None, None))
        if include_ontology:
            onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
            quads += [
                ox.Quad(t.subject, t.predicate, t.object, onto)
                for t in ox.parse(ontology_path().read_bytes(), format=ox.RdfFormat.TURTLE)
            ]
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
