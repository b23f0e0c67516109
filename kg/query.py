"""Read-only SPARQL over the store, with the project's prefixes declared, and result formatting.

>>> update_keyword("PREFIX x: <http://x/>  # a comment\\n insert data { x:a x:b x:c }")
'INSERT'
>>> update_keyword("SELECT * WHERE { ?s ?p ?o }") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.messages import Errors
from kg.store import KGStore

__all__ = [
    "QueryError",
    "QueryResult",
    "check_read_only",
    "run_query",
    "strip_comments",
    "update_keyword",
]

UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "DROP",
    "LOAD",
    "CLEAR",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
_PROLOGUE = re.compile(r"\A\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)


class QueryError(ValueError):
    """A query that cannot run; ``str()`` is the one-line message."""


@dataclass
class QueryResult:
    kind: str  # "select", "ask" or "graph"
    variables: list[str]
    rows: list[list[Any]]  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[Any] | None = None

    def serialize(self, fmt: str) -> str:
        """csv, tsv or json (SPARQL 1.1 results formats); for graphs: turtle or ntriples."""
        if self.kind == "graph":
            rdf_fmt = (
                ox.RdfFormat.N_TRIPLES
                if fmt in ("ntriples", "nt", "csv", "tsv")
                else ox.RdfFormat.TURTLE
            )
            from kg.vocab import PREFIXES

            kw = {"prefixes": PREFIXES} if rdf_fmt == ox.RdfFormat.TURTLE else {}
            return ox.serialize(self.triples or [], format=rdf_fmt, **kw).decode()
        fmt_obj = {
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
            "json": ox.QueryResultsFormat.JSON,
        }[fmt]
        if self.kind == "ask":
            return _ask(self.boolean, fmt)
        return _solutions_serialize(self, fmt_obj)

    def table_rows(self) -> list[list[str]]:
        return [[_short(t) for t in row] for row in self.rows]


def _ask(value: bool | None, fmt: str) -> str:
    if fmt == "json":
        return '{"head":{},"boolean":' + ("true" if value else "false") + "}\n"
    return ("true" if value else "false") + "\n"


def _solutions_serialize(res: QueryResult, fmt_obj) -> str:
    # Rebuild the solutions so they can be serialized after being read into rows.
    import io

    out = io.StringIO()
    if fmt_obj == ox.QueryResultsFormat.JSON:
        import json

        bindings = []
        for row in res.rows:
            b = {}
            for var, term in zip(res.variables, row, strict=True):
                if term is not None:
                    b[var] = _json_term(term)
            bindings.append(b)
        return (
            json.dumps(
                {"head": {"vars": res.variables}, "results": {"bindings": bindings}},
                ensure_ascii=False,
            )
            + "\n"
        )
    sep = "," if fmt_obj == ox.QueryResultsFormat.CSV else "\t"
    if sep == ",":
        import csv

        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(res.variables)
        for row in res.rows:
            w.writerow(["" if t is None else t.value for t in row])
        return out.getvalue()
    out.write("\t".join("?" + v for v in res.variables) + "\n")
    for row in res.rows:
        out.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    return out.getvalue()


def _json_term(t) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype and t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        d["datatype"] = t.datatype.value
    return d


def _short(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        from kg.vocab import PREFIXES

        for p, ns in PREFIXES.items():
            if t.value.startswith(ns) and re.fullmatch(r"[\w.-]*", t.value[len(ns) :]):
                return f"{p}:{t.value[len(ns) :]}"
        return f"<{t.value}>"
    return t.value


def strip_comments(sparql: str) -> str:
    """Remove ``#`` comments, leaving IRIs (``<…#…>``) and strings alone."""
    out: list[str] = []
    i, n = 0, len(sparql)
    while i < n:
        c = sparql[i]
        if c == "<":
            j = sparql.find(">", i)
            if j != -1 and not any(ch in " \n\t{}" for ch in sparql[i + 1 : j]):
                out.append(sparql[i : j + 1])
                i = j + 1
                continue
        elif c in "\"'":
            j = i + 1
            while j < n and sparql[j] != c and sparql[j] != "\n":
                j += 2 if sparql[j] == "\\" else 1
            out.append(sparql[i : j + 1])
            i = j + 1
            continue
        elif c == "#":
            j = sparql.find("\n", i)
            i = n if j == -1 else j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def update_keyword(sparql: str) -> str | None:
    """The SPARQL Update keyword a request starts with, if it is an update."""
    text = _PROLOGUE.sub("", strip_comments(sparql))
    m = re.match(r"\s*([A-Za-z]+)", text)
    if m and m.group(1).upper() in UPDATE_KEYWORDS:
        return m.group(1).upper()
    return None


def _one_line(msg: str, limit: int = 160) -> str:
    """Parser messages can list every expected character class; keep the start."""
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[: limit - 1].rstrip() + "…"


def check_read_only(sparql: str | None) -> str:
    """Raise :class:`QueryError` for an empty request or a SPARQL Update."""
    if not sparql or not sparql.strip():
        raise QueryError(Errors.QUERY_EMPTY)
    kw = update_keyword(sparql)
    if kw:
        raise QueryError(Errors.UPDATE_REFUSED.format(keyword=kw))
    return sparql


def run_query(
    store: KGStore, sparql: str, *, substitutions: dict[str, Any] | None = None
) -> QueryResult:
    """Run a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused."""
    check_read_only(sparql)
    subs = None
    if substitutions:
        subs = {ox.Variable(k): v for k, v in substitutions.items()}
    try:
        res = store.query(sparql, substitutions=subs) if subs else store.query(sparql)
    except SyntaxError as e:
        raise QueryError(
            Errors.QUERY_SYNTAX.format(reason=_one_line(str(e).removeprefix("error ")))
        ) from None
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryError(Errors.QUERY_FAILED.format(reason=str(e).splitlines()[0])) from None
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", [], [], boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        rows = [[sol[v] for v in variables] for sol in res]
        return QueryResult("select", variables, rows)
    return QueryResult("graph", [], [], triples=list(res))
