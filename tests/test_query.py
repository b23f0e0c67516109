"""kg query and kg.query: read-only SPARQL with the project prefixes, and its output formats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import Invoke, assert_no_crash, assert_one_line_error, nquad_lines
from rdflib import Graph, URIRef

from kg.query import QueryError, check_read_only, run_query, update_keyword
from kg.store import KGStore
from kg.vocab import ENT, RKG

KRASNER = str(ENT["larry-krasner"])
LABELS = "SELECT ?e ?name WHERE { ?e a rkg:Prosecutor ; rdfs:label ?name } ORDER BY ?name"


def _labels(corpus_store: Path) -> list[tuple[str, str]]:
    rows = KGStore.open(corpus_store, read_only=True).query(LABELS)
    return [(r["e"].value, r["name"].value) for r in rows]


def test_query_select_prints_a_table(corpus_store: Path, kg: Invoke):
    result = kg("query", "--store", corpus_store, LABELS)
    assert result.exit_code == 0, result.output
    expected = _labels(corpus_store)
    assert expected
    assert "name" in result.stdout
    for _, name in expected:
        assert name in result.stdout
    assert f"{len(expected)} row(s)" in result.stderr


def test_query_csv_header_is_the_variable_names(corpus_store: Path, kg: Invoke):
    result = kg("query", "--store", corpus_store, "--format", "csv", LABELS)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["e", "name"]
    assert [tuple(r) for r in rows[1:]] == _labels(corpus_store)


def test_query_tsv_has_one_line_per_solution(corpus_store: Path, kg: Invoke):
    result = kg("query", "--store", corpus_store, "--format", "tsv", LABELS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["?e", "?name"]
    expected = _labels(corpus_store)
    assert len(lines) == len(expected) + 1
    assert lines[1].split("\t")[0] == f"<{expected[0][0]}>"


def test_query_json_has_head_vars_and_bindings(corpus_store: Path, kg: Invoke):
    result = kg("query", "--store", corpus_store, "--format", "json", LABELS)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["e", "name"]
    got = [(b["e"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]]
    assert got == _labels(corpus_store)
    assert {b["e"]["type"] for b in data["results"]["bindings"]} == {"uri"}


@pytest.mark.parametrize(
    ("sparql", "answer"),
    [
        (f"ASK {{ <{KRASNER}> a rkg:Prosecutor }}", "true"),
        ("ASK { ent:nobody-at-all ?p ?o }", "false"),
    ],
)
def test_query_ask_prints_true_or_false(corpus_store: Path, kg: Invoke, sparql: str, answer: str):
    result = kg("query", "--store", corpus_store, sparql)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == answer


def test_query_construct_prints_turtle_that_parses(corpus_store: Path, kg: Invoke):
    result = kg(
        "query", "--store", corpus_store, "CONSTRUCT { ?s rkg:funds ?o } WHERE { ?s rkg:funds ?o }"
    )
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 0
    assert set(g.predicates()) == {URIRef(str(RKG.funds))}
    assert (
        URIRef("https://w3id.org/reform-kg/entity/justice-public-safety-pac"),
        URIRef(str(RKG.funds)),
        None,
    ) in g


def test_query_project_prefixes_need_no_declaration(corpus_store: Path, kg: Invoke):
    sparql = (
        "SELECT DISTINCT ?name WHERE { ent:larry-krasner rdfs:label ?name ; rkg:category ?c . "
        "?a dcterms:title ?t ; rkg:mentions ent:larry-krasner . FILTER(?c = 'Prosecutor') } "
        "ORDER BY ?name"
    )
    result = kg("query", "--store", corpus_store, "--format", "csv", sparql)
    assert result.exit_code == 0, result.output
    # the seed article calls him "Krasner" only: it was linked to him when he was named in full
    assert result.stdout.splitlines() == ["name", "Krasner", "Larry Krasner"]


@pytest.mark.parametrize(
    "prologue",
    [
        "PREFIX ex: <https://w3id.org/reform-kg/entity/>\n",
        # re-declaring a project prefix (as copied queries do) is fine too
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX ex: <https://w3id.org/reform-kg/entity/>\n",
    ],
    ids=["own prefix", "redeclared project prefix"],
)
def test_query_own_prefix_declaration_works(corpus_store: Path, kg: Invoke, prologue: str):
    sparql = (
        prologue
        + "SELECT DISTINCT ?name WHERE { ex:larry-krasner rdfs:label ?name } ORDER BY DESC(?name)"
    )
    result = kg("query", "--store", corpus_store, "--format", "csv", sparql)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "Larry Krasner", "Krasner"]


def test_query_from_file(corpus_store: Path, kg: Invoke, tmp_path: Path):
    q = tmp_path / "q.rq"
    q.write_text("# prosecutors\n" + LABELS + "\n", encoding="utf-8")
    result = kg("query", "--store", corpus_store, "--file", q, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(_labels(corpus_store)) + 1


def test_query_string_and_file_together_is_an_error(corpus_store: Path, kg: Invoke, tmp_path: Path):
    q = tmp_path / "q.rq"
    q.write_text(LABELS, encoding="utf-8")
    assert_one_line_error(kg("query", "--store", corpus_store, "--file", q, LABELS))


UPDATES = {
    "insert data": "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "delete where": "DELETE WHERE { ?s ?p ?o }",
    "drop all": "DROP ALL",
    "clear all": "CLEAR ALL",
    "load": "LOAD <http://example.org/x>",
    "lower case": "insert data { <http://example.org/a> <http://example.org/b> 1 }",
    "with": "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "prefix and comment": (
        "PREFIX ex: <http://example.org/>\n# add one triple\nINSERT DATA { ex:a ex:b ex:c }"
    ),
    "leading comment": "# wipe it\nDROP ALL",
    "prefix with trailing comment": (
        "PREFIX ex: <http://example.org/>  # Krasner's donors\nINSERT DATA { ex:a ex:b ex:c }"
    ),
}


@pytest.mark.parametrize("sparql", list(UPDATES.values()), ids=list(UPDATES))
def test_query_update_is_refused_as_read_only(store_copy: Path, kg: Invoke, sparql: str):
    before = nquad_lines(store_copy)
    line = assert_one_line_error(kg("query", "--store", store_copy, sparql))
    assert "read-only" in line
    assert nquad_lines(store_copy) == before


@pytest.mark.parametrize("sparql", list(UPDATES.values()), ids=list(UPDATES))
def test_query_update_keyword_recognises_updates(sparql: str):
    assert update_keyword(sparql) is not None
    with pytest.raises(QueryError, match="read-only"):
        check_read_only(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        "PREFIX ex: <http://example.org/>\nASK { ex:a ?p ?o }",
        "# DROP ALL is not run here\nCONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
        "DESCRIBE ent:larry-krasner",
        'SELECT ?s WHERE { ?s rdfs:label "INSERT DATA" }',
    ],
)
def test_query_update_keyword_lets_queries_through(sparql: str):
    assert update_keyword(sparql) is None


@pytest.mark.parametrize(
    ("sparql", "position"),
    [
        ("SELEC * WHERE { ?s ?p ?o }", "1:"),
        ("SELECT * WHERE {\n  ?s ?p ?o ", "2:"),
        ("SELECT ?x WHERE { ?x nope:thing ?y }", "1:"),
    ],
    ids=["typo", "unclosed", "unknown prefix"],
)
def test_query_malformed_sparql_names_the_position(
    corpus_store: Path, kg: Invoke, sparql: str, position: str
):
    line = assert_one_line_error(kg("query", "--store", corpus_store, sparql))
    assert line.startswith("error: malformed SPARQL: ")
    assert re.search(r"\b\d+:\d+\b", line), line
    assert position in line


def test_query_empty_query_is_an_error(corpus_store: Path, kg: Invoke):
    assert_one_line_error(kg("query", "--store", corpus_store, "   "), "no query")


def test_query_missing_store_is_one_line_error(tmp_path: Path, kg: Invoke):
    missing = tmp_path / "no-store-here"
    line = assert_one_line_error(kg("query", "--store", missing, "ASK { ?s ?p ?o }"), str(missing))
    assert line.startswith(f"error: no store at {missing}")
    assert not missing.exists()


def test_query_run_query_result_kinds(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    sel = run_query(store, LABELS)
    assert sel.kind == "select" and sel.variables == ["e", "name"]
    assert ("ent:larry-krasner", "Larry Krasner") in [tuple(r) for r in sel.table_rows()]
    ask = run_query(store, f"ASK {{ <{KRASNER}> ?p ?o }}")
    assert ask.kind == "ask" and ask.boolean is True
    graph = run_query(store, "CONSTRUCT { ?s rkg:funds ?o } WHERE { ?s rkg:funds ?o }")
    assert graph.kind == "graph" and graph.triples


def test_query_default_graph_is_union_of_articles(corpus_store: Path, kg: Invoke):
    """Without GRAPH, a query sees every article; GRAPH ?g reaches one article."""
    result = kg(
        "query",
        "--store",
        corpus_store,
        "--format",
        "csv",
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g rkg:mentions ent:larry-krasner } }",
    )
    assert_no_crash(result)
    assert result.exit_code == 0
    n = int(result.stdout.splitlines()[1])
    assert n >= 2  # Krasner is named in more than one corpus article
