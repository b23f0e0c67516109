"""Cross-article entity resolution and curation on tests/fixtures/multi (known answers).

The fixture: Marisol Quintero, district attorney of Marlowe County, is "Marisol Quintero"
(01, 04), "DA Marisol Quintero" and "Quintero" (02) and "Quintero" alone (05); Robert
Vance (02) is "Bob Vance" in 04; Ana Ruiz (a prosecutor, 03) and Tomas Ruiz (a union
president, 04) are two people each called "Ruiz" once; a bare "Vance" (06, the
treasurer of a Castavel coalition) shares no context with Robert Vance and stays apart.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from conftest import Invoke, assert_no_crash, assert_one_line_error, invoke, nquad_lines

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "multi"
ENT = "https://w3id.org/reform-kg/entity/"
CURATION = "https://w3id.org/reform-kg/curation"


@pytest.fixture(scope="module")
def multi_add(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    path = tmp_path_factory.mktemp("multi") / "store"
    result = invoke("add", FIXTURE_DIR, "--store", path)
    assert result.exit_code == 0, result.output
    return path, result


@pytest.fixture(scope="module")
def multi_store(multi_add: tuple[Path, Result]) -> Path:
    """The fixture articles in one store. Never write to it: use multi_copy."""
    return multi_add[0]


@pytest.fixture
def multi_copy(multi_store: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "store"
    shutil.copytree(multi_store, dest)
    return dest


@pytest.fixture
def own_articles(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the fixture articles and a store built from it (files may change)."""
    arts = tmp_path / "articles"
    shutil.copytree(FIXTURE_DIR, arts)
    store = tmp_path / "own-store"
    result = invoke("add", arts, "--store", store)
    assert result.exit_code == 0, result.output
    return arts, store


def entities(kg: Invoke, store: Path, *args: str) -> list[dict]:
    result = kg("entities", "--store", store, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {r["name"]: r for r in rows}


def show(kg: Invoke, store: Path, name: str, *args: str) -> dict:
    result = kg("show", name, "--store", store, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def review(kg: Invoke, store: Path) -> list[dict]:
    result = kg("review", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pair(c: dict) -> set[str]:
    return {c["a"]["name"], c["b"]["name"]}


def curation_quads(kg: Invoke, store: Path) -> set[tuple[str, str, str]]:
    q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CURATION}> {{ ?s ?p ?o }} }}"
    result = kg("query", q, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {(r["s"]["value"], r["p"]["value"].rsplit("#", 1)[-1], r["o"]["value"]) for r in rows}


def add_lines(result: Result) -> dict[str, str]:
    """Each 'added ID (...)' line of kg add, by article id."""
    out = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if len(words) > 1 and words[0] in ("added", "replaced", "unchanged"):
            out[words[1]] = line
    return out


# -- linking on kg add ----------------------------------------------------------------------
def test_resolve_add_reports_each_link(multi_add: tuple[Path, Result]) -> None:
    lines = add_lines(multi_add[1])
    assert sorted(lines) == [
        "01_marlowe_fund",
        "02_marlowe_race",
        "03_castavel_da",
        "04_brennock_union",
        "05_later_gift",
        "06_treasurer",
    ]
    assert "linked Bob Vance → Robert Vance" in lines["04_brennock_union"]
    assert "linked Quintero → Marisol Quintero" in lines["05_later_gift"]
    for art in ("01_marlowe_fund", "02_marlowe_race", "03_castavel_da", "06_treasurer"):
        assert "linked" not in lines[art], lines[art]  # nothing to link to, or nothing sure
    assert "Ruiz" not in lines["04_brennock_union"]  # Tomas Ruiz is not Ana Ruiz
    assert "6 added, 0 replaced, 0 unchanged, 0 failed" in multi_add[1].stdout


def test_resolve_variant_names_are_one_entity(kg: Invoke, multi_store: Path) -> None:
    [q] = entities(kg, multi_store, "--search", "Quintero")
    assert q["iri"] == ENT + "marisol-quintero"
    assert (q["name"], q["category"], q["aliases"], q["articles"]) == (
        "Marisol Quintero",
        "Prosecutor",
        ["Quintero"],
        4,  # 01, 02 (DA Marisol Quintero / Quintero), 04, 05 (Quintero alone)
    )
    [v] = entities(kg, multi_store, "--search", "Robert Vance")
    assert (v["iri"], v["name"], v["aliases"], v["articles"]) == (
        ENT + "robert-vance",
        "Robert Vance",
        ["Bob Vance"],
        2,
    )
    # each article's own name reaches the one entity (02's "DA Marisol Quintero" is read
    # as "Marisol Quintero" by the extractor)
    for name in ("Marisol Quintero", "Quintero", "quintero"):
        assert show(kg, multi_store, name)["iri"] == ENT + "marisol-quintero", name
    assert show(kg, multi_store, "Bob Vance")["iri"] == ENT + "robert-vance"


def test_resolve_same_surname_people_stay_apart(kg: Invoke, multi_store: Path) -> None:
    rows = by_name(entities(kg, multi_store, "--search", "Ruiz"))
    assert sorted(rows) == ["Ana Ruiz", "Tomas Ruiz"]
    ana, tomas = rows["Ana Ruiz"], rows["Tomas Ruiz"]
    assert (ana["iri"], ana["category"], ana["articles"]) == (ENT + "ana-ruiz", "Prosecutor", 1)
    assert (tomas["iri"], tomas["category"], tomas["articles"]) == (
        ENT + "tomas-ruiz",
        "Person",
        1,
    )
    ana_rel = {(r["predicate"], r["other"]) for r in show(kg, multi_store, "Ana Ruiz")["relations"]}
    assert ana_rel == {
        ("prosecutorOf", "Castavel County"),
        ("supports", "Castavel Justice Coalition"),
    }
    tomas_rel = {
        (r["predicate"], r["other"]) for r in show(kg, multi_store, "Tomas Ruiz")["relations"]
    }
    assert tomas_rel == {("memberOf", "Brennock Carpenters Union")}
    # and the two are not even offered for review: their first names clash
    assert not [c for c in review(kg, multi_store) if pair(c) == {"Ana Ruiz", "Tomas Ruiz"}]


def test_resolve_bare_surname_with_two_stored_people_stays_apart(
    kg: Invoke, multi_copy: Path
) -> None:
    text = (
        "The Castavel Justice Coalition held a rally on Friday.\n\n"
        "Ms. Ruiz is the treasurer of the Castavel Justice Coalition.\n"
    )
    result = kg(
        "add", "-", "--id", "ruiz_note", "--date", "2026-03-10", "--store", multi_copy, input=text
    )
    assert result.exit_code == 0, result.output
    assert "linked" not in result.stdout, result.stdout
    rows = by_name(entities(kg, multi_copy, "--search", "Ruiz"))
    assert sorted(rows) == ["Ana Ruiz", "Ruiz", "Tomas Ruiz"]
    assert rows["Ruiz"]["iri"] == ENT + "ruiz"
    assert rows["Ana Ruiz"]["articles"] == rows["Tomas Ruiz"]["articles"] == 1
    # both fits are left for a person, the one sharing context first
    cands = [c for c in review(kg, multi_copy) if "Ruiz" in pair(c)]
    assert [(sorted(pair(c)), c["score"], c["reason"], c["shared_neighbours"]) for c in cands] == [
        (
            ["Ana Ruiz", "Ruiz"],
            0.65,
            "same surname; one name is the surname alone",
            ["Castavel Justice Coalition"],
        ),
        (["Ruiz", "Tomas Ruiz"], 0.6, "same surname; one name is the surname alone", []),
    ]


def test_resolve_fuller_name_renames_stored_bare_surname(kg: Invoke, multi_copy: Path) -> None:
    first = (
        "The Brennock Tenants League met on Monday.\n\n"
        "Ortiz is the treasurer of the Brennock Tenants League.\n"
    )
    second = (
        "The Brennock Tenants League met again on Tuesday.\n\n"
        "Ximena Ortiz is the treasurer of the Brennock Tenants League.\n"
    )
    r1 = kg("add", "-", "--id", "ortiz_a", "--store", multi_copy, input=first)
    assert r1.exit_code == 0, r1.output
    [before] = entities(kg, multi_copy, "--search", "Ortiz")
    assert (before["iri"], before["name"]) == (ENT + "ortiz", "Ortiz")
    r2 = kg("add", "-", "--id", "ortiz_b", "--store", multi_copy, input=second)
    assert r2.exit_code == 0, r2.output
    assert "linked Ximena Ortiz → Ortiz" in r2.stdout
    [after] = entities(kg, multi_copy, "--search", "Ortiz")
    assert (after["iri"], after["name"], after["aliases"], after["articles"]) == (
        ENT + "ximena-ortiz",
        "Ximena Ortiz",
        ["Ortiz"],
        2,
    )
    # no article graph keeps the old IRI
    ask = f"ASK {{ GRAPH ?g {{ <{ENT}ortiz> ?p ?o }} }}"
    result = kg("query", ask, "--store", multi_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "false"
    assert show(kg, multi_copy, "Ortiz")["iri"] == ENT + "ximena-ortiz"


def _summary(rows: list[dict]) -> dict[str, tuple]:
    return {
        r["name"]: (r["category"], sorted(r["aliases"]), r["articles"], r["relations"])
        for r in rows
    }


def test_resolve_readding_the_articles_changes_nothing(kg: Invoke, multi_copy: Path) -> None:
    before = nquad_lines(multi_copy)
    result = kg("add", FIXTURE_DIR, "--store", multi_copy)
    assert result.exit_code == 0, result.output
    assert "0 added, 0 replaced, 6 unchanged, 0 failed" in result.stdout
    assert nquad_lines(multi_copy) == before


def test_resolve_add_order_does_not_change_entities(
    kg: Invoke, multi_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "reversed"
    for f in sorted(FIXTURE_DIR.glob("*.md"), reverse=True):
        result = kg("add", f, "--store", store)
        assert result.exit_code == 0, result.output
    assert _summary(entities(kg, store)) == _summary(entities(kg, multi_store))
    assert [sorted(pair(c)) for c in review(kg, store)] == [["Robert Vance", "Vance"]]
    # the fuller name that came later gave the surname's entity its IRI
    assert show(kg, store, "Quintero")["iri"] == ENT + "marisol-quintero"


# -- review ---------------------------------------------------------------------------------
def test_resolve_review_lists_remaining_candidate_with_reason(
    kg: Invoke, multi_store: Path
) -> None:
    [c] = review(kg, multi_store)
    assert (c["a"]["name"], c["b"]["name"]) == ("Robert Vance", "Vance")
    assert c["reason"] == "same surname; one name is the surname alone"
    assert c["score"] == 0.6
    assert c["shared_neighbours"] == []
    assert c["a"]["names"] == ["Bob Vance", "Robert Vance"]
    assert (c["a"]["iri"], c["a"]["articles"]) == (ENT + "robert-vance", 2)
    assert (c["b"]["iri"], c["b"]["articles"]) == (ENT + "vance", 1)
    table = kg("review", "--store", multi_store)
    assert table.exit_code == 0, table.output
    assert "same surname; one name is the surname alone" in table.stdout
    assert "1 candidate pair(s)" in table.stderr


def test_resolve_review_min_score_filters(kg: Invoke, multi_store: Path) -> None:
    result = kg("review", "--store", multi_store, "--json", "--min-score", "0.7")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


# -- merge ----------------------------------------------------------------------------------
def test_resolve_merge_then_show_sees_one_entity(kg: Invoke, multi_copy: Path) -> None:
    result = kg("merge", "Vance", "Robert Vance", "--store", multi_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "merged Vance into Robert Vance (1 article graph(s) updated)"
    [v] = entities(kg, multi_copy, "--search", "Vance")
    assert (v["iri"], v["name"], sorted(v["aliases"]), v["articles"]) == (
        ENT + "robert-vance",
        "Robert Vance",
        ["Bob Vance", "Vance"],
        3,
    )
    p = show(kg, multi_copy, "Vance")
    assert p["iri"] == ENT + "robert-vance"
    assert {(r["direction"], r["predicate"], r["other"]) for r in p["relations"]} == {
        ("out", "funds", "Safe Marlowe PAC"),
        ("out", "memberOf", "Castavel Justice Coalition"),
    }
    assert [a["id"] for a in p["articles"]] == [
        "02_marlowe_race",
        "04_brennock_union",
        "06_treasurer",
    ]
    assert review(kg, multi_copy) == []
    assert curation_quads(kg, multi_copy) == {(ENT + "vance", "sameAs", ENT + "robert-vance")}


def test_resolve_merge_survives_remove_and_readd(kg: Invoke, multi_copy: Path) -> None:
    assert kg("merge", "Vance", "Robert Vance", "--store", multi_copy).exit_code == 0
    removed = kg("remove", "06_treasurer", "--store", multi_copy)
    assert removed.exit_code == 0, removed.output
    [v] = entities(kg, multi_copy, "--search", "Vance")
    assert (v["name"], v["articles"]) == ("Robert Vance", 2)
    again = kg("add", FIXTURE_DIR / "06_treasurer.md", "--store", multi_copy)
    assert again.exit_code == 0, again.output
    assert "added 06_treasurer" in again.stdout
    [v] = entities(kg, multi_copy, "--search", "Vance")
    assert (v["iri"], v["articles"]) == (ENT + "robert-vance", 3)
    assert "Vance" in v["aliases"]
    assert review(kg, multi_copy) == []
    assert curation_quads(kg, multi_copy) == {(ENT + "vance", "sameAs", ENT + "robert-vance")}


def test_resolve_merge_survives_changed_article(
    kg: Invoke, own_articles: tuple[Path, Path]
) -> None:
    arts, store = own_articles
    assert kg("merge", "Vance", "Robert Vance", "--store", store).exit_code == 0
    f = arts / "06_treasurer.md"
    f.write_text(
        f.read_text(encoding="utf-8") + "\nVance was elected at the annual meeting.\n",
        encoding="utf-8",
    )
    result = kg("add", f, "--store", store)
    assert result.exit_code == 0, result.output
    assert "replaced 06_treasurer" in result.stdout
    [v] = entities(kg, store, "--search", "Vance")
    assert (v["iri"], v["name"], v["articles"]) == (ENT + "robert-vance", "Robert Vance", 3)
    p = show(kg, store, "Vance")
    assert ("memberOf", "Castavel Justice Coalition") in {
        (r["predicate"], r["other"]) for r in p["relations"]
    }


def test_resolve_merge_errors_are_one_line(kg: Invoke, multi_copy: Path) -> None:
    assert_one_line_error(
        kg("merge", "Nobody Here", "Robert Vance", "--store", multi_copy), "Nobody Here"
    )
    assert_one_line_error(kg("merge", "Bob Vance", "Robert Vance", "--store", multi_copy))
    assert_one_line_error(
        kg("merge", "Ruiz", "Ana Ruiz", "--store", multi_copy), "Ana Ruiz", "Tomas Ruiz"
    )
    assert curation_quads(kg, multi_copy) == set()


# -- split ----------------------------------------------------------------------------------
def _assert_vances_apart(kg: Invoke, store: Path) -> None:
    rows = by_name(entities(kg, store, "--search", "Vance"))
    assert sorted(rows) == ["Bob Vance", "Robert Vance", "Vance"]
    assert (rows["Bob Vance"]["iri"], rows["Bob Vance"]["articles"]) == (ENT + "bob-vance", 1)
    assert (rows["Robert Vance"]["iri"], rows["Robert Vance"]["articles"]) == (
        ENT + "robert-vance",
        1,
    )
    assert rows["Robert Vance"]["aliases"] == []
    bob = show(kg, store, "Bob Vance")
    assert bob["iri"] == ENT + "bob-vance"
    assert [a["id"] for a in bob["articles"]] == ["04_brennock_union"]
    assert [(r["predicate"], r["other"], r["amount"]) for r in bob["relations"]] == [
        ("funds", "Safe Marlowe PAC", 40000.0)
    ]
    assert [a["id"] for a in show(kg, store, "Robert Vance")["articles"]] == ["02_marlowe_race"]


def test_resolve_split_separates_linked_names(kg: Invoke, multi_copy: Path) -> None:
    result = kg("split", "Bob Vance", "Robert Vance", "--store", multi_copy)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == "kept Bob Vance and Robert Vance apart (1 article graph(s) updated)"
    )
    _assert_vances_apart(kg, multi_copy)
    assert curation_quads(kg, multi_copy) == {
        (ENT + "bob-vance", "differentFrom", ENT + "robert-vance")
    }
    # the split pair is never offered for review again
    assert not [c for c in review(kg, multi_copy) if pair(c) == {"Bob Vance", "Robert Vance"}]


def test_resolve_split_survives_remove_and_readd(kg: Invoke, multi_copy: Path) -> None:
    assert kg("split", "Bob Vance", "Robert Vance", "--store", multi_copy).exit_code == 0
    assert kg("remove", "04_brennock_union", "--store", multi_copy).exit_code == 0
    again = kg("add", FIXTURE_DIR / "04_brennock_union.md", "--store", multi_copy)
    assert again.exit_code == 0, again.output
    assert "added 04_brennock_union" in again.stdout
    assert "Bob Vance" not in again.stdout  # not linked this time
    _assert_vances_apart(kg, multi_copy)


def test_resolve_split_survives_changed_article(
    kg: Invoke, own_articles: tuple[Path, Path]
) -> None:
    arts, store = own_articles
    assert kg("split", "Bob Vance", "Robert Vance", "--store", store).exit_code == 0
    f = arts / "04_brennock_union.md"
    f.write_text(
        f.read_text(encoding="utf-8") + "\nThe union meets on Thursdays.\n", encoding="utf-8"
    )
    result = kg("add", f, "--store", store)
    assert result.exit_code == 0, result.output
    assert "replaced 04_brennock_union" in result.stdout
    assert "Bob Vance" not in result.stdout
    _assert_vances_apart(kg, store)


def test_resolve_split_of_merge_undoes_it(kg: Invoke, multi_copy: Path) -> None:
    assert kg("merge", "Vance", "Robert Vance", "--store", multi_copy).exit_code == 0
    result = kg("split", "Vance", "Robert Vance", "--store", multi_copy)
    assert result.exit_code == 0, result.output
    rows = by_name(entities(kg, multi_copy, "--search", "Vance"))
    assert sorted(rows) == ["Robert Vance", "Vance"]
    assert (rows["Vance"]["iri"], rows["Vance"]["articles"]) == (ENT + "vance", 1)
    assert rows["Robert Vance"]["articles"] == 2
    assert curation_quads(kg, multi_copy) == {
        (ENT + "vance", "differentFrom", ENT + "robert-vance")
    }
    assert review(kg, multi_copy) == []
    # and a re-add keeps them apart
    assert kg("remove", "06_treasurer", "--store", multi_copy).exit_code == 0
    assert kg("add", FIXTURE_DIR / "06_treasurer.md", "--store", multi_copy).exit_code == 0
    assert sorted(by_name(entities(kg, multi_copy, "--search", "Vance"))) == [
        "Robert Vance",
        "Vance",
    ]


def test_resolve_split_errors_are_one_line(kg: Invoke, multi_copy: Path) -> None:
    assert_one_line_error(
        kg("split", "Nobody Here", "Robert Vance", "--store", multi_copy), "Nobody Here"
    )
    assert_one_line_error(kg("split", "Ruiz", "Ana Ruiz", "--store", multi_copy), "Tomas Ruiz")
    result = kg("split", "Robert Vance", "Robert Vance", "--store", multi_copy)
    assert_no_crash(result)
    assert result.exit_code != 0
    assert curation_quads(kg, multi_copy) == set()
