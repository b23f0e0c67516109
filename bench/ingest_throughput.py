"""Ingest throughput: words per second of ``kg add`` against the bare spaCy pipeline.

On the same texts, alternating in one run: the bare model (the configured
pipeline called on each text, as ``kg add`` does, nothing else), ``add_articles`` with one process into a fresh
in-memory store (extraction, linking, RDF, the store update), and ``add_articles``
with ``--jobs 2`` (worker start-up included, since a user pays it). Reported as
ratios of best times: the issue's goal is at least 0.8 of the bare pipeline's
throughput on one process.

    python bench/ingest_throughput.py corpus/articles corpus/eval/articles --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()

    import spacy

    from kg.articles import read_article
    from kg.extract.pipeline import get_pipeline, model_name
    from kg.ingest import add_articles
    from kg.store import KGStore

    arts = [read_article(p) for d in a.dirs for p in sorted(Path(d).glob("*.txt"))]
    words = sum(len(x.body.split()) for x in arts)
    bare = spacy.load(model_name())
    ours = get_pipeline()
    for x in arts[:3]:
        bare(x.body)
    add_articles(KGStore.memory(), arts[:3], nlp=ours)

    times: dict[str, list[float]] = {"bare": [], "add": [], f"add --jobs {a.jobs}": []}
    for _ in range(a.rounds):
        t = time.perf_counter()
        for x in arts:
            bare(x.body)
        times["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        res = add_articles(KGStore.memory(), arts, nlp=ours)
        times["add"].append(time.perf_counter() - t)
        assert all(r.status == "added" for r in res), [r.reason for r in res if r.reason]
        t = time.perf_counter()
        add_articles(KGStore.memory(), arts, jobs=a.jobs)
        times[f"add --jobs {a.jobs}"].append(time.perf_counter() - t)
    print(f"{len(arts)} articles, {words:,} words, model {model_name()}, {a.rounds} rounds")
    best = {k: min(v) for k, v in times.items()}
    for k, v in times.items():
        print(
            f"{k:16} best {best[k]:6.2f} s  median {statistics.median(v):6.2f} s  "
            f"{words / best[k]:7,.0f} words/s"
        )
    print(f"kg add / bare spaCy throughput: {best['bare'] / best['add']:.2f}")
    print(
        f"--jobs {a.jobs} speed-up over one process: {best['add'] / best[f'add --jobs {a.jobs}']:.2f}"
    )


if __name__ == "__main__":
    main()
