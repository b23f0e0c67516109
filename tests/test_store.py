"""The store (kg.store) and what ingest and validation do to it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, CORPUS_IDS, CORPUS_IRIS, SEED, SEED_ID, SEED_IRI, Invoke, text_iri

from kg.articles import article_from_text
from kg.ingest import AddResult, add_articles, add_texts
from kg.model import Entity, Evidence, Extraction, Relation
from kg.rdf import extraction_to_graph
from kg.store import KGStore, StoreError, store_path
from kg.validate import validate_store
from kg.vocab import ENT

SEED_GRAPH = SEED_IRI
KRASNER_TEXT = "Philadelphia District Attorney Larry Krasner won a second term on Tuesday.\n"
GASCON_TEXT = "Los Angeles County District Attorney George Gascón won the election.\n"


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


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("mode", [{}, {"read_only": True}, {"create": False}])
def test_store_open_refuses_a_non_empty_directory_that_is_not_a_store(tmp_path: Path, mode: dict):
    other = tmp_path / "photos"
    (other / "2021").mkdir(parents=True)
    (other / "notes.txt").write_text("not a store\n", encoding="utf-8")
    (other / "2021" / "a.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    before = _snapshot(other)
    with pytest.raises(StoreError, match="is not a kg store") as err:
        KGStore.open(other, **mode)
    assert str(other) in str(err.value)
    assert "\n" not in str(err.value)
    assert _snapshot(other) == before


def test_store_open_makes_a_store_in_an_empty_directory(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    store = KGStore.open(tmp_path / "empty")
    assert store.articles() == []
    store.flush()
    del store
    assert KGStore.open(tmp_path / "empty", read_only=True).articles() == []


def test_store_path_is_argument_then_kg_store_env_then_default(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert store_path() == "kg-store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "from-env"))
    assert store_path() == str(tmp_path / "from-env")
    assert store_path(tmp_path / "given") == str(tmp_path / "given")
    monkeypatch.chdir(tmp_path)
    KGStore.open().flush()
    assert (tmp_path / "from-env").is_dir()
    assert not (tmp_path / "kg-store").exists()


def test_store_lists_every_corpus_article(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    arts = store.articles()
    assert [a.id for a in arts] == CORPUS_IDS
    assert len(set(CORPUS_IRIS.values())) == len(CORPUS_IDS)
    assert {a.id: a.iri for a in arts} == CORPUS_IRIS  # the IRI comes from the text
    assert all(len(a.sha256) == 64 and a.iri.endswith("/" + a.sha256[:16]) for a in arts)
    assert {a.id: a.source_path for a in arts} == {
        i: str((CORPUS / f"{i}.txt").resolve()) for i in CORPUS_IDS
    }


def test_store_holds_exactly_one_named_graph_per_article(corpus_store: Path):
    names = {g.value for g in KGStore.open(corpus_store, read_only=True).oxigraph.named_graphs()}
    assert names == set(CORPUS_IRIS.values())  # and no ontology graph


def test_store_default_graph_is_empty(corpus_store: Path):
    ox_store = KGStore.open(corpus_store, read_only=True).oxigraph
    import pyoxigraph as ox

    assert not list(ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


@pytest.mark.parametrize(
    "ref",
    [SEED_ID, f"{SEED_ID}.txt", str(SEED), f"corpus/articles/{SEED_ID}.txt", SEED_GRAPH],
    ids=["id", "file name", "absolute path", "relative path", "iri"],
)
def test_store_find_articles_by_id_file_path_or_iri(corpus_store: Path, ref: str, monkeypatch):
    monkeypatch.chdir(CORPUS.parents[1])  # a relative path is resolved from the working directory
    store = KGStore.open(corpus_store, read_only=True)
    assert [a.id for a in store.find_articles(ref)] == [SEED_ID]
    assert store.resolve_article(ref).iri == SEED_GRAPH


def test_store_find_articles_relative_path_from_elsewhere_finds_nothing(
    corpus_store: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    store = KGStore.open(corpus_store, read_only=True)
    assert store.find_articles(f"corpus/articles/{SEED_ID}.txt") == []


def test_store_find_articles_by_sha256_and_prefix(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    seed = store.resolve_article(SEED_ID)
    assert [a.id for a in store.find_articles(seed.sha256)] == [SEED_ID]
    assert [a.id for a in store.find_articles(seed.sha256[:12])] == [SEED_ID]
    assert [a.id for a in store.find_articles(seed.sha256[:8])] == [SEED_ID]
    assert [a.id for a in store.find_articles(seed.sha256[:12].upper())] == [SEED_ID]
    assert store.find_articles(seed.sha256[:7]) == []  # too short to be a reference
    assert store.find_articles("nothing-like-this") == []
    assert store.find_articles("") == []


def test_store_resolve_article_unknown_is_store_error(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    with pytest.raises(StoreError, match="no stored article matches 'nothing-like-this'"):
        store.resolve_article("nothing-like-this")


def test_store_article_at_and_article_by_sha(corpus_store: Path):
    store = KGStore.open(corpus_store, read_only=True)
    seed = store.article_at(str(SEED.resolve()))
    assert seed is not None and seed.id == SEED_ID and seed.iri == SEED_IRI
    assert store.article_by_sha(seed.sha256) == seed
    assert store.article_at(str(SEED.with_name("nope.txt").resolve())) is None
    assert store.article_at(SEED.name) is None  # a source path is absolute, not a name
    assert store.article_by_sha("0" * 64) is None


def test_store_find_articles_does_not_confuse_ids_sharing_a_stem(tmp_path: Path, kg: Invoke):
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
    assert store.resolve_article("krasner.2021").id == "krasner.2021"
    assert store.resolve_article("krasner.2021.txt").id == "krasner.2021"
    assert store.resolve_article("krasner").id == "krasner"


def test_store_same_file_name_in_two_directories_is_ambiguous(tmp_path: Path, kg: Invoke):
    for d, text in (("a", KRASNER_TEXT), ("b", GASCON_TEXT)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(text, encoding="utf-8")
    store_dir = tmp_path / "store"
    result = kg("add", tmp_path / "a", tmp_path / "b", "--store", store_dir)
    assert result.exit_code == 0, result.output
    store = KGStore.open(store_dir, read_only=True)
    a_path, b_path = (str((tmp_path / d / "story.txt").resolve()) for d in "ab")
    assert [(x.id, x.source_path) for x in store.articles()] == [
        ("story", a_path),
        ("story", b_path),
    ]
    for ref in ("story", "story.txt"):
        assert len(store.find_articles(ref)) == 2
        with pytest.raises(StoreError, match="names several stored articles") as err:
            store.resolve_article(ref)
        assert a_path in str(err.value) and b_path in str(err.value)
    assert store.resolve_article(a_path).iri == text_iri(KRASNER_TEXT)
    assert store.resolve_article(b_path).iri == text_iri(GASCON_TEXT)


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
    assert _graphs_mentioning(store_dir, krasner) == {
        text_iri(a.read_bytes()),
        text_iri(b.read_bytes()),
    }
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
    assert s["by_predicate"]["funds"] >= 1


def test_store_stats_sums_agree(corpus_store: Path):
    """Each entity is counted once, under its most specific category; relations are distinct."""
    from kg.graph import store_to_networkx

    store = KGStore.open(corpus_store, read_only=True)
    s = store.stats()
    assert sum(s["by_category"].values()) == s["entities"]
    assert sum(s["by_predicate"].values()) == s["relations"]
    entities = {
        r["e"].value for r in store.query("SELECT DISTINCT ?e WHERE { ?a rkg:mentions ?e }")
    }
    assert s["entities"] == len(entities)
    edges = {
        (r["s"].value, r["p"].value, r["o"].value)
        for r in store.query(
            "SELECT ?s ?p ?o WHERE { ?x a rkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ;"
            " rdf:object ?o }"
        )
    }
    assert s["relations"] == len(edges)
    by_pred = Counter(p.rsplit("#", 1)[-1] for _, p, _ in edges)
    assert s["by_predicate"] == dict(by_pred)
    G = store_to_networkx(store)
    assert s["by_category"] == dict(Counter(d["category"] for _, d in G.nodes(data=True)))
    assert s["relations"] == G.number_of_edges()


def _extraction(name: str, text: str, krasner_category: str) -> Extraction:
    art = article_from_text(text, name=name)
    cats = {"Prosecutor": ["Prosecutor", "Person"], "Person": ["Person"]}[krasner_category]
    ents = [
        Entity("Larry Krasner", krasner_category, cats),
        Entity("Philadelphia", "Place", ["Place"]),
    ]
    rel = Relation(
        "Larry Krasner",
        "prosecutorOf",
        "Philadelphia",
        0.9,
        Evidence(text.strip(), 0, len(text.strip())),
    )
    return Extraction(art, ents, [rel])


def test_store_stats_counts_an_entity_once_under_its_most_specific_category():
    store = KGStore.memory()
    store.put_article(extraction_to_graph(_extraction("a.txt", KRASNER_TEXT, "Person")))
    store.put_article(extraction_to_graph(_extraction("b.txt", GASCON_TEXT, "Prosecutor")))
    s = store.stats()
    assert s["articles"] == 2
    assert s["entities"] == 2
    assert s["by_category"] == {"Place": 1, "Prosecutor": 1}
    assert s["relations"] == 1  # the same edge asserted by two articles
    assert s["assertions"] == 2
    assert s["by_predicate"] == {"prosecutorOf": 1}


def test_store_put_article_replaces_drops_the_old_graph_in_the_same_update():
    store = KGStore.memory()
    old = extraction_to_graph(_extraction("a.txt", KRASNER_TEXT, "Person"))
    new = extraction_to_graph(_extraction("a.txt", GASCON_TEXT, "Person"))
    store.put_article(old)
    store.put_article(new, replaces=str(old.identifier))
    assert {g.value for g in store.oxigraph.named_graphs()} == {str(new.identifier)}
    assert [a.iri for a in store.articles()] == [text_iri(GASCON_TEXT)]


# --------------------------------------------------------------------------- ingest


@pytest.mark.parametrize(
    ("entities", "relations", "counts"),
    [
        (1, 2, "1 entity, 2 relations"),
        (2, 1, "2 entities, 1 relation"),
        (0, 0, "0 entities, 0 relations"),
    ],
)
def test_ingest_add_result_message_singular_and_plural(entities, relations, counts):
    added = AddResult("/x/k.txt", "added", "k", entities, relations)
    replaced = AddResult("/x/k.txt", "replaced", "k", entities, relations)
    assert added.message() == f"added k ({counts})"
    assert replaced.message() == f"replaced k ({counts})"


def test_ingest_add_result_message_unchanged_and_skipped():
    assert AddResult("/x/k.txt", "unchanged", "k").message() == "unchanged k"
    skipped = AddResult("/y/k.txt", "unchanged", "k", duplicate_of="/x/k.txt")
    assert skipped.message() == "skipped k: same text as stored article /x/k.txt"


def test_ingest_same_text_twice_is_unchanged():
    store = KGStore.memory()
    assert [r.status for r in add_texts(store, [("a.txt", KRASNER_TEXT)])] == ["added"]
    before = len(store.oxigraph)
    assert [r.status for r in add_texts(store, [("a.txt", KRASNER_TEXT)])] == ["unchanged"]
    assert len(store.oxigraph) == before


def test_ingest_too_long_text_is_a_failed_item_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr("kg.extract.MAX_CHARS", len(KRASNER_TEXT))  # 75: exactly the limit is fine
    long_text = KRASNER_TEXT + KRASNER_TEXT  # 150 characters
    store = KGStore.memory()
    results = add_texts(
        store, [("a.txt", GASCON_TEXT), ("long.txt", long_text), ("c.txt", KRASNER_TEXT)]
    )
    assert [r.status for r in results] == ["added", "failed", "added"]
    assert "is too long" in results[1].reason and "150" in results[1].reason
    assert sorted(a.id for a in store.articles()) == ["a", "c"]


def test_ingest_extraction_error_is_a_failed_item_and_the_batch_goes_on(monkeypatch):
    import kg.extract

    real = kg.extract.extract

    def flaky(art, nlp=None):
        if art.id == "bad":
            raise RuntimeError("parser exploded\nsecond line")
        return real(art, nlp)

    monkeypatch.setattr(kg.extract, "extract", flaky)
    store = KGStore.memory()
    bad_text = "Cook County State's Attorney Kim Foxx won the primary.\n"
    results = add_articles(
        store,
        [
            article_from_text(GASCON_TEXT, name="a.txt"),
            article_from_text(bad_text, name="bad.txt"),
            ("missing.txt", FileNotFoundError("no such file")),
            article_from_text(KRASNER_TEXT, name="c.txt"),
        ],
    )
    assert [r.status for r in results] == ["added", "failed", "failed", "added"]
    assert results[1].reason == "extraction failed for bad.txt: RuntimeError: parser exploded"
    assert sorted(a.id for a in store.articles()) == ["a", "c"]


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
