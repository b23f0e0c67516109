"""kg eval: the guidelines' scoring, in agreement with shared/tools/score.py."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, assert_one_line_error

from kg.evaluate import EvalError, Gold, load_gold_dir, read_split, score_article

SCORE_PY = REPO.parent / "shared" / "tools" / "score.py"
TEXT = (
    "Philadelphia District Attorney Larry Krasner faces Carlos Vega. "
    "George Soros gave $1.7 million to the Justice & Public Safety PAC."
)


def ev(sentence: str) -> dict:
    start = TEXT.index(sentence)
    return {"text": sentence, "start": start, "end": start + len(sentence)}


S1 = "Philadelphia District Attorney Larry Krasner faces Carlos Vega."
S2 = "George Soros gave $1.7 million to the Justice & Public Safety PAC."


@pytest.fixture
def gold() -> Gold:
    return Gold.from_json(
        {
            "article": "a.txt",
            "entities": [
                {"name": "Larry Krasner", "category": "Prosecutor", "aliases": ["Krasner"]},
                {"name": "Philadelphia", "category": "Place", "aliases": []},
                {"name": "Carlos Vega", "category": "Person", "aliases": []},
                {"name": "George Soros", "category": "Person", "aliases": []},
                {"name": "Justice & Public Safety PAC", "category": "PAC", "aliases": []},
            ],
            "relations": [
                {"subject": "Larry Krasner", "predicate": "prosecutorOf", "object": "Philadelphia"},
                {"subject": "Larry Krasner", "predicate": "challenges", "object": "Carlos Vega"},
                {
                    "subject": "George Soros",
                    "predicate": "funds",
                    "object": "Justice & Public Safety PAC",
                    "amount": 1700000,
                },
                {
                    "subject": "George Soros",
                    "predicate": "funds",
                    "object": "Larry Krasner",
                    "optional": True,
                },
            ],
        },
        "a.json",
    )


def ents(*pairs: tuple[str, str]) -> list[dict]:
    return [{"name": n, "category": c} for n, c in pairs]


ALL = ents(
    ("Krasner", "Prosecutor"),
    ("Philadelphia", "Place"),
    ("Carlos Vega", "Prosecutor"),
    ("George Soros", "Person"),
    ("the Justice and Public Safety PAC's", "PAC"),
    ("Kensington", "Place"),
)


def test_evaluate_matches_entities_by_alias_and_normalized_name(gold: Gold) -> None:
    s = score_article(gold, {"entities": ALL, "relations": []}, TEXT)
    assert s.counts["ent_tp"] == 5 and s.counts["ent_pred"] == 6
    assert s.counts["ent_tp_typed"] == 4
    assert s.wrong_category == ["Carlos Vega Prosecutor (gold Person)"]
    assert s.extra_entities == ["Kensington (Place)"]


def test_evaluate_challenges_either_way_optional_ignored_amount_within_one_percent(
    gold: Gold,
) -> None:
    rels = [
        {
            "subject": "Carlos Vega",
            "predicate": "challenges",
            "object": "Krasner",
            "evidence": ev(S1),
        },
        {"subject": "George Soros", "predicate": "funds", "object": "Krasner", "evidence": ev(S2)},
        {
            "subject": "George Soros",
            "predicate": "funds",
            "object": "the Justice and Public Safety PAC's",
            "amount": 1_710_000,
            "evidence": ev(S2),
        },
    ]
    s = score_article(gold, {"entities": ALL, "relations": rels}, TEXT)
    assert (s.counts["rel_tp"], s.counts["rel_fp"], s.counts["rel_gold"]) == (2, 0, 3)
    assert (s.counts["amt_ok"], s.counts["amt_found"]) == (1, 1)
    assert s.missed_relations == ["Larry Krasner -prosecutorOf-> Philadelphia"]
    rels[2]["amount"] = 1_800_000
    s = score_article(gold, {"entities": ALL, "relations": rels}, TEXT)
    assert (s.counts["amt_ok"], s.counts["amt_found"]) == (0, 1)
    assert s.wrong_amounts


def test_evaluate_bad_evidence_is_a_false_alarm(gold: Gold) -> None:
    wrong = dict(ev(S1), start=ev(S1)["start"] + 1)
    rels = [
        {
            "subject": "Krasner",
            "predicate": "prosecutorOf",
            "object": "Philadelphia",
            "evidence": wrong,
        }
    ]
    s = score_article(gold, {"entities": ALL, "relations": rels}, TEXT)
    assert (s.counts["rel_tp"], s.counts["rel_fp"], s.counts["bad_evidence"]) == (0, 1, 1)
    assert s.false_relations == ["Larry Krasner -prosecutorOf-> Philadelphia bad evidence"]


def test_evaluate_unscored_predicates_and_repeats_count_once(gold: Gold) -> None:
    rel = {
        "subject": "Krasner",
        "predicate": "prosecutorOf",
        "object": "Philadelphia",
        "evidence": ev(S1),
    }
    other = {
        "subject": "Krasner",
        "predicate": "mayorOf",
        "object": "Philadelphia",
        "evidence": ev(S1),
    }
    unmatched = {
        "subject": "Kensington",
        "predicate": "supports",
        "object": "Krasner",
        "evidence": ev(S1),
    }
    s = score_article(gold, {"entities": ALL, "relations": [rel, rel, other, unmatched]}, TEXT)
    assert (s.counts["rel_tp"], s.counts["rel_fp"]) == (1, 1)
    assert s.false_relations == ["Kensington -supports-> Krasner (unmatched end)"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"article": "a.txt", "entities": [{"name": "X", "category": "Mayor"}]}, "category"),
        (
            {
                "article": "a.txt",
                "entities": [{"name": "X", "category": "Person"}],
                "relations": [{"subject": "X", "predicate": "likes", "object": "X"}],
            },
            "predicate",
        ),
        (
            {
                "article": "a.txt",
                "entities": [{"name": "X", "category": "Person", "aliases": ["Y"]}],
                "relations": [{"subject": "Y", "predicate": "supports", "object": "X"}],
            },
            "not an entity name",
        ),
        ({"entities": []}, "article"),
    ],
)
def test_evaluate_rejects_bad_gold(data: dict, needle: str) -> None:
    with pytest.raises(EvalError, match=needle):
        Gold.from_json(data, "g.json")


def test_evaluate_split_file_selects_gold(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("a", "b", "c"):
        (gold / f"{name}.json").write_text(json.dumps({"article": f"{name}.txt", "entities": []}))
    (tmp_path / "split.txt").write_text("# which is which\ndev a\ntest b.json\ndev c  # late\n")
    assert read_split(tmp_path / "split.txt") == {"a": "dev", "b": "test", "c": "dev"}
    assert [g.article for g in load_gold_dir(gold, "dev")] == ["a.txt", "c.txt"]
    assert [g.article for g in load_gold_dir(gold, "test")] == ["b.txt"]
    with pytest.raises(EvalError, match="no split 'tset'"):
        load_gold_dir(gold, "tset")


def test_evaluate_cli_errors_are_one_line(kg, tmp_path: Path) -> None:
    assert_one_line_error(kg("eval", tmp_path / "nope"), "no such file")
    (tmp_path / "g.json").write_text("{not json")
    assert_one_line_error(kg("eval", tmp_path, tmp_path), "bad gold file", "g.json")
    (tmp_path / "g.json").write_text(json.dumps({"article": "missing.txt", "entities": []}))
    assert_one_line_error(kg("eval", tmp_path, tmp_path), "no article", "missing.txt")


def test_evaluate_corpus_split_covers_every_gold_file() -> None:
    table = read_split(REPO / "corpus" / "split.txt")
    stems = {p.stem for p in (REPO / "corpus" / "gold").glob("*.json")}
    assert set(table) == stems
    assert set(table.values()) == {"dev", "test"}
    assert sum(v == "test" for v in table.values()) >= 20


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three corpus gold files with money, a recall and a Q&A in them."""
    d = tmp_path_factory.mktemp("gold")
    for stem in ("000_f2868a0e3aa09fad", "102_boudin_recall_2022", "106_qa_color_of_change"):
        shutil.copy(REPO / "corpus" / "gold" / f"{stem}.json", d)
    return d


def test_evaluate_show_lists_misses_per_article(kg, small_gold: Path) -> None:
    r = kg("eval", small_gold, REPO / "corpus" / "articles", "--show")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("== ") == 3
    assert "prosecutorOf" in r.stdout and "relations P " in r.stdout.splitlines()[-1]
    data = json.loads(
        kg("eval", small_gold, REPO / "corpus" / "articles", "--show", "--json").stdout
    )
    assert len(data["articles"]) == 3 and data["summary"]["articles"] == 3


@pytest.mark.skipif(not SCORE_PY.exists(), reason="shared/tools/score.py is not beside the repo")
def test_evaluate_agrees_with_shared_score_py(kg, small_gold: Path, tmp_path: Path) -> None:
    kg_script = Path(sys.executable).parent / "kg"
    out = tmp_path / "score.json"
    subprocess.run(
        [
            sys.executable,
            str(SCORE_PY),
            str(small_gold),
            str(REPO / "corpus" / "articles"),
            "--kg",
            str(kg_script),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    theirs = json.loads(out.read_text())
    ours = json.loads(kg("eval", small_gold, REPO / "corpus" / "articles", "--json").stdout)[
        "summary"
    ]
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value), key
