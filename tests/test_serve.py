"""kg serve: a real uvicorn server on 127.0.0.1, asked by SPARQL clients and a browser.

The endpoint's answers are compared with what ``kg query`` prints for the same store;
the pages are read as HTML (and, when Chromium and Playwright are installed, in a
headless browser with every request that leaves 127.0.0.1 recorded).
"""

from __future__ import annotations

import gc
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError

import httpx
import pyoxigraph as ox
import pytest
from conftest import assert_one_line_error

from kg.serve import create_app, highlight, negotiate

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

CHROMIUM = Path("/usr/bin/chromium")
XSS = "<script>window.__xss=1</script>"
ESCAPED_XSS = "&lt;script&gt;window.__xss=1&lt;/script&gt;"

FUNDS = """SELECT ?donor ?recipient ?amount ?evidence WHERE {
  ?x a rkg:Assertion ; rdf:predicate rkg:funds ; rdf:subject ?d ; rdf:object ?r ;
     rkg:evidenceText ?evidence ; rkg:article ?a .
  ?d rdfs:label ?donor . ?r rdfs:label ?recipient .
  OPTIONAL { ?x rkg:amount ?amount }
} ORDER BY ?donor ?recipient ?evidence ?amount"""
ENTITIES = """SELECT ?e ?label ?cat (COUNT(?a) AS ?n) WHERE {
  ?a rkg:mentions ?e . ?e rdfs:label ?label ; rkg:category ?cat
} GROUP BY ?e ?label ?cat ORDER BY ?e ?label ?cat"""
CONSTRUCT = """CONSTRUCT { ?s rkg:prosecutorOf ?o . ?s rdfs:label ?l }
WHERE { ?s rkg:prosecutorOf ?o . ?s rdfs:label ?l }"""
INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"


# --------------------------------------------------------------------------- plumbing
@contextmanager
def running(store: Path, **kwargs) -> Iterator[str]:
    """A real uvicorn server for ``create_app(store, **kwargs)`` on a free port of 127.0.0.1."""
    import uvicorn

    app = create_app(store, **kwargs)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def server(corpus_store: Path) -> Iterator[str]:
    with running(corpus_store, timeout=20, max_rows=100_000) as url:
        yield url


def wrapper(
    url: str, query: str, fmt: str | None = None, method: str = "GET", conneg: bool = False
):
    """A SPARQLWrapper client; ``conneg`` sends only Accept (no format=/output= parameters)."""
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setOnlyConneg(conneg)
    if fmt:
        sw.setReturnFormat(fmt)
    if method == "POST":
        sw.setMethod(POST)
    return sw


def solutions(body: bytes | str, fmt) -> list[tuple]:
    data = body.encode() if isinstance(body, str) else body
    res = ox.parse_query_results(data, format=fmt)
    return [tuple(sol[v] for v in res.variables) for sol in res]


def triples(body: bytes | str, fmt) -> set:
    data = body.encode() if isinstance(body, str) else body
    return set(ox.parse(data, format=fmt))


def kg_query(kg, store: Path, query: str, fmt: str) -> str:
    result = kg("query", query, "--store", store, "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CSV's CRLF into LF


# --------------------------------------------------------------------------- the endpoint
@pytest.mark.parametrize("query", [FUNDS, ENTITIES], ids=["funds", "entities"])
def test_serve_sparqlwrapper_results_equal_kg_query(server, corpus_store, kg, query):
    """JSON, CSV and TSV are byte for byte what kg query prints; XML holds the same solutions."""
    from SPARQLWrapper import CSV, JSON, TSV, XML

    for fmt, name in ((JSON, "json"), (CSV, "csv"), (TSV, "tsv")):
        expected = kg_query(kg, corpus_store, query, name)
        for conneg in (False, True):
            res = wrapper(server, query, fmt, conneg=conneg).query()
            body = res.response.read().decode("utf-8")
            assert body == expected, (name, conneg)
    expected = solutions(kg_query(kg, corpus_store, query, "json"), ox.QueryResultsFormat.JSON)
    assert len(expected) > 3
    converted = wrapper(server, query, JSON).query().convert()
    assert len(converted["results"]["bindings"]) == len(expected)
    xml = wrapper(server, query, XML, conneg=True).query()
    assert xml.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert solutions(xml.response.read(), ox.QueryResultsFormat.XML) == expected
    doc = wrapper(server, query, XML).query().convert()  # SPARQLWrapper parses it too
    assert len(doc.getElementsByTagName("result")) == len(expected)


def test_serve_construct_turtle_and_ntriples_equal_kg_query(server, corpus_store, kg):
    from SPARQLWrapper import TURTLE

    expected = kg_query(kg, corpus_store, CONSTRUCT, "table")  # a graph prints as Turtle
    res = wrapper(server, CONSTRUCT, TURTLE).query()
    assert res.response.headers["Content-Type"].startswith("text/turtle")
    body = res.response.read().decode("utf-8")
    assert body == expected
    graph = triples(body, ox.RdfFormat.TURTLE)
    assert len(graph) > 5
    sw = wrapper(server, CONSTRUCT, conneg=True)
    sw.addCustomHttpHeader("Accept", "application/n-triples")
    res = sw.query()
    assert res.response.headers["Content-Type"].startswith("application/n-triples")
    nt = res.response.read().decode("utf-8")
    assert nt == kg_query(kg, corpus_store, CONSTRUCT, "csv")  # N-Triples, one a line
    assert triples(nt, ox.RdfFormat.N_TRIPLES) == graph
    # no Accept at all: Turtle for a graph, JSON for solutions
    assert httpx.get(server + "/sparql", params={"query": CONSTRUCT}).text == expected
    r = httpx.get(server + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert r.json() == {"head": {}, "boolean": True}


def test_serve_get_and_post_agree(server):
    q = {"query": FUNDS}
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(server + "/sparql", params=q, headers=accept)
    by_form = httpx.post(server + "/sparql", data=q, headers=accept)
    by_body = httpx.post(
        server + "/sparql",
        content=FUNDS.encode(),
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.json() == by_form.json() == by_body.json()
    assert by_get.json()["results"]["bindings"]
    from SPARQLWrapper import JSON

    assert wrapper(server, FUNDS, JSON, method="POST").query().convert() == by_get.json()


def test_serve_accept_negotiation_and_406(server):
    q = {"query": "SELECT ?s WHERE { ?s a rkg:Article } LIMIT 2"}
    r = httpx.get(server + "/sparql", params=q, headers={"Accept": "text/csv;q=0.5, text/xml"})
    assert r.headers["content-type"] == "application/sparql-results+xml"
    r = httpx.get(server + "/sparql", params=q, headers={"Accept": "text/html, */*;q=0.8"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    r = httpx.get(server + "/sparql", params={**q, "format": "tsv"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = httpx.get(server + "/sparql", params=q, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert len(r.text.splitlines()) == 1 and "application/sparql-results+json" in r.text
    assert negotiate("graph", "application/rdf+xml") == "rdfxml"
    assert negotiate("graph", "text/*") == "turtle"
    assert negotiate("select", "application/*") == "json"


def test_serve_update_refused_403_both_ways(server, corpus_store):
    from SPARQLWrapper import POSTDIRECTLY, URLENCODED

    before = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    for request_method in (URLENCODED, POSTDIRECTLY):  # update= in a form, sparql-update body
        sw = wrapper(server, INSERT, method="POST")
        sw.setRequestMethod(request_method)
        with pytest.raises(HTTPError) as info:
            sw.query()
        assert info.value.code == 403
        message = info.value.read().decode()
        assert len(message.splitlines()) == 1 and "read-only" in message
    # an update sent as a query, by GET and by POST, and update= by GET
    for r in (
        httpx.get(server + "/sparql", params={"query": INSERT}),
        httpx.post(
            server + "/sparql", data={"query": "PREFIX x: <http://x/> DELETE WHERE {?s ?p ?o}"}
        ),
        httpx.post(
            server + "/sparql",
            content=INSERT,
            headers={"Content-Type": "application/sparql-query"},
        ),
        httpx.get(server + "/sparql", params={"update": INSERT}),
        httpx.post(server + "/sparql", data={"update": "DROP ALL"}),
    ):
        assert r.status_code == 403, r.text
        assert r.text.count("\n") == 1 and "SPARQL Update" in r.text
    r = httpx.get(
        server + "/sparql",
        params={"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"},
    )
    assert r.status_code == 403 and "SERVICE" in r.text
    after = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert before.json() == after.json()


def test_serve_malformed_query_400(server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?s WHERE { ?s ?p }").query()
    for r in (
        httpx.get(server + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}),
        httpx.get(server + "/sparql", params={"query": "SELECT * { ?s nope:x ?o }"}),
        httpx.get(server + "/sparql"),
        httpx.get(server + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]),
        httpx.get(
            server + "/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}
        ),
    ):
        assert r.status_code == 400, r.text
        assert r.text.count("\n") == 1, r.text
    r = httpx.get(server + "/sparql", params={"query": "SELECT * { ?s nope:x ?o }"})
    assert r.text.startswith("malformed SPARQL") and "unknown prefix nope:" in r.text
    r = httpx.post(server + "/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_serve_dataset_parameters(server, corpus_store, kg):
    """default-graph-uri and named-graph-uri choose the dataset, as the protocol says."""
    from conftest import SEED_IRI

    q = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a rkg:Assertion }"
    everything = httpx.get(server + "/sparql", params={"query": q}).json()
    one = httpx.get(server + "/sparql", params={"query": q, "default-graph-uri": SEED_IRI}).json()
    n_all = int(everything["results"]["bindings"][0]["n"]["value"])
    n_one = int(one["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_one < n_all
    g = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = httpx.get(server + "/sparql", params={"query": g, "named-graph-uri": SEED_IRI}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [SEED_IRI]


def test_serve_is_a_store_for_the_kg_commands(server, corpus_store, kg, tmp_path):
    """kg's own SPARQL client (--store http://…) gets the same answers from kg serve as from
    the store on disk; writing through it is refused with the endpoint's one line."""
    for args in (
        ("query", "prosecutors", "--format", "csv"),
        ("query", "funders-of", "--param", "entity=Larry Krasner", "--format", "json"),
        ("show", "Larry Krasner", "--json"),
        ("entities", "--format", "csv"),
    ):
        remote = kg(*args, "--store", server)
        local = kg(*args, "--store", corpus_store)
        assert remote.exit_code == 0 and local.exit_code == 0, remote.output + local.output
        assert remote.stdout == local.stdout, args
    text = tmp_path / "a.txt"
    text.write_text("Larry Krasner, the Philadelphia district attorney, won.\n", encoding="utf-8")
    assert_one_line_error(kg("add", text, "--store", server), "403", "read-only")


def test_serve_truncates_beyond_max_rows(corpus_store):
    with running(corpus_store, max_rows=3) as url:
        r = httpx.get(url + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o }"})
        assert r.status_code == 200
        assert r.headers["x-kg-truncated"] == "true" and r.headers["x-kg-max-rows"] == "3"
        assert len(r.json()["results"]["bindings"]) == 3
        r = httpx.get(url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert r.headers["x-kg-truncated"] == "true"
        assert len(triples(r.text, ox.RdfFormat.TURTLE)) == 3
        r = httpx.get(
            url + "/sparql", params={"query": "SELECT ?s WHERE { ?s a rkg:Article } LIMIT 3"}
        )
        assert "x-kg-truncated" not in r.headers


def test_serve_timeout_is_503(corpus_store):
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running(corpus_store, timeout=0.3, max_rows=10**9) as url:
        started = time.monotonic()
        r = httpx.get(url + "/sparql", params={"query": slow}, timeout=30)
        assert r.status_code == 503
        assert time.monotonic() - started < 10
        assert "longer than 0.3 s" in r.text and r.text.count("\n") == 1
        # the server still answers
        assert httpx.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200


def test_serve_sees_articles_added_while_it_runs(store_copy, kg, tmp_path):
    """The store is open read-only: kg add writes beside it, and the next request sees it."""
    count = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a rkg:Article }"
    with running(store_copy) as url:
        n = lambda: int(  # noqa: E731
            httpx.get(url + "/sparql", params={"query": count}).json()["results"]["bindings"][0][
                "n"
            ]["value"]
        )
        before = n()
        assert httpx.get(url + "/article/new").status_code == 404
        assert httpx.get(url + "/map").status_code == 200  # built, and kept for this version
        text = tmp_path / "new.txt"
        text.write_text(
            "Philadelphia District Attorney Larry Krasner won the primary, said Jane Roe.\n",
            encoding="utf-8",
        )
        result = kg("add", text, "--store", store_copy)
        assert result.exit_code == 0, result.output
        assert n() == before + 1
        page = httpx.get(url + "/article/new")
        assert page.status_code == 200 and "Jane Roe" in page.text


def test_serve_rebuilds_what_it_keeps_when_the_store_changes(store_copy, kg, tmp_path):
    from kg.serve import _StoreHolder

    holder = _StoreHolder(str(store_copy))
    first = holder.graph()
    assert holder.graph() is first  # kept while the store is unchanged
    text = tmp_path / "other.txt"
    text.write_text("Larry Krasner, the Philadelphia district attorney, won.\n", encoding="utf-8")
    assert kg("add", text, "--store", store_copy).exit_code == 0
    second = holder.graph()
    assert second is not first
    assert len(second.graph["articles"]) == len(first.graph["articles"]) + 1
    assert holder.graph() is second


def test_serve_cli_errors_are_one_line(kg, corpus_store, tmp_path):
    result = kg("serve", "--store", tmp_path / "nothing")
    assert_one_line_error(result, "no store at")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = kg("serve", "--store", corpus_store, "--port", str(port))
        assert_one_line_error(result, f"cannot listen on 127.0.0.1:{port}")
    result = kg("serve", "--help")
    assert result.exit_code == 0 and "--max-rows" in result.stdout and "127.0.0.1" in result.stdout


def test_serve_allowed_hosts_guard_against_rebinding(corpus_store):
    with running(corpus_store, allowed_hosts=["127.0.0.1", "localhost"]) as url:
        assert httpx.get(url + "/").status_code == 200
        assert httpx.get(url + "/", headers={"Host": "evil.example"}).status_code == 400


# --------------------------------------------------------------------------- pages
def _csp(r: httpx.Response) -> str:
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    return csp


def test_serve_query_page(server):
    r = httpx.get(server + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = _csp(r)
    assert "script-src" not in csp  # the pages run no script at all
    from markupsafe import escape

    from kg.serve import EXAMPLE_QUERY

    assert "<textarea" in r.text and str(escape(EXAMPLE_QUERY)) in r.text
    assert 'href="/query/funders-of"' in r.text
    r = httpx.post(server + "/", data={"query": EXAMPLE_QUERY})  # the example runs
    assert r.status_code == 200 and "<td>Larry Krasner</td>" in r.text
    r = httpx.post(server + "/", data={"query": FUNDS})
    assert r.status_code == 200 and "<table>" in r.text and "<td>" in r.text
    r = httpx.post(server + "/", data={"query": "SELECT ?e WHERE { ?e rkg:prosecutorOf ?p }"})
    assert 'href="/entity/larry-krasner"' in r.text
    r = httpx.post(server + "/", data={"query": INSERT})
    assert r.status_code == 403 and 'class="error"' in r.text and "read-only" in r.text
    r = httpx.post(server + "/", data={"query": "SELECT * { ?s rkg:fundz ?o }"})
    assert "rkg:fundz is not a term" in r.text
    # a person who opens /sparql in a browser gets the query page
    r = httpx.get(server + "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_serve_named_query_page(server):
    r = httpx.get(server + "/query/funders-of")
    assert r.status_code == 200 and 'name="entity"' in r.text and "<table>" not in r.text
    r = httpx.get(server + "/query/funders-of", params={"entity": "Larry Krasner"})
    assert r.status_code == 200 and "<table>" in r.text and "<td>" in r.text
    r = httpx.get(server + "/query/funders-of", params={"entity": "Nobody Atall"})
    assert r.status_code == 400 and "no stored entity is called" in r.text
    r = httpx.get(server + "/query/most-connected")
    assert r.status_code == 200 and "<td>" in r.text
    assert httpx.get(server + "/query/no-such-query").status_code == 404


def test_serve_entity_page_lists_relations_with_evidence(server, corpus_store):
    from kg.profile import profile
    from kg.store import KGStore

    p = profile(KGStore.open(corpus_store, read_only=True), "Larry Krasner")
    fact = next(f for f in p.facts if f.predicate == "prosecutorOf")
    r = httpx.get(server + "/entity/larry-krasner")
    assert r.status_code == 200
    _csp(r)
    html = r.text
    assert "<title>Larry Krasner · reform-kg</title>" in html
    assert "<h1>Larry Krasner</h1>" in html
    assert "<strong>prosecutorOf</strong>" in html and fact.other in html
    from markupsafe import escape

    ev = fact.evidence[0]
    assert str(escape(ev["text"])) in html
    assert str(escape(ev["title"])) in html
    assert 'src="/entity/larry-krasner/map"' in html
    art = ev["article_iri"].rsplit("/", 1)[-1]
    assert f'href="/article/{art}#ev-{ev["start"]}"' in html
    m = httpx.get(server + "/entity/larry-krasner/map")
    assert m.status_code == 200 and "Larry Krasner" in m.text and "vis-network" in m.text
    assert "frame-ancestors 'self'" in _csp(m)


def test_serve_article_page_highlights_evidence(server, corpus_store):
    from conftest import SEED_IRI
    from markupsafe import escape

    from kg.store import KGStore

    store = KGStore.open(corpus_store, read_only=True)
    [row] = store.query(f"SELECT ?t WHERE {{ GRAPH <{SEED_IRI}> {{ <{SEED_IRI}> rkg:text ?t }} }}")
    text = row["t"].value
    spans = [
        (int(r["s"].value), int(r["e"].value), r["ev"].value)
        for r in store.query(
            f"SELECT ?s ?e ?ev WHERE {{ GRAPH <{SEED_IRI}> {{ ?x a rkg:Assertion ; "
            "rkg:evidenceStart ?s ; rkg:evidenceEnd ?e ; rkg:evidenceText ?ev } }"
        )
    ]
    assert spans
    r = httpx.get(server + "/article/" + SEED_IRI.rsplit("/", 1)[-1])
    assert r.status_code == 200
    _csp(r)
    marks = re.findall(r"<mark [^>]*>(.*?)</mark>", r.text, re.S)
    assert marks
    plain = [re.sub(r"<span [^>]*></span>", "", m) for m in marks]
    for start, end, evidence in spans:
        assert text[start:end] == evidence
        assert any(str(escape(evidence)) in m for m in plain), evidence
    assert f'id="ev-{min(s for s, _, _ in spans)}"' in r.text
    assert "<strong>prosecutorOf</strong>" in r.text
    # the whole text is there, escaped, around the marks
    body = re.search(r'<div class="article-text">(.*?)</div>', r.text, re.S).group(1)
    body = re.sub(r"</?mark[^>]*>|<span [^>]*></span>", "", body)
    assert body == str(escape(text))
    # also by the article's id
    from conftest import SEED_ID

    assert httpx.get(server + "/article/" + SEED_ID).status_code == 200


def test_serve_unknown_entity_article_page_404(server):
    for path, needle in (
        ("/entity/no-such-person", "no entity &#39;no-such-person&#39;"),
        ("/entity/no-such-person/map", "no entity"),
        ("/article/0000000000000000", "no stored article"),
        ("/nowhere", "no page at /nowhere"),
    ):
        r = httpx.get(server + path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html")
        assert needle in r.text and "<h1>Not found</h1>" in r.text


def test_serve_full_map(server):
    r = httpx.get(server + "/map")
    assert r.status_code == 200 and "vis-network" in r.text and "Larry Krasner" in r.text
    assert "http://" not in re.sub(
        r"https?://www\.w3\.org/[^\"' ]*", "", r.text.split("<body", 1)[0]
    )


def test_serve_highlight_segments():
    segs = highlight("abcdef", [(1, 3, 1), (2, 4, 2), (5, 9, 3), (7, 8, 4)])
    assert [(s["text"], s["facts"]) for s in segs] == [
        ("a", []),
        ("bcd", [1, 2]),
        ("e", []),
        ("f", [3]),
    ]


# --------------------------------------------------------------------------- hostile names
@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, kg) -> Path:
    """kg add a small text (its title and sentences carry markup), then give its entities
    hostile names, as an endpoint or a future extractor could."""
    from kg.store import KGStore

    root = tmp_path_factory.mktemp("hostile")
    text = root / "hostile.txt"
    text.write_text(
        f"---\ntitle: Krasner {XSS} wins\ndate: 2024-05-01\n---\n"
        f"Philadelphia District Attorney Larry Krasner won {XSS} the primary.\n",
        encoding="utf-8",
    )
    store = root / "store"
    result = kg("add", text, "--store", store)
    assert result.exit_code == 0, result.output
    s = KGStore.open(store)
    s.oxigraph.update(
        """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE { GRAPH ?g { ?e rdfs:label ?l } } INSERT { GRAPH ?g { ?e rdfs:label ?n } }
        WHERE { GRAPH ?g { ?e rdfs:label ?l } BIND(CONCAT(?l, " """
        + XSS.replace('"', '\\"')
        + """") AS ?n) }"""
    )
    s.flush()
    del s
    gc.collect()
    return store


@pytest.fixture(scope="module")
def hostile_server(hostile_store) -> Iterator[str]:
    with running(hostile_store) as url:
        yield url


def test_serve_escapes_hostile_names(hostile_server):
    pages = {
        "/entity/larry-krasner": None,
        "/query/facts-of-article?article=hostile": None,
    }
    r = httpx.post(hostile_server + "/", data={"query": "SELECT ?l WHERE { ?e rdfs:label ?l }"})
    pages["/ (query)"] = r
    for path in list(pages):
        if pages[path] is None:
            pages[path] = httpx.get(hostile_server + path)
    arts = httpx.get(
        hostile_server + "/sparql", params={"query": "SELECT ?a WHERE { ?a a rkg:Article }"}
    ).json()["results"]["bindings"]
    pages["/article"] = httpx.get(
        hostile_server + "/article/" + arts[0]["a"]["value"].rsplit("/", 1)[-1]
    )
    for path, r in pages.items():
        assert r.status_code == 200, (path, r.text)
        assert XSS not in r.text, path
        assert ESCAPED_XSS in r.text, path
        assert "<script" not in r.text, path
    assert f"<h1>Larry Krasner {ESCAPED_XSS}</h1>" in pages["/entity/larry-krasner"].text
    # the map drawn from the same names keeps them inert (kg.viz escapes for scripts)
    m = httpx.get(hostile_server + "/entity/larry-krasner/map").text
    assert XSS not in m


# --------------------------------------------------------------------------- a browser
@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def _open(chromium, url: str):
    """A page at ``url``; every request is recorded, any that leaves 127.0.0.1 aborted."""
    page = chromium.new_page()
    seen: list[str] = []
    errors: list[str] = []

    def route(r):
        seen.append(r.request.url)
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, seen, errors


def test_serve_browser_entity_page_stays_local(chromium, server):
    page, seen, errors = _open(chromium, server + "/entity/larry-krasner")
    try:
        assert page.title() == "Larry Krasner · reform-kg"
        assert page.inner_text("h1") == "Larry Krasner"
        assert page.locator("blockquote").count() > 0
        frame = page.frame_locator("iframe")
        frame.locator("body[data-kg-ready=true]").wait_for(state="attached", timeout=30_000)
        assert seen and all(u.startswith(server + "/") for u in seen), seen
        assert any(u.endswith("/entity/larry-krasner/map") for u in seen)
        assert errors == []
    finally:
        page.close()


def test_serve_browser_hostile_names_do_not_run(chromium, hostile_server):
    page, seen, errors = _open(chromium, hostile_server + "/entity/larry-krasner")
    try:
        assert page.inner_text("h1") == f"Larry Krasner {XSS}"
        assert page.evaluate("typeof window.__xss") == "undefined"
        frame = page.frame_locator("iframe")
        frame.locator("body[data-kg-ready=true]").wait_for(state="attached", timeout=30_000)
        assert page.frames[1].evaluate("typeof window.__xss") == "undefined"
        assert all(u.startswith(hostile_server + "/") for u in seen), seen
        assert errors == []
    finally:
        page.close()


def test_serve_json_error_free_on_empty_result(server):
    q = "SELECT ?s WHERE { ?s a rkg:NoSuchClass }"
    r = httpx.get(server + "/sparql", params={"query": q})
    assert json.loads(r.text) == {"head": {"vars": ["s"]}, "results": {"bindings": []}}
