"""Curation that sticks: a person's merge and split decisions, kept in their own graph.

The decisions live in the named graph ``https://w3id.org/reform-kg/curation`` as
``owl:sameAs`` (merge: the first entity is the second) and ``owl:differentFrom``
(split: never one entity). Article graphs are never the record of a decision, only
its result: a merge renames the entity in every stored article graph at once (one
all-or-nothing update, with the decision), and the resolver (:mod:`kg.resolve`)
reads the decisions whenever an article is added again, so re-adding, replacing
or removing articles never undoes them.

>>> from kg.store import KGStore
>>> store = KGStore.memory()
>>> decisions(store)
[]
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KGError
from kg.messages import Errors
from kg.model import entity_iri, name_key
from kg.vocab import BASE

__all__ = [
    "CURATION_GRAPH",
    "CurationError",
    "CurationResult",
    "Decision",
    "decisions",
    "merge",
    "rename_entity_ops",
    "split",
]

CURATION_GRAPH = BASE + "curation"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_RKG = BASE + "ontology#"
_RANK = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}


class CurationError(KGError, ValueError):
    """A merge or split that cannot be done; ``str()`` is the one-line message."""


@dataclass(frozen=True)
class Decision:
    kind: str  # "merge" or "split"
    a: str
    b: str


def decisions(store) -> list[Decision]:
    """Every recorded decision, merges first."""
    out = []
    g = ox.NamedNode(CURATION_GRAPH)
    for kind, p in (("merge", "sameAs"), ("split", "differentFrom")):
        for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(_OWL + p), None, g):
            out.append(Decision(kind, q.subject.value, q.object.value))
    return sorted(out, key=lambda d: (d.kind, d.a, d.b))


def _graph_text(triples: list[ox.Triple]) -> str:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()


def _merge_nodes(
    triples: list[ox.Triple], keep: ox.NamedNode, label: str | None
) -> list[ox.Triple]:
    """One article graph after two of its entities became ``keep``: one label, one category."""
    labels = [t for t in triples if t.subject == keep and t.predicate.value == _RDFS_LABEL]
    cats = [t for t in triples if t.subject == keep and t.predicate.value == _RKG + "category"]
    counts = [
        t for t in triples if t.subject == keep and t.predicate.value == _RKG + "mentionCount"
    ]
    if len(labels) <= 1 and len(cats) <= 1 and len(counts) <= 1:
        return triples
    drop = set(labels) | set(cats) | set(counts)
    out = [t for t in triples if t not in drop]
    names = [t.object.value for t in labels]
    main = label if label in names else names[0]
    out.append(ox.Triple(keep, ox.NamedNode(_RDFS_LABEL), ox.Literal(main)))
    for n in names:
        if n != main:
            alt = ox.Triple(keep, ox.NamedNode(_ALT), ox.Literal(n))
            if alt not in out:
                out.append(alt)
    if cats:
        best = max(cats, key=lambda t: _RANK.get(t.object.value, 0))
        out.append(best)
    if counts:
        total = sum(int(t.object.value) for t in counts)
        out.append(
            ox.Triple(
                keep,
                ox.NamedNode(_RKG + "mentionCount"),
                ox.Literal(
                    str(total), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                ),
            )
        )
    return out


def rename_entity_ops(store, old: str, new: str, *, only_name: str | None = None) -> list[str]:
    """SPARQL Update operations that rename entity ``old`` to ``new`` in every article graph.

    ``only_name`` limits the rename to the article graphs whose own name for ``old``
    (its ``rdfs:label`` there) is that name: this is how a split moves one name out.
    """
    o_node, n_node = ox.NamedNode(old), ox.NamedNode(new)
    graphs = {
        q.graph_name
        for q in store.oxigraph.quads_for_pattern(o_node, None, None, None)
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != CURATION_GRAPH
    }
    ops = []
    for g in sorted(graphs, key=lambda x: x.value):
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.oxigraph.quads_for_pattern(None, None, None, g)
        ]
        if only_name is not None:
            own = [
                t.object.value
                for t in triples
                if t.subject == o_node and t.predicate.value == _RDFS_LABEL
            ]
            if not own or name_key(own[0]) != name_key(only_name):
                continue
        keep_label = next(
            (
                t.object.value
                for t in triples
                if t.subject == n_node and t.predicate.value == _RDFS_LABEL
            ),
            None,
        )
        mapped = [
            ox.Triple(
                n_node if t.subject == o_node else t.subject,
                t.predicate,
                n_node if t.object == o_node else t.object,
            )
            for t in triples
        ]
        mapped = _merge_nodes(list(dict.fromkeys(mapped)), n_node, keep_label)
        ops.append(f"DROP SILENT GRAPH <{g.value}>")
        ops.append(f"INSERT DATA {{ GRAPH <{g.value}> {{\n{_graph_text(mapped)}}} }}")
    return ops


def _curation_op(verb: str, s: str, p: str, o: str) -> str:
    return f"{verb} DATA {{ GRAPH <{CURATION_GRAPH}> {{ <{s}> <{_OWL}{p}> <{o}> }} }}"


def _undo_ops(a: str, b: str, pred: str) -> list[str]:
    return [_curation_op("DELETE", a, pred, b), _curation_op("DELETE", b, pred, a)]


@dataclass(frozen=True)
class CurationResult:
    kind: str
    a: str
    b: str
    articles: int  # article graphs rewritten


def merge(store, a: str, b: str) -> CurationResult:
    """Record that entity ``a`` is entity ``b`` and rename ``a`` to ``b`` everywhere."""
    if a == b:
        raise CurationError(Errors.MERGE_SAME)
    ops = rename_entity_ops(store, a, b)
    ops += _undo_ops(a, b, "differentFrom")
    # earlier merges into a now lead to b
    for d in decisions(store):
        if d.kind == "merge" and d.b == a:
            ops.append(_curation_op("DELETE", d.a, "sameAs", a))
            ops.append(_curation_op("INSERT", d.a, "sameAs", b))
    ops += _undo_ops(b, a, "sameAs")
    ops.append(_curation_op("INSERT", a, "sameAs", b))
    store.oxigraph.update(" ;\n".join(ops))
    store.flush()
    return CurationResult("merge", a, b, sum(1 for op in ops if op.startswith("DROP")))


def split(store, name_a: str, name_b: str) -> CurationResult:
    """Keep the entities called ``name_a`` and ``name_b`` apart from now on.

    When the two names are one stored entity (a link or a merge made them one),
    the name whose own IRI is not that entity's moves out: every article graph
    that calls the entity by that name gets the name's own IRI again. When they
    are already two entities, only the decision is recorded.
    """
    from kg.profile import resolve_entity

    ea, eb = resolve_entity(store, name_a), resolve_entity(store, name_b)
    ops: list[str] = []
    moved = 0
    if ea != eb:
        keep, other = ea, eb
    else:
        ia, ib = entity_iri(name_a), entity_iri(name_b)
        if name_key(name_a) == name_key(name_b):
            raise CurationError(Errors.SPLIT_SAME.format(a=name_a, b=name_b))
        mover, mover_iri = (name_a, ia) if ib == ea else (name_b, ib)
        keep, other = ea, mover_iri
        ops = rename_entity_ops(store, ea, mover_iri, only_name=mover)
        moved = sum(1 for op in ops if op.startswith("DROP"))
        if not moved:
            raise CurationError(Errors.SPLIT_ALIAS_ONLY.format(name=mover))
    ops += _undo_ops(other, keep, "sameAs")
    ops.append(_curation_op("INSERT", other, "differentFrom", keep))
    store.oxigraph.update(" ;\n".join(ops))
    store.flush()
    return CurationResult("split", other, keep, moved)
