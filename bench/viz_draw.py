"""How long the `kg viz` map takes to open and draw in headless Chromium.

For each size, builds a random graph (invented names and aliases, every category,
a few edges per node with evidence sentences), renders it with
``kg.viz.write_html`` and opens the file from disk in Debian's Chromium through
Playwright, with every non-file request aborted, a fresh browser context per run.
Times are taken inside the page, from the start of navigation
(``performance.timeOrigin``) to

* ``ready``: the page's script has built the network (``data-kg-ready``), and
* ``drawn``: vis-network has drawn the first frame of the final layout
  (``data-kg-drawn``, set in an ``afterDrawing`` handler),

and the best (and median) of ``--runs`` runs is reported; ``render`` is the
Python side (``write_html``).  The issue's goal: a 5,000-node map opens and is
drawn within 5 s.

    .venv/bin/python bench/viz_draw.py --sizes 1000 5000 --runs 3 --write bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E = "https://w3id.org/reform-kg/entity/"
CATEGORIES = ["Prosecutor", "Person", "PAC", "Organization", "Place", "Candidate"]
CATEGORY_WEIGHTS = [2, 5, 1, 3, 2, 1]
PREDICATES = ["prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf"]
SYLLABLES = "ka ro mi sel dan var tu len bor ash quin fal dor ette mont wick lar ben".split()

# Records, in page time (ms since navigation start), when the page's flags appear.
# Added with Playwright's init script (run before the page's own scripts; not
# subject to the page's CSP).
TIMER = """
window.__kgTimes = {};
new MutationObserver(function () {
  var body = document.body;
  if (!body) return;
  ["data-kg-ready", "data-kg-drawn"].forEach(function (name) {
    if (body.hasAttribute(name) && !(name in window.__kgTimes)) {
      window.__kgTimes[name] = performance.now();
    }
  });
}).observe(document, {subtree: true, attributes: true, childList: true});
"""


def name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def random_graph(n: int, edges_per_node: float, seed: int):
    """*n* nodes, about ``n * edges_per_node`` edges, half of them to a few hubs."""
    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        label = name(rng)
        G.add_node(
            f"{E}n{i}",
            label=label,
            category=rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0],
            aliases=[label.split()[-1]] if rng.random() < 0.5 else [],
            articles=rng.randint(1, 20),
        )
    hubs = max(1, n // 50)
    for i in range(n):
        for _ in range(max(1, round(rng.expovariate(1 / edges_per_node)))):
            j = rng.randrange(hubs) if rng.random() < 0.5 else rng.randrange(n)
            if j == i:
                continue
            predicate = rng.choice(PREDICATES)
            if G.has_edge(f"{E}n{i}", f"{E}n{j}", key=predicate):
                continue
            amount = float(rng.randint(1, 2000) * 1000) if predicate == "funds" else None
            evidence = [
                {
                    "text": f"Sentence {k} says that n{i} {predicate} n{j}.",
                    "article": f"art{rng.randrange(500):03d}",
                    "title": f"Article {rng.randrange(500)}",
                    "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "confidence": round(rng.uniform(0.5, 1.0), 2),
                }
                for k in range(rng.randint(1, 3))
            ]
            G.add_edge(
                f"{E}n{i}",
                f"{E}n{j}",
                key=predicate,
                predicate=predicate,
                amount=amount,
                evidence=evidence,
            )
    return G


def open_once(browser, path: Path, timeout_s: float) -> dict[str, float]:
    """One cold open: a new context, navigation, both flags; times in seconds."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    try:
        context.route("**/*", guard)
        context.add_init_script(TIMER)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_selector(
            "body[data-kg-drawn=true]", state="attached", timeout=timeout_s * 1000
        )
        wall = time.perf_counter() - start
        times = page.evaluate("window.__kgTimes")
        counts = page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]")
    finally:
        context.close()
    if blocked or errors:
        raise SystemExit(f"{path}: requests {blocked}, errors {errors}")
    return {
        "ready": times["data-kg-ready"] / 1000,
        "drawn": times["data-kg-drawn"] / 1000,
        "wall": wall,
        "nodes": counts[0],
        "edges": counts[1],
    }


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--edges-per-node", type=float, default=2.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per open")
    ap.add_argument("--write", type=Path, help="append the results to this Markdown file")
    a = ap.parse_args()

    from importlib.metadata import version

    from playwright.sync_api import sync_playwright

    from kg.viz import write_html

    load_before = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in a.sizes:
            G = random_graph(n, a.edges_per_node, a.seed)
            path = Path(tmp) / f"map-{n}.html"
            t = time.perf_counter()
            write_html(G, path, title=f"bench {n}")
            render = time.perf_counter() - t
            runs = [open_once(browser, path, a.timeout) for _ in range(a.runs)]
            assert all(r["nodes"] == n and r["edges"] == G.number_of_edges() for r in runs)
            row = {
                "nodes": n,
                "edges": G.number_of_edges(),
                "mb": path.stat().st_size / 1e6,
                "render": render,
            }
            for key in ("ready", "drawn", "wall"):
                row[key] = min(r[key] for r in runs)
                row[key + "_median"] = statistics.median(r[key] for r in runs)
            rows.append(row)
            print(
                f"{n} nodes: drawn best {row['drawn']:.2f}s, runs "
                + ", ".join(f"{r['drawn']:.2f}" for r in runs),
                file=sys.stderr,
            )
        browser.close()

    header = (
        "| nodes | edges | HTML | render (Python) | ready, best | drawn, best | drawn, median "
        "| wall to drawn, best |"
    )
    lines = [header, "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['mb']:.1f} MB | {r['render']:.2f} s "
            f"| {r['ready']:.2f} s | {r['drawn']:.2f} s | {r['drawn_median']:.2f} s "
            f"| {r['wall']:.2f} s |"
        )
    table = "\n".join(lines)
    print(table)

    goal = next((r for r in rows if r["nodes"] == 5000), None)
    if a.write:
        command = "python bench/viz_draw.py " + " ".join(sys.argv[1:])
        machine = (
            f"{platform.machine()}, {os.cpu_count()} CPUs, {chromium_version()} headless "
            f"(--disable-gpu), Playwright {version('playwright')}, Python {platform.python_version()}; "
            f"1-minute load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
            f"(the machine is shared: other work raises the figures)"
        )
        verdict = ""
        if goal:
            ok = "met" if goal["drawn"] <= 5.0 else "NOT met"
            verdict = (
                f"\nGoal (5,000 nodes opened and drawn within 5 s): **{ok}**, "
                f"best {goal['drawn']:.2f} s, median {goal['drawn_median']:.2f} s "
                f"({goal['drawn'] / 5.0:.0%} of the budget).\n"
            )
        section = (
            f"\n## {dt.date.today().isoformat()}: map draw time (bench/viz_draw.py)\n\n"
            f"    {command}\n\n"
            f"{machine}. Random graphs (seed {a.seed}, about {a.edges_per_node:g} edges per "
            f"node, half of them to a few hubs). Graphs above 300 nodes are laid out in Python "
            f"and drawn with physics off; smaller ones settle with physics in the page first. "
            f"Times inside the page from the start of navigation: *ready* = the script has "
            f"built the network, *drawn* = first frame of the final layout (vis "
            f"`afterDrawing`, after stabilization when physics is on); best and median of "
            f"{a.runs} cold opens (new browser "
            f"context each); *wall* is measured from Python around `page.goto`.\n\n"
            f"{table}\n{verdict}"
        )
        existed = a.write.exists()
        with a.write.open("a", encoding="utf-8") as f:
            if not existed:
                f.write("# Benchmark results\n")
            f.write(section)
        print(f"appended to {a.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
