"""Invented articles, already extracted, for benchmarks on large stores.

``extractions(n, seed)`` yields :class:`kg.model.Extraction` objects about invented
prosecutors, challengers, committees, donors, unions and counties (names drawn
from small word lists, so the same people recur across articles as in a real
archive), each with about 200 quads once stored. ``fill(store, n)`` stores them.

    python bench/synthetic.py --articles 5000 --store /tmp/kg-1m   # about 1M quads
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIRST = (
    "Amara Bastian Carys Dorian Elspeth Faustino Greer Hollis Ingrid Jasper Kalinda Leopold "
    "Marisol Nikolai Odalys Percival Quilla Rosalind Soren Tamsin Ulrich Vesna Wendeline Xiomara "
    "Yusuf Zenobia Anselm Brisa Cormac Delphine Evander Florian Gwendolyn Hamish Isadora Jorah"
).split()
LAST = (
    "Ashgrove Blackwood Calloway Dunmore Eberhart Fairweather Galloway Hawthorne Ingersoll "
    "Jessup Kilbride Lindqvist Marchetti Northcott Okonkwo Pendleton Quintero Rasmussen "
    "Stavros Thornbury Underhill Valderrama Whitcombe Yarborough Zelinski Abernathy Brightwater "
    "Castellanos Drummond Etheridge Fenwick Gallagher Holloway Iverson Jablonski Kowalczyk"
).split()
PLACES = (
    "Ashby Brantley Corwin Dunley Elkmont Farrow Glenmoor Harlan Ivesdale Jasperton Kestrel "
    "Larchmont Merritt Norwell Oakhaven Pellham Quenby Ravenna Stillwater Tamarack"
).split()
GROUPS = ("Justice Fund", "Safety Alliance", "Action PAC", "Voters League", "Defenders Fund")
UNIONS = ("Deputies Association", "Police Benevolent Association", "Correctional Officers Union")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def extractions(n: int, seed: int = 7) -> Iterator:
    from kg.model import Article, Entity, Evidence, Extraction, Mention, Relation

    rng = random.Random(seed)
    for i in range(n):
        place = f"{rng.choice(PLACES)} County"
        da, rival = _person(rng), _person(rng)
        pac = f"{rng.choice(PLACES)} {rng.choice(GROUPS)}"
        union = f"{rng.choice(PLACES)} County {rng.choice(UNIONS)}"
        donors = [_person(rng) for _ in range(rng.randint(2, 5))]
        allies = [_person(rng) for _ in range(rng.randint(2, 6))]
        sentences, relations = [], []

        def say(
            text: str,
            s: str,
            p: str,
            o: str,
            amount: float | None = None,
            sentences: list[str] = sentences,
            relations: list = relations,
        ) -> None:
            start = sum(len(x) + 1 for x in sentences)
            sentences.append(text)
            relations.append(
                Relation(s, p, o, 0.9, Evidence(text, start, start + len(text)), amount=amount)
            )

        say(f"{da} is the district attorney of {place}.", da, "prosecutorOf", place)
        say(f"{rival} is challenging {da} in the primary.", rival, "challenges", da)
        say(f"The {pac} endorsed {da}.", pac, "supports", da)
        say(f"The {union} opposes {da}.", union, "opposes", da)
        for d in donors:
            amt = float(rng.choice((5_000, 25_000, 100_000, 250_000, 1_000_000)))
            say(f"{d} gave ${amt:,.0f} to the {pac}.", d, "funds", pac, amt)
        say(f"The {pac} spent $400,000 for {da}.", pac, "funds", da, 400_000.0)
        for a in allies:
            say(f"{a} works for the {pac}.", a, "memberOf", pac)
        text = " ".join(sentences)
        sha = hashlib.sha256(f"{seed}:{i}:{text}".encode()).hexdigest()
        art = Article(
            id=f"synthetic-{i:06d}",
            text=text,
            sha256=sha,
            file_name=f"synthetic-{i:06d}.txt",
            title=f"Race for {place} district attorney, part {i}",
            date=f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            date_source="metadata",
        )
        cats = {da: "Prosecutor", rival: "Person", pac: "PAC", union: "Organization"}
        cats[place] = "Place"
        for x in donors + allies:
            cats.setdefault(x, "Person")
        ents = [
            Entity(name, cat, [cat], [], [Mention(name, 0, len(name))])
            for name, cat in cats.items()
        ]
        yield Extraction(art, ents, relations)


def fill(store, n: int, seed: int = 7, batch: int = 200) -> int:
    """Store ``n`` synthetic articles (no resolution: the names are the IRIs)."""
    from kg.rdf import extraction_to_graph

    ops: list[str] = []
    done = 0
    for ex in extractions(n, seed):
        g = extraction_to_graph(ex)
        ops.append(f"INSERT DATA {{ GRAPH <{g.identifier}> {{\n{g.serialize(format='nt')}\n}} }}")
        done += 1
        if len(ops) >= batch:
            store.oxigraph.update(" ;\n".join(ops))
            ops = []
    if ops:
        store.oxigraph.update(" ;\n".join(ops))
    store.flush()
    return done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--store", required=True)
    a = ap.parse_args()
    from kg.store import KGStore

    store = KGStore.open(a.store)
    t = time.perf_counter()
    fill(store, a.articles)
    print(
        f"{a.articles} articles, {len(store.oxigraph):,} quads in {time.perf_counter() - t:.1f} s"
    )


if __name__ == "__main__":
    main()
