"""Entities as users ask for them: find one by any name, list them, and profile one.

A profile is everything the store knows about one entity, each fact with the
sentence that asserts it and the article (title and date) it comes from.

>>> from kg.store import KGStore
>>> list_entities(KGStore.memory())
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.messages import Errors
from kg.model import name_key

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import KGStore

__all__ = [
    "EntityLookupError",
    "EntityRow",
    "Fact",
    "Profile",
    "find_entities",
    "list_entities",
    "profile",
    "resolve_entity",
]


class EntityLookupError(KGError, LookupError):
    """No entity, or several, for a user's name; ``str()`` is the one-line message."""


_NAMES = """
SELECT DISTINCT ?e ?name ?kind WHERE {
  GRAPH ?a { ?a rkg:mentions ?e .
    { ?e rdfs:label ?name BIND("label" AS ?kind) } UNION { ?e skos:altLabel ?name BIND("alias" AS ?kind) } }
}"""


def _names(store: KGStore) -> list[tuple[str, str, str]]:
    return [
        (r["e"].value, r["name"].value, r["kind"].value)
        for r in store.query(_NAMES, use_default_graph_as_union=False)
    ]


def find_entities(store: KGStore, name: str) -> list[str]:
    """IRIs of the stored entities ``name`` can mean: an article's name for it first,
    then an alias, then an IRI or its last part (``larry-krasner``)."""
    want = name_key(name)
    if not want:
        return []
    rows = _names(store)
    for kind in ("label", "alias"):
        hits = sorted({e for e, n, k in rows if k == kind and name_key(n) == want})
        if hits:
            return hits
    raw = name.strip()
    return sorted({e for e, _, _ in rows if raw in (e, e.rsplit("/", 1)[-1])})


def resolve_entity(store: KGStore, name: str) -> str:
    """The one entity ``name`` means, or :class:`EntityLookupError` naming the candidates."""
    hits = find_entities(store, name)
    if not hits:
        raise EntityLookupError(Errors.NO_ENTITY_NAMED.format(name=name))
    if len(hits) > 1:
        labels: dict[str, set[str]] = {}
        for e, n, k in _names(store):
            if e in hits and k == "label":
                labels.setdefault(e, set()).add(n)
        names = ", ".join(f"{' / '.join(sorted(labels.get(h, {h})))} <{h}>" for h in hits)
        raise EntityLookupError(Errors.AMBIGUOUS_NAME.format(name=name, names=names))
    return hits[0]


@dataclass
class EntityRow:
    iri: str
    name: str
    category: str
    aliases: list[str]
    articles: int
    relations: int

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "name": self.name,
            "category": self.category,
            "aliases": self.aliases,
            "articles": self.articles,
            "relations": self.relations,
        }


def list_entities(
    store: KGStore,
    *,
    category: str | None = None,
    search: str | None = None,
    as_of: str | None = None,
    G: nx.MultiDiGraph | None = None,
) -> list[EntityRow]:
    """Every entity with its category, aliases, number of articles and of relations.

    ``search`` keeps entities any of whose names contains the text (compared as
    names are: case and accents do not matter); most-mentioned first.
    """
    from kg.graph import store_to_networkx

    G = G if G is not None else store_to_networkx(store, as_of=as_of)
    want = name_key(search) if search else ""
    rows = []
    for n, d in G.nodes(data=True):
        if category and d["category"].lower() != category.lower():
            continue
        if want and not any(want in name_key(x) for x in [d["label"], *d["aliases"]]):
            continue
        rels = len({(u, v, k) for u, v, k in G.out_edges(n, keys=True)}) + len(
            {(u, v, k) for u, v, k in G.in_edges(n, keys=True)}
        )
        rows.append(
            EntityRow(n, d["label"], d["category"], list(d["aliases"]), d["articles"], rels)
        )
    rows.sort(key=lambda r: (-r.articles, -r.relations, name_key(r.name)))
    return rows


@dataclass
class Fact:
    """One relation of a profile: the other end, and every sentence that asserts it."""

    direction: str  # "out" (the entity is the subject) or "in"
    predicate: str
    other: str
    other_iri: str
    amount: float | None
    evidence: list[dict[str, Any]]

    @property
    def first_date(self) -> str | None:
        return min((e["date"] for e in self.evidence if e["date"]), default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "predicate": self.predicate,
            "other": self.other,
            "other_iri": self.other_iri,
            "amount": self.amount,
            "date": self.first_date,
            "evidence": [
                {k: e[k] for k in ("text", "start", "end", "article", "title", "date", "amount")}
                for e in self.evidence
            ],
        }


@dataclass
class Profile:
    iri: str
    name: str
    category: str
    categories: list[str]
    aliases: list[str]
    facts: list[Fact] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    money_in: float = 0.0
    money_out: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "name": self.name,
            "category": self.category,
            "categories": self.categories,
            "aliases": self.aliases,
            "money_in": self.money_in,
            "money_out": self.money_out,
            "relations": [f.to_json() for f in self.facts],
            "articles": self.articles,
        }


def _flows_total(evidence: list[dict[str, Any]]) -> float:
    """Distinct amounts reported for one donor and recipient, added up (see kg.money)."""
    return float(sum({e["amount"] for e in evidence if e["amount"] is not None}))


def profile(store: KGStore, name: str, *, as_of: str | None = None) -> Profile:
    """Everything known about the entity ``name`` (any of its names, or its IRI)."""
    from kg.graph import store_to_networkx

    G = store_to_networkx(store, as_of=as_of)
    iri = resolve_entity(store, name)
    if iri not in G:
        raise EntityLookupError(Errors.NOT_YET_REPORTED.format(name=name, date=as_of))
    d = G.nodes[iri]
    cats = sorted(d.get("categories", [d["category"]]))
    p = Profile(iri, d["label"], d["category"], cats, list(d["aliases"]))
    for _, v, data in G.out_edges(iri, data=True):
        p.facts.append(
            Fact("out", data["predicate"], G.nodes[v]["label"], v, data["amount"], data["evidence"])
        )
        if data["predicate"] == "funds":
            p.money_out += _flows_total(data["evidence"])
    for u, _, data in G.in_edges(iri, data=True):
        p.facts.append(
            Fact("in", data["predicate"], G.nodes[u]["label"], u, data["amount"], data["evidence"])
        )
        if data["predicate"] == "funds":
            p.money_in += _flows_total(data["evidence"])
    order = {
        "prosecutorOf": 0,
        "challenges": 1,
        "supports": 2,
        "opposes": 3,
        "funds": 4,
        "memberOf": 5,
    }
    p.facts.sort(key=lambda f: (f.direction != "out", order.get(f.predicate, 9), f.other))
    arts = G.graph["articles"]
    p.articles = [{"iri": a, **arts[a]} for a in d["mentioned_in"]]
    return p
