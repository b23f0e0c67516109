"""Shared fixtures: one corpus store built once per session, copied when a test writes to it.

Loading spaCy takes about two seconds, so ``kg add corpus/articles`` runs once (through
click's CliRunner on :data:`kg.cli.cli`, in this process, which then keeps the pipeline
loaded for the few tests that add more text). Tests that only read use ``corpus_store``
directly; tests that change a store use ``store_copy``.
"""

from __future__ import annotations

import hashlib
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus" / "articles"
SEED = CORPUS / "000_f2868a0e3aa09fad.txt"
SEED_ID = "000_f2868a0e3aa09fad"
CORPUS_IDS = sorted(p.stem for p in CORPUS.glob("*.txt"))
ARTICLE_NS = "https://w3id.org/reform-kg/article/"


def text_iri(text: str | bytes) -> str:
    """An article's IRI (and named graph): its text's SHA-256, first 16 hex digits."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return ARTICLE_NS + hashlib.sha256(data).hexdigest()[:16]


SEED_IRI = text_iri(SEED.read_bytes())
CORPUS_IRIS = {p.stem: text_iri(p.read_bytes()) for p in CORPUS.glob("*.txt")}

Invoke = Callable[..., Result]


def invoke(
    *args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """Run ``kg ARGS`` in-process; ``result.stdout`` and ``result.stderr`` are separate."""
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, env=env)
    if result.exc_info is not None:
        # The traceback keeps the command's frames, and so its open store, alive: a later
        # command on the same store would race the writer's background compaction.
        traceback.clear_frames(result.exc_info[2])
    return result


def assert_no_crash(result: Result) -> None:
    """The command ended through click (exit code), not through an uncaught exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def assert_one_line_error(result: Result, *needles: str) -> str:
    """Exit status != 0 and exactly one line on stderr, starting with 'error:'."""
    assert_no_crash(result)
    assert result.exit_code != 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.fixture(scope="session")
def kg() -> Invoke:
    return invoke


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding every article of corpus/articles. Never write to it: use store_copy."""
    path = tmp_path_factory.mktemp("corpus") / "store"
    result = invoke("add", CORPUS, "--store", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def store_copy(corpus_store: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus store that a test may change."""
    dest = tmp_path / "store"
    shutil.copytree(corpus_store, dest)
    return dest


def article_count(store: Path) -> int:
    from kg.store import KGStore

    return len(KGStore.open(store, read_only=True).articles())


def iri_of(store: Path, article_id: str) -> str:
    """The IRI of the one stored article whose id is ``article_id``."""
    from kg.store import KGStore

    [iri] = [a.iri for a in KGStore.open(store, read_only=True).articles() if a.id == article_id]
    return iri


def nquad_lines(store: Path) -> list[str]:
    """The whole store as sorted N-Quads lines."""
    from kg.store import KGStore

    data = KGStore.open(store, read_only=True).dump("nquads")
    return sorted(data.decode("utf-8").splitlines())


def quads_by_graph(store: Path) -> dict[str, set[str]]:
    """Every named graph of the store, as a set of N-Quads lines per graph IRI."""
    import pyoxigraph as ox

    from kg.store import KGStore

    ox_store = KGStore.open(store, read_only=True).oxigraph
    out: dict[str, set[str]] = {}
    for g in ox_store.named_graphs():
        quads = ox_store.quads_for_pattern(None, None, None, g)
        out[g.value] = set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode().splitlines())
    return out
