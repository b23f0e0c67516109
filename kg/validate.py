"""SHACL validation of every stored article graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from kg.store import KGStore
from kg.vocab import ontology_path

__all__ = ["Violation", "validate_store"]


@dataclass
class Violation:
    article: str
    focus: str
    path: str
    message: str


def validate_store(store: KGStore) -> tuple[int, list[Violation]]:
    """Validate each article graph on its own; return (graphs checked, violations)."""
    import pyoxigraph as ox
    import pyshacl
    from rdflib import Graph

    shapes = Graph().parse(ontology_path("shapes.ttl"))
    ont = Graph().parse(ontology_path("reform.ttl"))
    violations: list[Violation] = []
    arts = store.articles()
    for art in arts:
        quads = store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(art.iri))
        data = Graph().parse(
            data=ox.serialize(
                [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                format=ox.RdfFormat.N_TRIPLES,
            ).decode(),
            format="nt",
        )
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ont, inference="none"
        )
        if conforms:
            continue
        q = """PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?msg WHERE { ?r a sh:ValidationResult ; sh:focusNode ?focus .
          OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:resultMessage ?msg } }"""
        for row in report.query(q):
            violations.append(
                Violation(art.id, str(row.focus), str(row.path or ""), str(row.msg or ""))
            )
    return len(arts), violations
