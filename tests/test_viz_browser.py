"""The map in a real browser: Playwright drives Debian's Chromium over pages `kg viz` writes.

Every page is opened from disk (a file:// URL) with the network cut off: any request that
is not for a file is aborted and recorded, and each test asserts that none was made, that
the console stayed quiet and that no script error was raised.

Set ``KG_SCREENSHOT_DIR`` (e.g. ``KG_SCREENSHOT_DIR=docs/img``) to also write the
screenshots of :func:`test_viz_browser_screenshots` there; otherwise they go to a
temporary directory only.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg import viz

pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
E = "https://w3id.org/reform-kg/entity/"
KRASNER = E + "larry-krasner"
XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>window.__xss=1</script>"


# --------------------------------------------------------------------------
# browser plumbing


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class MapPage:
    """An open page and everything it tried that it should not have."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def wait_drawn(self) -> None:
        self.page.wait_for_selector("body[data-kg-ready=true]", state="attached")
        self.page.wait_for_selector("body[data-kg-drawn=true]", state="attached")

    def assert_clean(self) -> None:
        assert self.requests == [], f"the page asked the network for {self.requests}"
        assert self.console == [], f"console: {self.console}"
        assert self.errors == [], f"page errors: {self.errors}"

    # -- the map's controls

    def search(self, text: str) -> None:
        self.page.fill("#kg-search", text)
        self.page.press("#kg-search", "Enter")

    def pick(self, text: str) -> None:
        """What choosing *text* from the datalist does: the value is replaced at once."""
        self.js(
            """text => {
                const box = document.getElementById("kg-search");
                box.value = text;
                box.dispatchEvent(new InputEvent("input", {inputType: "insertReplacementText"}));
            }""",
            text,
        )

    def status(self) -> str:
        return self.page.inner_text("#kg-status")

    def stats(self) -> str:
        return self.page.inner_text("#kg-stats")

    def selected(self) -> list[str]:
        return self.js("window.network.getSelectedNodes()")

    def set_filter(self, kind: str, name: str, shown: bool) -> None:
        menu = self.page.locator("#kg-filter")
        if menu.get_attribute("open") is None:
            self.page.click("#kg-filter > summary")
        box = self.page.locator(f"#kg-filter-{kind} label").filter(
            has=self.page.get_by_text(name, exact=True)
        )
        checkbox = box.locator("input[type=checkbox]")
        checkbox.set_checked(shown)
        assert checkbox.is_checked() is shown

    def hidden_nodes(self) -> set[str]:
        return set(self.js("window.nodes.get({filter: n => n.hidden === true}).map(n => n.id)"))

    def hidden_edges(self) -> set[str]:
        return set(self.js("window.edges.get({filter: e => e.hidden === true}).map(e => e.id)"))

    def drawn_counts(self) -> tuple[int, int]:
        return tuple(self.js("[network.body.nodeIndices.length, network.body.edgeIndices.length]"))

    def point(self, node_id: str) -> tuple[float, float]:
        """Page coordinates of a node's centre."""
        x, y = self.js(
            """id => {
                const p = network.canvasToDOM(network.getPosition(id));
                const box = document.getElementById("mynetwork").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        return x, y

    def inked(self) -> float:
        """Share of the canvas's pixels that are not blank or white: is anything drawn?"""
        return self.js(
            """() => {
                const c = document.querySelector("#mynetwork canvas");
                const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                let ink = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
                }
                return ink / (d.length / 4);
            }"""
        )


OpenMap = Callable[..., MapPage]


@pytest.fixture
def open_map(browser) -> Iterator[OpenMap]:
    """Open a page from disk in a fresh context with every non-file request aborted."""
    contexts = []

    def open_(path: Path, *, wait: bool = True) -> MapPage:
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        contexts.append(context)
        context.set_default_timeout(30_000)
        page = context.new_page()
        m = MapPage(page)

        def guard(route):
            url = route.request.url
            if url.startswith("file:"):
                route.continue_()
            else:
                if url not in m.requests:
                    m.requests.append(url)
                route.abort()

        context.route("**/*", guard)
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(("file:", "data:")) or r.url in m.requests
                else m.requests.append(r.url)
            ),
        )
        page.on(
            "console",
            lambda msg: (
                m.console.append(f"{msg.type}: {msg.text}")
                if msg.type in ("error", "warning", "assert")
                else None
            ),
        )
        page.on("pageerror", lambda exc: m.errors.append(str(exc)))
        page.goto(path.resolve().as_uri())
        if wait:
            m.wait_drawn()
        return m

    yield open_
    for context in contexts:
        context.close()


# --------------------------------------------------------------------------
# the pages


@dataclass
class Built:
    path: Path
    graph: nx.MultiDiGraph
    printed: tuple[int, int]  # what `kg viz` said it drew: (entities, relations)


def _kg_viz(kg, store: Path, out: Path, *args: str) -> Built:
    from kg.graph import around, find_node, store_to_networkx
    from kg.store import KGStore

    result = kg("viz", "--store", store, "--out", out, *args)
    assert result.exit_code == 0, result.output
    match = re.search(r"\((\d+) entities, (\d+) relations\)", result.stdout)
    assert match, result.stdout
    G = store_to_networkx(KGStore.open(store, read_only=True))
    if "--around" in args:
        G = around(G, find_node(G, args[args.index("--around") + 1]), 1)
    return Built(out, G, (int(match.group(1)), int(match.group(2))))


@pytest.fixture(scope="module")
def corpus_map(kg, corpus_store, tmp_path_factory) -> Built:
    """`kg viz` of the whole corpus."""
    return _kg_viz(kg, corpus_store, tmp_path_factory.mktemp("map") / "corpus.html")


@pytest.fixture(scope="module")
def around_map(kg, corpus_store, tmp_path_factory) -> Built:
    """`kg viz --around "Larry Krasner" --depth 1`."""
    out = tmp_path_factory.mktemp("map") / "around.html"
    return _kg_viz(kg, corpus_store, out, "--around", "Larry Krasner", "--depth", "1")


def _drawn_category(attrs: dict) -> str:
    category = attrs.get("category") or "Other"
    return category if category in viz.CATEGORY_STYLE else "Other"


def _predicate(key: Any, attrs: dict) -> str:
    return str(attrs.get("predicate") or key)


def _hostile_graph() -> nx.MultiDiGraph:
    """Names, aliases, a predicate and evidence that would set window.__xss if parsed as HTML."""
    G = nx.MultiDiGraph()
    G.add_node(
        E + "img",
        label=XSS_IMG,
        category="Organization",
        aliases=[XSS_SCRIPT + " PAC", "Harmless Alias"],
        articles=3,
    )
    G.add_node(E + "script", label=XSS_SCRIPT, category="Person", aliases=[XSS_IMG], articles=1)
    G.add_node(E + "x" + XSS_IMG, label="Plain Name", category="Candidate", articles=1)
    evidence = [
        {
            "text": f"{XSS_SCRIPT} gave {XSS_IMG} a lot.",
            "article": XSS_IMG,
            "title": XSS_SCRIPT,
            "date": "2024-01-02",
            "confidence": 0.9,
            "amount": 5000.0,
        }
    ]
    G.add_edge(
        E + "img", E + "script", key="funds", predicate="funds", amount=5000.0, evidence=evidence
    )
    G.add_edge(E + "script", E + "x" + XSS_IMG, key=XSS_IMG, predicate=XSS_IMG, evidence=evidence)
    return G


# --------------------------------------------------------------------------
# drawing


def test_viz_browser_draws_every_node_and_edge_of_the_corpus(open_map, corpus_map):
    G = corpus_map.graph
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert n > 300 and m > 0  # drawn without physics, from positions computed in Python
    assert corpus_map.printed == (n, m)
    page = open_map(corpus_map.path)
    assert page.js("[window.nodes.length, window.edges.length]") == [n, m]
    assert page.drawn_counts() == (n, m)
    assert set(page.js("window.nodes.getIds()")) == set(G.nodes)
    assert page.stats() == f"{n} nodes · {m} edges"
    assert page.inked() > 0.01
    page.assert_clean()


def test_viz_browser_draws_the_around_view(open_map, around_map):
    G = around_map.graph
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert KRASNER in G and 1 < n <= viz.PHYSICS_MAX_NODES  # small: laid out by physics
    assert around_map.printed == (n, m)
    page = open_map(around_map.path)
    assert page.drawn_counts() == (n, m)
    assert page.js("network.physics.physicsEnabled") is False  # frozen once settled
    assert page.status() == ""  # "laying out…" is gone
    assert page.inked() > 0.01
    page.assert_clean()


def test_viz_browser_empty_and_one_node_graphs(open_map, tmp_path):
    empty = viz.write_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    page = open_map(empty)  # drawn, though physics has nothing to settle
    assert page.drawn_counts() == (0, 0)
    assert page.stats() == "0 nodes · 0 edges"
    assert page.status() == ""
    page.search("anyone")
    assert "no match" in page.status()
    page.assert_clean()
    G = nx.MultiDiGraph()
    G.add_node(E + "a", label="Ada", category="Place")
    page = open_map(viz.write_html(G, tmp_path / "one.html"))
    assert page.stats() == "1 node · 0 edges"
    page.search("ada")
    assert page.selected() == [E + "a"]
    page.assert_clean()


def test_viz_browser_legend_lists_the_categories_present(open_map, corpus_map):
    G = corpus_map.graph
    present = {_drawn_category(a) for _, a in G.nodes(data=True)}
    expected = [name for name in viz.CATEGORY_STYLE if name in present]
    predicates = {_predicate(k, a) for _, _, k, a in G.edges(keys=True, data=True)}
    page = open_map(corpus_map.path)
    legend = page.js(
        "Array.from(document.querySelectorAll('#kg-legend-categories li'), li => li.dataset.category)"
    )
    assert legend == expected
    shown = page.js(
        "Array.from(document.querySelectorAll('#kg-legend-categories .kg-legend-name'), s => s.textContent)"
    )
    assert shown == expected
    legend_predicates = page.js(
        "Array.from(document.querySelectorAll('#kg-legend-predicates li'), li => li.dataset.predicate)"
    )
    assert set(legend_predicates) == predicates
    # the filter menu offers the same names, in the same order
    assert (
        page.js(
            "Array.from(document.querySelectorAll('#kg-filter-categories input'), i => i.dataset.category)"
        )
        == expected
    )
    assert (
        page.js(
            "Array.from(document.querySelectorAll('#kg-filter-predicates input'), i => i.dataset.predicate)"
        )
        == legend_predicates
    )
    page.assert_clean()


# --------------------------------------------------------------------------
# search


def test_viz_browser_search_finds_a_node_by_alias(open_map, corpus_map):
    aliases = corpus_map.graph.nodes[KRASNER].get("aliases", [])
    assert "Krasner" in aliases
    page = open_map(corpus_map.path)
    url = page.page.url
    page.search("Krasner")
    assert page.selected() == [KRASNER]
    assert page.page.is_visible("#kg-details")
    details = page.page.inner_text("#kg-details-body")
    assert "Larry Krasner" in details and "Prosecutor" in details
    assert "selected Larry Krasner" in page.status()
    assert page.page.url == url  # Enter submitted nothing
    page.assert_clean()


@pytest.mark.parametrize("name", ["larry krasner", "KRASNER", "  Larry   Krasner "])
def test_viz_browser_search_ignores_case_and_spacing(open_map, corpus_map, name):
    page = open_map(corpus_map.path)
    page.search(name)
    assert page.selected() == [KRASNER]
    page.assert_clean()


def test_viz_browser_search_focuses_the_view_on_the_node(open_map, corpus_map):
    page = open_map(corpus_map.path)
    page.search("Larry Krasner")
    # the focus animation is 300 ms; on a busy machine it can take longer
    page.page.wait_for_function(
        """id => {
            const p = network.canvasToDOM(network.getPosition(id));
            const c = document.getElementById("mynetwork");
            return Math.abs(p.x - c.clientWidth / 2) < 2 && Math.abs(p.y - c.clientHeight / 2) < 2
                && Math.abs(network.getScale() - 1.2) < 1e-3;  // zoomed in from the fit
        }""",
        arg=KRASNER,
        timeout=10_000,
    )
    assert page.selected() == [KRASNER]
    page.assert_clean()


def test_viz_browser_search_picks_from_the_datalist(open_map, corpus_map):
    G = corpus_map.graph
    names = {a["label"] for _, a in G.nodes(data=True)}
    names |= {alias for _, a in G.nodes(data=True) for alias in a.get("aliases", [])}
    page = open_map(corpus_map.path)
    options = page.js("Array.from(document.querySelectorAll('#kg-names option'), o => o.value)")
    assert set(options) == names
    assert len(options) == len(set(options))
    assert page.js("document.getElementById('kg-search').getAttribute('list')") == "kg-names"
    page.pick("Krasner")
    assert page.selected() == [KRASNER]
    page.assert_clean()


def test_viz_browser_search_unknown_name_says_no_match(open_map, corpus_map):
    page = open_map(corpus_map.path)
    page.search("Zebulon Quuxworth")
    assert "no match" in page.status()
    assert page.selected() == []
    assert not page.page.is_visible("#kg-details")
    page.search("Krasner")  # a later hit replaces the message
    assert "no match" not in page.status()
    page.assert_clean()


def test_viz_browser_search_says_when_the_filter_hides_the_node(open_map, corpus_map):
    page = open_map(corpus_map.path)
    page.set_filter("categories", "Prosecutor", False)
    page.search("Krasner")
    assert "hidden by the filter" in page.status()
    assert page.selected() == []
    page.set_filter("categories", "Prosecutor", True)
    page.search("Krasner")
    assert page.selected() == [KRASNER]
    page.assert_clean()


# --------------------------------------------------------------------------
# filter


def test_viz_browser_filter_hides_and_shows_a_category(open_map, corpus_map):
    G = corpus_map.graph
    n, m = G.number_of_nodes(), G.number_of_edges()
    places = {k for k, a in G.nodes(data=True) if _drawn_category(a) == "Place"}
    assert places and len(places) < n
    page = open_map(corpus_map.path)
    ids = page.js("window.edges.get().map(e => [e.id, e.from, e.to])")
    touching = {e for e, u, v in ids if u in places or v in places}

    page.set_filter("categories", "Place", False)
    assert page.hidden_nodes() == places
    assert page.hidden_edges() == touching
    assert page.drawn_counts() == (n - len(places), m - len(touching))
    assert page.stats() == (f"{n - len(places)} of {n} nodes · {m - len(touching)} of {m} edges")
    assert page.js(
        "document.querySelector('#kg-legend li[data-category=Place]').classList.contains('kg-off')"
    )

    page.set_filter("categories", "Place", True)
    assert page.hidden_nodes() == set()
    assert page.hidden_edges() == set()
    assert page.drawn_counts() == (n, m)
    assert page.stats() == f"{n} nodes · {m} edges"
    page.assert_clean()


def test_viz_browser_filter_hides_and_shows_a_predicate(open_map, corpus_map):
    G = corpus_map.graph
    n, m = G.number_of_nodes(), G.number_of_edges()
    page = open_map(corpus_map.path)
    by_predicate = page.js(
        "window.edges.get().map(e => [e.id, window.kgInfo.edges[e.id].predicate])"
    )
    funds = {e for e, p in by_predicate if p == "funds"}
    expected = sum(1 for _, _, k, a in G.edges(keys=True, data=True) if _predicate(k, a) == "funds")
    assert len(funds) == expected > 0

    page.set_filter("predicates", "funds", False)
    assert page.hidden_edges() == funds
    assert page.hidden_nodes() == set()  # nodes stay
    assert page.drawn_counts() == (n, m - len(funds))
    assert page.stats() == f"{n} of {n} nodes · {m - len(funds)} of {m} edges"

    page.set_filter("predicates", "funds", True)
    assert page.hidden_edges() == set()
    assert page.stats() == f"{n} nodes · {m} edges"
    page.assert_clean()


def test_viz_browser_filter_category_and_predicate_combine(open_map, corpus_map):
    G = corpus_map.graph
    places = {k for k, a in G.nodes(data=True) if _drawn_category(a) == "Place"}
    page = open_map(corpus_map.path)
    ids = page.js("window.edges.get().map(e => [e.id, e.from, e.to, kgInfo.edges[e.id].predicate])")
    funds = {e for e, _, _, p in ids if p == "funds"}
    touching = {e for e, u, v, _ in ids if u in places or v in places}
    page.set_filter("predicates", "funds", False)
    page.set_filter("categories", "Place", False)
    assert page.hidden_edges() == funds | touching
    page.set_filter("categories", "Place", True)
    assert page.hidden_edges() == funds  # funds is still unchecked
    page.page.click("#kg-filter-none")
    assert page.drawn_counts() == (0, 0)
    assert page.stats().startswith(f"0 of {G.number_of_nodes()} nodes")
    page.page.click("#kg-filter-all")
    assert page.drawn_counts() == (G.number_of_nodes(), G.number_of_edges())
    assert page.page.is_visible("#kg-filter-menu")
    page.page.keyboard.press("Escape")  # closes the menu
    assert not page.page.is_visible("#kg-filter-menu")
    page.assert_clean()


def test_viz_browser_community_colours_have_a_legend(open_map, kg, corpus_store, tmp_path):
    """--color-by community: the legend shows the biggest communities' colours, shapes stay."""
    built = _kg_viz(kg, corpus_store, tmp_path / "community.html", "--color-by", "community")
    page = open_map(built.path)
    rows = page.js(
        """() => Array.from(document.querySelectorAll("#kg-legend-groups li"), li => [
            li.dataset.group,
            li.querySelector("circle").getAttribute("fill"),
            Number(li.querySelector(".kg-legend-count").textContent)])"""
    )
    assert 1 <= len(rows) <= 10
    counts = [count for _, _, count in rows]
    assert counts == sorted(counts, reverse=True)
    colours = page.js(
        """() => {
            const out = {};
            window.nodes.get().forEach(n => {
                const g = String(window.kgInfo.nodes[n.id].community);
                (out[g] = out[g] || new Set()).add(n.color.background);
            });
            return Object.fromEntries(Object.entries(out).map(([g, s]) => [g, [...s]]));
        }"""
    )
    for group, fill, count in rows:
        assert colours[group] == [fill], group
        assert count == page.js(
            "g => window.nodes.get().filter(n => String(kgInfo.nodes[n.id].community) === g).length",
            group,
        )
    # the category rows show shape only, and still filter
    assert set(
        page.js(
            "Array.from(document.querySelectorAll('#kg-legend-categories polygon, "
            "#kg-legend-categories circle, #kg-legend-categories rect'), "
            "e => e.getAttribute('fill'))"
        )
    ) == {"#ffffff"}
    page.set_filter("categories", "Place", False)
    assert not page.js(
        "document.querySelector('#kg-legend-groups li').classList.contains('kg-off')"
    )
    assert page.hidden_nodes()
    page.assert_clean()


# --------------------------------------------------------------------------
# offline and quiet


def test_viz_browser_interaction_is_offline_and_quiet(open_map, corpus_map):
    """Hover, click, search and filter: no request, no console message, no error."""
    page = open_map(corpus_map.path)
    x, y = page.point(KRASNER)
    page.page.mouse.move(x, y)
    page.page.wait_for_selector("div.vis-tooltip", state="visible")
    page.page.mouse.click(x, y)
    assert page.selected() == [KRASNER]
    page.search("Philadelphia")
    page.search("nobody at all")
    page.set_filter("categories", "Person", False)
    page.set_filter("categories", "Person", True)
    page.page.keyboard.press("Escape")
    page.page.wait_for_timeout(300)
    page.assert_clean()


def test_viz_browser_network_guard_records_requests(open_map, tmp_path):
    """The guard works: a page without our CSP that fetches is caught and cut off."""
    control = tmp_path / "control.html"
    control.write_text(
        "<!DOCTYPE html><body><script>"
        "fetch('https://example.invalid/x')"
        ".then(() => document.body.setAttribute('data-fetched', 'yes'))"
        ".catch(() => document.body.setAttribute('data-fetched', 'no'))"
        ".finally(() => document.body.setAttribute('data-kg-ready', 'true'));"
        "</script></body>",
        encoding="utf-8",
    )
    page = open_map(control, wait=False)
    page.page.wait_for_selector("body[data-kg-ready=true]", state="attached")
    assert page.requests == ["https://example.invalid/x"]
    assert page.js("document.body.dataset.fetched") == "no"  # aborted


# --------------------------------------------------------------------------
# hostile text


def test_viz_browser_hostile_names_do_not_run(open_map, tmp_path):
    G = _hostile_graph()
    path = viz.write_html(G, tmp_path / "hostile.html", title=XSS_IMG + XSS_SCRIPT)
    page = open_map(path)
    assert page.drawn_counts() == (3, 2)
    # hover and click every node, then every edge
    for node_id in G.nodes:
        x, y = page.point(node_id)
        page.page.mouse.move(x, y)
        page.page.wait_for_selector("div.vis-tooltip", state="visible")
        page.page.mouse.click(x, y)
        assert page.selected() == [node_id]
        assert G.nodes[node_id]["label"] in page.page.inner_text("#kg-details-body")
        page.page.mouse.move(5, 795)
    for u, v in {(u, v) for u, v in G.edges()}:
        (ux, uy), (vx, vy) = page.point(u), page.point(v)
        page.page.mouse.click((ux + vx) / 2, (uy + vy) / 2)
    assert XSS_IMG in page.page.inner_text("#kg-details-body")  # evidence shown as text
    # search by every name, typed and picked
    for name in (XSS_IMG, XSS_SCRIPT, XSS_SCRIPT + " PAC"):
        page.search(name)
        assert page.selected(), name
        page.pick(name)
    page.search(XSS_IMG + " nowhere")
    assert XSS_IMG in page.status()
    # the hostile predicate in the filter menu
    page.set_filter("predicates", XSS_IMG, False)
    assert len(page.hidden_edges()) == 1
    page.set_filter("predicates", XSS_IMG, True)
    page.page.wait_for_timeout(300)

    assert page.js("typeof window.__xss") == "undefined"
    assert page.js("document.querySelectorAll('img').length") == 0
    assert page.js("document.scripts.length") == 3
    assert page.page.title() == XSS_IMG + XSS_SCRIPT
    page.assert_clean()

    # the community legend names a member of each group: as text too
    for node_id in G.nodes:
        G.nodes[node_id]["community"] = 1
    community = viz.write_html(G, tmp_path / "community.html", color_by="community")
    page2 = open_map(community)
    assert XSS_IMG in page2.page.inner_text("#kg-legend-groups") or XSS_SCRIPT in (
        page2.page.inner_text("#kg-legend-groups")
    )
    page2.search(XSS_SCRIPT)
    assert page2.js("typeof window.__xss") == "undefined"
    page2.assert_clean()

    # control: the same payload set as HTML does run in this page
    page.js(
        "p => { document.body.appendChild(document.createElement('div')).innerHTML = p; }", XSS_IMG
    )
    page.page.wait_for_function("window.__xss === 1")


# --------------------------------------------------------------------------
# screenshots


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_viz_browser_screenshots(open_map, corpus_map, around_map, tmp_path):
    """The corpus map and the --around view at 1280x800 (see KG_SCREENSHOT_DIR above)."""
    shots = {"corpus-map.png": corpus_map, "around-krasner.png": around_map}
    keep = os.environ.get("KG_SCREENSHOT_DIR")
    for name, built in shots.items():
        page = open_map(built.path)
        page.page.wait_for_timeout(200)
        out = tmp_path / name
        page.page.screenshot(path=str(out))
        assert _png_size(out) == (VIEWPORT["width"], VIEWPORT["height"])
        assert page.inked() > 0.01
        page.assert_clean()
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, Path(keep) / name)
