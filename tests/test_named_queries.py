"""Named queries (kg query NAME --param …) and article dates on tests/fixtures/multi."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import Invoke, assert_one_line_error, invoke

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "multi"
ENT = "https://w3id.org/reform-kg/entity/"
CUT = "2026-03-31"  # before 06 (2026-04-15) and 05 (2026-05-01)
FUND, PAC, DA = "Fairness Action Fund", "Safe Marlowe PAC", "Marisol Quintero"
NAMES = [
    "challengers-of",
    "donors",
    "facts-of-article",
    "funders-of",
    "members-of",
    "money-paths",
    "most-connected",
    "opponents-of",
    "prosecutors",
    "supporters-of",
]


@pytest.fixture(scope="module")
def multi_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles in one store. Never write to it: use multi_copy."""
    path = tmp_path_factory.mktemp("multi") / "store"
    result = invoke("add", FIXTURE_DIR, "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def multi_copy(multi_store: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "store"
    shutil.copytree(multi_store, dest)
    return dest


def run(kg: Invoke, store: Path, name: str, *args: str) -> list[dict[str, str | None]]:
    """A named query's rows, each variable's value as text (None when unbound)."""
    result = kg("query", name, "--store", store, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = data["head"]["vars"]
    return [
        {v: (b[v]["value"] if v in b else None) for v in names} for b in data["results"]["bindings"]
    ]


def cols(rows: list[dict], *names: str) -> list[tuple]:
    return [tuple(r[n] for n in names) for r in rows]


def sparql(kg: Invoke, store: Path, q: str) -> list[dict[str, str | None]]:
    result = kg("query", q, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = data["head"]["vars"]
    return [
        {v: (b[v]["value"] if v in b else None) for v in names} for b in data["results"]["bindings"]
    ]


# -- the list -------------------------------------------------------------------------------
def test_named_queries_list_names_each_with_its_params(kg: Invoke, multi_store: Path) -> None:
    result = kg("query", "--list", "--store", multi_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == NAMES
    params = {r["name"]: r["parameters"] for r in rows}
    assert params["funders-of"] == "entity (entity, required), asof (date)"
    assert params["money-paths"] == "from (entity, required), to (entity), asof (date)"
    assert params["facts-of-article"] == "article (article, required)"
    assert params["most-connected"] == "limit (integer, default 20), asof (date)"
    assert params["donors"] == params["prosecutors"] == "asof (date)"
    assert all(r["answers"] for r in rows)


# -- known answers --------------------------------------------------------------------------
def test_named_queries_prosecutors(kg: Invoke, multi_store: Path) -> None:
    rows = run(kg, multi_store, "prosecutors")
    assert cols(rows, "prosecutor", "name", "place", "place_name", "articles") == [
        (ENT + "ana-ruiz", "Ana Ruiz", ENT + "castavel-county", "Castavel County", "1"),
        (ENT + "marisol-quintero", DA, ENT + "marlowe-county", "Marlowe County", "1"),
    ]
    early = run(kg, multi_store, "prosecutors", "--as-of", "2026-02-10")
    assert cols(early, "name", "place_name") == [(DA, "Marlowe County")]
    assert run(kg, multi_store, "prosecutors", "--param", "asof=2025-12-31") == []


def test_named_queries_donors(kg: Invoke, multi_store: Path) -> None:
    rows = run(kg, multi_store, "donors")
    # distinct flows: the fund's $250,000 reported twice counts once; Vance's $40,000 is
    # reported as Robert and as Bob Vance and counts once
    assert cols(rows, "donor", "name", "total", "recipients", "unreported") == [
        (ENT + "fairness-action-fund", FUND, "325000", "1", "0"),
        (ENT + "safe-marlowe-pac", PAC, "130000", "1", "0"),
        (ENT + "robert-vance", "Robert Vance", "40000", "1", "0"),
    ]
    cut = run(kg, multi_store, "donors", "--as-of", CUT)
    assert cols(cut, "name", "total") == [
        (FUND, "250000"),
        (PAC, "100000"),
        ("Robert Vance", "40000"),
    ]


def test_named_queries_funders_of(kg: Invoke, multi_store: Path) -> None:
    rows = run(kg, multi_store, "funders-of", "--param", f"entity={PAC}")
    assert cols(rows, "name", "amount", "evidence", "title", "date") == [
        (
            FUND,
            "250000",
            "The Fairness Action Fund gave $250,000 to Safe Marlowe PAC.",
            "Fairness Action Fund backs Safe Marlowe PAC",
            "2026-01-10",
        ),
        (
            FUND,
            "250000",
            "The Fairness Action Fund gave $250,000 to Safe Marlowe PAC.",
            "Donors line up behind DA Quintero",
            "2026-02-05",
        ),
        (
            FUND,
            "75000",
            "The Fairness Action Fund gave $75,000 to Safe Marlowe PAC.",
            "Fund sends more money to Marlowe",
            "2026-05-01",
        ),
        (
            "Robert Vance",
            "40000",
            "Robert Vance gave $40,000 to Safe Marlowe PAC.",
            "Donors line up behind DA Quintero",
            "2026-02-05",
        ),
        (
            "Robert Vance",
            "40000",
            "Bob Vance gave $40,000 to Safe Marlowe PAC.",
            "Brennock union leader speaks out",
            "2026-03-01",
        ),
    ]
    assert {r["other"] for r in rows} == {ENT + "fairness-action-fund", ENT + "robert-vance"}
    cut = run(kg, multi_store, "funders-of", "--param", f"entity={PAC}", "--as-of", CUT)
    assert cols(cut, "name", "amount", "date") == [
        (FUND, "250000", "2026-01-10"),
        (FUND, "250000", "2026-02-05"),
        ("Robert Vance", "40000", "2026-02-05"),
        ("Robert Vance", "40000", "2026-03-01"),
    ]
    # a bare surname names the candidate as well as her full name does
    by_alias = run(kg, multi_store, "funders-of", "--param", "entity=Quintero")
    assert cols(by_alias, "name", "amount", "date") == [
        (PAC, "100000", "2026-01-10"),
        (PAC, "30000", "2026-05-01"),
    ]


def test_named_queries_supporters_opponents_challengers(kg: Invoke, multi_store: Path) -> None:
    sup = run(kg, multi_store, "supporters-of", "--param", "entity=Quintero")
    assert cols(sup, "name", "date") == [
        ("Brennock Carpenters Union", "2026-03-01"),
        ("Marlowe Defenders Fund", "2026-01-10"),
        (PAC, "2026-01-10"),
        (PAC, "2026-05-01"),
    ]
    assert sup[1]["evidence"] == "The Marlowe Defenders Fund endorsed Marisol Quintero."
    cut = run(kg, multi_store, "supporters-of", "--param", f"entity={DA}", "--as-of", CUT)
    assert cols(cut, "name", "date") == [
        ("Brennock Carpenters Union", "2026-03-01"),
        ("Marlowe Defenders Fund", "2026-01-10"),
        (PAC, "2026-01-10"),
    ]
    assert cols(
        run(kg, multi_store, "supporters-of", "--param", "entity=Ana Ruiz"), "name", "evidence"
    ) == [("Castavel Justice Coalition", "The Castavel Justice Coalition endorsed Ana Ruiz.")]
    opp = run(kg, multi_store, "opponents-of", "--param", f"entity={DA}")
    assert cols(opp, "other", "name", "evidence", "title", "date") == [
        (
            ENT + "marlowe-police-union",
            "Marlowe Police Union",
            "The Marlowe Police Union opposes Quintero.",
            "Donors line up behind DA Quintero",
            "2026-02-05",
        )
    ]
    ch = run(kg, multi_store, "challengers-of", "--param", f"entity={DA}")
    assert cols(ch, "other", "name", "evidence", "date") == [
        (
            ENT + "daniel-okafor",
            "Daniel Okafor",
            "Daniel Okafor is challenging Quintero.",
            "2026-02-05",
        )
    ]
    early = run(
        kg, multi_store, "challengers-of", "--param", f"entity={DA}", "--as-of", "2026-01-31"
    )
    assert early == []
    assert run(kg, multi_store, "opponents-of", "--param", "entity=Ana Ruiz") == []


def test_named_queries_members_of(kg: Invoke, multi_store: Path) -> None:
    rows = run(kg, multi_store, "members-of", "--param", "entity=Brennock Carpenters Union")
    assert cols(rows, "other", "name", "evidence", "title", "date") == [
        (
            ENT + "tomas-ruiz",
            "Tomas Ruiz",
            "Tomas Ruiz is the president of the Brennock Carpenters Union.",
            "Brennock union leader speaks out",
            "2026-03-01",
        )
    ]
    coalition = "entity=Castavel Justice Coalition"
    assert cols(run(kg, multi_store, "members-of", "--param", coalition), "name", "date") == [
        ("Vance", "2026-04-15")
    ]
    assert run(kg, multi_store, "members-of", "--param", coalition, "--as-of", CUT) == []


def test_named_queries_facts_of_article(kg: Invoke, multi_store: Path) -> None:
    rows = run(kg, multi_store, "facts-of-article", "--param", "article=02_marlowe_race")
    assert cols(rows, "subject", "predicate", "object", "amount", "evidence") == [
        (
            FUND,
            "funds",
            PAC,
            "250000",
            "The Fairness Action Fund gave $250,000 to Safe Marlowe PAC.",
        ),
        ("Robert Vance", "funds", PAC, "40000", "Robert Vance gave $40,000 to Safe Marlowe PAC."),
        ("Daniel Okafor", "challenges", DA, None, "Daniel Okafor is challenging Quintero."),
        ("Marlowe Police Union", "opposes", DA, None, "The Marlowe Police Union opposes Quintero."),
    ]
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts)
    # the same article by file name and by path
    for ref in ("02_marlowe_race.md", str(FIXTURE_DIR / "02_marlowe_race.md")):
        assert run(kg, multi_store, "facts-of-article", "--param", f"article={ref}") == rows
    # an article's own name for a linked entity is its label in that article's graph
    later = run(kg, multi_store, "facts-of-article", "--param", "article=05_later_gift")
    assert cols(later, "subject", "predicate", "object", "amount") == [
        (FUND, "funds", PAC, "75000"),
        (PAC, "funds", "Quintero", "30000"),
        (PAC, "supports", "Quintero", None),
    ]


def test_named_queries_most_connected(kg: Invoke, multi_store: Path) -> None:
    top = run(kg, multi_store, "most-connected", "--param", "limit=2")
    assert cols(top, "entity", "name", "relations", "articles") == [
        (ENT + "marisol-quintero", DA, "7", "4"),
        (ENT + "safe-marlowe-pac", PAC, "4", "4"),
    ]
    # the default limit lists every entity here, each with kg entities' relation count
    rows = run(kg, multi_store, "most-connected")
    result = kg("entities", "--store", multi_store, "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {e["iri"]: e["relations"] for e in json.loads(result.stdout)}
    assert {r["entity"]: int(r["relations"]) for r in rows} == listed
    cut = run(kg, multi_store, "most-connected", "--param", "limit=1", "--as-of", "2026-01-31")
    assert cols(cut, "name", "relations", "articles") == [(DA, "4", "1")]


# -- money-paths agrees with kg money -------------------------------------------------------
def _money_hops(kg: Invoke, store: Path, donor: str, *args: str) -> dict[tuple, list[float]]:
    result = kg("money", donor, "--store", store, "--json", *args)
    assert result.exit_code == 0, result.output
    return {
        tuple(p["entities"][1:]): [h["total"] for h in p["hops"]]
        for p in json.loads(result.stdout)["paths"]
    }


def _query_hops(kg: Invoke, store: Path, donor: str, *args: str) -> dict[tuple, list[float]]:
    out = {}
    for r in run(kg, store, "money-paths", "--param", f"from={donor}", *args):
        n = int(r["hops"])
        names = [r["first"], r["second"], r["third"]][:n]
        totals = [r["first_total"], r["second_total"], r["third_total"]][:n]
        out[tuple(names)] = [float(t) for t in totals]
    return out


@pytest.mark.parametrize(
    ("donor", "extra"),
    [
        (FUND, ()),
        (FUND, ("--as-of", CUT)),
        (FUND, ("--as-of", "2026-01-31")),
        ("Bob Vance", ()),
        (PAC, ()),
        (PAC, ("--as-of", CUT)),
    ],
)
def test_named_queries_money_paths_agrees_with_kg_money(
    kg: Invoke, multi_store: Path, donor: str, extra: tuple[str, ...]
) -> None:
    assert _query_hops(kg, multi_store, donor, *extra) == _money_hops(
        kg, multi_store, donor, *extra
    )


def test_named_queries_money_paths_known_hops(kg: Invoke, multi_store: Path) -> None:
    assert _query_hops(kg, multi_store, FUND) == {
        (PAC,): [325000.0],
        (PAC, DA): [325000.0, 130000.0],
    }
    assert _query_hops(kg, multi_store, FUND, "--param", "to=Quintero") == {
        (PAC, DA): [325000.0, 130000.0]
    }
    assert _money_hops(kg, multi_store, FUND, "--to", "Quintero") == {
        (PAC, DA): [325000.0, 130000.0]
    }
    assert _query_hops(kg, multi_store, FUND, "--as-of", CUT) == {
        (PAC,): [250000.0],
        (PAC, DA): [250000.0, 100000.0],
    }
    assert _query_hops(kg, multi_store, DA) == {}


# -- errors ---------------------------------------------------------------------------------
def test_named_queries_bad_params_are_one_line_errors(kg: Invoke, multi_store: Path) -> None:
    def q(*args: str):
        return kg("query", *args, "--store", multi_store, "--format", "csv")

    assert_one_line_error(q("funders-of"), "entity")
    assert_one_line_error(q("money-paths", "--param", "to=Quintero"), "from")
    assert_one_line_error(q("facts-of-article"), "article")
    assert_one_line_error(q("funders-of", "--param", "who=x"), "who", "entity, asof")
    assert_one_line_error(q("prosecutors", "--param", "entity=Quintero"), "entity")
    assert_one_line_error(q("funders-of", "--param", "entity"), "entity")
    assert_one_line_error(q("funders-of", "--param", "entity=Ruiz"), "Ana Ruiz", "Tomas Ruiz")
    assert_one_line_error(q("funders-of", "--param", "entity=Nobody Here"), "Nobody Here")
    assert_one_line_error(q("donors", "--as-of", "2026-3-1"), "2026-3-1")
    assert_one_line_error(q("donors", "--param", "asof=yesterday"), "yesterday")
    assert_one_line_error(q("most-connected", "--param", "limit=ten"), "ten")
    assert_one_line_error(q("facts-of-article", "--param", "article=nosuch"), "nosuch")
    assert_one_line_error(q("no-such-query"), "no-such-query")
    assert_one_line_error(q("no-such-query", "--param", "a=b"), "no-such-query")


# -- article dates and text -----------------------------------------------------------------
_ARTICLES = """SELECT ?id ?date ?source ?text WHERE {
  ?a a rkg:Article ; rkg:articleId ?id ; rkg:date ?date ; rkg:dateSource ?source ; rkg:text ?text
} ORDER BY ?id"""


def _dates(kg: Invoke, store: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    return {r["id"]: (r["date"], r["source"], r["text"]) for r in sparql(kg, store, _ARTICLES)}


def test_named_queries_metadata_dates_and_whole_text(kg: Invoke, multi_store: Path) -> None:
    got = _dates(kg, multi_store)
    files = sorted(FIXTURE_DIR.glob("*.md"))
    assert sorted(got) == [f.stem for f in files]
    for f in files:
        date, source, text = got[f.stem]
        assert source == "metadata"
        assert text == f.read_text(encoding="utf-8")
        assert f"\ndate: {date}\n" in text
    assert got["05_later_gift"][0] == "2026-05-01"


def test_named_queries_date_sources(kg: Invoke, multi_copy: Path, tmp_path: Path) -> None:
    undated = tmp_path / "undated_note.md"
    undated.write_text(
        "---\ntitle: A note without a date\n---\nThe Orchard Trust funded Safe Marlowe PAC.\n",
        encoding="utf-8",
    )
    noon = time.mktime((2025, 7, 4, 12, 0, 0, 0, 0, -1))
    os.utime(undated, (noon, noon))
    assert kg("add", undated, "--store", multi_copy).exit_code == 0
    piped = "The Marlowe Police Union met on Monday.\n"
    assert kg("add", "-", "--id", "piped", "--store", multi_copy, input=piped).exit_code == 0
    dated = "The Marlowe Defenders Fund met on Tuesday.\n"
    r = kg("add", "-", "--id", "dated", "--date", "2026-06-01", "--store", multi_copy, input=dated)
    assert r.exit_code == 0, r.output
    # --date overrides the article's own metadata, and says so
    r = kg("add", FIXTURE_DIR / "06_treasurer.md", "--date", "2026-03-15", "--store", multi_copy)
    assert r.exit_code == 0, r.output
    assert "replaced 06_treasurer" in r.stdout
    got = _dates(kg, multi_copy)
    assert got["undated_note"][:2] == ("2025-07-04", "file")
    assert got["piped"] == (dt.date.today().isoformat(), "added", piped)
    assert got["dated"] == ("2026-06-01", "option", dated)
    assert got["06_treasurer"][:2] == ("2026-03-15", "option")
    assert got["01_marlowe_fund"][:2] == ("2026-01-10", "metadata")
    # and the new date is the one --as-of reads: Vance is now reported by the cut
    cut = run(
        kg, multi_copy, "members-of", "--param", "entity=Castavel Justice Coalition", "--as-of", CUT
    )
    assert cols(cut, "name", "date") == [("Vance", "2026-03-15")]


def test_named_queries_bad_date_option_is_one_line_error(kg: Invoke, multi_copy: Path) -> None:
    r = kg("add", "-", "--id", "x", "--date", "2026-02-30", "--store", multi_copy, input="Hi.\n")
    assert_one_line_error(r, "2026-02-30")
    assert "x" not in _dates(kg, multi_copy)


def test_named_queries_donors_agrees_with_kg_money_on_unreported_flows(
    kg: Invoke, multi_copy: Path
) -> None:
    text = (
        "The Fairness Action Fund is based in Marlowe County.\n\n"
        "The Fairness Action Fund funded Safe Marlowe PAC.\n"
    )
    r = kg(
        "add", "-", "--id", "nofigure", "--date", "2026-02-10", "--store", multi_copy, input=text
    )
    assert r.exit_code == 0, r.output
    result = kg("money", FUND, "--max-hops", "1", "--store", multi_copy, "--json")
    assert result.exit_code == 0, result.output
    [hop] = json.loads(result.stdout)["paths"][0]["hops"]
    money_unreported = sum(1 for f in hop["flows"] if f["amount"] is None)
    [fund] = [r for r in run(kg, multi_copy, "donors") if r["name"] == FUND]
    assert fund["total"] == "325000"
    assert int(fund["unreported"]) == money_unreported
