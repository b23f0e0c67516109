"""Tests for kg.viz: the offline, self-contained network map."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from kg import viz

E = "https://w3id.org/reform-kg/entity/"
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
# Payloads with a visible effect, for the browser: if any of them ran, the page
# would get an element id="pwned" or the title "pwned".
BROWSER_IMG = (
    "<img src=x onerror=\"document.body.appendChild(document.createElement('p')).id='pwned'\">"
)
BROWSER_SCRIPT = "<script>document.title='pwned';window.__xss=1</script>"
CLOSE_SCRIPT = "</script><script>document.title='pwned'</script>"


# --------------------------------------------------------------------------
# fixtures and helpers


def _evidence(text, article="a1", title="Article", date="2024-05-01", confidence=0.9):
    return {
        "text": text,
        "article": article,
        "title": title,
        "date": date,
        "confidence": confidence,
    }


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """A small graph like the one kg.graph builds, made by hand."""
    G = nx.MultiDiGraph()
    G.add_node(
        E + "larry-krasner",
        label="Larry Krasner",
        category="Prosecutor",
        aliases=["Krasner", "DA Krasner"],
        articles=12,
    )
    G.add_node(E + "philadelphia", label="Philadelphia", category="Place", aliases=[], articles=9)
    G.add_node(
        E + "safety-pac",
        label="Justice & Public Safety PAC",
        category="PAC",
        aliases=["JPS PAC"],
        articles=3,
    )
    G.add_node(E + "george-soros", label="George Soros", category="Person", aliases=[], articles=5)
    G.add_node(E + "fop-lodge-5", label="FOP Lodge 5", category="Organization", articles=4)
    G.add_node(E + "tom-doe", label="Tom Doe", category="Candidate", aliases=[], articles=1)
    G.add_edge(
        E + "larry-krasner",
        E + "philadelphia",
        key="prosecutorOf",
        predicate="prosecutorOf",
        amount=None,
        evidence=[
            _evidence("Krasner is the district attorney of Philadelphia.", "a1", "DA race"),
            _evidence("Philadelphia DA Larry Krasner won.", "a2", None, None, 0.8),
        ],
    )
    G.add_edge(
        E + "george-soros",
        E + "safety-pac",
        key="funds",
        predicate="funds",
        amount=1_700_000.0,
        evidence=[
            {
                **_evidence("Soros gave $1.7 million to the PAC.", "a3", "Money", "2021-04-02"),
                "amount": 1_700_000.0,
            }
        ],
    )
    G.add_edge(
        E + "safety-pac",
        E + "larry-krasner",
        key="supports",
        predicate="supports",
        amount=None,
        evidence=[],
    )
    G.add_edge(
        E + "fop-lodge-5",
        E + "larry-krasner",
        key="opposes",
        predicate="opposes",
        amount=None,
        evidence=[_evidence("The FOP opposes Krasner.", "a4")],
    )
    G.add_edge(
        E + "tom-doe",
        E + "larry-krasner",
        key="challenges",
        predicate="challenges",
        amount=None,
        evidence=[_evidence("Doe challenges Krasner in the primary.", "a5")],
    )
    return G


def _hostile(script: str, img: str) -> nx.MultiDiGraph:
    """Node label, alias and evidence text carrying HTML/JS payloads."""
    G = nx.MultiDiGraph()
    G.add_node(E + "evil", label=script, category="Organization", aliases=[img], articles=2)
    G.add_node(
        E + "target",
        label=BROWSER_SCRIPT,
        category="Person",
        aliases=[CLOSE_SCRIPT, "x href=javascript:void(0)", BROWSER_IMG],
        articles=1,
    )
    G.add_edge(
        E + "evil",
        E + "target",
        key="funds",
        predicate="funds",
        amount=5000.0,
        evidence=[
            _evidence(f"{script} gave {img}", "a1", BROWSER_IMG, "2024-01-02"),
            _evidence(f"{CLOSE_SCRIPT} and {BROWSER_IMG}", "<a1>", script, None),
            _evidence("Line\u2028separator & <!-- comment -->", "a2"),
        ],
    )
    return G


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Payloads that call alert(1), for the tests that read the HTML."""
    return _hostile(SCRIPT_PAYLOAD, IMG_PAYLOAD)


@pytest.fixture
def browser_graph() -> nx.MultiDiGraph:
    """The same shape with payloads that leave a trace instead of alert().

    (A real alert() would block headless Chromium until it is killed.)
    """
    return _hostile(BROWSER_SCRIPT, BROWSER_IMG)


def _big_graph(n: int) -> nx.MultiDiGraph:
    """A tree of *n* nodes with every category and predicate."""
    categories = ["Prosecutor", "Person", "PAC", "Organization", "Place", "Candidate"]
    predicates = ["prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf"]
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"{E}e{i}", label=f"Entity {i}", category=categories[i % 6], articles=i % 7)
    for i in range(1, n):
        predicate = predicates[i % 6]
        G.add_edge(
            f"{E}e{(i * 7919) % i}",
            f"{E}e{i}",
            key=predicate,
            predicate=predicate,
            amount=1000.0 * i if predicate == "funds" else None,
            evidence=[_evidence(f"Sentence {i}.")],
        )
    return G


class _Tags(HTMLParser):
    """Collect start tags (name, attrs, raw text) and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.get_starttag_text() or ""))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _data(html: str) -> dict:
    match = re.search(
        r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.DOTALL
    )
    assert match, "no kg-data JSON block"
    return json.loads(match.group(1))


def _legend(html: str, kind: str) -> list[str]:
    return re.findall(rf'<li data-{kind}="([^"]*)"', html)


def _vis_file(name: str) -> str:
    path = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", name)
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# self-contained, offline


def test_viz_inlines_vis_network_library(graph):
    html = viz.render_html(graph)
    js, css = _vis_file("vis-network.min.js"), _vis_file("vis-network.css")
    scripts = _parse(html).scripts
    assert any(js.strip() in s for s in scripts), "vis-network.min.js not inlined whole"
    assert css.strip() in html, "vis-network.css not inlined"
    assert "new vis.Network(" in html
    assert '<div id="mynetwork"' in html
    for name in ("window.network", "window.nodes", "window.edges"):
        assert name + " =" in html


def test_viz_loads_nothing_from_outside(graph):
    html = viz.render_html(graph)
    lowered = html.lower()
    for needle in ('src="http', "src='http", 'href="http', "href='http", 'src="//', "src='//"):
        assert needle not in lowered
    parsed = _parse(html)
    for tag, attrs, raw in parsed.tags:
        # no element of the page points anywhere: no src/href/srcset at all
        assert not {"src", "href", "srcset", "data", "action", "poster"} & set(attrs), raw
        assert tag not in {"link", "iframe", "object", "embed", "base"}, raw
        for word in ("cdn", "unpkg", "jsdelivr", "bootstrap", "http:", "https:"):
            assert word not in raw.lower(), raw
    # CSS: no @import, and every url() is a data: URL
    assert "@import" not in lowered
    for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", html):
        assert target.startswith("data:"), target
    # and a CSP that forbids loading anything
    assert "default-src 'none'" in html


def test_viz_write_html_writes_utf8_file(graph, tmp_path):
    out = viz.write_html(graph, tmp_path / "sub" / "map.html", title="Café map")
    assert out == tmp_path / "sub" / "map.html"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Café map</title>" in text
    assert isinstance(viz.write_html(graph, str(tmp_path / "str.html")), Path)


# --------------------------------------------------------------------------
# hostile text


def test_viz_hostile_text_never_appears_raw(hostile_graph):
    html = viz.render_html(hostile_graph, title=BROWSER_SCRIPT)
    for payload in (SCRIPT_PAYLOAD, IMG_PAYLOAD, BROWSER_IMG, BROWSER_SCRIPT, CLOSE_SCRIPT):
        assert payload not in html
    assert "onerror=alert(1)>" not in html
    assert "<!-- comment" not in html
    assert "\u2028" not in html
    # the only "</script>" are the ends of our own script elements
    parsed = _parse(html)
    n_scripts = sum(1 for tag, _, _ in parsed.tags if tag == "script")
    assert n_scripts == 3
    assert html.count("</script>") == n_scripts
    assert html.lower().count("</script") == n_scripts
    # the title is escaped where it is written
    escaped = "&lt;script&gt;document.title=&#39;pwned&#39;;window.__xss=1&lt;/script&gt;"
    assert f"<title>{escaped}</title>" in html
    assert f">{escaped}</h1>" in html


def test_viz_hostile_text_survives_in_data(hostile_graph):
    html = viz.render_html(hostile_graph)
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    data = _data(html)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[E + "evil"] == SCRIPT_PAYLOAD
    assert labels[E + "target"] == BROWSER_SCRIPT
    evil = next(n for n in data["nodes"] if n["id"] == E + "evil")
    assert evil["info"]["aliases"] == [IMG_PAYLOAD]
    (edge,) = data["edges"]
    texts = [ev["text"] for ev in edge["info"]["evidence"]]
    assert texts[0] == f"{SCRIPT_PAYLOAD} gave {IMG_PAYLOAD}"
    assert texts[2] == "Line\u2028separator & <!-- comment -->"
    assert edge["info"]["evidence"][1]["article"] == "<a1>"
    # no node or edge carries an HTML title: the page builds DOM tooltips
    assert all("title" not in item for item in data["nodes"] + data["edges"])


def test_viz_tooltips_use_text_content_only(graph):
    html = viz.render_html(graph)
    app = _parse(html).scripts[-1]
    assert "document.createElement" in app
    assert "textContent" in app
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in app


# --------------------------------------------------------------------------
# the data


def test_viz_data_round_trips(graph):
    data = _data(viz.render_html(graph))
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels == {key: attrs["label"] for key, attrs in graph.nodes(data=True)}
    by_predicate = {e["info"]["predicate"]: e for e in data["edges"]}
    assert by_predicate["funds"]["label"] == "funds $1.7M"
    assert by_predicate["funds"]["info"]["amount"] == 1_700_000.0
    assert by_predicate["funds"]["info"]["amount_full"] == "$1,700,000"
    assert by_predicate["funds"]["info"]["evidence"][0]["amount"] == "$1,700,000"
    assert by_predicate["prosecutorOf"]["label"] == "prosecutorOf"
    assert by_predicate["prosecutorOf"]["from"] == E + "larry-krasner"
    assert by_predicate["prosecutorOf"]["to"] == E + "philadelphia"
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_viz_styles_by_category_and_predicate(graph):
    data = _data(viz.render_html(graph))
    nodes = {n["id"]: n for n in data["nodes"]}
    krasner = nodes[E + "larry-krasner"]
    assert krasner["shape"] == viz.CATEGORY_STYLE["Prosecutor"]["shape"]
    assert krasner["color"]["background"] == viz.CATEGORY_STYLE["Prosecutor"]["color"]
    other = nodes[E + "tom-doe"]  # category "Candidate" is drawn as Other
    assert other["shape"] == viz.CATEGORY_STYLE["Other"]["shape"]
    assert other["info"]["category"] == "Candidate"
    assert krasner["size"] > nodes[E + "tom-doe"]["size"]  # more articles, bigger
    for edge in data["edges"]:
        style = viz.PREDICATE_STYLE[edge["info"]["predicate"]]
        assert edge["color"]["color"] == style["color"]
        assert edge["arrows"] == "to"


def test_viz_edge_keeps_every_evidence_sentence(graph):
    data = _data(viz.render_html(graph))
    edge = next(e for e in data["edges"] if e["info"]["predicate"] == "prosecutorOf")
    evidence = edge["info"]["evidence"]
    assert [ev["text"] for ev in evidence] == [
        "Krasner is the district attorney of Philadelphia.",
        "Philadelphia DA Larry Krasner won.",
    ]
    assert evidence[0]["title"] == "DA race"
    assert evidence[0]["date"] == "2024-05-01"
    assert evidence[1]["title"] is None and evidence[1]["date"] is None
    assert evidence[1]["confidence"] == 0.8
    assert edge["info"]["from_label"] == "Larry Krasner"


def test_viz_options_straight_edges_and_no_improved_layout(graph):
    html = viz.render_html(graph)
    options = _data(html)["options"]
    assert options["edges"]["smooth"] is False
    assert options["layout"]["improvedLayout"] is False
    assert options["edges"]["arrows"]["to"]["enabled"] is True


def test_viz_small_graph_uses_physics_then_freezes(graph):
    html = viz.render_html(graph)
    data = _data(html)
    assert data["physics"] is True
    assert data["options"]["physics"]["enabled"] is True
    assert data["options"]["physics"]["stabilization"]["enabled"] is True
    assert 'network.once("stabilizationIterationsDone"' in html
    assert "network.setOptions({ physics: false })" in html
    assert all("x" not in n for n in data["nodes"])


def test_viz_large_graph_has_positions_and_no_physics():
    G = _big_graph(400)
    data = _data(viz.render_html(G))
    assert data["physics"] is False
    assert data["options"]["physics"]["enabled"] is False
    assert len(data["nodes"]) == 400
    points = set()
    for node in data["nodes"]:
        assert math.isfinite(node["x"]) and math.isfinite(node["y"])
        points.add((node["x"], node["y"]))
    assert len(points) == 400
    xs = [p[0] for p in points]
    assert max(xs) - min(xs) > 1000  # spread over the canvas, not a dot


def test_viz_physics_argument_overrides(graph):
    off = _data(viz.render_html(graph, physics=False))
    assert off["physics"] is False
    assert all("x" in n and "y" in n for n in off["nodes"])
    on = _data(viz.render_html(_big_graph(350), physics=True))
    assert on["physics"] is True
    assert on["options"]["physics"]["enabled"] is True


def test_viz_big_component_layout_spreads_nodes():
    G = _big_graph(1200)  # one component: laid out by the NumPy FR, not spring_layout
    data = _data(viz.render_html(G))
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xy)
    # nearest-neighbour spacing: most nodes are not sitting on each other
    import numpy as np

    pts = np.array(xy)
    d = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert np.median(d.min(axis=1)) > 20


def test_viz_handles_missing_attributes_and_empty_graph():
    G = nx.MultiDiGraph()
    G.add_edge(E + "a-b", E + "c", key="knows")
    data = _data(viz.render_html(G))
    labels = sorted(n["label"] for n in data["nodes"])
    assert labels == ["a b", "c"]
    (edge,) = data["edges"]
    assert edge["label"] == "knows"
    assert edge["info"]["evidence"] == []
    empty = _data(viz.render_html(nx.MultiDiGraph()))
    assert empty["nodes"] == [] and empty["edges"] == []


def test_viz_accepts_non_finite_numbers():
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", category="PAC", articles=1)
    G.add_node("b", label="B", category="Person", articles=1)
    G.add_edge(
        "a",
        "b",
        key="funds",
        predicate="funds",
        amount=float("nan"),
        evidence=[_evidence("x", confidence=float("inf"))],
    )
    data = _data(viz.render_html(G))
    (edge,) = data["edges"]
    assert edge["label"] == "funds"
    assert edge["info"]["amount"] is None
    assert edge["info"]["evidence"][0]["confidence"] is None


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_700_000, "$1.7M"),
        (1_000_000, "$1M"),
        (250_000, "$250K"),
        (999_960, "$1M"),
        (2_345_000_000, "$2.3B"),
        (1_500, "$1.5K"),
        (999, "$999"),
        (12.5, "$12.50"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_viz_format_amount(amount, text):
    assert viz.format_amount(amount) == text


# --------------------------------------------------------------------------
# legend


def test_viz_legend_lists_each_category_present(graph):
    html = viz.render_html(graph)
    assert _legend(html, "category") == [
        "Prosecutor",
        "Person",
        "PAC",
        "Organization",
        "Place",
        "Other",
    ]
    assert set(_legend(html, "predicate")) == {
        "prosecutorOf",
        "funds",
        "supports",
        "opposes",
        "challenges",
    }
    for name in ("Prosecutor", "Other", "funds"):
        assert f'<span class="kg-legend-name">{name}</span>' in html


def test_viz_legend_omits_absent_categories():
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", category="Place", articles=1)
    html = viz.render_html(G)
    assert _legend(html, "category") == ["Place"]
    assert _legend(html, "predicate") == []


# --------------------------------------------------------------------------
# module hygiene


def test_viz_does_not_import_rdf_or_nlp_libraries(tmp_path):
    code = (
        "import sys, networkx as nx\n"
        "import kg\n"
        "before = set(sys.modules)\n"
        "from kg import viz\n"
        "G = nx.MultiDiGraph(); G.add_edge('a', 'b', key='funds', predicate='funds', amount=1.0)\n"
        f"viz.write_html(G, {str(tmp_path / 'm.html')!r})\n"
        "new = set(sys.modules) - before\n"
        "bad = sorted(m for m in new if m.split('.')[0] in {'rdflib', 'pyoxigraph', 'spacy'})\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------
# in a real browser


def _chromium() -> str:
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )
    if path is None:
        pytest.skip("chromium is not installed")
    return path


def _dump_dom(page: Path, tmp_path: Path) -> tuple[str, str]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=5000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("headless Chromium did not finish: a dialog (alert) may have blocked it")
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, result.stderr


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


def test_viz_browser_draws_without_running_payloads(browser_graph, tmp_path):
    page = viz.write_html(browser_graph, tmp_path / "map.html", title=BROWSER_SCRIPT)
    dom, stderr = _dump_dom(page, tmp_path)
    assert "<canvas" in dom
    assert 'class="vis-network"' in dom
    assert 'data-kg-ready="true"' in dom
    assert 'id="pwned"' not in dom
    assert "<title>pwned</title>" not in dom
    assert "&lt;script&gt;document.title='pwned'" in dom  # shown as text
    console = _console(stderr)
    assert not [line for line in console if "Uncaught" in line or "violates" in line], console


def test_viz_browser_tooltips_are_inert_dom(browser_graph, tmp_path):
    """Attach every tooltip element to the page: none of the payloads may run.

    A control element set with innerHTML in the same page shows that such a
    payload does run here when it is parsed as HTML.
    """
    html = viz.render_html(browser_graph)
    probe = """<script>
window.nodes.get().forEach(function (n) { document.body.appendChild(n.title); });
window.edges.get().forEach(function (e) { document.body.appendChild(e.title); });
document.body.setAttribute("data-probe", window.nodes.length + "/" + window.edges.length);
var control = document.createElement("div");
control.innerHTML = '<img src=x onerror="this.id=\\'control-fired\\'">';
document.body.appendChild(control);
</script>
</body>"""
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom, stderr = _dump_dom(page, tmp_path)
    assert 'id="control-fired"' in dom, "control payload did not run: test proves nothing"
    assert 'data-probe="2/1"' in dom
    assert 'id="pwned"' not in dom
    assert "<title>pwned</title>" not in dom
    # the payloads are there, as text
    assert (
        "&lt;script&gt;document.title='pwned';window.__xss=1&lt;/script&gt; gave &lt;img src=x"
        in dom
    )
    assert "Line\u2028separator &amp; &lt;!-- comment --&gt;" in dom
    assert "$5,000" in dom
    console = _console(stderr)
    assert not [line for line in console if "Uncaught" in line], console


def test_viz_corpus_map_draws_offline_in_chromium(corpus_store, tmp_path):
    """The map `kg viz` writes for the corpus opens from disk and draws, with nothing fetched."""
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["viz", "--store", str(corpus_store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    dom, stderr = _dump_dom(out, tmp_path)
    assert "<canvas" in dom and 'data-kg-ready="true"' in dom
    console = _console(stderr)
    assert not [
        line for line in console if "Uncaught" in line or "violates" in line or "ERR_" in line
    ], console


def test_viz_hostile_article_text_stays_text_end_to_end(tmp_path):
    """An article whose sentences carry markup: kg add, kg viz, open in a browser; nothing runs."""
    from click.testing import CliRunner

    from kg.cli import cli

    payload_img = "<img src=x onerror=document.body.setAttribute('data-pwned','1')>"
    payload_script = "<script>document.body.setAttribute('data-pwned','2')</script>"
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Philadelphia District Attorney Larry Krasner won {payload_img} the primary.\n\n"
        f"Color of Change PAC backed Larry Krasner {payload_script} in May.\n",
        encoding="utf-8",
    )
    store, out = tmp_path / "store", tmp_path / "map.html"
    runner = CliRunner()
    assert runner.invoke(cli, ["add", str(article), "--store", str(store)]).exit_code == 0
    result = runner.invoke(cli, ["viz", "--store", str(store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert payload_img not in html and payload_script not in html
    assert "document.body.setAttribute(" in html  # the sentence is there, as escaped data
    dom, _ = _dump_dom(out, tmp_path)
    assert "data-pwned" not in dom.split("<script", 1)[0] and 'data-pwned="' not in dom
