"""A SPARQL endpoint as the store: the same commands give the same answers as the embedded one.

A real ``oxigraph serve`` (the PyPI package ``oxigraph``) is started on 127.0.0.1 for
the session and stopped after it; each test starts from an empty dataset.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS, Invoke, assert_one_line_error

from kg.remote import RemoteStore
from kg.store import KGStore

ARTICLES = [
    "000_f2868a0e3aa09fad.txt",
    "103_real_justice_krasner_2017.txt",
    "115_seth_williams_explainer.txt",
    "140_bell_ousts_mcculloch_election_night.txt",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("oxigraph serve exited: " + proc.stderr.read().decode()[-500:])
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph serve did not start")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def remote(oxigraph_server: str) -> str:
    """The endpoint, emptied."""
    body = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    urllib.request.urlopen(oxigraph_server + "/update", data=body, timeout=10).read()
    return oxigraph_server


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for name in ARTICLES:
        shutil.copy(CORPUS / name, d / name)
    return d


def _both(kg: Invoke, remote: str, embedded: Path, *args) -> tuple[str, str]:
    a = kg(*args, "--store", remote)
    b = kg(*args, "--store", embedded)
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    return a.stdout, b.stdout


def test_remote_same_answers_as_embedded(remote: str, articles: Path, tmp_path: Path, kg: Invoke):
    embedded = tmp_path / "store"
    added = _both(kg, remote, embedded, "add", articles)
    assert added[0] == added[1]
    stats = [json.loads(s) for s in _both(kg, remote, embedded, "stats", "--json")]
    assert stats[0] == stats[1] and stats[0]["articles"] == len(ARTICLES)
    for args in (
        ("query", "prosecutors", "--format", "csv"),
        ("query", "donors", "--format", "csv"),
        ("show", "Larry Krasner", "--json"),
        ("money", "George Soros", "--json"),
        ("entities", "--format", "csv"),
        ("review", "--json"),
        ("articles", "--format", "csv"),
    ):
        a, b = _both(kg, remote, embedded, *args)
        assert a == b, args
    v = _both(kg, remote, embedded, "viz", "--out", tmp_path / "m.html")
    assert v[0] == v[1]


def test_remote_replace_and_remove_like_embedded(
    remote: str, articles: Path, tmp_path: Path, kg: Invoke
):
    embedded = tmp_path / "store"
    _both(kg, remote, embedded, "add", articles)
    changed = articles / ARTICLES[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKrasner won.\n", encoding="utf-8")
    a, b = _both(kg, remote, embedded, "add", changed)
    assert "replaced" in a and a == b
    a, b = _both(kg, remote, embedded, "remove", ARTICLES[2].removesuffix(".txt"))
    assert a == b
    stats = [json.loads(s) for s in _both(kg, remote, embedded, "stats", "--json")]
    assert stats[0] == stats[1] and stats[0]["articles"] == len(ARTICLES) - 1
    graphs = KGStore.open(remote).query(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=False
    )
    assert len(list(graphs)) == len(ARTICLES) - 1  # the old version's graph is gone


def test_remote_replacing_an_article_is_one_update_request(
    remote: str, articles: Path, kg: Invoke, monkeypatch
):
    assert kg("add", articles, "--store", remote).exit_code == 0
    calls: list[str] = []
    real = RemoteStore.update

    def counting(self, sparql: str) -> None:
        calls.append(sparql)
        real(self, sparql)

    monkeypatch.setattr(RemoteStore, "update", counting)
    changed = articles / ARTICLES[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nKrasner won.\n", encoding="utf-8")
    result = kg("add", changed, "--store", remote)
    assert "replaced" in result.stdout, result.output
    assert len(calls) == 1  # drop the old graph and insert the new one: one request
    assert "DROP SILENT GRAPH" in calls[0] and "INSERT DATA" in calls[0]


def test_remote_failed_update_changes_nothing(remote: str, articles: Path, kg: Invoke):
    assert kg("add", articles, "--store", remote).exit_code == 0
    store = KGStore.open(remote)
    before = len(store.oxigraph)
    with pytest.raises(SyntaxError):
        store.oxigraph.update(
            'INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" } } ;\nDROP ALL ;\nNOT SPARQL'
        )
    assert len(store.oxigraph) == before


def test_remote_curation_survives_remove_and_readd(remote: str, articles: Path, kg: Invoke):
    assert kg("add", articles, "--store", remote).exit_code == 0
    merged = kg("merge", "Bob McCulloch", "Robert McCulloch", "--store", remote)
    assert merged.exit_code == 0, merged.output
    stem = ARTICLES[3].removesuffix(".txt")
    assert kg("remove", stem, "--store", remote).exit_code == 0
    assert kg("add", articles / ARTICLES[3], "--store", remote).exit_code == 0
    rows = json.loads(kg("entities", "--search", "mcculloch", "--json", "--store", remote).stdout)
    assert [r["name"] for r in rows] == ["Robert McCulloch"]
    assert "Bob McCulloch" in rows[0]["aliases"]


def test_remote_unreachable_endpoint_is_one_line_error(kg: Invoke):
    url = f"http://127.0.0.1:{_free_port()}"
    line = assert_one_line_error(kg("stats", "--store", url), "cannot reach the SPARQL endpoint")
    assert url in line


def test_remote_not_an_endpoint_is_one_line_error(oxigraph_server: str, kg: Invoke):
    assert_one_line_error(kg("stats", "--store", oxigraph_server + "/nowhere"), "SPARQL endpoint")
