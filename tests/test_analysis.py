"""Network analysis and views: centrality, communities, paths, filtered maps, GraphML/GEXF."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import Invoke, assert_one_line_error

from kg.graph import centrality, communities, connections, filter_graph, store_to_networkx
from kg.store import KGStore


@pytest.fixture(scope="module")
def G(corpus_store: Path) -> nx.MultiDiGraph:
    return store_to_networkx(KGStore.open(corpus_store, read_only=True))


def _map_data(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def test_analysis_centrality_ranks_the_hubs_first(corpus_store: Path, kg: Invoke, G):
    result = kg("analyze", "centrality", "--store", corpus_store, "--top", "5", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    ranks = [r["pagerank"] for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert "Larry Krasner" in {r["name"] for r in rows}
    degree = centrality(G, "degree")
    krasner = next(r for r in rows if r["name"] == "Larry Krasner")
    node = next(n for n, d in G.nodes(data=True) if d["label"] == "Larry Krasner")
    assert krasner["degree"] == degree[node] == len(set(nx.all_neighbors(G, node)))
    by_degree = kg("analyze", "centrality", "--store", corpus_store, "--by", "degree", "--csv")
    first = by_degree.stdout.splitlines()[1].split(",")
    assert int(first[3]) == max(degree.values())


def test_analysis_communities_partition_the_entities(G):
    groups = communities(G)
    members = [n for g in groups for n in g]
    assert sorted(members) == sorted(G.nodes)  # each entity in exactly one group
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    assert communities(G) == groups  # a fixed seed: the same groups every run


def test_analysis_communities_command_lists_members_and_ties(corpus_store: Path, kg: Invoke):
    result = kg("analyze", "communities", "--store", corpus_store, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out and all(c["size"] >= 3 for c in out)
    for c in out[:3]:
        names = set(c["members"])
        assert c["relations"]
        assert all(r["subject"] in names and r["object"] in names for r in c["relations"])


def test_analysis_path_each_hop_has_its_evidence(corpus_store: Path, kg: Invoke, G):
    result = kg("path", "Larry Krasner", "Chesa Boudin", "--store", corpus_store, "--json")
    assert result.exit_code == 0, result.output
    paths = json.loads(result.stdout)
    assert paths
    length = len(paths[0])
    assert all(len(p) == length for p in paths)  # only the shortest
    labels = {d["label"] for _, d in G.nodes(data=True)}
    for p in paths:
        ends = {p[0]["subject"], p[0]["object"]}
        assert "Larry Krasner" in ends
        assert "Chesa Boudin" in {p[-1]["subject"], p[-1]["object"]}
        for hop in p:
            assert hop["subject"] in labels and hop["object"] in labels
            assert hop["evidence"] and all(ev["text"] for ev in hop["evidence"])
    text = kg("path", "Krasner", "Chesa Boudin", "--store", corpus_store)
    assert text.exit_code == 0 and "“" in text.stdout


def test_analysis_path_respects_max_hops_and_bad_names(corpus_store: Path, kg: Invoke):
    none = kg("path", "Larry Krasner", "Chesa Boudin", "--max-hops", "1", "--store", corpus_store)
    assert none.exit_code == 1 and "no connection" in none.stdout
    assert_one_line_error(
        kg("path", "Nobody Here", "Chesa Boudin", "--store", corpus_store), "Nobody Here"
    )


def test_analysis_connections_follow_edges_either_way():
    H = nx.MultiDiGraph()
    H.add_edge("donor", "pac", key="funds", evidence=[{"text": "gave"}])
    H.add_edge("pac", "da", key="supports", evidence=[{"text": "backed"}])
    H.add_node("alone")
    [path] = connections(H, "da", "donor")
    assert [(s, p, o) for s, p, o, _ in path] == [
        ("pac", "supports", "da"),
        ("donor", "funds", "pac"),
    ]
    assert connections(H, "da", "alone") == []
    assert connections(H, "da", "donor", max_hops=1) == []


def test_analysis_filters_combine(G):
    money = filter_graph(G, predicates=["funds"])
    assert money.number_of_edges() > 0
    assert {k for _, _, k in money.edges(keys=True)} == {"funds"}
    assert all(money.degree(n) > 0 for n in money)
    people = filter_graph(G, categories=["Prosecutor", "Person"], predicates=["supports"])
    assert {d["category"] for _, d in people.nodes(data=True)} <= {"Prosecutor", "Person"}
    dense = filter_graph(G, min_degree=5)
    U = dense.to_undirected()
    assert dense.number_of_nodes() < G.number_of_nodes()
    assert all(len(set(G.to_undirected().neighbors(n)) - {n}) >= 5 for n in U)


def test_analysis_viz_money_view_only_funds_wide_by_amount(corpus_store, kg: Invoke, tmp_path):
    out = tmp_path / "money.html"
    result = kg("viz", "--store", corpus_store, "--money", "--out", out)
    assert result.exit_code == 0, result.output
    data = _map_data(out)
    assert {e["info"]["predicate"] for e in data["edges"]} == {"funds"}
    widths = {e["width"] for e in data["edges"] if e["info"]["amount"]}
    assert len(widths) > 3  # width shows the amount
    biggest = max(data["edges"], key=lambda e: e["info"]["amount"] or 0)
    assert biggest["width"] == max(e["width"] for e in data["edges"])


def test_analysis_viz_article_category_predicate_filters(corpus_store, kg: Invoke, tmp_path):
    one = tmp_path / "one.html"
    result = kg(
        "viz", "--store", corpus_store, "--article", "127_boudin_profile_2019", "--out", one
    )
    assert result.exit_code == 0, result.output
    data = _map_data(one)
    assert data["nodes"]
    for e in data["edges"]:
        assert {ev["article"] for ev in e["info"]["evidence"]} == {"127_boudin_profile_2019"}
    sup = tmp_path / "sup.html"
    kg(
        "viz",
        "--store",
        corpus_store,
        "--predicate",
        "supports",
        "--category",
        "PAC",
        "--category",
        "Prosecutor",
        "--out",
        sup,
    )
    data = _map_data(sup)
    assert {e["info"]["predicate"] for e in data["edges"]} == {"supports"}
    assert {n["info"]["category"] for n in data["nodes"]} <= {"PAC", "Prosecutor"}
    bad = kg("viz", "--store", corpus_store, "--article", "no-such-article", "--out", sup)
    assert_one_line_error(bad, "no-such-article")


def test_analysis_viz_size_and_colour_by_analysis(corpus_store, kg: Invoke, tmp_path):
    out = tmp_path / "c.html"
    result = kg(
        "viz",
        "--store",
        corpus_store,
        "--min-degree",
        "2",
        "--size-by",
        "pagerank",
        "--color-by",
        "community",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    data = _map_data(out)
    nodes = data["nodes"]
    assert all("community" in n["info"] and "pagerank" in n["info"] for n in nodes)
    top = max(nodes, key=lambda n: n["info"]["pagerank"])
    assert top["size"] == max(n["size"] for n in nodes)
    colours = {}
    for n in nodes:
        colours.setdefault(n["info"]["community"], set()).add(n["color"]["background"])
    assert len(colours) > 2 and all(len(c) == 1 for c in colours.values())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_analysis_export_entity_graph_reads_back(corpus_store, kg: Invoke, tmp_path, G, fmt):
    out = tmp_path / f"g.{fmt}"
    result = kg("export", "--store", corpus_store, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    H = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    node = "https://w3id.org/reform-kg/entity/larry-krasner"
    assert H.nodes[node]["category"] == "Prosecutor"
    assert "Krasner" in H.nodes[node]["aliases"]
    funds = [d for _, _, d in H.edges(data=True) if d.get("predicate") == "funds" and "amount" in d]
    assert funds and all(float(d["amount"]) > 0 for d in funds)
    assert all(d["sentence"] for _, _, d in H.edges(data=True))


def test_analysis_bad_options_are_one_line_errors(corpus_store: Path, kg: Invoke, tmp_path):
    out = tmp_path / "x.html"
    assert_one_line_error(
        kg("viz", "--store", corpus_store, "--size-by", "fame", "-o", out), "fame"
    )
    assert_one_line_error(
        kg("entities", "--store", corpus_store, "--category", "Nonsense"), "Nonsense"
    )
    assert_one_line_error(
        kg("show", "Larry Krasner", "--store", corpus_store, "--as-of", "yesterday"), "as-of"
    )
    assert_one_line_error(
        kg("analyze", "centrality", "--store", corpus_store, "--by", "fame"), "fame"
    )


def test_analysis_touching_an_undated_file_changes_nothing(tmp_path: Path, kg: Invoke):
    import os

    art = tmp_path / "undated.txt"
    art.write_text("Kestrel County District Attorney Ines Marlowe won a second term.\n")
    store = tmp_path / "s"
    first = kg("add", art, "--store", store)
    assert first.exit_code == 0 and "added" in first.stdout
    os.utime(art, (1_600_000_000, 1_600_000_000))  # another day
    again = kg("add", art, "--store", store)
    assert "unchanged" in again.stdout, again.stdout
