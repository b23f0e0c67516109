"""How much time reform-kg's extraction adds to the bare spaCy pipeline.

Runs, on the same texts (every article body under the given directories), the
bare model (``spacy.load`` of the configured pipeline) and ``kg.extract``
(our rulers and components plus building the JSON-ready extraction),
alternating the two for several rounds in one process, and reports the ratio
of their best times. The issue's budget is a ratio of at most 1.25.

    python bench/extract_overhead.py corpus/articles corpus/eval/articles --rounds 5
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
    ap.add_argument("dirs", nargs="+", help="directories of articles (.txt)")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()

    import spacy

    from kg.articles import read_article
    from kg.extract import extract
    from kg.extract.pipeline import get_pipeline, model_name

    arts = [read_article(p) for d in a.dirs for p in sorted(Path(d).glob("*.txt"))]
    words = sum(len(x.body.split()) for x in arts)
    bare = spacy.load(model_name())
    ours = get_pipeline()
    for x in arts[:3]:  # warm both up
        bare(x.body)
        extract(x, ours)

    t_bare, t_ours = [], []
    for _ in range(a.rounds):
        t = time.perf_counter()
        for x in arts:
            bare(x.body)
        t_bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        for x in arts:
            extract(x, ours)
        t_ours.append(time.perf_counter() - t)
    b, o = min(t_bare), min(t_ours)
    print(f"{len(arts)} articles, {words} words, model {model_name()}, {a.rounds} rounds")
    print(
        f"bare spaCy   best {b:.3f}s  median {statistics.median(t_bare):.3f}s  {words / b:,.0f} words/s"
    )
    print(
        f"kg extract   best {o:.3f}s  median {statistics.median(t_ours):.3f}s  {words / o:,.0f} words/s"
    )
    print(
        f"ratio kg/bare (best) {o / b:.3f}  (median {statistics.median(t_ours) / statistics.median(t_bare):.3f})"
    )


if __name__ == "__main__":
    main()
