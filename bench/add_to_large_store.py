"""The time to add one article beyond extraction, in an empty store and in a large one.

The article is extracted once, up front; what is timed is the rest of ``kg add``:
reading the stored entities its names need (linking), building its graph, and the
one update that stores it, then the flush to disk. The large store is made by
``bench/synthetic.py`` (about 230 quads an article). The issue's goal: independent
of the store's size, under 100 ms.

    python bench/synthetic.py --articles 4400 --store /tmp/kg-1m
    python bench/add_to_large_store.py /tmp/kg-1m --rounds 7
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("large", help="a store made by bench/synthetic.py")
    ap.add_argument(
        "--article", default=str(ROOT / "corpus/articles/103_real_justice_krasner_2017.txt")
    )
    ap.add_argument("--rounds", type=int, default=7)
    a = ap.parse_args()

    from kg.articles import read_article
    from kg.extract import extract
    from kg.ingest import _add_one
    from kg.model import Extraction
    from kg.rdf import extraction_to_graph
    from kg.resolve import open_index
    from kg.store import KGStore

    art = read_article(a.article)
    ex = extract(art)
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        KGStore.open(empty).flush()
        results: dict[str, list[float]] = {}
        for label, path in (("empty", empty), ("large", Path(a.large))):
            store = KGStore.open(path)
            quads = len(store.oxigraph)
            times = []
            for i in range(a.rounds):
                text = art.text + f"\n(round {i})\n"
                one = replace(art, text=text, sha256=f"{label}{i}".ljust(64, "0")[:64],
                              source_path=f"/bench/{label}-{i}.txt")  # fmt: skip
                t = time.perf_counter()
                index = open_index(store)
                res = _add_one(
                    store, one, None, extraction_to_graph, index,
                    lambda one=one: Extraction(one, ex.entities, ex.relations),
                )  # fmt: skip
                store.flush()
                times.append(time.perf_counter() - t)
                assert res.status == "added", res
            results[label] = times
            print(
                f"{label:6} store, {quads:>9,} quads: best {min(times) * 1000:6.1f} ms, "
                f"median {statistics.median(times) * 1000:6.1f} ms ({a.rounds} adds)"
            )
            del store
        if Path(a.large).exists() and "large" in results:
            ratio = statistics.median(results["large"]) / statistics.median(results["empty"])
            print(f"large / empty (medians): {ratio:.2f}")
    shutil.rmtree(Path(tempfile.gettempdir()) / "kg-bench-none", ignore_errors=True)


if __name__ == "__main__":
    main()
