"""A SPARQL 1.1 endpoint (Protocol + Update) used where an embedded Oxigraph store would be.

:class:`RemoteStore` offers the part of ``pyoxigraph.Store``'s API the project uses
(``query``, ``update``, ``quads_for_pattern``, ``len``, ``flush``), so
:class:`kg.store.KGStore` and everything above it work unchanged against an
Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso or Amazon Neptune.

Endpoints: ``--store URL`` names the dataset. ``URL/query`` and ``URL/update``
are used (Oxigraph server, Fuseki datasets); a URL ending in ``/query`` or
``/sparql`` is the query endpoint itself and its ``/update`` sibling the update
endpoint; ``KG_UPDATE_URL`` overrides the update endpoint (GraphDB's
``/repositories/R/statements``, Neptune's single ``/sparql``).

The default graph must be the union of the named graphs, as in the embedded
store: requests carry Oxigraph's ``union-default-graph`` parameter; GraphDB,
Virtuoso and Neptune do this by default; for Fuseki set
``tdb2:unionDefaultGraph true`` on the dataset.

Only the standard library speaks HTTP here; nothing is downloaded.

>>> endpoints("http://127.0.0.1:7878")
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
>>> endpoints("http://localhost:3030/reform/sparql")
('http://localhost:3030/reform/sparql', 'http://localhost:3030/reform/update')
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from kg.errors import KGError
from kg.messages import Errors

__all__ = ["RemoteError", "RemoteStore", "endpoints", "is_remote"]

TIMEOUT = float(os.environ.get("KG_HTTP_TIMEOUT", "60"))


class RemoteError(KGError, RuntimeError):
    """The endpoint could not be reached or refused a request; one line for the user."""


def is_remote(location: str | None) -> bool:
    return bool(location) and str(location).startswith(("http://", "https://"))


def endpoints(url: str) -> tuple[str, str]:
    """(query endpoint, update endpoint) for a dataset URL."""
    base = url.rstrip("/")
    if base.endswith(("/query", "/sparql")):
        query = base
        update = base.rsplit("/", 1)[0] + "/update"
    else:
        query, update = base + "/query", base + "/update"
    return query, os.environ.get("KG_UPDATE_URL") or update


def _prologue(prefixes: Mapping[str, str] | None) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items())


class RemoteStore:
    """A SPARQL endpoint with the subset of ``pyoxigraph.Store``'s API the project uses."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.query_url, self.update_url = endpoints(url)

    # -- HTTP -----------------------------------------------------------------
    def _post(self, endpoint: str, fields: dict[str, str], accept: str) -> bytes:
        body = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(
            endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
                "User-Agent": "reform-kg",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else e.reason
            if e.code == 400:
                raise SyntaxError(reason) from None
            raise RemoteError(
                Errors.REMOTE_REFUSED.format(url=endpoint, code=e.code, reason=reason)
            ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteError(
                Errors.REMOTE_UNREACHABLE.format(url=self.url, reason=reason)
            ) from None

    # -- the pyoxigraph.Store subset ------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        substitutions: Mapping[ox.Variable, object] | None = None,
    ):
        text = _prologue(prefixes) + sparql
        if substitutions:
            values = " ".join(f"?{v.value}" for v in substitutions)
            row = " ".join(str(t) for t in substitutions.values())
            text += f"\nVALUES ({values}) {{ ({row}) }}"
        fields = {"query": text}
        if use_default_graph_as_union:
            fields["union-default-graph"] = ""
        data = self._post(
            self.query_url,
            fields,
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if data.lstrip().startswith(b"{"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*")

    def quads_for_pattern(self, s=None, p=None, o=None, g=None) -> Iterator[ox.Quad]:
        fixed = {"s": s, "p": p, "o": o, "g": g}
        pat = {k: (str(t) if t is not None else f"?{k}") for k, t in fixed.items()}
        wanted = [k for k, t in fixed.items() if t is None]
        head = " ".join(f"?{k}" for k in wanted) or "*"
        where = f"GRAPH {pat['g']} {{ {pat['s']} {pat['p']} {pat['o']} }}"
        if not wanted:
            where += " BIND(1 AS ?one)"
        for row in self.query(f"SELECT {head} WHERE {{ {where} }}"):
            t = {k: (fixed[k] if fixed[k] is not None else row[k]) for k in fixed}
            yield ox.Quad(t["s"], t["p"], t["o"], t["g"])

    def __len__(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(res))["n"].value)

    def flush(self) -> None:
        """Nothing to do: the server made each update durable before answering."""
