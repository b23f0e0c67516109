"""The kg command (kg.cli): add, remove, bad input, export, stats, articles, viz, validate, start-up."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    CORPUS,
    CORPUS_IDS,
    CORPUS_IRIS,
    REPO,
    SEED,
    SEED_ID,
    Invoke,
    article_count,
    assert_no_crash,
    assert_one_line_error,
    nquad_lines,
    quads_by_graph,
    text_iri,
)
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.store import KGStore
from kg.vocab import ONTOLOGY_GRAPH, ontology_path

KRASNER_TEXT = "Philadelphia District Attorney Larry Krasner won a second term on Tuesday.\n"
GASCON_TEXT = "Los Angeles County District Attorney George Gascón won the election.\n"
ADDED = re.compile(r"^added (\S+) \((\d+) entit(?:y|ies), (\d+) relations?\)$", re.M)
SUMMARY = re.compile(
    r"^(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) failed(?: \((.+)\))?$", re.M
)


def _summary(stdout: str) -> tuple[int, int, int, int]:
    m = SUMMARY.search(stdout)
    assert m, stdout
    counts = tuple(int(x) for x in m.groups()[:4])
    assert (m.group(5) is not None) == (counts[3] > 0), stdout  # failures are named, by path
    return counts


def _ids(store: Path) -> list[str]:
    return [a.id for a in KGStore.open(store, read_only=True).articles()]


def _sources(store: Path) -> list[tuple[str, str | None]]:
    return [(a.id, a.source_path) for a in KGStore.open(store, read_only=True).articles()]


def _graphs(store: Path) -> set[str]:
    return {g.value for g in KGStore.open(store, read_only=True).oxigraph.named_graphs()}


def _evidence_texts(store: Path, graph: str) -> set[str]:
    rows = KGStore.open(store, read_only=True).query(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ ?x rkg:evidenceText ?t }} }}",
        use_default_graph_as_union=False,
    )
    return {r["t"].value for r in rows}


# --------------------------------------------------------------------------- kg add


def test_cli_add_corpus_adds_every_article(corpus_store: Path):
    assert _ids(corpus_store) == CORPUS_IDS


def test_cli_add_files(tmp_path: Path, kg: Invoke):
    a = tmp_path / "krasner.txt"
    b = tmp_path / "gascon.md"
    a.write_text(KRASNER_TEXT, encoding="utf-8")
    b.write_text(GASCON_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", a, b, "--store", store)
    assert result.exit_code == 0, result.output
    assert [m[0] for m in ADDED.findall(result.stdout)] == ["krasner", "gascon"]
    assert _summary(result.stdout) == (2, 0, 0, 0)
    assert _ids(store) == ["gascon", "krasner"]
    assert _sources(store) == [("gascon", str(b.resolve())), ("krasner", str(a.resolve()))]
    assert _graphs(store) == {text_iri(KRASNER_TEXT), text_iri(GASCON_TEXT)}


def test_cli_add_relative_path_stores_the_resolved_path(tmp_path: Path, kg: Invoke, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "krasner.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = kg("add", "src/krasner.txt", "--store", "store")
    assert result.exit_code == 0, result.output
    assert _sources(tmp_path / "store") == [
        ("krasner", str((tmp_path / "src" / "krasner.txt").resolve()))
    ]
    again = kg("add", tmp_path / "src" / "krasner.txt", "--store", "store")
    assert "unchanged krasner" in again.stdout  # the same file, however it is named


def test_cli_add_md_and_txt_of_the_same_stem_are_two_articles(tmp_path: Path, kg: Invoke):
    (tmp_path / "story.md").write_text(GASCON_TEXT, encoding="utf-8")
    (tmp_path / "story.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", tmp_path, "--store", store)
    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) == (2, 0, 0, 0)
    assert sorted(_sources(store)) == [
        ("story", str((tmp_path / "story.md").resolve())),
        ("story", str((tmp_path / "story.txt").resolve())),
    ]
    removed = kg("remove", "story.md", "--store", store)  # the file name tells them apart
    assert removed.exit_code == 0, removed.output
    assert _sources(store) == [("story", str((tmp_path / "story.txt").resolve()))]


def test_cli_add_keeps_letters_of_any_script_in_the_id(tmp_path: Path, kg: Invoke):
    f = tmp_path / "Gascón победа 2020.txt"
    f.write_text(GASCON_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", f, "--store", store)
    assert result.exit_code == 0, result.output
    assert _ids(store) == ["Gascón-победа-2020"]
    assert "added Gascón-победа-2020 (" in result.stdout


def test_cli_add_directory_recursively_txt_and_md_skipping_json(tmp_path: Path, kg: Invoke):
    src = tmp_path / "src"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / "top.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    (src / "sub" / "middle.md").write_text(GASCON_TEXT, encoding="utf-8")
    (src / "sub" / "deeper" / "bottom.txt").write_text(
        "Cook County State's Attorney Kim Foxx won the primary.\n", encoding="utf-8"
    )
    (src / "sub" / "notes.json").write_text('{"text": "Chesa Boudin lost."}', encoding="utf-8")
    (src / "top.meta.json").write_text('{"title": "Top story"}', encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", src, "--store", store)
    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) == (3, 0, 0, 0)
    assert _ids(store) == ["bottom", "middle", "top"]
    titles = {a.id: a.title for a in KGStore.open(store, read_only=True).articles()}
    assert titles["top"] == "Top story"  # the sidecar is metadata, not an article


def test_cli_add_stdin(tmp_path: Path, kg: Invoke):
    store = tmp_path / "store"
    result = kg("add", "-", "--store", store, input=KRASNER_TEXT)
    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) == (1, 0, 0, 0)
    [art] = KGStore.open(store, read_only=True).articles()
    assert re.fullmatch(r"stdin-[0-9a-f]{12}", art.id)
    assert f"added {art.id} (" in result.stdout
    assert art.file_name is None
    assert art.source_path is None  # anonymous stdin has no source
    assert art.iri == text_iri(KRASNER_TEXT)
    # the same text again changes nothing (it has no source path, so it is a duplicate)
    before = nquad_lines(store)
    again = kg("add", "-", "--store", store, input=KRASNER_TEXT)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] in (
        f"unchanged {art.id}",
        f"skipped {art.id}: same text as stored article {art.id}",
    )
    assert _summary(again.stdout) == (0, 0, 1, 0)
    assert nquad_lines(store) == before


def test_cli_add_stdin_with_id_and_metadata(tmp_path: Path, kg: Invoke):
    store = tmp_path / "store"
    result = kg(
        "add", "-", "--id", "krasner-win", "--title", "Krasner wins", "--date", "2021-11-02",
        "--source", "Example Daily", "--store", store, input=KRASNER_TEXT,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [art] = KGStore.open(store, read_only=True).articles()
    assert (art.id, art.title, art.date) == ("krasner-win", "Krasner wins", "2021-11-02")
    assert art.source_path == "stdin:krasner-win"
    assert "added krasner-win (" in result.stdout


def test_cli_add_stdin_with_same_id_replaces(tmp_path: Path, kg: Invoke):
    store = tmp_path / "store"
    assert kg("add", "-", "--id", "x", "--store", store, input=KRASNER_TEXT).exit_code == 0
    assert "unchanged x" in kg("add", "-", "--id", "x", "--store", store, input=KRASNER_TEXT).stdout
    result = kg("add", "-", "--id", "x", "--store", store, input=GASCON_TEXT)
    assert result.exit_code == 0, result.output
    assert "replaced x (" in result.stdout
    assert _sources(store) == [("x", "stdin:x")]
    assert _graphs(store) == {text_iri(GASCON_TEXT)}


def test_cli_add_same_text_is_unchanged_and_store_identical(store_copy: Path, kg: Invoke):
    before = nquad_lines(store_copy)
    result = kg("add", CORPUS, "--store", store_copy)
    assert result.exit_code == 0, result.output
    for article_id in CORPUS_IDS:
        assert re.search(rf"^unchanged {re.escape(article_id)}$", result.stdout, re.M)
    assert _summary(result.stdout) == (0, 0, len(CORPUS_IDS), 0)
    assert nquad_lines(store_copy) == before


def test_cli_add_changed_text_same_path_replaces(store_copy: Path, kg: Invoke, tmp_path: Path):
    story = tmp_path / "news" / "story.txt"
    story.parent.mkdir()
    story.write_text(GASCON_TEXT, encoding="utf-8")
    assert kg("add", story, "--store", store_copy).exit_code == 0
    old_graph = text_iri(GASCON_TEXT)
    old_sentences = _evidence_texts(store_copy, old_graph)
    assert old_sentences
    others_before = {g: q for g, q in quads_by_graph(store_copy).items() if g != old_graph}

    story.write_text(KRASNER_TEXT, encoding="utf-8")
    result = kg("add", story, "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert "replaced story (" in result.stdout
    assert _summary(result.stdout) == (0, 1, 0, 0)
    new_graph = text_iri(KRASNER_TEXT)
    new_sentences = _evidence_texts(store_copy, new_graph)
    assert new_sentences == {KRASNER_TEXT.strip()}
    assert not old_sentences & new_sentences
    assert _ids(store_copy) == sorted([*CORPUS_IDS, "story"])
    others_after = {g: q for g, q in quads_by_graph(store_copy).items() if g != new_graph}
    assert others_after == others_before
    # no trace of the old version anywhere in the store
    dump = KGStore.open(store_copy, read_only=True).dump("nquads").decode()
    assert old_graph not in dump
    for sentence in old_sentences:
        assert json.dumps(sentence, ensure_ascii=False)[1:-1] not in dump


def test_cli_add_article_iri_is_content_derived(tmp_path: Path, kg: Invoke):
    story = tmp_path / "story.txt"
    story.write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("add", story, "--store", store).exit_code == 0
    first = text_iri(KRASNER_TEXT)
    assert (
        first
        == "https://w3id.org/reform-kg/article/"
        + (hashlib.sha256(KRASNER_TEXT.encode()).hexdigest()[:16])
    )
    [art] = KGStore.open(store, read_only=True).articles()
    assert (art.id, art.iri) == ("story", first)
    assert _graphs(store) == {first}

    changed = KRASNER_TEXT.replace("Tuesday", "Wednesday")
    story.write_text(changed, encoding="utf-8")
    result = kg("add", story, "--store", store)
    assert "replaced story (" in result.stdout, result.output
    [art] = KGStore.open(store, read_only=True).articles()
    assert art.iri == text_iri(changed) != first
    assert _graphs(store) == {art.iri}  # the old graph is gone
    assert first not in KGStore.open(store, read_only=True).dump("nquads").decode()


def test_cli_add_same_name_in_two_directories_is_two_articles(tmp_path: Path, kg: Invoke):
    a, b = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    for f, text in ((a, KRASNER_TEXT), (b, GASCON_TEXT)):
        f.parent.mkdir()
        f.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("add", a, "--store", store).exit_code == 0
    result = kg("add", b, "--store", store)
    assert result.exit_code == 0, result.output
    assert "added story (" in result.stdout  # not "replaced": another file
    assert _summary(result.stdout) == (1, 0, 0, 0)
    assert _sources(store) == [("story", str(a.resolve())), ("story", str(b.resolve()))]
    assert _graphs(store) == {text_iri(KRASNER_TEXT), text_iri(GASCON_TEXT)}


@pytest.mark.parametrize("second", ["b/story.txt", "b/copy.txt", "-"])
def test_cli_add_identical_text_under_a_second_path_is_skipped(
    tmp_path: Path, kg: Invoke, second: str
):
    first = tmp_path / "a" / "story.txt"
    first.parent.mkdir()
    first.write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("add", first, "--store", store).exit_code == 0
    before = nquad_lines(store)
    if second == "-":
        result = kg("add", "-", "--store", store, input=KRASNER_TEXT)
        second_id = "stdin-" + hashlib.sha256(KRASNER_TEXT.encode()).hexdigest()[:12]
    else:
        path = tmp_path / second
        path.parent.mkdir()
        path.write_text(KRASNER_TEXT, encoding="utf-8")
        result = kg("add", path, "--store", store)
        second_id = path.stem
    assert result.exit_code == 0, result.output
    assert (
        f"skipped {second_id}: same text as stored article {first.resolve()}"
        in result.stdout.splitlines()
    ), result.stdout
    assert _summary(result.stdout) == (0, 0, 1, 0)
    assert nquad_lines(store) == before  # the first article is kept, untouched
    assert _sources(store) == [("story", str(first.resolve()))]


def test_cli_add_new_dotted_id_is_added_not_replaced(tmp_path: Path, kg: Invoke):
    """'krasner.2021.txt' is a new article even when 'krasner.txt' is stored."""
    store = tmp_path / "store"
    (tmp_path / "krasner.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    (tmp_path / "krasner.2021.txt").write_text(GASCON_TEXT, encoding="utf-8")
    assert kg("add", tmp_path / "krasner.txt", "--store", store).exit_code == 0
    result = kg("add", tmp_path / "krasner.2021.txt", "--store", store)
    assert result.exit_code == 0, result.output
    assert _ids(store) == ["krasner", "krasner.2021"]
    assert "added krasner.2021 (" in result.stdout
    assert _summary(result.stdout) == (1, 0, 0, 0)


# --------------------------------------------------------------------------- kg remove


def test_cli_remove_drops_exactly_that_article(store_copy: Path, kg: Invoke):
    target = "101_foxx_primary_2020"
    before = quads_by_graph(store_copy)
    assert before[CORPUS_IRIS[target]]
    result = kg("remove", target, "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"removed {target}"
    after = quads_by_graph(store_copy)
    assert after == {g: q for g, q in before.items() if g != CORPUS_IRIS[target]}
    assert set(after) == {i for t, i in CORPUS_IRIS.items() if t != target}  # articles only
    assert _ids(store_copy) == [i for i in CORPUS_IDS if i != target]


@pytest.mark.parametrize("how", ["iri", "sha256 prefix", "absolute path"])
def test_cli_remove_by_iri_sha_or_path(store_copy: Path, kg: Invoke, how: str):
    ref = {
        "iri": CORPUS_IRIS[SEED_ID],
        "sha256 prefix": hashlib.sha256(SEED.read_bytes()).hexdigest()[:10],
        "absolute path": str(SEED),
    }[how]
    result = kg("remove", ref, "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"removed {SEED_ID}"
    assert _ids(store_copy) == [i for i in CORPUS_IDS if i != SEED_ID]


def test_cli_remove_by_file_name(store_copy: Path, kg: Invoke):
    result = kg("remove", f"{SEED_ID}.txt", "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert SEED_ID not in _ids(store_copy)
    assert len(_ids(store_copy)) == len(CORPUS_IDS) - 1


def test_cli_remove_unknown_id_is_one_line_error(store_copy: Path, kg: Invoke):
    before = nquad_lines(store_copy)
    assert_one_line_error(kg("remove", "no-such-article", "--store", store_copy), "no-such-article")
    assert nquad_lines(store_copy) == before


def test_cli_remove_dotted_id_removes_that_article(tmp_path: Path, kg: Invoke):
    store = tmp_path / "store"
    (tmp_path / "krasner.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    (tmp_path / "krasner.2021.txt").write_text(GASCON_TEXT, encoding="utf-8")
    assert (
        kg(
            "add", tmp_path / "krasner.txt", tmp_path / "krasner.2021.txt", "--store", store
        ).exit_code
        == 0
    )
    result = kg("remove", "krasner.2021", "--store", store)
    assert result.exit_code == 0, result.output
    assert _ids(store) == ["krasner"], "kg remove krasner.2021 removed another article"


def _two_stories(tmp_path: Path, kg: Invoke) -> tuple[Path, Path, Path]:
    a, b = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    for f, text in ((a, KRASNER_TEXT), (b, GASCON_TEXT)):
        f.parent.mkdir()
        f.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", a, b, "--store", store)
    assert result.exit_code == 0, result.output
    assert _summary(result.stdout) == (2, 0, 0, 0)
    return a.resolve(), b.resolve(), store


@pytest.mark.parametrize("ref", ["story.txt", "story"])
def test_cli_remove_ambiguous_name_is_one_line_error_and_changes_nothing(
    tmp_path: Path, kg: Invoke, ref: str
):
    a, b, store = _two_stories(tmp_path, kg)
    before = nquad_lines(store)
    line = assert_one_line_error(kg("remove", ref, "--store", store), ref, str(a), str(b))
    assert "several" in line
    assert nquad_lines(store) == before
    assert _sources(store) == [("story", str(a)), ("story", str(b))]


def test_cli_remove_by_path_removes_exactly_one_of_two_same_named(
    tmp_path: Path, kg: Invoke, monkeypatch
):
    a, b, store = _two_stories(tmp_path, kg)
    before = quads_by_graph(store)
    monkeypatch.chdir(tmp_path)
    result = kg("remove", "a/story.txt", "--store", store)  # relative to the working directory
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "removed story"
    assert _sources(store) == [("story", str(b))]
    assert_one_line_error(kg("remove", a, "--store", store), "no stored article")  # gone
    assert quads_by_graph(store) == {g: q for g, q in before.items() if g != text_iri(KRASNER_TEXT)}
    result = kg("remove", b, "--store", store)  # and by absolute path
    assert result.exit_code == 0, result.output
    assert _sources(store) == []


# --------------------------------------------------------------------------- bad input


def _bad_inputs(root: Path) -> dict[str, Path]:
    root.mkdir()
    (root / "empty_dir").mkdir()
    (root / "json_only").mkdir()
    (root / "json_only" / "a.json").write_text('{"title": "x"}', encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"   \n\t \r\n")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    (root / "latin1.txt").write_bytes("Gascón won in Los Angeles.\n".encode("latin-1"))
    return {
        "missing": root / "does-not-exist.txt",
        "empty dir": root / "empty_dir",
        "json-only dir": root / "json_only",
        "empty file": root / "empty.txt",
        "whitespace file": root / "blank.txt",
        "binary file": root / "image.txt",
        "latin-1 file": root / "latin1.txt",
    }


BAD_KINDS = {
    "missing": "no such file",
    "empty dir": "no .txt, .md or .html",
    "json-only dir": "no .txt, .md or .html",
    "empty file": "empty",
    "whitespace file": "empty",
    "binary file": "binary",
    "latin-1 file": "not UTF-8",
}


@pytest.mark.parametrize(("kind", "reason"), list(BAD_KINDS.items()), ids=list(BAD_KINDS))
def test_cli_add_bad_input_is_one_error_and_writes_nothing(
    store_copy: Path, tmp_path: Path, kg: Invoke, kind: str, reason: str
):
    path = _bad_inputs(tmp_path / "bad")[kind]
    before = nquad_lines(store_copy)
    result = kg("add", path, "--store", store_copy)
    assert_no_crash(result)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert reason in errors[0]
    assert path.name in errors[0]  # the user learns which input was refused
    assert _summary(result.stdout) == (0, 0, 0, 1)
    assert article_count(store_copy) == len(CORPUS_IDS)
    assert nquad_lines(store_copy) == before


def test_cli_add_empty_stdin_is_an_error(store_copy: Path, kg: Invoke):
    result = kg("add", "-", "--store", store_copy, input="  \n")
    assert_no_crash(result)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "<stdin>" in errors[0], result.stderr
    assert article_count(store_copy) == len(CORPUS_IDS)


@pytest.mark.parametrize("date", ["yesterday", "next tuesday", "2021-13-01", "2021-5-3"])
def test_cli_add_bad_date_option_is_an_error(
    store_copy: Path, kg: Invoke, tmp_path: Path, date: str
):
    f = tmp_path / "new.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    before = nquad_lines(store_copy)
    result = kg("add", f, "--date", date, "--store", store_copy)
    line = assert_one_line_error(result)
    assert line == f"error: bad --date {date!r}: expected YYYY-MM-DD"
    assert result.stdout == ""  # refused before anything was read or added
    assert nquad_lines(store_copy) == before


def test_cli_add_bad_date_option_creates_no_store(kg: Invoke, tmp_path: Path):
    f = tmp_path / "new.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    assert_one_line_error(kg("add", f, "--date", "yesterday", "--store", store), "--date")
    assert not store.exists()


def test_cli_add_batch_adds_good_files_and_reports_failures(tmp_path: Path, kg: Invoke):
    bad = _bad_inputs(tmp_path / "bad")
    good = tmp_path / "good.txt"
    good.write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    result = kg(
        "add",
        bad["missing"],
        good,
        *(bad[k] for k in BAD_KINDS if k != "missing"),
        "--store",
        store,
    )
    assert_no_crash(result)
    assert result.exit_code != 0
    assert "added good (" in result.stdout
    assert _summary(result.stdout) == (1, 0, 0, len(BAD_KINDS))
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(BAD_KINDS), result.stderr
    assert len(result.stderr.splitlines()) == len(BAD_KINDS)  # one line per refused input
    assert "good.txt" not in SUMMARY.search(result.stdout).group(5)
    assert "image.txt" in SUMMARY.search(result.stdout).group(5)
    assert _ids(store) == ["good"]


# --------------------------------------------------------------------------- kg export


def _reference_graphs(store: Path) -> dict[str, Graph]:
    """Each article graph, read straight from Oxigraph and parsed as N-Triples."""
    import pyoxigraph as ox

    ox_store = KGStore.open(store, read_only=True).oxigraph
    out = {}
    for g in ox_store.named_graphs():
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox_store.quads_for_pattern(None, None, None, g)
        ]
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
        out[g.value] = Graph().parse(data=data, format="nt")
    return out


def _named_graphs(ds: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
@pytest.mark.parametrize(
    ("fmt", "rdflib_fmt"), [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")]
)
def test_cli_export_dataset_formats_round_trip(
    corpus_store: Path, kg: Invoke, fmt: str, rdflib_fmt: str
):
    result = kg("export", "--store", corpus_store, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(data=result.stdout, format=rdflib_fmt)
    got = _named_graphs(ds)
    expected = _reference_graphs(corpus_store)
    assert set(got) == set(expected) == set(CORPUS_IRIS.values())  # no ontology graph
    for name, g in expected.items():
        assert isomorphic(got[name], g), name


def test_cli_export_turtle_is_the_union(corpus_store: Path, kg: Invoke):
    result = kg("export", "--store", corpus_store, "--format", "turtle")
    assert result.exit_code == 0, result.stderr
    got = Graph().parse(data=result.stdout, format="turtle")
    union = Graph()
    for g in _reference_graphs(corpus_store).values():
        for triple in g:
            union.add(triple)
    assert len(got) == len(union)
    assert isomorphic(got, union)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_cli_export_with_ontology_and_to_file(corpus_store: Path, kg: Invoke, tmp_path: Path):
    out = tmp_path / "all.trig"
    result = kg("export", "--store", corpus_store, "--with-ontology", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    ds = Dataset()
    ds.parse(out, format="trig")
    graphs = _named_graphs(ds)
    assert set(graphs) == set(CORPUS_IRIS.values()) | {str(ONTOLOGY_GRAPH)}
    assert str(ONTOLOGY_GRAPH) == "https://w3id.org/reform-kg/ontology"
    ontology = Graph().parse(ontology_path(), format="turtle")
    assert isomorphic(graphs[str(ONTOLOGY_GRAPH)], ontology)
    expected = _reference_graphs(corpus_store)
    for name, g in expected.items():
        assert isomorphic(graphs[name], g), name
    # the store itself still holds only the articles
    assert set(_reference_graphs(corpus_store)) == set(CORPUS_IRIS.values())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("fmt", "rdflib_fmt"), [("nquads", "nquads"), ("jsonld", "json-ld")])
def test_cli_export_with_ontology_in_other_dataset_formats(
    corpus_store: Path, kg: Invoke, fmt: str, rdflib_fmt: str
):
    result = kg("export", "--store", corpus_store, "--format", fmt, "--with-ontology")
    assert result.exit_code == 0, result.stderr
    ds = Dataset()
    ds.parse(data=result.stdout, format=rdflib_fmt)
    graphs = _named_graphs(ds)
    assert set(graphs) == set(CORPUS_IRIS.values()) | {str(ONTOLOGY_GRAPH)}
    assert isomorphic(graphs[str(ONTOLOGY_GRAPH)], Graph().parse(ontology_path()))


def test_cli_export_missing_store_is_one_line_error(tmp_path: Path, kg: Invoke):
    assert_one_line_error(kg("export", "--store", tmp_path / "nope"), "no store")


# --------------------------------------------------------------------------- stats, articles


def test_cli_stats_table_reports_article_count(corpus_store: Path, kg: Invoke):
    result = kg("stats", "--store", corpus_store)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{len(CORPUS_IDS)} articles, ")
    assert "entities:" in result.stdout and "relations:" in result.stdout


def test_cli_stats_json(corpus_store: Path, kg: Invoke):
    result = kg("stats", "--store", corpus_store, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == len(CORPUS_IDS)
    assert data["entities"] > 0 and data["relations"] > 0
    assert set(data["by_category"]) <= {"Prosecutor", "Person", "PAC", "Organization", "Place"}
    assert "funds" in data["by_predicate"]


def test_cli_stats_sums_agree(corpus_store: Path, kg: Invoke):
    data = json.loads(kg("stats", "--store", corpus_store, "--json").stdout)
    assert sum(data["by_category"].values()) == data["entities"]
    assert sum(data["by_predicate"].values()) == data["relations"]
    assert data["assertions"] >= data["relations"]
    table = kg("stats", "--store", corpus_store).stdout.splitlines()
    assert table[0].startswith(
        f"{data['articles']} articles, {data['entities']} entities, "
        f"{data['relations']} relations ({data['assertions']} sourced assertions)"
    )
    cats = dict(item.rsplit(" ", 1) for item in table[1].removeprefix("entities:").split(", "))
    preds = dict(item.rsplit(" ", 1) for item in table[2].removeprefix("relations:").split(", "))
    assert sum(int(v) for v in cats.values()) == data["entities"]
    assert sum(int(v) for v in preds.values()) == data["relations"]


def test_cli_stats_missing_store_is_one_line_error(tmp_path: Path, kg: Invoke):
    assert_one_line_error(kg("stats", "--store", tmp_path / "nope"), "no store")


@pytest.mark.parametrize("flag", ["--json", "--csv", None])
def test_cli_articles_lists_ids(corpus_store: Path, kg: Invoke, flag: str | None):
    result = kg("articles", "--store", corpus_store, *([flag] if flag else []))
    assert result.exit_code == 0, result.output
    if flag == "--json":
        rows = json.loads(result.stdout)
        assert [r["id"] for r in rows] == CORPUS_IDS
        assert {r["file"] for r in rows} == {f"{i}.txt" for i in CORPUS_IDS}
        assert {r["date from"] for r in rows} == {"metadata"}  # every corpus article is dated
        seed = next(r for r in rows if r["id"] == SEED_ID)
        assert seed["entities"] >= 10 and seed["relations"] >= 5
    elif flag == "--csv":
        lines = result.stdout.splitlines()
        assert lines[0] == "id,file,title,date,date from,source,entities,relations,sha256"
        assert [line.split(",")[0] for line in lines[1:]] == CORPUS_IDS
    else:
        assert SEED_ID in result.stdout  # the table (columns may wrap long ids)


def _damage(store: Path, how: str) -> None:
    if how == "CURRENT garbled":
        (store / "CURRENT").write_text("garbage\n", encoding="utf-8")
    else:  # what a reader also meets when it opens the store while `kg add` compacts it
        for sst in store.glob("*.sst"):
            sst.unlink()


@pytest.mark.parametrize("how", ["CURRENT garbled", "table files gone"])
@pytest.mark.parametrize(
    "args",
    [("stats",), ("remove", "x")],
    ids=["read-only", "read-write"],
)
def test_cli_damaged_store_is_one_line_error(store_copy: Path, kg: Invoke, how: str, args: tuple):
    _damage(store_copy, how)
    assert_one_line_error(kg(*args, "--store", store_copy), str(store_copy))


def test_cli_store_in_use_is_one_line_error_and_readers_still_work(store_copy: Path, kg: Invoke):
    writer = KGStore.open(store_copy)  # as if another `kg add` were running
    try:
        assert_one_line_error(kg("remove", SEED_ID, "--store", store_copy), "in use")
        stats = kg("stats", "--store", store_copy, "--json")
        assert stats.exit_code == 0, stats.output
        assert json.loads(stats.stdout)["articles"] == len(CORPUS_IDS)
    finally:
        del writer
    assert article_count(store_copy) == len(CORPUS_IDS)


# --------------------------------------------------------------------------- kg validate


def test_cli_validate_corpus_conforms(corpus_store: Path, kg: Invoke):
    result = kg("validate", "--store", corpus_store)
    assert result.exit_code == 0, result.output
    assert f"{len(CORPUS_IDS)} article graphs conform" in result.stdout
    assert result.stderr == ""


# --------------------------------------------------------------------------- kg viz


def _viz_data(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m, "no kg-data block"
    return json.loads(m.group(1))


def _neighbours(store: Path, node: str) -> set[str]:
    rows = KGStore.open(store, read_only=True).query(
        f"""SELECT DISTINCT ?n WHERE {{
              {{ ?x a rkg:Assertion ; rdf:subject <{node}> ; rdf:object ?n }}
              UNION {{ ?x a rkg:Assertion ; rdf:object <{node}> ; rdf:subject ?n }} }}"""
    )
    return {r["n"].value for r in rows}


def test_cli_viz_writes_offline_html(corpus_store: Path, kg: Invoke, tmp_path: Path):
    out = tmp_path / "map.html"
    result = kg("viz", "--store", corpus_store, "--out", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'src="http' not in html
    assert 'href="http' not in html
    data = _viz_data(html)
    stats = KGStore.open(corpus_store, read_only=True).stats()
    assert len(data["nodes"]) == stats["entities"]
    assert f"({len(data['nodes'])} entities, " in result.stdout


def test_cli_viz_around_draws_the_neighbourhood(corpus_store: Path, kg: Invoke, tmp_path: Path):
    full, part = tmp_path / "full.html", tmp_path / "part.html"
    assert kg("viz", "--store", corpus_store, "--out", full).exit_code == 0
    result = kg(
        "viz", "--store", corpus_store, "--out", part, "--around", "Krasner", "--depth", "1"
    )
    assert result.exit_code == 0, result.output
    html = part.read_text(encoding="utf-8")
    assert 'src="http' not in html and 'href="http' not in html
    nodes = {n["id"]: n["info"] for n in _viz_data(html)["nodes"]}
    assert 1 < len(nodes) < len(_viz_data(full.read_text(encoding="utf-8"))["nodes"])
    centres = [n for n, info in nodes.items() if "Krasner" in [info["label"], *info["aliases"]]]
    assert centres, nodes
    assert any(set(nodes) == {c} | _neighbours(corpus_store, c) for c in centres), sorted(nodes)
    assert "https://w3id.org/reform-kg/entity/justice-public-safety-pac" in nodes


def test_cli_viz_around_unknown_entity_is_one_line_error(
    corpus_store: Path, kg: Invoke, tmp_path: Path
):
    out = tmp_path / "x.html"
    assert_one_line_error(
        kg("viz", "--store", corpus_store, "--out", out, "--around", "Nobody"), "Nobody"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- start-up

STARTUP = r"""
import os, sys
from click.testing import CliRunner
from kg.cli import cli, main

sys.argv = ["kg", "--help"]
try:
    main()
except SystemExit as e:
    assert e.code in (0, None), e.code
r = CliRunner().invoke(cli, ["query", "--store", os.environ["STORE"], "ASK { ?s ?p ?o }"])
assert r.exit_code == 0 and r.stdout.strip() == "true", r.output
r = CliRunner().invoke(cli, ["viz", "--store", os.environ["STORE"], "--out", os.environ["OUT"]])
assert r.exit_code == 0, r.output
print("--modules--")
print("\n".join(sorted(sys.modules)))
"""


def test_cli_help_query_viz_do_not_import_spacy(corpus_store: Path, tmp_path: Path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STORE": str(corpus_store),
        "OUT": str(tmp_path / "g.html"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    head, _, tail = proc.stdout.partition("--modules--\n")
    assert "Usage: kg" in head
    modules = set(tail.split())
    assert "kg.cli" in modules and "kg.graph" in modules  # the commands really ran
    assert not {m for m in modules if m == "spacy" or m.startswith("spacy.")}


def test_cli_python_m_kg_help(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Usage: kg" in proc.stdout or "Usage: python -m kg" in proc.stdout
    for command in ("add", "remove", "query", "export", "viz", "validate", "stats", "articles"):
        assert re.search(rf"^\s+{command}\b", proc.stdout, re.M), command


# --------------------------------------------------------------------------- add: the rest


def test_cli_add_only_bad_input_creates_no_store(tmp_path: Path, kg: Invoke):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", empty, "--store", store)
    assert result.exit_code != 0
    assert not store.exists()


def test_cli_remove_on_missing_store_creates_nothing(tmp_path: Path, kg: Invoke):
    store = tmp_path / "typo-store"
    assert_one_line_error(kg("remove", "anything", "--store", store), "no store")
    assert not store.exists()


def test_cli_add_changed_metadata_replaces(tmp_path: Path, kg: Invoke):
    f = tmp_path / "k.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("add", f, "--store", store).exit_code == 0
    result = kg("add", f, "--title", "A better headline", "--store", store)
    assert result.exit_code == 0
    assert "replaced k (" in result.stdout
    (art,) = KGStore.open(store, read_only=True).articles()
    assert art.title == "A better headline"
    assert "unchanged k" in kg("add", f, "--title", "A better headline", "--store", store).stdout


def test_cli_add_shows_progress_on_a_terminal(tmp_path: Path, kg: Invoke, monkeypatch):
    for i, text in enumerate((KRASNER_TEXT, GASCON_TEXT)):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    seen = []
    from rich import progress

    real = progress.Progress.add_task

    def spy(self, *a, **k):
        seen.append(k.get("total"))
        return real(self, *a, **k)

    monkeypatch.setattr(progress.Progress, "add_task", spy)
    monkeypatch.setattr("kg.cli._interactive", lambda: True)
    result = kg("add", tmp_path, "--store", store)
    assert result.exit_code == 0, result.output
    assert seen == [2]  # one bar, for the two files
    assert _summary(result.stdout) == (2, 0, 0, 0)


# --------------------------------------------------------------------------- add: limits and failures


def test_cli_add_too_long_file_in_a_batch_fails_and_the_others_are_added(
    tmp_path: Path, kg: Invoke
):
    a, big, c = tmp_path / "a.txt", tmp_path / "big.txt", tmp_path / "c.txt"
    a.write_text(KRASNER_TEXT, encoding="utf-8")
    c.write_text(GASCON_TEXT, encoding="utf-8")
    store = tmp_path / "store"
    try:
        big.write_text("word " * 200_001, encoding="utf-8")  # 1,000,005 characters
        result = kg("add", a, big, c, "--store", store)
    finally:
        big.unlink()
    assert_no_crash(result)
    assert result.exit_code != 0
    assert [m[0] for m in ADDED.findall(result.stdout)] == ["a", "c"]
    assert _summary(result.stdout) == (2, 0, 0, 1)
    assert SUMMARY.search(result.stdout).group(5) == str(big.resolve())
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and str(big.resolve()) in line
    assert "too long" in line and "1,000,005" in line and "1,000,000" in line
    assert _ids(store) == ["a", "c"]


def test_cli_add_extraction_error_fails_one_item_and_the_batch_goes_on(
    tmp_path: Path, kg: Invoke, monkeypatch
):
    import kg.extract as extract_module

    real = extract_module.extract

    def flaky(art, nlp=None):
        if art.id == "b":
            raise RuntimeError("parser exploded\nat line 2")
        return real(art, nlp)

    monkeypatch.setattr(extract_module, "extract", flaky)
    for name, text in (("a", KRASNER_TEXT), ("b", GASCON_TEXT), ("c", KRASNER_TEXT + "More.\n")):
        (tmp_path / "src").mkdir(exist_ok=True)
        (tmp_path / "src" / f"{name}.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    result = kg("add", tmp_path / "src", "--store", store)
    assert_no_crash(result)
    assert result.exit_code != 0
    b = (tmp_path / "src" / "b.txt").resolve()
    assert result.stderr.splitlines() == [
        f"error: extraction failed for {b}: RuntimeError: parser exploded"
    ]
    assert _summary(result.stdout) == (2, 0, 0, 1)
    assert SUMMARY.search(result.stdout).group(5) == str(b)
    assert _ids(store) == ["a", "c"]


# --------------------------------------------------------------------------- which store


def test_cli_kg_store_env_selects_the_store(tmp_path: Path, kg: Invoke, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    env = {"KG_STORE": str(tmp_path / "env-store")}
    result = kg("add", f, env=env)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "kg-store").exists()
    assert _ids(tmp_path / "env-store") == ["krasner"]
    stats = kg("stats", "--json", env=env)
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["articles"] == 1
    assert kg("articles", "--json", env=env).stdout.count('"krasner"') == 1
    # --store wins over KG_STORE
    assert_one_line_error(kg("stats", "--store", tmp_path / "other", env=env), "no store")
    removed = kg("remove", "krasner", env=env)
    assert removed.exit_code == 0, removed.output
    assert _ids(tmp_path / "env-store") == []


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "args",
    [("add", "FILE"), ("remove", "krasner"), ("stats",), ("export",), ("query", "ASK {?s ?p ?o}")],
    ids=["add", "remove", "stats", "export", "query"],
)
def test_cli_store_that_is_a_non_empty_non_store_dir_is_one_line_error(
    tmp_path: Path, kg: Invoke, args: tuple[str, ...]
):
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    home = tmp_path / "home"
    (home / "docs").mkdir(parents=True)
    (home / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (home / "docs" / "thesis.md").write_text("# Thesis\n", encoding="utf-8")
    before = _snapshot(home)
    argv = [str(f) if a == "FILE" else a for a in args]
    result = kg(*argv, "--store", home)
    assert_one_line_error(result, str(home), "is not a kg store")
    assert _snapshot(home) == before
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == [
        "docs",
        "docs/thesis.md",
        "notes.txt",
    ]


def test_cli_add_store_that_is_a_file_is_one_line_error(tmp_path: Path, kg: Invoke):
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    target = tmp_path / "notes.txt"
    target.write_text("my notes\n", encoding="utf-8")
    assert_one_line_error(kg("add", f, "--store", target), str(target), "is not a kg store")
    assert target.read_text(encoding="utf-8") == "my notes\n"


def test_cli_add_to_an_empty_directory_makes_the_store_there(tmp_path: Path, kg: Invoke):
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    (tmp_path / "store").mkdir()
    result = kg("add", f, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert _ids(tmp_path / "store") == ["krasner"]


def _kg_without_model(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "KG_SPACY_MODEL": "no_such_model"}
    env.pop("KG_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_cli_add_missing_model_creates_no_store(tmp_path: Path):
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    proc = _kg_without_model(tmp_path, "add", f, "--store", tmp_path / "store")
    assert proc.returncode != 0
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "no_such_model" in lines[0] and "Traceback" not in proc.stderr
    assert not (tmp_path / "store").exists()
    # nor the default store in the working directory
    proc = _kg_without_model(tmp_path, "add", f)
    assert proc.returncode != 0 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["krasner.txt"]


def test_cli_add_missing_model_leaves_an_existing_store_as_it_was(store_copy: Path, tmp_path: Path):
    f = tmp_path / "krasner.txt"
    f.write_text(KRASNER_TEXT, encoding="utf-8")
    before = nquad_lines(store_copy)
    proc = _kg_without_model(tmp_path, "add", f, "--store", store_copy)
    assert proc.returncode != 0
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "no_such_model" in lines[0]
    assert nquad_lines(store_copy) == before


def test_cli_unexpected_error_is_one_line_without_traceback(
    monkeypatch, tmp_path: Path, kg: Invoke
):
    def boom(*a, **k):
        raise KeyError("surprise")

    monkeypatch.setattr("kg.store.KGStore.stats", boom)
    store = tmp_path / "store"
    (tmp_path / "a.txt").write_text(KRASNER_TEXT, encoding="utf-8")
    assert kg("add", tmp_path / "a.txt", "--store", store).exit_code == 0
    line = assert_one_line_error(kg("stats", "--store", store), "internal error", "KG_DEBUG")
    assert "KeyError" in line


def test_cli_remove_several_is_all_or_nothing(store_copy: Path, kg: Invoke):
    before = nquad_lines(store_copy)
    result = kg("remove", "000_f2868a0e3aa09fad", "no-such-article", "--store", store_copy)
    assert_one_line_error(result, "no-such-article")
    assert nquad_lines(store_copy) == before  # the first one was not removed either


def test_cli_edited_file_matching_another_article_drops_its_old_text(tmp_path: Path, kg: Invoke):
    a, b, store = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "store"
    a.write_text(KRASNER_TEXT, encoding="utf-8")
    b.write_text(GASCON_TEXT, encoding="utf-8")
    assert kg("add", a, b, "--store", store).exit_code == 0
    a.write_text(GASCON_TEXT, encoding="utf-8")  # a.txt now says what b.txt says
    result = kg("add", a, "--store", store)
    assert result.exit_code == 0 and "skipped a" in result.stdout
    assert _ids(store) == ["b"]


def test_cli_add_jobs_stores_the_same_graph_as_one_job(tmp_path: Path, kg: Invoke):
    """Extraction in two worker processes, writing in one: the stored quads are identical."""
    import shutil

    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(CORPUS.glob("1[0-1]*.txt"))[:6]:
        shutil.copy(p, src / p.name)
    one, two = tmp_path / "one", tmp_path / "two"
    a = kg("add", src, "--store", one)
    b = kg("add", src, "--store", two, "--jobs", "2", "--timing")
    assert a.exit_code == 0 and b.exit_code == 0, b.output
    assert a.stdout == b.stdout  # same messages, same links, in the same order
    assert re.search(r"6 articles extracted: \d+ entities, \d+ relations in [\d.]+ s", b.stderr)
    dumps = [kg("export", "--store", s, "--format", "nquads").stdout for s in (one, two)]
    assert sorted(dumps[0].splitlines()) == sorted(dumps[1].splitlines())
    again = kg("add", src, "--store", two, "--jobs", "2")
    assert "6 unchanged" in again.stdout
