"""The ``kg`` command: each command parses options, calls one library function, prints.

Heavy libraries (spaCy, rdflib, pyoxigraph, pyvis) are imported inside the
commands that need them, so ``kg --help`` starts fast and only ``extract``
and ``add`` load spaCy.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["main"]


class KGGroup(click.Group):
    """Every failure ends as one line on stderr and exit status 1, never a traceback.

    The library's own errors (:class:`kg.errors.KGError`) carry their message;
    anything else is reported as an internal error, with the traceback shown
    only when ``KG_DEBUG`` is set.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from kg.errors import KGError

        try:
            return super().invoke(ctx)
        except click.UsageError as e:  # one line, like every other error
            where = f"kg {e.ctx.command_path.split(' ', 1)[-1]}" if e.ctx else "kg"
            hint = f" (see {where} --help)" if e.ctx and e.ctx.command_path != "kg" else ""
            click.echo(f"error: {e.format_message()}{hint}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader (head, less) has seen enough
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KGError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(1)
        except (OSError, UnicodeError) as e:
            click.echo(f"error: {_first_line(e)}", err=True)
            ctx.exit(1)
        except Exception as e:
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(
                f"error: internal error ({type(e).__name__}: {_first_line(e)}); "
                "set KG_DEBUG=1 to see where",
                err=True,
            )
            ctx.exit(1)


def _first_line(e: BaseException) -> str:
    return str(e).splitlines()[0] if str(e).strip() else type(e).__name__


def _interactive() -> bool:
    """Whether stderr is a terminal (progress bars are for people, not for logs)."""
    return sys.stderr.isatty()


def store_option(f: Callable) -> Callable:
    return click.option(
        "--store",
        "store_path",
        envvar="KG_STORE",
        default="kg-store",
        show_default=True,
        help="Store directory (env KG_STORE).",
    )(f)


def as_of_option(f: Callable) -> Callable:
    return click.option(
        "--as-of",
        "as_of",
        metavar="DATE",
        callback=_check_as_of,
        help="Only what articles dated up to DATE (YYYY-MM-DD) reported.",
    )(f)


def _check_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from kg.articles import check_date

    if value is None:
        return None
    iso = check_date(value)
    if iso is None or len(value.strip()) != 10:
        from kg.errors import KGError
        from kg.messages import Errors

        raise KGError(Errors.BAD_AS_OF.format(value=value))
    return iso


def _money(x: float | None) -> str:
    return "" if x is None else f"${x:,.0f}"


def output_options(*formats: str, default: str = "table") -> Callable:
    """The shared ``--format`` option (and ``--csv``/``--json`` shortcuts)."""

    def deco(f: Callable) -> Callable:
        f = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(f)
        if "csv" in formats:
            f = click.option("--csv", "as_csv", is_flag=True, help="Same as --format csv.")(f)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(f)

    return deco


def _fmt(fmt: str, as_json: bool = False, as_csv: bool = False) -> str:
    return "json" if as_json else "csv" if as_csv else fmt


def _print_table(headers: list[str], rows: list[list[str]], title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in headers:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*[str(c) for c in r])
    Console(soft_wrap=False, width=max(100, Console().width)).print(table)


def _print_rows(
    fmt: str, headers: list[str], rows: list[list[Any]], title: str | None = None
) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(headers, r, strict=True)) for r in rows], ensure_ascii=False, indent=1
            )
        )
    elif fmt in ("csv", "tsv"):
        import csv

        w = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(headers)
        w.writerows(rows)
    else:
        _print_table(headers, [[str(c) for c in r] for r in rows], title)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reform-kg")
def cli() -> None:
    """reform-kg: a sourced knowledge graph of the criminal-justice reform movement.

    Articles go in (kg add); every relation keeps the sentence that asserts it;
    ask with SPARQL (kg query) and draw maps that work offline (kg viz).
    """


# ---------------------------------------------------------------------------
@cli.command()
@click.argument("file")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the extraction as JSON (annotation guidelines, section 4).",
)
def extract(file: str, as_json: bool) -> None:
    """Extract entities and relations from FILE ('-' for stdin) without storing them."""
    from kg.articles import article_from_bytes, read_article
    from kg.extract import extract as run

    art = article_from_bytes(sys.stdin.buffer.read()) if file == "-" else read_article(file)
    ex = run(art)
    if as_json:
        click.echo(json.dumps(ex.to_json(), ensure_ascii=False, indent=1))
        return
    _print_table(
        ["entity", "category", "aliases", "mentions"],
        [[e.name, e.category, ", ".join(e.aliases), len(e.mentions)] for e in ex.entities],
        title=f"{art.file_name or art.id}: entities",
    )
    _print_table(
        ["subject", "predicate", "object", "amount", "evidence"],
        [
            [
                r.subject,
                r.predicate,
                r.object,
                "" if r.amount is None else f"${r.amount:,.0f}",
                r.evidence.text,
            ]
            for r in ex.relations
        ],
        title="relations",
    )


# ---------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--title", help="Title for the article (overrides its metadata).")
@click.option("--date", help="Date of the article, YYYY-MM-DD (overrides its metadata).")
@click.option("--source", help="Source of the article (overrides its metadata).")
@click.option("--id", "article_id", help="Article id for text read from stdin.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Extract in this many processes (one writes); the result is the same.",
)
@click.option(
    "--timing",
    is_flag=True,
    help="End with entities, relations, seconds and words per second (always on a terminal).",
)
def add(
    paths: tuple[str, ...],
    store_path: str,
    title: str | None,
    date: str | None,
    source: str | None,
    article_id: str | None,
    quiet: bool,
    jobs: int,
    timing: bool,
) -> None:
    """Add articles: files, directories (recursively, *.txt, *.md, *.html, *.htm), or '-' for stdin.

    Re-adding the same text changes nothing; a changed text replaces its article.
    """
    from kg.articles import ArticleError, check_date
    from kg.ingest import add_articles, read_inputs
    from kg.messages import Errors, Info
    from kg.model import Article
    from kg.store import KGStore
    from kg.store import store_path as resolve_store

    if date is not None and check_date(date) is None:
        raise ArticleError(Errors.BAD_DATE_OPTION.format(value=date))
    meta = {k: v for k, v in {"title": title, "date": date, "source": source}.items() if v}
    items = read_inputs(paths, meta=meta, stdin=sys.stdin.buffer.read, stdin_id=article_id)
    store = None
    if any(isinstance(i, Article) for i in items):
        if not Path(resolve_store(store_path)).exists():
            from kg.extract.pipeline import get_pipeline

            get_pipeline()  # a missing model fails here, before an empty store is created
        store = KGStore.open(store_path)
    show_bar = _interactive() and len(items) > 1
    bar = task = None

    def report(res) -> None:
        if res.status == "failed":
            click.echo(f"error: {res.reason}", err=True)
        elif not quiet:
            click.echo(res.message())
        if bar is not None:
            bar.advance(task)

    if show_bar:
        from rich.console import Console
        from rich.progress import Progress

    import time

    started = time.perf_counter()
    if show_bar:
        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("adding", total=len(items))
            results = add_articles(store, items, progress=report, jobs=jobs)
    else:
        results = add_articles(store, items, progress=report, jobs=jobs)
    seconds = time.perf_counter() - started
    counts = {
        s: sum(1 for r in results if r.status == s)
        for s in ("added", "replaced", "unchanged", "failed")
    }
    failed = [r for r in results if r.status == "failed"]
    summary = Info.SUMMARY.format(**counts)
    if failed:
        summary += Info.FAILED_LIST.format(names=", ".join(r.path or "?" for r in failed))
    click.echo(summary)
    if timing or _interactive():
        done = [r for r in results if r.status in ("added", "replaced")]
        words = sum(r.words for r in done)
        click.echo(
            Info.TIMING.format(
                articles=len(done),
                entities=sum(r.entities for r in done),
                relations=sum(r.relations for r in done),
                seconds=seconds,
                wps=words / seconds if seconds > 0 else 0.0,
                jobs=jobs,
            ),
            err=True,
        )
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
def remove(articles: tuple[str, ...], store_path: str) -> None:
    """Remove stored articles (by path, file name, id, title, IRI or sha256), all or none."""
    from kg.messages import Info
    from kg.store import KGStore

    store = KGStore.open(store_path, create=False)
    for a in store.remove_articles(list(articles)):
        click.echo(Info.REMOVED.format(id=a.id))
    store.flush()


@cli.command("articles")
@store_option
@output_options("table", "csv", "json")
def articles_cmd(store_path: str, fmt: str, as_json: bool, as_csv: bool) -> None:
    """List the stored articles: title, date (and where it came from), source, counts."""
    from kg.store import KGStore

    store = KGStore.open(store_path, read_only=True)
    counts = store.article_counts()
    rows = []
    for a in store.articles():
        n_ent, n_rel = counts.get(a.iri, (0, 0))
        rows.append(
            [
                a.id,
                a.file_name or "",
                a.title or "",
                a.date or "",
                a.date_source or "",
                a.source or "",
                n_ent,
                n_rel,
                a.sha256[:12],
            ]
        )
    headers = [
        "id",
        "file",
        "title",
        "date",
        "date from",
        "source",
        "entities",
        "relations",
        "sha256",
    ]
    fmt = _fmt(fmt, as_json, as_csv)
    if fmt == "table":  # the columns a person reads; csv and json have them all
        keep = [0, 2, 3, 4, 6, 7]
        headers = [headers[i] for i in keep]
        rows = [[r[i] for i in keep] for r in rows]
    _print_rows(fmt, headers, rows)


@cli.command()
@store_option
@output_options("table", "json")
def stats(store_path: str, fmt: str, as_json: bool) -> None:
    """Summarize the store: articles, entities by category, relations by predicate."""
    from kg.store import KGStore

    s = KGStore.open(store_path, read_only=True).stats()
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps(s, indent=1))
        return
    click.echo(
        f"{s['articles']} articles, {s['entities']} entities, {s['relations']} relations "
        f"({s['assertions']} sourced assertions), {s['quads']} quads"
    )
    click.echo(
        "entities:  " + (", ".join(f"{k} {v}" for k, v in s["by_category"].items()) or "none")
    )
    click.echo(
        "relations: " + (", ".join(f"{k} {v}" for k, v in s["by_predicate"].items()) or "none")
    )


@cli.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nquads", "jsonld", "graphml", "gexf"]),
    default="trig",
    show_default=True,
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to a file instead of stdout.",
)
@click.option("--with-ontology", is_flag=True, help="Include the ontology graph.")
def export(store_path: str, fmt: str, out: str | None, with_ontology: bool) -> None:
    """Write the whole store as Turtle (graphs merged), TriG, N-Quads or JSON-LD, or the
    entity graph as GraphML or GEXF (for Gephi and Cytoscape)."""
    from kg.store import KGStore

    store = KGStore.open(store_path, read_only=True)
    if fmt in ("graphml", "gexf"):  # the entity graph, for Gephi and Cytoscape
        from kg.graph import export_graph, store_to_networkx

        data = export_graph(store_to_networkx(store), fmt)
    else:
        data = store.dump(fmt, include_ontology=with_ontology)
    if out:
        with open(out, "wb") as f:
            f.write(data)
        click.echo(f"wrote {out} ({len(data):,} bytes)", err=True)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "qfile",
    type=click.Path(exists=True, dir_okay=False),
    help="Read the query from a file.",
)
@click.option(
    "--list", "list_named", is_flag=True, help="List the named queries and their parameters."
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of a named query (repeatable).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="For a named query: only what articles dated up to DATE reported (its asof parameter).",
)
@store_option
@output_options("table", "csv", "tsv", "json")
def query(
    sparql: str | None,
    qfile: str | None,
    list_named: bool,
    params: tuple[str, ...],
    as_of: str | None,
    store_path: str,
    fmt: str,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE), or a named one.

    SPARQL is a query string, '-' to read it from stdin, or the NAME of a query in
    kg/queries (kg query --list; kg query funders-of --param entity="Larry Krasner").

    The prefixes rkg:, ent:, art:, asr:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:,
    schema:, prov:, foaf: and org: are declared for you. The default graph is the
    union of all article graphs; GRAPH ?article { … } reaches one article.
    """
    from kg.messages import Errors
    from kg.query import (
        QueryError,
        check_read_only,
        named_queries,
        render_named_query,
        run_query,
        unknown_terms,
    )
    from kg.store import KGStore

    fmt = _fmt(fmt, as_json, as_csv)
    named = named_queries()
    if list_named:
        rows = []
        for q in named.values():
            ps = ", ".join(
                f"{p.name} ({p.kind}{', required' if p.required else ''}"
                f"{', default ' + p.default if p.default else ''})"
                for p in q.params
            )
            rows.append([q.name, q.answers, ps])
        _print_rows(fmt if fmt != "tsv" else "csv", ["name", "answers", "parameters"], rows)
        return
    values: dict[str, str] = {}
    for item in params:
        key, eq, value = item.partition("=")
        if not eq or not key.strip():
            raise QueryError(Errors.BAD_PARAM.format(value=item))
        values[key.strip()] = value
    if as_of is not None:
        values["asof"] = as_of
    if sparql and qfile:
        raise QueryError(Errors.QUERY_BOTH)
    store = None
    if sparql in named:
        store = KGStore.open(store_path, read_only=True)
        sparql = render_named_query(named[sparql], values, store)
    elif values:
        if sparql and not any(c.isspace() for c in sparql) and sparql != "-":
            raise QueryError(Errors.NO_NAMED_QUERY.format(name=sparql))
        raise QueryError(Errors.PARAMS_NEED_NAMED)
    elif qfile:
        try:
            with open(qfile, encoding="utf-8") as f:
                sparql = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(Errors.QUERY_FILE.format(path=qfile, reason=e)) from None
    elif sparql == "-":
        sparql = sys.stdin.read()
    elif sparql and re.fullmatch(r"[a-z][a-z0-9-]*", sparql):
        raise QueryError(Errors.NO_NAMED_QUERY.format(name=sparql))
    check_read_only(sparql)  # refused before the store is even opened
    for term in unknown_terms(sparql or ""):
        click.echo(Errors.UNKNOWN_TERM.format(term=term), err=True)
    res = run_query(store or KGStore.open(store_path, read_only=True), sparql)
    if res.kind == "graph":
        click.echo(res.serialize(fmt), nl=False)
    elif res.kind == "ask" and fmt == "table":
        click.echo("true" if res.boolean else "false")
    elif fmt == "table":
        _print_table(res.variables, res.table_rows())
        click.echo(f"{len(res.rows)} row(s)", err=True)
    else:
        click.echo(res.serialize(fmt), nl=False)


_CATEGORIES = ["Prosecutor", "Person", "PAC", "Organization", "Place"]
_PREDICATES = ["prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf"]


def _one_node(G, name: str) -> str:
    """The graph node a user's name means, or a one-line error."""
    from kg.graph import find_nodes
    from kg.messages import Errors
    from kg.store import StoreError

    if not name.strip():
        raise StoreError(Errors.NO_ENTITY_NAME)
    hits = find_nodes(G, name)
    if not hits:
        raise StoreError(Errors.NO_ENTITY.format(name=name))
    if len(hits) > 1:
        names = ", ".join(f"{G.nodes[n]['label']} <{n}>" for n in hits)
        raise StoreError(Errors.AMBIGUOUS_ENTITY.format(name=name, names=names))
    return hits[0]


@cli.command()
@store_option
@click.option(
    "--out", "-o", default="graph.html", show_default=True, type=click.Path(dir_okay=False)
)
@click.option("--around", help="Draw only the neighbourhood of this entity (any of its names).")
@click.option(
    "--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="Hops for --around."
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(_CATEGORIES, case_sensitive=False),
    help="Only entities of this category (repeatable).",
)
@click.option(
    "--predicate",
    "predicates",
    multiple=True,
    type=click.Choice(_PREDICATES),
    help="Only relations of this kind (repeatable).",
)
@click.option("--article", help="Only what this article says (id, file name, title or sha256).")
@click.option(
    "--min-degree",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Only entities with at least this many neighbours (after the other filters).",
)
@click.option("--money", is_flag=True, help="Only funds relations, drawn as wide as their amount.")
@click.option(
    "--size-by",
    type=click.Choice(["articles", "degree", "pagerank", "betweenness"]),
    default="articles",
    show_default=True,
    help="What a node's size shows.",
)
@click.option(
    "--color-by",
    type=click.Choice(["category", "community"]),
    default="category",
    show_default=True,
    help="What a node's colour shows (its shape always shows the category).",
)
@click.option("--title", default="reform-kg", show_default=True)
@as_of_option
def viz(
    store_path: str,
    out: str,
    around: str | None,
    depth: int,
    categories: tuple[str, ...],
    predicates: tuple[str, ...],
    article: str | None,
    min_degree: int,
    money: bool,
    size_by: str,
    color_by: str,
    title: str,
    as_of: str | None,
) -> None:
    """Draw the stored graph as one self-contained HTML page (works offline).

    The filters combine: --as-of, --article, --category, --predicate and
    --money narrow the graph first, then --around keeps a neighbourhood in
    what is left, then --min-degree drops the sparsely tied.
    """
    from kg.graph import around as around_fn
    from kg.graph import centrality, communities, filter_graph, store_to_networkx
    from kg.store import KGStore
    from kg.viz import write_html

    store = KGStore.open(store_path, read_only=True)
    G = store_to_networkx(store, as_of=as_of)
    preds = ["funds"] if money else (list(predicates) or None)
    art = store.resolve_article(article).iri if article else None
    G = filter_graph(G, categories=list(categories) or None, predicates=preds, article=art)
    if around is not None:
        G = around_fn(G, _one_node(G, around), depth)
    if min_degree:
        G = filter_graph(G, min_degree=min_degree)
    size_attr = None
    if size_by != "articles":
        for n, score in centrality(G, size_by).items():
            G.nodes[n][size_by] = score
        size_attr = size_by
    color_attr = None
    if color_by == "community":
        for i, group in enumerate(communities(G), 1):
            for n in group:
                G.nodes[n]["community"] = i
        color_attr = "community"
    path = write_html(
        G, out, title=title, size_by=size_attr, color_by=color_attr, width_by_amount=money
    )
    click.echo(f"wrote {path} ({G.number_of_nodes()} entities, {G.number_of_edges()} relations)")


@cli.group()
def analyze() -> None:
    """Network analysis of the stored graph: who is central, which groups hang together."""


@analyze.command("centrality")
@store_option
@click.option("--top", default=20, show_default=True, type=click.IntRange(1), help="How many.")
@click.option(
    "--by",
    type=click.Choice(["degree", "pagerank", "betweenness"]),
    default="pagerank",
    show_default=True,
    help="The measure to rank by.",
)
@as_of_option
@output_options("table", "csv", "json")
def analyze_centrality(
    store_path: str, top: int, by: str, as_of: str | None, fmt: str, as_json: bool, as_csv: bool
) -> None:
    """Rank entities by degree, PageRank and betweenness (all three shown)."""
    from kg.graph import centrality, store_to_networkx
    from kg.store import KGStore

    G = store_to_networkx(KGStore.open(store_path, read_only=True), as_of=as_of)
    scores = {m: centrality(G, m) for m in ("degree", "pagerank", "betweenness")}
    order = sorted(G, key=lambda n: (-scores[by][n], G.nodes[n]["label"]))[:top]
    rows = [
        [
            i,
            G.nodes[n]["label"],
            G.nodes[n]["category"],
            int(scores["degree"][n]),
            round(scores["pagerank"][n], 4),
            round(scores["betweenness"][n], 4),
        ]
        for i, n in enumerate(order, 1)
    ]
    _print_rows(
        _fmt(fmt, as_json, as_csv),
        ["rank", "name", "category", "degree", "pagerank", "betweenness"],
        rows,
    )


@analyze.command("communities")
@store_option
@click.option("--min-size", default=3, show_default=True, type=click.IntRange(1))
@as_of_option
@output_options("table", "json")
def analyze_communities(
    store_path: str, min_size: int, as_of: str | None, fmt: str, as_json: bool
) -> None:
    """Groups of entities more tied to each other than to the rest (Louvain), with the
    relations inside each group. kg viz --color-by community draws them."""
    from kg.graph import communities, store_to_networkx
    from kg.store import KGStore

    G = store_to_networkx(KGStore.open(store_path, read_only=True), as_of=as_of)
    groups = [g for g in communities(G) if len(g) >= min_size]
    out = []
    for i, g in enumerate(groups, 1):
        members = set(g)
        ties = [
            (G.nodes[u]["label"], k, G.nodes[v]["label"])
            for u, v, k in G.edges(keys=True)
            if u in members and v in members
        ]
        out.append(
            {
                "community": i,
                "size": len(g),
                "members": [G.nodes[n]["label"] for n in g],
                "relations": [{"subject": s, "predicate": p, "object": o} for s, p, o in ties],
            }
        )
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    for c in out:
        click.echo(
            f"community {c['community']} ({c['size']} entities, {len(c['relations'])} relations)"
        )
        shown = ", ".join(c["members"][:12])
        more = f" and {c['size'] - 12} more" if c["size"] > 12 else ""
        click.echo(f"   {shown}{more}")
        for r in c["relations"][:6]:
            click.echo(f"   · {r['subject']} {r['predicate']} {r['object']}")
        if len(c["relations"]) > 6:
            click.echo(f"   · … {len(c['relations']) - 6} more relations")


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(1, 10))
@store_option
@as_of_option
@output_options("table", "json")
def path(
    a: str, b: str, max_hops: int, store_path: str, as_of: str | None, fmt: str, as_json: bool
) -> None:
    """The shortest connections between entities A and B, each hop with its evidence."""
    from kg.graph import connections, store_to_networkx
    from kg.store import KGStore

    G = store_to_networkx(KGStore.open(store_path, read_only=True), as_of=as_of)
    na, nb = _one_node(G, a), _one_node(G, b)
    paths = connections(G, na, nb, max_hops=max_hops)
    label = lambda n: G.nodes[n]["label"]  # noqa: E731
    if _fmt(fmt, as_json) == "json":
        click.echo(
            json.dumps(
                [
                    [
                        {
                            "subject": label(s),
                            "predicate": p,
                            "object": label(o),
                            "amount": d.get("amount"),
                            "evidence": [
                                {k: ev.get(k) for k in ("text", "article", "title", "date")}
                                for ev in d["evidence"]
                            ],
                        }
                        for s, p, o, d in hops
                    ]
                    for hops in paths
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if not paths:
        click.echo(f"no connection between {label(na)} and {label(nb)} within {max_hops} hops")
        sys.exit(1)
    for i, hops in enumerate(paths, 1):
        click.echo(f"{i}. ({len(hops)} hop{'s' if len(hops) > 1 else ''})")
        for s, p, o, d in hops:
            amount = f" {_money(d.get('amount'))}" if d.get("amount") else ""
            click.echo(f"   {label(s)} {p}{amount} {label(o)}")
            ev = d["evidence"][0]
            when = f", {ev['date']}" if ev.get("date") else ""
            click.echo(f"      “{ev['text']}” — {ev.get('title') or ev['article']}{when}")


@cli.command("entities")
@store_option
@click.option(
    "--category",
    type=click.Choice(
        ["Prosecutor", "Person", "PAC", "Organization", "Place"], case_sensitive=False
    ),
    help="Only this category.",
)
@click.option("--search", help="Only entities one of whose names contains this text.")
@as_of_option
@output_options("table", "csv", "json")
def entities_cmd(
    store_path: str,
    category: str | None,
    search: str | None,
    as_of: str | None,
    fmt: str,
    as_json: bool,
    as_csv: bool,
) -> None:
    """List every entity with its category, aliases, articles and relations."""
    from kg.profile import list_entities
    from kg.store import KGStore

    rows = list_entities(
        KGStore.open(store_path, read_only=True), category=category, search=search, as_of=as_of
    )
    fmt = _fmt(fmt, as_json, as_csv)
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1))
        return
    _print_rows(
        fmt,
        ["name", "category", "aliases", "articles", "relations"],
        [[r.name, r.category, "; ".join(r.aliases), r.articles, r.relations] for r in rows],
    )


@cli.command()
@click.argument("name")
@store_option
@as_of_option
@output_options("table", "json")
def show(name: str, store_path: str, as_of: str | None, fmt: str, as_json: bool) -> None:
    """Everything known about one entity (any of its names): relations with their sources."""
    from kg.profile import profile
    from kg.store import KGStore

    p = profile(KGStore.open(store_path, read_only=True), name, as_of=as_of)
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps(p.to_json(), ensure_ascii=False, indent=1))
        return
    click.echo(f"{p.name}  ({p.category}; {', '.join(p.categories)})  <{p.iri}>")
    if p.aliases:
        click.echo(f"also called: {', '.join(p.aliases)}")
    if p.money_in or p.money_out:
        click.echo(f"money in: {_money(p.money_in)}   money out: {_money(p.money_out)}")
    for f in p.facts:
        arrow = (
            f"{p.name} {f.predicate} {f.other}"
            if f.direction == "out"
            else (f"{f.other} {f.predicate} {p.name}")
        )
        amount = f"  {_money(f.amount)}" if f.amount is not None else ""
        click.echo(f"\n{arrow}{amount}")
        for ev in f.evidence:
            where = ev["title"] or ev["article"]
            when = f", {ev['date']}" if ev["date"] else ""
            click.echo(f"   “{ev['text']}”")
            click.echo(f"      — {where}{when}")
    click.echo(f"\nmentioned in {len(p.articles)} article(s):")
    for a in p.articles:
        click.echo(f"   {a['date'] or '????-??-??'}  {a['title'] or a['id']}  ({a['id']})")


@cli.command()
@click.argument("donor")
@click.option("--to", "to", help="Only paths that end at this recipient (any of its names).")
@click.option(
    "--max-hops", default=3, show_default=True, type=click.IntRange(1, 6), help="Longest path."
)
@store_option
@as_of_option
@output_options("table", "json")
def money(
    donor: str,
    to: str | None,
    max_hops: int,
    store_path: str,
    as_of: str | None,
    fmt: str,
    as_json: bool,
) -> None:
    """Follow DONOR's money: every path of funds edges, each hop's amount and source.

    One flow is one donor, recipient and amount, however many articles report it.
    For each recipient: the direct total, and the most of DONOR's money the
    reported hops could have carried to it (money is fungible: that is a bound).
    """
    from kg.graph import store_to_networkx
    from kg.messages import Errors
    from kg.money import money_paths
    from kg.profile import EntityLookupError, resolve_entity
    from kg.store import KGStore

    store = KGStore.open(store_path, read_only=True)
    src = resolve_entity(store, donor)
    dst = resolve_entity(store, to) if to else None
    G = store_to_networkx(store, as_of=as_of)
    if src not in G:
        raise EntityLookupError(Errors.NOT_YET_REPORTED.format(name=donor, date=as_of))
    report = money_paths(G, src, to=dst if dst in G else None, max_hops=max_hops)
    if dst is not None and dst not in G:
        report.paths, report.totals = [], {}
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps(report.to_json(G), ensure_ascii=False, indent=1))
        return
    label = G.nodes[src]["label"]
    when = f", reported up to {as_of}" if as_of else ""
    click.echo(f"money from {label} (up to {max_hops} hops{when}): {len(report.paths)} path(s)")
    for i, p in enumerate(report.paths, 1):
        chain = label
        for h in p.hops:
            chain += f" →{_money(h.total) or ' ?'}→ {G.nodes[h.recipient]['label']}"
        click.echo(f"\n{i}. {chain}")
        for h in p.hops:
            for f in h.flows:
                amt = _money(f.amount) or "amount not reported"
                n = len(f.reports)
                click.echo(
                    f"   {G.nodes[h.donor]['label']} → {G.nodes[h.recipient]['label']}: {amt}"
                    + (f" (reported {n} times)" if n > 1 else "")
                )
                ev = f.reports[0]
                when = f", {ev['date']}" if ev.get("date") else ""
                click.echo(f"      “{ev['text']}” — {ev.get('title') or ev['article']}{when}")
    if report.totals:
        click.echo("\nreaching each recipient:")
        _print_table(
            ["recipient", "direct", "at most (all paths)", "paths", "with unreported hops"],
            [
                [
                    G.nodes[t.recipient]["label"],
                    _money(t.direct),
                    _money(t.at_most),
                    t.paths,
                    t.unreported_paths,
                ]
                for t in report.totals.values()
            ],
        )


@cli.command()
@store_option
@click.option("--min-score", default=0.6, show_default=True, type=click.FloatRange(0, 1))
@output_options("table", "json")
def review(store_path: str, min_score: float, fmt: str, as_json: bool) -> None:
    """List pairs of stored entities that may be one referent, with the evidence for each.

    Decide with kg merge A B (they are one) or kg split A B (they are not).
    """
    from kg.resolve import candidates, load_index
    from kg.store import KGStore

    index = load_index(KGStore.open(store_path, read_only=True))
    cands = candidates(index, min_score=min_score)
    labels = {iri: e.label for iri, e in index.entities.items()}
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps([c.to_json(labels) for c in cands], ensure_ascii=False, indent=1))
        return
    for c in cands:
        click.echo(
            f"{c.score:.2f}  {c.a.label} ({c.a.category}, {len(c.a.articles)} art.)  ~  "
            f"{c.b.label} ({c.b.category}, {len(c.b.articles)} art.)"
        )
        click.echo(f"      {c.reason}")
        if c.shared:
            shown = ", ".join(labels.get(s, s) for s in c.shared[:5])
            more = f" and {len(c.shared) - 5} more" if len(c.shared) > 5 else ""
            click.echo(f"      both mentioned with: {shown}{more}")
        names = lambda e: "; ".join(e.names())  # noqa: E731
        click.echo(f"      names: {names(c.a)} | {names(c.b)}")
    click.echo(f"{len(cands)} candidate pair(s)", err=True)


@cli.command()
@click.argument("name")
@click.argument("into")
@store_option
def merge(name: str, into: str, store_path: str) -> None:
    """Record that NAME is the same entity as INTO, and show it as INTO everywhere.

    The decision is kept in the curation graph: it holds when articles are added
    again, replaced or removed. kg split undoes it.
    """
    from kg.curation import merge as do_merge
    from kg.profile import resolve_entity
    from kg.store import KGStore

    store = KGStore.open(store_path, create=False)
    a, b = resolve_entity(store, name), resolve_entity(store, into)
    res = do_merge(store, a, b)
    click.echo(f"merged {name} into {into} ({res.articles} article graph(s) updated)")


@cli.command()
@click.argument("name_a")
@click.argument("name_b")
@store_option
def split(name_a: str, name_b: str, store_path: str) -> None:
    """Record that NAME_A and NAME_B are different entities, and keep them apart.

    When a link or a merge had made them one, the articles that use one of the
    names get their own entity back. The decision holds when articles are added again.
    """
    from kg.curation import split as do_split
    from kg.store import KGStore

    res = do_split(KGStore.open(store_path, create=False), name_a, name_b)
    click.echo(f"kept {name_a} and {name_b} apart ({res.articles} article graph(s) updated)")


@cli.command()
@store_option
def validate(store_path: str) -> None:
    """Check every stored article graph against the SHACL shapes."""
    from kg.messages import Errors
    from kg.store import KGStore
    from kg.validate import validate_store

    n, violations = validate_store(KGStore.open(store_path, read_only=True))
    for v in violations[:50]:
        click.echo(f"{v.article}: {v.focus} {v.path}: {v.message}", err=True)
    if violations:
        click.echo("error: " + Errors.SHAPES_FAILED.format(count=len(violations)), err=True)
        sys.exit(1)
    click.echo(f"{n} article graphs conform to ontology/shapes.ttl")


@cli.command("eval")
@click.argument("gold_dir")
@click.argument("text_dir", required=False)
@click.option("--split", help="Score only the gold files the split file assigns to this split.")
@click.option(
    "--split-file",
    help="The split file ('dev NAME' / 'test NAME' lines); default: split.txt beside GOLD_DIR.",
)
@click.option("--show", is_flag=True, help="List every miss and false alarm, per article.")
@output_options("table", "json")
def eval_cmd(
    gold_dir: str,
    text_dir: str | None,
    split: str | None,
    split_file: str | None,
    show: bool,
    fmt: str,
    as_json: bool,
) -> None:
    """Score the extractor against the gold files in GOLD_DIR (annotation guidelines, section 5).

    TEXT_DIR holds the articles the gold files name (default: the 'articles'
    directory beside GOLD_DIR).
    """
    from kg.evaluate import evaluate_dir

    report = evaluate_dir(gold_dir, text_dir, split=split, split_file=split_file)
    if _fmt(fmt, as_json) == "json":
        click.echo(json.dumps(report.to_json(details=show), ensure_ascii=False, indent=1))
        return
    if show:
        for a in report.articles:
            click.echo(f"== {a.article}")
            if a.error:
                click.echo(f"   error: {a.error}")
            for label, items in (
                ("missed entity", a.missed_entities),
                ("extra entity", a.extra_entities),
                ("wrong category", a.wrong_category),
                ("missed relation", a.missed_relations),
                ("false relation", a.false_relations),
                ("wrong amount", a.wrong_amounts),
            ):
                for item in items:
                    click.echo(f"   {label}: {item}")
    s = report.summary()
    click.echo(f"articles {s['articles']}  errors {s['errors']}")
    click.echo(f"{'predicate':<14}{'gold':>6}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>7}{'R':>7}{'F1':>7}")
    for p, v in report.predicates().items():
        click.echo(
            f"{p:<14}{v['gold']:>6}{v['tp']:>6}{v['fp']:>6}{v['fn']:>6}"
            f"{v['p']:>7.2f}{v['r']:>7.2f}{v['f1']:>7.2f}"
        )
    click.echo(
        f"entities P {s['entity_p']:.2f} R {s['entity_r']:.2f} F1 {s['entity_f1']:.2f} "
        f"typed-F1 {s['typed_entity_f1']:.2f} | relations P {s['relation_p']:.2f} "
        f"R {s['relation_r']:.2f} F1 {s['relation_f1']:.2f} | amounts "
        f"{s['amount_ok']}/{s['amount_found']} | bad evidence {s['bad_evidence']} "
        f"| errors {s['errors']}"
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@store_option
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    metavar="SECONDS",
    help="Stop a query that runs longer (503).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    metavar="N",
    help="Return at most N solutions or triples (then X-KG-Truncated: true).",
)
def serve(host: str, port: int, store_path: str, timeout: float, max_rows: int) -> None:
    """Serve the store read-only: a SPARQL 1.1 Protocol endpoint at /sparql, and pages.

    / is a query form, /query/NAME the named queries, /entity/SLUG an entity's
    profile and map, /article/ID an article with its evidence marked, /map the
    whole graph. Updates are refused (403). It runs beside kg add, and shows new
    articles without a restart.
    """
    import socket

    import uvicorn

    from kg.errors import KGError
    from kg.messages import Errors
    from kg.serve import create_app

    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]", host] if loopback else None
    app = create_app(store_path, timeout=timeout, max_rows=max_rows, allowed_hosts=hosts)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        reason = e.strerror or str(e)
        raise KGError(
            Errors.SERVE_CANNOT_BIND.format(host=host, port=port, reason=reason)
        ) from None
    where = f"[{host}]" if ":" in host else host
    click.echo(
        f"serving {store_path} read-only at http://{where}:{port}/ (SPARQL: /sparql)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
