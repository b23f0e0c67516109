"""kg.graph: the stored graph as networkx, with the evidence behind every edge."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import SEED, SEED_ID, SEED_IRI, Invoke

from kg.graph import around, find_node, store_to_networkx
from kg.store import KGStore
from kg.vocab import ENT

PAC = str(ENT["justice-public-safety-pac"])
SOROS = str(ENT["george-soros"])


@pytest.fixture(scope="module")
def G(corpus_store: Path) -> nx.MultiDiGraph:
    return store_to_networkx(KGStore.open(corpus_store, read_only=True))


def _krasner_funded_by_pac(G: nx.MultiDiGraph) -> tuple[str, dict]:
    hits = [
        (o, data)
        for _, o, key, data in G.out_edges(PAC, keys=True, data=True)
        if key == "funds" and G.nodes[o]["label"].endswith("Krasner")
    ]
    assert len(hits) == 1, [(o, d["predicate"]) for o, d in G[PAC].items()]
    return hits[0]


def test_graph_nodes_carry_label_category_aliases(G: nx.MultiDiGraph):
    assert G.number_of_nodes() > 0
    for node, data in G.nodes(data=True):
        assert node.startswith(str(ENT))
        assert data["label"]
        assert data["category"] in {"Prosecutor", "Person", "PAC", "Organization", "Place"}
        assert isinstance(data["aliases"], list)
        assert data["articles"] >= 1
    assert G.nodes[PAC]["category"] == "PAC"
    assert G.nodes[SOROS]["label"] == "George Soros"


def test_graph_edges_carry_predicate_and_evidence(G: nx.MultiDiGraph, corpus_store: Path):
    arts = {a.iri: a for a in KGStore.open(corpus_store, read_only=True).articles()}
    assert G.number_of_edges() > 0
    for s, o, key, data in G.edges(keys=True, data=True):
        assert data["predicate"] == key
        assert data["evidence"], (s, key, o)
        for ev in data["evidence"]:
            assert ev["text"].strip()
            assert ev["article_iri"] in arts  # the article's IRI, which is its named graph
            assert ev["article"] == arts[ev["article_iri"]].id  # and its readable id
            assert ev["title"] == arts[ev["article_iri"]].title
            assert 0.0 <= ev["confidence"] <= 1.0


def test_graph_evidence_keeps_same_named_articles_apart(tmp_path: Path, kg: Invoke):
    text = "Philadelphia District Attorney Larry Krasner won a second term on Tuesday.\n"
    for d, extra in (("a", ""), ("b", "He thanked his supporters.\n")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(text + extra, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("add", tmp_path / "a", tmp_path / "b", "--store", store).exit_code == 0
    G = store_to_networkx(KGStore.open(store, read_only=True))
    [(_, _, data)] = G.edges(data=True)
    assert [ev["article"] for ev in data["evidence"]] == ["story", "story"]
    assert len({ev["article_iri"] for ev in data["evidence"]}) == 2


def test_graph_pac_funds_krasner_with_amount_from_seed(G: nx.MultiDiGraph):
    _, data = _krasner_funded_by_pac(G)
    assert data["predicate"] == "funds"
    assert data["amount"] == pytest.approx(1_700_000)
    seed_title = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text(encoding="utf-8"))[
        "title"
    ]
    seed_text = SEED.read_text(encoding="utf-8")
    from_seed = [ev for ev in data["evidence"] if ev["article_iri"] == SEED_IRI]
    assert from_seed, data["evidence"]
    ev = from_seed[0]
    assert ev["article"] == SEED_ID
    assert ev["title"] == seed_title
    assert ev["date"] == "2021-05-03"
    assert ev["amount"] == pytest.approx(1_700_000)
    assert "$1.7 million" in ev["text"]
    assert ev["text"] in seed_text  # the sentence exactly as the article has it


def test_graph_soros_funds_the_pac(G: nx.MultiDiGraph):
    assert G.has_edge(SOROS, PAC, key="funds")


def test_graph_find_node_by_label_alias_or_slug(G: nx.MultiDiGraph):
    assert find_node(G, "George Soros") == SOROS
    assert find_node(G, "  george soros ") == SOROS
    assert find_node(G, "george-soros") == SOROS
    assert find_node(G, SOROS) == SOROS
    assert find_node(G, "Nobody In Particular") is None


def test_graph_around_depth_one_is_the_neighbourhood(G: nx.MultiDiGraph):
    sub = around(G, PAC, 1)
    expected = {PAC} | set(G.successors(PAC)) | set(G.predecessors(PAC))
    assert set(sub.nodes) == expected
    assert sub.number_of_nodes() < G.number_of_nodes()
    # edges among kept nodes keep their data
    krasner, _ = _krasner_funded_by_pac(G)
    assert sub.edges[PAC, krasner, "funds"]["amount"] == pytest.approx(1_700_000)


def test_graph_around_depth_zero_is_the_node_alone(G: nx.MultiDiGraph):
    assert list(around(G, PAC, 0).nodes) == [PAC]


def test_graph_empty_store_gives_empty_graph():
    G = store_to_networkx(KGStore.memory())
    assert G.number_of_nodes() == 0 and G.number_of_edges() == 0


def test_graph_as_of_keeps_only_what_was_reported_by_then(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    full = store_to_networkx(store)
    early = store_to_networkx(store, as_of="2018-12-31")
    dates = {a["date"] for a in early.graph["articles"].values()}
    assert dates and max(dates) <= "2018-12-31"
    assert 0 < len(early.graph["articles"]) < len(full.graph["articles"])
    assert 0 < early.number_of_nodes() < full.number_of_nodes()
    for _, _, data in early.edges(data=True):
        assert all(ev["date"] <= "2018-12-31" for ev in data["evidence"])
    # Gascón's 2024 defeat is in the full graph, not in the one as of 2018
    hochman = find_node(full, "Nathan Hochman")
    assert hochman is not None and find_node(early, "Nathan Hochman") is None


def test_graph_viz_as_of_draws_fewer_entities(corpus_store: Path, kg, tmp_path: Path):
    full = kg("viz", "--store", corpus_store, "--out", tmp_path / "a.html")
    early = kg(
        "viz", "--store", corpus_store, "--as-of", "2018-12-31", "--out", tmp_path / "b.html"
    )
    assert full.exit_code == 0 and early.exit_code == 0, early.output
    n = [int(r.stdout.split("(")[1].split()[0]) for r in (full, early)]
    assert 0 < n[1] < n[0]
    bad = kg("viz", "--store", corpus_store, "--as-of", "last year", "--out", tmp_path / "c.html")
    assert bad.exit_code != 0 and "expected a date" in bad.stderr
