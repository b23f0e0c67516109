"""The store (kg.store) and what ingest and validation do to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_IDS, SEED_ID, Invoke

from kg.store import KGStore, StoreError
from kg.validate import validate_store
from kg.vocab import ART, ENT, ONTOLOGY_GRAPH

SEED_GRAPH = str(ART[SEED_ID])


def _graphs_mentioning(store: Path, entity: str) -> set[str]:
    rows = KGStore.open(store, read_only=True).query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g rkg:mentions <{entity}> }} }}",
        use_default_graph_as_union=False,
    )
    return {r["g"].value for r in rows}


def test_store_memory_starts_empty():
    store = KGStore.memory()
    assert store.articles() == []
    assert store.stats()["articles"] == 0


def test_store_open_read_only_missing_path_is_store_error(tmp_path: Path):
    with pytest.raises(StoreError) as err:
        KGStore.open(tmp_path / "missing", read_only=True)
    # the plain hint, not wrapped in "cannot open the store at ...: no store at ..."
    assert str(err.value).startswith(f"no store at {tmp_path / 'missing'}: add articles first")
    assert not (tmp_path / "missing").exists()


def test_store_lists_every_corpus_article(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    arts = store.articles()
    assert [a.id for a in arts] == CORPUS_IDS
    assert {a.iri for a in arts} == {str(ART[i]) for i in CORPUS_IDS}
    assert all(len(a.sha256) == 64 for a in arts)


def test_store_holds_one_named_graph_per_article_plus_ontology(corpus_store: Path):
    names = {g.value for g in KGStore.open(corpus_store, read_only=True).oxigraph.named_graphs()}
    assert names == {str(ART[i]) for i in CORPUS_IDS} | {str(ONTOLOGY_GRAPH)}


@pytest.mark.parametrize(
    "ref",
    [SEED_ID, f"{SEED_ID}.txt", f"corpus/articles/{SEED_ID}.txt", SEED_GRAPH],
    ids=["id", "file name", "path", "iri"],
)
def test_store_find_article_by_id_file_path_or_iri(corpus_store: Path, ref: str):
    found = KGStore.open(corpus_store, read_only=True).find_article(ref)
    assert found is not None and found.id == SEED_ID


def test_store_find_article_by_sha256_and_unique_prefix(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    seed = store.find_article(SEED_ID)
    assert store.find_article(seed.sha256).id == SEED_ID
    assert store.find_article(seed.sha256[:12]).id == SEED_ID
    assert store.find_article("nothing-like-this") is None


def test_store_find_article_does_not_confuse_ids_sharing_a_stem(tmp_path: Path, kg: Invoke):
    """'krasner.2021' is its own article, not the article 'krasner'."""
    (tmp_path / "krasner.txt").write_text(
        "Philadelphia District Attorney Larry Krasner won.\n", encoding="utf-8"
    )
    (tmp_path / "krasner.2021.txt").write_text(
        "Los Angeles County District Attorney George Gascón won.\n", encoding="utf-8"
    )
    store_dir = tmp_path / "store"
    assert (
        kg(
            "add", tmp_path / "krasner.txt", tmp_path / "krasner.2021.txt", "--store", store_dir
        ).exit_code
        == 0
    )
    store = KGStore.open(store_dir, read_only=True)
    assert sorted(a.id for a in store.articles()) == ["krasner", "krasner.2021"]
    assert store.find_article("krasner.2021").id == "krasner.2021"
    assert store.find_article("krasner.2021.txt").id == "krasner.2021"
    assert store.find_article("krasner").id == "krasner"


def test_store_entity_named_in_two_articles_is_one_iri(tmp_path: Path, kg: Invoke):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Philadelphia District Attorney Larry Krasner won a second term on Tuesday.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Philadelphia District Attorney Larry Krasner announced a new policy on bail.\n",
        encoding="utf-8",
    )
    store_dir = tmp_path / "store"
    result = kg("add", a, b, "--store", store_dir)
    assert result.exit_code == 0, result.output
    krasner = str(ENT["larry-krasner"])
    assert krasner == "https://w3id.org/reform-kg/entity/larry-krasner"
    assert _graphs_mentioning(store_dir, krasner) == {str(ART["a"]), str(ART["b"])}
    # and no second IRI was minted for the same name
    rows = KGStore.open(store_dir, read_only=True).query(
        'SELECT DISTINCT ?e WHERE { ?e rdfs:label "Larry Krasner" }'
    )
    assert [r["e"].value for r in rows] == [krasner]


def test_store_remove_article_drops_only_its_graph(store_copy: Path):
    store = KGStore.open(store_copy)
    before = {
        g.value: set(store.oxigraph.quads_for_pattern(None, None, None, g))
        for g in store.oxigraph.named_graphs()
    }
    removed = store.remove_article(SEED_ID)
    assert removed.id == SEED_ID
    after = {
        g.value: set(store.oxigraph.quads_for_pattern(None, None, None, g))
        for g in store.oxigraph.named_graphs()
    }
    expected = {k: v for k, v in before.items() if k != SEED_GRAPH}
    assert after == expected


def test_store_remove_unknown_article_is_store_error(store_copy: Path):
    store = KGStore.open(store_copy)
    n = len(store.oxigraph)
    with pytest.raises(StoreError, match="no stored article matches"):
        store.remove_article("no-such-article")
    assert len(store.oxigraph) == n


def test_store_stats_counts_articles_and_quads(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    s = store.stats()
    assert s["articles"] == len(CORPUS_IDS)
    assert s["quads"] == len(store.oxigraph)
    assert s["entities"] > 0 and s["relations"] > 0
    assert s["assertions"] >= s["relations"]
    assert sum(s["by_predicate"].values()) >= s["relations"]
    assert s["by_predicate"]["funds"] >= 1


def test_validate_store_reports_out_of_range_confidence(store_copy: Path):
    store = KGStore.open(store_copy)
    rows = store.query(
        f"SELECT ?x WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?x a rkg:Assertion }} }} ORDER BY ?x LIMIT 1",
        use_default_graph_as_union=False,
    )
    assertion = next(iter(rows))["x"].value
    store.oxigraph.update(
        "PREFIX rkg: <https://w3id.org/reform-kg/ontology#>\n"
        f"DELETE WHERE {{ GRAPH <{SEED_GRAPH}> {{ <{assertion}> rkg:confidence ?c }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{SEED_GRAPH}> {{ <{assertion}> rkg:confidence 1.5 }} }}"
    )
    n, violations = validate_store(store)
    assert n == len(CORPUS_IDS)
    assert violations, "confidence 1.5 was accepted"
    assert {v.article for v in violations} == {SEED_ID}
    assert any(
        v.focus == assertion and v.path.endswith("#confidence") and v.message for v in violations
    ), violations
