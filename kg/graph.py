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

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import KGStore

__all__ = [
    "CENTRALITY_MEASURES",
    "around",
    "centrality",
    "communities",
    "connections",
    "export_graph",
    "filter_graph",
    "find_node",
    "find_nodes",
    "store_to_networkx",
]

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
    Node attributes: ``label``, ``category`` (the most specific), ``categories`` (every
    one an article gave it), ``aliases``, ``articles`` (how many), ``mentioned_in``
    (article IRIs). Edge key = predicate; attributes: ``predicate``,
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
            G.add_node(
                e, label=label, category=cat, aliases=[], articles=0, mentioned_in=[], categories=[]
            )
            node = G.nodes[e]
        if cat not in node["categories"]:
            node["categories"].append(cat)
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


# -- views --------------------------------------------------------------------
def filter_graph(
    G: nx.MultiDiGraph,
    *,
    categories: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    article: str | None = None,
    min_degree: int = 0,
) -> nx.MultiDiGraph:
    """A view of ``G`` narrowed by filters that combine (each one narrows the last).

    ``categories`` keeps entities of those categories; ``predicates`` keeps those
    relations (and drops entities left with none); ``article`` keeps what one
    article (its IRI) says; ``min_degree`` then keeps entities with at least that
    many distinct neighbours.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", category="PAC"); G.add_node("b", category="Prosecutor"); G.add_node("c", category="Place")
    >>> _ = G.add_edge("a", "b", key="funds", evidence=[]); _ = G.add_edge("b", "c", key="prosecutorOf", evidence=[])
    >>> sorted(filter_graph(G, predicates=["funds"]).nodes)
    ['a', 'b']
    >>> sorted(filter_graph(G, categories=["prosecutor", "place"]).edges(keys=True))
    [('b', 'c', 'prosecutorOf')]
    """
    H = G.copy()
    if article is not None:
        keep_edges = [
            (u, v, k)
            for u, v, k, d in H.edges(keys=True, data=True)
            if any(ev.get("article_iri") == article for ev in d.get("evidence", []))
        ]
        keep = set(keep_edges)
        H.remove_edges_from([e for e in H.edges(keys=True) if e not in keep])
        for u, v, k in keep_edges:
            d = H.edges[u, v, k]
            d["evidence"] = [ev for ev in d["evidence"] if ev.get("article_iri") == article]
        H.remove_nodes_from(
            [n for n, d in H.nodes(data=True) if article not in d.get("mentioned_in", [])]
        )
    if categories is not None:
        want = {c.lower() for c in categories}
        H.remove_nodes_from(
            [n for n, d in H.nodes(data=True) if str(d.get("category", "")).lower() not in want]
        )
    if predicates is not None:
        want = set(predicates)
        H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True) if k not in want])
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if min_degree > 0:
        U = H.to_undirected(as_view=True)
        H.remove_nodes_from([n for n in list(H) if len(set(U.neighbors(n)) - {n}) < min_degree])
    return H


# -- analytics ----------------------------------------------------------------
CENTRALITY_MEASURES = ("degree", "pagerank", "betweenness")


def centrality(G: nx.MultiDiGraph, measure: str = "degree") -> dict[str, float]:
    """One score per entity: ``degree`` (distinct neighbours), ``pagerank`` (on the
    directed graph, each relation once) or ``betweenness`` (normalized; sampled
    from 500 sources in graphs larger than that, with a fixed seed).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("a", "b")])
    >>> centrality(G, "degree")
    {'a': 2.0, 'b': 1.0, 'c': 1.0}
    """
    import networkx as nx

    D = nx.DiGraph()
    D.add_nodes_from(G)
    D.add_edges_from((u, v) for u, v in G.edges() if u != v)
    U = D.to_undirected()
    if measure == "degree":
        return {n: float(U.degree(n)) for n in U}
    if measure == "pagerank":
        return dict(nx.pagerank(D)) if D.number_of_nodes() else {}
    if measure == "betweenness":
        k = 500 if U.number_of_nodes() > 500 else None
        return dict(nx.betweenness_centrality(U, k=k, seed=42))
    raise ValueError(f"unknown centrality measure {measure!r}")


def communities(G: nx.MultiDiGraph, *, seed: int = 42) -> list[list[str]]:
    """Groups of entities more tied to each other than to the rest (Louvain, fixed seed),
    largest first; each entity is in exactly one group."""
    import networkx as nx

    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v in G.edges():
        if u != v:
            w = U[u][v]["weight"] + 1 if U.has_edge(u, v) else 1
            U.add_edge(u, v, weight=w)
    if U.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(U, weight="weight", seed=seed)
    label = lambda n: str(G.nodes[n].get("label", n))  # noqa: E731
    out = [sorted(g, key=lambda n: (-U.degree(n), label(n))) for g in groups]
    out.sort(key=lambda g: (-len(g), label(g[0])))
    return out


def connections(
    G: nx.MultiDiGraph, a: str, b: str, *, max_hops: int = 4, limit: int = 10
) -> list[list[tuple[str, str, str, dict]]]:
    """The shortest connections between entities ``a`` and ``b`` (relations in either
    direction), each a list of hops ``(from, predicate, to, edge data)``; at most
    ``limit`` of them, none longer than ``max_hops``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("s", "p", key="funds", evidence=[]); _ = G.add_edge("p", "k", key="supports", evidence=[])
    >>> [[(h[0], h[1], h[2]) for h in path] for path in connections(G, "k", "s")]
    [[('p', 'supports', 'k'), ('s', 'funds', 'p')]]
    """
    import itertools

    import networkx as nx

    U = G.to_undirected(as_view=True)
    if a not in G or b not in G or a == b:
        return []
    try:
        paths = itertools.islice(nx.all_shortest_paths(U, a, b), limit)
        out = []
        for nodes in paths:
            if len(nodes) - 1 > max_hops:
                return []
            hops = []
            for x, y in itertools.pairwise(nodes):
                if G.has_edge(x, y):
                    k, d = next(iter(G[x][y].items()))
                    hops.append((x, k, y, d))
                else:
                    k, d = next(iter(G[y][x].items()))
                    hops.append((y, k, x, d))
            out.append(hops)
        return out
    except nx.NetworkXNoPath:
        return []


def export_graph(G: nx.MultiDiGraph, fmt: str) -> bytes:
    """The entity graph as GraphML or GEXF for Gephi and Cytoscape: node attributes
    label, category, aliases (joined by "; "), articles; edge attributes predicate,
    amount, date (first reported), evidence (how many sentences) and the first sentence."""
    import io

    import networkx as nx

    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(
            n,
            label=str(d.get("label", n)),
            category=str(d.get("category", "")),
            aliases="; ".join(d.get("aliases", [])),
            articles=int(d.get("articles", 0)),
        )
    for u, v, k, d in G.edges(keys=True, data=True):
        ev = d.get("evidence", [])
        attrs = {
            "predicate": str(d.get("predicate", k)),
            "evidence": len(ev),
            "sentence": ev[0]["text"] if ev else "",
        }
        dates = [e["date"] for e in ev if e.get("date")]
        if dates:
            attrs["date"] = min(dates)
        if d.get("amount") is not None:
            attrs["amount"] = float(d["amount"])
        H.add_edge(u, v, key=k, **attrs)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(H, buf)
    elif fmt == "gexf":
        nx.write_gexf(H, buf)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    return buf.getvalue()
