"""Latency of the named queries on large stores: embedded Oxigraph against rdflib.

Stores of invented articles (``bench/synthetic.py``) of about 100k and 1M quads are
built in memory, once in pyoxigraph and once in an rdflib ``Dataset`` (the union of
its graphs as the default graph, as in ours); every query of ``kg/queries`` runs on
both with the same text and parameters, best of ``--rounds``. rdflib is skipped on
stores larger than ``--rdflib-max`` quads (its engine takes minutes there).

    python bench/query_latency.py --sizes 100000 1000000 --rounds 3
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _render(q, params: dict[str, str]) -> str:
    import re

    body = "\n".join(line for line in q.sparql.splitlines() if not line.startswith("#"))
    values = {p.name: params.get(p.name, p.default or "UNDEF") for p in q.params}
    return re.sub(r"\$([a-z][a-z0-9_]*)\b", lambda m: values.get(m.group(1), m.group(0)), body)


def _time(fn, rounds: int) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(rounds):
        t = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t)
    return best, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rdflib-max", type=int, default=150_000)
    a = ap.parse_args()

    import pyoxigraph as ox
    from rdflib import Dataset
    from synthetic import extractions, fill  # type: ignore[import-not-found]

    from kg.model import entity_iri
    from kg.query import named_queries
    from kg.rdf import article_iri
    from kg.store import KGStore
    from kg.vocab import PREFIXES

    queries = named_queries()
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    first = next(extractions(1))
    da = next(e.name for e in first.entities if e.category == "Prosecutor")
    pac = next(e.name for e in first.entities if e.category == "PAC")
    donor = next(r.subject for r in first.relations if r.predicate == "funds")
    params = {
        "entity": f"<{entity_iri(da)}>",
        "from": f"<{entity_iri(donor)}>",
        "article": f"<{article_iri(first.article.key)}>",
    }
    member_params = {**params, "entity": f"<{entity_iri(pac)}>"}
    print(f"{'store':>10} {'query':18} {'oxigraph':>10} {'rdflib':>10} {'ratio':>8} rows")
    for size in a.sizes:
        n_articles = max(1, round(size / 230))
        store = KGStore.memory()
        fill(store, n_articles)
        quads = len(store.oxigraph)
        rd = None
        if quads <= a.rdflib_max:
            rd = Dataset(default_union=True)
            data = ox.serialize(store.oxigraph, format=ox.RdfFormat.N_QUADS)
            rd.parse(data=data.decode(), format="nquads")
        for name, q in queries.items():
            text = _render(q, member_params if name == "members-of" else params)

            def run_ox(text=text, store=store) -> int:
                return len(list(store.query(text)))

            t_ox, rows = _time(run_ox, a.rounds)
            t_rd = None
            if rd is not None:

                def run_rd(text=text, rd=rd) -> int:
                    return len(list(rd.query(prologue + text)))

                t_rd, rows_rd = _time(run_rd, 1)
                assert rows_rd == rows, (name, rows_rd, rows)
            ratio = f"{t_rd / t_ox:8.0f}" if t_rd else "       -"
            rd_text = f"{t_rd * 1000:8.0f}ms" if t_rd else "         -"
            print(f"{quads:>10,} {name:18} {t_ox * 1000:8.1f}ms {rd_text} {ratio} {rows}")


if __name__ == "__main__":
    main()
