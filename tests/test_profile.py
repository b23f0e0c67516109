"""kg entities and kg show on tests/fixtures/multi: known entities, relations and sources."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Invoke, assert_no_crash, assert_one_line_error, invoke

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "multi"
ENT = "https://w3id.org/reform-kg/entity/"
CUT = "2026-03-31"  # before 06 (2026-04-15) and 05 (2026-05-01)

TITLES = {
    "01_marlowe_fund": ("Fairness Action Fund backs Safe Marlowe PAC", "2026-01-10"),
    "02_marlowe_race": ("Donors line up behind DA Quintero", "2026-02-05"),
    "03_castavel_da": ("Castavel prosecutor sets priorities", "2026-02-20"),
    "04_brennock_union": ("Brennock union leader speaks out", "2026-03-01"),
    "05_later_gift": ("Fund sends more money to Marlowe", "2026-05-01"),
    "06_treasurer": ("Castavel coalition names a treasurer", "2026-04-15"),
}

# name → (category, aliases, articles, relations), the whole fixture
ALL_ENTITIES = {
    "Marisol Quintero": ("Prosecutor", ["Quintero"], 4, 7),
    "Safe Marlowe PAC": ("PAC", [], 4, 4),
    "Fairness Action Fund": ("PAC", [], 3, 1),
    "Castavel Justice Coalition": ("Organization", [], 2, 2),
    "Robert Vance": ("Person", ["Bob Vance"], 2, 1),
    "Ana Ruiz": ("Prosecutor", ["Ruiz"], 1, 2),
    "Brennock Carpenters Union": ("Organization", [], 1, 2),
    "Castavel County": ("Place", [], 1, 1),
    "Daniel Okafor": ("Person", [], 1, 1),
    "Marlowe County": ("Place", [], 1, 1),
    "Marlowe Defenders Fund": ("Organization", [], 1, 1),
    "Marlowe Police Union": ("Organization", [], 1, 1),
    "Tomas Ruiz": ("Person", ["Ruiz"], 1, 1),
    "Vance": ("Person", [], 1, 1),
}


@pytest.fixture(scope="module")
def multi_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles in one store (read only here)."""
    path = tmp_path_factory.mktemp("multi") / "store"
    result = invoke("add", FIXTURE_DIR, "--store", path)
    assert result.exit_code == 0, result.output
    return path


def entities(kg: Invoke, store: Path, *args: str) -> list[dict]:
    result = kg("entities", "--store", store, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def show(kg: Invoke, store: Path, name: str, *args: str) -> dict:
    result = kg("show", name, "--store", store, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rel_key(r: dict) -> tuple[str, str, str]:
    return (r["direction"], r["predicate"], r["other"])


def stored_text(kg: Invoke, store: Path, article_id: str) -> str:
    q = f'SELECT ?t WHERE {{ ?a rkg:articleId "{article_id}" ; rkg:text ?t }}'
    result = kg("query", q, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["results"]["bindings"]
    return row["t"]["value"]


# -- kg entities ----------------------------------------------------------------------------
def test_profile_entities_lists_every_entity(kg: Invoke, multi_store: Path) -> None:
    rows = entities(kg, multi_store)
    got = {r["name"]: (r["category"], r["aliases"], r["articles"], r["relations"]) for r in rows}
    assert got == ALL_ENTITIES
    # most-mentioned first, then most relations
    assert [r["name"] for r in rows[:3]] == [
        "Marisol Quintero",
        "Safe Marlowe PAC",
        "Fairness Action Fund",
    ]
    assert {r["iri"] for r in rows} >= {ENT + "marisol-quintero", ENT + "robert-vance"}
    assert len({r["iri"] for r in rows}) == len(rows)


def test_profile_entities_category_filter(kg: Invoke, multi_store: Path) -> None:
    names = lambda rows: sorted(r["name"] for r in rows)  # noqa: E731
    assert names(entities(kg, multi_store, "--category", "Prosecutor")) == [
        "Ana Ruiz",
        "Marisol Quintero",
    ]
    assert names(entities(kg, multi_store, "--category", "pac")) == [
        "Fairness Action Fund",
        "Safe Marlowe PAC",
    ]
    assert names(entities(kg, multi_store, "--category", "Place")) == [
        "Castavel County",
        "Marlowe County",
    ]
    assert names(entities(kg, multi_store, "--category", "Person")) == [
        "Daniel Okafor",
        "Robert Vance",
        "Tomas Ruiz",
        "Vance",
    ]


def test_profile_entities_search_matches_any_name(kg: Invoke, multi_store: Path) -> None:
    names = lambda rows: sorted(r["name"] for r in rows)  # noqa: E731
    assert names(entities(kg, multi_store, "--search", "marlowe")) == [
        "Marlowe County",
        "Marlowe Defenders Fund",
        "Marlowe Police Union",
        "Safe Marlowe PAC",
    ]
    # an alias is searched too: "Bob" is only in the alias Bob Vance
    assert names(entities(kg, multi_store, "--search", "bob")) == ["Robert Vance"]
    assert names(entities(kg, multi_store, "--search", "Ruiz", "--category", "Prosecutor")) == [
        "Ana Ruiz"
    ]
    assert entities(kg, multi_store, "--search", "nobody at all") == []


def test_profile_entities_as_of_cuts_later_articles(kg: Invoke, multi_store: Path) -> None:
    rows = {r["name"]: r for r in entities(kg, multi_store, "--as-of", CUT)}
    assert "Vance" not in rows  # only in 06, 2026-04-15
    assert set(rows) == set(ALL_ENTITIES) - {"Vance"}
    assert rows["Marisol Quintero"]["articles"] == 3
    assert rows["Fairness Action Fund"]["articles"] == 2
    assert rows["Castavel Justice Coalition"]["articles"] == 1
    assert rows["Safe Marlowe PAC"]["relations"] == 4  # the same edges, fewer sources
    early = {r["name"] for r in entities(kg, multi_store, "--as-of", "2026-01-31")}
    assert early == {
        "Marisol Quintero",
        "Marlowe County",
        "Fairness Action Fund",
        "Safe Marlowe PAC",
        "Marlowe Defenders Fund",
    }
    assert entities(kg, multi_store, "--as-of", "2025-12-31") == []


def test_profile_entities_csv_and_table(kg: Invoke, multi_store: Path) -> None:
    result = kg("entities", "--store", multi_store, "--format", "csv", "--category", "Prosecutor")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["name", "category", "aliases", "articles", "relations"],
        ["Marisol Quintero", "Prosecutor", "Quintero", "4", "7"],
        ["Ana Ruiz", "Prosecutor", "Ruiz", "1", "2"],
    ]
    table = kg("entities", "--store", multi_store, "--search", "Vance")
    assert table.exit_code == 0, table.output
    assert "Robert Vance" in table.stdout and "Bob Vance" in table.stdout


# -- kg show --------------------------------------------------------------------------------
def test_profile_show_lists_relations_with_evidence(kg: Invoke, multi_store: Path) -> None:
    p = show(kg, multi_store, "Marisol Quintero")
    assert (p["iri"], p["name"], p["category"], p["categories"], p["aliases"]) == (
        ENT + "marisol-quintero",
        "Marisol Quintero",
        "Prosecutor",
        ["Person", "Prosecutor"],
        ["Quintero"],
    )
    assert [rel_key(r) for r in p["relations"]] == [
        ("out", "prosecutorOf", "Marlowe County"),
        ("in", "challenges", "Daniel Okafor"),
        ("in", "supports", "Brennock Carpenters Union"),
        ("in", "supports", "Marlowe Defenders Fund"),
        ("in", "supports", "Safe Marlowe PAC"),
        ("in", "opposes", "Marlowe Police Union"),
        ("in", "funds", "Safe Marlowe PAC"),
    ]
    rels = {rel_key(r): r for r in p["relations"]}
    challenge = rels[("in", "challenges", "Daniel Okafor")]
    assert challenge["other_iri"] == ENT + "daniel-okafor"
    assert challenge["date"] == "2026-02-05"
    [ev] = challenge["evidence"]
    assert (ev["text"], ev["article"], ev["title"], ev["date"], ev["amount"]) == (
        "Daniel Okafor is challenging Quintero.",
        "02_marlowe_race",
        "Donors line up behind DA Quintero",
        "2026-02-05",
        None,
    )
    funds = rels[("in", "funds", "Safe Marlowe PAC")]
    assert [(e["article"], e["amount"], e["text"]) for e in funds["evidence"]] == [
        (
            "01_marlowe_fund",
            100000.0,
            "Safe Marlowe PAC spent $100,000 supporting Marisol Quintero.",
        ),
        ("05_later_gift", 30000.0, "Safe Marlowe PAC spent $30,000 supporting Quintero."),
    ]
    assert funds["date"] == "2026-01-10"  # the first report
    # every piece of evidence carries its article's title and date
    for r in p["relations"]:
        for e in r["evidence"]:
            assert (e["title"], e["date"]) == TITLES[e["article"]], e


def test_profile_show_evidence_offsets_point_into_the_article(
    kg: Invoke, multi_store: Path
) -> None:
    p = show(kg, multi_store, "Safe Marlowe PAC")
    texts: dict[str, str] = {}
    n = 0
    for r in p["relations"]:
        for e in r["evidence"]:
            text = texts.get(e["article"]) or texts.setdefault(
                e["article"], stored_text(kg, multi_store, e["article"])
            )
            assert text[e["start"] : e["end"]] == e["text"]
            n += 1
    assert n == 9


def test_profile_show_money_totals(kg: Invoke, multi_store: Path) -> None:
    pac = show(kg, multi_store, "Safe Marlowe PAC")
    # in: the fund's $250,000 (reported twice, counted once) + $75,000, and Vance's $40,000
    # (reported as Robert and as Bob Vance, once); out: $100,000 + $30,000 to Quintero
    assert (pac["money_in"], pac["money_out"]) == (365000.0, 130000.0)
    assert [rel_key(r) for r in pac["relations"]] == [
        ("out", "supports", "Marisol Quintero"),
        ("out", "funds", "Marisol Quintero"),
        ("in", "funds", "Fairness Action Fund"),
        ("in", "funds", "Robert Vance"),
    ]
    fund = show(kg, multi_store, "Fairness Action Fund")
    assert (fund["money_in"], fund["money_out"]) == (0.0, 325000.0)
    assert [a["id"] for a in fund["articles"]] == [
        "01_marlowe_fund",
        "02_marlowe_race",
        "05_later_gift",
    ]
    da = show(kg, multi_store, "Marisol Quintero")
    assert (da["money_in"], da["money_out"]) == (130000.0, 0.0)
    vance = show(kg, multi_store, "Robert Vance")
    assert (vance["money_in"], vance["money_out"]) == (0.0, 40000.0)


def test_profile_show_lists_articles_by_date(kg: Invoke, multi_store: Path) -> None:
    p = show(kg, multi_store, "Quintero")
    got = [(a["id"], a["title"], a["date"]) for a in p["articles"]]
    ids = ["01_marlowe_fund", "02_marlowe_race", "04_brennock_union", "05_later_gift"]
    assert got == [(i, *TITLES[i]) for i in ids]
    assert all(a["iri"].startswith("https://w3id.org/reform-kg/article/") for a in p["articles"])


def test_profile_show_works_with_an_alias(kg: Invoke, multi_store: Path) -> None:
    p = show(kg, multi_store, "Bob Vance")
    assert (p["iri"], p["name"], p["aliases"]) == (
        ENT + "robert-vance",
        "Robert Vance",
        ["Bob Vance"],
    )
    [funds] = p["relations"]
    assert rel_key(funds) == ("out", "funds", "Safe Marlowe PAC")
    assert funds["amount"] == 40000.0
    assert [e["text"] for e in funds["evidence"]] == [
        "Robert Vance gave $40,000 to Safe Marlowe PAC.",
        "Bob Vance gave $40,000 to Safe Marlowe PAC.",
    ]
    # the IRI and its last part work too, and names are compared without case
    assert show(kg, multi_store, ENT + "robert-vance")["name"] == "Robert Vance"
    assert show(kg, multi_store, "robert-vance")["name"] == "Robert Vance"
    assert show(kg, multi_store, "BOB VANCE")["name"] == "Robert Vance"


def test_profile_show_as_of_cuts_later_articles(kg: Invoke, multi_store: Path) -> None:
    p = show(kg, multi_store, "Marisol Quintero", "--as-of", CUT)
    assert (p["money_in"], p["money_out"]) == (100000.0, 0.0)
    assert [a["id"] for a in p["articles"]] == [
        "01_marlowe_fund",
        "02_marlowe_race",
        "04_brennock_union",
    ]
    rels = {rel_key(r): r for r in p["relations"]}
    assert len(rels) == 7
    assert [e["article"] for e in rels[("in", "funds", "Safe Marlowe PAC")]["evidence"]] == [
        "01_marlowe_fund"
    ]
    assert [e["article"] for e in rels[("in", "supports", "Safe Marlowe PAC")]["evidence"]] == [
        "01_marlowe_fund"
    ]
    early = show(kg, multi_store, "Marisol Quintero", "--as-of", "2026-01-31")
    assert [rel_key(r) for r in early["relations"]] == [
        ("out", "prosecutorOf", "Marlowe County"),
        ("in", "supports", "Marlowe Defenders Fund"),
        ("in", "supports", "Safe Marlowe PAC"),
        ("in", "funds", "Safe Marlowe PAC"),
    ]
    pac = show(kg, multi_store, "Safe Marlowe PAC", "--as-of", CUT)
    assert (pac["money_in"], pac["money_out"]) == (290000.0, 100000.0)


def test_profile_show_as_of_before_first_report_is_an_error(kg: Invoke, multi_store: Path) -> None:
    line = assert_one_line_error(
        kg("show", "Vance", "--as-of", CUT, "--store", multi_store), "Vance", CUT
    )
    assert "Robert" not in line
    result = kg("show", "Marisol Quintero", "--as-of", "31.03.2026", "--store", multi_store)
    assert_no_crash(result)
    assert result.exit_code != 0
    assert "31.03.2026" in result.stderr


def test_profile_show_ambiguous_name_lists_candidates(kg: Invoke, multi_store: Path) -> None:
    line = assert_one_line_error(
        kg("show", "Ruiz", "--store", multi_store),
        "Ruiz",
        "Ana Ruiz",
        "Tomas Ruiz",
        ENT + "ana-ruiz",
        ENT + "tomas-ruiz",
    )
    assert "Quintero" not in line


def test_profile_show_unknown_name_is_an_error(kg: Invoke, multi_store: Path) -> None:
    assert_one_line_error(kg("show", "Nobody Here", "--store", multi_store), "Nobody Here")
    assert_one_line_error(kg("show", "   ", "--store", multi_store))


def test_profile_show_table(kg: Invoke, multi_store: Path) -> None:
    result = kg("show", "Quintero", "--store", multi_store)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Marisol Quintero  (Prosecutor; Person, Prosecutor)  <" + ENT + "marisol-quintero>\n"
    )
    assert "also called: Quintero\n" in out
    assert "money in: $130,000   money out: $0" in out
    assert "Daniel Okafor challenges Marisol Quintero\n" in out
    assert "   “Daniel Okafor is challenging Quintero.”\n" in out
    assert "      — Donors line up behind DA Quintero, 2026-02-05\n" in out
    assert "mentioned in 4 article(s):" in out
    assert "   2026-05-01  Fund sends more money to Marlowe  (05_later_gift)" in out


def test_profile_show_as_of_cuts_categories(kg: Invoke, multi_store: Path) -> None:
    # up to 2026-01-31 only 01 reports her, as a Prosecutor; 04 and 05 (later) read "Person"
    p = show(kg, multi_store, "Marisol Quintero", "--as-of", "2026-01-31")
    assert [a["id"] for a in p["articles"]] == ["01_marlowe_fund"]
    assert p["categories"] == ["Prosecutor"]
