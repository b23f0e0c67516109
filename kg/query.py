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

from kg.errors import KGError
from kg.messages import Errors
from kg.store import KGStore
from kg.vocab import PREFIXES

__all__ = [
    "NamedQuery",
    "Param",
    "QueryError",
    "QueryResult",
    "check_read_only",
    "named_queries",
    "parse_named_query",
    "render_named_query",
    "run_query",
    "strip_comments",
    "unknown_terms",
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


class QueryError(KGError, ValueError):
    """A query that cannot run; ``str()`` is the one-line message."""


@dataclass
class QueryResult:
    kind: str  # "select", "ask" or "graph"
    variables: list[str]
    rows: list[list[Any]]  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list[Any] | None = None

    def serialize(self, fmt: str) -> str:
        """csv, tsv or json (SPARQL 1.1 results formats).

        A graph (CONSTRUCT, DESCRIBE) comes out as Turtle, as JSON-LD for ``json``,
        and as N-Triples for ``csv``/``tsv`` (one triple a line).
        """
        if self.kind == "graph":
            rdf_fmt = {
                "json": ox.RdfFormat.JSON_LD,
                "ntriples": ox.RdfFormat.N_TRIPLES,
                "csv": ox.RdfFormat.N_TRIPLES,
                "tsv": ox.RdfFormat.N_TRIPLES,
            }.get(fmt, ox.RdfFormat.TURTLE)
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


def _clean_syntax_message(msg: str, sparql: str) -> str:
    """pyoxigraph's parser lists every expected character class; say it in words."""
    msg = " ".join(msg.removeprefix("error ").split())
    m = re.match(r"at (\d+):(\d+): (.*)", msg)
    where, rest = (f"at {m.group(1)}:{m.group(2)}", m.group(3)) if m else ("", msg)
    rest = rest.split(", [")[0].split(", '")[0]
    rest = re.sub(
        r"^expected one of (?=[A-Z][a-z]+ [a-z])", "", rest
    )  # a sentence, not a token list
    if rest.startswith("Prefix not found") and m:
        line = sparql.splitlines()[int(m.group(1)) - 1] if sparql.splitlines() else ""
        col = int(m.group(2))
        found = re.findall(r"([A-Za-z][\w-]*)?:", line[: col + 1])
        name = (found[-1] if found else "") + ":"
        declared = ", ".join(p + ":" for p in PREFIXES)
        rest = f"unknown prefix {name} (declared for you: {declared})"
    text = f"{where}: {rest}" if where else rest
    return text if len(text) <= 240 else text[:239] + "…"


def _strip_strings(sparql: str) -> str:
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', sparql)


def unknown_terms(sparql: str) -> list[str]:
    """``rkg:`` terms in a query that the ontology does not define (likely typos).

    >>> unknown_terms("SELECT * WHERE { ?a rkg:prosecuterOf ?b . ?a rkg:funds ?c }")
    ['rkg:prosecuterOf']
    """
    from kg.vocab import RKG

    text = _strip_strings(strip_comments(sparql))
    out = []
    for term in re.findall(r"\brkg:([A-Za-z_][\w-]*)", text):
        try:
            getattr(RKG, term)
        except AttributeError:
            if f"rkg:{term}" not in out:
                out.append(f"rkg:{term}")
    return out


def check_read_only(sparql: str | None) -> str:
    """Raise :class:`QueryError` for an empty request or a SPARQL Update."""
    if not sparql or not sparql.strip():
        raise QueryError(Errors.QUERY_EMPTY)
    kw = update_keyword(sparql)
    if kw:
        raise QueryError(Errors.UPDATE_REFUSED.format(keyword=kw))
    if re.search(
        r"(?<![?$:\w])SERVICE\s+(?:SILENT\s+)?[<?$\w]", _strip_strings(strip_comments(sparql)), re.I
    ):
        raise QueryError(Errors.SERVICE_REFUSED)
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
            Errors.QUERY_SYNTAX.format(reason=_clean_syntax_message(str(e), sparql))
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


# -- named queries ------------------------------------------------------------
QUERIES_DIR = __import__("pathlib").Path(__file__).resolve().parent / "queries"
_PARAM_LINE = re.compile(
    r"#\s*param:\s*(?P<name>[a-z][a-z0-9_]*)\s*\((?P<kind>entity|article|date|integer|string)"
    r"(?:,\s*(?P<req>required)|,\s*default\s+(?P<default>[^)]+))?\)\s*:\s*(?P<doc>.*)"
)
PARAM_KINDS = ("entity", "article", "date", "integer", "string")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # one of PARAM_KINDS
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    """A query from ``kg/queries/NAME.rq``; its header says what it answers and its params.

    Header lines: ``# answers: …`` and ``# param: NAME (KIND[, required | , default V]): doc``.
    In the query, ``$NAME`` stands for the parameter; an optional parameter left out
    becomes ``UNDEF`` (so it is written inside ``VALUES ?NAME { $NAME }``).
    """

    name: str
    answers: str
    params: tuple[Param, ...]
    sparql: str

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_named_query(name: str, text: str) -> NamedQuery:
    answers = ""
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.lower().startswith("# answers:"):
            answers = line.split(":", 1)[1].strip()
        m = _PARAM_LINE.match(line)
        if m:
            params.append(
                Param(
                    m["name"],
                    m["kind"],
                    bool(m["req"]),
                    m["default"].strip() if m["default"] else None,
                    m["doc"].strip(),
                )
            )
    return NamedQuery(name, answers, tuple(params), text)


def named_queries(directory: str | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name (the file's stem)."""
    from pathlib import Path

    d = Path(directory) if directory else QUERIES_DIR
    return {
        p.stem: parse_named_query(p.stem, p.read_text(encoding="utf-8"))
        for p in sorted(d.glob("*.rq"))
    }


def _term(param: Param, value: str, store: KGStore) -> str:
    """The SPARQL text of one parameter value, checked and escaped."""
    if param.kind == "entity":
        from kg.profile import resolve_entity

        return f"<{resolve_entity(store, value)}>"
    if param.kind == "article":
        return f"<{store.resolve_article(value).iri}>"
    if param.kind == "date":
        from kg.articles import check_date

        iso = check_date(value)
        if iso is None or len(value.strip()) != 10:
            raise QueryError(
                Errors.BAD_PARAM_VALUE.format(name=param.name, value=value, kind="date")
            )
        return f'"{iso}"^^xsd:date'
    if param.kind == "integer":
        if not re.fullmatch(r"\d{1,9}", value.strip()):
            raise QueryError(
                Errors.BAD_PARAM_VALUE.format(name=param.name, value=value, kind="integer")
            )
        return str(int(value))
    return str(ox.Literal(value))


def render_named_query(q: NamedQuery, values: dict[str, str], store: KGStore) -> str:
    """The query's SPARQL with every ``$param`` replaced by its value (or UNDEF)."""
    for key in values:
        if q.param(key) is None:
            known = ", ".join(p.name for p in q.params) or "none"
            raise QueryError(Errors.UNKNOWN_PARAM.format(name=key, query=q.name, known=known))
    terms: dict[str, str] = {}
    for p in q.params:
        if p.name in values:
            terms[p.name] = _term(p, values[p.name], store)
        elif p.default is not None:
            terms[p.name] = _term(p, p.default, store)
        elif p.required:
            raise QueryError(Errors.MISSING_PARAM.format(name=p.name, query=q.name, doc=p.doc))
        else:
            terms[p.name] = "UNDEF"
    body = "\n".join(line for line in q.sparql.splitlines() if not line.startswith("#"))
    return re.sub(r"\$([a-z][a-z0-9_]*)\b", lambda m: terms.get(m.group(1), m.group(0)), body)
