"""The stored graph as networkx: entities as nodes, relations as edges with their evidence.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("e/a", label="Larry Krasner", aliases=["Krasner"])
>>> G.add_node("e/b", label="Philadelphia", aliases=[])
>>> find_node(G, "krasner")
'e/a'
>>> sorted(around(G, "e/a", 1).nodes) == ["e/a"]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import KGStore

__all__ = ["around", "find_node", "find_nodes", "store_to_networkx"]

CATEGORY_RANK = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}

_ARTICLES = """
SELECT ?a ?id ?title ?date WHERE {
  GRAPH ?a { ?a a rkg:Article ; rkg:articleId ?id .
    OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a rkg:date ?date } }
}"""
_ENTITIES = """
SELECT ?a ?e ?label ?cat WHERE {
  GRAPH ?a { ?a rkg:mentions ?e . ?e rdfs:label ?label ; rkg:category ?cat }
}"""
_ALIASES = """
SELECT DISTINCT ?a ?e ?alias WHERE { GRAPH ?a { ?a rkg:mentions ?e . ?e skos:altLabel ?alias } }"""
_EDGES = """
SELECT ?s ?p ?o ?text ?start ?end ?art ?conf ?amount WHERE {
  GRAPH ?art { ?x a rkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               rkg:evidenceText ?text ; rkg:evidenceStart ?start ; rkg:evidenceEnd ?end ;
               rkg:confidence ?conf .
    OPTIONAL { ?x rkg:amount ?amount } }
} ORDER BY ?s ?p ?o ?art ?start
"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def store_to_networkx(store: KGStore, *, as_of: str | None = None) -> nx.MultiDiGraph:
    """Every entity and relation in the store (union of article graphs).

    ``as_of`` (``YYYY-MM-DD``) keeps only what articles dated up to that day
    reported; undated articles are then left out, since nobody can say when
    they reported it.

    Graph attribute ``articles``: article IRI → ``{"id", "title", "date"}``.
    Node attributes: ``label``, ``category``, ``aliases``, ``articles`` (how many),
    ``mentioned_in`` (article IRIs). Edge key = predicate; attributes: ``predicate``,
    ``amount`` (largest reported, for ``funds``), ``evidence`` (one dict per
    article sentence that asserts it, oldest article first).
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    arts: dict[str, dict[str, str | None]] = {}
    for r in store.query(_ARTICLES, use_default_graph_as_union=False):
        date = r["date"].value if r["date"] is not None else None
        if as_of is not None and (date is None or date > as_of):
            continue
        arts[r["a"].value] = {
            "id": r["id"].value,
            "title": r["title"].value if r["title"] is not None else None,
            "date": date,
        }
    G.graph["articles"] = arts
    labels: dict[str, dict[str, int]] = {}
    for r in store.query(_ENTITIES, use_default_graph_as_union=False):
        a = r["a"].value
        if a not in arts:
            continue
        e, label, cat = r["e"].value, r["label"].value, r["cat"].value
        node = G.nodes.get(e)
        if node is None:
            G.add_node(e, label=label, category=cat, aliases=[], articles=0, mentioned_in=[])
            node = G.nodes[e]
        labels.setdefault(e, {})
        labels[e][label] = labels[e].get(label, 0) + 1
        if a not in node["mentioned_in"]:
            node["mentioned_in"].append(a)
            node["articles"] += 1
        if CATEGORY_RANK.get(cat, 0) > CATEGORY_RANK.get(node["category"], 0):
            node["category"] = cat
    for e, counts in labels.items():
        best = max(counts, key=lambda k: (counts[k], len(k)))
        G.nodes[e]["label"] = best
        G.nodes[e]["aliases"] = sorted(k for k in counts if k != best)
        G.nodes[e]["mentioned_in"].sort(key=lambda a: (arts[a]["date"] or "", arts[a]["id"]))
    for r in store.query(_ALIASES, use_default_graph_as_union=False):
        e, alias = r["e"].value, r["alias"].value
        if r["a"].value not in arts or e not in G:
            continue
        if alias not in G.nodes[e]["aliases"] and alias != G.nodes[e]["label"]:
            G.nodes[e]["aliases"].append(alias)
    for r in store.query(_EDGES, use_default_graph_as_union=False):
        s, o, pred, art = r["s"].value, r["o"].value, _local(r["p"].value), r["art"].value
        if s not in G or o not in G or art not in arts:
            continue
        if not G.has_edge(s, o, key=pred):
            G.add_edge(s, o, key=pred, predicate=pred, amount=None, evidence=[])
        data = G.edges[s, o, pred]
        amount = float(r["amount"].value) if r["amount"] is not None else None
        if amount is not None:
            data["amount"] = max(amount, data["amount"] or 0.0)
        meta = arts[art]
        data["evidence"].append(
            {
                "text": r["text"].value,
                "start": int(r["start"].value),
                "end": int(r["end"].value),
                "article": meta["id"],
                "article_iri": art,
                "title": meta["title"],
                "date": meta["date"],
                "confidence": float(r["conf"].value),
                "amount": amount,
            }
        )
    for _, _, data in G.edges(data=True):
        data["evidence"].sort(key=lambda ev: (ev["date"] or "", ev["article"], ev["start"]))
    return G


def _fold(name: str) -> str:
    """Names compared as the guidelines say (:func:`kg.model.name_key`).

    >>> _fold("the George Gascón's")
    'george gascon'
    """
    from kg.model import name_key

    return name_key(name)


def find_nodes(G: nx.Graph, name: str) -> list[str]:
    """Nodes a user's name for an entity can mean: its label first, else an alias, else an IRI."""
    want = _fold(name)
    if not want:
        return []
    by_label = [n for n, d in G.nodes(data=True) if _fold(d.get("label", "")) == want]
    if by_label:
        return by_label
    by_alias = [
        n for n, d in G.nodes(data=True) if want in {_fold(a) for a in d.get("aliases", [])}
    ]
    if by_alias:
        return by_alias
    return [n for n in G.nodes if name.strip() in (n, _local(n))]


def find_node(G: nx.Graph, name: str) -> str | None:
    """The one node ``name`` means, or None when it means none or several."""
    hits = find_nodes(G, name)
    return hits[0] if len(hits) == 1 else None


def around(G: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of ``node`` up to ``depth`` hops, edges in either direction."""
    import networkx as nx

    keep = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), node, cutoff=depth)
    return G.subgraph(keep).copy()
