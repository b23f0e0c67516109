"""kg.rdf: the article graph built two ways (rdflib for the library, pyoxigraph for kg add)."""

from __future__ import annotations

import pytest
from conftest import CORPUS
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.articles import read_article
from kg.model import Article, Entity, Evidence, Extraction, Mention, Relation
from kg.rdf import extraction_to_graph, extraction_to_triples


def _small() -> Extraction:
    text = 'Soros gave $1.45 million to the "Philadelphia" PAC.\nIt backed Krasner — 100%.'
    art = Article(id="a", text=text, sha256="ab" * 32, title="T", date="2021-05-03",
                  date_source="metadata", url="https://example.org/a?x=1&y=<2>")  # fmt: skip
    ents = [
        Entity("George Soros", "Person", ["Person"], ["Soros"], [Mention("Soros", 0, 5)]),
        Entity('The "Philadelphia" PAC', "PAC", ["PAC", "Organization"], [], []),
        Entity("Larry Krasner", "Prosecutor", ["Prosecutor", "Person"], ["Krasner"], []),
    ]
    rels = [
        Relation("George Soros", "funds", 'The "Philadelphia" PAC', 0.98765,
                 Evidence(text[:51], 0, 51), amount=1_450_000.0),
        Relation('The "Philadelphia" PAC', "supports", "Larry Krasner", 0.5,
                 Evidence(text[52:], 52, len(text))),
    ]  # fmt: skip
    return Extraction(art, ents, rels)


def _fast(ex: Extraction, iris=None) -> Graph:
    return Graph().parse(data=extraction_to_triples(ex, iris).serialize("nt"), format="nt")


def test_rdf_fast_path_is_isomorphic_to_the_rdflib_graph():
    ex = _small()
    assert isomorphic(_fast(ex), extraction_to_graph(ex))
    linked = {"Larry Krasner": "https://w3id.org/reform-kg/entity/krasner"}
    assert isomorphic(_fast(ex, linked), extraction_to_graph(ex, linked))


@pytest.mark.parametrize("name", ["000_f2868a0e3aa09fad.txt", "117_foxx_obrien_qa_2020.txt"])
def test_rdf_fast_path_matches_on_corpus_articles(name: str):
    from kg.extract import extract

    ex = extract(read_article(CORPUS / name))
    fast, slow = _fast(ex), extraction_to_graph(ex)
    assert len(fast) == len(slow) > 100
    assert isomorphic(fast, slow)


def test_rdf_amounts_and_confidences_are_canonical_decimals():
    text = extraction_to_triples(_small()).serialize()
    assert '"1450000"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert '"0.9877"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert "E+" not in text
