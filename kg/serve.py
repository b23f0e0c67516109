"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, and pages for people.

:func:`create_app` builds a Starlette application (the CLI runs it with uvicorn):

* ``/sparql`` (also ``/query``, as in ``oxigraph serve``, so ``kg … --store
  http://HOST:PORT`` works) answers the SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` of a form
  (``query=``) or of a body of type ``application/sparql-query``, with
  ``default-graph-uri`` / ``named-graph-uri`` when given. The default graph is
  otherwise the union of the article graphs (as in ``kg query``). The result
  format follows ``Accept`` (or a ``format=`` parameter): SPARQL results as JSON
  (the default), CSV, TSV or XML; graphs (CONSTRUCT, DESCRIBE) as Turtle (the
  default), N-Triples, RDF/XML or JSON-LD.
* SPARQL Update in any form (``update=``, ``application/sparql-update``, an
  update sent as ``query``) is refused with 403, as is ``SERVICE``; a malformed
  query is 400; a query running longer than ``timeout`` seconds is 503. More than
  ``max_rows`` solutions (or triples) are cut to ``max_rows`` and the response
  carries ``X-KG-Truncated: true`` (and ``X-KG-Max-Rows``). Every error body is
  one line of text.
* ``/`` (a query form with a results table), ``/query/NAME`` (the named queries),
  ``/entity/SLUG`` (the ``kg show`` profile and a map of the neighbourhood),
  ``/map`` (the whole graph), ``/article/ID`` (the text with every evidence
  sentence marked): HTML from Jinja2 templates with autoescape, under a strict
  Content-Security-Policy, with no script of their own and nothing loaded from
  elsewhere.

The store is opened read-only, so the server runs beside ``kg add``; it is
opened again when its files change, so new articles show without a restart.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.errors import KGError
from kg.messages import Errors
from kg.query import QueryError, QueryResult, check_read_only, update_keyword
from kg.store import KGStore, StoreError, store_path

if TYPE_CHECKING:
    import networkx as nx
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "GRAPH_FORMATS",
    "SOLUTION_FORMATS",
    "ServeError",
    "create_app",
    "execute",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
#: Queries that may run at once (a timed-out query keeps its thread until it ends).
MAX_RUNNING = 4
#: Rows of a result the query page shows (the endpoint itself returns up to max_rows).
PAGE_ROWS = 500

#: Result formats for SELECT and ASK: name → (media type sent, media types accepted).
SOLUTION_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "json": ("application/sparql-results+json", ("application/sparql-results+json", "application/json")),
    "xml": ("application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    "csv": ("text/csv; charset=utf-8", ("text/csv",)),
    "tsv": ("text/tab-separated-values; charset=utf-8", ("text/tab-separated-values",)),
}  # fmt: skip
#: Result formats for CONSTRUCT and DESCRIBE.
GRAPH_FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "turtle": ("text/turtle; charset=utf-8", ("text/turtle", "application/x-turtle", "application/turtle")),
    "ntriples": ("application/n-triples", ("application/n-triples", "text/plain")),
    "rdfxml": ("application/rdf+xml", ("application/rdf+xml",)),
    "jsonld": ("application/ld+json", ("application/ld+json",)),
}  # fmt: skip
_FORMAT_ALIASES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "rdf": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"),
    "json-ld": (None, "jsonld"),
    "jsonld": (None, "jsonld"),
}
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
_PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
_MAP_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
_NO_REMOTE_DATASET = (
    "default-graph-uri and named-graph-uri work on an embedded store only "
    "(this one is a remote endpoint: ask it directly)"
)
_COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


class ServeError(KGError):
    """A request the endpoint refuses; ``status`` is its HTTP status, ``str()`` the one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# -- running a query -------------------------------------------------------------
@dataclass
class Outcome:
    result: QueryResult
    truncated: bool
    timed_out: bool = False


def execute(
    store: KGStore,
    sparql: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    deadline: float | None = None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Outcome:
    """Run a read-only query, keeping at most ``max_rows`` solutions or triples.

    ``deadline`` (a :func:`time.monotonic` value) stops reading solutions once
    passed. Raises :class:`ServeError` (403 for an update or SERVICE, 400 for bad
    syntax, 500 when the engine fails).
    """
    check_request(sparql)
    kwargs: dict[str, Any] = {}
    if (default_graphs or named_graphs) and store.remote:
        raise ServeError(501, Errors.QUERY_FAILED.format(reason=_NO_REMOTE_DATASET))
    if default_graphs:
        kwargs["use_default_graph_as_union"] = False
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    from kg.query import _clean_syntax_message

    # pyoxigraph's result iterators must be dropped on the thread that made them: no
    # exception that leaves this function may hold a frame that holds one
    error: ServeError
    try:
        return _collect(store.query(sparql, **kwargs), max_rows, deadline)
    except SyntaxError as e:
        error = ServeError(
            400, Errors.QUERY_SYNTAX.format(reason=_clean_syntax_message(str(e), sparql))
        )
    except (OSError, ValueError, RuntimeError) as e:
        first = str(e).splitlines()[0] if str(e).strip() else type(e).__name__
        error = ServeError(500, Errors.QUERY_FAILED.format(reason=first))
    raise error


def _collect(res: Any, max_rows: int, deadline: float | None) -> Outcome:
    if isinstance(res, ox.QueryBoolean):
        return Outcome(QueryResult("ask", [], [], boolean=bool(res)), False)
    items: list[Any] = []
    truncated = False
    solutions = isinstance(res, ox.QuerySolutions)
    variables = [v.value for v in res.variables] if solutions else []
    for item in res:
        if len(items) >= max_rows:
            truncated = True
            break
        items.append([item[v] for v in variables] if solutions else item)
        if deadline is not None and len(items) % 256 == 0 and time.monotonic() > deadline:
            return Outcome(QueryResult("select", variables, []), False, timed_out=True)
    if solutions:
        return Outcome(QueryResult("select", variables, items), truncated)
    return Outcome(QueryResult("graph", [], [], triples=items), truncated)


def check_request(sparql: str | None) -> str:
    """400 for no query, 403 for an update or SERVICE; else the query."""
    if not sparql or not sparql.strip():
        raise ServeError(400, Errors.SERVE_NO_QUERY)
    kw = update_keyword(sparql)
    if kw:
        raise ServeError(403, Errors.SERVE_UPDATE_REFUSED.format(keyword=kw))
    try:
        check_read_only(sparql)
    except QueryError:
        raise ServeError(403, Errors.SERVE_SERVICE_REFUSED) from None
    return sparql


def serialize(result: QueryResult, fmt: str) -> bytes:
    """The result in ``fmt`` (a key of :data:`SOLUTION_FORMATS` or :data:`GRAPH_FORMATS`).

    JSON, CSV and TSV are exactly what ``kg query --format`` prints.
    """
    if result.kind == "graph":
        from kg.vocab import PREFIXES

        rdf = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "rdfxml": ox.RdfFormat.RDF_XML,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[fmt]
        kw = {"prefixes": PREFIXES} if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else {}
        return ox.serialize(result.triples or [], format=rdf, **kw)
    if fmt == "xml":
        return _xml(result).encode("utf-8")
    return result.serialize(fmt).encode("utf-8")


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(t.subject)}</subject>"
            f"<predicate>{_xml_term(t.predicate)}</predicate>"
            f"<object>{_xml_term(t.object)}</object></triple>"
        )
    attr = ""
    if t.language:
        attr = f" xml:lang={quoteattr(t.language)}"
    elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        attr = f" datatype={quoteattr(t.datatype.value)}"
    return f"<literal{attr}>{xml_escape(t.value)}</literal>"


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>\n', f'<sparql xmlns="{_RESULTS_NS}">']
    if result.kind == "ask":
        out.append("<head/><boolean>" + ("true" if result.boolean else "false") + "</boolean>")
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables))
        out.append("</head><results>")
        for row in result.rows:
            out.append("<result>")
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    out.append(f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>\n")
    return "".join(out)


def negotiate(kind: str, accept: str | None, fmt_param: str | None = None) -> str:
    """The format for a result of ``kind`` ("graph" or not) given ``Accept`` and ``format=``."""
    graph = kind == "graph"
    table = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    default = "turtle" if graph else "json"
    if fmt_param:
        alias = _FORMAT_ALIASES.get(fmt_param.strip().lower())
        if alias and alias[1 if graph else 0]:
            return alias[1 if graph else 0]  # type: ignore[return-value]
        for name, (_, types) in table.items():
            if fmt_param.strip().lower() in types:
                return name
    if not accept or not accept.strip():
        return default
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media.lower()))
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return default
        for name, (_, types) in table.items():
            if media in types:
                return name
        if media.endswith("/*"):
            family = media[:-1]
            fits = [
                n for n, (_, types) in table.items() if any(t.startswith(family) for t in types)
            ]
            if fits:
                return default if default in fits else fits[0]
    offered = ", ".join(types[0] for _, types in table.values())
    what = "a graph (CONSTRUCT or DESCRIBE)" if graph else "SPARQL results"
    raise ServeError(
        406, Errors.SERVE_NOT_ACCEPTABLE.format(accept=accept, what=what, offered=offered)
    )


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def _form(request: Request) -> list[tuple[str, str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body (UTF-8)."""
    from urllib.parse import parse_qsl

    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qsl(body, keep_blank_values=True)


# -- the store, opened again when it changes ----------------------------------------
class _StoreHolder:
    """The read-only store, opened again when its files change (a writer added
    articles), and what is built from it (the networkx graph, maps), once per version."""

    CACHE_SIZE = 64

    def __init__(self, path: str) -> None:
        self.path = store_path(path)
        self._lock = threading.Lock()
        self._store: KGStore | None = None
        self._sig: object = None
        self._version = 0
        self._cache: dict[str, Any] = {}
        from kg.remote import is_remote

        self._remote = is_remote(self.path)

    def _signature(self) -> object:
        if self._remote:
            return None
        try:
            with os.scandir(self.path) as it:
                return tuple(
                    sorted(
                        (e.name, st.st_size, st.st_mtime_ns)
                        for e in it
                        if e.is_file() and (st := e.stat())
                    )
                )
        except OSError:
            return None

    def _current(self) -> tuple[KGStore, int]:
        with self._lock:
            sig = self._signature()
            if self._store is None or (not self._remote and sig != self._sig):
                try:
                    self._store = KGStore.open(self.path, read_only=True)
                    self._sig = sig
                    self._version += 1
                    self._cache.clear()
                except StoreError:
                    if self._store is None:
                        raise  # else: keep answering from the version open now
            return self._store, self._version

    def store(self) -> KGStore:
        return self._current()[0]

    def cached(self, key: str, build: Callable[[KGStore], Any]) -> Any:
        """``build(store)``, kept until the store changes (a remote store: never kept)."""
        store, version = self._current()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = build(store)
        with self._lock:
            if version == self._version and not self._remote:
                if len(self._cache) >= self.CACHE_SIZE:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[key] = value
        return value

    def graph(self) -> nx.MultiDiGraph:
        from kg.graph import store_to_networkx

        return self.cached("graph", store_to_networkx)


# -- the application ---------------------------------------------------------------
def create_app(
    store_path: str | os.PathLike | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The ``kg serve`` application over the store at ``store_path`` (opened read-only now,
    so a missing store fails here with its one-line :class:`StoreError`).

    ``allowed_hosts`` (Host header names; default: any) guards a server on a
    loopback address against DNS rebinding: the CLI passes localhost names then.
    """
    import anyio
    import jinja2
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    holder = _StoreHolder(str(store_path) if store_path else "")
    holder.store()
    running = threading.BoundedSemaphore(MAX_RUNNING)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates" / "serve"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["money"] = lambda x: "" if x is None else f"${x:,.0f}"
    env.globals["entity_href"] = entity_href
    env.globals["article_href"] = article_href

    def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(
            message.splitlines()[0] + "\n", status, headers={**_COMMON_HEADERS, **(headers or {})}
        )

    def page(name: str, status: int = 200, **ctx: Any) -> Response:
        html = env.get_template(name).render(**ctx)
        headers = {**_COMMON_HEADERS, "Content-Security-Policy": _PAGE_CSP}
        return HTMLResponse(html, status, headers=headers)

    def not_found(message: str) -> Response:
        return page("error.html", 404, title="Not found", message=message)

    async def run(sparql: str, **kw: Any) -> Outcome:
        """Run in a worker thread; 503 when it outlives ``timeout`` or too many run."""
        if not running.acquire(blocking=False):
            raise ServeError(503, Errors.SERVE_BUSY.format(count=MAX_RUNNING))
        deadline = time.monotonic() + timeout
        state = {"started": False, "dropped": False}
        lock = threading.Lock()

        def work() -> Outcome | None:
            with lock:
                if state["dropped"]:  # timed out before a thread took it up
                    return None
                state["started"] = True
            try:
                return execute(holder.store(), sparql, max_rows=max_rows, deadline=deadline, **kw)
            finally:
                running.release()

        out: Outcome | None = None
        try:
            with anyio.fail_after(timeout):
                out = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            with lock:
                if not state["started"]:
                    state["dropped"] = True
                    running.release()
        if out is None or out.timed_out:
            raise ServeError(503, Errors.SERVE_TIMEOUT.format(seconds=timeout))
        return out

    # -- /sparql ---------------------------------------------------------------
    async def sparql_endpoint(request: Request) -> Response:
        try:
            params = await _protocol_params(request)
            sparql = params.get("query")
            if sparql is None and request.method == "GET" and _wants_html(request):
                return RedirectResponse("/", 303)  # a person: the query page
            default_graphs = params.get("default-graph-uri") or None
            named_graphs = params.get("named-graph-uri") or None
            for name, iris in (
                ("default-graph-uri", default_graphs),
                ("named-graph-uri", named_graphs),
            ):
                for iri in iris or []:
                    if not urlsplit(iri).scheme or any(c in iri for c in ' <>"{}|\\^`'):
                        raise ServeError(400, Errors.SERVE_BAD_GRAPH.format(param=name, value=iri))
            check_request(sparql)
            out = await run(sparql, default_graphs=default_graphs, named_graphs=named_graphs)
            fmt = negotiate(out.result.kind, request.headers.get("accept"), params.get("format"))
        except ServeError as e:
            return text(e.status, str(e))
        except KGError as e:
            return text(500, str(e))
        media = (GRAPH_FORMATS if out.result.kind == "graph" else SOLUTION_FORMATS)[fmt][0]
        headers = {**_COMMON_HEADERS, "Vary": "Accept"}
        if out.truncated:
            headers["X-KG-Truncated"] = "true"
            headers["X-KG-Max-Rows"] = str(max_rows)
        return Response(serialize(out.result, fmt), 200, headers=headers, media_type=media)

    async def update_endpoint(request: Request) -> Response:
        return text(403, Errors.SERVE_UPDATE_REFUSED.format(keyword="update"))

    async def _protocol_params(request: Request) -> dict[str, Any]:
        """query (one), default-graph-uri and named-graph-uri (lists), format, per the protocol."""
        qp = request.query_params
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        fields: list[tuple[str, str]] = list(qp.multi_items())
        body_query = None
        if request.method == "POST":
            if ctype == "application/x-www-form-urlencoded":
                fields += await _form(request)
            elif ctype == "application/sparql-query":
                body_query = (await request.body()).decode("utf-8", errors="replace")
            elif ctype == "application/sparql-update":
                raise ServeError(403, Errors.SERVE_UPDATE_REFUSED.format(keyword="update"))
            else:
                raise ServeError(415, Errors.SERVE_BAD_CONTENT_TYPE.format(type=ctype or "none"))
        if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in fields):
            raise ServeError(403, Errors.SERVE_UPDATE_REFUSED.format(keyword="update"))
        queries = [v for k, v in fields if k == "query"]
        if body_query is not None:
            queries.append(body_query)
        if len(queries) > 1:
            raise ServeError(400, Errors.SERVE_SEVERAL_QUERIES)
        fmts = [v for k, v in fields if k in ("format", "output") and v]
        return {
            "query": queries[0] if queries else None,
            "default-graph-uri": [v for k, v in fields if k == "default-graph-uri"],
            "named-graph-uri": [v for k, v in fields if k == "named-graph-uri"],
            "format": fmts[0] if fmts else None,
        }

    # -- pages -------------------------------------------------------------------
    async def index(request: Request) -> Response:
        from kg.query import named_queries, unknown_terms

        if request.method == "POST":
            sparql = dict(await _form(request)).get("query")
        else:
            sparql = request.query_params.get("query")
        table, error, warnings, status = None, None, [], 200
        if sparql is not None:
            warnings = [Errors.UNKNOWN_TERM.format(term=t) for t in unknown_terms(sparql)]
            try:
                table = _table(await run(sparql))
            except ServeError as e:
                error, status = str(e), e.status
        return page(
            "index.html",
            status,
            title="reform-kg",
            query=sparql if sparql is not None else EXAMPLE_QUERY,
            table=table,
            error=error,
            warnings=warnings,
            named=list(named_queries().values()),
        )

    async def named_query(request: Request) -> Response:
        from kg.query import named_queries, render_named_query

        q = named_queries().get(request.path_params["name"])
        if q is None:
            return not_found(Errors.NO_NAMED_QUERY.format(name=request.path_params["name"]))
        given = {p.name: request.query_params.get(p.name, "") for p in q.params}
        submitted = any(p.name in request.query_params for p in q.params)
        table, error, sparql, status = None, None, None, 200
        if submitted or not any(p.required for p in q.params):
            values = {k: v for k, v in given.items() if v.strip()}
            try:
                sparql = await anyio.to_thread.run_sync(
                    render_named_query, q, values, holder.store()
                )
                table = _table(await run(sparql))
            except ServeError as e:
                error, status = str(e), e.status
            except KGError as e:
                error, status = str(e), 400
        return page(
            "named.html",
            status,
            title=q.name,
            q=q,
            given=given,
            table=table,
            error=error,
            sparql=sparql,
        )

    async def entity(request: Request) -> Response:
        from kg.profile import EntityLookupError, profile

        iri = _entity_iri(request.path_params["slug"])
        try:
            p = await anyio.to_thread.run_sync(lambda: profile(holder.store(), iri))
        except EntityLookupError:
            return not_found(Errors.SERVE_NO_ENTITY.format(slug=request.path_params["slug"]))
        return page("entity.html", title=p.name, p=p, slug=request.path_params["slug"])

    async def entity_map(request: Request) -> Response:
        from kg.graph import around
        from kg.viz import render_html

        iri = _entity_iri(request.path_params["slug"])

        def build(store: KGStore) -> str | None:
            G = holder.graph()
            if iri not in G:
                return None
            label = G.nodes[iri]["label"]
            return render_html(around(G, iri, 1), title=f"{label}: neighbourhood")

        html = await anyio.to_thread.run_sync(holder.cached, "map " + iri, build)
        if html is None:
            return not_found(Errors.SERVE_NO_ENTITY.format(slug=request.path_params["slug"]))
        return _map_response(html)

    async def full_map(request: Request) -> Response:
        from kg.viz import render_html

        html = await anyio.to_thread.run_sync(
            holder.cached,
            "map",
            lambda store: render_html(holder.graph(), title="reform-kg: the whole graph"),
        )
        return _map_response(html)

    def _map_response(html: str) -> Response:
        headers = {**_COMMON_HEADERS, "Content-Security-Policy": _MAP_CSP}
        return HTMLResponse(html, headers=headers)

    async def article(request: Request) -> Response:
        ref = request.path_params["ref"]
        data = await anyio.to_thread.run_sync(lambda: article_view(holder.store(), ref))
        if data is None:
            return not_found(Errors.SERVE_NO_ARTICLE.format(ref=ref))
        return page("article.html", title=data["title"] or data["id"], a=data)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found(Errors.SERVE_NO_PAGE.format(path=request.url.path))

    async def failed(request: Request, exc: Exception) -> Response:
        """A library error on a page (the store went away, say): its one line, as 500."""
        if request.url.path.startswith("/sparql"):
            return text(500, str(exc))
        return page("error.html", 500, title="Error", message=str(exc))

    routes = [
        Route("/", index, methods=["GET", "HEAD", "POST"]),
        Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST"]),
        # the paths of oxigraph serve, so --store http://HOST:PORT works for every kg command
        Route("/query", sparql_endpoint, methods=["GET", "HEAD", "POST"]),
        Route("/update", update_endpoint, methods=["GET", "POST"]),
        Route("/query/{name}", named_query, methods=["GET", "HEAD"]),
        Route("/map", full_map, methods=["GET", "HEAD"]),
        Route("/entity/{slug}", entity, methods=["GET", "HEAD"]),
        Route("/entity/{slug}/map", entity_map, methods=["GET", "HEAD"]),
        Route("/article/{ref}", article, methods=["GET", "HEAD"]),
    ]
    middleware = []
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    return Starlette(
        routes=routes, middleware=middleware, exception_handlers={404: missing, KGError: failed}
    )


EXAMPLE_QUERY = """\
# Who funds whom: the largest amount reported, and how many articles report it.
# Prefixes rkg:, ent:, art:, rdf:, rdfs:, skos:, dcterms:, schema:, … are declared for you.
SELECT ?donor ?recipient (MAX(?amt) AS ?amount) (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  ?x a rkg:Assertion ; rdf:predicate rkg:funds ; rdf:subject ?d ; rdf:object ?r ;
     rkg:article ?article .
  # one name each: the longest one the articles use
  { SELECT ?d (STRAFTER(MAX(CONCAT(STR(1000 + STRLEN(?l)), "|", ?l)), "|") AS ?donor)
    WHERE { ?d rdfs:label ?l } GROUP BY ?d }
  { SELECT ?r (STRAFTER(MAX(CONCAT(STR(1000 + STRLEN(?l)), "|", ?l)), "|") AS ?recipient)
    WHERE { ?r rdfs:label ?l } GROUP BY ?r }
  OPTIONAL { ?x rkg:amount ?amt }
}
GROUP BY ?d ?r ?donor ?recipient
ORDER BY DESC(?amount) ?donor
LIMIT 50
"""


def _entity_iri(slug: str) -> str:
    from kg.vocab import ENT

    return str(ENT) + slug


def entity_href(iri: str) -> str | None:
    """``/entity/SLUG`` for an entity IRI of the project's namespace, else None."""
    from kg.vocab import ENT

    if iri.startswith(str(ENT)) and "/" not in iri[len(str(ENT)) :]:
        return "/entity/" + quote(iri[len(str(ENT)) :], safe="")
    return None


def article_href(iri: str) -> str | None:
    from kg.vocab import ART

    if iri.startswith(str(ART)) and "/" not in iri[len(str(ART)) :]:
        return "/article/" + quote(iri[len(str(ART)) :], safe="")
    return None


def _cell(t) -> dict[str, Any]:
    from kg.query import _short

    if t is None:
        return {"text": "", "href": None}
    href = None
    if isinstance(t, ox.NamedNode):
        href = entity_href(t.value) or article_href(t.value)
    return {"text": _short(t), "href": href}


def _table(out: Outcome) -> dict[str, Any]:
    """A result as the query page shows it."""
    r = out.result
    if r.kind == "ask":
        return {"kind": "ask", "boolean": r.boolean, "head": [], "rows": [], "more": False}
    if r.kind == "graph":
        triples = r.triples or []
        rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples]
        head = ["subject", "predicate", "object"]
    else:
        rows = [[_cell(t) for t in row] for row in r.rows]
        head = r.variables
    return {
        "kind": r.kind,
        "head": head,
        "rows": rows[:PAGE_ROWS],
        "count": len(rows),
        "more": len(rows) > PAGE_ROWS or out.truncated,
    }


# -- the article page -------------------------------------------------------------
_ARTICLE_FACTS = """
SELECT ?x ?s ?p ?o ?sl ?ol ?start ?end ?amount WHERE {
  GRAPH ?g { ?x a rkg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             rkg:evidenceStart ?start ; rkg:evidenceEnd ?end .
    OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?x rkg:amount ?amount } }
} ORDER BY ?start ?end ?p"""


def article_view(store: KGStore, ref: str) -> dict[str, Any] | None:
    """An article's metadata, its text cut into plain and marked segments, and its facts;
    None when no stored article is ``ref`` (the last part of its IRI, its id or sha256)."""
    from kg.vocab import ART

    arts = store.articles()
    art = next((a for a in arts if a.iri == str(ART) + ref), None)
    if art is None:
        try:
            art = store.resolve_article(ref)
        except StoreError:
            return None
    g = ox.NamedNode(art.iri)
    rows = [
        r["t"].value
        for r in store.query(
            f"SELECT ?t WHERE {{ GRAPH {g} {{ {g} rkg:text ?t }} }}",
            use_default_graph_as_union=False,
        )
    ]
    body = rows[0] if rows else ""
    facts = []
    seen = set()
    for r in store.query(_ARTICLE_FACTS.replace("?g", str(g)), use_default_graph_as_union=False):
        if r["x"].value in seen:
            continue
        seen.add(r["x"].value)
        start, end = int(r["start"].value), int(r["end"].value)
        facts.append(
            {
                "n": len(facts) + 1,
                "subject": r["sl"].value if r["sl"] else r["s"].value,
                "subject_iri": r["s"].value,
                "predicate": r["p"].value.rsplit("#", 1)[-1],
                "object": r["ol"].value if r["ol"] else r["o"].value,
                "object_iri": r["o"].value,
                "amount": float(r["amount"].value) if r["amount"] else None,
                "start": start,
                "end": end,
                "text": body[start:end],
            }
        )
    return {
        "id": art.id,
        "iri": art.iri,
        "title": art.title,
        "date": art.date,
        "source": art.source,
        "url": art.url,
        "file_name": art.file_name,
        "segments": [
            {**seg, "anchors": sorted({facts[k - 1]["start"] for k in seg["facts"]})}
            for seg in highlight(body, [(f["start"], f["end"], f["n"]) for f in facts])
        ],
        "facts": facts,
    }


def highlight(text: str, spans: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
    """``text`` cut into segments: plain ones, and marked ones covering the spans
    (overlapping spans join into one mark that lists every fact number).

    >>> [(s["text"], s["facts"]) for s in highlight("ab<c>de", [(2, 5, 1), (4, 6, 2)])]
    [('ab', []), ('<c>d', [1, 2]), ('e', [])]
    """
    n = len(text)
    cleaned = sorted((max(0, s), min(n, e), k) for s, e, k in spans if 0 <= s < e)
    merged: list[list[Any]] = []
    for s, e, k in cleaned:
        if s >= n:
            continue
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2].append(k)
        else:
            merged.append([s, e, [k]])
    out: list[dict[str, Any]] = []
    pos = 0
    for s, e, ks in merged:
        if s > pos:
            out.append({"text": text[pos:s], "facts": []})
        out.append({"text": text[s:e], "facts": ks})
        pos = e
    if pos < n:
        out.append({"text": text[pos:], "facts": []})
    return out
