"""kg money on tests/fixtures/multi: known flows, totals and paths.

The money in the fixture:
  Fairness Action Fund → Safe Marlowe PAC: $250,000 (01, 2026-01-10; the same gift again
      in 02, 2026-02-05) and $75,000 (05, 2026-05-01): two flows, $325,000;
  Robert Vance → Safe Marlowe PAC: $40,000 (02; and as "Bob Vance" in 04): one flow;
  Safe Marlowe PAC → Marisol Quintero: $100,000 (01) and $30,000 (05): $130,000.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Invoke, assert_one_line_error, invoke

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "multi"
ENT = "https://w3id.org/reform-kg/entity/"
FUND, PAC, DA = "Fairness Action Fund", "Safe Marlowe PAC", "Marisol Quintero"


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


def money(kg: Invoke, store: Path, donor: str, *args: str) -> dict:
    result = kg("money", donor, "--store", store, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def paths(report: dict) -> list[tuple[tuple[str, ...], float | None]]:
    return [(tuple(p["entities"]), p["at_most"]) for p in report["paths"]]


def recipients(report: dict) -> dict[str, tuple[float | None, float, int]]:
    return {r["name"]: (r["direct"], r["at_most"], r["paths"]) for r in report["recipients"]}


def hop_flows(report: dict) -> dict[tuple[str, str], list[tuple[float | None, list[str]]]]:
    """Each hop's flows: (amount, the articles reporting it)."""
    out = {}
    for p in report["paths"]:
        for h in p["hops"]:
            out[(h["from"], h["to"])] = [
                (f["amount"], [r["article"] for r in f["reports"]]) for f in h["flows"]
            ]
    return out


def test_money_two_hops_direct_and_at_most(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, FUND)
    assert (report["from"], report["from_iri"], report["max_hops"]) == (
        FUND,
        ENT + "fairness-action-fund",
        3,
    )
    assert paths(report) == [((FUND, PAC), 325000.0), ((FUND, PAC, DA), 130000.0)]
    assert recipients(report) == {
        PAC: (325000.0, 325000.0, 1),
        DA: (None, 130000.0, 1),  # nothing straight from the fund; at most the PAC's $130,000
    }
    assert [r["name"] for r in report["recipients"]] == [PAC, DA]  # largest bound first
    [one, two] = report["paths"]
    assert [h["total"] for h in two["hops"]] == [325000.0, 130000.0]
    assert [(h["from"], h["to"]) for h in two["hops"]] == [(FUND, PAC), (PAC, DA)]
    assert one["hops"][0] == two["hops"][0]


def test_money_repeated_flow_counted_once(kg: Invoke, multi_store: Path) -> None:
    flows = hop_flows(money(kg, multi_store, FUND))
    assert flows[(FUND, PAC)] == [
        (250000.0, ["01_marlowe_fund", "02_marlowe_race"]),  # one gift, reported twice
        (75000.0, ["05_later_gift"]),
    ]
    # the same gift reported under two names of one donor is one flow too
    vance = money(kg, multi_store, "Robert Vance")
    assert hop_flows(vance)[("Robert Vance", PAC)] == [
        (40000.0, ["02_marlowe_race", "04_brennock_union"])
    ]
    assert recipients(vance)[PAC] == (40000.0, 40000.0, 1)


def test_money_different_amounts_for_a_pair_are_added(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, PAC)
    assert paths(report) == [((PAC, DA), 130000.0)]
    assert hop_flows(report)[(PAC, DA)] == [
        (100000.0, ["01_marlowe_fund"]),
        (30000.0, ["05_later_gift"]),
    ]
    assert recipients(report) == {DA: (130000.0, 130000.0, 1)}


def test_money_reports_carry_sentence_title_and_date(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, FUND, "--max-hops", "1")
    [path] = report["paths"]
    [hop] = path["hops"]
    first = hop["flows"][0]["reports"][0]
    assert first == {
        "text": "The Fairness Action Fund gave $250,000 to Safe Marlowe PAC.",
        "article": "01_marlowe_fund",
        "title": "Fairness Action Fund backs Safe Marlowe PAC",
        "date": "2026-01-10",
    }


def test_money_to_keeps_paths_ending_there(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, FUND, "--to", "Quintero")
    assert paths(report) == [((FUND, PAC, DA), 130000.0)]
    assert recipients(report) == {DA: (None, 130000.0, 1)}
    # the donor's own name for a recipient it funds directly
    report = money(kg, multi_store, FUND, "--to", PAC)
    assert paths(report) == [((FUND, PAC), 325000.0)]
    # a recipient no path reaches
    report = money(kg, multi_store, FUND, "--to", "Ana Ruiz")
    assert report["paths"] == [] and report["recipients"] == []


def test_money_max_hops_one_keeps_direct_gifts(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, FUND, "--max-hops", "1")
    assert report["max_hops"] == 1
    assert paths(report) == [((FUND, PAC), 325000.0)]
    assert recipients(report) == {PAC: (325000.0, 325000.0, 1)}
    report = money(kg, multi_store, FUND, "--max-hops", "1", "--to", DA)
    assert report["paths"] == [] and report["recipients"] == []


def test_money_as_of_cuts_later_articles(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, FUND, "--as-of", "2026-03-31")
    assert paths(report) == [((FUND, PAC), 250000.0), ((FUND, PAC, DA), 100000.0)]
    assert recipients(report) == {PAC: (250000.0, 250000.0, 1), DA: (None, 100000.0, 1)}
    assert hop_flows(report) == {
        (FUND, PAC): [(250000.0, ["01_marlowe_fund", "02_marlowe_race"])],
        (PAC, DA): [(100000.0, ["01_marlowe_fund"])],
    }
    # before the second report the gift was still one flow, reported once
    early = money(kg, multi_store, FUND, "--as-of", "2026-01-31")
    assert hop_flows(early)[(FUND, PAC)] == [(250000.0, ["01_marlowe_fund"])]
    # a cut on the last day keeps that day's article
    assert recipients(money(kg, multi_store, FUND, "--as-of", "2026-05-01"))[PAC][0] == 325000.0


def test_money_donor_by_alias(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, "Bob Vance")
    assert report["from"] == "Robert Vance"
    assert paths(report) == [(("Robert Vance", PAC), 40000.0), (("Robert Vance", PAC, DA), 40000.0)]
    assert recipients(report) == {PAC: (40000.0, 40000.0, 1), DA: (None, 40000.0, 1)}


def test_money_a_recipient_gives_nothing(kg: Invoke, multi_store: Path) -> None:
    report = money(kg, multi_store, DA)
    assert report["paths"] == [] and report["recipients"] == []


def test_money_table_shows_chain_and_repeats(kg: Invoke, multi_store: Path) -> None:
    result = kg("money", FUND, "--store", multi_store)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "money from Fairness Action Fund (up to 3 hops): 2 path(s)" in out
    assert "Fairness Action Fund →$325,000→ Safe Marlowe PAC →$130,000→ Marisol Quintero" in out
    assert "Fairness Action Fund → Safe Marlowe PAC: $250,000 (reported 2 times)" in out
    assert "Fairness Action Fund → Safe Marlowe PAC: $75,000\n" in out


def test_money_errors_are_one_line(kg: Invoke, multi_store: Path) -> None:
    assert_one_line_error(kg("money", "Nobody Here", "--store", multi_store), "Nobody Here")
    assert_one_line_error(kg("money", "Ruiz", "--store", multi_store), "Ana Ruiz", "Tomas Ruiz")
    assert_one_line_error(kg("money", FUND, "--to", "Nobody Here", "--store", multi_store))
    # Vance is first reported on 2026-04-15
    assert_one_line_error(kg("money", "Vance", "--as-of", "2026-03-31", "--store", multi_store))
    result = kg("money", FUND, "--as-of", "31/03/2026", "--store", multi_store)
    assert result.exit_code != 0 and "Traceback" not in result.output
    result = kg("money", FUND, "--max-hops", "0", "--store", multi_store)
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_money_unreported_amount_is_shown_not_guessed(kg: Invoke, multi_copy: Path) -> None:
    text = (
        "The Orchard Trust is a foundation in Marlowe County.\n\n"
        "The Orchard Trust funded Safe Marlowe PAC.\n"
    )
    result = kg(
        "add", "-", "--id", "orchard", "--date", "2026-03-05", "--store", multi_copy, input=text
    )
    assert result.exit_code == 0, result.output
    report = money(kg, multi_copy, "Orchard Trust")
    assert paths(report) == [
        (("Orchard Trust", PAC), None),
        (("Orchard Trust", PAC, DA), None),
    ]
    assert hop_flows(report)[("Orchard Trust", PAC)] == [(None, ["orchard"])]
    by_name = {r["name"]: r for r in report["recipients"]}
    assert by_name[PAC]["direct"] is None
    assert by_name[PAC]["at_most"] == 0.0
    assert by_name[PAC]["paths_with_unreported_hops"] == 1
    assert by_name[DA]["paths_with_unreported_hops"] == 1


def test_money_to_the_donor_itself_is_no_crash(kg: Invoke, multi_store: Path) -> None:
    result = kg("money", PAC, "--to", PAC, "--store", multi_store, "--json")
    assert "internal error" not in result.stderr, result.stderr
    if result.exit_code == 0:
        report = json.loads(result.stdout)
        assert report["paths"] == [] and report["recipients"] == []
    else:
        assert_one_line_error(result)
